/* vs-writer.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project's one writer: a thread with a queue that owns the only connection that writes to
 * the project file. Stores queue write jobs (see vs-writer-private.h); the writer groups them
 * into transactions committed at most ~100 ms apart, reports each job's completion on the
 * main context of the thread that queued it, and emits VsProject::changed with the rows each
 * commit touched on the project's main context. So the main thread never waits for the write
 * lock, and a crash loses at most the last ~100 ms of queued writes.
 *
 * This header is the part that pages and the CLI may use: waiting until everything queued so
 * far is committed. A read-only project has no writer (vs_project_get_writer() returns NULL).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _VsWriter VsWriter;

/* Longest time a transaction stays open while jobs keep arriving. */
#define VS_WRITER_BATCH_MS 100

/* Completes once every job queued before the call is committed (or has failed). */
void      vs_writer_flush_async  (VsWriter            *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
gboolean  vs_writer_flush_finish (VsWriter            *self,
                                  GAsyncResult        *result,
                                  GError             **error);
/* Blocks the calling thread: for the CLI, tests and worker threads, never the GUI's loop. */
gboolean  vs_writer_flush        (VsWriter            *self,
                                  GError             **error);
/* Jobs queued and not yet committed. */
guint     vs_writer_get_pending  (VsWriter            *self);

G_END_DECLS
