/* vs-finetune-store.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fine-tune store's reads, on the project's main connection.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "vs-error.h"
#include "vs-finetune-store.h"
#include "vs-json.h"
#include "vs-project-private.h"

void
vs_finetune_job_info_free (VsFinetuneJobInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->provider);
  g_free (info->snapshot_name);
  g_free (info->remote_id);
  g_free (info->base_model);
  g_free (info->fine_tuned_model);
  g_free (info->state);
  g_free (info->raw_status);
  g_clear_pointer (&info->hyperparameters, json_object_unref);
  g_free (info->training_file_id);
  g_free (info->validation_file_id);
  g_free (info->error);
  g_free (info->created_at);
  g_free (info->updated_at);
  g_free (info->finished_at);
  g_free (info);
}

void
vs_finetune_event_free (VsFinetuneEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->remote_id);
  g_free (event->level);
  g_free (event->type);
  g_free (event->message);
  g_clear_pointer (&event->data, json_node_unref);
  g_free (event->created_at);
  g_free (event);
}

const char *
vs_finetune_job_info_get_display_model (const VsFinetuneJobInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  return info->fine_tuned_model != NULL ? info->fine_tuned_model : info->base_model;
}

#define JOB_COLUMNS \
  "SELECT j.id, j.provider, j.endpoint_id, j.snapshot_id, s.name, j.remote_id, j.base_model," \
  " j.fine_tuned_model, j.state, j.raw_status, j.hyperparameters, j.training_file_id," \
  " j.validation_file_id, j.trained_tokens, j.estimated_cost, j.error, j.created_at," \
  " j.updated_at, j.finished_at" \
  " FROM finetune_jobs j LEFT JOIN snapshots s ON s.id = j.snapshot_id"

static VsFinetuneJobInfo *
job_from_row (sqlite3_stmt *stmt)
{
  VsFinetuneJobInfo *info = g_new0 (VsFinetuneJobInfo, 1);
  const char *hyperparameters = (const char *) sqlite3_column_text (stmt, 10);

  info->id = sqlite3_column_int64 (stmt, 0);
  info->provider = _vs_sql_dup_text (stmt, 1);
  info->endpoint_id = sqlite3_column_int64 (stmt, 2);
  info->snapshot_id = sqlite3_column_int64 (stmt, 3);
  info->snapshot_name = _vs_sql_dup_text (stmt, 4);
  info->remote_id = _vs_sql_dup_text (stmt, 5);
  info->base_model = _vs_sql_dup_text (stmt, 6);
  info->fine_tuned_model = _vs_sql_dup_text (stmt, 7);
  info->state = _vs_sql_dup_text (stmt, 8);
  info->raw_status = _vs_sql_dup_text (stmt, 9);
  info->hyperparameters = hyperparameters ? vs_json_parse_object (hyperparameters, -1, NULL)
                                          : NULL;
  if (info->hyperparameters == NULL)
    info->hyperparameters = json_object_new ();
  info->training_file_id = _vs_sql_dup_text (stmt, 11);
  info->validation_file_id = _vs_sql_dup_text (stmt, 12);
  info->trained_tokens = sqlite3_column_type (stmt, 13) != SQLITE_NULL
                         ? sqlite3_column_int64 (stmt, 13) : -1;
  info->estimated_cost = sqlite3_column_type (stmt, 14) != SQLITE_NULL
                         ? sqlite3_column_double (stmt, 14) : -1.0;
  info->error = _vs_sql_dup_text (stmt, 15);
  info->created_at = _vs_sql_dup_text (stmt, 16);
  info->updated_at = _vs_sql_dup_text (stmt, 17);
  info->finished_at = _vs_sql_dup_text (stmt, 18);
  return info;
}

GPtrArray *
vs_finetune_store_list (VsProject  *project,
                        GError    **error)
{
  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _vs_project_query_list (project, JOB_COLUMNS " ORDER BY j.created_at DESC, j.id DESC",
                                 (VsRowFunc) job_from_row,
                                 (GDestroyNotify) vs_finetune_job_info_free, error);
}

VsFinetuneJobInfo *
vs_finetune_store_get (VsProject  *project,
                       gint64      job_id,
                       GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _vs_project_prepare (project, JOB_COLUMNS " WHERE j.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, job_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return job_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND,
                 _("There is no fine-tuning job %" PRId64), job_id);
  else
    vs_project_set_error_from_db (project, error);
  return NULL;
}

static gpointer
event_from_row (sqlite3_stmt *stmt)
{
  VsFinetuneEvent *event = g_new0 (VsFinetuneEvent, 1);
  const char *data = (const char *) sqlite3_column_text (stmt, 6);

  event->id = sqlite3_column_int64 (stmt, 0);
  event->job_id = sqlite3_column_int64 (stmt, 1);
  event->remote_id = _vs_sql_dup_text (stmt, 2);
  event->level = _vs_sql_dup_text (stmt, 3);
  event->type = _vs_sql_dup_text (stmt, 4);
  event->message = _vs_sql_dup_text (stmt, 5);
  event->data = data ? vs_json_parse (data, -1, NULL) : NULL;
  event->created_at = _vs_sql_dup_text (stmt, 7);
  return event;
}

GPtrArray *
vs_finetune_store_list_events (VsProject  *project,
                               gint64      job_id,
                               GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _vs_project_prepare (project,
                  "SELECT id, job_id, remote_id, level, type, message, data, created_at"
                  " FROM finetune_events WHERE job_id = ?1 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, job_id);

  return _vs_project_collect (project, g_steal_pointer (&stmt), event_from_row,
                              (GDestroyNotify) vs_finetune_event_free, error);
}
