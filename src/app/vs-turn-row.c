/* vs-turn-row.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-turn-row.h"

const char * const vs_turn_roles[] = { "system", "user", "assistant", "tool", NULL };

struct _VsTurnRow
{
  GtkWidget       parent_instance;

  char           *other_role;  /* a role read from data that is not one of vs_turn_roles */
  gboolean        loading;     /* setting values: no "changed" */
  gboolean        weight_set;  /* FALSE: the message has no weight (trained by default) */

  GtkWidget      *box;
  GtkDropDown    *role_dropdown;
  GtkCheckButton *weight_check;
  GtkButton      *remove_button;
  GtkTextView    *text_view;
};

enum {
  CHANGED,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VsTurnRow, vs_turn_row, GTK_TYPE_WIDGET)

static const char *
role_label (const char *role)
{
  if (g_strcmp0 (role, "system") == 0)
    return C_("role", "System");
  if (g_strcmp0 (role, "user") == 0)
    return C_("role", "User");
  if (g_strcmp0 (role, "assistant") == 0)
    return C_("role", "Assistant");
  if (g_strcmp0 (role, "tool") == 0)
    return C_("role", "Tool");
  return role;
}

static void
emit_changed (VsTurnRow *self)
{
  if (!self->loading)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
update_weight (VsTurnRow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->weight_check),
                          g_strcmp0 (vs_turn_row_get_role (self), "assistant") == 0);
}

static void
on_role_selected (VsTurnRow *self)
{
  update_weight (self);
  emit_changed (self);
}

static void
on_weight_toggled (VsTurnRow *self)
{
  /* A choice made: the weight is now written out. */
  if (!self->loading)
    self->weight_set = TRUE;
  emit_changed (self);
}

static void
on_remove_clicked (VsTurnRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
on_text_changed (VsTurnRow *self)
{
  emit_changed (self);
}

const char *
vs_turn_row_get_role (VsTurnRow *self)
{
  guint selected;

  g_return_val_if_fail (VS_IS_TURN_ROW (self), NULL);

  selected = gtk_drop_down_get_selected (self->role_dropdown);
  if (selected < g_strv_length ((char **) vs_turn_roles))
    return vs_turn_roles[selected];
  return self->other_role;
}

void
vs_turn_row_set_role (VsTurnRow  *self,
                      const char *role)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = GTK_INVALID_LIST_POSITION;

  g_return_if_fail (VS_IS_TURN_ROW (self));

  self->loading = TRUE;
  g_clear_pointer (&self->other_role, g_free);
  for (guint i = 0; vs_turn_roles[i] != NULL; i++)
    {
      gtk_string_list_append (labels, role_label (vs_turn_roles[i]));
      if (g_strcmp0 (role, vs_turn_roles[i]) == 0)
        selected = i;
    }
  if (selected == GTK_INVALID_LIST_POSITION)
    {
      self->other_role = g_strdup (role ? role : "");
      gtk_string_list_append (labels, self->other_role);
      selected = g_strv_length ((char **) vs_turn_roles);
    }
  gtk_drop_down_set_model (self->role_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->role_dropdown, selected);
  update_weight (self);
  self->loading = FALSE;
}

char *
vs_turn_row_dup_content (VsTurnRow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (VS_IS_TURN_ROW (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
vs_turn_row_set_content (VsTurnRow  *self,
                         const char *content)
{
  GtkTextBuffer *buffer;

  g_return_if_fail (VS_IS_TURN_ROW (self));

  buffer = gtk_text_view_get_buffer (self->text_view);
  self->loading = TRUE;
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, content ? content : "", -1);
  gtk_text_buffer_end_irreversible_action (buffer);
  self->loading = FALSE;
}

int
vs_turn_row_get_weight (VsTurnRow *self)
{
  g_return_val_if_fail (VS_IS_TURN_ROW (self), -1);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->weight_check)) || !self->weight_set)
    return -1;
  return gtk_check_button_get_active (self->weight_check) ? 1 : 0;
}

void
vs_turn_row_set_weight (VsTurnRow *self,
                        int        weight)
{
  g_return_if_fail (VS_IS_TURN_ROW (self));

  self->loading = TRUE;
  /* No weight: trained by default, shown as such, and left out of the example until changed. */
  self->weight_set = weight >= 0;
  gtk_check_button_set_active (self->weight_check, weight != 0);
  self->loading = FALSE;
}

GtkTextView *
vs_turn_row_get_text_view (VsTurnRow *self)
{
  g_return_val_if_fail (VS_IS_TURN_ROW (self), NULL);
  return self->text_view;
}

GtkWidget *
vs_turn_row_new (void)
{
  return g_object_new (VS_TYPE_TURN_ROW, NULL);
}

static void
vs_turn_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VS_TYPE_TURN_ROW);

  G_OBJECT_CLASS (vs_turn_row_parent_class)->dispose (object);
}

static void
vs_turn_row_finalize (GObject *object)
{
  VsTurnRow *self = VS_TURN_ROW (object);

  g_free (self->other_role);

  G_OBJECT_CLASS (vs_turn_row_parent_class)->finalize (object);
}

static void
vs_turn_row_class_init (VsTurnRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_turn_row_dispose;
  object_class->finalize = vs_turn_row_finalize;

  /* Role, text or weight changed by the user. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The remove button was clicked. */
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-turn-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VsTurnRow, box);
  gtk_widget_class_bind_template_child (widget_class, VsTurnRow, role_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VsTurnRow, weight_check);
  gtk_widget_class_bind_template_child (widget_class, VsTurnRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, VsTurnRow, text_view);
  gtk_widget_class_bind_template_callback (widget_class, on_role_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_weight_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vs_turn_row_init (VsTurnRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vs_turn_row_set_role (self, "user");
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->text_view), "changed",
                            G_CALLBACK (on_text_changed), self);
}
