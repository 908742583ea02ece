/* test-cli-eval.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli eval as a subprocess against the fake server: the summary object's shape and
 * exit codes (0 all finished, 1 some errors, 2 usage/unreadable), export as JSONL and CSV,
 * a rerun that asks for nothing, and the crash test: SIGKILL the `eval run` child in the
 * middle, run the same command again, and check from the server's request log that every
 * trial completed and none was requested twice unless it was in flight (or just answered)
 * at the kill.
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "vs-fake-llm.h"
#include "vs-json.h"
#include "vs-test-util.h"

typedef struct
{
  char      *dir;
  VsFakeLlm *fake;
} Fixture;

/* Under AddressSanitizer the CLI runs a few times slower: a reply waits longer between its
 * arrival and its commit, so more of the last replies before a kill are asked for again. */
#ifdef __SANITIZE_ADDRESS__
#define SLACK 4
#else
#define SLACK 1
#endif

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

static void
assert_members (JsonObject         *object,
                const char * const *names)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (guint i = 0; names[i] != NULL; i++)
    if (!json_object_has_member (object, names[i]))
      g_error ("member “%s” missing", names[i]);
  g_assert_cmpuint (g_list_length (members), ==, g_strv_length ((char **) names));
}

#define SPEC_TWO \
  "{\"cases\": \"cases.jsonl\", \"input\": {\"question\": \"q\"}, \"expected\": \"want\"," \
  " \"contenders\": [" \
  "  {\"name\": \"base\", \"endpoint\": \"URL/v1\", \"model\": \"m-base\"," \
  "   \"template\": \"t.json\"}," \
  "  {\"name\": \"tuned\", \"endpoint\": \"URL/v1\", \"model\": \"m-tuned\"," \
  "   \"template\": \"t.json\", \"training_cost_usd\": 5}]," \
  " \"metrics\": [{\"type\": \"exact\"}, {\"type\": \"bleu\"}, {\"type\": \"label\"}]," \
  " \"prices\": {\"m-base\": {\"input\": 10, \"output\": 30}," \
  "             \"m-tuned\": {\"input\": 1, \"output\": 3}}}"

static void
test_run_summary_export (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *spec = NULL;
  g_autofree char *project = g_build_filename (f->dir, "p.versus", NULL);
  g_autofree char *jsonl = g_build_filename (f->dir, "out.jsonl", NULL);
  g_autofree char *csv = g_build_filename (f->dir, "out.csv", NULL);
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL;
  g_autofree char *err3 = NULL, *out4 = NULL, *err4 = NULL, *text = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_auto(GStrv) lines = NULL;
  static const char * const root_members[] = { "run", "snapshot_id", "snapshot", "contenders",
                                               "pairs", NULL };
  static const char * const c_members[] = {
    "name", "cases", "trials", "passed", "failed", "errors", "pass_rate", "pass_rate_ci",
    "error_rate", "unstable_cases", "metrics", "labels", "latency_ms", "tokens", "cost_usd",
    "cost_per_1k_usd", "breakeven_requests", NULL
  };
  static const char * const p_members[] = {
    "a", "b", "cases", "excluded", "a_only", "b_only", "both", "neither", "mcnemar_p",
    "pass_rate_diff", "pass_rate_diff_ci", "metric_diffs", NULL
  };
  static const char * const record_members[] = {
    "contender", "case", "repeat", "vars", "expected", "output", "passed", "error", "scores",
    "latency_ms", "prompt_tokens", "completion_tokens", "cost_usd", "cached", NULL
  };
  JsonObject *base, *tuned, *pair;
  g_autoptr(JsonObject) record = NULL;

  g_free (write_file (f, "t.json",
                      "{\"messages\":[{\"role\":\"user\",\"content\":\"{{question}}\"}]}"));
  g_free (write_file (f, "cases.jsonl",
                      "{\"q\": \"a\", \"want\": \"Echo: a\"}\n"
                      "{\"q\": \"b\", \"want\": \"Echo: b\"}\n"
                      "{\"q\": \"c\", \"want\": \"other\"}\n"));
  spec = write_file (f, "eval.json", SPEC_TWO);

  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "run", spec, "--project", project, "--json",
                                NULL), ==, 0);
  summary = parse_object (out);
  assert_members (summary, root_members);
  /* The run records the snapshot its cases were frozen as. */
  g_assert_cmpint (json_object_get_int_member (summary, "snapshot_id"), >, 0);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (summary, "snapshot"), "run "));
  /* RUN defaults to the spec file's base name */
  g_assert_cmpstr (json_object_get_string_member (summary, "run"), ==, "eval");
  base = json_array_get_object_element (json_object_get_array_member (summary, "contenders"), 0);
  tuned = json_array_get_object_element (json_object_get_array_member (summary, "contenders"), 1);
  assert_members (base, c_members);
  g_assert_cmpint (json_object_get_int_member (base, "passed"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (base, "failed"), ==, 1);
  /* "a" → prompt 1 word + 3 = 4 tokens, reply "Echo: a" 2 tokens: base 3·(4·10 + 2·30)/1e6 */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (base, "cost_usd"), 3e-4, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (base, "cost_per_1k_usd"), 0.1,
                                  1e-9);
  g_assert_true (json_object_get_null_member (base, "breakeven_requests"));
  /* tuned saves (100 − 10)·1e-6 per request: 5 / 9e-5 = 55,555.6 → 55,556 */
  g_assert_cmpint (json_object_get_int_member (tuned, "breakeven_requests"), ==, 55556);
  pair = json_array_get_object_element (json_object_get_array_member (summary, "pairs"), 0);
  assert_members (pair, p_members);
  g_assert_cmpstr (json_object_get_string_member (pair, "a"), ==, "base");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (pair, "mcnemar_p"), 1, 1e-12);
  g_assert_true (json_object_has_member (json_object_get_object_member (pair, "metric_diffs"),
                                         "bleu"));
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==, 6);

  /* Again: nothing asked; summary identical to `eval summary`. */
  g_assert_cmpint (vs_test_cli (&out2, &err2, "eval", "run", spec, "--project", project,
                                "--json", NULL), ==, 0);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==, 6);
  g_assert_cmpint (vs_test_cli (&out3, &err3, "eval", "summary", project, "eval", "--json",
                                NULL), ==, 0);
  again = parse_object (out3);
  g_assert_cmpstr (out2, ==, out3);

  g_assert_cmpint (vs_test_cli (&out4, &err4, "eval", "export", project, "eval", "-o", jsonl,
                                NULL), ==, 0);
  g_assert_true (g_file_get_contents (jsonl, &text, NULL, NULL));
  lines = g_strsplit (g_strchomp (text), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 6);
  record = parse_object (lines[0]);
  assert_members (record, record_members);
  g_assert_cmpstr (json_object_get_string_member (record, "contender"), ==, "base");
  g_assert_cmpstr (json_object_get_string_member (record, "output"), ==, "Echo: a");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (record, "vars"),
                                                  "question"), ==, "a");
  g_assert_true (json_object_get_boolean_member (record, "passed"));
  g_clear_pointer (&out4, g_free);
  g_clear_pointer (&err4, g_free);
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (vs_test_cli (&out4, &err4, "eval", "export", project, "eval", "-o", csv,
                                NULL), ==, 0);
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "contender,case,repeat,vars,expected,output,passed,"
                                         "error,scores.exact,scores.bleu,scores.label,"));
}

/* Cases from a dataset of the project: a named snapshot, or one frozen for the run; later
 * edits of the dataset do not change what the run evaluated. */
static void
test_run_from_dataset (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *project = g_build_filename (f->dir, "p.versus", NULL);
  g_autofree char *cases = NULL;
  g_autofree char *named = NULL;
  g_autofree char *frozen = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(JsonObject) second = NULL;
  JsonObject *base;

  g_free (write_file (f, "t.json",
                      "{\"messages\":[{\"role\":\"user\",\"content\":\"{{question}}\"}]}"));
  cases = write_file (f, "qa.jsonl",
                      "{\"q\": \"a\", \"want\": \"Echo: a\"}\n"
                      "{\"q\": \"b\", \"want\": \"Echo: b\"}\n");
  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "import", project, cases, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "snapshot", project, "qa", "--name",
                                "gold", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

#define SPEC_DATASET(extra) \
  "{\"dataset\": \"qa\", " extra "\"input\": {\"question\": \"q\"}, \"expected\": \"want\"," \
  " \"contenders\": [{\"name\": \"base\", \"endpoint\": \"URL/v1\", \"model\": \"m\"," \
  "   \"template\": \"t.json\"}], \"metrics\": [{\"type\": \"exact\"}]}"
  named = write_file (f, "named.json", SPEC_DATASET ("\"snapshot\": \"gold\", "));
  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "run", named, "--project", project,
                                "--json", NULL), ==, 0);
  summary = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (summary, "snapshot"), ==, "gold");
  base = json_array_get_object_element (json_object_get_array_member (summary, "contenders"), 0);
  g_assert_cmpint (json_object_get_int_member (base, "passed"), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Without "snapshot": one is frozen (named by date and time) and recorded. */
  frozen = write_file (f, "frozen.json", SPEC_DATASET (""));
  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "run", frozen, "--project", project,
                                "--json", NULL), ==, 0);
  second = parse_object (out);
  g_assert_cmpint (json_object_get_int_member (second, "snapshot_id"), >,
                   json_object_get_int_member (summary, "snapshot_id"));
  g_assert_cmpstr (json_object_get_string_member (second, "snapshot"), !=, "gold");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A snapshot that does not exist. */
  missing = write_file (f, "missing.json", SPEC_DATASET ("\"snapshot\": \"nope\", "));
  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "run", missing, "--project", project,
                                "--json", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "nope"));
#undef SPEC_DATASET
}

static void
test_exit_codes (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *spec = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *project = g_build_filename (f->dir, "p.versus", NULL);
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL;
  g_autofree char *err3 = NULL, *out4 = NULL, *err4 = NULL, *out5 = NULL, *err5 = NULL;
  g_autoptr(JsonObject) summary = NULL;

  g_free (write_file (f, "t.json",
                      "{\"messages\":[{\"role\":\"user\",\"content\":\"{{question}}\"}]}"));
  g_free (write_file (f, "cases.jsonl", "{\"q\": \"a\", \"want\": \"Echo: a\"}\n"
                                        "{\"q\": \"b\", \"want\": \"Echo: b\"}\n"));
  spec = write_file (f, "e.json",
                     "{\"cases\": \"cases.jsonl\", \"input\": {\"question\": \"q\"},"
                     " \"contenders\": [{\"name\": \"x\", \"endpoint\": \"URL/v1\","
                     "  \"model\": \"m\", \"template\": \"t.json\"}],"
                     " \"metrics\": [{\"type\": \"exact\"}], \"concurrency\": 1,"
                     " \"settings\": {\"max_retries\": 0}}");
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_STATUS, 500);
  /* an error after retries: exit 1, summary still printed; one contender: no pairs */
  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "run", spec, "--project", project,
                                "--name", "r1", "--json", NULL), ==, 1);
  summary = parse_object (out);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (summary, "contenders"), 0), "errors"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (summary, "pairs")), ==,
                    0);
  /* --retry-errors asks for the one that failed, and all is well */
  g_assert_cmpint (vs_test_cli (&out5, &err5, "eval", "run", spec, "--project", project,
                                "--name", "r1", "--retry-errors", NULL), ==, 0);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==, 3);

  /* usage and unreadable input: 2 */
  bad = write_file (f, "bad.json", "{\"cases\": \"cases.jsonl\", \"contenders\": []}");
  g_assert_cmpint (vs_test_cli (&out2, &err2, "eval", "run", bad, "--project", project, NULL),
                   ==, 2);
  g_assert_cmpint (vs_test_cli (&out3, &err3, "eval", "run", spec, NULL), ==, 2);
  g_assert_cmpint (vs_test_cli (&out4, &err4, "eval", "summary", project, "no-such-run",
                                "--json", NULL), ==, 2);
}

/* The crash test. */

static GHashTable *
read_log (const char *path,
          gint64      before_us,
          guint      *n_lines,
          guint      *n_duplicates,
          gint64     *earliest_duplicate_us)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *first = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  *n_lines = 0;
  *n_duplicates = 0;
  *earliest_duplicate_us = G_MAXINT64;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *tab = strchr (lines[i], '\t');
      gint64 when;
      gint64 *seen;

      if (tab == NULL)
        continue;
      (*n_lines)++;
      when = g_ascii_strtoll (lines[i], NULL, 10);
      seen = g_hash_table_lookup (first, tab + 1);
      if (seen != NULL)
        {
          (*n_duplicates)++;
          *earliest_duplicate_us = MIN (*earliest_duplicate_us, *seen);
          continue;
        }
      g_hash_table_insert (first, g_strdup (tab + 1), g_memdup2 (&when, sizeof when));
    }
  return first;
}

static void
test_sigkill_then_rerun (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GString) cases = g_string_new (NULL);
  g_autofree char *spec = NULL;
  g_autofree char *project = g_build_filename (f->dir, "p.versus", NULL);
  g_autofree char *log = g_build_filename (f->dir, "requests.log", NULL);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonObject) summary = NULL;
  const char *cli = g_getenv ("VERSUS_CLI");
  guint n_lines = 0, n_duplicates = 0;
  gint64 earliest = 0, kill_us, start;
  JsonArray *contenders;

  for (guint i = 0; i < 400; i++)
    g_string_append_printf (cases, "{\"q\": \"case number %u\", \"want\": \"Echo: case number "
                                   "%u\"}\n", i, i);
  g_free (write_file (f, "cases.jsonl", cases->str));
  g_free (write_file (f, "t.json",
                      "{\"messages\":[{\"role\":\"user\",\"content\":\"{{question}}\"}]}"));
  spec = write_file (f, "crash.json",
                     "{\"cases\": \"cases.jsonl\", \"input\": {\"question\": \"q\"},"
                     " \"expected\": \"want\", \"contenders\": ["
                     "  {\"name\": \"one\", \"endpoint\": \"URL/v1\", \"model\": \"m1\","
                     "   \"template\": \"t.json\"},"
                     "  {\"name\": \"two\", \"endpoint\": \"URL/v1\", \"model\": \"m2\","
                     "   \"template\": \"t.json\"}],"
                     " \"metrics\": [{\"type\": \"exact\"}], \"concurrency\": 4}");
  vs_fake_llm_set_latency_ms (f->fake, 10);
  vs_fake_llm_set_request_log (f->fake, log, &error);
  g_assert_no_error (error);

  g_assert_nonnull (cli);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                            &error, cli, "eval", "run", spec, "--project", project, NULL);
  g_assert_no_error (error);
  /* Kill it in the middle: once a good part of the 800 trials has been asked for. */
  start = g_get_monotonic_time ();
  while (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions") < 300)
    {
      g_usleep (2000);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 60 * G_USEC_PER_SEC);
    }
  kill_us = g_get_real_time ();
  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_if_exited (child));
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), <, 800);

  /* The same command again completes the run. */
  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "run", spec, "--project", project, "--json",
                                NULL), ==, 0);
  summary = parse_object (out);
  contenders = json_object_get_array_member (summary, "contenders");
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *c = json_array_get_object_element (contenders, i);

      g_assert_cmpint (json_object_get_int_member (c, "trials"), ==, 400);
      g_assert_cmpint (json_object_get_int_member (c, "passed"), ==, 400);
      g_assert_cmpint (json_object_get_int_member (c, "errors"), ==, 0);
    }

  /* Every trial was requested; a trial requested twice was first requested at most ~100 ms
   * (commit interval) + its latency + scheduling slack before the kill. */
  seen = read_log (log, kill_us, &n_lines, &n_duplicates, &earliest);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 800);
  g_assert_cmpuint (n_lines, ==, 800 + n_duplicates);
  g_test_message ("requests %u, asked twice %u", n_lines, n_duplicates);
  if (n_duplicates > 0)
    g_assert_cmpint (earliest, >=, kill_us - SLACK * 400 * G_TIME_SPAN_MILLISECOND);
  /* in flight (4) + answered in the last ~100 ms at ~10 ms each over 4 connections (~40) */
  g_assert_cmpuint (n_duplicates, <=, SLACK * 60);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
    g_test_add ("/versus/cli-eval/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("run-summary-export", test_run_summary_export);
  ADD ("run-from-dataset", test_run_from_dataset);
  ADD ("exit-codes", test_exit_codes);
  ADD ("sigkill-then-rerun", test_sigkill_then_rerun);
  return g_test_run ();
}
