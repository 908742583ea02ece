/* vs-run-data.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One read of a run for everything that shows it: the summary (with per-case rows), the
 * stored spec, and per contender its price and training cost.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "vs-error.h"
#include "vs-eval-decision.h"
#include "vs-eval-summary.h"
#include "vs-finetune-store.h"
#include "vs-json.h"
#include "vs-prices.h"
#include "vs-run-data.h"

G_DEFINE_BOXED_TYPE (VsRunData, vs_run_data, vs_run_data_ref, vs_run_data_unref)

static void
contender_free (gpointer data)
{
  VsRunContender *c = data;

  g_free (c->name);
  g_free (c->model);
  g_free (c->training_source);
  g_free (c);
}

static void
run_data_clear (gpointer data)
{
  VsRunData *self = data;

  g_clear_pointer (&self->run, vs_run_info_free);
  g_clear_pointer (&self->spec, vs_eval_spec_free);
  g_clear_pointer (&self->summary, json_object_unref);
  g_clear_pointer (&self->contenders, g_ptr_array_unref);
  g_clear_pointer (&self->project_name, g_free);
}

VsRunData *
vs_run_data_ref (VsRunData *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  return g_atomic_rc_box_acquire (data);
}

void
vs_run_data_unref (VsRunData *data)
{
  g_return_if_fail (data != NULL);
  g_atomic_rc_box_release_full (data, run_data_clear);
}

double
vs_run_data_number (JsonObject *object,
                    const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_DOUBLE &&
       json_node_get_value_type (node) != G_TYPE_INT64))
    return NAN;
  return json_node_get_double (node);
}

double
vs_run_data_interval (JsonObject *object,
                      const char *member,
                      guint       index)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  JsonArray *array;
  JsonNode *element;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NAN;
  array = json_node_get_array (node);
  if (index >= json_array_get_length (array))
    return NAN;
  element = json_array_get_element (array, index);
  if (!JSON_NODE_HOLDS_VALUE (element))
    return NAN;
  return json_node_get_double (element);
}

static double
price_of (JsonObject *price,
          const char *member)
{
  return vs_run_data_number (price, member);
}

/* Training cost of a contender without one in the spec, from its fine-tune job. */
static void
training_from_job (VsProject      *project,
                   VsEvalSpec     *spec,
                   VsRunContender *c)
{
  g_autoptr(VsFinetuneJobInfo) job = NULL;
  const char *job_name;

  if (c->finetune_job_id <= 0)
    return;
  job = vs_finetune_store_get (project, c->finetune_job_id, NULL);
  if (job == NULL)
    return;
  job_name = job->remote_id ? job->remote_id : vs_finetune_job_info_get_display_model (job);
  if (job->estimated_cost >= 0)
    {
      c->training_cost = job->estimated_cost;
      /* Translators: %s is a fine-tune job's id at its provider. */
      c->training_source = g_strdup_printf (_("the cost recorded with fine-tune job %s"),
                                            job_name);
      return;
    }
  if (job->trained_tokens > 0 && job->base_model != NULL)
    {
      JsonNode *node = json_object_get_member (spec->prices, job->base_model);
      double per_m = NAN;

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        per_m = price_of (json_node_get_object (node), "training");
      if (isnan (per_m))
        {
          gboolean known = FALSE;
          g_autoptr(VsPrice) price = vs_prices_lookup (project, job->base_model, &known);

          if (known)
            per_m = price->training_per_m;
        }
      if (!isnan (per_m) && per_m > 0)
        {
          g_autofree char *tokens = vs_eval_format_count ((double) job->trained_tokens);

          c->training_cost = (double) job->trained_tokens * per_m / 1e6;
          c->training_source =
            /* Translators: a fine-tune job's id, its trained tokens, a price per million
             * tokens and the base model. */
            g_strdup_printf (_("fine-tune job %s: %s trained tokens at $%.2f per million "
                               "(%s's training price)"),
                             job_name, tokens, per_m, job->base_model);
        }
    }
}

VsRunData *
vs_run_data_load (VsProject  *project,
                  gint64      run_id,
                  GError    **error)
{
  g_autoptr(VsRunData) self = NULL;
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(JsonObject) spec_object = NULL;
  g_autoptr(GHashTable) cases = NULL;
  g_autofree char *spec_text = NULL;
  JsonArray *contenders;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  self = g_atomic_rc_box_new0 (VsRunData);
  self->label_metric = -1;
  self->contenders = g_ptr_array_new_with_free_func (contender_free);
  self->project_name = vs_project_dup_name (project);
  self->run = vs_run_store_get (project, run_id, error);
  if (self->run == NULL)
    return NULL;
  spec_text = vs_run_store_dup_spec (project, run_id, error);
  if (spec_text == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                     _("Run “%s” has no evaluation spec"), self->run->name);
      return NULL;
    }
  spec_object = vs_json_parse_object (spec_text, -1, error);
  if (spec_object == NULL)
    return NULL;
  self->spec = vs_eval_spec_new_from_json (spec_object, NULL, error);
  if (self->spec == NULL)
    return NULL;
  for (guint i = 0; i < self->spec->metrics->len; i++)
    if (((VsEvalMetric *) g_ptr_array_index (self->spec->metrics, i))->type ==
        VS_EVAL_METRIC_LABEL)
      {
        self->label_metric = (gint) i;
        break;
      }

  summary = vs_eval_summary_build (project, run_id, TRUE, error);
  if (summary == NULL)
    return NULL;
  self->summary = json_object_ref (json_node_get_object (summary));
  contenders = json_object_get_array_member (self->summary, "contenders");
  cases = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (contenders); i++)
    {
      JsonObject *object = json_array_get_object_element (contenders, i);
      VsContenderInfo *info = i < self->run->contenders->len
                              ? g_ptr_array_index (self->run->contenders, i) : NULL;
      VsEvalContender *sc = i < self->spec->contenders->len
                            ? g_ptr_array_index (self->spec->contenders, i) : NULL;
      VsRunContender *c = g_new0 (VsRunContender, 1);
      JsonNode *per_case = json_object_get_member (object, "per_case");

      c->name = g_strdup (json_object_get_string_member (object, "name"));
      c->model = g_strdup (info && info->model ? info->model : sc ? sc->model : NULL);
      c->finetune_job_id = info ? info->finetune_job_id : 0;
      c->summary = object;
      c->priced = c->model != NULL && json_object_has_member (self->spec->prices, c->model);
      c->cost_per_request = c->priced ? vs_run_data_number (object, "cost_per_1k_usd") / 1000
                                      : NAN;
      c->training_cost = NAN;
      if (sc != NULL && !isnan (sc->training_cost_usd))
        {
          c->training_cost = sc->training_cost_usd;
          c->training_source = g_strdup (_("the training cost given in the evaluation spec"));
        }
      else
        training_from_job (project, self->spec, c);
      c->pass_rate = vs_run_data_number (object, "pass_rate");
      c->pass_rate_lower = vs_run_data_interval (object, "pass_rate_ci", 0);
      c->pass_rate_upper = vs_run_data_interval (object, "pass_rate_ci", 1);
      c->p95_latency_ms = vs_run_data_number (json_object_get_object_member (object,
                                                                             "latency_ms"),
                                              "p95");
      if (per_case != NULL && JSON_NODE_HOLDS_ARRAY (per_case))
        {
          JsonArray *array = json_node_get_array (per_case);

          for (guint k = 0; k < json_array_get_length (array); k++)
            {
              gint64 ordinal = json_object_get_int_member (json_array_get_object_element (array,
                                                                                          k),
                                                           "case");

              if (!g_hash_table_contains (cases, &ordinal))
                g_hash_table_add (cases, g_memdup2 (&ordinal, sizeof ordinal));
            }
        }
      g_ptr_array_add (self->contenders, c);
    }
  self->n_cases = g_hash_table_size (cases);
  return g_steal_pointer (&self);
}

gint64
vs_run_data_find_run (VsProject  *project,
                      const char *name_or_id,
                      GError    **error)
{
  g_autoptr(GError) local = NULL;
  gint64 id;

  g_return_val_if_fail (VS_IS_PROJECT (project), 0);
  g_return_val_if_fail (name_or_id != NULL, 0);

  id = vs_run_store_find_by_name (project, name_or_id, &local);
  if (id > 0)
    return id;
  if (local != NULL && !g_error_matches (local, VS_ERROR, VS_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return 0;
    }
  if (*name_or_id != '\0' && strspn (name_or_id, "0123456789") == strlen (name_or_id))
    {
      g_autoptr(VsRunInfo) info = NULL;

      id = (gint64) g_ascii_strtoll (name_or_id, NULL, 10);
      info = id > 0 ? vs_run_store_get (project, id, NULL) : NULL;
      if (info != NULL)
        return id;
    }
  g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND,
               /* Translators: %s is what the user typed as a run's name or id. */
               _("There is no run named or numbered “%s”"), name_or_id);
  return 0;
}

guint
vs_run_data_get_n_contenders (VsRunData *data)
{
  g_return_val_if_fail (data != NULL, 0);
  return data->contenders->len;
}

VsRunContender *
vs_run_data_get_contender (VsRunData *data,
                           guint      index)
{
  g_return_val_if_fail (data != NULL, NULL);
  return index < data->contenders->len ? g_ptr_array_index (data->contenders, index) : NULL;
}

gint
vs_run_data_find_contender (VsRunData  *data,
                            const char *name)
{
  g_return_val_if_fail (data != NULL, -1);

  for (guint i = 0; name != NULL && i < data->contenders->len; i++)
    if (g_strcmp0 (((VsRunContender *) g_ptr_array_index (data->contenders, i))->name,
                   name) == 0)
      return (gint) i;
  return -1;
}

JsonObject *
vs_run_data_get_pair (VsRunData *data,
                      guint      a,
                      guint      b,
                      gboolean  *out_swapped)
{
  JsonArray *pairs;
  VsRunContender *ca, *cb;

  g_return_val_if_fail (data != NULL, NULL);

  ca = vs_run_data_get_contender (data, a);
  cb = vs_run_data_get_contender (data, b);
  if (ca == NULL || cb == NULL || a == b)
    return NULL;
  pairs = json_object_get_array_member (data->summary, "pairs");
  for (guint i = 0; i < json_array_get_length (pairs); i++)
    {
      JsonObject *pair = json_array_get_object_element (pairs, i);
      const char *pa = json_object_get_string_member (pair, "a");
      const char *pb = json_object_get_string_member (pair, "b");

      if (g_strcmp0 (pa, ca->name) == 0 && g_strcmp0 (pb, cb->name) == 0)
        {
          if (out_swapped)
            *out_swapped = FALSE;
          return pair;
        }
      if (g_strcmp0 (pa, cb->name) == 0 && g_strcmp0 (pb, ca->name) == 0)
        {
          if (out_swapped)
            *out_swapped = TRUE;
          return pair;
        }
    }
  return NULL;
}

gboolean
vs_run_data_has_prices (VsRunData *data)
{
  g_return_val_if_fail (data != NULL, FALSE);

  for (guint i = 0; i < data->contenders->len; i++)
    if (((VsRunContender *) g_ptr_array_index (data->contenders, i))->priced)
      return TRUE;
  return FALSE;
}

VsEvalMetric *
vs_run_data_find_metric (VsRunData  *data,
                         const char *name)
{
  g_return_val_if_fail (data != NULL, NULL);

  for (guint i = 0; name != NULL && i < data->spec->metrics->len; i++)
    {
      VsEvalMetric *m = g_ptr_array_index (data->spec->metrics, i);

      if (g_strcmp0 (m->name, name) == 0 && vs_eval_metric_is_scored (m))
        return m;
    }
  return NULL;
}
