/* test-eval-run.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The evaluation runner against the in-process fake server: results and scores written, the
 * cases imported and frozen as the run's snapshot, injected server errors counted as errors
 * and re-run only on request, a resumed run asking for nothing it has, cancel then resume,
 * the overall concurrency limit, judges (a verdict scores, a reply without one is an error),
 * and a summary checked end to end against hand-computed figures (McNemar b = 10, c = 2).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "vs-dataset-import.h"
#include "vs-dataset-store.h"
#include "vs-error.h"
#include "vs-eval-estimate.h"
#include "vs-eval-runner.h"
#include "vs-eval-spec.h"
#include "vs-eval-summary.h"
#include "vs-fake-llm.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-run-store.h"
#include "vs-writer.h"
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

  f->project = vs_test_project_new ("eval.versus", &f->dir, &f->path);
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

static void
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* A spec file in the fixture's folder; @body is the members after "contenders" etc. */
static VsEvalSpec *
load_spec (Fixture    *f,
           const char *json)
{
  g_autofree char *path = g_build_filename (f->dir, "spec.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (json);
  VsEvalSpec *spec;

  g_string_replace (text, "URL", vs_fake_llm_get_url (f->fake), 0);
  write_file (f, "spec.json", text->str);
  spec = vs_eval_spec_load (path, &error);
  g_assert_no_error (error);
  return spec;
}

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

  wait->ok = vs_eval_runner_run_finish (VS_EVAL_RUNNER (source), result, &wait->error);
  wait->done = TRUE;
}

static gboolean
run_to_end (Fixture      *f,
            gint64        run_id,
            gboolean      retry_errors,
            GError      **error)
{
  g_autoptr(VsEvalRunner) runner = vs_eval_runner_new (f->project, run_id, error);
  Wait wait = { 0 };

  g_assert_nonnull (runner);
  vs_eval_runner_set_retry_errors (runner, retry_errors);
  vs_eval_runner_run_async (runner, NULL, on_done, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  if (wait.error)
    g_propagate_error (error, wait.error);
  return wait.ok;
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

static JsonObject *
summary_contender (JsonNode *summary,
                   guint     index)
{
  JsonArray *contenders = json_object_get_array_member (json_node_get_object (summary),
                                                        "contenders");
  return json_array_get_object_element (contenders, index);
}

#define TEMPLATE "{\"messages\":[{\"role\":\"user\",\"content\":\"{{question}}\"}]}"

static void
test_basic (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(VsRunInfo) info = NULL;
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(GError) error = NULL;
  gboolean existed = TRUE;
  JsonObject *c;
  gint64 id;

  write_file (f, "t.json", TEMPLATE);
  write_file (f, "cases.jsonl",
              "{\"q\": \"one\", \"want\": \"Echo: one\"}\n"
              "{\"q\": \"two\", \"want\": \"Echo: two\"}\n"
              "{\"q\": \"three\", \"want\": \"3\"}\n"
              "{\"q\": \"four\", \"want\": \"Echo: four\"}\n");
  spec = load_spec (f, "{\"cases\": \"cases.jsonl\", \"input\": {\"question\": \"q\"},"
                       " \"expected\": \"want\", \"contenders\": ["
                       " {\"name\": \"a\", \"endpoint\": \"URL/v1\", \"model\": \"m-a\","
                       "  \"template\": \"t.json\"},"
                       " {\"name\": \"b\", \"endpoint\": \"URL/v1\", \"model\": \"m-b\","
                       "  \"template\": \"t.json\"}],"
                       " \"metrics\": [{\"type\": \"exact\"}, {\"type\": \"rouge_l\"}],"
                       " \"repeats\": 2, \"concurrency\": 3,"
                       " \"prices\": {\"m-a\": {\"input\": 1000000, \"output\": 0}}}");
  id = vs_eval_prepare_run (f->project, spec, "basic", &existed, &error);
  g_assert_no_error (error);
  g_assert_false (existed);
  g_assert_true (run_to_end (f, id, FALSE, &error));
  g_assert_no_error (error);
  /* 4 cases × 2 contenders × 2 repeats */
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==, 16);

  info = vs_run_store_get (f->project, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->state, ==, "done");
  g_assert_cmpint (info->snapshot_id, >, 0);
  g_assert_cmpint (info->results.n_ok, ==, 16);
  g_assert_cmpint (info->results.n_errors, ==, 0);
  g_assert_cmpuint (g_strv_length (info->metrics), ==, 2);

  summary = vs_eval_summary_build (f->project, id, TRUE, &error);
  g_assert_no_error (error);
  c = summary_contender (summary, 0);
  g_assert_cmpstr (json_object_get_string_member (c, "name"), ==, "a");
  g_assert_cmpint (json_object_get_int_member (c, "cases"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (c, "trials"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (c, "passed"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (c, "failed"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (c, "errors"), ==, 0);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (c, "pass_rate"), 0.75, 1e-12);
  /* rouge_l: 1, 1, 0 ("echo three" vs "3"), 1 → mean 0.75 */
  g_assert_cmpfloat_with_epsilon (
    json_object_get_double_member (json_object_get_object_member (
                                     json_object_get_object_member (c, "metrics"), "rouge_l"),
                                   "mean"), 0.75, 1e-12);
  /* the fake counts words + 3 per message: "one" → 4 prompt tokens, at $1 per token */
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (c, "tokens"),
                                               "prompt"), ==, 8 * 4 + 0 * 1);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (c, "cost_usd"), 32, 1e-9);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (c, "per_case")), ==, 4);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (
                     json_node_get_object (summary), "pairs")), ==, 1);

  /* Again by name: found, and nothing is asked again. */
  g_assert_cmpint (vs_eval_prepare_run (f->project, spec, "basic", &existed, &error), ==, id);
  g_assert_true (existed);
  g_assert_true (run_to_end (f, id, FALSE, &error));
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==, 16);
}

static void
test_errors_retried_on_request (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsRunInfo) info = NULL;
  gint64 id;

  write_file (f, "t.json", TEMPLATE);
  write_file (f, "cases.csv", "q,want\na,Echo: a\nb,Echo: b\nc,Echo: c\nd,Echo: d\ne,Echo: e\n");
  spec = load_spec (f, "{\"cases\": \"cases.csv\", \"input\": {\"question\": \"q\"},"
                       " \"expected\": \"want\", \"contenders\": ["
                       " {\"name\": \"only\", \"endpoint\": \"URL/v1\", \"model\": \"m\","
                       "  \"template\": \"t.json\"}],"
                       " \"metrics\": [{\"type\": \"exact\"}], \"concurrency\": 1,"
                       " \"settings\": {\"max_retries\": 0}}");
  id = prepare (f, spec, "errors");
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_STATUS, 500);
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_STATUS, 503);
  g_assert_true (run_to_end (f, id, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==, 5);

  summary = vs_eval_summary_build (f->project, id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (summary_contender (summary, 0), "errors"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (summary_contender (summary, 0), "passed"), ==, 3);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (summary_contender (summary, 0),
                                                                 "error_rate"), 0.4, 1e-12);
  /* errors are left out of the pass rate */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (summary_contender (summary, 0),
                                                                 "pass_rate"), 1, 1e-12);

  /* Resuming does not retry errors… */
  g_assert_true (run_to_end (f, id, FALSE, &error));
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==, 5);
  /* …retrying asks exactly for the two that failed. */
  g_assert_true (run_to_end (f, id, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==, 7);
  info = vs_run_store_get (f->project, id, &error);
  g_assert_cmpint (info->results.n_ok, ==, 5);
  g_assert_cmpint (info->results.n_errors, ==, 0);
}

static void
test_judge (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsRunInfo) info = NULL;
  JsonObject *c;
  gint64 id;

  write_file (f, "t.json", TEMPLATE);
  /* The good judge's template makes the fake answer a strict verdict; the bad one's reply is
   * the fake's echo — no verdict. */
  write_file (f, "good.json",
              "{\"messages\":[{\"role\":\"user\",\"content\":\"Grade {{output}} against "
              "{{expected}} REPLY:{\\\"reason\\\": \\\"fine\\\", \\\"score\\\": 0.8, "
              "\\\"pass\\\": true}\"}]}");
  write_file (f, "bad.json",
              "{\"messages\":[{\"role\":\"user\",\"content\":\"Grade {{output}}\"}]}");
  write_file (f, "cases.jsonl", "{\"q\": \"x\"}\n{\"q\": \"y\"}\n");
  spec = load_spec (f, "{\"cases\": \"cases.jsonl\", \"input\": {\"question\": \"q\"},"
                       " \"contenders\": [{\"name\": \"c\", \"endpoint\": \"URL/v1\","
                       "  \"model\": \"m\", \"template\": \"t.json\"}],"
                       " \"metrics\": [{\"type\": \"judge\", \"name\": \"good\","
                       "  \"endpoint\": \"URL/v1\", \"model\": \"judge\","
                       "  \"template\": \"good.json\"}], \"concurrency\": 2}");
  id = prepare (f, spec, "judge");
  g_assert_true (run_to_end (f, id, FALSE, &error));
  g_assert_no_error (error);
  summary = vs_eval_summary_build (f->project, id, FALSE, &error);
  c = summary_contender (summary, 0);
  g_assert_cmpint (json_object_get_int_member (c, "passed"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (c, "errors"), ==, 0);
  g_assert_cmpfloat_with_epsilon (
    json_object_get_double_member (json_object_get_object_member (
                                     json_object_get_object_member (c, "metrics"), "good"),
                                   "mean"), 0.8, 1e-12);
  g_clear_pointer (&summary, json_node_unref);
  g_clear_pointer (&spec, vs_eval_spec_free);

  spec = load_spec (f, "{\"cases\": \"cases.jsonl\", \"input\": {\"question\": \"q\"},"
                       " \"contenders\": [{\"name\": \"c\", \"endpoint\": \"URL/v1\","
                       "  \"model\": \"m\", \"template\": \"t.json\"}],"
                       " \"metrics\": [{\"type\": \"judge\", \"name\": \"bad\","
                       "  \"endpoint\": \"URL/v1\", \"model\": \"judge\","
                       "  \"template\": \"bad.json\"}]}");
  id = prepare (f, spec, "judge-without-verdict");
  g_assert_true (run_to_end (f, id, FALSE, &error));
  summary = vs_eval_summary_build (f->project, id, FALSE, &error);
  c = summary_contender (summary, 0);
  /* never a pass: an error */
  g_assert_cmpint (json_object_get_int_member (c, "passed"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (c, "failed"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (c, "errors"), ==, 2);
  info = vs_run_store_get (f->project, id, &error);
  g_assert_cmpint (info->results.n_errors, ==, 2);
}

static gboolean
cancel_after (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* Trials of run @id answered from the response cache. */
static guint
count_cached (Fixture *f,
              gint64   id)
{
  g_autofree char *path = g_build_filename (f->dir, "trials.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (vs_eval_export (f->project, id, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    n += strstr (lines[i], "\"cached\":true") != NULL;
  return n;
}

static void
test_cancel_resume (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(GString) cases = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VsEvalRunner) runner = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(VsRunInfo) info = NULL;
  g_autoptr(VsRunInfo) done = NULL;
  Wait wait = { 0 };
  guint first, second;
  gint64 id;

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (cases, "{\"q\": \"case %u\"}\n", i);
  write_file (f, "t.json", TEMPLATE);
  write_file (f, "cases.jsonl", cases->str);
  vs_fake_llm_set_latency_ms (f->fake, 20);
  spec = load_spec (f, "{\"cases\": \"cases.jsonl\", \"input\": {\"question\": \"q\"},"
                       " \"contenders\": [{\"name\": \"c\", \"endpoint\": \"URL/v1\","
                       "  \"model\": \"m\", \"template\": \"t.json\"}],"
                       " \"metrics\": [{\"type\": \"contains\", \"value\": \"case\"}],"
                       " \"concurrency\": 3}");
  id = prepare (f, spec, "cancel");
  runner = vs_eval_runner_new (f->project, id, &error);
  g_assert_no_error (error);
  vs_eval_runner_run_async (runner, cancellable, on_done, &wait);
  g_timeout_add (150, cancel_after, cancellable);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (wait.ok);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&wait.error);
  info = vs_run_store_get (f->project, id, &error);
  g_assert_cmpstr (info->state, ==, "cancelled");
  g_assert_cmpint (info->results.n_ok, >, 0);
  g_assert_cmpint (info->results.n_ok, <, 40);
  first = vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions");
  /* The cancelled calls the server still holds finish first; then the limit is measured on
   * the resumed run alone. */
  g_usleep (100 * 1000);
  g_assert_cmpuint (vs_fake_llm_get_max_concurrent (f->fake), <=, 3);
  vs_fake_llm_reset_counts (f->fake);
  /* A reply that arrived while the run was being cancelled is kept too: what is missing is
   * counted once the writer has taken everything. */
  g_assert_true (vs_writer_flush (vs_project_get_writer (f->project), &error));
  g_assert_no_error (error);
  g_clear_pointer (&info, vs_run_info_free);
  info = vs_run_store_get (f->project, id, &error);
  g_assert_no_error (error);

  g_assert_true (run_to_end (f, id, FALSE, &error));
  g_assert_no_error (error);
  done = vs_run_store_get (f->project, id, &error);
  g_assert_cmpstr (done->state, ==, "done");
  g_assert_cmpint (done->results.n_ok, ==, 40);
  second = vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions");
  /* Only the missing trials were asked for — the server or, for a reply that arrived after
   * the cancel and was dropped by the run, the response cache — plus at most those in
   * flight at the cancel. */
  g_assert_cmpuint (second + count_cached (f, id), ==, 40 - (guint) info->results.n_ok);
  g_assert_cmpuint (first, <=, (guint) info->results.n_ok + 3);
  /* The overall limit held, and was used. */
  g_assert_cmpuint (vs_fake_llm_get_max_concurrent (f->fake), <=, 3);
  g_assert_cmpuint (vs_fake_llm_get_max_concurrent (f->fake), >=, 2);
}

static gboolean
resume_later (gpointer data)
{
  vs_eval_runner_resume (data);
  return G_SOURCE_REMOVE;
}

static void
test_pause (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsEvalRunner) runner = NULL;
  Wait wait = { 0 };
  VsEvalProgress progress;
  gint64 id;
  gint64 start;

  write_file (f, "t.json", TEMPLATE);
  write_file (f, "cases.jsonl", "{\"q\": \"1\"}\n{\"q\": \"2\"}\n{\"q\": \"3\"}\n");
  spec = load_spec (f, "{\"cases\": \"cases.jsonl\", \"input\": {\"question\": \"q\"},"
                       " \"contenders\": [{\"name\": \"c\", \"endpoint\": \"URL/v1\","
                       "  \"model\": \"m\", \"template\": \"t.json\"}], \"concurrency\": 1}");
  id = prepare (f, spec, "pause");
  runner = vs_eval_runner_new (f->project, id, &error);
  g_assert_no_error (error);
  vs_eval_runner_pause (runner);
  vs_eval_runner_run_async (runner, NULL, on_done, &wait);
  /* Paused from the start: nothing is sent. */
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 200 * 1000)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==, 0);
  g_assert_true (vs_eval_runner_get_paused (runner));
  g_idle_add (resume_later, runner);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (wait.ok);
  vs_eval_runner_get_progress (runner, &progress);
  g_assert_cmpint (progress.done, ==, 3);
  g_assert_cmpint (progress.total, ==, 3);
  g_assert_cmpuint (progress.n_contenders, ==, 1);
  g_assert_cmpint (progress.contender_total, ==, 3);
  g_assert_cmpint (progress.contender_done[0], ==, 3);
  g_assert_cmpint (progress.contender_errors[0], ==, 0);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==, 3);
}

/* End to end: A passes 13 of 15 cases, B 5; 10 cases only A passes, 2 only B. */
static void
test_summary_paired (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(GString) cases = g_string_new (NULL);
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *pair, *a, *labels, *yes;
  JsonArray *ci;
  gint64 id;

  for (guint i = 0; i < 15; i++)
    g_string_append_printf (cases,
                            "{\"a\": \"REPLY:%s\", \"b\": \"REPLY:%s\", \"want\": \"yes\"}\n",
                            i < 10 || i >= 12 ? "yes" : "no", i < 10 ? "no" : "yes");
  write_file (f, "cases.jsonl", cases->str);
  write_file (f, "ta.json", "{\"messages\":[{\"role\":\"user\",\"content\":\"{{a}}\"}]}");
  write_file (f, "tb.json", "{\"messages\":[{\"role\":\"user\",\"content\":\"{{b}}\"}]}");
  spec = load_spec (f, "{\"cases\": \"cases.jsonl\", \"expected\": \"want\", \"contenders\": ["
                       " {\"name\": \"A\", \"endpoint\": \"URL/v1\", \"model\": \"m\","
                       "  \"template\": \"ta.json\"},"
                       " {\"name\": \"B\", \"endpoint\": \"URL/v1\", \"model\": \"m\","
                       "  \"template\": \"tb.json\"}],"
                       " \"metrics\": [{\"type\": \"label\"}, {\"type\": \"token_f1\"}]}");
  id = prepare (f, spec, "paired");
  g_assert_true (run_to_end (f, id, FALSE, &error));
  g_assert_no_error (error);
  summary = vs_eval_summary_build (f->project, id, FALSE, &error);
  g_assert_no_error (error);

  a = summary_contender (summary, 0);
  g_assert_cmpint (json_object_get_int_member (a, "passed"), ==, 13);
  /* Wilson 13/15, z = 1.959964 → [0.621200, 0.962639] (computed from the formula) */
  ci = json_object_get_array_member (a, "pass_rate_ci");
  g_assert_cmpfloat (fabs (json_array_get_double_element (ci, 0) - 0.6212), <, 1e-4);
  g_assert_cmpfloat (fabs (json_array_get_double_element (ci, 1) - 0.9626), <, 1e-4);
  /* labels: expected all "yes"; A predicted yes 13, no 2 */
  labels = json_object_get_object_member (a, "labels");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (labels,
                                                                                "classes"), 0),
                   ==, "no");
  yes = json_object_get_object_member (json_object_get_object_member (labels, "per_class"),
                                       "yes");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (yes, "precision"), 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (yes, "recall"), 13.0 / 15,
                                  1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (yes, "f1"), 26.0 / 28, 1e-12);
  g_assert_cmpint (json_object_get_int_member (yes, "support"), ==, 15);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (labels, "macro_f1"),
                                  13.0 / 28, 1e-12);
  {
    JsonArray *matrix = json_object_get_array_member (labels, "matrix");
    JsonArray *row_yes = json_array_get_array_element (matrix, 1);

    g_assert_cmpint (json_array_get_int_element (row_yes, 0), ==, 2);
    g_assert_cmpint (json_array_get_int_element (row_yes, 1), ==, 13);
  }

  pair = json_array_get_object_element (json_object_get_array_member (
                                          json_node_get_object (summary), "pairs"), 0);
  g_assert_cmpstr (json_object_get_string_member (pair, "a"), ==, "A");
  g_assert_cmpint (json_object_get_int_member (pair, "cases"), ==, 15);
  g_assert_cmpint (json_object_get_int_member (pair, "excluded"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (pair, "a_only"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (pair, "b_only"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (pair, "both"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (pair, "neither"), ==, 0);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (pair, "mcnemar_p"),
                                  158.0 / 4096, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (pair, "pass_rate_diff"),
                                  (5.0 - 13.0) / 15, 1e-12);
  ci = json_object_get_array_member (pair, "pass_rate_diff_ci");
  g_assert_cmpfloat (json_array_get_double_element (ci, 0), <, -8.0 / 15);
  g_assert_cmpfloat (json_array_get_double_element (ci, 1), >, -8.0 / 15);
  g_assert_cmpfloat (json_array_get_double_element (ci, 1), <, 0);
  g_assert_true (json_object_has_member (json_object_get_object_member (pair, "metric_diffs"),
                                         "token_f1"));
}

/* A case that passes one repeat and fails another is unstable; a case with an error on
 * either side is left out of the pair and counted as excluded. */
static void
test_unstable_and_excluded (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *a, *pair;
  gint64 id;

  write_file (f, "t.json", TEMPLATE);
  write_file (f, "cases.jsonl", "{\"q\": \"1\"}\n{\"q\": \"2\"}\n{\"q\": \"3\"}\n");
  spec = load_spec (f, "{\"cases\": \"cases.jsonl\", \"input\": {\"question\": \"q\"},"
                       " \"contenders\": ["
                       " {\"name\": \"a\", \"endpoint\": \"URL/v1\", \"model\": \"m\","
                       "  \"template\": \"t.json\"},"
                       " {\"name\": \"b\", \"endpoint\": \"URL/v1\", \"model\": \"n\","
                       "  \"template\": \"t.json\"}],"
                       " \"metrics\": [{\"type\": \"latency\", \"threshold\": 250}],"
                       " \"repeats\": 2, \"concurrency\": 1,"
                       " \"settings\": {\"max_retries\": 0}}");
  id = prepare (f, spec, "unstable");
  /* Trials go case by case, contender by contender, repeat by repeat: the first is (a, 1, 0),
   * the second (a, 1, 1), the third (b, 1, 0). */
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_LATENCY, 400);
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_NONE, 0);
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_STATUS, 500);
  g_assert_true (run_to_end (f, id, FALSE, &error));
  g_assert_no_error (error);
  summary = vs_eval_summary_build (f->project, id, FALSE, &error);
  g_assert_no_error (error);
  a = summary_contender (summary, 0);
  g_assert_cmpint (json_object_get_int_member (a, "passed"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (a, "failed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (a, "unstable_cases"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary_contender (summary, 1), "errors"), ==, 1);
  pair = json_array_get_object_element (json_object_get_array_member (
                                          json_node_get_object (summary), "pairs"), 0);
  g_assert_cmpint (json_object_get_int_member (pair, "excluded"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (pair, "cases"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (pair, "both"), ==, 2);
  g_assert_true (json_object_has_member (json_object_get_object_member (pair, "metric_diffs"),
                                         "latency"));
}

typedef struct
{
  gboolean done;
  gint64   id;
  gboolean existed;
  GError  *error;
} PrepareWait;

static void
on_prepared (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  PrepareWait *wait = data;

  wait->id = vs_eval_prepare_run_finish (VS_PROJECT (source), result, &wait->existed,
                                         &wait->error);
  wait->done = TRUE;
}

static void
test_prepare_async (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(VsRunInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  PrepareWait wait = { 0 };
  PrepareWait again = { 0 };

  write_file (f, "t.json", TEMPLATE);
  write_file (f, "cases.csv", "q\nx\ny\n");
  spec = load_spec (f, "{\"cases\": \"cases.csv\", \"input\": {\"question\": \"q\"},"
                       " \"contenders\": [{\"name\": \"c\", \"endpoint\": \"URL/v1\","
                       "  \"model\": \"m\", \"template\": \"t.json\"}], \"repeats\": 3}");
  vs_eval_prepare_run_async (f->project, spec, "async", NULL, on_prepared, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (wait.error);
  g_assert_cmpint (wait.id, >, 0);
  g_assert_false (wait.existed);
  info = vs_run_store_get (f->project, wait.id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->repeats, ==, 3);
  g_assert_cmpint (info->snapshot_id, >, 0);
  g_assert_cmpuint (info->contenders->len, ==, 1);

  vs_eval_prepare_run_async (f->project, spec, "async", NULL, on_prepared, &again);
  while (!again.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (again.error);
  g_assert_cmpint (again.id, ==, wait.id);
  g_assert_true (again.existed);
  g_assert_true (run_to_end (f, wait.id, FALSE, &error));
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==, 6);
}

/* Cases from a split of a project dataset: only that split's records, rejected ones left
 * out; by name (sync) and by id (async); an unknown dataset is an error naming it. */
static void
test_dataset_split (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(VsEvalSpec) by_id = NULL;
  g_autoptr(VsEvalSpec) missing = NULL;
  g_autoptr(VsDatasetImportSummary) imported = NULL;
  g_autoptr(VsRunInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cases = g_build_filename (f->dir, "tickets.csv", NULL);
  g_autofree char *sql = NULL;
  g_autofree char *json = NULL;
  PrepareWait wait = { 0 };
  gint64 id;

  write_file (f, "t.json", TEMPLATE);
  write_file (f, "tickets.csv", "q\na\nb\nc\nd\ne\n");
  imported = vs_dataset_import_sync (f->project, cases, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* test: records 2, 3 and 5 (5 rejected) */
  sql = g_strdup_printf ("UPDATE records SET split = 'test' WHERE dataset_id = %" G_GINT64_FORMAT
                         " AND ordinal IN (2, 3, 5);"
                         "UPDATE records SET status = 'rejected' WHERE dataset_id = %"
                         G_GINT64_FORMAT " AND ordinal = 5;",
                         imported->dataset_id, imported->dataset_id);
  g_assert_true (vs_project_exec (f->project, sql, &error));
  g_assert_no_error (error);

  spec = load_spec (f, "{\"dataset\": \"tickets\", \"split\": \"test\","
                       " \"input\": {\"question\": \"q\"},"
                       " \"contenders\": [{\"name\": \"c\", \"endpoint\": \"URL/v1\","
                       "  \"model\": \"m\", \"template\": \"t.json\"}]}");
  g_assert_null (spec->cases);
  g_assert_cmpstr (spec->dataset, ==, "tickets");
  {
    /* the estimate before the run: 2 cases (the rejected one left out), 1 request each; the
     * fake model "m" has no price */
    VsEvalEstimate estimate;

    g_assert_true (vs_eval_estimate_dataset (f->project, spec, imported->dataset_id, "test",
                                             &estimate, &error));
    g_assert_no_error (error);
    g_assert_cmpint (estimate.n_cases, ==, 2);
    g_assert_cmpint (estimate.n_requests, ==, 2);
    /* "b" and "c": a one-word user message each, 1 + 3 framing + 3 priming tokens */
    g_assert_cmpfloat (estimate.prompt_tokens, >, 2 * 4);
    g_assert_cmpfloat (estimate.prompt_tokens, <, 2 * 12);
    g_assert_cmpuint (estimate.n_unpriced, ==, 1);
    g_assert_cmpfloat (estimate.cost_usd, ==, 0);
  }
  id = prepare (f, spec, "split");
  g_assert_true (run_to_end (f, id, FALSE, &error));
  g_assert_no_error (error);
  info = vs_run_store_get (f->project, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->split, ==, "test");
  g_assert_cmpint (info->results.n_ok, ==, 2);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==, 2);
  /* the dataset was not imported again */
  {
    g_autoptr(GPtrArray) datasets = vs_dataset_list (f->project, &error);
    g_assert_cmpuint (datasets->len, ==, 1);
  }

  /* by id, prepared on a worker; the whole dataset without a split */
  json = g_strdup_printf ("{\"dataset\": %" G_GINT64_FORMAT ","
                          " \"input\": {\"question\": \"q\"},"
                          " \"contenders\": [{\"name\": \"c\", \"endpoint\": \"URL/v1\","
                          "  \"model\": \"m\", \"template\": \"t.json\"}]}",
                          imported->dataset_id);
  by_id = load_spec (f, json);
  vs_eval_prepare_run_async (f->project, by_id, "all", NULL, on_prepared, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (wait.error);
  g_assert_true (run_to_end (f, wait.id, FALSE, &error));
  {
    g_autoptr(VsRunInfo) all = vs_run_store_get (f->project, wait.id, &error);

    g_assert_null (all->split);
    g_assert_cmpint (all->results.n_ok, ==, 4);
  }
  /* the two test cases came from the response cache */
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==, 2 + 2);

  missing = load_spec (f, "{\"dataset\": \"nope\","
                          " \"contenders\": [{\"name\": \"c\", \"endpoint\": \"URL/v1\","
                          "  \"model\": \"m\", \"template\": \"t.json\"}]}");
  g_assert_cmpint (vs_eval_prepare_run (f->project, missing, "missing", NULL, &error), ==, 0);
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nope"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/versus/eval-run/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("basic", test_basic);
  ADD ("errors-retried-on-request", test_errors_retried_on_request);
  ADD ("judge", test_judge);
  ADD ("cancel-resume", test_cancel_resume);
  ADD ("pause", test_pause);
  ADD ("summary-paired", test_summary_paired);
  ADD ("unstable-and-excluded", test_unstable_and_excluded);
  ADD ("prepare-async", test_prepare_async);
  ADD ("dataset-split", test_dataset_split);
  return g_test_run ();
}
