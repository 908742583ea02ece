/* test-dataset-snapshot.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Snapshots over record versions: what a snapshot holds (not rejected, not dropped, or only
 * accepted), that edits, rejections, deletions and inserts made after it — by any writer of
 * records, here plain SQL — leave it as it was, the diff against the previous snapshot, the
 * space a snapshot of unchanged rows costs, names, deletion, the export that freezes and
 * records its snapshot, and the migration of a v7 project's snapshot_records.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vs-dataset-export.h"
#include "vs-dataset-snapshot-private.h"
#include "vs-dataset-steps.h"
#include "vs-dataset-store-private.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-test-util.h"

typedef struct
{
  char      *dir;
  char      *path;
  VsProject *project;
  gint64     dataset;
} Fixture;

static void
exec_sql (VsProject  *project,
          const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (!vs_project_exec (project, sql, &error))
    g_error ("%s: %s", sql, error->message);
}

static gint64
query_int (VsProject  *project,
           const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (vs_project_get_db (project), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* A dataset "d" with records 1…@n, {"n": ordinal, "text": "row N"}, counted as an import
 * counts them. */
static gint64
add_dataset (VsProject  *project,
             const char *name,
             gint64      n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 id;

  sql = g_strdup_printf ("INSERT INTO datasets (name, created_at, updated_at)"
                         " VALUES ('%s', 'x', 'x')", name);
  exec_sql (project, sql);
  id = sqlite3_last_insert_rowid (vs_project_get_db (project));
  g_free (sql);
  sql = g_strdup_printf ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                         " WHERE i < %" G_GINT64_FORMAT ")"
                         " INSERT INTO records (dataset_id, ordinal, data)"
                         " SELECT %" G_GINT64_FORMAT ", i, json_object ('n', i, 'text',"
                         "  'row ' || i) FROM n", n, id);
  exec_sql (project, sql);
  g_assert_true (_vs_dataset_counts_add (vs_project_get_db (project), id, "unassigned",
                                         "unreviewed", n, &error));
  g_assert_no_error (error);
  return id;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->project = vs_test_project_new ("snap.versus", &f->dir, &f->path);
  f->dataset = add_dataset (f->project, "d", 10);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->project);
  vs_test_tmpdir_free (f->dir);
  g_free (f->path);
}

static gboolean
collect_row (const VsSnapshotRow *row,
             gpointer             user_data,
             GError             **error)
{
  GString *out = user_data;

  g_string_append_printf (out, "%" G_GINT64_FORMAT ":%s:%s;", row->ordinal, row->status,
                          row->data);
  return TRUE;
}

/* The snapshot's records as "ordinal:status:data;…". */
static char *
rows_of (VsProject  *project,
         gint64      snapshot,
         const char *status,
         const char *tag)
{
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);

  g_assert_true (vs_dataset_snapshot_foreach (project, snapshot, status, tag, collect_row, out,
                                              NULL, &error));
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

static gint64
snapshot (VsProject  *project,
          gint64      dataset,
          const char *name,
          gboolean    accepted_only)
{
  g_autoptr(GError) error = NULL;
  gint64 id = vs_dataset_snapshot_create (project, dataset, name, accepted_only, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
n_records_of (VsProject *project,
              gint64     id)
{
  g_autoptr(VsSnapshotInfo) info = vs_dataset_snapshot_get (project, id, NULL);

  g_assert_nonnull (info);
  return info->n_records;
}

static void
assert_ordinals (GArray       *ordinals,
                 const gint64 *expected,
                 guint         n)
{
  g_assert_cmpuint (ordinals->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (ordinals, gint64, i), ==, expected[i]);
}

static void
test_contents (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsSnapshotDiff) diff = NULL;
  g_autoptr(VsSnapshotInfo) info = NULL;
  g_autofree char *before = NULL;
  g_autofree char *again = NULL;
  g_autofree char *second = NULL;
  gint64 first, next, accepted;

  exec_sql (f->project, "UPDATE records SET status = 'rejected' WHERE ordinal = 10");
  first = snapshot (f->project, f->dataset, "v1", FALSE);
  before = rows_of (f->project, first, NULL, NULL);
  g_assert_nonnull (strstr (before, "1:unreviewed:{\"n\":1,\"text\":\"row 1\"};"));
  g_assert_null (strstr (before, "10:"));
  info = vs_dataset_snapshot_get (f->project, first, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->n_records, ==, 9);
  g_assert_cmpint (info->generation, ==, 1);
  g_assert_cmpstr (info->name, ==, "v1");

  /* Any writer: an edit, a rejection, an acceptance, a tag, a deletion, a new record, a
   * drop by a cleaning step, tokens counted for the first time. */
  exec_sql (f->project, "UPDATE records SET data = json_set (data, '$.text', 'fixed')"
                        " WHERE ordinal = 2");
  exec_sql (f->project, "UPDATE records SET status = 'rejected' WHERE ordinal = 3");
  exec_sql (f->project, "UPDATE records SET status = 'accepted' WHERE ordinal IN (4, 5)");
  exec_sql (f->project, "UPDATE records SET tags = '[\"good\"]' WHERE ordinal = 5");
  exec_sql (f->project, "DELETE FROM records WHERE ordinal = 6");
  exec_sql (f->project, "INSERT INTO records (dataset_id, ordinal, data)"
                        " VALUES (1, 11, '{\"n\":11}')");
  exec_sql (f->project, "INSERT INTO dataset_steps (dataset_id, kind, created_at)"
                        " VALUES (1, 'drop', 'x')");
  exec_sql (f->project, "UPDATE records SET dropped_by = 1 WHERE ordinal = 7");
  exec_sql (f->project, "UPDATE records SET tokens = 12 WHERE ordinal = 8");
  g_assert_true (_vs_dataset_counts_add (vs_project_get_db (f->project), f->dataset,
                                         "unassigned", "unreviewed", 1, &error));

  /* The first snapshot holds what it held. */
  again = rows_of (f->project, first, NULL, NULL);
  g_assert_cmpstr (again, ==, before);
  /* Only changed records cost a version: 2, 3, 4, 5, 6 and 7 (not 8: its first count). */
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM record_versions"), ==, 6);

  next = snapshot (f->project, f->dataset, NULL, FALSE);
  second = rows_of (f->project, next, NULL, NULL);
  g_assert_nonnull (strstr (second, "2:unreviewed:{\"n\":2,\"text\":\"fixed\"};"));
  g_assert_null (strstr (second, "row 2"));
  g_assert_null (strstr (second, "3:"));
  g_assert_null (strstr (second, "6:"));
  g_assert_null (strstr (second, "7:"));
  g_assert_nonnull (strstr (second, "11:unreviewed:{\"n\":11};"));
  g_assert_cmpint (n_records_of (f->project, next), ==, 7);

  diff = vs_dataset_snapshot_diff (f->project, next, G_MAXUINT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (diff->previous_id, ==, first);
  g_assert_cmpstr (diff->previous_name, ==, "v1");
  g_assert_cmpint (diff->n_added, ==, 1);
  assert_ordinals (diff->added, (gint64[]) { 11 }, 1);
  g_assert_cmpint (diff->n_removed, ==, 3);
  assert_ordinals (diff->removed, (gint64[]) { 3, 6, 7 }, 3);
  /* 2 (data) and 5 (tags); 4 only changed status and is in both. */
  g_assert_cmpint (diff->n_edited, ==, 2);
  assert_ordinals (diff->edited, (gint64[]) { 2, 5 }, 2);
  g_clear_pointer (&diff, vs_snapshot_diff_free);

  /* Filters on what the snapshot recorded; accepted only. */
  g_free (again);
  again = rows_of (f->project, next, "accepted", "good");
  g_assert_cmpstr (again, ==, "5:accepted:{\"n\":5,\"text\":\"row 5\"};");
  accepted = snapshot (f->project, f->dataset, "acc", TRUE);
  g_free (again);
  again = rows_of (f->project, accepted, NULL, NULL);
  g_assert_cmpstr (again, ==, "4:accepted:{\"n\":4,\"text\":\"row 4\"};"
                              "5:accepted:{\"n\":5,\"text\":\"row 5\"};");
  g_assert_cmpint (n_records_of (f->project, accepted), ==, 2);
  diff = vs_dataset_snapshot_diff (f->project, accepted, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (diff->n_removed, ==, 5);
  g_assert_cmpuint (diff->removed->len, ==, 1);

  /* A deletion undone by putting the row back as it was (its old `born` too): the first
   * snapshot still holds the record once. */
  exec_sql (f->project, "CREATE TEMP TABLE trash AS SELECT * FROM records WHERE ordinal = 9;"
                        "DELETE FROM records WHERE ordinal = 9;"
                        "INSERT INTO records SELECT * FROM temp.trash;"
                        "DROP TABLE temp.trash");
  g_free (again);
  again = rows_of (f->project, first, NULL, NULL);
  g_assert_cmpstr (again, ==, before);
  g_assert_cmpint (query_int (f->project, "SELECT born FROM records WHERE ordinal = 9"), ==, 4);

  /* A record-id keyed page (the evaluation runner's) sees the same records. */
  {
    VsSnapshotRef ref;
    g_autoptr(sqlite3_stmt) stmt = NULL;
    int n = 0;

    g_assert_true (_vs_dataset_snapshot_ref (vs_project_get_db (f->project), first, &ref,
                                             &error));
    stmt = _vs_dataset_snapshot_prepare_rows (vs_project_get_db (f->project), &ref,
                                              VS_SNAPSHOT_BY_RECORD, 4, 100, NULL, NULL, &error);
    g_assert_no_error (error);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      n++;
    g_assert_cmpint (n, ==, 5);  /* records 5…9 */
  }
}

/* The plan of @stmt's SQL (its parameters bound as NULL), one detail per line. */
static char *
plan_of (sqlite3      *db,
         sqlite3_stmt *stmt)
{
  g_autofree char *sql = g_strconcat ("EXPLAIN QUERY PLAN ", sqlite3_sql (stmt), NULL);
  g_autoptr(sqlite3_stmt) explain = NULL;
  GString *plan = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &explain, NULL), ==, SQLITE_OK);
  while (sqlite3_step (explain) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", sqlite3_column_text (explain, 3));
  return g_string_free (plan, FALSE);
}

/* Reading a snapshot merges two index walks: no sort of the dataset, in either order. */
static void
test_plans (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = vs_project_get_db (f->project);
  gint64 id = snapshot (f->project, f->dataset, "s", FALSE);
  VsSnapshotRef ref;

  g_assert_true (_vs_dataset_snapshot_ref (db, id, &ref, &error));
  for (int order = VS_SNAPSHOT_BY_ORDINAL; order <= VS_SNAPSHOT_BY_RECORD; order++)
    {
      g_autoptr(sqlite3_stmt) stmt = _vs_dataset_snapshot_prepare_rows (db, &ref, order, 0, 10,
                                                                        NULL, NULL, &error);
      g_autofree char *plan = plan_of (db, stmt);

      g_test_message ("%s", plan);
      g_assert_nonnull (strstr (plan, "MERGE (UNION ALL)"));
      g_assert_null (strstr (plan, "TEMP B-TREE"));
      g_assert_null (strstr (plan, "SCAN records"));
    }
}

static void
test_names (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsSnapshotInfo) a = NULL;
  g_autoptr(VsSnapshotInfo) b = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 first = snapshot (f->project, f->dataset, NULL, FALSE);
  gint64 second = snapshot (f->project, f->dataset, NULL, FALSE);
  g_autofree char *two = NULL;

  a = vs_dataset_snapshot_get (f->project, first, &error);
  b = vs_dataset_snapshot_get (f->project, second, &error);
  /* Date and time; the same minute again gets " 2" (or the next minute's name). */
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$", a->name, 0, 0));
  two = g_strdup_printf ("%s 2", a->name);
  g_assert_true (g_strcmp0 (b->name, two) == 0 ||
                 g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$", b->name, 0, 0));
  g_assert_cmpstr (a->name, !=, b->name);

  g_assert_cmpint (vs_dataset_snapshot_create (f->project, f->dataset, a->name, FALSE, &error),
                   ==, 0);
  g_assert_error (error, VS_ERROR, VS_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (vs_dataset_snapshot_create (f->project, 999, "x", FALSE, &error), ==, 0);
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (vs_dataset_snapshot_find (f->project, f->dataset, a->name, &error), ==, first);
  g_assert_cmpint (vs_dataset_snapshot_find (f->project, f->dataset, "2", &error), ==, second);
  g_assert_cmpint (vs_dataset_snapshot_find (f->project, f->dataset, "nope", &error), ==, 0);
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  list = vs_dataset_snapshot_list (f->project, f->dataset, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (((VsSnapshotInfo *) g_ptr_array_index (list, 1))->generation, ==, 2);

  /* Dataset names: unique, and found by name or id. */
  g_assert_cmpint (vs_dataset_store_resolve (f->project, "d", &error), ==, f->dataset);
  g_assert_cmpint (vs_dataset_store_resolve (f->project, "1", &error), ==, f->dataset);
  g_assert_cmpint (vs_dataset_store_resolve (f->project, "7", &error), ==, 0);
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (vs_project_exec (f->project, "INSERT INTO datasets (name, created_at,"
                                               " updated_at) VALUES ('d', 'x', 'x')", &error));
  g_clear_error (&error);
  {
    g_autofree char *name = _vs_dataset_unique_name (vs_project_get_db (f->project), "d",
                                                     &error);

    g_assert_cmpstr (name, ==, "d 2");
  }
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 first = snapshot (f->project, f->dataset, "a", FALSE);
  gint64 second;

  exec_sql (f->project, "UPDATE records SET data = '{\"n\":0}' WHERE ordinal = 1");
  second = snapshot (f->project, f->dataset, "b", FALSE);
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM record_versions"), ==, 1);

  /* Referenced by an export: kept. */
  exec_sql (f->project, "INSERT INTO exports (snapshot_id, format, path, n_records, created_at)"
                        " VALUES (2, 'jsonl', '/x', 10, 'x')");
  g_assert_false (vs_dataset_snapshot_delete (f->project, second, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  g_clear_error (&error);

  /* The first goes, and the version only it needed with it. */
  g_assert_true (vs_dataset_snapshot_delete (f->project, first, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM record_versions"), ==, 0);
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM snapshots"), ==, 1);
  g_assert_false (vs_dataset_snapshot_delete (f->project, first, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* Snapshots stay immutable. */
  g_assert_false (vs_project_exec (f->project, "UPDATE snapshots SET name = 'z'", &error));
  g_clear_error (&error);
}

/* FILE plus FILE-wal, with the project closed. */
static goffset
project_bytes (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;
  goffset total = 0;

  if (g_stat (path, &st) == 0)
    total += st.st_size;
  if (g_stat (wal, &st) == 0)
    total += st.st_size;
  return total;
}

/* A snapshot of unchanged rows costs a few pages, not a row per record: under 10 bytes per
 * record (the 1M-row figure is bench-snapshot's). */
static void
test_size (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const gint64 n = 50000;
  gint64 big;
  goffset before, after;

  big = add_dataset (f->project, "big", n);
  g_clear_object (&f->project);
  before = project_bytes (f->path);

  f->project = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  snapshot (f->project, big, NULL, FALSE);
  snapshot (f->project, big, NULL, FALSE);
  g_clear_object (&f->project);
  after = project_bytes (f->path);
  g_test_message ("two snapshots of %" G_GINT64_FORMAT " rows added %" G_GOFFSET_FORMAT
                  " bytes", n, after - before);
  g_assert_cmpint (after - before, <, n * 10 / 2);

  /* Edits cost a version each, not a copy of the dataset. */
  f->project = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  exec_sql (f->project, "UPDATE records SET status = 'accepted'"
                        " WHERE dataset_id = 2 AND ordinal <= 100");
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM record_versions"), ==, 100);
}

typedef struct
{
  GMainLoop              *loop;
  VsDatasetExportSummary *summary;
  GError                 *error;
} ExportState;

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ExportState *state = user_data;

  state->summary = vs_dataset_export_dataset_finish (VS_PROJECT (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

static VsDatasetExportSummary *
export_to (VsProject                    *project,
        gint64                        dataset,
        const char                   *output,
        const VsDatasetExportOptions *options)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  ExportState state = { loop, NULL, NULL };

  vs_dataset_export_dataset_async (project, dataset, output, options, NULL, NULL, NULL, NULL,
                                   on_exported, &state);
  g_main_loop_run (loop);
  g_assert_no_error (state.error);
  g_assert_nonnull (state.summary);
  return state.summary;
}

static gboolean
append_data (const VsSnapshotRow *row,
             gpointer             user_data,
             GError             **error)
{
  g_string_append_printf (user_data, "%s\n", row->data);
  return TRUE;
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsDatasetExportSummary) frozen = NULL;
  g_autoptr(VsDatasetExportSummary) named = NULL;
  g_autofree char *out1 = g_build_filename (f->dir, "one.jsonl", NULL);
  g_autofree char *out2 = g_build_filename (f->dir, "two.jsonl", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) rows = g_string_new (NULL);
  VsDatasetExportOptions options = { 0 };
  gint64 n_snapshots;

  /* Without a snapshot: one is frozen, named, and the export recorded with it. */
  options.format = VS_EXPORT_JSONL;
  frozen = export_to (f->project, f->dataset, out1, &options);
  g_assert_cmpint (frozen->snapshot_id, >, 0);
  g_assert_true (frozen->snapshot_frozen);
  g_assert_nonnull (frozen->snapshot_name);
  g_assert_cmpint (frozen->n_written, ==, 10);
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM exports WHERE snapshot_id = 1"
                                          " AND length (sha256) = 64"), ==, 1);
  g_assert_cmpint (vs_dataset_snapshot_for_file (f->project, out1, &error), ==,
                   frozen->snapshot_id);
  {
    g_autoptr(JsonNode) json = vs_dataset_export_summary_to_json (frozen);
    JsonObject *s = json_object_get_object_member (json_node_get_object (json), "snapshot");

    g_assert_cmpint (json_object_get_int_member (s, "id"), ==, frozen->snapshot_id);
    g_assert_true (json_object_get_boolean_member (s, "frozen"));
  }

  /* Edited afterwards, the snapshot still exports as it was: equal to its rows, keys in
   * source order. */
  exec_sql (f->project, "UPDATE records SET data = '{\"n\":0}' WHERE ordinal <= 5");
  options.snapshot_id = frozen->snapshot_id;
  n_snapshots = query_int (f->project, "SELECT count(*) FROM snapshots");
  named = export_to (f->project, f->dataset, out2, &options);
  g_assert_false (named->snapshot_frozen);
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM snapshots"), ==, n_snapshots);
  g_assert_true (g_file_get_contents (out2, &text, NULL, NULL));
  g_assert_true (vs_dataset_snapshot_foreach (f->project, frozen->snapshot_id, NULL, NULL,
                                              append_data, rows, NULL, &error));
  g_assert_cmpstr (text, ==, rows->str);
  g_assert_true (g_str_has_prefix (text, "{\"n\":1,\"text\":\"row 1\"}\n"));
  /* Deleting the dataset takes its snapshots and the record of their exports along, unless
   * a run used one. */
  {
    gint64 other = add_dataset (f->project, "other", 3);

    snapshot (f->project, other, "used", FALSE);
    exec_sql (f->project, "INSERT INTO runs (name, snapshot_id, created_at)"
                          " SELECT 'r', id, 'x' FROM snapshots WHERE name = 'used'");
    g_assert_false (vs_dataset_steps_delete (f->project, other, &error));
    g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_true (vs_dataset_steps_delete (f->project, f->dataset, &error));
    g_assert_no_error (error);
    g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM exports"), ==, 0);
    g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM record_versions"), ==, 0);
    g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM snapshots"), ==, 1);
  }
  /* A file edited since matches no export. */
  g_assert_true (g_file_set_contents (out2, "{}\n", -1, NULL));
  g_assert_cmpint (vs_dataset_snapshot_for_file (f->project, out2, &error), ==, 0);
}

/* A v7 project with duplicate dataset names and a snapshot_records copy. */
static void
test_migrate (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "old.versus", NULL);
  g_autofree char *pragma = g_strdup_printf ("PRAGMA application_id = %d",
                                             VS_PROJECT_APPLICATION_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *after = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, pragma, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (_vs_project_schema_migrate (db, 0, 7, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO datasets (id, name, created_at, updated_at)"
                                 " VALUES (1, 'cases', 'x', 'x'), (2, 'cases', 'x', 'x'),"
                                 " (3, 'cases 2', 'x', 'x'), (4, 'cases', 'x', 'x');"
                                 "INSERT INTO records (dataset_id, ordinal, data, split)"
                                 " VALUES (1, 1, '{\"q\":\"a\"}', 'test'),"
                                 " (1, 2, '{\"q\":\"b\"}', 'test');"
                                 "INSERT INTO snapshots (id, dataset_id, name, n_records,"
                                 " created_at) VALUES (1, 1, 'run x', 2, 'x');"
                                 "INSERT INTO snapshot_records (snapshot_id, record_id, ordinal,"
                                 " split, example, tokens) SELECT 1, id, ordinal, split, data, 5"
                                 " FROM records;"
                                 /* A record deleted since the snapshot was taken. */
                                 "INSERT INTO snapshot_records (snapshot_id, record_id, ordinal,"
                                 " split, example) VALUES (1, 99, 3, 'test', '{\"q\":\"c\"}');"
                                 "INSERT INTO runs (name, snapshot_id, created_at)"
                                 " VALUES ('x', 1, 'x');"
                                 "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  project = vs_project_open (path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  names = vs_dataset_store_list_names (project, &error);
  g_assert_cmpuint (names->len, ==, 4);
  g_assert_cmpstr (((VsDatasetName *) g_ptr_array_index (names, 0))->name, ==, "cases");
  g_assert_cmpstr (((VsDatasetName *) g_ptr_array_index (names, 1))->name, ==, "cases 2");
  g_assert_cmpstr (((VsDatasetName *) g_ptr_array_index (names, 2))->name, ==, "cases 3");
  g_assert_cmpstr (((VsDatasetName *) g_ptr_array_index (names, 3))->name, ==, "cases 4");
  g_assert_cmpint (vs_dataset_store_resolve (project, "cases 3", &error), ==, 2);
  g_assert_cmpint (vs_dataset_store_resolve (project, "cases 2", &error), ==, 3);

  /* The old copy is the snapshot's content; a later edit leaves it alone. */
  list = vs_dataset_snapshot_list (project, 1, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((VsSnapshotInfo *) g_ptr_array_index (list, 0))->generation, ==, 1);
  g_assert_cmpint (((VsSnapshotInfo *) g_ptr_array_index (list, 0))->n_references, ==, 1);
  rows = rows_of (project, 1, NULL, NULL);
  g_assert_cmpstr (rows, ==, "1:unreviewed:{\"q\":\"a\"};2:unreviewed:{\"q\":\"b\"};"
                             "3:unreviewed:{\"q\":\"c\"};");
  exec_sql (project, "UPDATE records SET data = '{\"q\":\"z\"}' WHERE ordinal = 1");
  after = rows_of (project, 1, NULL, NULL);
  g_assert_cmpstr (after, ==, rows);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM sqlite_schema"
                                       " WHERE name = 'snapshot_records'"), ==, 0);
  /* The next snapshot holds the live records. */
  {
    gint64 next = snapshot (project, 1, "next", FALSE);
    g_autofree char *now = rows_of (project, next, NULL, NULL);

    g_assert_cmpstr (now, ==, "1:unreviewed:{\"q\":\"z\"};2:unreviewed:{\"q\":\"b\"};");
  }
  g_clear_object (&project);
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/versus/snapshot/contents", Fixture, NULL, fixture_setup, test_contents,
              fixture_teardown);
  g_test_add ("/versus/snapshot/plans", Fixture, NULL, fixture_setup, test_plans,
              fixture_teardown);
  g_test_add ("/versus/snapshot/names", Fixture, NULL, fixture_setup, test_names,
              fixture_teardown);
  g_test_add ("/versus/snapshot/delete", Fixture, NULL, fixture_setup, test_delete,
              fixture_teardown);
  g_test_add ("/versus/snapshot/size", Fixture, NULL, fixture_setup, test_size,
              fixture_teardown);
  g_test_add ("/versus/snapshot/export", Fixture, NULL, fixture_setup, test_export,
              fixture_teardown);
  g_test_add_func ("/versus/snapshot/migrate-v7", test_migrate);

  return g_test_run ();
}
