/* vs-eval-results-view.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The results table of an evaluation run: one row per case (a GtkColumnView over a lazy
 * VsEvalCaseModel) with the case number, its input variables and expected answer, then one
 * column per contender with its verdict (icon and word, never colour alone) and a preview of
 * its output; a filter (all cases, disagreements, failures, errors) with the count of cases it
 * keeps. Sorting by case happens in the model. Activating a row opens the case in a
 * VsEvalCaseWindow that steps through the same filtered cases. It fills in live while the run
 * is running and shows an empty state until the run has a result.
 */
#pragma once

#include <gtk/gtk.h>

#include "vs-eval-case-model.h"
#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_EVAL_RESULTS_VIEW (vs_eval_results_view_get_type ())
G_DECLARE_FINAL_TYPE (VsEvalResultsView, vs_eval_results_view, VS, EVAL_RESULTS_VIEW, GtkWidget)

GtkWidget       *vs_eval_results_view_new             (void);
/* Shows run @run_id of @project (a NULL project empties the view); the same run again keeps
 * the model, its filter and the scroll position. */
void             vs_eval_results_view_set_run         (VsEvalResultsView *self,
                                                       VsProject         *project,
                                                       gint64             run_id);
/* The model shown, or NULL. */
VsEvalCaseModel *vs_eval_results_view_get_model       (VsEvalResultsView *self);
GtkColumnView   *vs_eval_results_view_get_column_view (VsEvalResultsView *self);
void             vs_eval_results_view_set_filter      (VsEvalResultsView *self,
                                                       VsEvalCaseFilter   filter);
/* The case window opened last (by activating a row), while it is open; NULL otherwise. */
GtkWindow       *vs_eval_results_view_get_case_window (VsEvalResultsView *self);

G_END_DECLS
