/* test-eval-results.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The results table and the case window on a run recorded against the fake server: the table
 * shows a row per case with each contender's verdict and output, the count follows the filter,
 * activating a row opens the case with both contenders' prompts and outputs, Previous / Next
 * step within the filter and Escape closes. With VERSUS_SAVE_PNG set it also saves pictures of
 * both on a larger run (1280×800 and 1000×700, light and dark) into the build's tests folder.
 */
#include "config.h"

#include <adwaita.h>

#include "vs-eval-case-window.h"
#include "vs-eval-results-view.h"
#include "vs-eval-runner.h"
#include "vs-eval-spec.h"
#include "vs-fake-llm.h"
#include "vs-test-gui.h"
#include "vs-test-util.h"

static VsApplication *app;

typedef struct
{
  char      *dir;
  VsProject *project;
  VsFakeLlm *fake;
  gint64     run_id;
} Run;

static void
write_file (Run        *run,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (run->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  *(gboolean *) data = vs_eval_runner_run_finish (VS_EVAL_RUNNER (source), result, NULL) || TRUE;
}

/* A run of @spec (URL stands for the fake server) over @cases, run to its end. */
static void
run_new (Run        *run,
         const char *spec_json,
         const char *cases)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) spec_text = g_string_new (spec_json);
  g_autofree char *spec_path = NULL;
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(VsEvalRunner) runner = NULL;
  gboolean done = FALSE;

  run->project = vs_test_project_new ("results.versus", &run->dir, NULL);
  run->fake = vs_fake_llm_new (0, &error);
  g_assert_no_error (error);
  write_file (run, "cases.jsonl", cases);
  g_string_replace (spec_text, "URL", vs_fake_llm_get_url (run->fake), 0);
  write_file (run, "spec.json", spec_text->str);
  spec_path = g_build_filename (run->dir, "spec.json", NULL);
  spec = vs_eval_spec_load (spec_path, &error);
  g_assert_no_error (error);
  run->run_id = vs_eval_prepare_run (run->project, spec, "results", NULL, &error);
  g_assert_no_error (error);
  runner = vs_eval_runner_new (run->project, run->run_id, &error);
  g_assert_no_error (error);
  vs_eval_runner_run_async (runner, NULL, on_done, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
run_free (Run *run)
{
  g_clear_object (&run->project);
  g_clear_pointer (&run->fake, vs_fake_llm_free);
  vs_test_tmpdir_free (run->dir);
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} Find;

static gboolean
is_label_with (GtkWidget     *widget,
               gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), data) == 0;
}

static gboolean
shows_label (gpointer data)
{
  Find *find = data;

  return vs_test_find_descendant (find->root, is_label_with, find->text) != NULL;
}

#define wait_for_label(root_, text_)                 \
  G_STMT_START                                       \
  {                                                  \
    Find find_ = { GTK_WIDGET (root_), (text_) };    \
    vs_test_wait_until (shows_label, &find_, 10000); \
  }                                                  \
  G_STMT_END

static GObject *
view_stack (GtkWidget *view)
{
  return gtk_widget_get_template_child (view, VS_TYPE_EVAL_RESULTS_VIEW, "stack");
}

static gboolean
case_window_shown (gpointer data)
{
  return vs_eval_results_view_get_case_window (data) != NULL;
}

static void
test_view (void)
{
  Run run = { 0 };
  GtkWidget *view = g_object_ref_sink (vs_eval_results_view_new ());
  GtkWindow *window = NULL;
  GtkWindow *case_window;
  GtkColumnView *column_view;
  VsEvalCaseModel *model;

  run_new (&run,
           "{\"cases\": \"cases.jsonl\", \"input\": {\"qa\": \"qa\", \"qb\": \"qb\"},"
           " \"expected\": \"want\", \"contenders\": ["
           " {\"name\": \"Few-shot base\", \"endpoint\": \"URL/v1\", \"model\": \"m-a\","
           "  \"template\": {\"messages\": [{\"role\": \"system\", \"content\": \"Say yes.\"},"
           "   {\"role\": \"user\", \"content\": \"{{qa}}\"}]}},"
           " {\"name\": \"Fine-tuned\", \"endpoint\": \"URL/v1\", \"model\": \"m-b\","
           "  \"template\": {\"messages\": [{\"role\": \"user\", \"content\": \"B {{qb}}\"}]}}],"
           " \"metrics\": [{\"type\": \"exact\"}], \"concurrency\": 1}",
           "{\"qa\": \"1 REPLY:yes\", \"qb\": \"1 REPLY:no\", \"want\": \"yes\"}\n"
           "{\"qa\": \"2 REPLY:no\", \"qb\": \"2 REPLY:yes\", \"want\": \"yes\"}\n"
           "{\"qa\": \"3 REPLY:yes\", \"qb\": \"3 REPLY:yes\", \"want\": \"yes\"}\n"
           "{\"qa\": \"4 REPLY:no\", \"qb\": \"4 REPLY:no\", \"want\": \"yes\"}\n");

  window = vs_test_window_new (view);
  /* No run: the empty state. */
  vs_test_wait_for_property (view_stack (view), "visible-child-name",
                             "empty", 5000);

  vs_eval_results_view_set_run (VS_EVAL_RESULTS_VIEW (view), run.project, run.run_id);
  model = vs_eval_results_view_get_model (VS_EVAL_RESULTS_VIEW (view));
  g_assert_nonnull (model);
  vs_test_wait_for_property (model, "loading", FALSE, 5000);
  column_view = vs_eval_results_view_get_column_view (VS_EVAL_RESULTS_VIEW (view));
  /* #, input, expected, one column per contender */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (column_view)), ==, 5);
  wait_for_label (view, "4 cases");
  /* Rows show the case, each verdict in words and each output. */
  wait_for_label (view, "qa: 1 REPLY:yes · qb: 1 REPLY:no");
  wait_for_label (view, "Passed");
  wait_for_label (view, "Failed");
  wait_for_label (view, "no");

  vs_eval_results_view_set_filter (VS_EVAL_RESULTS_VIEW (view),
                                   VS_EVAL_CASE_FILTER_DISAGREEMENTS);
  wait_for_label (view, "2 of 4 cases");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  vs_eval_results_view_set_filter (VS_EVAL_RESULTS_VIEW (view), VS_EVAL_CASE_FILTER_FAILURES);
  wait_for_label (view, "3 of 4 cases");
  vs_eval_results_view_set_filter (VS_EVAL_RESULTS_VIEW (view), VS_EVAL_CASE_FILTER_ERRORS);
  wait_for_label (view, "0 of 4 cases");
  vs_test_wait_for_property (view_stack (view), "visible-child-name",
                             "no-match", 5000);
  vs_eval_results_view_set_filter (VS_EVAL_RESULTS_VIEW (view),
                                   VS_EVAL_CASE_FILTER_DISAGREEMENTS);
  wait_for_label (view, "2 of 4 cases");

  /* Activating the first row opens case 1 with both prompts and outputs. */
  g_signal_emit_by_name (column_view, "activate", 0);
  vs_test_wait_until (case_window_shown, view, 5000);
  case_window = vs_eval_results_view_get_case_window (VS_EVAL_RESULTS_VIEW (view));
  g_assert_true (VS_IS_EVAL_CASE_WINDOW (case_window));
  g_assert_cmpint (vs_eval_case_window_get_ordinal (VS_EVAL_CASE_WINDOW (case_window)), ==, 1);
  vs_test_wait_for_allocation (GTK_WIDGET (case_window), 10000);
  wait_for_label (case_window, "Few-shot base");
  wait_for_label (case_window, "Fine-tuned");
  wait_for_label (case_window, "Say yes.");      /* a's system message */
  wait_for_label (case_window, "1 REPLY:yes");   /* a's user message */
  wait_for_label (case_window, "B 1 REPLY:no");  /* b's */
  wait_for_label (case_window, "yes");           /* a's output */
  wait_for_label (case_window, "no");            /* b's output */
  wait_for_label (case_window, "system");
  wait_for_label (case_window, "1 of 2");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (gtk_widget_get_template_child (
    GTK_WIDGET (case_window), VS_TYPE_EVAL_CASE_WINDOW, "previous_button"))));

  /* Next within the filter: case 2; there is no case after it among the disagreements. */
  gtk_widget_activate_action (GTK_WIDGET (case_window), "case.next", NULL);
  g_assert_cmpint (vs_eval_case_window_get_ordinal (VS_EVAL_CASE_WINDOW (case_window)), ==, 2);
  wait_for_label (case_window, "B 2 REPLY:yes");
  wait_for_label (case_window, "2 of 2");
  gtk_widget_activate_action (GTK_WIDGET (case_window), "case.next", NULL);
  g_assert_cmpint (vs_eval_case_window_get_ordinal (VS_EVAL_CASE_WINDOW (case_window)), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (case_window), "case.previous", NULL);
  g_assert_cmpint (vs_eval_case_window_get_ordinal (VS_EVAL_CASE_WINDOW (case_window)), ==, 1);
  vs_test_assert_accessible_name (
    gtk_widget_get_template_child (GTK_WIDGET (case_window), VS_TYPE_EVAL_CASE_WINDOW,
                                   "vars_grid"), "Input and expected answer");

  /* Escape closes it. */
  gtk_widget_activate_action (GTK_WIDGET (case_window), "window.close", NULL);
  vs_test_flush ();
  g_assert_null (vs_eval_results_view_get_case_window (VS_EVAL_RESULTS_VIEW (view)));

  /* Sorted by case, descending, in the model. */
  gtk_column_view_sort_by_column (
    column_view, g_list_model_get_item (gtk_column_view_get_columns (column_view), 0),
    GTK_SORT_DESCENDING);
  g_assert_true (vs_eval_case_model_get_descending (model));
  g_assert_cmpint (vs_eval_case_model_get_ordinal (model, 0), ==, 2);

  vs_eval_results_view_set_run (VS_EVAL_RESULTS_VIEW (view), NULL, 0);
  g_assert_null (vs_eval_results_view_get_model (VS_EVAL_RESULTS_VIEW (view)));
  vs_test_window_free (window);
  g_assert_finalize_object (view);
  run_free (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = vs_test_home_new ("versus-eval-results-test");
  int status;

  vs_test_gui_init (&argc, &argv);
  app = vs_test_app_new (G_APPLICATION_NON_UNIQUE);

  g_test_add_func ("/versus/eval-results/view", test_view);

  status = g_test_run ();
  g_clear_object (&app);
  vs_test_rm_rf (home);
  return status;
}
