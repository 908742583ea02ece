/* vs-chart-render.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws a VsChartSpec on any cairo_t — the GTK widget, PNG, SVG and PDF all come through
 * here, so what a stakeholder sees on screen is what the report prints. Text goes through
 * Pango layouts. Bad or empty data never crashes: the chart says what is missing instead.
 */
#pragma once

#include <cairo.h>

#include "vs-chart-spec.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean    dark;         /* dark background, light ink */
  const char *font_family;  /* NULL: "Cantarell, DejaVu Sans, sans-serif" */
  double      font_scale;   /* 1.0 = 13 px body text at @width ≥ 640 */
  double      pixel_ratio;  /* device pixels per user unit (2 for HiDPI PNG); aligns hairlines */
} VsChartStyle;

/* Where the data went, for hit-testing in the widget and for tests. Plot coordinates are
 * user units of the cairo_t; x/y ranges are data values at the plot's left/right and
 * bottom/top edges (for bars x runs over category indices 0…n, for the latency chart y over
 * contender rows, for the confusion matrix both over class indices from the top-left). */
typedef struct
{
  gboolean  has_plot;     /* FALSE when the chart shows only a message */
  double    plot_x;
  double    plot_y;
  double    plot_width;
  double    plot_height;
  double    x_min;
  double    x_max;
  double    y_min;
  double    y_max;
  guint     n_hidden;     /* values left out: missing, not finite */
  char     *message;      /* what the chart says instead of (or about) its data, or NULL */
} VsChartGeometry;

void  vs_chart_style_init      (VsChartStyle          *style,
                                gboolean               dark);

void  vs_chart_render          (VsChartSpec           *spec,
                                cairo_t               *cr,
                                double                 width,
                                double                 height,
                                const VsChartStyle    *style);
/* As vs_chart_render(), and fills @geometry (release it with vs_chart_geometry_clear()). */
void  vs_chart_render_full     (VsChartSpec           *spec,
                                cairo_t               *cr,
                                double                 width,
                                double                 height,
                                const VsChartStyle    *style,
                                VsChartGeometry       *geometry);
void  vs_chart_geometry_clear  (VsChartGeometry       *geometry);

/* A sentence or two saying what the chart shows, for screen readers and report text. */
char *vs_chart_describe        (VsChartSpec           *spec);

G_END_DECLS
