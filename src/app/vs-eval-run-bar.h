/* vs-eval-run-bar.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run going on, as the Compare page shows it above its results: the progress of each
 * contender (trials done of its trials, errors), the whole run's throughput and time left, and
 * Pause / Resume / Cancel; when a run is not going but has trials left or errors, "Resume"
 * or "Retry Errors" start it again through the launcher. Follows the launcher's "progress"
 * and "finished" signals; reads counts from the run store otherwise.
 */
#pragma once

#include <adwaita.h>

#include "vs-eval-launcher.h"
#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_EVAL_RUN_BAR (vs_eval_run_bar_get_type ())
G_DECLARE_FINAL_TYPE (VsEvalRunBar, vs_eval_run_bar, VS, EVAL_RUN_BAR, GtkWidget)

GtkWidget *vs_eval_run_bar_new     (VsEvalLauncher *launcher);
/* The run to show (0: none; the bar hides). */
void       vs_eval_run_bar_set_run (VsEvalRunBar   *self,
                                    VsProject      *project,
                                    gint64          run_id);

G_END_DECLS
