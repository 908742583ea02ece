/* vs-chart-view.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chart on screen: draws a VsChartSpec through the charts renderer (the same code as PNG,
 * SVG, PDF and reports), in the app's light or dark style. The chart is rendered once per
 * spec, size, scale or style change and kept as a texture; a redraw for hover or focus paints
 * that texture and a ring, never the chart again. The pointer shows the value under it, the
 * arrow keys (Home, End) move focus through the marks and the accessible description says the
 * focused mark's value (else the chart's description); Return or a click on a mark emits
 * ::mark-activated. Its menu (the corner button, right click, Menu or Shift+F10) exports the
 * chart to PNG, SVG or PDF and copies it to the clipboard as an image.
 */
#pragma once

#include <gtk/gtk.h>

#include "vs-chart-marks.h"
#include "vs-chart-spec.h"

G_BEGIN_DECLS

#define VS_TYPE_CHART_VIEW (vs_chart_view_get_type ())
G_DECLARE_FINAL_TYPE (VsChartView, vs_chart_view, VS, CHART_VIEW, GtkWidget)

GtkWidget         *vs_chart_view_new              (VsChartSpec  *spec);
VsChartSpec       *vs_chart_view_get_spec         (VsChartView  *self);
/* Replaces the chart (NULL: draws nothing). Also call after editing the spec in place: the
 * chart is redrawn when its change counter moved. */
void               vs_chart_view_set_spec         (VsChartView  *self,
                                                   VsChartSpec  *spec);
/* Text size relative to the renderer's default (presentation mode uses about 1.6). */
double             vs_chart_view_get_font_scale   (VsChartView  *self);
void               vs_chart_view_set_font_scale   (VsChartView  *self,
                                                   double        font_scale);
/* Whether the chart is drawn for a dark background (follows AdwStyleManager). */
gboolean           vs_chart_view_get_dark         (VsChartView  *self);

/* The marks as last drawn (empty before the first draw). */
guint              vs_chart_view_get_n_marks      (VsChartView  *self);
const VsChartMark *vs_chart_view_get_mark         (VsChartView  *self,
                                                   guint         index);
/* The mark with keyboard focus, -1 when none; setting it also updates the accessible
 * description. */
int                vs_chart_view_get_focused_mark (VsChartView  *self);
void               vs_chart_view_set_focused_mark (VsChartView  *self,
                                                   int           index);
/* The value under the pointer, as the tooltip shows it; NULL when the pointer is on no mark. */
const char        *vs_chart_view_get_hover_text   (VsChartView  *self);
/* The description a screen reader gets now (the focused mark's value or the chart's). */
const char        *vs_chart_view_get_description  (VsChartView  *self);

/* Writes the chart to @path (PNG, SVG or PDF by its extension) at the view's size (at least
 * 640 × 400) in its current style. */
gboolean           vs_chart_view_export           (VsChartView  *self,
                                                   const char   *path,
                                                   GError      **error);
/* The chart as an image at twice the view's size (what Copy puts on the clipboard). */
GdkTexture        *vs_chart_view_dup_texture      (VsChartView  *self);
/* Items added to the chart's menu after Export… and Copy (e.g. Present). */
void               vs_chart_view_set_extra_menu   (VsChartView  *self,
                                                   GMenuModel   *menu);

G_END_DECLS
