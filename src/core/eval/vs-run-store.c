/* vs-run-store.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The run store's reads, on the project's main connection. Writes (create a run, add a
 * contender, record a result) will go through the project's writer.
 */
#include "config.h"

#include "vs-error.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-run-store.h"

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static sqlite3_stmt *
prepare (VsProject   *project,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (vs_project_get_db (project), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      vs_project_set_error_from_db (project, error);
      return NULL;
    }
  return stmt;
}

void
vs_contender_info_free (VsContenderInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->label);
  g_free (info->model);
  g_clear_pointer (&info->parameters, json_object_unref);
  g_free (info);
}

void
vs_run_info_free (VsRunInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->snapshot_name);
  g_free (info->split);
  g_strfreev (info->metrics);
  g_free (info->state);
  g_free (info->created_at);
  g_free (info->started_at);
  g_free (info->finished_at);
  g_clear_pointer (&info->contenders, g_ptr_array_unref);
  g_free (info);
}

/* Metric names: strings, or objects' "name". */
static char **
parse_metrics (const char *text)
{
  g_autoptr(JsonNode) node = text ? vs_json_parse (text, -1, NULL) : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) &&
              json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
          else if (JSON_NODE_HOLDS_OBJECT (element) &&
                   vs_json_get_string (json_node_get_object (element), "name", NULL) != NULL)
            g_strv_builder_add (builder, vs_json_get_string (json_node_get_object (element),
                                                             "name", NULL));
        }
    }
  return g_strv_builder_end (builder);
}

#define RUN_COLUMNS \
  "SELECT r.id, r.name, r.snapshot_id, s.name, r.split, r.repeats, r.metrics," \
  " r.baseline_run_id, r.state, r.created_at, r.started_at, r.finished_at," \
  " (SELECT count(*) FROM contenders c WHERE c.run_id = r.id)" \
  " FROM runs r LEFT JOIN snapshots s ON s.id = r.snapshot_id"

static VsRunInfo *
run_from_row (sqlite3_stmt *stmt)
{
  VsRunInfo *info = g_new0 (VsRunInfo, 1);

  info->id = sqlite3_column_int64 (stmt, 0);
  info->name = dup_column (stmt, 1);
  info->snapshot_id = sqlite3_column_int64 (stmt, 2);
  info->snapshot_name = dup_column (stmt, 3);
  info->split = dup_column (stmt, 4);
  info->repeats = sqlite3_column_int (stmt, 5);
  info->metrics = parse_metrics ((const char *) sqlite3_column_text (stmt, 6));
  info->baseline_run_id = sqlite3_column_int64 (stmt, 7);
  info->state = dup_column (stmt, 8);
  info->created_at = dup_column (stmt, 9);
  info->started_at = dup_column (stmt, 10);
  info->finished_at = dup_column (stmt, 11);
  info->n_contenders = sqlite3_column_int64 (stmt, 12);
  return info;
}

GPtrArray *
vs_run_store_list (VsProject  *project,
                   GError    **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = prepare (project, RUN_COLUMNS " ORDER BY r.created_at DESC, r.id DESC", error);
  if (stmt == NULL)
    return NULL;

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_run_info_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, run_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      vs_project_set_error_from_db (project, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

VsRunInfo *
vs_run_store_get (VsProject  *project,
                  gint64      run_id,
                  GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(VsRunInfo) info = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = prepare (project, RUN_COLUMNS " WHERE r.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND, "There is no run %" G_GINT64_FORMAT,
                   run_id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      vs_project_set_error_from_db (project, error);
      return NULL;
    }
  info = run_from_row (stmt);

  info->contenders = vs_run_store_list_contenders (project, run_id, error);
  if (info->contenders == NULL)
    return NULL;
  if (!vs_run_store_count_results (project, run_id, &info->results, error))
    return NULL;
  return g_steal_pointer (&info);
}

GPtrArray *
vs_run_store_list_contenders (VsProject  *project,
                              gint64      run_id,
                              GError    **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = prepare (project,
                  "SELECT id, run_id, position, label, endpoint_id, model, template_version_id,"
                  " finetune_job_id, parameters FROM contenders WHERE run_id = ?1"
                  " ORDER BY position, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_contender_info_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VsContenderInfo *info = g_new0 (VsContenderInfo, 1);
      const char *parameters = (const char *) sqlite3_column_text (stmt, 8);

      info->id = sqlite3_column_int64 (stmt, 0);
      info->run_id = sqlite3_column_int64 (stmt, 1);
      info->position = sqlite3_column_int (stmt, 2);
      info->label = dup_column (stmt, 3);
      info->endpoint_id = sqlite3_column_int64 (stmt, 4);
      info->model = dup_column (stmt, 5);
      info->template_version_id = sqlite3_column_int64 (stmt, 6);
      info->finetune_job_id = sqlite3_column_int64 (stmt, 7);
      info->parameters = parameters ? vs_json_parse_object (parameters, -1, NULL) : NULL;
      if (info->parameters == NULL)
        info->parameters = json_object_new ();
      g_ptr_array_add (list, info);
    }
  if (rc != SQLITE_DONE)
    {
      vs_project_set_error_from_db (project, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

gboolean
vs_run_store_count_results (VsProject          *project,
                            gint64              run_id,
                            VsRunResultCounts  *counts,
                            GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *counts = (VsRunResultCounts) { 0 };
  stmt = prepare (project,
                  "SELECT state, count(*) FROM results WHERE run_id = ?1 GROUP BY state", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *state = (const char *) sqlite3_column_text (stmt, 0);
      gint64 n = sqlite3_column_int64 (stmt, 1);

      if (g_strcmp0 (state, "pending") == 0)
        counts->n_pending = n;
      else if (g_strcmp0 (state, "ok") == 0)
        counts->n_ok = n;
      else if (g_strcmp0 (state, "error") == 0)
        counts->n_errors = n;
    }
  if (rc != SQLITE_DONE)
    return vs_project_set_error_from_db (project, error);
  return TRUE;
}
