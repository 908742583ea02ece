/* vs-dataset-cost.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cookbook's epoch rule and billable-token formula ("Chat_finetuning_data_prep"), and the
 * price to apply: the project's table first, then a short built-in list so that a file can be
 * estimated without a project.
 */
#include "config.h"

#include <string.h>

#include "vs-dataset-cost.h"
#include "vs-prices.h"

gint64
vs_dataset_default_epochs (gint64 n_examples)
{
  gint64 epochs = VS_DATASET_TARGET_EPOCHS;

  if (n_examples <= 0)
    return 0;
  if (n_examples * VS_DATASET_TARGET_EPOCHS < VS_DATASET_MIN_TARGET_EXAMPLES)
    epochs = MIN (VS_DATASET_MAX_DEFAULT_EPOCHS, VS_DATASET_MIN_TARGET_EXAMPLES / n_examples);
  else if (n_examples * VS_DATASET_TARGET_EPOCHS > VS_DATASET_MAX_TARGET_EXAMPLES)
    epochs = MAX (VS_DATASET_MIN_DEFAULT_EPOCHS, VS_DATASET_MAX_TARGET_EXAMPLES / n_examples);
  return epochs;
}

gint64
vs_dataset_billable_tokens (const gint64 *tokens,
                            gsize         n,
                            gint64        limit)
{
  gint64 sum = 0;

  g_return_val_if_fail (n == 0 || tokens != NULL, 0);

  for (gsize i = 0; i < n; i++)
    sum += limit > 0 ? MIN (limit, MAX (tokens[i], 0)) : MAX (tokens[i], 0);
  return sum;
}

/* USD per 1M training tokens, OpenAI's list prices for supervised fine-tuning (2025). A
 * project's price table overrides these. */
static const struct
{
  const char *prefix;
  double      price;
} builtin_prices[] = {
  { "gpt-4.1-nano", 1.50 },
  { "gpt-4.1-mini", 5.00 },
  { "gpt-4.1", 25.00 },
  { "gpt-4o-mini", 3.00 },
  { "gpt-4o", 25.00 },
  { "gpt-3.5-turbo", 8.00 },
  { "davinci-002", 6.00 },
  { "babbage-002", 0.40 },
};

gboolean
vs_dataset_builtin_training_price (const char *model,
                                   double     *price_per_m)
{
  gsize best = 0;
  double price = 0;

  if (model == NULL)
    return FALSE;
  /* An "ft:BASE:org::id" model trains at its base's price. */
  if (g_str_has_prefix (model, "ft:"))
    model += 3;
  for (guint i = 0; i < G_N_ELEMENTS (builtin_prices); i++)
    {
      gsize length = strlen (builtin_prices[i].prefix);

      if (g_ascii_strncasecmp (model, builtin_prices[i].prefix, length) == 0 &&
          (model[length] == '\0' || model[length] == '-' || model[length] == ':') &&
          length > best)
        {
          best = length;
          price = builtin_prices[i].price;
        }
    }
  if (best == 0)
    return FALSE;
  if (price_per_m != NULL)
    *price_per_m = price;
  return TRUE;
}

void
vs_dataset_cost_estimate (VsProject     *project,
                          const char    *model,
                          gint64         n_examples,
                          gint64         tokens_per_epoch,
                          gint64         epochs,
                          VsDatasetCost *cost)
{
  g_return_if_fail (cost != NULL);

  memset (cost, 0, sizeof *cost);
  cost->n_examples = MAX (n_examples, 0);
  cost->epochs = epochs > 0 ? epochs : vs_dataset_default_epochs (n_examples);
  cost->tokens_per_epoch = MAX (tokens_per_epoch, 0);
  cost->billable_tokens = cost->tokens_per_epoch * cost->epochs;

  if (model == NULL)
    return;
  if (project != NULL)
    {
      gboolean known = FALSE;
      g_autoptr(VsPrice) price = vs_prices_lookup (project, model, &known);

      if (known)
        {
          cost->price_known = TRUE;
          cost->price_per_mtok = price->training_per_m;
        }
    }
  if (!cost->price_known)
    cost->price_known = vs_dataset_builtin_training_price (model, &cost->price_per_mtok);
  if (cost->price_known)
    cost->estimated_usd = cost->billable_tokens * cost->price_per_mtok / 1e6;
}

JsonNode *
vs_dataset_cost_to_json (const VsDatasetCost *cost)
{
  JsonObject *object;
  JsonNode *node;

  g_return_val_if_fail (cost != NULL, NULL);

  if (!cost->price_known)
    return NULL;
  object = json_object_new ();
  json_object_set_int_member (object, "epochs", cost->epochs);
  json_object_set_int_member (object, "billable_tokens", cost->billable_tokens);
  json_object_set_double_member (object, "price_per_mtok", cost->price_per_mtok);
  json_object_set_double_member (object, "estimated_usd", cost->estimated_usd);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}
