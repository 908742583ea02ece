/* vs-prompt-editor.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-application.h"
#include "vs-chat-request.h"
#include "vs-error.h"
#include "vs-few-shot-panel.h"
#include "vs-json.h"
#include "vs-prompt-editor.h"
#include "vs-template-request.h"
#include "vs-tokenizer.h"
#include "vs-ui-util.h"

/* Saving the draft waits for a pause this long (and always happens on close and switch). */
#define SAVE_DELAY_MS    250
/* Checking, variable discovery and the preview wait for a pause this long. */
#define REFRESH_DELAY_MS 150
/* The editor's minimum width, the same in every form (the toolbar with its back button fits;
 * the narrow form's tabs are a row of their own), so no fold can change it. */
#define EDITOR_MIN_WIDTH 430
/* The columns fold into tabs below this width (or below the sum of their minimum widths, if
 * that is more), and unfold only VS_UI_FOLD_HYSTERESIS wider. */
#define COLUMNS_FOLD_BELOW 700
/* The same with the inputs column put away (messages and output only). */
#define TWO_COLUMNS_FOLD_BELOW 470

struct _VsPromptEditor
{
  GtkWidget          parent_instance;

  VsProject         *project;
  gint64             template_id;
  VsTemplate        *draft;
  GPtrArray         *examples;        /* drawn few-shot examples (JsonObject), or NULL */
  char              *few_shot_key;    /* the few-shot block they were drawn for */
  guint              save_id;
  guint              refresh_id;
  guint              preview_generation;
  guint              preview_serial;
  guint              applied_generation;
  GCancellable      *preview_cancellable;
  char              *preview_text;
  gboolean           show_back_button;
  guint              chrome_id;
  VsTemplateMessage *removed;         /* the last removed message, for Undo */
  guint              removed_index;
  gboolean           syncing_switcher;
  gboolean           reporting_save_error;
  GHashTable        *runs;            /* template id → its run history (this project's) */

  /* Template widgets */
  GtkWidget         *box;
  GtkWidget         *back_button;
  GtkWidget         *column_switcher;
  GtkToggleButton   *show_messages;
  GtkToggleButton   *show_inputs;
  GtkToggleButton   *show_output;
  GtkLabel          *title;
  GtkLabel          *subtitle;
  GtkStack          *run_stack;
  AdwLeaflet        *columns;
  GtkWidget         *messages_scroller;
  GtkWidget         *inputs_scroller;
  GtkWidget         *output_column;
  GtkWidget         *inputs_separator;
  GtkWidget         *inputs_toggle;
  gboolean           inputs_shown;
  GtkListBox        *messages;
  GtkBox            *preview_box;
  GtkLabel          *preview_stats;
  GtkStack          *tabs;
  VsVariablesPanel  *variables;
  VsParametersPanel *parameters;
  VsFewShotPanel    *few_shot;
  VsRunPane         *run_pane;
  VsVersionHistory  *history;
};

G_DEFINE_FINAL_TYPE (VsPromptEditor, vs_prompt_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEMPLATE_ID,
  PROP_SHOW_BACK_BUTTON,
  PROP_SHOW_INPUTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule_refresh (VsPromptEditor *self,
                              guint           delay_ms);
static void rebuild_rows     (VsPromptEditor *self,
                              int             focus_index);

static void
toast (VsPromptEditor *self,
       const char     *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_message ("%s", message);
}

/* Header */

static void
update_header (VsPromptEditor *self)
{
  g_autoptr(VsTemplateInfo) info = NULL;
  g_autofree char *subtitle = NULL;
  gboolean modified = TRUE;

  if (self->project == NULL || self->template_id <= 0)
    {
      gtk_label_set_label (self->title, "");
      gtk_label_set_label (self->subtitle, "");
      return;
    }

  info = vs_template_store_get_info (self->project, self->template_id, NULL);
  if (info == NULL)
    return;
  gtk_label_set_label (self->title, info->name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title), info->name);
  vs_template_store_draft_is_modified (self->project, self->template_id, &modified, NULL);

  if (info->head_number == 0)
    subtitle = g_strdup (_("Draft · no version saved yet"));
  else if (modified)
    subtitle = g_strdup_printf (_("Draft · changed since version %d"), info->head_number);
  else
    subtitle = g_strdup_printf (_("Version %d · no changes since"), info->head_number);
  gtk_label_set_label (self->subtitle, subtitle);
}

static void
on_project_changed (VsPromptEditor *self,
                    const char     *what)
{
  if (g_strcmp0 (what, "templates") == 0)
    update_header (self);
}

/* Saving */

static gboolean
save_now (VsPromptEditor  *self,
          GError         **error)
{
  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->project == NULL || self->draft == NULL || self->template_id <= 0)
    return TRUE;
  /* The header follows through the project's "changed" signal. */
  return vs_template_store_save_draft (self->project, self->template_id, self->draft, error);
}

static void
on_autosaved (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VsPromptEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vs_template_store_save_draft_finish (VS_PROJECT (source), result, &error) &&
      !self->reporting_save_error)
    {
      g_autofree char *message = g_strdup_printf (_("Could not save the draft: %s"),
                                                  error->message);

      /* Once per editor session: every keystroke would repeat it. */
      self->reporting_save_error = TRUE;
      toast (self, message);
    }
}

/* The autosave never waits for the disk: the writer commits it and reports back. */
static gboolean
save_timeout (gpointer data)
{
  VsPromptEditor *self = data;

  self->save_id = 0;
  if (self->project != NULL && self->draft != NULL && self->template_id > 0)
    vs_template_store_save_draft_async (self->project, self->template_id, self->draft, NULL,
                                        on_autosaved, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

gboolean
vs_prompt_editor_flush (VsPromptEditor  *self,
                        GError         **error)
{
  g_return_val_if_fail (VS_IS_PROMPT_EDITOR (self), FALSE);

  if (self->save_id == 0)
    return TRUE;
  return save_now (self, error);
}

static void
on_draft_changed (VsPromptEditor *self)
{
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, save_timeout, self);
  schedule_refresh (self, REFRESH_DELAY_MS);
}

/* Preview: rendered and counted on a worker thread from copies, so typing never waits. */

typedef struct
{
  guint       generation;
  VsTemplate *template;
  JsonObject *values;
  GPtrArray  *examples;
  GPtrArray  *messages;   /* result: VsTemplateMessage */
  GPtrArray  *problems;   /* result: VsTemplateProblem */
  gssize      tokens;
  gboolean    estimate;
  VsEncoding  fallback;   /* for a model whose encoding is not known (Preferences) */
  char       *encoding;
} Preview;

static void
preview_free (Preview *preview)
{
  g_clear_object (&preview->template);
  g_clear_pointer (&preview->values, json_object_unref);
  g_clear_pointer (&preview->examples, g_ptr_array_unref);
  g_clear_pointer (&preview->messages, g_ptr_array_unref);
  g_clear_pointer (&preview->problems, g_ptr_array_unref);
  g_free (preview->encoding);
  g_free (preview);
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Preview *preview = task_data;
  g_autoptr(JsonArray) array = json_array_new ();
  VsTokenizer *tokenizer;
  const char *model;

  preview->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_template_problem_free);
  preview->messages = vs_template_render_lenient (preview->template, preview->values,
                                                  preview->examples, preview->problems);
  if (g_cancellable_is_cancelled (cancellable))
    return;

  for (guint i = 0; i < preview->messages->len; i++)
    {
      const VsTemplateMessage *message = g_ptr_array_index (preview->messages, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "role", vs_template_role_to_string (message->role));
      json_object_set_string_member (object, "content", message->content);
      json_array_add_object_element (array, object);
    }

  model = vs_template_get_model (preview->template);
  tokenizer = vs_tokenizer_get_for_model (model ? model : "", &preview->estimate);
  if (preview->estimate)
    tokenizer = vs_tokenizer_get_for_encoding (preview->fallback);
  preview->encoding = g_strdup (vs_encoding_to_string (vs_tokenizer_get_encoding (tokenizer)));
  preview->tokens = vs_tokenizer_count_chat (tokenizer, array, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static void
show_preview (VsPromptEditor *self,
              Preview        *preview)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  GString *text = g_string_new (NULL);
  GString *stats = g_string_new (NULL);
  glong chars = 0;

  clear_box (self->preview_box);

  for (guint i = 0; i < preview->problems->len; i++)
    {
      const VsTemplateProblem *problem = g_ptr_array_index (preview->problems, i);

      if (problem->code == VS_TEMPLATE_ERROR_UNKNOWN_VARIABLE && problem->name != NULL &&
          !g_ptr_array_find_with_equal_func (missing, problem->name, g_str_equal, NULL))
        g_ptr_array_add (missing, problem->name);
    }
  if (missing->len > 0)
    {
      g_autofree char *names = NULL;
      g_autofree char *message = NULL;
      GtkWidget *label;

      g_ptr_array_add (missing, NULL);
      names = g_strjoinv (", ", (char **) missing->pdata);
      message = g_strdup_printf (_("No value for %s: rendered as nothing here, an error in a "
                                   "run."), names);
      label = gtk_label_new (message);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "warning");
      gtk_box_append (self->preview_box, label);
    }

  for (guint i = 0; i < preview->messages->len; i++)
    {
      const VsTemplateMessage *message = g_ptr_array_index (preview->messages, i);
      const char *role = vs_template_role_to_string (message->role);
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *heading = gtk_label_new (role);
      GtkWidget *content = gtk_label_new (message->content);

      gtk_widget_add_css_class (card, "card");
      gtk_widget_add_css_class (card, "vs-preview-card");
      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "caption-heading");
      gtk_widget_add_css_class (heading, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (content), 0);
      gtk_label_set_wrap (GTK_LABEL (content), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (content), PANGO_WRAP_WORD_CHAR);
      /* A modest natural width, so the columns share the window instead of the preview
       * claiming every spare pixel. */
      gtk_label_set_max_width_chars (GTK_LABEL (content), 24);
      gtk_label_set_selectable (GTK_LABEL (content), TRUE);
      gtk_box_append (GTK_BOX (card), heading);
      gtk_box_append (GTK_BOX (card), content);
      gtk_box_append (self->preview_box, card);

      chars += g_utf8_strlen (message->content, -1);
      g_string_append_printf (text, "%s:\n%s\n\n", role, message->content);
    }

  g_string_append_printf (stats, g_dngettext (GETTEXT_PACKAGE, "%u message", "%u messages",
                                              preview->messages->len), preview->messages->len);
  g_string_append (stats, " · ");
  g_string_append_printf (stats, g_dngettext (GETTEXT_PACKAGE, "%ld character",
                                              "%ld characters", chars), chars);
  g_string_append (stats, " · ");
  if (preview->tokens < 0)
    g_string_append (stats, _("tokens unknown"));
  else if (preview->estimate)
    g_string_append_printf (stats,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "≈%zd token (%s; an estimate for this model)",
                                         "≈%zd tokens (%s; an estimate for this model)",
                                         preview->tokens),
                            preview->tokens, preview->encoding);
  else
    g_string_append_printf (stats,
                            g_dngettext (GETTEXT_PACKAGE, "%zd token (%s)", "%zd tokens (%s)",
                                         preview->tokens),
                            preview->tokens, preview->encoding);

  gtk_label_set_label (self->preview_stats, stats->str);
  g_string_free (stats, TRUE);
  g_free (self->preview_text);
  self->preview_text = g_string_free (text, FALSE);
  self->preview_serial++;
}

static void
preview_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  VsPromptEditor *self = VS_PROMPT_EDITOR (object);
  Preview *preview = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;
  if (preview->generation != self->preview_generation)
    return;
  self->applied_generation = preview->generation;
  show_preview (self, preview);
}

static void
start_preview (VsPromptEditor *self)
{
  g_autoptr(GTask) task = NULL;
  Preview *preview;

  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  if (self->draft == NULL)
    return;

  self->preview_cancellable = g_cancellable_new ();
  preview = g_new0 (Preview, 1);
  preview->generation = ++self->preview_generation;
  preview->template = vs_template_copy (self->draft);
  preview->values = vs_json_object_deep_copy (vs_variables_panel_get_values (self->variables));
  preview->fallback = VS_ENCODING_O200K_BASE;
  {
    GApplication *app = g_application_get_default ();
    GSettings *settings = VS_IS_APPLICATION (app)
                            ? vs_application_get_settings (VS_APPLICATION (app))
                            : NULL;
    g_autofree char *name = settings ? g_settings_get_string (settings, "default-encoding")
                                     : NULL;

    if (name != NULL && !vs_encoding_from_string (name, &preview->fallback))
      preview->fallback = VS_ENCODING_O200K_BASE;
  }
  if (self->examples != NULL)
    {
      /* Copies too: rendering refs the objects, and json-glib's counts are not atomic. */
      preview->examples = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
      for (guint i = 0; i < self->examples->len; i++)
        g_ptr_array_add (preview->examples, vs_json_object_deep_copy (self->examples->pdata[i]));
    }

  task = g_task_new (self, self->preview_cancellable, preview_done, NULL);
  g_task_set_source_tag (task, start_preview);
  g_task_set_task_data (task, preview, (GDestroyNotify) preview_free);
  g_task_run_in_thread (task, preview_thread);
}

/* The few-shot examples are drawn from the dataset only when the block changes. */
static void
update_examples (VsPromptEditor *self)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  if (self->draft == NULL)
    return;
  root = vs_template_to_json (self->draft);
  object = json_node_get_object (root);
  if (json_object_has_member (object, "few_shot"))
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();

      json_generator_set_root (generator, json_object_get_member (object, "few_shot"));
      key = json_generator_to_data (generator, NULL);
    }
  if (g_strcmp0 (key, self->few_shot_key) == 0 && (key == NULL || self->examples != NULL))
    return;

  g_free (self->few_shot_key);
  self->few_shot_key = g_steal_pointer (&key);
  g_clear_pointer (&self->examples, g_ptr_array_unref);
  if (self->few_shot_key != NULL)
    {
      g_autofree char *status = NULL;

      self->examples = vs_template_draw_few_shot (self->draft, self->project, &error);
      if (self->examples == NULL)
        status = g_strdup (error->message);
      else
        status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u example drawn",
                                               "%u examples drawn", self->examples->len),
                                  self->examples->len);
      vs_few_shot_panel_set_status (self->few_shot, status);
    }
}

static gboolean
refresh (gpointer data)
{
  VsPromptEditor *self = data;
  g_autoptr(GPtrArray) problems = NULL;
  g_auto(GStrv) names = NULL;
  GtkWidget *child;

  self->refresh_id = 0;
  if (self->draft == NULL)
    return G_SOURCE_REMOVE;

  names = vs_template_list_variables (self->draft, FALSE);
  vs_variables_panel_set_names (self->variables, (const char * const *) names);

  problems = vs_template_check (self->draft, NULL);
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->messages)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (VS_IS_MESSAGE_ROW (child))
      vs_message_row_set_problems (VS_MESSAGE_ROW (child), problems);

  update_examples (self);
  start_preview (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (VsPromptEditor *self,
                  guint           delay_ms)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (delay_ms == 0)
    self->refresh_id = g_idle_add (refresh, self);
  else
    self->refresh_id = g_timeout_add (delay_ms, refresh, self);
}

static void
on_values_changed (VsPromptEditor *self)
{
  schedule_refresh (self, REFRESH_DELAY_MS);
}

/* Messages */

static void
on_row_content_changed (VsPromptEditor *self,
                        VsMessageRow   *row)
{
  g_autofree char *content = vs_message_row_dup_content (row);
  guint index = vs_message_row_get_index (row);

  if (self->draft != NULL && index < vs_template_get_n_messages (self->draft))
    vs_template_set_message_content (self->draft, index, content);
}

static void
on_row_role_changed (VsPromptEditor *self,
                     VsMessageRow   *row)
{
  guint index = vs_message_row_get_index (row);

  if (self->draft != NULL && index < vs_template_get_n_messages (self->draft))
    vs_template_set_message_role (self->draft, index, vs_message_row_get_role (row));
}

static void
on_row_move_requested (VsPromptEditor *self,
                       guint           to,
                       VsMessageRow   *row)
{
  guint from = vs_message_row_get_index (row);
  guint n;

  if (self->draft == NULL)
    return;
  n = vs_template_get_n_messages (self->draft);
  if (from >= n || to >= n || from == to)
    return;
  vs_template_move_message (self->draft, from, to);
  rebuild_rows (self, to);
}

/* Puts the last removed message back where it was. */
static void
undo_remove (VsPromptEditor *self)
{
  guint index;

  if (self->removed == NULL || self->draft == NULL)
    return;
  index = MIN (self->removed_index, vs_template_get_n_messages (self->draft));
  vs_template_insert_message (self->draft, index, self->removed->role, self->removed->content);
  g_clear_pointer (&self->removed, vs_template_message_free);
  rebuild_rows (self, index);
}

static void
undo_remove_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  undo_remove (VS_PROMPT_EDITOR (widget));
}

static void
on_row_remove_requested (VsPromptEditor *self,
                         VsMessageRow   *row)
{
  guint index = vs_message_row_get_index (row);
  guint n;

  if (self->draft == NULL)
    return;
  n = vs_template_get_n_messages (self->draft);
  if (index >= n || n <= 1)
    return;
  g_clear_pointer (&self->removed, vs_template_message_free);
  self->removed = vs_template_message_copy (vs_template_get_message (self->draft, index));
  self->removed_index = index;
  vs_template_remove_message (self->draft, index);
  rebuild_rows (self, MIN (index, n - 2));

  {
    GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
    AdwToast *removed_toast = adw_toast_new (_("Message removed"));

    adw_toast_set_button_label (removed_toast, _("_Undo"));
    g_signal_connect_object (removed_toast, "button-clicked", G_CALLBACK (undo_remove), self,
                             G_CONNECT_SWAPPED);
    if (overlay != NULL)
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), removed_toast);
    else
      g_object_unref (removed_toast);
  }
}

static void
rebuild_rows (VsPromptEditor *self,
              int             focus_index)
{
  GtkWidget *child;
  guint n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->messages))) != NULL)
    gtk_list_box_remove (self->messages, child);
  if (self->draft == NULL)
    return;

  n = vs_template_get_n_messages (self->draft);
  for (guint i = 0; i < n; i++)
    {
      const VsTemplateMessage *message = vs_template_get_message (self->draft, i);
      VsMessageRow *row = vs_message_row_new (i, message->role, message->content);

      vs_message_row_set_index (row, i, n);
      g_signal_connect_object (row, "content-changed", G_CALLBACK (on_row_content_changed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "role-changed", G_CALLBACK (on_row_role_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "move-requested", G_CALLBACK (on_row_move_requested), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "remove-requested", G_CALLBACK (on_row_remove_requested),
                               self, G_CONNECT_SWAPPED);
      gtk_list_box_append (self->messages, GTK_WIDGET (row));
      if ((int) i == focus_index)
        gtk_widget_grab_focus (vs_message_row_get_view (row));
    }
  schedule_refresh (self, 0);
}

guint
vs_prompt_editor_get_n_rows (VsPromptEditor *self)
{
  guint n = 0;

  g_return_val_if_fail (VS_IS_PROMPT_EDITOR (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->messages));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n += VS_IS_MESSAGE_ROW (child);
  return n;
}

VsMessageRow *
vs_prompt_editor_get_row (VsPromptEditor *self,
                          guint           index)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (VS_IS_PROMPT_EDITOR (self), NULL);

  row = gtk_list_box_get_row_at_index (self->messages, index);
  return VS_IS_MESSAGE_ROW (row) ? VS_MESSAGE_ROW (row) : NULL;
}

/* Loading */

static void
set_draft (VsPromptEditor *self,
           VsTemplate     *draft)
{
  vs_ui_watch_object (&self->draft, draft, "changed", G_CALLBACK (on_draft_changed), self);

  g_clear_pointer (&self->few_shot_key, g_free);
  g_clear_pointer (&self->examples, g_ptr_array_unref);
  g_clear_pointer (&self->removed, vs_template_message_free);
  vs_parameters_panel_set_template (self->parameters, draft);
  vs_few_shot_panel_set_template (self->few_shot, draft);
  rebuild_rows (self, -1);
  update_header (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.run", draft != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save-version", draft != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.add-message", draft != NULL);
}

void
vs_prompt_editor_reload (VsPromptEditor *self)
{
  g_autoptr(VsTemplate) draft = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VS_IS_PROMPT_EDITOR (self));

  if (self->project != NULL && self->template_id > 0)
    {
      draft = vs_template_store_load_draft (self->project, self->template_id, &error);
      if (draft == NULL)
        g_warning ("Could not load template %" G_GINT64_FORMAT ": %s", self->template_id,
                   error->message);
    }
  set_draft (self, draft);
}

void
vs_prompt_editor_set_template (VsPromptEditor *self,
                               VsProject      *project,
                               gint64          template_id)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VS_IS_PROMPT_EDITOR (self));
  g_return_if_fail (!project || VS_IS_PROJECT (project));

  if (self->project == project && self->template_id == template_id)
    return;

  if (!vs_prompt_editor_flush (self, &error))
    g_warning ("Could not save the draft: %s", error->message);
  vs_run_pane_stop (self->run_pane);

  if (self->project != project)
    {
      vs_ui_watch_object (&self->project, project, "changed", G_CALLBACK (on_project_changed),
                          self);
      g_hash_table_remove_all (self->runs);
    }
  self->template_id = project != NULL ? template_id : 0;
  /* The output shown is always this template's. */
  if (self->template_id > 0)
    {
      GPtrArray *history = g_hash_table_lookup (self->runs, &self->template_id);

      if (history == NULL)
        {
          gint64 *key = g_new (gint64, 1);

          *key = self->template_id;
          history = vs_run_pane_history_new ();
          g_hash_table_insert (self->runs, key, history);
        }
      vs_run_pane_set_history (self->run_pane, history);
    }
  else
    vs_run_pane_set_history (self->run_pane, NULL);
  self->reporting_save_error = FALSE;

  vs_variables_panel_load (self->variables, project, self->template_id);
  vs_parameters_panel_set_project (self->parameters, project);
  vs_few_shot_panel_set_project (self->few_shot, project);
  vs_version_history_set_template (self->history, project, self->template_id);
  vs_prompt_editor_reload (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEMPLATE_ID]);
}

gint64
vs_prompt_editor_get_template_id (VsPromptEditor *self)
{
  g_return_val_if_fail (VS_IS_PROMPT_EDITOR (self), 0);

  return self->template_id;
}

/* Columns */

void
vs_prompt_editor_show_tab (VsPromptEditor *self,
                           const char     *tab)
{
  g_return_if_fail (VS_IS_PROMPT_EDITOR (self));

  gtk_stack_set_visible_child_name (self->tabs, tab);
  if (adw_leaflet_get_folded (self->columns))
    adw_leaflet_set_visible_child_name (self->columns, "output");
}

static void
on_column_toggled (VsPromptEditor  *self,
                   GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button) || self->syncing_switcher)
    return;
  if (button == self->show_messages)
    adw_leaflet_set_visible_child_name (self->columns, "messages");
  else if (button == self->show_inputs)
    adw_leaflet_set_visible_child_name (self->columns, "inputs");
  else
    adw_leaflet_set_visible_child_name (self->columns, "output");
}

/* Keeps the column tabs in step with the leaflet: which column shows, after a navigation or
 * a swipe. (Whether the tabs show at all is decided with the fold, in size_allocate.) */
static gboolean
update_chrome (gpointer data)
{
  VsPromptEditor *self = data;
  const char *name = adw_leaflet_get_visible_child_name (self->columns);

  self->chrome_id = 0;
  /* Folded, every column is a tab: nothing to put away. */
  gtk_widget_set_sensitive (self->inputs_toggle, !adw_leaflet_get_folded (self->columns));
  /* Only if the leaflet folded on its own (its columns grew wider than planned): the next
   * allocation takes the tabs into account. */
  if (gtk_widget_get_visible (self->column_switcher) != adw_leaflet_get_folded (self->columns))
    gtk_widget_set_visible (self->column_switcher, adw_leaflet_get_folded (self->columns));

  self->syncing_switcher = TRUE;
  if (g_strcmp0 (name, "messages") == 0)
    gtk_toggle_button_set_active (self->show_messages, TRUE);
  else if (g_strcmp0 (name, "inputs") == 0)
    gtk_toggle_button_set_active (self->show_inputs, TRUE);
  else if (g_strcmp0 (name, "output") == 0)
    gtk_toggle_button_set_active (self->show_output, TRUE);
  self->syncing_switcher = FALSE;
  return G_SOURCE_REMOVE;
}

static void
queue_update_chrome (VsPromptEditor *self)
{
  if (self->chrome_id == 0)
    self->chrome_id = g_idle_add (update_chrome, self);
}

static void
on_visible_column_changed (VsPromptEditor *self)
{
  queue_update_chrome (self);
}

/* Running */

static void
on_running_changed (VsPromptEditor *self)
{
  gboolean running = vs_run_pane_get_running (self->run_pane);

  gtk_stack_set_visible_child_name (self->run_stack, running ? "stop" : "run");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.stop", running);
}

/* "gpt-4o-mini · Local Ollama · version 3" (or "· draft", "· draft after version 3"). */
static char *
describe_run (VsPromptEditor *self,
              VsEndpoint     *endpoint)
{
  g_autoptr(VsTemplateInfo) info = NULL;
  g_autofree char *version = NULL;
  gboolean modified = TRUE;
  const char *model = vs_template_get_model (self->draft);

  info = vs_template_store_get_info (self->project, self->template_id, NULL);
  vs_template_store_draft_is_modified (self->project, self->template_id, &modified, NULL);
  if (info == NULL || info->head_number == 0)
    version = g_strdup (_("draft"));
  else if (modified)
    version = g_strdup_printf (_("draft after version %d"), info->head_number);
  else
    version = g_strdup_printf (_("version %d"), info->head_number);
  return g_strdup_printf ("%s · %s · %s", model ? model : "", vs_endpoint_get_name (endpoint),
                          version);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  VsPromptEditor *self = VS_PROMPT_EDITOR (widget);
  g_autoptr(VsChatRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  VsEndpoint *endpoint;

  if (self->draft == NULL)
    return;
  /* The accelerator toggles: while a reply streams, it stops it. */
  if (vs_run_pane_get_running (self->run_pane))
    {
      vs_run_pane_stop (self->run_pane);
      return;
    }

  vs_prompt_editor_show_tab (self, "run");

  endpoint = vs_parameters_panel_get_endpoint (self->parameters);
  if (endpoint == NULL)
    {
      vs_run_pane_show_problem (self->run_pane, "network-offline-symbolic",
                                _("No Endpoint Configured"),
                                _("Add an OpenAI-compatible or Ollama endpoint to run "
                                  "prompts. A local Ollama at http://127.0.0.1:11434 works "
                                  "without a key."),
                                _("_Set Up Endpoints…"), "win.project-settings");
      return;
    }

  update_examples (self);
  request = vs_template_build_request (self->draft,
                                       vs_variables_panel_get_values (self->variables),
                                       self->examples, endpoint, NULL, &error);
  if (g_error_matches (error, VS_TEMPLATE_REQUEST_ERROR, VS_TEMPLATE_REQUEST_ERROR_NO_MODEL))
    {
      vs_run_pane_show_problem (self->run_pane, "dialog-question-symbolic", _("Choose a Model"),
                                _("Type a model name under Parameters, or pick one of the "
                                  "models the endpoint lists."), NULL, NULL);
      return;
    }
  if (request == NULL)
    {
      g_autofree char *description = NULL;

      if (g_error_matches (error, VS_TEMPLATE_ERROR, VS_TEMPLATE_ERROR_UNKNOWN_VARIABLE))
        description = g_strdup_printf (_("Give every variable a value under Variables.\n\n%s"),
                                       error->message);
      else
        description = g_strdup (error->message);
      vs_run_pane_show_problem (self->run_pane, "dialog-error-symbolic",
                                _("The Template Has Problems"), description, NULL, NULL);
      return;
    }

  /* A test run asks the model again each time; the answer still lands in the cache. */
  vs_chat_request_set_cache_mode (request, VS_CACHE_MODE_REFRESH);
  {
    g_autofree char *label = describe_run (self, endpoint);

    vs_run_pane_run (self->run_pane, self->project, endpoint, request, label);
  }
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  vs_run_pane_stop (VS_PROMPT_EDITOR (widget)->run_pane);
}

/* Versions */

VsTemplateVersionInfo *
vs_prompt_editor_save_version (VsPromptEditor  *self,
                               const char      *note,
                               GError         **error)
{
  VsTemplateVersionInfo *info;

  g_return_val_if_fail (VS_IS_PROMPT_EDITOR (self), NULL);

  if (self->project == NULL || self->template_id <= 0)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_NOT_FOUND, _("No template is open"));
      return NULL;
    }
  if (!vs_prompt_editor_flush (self, error))
    return NULL;
  info = vs_template_store_save_version (self->project, self->template_id, note ? note : "",
                                         error);
  if (info == NULL)
    return NULL;
  vs_version_history_reload (self->history);
  update_header (self);
  return info;
}

static void
on_save_version_response (AdwMessageDialog *dialog,
                          const char       *response,
                          VsPromptEditor   *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autoptr(VsTemplateVersionInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "save") != 0)
    return;
  info = vs_prompt_editor_save_version (self, gtk_editable_get_text (entry), &error);
  if (info == NULL)
    message = g_strdup_printf (_("Could not save the version: %s"), error->message);
  else
    message = g_strdup_printf (_("Saved as version %d"), info->number);
  toast (self, message);
}

static void
save_version_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  VsPromptEditor *self = VS_PROMPT_EDITOR (widget);
  GtkWidget *dialog, *entry;

  if (self->draft == NULL || gtk_widget_get_root (widget) == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Save Version"),
                                   _("Versions never change once saved; evaluations refer to "
                                     "them. A short note says what this one tries."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Note, e.g. “stricter label list”"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Note"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_save_version_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
on_version_restored (VsPromptEditor *self)
{
  vs_prompt_editor_reload (self);
}

static void
add_message_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VsPromptEditor *self = VS_PROMPT_EDITOR (widget);
  VsTemplateRole role = VS_TEMPLATE_ROLE_USER;

  if (self->draft == NULL)
    return;
  if (parameter != NULL)
    vs_template_role_from_string (g_variant_get_string (parameter, NULL), &role);
  vs_template_append_message (self->draft, role, "");
  rebuild_rows (self, vs_template_get_n_messages (self->draft) - 1);
}

/* Accessors */

VsTemplate *
vs_prompt_editor_get_draft (VsPromptEditor *self)
{
  g_return_val_if_fail (VS_IS_PROMPT_EDITOR (self), NULL);
  return self->draft;
}

VsVariablesPanel *
vs_prompt_editor_get_variables (VsPromptEditor *self)
{
  g_return_val_if_fail (VS_IS_PROMPT_EDITOR (self), NULL);
  return self->variables;
}

VsParametersPanel *
vs_prompt_editor_get_parameters (VsPromptEditor *self)
{
  g_return_val_if_fail (VS_IS_PROMPT_EDITOR (self), NULL);
  return self->parameters;
}

VsRunPane *
vs_prompt_editor_get_run_pane (VsPromptEditor *self)
{
  g_return_val_if_fail (VS_IS_PROMPT_EDITOR (self), NULL);
  return self->run_pane;
}

VsVersionHistory *
vs_prompt_editor_get_history (VsPromptEditor *self)
{
  g_return_val_if_fail (VS_IS_PROMPT_EDITOR (self), NULL);
  return self->history;
}

char *
vs_prompt_editor_dup_preview_text (VsPromptEditor *self)
{
  g_return_val_if_fail (VS_IS_PROMPT_EDITOR (self), NULL);
  return g_strdup (self->preview_text ? self->preview_text : "");
}

const char *
vs_prompt_editor_get_preview_stats (VsPromptEditor *self)
{
  g_return_val_if_fail (VS_IS_PROMPT_EDITOR (self), NULL);
  return gtk_label_get_label (self->preview_stats);
}

gboolean
vs_prompt_editor_get_preview_pending (VsPromptEditor *self)
{
  g_return_val_if_fail (VS_IS_PROMPT_EDITOR (self), FALSE);
  return self->refresh_id != 0 || self->applied_generation != self->preview_generation;
}

guint
vs_prompt_editor_get_preview_serial (VsPromptEditor *self)
{
  g_return_val_if_fail (VS_IS_PROMPT_EDITOR (self), 0);
  return self->preview_serial;
}

GtkWidget *
vs_prompt_editor_new (void)
{
  return g_object_new (VS_TYPE_PROMPT_EDITOR, NULL);
}

/* GObject */

static void
vs_prompt_editor_dispose (GObject *object)
{
  VsPromptEditor *self = VS_PROMPT_EDITOR (object);
  g_autoptr(GError) error = NULL;

  if (!vs_prompt_editor_flush (self, &error))
    g_warning ("Could not save the draft: %s", error->message);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->chrome_id, g_source_remove);
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  vs_ui_unwatch_object (&self->draft, G_CALLBACK (on_draft_changed), self);
  vs_ui_unwatch_object (&self->project, G_CALLBACK (on_project_changed), self);
  g_clear_pointer (&self->examples, g_ptr_array_unref);
  g_clear_pointer (&self->few_shot_key, g_free);
  g_clear_pointer (&self->preview_text, g_free);
  g_clear_pointer (&self->removed, vs_template_message_free);
  g_clear_pointer (&self->runs, g_hash_table_unref);

  vs_ui_dispose_template (GTK_WIDGET (self), VS_TYPE_PROMPT_EDITOR);

  G_OBJECT_CLASS (vs_prompt_editor_parent_class)->dispose (object);
}

static void
vs_prompt_editor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VsPromptEditor *self = VS_PROMPT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_TEMPLATE_ID:
      g_value_set_int64 (value, self->template_id);
      break;

    case PROP_SHOW_BACK_BUTTON:
      g_value_set_boolean (value, self->show_back_button);
      break;

    case PROP_SHOW_INPUTS:
      g_value_set_boolean (value, self->inputs_shown);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_prompt_editor_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VsPromptEditor *self = VS_PROMPT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SHOW_BACK_BUTTON:
      /* Set while the page's leaflet folds, before it allocates the editor: in time for the
       * same layout pass, and the editor's minimum width does not depend on it. */
      self->show_back_button = g_value_get_boolean (value);
      gtk_widget_set_visible (self->back_button, self->show_back_button);
      g_object_notify_by_pspec (object, pspec);
      break;

    case PROP_SHOW_INPUTS:
      if (self->inputs_shown != g_value_get_boolean (value))
        {
          self->inputs_shown = g_value_get_boolean (value);
          /* The columns fold, and the inputs show, from the next allocation. */
          gtk_widget_queue_allocate (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Layout: the fold is decided here, from the width the editor was given, never by the
 * leaflet from sizes the fold itself changes. */

static void
vs_prompt_editor_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  VsPromptEditor *self = VS_PROMPT_EDITOR (widget);

  gtk_widget_measure (self->box, orientation, for_size, minimum, natural, minimum_baseline,
                      natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* A constant: the leaflet's natural width is the sum of its columns only while it may
       * unfold, and the page's list would take or give back the difference. */
      *minimum = MAX (*minimum, EDITOR_MIN_WIDTH);
      *natural = MAX (*minimum, 3 * EDITOR_MIN_WIDTH);
    }
}

static GtkSizeRequestMode
vs_prompt_editor_get_request_mode (GtkWidget *widget)
{
  return gtk_widget_get_request_mode (VS_PROMPT_EDITOR (widget)->box);
}

static int
get_columns_fold_below (VsPromptEditor *self)
{
  GtkWidget *columns[] = { self->messages_scroller, self->output_column, self->inputs_scroller };
  guint n = self->inputs_shown ? 3 : 2;
  int sum = n - 1;  /* the separators */

  for (guint i = 0; i < n; i++)
    {
      int min = 0;

      gtk_widget_measure (columns[i], GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      sum += min;
    }
  return MAX (self->inputs_shown ? COLUMNS_FOLD_BELOW : TWO_COLUMNS_FOLD_BELOW, sum);
}

static void
vs_prompt_editor_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  VsPromptEditor *self = VS_PROMPT_EDITOR (widget);
  gboolean folded = vs_ui_decide_fold (!adw_leaflet_get_can_unfold (self->columns), width,
                                       get_columns_fold_below (self));

  /* All queue a resize of the box, which is allocated right below in this same pass. The
   * inputs column put away shows as a tab all the same when the columns are folded. */
  adw_leaflet_set_can_unfold (self->columns, !folded);
  gtk_widget_set_visible (self->column_switcher, folded);
  gtk_widget_set_visible (self->inputs_scroller, folded || self->inputs_shown);
  gtk_widget_set_visible (self->inputs_separator, folded || self->inputs_shown);
  gtk_widget_allocate (self->box, width, height, baseline, NULL);
}

gboolean
vs_prompt_editor_get_folded (VsPromptEditor *self)
{
  g_return_val_if_fail (VS_IS_PROMPT_EDITOR (self), FALSE);

  return adw_leaflet_get_folded (self->columns);
}

static void
vs_prompt_editor_class_init (VsPromptEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_prompt_editor_dispose;
  object_class->get_property = vs_prompt_editor_get_property;
  object_class->set_property = vs_prompt_editor_set_property;

  properties[PROP_TEMPLATE_ID] =
    g_param_spec_int64 ("template-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_INPUTS] =
    g_param_spec_boolean ("show-inputs", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_BACK_BUTTON] =
    g_param_spec_boolean ("show-back-button", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VS_TYPE_VARIABLES_PANEL);
  g_type_ensure (VS_TYPE_PARAMETERS_PANEL);
  g_type_ensure (VS_TYPE_FEW_SHOT_PANEL);
  g_type_ensure (VS_TYPE_RUN_PANE);
  g_type_ensure (VS_TYPE_VERSION_HISTORY);

  widget_class->get_request_mode = vs_prompt_editor_get_request_mode;
  widget_class->measure = vs_prompt_editor_measure;
  widget_class->size_allocate = vs_prompt_editor_size_allocate;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-prompt-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, box);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, back_button);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, column_switcher);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, show_messages);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, show_inputs);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, show_output);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, title);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, subtitle);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, run_stack);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, columns);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, messages_scroller);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, inputs_scroller);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, output_column);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, inputs_separator);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, inputs_toggle);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, messages);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, preview_box);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, preview_stats);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, tabs);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, variables);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, parameters);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, few_shot);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, run_pane);
  gtk_widget_class_bind_template_child (widget_class, VsPromptEditor, history);
  gtk_widget_class_bind_template_callback (widget_class, on_column_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_column_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_values_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_running_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_version_restored);

  gtk_widget_class_install_property_action (widget_class, "editor.show-inputs", "show-inputs");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "editor.show-inputs", NULL);
  gtk_widget_class_install_action (widget_class, "editor.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "editor.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "editor.save-version", NULL,
                                   save_version_action);
  gtk_widget_class_install_action (widget_class, "editor.add-message", "s", add_message_action);
  gtk_widget_class_install_action (widget_class, "editor.undo-remove-message", NULL,
                                   undo_remove_action);

}

/* A key acts on the editor only while the user sees it (the global controller hears keys
 * meant for other pages too); the actions themselves work whenever there is a draft. */
static gboolean
activate_if_shown (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  return gtk_widget_activate_action (widget, user_data, NULL);
}

static void
load_css (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (loaded || display == NULL)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider,
                                       "/io/github/versuslab/Versus/vs-prompt-editor.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
vs_prompt_editor_init (VsPromptEditor *self)
{
  load_css ();
  self->runs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                      (GDestroyNotify) g_ptr_array_unref);
  self->inputs_shown = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Put away or not, the inputs column stays so across starts. */
  {
    GApplication *app = g_application_get_default ();

    if (VS_IS_APPLICATION (app) && vs_application_get_settings (VS_APPLICATION (app)) != NULL)
      {
        g_settings_bind (vs_application_get_settings (VS_APPLICATION (app)),
                         "prompt-inputs-visible", self, "show-inputs", G_SETTINGS_BIND_DEFAULT);
        /* Counts for unknown models follow the default encoding chosen in Preferences. */
        g_signal_connect_object (vs_application_get_settings (VS_APPLICATION (app)),
                                 "changed::default-encoding", G_CALLBACK (start_preview), self,
                                 G_CONNECT_SWAPPED);
      }
  }

  /* Ctrl+Return and Ctrl+S work wherever the focus is in the window while the editor shows
   * (the application's accelerators only reach window and application actions): once in the
   * capture phase, before a message's text view would take Ctrl+Return as a new line, and once
   * for the whole window. */
  for (guint scope = 0; scope < 2; scope++)
    {
      GtkEventController *controller = gtk_shortcut_controller_new ();
      const struct { guint key; const char *action; } keys[] = {
        { GDK_KEY_Return, "editor.run" },
        { GDK_KEY_KP_Enter, "editor.run" },
        { GDK_KEY_s, "editor.save-version" },
      };

      if (scope == 0)
        gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
      else
        gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                           GTK_SHORTCUT_SCOPE_GLOBAL);
      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        gtk_shortcut_controller_add_shortcut (
          GTK_SHORTCUT_CONTROLLER (controller),
          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, GDK_CONTROL_MASK),
                            gtk_callback_action_new (activate_if_shown, (gpointer) keys[i].action,
                                                     NULL)));
      gtk_widget_add_controller (GTK_WIDGET (self), controller);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.stop", FALSE);
  set_draft (self, NULL);
}
