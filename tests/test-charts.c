/* test-charts.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The charts renderer: chart specs as JSON (round trip, errors naming the JSON path,
 * validation), axis ticks and number formats, every kind drawn with ink where the data says
 * (sampled pixels), degenerate data that must not crash, exports that other programs accept,
 * and SVG ids that stay unique when several charts share a page.
 *
 * Set VERSUS_CHART_GALLERY=DIR to also write every kind, light and dark, as PNG/SVG/PDF there.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "vs-chart-axis.h"
#include "vs-chart-export.h"
#include "vs-chart-palette.h"
#include "vs-chart-private.h"
#include "vs-chart-render.h"
#include "vs-chart-spec.h"
#include "vs-error.h"
#include "vs-test-util.h"

#define W 800
#define H 500

/* Sample charts, one per kind, with data like the Compare dashboard's. */

static VsChartSpec *
sample_bars (void)
{
  VsChartSpec *spec = vs_chart_spec_new (VS_CHART_KIND_BARS);
  const char  *metrics[] = { "Exact match", "JSON valid", "Label accuracy" };
  const char  *names[]
      = { "Base + engineered prompt", "Fine-tuned + short prompt", "Fine-tuned + engineered" };
  double rates[3][3] = { { 0.62, 0.91, 0.70 }, { 0.81, 0.97, 0.84 }, { 0.84, 0.96, 0.86 } };

  vs_chart_spec_set_title (spec, "Pass rate by metric");
  vs_chart_spec_set_subtitle (spec, "200 held-out cases, 95% Wilson intervals");
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_Y, "Pass rate", NULL);
  vs_chart_spec_set_axis_percent (spec, VS_CHART_AXIS_Y, TRUE);
  vs_chart_spec_set_interval_label (spec, "95% Wilson interval");
  for (guint i = 0; i < 3; i++)
    vs_chart_spec_add_category (spec, metrics[i]);
  for (guint s = 0; s < 3; s++)
    {
      VsChartSeries *series = vs_chart_spec_add_series (spec, names[s]);

      for (guint i = 0; i < 3; i++)
        {
          double p = rates[s][i], half = 1.96 * sqrt (p * (1 - p) / 200);

          vs_chart_series_add_interval (series, p, MAX (p - half, 0), MIN (p + half, 1));
        }
    }
  return spec;
}

static VsChartSpec *
sample_paired (void)
{
  VsChartSpec   *spec = vs_chart_spec_new (VS_CHART_KIND_PAIRED_SCATTER);
  VsChartSeries *series;

  vs_chart_spec_set_title (spec, "Per-case score: fine-tuned vs base");
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_X, "Base + prompt", NULL);
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_Y, "Fine-tuned", NULL);
  series = vs_chart_spec_add_series (spec, "ROUGE-L");
  for (guint i = 0; i < 60; i++)
    {
      double a = fmod (i * 0.137 + 0.2, 0.8) + 0.1;
      double b = CLAMP (a + 0.12 * sin (i * 1.7) + 0.05, 0, 1);

      vs_chart_series_add_xy (series, round (a * 100) / 100, round (b * 100) / 100);
    }
  vs_chart_series_add_xy (series, 1, 1);
  vs_chart_series_add_xy (series, 1, 1);
  vs_chart_series_add_xy (series, 1, 1);
  return spec;
}

static VsChartSpec *
sample_confusion (void)
{
  VsChartSpec *spec = vs_chart_spec_new (VS_CHART_KIND_CONFUSION);
  const char  *labels[] = { "billing", "technical", "account", "other" };
  double counts[4][4] = { { 52, 3, 4, 1 }, { 2, 61, 6, 3 }, { 7, 5, 38, 0 }, { 4, 2, 1, 11 } };

  vs_chart_spec_set_title (spec, "Confusion matrix: fine-tuned model");
  for (guint i = 0; i < 4; i++)
    vs_chart_spec_add_category (spec, labels[i]);
  for (guint r = 0; r < 4; r++)
    {
      VsChartSeries *row = vs_chart_spec_add_series (spec, labels[r]);

      for (guint k = 0; k < 4; k++)
        vs_chart_series_add (row, counts[r][k]);
    }
  return spec;
}

static VsChartSpec *
sample_latency (VsChartLatencyMode mode)
{
  VsChartSpec *spec = vs_chart_spec_new (VS_CHART_KIND_LATENCY);
  const char  *names[] = { "gpt-4o + long prompt", "ft:gpt-4o-mini", "llama3 8B (local)" };
  double       base[] = { 900, 350, 1400 };

  vs_chart_spec_set_title (spec, "Latency per request");
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_Y, "Latency", "ms");
  vs_chart_spec_set_latency_mode (spec, mode);
  for (guint s = 0; s < 3; s++)
    {
      VsChartSeries *series = vs_chart_spec_add_series (spec, names[s]);

      for (guint i = 0; i < 200; i++)
        {
          double u = (i + 0.5) / 200.0;

          vs_chart_series_add (series, base[s] * (0.6 + 0.8 * u + 1.5 * pow (u, 12)));
        }
    }
  return spec;
}

static VsChartSpec *
sample_cost_quality (void)
{
  VsChartSpec *spec = vs_chart_spec_new (VS_CHART_KIND_COST_QUALITY);
  const char  *names[] = { "gpt-4o + prompt", "gpt-4o-mini + prompt", "ft:gpt-4o-mini",
                           "ft:gpt-4o-mini + prompt", "llama3 8B" };
  double       cost[] = { 12.5, 0.9, 1.4, 2.2, 0.3 };
  double       quality[] = { 0.86, 0.71, 0.84, 0.83, 0.55 };

  vs_chart_spec_set_title (spec, "Cost vs quality");
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_X, "Cost per 1,000 cases", "USD");
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_Y, "Pass rate", NULL);
  vs_chart_spec_set_axis_percent (spec, VS_CHART_AXIS_Y, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    vs_chart_series_add_xy (vs_chart_spec_add_series (spec, names[i]), cost[i], quality[i]);
  return spec;
}

static VsChartSpec *
sample_breakeven (void)
{
  VsChartSpec   *spec = vs_chart_spec_new (VS_CHART_KIND_BREAKEVEN);
  VsChartSeries *prompt, *tuned;

  vs_chart_spec_set_title (spec, "When does fine-tuning pay off?");
  vs_chart_spec_set_subtitle (spec, "Training $50 once; then a shorter prompt per request");
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_X, "Monthly volume", "requests");
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_Y, "Total cost", "USD");
  prompt = vs_chart_spec_add_series (spec, "Base + engineered prompt");
  tuned = vs_chart_spec_add_series (spec, "Fine-tuned + short prompt");
  for (guint i = 0; i <= 10; i++)
    {
      double v = i * 1000;

      vs_chart_series_add_xy (prompt, v, 0.02 * v);
      vs_chart_series_add_xy (tuned, v, 50 + 0.005 * v);
    }
  return spec;
}

static VsChartSpec *
sample_loss (void)
{
  VsChartSpec   *spec = vs_chart_spec_new (VS_CHART_KIND_LOSS);
  VsChartSeries *train, *valid;

  vs_chart_spec_set_title (spec, "Training loss");
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_X, "Step", NULL);
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_Y, "Loss", NULL);
  train = vs_chart_spec_add_series (spec, "Training");
  valid = vs_chart_spec_add_series (spec, "Validation");
  for (guint i = 0; i <= 100; i++)
    {
      double step = i * 10;

      vs_chart_series_add_xy (train, step, 0.25 + 2.0 * exp (-step / 180) + 0.04 * sin (i));
      if (i % 10 == 0)
        vs_chart_series_add_xy (valid, step,
                                0.38 + 2.0 * exp (-step / 200)
                                    + 0.00000035 * pow (step - 300, 2) * (step > 300));
    }
  return spec;
}

static VsChartSpec *
sample (VsChartKind kind)
{
  switch (kind)
    {
    case VS_CHART_KIND_BARS:
      return sample_bars ();
    case VS_CHART_KIND_PAIRED_SCATTER:
      return sample_paired ();
    case VS_CHART_KIND_CONFUSION:
      return sample_confusion ();
    case VS_CHART_KIND_LATENCY:
      return sample_latency (VS_CHART_LATENCY_BOX);
    case VS_CHART_KIND_COST_QUALITY:
      return sample_cost_quality ();
    case VS_CHART_KIND_BREAKEVEN:
      return sample_breakeven ();
    case VS_CHART_KIND_LOSS:
    default:
      return sample_loss ();
    }
}

/* Pixels */

typedef struct
{
  cairo_surface_t *surface;
  VsChartGeometry  geometry;
  gboolean         dark;
} Drawn;

static void
drawn_free (Drawn *d)
{
  cairo_surface_destroy (d->surface);
  vs_chart_geometry_clear (&d->geometry);
  g_free (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Drawn, drawn_free)

static Drawn *
draw (VsChartSpec *spec, double width, double height, gboolean dark)
{
  Drawn       *d = g_new0 (Drawn, 1);
  VsChartStyle style;
  cairo_t     *cr;

  vs_chart_style_init (&style, dark);
  d->dark = dark;
  d->surface
      = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX ((int)width, 1), MAX ((int)height, 1));
  cr = cairo_create (d->surface);
  vs_chart_render_full (spec, cr, width, height, &style, &d->geometry);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (d->surface);
  return d;
}

static VsChartColor
pixel (Drawn *d, double x, double y)
{
  int           ix = (int)floor (x), iy = (int)floor (y);
  int           stride = cairo_image_surface_get_stride (d->surface);
  const guint8 *data = cairo_image_surface_get_data (d->surface);
  guint32       v;
  VsChartColor  c;

  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, cairo_image_surface_get_width (d->surface));
  g_assert_cmpint (iy, <, cairo_image_surface_get_height (d->surface));
  v = *(const guint32 *)(data + iy * stride + ix * 4);
  c.red = ((v >> 16) & 0xff) / 255.0;
  c.green = ((v >> 8) & 0xff) / 255.0;
  c.blue = (v & 0xff) / 255.0;
  return c;
}

static double
distance (const VsChartColor *a, const VsChartColor *b)
{
  return fabs (a->red - b->red) + fabs (a->green - b->green) + fabs (a->blue - b->blue);
}

/* Background or grid. */
static gboolean
is_background (Drawn *d, double x, double y)
{
  VsChartColor c = pixel (d, x, y);

  /* grid lines are not data */
  return distance (&c, vs_chart_palette_background (d->dark)) < 0.03
         || distance (&c, vs_chart_palette_grid (d->dark)) < 0.03;
}

/* Share of non-background pixels in a rectangle. */
static double
ink_share (Drawn *d, double x, double y, double w, double h)
{
  guint total = 0, inked = 0;

  for (double yy = y; yy < y + h; yy += 1)
    for (double xx = x; xx < x + w; xx += 1)
      {
        total++;
        inked += !is_background (d, xx, yy);
      }
  return total > 0 ? (double)inked / total : 0;
}

static double
map_x (const VsChartGeometry *g, double v)
{
  return g->plot_x + (v - g->x_min) / (g->x_max - g->x_min) * g->plot_width;
}

static double
map_y (const VsChartGeometry *g, double v)
{
  return g->plot_y + g->plot_height - (v - g->y_min) / (g->y_max - g->y_min) * g->plot_height;
}

/* Ticks and numbers */

static gboolean
is_nice (double step)
{
  double m = step / pow (10, floor (log10 (step)));

  return fabs (m - 1) < 1e-9 || fabs (m - 2) < 1e-9 || fabs (m - 5) < 1e-9;
}

static void
test_ticks (void)
{
  VsChartTicks t;
  struct
  {
    double lo, hi;
    guint  target;
  } cases[] = {
    { 0, 1, 5 },           { 0, 97, 5 },    { -3.2, 7.9, 6 }, { 3, 3, 5 },
    { 0, 0, 5 },           { 12, 1, 4 },    { 0, 1e9, 5 },    { 0.0001, 0.00037, 4 },
    { -1e300, 1e300, 5 },  { NAN, NAN, 5 }, { NAN, 4, 5 },    { -INFINITY, INFINITY, 5 },
    { 1e-300, 2e-300, 5 }, { 0, 1, 0 },
  };

  vs_chart_ticks (0, 1, 5, &t);
  g_assert_cmpfloat (t.min, ==, 0);
  g_assert_cmpfloat_with_epsilon (t.max, 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (t.step, 0.2, 1e-12);
  g_assert_cmpuint (t.n, ==, 6);

  vs_chart_ticks (0, 97, 5, &t);
  g_assert_cmpfloat (t.step, ==, 20);
  g_assert_cmpfloat (t.max, ==, 100);

  vs_chart_ticks (-3.2, 7.9, 6, &t);
  g_assert_cmpfloat (t.step, ==, 2);
  g_assert_cmpfloat (t.min, ==, -4);
  g_assert_cmpfloat (t.max, ==, 8);
  /* the tick nearest zero is exactly zero, not 4.4e-16 */
  g_assert_cmpfloat (vs_chart_ticks_get (&t, 2), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      vs_chart_ticks (cases[i].lo, cases[i].hi, cases[i].target, &t);
      g_assert_true (isfinite (t.min) && isfinite (t.max) && isfinite (t.step));
      g_assert_cmpfloat (t.step, >, 0);
      g_assert_cmpfloat (t.max, >, t.min);
      g_assert_cmpuint (t.n, >=, 2);
      g_assert_cmpuint (t.n, <=, 60);
      g_assert_true (is_nice (t.step));
      if (isfinite (cases[i].lo) && isfinite (cases[i].hi) && fabs (cases[i].hi) < 1e200)
        {
          g_assert_cmpfloat (t.min, <=, MIN (cases[i].lo, cases[i].hi));
          g_assert_cmpfloat (t.max, >=, MAX (cases[i].lo, cases[i].hi));
        }
    }
  /* a single positive value keeps a non-negative axis */
  vs_chart_ticks (3, 3, 5, &t);
  g_assert_cmpfloat (t.min, >=, 0);
}

static void
test_format (void)
{
  struct
  {
    double      v, step;
    const char *expected;
  } numbers[] = {
    { 0.30000000000000004, 0.1, "0.3" },
    { 12000, 1000, "12k" },
    { 1.5e6, 5e5, "1.5M" },
    { 2e9, 1e9, "2G" },
    { -0.00001, 0.1, "0.0" },
    { -2, 1, "−2" },
    { 40, 20, "40" },
    { 0.05, 0.01, "0.05" },
    { NAN, 1, "–" },
  };
  struct
  {
    double      v;
    gboolean    percent;
    const char *unit;
    const char *expected;
  } values[] = {
    { 0.823, TRUE, NULL, "82%" },
    { 0.0712, TRUE, NULL, "7.1%" },
    { 120, FALSE, "ms", "120 ms" },
    { 0.42, FALSE, "USD", "$0.42" },
    { 3333.33, FALSE, "requests", "3333 requests" },
    { 125000, FALSE, NULL, "125k" },
    { INFINITY, FALSE, NULL, "–" },
    { 1, TRUE, NULL, "100%" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *text = vs_chart_format_number (numbers[i].v, numbers[i].step);

      g_assert_cmpstr (text, ==, numbers[i].expected);
    }
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *text
          = vs_chart_format_value (values[i].v, values[i].percent, values[i].unit);

      g_assert_cmpstr (text, ==, values[i].expected);
    }
}

/* Spec JSON */

static void
test_spec_round_trip (void)
{
  for (VsChartKind kind = 0; kind < VS_CHART_N_KINDS; kind++)
    {
      g_autoptr (VsChartSpec) spec = sample (kind);
      g_autofree char *json = vs_chart_spec_to_json (spec, TRUE);
      g_autoptr (GError) error = NULL;
      g_autoptr (VsChartSpec) back = vs_chart_spec_new_from_json (json, -1, &error);
      g_autofree char *again = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (back);
      again = vs_chart_spec_to_json (back, TRUE);
      g_assert_cmpstr (json, ==, again);
      g_assert_cmpint (vs_chart_spec_get_kind (back), ==, kind);
      g_assert_cmpstr (vs_chart_spec_get_title (back), ==, vs_chart_spec_get_title (spec));
      g_assert_cmpuint (vs_chart_spec_get_n_series (back), ==, vs_chart_spec_get_n_series (spec));
      g_assert_true (vs_chart_spec_validate (back, NULL));
    }

  {
    /* NaN is written as null and read back as NaN; labels, intervals and axes survive */
    g_autoptr (VsChartSpec) spec = sample_bars ();
    VsChartSeries   *series = vs_chart_spec_get_series (spec, 0);
    g_autofree char *json = NULL;
    g_autoptr (VsChartSpec) back = NULL;
    g_autofree char *dir = vs_test_tmpdir_new ();
    g_autofree char *path = g_build_filename (dir, "chart.json", NULL);
    g_autoptr (GError) error = NULL;

    g_array_index (series->y, double, 1) = NAN;
    g_array_index (series->lower, double, 1) = NAN;
    g_array_index (series->upper, double, 1) = NAN;
    vs_chart_series_set_last_label (series, "last");
    json = vs_chart_spec_to_json (spec, FALSE);
    g_assert_nonnull (strstr (json, "null"));
    g_assert_true (vs_chart_spec_save_file (spec, path, &error));
    g_assert_no_error (error);
    back = vs_chart_spec_load_file (path, &error);
    g_assert_no_error (error);
    series = vs_chart_spec_get_series (back, 0);
    g_assert_true (isnan (vs_chart_series_get_y (series, 1)));
    g_assert_cmpfloat_with_epsilon (vs_chart_series_get_y (series, 2), 0.70, 1e-12);
    g_assert_true (vs_chart_series_has_interval (series));
    g_assert_cmpstr (vs_chart_series_get_label (series, 2), ==, "last");
    g_assert_null (vs_chart_series_get_label (series, 0));
    g_assert_true (vs_chart_spec_get_axis (back, VS_CHART_AXIS_Y)->percent);
    g_assert_cmpstr (vs_chart_spec_get_interval_label (back), ==, "95% Wilson interval");
    vs_test_tmpdir_free (g_steal_pointer (&dir));
  }
}

static void
test_spec_parse_errors (void)
{
  struct
  {
    const char *json;
    const char *says;
  } cases[] = {
    { "[1, 2]", "top level" },
    { "{\"series\": []}", "kind: missing" },
    { "{\"kind\": \"pie\"}", "“pie” is not a chart kind" },
    { "{\"kind\": 3}", "kind: expected a string, got a number" },
    { "{\"kind\": \"bars\", \"title\": 5}", "title: expected a string" },
    { "{\"kind\": \"bars\", \"x_axis\": {\"percent\": \"yes\"}}", "x_axis.percent: expected true" },
    { "{\"kind\": \"bars\", \"y_axis\": {\"min\": \"0\"}}", "y_axis.min: expected a number" },
    { "{\"kind\": \"bars\", \"categories\": [\"a\", 2]}", "categories[1]: expected a string" },
    { "{\"kind\": \"bars\", \"series\": {}}", "series: expected an array" },
    { "{\"kind\": \"bars\", \"series\": [{\"name\": \"a\", \"values\": [1]}, "
      "{\"name\": \"b\", \"values\": [1, 2, \"x\"]}]}",
      "series[1].values[2]: expected a number or null, got a string" },
    { "{\"kind\": \"bars\", \"series\": [{\"name\": \"a\"}]}", "series[0]: \"values\" is missing" },
    { "{\"kind\": \"bars\", \"series\": [{\"values\": [1], \"labels\": [true]}]}",
      "series[0].labels[0]: expected a string or null, got a boolean" },
    { "{\"kind\": \"latency\", \"latency_mode\": \"violin\"}", "latency_mode" },
    { "{\"kind\": ", "" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (VsChartSpec) spec = vs_chart_spec_new_from_json (cases[i].json, -1, &error);

      g_assert_null (spec);
      g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].says);
    }
}

static void
test_spec_validation (void)
{
  struct
  {
    const char *json;
    const char *says;
  } cases[] = {
    { "{\"kind\": \"bars\", \"categories\": [\"a\", \"b\"], \"series\": [{\"name\": \"Base\", "
      "\"values\": [0.5]}]}",
      "“Base” has 1 values but the chart has 2 categories" },
    { "{\"kind\": \"bars\", \"categories\": [\"a\"], \"series\": [{\"name\": \"Base\", "
      "\"values\": [0.5], \"lower\": [0.6], \"upper\": [0.4]}]}",
      "lower bound (0.6) is above" },
    { "{\"kind\": \"bars\", \"categories\": [\"a\"], \"series\": [{\"name\": \"Base\", "
      "\"values\": [0.5], \"lower\": [0.1]}]}",
      "give both or neither" },
    { "{\"kind\": \"bars\", \"categories\": [\"a\"], \"series\": [{\"name\": \"Base\", "
      "\"values\": [0.9], \"lower\": [0.1], \"upper\": [0.4]}]}",
      "outside its interval" },
    { "{\"kind\": \"confusion-matrix\", \"categories\": [\"a\", \"b\"], \"series\": "
      "[{\"name\": \"a\", \"values\": [1, 2]}]}",
      "one row (series) per class" },
    { "{\"kind\": \"confusion-matrix\", \"categories\": [\"a\"], \"series\": "
      "[{\"name\": \"a\", \"values\": [-1]}]}",
      "cannot be negative" },
    { "{\"kind\": \"paired-scatter\", \"series\": [{\"name\": \"s\", \"values\": [1, 2]}]}",
      "needs x positions" },
    { "{\"kind\": \"cost-quality\", \"series\": [{\"name\": \"s\", \"values\": [1, 2], "
      "\"x\": [1]}]}",
      "1 x positions for 2 values" },
    { "{\"kind\": \"latency\", \"series\": [{\"name\": \"s\", \"values\": [10, -2]}]}",
      "latency cannot be negative" },
    { "{\"kind\": \"loss-curves\", \"y_axis\": {\"min\": 2, \"max\": 1}, \"series\": []}",
      "minimum must be below its maximum" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (VsChartSpec) spec = vs_chart_spec_new_from_json (cases[i].json, -1, &error);

      g_assert_no_error (error);
      g_assert_false (vs_chart_spec_validate (spec, &error));
      g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].says);
    }
}

/* Rendering */

static void
test_render_every_kind (void)
{
  for (VsChartKind kind = 0; kind < VS_CHART_N_KINDS; kind++)
    for (int dark = 0; dark <= 1; dark++)
      {
        g_autoptr (VsChartSpec) spec = sample (kind);
        g_autoptr (Drawn) d = draw (spec, W, H, dark);
        const VsChartGeometry *g = &d->geometry;

        g_assert_true (g->has_plot);
        g_assert_null (g->message);
        g_assert_cmpfloat (g->plot_x, >, 0);
        g_assert_cmpfloat (g->plot_y, >, 0);
        g_assert_cmpfloat (g->plot_x + g->plot_width, <=, W);
        g_assert_cmpfloat (g->plot_y + g->plot_height, <=, H);
        g_assert_cmpfloat (g->plot_width, >, W / 3);
        g_assert_cmpfloat (g->plot_height, >, H / 3);
        /* data is drawn in the plot, and the title above it */
        g_assert_cmpfloat (ink_share (d, g->plot_x, g->plot_y, g->plot_width, g->plot_height), >,
                           0.01);
        g_assert_cmpfloat (ink_share (d, 0, 0, W, g->plot_y), >, 0.005);
      }

  {
    g_autoptr (VsChartSpec) spec = sample_latency (VS_CHART_LATENCY_HISTOGRAM);
    g_autoptr (Drawn) d = draw (spec, W, H, FALSE);

    g_assert_true (d->geometry.has_plot);
  }
}

static void
test_render_bars (void)
{
  g_autoptr (VsChartSpec) spec = sample_bars ();
  g_autoptr (Drawn) d = draw (spec, W, H, FALSE);
  const VsChartGeometry *g = &d->geometry;
  const VsChartColor    *blue = vs_chart_palette_series (0);
  double                 group = g->plot_width / 3;
  double                 bar = group * 0.8 / 3;
  /* category 1 ("JSON valid"), series 0: 0.91 */
  double       x = g->plot_x + group + group * 0.1 + bar / 2;
  VsChartColor c;

  /* percent bars start at zero and end at 100% */
  g_assert_cmpfloat (g->y_min, ==, 0);
  g_assert_cmpfloat_with_epsilon (g->y_max, 1, 1e-9);
  g_assert_cmpfloat (g->x_max, ==, 3);

  c = pixel (d, x, map_y (g, 0.45));
  g_assert_cmpfloat (distance (&c, blue), <, 0.05);
  c = pixel (d, x - bar * 0.3, map_y (g, 0.3));
  g_assert_cmpfloat (distance (&c, blue), <, 0.05);
  /* above the whisker's top it is background again (between the value label and 100%) */
  g_assert_true (is_background (d, x - bar * 0.4, map_y (g, 0.995)));
  /* the orange bar (series 1) shows orange under its hatching */
  {
    const VsChartColor *orange = vs_chart_palette_series (1);
    double              xo = g->plot_x + group + group * 0.1 + bar * 1.5;
    guint               hits = 0;

    for (guint i = 0; i < 20; i++)
      {
        c = pixel (d, xo - bar * 0.3 + i * bar * 0.03, map_y (g, 0.4));
        hits += distance (&c, orange) < 0.05;
      }
    g_assert_cmpuint (hits, >=, 5);
  }
}

static void
test_render_bars_negative_and_nan (void)
{
  g_autoptr (VsChartSpec) spec = vs_chart_spec_new (VS_CHART_KIND_BARS);
  VsChartSeries *series;
  g_autoptr (Drawn) d = NULL;
  const VsChartGeometry *g;
  double                 group;

  vs_chart_spec_add_category (spec, "a");
  vs_chart_spec_add_category (spec, "b");
  vs_chart_spec_add_category (spec, "c");
  series = vs_chart_spec_add_series (spec, "delta");
  vs_chart_series_add (series, 5);
  vs_chart_series_add (series, NAN);
  vs_chart_series_add (series, -3);
  d = draw (spec, W, H, FALSE);
  g = &d->geometry;
  group = g->plot_width / 3;

  g_assert_true (g->has_plot);
  g_assert_cmpfloat (g->y_min, <, 0);
  g_assert_cmpfloat (g->y_max, >=, 5);
  g_assert_cmpuint (g->n_hidden, ==, 1);
  g_assert_nonnull (strstr (g->message, "1 value is missing"));
  /* the missing bar's slot is empty above the baseline ("n/a" sits on the baseline) */
  g_assert_cmpfloat (ink_share (d, g->plot_x + group * 1.2, map_y (g, 4.5), group * 0.6,
                                map_y (g, 1) - map_y (g, 4.5)),
                     <, 0.01);
  /* the negative bar hangs below zero */
  {
    VsChartColor c = pixel (d, g->plot_x + group * 2.5, map_y (g, -1.5));

    g_assert_cmpfloat (distance (&c, vs_chart_palette_series (0)), <, 0.05);
  }
}

static void
test_render_paired_diagonal (void)
{
  g_autoptr (VsChartSpec) spec = vs_chart_spec_new (VS_CHART_KIND_PAIRED_SCATTER);
  VsChartSeries *series = vs_chart_spec_add_series (spec, "scores");
  g_autoptr (Drawn) d = NULL;
  const VsChartGeometry *g;
  guint                  inked = 0;

  /* points far from the diagonal so they cannot be mistaken for it */
  vs_chart_series_add_xy (series, 0.1, 0.9);
  vs_chart_series_add_xy (series, 0.9, 0.1);
  vs_chart_spec_set_axis_percent (spec, VS_CHART_AXIS_X, TRUE);
  d = draw (spec, W, H, FALSE);
  g = &d->geometry;

  g_assert_true (g->has_plot);
  /* same scale both ways, in a square plot */
  g_assert_cmpfloat (g->x_min, ==, g->y_min);
  g_assert_cmpfloat (g->x_max, ==, g->y_max);
  g_assert_cmpfloat_with_epsilon (g->plot_width, g->plot_height, 1e-6);

  for (guint i = 0; i < 40; i++)
    {
      double v = 0.3 + 0.4 * i / 39.0;
      double x = map_x (g, v), y = map_y (g, v);

      inked += !is_background (d, x, y) || !is_background (d, x + 1, y)
               || !is_background (d, x, y + 1);
    }
  g_assert_cmpuint (inked, >=, 24); /* dashed: most samples hit ink */
  /* off the diagonal, away from the points, it is empty */
  g_assert_true (is_background (d, map_x (g, 0.7), map_y (g, 0.35)));
  /* the points are where their scores say */
  {
    VsChartColor c = pixel (d, map_x (g, 0.1), map_y (g, 0.9));

    g_assert_false (is_background (d, map_x (g, 0.1), map_y (g, 0.9)));
    g_assert_cmpfloat (c.blue, >, c.red);
  }
}

static void
test_render_nan_stays_inside (void)
{
  g_autoptr (VsChartSpec) spec = vs_chart_spec_new (VS_CHART_KIND_LOSS);
  VsChartSeries *series = vs_chart_spec_add_series (spec, "Training");
  g_autoptr (Drawn) d = NULL;
  const VsChartGeometry *g;
  double                 values[] = { 1.9, NAN, INFINITY, 1.2, -INFINITY, 0.8, NAN };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    vs_chart_series_add_xy (series, i * 10, values[i]);
  vs_chart_series_add_xy (series, NAN, 0.5);
  vs_chart_series_add_xy (series, INFINITY, 0.5);
  d = draw (spec, W, H, FALSE);
  g = &d->geometry;

  g_assert_true (g->has_plot);
  g_assert_cmpuint (g->n_hidden, ==, 6);
  g_assert_cmpfloat (g->y_max, <, 10);
  g_assert_cmpfloat (g->x_max, <=, 60);
  /* nothing runs off the plot: the band just above it and the band to its right are empty */
  g_assert_cmpfloat (ink_share (d, g->plot_x + 2, g->plot_y - 6, g->plot_width - 4, 4), ==, 0);
  if (g_getenv ("VERSUS_CHART_GALLERY") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("VERSUS_CHART_GALLERY"), "nan.png", NULL);

      cairo_surface_write_to_png (d->surface, path);
    }
  /* (markers on the edge may overhang it by their radius) */
  g_assert_cmpfloat (ink_share (d, g->plot_x + g->plot_width + 6, g->plot_y,
                                W - g->plot_x - g->plot_width - 7, g->plot_height),
                     ==, 0);
  g_assert_nonnull (strstr (g->message, "6 values are missing or not finite"));
}

static void
test_render_confusion_contrast (void)
{
  g_autoptr (VsChartSpec) spec = sample_confusion ();
  g_autoptr (Drawn) d = draw (spec, W, H, FALSE);
  const VsChartGeometry *g = &d->geometry;
  double                 cell = g->plot_width / 4;
  VsChartColor           diag, off;

  g_assert_cmpfloat_with_epsilon (g->plot_width, g->plot_height, 1e-6);
  /* a strong diagonal cell is dark blue, a rare confusion is pale */
  diag = pixel (d, g->plot_x + cell * 1.15, g->plot_y + cell * 1.85);
  off = pixel (d, g->plot_x + cell * 3.15, g->plot_y + cell * 2.85);
  g_assert_cmpfloat (diag.red, <, 0.3);
  g_assert_cmpfloat (off.red, >, 0.8);
  /* the count in the dark cell is written in light ink, the pale cell's in dark ink */
  {
    guint light = 0, dark = 0;

    for (double y = g->plot_y + cell * 1.25; y < g->plot_y + cell * 1.75; y += 1)
      for (double x = g->plot_x + cell * 1.25; x < g->plot_x + cell * 1.75; x += 1)
        {
          VsChartColor c = pixel (d, x, y);

          light += c.red > 0.8 && c.green > 0.8;
        }
    for (double y = g->plot_y + cell * 2.25; y < g->plot_y + cell * 2.75; y += 1)
      for (double x = g->plot_x + cell * 3.25; x < g->plot_x + cell * 3.75; x += 1)
        {
          VsChartColor c = pixel (d, x, y);

          dark += c.red < 0.3 && c.green < 0.3;
        }
    g_assert_cmpuint (light, >, 10);
    g_assert_cmpuint (dark, >, 10);
  }
}

static void
test_render_degenerate (void)
{
  const char      *long_label = NULL;
  g_autofree char *long_text = g_strnfill (600, 'W');
  struct
  {
    const char *json;
    gboolean    plot;
    const char *says;
  } cases[] = {
    { "{\"kind\": \"bars\"}", FALSE, "No data" },
    { "{\"kind\": \"bars\", \"series\": [{\"name\": \"a\", \"values\": []}]}", FALSE,
      "No categories" },
    { "{\"kind\": \"bars\", \"categories\": [\"x\"], \"series\": [{\"name\": \"a\", "
      "\"values\": [null]}]}",
      FALSE, "every value is missing" },
    { "{\"kind\": \"bars\", \"categories\": [\"x\"], \"series\": [{\"name\": \"a\", "
      "\"values\": [0]}]}",
      TRUE, NULL },
    { "{\"kind\": \"bars\", \"categories\": [\"x\", \"y\"], \"series\": [{\"name\": \"a\", "
      "\"values\": [1]}]}",
      FALSE, "cannot be drawn" },
    { "{\"kind\": \"paired-scatter\", \"series\": [{\"name\": \"a\", \"values\": [0.5], "
      "\"x\": [0.5]}]}",
      TRUE, NULL },
    { "{\"kind\": \"paired-scatter\", \"series\": [{\"name\": \"a\", \"values\": [null], "
      "\"x\": [0.5]}]}",
      FALSE, "No cases" },
    { "{\"kind\": \"confusion-matrix\", \"categories\": [\"a\"], \"series\": [{\"name\": "
      "\"a\", \"values\": [0]}]}",
      FALSE, "No cases were counted" },
    { "{\"kind\": \"confusion-matrix\", \"categories\": [\"a\", \"b\"], \"series\": "
      "[{\"name\": \"a\", \"values\": [1e12, 3e11]}, {\"name\": \"b\", \"values\": [0, 0]}]}",
      TRUE, NULL },
    { "{\"kind\": \"latency\", \"series\": [{\"name\": \"a\", \"values\": [5, 5, 5]}, "
      "{\"name\": \"b\", \"values\": []}]}",
      TRUE, NULL },
    { "{\"kind\": \"latency\", \"latency_mode\": \"histogram\", \"series\": [{\"name\": \"a\", "
      "\"values\": [7]}]}",
      TRUE, NULL },
    { "{\"kind\": \"latency\", \"series\": [{\"name\": \"a\", \"values\": [null]}]}", FALSE,
      "No latency samples" },
    { "{\"kind\": \"cost-quality\", \"series\": [{\"name\": \"a\", \"values\": [0.5], "
      "\"x\": [0]}]}",
      TRUE, NULL },
    { "{\"kind\": \"cost-quality\", \"series\": [{\"name\": \"a\", \"values\": [0.5], "
      "\"x\": [1]}, {\"name\": \"b\", \"values\": [0.5], \"x\": [1]}]}",
      TRUE, NULL },
    { "{\"kind\": \"breakeven\", \"series\": [{\"name\": \"a\", \"values\": [1], \"x\": [1]}]}",
      TRUE, NULL },
    { "{\"kind\": \"breakeven\", \"series\": [{\"name\": \"a\", \"values\": [1, 1], "
      "\"x\": [0, 1]}, {\"name\": \"b\", \"values\": [1, 1], \"x\": [0, 1]}]}",
      TRUE, NULL },
    { "{\"kind\": \"loss-curves\", \"series\": [{\"name\": \"train\", \"values\": [1e308, "
      "-1e308]}]}",
      TRUE, NULL },
    { "{\"kind\": \"loss-curves\", \"series\": [{\"name\": \"train\", \"values\": []}]}", FALSE,
      "No loss values" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (int dark = 0; dark <= 1; dark++)
      {
        g_autoptr (GError) error = NULL;
        g_autoptr (VsChartSpec) spec = vs_chart_spec_new_from_json (cases[i].json, -1, &error);
        g_autoptr (Drawn) d = NULL;
        g_autofree char *description = NULL;

        g_assert_no_error (error);
        d = draw (spec, W, H, dark);
        if (d->geometry.has_plot != cases[i].plot)
          g_error ("case %u: has_plot is %d (%s)", i, d->geometry.has_plot, d->geometry.message);
        if (cases[i].says != NULL
            && (d->geometry.message == NULL || strstr (d->geometry.message, cases[i].says) == NULL))
          g_error ("case %u: message “%s” does not say “%s”", i, d->geometry.message,
                   cases[i].says);
        /* a message is shown as text in the middle of the chart */
        if (!cases[i].plot)
          g_assert_cmpfloat (ink_share (d, W * 0.2, H * 0.3, W * 0.6, H * 0.4), >, 0.002);
        description = vs_chart_describe (spec);
        g_assert_nonnull (description);
        g_assert_cmpuint (strlen (description), >, 10);
      }

  /* very long labels everywhere, at several sizes, including absurdly small ones */
  long_label = long_text;
  for (VsChartKind kind = 0; kind < VS_CHART_N_KINDS; kind++)
    {
      g_autoptr (VsChartSpec) spec = sample (kind);
      double sizes[][2] = { { W, H }, { 300, 200 }, { 40, 30 }, { 1, 1 }, { 2000, 90 } };

      vs_chart_spec_set_title (spec, long_label);
      vs_chart_spec_set_subtitle (spec, long_label);
      vs_chart_spec_set_axis (spec, VS_CHART_AXIS_X, long_label, long_label);
      vs_chart_spec_set_axis (spec, VS_CHART_AXIS_Y, long_label, "ms");
      for (guint s = 0; s < vs_chart_spec_get_n_series (spec); s++)
        {
          VsChartSeries *series = vs_chart_spec_get_series (spec, s);

          g_free (series->name);
          series->name = g_strdup (long_label);
        }
      for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
        {
          g_autoptr (Drawn) d = draw (spec, sizes[i][0], sizes[i][1], FALSE);

          if (d->geometry.has_plot)
            {
              g_assert_cmpfloat (d->geometry.plot_x, >=, 0);
              g_assert_cmpfloat (d->geometry.plot_x + d->geometry.plot_width, <=, sizes[i][0]);
              g_assert_cmpfloat (d->geometry.plot_y + d->geometry.plot_height, <=, sizes[i][1]);
            }
          else if (sizes[i][0] >= 40)
            g_assert_nonnull (d->geometry.message);
        }
    }
  {
    /* zero and non-finite sizes draw nothing and do not crash */
    g_autoptr (VsChartSpec) spec = sample_bars ();
    g_autoptr (Drawn) d = draw (spec, 0, NAN, FALSE);

    g_assert_false (d->geometry.has_plot);
  }
}

/* Many points draw in reasonable time: no per-point label search beyond a cap. */
static void
test_render_large (void)
{
  g_autoptr (VsChartSpec) paired = vs_chart_spec_new (VS_CHART_KIND_PAIRED_SCATTER);
  g_autoptr (VsChartSpec) loss = vs_chart_spec_new (VS_CHART_KIND_LOSS);
  VsChartSeries *pairs = vs_chart_spec_add_series (paired, "scores");
  VsChartSeries *train = vs_chart_spec_add_series (loss, "train");
  gint64         start = g_get_monotonic_time ();

  for (guint i = 0; i < 20000; i++)
    {
      double a = ((i * 7919) % 101) / 100.0, b = ((i * 104729) % 97) / 96.0;

      vs_chart_series_add_xy (pairs, a, round (b * 100) / 100);
      vs_chart_series_add_xy (train, i, 2.0 / (1 + i / 500.0));
    }
  {
    g_autoptr (Drawn) d1 = draw (paired, W, H, FALSE);
    g_autoptr (Drawn) d2 = draw (loss, W, H, TRUE);
    g_autofree char *text = vs_chart_describe (paired);

    g_assert_true (d1->geometry.has_plot);
    g_assert_true (d2->geometry.has_plot);
    g_assert_nonnull (strstr (text, "20000 cases"));
  }
  g_test_message ("20k-point paired scatter + 20k-point loss curve: %.2f s",
                  (g_get_monotonic_time () - start) / 1e6);
}

/* A matrix too large for its size says so instead of printing unreadable counts. */
static void
test_render_confusion_crowded (void)
{
  g_autoptr (VsChartSpec) spec = vs_chart_spec_new (VS_CHART_KIND_CONFUSION);
  g_autoptr (Drawn) d = NULL;

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("class %u", i);

      vs_chart_spec_add_category (spec, name);
    }
  for (guint r = 0; r < 40; r++)
    {
      VsChartSeries *row = vs_chart_spec_add_series (spec, vs_chart_spec_get_category (spec, r));

      for (guint k = 0; k < 40; k++)
        vs_chart_series_add (row, r == k ? 50 : (r + k) % 3);
    }
  d = draw (spec, 480, 320, FALSE);
  if (g_getenv ("VERSUS_CHART_GALLERY") != NULL)
    {
      g_autofree char *path
          = g_build_filename (g_getenv ("VERSUS_CHART_GALLERY"), "crowded.png", NULL);

      cairo_surface_write_to_png (d->surface, path);
    }
  g_assert_true (d->geometry.has_plot);
  g_assert_nonnull (d->geometry.message);
  g_assert_nonnull (strstr (d->geometry.message, "Cells are too small"));
  /* and the note is on the chart: some ink below the matrix's labels */
  g_assert_cmpfloat (ink_share (d, 0, 320 - 22, 480, 20), >, 0.005);
}

static void
test_breakeven_crossing (void)
{
  g_autoptr (VsChartSpec) spec = sample_breakeven ();
  g_autoptr (Drawn) d = draw (spec, W, H, FALSE);
  const VsChartGeometry *g = &d->geometry;
  g_autofree char       *description = vs_chart_describe (spec);
  double                 bx = 50 / 0.015;

  /* the ring marking the crossing sits at volume 3333, cost 66.67 */
  g_assert_true (g->has_plot);
  g_assert_cmpfloat (g->x_min, ==, 0);
  g_assert_cmpfloat (g->y_min, ==, 0);
  g_assert_cmpfloat (ink_share (d, map_x (g, bx) - 8, map_y (g, 50 + 0.005 * bx) - 8, 16, 16), >,
                     0.3);
  g_assert_nonnull (strstr (description, "break even at 3333 requests"));
  g_assert_nonnull (strstr (description, "below that Base + engineered prompt is cheaper"));

  {
    /* the same lines listed the other way round, the first starting with a NaN: the words do
     * not depend on the order or on the first value */
    g_autoptr (VsChartSpec) swapped = vs_chart_spec_new (VS_CHART_KIND_BREAKEVEN);
    VsChartSeries   *tuned = vs_chart_spec_add_series (swapped, "Tuned");
    VsChartSeries   *prompt = vs_chart_spec_add_series (swapped, "Prompt");
    g_autofree char *text = NULL;

    vs_chart_series_add_xy (tuned, 0, NAN);
    for (guint i = 1; i <= 10; i++)
      vs_chart_series_add_xy (tuned, i * 1000, 50 + 5 * i);
    for (guint i = 0; i <= 10; i++)
      vs_chart_series_add_xy (prompt, i * 1000, 20 * i);
    text = vs_chart_describe (swapped);
    g_assert_nonnull (strstr (text, "below that Prompt is cheaper, above it Tuned"));
  }
}

static void
test_describe (void)
{
  struct
  {
    VsChartKind kind;
    const char *says;
  } cases[] = {
    { VS_CHART_KIND_BARS, "Highest: Fine-tuned + short prompt on JSON valid, 97%" },
    { VS_CHART_KIND_BARS, "interval" },
    { VS_CHART_KIND_PAIRED_SCATTER, "Paired scatter of 63 cases" },
    { VS_CHART_KIND_CONFUSION, "on the diagonal" },
    { VS_CHART_KIND_CONFUSION, "actual “account” predicted as “billing”, 7 cases" },
    { VS_CHART_KIND_LATENCY, "ft:gpt-4o-mini: median" },
    { VS_CHART_KIND_COST_QUALITY, "Pareto front" },
    { VS_CHART_KIND_LOSS, "Validation goes from" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (VsChartSpec) spec = sample (cases[i].kind);
      g_autofree char *text = vs_chart_describe (spec);

      if (strstr (text, cases[i].says) == NULL)
        g_error ("“%s” does not say “%s”", text, cases[i].says);
    }
  {
    g_autoptr (VsChartSpec) spec = sample_cost_quality ();
    g_autofree char *text = vs_chart_describe (spec);

    /* gpt-4o-mini + prompt (0.9, 71%) is beaten by nothing cheaper; ft + prompt (2.2, 83%)
     * is dominated by ft:gpt-4o-mini (1.4, 84%) */
    g_assert_nonnull (strstr (text, "llama3 8B, gpt-4o-mini + prompt, ft:gpt-4o-mini, "
                                    "gpt-4o + prompt"));
    g_assert_nonnull (strstr (text, "1 other is dominated"));
  }
  {
    g_autoptr (VsChartSpec) spec = vs_chart_spec_new (VS_CHART_KIND_BARS);
    g_autofree char *text = NULL;

    vs_chart_spec_set_title (spec, "Empty");
    text = vs_chart_describe (spec);
    g_assert_cmpstr (text, ==, "Empty. The chart has no data.");
  }
}

/* Export */

static gboolean
run_tool (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  int              status = 0;

  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error))
    g_error ("%s: %s", argv[0], error->message);
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_test_message ("%s failed: %s", argv[0], err);
      return FALSE;
    }
  return TRUE;
}

static gboolean
have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

static void
test_export (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autoptr (VsChartSpec) spec = sample_bars ();
  VsChartStyle style;
  const char  *names[] = { "chart.png", "chart.svg", "chart.PDF" };

  vs_chart_style_init (&style, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autoptr (GError) error = NULL;
      g_autofree char *data = NULL;
      gsize            length = 0;

      vs_chart_export (spec, path, 640, 400, &style, &error);
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &data, &length, NULL));
      g_assert_cmpuint (length, >, 1000);
      switch (i)
        {
        case 0:
          {
            cairo_surface_t *png = cairo_image_surface_create_from_png (path);

            g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
            g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
            g_assert_cmpint (cairo_image_surface_get_width (png), ==, 1280);
            g_assert_cmpint (cairo_image_surface_get_height (png), ==, 800);
            cairo_surface_destroy (png);
          }
          break;
        case 1:
          g_assert_true (g_str_has_prefix (data, "<?xml"));
          g_assert_nonnull (strstr (data, "<svg"));
          g_assert_nonnull (strstr (data, "width=\"640"));
          g_assert_nonnull (strstr (data, "</svg>"));
          break;
        default:
          g_assert_true (g_str_has_prefix (data, "%PDF-"));
          {
            g_autofree char *tail = g_strndup (data + length - 32, 32);

            g_assert_nonnull (strstr (tail, "%%EOF"));
          }
          break;
        }
    }

  if (have_program ("rsvg-convert"))
    {
      g_autofree char *in = g_build_filename (dir, "chart.svg", NULL);
      g_autofree char *out = g_build_filename (dir, "from-svg.png", NULL);
      const char      *argv[] = { "rsvg-convert", "-o", out, in, NULL };
      cairo_surface_t *png;

      g_assert_true (run_tool (argv));
      png = cairo_image_surface_create_from_png (out);
      g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_image_surface_get_width (png), ==, 640);
      cairo_surface_destroy (png);
    }
  else
    g_test_message ("rsvg-convert not found; SVG checked by its header only");

  if (have_program ("pdftoppm"))
    {
      g_autofree char *in = g_build_filename (dir, "chart.PDF", NULL);
      g_autofree char *out = g_build_filename (dir, "from-pdf", NULL);
      g_autofree char *png_path = g_build_filename (dir, "from-pdf.png", NULL);
      const char      *argv[] = { "pdftoppm", "-png", "-r", "72", "-singlefile", in, out, NULL };

      g_assert_true (run_tool (argv));
      g_assert_true (g_file_test (png_path, G_FILE_TEST_EXISTS));
    }
  else
    g_test_message ("pdftoppm not found; PDF checked by its header only");

  {
    g_autofree char *path = g_build_filename (dir, "chart.gif", NULL);
    g_autofree char *missing = g_build_filename (dir, "no", "such", "dir", "chart.png", NULL);
    g_autoptr (GError) error = NULL;

    g_assert_false (vs_chart_export (spec, path, 640, 400, NULL, &error));
    g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (vs_chart_export (spec, missing, 640, 400, NULL, &error));
    g_assert_error (error, VS_ERROR, VS_ERROR_IO);
    g_clear_error (&error);
    g_assert_false (vs_chart_export (spec, missing, 0, 400, NULL, &error));
    g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  }
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static GHashTable *
svg_ids (const char *svg)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (const char *p = svg; (p = strstr (p, " id=\"")) != NULL; p += 5)
    {
      const char *end = strchr (p + 5, '"');

      g_assert_nonnull (end);
      g_assert_true (g_hash_table_add (ids, g_strndup (p + 5, end - p - 5)));
    }
  return ids;
}

/* Every #ref in @svg points at an id of @ids. */
static void
assert_refs_resolve (const char *svg, GHashTable *ids, const char *prefix)
{
  const char *markers[] = { "href=\"#", "url(#" };
  guint       refs = 0;

  for (guint m = 0; m < G_N_ELEMENTS (markers); m++)
    for (const char *p = svg; (p = strstr (p, markers[m])) != NULL; p++)
      {
        const char      *start = p + strlen (markers[m]);
        gsize            n = strcspn (start, "\")");
        g_autofree char *name = g_strndup (start, n);

        g_assert_true (g_str_has_prefix (name, prefix));
        g_assert_true (g_hash_table_contains (ids, name));
        refs++;
      }
  g_assert_cmpuint (refs, >, 0);
}

static void
test_svg_ids (void)
{
  g_autoptr (VsChartSpec) one = sample_bars ();
  g_autoptr (VsChartSpec) two = sample_loss ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) a
      = vs_chart_export_to_bytes (one, VS_CHART_FORMAT_SVG, 600, 400, NULL, "chart-a", &error);
  g_autoptr (GBytes) b
      = vs_chart_export_to_bytes (two, VS_CHART_FORMAT_SVG, 600, 400, NULL, NULL, &error);
  g_autofree char *sa = g_strndup (g_bytes_get_data (a, NULL), g_bytes_get_size (a));
  g_autofree char *sb = g_strndup (g_bytes_get_data (b, NULL), g_bytes_get_size (b));
  g_autoptr (GHashTable) ids_a = NULL;
  g_autoptr (GHashTable) ids_b = NULL;
  GHashTableIter   iter;
  gpointer         key;
  g_autofree char *prefix_b = NULL;

  g_assert_no_error (error);
  /* cairo's own names are gone */
  g_assert_null (strstr (sa, "id=\"glyph0-"));
  g_assert_null (strstr (sa, "\"#glyph0-"));
  g_assert_null (strstr (sa, "url(#clip"));
  g_assert_nonnull (strstr (sa, "id=\"chart-a-glyph0-1\""));

  ids_a = svg_ids (sa);
  ids_b = svg_ids (sb);
  g_assert_cmpuint (g_hash_table_size (ids_a), >, 5);
  g_assert_cmpuint (g_hash_table_size (ids_b), >, 5);
  g_hash_table_iter_init (&iter, ids_a);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_assert_true (g_str_has_prefix (key, "chart-a-"));
      g_assert_false (g_hash_table_contains (ids_b, key));
    }
  g_hash_table_iter_init (&iter, ids_b);
  g_assert_true (g_hash_table_iter_next (&iter, &key, NULL));
  prefix_b = g_strndup (key, strchr (key, '-') - (char *)key + 1);
  g_assert_cmpstr (prefix_b, !=, "chart-a-");
  assert_refs_resolve (sa, ids_a, "chart-a-");
  assert_refs_resolve (sb, ids_b, prefix_b);

  {
    /* the rewriting itself: attributes that merely end in "id" and unknown refs are left */
    const char      *in = "<g id=\"clip1\" data-id=\"x\"><use xlink:href=\"#clip1\"/>"
                          "<path clip-path=\"url(#clip1)\" fill=\"url(#other)\"/></g>";
    g_autofree char *out = vs_chart_svg_prefix_ids (in, strlen (in), "p");

    g_assert_cmpstr (out, ==,
                     "<g id=\"p-clip1\" data-id=\"x\"><use xlink:href=\"#p-clip1\"/>"
                     "<path clip-path=\"url(#p-clip1)\" fill=\"url(#other)\"/></g>");
  }
  {
    /* the same chart gets the same prefix every time (cairo's own counters may differ) */
    g_autoptr (GBytes) again
        = vs_chart_export_to_bytes (two, VS_CHART_FORMAT_SVG, 600, 400, NULL, NULL, NULL);
    g_autofree char *text = g_strndup (g_bytes_get_data (again, NULL), g_bytes_get_size (again));
    g_autofree char *first = g_strdup_printf ("id=\"%sglyph0-1\"", prefix_b);

    g_assert_nonnull (strstr (text, first));
  }
}

static void
test_gallery (void)
{
  const char *dir = g_getenv ("VERSUS_CHART_GALLERY");
  const char *formats[] = { "png", "svg", "pdf" };

  if (dir == NULL || *dir == '\0')
    {
      g_test_skip ("set VERSUS_CHART_GALLERY=DIR to write every kind there");
      return;
    }
  g_mkdir_with_parents (dir, 0755);
  for (guint kind = 0; kind <= VS_CHART_N_KINDS; kind++)
    for (int dark = 0; dark <= 1; dark++)
      for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
        {
          g_autoptr (VsChartSpec) spec = kind < VS_CHART_N_KINDS
                                             ? sample (kind)
                                             : sample_latency (VS_CHART_LATENCY_HISTOGRAM);
          g_autofree char *name = g_strdup_printf (
              "%s-%s.%s", kind < VS_CHART_N_KINDS ? vs_chart_kind_to_string (kind) : "histogram",
              dark ? "dark" : "light", formats[f]);
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_autoptr (GError) error = NULL;
          VsChartStyle style;

          if (f > 0 && dark)
            continue;
          vs_chart_style_init (&style, dark);
          vs_chart_export (spec, path, 720, 450, &style, &error);
          g_assert_no_error (error);
        }

  {
    /* stress: long names, many classes, a small size */
    g_autoptr (VsChartSpec) bars = sample_bars ();
    g_autoptr (VsChartSpec) confusion = vs_chart_spec_new (VS_CHART_KIND_CONFUSION);
    g_autofree char *bars_path = g_build_filename (dir, "stress-bars.png", NULL);
    g_autofree char *confusion_path = g_build_filename (dir, "stress-confusion.png", NULL);
    g_autofree char *small_path = g_build_filename (dir, "stress-small.png", NULL);

    vs_chart_spec_set_title (bars, "A very long title that goes on and on about pass rates of "
                                   "several contenders across metrics, far wider than the chart");
    g_free (vs_chart_spec_get_series (bars, 0)->name);
    vs_chart_spec_get_series (bars, 0)->name
        = g_strdup ("gpt-4o-2024-08-06 with the engineered prompt template version 12 (long)");
    for (guint i = 0; i < 12; i++)
      vs_chart_spec_add_category (confusion, i % 3 == 0 ? "a rather long class name" : "short");
    for (guint r = 0; r < 12; r++)
      {
        VsChartSeries *row = vs_chart_spec_add_series (
            confusion, r % 3 == 0 ? "a rather long class name" : "short");

        for (guint k = 0; k < 12; k++)
          vs_chart_series_add (row, r == k ? 1000 + r * 37 : (r * 7 + k * 3) % 11);
      }
    vs_chart_export (bars, bars_path, 720, 450, NULL, NULL);
    vs_chart_export (confusion, confusion_path, 720, 450, NULL, NULL);
    vs_chart_export (bars, small_path, 320, 200, NULL, NULL);
  }
}

static gboolean
same_pixels (Drawn *a,
             Drawn *b)
{
  int h = cairo_image_surface_get_height (a->surface);
  int stride = cairo_image_surface_get_stride (a->surface);

  return stride == cairo_image_surface_get_stride (b->surface) &&
         h == cairo_image_surface_get_height (b->surface) &&
         memcmp (cairo_image_surface_get_data (a->surface),
                 cairo_image_surface_get_data (b->surface), (gsize) stride * h) == 0;
}

static void
test_layout_once (void)
{
  /* Redraws of an unchanged spec at the same size reuse its layout (checks, sorted data and
   * Pareto front, text layouts); a change through the API, another size or style does not. */
  for (VsChartKind kind = 0; kind < VS_CHART_N_KINDS; kind++)
    {
      g_autoptr (VsChartSpec) spec = sample (kind);
      g_autoptr (Drawn) first = NULL;
      g_autoptr (Drawn) second = NULL;
      g_autoptr (Drawn) third = NULL;
      guint before = _vs_chart_layout_get_computations ();
      guint64 serial = vs_chart_spec_get_serial (spec);

      first = draw (spec, 640, 400, FALSE);
      second = draw (spec, 640, 400, FALSE);
      g_assert_cmpuint (_vs_chart_layout_get_computations (), ==, before + 1);
      g_assert_true (same_pixels (first, second));
      g_assert_cmpfloat (first->geometry.plot_x, ==, second->geometry.plot_x);
      g_assert_cmpfloat (first->geometry.x_max, ==, second->geometry.x_max);

      /* Another size, then back: a new layout each time (one is kept per spec). */
      g_clear_pointer (&third, drawn_free);
      third = draw (spec, 800, 500, FALSE);
      g_assert_cmpuint (_vs_chart_layout_get_computations (), ==, before + 2);
      g_clear_pointer (&third, drawn_free);
      third = draw (spec, 800, 500, TRUE);
      g_assert_cmpuint (_vs_chart_layout_get_computations (), ==, before + 3);

      /* A change through the API bumps the counter and is drawn. */
      vs_chart_spec_set_title (spec, "Changed title");
      g_assert_cmpuint (vs_chart_spec_get_serial (spec), >, serial);
      serial = vs_chart_spec_get_serial (spec);
      g_clear_pointer (&third, drawn_free);
      third = draw (spec, 640, 400, FALSE);
      g_assert_cmpuint (_vs_chart_layout_get_computations (), ==, before + 4);
      g_assert_false (same_pixels (first, third));
      g_clear_pointer (&second, drawn_free);
      second = draw (spec, 640, 400, FALSE);
      g_assert_cmpuint (_vs_chart_layout_get_computations (), ==, before + 4);
      g_assert_true (same_pixels (second, third));

      /* New data is drawn with new ranges (the data scans are part of the layout). */
      if (kind != VS_CHART_KIND_CONFUSION)
        {
          VsChartSeries *series = vs_chart_spec_get_series (spec, 0);
          g_autoptr (Drawn) grown = NULL;

          if (series->x->len > 0)
            vs_chart_series_add_xy (series, 1e6, 1e6);
          else
            vs_chart_series_add (series, 1e6);
          g_assert_cmpuint (vs_chart_spec_get_serial (spec), >, serial);
          grown = draw (spec, 640, 400, FALSE);
          g_assert_cmpuint (_vs_chart_layout_get_computations (), ==, before + 5);
          g_assert_true (grown->geometry.x_max != third->geometry.x_max ||
                         grown->geometry.y_max != third->geometry.y_max);
        }
    }

  /* Latency: adding samples moves the quantiles; the cached summary must not hide it. */
  {
    g_autoptr (VsChartSpec) spec = sample_latency (VS_CHART_LATENCY_BOX);
    g_autoptr (Drawn) first = draw (spec, 640, 400, FALSE);
    g_autoptr (Drawn) second = NULL;
    VsChartSeries *series = vs_chart_spec_get_series (spec, 0);

    for (guint i = 0; i < 400; i++)
      vs_chart_series_add (series, 9000);
    second = draw (spec, 640, 400, FALSE);
    g_assert_false (same_pixels (first, second));
    g_assert_cmpfloat (second->geometry.x_max, >, first->geometry.x_max);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/versus/charts/ticks", test_ticks);
  g_test_add_func ("/versus/charts/format", test_format);
  g_test_add_func ("/versus/charts/spec/round-trip", test_spec_round_trip);
  g_test_add_func ("/versus/charts/spec/parse-errors", test_spec_parse_errors);
  g_test_add_func ("/versus/charts/spec/validation", test_spec_validation);
  g_test_add_func ("/versus/charts/render/every-kind", test_render_every_kind);
  g_test_add_func ("/versus/charts/render/bars", test_render_bars);
  g_test_add_func ("/versus/charts/render/bars-negative-nan", test_render_bars_negative_and_nan);
  g_test_add_func ("/versus/charts/render/paired-diagonal", test_render_paired_diagonal);
  g_test_add_func ("/versus/charts/render/nan-stays-inside", test_render_nan_stays_inside);
  g_test_add_func ("/versus/charts/render/confusion-contrast", test_render_confusion_contrast);
  g_test_add_func ("/versus/charts/render/degenerate", test_render_degenerate);
  g_test_add_func ("/versus/charts/render/breakeven-crossing", test_breakeven_crossing);
  g_test_add_func ("/versus/charts/render/large", test_render_large);
  g_test_add_func ("/versus/charts/render/confusion-crowded", test_render_confusion_crowded);
  g_test_add_func ("/versus/charts/describe", test_describe);
  g_test_add_func ("/versus/charts/export", test_export);
  g_test_add_func ("/versus/charts/export/svg-ids", test_svg_ids);
  g_test_add_func ("/versus/charts/gallery", test_gallery);
  g_test_add_func ("/versus/charts/layout-once", test_layout_once);

  return g_test_run ();
}
