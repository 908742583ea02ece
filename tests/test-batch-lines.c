/* test-batch-lines.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Batch request files: custom ids (round trip, and every near miss refused), one file per
 * contender with its model in every body, the split at the line and byte limits, repeats as
 * distinct lines with the same body, only the trials without a result (error trials on
 * request), the response cache never consulted, and the batches store.
 */
#include "config.h"

#include <string.h>

#include "vs-batch-ingest.h"
#include "vs-batch-lines.h"
#include "vs-batch-store.h"
#include "vs-error.h"
#include "vs-eval-runner.h"
#include "vs-eval-spec.h"
#include "vs-fake-llm.h"
#include "vs-json.h"
#include "vs-prices.h"
#include "vs-response-cache.h"
#include "vs-run-store.h"
#include "vs-test-util.h"

typedef struct
{
  char      *dir;
  VsProject *project;
  VsFakeLlm *fake;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->project = vs_test_project_new ("lines.versus", &f->dir, NULL);
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

#define TEMPLATE                                                                           \
  "{\"messages\":[{\"role\":\"system\",\"content\":\"Answer briefly.\"},"                  \
  "{\"role\":\"user\",\"content\":\"{{question}}\"}], \"parameters\": {\"max_tokens\": 20}}"
#define CASES                                                                              \
  "{\"q\": \"one\", \"want\": \"Echo: one\"}\n"                                            \
  "{\"q\": \"two\", \"want\": \"Echo: two\"}\n"                                            \
  "{\"q\": \"three\", \"want\": \"3\"}\n"                                                  \
  "{\"q\": \"four\", \"want\": \"Echo: four\"}\n"
#define SPEC                                                                               \
  "{\"cases\": \"cases.jsonl\", \"input\": {\"question\": \"q\"}, \"expected\": \"want\"," \
  " \"contenders\": ["                                                                     \
  "  {\"name\": \"base\", \"endpoint\": \"URL/v1\", \"model\": \"m-a\","                   \
  "   \"template\": \"t.json\"},"                                                          \
  "  {\"name\": \"a/b tuned\", \"endpoint\": \"URL/v1\", \"model\": \"m-b\","              \
  "   \"template\": \"t.json\", \"parameters\": {\"temperature\": 0.5}}],"                 \
  " \"metrics\": [{\"type\": \"exact\"}], \"repeats\": 2}"

static gint64
prepare_run (Fixture    *f,
             const char *name)
{
  g_autofree char *path = path_in (f, "spec.json");
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  write_file (f, "t.json", TEMPLATE);
  write_file (f, "cases.jsonl", CASES);
  write_file (f, "spec.json", SPEC);
  spec = vs_eval_spec_load (path, &error);
  g_assert_no_error (error);
  id = vs_eval_prepare_run (f->project, spec, name, NULL, &error);
  g_assert_no_error (error);
  return id;
}

static GPtrArray *
write_files (Fixture    *f,
             gint64      run_id,
             gint64      contender_id,
             gboolean    include_errors,
             const char *subdir,
             gint64      max_lines,
             guint64     max_bytes)
{
  g_autofree char *dir = path_in (f, subdir);
  g_autoptr(GError) error = NULL;
  GPtrArray *files;

  files = vs_batch_write_files (f->project, run_id, contender_id, include_errors, dir,
                                max_lines, max_bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (files);
  return files;
}

/* The lines of a file as JSON objects. */
static GPtrArray *
read_lines (const char *path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (text, "\n"));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      JsonObject *object = vs_json_parse_object (lines[i], -1, &error);

      g_assert_no_error (error);
      g_ptr_array_add (objects, object);
    }
  return objects;
}

static void
test_custom_id (void)
{
  static const char *refused[] = {
    "", "versus", "versus-", "versus-1-2-3", "versus-1-2-3-4-5", "versus-1-2-3-4-",
    "versus-0-2-3-4", "versus-1-0-3-4", "versus-01-2-3-4", "versus-1-2-3-04", "versus--1-2-3-4",
    "versus-1-2-3-+4", "versus-1-2-3-4 ", " versus-1-2-3-4", "Versus-1-2-3-4", "versus-1-2-3-x",
    "versus-99999999999999999999-2-3-4", "versus-1-2-3-9223372036854775808", "other-1-2-3-4",
  };
  g_autofree char *id = vs_batch_custom_id (12, 345, 6789, 2);
  g_autofree char *big = vs_batch_custom_id (G_MAXINT64, 1, 0, 0);
  gint64 run = 0, contender = 0, ordinal = 0, sample = -1;

  g_assert_cmpstr (id, ==, "versus-12-345-6789-2");
  g_assert_true (vs_batch_custom_id_parse (id, &run, &contender, &ordinal, &sample));
  g_assert_cmpint (run, ==, 12);
  g_assert_cmpint (contender, ==, 345);
  g_assert_cmpint (ordinal, ==, 6789);
  g_assert_cmpint (sample, ==, 2);
  g_assert_true (vs_batch_custom_id_parse (big, &run, NULL, NULL, NULL));
  g_assert_cmpint (run, ==, G_MAXINT64);
  g_assert_true (vs_batch_custom_id_parse ("versus-1-1-0-0", NULL, NULL, NULL, NULL));
  g_assert_false (vs_batch_custom_id_parse (NULL, NULL, NULL, NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    if (vs_batch_custom_id_parse (refused[i], NULL, NULL, NULL, NULL))
      g_error ("“%s” was taken for a custom_id", refused[i]);
}

static void
test_files_per_contender (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) contenders = NULL;
  g_autoptr(GError) error = NULL;
  gint64 run_id = prepare_run (f, "per-contender");

  contenders = vs_run_store_list_contenders (f->project, run_id, &error);
  files = write_files (f, run_id, 0, FALSE, "out", 0, 0);
  g_assert_cmpuint (files->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      VsBatchFile *file = g_ptr_array_index (files, i);
      VsContenderInfo *contender = g_ptr_array_index (contenders, i);
      g_autoptr(GPtrArray) lines = read_lines (file->path);
      g_autofree char *base = g_path_get_basename (file->path);
      g_autofree char *size = NULL;
      g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      gsize length = 0;

      /* "a/b tuned" cannot be a file name as it is */
      g_assert_cmpstr (base, ==, i == 0 ? "base.jsonl" : "a_b tuned.jsonl");
      g_assert_cmpint (file->contender_id, ==, contender->id);
      g_assert_cmpstr (file->contender, ==, contender->label);
      g_assert_cmpstr (file->model, ==, i == 0 ? "m-a" : "m-b");
      /* 4 cases × 2 repeats */
      g_assert_cmpint (file->n_lines, ==, 8);
      g_assert_cmpuint (lines->len, ==, 8);
      g_file_get_contents (file->path, &size, &length, &error);
      g_assert_cmpuint (file->n_bytes, ==, length);
      for (guint j = 0; j < lines->len; j++)
        {
          JsonObject *line = g_ptr_array_index (lines, j);
          JsonObject *body = json_object_get_object_member (line, "body");
          JsonArray *messages = json_object_get_array_member (body, "messages");
          const char *custom_id = json_object_get_string_member (line, "custom_id");
          gint64 run = 0, cid = 0, ordinal = 0, sample = 0;
          g_autofree char *expected = NULL;

          g_assert_cmpuint (json_object_get_size (line), ==, 4);
          g_assert_cmpstr (json_object_get_string_member (line, "method"), ==, "POST");
          g_assert_cmpstr (json_object_get_string_member (line, "url"), ==,
                           "/v1/chat/completions");
          /* one model per file, every body complete */
          g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, file->model);
          g_assert_false (json_object_get_boolean_member (body, "stream"));
          g_assert_cmpint (json_object_get_int_member (body, "max_tokens"), ==, 20);
          g_assert_cmpuint (json_array_get_length (messages), ==, 2);
          g_assert_true (vs_batch_custom_id_parse (custom_id, &run, &cid, &ordinal, &sample));
          g_assert_cmpint (run, ==, run_id);
          g_assert_cmpint (cid, ==, contender->id);
          /* cases in order, repeats next to each other */
          g_assert_cmpint (ordinal, ==, j / 2 + 1);
          g_assert_cmpint (sample, ==, j % 2);
          expected = g_strdup_printf ("%s", (const char *[]) { "one", "two", "three",
                                                               "four" }[j / 2]);
          g_assert_cmpstr (json_object_get_string_member (
                             json_array_get_object_element (messages, 1), "content"),
                           ==, expected);
          if (i == 1)
            g_assert_cmpfloat (json_object_get_double_member (body, "temperature"), ==, 0.5);
          else
            g_assert_false (json_object_has_member (body, "temperature"));
          g_assert_false (g_hash_table_contains (ids, custom_id));
          g_hash_table_add (ids, g_strdup (custom_id));
        }
    }
  /* Writing the files asked the server nothing. */
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 0);

  /* One contender on request. */
  g_clear_pointer (&files, g_ptr_array_unref);
  files = write_files (f, run_id,
                       ((VsContenderInfo *) g_ptr_array_index (contenders, 1))->id, FALSE,
                       "one", 0, 0);
  g_assert_cmpuint (files->len, ==, 1);
  g_assert_cmpstr (((VsBatchFile *) g_ptr_array_index (files, 0))->model, ==, "m-b");
  g_assert_null (vs_batch_write_files (f->project, run_id, 99999, FALSE, f->dir, 0, 0, NULL,
                                       &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (vs_batch_write_files (f->project, 4242, 0, FALSE, f->dir, 0, 0, NULL, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
}

static void
test_split_at_limits (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) by_bytes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 run_id = prepare_run (f, "split");
  guint64 longest = 0;
  static const char *names[] = { "base.jsonl", "base-2.jsonl", "base-3.jsonl",
                                 "a_b tuned.jsonl", "a_b tuned-2.jsonl", "a_b tuned-3.jsonl" };

  files = write_files (f, run_id, 0, FALSE, "lines", 3, 0);
  g_assert_cmpuint (files->len, ==, 6);
  for (guint i = 0; i < files->len; i++)
    {
      VsBatchFile *file = g_ptr_array_index (files, i);
      g_autofree char *base = g_path_get_basename (file->path);
      g_autoptr(GPtrArray) lines = read_lines (file->path);

      g_assert_cmpstr (base, ==, names[i]);
      g_assert_cmpint (file->n_lines, ==, i % 3 == 2 ? 2 : 3);
      g_assert_cmpuint (lines->len, ==, file->n_lines);
      longest = MAX (longest, file->n_bytes / file->n_lines + 8);
    }

  /* By bytes: no file goes over the limit, and every line is in one. */
  by_bytes = write_files (f, run_id, 0, FALSE, "bytes", 0, 2 * longest);
  {
    gint64 total = 0;

    for (guint i = 0; i < by_bytes->len; i++)
      {
        VsBatchFile *file = g_ptr_array_index (by_bytes, i);

        g_assert_cmpuint (file->n_bytes, <=, 2 * longest);
        g_assert_cmpint (file->n_lines, >=, 1);
        total += file->n_lines;
      }
    g_assert_cmpint (total, ==, 16);
    g_assert_cmpuint (by_bytes->len, >=, 8);
  }

  /* A line longer than the limit can never be sent. */
  g_assert_null (vs_batch_write_files (f->project, run_id, 0, FALSE, f->dir, 0, 10, NULL,
                                       &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
}

static void
test_only_missing (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) retry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = path_in (f, "partial.jsonl");
  g_autofree char *text = NULL;
  g_autoptr(GFile) file = NULL;
  VsBatchIngestStats stats;
  VsBatchFile *first, *left;
  gint64 run_id = prepare_run (f, "missing");
  g_auto(GStrv) lines = NULL;

  files = write_files (f, run_id, 0, FALSE, "first", 0, 0);
  first = g_ptr_array_index (files, 0);
  g_assert_true (vs_fake_llm_answer_batch_file (first->path, output, &error));
  g_assert_no_error (error);
  /* 5 of base's 8 answers come back; one of them as an error. */
  g_file_get_contents (output, &text, NULL, &error);
  lines = g_strsplit (text, "\n", -1);
  g_free (text);
  {
    g_autoptr(JsonObject) failed = vs_json_parse_object (lines[4], -1, &error);
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), failed);
    g_autofree char *line = NULL;

    json_object_set_null_member (failed, "response");
    json_object_set_object_member (failed, "error", json_object_new ());
    json_object_set_string_member (json_object_get_object_member (failed, "error"), "message",
                                   "overloaded");
    line = vs_json_to_string (node, FALSE);
    text = g_strdup_printf ("%s\n%s\n%s\n%s\n%s\n", lines[0], lines[1], lines[2], lines[3],
                            line);
  }
  g_file_set_contents (output, text, -1, &error);
  file = g_file_new_for_path (output);
  vs_batch_ingest_stats_init (&stats);
  g_assert_true (vs_batch_ingest_file (f->project, run_id, file, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.n_ok, ==, 4);
  g_assert_cmpint (stats.n_failed, ==, 1);
  vs_batch_ingest_stats_clear (&stats);

  /* Only what has no result: 3 of base, 8 of the other. */
  again = write_files (f, run_id, 0, FALSE, "second", 0, 0);
  g_assert_cmpuint (again->len, ==, 2);
  g_assert_cmpint (((VsBatchFile *) g_ptr_array_index (again, 0))->n_lines, ==, 3);
  g_assert_cmpint (((VsBatchFile *) g_ptr_array_index (again, 1))->n_lines, ==, 8);
  left = g_ptr_array_index (again, 0);
  {
    g_autoptr(GPtrArray) objects = read_lines (left->path);
    gint64 ordinal = 0, sample = 0;

    /* the first line left is case 3, repeat 1 (case 3 repeat 0 failed: not included) */
    g_assert_true (vs_batch_custom_id_parse (
      json_object_get_string_member (g_ptr_array_index (objects, 0), "custom_id"), NULL, NULL,
      &ordinal, &sample));
    g_assert_cmpint (ordinal, ==, 3);
    g_assert_cmpint (sample, ==, 1);
  }
  /* With the errors: 4 of base. */
  retry = write_files (f, run_id, 0, TRUE, "third", 0, 0);
  g_assert_cmpint (((VsBatchFile *) g_ptr_array_index (retry, 0))->n_lines, ==, 4);

  /* Nothing left: no file at all. */
  {
    g_autoptr(GPtrArray) rest = NULL;
    g_autoptr(GPtrArray) outputs = g_ptr_array_new_with_free_func (g_free);

    vs_batch_ingest_stats_init (&stats);
    for (guint i = 0; i < retry->len; i++)
      {
        const char *input = ((VsBatchFile *) g_ptr_array_index (retry, i))->path;
        g_autofree char *out = g_strdup_printf ("%s.out", input);
        g_autoptr(GFile) out_file = g_file_new_for_path (out);

        g_assert_true (vs_fake_llm_answer_batch_file (input, out, &error));
        g_assert_true (vs_batch_ingest_file (f->project, run_id, out_file, &stats, NULL,
                                             &error));
        g_assert_no_error (error);
      }
    g_assert_cmpint (stats.n_ok, ==, 12);
    vs_batch_ingest_stats_clear (&stats);
    rest = write_files (f, run_id, 0, TRUE, "fourth", 0, 0);
    g_assert_cmpuint (rest->len, ==, 0);
  }
}

typedef struct
{
  gboolean done;
} Wait;

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vs_eval_runner_run_finish (VS_EVAL_RUNNER (source), result, &error));
  ((Wait *) data)->done = TRUE;
}

static void
test_never_the_cache (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(VsEvalRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  gint64 online = prepare_run (f, "online");
  gint64 batch;
  Wait wait = { FALSE };

  /* Every request of the spec answered online: the cache holds them all. */
  runner = vs_eval_runner_new (f->project, online, &error);
  g_assert_no_error (error);
  vs_eval_runner_run_async (runner, NULL, on_run_done, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (vs_response_cache_count (f->project), ==, 16);

  /* A batch of the same spec still carries every trial. */
  batch = prepare_run (f, "batch");
  files = write_files (f, batch, 0, FALSE, "out", 0, 0);
  g_assert_cmpuint (files->len, ==, 2);
  g_assert_cmpint (((VsBatchFile *) g_ptr_array_index (files, 0))->n_lines, ==, 8);
  g_assert_cmpint (((VsBatchFile *) g_ptr_array_index (files, 1))->n_lines, ==, 8);
}

static void
test_store (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) contenders = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(VsBatchRow) got = NULL;
  g_autoptr(GError) error = NULL;
  VsBatchRow row = { 0 };
  gint64 run_id = prepare_run (f, "store");
  gint64 id;

  contenders = vs_run_store_list_contenders (f->project, run_id, &error);
  row.run_id = run_id;
  row.contender_id = ((VsContenderInfo *) g_ptr_array_index (contenders, 1))->id;
  row.provider = (char *) "openai";
  row.endpoint = (char *) "https://api.example.com/v1";
  row.token = (char *) "tok-1";
  row.input_path = (char *) "/tmp/x.jsonl";
  row.n_lines = 8;
  id = vs_batch_store_add (f->project, &row, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  rows = vs_batch_store_list (f->project, run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  got = vs_batch_row_copy (g_ptr_array_index (rows, 0));
  g_assert_cmpint (got->id, ==, id);
  g_assert_cmpstr (got->contender, ==, "a/b tuned");
  g_assert_cmpstr (got->state, ==, "PREPARED");
  g_assert_cmpstr (got->provider, ==, "openai");
  g_assert_cmpstr (got->token, ==, "tok-1");
  g_assert_null (got->remote_id);
  g_assert_nonnull (got->created_at);
  g_assert_false (got->ingested);

  g_free (got->state);
  got->state = g_strdup ("RUNNING");
  got->status = g_strdup ("in_progress");
  got->remote_id = g_strdup ("batch_abc");
  got->n_completed = 5;
  got->n_failed = 1;
  g_assert_true (vs_batch_store_update (f->project, got, &error));
  g_assert_no_error (error);
  g_clear_pointer (&got, vs_batch_row_free);
  got = vs_batch_store_get (f->project, id, &error);
  g_assert_cmpstr (got->state, ==, "RUNNING");
  g_assert_cmpstr (got->status, ==, "in_progress");
  g_assert_cmpstr (got->remote_id, ==, "batch_abc");
  g_assert_cmpint (got->n_completed, ==, 5);
  g_assert_cmpint (got->n_failed, ==, 1);

  /* Errors */
  got->id = 999;
  g_assert_false (vs_batch_store_update (f->project, got, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (vs_batch_store_get (f->project, 999, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  row.provider = (char *) "somewhere";
  g_assert_cmpint (vs_batch_store_add (f->project, &row, &error), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);
  row.provider = NULL;
  g_assert_cmpint (vs_batch_store_add (f->project, &row, &error), ==, 0);
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = vs_batch_store_list (f->project, 4242, &error);
  g_assert_cmpuint (rows->len, ==, 0);
}

static void
test_batch_prices (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(VsPrice) price = vs_price_new ("m", 2, 8, 0);
  g_autoptr(VsPrice) stored = NULL;
  g_autoptr(GError) error = NULL;

  /* half off by default */
  g_assert_cmpfloat (price->batch_discount, ==, 0.5);
  g_assert_cmpfloat_with_epsilon (vs_price_cost (price, 1000000, 1000000), 10, 1e-12);
  g_assert_cmpfloat_with_epsilon (vs_price_batch_cost (price, 1000000, 1000000), 5, 1e-12);
  price->batch_discount = 0.2;
  g_assert_cmpfloat_with_epsilon (vs_price_batch_cost (price, 1000000, 0), 1.6, 1e-12);
  g_assert_true (vs_prices_set (f->project, price, &error));
  g_assert_no_error (error);
  stored = vs_prices_get (f->project, "m", &error);
  g_assert_cmpfloat (stored->batch_discount, ==, 0.2);
  price->batch_discount = 1.5;
  g_assert_false (vs_prices_set (f->project, price, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
}

static gboolean
exists_in (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Writing again into a folder of an earlier, larger export: its files beyond those written now
 * go (and their rows); the user's other files, another contender's files and the files of
 * this call stay. */
static void
test_stale_files (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const keep[] = { "notes.txt", "base-x.jsonl", "base-02.jsonl",
                                       "base-2.output.jsonl", "baseline-3.jsonl",
                                       "other.jsonl", "base-3.jsonl.bak", NULL };
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) contenders = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = path_in (f, "export");
  gint64 run_id = prepare_run (f, "stale");
  gint64 base_id, tuned_id;

  contenders = vs_run_store_list_contenders (f->project, run_id, &error);
  base_id = ((VsContenderInfo *) g_ptr_array_index (contenders, 0))->id;
  tuned_id = ((VsContenderInfo *) g_ptr_array_index (contenders, 1))->id;

  /* an earlier export split small: 4 files a contender, recorded as the run's batches */
  files = write_files (f, run_id, 0, FALSE, "export", 2, 0);
  g_assert_cmpuint (files->len, ==, 8);
  g_assert_true (vs_batch_record_files (f->project, run_id, files, &error));
  g_assert_no_error (error);
  for (guint i = 0; keep[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, keep[i], NULL);

      g_assert_true (g_file_set_contents (path, "mine\n", -1, &error));
    }

  /* again, unsplit: one file a contender; the earlier export's others are gone */
  g_clear_pointer (&files, g_ptr_array_unref);
  files = write_files (f, run_id, 0, FALSE, "export", 0, 0);
  g_assert_cmpuint (files->len, ==, 2);
  g_assert_true (vs_batch_record_files (f->project, run_id, files, &error));
  g_assert_no_error (error);
  g_assert_true (exists_in (dir, "base.jsonl"));
  g_assert_true (exists_in (dir, "a_b tuned.jsonl"));
  for (guint n = 2; n <= 4; n++)
    {
      g_autofree char *base = g_strdup_printf ("base-%u.jsonl", n);
      g_autofree char *tuned = g_strdup_printf ("a_b tuned-%u.jsonl", n);

      g_assert_false (exists_in (dir, base));
      g_assert_false (exists_in (dir, tuned));
    }
  for (guint i = 0; keep[i] != NULL; i++)
    g_assert_true (exists_in (dir, keep[i]));
  /* the run's batches are the files that exist */
  rows = vs_batch_store_list (f->project, run_id, &error);
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < rows->len; i++)
    g_assert_true (g_file_test (((VsBatchRow *) g_ptr_array_index (rows, i))->input_path,
                                G_FILE_TEST_EXISTS));

  /* one contender written: the other's files are not touched */
  g_clear_pointer (&files, g_ptr_array_unref);
  files = write_files (f, run_id, tuned_id, FALSE, "export", 3, 0);
  g_assert_cmpuint (files->len, ==, 3);
  g_clear_pointer (&files, g_ptr_array_unref);
  files = write_files (f, run_id, base_id, FALSE, "export", 0, 0);
  g_assert_cmpuint (files->len, ==, 1);
  g_assert_true (exists_in (dir, "a_b tuned-2.jsonl"));
  g_assert_true (exists_in (dir, "a_b tuned-3.jsonl"));
  g_clear_pointer (&files, g_ptr_array_unref);
  files = write_files (f, run_id, tuned_id, FALSE, "export", 0, 0);
  g_assert_false (exists_in (dir, "a_b tuned-2.jsonl"));
  g_assert_false (exists_in (dir, "a_b tuned-3.jsonl"));
  g_assert_true (exists_in (dir, "base.jsonl"));
}

/* Contenders "x" and "x-2": "x-2.jsonl" is the second's first file, never x's stale one. */
static void
test_stale_files_names (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) contenders = NULL;
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = path_in (f, "names");
  g_autofree char *spec_path = path_in (f, "names.json");
  g_autoptr(GString) text = g_string_new (SPEC);
  gint64 run_id;

  write_file (f, "t.json", TEMPLATE);
  write_file (f, "cases.jsonl", CASES);
  g_string_replace (text, "\"base\"", "\"x\"", 1);
  g_string_replace (text, "\"a/b tuned\"", "\"x-2\"", 1);
  write_file (f, "names.json", text->str);
  spec = vs_eval_spec_load (spec_path, &error);
  g_assert_no_error (error);
  run_id = vs_eval_prepare_run (f->project, spec, "names", NULL, &error);
  g_assert_no_error (error);
  contenders = vs_run_store_list_contenders (f->project, run_id, &error);

  files = write_files (f, run_id, 0, FALSE, "names", 0, 0);
  g_assert_cmpuint (files->len, ==, 2);
  g_assert_true (exists_in (dir, "x.jsonl"));
  g_assert_true (exists_in (dir, "x-2.jsonl"));
  g_clear_pointer (&files, g_ptr_array_unref);
  files = write_files (f, run_id, ((VsContenderInfo *) g_ptr_array_index (contenders, 0))->id,
                       FALSE, "names", 0, 0);
  g_assert_cmpuint (files->len, ==, 1);
  g_assert_true (exists_in (dir, "x.jsonl"));
  g_assert_true (exists_in (dir, "x-2.jsonl"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/versus/batch-lines/custom-id", test_custom_id);
  g_test_add ("/versus/batch-lines/files-per-contender", Fixture, NULL, fixture_set_up,
              test_files_per_contender, fixture_tear_down);
  g_test_add ("/versus/batch-lines/split-at-limits", Fixture, NULL, fixture_set_up,
              test_split_at_limits, fixture_tear_down);
  g_test_add ("/versus/batch-lines/only-missing", Fixture, NULL, fixture_set_up,
              test_only_missing, fixture_tear_down);
  g_test_add ("/versus/batch-lines/never-the-cache", Fixture, NULL, fixture_set_up,
              test_never_the_cache, fixture_tear_down);
  g_test_add ("/versus/batch-lines/stale-files", Fixture, NULL, fixture_set_up,
              test_stale_files, fixture_tear_down);
  g_test_add ("/versus/batch-lines/stale-files-names", Fixture, NULL, fixture_set_up,
              test_stale_files_names, fixture_tear_down);
  g_test_add ("/versus/batch-lines/store", Fixture, NULL, fixture_set_up, test_store,
              fixture_tear_down);
  g_test_add ("/versus/batch-lines/batch-prices", Fixture, NULL, fixture_set_up,
              test_batch_prices, fixture_tear_down);
  return g_test_run ();
}
