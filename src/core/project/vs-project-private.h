/* vs-project-private.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What core's modules share about the project file and no page or command may see: the
 * connections, SQL helpers, the schema and its forward migrations. Private to core and its
 * tests; public headers never include sqlite3.h.
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "vs-project.h"
#include "vs-writer-private.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* For the stores in core: the main-thread connection, a fresh connection for a
 * worker thread (same pragmas; the caller closes it with sqlite3_close()), and helpers that
 * turn SQLite errors into VS_ERROR with the path in the message. */
sqlite3    *vs_project_get_db            (VsProject           *self);
sqlite3    *vs_project_open_connection   (VsProject           *self,
                                          GError             **error);
gboolean    vs_project_exec              (VsProject           *self,
                                          const char          *sql,
                                          GError             **error);
gboolean    vs_project_begin             (VsProject           *self,
                                          GError             **error);
gboolean    vs_project_commit            (VsProject           *self,
                                          GError             **error);
void        vs_project_rollback          (VsProject           *self);
gboolean    vs_project_set_error_from_db (VsProject           *self,
                                          GError             **error);

/* A statement on the project's connection (the writer's inside a write job); NULL with
 * @error set when SQLite refuses @sql. Free it with sqlite3_finalize (or g_autoptr). */
sqlite3_stmt *_vs_project_prepare   (VsProject     *self,
                                     const char    *sql,
                                     GError       **error);
/* Runs @sql (no parameters) and turns each row into an element with @row; the array frees
 * them with @free_func. NULL with @error set when SQLite fails. */
typedef gpointer (*VsRowFunc) (sqlite3_stmt *stmt);
GPtrArray   *_vs_project_query_list (VsProject     *self,
                                     const char    *sql,
                                     VsRowFunc      row,
                                     GDestroyNotify free_func,
                                     GError       **error);
/* The same for a statement already prepared and bound (it is finalized here). */
GPtrArray   *_vs_project_collect    (VsProject     *self,
                                     sqlite3_stmt  *stmt,
                                     VsRowFunc      row,
                                     GDestroyNotify free_func,
                                     GError       **error);
/* A copy of a text column; NULL for NULL. */
char        *_vs_sql_dup_text       (sqlite3_stmt  *stmt,
                                     int            column);

/* A VS_ERROR for SQLite's @rc on @db (may be NULL), naming the file. Always FALSE. */
gboolean _vs_project_set_db_error (sqlite3     *db,
                                   const char  *path,
                                   int          rc,
                                   GError     **error);

/* Runs @func as a write job on the project's writer and waits for its commit (it jumps the
 * queue: the wait is for the job in progress, not the backlog). Changes it announces with
 * vs_project_emit_changed() are emitted after the commit, before this returns when the caller
 * runs the project's main context. Inside a job already, runs @func there. Fails on a
 * read-only project. */
gboolean _vs_project_write (VsProject     *self,
                            VsWriteFunc    func,
                            gpointer       data,
                            GError       **error);

int      _vs_project_schema_latest (void);
/* Runs migrations (from, to] on @db inside the caller's transaction and sets user_version. */
gboolean _vs_project_schema_migrate (sqlite3  *db,
                                     int       from,
                                     int       to,
                                     GError  **error);

G_END_DECLS
