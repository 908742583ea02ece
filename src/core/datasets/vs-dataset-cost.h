/* vs-dataset-cost.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What fine-tuning on a file will cost, the way OpenAI's cookbook estimates it: the default
 * number of epochs from the number of examples, billable tokens as each example's tokens
 * capped at the model's limit, summed and multiplied by the epochs, priced with the project's
 * training price per million tokens (vs_prices_lookup) or, without a project, a built-in list.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vs-project.h"

G_BEGIN_DECLS

/* The cookbook's constants. */
#define VS_DATASET_TARGET_EPOCHS       3
#define VS_DATASET_MIN_TARGET_EXAMPLES 100
#define VS_DATASET_MAX_TARGET_EXAMPLES 25000
#define VS_DATASET_MIN_DEFAULT_EPOCHS  1
#define VS_DATASET_MAX_DEFAULT_EPOCHS  25

/* The cookbook's default epochs for @n_examples: 3; when n·3 < 100, min(25, ⌊100/n⌋); when
 * n·3 > 25,000, max(1, ⌊25,000/n⌋). 0 for no examples. */
gint64   vs_dataset_default_epochs    (gint64        n_examples);

/* Σ min(@limit, tokens[i]) over @n examples (one epoch). @limit ≤ 0: no cap. */
gint64   vs_dataset_billable_tokens   (const gint64 *tokens,
                                       gsize         n,
                                       gint64        limit);

/* The built-in training price of @model in USD per 1M tokens (OpenAI's published list prices
 * for supervised fine-tuning; the longest matching name prefix, so dated snapshots match);
 * FALSE when the list does not know the model. */
gboolean vs_dataset_builtin_training_price (const char *model,
                                            double     *price_per_m);

typedef struct
{
  gint64   n_examples;
  gint64   epochs;
  gint64   tokens_per_epoch;  /* Σ min(limit, tokens_i) */
  gint64   billable_tokens;   /* tokens_per_epoch × epochs */
  gboolean price_known;
  double   price_per_mtok;    /* training price per 1M tokens; 0 when unknown */
  double   estimated_usd;     /* billable_tokens × price / 1M; 0 when unknown */
} VsDatasetCost;

/* The estimate for @n_examples whose capped tokens per epoch are @tokens_per_epoch, with
 * @epochs (≤ 0: the default rule). The price comes from @project's table when @project is
 * given and has a row for @model, else from the built-in list; @model may be NULL (no price). */
void     vs_dataset_cost_estimate     (VsProject     *project,
                                       const char    *model,
                                       gint64         n_examples,
                                       gint64         tokens_per_epoch,
                                       gint64         epochs,
                                       VsDatasetCost *cost);

/* {"epochs", "billable_tokens", "price_per_mtok", "estimated_usd"}, or NULL when the price is
 * not known (the CLI then leaves "cost" out). */
JsonNode *vs_dataset_cost_to_json     (const VsDatasetCost *cost);

G_END_DECLS
