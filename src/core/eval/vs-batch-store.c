/* vs-batch-store.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The `batches` table (see vs-batch-store.h).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "vs-batch-ingest.h"
#include "vs-batch-lines.h"
#include "vs-batch-store.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-run-store.h"
#include "vs-writer-private.h"

VsBatchRow *
vs_batch_row_copy (const VsBatchRow *row)
{
  VsBatchRow *copy;

  g_return_val_if_fail (row != NULL, NULL);

  copy = g_memdup2 (row, sizeof *row);
  copy->contender = g_strdup (row->contender);
  copy->provider = g_strdup (row->provider);
  copy->endpoint = g_strdup (row->endpoint);
  copy->remote_id = g_strdup (row->remote_id);
  copy->token = g_strdup (row->token);
  copy->input_path = g_strdup (row->input_path);
  copy->input_file_id = g_strdup (row->input_file_id);
  copy->output_file_id = g_strdup (row->output_file_id);
  copy->error_file_id = g_strdup (row->error_file_id);
  copy->state = g_strdup (row->state);
  copy->status = g_strdup (row->status);
  copy->created_at = g_strdup (row->created_at);
  copy->updated_at = g_strdup (row->updated_at);
  copy->completed_at = g_strdup (row->completed_at);
  copy->error = g_strdup (row->error);
  return copy;
}

void
vs_batch_row_free (VsBatchRow *row)
{
  if (row == NULL)
    return;
  g_free (row->contender);
  g_free (row->provider);
  g_free (row->endpoint);
  g_free (row->remote_id);
  g_free (row->token);
  g_free (row->input_path);
  g_free (row->input_file_id);
  g_free (row->output_file_id);
  g_free (row->error_file_id);
  g_free (row->state);
  g_free (row->status);
  g_free (row->created_at);
  g_free (row->updated_at);
  g_free (row->completed_at);
  g_free (row->error);
  g_free (row);
}

#define BATCH_COLUMNS                                                                       \
  "SELECT b.id, b.run_id, b.contender_id, c.label, b.provider, b.endpoint, b.remote_id,"   \
  " b.token, b.input_path, b.input_file_id, b.output_file_id, b.error_file_id, b.state,"   \
  " b.status, b.n_lines, b.n_completed, b.n_failed, b.created_at, b.updated_at,"           \
  " b.completed_at, b.ingested, b.error"                                                    \
  " FROM batches b LEFT JOIN contenders c ON c.id = b.contender_id"

static gpointer
row_from_stmt (sqlite3_stmt *stmt)
{
  VsBatchRow *row = g_new0 (VsBatchRow, 1);

  row->id = sqlite3_column_int64 (stmt, 0);
  row->run_id = sqlite3_column_int64 (stmt, 1);
  row->contender_id = sqlite3_column_int64 (stmt, 2);
  row->contender = _vs_sql_dup_text (stmt, 3);
  row->provider = _vs_sql_dup_text (stmt, 4);
  row->endpoint = _vs_sql_dup_text (stmt, 5);
  row->remote_id = _vs_sql_dup_text (stmt, 6);
  row->token = _vs_sql_dup_text (stmt, 7);
  row->input_path = _vs_sql_dup_text (stmt, 8);
  row->input_file_id = _vs_sql_dup_text (stmt, 9);
  row->output_file_id = _vs_sql_dup_text (stmt, 10);
  row->error_file_id = _vs_sql_dup_text (stmt, 11);
  row->state = _vs_sql_dup_text (stmt, 12);
  row->status = _vs_sql_dup_text (stmt, 13);
  row->n_lines = sqlite3_column_int64 (stmt, 14);
  row->n_completed = sqlite3_column_int64 (stmt, 15);
  row->n_failed = sqlite3_column_int64 (stmt, 16);
  row->created_at = _vs_sql_dup_text (stmt, 17);
  row->updated_at = _vs_sql_dup_text (stmt, 18);
  row->completed_at = _vs_sql_dup_text (stmt, 19);
  row->ingested = sqlite3_column_int (stmt, 20) != 0;
  row->error = _vs_sql_dup_text (stmt, 21);
  return row;
}

GPtrArray *
vs_batch_store_list (VsProject *project,
                     gint64     run_id,
                     GError   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _vs_project_prepare (project, BATCH_COLUMNS " WHERE b.run_id = ?1 ORDER BY b.id",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  return _vs_project_collect (project, stmt, row_from_stmt, (GDestroyNotify) vs_batch_row_free,
                              error);
}

VsBatchRow *
vs_batch_store_get (VsProject *project,
                    gint64     batch_id,
                    GError   **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  stmt = _vs_project_prepare (project, BATCH_COLUMNS " WHERE b.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  rows = _vs_project_collect (project, stmt, row_from_stmt, (GDestroyNotify) vs_batch_row_free,
                              error);
  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND, _("There is no batch %" PRId64),
                   batch_id);
      return NULL;
    }
  return g_ptr_array_steal_index (rows, 0);
}

typedef struct
{
  const VsBatchRow *row;
  gint64            id;   /* out: the new row */
} AddJob;

static gboolean
add_job_run (VsWriteContext  *ctx,
             gpointer         data,
             GError         **error)
{
  AddJob *job = data;
  const VsBatchRow *row = job->row;
  g_autofree char *now = vs_now_iso8601 ();
  sqlite3_stmt *stmt;

  stmt = _vs_write_context_prepare (ctx,
                                    "INSERT INTO batches (run_id, contender_id, provider,"
                                    " endpoint, remote_id, token, input_path, input_file_id,"
                                    " output_file_id, error_file_id, state, status, n_lines,"
                                    " n_completed, n_failed, created_at, updated_at,"
                                    " completed_at, ingested, error)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                                    " coalesce(?11, 'PREPARED'), ?12, ?13, ?14, ?15, ?16, ?16,"
                                    " ?17, ?18, ?19)",
                                    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->run_id);
  sqlite3_bind_int64 (stmt, 2, row->contender_id);
  sqlite3_bind_text (stmt, 3, row->provider, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, row->endpoint, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, row->remote_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, row->token, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, row->input_path, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, row->input_file_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, row->output_file_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, row->error_file_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, row->state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, row->status, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 13, MAX (row->n_lines, 0));
  sqlite3_bind_int64 (stmt, 14, row->n_completed);
  sqlite3_bind_int64 (stmt, 15, row->n_failed);
  sqlite3_bind_text (stmt, 16, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 17, row->completed_at, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 18, row->ingested ? 1 : 0);
  sqlite3_bind_text (stmt, 19, row->error, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  job->id = sqlite3_last_insert_rowid (_vs_write_context_get_db (ctx));
  _vs_write_context_note (ctx, "batches", VS_CHANGE_INSERT, row->run_id, job->id);
  return TRUE;
}

gint64
vs_batch_store_add (VsProject        *project,
                    const VsBatchRow *row,
                    GError          **error)
{
  AddJob job = { row, 0 };

  g_return_val_if_fail (VS_IS_PROJECT (project), 0);
  g_return_val_if_fail (row != NULL, 0);

  if (row->run_id <= 0 || row->contender_id <= 0 || row->provider == NULL ||
      row->input_path == NULL)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID,
                           _("A batch needs a run, a contender, a provider and an input file"));
      return 0;
    }
  if (!_vs_project_write (project, add_job_run, &job, error))
    return 0;
  return job.id;
}

static gboolean
update_job_run (VsWriteContext  *ctx,
                gpointer         data,
                GError         **error)
{
  const VsBatchRow *row = data;
  g_autofree char *now = vs_now_iso8601 ();
  sqlite3_stmt *stmt;

  stmt = _vs_write_context_prepare (ctx,
                                    "UPDATE batches SET remote_id = ?2, token = ?3,"
                                    " input_file_id = ?4, output_file_id = ?5,"
                                    " error_file_id = ?6, state = coalesce(?7, state),"
                                    " status = ?8, n_lines = ?9, n_completed = ?10,"
                                    " n_failed = ?11, updated_at = ?12, completed_at = ?13,"
                                    " ingested = ?14, error = ?15, endpoint = ?16,"
                                    " input_path = coalesce(?17, input_path)"
                                    " WHERE id = ?1",
                                    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->id);
  sqlite3_bind_text (stmt, 2, row->remote_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, row->token, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, row->input_file_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, row->output_file_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, row->error_file_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, row->state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, row->status, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, MAX (row->n_lines, 0));
  sqlite3_bind_int64 (stmt, 10, row->n_completed);
  sqlite3_bind_int64 (stmt, 11, row->n_failed);
  sqlite3_bind_text (stmt, 12, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 13, row->completed_at, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 14, row->ingested ? 1 : 0);
  sqlite3_bind_text (stmt, 15, row->error, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 16, row->endpoint, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 17, row->input_path, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  if (sqlite3_changes (_vs_write_context_get_db (ctx)) == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND, _("There is no batch %" PRId64),
                   row->id);
      return FALSE;
    }
  _vs_write_context_note (ctx, "batches", VS_CHANGE_UPDATE, row->run_id, row->id);
  return TRUE;
}

gboolean
vs_batch_store_update (VsProject        *project,
                       const VsBatchRow *row,
                       GError          **error)
{
  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (row != NULL, FALSE);

  return _vs_project_write (project, update_job_run, (gpointer) row, error);
}

typedef struct
{
  const VsBatchRow *row;
  guint             lease_seconds;
  gboolean          won;   /* out */
} ClaimJob;

static gboolean
claim_job_run (VsWriteContext  *ctx,
               gpointer         data,
               GError         **error)
{
  ClaimJob *job = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) lapsed = g_date_time_add_seconds (now, -(double) job->lease_seconds);
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *lapsed_text = g_date_time_format (lapsed, "%Y-%m-%dT%H:%M:%SZ");
  sqlite3_stmt *stmt;

  stmt = _vs_write_context_prepare (ctx,
                                    "UPDATE batches SET status = ?2, updated_at = ?3"
                                    " WHERE id = ?1 AND state = 'PREPARED' AND remote_id IS NULL"
                                    " AND ingested = 0 AND provider <> 'files'"
                                    " AND (status IS NOT ?2 OR updated_at < ?4)",
                                    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->row->id);
  sqlite3_bind_text (stmt, 2, VS_BATCH_STATUS_CREATING, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, lapsed_text, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  /* The writer's transaction makes the check and the change one step: only one claimant sees
   * its UPDATE change the row. */
  job->won = sqlite3_changes (_vs_write_context_get_db (ctx)) == 1;
  if (job->won)
    _vs_write_context_note (ctx, "batches", VS_CHANGE_UPDATE, job->row->run_id, job->row->id);
  return TRUE;
}

gboolean
vs_batch_store_claim (VsProject         *project,
                      const VsBatchRow  *row,
                      guint              lease_seconds,
                      gboolean          *won,
                      GError           **error)
{
  ClaimJob job = { row, lease_seconds, FALSE };

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (row != NULL, FALSE);
  g_return_val_if_fail (won != NULL, FALSE);

  *won = FALSE;
  if (!_vs_project_write (project, claim_job_run, &job, error))
    return FALSE;
  *won = job.won;
  return TRUE;
}

static gboolean
same_folder (const char *a,
             const char *b)
{
  g_autofree char *da = g_path_get_dirname (a ? a : "");
  g_autofree char *db = g_path_get_dirname (b ? b : "");

  return g_strcmp0 (da, db) == 0;
}

gboolean
vs_batch_store_rows_cancelled (GPtrArray *rows)
{
  g_return_val_if_fail (rows != NULL, FALSE);

  for (guint i = 0; i < rows->len; i++)
    {
      const VsBatchRow *row = g_ptr_array_index (rows, i);
      gboolean superseded = FALSE;

      /* A batch cancelled once every line had its answer lost nothing. */
      if (g_strcmp0 (row->provider, "files") == 0 || g_strcmp0 (row->state, "CANCELLED") != 0 ||
          row->n_completed + row->n_failed >= row->n_lines)
        continue;
      for (guint j = i + 1; j < rows->len && !superseded; j++)
        {
          const VsBatchRow *later = g_ptr_array_index (rows, j);

          superseded = later->id > row->id && later->contender_id == row->contender_id &&
                       g_strcmp0 (later->provider, "files") != 0 &&
                       !same_folder (later->input_path, row->input_path);
        }
      if (!superseded)
        return TRUE;
    }
  return FALSE;
}

static gboolean
delete_job_run (VsWriteContext  *ctx,
                gpointer         data,
                GError         **error)
{
  const VsBatchRow *row = data;
  sqlite3_stmt *stmt;

  stmt = _vs_write_context_prepare (ctx, "DELETE FROM batches WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  _vs_write_context_note (ctx, "batches", VS_CHANGE_DELETE, row->run_id, row->id);
  return TRUE;
}

/* A "files" row waiting for its outputs whose file is gone from the folder written now:
 * vs_batch_write_files() removed it as stale (an earlier, larger export's). */
static gboolean
row_is_stale_file (const VsBatchRow *row,
                   GPtrArray        *files)
{
  g_autofree char *folder = NULL;

  if (g_strcmp0 (row->provider, "files") != 0 || row->ingested || row->input_path == NULL ||
      g_file_test (row->input_path, G_FILE_TEST_EXISTS))
    return FALSE;
  folder = g_path_get_dirname (row->input_path);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *path = g_canonicalize_filename (
        ((VsBatchFile *) g_ptr_array_index (files, i))->path, NULL);
      g_autofree char *written = g_path_get_dirname (path);

      if (g_strcmp0 (path, row->input_path) == 0)
        return FALSE;
      if (g_strcmp0 (written, folder) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
vs_batch_record_files (VsProject  *project,
                       gint64      run_id,
                       GPtrArray  *files,
                       GError    **error)
{
  g_autoptr(GPtrArray) rows = vs_batch_store_list (project, run_id, error);
  g_autoptr(VsRunInfo) info = NULL;
  gint64 n_lines = 0;

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      VsBatchRow *row = g_ptr_array_index (rows, i);

      if (row_is_stale_file (row, files) &&
          !_vs_project_write (project, delete_job_run, row, error))
        return FALSE;
    }
  for (guint i = 0; i < files->len; i++)
    {
      VsBatchFile *file = g_ptr_array_index (files, i);
      g_autofree char *path = g_canonicalize_filename (file->path, NULL);
      VsBatchRow *existing = NULL;

      for (guint j = 0; j < rows->len && existing == NULL; j++)
        {
          VsBatchRow *row = g_ptr_array_index (rows, j);

          if (g_strcmp0 (row->provider, "files") == 0 && g_strcmp0 (row->input_path, path) == 0)
            existing = row;
        }
      if (existing != NULL)
        {
          g_free (existing->state);
          existing->state = g_strdup (VS_BATCH_STATE_PREPARED_TEXT);
          existing->n_lines = file->n_lines;
          existing->n_completed = 0;
          existing->n_failed = 0;
          existing->ingested = FALSE;
          g_clear_pointer (&existing->completed_at, g_free);
          if (!vs_batch_store_update (project, existing, error))
            return FALSE;
        }
      else
        {
          VsBatchRow row = { 0 };

          row.run_id = run_id;
          row.contender_id = file->contender_id;
          row.provider = (char *) "files";
          row.input_path = path;
          row.state = (char *) VS_BATCH_STATE_PREPARED_TEXT;
          row.n_lines = file->n_lines;
          if (vs_batch_store_add (project, &row, error) <= 0)
            return FALSE;
        }
    }
  /* Batches are out: the run waits for their outputs. */
  for (guint i = 0; i < files->len; i++)
    n_lines += ((VsBatchFile *) g_ptr_array_index (files, i))->n_lines;
  if (n_lines == 0)
    return TRUE;
  info = vs_run_store_get (project, run_id, error);
  if (info == NULL)
    return FALSE;
  return g_strcmp0 (info->state, "submitted") == 0 ||
         vs_run_store_set_state (project, run_id, "submitted", error);
}

gboolean
vs_batch_refresh_files (VsProject  *project,
                        gint64      run_id,
                        GError    **error)
{
  g_autoptr(GPtrArray) rows = vs_batch_store_list (project, run_id, error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      VsBatchRow *row = g_ptr_array_index (rows, i);
      g_autoptr(GFile) input = NULL;
      gint64 n_lines = 0, n_ok = 0, n_error = 0;

      if (g_strcmp0 (row->provider, "files") != 0 || row->ingested ||
          !g_file_test (row->input_path, G_FILE_TEST_IS_REGULAR))
        continue;
      input = g_file_new_for_path (row->input_path);
      if (!vs_batch_count_input (project, run_id, input, &n_lines, &n_ok, &n_error, NULL,
                                 error))
        return FALSE;
      if (n_ok == row->n_completed && n_error == row->n_failed)
        continue;
      row->n_completed = n_ok;
      row->n_failed = n_error;
      if (n_ok + n_error >= n_lines)
        {
          g_free (row->state);
          row->state = g_strdup ("SUCCEEDED");
          row->completed_at = vs_now_iso8601 ();
          row->ingested = TRUE;
        }
      if (!vs_batch_store_update (project, row, error))
        return FALSE;
    }
  return TRUE;
}
