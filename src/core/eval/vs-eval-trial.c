/* vs-eval-trial.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pieces of a run's execution that the online runner and the batch path share (see
 * vs-eval-trial-private.h): one loader of the run, one case pager, one scorer and one result
 * writer, so a batch result is the same row as an online one.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "vs-engine-registry.h"
#include "vs-error.h"
#include "vs-eval-trial-private.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-chat-response-private.h"
#include "vs-response-cache-private.h"
#include "vs-run-store-private.h"
#include "vs-run-store.h"
#include "vs-template-request.h"
#include "vs-template.h"

#define PAGE_SIZE 256
/* The split column of _vs_dataset_snapshot_prepare_rows()'s rows. */
#define SNAPSHOT_SPLIT 4

/* The run */

static void
contender_free (gpointer data)
{
  VsEvalTrialContender *c = data;

  g_clear_object (&c->endpoint);
  g_clear_object (&c->engine);
  g_clear_object (&c->template);
  g_clear_pointer (&c->examples, g_ptr_array_unref);
  g_free (c);
}

static void
judge_free (gpointer data)
{
  VsEvalTrialJudge *j = data;

  if (j == NULL)
    return;
  g_clear_object (&j->endpoint);
  g_clear_object (&j->engine);
  g_clear_object (&j->template);
  g_free (j);
}

void
_vs_eval_run_setup_free (VsEvalRunSetup *setup)
{
  if (setup == NULL)
    return;
  g_clear_pointer (&setup->case_stmt, sqlite3_finalize);
  g_clear_pointer (&setup->contenders, g_ptr_array_unref);
  g_clear_pointer (&setup->judges, g_ptr_array_unref);
  g_clear_pointer (&setup->spec, vs_eval_spec_free);
  g_clear_object (&setup->project);
  g_free (setup->name);
  g_free (setup->split);
  g_free (setup);
}

/* An endpoint for a spec's URL: not saved in the project, found in the project's registry by
 * kind + URL, so every run and window on that server shares its engine. */
static VsRequestEngine *
engine_for (VsEvalRunSetup  *setup,
            VsEndpointKind   kind,
            const char      *url,
            const char      *key_env,
            VsEndpoint     **out_endpoint,
            GError         **error)
{
  g_autoptr(VsEndpoint) endpoint = vs_endpoint_new (kind, url, error);
  g_autoptr(GList) settings = NULL;
  const char *key;

  if (endpoint == NULL)
    return NULL;
  vs_endpoint_set_concurrency (endpoint, setup->spec->concurrency);
  settings = json_object_get_members (setup->spec->settings);
  for (GList *l = settings; l != NULL; l = l->next)
    {
      gint64 value;

      if (vs_json_node_get_int64 (json_object_get_member (setup->spec->settings, l->data),
                                  &value))
        vs_endpoint_set_setting_int (endpoint, l->data, value);
    }
  key = g_getenv (key_env ? key_env : "VERSUS_API_KEY");
  *out_endpoint = g_object_ref (endpoint);
  return vs_engine_registry_get (vs_engine_registry_get_for_project (setup->project), endpoint,
                                 key != NULL && *key != '\0' ? key : NULL);
}

static VsTemplate *
template_for (JsonNode    *json,
              const char  *dir,
              GError     **error)
{
  VsTemplate *template = vs_template_new_from_json (json, error);

  if (template != NULL && dir != NULL)
    vs_template_set_base_dir (template, dir);
  return template;
}

static gboolean
load_contenders (VsEvalRunSetup  *setup,
                 VsRunInfo       *info,
                 GError         **error)
{
  setup->contenders = g_ptr_array_new_with_free_func (contender_free);
  for (guint i = 0; i < info->contenders->len; i++)
    {
      VsContenderInfo *row = g_ptr_array_index (info->contenders, i);
      VsEvalTrialContender *c = g_new0 (VsEvalTrialContender, 1);

      g_ptr_array_add (setup->contenders, c);
      c->spec = g_ptr_array_index (setup->spec->contenders, i);
      c->index = i;
      c->id = row->id;
      c->engine = engine_for (setup, c->spec->kind, c->spec->endpoint, c->spec->api_key_env,
                              &c->endpoint, error);
      if (c->engine == NULL)
        return FALSE;
      c->template = template_for (c->spec->template, c->spec->template_dir, error);
      if (c->template == NULL)
        return FALSE;
      c->examples = vs_template_draw_few_shot (c->template, setup->project, error);
      if (c->examples == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_judges (VsEvalRunSetup  *setup,
             GError         **error)
{
  setup->judges = g_ptr_array_new_with_free_func (judge_free);
  for (guint i = 0; i < setup->spec->metrics->len; i++)
    {
      VsEvalMetric *metric = g_ptr_array_index (setup->spec->metrics, i);
      VsEndpointKind kind = VS_ENDPOINT_KIND_OPENAI;
      VsEvalTrialJudge *j;

      if (metric->type != VS_EVAL_METRIC_JUDGE)
        {
          g_ptr_array_add (setup->judges, NULL);
          continue;
        }
      j = g_new0 (VsEvalTrialJudge, 1);
      g_ptr_array_add (setup->judges, j);
      j->metric = metric;
      vs_endpoint_kind_from_string (vs_json_get_string (metric->options, "kind", "openai"),
                                    &kind, NULL);
      j->engine = engine_for (setup, kind, vs_json_get_string (metric->options, "endpoint", ""),
                              vs_json_get_string (metric->options, "api_key_env", NULL),
                              &j->endpoint, error);
      if (j->engine == NULL)
        return FALSE;
      j->template = template_for (json_object_get_member (metric->options, "template"),
                                  vs_json_get_string (metric->options, "template_dir", NULL),
                                  error);
      if (j->template == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
count_cases (VsEvalRunSetup  *setup,
             GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _vs_project_prepare (setup->project, "SELECT n_records FROM snapshots WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, setup->snapshot_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    setup->n_cases = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!_vs_dataset_snapshot_ref (vs_project_get_db (setup->project), setup->snapshot_id,
                                 &setup->snapshot, error))
    return FALSE;
  if (setup->split == NULL)
    return TRUE;
  /* One split of the snapshot: its cases counted. */
  stmt = _vs_dataset_snapshot_prepare_rows (vs_project_get_db (setup->project), &setup->snapshot,
                                            VS_SNAPSHOT_BY_RECORD, 0, -1, NULL, NULL, error);
  if (stmt == NULL)
    return FALSE;
  setup->n_cases = 0;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    setup->n_cases += g_strcmp0 ((const char *) sqlite3_column_text (stmt, SNAPSHOT_SPLIT),
                                 setup->split) == 0;
  return TRUE;
}

VsEvalRunSetup *
_vs_eval_run_setup_new (VsProject  *project,
                        gint64      run_id,
                        GError    **error)
{
  g_autoptr(VsEvalRunSetup) setup = NULL;
  g_autoptr(VsRunInfo) info = NULL;
  g_autofree char *spec_text = NULL;
  g_autoptr(JsonObject) spec_json = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  info = vs_run_store_get (project, run_id, error);
  if (info == NULL)
    return NULL;
  spec_text = vs_run_store_dup_spec (project, run_id, error);
  if (spec_text == NULL)
    {
      if (error && *error == NULL)
        g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                     _("Run “%s” has no evaluation spec"), info->name);
      return NULL;
    }
  spec_json = vs_json_parse_object (spec_text, -1, error);
  if (spec_json == NULL)
    return NULL;

  if (vs_project_get_writer (project) == NULL)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_IO, _("The project is open read-only"));
      return NULL;
    }
  setup = g_new0 (VsEvalRunSetup, 1);
  setup->project = g_object_ref (project);
  setup->run_id = run_id;
  setup->name = g_strdup (info->name);
  setup->snapshot_id = info->snapshot_id;
  setup->split = g_strdup (info->split);
  setup->spec = vs_eval_spec_new_from_json (spec_json, NULL, error);
  if (setup->spec == NULL)
    return NULL;
  if (info->contenders->len != setup->spec->contenders->len)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   _("Run “%s” does not match its spec"), info->name);
      return NULL;
    }
  if (!load_contenders (setup, info, error) || !load_judges (setup, error) ||
      !count_cases (setup, error))
    return NULL;
  return g_steal_pointer (&setup);
}

gint64
_vs_eval_run_setup_n_trials (VsEvalRunSetup *setup)
{
  return setup->n_cases * (gint64) setup->contenders->len * setup->spec->repeats;
}

VsEvalTrialContender *
_vs_eval_run_setup_find_contender (VsEvalRunSetup *setup,
                                   gint64          contender_id)
{
  for (guint i = 0; i < setup->contenders->len; i++)
    {
      VsEvalTrialContender *c = g_ptr_array_index (setup->contenders, i);

      if (c->id == contender_id)
        return c;
    }
  return NULL;
}

/* Cases */

VsEvalTrialCase *
_vs_eval_trial_case_new (VsEvalSpec *spec,
                         gint64      record_id,
                         gint64      ordinal,
                         const char *data)
{
  g_autoptr(JsonNode) node = vs_json_parse (data, -1, NULL);
  VsEvalTrialCase *c = g_new0 (VsEvalTrialCase, 1);
  JsonObject *object = NULL;

  c->ref_count = 1;
  c->record_id = record_id;
  c->ordinal = ordinal;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    object = json_node_get_object (node);
  c->vars = vs_eval_spec_case_vars (spec, object);
  c->expected = vs_eval_spec_case_expected (spec, object);
  return c;
}

VsEvalTrialCase *
_vs_eval_trial_case_ref (VsEvalTrialCase *c)
{
  c->ref_count++;
  return c;
}

void
_vs_eval_trial_case_unref (VsEvalTrialCase *c)
{
  if (--c->ref_count > 0)
    return;
  g_clear_pointer (&c->vars, json_object_unref);
  g_free (c->expected);
  g_free (c);
}

VsEvalTrialCase *
_vs_eval_run_setup_find_case (VsEvalRunSetup  *setup,
                              gint64           ordinal,
                              GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (ordinal <= 0)
    return NULL;
  if (setup->case_stmt == NULL)
    {
      sqlite3 *db = setup->read_db ? setup->read_db : vs_project_get_db (setup->project);

      setup->case_stmt = _vs_dataset_snapshot_prepare_row_at (db, &setup->snapshot, error);
      if (setup->case_stmt == NULL)
        return NULL;
    }
  stmt = setup->case_stmt;
  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 4, ordinal);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW &&
      (setup->split == NULL ||
       g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), setup->split) == 0))
    {
      VsEvalTrialCase *c = _vs_eval_trial_case_new (setup->spec, sqlite3_column_int64 (stmt, 0),
                                                    ordinal,
                                                    (const char *) sqlite3_column_text (stmt, 2));

      sqlite3_reset (stmt);
      return c;
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _vs_project_set_db_error (sqlite3_db_handle (stmt), vs_project_get_path (setup->project), rc,
                              error);
  sqlite3_reset (stmt);
  return NULL;
}

char *
_vs_eval_trial_key (gint64 contender_id,
                    gint64 ordinal,
                    gint   sample)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%d", contender_id, ordinal,
                          sample);
}

void
_vs_eval_case_pager_init (VsEvalCasePager *pager,
                          VsEvalRunSetup  *setup,
                          gboolean         retry_errors)
{
  memset (pager, 0, sizeof *pager);
  pager->setup = setup;
  pager->retry_errors = retry_errors;
}

void
_vs_eval_case_pager_clear (VsEvalCasePager *pager)
{
  g_clear_pointer (&pager->page, g_ptr_array_unref);
  g_clear_pointer (&pager->done, g_hash_table_unref);
}

gboolean
_vs_eval_case_pager_next (VsEvalCasePager  *pager,
                          GError          **error)
{
  VsEvalRunSetup *setup = pager->setup;
  sqlite3 *db = vs_project_get_db (setup->project);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 first = G_MAXINT64, last = G_MININT64;

  _vs_eval_case_pager_clear (pager);
  pager->page = g_ptr_array_new_with_free_func ((GDestroyNotify) _vs_eval_trial_case_unref);
  pager->done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* A page of the run's cases; with a split, rows of other splits are passed over (a page
   * may take several reads then). */
  do
    {
      gboolean more = FALSE;

      g_clear_pointer (&stmt, sqlite3_finalize);
      stmt = _vs_dataset_snapshot_prepare_rows (db, &setup->snapshot, VS_SNAPSHOT_BY_RECORD,
                                                pager->last_record_id, PAGE_SIZE, NULL, NULL,
                                                error);
      if (stmt == NULL)
        return FALSE;
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 ordinal = sqlite3_column_int64 (stmt, 1);

          more = TRUE;
          pager->last_record_id = sqlite3_column_int64 (stmt, 0);
          if (setup->split != NULL &&
              g_strcmp0 ((const char *) sqlite3_column_text (stmt, SNAPSHOT_SPLIT),
                         setup->split) != 0)
            continue;
          g_ptr_array_add (pager->page,
                           _vs_eval_trial_case_new (setup->spec, pager->last_record_id, ordinal,
                                                    (const char *) sqlite3_column_text (stmt,
                                                                                        2)));
          first = MIN (first, ordinal);
          last = MAX (last, ordinal);
        }
      if (!more)
        break;
    }
  while (pager->page->len == 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (pager->page->len == 0)
    return FALSE;

  stmt = _vs_project_prepare (setup->project,
                              "SELECT contender_id, case_ordinal, sample_index, state"
                              " FROM results WHERE run_id = ?1"
                              " AND case_ordinal BETWEEN ?2 AND ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, setup->run_id);
  sqlite3_bind_int64 (stmt, 2, first);
  sqlite3_bind_int64 (stmt, 3, last);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *state = (const char *) sqlite3_column_text (stmt, 3);

      if (g_strcmp0 (state, "ok") == 0 ||
          (g_strcmp0 (state, "error") == 0 && !pager->retry_errors))
        g_hash_table_add (pager->done,
                          _vs_eval_trial_key (sqlite3_column_int64 (stmt, 0),
                                              sqlite3_column_int64 (stmt, 1),
                                              sqlite3_column_int (stmt, 2)));
    }
  return TRUE;
}

/* Trials */

VsEvalTrial *
_vs_eval_trial_new (VsEvalRunSetup       *setup,
                    VsEvalTrialCase      *c,
                    VsEvalTrialContender *contender,
                    gint                  repeat)
{
  VsEvalTrial *t = g_new0 (VsEvalTrial, 1);

  t->setup = setup;
  t->c = _vs_eval_trial_case_ref (c);
  t->contender = contender;
  t->repeat = repeat;
  t->cost = -1;
  return t;
}

void
_vs_eval_trial_free (VsEvalTrial *t)
{
  if (t == NULL)
    return;
  for (guint i = 0; t->scores != NULL && i < t->setup->spec->metrics->len; i++)
    vs_eval_score_clear (&t->scores[i]);
  g_free (t->scores);
  g_clear_object (&t->response);
  g_clear_object (&t->cancellable);
  g_free (t->request_error);
  g_free (t->cache_key);
  _vs_eval_trial_case_unref (t->c);
  g_free (t);
}

VsChatRequest *
_vs_eval_trial_build_request (VsEvalTrial  *t,
                              GError      **error)
{
  VsEvalTrialContender *c = t->contender;
  VsChatRequest *request;

  request = vs_eval_contender_build_request (c->spec, c->template, c->examples, c->endpoint,
                                             t->c->vars, error);
  if (request != NULL)
    vs_chat_request_set_sample_index (request, (guint) t->repeat);
  return request;
}

typedef struct
{
  VsEvalTrial *trial;
  guint        metric_index;
} JudgeCall;

static void
trial_scored (VsEvalTrial *t)
{
  t->scored (t, t->scored_data);
}

static void
on_judge (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  JudgeCall *call = data;
  VsEvalTrial *t = call->trial;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsChatResponse) response = NULL;
  VsEvalScore *score = &t->scores[call->metric_index];
  VsEvalMetric *metric = g_ptr_array_index (t->setup->spec->metrics, call->metric_index);

  response = vs_request_engine_chat_finish (VS_REQUEST_ENGINE (source), result, &error);
  vs_eval_score_clear (score);
  if (error != NULL)
    {
      score->value = NAN;
      score->outcome = VS_EVAL_OUTCOME_ERROR;
      score->error = g_strdup_printf (_("The judge's request failed: %s"), error->message);
    }
  else
    vs_eval_score_verdict (metric, vs_chat_response_get_text (response), score);
  g_free (call);
  if (--t->judges_pending > 0)
    return;
  trial_scored (t);
}

void
_vs_eval_trial_score (VsEvalTrial     *t,
                      GCancellable    *cancellable,
                      VsEvalTrialFunc  scored,
                      gpointer         user_data)
{
  VsEvalRunSetup *setup = t->setup;
  const char *output = vs_chat_response_get_text (t->response);
  guint n = setup->spec->metrics->len;

  t->scored = scored;
  t->scored_data = user_data;
  g_set_object (&t->cancellable, cancellable);
  t->scores = g_new0 (VsEvalScore, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      VsEvalMetric *metric = g_ptr_array_index (setup->spec->metrics, i);
      VsEvalTrialJudge *judge = g_ptr_array_index (setup->judges, i);
      g_autoptr(JsonObject) vars = NULL;
      g_autoptr(VsChatRequest) request = NULL;
      g_autoptr(GError) error = NULL;
      JudgeCall *call;

      vs_eval_metric_score (metric, output, t->c->expected,
                            vs_chat_response_get_latency_ms (t->response), t->cost,
                            &t->scores[i]);
      if (judge == NULL)
        continue;
      /* The judge sees the case's variables, the output and the expected answer. */
      vs_eval_score_clear (&t->scores[i]);
      vars = vs_json_object_deep_copy (t->c->vars);
      json_object_set_string_member (vars, "output", output ? output : "");
      json_object_set_string_member (vars, "expected", t->c->expected ? t->c->expected : "");
      request = vs_template_build_request (judge->template, vars, NULL, judge->endpoint,
                                           vs_json_get_string (metric->options, "model", NULL),
                                           &error);
      if (request == NULL)
        {
          t->scores[i].outcome = VS_EVAL_OUTCOME_ERROR;
          t->scores[i].error = g_strdup (error->message);
          continue;
        }
      call = g_new0 (JudgeCall, 1);
      call->trial = t;
      call->metric_index = i;
      t->judges_pending++;
      vs_request_engine_chat_async (judge->engine, request, cancellable, on_judge, call);
    }
  if (t->judges_pending == 0)
    trial_scored (t);
}

/* Writing */

static gboolean
delete_scores (VsWriteContext  *ctx,
               gint64           result_id,
               GError         **error)
{
  sqlite3_stmt *stmt = _vs_write_context_prepare (ctx, "DELETE FROM scores WHERE result_id = ?1",
                                                  error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, result_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  return TRUE;
}

static gboolean
insert_score (VsWriteContext  *ctx,
              gint64           result_id,
              const char      *name,
              double           value,
              int              pass,
              const char      *reason,
              const char      *score_error,
              GError         **error)
{
  sqlite3_stmt *stmt = _vs_write_context_prepare (ctx,
                                                  "INSERT INTO scores (result_id, metric, value,"
                                                  " pass, reason, error)"
                                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                                  error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, result_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  if (!isnan (value))
    sqlite3_bind_double (stmt, 3, value);
  if (pass >= 0)
    sqlite3_bind_int (stmt, 4, pass);
  sqlite3_bind_text (stmt, 5, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, score_error, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  return TRUE;
}

/* Many results in one job: every string of a batch in one chunk and the rows in flat arrays,
 * so that building one costs the reader few allocations and freeing it, on the writer's
 * thread, a handful (a free of memory another thread allocated is the slow kind). */

typedef struct
{
  VsResultSpec result;        /* its strings in the batch's chunk */
  guint        first_score;   /* in the batch's scores */
  guint        n_scores;
} BatchResult;

typedef struct
{
  const char *name;
  const char *reason;
  const char *error;
  double      value;
  int         pass;           /* -1: none */
} BatchScore;

typedef struct
{
  const char *key;
  const char *text;
} CacheEntry;

struct _VsEvalResultBatch
{
  GArray       *results;   /* BatchResult */
  GArray       *scores;    /* BatchScore */
  GArray       *cache;     /* CacheEntry */
  GStringChunk *strings;
  GString      *scratch;
  gint         *committed;
  char         *now;
};

static VsEvalResultBatch *
result_batch_new (gsize chunk_size)
{
  VsEvalResultBatch *batch = g_new0 (VsEvalResultBatch, 1);

  batch->results = g_array_new (FALSE, FALSE, sizeof (BatchResult));
  batch->scores = g_array_new (FALSE, FALSE, sizeof (BatchScore));
  batch->cache = g_array_new (FALSE, FALSE, sizeof (CacheEntry));
  batch->strings = g_string_chunk_new (chunk_size);
  batch->scratch = g_string_sized_new (512);
  return batch;
}

VsEvalResultBatch *
_vs_eval_result_batch_new (void)
{
  return result_batch_new (64 * 1024);
}

void
_vs_eval_result_batch_free (VsEvalResultBatch *batch)
{
  if (batch == NULL)
    return;
  g_array_unref (batch->results);
  g_array_unref (batch->scores);
  g_array_unref (batch->cache);
  g_string_chunk_free (batch->strings);
  g_string_free (batch->scratch, TRUE);
  g_free (batch->now);
  g_free (batch);
}

static const char *
batch_string (VsEvalResultBatch *batch,
              const char        *text)
{
  return text != NULL ? g_string_chunk_insert (batch->strings, text) : NULL;
}

gboolean
_vs_eval_result_batch_add (VsEvalResultBatch *batch,
                           VsEvalTrial       *t,
                           const char        *cache_key)
{
  VsEvalRunSetup *setup = t->setup;
  gboolean error = t->request_error != NULL;
  guint n = t->scores ? setup->spec->metrics->len : 0;
  BatchResult row = { { 0 } };
  VsResultSpec *r = &row.result;
  const char *metric_error = NULL;

  r->run_id = setup->run_id;
  r->contender_id = t->contender->id;
  r->record_id = t->c->record_id;
  r->case_ordinal = t->c->ordinal;
  r->sample_index = t->repeat;
  r->prompt_tokens = -1;
  r->completion_tokens = -1;
  r->latency_ms = -1;
  r->ttft_ms = -1;
  r->cost = -1;
  r->http_status = (gint) t->http_status;
  if (t->response != NULL)
    {
      r->output = batch_string (batch, vs_chat_response_get_text (t->response));
      r->finish_reason = batch_string (batch, vs_chat_response_get_finish_reason (t->response));
      r->prompt_tokens = vs_chat_response_get_prompt_tokens (t->response);
      r->completion_tokens = vs_chat_response_get_completion_tokens (t->response);
      r->latency_ms = vs_chat_response_get_latency_ms (t->response);
      r->ttft_ms = vs_chat_response_get_ttft_ms (t->response);
      r->retries = (gint) vs_chat_response_get_retries (t->response);
      r->cached = vs_chat_response_get_cached (t->response);
      r->cost = t->cost;
    }
  row.first_score = batch->scores->len;
  row.n_scores = n;
  for (guint i = 0; i < n; i++)
    {
      VsEvalMetric *metric = g_ptr_array_index (setup->spec->metrics, i);
      VsEvalScore *s = &t->scores[i];
      BatchScore score;

      score.name = batch_string (batch, metric->name);
      score.value = s->value;
      score.pass = s->outcome == VS_EVAL_OUTCOME_PASS ? 1
                   : s->outcome == VS_EVAL_OUTCOME_FAIL ? 0 : -1;
      score.reason = batch_string (batch, s->reason);
      score.error = batch_string (batch, s->error);
      g_array_append_val (batch->scores, score);
      if (s->outcome == VS_EVAL_OUTCOME_ERROR && !error)
        {
          g_autofree char *text = g_strdup_printf ("%s: %s", metric->name,
                                                   s->error ? s->error : "");

          error = TRUE;
          metric_error = batch_string (batch, text);
        }
    }
  /* The request's failure, else the first failing metric's. */
  r->error = t->request_error != NULL ? batch_string (batch, t->request_error) : metric_error;
  r->state = error ? "error" : "ok";
  g_array_append_val (batch->results, row);

  if (cache_key != NULL && t->response != NULL && vs_chat_response_is_ok (t->response))
    {
      CacheEntry e;

      g_string_truncate (batch->scratch, 0);
      _vs_chat_response_append_cache_json (t->response, batch->scratch);
      e.key = batch_string (batch, cache_key);
      e.text = g_string_chunk_insert_len (batch->strings, batch->scratch->str,
                                          (gssize) batch->scratch->len);
      g_array_append_val (batch->cache, e);
    }
  return error;
}

guint
_vs_eval_result_batch_get_size (VsEvalResultBatch *batch)
{
  return batch->results->len;
}

static gboolean
result_batch_run (VsWriteContext  *ctx,
                  gpointer         data,
                  GError         **error)
{
  VsEvalResultBatch *batch = data;

  for (guint i = 0; i < batch->results->len; i++)
    {
      BatchResult *row = &g_array_index (batch->results, BatchResult, i);
      BatchScore *scores = &g_array_index (batch->scores, BatchScore, row->first_score);
      gboolean existed;
      gint64 id;

      if (!_vs_run_store_write_result_full (ctx, &row->result, &id, &existed, error))
        return FALSE;
      if (existed && !delete_scores (ctx, id, error))
        return FALSE;
      for (guint j = 0; j < row->n_scores; j++)
        if (!insert_score (ctx, id, scores[j].name, scores[j].value, scores[j].pass,
                           scores[j].reason, scores[j].error, error))
          return FALSE;
    }
  for (guint i = 0; i < batch->cache->len; i++)
    {
      CacheEntry *e = &g_array_index (batch->cache, CacheEntry, i);

      if (!_vs_response_cache_write_in_job (ctx, e->key, e->text, batch->now, error))
        return FALSE;
    }
  return TRUE;
}

/* On the writer thread, after the job's transaction. */
static void
result_batch_done (gpointer      data,
                   gboolean      ok,
                   const GError *error)
{
  VsEvalResultBatch *batch = data;

  if (!ok && error != NULL)
    g_warning ("%s", error->message);
  if (batch->committed != NULL)
    g_atomic_int_add (batch->committed, (gint) batch->results->len);
}

/* In the order of the results table's key, which is also its unique index's: neighbouring
 * rows of one job then share their B-tree pages. */
static gint
compare_results (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  const VsResultSpec *x = &((const BatchResult *) a)->result;
  const VsResultSpec *y = &((const BatchResult *) b)->result;

  if (x->contender_id != y->contender_id)
    return x->contender_id < y->contender_id ? -1 : 1;
  if (x->case_ordinal != y->case_ordinal)
    return x->case_ordinal < y->case_ordinal ? -1 : 1;
  return (x->sample_index > y->sample_index) - (x->sample_index < y->sample_index);
}

static gint
compare_cache_entries (gconstpointer a,
                       gconstpointer b,
                       gpointer      data)
{
  return strcmp (((const CacheEntry *) a)->key, ((const CacheEntry *) b)->key);
}

void
_vs_eval_result_batch_queue (VsEvalResultBatch *batch,
                             VsProject         *project,
                             gint              *committed)
{
  /* Sorted here rather than on the writer's thread, which is the busier one. The sorts are
   * stable (g_qsort_with_data() is a merge sort): rows of one key (a trial written twice, the
   * same request cached twice) keep their order, so the last one still wins; the order
   * changes nothing but the pages touched. */
  g_array_sort_with_data (batch->results, compare_results, NULL);
  g_array_sort_with_data (batch->cache, compare_cache_entries, NULL);
  batch->committed = committed;
  batch->now = vs_now_iso8601 ();
  _vs_writer_queue (vs_project_get_writer (project), result_batch_run, batch,
                    (GDestroyNotify) _vs_eval_result_batch_free, result_batch_done);
}

gboolean
_vs_eval_trial_write (VsEvalTrial *t)
{
  /* A batch of one: the online runner's result is the same row, written the same way. */
  VsEvalResultBatch *batch = result_batch_new (1024);
  gboolean error = _vs_eval_result_batch_add (batch, t, NULL);

  _vs_eval_result_batch_queue (batch, t->setup->project, NULL);
  return error;
}

static gboolean
release_memory_job (VsWriteContext  *ctx,
                    gpointer         data,
                    GError         **error)
{
  sqlite3_db_release_memory (_vs_write_context_get_db (ctx));
  return TRUE;
}

void
_vs_eval_release_writer_memory (VsProject *project)
{
  _vs_writer_queue (vs_project_get_writer (project), release_memory_job, NULL, NULL, NULL);
}
