/* vs-eval-case-window.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's frame is its template; what a case holds (any number of variables, 1–8
 * contenders, their messages, repeats and metrics) is laid out here from the VsEvalCase that
 * vs_eval_cases_load_case() reads. Every text a person may want to copy is selectable.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vs-eval-case-window.h"
#include "vs-eval-cases.h"
#include "vs-format.h"

#define SIDE_WIDTH 300

struct _VsEvalCaseWindow
{
  AdwWindow         parent_instance;

  VsProject        *project;
  gint64            run_id;
  gint64            ordinal;
  VsEvalCase       *shown;
  VsEvalCaseModel  *model;
  gulong            n_items_id;
  GArray           *cases;           /* gint64 ordinals to step through instead of a model */

  AdwWindowTitle   *window_title;
  GtkButton        *previous_button;
  GtkButton        *next_button;
  GtkStack         *stack;
  GtkGrid          *vars_grid;
  GtkBox           *sides_box;
  AdwStatusPage    *error_page;
};

enum
{
  PROP_0,
  PROP_ORDINAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VsEvalCaseWindow, vs_eval_case_window, ADW_TYPE_WINDOW)

static void
remove_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    {
      if (GTK_IS_GRID (widget))
        gtk_grid_remove (GTK_GRID (widget), child);
      else
        gtk_box_remove (GTK_BOX (widget), child);
    }
}

static GtkWidget *
text_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* Selectable with the pointer, but not a stop for the keyboard: the window's first focus
   * would otherwise land on the first text and select all of it. */
  gtk_widget_set_focusable (label, FALSE);
  gtk_widget_set_hexpand (label, TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
caption (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static char *
value_text (JsonNode *value)
{
  if (json_node_get_value_type (value) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (value));
  return json_to_string (value, FALSE);
}

static void
add_var_row (VsEvalCaseWindow *self,
             int               row,
             const char       *name,
             const char       *value,
             const char       *css_class)
{
  GtkWidget *key = gtk_label_new (name);

  gtk_label_set_xalign (GTK_LABEL (key), 0);
  gtk_label_set_yalign (GTK_LABEL (key), 0);
  gtk_label_set_selectable (GTK_LABEL (key), FALSE);
  gtk_widget_add_css_class (key, "dim-label");
  gtk_grid_attach (self->vars_grid, key, 0, row, 1, 1);
  gtk_grid_attach (self->vars_grid, text_label (value, css_class), 1, row, 1, 1);
}

static void
show_vars (VsEvalCaseWindow *self,
           VsEvalCase       *c)
{
  JsonObject *vars = vs_eval_case_get_vars (c);
  g_autoptr(GList) names = json_object_get_members (vars);
  int row = 0;

  remove_children (GTK_WIDGET (self->vars_grid));
  for (GList *l = names; l != NULL; l = l->next, row++)
    {
      g_autofree char *value = value_text (json_object_get_member (vars, l->data));

      add_var_row (self, row, l->data, value, NULL);
    }
  if (vs_eval_case_get_expected (c) != NULL)
    add_var_row (self, row, _("Expected"), vs_eval_case_get_expected (c), "heading");
}

static const char *
state_icon (VsEvalState state)
{
  switch (state)
    {
    case VS_EVAL_STATE_PASSED:
      return "object-select-symbolic";
    case VS_EVAL_STATE_FAILED:
      return "window-close-symbolic";
    case VS_EVAL_STATE_ERROR:
      return "dialog-warning-symbolic";
    case VS_EVAL_STATE_NONE:
    default:
      return "content-loading-symbolic";
    }
}

static const char *
state_class (VsEvalState state)
{
  switch (state)
    {
    case VS_EVAL_STATE_PASSED:
      return "success";
    case VS_EVAL_STATE_FAILED:
      return "error";
    case VS_EVAL_STATE_ERROR:
      return "warning";
    case VS_EVAL_STATE_NONE:
    default:
      return "dim-label";
    }
}

static const char *
state_word (VsEvalState state)
{
  switch (state)
    {
    case VS_EVAL_STATE_PASSED:
      return _("Passed");
    case VS_EVAL_STATE_FAILED:
      return _("Failed");
    case VS_EVAL_STATE_ERROR:
      return _("Error");
    case VS_EVAL_STATE_NONE:
    default:
      return _("No result yet");
    }
}

/* An icon and a word: a verdict never told by colour alone. */
static GtkWidget *
mark (VsEvalState  state,
      const char  *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (state_icon (state)));
  gtk_box_append (GTK_BOX (box), gtk_label_new (text ? text : state_word (state)));
  gtk_widget_add_css_class (box, state_class (state));
  gtk_widget_add_css_class (box, "eval-mark");
  return box;
}

static char *
trial_figures (const VsEvalTrialInfo *trial)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (!isnan (trial->latency_ms))
    {
      if (trial->latency_ms >= 1000)
        g_string_append_printf (text, _("%.2f s"), trial->latency_ms / 1000);
      else
        g_string_append_printf (text, _("%.0f ms"), trial->latency_ms);
    }
  if (trial->prompt_tokens >= 0 || trial->completion_tokens >= 0)
    {
      g_autofree char *in = vs_format_count (MAX (trial->prompt_tokens, 0));
      g_autofree char *out = vs_format_count (MAX (trial->completion_tokens, 0));

      if (text->len > 0)
        g_string_append (text, " · ");
      /* Translators: prompt and completion tokens of one answer */
      g_string_append_printf (text, _("%s in + %s out tokens"), in, out);
    }
  if (!isnan (trial->cost_usd) && trial->cost_usd > 0)
    g_string_append_printf (text, " · $%.6f", trial->cost_usd);
  if (trial->cached)
    g_string_append_printf (text, " · %s", _("from the cache"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_prompt (GtkBox                    *side,
            const VsEvalCaseContender *c)
{
  JsonArray *messages;

  gtk_box_append (side, caption (_("Prompt")));
  if (c->request == NULL)
    {
      gtk_box_append (side, text_label (c->request_error ? c->request_error : "", "error"));
      return;
    }
  messages = vs_chat_request_get_messages (c->request);
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);
      const char *role = json_object_get_string_member_with_default (message, "role", "");
      const char *content = json_object_get_string_member_with_default (message, "content", "");
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *role_label = gtk_label_new (role);

      gtk_label_set_xalign (GTK_LABEL (role_label), 0);
      gtk_widget_add_css_class (role_label, "caption");
      gtk_widget_add_css_class (role_label, "accent");
      gtk_box_append (GTK_BOX (box), role_label);
      gtk_box_append (GTK_BOX (box), text_label (content, "monospace"));
      gtk_widget_add_css_class (box, "eval-message");
      gtk_box_append (side, box);
    }
}

static void
add_trial (GtkBox                *side,
           const VsEvalTrialInfo *trial,
           guint                  n_trials)
{
  g_autofree char *figures = trial_figures (trial);
  g_autofree char *title = NULL;

  if (n_trials > 1)
    {
      title = g_strdup_printf (_("Output, repeat %d"), trial->repeat + 1);
      gtk_box_append (side, caption (title));
    }
  else
    gtk_box_append (side, caption (_("Output")));
  if (trial->state == VS_EVAL_STATE_ERROR)
    gtk_box_append (side, text_label (trial->error, "error"));
  if (trial->output != NULL)
    gtk_box_append (side, text_label (trial->output, "monospace"));
  if (*figures != '\0')
    gtk_box_append (side, text_label (figures, "dim-label"));

  for (guint i = 0; i < trial->scores->len; i++)
    {
      const VsEvalScoreInfo *score = g_ptr_array_index (trial->scores, i);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *name = gtk_label_new (score->metric);
      VsEvalState state = score->error != NULL ? VS_EVAL_STATE_ERROR
                          : score->pass == 1 ? VS_EVAL_STATE_PASSED
                          : score->pass == 0 ? VS_EVAL_STATE_FAILED : VS_EVAL_STATE_NONE;

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_box_append (GTK_BOX (row), name);
      if (!isnan (score->value))
        {
          g_autofree char *value = g_strdup_printf ("%.3f", score->value);
          GtkWidget *label = gtk_label_new (value);

          gtk_widget_add_css_class (label, "numeric");
          gtk_box_append (GTK_BOX (row), label);
        }
      if (state != VS_EVAL_STATE_NONE)
        gtk_box_append (GTK_BOX (row), mark (state, NULL));
      gtk_box_append (side, row);
      if (score->error != NULL)
        gtk_box_append (side, text_label (score->error, "error"));
      else if (score->reason != NULL)
        gtk_box_append (side, text_label (score->reason, "dim-label"));
    }
}

static GtkWidget *
side_new (const VsEvalCaseContender *c)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *name = gtk_label_new (c->name);
  g_autofree char *verdict = NULL;

  gtk_widget_set_size_request (card, SIDE_WIDTH, -1);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_margin_start (side, 12);
  gtk_widget_set_margin_end (side, 12);
  gtk_widget_set_margin_top (side, 12);
  gtk_widget_set_margin_bottom (side, 12);
  gtk_box_append (GTK_BOX (card), side);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (name, c->name);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "title-4");
  gtk_box_append (GTK_BOX (header), name);
  if (c->trials->len > 1 && c->n_passed + c->n_failed > 0)
    /* Translators: passed repeats of all that answered, e.g. "2 of 3 passed" */
    verdict = g_strdup_printf (_("%u of %u passed"), c->n_passed, c->n_passed + c->n_failed);
  gtk_box_append (GTK_BOX (header), mark (c->state, verdict));
  gtk_box_append (GTK_BOX (side), header);
  gtk_accessible_update_property (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_PROPERTY_LABEL, c->name,
                                  -1);

  add_prompt (GTK_BOX (side), c);
  for (guint i = 0; i < c->trials->len; i++)
    add_trial (GTK_BOX (side), g_ptr_array_index (c->trials, i), c->trials->len);
  if (c->trials->len == 0)
    gtk_box_append (GTK_BOX (side), text_label (_("No answer yet."), "dim-label"));
  return card;
}

static gint
current_position (VsEvalCaseWindow *self)
{
  if (self->cases != NULL)
    {
      for (guint i = 0; i < self->cases->len; i++)
        if (g_array_index (self->cases, gint64, i) == self->ordinal)
          return (gint) i;
      return -1;
    }
  return self->model ? vs_eval_case_model_find_ordinal (self->model, self->ordinal) : -1;
}

static guint
n_steps (VsEvalCaseWindow *self)
{
  if (self->cases != NULL)
    return self->cases->len;
  return self->model ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
}

static void
update_navigation (VsEvalCaseWindow *self)
{
  gint position = current_position (self);
  guint n = n_steps (self);
  g_autofree char *title = g_strdup_printf (_("Case %" G_GINT64_FORMAT), self->ordinal);
  g_autofree char *subtitle = NULL;

  if (position >= 0)
    /* Translators: the case's place among those shown, e.g. "3 of 42" */
    subtitle = g_strdup_printf (_("%d of %u"), position + 1, n);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle ? subtitle : "");
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.previous", position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.next",
                                 position >= 0 && (guint) position + 1 < n);
}

static void
show_case (VsEvalCaseWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->shown);
  remove_children (GTK_WIDGET (self->sides_box));
  if (self->project != NULL)
    self->shown = vs_eval_cases_load_case (self->project, self->run_id, self->ordinal, &error);
  if (self->shown == NULL)
    {
      adw_status_page_set_description (self->error_page, error ? error->message : NULL);
      gtk_stack_set_visible_child_name (self->stack, "error");
      update_navigation (self);
      return;
    }
  show_vars (self, self->shown);
  for (guint i = 0; i < vs_eval_case_get_n_contenders (self->shown); i++)
    gtk_box_append (self->sides_box, side_new (vs_eval_case_get_contender (self->shown, i)));
  gtk_stack_set_visible_child_name (self->stack, "case");
  update_navigation (self);
}

void
vs_eval_case_window_set_ordinal (VsEvalCaseWindow *self,
                                 gint64            ordinal)
{
  g_return_if_fail (VS_IS_EVAL_CASE_WINDOW (self));

  self->ordinal = ordinal;
  show_case (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORDINAL]);
}

static void
step (VsEvalCaseWindow *self,
      int               delta)
{
  gint position = current_position (self);
  gint64 ordinal;

  if (position < 0 || position + delta < 0 || (guint) (position + delta) >= n_steps (self))
    return;
  if (self->cases != NULL)
    ordinal = g_array_index (self->cases, gint64, position + delta);
  else
    ordinal = vs_eval_case_model_get_ordinal (self->model, (guint) (position + delta));
  if (ordinal >= 0)
    vs_eval_case_window_set_ordinal (self, ordinal);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  step (VS_EVAL_CASE_WINDOW (widget), -1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  step (VS_EVAL_CASE_WINDOW (widget), 1);
}

void
vs_eval_case_window_set_model (VsEvalCaseWindow *self,
                               VsEvalCaseModel  *model)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VS_IS_EVAL_CASE_WINDOW (self));
  g_return_if_fail (model == NULL || VS_IS_EVAL_CASE_MODEL (model));

  if (self->model != NULL)
    g_clear_signal_handler (&self->n_items_id, self->model);
  g_clear_object (&self->model);
  if (model != NULL)
    self->model = g_object_ref (model);
  else if (self->project != NULL)
    self->model = vs_eval_case_model_new (self->project, self->run_id, &error);
  if (self->model != NULL)
    self->n_items_id = g_signal_connect_swapped (self->model, "notify::n-items",
                                                 G_CALLBACK (update_navigation), self);
  update_navigation (self);
}

void
vs_eval_case_window_set_cases (VsEvalCaseWindow *self,
                               const gint64     *ordinals,
                               guint             n_ordinals)
{
  g_return_if_fail (VS_IS_EVAL_CASE_WINDOW (self));
  g_return_if_fail (ordinals != NULL || n_ordinals == 0);

  g_clear_pointer (&self->cases, g_array_unref);
  if (n_ordinals > 0)
    {
      self->cases = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ordinals);
      g_array_append_vals (self->cases, ordinals, n_ordinals);
    }
  update_navigation (self);
}

gint64
vs_eval_case_window_get_ordinal (VsEvalCaseWindow *self)
{
  g_return_val_if_fail (VS_IS_EVAL_CASE_WINDOW (self), 0);
  return self->ordinal;
}

VsEvalCase *
vs_eval_case_window_get_case (VsEvalCaseWindow *self)
{
  g_return_val_if_fail (VS_IS_EVAL_CASE_WINDOW (self), NULL);
  return self->shown;
}

GtkWidget *
vs_eval_case_window_new (VsProject *project,
                         gint64     run_id,
                         gint64     case_ordinal)
{
  VsEvalCaseWindow *self;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  self = g_object_new (VS_TYPE_EVAL_CASE_WINDOW, NULL);
  self->project = g_object_ref (project);
  self->run_id = run_id;
  self->ordinal = case_ordinal;
  show_case (self);
  return GTK_WIDGET (self);
}

/* Without a model of its own by the time it is shown, the window steps through every case. */
static void
vs_eval_case_window_map (GtkWidget *widget)
{
  VsEvalCaseWindow *self = VS_EVAL_CASE_WINDOW (widget);

  GTK_WIDGET_CLASS (vs_eval_case_window_parent_class)->map (widget);
  if (self->model == NULL && self->cases == NULL)
    vs_eval_case_window_set_model (self, NULL);
}

static void
vs_eval_case_window_dispose (GObject *object)
{
  VsEvalCaseWindow *self = VS_EVAL_CASE_WINDOW (object);

  if (self->model != NULL)
    g_clear_signal_handler (&self->n_items_id, self->model);
  g_clear_object (&self->model);
  g_clear_pointer (&self->cases, g_array_unref);
  g_clear_object (&self->shown);
  g_clear_object (&self->project);
  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_EVAL_CASE_WINDOW);

  G_OBJECT_CLASS (vs_eval_case_window_parent_class)->dispose (object);
}

static void
vs_eval_case_window_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VsEvalCaseWindow *self = VS_EVAL_CASE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ORDINAL:
      g_value_set_int64 (value, self->ordinal);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_eval_case_window_class_init (VsEvalCaseWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_eval_case_window_dispose;
  object_class->get_property = vs_eval_case_window_get_property;
  widget_class->map = vs_eval_case_window_map;

  properties[PROP_ORDINAL] =
    g_param_spec_int64 ("ordinal", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/versuslab/Versus/vs-eval-case-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VsEvalCaseWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, VsEvalCaseWindow, previous_button);
  gtk_widget_class_bind_template_child (widget_class, VsEvalCaseWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, VsEvalCaseWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, VsEvalCaseWindow, vars_grid);
  gtk_widget_class_bind_template_child (widget_class, VsEvalCaseWindow, sides_box);
  gtk_widget_class_bind_template_child (widget_class, VsEvalCaseWindow, error_page);

  gtk_widget_class_install_action (widget_class, "case.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "case.next", NULL, next_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

/* Captured before the scrolled content sees them: Page Up / Down step through cases rather
 * than scroll. */
static void
add_shortcuts (VsEvalCaseWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  static const struct
  {
    guint           key;
    GdkModifierType mods;
    const char     *action;
  } keys[] = {
    { GDK_KEY_Left, GDK_ALT_MASK, "case.previous" },
    { GDK_KEY_Right, GDK_ALT_MASK, "case.next" },
    { GDK_KEY_Page_Up, 0, "case.previous" },
    { GDK_KEY_Page_Down, 0, "case.next" },
  };

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_LOCAL);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (controller),
      gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, keys[i].mods),
                        gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
vs_eval_case_window_init (VsEvalCaseWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_shortcuts (self);
}
