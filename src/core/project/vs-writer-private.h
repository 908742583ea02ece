/* vs-writer-private.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How core's stores write: a job is a function that runs on the writer thread with the
 * writer's connection, inside a SAVEPOINT of the current batch transaction. A job that fails
 * (returns FALSE with @error set) is rolled back alone — the rest of the batch commits — and
 * the change notes it made are dropped. Jobs run in the order they were queued.
 *
 * Completion: _vs_writer_submit() calls @callback on the thread-default main context of the
 * caller after the job's transaction has committed (or with the error). Its @data is given to
 * the job, is still alive in the callback (_vs_writer_job_get_data), and is freed with
 * @data_free afterwards — so a job can return figures (a new row id, counts) through it.
 * Anything in @data is used on the writer thread: give it copies, never shared mutable objects.
 *
 * Private to core and its tests.
 */
#pragma once

#include <sqlite3.h>

#include "vs-project.h"
#include "vs-writer.h"

G_BEGIN_DECLS

typedef struct _VsWriteContext VsWriteContext;

typedef gboolean (*VsWriteFunc) (VsWriteContext  *ctx,
                                 gpointer         data,
                                 GError         **error);

/* Created by the project when it opens read-write; stops after draining the queue. */
VsWriter      *_vs_writer_new                (VsProject        *project,
                                              GError          **error);
void           _vs_writer_free               (VsWriter         *self);

/* Queues @func. @callback may be NULL (fire and forget; a failure is logged with g_warning). */
void           _vs_writer_submit             (VsWriter            *self,
                                              VsWriteFunc          func,
                                              gpointer             data,
                                              GDestroyNotify       data_free,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean       _vs_writer_submit_finish      (VsWriter            *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* The @data given to _vs_writer_submit(), alive as long as @result. */
gpointer       _vs_writer_job_get_data       (GAsyncResult        *result);

/* Fire and forget with a completion on the WRITER thread: @done (may be NULL) runs right
 * after the job's transaction committed (@ok TRUE) or failed, then @data_free. For producers
 * without a main loop (an import's reading thread, a runner) that count what is committed. */
typedef void (*VsWriteDone) (gpointer      data,
                             gboolean      ok,
                             const GError *error);
void           _vs_writer_queue              (VsWriter            *self,
                                              VsWriteFunc          func,
                                              gpointer             data,
                                              GDestroyNotify       data_free,
                                              VsWriteDone          done);

/* Runs @func through the queue and blocks the calling thread until it is committed. The job
 * jumps ahead: the writer commits its open batch first, so the wait is one job, not a batch.
 * @data stays the caller's. For the CLI, tests and small interactive writes. */
gboolean       _vs_writer_run                (VsWriter            *self,
                                              VsWriteFunc          func,
                                              gpointer             data,
                                              GError             **error);

/* The same, behind everything already queued (no jumping ahead). */
gboolean       _vs_writer_run_in_order       (VsWriter            *self,
                                              VsWriteFunc          func,
                                              gpointer             data,
                                              GError             **error);

/* Back-pressure for producer threads (an import): blocks while more than @max_pending jobs
 * are queued. Never call it from the thread that must run completions. */
void           _vs_writer_wait_below         (VsWriter            *self,
                                              guint                max_pending);

/* Inside a job. */
sqlite3       *_vs_write_context_get_db      (VsWriteContext      *ctx);
/* The time the job runs, as vs_now_iso8601() writes it: one for all the rows a job writes
 * (a batch ingest's job writes a thousand results). */
const char    *_vs_write_context_get_now     (VsWriteContext      *ctx);
/* A statement prepared once per writer for @sql (cached by its text), reset with its bindings
 * cleared. Owned by the writer. NULL with @error set when SQLite refuses it. */
sqlite3_stmt  *_vs_write_context_prepare     (VsWriteContext      *ctx,
                                              const char          *sql,
                                              GError             **error);
/* Sets @error from the connection's last error (message names the project file). FALSE. */
gboolean       _vs_write_context_set_error   (VsWriteContext      *ctx,
                                              GError             **error);
/* Records what the job did; after the commit the notes are merged per (table, kind, parent)
 * and emitted as VsProject::changed. @id < 0 means "many / unknown rows". */
void           _vs_write_context_note        (VsWriteContext      *ctx,
                                              const char          *table,
                                              VsChangeKind         kind,
                                              gint64               parent_id,
                                              gint64               id);
VsProject     *_vs_write_context_get_project (VsWriteContext      *ctx);
VsWriter      *_vs_write_context_get_writer  (VsWriteContext      *ctx);

/* The job running on the calling thread (the writer's), or NULL. While a job runs,
 * vs_project_get_db() answers the writer's connection, vs_project_begin/commit/rollback become
 * a nested SAVEPOINT, and vs_project_emit_changed() becomes a change note: so a store can run
 * its existing SQL as a job with _vs_project_write(). */
VsWriteContext *_vs_writer_get_current       (void);

G_END_DECLS
