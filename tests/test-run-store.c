/* test-run-store.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The run store: runs listed newest first with their contender counts, one run with its
 * snapshot, metrics, contenders in order and result counts per state; unknown runs.
 */
#include "config.h"

#include "vs-error.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-run-store.h"
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

  f->project = vs_test_project_new ("runs.versus", &f->dir, NULL);
  /* Two runs (the second newer, on a snapshot), contenders out of order, results. */
  g_assert_true (vs_project_exec (f->project,
    "INSERT INTO datasets (id, name, created_at, updated_at) VALUES (1, 'd', 'x', 'x');"
    "INSERT INTO snapshots (id, dataset_id, name, n_records, created_at)"
    " VALUES (1, 1, 'v1', 3, 'x');"
    "INSERT INTO endpoints (id, uuid, name, base_url, created_at)"
    " VALUES (1, 'u', 'Local', 'http://127.0.0.1:1', 'x');"
    "INSERT INTO runs (id, name, state, created_at) VALUES"
    " (1, 'Old run', 'done', '2026-01-01T00:00:00Z');"
    "INSERT INTO runs (id, name, snapshot_id, split, repeats, metrics, baseline_run_id, state,"
    " created_at, started_at, finished_at) VALUES"
    " (2, 'New run', 1, 'test', 3, '[\"exact\", {\"name\": \"judge\"}, 7]', 1, 'running',"
    " '2026-02-01T00:00:00Z', '2026-02-01T00:00:01Z', NULL);"
    "INSERT INTO contenders (id, run_id, position, label, endpoint_id, model, parameters)"
    " VALUES (10, 2, 1, 'B', NULL, 'model-b', '{\"temperature\": 0.5}'),"
    "        (11, 2, 0, 'A', 1, 'model-a', '{}'),"
    "        (12, 1, 0, 'Only', NULL, 'model-o', '{}');"
    "INSERT INTO results (run_id, contender_id, case_ordinal, sample_index, state, created_at)"
    " VALUES (2, 10, 1, 0, 'ok', 'x'), (2, 10, 2, 0, 'ok', 'x'), (2, 10, 3, 0, 'error', 'x'),"
    "        (2, 11, 1, 0, 'ok', 'x'), (2, 11, 2, 0, 'pending', 'x'),"
    "        (1, 12, 1, 0, 'error', 'x');",
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
  g_autoptr(GPtrArray) runs = vs_run_store_list (f->project, &error);
  VsRunInfo *run;

  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 2);
  run = g_ptr_array_index (runs, 0);
  g_assert_cmpint (run->id, ==, 2);
  g_assert_cmpstr (run->name, ==, "New run");
  g_assert_cmpstr (run->state, ==, "running");
  g_assert_cmpint (run->n_contenders, ==, 2);
  g_assert_null (run->contenders);
  run = g_ptr_array_index (runs, 1);
  g_assert_cmpint (run->id, ==, 1);
  g_assert_cmpint (run->n_contenders, ==, 1);
  g_assert_cmpint (run->repeats, ==, 1);
  g_assert_null (run->snapshot_name);
  g_assert_null (run->split);
  g_assert_cmpstrv (run->metrics, ((const char * const[]) { NULL }));
}

static void
test_get (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsRunInfo) run = vs_run_store_get (f->project, 2, &error);
  VsContenderInfo *contender;

  g_assert_no_error (error);
  g_assert_cmpstr (run->name, ==, "New run");
  g_assert_cmpint (run->snapshot_id, ==, 1);
  g_assert_cmpstr (run->snapshot_name, ==, "v1");
  g_assert_cmpstr (run->split, ==, "test");
  g_assert_cmpint (run->repeats, ==, 3);
  g_assert_cmpstrv (run->metrics, ((const char * const[]) { "exact", "judge", NULL }));
  g_assert_cmpint (run->baseline_run_id, ==, 1);
  g_assert_cmpstr (run->created_at, ==, "2026-02-01T00:00:00Z");
  g_assert_cmpstr (run->started_at, ==, "2026-02-01T00:00:01Z");
  g_assert_null (run->finished_at);
  g_assert_cmpint (run->results.n_ok, ==, 3);
  g_assert_cmpint (run->results.n_errors, ==, 1);
  g_assert_cmpint (run->results.n_pending, ==, 1);

  g_assert_cmpuint (run->contenders->len, ==, 2);
  contender = g_ptr_array_index (run->contenders, 0);
  g_assert_cmpint (contender->id, ==, 11);
  g_assert_cmpstr (contender->label, ==, "A");
  g_assert_cmpstr (contender->model, ==, "model-a");
  g_assert_cmpint (contender->endpoint_id, ==, 1);
  g_assert_cmpint (json_object_get_size (contender->parameters), ==, 0);
  contender = g_ptr_array_index (run->contenders, 1);
  g_assert_cmpstr (contender->label, ==, "B");
  g_assert_cmpint (contender->run_id, ==, 2);
  g_assert_cmpint (contender->position, ==, 1);
  g_assert_cmpint (contender->endpoint_id, ==, 0);
  g_assert_cmpint (contender->template_version_id, ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (contender->parameters, "temperature"), ==,
                     0.5);
}

static void
test_unknown (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsRunInfo) run = vs_run_store_get (f->project, 99, &error);
  g_autoptr(GPtrArray) contenders = NULL;
  VsRunResultCounts counts = { 1, 1, 1 };

  g_assert_null (run);
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  contenders = vs_run_store_list_contenders (f->project, 99, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contenders->len, ==, 0);
  g_assert_true (vs_run_store_count_results (f->project, 99, &counts, &error));
  g_assert_cmpint (counts.n_ok + counts.n_errors + counts.n_pending, ==, 0);
}

static void
test_count_results (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  VsRunResultCounts counts;

  g_assert_true (vs_run_store_count_results (f->project, 1, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (counts.n_ok, ==, 0);
  g_assert_cmpint (counts.n_errors, ==, 1);
  g_assert_cmpint (counts.n_pending, ==, 0);
}

static void
test_empty (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  VsProject *project = vs_test_project_new ("empty.versus", &dir, NULL);
  g_autoptr(GPtrArray) runs = vs_run_store_list (project, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 0);
  g_assert_finalize_object (project);
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/versus/run-store/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("list", test_list);
  ADD ("get", test_get);
  ADD ("unknown", test_unknown);
  ADD ("count-results", test_count_results);
#undef ADD
  g_test_add_func ("/versus/run-store/empty", test_empty);

  return g_test_run ();
}
