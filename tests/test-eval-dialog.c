/* test-eval-dialog.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "New Evaluation" against the fake server: the dialog offers the project's dataset, two
 * contenders on saved template versions and the estimate; Start creates the run on the test
 * split, the launcher runs it with the saved endpoint's engine (pause, resume, per-contender
 * progress) to the end; a finished fine-tune becomes a contender with its training cost;
 * what is missing is said, not started.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "vs-dataset-import.h"
#include "vs-endpoint.h"
#include "vs-error.h"
#include "vs-eval-dialog.h"
#include "vs-eval-launcher.h"
#include "vs-eval-run-bar.h"
#include "vs-fake-llm.h"
#include "vs-finetune-store.h"
#include "vs-prices.h"
#include "vs-project-private.h"
#include "vs-run-store.h"
#include "vs-template-store.h"
#include "vs-template.h"
#include "vs-test-gui.h"
#include "vs-test-util.h"

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
  f->project = vs_test_project_new ("eval.versus", &f->dir, &f->path);
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

static gboolean
is_label_containing (GtkWidget    *widget,
                     gconstpointer text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text);
}

static gboolean
is_start (GtkWidget    *widget,
          gconstpointer data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "suggested-action");
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

static void
on_created (VsEvalDialog *dialog,
            gint64        run_id,
            gint64       *out)
{
  *out = run_id;
}

static void
on_finished (VsEvalLauncher *launcher,
             gint64          run_id,
             const char     *state,
             const char     *message,
             char          **out)
{
  *out = g_strdup (state);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static gboolean
is_positive (gpointer data)
{
  return *(gint64 *) data > 0;
}

static gboolean
is_entry_titled (GtkWidget    *widget,
                 gconstpointer title)
{
  return ADW_IS_ENTRY_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
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

static void
test_new_and_run (Fixture       *f,
                  gconstpointer  data)
{
  VsEvalDialog *dialog = vs_eval_dialog_new (f->project);
  g_autoptr(VsEvalLauncher) launcher = vs_eval_launcher_new ();
  g_autoptr(JsonObject) spec = NULL;
  g_autoptr(VsRunInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  JsonArray *contenders;
  VsEvalProgress progress;
  LabelWait wait;
  GtkWidget *start;
  gint64 run_id = 0;

  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  /* the dataset, its test split and two contenders on the two templates */
  g_assert_cmpuint (vs_eval_dialog_get_n_contenders (dialog), ==, 2);
  set_expected (dialog, "want");
  wait = (LabelWait) { GTK_WIDGET (dialog), "4 cases → 8 requests" };
  vs_test_wait_until (label_shown, &wait, 5000);
  spec = vs_eval_dialog_build_spec (dialog, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (spec, "expected"), ==, "want");
  g_assert_cmpstr (json_object_get_string_member (spec, "split"), ==, "test");
  contenders = json_object_get_array_member (spec, "contenders");
  g_assert_cmpuint (json_array_get_length (contenders), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (contenders, 0),
                                                  "model"), ==, "base-model");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (contenders, 1),
                                                  "model"), ==, "small-model");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (contenders, 0),
                                               "endpoint_id"), ==, f->endpoint_id);
  if (g_getenv ("VERSUS_SAVE_PNG") != NULL)
    vs_test_save_png (GTK_WIDGET (dialog), "eval-dialog.png");

  g_signal_connect (dialog, "created", G_CALLBACK (on_created), &run_id);
  start = vs_test_find_descendant (GTK_WIDGET (dialog), is_start, NULL);
  g_assert_true (gtk_widget_get_sensitive (start));
  g_signal_emit_by_name (start, "clicked");
  vs_test_wait_until (is_positive, &run_id, 5000);

  /* the page's part: the launcher runs it through the saved endpoint */
  g_signal_connect (launcher, "finished", G_CALLBACK (on_finished), &state);
  g_assert_true (vs_eval_launcher_start (launcher, f->project, run_id, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (vs_eval_launcher_is_running (launcher, run_id));
  vs_test_wait_until (is_set, &state, 10000);
  g_assert_cmpstr (state, ==, "done");
  g_assert_false (vs_eval_launcher_is_running (launcher, run_id));
  g_assert_false (vs_eval_launcher_get_progress (launcher, run_id, &progress));

  info = vs_run_store_get (f->project, run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->split, ==, "test");
  g_assert_cmpint (info->results.n_ok, ==, 8);
  g_assert_cmpint (((VsContenderInfo *) g_ptr_array_index (info->contenders, 0))->endpoint_id,
                   ==, f->endpoint_id);
  g_assert_cmpint (((VsContenderInfo *) g_ptr_array_index (info->contenders, 1))
                     ->template_version_id, >, 0);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==, 8);
  g_object_unref (dialog);
}

static gboolean
is_button_labelled (GtkWidget    *widget,
                    gconstpointer label)
{
  const char *text = GTK_IS_BUTTON (widget) ? gtk_button_get_label (GTK_BUTTON (widget)) : NULL;
  g_autofree char *plain = NULL;

  if (text == NULL)
    return FALSE;
  plain = g_strdup (text);
  /* without its mnemonic underscore */
  for (char *p = plain, *q = plain;; p++)
    if (*p != '_' && (*q++ = *p) == '\0')
      break;
  return g_strcmp0 (plain, label) == 0;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  GtkWidget *button = vs_test_find_descendant (root, is_button_labelled, label);

  g_assert_nonnull (button);
  return button;
}

static int
count_progress_bars (GtkWidget *root)
{
  int n = GTK_IS_PROGRESS_BAR (root) && gtk_widget_get_visible (root) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_progress_bars (child);
  return n;
}

static void
test_pause_cancel (Fixture       *f,
                   gconstpointer  data)
{
  VsEvalDialog *dialog = vs_eval_dialog_new (f->project);
  g_autoptr(VsEvalLauncher) launcher = vs_eval_launcher_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  VsEvalProgress progress;
  LabelWait wait;
  gint64 run_id = 0;
  GtkWidget *bar;
  GtkWindow *window;

  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  set_expected (dialog, "want");
  wait = (LabelWait) { GTK_WIDGET (dialog), "cases →" };
  vs_test_wait_until (label_shown, &wait, 5000);
  g_signal_connect (dialog, "created", G_CALLBACK (on_created), &run_id);
  g_signal_emit_by_name (vs_test_find_descendant (GTK_WIDGET (dialog), is_start, NULL),
                         "clicked");
  vs_test_wait_until (is_positive, &run_id, 5000);

  g_signal_connect (launcher, "finished", G_CALLBACK (on_finished), &state);
  bar = vs_eval_run_bar_new (launcher);
  window = vs_test_window_new (bar);
  vs_eval_run_bar_set_run (VS_EVAL_RUN_BAR (bar), f->project, run_id);
  /* created, not started: the bar offers to start it */
  g_assert_true (gtk_widget_get_visible (find_button (bar, "Resume")));
  g_assert_true (vs_eval_launcher_start (launcher, f->project, run_id, FALSE, &error));
  vs_eval_launcher_pause (launcher, run_id);
  g_assert_true (vs_eval_launcher_is_paused (launcher, run_id));
  /* paused: said, with Resume and Cancel and a bar per contender */
  g_assert_nonnull (vs_test_find_descendant (bar, is_label_containing, "Paused — 0 of 8 trials"));
  g_assert_false (gtk_widget_get_visible (find_button (bar, "Pause")));
  g_assert_true (gtk_widget_get_visible (find_button (bar, "Resume")));
  g_assert_true (gtk_widget_get_visible (find_button (bar, "Cancel")));
  g_assert_cmpint (count_progress_bars (bar), ==, 2);
  vs_test_spin (200);
  g_assert_true (vs_eval_launcher_get_progress (launcher, run_id, &progress));
  g_assert_cmpuint (progress.n_contenders, ==, 2);
  g_assert_cmpint (progress.contender_total, ==, 4);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==, 0);
  g_assert_true (gtk_widget_activate_action (bar, "run-bar.cancel", NULL));
  vs_test_wait_until (is_set, &state, 5000);
  g_assert_cmpstr (state, ==, "cancelled");
  g_assert_false (vs_eval_launcher_is_running (launcher, run_id));
  /* stopped: Resume asks for the rest */
  g_assert_nonnull (vs_test_find_descendant (bar, is_label_containing, "Stopped with 0 trials"));
  g_assert_true (gtk_widget_get_visible (find_button (bar, "Resume")));
  g_assert_false (gtk_widget_get_visible (find_button (bar, "Cancel")));
  g_clear_pointer (&state, g_free);
  g_assert_true (gtk_widget_activate_action (bar, "run-bar.resume", NULL));
  vs_test_wait_until (is_set, &state, 10000);
  g_assert_cmpstr (state, ==, "done");
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==, 8);
  /* finished without errors: nothing left to show */
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_first_child (bar)));
  vs_test_window_free (window);
  g_object_unref (dialog);
}

static void
test_finetune_contender (Fixture       *f,
                         gconstpointer  data)
{
  VsEvalDialog *dialog;
  VsFinetuneJobInfo job = { 0 };
  g_autoptr(JsonObject) spec = NULL;
  g_autoptr(VsPrice) price = vs_price_new ("base-model", 1, 2, 25);
  g_autoptr(GError) error = NULL;
  JsonObject *c;
  gint64 job_id;

  g_assert_true (vs_prices_set (f->project, price, &error));
  job.provider = "openai";
  job.endpoint_id = f->endpoint_id;
  job.base_model = "base-model";
  job.fine_tuned_model = "ft:base-model:acme::1";
  job.state = "SUCCEEDED";
  job.trained_tokens = 400000;
  job.estimated_cost = -1;
  job_id = vs_finetune_store_add_job (f->project, &job, &error);
  g_assert_no_error (error);

  dialog = vs_eval_dialog_new (f->project);
  g_object_ref_sink (dialog);
  set_expected (dialog, "want");
  vs_eval_dialog_add_finetune (dialog, job_id);
  g_assert_cmpuint (vs_eval_dialog_get_n_contenders (dialog), ==, 3);
  spec = vs_eval_dialog_build_spec (dialog, &error);
  g_assert_no_error (error);
  c = json_array_get_object_element (json_object_get_array_member (spec, "contenders"), 2);
  g_assert_cmpstr (json_object_get_string_member (c, "model"), ==, "ft:base-model:acme::1");
  g_assert_cmpint (json_object_get_int_member (c, "finetune_job_id"), ==, job_id);
  /* 400,000 trained tokens at $25 per 1M */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (c, "training_cost_usd"), 10.0,
                                  1e-9);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

static void
test_missing (Fixture       *f,
              gconstpointer  data)
{
  VsEvalDialog *dialog = vs_eval_dialog_new (f->project);
  g_autoptr(JsonObject) spec = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *start;
  LabelWait wait;

  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  start = vs_test_find_descendant (GTK_WIDGET (dialog), is_start, NULL);
  set_expected (dialog, "want");
  wait = (LabelWait) { GTK_WIDGET (dialog), "cases →" };
  vs_test_wait_until (label_shown, &wait, 5000);
  g_assert_true (gtk_widget_get_sensitive (start));

  /* no expected column: the metric that needs one says so, and Start waits */
  set_expected (dialog, "");
  wait = (LabelWait) { GTK_WIDGET (dialog), "compares with the expected answer" };
  vs_test_wait_until (label_shown, &wait, 5000);
  g_assert_false (gtk_widget_get_sensitive (start));
  spec = vs_eval_dialog_build_spec (dialog, &error);
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  g_assert_null (spec);
  g_clear_error (&error);

  /* a name that is taken */
  set_expected (dialog, "want");
  {
    VsContenderSpec contender = { "c", 0, "m", 0, 0, NULL };
    VsRunSpec run = { .name = "taken", .contenders = &contender, .n_contenders = 1 };

    g_assert_cmpint (vs_run_store_create (f->project, &run, &error), >, 0);
    g_assert_no_error (error);
  }
  gtk_editable_set_text (GTK_EDITABLE (vs_test_find_descendant (GTK_WIDGET (dialog),
                                                                is_entry_titled, "Run name")),
                         "taken");
  wait = (LabelWait) { GTK_WIDGET (dialog), "A run called “taken” exists" };
  vs_test_wait_until (label_shown, &wait, 5000);
  g_assert_false (gtk_widget_get_sensitive (start));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = vs_test_home_new ("versus-eval-dialog-test");
  int status;

  vs_test_gui_init (&argc, &argv);
#define ADD(path, func) \
  g_test_add ("/versus/eval-dialog/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("new-and-run", test_new_and_run);
  ADD ("pause-cancel", test_pause_cancel);
  ADD ("finetune-contender", test_finetune_contender);
  ADD ("missing", test_missing);
  status = g_test_run ();
  vs_test_rm_rf (home);
  return status;
}
