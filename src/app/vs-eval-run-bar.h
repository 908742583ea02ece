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
 *
 * With a batch launcher, a run whose trials are out as batches shows those instead: how many
 * batches are submitted, running or ended, each contender's requests done and failed (from
 * the run's `batches` rows), Cancel (the provider stops them), and Check Now for a run
 * submitted earlier that nothing is watching; stopped runs also offer "Resume as Batch" and
 * "Retry as Batch".
 */
#pragma once

#include <adwaita.h>

#include "vs-batch-launcher.h"
#include "vs-eval-launcher.h"
#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_EVAL_RUN_BAR (vs_eval_run_bar_get_type ())
G_DECLARE_FINAL_TYPE (VsEvalRunBar, vs_eval_run_bar, VS, EVAL_RUN_BAR, GtkWidget)

GtkWidget *vs_eval_run_bar_new     (VsEvalLauncher *launcher);
/* The window's batch runs (NULL: none; the bar then knows only online runs). */
void       vs_eval_run_bar_set_batch_launcher (VsEvalRunBar    *self,
                                               VsBatchLauncher *launcher);
/* The run to show (0: none; the bar hides). */
void       vs_eval_run_bar_set_run (VsEvalRunBar   *self,
                                    VsProject      *project,
                                    gint64          run_id);

G_END_DECLS
