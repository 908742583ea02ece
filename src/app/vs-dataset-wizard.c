/* vs-dataset-wizard.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wizard keeps no data of its own: each step asks core (vs-dataset-steps.h) to do the
 * work on a worker and shows what came back; counts come from maintained figures and the
 * step history. One job runs at a time; while it runs the step buttons are disabled and the
 * progress bar with Cancel shows. Export writes through the exporter (vs-dataset-export.h)
 * in any of its formats, one file per split into a folder when the dataset is split; the
 * summary lists every file and every row that was not written, with the reason. The table
 * can show what cleaning dropped, step by step, so nothing leaves out of sight.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vs-chart-render.h"
#include "vs-dataset-cost.h"
#include "vs-dataset-export.h"
#include "vs-dataset-mapping.h"
#include "vs-dataset-wizard.h"
#include "vs-format.h"
#include "vs-json.h"
#include "vs-ui-util.h"
#include "vs-window.h"

#define MAX_PROBLEMS_SHOWN 100
#define MAX_MAP_ERRORS_SHOWN 5
#define MAX_EXPORT_NOTES_SHOWN 50

/* The cleaning steps offered, in the order a person runs them. */
static const VsDatasetCleanKind clean_kinds[] = {
  VS_DATASET_CLEAN_TRIM,
  VS_DATASET_CLEAN_DROP_EMPTY,
  VS_DATASET_CLEAN_DEDUP,
  VS_DATASET_CLEAN_NEAR_DEDUP,
  VS_DATASET_CLEAN_MAX_TOKENS,
};

struct _VsDatasetWizard
{
  AdwBin               parent_instance;

  VsProject           *project;
  gint64               dataset_id;
  char                *name;
  char               **columns;
  gint64               n_records;
  gint64               n_problems;
  char                *format;
  VsRecordsView       *records_view;   /* weak */
  GtkSelectionModel   *selection;      /* the table's, watched */
  gulong               selection_id;

  VsDatasetStepId      step;
  GCancellable        *cancellable;
  char                *job_label;
  gboolean             setting_mapping;

  gint64               mapped;         /* -1: never mapped */
  gint64               map_failed;
  VsDatasetValidation *validation;
  gint64               split_counts[VS_DATASET_SPLIT_N_PARTS];
  gboolean             has_split;
  VsDatasetExportSummary *written;
  GArray              *leaks;          /* VsDatasetRecordLeak; NULL: not checked */
  GArray              *moved;          /* ordinals the last leak fix moved, for its undo */
  char               **moved_from;     /* their splits before */
  gint64               dropped_view;   /* the table: 0 kept, -1 all dropped, > 0 one step's */
  gint64               before;
  gint64               after;

  GSimpleActionGroup  *toast_actions;
  GtkWidget           *step_buttons[VS_DATASET_N_STEPS];
  AdwActionRow        *clean_rows[G_N_ELEMENTS (clean_kinds)];
  GtkSpinButton       *threshold_spin;
  GtkSpinButton       *max_tokens_spin;
  GtkStringList       *stratify_model;
  GtkWidget           *column_menus[3];  /* system, user, assistant */

  /* Template children. */
  GtkBox              *step_bar;
  GtkRevealer         *progress_revealer;
  GtkLabel            *progress_label;
  GtkProgressBar      *progress_bar;
  GtkStack            *steps;
  AdwBin              *table_slot;
  GtkLabel            *counts_label;
  GtkLabel            *import_summary;
  AdwEntryRow         *system_row;
  AdwEntryRow         *user_row;
  AdwEntryRow         *assistant_row;
  GtkLabel            *preview;
  GtkLabel            *map_result;
  GtkListBox          *map_errors;
  AdwPreferencesGroup *clean_group;
  GtkListBox          *history;
  AdwPreferencesGroup *history_group;
  GtkDropDown         *model_dropdown;
  GtkWidget           *validate_banner;
  GtkImage            *validate_icon;
  GtkLabel            *validate_summary;
  GtkListBox          *problems;
  GtkDrawingArea      *histogram;
  GtkLabel            *histogram_caption;
  GtkSpinButton       *train_spin;
  GtkSpinButton       *validation_spin;
  GtkSpinButton       *test_spin;
  GtkSpinButton       *seed_spin;
  AdwEntryRow         *cost_model_row;
  AdwActionRow        *cost_row;
  GtkWidget           *leak_banner;
  GtkImage            *leak_icon;
  GtkLabel            *leak_label;
  GtkWidget           *leak_button;
  AdwActionRow        *format_row;
  GtkListBox          *export_notes;
  AdwPreferencesGroup *export_settings;
  char                *cost_text;      /* the cost line, for the Export step too */
  GtkWidget           *dropped_button;
  GtkDropDown         *stratify_dropdown;
  GtkLabel            *split_result;
  GtkDropDown         *format_dropdown;
  GtkSwitch           *per_split_switch;
  GtkWidget           *export_group;
  GtkListBox          *export_files;
};

G_DEFINE_FINAL_TYPE (VsDatasetWizard, vs_dataset_wizard, ADW_TYPE_BIN)

static void check_leaks        (VsDatasetWizard *self);
static void table_apply_filter (VsDatasetWizard *self);
static void update_dropped     (VsDatasetWizard *self);

static const char *
step_title (VsDatasetStepId step)
{
  switch (step)
    {
    case VS_DATASET_STEP_IMPORT: return _("Import");
    case VS_DATASET_STEP_MAP: return _("Map");
    case VS_DATASET_STEP_CLEAN: return _("Clean");
    case VS_DATASET_STEP_VALIDATE: return _("Validate");
    case VS_DATASET_STEP_SPLIT: return _("Split");
    case VS_DATASET_STEP_EXPORT:
    default: return _("Export");
    }
}

static const char *
clean_title (const char *kind)
{
  return vs_ui_clean_step_title (kind);
}

static const char *
clean_description (VsDatasetCleanKind kind)
{
  switch (kind)
    {
    case VS_DATASET_CLEAN_TRIM:
      return _("Trims line ends, makes runs of spaces one, keeps at most one blank line");
    case VS_DATASET_CLEAN_DROP_EMPTY:
      return _("Examples without messages, or with an empty user or assistant turn");
    case VS_DATASET_CLEAN_DEDUP:
      return _("The same example once whitespace is normalised; the first is kept");
    case VS_DATASET_CLEAN_NEAR_DEDUP:
      return _("Word 3-gram similarity at or above the threshold; the first of each cluster "
               "is kept");
    case VS_DATASET_CLEAN_MAX_TOKENS:
      return _("Examples with more tokens than the limit (o200k_base)");
    case VS_DATASET_CLEAN_DROP:
    default:
      return "";
    }
}

static void
show_toast (VsDatasetWizard *self,
            const char      *message,
            gint64           undo_step)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwToast *toast;

  if (!VS_IS_WINDOW (root))
    return;
  toast = adw_toast_new (message);
  if (undo_step > 0)
    {
      /* The toast lives in the window's overlay: its action must resolve from there. */
      gtk_widget_insert_action_group (GTK_WIDGET (root), "wizard-toast",
                                      G_ACTION_GROUP (self->toast_actions));
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_detailed_action_name (toast, "wizard-toast.undo");
      adw_toast_set_action_target_value (toast, g_variant_new_int64 (undo_step));
    }
  vs_window_show_toast (VS_WINDOW (root), toast);
}

static void
clear_moved (VsDatasetWizard *self)
{
  g_clear_pointer (&self->moved, g_array_unref);
  g_clear_pointer (&self->moved_from, g_strfreev);
}

/* ---- Counts, step bar, actions ---------------------------------------------------- */

static gint64
split_total (VsDatasetWizard *self)
{
  return self->split_counts[0] + self->split_counts[1] + self->split_counts[2];
}

static void
update_counts (VsDatasetWizard *self)
{
  g_autofree char *text = NULL;
  gint64 kept = self->project ? vs_dataset_steps_count_kept (self->project, self->dataset_id)
                              : 0;
  const char *before_word = NULL;
  const char *after_word = NULL;

  self->before = -1;
  self->after = -1;
  if (self->project == NULL || self->dataset_id <= 0)
    {
      gtk_label_set_label (self->counts_label, "");
      return;
    }

  switch (self->step)
    {
    case VS_DATASET_STEP_IMPORT:
      self->before = self->n_records + self->n_problems;
      self->after = self->n_records;
      before_word = _("rows read");
      after_word = _("records");
      break;
    case VS_DATASET_STEP_MAP:
      self->before = self->n_records;
      self->after = self->mapped;
      before_word = _("records");
      after_word = _("mapped");
      break;
    case VS_DATASET_STEP_CLEAN:
      self->before = self->n_records;
      self->after = kept;
      before_word = _("records");
      after_word = _("kept");
      break;
    case VS_DATASET_STEP_VALIDATE:
      self->before = kept;
      self->after = self->validation ? self->validation->n_valid : -1;
      before_word = _("kept");
      after_word = _("without errors");
      break;
    case VS_DATASET_STEP_SPLIT:
      self->before = kept;
      self->after = self->has_split ? split_total (self) : -1;
      before_word = _("kept");
      after_word = _("in a split");
      break;
    case VS_DATASET_STEP_EXPORT:
    default:
      self->before = kept;
      self->after = self->written ? self->written->n_written : -1;
      before_word = _("kept");
      after_word = _("written");
      break;
    }

  {
    g_autofree char *b = vs_format_count (self->before);
    g_autofree char *a = self->after >= 0 ? vs_format_count (self->after) : g_strdup ("—");

    /* Translators: counts before → after a step, e.g. "10 records → 9 kept" */
    text = g_strdup_printf (_("%s %s → %s %s"), b, before_word, a, after_word);
  }
  gtk_label_set_label (self->counts_label, text);
}

/* ---- Export formats --------------------------------------------------------------- */

static const VsExportFormatInfo *
selected_format (VsDatasetWizard *self)
{
  guint n = 0;
  const VsExportFormatInfo *formats = vs_dataset_export_formats (&n);
  guint i = gtk_drop_down_get_selected (self->format_dropdown);

  return &formats[i < n ? i : 0];
}

static gboolean
has_columns (VsDatasetWizard *self,
             const char      *a,
             const char      *b)
{
  return self->columns != NULL && g_strv_contains ((const char * const *) self->columns, a) &&
         g_strv_contains ((const char * const *) self->columns, b);
}

/* The stored mapping when it names the chosen and rejected columns (transfer full). */
static VsDatasetMapping *
preference_mapping (VsDatasetWizard *self)
{
  g_autofree char *stored = NULL;
  g_autoptr(VsDatasetMapping) mapping = NULL;

  if (self->project == NULL || self->dataset_id <= 0)
    return NULL;
  stored = vs_dataset_steps_get_mapping (self->project, self->dataset_id);
  mapping = stored ? vs_dataset_mapping_new_from_data (stored, -1, NULL) : NULL;
  if (mapping == NULL || vs_dataset_mapping_get_column (mapping, "chosen") == NULL ||
      vs_dataset_mapping_get_column (mapping, "rejected") == NULL)
    return NULL;
  return g_steal_pointer (&mapping);
}

/* Whether the dataset has what the chosen format needs; *@why (may be NULL) says what is
 * missing when not. */
static gboolean
format_available (VsDatasetWizard *self,
                  char           **why)
{
  const VsExportFormatInfo *info = selected_format (self);
  g_autoptr(VsDatasetMapping) mapping = NULL;

  if (!info->needs_preference || self->project == NULL ||
      has_columns (self, "chosen", "rejected") ||
      has_columns (self, "preferred_output", "non_preferred_output"))
    return TRUE;
  mapping = preference_mapping (self);
  if (mapping != NULL)
    return TRUE;
  if (why != NULL)
    *why = g_strdup (_("Needs two replies to compare, and this dataset has none: map “chosen” "
                       "and “rejected” columns, or import data that has them"));
  return FALSE;
}

static void
update_format (VsDatasetWizard *self)
{
  const VsExportFormatInfo *info = selected_format (self);
  g_autofree char *why = NULL;
  g_autofree char *text = NULL;

  if (!format_available (self, &why))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->format_row), "error");
      adw_action_row_set_subtitle (self->format_row, why);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->format_row), "error");
  if (info->companion != NULL)
    /* Translators: "--to alpaca · .json files, with dataset_info.json beside them" */
    text = g_strdup_printf (_("--to %s · .%s files, with %s beside them"), info->name,
                            info->extension, info->companion);
  else
    text = g_strdup_printf (_("--to %s · .%s files"), info->name, info->extension);
  adw_action_row_set_subtitle (self->format_row, text);
}

static void update_actions (VsDatasetWizard *self);

static void
on_format_changed (VsDatasetWizard *self)
{
  update_format (self);
  update_actions (self);
}

static void
update_actions (VsDatasetWizard *self)
{
  gboolean has = self->project != NULL && self->dataset_id > 0;
  gboolean writable = has && !vs_project_get_read_only (self->project);
  gboolean idle = self->cancellable == NULL;
  const char *work[] = { "wizard.set-mapping", "wizard.apply-mapping", "wizard.clean",
                         "wizard.insert-column",
                         "wizard.undo", "wizard.drop-record", "wizard.split", NULL };

  for (guint i = 0; work[i] != NULL; i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), work[i], writable && idle);
  /* Cleaning works on mapped examples: before a mapping it would find nothing but empties. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.clean",
                                 writable && idle && self->mapped >= 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.validate", has && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.export",
                                 has && idle && format_available (self, NULL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.export-to",
                                 has && idle && format_available (self, NULL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.move-leaks",
                                 writable && idle && self->leaks != NULL && self->leaks->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.show-dropped", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.go", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.show-record", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back",
                                 has && self->step > VS_DATASET_STEP_IMPORT);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next",
                                 has && self->step < VS_DATASET_STEP_EXPORT);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.cancel", !idle);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (
                                 G_ACTION_MAP (self->toast_actions), "undo")),
                               writable && idle);
}

static void
update_step_bar (VsDatasetWizard *self)
{
  for (guint i = 0; i < VS_DATASET_N_STEPS; i++)
    {
      GtkWidget *button = self->step_buttons[i];

      if (i == self->step)
        gtk_widget_add_css_class (button, "current");
      else
        gtk_widget_remove_css_class (button, "current");
      gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_SELECTED,
                                   i == self->step, -1);
    }
}

/* ---- The steps' contents ---------------------------------------------------------- */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
update_import (VsDatasetWizard *self)
{
  g_autofree char *records = vs_format_count (self->n_records);
  g_autofree char *problems = vs_format_count (self->n_problems);
  g_autofree char *text = NULL;

  if (self->n_problems > 0)
    /* Translators: “tickets” (CSV): 1,200 records imported, 3 rows skipped */
    text = g_strdup_printf (_("“%s” (%s): %s records imported, %s rows skipped or with problems"),
                            self->name, self->format ? self->format : "?", records, problems);
  else
    text = g_strdup_printf (_("“%s” (%s): %s records imported"), self->name,
                            self->format ? self->format : "?", records);
  gtk_label_set_label (self->import_summary, text);
}

/* The mapping the entries describe, on top of what is stored (label, roles, …). */
static char *
current_mapping (VsDatasetWizard *self)
{
  g_autofree char *stored = self->project ? vs_dataset_steps_get_mapping (self->project,
                                                                          self->dataset_id)
                                          : NULL;
  g_autoptr(JsonObject) object = stored ? vs_json_parse_object (stored, -1, NULL) : NULL;
  struct { const char *key; AdwEntryRow *row; } roles[] = {
    { "system", self->system_row }, { "user", self->user_row },
    { "assistant", self->assistant_row },
  };

  if (object == NULL)
    object = json_object_new ();
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (roles[i].row));

      if (json_object_has_member (object, roles[i].key))
        json_object_remove_member (object, roles[i].key);
      if (text != NULL && *text != '\0')
        json_object_set_string_member (object, roles[i].key, text);
    }
  return vs_json_object_to_string (object, FALSE);
}

static JsonObject *
preview_row (VsDatasetWizard *self,
             gint64          *ordinal)
{
  gint64 first = 0, last = 0;

  if (self->selection != NULL && VS_IS_RECORD_SELECTION (self->selection))
    {
      g_autoptr(VsRecord) record = vs_record_selection_get_current (
        VS_RECORD_SELECTION (self->selection));

      if (record != NULL && vs_record_get_loaded (record) &&
          vs_record_get_data_object (record) != NULL)
        {
          *ordinal = vs_record_get_ordinal (record);
          return json_object_ref (vs_record_get_data_object (record));
        }
    }
  if (!vs_dataset_store_get_ordinal_range (self->project, self->dataset_id, &first, &last, NULL) ||
      first <= 0)
    return NULL;
  *ordinal = first;
  return vs_dataset_store_get_record_data (self->project, self->dataset_id, first, NULL);
}

static void
update_preview (VsDatasetWizard *self)
{
  g_autofree char *mapping_text = NULL;
  g_autoptr(VsDatasetMapping) mapping = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) example = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) markup = g_string_new (NULL);
  gint64 ordinal = 0;

  if (self->project == NULL || self->dataset_id <= 0)
    return;

  mapping_text = current_mapping (self);
  mapping = vs_dataset_mapping_new_from_data (mapping_text, -1, &error);
  if (mapping != NULL)
    {
      row = preview_row (self, &ordinal);
      if (row == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("The dataset has no records to preview"));
      else
        vs_dataset_mapping_apply (mapping, row, &example, &error);
    }

  if (example == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error ? error->message : "?", -1);

      if (ordinal > 0)
        g_string_append_printf (markup, _("Row %" G_GINT64_FORMAT ": %s"), ordinal, escaped);
      else
        g_string_append (markup, escaped);
      gtk_widget_add_css_class (GTK_WIDGET (self->preview), "error");
    }
  else
    {
      JsonArray *messages = json_object_get_array_member (example, "messages");

      gtk_widget_remove_css_class (GTK_WIDGET (self->preview), "error");
      for (guint i = 0; messages != NULL && i < json_array_get_length (messages); i++)
        {
          JsonObject *message = json_array_get_object_element (messages, i);
          g_autofree char *role = g_markup_escape_text (vs_json_get_string (message, "role", "?"),
                                                        -1);
          g_autofree char *content = g_markup_escape_text (vs_json_get_string (message,
                                                                               "content", ""),
                                                           -1);

          if (i > 0)
            g_string_append (markup, "\n\n");
          g_string_append_printf (markup, "<b>%s</b>\n%s", role, content);
        }
    }
  gtk_label_set_markup (self->preview, markup->str);
}

static AdwEntryRow *
role_row (VsDatasetWizard *self,
          const char      *role)
{
  if (g_strcmp0 (role, "system") == 0)
    return self->system_row;
  if (g_strcmp0 (role, "assistant") == 0)
    return self->assistant_row;
  return self->user_row;
}

/* Inserts {{COLUMN}} into the role's template. */
static void
insert_column_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  VsDatasetWizard *self = VS_DATASET_WIZARD (widget);
  const char *role = NULL, *column = NULL;
  GtkEditable *editable;
  g_autofree char *text = NULL;
  int position;

  g_variant_get (parameter, "(&s&s)", &role, &column);
  editable = GTK_EDITABLE (role_row (self, role));
  text = g_strdup_printf ("{{%s}}", column);
  {
    GtkRoot *root = gtk_widget_get_root (widget);
    GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

    /* At the cursor while the row is being edited, else at the end. */
    if (focus != NULL && (focus == GTK_WIDGET (editable) ||
                          gtk_widget_is_ancestor (focus, GTK_WIDGET (editable))))
      position = gtk_editable_get_position (editable);
    else
      position = g_utf8_strlen (gtk_editable_get_text (editable), -1);
  }
  gtk_editable_insert_text (editable, text, -1, &position);
  gtk_editable_set_position (editable, position);
}

/* Each template row offers the dataset's columns. */
static void
update_column_menus (VsDatasetWizard *self)
{
  const char *roles[] = { "system", "user", "assistant" };

  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      g_autoptr(GMenu) menu = g_menu_new ();

      for (guint i = 0; self->columns != NULL && self->columns[i] != NULL; i++)
        {
          g_autoptr(GMenuItem) item = g_menu_item_new (self->columns[i], NULL);

          g_menu_item_set_action_and_target_value (item, "wizard.insert-column",
                                                   g_variant_new ("(ss)", roles[r],
                                                                  self->columns[i]));
          g_menu_append_item (menu, item);
        }
      gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->column_menus[r]),
                                      G_MENU_MODEL (menu));
      gtk_widget_set_sensitive (self->column_menus[r],
                                self->columns != NULL && self->columns[0] != NULL);
    }
}

static void
on_mapping_edited (VsDatasetWizard *self)
{
  if (!self->setting_mapping)
    update_preview (self);
}

static const char *
guess_column (char       **columns,
              const char **names)
{
  for (guint n = 0; names[n] != NULL; n++)
    for (guint i = 0; columns != NULL && columns[i] != NULL; i++)
      if (g_ascii_strcasecmp (columns[i], names[n]) == 0)
        return columns[i];
  return NULL;
}

/* Fills the entries from @mapping_text, or guesses from the column names when the dataset has
 * no mapping and no chat-shaped columns. */
static void
load_mapping (VsDatasetWizard *self,
              const char      *mapping_text)
{
  g_autoptr(JsonObject) object = mapping_text ? vs_json_parse_object (mapping_text, -1, NULL)
                                              : NULL;
  const char *system = NULL, *user = NULL, *assistant = NULL;
  g_autofree char *user_guess = NULL;
  g_autofree char *assistant_guess = NULL;

  if (object != NULL)
    {
      system = vs_json_get_string (object, "system", NULL);
      user = vs_json_get_string (object, "user", NULL);
      assistant = vs_json_get_string (object, "assistant", NULL);
    }
  if ((object == NULL || json_object_get_size (object) == 0) && self->columns != NULL &&
      !g_strv_contains ((const char * const *) self->columns, "messages") &&
      !g_strv_contains ((const char * const *) self->columns, "conversations") &&
      !g_strv_contains ((const char * const *) self->columns, "instruction"))
    {
      const char *user_names[] = { "question", "prompt", "input", "query", "text", "body",
                                   "user", NULL };
      const char *assistant_names[] = { "answer", "response", "output", "completion", "reply",
                                        "assistant", "label", NULL };
      const char *u = guess_column (self->columns, user_names);
      const char *a = guess_column (self->columns, assistant_names);
      guint n = g_strv_length (self->columns);

      if (u == NULL && n >= 2)
        u = self->columns[0];
      if (a == NULL && n >= 2)
        a = self->columns[n - 1];
      if (u != NULL)
        user = user_guess = g_strdup_printf ("{{%s}}", u);
      if (a != NULL && a != u)
        assistant = assistant_guess = g_strdup_printf ("{{%s}}", a);
    }

  self->setting_mapping = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->system_row), system ? system : "");
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user ? user : "");
  gtk_editable_set_text (GTK_EDITABLE (self->assistant_row), assistant ? assistant : "");
  self->setting_mapping = FALSE;
  update_preview (self);
}

static void
update_map_result (VsDatasetWizard *self)
{
  g_autofree char *text = NULL;

  if (self->mapped < 0)
    text = g_strdup (_("Not mapped yet"));
  else
    {
      g_autofree char *mapped = vs_format_count (self->mapped);
      g_autofree char *failed = vs_format_count (self->map_failed);

      text = self->map_failed > 0
        ? g_strdup_printf (_("%s mapped, %s could not be mapped"), mapped, failed)
        : g_strdup_printf (_("%s mapped"), mapped);
    }
  gtk_label_set_label (self->map_result, text);
}

static void
update_clean (VsDatasetWizard *self)
{
  g_autoptr(GPtrArray) steps = NULL;

  clear_list (self->history);
  adw_preferences_group_set_description (self->clean_group,
                                         self->mapped < 0
                                         ? _("Apply a mapping first: cleaning works on the "
                                             "mapped chat examples.")
                                         : _("Each step says what it changed or dropped. "
                                             "Dropped records are kept aside, never deleted, "
                                             "and every step can be undone."));
  for (guint k = 0; k < G_N_ELEMENTS (clean_kinds); k++)
    adw_action_row_set_subtitle (self->clean_rows[k], clean_description (clean_kinds[k]));
  if (self->project == NULL || self->dataset_id <= 0)
    return;

  steps = vs_dataset_clean_list (self->project, self->dataset_id, NULL);
  for (guint i = 0; steps != NULL && i < steps->len; i++)
    {
      VsDatasetStep *step = g_ptr_array_index (steps, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *before = vs_format_count (step->n_before);
      g_autofree char *after = vs_format_count (step->n_before - step->n_dropped);
      g_autofree char *changed = vs_format_count (step->n_changed);
      g_autofree char *dropped = vs_format_count (step->n_dropped);
      g_autofree char *subtitle = NULL;
      VsDatasetCleanKind kind;

      /* Translators: a cleaning step's figures: "10 → 9 · 0 changed · 1 dropped" */
      subtitle = g_strdup_printf (_("%s → %s · %s changed · %s dropped"), before, after, changed,
                                  dropped);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), clean_title (step->kind));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      if (step->undone)
        {
          g_autofree char *undone = g_strdup_printf (_("Undone — was %s"), subtitle);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), undone);
          gtk_widget_add_css_class (row, "dim-label");
        }
      else
        {
          GtkWidget *undo = gtk_button_new_with_mnemonic (_("_Undo"));

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          gtk_widget_set_valign (undo, GTK_ALIGN_CENTER);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (undo), "wizard.undo");
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (undo),
                                                  g_variant_new_int64 (step->id));
          gtk_accessible_update_property (GTK_ACCESSIBLE (undo), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Undo this step and the ones after it"), -1);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), undo);
          if (step->n_dropped > 0)
            {
              GtkWidget *show = gtk_button_new_from_icon_name ("edit-find-symbolic");
              g_autofree char *name = g_strdup_printf (_("Show the records “%s” dropped"),
                                                       clean_title (step->kind));

              gtk_widget_set_valign (show, GTK_ALIGN_CENTER);
              gtk_widget_add_css_class (show, "flat");
              gtk_widget_set_tooltip_text (show, name);
              gtk_accessible_update_property (GTK_ACCESSIBLE (show),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
              gtk_actionable_set_action_name (GTK_ACTIONABLE (show), "wizard.show-dropped");
              gtk_actionable_set_action_target_value (GTK_ACTIONABLE (show),
                                                      g_variant_new_int64 (step->id));
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), show);
            }

          /* The step's own row says what it did last. */
          if (vs_dataset_clean_kind_from_string (step->kind, &kind))
            for (guint k = 0; k < G_N_ELEMENTS (clean_kinds); k++)
              if (clean_kinds[k] == kind)
                {
                  g_autofree char *last = g_strdup_printf (_("Last run: %s"), subtitle);

                  adw_action_row_set_subtitle (self->clean_rows[k], last);
                }
        }
      gtk_list_box_append (self->history, row);
    }
  if (steps == NULL || steps->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No cleaning steps yet"));
      gtk_list_box_append (self->history, row);
    }
}

/* A step of 1, 2 or 5 × 10^k giving at most @max_bins bins up to @top. */
static gint64
nice_step (gint64 top,
           guint  max_bins)
{
  gint64 step = 1;

  for (;;)
    {
      const gint64 mults[] = { 1, 2, 5 };

      for (guint i = 0; i < G_N_ELEMENTS (mults); i++)
        if ((top + step * mults[i] - 1) / (step * mults[i]) <= max_bins)
          return step * mults[i];
      step *= 10;
    }
}

/* The token-length histogram: bars of examples per token range, the model's limit dashed
 * where it falls inside the range shown. */
static void
draw_histogram (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  VsDatasetWizard *self = user_data;
  g_autoptr(VsChartSpec) spec = NULL;
  g_autofree guint *counts = NULL;
  VsChartSeries *series;
  VsChartStyle style;
  VsChartGeometry geometry = { 0 };
  gint64 max = 0, top, step, limit;
  guint n_bins;
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  if (self->validation == NULL || self->validation->tokens->len == 0)
    return;

  limit = self->validation->token_limit;
  for (guint i = 0; i < self->validation->tokens->len; i++)
    max = MAX (max, g_array_index (self->validation->tokens, gint64, i));
  /* Show the limit when it is near the data; far beyond it, the caption says so. */
  top = limit <= max * 2 ? MAX (max, limit) + 1 : max + 1;
  step = nice_step (top, 16);
  n_bins = (top + step - 1) / step;
  counts = g_new0 (guint, n_bins);
  for (guint i = 0; i < self->validation->tokens->len; i++)
    counts[MIN (g_array_index (self->validation->tokens, gint64, i) / step, n_bins - 1)]++;

  spec = vs_chart_spec_new (VS_CHART_KIND_BARS);
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_X, _("Tokens per example"), _("tokens"));
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_Y, _("Examples"), NULL);
  for (guint b = 0; b < n_bins; b++)
    {
      g_autofree char *label = step == 1
        ? g_strdup_printf ("%" G_GINT64_FORMAT, b * step)
        : g_strdup_printf ("%" G_GINT64_FORMAT "–%" G_GINT64_FORMAT, b * step,
                           (b + 1) * step - 1);

      vs_chart_spec_add_category (spec, label);
    }
  series = vs_chart_spec_add_series (spec, _("Examples"));
  for (guint b = 0; b < n_bins; b++)
    vs_chart_series_add (series, counts[b]);

  vs_chart_style_init (&style, dark);
  vs_chart_render_full (spec, cr, width, height, &style, &geometry);
  if (geometry.has_plot && limit < top && geometry.x_max > geometry.x_min)
    {
      /* Bars run over category indices: bin b spans [b, b + 1). */
      double at = (double) limit / step;
      double x = geometry.plot_x + (at - geometry.x_min) / (geometry.x_max - geometry.x_min) *
                 geometry.plot_width;
      cairo_text_extents_t extents;
      const char *label = _("limit");

      /* The Okabe–Ito vermillion, dashed, with its name. */
      cairo_set_source_rgb (cr, 0.835, 0.369, 0.0);
      cairo_set_line_width (cr, 2);
      cairo_set_dash (cr, (double[]) { 6, 4 }, 2, 0);
      cairo_move_to (cr, round (x) + 0.5, geometry.plot_y);
      cairo_line_to (cr, round (x) + 0.5, geometry.plot_y + geometry.plot_height);
      cairo_stroke (cr);
      cairo_set_font_size (cr, 11);
      cairo_text_extents (cr, label, &extents);
      cairo_move_to (cr, x - extents.x_advance - 4, geometry.plot_y + 12);
      cairo_show_text (cr, label);
    }
  vs_chart_geometry_clear (&geometry);
}

static void
update_validate (VsDatasetWizard *self)
{
  VsDatasetValidation *v = self->validation;
  g_autofree char *summary = NULL;
  g_autofree char *caption = NULL;
  gint64 over = 0, max = 0;

  clear_list (self->problems);
  gtk_widget_set_visible (self->validate_banner, v != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->problems), v != NULL && v->problems->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->histogram), v != NULL && v->tokens->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->histogram_caption), v != NULL && v->tokens->len > 0);
  if (v == NULL)
    return;

  {
    g_autofree char *errors = vs_format_count (v->n_errors);
    g_autofree char *warnings = vs_format_count (v->n_warnings);
    g_autofree char *examples = vs_format_count (v->n_examples);
    g_autofree char *valid = vs_format_count (v->n_valid);

    /* Translators: "2 errors · 1 warning in 10 examples — 8 can be trained as they are" */
    summary = g_strdup_printf (_("%s errors · %s warnings in %s examples — %s can be trained "
                                 "as they are"), errors, warnings, examples, valid);
    if (v->n_unmapped > 0)
      {
        g_autofree char *unmapped = vs_format_count (v->n_unmapped);
        g_autofree char *more = g_strdup_printf (_("%s; %s kept records have no example"),
                                                 summary, unmapped);

        g_free (summary);
        summary = g_steal_pointer (&more);
      }
  }
  gtk_label_set_label (self->validate_summary, summary);
  gtk_image_set_from_icon_name (self->validate_icon,
                                v->n_errors > 0 ? "dialog-error-symbolic"
                                : v->n_warnings > 0 ? "dialog-warning-symbolic"
                                : "emblem-ok-symbolic");
  gtk_widget_remove_css_class (self->validate_banner, "error");
  gtk_widget_remove_css_class (self->validate_banner, "warning");
  gtk_widget_remove_css_class (self->validate_banner, "success");
  gtk_widget_add_css_class (self->validate_banner, v->n_errors > 0 ? "error"
                            : v->n_warnings > 0 ? "warning" : "success");

  for (guint i = 0; i < v->problems->len && i < MAX_PROBLEMS_SHOWN; i++)
    {
      VsDatasetCheck *check = g_ptr_array_index (v->problems, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *show = gtk_button_new_from_icon_name ("go-jump-symbolic");
      g_autofree char *line = vs_format_count (check->line);
      g_autofree char *title = g_strdup_printf (_("Row %s · %s"), line, check->key);
      g_autofree char *message = g_markup_escape_text (check->message, -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), message);
      {
        GtkWidget *icon = gtk_image_new_from_icon_name (check->is_error
                                                        ? "dialog-error-symbolic"
                                                        : "dialog-warning-symbolic");

        gtk_widget_add_css_class (icon, check->is_error ? "error" : "warning");
        gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        check->is_error ? _("Error") : _("Warning"), -1);
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      }
      gtk_widget_set_valign (show, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (show, "flat");
      gtk_widget_set_tooltip_text (show, _("Show the row"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (show), "wizard.show-record");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (show),
                                              g_variant_new_int64 (check->line));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), show);
      /* The fix that always exists: leave the example out (undoable). */
      if (check->is_error && check->line > 0)
        {
          GtkWidget *drop = gtk_button_new_with_mnemonic (_("_Drop"));

          gtk_widget_set_valign (drop, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (drop, _("Leave this example out (can be undone)"));
          gtk_actionable_set_action_name (GTK_ACTIONABLE (drop), "wizard.drop-record");
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (drop),
                                                  g_variant_new_int64 (check->line));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), drop);
        }
      gtk_list_box_append (self->problems, row);
    }
  if (v->problems->len > MAX_PROBLEMS_SHOWN)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *rest = vs_format_count (v->problems->len - MAX_PROBLEMS_SHOWN);
      g_autofree char *title = g_strdup_printf (_("%s more problems"), rest);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_list_box_append (self->problems, row);
    }

  for (guint i = 0; i < v->tokens->len; i++)
    {
      gint64 n = g_array_index (v->tokens, gint64, i);

      max = MAX (max, n);
      if (n > v->token_limit)
        over++;
    }
  {
    g_autofree char *limit = vs_format_count (v->token_limit);
    g_autofree char *longest = vs_format_count (max);
    g_autofree char *n_over = vs_format_count (over);

    /* Translators: the histogram's caption; the limit is drawn when it is near the data */
    caption = v->token_limit <= max * 2
      ? g_strdup_printf (_("Model limit %s tokens per example (dashed line) · longest %s "
                           "tokens · %s over the limit"), limit, longest, n_over)
      : g_strdup_printf (_("Model limit %s tokens per example, far right of the chart · "
                           "longest %s tokens · %s over the limit"), limit, longest, n_over);
  }
  gtk_label_set_label (self->histogram_caption, caption);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->histogram), caption);
  gtk_widget_queue_draw (GTK_WIDGET (self->histogram));
}

/* The Export step says what it writes, what stays behind, and what training will cost. */
static void
update_export_description (VsDatasetWizard *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 kept = self->project ? vs_dataset_steps_count_kept (self->project, self->dataset_id)
                              : 0;

  if (self->project == NULL || self->dataset_id <= 0)
    return;
  {
    g_autofree char *k = vs_format_count (kept);

    g_string_append_printf (text, _("Writes the %s kept records."), k);
  }
  if (self->n_records > kept)
    {
      g_autofree char *d = vs_format_count (self->n_records - kept);

      g_string_append (text, " ");
      /* Translators: records cleaning dropped; “Show Dropped” is the Clean step's button */
      g_string_append_printf (text, _("%s dropped by cleaning stay in the project (Clean › Show "
                                      "Dropped)."), d);
    }
  if (self->cost_text != NULL)
    g_string_append_printf (text, "\n%s", self->cost_text);
  {
    /* The description is markup; a model's name may hold “&” or “<”. */
    g_autofree char *escaped = g_markup_escape_text (text->str, -1);

    adw_preferences_group_set_description (self->export_settings, escaped);
  }
}

static char *
format_usd (double usd)
{
  if (usd > 0 && usd < 0.01)
    return g_strdup (_("less than $0.01"));
  return g_strdup_printf ("$%.2f", usd);
}

/* The cookbook's estimate for the validated examples and the base model in the entry. */
static void
update_cost (VsDatasetWizard *self)
{
  VsDatasetValidation *v = self->validation;
  const char *model = gtk_editable_get_text (GTK_EDITABLE (self->cost_model_row));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  VsDatasetCost cost;
  gint64 per_epoch;

  if (model != NULL && *model == '\0')
    model = NULL;
  if (v == NULL || v->tokens->len == 0 || self->project == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->cost_row),
                                     _("Validate to estimate what training will cost"));
      adw_action_row_set_subtitle (self->cost_row, "");
      g_clear_pointer (&self->cost_text, g_free);
      update_export_description (self);
      return;
    }

  per_epoch = vs_dataset_billable_tokens ((const gint64 *) (gpointer) v->tokens->data,
                                          v->tokens->len, v->token_limit);
  vs_dataset_cost_estimate (self->project, model, v->tokens->len, per_epoch, 0, &cost);
  {
    g_autofree char *examples = vs_format_count (cost.n_examples);
    g_autofree char *epochs = vs_format_count (cost.epochs);
    g_autofree char *tokens = vs_format_count (cost.tokens_per_epoch);
    g_autofree char *billable = vs_format_count (cost.billable_tokens);

    /* Translators: "4 examples · 140 tokens per epoch × 3 epochs (the default for 4
     * examples) = 420 billable tokens" */
    subtitle = g_strdup_printf (_("%s examples · %s tokens per epoch × %s epochs (the default "
                                  "for %s examples) = %s billable tokens"),
                                examples, tokens, epochs, examples, billable);
  }
  if (model == NULL)
    title = g_strdup (_("Name the base model to price the training"));
  else if (!cost.price_known)
    title = g_strdup_printf (_("No price known for %s — add one under Project Settings → Prices"),
                             model);
  else
    {
      g_autofree char *usd = format_usd (cost.estimated_usd);
      g_autofree char *price = g_strdup_printf ("$%.2f", cost.price_per_mtok);

      /* Translators: "Training gpt-4o-mini costs about $0.01 ($3.00 per 1M tokens)" */
      title = g_strdup_printf (_("Training %s costs about %s (%s per 1M training tokens)"),
                               model, usd, price);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->cost_row), title);
  adw_action_row_set_subtitle (self->cost_row, subtitle);
  g_free (self->cost_text);
  self->cost_text = g_steal_pointer (&title);
  update_export_description (self);
}

static void
on_cost_model_changed (VsDatasetWizard *self)
{
  update_cost (self);
}

/* What the leakage check found after the split. */
static void
update_leaks (VsDatasetWizard *self)
{
  g_autofree char *text = NULL;
  guint n_near = 0;

  gtk_widget_set_visible (self->leak_banner, self->leaks != NULL && self->has_split);
  if (self->leaks == NULL)
    return;
  for (guint i = 0; i < self->leaks->len; i++)
    if (g_array_index (self->leaks, VsDatasetRecordLeak, i).near)
      n_near++;
  gtk_widget_remove_css_class (self->leak_banner, "warning");
  gtk_widget_remove_css_class (self->leak_banner, "success");
  if (self->leaks->len == 0)
    {
      text = g_strdup (_("No example appears in two splits"));
      gtk_image_set_from_icon_name (self->leak_icon, "emblem-ok-symbolic");
      gtk_widget_add_css_class (self->leak_banner, "success");
    }
  else
    {
      g_autofree char *n = vs_format_count (self->leaks->len);
      g_autofree char *near = vs_format_count (n_near);

      /* Translators: leakage between train, validation and test */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s example appears in two splits",
                                           "%s examples appear in two splits",
                                           self->leaks->len), n);
      if (n_near > 0)
        {
          g_autofree char *more = g_strdup_printf (_("%s (%s of them near-duplicates)"), text,
                                                   near);

          g_free (text);
          text = g_steal_pointer (&more);
        }
      gtk_image_set_from_icon_name (self->leak_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (self->leak_banner, "warning");
    }
  gtk_label_set_label (self->leak_label, text);
  gtk_widget_set_visible (self->leak_button, self->leaks->len > 0);
}

static void
update_split (VsDatasetWizard *self)
{
  g_autofree char *train = vs_format_count (self->split_counts[0]);
  g_autofree char *validation = vs_format_count (self->split_counts[1]);
  g_autofree char *test = vs_format_count (self->split_counts[2]);
  g_autofree char *text = NULL;

  if (self->has_split)
    /* Translators: records per split */
    text = g_strdup_printf (_("Training %s · validation %s · test %s"), train, validation, test);
  gtk_label_set_label (self->split_result, text ? text : "");
  update_leaks (self);
}

static void
add_summary_row (GtkListBox *list,
                 const char *title,
                 const char *subtitle,
                 const char *icon)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped = subtitle ? g_markup_escape_text (subtitle, -1) : NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (escaped != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  if (icon != NULL)
    {
      GtkWidget *image = gtk_image_new_from_icon_name (icon);

      gtk_accessible_update_state (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                                   -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
    }
  gtk_list_box_append (list, row);
}

/* Every file written with its examples, then every row that was not written and why. */
static void
update_export (VsDatasetWizard *self)
{
  VsDatasetExportSummary *w = self->written;

  clear_list (self->export_files);
  clear_list (self->export_notes);
  update_format (self);
  gtk_widget_set_visible (self->export_group, w != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->export_notes), w != NULL && w->notes->len > 0);
  if (w == NULL)
    return;
  {
    g_autofree char *written = vs_format_count (w->n_written);
    g_autofree char *rows = vs_format_count (w->n_rows);
    g_autofree char *skipped = vs_format_count (w->n_skipped + w->n_unreadable);
    g_autofree char *description = NULL;
    g_autofree char *escaped = NULL;

    /* Translators: "openai-chat: 4 of 4 kept records written, 0 not written" */
    description = g_strdup_printf (_("%s: %s of %s kept records written, %s not written"),
                                   w->format, written, rows, skipped);
    escaped = g_markup_escape_text (description, -1);
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->export_group),
                                           escaped);
  }
  if (w->snapshot_id > 0)
    {
      /* Translators: %s is a snapshot's name (by default its date and time) */
      g_autofree char *title = g_strdup_printf (_("Snapshot “%s”"), w->snapshot_name);

      add_summary_row (self->export_files, title,
                       w->snapshot_frozen
                       ? _("Frozen for this export: the exact records of these files")
                       : _("The records of these files"),
                       "camera-photo-symbolic");
    }
  for (guint i = 0; i < w->files->len; i++)
    {
      VsDatasetExportFile *file = g_ptr_array_index (w->files, i);
      g_autofree char *base = g_path_get_basename (file->path);
      g_autofree char *subtitle = NULL;

      if (file->n_examples < 0)
        /* Translators: a companion file (dataset_info.json, a YAML snippet) */
        subtitle = g_strdup_printf (_("Companion file for the trainer · %s"), file->path);
      else
        {
          g_autofree char *n = vs_format_count (file->n_examples);

          subtitle = file->part >= 0
            ? g_strdup_printf (_("%s examples · %s split · %s"), n,
                               vs_dataset_split_part_to_string (file->part), file->path)
            : g_strdup_printf (_("%s examples · %s"), n, file->path);
        }
      add_summary_row (self->export_files, base, subtitle,
                       file->n_examples < 0 ? "text-x-generic-symbolic"
                                            : "x-office-document-symbolic");
    }
  for (guint i = 0; i < w->notes->len && i < MAX_EXPORT_NOTES_SHOWN; i++)
    {
      VsDatasetExportNote *note = g_ptr_array_index (w->notes, i);

      add_summary_row (self->export_notes, note->message, note->key, "dialog-warning-symbolic");
    }
  if (w->notes->len > MAX_EXPORT_NOTES_SHOWN)
    {
      g_autofree char *rest = vs_format_count (w->n_skipped + w->n_unreadable -
                                               MAX_EXPORT_NOTES_SHOWN);
      g_autofree char *title = g_strdup_printf (_("%s more rows not written"), rest);

      add_summary_row (self->export_notes, title, NULL, NULL);
    }
}

static void
update_all (VsDatasetWizard *self)
{
  update_step_bar (self);
  update_import (self);
  update_map_result (self);
  update_clean (self);
  update_validate (self);
  update_split (self);
  update_export (self);
  update_cost (self);
  update_dropped (self);
  update_export_description (self);
  update_counts (self);
  update_actions (self);
}

static void
set_step (VsDatasetWizard *self,
          VsDatasetStepId  step,
          gboolean         store)
{
  self->step = MIN (step, VS_DATASET_STEP_EXPORT);
  gtk_stack_set_visible_child_name (self->steps, vs_dataset_step_id_to_string (self->step));
  if (store && self->project != NULL && !vs_project_get_read_only (self->project))
    {
      g_autoptr(GError) error = NULL;

      if (!vs_dataset_steps_set_current (self->project, self->dataset_id, self->step, &error))
        g_warning ("Could not store the wizard's step: %s", error->message);
    }
  if (self->step == VS_DATASET_STEP_MAP)
    update_preview (self);
  if (self->step != VS_DATASET_STEP_CLEAN && self->dropped_view != 0)
    {
      self->dropped_view = 0;
      table_apply_filter (self);
      update_dropped (self);
    }
  if (self->step == VS_DATASET_STEP_SPLIT && self->leaks == NULL)
    check_leaks (self);
  update_step_bar (self);
  update_counts (self);
  update_actions (self);
}

/* ---- Jobs ------------------------------------------------------------------------- */

static void
start_job (VsDatasetWizard *self,
           const char      *label)
{
  g_assert (self->cancellable == NULL);

  self->cancellable = g_cancellable_new ();
  g_free (self->job_label);
  self->job_label = g_strdup (label);
  gtk_label_set_label (self->progress_label, label);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  update_actions (self);
}

/* FALSE when the wizard went away or moved to another dataset meanwhile. */
static gboolean
end_job (VsDatasetWizard *self,
         gint64           dataset_id)
{
  g_clear_object (&self->cancellable);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  update_actions (self);
  return self->dataset_id == dataset_id && self->project != NULL;
}

static void
on_progress (gint64   done,
             gint64   total,
             gint64   items,
             gpointer user_data)
{
  VsDatasetWizard *self = user_data;
  g_autofree char *d = vs_format_count (done);
  g_autofree char *t = vs_format_count (total);
  g_autofree char *text = NULL;

  if (self->cancellable == NULL)
    return;
  /* Translators: "Mapping — 2,000 of 10,000 records" */
  text = g_strdup_printf (_("%s — %s of %s records"), self->job_label, d, t);
  gtk_label_set_label (self->progress_label, text);
  if (total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, (double) done / total);
}

typedef struct
{
  VsDatasetWizard *self;
  gint64           dataset_id;
} JobData;

static JobData *
job_data_new (VsDatasetWizard *self)
{
  JobData *d = g_new0 (JobData, 1);

  d->self = g_object_ref (self);
  d->dataset_id = self->dataset_id;
  return d;
}

static void
job_data_free (JobData *d)
{
  g_object_unref (d->self);
  g_free (d);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JobData, job_data_free)

static void
report_error (VsDatasetWizard *self,
              const char      *what,
              GError          *error)
{
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup_printf (_("%s cancelled"), what);
  else
    message = g_strdup_printf (_("%s failed: %s"), what, error->message);
  show_toast (self, message, 0);
}

static void
map_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(JobData) d = user_data;
  VsDatasetWizard *self = d->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsDatasetMapResult) map = vs_dataset_map_finish (VS_PROJECT (object), result,
                                                             &error);

  if (!end_job (self, d->dataset_id))
    return;
  clear_list (self->map_errors);
  if (map == NULL)
    {
      report_error (self, _("Mapping"), error);
      self->mapped = vs_dataset_steps_get_mapped (self->project, self->dataset_id);
      update_all (self);
      return;
    }
  self->mapped = map->n_mapped;
  self->map_failed = map->n_failed;
  /* Examples changed: what was validated, split and written is stale. */
  g_clear_pointer (&self->validation, vs_dataset_validation_free);
  g_clear_pointer (&self->written, vs_dataset_export_summary_free);
  g_clear_pointer (&self->leaks, g_array_unref);
  for (guint i = 0; i < map->errors->len && i < MAX_MAP_ERRORS_SHOWN; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *escaped = g_markup_escape_text (g_ptr_array_index (map->errors, i), -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
      adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("dialog-error-symbolic"));
      gtk_list_box_append (self->map_errors, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->map_errors), map->errors->len > 0);
  update_all (self);
}

static void
apply_mapping_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  VsDatasetWizard *self = VS_DATASET_WIZARD (widget);
  g_autofree char *mapping = current_mapping (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(VsDatasetMapping) check = vs_dataset_mapping_new_from_data (mapping, -1, &error);

  if (check == NULL)
    {
      show_toast (self, error->message, 0);
      return;
    }
  start_job (self, _("Mapping"));
  vs_dataset_map_async (self->project, self->dataset_id, mapping, self->cancellable,
                        on_progress, g_object_ref (self), g_object_unref, map_done,
                        job_data_new (self));
}

static void
set_mapping_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  load_mapping (VS_DATASET_WIZARD (widget), g_variant_get_string (parameter, NULL));
}

static void
clean_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(JobData) d = user_data;
  VsDatasetWizard *self = d->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsDatasetStep) step = vs_dataset_clean_finish (VS_PROJECT (object), result, &error);
  g_autofree char *message = NULL;

  if (!end_job (self, d->dataset_id))
    return;
  if (step == NULL)
    {
      report_error (self, _("Cleaning"), error);
      return;
    }
  {
    g_autofree char *before = vs_format_count (step->n_before);
    g_autofree char *after = vs_format_count (step->n_before - step->n_dropped);
    g_autofree char *changed = vs_format_count (step->n_changed);
    g_autofree char *dropped = vs_format_count (step->n_dropped);

    /* Translators: "Drop exact duplicates: 1 changed, 2 dropped (10 → 8)" */
    message = g_strdup_printf (_("%s: %s changed, %s dropped (%s → %s)"),
                               clean_title (step->kind), changed, dropped, before, after);
  }
  g_clear_pointer (&self->validation, vs_dataset_validation_free);
  /* What was checked for leaks changed: check again when the Split step shows. */
  g_clear_pointer (&self->leaks, g_array_unref);
  update_all (self);
  show_toast (self, message, step->id);
}

static void
run_clean (VsDatasetWizard       *self,
           VsDatasetCleanKind     kind,
           VsDatasetCleanOptions *options)
{
  g_autofree char *label = g_strdup (clean_title (vs_dataset_clean_kind_to_string (kind)));

  start_job (self, label);
  vs_dataset_clean_async (self->project, self->dataset_id, kind, options, self->cancellable,
                          on_progress, g_object_ref (self), g_object_unref, clean_done,
                          job_data_new (self));
}

static void
clean_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  VsDatasetWizard *self = VS_DATASET_WIZARD (widget);
  VsDatasetCleanKind kind;
  VsDatasetCleanOptions options = { 0 };

  if (!vs_dataset_clean_kind_from_string (g_variant_get_string (parameter, NULL), &kind) ||
      kind == VS_DATASET_CLEAN_DROP)
    return;
  options.near_threshold = gtk_spin_button_get_value (self->threshold_spin);
  options.max_tokens = gtk_spin_button_get_value_as_int (self->max_tokens_spin);
  run_clean (self, kind, &options);
}

static void
drop_record_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VsDatasetWizard *self = VS_DATASET_WIZARD (widget);
  g_autoptr(GArray) ordinals = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 ordinal = g_variant_get_int64 (parameter);
  VsDatasetCleanOptions options = { 0 };

  g_array_append_val (ordinals, ordinal);
  options.ordinals = ordinals;
  run_clean (self, VS_DATASET_CLEAN_DROP, &options);
}

static void
undo (VsDatasetWizard *self,
      gint64           step_id)
{
  g_autoptr(GError) error = NULL;

  if (self->project == NULL || self->cancellable != NULL)
    return;
  if (!vs_dataset_clean_undo (self->project, self->dataset_id, step_id, &error))
    {
      show_toast (self, error->message, 0);
      return;
    }
  g_clear_pointer (&self->validation, vs_dataset_validation_free);
  /* What was checked for leaks changed: check again when the Split step shows. */
  g_clear_pointer (&self->leaks, g_array_unref);
  update_all (self);
  show_toast (self, _("Cleaning step undone"), 0);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  undo (VS_DATASET_WIZARD (widget), g_variant_get_int64 (parameter));
}

static void
on_toast_undo (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  undo (user_data, g_variant_get_int64 (parameter));
}

static void
validate_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(JobData) d = user_data;
  VsDatasetWizard *self = d->self;
  g_autoptr(GError) error = NULL;
  VsDatasetValidation *v = vs_dataset_validate_records_finish (VS_PROJECT (object), result,
                                                               &error);

  if (!end_job (self, d->dataset_id))
    {
      g_clear_pointer (&v, vs_dataset_validation_free);
      return;
    }
  if (v == NULL)
    {
      report_error (self, _("Validation"), error);
      return;
    }
  g_clear_pointer (&self->validation, vs_dataset_validation_free);
  self->validation = v;
  update_validate (self);
  update_cost (self);
  update_counts (self);
}

static void
validate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VsDatasetWizard *self = VS_DATASET_WIZARD (widget);
  const char *model = gtk_drop_down_get_selected (self->model_dropdown) == 1 ? "gpt-3.5-turbo"
                                                                             : "gpt-4o-mini";

  start_job (self, _("Validating"));
  vs_dataset_validate_records_async (self->project, self->dataset_id, model, self->cancellable,
                                     on_progress, g_object_ref (self), g_object_unref,
                                     validate_done, job_data_new (self));
}

/* Selects and scrolls to the record at @ordinal in the table. */
static void
show_record_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VsDatasetWizard *self = VS_DATASET_WIZARD (widget);
  gint64 position;

  if (self->records_view == NULL || self->selection == NULL)
    return;
  position = vs_dataset_steps_position_of (self->project, self->dataset_id,
                                           g_variant_get_int64 (parameter));
  if (position < 0)
    return;
  gtk_selection_model_select_item (self->selection, position, TRUE);
  vs_records_view_scroll_to (self->records_view, (guint) position);
}

static void
load_split_counts (VsDatasetWizard *self)
{
  g_autoptr(VsDatasetCounts) counts = vs_dataset_store_get_counts (self->project,
                                                                   self->dataset_id, NULL);

  if (counts == NULL)
    return;
  for (guint p = 0; p < VS_DATASET_SPLIT_N_PARTS; p++)
    self->split_counts[p] = vs_dataset_counts_get (counts, vs_dataset_split_part_to_string (p),
                                                   NULL);
  self->has_split = split_total (self) > 0;
}

static void
leaks_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(JobData) d = user_data;
  VsDatasetWizard *self = d->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) leaks = vs_dataset_find_record_leaks_finish (VS_PROJECT (object), result,
                                                                 &error);

  if (!end_job (self, d->dataset_id))
    return;
  if (leaks == NULL)
    {
      report_error (self, _("The leakage check"), error);
      return;
    }
  g_clear_pointer (&self->leaks, g_array_unref);
  self->leaks = g_steal_pointer (&leaks);
  update_leaks (self);
  update_actions (self);
}

/* Looks for the same or a near-same example in two splits. */
static void
check_leaks (VsDatasetWizard *self)
{
  if (self->project == NULL || self->cancellable != NULL || !self->has_split)
    return;
  start_job (self, _("Looking for examples in two splits"));
  vs_dataset_find_record_leaks_async (self->project, self->dataset_id,
                                      gtk_spin_button_get_value (self->threshold_spin),
                                      self->cancellable, leaks_done, job_data_new (self));
}

static void
split_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(JobData) d = user_data;
  VsDatasetWizard *self = d->self;
  g_autoptr(GError) error = NULL;
  gint64 counts[VS_DATASET_SPLIT_N_PARTS];

  if (!vs_dataset_split_records_finish (VS_PROJECT (object), result, counts, &error))
    {
      if (end_job (self, d->dataset_id))
        report_error (self, _("Split"), error);
      return;
    }
  if (!end_job (self, d->dataset_id))
    return;
  memcpy (self->split_counts, counts, sizeof counts);
  self->has_split = TRUE;
  g_clear_pointer (&self->leaks, g_array_unref);
  clear_moved (self);
  update_split (self);
  update_counts (self);
  check_leaks (self);
}

/* Sets @ordinals to @splits; the splits they had go to *@previous. */
static gboolean
set_splits (VsDatasetWizard    *self,
            GArray             *ordinals,
            const char * const *splits,
            char             ***previous)
{
  g_autoptr(GError) error = NULL;

  if (!vs_dataset_store_set_splits (self->project, self->dataset_id, ordinals, splits, previous,
                                    &error))
    {
      report_error (self, _("Moving examples"), error);
      return FALSE;
    }
  load_split_counts (self);
  g_clear_pointer (&self->leaks, g_array_unref);
  update_split (self);
  update_counts (self);
  check_leaks (self);
  return TRUE;
}

/* The fix: each repeat goes to the split of its first occurrence. Undoable from the toast. */
static void
move_leaks_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  VsDatasetWizard *self = VS_DATASET_WIZARD (widget);
  g_autoptr(GArray) ordinals = NULL;
  g_autoptr(GPtrArray) splits = NULL;
  char **previous = NULL;

  if (self->leaks == NULL || self->leaks->len == 0 || self->cancellable != NULL)
    return;
  ordinals = g_array_new (FALSE, FALSE, sizeof (gint64));
  splits = g_ptr_array_new ();
  for (guint i = 0; i < self->leaks->len; i++)
    {
      VsDatasetRecordLeak *leak = &g_array_index (self->leaks, VsDatasetRecordLeak, i);

      g_array_append_val (ordinals, leak->second_ordinal);
      g_ptr_array_add (splits, (gpointer) vs_dataset_split_part_to_string (leak->first_part));
    }
  g_ptr_array_add (splits, NULL);
  if (!set_splits (self, ordinals, (const char * const *) splits->pdata, &previous))
    return;
  clear_moved (self);
  self->moved = g_steal_pointer (&ordinals);
  self->moved_from = previous;
  {
    g_autofree char *n = vs_format_count (self->moved->len);
    g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "Moved %s example into one split",
                                                             "Moved %s examples into one split",
                                                             self->moved->len), n);
    GtkRoot *root = gtk_widget_get_root (widget);
    AdwToast *toast;

    if (!VS_IS_WINDOW (root))
      return;
    toast = adw_toast_new (message);
    gtk_widget_insert_action_group (GTK_WIDGET (root), "wizard-toast",
                                    G_ACTION_GROUP (self->toast_actions));
    adw_toast_set_button_label (toast, _("_Undo"));
    adw_toast_set_action_name (toast, "wizard-toast.undo-move");
    vs_window_show_toast (VS_WINDOW (root), toast);
  }
}

static void
on_toast_undo_move (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  VsDatasetWizard *self = user_data;
  g_autoptr(GArray) ordinals = NULL;
  g_auto(GStrv) from = NULL;

  if (self->moved == NULL || self->project == NULL || self->cancellable != NULL)
    return;
  ordinals = g_steal_pointer (&self->moved);
  from = g_steal_pointer (&self->moved_from);
  if (set_splits (self, ordinals, (const char * const *) from, NULL))
    show_toast (self, _("Examples moved back"), 0);
}

static void
split_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  VsDatasetWizard *self = VS_DATASET_WIZARD (widget);
  VsDatasetSplitOptions options = { { 0 }, 0, NULL };
  guint selected = gtk_drop_down_get_selected (self->stratify_dropdown);
  g_autoptr(GError) error = NULL;

  options.percent[0] = gtk_spin_button_get_value_as_int (self->train_spin);
  options.percent[1] = gtk_spin_button_get_value_as_int (self->validation_spin);
  options.percent[2] = gtk_spin_button_get_value_as_int (self->test_spin);
  options.seed = (guint64) gtk_spin_button_get_value (self->seed_spin);
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0)
    options.stratify = (char *) gtk_string_list_get_string (self->stratify_model, selected);
  if (!vs_dataset_split_check_percentages (options.percent, &error))
    {
      show_toast (self, error->message, 0);
      return;
    }
  start_job (self, _("Splitting"));
  vs_dataset_split_records_async (self->project, self->dataset_id, &options, self->cancellable,
                                  split_done, job_data_new (self));
}

/* ---- Export -------------------------------------------------------------------- */

static gboolean
per_split (VsDatasetWizard *self)
{
  return gtk_switch_get_active (self->per_split_switch) && self->has_split;
}

static void
export_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(JobData) d = user_data;
  VsDatasetWizard *self = d->self;
  g_autoptr(GError) error = NULL;
  VsDatasetExportSummary *written = vs_dataset_export_dataset_finish (VS_PROJECT (object),
                                                                      result, &error);
  guint n_data = 0;

  if (!end_job (self, d->dataset_id))
    {
      g_clear_pointer (&written, vs_dataset_export_summary_free);
      return;
    }
  if (written == NULL)
    {
      report_error (self, _("Export"), error);
      return;
    }
  g_clear_pointer (&self->written, vs_dataset_export_summary_free);
  self->written = written;
  update_export (self);
  update_counts (self);
  for (guint i = 0; i < written->files->len; i++)
    if (((VsDatasetExportFile *) g_ptr_array_index (written->files, i))->n_examples >= 0)
      n_data++;
  {
    g_autofree char *n = vs_format_count (written->n_written);
    g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "Exported %s examples to %u file",
                                                             "Exported %s examples to %u files",
                                                             n_data),
                                                n, n_data);

    show_toast (self, message, 0);
  }
}

/* Writes the kept records to @path: a file, or a folder of split files. */
static void
export_dataset (VsDatasetWizard *self,
                const char      *path)
{
  const VsExportFormatInfo *info = selected_format (self);
  VsDatasetExportOptions options = { 0 };
  g_autoptr(VsDatasetMapping) mapping = NULL;
  g_autofree char *why = NULL;

  if (self->project == NULL || self->cancellable != NULL)
    return;
  if (!format_available (self, &why))
    {
      show_toast (self, why, 0);
      return;
    }
  options.format = info->format;
  /* The stored examples are what was mapped and cleaned; only the replies a preference
   * format compares need the mapping's chosen and rejected columns. */
  if (info->needs_preference)
    mapping = preference_mapping (self);
  options.mapping = mapping;
  options.split = per_split (self);
  /* All percentages 0: each record keeps the split the Split step gave it. */
  start_job (self, _("Exporting"));
  vs_dataset_export_dataset_async (self->project, self->dataset_id, path, &options,
                                   self->cancellable, on_progress, g_object_ref (self),
                                   g_object_unref, export_done, job_data_new (self));
}

static void
export_to_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  export_dataset (VS_DATASET_WIZARD (widget), g_variant_get_string (parameter, NULL));
}

static void
export_response (GtkNativeDialog *dialog,
                 int              response,
                 VsDatasetWizard *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->project != NULL && self->cancellable == NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        export_dataset (self, path);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VsDatasetWizard *self = VS_DATASET_WIZARD (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  GtkFileChooserNative *dialog;
  const VsExportFormatInfo *info = selected_format (self);
  gboolean folder = per_split (self);
  g_autofree char *name = g_strdup_printf ("%s.%s", self->name ? self->name : "dataset",
                                           info->extension);

  dialog = gtk_file_chooser_native_new (folder ? _("Export the Splits to a Folder")
                                               : _("Export Dataset"),
                                        GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL,
                                        folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                               : GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), NULL);
  if (!folder)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- Navigation ------------------------------------------------------------------- */

static void
go_action (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  set_step (VS_DATASET_WIZARD (widget),
            vs_dataset_step_id_from_string (g_variant_get_string (parameter, NULL)), TRUE);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VsDatasetWizard *self = VS_DATASET_WIZARD (widget);

  if (self->step > VS_DATASET_STEP_IMPORT)
    set_step (self, self->step - 1, TRUE);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VsDatasetWizard *self = VS_DATASET_WIZARD (widget);

  if (self->step < VS_DATASET_STEP_EXPORT)
    set_step (self, self->step + 1, TRUE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_cancellable_cancel (VS_DATASET_WIZARD (widget)->cancellable);
}

/* ---- Public ----------------------------------------------------------------------- */

static void
on_table_selection (VsDatasetWizard *self)
{
  if (self->step == VS_DATASET_STEP_MAP)
    update_preview (self);
}

/* The table leaves out what cleaning dropped: it shows what will be trained on — unless the
 * Clean step asked it to show the dropped records (all, or one step's). */
static void
table_apply_filter (VsDatasetWizard *self)
{
  VsRecordModel *model = self->records_view ? vs_records_view_get_model (self->records_view)
                                            : NULL;
  g_autoptr(VsRecordQuery) query = NULL;

  if (model == NULL)
    return;
  query = vs_record_query_copy (vs_record_model_get_query (model));
  query->kept_only = self->dropped_view == 0;
  query->dropped_by = self->dropped_view;
  if (!vs_record_query_equal (query, vs_record_model_get_query (model)))
    vs_record_model_set_query (model, query);
  vs_records_view_set_show_dropped_by (self->records_view, self->dropped_view != 0);
}

static void
update_dropped (VsDatasetWizard *self)
{
  g_autofree char *description = NULL;

  gtk_button_set_label (GTK_BUTTON (self->dropped_button),
                        self->dropped_view == 0 ? _("Show _Dropped") : _("Show _Kept"));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->dropped_button),
                                          g_variant_new_int64 (self->dropped_view == 0 ? -1 : 0));
  gtk_widget_set_tooltip_text (self->dropped_button,
                               self->dropped_view == 0
                               ? _("Show the records the steps dropped in the table")
                               : _("Show the kept records in the table again"));
  if (self->dropped_view < 0)
    description = g_strdup (_("The table shows the records the steps dropped."));
  else if (self->dropped_view > 0 && self->project != NULL)
    {
      g_autoptr(GPtrArray) steps = vs_dataset_clean_list (self->project, self->dataset_id, NULL);

      for (guint i = 0; steps != NULL && i < steps->len; i++)
        {
          VsDatasetStep *step = g_ptr_array_index (steps, i);

          if (step->id == self->dropped_view)
            /* Translators: the table's filter; %s is a cleaning step's name */
            description = g_strdup_printf (_("The table shows the records “%s” dropped."),
                                           clean_title (step->kind));
        }
    }
  adw_preferences_group_set_description (self->history_group, description);
}

/* 0: the kept records; -1: every dropped record; a step's id: the records it dropped. */
static void
show_dropped_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  VsDatasetWizard *self = VS_DATASET_WIZARD (widget);

  self->dropped_view = g_variant_get_int64 (parameter);
  table_apply_filter (self);
  update_dropped (self);
}

static void
watch_selection (VsDatasetWizard *self)
{
  GtkColumnView *view;
  GtkSelectionModel *selection = NULL;

  table_apply_filter (self);
  if (self->records_view != NULL)
    {
      view = vs_records_view_get_column_view (self->records_view);
      selection = view ? gtk_column_view_get_model (view) : NULL;
    }
  if (selection == self->selection)
    return;
  if (self->selection != NULL)
    g_clear_signal_handler (&self->selection_id, self->selection);
  g_set_object (&self->selection, selection);
  if (selection != NULL)
    self->selection_id = g_signal_connect_swapped (selection, "selection-changed",
                                                   G_CALLBACK (on_table_selection), self);
}

void
vs_dataset_wizard_set_dataset (VsDatasetWizard     *self,
                               VsProject           *project,
                               const VsDatasetInfo *info,
                               VsRecordsView       *records_view)
{
  gboolean same;

  g_return_if_fail (VS_IS_DATASET_WIZARD (self));

  same = info != NULL && project == self->project && info->id == self->dataset_id;
  if (!same)
    g_cancellable_cancel (self->cancellable);

  g_set_object (&self->project, project);
  if (self->records_view != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->records_view),
                                  (gpointer *) &self->records_view);
  self->records_view = records_view;
  if (records_view != NULL)
    g_object_add_weak_pointer (G_OBJECT (records_view), (gpointer *) &self->records_view);
  watch_selection (self);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->format, g_free);
  g_clear_pointer (&self->columns, g_strfreev);
  self->dataset_id = info ? info->id : 0;
  if (info != NULL)
    {
      self->name = g_strdup (info->name);
      self->format = g_strdup (info->format);
      self->columns = g_strdupv (info->columns);
      self->n_records = info->n_records;
      self->n_problems = info->n_problems;
    }

  /* Only new columns reset the choice of a stratify column. */
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->stratify_model));
    gboolean differ = n - 1 != (self->columns ? g_strv_length (self->columns) : 0);

    for (guint i = 1; !differ && i < n; i++)
      differ = g_strcmp0 (gtk_string_list_get_string (self->stratify_model, i),
                          self->columns[i - 1]) != 0;
    if (differ)
      {
        gtk_string_list_splice (self->stratify_model, 1, n - 1,
                                (const char * const *) self->columns);
        update_column_menus (self);
        /* The columns arrive once the import has read the header: guess the templates from
         * them then, unless a mapping was applied already. */
        if (same && self->mapped < 0)
          {
            g_autofree char *mapping = vs_dataset_steps_get_mapping (project, info->id);

            load_mapping (self, mapping);
          }
      }
  }

  if (!same)
    {
      g_clear_pointer (&self->validation, vs_dataset_validation_free);
      g_clear_pointer (&self->written, vs_dataset_export_summary_free);
      self->has_split = FALSE;
      g_clear_pointer (&self->leaks, g_array_unref);
      clear_moved (self);
      self->dropped_view = 0;
      self->mapped = -1;
      self->map_failed = 0;
      clear_list (self->map_errors);
      gtk_widget_set_visible (GTK_WIDGET (self->map_errors), FALSE);
      if (project != NULL && info != NULL)
        {
          g_autofree char *mapping = vs_dataset_steps_get_mapping (project, info->id);
          g_autoptr(VsDatasetCounts) counts = vs_dataset_store_get_counts (project, info->id,
                                                                           NULL);

          self->mapped = vs_dataset_steps_get_mapped (project, info->id);
          load_mapping (self, mapping);
          if (counts != NULL)
            {
              for (guint p = 0; p < VS_DATASET_SPLIT_N_PARTS; p++)
                self->split_counts[p] = vs_dataset_counts_get (counts,
                                                               vs_dataset_split_part_to_string (p),
                                                               NULL);
              self->has_split = split_total (self) > 0;
            }
          self->step = vs_dataset_steps_get_current (project, info->id);
        }
      else
        self->step = VS_DATASET_STEP_IMPORT;
      gtk_stack_set_visible_child_name (self->steps, vs_dataset_step_id_to_string (self->step));
    }
  update_all (self);
}

void
vs_dataset_wizard_refresh (VsDatasetWizard *self)
{
  g_return_if_fail (VS_IS_DATASET_WIZARD (self));

  watch_selection (self);
  if (self->cancellable == NULL)
    {
      update_clean (self);
      update_counts (self);
    }
}

gint64
vs_dataset_wizard_get_dataset_id (VsDatasetWizard *self)
{
  g_return_val_if_fail (VS_IS_DATASET_WIZARD (self), 0);
  return self->dataset_id;
}

VsDatasetStepId
vs_dataset_wizard_get_step (VsDatasetWizard *self)
{
  g_return_val_if_fail (VS_IS_DATASET_WIZARD (self), VS_DATASET_STEP_IMPORT);
  return self->step;
}

gboolean
vs_dataset_wizard_is_busy (VsDatasetWizard *self)
{
  g_return_val_if_fail (VS_IS_DATASET_WIZARD (self), FALSE);
  return self->cancellable != NULL;
}

void
vs_dataset_wizard_get_counts (VsDatasetWizard *self,
                              gint64          *before,
                              gint64          *after)
{
  g_return_if_fail (VS_IS_DATASET_WIZARD (self));

  update_counts (self);
  if (before != NULL)
    *before = self->before;
  if (after != NULL)
    *after = self->after;
}

void
vs_dataset_wizard_set_table (VsDatasetWizard *self,
                             GtkWidget       *table)
{
  g_return_if_fail (VS_IS_DATASET_WIZARD (self));
  adw_bin_set_child (self->table_slot, table);
}

GtkWidget *
vs_dataset_wizard_new (void)
{
  return g_object_new (VS_TYPE_DATASET_WIZARD, NULL);
}

/* ---- Construction ----------------------------------------------------------------- */

enum {
  PROP_0,
  PROP_TABLE,
  N_PROPS
};

static void
vs_dataset_wizard_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_TABLE:
      vs_dataset_wizard_set_table (VS_DATASET_WIZARD (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_dataset_wizard_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_TABLE:
      g_value_set_object (value, adw_bin_get_child (VS_DATASET_WIZARD (object)->table_slot));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_dataset_wizard_dispose (GObject *object)
{
  VsDatasetWizard *self = VS_DATASET_WIZARD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->selection != NULL)
    g_clear_signal_handler (&self->selection_id, self->selection);
  g_clear_object (&self->selection);
  if (self->records_view != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->records_view),
                                  (gpointer *) &self->records_view);
  self->records_view = NULL;
  g_clear_object (&self->project);
  g_clear_pointer (&self->validation, vs_dataset_validation_free);
  g_clear_pointer (&self->written, vs_dataset_export_summary_free);
  g_clear_pointer (&self->leaks, g_array_unref);
  clear_moved (self);

  adw_bin_set_child (ADW_BIN (object), NULL);

  G_OBJECT_CLASS (vs_dataset_wizard_parent_class)->dispose (object);
}

static void
vs_dataset_wizard_finalize (GObject *object)
{
  VsDatasetWizard *self = VS_DATASET_WIZARD (object);

  g_free (self->name);
  g_free (self->format);
  g_free (self->job_label);
  g_free (self->cost_text);
  g_strfreev (self->columns);
  g_clear_object (&self->toast_actions);

  G_OBJECT_CLASS (vs_dataset_wizard_parent_class)->finalize (object);
}

static void
vs_dataset_wizard_class_init (VsDatasetWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_dataset_wizard_dispose;
  object_class->finalize = vs_dataset_wizard_finalize;
  object_class->set_property = vs_dataset_wizard_set_property;
  object_class->get_property = vs_dataset_wizard_get_property;

  g_object_class_install_property (object_class, PROP_TABLE,
    g_param_spec_object ("table", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-dataset-wizard.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VsDatasetWizard, name)
  BIND (step_bar);
  BIND (progress_revealer);
  BIND (progress_label);
  BIND (progress_bar);
  BIND (steps);
  BIND (table_slot);
  BIND (counts_label);
  BIND (import_summary);
  BIND (system_row);
  BIND (user_row);
  BIND (assistant_row);
  BIND (preview);
  BIND (map_result);
  BIND (map_errors);
  BIND (clean_group);
  BIND (history);
  BIND (model_dropdown);
  BIND (validate_banner);
  BIND (validate_icon);
  BIND (validate_summary);
  BIND (problems);
  BIND (histogram);
  BIND (histogram_caption);
  BIND (train_spin);
  BIND (validation_spin);
  BIND (test_spin);
  BIND (seed_spin);
  BIND (stratify_dropdown);
  BIND (split_result);
  BIND (format_dropdown);
  BIND (per_split_switch);
  BIND (export_group);
  BIND (export_files);
  BIND (export_notes);
  BIND (export_settings);
  BIND (format_row);
  BIND (cost_model_row);
  BIND (cost_row);
  BIND (leak_banner);
  BIND (leak_icon);
  BIND (leak_label);
  BIND (leak_button);
  BIND (history_group);
  BIND (dropped_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_mapping_edited);
  gtk_widget_class_bind_template_callback (widget_class, on_cost_model_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_format_changed);

  gtk_widget_class_install_action (widget_class, "wizard.go", "s", go_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "wizard.set-mapping", "s", set_mapping_action);
  gtk_widget_class_install_action (widget_class, "wizard.insert-column", "(ss)",
                                   insert_column_action);
  gtk_widget_class_install_action (widget_class, "wizard.apply-mapping", NULL,
                                   apply_mapping_action);
  gtk_widget_class_install_action (widget_class, "wizard.clean", "s", clean_action);
  gtk_widget_class_install_action (widget_class, "wizard.undo", "x", undo_action);
  gtk_widget_class_install_action (widget_class, "wizard.validate", NULL, validate_action);
  gtk_widget_class_install_action (widget_class, "wizard.show-record", "x", show_record_action);
  gtk_widget_class_install_action (widget_class, "wizard.drop-record", "x", drop_record_action);
  gtk_widget_class_install_action (widget_class, "wizard.split", NULL, split_action);
  gtk_widget_class_install_action (widget_class, "wizard.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "wizard.export-to", "s", export_to_action);
  gtk_widget_class_install_action (widget_class, "wizard.move-leaks", NULL, move_leaks_action);
  gtk_widget_class_install_action (widget_class, "wizard.show-dropped", "x",
                                   show_dropped_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK,
                                       "wizard.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK,
                                       "wizard.back", NULL);
}

/* Spin buttons and drop-downs inside the scrolled steps ignore the wheel unless focused: the
 * wheel scrolls the steps instead, as a person scrolling past them expects. */
static gboolean
on_wheel (GtkEventControllerScroll *controller,
          double                    dx,
          double                    dy,
          gpointer                  user_data)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GtkWidget *scroller;
  GtkAdjustment *adjustment;
  double step;

  if (focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget)))
    return FALSE;
  scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  if (scroller == NULL)
    return TRUE;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  step = pow (gtk_adjustment_get_page_size (adjustment), 2.0 / 3.0);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + dy * step);
  return TRUE;
}

static void
ignore_wheel_unless_focused (GtkWidget *widget)
{
  GtkEventController *controller =
    gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_wheel), NULL);
  gtk_widget_add_controller (widget, controller);
}

static GtkWidget *
new_spin (double lower,
          double upper,
          double step,
          double value,
          guint  digits,
          const char *name)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, step);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return spin;
}

static void
vs_dataset_wizard_init (VsDatasetWizard *self)
{
  static const GActionEntry toast_entries[] = {
    { "undo", on_toast_undo, "x", NULL, NULL, { 0 } },
    { "undo-move", on_toast_undo_move, NULL, NULL, NULL, { 0 } },
  };
  const char *none[] = { NULL, NULL };

  self->mapped = -1;
  gtk_widget_init_template (GTK_WIDGET (self));

  self->toast_actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->toast_actions), toast_entries,
                                   G_N_ELEMENTS (toast_entries), self);

  /* The step bar. */
  for (guint i = 0; i < VS_DATASET_N_STEPS; i++)
    {
      g_autofree char *label = g_strdup_printf ("%u  %s", i + 1, step_title (i));
      GtkWidget *button = gtk_button_new_with_label (label);

      if (i > 0)
        {
          GtkWidget *sep = gtk_label_new ("›");

          gtk_widget_add_css_class (sep, "dim-label");
          gtk_accessible_update_state (GTK_ACCESSIBLE (sep), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                                       -1);
          gtk_box_append (self->step_bar, sep);
        }
      gtk_widget_add_css_class (button, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "wizard.go");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_string (
                                                vs_dataset_step_id_to_string (i)));
      gtk_box_append (self->step_bar, button);
      self->step_buttons[i] = button;
    }

  /* A column menu on each template row. */
  {
    AdwEntryRow *rows[] = { self->system_row, self->user_row, self->assistant_row };

    for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
      {
        GtkWidget *button = gtk_menu_button_new ();
        g_autofree char *name = g_strdup_printf (_("Insert a column into the %s template"),
                                                 adw_preferences_row_get_title (
                                                   ADW_PREFERENCES_ROW (rows[r])));

        gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "list-add-symbolic");
        gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (button, "flat");
        gtk_widget_set_tooltip_text (button, _("Insert a column"));
        gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        name, -1);
        adw_entry_row_add_suffix (rows[r], button);
        self->column_menus[r] = button;
      }
  }

  /* The cleaning steps, with their settings. */
  for (guint k = 0; k < G_N_ELEMENTS (clean_kinds); k++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *run = gtk_button_new_with_mnemonic (_("_Run"));
      const char *kind = vs_dataset_clean_kind_to_string (clean_kinds[k]);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), clean_title (kind));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), clean_description (clean_kinds[k]));
      if (clean_kinds[k] == VS_DATASET_CLEAN_NEAR_DEDUP)
        {
          GtkWidget *spin = new_spin (0.5, 1.0, 0.01, VS_DATASET_NEAR_THRESHOLD_DEFAULT, 2,
                                      _("Similarity threshold"));

          gtk_widget_set_tooltip_text (spin, _("Similarity threshold (Jaccard)"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
          self->threshold_spin = GTK_SPIN_BUTTON (spin);
        }
      else if (clean_kinds[k] == VS_DATASET_CLEAN_MAX_TOKENS)
        {
          GtkWidget *spin = new_spin (1, 1000000, 256, 4096, 0, _("Most tokens per example"));

          gtk_widget_set_tooltip_text (spin, _("Most tokens per example"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
          self->max_tokens_spin = GTK_SPIN_BUTTON (spin);
        }
      gtk_widget_set_valign (run, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (run), "wizard.clean");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (run), g_variant_new_string (kind));
      {
        g_autofree char *name = g_strdup_printf (_("Run: %s"), clean_title (kind));

        gtk_accessible_update_property (GTK_ACCESSIBLE (run), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        name, -1);
      }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), run);
      adw_preferences_group_add (self->clean_group, row);
      self->clean_rows[k] = ADW_ACTION_ROW (row);
    }

  {
    guint n = 0;
    const VsExportFormatInfo *formats = vs_dataset_export_formats (&n);
    g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);

    for (guint i = 0; i < n; i++)
      gtk_string_list_append (titles, formats[i].title);
    gtk_drop_down_set_model (self->format_dropdown, G_LIST_MODEL (titles));
    /* What most trainers take: the mapped, cleaned chat examples. */
    for (guint i = 0; i < n; i++)
      if (formats[i].format == VS_EXPORT_OPENAI_CHAT)
        gtk_drop_down_set_selected (self->format_dropdown, i);
  }

  none[0] = _("None");
  self->stratify_model = gtk_string_list_new (none);
  gtk_drop_down_set_model (self->stratify_dropdown, G_LIST_MODEL (self->stratify_model));
  g_object_unref (self->stratify_model);

  gtk_drawing_area_set_draw_func (self->histogram, draw_histogram, self, NULL);

  {
    GtkWidget *wheel[] = {
      GTK_WIDGET (self->threshold_spin), GTK_WIDGET (self->max_tokens_spin),
      GTK_WIDGET (self->train_spin), GTK_WIDGET (self->validation_spin),
      GTK_WIDGET (self->test_spin), GTK_WIDGET (self->seed_spin),
      GTK_WIDGET (self->model_dropdown), GTK_WIDGET (self->stratify_dropdown),
      GTK_WIDGET (self->format_dropdown),
    };

    for (guint i = 0; i < G_N_ELEMENTS (wheel); i++)
      ignore_wheel_unless_focused (wheel[i]);
  }

  update_all (self);
}
