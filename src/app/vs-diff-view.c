/* vs-diff-view.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every message gets a heading ("Message 2 · User"), then its lines: unchanged ones plain
 * (long runs folded into "12 unchanged lines"), a changed line as the old line over the new
 * one with the words that differ marked inside them, added and removed lines whole. The
 * settings are a list of "name old → new" lines. Rows are labels that wrap, so a long
 * paragraph stays readable at any width; side by side, each row pairs the old and the new line
 * in two equal columns.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "vs-diff-view.h"

/* Unchanged lines kept around a change; longer runs are folded. */
#define CONTEXT_LINES 2

struct _VsDiffView
{
  GtkWidget       parent_instance;

  VsTemplateDiff *diff;
  gboolean        side_by_side;

  GtkWidget      *stack;
  GtkWidget      *content;  /* the sections, rebuilt on every change */
  GString        *text;     /* what is shown, as plain text */
};

G_DEFINE_FINAL_TYPE (VsDiffView, vs_diff_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SIDE_BY_SIDE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Words that changed inside a line: strong enough to find, light enough to read through. */
#define DELETE_SPAN "<span bgcolor=\"#e01b24\" bgalpha=\"38%\" strikethrough=\"true\">"
#define INSERT_SPAN "<span bgcolor=\"#2ec27e\" bgalpha=\"45%\">"

static const char *
role_title (VsTemplateRole role)
{
  switch (role)
    {
    case VS_TEMPLATE_ROLE_SYSTEM:
      return _("System");
    case VS_TEMPLATE_ROLE_USER:
      return _("User");
    case VS_TEMPLATE_ROLE_ASSISTANT:
      return _("Assistant");
    default:
      return "";
    }
}

/* "messages[1] (user)" → role; the diff titles are stable text, parse them back. */
static const char *
title_role (const char *title)
{
  const char *open = title ? strrchr (title, '(') : NULL;
  VsTemplateRole role;

  if (open == NULL)
    return "";
  {
    g_autofree char *name = g_strndup (open + 1, strcspn (open + 1, ")"));

    if (!vs_template_role_from_string (name, &role))
      return "";
  }
  return role_title (role);
}

static char *
section_heading (const VsTemplateDiffSection *section)
{
  switch (section->kind)
    {
    case VS_TEMPLATE_DIFF_MESSAGE:
      {
        int index = section->new_index >= 0 ? section->new_index : section->old_index;
        const char *role = title_role (section->new_title ? section->new_title
                                                          : section->old_title);

        /* Translators: "Message 2 · User" */
        return g_strdup_printf (_("Message %d · %s"), index + 1, role);
      }
    case VS_TEMPLATE_DIFF_PARAMETERS:
      return g_strdup (_("Settings"));
    case VS_TEMPLATE_DIFF_FEW_SHOT:
      return g_strdup (_("Few-shot examples"));
    default:
      return g_strdup ("");
    }
}

/* What happened to a section as a whole, or NULL when its lines tell it. */
static char *
section_state (const VsTemplateDiffSection *section)
{
  if (!section->changed)
    return g_strdup (_("unchanged"));
  if (section->old_title == NULL)
    return g_strdup (_("added"));
  if (section->new_title == NULL)
    return g_strdup (_("removed"));
  if (section->kind == VS_TEMPLATE_DIFF_MESSAGE &&
      g_strcmp0 (title_role (section->old_title), title_role (section->new_title)) != 0)
    /* Translators: the role of a message changed, "was User" */
    return g_strdup_printf (_("was %s"), title_role (section->old_title));
  return NULL;
}

static GtkWidget *
new_label (const char *text,
           gboolean    markup)
{
  GtkWidget *label = gtk_label_new (NULL);

  if (markup)
    gtk_label_set_markup (GTK_LABEL (label), text);
  else
    gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_focusable (label, FALSE);
  gtk_widget_set_hexpand (label, TRUE);
  return label;
}

/* The old (@op DELETE) or new (@op INSERT) side of a word diff as markup. */
static char *
spans_markup (GPtrArray *spans,
              VsDiffOp   op)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < spans->len; i++)
    {
      const VsDiffSpan *span = g_ptr_array_index (spans, i);
      g_autofree char *escaped = NULL;

      if (span->op != VS_DIFF_EQUAL && span->op != op)
        continue;
      escaped = g_markup_escape_text (span->text, -1);
      if (span->op == VS_DIFF_EQUAL)
        g_string_append (out, escaped);
      else
        g_string_append_printf (out, "%s%s</span>",
                                op == VS_DIFF_DELETE ? DELETE_SPAN : INSERT_SPAN, escaped);
    }
  return g_string_free (out, FALSE);
}

/* One cell: a line number and the line (markup), tinted by @op. */
static GtkWidget *
line_cell (guint       number,
           const char *markup,
           VsDiffOp    op)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *gutter;
  g_autofree char *number_text = number > 0 ? g_strdup_printf ("%u", number) : g_strdup ("");
  const char *sign = op == VS_DIFF_DELETE ? "−" : op == VS_DIFF_INSERT ? "+" : "";

  gutter = gtk_label_new (NULL);
  {
    g_autofree char *text = g_strdup_printf ("%s%s", number_text, sign);

    gtk_label_set_text (GTK_LABEL (gutter), text);
  }
  gtk_label_set_xalign (GTK_LABEL (gutter), 1);
  gtk_label_set_yalign (GTK_LABEL (gutter), 0);
  gtk_label_set_width_chars (GTK_LABEL (gutter), 5);
  gtk_widget_add_css_class (gutter, "numeric");
  gtk_widget_add_css_class (gutter, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (gutter), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  op == VS_DIFF_DELETE   ? _("Removed line")
                                  : op == VS_DIFF_INSERT ? _("Added line")
                                                         : _("Line"),
                                  -1);
  gtk_box_append (GTK_BOX (box), gutter);
  if (markup != NULL)
    gtk_box_append (GTK_BOX (box), new_label (markup, TRUE));
  gtk_widget_add_css_class (box, "diff-line");
  if (op == VS_DIFF_DELETE)
    gtk_widget_add_css_class (box, "diff-delete");
  else if (op == VS_DIFF_INSERT)
    gtk_widget_add_css_class (box, "diff-insert");
  gtk_widget_set_hexpand (box, TRUE);
  return box;
}

static char *
escaped_or_null (const char *text)
{
  return text ? g_markup_escape_text (text, -1) : NULL;
}

static void
append_text_line (VsDiffView *self,
                  const char *prefix,
                  const char *text)
{
  g_string_append_printf (self->text, "%s%s\n", prefix, text ? text : "");
}

static char *
numbered (guint       number,
          const char *text)
{
  if (text == NULL)
    return g_strdup ("");
  return g_strdup_printf ("%4u  %s", number, text);
}

/* A row of the unified form: the old line over the new one for a change. */
static void
add_unified_row (VsDiffView      *self,
                 GtkBox          *body,
                 const VsDiffRow *row)
{
  switch (row->op)
    {
    case VS_DIFF_EQUAL:
      {
        g_autofree char *escaped = escaped_or_null (row->new_text);

        gtk_box_append (body, line_cell (row->new_line, escaped, VS_DIFF_EQUAL));
        append_text_line (self, " ", row->new_text);
      }
      break;
    case VS_DIFF_DELETE:
      {
        g_autofree char *escaped = escaped_or_null (row->old_text);

        gtk_box_append (body, line_cell (row->old_line, escaped, VS_DIFF_DELETE));
        append_text_line (self, "-", row->old_text);
      }
      break;
    case VS_DIFF_INSERT:
      {
        g_autofree char *escaped = escaped_or_null (row->new_text);

        gtk_box_append (body, line_cell (row->new_line, escaped, VS_DIFF_INSERT));
        append_text_line (self, "+", row->new_text);
      }
      break;
    case VS_DIFF_CHANGE:
      {
        g_autoptr(GPtrArray) spans = vs_diff_words (row->old_text, row->new_text);
        g_autofree char *old_markup = spans_markup (spans, VS_DIFF_DELETE);
        g_autofree char *new_markup = spans_markup (spans, VS_DIFF_INSERT);

        gtk_box_append (body, line_cell (row->old_line, old_markup, VS_DIFF_DELETE));
        gtk_box_append (body, line_cell (row->new_line, new_markup, VS_DIFF_INSERT));
        append_text_line (self, "-", row->old_text);
        append_text_line (self, "+", row->new_text);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* A row of the side-by-side form: two equal columns. */
static void
add_split_row (VsDiffView      *self,
               GtkBox          *body,
               const VsDiffRow *row)
{
  GtkWidget *pair = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *old_markup = NULL;
  g_autofree char *new_markup = NULL;
  g_autofree char *old_text = numbered (row->old_line, row->old_text);
  g_autofree char *new_text = numbered (row->new_line, row->new_text);

  if (row->op == VS_DIFF_CHANGE)
    {
      g_autoptr(GPtrArray) spans = vs_diff_words (row->old_text, row->new_text);

      old_markup = spans_markup (spans, VS_DIFF_DELETE);
      new_markup = spans_markup (spans, VS_DIFF_INSERT);
    }
  else
    {
      old_markup = escaped_or_null (row->old_text);
      new_markup = escaped_or_null (row->new_text);
    }

  gtk_box_set_homogeneous (GTK_BOX (pair), TRUE);
  gtk_box_append (GTK_BOX (pair),
                  line_cell (row->old_line, old_markup,
                             row->old_text == NULL ? VS_DIFF_EQUAL
                             : row->op == VS_DIFF_EQUAL ? VS_DIFF_EQUAL
                                                        : VS_DIFF_DELETE));
  gtk_box_append (GTK_BOX (pair),
                  line_cell (row->new_line, new_markup,
                             row->new_text == NULL ? VS_DIFF_EQUAL
                             : row->op == VS_DIFF_EQUAL ? VS_DIFF_EQUAL
                                                        : VS_DIFF_INSERT));
  gtk_box_append (body, pair);
  g_string_append_printf (self->text, "%s | %s\n", old_text, new_text);
}

static void
add_fold (VsDiffView *self,
          GtkBox     *body,
          guint       n_lines)
{
  g_autofree char *text = g_strdup_printf (ngettext ("%u unchanged line", "%u unchanged lines",
                                                     n_lines),
                                           n_lines);
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 52);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "diff-fold");
  gtk_box_append (body, label);
  g_string_append_printf (self->text, "⋯ %s\n", text);
}

static void
add_lines (VsDiffView                  *self,
           GtkBox                      *body,
           const VsTemplateDiffSection *section)
{
  g_autoptr(GPtrArray) rows = vs_diff_side_by_side (section->lines);
  guint r = 0;

  while (r < rows->len)
    {
      const VsDiffRow *row = g_ptr_array_index (rows, r);
      guint run_end = r;

      if (row->op != VS_DIFF_EQUAL)
        {
          if (self->side_by_side)
            add_split_row (self, body, row);
          else
            add_unified_row (self, body, row);
          r++;
          continue;
        }

      /* A run of unchanged lines: keep CONTEXT_LINES next to each change, fold the rest. */
      while (run_end < rows->len &&
             ((const VsDiffRow *) g_ptr_array_index (rows, run_end))->op == VS_DIFF_EQUAL)
        run_end++;
      {
        guint keep_before = r == 0 ? 0 : CONTEXT_LINES;
        guint keep_after = run_end == rows->len ? 0 : CONTEXT_LINES;
        guint length = run_end - r;

        if (length <= keep_before + keep_after + 1)
          keep_before = length, keep_after = 0;
        for (guint m = r; m < r + keep_before; m++)
          {
            if (self->side_by_side)
              add_split_row (self, body, g_ptr_array_index (rows, m));
            else
              add_unified_row (self, body, g_ptr_array_index (rows, m));
          }
        if (length > keep_before + keep_after)
          add_fold (self, body, length - keep_before - keep_after);
        for (guint m = run_end - keep_after; m < run_end && keep_after > 0; m++)
          {
            if (self->side_by_side)
              add_split_row (self, body, g_ptr_array_index (rows, m));
            else
              add_unified_row (self, body, g_ptr_array_index (rows, m));
          }
      }
      r = run_end;
    }
}

/* The settings that changed, one line each, from the diff's list (by value, not as text). */
static void
add_settings (VsDiffView                  *self,
              GtkBox                      *body,
              const VsTemplateDiffSection *section)
{
  gboolean few_shot = section->kind == VS_TEMPLATE_DIFF_FEW_SHOT;

  for (guint i = 0; i < self->diff->settings->len; i++)
    {
      const VsSettingChange *change = g_ptr_array_index (self->diff->settings, i);
      gboolean is_few_shot = g_str_has_prefix (change->name, "few_shot.");
      const char *name = is_few_shot ? change->name + strlen ("few_shot.") : change->name;
      g_autofree char *old_value = escaped_or_null (change->old_value ? change->old_value
                                                                      : _("not set"));
      g_autofree char *new_value = escaped_or_null (change->new_value ? change->new_value
                                                                      : _("not set"));
      g_autofree char *escaped_name = g_markup_escape_text (name, -1);
      g_autofree char *markup = NULL;
      g_autofree char *plain = NULL;
      GtkWidget *label;

      if (is_few_shot != few_shot)
        continue;
      markup = g_strdup_printf ("<b>%s</b>  %s%s</span> → %s%s</span>", escaped_name, DELETE_SPAN,
                                old_value, INSERT_SPAN, new_value);
      label = new_label (markup, TRUE);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_add_css_class (label, "diff-setting");
      gtk_box_append (body, label);
      plain = vs_setting_change_to_string (change);
      append_text_line (self, "", plain);
    }
}

static void
add_section (VsDiffView                  *self,
             const VsTemplateDiffSection *section)
{
  GtkWidget *heading_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *heading, *body;
  g_autofree char *title = section_heading (section);
  g_autofree char *state = section_state (section);

  /* Unchanged settings are not worth a heading; unchanged messages are, to keep the count. */
  if (!section->changed && section->kind != VS_TEMPLATE_DIFF_MESSAGE)
    return;

  heading = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (heading_box), heading);
  if (state != NULL)
    {
      GtkWidget *state_label = gtk_label_new (state);

      gtk_widget_add_css_class (state_label, "dim-label");
      gtk_box_append (GTK_BOX (heading_box), state_label);
      g_string_append_printf (self->text, "## %s (%s)\n", title, state);
    }
  else
    g_string_append_printf (self->text, "## %s\n", title);
  gtk_widget_add_css_class (heading_box, "diff-heading");
  gtk_box_append (GTK_BOX (self->content), heading_box);

  if (!section->changed)
    return;

  body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (body, "diff-body");
  gtk_widget_add_css_class (body, "card");
  if (section->kind == VS_TEMPLATE_DIFF_MESSAGE)
    add_lines (self, GTK_BOX (body), section);
  else
    add_settings (self, GTK_BOX (body), section);
  gtk_box_append (GTK_BOX (self->content), body);
}

static void
update (VsDiffView *self)
{
  GtkWidget *child;

  g_string_truncate (self->text, 0);
  while ((child = gtk_widget_get_first_child (self->content)) != NULL)
    gtk_box_remove (GTK_BOX (self->content), child);

  if (self->diff == NULL || vs_template_diff_is_empty (self->diff))
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
      return;
    }

  for (guint s = 0; s < self->diff->sections->len; s++)
    add_section (self, g_ptr_array_index (self->diff->sections, s));
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "diff");
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

char *
vs_diff_view_dup_text (VsDiffView *self)
{
  g_return_val_if_fail (VS_IS_DIFF_VIEW (self), NULL);

  return g_strdup (self->text->str);
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
vs_diff_view_finalize (GObject *object)
{
  VsDiffView *self = VS_DIFF_VIEW (object);

  g_string_free (self->text, TRUE);

  G_OBJECT_CLASS (vs_diff_view_parent_class)->finalize (object);
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
  object_class->finalize = vs_diff_view_finalize;
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
  GtkWidget *scroller, *empty;

  self->text = g_string_new (NULL);
  self->stack = gtk_stack_new ();
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));

  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "object-select-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Differences"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Pick two versions that differ to see what changed."));
  gtk_widget_add_css_class (empty, "compact");
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");

  self->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (self->content, 12);
  gtk_widget_set_margin_end (self->content, 12);
  gtk_widget_set_margin_top (self->content, 6);
  gtk_widget_set_margin_bottom (self->content, 12);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->content);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->content), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Changes"), -1);
  gtk_stack_add_named (GTK_STACK (self->stack), scroller, "diff");

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
}
