/* vs-chart-describe.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The words beside the picture: a plain-text description of each chart kind (for screen
 * readers and report text), and the few statistics the renderer and the description share.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vs-chart-axis.h"
#include "vs-chart-private.h"
#include "vs-chart-render.h"
#include "vs-stats.h"

/* Appends one more sentence of the description, after a space. */
static void append_sentence (GString *out, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
append_sentence (GString *out, const char *format, ...)
{
  va_list args;

  g_string_append_c (out, ' ');
  va_start (args, format);
  g_string_append_vprintf (out, format, args);
  va_end (args);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

/* min, p50, p95, max: the quantiles are vs-stats' (numpy's linear), as in evaluation reports. */
gboolean
_vs_chart_summary (const VsChartSeries *series, double out[4], guint *n_finite)
{
  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  const double *v;

  for (guint i = 0; i < series->y->len; i++)
    {
      double y = g_array_index (series->y, double, i);

      if (isfinite (y))
        g_array_append_val (values, y);
    }
  if (n_finite != NULL)
    *n_finite = values->len;
  if (values->len == 0)
    return FALSE;

  vs_stats_sort ((double *)values->data, values->len);
  v = (const double *)values->data;
  out[0] = v[0];
  out[1] = vs_stats_quantile_sorted (v, values->len, 0.5);
  out[2] = vs_stats_quantile_sorted (v, values->len, 0.95);
  out[3] = v[values->len - 1];
  return TRUE;
}

static int
compare_points (gconstpointer a, gconstpointer b)
{
  const VsChartPoint *p = a;
  const VsChartPoint *q = b;

  if (p->x != q->x)
    return (p->x > q->x) - (p->x < q->x);
  return (q->y > p->y) - (q->y < p->y);
}

GArray *
_vs_chart_points (VsChartSpec *spec)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (VsChartPoint));
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  g_autofree gboolean *front = NULL;

  for (guint s = 0; s < vs_chart_spec_get_n_series (spec); s++)
    {
      VsChartSeries *series = vs_chart_spec_get_series (spec, s);

      for (guint i = 0; i < series->y->len; i++)
        {
          VsChartPoint p = { vs_chart_series_get_x (series, i), vs_chart_series_get_y (series, i),
                             s, i, FALSE };

          if (isfinite (p.x) && isfinite (p.y))
            g_array_append_val (points, p);
        }
    }

  /* The front is vs-stats' (low cost, high quality best), as the evaluation computes it. */
  x = g_new (double, MAX (points->len, 1));
  y = g_new (double, MAX (points->len, 1));
  front = g_new (gboolean, MAX (points->len, 1));
  for (guint i = 0; i < points->len; i++)
    {
      x[i] = g_array_index (points, VsChartPoint, i).x;
      y[i] = g_array_index (points, VsChartPoint, i).y;
    }
  vs_stats_pareto_front (x, y, points->len, front);
  for (guint i = 0; i < points->len; i++)
    g_array_index (points, VsChartPoint, i).front = front[i];
  return points;
}

static GArray *
sorted_line (const VsChartSeries *series)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (VsChartPoint));

  for (guint i = 0; i < series->y->len; i++)
    {
      VsChartPoint p
          = { vs_chart_series_get_x (series, i), vs_chart_series_get_y (series, i), 0, i, FALSE };

      if (isfinite (p.x) && isfinite (p.y))
        g_array_append_val (points, p);
    }
  g_array_sort (points, compare_points);
  return points;
}

static double
interpolate (GArray *line, double x)
{
  for (guint i = 0; i + 1 < line->len; i++)
    {
      VsChartPoint *a = &g_array_index (line, VsChartPoint, i);
      VsChartPoint *b = &g_array_index (line, VsChartPoint, i + 1);

      if (x >= a->x && x <= b->x)
        return b->x > a->x ? a->y + (b->y - a->y) * (x - a->x) / (b->x - a->x) : a->y;
    }
  return line->len > 0 ? g_array_index (line, VsChartPoint, line->len - 1).y : NAN;
}

gboolean
_vs_chart_crossing (
    const VsChartSeries *a, const VsChartSeries *b, double *x, double *y, gboolean *a_below_before)
{
  g_autoptr (GArray) la = sorted_line (a);
  g_autoptr (GArray) lb = sorted_line (b);
  g_autoptr (GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  double lo, hi;

  if (la->len < 2 || lb->len < 2)
    return FALSE;
  lo = MAX (g_array_index (la, VsChartPoint, 0).x, g_array_index (lb, VsChartPoint, 0).x);
  hi = MIN (g_array_index (la, VsChartPoint, la->len - 1).x,
            g_array_index (lb, VsChartPoint, lb->len - 1).x);
  if (!(lo < hi))
    return FALSE;

  g_array_append_val (xs, lo);
  g_array_append_val (xs, hi);
  for (guint i = 0; i < la->len; i++)
    if (g_array_index (la, VsChartPoint, i).x > lo && g_array_index (la, VsChartPoint, i).x < hi)
      g_array_append_val (xs, g_array_index (la, VsChartPoint, i).x);
  for (guint i = 0; i < lb->len; i++)
    if (g_array_index (lb, VsChartPoint, i).x > lo && g_array_index (lb, VsChartPoint, i).x < hi)
      g_array_append_val (xs, g_array_index (lb, VsChartPoint, i).x);
  g_array_sort (xs, compare_doubles);

  for (guint i = 0; i + 1 < xs->len; i++)
    {
      double x0 = g_array_index (xs, double, i);
      double x1 = g_array_index (xs, double, i + 1);
      double d0 = interpolate (la, x0) - interpolate (lb, x0);
      double d1 = interpolate (la, x1) - interpolate (lb, x1);

      if (x1 <= x0 || d0 == 0)
        continue;
      if ((d0 < 0 && d1 >= 0) || (d0 > 0 && d1 <= 0))
        {
          double t = d0 / (d0 - d1);

          if (a_below_before != NULL)
            *a_below_before = d0 < 0;

          *x = x0 + t * (x1 - x0);
          *y = interpolate (la, *x);
          return TRUE;
        }
    }
  return FALSE;
}

guint
_vs_chart_count_hidden (VsChartSpec *spec)
{
  guint hidden = 0;

  for (guint s = 0; s < vs_chart_spec_get_n_series (spec); s++)
    {
      VsChartSeries *series = vs_chart_spec_get_series (spec, s);

      for (guint i = 0; i < series->y->len; i++)
        if (!isfinite (vs_chart_series_get_y (series, i))
            || !isfinite (vs_chart_series_get_x (series, i)))
          hidden++;
    }
  return hidden;
}

/* Descriptions */

static char *
value_text (VsChartSpec *spec, VsChartAxisId axis, double value)
{
  const VsChartAxis *a = vs_chart_spec_get_axis (spec, axis);

  return vs_chart_format_value (value, a->percent, a->unit);
}

static const char *
name_or (const char *name, const char *fallback)
{
  return name != NULL && *name != '\0' ? name : fallback;
}

static void
describe_bars (VsChartSpec *spec, GString *out)
{
  guint            n_cat = vs_chart_spec_get_n_categories (spec);
  guint            n_series = vs_chart_spec_get_n_series (spec);
  double           best = -INFINITY, worst = INFINITY;
  guint            best_s = 0, best_c = 0, worst_s = 0, worst_c = 0;
  g_autofree char *best_text = NULL;
  g_autofree char *worst_text = NULL;

  for (guint s = 0; s < n_series; s++)
    {
      VsChartSeries *series = vs_chart_spec_get_series (spec, s);

      for (guint c = 0; c < MIN (n_cat, series->y->len); c++)
        {
          double v = vs_chart_series_get_y (series, c);

          if (!isfinite (v))
            continue;
          if (v > best)
            best = v, best_s = s, best_c = c;
          if (v < worst)
            worst = v, worst_s = s, worst_c = c;
        }
    }

  {
    g_autofree char *series_text
        = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u series", "%u series", n_series),
                           n_series);
    g_autofree char *categories_text
        = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u category", "%u categories", n_cat),
                           n_cat);

    /* Translators: the first %s is "N series", the second "N categories". */
    g_string_append_printf (out, _("Bar chart of %s across %s."), series_text, categories_text);
  }
  if (!isfinite (best))
    return;
  best_text = value_text (spec, VS_CHART_AXIS_Y, best);
  worst_text = value_text (spec, VS_CHART_AXIS_Y, worst);
  if (vs_chart_series_has_interval (vs_chart_spec_get_series (spec, best_s)))
    {
      VsChartSeries   *series = vs_chart_spec_get_series (spec, best_s);
      g_autofree char *lo
          = value_text (spec, VS_CHART_AXIS_Y, g_array_index (series->lower, double, best_c));
      g_autofree char *hi
          = value_text (spec, VS_CHART_AXIS_Y, g_array_index (series->upper, double, best_c));

      /* Translators: a series, the category where it is highest and its value, the bounds of
       * that value's interval, then the same for the lowest value. */
      append_sentence (out, _("Highest: %s on %s, %s (interval %s to %s); lowest: %s on %s, %s."),
                       vs_chart_spec_get_series (spec, best_s)->name,
                       vs_chart_spec_get_category (spec, best_c), best_text, lo, hi,
                       vs_chart_spec_get_series (spec, worst_s)->name,
                       vs_chart_spec_get_category (spec, worst_c), worst_text);
    }
  else
    /* Translators: a series, the category where it is highest and its value, then the same
     * for the lowest value. */
    append_sentence (out, _("Highest: %s on %s, %s; lowest: %s on %s, %s."),
                     vs_chart_spec_get_series (spec, best_s)->name,
                     vs_chart_spec_get_category (spec, best_c), best_text,
                     vs_chart_spec_get_series (spec, worst_s)->name,
                     vs_chart_spec_get_category (spec, worst_c), worst_text);
}

static void
describe_paired (VsChartSpec *spec, GString *out)
{
  VsChartSeries *series = vs_chart_spec_get_series (spec, 0);
  const char    *a = name_or (vs_chart_spec_get_axis (spec, VS_CHART_AXIS_X)->label, "A");
  const char    *b = name_or (vs_chart_spec_get_axis (spec, VS_CHART_AXIS_Y)->label, "B");
  guint          above = 0, below = 0, equal = 0;

  for (guint i = 0; i < series->y->len; i++)
    {
      double x = vs_chart_series_get_x (series, i);
      double y = vs_chart_series_get_y (series, i);

      if (!isfinite (x) || !isfinite (y))
        continue;
      if (y > x)
        above++;
      else if (y < x)
        below++;
      else
        equal++;
    }
  g_string_append_printf (out,
                          g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: the number of cases, the two contenders (B
                                        * against A), then how many cases B scores higher on, how
                                        * many A does and how many are ties. */
                                       "Paired scatter of %u case, %s against %s, with a line "
                                       "where both score the same. %s scores higher on %u, %s "
                                       "on %u, and they tie on %u.",
                                       "Paired scatter of %u cases, %s against %s, with a line "
                                       "where both score the same. %s scores higher on %u, %s "
                                       "on %u, and they tie on %u.",
                                       above + below + equal),
                          above + below + equal, b, a, b, above, a, below, equal);
}

static void
describe_confusion (VsChartSpec *spec, GString *out)
{
  guint  n = vs_chart_spec_get_n_categories (spec);
  double total = 0, diagonal = 0, worst = 0;
  guint  worst_r = 0, worst_c = 0;

  for (guint r = 0; r < vs_chart_spec_get_n_series (spec); r++)
    {
      VsChartSeries *row = vs_chart_spec_get_series (spec, r);

      for (guint c = 0; c < MIN (n, row->y->len); c++)
        {
          double v = vs_chart_series_get_y (row, c);

          if (!isfinite (v))
            continue;
          total += v;
          if (r == c)
            diagonal += v;
          else if (v > worst)
            worst = v, worst_r = r, worst_c = c;
        }
    }
  g_string_append_printf (out,
                          g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: %u is the number of classes, %.0f the number
                                        * of cases (a whole number). */
                                       "Confusion matrix of %u class over %.0f cases.",
                                       "Confusion matrix of %u classes over %.0f cases.", n),
                          n, total);
  if (total > 0)
    /* Translators: %.0f%% is a percentage of the cases. */
    append_sentence (out, _("%.0f%% are on the diagonal (predicted correctly)."),
                     100 * diagonal / total);
  if (worst > 0)
    append_sentence (out,
                     /* Translators: the actual class, the class predicted instead and how many
                      * cases (a whole number). */
                     _("The most common mistake: actual “%s” predicted as “%s”, %.0f cases."),
                     vs_chart_spec_get_series (spec, worst_r)->name,
                     vs_chart_spec_get_category (spec, worst_c), worst);
}

static void
describe_latency (VsChartSpec *spec, GString *out)
{
  g_string_append_printf (out,
                          g_dngettext (GETTEXT_PACKAGE, "Latency distribution of %u contender.",
                                       "Latency distribution of %u contenders.",
                                       vs_chart_spec_get_n_series (spec)),
                          vs_chart_spec_get_n_series (spec));
  for (guint s = 0; s < vs_chart_spec_get_n_series (spec); s++)
    {
      VsChartSeries *series = vs_chart_spec_get_series (spec, s);
      double         q[4];
      guint          n;

      if (!_vs_chart_summary (series, q, &n))
        {
          /* Translators: %s is a contender's name. */
          append_sentence (out, _("%s: no samples."), series->name);
          continue;
        }
      {
        g_autofree char *p50 = value_text (spec, VS_CHART_AXIS_Y, q[1]);
        g_autofree char *p95 = value_text (spec, VS_CHART_AXIS_Y, q[2]);
        g_autofree char *max = value_text (spec, VS_CHART_AXIS_Y, q[3]);

        append_sentence (out,
                         /* Translators: a contender's name, its median, 95th percentile and
                          * highest latency (with their unit), and the number of samples. */
                         g_dngettext (GETTEXT_PACKAGE, "%s: median %s, p95 %s, max %s (%u sample).",
                                      "%s: median %s, p95 %s, max %s (%u samples).", n),
                         series->name, p50, p95, max, n);
      }
    }
}

static void
describe_cost_quality (VsChartSpec *spec, GString *out)
{
  g_autoptr (GArray) points = _vs_chart_points (spec);
  g_autoptr (GString) front = g_string_new (NULL);
  guint n_front = 0;

  g_array_sort (points, compare_points); /* cheapest first */
  for (guint i = 0; i < points->len; i++)
    {
      VsChartPoint *p = &g_array_index (points, VsChartPoint, i);

      if (!p->front)
        continue;
      g_string_append_printf (front, "%s%s", n_front > 0 ? ", " : "",
                              vs_chart_spec_get_series (spec, p->series)->name);
      n_front++;
    }
  g_string_append_printf (out,
                          g_dngettext (GETTEXT_PACKAGE, "Cost against quality for %u contender.",
                                       "Cost against quality for %u contenders.",
                                       vs_chart_spec_get_n_series (spec)),
                          vs_chart_spec_get_n_series (spec));
  if (n_front > 0)
    append_sentence (out,
                     g_dngettext (GETTEXT_PACKAGE,
                                  /* Translators: %s is a list of contenders' names separated by
                                   * commas, %u how many others there are. */
                                  "On the Pareto front (nothing else is both cheaper and "
                                  "better): %s; %u other is dominated.",
                                  "On the Pareto front (nothing else is both cheaper and "
                                  "better): %s; %u others are dominated.",
                                  points->len - n_front),
                     front->str, points->len - n_front);
}

static void
describe_breakeven (VsChartSpec *spec, GString *out)
{
  guint       n = vs_chart_spec_get_n_series (spec);
  const char *unit = vs_chart_spec_get_axis (spec, VS_CHART_AXIS_X)->unit;
  gboolean    any = FALSE;

  g_string_append_printf (out,
                          g_dngettext (GETTEXT_PACKAGE, "Total cost against volume for %u option.",
                                       "Total cost against volume for %u options.", n),
                          n);
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        VsChartSeries *a = vs_chart_spec_get_series (spec, i);
        VsChartSeries *b = vs_chart_spec_get_series (spec, j);
        double         x, y;
        gboolean       a_below = FALSE;

        if (_vs_chart_crossing (a, b, &x, &y, &a_below))
          {
            g_autofree char *where = vs_chart_format_value (x, FALSE, unit);
            g_autofree char *cost = value_text (spec, VS_CHART_AXIS_Y, y);

            append_sentence (out,
                             /* Translators: two options, the volume where they cost the same and
                              * that cost, then the option that is cheaper below that volume and
                              * the one cheaper above. */
                             _("%s and %s break even at %s (cost %s); below that %s is cheaper, "
                               "above it %s."),
                             a->name, b->name, where, cost, a_below ? a->name : b->name,
                             a_below ? b->name : a->name);
            any = TRUE;
          }
      }
  if (!any && n > 1)
    append_sentence (out, "%s", _("The lines do not cross in the range shown."));
}

static void
describe_loss (VsChartSpec *spec, GString *out)
{
  g_string_append_printf (out,
                          g_dngettext (GETTEXT_PACKAGE, "Loss curves for %u series.",
                                       "Loss curves for %u series.",
                                       vs_chart_spec_get_n_series (spec)),
                          vs_chart_spec_get_n_series (spec));
  for (guint s = 0; s < vs_chart_spec_get_n_series (spec); s++)
    {
      VsChartSeries *series = vs_chart_spec_get_series (spec, s);
      double         first = NAN, last = NAN, min = INFINITY, min_x = NAN;

      for (guint i = 0; i < series->y->len; i++)
        {
          double y = vs_chart_series_get_y (series, i);

          if (!isfinite (y))
            continue;
          if (isnan (first))
            first = y;
          last = y;
          if (y < min)
            min = y, min_x = vs_chart_series_get_x (series, i);
        }
      if (isnan (first))
        {
          /* Translators: %s is a series' name. */
          append_sentence (out, _("%s: no values."), series->name);
          continue;
        }
      {
        g_autofree char *a = vs_chart_format_number (first, 0);
        g_autofree char *b = vs_chart_format_number (last, 0);
        g_autofree char *m = vs_chart_format_number (min, 0);
        g_autofree char *at = vs_chart_format_number (min_x, 1);

        /* Translators: a series' name, its first and last loss, its lowest loss and the
         * training step where it is lowest. */
        append_sentence (out, _("%s goes from %s to %s, lowest %s at step %s."), series->name, a,
                         b, m, at);
      }
    }
}

char *
vs_chart_describe (VsChartSpec *spec)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  const char *title;
  guint       hidden;

  g_return_val_if_fail (VS_IS_CHART_SPEC (spec), NULL);

  title = vs_chart_spec_get_title (spec);
  if (title != NULL && *title != '\0')
    g_string_append_printf (out, "%s. ", title);

  if (!vs_chart_spec_validate (spec, &error))
    {
      /* Translators: %s says what is wrong with the chart. */
      g_string_append_printf (out, _("This chart cannot be drawn: %s"), error->message);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
  if (vs_chart_spec_get_n_series (spec) == 0)
    {
      const char *why = vs_chart_spec_get_message (spec);

      g_string_append (out, why != NULL && *why != '\0' ? why : _("The chart has no data."));
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  switch (vs_chart_spec_get_kind (spec))
    {
    case VS_CHART_KIND_BARS:
      describe_bars (spec, out);
      break;
    case VS_CHART_KIND_PAIRED_SCATTER:
      describe_paired (spec, out);
      break;
    case VS_CHART_KIND_CONFUSION:
      describe_confusion (spec, out);
      break;
    case VS_CHART_KIND_LATENCY:
      describe_latency (spec, out);
      break;
    case VS_CHART_KIND_COST_QUALITY:
      describe_cost_quality (spec, out);
      break;
    case VS_CHART_KIND_BREAKEVEN:
      describe_breakeven (spec, out);
      break;
    case VS_CHART_KIND_LOSS:
    default:
      describe_loss (spec, out);
      break;
    }

  hidden = _vs_chart_count_hidden (spec);
  if (hidden > 0 && vs_chart_spec_get_kind (spec) != VS_CHART_KIND_CONFUSION)
    append_sentence (out,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%u value is missing or not finite and not shown.",
                                  "%u values are missing or not finite and not shown.", hidden),
                     hidden);
  if (vs_chart_spec_get_message (spec) != NULL && *vs_chart_spec_get_message (spec) != '\0')
    append_sentence (out, "%s", vs_chart_spec_get_message (spec));
  return g_string_free (g_steal_pointer (&out), FALSE);
}
