/* vs-chart-marks.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The marks of a drawn chart — each bar, case marker, matrix cell, latency box, cost point and
 * line point — with where the renderer put them and what each says in words. The chart widget
 * hit-tests the pointer against them, moves keyboard focus through them and reads their text
 * to screen readers. Computed from the spec and the VsChartGeometry of the same draw (the
 * renderer's layout, never redrawn), in reading order; pure data, no drawing and no GTK.
 */
#pragma once

#include "vs-chart-render.h"

G_BEGIN_DECLS

typedef struct
{
  guint   series;   /* series (confusion matrix: actual class row; latency: contender) */
  guint   index;    /* point in the series (bars: category; confusion: predicted column) */
  double  x;        /* centre of the mark, user units of the draw */
  double  y;
  double  width;    /* its box around the centre */
  double  height;
  GArray *indices;  /* paired scatter: every point (guint) the one marker stands for */
  char   *text;     /* the value in words: "Few-shot · accuracy: 82% (95% CI 75%–88%)" */
} VsChartMark;

void       vs_chart_mark_free     (VsChartMark           *mark);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsChartMark, vs_chart_mark_free)

/* The marks of @spec as drawn at @width × @height with @style into @geometry (from
 * vs_chart_render_full() of the same draw); an empty array when the chart shows only a
 * message. */
GPtrArray *vs_chart_marks_compute (VsChartSpec           *spec,
                                   const VsChartGeometry *geometry,
                                   double                 width,
                                   double                 height,
                                   const VsChartStyle    *style);
/* The mark under (@x, @y): the one whose box holds it, else the nearest whose centre is within
 * @slop; -1 when none. */
int        vs_chart_marks_hit     (GPtrArray             *marks,
                                   double                 x,
                                   double                 y,
                                   double                 slop);

G_END_DECLS
