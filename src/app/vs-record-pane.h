/* vs-record-pane.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The record being reviewed, beside the table: for preference data the chosen and rejected
 * replies side by side with Swap and Tie (first: they are what is judged); the mapped example
 * as a chat transcript whose turns are edited in place (role, text, weight on assistant turns;
 * add and remove turns); the example's problems re-checked as it is edited. Edits are written
 * through core (vs-dataset-curate.h) a moment after typing stops, when a turn is added or
 * removed, and before another record is shown; each write is announced with ::change so that
 * the view that owns the undo history can keep it. It never decides what record comes next.
 */
#pragma once

#include <gtk/gtk.h>

#include "vs-dataset-curate.h"
#include "vs-project.h"
#include "vs-record.h"

G_BEGIN_DECLS

#define VS_TYPE_RECORD_PANE (vs_record_pane_get_type ())
G_DECLARE_FINAL_TYPE (VsRecordPane, vs_record_pane, VS, RECORD_PANE, GtkWidget)

GtkWidget *vs_record_pane_new            (void);
/* The dataset whose records are shown (its mapping names a preference pair's columns). */
void       vs_record_pane_set_dataset    (VsRecordPane *self,
                                          VsProject    *project,
                                          gint64        dataset_id);
/* Shows @record (NULL: none). The same record again (reloaded after a write) updates what
 * changed without disturbing an edit in progress. */
void       vs_record_pane_set_record     (VsRecordPane *self,
                                          VsRecord     *record);
gint64     vs_record_pane_get_record_id  (VsRecordPane *self);
/* Writes an edit that is waiting, now. FALSE when the write failed (a toast says why). */
gboolean   vs_record_pane_commit         (VsRecordPane *self);
/* The problems shown for the example as it is now (VsDatasetCheck; transfer none). */
GPtrArray *vs_record_pane_get_problems   (VsRecordPane *self);
/* The turns shown, in order (VsTurnRow; transfer container). */
GPtrArray *vs_record_pane_get_turns      (VsRecordPane *self);
/* Measures the turns' text again a moment from now: for a pane whose width just changed (GTK
 * 4.8 may keep a re-wrapped text view at the height of an empty one). */
void       vs_record_pane_remeasure      (VsRecordPane *self);
/* Adds a turn after the last one (user after assistant and the other way round). */
void       vs_record_pane_add_turn       (VsRecordPane *self);

G_END_DECLS
