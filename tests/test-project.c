/* test-project.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project file: create, reopen, migrate, refuse what is not ours or is damaged or newer
 * (without touching it), read while another connection writes, Save As.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vs-error.h"
#include "vs-project.h"
#include "vs-project-private.h"
#include "vs-test-util.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = vs_test_tmpdir_new ();
  f->path = g_build_filename (f->dir, "test.versus", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  vs_test_tmpdir_free (f->dir);
  g_free (f->path);
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static int
raw_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *errmsg = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &errmsg) != SQLITE_OK)
    g_error ("%s: %s", sql, errmsg);
  sqlite3_close (db);
}

static void
add_template (VsProject  *project,
              const char *name)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (vs_project_get_db (project),
                                       "INSERT INTO templates (name, created_at, updated_at)"
                                       " VALUES (?1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(VsProjectInfo) info = NULL;
  g_autofree char *journal = NULL;

  project = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  g_assert_null (project);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  project = vs_project_open (f->path, VS_PROJECT_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);
  g_assert_cmpstr (vs_project_get_path (project), ==, f->path);

  info = vs_project_get_info (project, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->schema_version, ==, vs_project_schema_version ());
  g_assert_cmpstr (info->name, ==, "test");
  g_assert_nonnull (info->created_at);
  g_assert_cmpint (info->n_templates, ==, 0);
  g_assert_cmpint (info->n_datasets, ==, 0);
  g_assert_cmpint (info->n_runs, ==, 0);

  g_assert_cmpint (raw_int (f->path, "PRAGMA application_id"), ==, VS_PROJECT_APPLICATION_ID);
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, vs_project_schema_version ());
  {
    sqlite3_stmt *stmt = NULL;

    sqlite3_prepare_v2 (vs_project_get_db (project), "PRAGMA journal_mode", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    journal = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
  }
  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM pragma_foreign_key_list('records')"),
                   >, 0);
}

static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  VsProject *project;

  project = vs_project_open (f->path, VS_PROJECT_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (vs_project_set_name (project, "  Ticket triage  ", &error));
  g_assert_no_error (error);
  add_template (project, "Classify");
  g_assert_false (vs_project_set_name (project, "   ", &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_finalize_object (project);

  /* Committed as made: a second open sees everything. */
  project = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  name = vs_project_dup_name (project);
  g_assert_cmpstr (name, ==, "Ticket triage");
  g_assert_cmpint (vs_project_count (project, "templates"), ==, 1);
  g_assert_finalize_object (project);
}

static void
test_migrate (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = NULL;
  g_autofree char *pragma = g_strdup_printf ("PRAGMA application_id = %d",
                                             VS_PROJECT_APPLICATION_ID);
  sqlite3 *db = NULL;

  g_assert_cmpint (vs_project_schema_version (), >=, 3);

  /* A file as the first released schema wrote it, with data in it. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, pragma, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (_vs_project_schema_migrate (db, 0, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO templates (name, created_at, updated_at)"
                                 " VALUES ('old', 'x', 'x');"
                                 "INSERT INTO project_meta VALUES ('name', 'Old project');"
                                 "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (raw_int (f->path,
                            "SELECT count(*) FROM sqlite_schema WHERE name = 'response_cache'"),
                   ==, 0);

  project = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);
  g_clear_object (&project);

  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, vs_project_schema_version ());
  g_assert_cmpint (raw_int (f->path,
                            "SELECT count(*) FROM sqlite_schema WHERE name = 'response_cache'"),
                   ==, 1);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM templates WHERE name = 'old'"), ==, 1);
}

/* A file written at version 10 with results in it: version 11 rewrites results.state's CHECK
 * in place (no temporary B-tree per insert); the rows stay, the check still refuses a state
 * that is none of the three, on the connection that migrated and on one open across it. */
static void
test_migrate_state_check (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = NULL;
  g_autofree char *pragma = g_strdup_printf ("PRAGMA application_id = %d",
                                             VS_PROJECT_APPLICATION_ID);
  sqlite3 *db = NULL;
  sqlite3 *other = NULL;

  g_assert_cmpint (vs_project_schema_version (), >=, 11);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, pragma, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (_vs_project_schema_migrate (db, 0, 10, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO runs (id, name, created_at) VALUES (1, 'r', 'x');"
                                 "INSERT INTO contenders (id, run_id, position, label, model)"
                                 " VALUES (1, 1, 0, 'c', 'm');"
                                 "INSERT INTO results (run_id, contender_id, case_ordinal, state,"
                                 " created_at)"
                                 " VALUES (1, 1, 1, 'ok', 'x'), (1, 1, 2, 'error', 'x');"
                                 "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  /* A second connection open across the migration, its schema read before it. */
  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "SELECT count(*) FROM results", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (raw_int (f->path, "SELECT instr (sql, 'state IN') > 0 FROM sqlite_schema"
                                     " WHERE name = 'results'"), ==, 1);

  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (_vs_project_schema_migrate (db, 10, 11, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (raw_int (f->path, "SELECT instr (sql, 'state IN') = 0"
                                     " AND instr (sql, 'state = ''error''') > 0"
                                     " FROM sqlite_schema WHERE name = 'results'"), ==, 1);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM results"), ==, 2);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM pragma_integrity_check"
                                     " WHERE integrity_check != 'ok'"), ==, 0);

  /* Refused on the migrating connection and on the one open across; the three words still
   * go in. */
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO results (run_id, contender_id, case_ordinal, state,"
                                 " created_at) VALUES (1, 1, 3, 'bogus', 'x')",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (other,
                                 "INSERT INTO results (run_id, contender_id, case_ordinal, state,"
                                 " created_at) VALUES (1, 1, 3, 'done', 'x')",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (other,
                                 "INSERT INTO results (run_id, contender_id, case_ordinal, state,"
                                 " created_at) VALUES (1, 1, 3, 'pending', 'x')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);
  sqlite3_close (db);

  project = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);
  g_clear_object (&project);
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, vs_project_schema_version ());
}

/* A file written at version 2 (before dataset_counts) with records in it: opening it counts
 * them once, and from then on the triggers keep the counts. */
static void
test_migrate_counts (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = NULL;
  g_autofree char *pragma = g_strdup_printf ("PRAGMA application_id = %d",
                                             VS_PROJECT_APPLICATION_ID);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, pragma, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (_vs_project_schema_migrate (db, 0, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO datasets (id, name, created_at, updated_at)"
                                 " VALUES (1, 'a', 'x', 'x'), (2, 'b', 'x', 'x'), (3, 'c', 'x', 'x');"
                                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                                 " WHERE i < 100)"
                                 " INSERT INTO records (dataset_id, ordinal, data, split, status)"
                                 " SELECT 1 + (i % 2), i, '{}',"
                                 "  CASE i % 3 WHEN 0 THEN 'train' WHEN 1 THEN 'test'"
                                 "   ELSE 'unassigned' END,"
                                 "  CASE WHEN i % 5 = 0 THEN 'accepted' ELSE 'unreviewed' END"
                                 " FROM n;"
                                 "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, 2);

  project = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_clear_object (&project);

  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, vs_project_schema_version ());
  g_assert_cmpint (raw_int (f->path, "SELECT sum(n) FROM dataset_counts"), ==, 100);
  g_assert_cmpint (raw_int (f->path, "SELECT n FROM dataset_counts WHERE dataset_id = 2"
                                     " AND split = 'train' AND status = 'accepted'"), ==,
                   raw_int (f->path, "SELECT count(*) FROM records WHERE dataset_id = 2"
                                     " AND split = 'train' AND status = 'accepted'"));
  /* Cell by cell, the backfill equals a count; the empty dataset has no rows. */
  g_assert_cmpint (raw_int (f->path,
                            "SELECT count(*) FROM (SELECT dataset_id, split, status, count(*) AS n"
                            " FROM records GROUP BY 1, 2, 3) r FULL JOIN dataset_counts c"
                            " USING (dataset_id, split, status) WHERE r.n IS NOT c.n"), ==, 0);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM dataset_counts WHERE dataset_id = 3"),
                   ==, 0);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
                                     " AND tbl_name = 'records' AND name LIKE 'records_count_%'"),
                   ==, 2);
  /* v4: the split and status indexes hold only rows a filter can pick out. */
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
                                     " AND name IN ('records_by_split', 'records_by_status')"
                                     " AND sql LIKE '%WHERE%'"), ==, 2);
}

static void
test_refuse_foreign (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  VsProject *project;

  raw_exec (f->path, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')");
  before = file_checksum (f->path);

  project = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_null (project);
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_A_PROJECT);
  g_assert_nonnull (strstr (error->message, "not a Versus project"));
  g_clear_error (&error);

  /* Not even CREATE may take over someone else's database. */
  project = vs_project_open (f->path, VS_PROJECT_OPEN_CREATE, &error);
  g_assert_null (project);
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_A_PROJECT);

  after = file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_refuse_text (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = NULL;

  g_assert_true (g_file_set_contents (f->path, "subject,body\nhello,world\n", -1, NULL));
  project = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_null (project);
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_A_PROJECT);

  g_clear_error (&error);
  g_assert_true (g_file_set_contents (f->path, "", 0, NULL));
  project = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_null (project);
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_A_PROJECT);

  /* An empty file is a fine place to create a project. */
  g_clear_error (&error);
  project = vs_project_open (f->path, VS_PROJECT_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);
}

static void
test_refuse_truncated (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize length = 0;
  VsProject *project;

  project = vs_project_open (f->path, VS_PROJECT_OPEN_CREATE, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 200; i++)
    {
      g_autofree char *name = g_strdup_printf ("template %d with a longer name to fill pages", i);

      add_template (project, name);
    }
  g_assert_finalize_object (project);

  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8192);
  g_assert_true (g_file_set_contents (f->path, contents, length / 2, NULL));
  before = file_checksum (f->path);

  project = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_null (project);
  g_assert_error (error, VS_ERROR, VS_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_clear_error (&error);

  /* Cut inside the header. */
  g_assert_true (g_file_set_contents (f->path, contents, 60, NULL));
  project = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_null (project);
  g_assert_error (error, VS_ERROR, VS_ERROR_CORRUPT);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (f->path, contents, length / 2, NULL));
  after = file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_refuse_newer (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %d",
                                             vs_project_schema_version () + 1);
  VsProject *project;

  project = vs_project_open (f->path, VS_PROJECT_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (project);

  raw_exec (f->path, pragma);
  raw_exec (f->path, "PRAGMA wal_checkpoint(TRUNCATE)");
  before = file_checksum (f->path);

  project = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_null (project);
  g_assert_error (error, VS_ERROR, VS_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "newer version of Versus"));

  after = file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_concurrent_read (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) writer = NULL;
  g_autoptr(VsProject) reader = NULL;

  writer = vs_project_open (f->path, VS_PROJECT_OPEN_CREATE, &error);
  g_assert_no_error (error);
  reader = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_no_error (error);

  g_assert_true (vs_project_begin (writer, &error));
  add_template (writer, "in flight");

  /* WAL: the reader is not blocked, and sees the last committed state. */
  g_assert_cmpint (vs_project_count (reader, "templates"), ==, 0);

  g_assert_true (vs_project_commit (writer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vs_project_count (reader, "templates"), ==, 1);

  /* A worker's own connection sees the same data. */
  {
    sqlite3 *db = vs_project_open_connection (reader, &error);
    sqlite3_stmt *stmt = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM templates", -1, &stmt, NULL),
                     ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
}

typedef struct
{
  gint64    done;
  gint64    total;
  guint     n_reports;
  gboolean  finished;
  gboolean  ok;
  GError   *error;
  GCancellable *cancel_on_report;
} SaveAsState;

static void
on_save_as_progress (gint64   done,
                     gint64   total,
                     gint64   items,
                     gpointer user_data)
{
  SaveAsState *state = user_data;

  g_assert_cmpint (done, <=, total);
  state->done = done;
  state->total = total;
  state->n_reports++;
  if (state->cancel_on_report != NULL)
    g_cancellable_cancel (state->cancel_on_report);
}

static void
on_saved_as (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SaveAsState *state = user_data;

  state->ok = vs_project_save_as_finish (VS_PROJECT (source), result, &state->error);
  state->finished = TRUE;
}

static void
test_save_as_async (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(VsProject) copy = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *copy_path = g_build_filename (f->dir, "copy.versus", NULL);
  g_autofree char *cancelled_path = g_build_filename (f->dir, "cancelled.versus", NULL);
  g_autofree char *big = g_strnfill (3000, 'x');
  SaveAsState state = { 0 };
  SaveAsState cancelled = { 0 };
  g_autoptr(GDir) listing = NULL;
  const char *name;

  project = vs_project_open (f->path, VS_PROJECT_OPEN_CREATE, &error);
  g_assert_no_error (error);
  /* Enough pages that the copy takes several steps of 256 pages. */
  for (guint i = 0; i < 800; i++)
    {
      g_autofree char *key = g_strdup_printf ("k%u", i);
      g_assert_true (vs_project_set_meta (project, key, big, &error));
    }
  add_template (project, "kept");

  vs_project_save_as_async (project, copy_path, NULL, on_save_as_progress, &state, NULL,
                            on_saved_as, &state);
  while (!state.finished)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_no_error (state.error);
  g_assert_true (state.ok);
  g_assert_cmpuint (state.n_reports, >=, 1);
  g_assert_cmpint (state.total, >, 256);
  g_assert_cmpint (state.done, ==, state.total); /* the last figures always arrive */

  copy = vs_project_open (copy_path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vs_project_count (copy, "templates"), ==, 1);

  /* Cancelled: an error, and no file left behind, not even a temp. (Cancelled up front: a
   * cancel from a progress report could come after this small copy has finished.) */
  g_cancellable_cancel (cancellable);
  vs_project_save_as_async (project, cancelled_path, cancellable, on_save_as_progress,
                            &cancelled, NULL, on_saved_as, &cancelled);
  while (!cancelled.finished)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&cancelled.error);
  g_assert_false (g_file_test (cancelled_path, G_FILE_TEST_EXISTS));
  listing = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_false (g_str_has_prefix (name, "cancelled.versus"));
}

static void
test_save_as (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(VsProject) copy = NULL;
  g_autofree char *copy_path = g_build_filename (f->dir, "copy.versus", NULL);

  project = vs_project_open (f->path, VS_PROJECT_OPEN_CREATE, &error);
  g_assert_no_error (error);
  add_template (project, "kept");

  g_assert_false (vs_project_save_as (project, f->path, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_true (vs_project_save_as (project, copy_path, &error));
  g_assert_no_error (error);

  copy = vs_project_open (copy_path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vs_project_count (copy, "templates"), ==, 1);

  /* The two are independent files from now on. */
  add_template (copy, "only in the copy");
  g_assert_cmpint (vs_project_count (copy, "templates"), ==, 2);
  g_assert_cmpint (vs_project_count (project, "templates"), ==, 1);
}

static void
test_immutable_history (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = NULL;

  project = vs_project_open (f->path, VS_PROJECT_OPEN_CREATE, &error);
  g_assert_no_error (error);
  add_template (project, "t");
  g_assert_true (vs_project_exec (project,
                                  "INSERT INTO template_versions (template_id, number, body,"
                                  " created_at) VALUES (1, 1, '{}', 'x')", &error));
  g_assert_false (vs_project_exec (project, "UPDATE template_versions SET body = '[]'", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "immutable"));
  g_clear_error (&error);

  /* JSON columns reject text that is not JSON. */
  g_assert_false (vs_project_exec (project, "UPDATE templates SET draft = 'not json'", &error));
  g_assert_nonnull (error);
}

static void
test_changed_signal (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);

  project = vs_project_open (f->path, VS_PROJECT_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_signal_connect (project, "changed::project", G_CALLBACK (vs_test_append_change), seen);
  vs_project_emit_changed (project, "templates");
  g_assert_cmpuint (seen->len, ==, 0);
  g_assert_true (vs_project_set_name (project, "Renamed", &error));
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "project");
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = NULL;
  VsProject *writer;

  writer = vs_project_open (f->path, VS_PROJECT_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (writer);

  project = vs_project_open (f->path, VS_PROJECT_OPEN_READONLY, &error);
  g_assert_no_error (error);
  g_assert_true (vs_project_get_read_only (project));
  g_assert_false (vs_project_set_name (project, "nope", &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_IO);
}

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  VsProject **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = vs_project_open_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_open_async (Fixture       *f,
                 gconstpointer  data)
{
  VsProject *project = NULL;

  vs_project_open_async (f->path, VS_PROJECT_OPEN_CREATE, NULL, open_cb, &project);
  while (project == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (VS_IS_PROJECT (project));
  g_assert_cmpint (vs_project_count (project, "datasets"), ==, 0);
  g_assert_finalize_object (project);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/versus/project/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("create", test_create);
  ADD ("reopen", test_reopen);
  ADD ("migrate", test_migrate);
  ADD ("migrate-counts", test_migrate_counts);
  ADD ("migrate-state-check", test_migrate_state_check);
  ADD ("refuse-foreign", test_refuse_foreign);
  ADD ("refuse-text", test_refuse_text);
  ADD ("refuse-truncated", test_refuse_truncated);
  ADD ("refuse-newer", test_refuse_newer);
  ADD ("concurrent-read", test_concurrent_read);
  ADD ("save-as", test_save_as);
  ADD ("save-as-async", test_save_as_async);
  ADD ("immutable-history", test_immutable_history);
  ADD ("changed-signal", test_changed_signal);
  ADD ("read-only", test_read_only);
  ADD ("open-async", test_open_async);
#undef ADD

  return g_test_run ();
}
