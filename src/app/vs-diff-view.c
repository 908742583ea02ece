/* vs-diff-view.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vs-diff-view.h"

struct _VsDiffView
{
  GtkWidget       parent_instance;

  VsTemplateDiff *diff;
  gboolean        side_by_side;

  GtkWidget      *stack;
  GtkTextView    *unified;
  GtkTextView    *old_side;
  GtkTextView    *new_side;
};

G_DEFINE_FINAL_TYPE (VsDiffView, vs_diff_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SIDE_BY_SIDE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkTextView *
new_text_view (void)
{
  GtkTextView *view = GTK_TEXT_VIEW (gtk_text_view_new ());
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);

  gtk_text_view_set_editable (view, FALSE);
  gtk_text_view_set_cursor_visible (view, FALSE);
  gtk_text_view_set_monospace (view, TRUE);
  gtk_text_view_set_wrap_mode (view, GTK_WRAP_NONE);
  gtk_text_view_set_top_margin (view, 6);
  gtk_text_view_set_bottom_margin (view, 6);
  gtk_text_view_set_left_margin (view, 6);
  gtk_text_view_set_right_margin (view, 6);
  gtk_widget_set_hexpand (GTK_WIDGET (view), TRUE);
  gtk_text_buffer_create_tag (buffer, "insert",
                              "paragraph-background-rgba",
                              &(GdkRGBA) { 0.18, 0.76, 0.49, 0.25 }, NULL);
  gtk_text_buffer_create_tag (buffer, "delete",
                              "paragraph-background-rgba",
                              &(GdkRGBA) { 0.88, 0.11, 0.14, 0.22 }, NULL);
  gtk_text_buffer_create_tag (buffer, "header", "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (buffer, "hunk",
                              "foreground-rgba", &(GdkRGBA) { 0.21, 0.52, 0.89, 1 }, NULL);
  gtk_text_buffer_create_tag (buffer, "dim", "foreground-rgba",
                              &(GdkRGBA) { 0.5, 0.5, 0.5, 1 }, NULL);
  return view;
}

static void
append_line (GtkTextBuffer *buffer,
             const char    *text,
             const char    *tag)
{
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  if (tag != NULL)
    gtk_text_buffer_insert_with_tags_by_name (buffer, &end, text, -1, tag, NULL);
  else
    gtk_text_buffer_insert (buffer, &end, text, -1);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, "\n", 1);
}

static void
fill_unified (VsDiffView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->unified);
  g_autofree char *text = vs_template_diff_to_unified (self->diff, 3);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  gtk_text_buffer_set_text (buffer, "", 0);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *tag = NULL;

      if (lines[i + 1] == NULL && *line == '\0')
        break;
      if (g_str_has_prefix (line, "+++") || g_str_has_prefix (line, "---"))
        tag = "header";
      else if (g_str_has_prefix (line, "@@"))
        tag = "hunk";
      else if (line[0] == '+')
        tag = "insert";
      else if (line[0] == '-')
        tag = "delete";
      append_line (buffer, line, tag);
    }
}

static char *
numbered (guint       number,
          const char *text)
{
  if (text == NULL)
    return g_strdup ("");
  return g_strdup_printf ("%4u  %s", number, text);
}

static void
fill_side_by_side (VsDiffView *self)
{
  GtkTextBuffer *old_buffer = gtk_text_view_get_buffer (self->old_side);
  GtkTextBuffer *new_buffer = gtk_text_view_get_buffer (self->new_side);

  gtk_text_buffer_set_text (old_buffer, "", 0);
  gtk_text_buffer_set_text (new_buffer, "", 0);

  for (guint s = 0; s < self->diff->sections->len; s++)
    {
      const VsTemplateDiffSection *section = g_ptr_array_index (self->diff->sections, s);
      g_autoptr(GPtrArray) rows = NULL;
      g_autofree char *old_title = NULL;
      g_autofree char *new_title = NULL;

      old_title = g_strdup_printf ("%s/%s", self->diff->old_label ? self->diff->old_label : "",
                                   section->old_title ? section->old_title : "—");
      new_title = g_strdup_printf ("%s/%s", self->diff->new_label ? self->diff->new_label : "",
                                   section->new_title ? section->new_title : "—");
      append_line (old_buffer, old_title, "header");
      append_line (new_buffer, new_title, "header");

      if (!section->changed)
        {
          append_line (old_buffer, _("(unchanged)"), "dim");
          append_line (new_buffer, _("(unchanged)"), "dim");
          append_line (old_buffer, "", NULL);
          append_line (new_buffer, "", NULL);
          continue;
        }

      rows = vs_diff_side_by_side (section->lines);
      for (guint r = 0; r < rows->len; r++)
        {
          const VsDiffRow *row = g_ptr_array_index (rows, r);
          g_autofree char *old_text = numbered (row->old_line, row->old_text);
          g_autofree char *new_text = numbered (row->new_line, row->new_text);
          const char *old_tag = NULL, *new_tag = NULL;

          if (row->op == VS_DIFF_DELETE || row->op == VS_DIFF_CHANGE)
            old_tag = row->old_text ? "delete" : NULL;
          if (row->op == VS_DIFF_INSERT || row->op == VS_DIFF_CHANGE)
            new_tag = row->new_text ? "insert" : NULL;
          append_line (old_buffer, old_text, old_tag);
          append_line (new_buffer, new_text, new_tag);
        }
      append_line (old_buffer, "", NULL);
      append_line (new_buffer, "", NULL);
    }
}

static void
update (VsDiffView *self)
{
  if (self->diff == NULL || vs_template_diff_is_empty (self->diff))
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
      return;
    }

  if (self->side_by_side)
    {
      fill_side_by_side (self);
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "split");
    }
  else
    {
      fill_unified (self);
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "unified");
    }
}

GtkWidget *
vs_diff_view_new (void)
{
  return g_object_new (VS_TYPE_DIFF_VIEW, NULL);
}

void
vs_diff_view_set_diff (VsDiffView     *self,
                       VsTemplateDiff *diff)
{
  g_return_if_fail (VS_IS_DIFF_VIEW (self));

  g_clear_pointer (&self->diff, vs_template_diff_free);
  self->diff = diff;
  update (self);
}

const VsTemplateDiff *
vs_diff_view_get_diff (VsDiffView *self)
{
  g_return_val_if_fail (VS_IS_DIFF_VIEW (self), NULL);

  return self->diff;
}

gboolean
vs_diff_view_get_side_by_side (VsDiffView *self)
{
  g_return_val_if_fail (VS_IS_DIFF_VIEW (self), FALSE);

  return self->side_by_side;
}

void
vs_diff_view_set_side_by_side (VsDiffView *self,
                               gboolean    side_by_side)
{
  g_return_if_fail (VS_IS_DIFF_VIEW (self));

  side_by_side = !!side_by_side;
  if (self->side_by_side == side_by_side)
    return;
  self->side_by_side = side_by_side;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIDE_BY_SIDE]);
}

static char *
buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

char *
vs_diff_view_dup_text (VsDiffView *self)
{
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  g_auto(GStrv) old_lines = NULL;
  g_auto(GStrv) new_lines = NULL;
  GString *out;

  g_return_val_if_fail (VS_IS_DIFF_VIEW (self), NULL);

  if (self->diff == NULL || vs_template_diff_is_empty (self->diff))
    return g_strdup ("");
  if (!self->side_by_side)
    return buffer_text (self->unified);

  old_text = buffer_text (self->old_side);
  new_text = buffer_text (self->new_side);
  old_lines = g_strsplit (old_text, "\n", -1);
  new_lines = g_strsplit (new_text, "\n", -1);
  out = g_string_new (NULL);
  for (guint i = 0; old_lines[i] != NULL && new_lines[i] != NULL; i++)
    g_string_append_printf (out, "%s | %s\n", old_lines[i], new_lines[i]);
  return g_string_free (out, FALSE);
}

static void
vs_diff_view_dispose (GObject *object)
{
  VsDiffView *self = VS_DIFF_VIEW (object);

  g_clear_pointer (&self->stack, gtk_widget_unparent);
  g_clear_pointer (&self->diff, vs_template_diff_free);

  G_OBJECT_CLASS (vs_diff_view_parent_class)->dispose (object);
}

static void
vs_diff_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SIDE_BY_SIDE:
      g_value_set_boolean (value, VS_DIFF_VIEW (object)->side_by_side);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_diff_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SIDE_BY_SIDE:
      vs_diff_view_set_side_by_side (VS_DIFF_VIEW (object), g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_diff_view_class_init (VsDiffViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_diff_view_dispose;
  object_class->get_property = vs_diff_view_get_property;
  object_class->set_property = vs_diff_view_set_property;

  properties[PROP_SIDE_BY_SIDE] =
    g_param_spec_boolean ("side-by-side", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vsdiffview");
}

static void
vs_diff_view_init (VsDiffView *self)
{
  GtkWidget *scroller, *box, *empty;

  self->stack = gtk_stack_new ();
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));

  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "object-select-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Differences"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Pick two versions that differ to see what changed."));
  gtk_widget_add_css_class (empty, "compact");
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");

  self->unified = new_text_view ();
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->unified));
  gtk_stack_add_named (GTK_STACK (self->stack), scroller, "unified");

  self->old_side = new_text_view ();
  self->new_side = new_text_view ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->old_side),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Old version"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->new_side),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("New version"), -1);
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->old_side));
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->new_side));
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  gtk_stack_add_named (GTK_STACK (self->stack), scroller, "split");

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
}
