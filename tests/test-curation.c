/* test-curation.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reviewing a dataset in the Datasets page's Review mode, as a user does: keys pressed through
 * the X server (J/K/A/R/1–5/T, Ctrl+Z) reach the view through GTK's event handling, the stored
 * status, rating and tags follow, the progress says how many are reviewed, and a key typed
 * into a message is text, not a command. Then bulk actions on a selection with the toast's
 * Undo, an edit of a turn re-checked as it is made, and a preference pair swapped.
 */
#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include "vs-curation-view.h"
#include "vs-datasets-page.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-record-pane.h"
#include "vs-test-gui.h"
#include "vs-test-util.h"
#include "vs-turn-row.h"
#include "vs-window.h"

#define ROWS 20

static VsApplication *app;

typedef struct
{
  VsWindow       *window;
  VsCurationView *view;
  VsRecordModel  *model;
  VsRecordPane   *pane;
} Review;

static gboolean
has_project (gpointer data)
{
  return vs_window_get_project (data) != NULL;
}

static void
fill_project (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = vs_project_open (path, VS_PROJECT_OPEN_CREATE, &error);

  g_assert_no_error (error);
  /* Mapped (the wizard's count says so); even rows are preference pairs. */
  g_assert_true (vs_project_exec (project,
                                  "INSERT INTO datasets (name, source_format, columns, settings,"
                                  " created_at, updated_at) VALUES ('pairs', 'jsonl',"
                                  " '[\"q\",\"a\"]', '{\"wizard\":{\"mapped\":20}}',"
                                  " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
                                  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                                  " WHERE i < 20)"
                                  " INSERT INTO records (dataset_id, ordinal, data, example,"
                                  " split) SELECT 1, i,"
                                  " CASE WHEN i % 2 = 0 THEN json_object('q', 'Question ' || i,"
                                  "  'chosen', 'Good ' || i, 'rejected', 'Bad ' || i)"
                                  "  ELSE json_object('q', 'Question ' || i, 'a', 'Answer ' || i)"
                                  " END,"
                                  " json_object('messages', json_array("
                                  "  json_object('role', 'system', 'content', 'Be brief.'),"
                                  "  json_object('role', 'user', 'content', 'Question ' || i),"
                                  "  json_object('role', 'assistant', 'content', 'Answer ' || i))),"
                                  " 'train' FROM n;"
                                  "INSERT INTO dataset_counts (dataset_id, split, status, n)"
                                  " VALUES (1, 'train', 'unreviewed', 20);",
                                  &error));
  g_assert_no_error (error);
}

/* Presses @keysym (with Ctrl when @control; an upper-case letter with Shift) through the X
 * server's test extension, so it reaches the focused widget through GTK's whole event
 * handling. */
static void
press (GtkWindow *window,
       guint      keysym,
       gboolean   control)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  Display *display = gdk_x11_display_get_xdisplay (gdk_surface_get_display (surface));
  KeyCode ctrl = XKeysymToKeycode (display, XK_Control_L);
  KeyCode shift = XKeysymToKeycode (display, XK_Shift_L);
  KeyCode key = XKeysymToKeycode (display, keysym);
  gboolean upper = keysym >= XK_A && keysym <= XK_Z;

  XSetInputFocus (display, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  if (control)
    XTestFakeKeyEvent (display, ctrl, True, CurrentTime);
  if (upper)
    XTestFakeKeyEvent (display, shift, True, CurrentTime);
  XTestFakeKeyEvent (display, key, True, CurrentTime);
  XTestFakeKeyEvent (display, key, False, CurrentTime);
  if (upper)
    XTestFakeKeyEvent (display, shift, False, CurrentTime);
  if (control)
    XTestFakeKeyEvent (display, ctrl, False, CurrentTime);
  XFlush (display);
  /* Each key is handled before the next: the X server and GTK keep the order. */
  vs_test_spin (60);
}

typedef struct
{
  VsRecordModel *model;
  guint          position;
  const char    *status;
  int            rating;
  const char    *tags;
} RowWait;

/* The row at @position, loaded, has what @data expects (NULL / -1: anything). */
static gboolean
row_is (gpointer data)
{
  RowWait *w = data;
  g_autoptr(VsRecord) record = g_list_model_get_item (G_LIST_MODEL (w->model), w->position);

  return record != NULL && vs_record_get_loaded (record) &&
         (w->status == NULL || g_strcmp0 (vs_record_get_status (record), w->status) == 0) &&
         (w->rating < 0 || vs_record_get_rating (record) == w->rating) &&
         (w->tags == NULL || g_strcmp0 (vs_record_get_tags (record), w->tags) == 0);
}

static void
assert_row (Review     *r,
            guint       position,
            const char *status,
            int         rating,
            const char *tags)
{
  RowWait w = { r->model, position, status, rating, tags };

  g_test_message ("row %u: %s %d %s", position, status, rating, tags);

  vs_test_wait_until (row_is, &w, 5000);
}

static gboolean
pane_shows (gpointer data)
{
  Review *r = ((gpointer *) data)[0];
  gint64 ordinal = GPOINTER_TO_INT (((gpointer *) data)[1]);
  g_autoptr(VsRecord) record = vs_record_selection_get_current (
    vs_records_view_get_selection (vs_curation_view_get_records_view (r->view)));

  return record != NULL && vs_record_get_ordinal (record) == ordinal &&
         vs_record_pane_get_record_id (r->pane) == vs_record_get_id (record);
}

static void
assert_current (Review *r,
                gint64  ordinal)
{
  gpointer data[2] = { r, GINT_TO_POINTER ((int) ordinal) };

  vs_test_wait_until (pane_shows, data, 5000);
}

static gboolean
progress_is (gpointer data)
{
  Review *r = ((gpointer *) data)[0];

  return g_strcmp0 (vs_curation_view_get_progress_text (r->view), ((gpointer *) data)[1]) == 0;
}

static void
assert_progress (Review     *r,
                 const char *text)
{
  gpointer data[2] = { r, (gpointer) text };

  vs_test_wait_until (progress_is, data, 5000);
}

static gboolean
model_ready (gpointer data)
{
  Review *r = data;
  g_autoptr(VsRecord) record = NULL;

  r->model = vs_records_view_get_model (vs_curation_view_get_records_view (r->view));
  if (r->model == NULL || g_list_model_get_n_items (G_LIST_MODEL (r->model)) != ROWS)
    return FALSE;
  record = g_list_model_get_item (G_LIST_MODEL (r->model), 0);
  return vs_record_get_loaded (record);
}

static gboolean
n_rows_is (gpointer data)
{
  Review *r = ((gpointer *) data)[0];

  return !vs_record_model_get_loading (r->model) &&
         g_list_model_get_n_items (G_LIST_MODEL (r->model)) ==
         (guint) GPOINTER_TO_INT (((gpointer *) data)[1]);
}

static void
assert_n_rows (Review *r,
               guint   n)
{
  gpointer data[2] = { r, GINT_TO_POINTER ((int) n) };

  vs_test_wait_until (n_rows_is, data, 5000);
}

static void
open_review (Review     *r,
             const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *page;
  AdwViewStack *modes;

  r->window = vs_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (r->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (r->window));
  vs_window_open_project (r->window, file);
  vs_test_wait_until (has_project, r->window, 5000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (r->window), "win.page", "s",
                                             "datasets"));
  page = vs_test_find_widget (GTK_WIDGET (r->window), VS_TYPE_DATASETS_PAGE);
  modes = ADW_VIEW_STACK (vs_test_find_widget (page, ADW_TYPE_VIEW_STACK));
  adw_view_stack_set_visible_child_name (modes, "review");
  r->view = VS_CURATION_VIEW (vs_test_find_widget (page, VS_TYPE_CURATION_VIEW));
  r->pane = vs_curation_view_get_pane (r->view);
  vs_test_wait_until (model_ready, r, 10000);
  vs_test_wait_for_layout (r->view, 5000);
}

static GtkWidget *
first_text_view (VsRecordPane *pane,
                 guint         index)
{
  g_autoptr(GPtrArray) turns = vs_record_pane_get_turns (pane);

  g_assert_cmpuint (turns->len, >, index);
  return GTK_WIDGET (vs_turn_row_get_text_view (g_ptr_array_index (turns, index)));
}

static gboolean
is_column_view (GtkWidget    *widget,
                gconstpointer data)
{
  return GTK_IS_COLUMN_VIEW (widget);
}

static void
test_keyboard (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "review.versus", NULL);
  Review r = { 0 };
  GtkColumnView *table;

  fill_project (path);
  open_review (&r, path);
  assert_progress (&r, "0 of 20 reviewed");

  /* The table shows the example's turns in review mode. */
  {
    GListModel *columns;
    gboolean user_shown = FALSE;

    table = GTK_COLUMN_VIEW (vs_test_find_descendant (GTK_WIDGET (r.view), is_column_view,
                                                      NULL));
    columns = gtk_column_view_get_columns (table);
    for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

        if (g_strcmp0 (gtk_column_view_column_get_title (column), "User") == 0 ||
            g_strcmp0 (gtk_column_view_column_get_title (column), "Problems") == 0)
          user_shown |= gtk_column_view_column_get_visible (column);
        /* The raw columns give way to the example's. */
        if (g_strcmp0 (gtk_column_view_column_get_title (column), "q") == 0)
          g_assert_false (gtk_column_view_column_get_visible (column));
      }
    g_assert_true (user_shown);
  }

  gtk_widget_grab_focus (GTK_WIDGET (table));
  /* J twice: the second record. A accepts it and moves on; R rejects the third. */
  press (GTK_WINDOW (r.window), XK_j, FALSE);
  assert_current (&r, 1);
  press (GTK_WINDOW (r.window), XK_j, FALSE);
  assert_current (&r, 2);
  press (GTK_WINDOW (r.window), XK_a, FALSE);
  assert_row (&r, 1, "accepted", -1, NULL);
  assert_current (&r, 3);
  press (GTK_WINDOW (r.window), XK_r, FALSE);
  assert_row (&r, 2, "rejected", -1, NULL);
  assert_current (&r, 4);
  assert_progress (&r, "2 of 20 reviewed");

  /* 4 rates the fourth; K goes back to the third; 5 rates it. */
  press (GTK_WINDOW (r.window), XK_4, FALSE);
  assert_row (&r, 3, "unreviewed", 4, NULL);
  press (GTK_WINDOW (r.window), XK_k, FALSE);
  assert_current (&r, 3);
  press (GTK_WINDOW (r.window), XK_5, FALSE);
  assert_row (&r, 2, "rejected", 5, NULL);

  /* T opens the tag field (its completion offers the tags in use); Return tags the record. */
  press (GTK_WINDOW (r.window), XK_t, FALSE);
  vs_test_spin (100);
  for (const char *c = "urgent"; *c != '\0'; c++)
    press (GTK_WINDOW (r.window), (guint) *c, FALSE);
  press (GTK_WINDOW (r.window), XK_Return, FALSE);
  assert_row (&r, 2, "rejected", 5, "[\"urgent\"]");
  /* The keys typed into the field were text: nothing else changed. */
  assert_current (&r, 3);
  assert_progress (&r, "2 of 20 reviewed");

  /* Ctrl+Z undoes the current record's last change (the tag), then its rating. */
  gtk_widget_grab_focus (GTK_WIDGET (table));
  press (GTK_WINDOW (r.window), XK_z, TRUE);
  assert_row (&r, 2, "rejected", 5, "[]");
  press (GTK_WINDOW (r.window), XK_z, TRUE);
  assert_row (&r, 2, "rejected", 0, "[]");

  /* A review key typed into a message is text, not a command. */
  {
    GtkWidget *text = first_text_view (r.pane, 1);
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text));
    GtkTextIter end;
    g_autofree char *content = NULL;

    gtk_widget_grab_focus (text);
    gtk_text_buffer_get_end_iter (buffer, &end);
    gtk_text_buffer_place_cursor (buffer, &end);
    press (GTK_WINDOW (r.window), XK_a, FALSE);
    press (GTK_WINDOW (r.window), XK_j, FALSE);
    g_object_get (buffer, "text", &content, NULL);
    g_assert_cmpstr (content, ==, "Question 3aj");
    assert_current (&r, 3);
    g_assert_true (vs_record_pane_commit (r.pane));
    assert_row (&r, 2, "rejected", -1, NULL);
  }
  assert_progress (&r, "2 of 20 reviewed");

  /* A accepts and moves on; Ctrl+Z takes it back and returns to that record. */
  gtk_widget_grab_focus (GTK_WIDGET (table));
  press (GTK_WINDOW (r.window), XK_a, FALSE);
  assert_row (&r, 2, "accepted", -1, NULL);
  assert_current (&r, 4);
  press (GTK_WINDOW (r.window), XK_z, TRUE);
  assert_row (&r, 2, "rejected", -1, NULL);
  assert_current (&r, 3);
  /* Shift+Ctrl+Z redoes it. */
  press (GTK_WINDOW (r.window), XK_Z, TRUE);
  assert_row (&r, 2, "accepted", -1, NULL);

  gtk_window_destroy (GTK_WINDOW (r.window));
  vs_test_flush ();
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
example_has (gpointer data)
{
  Review *r = ((gpointer *) data)[0];
  g_autoptr(VsRecord) record = g_list_model_get_item (G_LIST_MODEL (r->model), 0);

  return vs_record_get_loaded (record) &&
         g_strstr_len (vs_record_get_example (record), -1, ((gpointer *) data)[1]) != NULL;
}

static gboolean
pane_has_problem (gpointer data)
{
  Review *r = ((gpointer *) data)[0];
  GPtrArray *problems = vs_record_pane_get_problems (r->pane);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    if (g_strcmp0 (((VsDatasetCheck *) g_ptr_array_index (problems, i))->key,
                   ((gpointer *) data)[1]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
pair_is (gpointer data)
{
  Review *r = ((gpointer *) data)[0];
  g_autoptr(VsRecord) record = g_list_model_get_item (G_LIST_MODEL (r->model), 1);
  JsonObject *row;

  if (!vs_record_get_loaded (record) || (row = vs_record_get_data_object (record)) == NULL)
    return FALSE;
  return g_strcmp0 (vs_json_get_string (row, "chosen", NULL), ((gpointer *) data)[1]) == 0;
}

static gboolean
button_labelled (GtkWidget    *widget,
                 gconstpointer label)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static void
test_bulk_and_edit (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "bulk.versus", NULL);
  Review r = { 0 };
  GtkSelectionModel *selection;

  fill_project (path);
  open_review (&r, path);
  selection = GTK_SELECTION_MODEL (vs_records_view_get_selection (
                                     vs_curation_view_get_records_view (r.view)));

  /* Three selected, rejected at once; the toast's Undo takes it back. */
  g_assert_true (gtk_selection_model_select_range (selection, 4, 3, TRUE));
  g_assert_cmpuint (vs_record_selection_get_n_selected (VS_RECORD_SELECTION (selection)), ==, 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (r.view), "review.bulk-status", "s",
                                             "rejected"));
  for (guint i = 4; i < 7; i++)
    assert_row (&r, i, "rejected", -1, NULL);
  assert_progress (&r, "3 of 20 reviewed");
  /* The selection holds across the reload. */
  g_assert_true (gtk_selection_model_is_selected (selection, 5));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (r.window), "review-toast.undo", NULL));
  for (guint i = 4; i < 7; i++)
    assert_row (&r, i, "unreviewed", -1, NULL);
  assert_progress (&r, "0 of 20 reviewed");

  /* Tag and move them, then delete them; undo brings every row back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (r.view), "review.bulk-tag", "s", "x"));
  assert_row (&r, 6, NULL, -1, "[\"x\"]");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (r.view), "review.bulk-split", "s",
                                             "test"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (r.view), "review.bulk-delete", NULL));
  assert_n_rows (&r, ROWS - 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (r.window), "review-toast.undo", NULL));
  assert_n_rows (&r, ROWS);
  assert_row (&r, 6, NULL, -1, "[\"x\"]");
  {
    g_autoptr(VsRecord) record = g_list_model_get_item (G_LIST_MODEL (r.model), 6);

    g_assert_cmpstr (vs_record_get_split (record), ==, "test");
  }

  /* Select all: the bulk action covers every record the table shows. */
  gtk_selection_model_select_all (selection);
  g_assert_cmpuint (vs_record_selection_get_n_selected (VS_RECORD_SELECTION (selection)), ==,
                    ROWS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (r.view), "review.bulk-status", "s",
                                             "accepted"));
  assert_progress (&r, "20 of 20 reviewed");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (r.window), "review-toast.undo", NULL));
  assert_progress (&r, "0 of 20 reviewed");

  /* An edit of a turn: checked as it is made, written, and undone. */
  vs_record_selection_select_position (VS_RECORD_SELECTION (selection), 0);
  assert_current (&r, 1);
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (first_text_view (r.pane,
                                                                                       2)));
    gpointer problem[2] = { &r, (gpointer) "missing_content" };
    gpointer edited[2] = { &r, (gpointer) "A better answer" };
    gpointer original[2] = { &r, (gpointer) "Answer 1" };

    gtk_text_buffer_set_text (buffer, "", -1);
    vs_test_wait_until (pane_has_problem, problem, 5000);
    gtk_text_buffer_set_text (buffer, "A better answer", -1);
    g_assert_true (vs_record_pane_commit (r.pane));
    vs_test_wait_until (example_has, edited, 5000);
    g_assert_false (pane_has_problem (problem));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (r.view), "review.undo", NULL));
    vs_test_wait_until (example_has, original, 5000);
  }
  /* A turn added and removed. */
  vs_record_pane_add_turn (r.pane);
  {
    g_autoptr(GPtrArray) turns = vs_record_pane_get_turns (r.pane);

    g_assert_cmpuint (turns->len, ==, 4);
    g_assert_cmpstr (vs_turn_row_get_role (g_ptr_array_index (turns, 3)), ==, "user");
  }

  /* A preference pair: shown, swapped from the pane and back, then marked a tie. */
  vs_record_selection_select_position (VS_RECORD_SELECTION (selection), 1);
  assert_current (&r, 2);
  {
    GtkWidget *swap = vs_test_find_descendant (GTK_WIDGET (r.pane), button_labelled, "_Swap");
    GtkWidget *tie = vs_test_find_descendant (GTK_WIDGET (r.pane), button_labelled, "T_ie");
    gpointer swapped[2] = { &r, (gpointer) "Bad 2" };
    gpointer back[2] = { &r, (gpointer) "Good 2" };

    g_assert_nonnull (swap);
    g_assert_true (gtk_widget_is_drawable (swap));
    g_signal_emit_by_name (swap, "clicked");
    vs_test_wait_until (pair_is, swapped, 5000);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (r.view), "review.undo", NULL));
    vs_test_wait_until (pair_is, back, 5000);
    g_assert_nonnull (tie);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (tie), TRUE);
    assert_row (&r, 1, NULL, -1, "[\"tie\"]");
  }

  vs_test_save_png (GTK_WIDGET (r.window), "test-curation.png");
  gtk_window_destroy (GTK_WINDOW (r.window));
  vs_test_flush ();
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = vs_test_home_new ("versus-curation-test");
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  app = vs_test_app_new (G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);

  g_test_add_func ("/versus/curation/keyboard", test_keyboard);
  g_test_add_func ("/versus/curation/bulk-and-edit", test_bulk_and_edit);

  status = g_test_run ();
  g_clear_object (&app);
  vs_test_rm_rf (home);
  return status;
}
