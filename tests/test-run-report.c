/* test-run-report.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a finished run says to people: the chart specs of each kind (and the reason drawn in
 * place of a chart without data), the decision paragraph and summary cards for significant,
 * not significant, too few cases and one contender, and the PDF and HTML reports (page count
 * and text through pdftotext, no external reference, unique SVG ids, progress and
 * cancellation). Runs are recorded through a project bundle with known outcomes
 * (tests/support/vs-test-run.h).
 */
#include "config.h"

#define _GNU_SOURCE 1

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "vs-chart-render.h"
#include "vs-error.h"
#include "vs-eval-decision.h"
#include "vs-report.h"
#include "vs-run-charts.h"
#include "vs-run-data.h"
#include "vs-test-run.h"
#include "vs-test-util.h"

typedef struct
{
  char      *dir;
  VsProject *project;
  VsRunData *data;
} Run;

static void
run_load (Run                    *run,
          const VsTestRunOptions *options)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  run->project = vs_test_run_project (options, &run->dir, &id);
  run->data = vs_run_data_load (run->project, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (run->data);
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->data, vs_run_data_unref);
  g_clear_object (&run->project);
  g_clear_pointer (&run->dir, vs_test_tmpdir_free);
}

/* Outcome patterns */

/* Contender 0 passes half the cases; the others pass all but every tenth. */
static gboolean
passes_better (guint    contender,
               guint    index,
               gpointer data)
{
  return contender == 0 ? index % 2 == 0 : index % 10 != 9;
}

/* The reverse: the baseline is the better one. */
static gboolean
passes_worse (guint    contender,
              guint    index,
              gpointer data)
{
  return passes_better (contender == 0 ? 1 : 0, index, data);
}

/* Both pass the same cases but three (one for the first, two for the second). */
static gboolean
passes_same (guint    contender,
             guint    index,
             gpointer data)
{
  if (index == 3)
    return contender == 0;
  if (index == 4 || index == 5)
    return contender != 0;
  return index % 3 != 0;
}

/* The full run: label and scored metric, prices, a training cost. */
static const VsTestRunOptions full_options = {
  .n_cases = 60, .n_contenders = 3, .passes = passes_better, .label_metric = TRUE,
  .scored_metric = TRUE, .prices = TRUE, .training_cost = 5.0,
};

static char *
render_message (VsChartSpec *spec)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 720, 450);
  cairo_t *cr = cairo_create (surface);
  VsChartGeometry geometry = { 0 };
  char *message;

  vs_chart_render_full (spec, cr, 720, 450, NULL, &geometry);
  message = g_strdup (geometry.message);
  g_assert_false (geometry.has_plot && vs_chart_spec_get_n_series (spec) == 0);
  vs_chart_geometry_clear (&geometry);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return message;
}

static void
test_data (void)
{
  Run run = { 0 };
  VsRunContender *base, *tuned;

  run_load (&run, &full_options);
  g_assert_cmpint (run.data->n_cases, ==, 60);
  g_assert_cmpuint (vs_run_data_get_n_contenders (run.data), ==, 3);
  base = vs_run_data_get_contender (run.data, 0);
  tuned = vs_run_data_get_contender (run.data, 1);
  g_assert_cmpstr (base->name, ==, "Base + prompt");
  g_assert_true (base->priced);
  g_assert_cmpfloat_with_epsilon (base->pass_rate, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (tuned->pass_rate, 0.9, 1e-9);
  /* 400 × $1 + 2 × $2 per million tokens. */
  g_assert_cmpfloat_with_epsilon (base->cost_per_request, 404e-6, 1e-12);
  g_assert_cmpfloat_with_epsilon (tuned->cost_per_request, 96e-6, 1e-12);
  g_assert_true (isnan (base->training_cost));
  g_assert_cmpfloat (tuned->training_cost, ==, 5.0);
  g_assert_nonnull (tuned->training_source);
  g_assert_cmpint (vs_run_data_find_contender (run.data, "Tuned"), ==, 1);
  g_assert_cmpint (vs_run_data_find_contender (run.data, "Nobody"), ==, -1);
  g_assert_cmpint (vs_run_data_find_run (run.project, VS_TEST_RUN_NAME, NULL), >, 0);
  {
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, run.data->run->id);
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (vs_run_data_find_run (run.project, id, NULL), ==, run.data->run->id);
    g_assert_cmpint (vs_run_data_find_run (run.project, "no such run", &error), ==, 0);
    g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  }
  run_clear (&run);
}

static void
test_charts (void)
{
  Run run = { 0 };
  guint n_kinds;
  const VsChartKind *kinds = vs_run_chart_kinds (&n_kinds);

  run_load (&run, &full_options);
  g_assert_cmpuint (n_kinds, ==, 6);
  for (guint i = 0; i < n_kinds; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VsChartSpec) spec = vs_run_chart_build (run.data, kinds[i], NULL, &error);
      g_autofree char *text = NULL;
      g_autofree char *message = NULL;

      g_assert_no_error (error);
      g_test_message ("%s", vs_chart_kind_to_string (kinds[i]));
      g_assert_cmpint (vs_chart_spec_get_kind (spec), ==, kinds[i]);
      g_assert_true (vs_chart_spec_validate (spec, NULL));
      g_assert_cmpuint (vs_chart_spec_get_n_series (spec), >, 0);
      g_assert_nonnull (vs_chart_spec_get_title (spec));
      g_assert_true (strstr (vs_chart_spec_get_subtitle (spec), VS_TEST_RUN_NAME) != NULL);
      text = vs_chart_describe (spec);
      g_assert_cmpuint (strlen (text), >, 40);
      message = render_message (spec);
      if (message != NULL)
        g_test_message ("drawn note: %s", message);
      /* Notes about the data are fine (the one-trial paired scatter explains its corners);
       * a chart of this run never draws a reason instead of its data. */
      g_assert_null (vs_chart_spec_get_message (spec) == NULL ? message : NULL);
    }

  /* Bars: pass rate and token F1 per contender, with the summary's intervals. */
  {
    g_autoptr(VsChartSpec) spec = vs_run_chart_build (run.data, VS_CHART_KIND_BARS, NULL, NULL);
    VsChartSeries *tuned = vs_chart_spec_get_series (spec, 1);

    g_assert_cmpuint (vs_chart_spec_get_n_categories (spec), ==, 2);
    g_assert_cmpuint (vs_chart_spec_get_n_series (spec), ==, 3);
    g_assert_true (vs_chart_series_has_interval (tuned));
    g_assert_cmpfloat_with_epsilon (vs_chart_series_get_y (tuned, 0), 0.9, 1e-9);
    g_assert_cmpfloat (g_array_index (tuned->lower, double, 0), <, 0.9);
    g_assert_cmpfloat (g_array_index (tuned->upper, double, 0), >, 0.9);
  }
  /* Paired scatter: one point per case, each with its case. */
  {
    g_autoptr(VsChartSpec) spec = vs_run_chart_build (run.data, VS_CHART_KIND_PAIRED_SCATTER,
                                                      NULL, NULL);
    VsChartSeries *points = vs_chart_spec_get_series (spec, 0);
    g_autofree char *json = vs_chart_spec_to_json (spec, FALSE);
    g_autoptr(VsChartSpec) back = vs_chart_spec_new_from_json (json, -1, NULL);

    g_assert_cmpuint (vs_chart_series_get_length (points), ==, 60);
    g_assert_cmpstr (vs_chart_spec_get_axis (spec, VS_CHART_AXIS_X)->label, ==, "Base + prompt");
    g_assert_cmpstr (vs_chart_spec_get_axis (spec, VS_CHART_AXIS_Y)->label, ==, "Tuned");
    /* Case 2 (index 1): Base fails (odd index), Tuned passes. */
    g_assert_cmpint (vs_run_chart_get_case (spec, 1), ==, 2);
    g_assert_cmpfloat (vs_chart_series_get_x (points, 1), ==, 0);
    g_assert_cmpfloat (vs_chart_series_get_y (points, 1), ==, 1);
    g_assert_cmpint (vs_run_chart_get_case (spec, 60), ==, -1);
    g_assert_nonnull (back);
    g_assert_cmpint (vs_run_chart_get_case (back, 59), ==, 60);
  }
  /* Named contenders and a scored metric. */
  {
    VsRunChartOptions options = { .a = "Tuned + prompt", .b = "Base + prompt",
                                  .metric = "token_f1" };
    g_autoptr(VsChartSpec) spec = vs_run_chart_build (run.data, VS_CHART_KIND_PAIRED_SCATTER,
                                                      &options, NULL);

    g_assert_cmpstr (vs_chart_spec_get_axis (spec, VS_CHART_AXIS_X)->label, ==,
                     "Tuned + prompt");
    g_assert_cmpstr (vs_chart_spec_get_series (spec, 0)->name, ==, "Token F1");
  }
  /* Confusion matrix: five classes, counts add up to the cases. */
  {
    VsRunChartOptions options = { .contender = "Tuned" };
    g_autoptr(VsChartSpec) spec = vs_run_chart_build (run.data, VS_CHART_KIND_CONFUSION,
                                                      &options, NULL);
    double total = 0, diagonal = 0;

    g_assert_cmpuint (vs_chart_spec_get_n_categories (spec), ==, 5);
    for (guint r = 0; r < 5; r++)
      for (guint k = 0; k < 5; k++)
        {
          total += vs_chart_series_get_y (vs_chart_spec_get_series (spec, r), k);
          diagonal += r == k ? vs_chart_series_get_y (vs_chart_spec_get_series (spec, r), k) : 0;
        }
    g_assert_cmpfloat (total, ==, 60);
    g_assert_cmpfloat (diagonal, ==, 54);
    g_assert_true (strstr (vs_chart_spec_get_title (spec), "Tuned") != NULL);
  }
  /* Breakeven: the tuned line starts at its training cost and crosses the base line. */
  {
    g_autoptr(VsChartSpec) spec = vs_run_chart_build (run.data, VS_CHART_KIND_BREAKEVEN, NULL,
                                                      NULL);
    VsChartSeries *tuned = vs_chart_spec_get_series (spec, 1);
    VsChartSeries *base = vs_chart_spec_get_series (spec, 0);
    guint last = vs_chart_series_get_length (base) - 1;

    g_assert_cmpuint (vs_chart_spec_get_n_series (spec), ==, 2);
    g_assert_cmpfloat (vs_chart_series_get_y (tuned, 0), ==, 5.0);
    g_assert_cmpfloat (vs_chart_series_get_y (base, 0), ==, 0);
    g_assert_cmpfloat (vs_chart_series_get_y (base, last), >, vs_chart_series_get_y (tuned, last));
  }
  /* Usage errors, not missing data. */
  {
    VsRunChartOptions bad_contender = { .a = "Nobody" };
    VsRunChartOptions bad_metric = { .metric = "bleu" };
    VsRunChartOptions same = { .a = "Tuned", .b = "Tuned" };
    g_autoptr(GError) error = NULL;

    g_assert_null (vs_run_chart_build (run.data, VS_CHART_KIND_PAIRED_SCATTER, &bad_contender,
                                       &error));
    g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_null (vs_run_chart_build (run.data, VS_CHART_KIND_BARS, &bad_metric, &error));
    g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_null (vs_run_chart_build (run.data, VS_CHART_KIND_PAIRED_SCATTER, &same, &error));
    g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_null (vs_run_chart_build (run.data, VS_CHART_KIND_LOSS, NULL, &error));
    g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  }
  run_clear (&run);
}

/* No prices, no training cost, no label metric, one contender: every chart still builds, with
 * the reason as its message, drawn in the chart area and read out by the description. */
static void
test_charts_without_data (void)
{
  VsTestRunOptions options = { .n_cases = 20, .n_contenders = 1, .passes = passes_better };
  Run run = { 0 };
  struct
  {
    VsChartKind kind;
    const char *words;
  } expect[] = {
    { VS_CHART_KIND_PAIRED_SCATTER, "two contenders" },
    { VS_CHART_KIND_CONFUSION, "no label metric" },
    { VS_CHART_KIND_COST_QUALITY, "No prices" },
    { VS_CHART_KIND_BREAKEVEN, "No prices" },
  };

  run_load (&run, &options);
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VsChartSpec) spec = vs_run_chart_build (run.data, expect[i].kind, NULL, &error);
      g_autofree char *drawn = NULL;
      g_autofree char *text = NULL;
      g_autofree char *json = NULL;
      g_autoptr(VsChartSpec) back = NULL;

      g_assert_no_error (error);
      g_test_message ("%s", vs_chart_kind_to_string (expect[i].kind));
      g_assert_cmpuint (vs_chart_spec_get_n_series (spec), ==, 0);
      g_assert_nonnull (vs_chart_spec_get_message (spec));
      g_assert_true (strstr (vs_chart_spec_get_message (spec), expect[i].words) != NULL);
      drawn = render_message (spec);
      g_assert_cmpstr (drawn, ==, vs_chart_spec_get_message (spec));
      text = vs_chart_describe (spec);
      g_assert_true (strstr (text, vs_chart_spec_get_message (spec)) != NULL);
      /* The reason survives the JSON `eval spec` prints. */
      json = vs_chart_spec_to_json (spec, FALSE);
      back = vs_chart_spec_new_from_json (json, -1, NULL);
      g_assert_cmpstr (vs_chart_spec_get_message (back), ==, vs_chart_spec_get_message (spec));
    }
  /* One contender still has bars and a latency chart. */
  {
    g_autoptr(VsChartSpec) bars = vs_run_chart_build (run.data, VS_CHART_KIND_BARS, NULL, NULL);
    g_autoptr(VsChartSpec) latency = vs_run_chart_build (run.data, VS_CHART_KIND_LATENCY, NULL,
                                                         NULL);

    g_assert_cmpuint (vs_chart_spec_get_n_series (bars), ==, 1);
    g_assert_cmpuint (vs_chart_spec_get_n_series (latency), ==, 1);
  }
  run_clear (&run);

  /* Prices but no training cost: the breakeven says what is missing. */
  options.n_contenders = 2;
  options.prices = TRUE;
  run_load (&run, &options);
  {
    g_autoptr(VsChartSpec) spec = vs_run_chart_build (run.data, VS_CHART_KIND_BREAKEVEN, NULL,
                                                      NULL);
    g_autoptr(VsChartSpec) cost = vs_run_chart_build (run.data, VS_CHART_KIND_COST_QUALITY,
                                                      NULL, NULL);

    g_assert_cmpuint (vs_chart_spec_get_n_series (spec), ==, 0);
    g_assert_true (strstr (vs_chart_spec_get_message (spec), "training cost") != NULL);
    g_assert_cmpuint (vs_chart_spec_get_n_series (cost), ==, 2);
  }
  run_clear (&run);
}

/* Decision */

static void
test_decision_significant (void)
{
  Run run = { 0 };
  VsTestRunOptions options = full_options;
  g_autoptr(VsEvalDecision) d = NULL;

  options.n_contenders = 2;
  run_load (&run, &options);
  d = vs_eval_decision_new (run.data);
  g_test_message ("%s", d->paragraph);
  g_assert_cmpint (d->verdict, ==, VS_EVAL_VERDICT_SIGNIFICANT);
  g_assert_cmpint (d->a, ==, 0);
  g_assert_cmpint (d->b, ==, 1);
  g_assert_cmpint (d->best, ==, 1);
  g_assert_cmpuint (d->n_cases, ==, 60);
  g_assert_cmpfloat_with_epsilon (d->diff, 0.4, 1e-9);
  g_assert_cmpfloat (d->diff_lower, >, 0);
  g_assert_cmpfloat (d->p_value, <, 0.001);
  /* 96 / 404 − 1 */
  g_assert_cmpfloat_with_epsilon (d->cost_change, 96.0 / 404.0 - 1, 1e-9);
  /* 5 / (404 − 96) µ$ */
  g_assert_cmpfloat (d->breakeven_requests, ==, ceil (5.0 / 308e-6));
  g_assert_true (g_str_has_prefix (d->paragraph,
                                   "Tuned passes 40.0 points more cases than Base + prompt "
                                   "(95% CI "));
  g_assert_true (strstr (d->paragraph, "McNemar p < 0.001") != NULL);
  g_assert_true (strstr (d->paragraph, "McNemar p < 0.001) and costs 76% less per request "
                                      "($0.096 per 1,000 requests); its training ($5.00) pays "
                                      "for itself after 16,234 requests.") != NULL);
  g_assert_null (strstr (d->paragraph, "too few"));
  g_assert_cmpstr (d->cards[0].value, ==, "Tuned");
  g_assert_cmpstr (d->cards[1].value, ==, "+40.0 points");
  g_assert_cmpstr (d->cards[2].value, ==, "$0.096");
  g_assert_true (strstr (d->cards[3].value, "ms") != NULL);
  run_clear (&run);
}

/* The baseline leads: it is named first, and the candidate's costs get sentences of their
 * own. */
static void
test_decision_baseline_leads (void)
{
  Run run = { 0 };
  VsTestRunOptions options = full_options;
  g_autoptr(VsEvalDecision) d = NULL;

  options.n_contenders = 2;
  options.passes = passes_worse;
  run_load (&run, &options);
  d = vs_eval_decision_new (run.data);
  g_test_message ("%s", d->paragraph);
  g_assert_cmpint (d->verdict, ==, VS_EVAL_VERDICT_SIGNIFICANT);
  g_assert_cmpint (d->best, ==, 0);
  g_assert_cmpfloat_with_epsilon (d->diff, -0.4, 1e-9);
  g_assert_true (g_str_has_prefix (d->paragraph, "Base + prompt passes 40.0 points more cases "
                                                 "than Tuned (95% CI 28.3 to 53.3; McNemar "
                                                 "p < 0.001). Tuned costs 76% less per "
                                                 "request"));
  g_assert_true (strstr (d->paragraph, ". Its training ($5.00) pays for itself after 16,234 "
                                       "requests.") != NULL);
  g_assert_cmpstr (d->cards[0].value, ==, "Base + prompt");
  g_assert_cmpstr (d->cards[1].value, ==, "−40.0 points");
  run_clear (&run);
}

static void
test_decision_not_significant (void)
{
  VsTestRunOptions options = { .n_cases = 60, .n_contenders = 2, .passes = passes_same,
                               .label_metric = TRUE };
  Run run = { 0 };
  g_autoptr(VsEvalDecision) d = NULL;

  run_load (&run, &options);
  d = vs_eval_decision_new (run.data);
  g_test_message ("%s", d->paragraph);
  g_assert_cmpint (d->verdict, ==, VS_EVAL_VERDICT_NOT_SIGNIFICANT);
  g_assert_cmpfloat (d->p_value, >, 0.05);
  g_assert_true (strstr (d->paragraph, "about as many cases") != NULL);
  g_assert_true (strstr (d->paragraph, "could be chance") != NULL);
  g_assert_true (strstr (d->paragraph, "Neither is shown to be better") != NULL);
  g_assert_null (strstr (d->paragraph, "more cases than"));
  /* No prices: costs are not compared, and the card says so. */
  g_assert_true (strstr (d->paragraph, "Costs cannot be compared") != NULL);
  g_assert_cmpstr (d->cards[0].value, ==, "No clear winner");
  g_assert_cmpstr (d->cards[2].value, ==, "Unknown");
  g_assert_true (isnan (d->cost_change));
  run_clear (&run);
}

static void
test_decision_too_few (void)
{
  VsTestRunOptions options = full_options;
  Run run = { 0 };
  g_autoptr(VsEvalDecision) d = NULL;

  options.n_cases = 12;
  options.n_contenders = 2;
  run_load (&run, &options);
  d = vs_eval_decision_new (run.data);
  g_test_message ("%s", d->paragraph);
  g_assert_cmpint (d->verdict, ==, VS_EVAL_VERDICT_TOO_FEW);
  g_assert_cmpuint (d->n_cases, ==, 12);
  g_assert_true (g_str_has_prefix (d->paragraph, "With only 12 cases, this run cannot tell Tuned "
                                                 "from Base + prompt"));
  g_assert_true (strstr (d->paragraph, "Run more cases before deciding") != NULL);
  g_assert_null (strstr (d->paragraph, "more cases than"));
  g_assert_cmpstr (d->cards[0].value, ==, "No clear winner");
  run_clear (&run);
}

static void
test_decision_one (void)
{
  VsTestRunOptions options = { .n_cases = 40, .n_contenders = 1, .passes = passes_better,
                               .prices = TRUE };
  Run run = { 0 };
  g_autoptr(VsEvalDecision) d = NULL;

  run_load (&run, &options);
  d = vs_eval_decision_new (run.data);
  g_test_message ("%s", d->paragraph);
  g_assert_cmpint (d->verdict, ==, VS_EVAL_VERDICT_ONE);
  g_assert_cmpint (d->a, ==, -1);
  g_assert_cmpint (d->best, ==, 0);
  g_assert_true (g_str_has_prefix (d->paragraph, "Only one contender was evaluated: Base + "
                                                 "prompt passes 50.0% of 40 cases (95% CI "));
  g_assert_true (strstr (d->paragraph, "$0.404 per 1,000 requests") != NULL);
  g_assert_cmpstr (d->cards[0].value, ==, "Base + prompt");
  g_assert_cmpstr (d->cards[1].detail, ==, "Needs two contenders");
  run_clear (&run);
}

static void
test_format (void)
{
  struct
  {
    double      value;
    const char *count;
  } counts[] = { { 0, "0" }, { 999, "999" }, { 1000, "1,000" }, { 23000, "23,000" },
                 { 1234567, "1,234,567" }, { -4500, "−4,500" } };

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autofree char *text = vs_eval_format_count (counts[i].value);
      g_assert_cmpstr (text, ==, counts[i].count);
    }
  {
    g_autofree char *a = vs_eval_format_usd (0.00421);
    g_autofree char *b = vs_eval_format_usd (1.271);
    g_autofree char *c = vs_eval_format_usd (1240);
    g_autofree char *d = vs_eval_format_usd (NAN);
    g_autofree char *e = vs_eval_format_usd (0.5);
    g_autofree char *f = vs_eval_format_usd (0.404);

    g_assert_cmpstr (a, ==, "$0.00421");
    g_assert_cmpstr (b, ==, "$1.27");
    g_assert_cmpstr (c, ==, "$1,240");
    g_assert_cmpstr (d, ==, "—");
    g_assert_cmpstr (e, ==, "$0.50");
    g_assert_cmpstr (f, ==, "$0.404");
  }
}

/* Reports */

static char *
pdftotext (const char *pdf)
{
  g_autofree char *program = g_find_program_in_path ("pdftotext");
  const char *argv[] = { NULL, "-layout", pdf, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  if (program == NULL)
    return NULL;
  argv[0] = program;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  {
    /* Lines wrap where the page wraps them: compare words, not lines. */
    g_autoptr(GRegex) blanks = g_regex_new ("\\s+", 0, 0, NULL);
    char *flat = g_regex_replace_literal (blanks, out, -1, 0, " ", 0, NULL);

    g_free (out);
    return flat;
  }
}

static guint
count_pages (GBytes *pdf)
{
  gsize length;
  const char *data = g_bytes_get_data (pdf, &length);
  guint n = 0;

  /* cairo writes each page object as “/Type /Page” (the tree is “/Type /Pages”). */
  for (const char *p = data; p != NULL && p < data + length;)
    {
      p = memmem (p, (gsize) (data + length - p), "/Type /Page", strlen ("/Type /Page"));
      if (p == NULL)
        break;
      p += strlen ("/Type /Page");
      if (p < data + length && *p != 's')
        n++;
    }
  return n;
}

static void
test_report_pdf (void)
{
  Run run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(VsEvalDecision) d = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  VsReportOptions options = { .title = "Quarterly model review" };
  gsize length;
  const char *bytes;

  run_load (&run, &full_options);
  pdf = vs_report_build (run.data, VS_REPORT_FORMAT_PDF, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  bytes = g_bytes_get_data (pdf, &length);
  g_assert_true (length > 1000 && memcmp (bytes, "%PDF-", 5) == 0);
  /* Title, summary, six charts, method. */
  g_assert_cmpuint (count_pages (pdf), ==, 9);

  path = g_build_filename (run.dir, "report.pdf", NULL);
  g_assert_true (vs_report_write (run.data, path, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  text = pdftotext (path);
  if (text == NULL)
    {
      g_test_message ("pdftotext is not installed: the text is not checked");
      run_clear (&run);
      return;
    }
  d = vs_eval_decision_new (run.data);
  g_assert_true (strstr (text, "Quarterly model review") != NULL);
  g_assert_true (strstr (text, "Tuned passes 40.0 points more cases than Base + prompt") != NULL);
  g_assert_true (strstr (text, "Summary") != NULL);
  g_assert_true (strstr (text, "Paired comparisons") != NULL);
  g_assert_true (strstr (text, "Pass rate and scores by contender") != NULL);
  g_assert_true (strstr (text, "When does fine-tuning pay for itself?") != NULL);
  g_assert_true (strstr (text, "Method") != NULL);
  g_assert_true (strstr (text, "Wilson score 95% interval") != NULL);
  g_assert_true (strstr (text, "base-model: $1.00 input, $2.00 output") != NULL);
  g_assert_true (strstr (text, "60 cases from test of dataset snapshot") != NULL);
  run_clear (&run);
}

/* Every id in @html, and FALSE when one repeats. */
static gboolean
ids_unique (const char *html,
            guint      *n_ids)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GRegex) regex = g_regex_new ("\\sid=\"([^\"]*)\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  gboolean unique = TRUE;

  g_regex_match (regex, html, 0, &match);
  while (g_match_info_matches (match))
    {
      char *id = g_match_info_fetch (match, 1);

      if (!g_hash_table_add (seen, id))
        {
          g_test_message ("repeated id %s", id);
          unique = FALSE;
        }
      g_match_info_next (match, NULL);
    }
  *n_ids = g_hash_table_size (seen);
  return unique;
}

static void
test_report_html (void)
{
  Run run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GRegex) reference = g_regex_new ("\\s(src|href|xlink:href)\\s*=\\s*[\"']?([^\"'\\s>]*)",
                                             G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *html = NULL;
  guint n_svg = 0, n_ids = 0, n_refs = 0;

  run_load (&run, &full_options);
  bytes = vs_report_build (run.data, VS_REPORT_FORMAT_HTML, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  html = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_true (g_utf8_validate (html, -1, NULL));

  /* Self-contained: every reference points inside the page. */
  g_regex_match (reference, html, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *target = g_match_info_fetch (match, 2);

      g_assert_true (target[0] == '#' || g_str_has_prefix (target, "data:"));
      n_refs++;
      g_match_info_next (match, NULL);
    }
  g_assert_cmpuint (n_refs, >, 0);  /* the SVGs' glyph references */
  g_assert_null (strstr (html, "http:"));
  g_assert_null (strstr (html, "https:"));
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "<link"));
  g_assert_null (strstr (html, "@import"));
  g_assert_null (strstr (html, "url(http"));

  for (const char *p = html; (p = strstr (p, "<svg")) != NULL; p++)
    n_svg++;
  g_assert_cmpuint (n_svg, ==, 6);
  g_assert_true (ids_unique (html, &n_ids));
  g_assert_cmpuint (n_ids, >, 6);
  g_assert_true (strstr (html, "@media print") != NULL);
  g_assert_true (strstr (html, "Evaluation report: " VS_TEST_RUN_NAME) != NULL);
  g_assert_true (strstr (html, "Tuned passes 40.0 points more cases than Base + prompt") != NULL);
  g_assert_true (strstr (html, "<figcaption>") != NULL);
  run_clear (&run);
}

typedef struct
{
  GMainLoop *loop;
  GPtrArray *fractions;
  gboolean   ok;
  GError    *error;
} Wait;

static void
on_progress (double   fraction,
             gpointer data)
{
  Wait *wait = data;
  double *copy = g_new (double, 1);

  *copy = fraction;
  g_ptr_array_add (wait->fractions, copy);
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Wait *wait = data;

  wait->ok = vs_report_write_finish (result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
test_report_async (void)
{
  Run run = { 0 };
  Wait wait = { 0 };
  g_autofree char *path = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  run_load (&run, &full_options);
  path = g_build_filename (run.dir, "report.html", NULL);
  wait.loop = g_main_loop_new (NULL, FALSE);
  wait.fractions = g_ptr_array_new_with_free_func (g_free);
  vs_report_write_async (run.data, path, NULL, NULL, on_progress, &wait, NULL, on_written,
                         &wait);
  g_main_loop_run (wait.loop);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  /* Progress arrives on this thread, rising to 1 — maybe after the result, so wait for it. */
  while (wait.fractions->len == 0 ||
         *(double *) g_ptr_array_index (wait.fractions, wait.fractions->len - 1) < 1)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 1; i < wait.fractions->len; i++)
    g_assert_cmpfloat (*(double *) g_ptr_array_index (wait.fractions, i), >=,
                       *(double *) g_ptr_array_index (wait.fractions, i - 1));

  /* Cancelled: an error and no file. */
  g_remove (path);
  g_cancellable_cancel (cancellable);
  vs_report_write_async (run.data, path, NULL, cancellable, NULL, NULL, NULL, on_written,
                         &wait);
  g_main_loop_run (wait.loop);
  g_assert_false (wait.ok);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&wait.error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* Not a report format. */
  {
    g_autofree char *txt = g_build_filename (run.dir, "report.txt", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_false (vs_report_write (run.data, txt, NULL, NULL, NULL, NULL, &error));
    g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  }
  g_main_loop_unref (wait.loop);
  g_ptr_array_unref (wait.fractions);
  run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/versus/run-report/data", test_data);
  g_test_add_func ("/versus/run-report/charts", test_charts);
  g_test_add_func ("/versus/run-report/charts-without-data", test_charts_without_data);
  g_test_add_func ("/versus/run-report/decision/significant", test_decision_significant);
  g_test_add_func ("/versus/run-report/decision/baseline-leads", test_decision_baseline_leads);
  g_test_add_func ("/versus/run-report/decision/not-significant", test_decision_not_significant);
  g_test_add_func ("/versus/run-report/decision/too-few", test_decision_too_few);
  g_test_add_func ("/versus/run-report/decision/one-contender", test_decision_one);
  g_test_add_func ("/versus/run-report/format", test_format);
  g_test_add_func ("/versus/run-report/pdf", test_report_pdf);
  g_test_add_func ("/versus/run-report/html", test_report_html);
  g_test_add_func ("/versus/run-report/async", test_report_async);
  return g_test_run ();
}
