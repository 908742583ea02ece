/* vs-chart-palette.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vs-chart-palette.h"

#define RGB(r, g, b) { (r) / 255.0, (g) / 255.0, (b) / 255.0 }

/* Okabe & Ito (2008), "Color Universal Design", in the order that keeps neighbours apart.
 * Black is left out: it is the ink colour. */
static const VsChartColor series[] = {
  RGB (0x00, 0x72, 0xB2), /* blue */
  RGB (0xE6, 0x9F, 0x00), /* orange */
  RGB (0x00, 0x9E, 0x73), /* bluish green */
  RGB (0xCC, 0x79, 0xA7), /* reddish purple */
  RGB (0x56, 0xB4, 0xE9), /* sky blue */
  RGB (0xD5, 0x5E, 0x00), /* vermillion */
  RGB (0xF0, 0xE4, 0x42), /* yellow */
};

static const VsChartColor ink[2] = { RGB (0x24, 0x1F, 0x31), RGB (0xFF, 0xFF, 0xFF) };
static const VsChartColor grid[2] = { RGB (0xDE, 0xDD, 0xDA), RGB (0x45, 0x45, 0x4A) };
static const VsChartColor background[2] = { RGB (0xFF, 0xFF, 0xFF), RGB (0x24, 0x24, 0x24) };

guint
vs_chart_palette_size (void)
{
  return G_N_ELEMENTS (series);
}

const VsChartColor *
vs_chart_palette_series (guint index)
{
  return &series[index % G_N_ELEMENTS (series)];
}

const VsChartColor *
vs_chart_palette_ink (gboolean dark)
{
  return &ink[dark ? 1 : 0];
}

const VsChartColor *
vs_chart_palette_grid (gboolean dark)
{
  return &grid[dark ? 1 : 0];
}

const VsChartColor *
vs_chart_palette_background (gboolean dark)
{
  return &background[dark ? 1 : 0];
}
