/* vs-eval-case-window.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One case of an evaluation run in full: its input variables and expected answer, then the
 * contenders side by side (scrolling sideways when there are many) — each with the prompt it
 * sent (every message with its role, rebuilt from the run's spec), its output for every
 * repeat, each metric's verdict with score and reason, latency, tokens and any error.
 * Previous / Next (Alt+Left / Alt+Right, Page Up / Page Down) step through the cases of a
 * VsEvalCaseModel — the results table's, so within its filter —, through a given list (the
 * cases at one point of a chart), or through every case of the run when neither is given;
 * Escape closes the window.
 */
#pragma once

#include <adwaita.h>

#include "vs-eval-case-model.h"
#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_EVAL_CASE_WINDOW (vs_eval_case_window_get_type ())
G_DECLARE_FINAL_TYPE (VsEvalCaseWindow, vs_eval_case_window, VS, EVAL_CASE_WINDOW, AdwWindow)

GtkWidget  *vs_eval_case_window_new         (VsProject        *project,
                                             gint64            run_id,
                                             gint64            case_ordinal);
/* The cases Previous and Next step through (a reference is kept); NULL: every case. */
void        vs_eval_case_window_set_model   (VsEvalCaseWindow *self,
                                             VsEvalCaseModel  *model);
/* Steps through these cases (ordinals) instead of a model's — the cases at one point of a
 * chart; none: back to the model. */
void        vs_eval_case_window_set_cases   (VsEvalCaseWindow *self,
                                             const gint64     *ordinals,
                                             guint             n_ordinals);
/* Shows case @ordinal of the run ("ordinal" is notified). */
void        vs_eval_case_window_set_ordinal (VsEvalCaseWindow *self,
                                             gint64            ordinal);
gint64      vs_eval_case_window_get_ordinal (VsEvalCaseWindow *self);
/* The case shown, NULL when it could not be read. */
VsEvalCase *vs_eval_case_window_get_case    (VsEvalCaseWindow *self);

G_END_DECLS
