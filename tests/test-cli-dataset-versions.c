/* test-cli-dataset-versions.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli dataset import (creating the project, --map, unique names), list (snapshots),
 * snapshot (name, rows, the diff against the previous one) and export (a named snapshot or
 * one frozen for it; the stored rows written back as imported) as a user runs them, with
 * DATASET given by name or id.
 */
#include "config.h"

#include <string.h>

#include "vs-json.h"
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
  fixture->dir = vs_test_tmpdir_new ();
  /* Not created: the first import creates it. */
  fixture->project = g_build_filename (fixture->dir, "new.versus", NULL);
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

#define ROWS \
  "{\"q\":\"2+2?\",\"a\":\"4\",\"id\":1}\n" \
  "{\"q\":\"Capital of France?\",\"a\":\"Paris\",\"id\":2}\n" \
  "{\"q\":\"Sky?\",\"a\":\"blue\",\"id\":3}\n"

static JsonObject *
run_json (int          expected_status,
          const char  *first,
          ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  va_list ap;
  int status;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  status = vs_test_run_cli ((const char * const *) args->pdata, NULL, &out, &err);
  if (status != expected_status)
    g_error ("exit %d (expected %d): %s", status, expected_status, err);
  object = vs_json_parse_object (out, -1, &error);
  g_assert_no_error (error);
  return object;
}

static void
test_import (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *file = write_file (fixture, "qa.jsonl", ROWS);
  g_autofree char *bad = write_file (fixture, "bad.jsonl", "{\"q\":\"x\"}\n");
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) mapped = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *mapping;

  g_assert_false (g_file_test (fixture->project, G_FILE_TEST_EXISTS));
  first = run_json (0, "dataset", "import", fixture->project, file, "--json",
                    "--map", "{\"user\": \"{{q}}\", \"assistant\": \"{{a}}\"}", NULL);
  g_assert_true (g_file_test (fixture->project, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "qa");
  mapping = json_object_get_object_member (first, "mapping");
  g_assert_cmpint (json_object_get_int_member (mapping, "mapped"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (mapping, "failed"), ==, 0);

  /* The name is taken: "qa 2". */
  second = run_json (0, "dataset", "import", fixture->project, file, "--json", NULL);
  g_assert_cmpstr (json_object_get_string_member (second, "name"), ==, "qa 2");
  g_assert_false (json_object_has_member (second, "mapping"));

  /* A record the mapping cannot map is a problem (exit 1), reported by row. */
  mapped = run_json (1, "dataset", "import", fixture->project, bad, "--name", "qa", "--json",
                     "--map", "{\"user\": \"{{q}}\", \"assistant\": \"{{a}}\"}", NULL);
  g_assert_cmpstr (json_object_get_string_member (mapped, "name"), ==, "qa 3");
  mapping = json_object_get_object_member (mapped, "mapping");
  g_assert_cmpint (json_object_get_int_member (mapping, "failed"), ==, 1);

  /* A bad mapping is a usage error, checked before anything is imported. */
  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "import", fixture->project, file,
                                "--map", "{\"user\": \"{{q\"}", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--map"));
}

static gboolean
file_equals (const char *path,
             const char *text)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return g_strcmp0 (contents, text) == 0;
}

static void
test_snapshot_export (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *file = write_file (fixture, "qa.jsonl", ROWS);
  g_autofree char *raw = g_build_filename (fixture->dir, "raw.jsonl", NULL);
  g_autofree char *chat = g_build_filename (fixture->dir, "chat.jsonl", NULL);
  g_autofree char *again = g_build_filename (fixture->dir, "again.jsonl", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonObject) imported = NULL;
  g_autoptr(JsonObject) v1 = NULL;
  g_autoptr(JsonObject) v2 = NULL;
  g_autoptr(JsonObject) exported = NULL;
  g_autoptr(JsonObject) named = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *list_out = NULL;
  g_autofree char *list_err = NULL;
  JsonObject *snapshot;

  imported = run_json (0, "dataset", "import", fixture->project, file, "--json", "--map",
                       "{\"user\": \"{{q}}\", \"assistant\": \"{{a}}\"}", NULL);

  /* By name. */
  v1 = run_json (0, "dataset", "snapshot", fixture->project, "qa", "--name", "v1", "--json",
                 NULL);
  g_assert_cmpstr (json_object_get_string_member (v1, "name"), ==, "v1");
  g_assert_cmpstr (json_object_get_string_member (v1, "dataset"), ==, "qa");
  g_assert_cmpint (json_object_get_int_member (v1, "rows"), ==, 3);
  g_assert_true (json_object_get_null_member (v1, "previous"));
  g_assert_cmpint (json_object_get_int_member (v1, "added"), ==, 3);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (v1, "added_rows")), ==,
                   3);

  /* By id; unchanged since v1. The name is taken the second time: exit 1. */
  v2 = run_json (0, "dataset", "snapshot", fixture->project, "1", "--json", NULL);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (v2, "previous"), "name"), ==, "v1");
  g_assert_cmpint (json_object_get_int_member (v2, "added"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (v2, "removed"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (v2, "edited"), ==, 0);
  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "snapshot", fixture->project, "qa",
                                "--name", "v1", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "v1"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "snapshot", fixture->project, "nope",
                                NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* Text: name, id, rows, changes. */
  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "snapshot", fixture->project, "qa",
                                "--name", "v3", "--accepted-only", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Snapshot:  v3 (id 3)"));
  g_assert_nonnull (strstr (out, "Rows:      0 (accepted only)"));
  g_assert_nonnull (strstr (out, "3 removed"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Without --snapshot: the rows as imported (keys in source order), a snapshot frozen. */
  exported = run_json (0, "dataset", "export", fixture->project, "qa", "--to", "jsonl", "-o",
                       raw, "--json", NULL);
  g_assert_true (file_equals (raw, ROWS));
  snapshot = json_object_get_object_member (exported, "snapshot");
  g_assert_true (json_object_get_boolean_member (snapshot, "frozen"));
  g_assert_cmpint (json_object_get_int_member (snapshot, "id"), ==, 4);

  /* A named snapshot, in a chat format: the mapped examples. */
  named = run_json (0, "dataset", "export", fixture->project, "1", "--snapshot", "v1", "--to",
                    "openai-chat", "-o", chat, "--json", NULL);
  snapshot = json_object_get_object_member (named, "snapshot");
  g_assert_false (json_object_get_boolean_member (snapshot, "frozen"));
  g_assert_cmpstr (json_object_get_string_member (snapshot, "name"), ==, "v1");
  g_assert_true (file_equals (chat,
                              "{\"messages\":[{\"role\":\"user\",\"content\":\"2+2?\"},"
                              "{\"role\":\"assistant\",\"content\":\"4\"}]}\n"
                              "{\"messages\":[{\"role\":\"user\",\"content\":\"Capital of "
                              "France?\"},{\"role\":\"assistant\",\"content\":\"Paris\"}]}\n"
                              "{\"messages\":[{\"role\":\"user\",\"content\":\"Sky?\"},"
                              "{\"role\":\"assistant\",\"content\":\"blue\"}]}\n"));

  /* --status on what the snapshot recorded: nothing is accepted. */
  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "export", fixture->project, "qa",
                                "--snapshot", "v1", "--status", "accepted", "--to", "jsonl",
                                "-o", again, NULL), ==, 0);
  g_assert_true (file_equals (again, ""));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* Usage errors. */
  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "export", fixture->project, "qa",
                                "--to", "xlsx", "-o", again, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "export", fixture->project, "qa",
                                "--snapshot", "nope", "--to", "jsonl", "-o", again, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "nope"));

  /* snapshots lists them, oldest first, with what each changed and what used it. */
  {
    g_autofree char *snaps_out = NULL;
    g_autofree char *snaps_err = NULL;
    g_autoptr(JsonNode) snaps = NULL;
    JsonArray *array;

    g_assert_cmpint (vs_test_cli (&snaps_out, &snaps_err, "dataset", "snapshots",
                                  fixture->project, "qa", "--json", NULL), ==, 0);
    snaps = vs_json_parse (snaps_out, -1, NULL);
    array = json_node_get_array (snaps);
    g_assert_cmpuint (json_array_get_length (array), ==, 4);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0),
                                                    "name"), ==, "v1");
    /* v1: written twice above (openai-chat, and --status accepted). */
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0),
                                                 "used"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 2),
                                                 "removed"), ==, 3);
    /* The snapshot the raw export froze has every record back. */
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 3),
                                                 "added"), ==, 3);
  }

  /* The text form: an aligned table, a row per snapshot. */
  {
    g_autofree char *table = NULL;

    g_assert_cmpint (vs_test_cli (&table, NULL, "dataset", "snapshots", fixture->project, "qa",
                                  NULL), ==, 0);
    g_assert_true (g_str_has_prefix (table, "ID  NAME"));
    vs_test_assert_table (table, "ID", 4);
  }

  /* list counts the snapshots. */
  g_assert_cmpint (vs_test_cli (&list_out, &list_err, "dataset", "list", fixture->project,
                                "--json", NULL), ==, 0);
  list = vs_json_parse (list_out, -1, NULL);
  g_assert_cmpint (json_object_get_int_member (
                     json_array_get_object_element (json_node_get_array (list), 0), "snapshots"),
                   ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/versus/cli-dataset-versions/import", Fixture, NULL, fixture_set_up,
              test_import, fixture_tear_down);
  g_test_add ("/versus/cli-dataset-versions/snapshot-export", Fixture, NULL, fixture_set_up,
              test_snapshot_export, fixture_tear_down);

  return g_test_run ();
}
