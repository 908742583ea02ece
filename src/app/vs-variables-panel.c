/* vs-variables-panel.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "vs-dataset-store.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-template-parser.h"
#include "vs-variables-panel.h"
#include "vs-ui-util.h"

#define SAVE_DELAY_MS 400

struct _VsVariablesPanel
{
  GtkWidget            parent_instance;

  VsProject           *project;
  gint64               template_id;
  JsonObject          *values;
  GStrv                names;
  GArray              *dataset_ids;   /* gint64, parallel to the dataset combo */
  guint                save_id;
  gboolean             loading;

  GtkWidget           *box;
  AdwPreferencesGroup *group;
  GPtrArray           *rows;          /* AdwEntryRow, parallel to names */
  GtkWidget           *empty_row;
  AdwPreferencesGroup *dataset_group;
  AdwComboRow         *dataset_row;
  GtkStringList       *dataset_names;
  AdwActionRow        *record_row;
  GtkSpinButton       *record_spin;
  GtkWidget           *no_dataset_row;
  GtkWidget           *fill_button;
};

G_DEFINE_FINAL_TYPE (VsVariablesPanel, vs_variables_panel, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
meta_key (gint64 template_id)
{
  return g_strdup_printf ("prompts.values.%" G_GINT64_FORMAT, template_id);
}

static gboolean
save_now (gpointer data)
{
  VsVariablesPanel *self = data;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  self->save_id = 0;
  if (self->project == NULL || self->template_id <= 0 || vs_project_get_read_only (self->project))
    return G_SOURCE_REMOVE;

  json_node_set_object (node, self->values);
  text = json_to_string (node, FALSE);
  key = meta_key (self->template_id);
  if (!vs_project_set_meta (self->project, key, text, &error))
    g_warning ("Could not save the sample values: %s", error->message);
  return G_SOURCE_REMOVE;
}

void
vs_variables_panel_flush (VsVariablesPanel *self)
{
  g_return_if_fail (VS_IS_VARIABLES_PANEL (self));

  if (self->save_id != 0)
    {
      g_clear_handle_id (&self->save_id, g_source_remove);
      save_now (self);
    }
}

static void
values_changed (VsVariablesPanel *self)
{
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, save_now, self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* What a field shows for a value: strings as they are, anything else as compact JSON. */
static char *
value_to_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return vs_template_json_to_compact (node);
}

/* And back: text that reads as a JSON array or object is that value (for sections). */
static JsonNode *
text_to_value (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (*stripped == '[' || *stripped == '{')
    {
      JsonNode *node = json_from_string (stripped, NULL);

      if (node != NULL)
        return node;
    }
  return json_node_init_string (json_node_alloc (), text);
}

static void
on_row_changed (VsVariablesPanel *self,
                AdwEntryRow      *row)
{
  const char *name = g_object_get_data (G_OBJECT (row), "variable");

  if (self->loading || name == NULL)
    return;
  json_object_set_member (self->values, name,
                          text_to_value (gtk_editable_get_text (GTK_EDITABLE (row))));
  values_changed (self);
}

static void
refresh_texts (VsVariablesPanel *self)
{
  self->loading = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkEditable *row = g_ptr_array_index (self->rows, i);
      g_autofree char *text = value_to_text (json_object_get_member (self->values,
                                                                     self->names[i]));

      if (g_strcmp0 (gtk_editable_get_text (row), text) != 0)
        gtk_editable_set_text (row, text);
    }
  self->loading = FALSE;
}

/* An entry cannot ellipsize: a value longer than the row shows whole in the tooltip. */
static void
update_value_tooltip (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  gtk_widget_set_tooltip_text (GTK_WIDGET (row), text != NULL && *text != '\0' ? text : NULL);
}

static void
rebuild_rows (VsVariablesPanel *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; self->names != NULL && self->names[i] != NULL; i++)
    {
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), self->names[i]);
      g_object_set_data_full (G_OBJECT (row), "variable", g_strdup (self->names[i]), g_free);
      g_signal_connect_object (row, "changed", G_CALLBACK (on_row_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect (row, "changed", G_CALLBACK (update_value_tooltip), NULL);
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_widget_set_visible (self->empty_row, self->rows->len == 0);
  refresh_texts (self);
}

void
vs_variables_panel_set_names (VsVariablesPanel   *self,
                              const char * const *names)
{
  g_return_if_fail (VS_IS_VARIABLES_PANEL (self));

  /* Same names: keep the rows (and the focus of the one being typed in). */
  if (self->names != NULL && names != NULL &&
      g_strv_equal ((const char * const *) self->names, names))
    return;
  if (self->names == NULL && (names == NULL || names[0] == NULL) && self->rows->len == 0)
    return;

  g_strfreev (self->names);
  self->names = g_strdupv ((char **) names);
  rebuild_rows (self);
}

const char * const *
vs_variables_panel_get_names (VsVariablesPanel *self)
{
  g_return_val_if_fail (VS_IS_VARIABLES_PANEL (self), NULL);

  return (const char * const *) self->names;
}

JsonObject *
vs_variables_panel_get_values (VsVariablesPanel *self)
{
  g_return_val_if_fail (VS_IS_VARIABLES_PANEL (self), NULL);

  return self->values;
}

void
vs_variables_panel_set_value (VsVariablesPanel *self,
                              const char       *name,
                              const char       *value)
{
  g_return_if_fail (VS_IS_VARIABLES_PANEL (self));
  g_return_if_fail (name != NULL);

  json_object_set_member (self->values, name, text_to_value (value ? value : ""));
  refresh_texts (self);
  values_changed (self);
}

static void
merge_object (VsVariablesPanel *self,
              JsonObject       *object)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l; l = l->next)
    json_object_set_member (self->values, l->data,
                            json_node_copy (json_object_get_member (object, l->data)));
  refresh_texts (self);
  values_changed (self);
}

gboolean
vs_variables_panel_merge_json (VsVariablesPanel  *self,
                               const char        *json,
                               GError           **error)
{
  g_autoptr(JsonObject) object = NULL;

  g_return_val_if_fail (VS_IS_VARIABLES_PANEL (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);

  object = vs_json_parse_object (json, -1, error);
  if (object == NULL)
    return FALSE;
  merge_object (self, object);
  return TRUE;
}

gboolean
vs_variables_panel_fill_from_record (VsVariablesPanel  *self,
                                     gint64             dataset_id,
                                     gint64             ordinal,
                                     GError           **error)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (VS_IS_VARIABLES_PANEL (self), FALSE);

  if (self->project == NULL)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_NOT_FOUND, _("No project is open"));
      return FALSE;
    }

  object = vs_dataset_store_get_record_data (self->project, dataset_id, ordinal, &local_error);
  if (object == NULL)
    {
      if (g_error_matches (local_error, VS_ERROR, VS_ERROR_NOT_FOUND))
        g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND,
                     _("The dataset has no row %" PRId64), ordinal);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  merge_object (self, object);
  return TRUE;
}

/* Datasets */

static void
update_record_range (VsVariablesPanel *self)
{
  guint selected = adw_combo_row_get_selected (self->dataset_row);
  gint64 low = 1, high = 1;

  if (self->project != NULL && selected < self->dataset_ids->len)
    {
      gint64 first = 0, last = 0;

      if (vs_dataset_store_get_ordinal_range (self->project,
                                              g_array_index (self->dataset_ids, gint64, selected),
                                              &first, &last, NULL) &&
          first > 0)
        {
          low = first;
          high = last;
        }
    }
  gtk_spin_button_set_range (self->record_spin, low, MAX (low, high));
  {
    g_autofree char *range = g_strdup_printf (_("Rows %" PRId64 "–%" PRId64),
                                              low, high);

    gtk_widget_set_tooltip_text (GTK_WIDGET (self->record_spin), range);
  }
}

static void
load_datasets (VsVariablesPanel *self)
{
  g_autoptr(GPtrArray) datasets = NULL;

  g_array_set_size (self->dataset_ids, 0);
  gtk_string_list_splice (self->dataset_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->dataset_names)), NULL);
  if (self->project != NULL)
    datasets = vs_dataset_store_list_names (self->project, NULL);
  for (guint i = 0; datasets != NULL && i < datasets->len; i++)
    {
      const VsDatasetName *dataset = g_ptr_array_index (datasets, i);

      g_array_append_val (self->dataset_ids, dataset->id);
      gtk_string_list_append (self->dataset_names, dataset->name);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->dataset_row), self->dataset_ids->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->record_row), self->dataset_ids->len > 0);
  gtk_widget_set_visible (self->no_dataset_row, self->dataset_ids->len == 0);
  gtk_widget_set_visible (self->fill_button, self->dataset_ids->len > 0);
  update_record_range (self);
}

static void
on_fill_clicked (VsVariablesPanel *self)
{
  guint selected = adw_combo_row_get_selected (self->dataset_row);
  g_autoptr(GError) error = NULL;

  if (selected >= self->dataset_ids->len)
    return;
  if (!vs_variables_panel_fill_from_record (self,
                                            g_array_index (self->dataset_ids, gint64, selected),
                                            gtk_spin_button_get_value_as_int (self->record_spin),
                                            &error))
    {
      GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
    }
}

static void
on_paste_response (AdwMessageDialog *dialog,
                   const char       *response,
                   VsVariablesPanel *self)
{
  GtkTextView *view = g_object_get_data (G_OBJECT (dialog), "view");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextIter start, end;

  if (g_strcmp0 (response, "fill") != 0)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (!vs_variables_panel_merge_json (self, text, &error))
    {
      GtkWidget *toast_parent = gtk_widget_get_ancestor (GTK_WIDGET (self),
                                                         ADW_TYPE_TOAST_OVERLAY);
      g_autofree char *message = g_strdup_printf (_("Not a JSON object: %s"), error->message);

      if (toast_parent != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (toast_parent), adw_toast_new (message));
    }
}

static void
on_paste_clicked (VsVariablesPanel *self)
{
  GtkWidget *dialog, *scroller, *view;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Paste Values"),
                                   _("A JSON object whose members are the variables, such as "
                                     "a dataset row: {\"ticket\": \"…\", \"labels\": [\"…\"]}"));
  view = gtk_text_view_new ();
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("JSON object"), -1);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_widget_set_size_request (scroller, 360, 160);
  gtk_widget_add_css_class (scroller, "card");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "fill", _("_Fill In"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "fill",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "fill");
  g_object_set_data (G_OBJECT (dialog), "view", view);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_paste_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (view);
}

void
vs_variables_panel_load (VsVariablesPanel *self,
                         VsProject        *project,
                         gint64            template_id)
{
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (VS_IS_VARIABLES_PANEL (self));

  vs_variables_panel_flush (self);
  g_set_object (&self->project, project);
  self->template_id = template_id;
  g_clear_pointer (&self->values, json_object_unref);

  if (project != NULL && template_id > 0)
    {
      key = meta_key (template_id);
      text = vs_project_get_meta (project, key);
      if (text != NULL)
        self->values = vs_json_parse_object (text, -1, NULL);
    }
  if (self->values == NULL)
    self->values = json_object_new ();

  load_datasets (self);
  refresh_texts (self);
}

GtkWidget *
vs_variables_panel_new (void)
{
  return g_object_new (VS_TYPE_VARIABLES_PANEL, NULL);
}

static void
vs_variables_panel_dispose (GObject *object)
{
  VsVariablesPanel *self = VS_VARIABLES_PANEL (object);

  vs_variables_panel_flush (self);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->project);
  g_clear_pointer (&self->values, json_object_unref);
  g_clear_pointer (&self->names, g_strfreev);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->dataset_ids, g_array_unref);

  G_OBJECT_CLASS (vs_variables_panel_parent_class)->dispose (object);
}

static void
vs_variables_panel_class_init (VsVariablesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_variables_panel_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
vs_variables_panel_init (VsVariablesPanel *self)
{
  GtkWidget *paste, *fill;

  self->values = json_object_new ();
  self->rows = g_ptr_array_new ();
  self->dataset_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("Variables"));
  adw_preferences_group_set_description (self->group,
                                         _("Used by the preview and runs"));
  paste = gtk_button_new_with_mnemonic (_("_Paste JSON…"));
  gtk_widget_set_valign (paste, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (paste, "flat");
  gtk_widget_set_tooltip_text (paste, _("Fill the values from a JSON object"));
  g_signal_connect_object (paste, "clicked", G_CALLBACK (on_paste_clicked), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_set_header_suffix (self->group, paste);
  self->empty_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->empty_row), _("No variables yet"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->empty_row),
                               _("Write {{name}} in a message to add one"));
  adw_preferences_group_add (self->group, self->empty_row);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->group));

  self->dataset_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->dataset_group, _("Dataset row"));
  self->dataset_names = gtk_string_list_new (NULL);
  self->dataset_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->dataset_row), _("_Dataset"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->dataset_row), TRUE);
  adw_combo_row_set_model (self->dataset_row, G_LIST_MODEL (self->dataset_names));
  /* The value as the subtitle: long dataset names wrap instead of widening the column. */
  adw_combo_row_set_use_subtitle (self->dataset_row, TRUE);
  g_object_unref (self->dataset_names);
  g_signal_connect_object (self->dataset_row, "notify::selected",
                           G_CALLBACK (update_record_range), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (self->dataset_group, GTK_WIDGET (self->dataset_row));

  self->record_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->record_row), _("_Row"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->record_row), TRUE);
  self->record_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 1, 1));
  gtk_editable_set_width_chars (GTK_EDITABLE (self->record_spin), 3);
  gtk_widget_set_valign (GTK_WIDGET (self->record_spin), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->record_spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Row number"), -1);
  adw_action_row_add_suffix (self->record_row, GTK_WIDGET (self->record_spin));
  /* In the editor's scrolled column: the wheel scrolls it, not the row number. */
  vs_ui_wheel_needs_focus (GTK_WIDGET (self->record_spin));
  /* The button sits in the group's header, so the row keeps room for its title. */
  fill = gtk_button_new_with_mnemonic (_("_Fill In"));
  gtk_widget_set_valign (fill, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (fill, "flat");
  gtk_widget_set_tooltip_text (fill, _("Fill the variables from this row's columns"));
  g_signal_connect_object (fill, "clicked", G_CALLBACK (on_fill_clicked), self,
                           G_CONNECT_SWAPPED);
  self->fill_button = fill;
  adw_preferences_group_add (self->dataset_group, GTK_WIDGET (self->record_row));

  self->no_dataset_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->no_dataset_row),
                                 _("No datasets in this project yet"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->no_dataset_row),
                               _("Import one on the Datasets page, or paste JSON above"));
  adw_preferences_group_add (self->dataset_group, self->no_dataset_row);
  adw_preferences_group_set_header_suffix (self->dataset_group, fill);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->dataset_group));
  /* A narrow column: titles and descriptions break between words, values ellipsize. */
  vs_ui_labels_keep_words (self->box);

  load_datasets (self);
}
