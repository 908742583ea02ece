/* vs-dataset-snapshot-private.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What core's other readers and writers of snapshots share: freezing inside a write job that
 * is already running (an evaluation's cases, an export), and the statement that reads a
 * snapshot's records on any connection. Private to core and its tests.
 */
#pragma once

#include <sqlite3.h>

#include "vs-dataset-snapshot.h"
#include "vs-writer-private.h"

G_BEGIN_DECLS

/* Where a snapshot's records live: its dataset, generation and filter. */
typedef struct
{
  gint64   id;
  gint64   dataset_id;
  gint64   generation;
  gboolean accepted_only;
} VsSnapshotRef;

/* Inside a write job: freezes @dataset_id (see vs_dataset_snapshot_create()); *@out_name
 * (may be NULL) receives the name it got. Notes "snapshots" insert. */
gint64   _vs_dataset_snapshot_create_in_job (VsWriteContext  *ctx,
                                             gint64           dataset_id,
                                             const char      *name,
                                             gboolean         accepted_only,
                                             char           **out_name,
                                             GError         **error);

/* Looks up @snapshot_id on @db; FALSE with VS_ERROR_NOT_FOUND when there is none. */
gboolean _vs_dataset_snapshot_ref           (sqlite3        *db,
                                             gint64          snapshot_id,
                                             VsSnapshotRef  *ref,
                                             GError        **error);

typedef enum
{
  VS_SNAPSHOT_BY_ORDINAL,  /* ordered by ordinal; @after is an ordinal */
  VS_SNAPSHOT_BY_RECORD,   /* ordered by record id; @after is a record id */
} VsSnapshotOrder;

/* A statement on @db for the snapshot's records after @after (0: from the start), at most
 * @limit (-1: all), filtered by @status and @tag (may be NULL; the strings must outlive the
 * statement). Columns: record_id, ordinal, data, example, split, status, tags, tokens.
 * NULL with @error set when SQLite refuses it. */
sqlite3_stmt *_vs_dataset_snapshot_prepare_rows (sqlite3              *db,
                                                 const VsSnapshotRef  *ref,
                                                 VsSnapshotOrder       order,
                                                 gint64                after,
                                                 gint64                limit,
                                                 const char           *status,
                                                 const char           *tag,
                                                 GError              **error);

/* A statement on @db for the snapshot's record at one ordinal, bound to ?4 before each step
 * (at most one row). Columns: record_id, ordinal, data, split. */
sqlite3_stmt *_vs_dataset_snapshot_prepare_row_at (sqlite3              *db,
                                                   const VsSnapshotRef  *ref,
                                                   GError              **error);

/* An SQL expression: the data (JSON text) of record RECORD as the snapshot SNAP (an alias of
 * a `snapshots` row) froze it; NULL when it was not in it. */
#define VS_SNAPSHOT_DATA_SQL(SNAP, RECORD)                                                  \
  "(SELECT data FROM records WHERE id = " RECORD " AND dataset_id = " SNAP ".dataset_id"    \
  " AND born <= " SNAP ".generation"                                                        \
  " UNION ALL SELECT data FROM record_versions v WHERE v.dataset_id = " SNAP ".dataset_id" \
  " AND v.record_id = " RECORD " AND v.first_gen <= " SNAP ".generation"                   \
  " AND v.last_gen >= " SNAP ".generation LIMIT 1)"

G_END_DECLS
