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

static void
update_wheel_phase (GtkEventControllerFocus *focus,
                    GParamSpec              *pspec,
                    GtkEventController      *scroll)
{
  gtk_event_controller_set_propagation_phase (scroll,
                                              gtk_event_controller_focus_contains_focus (focus)
                                                ? GTK_PHASE_BUBBLE : GTK_PHASE_NONE);
}

static void
wheel_needs_focus (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  guint n = g_list_model_get_n_items (controllers);

  if (g_object_get_data (G_OBJECT (widget), "vs-wheel-needs-focus") != NULL)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      GtkEventController *focus;

      /* The widget's own wheel handling (GtkSpinButton, GtkScale add one in the bubble
       * phase): off until the widget holds the focus, so the event reaches the scroller. */
      if (!GTK_IS_EVENT_CONTROLLER_SCROLL (controller) ||
          gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_BUBBLE)
        continue;
      gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_NONE);
      focus = gtk_event_controller_focus_new ();
      g_signal_connect_object (focus, "notify::contains-focus", G_CALLBACK (update_wheel_phase),
                               controller, 0);
      gtk_widget_add_controller (widget, focus);
    }
  g_object_set_data (G_OBJECT (widget), "vs-wheel-needs-focus", GINT_TO_POINTER (TRUE));
}

void
vs_ui_wheel_needs_focus (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_SPIN_BUTTON (root) || GTK_IS_SCALE (root))
    wheel_needs_focus (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    vs_ui_wheel_needs_focus (child);
}

static void
sync_tooltip_to_label (GtkLabel *label)
{
  /* Only when the text can be cut: a tooltip repeating a short value is noise. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), gtk_label_get_label (label));
}

void
vs_ui_labels_keep_words (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_LABEL (root))
    {
      GtkLabel *label = GTK_LABEL (root);

      if (gtk_label_get_wrap (label) && gtk_label_get_ellipsize (label) == PANGO_ELLIPSIZE_NONE &&
          gtk_label_get_wrap_mode (label) != PANGO_WRAP_WORD)
        {
          if (gtk_widget_has_css_class (root, "subtitle"))
            {
              gtk_label_set_wrap (label, FALSE);
              gtk_label_set_lines (label, 1);
              gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
              sync_tooltip_to_label (label);
              g_signal_connect (label, "notify::label", G_CALLBACK (sync_tooltip_to_label), NULL);
            }
          else
            gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD);
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    vs_ui_labels_keep_words (child);
}

void
vs_ui_spin_button_compact (GtkSpinButton *spin)
{
  g_return_if_fail (GTK_IS_SPIN_BUTTON (spin));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (spin)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child))
      gtk_widget_set_visible (child, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (spin), "vs-compact");
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
