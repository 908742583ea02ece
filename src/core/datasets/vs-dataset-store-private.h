/* vs-dataset-store-private.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What core's writers of records must do to keep `dataset_counts` right. Triggers keep it for
 * edits of split or status and for deletions; inserts are not counted by a trigger (one per
 * row would slow a million-row import), so whoever inserts records adds them here, once per
 * batch, in the same transaction as the inserts. Private to core and its tests.
 */
#pragma once

#include <sqlite3.h>

#include "vs-dataset-store.h"

G_BEGIN_DECLS

/* Adds @delta (may be negative) to the records of @dataset_id with @split and @status, on
 * @db inside the caller's transaction. VS_ERROR_IO with SQLite's message when it fails (a
 * dataset that does not exist, a split or status that is not one). */
gboolean _vs_dataset_counts_add (sqlite3     *db,
                                 gint64       dataset_id,
                                 const char  *split,
                                 const char  *status,
                                 gint64       delta,
                                 GError     **error);

/* @name when no dataset has it, else "@name 2", "@name 3", … (the first free one), read on
 * @db (the writer's, inside the job that inserts the dataset). NULL with VS_ERROR_IO. */
char    *_vs_dataset_unique_name (sqlite3     *db,
                                  const char  *name,
                                  GError     **error);

G_END_DECLS
