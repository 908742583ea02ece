/* vs-finetune-provider.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fine-tuning backends as tables (paths, limits) plus a create-body builder and a reply
 * parser each; the calls themselves are shared and go through the endpoint's request engine.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "vs-error.h"
#include "vs-finetune-provider.h"
#include "vs-json.h"

#define MB (G_GUINT64_CONSTANT (1000) * 1000)

typedef struct
{
  const char *name;
  const char *label;
  guint64     max_file_bytes;
  const char *upload_path;     /* NULL: Fireworks' dataset + :upload */
  const char *jobs_path;
  const char *events_suffix;   /* NULL: no events API (Mistral: in the job; Fireworks: none) */
  const char *cancel_suffix;
  const char *list_member;
} Backend;

/* Limits as the providers publish them for these upload paths: OpenAI and Mistral 512 MB per
 * file, Fireworks' one-request :upload 150 MB; Together's is assumed (5 GB). */
static const Backend backends[VS_FINETUNE_N_PROVIDERS] = {
  [VS_FINETUNE_PROVIDER_OPENAI] = { "openai", N_("OpenAI-compatible"), 512 * MB,
                                    "files", "fine_tuning/jobs", "/events", "/cancel", "data" },
  [VS_FINETUNE_PROVIDER_TOGETHER] = { "together", N_("Together"), 5000 * MB,
                                      "files/upload", "fine-tunes", "/events", "/cancel",
                                      "data" },
  [VS_FINETUNE_PROVIDER_FIREWORKS] = { "fireworks", N_("Fireworks"), 150 * MB, NULL,
                                       "supervisedFineTuningJobs", NULL, ":cancel",
                                       "supervisedFineTuningJobs" },
  [VS_FINETUNE_PROVIDER_MISTRAL] = { "mistral", N_("Mistral"), 512 * MB, "files",
                                     "fine_tuning/jobs", NULL, "/cancel", "data" },
};

const char *
vs_finetune_provider_kind_to_string (VsFinetuneProviderKind kind)
{
  g_return_val_if_fail (kind < VS_FINETUNE_N_PROVIDERS, NULL);
  return backends[kind].name;
}

gboolean
vs_finetune_provider_kind_from_string (const char             *text,
                                       VsFinetuneProviderKind *kind,
                                       GError                **error)
{
  for (guint i = 0; i < VS_FINETUNE_N_PROVIDERS; i++)
    if (g_strcmp0 (text, backends[i].name) == 0)
      {
        *kind = i;
        return TRUE;
      }
  g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
               _("unknown fine-tuning provider “%s” (use openai, together, fireworks or "
                 "mistral)"), text ? text : "");
  return FALSE;
}

guint64
vs_finetune_provider_kind_get_max_file_size (VsFinetuneProviderKind kind)
{
  g_return_val_if_fail (kind < VS_FINETUNE_N_PROVIDERS, 0);
  return backends[kind].max_file_bytes;
}

/* States ------------------------------------------------------------------------------- */

static const char *state_names[] = {
  "VALIDATING", "QUEUED", "RUNNING", "PAUSED", "CANCELLING", "SUCCEEDED", "FAILED",
  "CANCELLED", "UNKNOWN",
};

const char *
vs_finetune_state_to_string (VsFinetuneState state)
{
  if ((guint) state >= G_N_ELEMENTS (state_names))
    state = VS_FINETUNE_STATE_UNKNOWN;
  return state_names[state];
}

VsFinetuneState
vs_finetune_state_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (text, state_names[i]) == 0)
      return i;
  return VS_FINETUNE_STATE_UNKNOWN;
}

VsFinetuneState
vs_finetune_state_from_raw (const char *raw)
{
  /* REFERENCE.md's table, case-sensitive as the providers send them. */
  static const struct { const char *raw; VsFinetuneState state; } map[] = {
    { "validating_files", VS_FINETUNE_STATE_VALIDATING },
    { "VALIDATING", VS_FINETUNE_STATE_VALIDATING },
    { "VALIDATED", VS_FINETUNE_STATE_VALIDATING },
    { "queued", VS_FINETUNE_STATE_QUEUED },
    { "pending", VS_FINETUNE_STATE_QUEUED },
    { "PENDING", VS_FINETUNE_STATE_QUEUED },
    { "CREATING", VS_FINETUNE_STATE_QUEUED },
    { "QUEUED", VS_FINETUNE_STATE_QUEUED },
    { "STARTED", VS_FINETUNE_STATE_QUEUED },
    { "running", VS_FINETUNE_STATE_RUNNING },
    { "compressing", VS_FINETUNE_STATE_RUNNING },
    { "uploading", VS_FINETUNE_STATE_RUNNING },
    { "WRITING_RESULTS", VS_FINETUNE_STATE_RUNNING },
    { "RUNNING", VS_FINETUNE_STATE_RUNNING },
    { "paused", VS_FINETUNE_STATE_PAUSED },
    { "PAUSED", VS_FINETUNE_STATE_PAUSED },
    { "cancel_requested", VS_FINETUNE_STATE_CANCELLING },
    { "CANCELLING", VS_FINETUNE_STATE_CANCELLING },
    { "CANCELLATION_REQUESTED", VS_FINETUNE_STATE_CANCELLING },
    { "succeeded", VS_FINETUNE_STATE_SUCCEEDED },
    { "completed", VS_FINETUNE_STATE_SUCCEEDED },
    { "COMPLETED", VS_FINETUNE_STATE_SUCCEEDED },
    { "EARLY_STOPPED", VS_FINETUNE_STATE_SUCCEEDED },
    { "SUCCESS", VS_FINETUNE_STATE_SUCCEEDED },
    { "failed", VS_FINETUNE_STATE_FAILED },
    { "error", VS_FINETUNE_STATE_FAILED },
    { "user_error", VS_FINETUNE_STATE_FAILED },
    { "FAILED", VS_FINETUNE_STATE_FAILED },
    { "FAILED_VALIDATION", VS_FINETUNE_STATE_FAILED },
    { "EXPIRED", VS_FINETUNE_STATE_FAILED },
    { "cancelled", VS_FINETUNE_STATE_CANCELLED },
    { "CANCELLED", VS_FINETUNE_STATE_CANCELLED },
  };

  if (raw == NULL)
    return VS_FINETUNE_STATE_UNKNOWN;
  /* Fireworks: JOB_STATE_RUNNING, … */
  if (g_str_has_prefix (raw, "JOB_STATE_"))
    raw += strlen ("JOB_STATE_");
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (strcmp (raw, map[i].raw) == 0)
      return map[i].state;
  return VS_FINETUNE_STATE_UNKNOWN;
}

gboolean
vs_finetune_state_is_final (VsFinetuneState state)
{
  return state == VS_FINETUNE_STATE_SUCCEEDED || state == VS_FINETUNE_STATE_FAILED ||
         state == VS_FINETUNE_STATE_CANCELLED;
}

char *
vs_finetune_time_to_iso (JsonNode *node)
{
  g_autoptr(GDateTime) time = NULL;
  double seconds = NAN;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      char *end = NULL;

      if (text == NULL || *text == '\0')
        return NULL;
      seconds = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0')
        {
          g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
          g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (text, utc);

          if (parsed == NULL)
            return NULL;
          time = g_date_time_to_utc (parsed);
        }
    }
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    seconds = (double) json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    seconds = json_node_get_double (node);
  else
    return NULL;

  if (time == NULL)
    {
      gint64 whole;

      /* Milliseconds since the epoch are sometimes sent where seconds are documented. */
      if (seconds > 1e11)
        seconds /= 1000.0;
      if (!isfinite (seconds) || seconds <= 0 || !vs_json_double_to_int64 (seconds, &whole))
        return NULL;
      time = g_date_time_new_from_unix_utc (whole);
      if (time == NULL)
        return NULL;
    }
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* Params, jobs, events ----------------------------------------------------------------- */

VsFinetuneParams *
vs_finetune_params_new (void)
{
  VsFinetuneParams *params = g_new0 (VsFinetuneParams, 1);

  params->seed = -1;
  return params;
}

void
vs_finetune_params_free (VsFinetuneParams *params)
{
  if (params == NULL)
    return;
  g_free (params->base_model);
  g_free (params->training_file);
  g_free (params->validation_file);
  g_free (params->suffix);
  g_free (params);
}

static void
set_int_or_auto (JsonObject *object,
                 const char *member,
                 gint64      value)
{
  if (value > 0)
    json_object_set_int_member (object, member, value);
  else
    json_object_set_string_member (object, member, "auto");
}

JsonObject *
vs_finetune_params_to_json (const VsFinetuneParams *params)
{
  JsonObject *object = json_object_new ();

  set_int_or_auto (object, "n_epochs", params->n_epochs);
  set_int_or_auto (object, "batch_size", params->batch_size);
  if (params->learning_rate_multiplier > 0)
    json_object_set_double_member (object, "learning_rate_multiplier",
                                   params->learning_rate_multiplier);
  else
    json_object_set_string_member (object, "learning_rate_multiplier", "auto");
  if (params->learning_rate > 0)
    json_object_set_double_member (object, "learning_rate", params->learning_rate);
  if (params->suffix != NULL)
    json_object_set_string_member (object, "suffix", params->suffix);
  if (params->seed >= 0)
    json_object_set_int_member (object, "seed", params->seed);
  return object;
}

void
vs_finetune_job_free (VsFinetuneJob *job)
{
  if (job == NULL)
    return;
  g_free (job->id);
  g_free (job->status);
  g_free (job->model);
  g_free (job->fine_tuned_model);
  g_free (job->created_at);
  g_free (job->finished_at);
  g_free (job->error);
  g_free (job->training_file);
  g_free (job->validation_file);
  g_clear_pointer (&job->events, g_ptr_array_unref);
  g_clear_pointer (&job->checkpoints, g_ptr_array_unref);
  g_free (job);
}

static void
set_string_or_null (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
vs_finetune_job_to_json (const VsFinetuneJob *job)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  set_string_or_null (builder, "id", job->id);
  set_string_or_null (builder, "state", vs_finetune_state_to_string (job->state));
  set_string_or_null (builder, "status", job->status);
  set_string_or_null (builder, "model", job->model);
  set_string_or_null (builder, "fine_tuned_model", job->fine_tuned_model);
  set_string_or_null (builder, "created_at", job->created_at);
  set_string_or_null (builder, "finished_at", job->finished_at);
  set_string_or_null (builder, "error", job->error);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
vs_finetune_event_to_json (const VsFinetuneEvent *event)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  set_string_or_null (builder, "id", event->remote_id);
  set_string_or_null (builder, "created_at", event->created_at);
  set_string_or_null (builder, "level", event->level);
  set_string_or_null (builder, "message", event->message);
  json_builder_set_member_name (builder, "metrics");
  if (event->data != NULL && JSON_NODE_HOLDS_OBJECT (event->data))
    json_builder_add_value (builder, json_node_copy (event->data));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The string value of @member, also for numbers (some ids are numbers); NULL otherwise. */
static char *
dup_member (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static char *
time_member (JsonObject *object,
             const char *member)
{
  return object ? vs_finetune_time_to_iso (json_object_get_member (object, member)) : NULL;
}

/* The last path segment: Fireworks names things "accounts/A/supervisedFineTuningJobs/ID". */
static char *
last_segment (const char *name)
{
  const char *slash;

  if (name == NULL)
    return NULL;
  slash = strrchr (name, '/');
  return g_strdup (slash ? slash + 1 : name);
}

/* Metrics normalised to one set of names: step, total_steps, train_loss, valid_loss,
 * train_mean_token_accuracy, valid_mean_token_accuracy (plus full_valid_*). NULL when none. */
static JsonNode *
metrics_from (JsonObject *data)
{
  static const struct { const char *from; const char *to; } names[] = {
    { "step", "step" },
    { "step_number", "step" },
    { "total_steps", "total_steps" },
    { "train_loss", "train_loss" },
    { "loss", "train_loss" },
    { "valid_loss", "valid_loss" },
    { "eval_loss", "valid_loss" },
    { "train_mean_token_accuracy", "train_mean_token_accuracy" },
    { "train_accuracy", "train_mean_token_accuracy" },
    { "valid_mean_token_accuracy", "valid_mean_token_accuracy" },
    { "full_valid_loss", "full_valid_loss" },
    { "full_valid_mean_token_accuracy", "full_valid_mean_token_accuracy" },
  };
  JsonObject *out;
  JsonNode *node;

  if (data == NULL)
    return NULL;
  out = json_object_new ();
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonNode *value = json_object_get_member (data, names[i].from);

      if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
          json_object_has_member (out, names[i].to))
        continue;
      if (json_node_get_value_type (value) == G_TYPE_INT64)
        {
          if (strcmp (names[i].to, "step") == 0 || strcmp (names[i].to, "total_steps") == 0)
            json_object_set_int_member (out, names[i].to, json_node_get_int (value));
          else
            json_object_set_double_member (out, names[i].to, (double) json_node_get_int (value));
        }
      else if (json_node_get_value_type (value) == G_TYPE_DOUBLE &&
               isfinite (json_node_get_double (value)))
        {
          if (strcmp (names[i].to, "step") == 0 || strcmp (names[i].to, "total_steps") == 0)
            json_object_set_int_member (out, names[i].to,
                                        (gint64) json_node_get_double (value));
          else
            json_object_set_double_member (out, names[i].to, json_node_get_double (value));
        }
    }
  if (json_object_get_size (out) == 0 ||
      (json_object_get_size (out) <= 2 && !json_object_has_member (out, "train_loss") &&
       !json_object_has_member (out, "valid_loss") &&
       !json_object_has_member (out, "train_mean_token_accuracy") &&
       !json_object_has_member (out, "valid_mean_token_accuracy")))
    {
      json_object_unref (out);
      return NULL;
    }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, out);
  return node;
}

/* An event id for providers that send none: stable for the same event across polls. */
static char *
synthetic_event_id (const char *created_at,
                    const char *type,
                    const char *message)
{
  g_autofree char *text = g_strdup_printf ("%s\n%s\n%s", created_at ? created_at : "",
                                           type ? type : "", message ? message : "");
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, text, -1);

  return g_strndup (sum, 16);
}

/* OpenAI and Together event objects. */
static VsFinetuneEvent *
event_parse (JsonObject *object)
{
  VsFinetuneEvent *event = g_new0 (VsFinetuneEvent, 1);
  JsonObject *data = get_object (object, "data");

  event->created_at = time_member (object, "created_at");
  event->level = dup_member (object, "level");
  event->type = dup_member (object, "type");
  event->message = dup_member (object, "message");
  event->data = metrics_from (data != NULL ? data : object);
  event->remote_id = dup_member (object, "id");
  if (event->remote_id == NULL)
    event->remote_id = dup_member (object, "hash");
  if (event->remote_id == NULL)
    event->remote_id = synthetic_event_id (event->created_at, event->type, event->message);
  if (event->type == NULL)
    event->type = g_strdup (event->data != NULL ? "metrics" : "message");
  return event;
}

/* Mistral's job detail: events {name, data: {status, error?}, created_at} and checkpoints
 * {metrics, step_number, created_at} (also given as metrics events). */
static void
mistral_parse_detail (JsonObject    *object,
                      VsFinetuneJob *job)
{
  JsonArray *events = get_array (object, "events");
  JsonArray *checkpoints = get_array (object, "checkpoints");

  job->events = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_finetune_event_free);
  job->checkpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_finetune_checkpoint_free);
  for (guint i = 0; events != NULL && i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);
      JsonObject *data = get_object (e, "data");
      VsFinetuneEvent *event;
      g_autofree char *name = NULL;
      g_autofree char *status = NULL;
      g_autofree char *error = NULL;

      if (e == NULL)
        continue;
      event = g_new0 (VsFinetuneEvent, 1);
      name = dup_member (e, "name");
      status = dup_member (data, "status");
      error = dup_member (data, "error");
      event->created_at = time_member (e, "created_at");
      event->type = g_strdup ("message");
      event->level = g_strdup (error != NULL ? "error" : "info");
      event->message = error != NULL ? g_strdup (error)
                     : status != NULL ? g_strdup_printf ("%s: %s", name ? name : "status", status)
                     : g_strdup (name);
      event->remote_id = dup_member (e, "id");
      if (event->remote_id == NULL)
        event->remote_id = synthetic_event_id (event->created_at, name, event->message);
      if (error != NULL && job->error == NULL)
        job->error = g_strdup (error);
      g_ptr_array_add (job->events, event);
    }
  for (guint i = 0; checkpoints != NULL && i < json_array_get_length (checkpoints); i++)
    {
      JsonObject *c = json_array_get_object_element (checkpoints, i);
      JsonObject *metrics = get_object (c, "metrics");
      VsFinetuneCheckpoint *checkpoint;
      VsFinetuneEvent *event;
      JsonNode *step;

      if (c == NULL)
        continue;
      checkpoint = g_new0 (VsFinetuneCheckpoint, 1);
      step = json_object_get_member (c, "step_number");
      if (step == NULL || !vs_json_node_get_int64 (step, &checkpoint->step))
        checkpoint->step = -1;
      checkpoint->remote_id = g_strdup_printf ("step-%" G_GINT64_FORMAT, checkpoint->step);
      checkpoint->created_at = time_member (c, "created_at");
      checkpoint->metrics = metrics_from (metrics);
      if (checkpoint->metrics != NULL && checkpoint->step >= 0)
        json_object_set_int_member (json_node_get_object (checkpoint->metrics), "step",
                                    checkpoint->step);
      g_ptr_array_add (job->checkpoints, checkpoint);

      event = g_new0 (VsFinetuneEvent, 1);
      event->remote_id = g_strdup_printf ("checkpoint-%" G_GINT64_FORMAT, checkpoint->step);
      event->created_at = g_strdup (checkpoint->created_at);
      event->level = g_strdup ("info");
      event->type = g_strdup ("metrics");
      event->message = g_strdup_printf ("Step %" G_GINT64_FORMAT, checkpoint->step);
      event->data = checkpoint->metrics ? vs_json_node_deep_copy (checkpoint->metrics) : NULL;
      g_ptr_array_add (job->events, event);
    }
}

VsFinetuneJob *
vs_finetune_job_parse (VsFinetuneProviderKind  kind,
                       JsonObject             *object)
{
  VsFinetuneJob *job;
  JsonObject *error;

  g_return_val_if_fail (object != NULL, NULL);

  job = g_new0 (VsFinetuneJob, 1);
  job->trained_tokens = -1;
  switch (kind)
    {
    case VS_FINETUNE_PROVIDER_FIREWORKS:
      {
        g_autofree char *name = dup_member (object, "name");
        JsonObject *status = get_object (object, "status");

        job->id = last_segment (name);
        job->status = dup_member (object, "state");
        job->model = dup_member (object, "baseModel");
        job->created_at = time_member (object, "createTime");
        job->finished_at = time_member (object, "completedTime");
        job->training_file = dup_member (object, "dataset");
        job->validation_file = dup_member (object, "evaluationDataset");
        job->state = vs_finetune_state_from_raw (job->status);
        if (job->state == VS_FINETUNE_STATE_SUCCEEDED)
          job->fine_tuned_model = dup_member (object, "outputModel");
        if (job->state == VS_FINETUNE_STATE_FAILED && status != NULL)
          job->error = dup_member (status, "message");
        break;
      }
    case VS_FINETUNE_PROVIDER_TOGETHER:
      job->id = dup_member (object, "id");
      job->status = dup_member (object, "status");
      job->model = dup_member (object, "model");
      job->fine_tuned_model = dup_member (object, "output_name");
      job->created_at = time_member (object, "created_at");
      job->training_file = dup_member (object, "training_file");
      job->validation_file = dup_member (object, "validation_file");
      job->state = vs_finetune_state_from_raw (job->status);
      if (vs_finetune_state_is_final (job->state))
        job->finished_at = time_member (object, "updated_at");
      if (job->state != VS_FINETUNE_STATE_SUCCEEDED)
        g_clear_pointer (&job->fine_tuned_model, g_free);
      {
        /* Together reports a failure as an error-level event of the job. */
        JsonArray *events = get_array (object, "events");
        for (guint i = 0; events != NULL && i < json_array_get_length (events); i++)
          {
            JsonObject *e = json_array_get_object_element (events, i);
            g_autofree char *level = dup_member (e, "level");
            if (g_strcmp0 (level, "error") == 0)
              {
                g_free (job->error);
                job->error = dup_member (e, "message");
              }
          }
      }
      break;
    case VS_FINETUNE_PROVIDER_MISTRAL:
      {
        JsonArray *files = get_array (object, "training_files");
        JsonArray *validation = get_array (object, "validation_files");

        job->id = dup_member (object, "id");
        job->status = dup_member (object, "status");
        job->model = dup_member (object, "model");
        job->fine_tuned_model = dup_member (object, "fine_tuned_model");
        job->created_at = time_member (object, "created_at");
        job->state = vs_finetune_state_from_raw (job->status);
        if (vs_finetune_state_is_final (job->state))
          job->finished_at = time_member (object, "modified_at");
        if (files != NULL && json_array_get_length (files) > 0)
          {
            JsonNode *first = json_array_get_element (files, 0);
            if (JSON_NODE_HOLDS_OBJECT (first))
              job->training_file = dup_member (json_node_get_object (first), "file_id");
            else if (JSON_NODE_HOLDS_VALUE (first))
              job->training_file = g_strdup (json_node_get_string (first));
          }
        if (validation != NULL && json_array_get_length (validation) > 0)
          job->validation_file = g_strdup (json_array_get_string_element (validation, 0));
        mistral_parse_detail (object, job);
        break;
      }
    case VS_FINETUNE_PROVIDER_OPENAI:
    default:
      job->id = dup_member (object, "id");
      job->status = dup_member (object, "status");
      job->model = dup_member (object, "model");
      job->fine_tuned_model = dup_member (object, "fine_tuned_model");
      job->created_at = time_member (object, "created_at");
      job->finished_at = time_member (object, "finished_at");
      job->training_file = dup_member (object, "training_file");
      job->validation_file = dup_member (object, "validation_file");
      job->state = vs_finetune_state_from_raw (job->status);
      break;
    }

  if (json_object_has_member (object, "trained_tokens"))
    {
      gint64 tokens;
      if (vs_json_node_get_int64 (json_object_get_member (object, "trained_tokens"), &tokens))
        job->trained_tokens = tokens;
    }
  /* {"error": {"code", "message", "param"}} or {"error": "…"} wherever a provider sends it. */
  error = get_object (object, "error");
  if (error != NULL && job->error == NULL)
    job->error = dup_member (error, "message");
  else if (job->error == NULL)
    job->error = dup_member (object, "error");
  if (job->error != NULL && *job->error == '\0')
    g_clear_pointer (&job->error, g_free);
  if (job->status == NULL)
    job->status = g_strdup ("");
  return job;
}

/* The provider object ------------------------------------------------------------------ */

struct _VsFinetuneProvider
{
  GObject                 parent_instance;
  VsFinetuneProviderKind  kind;
  VsRequestEngine        *engine;
  guint64                 max_file_bytes;
};

G_DEFINE_FINAL_TYPE (VsFinetuneProvider, vs_finetune_provider, G_TYPE_OBJECT)

static void
vs_finetune_provider_finalize (GObject *object)
{
  VsFinetuneProvider *self = VS_FINETUNE_PROVIDER (object);

  g_clear_object (&self->engine);
  G_OBJECT_CLASS (vs_finetune_provider_parent_class)->finalize (object);
}

static void
vs_finetune_provider_class_init (VsFinetuneProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vs_finetune_provider_finalize;
}

static void
vs_finetune_provider_init (VsFinetuneProvider *self)
{
}

VsFinetuneProvider *
vs_finetune_provider_new (VsFinetuneProviderKind  kind,
                          VsRequestEngine        *engine)
{
  VsFinetuneProvider *self;

  g_return_val_if_fail (kind < VS_FINETUNE_N_PROVIDERS, NULL);
  g_return_val_if_fail (VS_IS_REQUEST_ENGINE (engine), NULL);

  self = g_object_new (VS_TYPE_FINETUNE_PROVIDER, NULL);
  self->kind = kind;
  self->engine = g_object_ref (engine);
  return self;
}

VsFinetuneProviderKind
vs_finetune_provider_get_kind (VsFinetuneProvider *self)
{
  g_return_val_if_fail (VS_IS_FINETUNE_PROVIDER (self), 0);
  return self->kind;
}

VsRequestEngine *
vs_finetune_provider_get_engine (VsFinetuneProvider *self)
{
  g_return_val_if_fail (VS_IS_FINETUNE_PROVIDER (self), NULL);
  return self->engine;
}

guint64
vs_finetune_provider_get_max_file_size (VsFinetuneProvider *self)
{
  g_return_val_if_fail (VS_IS_FINETUNE_PROVIDER (self), 0);
  return self->max_file_bytes > 0 ? self->max_file_bytes : backends[self->kind].max_file_bytes;
}

void
vs_finetune_provider_set_max_file_size (VsFinetuneProvider *self,
                                        guint64             bytes)
{
  g_return_if_fail (VS_IS_FINETUNE_PROVIDER (self));
  self->max_file_bytes = bytes;
}

gboolean
vs_finetune_provider_check_file (VsFinetuneProvider  *self,
                                 GFile               *file,
                                 GError             **error)
{
  g_autoptr(GFileInfo) info = NULL;
  guint64 size;
  guint64 limit;

  g_return_val_if_fail (VS_IS_FINETUNE_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME, G_FILE_QUERY_INFO_NONE,
                            NULL, error);
  if (info == NULL)
    return FALSE;
  size = (guint64) g_file_info_get_size (info);
  limit = vs_finetune_provider_get_max_file_size (self);
  if (size > limit)
    {
      g_autofree char *size_text = g_format_size (size);
      g_autofree char *limit_text = g_format_size (limit);

      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   /* Translators: “train.jsonl” is 600.0 MB; Together takes training files
                    * of up to 512.0 MB. … */
                   _("“%s” is %s; %s takes training files of up to %s. Nothing was uploaded: "
                     "split the data or remove examples, then try again."),
                   g_file_info_get_display_name (info), size_text,
                   _(backends[self->kind].label), limit_text);
      return FALSE;
    }
  return TRUE;
}

/* One JSON call through the engine. */
static void
call (VsFinetuneProvider  *self,
      const char          *method,
      const char          *path,
      JsonNode            *body,
      VsCallFlags          flags,
      GTask               *task,
      GAsyncReadyCallback  callback)
{
  vs_request_engine_call_json_async (self->engine, method, path, body, flags,
                                     g_task_get_cancellable (task), callback, task);
}

static JsonObject *
reply_object (JsonNode  *reply,
              GError   **error)
{
  if (reply == NULL || !JSON_NODE_HOLDS_OBJECT (reply))
    {
      g_set_error_literal (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL,
                           _("The provider's reply is not a JSON object"));
      return NULL;
    }
  return json_node_get_object (reply);
}

static char *
job_path (VsFinetuneProvider *self,
          const char         *job_id,
          const char         *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (job_id, NULL, FALSE);

  return g_strconcat (backends[self->kind].jobs_path, "/", escaped, suffix, NULL);
}

/* Upload */

typedef struct
{
  GFile *file;
  char  *dataset_name;
} UploadData;

static void
upload_data_free (UploadData *data)
{
  g_clear_object (&data->file);
  g_free (data->dataset_name);
  g_free (data);
}

static void
on_uploaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VsFinetuneProvider *self = g_task_get_source_object (task);
  UploadData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) reply = NULL;
  GError *error = NULL;
  JsonObject *object;
  char *id;

  reply = vs_request_engine_upload_finish (VS_REQUEST_ENGINE (source), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (self->kind == VS_FINETUNE_PROVIDER_FIREWORKS)
    {
      g_task_return_pointer (task, g_strdup (data->dataset_name), g_free);
      return;
    }
  if ((object = reply_object (reply, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  id = dup_member (object, "id");
  if (id == NULL)
    g_task_return_new_error (task, VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL,
                             _("The provider did not say which id the uploaded file got"));
  else
    g_task_return_pointer (task, id, g_free);
}

static void
upload_file (VsFinetuneProvider *self,
             GTask              *task,
             const char         *path)
{
  UploadData *data = g_task_get_task_data (task);
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *basename = g_file_get_basename (data->file);

  if (self->kind != VS_FINETUNE_PROVIDER_FIREWORKS)
    g_hash_table_insert (fields, "purpose", "fine-tune");
  if (self->kind == VS_FINETUNE_PROVIDER_TOGETHER)
    g_hash_table_insert (fields, "file_name", basename);
  vs_request_engine_upload_file_async (self->engine, path, fields, "file", data->file, NULL,
                                       "application/jsonl", g_task_get_cancellable (task),
                                       on_uploaded, task);
}

static void
on_dataset_created (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  VsFinetuneProvider *self = g_task_get_source_object (task);
  UploadData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *path = NULL;
  g_autofree char *id = NULL;
  GError *error = NULL;
  JsonObject *object;

  reply = vs_request_engine_call_json_finish (VS_REQUEST_ENGINE (source), result, NULL, &error);
  if (reply == NULL || (object = reply_object (reply, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_free (data->dataset_name);
  data->dataset_name = dup_member (object, "name");
  if (data->dataset_name == NULL)
    {
      g_task_return_new_error (task, VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL,
                               _("The provider did not name the dataset it created"));
      g_object_unref (task);
      return;
    }
  id = last_segment (data->dataset_name);
  path = g_strconcat ("datasets/", id, ":upload", NULL);
  upload_file (self, task, path);
}

/* A Fireworks dataset id: lower-case letters, digits and dashes, unique per upload. */
static char *
fireworks_dataset_id (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  GString *id = g_string_new ("versus-");
  char *dot = strrchr (basename, '.');

  if (dot != NULL && dot != basename)
    *dot = '\0';
  for (const char *p = basename; *p != '\0' && id->len < 40; p++)
    g_string_append_c (id, g_ascii_isalnum (*p) ? g_ascii_tolower (*p) : '-');
  g_string_append_printf (id, "-%08x", g_random_int ());
  return g_string_free (id, FALSE);
}

void
vs_finetune_provider_upload_async (VsFinetuneProvider  *self,
                                   GFile               *file,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;
  UploadData *data;
  GError *error = NULL;

  g_return_if_fail (VS_IS_FINETUNE_PROVIDER (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_finetune_provider_upload_async);
  data = g_new0 (UploadData, 1);
  data->file = g_object_ref (file);
  g_task_set_task_data (task, data, (GDestroyNotify) upload_data_free);

  if (!vs_finetune_provider_check_file (self, file, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (self->kind == VS_FINETUNE_PROVIDER_FIREWORKS)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) body = NULL;
      g_autofree char *id = fireworks_dataset_id (file);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "datasetId");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "dataset");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "userUploaded");
      json_builder_begin_object (builder);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      body = json_builder_get_root (builder);
      call (self, "POST", "datasets", body, VS_CALL_FLAGS_CREATES, task, on_dataset_created);
      return;
    }
  upload_file (self, task, backends[self->kind].upload_path);
}

char *
vs_finetune_provider_upload_finish (VsFinetuneProvider  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Create */

static JsonNode *
create_body (VsFinetuneProvider     *self,
             const VsFinetuneParams *params)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  switch (self->kind)
    {
    case VS_FINETUNE_PROVIDER_OPENAI:
      json_builder_set_member_name (b, "model");
      json_builder_add_string_value (b, params->base_model);
      json_builder_set_member_name (b, "training_file");
      json_builder_add_string_value (b, params->training_file);
      if (params->validation_file != NULL)
        {
          json_builder_set_member_name (b, "validation_file");
          json_builder_add_string_value (b, params->validation_file);
        }
      if (params->suffix != NULL)
        {
          json_builder_set_member_name (b, "suffix");
          json_builder_add_string_value (b, params->suffix);
        }
      if (params->seed >= 0)
        {
          json_builder_set_member_name (b, "seed");
          json_builder_add_int_value (b, params->seed);
        }
      json_builder_set_member_name (b, "method");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, "supervised");
      json_builder_set_member_name (b, "supervised");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "hyperparameters");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "n_epochs");
      if (params->n_epochs > 0)
        json_builder_add_int_value (b, params->n_epochs);
      else
        json_builder_add_string_value (b, "auto");
      json_builder_set_member_name (b, "batch_size");
      if (params->batch_size > 0)
        json_builder_add_int_value (b, params->batch_size);
      else
        json_builder_add_string_value (b, "auto");
      json_builder_set_member_name (b, "learning_rate_multiplier");
      if (params->learning_rate_multiplier > 0)
        json_builder_add_double_value (b, params->learning_rate_multiplier);
      else
        json_builder_add_string_value (b, "auto");
      json_builder_end_object (b);
      json_builder_end_object (b);
      json_builder_end_object (b);
      break;

    case VS_FINETUNE_PROVIDER_TOGETHER:
      json_builder_set_member_name (b, "training_file");
      json_builder_add_string_value (b, params->training_file);
      json_builder_set_member_name (b, "model");
      json_builder_add_string_value (b, params->base_model);
      if (params->validation_file != NULL)
        {
          json_builder_set_member_name (b, "validation_file");
          json_builder_add_string_value (b, params->validation_file);
          json_builder_set_member_name (b, "n_evals");
          json_builder_add_int_value (b, 10);
        }
      if (params->n_epochs > 0)
        {
          json_builder_set_member_name (b, "n_epochs");
          json_builder_add_int_value (b, params->n_epochs);
        }
      json_builder_set_member_name (b, "batch_size");
      if (params->batch_size > 0)
        json_builder_add_int_value (b, params->batch_size);
      else
        json_builder_add_string_value (b, "max");
      if (params->learning_rate > 0)
        {
          json_builder_set_member_name (b, "learning_rate");
          json_builder_add_double_value (b, params->learning_rate);
        }
      if (params->suffix != NULL)
        {
          json_builder_set_member_name (b, "suffix");
          json_builder_add_string_value (b, params->suffix);
        }
      if (params->seed >= 0)
        {
          json_builder_set_member_name (b, "random_seed");
          json_builder_add_int_value (b, params->seed);
        }
      json_builder_set_member_name (b, "lora");
      json_builder_add_boolean_value (b, TRUE);
      break;

    case VS_FINETUNE_PROVIDER_FIREWORKS:
      json_builder_set_member_name (b, "baseModel");
      json_builder_add_string_value (b, params->base_model);
      json_builder_set_member_name (b, "dataset");
      json_builder_add_string_value (b, params->training_file);
      if (params->validation_file != NULL)
        {
          json_builder_set_member_name (b, "evaluationDataset");
          json_builder_add_string_value (b, params->validation_file);
        }
      if (params->suffix != NULL)
        {
          json_builder_set_member_name (b, "displayName");
          json_builder_add_string_value (b, params->suffix);
        }
      if (params->n_epochs > 0)
        {
          json_builder_set_member_name (b, "epochs");
          json_builder_add_int_value (b, params->n_epochs);
        }
      if (params->batch_size > 0)
        {
          json_builder_set_member_name (b, "batchSize");
          json_builder_add_int_value (b, params->batch_size);
        }
      if (params->learning_rate > 0)
        {
          json_builder_set_member_name (b, "learningRate");
          json_builder_add_double_value (b, params->learning_rate);
        }
      break;

    case VS_FINETUNE_PROVIDER_MISTRAL:
    default:
      json_builder_set_member_name (b, "model");
      json_builder_add_string_value (b, params->base_model);
      json_builder_set_member_name (b, "training_files");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "file_id");
      json_builder_add_string_value (b, params->training_file);
      json_builder_set_member_name (b, "weight");
      json_builder_add_double_value (b, 1.0);
      json_builder_end_object (b);
      json_builder_end_array (b);
      if (params->validation_file != NULL)
        {
          json_builder_set_member_name (b, "validation_files");
          json_builder_begin_array (b);
          json_builder_add_string_value (b, params->validation_file);
          json_builder_end_array (b);
        }
      if (params->suffix != NULL)
        {
          json_builder_set_member_name (b, "suffix");
          json_builder_add_string_value (b, params->suffix);
        }
      json_builder_set_member_name (b, "hyperparameters");
      json_builder_begin_object (b);
      if (params->n_epochs > 0)
        {
          json_builder_set_member_name (b, "epochs");
          json_builder_add_int_value (b, params->n_epochs);
        }
      if (params->learning_rate > 0)
        {
          json_builder_set_member_name (b, "learning_rate");
          json_builder_add_double_value (b, params->learning_rate);
        }
      json_builder_end_object (b);
      json_builder_set_member_name (b, "auto_start");
      json_builder_add_boolean_value (b, TRUE);
      break;
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
on_job_reply (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VsFinetuneProvider *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) reply = NULL;
  GError *error = NULL;
  JsonObject *object;
  VsFinetuneJob *job;

  reply = vs_request_engine_call_json_finish (VS_REQUEST_ENGINE (source), result, NULL, &error);
  if (reply == NULL || (object = reply_object (reply, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job = vs_finetune_job_parse (self->kind, object);
  if (job->id == NULL)
    {
      vs_finetune_job_free (job);
      g_task_return_new_error (task, VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL,
                               _("The provider's reply does not describe a fine-tuning job"));
      return;
    }
  g_task_return_pointer (task, job, (GDestroyNotify) vs_finetune_job_free);
}

void
vs_finetune_provider_create_async (VsFinetuneProvider     *self,
                                   const VsFinetuneParams *params,
                                   GCancellable           *cancellable,
                                   GAsyncReadyCallback     callback,
                                   gpointer                user_data)
{
  g_autoptr(JsonNode) body = NULL;
  GTask *task;

  g_return_if_fail (VS_IS_FINETUNE_PROVIDER (self));
  g_return_if_fail (params != NULL && params->base_model != NULL &&
                    params->training_file != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_finetune_provider_create_async);
  body = create_body (self, params);
  call (self, "POST", backends[self->kind].jobs_path, body, VS_CALL_FLAGS_CREATES, task,
        on_job_reply);
}

VsFinetuneJob *
vs_finetune_provider_job_finish (VsFinetuneProvider  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vs_finetune_provider_get_async (VsFinetuneProvider  *self,
                                const char          *job_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (VS_IS_FINETUNE_PROVIDER (self));
  g_return_if_fail (job_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_finetune_provider_get_async);
  path = job_path (self, job_id, "");
  call (self, "GET", path, NULL, VS_CALL_FLAGS_NONE, task, on_job_reply);
}

/* Cancel: the reply is the job for most providers; when it is not (Fireworks answers with
 * an empty object), one GET of the job follows. */
static void
on_cancelled (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  VsFinetuneProvider *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;

  reply = vs_request_engine_call_json_finish (VS_REQUEST_ENGINE (source), result, NULL, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (JSON_NODE_HOLDS_OBJECT (reply))
    {
      JsonObject *object = json_node_get_object (reply);

      if ((json_object_has_member (object, "status") ||
           json_object_has_member (object, "state")) &&
          (json_object_has_member (object, "id") || json_object_has_member (object, "name")))
        {
          g_task_return_pointer (task, vs_finetune_job_parse (self->kind, object),
                                 (GDestroyNotify) vs_finetune_job_free);
          g_object_unref (task);
          return;
        }
    }
  path = job_path (self, g_task_get_task_data (task), "");
  call (self, "GET", path, NULL, VS_CALL_FLAGS_NONE, task, on_job_reply);
}

void
vs_finetune_provider_cancel_async (VsFinetuneProvider  *self,
                                   const char          *job_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (VS_IS_FINETUNE_PROVIDER (self));
  g_return_if_fail (job_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_finetune_provider_cancel_async);
  g_task_set_task_data (task, g_strdup (job_id), g_free);
  path = job_path (self, job_id, backends[self->kind].cancel_suffix);
  call (self, "POST", path, NULL, VS_CALL_FLAGS_NONE, task, on_cancelled);
}

/* List */

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VsFinetuneProvider *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  GError *error = NULL;
  JsonObject *object;
  JsonArray *array;

  reply = vs_request_engine_call_json_finish (VS_REQUEST_ENGINE (source), result, NULL, &error);
  if (reply == NULL || (object = reply_object (reply, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_finetune_job_free);
  array = get_array (object, backends[self->kind].list_member);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *element = json_array_get_object_element (array, i);
      if (element != NULL)
        g_ptr_array_add (jobs, vs_finetune_job_parse (self->kind, element));
    }
  g_task_return_pointer (task, g_steal_pointer (&jobs), (GDestroyNotify) g_ptr_array_unref);
}

void
vs_finetune_provider_list_async (VsFinetuneProvider  *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (VS_IS_FINETUNE_PROVIDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_finetune_provider_list_async);
  if (self->kind == VS_FINETUNE_PROVIDER_OPENAI || self->kind == VS_FINETUNE_PROVIDER_MISTRAL)
    path = g_strconcat (backends[self->kind].jobs_path, "?limit=100", NULL);
  else
    path = g_strdup (backends[self->kind].jobs_path);
  call (self, "GET", path, NULL, VS_CALL_FLAGS_NONE, task, on_listed);
}

GPtrArray *
vs_finetune_provider_list_finish (VsFinetuneProvider  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Events: every page (OpenAI pages newest first with `after`), then de-duplicated by id and
 * put oldest first. */

typedef struct
{
  char       *job_id;
  GPtrArray  *events;   /* as received */
  GHashTable *seen;     /* remote ids */
} EventsData;

static void
events_data_free (EventsData *data)
{
  g_free (data->job_id);
  g_ptr_array_unref (data->events);
  g_hash_table_unref (data->seen);
  g_free (data);
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const VsFinetuneEvent *x = *(VsFinetuneEvent * const *) a;
  const VsFinetuneEvent *y = *(VsFinetuneEvent * const *) b;
  int c = g_strcmp0 (x->created_at, y->created_at);

  if (c != 0)
    return c;
  /* Same second: the order received (id holds it, see below). */
  return (x->id > y->id) - (x->id < y->id);
}

static void
events_return (GTask *task)
{
  EventsData *data = g_task_get_task_data (task);
  GPtrArray *events = g_steal_pointer (&data->events);

  g_ptr_array_sort (events, compare_events);
  for (guint i = 0; i < events->len; i++)
    ((VsFinetuneEvent *) g_ptr_array_index (events, i))->id = 0;
  data->events = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_finetune_event_free);
  g_task_return_pointer (task, events, (GDestroyNotify) g_ptr_array_unref);
}

static void events_fetch_page (GTask *task, const char *after);

static void
add_event (EventsData      *data,
           VsFinetuneEvent *event,
           gint64           order)
{
  if (g_hash_table_contains (data->seen, event->remote_id))
    {
      vs_finetune_event_free (event);
      return;
    }
  g_hash_table_add (data->seen, g_strdup (event->remote_id));
  /* Until sorting, id carries the oldest-first position within equal timestamps. */
  event->id = order;
  g_ptr_array_add (data->events, event);
}

static void
on_events_page (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  VsFinetuneProvider *self = g_task_get_source_object (task);
  EventsData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *last_id = NULL;
  GError *error = NULL;
  JsonObject *object;
  JsonArray *array;
  guint n;
  guint before;

  reply = vs_request_engine_call_json_finish (VS_REQUEST_ENGINE (source), result, NULL, &error);
  if (reply == NULL || (object = reply_object (reply, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  array = get_array (object, "data");
  n = array ? json_array_get_length (array) : 0;
  before = data->events->len;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *element = json_array_get_object_element (array, i);
      VsFinetuneEvent *event;
      gint64 order;

      if (element == NULL)
        continue;
      event = event_parse (element);
      g_free (last_id);
      last_id = g_strdup (event->remote_id);
      /* OpenAI lists newest first (later pages are older); Together oldest first. */
      order = self->kind == VS_FINETUNE_PROVIDER_OPENAI
              ? G_MAXINT32 - (gint64) (g_hash_table_size (data->seen))
              : (gint64) g_hash_table_size (data->seen);
      add_event (data, event, order);
    }
  if (json_object_get_boolean_member_with_default (object, "has_more", FALSE) &&
      last_id != NULL && data->events->len > before)
    {
      events_fetch_page (task, last_id);
      return;
    }
  events_return (task);
  g_object_unref (task);
}

static void
events_fetch_page (GTask      *task,
                   const char *after)
{
  VsFinetuneProvider *self = g_task_get_source_object (task);
  EventsData *data = g_task_get_task_data (task);
  g_autofree char *base = job_path (self, data->job_id, backends[self->kind].events_suffix);
  g_autofree char *path = NULL;

  if (self->kind == VS_FINETUNE_PROVIDER_OPENAI)
    {
      g_autofree char *escaped = after ? g_uri_escape_string (after, NULL, FALSE) : NULL;
      path = escaped ? g_strdup_printf ("%s?limit=100&after=%s", base, escaped)
                     : g_strdup_printf ("%s?limit=100", base);
    }
  else
    path = g_steal_pointer (&base);
  call (self, "GET", path, NULL, VS_CALL_FLAGS_NONE, task, on_events_page);
}

static void
on_events_job (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  VsFinetuneProvider *self = g_task_get_source_object (task);
  EventsData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(VsFinetuneJob) job = NULL;
  GError *error = NULL;
  JsonObject *object;

  reply = vs_request_engine_call_json_finish (VS_REQUEST_ENGINE (source), result, NULL, &error);
  if (reply == NULL || (object = reply_object (reply, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  job = vs_finetune_job_parse (self->kind, object);
  for (guint i = 0; job->events != NULL && i < job->events->len; i++)
    add_event (data, g_steal_pointer (&job->events->pdata[i]), i);
  events_return (task);
  g_object_unref (task);
}

void
vs_finetune_provider_events_async (VsFinetuneProvider  *self,
                                   const char          *job_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  EventsData *data;
  GTask *task;

  g_return_if_fail (VS_IS_FINETUNE_PROVIDER (self));
  g_return_if_fail (job_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_finetune_provider_events_async);
  data = g_new0 (EventsData, 1);
  data->job_id = g_strdup (job_id);
  data->events = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_finetune_event_free);
  data->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) events_data_free);

  switch (self->kind)
    {
    case VS_FINETUNE_PROVIDER_FIREWORKS:
      events_return (task);
      g_object_unref (task);
      break;
    case VS_FINETUNE_PROVIDER_MISTRAL:
      {
        g_autofree char *path = job_path (self, job_id, "");
        call (self, "GET", path, NULL, VS_CALL_FLAGS_NONE, task, on_events_job);
        break;
      }
    case VS_FINETUNE_PROVIDER_OPENAI:
    case VS_FINETUNE_PROVIDER_TOGETHER:
    default:
      events_fetch_page (task, NULL);
      break;
    }
}

GPtrArray *
vs_finetune_provider_events_finish (VsFinetuneProvider  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Checkpoints */

static VsFinetuneCheckpoint *
checkpoint_parse (JsonObject *object)
{
  VsFinetuneCheckpoint *checkpoint = g_new0 (VsFinetuneCheckpoint, 1);
  JsonNode *step = json_object_get_member (object, "step_number");

  checkpoint->remote_id = dup_member (object, "id");
  if (step == NULL || !vs_json_node_get_int64 (step, &checkpoint->step))
    checkpoint->step = -1;
  if (checkpoint->remote_id == NULL)
    checkpoint->remote_id = g_strdup_printf ("step-%" G_GINT64_FORMAT, checkpoint->step);
  checkpoint->model = dup_member (object, "fine_tuned_model_checkpoint");
  checkpoint->metrics = metrics_from (get_object (object, "metrics"));
  checkpoint->created_at = time_member (object, "created_at");
  return checkpoint;
}

static int
compare_checkpoints (gconstpointer a,
                     gconstpointer b)
{
  const VsFinetuneCheckpoint *x = *(VsFinetuneCheckpoint * const *) a;
  const VsFinetuneCheckpoint *y = *(VsFinetuneCheckpoint * const *) b;

  return (x->step > y->step) - (x->step < y->step);
}

static void
on_checkpoints (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VsFinetuneProvider *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GPtrArray) checkpoints = NULL;
  GError *error = NULL;
  JsonObject *object;

  reply = vs_request_engine_call_json_finish (VS_REQUEST_ENGINE (source), result, NULL, &error);
  if (reply == NULL || (object = reply_object (reply, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (self->kind == VS_FINETUNE_PROVIDER_MISTRAL)
    {
      g_autoptr(VsFinetuneJob) job = vs_finetune_job_parse (self->kind, object);
      checkpoints = g_steal_pointer (&job->checkpoints);
    }
  else
    {
      JsonArray *array = get_array (object, "data");

      checkpoints =
        g_ptr_array_new_with_free_func ((GDestroyNotify) vs_finetune_checkpoint_free);
      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonObject *element = json_array_get_object_element (array, i);
          if (element != NULL)
            g_ptr_array_add (checkpoints, checkpoint_parse (element));
        }
    }
  g_ptr_array_sort (checkpoints, compare_checkpoints);
  g_task_return_pointer (task, g_steal_pointer (&checkpoints),
                         (GDestroyNotify) g_ptr_array_unref);
}

void
vs_finetune_provider_checkpoints_async (VsFinetuneProvider  *self,
                                        const char          *job_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (VS_IS_FINETUNE_PROVIDER (self));
  g_return_if_fail (job_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_finetune_provider_checkpoints_async);
  switch (self->kind)
    {
    case VS_FINETUNE_PROVIDER_OPENAI:
      path = job_path (self, job_id, "/checkpoints");
      break;
    case VS_FINETUNE_PROVIDER_MISTRAL:
      path = job_path (self, job_id, "");
      break;
    case VS_FINETUNE_PROVIDER_TOGETHER:
    case VS_FINETUNE_PROVIDER_FIREWORKS:
    default:
      g_task_return_pointer (task,
                             g_ptr_array_new_with_free_func (
                               (GDestroyNotify) vs_finetune_checkpoint_free),
                             (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  call (self, "GET", path, NULL, VS_CALL_FLAGS_NONE, task, on_checkpoints);
}

GPtrArray *
vs_finetune_provider_checkpoints_finish (VsFinetuneProvider  *self,
                                         GAsyncResult        *result,
                                         GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
