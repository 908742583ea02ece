/* vs-chart-private.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Statistics the renderer and the text description share, so the words and the picture
 * always agree: latency summaries, the Pareto front, where two cost lines cross.
 */
#pragma once

#include "vs-chart-spec.h"

G_BEGIN_DECLS

typedef struct
{
  double   x;
  double   y;
  guint    series;
  guint    index;
  gboolean front;   /* on the Pareto front: nothing else is both cheaper and better */
} VsChartPoint;

/* min, p50, p95, max of the finite values; FALSE when there are none. */
gboolean _vs_chart_summary        (const VsChartSeries *series,
                                   double               out[4],
                                   guint               *n_finite);
/* Every finite (x, y) point of every series, Pareto front marked (low x, high y is best). */
GArray  *_vs_chart_points         (VsChartSpec         *spec);
/* The first place where the piecewise-linear lines @a and @b cross; @a_below_before (may be
 * NULL) says whether @a was the lower line just before it. */
gboolean _vs_chart_crossing       (const VsChartSeries *a,
                                   const VsChartSeries *b,
                                   double              *x,
                                   double              *y,
                                   gboolean            *a_below_before);
/* Values that cannot be drawn: y (or x, when given) missing or not finite. */
guint    _vs_chart_count_hidden   (VsChartSpec         *spec);
/* Test hook: how many chart layouts the renderer has computed in this process (a draw of an
 * unchanged spec at the same size and style reuses the last one). */
guint    _vs_chart_layout_get_computations (void);

G_END_DECLS
