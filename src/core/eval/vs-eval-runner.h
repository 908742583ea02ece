/* vs-eval-runner.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs an evaluation: every (contender, case, repeat) trial that has no result yet, through
 * the shared engine of each contender's endpoint (vs-engine-registry.h), with requests built
 * by vs_template_build_request() and at most the spec's `concurrency` requests in flight over
 * all contenders. Each result and its scores are queued to the project's writer as it arrives
 * (committed within ~100 ms), so a kill loses only the requests in flight; running the same
 * run again requests only what is missing. Errors (request failed after the engine's retries,
 * a judge without a verdict) are results in state "error"; they are re-run only with
 * vs_eval_runner_set_retry_errors().
 *
 * vs_eval_prepare_run() creates a run from a spec (importing a cases file as a dataset and
 * freezing it as a snapshot the run points at) or finds the run of that name to resume it.
 *
 * Threading: the runner lives on the thread-default main context it was created on (the
 * GUI's or the CLI's loop); vs_eval_prepare_run() blocks (import) — call it from a worker in
 * the GUI. Progress: the "progress" signal, at most every 100 ms and once at the end.
 */
#pragma once

#include <gio/gio.h>

#include "vs-eval-spec.h"
#include "vs-project.h"
#include "vs-request-engine.h"

G_BEGIN_DECLS

/* The run named @name, created from @spec when there is none (@out_existed FALSE), else the
 * existing run (@spec is then ignored: a run resumes as it was started). 0 with @error set
 * when the cases cannot be read or the project refuses the write. */
gint64 vs_eval_prepare_run (VsProject   *project,
                            VsEvalSpec  *spec,
                            const char  *name,
                            gboolean    *out_existed,
                            GError     **error);

/* The same without blocking (the GUI): the import runs on a worker, the writes through the
 * writer; @spec must stay alive until @callback. Completes on the caller's thread-default
 * main context. */
void   vs_eval_prepare_run_async  (VsProject            *project,
                                   VsEvalSpec           *spec,
                                   const char           *name,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
gint64 vs_eval_prepare_run_finish (VsProject            *project,
                                   GAsyncResult         *result,
                                   gboolean             *out_existed,
                                   GError              **error);

typedef struct
{
  gint64 total;       /* trials in the run */
  gint64 done;        /* trials with a result (passed, failed or error), earlier ones included */
  gint64 errors;      /* of them, in state error in this session */
  gint64 requested;   /* requests sent in this session */
  guint  in_flight;
  double elapsed_s;   /* since run_async */
  /* The same per contender (by position): trials each has, done, errors this session. */
  guint  n_contenders;
  gint64 contender_total;
  gint64 contender_done[VS_EVAL_MAX_CONTENDERS];
  gint64 contender_errors[VS_EVAL_MAX_CONTENDERS];
} VsEvalProgress;

#define VS_TYPE_EVAL_RUNNER (vs_eval_runner_get_type ())
G_DECLARE_FINAL_TYPE (VsEvalRunner, vs_eval_runner, VS, EVAL_RUNNER, GObject)

/* Loads the run's stored spec, contenders and engines. VS_ERROR_NOT_FOUND for an unknown run,
 * VS_ERROR_INVALID for a run without a spec or with a template that does not load. */
VsEvalRunner *vs_eval_runner_new              (VsProject            *project,
                                               gint64                run_id,
                                               GError              **error);
/* Contender @contender (by position) talks through @engine instead of the one built from the
 * spec's URL and key variable: the app's, for a saved endpoint whose key is in the keyring
 * (vs_engine_registry_get_async). Before run_async. */
void          vs_eval_runner_set_engine       (VsEvalRunner         *self,
                                               guint                 contender,
                                               VsRequestEngine      *engine);
void          vs_eval_runner_set_retry_errors (VsEvalRunner         *self,
                                               gboolean              retry_errors);
/* Completes when every trial has a result (state "done") or after cancellation (in-flight
 * answers dropped, state "cancelled", G_IO_ERROR_CANCELLED). Call once. */
void          vs_eval_runner_run_async        (VsEvalRunner         *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean      vs_eval_runner_run_finish       (VsEvalRunner         *self,
                                               GAsyncResult         *result,
                                               GError              **error);
/* Pause stops sending (answers in flight still arrive and are written); resume continues. */
void          vs_eval_runner_pause            (VsEvalRunner         *self);
void          vs_eval_runner_resume           (VsEvalRunner         *self);
gboolean      vs_eval_runner_get_paused       (VsEvalRunner         *self);
void          vs_eval_runner_get_progress     (VsEvalRunner         *self,
                                               VsEvalProgress       *out);

G_END_DECLS
