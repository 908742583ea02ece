/* vs-eval-summary.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a run says, computed from its stored results and scores: the object the Compare page,
 * the charts, the CLI (`eval summary --json`) and reports all read, and the per-trial export.
 *
 * Summary: {"run": NAME, "contenders": [C, …], "pairs": [P, …]} with
 *   C = {name, cases, trials, passed, failed, errors, pass_rate, pass_rate_ci: [lo, hi],
 *        error_rate, unstable_cases, metrics: {NAME: {mean, ci: [lo, hi]}},
 *        labels: {classes, matrix, per_class: {CLASS: {precision, recall, f1, support}},
 *                 macro_f1} (only with a label metric),
 *        latency_ms: {mean, p50, p95}, tokens: {prompt, completion}, cost_usd,
 *        cost_per_1k_usd, breakeven_requests}
 *   P = {a, b, cases, excluded, a_only, b_only, both, neither, mcnemar_p, pass_rate_diff,
 *        pass_rate_diff_ci, metric_diffs: {NAME: {diff, ci}}} for every i < j.
 * Numbers that cannot be computed (no trials, no pair) are null. A trial passes when every
 * metric with an outcome passes; errors are neither and are left out of pass rates. In pairs
 * a contender passes a case when it passed more than half of its non-error repeats; cases
 * with an error on either side are excluded (counted in "excluded"). Intervals: Wilson 95%
 * for pass rates, seeded percentile bootstrap (10,000 resamples) for means and paired
 * differences (b − a). Breakeven: for a contender with a training cost, the requests after
 * which its cheaper requests repay that cost against the first contender without one (null
 * when it is not cheaper per request).
 *
 * With @with_cases each C also carries "per_case": [{case, passed, failed, errors,
 * latency_ms, scores: {NAME: mean}}] in case order — what the charts draw (paired scatter,
 * latency distribution).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vs-project.h"

G_BEGIN_DECLS

#define VS_EVAL_BOOTSTRAP_RESAMPLES 10000
#define VS_EVAL_BOOTSTRAP_SEED      20260101

JsonNode *vs_eval_summary_build (VsProject   *project,
                                 gint64       run_id,
                                 gboolean     with_cases,
                                 GError     **error);

/* One record per trial, in contender, case and repeat order: {contender, case, repeat, vars,
 * expected, output, passed, error, scores: {NAME: value}, latency_ms, prompt_tokens,
 * completion_tokens, cost_usd, cached}. ".csv" flattens scores into "scores.NAME" columns
 * (vars as JSON text); anything else is JSONL. */
gboolean  vs_eval_export        (VsProject   *project,
                                 gint64       run_id,
                                 const char  *path,
                                 GError     **error);

G_END_DECLS
