/* test-datasets-page.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Datasets page: importing a file (as a drop or the file chooser would hand it over)
 * shows progress, lands the records, lists the rows the source got wrong with their lines,
 * and a cancelled import keeps the page usable.
 */
#include "config.h"

#include <adwaita.h>

#include "vs-datasets-page.h"
#include "vs-item-list.h"
#include "vs-test-gui.h"
#include "vs-test-util.h"
#include "vs-window.h"

static VsApplication *app;

static gboolean
import_finished (gpointer data)
{
  return !vs_datasets_page_is_importing (data);
}

static gboolean
has_project (gpointer data)
{
  return vs_window_get_project (data) != NULL;
}

static gboolean
label_contains (GtkWidget    *widget,
                gconstpointer text)
{
  if (GTK_IS_LABEL (widget))
    return strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL;
  if (ADW_IS_PREFERENCES_ROW (widget))
    return strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), text) != NULL;
  return FALSE;
}

/* The list shows the imported dataset and its overview the problem row. */
static gboolean
import_shown (gpointer data)
{
  GtkWidget *page = data;
  VsItemList *items = VS_ITEM_LIST (vs_test_find_widget (page, VS_TYPE_ITEM_LIST));

  return vs_item_list_get_n_items (items) == 1 &&
         vs_test_find_descendant (page, label_contains, "Line 5") != NULL;
}

static gboolean
is_value_label (GtkWidget    *widget,
                gconstpointer data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "numeric");
}

/* The value shown beside the overview row titled @title. */
static const char *
row_value (GtkWidget  *page,
           const char *title)
{
  /* In the overview: the records table shows the same words in its cells. */
  GtkWidget *overview = vs_test_find_widget (page, ADW_TYPE_PREFERENCES_PAGE);
  GtkWidget *row = vs_test_find_descendant (overview, label_contains, title);
  GtkWidget *label;

  g_assert_nonnull (row);
  label = vs_test_find_descendant (row, is_value_label, NULL);
  g_assert_nonnull (label);
  return gtk_label_get_label (GTK_LABEL (label));
}

static void
test_import (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("datasets.versus", &dir, &path);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) not_data = NULL;
  VsDatasetsPage *page;
  VsWindow *window;
  VsItemList *items;
  GtkWidget *row;

  g_clear_object (&project);
  csv = g_build_filename (dir, "tickets.csv", NULL);
  g_assert_true (g_file_set_contents (csv,
                                      "subject,body,label\r\n"
                                      "Charged twice,\"My card, twice\",billing\r\n"
                                      "Crash on export,\"It says \"\"error\"\"\nthen quits\",technical\r\n"
                                      "a row with,too,many,fields\r\n"
                                      "Lost parcel,Nothing arrived,shipping\r\n",
                                      -1, NULL));
  file = g_file_new_for_path (csv);
  not_data = g_file_new_for_path (path);

  window = vs_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  {
    g_autoptr(GFile) project_file = g_file_new_for_path (path);

    vs_window_open_project (window, project_file);
  }
  vs_test_wait_until (has_project, window, 5000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "datasets"));
  vs_test_wait_for_property (window, "page", "datasets", 3000);

  page = VS_DATASETS_PAGE (vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_DATASETS_PAGE));
  g_assert_nonnull (page);

  /* A project file is not a dataset. */
  g_assert_false (vs_datasets_page_import_file (page, not_data));

  g_assert_true (vs_datasets_page_import_file (page, file));
  g_assert_true (vs_datasets_page_is_importing (page));
  /* One import at a time. */
  g_assert_false (vs_datasets_page_import_file (page, file));
  vs_test_wait_until (import_finished, page, 10000);
  vs_test_wait_until (import_shown, page, 5000);

  g_assert_cmpint (vs_project_count (vs_window_get_project (window), "datasets"), ==, 1);
  g_assert_cmpint (vs_project_count (vs_window_get_project (window), "records"), >=, 3);
  g_assert_cmpint (vs_project_count (vs_window_get_project (window), "import_problems"), >=, 1);

  items = VS_ITEM_LIST (vs_test_find_widget (GTK_WIDGET (page), VS_TYPE_ITEM_LIST));
  g_assert_cmpuint (vs_item_list_get_n_items (items), ==, 1);
  g_assert_cmpint (vs_item_list_get_selected_id (items), >, 0);

  /* The overview names the source and lists the problem with its line. */
  row = vs_test_find_descendant (GTK_WIDGET (page), label_contains, "tickets.csv");
  g_assert_nonnull (row);
  row = vs_test_find_descendant (GTK_WIDGET (page), label_contains, "Line 5");
  g_assert_nonnull (row);
  /* Splits and review counts (kept by the store, not counted by the page). */
  g_assert_cmpstr (row_value (GTK_WIDGET (page), "Not assigned"), ==, "3");
  g_assert_cmpstr (row_value (GTK_WIDGET (page), "Training"), ==, "0");
  g_assert_cmpstr (row_value (GTK_WIDGET (page), "Not reviewed"), ==, "3");
  g_assert_cmpstr (row_value (GTK_WIDGET (page), "Rejected"), ==, "0");

  vs_test_save_png (GTK_WIDGET (window), "test-datasets-page.png");

  /* Cancelling right away leaves the page ready for the next import. */
  g_assert_true (vs_datasets_page_import_file (page, file));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "datasets.cancel-import", NULL));
  vs_test_wait_until (import_finished, page, 10000);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (page)));

  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = vs_test_home_new ("versus-datasets-test");
  int status;

  /* (Animations off: pictures of the page, not of a cross-fade.) */
  vs_test_gui_init (&argc, &argv);
  app = vs_test_app_new (G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);

  g_test_add_func ("/versus/datasets-page/import", test_import);

  status = g_test_run ();
  g_clear_object (&app);
  vs_test_rm_rf (home);
  return status;
}
