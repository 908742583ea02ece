/* vs-dataset-validate.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chat fine-tuning data checker: every example (a JSON object with "messages", as in
 * OpenAI's chat JSONL) is checked against the OpenAI cookbook's error keys, counted the way
 * the cookbook counts them, plus the checks for modern data (weights, tool calls) and the
 * warnings; the examples without errors feed the token statistics (exact tokenizer, numpy
 * quantiles). A VsDatasetValidator is fed one record at a time, so files of any size stream.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vs-dataset-reader.h"
#include "vs-tokenizer.h"

G_BEGIN_DECLS

/* The training example limit for gpt-4o / gpt-4o-mini, and for gpt-3.5-turbo-0125. */
#define VS_DATASET_TOKEN_LIMIT_DEFAULT 65536
#define VS_DATASET_TOKEN_LIMIT_GPT35   16385

/* The Jaccard similarity from which two examples are reported as near duplicates. */
#define VS_DATASET_NEAR_THRESHOLD_DEFAULT 0.85

/* One error or warning. @message starts with "line L: " (or the reader's
 * "line L, column C: ") and says what to change. @other_line is the line of the example a
 * duplicate or near_duplicate repeats (the first one seen), else 0. */
typedef struct
{
  gint64    line;
  char     *key;
  char     *message;
  gboolean  is_error;
  gint64    other_line;
} VsDatasetCheck;

void vs_dataset_check_free (VsDatasetCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsDatasetCheck, vs_dataset_check_free)

/* The token limit of @model's training examples (16,385 for gpt-3.5…, 65,536 otherwise). */
gint64 vs_dataset_token_limit_for_model (const char *model);

typedef struct _VsDatasetValidator VsDatasetValidator;

/* @tokenizer may be NULL for the o200k_base default. */
VsDatasetValidator *vs_dataset_validator_new         (VsTokenizer            *tokenizer,
                                                      gint64                  token_limit);
void                vs_dataset_validator_free        (VsDatasetValidator     *self);
/* The duplicate warnings: `duplicate` when @exact (the example's vs_dataset_row_dedup_text()
 * hashed as VsDatasetDedup does), `near_duplicate` when @near_threshold is above 0
 * (VsDatasetNearDedup; an exact duplicate is not also a near one). Both are on by default,
 * with VS_DATASET_NEAR_THRESHOLD_DEFAULT; call before the first example. */
void                vs_dataset_validator_set_duplicate_checks (VsDatasetValidator *self,
                                                               gboolean            exact,
                                                               double              near_threshold);
/* Checks one example read from @line; returns TRUE when it has no error. */
gboolean            vs_dataset_validator_add_example (VsDatasetValidator     *self,
                                                      gint64                  line,
                                                      JsonObject             *example);
/* A record the reader could not use (not_an_object → data_type, invalid_json, invalid_utf8,
 * …), counted as an example with an error; notes that belong to no record (empty_file) become
 * warnings, and notes about a record that was still read (big_integer) are left out. */
void                vs_dataset_validator_add_reader_problem (VsDatasetValidator     *self,
                                                             const VsDatasetProblem *problem);
/* Reads @reader to its end, adding each record and each reader problem in order — exactly
 * what calling vs_dataset_validator_add_reader_problem() for the problems the reader reports
 * and vs_dataset_validator_add_example() for each record would add — with the checks and
 * token counts on @n_threads worker threads (0: all in the calling thread) while the calling
 * thread reads and merges the results in line order. JSONL lines are parsed on the workers
 * too (vs_dataset_reader_next_line()), so the reader's columns are not collected then. The reader must not be used elsewhere
 * until this returns. FALSE with @error when reading fails or @cancellable is cancelled
 * (what was read before stays added). */
gboolean            vs_dataset_validator_add_reader  (VsDatasetValidator     *self,
                                                      VsDatasetReader        *reader,
                                                      guint                   n_threads,
                                                      GCancellable           *cancellable,
                                                      GError                **error);

/* Everything so far. Counts are per key; the problems are in the order found
 * (VsDatasetCheck). */
gint64              vs_dataset_validator_get_n_examples       (VsDatasetValidator *self);
gint64              vs_dataset_validator_get_n_valid_examples (VsDatasetValidator *self);
gint64              vs_dataset_validator_get_n_errors         (VsDatasetValidator *self);
GPtrArray          *vs_dataset_validator_get_problems         (VsDatasetValidator *self);
/* {"examples", "valid_examples", "errors": {KEY: COUNT}, "warnings": {…}, "problems":
 * [{"line", "key", "message"}], "stats": …} — the `dataset validate --json` contract. */
JsonNode           *vs_dataset_validator_to_json              (VsDatasetValidator *self);
/* {"total_tokens", "assistant_tokens", "min_tokens", "max_tokens", "mean_tokens",
 * "median_tokens", "p10_tokens", "p90_tokens", "over_limit"} over the examples without
 * errors; the figures are null when there is none. */
JsonNode           *vs_dataset_validator_stats_to_json        (VsDatasetValidator *self);

/* Σ min(limit, tokens) over the examples without errors: one epoch's billable tokens for the
 * cost estimate (vs-dataset-cost.h). */
gint64              vs_dataset_validator_get_billable_tokens  (VsDatasetValidator *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsDatasetValidator, vs_dataset_validator_free)

G_END_DECLS
