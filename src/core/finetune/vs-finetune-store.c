/* vs-finetune-store.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fine-tune store: reads on the project's main connection, writes as writer jobs (a new
 * job; then, per poll, the provider's report — state, events, checkpoints — in one
 * transaction, INSERT OR IGNORE on (job_id, remote_id) so an event is kept once).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "vs-error.h"
#include "vs-finetune-provider.h"
#include "vs-finetune-store.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-run-store.h"
#include "vs-writer-private.h"

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

void
vs_finetune_checkpoint_free (VsFinetuneCheckpoint *checkpoint)
{
  if (checkpoint == NULL)
    return;
  g_free (checkpoint->remote_id);
  g_free (checkpoint->model);
  g_clear_pointer (&checkpoint->metrics, json_node_unref);
  g_free (checkpoint->created_at);
  g_free (checkpoint);
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

static GPtrArray *
list_events (VsProject  *project,
             gint64      job_id,
             gboolean    history,
             GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _vs_project_prepare (project,
                  "SELECT id, job_id, remote_id, level, type, message, data, created_at"
                  " FROM finetune_events WHERE job_id = ?1"
                  " AND (type IS '" VS_FINETUNE_EVENT_STATE "') = ?2 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, job_id);
  sqlite3_bind_int (stmt, 2, history ? 1 : 0);

  return _vs_project_collect (project, g_steal_pointer (&stmt), event_from_row,
                              (GDestroyNotify) vs_finetune_event_free, error);
}

GPtrArray *
vs_finetune_store_list_events (VsProject  *project,
                               gint64      job_id,
                               GError    **error)
{
  return list_events (project, job_id, FALSE, error);
}

GPtrArray *
vs_finetune_store_list_history (VsProject  *project,
                                gint64      job_id,
                                GError    **error)
{
  return list_events (project, job_id, TRUE, error);
}

static gpointer
checkpoint_from_row (sqlite3_stmt *stmt)
{
  VsFinetuneCheckpoint *checkpoint = g_new0 (VsFinetuneCheckpoint, 1);
  const char *metrics = (const char *) sqlite3_column_text (stmt, 5);

  checkpoint->id = sqlite3_column_int64 (stmt, 0);
  checkpoint->job_id = sqlite3_column_int64 (stmt, 1);
  checkpoint->remote_id = _vs_sql_dup_text (stmt, 2);
  checkpoint->step = sqlite3_column_type (stmt, 3) != SQLITE_NULL
                     ? sqlite3_column_int64 (stmt, 3) : -1;
  checkpoint->model = _vs_sql_dup_text (stmt, 4);
  checkpoint->metrics = metrics ? vs_json_parse (metrics, -1, NULL) : NULL;
  checkpoint->created_at = _vs_sql_dup_text (stmt, 6);
  return checkpoint;
}

GPtrArray *
vs_finetune_store_list_checkpoints (VsProject  *project,
                                    gint64      job_id,
                                    GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _vs_project_prepare (project,
                  "SELECT id, job_id, remote_id, step, model, metrics, created_at"
                  " FROM finetune_checkpoints WHERE job_id = ?1 ORDER BY step, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, job_id);
  return _vs_project_collect (project, g_steal_pointer (&stmt), checkpoint_from_row,
                              (GDestroyNotify) vs_finetune_checkpoint_free, error);
}

VsFinetuneJobInfo *
vs_finetune_store_find_remote (VsProject  *project,
                               const char *provider,
                               const char *remote_id,
                               GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (provider != NULL && remote_id != NULL, NULL);

  stmt = _vs_project_prepare (project, JOB_COLUMNS " WHERE j.provider = ?1 AND j.remote_id = ?2"
                              " ORDER BY j.id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, provider, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, remote_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return job_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND,
                 _("The project has no %s fine-tuning job “%s”"), provider, remote_id);
  else
    vs_project_set_error_from_db (project, error);
  return NULL;
}

GPtrArray *
vs_finetune_store_list_active (VsProject  *project,
                               GError    **error)
{
  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  return _vs_project_query_list (project, JOB_COLUMNS
                                 " WHERE j.state NOT IN ('SUCCEEDED', 'FAILED', 'CANCELLED')"
                                 " AND j.remote_id IS NOT NULL ORDER BY j.id",
                                 (VsRowFunc) job_from_row,
                                 (GDestroyNotify) vs_finetune_job_info_free, error);
}

GPtrArray *
vs_finetune_store_list_contenders (VsProject  *project,
                                   GError    **error)
{
  g_autoptr(GPtrArray) jobs = NULL;
  GPtrArray *contenders;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  jobs = vs_finetune_store_list (project, error);
  if (jobs == NULL)
    return NULL;
  contenders = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_contender_info_free);
  for (guint i = 0; i < jobs->len; i++)
    {
      VsFinetuneJobInfo *job = g_ptr_array_index (jobs, i);
      VsContenderInfo *contender;

      if (g_strcmp0 (job->state, "SUCCEEDED") != 0 || job->fine_tuned_model == NULL)
        continue;
      contender = g_new0 (VsContenderInfo, 1);
      contender->position = (gint) contenders->len;
      contender->label = g_strdup (job->fine_tuned_model);
      contender->endpoint_id = job->endpoint_id;
      contender->model = g_strdup (job->fine_tuned_model);
      contender->finetune_job_id = job->id;
      contender->parameters = json_object_new ();
      g_ptr_array_add (contenders, contender);
    }
  return contenders;
}

/* Writes */

static char *
now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           column,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

static void
bind_json_or_null (sqlite3_stmt *stmt,
                   int           column,
                   JsonNode     *node)
{
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      g_autofree char *text = json_to_string (node, FALSE);
      sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
    }
  else
    sqlite3_bind_null (stmt, column);
}

/* A job's state as words for its history. */
static const char *
state_words (const char *state)
{
  switch (vs_finetune_state_from_string (state))
    {
    case VS_FINETUNE_STATE_VALIDATING: return _("Validating files");
    case VS_FINETUNE_STATE_QUEUED:     return _("Queued");
    case VS_FINETUNE_STATE_RUNNING:    return _("Running");
    case VS_FINETUNE_STATE_PAUSED:     return _("Paused");
    case VS_FINETUNE_STATE_CANCELLING: return _("Cancelling");
    case VS_FINETUNE_STATE_SUCCEEDED:  return _("Succeeded");
    case VS_FINETUNE_STATE_FAILED:     return _("Failed");
    case VS_FINETUNE_STATE_CANCELLED:  return _("Cancelled");
    case VS_FINETUNE_STATE_UNKNOWN:
    default:                           return _("Unknown state");
    }
}

/* The job's history: one local event (type VS_FINETUNE_EVENT_STATE, no remote id) each time
 * its state changes, written with the change — unless @state is what the job already has. */
static gboolean
note_state (VsWriteContext  *ctx,
            gint64           job_id,
            const char      *state,
            const char      *raw_status,
            const char      *now,
            GError         **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *message = raw_status != NULL
    ? g_strdup_printf (_("%s (the provider says “%s”)"), state_words (state), raw_status)
    : g_strdup (state_words (state));

  stmt = _vs_write_context_prepare (ctx,
      "INSERT INTO finetune_events (job_id, remote_id, level, type, message, data, created_at)"
      " SELECT ?1, NULL, 'info', '" VS_FINETUNE_EVENT_STATE "', ?2,"
      "  json_object('state', ?3, 'raw_status', ?4), ?5"
      " WHERE NOT EXISTS (SELECT 1 FROM finetune_events WHERE job_id = ?1"
      "  AND type = '" VS_FINETUNE_EVENT_STATE "' AND id = (SELECT max(id) FROM finetune_events"
      "  WHERE job_id = ?1 AND type = '" VS_FINETUNE_EVENT_STATE "')"
      "  AND json_extract(data, '$.state') = ?3)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job_id);
  sqlite3_bind_text (stmt, 2, message, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, state, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 4, raw_status);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  if (sqlite3_changes (_vs_write_context_get_db (ctx)) > 0)
    _vs_write_context_note (ctx, "finetune_events", VS_CHANGE_INSERT, job_id, -1);
  return TRUE;
}

typedef struct
{
  const VsFinetuneJobInfo *info;
  gint64                   id;
} AddJob;

static gboolean
add_job_run (VsWriteContext  *ctx,
             gpointer         data,
             GError         **error)
{
  AddJob *add = data;
  const VsFinetuneJobInfo *info = add->info;
  g_autofree char *now = now_iso ();
  g_autofree char *hyper = NULL;
  sqlite3_stmt *stmt;

  if (info->hyperparameters != NULL)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (node, info->hyperparameters);
      hyper = json_to_string (node, FALSE);
    }
  stmt = _vs_write_context_prepare (ctx,
      "INSERT INTO finetune_jobs (provider, endpoint_id, snapshot_id, remote_id, base_model,"
      " fine_tuned_model, state, raw_status, hyperparameters, training_file_id,"
      " validation_file_id, trained_tokens, estimated_cost, error, created_at, updated_at,"
      " finished_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, coalesce(?9, '{}'), ?10, ?11, ?12,"
      " ?13, ?14, ?15, ?16, ?17)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, info->provider, -1, SQLITE_TRANSIENT);
  if (info->endpoint_id > 0)
    sqlite3_bind_int64 (stmt, 2, info->endpoint_id);
  if (info->snapshot_id > 0)
    sqlite3_bind_int64 (stmt, 3, info->snapshot_id);
  bind_text_or_null (stmt, 4, info->remote_id);
  sqlite3_bind_text (stmt, 5, info->base_model, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 6, info->fine_tuned_model);
  sqlite3_bind_text (stmt, 7, info->state ? info->state : "VALIDATING", -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 8, info->raw_status);
  bind_text_or_null (stmt, 9, hyper);
  bind_text_or_null (stmt, 10, info->training_file_id);
  bind_text_or_null (stmt, 11, info->validation_file_id);
  if (info->trained_tokens >= 0)
    sqlite3_bind_int64 (stmt, 12, info->trained_tokens);
  if (info->estimated_cost >= 0)
    sqlite3_bind_double (stmt, 13, info->estimated_cost);
  bind_text_or_null (stmt, 14, info->error);
  sqlite3_bind_text (stmt, 15, info->created_at ? info->created_at : now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 16, info->updated_at ? info->updated_at : now, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 17, info->finished_at);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  add->id = sqlite3_last_insert_rowid (_vs_write_context_get_db (ctx));
  _vs_write_context_note (ctx, "finetune_jobs", VS_CHANGE_INSERT, 0, add->id);
  return note_state (ctx, add->id, info->state ? info->state : "VALIDATING", info->raw_status,
                     info->created_at ? info->created_at : now, error);
}

gint64
vs_finetune_store_add_job (VsProject               *project,
                           const VsFinetuneJobInfo *info,
                           GError                 **error)
{
  VsWriter *writer;
  AddJob add = { info, 0 };

  g_return_val_if_fail (VS_IS_PROJECT (project), 0);
  g_return_val_if_fail (info != NULL && info->provider != NULL && info->base_model != NULL, 0);

  writer = vs_project_get_writer (project);
  if (writer == NULL)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_IO, _("The project is open read-only"));
      return 0;
    }
  if (!_vs_writer_run (writer, add_job_run, &add, error))
    return 0;
  return add.id;
}

/* What one record job writes: deep copies (the writer thread uses them). */
typedef struct
{
  gint64     job_id;
  gboolean   has_job;
  char      *state;
  char      *status;
  char      *fine_tuned_model;
  char      *error;
  char      *finished_at;
  gint64     trained_tokens;
  GPtrArray *events;       /* VsFinetuneEvent */
  GPtrArray *checkpoints;  /* VsFinetuneCheckpoint */
  gint       n_new;
} Record;

static void
record_free (Record *record)
{
  g_free (record->state);
  g_free (record->status);
  g_free (record->fine_tuned_model);
  g_free (record->error);
  g_free (record->finished_at);
  g_clear_pointer (&record->events, g_ptr_array_unref);
  g_clear_pointer (&record->checkpoints, g_ptr_array_unref);
  g_free (record);
}

static JsonNode *
node_copy_or_null (JsonNode *node)
{
  return node != NULL ? vs_json_node_deep_copy (node) : NULL;
}

static Record *
record_new (gint64               job_id,
            const VsFinetuneJob *remote,
            GPtrArray           *events,
            GPtrArray           *checkpoints)
{
  Record *record = g_new0 (Record, 1);

  record->job_id = job_id;
  if (remote != NULL)
    {
      record->has_job = TRUE;
      record->state = g_strdup (vs_finetune_state_to_string (remote->state));
      record->status = g_strdup (remote->status);
      record->fine_tuned_model = g_strdup (remote->fine_tuned_model);
      record->error = g_strdup (remote->error);
      record->finished_at = g_strdup (remote->finished_at);
      record->trained_tokens = remote->trained_tokens;
    }
  record->events = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_finetune_event_free);
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      const VsFinetuneEvent *e = g_ptr_array_index (events, i);
      VsFinetuneEvent *copy = g_new0 (VsFinetuneEvent, 1);

      copy->remote_id = g_strdup (e->remote_id);
      copy->level = g_strdup (e->level);
      copy->type = g_strdup (e->type);
      copy->message = g_strdup (e->message);
      copy->data = node_copy_or_null (e->data);
      copy->created_at = g_strdup (e->created_at);
      g_ptr_array_add (record->events, copy);
    }
  record->checkpoints =
    g_ptr_array_new_with_free_func ((GDestroyNotify) vs_finetune_checkpoint_free);
  for (guint i = 0; checkpoints != NULL && i < checkpoints->len; i++)
    {
      const VsFinetuneCheckpoint *c = g_ptr_array_index (checkpoints, i);
      VsFinetuneCheckpoint *copy = g_new0 (VsFinetuneCheckpoint, 1);

      copy->remote_id = g_strdup (c->remote_id);
      copy->step = c->step;
      copy->model = g_strdup (c->model);
      copy->metrics = node_copy_or_null (c->metrics);
      copy->created_at = g_strdup (c->created_at);
      g_ptr_array_add (record->checkpoints, copy);
    }
  return record;
}

static gboolean
record_run (VsWriteContext  *ctx,
            gpointer         data,
            GError         **error)
{
  Record *record = data;
  sqlite3 *db = _vs_write_context_get_db (ctx);
  g_autofree char *now = now_iso ();
  sqlite3_stmt *stmt;

  record->n_new = 0;
  if (record->has_job)
    {
      if (!note_state (ctx, record->job_id, record->state, record->status, now, error))
        return FALSE;
      stmt = _vs_write_context_prepare (ctx,
          "UPDATE finetune_jobs SET state = ?2, raw_status = ?3,"
          " fine_tuned_model = coalesce(?4, fine_tuned_model), error = ?5,"
          " finished_at = coalesce(?6, finished_at),"
          " trained_tokens = coalesce(?7, trained_tokens), updated_at = ?8"
          " WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, record->job_id);
      sqlite3_bind_text (stmt, 2, record->state, -1, SQLITE_TRANSIENT);
      bind_text_or_null (stmt, 3, record->status);
      bind_text_or_null (stmt, 4, record->fine_tuned_model);
      bind_text_or_null (stmt, 5, record->error);
      bind_text_or_null (stmt, 6, record->finished_at);
      if (record->trained_tokens >= 0)
        sqlite3_bind_int64 (stmt, 7, record->trained_tokens);
      sqlite3_bind_text (stmt, 8, now, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return _vs_write_context_set_error (ctx, error);
      if (sqlite3_changes (db) == 0)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND,
                       _("There is no fine-tuning job %" PRId64), record->job_id);
          return FALSE;
        }
      _vs_write_context_note (ctx, "finetune_jobs", VS_CHANGE_UPDATE, 0, record->job_id);
    }

  for (guint i = 0; i < record->events->len; i++)
    {
      VsFinetuneEvent *e = g_ptr_array_index (record->events, i);

      stmt = _vs_write_context_prepare (ctx,
          "INSERT OR IGNORE INTO finetune_events (job_id, remote_id, level, type, message, data,"
          " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, record->job_id);
      bind_text_or_null (stmt, 2, e->remote_id);
      bind_text_or_null (stmt, 3, e->level);
      bind_text_or_null (stmt, 4, e->type);
      bind_text_or_null (stmt, 5, e->message);
      bind_json_or_null (stmt, 6, e->data);
      sqlite3_bind_text (stmt, 7, e->created_at ? e->created_at : now, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return _vs_write_context_set_error (ctx, error);
      record->n_new += sqlite3_changes (db);
    }
  if (record->n_new > 0)
    _vs_write_context_note (ctx, "finetune_events", VS_CHANGE_INSERT, record->job_id, -1);

  for (guint i = 0; i < record->checkpoints->len; i++)
    {
      VsFinetuneCheckpoint *c = g_ptr_array_index (record->checkpoints, i);

      stmt = _vs_write_context_prepare (ctx,
          "INSERT OR IGNORE INTO finetune_checkpoints (job_id, remote_id, step, model, metrics,"
          " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, record->job_id);
      sqlite3_bind_text (stmt, 2, c->remote_id ? c->remote_id : "", -1, SQLITE_TRANSIENT);
      if (c->step >= 0)
        sqlite3_bind_int64 (stmt, 3, c->step);
      bind_text_or_null (stmt, 4, c->model);
      bind_json_or_null (stmt, 5, c->metrics);
      sqlite3_bind_text (stmt, 6, c->created_at ? c->created_at : now, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return _vs_write_context_set_error (ctx, error);
      if (sqlite3_changes (db) > 0)
        _vs_write_context_note (ctx, "finetune_checkpoints", VS_CHANGE_INSERT, record->job_id,
                                -1);
    }
  return TRUE;
}

static void
record_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Record *record = _vs_writer_job_get_data (result);
  GError *error = NULL;

  if (!_vs_writer_submit_finish (NULL, result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, record->n_new);
}

void
vs_finetune_store_record_async (VsProject           *project,
                                gint64               job_id,
                                const VsFinetuneJob *remote,
                                GPtrArray           *events,
                                GPtrArray           *checkpoints,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  VsWriter *writer;
  GTask *task;

  g_return_if_fail (VS_IS_PROJECT (project));

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_finetune_store_record_async);
  writer = vs_project_get_writer (project);
  if (writer == NULL)
    {
      g_task_return_new_error (task, VS_ERROR, VS_ERROR_IO, _("The project is open read-only"));
      g_object_unref (task);
      return;
    }
  _vs_writer_submit (writer, record_run, record_new (job_id, remote, events, checkpoints),
                     (GDestroyNotify) record_free, cancellable, record_done, task);
}

gint
vs_finetune_store_record_finish (VsProject     *project,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, project), -1);

  return (gint) g_task_propagate_int (G_TASK (result), error);
}

gint
vs_finetune_store_record (VsProject           *project,
                          gint64               job_id,
                          const VsFinetuneJob *remote,
                          GPtrArray           *events,
                          GPtrArray           *checkpoints,
                          GError             **error)
{
  VsWriter *writer;
  Record *record;
  gint n = -1;

  g_return_val_if_fail (VS_IS_PROJECT (project), -1);

  writer = vs_project_get_writer (project);
  if (writer == NULL)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_IO, _("The project is open read-only"));
      return -1;
    }
  record = record_new (job_id, remote, events, checkpoints);
  if (_vs_writer_run (writer, record_run, record, error))
    n = record->n_new;
  record_free (record);
  return n;
}
