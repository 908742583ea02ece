/* vs-snapshot-dialog.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Snapshot…" on the Datasets page: freezes the selected dataset as a named, immutable
 * version (core's vs_dataset_snapshot_create_async). The name is prefilled with the date and
 * time (left as it is, a taken name gets " 2", …); a switch keeps only the accepted records.
 * The outcome is a toast on @page; the dialog closes at once and stays alive until the
 * snapshot is committed.
 */
#pragma once

#include <adwaita.h>

#include "vs-page.h"
#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_SNAPSHOT_DIALOG (vs_snapshot_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VsSnapshotDialog, vs_snapshot_dialog, VS, SNAPSHOT_DIALOG, AdwMessageDialog)

VsSnapshotDialog *vs_snapshot_dialog_new (VsPage     *page,
                                          VsProject  *project,
                                          gint64      dataset_id,
                                          const char *dataset_name);

G_END_DECLS
