/* vs-eval-launcher.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The evaluations a window is running: for each, the engines of its contenders' saved
 * endpoints with their keys from the keyring (vs_engine_registry_get_async), then core's
 * runner (vs-eval-runner.h) until every trial has a result. Pause, resume and cancel by run;
 * "progress" relays the runner's (at most every 100 ms), "finished" says how it ended.
 * Disposing the launcher (its window closing, another project opening) cancels every run:
 * what was written stays, and starting the run again completes only what is missing.
 */
#pragma once

#include "vs-eval-runner.h"
#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_EVAL_LAUNCHER (vs_eval_launcher_get_type ())
G_DECLARE_FINAL_TYPE (VsEvalLauncher, vs_eval_launcher, VS, EVAL_LAUNCHER, GObject)

VsEvalLauncher *vs_eval_launcher_new          (void);
/* Starts (or resumes) run @run_id of @project; @retry_errors re-runs trials that ended in
 * error. FALSE with @error set when the run cannot start (unknown run, no spec, a template
 * that does not load); a run already going is left as it is (TRUE). */
gboolean        vs_eval_launcher_start        (VsEvalLauncher  *self,
                                               VsProject       *project,
                                               gint64           run_id,
                                               gboolean         retry_errors,
                                               GError         **error);
gboolean        vs_eval_launcher_is_running   (VsEvalLauncher  *self,
                                               gint64           run_id);
/* FALSE when the run is not going. */
gboolean        vs_eval_launcher_get_progress (VsEvalLauncher  *self,
                                               gint64           run_id,
                                               VsEvalProgress  *out);
gboolean        vs_eval_launcher_is_paused    (VsEvalLauncher  *self,
                                               gint64           run_id);
void            vs_eval_launcher_pause        (VsEvalLauncher  *self,
                                               gint64           run_id);
void            vs_eval_launcher_resume       (VsEvalLauncher  *self,
                                               gint64           run_id);
void            vs_eval_launcher_cancel       (VsEvalLauncher  *self,
                                               gint64           run_id);
/* Cancels every run (a project closing). */
void            vs_eval_launcher_cancel_all   (VsEvalLauncher  *self);

G_END_DECLS
