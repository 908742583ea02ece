/* vs-records-view.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows of one dataset as a table: a GtkColumnView over a VsRecordModel with the ordinal,
 * a one-line preview of each of the dataset's columns (or, in review mode, of the mapped chat
 * example with rating, tags and problems), tokens, split and review status. A
 * click on a header sorts in SQL (the model's sort), never in the view. Rows whose page has
 * not arrived yet show empty cells. The wizard and curation views build on it.
 */
#pragma once

#include <gtk/gtk.h>

#include "vs-project.h"
#include "vs-record-model.h"
#include "vs-record-selection.h"

G_BEGIN_DECLS

#define VS_TYPE_RECORDS_VIEW (vs_records_view_get_type ())
G_DECLARE_FINAL_TYPE (VsRecordsView, vs_records_view, VS, RECORDS_VIEW, GtkWidget)

GtkWidget     *vs_records_view_new             (void);
/* Shows @dataset_id of @project with a preview column per name in @columns (NULL-terminated;
 * may be NULL). The same project and dataset again keeps the model (and the scroll position);
 * a NULL project empties the view. */
void           vs_records_view_set_dataset     (VsRecordsView      *self,
                                                VsProject          *project,
                                                gint64              dataset_id,
                                                const char * const *columns);
/* The model shown, or NULL. */
VsRecordModel *vs_records_view_get_model       (VsRecordsView      *self);
GtkColumnView *vs_records_view_get_column_view (VsRecordsView      *self);
/* The selection (by record id: it survives reloads; see vs-record-selection.h). */
VsRecordSelection *vs_records_view_get_selection (VsRecordsView *self);
/* Review mode: rating, tags and problems, and — when @has_example (the dataset is mapped) —
 * the chat example (system, user, assistant) instead of the raw columns. Off by default. */
void           vs_records_view_set_review      (VsRecordsView      *self,
                                                gboolean            review,
                                                gboolean            has_example);
gboolean       vs_records_view_get_review      (VsRecordsView      *self);
/* Scrolls the table so that the row at @position is visible. */
void           vs_records_view_scroll_to       (VsRecordsView      *self,
                                                guint               position);
/* Shows or hides the column naming the cleaning step that dropped each record. */
void           vs_records_view_set_show_dropped_by (VsRecordsView *self,
                                                    gboolean       show);

G_END_DECLS
