/* test-widgets.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every type declared in src/app, built, shown in a window on a real project (the sample
 * bundle), taken down again and checked to be finalized: a widget that leaks itself, or is
 * kept alive by a signal handler or an operation it forgot to cancel, fails here. Also the
 * accessible names the shell already gives its controls.
 */
#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>

#include "vs-application.h"
#include "vs-bundle.h"
#include "vs-chart-view.h"
#include "vs-compare-dashboard.h"
#include "vs-compare-page.h"
#include "vs-curation-view.h"
#include "vs-datasets-page.h"
#include "vs-diff-view.h"
#include "vs-endpoint-editor.h"
#include "vs-endpoint-row.h"
#include "vs-eval-dialog.h"
#include "vs-eval-launcher.h"
#include "vs-eval-run-bar.h"
#include "vs-eval-case-window.h"
#include "vs-eval-results-view.h"
#include "vs-few-shot-panel.h"
#include "vs-finetune-dialog.h"
#include "vs-format.h"
#include "vs-finetunes-page.h"
#include "vs-item-list.h"
#include "vs-message-row.h"
#include "vs-parameters-panel.h"
#include "vs-preferences-window.h"
#include "vs-presentation.h"
#include "vs-prices-page.h"
#include "vs-project-settings-window.h"
#include "vs-prompt-editor.h"
#include "vs-prompts-page.h"
#include "vs-record-pane.h"
#include "vs-records-view.h"
#include "vs-run-pane.h"
#include "vs-run-store.h"
#include "vs-template-store.h"
#include "vs-test-gui.h"
#include "vs-ui-util.h"
#include "vs-test-util.h"
#include "vs-training-kit-dialog.h"
#include "vs-turn-row.h"
#include "vs-variables-panel.h"
#include "vs-version-history.h"
#include "vs-window.h"

/* One application for the whole program: a process can register only one. */
static VsApplication *app;

/* The sample bundle in a temporary project, shared by the cases (none of them edits it). */
static char *project_dir;
static VsProject *project;
static gint64 template_id;

static VsProject *
get_project (void)
{
  if (project == NULL)
    {
      g_autofree char *bundle = vs_test_source_path ("data", "sample", NULL);
      g_autoptr(GPtrArray) templates = NULL;
      g_autoptr(GError) error = NULL;

      project = vs_test_project_new ("widgets.versus", &project_dir, NULL);
      g_assert_true (vs_bundle_import (project, bundle, &error));
      g_assert_no_error (error);
      templates = vs_template_store_list (project, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (templates->len, >, 0);
      template_id = ((VsTemplateInfo *) g_ptr_array_index (templates, 0))->id;
    }
  return project;
}

static VsTemplate *
load_template (void)
{
  VsProject *sample = get_project ();
  g_autoptr(GError) error = NULL;
  VsTemplate *template = vs_template_store_load_draft (sample, template_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (template);
  return template;
}

static gboolean
holds_last_ref (gpointer data)
{
  return G_OBJECT (data)->ref_count == 1;
}

/* Drops the caller's reference to @object (its only one left) and checks it is finalized. An
 * operation cancelled on dispose may still hold a reference until its callback runs in the
 * main loop, so that is waited for first (briefly: a leak fails below, not here). */
static void
assert_finalized (gpointer object)
{
  vs_test_flush ();
  if (!vs_test_wait_for (holds_last_ref, object, 2000))
    g_test_message ("%s still has %u references", G_OBJECT_TYPE_NAME (object),
                    G_OBJECT (object)->ref_count);
  g_assert_finalize_object (object);
}

typedef struct
{
  const char *id;
  GType       type;
} Wanted;

static gboolean
is_wanted (GtkWidget     *widget,
           gconstpointer  data)
{
  const Wanted *wanted = data;

  return G_TYPE_CHECK_INSTANCE_TYPE (widget, wanted->type) &&
         g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), wanted->id) == 0;
}

/* The widget of the window's template with id @id and type @type (a page's template may use
 * the same id for something else). */
static GtkWidget *
find_by_id (gpointer    root,
            const char *id,
            GType       type)
{
  Wanted wanted = { id, type };
  GtkWidget *found = vs_test_find_descendant (root, is_wanted, &wanted);

  g_assert_nonnull (found);
  return found;
}

/* An accessible name a widget's template already gives one of its parts. */
typedef struct
{
  const char *id;
  const char *name;
} Named;

static void
assert_names (GtkWidget   *widget,
              const Named *names)
{
  for (const Named *named = names; named != NULL && named->id != NULL; named++)
    {
      GObject *part = gtk_widget_get_template_child (widget, G_OBJECT_TYPE (widget), named->id);

      if (part == NULL)
        part = G_OBJECT (find_by_id (widget, named->id, GTK_TYPE_WIDGET));
      vs_test_assert_accessible_name_full (GTK_WIDGET (part), named->name, named->id, __FILE__,
                                           __LINE__, G_STRFUNC);
    }
}

/* Shows @widget (the caller's reference, floating or not) alone in a window, checks the
 * accessible @names of its parts (NULL: none), takes the window down and checks @widget is
 * finalized. */
static void
check_widget_named (gpointer     widget,
                    const Named *names)
{
  GtkWindow *window;

  if (g_object_is_floating (widget))
    g_object_ref_sink (widget);
  window = vs_test_window_new (widget);
  g_assert_true (gtk_widget_get_root (widget) == GTK_ROOT (window));
  assert_names (widget, names);
  vs_test_window_free (window);
  g_assert_null (gtk_widget_get_parent (widget));
  assert_finalized (widget);
}

static void
check_widget (gpointer widget)
{
  check_widget_named (widget, NULL);
}

static void
check_page (GType type)
{
  VsPage *page = g_object_ref_sink (g_object_new (type, NULL));

  vs_page_set_project (page, get_project ());
  g_assert_true (vs_page_get_project (page) == project);
  check_widget (page);
}

static void
test_application (void)
{
  /* Not registered (the program's own application is): construction and finalization only. */
  VsApplication *other = vs_application_new ();

  g_assert_true (VS_IS_APPLICATION (other));
  assert_finalized (other);
}

static void
test_page (void)
{
  /* The base class on its own (pages derive from it). */
  check_page (VS_TYPE_PAGE);
}

static void
test_compare_page (void)
{
  check_page (VS_TYPE_COMPARE_PAGE);
}

/* The sample's comparison (the bundle records one). */
static gint64
sample_run (void)
{
  g_autoptr(GPtrArray) runs = vs_run_store_list (get_project (), NULL);

  g_assert_nonnull (runs);
  g_assert_cmpuint (runs->len, >, 0);
  return ((VsRunInfo *) g_ptr_array_index (runs, 0))->id;
}

static void
test_chart_view (void)
{
  g_autoptr(VsChartSpec) spec = vs_chart_spec_new (VS_CHART_KIND_BARS);
  VsChartSeries *series = vs_chart_spec_add_series (spec, "pass rate");

  vs_chart_spec_set_title (spec, "Pass rate");
  vs_chart_spec_add_category (spec, "exact");
  vs_chart_series_add (series, 0.5);
  check_widget (vs_chart_view_new (spec));
  check_widget (vs_chart_view_new (NULL));
}

static gboolean
dashboard_loaded (gpointer data)
{
  return vs_compare_dashboard_get_loaded (VS_COMPARE_DASHBOARD (data)) > 0;
}

static void
test_compare_dashboard (void)
{
  GtkWidget *dashboard = g_object_ref_sink (vs_compare_dashboard_new ());
  GtkWindow *window;

  /* empty, then taken down while its first read is still on the worker */
  check_widget (vs_compare_dashboard_new ());
  vs_compare_dashboard_set_run (VS_COMPARE_DASHBOARD (dashboard), get_project (), sample_run ());
  window = vs_test_window_new (dashboard);
  vs_test_wait_until (dashboard_loaded, dashboard, 20000);
  g_assert_cmpuint (vs_compare_dashboard_get_n_charts (VS_COMPARE_DASHBOARD (dashboard)), >, 0);
  vs_test_window_free (window);
  assert_finalized (dashboard);
}

/* The case window given the cases at one chart point steps through those only. */
static void
test_case_window_cases (void)
{
  /* two of the sample run's cases (its test split: ordinals 49–60) */
  gint64 cases[] = { 50, 53 };
  GtkWidget *window = vs_eval_case_window_new (get_project (), sample_run (), 50);

  vs_eval_case_window_set_cases (VS_EVAL_CASE_WINDOW (window), cases, G_N_ELEMENTS (cases));
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  vs_test_wait_for_allocation (window, 5000);
  g_assert_cmpint (vs_eval_case_window_get_ordinal (VS_EVAL_CASE_WINDOW (window)), ==, 50);
  g_assert_nonnull (vs_eval_case_window_get_case (VS_EVAL_CASE_WINDOW (window)));
  g_assert_true (gtk_widget_activate_action (window, "case.next", NULL));
  g_assert_cmpint (vs_eval_case_window_get_ordinal (VS_EVAL_CASE_WINDOW (window)), ==, 53);
  /* the last of the point's cases: Next goes nowhere */
  gtk_widget_activate_action (window, "case.next", NULL);
  g_assert_cmpint (vs_eval_case_window_get_ordinal (VS_EVAL_CASE_WINDOW (window)), ==, 53);
  g_assert_true (gtk_widget_activate_action (window, "case.previous", NULL));
  g_assert_cmpint (vs_eval_case_window_get_ordinal (VS_EVAL_CASE_WINDOW (window)), ==, 50);
  gtk_window_destroy (GTK_WINDOW (window));
  assert_finalized (window);
}

static void
test_presentation (void)
{
  g_autoptr(GPtrArray) specs = g_ptr_array_new_with_free_func (g_object_unref);
  VsPresentation *presentation;

  g_ptr_array_add (specs, vs_chart_spec_new (VS_CHART_KIND_LATENCY));
  presentation = vs_presentation_new ("Run", NULL, specs);
  g_object_ref (presentation);
  gtk_window_present (GTK_WINDOW (presentation));
  vs_test_wait_for_allocation (GTK_WIDGET (presentation), 5000);
  g_assert_cmpuint (vs_presentation_get_n_slides (presentation), ==, 2);
  gtk_window_destroy (GTK_WINDOW (presentation));
  assert_finalized (presentation);
}

static void
test_datasets_page (void)
{
  check_page (VS_TYPE_DATASETS_PAGE);
}

static void
test_finetunes_page (void)
{
  check_page (VS_TYPE_FINETUNES_PAGE);
}

/* A dialog window: shown, destroyed, finalized (its workers cancelled with it). */
static void
check_dialog (gpointer window)
{
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  vs_test_flush ();
  gtk_window_destroy (GTK_WINDOW (window));
  assert_finalized (window);
}

static void
test_finetune_dialogs (void)
{
  /* The sample has a dataset: the New Fine-tune window starts exporting it at once. */
  check_dialog (vs_finetune_dialog_new (get_project ()));
  check_dialog (vs_training_kit_dialog_new (get_project ()));
  check_dialog (vs_eval_dialog_new (get_project ()));
}

static void
test_eval_run_bar (void)
{
  g_autoptr(VsEvalLauncher) launcher = vs_eval_launcher_new ();

  check_widget (vs_eval_run_bar_new (launcher));
}

static void
test_prompts_page (void)
{
  check_page (VS_TYPE_PROMPTS_PAGE);
}

static void
test_diff_view (void)
{
  check_widget (vs_diff_view_new ());
}

static void
test_endpoint_editor (void)
{
  g_autoptr(GPtrArray) endpoints = vs_endpoint_list (get_project (), NULL);
  g_autoptr(VsEndpoint) fresh = vs_endpoint_new_default ();

  g_assert_nonnull (endpoints);
  g_assert_cmpuint (endpoints->len, >, 0);
  /* An endpoint being edited, and a new one. */
  check_widget (vs_endpoint_editor_new (project, g_ptr_array_index (endpoints, 0)));
  check_widget (vs_endpoint_editor_new (project, fresh));
}

static void
test_endpoint_row (void)
{
  g_autoptr(VsEndpoint) endpoint = vs_endpoint_new_default ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row = vs_endpoint_row_new (endpoint);
  GtkWindow *window;

  /* A row lives in a list. */
  g_object_ref_sink (row);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  window = vs_test_window_new (list);
  vs_test_assert_accessible_name (row, NULL);
  assert_names (row, (const Named[]) { { "key_image", "Key stored" }, { NULL } });
  vs_test_window_free (window);
  assert_finalized (row);
}

static void
test_eval_results_view (void)
{
  GtkWidget *view;
  static const Named names[] = { { "filter_dropdown", "Show cases" },
                                 { "column_view", "Results by case" },
                                 { NULL } };

  /* No run, then a run the project does not have (said in the view). */
  check_widget_named (vs_eval_results_view_new (), names);
  view = g_object_ref_sink (vs_eval_results_view_new ());
  vs_eval_results_view_set_run (VS_EVAL_RESULTS_VIEW (view), get_project (), 999);
  g_assert_null (vs_eval_results_view_get_model (VS_EVAL_RESULTS_VIEW (view)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_template_child (
                     view, VS_TYPE_EVAL_RESULTS_VIEW, "stack"))), ==, "error");
  check_widget_named (view, names);
}

static void
test_eval_case_window (void)
{
  /* A case of a run the project does not have: the window says so. */
  GtkWidget *window = g_object_ref_sink (vs_eval_case_window_new (get_project (), 999, 1));

  g_assert_null (vs_eval_case_window_get_case (VS_EVAL_CASE_WINDOW (window)));
  g_assert_cmpint (vs_eval_case_window_get_ordinal (VS_EVAL_CASE_WINDOW (window)), ==, 1);
  gtk_window_present (GTK_WINDOW (window));
  vs_test_wait_for_allocation (window, 10000);
  assert_names (window, (const Named[]) { { "previous_button", "Previous case" },
                                          { "next_button", "Next case" },
                                          { NULL } });
  gtk_window_destroy (GTK_WINDOW (window));
  assert_finalized (window);
}

static void
test_few_shot_panel (void)
{
  g_autoptr(VsTemplate) template = load_template ();
  GtkWidget *panel = g_object_ref_sink (vs_few_shot_panel_new ());

  vs_few_shot_panel_set_project (VS_FEW_SHOT_PANEL (panel), project);
  vs_few_shot_panel_set_template (VS_FEW_SHOT_PANEL (panel), template);
  check_widget_named (panel, (const Named[]) { { "user_view", "User turn template" },
                                               { "assistant_view", "Assistant turn template" },
                                               { NULL } });
}

static void
test_item (void)
{
  VsItem *item = vs_item_new (7, "Title", "Subtitle", "Badge");

  g_assert_cmpint (vs_item_get_id (item), ==, 7);
  assert_finalized (item);
}

static void
test_item_list (void)
{
  GtkWidget *list = g_object_ref_sink (vs_item_list_new ());
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (items, vs_item_new (1, "One", NULL, NULL));
  g_ptr_array_add (items, vs_item_new (2, "Two", "second", "2"));
  vs_item_list_set_items (VS_ITEM_LIST (list), items);
  g_assert_cmpuint (vs_item_list_get_n_items (VS_ITEM_LIST (list)), ==, 2);
  check_widget (list);
}

static void
test_message_row (void)
{
  VsMessageRow *row = vs_message_row_new (0, VS_TEMPLATE_ROLE_USER, "Hello {{name}}");
  GtkWidget *list = gtk_list_box_new ();
  GtkWindow *window;

  g_object_ref_sink (row);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (row));
  window = vs_test_window_new (list);
  assert_names (GTK_WIDGET (row), (const Named[]) { { "menu_button", "Message menu" }, { NULL } });

  /* Problems are reachable from the keyboard: a button says how many, its list moves the
   * cursor to each. */
  {
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (
      (GDestroyNotify) vs_template_problem_free);
    VsTemplateProblem problem = { .message_index = 0, .line = 1, .column = 7, .start = 6,
                                  .end = 14, .what = (char *) "no value for",
                                  .name = (char *) "name", .no_value = TRUE };
    GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row),
                                                                   VS_TYPE_MESSAGE_ROW,
                                                                   "problems_button"));
    GtkWidget *view = vs_message_row_get_view (row);
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
    GtkTextIter start, end;
    g_autofree char *selected = NULL;

    g_assert_nonnull (button);
    g_assert_false (gtk_widget_get_visible (button));
    g_ptr_array_add (problems, vs_template_problem_copy (&problem));
    vs_message_row_set_problems (row, problems);
    g_assert_true (gtk_widget_get_visible (button));
    g_assert_true (gtk_widget_get_focusable (button) || gtk_widget_get_first_child (button));
    g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "1 problem");
    /* The tooltip lists the problems behind the count. */
    g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "1:7: no value for name");

    vs_message_row_show_problem (row, 0);
    g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
    selected = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (selected, ==, "{{name}}");
    g_assert_true (gtk_widget_has_focus (view));

    vs_message_row_set_problems (row, NULL);
    g_assert_false (gtk_widget_get_visible (button));
  }
  vs_test_window_free (window);
  assert_finalized (row);
}

static void
test_parameters_panel (void)
{
  g_autoptr(VsTemplate) template = load_template ();
  GtkWidget *panel = g_object_ref_sink (vs_parameters_panel_new ());

  vs_parameters_panel_set_project (VS_PARAMETERS_PANEL (panel), get_project ());
  vs_parameters_panel_set_template (VS_PARAMETERS_PANEL (panel), template);
  check_widget_named (panel, (const Named[]) { { "temperature_set", "Set temperature" },
                                               { "top_p_set", "Set top p" },
                                               { "max_tokens_set", "Set max tokens" },
                                               { "seed_set", "Set seed" },
                                               { NULL } });
}

static void
test_preferences_window (void)
{
  VsPreferencesWindow *window = vs_preferences_window_new (app);

  g_object_ref (window);
  vs_preferences_window_set_project (window, get_project ());
  gtk_window_present (GTK_WINDOW (window));
  vs_test_wait_for_allocation (window, 10000);
  gtk_window_destroy (GTK_WINDOW (window));
  assert_finalized (window);
}

static void
test_project_settings_window (void)
{
  VsProjectSettingsWindow *window = vs_project_settings_window_new ();

  g_object_ref (window);
  vs_project_settings_window_set_project (window, get_project ());
  gtk_window_present (GTK_WINDOW (window));
  vs_test_wait_for_allocation (window, 10000);
  gtk_window_destroy (GTK_WINDOW (window));
  assert_finalized (window);
}

/* The window's menu opens Project Settings over its project; Preferences (Ctrl+,) holds the
 * app's own choices only. */
static gboolean
project_settings_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (VS_IS_PROJECT_SETTINGS_WINDOW (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return TRUE;
    }
  return FALSE;
}

static void
test_project_settings_action (void)
{
  VsWindow *window = vs_window_new (app);
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.project-settings", NULL) &&
                  project_settings_shown (NULL));
  vs_window_set_project (window, get_project ());
  gtk_window_present (GTK_WINDOW (window));
  vs_test_wait_for_allocation (window, 10000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.project-settings", NULL));
  vs_test_wait_until (project_settings_shown, NULL, 5000);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) other = g_list_model_get_item (toplevels, i);

      if (VS_IS_PROJECT_SETTINGS_WINDOW (other))
        {
          g_assert_true (vs_project_settings_window_get_project (
                           VS_PROJECT_SETTINGS_WINDOW (other)) == get_project ());
          g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (other)) == GTK_WINDOW (window));
          vs_test_save_png (GTK_WIDGET (other), "test-widgets-project-settings.png");
          gtk_window_destroy (GTK_WINDOW (other));
          break;
        }
    }
  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
}

static void
test_prices_page (void)
{
  GtkWidget *page = g_object_ref_sink (vs_prices_page_new ());

  vs_prices_page_set_project (VS_PRICES_PAGE (page), get_project ());
  check_widget (page);
}

static void
test_prompt_editor (void)
{
  GtkWidget *editor = g_object_ref_sink (vs_prompt_editor_new ());

  vs_prompt_editor_set_template (VS_PROMPT_EDITOR (editor), get_project (), template_id);
  g_assert_cmpint (vs_prompt_editor_get_template_id (VS_PROMPT_EDITOR (editor)), ==, template_id);
  check_widget_named (editor, (const Named[]) { { "messages", "Messages" }, { NULL } });
}

static void
test_records_view (void)
{
  GtkWidget *view = g_object_ref_sink (vs_records_view_new ());

  vs_records_view_set_dataset (VS_RECORDS_VIEW (view), get_project (), 1, NULL);
  check_widget (view);
}

static void
test_curation_view (void)
{
  GtkWidget *view = g_object_ref_sink (vs_curation_view_new ());

  vs_curation_view_set_dataset (VS_CURATION_VIEW (view), get_project (), 1, NULL);
  g_assert_nonnull (vs_curation_view_get_progress_text (VS_CURATION_VIEW (view)));
  g_assert_cmpuint (vs_curation_view_get_n_undo (VS_CURATION_VIEW (view)), ==, 0);
  check_widget_named (view, (const Named[]) { { "progress_bar", "Review progress" },
                                              { "tag_button", "Tag" },
                                              { "bulk_tag_entry",
                                                "Tag for the selected records" },
                                              { NULL } });
}

static void
test_record_pane (void)
{
  GtkWidget *pane = g_object_ref_sink (vs_record_pane_new ());

  vs_record_pane_set_dataset (VS_RECORD_PANE (pane), get_project (), 1);
  g_assert_cmpint (vs_record_pane_get_record_id (VS_RECORD_PANE (pane)), ==, 0);
  /* No record: nothing to add a turn to, nothing to write. */
  vs_record_pane_add_turn (VS_RECORD_PANE (pane));
  g_assert_true (vs_record_pane_commit (VS_RECORD_PANE (pane)));
  check_widget_named (pane, (const Named[]) { { "swap_button", "Swap" },
                                              { "tie_button", "Tie" },
                                              { "problems_list", "Problems of the example" },
                                              { NULL } });
}

static void
test_turn_row (void)
{
  GtkWidget *row = g_object_ref_sink (vs_turn_row_new ());
  g_autofree char *content = NULL;

  vs_turn_row_set_role (VS_TURN_ROW (row), "assistant");
  vs_turn_row_set_content (VS_TURN_ROW (row), "Hello");
  g_assert_cmpint (vs_turn_row_get_weight (VS_TURN_ROW (row)), ==, -1);
  vs_turn_row_set_weight (VS_TURN_ROW (row), 0);
  g_assert_cmpint (vs_turn_row_get_weight (VS_TURN_ROW (row)), ==, 0);
  content = vs_turn_row_dup_content (VS_TURN_ROW (row));
  g_assert_cmpstr (content, ==, "Hello");
  /* A role the data has that is not one of the four is kept as it is. */
  vs_turn_row_set_role (VS_TURN_ROW (row), "function");
  g_assert_cmpstr (vs_turn_row_get_role (VS_TURN_ROW (row)), ==, "function");
  vs_turn_row_set_role (VS_TURN_ROW (row), "user");
  g_assert_cmpint (vs_turn_row_get_weight (VS_TURN_ROW (row)), ==, -1);
  check_widget_named (row, (const Named[]) { { "role_dropdown", "Role" },
                                             { "text_view", "Message text" },
                                             { "remove_button", "Remove This Turn" },
                                             { NULL } });
}

static void
test_run_pane (void)
{
  check_widget_named (vs_run_pane_new (),
                      (const Named[]) { { "output", "Model reply" }, { NULL } });
}

static void
test_variables_panel (void)
{
  GtkWidget *panel = g_object_ref_sink (vs_variables_panel_new ());

  vs_variables_panel_load (VS_VARIABLES_PANEL (panel), get_project (), template_id);
  check_widget (panel);
}

static void
test_version_history (void)
{
  GtkWidget *history = g_object_ref_sink (vs_version_history_new ());

  vs_version_history_set_template (VS_VERSION_HISTORY (history), get_project (), template_id);
  check_widget (history);
}

static void
test_window (void)
{
  VsWindow *window = vs_window_new (app);

  g_object_ref (window);
  vs_window_set_project (window, get_project ());
  gtk_window_present (GTK_WINDOW (window));
  vs_test_wait_for_allocation (window, 10000);
  gtk_window_destroy (GTK_WINDOW (window));
  assert_finalized (window);
}

/* The names the shell's controls already have, as a screen reader is told them. */
static void
test_window_names (void)
{
  VsWindow *window = vs_window_new (app);

  vs_window_set_project (window, get_project ());
  gtk_window_present (GTK_WINDOW (window));
  vs_test_wait_for_allocation (window, 10000);

  vs_test_assert_accessible_name (find_by_id (window, "sidebar_button", GTK_TYPE_TOGGLE_BUTTON),
                                  "Show sidebar");
  vs_test_assert_accessible_name (find_by_id (window, "primary_menu_button",
                                              GTK_TYPE_MENU_BUTTON),
                                  "Main menu");
  vs_test_assert_accessible_name (find_by_id (window, "sidebar", GTK_TYPE_LIST_BOX),
                                  "Workbenches");
  /* Each workbench row is named by its content: its label, then the count beside it. */
  {
    const char *rows[] = { "prompts_row", "datasets_row", "finetunes_row", "compare_row" };
    const char *names[] = { "Prompts", "Datasets", "Fine-tunes", "Compare" };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        GtkWidget *row = find_by_id (window, rows[i], GTK_TYPE_LIST_BOX_ROW);
        g_autofree char *name = vs_test_dup_accessible_name (row);

        g_assert_nonnull (name);
        g_assert_true (g_str_has_prefix (name, names[i]));
      }
  }

  /* The helper sees a button's label, and no name on an icon-only button. */
  {
    GtkWidget *named = g_object_ref_sink (gtk_button_new_with_label ("Import"));
    g_autofree char *name = vs_test_dup_accessible_name (named);

    g_assert_cmpstr (name, ==, "Import");
    g_object_unref (named);
  }
  {
    GtkWidget *unnamed = g_object_ref_sink (gtk_button_new_from_icon_name ("list-add-symbolic"));
    g_autofree char *name = vs_test_dup_accessible_name (unnamed);

    g_assert_cmpstr (name, ==, NULL);
    g_object_unref (unnamed);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
}

/* The waits themselves: they return once the condition holds, and fail, saying what did not
 * happen, when it does not. */
static gboolean
set_label_later (gpointer data)
{
  gtk_label_set_label (data, "done");
  return G_SOURCE_REMOVE;
}

static gboolean
set_label_again (gpointer data)
{
  gtk_label_set_label (data, "again");
  return G_SOURCE_REMOVE;
}

static void
test_waits (void)
{
  GtkWidget *label = g_object_ref_sink (gtk_label_new ("waiting"));
  g_autoptr(VsTestSignal) notified = vs_test_signal_watch (label, "notify::label");

  g_idle_add (set_label_later, label);
  vs_test_wait_for_property (label, "label", "done", 1000);
  vs_test_signal_wait (notified, 1, 1000);
  g_assert_cmpuint (vs_test_signal_count (notified), ==, 1);
  g_idle_add (set_label_again, label);
  vs_test_wait_for_signal (label, "notify::label", 1000);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "again");
  g_object_unref (label);

  if (g_test_subprocess ())
    {
      GtkWidget *never = g_object_ref_sink (gtk_label_new ("waiting"));

      vs_test_wait_for_property (never, "label", "done", 50);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*GtkLabel:label was \"waiting\", not \"done\", after 50 ms*");
}

/* Turns the mouse wheel one notch down over the middle of @widget, through the X server's test
 * extension (the suite runs on Xvfb with GDK_BACKEND=x11), as a user would. */
static void
wheel_down_over (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  Display *display = gdk_x11_display_get_xdisplay (gdk_surface_get_display (surface));
  graphene_point_t point;
  double dx, dy;
  int x, y;
  Window child;
  graphene_point_t middle = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f,
                                                 gtk_widget_get_height (widget) / 2.f);

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &middle, &point));
  gtk_native_get_surface_transform (native, &dx, &dy);
  XTranslateCoordinates (display, gdk_x11_surface_get_xid (surface), DefaultRootWindow (display),
                         (int) (point.x + dx), (int) (point.y + dy), &x, &y, &child);
  XTestFakeMotionEvent (display, -1, x, y, CurrentTime);
  XTestFakeButtonEvent (display, 5, True, CurrentTime);
  XTestFakeButtonEvent (display, 5, False, CurrentTime);
  XFlush (display);
  vs_test_spin (300);
}

static gboolean
wheel_is_live (GtkWidget     *widget,
               gconstpointer  data)
{
  g_autoptr(GListModel) controllers = NULL;

  if (!GTK_IS_SPIN_BUTTON (widget) && !GTK_IS_SCALE (widget))
    return FALSE;
  controllers = gtk_widget_observe_controllers (widget);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_SCROLL (controller) &&
          gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_NONE)
        return TRUE;
    }
  return FALSE;
}

/* Scrolling a panel over a spin button scrolls the panel and leaves the number alone; once the
 * spin button has the focus the wheel changes it. The editor's panels are all made so. */
static void
test_wheel_needs_focus (void)
{
  GtkWidget *scroller = g_object_ref_sink (gtk_scrolled_window_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *spin = gtk_spin_button_new_with_range (0, 10, 1);
  GtkWidget *top = gtk_button_new_with_label ("top");
  GtkWidget *bottom = gtk_label_new ("bottom");
  GtkAdjustment *adjustment;
  GtkWindow *window;

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 3);
  gtk_widget_set_size_request (top, -1, 60);
  gtk_widget_set_size_request (bottom, -1, 1000);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), spin);
  gtk_box_append (GTK_BOX (box), bottom);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  gtk_widget_set_size_request (scroller, 300, 200);
  vs_ui_wheel_needs_focus (box);
  window = vs_test_window_new (scroller);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  XSetInputFocus (gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (window))),
                  gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))),
                  RevertToParent, CurrentTime);
  g_assert_true (gtk_widget_grab_focus (top));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);

  wheel_down_over (spin);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 3);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);

  gtk_widget_grab_focus (spin);
  vs_test_wait_for_layout (window, 2000);
  wheel_down_over (spin);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), !=, 3);
  vs_test_window_free (window);
  g_object_unref (scroller);

  /* Every spin button and scale of the editor's panels. */
  {
    g_autoptr(VsTemplate) template = load_template ();
    GtkWidget *panels[] = {
      g_object_ref_sink (vs_parameters_panel_new ()),
      g_object_ref_sink (vs_few_shot_panel_new ()),
      g_object_ref_sink (vs_variables_panel_new ()),
    };

    vs_parameters_panel_set_project (VS_PARAMETERS_PANEL (panels[0]), get_project ());
    vs_parameters_panel_set_template (VS_PARAMETERS_PANEL (panels[0]), template);
    vs_few_shot_panel_set_project (VS_FEW_SHOT_PANEL (panels[1]), project);
    vs_few_shot_panel_set_template (VS_FEW_SHOT_PANEL (panels[1]), template);
    for (guint i = 0; i < G_N_ELEMENTS (panels); i++)
      {
        g_assert_nonnull (vs_test_find_widget (panels[i], GTK_TYPE_SPIN_BUTTON));
        g_assert_null (vs_test_find_descendant (panels[i], wheel_is_live, NULL));
        g_object_unref (panels[i]);
      }
  }
}

/* Fails unless no wrapping label inside @root can be narrower than its longest word (a label
 * that ellipsizes, or does not wrap, cannot break a word). */
static void
assert_labels_keep_words (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_label_get_wrap (GTK_LABEL (root)) &&
      gtk_label_get_ellipsize (GTK_LABEL (root)) == PANGO_ELLIPSIZE_NONE)
    {
      g_auto(GStrv) words = g_strsplit_set (gtk_label_get_text (GTK_LABEL (root)), " \n", -1);
      int min = 0;

      gtk_widget_measure (root, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      for (guint i = 0; words[i] != NULL; i++)
        {
          g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (root, words[i]);
          int width = 0;

          pango_layout_get_pixel_size (layout, &width, NULL);
          if (min < width)
            g_error ("the label “%s” can be %d px wide, narrower than its word “%s” (%d px)",
                     gtk_label_get_text (GTK_LABEL (root)), min, words[i], width);
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_labels_keep_words (child);
}

/* The editor's narrow panels never break a label inside a word ("Temp-eratu-re"). */
static void
test_labels_keep_words (void)
{
  g_autoptr(VsTemplate) template = load_template ();
  GtkWidget *panels[] = {
    g_object_ref_sink (vs_parameters_panel_new ()),
    g_object_ref_sink (vs_few_shot_panel_new ()),
    g_object_ref_sink (vs_variables_panel_new ()),
  };
  const char * const names[] = { "subject", "a_rather_long_variable_name", NULL };

  vs_parameters_panel_set_project (VS_PARAMETERS_PANEL (panels[0]), get_project ());
  vs_parameters_panel_set_template (VS_PARAMETERS_PANEL (panels[0]), template);
  vs_few_shot_panel_set_project (VS_FEW_SHOT_PANEL (panels[1]), project);
  vs_few_shot_panel_set_template (VS_FEW_SHOT_PANEL (panels[1]), template);
  vs_variables_panel_load (VS_VARIABLES_PANEL (panels[2]), project, template_id);
  vs_variables_panel_set_names (VS_VARIABLES_PANEL (panels[2]), names);
  for (guint i = 0; i < G_N_ELEMENTS (panels); i++)
    {
      GtkWindow *window = vs_test_window_new (panels[i]);

      assert_labels_keep_words (panels[i]);
      vs_test_window_free (window);
      g_object_unref (panels[i]);
    }
}

/* Dates as the user's locale writes them (%x), never the C ctime form "Wed Dec  2 10:41:42". */
static void
test_format_dates (void)
{
  g_autoptr(GDateTime) then = g_date_time_new_utc (2026, 3, 4, 5, 6, 7);
  g_autoptr(GDateTime) local = g_date_time_to_local (then);
  g_autofree char *iso = g_date_time_format_iso8601 (then);
  g_autofree char *full = vs_format_full_time (iso);
  g_autofree char *relative = vs_format_relative_time (iso);
  g_autofree char *date = g_date_time_format (local, "%x");
  g_autofree char *ctime_form = g_date_time_format (local, "%a %b");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) minutes_ago = g_date_time_add_minutes (now, -2);
  g_autofree char *recent_iso = g_date_time_format_iso8601 (minutes_ago);
  g_autofree char *recent = vs_format_relative_time (recent_iso);

  g_assert_true (g_str_has_prefix (full, date));
  g_assert_null (strstr (full, ctime_form));
  g_assert_cmpstr (relative, ==, date);
  g_assert_cmpstr (recent, ==, "2 minutes ago");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = vs_test_home_new ("versus-widgets-test");

  g_setenv ("VERSUS_SECRETS", "memory", TRUE);
  vs_test_gui_init (&argc, &argv);
  app = vs_test_app_new (G_APPLICATION_DEFAULT_FLAGS);
  /* Before the cases, so that template_id is known when their arguments are evaluated. */
  get_project ();

  g_test_add_func ("/versus/widgets/application", test_application);
  g_test_add_func ("/versus/widgets/compare-page", test_compare_page);
  g_test_add_func ("/versus/widgets/curation-view", test_curation_view);
  g_test_add_func ("/versus/widgets/compare-dashboard", test_compare_dashboard);
  g_test_add_func ("/versus/widgets/chart-view", test_chart_view);
  g_test_add_func ("/versus/widgets/case-window-cases", test_case_window_cases);
  g_test_add_func ("/versus/widgets/presentation", test_presentation);
  g_test_add_func ("/versus/widgets/datasets-page", test_datasets_page);
  g_test_add_func ("/versus/widgets/diff-view", test_diff_view);
  g_test_add_func ("/versus/widgets/endpoint-editor", test_endpoint_editor);
  g_test_add_func ("/versus/widgets/endpoint-row", test_endpoint_row);
  g_test_add_func ("/versus/widgets/eval-case-window", test_eval_case_window);
  g_test_add_func ("/versus/widgets/eval-results-view", test_eval_results_view);
  g_test_add_func ("/versus/widgets/few-shot-panel", test_few_shot_panel);
  g_test_add_func ("/versus/widgets/finetunes-page", test_finetunes_page);
  g_test_add_func ("/versus/widgets/finetune-dialogs", test_finetune_dialogs);
  g_test_add_func ("/versus/widgets/eval-run-bar", test_eval_run_bar);
  g_test_add_func ("/versus/widgets/format-dates", test_format_dates);
  g_test_add_func ("/versus/widgets/item", test_item);
  g_test_add_func ("/versus/widgets/item-list", test_item_list);
  g_test_add_func ("/versus/widgets/message-row", test_message_row);
  g_test_add_func ("/versus/widgets/parameters-panel", test_parameters_panel);
  g_test_add_func ("/versus/widgets/preferences-window", test_preferences_window);
  g_test_add_func ("/versus/widgets/page", test_page);
  g_test_add_func ("/versus/widgets/prices-page", test_prices_page);
  g_test_add_func ("/versus/widgets/project-settings-window", test_project_settings_window);
  g_test_add_func ("/versus/widgets/project-settings-action", test_project_settings_action);
  g_test_add_func ("/versus/widgets/prompt-editor", test_prompt_editor);
  g_test_add_func ("/versus/widgets/prompts-page", test_prompts_page);
  g_test_add_func ("/versus/widgets/record-pane", test_record_pane);
  g_test_add_func ("/versus/widgets/records-view", test_records_view);
  g_test_add_func ("/versus/widgets/run-pane", test_run_pane);
  g_test_add_func ("/versus/widgets/turn-row", test_turn_row);
  g_test_add_func ("/versus/widgets/variables-panel", test_variables_panel);
  g_test_add_func ("/versus/widgets/version-history", test_version_history);
  g_test_add_func ("/versus/widgets/window", test_window);
  g_test_add_func ("/versus/widgets/window-names", test_window_names);
  g_test_add_func ("/versus/widgets/waits", test_waits);
  g_test_add_func ("/versus/widgets/wheel-needs-focus", test_wheel_needs_focus);
  g_test_add_func ("/versus/widgets/labels-keep-words", test_labels_keep_words);

  {
    int status = g_test_run ();

    g_clear_object (&project);
    if (project_dir != NULL)
      vs_test_tmpdir_free (g_steal_pointer (&project_dir));
    g_clear_object (&app);
    vs_test_rm_rf (home);
    return status;
  }
}
