/* vs-eval-dialog.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "New Evaluation": the run's name; its cases — a split of one of the project's datasets (the
 * run freezes it as a snapshot) or a JSONL/CSV file — and the column with the expected
 * answer; 1 to 8 contenders, each a saved template version on a saved endpoint with a model
 * (finished fine-tunes offer theirs, with the training cost from the job); metrics; repeats
 * and concurrency; the estimate (requests, tokens, cost — vs-eval-estimate.h) before Start.
 * Start builds the evaluation spec (vs-eval-spec.h), creates the run on core's worker
 * (vs_eval_prepare_run_async) and emits "created" (gint64 run id) before closing; the page
 * that opened it starts the run (VsEvalLauncher).
 *
 * "Run as batch" sends the trials through the providers' batch APIs instead (about half the
 * price, answers within 24 hours): the estimate then shows the batch price beside the online
 * one, requests at once no longer apply, a contender on an endpoint without a batch API
 * (Ollama's native API) is named, and the window submits the run through VsBatchLauncher.
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_EVAL_DIALOG (vs_eval_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VsEvalDialog, vs_eval_dialog, VS, EVAL_DIALOG, AdwWindow)

VsEvalDialog *vs_eval_dialog_new            (VsProject    *project);
/* Adds a contender for the finished fine-tuning job @job_id ("Use in Comparison"). */
void          vs_eval_dialog_add_finetune   (VsEvalDialog *self,
                                             gint64        job_id);
guint         vs_eval_dialog_get_n_contenders (VsEvalDialog *self);
/* "Run as batch": the window submits the created run as batches. */
gboolean      vs_eval_dialog_get_batch      (VsEvalDialog *self);
void          vs_eval_dialog_set_batch      (VsEvalDialog *self,
                                             gboolean      batch);
/* The estimate (or what is missing) as shown. */
const char   *vs_eval_dialog_get_estimate   (VsEvalDialog *self);
/* The spec Start would use (JSON), or NULL with @error saying what is missing. */
JsonObject   *vs_eval_dialog_build_spec     (VsEvalDialog *self,
                                             GError      **error);

G_END_DECLS
