/* vs-compare-page.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Compare workbench: the project's evaluation runs on the left (name, when, contenders,
 * the snapshot they ran on, state) and the selected run's dashboard on the right
 * (VsCompareDashboard). With no runs yet, an empty page says how to start one. Result
 * notices for the run shown refresh its dashboard as the run progresses.
 *
 * Batches: the run's batches in a view of their own (VsBatchList), refreshed as the window's
 * batch launcher or the project reports changes; each run's menu has "Export Batch Files…"
 * (the trials without a result as batch input files, written on a worker with a connection
 * of its own) and "Import Batch Results…" (output files ingested on a worker that
 * opens the project for itself, with progress and Cancel in the page; the views reload when
 * it is done, since that connection's writes reach this one only through the file).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vs-batch-ingest.h"
#include "vs-batch-lines.h"
#include "vs-batch-list.h"
#include "vs-batch-store.h"
#include "vs-compare-dashboard.h"
#include "vs-compare-page.h"
#include "vs-eval-results-view.h"
#include "vs-eval-run-bar.h"
#include "vs-format.h"
#include "vs-item-list.h"
#include "vs-run-store.h"
#include "vs-window.h"

struct _VsComparePage
{
  VsPage              parent_instance;

  GtkStack           *stack;
  AdwLeaflet         *leaflet;
  VsItemList         *items;
  VsCompareDashboard *dashboard;
  GtkLabel           *empty_command;
  AdwBin             *run_bar_bin;
  GtkStack           *views;
  VsEvalResultsView  *results;
  VsEvalRunBar       *run_bar;      /* over the run on show, while its window runs runs */
  VsBatchList        *batches;
  GtkRevealer        *import_revealer;
  GtkLabel           *import_label;
  GtkProgressBar     *import_progress;

  VsBatchLauncher    *batch_launcher;
  GCancellable       *batch_cancellable;  /* the export or import going on, or NULL */
  struct _BatchImport *import;            /* the import going on, or NULL */
  guint               import_tick;
  VsBatchIngestStats  last_import;        /* what the last import did */
  char               *batch_report;       /* the last export's or import's toast */

  gboolean            selecting;  /* the page picks a run itself: the list stays in view */
};

enum {
  PROP_0,
  PROP_BATCH_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VsComparePage, vs_compare_page, VS_TYPE_PAGE)

static void update_batch_actions (VsComparePage *self);

static const char *
state_badge (const char *state)
{
  if (g_strcmp0 (state, "done") == 0)
    return _("finished");
  if (g_strcmp0 (state, "running") == 0)
    return _("running");
  if (g_strcmp0 (state, "pending") == 0)
    return _("not started");
  if (g_strcmp0 (state, "cancelled") == 0)
    return _("stopped");
  if (g_strcmp0 (state, "submitted") == 0)
    return _("batches out");
  return state;
}

static void
reload (VsComparePage *self)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) runs = NULL;

  if (project != NULL)
    runs = vs_run_store_list (project, NULL);
  for (guint i = 0; runs != NULL && i < runs->len; i++)
    {
      const VsRunInfo *run = g_ptr_array_index (runs, i);
      int n = (int) run->n_contenders;
      g_autofree char *when = vs_format_relative_time (run->created_at);
      g_autoptr(GString) subtitle = g_string_new (NULL);

      g_string_append_printf (subtitle,
                              g_dngettext (GETTEXT_PACKAGE, "%d contender", "%d contenders", n),
                              n);
      if (when != NULL)
        g_string_append_printf (subtitle, " · %s", when);
      if (run->snapshot_name != NULL)
        g_string_append_printf (subtitle, " · %s", run->snapshot_name);
      g_ptr_array_add (items, vs_item_new (run->id, run->name, subtitle->str,
                                           state_badge (run->state)));
    }

  if (items->len == 0)
    {
      /* the command that fills this page, with this project's file in it */
      g_autofree char *quoted = g_shell_quote (project != NULL ? vs_project_get_path (project)
                                                                : "FILE.versus");
      g_autofree char *command = g_strdup_printf ("versus-cli eval run SPEC.json --project %s",
                                                  quoted);

      gtk_label_set_text (self->empty_command, command);
    }
  vs_item_list_set_items (self->items, items);
  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "content" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.present", items->len > 0);
  /* the newest run is shown when nothing is selected yet */
  if (items->len > 0 && vs_item_list_get_selected_id (self->items) < 0)
    {
      self->selecting = TRUE;
      vs_item_list_select_id (self->items, vs_item_get_id (g_ptr_array_index (items, 0)));
      self->selecting = FALSE;
    }
}

static void
on_selected (VsComparePage *self)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  gint64 id = vs_item_list_get_selected_id (self->items);

  vs_compare_dashboard_set_run (self->dashboard, id > 0 ? project : NULL, MAX (id, 0));
  vs_eval_results_view_set_run (self->results, id > 0 ? project : NULL, MAX (id, 0));
  if (self->run_bar != NULL)
    vs_eval_run_bar_set_run (self->run_bar, id > 0 ? project : NULL, MAX (id, 0));
  vs_batch_list_set_run (self->batches, id > 0 ? project : NULL, MAX (id, 0));
  update_batch_actions (self);
  if (id > 0 && !self->selecting)
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* Batches ---------------------------------------------------------------------------------- */

typedef struct _BatchImport
{
  char               *path;          /* the project file, opened again on the worker */
  gint64              run_id;
  GPtrArray          *files;         /* GFile */
  GMutex              lock;          /* guards total_lines and files_done */
  gint64              total_lines;
  guint               files_done;
  gint64              results_before;
  VsBatchIngestStats  stats;         /* the worker's until it returns */
  char               *failed_file;   /* the file that could not be read, or NULL */
} BatchImport;

static void
batch_import_free (BatchImport *import)
{
  g_free (import->path);
  g_clear_pointer (&import->files, g_ptr_array_unref);
  g_mutex_clear (&import->lock);
  vs_batch_ingest_stats_clear (&import->stats);
  g_free (import->failed_file);
  g_free (import);
}

typedef struct
{
  char   *path;
  gint64  run_id;
  char   *dir;
} BatchExport;

static void
batch_export_free (BatchExport *export)
{
  g_free (export->path);
  g_free (export->dir);
  g_free (export);
}

static gint64
selected_run (VsComparePage *self)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  gint64 id = vs_item_list_get_selected_id (self->items);

  return project != NULL && id > 0 ? id : 0;
}

static void
update_batch_actions (VsComparePage *self)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  gboolean have = selected_run (self) > 0;
  gboolean busy = self->batch_cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.export-batch-files",
                                 have && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.import-batch-results",
                                 have && !busy && !vs_project_get_read_only (project));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.cancel-batch-import",
                                 self->import != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.show-skipped-lines",
                                 self->last_import.messages != NULL &&
                                   self->last_import.messages->len > 0);
}

static void
set_batch_cancellable (VsComparePage *self,
                       GCancellable  *cancellable)
{
  gboolean was_busy = self->batch_cancellable != NULL;

  g_set_object (&self->batch_cancellable, cancellable);
  update_batch_actions (self);
  if (was_busy != (cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BATCH_BUSY]);
}

static void show_import_details (VsComparePage *self);

/* A toast for how an export or an import ended; "Details" lists the lines it skipped. */
static void
show_report (VsComparePage *self,
             const char    *message,
             gboolean       details)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *markup = g_markup_escape_text (message, -1);
  AdwToast *toast;

  g_free (self->batch_report);
  self->batch_report = g_strdup (message);
  if (!VS_IS_WINDOW (root))
    return;
  toast = adw_toast_new (markup);
  adw_toast_set_timeout (toast, 8);
  if (details)
    {
      adw_toast_set_button_label (toast, _("_Details"));
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (show_import_details), self,
                               G_CONNECT_SWAPPED);
    }
  vs_window_show_toast (VS_WINDOW (root), toast);
}

/* Export ----------------------------------------------------------------------------------- */

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  BatchExport *export = data;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *files;

  /* A connection of this thread's own: the window's belongs to the main thread. Writable:
   * the files are recorded as the run's batches. */
  project = vs_project_open (export->path, VS_PROJECT_OPEN_EXISTING, &error);
  if (project == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  files = vs_batch_write_files (project, export->run_id, 0, FALSE, export->dir, 0, 0,
                                cancellable, &error);
  /* As `eval run --batch-files` does: the files are the run's batches until imported. */
  if (files != NULL && !vs_batch_record_files (project, export->run_id, files, &error))
    g_clear_pointer (&files, g_ptr_array_unref);
  if (files == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, files, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  VsComparePage *self = VS_COMPARE_PAGE (source);
  BatchExport *export = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gint64 lines = 0;

  files = g_task_propagate_pointer (G_TASK (result), &error);
  set_batch_cancellable (self, NULL);
  if (files == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        message = g_strdup (_("Batch files not written: cancelled"));
      else
        message = g_strdup_printf (_("Could not write the batch files: %s"), error->message);
      show_report (self, message, FALSE);
      return;
    }
  for (guint i = 0; i < files->len; i++)
    lines += ((VsBatchFile *) g_ptr_array_index (files, i))->n_lines;
  if (files->len == 0)
    message = g_strdup (_("Every trial of this run has a result: there was nothing to write"));
  else
    {
      g_autofree char *n_lines = vs_format_count (lines);
      g_autofree char *folder = g_filename_display_basename (export->dir);

      /* TRANSLATORS: "2 batch files with 1,200 lines written to “batches”" */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u batch file with %s lines written to “%s”",
                                              "%u batch files with %s lines written to “%s”",
                                              files->len),
                                 files->len, n_lines, folder);
    }
  show_report (self, message, FALSE);
}

void
vs_compare_page_export_batch_files (VsComparePage *self,
                                    GFile         *dir)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GTask) task = NULL;
  BatchExport *export;

  g_return_if_fail (VS_IS_COMPARE_PAGE (self));
  g_return_if_fail (G_IS_FILE (dir));

  if (selected_run (self) <= 0 || self->batch_cancellable != NULL || g_file_peek_path (dir) == NULL)
    return;
  export = g_new0 (BatchExport, 1);
  export->path = g_strdup (vs_project_get_path (project));
  export->run_id = selected_run (self);
  export->dir = g_file_get_path (dir);
  cancellable = g_cancellable_new ();
  set_batch_cancellable (self, cancellable);
  task = g_task_new (self, cancellable, on_exported, NULL);
  g_task_set_source_tag (task, vs_compare_page_export_batch_files);
  g_task_set_task_data (task, export, (GDestroyNotify) batch_export_free);
  g_task_run_in_thread (task, export_thread);
}

static void
on_export_folder (GtkNativeDialog *dialog,
                  int              response,
                  VsComparePage   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) dir = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (dir != NULL)
        vs_compare_page_export_batch_files (self, dir);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_batch_files_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  VsComparePage *self = VS_COMPARE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;

  if (selected_run (self) <= 0)
    return;
  dialog = gtk_file_chooser_native_new (_("Export Batch Files"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Export"),
                                        NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_folder), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Import ----------------------------------------------------------------------------------- */

/* Lines in @file (a last line without a newline counts), for the progress bar. */
static gint64
count_lines (GFile        *file,
             GCancellable *cancellable)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, NULL);
  g_autofree char *buffer = NULL;
  gint64 lines = 0;
  char last = '\n';
  gssize n;

  if (stream == NULL)
    return 0;
  buffer = g_malloc (64 * 1024);
  while ((n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, 64 * 1024, cancellable,
                                   NULL)) > 0)
    {
      for (const char *p = buffer; (p = memchr (p, '\n', buffer + n - p)) != NULL; p++)
        lines++;
      last = buffer[n - 1];
    }
  return lines + (last != '\n' ? 1 : 0);
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  BatchImport *import = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(VsProject) project = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < import->files->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      gint64 lines = count_lines (g_ptr_array_index (import->files, i), cancellable);

      g_mutex_lock (&import->lock);
      import->total_lines += lines;
      g_mutex_unlock (&import->lock);
    }

  /* Ingesting waits for its writes on the thread-default context: this thread's own. The
   * project is opened again here, its connection this thread's. */
  g_main_context_push_thread_default (context);
  project = vs_project_open (import->path, VS_PROJECT_OPEN_EXISTING, &error);
  for (guint i = 0; project != NULL && i < import->files->len; i++)
    {
      GFile *file = g_ptr_array_index (import->files, i);

      if (!vs_batch_ingest_file (project, import->run_id, file, &import->stats, cancellable,
                                 &error))
        {
          import->failed_file = g_file_get_basename (file);
          break;
        }
      g_mutex_lock (&import->lock);
      import->files_done++;
      g_mutex_unlock (&import->lock);
    }
  /* As `eval import-batch` does: exported files whose trials all have results are done. */
  if (project != NULL && error == NULL && !g_cancellable_is_cancelled (cancellable))
    vs_batch_refresh_files (project, import->run_id, &error);
  g_clear_object (&project);
  g_main_context_pop_thread_default (context);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
on_import_tick (gpointer data)
{
  VsComparePage *self = data;
  BatchImport *import = self->import;
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  VsRunResultCounts counts = { 0 };
  g_autofree char *text = NULL;
  gint64 total, written;
  guint files_done;
  double fraction;

  if (import == NULL || project == NULL)
    return G_SOURCE_CONTINUE;
  g_mutex_lock (&import->lock);
  total = import->total_lines;
  files_done = import->files_done;
  g_mutex_unlock (&import->lock);
  /* The worker's writes reach this connection through the file: results written so far. */
  vs_run_store_count_results (project, import->run_id, &counts, NULL);
  written = MAX (counts.n_ok + counts.n_errors - import->results_before, 0);
  fraction = (double) files_done / import->files->len;
  if (total > 0)
    {
      g_autofree char *n_written = vs_format_count (MIN (written, total));
      g_autofree char *n_total = vs_format_count (total);

      fraction = MAX (fraction, (double) written / total);
      /* TRANSLATORS: "Importing batch results — 1,200 of 4,000 lines" */
      text = g_strdup_printf (_("Importing batch results — %s of %s lines"), n_written, n_total);
    }
  else
    text = g_strdup (_("Importing batch results…"));
  gtk_label_set_text (self->import_label, text);
  gtk_progress_bar_set_fraction (self->import_progress, CLAMP (fraction, 0, 1));
  return G_SOURCE_CONTINUE;
}

/* "FILE:LINE: why" with the file's name only: the folder is the one just chosen. */
static void
shorten_messages (VsBatchIngestStats *stats,
                  GPtrArray          *files)
{
  for (guint i = 0; stats->messages != NULL && i < stats->messages->len; i++)
    for (guint k = 0; k < files->len; k++)
      {
        const char *path = g_file_peek_path (g_ptr_array_index (files, k));
        char *message = g_ptr_array_index (stats->messages, i);
        gsize n = path != NULL ? strlen (path) : 0;

        if (n > 0 && g_str_has_prefix (message, path) && message[n] == ':')
          {
            g_autofree char *base = g_path_get_basename (path);

            stats->messages->pdata[i] = g_strconcat (base, message + n, NULL);
            g_free (message);
            break;
          }
      }
}

static void
on_imported (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  VsComparePage *self = VS_COMPARE_PAGE (source);
  BatchImport *import = g_task_get_task_data (G_TASK (result));
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *n_lines = NULL;
  g_autofree char *n_ok = NULL;
  g_autofree char *n_failed = NULL;
  g_autofree char *n_skipped = NULL;
  gint64 skipped;
  gboolean cancelled;

  g_task_propagate_boolean (G_TASK (result), &error);
  cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  self->import = NULL;
  g_clear_handle_id (&self->import_tick, g_source_remove);
  gtk_revealer_set_reveal_child (self->import_revealer, FALSE);
  vs_batch_ingest_stats_clear (&self->last_import);
  self->last_import = import->stats;
  import->stats.messages = NULL;
  shorten_messages (&self->last_import, import->files);
  /* (this also enables compare.show-skipped-lines for them) */
  set_batch_cancellable (self, NULL);

  /* The worker wrote through a connection of its own: every view of the run reads again. */
  if (project != NULL && g_strcmp0 (vs_project_get_path (project), import->path) == 0)
    {
      vs_project_emit_changed (project, "results");
      vs_project_emit_changed (project, "runs");
      vs_project_emit_changed (project, "batches");
    }

  skipped = self->last_import.n_unknown + self->last_import.n_finished +
            self->last_import.n_malformed;
  n_lines = vs_format_count (self->last_import.n_lines);
  n_ok = vs_format_count (self->last_import.n_ok);
  n_failed = vs_format_count (self->last_import.n_failed);
  n_skipped = vs_format_count (skipped);
  if (error != NULL && !cancelled && import->failed_file != NULL)
    message = g_strdup_printf (_("Could not import “%s”: %s"), import->failed_file,
                               error->message);
  else if (error != NULL && !cancelled)
    message = g_strdup_printf (_("Could not import the batch results: %s"), error->message);
  else if (cancelled)
    /* TRANSLATORS: "Import cancelled after 1,200 lines: 1,190 answers, 8 errors, 2 skipped" */
    message = g_strdup_printf (_("Import cancelled after %s lines: %s answers, %s errors, %s "
                                 "skipped"), n_lines, n_ok, n_failed, n_skipped);
  else
    /* TRANSLATORS: "4,000 lines imported: 3,990 answers, 8 errors, 2 skipped" */
    message = g_strdup_printf (_("%s lines imported: %s answers, %s errors, %s skipped"),
                               n_lines, n_ok, n_failed, n_skipped);
  show_report (self, message,
               self->last_import.messages != NULL && self->last_import.messages->len > 0);
}

void
vs_compare_page_import_batch_results (VsComparePage *self,
                                      GPtrArray     *files)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GTask) task = NULL;
  VsRunResultCounts counts = { 0 };
  BatchImport *import;

  g_return_if_fail (VS_IS_COMPARE_PAGE (self));
  g_return_if_fail (files != NULL);

  if (selected_run (self) <= 0 || self->batch_cancellable != NULL || files->len == 0 ||
      vs_project_get_read_only (project))
    return;
  import = g_new0 (BatchImport, 1);
  import->path = g_strdup (vs_project_get_path (project));
  import->run_id = selected_run (self);
  import->files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (import->files, g_object_ref (g_ptr_array_index (files, i)));
  g_mutex_init (&import->lock);
  vs_batch_ingest_stats_init (&import->stats);
  vs_run_store_count_results (project, import->run_id, &counts, NULL);
  import->results_before = counts.n_ok + counts.n_errors;

  cancellable = g_cancellable_new ();
  self->import = import;
  set_batch_cancellable (self, cancellable);
  on_import_tick (self);
  gtk_revealer_set_reveal_child (self->import_revealer, TRUE);
  self->import_tick = g_timeout_add (200, on_import_tick, self);
  task = g_task_new (self, cancellable, on_imported, NULL);
  g_task_set_source_tag (task, vs_compare_page_import_batch_results);
  g_task_set_task_data (task, import, (GDestroyNotify) batch_import_free);
  g_task_run_in_thread (task, import_thread);
}

static void
on_import_files (GtkNativeDialog *dialog,
                 int              response,
                 VsComparePage   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) model = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
        g_ptr_array_add (files, g_list_model_get_item (model, i));
      vs_compare_page_import_batch_results (self, files);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
import_batch_results_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  VsComparePage *self = VS_COMPARE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) jsonl = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (selected_run (self) <= 0)
    return;
  dialog = gtk_file_chooser_native_new (_("Import Batch Results"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  gtk_file_filter_set_name (jsonl, _("Batch output (JSONL)"));
  gtk_file_filter_add_suffix (jsonl, "jsonl");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), jsonl);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_import_files), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
cancel_batch_import_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  VsComparePage *self = VS_COMPARE_PAGE (widget);

  if (self->import != NULL)
    g_cancellable_cancel (self->batch_cancellable);
}

/* The lines the last import skipped, each with its file, line and reason. */
static void
show_import_details (VsComparePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const VsBatchIngestStats *stats = &self->last_import;
  gint64 skipped = stats->n_unknown + stats->n_finished + stats->n_malformed;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *body = NULL;
  g_autofree char *n_skipped = vs_format_count (skipped);
  GtkWidget *dialog, *scroller, *label;

  if (stats->messages == NULL)
    return;
  for (guint i = 0; i < stats->messages->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "",
                            (const char *) g_ptr_array_index (stats->messages, i));
  if (skipped > stats->messages->len)
    {
      g_autofree char *more = vs_format_count (skipped - stats->messages->len);

      g_string_append_printf (text, _("\n… and %s more"), more);
    }
  body = g_strdup_printf (_("%s lines were skipped: a line that is not a batch output line, "
                            "one whose custom_id names no trial of this run, or a trial that "
                            "already had a result."), n_skipped);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Skipped Lines"), body);
  label = gtk_label_new (text->str);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "monospace");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Skipped lines"), -1);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 160);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_skipped_lines_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  show_import_details (VS_COMPARE_PAGE (widget));
}

/* The window's batch launcher ----------------------------------------------------------- */

static void
on_batch_changed (VsBatchLauncher *launcher,
                  gint64           run_id,
                  VsComparePage   *self)
{
  if (run_id == selected_run (self))
    vs_batch_list_refresh (self->batches);
}

static void
on_batch_finished (VsBatchLauncher *launcher,
                   gint64           run_id,
                   const char      *state,
                   const char      *message,
                   VsComparePage   *self)
{
  reload (self);
  if (run_id == selected_run (self))
    {
      vs_batch_list_refresh (self->batches);
      vs_compare_dashboard_refresh (self->dashboard);
    }
}

static void
present_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VsComparePage *self = VS_COMPARE_PAGE (widget);

  vs_compare_dashboard_present (self->dashboard, 0);
}

/* Tabbing into the page starts at its list of runs, also when the page is shown for the first
 * time and nothing in it has a size yet (GTK orders the tab chain by position). */
static gboolean
vs_compare_page_focus (GtkWidget        *widget,
                       GtkDirectionType  direction)
{
  VsComparePage *self = VS_COMPARE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (direction == GTK_DIR_TAB_FORWARD &&
      (focus == NULL || !gtk_widget_is_ancestor (focus, widget)) &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "content") == 0)
    {
      vs_item_list_focus_search (self->items);
      return TRUE;
    }
  return GTK_WIDGET_CLASS (vs_compare_page_parent_class)->focus (widget, direction);
}

static void
vs_compare_page_project_set (VsPage    *page,
                             VsProject *project)
{
  VsComparePage *self = VS_COMPARE_PAGE (page);

  /* An export or an import belongs to the project it was started in. */
  if (self->batch_cancellable != NULL)
    g_cancellable_cancel (self->batch_cancellable);
  vs_compare_dashboard_set_run (self->dashboard, NULL, 0);
  reload (self);
  on_selected (self);
}

static void
vs_compare_page_project_changed (VsPage     *page,
                                 const char *what)
{
  VsComparePage *self = VS_COMPARE_PAGE (page);

  if (g_strcmp0 (what, "runs") == 0 || g_strcmp0 (what, "contenders") == 0)
    reload (self);
  if (g_strcmp0 (what, "runs") == 0 || g_strcmp0 (what, "results") == 0 ||
      g_strcmp0 (what, "scores") == 0)
    vs_compare_dashboard_refresh (self->dashboard);
  if (g_strcmp0 (what, "batches") == 0)
    vs_batch_list_refresh (self->batches);
}

static void
vs_compare_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VsComparePage *self = VS_COMPARE_PAGE (object);

  switch (prop_id)
    {
    case PROP_BATCH_BUSY:
      g_value_set_boolean (value, self->batch_cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_compare_page_dispose (GObject *object)
{
  VsComparePage *self = VS_COMPARE_PAGE (object);

  if (self->batch_cancellable != NULL)
    g_cancellable_cancel (self->batch_cancellable);
  g_clear_handle_id (&self->import_tick, g_source_remove);
  if (self->batch_launcher != NULL)
    g_signal_handlers_disconnect_by_data (self->batch_launcher, self);
  g_clear_object (&self->batch_launcher);
  /* AdwBin drops its child itself; the template pointers are not used after this. */
  adw_bin_set_child (ADW_BIN (object), NULL);

  G_OBJECT_CLASS (vs_compare_page_parent_class)->dispose (object);
}

static void
vs_compare_page_finalize (GObject *object)
{
  VsComparePage *self = VS_COMPARE_PAGE (object);

  g_clear_object (&self->batch_cancellable);
  vs_batch_ingest_stats_clear (&self->last_import);
  g_free (self->batch_report);

  G_OBJECT_CLASS (vs_compare_page_parent_class)->finalize (object);
}

static void
vs_compare_page_class_init (VsComparePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VsPageClass *page_class = VS_PAGE_CLASS (klass);

  object_class->dispose = vs_compare_page_dispose;
  object_class->finalize = vs_compare_page_finalize;
  object_class->get_property = vs_compare_page_get_property;
  widget_class->focus = vs_compare_page_focus;
  page_class->project_set = vs_compare_page_project_set;
  page_class->project_changed = vs_compare_page_project_changed;

  gtk_widget_class_install_action (widget_class, "compare.present", NULL, present_action);
  gtk_widget_class_install_action (widget_class, "compare.export-batch-files", NULL,
                                   export_batch_files_action);
  gtk_widget_class_install_action (widget_class, "compare.import-batch-results", NULL,
                                   import_batch_results_action);
  gtk_widget_class_install_action (widget_class, "compare.cancel-batch-import", NULL,
                                   cancel_batch_import_action);
  gtk_widget_class_install_action (widget_class, "compare.show-skipped-lines", NULL,
                                   show_skipped_lines_action);

  /* VsComparePage:batch-busy: batch files are being written or batch results imported. */
  properties[PROP_BATCH_BUSY] =
    g_param_spec_boolean ("batch-busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VS_TYPE_ITEM_LIST);
  g_type_ensure (VS_TYPE_COMPARE_DASHBOARD);
  g_type_ensure (VS_TYPE_EVAL_RESULTS_VIEW);
  g_type_ensure (VS_TYPE_BATCH_LIST);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-compare-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, stack);
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, items);
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, dashboard);
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, empty_command);
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, run_bar_bin);
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, views);
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, results);
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, batches);
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, import_label);
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, import_progress);
  gtk_widget_class_bind_template_callback (widget_class, on_selected);
}

static void
vs_compare_page_init (VsComparePage *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  g_autoptr(GMenu) menu = g_menu_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  vs_batch_ingest_stats_init (&self->last_import);
  /* Each run's menu: the offline path, for a cluster of the user's own. */
  g_menu_append (menu, _("_Export Batch Files…"), "compare.export-batch-files");
  g_menu_append (menu, _("_Import Batch Results…"), "compare.import-batch-results");
  vs_item_list_set_row_menu (self->items, G_MENU_MODEL (menu));
  /* F5 wherever the focus is in the page (the application's accelerator names it for the
   * shortcuts window, but only reaches actions of the window itself) */
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F5, 0),
                      gtk_named_action_new ("compare.present")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.present", FALSE);
  update_batch_actions (self);
}

void
vs_compare_page_set_launcher (VsComparePage  *self,
                              VsEvalLauncher *launcher)
{
  g_return_if_fail (VS_IS_COMPARE_PAGE (self));
  g_return_if_fail (VS_IS_EVAL_LAUNCHER (launcher));

  self->run_bar = VS_EVAL_RUN_BAR (vs_eval_run_bar_new (launcher));
  if (self->batch_launcher != NULL)
    vs_eval_run_bar_set_batch_launcher (self->run_bar, self->batch_launcher);
  adw_bin_set_child (self->run_bar_bin, GTK_WIDGET (self->run_bar));
  on_selected (self);
}

void
vs_compare_page_set_batch_launcher (VsComparePage   *self,
                                    VsBatchLauncher *launcher)
{
  g_return_if_fail (VS_IS_COMPARE_PAGE (self));
  g_return_if_fail (VS_IS_BATCH_LAUNCHER (launcher));

  if (self->batch_launcher != NULL)
    g_signal_handlers_disconnect_by_data (self->batch_launcher, self);
  g_set_object (&self->batch_launcher, launcher);
  g_signal_connect (launcher, "changed", G_CALLBACK (on_batch_changed), self);
  g_signal_connect (launcher, "finished", G_CALLBACK (on_batch_finished), self);
  if (self->run_bar != NULL)
    vs_eval_run_bar_set_batch_launcher (self->run_bar, launcher);
}

gboolean
vs_compare_page_get_batch_busy (VsComparePage *self)
{
  g_return_val_if_fail (VS_IS_COMPARE_PAGE (self), FALSE);

  return self->batch_cancellable != NULL;
}

const VsBatchIngestStats *
vs_compare_page_get_last_import (VsComparePage *self)
{
  g_return_val_if_fail (VS_IS_COMPARE_PAGE (self), NULL);

  return &self->last_import;
}

const char *
vs_compare_page_get_batch_report (VsComparePage *self)
{
  g_return_val_if_fail (VS_IS_COMPARE_PAGE (self), NULL);

  return self->batch_report;
}

void
vs_compare_page_show_run (VsComparePage *self,
                          gint64         run_id)
{
  g_return_if_fail (VS_IS_COMPARE_PAGE (self));

  reload (self);
  vs_item_list_select_id (self->items, run_id);
  gtk_stack_set_visible_child_name (self->views, "dashboard");
}
