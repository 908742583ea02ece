/* vs-batch-runner.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs an evaluation through the providers' batch APIs instead of online requests: the trials
 * without a result become batch input files (vs_batch_write_files, one or more per contender,
 * kept in a per-project batch directory until ingested), each file is uploaded and created as
 * a batch (vs-batch-api.h) with a unique "versus_batch" token in its metadata — its `batches`
 * row is written before the create call, so a crash between the create and the store is
 * resolved on the next poll by finding the batch with that token. Polling reads each batch
 * that has not ended, stores its state and counts, and when it has ended downloads its output
 * and error files and ingests them (vs_batch_ingest_file); an expired, failed or cancelled
 * batch's unfinished trials become errors (vs_batch_fail_unfinished). While batches are out
 * the run's state is "submitted"; after the last ingest it is "done", exactly as an online
 * run — or "cancelled", as an online run the user stopped, when those batches were cancelled
 * (vs_batch_store_rows_cancelled(); the answers they had are kept). A cancelled run stays
 * cancelled until its trials are submitted again (retry_errors). Everything lives in the
 * project, so a new runner on the same project (after a restart) resumes from the `batches`
 * rows. No online chat request is ever made, and the response
 * cache is never read.
 *
 * Endpoints: each contender's, as the online runner resolves it (the spec's URL and API key
 * variable through the project's engine registry), or the engine given with
 * vs_batch_runner_set_engine() (the app's, for a saved endpoint whose key is in the keyring).
 * The API kind follows the endpoint's host (vs_batch_api_kind_for_endpoint) unless the
 * contender's spec names it: "batch_api": "openai" | "mistral".
 *
 * Threading: the runner lives on the thread-default main context it was created on. An ended
 * batch's files are ingested (vs_batch_ingest_file()) on a worker thread that opens the
 * project file again, with its own connections, writer and main context, and the results
 * are then announced on the runner's project ("results", "runs"); a project without a file
 * is ingested on the runner's thread, which then iterates its context while the writer
 * commits.
 */
#pragma once

#include <gio/gio.h>

#include "vs-project.h"
#include "vs-request-engine.h"

G_BEGIN_DECLS

#define VS_TYPE_BATCH_RUNNER (vs_batch_runner_get_type ())
G_DECLARE_FINAL_TYPE (VsBatchRunner, vs_batch_runner, VS, BATCH_RUNNER, GObject)

/* Loads the run's stored spec and contenders and resolves each contender's engine.
 * VS_ERROR_NOT_FOUND for an unknown run, VS_ERROR_INVALID for a run without a spec, VS_ERROR_IO
 * for a project open read-only. */
VsBatchRunner *vs_batch_runner_new               (VsProject            *project,
                                                  gint64                run_id,
                                                  GError              **error);
/* Contender @contender (by position) talks through @engine. Before submit/poll. */
void           vs_batch_runner_set_engine        (VsBatchRunner        *self,
                                                  guint                 contender,
                                                  VsRequestEngine      *engine);
/* 0 (the default): the first poll of wait_async within 1 s, the interval doubling up to
 * 60 s; otherwise every @seconds. */
void           vs_batch_runner_set_poll_interval (VsBatchRunner        *self,
                                                  guint                 seconds);
/* The same in milliseconds (the CLI's fractional --poll-interval, tests). */
void           vs_batch_runner_set_poll_interval_ms (VsBatchRunner     *self,
                                                     guint              ms);
/* Where the input files are written (default: "<project file>.batches/run-<id>" next to the
 * project, or the user cache directory for a project without a file). */
void           vs_batch_runner_set_directory     (VsBatchRunner        *self,
                                                  const char           *dir);
/* Lines and bytes per file before a new file is started (0: VS_BATCH_MAX_LINES,
 * VS_BATCH_MAX_BYTES). */
void           vs_batch_runner_set_limits        (VsBatchRunner        *self,
                                                  gint64                max_lines,
                                                  guint64               max_bytes);

/* Submits every trial without a result (and the error trials with @retry_errors) that is not
 * already in a batch still out, as batches, one or more per contender; completes once every
 * file is created (the run's state "submitted") or when nothing was left to submit. */
void           vs_batch_runner_submit_async      (VsBatchRunner        *self,
                                                  gboolean              retry_errors,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean       vs_batch_runner_submit_finish     (VsBatchRunner        *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
/* Polls every batch that has not ended once (resolving lost creates by their token); downloads
 * and ingests those that ended; sets the run "done" (or "cancelled") when none is left out. */
void           vs_batch_runner_poll_async        (VsBatchRunner        *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean       vs_batch_runner_poll_finish       (VsBatchRunner        *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
/* Polls with backoff (or the fixed interval) until every batch has ended and is ingested. */
void           vs_batch_runner_wait_async        (VsBatchRunner        *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean       vs_batch_runner_wait_finish       (VsBatchRunner        *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
/* Asks the provider to cancel every batch that has not ended, then polls once (a batch that
 * the provider has already cancelled is ingested: its finished lines kept, the rest errors). */
void           vs_batch_runner_cancel_async      (VsBatchRunner        *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean       vs_batch_runner_cancel_finish     (VsBatchRunner        *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
/* TRUE when the run is "cancelled" because its batches were cancelled, nothing submitted since
 * (vs_batch_store_rows_cancelled()): polling or submitting again sends nothing unless the
 * error trials are retried. */
gboolean       vs_batch_runner_was_cancelled     (VsBatchRunner        *self);
/* TRUE when every batch of the run has ended and been ingested (also with no batch at all). */
gboolean       vs_batch_runner_is_finished       (VsBatchRunner        *self);
/* The run's batches as stored (VsBatchRow of vs-batch-store.h), fresh from the project. */
GPtrArray     *vs_batch_runner_list              (VsBatchRunner        *self,
                                                  GError              **error);

/* Signal "changed" (runner): a batch row changed (state, counts, ingested) — read the rows
 * again with vs_batch_runner_list() or vs_batch_store_list(). */

G_END_DECLS
