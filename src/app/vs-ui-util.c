/* vs-ui-util.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-dataset-steps.h"
#include "vs-secrets.h"
#include "vs-ui-util.h"

void
vs_ui_watch_object (gpointer    slot,
                    gpointer    object,
                    const char *signal,
                    GCallback   callback,
                    gpointer    self)
{
  GObject **field = slot;

  g_return_if_fail (field != NULL);
  g_return_if_fail (object == NULL || G_IS_OBJECT (object));
  g_return_if_fail (signal != NULL);

  if (*field != NULL)
    g_signal_handlers_disconnect_by_func (*field, callback, self);
  g_set_object (field, object);
  if (object != NULL)
    g_signal_connect_object (object, signal, callback, self, G_CONNECT_SWAPPED);
}

void
vs_ui_unwatch_object (gpointer  slot,
                      GCallback callback,
                      gpointer  self)
{
  GObject **field = slot;

  g_return_if_fail (field != NULL);

  if (*field != NULL)
    g_signal_handlers_disconnect_by_func (*field, callback, self);
  g_clear_object (field);
}

void
vs_ui_dispose_template (GtkWidget *widget,
                        GType      widget_type)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_widget_dispose_template (widget, widget_type);
  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

void
vs_ui_secrets_store_done (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  const char *what = user_data;
  g_autoptr(GError) error = NULL;

  if (!vs_secrets_store_finish (result, NULL, &error))
    g_debug ("%s: %s", what, error->message);
}

const char *
vs_ui_clean_step_title (const char *kind)
{
  VsDatasetCleanKind k = VS_DATASET_CLEAN_TRIM;

  vs_dataset_clean_kind_from_string (kind, &k);
  switch (k)
    {
    case VS_DATASET_CLEAN_TRIM: return _("Tidy whitespace");
    case VS_DATASET_CLEAN_DROP_EMPTY: return _("Drop empty examples");
    case VS_DATASET_CLEAN_DEDUP: return _("Drop exact duplicates");
    case VS_DATASET_CLEAN_NEAR_DEDUP: return _("Drop near-duplicates");
    case VS_DATASET_CLEAN_MAX_TOKENS: return _("Drop long examples");
    case VS_DATASET_CLEAN_DROP:
    default: return _("Drop chosen examples");
    }
}
