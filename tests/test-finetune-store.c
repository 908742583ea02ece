/* test-finetune-store.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fine-tune store: jobs newest first, one job with every field (unknown numbers as -1),
 * the model a job shows, its events in order with their data; unknown jobs.
 */
#include "config.h"

#include "vs-error.h"
#include "vs-finetune-store.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-test-util.h"

typedef struct
{
  char      *dir;
  VsProject *project;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->project = vs_test_project_new ("jobs.versus", &f->dir, NULL);
  g_assert_true (vs_project_exec (f->project,
    "INSERT INTO datasets (id, name, created_at, updated_at) VALUES (1, 'd', 'x', 'x');"
    "INSERT INTO snapshots (id, dataset_id, name, n_records, created_at)"
    " VALUES (1, 1, 'v1', 3, 'x');"
    "INSERT INTO finetune_jobs (id, provider, snapshot_id, remote_id, base_model,"
    " fine_tuned_model, state, raw_status, hyperparameters, training_file_id,"
    " validation_file_id, trained_tokens, estimated_cost, error, created_at, updated_at,"
    " finished_at) VALUES"
    " (1, 'openai', 1, 'ftjob-1', 'gpt-4o-mini', 'ft:gpt-4o-mini:x', 'SUCCEEDED', 'succeeded',"
    "  '{\"n_epochs\": 3}', 'file-t', 'file-v', 12345, 1.5, NULL,"
    "  '2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z', '2026-01-01T01:00:00Z'),"
    " (2, 'openai', NULL, NULL, 'gpt-4o', NULL, 'FAILED', NULL, '{}', NULL, NULL, NULL, NULL,"
    "  'quota', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z', NULL);"
    "INSERT INTO finetune_events (job_id, remote_id, level, type, message, data, created_at)"
    " VALUES (1, 'e1', 'info', 'message', 'Started', NULL, '2026-01-01T00:00:01Z'),"
    "        (1, 'e2', 'info', 'metrics', 'Step 1', '{\"step\": 1, \"train_loss\": 0.25}',"
    "         '2026-01-01T00:00:02Z'),"
    "        (2, 'e3', 'error', 'message', 'Quota', NULL, '2026-03-01T00:00:01Z');",
    &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->project);
  vs_test_tmpdir_free (f->dir);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = vs_finetune_store_list (f->project, &error);
  VsFinetuneJobInfo *job;

  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 2);
  job = g_ptr_array_index (jobs, 0);
  g_assert_cmpint (job->id, ==, 2);
  g_assert_cmpstr (vs_finetune_job_info_get_display_model (job), ==, "gpt-4o");
  g_assert_cmpstr (job->state, ==, "FAILED");
  job = g_ptr_array_index (jobs, 1);
  g_assert_cmpint (job->id, ==, 1);
  g_assert_cmpstr (vs_finetune_job_info_get_display_model (job), ==, "ft:gpt-4o-mini:x");
}

static void
test_get (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsFinetuneJobInfo) job = vs_finetune_store_get (f->project, 1, &error);
  g_autoptr(VsFinetuneJobInfo) bare = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (job->provider, ==, "openai");
  g_assert_cmpint (job->snapshot_id, ==, 1);
  g_assert_cmpstr (job->snapshot_name, ==, "v1");
  g_assert_cmpstr (job->remote_id, ==, "ftjob-1");
  g_assert_cmpstr (job->base_model, ==, "gpt-4o-mini");
  g_assert_cmpstr (job->fine_tuned_model, ==, "ft:gpt-4o-mini:x");
  g_assert_cmpstr (job->raw_status, ==, "succeeded");
  g_assert_cmpint (json_object_get_int_member (job->hyperparameters, "n_epochs"), ==, 3);
  g_assert_cmpstr (job->training_file_id, ==, "file-t");
  g_assert_cmpstr (job->validation_file_id, ==, "file-v");
  g_assert_cmpint (job->trained_tokens, ==, 12345);
  g_assert_cmpfloat (job->estimated_cost, ==, 1.5);
  g_assert_null (job->error);
  g_assert_cmpstr (job->updated_at, ==, "2026-01-01T01:00:00Z");
  g_assert_cmpstr (job->finished_at, ==, "2026-01-01T01:00:00Z");

  bare = vs_finetune_store_get (f->project, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bare->snapshot_id, ==, 0);
  g_assert_null (bare->snapshot_name);
  g_assert_null (bare->fine_tuned_model);
  g_assert_null (bare->raw_status);
  g_assert_cmpint (bare->trained_tokens, ==, -1);
  g_assert_cmpfloat (bare->estimated_cost, <, 0);
  g_assert_cmpstr (bare->error, ==, "quota");
  g_assert_null (bare->finished_at);
  g_assert_nonnull (bare->hyperparameters);
}

static void
test_events (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = vs_finetune_store_list_events (f->project, 1, &error);
  VsFinetuneEvent *event;

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpint (event->job_id, ==, 1);
  g_assert_cmpstr (event->remote_id, ==, "e1");
  g_assert_cmpstr (event->message, ==, "Started");
  g_assert_null (event->data);
  event = g_ptr_array_index (events, 1);
  g_assert_cmpstr (event->type, ==, "metrics");
  g_assert_cmpstr (event->level, ==, "info");
  g_assert_cmpstr (event->created_at, ==, "2026-01-01T00:00:02Z");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (event->data));
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (event->data),
                                                    "train_loss"), ==, 0.25);
}

static void
test_unknown (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsFinetuneJobInfo) job = vs_finetune_store_get (f->project, 42, &error);
  g_autoptr(GPtrArray) events = NULL;

  g_assert_null (job);
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  events = vs_finetune_store_list_events (f->project, 42, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/versus/finetune-store/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("list", test_list);
  ADD ("get", test_get);
  ADD ("events", test_events);
  ADD ("unknown", test_unknown);
#undef ADD

  return g_test_run ();
}
