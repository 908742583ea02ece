/* vs-chart-axis.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Axis arithmetic shared by every chart kind: "nice" tick positions on 1-2-5 steps and
 * number formatting that matches the tick step (no 0.30000000000000004, 12k not 12000).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double min;   /* first tick, at or below the data's minimum */
  double max;   /* last tick, at or above the data's maximum */
  double step;  /* 1, 2 or 5 times a power of ten */
  guint  n;     /* number of ticks, min and max included */
} VsChartTicks;

/* Ticks covering [@lo, @hi] with about @target intervals. Non-finite input, equal ends and
 * reversed ends all give a usable axis. */
void   vs_chart_ticks           (double        lo,
                                 double        hi,
                                 guint         target,
                                 VsChartTicks *ticks);
double vs_chart_ticks_get       (const VsChartTicks *ticks,
                                 guint         index);
/* @value with as many decimals as @step needs; 1e4 and beyond as 12k / 3.4M / 1.2G. */
char  *vs_chart_format_number   (double        value,
                                 double        step);
/* A value for a label: percentages for fractions, the unit after the number ("120 ms"),
 * currency symbols before it ("$0.42"). Not finite values are "–". */
char  *vs_chart_format_value    (double        value,
                                 gboolean      percent,
                                 const char   *unit);

G_END_DECLS
