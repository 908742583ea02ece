/* test-batch-run.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The batch runner against the in-process fake server, in both API shapes (OpenAI's and
 * Mistral's, the latter through the contender's "batch_api"): submit → poll → ingest gives
 * the same summary as the online run of the same spec, with no online chat request and no
 * answer from the response cache; a partial failure (lines in the error file), cancel, an
 * expired batch (its unanswered trials become errors), a restart while batches run (a new
 * runner on a reopened project resumes from the rows), a create whose response was lost
 * between the create and the store (found by its token, not created twice), resubmission of
 * only the missing and the failed trials, and the CLI contract (`eval run --batch` printing
 * "submitted" then the summary, `--wait`, `eval cancel`).
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "vs-batch-api.h"
#include "vs-batch-lines.h"
#include "vs-batch-runner.h"
#include "vs-batch-store.h"
#include "vs-error.h"
#include "vs-eval-runner.h"
#include "vs-eval-spec.h"
#include "vs-eval-summary.h"
#include "vs-fake-llm.h"
#include "vs-json.h"
#include "vs-run-store.h"
#include "vs-test-util.h"

typedef struct
{
  char      *dir;
  char      *path;
  VsProject *project;
  VsFakeLlm *fake;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->project = vs_test_project_new ("batch.versus", &f->dir, &f->path);
  f->fake = vs_fake_llm_new (0, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->project);
  g_clear_pointer (&f->fake, vs_fake_llm_free);
  vs_test_tmpdir_free (f->dir);
  g_free (f->path);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (contents);

  g_string_replace (text, "URL", vs_fake_llm_get_url (f->fake), 0);
  g_file_set_contents (path, text->str, -1, &error);
  g_assert_no_error (error);
  return path;
}

#define TEMPLATE "{\"messages\":[{\"role\":\"user\",\"content\":\"{{question}}\"}]}"
#define CASES \
  "{\"q\": \"one\", \"want\": \"Echo: one\"}\n" \
  "{\"q\": \"two\", \"want\": \"Echo: two\"}\n" \
  "{\"q\": \"three\", \"want\": \"3\"}\n" \
  "{\"q\": \"four\", \"want\": \"Echo: four\"}\n"
/* Two contenders; BATCH_API is replaced by the shape under test. */
#define SPEC \
  "{\"cases\": \"cases.jsonl\", \"input\": {\"question\": \"q\"}, \"expected\": \"want\"," \
  " \"contenders\": [" \
  "  {\"name\": \"a\", \"endpoint\": \"URL/v1\", \"model\": \"m-a\", \"template\": \"t.json\"" \
  "   BATCH_API}," \
  "  {\"name\": \"b\", \"endpoint\": \"URL/v1\", \"model\": \"m-b\", \"template\": \"t.json\"" \
  "   BATCH_API}]," \
  " \"metrics\": [{\"type\": \"exact\"}, {\"type\": \"rouge_l\"}], \"repeats\": 2," \
  " \"prices\": {\"m-a\": {\"input\": 1000000, \"output\": 0}}}"

static const char *
shape_member (gconstpointer data)
{
  return GPOINTER_TO_INT (data) == VS_BATCH_API_MISTRAL ? ", \"batch_api\": \"mistral\"" : "";
}

static VsEvalSpec *
load_spec (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (SPEC);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  VsEvalSpec *spec;

  g_free (write_file (f, "t.json", TEMPLATE));
  g_free (write_file (f, "cases.jsonl", CASES));
  g_string_replace (text, "BATCH_API", shape_member (data), 0);
  path = write_file (f, "spec.json", text->str);
  spec = vs_eval_spec_load (path, &error);
  g_assert_no_error (error);
  return spec;
}

static gint64
prepare (Fixture    *f,
         VsEvalSpec *spec,
         const char *name)
{
  g_autoptr(GError) error = NULL;
  gint64 id = vs_eval_prepare_run (f->project, spec, name, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* Operations of the runner, run to their end */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Wait *wait = data;
  VsBatchRunner *runner = VS_BATCH_RUNNER (source);
  gpointer tag = g_task_get_source_tag (G_TASK (result));

  if (tag == vs_batch_runner_submit_async)
    wait->ok = vs_batch_runner_submit_finish (runner, result, &wait->error);
  else if (tag == vs_batch_runner_poll_async)
    wait->ok = vs_batch_runner_poll_finish (runner, result, &wait->error);
  else if (tag == vs_batch_runner_cancel_async)
    wait->ok = vs_batch_runner_cancel_finish (runner, result, &wait->error);
  else
    wait->ok = vs_batch_runner_wait_finish (runner, result, &wait->error);
  wait->done = TRUE;
}

static gboolean
finish_op (Wait    *wait,
           GError **error)
{
  while (!wait->done)
    g_main_context_iteration (NULL, TRUE);
  if (wait->error != NULL)
    g_propagate_error (error, wait->error);
  return wait->ok;
}

static gboolean
submit (VsBatchRunner *runner,
        gboolean       retry_errors,
        GError       **error)
{
  Wait wait = { 0 };

  vs_batch_runner_submit_async (runner, retry_errors, NULL, on_done, &wait);
  return finish_op (&wait, error);
}

static gboolean
poll_once (VsBatchRunner *runner,
           GError       **error)
{
  Wait wait = { 0 };

  vs_batch_runner_poll_async (runner, NULL, on_done, &wait);
  return finish_op (&wait, error);
}

static gboolean
cancel (VsBatchRunner *runner,
        GError       **error)
{
  Wait wait = { 0 };

  vs_batch_runner_cancel_async (runner, NULL, on_done, &wait);
  return finish_op (&wait, error);
}

static gboolean
wait_all (VsBatchRunner *runner,
          GError       **error)
{
  Wait wait = { 0 };

  vs_batch_runner_wait_async (runner, NULL, on_done, &wait);
  return finish_op (&wait, error);
}

/* Polls until every batch is in; how many polls that took. */
static guint
poll_to_end (VsBatchRunner *runner)
{
  guint n = 0;

  while (!vs_batch_runner_is_finished (runner))
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (poll_once (runner, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (++n, <, 30);
    }
  return n;
}

static VsBatchRunner *
new_runner (Fixture *f,
            gint64   run_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (f->dir, "batches", NULL);
  VsBatchRunner *runner = vs_batch_runner_new (f->project, run_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (runner);
  return runner;
}

static GPtrArray *
rows_of (Fixture *f,
         gint64   run_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = vs_batch_store_list (f->project, run_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static char *
run_state (Fixture *f,
           gint64   run_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsRunInfo) info = vs_run_store_get (f->project, run_id, &error);

  g_assert_no_error (error);
  return g_strdup (info->state);
}

static void
assert_run_state (Fixture    *f,
                  gint64      run_id,
                  const char *state)
{
  g_autofree char *actual = run_state (f, run_id);

  g_assert_cmpstr (actual, ==, state);
}

static void
count_results (Fixture *f,
               gint64   run_id,
               gint64  *n_ok,
               gint64  *n_errors)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsRunInfo) info = vs_run_store_get (f->project, run_id, &error);

  g_assert_no_error (error);
  *n_ok = info->results.n_ok;
  *n_errors = info->results.n_errors;
}

static guint
chat_requests (Fixture *f)
{
  return vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions");
}

/* Trials of the run whose error contains @text (from the run's JSONL export). */
static guint
errors_saying (Fixture    *f,
               gint64      run_id,
               const char *text)
{
  g_autofree char *path = g_build_filename (f->dir, "export.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (vs_eval_export (f->project, run_id, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonObject) record = NULL;
      const char *message;

      if (*lines[i] == '\0')
        continue;
      record = vs_json_parse_object (lines[i], -1, &error);
      g_assert_no_error (error);
      message = vs_json_get_string (record, "error", NULL);
      n += message != NULL && strstr (message, text) != NULL;
    }
  return n;
}

/* The batch endpoints of the shape under test were used, the other shape's never. */
static void
assert_shape (Fixture       *f,
              gconstpointer  data)
{
  gboolean mistral = GPOINTER_TO_INT (data) == VS_BATCH_API_MISTRAL;
  guint jobs = vs_fake_llm_get_request_count (f->fake, "/v1/batch/jobs");
  guint batches = vs_fake_llm_get_request_count (f->fake, "/v1/batches");

  g_assert_cmpuint (mistral ? jobs : batches, >, 0);
  g_assert_cmpuint (mistral ? batches : jobs, ==, 0);
}

static void
on_online_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Wait *wait = data;

  wait->ok = vs_eval_runner_run_finish (VS_EVAL_RUNNER (source), result, &wait->error);
  wait->done = TRUE;
}

/* The online run of the spec, for comparison. */
static gint64
online_run (Fixture    *f,
            VsEvalSpec *spec,
            const char *name)
{
  gint64 id = prepare (f, spec, name);
  g_autoptr(GError) error = NULL;
  g_autoptr(VsEvalRunner) runner = vs_eval_runner_new (f->project, id, &error);
  Wait wait = { 0 };

  g_assert_no_error (error);
  vs_eval_runner_run_async (runner, NULL, on_online_done, &wait);
  g_assert_true (finish_op (&wait, &error));
  g_assert_no_error (error);
  return id;
}

/* Latency is the online path's alone: a batch line has none. */
static void
drop_latency (JsonNode *node)
{
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    json_object_remove_member (json_array_get_object_element (array, i), "latency_ms");
}

/* The summaries of two runs agree on everything but the run's name, latency and cost. */
static void
assert_same_summary (Fixture *f,
                     gint64   a,
                     gint64   b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) sa = vs_eval_summary_build (f->project, a, TRUE, &error);
  g_autoptr(JsonNode) sb = vs_eval_summary_build (f->project, b, TRUE, &error);
  JsonArray *ca, *cb;

  g_assert_no_error (error);
  ca = json_object_get_array_member (json_node_get_object (sa), "contenders");
  cb = json_object_get_array_member (json_node_get_object (sb), "contenders");
  g_assert_cmpuint (json_array_get_length (ca), ==, json_array_get_length (cb));
  for (guint i = 0; i < json_array_get_length (ca); i++)
    {
      JsonObject *x = json_array_get_object_element (ca, i);
      JsonObject *y = json_array_get_object_element (cb, i);
      static const char * const same[] = { "name", "cases", "trials", "passed", "failed",
                                           "errors", "pass_rate", "pass_rate_ci", "metrics",
                                           "tokens", "per_case", NULL };

      drop_latency (json_object_get_member (x, "per_case"));
      drop_latency (json_object_get_member (y, "per_case"));
      for (guint k = 0; same[k] != NULL; k++)
        {
          g_autofree char *tx = vs_json_to_string (json_object_get_member (x, same[k]), FALSE);
          g_autofree char *ty = vs_json_to_string (json_object_get_member (y, same[k]), FALSE);

          if (g_strcmp0 (tx, ty) != 0)
            g_error ("contender %u, %s: %s ≠ %s", i, same[k], tx, ty);
        }
    }
  {
    JsonArray *pa = json_object_get_array_member (json_node_get_object (sa), "pairs");
    JsonArray *pb = json_object_get_array_member (json_node_get_object (sb), "pairs");
    g_autofree char *ta = vs_json_to_string (json_array_get_element (pa, 0), FALSE);
    g_autofree char *tb = vs_json_to_string (json_array_get_element (pb, 0), FALSE);

    g_assert_cmpstr (ta, ==, tb);
  }
}

static gint64
total_lines (GPtrArray *rows,
             gboolean   only_out)
{
  gint64 n = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      VsBatchRow *row = g_ptr_array_index (rows, i);

      if (!only_out || !row->ingested)
        n += row->n_lines;
    }
  return n;
}

/* submit → poll → ingest: the online run's summary, no chat request, the input files gone. */
static void
test_submit_poll_ingest (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = load_spec (f, data);
  g_autoptr(VsBatchRunner) runner = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gint64 online, batch, n_ok, n_errors;
  guint n_chat;

  /* Online first: the response cache then holds every answer, and batch mode must not use
   * it. */
  online = online_run (f, spec, "online");
  n_chat = chat_requests (f);
  g_assert_cmpuint (n_chat, ==, 16);

  batch = prepare (f, spec, "batch");
  runner = new_runner (f, batch);
  g_assert_true (vs_batch_runner_is_finished (runner)); /* nothing submitted yet */
  g_assert_true (submit (runner, FALSE, &error));
  g_assert_no_error (error);
  assert_run_state (f, batch, "submitted");
  g_assert_false (vs_batch_runner_is_finished (runner));

  rows = rows_of (f, batch);
  g_assert_cmpuint (rows->len, ==, 2); /* one per contender */
  for (guint i = 0; i < rows->len; i++)
    {
      VsBatchRow *row = g_ptr_array_index (rows, i);

      g_assert_nonnull (row->remote_id);
      g_assert_nonnull (row->token);
      g_assert_cmpint (row->n_lines, ==, 8);
      g_assert_cmpstr (row->provider, ==,
                       vs_batch_api_kind_to_string (GPOINTER_TO_INT (data)));
      g_assert_true (g_file_test (row->input_path, G_FILE_TEST_IS_REGULAR));
      g_assert_false (row->ingested);
    }
  {
    /* The create carried the row's token in its metadata (what finds a lost create). */
    g_autofree char *body = vs_fake_llm_dup_last_batch_body (f->fake);
    VsBatchRow *last = g_ptr_array_index (rows, rows->len - 1);

    g_assert_nonnull (strstr (body, "versus_batch"));
    g_assert_nonnull (strstr (body, last->token));
  }
  /* A second submit while they are out adds nothing. */
  g_assert_true (submit (runner, FALSE, &error));
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = rows_of (f, batch);
  g_assert_cmpuint (rows->len, ==, 2);

  g_assert_cmpuint (poll_to_end (runner), >=, 2);
  assert_run_state (f, batch, "done");
  count_results (f, batch, &n_ok, &n_errors);
  g_assert_cmpint (n_ok, ==, 16);
  g_assert_cmpint (n_errors, ==, 0);
  assert_same_summary (f, online, batch);
  g_assert_cmpuint (chat_requests (f), ==, n_chat);
  assert_shape (f, data);

  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = rows_of (f, batch);
  for (guint i = 0; i < rows->len; i++)
    {
      VsBatchRow *row = g_ptr_array_index (rows, i);

      g_assert_true (row->ingested);
      g_assert_cmpstr (row->state, ==, "SUCCEEDED");
      g_assert_cmpint (row->n_completed, ==, 8);
      g_assert_false (g_file_test (row->input_path, G_FILE_TEST_EXISTS));
    }
  {
    /* The input files were next to the project, and went with their batches. */
    g_autofree char *folder = g_build_filename (f->dir, "batch.batches", NULL);
    VsBatchRow *row = g_ptr_array_index (rows, 0);

    g_assert_true (g_str_has_prefix (row->input_path, folder));
    g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  }
  /* Nothing is left: another submit sends nothing. */
  g_assert_true (submit (runner, FALSE, &error));
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = rows_of (f, batch);
  g_assert_cmpuint (rows->len, ==, 2);
  assert_run_state (f, batch, "done");
}

/* A runner that polls with backoff (here a fixed short interval) until the end. */
static void
test_wait (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = load_spec (f, data);
  g_autoptr(VsBatchRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  gint64 batch, n_ok, n_errors;
  guint changed = 0;

  batch = prepare (f, spec, "batch");
  runner = new_runner (f, batch);
  g_signal_connect_swapped (runner, "changed", G_CALLBACK (g_atomic_int_inc), &changed);
  vs_batch_runner_set_poll_interval_ms (runner, 20);
  g_assert_true (submit (runner, FALSE, &error));
  g_assert_true (wait_all (runner, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, >, 4);
  assert_run_state (f, batch, "done");
  count_results (f, batch, &n_ok, &n_errors);
  g_assert_cmpint (n_ok, ==, 16);
  g_assert_cmpuint (chat_requests (f), ==, 0);
}

/* Lines of contender "b"'s first case go to the error file: those trials are errors, the
 * rest are answered; retrying the failed cases sends only them, in a new batch. */
static void
test_partial_failure_and_retry (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = load_spec (f, data);
  g_autoptr(VsBatchRunner) runner = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pattern = NULL;
  g_autoptr(VsRunInfo) info = NULL;
  gint64 batch, n_ok, n_errors;

  batch = prepare (f, spec, "batch");
  info = vs_run_store_get (f->project, batch, &error);
  g_assert_no_error (error);
  /* "versus-<run>-<contender b>-<first case>-*": both repeats of b's first case */
  pattern = g_strdup_printf ("versus-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "-1-*", batch,
                             ((VsContenderInfo *) g_ptr_array_index (info->contenders, 1))->id);
  vs_fake_llm_set_batch_fail_pattern (f->fake, pattern);
  runner = new_runner (f, batch);
  g_assert_true (submit (runner, FALSE, &error));
  poll_to_end (runner);
  assert_run_state (f, batch, "done");
  count_results (f, batch, &n_ok, &n_errors);
  g_assert_cmpint (n_ok, ==, 14);
  g_assert_cmpint (n_errors, ==, 2);

  /* Retry: one new batch with the two failed trials; nothing else is asked again. */
  vs_fake_llm_set_batch_fail_pattern (f->fake, NULL);
  g_assert_true (submit (runner, TRUE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = rows_of (f, batch);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpint (total_lines (rows, TRUE), ==, 2);
  assert_run_state (f, batch, "submitted");
  poll_to_end (runner);
  count_results (f, batch, &n_ok, &n_errors);
  g_assert_cmpint (n_ok, ==, 16);
  g_assert_cmpint (n_errors, ==, 0);
  assert_run_state (f, batch, "done");
  g_assert_cmpuint (chat_requests (f), ==, 0);
}

/* Cancel: the provider cancels; what it had answered is kept, the rest are errors. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = load_spec (f, data);
  g_autoptr(VsBatchRunner) runner = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gint64 batch, n_ok, n_errors;

  batch = prepare (f, spec, "batch");
  runner = new_runner (f, batch);
  g_assert_true (submit (runner, FALSE, &error));
  g_assert_true (poll_once (runner, &error));
  g_assert_true (cancel (runner, &error));
  g_assert_no_error (error);
  poll_to_end (runner);
  rows = rows_of (f, batch);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpstr (((VsBatchRow *) g_ptr_array_index (rows, i))->state, ==, "CANCELLED");
  count_results (f, batch, &n_ok, &n_errors);
  g_assert_cmpint (n_ok + n_errors, ==, 16);
  g_assert_cmpint (n_errors, >, 0);
  g_assert_cmpuint (errors_saying (f, batch, "cancelled"), ==, n_errors);
  /* The run ends as an online run the user stopped. */
  assert_run_state (f, batch, "cancelled");
  g_assert_true (vs_batch_runner_was_cancelled (runner));
  g_assert_cmpuint (chat_requests (f), ==, 0);
  assert_shape (f, data);

  /* Polling or submitting again (without retrying) sends nothing and keeps it cancelled, with
   * the answers it had. */
  {
    guint n_created = vs_fake_llm_get_batch_count (f->fake);
    gint64 kept_ok = n_ok;

    g_assert_true (poll_once (runner, &error));
    g_assert_true (submit (runner, FALSE, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, n_created);
    assert_run_state (f, batch, "cancelled");
    count_results (f, batch, &n_ok, &n_errors);
    g_assert_cmpint (n_ok, ==, kept_ok);

    /* Retry as batch: only the unanswered trials, in a new submission; then done. */
    g_assert_true (submit (runner, TRUE, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), >, n_created);
    g_clear_pointer (&rows, g_ptr_array_unref);
    rows = rows_of (f, batch);
    g_assert_cmpint (total_lines (rows, TRUE), ==, n_errors);
    assert_run_state (f, batch, "submitted");
    g_assert_false (vs_batch_runner_was_cancelled (runner));
    poll_to_end (runner);
    count_results (f, batch, &n_ok, &n_errors);
    g_assert_cmpint (n_ok, ==, 16);
    g_assert_cmpint (n_errors, ==, 0);
    assert_run_state (f, batch, "done");
    g_assert_false (vs_batch_runner_was_cancelled (runner));
  }
}

/* The rows of one submission are those of one folder, even when an earlier submission's
 * folder is gone: a retry after a cancel is a submission of its own. */
static void
test_cancel_folders (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = load_spec (f, data);
  g_autoptr(VsBatchRunner) runner = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  gint64 batch;

  batch = prepare (f, spec, "batch");
  runner = new_runner (f, batch);
  g_assert_true (submit (runner, FALSE, &error));
  g_assert_true (cancel (runner, &error));
  g_assert_no_error (error);
  poll_to_end (runner);
  assert_run_state (f, batch, "cancelled");
  rows = rows_of (f, batch);
  first = g_path_get_dirname (((VsBatchRow *) g_ptr_array_index (rows, 0))->input_path);
  /* every file of that submission ingested: its folder is gone */
  g_assert_false (g_file_test (first, G_FILE_TEST_EXISTS));
  g_assert_true (submit (runner, TRUE, &error));
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = rows_of (f, batch);
  for (guint i = 0; i < rows->len; i++)
    {
      VsBatchRow *row = g_ptr_array_index (rows, i);
      g_autofree char *folder = g_path_get_dirname (row->input_path);

      if (row->ingested)
        g_assert_cmpstr (folder, ==, first);
      else
        g_assert_cmpstr (folder, !=, first);
    }
  /* this time the provider cancels before answering anything of the new batches either */
  g_assert_true (cancel (runner, &error));
  poll_to_end (runner);
  assert_run_state (f, batch, "cancelled");
}

/* An expired batch: the lines it answered are results, its other trials errors. */
static void
test_expired (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = load_spec (f, data);
  g_autoptr(VsBatchRunner) runner = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) summary = NULL;
  gint64 batch, n_ok, n_errors;

  batch = prepare (f, spec, "batch");
  runner = new_runner (f, batch);
  vs_fake_llm_set_batch_expire_after (f->fake, 2);
  g_assert_true (submit (runner, FALSE, &error));
  poll_to_end (runner);
  rows = rows_of (f, batch);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpstr (((VsBatchRow *) g_ptr_array_index (rows, i))->state, ==, "EXPIRED");
  count_results (f, batch, &n_ok, &n_errors);
  g_assert_cmpint (n_ok + n_errors, ==, 16);
  g_assert_cmpint (n_errors, >, 0);
  g_assert_cmpint (n_ok, >, 0);
  assert_run_state (f, batch, "done");

  /* The expired trials go into a new batch on request, and finish. */
  vs_fake_llm_set_batch_expire_after (f->fake, 0);
  g_assert_true (submit (runner, TRUE, &error));
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = rows_of (f, batch);
  g_assert_cmpint (total_lines (rows, TRUE), ==, n_errors);
  poll_to_end (runner);
  count_results (f, batch, &n_ok, &n_errors);
  g_assert_cmpint (n_ok, ==, 16);
}

/* A restart while the batches run: the project closed and opened again, a new runner resumes
 * from the rows. */
static void
test_restart (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = load_spec (f, data);
  g_autoptr(VsBatchRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  gint64 batch, n_ok, n_errors;
  guint n_created;

  batch = prepare (f, spec, "batch");
  runner = new_runner (f, batch);
  g_assert_true (submit (runner, FALSE, &error));
  g_assert_true (poll_once (runner, &error));
  g_assert_false (vs_batch_runner_is_finished (runner));
  n_created = vs_fake_llm_get_batch_count (f->fake);
  g_clear_object (&runner);
  g_clear_object (&f->project);

  f->project = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  runner = new_runner (f, batch);
  assert_run_state (f, batch, "submitted");
  poll_to_end (runner);
  assert_run_state (f, batch, "done");
  count_results (f, batch, &n_ok, &n_errors);
  g_assert_cmpint (n_ok, ==, 16);
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, n_created);
  g_assert_cmpuint (chat_requests (f), ==, 0);
}

/* The process died between the create and the store: the row has no batch id. The next poll
 * finds the batch by its token and follows it — nothing is created twice. */
static void
test_lost_create (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = load_spec (f, data);
  g_autoptr(VsBatchRunner) runner = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gint64 batch, n_ok, n_errors;
  g_autofree char *remote = NULL;
  VsBatchRow *row;

  batch = prepare (f, spec, "batch");
  runner = new_runner (f, batch);
  g_assert_true (submit (runner, FALSE, &error));
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, 2);
  rows = rows_of (f, batch);
  row = g_ptr_array_index (rows, 0);
  remote = g_strdup (row->remote_id);
  g_clear_pointer (&row->remote_id, g_free);
  g_free (row->state);
  row->state = g_strdup ("PREPARED");
  g_assert_true (vs_batch_store_update (f->project, row, &error));
  g_clear_object (&runner);

  runner = new_runner (f, batch);
  poll_to_end (runner);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = rows_of (f, batch);
  g_assert_cmpstr (((VsBatchRow *) g_ptr_array_index (rows, 0))->remote_id, ==, remote);
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, 2);
  count_results (f, batch, &n_ok, &n_errors);
  g_assert_cmpint (n_ok, ==, 16);

  /* And the create's response lost on the wire: the client finds it by listing. */
  {
    gint64 again = prepare (f, spec, "again");
    g_autoptr(VsBatchRunner) second = new_runner (f, again);

    vs_fake_llm_lose_batch_creates (f->fake, 1, 0);
    g_assert_true (submit (second, FALSE, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, 4);
    poll_to_end (second);
    count_results (f, again, &n_ok, &n_errors);
    g_assert_cmpint (n_ok, ==, 16);
  }
}

/* Two processes polling the same run at once (the app and `eval run --batch`): two runners on
 * two connections to one project file, the second polling while the first creates. Each row's
 * batch is created once: whoever claims the row creates it, the other follows it. */
static void
test_two_pollers (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = load_spec (f, data);
  g_autoptr(VsProject) other = NULL;
  g_autoptr(VsBatchRunner) first = NULL;
  g_autoptr(VsBatchRunner) second = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  Wait wait_first = { 0 }, wait_second = { 0 };
  gint64 batch, n_ok, n_errors;

  batch = prepare (f, spec, "batch");
  other = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  first = new_runner (f, batch);
  second = vs_batch_runner_new (other, batch, &error);
  g_assert_no_error (error);
  /* every request takes a while: the first runner's creates are in flight while the second
   * polls */
  vs_fake_llm_set_latency_ms (f->fake, 150);
  vs_batch_runner_submit_async (first, FALSE, NULL, on_done, &wait_first);
  rows = vs_batch_store_list (other, batch, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_null (((VsBatchRow *) g_ptr_array_index (rows, 0))->remote_id);
  vs_batch_runner_poll_async (second, NULL, on_done, &wait_second);
  finish_op (&wait_second, &error);
  g_assert_no_error (error);
  finish_op (&wait_first, &error);
  g_assert_no_error (error);
  vs_fake_llm_set_latency_ms (f->fake, 0);
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, 2);

  /* both follow the same two batches to the end */
  poll_to_end (second);
  poll_to_end (first);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = rows_of (f, batch);
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < rows->len; i++)
    {
      VsBatchRow *row = g_ptr_array_index (rows, i);

      g_assert_nonnull (row->remote_id);
      g_assert_true (g_hash_table_add (ids, row->remote_id));
      g_assert_cmpstr (row->state, ==, "SUCCEEDED");
    }
  count_results (f, batch, &n_ok, &n_errors);
  g_assert_cmpint (n_ok, ==, 16);
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, 2);
  assert_run_state (f, batch, "done");
  g_assert_cmpuint (chat_requests (f), ==, 0);
}

/* A row another process has claimed and is creating the batch of: a poll neither creates it nor
 * ends it (nor does a cancel), it follows the row once it has its id. A claim is won once; a
 * lapsed one (its holder died) can be taken. */
static void
test_claimed_elsewhere (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = load_spec (f, data);
  g_autoptr(VsProject) other = NULL;
  g_autoptr(VsBatchRunner) runner = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = NULL;
  gboolean won = TRUE;
  VsBatchRow *row;
  gint64 batch, n_ok, n_errors;

  batch = prepare (f, spec, "batch");
  runner = new_runner (f, batch);
  g_assert_true (submit (runner, FALSE, &error));
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, 2);
  /* as if its create had not happened yet: no id, and the server cannot list batches (a
   * poll that found nothing would create it) */
  rows = rows_of (f, batch);
  row = g_ptr_array_index (rows, 0);
  remote = g_steal_pointer (&row->remote_id);
  g_free (row->state);
  row->state = g_strdup ("PREPARED");
  g_clear_pointer (&row->status, g_free);
  g_assert_true (vs_batch_store_update (f->project, row, &error));
  vs_fake_llm_set_batch_list (f->fake, FALSE);

  /* another process claims it */
  other = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_true (vs_batch_store_claim (other, row, 3600, &won, &error));
  g_assert_true (won);
  g_assert_true (vs_batch_store_claim (f->project, row, 3600, &won, &error));
  g_assert_false (won);

  /* polls here leave it alone; a cancel says it cannot cancel it yet */
  g_assert_true (poll_once (runner, &error));
  g_assert_true (poll_once (runner, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, 2);
  g_assert_false (vs_batch_runner_is_finished (runner));
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = rows_of (f, batch);
  row = g_ptr_array_index (rows, 0);
  g_assert_null (row->remote_id);
  g_assert_cmpstr (row->state, ==, "PREPARED");
  g_assert_cmpstr (row->status, ==, VS_BATCH_STATUS_CREATING);
  g_assert_false (row->ingested);
  g_assert_false (cancel (runner, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = rows_of (f, batch);
  row = g_ptr_array_index (rows, 0);
  g_assert_false (row->ingested);
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, 2);

  /* the other process's create answers: the batch is followed to its end here */
  row->remote_id = g_strdup (remote);
  g_free (row->state);
  row->state = g_strdup ("VALIDATING");
  g_assert_true (vs_batch_store_update (other, row, &error));
  g_assert_no_error (error);
  /* (the other row was cancelled meanwhile: what it had answered is kept) */
  poll_to_end (runner);
  count_results (f, batch, &n_ok, &n_errors);
  g_assert_cmpint (n_ok + n_errors, ==, 16);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = rows_of (f, batch);
  g_assert_cmpstr (((VsBatchRow *) g_ptr_array_index (rows, 0))->remote_id, ==, remote);
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, 2);

  /* a lapsed claim can be taken */
  {
    g_autoptr(GPtrArray) again = NULL;
    VsBatchRow *fresh;

    g_clear_pointer (&rows, g_ptr_array_unref);
    batch = prepare (f, spec, "again");
    g_clear_object (&runner);
    runner = new_runner (f, batch);
    vs_fake_llm_set_batch_list (f->fake, TRUE);
    g_assert_true (submit (runner, FALSE, &error));
    again = rows_of (f, batch);
    fresh = g_ptr_array_index (again, 0);
    g_clear_pointer (&fresh->remote_id, g_free);
    g_free (fresh->state);
    fresh->state = g_strdup ("PREPARED");
    g_clear_pointer (&fresh->status, g_free);
    g_assert_true (vs_batch_store_update (f->project, fresh, &error));
    g_assert_true (vs_batch_store_claim (other, fresh, 3600, &won, &error));
    g_assert_true (won);
    g_usleep (1100 * 1000);
    g_assert_true (vs_batch_store_claim (f->project, fresh, 3600, &won, &error));
    g_assert_false (won);
    g_assert_true (vs_batch_store_claim (f->project, fresh, 0, &won, &error));
    g_assert_true (won);
    g_assert_no_error (error);
  }
}

/* A lost create on a server without the list endpoint: submit reports the create's error,
 * the row waits with its token; the next poll finds nothing, creates the batch once more and
 * follows it. Every trial is answered once. */
static void
test_lost_create_no_list (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = load_spec (f, data);
  g_autoptr(VsBatchRunner) runner = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gint64 batch, n_ok, n_errors;
  VsBatchRow *row;

  batch = prepare (f, spec, "batch");
  runner = new_runner (f, batch);
  vs_fake_llm_set_batch_list (f->fake, FALSE);
  vs_fake_llm_lose_batch_creates (f->fake, 1, 502);
  g_assert_false (submit (runner, FALSE, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  assert_run_state (f, batch, "submitted");
  rows = rows_of (f, batch);
  g_assert_cmpuint (rows->len, ==, 2);
  row = g_ptr_array_index (rows, 0);
  g_assert_null (row->remote_id);
  g_assert_cmpstr (row->state, ==, "PREPARED");
  g_assert_nonnull (row->error);
  g_assert_nonnull (((VsBatchRow *) g_ptr_array_index (rows, 1))->remote_id);

  poll_to_end (runner);
  count_results (f, batch, &n_ok, &n_errors);
  g_assert_cmpint (n_ok, ==, 16);
  g_assert_cmpint (n_errors, ==, 0);
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, 3);
  assert_run_state (f, batch, "done");

  /* A create that fails at the poll too is final: the row failed, its trials errors. */
  {
    gint64 again = prepare (f, spec, "again");
    g_autoptr(VsBatchRunner) second = new_runner (f, again);

    vs_fake_llm_lose_batch_creates (f->fake, 3, 400);
    g_assert_false (submit (second, FALSE, &error));
    g_clear_error (&error);
    g_assert_false (poll_once (second, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    poll_to_end (second);
    count_results (f, again, &n_ok, &n_errors);
    g_assert_cmpint (n_ok, ==, 8);
    g_assert_cmpint (n_errors, ==, 8);
    g_assert_cmpuint (errors_saying (f, again, "could not be created"), ==, 8);
    assert_run_state (f, again, "done");
  }

  /* A create whose connection dropped may have happened: never final, the row waits. */
  {
    gint64 third = prepare (f, spec, "third");
    g_autoptr(VsBatchRunner) runner3 = new_runner (f, third);
    g_autoptr(GPtrArray) rows3 = NULL;

    vs_fake_llm_lose_batch_creates (f->fake, 4, 0);
    g_assert_false (submit (runner3, FALSE, &error));
    g_clear_error (&error);
    g_assert_false (poll_once (runner3, &error));
    g_clear_error (&error);
    rows3 = rows_of (f, third);
    for (guint i = 0; i < rows3->len; i++)
      {
        VsBatchRow *r = g_ptr_array_index (rows3, i);

        g_assert_cmpstr (r->state, ==, "PREPARED");
        g_assert_false (r->ingested);
      }
    poll_to_end (runner3);
    count_results (f, third, &n_ok, &n_errors);
    g_assert_cmpint (n_ok, ==, 16);
    g_assert_cmpint (n_errors, ==, 0);
  }
  g_assert_cmpuint (chat_requests (f), ==, 0);
}

/* The key comes from the contender's variable and never shows: a provider that echoes a
 * wrong key in its 401 gets it redacted in the error and in the stored row. */
static void
test_api_key (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (SPEC);
  g_autofree char *path = NULL;
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(VsBatchRunner) runner = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gint64 batch, n_ok, n_errors;

  g_free (write_file (f, "t.json", TEMPLATE));
  g_free (write_file (f, "cases.jsonl", CASES));
  g_string_replace (text, "BATCH_API", shape_member (data), 0);
  g_string_replace (text, "\"template\": \"t.json\"",
                    "\"template\": \"t.json\", \"api_key_env\": \"VERSUS_BATCH_TEST_KEY\"", 0);
  path = write_file (f, "spec.json", text->str);
  spec = vs_eval_spec_load (path, &error);
  g_assert_no_error (error);
  vs_fake_llm_set_required_key (f->fake, "sk-right");
  g_setenv ("VERSUS_BATCH_TEST_KEY", "sk-wrong-secret", TRUE);

  batch = prepare (f, spec, "batch");
  runner = new_runner (f, batch);
  g_assert_false (submit (runner, FALSE, &error));
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, "sk-wrong-secret"));
  g_clear_error (&error);
  rows = rows_of (f, batch);
  for (guint i = 0; i < rows->len; i++)
    {
      VsBatchRow *row = g_ptr_array_index (rows, i);

      g_assert_nonnull (row->error);
      g_assert_null (strstr (row->error, "sk-wrong-secret"));
      g_assert_null (row->remote_id);
    }
  g_clear_object (&runner);
  g_clear_object (&f->project);

  /* With the right key (a new session: the engine is built again), the next poll creates
   * them. */
  g_setenv ("VERSUS_BATCH_TEST_KEY", "sk-right", TRUE);
  f->project = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  runner = new_runner (f, batch);
  poll_to_end (runner);
  count_results (f, batch, &n_ok, &n_errors);
  g_assert_cmpint (n_ok, ==, 16);
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, 2);
  g_unsetenv ("VERSUS_BATCH_TEST_KEY");
}

typedef struct
{
  gint64        start_us;
  gint64        first_us;
  GCancellable *cancellable;
} FirstPoll;

static void
on_first_change (VsBatchRunner *runner,
                 FirstPoll     *first)
{
  if (first->first_us == 0)
    first->first_us = g_get_monotonic_time ();
  g_cancellable_cancel (first->cancellable);
}

/* Backoff: wait's first poll comes within a second. */
static void
test_first_poll (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = load_spec (f, data);
  g_autoptr(VsBatchRunner) runner = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  FirstPoll first = { 0 };
  Wait wait = { 0 };
  gint64 batch;

  batch = prepare (f, spec, "batch");
  runner = new_runner (f, batch);
  g_assert_true (submit (runner, FALSE, &error));
  first.cancellable = cancellable;
  g_signal_connect (runner, "changed", G_CALLBACK (on_first_change), &first);
  first.start_us = g_get_monotonic_time ();
  vs_batch_runner_wait_async (runner, cancellable, on_done, &wait);
  g_assert_false (finish_op (&wait, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (first.first_us, >, 0);
  g_assert_cmpint (first.first_us - first.start_us, <=, 1200 * G_TIME_SPAN_MILLISECOND);
  /* Cancelling the wait cancels no batch: they are still out, and a poll carries on. */
  g_assert_false (vs_batch_runner_is_finished (runner));
  assert_run_state (f, batch, "submitted");
  poll_to_end (runner);
  assert_run_state (f, batch, "done");
}

static gboolean
on_online_progress (VsEvalRunner *runner,
                    GCancellable *cancellable)
{
  VsEvalProgress p;

  vs_eval_runner_get_progress (runner, &p);
  if (p.done >= 5)
    g_cancellable_cancel (cancellable);
  return FALSE;
}

/* A run partly done online: the batches hold exactly the trials it is missing. */
static void
test_only_missing (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = load_spec (f, data);
  g_autoptr(VsBatchRunner) runner = NULL;
  g_autoptr(VsEvalRunner) online = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };
  gint64 batch, n_ok, n_errors;
  guint n_chat;

  batch = prepare (f, spec, "batch");
  /* Slow answers: the online run is stopped after a few results. */
  vs_fake_llm_set_latency_ms (f->fake, 100);
  online = vs_eval_runner_new (f->project, batch, &error);
  g_signal_connect (online, "progress", G_CALLBACK (on_online_progress), cancellable);
  vs_eval_runner_run_async (online, cancellable, on_online_done, &wait);
  g_assert_false (finish_op (&wait, &error));
  g_clear_error (&error);
  count_results (f, batch, &n_ok, &n_errors);
  g_assert_cmpint (n_ok, >=, 5);
  g_assert_cmpint (n_ok, <, 16);
  n_chat = chat_requests (f);
  vs_fake_llm_set_latency_ms (f->fake, 0);

  runner = new_runner (f, batch);
  g_assert_true (submit (runner, FALSE, &error));
  rows = rows_of (f, batch);
  g_assert_cmpint (total_lines (rows, TRUE), ==, 16 - n_ok);
  poll_to_end (runner);
  count_results (f, batch, &n_ok, &n_errors);
  g_assert_cmpint (n_ok, ==, 16);
  g_assert_cmpuint (chat_requests (f), ==, n_chat);
  assert_run_state (f, batch, "done");
}

/* Files written for offline use (`eval run --batch-files`) are not the runner's: never
 * polled, not waited for; a provider submission covers their trials like any other. */
static void
test_offline_files_ignored (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = load_spec (f, data);
  g_autoptr(VsBatchRunner) runner = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (f->dir, "offline", NULL);
  g_autoptr(GPtrArray) files = NULL;
  gint64 batch, n_ok, n_errors;
  VsBatchRow files_row = { 0 };

  batch = prepare (f, spec, "batch");
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  files = vs_batch_write_files (f->project, batch, 0, FALSE, dir, 0, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 2);
  files_row.run_id = batch;
  files_row.contender_id = ((VsBatchFile *) g_ptr_array_index (files, 0))->contender_id;
  files_row.provider = (char *) "files";
  files_row.token = (char *) "offline";
  files_row.input_path = ((VsBatchFile *) g_ptr_array_index (files, 0))->path;
  files_row.state = (char *) "PREPARED";
  files_row.n_lines = 8;
  g_assert_cmpint (vs_batch_store_add (f->project, &files_row, &error), >, 0);
  g_assert_no_error (error);

  runner = new_runner (f, batch);
  g_assert_true (vs_batch_runner_is_finished (runner));
  g_assert_true (submit (runner, FALSE, &error));
  g_assert_no_error (error);
  rows = rows_of (f, batch);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpint (total_lines (rows, TRUE), ==, 8 + 16);
  poll_to_end (runner);
  count_results (f, batch, &n_ok, &n_errors);
  g_assert_cmpint (n_ok, ==, 16);
  g_assert_true (g_file_test (files_row.input_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, 2);
}

/* Files split at a line limit: several batches per contender, all ingested. */
static void
test_split (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = load_spec (f, data);
  g_autoptr(VsBatchRunner) runner = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gint64 batch, n_ok, n_errors;

  batch = prepare (f, spec, "batch");
  runner = new_runner (f, batch);
  vs_batch_runner_set_limits (runner, 3, 0);
  g_assert_true (submit (runner, FALSE, &error));
  rows = rows_of (f, batch);
  g_assert_cmpuint (rows->len, ==, 6); /* 8 lines per contender: 3 + 3 + 2 */
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, 6);
  poll_to_end (runner);
  count_results (f, batch, &n_ok, &n_errors);
  g_assert_cmpint (n_ok, ==, 16);
}

/* The CLI */

static char *
cli_spec (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (SPEC);

  g_free (write_file (f, "t.json", TEMPLATE));
  g_free (write_file (f, "cases.jsonl", CASES));
  g_string_replace (text, "BATCH_API", shape_member (data), 0);
  return write_file (f, "cli-spec.json", text->str);
}

/* Exactly one JSON object (pretty-printed: one line opens it at the margin). */
static JsonObject *
parse_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  JsonObject *object = vs_json_parse_object (text, -1, &error);
  guint n_open = 0;

  g_assert_no_error (error);
  for (guint i = 0; lines[i] != NULL; i++)
    n_open += lines[i][0] == '{';
  g_assert_cmpuint (n_open, ==, 1);
  return object;
}

static char *
contenders_text (JsonObject *summary)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *contenders = json_object_get_array_member (summary, "contenders");

  /* Cost differs (the batch price): compare pass figures only. */
  for (guint i = 0; i < json_array_get_length (contenders); i++)
    {
      JsonObject *c = json_array_get_object_element (contenders, i);
      static const char * const drop[] = { "cost_usd", "cost_per_1k_usd", "latency_ms",
                                           "ttft_ms", "breakeven", NULL };

      for (guint k = 0; drop[k] != NULL; k++)
        if (json_object_has_member (c, drop[k]))
          json_object_remove_member (c, drop[k]);
    }
  json_node_set_array (node, contenders);
  return vs_json_to_string (node, FALSE);
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *spec = cli_spec (f, data);
  g_autofree char *project = g_build_filename (f->dir, "cli.versus", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonObject) online = NULL;
  g_autoptr(JsonObject) batch = NULL;
  g_autofree char *a = NULL, *b = NULL;
  int code;
  guint n;

  /* The online run, for its summary. */
  code = vs_test_cli (&out, &err, "eval", "run", spec, "--project", project, "--name", "online",
                      "--json", NULL);
  g_assert_cmpint (code, ==, 0);
  online = parse_object (out);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  vs_fake_llm_reset_counts (f->fake);

  /* Submitted: the state on stdout, the batch ids on stderr. */
  code = vs_test_cli (&out, &err, "eval", "run", spec, "--project", project, "--name", "batch",
                      "--batch", NULL);
  g_assert_cmpint (code, ==, 0);
  g_assert_cmpstr (out, ==, "submitted\n");
  g_assert_null (strstr (err, "ingested"));
  g_assert_nonnull (strstr (err, "batch "));
  g_assert_nonnull (strstr (err, "(a, "));
  g_assert_nonnull (strstr (err, "(b, "));

  /* Again: one poll each time, until the summary. */
  for (n = 0; n < 20; n++)
    {
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      code = vs_test_cli (&out, &err, "eval", "run", spec, "--project", project, "--name",
                          "batch", "--batch", "--json", NULL);
      g_assert_cmpint (code, ==, 0);
      batch = parse_object (out);
      if (json_object_has_member (batch, "contenders"))
        break;
      g_assert_cmpstr (json_object_get_string_member (batch, "state"), ==, "submitted");
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (batch, "batches")),
                        >, 0);
      g_clear_pointer (&batch, json_object_unref);
    }
  g_assert_nonnull (batch);
  a = contenders_text (online);
  b = contenders_text (batch);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpuint (chat_requests (f), ==, 0);

  /* --wait: to the end in one command. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  code = vs_test_cli (&out, &err, "eval", "run", spec, "--project", project, "--name", "waited",
                      "--batch", "--wait", "--poll-interval", "0.05", "--json", NULL);
  g_assert_cmpint (code, ==, 0);
  g_clear_pointer (&batch, json_object_unref);
  batch = parse_object (out);
  g_clear_pointer (&b, g_free);
  b = contenders_text (batch);
  g_assert_cmpstr (a, ==, b);
  g_assert_nonnull (strstr (err, "SUCCEEDED"));
  g_assert_cmpuint (chat_requests (f), ==, 0);

  /* Usage errors. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  code = vs_test_cli (&out, &err, "eval", "run", spec, "--project", project, "--wait", NULL);
  g_assert_cmpint (code, ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  code = vs_test_cli (&out, &err, "eval", "run", spec, "--project", project, "--batch",
                      "--wait", "--poll-interval", "-1", NULL);
  g_assert_cmpint (code, ==, 2);
}

static void
test_cli_cancel (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *spec = cli_spec (f, data);
  g_autofree char *project = g_build_filename (f->dir, "cli.versus", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(JsonObject) listed = NULL;
  guint n_created;
  int code;

  code = vs_test_cli (&out, &err, "eval", "run", spec, "--project", project, "--name", "run",
                      "--batch", NULL);
  g_assert_cmpint (code, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  code = vs_test_cli (&out, &err, "eval", "cancel", project, "run", NULL);
  g_assert_cmpint (code, ==, 0);
  g_assert_true (strstr (err, "CANCELLED") != NULL || strstr (err, "CANCELLING") != NULL);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  code = vs_test_cli (&out, &err, "eval", "run", spec, "--project", project, "--name", "run",
                      "--batch", "--wait", "--poll-interval", "0.05", "--json", NULL);
  /* Every trial the provider had not answered is an error: exit 1 as `eval run`. */
  g_assert_cmpint (code, ==, 1);
  summary = parse_object (out);
  g_assert_true (json_object_has_member (summary, "contenders"));
  g_assert_cmpuint (chat_requests (f), ==, 0);

  /* `eval batches` says the run is cancelled. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  code = vs_test_cli (&out, &err, "eval", "batches", project, "run", "--json", NULL);
  g_assert_cmpint (code, ==, 0);
  listed = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (listed, "state"), ==, "cancelled");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  code = vs_test_cli (&out, &err, "eval", "batches", project, "run", NULL);
  g_assert_cmpint (code, ==, 0);
  g_assert_nonnull (strstr (err, "is cancelled"));

  /* The same command again sends nothing: the summary, and how to retry. */
  n_created = vs_fake_llm_get_batch_count (f->fake);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  code = vs_test_cli (&out, &err, "eval", "run", spec, "--project", project, "--name", "run",
                      "--batch", "--json", NULL);
  g_assert_cmpint (code, ==, 1);
  g_clear_pointer (&summary, json_object_unref);
  summary = parse_object (out);
  g_assert_true (json_object_has_member (summary, "contenders"));
  g_assert_nonnull (strstr (err, "--retry-errors"));
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, n_created);

  /* Retrying sends the unanswered trials as new batches. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  code = vs_test_cli (&out, &err, "eval", "run", spec, "--project", project, "--name", "run",
                      "--batch", "--retry-errors", NULL);
  g_assert_cmpint (code, ==, 0);
  g_assert_cmpstr (out, ==, "submitted\n");
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), >, n_created);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  code = vs_test_cli (&out, &err, "eval", "run", spec, "--project", project, "--name", "run",
                      "--batch", "--wait", "--poll-interval", "0.05", "--json", NULL);
  g_assert_cmpint (code, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  code = vs_test_cli (&out, &err, "eval", "batches", project, "run", "--json", NULL);
  g_clear_pointer (&listed, json_object_unref);
  listed = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (listed, "state"), ==, "done");

  /* Nothing left to cancel; an unknown run is a usage error. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  code = vs_test_cli (&out, &err, "eval", "cancel", project, "run", NULL);
  g_assert_cmpint (code, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  code = vs_test_cli (&out, &err, "eval", "cancel", project, "nope", NULL);
  g_assert_cmpint (code, ==, 2);
}

/* The waiting command killed while its batches run; the same command again picks them up from
 * the project and finishes, creating nothing twice. */
static void
test_cli_killed (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *spec = cli_spec (f, data);
  g_autofree char *project = g_build_filename (f->dir, "cli.versus", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("VERSUS_CLI");
  gint64 start;
  int code;

  g_assert_nonnull (cli);
  vs_fake_llm_set_batch_polls_per_state (f->fake, 4);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                            &error, cli, "eval", "run", spec, "--project", project, "--name",
                            "run", "--batch", "--wait", "--poll-interval", "0.05", NULL);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  while (vs_fake_llm_get_batch_count (f->fake) < 2)
    {
      g_usleep (2000);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 60 * G_USEC_PER_SEC);
    }
  g_usleep (150 * 1000); /* a few polls */
  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_if_exited (child));

  code = vs_test_cli (&out, &err, "eval", "run", spec, "--project", project, "--name", "run",
                      "--batch", "--wait", "--poll-interval", "0.05", "--json", NULL);
  g_assert_cmpint (code, ==, 0);
  summary = parse_object (out);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (summary, "contenders"), 1), "passed"), ==, 6);
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, 2);
  g_assert_cmpuint (chat_requests (f), ==, 0);
}

static void
add (const char *name,
     void (*func) (Fixture *, gconstpointer))
{
  static const struct
  {
    const char     *shape;
    VsBatchApiKind  kind;
  } shapes[] = { { "openai", VS_BATCH_API_OPENAI }, { "mistral", VS_BATCH_API_MISTRAL } };

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/versus/batch-run/%s/%s", shapes[i].shape,
                                               name);

      g_test_add (path, Fixture, GINT_TO_POINTER (shapes[i].kind), fixture_set_up, func,
                  fixture_tear_down);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  add ("submit-poll-ingest", test_submit_poll_ingest);
  add ("wait", test_wait);
  add ("partial-failure-retry", test_partial_failure_and_retry);
  add ("cancel", test_cancel);
  add ("cancel-folders", test_cancel_folders);
  add ("expired", test_expired);
  add ("restart", test_restart);
  add ("lost-create", test_lost_create);
  add ("lost-create-no-list", test_lost_create_no_list);
  add ("two-pollers", test_two_pollers);
  add ("claimed-elsewhere", test_claimed_elsewhere);
  add ("first-poll", test_first_poll);
  add ("api-key", test_api_key);
  add ("only-missing", test_only_missing);
  add ("split", test_split);
  add ("offline-files-ignored", test_offline_files_ignored);
  add ("cli", test_cli);
  add ("cli-cancel", test_cli_cancel);
  add ("cli-killed", test_cli_killed);
  return g_test_run ();
}
