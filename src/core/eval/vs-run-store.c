/* vs-run-store.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The run store: reads on the project's main connection; writes as jobs for the project's
 * writer, each with a private copy of what it writes (the job runs on the writer's thread).
 * Every job's data starts with the id it reports back.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "vs-error.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-run-store.h"
#include "vs-run-store-private.h"
#include "vs-writer-private.h"

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
  info->name = _vs_sql_dup_text (stmt, 1);
  info->snapshot_id = sqlite3_column_int64 (stmt, 2);
  info->snapshot_name = _vs_sql_dup_text (stmt, 3);
  info->split = _vs_sql_dup_text (stmt, 4);
  info->repeats = sqlite3_column_int (stmt, 5);
  info->metrics = parse_metrics ((const char *) sqlite3_column_text (stmt, 6));
  info->baseline_run_id = sqlite3_column_int64 (stmt, 7);
  info->state = _vs_sql_dup_text (stmt, 8);
  info->created_at = _vs_sql_dup_text (stmt, 9);
  info->started_at = _vs_sql_dup_text (stmt, 10);
  info->finished_at = _vs_sql_dup_text (stmt, 11);
  info->n_contenders = sqlite3_column_int64 (stmt, 12);
  return info;
}

GPtrArray *
vs_run_store_list (VsProject  *project,
                   GError    **error)
{
  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _vs_project_query_list (project, RUN_COLUMNS " ORDER BY r.created_at DESC, r.id DESC",
                                 (VsRowFunc) run_from_row, (GDestroyNotify) vs_run_info_free,
                                 error);
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

  stmt = _vs_project_prepare (project, RUN_COLUMNS " WHERE r.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND, _("There is no run %" PRId64),
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

  stmt = _vs_project_prepare (project,
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
      info->label = _vs_sql_dup_text (stmt, 3);
      info->endpoint_id = sqlite3_column_int64 (stmt, 4);
      info->model = _vs_sql_dup_text (stmt, 5);
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
  stmt = _vs_project_prepare (project,
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

/* Writes */

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  gint64 *id = _vs_writer_job_get_data (result);
  GError *error = NULL;

  if (!_vs_writer_submit_finish (NULL, result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, (gssize) *id);
}

static void
submit (VsProject           *project,
        VsWriteFunc          func,
        gpointer             data,
        GDestroyNotify       data_free,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data,
        gpointer             source_tag)
{
  VsWriter *writer = vs_project_get_writer (project);
  GTask *task;

  if (writer == NULL)
    {
      data_free (data);
      if (callback != NULL)
        g_task_report_new_error (project, callback, user_data, source_tag, VS_ERROR, VS_ERROR_IO,
                                 _("The project is open read-only"));
      else
        g_warning ("The project is open read-only: a run was not written");
      return;
    }
  if (callback == NULL)
    {
      _vs_writer_submit (writer, func, data, data_free, cancellable, NULL, NULL);
      return;
    }
  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  _vs_writer_submit (writer, func, data, data_free, cancellable, job_done, task);
}

static gint64
finish (VsProject     *project,
        GAsyncResult  *result,
        GError       **error)
{
  gssize id;

  g_return_val_if_fail (VS_IS_PROJECT (project), 0);
  g_return_val_if_fail (g_task_is_valid (result, project), 0);

  id = g_task_propagate_int (G_TASK (result), error);
  return id < 0 ? 0 : (gint64) id;
}

/* Runs the job through the queue and waits; the id it reports, or 0. */
static gint64
run_and_wait (VsProject      *project,
              VsWriteFunc     func,
              gpointer        data,
              GDestroyNotify  data_free,
              GError        **error)
{
  VsWriter *writer = vs_project_get_writer (project);
  gint64 id = 0;

  if (writer == NULL)
    g_set_error_literal (error, VS_ERROR, VS_ERROR_IO, _("The project is open read-only"));
  else if (_vs_writer_run (writer, func, data, error))
    id = *(gint64 *) data;
  data_free (data);
  return id;
}

static void
bind_id_or_null (sqlite3_stmt *stmt,
                 int           index,
                 gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, index, id);
}

/* Create a run */

typedef struct
{
  char   *label;
  gint64  endpoint_id;
  char   *model;
  gint64  template_version_id;
  gint64  finetune_job_id;
  char   *parameters;
} ContenderCopy;

typedef struct
{
  gint64         id;   /* out: the run */
  char          *name;
  gint64         snapshot_id;
  char          *split;
  gint           repeats;
  char          *metrics;
  char          *spec;
  gint64         baseline_run_id;
  ContenderCopy *contenders;
  guint          n_contenders;
} CreateJob;

static void
create_job_free (gpointer data)
{
  CreateJob *job = data;

  for (guint i = 0; i < job->n_contenders; i++)
    {
      g_free (job->contenders[i].label);
      g_free (job->contenders[i].model);
      g_free (job->contenders[i].parameters);
    }
  g_free (job->contenders);
  g_free (job->name);
  g_free (job->split);
  g_free (job->metrics);
  g_free (job->spec);
  g_free (job);
}

static CreateJob *
create_job_new (const VsRunSpec *spec)
{
  CreateJob *job = g_new0 (CreateJob, 1);
  g_autoptr(JsonArray) metrics = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  job->name = g_strdup (spec->name);
  job->snapshot_id = spec->snapshot_id;
  job->split = g_strdup (spec->split);
  job->repeats = spec->repeats > 0 ? spec->repeats : 1;
  for (guint i = 0; spec->metrics != NULL && spec->metrics[i] != NULL; i++)
    json_array_add_string_element (metrics, spec->metrics[i]);
  json_node_set_array (node, metrics);
  job->metrics = vs_json_to_string (node, FALSE);
  job->baseline_run_id = spec->baseline_run_id;
  job->spec = g_strdup (spec->spec);
  job->n_contenders = spec->n_contenders;
  job->contenders = g_new0 (ContenderCopy, MAX (1, spec->n_contenders));
  for (guint i = 0; i < spec->n_contenders; i++)
    {
      const VsContenderSpec *c = &spec->contenders[i];
      ContenderCopy *copy = &job->contenders[i];

      copy->label = g_strdup (c->label);
      copy->endpoint_id = c->endpoint_id;
      copy->model = g_strdup (c->model);
      copy->template_version_id = c->template_version_id;
      copy->finetune_job_id = c->finetune_job_id;
      copy->parameters = c->parameters ? vs_json_object_to_string (c->parameters, FALSE)
                                       : g_strdup ("{}");
    }
  return job;
}

static gboolean
create_job_run (VsWriteContext  *ctx,
                gpointer         data,
                GError         **error)
{
  CreateJob *job = data;
  g_autofree char *now = vs_now_iso8601 ();
  sqlite3 *db = _vs_write_context_get_db (ctx);
  sqlite3_stmt *stmt;

  stmt = _vs_write_context_prepare (ctx,
                                    "INSERT INTO runs (name, snapshot_id, split, repeats, metrics,"
                                    " baseline_run_id, state, created_at, spec)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7, ?8)",
                                    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, job->name, -1, SQLITE_STATIC);
  bind_id_or_null (stmt, 2, job->snapshot_id);
  sqlite3_bind_text (stmt, 3, job->split, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, job->repeats);
  sqlite3_bind_text (stmt, 5, job->metrics, -1, SQLITE_STATIC);
  bind_id_or_null (stmt, 6, job->baseline_run_id);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, job->spec, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (db) == SQLITE_CONSTRAINT_UNIQUE)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_EXISTS,
                       _("There is a run named “%s” already"), job->name);
          return FALSE;
        }
      return _vs_write_context_set_error (ctx, error);
    }
  job->id = sqlite3_last_insert_rowid (db);
  _vs_write_context_note (ctx, "runs", VS_CHANGE_INSERT, 0, job->id);

  for (guint i = 0; i < job->n_contenders; i++)
    {
      const ContenderCopy *c = &job->contenders[i];

      stmt = _vs_write_context_prepare (ctx,
                                        "INSERT INTO contenders (run_id, position, label,"
                                        " endpoint_id, model, template_version_id,"
                                        " finetune_job_id, parameters)"
                                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, job->id);
      sqlite3_bind_int (stmt, 2, (int) i);
      sqlite3_bind_text (stmt, 3, c->label, -1, SQLITE_STATIC);
      bind_id_or_null (stmt, 4, c->endpoint_id);
      sqlite3_bind_text (stmt, 5, c->model, -1, SQLITE_STATIC);
      bind_id_or_null (stmt, 6, c->template_version_id);
      bind_id_or_null (stmt, 7, c->finetune_job_id);
      sqlite3_bind_text (stmt, 8, c->parameters, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return _vs_write_context_set_error (ctx, error);
      _vs_write_context_note (ctx, "contenders", VS_CHANGE_INSERT, job->id,
                              sqlite3_last_insert_rowid (db));
    }
  return TRUE;
}

static gboolean
check_run_spec (const VsRunSpec  *spec,
                GError          **error)
{
  if (spec->name == NULL || *spec->name == '\0')
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID, _("A run needs a name"));
      return FALSE;
    }
  for (guint i = 0; i < spec->n_contenders; i++)
    if (spec->contenders[i].label == NULL || spec->contenders[i].model == NULL)
      {
        g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                     /* Translators: %u is the contender's position (1 is the first), %s the
                      * run's name. */
                     _("Contender %u of run “%s” needs a label and a model"), i + 1,
                     spec->name);
        return FALSE;
      }
  return TRUE;
}

void
vs_run_store_create_async (VsProject           *project,
                           const VsRunSpec     *spec,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GError *error = NULL;

  g_return_if_fail (VS_IS_PROJECT (project));
  g_return_if_fail (spec != NULL);

  if (!check_run_spec (spec, &error))
    {
      g_task_report_error (project, callback, user_data, vs_run_store_create_async, error);
      return;
    }
  submit (project, create_job_run, create_job_new (spec), create_job_free, cancellable, callback,
          user_data, vs_run_store_create_async);
}

gint64
vs_run_store_create_finish (VsProject     *project,
                            GAsyncResult  *result,
                            GError       **error)
{
  return finish (project, result, error);
}

gint64
vs_run_store_create (VsProject        *project,
                     const VsRunSpec  *spec,
                     GError          **error)
{
  g_return_val_if_fail (VS_IS_PROJECT (project), 0);
  g_return_val_if_fail (spec != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!check_run_spec (spec, error))
    return 0;
  return run_and_wait (project, create_job_run, create_job_new (spec), create_job_free, error);
}

/* Results */

typedef struct
{
  gint64        id;   /* out: the result row */
  VsResultSpec  spec; /* its strings owned */
} ResultJob;

static void
result_job_free (gpointer data)
{
  ResultJob *job = data;

  g_free ((char *) job->spec.state);
  g_free ((char *) job->spec.output);
  g_free ((char *) job->spec.finish_reason);
  g_free ((char *) job->spec.error);
  g_free (job);
}

static void
bind_or_null_int (sqlite3_stmt *stmt,
                  int           index,
                  gint64        value)
{
  if (value >= 0)
    sqlite3_bind_int64 (stmt, index, value);
}

static void
bind_or_null_double (sqlite3_stmt *stmt,
                     int           index,
                     double        value)
{
  if (value >= 0)
    sqlite3_bind_double (stmt, index, value);
}

/* An INSERT when the trial has no row yet, else an UPDATE of its row, rather than one upsert:
 * an upsert (and any RETURNING) makes SQLite keep a statement journal for every row, and
 * releasing it costs more than the write itself once the file is large. The writer is the only
 * one writing, so the row found here is still the row when the write runs. */
gboolean
_vs_run_store_write_result (VsWriteContext      *ctx,
                            const VsResultSpec  *r,
                            gint64              *out_id,
                            GError             **error)
{
  return _vs_run_store_write_result_full (ctx, r, out_id, NULL, error);
}

gboolean
_vs_run_store_write_result_full (VsWriteContext      *ctx,
                                 const VsResultSpec  *r,
                                 gint64              *out_id,
                                 gboolean            *out_existed,
                                 GError             **error)
{
  const char *now = _vs_write_context_get_now (ctx);
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  stmt = _vs_write_context_prepare (ctx,
                                    "SELECT id FROM results WHERE contender_id = ?1"
                                    " AND case_ordinal = ?2 AND sample_index = ?3",
                                    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, r->contender_id);
  sqlite3_bind_int64 (stmt, 2, r->case_ordinal);
  sqlite3_bind_int (stmt, 3, r->sample_index);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  sqlite3_reset (stmt);

  if (id == 0)
    stmt = _vs_write_context_prepare (ctx,
                                      "INSERT INTO results (run_id, contender_id, record_id,"
                                      " case_ordinal, sample_index, state, output,"
                                      " finish_reason, prompt_tokens, completion_tokens,"
                                      " latency_ms, ttft_ms, http_status, error, retries, cached,"
                                      " cost, created_at)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                                      " ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
                                      error);
  else
    stmt = _vs_write_context_prepare (ctx,
                                      "UPDATE results SET run_id = ?1, record_id = ?3,"
                                      " state = ?6, output = ?7, finish_reason = ?8,"
                                      " prompt_tokens = ?9, completion_tokens = ?10,"
                                      " latency_ms = ?11, ttft_ms = ?12, http_status = ?13,"
                                      " error = ?14, retries = ?15, cached = ?16, cost = ?17,"
                                      " created_at = ?18"
                                      " WHERE id = ?19 AND contender_id = ?2"
                                      " AND case_ordinal = ?4 AND sample_index = ?5",
                                      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, r->run_id);
  sqlite3_bind_int64 (stmt, 2, r->contender_id);
  bind_id_or_null (stmt, 3, r->record_id);
  sqlite3_bind_int64 (stmt, 4, r->case_ordinal);
  sqlite3_bind_int (stmt, 5, r->sample_index);
  sqlite3_bind_text (stmt, 6, r->state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, r->output, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, r->finish_reason, -1, SQLITE_STATIC);
  bind_or_null_int (stmt, 9, r->prompt_tokens);
  bind_or_null_int (stmt, 10, r->completion_tokens);
  bind_or_null_double (stmt, 11, r->latency_ms);
  bind_or_null_double (stmt, 12, r->ttft_ms);
  if (r->http_status != 0)
    sqlite3_bind_int (stmt, 13, r->http_status);
  sqlite3_bind_text (stmt, 14, r->error, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 15, r->retries);
  sqlite3_bind_int (stmt, 16, r->cached ? 1 : 0);
  bind_or_null_double (stmt, 17, r->cost);
  sqlite3_bind_text (stmt, 18, now, -1, SQLITE_STATIC);
  if (id != 0)
    sqlite3_bind_int64 (stmt, 19, id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  *out_id = id != 0 ? id : sqlite3_last_insert_rowid (_vs_write_context_get_db (ctx));
  if (out_existed != NULL)
    *out_existed = id != 0;
  _vs_write_context_note (ctx, "results", id != 0 ? VS_CHANGE_UPDATE : VS_CHANGE_INSERT,
                          r->run_id, *out_id);
  return TRUE;
}

static gboolean
result_job_run (VsWriteContext  *ctx,
                gpointer         data,
                GError         **error)
{
  ResultJob *job = data;

  return _vs_run_store_write_result (ctx, &job->spec, &job->id, error);
}

void
vs_run_store_add_result_async (VsProject           *project,
                               const VsResultSpec  *spec,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  ResultJob *job;

  g_return_if_fail (VS_IS_PROJECT (project));
  g_return_if_fail (spec != NULL);
  g_return_if_fail (spec->state != NULL);

  job = g_new0 (ResultJob, 1);
  job->spec = *spec;
  job->spec.state = g_strdup (spec->state);
  job->spec.output = g_strdup (spec->output);
  job->spec.finish_reason = g_strdup (spec->finish_reason);
  job->spec.error = g_strdup (spec->error);
  submit (project, result_job_run, job, result_job_free, cancellable, callback, user_data,
          vs_run_store_add_result_async);
}

gint64
vs_run_store_add_result_finish (VsProject     *project,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish (project, result, error);
}

/* State */

typedef struct
{
  gint64  id;  /* in and out: the run */
  char   *state;
} StateJob;

static void
state_job_free (gpointer data)
{
  StateJob *job = data;

  g_free (job->state);
  g_free (job);
}

static gboolean
state_job_run (VsWriteContext  *ctx,
               gpointer         data,
               GError         **error)
{
  StateJob *job = data;
  g_autofree char *now = vs_now_iso8601 ();
  sqlite3_stmt *stmt;

  stmt = _vs_write_context_prepare (ctx,
                                    "UPDATE runs SET state = ?2,"
                                    " started_at = CASE WHEN ?2 IN ('running', 'submitted')"
                                    "   THEN coalesce(started_at, ?3) ELSE started_at END,"
                                    " finished_at = CASE"
                                    "   WHEN ?2 IN ('pending', 'running', 'submitted')"
                                    "   THEN finished_at ELSE ?3 END"
                                    " WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->id);
  sqlite3_bind_text (stmt, 2, job->state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  if (sqlite3_changes (_vs_write_context_get_db (ctx)) == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND, _("There is no run %" PRId64),
                   job->id);
      return FALSE;
    }
  _vs_write_context_note (ctx, "runs", VS_CHANGE_UPDATE, 0, job->id);
  return TRUE;
}

static StateJob *
state_job_new (gint64      run_id,
               const char *state)
{
  StateJob *job = g_new0 (StateJob, 1);

  job->id = run_id;
  job->state = g_strdup (state);
  return job;
}

void
vs_run_store_set_state_async (VsProject           *project,
                              gint64               run_id,
                              const char          *state,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (VS_IS_PROJECT (project));
  g_return_if_fail (state != NULL);

  submit (project, state_job_run, state_job_new (run_id, state), state_job_free, cancellable,
          callback, user_data, vs_run_store_set_state_async);
}

gboolean
vs_run_store_set_state_finish (VsProject     *project,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish (project, result, error) > 0;
}

gboolean
vs_run_store_set_state (VsProject   *project,
                        gint64       run_id,
                        const char  *state,
                        GError     **error)
{
  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_and_wait (project, state_job_run, state_job_new (run_id, state), state_job_free,
                       error) > 0;
}

/* By name, spec */

gint64
vs_run_store_find_by_name (VsProject   *project,
                           const char  *name,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), 0);
  g_return_val_if_fail (name != NULL, 0);

  stmt = _vs_project_prepare (project, "SELECT id FROM runs WHERE name = ?1", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    vs_project_set_error_from_db (project, error);
  return 0;
}

char *
vs_run_store_dup_spec (VsProject   *project,
                       gint64       run_id,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  stmt = _vs_project_prepare (project, "SELECT spec FROM runs WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return _vs_sql_dup_text (stmt, 0);
  if (rc != SQLITE_DONE)
    vs_project_set_error_from_db (project, error);
  return NULL;
}
