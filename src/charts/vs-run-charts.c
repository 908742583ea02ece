/* vs-run-charts.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The six charts of a run, built from its summary (vs-run-data.h). Nothing here computes a
 * statistic the summary does not already hold, so a chart, the decision paragraph and
 * `eval summary --json` always agree.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vs-error.h"
#include "vs-eval-decision.h"
#include "vs-run-charts.h"

static const VsChartKind run_kinds[] = {
  VS_CHART_KIND_BARS,
  VS_CHART_KIND_PAIRED_SCATTER,
  VS_CHART_KIND_CONFUSION,
  VS_CHART_KIND_LATENCY,
  VS_CHART_KIND_COST_QUALITY,
  VS_CHART_KIND_BREAKEVEN,
};

static GQuark
cases_quark (void)
{
  return g_quark_from_static_string ("vs-run-chart-cases");
}

const VsChartKind *
vs_run_chart_kinds (guint *n_kinds)
{
  if (n_kinds != NULL)
    *n_kinds = G_N_ELEMENTS (run_kinds);
  return run_kinds;
}

static gboolean
is_pass_rate (const char *metric)
{
  return metric == NULL || g_strcmp0 (metric, "pass_rate") == 0;
}

/* Scored metrics on a 0–1 scale, which share the pass rate's axis. */
static gboolean
is_unit_metric (const VsEvalMetric *metric)
{
  return vs_eval_metric_is_scored (metric) && metric->type != VS_EVAL_METRIC_LATENCY &&
         metric->type != VS_EVAL_METRIC_COST;
}

static const char *
metric_title (const VsEvalMetric *metric)
{
  switch (metric->type)
    {
    case VS_EVAL_METRIC_TOKEN_F1:
      return _("Token F1");
    case VS_EVAL_METRIC_ROUGE_L:
      return _("ROUGE-L");
    case VS_EVAL_METRIC_BLEU:
      return _("BLEU");
    case VS_EVAL_METRIC_JUDGE:
      return _("Judge score");
    case VS_EVAL_METRIC_LATENCY:
      return _("Latency");
    case VS_EVAL_METRIC_COST:
      return _("Cost");
    default:
      return metric->name;
    }
}

/* “Token F1” for the default name, else the name the spec gives. */
static char *
metric_label (const VsEvalMetric *metric)
{
  if (g_strcmp0 (metric->name, vs_eval_metric_type_to_string (metric->type)) == 0)
    return g_strdup (metric_title (metric));
  return g_strdup (metric->name);
}

static VsChartSpec *
new_spec (VsRunData   *data,
          VsChartKind  kind,
          const char  *title)
{
  VsChartSpec *spec = vs_chart_spec_new (kind);
  g_autoptr(GString) subtitle = g_string_new (data->run->name);

  vs_chart_spec_set_title (spec, title);
  g_string_append (subtitle, " · ");
  g_string_append_printf (subtitle,
                          g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " case",
                                       "%" G_GINT64_FORMAT " cases", (gulong)data->n_cases),
                          data->n_cases);
  if (data->run->repeats > 1)
    {
      g_string_append (subtitle, ", ");
      g_string_append_printf (subtitle,
                              g_dngettext (GETTEXT_PACKAGE, "%d repeat", "%d repeats",
                                           (gulong)data->run->repeats),
                              data->run->repeats);
    }
  vs_chart_spec_set_subtitle (spec, subtitle->str);
  return spec;
}

static gboolean
check_metric (VsRunData     *data,
              const char    *name,
              gboolean       unit_only,
              VsEvalMetric **out,
              GError       **error)
{
  VsEvalMetric *metric;

  *out = NULL;
  if (is_pass_rate (name))
    return TRUE;
  metric = vs_run_data_find_metric (data, name);
  if (metric == NULL || (unit_only && !is_unit_metric (metric)))
    {
      g_autoptr(GString) names = g_string_new ("pass_rate");

      for (guint i = 0; i < data->spec->metrics->len; i++)
        {
          VsEvalMetric *m = g_ptr_array_index (data->spec->metrics, i);

          if (unit_only ? is_unit_metric (m) : vs_eval_metric_is_scored (m))
            g_string_append_printf (names, ", %s", m->name);
        }
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   /* Translators: a metric's name, then the list of names to use. */
                   _("Run “%s” has no metric “%s” to chart here; use one of: %s"),
                   data->run->name, name, names->str);
      return FALSE;
    }
  *out = metric;
  return TRUE;
}

static gboolean
check_contender (VsRunData   *data,
                 const char  *name,
                 gint        *out,
                 GError     **error)
{
  if (name == NULL)
    return TRUE;
  *out = vs_run_data_find_contender (data, name);
  if (*out < 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < data->contenders->len; i++)
        {
          VsRunContender *c = g_ptr_array_index (data->contenders, i);

          g_string_append_printf (names, "%s“%s”", i ? ", " : "", c->name);
        }
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   /* Translators: a contender's name, the run's name and the list of
                    * contenders. */
                   _("There is no contender “%s” in run “%s”; it has %s"), name,
                   data->run->name, names->str);
      return FALSE;
    }
  return TRUE;
}

/* Bars */

static VsChartSpec *
build_bars (VsRunData               *data,
            const VsRunChartOptions *options,
            GError                 **error)
{
  VsEvalMetric *only = NULL;
  g_autoptr(GPtrArray) metrics = g_ptr_array_new ();
  g_autoptr(VsChartSpec) spec = NULL;
  gboolean any = FALSE, pass_rate;

  if (!check_metric (data, options->metric, TRUE, &only, error))
    return NULL;
  pass_rate = options->metric == NULL || is_pass_rate (options->metric);
  if (only != NULL)
    g_ptr_array_add (metrics, only);
  else if (options->metric == NULL)
    for (guint i = 0; i < data->spec->metrics->len; i++)
      if (is_unit_metric (g_ptr_array_index (data->spec->metrics, i)))
        g_ptr_array_add (metrics, g_ptr_array_index (data->spec->metrics, i));

  spec = new_spec (data, VS_CHART_KIND_BARS,
                   metrics->len == 0 ? _("Pass rate by contender")
                                     : _("Pass rate and scores by contender"));
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_Y,
                          metrics->len == 0 ? _("Pass rate")
                          : pass_rate       ? _("Pass rate or mean score")
                                            : _("Mean score"),
                          NULL);
  vs_chart_spec_set_axis_percent (spec, VS_CHART_AXIS_Y, TRUE);
  vs_chart_spec_set_axis_range (spec, VS_CHART_AXIS_Y, 0, 1);
  vs_chart_spec_set_interval_label (spec,
                                    metrics->len == 0 ? _("95% Wilson interval")
                                    : pass_rate ? _("95% interval: Wilson for pass rates, "
                                                    "bootstrap for mean scores")
                                                : _("95% bootstrap interval"));
  if (pass_rate)
    vs_chart_spec_add_category (spec, _("Pass rate"));
  for (guint m = 0; m < metrics->len; m++)
    {
      g_autofree char *label = metric_label (g_ptr_array_index (metrics, m));
      vs_chart_spec_add_category (spec, label);
    }

  for (guint i = 0; i < data->contenders->len; i++)
    {
      VsRunContender *c = g_ptr_array_index (data->contenders, i);
      JsonObject *scores = json_object_get_object_member (c->summary, "metrics");
      VsChartSeries *series = vs_chart_spec_add_series (spec, c->name);

      if (pass_rate)
        {
          vs_chart_series_add_interval (series, c->pass_rate, c->pass_rate_lower,
                                        c->pass_rate_upper);
          any |= !isnan (c->pass_rate);
        }
      for (guint m = 0; m < metrics->len; m++)
        {
          VsEvalMetric *metric = g_ptr_array_index (metrics, m);
          JsonObject *entry = scores && json_object_has_member (scores, metric->name)
                              ? json_object_get_object_member (scores, metric->name) : NULL;
          double mean = vs_run_data_number (entry, "mean");

          vs_chart_series_add_interval (series, mean, vs_run_data_interval (entry, "ci", 0),
                                        vs_run_data_interval (entry, "ci", 1));
          any |= !isnan (mean);
        }
    }
  if (!any)
    {
      g_autoptr(VsChartSpec) empty = new_spec (data, VS_CHART_KIND_BARS,
                                               vs_chart_spec_get_title (spec));

      vs_chart_spec_set_message (empty, data->contenders->len == 0
                                        ? _("This run has no contenders.")
                                        : _("No trial has finished yet: there is no pass rate "
                                            "to show."));
      return g_steal_pointer (&empty);
    }
  return g_steal_pointer (&spec);
}

/* Paired scatter */

static JsonArray *
per_case (VsRunContender *c)
{
  JsonNode *node = json_object_get_member (c->summary, "per_case");

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static double
case_value (JsonObject   *row,
            VsEvalMetric *metric)
{
  if (metric == NULL)
    {
      gint64 passed = json_object_get_int_member_with_default (row, "passed", 0);
      gint64 failed = json_object_get_int_member_with_default (row, "failed", 0);

      return passed + failed > 0 ? (double)passed / (double)(passed + failed) : NAN;
    }
  return vs_run_data_number (json_object_get_object_member (row, "scores"), metric->name);
}

static void
cases_free (gpointer data)
{
  g_array_unref (data);
}

static VsChartSpec *
build_paired (VsRunData               *data,
              const VsRunChartOptions *options,
              GError                 **error)
{
  g_autoptr(VsChartSpec) spec = NULL;
  g_autoptr(GArray) ordinals = g_array_new (FALSE, FALSE, sizeof (gint64));
  VsEvalMetric *metric = NULL;
  VsRunContender *a, *b;
  JsonArray *ca, *cb;
  VsChartSeries *series;
  gint ia = 0, ib = -1;
  guint i = 0, j = 0;
  g_autofree char *title = NULL;
  g_autofree char *what = NULL;

  if (!check_metric (data, options->metric, FALSE, &metric, error) ||
      !check_contender (data, options->a, &ia, error) ||
      !check_contender (data, options->b, &ib, error))
    return NULL;
  if (options->a != NULL && options->b != NULL && ia == ib)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   _("A paired scatter compares two different contenders; both are “%s”"),
                   options->a);
      return NULL;
    }
  if (ib < 0)
    for (guint k = 0; k < data->contenders->len && ib < 0; k++)
      if ((gint)k != ia)
        ib = (gint)k;
  what = metric ? metric_label (metric) : g_strdup (_("Pass rate"));

  if (ib < 0)
    {
      spec = new_spec (data, VS_CHART_KIND_PAIRED_SCATTER, _("Case by case"));
      vs_chart_spec_set_message (spec, data->contenders->len == 0
                                       ? _("This run has no contenders.")
                                       : _("A paired scatter needs two contenders; this run "
                                           "has one."));
      return g_steal_pointer (&spec);
    }
  a = g_ptr_array_index (data->contenders, (guint)ia);
  b = g_ptr_array_index (data->contenders, (guint)ib);
  /* Translators: two contenders' names. */
  title = g_strdup_printf (_("Case by case: %s against %s"), b->name, a->name);
  spec = new_spec (data, VS_CHART_KIND_PAIRED_SCATTER, title);
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_X, a->name,
                          metric && metric->type == VS_EVAL_METRIC_LATENCY ? "ms"
                          : metric && metric->type == VS_EVAL_METRIC_COST  ? "USD"
                                                                           : NULL);
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_Y, b->name,
                          vs_chart_spec_get_axis (spec, VS_CHART_AXIS_X)->unit);
  if (metric == NULL || is_unit_metric (metric))
    {
      vs_chart_spec_set_axis_percent (spec, VS_CHART_AXIS_X, TRUE);
      vs_chart_spec_set_axis_percent (spec, VS_CHART_AXIS_Y, TRUE);
      vs_chart_spec_set_axis_range (spec, VS_CHART_AXIS_X, 0, 1);
      vs_chart_spec_set_axis_range (spec, VS_CHART_AXIS_Y, 0, 1);
    }

  ca = per_case (a);
  cb = per_case (b);
  series = vs_chart_spec_add_series (spec, what);
  while (ca != NULL && cb != NULL && i < json_array_get_length (ca) &&
         j < json_array_get_length (cb))
    {
      JsonObject *x = json_array_get_object_element (ca, i);
      JsonObject *y = json_array_get_object_element (cb, j);
      gint64 ox = json_object_get_int_member (x, "case");
      gint64 oy = json_object_get_int_member (y, "case");
      double vx, vy;

      if (ox < oy)
        {
          i++;
          continue;
        }
      if (oy < ox)
        {
          j++;
          continue;
        }
      i++;
      j++;
      vx = case_value (x, metric);
      vy = case_value (y, metric);
      if (isnan (vx) || isnan (vy))
        continue;
      vs_chart_series_add_xy (series, vx, vy);
      {
        /* Translators: a case's number in the run. */
        g_autofree char *label = g_strdup_printf (_("Case %" G_GINT64_FORMAT), ox);
        vs_chart_series_set_last_label (series, label);
      }
      g_array_append_val (ordinals, ox);
    }
  if (ordinals->len == 0)
    {
      g_autoptr(VsChartSpec) empty = new_spec (data, VS_CHART_KIND_PAIRED_SCATTER, title);

      vs_chart_spec_set_axis (empty, VS_CHART_AXIS_X, a->name, NULL);
      vs_chart_spec_set_axis (empty, VS_CHART_AXIS_Y, b->name, NULL);
      vs_chart_spec_set_message (empty,
                                 /* Translators: two contenders' names. */
                                 metric ? _("No case has this score for both contenders yet.")
                                        : _("No case has a finished trial of both contenders "
                                            "yet."));
      return g_steal_pointer (&empty);
    }
  if (metric == NULL && data->run->repeats <= 1)
    vs_chart_spec_set_message (spec,
                               _("With one trial per case each point is a pass (100%) or a "
                                 "fail (0%); the corners count the cases that both pass, "
                                 "only one passes, or neither."));
  g_object_set_qdata_full (G_OBJECT (spec), cases_quark (), g_steal_pointer (&ordinals),
                           cases_free);
  return g_steal_pointer (&spec);
}

gint64
vs_run_chart_get_case (VsChartSpec *spec,
                       guint        index)
{
  GArray *ordinals;
  VsChartSeries *series;
  const char *label, *digits;

  g_return_val_if_fail (VS_IS_CHART_SPEC (spec), -1);

  ordinals = g_object_get_qdata (G_OBJECT (spec), cases_quark ());
  if (ordinals != NULL)
    return index < ordinals->len ? g_array_index (ordinals, gint64, index) : -1;
  if (vs_chart_spec_get_kind (spec) != VS_CHART_KIND_PAIRED_SCATTER ||
      vs_chart_spec_get_n_series (spec) == 0)
    return -1;
  series = vs_chart_spec_get_series (spec, 0);
  if (index >= vs_chart_series_get_length (series))
    return -1;
  label = vs_chart_series_get_label (series, index);
  if (label == NULL)
    return -1;
  /* “Case 12” read back from JSON: the last run of digits. */
  digits = label + strlen (label);
  while (digits > label && g_ascii_isdigit (digits[-1]))
    digits--;
  if (*digits == '\0')
    {
      const char *end = digits;

      while (end > label && !g_ascii_isdigit (end[-1]))
        end--;
      digits = end;
      while (digits > label && g_ascii_isdigit (digits[-1]))
        digits--;
      if (digits == end)
        return -1;
    }
  return g_ascii_strtoll (digits, NULL, 10);
}

/* Confusion matrix */

static VsChartSpec *
build_confusion (VsRunData               *data,
                 const VsRunChartOptions *options,
                 GError                 **error)
{
  g_autoptr(VsChartSpec) spec = NULL;
  g_autofree char *title = NULL;
  VsRunContender *c = NULL;
  JsonObject *labels = NULL;
  JsonArray *classes, *matrix;
  gint index = -1;

  if (!check_contender (data, options->contender, &index, error))
    return NULL;
  if (index >= 0)
    c = g_ptr_array_index (data->contenders, (guint)index);
  else
    for (guint i = 0; i < data->contenders->len && c == NULL; i++)
      {
        VsRunContender *k = g_ptr_array_index (data->contenders, i);

        if (json_object_has_member (k->summary, "labels"))
          c = k;
      }
  if (c != NULL && json_object_has_member (c->summary, "labels"))
    labels = json_object_get_object_member (c->summary, "labels");

  if (c != NULL)
    /* Translators: a contender's name. */
    title = g_strdup_printf (_("Confusion matrix: %s"), c->name);
  spec = new_spec (data, VS_CHART_KIND_CONFUSION, title ? title : _("Confusion matrix"));
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_X, _("Predicted"), NULL);
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_Y, _("Actual"), NULL);
  if (data->label_metric < 0 || labels == NULL)
    {
      vs_chart_spec_set_message (spec, data->label_metric < 0
                                       ? _("This run has no label metric, so there are no "
                                           "classes to cross. Add a metric of type “label” "
                                           "to the evaluation to see which classes are "
                                           "confused.")
                                       : _("No trial of this contender has finished yet."));
      return g_steal_pointer (&spec);
    }
  classes = json_object_get_array_member (labels, "classes");
  matrix = json_object_get_array_member (labels, "matrix");
  if (classes == NULL || json_array_get_length (classes) == 0 || matrix == NULL)
    {
      vs_chart_spec_set_message (spec, _("No trial of this contender has finished yet."));
      return g_steal_pointer (&spec);
    }
  for (guint k = 0; k < json_array_get_length (classes); k++)
    vs_chart_spec_add_category (spec, json_array_get_string_element (classes, k));
  for (guint r = 0; r < json_array_get_length (classes); r++)
    {
      VsChartSeries *row = vs_chart_spec_add_series (spec,
                                                     json_array_get_string_element (classes, r));
      JsonArray *line = r < json_array_get_length (matrix)
                        ? json_array_get_array_element (matrix, r) : NULL;

      for (guint k = 0; k < json_array_get_length (classes); k++)
        vs_chart_series_add (row, line && k < json_array_get_length (line)
                                  ? (double)json_array_get_int_element (line, k) : 0);
    }
  return g_steal_pointer (&spec);
}

/* Latency */

static VsChartSpec *
build_latency (VsRunData *data)
{
  g_autoptr(VsChartSpec) spec = new_spec (data, VS_CHART_KIND_LATENCY,
                                          data->run->repeats > 1
                                          ? _("Latency per case (mean over repeats)")
                                          : _("Latency per request"));
  gboolean any = FALSE;

  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_Y, _("Latency"), "ms");
  vs_chart_spec_set_latency_mode (spec, VS_CHART_LATENCY_BOX);
  for (guint i = 0; i < data->contenders->len; i++)
    {
      VsRunContender *c = g_ptr_array_index (data->contenders, i);
      JsonArray *rows = per_case (c);
      VsChartSeries *series = vs_chart_spec_add_series (spec, c->name);

      for (guint k = 0; rows != NULL && k < json_array_get_length (rows); k++)
        {
          double ms = vs_run_data_number (json_array_get_object_element (rows, k),
                                          "latency_ms");

          if (!isnan (ms))
            {
              vs_chart_series_add (series, ms);
              any = TRUE;
            }
        }
    }
  if (!any)
    {
      g_autoptr(VsChartSpec) empty = new_spec (data, VS_CHART_KIND_LATENCY,
                                               vs_chart_spec_get_title (spec));

      vs_chart_spec_set_axis (empty, VS_CHART_AXIS_Y, _("Latency"), "ms");
      vs_chart_spec_set_message (empty, _("No latencies were recorded for this run: no trial "
                                          "has finished yet, or every answer came from a "
                                          "cache or a batch without timings."));
      return g_steal_pointer (&empty);
    }
  return g_steal_pointer (&spec);
}

/* Cost and quality */

static const char *
no_prices_message (void)
{
  return _("No prices are set for the models in this run, so it has no costs. Prices are "
           "taken when a run starts: set them in Preferences → Prices (or “prices” in the "
           "evaluation spec) and run it again.");
}

static VsChartSpec *
build_cost_quality (VsRunData               *data,
                    const VsRunChartOptions *options,
                    GError                 **error)
{
  g_autoptr(VsChartSpec) spec = NULL;
  g_autoptr(GString) unpriced = g_string_new (NULL);
  g_autofree char *quality = NULL;
  VsEvalMetric *metric = NULL;
  guint n = 0;

  if (!check_metric (data, options->metric, TRUE, &metric, error))
    return NULL;
  quality = metric ? metric_label (metric) : g_strdup (_("Pass rate"));
  spec = new_spec (data, VS_CHART_KIND_COST_QUALITY, _("Cost against quality"));
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_X, _("Cost per 1,000 requests"), "USD");
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_Y, quality, NULL);
  vs_chart_spec_set_axis_percent (spec, VS_CHART_AXIS_Y, TRUE);
  if (!vs_run_data_has_prices (data))
    {
      vs_chart_spec_set_message (spec, no_prices_message ());
      return g_steal_pointer (&spec);
    }
  for (guint i = 0; i < data->contenders->len; i++)
    {
      VsRunContender *c = g_ptr_array_index (data->contenders, i);
      double y = c->pass_rate;

      if (metric != NULL)
        {
          JsonObject *scores = json_object_get_object_member (c->summary, "metrics");
          JsonObject *entry = scores && json_object_has_member (scores, metric->name)
                              ? json_object_get_object_member (scores, metric->name) : NULL;

          y = vs_run_data_number (entry, "mean");
        }
      if (!c->priced || isnan (c->cost_per_request) || isnan (y))
        {
          g_string_append_printf (unpriced, "%s%s", unpriced->len ? ", " : "", c->name);
          continue;
        }
      vs_chart_series_add_xy (vs_chart_spec_add_series (spec, c->name),
                              c->cost_per_request * 1000, y);
      n++;
    }
  if (n == 0)
    vs_chart_spec_set_message (spec, _("No contender has both a cost and a quality yet."));
  else if (unpriced->len > 0)
    {
      /* Translators: a list of contenders. */
      g_autofree char *text = g_strdup_printf (_("Not shown, without a price or results: %s."),
                                               unpriced->str);
      vs_chart_spec_set_message (spec, text);
    }
  return g_steal_pointer (&spec);
}

/* A round number ≥ @value: 1, 2 or 5 × 10^k. */
static double
nice_ceiling (double value)
{
  double base, f;

  if (!(value > 0))
    return 1;
  base = pow (10, floor (log10 (value)));
  f = value / base;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * base;
}

/* Costs are straight lines; a few points each keep the markers readable. */
#define BREAKEVEN_STEPS 4

static VsChartSpec *
build_breakeven (VsRunData *data)
{
  g_autoptr(VsChartSpec) spec = new_spec (data, VS_CHART_KIND_BREAKEVEN,
                                          _("When does fine-tuning pay for itself?"));
  VsRunContender *baseline = NULL;
  g_autoptr(GPtrArray) tuned = g_ptr_array_new ();
  double volume = 0;

  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_X, _("Requests"), NULL);
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_Y, _("Total cost"), "USD");
  for (guint i = 0; i < data->contenders->len; i++)
    {
      VsRunContender *c = g_ptr_array_index (data->contenders, i);

      if (isnan (c->training_cost))
        {
          if (baseline == NULL && c->priced && !isnan (c->cost_per_request))
            baseline = c;
        }
      else if (c->priced && !isnan (c->cost_per_request))
        g_ptr_array_add (tuned, c);
    }
  if (!vs_run_data_has_prices (data))
    {
      vs_chart_spec_set_message (spec, no_prices_message ());
      return g_steal_pointer (&spec);
    }
  if (tuned->len == 0)
    {
      gboolean any_training = FALSE;

      for (guint i = 0; i < data->contenders->len; i++)
        {
          VsRunContender *c = g_ptr_array_index (data->contenders, i);

          any_training |= !isnan (c->training_cost);
        }
      vs_chart_spec_set_message (spec, any_training
                                       ? _("The contender with a training cost has no price "
                                           "per request, so its costs cannot be drawn.")
                                       : _("No contender has a training cost, so there is "
                                           "nothing to pay back. A fine-tuned contender gets "
                                           "one from its fine-tune job (its cost, or trained "
                                           "tokens at the base model's training price) or "
                                           "from “training_cost_usd” in the evaluation "
                                           "spec."));
      return g_steal_pointer (&spec);
    }
  if (baseline == NULL)
    {
      vs_chart_spec_set_message (spec, _("No priced contender without training to compare "
                                         "with: the breakeven needs a base model's cost per "
                                         "request."));
      return g_steal_pointer (&spec);
    }

  /* Show twice the furthest breakeven; without one, as far as the baseline takes to spend
   * twice the largest training cost. */
  for (guint i = 0; i < tuned->len; i++)
    {
      VsRunContender *c = g_ptr_array_index (tuned, i);
      double saving = baseline->cost_per_request - c->cost_per_request;

      if (saving > 0)
        volume = MAX (volume, 2 * c->training_cost / saving);
      else if (baseline->cost_per_request > 0)
        volume = MAX (volume, 2 * c->training_cost / baseline->cost_per_request);
    }
  volume = nice_ceiling (MAX (volume, 100));
  {
    VsChartSeries *series = vs_chart_spec_add_series (spec, baseline->name);

    for (guint k = 0; k <= BREAKEVEN_STEPS; k++)
      vs_chart_series_add_xy (series, volume * k / BREAKEVEN_STEPS,
                              baseline->cost_per_request * volume * k / BREAKEVEN_STEPS);
  }
  for (guint i = 0; i < tuned->len; i++)
    {
      VsRunContender *c = g_ptr_array_index (tuned, i);
      /* Its line starts at its training cost (the subtitle says so). */
      VsChartSeries *series = vs_chart_spec_add_series (spec, c->name);

      for (guint k = 0; k <= BREAKEVEN_STEPS; k++)
        vs_chart_series_add_xy (series, volume * k / BREAKEVEN_STEPS,
                                c->training_cost
                                + c->cost_per_request * volume * k / BREAKEVEN_STEPS);
    }
  {
    VsRunContender *c = g_ptr_array_index (tuned, 0);
    g_autofree char *training = vs_eval_format_usd (c->training_cost);
    g_autofree char *a = vs_eval_format_usd (baseline->cost_per_request * 1000);
    g_autofree char *b = vs_eval_format_usd (c->cost_per_request * 1000);
    /* Translators: the run; a contender, its training cost; then per-1,000-request costs
     * of two contenders. */
    g_autofree char *subtitle = g_strdup_printf (_("%s · %s: training %s once, then %s per "
                                                   "1,000 requests against %s for %s"),
                                                 data->run->name, c->name, training, b, a,
                                                 baseline->name);
    vs_chart_spec_set_subtitle (spec, subtitle);
  }
  return g_steal_pointer (&spec);
}

VsChartSpec *
vs_run_chart_build (VsRunData               *data,
                    VsChartKind              kind,
                    const VsRunChartOptions *options,
                    GError                 **error)
{
  VsRunChartOptions defaults = { 0 };

  g_return_val_if_fail (data != NULL, NULL);

  if (options == NULL)
    options = &defaults;
  switch (kind)
    {
    case VS_CHART_KIND_BARS:
      return build_bars (data, options, error);
    case VS_CHART_KIND_PAIRED_SCATTER:
      return build_paired (data, options, error);
    case VS_CHART_KIND_CONFUSION:
      return build_confusion (data, options, error);
    case VS_CHART_KIND_LATENCY:
      return build_latency (data);
    case VS_CHART_KIND_COST_QUALITY:
      return build_cost_quality (data, options, error);
    case VS_CHART_KIND_BREAKEVEN:
      return build_breakeven (data);
    case VS_CHART_KIND_LOSS:
    default:
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   /* Translators: keep the kind names; they are words of the command line. */
                   _("“%s” is not a chart of a run; use one of bars, paired-scatter, "
                     "confusion-matrix, latency, cost-quality, breakeven"),
                   vs_chart_kind_to_string (kind));
      return NULL;
    }
}
