/* vs-curation-view.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reviewing a dataset: the search and filter bar (VsRecordsFilterBar) and the progress
 * (reviewed of all records) above the records table (review mode), the record pane beside the
 * table (under it when the view is narrow), a bar of bulk actions for a multi-selection (or,
 * after Ctrl+A, every record the filter shows), and a hint bar at the bottom with the review
 * keys — J/K next/previous, A accept, R reject, 1–5 rating, T tag. The keys act on the current
 * record and never fire while a text field has the focus. It keeps the undo history of the
 * records' changes (review keys and edits in the pane; undoing one shows its record again)
 * and of bulk actions (whose toast also offers Undo).
 *
 * Actions (group "review"): next, previous, status (s), rate (i), tag (s), tag-prompt, undo,
 * redo, bulk-status (s), bulk-tag (s), bulk-untag (s), bulk-split (s), bulk-delete.
 */
#pragma once

#include <gtk/gtk.h>

#include "vs-project.h"
#include "vs-record-pane.h"
#include "vs-records-view.h"

G_BEGIN_DECLS

#define VS_TYPE_CURATION_VIEW (vs_curation_view_get_type ())
G_DECLARE_FINAL_TYPE (VsCurationView, vs_curation_view, VS, CURATION_VIEW, GtkWidget)

GtkWidget     *vs_curation_view_new              (void);
/* Shows @dataset_id of @project (NULL: nothing), with its @columns (NULL-terminated, may be
 * NULL) shown until the dataset is mapped. The same dataset again keeps the table. */
void           vs_curation_view_set_dataset      (VsCurationView     *self,
                                                  VsProject          *project,
                                                  gint64              dataset_id,
                                                  const char *const *columns);
VsRecordsView *vs_curation_view_get_records_view (VsCurationView *self);
VsRecordPane  *vs_curation_view_get_pane         (VsCurationView *self);
/* "12 of 60 reviewed", as the hint bar shows it. */
const char    *vs_curation_view_get_progress_text (VsCurationView *self);
/* Changes that can be undone now (for tests). */
guint          vs_curation_view_get_n_undo       (VsCurationView *self);

G_END_DECLS
