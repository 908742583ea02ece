/* vs-ui-util.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

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

gboolean
vs_ui_decide_fold (gboolean folded,
                   int      width,
                   int      fold_below)
{
  if (width < fold_below)
    return TRUE;
  if (width >= fold_below + VS_UI_FOLD_HYSTERESIS)
    return FALSE;
  return folded;
}

gboolean
vs_ui_widget_is_showing (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
        return FALSE;
      if (GTK_IS_ROOT (widget))
        return TRUE;
    }
  return FALSE;
}
