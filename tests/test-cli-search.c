/* test-cli-search.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli dataset search as a user runs it: the index built on first use with a note on
 * stderr, --json's [{"row", "score", "record"}] with rows numbered as in the source (a
 * skipped line keeps its number) and records exactly as stored, ranking, --limit, the
 * filters and their usage errors, a dataset by name or id, accents, and exit code 2 with a
 * readable message for a malformed query or an unknown dataset.
 */
#include "config.h"

#include <string.h>

#include "vs-json.h"
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
  g_autofree char *path = g_build_filename (fixture->dir, "qa.jsonl", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  /* Line 3 cannot be read: the records after it keep their line's number. */
  const char *text =
    "{\"question\": \"What is the capital of France?\", \"answer\": \"Paris.\"}\n"
    "{\"question\": \"How do I bake bread?\", \"answer\": \"Flour, water, yeast; bake.\"}\n"
    "{not json\n"
    "{\"z\": \"last key first\", \"answer\": \"Paris Paris Paris\", \"a\": 1}\n"
    "{\"question\": \"Café crème\", \"answer\": \"Coffee with cream.\"}\n";

  g_clear_object (&project);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "import", fixture->project, path,
                                "--name", "qa", NULL), ==, 1);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  vs_test_tmpdir_free (fixture->dir);
  g_free (fixture->project);
}

static JsonArray *
search_json (Fixture    *fixture,
             const char *first,
             ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;

  g_ptr_array_add (args, (char *) "dataset");
  g_ptr_array_add (args, (char *) "search");
  g_ptr_array_add (args, fixture->project);
  g_ptr_array_add (args, (char *) "--json");
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_assert_cmpint (vs_test_run_cli ((const char * const *) args->pdata, NULL, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  node = vs_json_parse (out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_array_ref (json_node_get_array (node));
}

/* The "row" of each element, "4,1". */
static char *
rows (JsonArray *array)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i ? "," : "",
                            json_object_get_int_member (json_array_get_object_element (array, i),
                                                        "row"));
  return g_string_free (text, FALSE);
}

static void
assert_rows (Fixture    *fixture,
             const char *expected,
             const char *first,
             ...)
{
  const char *args[12] = { first };
  g_autoptr(JsonArray) array = NULL;
  g_autofree char *found = NULL;
  va_list ap;
  guint n = 1;

  va_start (ap, first);
  while (n < G_N_ELEMENTS (args) - 1 && (args[n] = va_arg (ap, const char *)) != NULL)
    n++;
  va_end (ap);
  args[n] = NULL;
  array = search_json (fixture, args[0], args[1], args[2], args[3], args[4], args[5], args[6],
                       args[7], args[8], args[9], args[10], NULL);
  found = rows (array);
  g_assert_cmpstr (found, ==, expected);
}

static void
test_json (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *best;

  /* The first search builds the index and says so on stderr (plain text when not a tty). */
  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "search", fixture->project, "qa", "paris",
                                NULL), ==, 0);
  g_assert_nonnull (strstr (err, "Building the search index (4 records)"));
  g_assert_nonnull (strstr (err, "2 matching records"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "search", fixture->project, "qa", "paris",
                                "--json", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  /* Exactly this: rows by their line, the record as stored, the best first. */
  g_assert_true (g_str_has_prefix (out, "[{\"row\":4,\"score\":"));
  g_assert_nonnull (strstr (out, ",\"record\":{\"z\":\"last key first\",\"answer\":"
                                 "\"Paris Paris Paris\",\"a\":1}}"));

  {
    g_autoptr(JsonArray) array = search_json (fixture, "qa", "paris", NULL);

    g_assert_cmpuint (json_array_get_length (array), ==, 2);
    best = json_array_get_object_element (array, 0);
    g_assert_cmpint (json_object_get_int_member (best, "row"), ==, 4);
    g_assert_cmpfloat (json_object_get_double_member (best, "score"), >,
                       json_object_get_double_member (json_array_get_object_element (array, 1),
                                                      "score"));
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 1), "row"),
                     ==, 1);
  }
}

static void
test_queries (Fixture       *fixture,
              gconstpointer  data)
{
  assert_rows (fixture, "2", "qa", "bak*", NULL);
  assert_rows (fixture, "1", "qa", "\"capital of France\"", NULL);
  assert_rows (fixture, "", "qa", "\"France capital\"", NULL);
  assert_rows (fixture, "5", "qa", "CAFE", NULL);
  assert_rows (fixture, "5", "qa", "crème", NULL);
  assert_rows (fixture, "4", "qa", "paris", "--limit", "1", NULL);
  /* By id as well as by name; an empty query lists every record in file order. */
  assert_rows (fixture, "1,2,4,5", "1", "", NULL);
  assert_rows (fixture, "1,2", "qa", "", "--limit", "2", NULL);
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  /* An import leaves every record unreviewed, unassigned, unrated, untagged. */
  assert_rows (fixture, "4,1", "qa", "paris", "--status", "unreviewed", NULL);
  assert_rows (fixture, "", "qa", "paris", "--status", "accepted", NULL);
  assert_rows (fixture, "4,1", "qa", "paris", "--split", "unassigned", "--rating", "0", NULL);
  assert_rows (fixture, "", "qa", "paris", "--split", "train", NULL);
  assert_rows (fixture, "", "qa", "", "--tag", "geo", NULL);
  assert_rows (fixture, "", "qa", "", "--problem", "missing_content", NULL);
  assert_rows (fixture, "", "qa", "", "--cluster", "1", NULL);
  assert_rows (fixture, "", "qa", "", "--tokens", "1:", NULL);
  assert_rows (fixture, "", "qa", "", "--rating", "4:5", NULL);
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  struct {
    const char *args[6];
    const char *message;
  } cases[] = {
    { { "qa", "paris AND (", NULL }, "The search “paris AND (” is not valid" },
    { { "qa", "\"open", NULL }, "is not valid" },
    { { "nope", "paris", NULL }, "no dataset called “nope”" },
    { { "qa", "x", "--status", "done", NULL }, "unknown status" },
    { { "qa", "x", "--split", "dev", NULL }, "unknown split" },
    { { "qa", "x", "--rating", "7", NULL }, "--rating" },
    { { "qa", "x", "--tokens", "9:3", NULL }, "--tokens" },
    { { "qa", "x", "--limit", "-1", NULL }, "--limit" },
    { { "qa", NULL }, "expected a PROJECT, a DATASET and a QUERY" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[10] = { "dataset", "search", fixture->project };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      for (guint a = 0; cases[i].args[a] != NULL; a++)
        args[3 + a] = cases[i].args[a];
      g_assert_cmpint (vs_test_run_cli (args, NULL, &out, &err), ==, 2);
      g_test_message ("%s", err);
      g_assert_nonnull (strstr (err, cases[i].message));
      g_assert_null (strstr (err, "fts5"));
      g_assert_cmpstr (out, ==, "");
    }
}

static void
test_help (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "search", "--help", NULL), ==, 0);
  for (guint i = 0; i < 9; i++)
    {
      const char *options[] = { "--limit", "--json", "--split", "--status", "--tag", "--rating",
                                "--problem", "--tokens", "--cluster" };

      g_assert_nonnull (strstr (out, options[i]));
    }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "dataset search PROJECT DATASET QUERY"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/versus/cli-search/json", Fixture, NULL, fixture_set_up, test_json,
              fixture_tear_down);
  g_test_add ("/versus/cli-search/queries", Fixture, NULL, fixture_set_up, test_queries,
              fixture_tear_down);
  g_test_add ("/versus/cli-search/filters", Fixture, NULL, fixture_set_up, test_filters,
              fixture_tear_down);
  g_test_add ("/versus/cli-search/errors", Fixture, NULL, fixture_set_up, test_errors,
              fixture_tear_down);
  g_test_add_func ("/versus/cli-search/help", test_help);

  return g_test_run ();
}
