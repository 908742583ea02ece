/* vs-message-row.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vs-accessible.h"
#include "vs-message-row.h"
#include "vs-source-util.h"

typedef struct
{
  int   start;   /* character offsets in the buffer */
  int   end;
  char *message;
} Underline;

struct _VsMessageRow
{
  GtkListBoxRow    parent_instance;

  guint            index;
  GArray          *underlines;  /* Underline */
  GtkTextTag      *error_tag;

  /* Template widgets */
  GtkWidget       *card;
  GtkImage        *handle;
  GtkDropDown     *role;
  GtkLabel        *summary;
  GtkMenuButton   *problems_button;
  GtkPopover      *problems_popover;
  GtkListBox      *problems_list;
  GtkSourceView   *view;
};

G_DEFINE_FINAL_TYPE (VsMessageRow, vs_message_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  CONTENT_CHANGED,
  ROLE_CHANGED,
  MOVE_REQUESTED,
  REMOVE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
underline_clear (gpointer data)
{
  Underline *underline = data;

  g_free (underline->message);
}

static void
update_summary (VsMessageRow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
  int chars = gtk_text_buffer_get_char_count (buffer);
  g_autofree char *tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d character",
                                                           "%d characters", chars), chars);

  /* Only problems are worth the room; the character count is in the tooltip. Problems are a
   * button, so the keyboard reaches them, with their list and a way to each. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->summary), tooltip);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_button), self->underlines->len > 0);
  if (self->underlines->len > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d problem",
                                                            "%d problems",
                                                            self->underlines->len),
                                               self->underlines->len);

      g_autoptr(GString) tooltip_list = g_string_new (NULL);

      gtk_menu_button_set_label (self->problems_button, text);
      /* The problems themselves, one a line, for a glance without opening the list. */
      for (guint i = 0; i < self->underlines->len; i++)
        {
          const Underline *underline = &g_array_index (self->underlines, Underline, i);

          if (i > 0)
            g_string_append_c (tooltip_list, '\n');
          g_string_append (tooltip_list, underline->message);
        }
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->problems_button), tooltip_list->str);
    }
}

/* The problems' list behind the button: rebuilt when the problems change, not per keystroke. */
static void
update_problem_list (VsMessageRow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, child);
  for (guint i = 0; i < self->underlines->len; i++)
    {
      const Underline *underline = &g_array_index (self->underlines, Underline, i);
      GtkWidget *label = gtk_label_new (underline->message);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
      gtk_list_box_append (self->problems_list, label);
    }
}

/* A problem picked from the list: the cursor goes to it, in the message's text. */
static void
on_problem_activated (VsMessageRow  *self,
                      GtkListBoxRow *row)
{
  int index = gtk_list_box_row_get_index (row);

  gtk_popover_popdown (self->problems_popover);
  vs_message_row_show_problem (self, index);
}

static void
on_buffer_changed (VsMessageRow *self)
{
  update_summary (self);
  g_signal_emit (self, signals[CONTENT_CHANGED], 0);
}

/* GTK 4.8's text view can keep the height of a layout made before it had its width (a row
 * built while the editor is on screen); asking again once it shows settles it. */
static gboolean
remeasure (gpointer data)
{
  VsMessageRow *self = data;

  gtk_widget_queue_resize (GTK_WIDGET (self->view));
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
on_view_mapped (VsMessageRow *self)
{
  g_timeout_add (50, remeasure, g_object_ref (self));
}

static void
on_role_selected (VsMessageRow *self)
{
  g_signal_emit (self, signals[ROLE_CHANGED], 0);
}

static gboolean
on_query_tooltip (VsMessageRow *self,
                  int           x,
                  int           y,
                  gboolean      keyboard_mode,
                  GtkTooltip   *tooltip,
                  GtkWidget    *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  const char *message;
  GtkTextIter iter;

  if (keyboard_mode)
    gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  else
    {
      int bx, by;

      gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (view), GTK_TEXT_WINDOW_WIDGET,
                                             x, y, &bx, &by);
      if (!gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (view), &iter, bx, by))
        return FALSE;
    }

  message = vs_message_row_get_problem_at (self, gtk_text_iter_get_offset (&iter));
  if (message == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, message);
  return TRUE;
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VsMessageRow *self = VS_MESSAGE_ROW (widget);

  if (g_str_equal (action_name, "row.move-up"))
    {
      if (self->index > 0)
        g_signal_emit (self, signals[MOVE_REQUESTED], 0, self->index - 1);
    }
  else
    g_signal_emit (self, signals[MOVE_REQUESTED], 0, self->index + 1);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE_REQUESTED], 0);
}

/* Drag and drop: the handle drags the row itself; any row accepts it and asks the dragged
 * row to move to its own place. */
static GdkContentProvider *
on_drag_prepare (VsMessageRow  *self,
                 double         x,
                 double         y,
                 GtkDragSource *source)
{
  return gdk_content_provider_new_typed (VS_TYPE_MESSAGE_ROW, self);
}

static void
on_drag_begin (VsMessageRow  *self,
               GdkDrag       *drag,
               GtkDragSource *source)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (self->card);

  gtk_drag_source_set_icon (source, paintable, 0, 0);
}

static gboolean
on_drop (VsMessageRow  *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  VsMessageRow *dragged = g_value_get_object (value);

  if (!VS_IS_MESSAGE_ROW (dragged) || dragged == self)
    return FALSE;
  g_signal_emit (dragged, signals[MOVE_REQUESTED], 0, self->index);
  return TRUE;
}

VsMessageRow *
vs_message_row_new (guint           index,
                    VsTemplateRole  role,
                    const char     *content)
{
  VsMessageRow *self = g_object_new (VS_TYPE_MESSAGE_ROW, NULL);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));

  self->index = index;
  g_signal_handlers_block_by_func (self->role, on_role_selected, self);
  gtk_drop_down_set_selected (self->role, role);
  g_signal_handlers_unblock_by_func (self->role, on_role_selected, self);

  /* The loaded text is not an edit: undo starts after it. */
  g_signal_handlers_block_by_func (buffer, on_buffer_changed, self);
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, content ? content : "", -1);
  gtk_text_buffer_end_irreversible_action (buffer);
  g_signal_handlers_unblock_by_func (buffer, on_buffer_changed, self);
  update_summary (self);

  return self;
}

guint
vs_message_row_get_index (VsMessageRow *self)
{
  g_return_val_if_fail (VS_IS_MESSAGE_ROW (self), 0);

  return self->index;
}

void
vs_message_row_set_index (VsMessageRow *self,
                          guint         index,
                          guint         n_messages)
{
  g_autofree char *label = NULL;

  g_return_if_fail (VS_IS_MESSAGE_ROW (self));

  self->index = index;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.move-up", index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.move-down", index + 1 < n_messages);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.remove", n_messages > 1);
  label = g_strdup_printf (_("Message %u"), index + 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  vs_accessible_set_label (GTK_WIDGET (self), label);
}

VsTemplateRole
vs_message_row_get_role (VsMessageRow *self)
{
  g_return_val_if_fail (VS_IS_MESSAGE_ROW (self), VS_TEMPLATE_ROLE_USER);

  return MIN (gtk_drop_down_get_selected (self->role), VS_TEMPLATE_ROLE_ASSISTANT);
}

char *
vs_message_row_dup_content (VsMessageRow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (VS_IS_MESSAGE_ROW (self), NULL);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

GtkSourceBuffer *
vs_message_row_get_buffer (VsMessageRow *self)
{
  g_return_val_if_fail (VS_IS_MESSAGE_ROW (self), NULL);

  return GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view)));
}

GtkWidget *
vs_message_row_get_view (VsMessageRow *self)
{
  g_return_val_if_fail (VS_IS_MESSAGE_ROW (self), NULL);

  return GTK_WIDGET (self->view);
}

void
vs_message_row_set_problems (VsMessageRow *self,
                             GPtrArray    *problems)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  gsize length;

  g_return_if_fail (VS_IS_MESSAGE_ROW (self));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->error_tag, &start, &end);
  g_array_set_size (self->underlines, 0);

  text = vs_message_row_dup_content (self);
  length = strlen (text);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const VsTemplateProblem *problem = g_ptr_array_index (problems, i);
      Underline underline;
      gsize from, to;

      if (problem->message_index != (int) self->index)
        continue;
      /* The problems may describe text that changed since: clamp, keep characters whole. */
      from = MIN (problem->start, length);
      to = MIN (MAX (problem->end, problem->start), length);
      while (from > 0 && (text[from] & 0xC0) == 0x80)
        from--;
      while (to < length && (text[to] & 0xC0) == 0x80)
        to++;
      underline.start = g_utf8_pointer_to_offset (text, text + from);
      underline.end = g_utf8_pointer_to_offset (text, text + to);
      if (underline.end <= underline.start)
        underline.end = underline.start + 1;
      underline.message = problem->name && *problem->name
                          ? g_strdup_printf ("%u:%u: %s%s%s", problem->line, problem->column,
                                             problem->what, problem->no_value ? " " : ": ",
                                             problem->name)
                          : g_strdup_printf ("%u:%u: %s", problem->line, problem->column,
                                             problem->what);
      g_array_append_val (self->underlines, underline);

      gtk_text_buffer_get_iter_at_offset (buffer, &start, underline.start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, underline.end);
      gtk_text_buffer_apply_tag (buffer, self->error_tag, &start, &end);
    }
  update_problem_list (self);
  update_summary (self);
}

void
vs_message_row_show_problem (VsMessageRow *self,
                             guint         index)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  const Underline *underline;

  g_return_if_fail (VS_IS_MESSAGE_ROW (self));

  if (index >= self->underlines->len)
    return;
  underline = &g_array_index (self->underlines, Underline, index);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
  gtk_text_buffer_get_iter_at_offset (buffer, &start, underline->start);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, underline->end);
  gtk_text_buffer_select_range (buffer, &start, &end);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->view), gtk_text_buffer_get_insert (buffer),
                                0.1, FALSE, 0, 0);
}

guint
vs_message_row_get_n_problems (VsMessageRow *self)
{
  g_return_val_if_fail (VS_IS_MESSAGE_ROW (self), 0);

  return self->underlines->len;
}

const char *
vs_message_row_get_problem_at (VsMessageRow *self,
                               int           offset)
{
  g_return_val_if_fail (VS_IS_MESSAGE_ROW (self), NULL);

  for (guint i = 0; i < self->underlines->len; i++)
    {
      const Underline *underline = &g_array_index (self->underlines, Underline, i);

      if (offset >= underline->start && offset <= underline->end)
        return underline->message;
    }
  return NULL;
}

static void
vs_message_row_finalize (GObject *object)
{
  VsMessageRow *self = VS_MESSAGE_ROW (object);

  g_clear_pointer (&self->underlines, g_array_unref);

  G_OBJECT_CLASS (vs_message_row_parent_class)->finalize (object);
}

static void
vs_message_row_class_init (VsMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* No dispose: the card is the row's child, which GtkListBoxRow unparents itself. */
  object_class->finalize = vs_message_row_finalize;

  signals[CONTENT_CHANGED] = g_signal_new ("content-changed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);
  signals[ROLE_CHANGED] = g_signal_new ("role-changed", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);
  signals[MOVE_REQUESTED] = g_signal_new ("move-requested", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[REMOVE_REQUESTED] = g_signal_new ("remove-requested", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 0);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VsMessageRow, card);
  gtk_widget_class_bind_template_child (widget_class, VsMessageRow, handle);
  gtk_widget_class_bind_template_child (widget_class, VsMessageRow, role);
  gtk_widget_class_bind_template_child (widget_class, VsMessageRow, summary);
  gtk_widget_class_bind_template_child (widget_class, VsMessageRow, problems_button);
  gtk_widget_class_bind_template_child (widget_class, VsMessageRow, problems_popover);
  gtk_widget_class_bind_template_child (widget_class, VsMessageRow, problems_list);
  gtk_widget_class_bind_template_callback (widget_class, on_problem_activated);
  gtk_widget_class_bind_template_child (widget_class, VsMessageRow, view);

  gtk_widget_class_install_action (widget_class, "row.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "row.move-down", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "row.remove", NULL, remove_action);
}

static void
vs_message_row_init (VsMessageRow *self)
{
  GtkTextBuffer *buffer;
  GtkEventController *controller;
  GtkShortcutTrigger *trigger;
  GtkDragSource *source;
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->underlines = g_array_new (FALSE, TRUE, sizeof (Underline));
  g_array_set_clear_func (self->underlines, underline_clear);

  buffer = GTK_TEXT_BUFFER (gtk_source_buffer_new_with_language (
                              vs_source_get_template_language ()));
  gtk_text_buffer_set_enable_undo (buffer, TRUE);
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->view), buffer);
  vs_source_buffer_follow_style (GTK_SOURCE_BUFFER (buffer));
  self->error_tag = gtk_text_buffer_create_tag (buffer, "vs-problem",
                                                "underline", PANGO_UNDERLINE_ERROR,
                                                NULL);
  g_object_unref (buffer);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_buffer_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "query-tooltip", G_CALLBACK (on_query_tooltip), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "map", G_CALLBACK (on_view_mapped), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->role, "notify::selected", G_CALLBACK (on_role_selected), self,
                           G_CONNECT_SWAPPED);

  /* Alt+↑/↓ move the message. GtkSourceView uses the same keys to move lines, so the row
   * takes them in the capture phase, before the view sees them. */
  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  trigger = gtk_keyval_trigger_new (GDK_KEY_Up, GDK_ALT_MASK);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (trigger,
                                                          gtk_named_action_new ("row.move-up")));
  trigger = gtk_keyval_trigger_new (GDK_KEY_Down, GDK_ALT_MASK);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (trigger,
                                                          gtk_named_action_new ("row.move-down")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->handle), "grab");
  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect_object (source, "prepare", G_CALLBACK (on_drag_prepare), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "drag-begin", G_CALLBACK (on_drag_begin), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->handle), GTK_EVENT_CONTROLLER (source));

  target = gtk_drop_target_new (VS_TYPE_MESSAGE_ROW, GDK_ACTION_MOVE);
  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}
