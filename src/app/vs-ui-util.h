/* vs-ui-util.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plumbing the app's widgets share: following the "changed"-style signal of the object a
 * widget shows (a project, a template) as that object is replaced, and tearing down a
 * template widget's children. No widget of its own, no business logic.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Makes *@slot (a GObject * field of @self) hold @object, moving the handler that calls
 * @callback for @signal, connected G_CONNECT_SWAPPED to @self, from the old object to
 * @object. */
void vs_ui_watch_object       (gpointer     slot,
                               gpointer     object,
                               const char  *signal,
                               GCallback    callback,
                               gpointer     self);
/* For dispose: disconnects @callback (for @self) from *@slot and clears it. */
void vs_ui_unwatch_object     (gpointer     slot,
                               GCallback    callback,
                               gpointer     self);
/* For dispose: gtk_widget_dispose_template() and then unparents any child left. */
void vs_ui_dispose_template   (GtkWidget   *widget,
                               GType        widget_type);
/* A GAsyncReadyCallback for a vs_secrets_store_async() nobody waits for: a failure is only
 * logged with g_debug(), after @user_data (a static string saying what was being done). */
void vs_ui_secrets_store_done (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data);
/* The name people see for a cleaning step's kind ("dedup": "Drop exact duplicates"). */
const char *vs_ui_clean_step_title (const char *kind);

/* Whether @widget is shown or will be in the next frame: it, and every ancestor up to a
 * visible window, is visible and not hidden by its parent (a stack's other page, a folded
 * leaflet's other column). Unlike gtk_widget_get_mapped(), TRUE at once after a page switch;
 * for global shortcuts that must act only on what the user sees. */
gboolean vs_ui_widget_is_showing (GtkWidget *widget);

/* Makes every spin button and scale inside @root (itself included, now: call it after
 * building the tree) leave the scroll wheel to the scrolled panel around it unless it has the
 * keyboard focus, so scrolling a panel never edits a number under the pointer. */
void vs_ui_wheel_needs_focus (GtkWidget *root);

/* Makes every wrapping label inside @root that may break inside a word (libadwaita's row
 * titles and subtitles wrap "word-char") break between words only, so a squeezed row never
 * shows "Temp-eratu-re": titles then ask for their longest word; subtitles, which show values
 * (names, URLs), ellipsize on one line instead, with the full text in a tooltip. Call it after
 * building the tree; rows added later need their own call. */
void vs_ui_labels_keep_words (GtkWidget *root);

/* Hides a spin button's − and + buttons: a compact number field for a narrow row (typing,
 * ↑ and ↓, and the wheel while focused still change it). */
void vs_ui_spin_button_compact (GtkSpinButton *spin);

/* The band a fold keeps its state in: a container folded below a width unfolds only this
 * much wider, so a size that moves a few pixels at the threshold cannot flip it back. */
#define VS_UI_FOLD_HYSTERESIS 40

/* Whether a container now @folded should be folded at the allocated @width: folded below
 * @fold_below, unfolded from @fold_below + VS_UI_FOLD_HYSTERESIS up, unchanged between. */
gboolean vs_ui_decide_fold    (gboolean     folded,
                               int          width,
                               int          fold_below);

G_END_DECLS
