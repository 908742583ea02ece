/* vs-finetune-launch.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The estimate reads the file line by line (a stream, not the whole file); the launch is a
 * chain: upload train → upload validation → create → store.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vs-dataset-cost.h"
#include "vs-dataset-snapshot.h"
#include "vs-finetune-launch.h"
#include "vs-json.h"
#include "vs-prices.h"
#include "vs-tokenizer.h"

int
vs_finetune_default_epochs (gint64 n)
{
  /* The cookbook's rule (vs-dataset-cost.h); 3 when there is nothing to count yet. */
  return n > 0 ? (int) vs_dataset_default_epochs (n) : 3;
}

gboolean
vs_finetune_estimate_file (const char         *path,
                           const char         *model,
                           int                 epochs,
                           VsProject          *project,
                           VsFinetuneEstimate *estimate,
                           GError            **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GDataInputStream) data = NULL;
  VsTokenizer *tokenizer;
  char *line;
  gsize length;

  g_return_val_if_fail (path != NULL && model != NULL && estimate != NULL, FALSE);

  memset (estimate, 0, sizeof *estimate);
  estimate->price_per_m = -1;
  estimate->cost = -1;
  file = g_file_new_for_path (path);
  input = g_file_read (file, NULL, error);
  if (input == NULL)
    return FALSE;
  data = g_data_input_stream_new (G_INPUT_STREAM (input));
  g_data_input_stream_set_newline_type (data, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  tokenizer = vs_tokenizer_get_for_model (model, NULL);
  while ((line = g_data_input_stream_read_line (data, &length, NULL, error)) != NULL)
    {
      g_autofree char *text = line;
      g_autoptr(JsonNode) node = NULL;
      JsonObject *object;
      JsonNode *messages;
      gssize n;

      if (*g_strstrip (text) == '\0')
        continue;
      node = vs_json_parse (text, -1, NULL);
      object = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      messages = object ? json_object_get_member (object, "messages") : NULL;
      if (messages == NULL || !JSON_NODE_HOLDS_ARRAY (messages))
        continue;
      n = vs_tokenizer_count_chat (tokenizer, json_node_get_array (messages), NULL);
      if (n < 0)
        continue;
      estimate->n_examples++;
      estimate->tokens += MIN (n, VS_FINETUNE_EXAMPLE_TOKEN_LIMIT);
    }
  if (error != NULL && *error != NULL)
    return FALSE;

  vs_finetune_estimate_price (estimate, model, epochs, project);
  return TRUE;
}

void
vs_finetune_estimate_price (VsFinetuneEstimate *estimate,
                            const char         *model,
                            int                 epochs,
                            VsProject          *project)
{
  VsDatasetCost cost;

  g_return_if_fail (estimate != NULL && model != NULL);

  estimate->epochs_auto = epochs <= 0;
  estimate->epochs = epochs > 0 ? epochs : vs_finetune_default_epochs (estimate->n_examples);
  estimate->billable_tokens = estimate->tokens * estimate->epochs;
  estimate->price_per_m = -1;
  estimate->cost = -1;
  /* The project's training price, else the built-in list (the wizard's estimate). */
  vs_dataset_cost_estimate (project, model, estimate->n_examples, estimate->tokens,
                            estimate->epochs, &cost);
  if (cost.price_known)
    {
      estimate->price_per_m = cost.price_per_mtok;
      estimate->cost = cost.estimated_usd;
    }
}

/* Launch */

typedef struct
{
  VsProject        *project;
  gint64            endpoint_id;
  GFile            *train;
  GFile            *validation;
  VsFinetuneParams *params;
  double            estimated_cost;
  gint64            job_id;
  gint64            snapshot_id;  /* of the export that wrote @train; 0: none known */
} Launch;

static void
launch_free (Launch *launch)
{
  g_clear_object (&launch->project);
  g_clear_object (&launch->train);
  g_clear_object (&launch->validation);
  vs_finetune_params_free (launch->params);
  g_free (launch);
}

static VsFinetuneParams *
params_copy (const VsFinetuneParams *params)
{
  VsFinetuneParams *copy = vs_finetune_params_new ();

  *copy = *params;
  copy->base_model = g_strdup (params->base_model);
  copy->training_file = g_strdup (params->training_file);
  copy->validation_file = g_strdup (params->validation_file);
  copy->suffix = g_strdup (params->suffix);
  return copy;
}

static void
on_created (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Launch *launch = g_task_get_task_data (task);
  g_autoptr(VsFinetuneJob) job = NULL;
  GError *error = NULL;

  job = vs_finetune_provider_job_finish (VS_FINETUNE_PROVIDER (source), result, &error);
  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (launch->project != NULL)
    {
      VsFinetuneJobInfo info = { 0 };
      g_autoptr(JsonObject) hyper = vs_finetune_params_to_json (launch->params);

      info.provider = (char *) vs_finetune_provider_kind_to_string (
                                 vs_finetune_provider_get_kind (VS_FINETUNE_PROVIDER (source)));
      info.endpoint_id = launch->endpoint_id;
      info.remote_id = job->id;
      info.base_model = launch->params->base_model;
      info.state = (char *) vs_finetune_state_to_string (job->state);
      info.raw_status = job->status;
      info.hyperparameters = hyper;
      info.training_file_id = launch->params->training_file;
      info.validation_file_id = launch->params->validation_file;
      info.trained_tokens = -1;
      info.estimated_cost = launch->estimated_cost;
      info.created_at = job->created_at;
      info.snapshot_id = launch->snapshot_id;
      launch->job_id = vs_finetune_store_add_job (launch->project, &info, &error);
      if (launch->job_id == 0)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  g_task_return_pointer (task, g_steal_pointer (&job), (GDestroyNotify) vs_finetune_job_free);
}

static void
on_uploaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Launch *launch = g_task_get_task_data (task);
  VsFinetuneProvider *provider = VS_FINETUNE_PROVIDER (source);
  GError *error = NULL;
  char *id;

  id = vs_finetune_provider_upload_finish (provider, result, &error);
  if (id == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (launch->params->training_file == NULL)
    {
      launch->params->training_file = id;
      if (launch->validation != NULL)
        {
          vs_finetune_provider_upload_async (provider, launch->validation,
                                             g_task_get_cancellable (task), on_uploaded, task);
          return;
        }
    }
  else
    launch->params->validation_file = id;
  vs_finetune_provider_create_async (provider, launch->params, g_task_get_cancellable (task),
                                     on_created, task);
}

static void
hash_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autofree char *path = g_file_get_path (G_FILE (task_data));
  char *sha256 = path != NULL ? vs_dataset_snapshot_file_sha256 (path, NULL) : NULL;

  g_task_return_pointer (task, sha256, g_free);
}

static void
on_hashed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Launch *launch = g_task_get_task_data (task);
  g_autofree char *sha256 = g_task_propagate_pointer (G_TASK (result), NULL);

  /* An unreadable file is not an error here: the upload reports it. */
  launch->snapshot_id = vs_dataset_snapshot_for_sha256 (launch->project, sha256);
  vs_finetune_provider_upload_async (VS_FINETUNE_PROVIDER (source), launch->train,
                                     g_task_get_cancellable (task), on_uploaded, task);
}

void
vs_finetune_launch_async (VsFinetuneProvider     *provider,
                          VsProject              *project,
                          gint64                  endpoint_id,
                          GFile                  *train,
                          GFile                  *validation,
                          const VsFinetuneParams *params,
                          double                  estimated_cost,
                          GCancellable           *cancellable,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data)
{
  GTask *task;
  Launch *launch;
  GError *error = NULL;

  g_return_if_fail (VS_IS_FINETUNE_PROVIDER (provider));
  g_return_if_fail (G_IS_FILE (train));
  g_return_if_fail (params != NULL && params->base_model != NULL);

  task = g_task_new (provider, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_finetune_launch_async);
  launch = g_new0 (Launch, 1);
  launch->project = project ? g_object_ref (project) : NULL;
  launch->endpoint_id = endpoint_id;
  launch->train = g_object_ref (train);
  launch->validation = validation ? g_object_ref (validation) : NULL;
  launch->params = params_copy (params);
  g_clear_pointer (&launch->params->training_file, g_free);
  g_clear_pointer (&launch->params->validation_file, g_free);
  launch->estimated_cost = estimated_cost;
  g_task_set_task_data (task, launch, (GDestroyNotify) launch_free);

  /* Both files are checked before either is sent. */
  if (validation != NULL && !vs_finetune_provider_check_file (provider, validation, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (project == NULL)
    {
      vs_finetune_provider_upload_async (provider, train, cancellable, on_uploaded, task);
      return;
    }
  /* Which snapshot the training file was exported from (by its SHA-256, off this thread). */
  {
    g_autoptr(GTask) hash = g_task_new (provider, cancellable, on_hashed, task);

    g_task_set_source_tag (hash, hash_thread);
    g_task_set_task_data (hash, g_object_ref (train), g_object_unref);
    g_task_run_in_thread (hash, hash_thread);
  }
}

VsFinetuneJob *
vs_finetune_launch_finish (VsFinetuneProvider  *provider,
                           GAsyncResult        *result,
                           gint64              *out_job_id,
                           GError             **error)
{
  VsFinetuneJob *job;

  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  job = g_task_propagate_pointer (G_TASK (result), error);
  if (out_job_id != NULL)
    *out_job_id = job != NULL ? ((Launch *) g_task_get_task_data (G_TASK (result)))->job_id : 0;
  return job;
}
