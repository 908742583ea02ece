/* vs-split-files.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A project dataset's train and validation splits as chat JSONL files in a private folder
 * under the user's cache, for what takes files (a fine-tuning upload, a training kit):
 * records keep their split (unassigned ones train), rejected records and those cleaning
 * dropped are left out, the test split stays out. The export runs on core's worker
 * (vs_dataset_export_dataset_async); freeing the result removes the folder.
 */
#pragma once

#include <gio/gio.h>

#include "vs-project.h"

G_BEGIN_DECLS

typedef struct
{
  char   *dir;
  char   *train;        /* NULL when the dataset has no training example */
  char   *validation;   /* NULL when it has no validation example */
  gint64  n_train;
  gint64  n_validation;
} VsSplitFiles;

void          vs_split_files_free         (VsSplitFiles        *files);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsSplitFiles, vs_split_files_free)

/* @snapshot_id: one of the dataset's snapshots, or 0 to freeze its records as they are. */
void          vs_split_files_export_async (VsProject           *project,
                                           gint64               dataset_id,
                                           gint64               snapshot_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
VsSplitFiles *vs_split_files_export_finish (VsProject          *project,
                                            GAsyncResult       *result,
                                            GError            **error);

G_END_DECLS
