/* test-batch-ingest.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Batch output files into a run: the offline path end to end (request files written, answered
 * by the fake server's offline helper as vLLM's run-batch would, in reverse order, ingested)
 * gives the same summary as the online run of the same spec against the fake server — at the
 * batch price — with judges asked online and every answer in the response cache under the key
 * the online request uses (a rerun online asks nothing); unknown, duplicate, failed and
 * malformed lines counted and reported with FILE:LINE; an expired batch's unfinished trials
 * written as errors; a run finished only when no trial is left.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "vs-batch-ingest.h"
#include "vs-batch-lines.h"
#include "vs-error.h"
#include "vs-eval-runner.h"
#include "vs-eval-spec.h"
#include "vs-eval-summary.h"
#include "vs-fake-llm.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-response-cache.h"
#include "vs-run-store.h"
#include "vs-test-util.h"

typedef struct
{
  char      *dir;
  VsProject *online;
  VsProject *batch;
  VsFakeLlm *fake;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = vs_test_tmpdir_new ();
  path = g_build_filename (f->dir, "online.versus", NULL);
  f->online = vs_project_open (path, VS_PROJECT_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_free (path);
  path = g_build_filename (f->dir, "batch.versus", NULL);
  f->batch = vs_project_open (path, VS_PROJECT_OPEN_CREATE, &error);
  g_assert_no_error (error);
  f->fake = vs_fake_llm_new (0, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->online);
  g_clear_object (&f->batch);
  g_clear_pointer (&f->fake, vs_fake_llm_free);
  vs_test_tmpdir_free (f->dir);
}

static char *
path_in (Fixture    *f,
         const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static void
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  g_autofree char *path = path_in (f, name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (contents);

  g_string_replace (text, "URL", vs_fake_llm_get_url (f->fake), 0);
  g_file_set_contents (path, text->str, -1, &error);
  g_assert_no_error (error);
}

static VsEvalSpec *
load_spec (Fixture    *f,
           const char *json)
{
  g_autofree char *path = path_in (f, "spec.json");
  g_autoptr(GError) error = NULL;
  VsEvalSpec *spec;

  write_file (f, "spec.json", json);
  spec = vs_eval_spec_load (path, &error);
  g_assert_no_error (error);
  return spec;
}

static gint64
prepare (VsProject  *project,
         VsEvalSpec *spec,
         const char *name)
{
  g_autoptr(GError) error = NULL;
  gint64 id = vs_eval_prepare_run (project, spec, name, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

typedef struct
{
  gboolean done;
  gboolean ok;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Wait *wait = data;
  g_autoptr(GError) error = NULL;

  wait->ok = vs_eval_runner_run_finish (VS_EVAL_RUNNER (source), result, &error);
  g_assert_no_error (error);
  wait->done = TRUE;
}

static void
run_online (VsProject *project,
            gint64     run_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsEvalRunner) runner = vs_eval_runner_new (project, run_id, &error);
  Wait wait = { 0 };

  g_assert_no_error (error);
  vs_eval_runner_run_async (runner, NULL, on_done, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (wait.ok);
}

/* The lines of @path in reverse order (a batch's output is not in input order). */
static void
reverse_lines (const char *path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint n;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines);
  for (guint i = n; i > 0; i--)
    if (*lines[i - 1] != '\0')
      g_string_append_printf (out, "%s\n", lines[i - 1]);
  g_file_set_contents (path, out->str, -1, &error);
  g_assert_no_error (error);
}

/* Writes the run's request files into @subdir and answers each offline; the outputs' paths. */
static GPtrArray *
answer_offline (Fixture    *f,
                gint64      run_id,
                const char *subdir)
{
  g_autofree char *dir = path_in (f, subdir);
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *outputs = g_ptr_array_new_with_free_func (g_free);

  files = vs_batch_write_files (f->batch, run_id, 0, FALSE, dir, 0, 0, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < files->len; i++)
    {
      VsBatchFile *file = g_ptr_array_index (files, i);
      char *output = g_strdup_printf ("%s.out", file->path);

      g_assert_true (vs_fake_llm_answer_batch_file (file->path, output, &error));
      g_assert_no_error (error);
      reverse_lines (output);
      g_ptr_array_add (outputs, output);
    }
  return outputs;
}

static void
ingest (Fixture            *f,
        gint64              run_id,
        const char         *path,
        VsBatchIngestStats *stats)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (vs_batch_ingest_file (f->batch, run_id, file, stats, NULL, &error));
  g_assert_no_error (error);
}

/* Removes what the way of running changes by design: latency (a batch has none) and cost (the
 * batch price), at every level. */
static void
strip_execution (JsonNode *node)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        strip_execution (json_array_get_element (array, i));
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      static const char *volatile_members[] = {
        "latency_ms", "cost_usd", "cost_per_1k_usd", "breakeven_requests", "cached",
      };
      g_autoptr(GList) members = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (volatile_members); i++)
        json_object_remove_member (object, volatile_members[i]);
      members = json_object_get_members (object);
      for (GList *l = members; l != NULL; l = l->next)
        strip_execution (json_object_get_member (object, l->data));
    }
}

static JsonObject *
summary_contender (JsonNode *summary,
                   guint     index)
{
  return json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (summary), "contenders"), index);
}

#define TEMPLATE "{\"messages\":[{\"role\":\"user\",\"content\":\"{{question}}\"}]}"
/* The judge's template makes the fake answer a strict verdict. */
#define JUDGE                                                                              \
  "{\"messages\":[{\"role\":\"user\",\"content\":\"Grade {{output}} against {{expected}} " \
  "REPLY:{\\\"reason\\\": \\\"fine\\\", \\\"score\\\": 0.5, \\\"pass\\\": true}\"}]}"
#define CASES                                                                              \
  "{\"q\": \"one\", \"want\": \"Echo: one\"}\n"                                            \
  "{\"q\": \"two\", \"want\": \"Echo: two\"}\n"                                            \
  "{\"q\": \"three\", \"want\": \"3\"}\n"                                                  \
  "{\"q\": \"four\", \"want\": \"Echo: four\"}\n"                                          \
  "{\"q\": \"five words in this one\", \"want\": \"5\"}\n"
#define SPEC                                                                               \
  "{\"cases\": \"cases.jsonl\", \"input\": {\"question\": \"q\"}, \"expected\": \"want\"," \
  " \"contenders\": ["                                                                     \
  "  {\"name\": \"base\", \"endpoint\": \"URL/v1\", \"model\": \"m-a\","                   \
  "   \"template\": \"t.json\"},"                                                          \
  "  {\"name\": \"tuned\", \"endpoint\": \"URL/v1\", \"model\": \"m-b\","                  \
  "   \"template\": \"t.json\", \"parameters\": {\"temperature\": 0.5}}],"                 \
  " \"metrics\": [{\"type\": \"exact\"}, {\"type\": \"rouge_l\"},"                         \
  "  {\"type\": \"judge\", \"name\": \"judge\", \"endpoint\": \"URL/v1\","                 \
  "   \"model\": \"j\", \"template\": \"judge.json\"}],"                                   \
  " \"repeats\": 2, \"concurrency\": 3,"                                                   \
  " \"prices\": {\"m-a\": {\"input\": 2000, \"output\": 4000},"                            \
  "             \"m-b\": {\"input\": 1000, \"output\": 1000, \"batch_discount\": 0.25}}}"

static void
test_same_summary (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(GPtrArray) outputs = NULL;
  g_autoptr(JsonNode) online = NULL;
  g_autoptr(JsonNode) batch = NULL;
  g_autoptr(VsRunInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *online_text = NULL;
  g_autofree char *batch_text = NULL;
  VsBatchIngestStats stats;
  gint64 online_id, batch_id, again_id;
  guint chat_requests, online_judged;

  write_file (f, "t.json", TEMPLATE);
  write_file (f, "judge.json", JUDGE);
  write_file (f, "cases.jsonl", CASES);
  spec = load_spec (f, SPEC);

  online_id = prepare (f->online, spec, "cmp");
  run_online (f->online, online_id);
  /* 20 trials, and the judge per trial unless the same verdict request (same output and
   * expected answer: repeats, and both contenders' echoes) was cached already — with 3 in
   * flight, how many were depends on timing */
  online_judged = vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions") - 20;
  g_assert_cmpuint (online_judged, >=, 5);
  g_assert_cmpuint (online_judged, <=, 20);
  online = vs_eval_summary_build (f->online, online_id, TRUE, &error);
  g_assert_no_error (error);

  batch_id = prepare (f->batch, spec, "cmp");
  vs_fake_llm_reset_counts (f->fake);
  outputs = answer_offline (f, batch_id, "files");
  /* one file per contender */
  g_assert_cmpuint (outputs->len, ==, 2);
  /* writing files asks nothing */
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 0);

  vs_batch_ingest_stats_init (&stats);
  ingest (f, batch_id, g_ptr_array_index (outputs, 0), &stats);
  /* Half the trials in: the run is not finished. */
  info = vs_run_store_get (f->batch, batch_id, &error);
  g_assert_cmpstr (info->state, !=, "done");
  g_assert_cmpint (info->results.n_ok, ==, 10);
  g_clear_pointer (&info, vs_run_info_free);
  ingest (f, batch_id, g_ptr_array_index (outputs, 1), &stats);
  g_assert_cmpint (stats.n_lines, ==, 20);
  g_assert_cmpint (stats.n_ok, ==, 20);
  g_assert_cmpint (stats.n_failed + stats.n_unknown + stats.n_finished + stats.n_malformed, ==,
                   0);
  g_assert_cmpuint (stats.messages->len, ==, 0);
  vs_batch_ingest_stats_clear (&stats);
  /* The judges were asked online as by the online run; nothing else was. */
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), >=, 5);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), <=, 20);

  info = vs_run_store_get (f->batch, batch_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->state, ==, "done");
  g_assert_nonnull (info->finished_at);
  g_assert_cmpint (info->results.n_ok, ==, 20);

  batch = vs_eval_summary_build (f->batch, batch_id, TRUE, &error);
  g_assert_no_error (error);
  /* At the batch price: m-a's default discount (half), m-b's 0.25 off. */
  g_assert_cmpfloat (json_object_get_double_member (summary_contender (online, 0), "cost_usd"),
                     >, 0);
  g_assert_cmpfloat_with_epsilon (
    json_object_get_double_member (summary_contender (batch, 0), "cost_usd"),
    json_object_get_double_member (summary_contender (online, 0), "cost_usd") * 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (
    json_object_get_double_member (summary_contender (batch, 1), "cost_usd"),
    json_object_get_double_member (summary_contender (online, 1), "cost_usd") * 0.75, 1e-9);
  /* Everything else is the same, case by case. */
  strip_execution (online);
  strip_execution (batch);
  online_text = vs_json_to_string (online, TRUE);
  batch_text = vs_json_to_string (batch, TRUE);
  g_assert_cmpstr (batch_text, ==, online_text);
  g_assert_cmpint (json_object_get_int_member (summary_contender (batch, 0), "passed"), ==, 6);

  /* The answers are in the cache under the online keys: the same spec run online in the batch
   * project asks the server nothing (the judges' answers were cached by their requests). */
  chat_requests = vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions");
  again_id = prepare (f->batch, spec, "again");
  run_online (f->batch, again_id);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==,
                    chat_requests);
  g_clear_pointer (&info, vs_run_info_free);
  info = vs_run_store_get (f->batch, again_id, &error);
  g_assert_cmpint (info->results.n_ok, ==, 20);
}

static const char *
message (VsBatchIngestStats *stats,
         guint               index)
{
  g_assert_cmpuint (index, <, stats->messages->len);
  return g_ptr_array_index (stats->messages, index);
}

static char *
read_result_error (VsProject *project,
                   gint64     run_id,
                   gint64     ordinal)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char *text = NULL;

  stmt = _vs_project_prepare (project, "SELECT error FROM results WHERE run_id = ?1"
                                       " AND case_ordinal = ?2 AND state = 'error'", &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, ordinal);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return text;
}

#define SPEC_ONE                                                                           \
  "{\"cases\": \"cases.jsonl\", \"input\": {\"question\": \"q\"}, \"expected\": \"want\"," \
  " \"contenders\": [{\"name\": \"only\", \"endpoint\": \"URL/v1\", \"model\": \"m\","     \
  "   \"template\": \"t.json\"}],"                                                         \
  " \"metrics\": [{\"type\": \"exact\"}]}"

static void
test_bad_lines (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(VsRunInfo) info = NULL;
  g_autoptr(GPtrArray) contenders = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = path_in (f, "out.jsonl");
  g_autofree char *lines = NULL;
  g_autofree char *ok = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;
  VsBatchIngestStats stats;
  gint64 run_id, cid;

  write_file (f, "t.json", TEMPLATE);
  write_file (f, "cases.jsonl", CASES);
  spec = load_spec (f, SPEC_ONE);
  run_id = prepare (f->batch, spec, "bad");
  contenders = vs_run_store_list_contenders (f->batch, run_id, &error);
  cid = ((VsContenderInfo *) g_ptr_array_index (contenders, 0))->id;

  ok = g_strdup_printf ("{\"id\": \"r\", \"custom_id\": \"versus-%" G_GINT64_FORMAT "-%"
                        G_GINT64_FORMAT "-1-0\", \"response\": {\"status_code\": 200,"
                        " \"request_id\": \"q\", \"body\": {\"choices\": [{\"index\": 0,"
                        " \"message\": {\"role\": \"assistant\", \"content\": \"Echo: one\"},"
                        " \"finish_reason\": \"stop\"}], \"usage\": {\"prompt_tokens\": 4,"
                        " \"completion_tokens\": 2}}}, \"error\": null}\n",
                        run_id, cid);
  lines = g_strdup_printf (
    /* 1: ok, passes; 2: the same trial again: already finished */
    "%3$s%3$s"
    /* 3: another run */
    "{\"custom_id\": \"versus-999-%2$" G_GINT64_FORMAT "-2-0\", \"response\": null,"
    " \"error\": {\"message\": \"x\"}}\n"
    /* 4: no such case */
    "{\"custom_id\": \"versus-%1$" G_GINT64_FORMAT "-%2$" G_GINT64_FORMAT "-77-0\","
    " \"response\": null, \"error\": {\"message\": \"x\"}}\n"
    /* 5: not JSON */
    "this is not JSON\n"
    /* 6: no custom_id */
    "{\"response\": {}}\n"
    /* 7: the line's error */
    "{\"custom_id\": \"versus-%1$" G_GINT64_FORMAT "-%2$" G_GINT64_FORMAT "-2-0\","
    " \"response\": null, \"error\": {\"code\": \"batch_expired\","
    " \"message\": \"This line was not executed\"}}\n"
    /* 8: a 500 response */
    "{\"custom_id\": \"versus-%1$" G_GINT64_FORMAT "-%2$" G_GINT64_FORMAT "-3-0\","
    " \"response\": {\"status_code\": 500, \"body\": {\"error\": {\"message\": \"boom\"}}},"
    " \"error\": null}\n"
    /* 9: a 200 whose body is no chat completion */
    "{\"custom_id\": \"versus-%1$" G_GINT64_FORMAT "-%2$" G_GINT64_FORMAT "-4-0\","
    " \"response\": {\"status_code\": 200, \"body\": {\"object\": \"list\"}}, \"error\": null}\n"
    /* 10: neither a response nor an error */
    "{\"custom_id\": \"versus-%1$" G_GINT64_FORMAT "-%2$" G_GINT64_FORMAT "-5-0\"}\n"
    /* 11: a repeat the run does not have */
    "{\"custom_id\": \"versus-%1$" G_GINT64_FORMAT "-%2$" G_GINT64_FORMAT "-5-3\","
    " \"response\": null, \"error\": {\"message\": \"x\"}}\n",
    run_id, cid, ok);
  g_file_set_contents (output, lines, -1, &error);
  g_assert_no_error (error);

  vs_batch_ingest_stats_init (&stats);
  ingest (f, run_id, output, &stats);
  g_assert_cmpint (stats.n_lines, ==, 11);
  g_assert_cmpint (stats.n_ok, ==, 1);
  g_assert_cmpint (stats.n_failed, ==, 3);
  g_assert_cmpint (stats.n_finished, ==, 1);
  g_assert_cmpint (stats.n_unknown, ==, 3);
  g_assert_cmpint (stats.n_malformed, ==, 3);
  g_assert_cmpuint (stats.messages->len, ==, 7);
  expected = g_strdup_printf ("%s:2: custom_id “versus-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT
                              "-1-0”: the trial already has a result", output, run_id, cid);
  g_assert_cmpstr (message (&stats, 0), ==, expected);
  g_assert_true (g_str_has_prefix (message (&stats, 1), output));
  g_assert_nonnull (strstr (message (&stats, 1), ":3: custom_id “versus-999-"));
  g_assert_nonnull (strstr (message (&stats, 2), ":4: "));
  g_assert_nonnull (strstr (message (&stats, 3), ":5: not a JSON object"));
  g_assert_nonnull (strstr (message (&stats, 4), ":6: no “custom_id”"));
  g_assert_nonnull (strstr (message (&stats, 5), ":10: neither"));
  g_assert_nonnull (strstr (message (&stats, 6), ":11: "));
  vs_batch_ingest_stats_clear (&stats);

  info = vs_run_store_get (f->batch, run_id, &error);
  g_assert_cmpint (info->results.n_ok, ==, 1);
  g_assert_cmpint (info->results.n_errors, ==, 3);
  /* 2 cases of 5 have no result yet */
  g_assert_cmpstr (info->state, ==, "pending");
  text = read_result_error (f->batch, run_id, 2);
  g_assert_cmpstr (text, ==,
                   "The batch request failed: This line was not executed (batch_expired)");
  g_free (text);
  text = read_result_error (f->batch, run_id, 3);
  g_assert_cmpstr (text, ==, "The batch request failed with HTTP 500: boom");
  g_free (text);
  text = read_result_error (f->batch, run_id, 4);
  g_assert_true (g_str_has_prefix (text, "The batch response is not a chat completion"));

  /* The same file again: the ok trial is finished; the error trials take the lines again
   * (a resubmitted batch may answer what failed before). */
  vs_batch_ingest_stats_init (&stats);
  ingest (f, run_id, output, &stats);
  g_assert_cmpint (stats.n_finished, ==, 2);
  g_assert_cmpint (stats.n_failed, ==, 3);
  g_assert_cmpint (stats.n_ok, ==, 0);
  vs_batch_ingest_stats_clear (&stats);

  /* A file that is not there is an I/O error. */
  {
    g_autofree char *missing = path_in (f, "missing.jsonl");
    g_autoptr(GFile) file = g_file_new_for_path (missing);

    vs_batch_ingest_stats_init (&stats);
    g_assert_false (vs_batch_ingest_file (f->batch, run_id, file, &stats, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    vs_batch_ingest_stats_clear (&stats);
  }
}

/* Each line's end (NULL: the long line). */
static const char * const line_ends[] = { "\r\n", "\r", NULL, "\r\n", "\n", "" };

/* Lines end with "\n", "\r\n" or "\r" alike; a line longer than the reader's buffer (3 MB) is
 * one line, reported as such; the last line needs no end of line. */
static void
test_line_endings (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(VsRunInfo) info = NULL;
  g_autoptr(GPtrArray) contenders = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char   *output = path_in (f, "out.jsonl");
  VsBatchIngestStats stats;
  gint64             run_id, cid, ordinal = 1;

  write_file (f, "t.json", TEMPLATE);
  write_file (f, "cases.jsonl", CASES);
  spec = load_spec (f, SPEC_ONE);
  run_id = prepare (f->batch, spec, "ends");
  contenders = vs_run_store_list_contenders (f->batch, run_id, &error);
  cid = ((VsContenderInfo *) g_ptr_array_index (contenders, 0))->id;
  for (guint i = 0; i < G_N_ELEMENTS (line_ends); i++)
    {
      if (line_ends[i] == NULL)
        {
          /* Line 3: 3 MB with no end of line in sight of the first reads. */
          for (guint k = 0; k < 3 * 1024 * 1024; k++)
            g_string_append_c (text, 'x');
          g_string_append_c (text, '\n');
          continue;
        }
      g_string_append_printf (text,
                              "{\"custom_id\": \"versus-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT
                              "-%" G_GINT64_FORMAT "-0\", \"response\": {\"status_code\": 200,"
                              " \"body\": {\"choices\": [{\"message\": {\"content\": \"Echo\"},"
                              " \"finish_reason\": \"stop\"}]}}}%s",
                              run_id, cid, ordinal++, line_ends[i]);
    }
  g_file_set_contents (output, text->str, (gssize) text->len, &error);
  g_assert_no_error (error);

  vs_batch_ingest_stats_init (&stats);
  ingest (f, run_id, output, &stats);
  g_assert_cmpint (stats.n_lines, ==, 6);
  g_assert_cmpint (stats.n_ok, ==, 5);
  g_assert_cmpint (stats.n_malformed, ==, 1);
  g_assert_cmpint (stats.n_finished + stats.n_unknown + stats.n_failed, ==, 0);
  g_assert_cmpuint (stats.messages->len, ==, 1);
  g_assert_nonnull (strstr (message (&stats, 0), "out.jsonl:3: not a JSON object"));
  vs_batch_ingest_stats_clear (&stats);
  info = vs_run_store_get (f->batch, run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->results.n_ok, ==, 5);
  g_assert_cmpstr (info->state, ==, "done");
}

static void
test_fail_unfinished (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(VsRunInfo) info = NULL;
  g_autoptr(GFile) input = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = path_in (f, "expired");
  g_autofree char *output = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  VsBatchIngestStats stats;
  gint64 run_id, n_failed = -1;

  write_file (f, "t.json", TEMPLATE);
  write_file (f, "cases.jsonl", CASES);
  spec = load_spec (f, SPEC_ONE);
  run_id = prepare (f->batch, spec, "expired");
  files = vs_batch_write_files (f->batch, run_id, 0, FALSE, dir, 0, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 1);
  output = g_strdup_printf ("%s.out", ((VsBatchFile *) g_ptr_array_index (files, 0))->path);
  g_assert_true (vs_fake_llm_answer_batch_file (
    ((VsBatchFile *) g_ptr_array_index (files, 0))->path, output, &error));
  /* Only the first two answers came back before the batch expired. */
  g_file_get_contents (output, &text, NULL, &error);
  lines = g_strsplit (text, "\n", -1);
  g_free (text);
  text = g_strdup_printf ("%s\n%s\n", lines[0], lines[1]);
  g_file_set_contents (output, text, -1, &error);
  g_assert_no_error (error);

  vs_batch_ingest_stats_init (&stats);
  ingest (f, run_id, output, &stats);
  g_assert_cmpint (stats.n_ok, ==, 2);
  vs_batch_ingest_stats_clear (&stats);

  input = g_file_new_for_path (((VsBatchFile *) g_ptr_array_index (files, 0))->path);
  g_assert_true (vs_batch_fail_unfinished (f->batch, run_id, input, "The batch expired",
                                           &n_failed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_failed, ==, 3);
  info = vs_run_store_get (f->batch, run_id, &error);
  g_assert_cmpint (info->results.n_ok, ==, 2);
  g_assert_cmpint (info->results.n_errors, ==, 3);
  g_assert_cmpstr (info->state, ==, "done");
  g_free (text);
  text = read_result_error (f->batch, run_id, 5);
  g_assert_cmpstr (text, ==, "The batch expired");

  /* Again: nothing is left to fail. */
  g_assert_true (vs_batch_fail_unfinished (f->batch, run_id, input, "again", &n_failed, NULL,
                                           &error));
  g_assert_cmpint (n_failed, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/versus/batch-ingest/same-summary", Fixture, NULL, fixture_set_up,
              test_same_summary, fixture_tear_down);
  g_test_add ("/versus/batch-ingest/bad-lines", Fixture, NULL, fixture_set_up, test_bad_lines,
              fixture_tear_down);
  g_test_add ("/versus/batch-ingest/line-endings", Fixture, NULL, fixture_set_up,
              test_line_endings, fixture_tear_down);
  g_test_add ("/versus/batch-ingest/fail-unfinished", Fixture, NULL, fixture_set_up,
              test_fail_unfinished, fixture_tear_down);
  return g_test_run ();
}
