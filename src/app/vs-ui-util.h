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

G_END_DECLS
