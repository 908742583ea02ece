/* vs-compare-dashboard.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One evaluation run for a stakeholder: the run's name and what it compared, the four summary
 * cards and the decision paragraph (vs-eval-decision.h), and the run's charts
 * (vs-run-charts.h) in VsChartViews. The run is read on a worker through a read-only
 * connection of its own (VsRunData), so a large run never stalls the window; a run that is
 * still going is read again as its results arrive (vs_compare_dashboard_refresh(), and a poll
 * of its result counts every two seconds for runs driven by another process). A point of the
 * paired scatter opens that case with both contenders' answers side by side; Present shows
 * the decision and the charts full screen; Export Report… writes a PDF or HTML report on a
 * worker with progress and Cancel.
 *
 * Actions (group "dashboard"): present, present-chart(i: chart index), export-report,
 * cancel-report.
 */
#pragma once

#include <adwaita.h>

#include "vs-chart-view.h"
#include "vs-project.h"
#include "vs-run-data.h"

G_BEGIN_DECLS

#define VS_TYPE_COMPARE_DASHBOARD (vs_compare_dashboard_get_type ())
G_DECLARE_FINAL_TYPE (VsCompareDashboard, vs_compare_dashboard, VS, COMPARE_DASHBOARD, GtkWidget)

GtkWidget   *vs_compare_dashboard_new            (void);
/* Shows run @run_id of @project (NULL or 0: nothing) and starts reading it. */
void         vs_compare_dashboard_set_run        (VsCompareDashboard *self,
                                                  VsProject          *project,
                                                  gint64              run_id);
gint64       vs_compare_dashboard_get_run_id     (VsCompareDashboard *self);
/* Reads the run again (its results changed); at most one read at a time, the next one
 * follows when it is done. */
void         vs_compare_dashboard_refresh        (VsCompareDashboard *self);
/* The data shown (NULL until the first read finished); the "loaded" property counts reads. */
VsRunData   *vs_compare_dashboard_get_data       (VsCompareDashboard *self);
guint        vs_compare_dashboard_get_loaded     (VsCompareDashboard *self);
const char  *vs_compare_dashboard_get_decision   (VsCompareDashboard *self);
guint        vs_compare_dashboard_get_n_charts   (VsCompareDashboard *self);
VsChartView *vs_compare_dashboard_get_chart      (VsCompareDashboard *self,
                                                  guint               index);
/* Opens the case window (every contender) on the cases (ordinals) of one paired-scatter
 * marker, Previous / Next stepping through those. */
void         vs_compare_dashboard_open_cases     (VsCompareDashboard *self,
                                                  const gint64       *cases,
                                                  guint               n_cases);
/* Writes the report of the run shown to @path (PDF or HTML by its extension) on a worker, with
 * progress in the page and Cancel (dashboard.cancel-report); a toast says how it ended. Does
 * nothing while a report is being written ("writing-report"). */
void         vs_compare_dashboard_write_report   (VsCompareDashboard *self,
                                                  const char         *path);
gboolean     vs_compare_dashboard_get_writing_report (VsCompareDashboard *self);
/* Presentation mode from slide @slide (0: the decision, 1…: the charts). */
GtkWindow   *vs_compare_dashboard_present        (VsCompareDashboard *self,
                                                  guint               slide);

G_END_DECLS
