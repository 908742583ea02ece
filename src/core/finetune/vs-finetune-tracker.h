/* vs-finetune-tracker.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Follows one fine-tuning job until it ends: GET the job, read its events, write both to the
 * project (when there is one), wait, again. The wait starts at @interval_ms, doubles while
 * nothing changes up to @max_interval_ms, and drops back when the state changes or events
 * arrive. At the end the checkpoints are read and written too, and the writer is flushed, so
 * the project holds everything the provider said before the call completes. Because every
 * round is written as it happens, tracking resumes after a restart: list the project's
 * unfinished jobs (vs_finetune_store_list_active) and track each again.
 */
#pragma once

#include "vs-finetune-provider.h"

G_BEGIN_DECLS

/* Called on the caller's context after each round (@job as just read, @n_new_events those
 * not seen before by this tracker). */
typedef void (*VsFinetuneProgressFunc) (const VsFinetuneJob *job,
                                        guint                n_new_events,
                                        gpointer             user_data);

void           vs_finetune_track_async  (VsFinetuneProvider     *provider,
                                         VsProject              *project,
                                         gint64                  job_id,
                                         const char             *remote_id,
                                         guint                   interval_ms,
                                         guint                   max_interval_ms,
                                         VsFinetuneProgressFunc  progress,
                                         gpointer                progress_data,
                                         GCancellable           *cancellable,
                                         GAsyncReadyCallback     callback,
                                         gpointer                user_data);
/* The job in its final state. */
VsFinetuneJob *vs_finetune_track_finish (VsFinetuneProvider     *provider,
                                         GAsyncResult           *result,
                                         GError                **error);

G_END_DECLS
