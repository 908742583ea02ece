/* test-batch-ui.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Batch evaluation in the app, against the fake server's batch endpoints: New Evaluation's
 * "Run as batch" shows the batch price beside the online one (and names a contender whose
 * endpoint has no batch API); a run submitted as batches from the dialog is listed with its
 * batches in the Compare page, followed in the run bar, and ends with the same results as
 * online without one online request; a run submitted before the window opened is picked up
 * and finished; Cancel stops the batches at the provider; "Export Batch Files…" and "Import
 * Batch Results…" (through their file choosers) round-trip a run through files answered
 * offline, skipped lines reported.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vs-batch-launcher.h"
#include "vs-batch-list.h"
#include "vs-batch-store.h"
#include "vs-compare-dashboard.h"
#include "vs-compare-page.h"
#include "vs-dataset-import.h"
#include "vs-endpoint.h"
#include "vs-eval-dialog.h"
#include "vs-eval-estimate.h"
#include "vs-eval-run-bar.h"
#include "vs-eval-runner.h"
#include "vs-eval-spec.h"
#include "vs-fake-llm.h"
#include "vs-item-list.h"
#include "vs-prices.h"
#include "vs-project-private.h"
#include "vs-run-store.h"
#include "vs-template-store.h"
#include "vs-template.h"
#include "vs-test-gui.h"
#include "vs-test-util.h"
#include "vs-window.h"

static VsApplication *app;

typedef struct
{
  char      *dir;
  char      *path;
  VsProject *project;
  VsFakeLlm *fake;
  gint64     endpoint_id;
  gint64     dataset_id;
} Fixture;

static void
add_template (Fixture    *f,
              const char *name,
              const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  g_autoptr(VsTemplate) template = vs_template_new_from_json (node, &error);
  g_autoptr(VsTemplateVersionInfo) version = NULL;
  gint64 id;

  g_assert_no_error (error);
  id = vs_template_store_create (f->project, name, template, &error);
  g_assert_no_error (error);
  version = vs_template_store_save_version (f->project, id, "first", &error);
  g_assert_no_error (error);
}

static void
set_price (Fixture    *f,
           const char *model,
           double      input,
           double      output,
           double      discount)
{
  g_autoptr(VsPrice) price = vs_price_new (model, input, output, 0);
  g_autoptr(GError) error = NULL;

  price->batch_discount = discount;
  g_assert_true (vs_prices_set (f->project, price, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsEndpoint) endpoint = NULL;
  g_autoptr(VsDatasetImportSummary) imported = NULL;
  g_autofree char *url = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *sql = NULL;
  GString *text = g_string_new ("q,want\n");

  f->fake = vs_fake_llm_new (0, &error);
  g_assert_no_error (error);
  f->project = vs_test_project_new ("batch.versus", &f->dir, &f->path);
  url = g_strconcat (vs_fake_llm_get_url (f->fake), "/v1", NULL);
  endpoint = vs_endpoint_new (VS_ENDPOINT_KIND_OPENAI, url, &error);
  g_assert_no_error (error);
  vs_endpoint_set_name (endpoint, "Fake server");
  g_assert_true (vs_endpoint_save (endpoint, f->project, &error));
  f->endpoint_id = vs_endpoint_get_id (endpoint);

  add_template (f, "Few-shot", "{\"messages\":[{\"role\":\"system\",\"content\":\"Answer.\"},"
                               "{\"role\":\"user\",\"content\":\"{{q}}\"}],"
                               "\"parameters\":{\"model\":\"base-model\"}}");
  add_template (f, "Short", "{\"messages\":[{\"role\":\"user\",\"content\":\"{{q}}\"}],"
                            "\"parameters\":{\"model\":\"small-model\"}}");
  /* dear models, so that half the price shows in cents */
  set_price (f, "base-model", 20000, 40000, 0.5);
  set_price (f, "small-model", 10000, 20000, 0.5);

  /* the fake echoes "Echo: " and the last user message: odd cases expect that */
  for (int i = 1; i <= 10; i++)
    if (i % 2)
      g_string_append_printf (text, "q%d,Echo: q%d\n", i, i);
    else
      g_string_append_printf (text, "q%d,other\n", i);
  csv = g_build_filename (f->dir, "tickets.csv", NULL);
  g_assert_true (g_file_set_contents (csv, text->str, -1, NULL));
  g_string_free (text, TRUE);
  imported = vs_dataset_import_sync (f->project, csv, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  f->dataset_id = imported->dataset_id;
  /* test split: records 1 to 4 */
  sql = g_strdup_printf ("UPDATE records SET split = 'test' WHERE dataset_id = %"
                         G_GINT64_FORMAT " AND ordinal <= 4;", f->dataset_id);
  g_assert_true (vs_project_exec (f->project, sql, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  vs_test_flush ();
  g_clear_object (&f->project);
  vs_fake_llm_free (f->fake);
  vs_test_tmpdir_free (f->dir);
  g_free (f->path);
}

/* Finding and waiting -------------------------------------------------------------------- */

static gboolean
is_label_containing (GtkWidget    *widget,
                     gconstpointer text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *wait = data;

  return vs_test_find_descendant (wait->root, is_label_containing, wait->text) != NULL;
}

static gboolean
is_entry_titled (GtkWidget    *widget,
                 gconstpointer title)
{
  return ADW_IS_ENTRY_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_row_titled (GtkWidget    *widget,
               gconstpointer title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_start (GtkWidget    *widget,
          gconstpointer data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "suggested-action");
}

static void
set_expected (VsEvalDialog *dialog,
              const char   *column)
{
  gtk_editable_set_text (GTK_EDITABLE (vs_test_find_descendant (GTK_WIDGET (dialog),
                                                                is_entry_titled,
                                                                "Column with the expected "
                                                                "answer")), column);
}

static gboolean
estimate_contains (gpointer data)
{
  LabelWait *wait = data;

  return strstr (vs_eval_dialog_get_estimate (VS_EVAL_DIALOG (wait->root)), wait->text) != NULL;
}

static gboolean
has_project (gpointer data)
{
  return vs_window_get_project (data) != NULL;
}

static gboolean
dialog_gone (gpointer data)
{
  return vs_test_find_window (VS_TYPE_EVAL_DIALOG) == NULL;
}

static gboolean
chooser_shown (gpointer data)
{
  return vs_test_find_window (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

typedef struct
{
  GtkWindow *chooser;
  GFile     *file;
} ChooserWait;

/* The chooser has @file selected (it loads its folder first). */
static gboolean
chooser_has_file (gpointer data)
{
  ChooserWait *wait = data;
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (wait->chooser));

  return file != NULL && g_file_equal (file, wait->file);
}

typedef struct
{
  gint64  run_id;
  char   *state;
  char   *message;
} Finished;

static void
on_finished (VsBatchLauncher *launcher,
             gint64           run_id,
             const char      *state,
             const char      *message,
             Finished        *out)
{
  out->run_id = run_id;
  g_free (out->state);
  out->state = g_strdup (state);
  g_free (out->message);
  out->message = g_strdup (message);
}

static gboolean
is_finished (gpointer data)
{
  return ((Finished *) data)->state != NULL;
}

static void
finished_clear (Finished *finished)
{
  g_clear_pointer (&finished->state, g_free);
  g_clear_pointer (&finished->message, g_free);
}

typedef struct
{
  VsBatchLauncher *launcher;
  gint64           run_id;
  VsBatchPhase     phase;
} PhaseWait;

static gboolean
in_phase (gpointer data)
{
  PhaseWait *wait = data;

  return vs_batch_launcher_get_phase (wait->launcher, wait->run_id) == wait->phase;
}

static gboolean
not_busy (gpointer data)
{
  return !vs_compare_page_get_batch_busy (data);
}

static gboolean
dashboard_has_decision (gpointer data)
{
  return vs_compare_dashboard_get_decision (data) != NULL;
}

/* With VERSUS_SAVE_PNG: @window at 1280×800 and 1000×700, light and dark, for a person to
 * look at ("NAME-1280-light.png" …). */
static void
save_shots (VsWindow   *window,
            const char *name)
{
  static const int sizes[][2] = { { 1280, 800 }, { 1000, 700 } };
  AdwStyleManager *style = adw_style_manager_get_default ();

  if (g_getenv ("VERSUS_SAVE_PNG") == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (guint dark = 0; dark < 2; dark++)
      {
        g_autofree char *file = g_strdup_printf ("%s-%d-%s.png", name, sizes[i][0],
                                                 dark ? "dark" : "light");

        adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                        : ADW_COLOR_SCHEME_FORCE_LIGHT);
        gtk_window_set_default_size (GTK_WINDOW (window), sizes[i][0], sizes[i][1]);
        vs_test_wait_for_layout (window, 5000);
        vs_test_save_png (GTK_WIDGET (window), file);
      }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
}

/* The spec New Evaluation builds for the fixture: the test split, both templates. */
static VsEvalSpec *
dialog_spec (Fixture *f)
{
  VsEvalDialog *dialog = g_object_ref_sink (vs_eval_dialog_new (f->project));
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(GError) error = NULL;
  VsEvalSpec *spec;

  set_expected (dialog, "want");
  json = vs_eval_dialog_build_spec (dialog, &error);
  g_assert_no_error (error);
  spec = vs_eval_spec_new_from_json (json, NULL, &error);
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  return spec;
}

static gint64
create_run (Fixture    *f,
            const char *name)
{
  g_autoptr(VsEvalSpec) spec = dialog_spec (f);
  g_autoptr(GError) error = NULL;
  gint64 run_id = vs_eval_prepare_run (f->project, spec, name, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (run_id, >, 0);
  return run_id;
}

static VsWindow *
open_window (Fixture *f,
             guint    poll_ms)
{
  g_autoptr(GFile) file = g_file_new_for_path (f->path);
  VsWindow *window = vs_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  vs_batch_launcher_set_poll_interval_ms (vs_window_get_batch_launcher (window), poll_ms);
  gtk_window_present (GTK_WINDOW (window));
  vs_window_open_project (window, file);
  vs_test_wait_until (has_project, window, 5000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "compare"));
  return window;
}

static VsRunInfo *
get_run (VsProject *project,
         gint64     run_id)
{
  g_autoptr(GError) error = NULL;
  VsRunInfo *info = vs_run_store_get (project, run_id, &error);

  g_assert_no_error (error);
  return info;
}

/* Tests ---------------------------------------------------------------------------------- */

static void
test_dialog_price (Fixture       *f,
                   gconstpointer  data)
{
  VsEvalDialog *dialog = g_object_ref_sink (vs_eval_dialog_new (f->project));
  g_autoptr(VsEvalSpec) spec = dialog_spec (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *batch_text = NULL;
  VsEvalEstimate estimate;
  GtkWidget *start, *concurrency;
  LabelWait wait;

  gtk_window_present (GTK_WINDOW (dialog));
  set_expected (dialog, "want");
  wait = (LabelWait) { GTK_WIDGET (dialog), "4 cases → 8 requests" };
  vs_test_wait_until (estimate_contains, &wait, 5000);
  /* online: the online price alone */
  g_assert_null (strstr (vs_eval_dialog_get_estimate (dialog), "batch"));
  g_assert_false (vs_eval_dialog_get_batch (dialog));

  g_assert_true (vs_eval_estimate_dataset (f->project, spec, f->dataset_id, "test", &estimate,
                                           &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (estimate.cost_usd, >, 0.05);
  /* both models at the default discount: half */
  g_assert_cmpfloat_with_epsilon (estimate.batch_cost_usd, estimate.cost_usd / 2, 1e-9);

  /* Run as batch: the batch price beside the online one; no requests at once to choose */
  vs_eval_dialog_set_batch (dialog, TRUE);
  batch_text = g_strdup_printf ("about $%.2f as a batch ($%.2f online)", estimate.batch_cost_usd,
                                estimate.cost_usd);
  wait.text = batch_text;
  vs_test_wait_until (estimate_contains, &wait, 5000);
  concurrency = vs_test_find_descendant (GTK_WIDGET (dialog), is_row_titled,
                                         "Requests at once");
  g_assert_nonnull (concurrency);
  g_assert_false (gtk_widget_get_sensitive (concurrency));
  start = vs_test_find_descendant (GTK_WIDGET (dialog), is_start, NULL);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (start)), ==, "_Submit");
  g_assert_true (gtk_widget_get_sensitive (start));
  if (g_getenv ("VERSUS_SAVE_PNG") != NULL)
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (
        GTK_SCROLLED_WINDOW (vs_test_find_widget (GTK_WIDGET (dialog),
                                                  GTK_TYPE_SCROLLED_WINDOW)));

      /* the Run and Estimate groups, at the bottom */
      vs_test_wait_for_layout (dialog, 5000);
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      vs_test_save_png (GTK_WIDGET (dialog), "batch-dialog.png");
    }

  /* the switch is keyboard-reachable and named for a screen reader */
  {
    GtkWidget *row = vs_test_find_descendant (GTK_WIDGET (dialog), is_row_titled,
                                              "Run as _batch");
    GtkWidget *toggle = vs_test_find_widget (row, GTK_TYPE_SWITCH);

    vs_test_assert_accessible_name (toggle, "Run as batch");
    g_assert_true (gtk_widget_get_focusable (toggle));
    g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  }

  /* a model with a discount of its own: the batch price follows it */
  set_price (f, "small-model", 10000, 20000, 0.2);
  g_clear_pointer (&spec, vs_eval_spec_free);
  spec = dialog_spec (f);
  g_assert_true (vs_eval_estimate_dataset (f->project, spec, f->dataset_id, "test", &estimate,
                                           &error));
  g_assert_cmpfloat (estimate.batch_cost_usd, >, estimate.cost_usd / 2);
  g_free (batch_text);
  batch_text = g_strdup_printf ("about $%.2f as a batch ($%.2f online)", estimate.batch_cost_usd,
                                estimate.cost_usd);
  wait.text = batch_text;
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (vs_test_find_widget (GTK_WIDGET (dialog),
                                                                   GTK_TYPE_SPIN_BUTTON)), 2);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (vs_test_find_widget (GTK_WIDGET (dialog),
                                                                   GTK_TYPE_SPIN_BUTTON)), 1);
  vs_test_wait_until (estimate_contains, &wait, 5000);

  /* back online: requests at once again, Start */
  vs_eval_dialog_set_batch (dialog, FALSE);
  g_assert_true (gtk_widget_get_sensitive (concurrency));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (start)), ==, "_Start");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

static void
test_dialog_no_batch_api (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(VsEndpoint) ollama = NULL;
  g_autoptr(GError) error = NULL;
  VsEvalDialog *dialog;
  GtkWidget *endpoint;
  LabelWait wait;

  ollama = vs_endpoint_new (VS_ENDPOINT_KIND_OLLAMA, "http://127.0.0.1:9/api", &error);
  g_assert_no_error (error);
  vs_endpoint_set_name (ollama, "Local Ollama");
  g_assert_true (vs_endpoint_save (ollama, f->project, &error));

  dialog = g_object_ref_sink (vs_eval_dialog_new (f->project));
  gtk_window_present (GTK_WINDOW (dialog));
  set_expected (dialog, "want");
  /* the first contender on the Ollama endpoint (listed second) */
  endpoint = vs_test_find_descendant (GTK_WIDGET (dialog), is_row_titled, "Endpoint");
  g_assert_nonnull (endpoint);
  adw_combo_row_set_selected (ADW_COMBO_ROW (endpoint), 1);
  wait = (LabelWait) { GTK_WIDGET (dialog), "4 cases → 8 requests" };
  vs_test_wait_until (estimate_contains, &wait, 5000);
  vs_eval_dialog_set_batch (dialog, TRUE);
  wait.text = "“Few-shot” is on an Ollama endpoint, which has no batch API";
  vs_test_wait_until (estimate_contains, &wait, 5000);
  g_assert_false (gtk_widget_get_sensitive (vs_test_find_descendant (GTK_WIDGET (dialog),
                                                                     is_start, NULL)));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

static gboolean
batches_listed (gpointer data)
{
  return vs_batch_list_get_n_batches (data) == 2;
}

static void
test_submit (Fixture       *f,
             gconstpointer  data)
{
  VsWindow *window;
  GtkWidget *page, *dialog, *list, *bar, *dashboard, *views;
  g_autoptr(VsRunInfo) info = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  Finished finished = { 0 };
  LabelWait wait;
  gint64 run_id;

  /* a few GETs per phase: the batches are seen at work before they end */
  vs_fake_llm_set_batch_polls_per_state (f->fake, 3);
  window = open_window (f, 100);
  g_signal_connect (vs_window_get_batch_launcher (window), "finished",
                    G_CALLBACK (on_finished), &finished);
  page = vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_COMPARE_PAGE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-evaluation", "x",
                                             (gint64) 0));
  dialog = GTK_WIDGET (vs_test_find_window (VS_TYPE_EVAL_DIALOG));
  g_assert_nonnull (dialog);
  set_expected (VS_EVAL_DIALOG (dialog), "want");
  vs_eval_dialog_set_batch (VS_EVAL_DIALOG (dialog), TRUE);
  wait = (LabelWait) { dialog, "as a batch" };
  vs_test_wait_until (estimate_contains, &wait, 5000);
  g_signal_emit_by_name (vs_test_find_descendant (dialog, is_start, NULL), "clicked");
  vs_test_wait_until (dialog_gone, NULL, 5000);

  /* the new run is on show; its batches are listed and followed in the run bar */
  run_id = vs_item_list_get_selected_id (VS_ITEM_LIST (vs_test_find_widget (page,
                                                                            VS_TYPE_ITEM_LIST)));
  g_assert_cmpint (run_id, >, 0);
  list = vs_test_find_widget (page, VS_TYPE_BATCH_LIST);
  bar = vs_test_find_widget (page, VS_TYPE_EVAL_RUN_BAR);
  vs_test_wait_until (batches_listed, list, 10000);
  wait = (LabelWait) { bar, "Batches: " };
  vs_test_wait_until (label_shown, &wait, 10000);
  views = gtk_widget_get_ancestor (list, GTK_TYPE_STACK);
  gtk_stack_set_visible_child_name (GTK_STACK (views), "batches");
  save_shots (window, "batch-running");

  /* the fake provider completes them; the results are ingested */
  vs_test_wait_until (is_finished, &finished, 30000);
  g_assert_cmpstr (finished.state, ==, "done");
  g_assert_cmpint (finished.run_id, ==, run_id);
  info = get_run (vs_window_get_project (window), run_id);
  g_assert_cmpstr (info->state, ==, "done");
  g_assert_cmpint (info->results.n_ok, ==, 8);
  g_assert_cmpint (info->results.n_errors, ==, 0);
  /* no online request: two batches, one per contender */
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==, 0);
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, 2);
  rows = vs_batch_store_list (vs_window_get_project (window), run_id, NULL);
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < rows->len; i++)
    {
      const VsBatchRow *row = g_ptr_array_index (rows, i);

      g_assert_cmpstr (row->state, ==, "SUCCEEDED");
      g_assert_true (row->ingested);
    }
  /* the list says so, for each batch */
  wait = (LabelWait) { list, "2 batches, 2 ended · 8 of 8 requests done" };
  vs_test_wait_until (label_shown, &wait, 5000);
  g_assert_nonnull (vs_test_find_descendant (vs_batch_list_get_row (VS_BATCH_LIST (list), 0),
                                             is_label_containing, "finished"));
  /* the dashboard has the results: a decision to read */
  dashboard = vs_test_find_widget (page, VS_TYPE_COMPARE_DASHBOARD);
  vs_test_wait_until (dashboard_has_decision, dashboard, 20000);
  save_shots (window, "batch-done");

  g_signal_handlers_disconnect_by_data (vs_window_get_batch_launcher (window), &finished);
  finished_clear (&finished);
  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
}

static void
test_resume (Fixture       *f,
             gconstpointer  data)
{
  gint64 run_id = create_run (f, "sent yesterday");
  Finished finished = { 0 };
  g_autoptr(VsRunInfo) info = NULL;
  g_autoptr(VsRunInfo) after = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  VsWindow *window;
  GtkWidget *page, *bar;

  vs_fake_llm_set_batch_polls_per_state (f->fake, 2);
  /* Submitted by an earlier session of the app, which was then closed. */
  {
    g_autoptr(VsBatchLauncher) earlier = vs_batch_launcher_new ();
    PhaseWait wait = { earlier, run_id, VS_BATCH_PHASE_WAITING };

    vs_batch_launcher_set_poll_interval_ms (earlier, 60000);
    g_assert_true (vs_batch_launcher_submit (earlier, f->project, run_id, FALSE, &error));
    g_assert_no_error (error);
    vs_test_wait_until (in_phase, &wait, 10000);
  }
  info = get_run (f->project, run_id);
  g_assert_cmpstr (info->state, ==, "submitted");
  rows = vs_batch_store_list (f->project, run_id, NULL);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_false (((VsBatchRow *) g_ptr_array_index (rows, 0))->ingested);

  /* The app opens the project again: the batches are watched to their end. */
  window = open_window (f, 100);
  g_signal_connect (vs_window_get_batch_launcher (window), "finished",
                    G_CALLBACK (on_finished), &finished);
  g_assert_true (vs_batch_launcher_is_running (vs_window_get_batch_launcher (window), run_id));
  page = vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_COMPARE_PAGE);
  vs_compare_page_show_run (VS_COMPARE_PAGE (page), run_id);
  vs_test_wait_until (is_finished, &finished, 30000);
  g_assert_cmpstr (finished.state, ==, "done");
  after = get_run (vs_window_get_project (window), run_id);
  g_assert_cmpstr (after->state, ==, "done");
  g_assert_cmpint (after->results.n_ok, ==, 8);
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, 2);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==, 0);
  /* finished without errors: the run bar has nothing left to say */
  bar = vs_test_find_widget (page, VS_TYPE_EVAL_RUN_BAR);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_first_child (bar)));

  g_signal_handlers_disconnect_by_data (vs_window_get_batch_launcher (window), &finished);
  finished_clear (&finished);
  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
}

static void
test_check_now (Fixture       *f,
                gconstpointer  data)
{
  gint64 run_id = create_run (f, "not watched");
  Finished finished = { 0 };
  g_autoptr(VsRunInfo) info = NULL;
  VsBatchLauncher *launcher;
  VsWindow *window;
  GtkWidget *page, *bar;
  LabelWait wait;

  window = open_window (f, 100);
  launcher = vs_window_get_batch_launcher (window);
  page = vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_COMPARE_PAGE);
  vs_compare_page_show_run (VS_COMPARE_PAGE (page), run_id);
  bar = vs_test_find_widget (page, VS_TYPE_EVAL_RUN_BAR);
  /* not started: Resume online, or as a batch */
  wait = (LabelWait) { bar, "Stopped with 0 trials done" };
  vs_test_wait_until (label_shown, &wait, 5000);

  vs_fake_llm_set_batch_polls_per_state (f->fake, 2);
  g_signal_connect (launcher, "finished", G_CALLBACK (on_finished), &finished);
  g_assert_true (gtk_widget_activate_action (bar, "run-bar.resume-batch", NULL));
  {
    PhaseWait phase = { launcher, run_id, VS_BATCH_PHASE_WAITING };

    vs_test_wait_until (in_phase, &phase, 10000);
  }
  /* watching stops (as when the project closes): the bar offers to check */
  vs_batch_launcher_stop_all (launcher);
  wait.text = "Batches out at the provider, not being checked";
  vs_test_wait_until (label_shown, &wait, 5000);
  save_shots (window, "batch-not-watched");
  g_assert_true (gtk_widget_activate_action (bar, "run-bar.check", NULL));
  vs_test_wait_until (is_finished, &finished, 30000);
  g_assert_cmpstr (finished.state, ==, "done");
  info = get_run (vs_window_get_project (window), run_id);
  g_assert_cmpint (info->results.n_ok, ==, 8);

  g_signal_handlers_disconnect_by_data (launcher, &finished);
  finished_clear (&finished);
  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  gint64 run_id = create_run (f, "cancelled");
  Finished finished = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VsRunInfo) info = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  VsBatchLauncher *launcher;
  VsWindow *window;
  GtkWidget *page, *bar;
  PhaseWait phase;

  /* slow batches: still running when Cancel is pressed */
  vs_fake_llm_set_batch_polls_per_state (f->fake, 1000);
  window = open_window (f, 100);
  launcher = vs_window_get_batch_launcher (window);
  page = vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_COMPARE_PAGE);
  vs_compare_page_show_run (VS_COMPARE_PAGE (page), run_id);
  bar = vs_test_find_widget (page, VS_TYPE_EVAL_RUN_BAR);
  g_signal_connect (launcher, "finished", G_CALLBACK (on_finished), &finished);
  g_assert_true (vs_batch_launcher_submit (launcher, vs_window_get_project (window), run_id,
                                           FALSE, &error));
  g_assert_no_error (error);
  phase = (PhaseWait) { launcher, run_id, VS_BATCH_PHASE_WAITING };
  vs_test_wait_until (in_phase, &phase, 10000);
  g_assert_true (gtk_widget_activate_action (bar, "run-bar.cancel", NULL));
  vs_test_wait_until (is_finished, &finished, 30000);
  g_assert_cmpstr (finished.state, ==, "cancelled");

  /* cancelled at the provider; every trial has a result (those not answered: errors) */
  rows = vs_batch_store_list (vs_window_get_project (window), run_id, NULL);
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpstr (((VsBatchRow *) g_ptr_array_index (rows, i))->state, ==, "CANCELLED");
  info = get_run (vs_window_get_project (window), run_id);
  g_assert_cmpstr (info->state, ==, "cancelled");
  g_assert_cmpint (info->results.n_ok + info->results.n_errors, ==, 8);
  g_assert_cmpint (info->results.n_errors, >, 0);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==, 0);

  /* the bar says so and offers to ask those trials again, online or as a batch; the run list
   * shows it stopped */
  {
    LabelWait wait = { bar, "Batches cancelled with " };
    GtkWidget *buttons = gtk_widget_get_first_child (gtk_widget_get_first_child (bar));
    GtkWidget *list = vs_test_find_widget (page, VS_TYPE_ITEM_LIST);
    LabelWait badge = { list, "stopped" };
    gint64 n_ok = info->results.n_ok;

    vs_test_wait_until (label_shown, &wait, 5000);
    vs_test_wait_until (label_shown, &badge, 5000);
    save_shots (window, "batch-cancelled");
    for (GtkWidget *b = gtk_widget_get_first_child (buttons); b != NULL;
         b = gtk_widget_get_next_sibling (b))
      {
        const char *action = GTK_IS_ACTIONABLE (b)
                             ? gtk_actionable_get_action_name (GTK_ACTIONABLE (b)) : NULL;

        if (g_strcmp0 (action, "run-bar.retry") == 0 ||
            g_strcmp0 (action, "run-bar.retry-batch") == 0)
          g_assert_true (gtk_widget_get_visible (b));
        else if (g_strcmp0 (action, "run-bar.resume") == 0 ||
                 g_strcmp0 (action, "run-bar.resume-batch") == 0 ||
                 g_strcmp0 (action, "run-bar.cancel") == 0)
          g_assert_false (gtk_widget_get_visible (b));
      }

    /* Retry as Batch: a new submission of the unanswered trials; then done, the answers kept */
    vs_fake_llm_set_batch_polls_per_state (f->fake, 1);
    finished_clear (&finished);
    g_assert_true (gtk_widget_activate_action (bar, "run-bar.retry-batch", NULL));
    vs_test_wait_until (is_finished, &finished, 30000);
    g_assert_cmpstr (finished.state, ==, "done");
    g_clear_pointer (&info, vs_run_info_free);
    info = get_run (vs_window_get_project (window), run_id);
    g_assert_cmpstr (info->state, ==, "done");
    g_assert_cmpint (info->results.n_ok, ==, 8);
    g_assert_cmpint (info->results.n_errors, ==, 0);
    g_assert_cmpint (info->results.n_ok, >, n_ok);
    g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, 4);
    g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==, 0);
  }

  g_signal_handlers_disconnect_by_data (launcher, &finished);
  finished_clear (&finished);
  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
}

/* While a batch's file is uploaded and the batch created, its row says it is being
 * submitted; then it follows the provider's states. */
static void
test_submitting (Fixture       *f,
                 gconstpointer  data)
{
  gint64 run_id = create_run (f, "slow upload");
  Finished finished = { 0 };
  g_autoptr(GError) error = NULL;
  VsBatchLauncher *launcher;
  VsWindow *window;
  GtkWidget *page, *list;
  LabelWait wait;

  window = open_window (f, 100);
  launcher = vs_window_get_batch_launcher (window);
  page = vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_COMPARE_PAGE);
  vs_compare_page_show_run (VS_COMPARE_PAGE (page), run_id);
  list = vs_test_find_widget (page, VS_TYPE_BATCH_LIST);
  g_signal_connect (launcher, "finished", G_CALLBACK (on_finished), &finished);
  vs_fake_llm_set_latency_ms (f->fake, 1500);
  g_assert_true (vs_batch_launcher_submit (launcher, vs_window_get_project (window), run_id,
                                           FALSE, &error));
  g_assert_no_error (error);
  wait = (LabelWait) { list, "submitting" };
  vs_test_wait_until (label_shown, &wait, 10000);
  vs_fake_llm_set_latency_ms (f->fake, 0);
  vs_test_wait_until (is_finished, &finished, 30000);
  g_assert_cmpstr (finished.state, ==, "done");
  wait = (LabelWait) { list, "finished" };
  vs_test_wait_until (label_shown, &wait, 5000);
  g_assert_null (vs_test_find_descendant (list, is_label_containing, "submitting"));

  g_signal_handlers_disconnect_by_data (launcher, &finished);
  finished_clear (&finished);
  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
}

static guint
count_file_lines (const char *path)
{
  g_autofree char *text = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

/* What a person picks in the file chooser: @file (a file, or a folder when exporting). */
static void
choose (GFile    *file,
        gboolean  folder)
{
  ChooserWait wait = { NULL, file };

  vs_test_wait_until (chooser_shown, NULL, 5000);
  wait.chooser = vs_test_find_window (GTK_TYPE_FILE_CHOOSER_DIALOG);
  /* a folder is taken as the folder on show, a file as the file selected */
  if (folder)
    g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (wait.chooser), file,
                                                        NULL));
  else
    g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (wait.chooser), file, NULL));
  vs_test_wait_until (chooser_has_file, &wait, 5000);
  gtk_dialog_response (GTK_DIALOG (wait.chooser), GTK_RESPONSE_ACCEPT);
}

static void
test_export_import (Fixture       *f,
                    gconstpointer  data)
{
  gint64 run_id = create_run (f, "offline");
  g_autofree char *out_dir = g_build_filename (f->dir, "cluster", NULL);
  g_autofree char *few_in = g_build_filename (out_dir, "Few-shot.jsonl", NULL);
  g_autofree char *short_in = g_build_filename (out_dir, "Short.jsonl", NULL);
  g_autofree char *few_out = g_build_filename (out_dir, "Few-shot.output.jsonl", NULL);
  g_autofree char *short_out = g_build_filename (out_dir, "Short.output.jsonl", NULL);
  g_autoptr(GFile) dir = g_file_new_for_path (out_dir);
  g_autoptr(GFile) few_file = g_file_new_for_path (few_out);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VsRunInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  const VsBatchIngestStats *stats;
  GtkWidget *page, *dashboard;
  VsWindow *window;

  g_assert_cmpint (g_mkdir (out_dir, 0700), ==, 0);
  window = open_window (f, 100);
  page = vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_COMPARE_PAGE);
  vs_compare_page_show_run (VS_COMPARE_PAGE (page), run_id);

  /* Export Batch Files…: a folder, one file per contender (one model each) */
  g_assert_true (gtk_widget_activate_action (page, "compare.export-batch-files", NULL));
  choose (dir, TRUE);
  vs_test_wait_until (not_busy, page, 10000);
  g_assert_cmpstr (vs_compare_page_get_batch_report (VS_COMPARE_PAGE (page)), ==,
                   "2 batch files with 8 lines written to “cluster”");
  g_assert_cmpuint (count_file_lines (few_in), ==, 4);
  g_assert_cmpuint (count_file_lines (short_in), ==, 4);
  /* nothing was sent, nothing written to the run; the files are its batches until imported
   * (as `eval run --batch-files` records them), and the run waits for them */
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, 0);
  {
    g_autoptr(GPtrArray) rows = vs_batch_store_list (vs_window_get_project (window), run_id,
                                                     NULL);
    g_autoptr(VsRunInfo) exported = get_run (vs_window_get_project (window), run_id);

    g_assert_nonnull (rows);
    g_assert_cmpuint (rows->len, ==, 2);
    for (guint i = 0; i < rows->len; i++)
      {
        VsBatchRow *row = g_ptr_array_index (rows, i);

        g_assert_cmpstr (row->provider, ==, "files");
        g_assert_cmpstr (row->state, ==, VS_BATCH_STATE_PREPARED_TEXT);
        g_assert_cmpint (row->n_lines, ==, 4);
      }
    g_assert_cmpstr (exported->state, ==, "submitted");
  }

  /* the cluster answers them (what vLLM's run-batch does) */
  g_assert_true (vs_fake_llm_answer_batch_file (few_in, few_out, &error));
  g_assert_no_error (error);
  g_assert_true (vs_fake_llm_answer_batch_file (short_in, short_out, &error));
  g_assert_no_error (error);

  /* an import cancelled at once: progress in the page, Cancel, nothing added */
  {
    g_autofree char *big = g_build_filename (out_dir, "other-run.jsonl", NULL);
    g_autoptr(GString) lines = g_string_new (NULL);
    g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(VsRunInfo) before = NULL;
    GtkWidget *revealer;

    for (guint i = 0; i < 50000; i++)
      g_string_append_printf (lines, "{\"id\": \"r%u\", \"custom_id\": \"versus-999-1-%u-0\", "
                              "\"response\": {\"status_code\": 200, \"body\": {}}, "
                              "\"error\": null}\n", i, i);
    g_assert_true (g_file_set_contents (big, lines->str, -1, NULL));
    g_ptr_array_add (one, g_file_new_for_path (big));
    vs_compare_page_import_batch_results (VS_COMPARE_PAGE (page), one);
    revealer = vs_test_find_widget (page, GTK_TYPE_REVEALER);
    g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
    g_assert_true (gtk_widget_activate_action (page, "compare.cancel-batch-import", NULL));
    vs_test_wait_until (not_busy, page, 20000);
    g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
    g_assert_true (g_str_has_prefix (vs_compare_page_get_batch_report (VS_COMPARE_PAGE (page)),
                                     "Import cancelled after "));
    before = get_run (vs_window_get_project (window), run_id);
    g_assert_cmpint (before->results.n_ok + before->results.n_errors, ==, 0);
    g_unlink (big);
  }

  /* Import Batch Results…: one file through the chooser */
  g_assert_true (gtk_widget_activate_action (page, "compare.import-batch-results", NULL));
  choose (few_file, FALSE);
  vs_test_wait_until (not_busy, page, 20000);
  stats = vs_compare_page_get_last_import (VS_COMPARE_PAGE (page));
  g_assert_cmpint (stats->n_lines, ==, 4);
  g_assert_cmpint (stats->n_ok, ==, 4);
  g_assert_cmpint (stats->n_unknown + stats->n_finished + stats->n_malformed, ==, 0);
  g_assert_cmpstr (vs_compare_page_get_batch_report (VS_COMPARE_PAGE (page)), ==,
                   "4 lines imported: 4 answers, 0 errors, 0 skipped");

  /* both files (and a line that is not JSON): the first file's lines are skipped as done */
  {
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents (short_out, &text, NULL, NULL));
    g_autofree char *broken = g_strconcat (text, "not json\n", NULL);
    g_assert_true (g_file_set_contents (short_out, broken, -1, NULL));
  }
  g_ptr_array_add (files, g_object_ref (few_file));
  g_ptr_array_add (files, g_file_new_for_path (short_out));
  vs_compare_page_import_batch_results (VS_COMPARE_PAGE (page), files);
  g_assert_true (vs_compare_page_get_batch_busy (VS_COMPARE_PAGE (page)));
  vs_test_wait_until (not_busy, page, 20000);
  stats = vs_compare_page_get_last_import (VS_COMPARE_PAGE (page));
  g_assert_cmpint (stats->n_lines, ==, 9);
  g_assert_cmpint (stats->n_ok, ==, 4);
  g_assert_cmpint (stats->n_finished, ==, 4);
  g_assert_cmpint (stats->n_malformed, ==, 1);
  g_assert_cmpuint (stats->messages->len, >=, 1);
  g_assert_cmpstr (vs_compare_page_get_batch_report (VS_COMPARE_PAGE (page)), ==,
                   "9 lines imported: 4 answers, 0 errors, 5 skipped");
  /* Details (the toast's button): each skipped line with its file and line number */
  g_assert_true (gtk_widget_activate_action (page, "compare.show-skipped-lines", NULL));
  {
    GtkWindow *details = vs_test_find_window (ADW_TYPE_MESSAGE_DIALOG);

    g_assert_nonnull (details);
    g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (details)), ==,
                     "Skipped Lines");
    g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (details), is_label_containing,
                                               "Short.output.jsonl:5"));
    if (g_getenv ("VERSUS_SAVE_PNG") != NULL)
      vs_test_save_png (GTK_WIDGET (details), "batch-skipped-lines.png");
    gtk_window_destroy (details);
  }

  /* the run is complete, as an online run would be; the dashboard shows it */
  info = get_run (vs_window_get_project (window), run_id);
  g_assert_cmpint (info->results.n_ok, ==, 8);
  g_assert_cmpstr (info->state, ==, "done");
  {
    g_autoptr(GPtrArray) rows = vs_batch_store_list (vs_window_get_project (window), run_id,
                                                     NULL);

    for (guint i = 0; i < rows->len; i++)
      g_assert_cmpstr (((VsBatchRow *) g_ptr_array_index (rows, i))->state, ==, "SUCCEEDED");
  }
  dashboard = vs_test_find_widget (page, VS_TYPE_COMPARE_DASHBOARD);
  vs_test_wait_until (dashboard_has_decision, dashboard, 20000);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==, 0);

  /* every trial has a result: nothing left to export */
  g_assert_true (gtk_widget_activate_action (page, "compare.export-batch-files", NULL));
  choose (dir, TRUE);
  vs_test_wait_until (not_busy, page, 10000);
  g_assert_cmpstr (vs_compare_page_get_batch_report (VS_COMPARE_PAGE (page)), ==,
                   "Every trial of this run has a result: there was nothing to write");

  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
}

static gboolean
has_row_menu (gpointer data)
{
  return vs_test_find_widget (data, GTK_TYPE_MENU_BUTTON) != NULL;
}

static void
test_run_menu (Fixture       *f,
               gconstpointer  data)
{
  gint64 run_id = create_run (f, "menu");
  VsWindow *window = open_window (f, 100);
  GtkWidget *page = vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_COMPARE_PAGE);
  GtkWidget *list;

  vs_compare_page_show_run (VS_COMPARE_PAGE (page), run_id);
  /* the run's menu (⋮ on its row, a focusable button) has both actions */
  vs_test_wait_until (has_row_menu, vs_test_find_widget (page, VS_TYPE_ITEM_LIST), 5000);
  {
    GtkWidget *button = vs_test_find_widget (vs_test_find_widget (page, VS_TYPE_ITEM_LIST),
                                             GTK_TYPE_MENU_BUTTON);
    GMenuModel *menu;
    g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_free);

    g_assert_nonnull (button);
    menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
    for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
      {
        char *action = NULL;

        g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action);
        g_ptr_array_add (actions, action);
      }
    g_assert_true (g_ptr_array_find_with_equal_func (actions, "compare.export-batch-files",
                                                     g_str_equal, NULL));
    g_assert_true (g_ptr_array_find_with_equal_func (actions, "compare.import-batch-results",
                                                     g_str_equal, NULL));
    vs_test_assert_accessible_name (button, NULL);
  }
  list = vs_test_find_widget (page, VS_TYPE_BATCH_LIST);
  g_assert_cmpuint (vs_batch_list_get_n_batches (VS_BATCH_LIST (list)), ==, 0);
  /* the Batches view of a run without batches says how to get some, with both actions */
  g_assert_nonnull (vs_test_find_descendant (list, is_label_containing, "has no batches"));
  g_assert_true (gtk_widget_activate_action (page, "compare.export-batch-files", NULL));
  vs_test_wait_until (chooser_shown, NULL, 5000);
  gtk_dialog_response (GTK_DIALOG (vs_test_find_window (GTK_TYPE_FILE_CHOOSER_DIALOG)),
                       GTK_RESPONSE_CANCEL);
  g_assert_false (vs_compare_page_get_batch_busy (VS_COMPARE_PAGE (page)));
  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = vs_test_home_new ("versus-batch-ui-test");
  int status;

  vs_test_gui_init (&argc, &argv);
  app = vs_test_app_new (G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
#define ADD(path, func) \
  g_test_add ("/versus/batch-ui/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("dialog-price", test_dialog_price);
  ADD ("dialog-no-batch-api", test_dialog_no_batch_api);
  ADD ("submit", test_submit);
  ADD ("resume", test_resume);
  ADD ("check-now", test_check_now);
  ADD ("cancel", test_cancel);
  ADD ("submitting", test_submitting);
  ADD ("run-menu", test_run_menu);
  /* Last: once GTK's own file chooser has been up, this Xvfb session may deliver no more
   * synthesized input to new windows (see test-compare). */
  ADD ("export-import", test_export_import);
  status = g_test_run ();
  g_clear_object (&app);
  vs_test_rm_rf (home);
  return status;
}
