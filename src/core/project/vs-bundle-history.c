/* vs-bundle-history.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The recorded history a bundle may carry, so the sample project shows a whole comparison
 * without a model server: dataset snapshots, fine-tune jobs with their events, and finished
 * evaluation runs with every stored answer. project.json:
 *   "snapshots":   [{"dataset", "name", "note", "created_at"}]      every record of the
 *                                                                    dataset, frozen
 *   "finetunes":   [{"provider", "remote_id", "snapshot", "base_model", "fine_tuned_model",
 *                    "state", "raw_status", "hyperparameters", "training_file_id",
 *                    "validation_file_id", "trained_tokens", "estimated_cost", "created_at",
 *                    "finished_at", "events": "FILE.jsonl"}]
 *       events: one {"id", "created_at", "level", "type", "message", "data"} per line
 *   "evaluations": [{"name", "snapshot", "split", "spec": "FILE.json",
 *                    "results": "FILE.jsonl", "finetune_jobs": {CONTENDER: REMOTE_ID},
 *                    "created_at", "started_at", "finished_at"}]
 *       spec: an evaluation spec (vs-eval-spec.h; templates as file names are embedded)
 *       results: one {"contender", "case", "repeat", "output", "latency_ms", "prompt_tokens",
 *                     "completion_tokens", "finish_reason"} per line; "case" is the record's
 *                     ordinal in the snapshot. Scores are computed here with the spec's
 *                     metrics and costs with its prices, as the runner would.
 * Runs inside the bundle's one transaction (vs-bundle.c).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "vs-bundle-private.h"
#include "vs-dataset-snapshot-private.h"
#include "vs-error.h"
#include "vs-eval-metrics.h"
#include "vs-eval-spec.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-writer-private.h"

static gboolean
fail_at (GError    **error,
         const char *where,
         const char *what)
{
  g_set_error (error, VS_ERROR, VS_ERROR_INVALID, "%s: %s", where, what);
  return FALSE;
}

static gboolean
step (VsProject     *project,
      sqlite3_stmt  *stmt,
      GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return vs_project_set_error_from_db (project, error);
  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

static gint64
lookup_id (VsProject  *project,
           const char *sql,
           const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = _vs_project_prepare (project, sql, NULL);

  if (stmt == NULL || key == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

static gint64
snapshot_id (VsProject  *project,
             const char *name)
{
  return lookup_id (project, "SELECT id FROM snapshots WHERE name = ?1 ORDER BY id LIMIT 1",
                    name);
}

/* Lines of a JSONL file as objects; an error names the file and line. */
static GPtrArray *
read_jsonl (const char  *directory,
            const char  *file,
            GError     **error)
{
  g_autofree char *path = g_build_filename (directory, file, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GError) local = NULL;
      JsonObject *row;
      char *line = g_strstrip (lines[i]);

      if (*line == '\0')
        continue;
      row = vs_json_parse_object (line, -1, &local);
      if (row == NULL)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID, "%s:%u: %s", file, i + 1,
                       local->message);
          return NULL;
        }
      g_ptr_array_add (rows, row);
    }
  return g_steal_pointer (&rows);
}

gboolean
_vs_bundle_import_snapshot (VsProject   *project,
                            JsonObject  *spec,
                            const char  *now,
                            GError     **error)
{
  const char *name = vs_json_get_string (spec, "name", NULL);
  gint64 dataset_id = lookup_id (project, "SELECT id FROM datasets WHERE name = ?1",
                                 vs_json_get_string (spec, "dataset", NULL));
  gint64 id;

  if (name == NULL || dataset_id == 0)
    return fail_at (error, "project.json",
                    /* Translators: keep the JSON keys in quotes. */
                    _("each snapshot needs a \"name\" and the \"dataset\" it freezes"));
  /* Frozen like any snapshot (the bundle's import is one write job): the dataset's records
   * as they are now, in a few bytes. */
  id = _vs_dataset_snapshot_create_in_job (_vs_writer_get_current (), dataset_id, name, FALSE,
                                           NULL, error);
  return id > 0;
}

gboolean
_vs_bundle_import_finetune (VsProject   *project,
                            const char  *directory,
                            JsonObject  *spec,
                            const char  *now,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *hyper = NULL;
  const char *events_file = vs_json_get_string (spec, "events", NULL);
  JsonNode *member;
  gint64 job_id, snapshot;

  if (vs_json_get_string (spec, "provider", NULL) == NULL ||
      vs_json_get_string (spec, "base_model", NULL) == NULL)
    return fail_at (error, "project.json",
                    /* Translators: keep the JSON keys in quotes. */
                    _("each fine-tune job needs a \"provider\" and a \"base_model\""));
  member = json_object_get_member (spec, "hyperparameters");
  hyper = member ? vs_json_to_string (member, FALSE) : g_strdup ("{}");
  snapshot = snapshot_id (project, vs_json_get_string (spec, "snapshot", NULL));
  stmt = _vs_project_prepare (project,
                              "INSERT INTO finetune_jobs (provider, snapshot_id, remote_id,"
                              " base_model, fine_tuned_model, state, raw_status,"
                              " hyperparameters, training_file_id, validation_file_id,"
                              " trained_tokens, estimated_cost, created_at, updated_at,"
                              " finished_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                              " ?11, ?12, ?13, coalesce(?14, ?13), ?14)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, vs_json_get_string (spec, "provider", NULL));
  if (snapshot > 0)
    sqlite3_bind_int64 (stmt, 2, snapshot);
  bind_text (stmt, 3, vs_json_get_string (spec, "remote_id", NULL));
  bind_text (stmt, 4, vs_json_get_string (spec, "base_model", NULL));
  bind_text (stmt, 5, vs_json_get_string (spec, "fine_tuned_model", NULL));
  bind_text (stmt, 6, vs_json_get_string (spec, "state", "SUCCEEDED"));
  bind_text (stmt, 7, vs_json_get_string (spec, "raw_status", NULL));
  bind_text (stmt, 8, hyper);
  bind_text (stmt, 9, vs_json_get_string (spec, "training_file_id", NULL));
  bind_text (stmt, 10, vs_json_get_string (spec, "validation_file_id", NULL));
  member = json_object_get_member (spec, "trained_tokens");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member))
    sqlite3_bind_int64 (stmt, 11, json_node_get_int (member));
  member = json_object_get_member (spec, "estimated_cost");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member))
    sqlite3_bind_double (stmt, 12, json_node_get_double (member));
  bind_text (stmt, 13, vs_json_get_string (spec, "created_at", now));
  bind_text (stmt, 14, vs_json_get_string (spec, "finished_at", NULL));
  if (!step (project, stmt, error))
    return FALSE;
  job_id = sqlite3_last_insert_rowid (vs_project_get_db (project));
  if (events_file == NULL)
    return TRUE;

  events = read_jsonl (directory, events_file, error);
  if (events == NULL)
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = _vs_project_prepare (project,
                              "INSERT INTO finetune_events (job_id, remote_id, level, type,"
                              " message, data, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                              error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *e = g_ptr_array_index (events, i);
      JsonNode *data = json_object_get_member (e, "data");
      g_autofree char *data_text = data && !JSON_NODE_HOLDS_NULL (data)
                                   ? vs_json_to_string (data, FALSE) : NULL;

      sqlite3_bind_int64 (stmt, 1, job_id);
      bind_text (stmt, 2, vs_json_get_string (e, "id", NULL));
      bind_text (stmt, 3, vs_json_get_string (e, "level", "info"));
      bind_text (stmt, 4, vs_json_get_string (e, "type", data_text ? "metrics" : "message"));
      bind_text (stmt, 5, vs_json_get_string (e, "message", ""));
      bind_text (stmt, 6, data_text);
      bind_text (stmt, 7, vs_json_get_string (e, "created_at", now));
      if (!step (project, stmt, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  gint64           id;
  VsEvalContender *spec;
} Contender;

static gboolean
write_results (VsProject   *project,
               VsEvalSpec  *spec,
               gint64       run_id,
               gint64       snapshot,
               GHashTable  *contenders,
               GPtrArray   *rows,
               const char  *file,
               const char  *now,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) result = NULL;
  g_autoptr(sqlite3_stmt) score = NULL;
  g_autoptr(sqlite3_stmt) record = NULL;
  sqlite3 *db = vs_project_get_db (project);

  result = _vs_project_prepare (project,
                                "INSERT INTO results (run_id, contender_id, record_id,"
                                " case_ordinal, sample_index, state, output, finish_reason,"
                                " prompt_tokens, completion_tokens, latency_ms, http_status,"
                                " error, cost, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                                " ?8, ?9, ?10, ?11, 200, ?12, ?13, ?14)", error);
  score = _vs_project_prepare (project,
                               "INSERT INTO scores (result_id, metric, value, pass, reason,"
                               " error) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  record = _vs_project_prepare (project,
                                "SELECT id, data FROM records WHERE dataset_id ="
                                " (SELECT dataset_id FROM snapshots WHERE id = ?1)"
                                " AND ordinal = ?2", error);
  if (result == NULL || score == NULL || record == NULL)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = g_ptr_array_index (rows, i);
      g_autofree char *where = g_strdup_printf ("%s:%u", file, i + 1);
      Contender *c = g_hash_table_lookup (contenders,
                                          vs_json_get_string (row, "contender", ""));
      gint64 ordinal = json_object_get_int_member_with_default (row, "case", 0);
      const char *output = vs_json_get_string (row, "output", "");
      gint64 prompt = json_object_get_int_member_with_default (row, "prompt_tokens", -1);
      gint64 completion = json_object_get_int_member_with_default (row, "completion_tokens", -1);
      double latency = json_object_get_double_member_with_default (row, "latency_ms", -1);
      g_autofree char *expected = NULL;
      g_autofree char *error_text = NULL;
      g_autoptr(JsonObject) example = NULL;
      gint64 record_id = 0, result_id;
      double cost;

      if (c == NULL)
        return fail_at (error, where, _("“contender” names no contender of the spec"));
      sqlite3_bind_int64 (record, 1, snapshot);
      sqlite3_bind_int64 (record, 2, ordinal);
      if (sqlite3_step (record) == SQLITE_ROW)
        {
          record_id = sqlite3_column_int64 (record, 0);
          example = vs_json_parse_object ((const char *) sqlite3_column_text (record, 1), -1,
                                          NULL);
        }
      sqlite3_reset (record);
      if (record_id == 0)
        return fail_at (error, where, _("“case” is not a record of the run's snapshot"));
      if (example != NULL && spec->expected != NULL)
        expected = g_strdup (vs_json_get_string (example, spec->expected, NULL));
      cost = vs_eval_spec_request_cost (spec, c->spec->model, prompt, completion);

      sqlite3_bind_int64 (result, 1, run_id);
      sqlite3_bind_int64 (result, 2, c->id);
      sqlite3_bind_int64 (result, 3, record_id);
      sqlite3_bind_int64 (result, 4, ordinal);
      sqlite3_bind_int64 (result, 5, json_object_get_int_member_with_default (row, "repeat", 0));
      bind_text (result, 7, output);
      bind_text (result, 8, vs_json_get_string (row, "finish_reason", NULL));
      if (prompt >= 0)
        sqlite3_bind_int64 (result, 9, prompt);
      if (completion >= 0)
        sqlite3_bind_int64 (result, 10, completion);
      if (latency >= 0)
        sqlite3_bind_double (result, 11, latency);
      sqlite3_bind_double (result, 13, cost);
      bind_text (result, 14, now);
      /* Scores first: an error outcome makes the result an error, as in the runner. */
      {
        g_autoptr(GArray) scores = g_array_new (FALSE, TRUE, sizeof (VsEvalScore));

        g_array_set_clear_func (scores, (GDestroyNotify) vs_eval_score_clear);
        g_array_set_size (scores, spec->metrics->len);
        for (guint m = 0; m < spec->metrics->len; m++)
          {
            VsEvalMetric *metric = g_ptr_array_index (spec->metrics, m);
            VsEvalScore *s = &g_array_index (scores, VsEvalScore, m);

            if (metric->type == VS_EVAL_METRIC_JUDGE)
              return fail_at (error, where, _("recorded runs cannot have a judge metric"));
            vs_eval_metric_score (metric, output, expected, latency, cost, s);
            if (s->outcome == VS_EVAL_OUTCOME_ERROR && error_text == NULL)
              error_text = g_strdup_printf ("%s: %s", metric->name, s->error ? s->error : "");
          }
        bind_text (result, 6, error_text ? "error" : "ok");
        bind_text (result, 12, error_text);
        if (!step (project, result, error))
          return FALSE;
        result_id = sqlite3_last_insert_rowid (db);
        for (guint m = 0; m < spec->metrics->len; m++)
          {
            VsEvalMetric *metric = g_ptr_array_index (spec->metrics, m);
            VsEvalScore *s = &g_array_index (scores, VsEvalScore, m);

            sqlite3_bind_int64 (score, 1, result_id);
            bind_text (score, 2, metric->name);
            if (!isnan (s->value))
              sqlite3_bind_double (score, 3, s->value);
            if (s->outcome == VS_EVAL_OUTCOME_PASS || s->outcome == VS_EVAL_OUTCOME_FAIL)
              sqlite3_bind_int (score, 4, s->outcome == VS_EVAL_OUTCOME_PASS);
            bind_text (score, 5, s->reason);
            bind_text (score, 6, s->error);
            if (!step (project, score, error))
              return FALSE;
          }
      }
    }
  return TRUE;
}

gboolean
_vs_bundle_import_evaluation (VsProject   *project,
                              const char  *directory,
                              JsonObject  *entry,
                              const char  *now,
                              GError     **error)
{
  const char *name = vs_json_get_string (entry, "name", NULL);
  const char *spec_file = vs_json_get_string (entry, "spec", NULL);
  const char *results_file = vs_json_get_string (entry, "results", NULL);
  g_autofree char *spec_path = NULL;
  g_autoptr(JsonNode) spec_root = NULL;
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) contenders = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                            g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) metric_names = json_array_new ();
  g_autoptr(JsonNode) metrics_node = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonNode) spec_node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *metrics_text = NULL;
  g_autofree char *spec_text = NULL;
  JsonObject *jobs = NULL;
  JsonArray *stored_contenders;
  gint64 snapshot, run_id;
  sqlite3 *db = vs_project_get_db (project);

  if (name == NULL || spec_file == NULL || results_file == NULL)
    return fail_at (error, "project.json",
                    /* Translators: keep the JSON keys in quotes. */
                    _("each evaluation needs a \"name\", a \"spec\" and its \"results\""));
  snapshot = snapshot_id (project, vs_json_get_string (entry, "snapshot", NULL));
  if (snapshot == 0)
    return fail_at (error, "project.json",
                    _("an evaluation's \"snapshot\" must name a snapshot of the bundle"));
  spec_path = g_build_filename (directory, spec_file, NULL);
  spec_root = vs_json_load_file (spec_path, error);
  if (spec_root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (spec_root))
    return fail_at (error, spec_file, _("expected a JSON object"));
  spec = vs_eval_spec_new_from_json (json_node_get_object (spec_root), directory, error);
  if (spec == NULL)
    return FALSE;
  /* The folder the templates were read from is this build's, not the user's. */
  stored_contenders = json_object_get_array_member (spec->json, "contenders");
  for (guint i = 0; stored_contenders && i < json_array_get_length (stored_contenders); i++)
    json_object_remove_member (json_array_get_object_element (stored_contenders, i),
                               "template_dir");
  for (guint m = 0; m < spec->metrics->len; m++)
    json_array_add_string_element (metric_names,
                                   ((VsEvalMetric *) g_ptr_array_index (spec->metrics, m))->name);
  json_node_set_array (metrics_node, metric_names);
  metrics_text = vs_json_to_string (metrics_node, FALSE);
  json_node_set_object (spec_node, spec->json);
  spec_text = vs_json_to_string (spec_node, FALSE);
  if (json_object_has_member (entry, "finetune_jobs"))
    jobs = json_object_get_object_member (entry, "finetune_jobs");

  stmt = _vs_project_prepare (project,
                              "INSERT INTO runs (name, snapshot_id, split, repeats, metrics,"
                              " state, created_at, started_at, finished_at, spec)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, 'done', ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, name);
  sqlite3_bind_int64 (stmt, 2, snapshot);
  bind_text (stmt, 3, vs_json_get_string (entry, "split", NULL));
  sqlite3_bind_int (stmt, 4, (int) spec->repeats);
  bind_text (stmt, 5, metrics_text);
  bind_text (stmt, 6, vs_json_get_string (entry, "created_at", now));
  bind_text (stmt, 7, vs_json_get_string (entry, "started_at", now));
  bind_text (stmt, 8, vs_json_get_string (entry, "finished_at", now));
  bind_text (stmt, 9, spec_text);
  if (!step (project, stmt, error))
    return FALSE;
  run_id = sqlite3_last_insert_rowid (db);

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = _vs_project_prepare (project,
                              "INSERT INTO contenders (run_id, position, label, model,"
                              " template_version_id, finetune_job_id, parameters)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < spec->contenders->len; i++)
    {
      VsEvalContender *c = g_ptr_array_index (spec->contenders, i);
      g_autoptr(JsonNode) parameters = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *parameters_text = NULL;
      JsonObject *template = JSON_NODE_HOLDS_OBJECT (c->template)
                             ? json_node_get_object (c->template) : NULL;
      gint64 version = lookup_id (project, "SELECT head_version_id FROM templates"
                                           " WHERE name = ?1",
                                  template ? vs_json_get_string (template, "name", NULL) : NULL);
      gint64 job = lookup_id (project, "SELECT id FROM finetune_jobs WHERE remote_id = ?1",
                              jobs ? vs_json_get_string (jobs, c->name, NULL) : NULL);
      Contender *entry_c = g_new0 (Contender, 1);

      json_node_set_object (parameters, c->parameters);
      parameters_text = vs_json_to_string (parameters, FALSE);
      sqlite3_bind_int64 (stmt, 1, run_id);
      sqlite3_bind_int (stmt, 2, (int) i);
      bind_text (stmt, 3, c->name);
      bind_text (stmt, 4, c->model);
      if (version > 0)
        sqlite3_bind_int64 (stmt, 5, version);
      if (job > 0)
        sqlite3_bind_int64 (stmt, 6, job);
      bind_text (stmt, 7, parameters_text);
      if (!step (project, stmt, error))
        {
          g_free (entry_c);
          return FALSE;
        }
      entry_c->id = sqlite3_last_insert_rowid (db);
      entry_c->spec = c;
      g_hash_table_insert (contenders, c->name, entry_c);
    }

  rows = read_jsonl (directory, results_file, error);
  if (rows == NULL)
    return FALSE;
  return write_results (project, spec, run_id, snapshot, contenders, rows, results_file, now,
                        error);
}
