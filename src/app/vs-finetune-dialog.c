/* vs-finetune-dialog.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "New Fine-tune": the training data is one of the project's datasets (its train and
 * validation splits, exported as chat JSONL into a private folder on a worker) or chat JSONL
 * files (typed, chosen, or dropped on the window). The estimate counts tokens on a worker —
 * never on a keystroke — and is priced on the main thread from the project's table (or the
 * built-in list); the user confirms it before Start. The window owns its launch: the
 * endpoint's engine from the project's registry, then core's launch; closing the window
 * cancels it and removes the exported files.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-dataset-snapshot.h"
#include "vs-dataset-store.h"
#include "vs-endpoint.h"
#include "vs-engine-registry.h"
#include "vs-finetune-dialog.h"
#include "vs-finetune-launch.h"
#include "vs-format.h"
#include "vs-split-files.h"

#define ESTIMATE_DELAY_MS 250

struct _VsFinetuneDialog
{
  AdwWindow       parent_instance;

  AdwComboRow    *provider;
  AdwComboRow    *endpoint;
  GtkStringList  *endpoint_names;
  AdwEntryRow    *model;
  AdwComboRow    *source;
  GtkStringList  *source_names;
  AdwActionRow   *splits;
  AdwComboRow    *snapshot;
  GtkStringList  *snapshot_names;
  AdwEntryRow    *train;
  AdwEntryRow    *validation;
  GtkSpinButton  *epochs;
  AdwEntryRow    *suffix;
  GtkLabel       *estimate;
  GtkCheckButton *confirm;
  GtkLabel       *problem;
  GtkButton      *start;

  VsProject      *project;
  GPtrArray      *endpoints;     /* VsEndpoint, as listed in @endpoint */
  GPtrArray      *datasets;      /* VsDatasetName, as listed in @source before "Files" */
  GPtrArray      *snapshots;     /* VsSnapshotInfo, as listed in @snapshot after "Current" */
  gint64          prepared_snapshot;
  GCancellable   *cancellable;   /* the launch */

  /* A dataset's splits exported for upload. */
  GCancellable   *prepare_cancellable;
  gint64          prepared_dataset;  /* 0: none (yet) */
  VsSplitFiles   *prepared;
  char           *prepare_problem;

  /* The token count of the training file, for one tokenizer (the model's). */
  GCancellable   *count_cancellable;
  guint           count_source;
  char           *counted_path;
  char           *counted_model;
  gboolean        counting;
  VsFinetuneEstimate counted;
  char           *count_problem;

  double          cost;
  gboolean        busy;
};

G_DEFINE_FINAL_TYPE (VsFinetuneDialog, vs_finetune_dialog, ADW_TYPE_WINDOW)

enum { LAUNCHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void schedule_count (VsFinetuneDialog *self);

static const char *
entry_text (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  return text != NULL && *text != '\0' ? text : NULL;
}

/* The dataset chosen as the source, or 0 for files. */
static gint64
source_dataset (VsFinetuneDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->source);

  if (selected < self->datasets->len)
    return ((VsDatasetName *) g_ptr_array_index (self->datasets, selected))->id;
  return 0;
}

static const char *
train_path (VsFinetuneDialog *self)
{
  if (source_dataset (self) != 0)
    return self->prepared ? self->prepared->train : NULL;
  return entry_text (self->train);
}

static const char *
validation_path (VsFinetuneDialog *self)
{
  if (source_dataset (self) != 0)
    return self->prepared ? self->prepared->validation : NULL;
  return entry_text (self->validation);
}

static void
update (VsFinetuneDialog *self)
{
  const char *model = entry_text (self->model);
  const char *train = train_path (self);
  gint64 dataset = source_dataset (self);
  g_autofree char *text = NULL;
  gboolean ready = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->splits), dataset != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->snapshot), dataset != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->train), dataset == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->validation), dataset == 0);

  self->cost = -1;
  if (dataset != 0 && self->prepare_problem != NULL)
    text = g_strdup (self->prepare_problem);
  else if (dataset != 0 && self->prepared == NULL)
    text = g_strdup (_("Preparing the training files…"));
  else if (model == NULL || train == NULL)
    text = g_strdup (_("Choose a base model and the training data for an estimate."));
  else if (self->counting || g_strcmp0 (self->counted_path, train) != 0 ||
           g_strcmp0 (self->counted_model, model) != 0)
    text = g_strdup (_("Counting tokens…"));
  else if (self->count_problem != NULL)
    text = g_strdup (self->count_problem);
  else
    {
      VsFinetuneEstimate estimate = self->counted;
      g_autofree char *tokens = NULL;
      g_autofree char *cost = NULL;
      g_autofree char *examples = NULL;

      vs_finetune_estimate_price (&estimate, model,
                                  gtk_spin_button_get_value_as_int (self->epochs),
                                  self->project);
      tokens = vs_format_count (estimate.billable_tokens);
      cost = estimate.cost >= 0
        ? g_strdup_printf (_("about $%.2f"), estimate.cost)
        : g_strdup_printf (_("cost unknown: add a training price for %s in Project Settings"),
                           model);
      examples = g_strdup_printf (ngettext ("%" G_GINT64_FORMAT " example",
                                            "%" G_GINT64_FORMAT " examples",
                                            estimate.n_examples),
                                  estimate.n_examples);
      self->cost = estimate.cost;
      /* TRANSLATORS: "120 examples × 3 epochs: 45,000 training tokens, about $1.08" */
      text = g_strdup_printf (ngettext ("%s × %d epoch: %s training tokens, %s",
                                        "%s × %d epochs: %s training tokens, %s",
                                        estimate.epochs),
                              examples, estimate.epochs, tokens, cost);
      if (estimate.n_examples == 0)
        {
          g_free (text);
          text = g_strdup (_("The training data has no chat examples ({\"messages\": […]} "
                             "per line)."));
        }
      ready = estimate.n_examples > 0 && self->endpoints->len > 0;
    }
  gtk_label_set_text (self->estimate, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->start),
                            ready && !self->busy && gtk_check_button_get_active (self->confirm));
}

/* Counting ------------------------------------------------------------------------------ */

typedef struct
{
  char *path;
  char *model;
  VsFinetuneEstimate estimate;
} Count;

static void
count_free (Count *count)
{
  g_free (count->path);
  g_free (count->model);
  g_free (count);
}

static void
count_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  Count *count = data;
  GError *error = NULL;

  if (vs_finetune_estimate_file (count->path, count->model, 1, NULL, &count->estimate, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_counted (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  VsFinetuneDialog *self = VS_FINETUNE_DIALOG (source);
  Count *count = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->counting = FALSE;
  g_free (self->counted_path);
  self->counted_path = g_strdup (count->path);
  g_free (self->counted_model);
  self->counted_model = g_strdup (count->model);
  self->counted = count->estimate;
  g_clear_pointer (&self->count_problem, g_free);
  if (error != NULL)
    self->count_problem = g_strdup_printf (_("%s cannot be read: %s"), count->path,
                                           error->message);
  update (self);
}

static gboolean
count_now (gpointer data)
{
  VsFinetuneDialog *self = data;
  const char *model = entry_text (self->model);
  const char *train = train_path (self);
  g_autoptr(GTask) task = NULL;
  Count *count;

  self->count_source = 0;
  if (model == NULL || train == NULL)
    return G_SOURCE_REMOVE;
  if (!g_file_test (train, G_FILE_TEST_IS_REGULAR))
    {
      g_free (self->counted_path);
      self->counted_path = g_strdup (train);
      g_free (self->counted_model);
      self->counted_model = g_strdup (model);
      g_free (self->count_problem);
      self->count_problem = g_strdup_printf (_("There is no file %s."), train);
      update (self);
      return G_SOURCE_REMOVE;
    }
  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  self->count_cancellable = g_cancellable_new ();
  self->counting = TRUE;
  count = g_new0 (Count, 1);
  count->path = g_strdup (train);
  count->model = g_strdup (model);
  task = g_task_new (self, self->count_cancellable, on_counted, NULL);
  g_task_set_source_tag (task, count_now);
  g_task_set_task_data (task, count, (GDestroyNotify) count_free);
  g_task_run_in_thread (task, count_thread);
  update (self);
  return G_SOURCE_REMOVE;
}

/* Counts again after a pause in typing, when the file or the model (its tokenizer) changed. */
static void
schedule_count (VsFinetuneDialog *self)
{
  const char *model = entry_text (self->model);
  const char *train = train_path (self);

  if (model != NULL && train != NULL && !self->counting &&
      g_strcmp0 (self->counted_path, train) == 0 && g_strcmp0 (self->counted_model, model) == 0)
    {
      update (self);
      return;
    }
  g_clear_handle_id (&self->count_source, g_source_remove);
  self->count_source = g_timeout_add (ESTIMATE_DELAY_MS, count_now, self);
  update (self);
}

static void
on_inputs_changed (VsFinetuneDialog *self)
{
  schedule_count (self);
}

/* A dataset's files ------------------------------------------------------------------- */

static void
remove_prepared (VsFinetuneDialog *self)
{
  g_clear_pointer (&self->prepared, vs_split_files_free);
  g_clear_pointer (&self->prepare_problem, g_free);
  self->prepared_dataset = 0;
}

static void
on_prepared (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  VsFinetuneDialog *self = data;
  g_autoptr(VsSplitFiles) files = NULL;
  g_autoptr(GError) error = NULL;

  files = vs_split_files_export_finish (VS_PROJECT (source), result, &error);
  if (files == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  if (files == NULL)
    self->prepare_problem = g_strdup_printf (_("The dataset cannot be exported: %s"),
                                             error->message);
  else if (files->train == NULL)
    self->prepare_problem = g_strdup (_("The dataset has no training examples: accept some "
                                        "records or split it in the Datasets page first."));
  self->prepared = g_steal_pointer (&files);
  schedule_count (self);
  g_object_unref (self);
}

/* The snapshot chosen for the dataset: 0 freezes its records as they are now. */
static gint64
chosen_snapshot (VsFinetuneDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->snapshot);

  if (selected == GTK_INVALID_LIST_POSITION || selected == 0 ||
      selected - 1 >= self->snapshots->len)
    return 0;
  return ((VsSnapshotInfo *) g_ptr_array_index (self->snapshots, selected - 1))->id;
}

/* The dataset's snapshots, newest first after "Current records". */
static void
list_snapshots (VsFinetuneDialog *self,
                gint64            dataset)
{
  g_autoptr(GPtrArray) snapshots = dataset ? vs_dataset_snapshot_list (self->project, dataset,
                                                                       NULL)
                                           : NULL;

  g_ptr_array_set_size (self->snapshots, 0);
  gtk_string_list_splice (self->snapshot_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->snapshot_names)),
                          NULL);
  gtk_string_list_append (self->snapshot_names, _("Current records (frozen as a new snapshot)"));
  for (guint i = snapshots ? snapshots->len : 0; i > 0; i--)
    {
      VsSnapshotInfo *info = g_ptr_array_index (snapshots, i - 1);

      gtk_string_list_append (self->snapshot_names, info->name);
      g_ptr_array_add (self->snapshots, g_ptr_array_steal_index (snapshots, i - 1));
    }
  adw_combo_row_set_selected (self->snapshot, 0);
}

static void
prepare_dataset (VsFinetuneDialog *self,
                 gint64            dataset)
{
  g_autoptr(VsDatasetCounts) counts = NULL;

  g_cancellable_cancel (self->prepare_cancellable);
  g_clear_object (&self->prepare_cancellable);
  remove_prepared (self);
  if (dataset == 0)
    return;

  counts = vs_dataset_store_get_counts (self->project, dataset, NULL);
  if (counts != NULL)
    {
      gint64 train = vs_dataset_counts_get (counts, VS_DATASET_SPLIT_TRAIN, NULL)
                     - vs_dataset_counts_get (counts, VS_DATASET_SPLIT_TRAIN,
                                              VS_DATASET_STATUS_REJECTED)
                     + vs_dataset_counts_get (counts, VS_DATASET_SPLIT_UNASSIGNED, NULL)
                     - vs_dataset_counts_get (counts, VS_DATASET_SPLIT_UNASSIGNED,
                                              VS_DATASET_STATUS_REJECTED);
      gint64 valid = vs_dataset_counts_get (counts, VS_DATASET_SPLIT_VALIDATION, NULL)
                     - vs_dataset_counts_get (counts, VS_DATASET_SPLIT_VALIDATION,
                                              VS_DATASET_STATUS_REJECTED);
      g_autofree char *n_train = vs_format_count (train);
      g_autofree char *n_valid = vs_format_count (valid);
      g_autofree char *subtitle =
        g_strdup_printf (_("%s for training (train and unassigned), %s for validation; "
                           "rejected records are left out"), n_train, n_valid);

      adw_action_row_set_subtitle (self->splits, subtitle);
    }

  self->prepared_dataset = dataset;
  self->prepared_snapshot = chosen_snapshot (self);
  self->prepare_cancellable = g_cancellable_new ();
  vs_split_files_export_async (self->project, dataset, self->prepared_snapshot,
                               self->prepare_cancellable, on_prepared, g_object_ref (self));
  update (self);
}

static void
on_source_changed (VsFinetuneDialog *self)
{
  if (self->project == NULL)
    return;
  if (source_dataset (self) != self->prepared_dataset)
    {
      list_snapshots (self, source_dataset (self));
      prepare_dataset (self, source_dataset (self));
    }
  schedule_count (self);
}

static void
on_snapshot_changed (VsFinetuneDialog *self)
{
  if (self->project == NULL || source_dataset (self) == 0 ||
      chosen_snapshot (self) == self->prepared_snapshot)
    return;
  prepare_dataset (self, source_dataset (self));
  schedule_count (self);
}

/* Files -------------------------------------------------------------------------------- */

static void
use_files (VsFinetuneDialog *self)
{
  adw_combo_row_set_selected (self->source, self->datasets->len);
}

static void
on_chosen (GtkNativeDialog *dialog,
           int              response,
           gpointer         data)
{
  AdwEntryRow *row = g_object_get_data (G_OBJECT (dialog), "row");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        gtk_editable_set_text (GTK_EDITABLE (row), path);
    }
  g_object_unref (dialog);
}

static void
choose_file (VsFinetuneDialog *self,
             AdwEntryRow      *row,
             const char       *title)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Choose"), NULL);
  gtk_file_filter_set_name (filter, _("Chat JSONL"));
  gtk_file_filter_add_suffix (filter, "jsonl");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_object_set_data (G_OBJECT (dialog), "row", row);
  g_signal_connect (dialog, "response", G_CALLBACK (on_chosen), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_choose_train (VsFinetuneDialog *self)
{
  choose_file (self, self->train, _("Training File"));
}

static void
on_choose_validation (VsFinetuneDialog *self)
{
  choose_file (self, self->validation, _("Validation File"));
}

/* Dropped files: the first is the training file, a second the validation file. */
static gboolean
on_drop (GtkDropTarget    *target,
         const GValue     *value,
         double            x,
         double            y,
         VsFinetuneDialog *self)
{
  GSList *files;
  AdwEntryRow *rows[] = { self->train, self->validation };
  guint n = 0;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL && n < G_N_ELEMENTS (rows); l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);

      if (path == NULL)
        continue;
      if (n == 0)
        {
          use_files (self);
          gtk_editable_set_text (GTK_EDITABLE (self->validation), "");
        }
      gtk_editable_set_text (GTK_EDITABLE (rows[n++]), path);
    }
  g_slist_free (files);
  return n > 0;
}

/* Launch ------------------------------------------------------------------------------- */

static void
fail (VsFinetuneDialog *self,
      const char       *message)
{
  self->busy = FALSE;
  gtk_label_set_text (self->problem, message);
  gtk_widget_set_visible (GTK_WIDGET (self->problem), TRUE);
  update (self);
}

typedef struct
{
  VsFinetuneDialog *self;
  GFile            *train;
  GFile            *validation;
  VsFinetuneParams *params;
  VsFinetuneProviderKind kind;
  gint64            endpoint_id;
} Launch;

static void
launch_free (Launch *launch)
{
  g_clear_object (&launch->self);
  g_clear_object (&launch->train);
  g_clear_object (&launch->validation);
  vs_finetune_params_free (launch->params);
  g_free (launch);
}

static void
on_launched (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Launch *launch = data;
  VsFinetuneDialog *self = launch->self;
  g_autoptr(VsFinetuneJob) job = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  job = vs_finetune_launch_finish (VS_FINETUNE_PROVIDER (source), result, &id, &error);
  if (job == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error->message);
    }
  else
    {
      g_signal_emit (self, signals[LAUNCHED], 0, id, job->id);
      gtk_window_destroy (GTK_WINDOW (self));
    }
  launch_free (launch);
}

static void
on_engine (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Launch *launch = data;
  g_autoptr(VsRequestEngine) engine = NULL;
  g_autoptr(VsFinetuneProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  engine = vs_engine_registry_get_finish (VS_ENGINE_REGISTRY (source), result, &error);
  if (engine == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (launch->self, error->message);
      launch_free (launch);
      return;
    }
  provider = vs_finetune_provider_new (launch->kind, engine);
  vs_finetune_launch_async (provider, launch->self->project, launch->endpoint_id,
                            launch->train, launch->validation, launch->params,
                            launch->self->cost, launch->self->cancellable, on_launched, launch);
}

static void
on_start (VsFinetuneDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->endpoint);
  const char *train = train_path (self);
  const char *validation = validation_path (self);
  VsEndpoint *endpoint;
  Launch *launch;

  if (self->busy || selected >= self->endpoints->len || train == NULL)
    return;
  endpoint = g_ptr_array_index (self->endpoints, selected);
  launch = g_new0 (Launch, 1);
  launch->self = g_object_ref (self);
  launch->kind = adw_combo_row_get_selected (self->provider);
  launch->endpoint_id = vs_endpoint_get_id (endpoint);
  launch->train = g_file_new_for_path (train);
  launch->validation = validation ? g_file_new_for_path (validation) : NULL;
  launch->params = vs_finetune_params_new ();
  launch->params->base_model = g_strdup (entry_text (self->model));
  launch->params->n_epochs = gtk_spin_button_get_value_as_int (self->epochs);
  launch->params->suffix = g_strdup (entry_text (self->suffix));

  self->busy = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->problem), FALSE);
  update (self);
  vs_engine_registry_get_async (vs_engine_registry_get_for_project (self->project), endpoint,
                                self->cancellable, on_engine, launch);
}

/* Object ------------------------------------------------------------------------------- */

static void
vs_finetune_dialog_dispose (GObject *object)
{
  VsFinetuneDialog *self = VS_FINETUNE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->prepare_cancellable);
  g_cancellable_cancel (self->count_cancellable);
  g_clear_handle_id (&self->count_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_FINETUNE_DIALOG);
  G_OBJECT_CLASS (vs_finetune_dialog_parent_class)->dispose (object);
}

static void
vs_finetune_dialog_finalize (GObject *object)
{
  VsFinetuneDialog *self = VS_FINETUNE_DIALOG (object);

  /* The exported splits were uploaded by now, or are not needed. */
  remove_prepared (self);
  g_clear_object (&self->project);
  g_clear_pointer (&self->endpoints, g_ptr_array_unref);
  g_clear_pointer (&self->datasets, g_ptr_array_unref);
  g_clear_pointer (&self->snapshots, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->prepare_cancellable);
  g_clear_object (&self->count_cancellable);
  g_free (self->counted_path);
  g_free (self->counted_model);
  g_free (self->count_problem);
  G_OBJECT_CLASS (vs_finetune_dialog_parent_class)->finalize (object);
}

static void
vs_finetune_dialog_class_init (VsFinetuneDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_finetune_dialog_dispose;
  object_class->finalize = vs_finetune_dialog_finalize;

  signals[LAUNCHED] = g_signal_new ("launched", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64,
                                    G_TYPE_STRING);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-finetune-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, provider);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, endpoint);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, endpoint_names);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, model);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, source);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, source_names);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, splits);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, snapshot);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, snapshot_names);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, train);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, validation);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, epochs);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, suffix);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, estimate);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, confirm);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, problem);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, start);
  gtk_widget_class_bind_template_callback (widget_class, update);
  gtk_widget_class_bind_template_callback (widget_class, on_inputs_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_source_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_snapshot_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_train);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_validation);
  gtk_widget_class_bind_template_callback (widget_class, on_start);
}

static void
vs_finetune_dialog_init (VsFinetuneDialog *self)
{
  GtkDropTarget *drop;

  self->cancellable = g_cancellable_new ();
  self->endpoints = g_ptr_array_new_with_free_func (g_object_unref);
  self->datasets = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_dataset_name_free);
  self->snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_snapshot_info_free);
  self->cost = -1;
  gtk_widget_init_template (GTK_WIDGET (self));

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

VsFinetuneDialog *
vs_finetune_dialog_new (VsProject *project)
{
  VsFinetuneDialog *self;
  g_autoptr(GPtrArray) endpoints = NULL;
  g_autoptr(GPtrArray) datasets = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  self = g_object_new (VS_TYPE_FINETUNE_DIALOG, NULL);
  endpoints = vs_endpoint_list (project, NULL);
  for (guint i = 0; endpoints != NULL && i < endpoints->len; i++)
    {
      VsEndpoint *endpoint = g_ptr_array_index (endpoints, i);

      g_ptr_array_add (self->endpoints, g_object_ref (endpoint));
      gtk_string_list_append (self->endpoint_names, vs_endpoint_get_name (endpoint));
    }
  if (self->endpoints->len == 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->endpoint),
                                 _("Add the provider's endpoint in Project Settings first"));

  datasets = vs_dataset_store_list_names (project, NULL);
  for (guint i = 0; datasets != NULL && i < datasets->len; i++)
    {
      VsDatasetName *name = g_ptr_array_index (datasets, i);

      gtk_string_list_append (self->source_names, name->name);
    }
  if (datasets != NULL)
    g_ptr_array_extend_and_steal (self->datasets, g_steal_pointer (&datasets));
  gtk_string_list_append (self->source_names, _("Chat JSONL files"));

  /* Set last: the source's first selection prepares the first dataset. */
  self->project = g_object_ref (project);
  adw_combo_row_set_selected (self->source, 0);
  on_source_changed (self);
  return self;
}

void
vs_finetune_dialog_set_files (VsFinetuneDialog *self,
                              const char       *train,
                              const char       *validation)
{
  g_return_if_fail (VS_IS_FINETUNE_DIALOG (self));

  use_files (self);
  gtk_editable_set_text (GTK_EDITABLE (self->train), train ? train : "");
  gtk_editable_set_text (GTK_EDITABLE (self->validation), validation ? validation : "");
}

void
vs_finetune_dialog_set_dataset (VsFinetuneDialog *self,
                                gint64            dataset_id)
{
  g_return_if_fail (VS_IS_FINETUNE_DIALOG (self));

  for (guint i = 0; i < self->datasets->len; i++)
    if (((VsDatasetName *) g_ptr_array_index (self->datasets, i))->id == dataset_id)
      adw_combo_row_set_selected (self->source, i);
}
