/* test-cli-eval-batch.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli's offline batch path as subprocesses: `eval run --batch-files DIR` writes
 * DIR/<contender>.jsonl for every trial without a result and asks nothing; the outputs
 * (answered by the fake server's offline helper) go in with `eval import-batch`, after which
 * `eval summary` prints what an online `eval run` of the same spec prints (at the batch
 * price); skipped lines are reported on stderr with exit 1; `eval batches` lists the files as
 * an aligned table and as JSON; usage errors exit 2.
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vs-fake-llm.h"
#include "vs-json.h"
#include "vs-test-util.h"

typedef struct
{
  char      *dir;
  VsFakeLlm *fake;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = vs_test_tmpdir_new ();
  f->fake = vs_fake_llm_new (0, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->fake, vs_fake_llm_free);
  vs_test_tmpdir_free (f->dir);
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

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = vs_json_parse_object (text, -1, &error);

  g_assert_no_error (error);
  return object;
}

#define TEMPLATE "{\"messages\":[{\"role\":\"user\",\"content\":\"{{q}}\"}]}"
#define CASES                                                                              \
  "{\"q\": \"one\", \"want\": \"Echo: one\"}\n"                                            \
  "{\"q\": \"two\", \"want\": \"Echo: two\"}\n"                                            \
  "{\"q\": \"three\", \"want\": \"3\"}\n"
#define SPEC                                                                               \
  "{\"cases\": \"cases.jsonl\", \"expected\": \"want\","                                   \
  " \"contenders\": ["                                                                     \
  "  {\"name\": \"base\", \"endpoint\": \"URL/v1\", \"model\": \"m-base\","                \
  "   \"template\": \"t.json\"},"                                                          \
  "  {\"name\": \"tuned\", \"endpoint\": \"URL/v1\", \"model\": \"m-tuned\","              \
  "   \"template\": \"t.json\"}],"                                                         \
  " \"metrics\": [{\"type\": \"exact\"}], \"repeats\": 2,"                                 \
  " \"prices\": {\"m-base\": {\"input\": 10, \"output\": 30}}}"

static char *
contents (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static guint
count_lines (const char *path)
{
  g_autofree char *text = contents (path);
  guint n = 0;

  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

static void
test_offline_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *spec = NULL;
  g_autofree char *project = g_build_filename (f->dir, "batch.versus", NULL);
  g_autofree char *online_project = g_build_filename (f->dir, "online.versus", NULL);
  g_autofree char *files = g_build_filename (f->dir, "files", NULL);
  g_autofree char *base = g_build_filename (files, "base.jsonl", NULL);
  g_autofree char *tuned = g_build_filename (files, "tuned.jsonl", NULL);
  g_autofree char *base_out = g_build_filename (f->dir, "base.out.jsonl", NULL);
  g_autofree char *tuned_out = g_build_filename (f->dir, "tuned.out.jsonl", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *online_summary = NULL;
  g_autofree char *batch_summary = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  g_free (write_file (f, "t.json", TEMPLATE));
  g_free (write_file (f, "cases.jsonl", CASES));
  spec = write_file (f, "spec.json", SPEC);

  /* --batch-files: the files, no request */
  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "run", spec, "--project", project,
                                "--name", "cmp", "--batch-files", files, "--json", NULL),
                   ==, 0);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 0);
  object = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (object, "run"), ==, "cmp");
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "submitted");
  array = json_object_get_array_member (object, "files");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0),
                                                  "path"), ==, base);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 1),
                                               "lines"), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1),
                                                  "model"), ==, "m-tuned");
  g_assert_cmpuint (count_lines (base), ==, 6);
  g_assert_cmpuint (count_lines (tuned), ==, 6);
  g_assert_nonnull (strstr (err, "eval import-batch"));
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* eval batches: the two files, prepared */
  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "batches", project, "cmp", NULL), ==, 0);
  {
    g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
    const char *state;

    g_assert_cmpuint (g_strv_length (lines), ==, 4);
    g_assert_true (g_str_has_prefix (lines[0], "BATCH"));
    g_assert_true (g_str_has_prefix (lines[1], "base.jsonl "));
    g_assert_true (g_str_has_prefix (lines[2], "tuned.jsonl"));
    /* aligned: every column starts where its header does */
    state = strstr (lines[0], "STATE");
    g_assert_nonnull (state);
    g_assert_true (g_str_has_prefix (lines[1] + (state - lines[0]), "PREPARED"));
    g_assert_true (g_str_has_prefix (lines[2] + (state - lines[0]), "PREPARED"));
    g_assert_nonnull (strstr (lines[1], " files "));
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Answered elsewhere, imported */
  g_assert_true (vs_fake_llm_answer_batch_file (base, base_out, &error));
  g_assert_true (vs_fake_llm_answer_batch_file (tuned, tuned_out, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "import-batch", project, "cmp", base_out,
                                tuned_out, "--json", NULL), ==, 0);
  object = parse_object (out);
  g_assert_cmpint (json_object_get_int_member (object, "lines"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (object, "ok"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (object, "unknown"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "done");
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "batches", project, "cmp", "--json", NULL),
                   ==, 0);
  object = parse_object (out);
  array = json_object_get_array_member (object, "batches");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *b = json_array_get_object_element (array, i);

      g_assert_cmpstr (json_object_get_string_member (b, "provider"), ==, "files");
      g_assert_cmpstr (json_object_get_string_member (b, "state"), ==, "SUCCEEDED");
      g_assert_cmpint (json_object_get_int_member (b, "lines"), ==, 6);
      g_assert_cmpint (json_object_get_int_member (b, "completed"), ==, 6);
      g_assert_true (json_object_get_boolean_member (b, "ingested"));
      g_assert_true (g_str_has_suffix (json_object_get_string_member (b, "created_at"), "Z"));
      g_assert_true (json_node_is_null (json_object_get_member (b, "remote_id")));
    }
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The same summary as the online run, but for the batch price. */
  g_assert_cmpint (vs_test_cli (&online_summary, &err, "eval", "run", spec, "--project",
                                online_project, "--name", "cmp", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&batch_summary, &err, "eval", "summary", project, "cmp", NULL),
                   ==, 0);
  {
    g_auto(GStrv) a = g_strsplit (online_summary, "\n", -1);
    g_auto(GStrv) b = g_strsplit (batch_summary, "\n", -1);

    gboolean contenders = FALSE;

    g_assert_cmpuint (g_strv_length (a), ==, g_strv_length (b));
    /* Cell by cell (columns are sized to their content): name, trials, passed, failed,
     * errors, pass rate and interval agree; the contenders' latency and cost columns (the
     * last two) differ by design. */
    for (guint i = 0; a[i] != NULL; i++)
      {
        g_auto(GStrv) cells_a = g_regex_split_simple ("  +", g_strstrip (a[i]), 0, 0);
        g_auto(GStrv) cells_b = g_regex_split_simple ("  +", g_strstrip (b[i]), 0, 0);
        guint n = g_strv_length (cells_a);

        if (g_str_has_prefix (a[i], "CONTENDER"))
          contenders = TRUE;
        else if (*a[i] == '\0' || g_str_has_prefix (a[i], "PAIR"))
          contenders = FALSE;
        g_assert_cmpuint (g_strv_length (cells_b), ==, n);
        for (guint j = 0; j < (contenders && n > 2 ? n - 2 : n); j++)
          g_assert_cmpstr (cells_a[j], ==, cells_b[j]);
      }
  }
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  /* Importing again: every line skipped, reported, exit 1. */
  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "import-batch", project, "cmp", base_out,
                                NULL), ==, 1);
  g_assert_nonnull (strstr (err, base_out));
  g_assert_nonnull (strstr (err, ":1: custom_id"));
  g_assert_nonnull (strstr (err, "already has a result"));
  g_assert_nonnull (strstr (out, "6 skipped"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Nothing left to write. */
  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "run", spec, "--project", project,
                                "--name", "cmp", "--batch-files", files, NULL), ==, 0);
  g_assert_nonnull (strstr (err, "no batch file written"));
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *spec = NULL;
  g_autofree char *project = g_build_filename (f->dir, "p.versus", NULL);
  g_autofree char *files = g_build_filename (f->dir, "files", NULL);
  g_autofree char *bad = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_free (write_file (f, "t.json", TEMPLATE));
  g_free (write_file (f, "cases.jsonl", CASES));
  spec = write_file (f, "spec.json", SPEC);
  bad = write_file (f, "bad.jsonl", "not json\n");
  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "run", spec, "--project", project,
                                "--name", "r", "--batch-files", files, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* too few arguments, unknown run, missing file: 2 */
  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "import-batch", project, "r", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "import-batch", project, "nope", bad, NULL),
                   ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "import-batch", project, "r",
                                "/nonexistent/x.jsonl", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "batches", project, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* a line that does not read: reported with its line, exit 1 */
  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "import-batch", project, "r", bad, NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err, ":1: not a JSON object"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "import-batch", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "custom_id"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "--batch-files DIR"));
  g_assert_nonnull (strstr (out, "eval batches FILE.versus RUN"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/versus/cli-eval-batch/offline-round-trip", Fixture, NULL, fixture_set_up,
              test_offline_round_trip, fixture_tear_down);
  g_test_add ("/versus/cli-eval-batch/usage", Fixture, NULL, fixture_set_up, test_usage,
              fixture_tear_down);
  return g_test_run ();
}
