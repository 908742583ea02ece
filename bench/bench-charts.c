/* bench-charts.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Redraw of a 10,000-point paired scatter in VsChartView, the way the window redraws it when
 * the pointer moves: each frame changes the focused mark, runs the widget's snapshot (what GTK
 * calls for it in a frame) and renders the snapshot to pixels with GSK's cairo renderer at the
 * widget's size. The widget keeps the chart's layout (and its rendering) until the spec or
 * size changes; the target is FRAME_TARGET_MS per frame. The anchor, in the same run: the
 * same redraw with the layout recomputed every frame (the spec marked changed before each
 * one), i.e. what a widget that renders in its draw function would cost. Prints both,
 * their ratio, and exits 1 when the target is missed. Needs a display (meson's run_target
 * starts it under xvfb-run).
 *
 * usage: bench-charts [POINTS [FRAMES]]
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <adwaita.h>

#include "vs-chart-view.h"

#define FRAME_TARGET_MS 8.0
#define WIDTH           960
#define HEIGHT          600

static VsChartSpec *
scatter_spec (guint n_points)
{
  VsChartSpec *spec = vs_chart_spec_new (VS_CHART_KIND_PAIRED_SCATTER);
  VsChartSeries *series = vs_chart_spec_add_series (spec, "cases");
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);

  vs_chart_spec_set_title (spec, "Token F1 per case");
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_X, "Few-shot base model", NULL);
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_Y, "Fine-tuned model", NULL);
  vs_chart_spec_set_axis_percent (spec, VS_CHART_AXIS_X, TRUE);
  vs_chart_spec_set_axis_percent (spec, VS_CHART_AXIS_Y, TRUE);
  for (guint i = 0; i < n_points; i++)
    {
      double a = g_rand_double (rand);
      double b = CLAMP (a + g_rand_double_range (rand, -0.15, 0.3), 0, 1);
      g_autofree char *label = g_strdup_printf ("%u", i + 1);

      vs_chart_series_add_xy (series, a, b);
      vs_chart_series_set_last_label (series, label);
    }
  return spec;
}

/* Milliseconds per frame over @frames redraws; @recompute marks the spec changed first. */
static double
redraw (VsChartView *view,
        GskRenderer *renderer,
        guint        frames,
        gboolean     recompute)
{
  GtkWidgetClass *klass = GTK_WIDGET_GET_CLASS (view);
  gint64 start;
  guint n_marks;

  /* the first draw computes the layout; it is not a redraw */
  {
    GtkSnapshot *snapshot = gtk_snapshot_new ();
    g_autoptr(GskRenderNode) node = NULL;
    g_autoptr(GdkTexture) texture = NULL;

    klass->snapshot (GTK_WIDGET (view), snapshot);
    node = gtk_snapshot_free_to_node (snapshot);
    texture = gsk_renderer_render_texture (renderer, node,
                                           &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
  }
  n_marks = MAX (vs_chart_view_get_n_marks (view), 1);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < frames; i++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;

      if (recompute)
        vs_chart_spec_changed (vs_chart_view_get_spec (view));
      vs_chart_view_set_focused_mark (view, (int) ((i * 7919) % n_marks));
      klass->snapshot (GTK_WIDGET (view), snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        g_error ("the chart drew nothing");
      texture = gsk_renderer_render_texture (renderer, node,
                                             &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
    }
  return (g_get_monotonic_time () - start) / 1000.0 / frames;
}

static gboolean
is_laid_out (GtkWidget *widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) == WIDTH &&
         gtk_widget_get_height (widget) == HEIGHT;
}

int
main (int   argc,
      char *argv[])
{
  guint points = argc > 1 ? (guint) atoi (argv[1]) : 10000;
  guint frames = argc > 2 ? (guint) atoi (argv[2]) : 200;
  g_autoptr(VsChartSpec) spec = NULL;
  g_autoptr(GskRenderer) renderer = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  GtkWidget *view;
  double cached, anchor;
  guint anchor_frames = MAX (frames / 40, 3);
  gint64 deadline;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gtk_init ();
  adw_init ();
  spec = scatter_spec (points);
  view = vs_chart_view_new (spec);
  gtk_widget_set_size_request (view, WIDTH, HEIGHT);
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_set_resizable (GTK_WINDOW (window), FALSE);
  gtk_window_present (GTK_WINDOW (window));
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!is_laid_out (view) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!is_laid_out (view))
    {
      fprintf (stderr, "bench-charts: the chart was not laid out at %d × %d\n", WIDTH, HEIGHT);
      return 2;
    }

  renderer = gsk_cairo_renderer_new ();
  if (!gsk_renderer_realize (renderer, NULL, &error))
    {
      fprintf (stderr, "bench-charts: %s\n", error->message);
      return 2;
    }

  printf ("paired scatter, %u points, %d × %d, GSK cairo renderer\n", points, WIDTH, HEIGHT);
  cached = redraw (VS_CHART_VIEW (view), renderer, frames, FALSE);
  printf ("VsChartView redraw, layout cached:            %8.2f ms per frame  (target < %.0f ms,"
          " %u frames)\n", cached, FRAME_TARGET_MS, frames);
  anchor = redraw (VS_CHART_VIEW (view), renderer, anchor_frames, TRUE);
  printf ("anchor: layout recomputed every frame:        %8.2f ms per frame  (%u frames)\n",
          anchor, anchor_frames);
  printf ("ratio anchor / cached: %.0f×\n", anchor / MAX (cached, 0.001));
  printf ("{\"points\": %u, \"redraw_ms\": %.3f, \"anchor_ms\": %.3f, \"target_ms\": %.1f}\n",
          points, cached, anchor, FRAME_TARGET_MS);

  gsk_renderer_unrealize (renderer);
  gtk_window_destroy (GTK_WINDOW (window));
  if (!(cached < FRAME_TARGET_MS))
    {
      fprintf (stderr, "bench-charts: redraw takes %.2f ms, over the %.0f ms target\n", cached,
               FRAME_TARGET_MS);
      return 1;
    }
  return 0;
}
