/* vs-accessible.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Names for what a screen reader announces, where GTK 4.8 and libadwaita 1.2 give none or a
 * wrong one: buttons built with a mnemonic label are named once, without the underline;
 * icon-only buttons by their tooltip; controls inside a row by the row's title; search
 * entries by their placeholder; list rows by the text they show. Applied to every widget as
 * it is realized, so widgets added later (list rows, dialogs, other pages) are covered too.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Once, at application startup. */
void  vs_accessible_init            (void);
/* Names @widget (and only it) by the rules above, if it has no better name. */
void  vs_accessible_name_widget     (GtkWidget  *widget);
/* "Save _Version…" → "Save Version…"; "__" stays one underscore. */
char *vs_accessible_strip_mnemonic  (const char *label);
/* Sets @widget's accessible label (the name a screen reader says). */
void  vs_accessible_set_label       (GtkWidget  *widget,
                                     const char *label);

G_END_DECLS
