/* test-records-filter-bar.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The search and filter bar on the Datasets page: the search index is built in the
 * background when a dataset is shown (its records are pending after an import), Ctrl+F
 * (win.search) focuses the records search, a search narrows the table with the count
 * "N of M rows" and marks what matched, the filters popover's controls combine with it, a
 * malformed search shows why instead of rows, and a new bar goes away cleanly.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "vs-dataset-search.h"
#include "vs-format.h"
#include "vs-project-private.h"
#include "vs-records-filter-bar.h"
#include "vs-records-view.h"
#include "vs-search-indexer.h"
#include "vs-test-gui.h"
#include "vs-test-util.h"
#include "vs-window.h"

#define ROWS 3000

static VsApplication *app;

typedef struct
{
  VsWindow           *window;
  VsRecordsView      *view;
  VsRecordsFilterBar *bar;
} Page;

static gboolean
has_project (gpointer data)
{
  return vs_window_get_project (data) != NULL;
}

static gboolean
index_built (gpointer data)
{
  VsProject *project = vs_window_get_project (data);
  VsSearchIndexer *indexer = vs_search_indexer_get (project);

  return vs_search_indexer_get_generation (indexer) > 0 &&
         !vs_search_indexer_get_building (indexer) &&
         vs_dataset_search_get_pending (project, NULL) == 0;
}

static GtkWidget *
find_child (GtkWidget *root,
            GType      type,
            const char *css_class)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      (css_class == NULL || gtk_widget_has_css_class (root, css_class)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_child (child, type, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The bar's count: the last label of its row. */
static const char *
count_text (VsRecordsFilterBar *bar)
{
  GtkWidget *box = gtk_widget_get_first_child (GTK_WIDGET (bar));

  return gtk_label_get_label (GTK_LABEL (gtk_widget_get_last_child (box)));
}

static gboolean
count_is (gpointer data)
{
  Page *page = data;
  const char *want = g_object_get_data (G_OBJECT (page->bar), "want");

  return g_strcmp0 (count_text (page->bar), want) == 0;
}

/* Waits until the count reads "@n rows" (@of < 0) or "@n of @of rows", in this locale's
 * digits. */
static void
wait_count (Page   *page,
            gint64  n,
            gint64  of)
{
  g_autofree char *a = vs_format_count (n);
  g_autofree char *b = vs_format_count (of);
  g_autofree char *text = of < 0 ? g_strdup_printf ("%s rows", a)
                                 : g_strdup_printf ("%s of %s rows", a, b);

  g_object_set_data_full (G_OBJECT (page->bar), "want", g_strdup (text), g_free);
  if (!vs_test_wait_for (count_is, page, 10000))
    g_error ("the count is “%s”, not “%s”", count_text (page->bar), text);
}

static gboolean
first_loaded (gpointer data)
{
  Page *page = data;
  GListModel *model = G_LIST_MODEL (vs_records_view_get_model (page->view));
  g_autoptr(VsRecord) record = g_list_model_get_n_items (model) > 0
                               ? g_list_model_get_item (model, 0) : NULL;

  return record != NULL && vs_record_get_loaded (record);
}

static gboolean
has_error (gpointer data)
{
  return vs_record_model_get_error (data) != NULL;
}

static void
fill_project (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = vs_project_open (path, VS_PROJECT_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_assert_true (vs_project_exec (project,
                                  "INSERT INTO datasets (name, source_format, columns, created_at,"
                                  " updated_at) VALUES ('tickets', 'csv',"
                                  " '[\"question\",\"answer\"]', '2026-01-01T00:00:00Z',"
                                  " '2026-01-01T00:00:00Z');"
                                  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                                  " WHERE i < 3000)"
                                  " INSERT INTO records (dataset_id, ordinal, data, status,"
                                  " tokens) SELECT 1, i, json_object('question', 'Question ' || i,"
                                  " 'answer', 'Answer number ' || i),"
                                  " CASE WHEN i % 7 = 0 THEN 'accepted' ELSE 'unreviewed' END,"
                                  " 20 + i % 30 FROM n;"
                                  /* An import keeps these counts; here they are filled once. */
                                  "INSERT INTO dataset_counts (dataset_id, split, status, n)"
                                  " SELECT dataset_id, split, status, count(*) FROM records"
                                  " GROUP BY 1, 2, 3;",
                                  &error));
  g_assert_no_error (error);
}

static void
test_page (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "records.versus", NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(VsRecord) record = NULL;
  GtkWidget *focus;
  GtkEditable *entry;
  GtkDropDown *status;
  Page page = { 0 };

  fill_project (path);
  file = g_file_new_for_path (path);

  page.window = vs_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (page.window), 1280, 800);
  gtk_window_present (GTK_WINDOW (page.window));
  vs_window_open_project (page.window, file);
  vs_test_wait_until (has_project, page.window, 5000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page.window), "win.page", "s",
                                             "datasets"));

  page.view = VS_RECORDS_VIEW (vs_test_find_widget (GTK_WIDGET (page.window),
                                                    VS_TYPE_RECORDS_VIEW));
  page.bar = VS_RECORDS_FILTER_BAR (vs_test_find_widget (GTK_WIDGET (page.window),
                                                         VS_TYPE_RECORDS_FILTER_BAR));
  g_assert_nonnull (page.view);
  g_assert_nonnull (page.bar);
  g_assert_true (vs_records_filter_bar_get_view (page.bar) == page.view);
  wait_count (&page, 3000, -1);

  /* The records were pending: showing the dataset built the index in the background. */
  vs_test_wait_until (index_built, page.window, 30000);

  /* Ctrl+F on the Datasets page goes to the records search. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page.window), "win.search", NULL));
  entry = GTK_EDITABLE (find_child (GTK_WIDGET (page.bar), GTK_TYPE_SEARCH_ENTRY, NULL));
  focus = gtk_root_get_focus (GTK_ROOT (page.window));
  g_assert_true (focus != NULL && (focus == GTK_WIDGET (entry) ||
                                   gtk_widget_is_ancestor (focus, GTK_WIDGET (entry))));

  /* A phrase: one row, the count says of how many, and the words it matched are known. */
  gtk_editable_set_text (entry, "\"number 77\"");
  wait_count (&page, 1, 3000);
  vs_test_wait_until (first_loaded, &page, 10000);
  g_assert_true (vs_record_model_get_ranked (vs_records_view_get_model (page.view)));
  record = g_list_model_get_item (G_LIST_MODEL (vs_records_view_get_model (page.view)), 0);
  g_assert_cmpint (vs_record_get_ordinal (record), ==, 77);
  g_assert_cmpstrv (vs_record_get_matches (record), ((const char *[]) { "number", "77", NULL }));
  vs_test_save_png (GTK_WIDGET (page.window), "test-records-filter-bar.png");

  /* A filter combines with the search, and works alone. */
  status = GTK_DROP_DOWN (find_child (GTK_WIDGET (page.bar), GTK_TYPE_DROP_DOWN, NULL));
  gtk_editable_set_text (entry, "question");
  wait_count (&page, 3000, 3000);
  gtk_drop_down_set_selected (status, 0);
  {
    /* The second drop-down is the status. */
    GtkWidget *grid = gtk_widget_get_parent (GTK_WIDGET (status));
    GtkWidget *status_drop = NULL;
    guint n = 0;

    for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (GTK_IS_DROP_DOWN (child) && n++ == 1)
        status_drop = child;
    g_assert_nonnull (status_drop);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (status_drop), 2);  /* Accepted */
    wait_count (&page, 428, 3000);
    gtk_editable_set_text (entry, "");
    wait_count (&page, 428, 3000);
    g_assert_false (vs_record_model_get_ranked (vs_records_view_get_model (page.view)));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page.bar), "filter-bar.clear",
                                               NULL));
    wait_count (&page, 3000, -1);
  }

  /* A malformed search says what is wrong instead of listing rows. */
  gtk_editable_set_text (entry, "\"number");
  vs_test_wait_until (has_error, vs_records_view_get_model (page.view), 10000);
  g_assert_nonnull (find_child (GTK_WIDGET (page.bar), GTK_TYPE_LABEL, "error"));
  g_assert_nonnull (strstr (count_text (page.bar), "is not valid"));

  gtk_window_destroy (GTK_WINDOW (page.window));
  vs_test_flush ();
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_new_destroy (void)
{
  GtkWidget *bar = vs_records_filter_bar_new ();
  GtkWidget *view = vs_records_view_new ();

  g_object_ref_sink (bar);
  g_object_ref_sink (view);
  g_assert_null (vs_records_filter_bar_get_view (VS_RECORDS_FILTER_BAR (bar)));
  vs_records_filter_bar_set_view (VS_RECORDS_FILTER_BAR (bar), VS_RECORDS_VIEW (view));
  g_assert_true (vs_records_filter_bar_get_view (VS_RECORDS_FILTER_BAR (bar)) ==
                 VS_RECORDS_VIEW (view));
  g_assert_finalize_object (bar);
  g_assert_finalize_object (view);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = vs_test_home_new ("versus-records-filter-bar-test");
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  app = vs_test_app_new (G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);

  g_test_add_func ("/versus/records-filter-bar/new-destroy", test_new_destroy);
  g_test_add_func ("/versus/records-filter-bar/page", test_page);

  status = g_test_run ();
  g_clear_object (&app);
  vs_test_rm_rf (home);
  return status;
}
