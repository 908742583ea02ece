/* vs-eval-summary.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The run summary and the per-trial export, read in one pass over the run's results (ordered
 * by contender, case and repeat, each with its scores folded in by SQLite), so a summary of
 * 100k trials holds one small row per trial and nothing else. All statistics come from
 * vs-stats.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vs-dataset-snapshot-private.h"
#include "vs-error.h"
#include "vs-eval-spec.h"
#include "vs-eval-summary.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-run-store.h"
#include "vs-stats.h"

typedef struct
{
  gint64   ordinal;
  gboolean error;
  int      pass;        /* 1 passed, 0 failed (meaningless when error) */
  double   latency;
  gint64   prompt_tokens;
  gint64   completion_tokens;
  double   cost;
  char    *predicted;   /* label metric: the output, trimmed and casefolded */
} Row;

typedef struct
{
  gint64   ordinal;
  guint    n_pass;
  guint    n_fail;
  guint    n_error;
  double   latency;     /* mean over non-error repeats, NAN when none */
  double  *means;       /* per metric over non-error repeats, NAN when none (in side->means) */
} CaseAgg;

typedef struct
{
  gint64      id;
  char       *name;
  double      training_cost;
  GArray     *rows;     /* Row */
  GArray     *values;   /* double: n_metrics per row, NAN when none */
  GArray     *cases;    /* CaseAgg */
  GArray     *means;    /* double: n_metrics per case, allocated once (CaseAgg points in) */
} Side;

typedef struct
{
  VsEvalSpec  *spec;
  guint        n_metrics;
  gint         label_metric;  /* index, -1: none */
  GHashTable  *expected;      /* ordinal → casefolded expected label (label metric only) */
  GPtrArray   *sides;         /* Side, by position */
} Summary;

#define ROW_VALUE(s, side, row, metric) \
  (((double *) (side)->values->data)[(gsize) (row) * (s)->n_metrics + (metric)])

static void
side_free (gpointer data)
{
  Side *side = data;

  for (guint i = 0; i < side->rows->len; i++)
    {
      Row *row = &g_array_index (side->rows, Row, i);

      g_free (row->predicted);
    }
  g_array_unref (side->rows);
  g_array_unref (side->values);
  g_array_unref (side->cases);
  g_array_unref (side->means);
  g_free (side->name);
  g_free (side);
}

static void
summary_clear (Summary *s)
{
  g_clear_pointer (&s->spec, vs_eval_spec_free);
  g_clear_pointer (&s->expected, g_hash_table_unref);
  g_clear_pointer (&s->sides, g_ptr_array_unref);
}

static char *
label_of (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));

  return g_utf8_casefold (copy, -1);
}

/* clang-format off */
#define RESULTS_SQL \
  "SELECT r.contender_id, r.case_ordinal, r.sample_index, r.state, r.latency_ms," \
  " r.prompt_tokens, r.completion_tokens, r.cost, r.output," \
  " (SELECT min(pass) FROM scores WHERE result_id = r.id)," \
  " (SELECT json_group_object(metric, value) FROM scores WHERE result_id = r.id)," \
  " r.error, r.cached," \
  " " VS_SNAPSHOT_DATA_SQL ("s", "r.record_id") \
  " FROM results r JOIN contenders c ON c.id = r.contender_id" \
  " LEFT JOIN runs ON runs.id = r.run_id" \
  " LEFT JOIN snapshots s ON s.id = runs.snapshot_id" \
  " WHERE r.run_id = ?1 ORDER BY c.position, r.case_ordinal, r.sample_index"
/* clang-format on */

static double
column_double (sqlite3_stmt *stmt,
               int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? NAN
                                                           : sqlite3_column_double (stmt, column);
}

static VsEvalSpec *
load_spec (VsProject  *project,
           gint64      run_id,
           GError    **error)
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

static char *
expected_of (VsEvalSpec *spec,
             const char *example)
{
  g_autoptr(JsonNode) node = NULL;

  if (spec->expected == NULL || example == NULL)
    return NULL;
  node = vs_json_parse (example, -1, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return vs_eval_spec_case_expected (spec, json_node_get_object (node));
}

/* How many results a contender has, so its arrays are allocated once at their size. */
static guint
count_results (VsProject *project,
               gint64     contender_id)
{
  g_autoptr(sqlite3_stmt) stmt = _vs_project_prepare (project,
                                                      "SELECT count(*) FROM results"
                                                      " WHERE contender_id = ?1", NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, contender_id);
  return sqlite3_step (stmt) == SQLITE_ROW ? (guint) sqlite3_column_int64 (stmt, 0) : 0;
}

static gboolean
summary_load (Summary     *s,
              VsProject   *project,
              gint64       run_id,
              VsRunInfo   *info,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree char **names = NULL;
  int rc;

  s->spec = load_spec (project, run_id, error);
  if (s->spec == NULL)
    return FALSE;
  s->n_metrics = s->spec->metrics->len;
  s->label_metric = -1;
  names = g_new0 (char *, MAX (s->n_metrics, 1));
  for (guint i = 0; i < s->n_metrics; i++)
    {
      VsEvalMetric *m = g_ptr_array_index (s->spec->metrics, i);

      names[i] = m->name;
      if (m->type == VS_EVAL_METRIC_LABEL && s->label_metric < 0)
        s->label_metric = (gint) i;
    }
  s->expected = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  s->sides = g_ptr_array_new_with_free_func (side_free);
  for (guint i = 0; i < info->contenders->len; i++)
    {
      VsContenderInfo *c = g_ptr_array_index (info->contenders, i);
      VsEvalContender *sc = i < s->spec->contenders->len
                            ? g_ptr_array_index (s->spec->contenders, i) : NULL;
      Side *side = g_new0 (Side, 1);
      guint n_rows;

      side->id = c->id;
      side->name = g_strdup (c->label);
      side->training_cost = sc ? sc->training_cost_usd : NAN;
      n_rows = count_results (project, c->id);
      side->rows = g_array_sized_new (FALSE, TRUE, sizeof (Row), n_rows);
      side->values = g_array_sized_new (FALSE, FALSE, sizeof (double),
                                        n_rows * MAX (s->n_metrics, 1));
      side->cases = g_array_sized_new (FALSE, TRUE, sizeof (CaseAgg), n_rows);
      side->means = g_array_new (FALSE, FALSE, sizeof (double));
      g_ptr_array_add (s->sides, side);
      g_hash_table_insert (by_id, &side->id, side);
    }

  stmt = _vs_project_prepare (project, RESULTS_SQL, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 contender_id = sqlite3_column_int64 (stmt, 0);
      Side *side = g_hash_table_lookup (by_id, &contender_id);
      const char *scores = (const char *) sqlite3_column_text (stmt, 10);
      Row row = { 0 };
      double *values;

      if (side == NULL)
        continue;
      row.ordinal = sqlite3_column_int64 (stmt, 1);
      row.error = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), "ok") != 0;
      row.pass = sqlite3_column_type (stmt, 9) == SQLITE_NULL || sqlite3_column_int (stmt, 9) != 0;
      row.latency = column_double (stmt, 4);
      row.prompt_tokens = sqlite3_column_type (stmt, 5) == SQLITE_NULL
                          ? 0 : sqlite3_column_int64 (stmt, 5);
      row.completion_tokens = sqlite3_column_type (stmt, 6) == SQLITE_NULL
                              ? 0 : sqlite3_column_int64 (stmt, 6);
      row.cost = column_double (stmt, 7);
      g_array_set_size (side->values, side->values->len + s->n_metrics);
      values = (double *) side->values->data + side->values->len - s->n_metrics;
      for (guint i = 0; i < s->n_metrics; i++)
        values[i] = NAN;
      if (scores != NULL && s->n_metrics > 0)
        {
          g_autoptr(JsonObject) object = vs_json_parse_object (scores, -1, NULL);

          for (guint i = 0; object != NULL && i < s->n_metrics; i++)
            {
              JsonNode *v = json_object_get_member (object, names[i]);

              if (v != NULL && (json_node_get_value_type (v) == G_TYPE_DOUBLE ||
                                json_node_get_value_type (v) == G_TYPE_INT64))
                values[i] = json_node_get_double (v);
            }
        }
      if (s->label_metric >= 0 && !row.error)
        {
          row.predicted = label_of ((const char *) sqlite3_column_text (stmt, 8));
          if (!g_hash_table_contains (s->expected, &row.ordinal))
            {
              g_autofree char *expected =
                expected_of (s->spec, (const char *) sqlite3_column_text (stmt, 13));

              g_hash_table_insert (s->expected, g_memdup2 (&row.ordinal, sizeof (gint64)),
                                   label_of (expected));
            }
        }
      g_array_append_val (side->rows, row);
    }
  if (rc != SQLITE_DONE)
    return vs_project_set_error_from_db (project, error);

  /* Per case, over repeats. */
  for (guint k = 0; k < s->sides->len; k++)
    {
      Side *side = g_ptr_array_index (s->sides, k);

      /* Sized for every row (results may have arrived since they were counted) and never
       * grown past it: the cases' pointers into it stay valid. */
      g_array_unref (side->means);
      side->means = g_array_sized_new (FALSE, FALSE, sizeof (double),
                                       side->rows->len * MAX (s->n_metrics, 1) + 1);
      for (guint i = 0; i < side->rows->len;)
        {
          Row *first = &g_array_index (side->rows, Row, i);
          CaseAgg agg = { 0 };
          g_autofree double *sums = g_new0 (double, MAX (s->n_metrics, 1));
          g_autofree guint *counts = g_new0 (guint, MAX (s->n_metrics, 1));
          double latency_sum = 0;
          guint latency_n = 0, j;

          agg.ordinal = first->ordinal;
          for (j = i; j < side->rows->len; j++)
            {
              Row *row = &g_array_index (side->rows, Row, j);

              if (row->ordinal != agg.ordinal)
                break;
              if (row->error)
                {
                  agg.n_error++;
                  continue;
                }
              if (row->pass)
                agg.n_pass++;
              else
                agg.n_fail++;
              if (!isnan (row->latency))
                {
                  latency_sum += row->latency;
                  latency_n++;
                }
              for (guint m = 0; m < s->n_metrics; m++)
                if (!isnan (ROW_VALUE (s, side, j, m)))
                  {
                    sums[m] += ROW_VALUE (s, side, j, m);
                    counts[m]++;
                  }
            }
          agg.latency = latency_n ? latency_sum / latency_n : NAN;
          g_array_set_size (side->means, side->means->len + s->n_metrics);
          agg.means = (double *) side->means->data + side->means->len - s->n_metrics;
          for (guint m = 0; m < s->n_metrics; m++)
            agg.means[m] = counts[m] ? sums[m] / counts[m] : NAN;
          g_array_append_val (side->cases, agg);
          i = j;
        }
    }
  return TRUE;
}

/* JSON helpers */

static void
set_number (JsonObject *object,
            const char *member,
            double      value)
{
  if (isnan (value) || isinf (value))
    json_object_set_null_member (object, member);
  else
    json_object_set_double_member (object, member, value);
}

static JsonArray *
interval_array (double lower,
                double upper,
                gboolean ok)
{
  JsonArray *array = json_array_new ();

  if (ok && !isnan (lower) && !isnan (upper))
    {
      json_array_add_double_element (array, lower);
      json_array_add_double_element (array, upper);
    }
  else
    {
      json_array_add_null_element (array);
      json_array_add_null_element (array);
    }
  return array;
}

static double
per_request_cost (Side *side)
{
  double sum = 0;
  guint n = 0;

  for (guint i = 0; i < side->rows->len; i++)
    {
      Row *row = &g_array_index (side->rows, Row, i);

      if (!isnan (row->cost))
        {
          sum += row->cost;
          n++;
        }
    }
  return n ? sum / n : NAN;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static JsonObject *
labels_json (Summary *s,
             Side    *side)
{
  JsonObject *labels = json_object_new ();
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) classes = g_ptr_array_new ();
  g_autofree guint64 *matrix = NULL;
  JsonArray *classes_json = json_array_new ();
  JsonArray *matrix_json = json_array_new ();
  JsonObject *per_class = json_object_new ();
  double f1_sum = 0;
  guint n;

  for (guint i = 0; i < side->rows->len; i++)
    {
      Row *row = &g_array_index (side->rows, Row, i);
      const char *expected;

      if (row->error || row->predicted == NULL)
        continue;
      expected = g_hash_table_lookup (s->expected, &row->ordinal);
      if (expected != NULL && !g_hash_table_contains (index, expected))
        g_hash_table_add (index, (gpointer) expected);
      if (!g_hash_table_contains (index, row->predicted))
        g_hash_table_add (index, row->predicted);
    }
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, index);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_ptr_array_add (classes, key);
    g_ptr_array_sort (classes, compare_strings);
    g_hash_table_remove_all (index);
    g_hash_table_unref (g_steal_pointer (&index));
    index = g_hash_table_new (g_str_hash, g_str_equal);
    for (guint i = 0; i < classes->len; i++)
      g_hash_table_insert (index, classes->pdata[i], GUINT_TO_POINTER (i + 1));
  }
  n = classes->len;
  matrix = g_new0 (guint64, MAX (n * n, 1));
  for (guint i = 0; i < side->rows->len; i++)
    {
      Row *row = &g_array_index (side->rows, Row, i);
      const char *expected;
      guint e, p;

      if (row->error || row->predicted == NULL)
        continue;
      expected = g_hash_table_lookup (s->expected, &row->ordinal);
      e = GPOINTER_TO_UINT (g_hash_table_lookup (index, expected ? expected : ""));
      p = GPOINTER_TO_UINT (g_hash_table_lookup (index, row->predicted));
      if (e == 0 || p == 0)
        continue;
      matrix[(e - 1) * n + (p - 1)]++;
    }
  for (guint c = 0; c < n; c++)
    {
      JsonArray *line = json_array_new ();
      JsonObject *stats = json_object_new ();
      guint64 tp = matrix[c * n + c], support = 0, predicted = 0;
      double precision, recall, f1;

      json_array_add_string_element (classes_json, classes->pdata[c]);
      for (guint k = 0; k < n; k++)
        {
          json_array_add_int_element (line, (gint64) matrix[c * n + k]);
          support += matrix[c * n + k];
          predicted += matrix[k * n + c];
        }
      json_array_add_array_element (matrix_json, line);
      precision = predicted ? (double) tp / predicted : 0;
      recall = support ? (double) tp / support : 0;
      f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
      f1_sum += f1;
      set_number (stats, "precision", precision);
      set_number (stats, "recall", recall);
      set_number (stats, "f1", f1);
      json_object_set_int_member (stats, "support", (gint64) support);
      json_object_set_object_member (per_class, classes->pdata[c], stats);
    }
  json_object_set_array_member (labels, "classes", classes_json);
  json_object_set_array_member (labels, "matrix", matrix_json);
  json_object_set_object_member (labels, "per_class", per_class);
  set_number (labels, "macro_f1", n ? f1_sum / n : NAN);
  return labels;
}

static JsonObject *
contender_json (Summary  *s,
                Side     *side,
                Side     *baseline,
                gboolean  with_cases)
{
  JsonObject *o = json_object_new ();
  JsonObject *metrics = json_object_new ();
  JsonObject *latency = json_object_new ();
  JsonObject *tokens = json_object_new ();
  guint64 passed = 0, failed = 0, errors = 0, unstable = 0;
  gint64 prompt = 0, completion = 0;
  double cost = 0, latency_sum = 0;
  guint cost_n = 0;
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree double *values = g_new (double, MAX (side->rows->len, 1));
  VsStatsInterval ci;
  gboolean ok;

  for (guint i = 0; i < side->rows->len; i++)
    {
      Row *row = &g_array_index (side->rows, Row, i);

      prompt += row->prompt_tokens;
      completion += row->completion_tokens;
      if (!isnan (row->cost))
        {
          cost += row->cost;
          cost_n++;
        }
      if (row->error)
        {
          errors++;
          continue;
        }
      if (row->pass)
        passed++;
      else
        failed++;
      if (!isnan (row->latency))
        {
          g_array_append_val (latencies, row->latency);
          latency_sum += row->latency;
        }
    }
  for (guint i = 0; i < side->cases->len; i++)
    {
      CaseAgg *agg = &g_array_index (side->cases, CaseAgg, i);

      if (agg->n_pass > 0 && agg->n_fail > 0)
        unstable++;
    }

  json_object_set_string_member (o, "name", side->name);
  json_object_set_int_member (o, "cases", side->cases->len);
  json_object_set_int_member (o, "trials", side->rows->len);
  json_object_set_int_member (o, "passed", (gint64) passed);
  json_object_set_int_member (o, "failed", (gint64) failed);
  json_object_set_int_member (o, "errors", (gint64) errors);
  ok = vs_stats_wilson_confidence (passed, passed + failed, 0.95, &ci);
  set_number (o, "pass_rate", ok ? ci.estimate : NAN);
  json_object_set_array_member (o, "pass_rate_ci", interval_array (ci.lower, ci.upper, ok));
  set_number (o, "error_rate", side->rows->len ? (double) errors / side->rows->len : NAN);
  json_object_set_int_member (o, "unstable_cases", (gint64) unstable);

  for (guint m = 0; m < s->n_metrics; m++)
    {
      VsEvalMetric *metric = g_ptr_array_index (s->spec->metrics, m);
      JsonObject *entry;
      gsize n = 0;

      if (!vs_eval_metric_is_scored (metric))
        continue;
      for (guint i = 0; i < side->rows->len; i++)
        {
          Row *row = &g_array_index (side->rows, Row, i);

          if (!row->error && !isnan (ROW_VALUE (s, side, i, m)))
            values[n++] = ROW_VALUE (s, side, i, m);
        }
      entry = json_object_new ();
      ok = vs_stats_bootstrap_mean (values, n, VS_EVAL_BOOTSTRAP_RESAMPLES, 0.95,
                                    VS_EVAL_BOOTSTRAP_SEED + m, &ci);
      set_number (entry, "mean", ok ? ci.estimate : NAN);
      json_object_set_array_member (entry, "ci", interval_array (ci.lower, ci.upper, ok));
      json_object_set_object_member (metrics, metric->name, entry);
    }
  json_object_set_object_member (o, "metrics", metrics);
  if (s->label_metric >= 0)
    json_object_set_object_member (o, "labels", labels_json (s, side));

  vs_stats_sort ((double *) latencies->data, latencies->len);
  set_number (latency, "mean", latencies->len ? latency_sum / latencies->len : NAN);
  set_number (latency, "p50", vs_stats_quantile_sorted ((double *) latencies->data,
                                                        latencies->len, 0.5));
  set_number (latency, "p95", vs_stats_quantile_sorted ((double *) latencies->data,
                                                        latencies->len, 0.95));
  json_object_set_object_member (o, "latency_ms", latency);
  json_object_set_int_member (tokens, "prompt", prompt);
  json_object_set_int_member (tokens, "completion", completion);
  json_object_set_object_member (o, "tokens", tokens);
  set_number (o, "cost_usd", cost);
  set_number (o, "cost_per_1k_usd", cost_n ? cost / cost_n * 1000 : NAN);
  {
    double breakeven = NAN;

    if (!isnan (side->training_cost) && baseline != NULL && baseline != side)
      {
        double saving = per_request_cost (baseline) - per_request_cost (side);

        if (saving > 0)
          breakeven = ceil (side->training_cost / saving);
      }
    set_number (o, "breakeven_requests", breakeven);
  }

  if (with_cases)
    {
      JsonArray *cases = json_array_new ();

      for (guint i = 0; i < side->cases->len; i++)
        {
          CaseAgg *agg = &g_array_index (side->cases, CaseAgg, i);
          JsonObject *c = json_object_new ();
          JsonObject *scores = json_object_new ();

          json_object_set_int_member (c, "case", agg->ordinal);
          json_object_set_int_member (c, "passed", agg->n_pass);
          json_object_set_int_member (c, "failed", agg->n_fail);
          json_object_set_int_member (c, "errors", agg->n_error);
          set_number (c, "latency_ms", agg->latency);
          for (guint m = 0; m < s->n_metrics; m++)
            set_number (scores, ((VsEvalMetric *) g_ptr_array_index (s->spec->metrics, m))->name,
                        agg->means[m]);
          json_object_set_object_member (c, "scores", scores);
          json_array_add_object_element (cases, c);
        }
      json_object_set_array_member (o, "per_case", cases);
    }
  return o;
}

static JsonObject *
pair_json (Summary *s,
           Side    *a,
           Side    *b)
{
  JsonObject *o = json_object_new ();
  JsonObject *diffs = json_object_new ();
  guint n_max = MIN (a->cases->len, b->cases->len);
  g_autofree double *pa = g_new (double, MAX (n_max, 1));
  g_autofree double *pb = g_new (double, MAX (n_max, 1));
  g_autofree CaseAgg **ca = g_new (CaseAgg *, MAX (n_max, 1));
  g_autofree CaseAgg **cb = g_new (CaseAgg *, MAX (n_max, 1));
  guint64 a_only = 0, b_only = 0, both = 0, neither = 0, excluded = 0;
  guint n = 0, i = 0, j = 0;
  VsStatsInterval ci;
  gboolean ok;

  /* Cases both answered, matched by ordinal (both lists are in case order). */
  while (i < a->cases->len && j < b->cases->len)
    {
      CaseAgg *x = &g_array_index (a->cases, CaseAgg, i);
      CaseAgg *y = &g_array_index (b->cases, CaseAgg, j);
      gboolean pass_a, pass_b;

      if (x->ordinal < y->ordinal)
        {
          i++;
          continue;
        }
      if (y->ordinal < x->ordinal)
        {
          j++;
          continue;
        }
      i++;
      j++;
      if (x->n_error > 0 || y->n_error > 0 || x->n_pass + x->n_fail == 0 ||
          y->n_pass + y->n_fail == 0)
        {
          excluded++;
          continue;
        }
      pass_a = 2 * x->n_pass > x->n_pass + x->n_fail;
      pass_b = 2 * y->n_pass > y->n_pass + y->n_fail;
      if (pass_a && pass_b)
        both++;
      else if (pass_a)
        a_only++;
      else if (pass_b)
        b_only++;
      else
        neither++;
      pa[n] = pass_a;
      pb[n] = pass_b;
      ca[n] = x;
      cb[n] = y;
      n++;
    }

  json_object_set_string_member (o, "a", a->name);
  json_object_set_string_member (o, "b", b->name);
  json_object_set_int_member (o, "cases", n);
  json_object_set_int_member (o, "excluded", (gint64) excluded);
  json_object_set_int_member (o, "a_only", (gint64) a_only);
  json_object_set_int_member (o, "b_only", (gint64) b_only);
  json_object_set_int_member (o, "both", (gint64) both);
  json_object_set_int_member (o, "neither", (gint64) neither);
  set_number (o, "mcnemar_p", vs_stats_mcnemar_exact (a_only, b_only));
  /* b − a: the bootstrap's difference is first − second. */
  ok = vs_stats_bootstrap_paired_mean_difference (pb, pa, n, VS_EVAL_BOOTSTRAP_RESAMPLES, 0.95,
                                                  VS_EVAL_BOOTSTRAP_SEED, &ci);
  set_number (o, "pass_rate_diff", ok ? ci.estimate : NAN);
  json_object_set_array_member (o, "pass_rate_diff_ci", interval_array (ci.lower, ci.upper, ok));
  for (guint m = 0; m < s->n_metrics; m++)
    {
      VsEvalMetric *metric = g_ptr_array_index (s->spec->metrics, m);
      JsonObject *entry;

      if (!vs_eval_metric_is_scored (metric))
        continue;
      for (guint k = 0; k < n; k++)
        {
          pa[k] = ca[k]->means[m];
          pb[k] = cb[k]->means[m];
        }
      ok = vs_stats_bootstrap_paired_mean_difference (pb, pa, n, VS_EVAL_BOOTSTRAP_RESAMPLES,
                                                      0.95, VS_EVAL_BOOTSTRAP_SEED + 1 + m, &ci);
      entry = json_object_new ();
      set_number (entry, "diff", ok ? ci.estimate : NAN);
      json_object_set_array_member (entry, "ci", interval_array (ci.lower, ci.upper, ok));
      json_object_set_object_member (diffs, metric->name, entry);
    }
  json_object_set_object_member (o, "metric_diffs", diffs);
  return o;
}

JsonNode *
vs_eval_summary_build (VsProject  *project,
                       gint64      run_id,
                       gboolean    with_cases,
                       GError    **error)
{
  g_autoptr(VsRunInfo) info = NULL;
  Summary s = { 0 };
  JsonObject *root;
  JsonArray *contenders, *pairs;
  JsonNode *node;
  Side *baseline = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  info = vs_run_store_get (project, run_id, error);
  if (info == NULL)
    return NULL;
  if (!summary_load (&s, project, run_id, info, error))
    {
      summary_clear (&s);
      return NULL;
    }
  for (guint i = 0; i < s.sides->len && baseline == NULL; i++)
    {
      Side *side = g_ptr_array_index (s.sides, i);

      if (isnan (side->training_cost))
        baseline = side;
    }

  root = json_object_new ();
  contenders = json_array_new ();
  pairs = json_array_new ();
  json_object_set_string_member (root, "run", info->name);
  if (info->snapshot_id > 0)
    json_object_set_int_member (root, "snapshot_id", info->snapshot_id);
  else
    json_object_set_null_member (root, "snapshot_id");
  json_object_set_string_member (root, "snapshot", info->snapshot_name);
  for (guint i = 0; i < s.sides->len; i++)
    json_array_add_object_element (contenders,
                                   contender_json (&s, g_ptr_array_index (s.sides, i), baseline,
                                                   with_cases));
  for (guint i = 0; i < s.sides->len; i++)
    for (guint j = i + 1; j < s.sides->len; j++)
      json_array_add_object_element (pairs, pair_json (&s, g_ptr_array_index (s.sides, i),
                                                       g_ptr_array_index (s.sides, j)));
  json_object_set_array_member (root, "contenders", contenders);
  json_object_set_array_member (root, "pairs", pairs);
  summary_clear (&s);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, root);
  return node;
}

/* Export */

static void
csv_field (GString    *out,
           const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static char *
number_text (double value)
{
  return isnan (value) ? NULL : vs_json_format_double (value);
}

gboolean
vs_eval_export (VsProject   *project,
                gint64       run_id,
                const char  *path,
                GError     **error)
{
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) labels = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GPtrArray) contenders = NULL;
  gboolean csv = g_str_has_suffix (path, ".csv") || g_str_has_suffix (path, ".CSV");
  FILE *file;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);

  spec = load_spec (project, run_id, error);
  if (spec == NULL)
    return FALSE;
  contenders = vs_run_store_list_contenders (project, run_id, error);
  if (contenders == NULL)
    return FALSE;
  for (guint i = 0; i < contenders->len; i++)
    {
      VsContenderInfo *c = g_ptr_array_index (contenders, i);
      g_hash_table_insert (labels, &c->id, c->label);
    }
  stmt = _vs_project_prepare (project, RESULTS_SQL, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  file = fopen (path, "w");
  if (file == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  if (csv)
    {
      g_string_assign (line, "contender,case,repeat,vars,expected,output,passed,error");
      for (guint m = 0; m < spec->metrics->len; m++)
        {
          VsEvalMetric *metric = g_ptr_array_index (spec->metrics, m);
          g_autofree char *name = g_strconcat ("scores.", metric->name, NULL);
          g_string_append_c (line, ',');
          csv_field (line, name);
        }
      g_string_append (line, ",latency_ms,prompt_tokens,completion_tokens,cost_usd,cached\n");
      fputs (line->str, file);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 contender_id = sqlite3_column_int64 (stmt, 0);
      const char *state = (const char *) sqlite3_column_text (stmt, 3);
      const char *example = (const char *) sqlite3_column_text (stmt, 13);
      const char *scores_text = (const char *) sqlite3_column_text (stmt, 10);
      gboolean is_error = g_strcmp0 (state, "ok") != 0;
      gboolean passed = sqlite3_column_type (stmt, 9) == SQLITE_NULL ||
                        sqlite3_column_int (stmt, 9) != 0;
      g_autoptr(JsonObject) scores = scores_text ? vs_json_parse_object (scores_text, -1, NULL)
                                                 : NULL;
      g_autoptr(JsonNode) example_node = example ? vs_json_parse (example, -1, NULL) : NULL;
      g_autoptr(JsonObject) vars =
        vs_eval_spec_case_vars (spec, example_node && JSON_NODE_HOLDS_OBJECT (example_node)
                                        ? json_node_get_object (example_node) : NULL);
      g_autoptr(JsonNode) vars_node = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *expected = expected_of (spec, example);
      g_autoptr(JsonObject) record = json_object_new ();
      g_autoptr(JsonNode) record_node = json_node_new (JSON_NODE_OBJECT);
      const char *error_text = (const char *) sqlite3_column_text (stmt, 11);
      double latency = column_double (stmt, 4), cost = column_double (stmt, 7);

      json_node_set_object (vars_node, vars);
      g_string_truncate (line, 0);
      if (csv)
        {
          g_autofree char *vars_text = vs_json_to_string (vars_node, FALSE);
          g_autofree char *lat = number_text (latency);
          g_autofree char *c = number_text (cost);

          csv_field (line, g_hash_table_lookup (labels, &contender_id));
          g_string_append_printf (line, ",%" G_GINT64_FORMAT ",%d,",
                                  (gint64) sqlite3_column_int64 (stmt, 1),
                                  sqlite3_column_int (stmt, 2));
          csv_field (line, vars_text);
          g_string_append_c (line, ',');
          csv_field (line, expected);
          g_string_append_c (line, ',');
          csv_field (line, (const char *) sqlite3_column_text (stmt, 8));
          g_string_append_c (line, ',');
          if (!is_error)
            g_string_append (line, passed ? "true" : "false");
          g_string_append_c (line, ',');
          csv_field (line, is_error ? (error_text ? error_text : "error") : NULL);
          for (guint m = 0; m < spec->metrics->len; m++)
            {
              VsEvalMetric *metric = g_ptr_array_index (spec->metrics, m);
              JsonNode *v = scores ? json_object_get_member (scores, metric->name) : NULL;

              g_string_append_c (line, ',');
              if (v != NULL && !JSON_NODE_HOLDS_NULL (v))
                {
                  g_autofree char *t = vs_json_format_double (json_node_get_double (v));
                  g_string_append (line, t);
                }
            }
          g_string_append_printf (line, ",%s,", lat ? lat : "");
          if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
            g_string_append_printf (line, "%" G_GINT64_FORMAT,
                                    (gint64) sqlite3_column_int64 (stmt, 5));
          g_string_append_c (line, ',');
          if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
            g_string_append_printf (line, "%" G_GINT64_FORMAT,
                                    (gint64) sqlite3_column_int64 (stmt, 6));
          g_string_append_printf (line, ",%s,%s\n", c ? c : "",
                                  sqlite3_column_int (stmt, 12) ? "true" : "false");
          fputs (line->str, file);
          continue;
        }
      json_object_set_string_member (record, "contender", g_hash_table_lookup (labels,
                                                                               &contender_id));
      json_object_set_int_member (record, "case", sqlite3_column_int64 (stmt, 1));
      json_object_set_int_member (record, "repeat", sqlite3_column_int (stmt, 2));
      json_object_set_object_member (record, "vars", json_object_ref (vars));
      if (expected)
        json_object_set_string_member (record, "expected", expected);
      else
        json_object_set_null_member (record, "expected");
      if (sqlite3_column_type (stmt, 8) != SQLITE_NULL)
        json_object_set_string_member (record, "output",
                                       (const char *) sqlite3_column_text (stmt, 8));
      else
        json_object_set_null_member (record, "output");
      if (is_error)
        {
          json_object_set_null_member (record, "passed");
          json_object_set_string_member (record, "error", error_text ? error_text : "error");
        }
      else
        {
          json_object_set_boolean_member (record, "passed", passed);
          json_object_set_null_member (record, "error");
        }
      json_object_set_object_member (record, "scores",
                                     scores ? json_object_ref (scores) : json_object_new ());
      set_number (record, "latency_ms", latency);
      if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
        json_object_set_int_member (record, "prompt_tokens", sqlite3_column_int64 (stmt, 5));
      else
        json_object_set_null_member (record, "prompt_tokens");
      if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
        json_object_set_int_member (record, "completion_tokens",
                                    sqlite3_column_int64 (stmt, 6));
      else
        json_object_set_null_member (record, "completion_tokens");
      set_number (record, "cost_usd", cost);
      json_object_set_boolean_member (record, "cached", sqlite3_column_int (stmt, 12) != 0);
      json_node_set_object (record_node, record);
      {
        g_autofree char *text = vs_json_to_string (record_node, FALSE);
        fputs (text, file);
        fputc ('\n', file);
      }
    }
  if (fclose (file) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return vs_project_set_error_from_db (project, error);
  return TRUE;
}
