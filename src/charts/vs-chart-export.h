/* vs-chart-export.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes a chart to PNG (at 2× pixel ratio), SVG or PDF through cairo's own surfaces, with
 * the same renderer the screen uses. SVG ids get a per-chart prefix, because cairo 1.16 names
 * every file's glyphs and clips alike and inlined charts would borrow each other's glyphs.
 */
#pragma once

#include <gio/gio.h>

#include "vs-chart-render.h"

G_BEGIN_DECLS

typedef enum
{
  VS_CHART_FORMAT_PNG,
  VS_CHART_FORMAT_SVG,
  VS_CHART_FORMAT_PDF,
} VsChartFormat;

/* "png", "svg", "pdf" or a file name ending in one of them (case does not matter). */
gboolean  vs_chart_format_from_string (const char          *path_or_format,
                                       VsChartFormat       *format);

/* Writes @spec to @path; the format follows the extension. @width × @height are in user
 * units (CSS pixels for SVG, points for PDF); PNGs get twice as many pixels each way. */
gboolean  vs_chart_export             (VsChartSpec         *spec,
                                       const char          *path,
                                       double               width,
                                       double               height,
                                       const VsChartStyle  *style,
                                       GError             **error);
/* The same, in memory. @id_prefix (SVG only; NULL picks one from the spec's content) starts
 * every id in the SVG. */
GBytes   *vs_chart_export_to_bytes    (VsChartSpec         *spec,
                                       VsChartFormat        format,
                                       double               width,
                                       double               height,
                                       const VsChartStyle  *style,
                                       const char          *id_prefix,
                                       GError             **error);
/* Rewrites every id="X" in @svg to id="@prefix-X", and every reference to it (#X in href,
 * url(#X)) to match. */
char     *vs_chart_svg_prefix_ids     (const char          *svg,
                                       gsize                length,
                                       const char          *prefix);

G_END_DECLS
