/* vs-accessible.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 names a widget from its accessible label followed by the names of the widgets it is
 * labelled by, and falls back to the type name ("GtkImage", "GtkSpinButton"). A button made
 * with a mnemonic label sets both, so it is read as "Save _Version… Save Version…"; icon-only
 * buttons, spin buttons and switches in rows, search entries and list rows get no name at
 * all. An emission hook on GtkWidget::realize fixes each widget (and what it holds) once,
 * with the rules of vs-accessible.h; a name set on purpose with vs_accessible_set_label()
 * is never replaced.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "vs-accessible.h"

/* Set on a widget named on purpose (never renamed), and on a button whose label is followed. */
static GQuark
explicit_quark (void)
{
  return g_quark_from_static_string ("vs-accessible-explicit");
}

static GQuark
named_quark (void)
{
  return g_quark_from_static_string ("vs-accessible-named");
}

char *
vs_accessible_strip_mnemonic (const char *label)
{
  GString *text;

  if (label == NULL)
    return NULL;
  text = g_string_sized_new (strlen (label));
  for (const char *p = label; *p; p++)
    {
      if (*p == '_' && p[1] == '_')
        p++;
      else if (*p == '_' && p[1] != '\0')
        continue;
      g_string_append_c (text, *p);
    }
  return g_string_free (text, FALSE);
}

static void
set_label (GtkWidget  *widget,
           const char *label)
{
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

void
vs_accessible_set_label (GtkWidget  *widget,
                         const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  g_object_set_qdata (G_OBJECT (widget), explicit_quark (), GINT_TO_POINTER (TRUE));
  set_label (widget, label);
}

static gboolean
is_explicit (GtkWidget *widget)
{
  return g_object_get_qdata (G_OBJECT (widget), explicit_quark ()) != NULL;
}

/* The labels inside @widget, in order (a list row's title and subtitle) — not those of the
 * controls it holds, nor of stack pages not shown. */
static void
collect_labels (GtkWidget *widget,
                GList    **labels)
{
  GtkWidget *shown = GTK_IS_STACK (widget) ? gtk_stack_get_visible_child (GTK_STACK (widget)) : NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child) || (GTK_IS_STACK (widget) && child != shown))
        continue;
      if (GTK_IS_LABEL (child))
        {
          const char *text = gtk_label_get_text (GTK_LABEL (child));

          if (text != NULL && *text != '\0')
            *labels = g_list_prepend (*labels, child);
        }
      else if (!GTK_IS_BUTTON (child) && !GTK_IS_MENU_BUTTON (child) &&
               !GTK_IS_DROP_DOWN (child) && !GTK_IS_POPOVER (child) && !GTK_IS_EDITABLE (child) &&
               !GTK_IS_TEXT_VIEW (child) && !GTK_IS_LIST_BOX (child))
        collect_labels (child, labels);
    }
}

static gboolean
label_by_content (GtkWidget *widget)
{
  GList *labels = NULL;
  GValue value = G_VALUE_INIT;
  GtkAccessibleRelation relation = GTK_ACCESSIBLE_RELATION_LABELLED_BY;

  collect_labels (widget, &labels);
  if (labels == NULL)
    return FALSE;
  labels = g_list_reverse (labels);
  /* Only the content: a label set by GTK would be said before it. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
  g_value_init (&value, G_TYPE_POINTER);
  g_value_set_pointer (&value, labels);
  gtk_accessible_update_relation_value (GTK_ACCESSIBLE (widget), 1, &relation, &value);
  /* The accessible keeps the list. */
  g_value_unset (&value);
  return TRUE;
}

/* A row's title for what sits in it: "Temperature" for its spin button. */
static gboolean
label_by_row (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);
  g_autofree char *title = NULL;

  if (row == NULL)
    return FALSE;
  title = vs_accessible_strip_mnemonic (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  if (title == NULL || *title == '\0')
    return FALSE;
  set_label (widget, title);
  return TRUE;
}

static gboolean
label_by_tooltip (GtkWidget *widget)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (tooltip == NULL || *tooltip == '\0')
    return FALSE;
  set_label (widget, tooltip);
  return TRUE;
}

/* A name given in a .ui file or by GTK itself (a stack switcher's tab): kept. GTK 4.8 has no
 * getter for accessible properties but the test API, which reads the same context. */
static gboolean
has_name (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static void on_label_changed (GtkWidget *widget);

static void
name_button (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);
  const char *label = gtk_button_get_label (GTK_BUTTON (widget));
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));

  if (g_object_get_qdata (G_OBJECT (widget), named_quark ()) == NULL)
    {
      g_object_set_qdata (G_OBJECT (widget), named_quark (), GINT_TO_POINTER (TRUE));
      g_signal_connect (widget, "notify::label", G_CALLBACK (on_label_changed), NULL);
    }

  if (label != NULL && *label != '\0')
    {
      if (gtk_button_get_use_underline (GTK_BUTTON (widget)))
        {
          g_autofree char *plain = vs_accessible_strip_mnemonic (label);

          set_label (widget, plain);
        }
      return;
    }

  /* A button with an icon and a label (AdwButtonContent): its label, once and without the
   * underline (GTK would say the label and then the label it is labelled by). */
  if (ADW_IS_BUTTON_CONTENT (child))
    {
      g_autofree char *plain =
        vs_accessible_strip_mnemonic (adw_button_content_get_label (ADW_BUTTON_CONTENT (child)));

      if (plain != NULL && *plain != '\0')
        set_label (widget, plain);
      return;
    }

  /* A drop-down's button: the value it shows (GTK would add "(None)" before it). */
  if (gtk_widget_get_ancestor (widget, GTK_TYPE_DROP_DOWN) != NULL)
    {
      label_by_content (widget);
      return;
    }

  /* GTK labels an icon button by its image, whose name is "GtkImage": only a label counts. */
  if ((child == NULL || GTK_IS_IMAGE (child))
        ? gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL)
        : has_name (widget))
    return;

  /* The toggle inside a menu button is the menu button. */
  if (GTK_IS_MENU_BUTTON (parent))
    {
      const char *menu_label = gtk_menu_button_get_label (GTK_MENU_BUTTON (parent));

      if (menu_label != NULL && *menu_label != '\0')
        {
          g_autofree char *plain = vs_accessible_strip_mnemonic (menu_label);

          set_label (widget, plain);
        }
      else if (!label_by_tooltip (parent))
        label_by_row (widget);
      else
        {
          const char *tooltip = gtk_widget_get_tooltip_text (parent);

          set_label (widget, tooltip);
        }
      return;
    }

  /* Icon-only: the tooltip says what it does. */
  if (child == NULL || GTK_IS_IMAGE (child))
    {
      if (!label_by_tooltip (widget))
        label_by_row (widget);
      return;
    }

  /* A custom child: the text it shows. */
  if (!GTK_IS_BOX (child))
    label_by_content (widget);
}

static void
on_label_changed (GtkWidget *widget)
{
  if (!is_explicit (widget))
    name_button (widget);
}

void
vs_accessible_name_widget (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (is_explicit (widget))
    return;

  if (GTK_IS_BUTTON (widget))
    name_button (widget);
  else if (has_name (widget))
    return;
  else if (GTK_IS_MENU_BUTTON (widget))
    {
      const char *label = gtk_menu_button_get_label (GTK_MENU_BUTTON (widget));

      if (label != NULL && *label != '\0')
        {
          g_autofree char *plain = vs_accessible_strip_mnemonic (label);

          set_label (widget, plain);
        }
      else
        label_by_tooltip (widget);
    }
  else if (GTK_IS_SPIN_BUTTON (widget) || GTK_IS_SWITCH (widget) || GTK_IS_DROP_DOWN (widget) ||
           GTK_IS_SCALE (widget) ||
           (GTK_IS_CHECK_BUTTON (widget) &&
            gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)) == NULL))
    {
      if (!label_by_row (widget))
        label_by_tooltip (widget);
    }
  else if (GTK_IS_SEARCH_ENTRY (widget))
    {
      g_autofree char *placeholder = NULL;

      g_object_get (widget, "placeholder-text", &placeholder, NULL);
      if (placeholder != NULL && *placeholder != '\0')
        set_label (widget, placeholder);
      else if (!label_by_tooltip (widget))
        set_label (widget, _("Search"));
    }
  else if (ADW_IS_EXPANDER_ROW (widget))
    {
      g_autofree char *title =
        vs_accessible_strip_mnemonic (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));

      set_label (widget, title);
    }
  else if (GTK_IS_LIST_BOX_ROW (widget) && !ADW_IS_PREFERENCES_ROW (widget) &&
           gtk_widget_get_ancestor (widget, ADW_TYPE_EXPANDER_ROW) != NULL)
    {
      /* A widget added to an expander row is wrapped in a plain row: the expander names it. */
      GtkWidget *expander = gtk_widget_get_ancestor (widget, ADW_TYPE_EXPANDER_ROW);
      g_autofree char *title =
        vs_accessible_strip_mnemonic (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (expander)));

      if (!label_by_content (widget))
        set_label (widget, title);
    }
  else if ((GTK_IS_LIST_BOX_ROW (widget) && !ADW_IS_PREFERENCES_ROW (widget)) ||
           g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkListItemWidget"))
    label_by_content (widget);
}

static void
name_tree (GtkWidget *widget)
{
  vs_accessible_name_widget (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    name_tree (child);
}

static gboolean
on_realize (GSignalInvocationHint *hint,
            guint                  n_params,
            const GValue          *params,
            gpointer               user_data)
{
  GObject *object = g_value_get_object (&params[0]);

  if (GTK_IS_WIDGET (object))
    name_tree (GTK_WIDGET (object));
  return TRUE;
}

void
vs_accessible_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      GTypeClass *klass = g_type_class_ref (GTK_TYPE_WIDGET);

      g_signal_add_emission_hook (g_signal_lookup ("realize", GTK_TYPE_WIDGET), 0, on_realize,
                                  NULL, NULL);
      g_type_class_unref (klass);
      g_once_init_leave (&initialized, 1);
    }
}
