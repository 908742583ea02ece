/* test-dataset-store.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dataset store: typed reads of datasets and records (list, names, find, one record's
 * data, ordinal range, the ordinals few-shot draws from), and the per-dataset counts that are
 * kept as records are imported, edited and deleted — checked against a real GROUP BY.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vs-bundle.h"
#include "vs-dataset-import.h"
#include "vs-dataset-store-private.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-test-util.h"

typedef struct
{
  char      *dir;
  VsProject *project;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->project = vs_test_project_new ("store.versus", &f->dir, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->project);
  vs_test_tmpdir_free (f->dir);
}

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

/* A dataset row; records added with add_records(). */
static gint64
add_dataset (VsProject  *project,
             const char *name)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (vs_project_get_db (project),
                                       "INSERT INTO datasets (name, created_at, updated_at)"
                                       " VALUES (?1, '2026-01-01T00:00:00Z',"
                                       " '2026-01-01T00:00:00Z')", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  return sqlite3_last_insert_rowid (vs_project_get_db (project));
}

/* Records @first…@last (every @step-th ordinal) with {"n": ordinal}, counted as the import
 * counts them: once per batch. */
static void
add_records (VsProject  *project,
             gint64      dataset_id,
             gint64      first,
             gint64      last,
             gint64      step,
             const char *split,
             const char *status)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  g_assert_true (vs_project_begin (project, &error));
  g_assert_cmpint (sqlite3_prepare_v2 (vs_project_get_db (project),
                                       "INSERT INTO records (dataset_id, ordinal, data, split,"
                                       " status) VALUES (?1, ?2, json_object('n', ?2), ?3, ?4)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  for (gint64 ordinal = first; ordinal <= last; ordinal += step)
    {
      sqlite3_bind_int64 (stmt, 1, dataset_id);
      sqlite3_bind_int64 (stmt, 2, ordinal);
      sqlite3_bind_text (stmt, 3, split, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, status, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
      n++;
    }
  g_assert_true (_vs_dataset_counts_add (vs_project_get_db (project), dataset_id, split, status, n,
                                         &error));
  g_assert_no_error (error);
  g_assert_true (vs_project_commit (project, &error));
}

/* The maintained counts equal a real count of the records, cell by cell, for every dataset. */
static void
assert_counts_exact (VsProject *project)
{
  static const char *splits[] = { "unassigned", "train", "validation", "test" };
  static const char *statuses[] = { "unreviewed", "accepted", "rejected" };
  g_autoptr(GPtrArray) datasets = vs_dataset_list (project, NULL);

  g_assert_nonnull (datasets);
  for (guint d = 0; d < datasets->len; d++)
    {
      VsDatasetInfo *info = g_ptr_array_index (datasets, d);
      g_autoptr(GError) error = NULL;
      g_autoptr(VsDatasetCounts) counts = vs_dataset_store_get_counts (project, info->id, &error);
      g_autofree char *total_sql = g_strdup_printf ("SELECT count(*) FROM records"
                                                    " WHERE dataset_id = %" G_GINT64_FORMAT,
                                                    info->id);

      g_assert_no_error (error);
      g_assert_cmpint (info->n_records, ==, query_int (project, total_sql));
      g_assert_cmpint (vs_dataset_counts_get (counts, NULL, NULL), ==, info->n_records);
      for (guint i = 0; i < G_N_ELEMENTS (splits); i++)
        for (guint j = 0; j < G_N_ELEMENTS (statuses); j++)
          {
            g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM records"
                                                    " WHERE dataset_id = %" G_GINT64_FORMAT
                                                    " AND split = '%s' AND status = '%s'",
                                                    info->id, splits[i], statuses[j]);

            g_assert_cmpint (vs_dataset_counts_get (counts, splits[i], statuses[j]), ==,
                             query_int (project, sql));
          }
    }
  /* No count is left below zero or for a dataset that is gone. */
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM dataset_counts WHERE n < 0"), ==, 0);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM dataset_counts c WHERE NOT EXISTS"
                                       " (SELECT 1 FROM datasets d WHERE d.id = c.dataset_id)"),
                   ==, 0);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 a = add_dataset (f->project, "Tickets");
  gint64 b = add_dataset (f->project, "Empty");
  VsDatasetInfo *info;

  add_records (f->project, a, 1, 5, 1, "train", "unreviewed");
  add_records (f->project, a, 6, 7, 1, "test", "accepted");
  exec_sql (f->project, "UPDATE datasets SET source_format = 'csv', columns = '[\"q\",\"a\"]',"
                        " settings = '{\"import\":{\"state\":\"cancelled\"}}' WHERE id = 1;"
                        "INSERT INTO import_problems (dataset_id, ordinal, line, key, message)"
                        " VALUES (1, 3, 4, 'bad_row', 'broken'), (1, 9, 10, 'bad_row', 'x');");

  list = vs_dataset_list (f->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  info = g_ptr_array_index (list, 0);
  g_assert_cmpint (info->id, ==, a);
  g_assert_cmpstr (info->name, ==, "Tickets");
  g_assert_cmpstr (info->format, ==, "csv");
  g_assert_null (info->source_path);
  g_assert_cmpstrv (info->columns, ((const char * const[]) { "q", "a", NULL }));
  g_assert_cmpint (info->n_records, ==, 7);
  g_assert_cmpint (info->n_problems, ==, 2);
  g_assert_cmpstr (info->import_state, ==, "cancelled");
  info = g_ptr_array_index (list, 1);
  g_assert_cmpint (info->id, ==, b);
  g_assert_cmpint (info->n_records, ==, 0);
  g_assert_null (info->import_state);
  g_clear_pointer (&list, g_ptr_array_unref);

  list = vs_dataset_get_import_problems (f->project, a, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((VsDatasetProblem *) g_ptr_array_index (list, 0))->line, ==, 4);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = vs_dataset_get_import_problems (f->project, a, 0, &error);
  g_assert_cmpuint (list->len, ==, 2);
}

static void
test_names_and_find (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) error = NULL;
  gint64 zeta = add_dataset (f->project, "zeta");
  gint64 alpha = add_dataset (f->project, "Alpha");
  gint64 beta = add_dataset (f->project, "beta");
  gint64 beta2 = add_dataset (f->project, "beta 2");

  names = vs_dataset_store_list_names (f->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (names->len, ==, 4);
  g_assert_cmpint (((VsDatasetName *) g_ptr_array_index (names, 0))->id, ==, alpha);
  g_assert_cmpstr (((VsDatasetName *) g_ptr_array_index (names, 0))->name, ==, "Alpha");
  g_assert_cmpint (((VsDatasetName *) g_ptr_array_index (names, 1))->id, ==, beta);
  g_assert_cmpint (((VsDatasetName *) g_ptr_array_index (names, 2))->id, ==, beta2);
  g_assert_cmpint (((VsDatasetName *) g_ptr_array_index (names, 3))->id, ==, zeta);

  g_assert_cmpint (vs_dataset_store_find (f->project, "beta"), ==, beta);
  g_assert_cmpint (vs_dataset_store_find (f->project, "Beta"), ==, 0);
  g_assert_cmpint (vs_dataset_store_find (f->project, "nope"), ==, 0);
  g_assert_cmpint (vs_dataset_store_find (f->project, NULL), ==, 0);
  g_assert_cmpint (vs_dataset_store_find (f->project, "beta 2"), ==, beta2);
}

static void
test_record_data (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  gint64 id = add_dataset (f->project, "d");

  add_records (f->project, id, 1, 3, 1, "train", "unreviewed");
  exec_sql (f->project, "UPDATE records SET data = '{\"big\":123456789012345678901234567890}'"
                        " WHERE ordinal = 2; UPDATE records SET data = '[1]' WHERE ordinal = 3");

  object = vs_dataset_store_get_record_data (f->project, id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (object, "n"), ==, 1);
  g_clear_pointer (&object, json_object_unref);

  /* Big integers stay exact, as text (as vs_json_parse keeps them). */
  object = vs_dataset_store_get_record_data (f->project, id, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (object, "big"), ==,
                   "123456789012345678901234567890");
  g_clear_pointer (&object, json_object_unref);

  object = vs_dataset_store_get_record_data (f->project, id, 3, &error);
  g_assert_null (object);
  g_assert_nonnull (error);
  g_assert_false (g_error_matches (error, VS_ERROR, VS_ERROR_NOT_FOUND));
  g_clear_error (&error);

  object = vs_dataset_store_get_record_data (f->project, id, 4, &error);
  g_assert_null (object);
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  object = vs_dataset_store_get_record_data (f->project, id + 1, 1, &error);
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
}

static void
test_ordinal_range (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 gaps = add_dataset (f->project, "gaps");
  gint64 empty = add_dataset (f->project, "empty");
  gint64 first = -1, last = -1;

  add_records (f->project, gaps, 3, 21, 3, "train", "unreviewed");

  g_assert_true (vs_dataset_store_get_ordinal_range (f->project, gaps, &first, &last, &error));
  g_assert_no_error (error);
  g_assert_cmpint (first, ==, 3);
  g_assert_cmpint (last, ==, 21);

  g_assert_true (vs_dataset_store_get_ordinal_range (f->project, empty, &first, &last, &error));
  g_assert_cmpint (first, ==, 0);
  g_assert_cmpint (last, ==, 0);
  g_assert_true (vs_dataset_store_get_ordinal_range (f->project, 999, &first, NULL, &error));
  g_assert_cmpint (first, ==, 0);
}

static void
test_ordinals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ordinals = NULL;
  gint64 id = add_dataset (f->project, "d");

  add_records (f->project, id, 1, 4, 1, "train", "unreviewed");
  add_records (f->project, id, 5, 6, 1, "test", "accepted");
  exec_sql (f->project, "UPDATE records SET status = 'rejected' WHERE ordinal IN (2, 6)");

  ordinals = vs_dataset_store_list_ordinals (f->project, id, "train", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ordinals->len, ==, 3);
  g_assert_cmpint (g_array_index (ordinals, gint64, 0), ==, 1);
  g_assert_cmpint (g_array_index (ordinals, gint64, 1), ==, 3);
  g_assert_cmpint (g_array_index (ordinals, gint64, 2), ==, 4);
  g_clear_pointer (&ordinals, g_array_unref);

  ordinals = vs_dataset_store_list_ordinals (f->project, id, "train", FALSE, &error);
  g_assert_cmpuint (ordinals->len, ==, 4);
  g_clear_pointer (&ordinals, g_array_unref);

  ordinals = vs_dataset_store_list_ordinals (f->project, id, NULL, TRUE, &error);
  g_assert_cmpuint (ordinals->len, ==, 4);
  g_assert_cmpint (g_array_index (ordinals, gint64, 3), ==, 5);
  g_clear_pointer (&ordinals, g_array_unref);

  ordinals = vs_dataset_store_list_ordinals (f->project, id, "validation", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ordinals->len, ==, 0);
}

static void
test_counts_get (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsDatasetCounts) counts = NULL;
  gint64 id = add_dataset (f->project, "d");

  add_records (f->project, id, 1, 10, 1, "train", "unreviewed");
  add_records (f->project, id, 11, 13, 1, "train", "accepted");
  add_records (f->project, id, 14, 15, 1, "test", "rejected");

  counts = vs_dataset_store_get_counts (f->project, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vs_dataset_counts_get (counts, NULL, NULL), ==, 15);
  g_assert_cmpint (vs_dataset_counts_get (counts, "train", NULL), ==, 13);
  g_assert_cmpint (vs_dataset_counts_get (counts, "test", NULL), ==, 2);
  g_assert_cmpint (vs_dataset_counts_get (counts, "validation", NULL), ==, 0);
  g_assert_cmpint (vs_dataset_counts_get (counts, NULL, "accepted"), ==, 3);
  g_assert_cmpint (vs_dataset_counts_get (counts, NULL, "unreviewed"), ==, 10);
  g_assert_cmpint (vs_dataset_counts_get (counts, "train", "accepted"), ==, 3);
  g_assert_cmpint (vs_dataset_counts_get (counts, "test", "accepted"), ==, 0);
  g_assert_cmpint (vs_dataset_counts_get (counts, "bogus", NULL), ==, 0);
  g_assert_cmpint (vs_dataset_counts_get (counts, NULL, "bogus"), ==, 0);
  g_clear_pointer (&counts, vs_dataset_counts_free);

  /* An empty dataset has zero counts; a missing one is not found. */
  counts = vs_dataset_store_get_counts (f->project, add_dataset (f->project, "empty"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (vs_dataset_counts_get (counts, NULL, NULL), ==, 0);
  g_clear_pointer (&counts, vs_dataset_counts_free);
  counts = vs_dataset_store_get_counts (f->project, 999, &error);
  g_assert_null (counts);
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
}

static void
test_counts_add_refuses (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = vs_project_get_db (f->project);
  gint64 id = add_dataset (f->project, "d");

  g_assert_true (_vs_dataset_counts_add (db, id, "train", "accepted", 0, &error));
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM dataset_counts"), ==, 0);
  g_assert_false (_vs_dataset_counts_add (db, 999, "train", "accepted", 1, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_IO);
  g_clear_error (&error);
  g_assert_false (_vs_dataset_counts_add (db, id, "holdout", "accepted", 1, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_IO);
  g_clear_error (&error);
  g_assert_false (_vs_dataset_counts_add (db, id, "train", "maybe", 1, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_IO);
}

static char *
write_csv (const char *dir,
           guint       n_rows)
{
  g_autoptr(GString) csv = g_string_new ("question,answer\n");
  g_autofree char *path = g_build_filename (dir, "qa.csv", NULL);

  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (csv, "q%u,a%u\n", i, i);
  /* One broken row: a problem, not a record. */
  g_string_append (csv, "\"unterminated\n");
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, NULL));
  return g_steal_pointer (&path);
}

static void
test_counts_after_import (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_csv (f->dir, 1234);
  g_autoptr(VsDatasetImportSummary) summary = NULL;
  g_autoptr(VsDatasetCounts) counts = NULL;
  VsDatasetImportOptions options = { .batch_records = 100 };

  summary = vs_dataset_import_sync (f->project, path, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->n_records, ==, 1234);

  counts = vs_dataset_store_get_counts (f->project, summary->dataset_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vs_dataset_counts_get (counts, NULL, NULL), ==, 1234);
  g_assert_cmpint (vs_dataset_counts_get (counts, "unassigned", "unreviewed"), ==, 1234);
  assert_counts_exact (f->project);

  /* A second import counts on its own. */
  g_clear_pointer (&summary, vs_dataset_import_summary_free);
  summary = vs_dataset_import_sync (f->project, path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_counts_exact (f->project);
}

static void
cancel_after_1500 (goffset  bytes_read,
                   goffset  total_bytes,
                   gint64   n_records,
                   gpointer user_data)
{
  if (n_records >= 1500)
    g_cancellable_cancel (user_data);
}

static void
test_counts_after_cancelled_import (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_csv (f->dir, 5000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(VsDatasetImportSummary) summary = NULL;
  VsDatasetImportOptions options = { .batch_records = 500 };

  /* Cancelled after the third batch: what was committed is counted, nothing more. */
  summary = vs_dataset_import_sync (f->project, path, &options, cancellable, cancel_after_1500,
                                    cancellable, &error);
  g_assert_null (summary);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM records"), >=, 1500);
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM records"), <, 5000);
  assert_counts_exact (f->project);
}

static void
test_counts_after_edits (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(VsDatasetCounts) counts = NULL;
  gint64 a = add_dataset (f->project, "a");
  gint64 b = add_dataset (f->project, "b");

  add_records (f->project, a, 1, 100, 1, "unassigned", "unreviewed");
  add_records (f->project, b, 1, 10, 1, "train", "accepted");
  assert_counts_exact (f->project);

  exec_sql (f->project, "UPDATE records SET split = 'train' WHERE dataset_id = 1 AND ordinal <= 60");
  exec_sql (f->project, "UPDATE records SET split = 'test' WHERE dataset_id = 1 AND ordinal > 80");
  exec_sql (f->project, "UPDATE records SET status = 'accepted' WHERE dataset_id = 1"
                        " AND ordinal % 2 = 0");
  exec_sql (f->project, "UPDATE records SET split = 'validation', status = 'rejected'"
                        " WHERE dataset_id = 1 AND ordinal IN (61, 62, 63)");
  /* Edits that leave split and status as they were change nothing. */
  exec_sql (f->project, "UPDATE records SET split = split, status = status, rating = 3"
                        " WHERE dataset_id = 1");
  exec_sql (f->project, "UPDATE records SET tags = '[\"x\"]' WHERE dataset_id = 2");
  assert_counts_exact (f->project);

  counts = vs_dataset_store_get_counts (f->project, a, NULL);
  g_assert_cmpint (vs_dataset_counts_get (counts, "train", NULL), ==, 60);
  g_assert_cmpint (vs_dataset_counts_get (counts, "test", NULL), ==, 20);
  g_assert_cmpint (vs_dataset_counts_get (counts, "validation", "rejected"), ==, 3);
  g_assert_cmpint (vs_dataset_counts_get (counts, "unassigned", NULL), ==, 17);
  g_assert_cmpint (vs_dataset_counts_get (counts, NULL, "accepted"), ==, 49);
  g_assert_cmpint (vs_dataset_counts_get (counts, NULL, NULL), ==, 100);
  g_clear_pointer (&counts, vs_dataset_counts_free);

  /* A record moved to another dataset is counted there. */
  exec_sql (f->project, "UPDATE records SET dataset_id = 2, ordinal = 1000 WHERE dataset_id = 1"
                        " AND ordinal = 1");
  assert_counts_exact (f->project);
  counts = vs_dataset_store_get_counts (f->project, b, NULL);
  g_assert_cmpint (vs_dataset_counts_get (counts, NULL, NULL), ==, 11);
}

static void
test_counts_after_delete (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsDatasetCounts) counts = NULL;
  gint64 a = add_dataset (f->project, "a");
  gint64 b = add_dataset (f->project, "b");

  add_records (f->project, a, 1, 50, 1, "train", "unreviewed");
  add_records (f->project, a, 51, 60, 1, "test", "accepted");
  add_records (f->project, b, 1, 5, 1, "train", "unreviewed");

  exec_sql (f->project, "DELETE FROM records WHERE dataset_id = 1 AND ordinal BETWEEN 41 AND 55");
  assert_counts_exact (f->project);
  counts = vs_dataset_store_get_counts (f->project, a, NULL);
  g_assert_cmpint (vs_dataset_counts_get (counts, "train", NULL), ==, 40);
  g_assert_cmpint (vs_dataset_counts_get (counts, "test", "accepted"), ==, 5);
  g_clear_pointer (&counts, vs_dataset_counts_free);

  /* Deleting the dataset takes its records and their counts; the other stays. */
  exec_sql (f->project, "DELETE FROM datasets WHERE id = 1");
  assert_counts_exact (f->project);
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM dataset_counts WHERE dataset_id = 1"),
                   ==, 0);
  counts = vs_dataset_store_get_counts (f->project, a, &error);
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  g_assert_null (counts);
  counts = vs_dataset_store_get_counts (f->project, b, NULL);
  g_assert_cmpint (vs_dataset_counts_get (counts, NULL, NULL), ==, 5);
}

static void
test_counts_after_bundle (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *bundle = vs_test_source_path ("data", "sample", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VsDatasetCounts) counts = NULL;

  g_assert_true (vs_bundle_import (f->project, bundle, &error));
  g_assert_no_error (error);
  assert_counts_exact (f->project);
  counts = vs_dataset_store_get_counts (f->project,
                                        vs_dataset_store_find (f->project, "Support tickets"),
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpint (vs_dataset_counts_get (counts, "train", NULL), ==, 36);
  g_assert_cmpint (vs_dataset_counts_get (counts, "validation", NULL), ==, 12);
  g_assert_cmpint (vs_dataset_counts_get (counts, "test", NULL), ==, 12);
}

/* Moving records between splits goes through the writer, keeps the counts, hands back what
 * each record had (so the move undoes), and refuses bad names and missing records whole. */
static void
test_set_splits (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ordinals = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) train = NULL;
  g_autoptr(VsDatasetCounts) counts = NULL;
  g_auto(GStrv) previous = NULL;
  g_auto(GStrv) again = NULL;
  const char *to[] = { "train", "train", "unassigned" };
  const char *bad[] = { "train", "holdout" };
  gint64 a = add_dataset (f->project, "a");
  gint64 wanted[] = { 3, 8, 9 };

  add_records (f->project, a, 1, 5, 1, "train", "unreviewed");
  add_records (f->project, a, 6, 8, 1, "validation", "unreviewed");
  add_records (f->project, a, 9, 10, 1, "test", "accepted");
  g_array_append_vals (ordinals, wanted, G_N_ELEMENTS (wanted));

  g_assert_true (vs_dataset_store_set_splits (f->project, a, ordinals, to, &previous, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (previous), ==, 3);
  g_assert_cmpstr (previous[0], ==, "train");
  g_assert_cmpstr (previous[1], ==, "validation");
  g_assert_cmpstr (previous[2], ==, "test");
  assert_counts_exact (f->project);
  counts = vs_dataset_store_get_counts (f->project, a, NULL);
  g_assert_cmpint (vs_dataset_counts_get (counts, "train", NULL), ==, 6);
  g_assert_cmpint (vs_dataset_counts_get (counts, "validation", NULL), ==, 2);
  g_assert_cmpint (vs_dataset_counts_get (counts, "test", NULL), ==, 1);
  g_assert_cmpint (vs_dataset_counts_get (counts, "unassigned", NULL), ==, 1);
  g_clear_pointer (&counts, vs_dataset_counts_free);
  /* The partial split index answers the moved records. */
  train = vs_dataset_store_list_ordinals (f->project, a, "train", FALSE, NULL);
  g_assert_cmpuint (train->len, ==, 6);
  g_assert_cmpint (g_array_index (train, gint64, 5), ==, 8);

  /* Undo: set back what was there. */
  g_assert_true (vs_dataset_store_set_splits (f->project, a, ordinals,
                                              (const char * const *) previous, &again, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (again[0], ==, "train");
  g_assert_cmpstr (again[2], ==, "unassigned");
  counts = vs_dataset_store_get_counts (f->project, a, NULL);
  g_assert_cmpint (vs_dataset_counts_get (counts, "train", NULL), ==, 5);
  g_assert_cmpint (vs_dataset_counts_get (counts, "validation", NULL), ==, 3);
  g_assert_cmpint (vs_dataset_counts_get (counts, "test", NULL), ==, 2);
  g_clear_pointer (&counts, vs_dataset_counts_free);

  /* A name that is not a split, or a record that is not there: nothing changes. */
  g_array_set_size (ordinals, 2);
  g_assert_false (vs_dataset_store_set_splits (f->project, a, ordinals, bad, NULL, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  g_clear_error (&error);
  g_array_index (ordinals, gint64, 1) = 99;
  to[0] = "test";
  g_assert_false (vs_dataset_store_set_splits (f->project, a, ordinals, to, NULL, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  counts = vs_dataset_store_get_counts (f->project, a, NULL);
  g_assert_cmpint (vs_dataset_counts_get (counts, "train", NULL), ==, 5);
  g_assert_cmpint (vs_dataset_counts_get (counts, "test", NULL), ==, 2);
  assert_counts_exact (f->project);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/versus/dataset-store/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("list", test_list);
  ADD ("set-splits", test_set_splits);
  ADD ("names-and-find", test_names_and_find);
  ADD ("record-data", test_record_data);
  ADD ("ordinal-range", test_ordinal_range);
  ADD ("ordinals", test_ordinals);
  ADD ("counts/get", test_counts_get);
  ADD ("counts/add-refuses", test_counts_add_refuses);
  ADD ("counts/import", test_counts_after_import);
  ADD ("counts/cancelled-import", test_counts_after_cancelled_import);
  ADD ("counts/edits", test_counts_after_edits);
  ADD ("counts/delete", test_counts_after_delete);
  ADD ("counts/bundle", test_counts_after_bundle);
#undef ADD

  return g_test_run ();
}
