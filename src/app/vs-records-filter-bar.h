/* vs-records-filter-bar.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The search and filter bar above a records table (VsRecordsView): a search entry (FTS5
 * queries, results best first), a Filters popover (split, status, rating, tag, problem key,
 * token range, near-duplicate cluster), the count of matching rows ("1,234 of 100,000 rows"),
 * and "Building search index…" with its progress while the project's index is built in the
 * background (VsSearchIndexer). It sets the filter fields of the view's VsRecordModel query
 * and leaves the others (sort, what cleaning dropped) to their owners; a new dataset starts
 * unfiltered. Matches are highlighted in the table's previews through
 * vs_records_filter_bar_mark_matches().
 */
#pragma once

#include <gtk/gtk.h>

#include "vs-record.h"
#include "vs-records-view.h"

G_BEGIN_DECLS

#define VS_TYPE_RECORDS_FILTER_BAR (vs_records_filter_bar_get_type ())
G_DECLARE_FINAL_TYPE (VsRecordsFilterBar, vs_records_filter_bar, VS, RECORDS_FILTER_BAR,
                      GtkWidget)

GtkWidget     *vs_records_filter_bar_new           (void);
VsRecordsView *vs_records_filter_bar_get_view      (VsRecordsFilterBar *self);
void           vs_records_filter_bar_set_view      (VsRecordsFilterBar *self,
                                                    VsRecordsView      *view);
/* Moves the keyboard focus to the search entry (Ctrl+F). */
void           vs_records_filter_bar_focus_search  (VsRecordsFilterBar *self);
/* Sets @text on @label, with the words @record's search matched in bold and highlighted. */
void           vs_records_filter_bar_mark_matches  (GtkLabel           *label,
                                                    const char         *text,
                                                    VsRecord           *record);

G_END_DECLS
