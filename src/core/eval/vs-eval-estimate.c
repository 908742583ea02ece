/* vs-eval-estimate.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "vs-dataset-store.h"
#include "vs-error.h"
#include "vs-eval-estimate.h"
#include "vs-prices.h"
#include "vs-template-request.h"
#include "vs-template.h"
#include "vs-tokenizer.h"

/* The price of @model per 1M tokens and its batch discount: the spec's, else the project's;
 * FALSE when unknown. */
static gboolean
price_of (VsProject  *project,
          VsEvalSpec *spec,
          const char *model,
          double     *input,
          double     *output,
          double     *batch_discount)
{
  JsonObject *p = json_object_has_member (spec->prices, model)
                  ? json_object_get_object_member (spec->prices, model) : NULL;
  gboolean known = FALSE;
  g_autoptr(VsPrice) price = NULL;

  if (p != NULL)
    {
      *input = json_object_get_double_member_with_default (p, "input", 0);
      *output = json_object_get_double_member_with_default (p, "output", 0);
      *batch_discount = json_object_get_double_member_with_default (
        p, "batch_discount", VS_PRICE_DEFAULT_BATCH_DISCOUNT);
      return TRUE;
    }
  price = vs_prices_lookup (project, model, &known);
  if (!known)
    return FALSE;
  *input = price->input_per_m;
  *output = price->output_per_m;
  *batch_discount = price->batch_discount;
  return TRUE;
}

gboolean
vs_eval_estimate_dataset (VsProject       *project,
                          VsEvalSpec      *spec,
                          gint64           dataset_id,
                          const char      *split,
                          VsEvalEstimate  *out,
                          GError         **error)
{
  g_autoptr(GArray) ordinals = NULL;
  g_autoptr(GPtrArray) sample = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                json_object_unref);
  double expected_tokens = 0;
  guint n_sample;

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (spec != NULL && out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  ordinals = vs_dataset_store_list_ordinals (project, dataset_id, split, TRUE, error);
  if (ordinals == NULL)
    return FALSE;
  out->n_cases = ordinals->len;
  out->n_requests = out->n_cases * (gint64) spec->contenders->len * spec->repeats;
  if (ordinals->len == 0)
    return TRUE;

  /* An even sample over the split. */
  n_sample = MIN (ordinals->len, VS_EVAL_ESTIMATE_SAMPLE);
  for (guint i = 0; i < n_sample; i++)
    {
      gint64 ordinal = g_array_index (ordinals, gint64, (gsize) i * ordinals->len / n_sample);
      JsonObject *data = vs_dataset_store_get_record_data (project, dataset_id, ordinal, NULL);

      if (data != NULL)
        g_ptr_array_add (sample, data);
    }
  if (sample->len == 0)
    return TRUE;

  for (guint c = 0; c < spec->contenders->len; c++)
    {
      VsEvalContender *contender = g_ptr_array_index (spec->contenders, c);
      g_autoptr(VsTemplate) template = vs_template_new_from_json (contender->template, error);
      g_autoptr(GPtrArray) examples = NULL;
      VsTokenizer *tokenizer = vs_tokenizer_get_for_model (contender->model, NULL);
      double prompt = 0, input_price, output_price, discount, cost;

      if (template == NULL)
        return FALSE;
      if (contender->template_dir != NULL)
        vs_template_set_base_dir (template, contender->template_dir);
      examples = vs_template_draw_few_shot (template, project, NULL);
      for (guint i = 0; i < sample->len; i++)
        {
          g_autoptr(JsonObject) vars = vs_eval_spec_case_vars (spec,
                                                               g_ptr_array_index (sample, i));
          g_autoptr(VsChatRequest) request = NULL;
          g_autoptr(GError) local = NULL;
          gssize n;

          request = vs_template_build_request (template, vars, examples, NULL, contender->model,
                                               &local);
          if (request == NULL)
            {
              g_set_error (error, VS_ERROR, VS_ERROR_INVALID, _("%s: %s"), contender->name,
                           local->message);
              return FALSE;
            }
          n = tokenizer ? vs_tokenizer_count_chat (tokenizer,
                                                   vs_chat_request_get_messages (request), NULL)
                        : -1;
          prompt += MAX (n, 0);
        }
      prompt = prompt / sample->len * out->n_cases * spec->repeats;
      out->prompt_tokens += prompt;

      if (c == 0 && spec->expected != NULL && tokenizer != NULL)
        {
          for (guint i = 0; i < sample->len; i++)
            {
              const char *text = json_object_get_string_member_with_default (
                g_ptr_array_index (sample, i), spec->expected, "");
              gssize n = vs_tokenizer_count (tokenizer, text, -1, VS_TOKENIZER_ENCODE_DEFAULT,
                                            NULL);

              expected_tokens += MAX (n, 0);
            }
          expected_tokens /= sample->len;
        }
      out->completion_tokens += expected_tokens * out->n_cases * spec->repeats;

      if (price_of (project, spec, contender->model, &input_price, &output_price, &discount))
        {
          cost = (prompt * input_price +
                  expected_tokens * out->n_cases * spec->repeats * output_price) / 1e6;
          out->cost_usd += cost;
          out->batch_cost_usd += cost * (1.0 - CLAMP (discount, 0.0, 1.0));
        }
      else
        out->n_unpriced++;
    }
  return TRUE;
}
