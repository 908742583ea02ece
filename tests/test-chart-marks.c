/* test-chart-marks.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The marks of a drawn chart (vs-chart-marks.h): where each bar, case marker and matrix cell
 * landed, what it says, and which one is under a point — from a real draw's geometry, without
 * a display.
 */
#include "config.h"

#include <math.h>

#include "vs-chart-marks.h"

#define WIDTH  720
#define HEIGHT 480

/* Draws @spec and returns its marks. */
static GPtrArray *
marks_of (VsChartSpec *spec)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  VsChartGeometry geometry = { 0 };
  VsChartStyle style;
  GPtrArray *marks;

  vs_chart_style_init (&style, FALSE);
  vs_chart_render_full (spec, cr, WIDTH, HEIGHT, &style, &geometry);
  marks = vs_chart_marks_compute (spec, &geometry, WIDTH, HEIGHT, &style);
  vs_chart_geometry_clear (&geometry);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return marks;
}

static void
test_bars (void)
{
  g_autoptr(VsChartSpec) spec = vs_chart_spec_new (VS_CHART_KIND_BARS);
  VsChartSeries *a = vs_chart_spec_add_series (spec, "A");
  VsChartSeries *b = vs_chart_spec_add_series (spec, "B");
  g_autoptr(GPtrArray) marks = NULL;
  VsChartMark *low, *high;

  vs_chart_spec_set_axis_percent (spec, VS_CHART_AXIS_Y, TRUE);
  vs_chart_spec_add_category (spec, "exact");
  vs_chart_series_add_interval (a, 0.25, 0.2, 0.3);
  vs_chart_series_add (b, 0.75);
  marks = marks_of (spec);
  g_assert_cmpuint (marks->len, ==, 2);
  low = g_ptr_array_index (marks, 0);
  high = g_ptr_array_index (marks, 1);
  g_assert_cmpuint (low->series, ==, 0);
  g_assert_cmpuint (high->series, ==, 1);
  g_assert_cmpstr (low->text, ==, "A · exact: 25% (interval 20% to 30%)");
  g_assert_cmpstr (high->text, ==, "B · exact: 75%");
  /* side by side, the taller bar three times as tall */
  g_assert_cmpfloat (low->x, <, high->x);
  g_assert_cmpfloat (fabs (high->height / low->height - 3), <, 0.05);
  /* hit-testing: inside each bar, nothing far away, the nearest within the slop */
  g_assert_cmpint (vs_chart_marks_hit (marks, low->x, low->y, 0), ==, 0);
  g_assert_cmpint (vs_chart_marks_hit (marks, high->x, high->y, 0), ==, 1);
  g_assert_cmpint (vs_chart_marks_hit (marks, 2, 2, 8), ==, -1);
  g_assert_cmpint (vs_chart_marks_hit (marks, high->x, high->y - high->height / 2 - 4, 8), ==, 1);
}

static void
test_paired_stacks (void)
{
  g_autoptr(VsChartSpec) spec = vs_chart_spec_new (VS_CHART_KIND_PAIRED_SCATTER);
  VsChartSeries *series = vs_chart_spec_add_series (spec, "cases");
  g_autoptr(GPtrArray) marks = NULL;
  const double points[][2] = { { 1, 1 }, { 0, 1 }, { 1, 1 }, { 0, 0 }, { 1, 1 }, { NAN, 1 } };

  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_X, "Base", NULL);
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_Y, "Tuned", NULL);
  vs_chart_spec_set_axis_percent (spec, VS_CHART_AXIS_X, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      g_autofree char *label = g_strdup_printf ("%u", 10 + i);

      vs_chart_series_add_xy (series, points[i][0], points[i][1]);
      vs_chart_series_set_last_label (series, label);
    }
  marks = marks_of (spec);
  /* three markers: (0,0), (0,1), and (1,1) standing for three cases; the NaN is left out */
  g_assert_cmpuint (marks->len, ==, 3);
  g_assert_cmpstr (((VsChartMark *) g_ptr_array_index (marks, 0))->text, ==,
                   "Case 13: Base 0%, Tuned 0%");
  g_assert_cmpstr (((VsChartMark *) g_ptr_array_index (marks, 1))->text, ==,
                   "Case 11: Base 0%, Tuned 100%");
  {
    VsChartMark *stack = g_ptr_array_index (marks, 2);

    g_assert_cmpstr (stack->text, ==, "3 cases: Base 100%, Tuned 100%");
    g_assert_cmpuint (stack->indices->len, ==, 3);
    g_assert_cmpuint (g_array_index (stack->indices, guint, 0), ==, 0);
    g_assert_cmpuint (g_array_index (stack->indices, guint, 1), ==, 2);
    g_assert_cmpuint (g_array_index (stack->indices, guint, 2), ==, 4);
    /* the larger marker of a stack */
    g_assert_cmpfloat (stack->width, >, ((VsChartMark *) g_ptr_array_index (marks, 0))->width);
  }
}

static void
test_confusion_and_message (void)
{
  g_autoptr(VsChartSpec) spec = vs_chart_spec_new (VS_CHART_KIND_CONFUSION);
  g_autoptr(VsChartSpec) empty = vs_chart_spec_new (VS_CHART_KIND_LATENCY);
  g_autoptr(GPtrArray) marks = NULL;
  g_autoptr(GPtrArray) none = NULL;
  VsChartSeries *row;

  vs_chart_spec_add_category (spec, "yes");
  vs_chart_spec_add_category (spec, "no");
  row = vs_chart_spec_add_series (spec, "yes");
  vs_chart_series_add (row, 3);
  vs_chart_series_add (row, 1);
  row = vs_chart_spec_add_series (spec, "no");
  vs_chart_series_add (row, 0);
  vs_chart_series_add (row, 4);
  marks = marks_of (spec);
  g_assert_cmpuint (marks->len, ==, 4);
  g_assert_cmpstr (((VsChartMark *) g_ptr_array_index (marks, 1))->text, ==,
                   "Actual yes, predicted no: 1 (25% of yes)");
  /* a chart that shows only a message has no marks */
  none = marks_of (empty);
  g_assert_cmpuint (none->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/versus/chart-marks/bars", test_bars);
  g_test_add_func ("/versus/chart-marks/paired-stacks", test_paired_stacks);
  g_test_add_func ("/versus/chart-marks/confusion-and-message", test_confusion_and_message);
  return g_test_run ();
}
