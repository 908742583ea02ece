/* vs-dataset-snapshot.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Snapshots: immutable, named versions of a dataset that exports, fine-tune jobs and
 * evaluation runs record, so every result says which rows produced it. A snapshot holds the
 * records that are not rejected (or only the accepted ones) and that no cleaning step dropped,
 * each as it was when the snapshot was taken: ordinal, data, mapped example, split, status,
 * tags and tokens.
 *
 * Cost: a snapshot is one row plus the old versions of what changed since the previous one
 * (schema v8: triggers on `records` keep `record_versions`), never a copy of the dataset — so
 * any writer of records keeps snapshots right without knowing about them.
 *
 * Threading: create, delete, list, get, find and diff belong on the thread that opened the
 * project (the GUI's main thread, the CLI); writes go through the project's writer and wait
 * for their commit (the _async create does not). vs_dataset_snapshot_foreach() reads on its
 * own connection and belongs on a worker thread for big snapshots. Errors: VS_ERROR_NOT_FOUND
 * (no such dataset or snapshot), VS_ERROR_EXISTS (the name is taken), VS_ERROR_INVALID (a
 * snapshot still referenced), VS_ERROR_FAILED (read-only project), VS_ERROR_IO (SQLite).
 */
#pragma once

#include <gio/gio.h>

#include "vs-project.h"

G_BEGIN_DECLS

typedef struct
{
  gint64    id;
  gint64    dataset_id;
  char     *name;
  gint64    generation;     /* 1 for a dataset's first snapshot, then 2, … */
  gboolean  accepted_only;
  gint64    n_records;
  char     *created_at;     /* ISO 8601 UTC */
  gint64    n_references;   /* exports, fine-tune jobs and runs that used it */
} VsSnapshotInfo;

void vs_snapshot_info_free (VsSnapshotInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsSnapshotInfo, vs_snapshot_info_free)

/* What changed between a snapshot and the dataset's previous one (the one with the highest
 * generation below it): records by ordinal that it has and the previous one had not (added),
 * the other way round (removed), and records in both whose content differs (edited: data,
 * example, split, tags, tokens or ordinal; a change of status alone that keeps the record in
 * both is not an edit). Without a previous snapshot every record is added. The ordinal arrays
 * (gint64, ascending) hold at most the max_ids asked for; the counts are complete. */
typedef struct
{
  gint64  snapshot_id;
  gint64  previous_id;     /* 0 when it is the first */
  char   *previous_name;   /* NULL when it is the first */
  gint64  n_added;
  gint64  n_removed;
  gint64  n_edited;
  GArray *added;
  GArray *removed;
  GArray *edited;
} VsSnapshotDiff;

void vs_snapshot_diff_free (VsSnapshotDiff *diff);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsSnapshotDiff, vs_snapshot_diff_free)

/* One record of a snapshot, borrowed for the duration of the callback. */
typedef struct
{
  gint64      record_id;
  gint64      ordinal;
  const char *data;      /* the row as imported: a JSON object, keys in source order */
  const char *example;   /* the mapped chat example (JSON), or NULL */
  const char *split;
  const char *status;
  const char *tags;      /* a JSON array of strings */
  gint64      tokens;    /* -1 when not counted */
} VsSnapshotRow;

/* Return FALSE (with @error set) to stop. */
typedef gboolean (*VsSnapshotRowFunc) (const VsSnapshotRow *row,
                                       gpointer             user_data,
                                       GError             **error);

/* Freezes @dataset_id's records as a snapshot called @name (NULL or empty: the local date and
 * time, "2026-12-02 10:45", with " 2", " 3", … appended when a snapshot of the dataset already
 * has that name). Returns its id, 0 with @error set. */
gint64          vs_dataset_snapshot_create (VsProject  *project,
                                            gint64      dataset_id,
                                            const char *name,
                                            gboolean    accepted_only,
                                            GError    **error);
void            vs_dataset_snapshot_create_async (VsProject          *project,
                                                  gint64              dataset_id,
                                                  const char         *name,
                                                  gboolean            accepted_only,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
gint64          vs_dataset_snapshot_create_finish (VsProject    *project,
                                                   GAsyncResult *result,
                                                   GError      **error);

/* The snapshots of @dataset_id, oldest first (VsSnapshotInfo). */
GPtrArray      *vs_dataset_snapshot_list (VsProject *project,
                                          gint64     dataset_id,
                                          GError   **error);
VsSnapshotInfo *vs_dataset_snapshot_get (VsProject *project,
                                         gint64     snapshot_id,
                                         GError   **error);
/* The snapshot of @dataset_id called @name_or_id, or whose id that number is; 0 with
 * VS_ERROR_NOT_FOUND when there is none. */
gint64          vs_dataset_snapshot_find (VsProject  *project,
                                          gint64      dataset_id,
                                          const char *name_or_id,
                                          GError    **error);
/* The ordinals in the diff's arrays are limited to @max_ids each (G_MAXUINT: all). Reads a
 * row per record that changed between the two snapshots (every record for a first one). */
VsSnapshotDiff *vs_dataset_snapshot_diff (VsProject *project,
                                          gint64     snapshot_id,
                                          guint      max_ids,
                                          GError   **error);
/* The same on a worker thread with a connection of its own (for the window). */
void            vs_dataset_snapshot_diff_async    (VsProject           *project,
                                                   gint64               snapshot_id,
                                                   guint                max_ids,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
VsSnapshotDiff *vs_dataset_snapshot_diff_finish   (VsProject           *project,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* Deletes a snapshot that no export, fine-tune job or run used (VS_ERROR_INVALID otherwise)
 * and the record versions no other snapshot needs. */
gboolean        vs_dataset_snapshot_delete (VsProject *project,
                                            gint64     snapshot_id,
                                            GError   **error);

/* Calls @func for each record of the snapshot in ordinal order, on the calling thread with a
 * connection of its own. @status and @tag (may be NULL) keep only records that had that
 * status, or that tag, when the snapshot was taken. */
gboolean        vs_dataset_snapshot_foreach (VsProject        *project,
                                             gint64            snapshot_id,
                                             const char       *status,
                                             const char       *tag,
                                             VsSnapshotRowFunc func,
                                             gpointer          user_data,
                                             GCancellable     *cancellable,
                                             GError          **error);

/* The snapshot an export wrote the file @path from (matched by its SHA-256, so a file edited
 * since matches nothing), or 0. Reads the whole file: keep it off the GUI's thread for big
 * files. */
gint64          vs_dataset_snapshot_for_file (VsProject  *project,
                                              const char *path,
                                              GError    **error);
/* The same from the file's SHA-256 (lowercase hex); main thread. */
gint64          vs_dataset_snapshot_for_sha256 (VsProject  *project,
                                                const char *sha256);
/* The lowercase hex SHA-256 of the file at @path; NULL with G_IO_ERROR when unreadable. */
char           *vs_dataset_snapshot_file_sha256   (const char   *path,
                                                   GError      **error);

G_END_DECLS
