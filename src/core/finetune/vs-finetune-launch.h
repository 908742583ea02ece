/* vs-finetune-launch.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starting a job the way the app's "New fine-tune" and the CLI do: the cost estimate first
 * (examples, tokens by the exact tokenizer, the cookbook's default epochs, the project's
 * training price), then upload(s), create, and the job's row in the project, ready for the
 * tracker (vs-finetune-tracker.h).
 */
#pragma once

#include "vs-finetune-provider.h"

G_BEGIN_DECLS

/* Tokens of one example that are billed at most (OpenAI's gpt-4o family limit). */
#define VS_FINETUNE_EXAMPLE_TOKEN_LIMIT 65536

typedef struct
{
  gint64 n_examples;
  gint64 tokens;          /* Σ min(limit, tokens of each example) */
  int    epochs;          /* as asked, or the cookbook's default for "auto" */
  gboolean epochs_auto;
  gint64 billable_tokens; /* tokens × epochs */
  double price_per_m;     /* training price per 1M tokens; < 0 when the project has none */
  double cost;            /* dollars; < 0 when unknown */
} VsFinetuneEstimate;

/* The cookbook's default epochs for @n_examples (3, more for tiny sets, fewer for huge). */
int       vs_finetune_default_epochs (gint64              n_examples);

/* Reads the chat JSONL file @path (lines that are not chat examples are not counted) and
 * estimates training @model for @epochs (0 = auto), priced from @project (may be NULL). */
gboolean  vs_finetune_estimate_file  (const char         *path,
                                      const char         *model,
                                      int                 epochs,
                                      VsProject          *project,
                                      VsFinetuneEstimate *estimate,
                                      GError            **error);

/* Fills in @estimate's epochs, billable tokens, price and cost from its n_examples and
 * tokens (as vs_finetune_estimate_file() counted them) for @model and @epochs (0 = auto),
 * priced from @project's table (may be NULL), else from the built-in list of training
 * prices (vs-dataset-cost.h). Reads the project: call it on the project's thread —
 * the counting is what belongs on a worker. */
void      vs_finetune_estimate_price (VsFinetuneEstimate *estimate,
                                      const char         *model,
                                      int                 epochs,
                                      VsProject          *project);

/* Uploads @train (and @validation, may be NULL), creates the job with @params (its file ids
 * are filled in from the uploads), and — when @project is given — stores the job with
 * @endpoint_id (0: none), its hyperparameters, @estimated_cost (< 0: unknown) and the
 * snapshot an export of the project wrote @train from (found by the file's SHA-256). */
void           vs_finetune_launch_async  (VsFinetuneProvider     *provider,
                                          VsProject              *project,
                                          gint64                  endpoint_id,
                                          GFile                  *train,
                                          GFile                  *validation,
                                          const VsFinetuneParams *params,
                                          double                  estimated_cost,
                                          GCancellable           *cancellable,
                                          GAsyncReadyCallback     callback,
                                          gpointer                user_data);
/* The job as created; @out_job_id gets its row id in the project (0 without a project). */
VsFinetuneJob *vs_finetune_launch_finish (VsFinetuneProvider     *provider,
                                          GAsyncResult           *result,
                                          gint64                 *out_job_id,
                                          GError                **error);

G_END_DECLS
