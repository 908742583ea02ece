/* vs-run-charts.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Chart specs from an evaluation run (vs-run-data.h), one per kind:
 *   bars              each metric per contender: pass rate with Wilson 95% whiskers, the
 *                     mean of each 0–1 scored metric with bootstrap 95% whiskers;
 *   paired-scatter    one point per case, x = contender A, y = contender B (per-case pass
 *                     rate over repeats, or a scored metric's mean), y = x line; A and B are
 *                     the first two contenders unless named; each point's label names its
 *                     case and vs_run_chart_get_case() gives the case's ordinal;
 *   confusion-matrix  actual × predicted labels of the first contender with a label metric
 *                     (or the named one);
 *   latency           per-case latency of each contender (mean over repeats), box plot;
 *   cost-quality      cost per 1,000 requests against pass rate (or a metric), Pareto front;
 *   breakeven         total cost against the number of requests: the baseline (first
 *                     contender without training cost) against each contender with one.
 * A chart without data is still a spec: no series, and a message that says why (no prices →
 * no cost axis; no training cost → no breakeven; no label metric → no confusion matrix),
 * which the renderer draws in the chart area and vs_chart_describe() reads out. Every spec
 * has a title, a subtitle naming the run, and labelled axes with units.
 *
 * Pure functions of the data: call them on any thread.
 */
#pragma once

#include "vs-chart-spec.h"
#include "vs-run-data.h"

G_BEGIN_DECLS

typedef struct
{
  const char *a;          /* paired-scatter: contender on x; NULL: the first */
  const char *b;          /* paired-scatter: contender on y; NULL: the second (or the first
                           * other than a) */
  const char *contender;  /* confusion-matrix: NULL: the first with a label metric */
  const char *metric;     /* bars: only this metric; paired-scatter, cost-quality: this
                           * metric's mean instead of the pass rate. "pass_rate" names the
                           * pass rate. NULL: the default */
} VsRunChartOptions;

/* The kinds a run has, in the order the dashboard and reports show them. */
const VsChartKind *vs_run_chart_kinds      (guint                   *n_kinds);

/* The spec of @kind for @data. NULL with VS_ERROR_INVALID when @kind is not a run chart
 * (loss-curves) or @options names a contender or metric the run does not have — a usage
 * error, not missing data. */
VsChartSpec       *vs_run_chart_build      (VsRunData               *data,
                                            VsChartKind              kind,
                                            const VsRunChartOptions *options,
                                            GError                 **error);

/* The case ordinal of point @index of the paired scatter's only series (as in the run's
 * results and vs_eval_export); -1 when the spec has no such point. Works on specs built by
 * vs_run_chart_build() and on ones read back from its JSON (through the point labels). */
gint64             vs_run_chart_get_case   (VsChartSpec             *spec,
                                            guint                    index);

G_END_DECLS
