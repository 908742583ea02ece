/* vs-eval-case-model.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of VsEvalCase over the cases of one evaluation run that have a result, kept
 * by a filter (vs-eval-cases.h), by case ordinal ascending or descending — the results table's
 * rows. A worker thread with its own read connection reads each case's flags once per change
 * (a few bytes per case, so the filtered list and the counts are known for any run size) and
 * the cases themselves in pages of VS_EVAL_CASE_MODEL_PAGE_SIZE when asked; until a page
 * arrives get_item() returns placeholders (vs_eval_case_get_loaded() FALSE) that know their
 * ordinal. At most VS_EVAL_CASE_MODEL_MAX_PAGES pages are kept. The model follows
 * VsProject::changed for the run's "results" (re-read at most every ~300 ms), so a running
 * run fills in live: new cases are appended (or inserted, when the order needs it) and pages
 * on screen are re-read; a page whose cases did not change emits nothing.
 *
 * Main thread only (the thread whose default context was current at construction).
 */
#pragma once

#include <gio/gio.h>

#include "vs-eval-case.h"
#include "vs-eval-cases.h"
#include "vs-project.h"

G_BEGIN_DECLS

#define VS_EVAL_CASE_MODEL_PAGE_SIZE 64
#define VS_EVAL_CASE_MODEL_MAX_PAGES 32

#define VS_TYPE_EVAL_CASE_MODEL (vs_eval_case_model_get_type ())
G_DECLARE_FINAL_TYPE (VsEvalCaseModel, vs_eval_case_model, VS, EVAL_CASE_MODEL, GObject)

/* NULL with @error set for an unknown run, a run without a spec, or when no read connection
 * can be opened. */
VsEvalCaseModel *vs_eval_case_model_new (VsProject *project,
                                         gint64     run_id,
                                         GError   **error);
VsProject       *vs_eval_case_model_get_project (VsEvalCaseModel *self);
gint64           vs_eval_case_model_get_run_id (VsEvalCaseModel *self);
/* The run's contenders by position. */
guint            vs_eval_case_model_get_n_contenders (VsEvalCaseModel *self);
const char      *vs_eval_case_model_get_contender_name (VsEvalCaseModel *self,
                                                        guint            index);
VsEvalCaseFilter vs_eval_case_model_get_filter (VsEvalCaseModel *self);
void             vs_eval_case_model_set_filter (VsEvalCaseModel *self,
                                                VsEvalCaseFilter filter);
gboolean         vs_eval_case_model_get_descending (VsEvalCaseModel *self);
void             vs_eval_case_model_set_descending (VsEvalCaseModel *self,
                                                    gboolean         descending);
/* Cases with a result, whatever the filter ("n-cases"); n-items is how many it keeps. */
guint            vs_eval_case_model_get_n_cases (VsEvalCaseModel *self);
/* TRUE until the first count has arrived. */
gboolean         vs_eval_case_model_get_loading (VsEvalCaseModel *self);
/* The ordinal at @position (-1 past the end), and the position of @ordinal (-1 when the
 * filter does not keep it). */
gint64           vs_eval_case_model_get_ordinal (VsEvalCaseModel *self,
                                                 guint            position);
gint             vs_eval_case_model_find_ordinal (VsEvalCaseModel *self,
                                                  gint64           ordinal);
/* Reads everything again. */
void             vs_eval_case_model_reload (VsEvalCaseModel *self);

G_END_DECLS
