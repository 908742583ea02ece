/* vs-eval-estimate.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What an evaluation will ask and cost before it starts ("New evaluation" shows it for the
 * user to confirm): the cases of a dataset split, the requests (cases × contenders ×
 * repeats), and tokens from a sample of up to VS_EVAL_ESTIMATE_SAMPLE cases rendered with each
 * contender's template through the project's request builder and counted by the model's
 * tokenizer; answers are estimated at the length of the expected column (0 without one).
 * Prices from the spec, else the project's table; the batch cost takes each price's batch
 * discount off. Main thread (it reads the project).
 */
#pragma once

#include "vs-eval-spec.h"
#include "vs-project.h"

G_BEGIN_DECLS

#define VS_EVAL_ESTIMATE_SAMPLE 20

typedef struct
{
  gint64 n_cases;
  gint64 n_requests;
  double prompt_tokens;       /* over all requests */
  double completion_tokens;   /* over all requests */
  double cost_usd;            /* of the contenders with a price */
  double batch_cost_usd;      /* the same requests sent as batches (the batch discount off) */
  guint  n_unpriced;          /* contenders whose model has no price */
} VsEvalEstimate;

/* For @spec's cases from the project dataset @dataset_id (its @split; NULL: every split;
 * rejected records left out). FALSE with @error set when a template cannot be rendered with
 * a case (the problem named). */
gboolean vs_eval_estimate_dataset (VsProject       *project,
                                   VsEvalSpec      *spec,
                                   gint64           dataset_id,
                                   const char      *split,
                                   VsEvalEstimate  *out,
                                   GError         **error);

G_END_DECLS
