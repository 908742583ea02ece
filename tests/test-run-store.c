/* test-run-store.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The run store: runs listed newest first with their contender counts, one run with its
 * snapshot, metrics, contenders in order and result counts per state; unknown runs. Writes
 * through the writer: a run with its contenders (sync and async), a stream of results (a
 * rewrite replaces), state changes with their times, change notices, refusals.
 */
#include "config.h"

#include "vs-error.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-run-store.h"
#include "vs-test-util.h"
#include "vs-writer.h"

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

/* Writes */

static void
on_changed (VsProject      *project,
            const char     *what,
            const VsChange *change,
            GPtrArray      *seen)
{
  g_ptr_array_add (seen, g_strdup_printf ("%s:%d:%" G_GINT64_FORMAT ":%d", what, change->kind,
                                          change->parent_id,
                                          change->ids ? (int) change->ids->len : -1));
}

static gboolean seen_has (GPtrArray  *seen,
                          const char *format,
                          ...) G_GNUC_PRINTF (2, 3);

static gboolean
seen_has (GPtrArray  *seen,
          const char *format,
          ...)
{
  g_autofree char *entry = NULL;
  va_list args;

  va_start (args, format);
  entry = g_strdup_vprintf (format, args);
  va_end (args);
  for (guint i = 0; i < seen->len; i++)
    if (g_str_equal (g_ptr_array_index (seen, i), entry))
      return TRUE;
  return FALSE;
}

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) parameters = json_object_new ();
  const char *metrics[] = { "exact", "latency", NULL };
  VsContenderSpec contenders[] = {
    { .label = "Small", .model = "m-small", .endpoint_id = 1, .parameters = parameters },
    { .label = "Large", .model = "m-large" },
  };
  VsRunSpec spec = { .name = "Bake-off", .snapshot_id = 1, .split = "test", .repeats = 2,
                     .metrics = metrics, .contenders = contenders, .n_contenders = 2 };
  g_autoptr(VsRunInfo) run = NULL;
  VsContenderInfo *contender;
  gint64 id;

  g_signal_connect (f->project, "changed", G_CALLBACK (on_changed), seen);
  json_object_set_double_member (parameters, "temperature", 0.25);

  id = vs_run_store_create (f->project, &spec, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 2);
  /* The spec was copied: changing it now changes nothing written. */
  json_object_set_double_member (parameters, "temperature", 1.0);

  run = vs_run_store_get (f->project, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (run->name, ==, "Bake-off");
  g_assert_cmpstr (run->state, ==, "pending");
  g_assert_cmpstr (run->snapshot_name, ==, "v1");
  g_assert_cmpstr (run->split, ==, "test");
  g_assert_cmpint (run->repeats, ==, 2);
  g_assert_cmpint (run->baseline_run_id, ==, 0);
  g_assert_cmpstrv (run->metrics, metrics);
  g_assert_nonnull (run->created_at);
  g_assert_null (run->started_at);
  g_assert_cmpuint (run->contenders->len, ==, 2);
  contender = g_ptr_array_index (run->contenders, 0);
  g_assert_cmpstr (contender->label, ==, "Small");
  g_assert_cmpint (contender->position, ==, 0);
  g_assert_cmpint (contender->endpoint_id, ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (contender->parameters, "temperature"), ==,
                     0.25);
  contender = g_ptr_array_index (run->contenders, 1);
  g_assert_cmpstr (contender->model, ==, "m-large");
  g_assert_cmpint (contender->endpoint_id, ==, 0);

  spin ();
  g_assert_true (seen_has (seen, "runs:%d:0:1", VS_CHANGE_INSERT));
  g_assert_true (seen_has (seen, "contenders:%d:%" G_GINT64_FORMAT ":2",
                           VS_CHANGE_INSERT, id));
  g_signal_handlers_disconnect_by_data (f->project, seen);
}

static void
on_id (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  gint64 *out = user_data;

  *out = vs_run_store_create_finish (VS_PROJECT (source), result, NULL);
}

static void
test_create_async (Fixture       *f,
                   gconstpointer  data)
{
  VsContenderSpec contender = { .label = "Only", .model = "m" };
  VsRunSpec spec = { .name = "Async", .contenders = &contender, .n_contenders = 1 };
  g_autoptr(VsRunInfo) run = NULL;
  gint64 id = -1;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  vs_run_store_create_async (f->project, &spec, NULL, on_id, &id);
  /* Never blocks: nothing is reported before the loop runs. */
  g_assert_cmpint (id, ==, -1);
  while (id == -1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpint (id, >, 0);
  run = vs_run_store_get (f->project, id, NULL);
  g_assert_cmpstr (run->name, ==, "Async");
  g_assert_cmpint (run->repeats, ==, 1);
  g_assert_cmpuint (run->contenders->len, ==, 1);
}

typedef struct
{
  gint64  id;
  GError *error;
  gboolean done;
} Outcome;

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->id = vs_run_store_add_result_finish (VS_PROJECT (source), result, &outcome->error);
  outcome->done = TRUE;
}

static void
wait_outcome (Outcome *outcome)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!outcome->done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  spin ();
}

static void
test_results (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  VsContenderSpec contenders[] = { { .label = "A", .model = "a" }, { .label = "B", .model = "b" } };
  VsRunSpec spec = { .name = "Stream", .contenders = contenders, .n_contenders = 2 };
  g_autoptr(VsRunInfo) run = NULL;
  VsRunResultCounts counts;
  Outcome outcome = { 0 };
  gint64 run_id, a, b;

  run_id = vs_run_store_create (f->project, &spec, &error);
  g_assert_no_error (error);
  run = vs_run_store_get (f->project, run_id, NULL);
  a = ((VsContenderInfo *) g_ptr_array_index (run->contenders, 0))->id;
  b = ((VsContenderInfo *) g_ptr_array_index (run->contenders, 1))->id;

  /* 500 results without waiting for each; every fifth an error. */
  for (int i = 0; i < 500; i++)
    {
      VsResultSpec r = { .run_id = run_id, .contender_id = i % 2 ? b : a,
                         .case_ordinal = i / 2 + 1, .state = i % 5 == 0 ? "error" : "ok",
                         .output = "answer", .prompt_tokens = 10, .completion_tokens = -1,
                         .latency_ms = 12.5, .ttft_ms = -1, .cost = -1 };

      vs_run_store_add_result_async (f->project, &r, NULL, NULL, NULL);
    }
  g_assert_true (vs_writer_flush (vs_project_get_writer (f->project), &error));
  g_assert_no_error (error);
  g_assert_true (vs_run_store_count_results (f->project, run_id, &counts, &error));
  g_assert_cmpint (counts.n_ok, ==, 400);
  g_assert_cmpint (counts.n_errors, ==, 100);
  g_assert_cmpint (counts.n_pending, ==, 0);

  /* Writing a case again replaces it (a resumed run), and says so. */
  spin ();
  g_signal_connect (f->project, "changed", G_CALLBACK (on_changed), seen);
  {
    VsResultSpec r = { .run_id = run_id, .contender_id = a, .case_ordinal = 1, .state = "ok",
                       .output = "retried", .prompt_tokens = -1, .completion_tokens = 3,
                       .latency_ms = -1, .ttft_ms = -1, .http_status = 200, .retries = 1,
                       .cost = 0.001 };

    vs_run_store_add_result_async (f->project, &r, NULL, on_result, &outcome);
  }
  wait_outcome (&outcome);
  g_assert_no_error (outcome.error);
  g_assert_cmpint (outcome.id, >, 0);
  g_assert_true (vs_run_store_count_results (f->project, run_id, &counts, &error));
  g_assert_cmpint (counts.n_ok, ==, 401);
  g_assert_cmpint (counts.n_errors, ==, 99);
  g_assert_true (seen_has (seen, "results:%d:%" G_GINT64_FORMAT ":1",
                           VS_CHANGE_UPDATE, run_id));
  g_signal_handlers_disconnect_by_data (f->project, seen);

  /* A result for a contender that does not exist is refused alone. */
  outcome = (Outcome) { 0 };
  {
    VsResultSpec r = { .run_id = run_id, .contender_id = 9999, .case_ordinal = 1, .state = "ok",
                       .prompt_tokens = -1, .completion_tokens = -1, .latency_ms = -1,
                       .ttft_ms = -1, .cost = -1 };

    vs_run_store_add_result_async (f->project, &r, NULL, on_result, &outcome);
  }
  wait_outcome (&outcome);
  g_assert_nonnull (outcome.error);
  g_assert_cmpint (outcome.id, ==, 0);
  g_clear_error (&outcome.error);
  g_assert_true (vs_run_store_count_results (f->project, run_id, &counts, &error));
  g_assert_cmpint (counts.n_ok + counts.n_errors, ==, 500);
}

static void
test_state (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsRunInfo) run = NULL;
  g_autofree char *started = NULL;
  VsRunSpec spec = { .name = "States" };
  gint64 id = vs_run_store_create (f->project, &spec, &error);

  g_assert_no_error (error);
  g_assert_true (vs_run_store_set_state (f->project, id, "running", &error));
  g_assert_no_error (error);
  run = vs_run_store_get (f->project, id, NULL);
  g_assert_cmpstr (run->state, ==, "running");
  g_assert_nonnull (run->started_at);
  g_assert_null (run->finished_at);
  started = g_strdup (run->started_at);
  g_clear_pointer (&run, vs_run_info_free);

  g_assert_true (vs_run_store_set_state (f->project, id, "running", &error));
  g_assert_true (vs_run_store_set_state (f->project, id, "done", &error));
  run = vs_run_store_get (f->project, id, NULL);
  g_assert_cmpstr (run->state, ==, "done");
  g_assert_cmpstr (run->started_at, ==, started);
  g_assert_nonnull (run->finished_at);

  g_assert_false (vs_run_store_set_state (f->project, 9999, "done", &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) read_only = NULL;
  VsContenderSpec nameless = { .label = "x" };
  VsRunSpec spec = { .name = "" };

  g_assert_cmpint (vs_run_store_create (f->project, &spec, &error), ==, 0);
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  g_clear_error (&error);
  spec = (VsRunSpec) { .name = "ok", .contenders = &nameless, .n_contenders = 1 };
  g_assert_cmpint (vs_run_store_create (f->project, &spec, &error), ==, 0);
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  g_clear_error (&error);
  /* Nothing was written. */
  g_assert_cmpint (vs_project_count (f->project, "runs"), ==, 2);

  read_only = vs_project_open (vs_project_get_path (f->project), VS_PROJECT_OPEN_READONLY,
                               &error);
  g_assert_no_error (error);
  spec = (VsRunSpec) { .name = "nope" };
  g_assert_cmpint (vs_run_store_create (read_only, &spec, &error), ==, 0);
  g_assert_error (error, VS_ERROR, VS_ERROR_IO);
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
  ADD ("create", test_create);
  ADD ("create-async", test_create_async);
  ADD ("results", test_results);
  ADD ("state", test_state);
  ADD ("refusals", test_refusals);
#undef ADD
  g_test_add_func ("/versus/run-store/empty", test_empty);

  return g_test_run ();
}
