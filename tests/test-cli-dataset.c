/* test-cli-dataset.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli dataset import / list / validate / stats as a user runs them: the summary in
 * text and JSON, every skipped record on stderr with exit code 1, exit code 2 for an
 * unreadable file, an unknown format or a missing project; validate's JSON fields and exit
 * codes, stats' figures.
 */
#include "config.h"

#include <string.h>

#include "vs-dataset-reader.h"
#include "vs-json.h"
#include "vs-prices.h"
#include "vs-project.h"
#include "vs-test-util.h"

typedef struct
{
  char *dir;
  char *project;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(VsProject) project = vs_test_project_new ("p.versus", &fixture->dir,
                                                      &fixture->project);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  vs_test_tmpdir_free (fixture->dir);
  g_free (fixture->project);
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
test_import_clean (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *text = "question,answer\nhi,hello\n\"a, b\",\"say \"\"c\"\"\"\n";
  g_autofree char *file = write_file (fixture, "qa.csv", text);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  status = vs_test_cli (&out, &err, "dataset", "import", fixture->project, file, "--json",
                        NULL);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  summary = vs_json_parse_object (out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (summary, "name"), ==, "qa");
  g_assert_cmpstr (json_object_get_string_member (summary, "format"), ==, "csv");
  g_assert_cmpint (json_object_get_int_member (summary, "records"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (summary, "problems"), ==, 0);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (summary, "columns")),
                   ==, 2);
  g_assert_cmpint (json_object_get_int_member (summary, "bytes"), ==, strlen (text));
  g_assert_true (json_object_has_member (summary, "seconds"));
}

static void
test_import_problems (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *file = write_file (fixture, "chat.jsonl",
                                      "{\"q\":1}\n{\"q\":\n\n{\"q\":3}\n[4]\n");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *json_out = NULL;
  g_autofree char *json_err = NULL;
  g_autoptr(JsonObject) summary = NULL;
  JsonObject *by_key;
  JsonArray *first;
  int status;

  status = vs_test_cli (&out, &err, "dataset", "import", fixture->project, file,
                        "--name", "Chats", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (out, "Dataset:   Chats"));
  g_assert_nonnull (strstr (out, "Records:   2\n"));
  g_assert_nonnull (strstr (out, "Problems:  2\n"));
  /* One stderr line per skipped record, with the file, line and reason. */
  g_assert_nonnull (strstr (err, "chat.jsonl: line 2, column 5: the line is not valid JSON"));
  g_assert_nonnull (strstr (err, "chat.jsonl: line 5, column 1: the line is an array, not a "
                                 "JSON object"));

  status = vs_test_cli (&json_out, &json_err, "dataset", "import", fixture->project, file,
                        "--json", "--format", "jsonl", NULL);
  g_assert_cmpint (status, ==, 1);
  summary = vs_json_parse_object (json_out, -1, NULL);
  g_assert_nonnull (summary);
  by_key = json_object_get_object_member (summary, "problems_by_key");
  g_assert_cmpint (json_object_get_int_member (by_key, "invalid_json"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (by_key, "not_an_object"), ==, 1);
  first = json_object_get_array_member (summary, "first_problems");
  g_assert_cmpint (json_array_get_length (first), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (first, 1),
                                               "ordinal"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (first, 1),
                                               "line"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (summary, "name"), ==, "chat");
}

static void
test_import_unreadable (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.csv", NULL);
  g_autofree char *file = write_file (fixture, "x.csv", "a\n1\n");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *out3 = NULL;
  g_autofree char *err3 = NULL;
  g_autofree char *out4 = NULL;
  g_autofree char *err4 = NULL;
  g_autofree char *list = NULL;
  g_autofree char *list_err = NULL;

  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "import", fixture->project, missing,
                                NULL), ==, 2);
  g_assert_nonnull (strstr (err, "missing.csv"));
  g_assert_cmpstr (out, ==, "");
  /* Usage errors. */
  g_assert_cmpint (vs_test_cli (&out2, &err2, "dataset", "import", fixture->project, file,
                                "--format", "xlsx", NULL), ==, 2);
  g_assert_nonnull (strstr (err2, "xlsx"));
  g_assert_cmpint (vs_test_cli (&out3, &err3, "dataset", "import", fixture->project, NULL),
                   ==, 2);
  g_assert_cmpint (vs_test_cli (&out4, &err4, "dataset", "frobnicate", NULL), ==, 2);
  /* Nothing was added. */
  g_assert_cmpint (vs_test_cli (&list, &list_err, "dataset", "list", fixture->project, "--json",
                                NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (list), ==, "[]");
}

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *csv = write_file (fixture, "a.csv", "x,y\n1,2\n3\n");
  g_autofree char *json = write_file (fixture, "b.json", "[{\"m\":1},{\"m\":2},{\"n\":3}]");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *list = NULL;
  g_autofree char *list_err = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  JsonObject *first, *second;

  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "import", fixture->project, csv, NULL),
                   ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "import", fixture->project, json, NULL),
                   ==, 0);

  g_assert_cmpint (vs_test_cli (&list, &list_err, "dataset", "list", fixture->project, "--json",
                                NULL), ==, 0);
  root = vs_json_parse (list, -1, NULL);
  g_assert_nonnull (root);
  array = json_node_get_array (root);
  g_assert_cmpint (json_array_get_length (array), ==, 2);
  first = json_array_get_object_element (array, 0);
  second = json_array_get_object_element (array, 1);
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "a");
  g_assert_cmpstr (json_object_get_string_member (first, "format"), ==, "csv");
  g_assert_cmpint (json_object_get_int_member (first, "records"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (first, "problems"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (first, "import_state"), ==, "done");
  g_assert_cmpstr (json_object_get_string_member (second, "format"), ==, "json");
  g_assert_cmpint (json_object_get_int_member (second, "records"), ==, 3);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (second, "columns")),
                   ==, 2);

  g_assert_cmpint (vs_test_cli (&text, &text_err, "dataset", "list", fixture->project, NULL),
                   ==, 0);
  g_assert_true (g_str_has_prefix (text, "ID  NAME"));
  g_assert_nonnull (strstr (text, "json"));
  vs_test_assert_table (text, "ID", 2);
}

/* Reads @path back with our reader: every record as compact JSON, one per line; no problems. */
static char *
reread (const char *path)
{
  g_autoptr(VsDatasetReader) reader = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *record;

  reader = vs_dataset_reader_new_for_path (path, VS_DATASET_FORMAT_JSONL, &error);
  g_assert_no_error (error);
  while ((record = vs_dataset_reader_next (reader, NULL, NULL, &error)) != NULL)
    {
      g_autofree char *line = vs_json_object_to_string (record, FALSE);

      g_string_append_printf (text, "%s\n", line);
      json_object_unref (record);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (vs_dataset_reader_get_n_problems (reader), ==, 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_convert_jsonl (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *text = "question,answer,note\r\n"
                     "\"a, b\",\"say \"\"c\"\"\",\"two\nlines\"\r\n"
                     "x,,\"\\\\ é\t\"\r\n";
  const char *expected = "{\"question\":\"a, b\",\"answer\":\"say \\\"c\\\"\","
                         "\"note\":\"two\\nlines\"}\n"
                         "{\"question\":\"x\",\"answer\":\"\",\"note\":\"\\\\\\\\ é\\t\"}\n";
  g_autofree char *file = write_file (fixture, "qa.csv", text);
  g_autofree char *output = g_build_filename (fixture->dir, "qa.jsonl", NULL);
  g_autofree char *written = NULL;
  g_autofree char *again = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "convert", file, "-o", output,
                                "--to", "jsonl", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_file_get_contents (output, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, expected);
  again = reread (output);
  g_assert_cmpstr (again, ==, expected);
}

static void
test_convert_skipped (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *text = "q,a\nhi,hello\nragged,row,here\nbye,ciao\n";
  g_autofree char *file = write_file (fixture, "r.csv", text);
  g_autofree char *output = g_build_filename (fixture->dir, "r.jsonl", NULL);
  g_autofree char *written = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *prefix = g_strdup_printf ("%s: line 3, column ", file);

  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "convert", file, "-o", output, NULL),
                   ==, 1);
  g_assert_true (g_str_has_prefix (err, prefix));
  g_assert_cmpint (strchr (err, '\n') - err + 1, ==, strlen (err)); /* one line */
  g_assert_true (g_file_get_contents (output, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, "{\"q\":\"hi\",\"a\":\"hello\"}\n{\"q\":\"bye\",\"a\":\"ciao\"}\n");
}

static void
test_convert_map (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *text = "question,answer,keep\nWho?,Ada,1\nWhat?,Tea,0\nOops,x,maybe\n";
  const char *map = "{\"system\": \"Be brief.\", \"user\": \"Q: {{question}}\","
                    " \"assistant\": \"{{answer}}\", \"weight\": \"keep\"}";
  const char *expected =
    "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
    "{\"role\":\"user\",\"content\":\"Q: Who?\"},"
    "{\"role\":\"assistant\",\"content\":\"Ada\",\"weight\":1}]}\n"
    "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
    "{\"role\":\"user\",\"content\":\"Q: What?\"},"
    "{\"role\":\"assistant\",\"content\":\"Tea\",\"weight\":0}]}\n";
  g_autofree char *file = write_file (fixture, "m.csv", text);
  g_autofree char *map_file = write_file (fixture, "map.json", map);
  g_autofree char *inline_out = g_build_filename (fixture->dir, "inline.jsonl", NULL);
  g_autofree char *file_out = g_build_filename (fixture->dir, "file.jsonl", NULL);
  g_autofree char *written = NULL;
  g_autofree char *written2 = NULL;
  g_autofree char *again = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *line4 = g_strdup_printf ("%s: line 4: ", file);

  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "convert", file, "-o", inline_out,
                                "--to", "openai-chat", "--map", map, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (err, line4));
  g_assert_nonnull (strstr (err, "maybe"));
  g_assert_true (g_file_get_contents (inline_out, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, expected);
  again = reread (inline_out);
  g_assert_cmpstr (again, ==, expected);

  g_assert_cmpint (vs_test_cli (&out2, &err2, "dataset", "convert", file, "-o", file_out,
                                "--to", "jsonl", "--map", map_file, NULL), ==, 1);
  g_assert_true (g_file_get_contents (file_out, &written2, NULL, NULL));
  g_assert_cmpstr (written2, ==, expected);
}

static void
test_convert_sharegpt (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *text = "{\"conversations\":[{\"from\":\"human\",\"value\":\"q\"},"
                     "{\"from\":\"gpt\",\"value\":\"a\"}]}\n";
  g_autofree char *file = write_file (fixture, "s.jsonl", text);
  g_autofree char *output = g_build_filename (fixture->dir, "chat.jsonl", NULL);
  g_autofree char *written = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "convert", file, "-o", output,
                                "--to", "openai-chat", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_file_get_contents (output, &written, NULL, NULL));
  g_assert_cmpstr (written, ==,
                   "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},"
                   "{\"role\":\"assistant\",\"content\":\"a\"}]}\n");
}

static void
test_convert_usage (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *file = write_file (fixture, "u.csv", "a\n1\n");
  g_autofree char *output = g_build_filename (fixture->dir, "u.out", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;

  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "convert", file, "-o", output,
                                "--to", "parquet", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "unknown output format “parquet”"));
  g_assert_cmpint (vs_test_cli (&out2, &err2, "dataset", "convert", file, "-o", output,
                                "--map", "{\"user\": \"{{#x}}\"}", NULL), ==, 2);
  g_assert_nonnull (strstr (err2, "1:1"));
}

static void
test_validate (Fixture       *fixture,
               gconstpointer  data)
{
  const char *text =
    "{\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
    "{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"hello\"}]}\n"
    "\n"
    "[1]\n"
    "{\"messages\":[{\"role\":\"user\"}]}\n"
    "{not json\n";
  g_autofree char *file = write_file (fixture, "chat.jsonl", text);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *errors, *stats;
  JsonArray *problems;
  int status;

  status = vs_test_cli (&out, &err, "dataset", "validate", file, "--json", NULL);
  g_assert_cmpint (status, ==, 1);
  summary = vs_json_parse_object (out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (summary, "examples"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (summary, "valid_examples"), ==, 1);
  errors = json_object_get_object_member (summary, "errors");
  g_assert_cmpint (json_object_get_int_member (errors, "data_type"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (errors, "invalid_json"), ==, 1);
  /* the cookbook counts a message without content under both keys */
  g_assert_cmpint (json_object_get_int_member (errors, "message_missing_key"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (errors, "missing_content"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (errors, "example_missing_assistant_message"), ==,
                   1);
  g_assert_true (json_object_has_member (summary, "warnings"));
  problems = json_object_get_array_member (summary, "problems");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (problems, 0),
                                               "line"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (problems, 0),
                                                  "key"), ==, "data_type");
  g_assert_true (json_object_has_member (json_array_get_object_element (problems, 0),
                                         "message"));
  stats = json_object_get_object_member (summary, "stats");
  /* (3 + 1 + 2) + 2 · (3 + 1 + 1) + 3 */
  g_assert_cmpint (json_object_get_int_member (stats, "total_tokens"), ==, 19);
  g_assert_cmpint (json_object_get_int_member (stats, "assistant_tokens"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (stats, "min_tokens"), ==, 19);
  g_assert_cmpint (json_object_get_int_member (stats, "max_tokens"), ==, 19);
  g_assert_true (json_object_has_member (stats, "mean_tokens"));
  g_assert_true (json_object_has_member (stats, "p10_tokens"));
  g_assert_true (json_object_has_member (stats, "p90_tokens"));
  g_assert_cmpint (json_object_get_int_member (stats, "over_limit"), ==, 0);

  /* without --json: problems on stderr, summary on stdout, same exit code */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = vs_test_cli (&out, &err, "dataset", "validate", file, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "line 3"));
  g_assert_nonnull (strstr (err, "[invalid_json]"));
  g_assert_nonnull (strstr (out, "Examples:  4 (1 without errors)"));
}

static void
test_validate_clean (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *text =
    "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
    "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
    "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
    "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"1\"},"
    "{\"role\":\"assistant\",\"content\":\"hello\",\"weight\":1}]}\n";
  g_autofree char *file = write_file (fixture, "ok.jsonl", text);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "validate", file, "--model",
                                "gpt-4o-mini", "--json", NULL), ==, 0);
  summary = vs_json_parse_object (out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (summary, "valid_examples"), ==, 1);
  g_assert_cmpint (json_object_get_size (json_object_get_object_member (summary, "errors")), ==,
                   0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (summary,
                                                                              "warnings"),
                                               "missing_system"), ==, 1);

  g_assert_cmpint (vs_test_cli (&out2, &err2, "dataset", "validate", file, "--model", "m",
                                "--encoding", "o200k_base", NULL), ==, 2);
}

static void
test_stats (Fixture       *fixture,
            gconstpointer  data)
{
  const char *text =
    "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
    "{\"role\":\"assistant\",\"content\":\"hello\"}]}\n"
    "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"name\":\"bob\"},"
    "{\"role\":\"assistant\",\"content\":\"hello\"}]}\n"
    "{\"messages\":[]}\n";
  g_autofree char *file = write_file (fixture, "s.jsonl", text);
  g_autofree char *missing = g_build_filename (fixture->dir, "nope.jsonl", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autoptr(JsonObject) stats = NULL;
  g_autoptr(GError) error = NULL;

  /* errors do not change stats' exit code; they are left out of the figures */
  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "stats", file, "--json", NULL), ==, 0);
  stats = vs_json_parse_object (out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (stats, "total_tokens"), ==, 13 + 15);
  g_assert_cmpint (json_object_get_int_member (stats, "min_tokens"), ==, 13);
  g_assert_cmpint (json_object_get_int_member (stats, "max_tokens"), ==, 15);
  g_assert_cmpint (json_object_get_int_member (stats, "mean_tokens"), ==, 14);
  /* numpy linear over 13, 15: p10 = 13.2, p90 = 14.8 */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (stats, "p10_tokens"), 13.2,
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (stats, "p90_tokens"), 14.8,
                                  1e-9);
  g_assert_false (json_object_has_member (stats, "examples"));

  g_assert_cmpint (vs_test_cli (&out2, &err2, "dataset", "stats", missing, NULL), ==, 2);
}

static char *
read_text (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

static void
test_split (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("question,answer\n");
  g_autofree char *file = NULL;
  g_autofree char *dir = g_build_filename (fixture->dir, "out", NULL);
  g_autofree char *dir2 = g_build_filename (fixture->dir, "out2", NULL);
  g_autofree char *dir3 = g_build_filename (fixture->dir, "out3", NULL);
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  g_autofree char *out3 = NULL, *err3 = NULL;
  g_autofree char *train = NULL, *validation = NULL, *test = NULL;
  g_autofree char *train2 = NULL, *train3 = NULL;
  g_auto(GStrv) rows = NULL;

  for (int i = 0; i < 10; i++)
    g_string_append_printf (csv, "q%d,a%d\n", i, i);
  file = write_file (fixture, "qa.csv", csv->str);

  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "split", file, "--train", "80",
                                "--validation", "10", "--test", "10", "--seed", "42",
                                "-o", dir, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  train = read_text (dir, "train.jsonl");
  validation = read_text (dir, "validation.jsonl");
  test = read_text (dir, "test.jsonl");
  g_assert_cmpuint (count_lines (train), ==, 8);
  g_assert_cmpuint (count_lines (validation), ==, 1);
  g_assert_cmpuint (count_lines (test), ==, 1);
  /* rows as read: header names in order, values the field strings */
  rows = g_strsplit (train, "\n", -1);
  g_assert_true (g_str_has_prefix (rows[0], "{\"question\":\"q"));
  g_assert_nonnull (strstr (rows[0], "\",\"answer\":\"a"));
  {
    g_autofree char *all = g_strconcat (train, validation, test, NULL);

    for (int i = 0; i < 10; i++)
      {
        g_autofree char *row = g_strdup_printf ("{\"question\":\"q%d\",\"answer\":\"a%d\"}\n",
                                                i, i);

        g_assert_nonnull (strstr (all, row));
      }
  }

  /* the same seed gives the same files; another seed other ones */
  g_assert_cmpint (vs_test_cli (&out2, &err2, "dataset", "split", file, "--train", "80",
                                "--validation", "10", "--test", "10", "--seed", "42",
                                "--to", "jsonl", "-o", dir2, NULL), ==, 0);
  train2 = read_text (dir2, "train.jsonl");
  g_assert_cmpstr (train, ==, train2);
  g_assert_cmpint (vs_test_cli (&out3, &err3, "dataset", "split", file, "--train", "80",
                                "--validation", "10", "--test", "10", "--seed", "43",
                                "-o", dir3, NULL), ==, 0);
  train3 = read_text (dir3, "train.jsonl");
  g_assert_cmpuint (count_lines (train3), ==, 8);
  g_assert_cmpstr (train, !=, train3);
}

static void
test_split_stratify (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GString) jsonl = g_string_new (NULL);
  g_autofree char *file = NULL;
  g_autofree char *dir = g_build_filename (fixture->dir, "strat", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *train = NULL, *validation = NULL, *test = NULL;

  /* 20 "yes" and 10 "no": 50/30/20 keeps 10/6/4 and 5/3/2 */
  for (int i = 0; i < 30; i++)
    g_string_append_printf (jsonl, "{\"text\": \"t%d\", \"label\": \"%s\"}\n", i,
                            i % 3 == 2 ? "no" : "yes");
  file = write_file (fixture, "l.jsonl", jsonl->str);
  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "split", file, "--train", "50",
                                "--validation", "30", "--test", "20", "--stratify", "label",
                                "-o", dir, NULL), ==, 0);
  train = read_text (dir, "train.jsonl");
  validation = read_text (dir, "validation.jsonl");
  test = read_text (dir, "test.jsonl");
  g_assert_cmpuint (count_lines (train), ==, 15);
  g_assert_cmpuint (count_lines (validation), ==, 9);
  g_assert_cmpuint (count_lines (test), ==, 6);
  {
    guint no = 0;

    for (const char *p = test; (p = strstr (p, "\"no\"")) != NULL; p++)
      no++;
    g_assert_cmpuint (no, ==, 2);
  }
}

static void
test_split_errors (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *file = write_file (fixture, "bad.jsonl",
                                      "{\"a\": 1}\n{\"a\": 2}\n{oops\n{\"a\": 3}\n");
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.jsonl", NULL);
  g_autofree char *dir = g_build_filename (fixture->dir, "o", NULL);
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  g_autofree char *out3 = NULL, *err3 = NULL, *out4 = NULL, *err4 = NULL;
  g_autofree char *train = NULL, *validation = NULL, *test = NULL;
  g_autofree char *expected = g_strdup_printf ("%s: line 3, column", file);

  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "split", file, "--train", "80",
                                "--validation", "10", "--test", "5", "-o", dir, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "add up to 95%"));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  g_assert_cmpint (vs_test_cli (&out2, &err2, "dataset", "split", file, "--train", "80",
                                "--validation", "10", "--test", "10", "--to", "parquet", "-o", dir,
                                NULL), ==, 2);
  g_assert_nonnull (strstr (err2, "unknown output format"));

  g_assert_cmpint (vs_test_cli (&out3, &err3, "dataset", "split", missing, "--train", "80",
                                "--validation", "10", "--test", "10", "-o", dir, NULL), ==, 2);

  /* a skipped row: reported in the reader's form, the rest written, exit 1 */
  g_assert_cmpint (vs_test_cli (&out4, &err4, "dataset", "split", file, "--train", "100",
                                "--validation", "0", "--test", "0", "-o", dir, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (err4, expected));
  train = read_text (dir, "train.jsonl");
  validation = read_text (dir, "validation.jsonl");
  test = read_text (dir, "test.jsonl");
  g_assert_cmpuint (count_lines (train), ==, 3);
  g_assert_cmpstr (validation, ==, "");
  g_assert_cmpstr (test, ==, "");
}

static void
test_dedupe (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *file = write_file (fixture, "d.jsonl",
                                      "{\"q\": \"hi  there\", \"n\": 1}\n"
                                      "{\"q\": \"hi there\"}\n"
                                      "{\"q\": \" hi\\tthere \", \"n\": 1}\n"
                                      "{\"q\": \"bye\"}\n");
  g_autofree char *bad = write_file (fixture, "b.jsonl", "{\"q\": 1}\n[1]\n{\"q\": 1}\n");
  g_autofree char *target = g_build_filename (fixture->dir, "deduped.jsonl", NULL);
  g_autofree char *target2 = g_build_filename (fixture->dir, "deduped2.jsonl", NULL);
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  g_autofree char *out3 = NULL, *err3 = NULL;
  g_autofree char *written = NULL;
  g_autofree char *written2 = NULL;
  g_autofree char *expected = g_strdup_printf ("%s: line 3: duplicate of line 1, dropped\n",
                                               file);

  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "dedupe", file, "-o", target, NULL),
                   ==, 0);
  g_assert_cmpstr (err, ==, expected);
  g_assert_true (g_file_get_contents (target, &written, NULL, NULL));
  g_assert_cmpstr (written, ==,
                   "{\"q\":\"hi  there\",\"n\":1}\n{\"q\":\"hi there\"}\n{\"q\":\"bye\"}\n");
  g_assert_nonnull (strstr (out, "Dropped:   1"));

  g_assert_cmpint (vs_test_cli (&out2, &err2, "dataset", "dedupe", bad, "-o", target2, NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err2, "line 2, column"));
  g_assert_nonnull (strstr (err2, "line 3: duplicate of line 1"));
  g_assert_true (g_file_get_contents (target2, &written2, NULL, NULL));
  g_assert_cmpstr (written2, ==, "{\"q\":1}\n");

  g_assert_cmpint (vs_test_cli (&out3, &err3, "dataset", "dedupe", file, "-o", target,
                                "--near", "1.5", NULL), ==, 2);
  g_assert_nonnull (strstr (err3, "--near must be above 0"));
}

static void
test_dedupe_near (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *file = write_file (fixture, "n.jsonl",
                                      "{\"t\": \"the quick brown fox jumps over the lazy dog "
                                      "again and again and again today\"}\n"
                                      "{\"t\": \"the quick brown fox jumps over the lazy dog "
                                      "again and again and again today!\"}\n"
                                      "{\"t\": \"something else entirely, nothing alike\"}\n");
  g_autofree char *target = g_build_filename (fixture->dir, "near.jsonl", NULL);
  g_autofree char *out = NULL, *err = NULL, *written = NULL;
  g_autofree char *expected = g_strdup_printf ("%s: line 2: near-duplicate of line 1, "
                                               "dropped\n", file);

  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "dedupe", file, "-o", target,
                                "--near", "0.8", NULL), ==, 0);
  g_assert_cmpstr (err, ==, expected);
  g_assert_true (g_file_get_contents (target, &written, NULL, NULL));
  g_assert_nonnull (strstr (written, "today\"}\n{\"t\":\"something"));
  g_assert_nonnull (strstr (out, "1 near-duplicates"));
}

static void
test_help (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;

  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "dataset import PROJECT FILE"));
  g_assert_nonnull (strstr (out, "dataset validate FILE"));
  g_assert_nonnull (strstr (out, "dataset stats IN"));
  g_assert_nonnull (strstr (out, "dataset split IN --train P"));
  g_assert_nonnull (strstr (out, "dataset dedupe IN -o OUT"));
  g_assert_cmpint (vs_test_cli (&out2, &err2, "dataset", "import", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out2, "--format"));
  g_assert_nonnull (strstr (out, "dataset convert IN -o OUT"));
}

/* Every --to name converts, the output reads back without a problem, and the companions are
 * where the help says. */
static void
test_convert_every_format (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *text =
    "{\"messages\":[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\",\"content\":\"q\"},"
    "{\"role\":\"assistant\",\"content\":\"a, \\\"b\\\"\"}],"
    "\"chosen\":\"good\",\"rejected\":\"bad\"}\n"
    "{\"messages\":[{\"role\":\"user\",\"content\":\"q2\"},"
    "{\"role\":\"assistant\",\"content\":\"a2\"}],"
    "\"chosen\":\"good2\",\"rejected\":\"bad2\"}\n";
  const char *names[] = { "jsonl", "openai-chat", "openai-dpo", "prompt-completion", "alpaca",
                          "sharegpt", "axolotl", "csv" };
  g_autofree char *file = write_file (fixture, "chat.jsonl", text);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *name = g_strdup_printf ("out-%s.%s", names[i],
                                               g_str_equal (names[i], "csv") ? "csv" : "jsonl");
      g_autofree char *output = g_build_filename (fixture->dir, name, NULL);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autoptr(VsDatasetReader) reader = NULL;
      g_autoptr(GError) error = NULL;
      JsonObject *record;
      guint n = 0;

      g_test_message ("--to %s", names[i]);
      g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "convert", file, "-o", output,
                                    "--to", names[i], NULL), ==, 0);
      g_assert_cmpstr (err, ==, "");
      reader = vs_dataset_reader_new_for_path (output, VS_DATASET_FORMAT_AUTO, &error);
      g_assert_no_error (error);
      while ((record = vs_dataset_reader_next (reader, NULL, NULL, &error)) != NULL)
        {
          n++;
          json_object_unref (record);
        }
      g_assert_no_error (error);
      g_assert_cmpuint (vs_dataset_reader_get_n_problems (reader), ==, 0);
      g_assert_cmpuint (n, ==, 2);
      if (g_str_equal (names[i], "alpaca") || g_str_equal (names[i], "sharegpt"))
        {
          g_autofree char *info = g_build_filename (fixture->dir, "dataset_info.json", NULL);

          g_assert_true (g_file_test (info, G_FILE_TEST_IS_REGULAR));
          g_assert_nonnull (strstr (out, info));
        }
      else if (g_str_equal (names[i], "axolotl"))
        {
          g_autofree char *yaml = g_build_filename (fixture->dir, "out-axolotl.axolotl.yml",
                                                    NULL);

          g_assert_true (g_file_test (yaml, G_FILE_TEST_IS_REGULAR));
          g_assert_nonnull (strstr (out, yaml));
        }
      else
        g_assert_cmpstr (out, ==, "");
    }
}

static void
test_convert_dpo_map (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *text = "question,good,bad\nWhy?,Because.,Dunno\nHow?,Like this.\n";
  g_autofree char *file = write_file (fixture, "p.csv", text);
  g_autofree char *output = g_build_filename (fixture->dir, "p.jsonl", NULL);
  g_autofree char *written = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *line3 = g_strdup_printf ("%s: line 3: ", file);

  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "convert", file, "-o", output,
                                "--to", "openai-dpo", "--map",
                                "{\"user\": \"{{question}}\", \"chosen\": \"good\", "
                                "\"rejected\": \"bad\"}", NULL), ==, 1);
  g_assert_true (g_str_has_prefix (err, line3)); /* the ragged row, in the reader's form */
  g_assert_true (g_file_get_contents (output, &written, NULL, NULL));
  g_assert_cmpstr (written, ==,
                   "{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"Why?\"}]},"
                   "\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"Because.\"}],"
                   "\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"Dunno\"}]}\n");
}

static void
test_convert_format_skips (Fixture       *fixture,
                           gconstpointer  data)
{
  /* a conversation that ends with the user has no completion: skipped, line named, exit 1 */
  const char *text =
    "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},"
    "{\"role\":\"assistant\",\"content\":\"a\"}]}\n"
    "{\"messages\":[{\"role\":\"user\",\"content\":\"only\"}]}\n";
  g_autofree char *file = write_file (fixture, "pc.jsonl", text);
  g_autofree char *output = g_build_filename (fixture->dir, "pc-out.jsonl", NULL);
  g_autofree char *written = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = g_strdup_printf ("%s: line 2: skipped: ", file);

  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "convert", file, "-o", output,
                                "--to", "prompt-completion", NULL), ==, 1);
  g_assert_true (g_str_has_prefix (err, expected));
  g_assert_cmpint (strchr (err, '\n') - err + 1, ==, strlen (err));
  g_assert_true (g_file_get_contents (output, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, "{\"prompt\":\"q\",\"completion\":\"a\"}\n");
}

static void
test_split_formats (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("question,answer\n");
  g_autofree char *file = NULL;
  g_autofree char *dir = g_build_filename (fixture->dir, "sg", NULL);
  g_autofree char *csv_dir = g_build_filename (fixture->dir, "csvout", NULL);
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  g_autofree char *info = NULL;
  g_autofree char *train = NULL;
  const char *map = "{\"user\": \"{{question}}\", \"assistant\": \"{{answer}}\"}";

  for (int i = 0; i < 10; i++)
    g_string_append_printf (csv, "question %d,answer %d\n", i, i);
  file = write_file (fixture, "qa.csv", csv->str);

  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "split", file, "--train", "80",
                                "--validation", "10", "--test", "10", "--to", "sharegpt",
                                "--map", map, "-o", dir, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  train = read_text (dir, "train.jsonl");
  g_assert_cmpuint (count_lines (train), ==, 8);
  g_assert_true (g_str_has_prefix (train, "{\"conversations\":[{\"from\":\"human\","
                                          "\"value\":\"question "));
  info = read_text (dir, "dataset_info.json");
  g_assert_nonnull (strstr (info, "\"sg_train\""));
  g_assert_nonnull (strstr (info, "\"file_name\": \"validation.jsonl\""));
  g_assert_nonnull (strstr (info, "\"file_name\": \"test.jsonl\""));
  g_assert_nonnull (strstr (out, "dataset_info.json"));

  /* csv: DIR/train.csv …, each with the header */
  g_assert_cmpint (vs_test_cli (&out2, &err2, "dataset", "split", file, "--train", "80",
                                "--validation", "10", "--test", "10", "--to", "csv",
                                "-o", csv_dir, NULL), ==, 0);
  g_assert_cmpstr (err2, ==, "");
  for (int p = 0; p < 3; p++)
    {
      const char *names[] = { "train.csv", "validation.csv", "test.csv" };
      g_autofree char *text = read_text (csv_dir, names[p]);

      g_assert_true (g_str_has_prefix (text, "question,answer\r\n"));
      g_assert_cmpuint (count_lines (text), ==, p == 0 ? 9 : 2);
    }
}

static void
test_split_leaks (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GString) jsonl = g_string_new (NULL);
  g_autofree char *file = NULL;
  g_autofree char *dir = g_build_filename (fixture->dir, "leaky", NULL);
  g_autofree char *fixed = g_build_filename (fixture->dir, "fixed", NULL);
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  g_autofree char *prefix = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_leaks = 0;

  /* 10 examples, each twice (the copy with extra spaces) */
  for (int i = 0; i < 10; i++)
    g_string_append_printf (jsonl, "{\"text\": \"example %d\"}\n{\"text\": \"example  %d \"}\n",
                            i, i);
  file = write_file (fixture, "dup.jsonl", jsonl->str);
  prefix = g_strdup_printf ("%s: line ", file);

  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "split", file, "--train", "50",
                                "--validation", "30", "--test", "20", "-o", dir, NULL), ==, 0);
  lines = g_strsplit (err, "\n", -1);
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      if (strstr (lines[i], "leak(s) between splits") != NULL)
        continue;
      g_assert_true (g_str_has_prefix (lines[i], prefix));
      g_assert_nonnull (strstr (lines[i], ": leak: in "));
      n_leaks++;
    }
  g_assert_cmpuint (n_leaks, >, 0);
  g_assert_nonnull (strstr (err, "--no-leaks"));

  g_assert_cmpint (vs_test_cli (&out2, &err2, "dataset", "split", file, "--train", "50",
                                "--validation", "30", "--test", "20", "--no-leaks", "-o", fixed,
                                NULL), ==, 0);
  g_assert_nonnull (strstr (err2, "; moved"));
  for (int p = 0; p < 3; p++)
    {
      const char *names[] = { "train.jsonl", "validation.jsonl", "test.jsonl" };
      g_autofree char *text = read_text (fixed, names[p]);

      /* both copies of every example sit in the same file */
      for (int i = 0; i < 10; i++)
        {
          g_autofree char *a = g_strdup_printf ("\"example %d\"", i);
          g_autofree char *b = g_strdup_printf ("\"example  %d \"", i);

          g_assert_true ((strstr (text, a) != NULL) == (strstr (text, b) != NULL));
        }
    }
}

static void
test_validate_cost (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *text =
    "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
    "{\"role\":\"assistant\",\"content\":\"hello\"}]}\n";
  g_autofree char *file = write_file (fixture, "c.jsonl", text);
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  g_autofree char *out3 = NULL, *err3 = NULL, *out4 = NULL, *err4 = NULL;
  g_autofree char *out5 = NULL, *err5 = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(JsonObject) stats = NULL;
  g_autoptr(JsonObject) plain = NULL;
  g_autoptr(JsonObject) local = NULL;
  g_autoptr(JsonObject) priced = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *cost;
  gint64 total;

  /* without a project: the built-in price; one example trains for 25 epochs */
  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "validate", file, "--model",
                                "gpt-4o-mini", "--json", NULL), ==, 0);
  summary = vs_json_parse_object (out, -1, &error);
  g_assert_no_error (error);
  total = json_object_get_int_member (json_object_get_object_member (summary, "stats"),
                                      "total_tokens");
  cost = json_object_get_object_member (summary, "cost");
  g_assert_nonnull (cost);
  g_assert_cmpint (json_object_get_int_member (cost, "epochs"), ==, 25);
  g_assert_cmpint (json_object_get_int_member (cost, "billable_tokens"), ==, total * 25);
  g_assert_cmpfloat (json_object_get_double_member (cost, "price_per_mtok"), ==, 3.0);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (cost, "estimated_usd"),
                                  total * 25 * 3.0 / 1e6, 1e-12);

  /* stats carries it too */
  g_assert_cmpint (vs_test_cli (&out2, &err2, "dataset", "stats", file, "--model",
                                "gpt-4o-mini", "--json", NULL), ==, 0);
  stats = vs_json_parse_object (out2, -1, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (stats, "cost"));

  /* no --model, or a model with no known price: no cost */
  g_assert_cmpint (vs_test_cli (&out3, &err3, "dataset", "validate", file, "--json", NULL), ==,
                   0);
  plain = vs_json_parse_object (out3, -1, &error);
  g_assert_false (json_object_has_member (plain, "cost"));
  g_assert_cmpint (vs_test_cli (&out4, &err4, "dataset", "validate", file, "--model",
                                "my-local-model", "--json", NULL), ==, 0);
  local = vs_json_parse_object (out4, -1, &error);
  g_assert_false (json_object_has_member (local, "cost"));

  /* --project: the project's price table */
  {
    g_autoptr(VsProject) project = vs_project_open (fixture->project, VS_PROJECT_OPEN_EXISTING,
                                                    &error);
    g_autoptr(VsPrice) price = vs_price_new ("my-local-model", 0, 0, 2.0);

    g_assert_no_error (error);
    g_assert_true (vs_prices_set (project, price, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (vs_test_cli (&out5, &err5, "dataset", "validate", file, "--model",
                                "my-local-model", "--project", fixture->project, "--json", NULL),
                   ==, 0);
  priced = vs_json_parse_object (out5, -1, &error);
  g_assert_no_error (error);
  cost = json_object_get_object_member (priced, "cost");
  g_assert_nonnull (cost);
  g_assert_cmpfloat (json_object_get_double_member (cost, "price_per_mtok"), ==, 2.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/versus/cli-dataset/import-clean", Fixture, NULL, fixture_set_up,
              test_import_clean, fixture_tear_down);
  g_test_add ("/versus/cli-dataset/import-problems", Fixture, NULL, fixture_set_up,
              test_import_problems, fixture_tear_down);
  g_test_add ("/versus/cli-dataset/import-unreadable", Fixture, NULL, fixture_set_up,
              test_import_unreadable, fixture_tear_down);
  g_test_add ("/versus/cli-dataset/split", Fixture, NULL, fixture_set_up, test_split,
              fixture_tear_down);
  g_test_add ("/versus/cli-dataset/split-stratify", Fixture, NULL, fixture_set_up,
              test_split_stratify, fixture_tear_down);
  g_test_add ("/versus/cli-dataset/split-errors", Fixture, NULL, fixture_set_up,
              test_split_errors, fixture_tear_down);
  g_test_add ("/versus/cli-dataset/dedupe", Fixture, NULL, fixture_set_up, test_dedupe,
              fixture_tear_down);
  g_test_add ("/versus/cli-dataset/dedupe-near", Fixture, NULL, fixture_set_up,
              test_dedupe_near, fixture_tear_down);
  g_test_add ("/versus/cli-dataset/list", Fixture, NULL, fixture_set_up, test_list,
              fixture_tear_down);
  g_test_add ("/versus/cli-dataset/validate", Fixture, NULL, fixture_set_up, test_validate,
              fixture_tear_down);
  g_test_add ("/versus/cli-dataset/validate-clean", Fixture, NULL, fixture_set_up,
              test_validate_clean, fixture_tear_down);
  g_test_add ("/versus/cli-dataset/stats", Fixture, NULL, fixture_set_up, test_stats,
              fixture_tear_down);
  g_test_add ("/versus/cli-dataset/convert-jsonl", Fixture, NULL, fixture_set_up,
              test_convert_jsonl, fixture_tear_down);
  g_test_add ("/versus/cli-dataset/convert-skipped", Fixture, NULL, fixture_set_up,
              test_convert_skipped, fixture_tear_down);
  g_test_add ("/versus/cli-dataset/convert-map", Fixture, NULL, fixture_set_up,
              test_convert_map, fixture_tear_down);
  g_test_add ("/versus/cli-dataset/convert-sharegpt", Fixture, NULL, fixture_set_up,
              test_convert_sharegpt, fixture_tear_down);
  g_test_add ("/versus/cli-dataset/convert-usage", Fixture, NULL, fixture_set_up,
              test_convert_usage, fixture_tear_down);
  g_test_add_func ("/versus/cli-dataset/help", test_help);

  g_test_add ("/versus/cli-dataset/convert-every-format", Fixture, NULL, fixture_set_up,
              test_convert_every_format, fixture_tear_down);
  g_test_add ("/versus/cli-dataset/convert-dpo-map", Fixture, NULL, fixture_set_up,
              test_convert_dpo_map, fixture_tear_down);
  g_test_add ("/versus/cli-dataset/convert-format-skips", Fixture, NULL, fixture_set_up,
              test_convert_format_skips, fixture_tear_down);
  g_test_add ("/versus/cli-dataset/split-formats", Fixture, NULL, fixture_set_up,
              test_split_formats, fixture_tear_down);
  g_test_add ("/versus/cli-dataset/split-leaks", Fixture, NULL, fixture_set_up,
              test_split_leaks, fixture_tear_down);
  g_test_add ("/versus/cli-dataset/validate-cost", Fixture, NULL, fixture_set_up,
              test_validate_cost, fixture_tear_down);

  return g_test_run ();
}
