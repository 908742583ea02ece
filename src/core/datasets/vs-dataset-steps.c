/* vs-dataset-steps.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each step reads the records it needs on its own read connection, works in memory, and
 * writes through the writer: mapping in batches (a cancel keeps what is committed), a
 * cleaning step in one transaction together with its history row and the old values it
 * replaced, so undo is exact.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "vs-dataset-mapping.h"
#include "vs-dataset-steps.h"
#include "vs-dataset-store.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-tokenizer.h"
#include "vs-writer-private.h"

#define MAP_BATCH 1000

static const char *step_names[VS_DATASET_N_STEPS] = {
  "import", "map", "clean", "validate", "split", "export",
};

static const char *clean_names[] = {
  "trim", "drop-empty", "dedup", "near-dedup", "max-tokens", "drop",
};

const char *
vs_dataset_step_id_to_string (VsDatasetStepId step)
{
  g_return_val_if_fail (step < VS_DATASET_N_STEPS, "import");
  return step_names[step];
}

VsDatasetStepId
vs_dataset_step_id_from_string (const char *name)
{
  for (guint i = 0; name != NULL && i < VS_DATASET_N_STEPS; i++)
    if (g_str_equal (name, step_names[i]))
      return i;
  return VS_DATASET_STEP_IMPORT;
}

const char *
vs_dataset_clean_kind_to_string (VsDatasetCleanKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (clean_names), "trim");
  return clean_names[kind];
}

gboolean
vs_dataset_clean_kind_from_string (const char         *name,
                                   VsDatasetCleanKind *out_kind)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (clean_names); i++)
    if (g_str_equal (name, clean_names[i]))
      {
        *out_kind = i;
        return TRUE;
      }
  return FALSE;
}

/* ---- Small reads and writes on the main connection -------------------------------- */

static char *
query_text (VsProject  *project,
            const char *sql,
            gint64      id)
{
  g_autoptr(sqlite3_stmt) stmt = _vs_project_prepare (project, sql, NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return _vs_sql_dup_text (stmt, 0);
}

VsDatasetStepId
vs_dataset_steps_get_current (VsProject *project,
                              gint64     dataset_id)
{
  g_autofree char *step = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), VS_DATASET_STEP_IMPORT);

  step = query_text (project, "SELECT settings ->> '$.wizard.step' FROM datasets WHERE id = ?1",
                     dataset_id);
  return vs_dataset_step_id_from_string (step);
}

char *
vs_dataset_steps_get_mapping (VsProject *project,
                              gint64     dataset_id)
{
  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  return query_text (project, "SELECT mapping FROM datasets WHERE id = ?1", dataset_id);
}

gint64
vs_dataset_steps_get_mapped (VsProject *project,
                             gint64     dataset_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), -1);

  stmt = _vs_project_prepare (project, "SELECT settings -> '$.wizard.mapped' FROM datasets"
                              " WHERE id = ?1", NULL);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

gint64
vs_dataset_steps_position_of (VsProject *project,
                              gint64     dataset_id,
                              gint64     ordinal)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), -1);

  stmt = _vs_project_prepare (project, "SELECT (SELECT count(*) FROM records WHERE dataset_id = ?1"
                              " AND ordinal < ?2 AND dropped_by IS NULL), EXISTS (SELECT 1"
                              " FROM records WHERE dataset_id = ?1 AND ordinal = ?2"
                              " AND dropped_by IS NULL)", NULL);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  sqlite3_bind_int64 (stmt, 2, ordinal);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int (stmt, 1) == 0)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

typedef struct
{
  gint64      id;
  const char *text;
  gint64      number;
} SmallWrite;

static gboolean
set_step_job (VsWriteContext  *ctx,
              gpointer         data,
              GError         **error)
{
  SmallWrite *w = data;
  sqlite3_stmt *stmt = _vs_write_context_prepare (ctx,
                                                  "UPDATE datasets SET settings ="
                                                  " json_set(settings, '$.wizard.step', ?2)"
                                                  " WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, w->id);
  sqlite3_bind_text (stmt, 2, w->text, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  _vs_write_context_note (ctx, "datasets", VS_CHANGE_UPDATE, -1, w->id);
  return TRUE;
}

gboolean
vs_dataset_steps_set_current (VsProject        *project,
                              gint64            dataset_id,
                              VsDatasetStepId   step,
                              GError          **error)
{
  SmallWrite w = { dataset_id, vs_dataset_step_id_to_string (step), 0 };

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);

  return _vs_project_write (project, set_step_job, &w, error);
}

static gboolean
rename_job (VsWriteContext  *ctx,
            gpointer         data,
            GError         **error)
{
  SmallWrite *w = data;
  g_autofree char *now = vs_now_iso8601 ();
  sqlite3_stmt *stmt = _vs_write_context_prepare (ctx,
                                                  "SELECT 1 FROM datasets WHERE name = ?2"
                                                  " AND id != ?1", error);
  gboolean taken;

  if (stmt == NULL)
    return FALSE;
  /* Names are unique in a project. */
  sqlite3_bind_int64 (stmt, 1, w->id);
  sqlite3_bind_text (stmt, 2, w->text, -1, SQLITE_STATIC);
  taken = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (taken)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_EXISTS,
                   _("Another dataset is called “%s” already"), w->text);
      return FALSE;
    }
  stmt = _vs_write_context_prepare (ctx, "UPDATE datasets SET name = ?2, updated_at = ?3"
                                    " WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, w->id);
  sqlite3_bind_text (stmt, 2, w->text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  _vs_write_context_note (ctx, "datasets", VS_CHANGE_UPDATE, -1, w->id);
  return TRUE;
}

gboolean
vs_dataset_steps_rename (VsProject   *project,
                         gint64       dataset_id,
                         const char  *name,
                         GError     **error)
{
  g_autofree char *trimmed = NULL;
  SmallWrite w = { dataset_id, NULL, 0 };

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID, _("A dataset needs a name"));
      return FALSE;
    }
  w.text = trimmed;
  return _vs_project_write (project, rename_job, &w, error);
}

static gboolean
delete_job (VsWriteContext  *ctx,
            gpointer         data,
            GError         **error)
{
  SmallWrite *w = data;
  sqlite3_stmt *stmt;
  gint64 n_used;

  /* A fine-tune job or an evaluation run keeps the snapshots it used, and so the dataset;
   * snapshots only exports used go with the dataset, and the record of those exports. */
  stmt = _vs_write_context_prepare (ctx,
                                    "SELECT count(*) FROM snapshots s WHERE s.dataset_id = ?1"
                                    " AND (EXISTS (SELECT 1 FROM finetune_jobs j"
                                    "  WHERE j.snapshot_id = s.id)"
                                    "  OR EXISTS (SELECT 1 FROM runs r"
                                    "  WHERE r.snapshot_id = s.id))", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, w->id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return _vs_write_context_set_error (ctx, error);
    }
  n_used = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (n_used > 0)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID,
                           _("A fine-tune or an evaluation used a snapshot of this dataset; "
                             "it is kept so that their results say which data produced them"));
      return FALSE;
    }
  for (guint i = 0; i < 3; i++)
    {
      static const char * const sql[] = {
        "DELETE FROM exports WHERE snapshot_id IN"
        " (SELECT id FROM snapshots WHERE dataset_id = ?1)",
        "DELETE FROM snapshots WHERE dataset_id = ?1",
        "DELETE FROM datasets WHERE id = ?1",
      };

      stmt = _vs_write_context_prepare (ctx, sql[i], error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, w->id);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sqlite3_reset (stmt);
          return _vs_write_context_set_error (ctx, error);
        }
      sqlite3_reset (stmt);
    }
  _vs_write_context_note (ctx, "datasets", VS_CHANGE_DELETE, -1, w->id);
  _vs_write_context_note (ctx, "records", VS_CHANGE_DELETE, w->id, -1);
  return TRUE;
}

gboolean
vs_dataset_steps_delete (VsProject  *project,
                         gint64      dataset_id,
                         GError    **error)
{
  SmallWrite w = { dataset_id, NULL, 0 };

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);

  return _vs_project_write (project, delete_job, &w, error);
}

/* ---- Reading records on a worker -------------------------------------------------- */

typedef struct
{
  gint64  id;
  gint64  ordinal;
  char   *text;     /* data or example, as asked; may be NULL */
  char   *extra;    /* split, when asked */
} Row;

static void
row_free (Row *row)
{
  g_free (row->text);
  g_free (row->extra);
  g_free (row);
}

/* The dataset's records in ordinal order; @kept_only leaves out dropped ones. */
static GPtrArray *
read_rows (VsProject     *project,
           gint64         dataset_id,
           const char    *column,
           gboolean       kept_only,
           gboolean       with_split,
           GCancellable  *cancellable,
           GError       **error)
{
  sqlite3 *db = vs_project_open_connection (project, error);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (db == NULL)
    return NULL;
  sql = g_strdup_printf ("SELECT id, ordinal, %s%s FROM records WHERE dataset_id = ?1%s"
                         " ORDER BY ordinal", column, with_split ? ", split" : "",
                         kept_only ? " AND dropped_by IS NULL" : "");
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _vs_project_set_db_error (db, vs_project_get_path (project), sqlite3_errcode (db), error);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Row *row = g_new0 (Row, 1);

      row->id = sqlite3_column_int64 (stmt, 0);
      row->ordinal = sqlite3_column_int64 (stmt, 1);
      row->text = _vs_sql_dup_text (stmt, 2);
      if (with_split)
        row->extra = _vs_sql_dup_text (stmt, 3);
      g_ptr_array_add (rows, row);
      if ((rows->len & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_finalize (stmt);
          sqlite3_close (db);
          return NULL;
        }
    }
  if (rc != SQLITE_DONE)
    {
      _vs_project_set_db_error (db, vs_project_get_path (project), rc, error);
      rows = NULL;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_steal_pointer (&rows);
}

static gboolean
check_writable (VsProject  *project,
                GError    **error)
{
  if (vs_project_get_writer (project) == NULL)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_IO, _("The project is read-only"));
      return FALSE;
    }
  return TRUE;
}

/* ---- Mapping ---------------------------------------------------------------------- */

void
vs_dataset_map_result_free (VsDatasetMapResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->errors, g_ptr_array_unref);
  g_free (result);
}

typedef struct
{
  gint64      dataset_id;
  const char *mapping;
  GArray     *ids;       /* gint64 */
  GPtrArray  *examples;  /* char *, NULL when not mapped */
  gint64      n_mapped;
  gint64      n_failed;
} MapBatch;

/* The figures stay with the dataset so that the wizard shows them when it reopens. */
static gboolean
map_end_job (VsWriteContext  *ctx,
             gpointer         data,
             GError         **error)
{
  MapBatch *b = data;
  sqlite3_stmt *stmt = _vs_write_context_prepare (ctx, "UPDATE datasets SET settings ="
                                                  " json_set(settings, '$.wizard.mapped', ?2,"
                                                  " '$.wizard.map_failed', ?3) WHERE id = ?1",
                                                  error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, b->dataset_id);
  sqlite3_bind_int64 (stmt, 2, b->n_mapped);
  sqlite3_bind_int64 (stmt, 3, b->n_failed);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  _vs_write_context_note (ctx, "datasets", VS_CHANGE_UPDATE, -1, b->dataset_id);
  return TRUE;
}

static gboolean
map_start_job (VsWriteContext  *ctx,
               gpointer         data,
               GError         **error)
{
  MapBatch *b = data;
  sqlite3_stmt *stmt;

  stmt = _vs_write_context_prepare (ctx, "UPDATE datasets SET mapping = ?2 WHERE id = ?1",
                                    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, b->dataset_id);
  sqlite3_bind_text (stmt, 2, b->mapping, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  if (sqlite3_changes (_vs_write_context_get_db (ctx)) == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND, _("There is no dataset %" PRId64),
                   b->dataset_id);
      return FALSE;
    }
  /* Cleaning worked on the old examples: start it over. */
  stmt = _vs_write_context_prepare (ctx, "UPDATE records SET dropped_by = NULL"
                                    " WHERE dataset_id = ?1 AND dropped_by IS NOT NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, b->dataset_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  stmt = _vs_write_context_prepare (ctx, "UPDATE dataset_steps SET undone = 1"
                                    " WHERE dataset_id = ?1 AND undone = 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, b->dataset_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  _vs_write_context_note (ctx, "datasets", VS_CHANGE_UPDATE, -1, b->dataset_id);
  return TRUE;
}

static gboolean
map_batch_job (VsWriteContext  *ctx,
               gpointer         data,
               GError         **error)
{
  MapBatch *b = data;
  sqlite3_stmt *stmt = _vs_write_context_prepare (ctx, "UPDATE records SET example = ?2"
                                                  " WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < b->ids->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, g_array_index (b->ids, gint64, i));
      sqlite3_bind_text (stmt, 2, g_ptr_array_index (b->examples, i), -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return _vs_write_context_set_error (ctx, error);
      sqlite3_reset (stmt);
    }
  _vs_write_context_note (ctx, "records", VS_CHANGE_UPDATE, b->dataset_id, -1);
  return TRUE;
}

VsDatasetMapResult *
vs_dataset_map_sync (VsProject        *project,
                     gint64            dataset_id,
                     const char       *mapping,
                     GCancellable     *cancellable,
                     VsProgressRelay  *progress,
                     GError          **error)
{
  g_autoptr(VsDatasetMapping) map = NULL;
  g_autoptr(VsDatasetMapResult) result = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *canonical = NULL;
  VsWriter *writer;
  MapBatch batch = { dataset_id, NULL, NULL, NULL, 0, 0 };

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (mapping != NULL, NULL);

  if (!check_writable (project, error))
    return NULL;
  map = vs_dataset_mapping_new_from_data (mapping, -1, error);
  if (map == NULL)
    return NULL;
  {
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

    json_node_set_object (node, vs_dataset_mapping_get_json (map));
    canonical = vs_json_to_string (node, FALSE);
  }

  writer = vs_project_get_writer (project);
  batch.mapping = canonical;
  if (!_vs_writer_run_in_order (writer, map_start_job, &batch, error))
    return NULL;

  rows = read_rows (project, dataset_id, "data", FALSE, FALSE, cancellable, error);
  if (rows == NULL)
    return NULL;

  result = g_new0 (VsDatasetMapResult, 1);
  result->errors = g_ptr_array_new_with_free_func (g_free);
  result->n_records = rows->len;

  for (guint start = 0; start < rows->len; start += MAP_BATCH)
    {
      guint end = MIN (rows->len, start + MAP_BATCH);
      g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), end - start);
      g_autoptr(GPtrArray) examples = g_ptr_array_new_with_free_func (g_free);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      for (guint i = start; i < end; i++)
        {
          Row *row = g_ptr_array_index (rows, i);
          g_autoptr(GError) row_error = NULL;
          g_autoptr(JsonObject) object = vs_json_parse_object (row->text, -1, &row_error);
          g_autoptr(JsonObject) example = NULL;

          if (object != NULL)
            vs_dataset_mapping_apply (map, object, &example, &row_error);
          g_array_append_val (ids, row->id);
          if (example != NULL)
            {
              g_ptr_array_add (examples, vs_json_object_to_string (example, FALSE));
              result->n_mapped++;
            }
          else
            {
              g_ptr_array_add (examples, NULL);
              result->n_failed++;
              if (result->errors->len < VS_DATASET_MAP_MAX_ERRORS)
                g_ptr_array_add (result->errors,
                                 /* Translators: "Row 12: user template, line 1:9: …" */
                                 g_strdup_printf (_("Row %" PRId64 ": %s"), row->ordinal,
                                                  row_error ? row_error->message : "?"));
            }
        }

      batch.ids = ids;
      batch.examples = examples;
      if (!_vs_writer_run_in_order (writer, map_batch_job, &batch, error))
        return NULL;
      if (progress != NULL)
        vs_progress_relay_report (progress, end, rows->len, end);
    }
  if (progress != NULL)
    vs_progress_relay_finish (progress);

  batch.ids = NULL;
  batch.examples = NULL;
  batch.n_mapped = result->n_mapped;
  batch.n_failed = result->n_failed;
  if (!_vs_writer_run_in_order (writer, map_end_job, &batch, error))
    return NULL;
  return g_steal_pointer (&result);
}

/* ---- A shared async runner -------------------------------------------------------- */

typedef gpointer (*WorkFunc) (VsProject        *project,
                              gpointer          data,
                              GCancellable     *cancellable,
                              VsProgressRelay  *progress,
                              GError          **error);

typedef struct
{
  WorkFunc         func;
  gpointer         data;
  GDestroyNotify   data_free;
  GDestroyNotify   result_free;
  VsProgressRelay *progress;
} Work;

static void
work_free (Work *work)
{
  if (work->data_free != NULL)
    work->data_free (work->data);
  g_clear_pointer (&work->progress, vs_progress_relay_unref);
  g_free (work);
}

static void
work_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Work *work = task_data;
  g_autoptr(GError) error = NULL;
  gpointer result = work->func (source, work->data, cancellable, work->progress, &error);

  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, work->result_free);
}

static void
run_work (VsProject           *project,
          gpointer             tag,
          WorkFunc             func,
          gpointer             data,
          GDestroyNotify       data_free,
          GDestroyNotify       result_free,
          GCancellable        *cancellable,
          VsProgressFunc       progress,
          gpointer             progress_data,
          GDestroyNotify       progress_notify,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (project, cancellable, callback, user_data);
  Work *work = g_new0 (Work, 1);

  work->func = func;
  work->data = data;
  work->data_free = data_free;
  work->result_free = result_free;
  if (progress != NULL)
    work->progress = vs_progress_relay_new (progress, progress_data, progress_notify);
  else if (progress_notify != NULL)
    progress_notify (progress_data);
  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, work, (GDestroyNotify) work_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, work_thread);
}

static gpointer
finish_work (VsProject     *project,
             GAsyncResult  *result,
             gpointer       tag,
             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, project), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tag, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gpointer
map_work (VsProject        *project,
          gpointer          data,
          GCancellable     *cancellable,
          VsProgressRelay  *progress,
          GError          **error)
{
  const char *mapping = strchr (data, ':') + 1;
  gint64 id = g_ascii_strtoll (data, NULL, 10);

  return vs_dataset_map_sync (project, id, mapping, cancellable, progress, error);
}

void
vs_dataset_map_async (VsProject           *project,
                      gint64               dataset_id,
                      const char          *mapping,
                      GCancellable        *cancellable,
                      VsProgressFunc       progress,
                      gpointer             progress_data,
                      GDestroyNotify       progress_notify,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (VS_IS_PROJECT (project));
  g_return_if_fail (mapping != NULL);

  /* "ID:MAPPING": one immutable string for the worker. */
  run_work (project, vs_dataset_map_async, map_work,
            g_strdup_printf ("%" G_GINT64_FORMAT ":%s", dataset_id, mapping), g_free,
            (GDestroyNotify) vs_dataset_map_result_free, cancellable, progress, progress_data,
            progress_notify, callback, user_data);
}

VsDatasetMapResult *
vs_dataset_map_finish (VsProject     *project,
                       GAsyncResult  *result,
                       GError       **error)
{
  return finish_work (project, result, vs_dataset_map_async, error);
}

/* ---- Cleaning --------------------------------------------------------------------- */

void
vs_dataset_step_free (VsDatasetStep *step)
{
  if (step == NULL)
    return;
  g_free (step->kind);
  g_free (step->params);
  g_free (step->created_at);
  g_free (step);
}

/* Whitespace made tidy without changing the text's shape: CRLF → LF, trailing spaces and
 * tabs of each line removed, runs of spaces and tabs inside a line made one space (leading
 * indentation kept), at most one blank line in a row, the ends trimmed. */
static char *
tidy_whitespace (const char *text)
{
  g_autoptr(GString) out = g_string_sized_new (strlen (text));
  g_auto(GStrv) lines = NULL;
  guint blank_run = 0;
  g_autofree char *unix_text = NULL;

  {
    GString *s = g_string_new (text);

    g_string_replace (s, "\r\n", "\n", 0);
    g_string_replace (s, "\r", "\n", 0);
    unix_text = g_string_free (s, FALSE);
  }
  lines = g_strsplit (unix_text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *p = lines[i];
      g_autoptr(GString) line = g_string_new (NULL);
      gboolean in_space = FALSE;

      /* Keep the indentation. */
      while (*p == ' ' || *p == '\t')
        g_string_append_c (line, *p++);
      for (; *p != '\0'; p++)
        {
          if (*p == ' ' || *p == '\t')
            in_space = TRUE;
          else
            {
              if (in_space)
                g_string_append_c (line, ' ');
              in_space = FALSE;
              g_string_append_c (line, *p);
            }
        }
      /* A line of only indentation is blank. */
      if (strspn (line->str, " \t") == line->len)
        g_string_truncate (line, 0);

      if (line->len == 0)
        {
          blank_run++;
          continue;
        }
      if (out->len > 0)
        g_string_append (out, blank_run > 0 ? "\n\n" : "\n");
      blank_run = 0;
      g_string_append_len (out, line->str, line->len);
    }
  /* Leading spaces of the whole text go too. */
  {
    gsize lead = strspn (out->str, " \t");

    g_string_erase (out, 0, lead);
  }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* TRUE when a tidied copy of @example differs; *@out then holds it. */
static gboolean
tidy_example (JsonObject  *example,
              char       **out)
{
  JsonArray *messages;
  gboolean changed = FALSE;

  if (!json_object_has_member (example, "messages") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (example, "messages")))
    return FALSE;
  messages = json_object_get_array_member (example, "messages");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonNode *node = json_array_get_element (messages, i);
      JsonObject *message;
      JsonNode *content;
      g_autofree char *tidy = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      message = json_node_get_object (node);
      content = json_object_get_member (message, "content");
      if (content == NULL || json_node_get_value_type (content) != G_TYPE_STRING)
        continue;
      tidy = tidy_whitespace (json_node_get_string (content));
      if (!g_str_equal (tidy, json_node_get_string (content)))
        {
          json_object_set_string_member (message, "content", tidy);
          changed = TRUE;
        }
    }
  if (changed)
    *out = vs_json_object_to_string (example, FALSE);
  return changed;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* No messages, or a user or assistant turn with nothing to say. */
static gboolean
example_is_empty (JsonObject *example)
{
  JsonArray *messages;
  guint n;

  if (example == NULL || !json_object_has_member (example, "messages") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (example, "messages")))
    return TRUE;
  messages = json_object_get_array_member (example, "messages");
  n = json_array_get_length (messages);
  if (n == 0)
    return TRUE;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (messages, i);
      JsonObject *message;
      const char *role;
      JsonNode *content;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      message = json_node_get_object (node);
      role = vs_json_get_string (message, "role", "");
      if (!g_str_equal (role, "user") && !g_str_equal (role, "assistant"))
        continue;
      content = json_object_get_member (message, "content");
      if (json_object_has_member (message, "tool_calls"))
        continue;
      if (content == NULL || JSON_NODE_HOLDS_NULL (content))
        return TRUE;
      if (json_node_get_value_type (content) == G_TYPE_STRING &&
          is_blank (json_node_get_string (content)))
        return TRUE;
    }
  return FALSE;
}

/* The text near-duplicate detection compares: every message's string content. */
static char *
example_text (JsonObject *example)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *messages;

  if (!json_object_has_member (example, "messages") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (example, "messages")))
    return g_string_free (g_steal_pointer (&text), FALSE);
  messages = json_object_get_array_member (example, "messages");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonNode *node = json_array_get_element (messages, i);
      JsonNode *content;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      content = json_object_get_member (json_node_get_object (node), "content");
      if (content != NULL && json_node_get_value_type (content) == G_TYPE_STRING)
        {
          if (text->len > 0)
            g_string_append_c (text, '\n');
          g_string_append (text, json_node_get_string (content));
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

typedef struct
{
  gint64   id;
  char    *value;   /* new example, or cluster as text */
} Change;

typedef struct
{
  gint64      dataset_id;
  const char *kind;
  char       *params;
  gint64      n_before;
  GArray     *changed;   /* Change: example edits */
  GArray     *clusters;  /* Change: cluster (value = decimal id) */
  GArray     *dropped;   /* gint64 record ids */
  gint64      step_id;   /* out */
  char       *created_at;
} CleanWrite;

static void
change_clear (gpointer data)
{
  g_free (((Change *) data)->value);
}

static gboolean
clean_job (VsWriteContext  *ctx,
           gpointer         data,
           GError         **error)
{
  CleanWrite *w = data;
  sqlite3 *db = _vs_write_context_get_db (ctx);
  sqlite3_stmt *stmt;
  sqlite3_stmt *save;

  stmt = _vs_write_context_prepare (ctx, "INSERT INTO dataset_steps (dataset_id, kind, params,"
                                    " n_before, n_changed, n_dropped, created_at)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, w->dataset_id);
  sqlite3_bind_text (stmt, 2, w->kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, w->params, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, w->n_before);
  sqlite3_bind_int64 (stmt, 5, w->changed->len);
  sqlite3_bind_int64 (stmt, 6, w->dropped->len);
  sqlite3_bind_text (stmt, 7, w->created_at, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  w->step_id = sqlite3_last_insert_rowid (db);

  save = _vs_write_context_prepare (ctx, "INSERT INTO step_changes (step_id, record_id, field,"
                                    " old_value) SELECT ?1, id, ?3, CASE ?3 WHEN 'example'"
                                    " THEN example ELSE CAST (cluster AS TEXT) END"
                                    " FROM records WHERE id = ?2", error);
  if (save == NULL)
    return FALSE;
  sqlite3_bind_int64 (save, 1, w->step_id);

  stmt = _vs_write_context_prepare (ctx, "UPDATE records SET example = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (save, 3, "example", -1, SQLITE_STATIC);
  for (guint i = 0; i < w->changed->len; i++)
    {
      Change *c = &g_array_index (w->changed, Change, i);

      sqlite3_bind_int64 (save, 2, c->id);
      if (sqlite3_step (save) != SQLITE_DONE)
        return _vs_write_context_set_error (ctx, error);
      sqlite3_reset (save);
      sqlite3_bind_int64 (stmt, 1, c->id);
      sqlite3_bind_text (stmt, 2, c->value, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return _vs_write_context_set_error (ctx, error);
      sqlite3_reset (stmt);
    }

  stmt = _vs_write_context_prepare (ctx, "UPDATE records SET cluster = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (save, 3, "cluster", -1, SQLITE_STATIC);
  for (guint i = 0; i < w->clusters->len; i++)
    {
      Change *c = &g_array_index (w->clusters, Change, i);

      sqlite3_bind_int64 (save, 2, c->id);
      if (sqlite3_step (save) != SQLITE_DONE)
        return _vs_write_context_set_error (ctx, error);
      sqlite3_reset (save);
      sqlite3_bind_int64 (stmt, 1, c->id);
      sqlite3_bind_int64 (stmt, 2, g_ascii_strtoll (c->value, NULL, 10));
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return _vs_write_context_set_error (ctx, error);
      sqlite3_reset (stmt);
    }

  stmt = _vs_write_context_prepare (ctx, "UPDATE records SET dropped_by = ?2 WHERE id = ?1",
                                    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 2, w->step_id);
  for (guint i = 0; i < w->dropped->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, g_array_index (w->dropped, gint64, i));
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return _vs_write_context_set_error (ctx, error);
      sqlite3_reset (stmt);
    }

  _vs_write_context_note (ctx, "records", VS_CHANGE_UPDATE, w->dataset_id, -1);
  _vs_write_context_note (ctx, "datasets", VS_CHANGE_UPDATE, -1, w->dataset_id);
  return TRUE;
}

static gboolean
contains_ordinal (GArray *ordinals,
                  gint64  ordinal)
{
  for (guint i = 0; ordinals != NULL && i < ordinals->len; i++)
    if (g_array_index (ordinals, gint64, i) == ordinal)
      return TRUE;
  return FALSE;
}

VsDatasetStep *
vs_dataset_clean_sync (VsProject                    *project,
                       gint64                        dataset_id,
                       VsDatasetCleanKind            kind,
                       const VsDatasetCleanOptions  *options,
                       GCancellable                 *cancellable,
                       VsProgressRelay              *progress,
                       GError                      **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(VsDatasetDedup) dedup = NULL;
  g_autoptr(VsDatasetNearDedup) near = NULL;
  g_autoptr(GHashTable) heads = NULL;
  VsTokenizer *tokenizer = NULL;
  double threshold = VS_DATASET_NEAR_THRESHOLD_DEFAULT;
  gint64 max_tokens = VS_DATASET_TOKEN_LIMIT_DEFAULT;
  CleanWrite w = { 0 };
  VsDatasetStep *step;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (kind <= VS_DATASET_CLEAN_DROP, NULL);

  if (!check_writable (project, error))
    return NULL;
  if (options != NULL && options->near_threshold > 0)
    threshold = MIN (options->near_threshold, 1.0);
  if (options != NULL && options->max_tokens > 0)
    max_tokens = options->max_tokens;

  rows = read_rows (project, dataset_id, "example", TRUE, FALSE, cancellable, error);
  if (rows == NULL)
    return NULL;

  w.dataset_id = dataset_id;
  w.kind = vs_dataset_clean_kind_to_string (kind);
  w.n_before = rows->len;
  w.changed = g_array_new (FALSE, TRUE, sizeof (Change));
  g_array_set_clear_func (w.changed, change_clear);
  w.clusters = g_array_new (FALSE, TRUE, sizeof (Change));
  g_array_set_clear_func (w.clusters, change_clear);
  w.dropped = g_array_new (FALSE, FALSE, sizeof (gint64));

  switch (kind)
    {
    case VS_DATASET_CLEAN_DEDUP:
      dedup = vs_dataset_dedup_new ();
      w.params = g_strdup ("{}");
      break;
    case VS_DATASET_CLEAN_NEAR_DEDUP:
      {
        g_autofree char *t = vs_json_format_double (threshold);

        near = vs_dataset_near_dedup_new (threshold);
        heads = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
        w.params = g_strdup_printf ("{\"threshold\":%s}", t);
      }
      break;
    case VS_DATASET_CLEAN_MAX_TOKENS:
      tokenizer = vs_tokenizer_get_for_encoding (VS_ENCODING_O200K_BASE);
      w.params = g_strdup_printf ("{\"max_tokens\":%" G_GINT64_FORMAT "}", max_tokens);
      break;
    case VS_DATASET_CLEAN_DROP:
      {
        g_autoptr(GString) p = g_string_new ("{\"ordinals\":[");

        for (guint i = 0; options != NULL && options->ordinals != NULL &&
                          i < options->ordinals->len; i++)
          g_string_append_printf (p, "%s%" G_GINT64_FORMAT, i ? "," : "",
                                  g_array_index (options->ordinals, gint64, i));
        g_string_append (p, "]}");
        w.params = g_string_free (g_steal_pointer (&p), FALSE);
      }
      break;
    case VS_DATASET_CLEAN_TRIM:
    case VS_DATASET_CLEAN_DROP_EMPTY:
    default:
      w.params = g_strdup ("{}");
      break;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = g_ptr_array_index (rows, i);
      g_autoptr(JsonObject) example = NULL;

      if ((i & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        goto failed;
      if (progress != NULL)
        vs_progress_relay_report (progress, i, rows->len, i);

      if (kind == VS_DATASET_CLEAN_DROP)
        {
          if (contains_ordinal (options ? options->ordinals : NULL, row->ordinal))
            g_array_append_val (w.dropped, row->id);
          continue;
        }

      if (row->text != NULL)
        example = vs_json_parse_object (row->text, -1, NULL);
      if (kind == VS_DATASET_CLEAN_DROP_EMPTY)
        {
          if (example_is_empty (example))
            g_array_append_val (w.dropped, row->id);
          continue;
        }
      if (example == NULL)
        continue;

      switch (kind)
        {
        case VS_DATASET_CLEAN_TRIM:
          {
            Change c = { row->id, NULL };

            if (tidy_example (example, &c.value))
              g_array_append_val (w.changed, c);
          }
          break;
        case VS_DATASET_CLEAN_DEDUP:
          {
            g_autofree char *text = vs_dataset_row_dedup_text (example);

            if (vs_dataset_dedup_add (dedup, text, row->id) >= 0)
              g_array_append_val (w.dropped, row->id);
          }
          break;
        case VS_DATASET_CLEAN_NEAR_DEDUP:
          {
            g_autofree char *text = example_text (example);
            gint64 first = vs_dataset_near_dedup_add (near, text, row->id);

            if (first >= 0)
              {
                Change c = { row->id, g_strdup_printf ("%" G_GINT64_FORMAT, first) };

                g_array_append_val (w.dropped, row->id);
                g_array_append_val (w.clusters, c);
                /* The kept one heads its cluster. */
                if (!g_hash_table_contains (heads, &first))
                  {
                    gint64 *key = g_new (gint64, 1);
                    Change head = { first, g_strdup_printf ("%" G_GINT64_FORMAT, first) };

                    *key = first;
                    g_hash_table_add (heads, key);
                    g_array_append_val (w.clusters, head);
                  }
              }
          }
          break;
        case VS_DATASET_CLEAN_MAX_TOKENS:
          {
            JsonArray *messages = NULL;
            gssize n;

            if (json_object_has_member (example, "messages") &&
                JSON_NODE_HOLDS_ARRAY (json_object_get_member (example, "messages")))
              messages = json_object_get_array_member (example, "messages");
            if (messages == NULL)
              break;
            n = vs_tokenizer_count_chat (tokenizer, messages, NULL);
            if (n > max_tokens)
              g_array_append_val (w.dropped, row->id);
          }
          break;
        case VS_DATASET_CLEAN_DROP_EMPTY:
        case VS_DATASET_CLEAN_DROP:
        default:
          break;
        }
    }
  if (progress != NULL)
    {
      vs_progress_relay_report (progress, rows->len, rows->len, rows->len);
      vs_progress_relay_finish (progress);
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto failed;

  w.created_at = vs_now_iso8601 ();
  if (!_vs_writer_run_in_order (vs_project_get_writer (project), clean_job, &w, error))
    goto failed;

  step = g_new0 (VsDatasetStep, 1);
  step->id = w.step_id;
  step->kind = g_strdup (w.kind);
  step->params = g_steal_pointer (&w.params);
  step->n_before = w.n_before;
  step->n_changed = w.changed->len;
  step->n_dropped = w.dropped->len;
  step->created_at = g_steal_pointer (&w.created_at);
  g_array_unref (w.changed);
  g_array_unref (w.clusters);
  g_array_unref (w.dropped);
  return step;

failed:
  g_free (w.params);
  g_free (w.created_at);
  g_array_unref (w.changed);
  g_array_unref (w.clusters);
  g_array_unref (w.dropped);
  return NULL;
}

typedef struct
{
  gint64                dataset_id;
  VsDatasetCleanKind    kind;
  VsDatasetCleanOptions options;
} CleanData;

static void
clean_data_free (CleanData *d)
{
  g_clear_pointer (&d->options.ordinals, g_array_unref);
  g_free (d);
}

static gpointer
clean_work (VsProject        *project,
            gpointer          data,
            GCancellable     *cancellable,
            VsProgressRelay  *progress,
            GError          **error)
{
  CleanData *d = data;

  return vs_dataset_clean_sync (project, d->dataset_id, d->kind, &d->options, cancellable,
                                progress, error);
}

void
vs_dataset_clean_async (VsProject                    *project,
                        gint64                        dataset_id,
                        VsDatasetCleanKind            kind,
                        const VsDatasetCleanOptions  *options,
                        GCancellable                 *cancellable,
                        VsProgressFunc                progress,
                        gpointer                      progress_data,
                        GDestroyNotify                progress_notify,
                        GAsyncReadyCallback           callback,
                        gpointer                      user_data)
{
  CleanData *d = g_new0 (CleanData, 1);

  g_return_if_fail (VS_IS_PROJECT (project));

  d->dataset_id = dataset_id;
  d->kind = kind;
  if (options != NULL)
    {
      d->options.near_threshold = options->near_threshold;
      d->options.max_tokens = options->max_tokens;
      if (options->ordinals != NULL)
        {
          d->options.ordinals = g_array_sized_new (FALSE, FALSE, sizeof (gint64),
                                                   options->ordinals->len);
          g_array_append_vals (d->options.ordinals, options->ordinals->data,
                               options->ordinals->len);
        }
    }
  run_work (project, vs_dataset_clean_async, clean_work, d, (GDestroyNotify) clean_data_free,
            (GDestroyNotify) vs_dataset_step_free, cancellable, progress, progress_data,
            progress_notify, callback, user_data);
}

VsDatasetStep *
vs_dataset_clean_finish (VsProject     *project,
                         GAsyncResult  *result,
                         GError       **error)
{
  return finish_work (project, result, vs_dataset_clean_async, error);
}

static gboolean
undo_job (VsWriteContext  *ctx,
          gpointer         data,
          GError         **error)
{
  SmallWrite *w = data;
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  /* The step and every later active one, latest first. */
  stmt = _vs_write_context_prepare (ctx, "SELECT id FROM dataset_steps WHERE dataset_id = ?1"
                                    " AND id >= ?2 AND undone = 0 ORDER BY id DESC", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, w->id);
  sqlite3_bind_int64 (stmt, 2, w->number);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (steps, id);
    }
  if (rc != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  sqlite3_reset (stmt);
  if (steps->len == 0 || g_array_index (steps, gint64, steps->len - 1) != w->number)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_NOT_FOUND,
                           _("That cleaning step is already undone"));
      return FALSE;
    }

  for (guint i = 0; i < steps->len; i++)
    {
      gint64 step = g_array_index (steps, gint64, i);
      const char *sql[] = {
        "UPDATE records SET example = (SELECT old_value FROM step_changes c"
        " WHERE c.step_id = ?1 AND c.record_id = records.id AND c.field = 'example')"
        " WHERE id IN (SELECT record_id FROM step_changes WHERE step_id = ?1"
        " AND field = 'example')",
        "UPDATE records SET cluster = (SELECT CAST (old_value AS INTEGER) FROM step_changes c"
        " WHERE c.step_id = ?1 AND c.record_id = records.id AND c.field = 'cluster')"
        " WHERE id IN (SELECT record_id FROM step_changes WHERE step_id = ?1"
        " AND field = 'cluster')",
        "UPDATE records SET dropped_by = NULL WHERE dropped_by = ?1",
        "DELETE FROM step_changes WHERE step_id = ?1",
        "UPDATE dataset_steps SET undone = 1 WHERE id = ?1",
      };

      for (guint j = 0; j < G_N_ELEMENTS (sql); j++)
        {
          stmt = _vs_write_context_prepare (ctx, sql[j], error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, step);
          if (sqlite3_step (stmt) != SQLITE_DONE)
            return _vs_write_context_set_error (ctx, error);
          sqlite3_reset (stmt);
        }
    }
  _vs_write_context_note (ctx, "records", VS_CHANGE_UPDATE, w->id, -1);
  _vs_write_context_note (ctx, "datasets", VS_CHANGE_UPDATE, -1, w->id);
  return TRUE;
}

gboolean
vs_dataset_clean_undo (VsProject  *project,
                       gint64      dataset_id,
                       gint64      step_id,
                       GError    **error)
{
  SmallWrite w = { dataset_id, NULL, step_id };

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);

  return _vs_project_write (project, undo_job, &w, error);
}

static gpointer
step_from_row (sqlite3_stmt *stmt)
{
  VsDatasetStep *step = g_new0 (VsDatasetStep, 1);

  step->id = sqlite3_column_int64 (stmt, 0);
  step->kind = _vs_sql_dup_text (stmt, 1);
  step->params = _vs_sql_dup_text (stmt, 2);
  step->n_before = sqlite3_column_int64 (stmt, 3);
  step->n_changed = sqlite3_column_int64 (stmt, 4);
  step->n_dropped = sqlite3_column_int64 (stmt, 5);
  step->undone = sqlite3_column_int (stmt, 6) != 0;
  step->created_at = _vs_sql_dup_text (stmt, 7);
  return step;
}

GPtrArray *
vs_dataset_clean_list (VsProject  *project,
                       gint64      dataset_id,
                       GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  stmt = _vs_project_prepare (project, "SELECT id, kind, params, n_before, n_changed, n_dropped,"
                              " undone, created_at FROM dataset_steps WHERE dataset_id = ?1"
                              " ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  return _vs_project_collect (project, stmt, step_from_row, (GDestroyNotify) vs_dataset_step_free,
                              error);
}

gint64
vs_dataset_steps_count_kept (VsProject *project,
                             gint64     dataset_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 n = 0;

  g_return_val_if_fail (VS_IS_PROJECT (project), 0);

  stmt = _vs_project_prepare (project, "SELECT (SELECT coalesce(sum(n), 0) FROM dataset_counts"
                              " WHERE dataset_id = ?1) - (SELECT coalesce(sum(n_dropped), 0)"
                              " FROM dataset_steps WHERE dataset_id = ?1 AND undone = 0)", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  return MAX (n, 0);
}

/* ---- Validation ------------------------------------------------------------------- */

void
vs_dataset_validation_free (VsDatasetValidation *validation)
{
  if (validation == NULL)
    return;
  g_clear_pointer (&validation->report, json_node_unref);
  g_clear_pointer (&validation->problems, g_ptr_array_unref);
  g_clear_pointer (&validation->tokens, g_array_unref);
  g_free (validation);
}

typedef struct
{
  gint64     dataset_id;
  GArray    *ids;
  GArray    *tokens;    /* gint64 per id, -1 when not counted */
  GPtrArray *problems;  /* per id: `records.problems` JSON */
} TokensWrite;

/* The counts go to `records.tokens` and each example's problems to `records.problems`, so the
 * table shows them (and sorts and filters by them). */
static gboolean
tokens_job (VsWriteContext  *ctx,
            gpointer         data,
            GError         **error)
{
  TokensWrite *w = data;
  sqlite3_stmt *stmt = _vs_write_context_prepare (ctx, "UPDATE records SET tokens = ?2,"
                                                  " problems = ?3 WHERE id = ?1"
                                                  " AND (tokens IS NOT ?2 OR problems IS NOT ?3)",
                                                  error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < w->ids->len; i++)
    {
      gint64 tokens = g_array_index (w->tokens, gint64, i);

      sqlite3_bind_int64 (stmt, 1, g_array_index (w->ids, gint64, i));
      if (tokens >= 0)
        sqlite3_bind_int64 (stmt, 2, tokens);
      else
        sqlite3_bind_null (stmt, 2);
      sqlite3_bind_text (stmt, 3, g_ptr_array_index (w->problems, i), -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return _vs_write_context_set_error (ctx, error);
      sqlite3_reset (stmt);
    }
  _vs_write_context_note (ctx, "records", VS_CHANGE_UPDATE, w->dataset_id, -1);
  return TRUE;
}

/* "line 12: the message…" → "the message…" */
static const char *
without_line (const char *message)
{
  const char *colon = message != NULL ? strstr (message, ": ") : NULL;

  if (colon == NULL || g_ascii_strncasecmp (message, "line", 4) != 0)
    return message;
  return colon + 2;
}

/* `records.problems` for each of @ordinals: [{"key", "message", "error"}, …] from @checks
 * (whose lines are ordinals). */
static GPtrArray *
record_problems (GPtrArray *checks,
                 GArray    *ordinals)
{
  g_autoptr(GHashTable) by_ordinal = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                            (GDestroyNotify) json_array_unref);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < checks->len; i++)
    {
      VsDatasetCheck *check = g_ptr_array_index (checks, i);
      JsonArray *list = g_hash_table_lookup (by_ordinal, &check->line);
      JsonObject *problem = json_object_new ();

      if (list == NULL)
        {
          list = json_array_new ();
          g_hash_table_insert (by_ordinal, &check->line, list);
        }
      json_object_set_string_member (problem, "key", check->key);
      json_object_set_string_member (problem, "message", without_line (check->message));
      json_object_set_boolean_member (problem, "error", check->is_error);
      json_array_add_object_element (list, problem);
    }
  for (guint i = 0; i < ordinals->len; i++)
    {
      JsonArray *list = g_hash_table_lookup (by_ordinal, &g_array_index (ordinals, gint64, i));
      g_autoptr(JsonNode) node = NULL;

      if (list == NULL)
        {
          g_ptr_array_add (out, g_strdup ("[]"));
          continue;
        }
      node = json_node_init_array (json_node_alloc (), list);
      g_ptr_array_add (out, vs_json_to_string (node, FALSE));
    }
  return out;
}

VsDatasetValidation *
vs_dataset_validate_records_sync (VsProject        *project,
                                  gint64            dataset_id,
                                  const char       *model,
                                  GCancellable     *cancellable,
                                  VsProgressRelay  *progress,
                                  GError          **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(VsDatasetValidator) validator = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) row_tokens = NULL;
  g_autoptr(GArray) ordinals = NULL;
  VsDatasetValidation *v;
  VsTokenizer *tokenizer;
  gint64 limit;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  rows = read_rows (project, dataset_id, "example", TRUE, FALSE, cancellable, error);
  if (rows == NULL)
    return NULL;

  tokenizer = model != NULL ? vs_tokenizer_get_for_model (model, NULL)
                            : vs_tokenizer_get_for_encoding (VS_ENCODING_O200K_BASE);
  limit = model != NULL ? vs_dataset_token_limit_for_model (model)
                        : VS_DATASET_TOKEN_LIMIT_DEFAULT;
  validator = vs_dataset_validator_new (tokenizer, limit);

  v = g_new0 (VsDatasetValidation, 1);
  v->tokens = g_array_new (FALSE, FALSE, sizeof (gint64));
  v->token_limit = limit;
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  row_tokens = g_array_new (FALSE, FALSE, sizeof (gint64));
  ordinals = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = g_ptr_array_index (rows, i);
      g_autoptr(JsonObject) example = NULL;

      if ((i & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          vs_dataset_validation_free (v);
          return NULL;
        }
      if (progress != NULL)
        vs_progress_relay_report (progress, i, rows->len, i);
      if (row->text == NULL)
        {
          v->n_unmapped++;
          continue;
        }
      example = vs_json_parse_object (row->text, -1, NULL);
      if (example == NULL)
        {
          v->n_unmapped++;
          continue;
        }
      vs_dataset_validator_add_example (validator, row->ordinal, example);
      {
        gint64 n64 = -1;

        if (json_object_has_member (example, "messages") &&
            JSON_NODE_HOLDS_ARRAY (json_object_get_member (example, "messages")))
          {
            gssize n = vs_tokenizer_count_chat (tokenizer,
                                                json_object_get_array_member (example,
                                                                              "messages"),
                                                NULL);

            if (n >= 0)
              {
                n64 = n;
                g_array_append_val (v->tokens, n64);
              }
          }
        g_array_append_val (ids, row->id);
        g_array_append_val (row_tokens, n64);
        g_array_append_val (ordinals, row->ordinal);
      }
    }
  if (progress != NULL)
    {
      vs_progress_relay_report (progress, rows->len, rows->len, rows->len);
      vs_progress_relay_finish (progress);
    }

  /* A read-only project is validated all the same; the counts are then not kept. */
  if (vs_project_get_writer (project) != NULL && ids->len > 0)
    {
      g_autoptr(GPtrArray) problems = record_problems (vs_dataset_validator_get_problems
                                                       (validator), ordinals);
      TokensWrite w = { dataset_id, ids, row_tokens, problems };
      g_autoptr(GError) write_error = NULL;

      if (!_vs_writer_run_in_order (vs_project_get_writer (project), tokens_job, &w,
                                    &write_error))
        g_warning ("Could not keep the token counts: %s", write_error->message);
    }

  v->report = vs_dataset_validator_to_json (validator);
  v->problems = g_ptr_array_ref (vs_dataset_validator_get_problems (validator));
  v->n_examples = vs_dataset_validator_get_n_examples (validator);
  v->n_valid = vs_dataset_validator_get_n_valid_examples (validator);
  for (guint i = 0; i < v->problems->len; i++)
    {
      VsDatasetCheck *check = g_ptr_array_index (v->problems, i);

      if (check->is_error)
        v->n_errors++;
      else
        v->n_warnings++;
    }
  return v;
}

static gpointer
validate_work (VsProject        *project,
               gpointer          data,
               GCancellable     *cancellable,
               VsProgressRelay  *progress,
               GError          **error)
{
  const char *text = data;
  const char *model = strchr (text, ':') + 1;

  return vs_dataset_validate_records_sync (project, g_ascii_strtoll (text, NULL, 10),
                                           *model ? model : NULL, cancellable, progress, error);
}

void
vs_dataset_validate_records_async (VsProject           *project,
                                   gint64               dataset_id,
                                   const char          *model,
                                   GCancellable        *cancellable,
                                   VsProgressFunc       progress,
                                   gpointer             progress_data,
                                   GDestroyNotify       progress_notify,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (VS_IS_PROJECT (project));

  run_work (project, vs_dataset_validate_records_async, validate_work,
            g_strdup_printf ("%" G_GINT64_FORMAT ":%s", dataset_id, model ? model : ""), g_free,
            (GDestroyNotify) vs_dataset_validation_free, cancellable, progress, progress_data,
            progress_notify, callback, user_data);
}

VsDatasetValidation *
vs_dataset_validate_records_finish (VsProject     *project,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_work (project, result, vs_dataset_validate_records_async, error);
}

/* ---- Split ------------------------------------------------------------------------ */

typedef struct
{
  gint64       dataset_id;
  GArray      *ids;
  guint8      *parts;
  char        *settings;
} SplitWrite;

static gboolean
split_job (VsWriteContext  *ctx,
           gpointer         data,
           GError         **error)
{
  SplitWrite *w = data;
  sqlite3_stmt *stmt;

  stmt = _vs_write_context_prepare (ctx, "UPDATE records SET split = 'unassigned'"
                                    " WHERE dataset_id = ?1 AND split != 'unassigned'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, w->dataset_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);

  stmt = _vs_write_context_prepare (ctx, "UPDATE records SET split = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < w->ids->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, g_array_index (w->ids, gint64, i));
      sqlite3_bind_text (stmt, 2, vs_dataset_split_part_to_string (w->parts[i]), -1,
                         SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return _vs_write_context_set_error (ctx, error);
      sqlite3_reset (stmt);
    }

  stmt = _vs_write_context_prepare (ctx, "UPDATE datasets SET settings ="
                                    " json_set(settings, '$.wizard.split', json(?2))"
                                    " WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, w->dataset_id);
  sqlite3_bind_text (stmt, 2, w->settings, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);

  _vs_write_context_note (ctx, "records", VS_CHANGE_UPDATE, w->dataset_id, -1);
  _vs_write_context_note (ctx, "datasets", VS_CHANGE_UPDATE, -1, w->dataset_id);
  return TRUE;
}

gboolean
vs_dataset_split_records_sync (VsProject                    *project,
                               gint64                        dataset_id,
                               const VsDatasetSplitOptions  *options,
                               gint64                       *counts,
                               GCancellable                 *cancellable,
                               GError                      **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree guint8 *parts = NULL;
  g_autoptr(GString) settings = g_string_new (NULL);
  SplitWrite w = { 0 };

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  if (!check_writable (project, error) ||
      !vs_dataset_split_check_percentages (options->percent, error))
    return FALSE;

  rows = read_rows (project, dataset_id, "data", TRUE, FALSE, cancellable, error);
  if (rows == NULL)
    return FALSE;
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), rows->len);
  if (options->stratify != NULL && *options->stratify != '\0')
    labels = g_ptr_array_new_full (rows->len + 1, g_free);
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = g_ptr_array_index (rows, i);

      g_array_append_val (ids, row->id);
      if (labels != NULL)
        {
          g_autoptr(JsonObject) object = vs_json_parse_object (row->text, -1, NULL);
          JsonNode *node = object ? json_object_get_member (object, options->stratify) : NULL;
          char *label = NULL;

          if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
            label = json_node_get_value_type (node) == G_TYPE_STRING
                    ? g_strdup (json_node_get_string (node)) : vs_json_to_string (node, FALSE);
          g_ptr_array_add (labels, label);
        }
    }
  if (labels != NULL)
    g_ptr_array_add (labels, NULL);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  parts = vs_dataset_split_assign (rows->len, options->percent, options->seed,
                                   labels ? (const char * const *) labels->pdata : NULL);
  for (guint p = 0; counts != NULL && p < VS_DATASET_SPLIT_N_PARTS; p++)
    counts[p] = 0;
  for (guint i = 0; counts != NULL && i < rows->len; i++)
    counts[parts[i]]++;

  g_string_append_printf (settings, "{\"percent\":[%u,%u,%u],\"seed\":%" G_GUINT64_FORMAT
                          ",\"stratify\":", options->percent[0], options->percent[1],
                          options->percent[2], options->seed);
  if (labels != NULL)
    vs_json_append_escaped (settings, options->stratify, -1);
  else
    g_string_append (settings, "null");
  g_string_append_c (settings, '}');

  w.dataset_id = dataset_id;
  w.ids = ids;
  w.parts = parts;
  w.settings = settings->str;
  return _vs_writer_run_in_order (vs_project_get_writer (project), split_job, &w, error);
}

typedef struct
{
  gint64                 dataset_id;
  VsDatasetSplitOptions  options;
  gint64                 counts[VS_DATASET_SPLIT_N_PARTS];
} SplitData;

static void
split_data_free (SplitData *d)
{
  g_free (d->options.stratify);
  g_free (d);
}

static gpointer
split_work (VsProject        *project,
            gpointer          data,
            GCancellable     *cancellable,
            VsProgressRelay  *progress,
            GError          **error)
{
  SplitData *d = data;
  gint64 *counts = g_new0 (gint64, VS_DATASET_SPLIT_N_PARTS);

  if (!vs_dataset_split_records_sync (project, d->dataset_id, &d->options, counts, cancellable,
                                      error))
    {
      g_free (counts);
      return NULL;
    }
  return counts;
}

void
vs_dataset_split_records_async (VsProject                    *project,
                                gint64                        dataset_id,
                                const VsDatasetSplitOptions  *options,
                                GCancellable                 *cancellable,
                                GAsyncReadyCallback           callback,
                                gpointer                      user_data)
{
  SplitData *d = g_new0 (SplitData, 1);

  g_return_if_fail (VS_IS_PROJECT (project));
  g_return_if_fail (options != NULL);

  d->dataset_id = dataset_id;
  d->options = *options;
  d->options.stratify = g_strdup (options->stratify);
  run_work (project, vs_dataset_split_records_async, split_work, d,
            (GDestroyNotify) split_data_free, g_free, cancellable, NULL, NULL, NULL, callback,
            user_data);
}

gboolean
vs_dataset_split_records_finish (VsProject     *project,
                                 GAsyncResult  *result,
                                 gint64        *counts,
                                 GError       **error)
{
  g_autofree gint64 *got = finish_work (project, result, vs_dataset_split_records_async, error);

  if (got == NULL)
    return FALSE;
  for (guint p = 0; counts != NULL && p < VS_DATASET_SPLIT_N_PARTS; p++)
    counts[p] = got[p];
  return TRUE;
}
