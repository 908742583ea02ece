/* bench-report.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A full report of a 2-contender, 1,000-case run, as `versus-cli eval report` and the Compare
 * page's Report… make it: the run read from the project (summary with 10,000-resample
 * bootstraps, per-case rows), then the PDF (nine pages, vector charts) and the HTML page
 * (six inline SVG charts). The target is TARGET_S for both together; the anchor in the same
 * run is the summary alone (vs_eval_summary_build, what `eval summary` costs), so the figure
 * says how much the report adds to reading the numbers. Prints each step, exits 1 when the
 * target is missed. No display needed.
 *
 * usage: bench-report [CASES]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "vs-eval-summary.h"
#include "vs-report.h"
#include "vs-run-data.h"
#include "vs-test-run.h"
#include "vs-test-util.h"

#define TARGET_S 2.0

/* Both contenders pass most cases, the second a few more: realistic tables and charts. */
static gboolean
passes (guint    contender,
        guint    index,
        gpointer data)
{
  return (index * 7919u + contender * 104729u) % 100 < (contender ? 86u : 78u);
}

static double
seconds_since (gint64 start)
{
  return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

int
main (int   argc,
      char *argv[])
{
  guint n_cases = argc > 1 ? (guint) MAX (atoi (argv[1]), 1) : 1000;
  VsTestRunOptions options = {
    .n_cases = n_cases, .n_contenders = 2, .passes = passes, .label_metric = TRUE,
    .scored_metric = TRUE, .prices = TRUE, .training_cost = 25.0,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(VsRunData) data = NULL;
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) html = NULL;
  g_autofree char *dir = NULL;
  double t_summary, t_load, t_pdf, t_html, total;
  gint64 run_id, start;

  project = vs_test_run_project (&options, &dir, &run_id);

  start = g_get_monotonic_time ();
  summary = vs_eval_summary_build (project, run_id, FALSE, &error);
  t_summary = seconds_since (start);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  data = vs_run_data_load (project, run_id, &error);
  t_load = seconds_since (start);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  pdf = vs_report_build (data, VS_REPORT_FORMAT_PDF, NULL, NULL, NULL, NULL, &error);
  t_pdf = seconds_since (start);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  html = vs_report_build (data, VS_REPORT_FORMAT_HTML, NULL, NULL, NULL, NULL, &error);
  t_html = seconds_since (start);
  g_assert_no_error (error);

  total = t_load + t_pdf + t_html;
  printf ("bench-report: 2 contenders × %u cases\n", n_cases);
  printf ("  anchor: eval summary alone        %7.3f s\n", t_summary);
  printf ("  run data (summary + per-case)     %7.3f s\n", t_load);
  printf ("  PDF report  (%7zu bytes)         %7.3f s\n", g_bytes_get_size (pdf), t_pdf);
  printf ("  HTML report (%7zu bytes)         %7.3f s\n", g_bytes_get_size (html), t_html);
  printf ("  full report, PDF and HTML         %7.3f s  (target < %.1f s, %.1f× the summary)\n",
          total, TARGET_S, t_summary > 0 ? total / t_summary : 0.0);

  g_clear_object (&project);
  vs_test_tmpdir_free (g_steal_pointer (&dir));
  return total < TARGET_S ? 0 : 1;
}
