/* vs-chart-palette.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The colours every chart uses: the Okabe–Ito palette, which stays distinguishable for the
 * common kinds of colour blindness, plus ink and grid colours for light and dark backgrounds.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double red;
  double green;
  double blue;
} VsChartColor;

guint              vs_chart_palette_size     (void);
/* The i-th series colour; wraps around after the palette's size. */
const VsChartColor *vs_chart_palette_series  (guint    index);
const VsChartColor *vs_chart_palette_ink     (gboolean dark);
const VsChartColor *vs_chart_palette_grid    (gboolean dark);
const VsChartColor *vs_chart_palette_background (gboolean dark);

G_END_DECLS
