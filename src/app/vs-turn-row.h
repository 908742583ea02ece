/* vs-turn-row.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One message of a chat example, editable in place in the record pane: its role, its text
 * and, on an assistant turn, whether it is trained on (`weight` 1 or 0). It holds what is
 * shown; the pane reads it back when it builds the example. Not a message of a prompt
 * template (that is VsMessageRow, with variables and a source view).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VS_TYPE_TURN_ROW (vs_turn_row_get_type ())
G_DECLARE_FINAL_TYPE (VsTurnRow, vs_turn_row, VS, TURN_ROW, GtkWidget)

/* The roles a turn can take, in the order the role menu lists them. */
extern const char * const vs_turn_roles[];

GtkWidget  *vs_turn_row_new         (void);
/* "system", "user", "assistant" or "tool"; another role read from data is shown as it is. */
const char *vs_turn_row_get_role    (VsTurnRow  *self);
void        vs_turn_row_set_role    (VsTurnRow  *self,
                                     const char *role);
char       *vs_turn_row_dup_content (VsTurnRow  *self);
void        vs_turn_row_set_content (VsTurnRow  *self,
                                     const char *content);
/* -1: no weight (the key is left out); 0 or 1 on an assistant turn. */
int         vs_turn_row_get_weight  (VsTurnRow  *self);
void        vs_turn_row_set_weight  (VsTurnRow  *self,
                                     int         weight);
GtkTextView *vs_turn_row_get_text_view (VsTurnRow *self);

G_END_DECLS
