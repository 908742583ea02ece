/* vs-dataset-snapshot.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Snapshots over record versions (schema v8). Snapshot G of a dataset holds, for each record,
 * the version alive at generation G: the live row when records.born <= G, else the row of
 * record_versions with first_gen <= G <= last_gen. Freezing is one row in `snapshots` and the
 * dataset's generation counter; the triggers on `records` copy a frozen record's old content
 * before an edit. Reading a snapshot merges the two tables in ordinal order (both have an
 * index on (dataset_id, ordinal), so SQLite merges without sorting).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "vs-dataset-snapshot-private.h"
#include "vs-dataset-store.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-project-private.h"

void
vs_snapshot_info_free (VsSnapshotInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->created_at);
  g_free (info);
}

void
vs_snapshot_diff_free (VsSnapshotDiff *diff)
{
  if (diff == NULL)
    return;
  g_free (diff->previous_name);
  g_clear_pointer (&diff->added, g_array_unref);
  g_clear_pointer (&diff->removed, g_array_unref);
  g_clear_pointer (&diff->edited, g_array_unref);
  g_free (diff);
}

/* ---- Reading ---------------------------------------------------------------------- */

/* Each arm repeats the snapshot's filter so that both read their (dataset_id, ordinal) or
 * record-id order from an index and the UNION ALL is a merge, not a sort; by record id, the
 * live arm walks the rowid ("+dataset_id" keeps the planner off the ordinal index, which
 * would sort the whole dataset for every page). */
#define ROW_COLUMNS "ordinal, data, example, split, status, tags, tokens"
#define FILTER_LIVE \
  " born <= ?2 AND dropped_by IS NULL" \
  " AND (status = 'accepted' OR (?3 = 0 AND status != 'rejected'))" \
  " AND (?5 IS NULL OR status = ?5)" \
  " AND (?6 IS NULL OR EXISTS (SELECT 1 FROM json_each (tags) WHERE value = ?6))"
#define FILTER_OLD \
  " dataset_id = ?1 AND first_gen <= ?2 AND last_gen >= ?2 AND dropped = 0" \
  " AND (status = 'accepted' OR (?3 = 0 AND status != 'rejected'))" \
  " AND (?5 IS NULL OR status = ?5)" \
  " AND (?6 IS NULL OR EXISTS (SELECT 1 FROM json_each (tags) WHERE value = ?6))"

static const char rows_by_ordinal_sql[] =
  "SELECT id, " ROW_COLUMNS " FROM records WHERE dataset_id = ?1 AND" FILTER_LIVE
  " AND ordinal > ?4"
  " UNION ALL"
  " SELECT record_id, " ROW_COLUMNS " FROM record_versions WHERE" FILTER_OLD
  " AND ordinal > ?4"
  " ORDER BY 2 LIMIT ?7";

static const char rows_by_record_sql[] =
  "SELECT id, " ROW_COLUMNS " FROM records WHERE +dataset_id = ?1 AND" FILTER_LIVE
  " AND id > ?4"
  " UNION ALL"
  " SELECT record_id, " ROW_COLUMNS " FROM record_versions WHERE" FILTER_OLD
  " AND record_id > ?4"
  " ORDER BY 1 LIMIT ?7";

gboolean
_vs_dataset_snapshot_ref (sqlite3        *db,
                          gint64          snapshot_id,
                          VsSnapshotRef  *ref,
                          GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT dataset_id, generation, accepted_only FROM snapshots"
                           " WHERE id = ?1", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return _vs_project_set_db_error (db, sqlite3_db_filename (db, "main"), rc, error);
  sqlite3_bind_int64 (stmt, 1, snapshot_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      ref->id = snapshot_id;
      ref->dataset_id = sqlite3_column_int64 (stmt, 0);
      ref->generation = sqlite3_column_int64 (stmt, 1);
      ref->accepted_only = sqlite3_column_int (stmt, 2) != 0;
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return _vs_project_set_db_error (db, sqlite3_db_filename (db, "main"), rc, error);
  g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND, _("There is no snapshot %" PRId64),
               snapshot_id);
  return FALSE;
}

/* ?1 … ?3 of the statements below: where the snapshot's records are. */
static void
bind_ref (sqlite3_stmt        *stmt,
          const VsSnapshotRef *ref)
{
  sqlite3_bind_int64 (stmt, 1, ref->dataset_id);
  sqlite3_bind_int64 (stmt, 2, ref->generation);
  sqlite3_bind_int (stmt, 3, ref->accepted_only ? 1 : 0);
}

/* One record by ordinal: both arms are point lookups in a unique (dataset_id, ordinal) index,
 * for readers that jump between a snapshot's records in any order (a batch output file). */
static const char row_at_sql[] =
  "SELECT id, ordinal, data, split FROM records WHERE dataset_id = ?1 AND ordinal = ?4 AND"
  FILTER_LIVE
  " UNION ALL"
  " SELECT record_id, ordinal, data, split FROM record_versions WHERE ordinal = ?4 AND"
  FILTER_OLD
  " LIMIT 1";

sqlite3_stmt *
_vs_dataset_snapshot_prepare_row_at (sqlite3             *db,
                                     const VsSnapshotRef *ref,
                                     GError             **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v3 (db, row_at_sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _vs_project_set_db_error (db, sqlite3_db_filename (db, "main"), rc, error);
      return NULL;
    }
  bind_ref (stmt, ref);
  return stmt;
}

sqlite3_stmt *
_vs_dataset_snapshot_prepare_rows (sqlite3              *db,
                                   const VsSnapshotRef  *ref,
                                   VsSnapshotOrder       order,
                                   gint64                after,
                                   gint64                limit,
                                   const char           *status,
                                   const char           *tag,
                                   GError              **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, order == VS_SNAPSHOT_BY_RECORD ? rows_by_record_sql
                                                              : rows_by_ordinal_sql,
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _vs_project_set_db_error (db, sqlite3_db_filename (db, "main"), rc, error);
      return NULL;
    }
  bind_ref (stmt, ref);
  sqlite3_bind_int64 (stmt, 4, after);
  if (status != NULL)
    sqlite3_bind_text (stmt, 5, status, -1, SQLITE_STATIC);
  if (tag != NULL)
    sqlite3_bind_text (stmt, 6, tag, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, limit);
  return stmt;
}

gboolean
vs_dataset_snapshot_foreach (VsProject          *project,
                             gint64              snapshot_id,
                             const char         *status,
                             const char         *tag,
                             VsSnapshotRowFunc   func,
                             gpointer            user_data,
                             GCancellable       *cancellable,
                             GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  VsSnapshotRef ref;
  gboolean ok = TRUE;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  db = vs_project_open_connection (project, error);
  if (db == NULL)
    return FALSE;
  /* One read transaction: the snapshot's two tables are read as of one moment. */
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  ok = _vs_dataset_snapshot_ref (db, snapshot_id, &ref, error);
  if (ok)
    stmt = _vs_dataset_snapshot_prepare_rows (db, &ref, VS_SNAPSHOT_BY_ORDINAL, 0, -1, status,
                                              tag, error);
  ok = ok && stmt != NULL;
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VsSnapshotRow row;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      row.record_id = sqlite3_column_int64 (stmt, 0);
      row.ordinal = sqlite3_column_int64 (stmt, 1);
      row.data = (const char *) sqlite3_column_text (stmt, 2);
      row.example = (const char *) sqlite3_column_text (stmt, 3);
      row.split = (const char *) sqlite3_column_text (stmt, 4);
      row.status = (const char *) sqlite3_column_text (stmt, 5);
      row.tags = (const char *) sqlite3_column_text (stmt, 6);
      row.tokens = sqlite3_column_type (stmt, 7) == SQLITE_NULL ? -1
                                                                 : sqlite3_column_int64 (stmt, 7);
      ok = func (&row, user_data, error);
    }
  if (ok && rc != SQLITE_DONE)
    ok = _vs_project_set_db_error (db, vs_project_get_path (project), rc, error);
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
  return ok;
}

/* ---- Listing ---------------------------------------------------------------------- */

#define INFO_SQL \
  "SELECT s.id, s.dataset_id, s.name, s.generation, s.accepted_only, s.n_records," \
  " s.created_at," \
  " (SELECT count(*) FROM exports e WHERE e.snapshot_id = s.id)" \
  " + (SELECT count(*) FROM finetune_jobs j WHERE j.snapshot_id = s.id)" \
  " + (SELECT count(*) FROM runs r WHERE r.snapshot_id = s.id)" \
  " FROM snapshots s"

static gpointer
info_from_row (sqlite3_stmt *stmt)
{
  VsSnapshotInfo *info = g_new0 (VsSnapshotInfo, 1);

  info->id = sqlite3_column_int64 (stmt, 0);
  info->dataset_id = sqlite3_column_int64 (stmt, 1);
  info->name = _vs_sql_dup_text (stmt, 2);
  info->generation = sqlite3_column_int64 (stmt, 3);
  info->accepted_only = sqlite3_column_int (stmt, 4) != 0;
  info->n_records = sqlite3_column_int64 (stmt, 5);
  info->created_at = _vs_sql_dup_text (stmt, 6);
  info->n_references = sqlite3_column_int64 (stmt, 7);
  return info;
}

GPtrArray *
vs_dataset_snapshot_list (VsProject  *project,
                          gint64      dataset_id,
                          GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  stmt = _vs_project_prepare (project, INFO_SQL " WHERE s.dataset_id = ?1 ORDER BY s.generation",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  return _vs_project_collect (project, stmt, info_from_row,
                              (GDestroyNotify) vs_snapshot_info_free, error);
}

VsSnapshotInfo *
vs_dataset_snapshot_get (VsProject  *project,
                         gint64      snapshot_id,
                         GError    **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  stmt = _vs_project_prepare (project, INFO_SQL " WHERE s.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, snapshot_id);
  list = _vs_project_collect (project, stmt, info_from_row,
                              (GDestroyNotify) vs_snapshot_info_free, error);
  if (list == NULL)
    return NULL;
  if (list->len == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND, _("There is no snapshot %" PRId64),
                   snapshot_id);
      return NULL;
    }
  return g_ptr_array_steal_index (list, 0);
}

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  char *end = NULL;
  gint64 value;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  value = g_ascii_strtoll (text, &end, 10);
  if (*end != '\0' || value <= 0)
    return FALSE;
  *id = value;
  return TRUE;
}

gint64
vs_dataset_snapshot_find (VsProject   *project,
                          gint64       dataset_id,
                          const char  *name_or_id,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id = 0;

  g_return_val_if_fail (VS_IS_PROJECT (project), 0);
  g_return_val_if_fail (name_or_id != NULL, 0);

  stmt = _vs_project_prepare (project,
                              "SELECT id FROM snapshots WHERE dataset_id = ?1"
                              " AND (name = ?2 OR id = ?3) ORDER BY name = ?2 DESC LIMIT 1",
                              error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  sqlite3_bind_text (stmt, 2, name_or_id, -1, SQLITE_STATIC);
  if (parse_id (name_or_id, &id))
    sqlite3_bind_int64 (stmt, 3, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND,
               _("The dataset has no snapshot called “%s”"), name_or_id);
  return 0;
}

/* ---- Diff ------------------------------------------------------------------------- */

/* What an edit changes, as one text to compare. */
#define CONTENT \
  "ordinal || char (31) || data || char (31) || coalesce (example, '') || char (31) ||" \
  " split || char (31) || tags || char (31) || coalesce (tokens, '')"

typedef struct
{
  gboolean  present;   /* a member of its snapshot */
  gint64    ordinal;
  char     *content;   /* what an edit compares, joined */
} Version;

static void
version_clear (Version *v)
{
  g_clear_pointer (&v->content, g_free);
  v->present = FALSE;
}

/* The version of @record_id alive at @ref's generation, and whether @ref holds it. */
static gboolean
load_version (sqlite3_stmt        *stmt,
              const VsSnapshotRef *ref,
              gint64               record_id,
              Version             *v)
{
  int rc;

  version_clear (v);
  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, record_id);
  sqlite3_bind_int64 (stmt, 2, ref->dataset_id);
  sqlite3_bind_int64 (stmt, 3, ref->generation);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *status = (const char *) sqlite3_column_text (stmt, 1);
      gboolean dropped = sqlite3_column_int (stmt, 2) != 0;

      v->ordinal = sqlite3_column_int64 (stmt, 0);
      v->present = !dropped && (g_strcmp0 (status, "accepted") == 0 ||
                                (!ref->accepted_only && g_strcmp0 (status, "rejected") != 0));
      v->content = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      rc = SQLITE_DONE;
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

static void
add_id (GArray *ids,
        gint64  ordinal,
        guint   max_ids)
{
  if (ids->len < max_ids)
    g_array_append_val (ids, ordinal);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static sqlite3_stmt *
prepare_on (sqlite3     *db,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    _vs_project_set_db_error (db, sqlite3_db_filename (db, "main"), rc, error);
  return stmt;
}

static gboolean
db_error (sqlite3  *db,
          GError  **error)
{
  return _vs_project_set_db_error (db, sqlite3_db_filename (db, "main"),
                                   sqlite3_extended_errcode (db), error);
}

/* Without a previous snapshot: every record is added; the first @max_ids ordinals. */
static gboolean
diff_first (sqlite3             *db,
            const VsSnapshotRef *ref,
            VsSnapshotDiff      *diff,
            guint                max_ids,
            GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) count = NULL;
  int rc;

  count = prepare_on (db, "SELECT n_records FROM snapshots WHERE id = ?1", error);
  if (count == NULL)
    return FALSE;
  sqlite3_bind_int64 (count, 1, ref->id);
  if (sqlite3_step (count) != SQLITE_ROW)
    return db_error (db, error);
  diff->n_added = sqlite3_column_int64 (count, 0);
  if (max_ids == 0)
    return TRUE;
  stmt = _vs_dataset_snapshot_prepare_rows (db, ref, VS_SNAPSHOT_BY_ORDINAL, 0,
                                            max_ids == G_MAXUINT ? -1 : (gint64) max_ids,
                                            NULL, NULL, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 ordinal = sqlite3_column_int64 (stmt, 1);

      g_array_append_val (diff->added, ordinal);
    }
  if (rc != SQLITE_DONE)
    return db_error (db, error);
  return TRUE;
}

/* The diff on @db, any thread. */
static VsSnapshotDiff *
diff_on (sqlite3  *db,
         gint64    snapshot_id,
         guint     max_ids,
         GError  **error)
{
  g_autoptr(VsSnapshotDiff) diff = g_new0 (VsSnapshotDiff, 1);
  g_autoptr(sqlite3_stmt) prev = NULL;
  g_autoptr(sqlite3_stmt) cand = NULL;
  g_autoptr(sqlite3_stmt) version = NULL;
  VsSnapshotRef ref, pref = { 0 };
  Version a = { 0 }, b = { 0 };
  gboolean ok = TRUE;
  int rc = SQLITE_DONE;

  diff->snapshot_id = snapshot_id;
  diff->added = g_array_new (FALSE, FALSE, sizeof (gint64));
  diff->removed = g_array_new (FALSE, FALSE, sizeof (gint64));
  diff->edited = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!_vs_dataset_snapshot_ref (db, snapshot_id, &ref, error))
    return NULL;

  prev = prepare_on (db,
                     "SELECT id, name FROM snapshots WHERE dataset_id = ?1"
                     " AND generation < ?2 ORDER BY generation DESC LIMIT 1", error);
  if (prev == NULL)
    return NULL;
  sqlite3_bind_int64 (prev, 1, ref.dataset_id);
  sqlite3_bind_int64 (prev, 2, ref.generation);
  if (sqlite3_step (prev) != SQLITE_ROW)
    return diff_first (db, &ref, diff, max_ids, error) ? g_steal_pointer (&diff) : NULL;
  diff->previous_id = sqlite3_column_int64 (prev, 0);
  diff->previous_name = _vs_sql_dup_text (prev, 1);
  if (!_vs_dataset_snapshot_ref (db, diff->previous_id, &pref, error))
    return NULL;

  /* With the same filter, only records whose content changed between the two generations
   * can differ: a version closed in [previous, this) or a live row born in (previous, this].
   * Snapshots with different filters (accepted only or not) compare every record. */
  cand = prepare_on (db,
                     pref.accepted_only == ref.accepted_only
                     ? "SELECT record_id FROM record_versions WHERE dataset_id = ?1"
                       " AND last_gen >= ?2 AND last_gen < ?3"
                       " UNION"
                       " SELECT id FROM records WHERE dataset_id = ?1 AND born > 1"
                       " AND born > ?2 AND born <= ?3"
                     : "SELECT record_id FROM record_versions WHERE dataset_id = ?1"
                       " AND last_gen >= ?2 AND first_gen <= ?3"
                       " UNION"
                       " SELECT id FROM records WHERE dataset_id = ?1", error);
  if (cand == NULL)
    return NULL;
  version = prepare_on (db,
                        "SELECT ordinal, status, dropped_by IS NOT NULL, " CONTENT
                        " FROM records WHERE id = ?1 AND dataset_id = ?2 AND born <= ?3"
                        " UNION ALL SELECT ordinal, status, dropped, " CONTENT
                        " FROM record_versions WHERE dataset_id = ?2"
                        " AND record_id = ?1 AND first_gen <= ?3 AND last_gen >= ?3"
                        " LIMIT 1", error);
  if (version == NULL)
    return NULL;
  sqlite3_bind_int64 (cand, 1, ref.dataset_id);
  sqlite3_bind_int64 (cand, 2, pref.generation);
  sqlite3_bind_int64 (cand, 3, ref.generation);
  while (ok && (rc = sqlite3_step (cand)) == SQLITE_ROW)
    {
      gint64 record_id = sqlite3_column_int64 (cand, 0);

      ok = load_version (version, &pref, record_id, &a) &&
           load_version (version, &ref, record_id, &b);
      if (!ok)
        break;
      if (!a.present && b.present)
        {
          diff->n_added++;
          add_id (diff->added, b.ordinal, max_ids);
        }
      else if (a.present && !b.present)
        {
          diff->n_removed++;
          add_id (diff->removed, a.ordinal, max_ids);
        }
      else if (a.present && b.present && g_strcmp0 (a.content, b.content) != 0)
        {
          diff->n_edited++;
          add_id (diff->edited, b.ordinal, max_ids);
        }
    }
  version_clear (&a);
  version_clear (&b);
  if (!ok || rc != SQLITE_DONE)
    {
      db_error (db, error);
      return NULL;
    }
  g_array_sort (diff->added, compare_gint64);
  g_array_sort (diff->removed, compare_gint64);
  g_array_sort (diff->edited, compare_gint64);
  return g_steal_pointer (&diff);
}

VsSnapshotDiff *
vs_dataset_snapshot_diff (VsProject  *project,
                          gint64      snapshot_id,
                          guint       max_ids,
                          GError    **error)
{
  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  return diff_on (vs_project_get_db (project), snapshot_id, max_ids, error);
}

typedef struct
{
  sqlite3 *db;
  gint64   snapshot_id;
  guint    max_ids;
} DiffData;

static void
diff_data_free (DiffData *d)
{
  if (d->db != NULL)
    sqlite3_close (d->db);
  g_free (d);
}

static void
diff_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DiffData *d = task_data;
  GError *error = NULL;
  VsSnapshotDiff *diff;

  /* One read transaction: both generations as of one moment. */
  sqlite3_exec (d->db, "BEGIN", NULL, NULL, NULL);
  diff = diff_on (d->db, d->snapshot_id, d->max_ids, &error);
  sqlite3_exec (d->db, "COMMIT", NULL, NULL, NULL);
  if (diff == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, diff, (GDestroyNotify) vs_snapshot_diff_free);
}

void
vs_dataset_snapshot_diff_async (VsProject           *project,
                                gint64               snapshot_id,
                                guint                max_ids,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  DiffData *d;

  g_return_if_fail (VS_IS_PROJECT (project));

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_dataset_snapshot_diff_async);
  d = g_new0 (DiffData, 1);
  d->snapshot_id = snapshot_id;
  d->max_ids = max_ids;
  g_task_set_task_data (task, d, (GDestroyNotify) diff_data_free);
  d->db = vs_project_open_connection (project, &error);
  if (d->db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_run_in_thread (task, diff_thread);
}

VsSnapshotDiff *
vs_dataset_snapshot_diff_finish (VsProject     *project,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, project), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Writing ---------------------------------------------------------------------- */

static gboolean
step_row (VsWriteContext  *ctx,
          sqlite3_stmt    *stmt,
          gboolean        *found,
          GError         **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  *found = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
name_taken (VsWriteContext  *ctx,
            gint64           dataset_id,
            const char      *name,
            gboolean        *taken,
            GError         **error)
{
  sqlite3_stmt *stmt = _vs_write_context_prepare (ctx,
                                                  "SELECT 1 FROM snapshots WHERE dataset_id = ?1"
                                                  " AND name = ?2", error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  ok = step_row (ctx, stmt, taken, error);
  sqlite3_reset (stmt);
  return ok;
}

/* The records the snapshot will hold: the kept counts per status (dataset_counts) less the
 * dropped ones, which the partial index on dropped_by finds without a scan ("+dataset_id"
 * keeps the planner off the (dataset_id, ordinal) index, which would read every record). */
static gboolean
count_members (VsWriteContext  *ctx,
               gint64           dataset_id,
               gboolean         accepted_only,
               gint64          *n,
               GError         **error)
{
  sqlite3_stmt *stmt = _vs_write_context_prepare (ctx,
    "SELECT (SELECT coalesce (sum (n), 0) FROM dataset_counts WHERE dataset_id = ?1"
    "  AND (status = 'accepted' OR (?2 = 0 AND status != 'rejected')))"
    " - (SELECT count(*) FROM records WHERE dropped_by IS NOT NULL AND +dataset_id = ?1"
    "  AND (status = 'accepted' OR (?2 = 0 AND status != 'rejected')))", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  sqlite3_bind_int (stmt, 2, accepted_only ? 1 : 0);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _vs_write_context_set_error (ctx, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  *n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static char *
date_time_name (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d %H:%M");
}

gint64
_vs_dataset_snapshot_create_in_job (VsWriteContext  *ctx,
                                    gint64           dataset_id,
                                    const char      *name,
                                    gboolean         accepted_only,
                                    char           **out_name,
                                    GError         **error)
{
  g_autofree char *chosen = NULL;
  g_autofree char *now = vs_now_iso8601 ();
  sqlite3_stmt *stmt;
  gint64 generation, n_records, id;
  gboolean found = FALSE, taken = FALSE;

  stmt = _vs_write_context_prepare (ctx, "SELECT generation FROM datasets WHERE id = ?1", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  if (!step_row (ctx, stmt, &found, error))
    return 0;
  generation = found ? sqlite3_column_int64 (stmt, 0) + 1 : 0;
  sqlite3_reset (stmt);
  if (!found)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND, _("There is no dataset %" PRId64),
                   dataset_id);
      return 0;
    }

  if (name != NULL && *name != '\0')
    {
      chosen = g_strstrip (g_strdup (name));
      if (!name_taken (ctx, dataset_id, chosen, &taken, error))
        return 0;
      if (taken)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_EXISTS,
                       _("The dataset already has a snapshot called “%s”"), chosen);
          return 0;
        }
    }
  else
    {
      g_autofree char *base = date_time_name ();

      chosen = g_strdup (base);
      for (int n = 2;; n++)
        {
          if (!name_taken (ctx, dataset_id, chosen, &taken, error))
            return 0;
          if (!taken)
            break;
          g_free (chosen);
          chosen = g_strdup_printf ("%s %d", base, n);
        }
    }

  if (!count_members (ctx, dataset_id, accepted_only, &n_records, error))
    return 0;
  stmt = _vs_write_context_prepare (ctx,
                                    "INSERT INTO snapshots (dataset_id, name, n_records,"
                                    " created_at, generation, accepted_only)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  sqlite3_bind_text (stmt, 2, chosen, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, n_records);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, generation);
  sqlite3_bind_int (stmt, 6, accepted_only ? 1 : 0);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _vs_write_context_set_error (ctx, error);
      sqlite3_reset (stmt);
      return 0;
    }
  sqlite3_reset (stmt);
  id = sqlite3_last_insert_rowid (_vs_write_context_get_db (ctx));

  stmt = _vs_write_context_prepare (ctx, "UPDATE datasets SET generation = ?2 WHERE id = ?1",
                                    error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  sqlite3_bind_int64 (stmt, 2, generation);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _vs_write_context_set_error (ctx, error);
      sqlite3_reset (stmt);
      return 0;
    }
  sqlite3_reset (stmt);

  _vs_write_context_note (ctx, "snapshots", VS_CHANGE_INSERT, dataset_id, id);
  if (out_name != NULL)
    *out_name = g_steal_pointer (&chosen);
  return id;
}

typedef struct
{
  gint64    dataset_id;
  char     *name;
  gboolean  accepted_only;
  gint64    id;   /* out */
} CreateJob;

static void
create_job_free (gpointer data)
{
  CreateJob *job = data;

  g_free (job->name);
  g_free (job);
}

static gboolean
create_job_run (VsWriteContext  *ctx,
                gpointer         data,
                GError         **error)
{
  CreateJob *job = data;

  job->id = _vs_dataset_snapshot_create_in_job (ctx, job->dataset_id, job->name,
                                                job->accepted_only, NULL, error);
  return job->id > 0;
}

static gboolean
check_writable (VsProject  *project,
                GError    **error)
{
  if (vs_project_get_writer (project) != NULL)
    return TRUE;
  g_set_error_literal (error, VS_ERROR, VS_ERROR_FAILED, _("The project is open read-only"));
  return FALSE;
}

gint64
vs_dataset_snapshot_create (VsProject   *project,
                            gint64       dataset_id,
                            const char  *name,
                            gboolean     accepted_only,
                            GError     **error)
{
  CreateJob job = { dataset_id, (char *) name, accepted_only, 0 };

  g_return_val_if_fail (VS_IS_PROJECT (project), 0);

  if (!check_writable (project, error) ||
      !_vs_writer_run_in_order (vs_project_get_writer (project), create_job_run, &job, error))
    return 0;
  return job.id;
}

static void
on_created (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VsProject *project = g_task_get_source_object (task);
  CreateJob *job = _vs_writer_job_get_data (result);
  GError *error = NULL;

  if (!_vs_writer_submit_finish (vs_project_get_writer (project), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, job->id);
}

void
vs_dataset_snapshot_create_async (VsProject           *project,
                                  gint64               dataset_id,
                                  const char          *name,
                                  gboolean             accepted_only,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  CreateJob *job;

  g_return_if_fail (VS_IS_PROJECT (project));

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_dataset_snapshot_create_async);
  if (!check_writable (project, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  job = g_new0 (CreateJob, 1);
  job->dataset_id = dataset_id;
  job->name = g_strdup (name);
  job->accepted_only = accepted_only;
  _vs_writer_submit (vs_project_get_writer (project), create_job_run, job, create_job_free,
                     cancellable, on_created, g_steal_pointer (&task));
}

gint64
vs_dataset_snapshot_create_finish (VsProject     *project,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  gssize id;

  g_return_val_if_fail (g_task_is_valid (result, project), 0);

  id = g_task_propagate_int (G_TASK (result), error);
  return id > 0 ? id : 0;
}

typedef struct
{
  gint64 id;
  gint64 dataset_id;  /* out */
} DeleteJob;

static gboolean
delete_job_run (VsWriteContext  *ctx,
                gpointer         data,
                GError         **error)
{
  DeleteJob *job = data;
  sqlite3_stmt *stmt;
  gint64 n_refs;
  gboolean found = FALSE;

  stmt = _vs_write_context_prepare (ctx,
                                    "SELECT dataset_id,"
                                    " (SELECT count(*) FROM exports WHERE snapshot_id = ?1)"
                                    " + (SELECT count(*) FROM finetune_jobs"
                                    "    WHERE snapshot_id = ?1)"
                                    " + (SELECT count(*) FROM runs WHERE snapshot_id = ?1)"
                                    " FROM snapshots WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->id);
  if (!step_row (ctx, stmt, &found, error))
    return FALSE;
  job->dataset_id = found ? sqlite3_column_int64 (stmt, 0) : 0;
  n_refs = found ? sqlite3_column_int64 (stmt, 1) : 0;
  sqlite3_reset (stmt);
  if (!found)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND, _("There is no snapshot %" PRId64),
                   job->id);
      return FALSE;
    }
  if (n_refs > 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The snapshot is used by %" PRId64 " export, fine-tune or run",
                                "The snapshot is used by %" PRId64 " exports, fine-tunes or runs",
                                n_refs), n_refs);
      return FALSE;
    }

  stmt = _vs_write_context_prepare (ctx, "DELETE FROM snapshots WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return _vs_write_context_set_error (ctx, error);
    }
  sqlite3_reset (stmt);

  /* Versions that belong to no snapshot any more. */
  stmt = _vs_write_context_prepare (ctx,
                                    "DELETE FROM record_versions WHERE dataset_id = ?1"
                                    " AND NOT EXISTS (SELECT 1 FROM snapshots s"
                                    "  WHERE s.dataset_id = ?1"
                                    "  AND s.generation BETWEEN record_versions.first_gen"
                                    "  AND record_versions.last_gen)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->dataset_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return _vs_write_context_set_error (ctx, error);
    }
  sqlite3_reset (stmt);
  _vs_write_context_note (ctx, "snapshots", VS_CHANGE_DELETE, job->dataset_id, job->id);
  return TRUE;
}

gboolean
vs_dataset_snapshot_delete (VsProject  *project,
                            gint64      snapshot_id,
                            GError    **error)
{
  DeleteJob job = { snapshot_id, 0 };

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);

  return check_writable (project, error) &&
         _vs_writer_run_in_order (vs_project_get_writer (project), delete_job_run, &job, error);
}

/* ---- Files an export wrote -------------------------------------------------------- */

char *
vs_dataset_snapshot_file_sha256 (const char  *path,
                                 GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) input = g_file_read (file, NULL, error);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *buffer = NULL;
  gssize n;

  if (input == NULL)
    return NULL;
  buffer = g_malloc (64 * 1024);
  while ((n = g_input_stream_read (G_INPUT_STREAM (input), buffer, 64 * 1024, NULL, error)) > 0)
    g_checksum_update (checksum, buffer, n);
  if (n < 0)
    return NULL;
  return g_strdup (g_checksum_get_string (checksum));
}

gint64
vs_dataset_snapshot_for_sha256 (VsProject  *project,
                                const char *sha256)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), 0);

  if (sha256 == NULL)
    return 0;
  stmt = _vs_project_prepare (project,
                              "SELECT snapshot_id FROM exports WHERE sha256 = ?1"
                              " AND sha256 IS NOT NULL ORDER BY id DESC LIMIT 1", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

gint64
vs_dataset_snapshot_for_file (VsProject   *project,
                              const char  *path,
                              GError     **error)
{
  g_autofree char *sha256 = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), 0);
  g_return_val_if_fail (path != NULL, 0);

  sha256 = vs_dataset_snapshot_file_sha256 (path, error);
  return vs_dataset_snapshot_for_sha256 (project, sha256);
}
