/* vs-eval-cases.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two reads over a run's results. The keys: one aggregate pass that gives each case's flags
 * (some contender passed / failed, some trial errored), which filters need, with the same
 * verdict rule as the summary's pairs. The cases: their results and scores by ordinal, plus
 * each case's data (its record as the run's snapshot froze it) read through CASE_DATA_SQL —
 * the only SQL here that knows how a snapshot stores its records.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>

#include "vs-endpoint.h"
#include "vs-dataset-snapshot-private.h"
#include "vs-error.h"
#include "vs-eval-cases-private.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-run-store.h"
#include "vs-template.h"

/* clang-format off */
G_DEFINE_ENUM_TYPE (VsEvalCaseFilter, vs_eval_case_filter,
                    G_DEFINE_ENUM_VALUE (VS_EVAL_CASE_FILTER_ALL, "all"),
                    G_DEFINE_ENUM_VALUE (VS_EVAL_CASE_FILTER_DISAGREEMENTS, "disagreements"),
                    G_DEFINE_ENUM_VALUE (VS_EVAL_CASE_FILTER_FAILURES, "failures"),
                    G_DEFINE_ENUM_VALUE (VS_EVAL_CASE_FILTER_ERRORS, "errors"))
/* clang-format on */

/* The data of the case whose record is RECORD in the snapshot of run RUN (SQL expressions):
 * the record's row as JSON text, as the snapshot froze it; NULL when it is gone. */
#define CASE_DATA_SQL(RUN, RECORD)                                                  \
  "(SELECT " VS_SNAPSHOT_DATA_SQL ("cs", RECORD) " FROM runs"                                \
  " JOIN snapshots cs ON cs.id = runs.snapshot_id WHERE runs.id = " RUN ")"

/* Per case: some verdict passed, some failed, some trial errored. A trial passes when every
 * score with an outcome passes (min(pass) is NULL or 1); a contender's verdict on a case is
 * passed when more than half of its non-error repeats passed. */
#define KEYS_SQL                                                                              \
  "SELECT o, max(e > 0), max(p + f > 0 AND 2 * p > p + f), max(p + f > 0 AND 2 * p <= p + f)" \
  " FROM (SELECT case_ordinal AS o, sum(state = 'error') AS e, sum(ok = 1) AS p,"             \
  "        sum(ok = 0) AS f"                                                                  \
  "       FROM (SELECT r.case_ordinal, r.contender_id, r.state,"                              \
  "              CASE WHEN r.state = 'ok' THEN ifnull((SELECT min(pass) FROM scores s"        \
  "                WHERE s.result_id = r.id), 1) != 0 END AS ok"                              \
  "             FROM results r WHERE r.run_id = ?1 AND r.state != 'pending')"                 \
  "       GROUP BY case_ordinal, contender_id)"                                               \
  " GROUP BY o ORDER BY o"

#define RESULTS_SQL                                                                       \
  "SELECT r.case_ordinal, r.contender_id, r.sample_index, r.state, r.output, r.error,"    \
  " r.latency_ms, r.prompt_tokens, r.completion_tokens, r.cost, r.cached,"                \
  " (SELECT json_group_array(json_object('metric', metric, 'value', value, 'pass', pass," \
  "   'reason', reason, 'error', error)) FROM scores WHERE result_id = r.id)"             \
  " FROM results r WHERE r.run_id = ?1 AND r.state != 'pending'"                          \
  " AND r.case_ordinal IN (SELECT value FROM json_each(?2))"                              \
  " ORDER BY r.case_ordinal, r.sample_index"

/* clang-format off */
#define DATA_SQL \
  "SELECT k.o, " \
  CASE_DATA_SQL ("?1", "k.record") \
  " FROM (SELECT j.value AS o, (SELECT record_id FROM results WHERE run_id = ?1" \
  "   AND case_ordinal = j.value AND record_id IS NOT NULL LIMIT 1) AS record" \
  "  FROM json_each(?2) j) k"
/* clang-format on */

void
_vs_eval_cases_context_free (VsEvalCasesContext *ctx)
{
  if (ctx == NULL)
    return;
  g_clear_pointer (&ctx->spec, vs_eval_spec_free);
  g_clear_pointer (&ctx->contender_ids, g_array_unref);
  g_strfreev (ctx->names);
  g_free (ctx);
}

static VsEvalSpec *
load_spec (VsProject *project,
           gint64     run_id,
           GError   **error)
{
  g_autofree char *text = vs_run_store_dup_spec (project, run_id, error);
  g_autoptr(JsonObject) object = NULL;

  if (text == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                     _("Run %" PRId64 " has no evaluation spec"), run_id);
      return NULL;
    }
  object = vs_json_parse_object (text, -1, error);
  return object ? vs_eval_spec_new_from_json (object, NULL, error) : NULL;
}

VsEvalCasesContext *
_vs_eval_cases_context_new (VsProject *project,
                            gint64     run_id,
                            GError   **error)
{
  g_autoptr(VsEvalCasesContext) ctx = g_new0 (VsEvalCasesContext, 1);
  g_autoptr(VsRunInfo) info = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  info = vs_run_store_get (project, run_id, error);
  if (info == NULL)
    return NULL;
  ctx->run_id = run_id;
  ctx->spec = load_spec (project, run_id, error);
  if (ctx->spec == NULL)
    return NULL;
  ctx->contender_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), info->contenders->len);
  for (guint i = 0; i < info->contenders->len; i++)
    {
      VsContenderInfo *c = g_ptr_array_index (info->contenders, i);

      g_array_append_val (ctx->contender_ids, c->id);
      g_strv_builder_add (names, c->label);
    }
  ctx->names = g_strv_builder_end (names);
  return g_steal_pointer (&ctx);
}

gboolean
_vs_eval_cases_filter_keeps (VsEvalCaseFilter filter,
                             guint            flags)
{
  switch (filter)
    {
    case VS_EVAL_CASE_FILTER_DISAGREEMENTS:
      return (flags & VS_EVAL_CASE_ANY_PASSED) && (flags & VS_EVAL_CASE_ANY_FAILED);
    case VS_EVAL_CASE_FILTER_FAILURES:
      return (flags & VS_EVAL_CASE_ANY_FAILED) != 0;
    case VS_EVAL_CASE_FILTER_ERRORS:
      return (flags & VS_EVAL_CASE_ANY_ERROR) != 0;
    case VS_EVAL_CASE_FILTER_ALL:
    default:
      return TRUE;
    }
}

static sqlite3_stmt *
prepare (sqlite3    *db,
         const char *sql,
         GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int           rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _vs_project_set_db_error (db, sqlite3_db_filename (db, "main"), rc, error);
      return NULL;
    }
  return stmt;
}

GArray *
_vs_eval_cases_read_keys (sqlite3            *db,
                          VsEvalCasesContext *ctx,
                          GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, KEYS_SQL, error);
  g_autoptr(GArray) keys = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ctx->run_id);
  keys = g_array_new (FALSE, FALSE, sizeof (VsEvalCaseKey));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VsEvalCaseKey key = { sqlite3_column_int64 (stmt, 0), 0 };

      if (sqlite3_column_int (stmt, 1))
        key.flags |= VS_EVAL_CASE_ANY_ERROR;
      if (sqlite3_column_int (stmt, 2))
        key.flags |= VS_EVAL_CASE_ANY_PASSED;
      if (sqlite3_column_int (stmt, 3))
        key.flags |= VS_EVAL_CASE_ANY_FAILED;
      g_array_append_val (keys, key);
    }
  if (rc != SQLITE_DONE)
    {
      _vs_project_set_db_error (db, sqlite3_db_filename (db, "main"), rc, error);
      return NULL;
    }
  return g_steal_pointer (&keys);
}

static double
column_double (sqlite3_stmt *stmt,
               int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? NAN
                                                           : sqlite3_column_double (stmt, column);
}

static gint64
column_count (sqlite3_stmt *stmt,
              int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? -1
                                                           : sqlite3_column_int64 (stmt, column);
}

static VsEvalScoreInfo *
score_from_json (JsonObject *object)
{
  VsEvalScoreInfo *score = g_new0 (VsEvalScoreInfo, 1);
  JsonNode        *value = json_object_get_member (object, "value");
  JsonNode        *pass = json_object_get_member (object, "pass");

  score->metric = g_strdup (vs_json_get_string (object, "metric", ""));
  score->value = value != NULL && !JSON_NODE_HOLDS_NULL (value) ? json_node_get_double (value)
                                                                : NAN;
  score->pass = pass != NULL && !JSON_NODE_HOLDS_NULL (pass) ? json_node_get_int (pass) != 0
                                                             : -1;
  score->reason = g_strdup (vs_json_get_string (object, "reason", NULL));
  score->error = g_strdup (vs_json_get_string (object, "error", NULL));
  return score;
}

/* The stored scores in the spec's metric order (any others after them). */
static GPtrArray *
scores_from_text (VsEvalSpec *spec,
                  const char *text)
{
  GPtrArray *scores = g_ptr_array_new_with_free_func (_vs_eval_score_info_free);
  g_autoptr(JsonNode) node = text ? vs_json_parse (text, -1, NULL) : NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (_vs_eval_score_info_free);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return scores;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        g_ptr_array_add (found, score_from_json (json_node_get_object (element)));
    }
  for (guint m = 0; m < spec->metrics->len; m++)
    {
      VsEvalMetric *metric = g_ptr_array_index (spec->metrics, m);

      for (guint i = 0; i < found->len; i++)
        {
          VsEvalScoreInfo *score = g_ptr_array_index (found, i);

          if (g_strcmp0 (score->metric, metric->name) == 0)
            {
              g_ptr_array_add (scores, g_ptr_array_steal_index (found, i));
              break;
            }
        }
    }
  while (found->len > 0)
    g_ptr_array_add (scores, g_ptr_array_steal_index (found, 0));
  return scores;
}

static VsEvalTrialInfo *
trial_from_row (VsEvalSpec   *spec,
                sqlite3_stmt *stmt)
{
  VsEvalTrialInfo *trial = g_new0 (VsEvalTrialInfo, 1);
  gboolean         passed = TRUE;

  trial->repeat = sqlite3_column_int (stmt, 2);
  trial->output = _vs_sql_dup_text (stmt, 4);
  trial->latency_ms = column_double (stmt, 6);
  trial->prompt_tokens = column_count (stmt, 7);
  trial->completion_tokens = column_count (stmt, 8);
  trial->cost_usd = column_double (stmt, 9);
  trial->cached = sqlite3_column_int (stmt, 10) != 0;
  trial->scores = scores_from_text (spec, (const char *) sqlite3_column_text (stmt, 11));
  for (guint i = 0; i < trial->scores->len; i++)
    if (((VsEvalScoreInfo *) g_ptr_array_index (trial->scores, i))->pass == 0)
      passed = FALSE;
  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), "ok") != 0)
    {
      const char *error = (const char *) sqlite3_column_text (stmt, 5);

      trial->state = VS_EVAL_STATE_ERROR;
      trial->error = g_strdup (error != NULL ? error : _("The request failed"));
    }
  else
    trial->state = passed ? VS_EVAL_STATE_PASSED : VS_EVAL_STATE_FAILED;
  return trial;
}

static void
contender_add_trial (VsEvalCaseContender *c,
                     VsEvalTrialInfo     *trial)
{
  if (trial->state == VS_EVAL_STATE_ERROR)
    c->n_errors++;
  else if (trial->state == VS_EVAL_STATE_PASSED)
    c->n_passed++;
  else
    c->n_failed++;
  if (c->n_passed + c->n_failed > 0)
    c->state = 2 * c->n_passed > c->n_passed + c->n_failed ? VS_EVAL_STATE_PASSED
                                                           : VS_EVAL_STATE_FAILED;
  else
    c->state = VS_EVAL_STATE_ERROR;
  g_ptr_array_add (c->trials, trial);
}

typedef struct
{
  JsonObject *vars;
  char       *expected;
  GPtrArray  *contenders; /* VsEvalCaseContender by position */
} Building;

static void
building_clear (gpointer data)
{
  Building *b = data;

  g_clear_pointer (&b->vars, json_object_unref);
  g_clear_pointer (&b->expected, g_free);
  g_clear_pointer (&b->contenders, g_ptr_array_unref);
}

static char *
ordinals_json (const gint64 *ordinals,
               guint         n)
{
  GString *text = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i ? "," : "", ordinals[i]);
  g_string_append_c (text, ']');
  return g_string_free (text, FALSE);
}

static gboolean
step_error (sqlite3 *db,
            int      rc,
            GError **error)
{
  if (rc == SQLITE_DONE)
    return TRUE;
  return _vs_project_set_db_error (db, sqlite3_db_filename (db, "main"), rc, error);
}

GPtrArray *
_vs_eval_cases_read (sqlite3            *db,
                     VsEvalCasesContext *ctx,
                     const gint64       *ordinals,
                     guint               n_ordinals,
                     GError            **error)
{
  g_autofree char *list = ordinals_json (ordinals, n_ordinals);
  g_autoptr(GHashTable) index = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) positions = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) building = g_array_sized_new (FALSE, TRUE, sizeof (Building), n_ordinals);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *cases;
  int        rc;

  g_array_set_clear_func (building, building_clear);
  g_array_set_size (building, n_ordinals);
  for (guint i = 0; i < n_ordinals; i++)
    {
      Building *b = &g_array_index (building, Building, i);

      b->contenders = g_ptr_array_new_with_free_func (_vs_eval_case_contender_free);
      for (guint k = 0; k < ctx->contender_ids->len; k++)
        {
          VsEvalCaseContender *c = g_new0 (VsEvalCaseContender, 1);

          c->contender_id = g_array_index (ctx->contender_ids, gint64, k);
          c->name = g_strdup (ctx->names[k]);
          c->trials = g_ptr_array_new_with_free_func (_vs_eval_trial_info_free);
          g_ptr_array_add (b->contenders, c);
        }
      g_hash_table_insert (index, (gpointer) &ordinals[i], GUINT_TO_POINTER (i));
    }
  for (guint k = 0; k < ctx->contender_ids->len; k++)
    g_hash_table_insert (positions, &g_array_index (ctx->contender_ids, gint64, k),
                         GUINT_TO_POINTER (k));

  /* The cases' data, then their results. */
  stmt = prepare (db, DATA_SQL, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ctx->run_id);
  sqlite3_bind_text (stmt, 2, list, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64      ordinal = sqlite3_column_int64 (stmt, 0);
      const char *data = (const char *) sqlite3_column_text (stmt, 1);
      g_autoptr(JsonNode) node = data ? vs_json_parse (data, -1, NULL) : NULL;
      JsonObject *row = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      gpointer    i;
      Building   *b;

      if (!g_hash_table_lookup_extended (index, &ordinal, NULL, &i))
        continue;
      b = &g_array_index (building, Building, GPOINTER_TO_UINT (i));
      g_clear_pointer (&b->vars, json_object_unref);
      g_clear_pointer (&b->expected, g_free);
      b->vars = vs_eval_spec_case_vars (ctx->spec, row);
      b->expected = vs_eval_spec_case_expected (ctx->spec, row);
    }
  if (!step_error (db, rc, error))
    return NULL;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare (db, RESULTS_SQL, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ctx->run_id);
  sqlite3_bind_text (stmt, 2, list, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64    ordinal = sqlite3_column_int64 (stmt, 0);
      gint64    contender_id = sqlite3_column_int64 (stmt, 1);
      gpointer  i, k;
      Building *b;

      if (!g_hash_table_lookup_extended (index, &ordinal, NULL, &i) ||
          !g_hash_table_lookup_extended (positions, &contender_id, NULL, &k))
        continue;
      b = &g_array_index (building, Building, GPOINTER_TO_UINT (i));
      contender_add_trial (g_ptr_array_index (b->contenders, GPOINTER_TO_UINT (k)),
                           trial_from_row (ctx->spec, stmt));
    }
  if (!step_error (db, rc, error))
    return NULL;

  cases = g_ptr_array_new_full (n_ordinals, g_object_unref);
  for (guint i = 0; i < n_ordinals; i++)
    {
      Building *b = &g_array_index (building, Building, i);

      g_ptr_array_add (cases, _vs_eval_case_new (ordinals[i], g_steal_pointer (&b->vars),
                                                 b->expected, g_steal_pointer (&b->contenders)));
    }
  return cases;
}

GArray *
vs_eval_cases_list_ordinals (VsProject       *project,
                             gint64           run_id,
                             VsEvalCaseFilter filter,
                             guint           *out_n_cases,
                             GError         **error)
{
  g_autoptr(VsEvalCasesContext) ctx = NULL;
  g_autoptr(GArray) keys = NULL;
  GArray *ordinals;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  ctx = _vs_eval_cases_context_new (project, run_id, error);
  if (ctx == NULL)
    return NULL;
  keys = _vs_eval_cases_read_keys (vs_project_get_db (project), ctx, error);
  if (keys == NULL)
    return NULL;
  ordinals = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < keys->len; i++)
    {
      VsEvalCaseKey *key = &g_array_index (keys, VsEvalCaseKey, i);

      if (_vs_eval_cases_filter_keeps (filter, key->flags))
        g_array_append_val (ordinals, key->ordinal);
    }
  if (out_n_cases != NULL)
    *out_n_cases = keys->len;
  return ordinals;
}

/* Each contender's request for the case, as the runner builds it. */
static void
add_requests (VsProject          *project,
              VsEvalCasesContext *ctx,
              VsEvalCase         *c)
{
  JsonObject *vars = vs_eval_case_get_vars (c);

  for (guint i = 0; i < vs_eval_case_get_n_contenders (c) && i < ctx->spec->contenders->len; i++)
    {
      VsEvalCaseContender *side = (VsEvalCaseContender *) vs_eval_case_get_contender (c, i);
      VsEvalContender     *spec = g_ptr_array_index (ctx->spec->contenders, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(VsTemplate) template = vs_template_new_from_json (spec->template, &error);
      g_autoptr(GPtrArray) examples = NULL;
      g_autoptr(VsEndpoint) endpoint = NULL;

      if (template != NULL && spec->template_dir != NULL)
        vs_template_set_base_dir (template, spec->template_dir);
      if (template != NULL)
        examples = vs_template_draw_few_shot (template, project, &error);
      if (examples != NULL)
        endpoint = vs_endpoint_new (spec->kind, spec->endpoint, &error);
      if (endpoint != NULL)
        side->request = vs_eval_contender_build_request (spec, template, examples, endpoint, vars,
                                                         &error);
      if (side->request == NULL)
        side->request_error = g_strdup (error ? error->message : _("The request cannot be built"));
    }
}

VsEvalCase *
vs_eval_cases_load_case (VsProject *project,
                         gint64     run_id,
                         gint64     ordinal,
                         GError   **error)
{
  g_autoptr(VsEvalCasesContext) ctx = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  VsEvalCase *c;
  gboolean    any = FALSE;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  ctx = _vs_eval_cases_context_new (project, run_id, error);
  if (ctx == NULL)
    return NULL;
  cases = _vs_eval_cases_read (vs_project_get_db (project), ctx, &ordinal, 1, error);
  if (cases == NULL)
    return NULL;
  c = g_ptr_array_index (cases, 0);
  for (guint i = 0; i < vs_eval_case_get_n_contenders (c); i++)
    any |= vs_eval_case_get_contender (c, i)->trials->len > 0;
  if (!any)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND,
                   _("Case %" PRId64 " of the run has no results"), ordinal);
      return NULL;
    }
  add_requests (project, ctx, c);
  return g_object_ref (c);
}
