/* vs-datasets-page.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vs-curation-view.h"
#include "vs-dataset-import.h"
#include "vs-dataset-steps.h"
#include "vs-dataset-store.h"
#include "vs-dataset-wizard.h"
#include "vs-snapshot-dialog.h"
#include "vs-snapshot-list.h"
#include "vs-datasets-page.h"
#include "vs-format.h"
#include "vs-item-list.h"
#include "vs-json.h"
#include "vs-records-filter-bar.h"
#include "vs-records-view.h"
#include "vs-window.h"

struct _VsDatasetsPage
{
  VsPage          parent_instance;

  GPtrArray      *datasets;    /* VsDatasetInfo, as listed */
  GCancellable   *import_cancellable;
  char           *import_name;
  gboolean        disposed;
  gint64          pending_delete;  /* hidden, deleted when its toast goes unless undone */
  GSimpleActionGroup *toast_actions;

  GtkStack       *stack;
  AdwLeaflet     *leaflet;
  VsItemList     *items;
  AdwBin         *detail;
  VsRecordsView  *records_view;
  VsDatasetWizard *wizard;
  AdwViewStack   *mode_stack;
  VsCurationView *curation;
  GtkRevealer    *progress_revealer;
  GtkLabel       *progress_label;
  GtkProgressBar *progress_bar;
};

/* The problems an overview lists; the rest are counted. */
#define MAX_PROBLEMS_SHOWN 50

G_DEFINE_FINAL_TYPE (VsDatasetsPage, vs_datasets_page, VS_TYPE_PAGE)

static const char *
import_state_label (const char *state)
{
  if (g_strcmp0 (state, "cancelled") == 0)
    return _("Cancelled — partly imported");
  if (g_strcmp0 (state, "failed") == 0)
    return _("Failed — partly imported");
  if (g_strcmp0 (state, "running") == 0)
    return _("Importing");
  return NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  const VsDatasetInfo *x = *(VsDatasetInfo * const *) a;
  const VsDatasetInfo *y = *(VsDatasetInfo * const *) b;
  g_autofree char *kx = g_utf8_collate_key (x->name, -1);
  g_autofree char *ky = g_utf8_collate_key (y->name, -1);

  return strcmp (kx, ky);
}

static VsDatasetInfo *
find_info (VsDatasetsPage *self,
           gint64          id)
{
  for (guint i = 0; self->datasets != NULL && i < self->datasets->len; i++)
    {
      VsDatasetInfo *info = g_ptr_array_index (self->datasets, i);

      if (info->id == id)
        return info;
    }
  return NULL;
}

static void
reload (VsDatasetsPage *self)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->datasets, g_ptr_array_unref);
  if (project != NULL)
    {
      self->datasets = vs_dataset_list (project, &error);
      if (self->datasets == NULL)
        vs_page_toast (VS_PAGE (self), error->message);
    }

  if (self->datasets != NULL)
    {
      g_ptr_array_sort (self->datasets, compare_names);
      for (guint i = 0; i < self->datasets->len; i++)
        {
          VsDatasetInfo *info = g_ptr_array_index (self->datasets, i);
          g_autofree char *count = NULL;
          g_autofree char *when = NULL;
          g_autofree char *subtitle = NULL;
          const char *state;

          if (info->id == self->pending_delete)
            continue;
          count = vs_format_count (info->n_records);
          when = vs_format_relative_time (info->created_at);
          subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record · %s",
                                                   "%s records · %s", info->n_records),
                                      count, when ? when : "");
          state = import_state_label (info->import_state);

          /* Translators: a badge on a dataset whose import did not finish */
          g_ptr_array_add (items, vs_item_new (info->id, info->name, subtitle,
                                               state && g_strcmp0 (info->import_state,
                                                                   "running") != 0
                                               ? _("Partial") : NULL));
        }
    }

  vs_item_list_set_items (self->items, items);
  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "content" : "empty");
}

/* Counts come from the store's maintained table: nothing is counted here. @by_split: the
 * keys are splits, else statuses. */
static void
add_counts (AdwPreferencesGroup    *group,
            const VsDatasetCounts  *counts,
            gboolean                by_split,
            const char * const     *keys,
            const char * const     *labels)
{
  for (guint i = 0; keys[i] != NULL; i++)
    {
      gint64 n = counts == NULL ? 0
                 : by_split ? vs_dataset_counts_get (counts, keys[i], NULL)
                            : vs_dataset_counts_get (counts, NULL, keys[i]);
      g_autofree char *value = vs_format_count (n);

      vs_format_add_value_row (group, labels[i], value);
    }
}

/* Rows the import skipped, with where and why: nothing is dropped silently. */
static void
add_problems (AdwPreferencesPage  *page,
              VsProject           *project,
              const VsDatasetInfo *info)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *count = NULL;
  g_autofree char *title = NULL;
  AdwPreferencesGroup *group;

  if (info->n_problems == 0)
    return;

  problems = vs_dataset_get_import_problems (project, info->id, MAX_PROBLEMS_SHOWN, NULL);
  if (problems == NULL)
    return;

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  count = vs_format_count (info->n_problems);
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s problem in the source file",
                                        "%s problems in the source file", info->n_problems),
                           count);
  adw_preferences_group_set_title (group, title);
  if (info->n_problems > MAX_PROBLEMS_SHOWN)
    adw_preferences_group_set_description (group, _("The first 50, in file order"));

  for (guint i = 0; i < problems->len; i++)
    {
      const VsDatasetProblem *problem = g_ptr_array_index (problems, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *line = g_strdup_printf ("%" G_GINT64_FORMAT, problem->line);
      g_autofree char *column = g_strdup_printf ("%" G_GINT64_FORMAT, problem->column);
      g_autofree char *where = problem->column > 0
        ? g_strdup_printf (_("Line %s, column %s"), line, column)
        : g_strdup_printf (_("Line %s"), line);
      g_autofree char *message = g_markup_escape_text (problem->message, -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), where);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), message);
      adw_preferences_group_add (group, row);
    }

  adw_preferences_page_add (page, group);
}

static void update_actions (VsDatasetsPage *self);

static gboolean
reviewing (VsDatasetsPage *self)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (self->mode_stack), "review") == 0;
}

/* The review table follows the selected dataset while it is shown (a table that is not seen
 * does not need to follow every change). */
static void
update_curation (VsDatasetsPage *self)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  VsDatasetInfo *info = find_info (self, vs_item_list_get_selected_id (self->items));

  if (project == NULL || info == NULL || info->id == self->pending_delete)
    vs_curation_view_set_dataset (self->curation, NULL, 0, NULL);
  else if (reviewing (self))
    vs_curation_view_set_dataset (self->curation, project, info->id,
                                  (const char * const *) info->columns);
}

static void
on_mode_changed (VsDatasetsPage *self)
{
  update_curation (self);
}

static void
on_selected (VsDatasetsPage *self)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  gint64 id = vs_item_list_get_selected_id (self->items);
  const char *split_keys[] = { "train", "validation", "test", "unassigned", NULL };
  const char *split_labels[] = { _("Training"), _("Validation"), _("Test"), _("Not assigned"),
                                 NULL };
  const char *status_keys[] = { "unreviewed", "accepted", "rejected", NULL };
  const char *status_labels[] = { _("Not reviewed"), _("Accepted"), _("Rejected"), NULL };
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  VsDatasetInfo *info = find_info (self, id);
  g_autoptr(VsDatasetCounts) counts = NULL;

  if (project == NULL || info == NULL || info->id == self->pending_delete)
    {
      adw_bin_set_child (self->detail, NULL);
      vs_records_view_set_dataset (self->records_view, NULL, 0, NULL);
      vs_dataset_wizard_set_dataset (self->wizard, NULL, NULL, NULL);
      update_curation (self);
      update_actions (self);
      return;
    }
  vs_records_view_set_dataset (self->records_view, project, info->id,
                               (const char * const *) info->columns);
  vs_dataset_wizard_set_dataset (self->wizard, project, info, self->records_view);
  update_curation (self);

  counts = vs_dataset_store_get_counts (project, id, NULL);
  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());

  {
    g_autofree char *created = vs_format_full_time (info->created_at);
    const char *state = import_state_label (info->import_state);

    group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
    adw_preferences_group_set_title (group, info->name);
    vs_format_add_value_row (group, _("Source"),
                             info->source_path ? info->source_path : _("Unknown"));
    vs_format_add_value_row (group, _("Format"), info->format ? info->format : _("Unknown"));
    if (created != NULL)
      vs_format_add_value_row (group, _("Imported"), created);
    if (state != NULL)
      vs_format_add_value_row (group, _("Import"), state);
    if (info->columns != NULL)
      {
        g_autofree char *names = g_strjoinv (", ", info->columns);

        vs_format_add_value_row (group, _("Columns"), names);
      }
    adw_preferences_page_add (page, group);
  }

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Splits"));
  adw_preferences_group_set_description (group, _("Records in each part of the dataset"));
  add_counts (group, counts, TRUE, split_keys, split_labels);
  adw_preferences_page_add (page, group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Review"));
  add_counts (group, counts, FALSE, status_keys, status_labels);
  adw_preferences_page_add (page, group);

  add_problems (page, project, info);
  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (vs_snapshot_list_new (project, id)));

  adw_bin_set_child (self->detail, GTK_WIDGET (page));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  update_actions (self);
}

gboolean
vs_datasets_page_is_importing (VsDatasetsPage *self)
{
  g_return_val_if_fail (VS_IS_DATASETS_PAGE (self), FALSE);

  return self->import_cancellable != NULL;
}

static void
update_actions (VsDatasetsPage *self)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  gboolean importing = self->import_cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "datasets.import",
                                 project != NULL && !vs_project_get_read_only (project) &&
                                 !importing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "datasets.cancel-import", importing);
  {
    gboolean selected = project != NULL && vs_item_list_get_selected_id (self->items) > 0;
    gboolean writable = selected && !vs_project_get_read_only (project);

    gtk_widget_action_set_enabled (GTK_WIDGET (self), "datasets.rename", writable);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "datasets.delete",
                                   writable && self->pending_delete == 0 && !importing);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "datasets.export", selected);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "datasets.snapshot", writable);
  }
}

static void
on_import_progress (goffset  bytes_read,
                    goffset  total_bytes,
                    gint64   n_records,
                    gpointer user_data)
{
  VsDatasetsPage *self = user_data;
  g_autofree char *records = vs_format_count (n_records);
  g_autofree char *read = g_format_size (bytes_read);
  g_autofree char *text = NULL;

  if (self->disposed || self->import_cancellable == NULL ||
      g_cancellable_is_cancelled (self->import_cancellable))
    return;

  if (total_bytes > 0)
    {
      g_autofree char *total = g_format_size (total_bytes);

      /* Translators: “tickets.csv” — 1,200 records · 1.2 MB of 3.4 MB */
      text = g_strdup_printf (_("Importing “%s” — %s records · %s of %s"), self->import_name,
                              records, read, total);
      gtk_progress_bar_set_fraction (self->progress_bar, (double) bytes_read / total_bytes);
    }
  else
    {
      text = g_strdup_printf (_("Importing “%s” — %s records · %s"), self->import_name, records,
                              read);
      gtk_progress_bar_pulse (self->progress_bar);
    }
  gtk_label_set_label (self->progress_label, text);
}

static void
import_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VsDatasetsPage) self = user_data;
  g_autoptr(VsDatasetImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_steal_pointer (&self->import_name);
  g_autofree char *message = NULL;

  summary = vs_dataset_import_finish (VS_PROJECT (object), result, &error);

  /* The page went away mid-import: what was committed stays in the project. */
  if (self->disposed)
    return;

  g_clear_object (&self->import_cancellable);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  update_actions (self);

  if (summary == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        message = g_strdup_printf (_("Import of “%s” cancelled; the records read so far are "
                                     "kept"), name);
      else
        message = g_strdup_printf (_("Could not import “%s”: %s"), name, error->message);
      vs_page_toast (VS_PAGE (self), message);
      return;
    }

  {
    g_autofree char *records = vs_format_count (summary->n_records);

    if (summary->n_problems > 0)
      {
        g_autofree char *problems = vs_format_count (summary->n_problems);

        /* Translators: the second %s is a count of rows that were skipped or had problems */
        message = g_strdup_printf (_("Imported %s records from “%s”; %s problems are listed "
                                     "in its overview"), records, name, problems);
      }
    else
      message = g_strdup_printf (_("Imported %s records from “%s”"), records, name);
  }
  vs_page_toast (VS_PAGE (self), message);

  reload (self);
  vs_item_list_select_id (self->items, summary->dataset_id);
}

static gboolean
is_data_file (GFile *file)
{
  static const char *extensions[] = { ".csv", ".tsv", ".tab", ".jsonl", ".ndjson", ".json",
                                      ".txt" };
  g_autofree char *base = g_file_get_basename (file);
  g_autofree char *lower = base ? g_ascii_strdown (base, -1) : NULL;

  if (lower == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (g_str_has_suffix (lower, extensions[i]))
      return TRUE;
  return FALSE;
}

gboolean
vs_datasets_page_import_file (VsDatasetsPage *self,
                              GFile          *file)
{
  VsProject *project;
  g_autofree char *path = NULL;

  g_return_val_if_fail (VS_IS_DATASETS_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  project = vs_page_get_project (VS_PAGE (self));
  if (project == NULL || vs_project_get_read_only (project) || !is_data_file (file))
    return FALSE;
  if (self->import_cancellable != NULL)
    {
      vs_page_toast (VS_PAGE (self), _("Wait for the running import to finish, or cancel it"));
      return FALSE;
    }
  path = g_file_get_path (file);
  if (path == NULL)
    return FALSE;

  self->import_cancellable = g_cancellable_new ();
  self->import_name = g_file_get_basename (file);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  on_import_progress (0, -1, 0, self);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  update_actions (self);

  vs_dataset_import_async (project, path, NULL, self->import_cancellable,
                           on_import_progress, g_object_ref (self), g_object_unref,
                           import_done, g_object_ref (self));
  return TRUE;
}

static void
import_response (GtkNativeDialog *dialog,
                 int              response,
                 VsDatasetsPage  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (!vs_datasets_page_import_file (self, file) && self->import_cancellable == NULL)
        vs_page_toast (VS_PAGE (self), _("Choose a CSV, TSV, JSONL or JSON file"));
    }
  g_object_unref (dialog);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VsDatasetsPage *self = VS_DATASETS_PAGE (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  GtkFileChooserNative *dialog;
  GtkFileFilter *filter;

  dialog = gtk_file_chooser_native_new (_("Import a Dataset"),
                                        GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Data files (CSV, TSV, JSONL, JSON)"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "tsv");
  gtk_file_filter_add_suffix (filter, "tab");
  gtk_file_filter_add_suffix (filter, "jsonl");
  gtk_file_filter_add_suffix (filter, "ndjson");
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (import_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  VsDatasetsPage *self = VS_DATASETS_PAGE (widget);

  g_cancellable_cancel (self->import_cancellable);
}

/* ---- Rename, delete (with Undo), export from a row's menu ---------------------------- */

static void
finish_delete (VsDatasetsPage *self)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  g_autoptr(GError) error = NULL;
  gint64 id = self->pending_delete;

  if (id == 0)
    return;
  self->pending_delete = 0;
  /* A dataset whose snapshots a fine-tune or a run used is kept: say so, and show it again. */
  if (project != NULL && !vs_dataset_steps_delete (project, id, &error) && !self->disposed)
    {
      vs_page_toast (VS_PAGE (self), error->message);
      reload (self);
    }
}

static void
on_delete_toast_dismissed (AdwToast       *toast,
                           VsDatasetsPage *self)
{
  if (!self->disposed)
    {
      finish_delete (self);
      update_actions (self);
    }
}

static void
on_undo_delete (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  VsDatasetsPage *self = user_data;
  gint64 id = self->pending_delete;

  self->pending_delete = 0;
  reload (self);
  if (id > 0)
    vs_item_list_select_id (self->items, id);
  update_actions (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VsDatasetsPage *self = VS_DATASETS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  VsDatasetInfo *info = find_info (self, vs_item_list_get_selected_id (self->items));
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (info == NULL)
    return;
  /* One pending delete at a time: an earlier one is carried out now. */
  finish_delete (self);
  self->pending_delete = info->id;
  message = g_strdup_printf (_("Deleted “%s”"), info->name);
  reload (self);
  update_actions (self);

  if (!VS_IS_WINDOW (root))
    {
      finish_delete (self);
      return;
    }
  gtk_widget_insert_action_group (GTK_WIDGET (root), "datasets-toast",
                                  G_ACTION_GROUP (self->toast_actions));
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "datasets-toast.undo-delete");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_delete_toast_dismissed), self, 0);
  vs_window_show_toast (VS_WINDOW (root), toast);
}

static void
rename_response (AdwMessageDialog *dialog,
                 const char       *response,
                 VsDatasetsPage   *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "dataset-id"));
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "rename") == 0 && project != NULL &&
      !vs_dataset_steps_rename (project, id, gtk_editable_get_text (entry), &error))
    vs_page_toast (VS_PAGE (self), error->message);
  g_object_unref (self);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VsDatasetsPage *self = VS_DATASETS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  VsDatasetInfo *info = find_info (self, vs_item_list_get_selected_id (self->items));
  GtkWidget *dialog;
  GtkWidget *entry;

  if (info == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Rename Dataset"), NULL);
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), info->name);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "rename", _("_Rename"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "dataset-id", GSIZE_TO_POINTER (info->id));
  g_signal_connect (dialog, "response", G_CALLBACK (rename_response), g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VsDatasetsPage *self = VS_DATASETS_PAGE (widget);

  gtk_widget_activate_action (GTK_WIDGET (self->wizard), "wizard.go", "s", "export");
  gtk_widget_activate_action (GTK_WIDGET (self->wizard), "wizard.export", NULL);
}

static void
snapshot_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VsDatasetsPage *self = VS_DATASETS_PAGE (widget);
  VsDatasetInfo *info = find_info (self, vs_item_list_get_selected_id (self->items));

  if (info != NULL && vs_page_get_project (VS_PAGE (self)) != NULL)
    gtk_window_present (GTK_WINDOW (vs_snapshot_dialog_new (VS_PAGE (self),
                                                            vs_page_get_project (VS_PAGE (self)),
                                                            info->id, info->name)));
}

/* A data file dropped anywhere on the page is imported as a new dataset. */
static gboolean
on_drop (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         VsDatasetsPage *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    if (vs_datasets_page_import_file (self, l->data))
      {
        g_slist_free (files);
        return TRUE;
      }
  g_slist_free (files);
  vs_page_toast (VS_PAGE (self), _("Drop a CSV, TSV, JSONL or JSON file"));
  return FALSE;
}

static void
vs_datasets_page_project_set (VsPage    *page,
                              VsProject *project)
{
  VsDatasetsPage *self = VS_DATASETS_PAGE (page);

  /* An import belongs to the project it was started in; so does a pending delete. */
  g_cancellable_cancel (self->import_cancellable);
  self->pending_delete = 0;
  update_actions (self);
  reload (self);
}

static void
vs_datasets_page_project_changed (VsPage     *page,
                                  const char *what)
{
  VsDatasetsPage *self = VS_DATASETS_PAGE (page);

  if (g_strcmp0 (what, "datasets") == 0 || g_strcmp0 (what, "records") == 0)
    {
      reload (self);
      vs_dataset_wizard_refresh (self->wizard);
    }
}

static void
vs_datasets_page_dispose (GObject *object)
{
  VsDatasetsPage *self = VS_DATASETS_PAGE (object);

  self->disposed = TRUE;
  finish_delete (self);
  g_clear_object (&self->toast_actions);
  g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  g_clear_pointer (&self->import_name, g_free);
  g_clear_pointer (&self->datasets, g_ptr_array_unref);

  /* AdwBin drops its child itself; the template pointers are not used after this. */
  adw_bin_set_child (ADW_BIN (object), NULL);

  G_OBJECT_CLASS (vs_datasets_page_parent_class)->dispose (object);
}

static void
vs_datasets_page_class_init (VsDatasetsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VsPageClass *page_class = VS_PAGE_CLASS (klass);

  object_class->dispose = vs_datasets_page_dispose;
  page_class->project_set = vs_datasets_page_project_set;
  page_class->project_changed = vs_datasets_page_project_changed;

  g_type_ensure (VS_TYPE_ITEM_LIST);
  g_type_ensure (VS_TYPE_RECORDS_VIEW);
  g_type_ensure (VS_TYPE_RECORDS_FILTER_BAR);
  g_type_ensure (VS_TYPE_DATASET_WIZARD);
  g_type_ensure (VS_TYPE_CURATION_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-datasets-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VsDatasetsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VsDatasetsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, VsDatasetsPage, items);
  gtk_widget_class_bind_template_child (widget_class, VsDatasetsPage, detail);
  gtk_widget_class_bind_template_child (widget_class, VsDatasetsPage, records_view);
  gtk_widget_class_bind_template_child (widget_class, VsDatasetsPage, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, VsDatasetsPage, curation);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_changed);
  gtk_widget_class_bind_template_child (widget_class, VsDatasetsPage, wizard);
  gtk_widget_class_bind_template_child (widget_class, VsDatasetsPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, VsDatasetsPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, VsDatasetsPage, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_selected);

  gtk_widget_class_install_action (widget_class, "datasets.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "datasets.cancel-import", NULL,
                                   cancel_import_action);
  gtk_widget_class_install_action (widget_class, "datasets.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "datasets.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "datasets.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "datasets.snapshot", NULL, snapshot_action);
}

static void
vs_datasets_page_init (VsDatasetsPage *self)
{
  static const GActionEntry toast_entries[] = {
    { "undo-delete", on_undo_delete, NULL, NULL, NULL, { 0 } },
  };
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_menu_append (menu, _("_Rename…"), "datasets.rename");
  g_menu_append (menu, _("_Export…"), "datasets.export");
  g_menu_append (menu, _("_Snapshot…"), "datasets.snapshot");
  g_menu_append (menu, _("_Delete"), "datasets.delete");
  vs_item_list_set_row_menu (self->items, G_MENU_MODEL (menu));

  self->toast_actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->toast_actions), toast_entries,
                                   G_N_ELEMENTS (toast_entries), self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  update_actions (self);
}
