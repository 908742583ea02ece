/* test-records-view.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The records table: the Datasets page shows the selected dataset's rows through a
 * VsRecordModel in a GtkColumnView (counts and values come from the model, cells show the
 * previews), a header sort is done by the model, and the widget goes away cleanly.
 */
#include "config.h"

#include <adwaita.h>

#include "vs-datasets-page.h"
#include "vs-item-list.h"
#include "vs-project-private.h"
#include "vs-records-view.h"
#include "vs-test-gui.h"
#include "vs-test-util.h"
#include "vs-window.h"

#define ROWS 3000

static VsApplication *app;

static gboolean
has_project (gpointer data)
{
  return vs_window_get_project (data) != NULL;
}

static gboolean
has_records (gpointer data)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (vs_records_view_get_column_view (data)));

  return g_list_model_get_n_items (model) == ROWS;
}

static gboolean
first_loaded (gpointer data)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (vs_records_view_get_column_view (data)));
  g_autoptr(VsRecord) record = g_list_model_get_item (model, 0);

  return record != NULL && vs_record_get_loaded (record);
}

static gboolean
first_is_last (gpointer data)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (vs_records_view_get_column_view (data)));
  g_autoptr(VsRecord) record = g_list_model_get_item (model, 0);

  return record != NULL && vs_record_get_loaded (record) && vs_record_get_ordinal (record) == ROWS;
}

static gboolean
label_is (GtkWidget    *widget,
          gconstpointer text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static gboolean
shows_label (gpointer data)
{
  return vs_test_find_descendant (data, label_is, "Question 1") != NULL;
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
                                  " INSERT INTO records (dataset_id, ordinal, data, split, status,"
                                  " tokens) SELECT 1, i, json_object('question', 'Question ' || i,"
                                  " 'answer', 'An answer that is long enough to need an ellipsis"
                                  " in a narrow column, number ' || i || char(10) || 'second line'),"
                                  " CASE WHEN i % 5 = 0 THEN 'test' ELSE 'train' END,"
                                  " CASE WHEN i % 7 = 0 THEN 'accepted' ELSE 'unreviewed' END,"
                                  " 20 + i % 30 FROM n;",
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
  g_autofree char *preview = NULL;
  VsRecordsView *view;
  GtkColumnView *column_view;
  GListModel *columns;
  GListModel *model;
  VsWindow *window;

  fill_project (path);
  file = g_file_new_for_path (path);

  window = vs_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  vs_window_open_project (window, file);
  vs_test_wait_until (has_project, window, 5000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "datasets"));

  view = VS_RECORDS_VIEW (vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_RECORDS_VIEW));
  g_assert_nonnull (view);
  vs_test_wait_until (has_records, view, 10000);
  vs_test_wait_until (first_loaded, view, 10000);

  /* The column view's model is the record model's rows. */
  column_view = vs_records_view_get_column_view (view);
  model = G_LIST_MODEL (gtk_column_view_get_model (column_view));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, ROWS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (vs_records_view_get_model (view))),
                    ==, ROWS);
  record = g_list_model_get_item (model, 0);
  g_assert_cmpint (vs_record_get_ordinal (record), ==, 1);
  g_assert_cmpint (vs_record_get_tokens (record), ==, 21);
  g_assert_cmpstr (vs_record_get_split (record), ==, "train");
  preview = vs_record_dup_preview (record, "question", 80);
  g_assert_cmpstr (preview, ==, "Question 1");

  /* Columns: #, one per dataset column, System, User and Assistant (review mode), Tokens,
   * Split, Status, Rating, Tags and Problems (review mode), and Dropped by (hidden until the
   * table shows what cleaning dropped). */
  columns = gtk_column_view_get_columns (column_view);
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 13);
  {
    g_autoptr(GtkColumnViewColumn) user = g_list_model_get_item (columns, 4);
    g_autoptr(GtkColumnViewColumn) second = g_list_model_get_item (columns, 1);
    g_autoptr(GtkColumnViewColumn) problems = g_list_model_get_item (columns, 11);

    g_assert_cmpstr (gtk_column_view_column_get_title (user), ==, "User");
    g_assert_cmpstr (gtk_column_view_column_get_title (problems), ==, "Problems");
    g_assert_false (gtk_column_view_column_get_visible (user));
    g_assert_true (gtk_column_view_column_get_visible (second));
    vs_records_view_set_review (view, TRUE, TRUE);
    g_assert_true (gtk_column_view_column_get_visible (user));
    g_assert_true (gtk_column_view_column_get_visible (problems));
    g_assert_false (gtk_column_view_column_get_visible (second));
    vs_records_view_set_review (view, FALSE, FALSE);
    g_assert_false (gtk_column_view_column_get_visible (user));
  }
  {
    g_autoptr(GtkColumnViewColumn) dropped = g_list_model_get_item (columns, 12);

    g_assert_cmpstr (gtk_column_view_column_get_title (dropped), ==, "Dropped by");
    g_assert_false (gtk_column_view_column_get_visible (dropped));
    vs_records_view_set_show_dropped_by (view, TRUE);
    g_assert_true (gtk_column_view_column_get_visible (dropped));
    vs_records_view_set_show_dropped_by (view, FALSE);
  }
  {
    g_autoptr(GtkColumnViewColumn) second = g_list_model_get_item (columns, 1);
    g_autoptr(GtkColumnViewColumn) third = g_list_model_get_item (columns, 2);

    g_assert_cmpstr (gtk_column_view_column_get_title (second), ==, "question");
    g_assert_cmpstr (gtk_column_view_column_get_title (third), ==, "answer");
  }

  /* The cells show the loaded row. */
  vs_test_wait_until (shows_label, column_view, 5000);
  vs_test_save_png (GTK_WIDGET (window), "test-records-view.png");

  /* A header sort is the model's: descending ordinals put the last row first. */
  {
    g_autoptr(GtkColumnViewColumn) ordinal = g_list_model_get_item (columns, 0);

    gtk_column_view_sort_by_column (column_view, ordinal, GTK_SORT_DESCENDING);
    g_assert_cmpint (vs_record_model_get_query (vs_records_view_get_model (view))->sort, ==,
                     VS_RECORD_SORT_ORDINAL);
    g_assert_true (vs_record_model_get_query (vs_records_view_get_model (view))->descending);
    vs_test_wait_until (first_is_last, view, 10000);
  }
  {
    g_autoptr(GtkColumnViewColumn) tokens = g_list_model_get_item (columns, 6);

    gtk_column_view_sort_by_column (column_view, tokens, GTK_SORT_ASCENDING);
    g_assert_cmpint (vs_record_model_get_query (vs_records_view_get_model (view))->sort, ==,
                     VS_RECORD_SORT_TOKENS);
    g_assert_false (vs_record_model_get_query (vs_records_view_get_model (view))->descending);
  }

  /* The same dataset with its columns named later (as an import does): the model stays, the
   * preview columns follow. */
  {
    const char *renamed[] = { "question", NULL };
    VsRecordModel *before = vs_records_view_get_model (view);

    vs_records_view_set_dataset (view, vs_window_get_project (window), 1, renamed);
    g_assert_true (vs_records_view_get_model (view) == before);
    g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 12);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_new_destroy (void)
{
  GtkWidget *view = vs_records_view_new ();

  g_object_ref_sink (view);
  g_assert_null (vs_records_view_get_model (VS_RECORDS_VIEW (view)));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (
                      vs_records_view_get_column_view (VS_RECORDS_VIEW (view)))), ==, 11);
  g_assert_finalize_object (view);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = vs_test_home_new ("versus-records-view-test");
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  app = vs_test_app_new (G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);

  g_test_add_func ("/versus/records-view/new-destroy", test_new_destroy);
  g_test_add_func ("/versus/records-view/page", test_page);

  status = g_test_run ();
  g_clear_object (&app);
  vs_test_rm_rf (home);
  return status;
}
