/* vs-record-selection.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A multi-selection over a VsRecordModel that remembers records by id, not by position: when
 * the model reloads rows (an edit, token counts arriving from validation, a new sort) the
 * records stay selected wherever they land, which a position-based GtkMultiSelection loses.
 * "Select all" selects the model's whole query (every record it matches, loaded or not) minus
 * what is unselected afterwards, so a bulk action can run on it without loading a million
 * rows. A position selected while its page is still loading is resolved when it arrives.
 *
 * The current record is the one selected last (by a click, the keyboard or
 * vs_record_selection_select_position()); the record pane shows it.
 */
#pragma once

#include <gtk/gtk.h>

#include "vs-record-model.h"

G_BEGIN_DECLS

#define VS_TYPE_RECORD_SELECTION (vs_record_selection_get_type ())
G_DECLARE_FINAL_TYPE (VsRecordSelection, vs_record_selection, VS, RECORD_SELECTION, GObject)

VsRecordSelection *vs_record_selection_new             (VsRecordModel     *model);
VsRecordModel     *vs_record_selection_get_model       (VsRecordSelection *self);
void               vs_record_selection_set_model       (VsRecordSelection *self,
                                                        VsRecordModel     *model);
/* The current record's id (0: none) and its last known position (G_MAXUINT: none). */
gint64             vs_record_selection_get_current_id  (VsRecordSelection *self);
guint              vs_record_selection_get_current_position (VsRecordSelection *self);
/* The current record, when its row is loaded (transfer full), or NULL. */
VsRecord          *vs_record_selection_get_current     (VsRecordSelection *self);
/* Selects only the record at @position and makes it current. */
void               vs_record_selection_select_position (VsRecordSelection *self,
                                                        guint              position);
/* TRUE when "select all" is in effect: the selection is the model's query minus
 * vs_record_selection_get_ids() (the unselected ones). */
gboolean           vs_record_selection_get_all         (VsRecordSelection *self);
/* The selected ids (or, with get_all, the ids left out), in no order. */
GArray            *vs_record_selection_get_ids         (VsRecordSelection *self);
/* How many records are selected; with get_all, the model's count minus the exceptions. */
guint              vs_record_selection_get_n_selected  (VsRecordSelection *self);

G_END_DECLS
