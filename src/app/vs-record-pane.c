/* vs-record-pane.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The turns are widgets (a record has a handful of messages); each keeps the message object it
 * was read from, so keys the pane does not edit (name, tool_calls, …) are written back as they
 * were.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vs-accessible.h"
#include "vs-dataset-steps.h"
#include "vs-format.h"
#include "vs-json.h"
#include "vs-record-pane.h"
#include "vs-turn-row.h"
#include "vs-window.h"

/* After the last keystroke: re-check, then write. */
#define CHECK_DELAY_MS 150
#define COMMIT_DELAY_MS 800

struct _VsRecordPane
{
  GtkWidget        parent_instance;

  VsProject       *project;
  gint64           dataset_id;
  char            *mapping;
  gint64           record_id;
  gint64           ordinal;
  JsonObject      *example;        /* as read (or last written); NULL when there is none */
  char            *shown_example;  /* its compact text */
  GPtrArray       *turns;          /* VsTurnRow, in order */
  GPtrArray       *problems;       /* VsDatasetCheck */
  gboolean         dirty;
  gboolean         loading;
  guint            check_id;
  guint            commit_id;
  guint            remeasure_id;

  GtkStack        *stack;
  GtkLabel        *title_label;
  GtkLabel        *meta_label;
  GtkLabel        *no_example_label;
  GtkBox          *turns_box;
  GtkButton       *add_button;
  GtkBox          *pair_box;
  GtkLabel        *chosen_label;
  GtkLabel        *rejected_label;
  GtkButton       *swap_button;
  GtkToggleButton *tie_button;
  GtkLabel        *problems_title;
  GtkLabel        *no_problems_label;
  GtkListBox      *problems_list;
};

enum {
  CHANGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VsRecordPane, vs_record_pane, GTK_TYPE_WIDGET)

static void
toast (VsRecordPane *self,
       const char   *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (VS_IS_WINDOW (root))
    vs_window_show_toast (VS_WINDOW (root), adw_toast_new (message));
  else
    g_message ("%s", message);
}

static void
emit_change (VsRecordPane   *self,
             VsCurateChange *change)
{
  if (change != NULL && vs_curate_change_get_n_records (change) > 0)
    g_signal_emit (self, signals[CHANGE], 0, change, self->record_id);
}

/* ---- The example as edited --------------------------------------------------------- */

static JsonObject *
build_example (VsRecordPane *self)
{
  JsonObject *example = self->example ? vs_json_object_deep_copy (self->example)
                                      : json_object_new ();
  JsonArray *messages = json_array_new ();

  for (guint i = 0; i < self->turns->len; i++)
    {
      VsTurnRow *row = g_ptr_array_index (self->turns, i);
      JsonObject *original = g_object_get_data (G_OBJECT (row), "vs-message");
      JsonObject *message = original ? vs_json_object_deep_copy (original) : json_object_new ();
      g_autofree char *content = vs_turn_row_dup_content (row);
      int weight = vs_turn_row_get_weight (row);

      json_object_set_string_member (message, "role", vs_turn_row_get_role (row));
      /* Content that was not text (parts, null with tool calls) stays as it was unless the
       * text shown for it was changed. */
      if (original == NULL || !json_object_has_member (original, "content") ||
          g_strcmp0 (content, g_object_get_data (G_OBJECT (row), "vs-shown")) != 0)
        json_object_set_string_member (message, "content", content);
      if (weight >= 0 && g_strcmp0 (vs_turn_row_get_role (row), "assistant") == 0)
        json_object_set_int_member (message, "weight", weight);
      else if (g_strcmp0 (vs_turn_row_get_role (row), "assistant") != 0)
        json_object_remove_member (message, "weight");
      json_array_add_object_element (messages, message);
    }
  json_object_set_array_member (example, "messages", messages);
  return example;
}

static void
show_problems (VsRecordPane *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, child);
  for (guint i = 0; self->problems != NULL && i < self->problems->len; i++)
    {
      VsDatasetCheck *check = g_ptr_array_index (self->problems, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (check->is_error ? "dialog-error-symbolic"
                                                                      : "dialog-warning-symbolic");
      g_autofree char *title = g_markup_escape_text (check->message, -1);

      gtk_widget_add_css_class (icon, check->is_error ? "error" : "warning");
      /* Translators: a problem's icon, for screen readers */
      vs_accessible_set_label (icon, check->is_error ? _("Error") : _("Warning"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), check->key);
      gtk_list_box_append (self->problems_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problems_list),
                          self->problems != NULL && self->problems->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->no_problems_label),
                          self->problems != NULL && self->problems->len == 0);
  /* No example, nothing checked: no heading over nothing. */
  gtk_widget_set_visible (GTK_WIDGET (self->problems_title), self->problems != NULL);
}

static void
run_checks (VsRecordPane *self)
{
  g_autoptr(JsonObject) example = NULL;

  g_clear_pointer (&self->problems, g_ptr_array_unref);
  if (self->example != NULL || self->turns->len > 0)
    {
      example = build_example (self);
      self->problems = vs_dataset_curate_check_example (example, NULL);
    }
  show_problems (self);
}

static gboolean
check_timeout (gpointer data)
{
  VsRecordPane *self = data;

  self->check_id = 0;
  run_checks (self);
  return G_SOURCE_REMOVE;
}

static gboolean
commit_timeout (gpointer data)
{
  VsRecordPane *self = data;

  self->commit_id = 0;
  vs_record_pane_commit (self);
  return G_SOURCE_REMOVE;
}

gboolean
vs_record_pane_commit (VsRecordPane *self)
{
  g_autoptr(JsonObject) example = NULL;
  g_autoptr(VsCurateChange) change = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (VS_IS_RECORD_PANE (self), FALSE);

  g_clear_handle_id (&self->commit_id, g_source_remove);
  if (!self->dirty || self->project == NULL || self->record_id == 0)
    return TRUE;
  self->dirty = FALSE;
  /* What is written is what the problems describe. */
  g_clear_handle_id (&self->check_id, g_source_remove);
  run_checks (self);
  example = build_example (self);
  text = vs_json_object_to_string (example, FALSE);
  if (g_strcmp0 (text, self->shown_example) == 0)
    return TRUE;

  change = vs_dataset_curate_set_example (self->project, self->dataset_id, self->record_id,
                                          example, &error);
  if (change == NULL)
    {
      toast (self, error->message);
      return FALSE;
    }
  g_clear_pointer (&self->example, json_object_unref);
  self->example = json_object_ref (example);
  g_free (self->shown_example);
  self->shown_example = g_steal_pointer (&text);
  emit_change (self, change);
  return TRUE;
}

static void
on_turn_changed (VsRecordPane *self)
{
  if (self->loading)
    return;
  self->dirty = TRUE;
  g_clear_handle_id (&self->check_id, g_source_remove);
  g_clear_handle_id (&self->commit_id, g_source_remove);
  self->check_id = g_timeout_add (CHECK_DELAY_MS, check_timeout, self);
  self->commit_id = g_timeout_add (COMMIT_DELAY_MS, commit_timeout, self);
}

static void on_turn_remove (VsTurnRow    *row,
                            VsRecordPane *self);

static VsTurnRow *
append_turn (VsRecordPane *self,
             const char   *role,
             const char   *content,
             int           weight,
             JsonObject   *original)
{
  VsTurnRow *row = VS_TURN_ROW (vs_turn_row_new ());

  vs_turn_row_set_role (row, role);
  vs_turn_row_set_content (row, content);
  vs_turn_row_set_weight (row, weight);
  if (original != NULL)
    {
      g_object_set_data_full (G_OBJECT (row), "vs-message", json_object_ref (original),
                              (GDestroyNotify) json_object_unref);
      g_object_set_data_full (G_OBJECT (row), "vs-shown", g_strdup (content), g_free);
    }
  g_signal_connect_swapped (row, "changed", G_CALLBACK (on_turn_changed), self);
  g_signal_connect (row, "remove", G_CALLBACK (on_turn_remove), self);
  gtk_box_append (self->turns_box, GTK_WIDGET (row));
  g_ptr_array_add (self->turns, row);
  return row;
}

static void
on_turn_remove (VsTurnRow    *row,
                VsRecordPane *self)
{
  g_ptr_array_remove (self->turns, row);
  gtk_box_remove (self->turns_box, GTK_WIDGET (row));
  self->dirty = TRUE;
  run_checks (self);
  vs_record_pane_commit (self);
}

void
vs_record_pane_add_turn (VsRecordPane *self)
{
  const char *last = NULL;
  VsTurnRow *row;

  g_return_if_fail (VS_IS_RECORD_PANE (self));

  if (self->record_id == 0)
    return;
  if (self->turns->len > 0)
    last = vs_turn_row_get_role (g_ptr_array_index (self->turns, self->turns->len - 1));
  row = append_turn (self, g_strcmp0 (last, "user") == 0 ? "assistant" : "user", "", -1, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->no_example_label), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (vs_turn_row_get_text_view (row)));
  self->dirty = TRUE;
  run_checks (self);
}

/* ---- Showing a record ---------------------------------------------------------------- */

static void
clear_turns (VsRecordPane *self)
{
  for (guint i = 0; i < self->turns->len; i++)
    gtk_box_remove (self->turns_box, g_ptr_array_index (self->turns, i));
  g_ptr_array_set_size (self->turns, 0);
}

static char *
content_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return vs_json_to_string (node, TRUE);
}

/* GTK 4.8 measures a text view from lines it validates in an idle; text views built while the
 * pane is being laid out again may keep the height of an empty view until something asks
 * again. Ask once they are in place. */
static gboolean
remeasure_turns (gpointer data)
{
  VsRecordPane *self = data;

  self->remeasure_id = 0;
  for (guint i = 0; i < self->turns->len; i++)
    gtk_widget_queue_resize (GTK_WIDGET (vs_turn_row_get_text_view (g_ptr_array_index (self->turns,
                                                                                        i))));
  return G_SOURCE_REMOVE;
}

static void
show_turns (VsRecordPane *self)
{
  JsonArray *messages = NULL;

  self->loading = TRUE;
  clear_turns (self);
  if (self->example != NULL && json_object_has_member (self->example, "messages") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (self->example, "messages")))
    messages = json_object_get_array_member (self->example, "messages");
  for (guint i = 0; messages != NULL && i < json_array_get_length (messages); i++)
    {
      JsonNode *node = json_array_get_element (messages, i);
      JsonObject *message;
      g_autofree char *content = NULL;
      gint64 weight = -1;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      message = json_node_get_object (node);
      content = content_text (json_object_get_member (message, "content"));
      if (json_object_has_member (message, "weight"))
        vs_json_node_get_int64 (json_object_get_member (message, "weight"), &weight);
      append_turn (self, vs_json_get_string (message, "role", ""), content, (int) weight,
                   message);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->no_example_label), self->example == NULL);
  self->loading = FALSE;
  vs_record_pane_remeasure (self);
}

void
vs_record_pane_remeasure (VsRecordPane *self)
{
  g_return_if_fail (VS_IS_RECORD_PANE (self));

  g_clear_handle_id (&self->remeasure_id, g_source_remove);
  self->remeasure_id = g_timeout_add (100, remeasure_turns, self);
}

static gboolean
has_tag (VsRecord   *record,
         const char *tag)
{
  g_autoptr(JsonNode) node = vs_json_parse (vs_record_get_tags (record), -1, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *value = json_array_get_element (json_node_get_array (node), i);

      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING &&
          g_strcmp0 (json_node_get_string (value), tag) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
show_meta (VsRecordPane *self,
           VsRecord     *record)
{
  g_autoptr(GString) meta = g_string_new (NULL);
  g_autofree char *ordinal = vs_format_count (vs_record_get_ordinal (record));
  g_autofree char *title = g_strdup_printf (_("Record %s"), ordinal);
  g_autoptr(JsonNode) tags = vs_json_parse (vs_record_get_tags (record), -1, NULL);
  const char *status = vs_record_get_status (record);

  gtk_label_set_label (self->title_label, title);
  g_string_append (meta, g_strcmp0 (status, "accepted") == 0 ? _("Accepted")
                         : g_strcmp0 (status, "rejected") == 0 ? _("Rejected")
                         : _("Not reviewed"));
  if (vs_record_get_rating (record) > 0)
    {
      g_string_append (meta, " · ");
      for (int i = 1; i <= 5; i++)
        g_string_append (meta, i <= vs_record_get_rating (record) ? "★" : "☆");
    }
  if (vs_record_get_tokens (record) >= 0)
    {
      g_autofree char *count = vs_format_count (vs_record_get_tokens (record));

      g_string_append (meta, " · ");
      g_string_append_printf (meta, g_dngettext (GETTEXT_PACKAGE, "%s token", "%s tokens",
                                                 vs_record_get_tokens (record)), count);
    }
  if (tags != NULL && JSON_NODE_HOLDS_ARRAY (tags) &&
      json_array_get_length (json_node_get_array (tags)) > 0)
    {
      JsonArray *array = json_node_get_array (tags);

      g_string_append (meta, " · ");
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *tag = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (tag) && json_node_get_value_type (tag) == G_TYPE_STRING)
            g_string_append_printf (meta, i > 0 ? ", #%s" : "#%s", json_node_get_string (tag));
        }
    }
  gtk_label_set_label (self->meta_label, meta->str);
}

static void
show_pair (VsRecordPane *self,
           VsRecord     *record)
{
  JsonObject *data = vs_record_get_data_object (record);
  g_autoptr(VsPreferencePair) pair = data ? vs_dataset_curate_get_preference (self->mapping, data)
                                          : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->pair_box), pair != NULL);
  if (pair == NULL)
    return;
  gtk_label_set_label (self->chosen_label, pair->chosen ? pair->chosen : "");
  gtk_label_set_label (self->rejected_label, pair->rejected ? pair->rejected : "");
  self->loading = TRUE;
  gtk_toggle_button_set_active (self->tie_button, has_tag (record, VS_DATASET_TAG_TIE));
  self->loading = FALSE;
}

void
vs_record_pane_set_record (VsRecordPane *self,
                           VsRecord     *record)
{
  g_autoptr(JsonObject) example = NULL;
  g_autofree char *text = NULL;
  gboolean same;

  g_return_if_fail (VS_IS_RECORD_PANE (self));
  g_return_if_fail (record == NULL || VS_IS_RECORD (record));

  if (record != NULL && !vs_record_get_loaded (record))
    return;
  same = record != NULL && vs_record_get_id (record) == self->record_id;
  if (!same)
    vs_record_pane_commit (self);
  if (record == NULL)
    {
      self->record_id = 0;
      clear_turns (self);
      g_clear_pointer (&self->example, json_object_unref);
      g_clear_pointer (&self->shown_example, g_free);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  if (vs_record_get_example (record) != NULL)
    example = vs_json_parse_object (vs_record_get_example (record), -1, NULL);
  text = example ? vs_json_object_to_string (example, FALSE) : NULL;

  self->record_id = vs_record_get_id (record);
  self->ordinal = vs_record_get_ordinal (record);
  show_meta (self, record);
  show_pair (self, record);
  gtk_stack_set_visible_child_name (self->stack, "record");

  /* The record again, reloaded: an edit in progress stays; an example changed elsewhere (an
   * undo) is shown. */
  if (same && (self->dirty || g_strcmp0 (text, self->shown_example) == 0))
    return;
  g_clear_pointer (&self->example, json_object_unref);
  self->example = g_steal_pointer (&example);
  g_free (self->shown_example);
  self->shown_example = g_steal_pointer (&text);
  self->dirty = FALSE;
  show_turns (self);
  run_checks (self);
}

void
vs_record_pane_set_dataset (VsRecordPane *self,
                            VsProject    *project,
                            gint64        dataset_id)
{
  g_return_if_fail (VS_IS_RECORD_PANE (self));

  if (project == self->project && dataset_id == self->dataset_id)
    return;
  vs_record_pane_set_record (self, NULL);
  g_set_object (&self->project, project);
  self->dataset_id = dataset_id;
  g_clear_pointer (&self->mapping, g_free);
  if (project != NULL)
    self->mapping = vs_dataset_steps_get_mapping (project, dataset_id);
}

gint64
vs_record_pane_get_record_id (VsRecordPane *self)
{
  g_return_val_if_fail (VS_IS_RECORD_PANE (self), 0);
  return self->record_id;
}

GPtrArray *
vs_record_pane_get_problems (VsRecordPane *self)
{
  g_return_val_if_fail (VS_IS_RECORD_PANE (self), NULL);
  return self->problems;
}

GPtrArray *
vs_record_pane_get_turns (VsRecordPane *self)
{
  g_return_val_if_fail (VS_IS_RECORD_PANE (self), NULL);
  return g_ptr_array_copy (self->turns, NULL, NULL);
}

/* ---- Preference pairs ---------------------------------------------------------------- */

static void
on_swap_clicked (VsRecordPane *self)
{
  g_autoptr(VsCurateChange) change = NULL;
  g_autoptr(GError) error = NULL;

  if (self->project == NULL || self->record_id == 0)
    return;
  change = vs_dataset_curate_swap_preference (self->project, self->dataset_id, self->record_id,
                                              &error);
  if (change == NULL)
    toast (self, error->message);
  emit_change (self, change);
}

static void
on_tie_toggled (VsRecordPane *self)
{
  g_autoptr(VsCurateTarget) target = NULL;
  g_autoptr(VsCurateChange) change = NULL;
  g_autoptr(GError) error = NULL;

  if (self->loading || self->project == NULL || self->record_id == 0)
    return;
  target = vs_curate_target_new_ids (&self->record_id, 1);
  change = vs_dataset_curate_apply (self->project, self->dataset_id, target,
                                    gtk_toggle_button_get_active (self->tie_button)
                                    ? VS_CURATE_ADD_TAG : VS_CURATE_REMOVE_TAG,
                                    VS_DATASET_TAG_TIE, &error);
  if (change == NULL)
    toast (self, error->message);
  emit_change (self, change);
}

/* ---- GObject ------------------------------------------------------------------------- */

GtkWidget *
vs_record_pane_new (void)
{
  return g_object_new (VS_TYPE_RECORD_PANE, NULL);
}

static void
vs_record_pane_dispose (GObject *object)
{
  VsRecordPane *self = VS_RECORD_PANE (object);

  g_clear_handle_id (&self->check_id, g_source_remove);
  g_clear_handle_id (&self->commit_id, g_source_remove);
  g_clear_handle_id (&self->remeasure_id, g_source_remove);
  if (self->turns != NULL)
    clear_turns (self);
  g_clear_object (&self->project);
  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_RECORD_PANE);

  G_OBJECT_CLASS (vs_record_pane_parent_class)->dispose (object);
}

static void
vs_record_pane_finalize (GObject *object)
{
  VsRecordPane *self = VS_RECORD_PANE (object);

  g_clear_pointer (&self->turns, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->example, json_object_unref);
  g_free (self->shown_example);
  g_free (self->mapping);

  G_OBJECT_CLASS (vs_record_pane_parent_class)->finalize (object);
}

static void
vs_record_pane_class_init (VsRecordPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_record_pane_dispose;
  object_class->finalize = vs_record_pane_finalize;

  /* A write to the record: (VsCurateChange, record id), for the undo history. */
  signals[CHANGE] = g_signal_new ("change", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 2, VS_TYPE_CURATE_CHANGE,
                                  G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-record-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, VsRecordPane, stack);
  gtk_widget_class_bind_template_child (widget_class, VsRecordPane, title_label);
  gtk_widget_class_bind_template_child (widget_class, VsRecordPane, meta_label);
  gtk_widget_class_bind_template_child (widget_class, VsRecordPane, no_example_label);
  gtk_widget_class_bind_template_child (widget_class, VsRecordPane, turns_box);
  gtk_widget_class_bind_template_child (widget_class, VsRecordPane, add_button);
  gtk_widget_class_bind_template_child (widget_class, VsRecordPane, pair_box);
  gtk_widget_class_bind_template_child (widget_class, VsRecordPane, chosen_label);
  gtk_widget_class_bind_template_child (widget_class, VsRecordPane, rejected_label);
  gtk_widget_class_bind_template_child (widget_class, VsRecordPane, swap_button);
  gtk_widget_class_bind_template_child (widget_class, VsRecordPane, tie_button);
  gtk_widget_class_bind_template_child (widget_class, VsRecordPane, problems_title);
  gtk_widget_class_bind_template_child (widget_class, VsRecordPane, no_problems_label);
  gtk_widget_class_bind_template_child (widget_class, VsRecordPane, problems_list);
  gtk_widget_class_bind_template_callback (widget_class, vs_record_pane_add_turn);
  gtk_widget_class_bind_template_callback (widget_class, on_swap_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_tie_toggled);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vs_record_pane_init (VsRecordPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->turns = g_ptr_array_new ();
}
