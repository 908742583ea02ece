/* test-pages.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Compare and Fine-tunes pages over a project with a run and a fine-tuning job in it:
 * each lists them and its overview shows what the run and job stores read (the run's name,
 * snapshot, split and repeats on the Compare dashboard; the numbers a job reports).
 */
#include "config.h"

#include <adwaita.h>

#include "vs-compare-dashboard.h"
#include "vs-compare-page.h"
#include "vs-finetunes-page.h"
#include "vs-item-list.h"
#include "vs-project-private.h"
#include "vs-test-gui.h"
#include "vs-test-util.h"
#include "vs-window.h"

static VsApplication *app;

static gboolean
has_project (gpointer data)
{
  return vs_window_get_project (data) != NULL;
}

static gboolean
has_title (GtkWidget    *widget,
           gconstpointer text)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), text) == 0;
}

static gboolean
is_value_label (GtkWidget    *widget,
                gconstpointer data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "numeric");
}

/* The value beside the row titled @title, or NULL when there is no such row. */
static const char *
row_value (GtkWidget  *root,
           const char *title)
{
  GtkWidget *row = vs_test_find_descendant (root, has_title, title);
  GtkWidget *label;

  if (row == NULL)
    return NULL;
  label = vs_test_find_descendant (row, is_value_label, NULL);
  g_assert_nonnull (label);
  return gtk_label_get_label (GTK_LABEL (label));
}

/* The selected run's or job's overview is shown (both name their data snapshot). */
static gboolean
shows_snapshot (gpointer data)
{
  return row_value (data, "Data snapshot") != NULL;
}

static VsWindow *
open_window (char **dir_out)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("pages.versus", dir_out, &path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  VsWindow *window;

  g_assert_true (vs_project_exec (project,
    "INSERT INTO datasets (id, name, created_at, updated_at) VALUES (1, 'd', 'x', 'x');"
    "INSERT INTO snapshots (id, dataset_id, name, n_records, created_at)"
    " VALUES (1, 1, 'Frozen v1', 3, 'x');"
    "INSERT INTO runs (id, name, snapshot_id, split, repeats, state, created_at) VALUES"
    " (1, 'Bake-off', 1, 'test', 2, 'done', '2026-01-01T00:00:00Z');"
    "INSERT INTO contenders (id, run_id, position, label, model) VALUES"
    " (10, 1, 1, 'Second', 'model-b'), (11, 1, 0, 'First', 'model-a');"
    "INSERT INTO results (run_id, contender_id, case_ordinal, state, created_at) VALUES"
    " (1, 10, 1, 'ok', 'x'), (1, 10, 2, 'ok', 'x'), (1, 11, 1, 'ok', 'x'),"
    " (1, 11, 2, 'error', 'x');"
    "INSERT INTO finetune_jobs (id, provider, snapshot_id, base_model, fine_tuned_model, state,"
    " trained_tokens, estimated_cost, created_at, updated_at) VALUES"
    " (1, 'openai', 1, 'gpt-4o-mini', 'ft:gpt-4o-mini:tickets', 'SUCCEEDED', 12345, 1.5,"
    "  '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');",
    &error));
  g_assert_no_error (error);
  g_clear_object (&project);

  window = vs_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  vs_window_open_project (window, file);
  vs_test_wait_until (has_project, window, 5000);
  return window;
}

static gboolean
label_contains (GtkWidget     *widget,
                gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
         strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL;
}

static gboolean
dashboard_loaded (gpointer data)
{
  return vs_compare_dashboard_get_loaded (VS_COMPARE_DASHBOARD (data)) > 0;
}

static void
test_compare (void)
{
  g_autofree char *dir = NULL;
  VsWindow *window = open_window (&dir);
  GtkWidget *page;
  GtkWidget *dashboard;
  VsItemList *items;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "compare"));
  vs_test_wait_for_property (window, "page", "compare", 3000);
  page = vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_COMPARE_PAGE);
  items = VS_ITEM_LIST (vs_test_find_widget (page, VS_TYPE_ITEM_LIST));
  g_assert_cmpuint (vs_item_list_get_n_items (items), ==, 1);
  vs_item_list_select_id (items, 1);
  dashboard = vs_test_find_widget (page, VS_TYPE_COMPARE_DASHBOARD);
  vs_test_wait_until (dashboard_loaded, dashboard, 10000);
  g_assert_cmpint (vs_compare_dashboard_get_run_id (VS_COMPARE_DASHBOARD (dashboard)), ==, 1);

  /* a run recorded without an evaluation spec: its overview, and why there is no summary */
  g_assert_nonnull (vs_test_find_descendant (dashboard, label_contains, "Bake-off"));
  g_assert_nonnull (vs_test_find_descendant (dashboard, label_contains, "Finished"));
  g_assert_nonnull (vs_test_find_descendant (dashboard, label_contains,
                                             "2 contenders × 2 repeats"));
  g_assert_nonnull (vs_test_find_descendant (dashboard, label_contains, "snapshot “Frozen v1”"));
  g_assert_nonnull (vs_test_find_descendant (dashboard, label_contains, "test split"));
  g_assert_nonnull (vs_test_find_descendant (dashboard, label_contains,
                                             "This run cannot be summarised"));
  g_assert_null (vs_compare_dashboard_get_data (VS_COMPARE_DASHBOARD (dashboard)));

  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_finetunes (void)
{
  g_autofree char *dir = NULL;
  VsWindow *window = open_window (&dir);
  GtkWidget *page;
  VsItemList *items;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "finetunes"));
  vs_test_wait_for_property (window, "page", "finetunes", 3000);
  page = vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_FINETUNES_PAGE);
  items = VS_ITEM_LIST (vs_test_find_widget (page, VS_TYPE_ITEM_LIST));
  g_assert_cmpuint (vs_item_list_get_n_items (items), ==, 1);
  vs_item_list_select_id (items, 1);
  vs_test_wait_until (shows_snapshot, page, 3000);

  g_assert_cmpstr (row_value (page, "Provider"), ==, "openai");
  g_assert_cmpstr (row_value (page, "Fine-tuned model"), ==, "ft:gpt-4o-mini:tickets");
  g_assert_cmpstr (row_value (page, "Data snapshot"), ==, "Frozen v1");
  g_assert_cmpstr (row_value (page, "Estimated cost"), ==, "$1.50");
  g_assert_nonnull (row_value (page, "Trained tokens"));
  /* Nothing the job does not have. */
  g_assert_null (row_value (page, "Provider status"));
  g_assert_null (row_value (page, "Error"));
  g_assert_null (row_value (page, "Finished"));

  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
is_sidebar (GtkWidget    *widget,
            gconstpointer data)
{
  return GTK_IS_LIST_BOX (widget) && gtk_widget_has_css_class (widget, "navigation-sidebar");
}

/* The keyboard reaches every page: the sidebar's selection moves the page, Ctrl+F goes to the
 * page's search field, and a page just shown has the focus in it. */
static void
test_keyboard (void)
{
  g_autofree char *dir = NULL;
  VsWindow *window = open_window (&dir);
  GtkWidget *sidebar = vs_test_find_descendant (GTK_WIDGET (window), is_sidebar, NULL);
  GtkWidget *page, *focus;

  g_assert_nonnull (sidebar);
  /* Arrow keys in a list box select the row under the cursor: the page follows. */
  gtk_list_box_select_row (GTK_LIST_BOX (sidebar),
                           gtk_list_box_get_row_at_index (GTK_LIST_BOX (sidebar), 2));
  vs_test_wait_for_property (window, "page", "finetunes", 3000);

  /* A page switched to by its shortcut takes the focus. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "compare"));
  vs_test_wait_for_property (window, "page", "compare", 3000);
  vs_test_flush ();
  page = vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_COMPARE_PAGE);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, page) ||
                 gtk_widget_is_ancestor (focus, sidebar));
  g_assert_false (GTK_IS_SCROLLED_WINDOW (focus));

  /* Ctrl+F: the page's search field. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  vs_test_flush ();
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_nonnull (gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY));
  g_assert_true (gtk_widget_is_ancestor (focus, page));

  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = vs_test_home_new ("versus-pages-test");
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  app = vs_test_app_new (G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);

  g_test_add_func ("/versus/pages/compare", test_compare);
  g_test_add_func ("/versus/pages/finetunes", test_finetunes);
  g_test_add_func ("/versus/pages/keyboard", test_keyboard);

  status = g_test_run ();
  g_clear_object (&app);
  vs_test_rm_rf (home);
  return status;
}
