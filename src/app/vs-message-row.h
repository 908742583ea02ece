/* vs-message-row.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One chat message in the prompt editor: a role selector and a GtkSourceView with template
 * highlighting, syntax problems underlined (the message in a tooltip), and the ways to move it
 * (drag handle, Alt+↑/↓, buttons). It only reports edits through signals; the editor owns the
 * template and decides what an edit means.
 */
#pragma once

#include <gtksourceview/gtksource.h>

#include "vs-template.h"

G_BEGIN_DECLS

#define VS_TYPE_MESSAGE_ROW (vs_message_row_get_type ())
G_DECLARE_FINAL_TYPE (VsMessageRow, vs_message_row, VS, MESSAGE_ROW, GtkListBoxRow)

/* Signals: "content-changed" (), "role-changed" (), "move-requested" (guint to_index),
 * "remove-requested" (). */
VsMessageRow    *vs_message_row_new          (guint              index,
                                              VsTemplateRole     role,
                                              const char        *content);
guint            vs_message_row_get_index    (VsMessageRow      *self);
void             vs_message_row_set_index    (VsMessageRow      *self,
                                              guint              index,
                                              guint              n_messages);
VsTemplateRole   vs_message_row_get_role     (VsMessageRow      *self);
char            *vs_message_row_dup_content  (VsMessageRow      *self);
GtkSourceBuffer *vs_message_row_get_buffer   (VsMessageRow      *self);
GtkWidget       *vs_message_row_get_view     (VsMessageRow      *self);
/* Underlines @problems (VsTemplateProblem with byte ranges in this message's content; the
 * array may hold other messages' problems, which are skipped). NULL clears. */
void             vs_message_row_set_problems (VsMessageRow      *self,
                                              GPtrArray         *problems);
/* Selects problem @index (in the order of the problems list) and puts the keyboard there. */
void             vs_message_row_show_problem  (VsMessageRow      *self,
                                               guint              index);
guint            vs_message_row_get_n_problems (VsMessageRow    *self);
/* The tooltip text at character @offset, or NULL (for tests and the tooltip itself). */
const char      *vs_message_row_get_problem_at (VsMessageRow    *self,
                                                int              offset);

G_END_DECLS
