/* vs-case-dialog.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case is read when it is shown (one small query); the two columns are filled from the
 * case's trials of the two named contenders, repeats one under the other.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-case-dialog.h"
#include "vs-eval-case-load.h"
#include "vs-json.h"

struct _VsCaseDialog
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget      *nav_box;
  GtkLabel       *input_label;
  GtkLabel       *expected_label;
  GtkLabel       *a_name;
  GtkLabel       *a_verdict;
  GtkTextView    *a_output;
  GtkLabel       *b_name;
  GtkLabel       *b_verdict;
  GtkTextView    *b_output;

  VsProject      *project;
  gint64          run_id;
  char           *names[2];
  GArray         *cases;
  guint           position;
};

G_DEFINE_FINAL_TYPE (VsCaseDialog, vs_case_dialog, ADW_TYPE_WINDOW)

static char *
input_text (JsonObject *input)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GList) members = input != NULL ? json_object_get_members (input) : NULL;

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (input, l->data);
      g_autofree char *shown = NULL;

      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        shown = g_strdup (json_node_get_string (value));
      else
        shown = vs_json_to_string (value, FALSE);
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s: %s", (const char *) l->data, shown);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
scores_text (JsonObject *scores)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GList) members = scores != NULL ? json_object_get_members (scores) : NULL;

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (scores, l->data);

      if (!JSON_NODE_HOLDS_VALUE (value))
        continue;
      g_string_append_printf (text, "%s%s %.2f", text->len > 0 ? ", " : "",
                              (const char *) l->data, json_node_get_double (value));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
fill_side (VsCaseDialog *self,
           guint         side,
           JsonArray    *trials)
{
  GtkLabel *name = side == 0 ? self->a_name : self->b_name;
  GtkLabel *verdict = side == 0 ? self->a_verdict : self->b_verdict;
  GtkTextView *output = side == 0 ? self->a_output : self->b_output;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) verdicts = g_string_new (NULL);
  guint n = 0, passed = 0, failed = 0, errors = 0, repeats = 0;

  gtk_label_set_text (name, self->names[side]);
  gtk_widget_set_tooltip_text (GTK_WIDGET (name), self->names[side]);
  for (guint i = 0; trials != NULL && i < json_array_get_length (trials); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (trials, i),
                                                  "contender"),
                   self->names[side]) == 0)
      repeats++;
  for (guint i = 0; trials != NULL && i < json_array_get_length (trials); i++)
    {
      JsonObject *trial = json_array_get_object_element (trials, i);
      JsonNode *pass = json_object_get_member (trial, "passed");
      const char *out = json_object_get_null_member (trial, "output")
                        ? NULL : json_object_get_string_member (trial, "output");
      const char *error = json_object_get_null_member (trial, "error")
                          ? NULL : json_object_get_string_member (trial, "error");
      g_autofree char *scores = scores_text (json_object_get_object_member (trial, "scores"));

      if (g_strcmp0 (json_object_get_string_member (trial, "contender"), self->names[side]) != 0)
        continue;
      n++;
      if (pass == NULL || JSON_NODE_HOLDS_NULL (pass))
        errors++;
      else if (json_node_get_boolean (pass))
        passed++;
      else
        failed++;
      if (repeats > 1)
        g_string_append_printf (text, text->len > 0 ? _("\n\nRepeat %d\n") : _("Repeat %d\n"),
                                (int) json_object_get_int_member (trial, "repeat") + 1);
      g_string_append (text, out != NULL ? out : "");
      if (error != NULL)
        g_string_append_printf (text, "%s%s %s", out != NULL ? "\n" : "", _("Error:"), error);
      if (*scores != '\0' && verdicts->len == 0)
        g_string_append (verdicts, scores);
      if (!json_object_get_null_member (trial, "latency_ms") && n == 1)
        g_string_append_printf (verdicts, "%s%.0f ms", verdicts->len > 0 ? " · " : "",
                                json_object_get_double_member (trial, "latency_ms"));
    }
  {
    g_autofree char *summary = NULL;

    if (n == 0)
      summary = g_strdup (_("No answer for this case"));
    else if (n == 1)
      summary = g_strdup (errors ? _("✕ Error") : passed ? _("✓ Passed") : _("✗ Failed"));
    else
      /* Translators: how many repeats passed, failed and ended in an error. */
      summary = g_strdup_printf (_("%u passed · %u failed · %u errors"), passed, failed, errors);
    if (verdicts->len > 0)
      {
        g_autofree char *joined = g_strdup_printf ("%s · %s", summary, verdicts->str);

        gtk_label_set_text (verdict, joined);
      }
    else
      gtk_label_set_text (verdict, summary);
    gtk_widget_remove_css_class (GTK_WIDGET (verdict), "success");
    gtk_widget_remove_css_class (GTK_WIDGET (verdict), "error");
    if (n > 0)
      gtk_widget_add_css_class (GTK_WIDGET (verdict),
                                errors == 0 && failed == 0 ? "success" : "error");
  }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (output), text->str, -1);
  {
    /* Translators: a contender's name; the text view holds its answer. */
    g_autofree char *label = g_strdup_printf (_("Answer of %s"), self->names[side]);

    gtk_accessible_update_property (GTK_ACCESSIBLE (output), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    label, -1);
  }
}

static void
show_case (VsCaseDialog *self)
{
  gint64 ordinal = g_array_index (self->cases, gint64, self->position);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) item = vs_eval_case_load (self->project, self->run_id, ordinal, &error);
  g_autofree char *title = g_strdup_printf (_("Case %" G_GINT64_FORMAT), ordinal);
  g_autofree char *subtitle = NULL;
  JsonArray *trials = NULL;

  if (self->cases->len > 1)
    /* Translators: the case shown and how many cases the chart's marker stands for. */
    subtitle = g_strdup_printf (_("%u of %u cases with the same scores"), self->position + 1,
                                self->cases->len);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
  gtk_window_set_title (GTK_WINDOW (self), title);
  if (item == NULL)
    {
      gtk_label_set_text (self->input_label, error->message);
      gtk_label_set_text (self->expected_label, "");
    }
  else
    {
      JsonNode *input = json_object_get_member (item, "input");
      g_autofree char *text = input != NULL && JSON_NODE_HOLDS_OBJECT (input)
                              ? input_text (json_node_get_object (input))
                              : g_strdup (_("The input row is not in the run's snapshot."));
      const char *expected = json_object_get_null_member (item, "expected")
                             ? NULL : json_object_get_string_member (item, "expected");
      g_autofree char *expected_text = expected != NULL
                                       ? g_strdup_printf (_("Expected: %s"), expected)
                                       : g_strdup (_("No expected answer"));

      gtk_label_set_text (self->input_label, text);
      gtk_label_set_text (self->expected_label, expected_text);
      trials = json_object_get_array_member (item, "trials");
    }
  fill_side (self, 0, trials);
  fill_side (self, 1, trials);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.previous", self->position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.next",
                                 self->position + 1 < self->cases->len);
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VsCaseDialog *self = VS_CASE_DIALOG (widget);

  if (g_str_equal (action_name, "case.next") && self->position + 1 < self->cases->len)
    self->position++;
  else if (g_str_equal (action_name, "case.previous") && self->position > 0)
    self->position--;
  else
    return;
  show_case (self);
}

VsCaseDialog *
vs_case_dialog_new (VsProject    *project,
                    gint64        run_id,
                    const char   *a,
                    const char   *b,
                    const gint64 *cases,
                    guint         n_cases)
{
  VsCaseDialog *self;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (cases != NULL && n_cases > 0, NULL);

  self = g_object_new (VS_TYPE_CASE_DIALOG, NULL);
  self->project = g_object_ref (project);
  self->run_id = run_id;
  self->names[0] = g_strdup (a);
  self->names[1] = g_strdup (b);
  g_array_append_vals (self->cases, cases, n_cases);
  gtk_widget_set_visible (self->nav_box, n_cases > 1);
  show_case (self);
  /* the keyboard starts on the first answer, not on the input (whose text it would select) */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->a_output));
  return self;
}

guint
vs_case_dialog_get_position (VsCaseDialog *self)
{
  g_return_val_if_fail (VS_IS_CASE_DIALOG (self), 0);
  return self->position;
}

gint64
vs_case_dialog_get_case (VsCaseDialog *self)
{
  g_return_val_if_fail (VS_IS_CASE_DIALOG (self), -1);
  return self->cases->len > 0 ? g_array_index (self->cases, gint64, self->position) : -1;
}

char *
vs_case_dialog_dup_output (VsCaseDialog *self,
                           guint         side)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (VS_IS_CASE_DIALOG (self), NULL);
  g_return_val_if_fail (side < 2, NULL);

  buffer = gtk_text_view_get_buffer (side == 0 ? self->a_output : self->b_output);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
vs_case_dialog_dispose (GObject *object)
{
  VsCaseDialog *self = VS_CASE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_CASE_DIALOG);
  g_clear_object (&self->project);
  g_clear_pointer (&self->names[0], g_free);
  g_clear_pointer (&self->names[1], g_free);
  g_clear_pointer (&self->cases, g_array_unref);

  G_OBJECT_CLASS (vs_case_dialog_parent_class)->dispose (object);
}

static void
vs_case_dialog_class_init (VsCaseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_case_dialog_dispose;

  gtk_widget_class_install_action (widget_class, "case.previous", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "case.next", NULL, step_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "case.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "case.next",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-case-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VsCaseDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, VsCaseDialog, nav_box);
  gtk_widget_class_bind_template_child (widget_class, VsCaseDialog, input_label);
  gtk_widget_class_bind_template_child (widget_class, VsCaseDialog, expected_label);
  gtk_widget_class_bind_template_child (widget_class, VsCaseDialog, a_name);
  gtk_widget_class_bind_template_child (widget_class, VsCaseDialog, a_verdict);
  gtk_widget_class_bind_template_child (widget_class, VsCaseDialog, a_output);
  gtk_widget_class_bind_template_child (widget_class, VsCaseDialog, b_name);
  gtk_widget_class_bind_template_child (widget_class, VsCaseDialog, b_verdict);
  gtk_widget_class_bind_template_child (widget_class, VsCaseDialog, b_output);
}

static void
vs_case_dialog_init (VsCaseDialog *self)
{
  self->cases = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_init_template (GTK_WIDGET (self));
}
