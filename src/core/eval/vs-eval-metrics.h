/* vs-eval-metrics.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How an output is scored: the metrics an evaluation spec names ({"type", "name", options})
 * parsed once, and pure functions that score one output against its expected value. Pass/fail
 * metrics (exact, normalized_exact, contains, regex, json_valid, json_schema, label) always
 * have an outcome; scored ones (token_f1, rouge_l, bleu, judge) pass when they reach their
 * "threshold" and are only reported without one (judge: its verdict's "pass"); latency and
 * cost pass when at most their threshold. An error (a judge reply without a strict verdict) is
 * a third outcome, never a pass. No GObject, no I/O: the runner sends the judge's request.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  VS_EVAL_METRIC_EXACT,
  VS_EVAL_METRIC_NORMALIZED_EXACT,
  VS_EVAL_METRIC_CONTAINS,
  VS_EVAL_METRIC_REGEX,
  VS_EVAL_METRIC_JSON_VALID,
  VS_EVAL_METRIC_JSON_SCHEMA,
  VS_EVAL_METRIC_LABEL,
  VS_EVAL_METRIC_TOKEN_F1,
  VS_EVAL_METRIC_ROUGE_L,
  VS_EVAL_METRIC_BLEU,
  VS_EVAL_METRIC_JUDGE,
  VS_EVAL_METRIC_LATENCY,
  VS_EVAL_METRIC_COST,
} VsEvalMetricType;

typedef enum
{
  VS_EVAL_OUTCOME_NONE,  /* reported only */
  VS_EVAL_OUTCOME_PASS,
  VS_EVAL_OUTCOME_FAIL,
  VS_EVAL_OUTCOME_ERROR,
} VsEvalOutcome;

typedef struct
{
  VsEvalMetricType  type;
  char             *name;          /* unique in a run; defaults to the type's name */
  char             *value;         /* contains / regex */
  GRegex           *regex;         /* regex, compiled */
  JsonObject       *schema;        /* json_schema */
  gboolean          has_threshold;
  double            threshold;
  JsonObject       *options;       /* the whole spec object (judge: template, endpoint, …) */
} VsEvalMetric;

const char   *vs_eval_metric_type_to_string   (VsEvalMetricType  type);
gboolean      vs_eval_metric_type_from_string (const char       *text,
                                               VsEvalMetricType *type);
/* Parses {"type": …, "name": …, "value": …, "schema": …, "threshold": …}; VS_ERROR_INVALID
 * with a message naming the metric when an option is missing or wrong. */
VsEvalMetric *vs_eval_metric_new_from_json    (JsonObject       *object,
                                               GError          **error);
void          vs_eval_metric_free             (VsEvalMetric     *metric);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsEvalMetric, vs_eval_metric_free)
/* TRUE for the metrics that give a number beside pass/fail (token_f1, rouge_l, bleu, judge,
 * latency, cost). */
gboolean      vs_eval_metric_is_scored        (const VsEvalMetric *metric);

typedef struct
{
  double         value;    /* NAN when none (an error); pass/fail metrics give 1 or 0 */
  VsEvalOutcome  outcome;
  char          *reason;   /* judge's reason; NULL otherwise */
  char          *error;    /* why the outcome is an error */
} VsEvalScore;

void          vs_eval_score_clear             (VsEvalScore      *score);

/* Scores @output (NULL: "") against @expected (NULL: "") for every type but judge, whose
 * score comes from vs_eval_score_verdict() on the judge's reply. @latency_ms and @cost_usd
 * feed the latency and cost metrics (< 0: unknown → error). */
void          vs_eval_metric_score            (const VsEvalMetric *metric,
                                               const char         *output,
                                               const char         *expected,
                                               double              latency_ms,
                                               double              cost_usd,
                                               VsEvalScore        *out);
/* A judge's reply → its score: the reply must be exactly one JSON object (surrounding blanks
 * allowed) with "reason" (string), "score" (number in 0…1) and "pass" (boolean); anything
 * else is an ERROR outcome with the reason in @out->error. */
void          vs_eval_score_verdict           (const VsEvalMetric *metric,
                                               const char         *reply,
                                               VsEvalScore        *out);

/* The building blocks, exposed for tests and the Compare page. */

/* Lowercase, punctuation removed, blanks collapsed to one space, trimmed. */
char         *vs_eval_normalize               (const char       *text);
/* Lowercase word tokens (runs of letters and digits). */
GStrv         vs_eval_tokens                  (const char       *text);
/* SQuAD's F1: lowercase, punctuation and the articles a/an/the removed, split on blanks;
 * 1 when both are empty, 0 when only one is. */
double        vs_eval_token_f1                (const char       *prediction,
                                               const char       *reference);
/* F1 of the longest common subsequence of vs_eval_tokens(); 1 when both are empty. */
double        vs_eval_rouge_l                 (const char       *prediction,
                                               const char       *reference);
/* Sentence BLEU-4 over vs_eval_tokens(): modified n-gram precisions, unigram unsmoothed,
 * add-one smoothing for n ≥ 2, geometric mean, brevity penalty exp(1 - r/c) when c ≤ r.
 * 0 when the prediction is empty or no unigram matches. */
double        vs_eval_bleu                    (const char       *prediction,
                                               const char       *reference);
/* Checks @value against the schema subset: type (object, array, string, number, integer,
 * boolean, null — or a list of them), required, properties (recursively), enum, items.
 * FALSE with where and why in @why. */
gboolean      vs_eval_json_schema_check       (JsonNode         *value,
                                               JsonObject       *schema,
                                               char            **why);
/* Parses @output as JSON after trimming blanks and one surrounding ``` fence; NULL when it
 * is not JSON. */
JsonNode     *vs_eval_parse_json_output       (const char       *output);

G_END_DECLS
