/* test-finetunes-page.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Fine-tunes page against the fake server: a job left unfinished in the project is
 * followed to its end as soon as the project opens (tracking resumes after a restart), its
 * loss curves, events and checkpoints show, Cancel cancels a running job, and the New
 * fine-tune window starts one only once its estimate is accepted.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "vs-chart-view.h"
#include "vs-dataset-import.h"
#include "vs-dataset-snapshot.h"
#include "vs-eval-dialog.h"
#include "vs-fake-llm.h"
#include "vs-finetune-dialog.h"
#include "vs-finetune-kit.h"
#include "vs-finetune-launch.h"
#include "vs-finetune-store.h"
#include "vs-finetunes-page.h"
#include "vs-item-list.h"
#include "vs-project-private.h"
#include "vs-test-gui.h"
#include "vs-test-util.h"
#include "vs-training-kit-dialog.h"
#include "vs-window.h"

static VsApplication *app;

typedef struct
{
  VsFakeLlm *fake;
  char      *dir;
  char      *path;
  char      *train;
  gint64     endpoint_id;
} Fixture;

static gboolean
has_project (gpointer data)
{
  return vs_window_get_project (data) != NULL;
}

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Wait *wait = data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Wait *) data)->done;
}

/* Starts a job on the fake server with core's launch, stored in @project. */
static gint64
launch (Fixture   *f,
        VsProject *project)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsEndpoint) endpoint = vs_endpoint_load (project, f->endpoint_id, &error);
  g_autoptr(VsRequestEngine) engine = vs_request_engine_new (endpoint, NULL);
  g_autoptr(VsFinetuneProvider) provider =
    vs_finetune_provider_new (VS_FINETUNE_PROVIDER_OPENAI, engine);
  g_autoptr(VsFinetuneParams) params = vs_finetune_params_new ();
  g_autoptr(GFile) train = g_file_new_for_path (f->train);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(VsFinetuneJob) job = NULL;
  Wait wait = { 0 };
  gint64 id = 0;

  params->base_model = g_strdup ("fake-base");
  vs_finetune_launch_async (provider, project, f->endpoint_id, train, NULL, params, 0.5, NULL,
                            on_done, &wait);
  vs_test_wait_until (is_done, &wait, 5000);
  result = wait.result;
  job = vs_finetune_launch_finish (provider, result, &id, &error);
  g_assert_no_error (error);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(VsEndpoint) endpoint = NULL;
  g_autofree char *url = NULL;
  GString *text = g_string_new (NULL);

  f->fake = vs_fake_llm_new (0, &error);
  g_assert_no_error (error);
  project = vs_test_project_new ("finetunes.versus", &f->dir, &f->path);
  url = g_strconcat (vs_fake_llm_get_url (f->fake), "/v1", NULL);
  endpoint = vs_endpoint_new (VS_ENDPOINT_KIND_OPENAI, url, &error);
  vs_endpoint_set_name (endpoint, "Fake provider");
  g_assert_true (vs_endpoint_save (endpoint, project, &error));
  g_assert_no_error (error);
  f->endpoint_id = vs_endpoint_get_id (endpoint);
  for (int i = 0; i < 10; i++)
    g_string_append_printf (text, "{\"messages\":[{\"role\":\"user\",\"content\":\"q%d\"},"
                            "{\"role\":\"assistant\",\"content\":\"a%d\"}]}\n", i, i);
  f->train = g_build_filename (f->dir, "train.jsonl", NULL);
  g_assert_true (g_file_set_contents (f->train, text->str, -1, NULL));
  g_string_free (text, TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  vs_fake_llm_free (f->fake);
  vs_test_tmpdir_free (f->dir);
  g_free (f->path);
  g_free (f->train);
}

typedef struct
{
  VsProject  *project;
  gint64      id;
  const char *state;
} StateCheck;

static gboolean
job_in_state (gpointer data)
{
  StateCheck *check = data;
  g_autoptr(VsFinetuneJobInfo) info = vs_finetune_store_get (check->project, check->id, NULL);

  return info != NULL && g_strcmp0 (info->state, check->state) == 0;
}

static gboolean
has_row_titled (GtkWidget    *widget,
                gconstpointer text)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), text) == 0;
}

static gboolean
is_named (GtkWidget    *widget,
          gconstpointer name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

static gboolean
shows_progress (gpointer data)
{
  return vs_test_find_descendant (data, is_named, "loss-curves") != NULL &&
         vs_test_find_descendant (data, has_row_titled,
                                  "The job has successfully completed") != NULL &&
         vs_test_find_descendant (data, has_row_titled, "Step 3") != NULL;
}

static gboolean
nothing_tracked (gpointer data)
{
  return vs_finetunes_page_get_n_tracked (data) == 0;
}

static gboolean
is_row_titled_prefix (GtkWidget    *widget,
                      gconstpointer prefix)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)),
                           prefix);
}

static void
test_resume_and_progress (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_path (f->path);
  VsWindow *window;
  GtkWidget *page;
  VsProject *project;
  StateCheck check;
  gint64 id;

  /* A job started earlier and left running when the app was closed. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VsProject) before = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
    g_assert_no_error (error);
    id = launch (f, before);
  }

  window = vs_window_new (app);
  page = vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_FINETUNES_PAGE);
  g_assert_nonnull (page);
  vs_finetunes_page_set_poll_interval (VS_FINETUNES_PAGE (page), 5);
  gtk_window_present (GTK_WINDOW (window));
  vs_window_open_project (window, file);
  vs_test_wait_until (has_project, window, 5000);
  project = vs_window_get_project (window);

  /* followed to its end without anyone opening the page */
  check = (StateCheck) { project, id, "SUCCEEDED" };
  vs_test_wait_until (job_in_state, &check, 10000);
  vs_test_wait_until (nothing_tracked, page, 5000);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "finetunes"));
  vs_test_wait_for_property (window, "page", "finetunes", 3000);
  vs_item_list_select_id (VS_ITEM_LIST (vs_test_find_widget (page, VS_TYPE_ITEM_LIST)), id);
  vs_test_wait_until (shows_progress, page, 5000);
  if (g_getenv ("VERSUS_SAVE_PNG") != NULL)
    vs_test_save_png (GTK_WIDGET (window), "finetunes-page.png");
  /* The chart tells a screen reader what it shows: its text description. */
  g_assert_true (gtk_test_accessible_has_property (
    GTK_ACCESSIBLE (vs_test_find_descendant (page, is_named, "loss-curves")),
    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  /* the chart widget, and the token accuracy beside the loss */
  g_assert_true (VS_IS_CHART_VIEW (vs_test_find_descendant (page, is_named, "loss-curves")));
  g_assert_true (VS_IS_CHART_VIEW (vs_test_find_descendant (page, is_named,
                                                            "accuracy-curves")));
  /* a finished job offers no Cancel */
  g_assert_null (vs_test_find_descendant (page, is_named, "cancel-job"));
  /* its history says when it ran and when it succeeded */
  g_assert_nonnull (vs_test_find_descendant (page, is_row_titled_prefix, "Running"));
  g_assert_nonnull (vs_test_find_descendant (page, is_row_titled_prefix, "Succeeded"));
  /* "Use in Comparison" opens New Evaluation with the fine-tuned model as a contender */
  {
    GtkWidget *use = vs_test_find_descendant (page, is_named, "use-in-comparison");
    GtkWindow *dialog;

    g_assert_nonnull (use);
    g_signal_emit_by_name (use, "clicked");
    dialog = vs_test_find_window (VS_TYPE_EVAL_DIALOG);
    g_assert_nonnull (dialog);
    /* the one it starts with (the project has no template versions) and the fine-tune */
    g_assert_cmpuint (vs_eval_dialog_get_n_contenders (VS_EVAL_DIALOG (dialog)), ==, 2);
    gtk_window_destroy (dialog);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_path (f->path);
  VsWindow *window = vs_window_new (app);
  GtkWidget *page = vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_FINETUNES_PAGE);
  VsProject *project;
  StateCheck check;
  gint64 id;

  /* one poll, then a long wait: the job is still running when Cancel is pressed */
  vs_finetunes_page_set_poll_interval (VS_FINETUNES_PAGE (page), 60000);
  gtk_window_present (GTK_WINDOW (window));
  vs_window_open_project (window, file);
  vs_test_wait_until (has_project, window, 5000);
  project = vs_window_get_project (window);
  id = launch (f, project);
  check = (StateCheck) { project, id, "QUEUED" };
  vs_test_wait_until (job_in_state, &check, 5000);
  g_assert_cmpuint (vs_finetunes_page_get_n_tracked (VS_FINETUNES_PAGE (page)), ==, 1);

  g_assert_true (gtk_widget_activate_action (page, "finetunes.cancel", "x", id));
  check.state = "CANCELLED";
  vs_test_wait_until (job_in_state, &check, 5000);

  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
}

static gboolean
is_entry_titled (GtkWidget    *widget,
                 gconstpointer title)
{
  return ADW_IS_ENTRY_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_combo_titled (GtkWidget    *widget,
                 gconstpointer title)
{
  return ADW_IS_COMBO_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_start_button (GtkWidget    *widget,
                 gconstpointer data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "suggested-action");
}

static gboolean
has_one_job (gpointer data)
{
  g_autoptr(GPtrArray) jobs = vs_finetune_store_list (data, NULL);

  return jobs != NULL && jobs->len == 1;
}

static gboolean
dialog_gone (gpointer data)
{
  return vs_test_find_window (VS_TYPE_FINETUNE_DIALOG) == NULL;
}

static gboolean
is_estimate (GtkWidget    *widget,
             gconstpointer text)
{
  return GTK_IS_LABEL (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

typedef struct
{
  GtkWidget  *dialog;
  const char *text;
} EstimateWait;

static gboolean
estimate_shown (gpointer data)
{
  EstimateWait *wait = data;

  return vs_test_find_descendant (wait->dialog, is_estimate, wait->text) != NULL;
}

static gboolean
no_prepared_files (gpointer data)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "versus", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, "splits-"))
      return FALSE;
  return TRUE;
}


static void
test_new_finetune (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_path (f->path);
  VsWindow *window = vs_window_new (app);
  GtkWidget *page = vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_FINETUNES_PAGE);
  GtkWindow *dialog;
  GtkWidget *start;
  GtkWidget *confirm;
  GtkWidget *label;
  EstimateWait estimate_wait;

  vs_finetunes_page_set_poll_interval (VS_FINETUNES_PAGE (page), 5);
  gtk_window_present (GTK_WINDOW (window));
  vs_window_open_project (window, file);
  vs_test_wait_until (has_project, window, 5000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "finetunes"));

  g_assert_true (gtk_widget_activate_action (page, "finetunes.new", NULL));
  dialog = vs_test_find_window (VS_TYPE_FINETUNE_DIALOG);
  g_assert_nonnull (dialog);
  start = vs_test_find_descendant (GTK_WIDGET (dialog), is_start_button, NULL);
  g_assert_false (gtk_widget_get_sensitive (start));

  gtk_editable_set_text (GTK_EDITABLE (vs_test_find_descendant (GTK_WIDGET (dialog),
                                                                is_entry_titled, "Base model")),
                         "fake-base");
  gtk_editable_set_text (GTK_EDITABLE (vs_test_find_descendant (GTK_WIDGET (dialog),
                                                                is_entry_titled,
                                                                "Training file")), f->train);
  /* the estimate is counted on a worker and shown; Start waits for its acceptance */
  estimate_wait = (EstimateWait) { GTK_WIDGET (dialog), "10 examples × 10 epochs" };
  vs_test_wait_until (estimate_shown, &estimate_wait, 5000);
  label = vs_test_find_descendant (GTK_WIDGET (dialog), is_estimate,
                                   "10 examples × 10 epochs");
  g_assert_nonnull (label);
  g_assert_false (gtk_widget_get_sensitive (start));
  confirm = vs_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (confirm), TRUE);
  g_assert_true (gtk_widget_get_sensitive (start));

  g_signal_emit_by_name (start, "clicked");
  vs_test_wait_until (dialog_gone, NULL, 5000);
  vs_test_wait_until (has_one_job, vs_window_get_project (window), 5000);
  g_assert_cmpuint (vs_fake_llm_get_finetune_job_count (f->fake), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
}
static void
test_new_finetune_from_dataset (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_path (f->path);
  VsWindow *window = vs_window_new (app);
  GtkWidget *page = vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_FINETUNES_PAGE);
  g_autoptr(VsDatasetImportSummary) imported = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  EstimateWait estimate_wait;
  GtkWindow *dialog;
  GtkWidget *start;
  VsProject *project;

  vs_finetunes_page_set_poll_interval (VS_FINETUNES_PAGE (page), 5);
  gtk_window_present (GTK_WINDOW (window));
  vs_window_open_project (window, file);
  vs_test_wait_until (has_project, window, 5000);
  project = vs_window_get_project (window);

  /* ten chat examples: two in validation, one rejected, the rest unassigned (→ training) */
  imported = vs_dataset_import_sync (project, f->train, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  sql = g_strdup_printf ("UPDATE records SET split = 'validation' WHERE dataset_id = %"
                         G_GINT64_FORMAT " AND ordinal <= 2;"
                         "UPDATE records SET status = 'rejected' WHERE dataset_id = %"
                         G_GINT64_FORMAT " AND ordinal = 10;",
                         imported->dataset_id, imported->dataset_id);
  g_assert_true (vs_project_exec (project, sql, &error));
  g_assert_no_error (error);
  /* a snapshot of those 7 training examples; then one more is rejected (6 left) */
  g_assert_cmpint (vs_dataset_snapshot_create (project, imported->dataset_id, "v1", FALSE,
                                               &error), >, 0);
  g_assert_no_error (error);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE records SET status = 'rejected' WHERE dataset_id = %"
                         G_GINT64_FORMAT " AND ordinal = 9;", imported->dataset_id);
  g_assert_true (vs_project_exec (project, sql, &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "finetunes"));
  g_assert_true (gtk_widget_activate_action (page, "finetunes.new", NULL));
  dialog = vs_test_find_window (VS_TYPE_FINETUNE_DIALOG);
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (vs_test_find_descendant (GTK_WIDGET (dialog),
                                                                is_entry_titled, "Base model")),
                         "fake-base");
  /* the dataset is the first source, its current records the first choice: its training
   * split is exported and counted */
  estimate_wait = (EstimateWait) { GTK_WIDGET (dialog), "6 examples × 16 epochs" };
  vs_test_wait_until (estimate_shown, &estimate_wait, 5000);
  g_assert_false (no_prepared_files (NULL));
  /* the snapshot instead: what it froze */
  adw_combo_row_set_selected (ADW_COMBO_ROW (vs_test_find_descendant (GTK_WIDGET (dialog),
                                                                      is_combo_titled,
                                                                      "Snapshot")), 1);
  estimate_wait = (EstimateWait) { GTK_WIDGET (dialog), "7 examples × 14 epochs" };
  vs_test_wait_until (estimate_shown, &estimate_wait, 5000);

  start = vs_test_find_descendant (GTK_WIDGET (dialog), is_start_button, NULL);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (vs_test_find_widget (GTK_WIDGET (dialog),
                                                                      GTK_TYPE_CHECK_BUTTON)),
                               TRUE);
  g_assert_true (gtk_widget_get_sensitive (start));
  g_signal_emit_by_name (start, "clicked");
  vs_test_wait_until (dialog_gone, NULL, 5000);
  vs_test_wait_until (has_one_job, project, 5000);
  g_assert_cmpuint (vs_fake_llm_get_finetune_job_count (f->fake), ==, 1);
  {
    /* the job records the snapshot it trained on */
    g_autoptr(GPtrArray) jobs = vs_finetune_store_list (project, &error);
    VsFinetuneJobInfo *job = g_ptr_array_index (jobs, 0);

    g_assert_cmpstr (job->snapshot_name, ==, "v1");
  }
  /* the exported splits were uploaded (training and validation) and are removed */
  vs_test_wait_until (no_prepared_files, NULL, 5000);

  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
}

static gboolean
kit_dialog_gone (gpointer data)
{
  return vs_test_find_window (VS_TYPE_TRAINING_KIT_DIALOG) == NULL;
}

static guint
count_lines (const char *path)
{
  g_autofree char *text = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

static void
test_export_kit (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_path (f->path);
  VsWindow *window = vs_window_new (app);
  GtkWidget *page = vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_FINETUNES_PAGE);
  g_autoptr(VsDatasetImportSummary) imported = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *kit = g_build_filename (f->dir, "kit", NULL);
  g_autofree char *train = g_build_filename (kit, "train.jsonl", NULL);
  g_autofree char *validation = g_build_filename (kit, "validation.jsonl", NULL);
  g_autofree char *readme = g_build_filename (kit, "README.md", NULL);
  g_autofree char *axolotl = g_build_filename (kit, "axolotl.yaml", NULL);
  g_autofree char *text = NULL;
  GtkWindow *dialog;
  GtkWidget *export_button;
  VsProject *project;

  gtk_window_present (GTK_WINDOW (window));
  vs_window_open_project (window, file);
  vs_test_wait_until (has_project, window, 5000);
  project = vs_window_get_project (window);
  imported = vs_dataset_import_sync (project, f->train, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  sql = g_strdup_printf ("UPDATE records SET split = 'validation' WHERE dataset_id = %"
                         G_GINT64_FORMAT " AND ordinal <= 2;"
                         "UPDATE records SET split = 'test' WHERE dataset_id = %"
                         G_GINT64_FORMAT " AND ordinal = 3;",
                         imported->dataset_id, imported->dataset_id);
  g_assert_true (vs_project_exec (project, sql, &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "finetunes"));
  g_assert_true (gtk_widget_activate_action (page, "finetunes.export-kit", NULL));
  dialog = vs_test_find_window (VS_TYPE_TRAINING_KIT_DIALOG);
  g_assert_nonnull (dialog);
  export_button = vs_test_find_descendant (GTK_WIDGET (dialog), is_start_button, NULL);
  /* no folder yet: nothing to export to */
  g_assert_false (gtk_widget_get_sensitive (export_button));
  vs_training_kit_dialog_set_folder (VS_TRAINING_KIT_DIALOG (dialog), kit);
  g_assert_true (gtk_widget_get_sensitive (export_button));
  g_signal_emit_by_name (export_button, "clicked");
  vs_test_wait_until (kit_dialog_gone, NULL, 5000);

  /* the dataset's own splits: 7 train (the test record stays out), 2 validation */
  g_assert_cmpuint (count_lines (train), ==, 7);
  g_assert_cmpuint (count_lines (validation), ==, 2);
  g_assert_true (g_file_get_contents (readme, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, VS_FINETUNE_KIT_DEFAULT_BASE_MODEL));
  g_assert_true (g_file_test (axolotl, G_FILE_TEST_IS_REGULAR));
  vs_test_wait_until (no_prepared_files, NULL, 5000);

  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = vs_test_home_new ("versus-finetunes-test");
  int status;

  vs_test_gui_init (&argc, &argv);
  app = vs_test_app_new (G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);

  g_test_add ("/versus/finetunes-page/resume-and-progress", Fixture, NULL, fixture_set_up,
              test_resume_and_progress, fixture_tear_down);
  g_test_add ("/versus/finetunes-page/cancel", Fixture, NULL, fixture_set_up, test_cancel,
              fixture_tear_down);
  g_test_add ("/versus/finetunes-page/new", Fixture, NULL, fixture_set_up, test_new_finetune,
              fixture_tear_down);
  g_test_add ("/versus/finetunes-page/new-from-dataset", Fixture, NULL, fixture_set_up,
              test_new_finetune_from_dataset, fixture_tear_down);
  g_test_add ("/versus/finetunes-page/export-kit", Fixture, NULL, fixture_set_up,
              test_export_kit, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  vs_test_rm_rf (home);
  return status;
}
