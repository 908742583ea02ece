/* vs-training-kit-dialog.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-dataset-store.h"
#include "vs-finetune-kit.h"
#include "vs-split-files.h"
#include "vs-training-kit-dialog.h"

struct _VsTrainingKitDialog
{
  AdwWindow       parent_instance;

  AdwComboRow    *dataset;
  GtkStringList  *dataset_names;
  AdwEntryRow    *model;
  AdwActionRow   *folder_row;
  GtkLabel       *problem;
  GtkButton      *export_button;
  GtkSpinner     *spinner;

  VsProject      *project;
  GPtrArray      *datasets;    /* VsDatasetName, as listed in @dataset */
  char           *folder;
  GCancellable   *cancellable;
  gboolean        busy;
};

G_DEFINE_FINAL_TYPE (VsTrainingKitDialog, vs_training_kit_dialog, ADW_TYPE_WINDOW)

enum { EXPORTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
update (VsTrainingKitDialog *self)
{
  gboolean ready = self->datasets->len > 0 && self->folder != NULL && !self->busy;

  adw_action_row_set_subtitle (self->folder_row,
                               self->folder ? self->folder
                                            : _("Choose a folder; an earlier kit in it is "
                                                "replaced"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), ready);
  gtk_spinner_set_spinning (self->spinner, self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
}

static void
fail (VsTrainingKitDialog *self,
      const char          *message)
{
  self->busy = FALSE;
  gtk_label_set_text (self->problem, message);
  gtk_widget_set_visible (GTK_WIDGET (self->problem), TRUE);
  update (self);
}

typedef struct
{
  VsSplitFiles       *files;
  char               *title;
  char               *folder;
  char               *model;
  VsFinetuneKitCounts counts;
} Kit;

static void
kit_free (Kit *kit)
{
  vs_split_files_free (kit->files);
  g_free (kit->title);
  g_free (kit->folder);
  g_free (kit->model);
  g_free (kit);
}

static void
kit_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  Kit *kit = data;
  GError *error = NULL;

  if (vs_finetune_kit_write_splits (kit->files->train, kit->files->validation, kit->title,
                                    kit->folder, kit->model, &kit->counts, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  VsTrainingKitDialog *self = VS_TRAINING_KIT_DIALOG (source);
  Kit *kit = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error->message);
      return;
    }
  self->busy = FALSE;
  g_signal_emit (self, signals[EXPORTED], 0, kit->folder, kit->counts.n_train,
                 kit->counts.n_validation);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_split_files (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  VsTrainingKitDialog *self = data;
  g_autoptr(VsSplitFiles) files = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  guint selected = adw_combo_row_get_selected (self->dataset);
  const char *model = gtk_editable_get_text (GTK_EDITABLE (self->model));
  Kit *kit;

  files = vs_split_files_export_finish (VS_PROJECT (source), result, &error);
  if (files == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error->message);
      g_object_unref (self);
      return;
    }
  if (files->train == NULL)
    {
      fail (self, _("The dataset has no training examples: accept some records or split it "
                    "in the Datasets page first."));
      g_object_unref (self);
      return;
    }
  kit = g_new0 (Kit, 1);
  kit->files = g_steal_pointer (&files);
  kit->title = g_strdup (selected < self->datasets->len
                         ? ((VsDatasetName *) g_ptr_array_index (self->datasets, selected))->name
                         : "dataset");
  kit->folder = g_strdup (self->folder);
  kit->model = g_strdup (model != NULL && *model != '\0' ? model : NULL);
  task = g_task_new (self, self->cancellable, on_written, NULL);
  g_task_set_source_tag (task, on_split_files);
  g_task_set_task_data (task, kit, (GDestroyNotify) kit_free);
  g_task_run_in_thread (task, kit_thread);
  g_object_unref (self);
}

static void
on_export (VsTrainingKitDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->dataset);
  VsDatasetName *dataset;

  if (self->busy || self->folder == NULL || selected >= self->datasets->len)
    return;
  dataset = g_ptr_array_index (self->datasets, selected);
  self->busy = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->problem), FALSE);
  update (self);
  vs_split_files_export_async (self->project, dataset->id, 0, self->cancellable, on_split_files,
                               g_object_ref (self));
}

static void
on_folder_chosen (GtkNativeDialog     *dialog,
                  int                  response,
                  VsTrainingKitDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        vs_training_kit_dialog_set_folder (self, path);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
on_choose_folder (VsTrainingKitDialog *self)
{
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Folder for the Training Kit"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Select"),
                                        NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_folder_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
vs_training_kit_dialog_dispose (GObject *object)
{
  VsTrainingKitDialog *self = VS_TRAINING_KIT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_TRAINING_KIT_DIALOG);
  G_OBJECT_CLASS (vs_training_kit_dialog_parent_class)->dispose (object);
}

static void
vs_training_kit_dialog_finalize (GObject *object)
{
  VsTrainingKitDialog *self = VS_TRAINING_KIT_DIALOG (object);

  g_clear_object (&self->project);
  g_clear_pointer (&self->datasets, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_free (self->folder);
  G_OBJECT_CLASS (vs_training_kit_dialog_parent_class)->finalize (object);
}

static void
vs_training_kit_dialog_class_init (VsTrainingKitDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_training_kit_dialog_dispose;
  object_class->finalize = vs_training_kit_dialog_finalize;

  signals[EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING,
                                    G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/"
                                               "vs-training-kit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VsTrainingKitDialog, dataset);
  gtk_widget_class_bind_template_child (widget_class, VsTrainingKitDialog, dataset_names);
  gtk_widget_class_bind_template_child (widget_class, VsTrainingKitDialog, model);
  gtk_widget_class_bind_template_child (widget_class, VsTrainingKitDialog, folder_row);
  gtk_widget_class_bind_template_child (widget_class, VsTrainingKitDialog, problem);
  gtk_widget_class_bind_template_child (widget_class, VsTrainingKitDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, VsTrainingKitDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_export);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_folder);
}

static void
vs_training_kit_dialog_init (VsTrainingKitDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->datasets = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_dataset_name_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_editable_set_text (GTK_EDITABLE (self->model), VS_FINETUNE_KIT_DEFAULT_BASE_MODEL);
}

VsTrainingKitDialog *
vs_training_kit_dialog_new (VsProject *project)
{
  VsTrainingKitDialog *self;
  g_autoptr(GPtrArray) datasets = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  self = g_object_new (VS_TYPE_TRAINING_KIT_DIALOG, NULL);
  self->project = g_object_ref (project);
  datasets = vs_dataset_store_list_names (project, NULL);
  for (guint i = 0; datasets != NULL && i < datasets->len; i++)
    gtk_string_list_append (self->dataset_names,
                            ((VsDatasetName *) g_ptr_array_index (datasets, i))->name);
  if (datasets != NULL)
    g_ptr_array_extend_and_steal (self->datasets, g_steal_pointer (&datasets));
  if (self->datasets->len == 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->dataset),
                                 _("Import a dataset in the Datasets page first"));
  update (self);
  return self;
}

void
vs_training_kit_dialog_set_folder (VsTrainingKitDialog *self,
                                   const char          *folder)
{
  g_return_if_fail (VS_IS_TRAINING_KIT_DIALOG (self));

  g_free (self->folder);
  self->folder = g_strdup (folder);
  update (self);
}
