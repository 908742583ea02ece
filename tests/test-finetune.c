/* test-finetune.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fine-tuning engine against the fake server: every backend (OpenAI-compatible, Together,
 * Fireworks, Mistral) runs the same scenario — upload → create → track (poll, events into
 * metrics, stored once each) → cancel — plus a failure carrying the provider's message; the
 * status mapping of every provider value; a file over the limit refused before any upload;
 * tracking resumed after a restart; a 300 MB upload with flat memory; the key never in the
 * project file.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "vs-error.h"
#include "vs-fake-llm.h"
#include "vs-finetune-launch.h"
#include "vs-finetune-provider.h"
#include "vs-finetune-store.h"
#include "vs-finetune-tracker.h"
#include "vs-json.h"
#include "vs-prices.h"
#include "vs-run-store.h"
#include "vs-test-util.h"
#include "vs-writer.h"

#define SECRET_KEY "sk-versus-test-secret-4242"

typedef struct
{
  VsFakeLlm          *fake;
  VsRequestEngine    *engine;
  VsFinetuneProvider *provider;
  VsProject          *project;
  char               *dir;
  char               *path;
  char               *train;
} Fixture;

static char *
base_url (VsFakeLlm              *fake,
          VsFinetuneProviderKind  kind)
{
  if (kind == VS_FINETUNE_PROVIDER_FIREWORKS)
    return g_strconcat (vs_fake_llm_get_url (fake), "/v1/accounts/fake", NULL);
  return g_strconcat (vs_fake_llm_get_url (fake), "/v1", NULL);
}

static void
write_train (Fixture *f)
{
  GString *text = g_string_new (NULL);

  for (int i = 0; i < 12; i++)
    g_string_append_printf (text, "{\"messages\":[{\"role\":\"user\",\"content\":\"q%d\"},"
                            "{\"role\":\"assistant\",\"content\":\"a%d\"}]}\n", i, i);
  f->train = g_build_filename (f->dir, "train.jsonl", NULL);
  g_assert_true (g_file_set_contents (f->train, text->str, -1, NULL));
  g_string_free (text, TRUE);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  VsFinetuneProviderKind kind = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(VsEndpoint) endpoint = NULL;
  g_autofree char *url = NULL;

  f->fake = vs_fake_llm_new (0, &error);
  g_assert_no_error (error);
  vs_fake_llm_set_required_key (f->fake, SECRET_KEY);
  url = base_url (f->fake, kind);
  endpoint = vs_endpoint_new (VS_ENDPOINT_KIND_OPENAI, url, &error);
  g_assert_no_error (error);
  vs_endpoint_set_setting_int (endpoint, "retry_base_ms", 1);
  vs_endpoint_set_setting_int (endpoint, "retry_cap_ms", 4);
  f->engine = vs_request_engine_new (endpoint, SECRET_KEY);
  f->provider = vs_finetune_provider_new (kind, f->engine);
  f->project = vs_test_project_new ("finetune.versus", &f->dir, &f->path);
  write_train (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->provider);
  g_clear_object (&f->engine);
  g_clear_object (&f->project);
  g_clear_pointer (&f->fake, vs_fake_llm_free);
  vs_test_tmpdir_free (f->dir);
  g_free (f->path);
  g_free (f->train);
}

/* Waiting for one async call */

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Wait *wait = data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static GAsyncResult *
wait_for (Wait *wait)
{
  while (!wait->done)
    g_main_context_iteration (NULL, TRUE);
  return wait->result;
}

static char *
upload (Fixture     *f,
        const char  *path,
        GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { 0 };

  vs_finetune_provider_upload_async (f->provider, file, NULL, on_done, &wait);
  result = wait_for (&wait);
  return vs_finetune_provider_upload_finish (f->provider, result, error);
}

static VsFinetuneJob *
create (Fixture     *f,
        const char  *model,
        const char  *file_id,
        GError     **error)
{
  g_autoptr(VsFinetuneParams) params = vs_finetune_params_new ();
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { 0 };

  params->base_model = g_strdup (model);
  params->training_file = g_strdup (file_id);
  params->validation_file = g_strdup (file_id);
  params->n_epochs = 2;
  params->suffix = g_strdup ("demo");
  params->seed = 7;
  vs_finetune_provider_create_async (f->provider, params, NULL, on_done, &wait);
  result = wait_for (&wait);
  return vs_finetune_provider_job_finish (f->provider, result, error);
}

static VsFinetuneJob *
get_job (Fixture    *f,
         const char *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  VsFinetuneJob *job;
  Wait wait = { 0 };

  vs_finetune_provider_get_async (f->provider, id, NULL, on_done, &wait);
  result = wait_for (&wait);
  job = vs_finetune_provider_job_finish (f->provider, result, &error);
  g_assert_no_error (error);
  return job;
}

static VsFinetuneJob *
track (Fixture                *f,
       gint64                  job_id,
       const char             *remote_id,
       VsFinetuneProgressFunc  progress,
       gpointer                progress_data,
       GCancellable           *cancellable,
       GError                **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { 0 };

  vs_finetune_track_async (f->provider, f->project, job_id, remote_id, 1, 4, progress,
                           progress_data, cancellable, on_done, &wait);
  result = wait_for (&wait);
  return vs_finetune_track_finish (f->provider, result, error);
}

static gint64
store_job (Fixture             *f,
           const VsFinetuneJob *job)
{
  g_autoptr(GError) error = NULL;
  VsFinetuneJobInfo info = { 0 };
  gint64 id;

  info.provider = (char *) vs_finetune_provider_kind_to_string (
                             vs_finetune_provider_get_kind (f->provider));
  info.remote_id = job->id;
  info.base_model = job->model;
  info.state = (char *) vs_finetune_state_to_string (job->state);
  info.raw_status = job->status;
  info.training_file_id = job->training_file;
  info.trained_tokens = -1;
  info.estimated_cost = 0.25;
  info.created_at = job->created_at;
  id = vs_finetune_store_add_job (f->project, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* The shared scenario --------------------------------------------------------------------- */

static void
assert_create_body (VsFinetuneProviderKind kind,
                    const char            *body_text)
{
  g_autoptr(JsonNode) body = vs_json_parse (body_text, -1, NULL);
  JsonObject *o = json_node_get_object (body);

  switch (kind)
    {
    case VS_FINETUNE_PROVIDER_OPENAI:
      {
        JsonObject *method = json_object_get_object_member (o, "method");
        JsonObject *hyper = json_object_get_object_member (
                              json_object_get_object_member (method, "supervised"),
                              "hyperparameters");
        g_assert_cmpstr (json_object_get_string_member (method, "type"), ==, "supervised");
        g_assert_cmpint (json_object_get_int_member (hyper, "n_epochs"), ==, 2);
        g_assert_cmpstr (json_object_get_string_member (hyper, "batch_size"), ==, "auto");
        g_assert_cmpstr (json_object_get_string_member (hyper, "learning_rate_multiplier"), ==,
                         "auto");
        g_assert_cmpint (json_object_get_int_member (o, "seed"), ==, 7);
        g_assert_cmpstr (json_object_get_string_member (o, "suffix"), ==, "demo");
        g_assert_true (json_object_has_member (o, "validation_file"));
        break;
      }
    case VS_FINETUNE_PROVIDER_TOGETHER:
      g_assert_cmpint (json_object_get_int_member (o, "n_epochs"), ==, 2);
      g_assert_true (json_object_get_boolean_member (o, "lora"));
      g_assert_cmpstr (json_object_get_string_member (o, "training_file"), ==,
                       "file-together-1");
      break;
    case VS_FINETUNE_PROVIDER_FIREWORKS:
      g_assert_cmpint (json_object_get_int_member (o, "epochs"), ==, 2);
      g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "dataset"),
                                       "accounts/fake/datasets/versus-train-"));
      break;
    case VS_FINETUNE_PROVIDER_MISTRAL:
    default:
      {
        JsonArray *files = json_object_get_array_member (o, "training_files");
        g_assert_cmpuint (json_array_get_length (files), ==, 1);
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (files, 0),
                                                        "file_id"), ==, "file-fake");
        g_assert_cmpint (json_object_get_int_member (
                           json_object_get_object_member (o, "hyperparameters"), "epochs"),
                         ==, 2);
        g_assert_true (json_object_get_boolean_member (o, "auto_start"));
        break;
      }
    }
}

static guint
count_metrics (GPtrArray *events)
{
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    {
      VsFinetuneEvent *e = g_ptr_array_index (events, i);
      if (e->data != NULL && json_object_has_member (json_node_get_object (e->data),
                                                     "train_loss"))
        n++;
    }
  return n;
}

static void
test_scenario (Fixture       *f,
               gconstpointer  data)
{
  VsFinetuneProviderKind kind = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autofree char *file_id = NULL;
  g_autofree char *body = NULL;
  g_autoptr(VsFinetuneJob) job = NULL;
  g_autoptr(VsFinetuneJob) done = NULL;
  g_autoptr(VsFinetuneJobInfo) stored = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) remote_events = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  Wait wait = { 0 };
  gint64 id;
  gint n_new;

  /* upload */
  file_id = upload (f, f->train, &error);
  g_assert_no_error (error);
  g_assert_nonnull (file_id);
  if (kind == VS_FINETUNE_PROVIDER_FIREWORKS)
    g_assert_true (g_str_has_prefix (file_id, "accounts/fake/datasets/versus-train-"));

  /* create */
  job = create (f, "fake-base", file_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (job->id);
  /* Together has no word for validating: "pending" is queued. */
  g_assert_cmpint (job->state, ==, kind == VS_FINETUNE_PROVIDER_TOGETHER
                                   ? VS_FINETUNE_STATE_QUEUED : VS_FINETUNE_STATE_VALIDATING);
  g_assert_nonnull (job->created_at);
  g_assert_true (g_str_has_suffix (job->created_at, "Z"));
  body = vs_fake_llm_dup_last_finetune_body (f->fake);
  assert_create_body (kind, body);

  /* track until it ends; stored as it goes */
  id = store_job (f, job);
  done = track (f, id, job->id, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (done->state, ==, VS_FINETUNE_STATE_SUCCEEDED);
  g_assert_nonnull (done->fine_tuned_model);
  g_assert_nonnull (done->finished_at);

  stored = vs_finetune_store_get (f->project, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->state, ==, "SUCCEEDED");
  {
    /* the finished job's model is offered as a contender */
    g_autoptr(GPtrArray) contenders = vs_finetune_store_list_contenders (f->project, &error);
    VsContenderInfo *contender;

    g_assert_no_error (error);
    g_assert_cmpuint (contenders->len, ==, 1);
    contender = g_ptr_array_index (contenders, 0);
    g_assert_cmpstr (contender->model, ==, done->fine_tuned_model);
    g_assert_cmpint (contender->finetune_job_id, ==, id);
  }
  g_assert_cmpstr (stored->raw_status, ==, done->status);
  g_assert_cmpstr (stored->fine_tuned_model, ==, done->fine_tuned_model);
  g_assert_cmpstr (stored->finished_at, ==, done->finished_at);

  events = vs_finetune_store_list_events (f->project, id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      VsFinetuneEvent *e = g_ptr_array_index (events, i);
      g_assert_false (g_hash_table_contains (ids, e->remote_id));
      g_hash_table_add (ids, e->remote_id);
      if (i > 0)
        g_assert_cmpstr (((VsFinetuneEvent *) g_ptr_array_index (events, i - 1))->created_at,
                         <=, e->created_at);
    }
  {
    /* the state history: each state once, in the order the job went through them */
    g_autoptr(GPtrArray) history = vs_finetune_store_list_history (f->project, id, &error);
    VsFinetuneEvent *first;
    VsFinetuneEvent *last;

    g_assert_no_error (error);
    g_assert_cmpuint (history->len, >=, 2);
    first = g_ptr_array_index (history, 0);
    last = g_ptr_array_index (history, history->len - 1);
    g_assert_cmpstr (first->type, ==, VS_FINETUNE_EVENT_STATE);
    g_assert_nonnull (first->created_at);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (last->data), "state"),
                     ==, "SUCCEEDED");
    for (guint i = 1; i < history->len; i++)
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (
                         ((VsFinetuneEvent *) g_ptr_array_index (history, i - 1))->data),
                         "state"), !=,
                       json_object_get_string_member (json_node_get_object (
                         ((VsFinetuneEvent *) g_ptr_array_index (history, i))->data),
                         "state"));
  }
  if (kind == VS_FINETUNE_PROVIDER_FIREWORKS)
    g_assert_cmpuint (events->len, ==, 0); /* no events API */
  else
    {
      g_assert_cmpuint (count_metrics (events), ==, 3);
      g_assert_cmpuint (events->len, >=, 6);
    }

  /* events again from the provider: oldest first, each once; storing them adds nothing */
  vs_finetune_provider_events_async (f->provider, job->id, NULL, on_done, &wait);
  result = wait_for (&wait);
  remote_events = vs_finetune_provider_events_finish (f->provider, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (remote_events->len, ==, events->len);
  n_new = vs_finetune_store_record (f->project, id, NULL, remote_events, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n_new, ==, 0);
  if (kind == VS_FINETUNE_PROVIDER_OPENAI)
    {
      g_autoptr(GPtrArray) checkpoints = vs_finetune_store_list_checkpoints (f->project, id,
                                                                             &error);
      VsFinetuneCheckpoint *last;
      g_assert_no_error (error);
      g_assert_cmpuint (checkpoints->len, ==, 3);
      last = g_ptr_array_index (checkpoints, 2);
      g_assert_cmpint (last->step, ==, 3);
      g_assert_nonnull (last->model);
      g_assert_nonnull (last->metrics);
      /* OpenAI events came 3 per page: the pages were followed */
      g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), >, 0);
    }
  if (kind == VS_FINETUNE_PROVIDER_MISTRAL)
    {
      g_autoptr(GPtrArray) checkpoints = vs_finetune_store_list_checkpoints (f->project, id,
                                                                             &error);
      g_assert_cmpuint (checkpoints->len, ==, 3);
    }
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file_id = NULL;
  g_autoptr(VsFinetuneJob) job = NULL;
  g_autoptr(VsFinetuneJob) running = NULL;
  g_autoptr(VsFinetuneJob) cancelled = NULL;
  g_autoptr(VsFinetuneJob) done = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { 0 };
  gint64 id;

  file_id = upload (f, f->train, &error);
  g_assert_no_error (error);
  job = create (f, "fake-base", file_id, &error);
  g_assert_no_error (error);
  id = store_job (f, job);
  running = get_job (f, job->id);
  g_assert_cmpint (running->state, ==, VS_FINETUNE_STATE_QUEUED);

  vs_finetune_provider_cancel_async (f->provider, job->id, NULL, on_done, &wait);
  result = wait_for (&wait);
  cancelled = vs_finetune_provider_job_finish (f->provider, result, &error);
  g_assert_no_error (error);
  g_assert_true (cancelled->state == VS_FINETUNE_STATE_CANCELLING ||
                 cancelled->state == VS_FINETUNE_STATE_CANCELLED);

  done = track (f, id, job->id, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (done->state, ==, VS_FINETUNE_STATE_CANCELLED);
  g_assert_null (done->fine_tuned_model);
  {
    g_autoptr(VsFinetuneJobInfo) stored = vs_finetune_store_get (f->project, id, &error);
    g_autoptr(GPtrArray) contenders = vs_finetune_store_list_contenders (f->project, &error);
    g_assert_cmpstr (stored->state, ==, "CANCELLED");
    g_assert_cmpuint (contenders->len, ==, 0); /* not a finished model */
  }
}

static void
test_failure (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) refused = NULL;
  g_autofree char *file_id = NULL;
  g_autoptr(VsFinetuneJob) job = NULL;
  g_autoptr(VsFinetuneJob) none = NULL;
  g_autoptr(VsFinetuneJob) done = NULL;
  g_autoptr(VsFinetuneJobInfo) stored = NULL;
  gint64 id;

  file_id = upload (f, f->train, &error);
  g_assert_no_error (error);

  /* refused at create: the provider's message reaches the caller */
  none = create (f, "fake-unknown", file_id, &refused);
  g_assert_null (none);
  g_assert_nonnull (refused);
  g_assert_nonnull (strstr (refused->message, "Model fake-unknown is not available"));

  /* fails while validating: the provider's message is the job's error */
  job = create (f, "fake-fail-base", file_id, &error);
  g_assert_no_error (error);
  id = store_job (f, job);
  done = track (f, id, job->id, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (done->state, ==, VS_FINETUNE_STATE_FAILED);
  g_assert_cmpstr (done->error, ==,
                   "Training file has 2 examples with an invalid role (lines 3 and 7)");
  stored = vs_finetune_store_get (f->project, id, &error);
  g_assert_cmpstr (stored->state, ==, "FAILED");
  g_assert_cmpstr (stored->error, ==, done->error);
}

/* A file over the provider's limit (a sparse file: no disk used) is refused with a clear
 * message before any request is made. */
static void
test_over_limit (Fixture       *f,
                 gconstpointer  data)
{
  VsFinetuneProviderKind kind = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_build_filename (f->dir, "big.jsonl", NULL);
  g_autofree char *id = NULL;
  guint64 limit = vs_finetune_provider_kind_get_max_file_size (kind);
  FILE *file = fopen (big, "w");

  g_assert_nonnull (file);
  g_assert_cmpint (ftruncate (fileno (file), (off_t) limit + 1), ==, 0);
  fclose (file);

  id = upload (f, big, &error);
  g_assert_null (id);
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "big.jsonl"));
  g_assert_nonnull (strstr (error->message, "Nothing was uploaded"));
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 0);
}

/* Status mapping -------------------------------------------------------------------------- */

static void
test_states (void)
{
  static const struct { const char *raw; VsFinetuneState state; } cases[] = {
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
    /* Fireworks' enum names */
    { "JOB_STATE_RUNNING", VS_FINETUNE_STATE_RUNNING },
    { "JOB_STATE_COMPLETED", VS_FINETUNE_STATE_SUCCEEDED },
    { "JOB_STATE_EARLY_STOPPED", VS_FINETUNE_STATE_SUCCEEDED },
    { "JOB_STATE_WRITING_RESULTS", VS_FINETUNE_STATE_RUNNING },
    /* anything else: unknown (shown raw) */
    { "Running", VS_FINETUNE_STATE_UNKNOWN },
    { "JOB_STATE_UNSPECIFIED", VS_FINETUNE_STATE_UNKNOWN },
    { "", VS_FINETUNE_STATE_UNKNOWN },
    { NULL, VS_FINETUNE_STATE_UNKNOWN },
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(VsFinetuneJob) job = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (vs_finetune_state_to_string (vs_finetune_state_from_raw (cases[i].raw)),
                     ==, vs_finetune_state_to_string (cases[i].state));
  for (int s = 0; s <= VS_FINETUNE_STATE_UNKNOWN; s++)
    g_assert_cmpint (vs_finetune_state_from_string (vs_finetune_state_to_string (s)), ==, s);
  g_assert_true (vs_finetune_state_is_final (VS_FINETUNE_STATE_CANCELLED));
  g_assert_false (vs_finetune_state_is_final (VS_FINETUNE_STATE_CANCELLING));

  /* The raw value is kept when unknown. */
  g_assert_true (json_parser_load_from_data (parser, "{\"id\":\"j\",\"status\":\"frobnicating\"}",
                                             -1, NULL));
  job = vs_finetune_job_parse (VS_FINETUNE_PROVIDER_OPENAI,
                               json_node_get_object (json_parser_get_root (parser)));
  g_assert_cmpint (job->state, ==, VS_FINETUNE_STATE_UNKNOWN);
  g_assert_cmpstr (job->status, ==, "frobnicating");
}

static void
test_times (void)
{
  static const struct { const char *json; const char *iso; } cases[] = {
    { "1767225600", "2026-01-01T00:00:00Z" },
    { "1767225600.75", "2026-01-01T00:00:00Z" },
    { "1767225600000", "2026-01-01T00:00:00Z" },
    { "\"1767225600\"", "2026-01-01T00:00:00Z" },
    { "\"2026-01-01T01:00:00+01:00\"", "2026-01-01T00:00:00Z" },
    { "\"2023-11-07T05:31:56.123456Z\"", "2023-11-07T05:31:56Z" },
    { "\"2023-11-07T05:31:56\"", "2023-11-07T05:31:56Z" },
    { "null", NULL },
    { "0", NULL },
    { "\"\"", NULL },
    { "\"yesterday\"", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = vs_json_parse (cases[i].json, -1, NULL);
      g_autofree char *iso = vs_finetune_time_to_iso (node);
      g_assert_cmpstr (iso, ==, cases[i].iso);
    }
}

/* Restart ----------------------------------------------------------------------------------- */

static void
stop_after_first (const VsFinetuneJob *job,
                  guint                n_new_events,
                  gpointer             data)
{
  g_cancellable_cancel (data);
}

static void
test_restart_resumes (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) cancelled = NULL;
  g_autofree char *file_id = NULL;
  g_autoptr(VsFinetuneJob) job = NULL;
  g_autoptr(VsFinetuneJob) partial = NULL;
  g_autoptr(VsFinetuneJob) done = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(VsFinetuneJobInfo) before = NULL;
  VsFinetuneJobInfo *info;
  gint64 id;

  file_id = upload (f, f->train, &error);
  g_assert_no_error (error);
  job = create (f, "fake-base", file_id, &error);
  g_assert_no_error (error);
  id = store_job (f, job);

  /* the app is closed after one round of tracking */
  partial = track (f, id, job->id, stop_after_first, cancellable, cancellable, &cancelled);
  g_assert_null (partial);
  g_assert_error (cancelled, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (vs_writer_flush (vs_project_get_writer (f->project), &error));
  before = vs_finetune_store_get (f->project, id, &error);
  g_assert_cmpstr (before->state, ==, "QUEUED");
  g_clear_object (&f->project);

  /* … and started again: the unfinished job is found and followed to its end */
  f->project = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  active = vs_finetune_store_list_active (f->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (active->len, ==, 1);
  info = g_ptr_array_index (active, 0);
  g_assert_cmpint (info->id, ==, id);
  g_assert_cmpstr (info->remote_id, ==, job->id);
  done = track (f, info->id, info->remote_id, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (done->state, ==, VS_FINETUNE_STATE_SUCCEEDED);

  g_clear_pointer (&active, g_ptr_array_unref);
  active = vs_finetune_store_list_active (f->project, &error);
  g_assert_cmpuint (active->len, ==, 0);
  events = vs_finetune_store_list_events (f->project, id, &error);
  g_assert_cmpuint (count_metrics (events), ==, 3);
}

/* Large upload, key ------------------------------------------------------------------------- */

static gint64
peak_rss (gboolean reset)
{
  g_autofree char *status = NULL;
  const char *line;

  if (reset)
    {
      FILE *clear = fopen ("/proc/self/clear_refs", "w");

      if (clear == NULL)
        return -1;
      if (fputs ("5", clear) < 0 || fclose (clear) != 0)
        return -1;
    }
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + 6, NULL, 10) * 1024;
}

#define BIG_UPLOAD (300 * 1000 * 1000)

static void
test_large_upload (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_build_filename (f->dir, "big.jsonl", NULL);
  g_autofree char *id = NULL;
  FILE *file = fopen (big, "w");
  gint64 before, after;
  gint64 t0;

  g_assert_nonnull (file);
  g_assert_cmpint (ftruncate (fileno (file), BIG_UPLOAD), ==, 0);
  fclose (file);

  before = peak_rss (TRUE);
  t0 = g_get_monotonic_time ();
  id = upload (f, big, &error);
  after = peak_rss (FALSE);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "file-fake");
  g_test_message ("300 MB upload in %.2f s; peak RSS grew by %" G_GINT64_FORMAT " KB",
                  (g_get_monotonic_time () - t0) / 1e6, (after - before) / 1024);
  if (before < 0 || after < 0)
    {
      g_test_message ("no VmHWM reset here: memory not checked");
      return;
    }
#ifdef __SANITIZE_ADDRESS__
  /* AddressSanitizer keeps freed blocks in quarantine (256 MB): the main build checks this. */
  g_test_message ("under AddressSanitizer: memory not checked");
#else
  g_assert_cmpint (after - before, <, 64 * 1024 * 1024);
#endif
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  /* The file holds NUL bytes: no string search. */
  for (gsize i = 0, n = strlen (needle); i + n <= length; i++)
    if (contents[i] == needle[0] && memcmp (contents + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
test_key_not_in_project (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file_id = NULL;
  g_autoptr(VsFinetuneJob) job = NULL;
  g_autoptr(VsFinetuneJob) done = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  gint64 id;

  file_id = upload (f, f->train, &error);
  g_assert_no_error (error);
  job = create (f, "fake-base", file_id, &error);
  g_assert_no_error (error);
  id = store_job (f, job);
  done = track (f, id, job->id, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vs_fake_llm_get_auth_count (f->fake), >, 0);

  g_assert_false (file_contains (f->path, SECRET_KEY));
  g_assert_false (file_contains (wal, SECRET_KEY));
  /* the check can fail: what is stored is found */
  g_assert_true (file_contains (f->path, job->id) || file_contains (wal, job->id));
  g_clear_object (&f->project);
  g_assert_false (file_contains (f->path, SECRET_KEY));
}

/* Estimate and launch ------------------------------------------------------------------ */

static void
test_estimate_and_launch (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsPrice) price = vs_price_new ("fake-base", 0, 0, 25.0);
  g_autoptr(VsFinetuneParams) params = vs_finetune_params_new ();
  g_autoptr(GFile) train = g_file_new_for_path (f->train);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(VsFinetuneJob) job = NULL;
  g_autoptr(VsFinetuneJobInfo) stored = NULL;
  VsFinetuneEstimate estimate;
  Wait wait = { 0 };
  gint64 id = 0;

  /* 12 examples: auto epochs = min(25, 100 / 12) = 8; no price yet */
  g_assert_true (vs_finetune_estimate_file (f->train, "fake-base", 0, f->project, &estimate,
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpint (estimate.n_examples, ==, 12);
  g_assert_cmpint (estimate.epochs, ==, 8);
  g_assert_true (estimate.epochs_auto);
  g_assert_cmpint (estimate.tokens, >, 12 * 8);
  g_assert_cmpint (estimate.billable_tokens, ==, estimate.tokens * 8);
  g_assert_cmpfloat (estimate.cost, <, 0);

  g_assert_true (vs_prices_set (f->project, price, &error));
  g_assert_true (vs_finetune_estimate_file (f->train, "fake-base", 2, f->project, &estimate,
                                            &error));
  g_assert_cmpint (estimate.epochs, ==, 2);
  g_assert_cmpfloat_with_epsilon (estimate.cost, 25.0 * estimate.billable_tokens / 1e6, 1e-9);

  params->base_model = g_strdup ("fake-base");
  params->n_epochs = 2;
  vs_finetune_launch_async (f->provider, f->project, 0, train, train, params, estimate.cost,
                            NULL, on_done, &wait);
  result = wait_for (&wait);
  job = vs_finetune_launch_finish (f->provider, result, &id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpstr (job->training_file, ==, "file-fake");
  g_assert_cmpstr (job->validation_file, ==, "file-fake");
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/files"), ==, 2);
  stored = vs_finetune_store_get (f->project, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->remote_id, ==, job->id);
  g_assert_cmpfloat_with_epsilon (stored->estimated_cost, estimate.cost, 1e-9);
  g_assert_cmpint (json_object_get_int_member (stored->hyperparameters, "n_epochs"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (stored->hyperparameters, "batch_size"), ==,
                   "auto");
  g_assert_cmpstr (stored->training_file_id, ==, "file-fake");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (int kind = 0; kind < VS_FINETUNE_N_PROVIDERS; kind++)
    {
      const char *name = vs_finetune_provider_kind_to_string (kind);
      g_autofree char *scenario = g_strdup_printf ("/versus/finetune/%s/scenario", name);
      g_autofree char *cancel = g_strdup_printf ("/versus/finetune/%s/cancel", name);
      g_autofree char *failure = g_strdup_printf ("/versus/finetune/%s/failure", name);
      g_autofree char *limit = g_strdup_printf ("/versus/finetune/%s/over-limit", name);

      g_test_add (scenario, Fixture, GINT_TO_POINTER (kind), fixture_set_up, test_scenario,
                  fixture_tear_down);
      g_test_add (cancel, Fixture, GINT_TO_POINTER (kind), fixture_set_up, test_cancel,
                  fixture_tear_down);
      g_test_add (failure, Fixture, GINT_TO_POINTER (kind), fixture_set_up, test_failure,
                  fixture_tear_down);
      g_test_add (limit, Fixture, GINT_TO_POINTER (kind), fixture_set_up, test_over_limit,
                  fixture_tear_down);
    }
  g_test_add_func ("/versus/finetune/states", test_states);
  g_test_add_func ("/versus/finetune/times", test_times);
  g_test_add ("/versus/finetune/restart-resumes", Fixture,
              GINT_TO_POINTER (VS_FINETUNE_PROVIDER_OPENAI), fixture_set_up,
              test_restart_resumes, fixture_tear_down);
  g_test_add ("/versus/finetune/large-upload", Fixture,
              GINT_TO_POINTER (VS_FINETUNE_PROVIDER_OPENAI), fixture_set_up, test_large_upload,
              fixture_tear_down);
  g_test_add ("/versus/finetune/estimate-and-launch", Fixture,
              GINT_TO_POINTER (VS_FINETUNE_PROVIDER_OPENAI), fixture_set_up,
              test_estimate_and_launch, fixture_tear_down);
  g_test_add ("/versus/finetune/key-not-in-project", Fixture,
              GINT_TO_POINTER (VS_FINETUNE_PROVIDER_MISTRAL), fixture_set_up,
              test_key_not_in_project, fixture_tear_down);
  return g_test_run ();
}
