/* vs-batch-launcher.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The evaluations a window runs through providers' batch APIs — the sibling of
 * VsEvalLauncher for runs started with "Run as batch". For each run: the engines of its
 * contenders' saved endpoints with their keys from the keyring (vs_engine_registry_get_async),
 * then core's batch runner (vs-batch-runner.h): submit, then watch — poll with the runner's
 * backoff until every batch has ended and been ingested. Runs submitted before the app started
 * are watched again when their project opens (vs_batch_launcher_watch_project). Cancel asks
 * the provider to cancel the run's batches and keeps watching until they have ended.
 *
 * Stopping (a window closing, another project opening) only stops watching: the batches go on
 * at the provider, and the next watch picks them up from the project's `batches` rows.
 * "changed" relays the runner's (a batch row changed); "finished" says how watching ended.
 */
#pragma once

#include "vs-project.h"

G_BEGIN_DECLS

typedef enum
{
  VS_BATCH_PHASE_NONE,        /* not going in this launcher */
  VS_BATCH_PHASE_PREPARING,   /* looking up the contenders' engines */
  VS_BATCH_PHASE_SUBMITTING,  /* writing, uploading and creating the batches */
  VS_BATCH_PHASE_WAITING,     /* polling until every batch has ended */
  VS_BATCH_PHASE_CANCELLING,  /* asking the provider to cancel the batches */
} VsBatchPhase;

#define VS_TYPE_BATCH_LAUNCHER (vs_batch_launcher_get_type ())
G_DECLARE_FINAL_TYPE (VsBatchLauncher, vs_batch_launcher, VS, BATCH_LAUNCHER, GObject)

VsBatchLauncher *vs_batch_launcher_new            (void);
/* Submits every trial of run @run_id without a result (with @retry_errors, the error trials
 * too) as batches, then watches them. FALSE with @error set when the run cannot start (an
 * unknown run, no spec, a project open read-only); a run already going is left as it is. */
gboolean         vs_batch_launcher_submit         (VsBatchLauncher  *self,
                                                   VsProject        *project,
                                                   gint64            run_id,
                                                   gboolean          retry_errors,
                                                   GError          **error);
/* Watches the batches run @run_id already has (polls until every one has ended). */
gboolean         vs_batch_launcher_watch          (VsBatchLauncher  *self,
                                                   VsProject        *project,
                                                   gint64            run_id,
                                                   GError          **error);
/* Watches every run of @project in state "submitted"; the number of runs now watched. */
guint            vs_batch_launcher_watch_project  (VsBatchLauncher  *self,
                                                   VsProject        *project);
VsBatchPhase     vs_batch_launcher_get_phase      (VsBatchLauncher  *self,
                                                   gint64            run_id);
gboolean         vs_batch_launcher_is_running     (VsBatchLauncher  *self,
                                                   gint64            run_id);
/* Sets the polling interval in milliseconds of the runs started from now on (0, the default:
 * the runner's backoff, 1 s doubling up to 60 s). */
void             vs_batch_launcher_set_poll_interval_ms (VsBatchLauncher *self,
                                                      guint            ms);
/* Asks the provider to cancel the run's batches; watching goes on until they have ended. */
void             vs_batch_launcher_cancel         (VsBatchLauncher  *self,
                                                   gint64            run_id);
/* Stops watching every run (their batches go on at the provider). */
void             vs_batch_launcher_stop_all       (VsBatchLauncher  *self);

G_END_DECLS
