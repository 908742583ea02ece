/* vs-snapshot-list.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The snapshots of one dataset, oldest first, each with its records and what changed since
 * the previous one (added, removed, edited — core's vs_dataset_snapshot_diff) and how many
 * exports, fine-tunes and runs used it (filled in from a worker thread); a "Snapshot…" button
 * activates datasets.snapshot.
 * Rebuilt when the project announces a change of "snapshots" or "exports".
 */
#pragma once

#include <adwaita.h>

#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_SNAPSHOT_LIST (vs_snapshot_list_get_type ())
G_DECLARE_FINAL_TYPE (VsSnapshotList, vs_snapshot_list, VS, SNAPSHOT_LIST, AdwPreferencesGroup)

GtkWidget *vs_snapshot_list_new       (VsProject      *project,
                                       gint64          dataset_id);
/* Rows shown (for tests): one per snapshot. */
guint      vs_snapshot_list_get_n_snapshots (VsSnapshotList *self);

G_END_DECLS
