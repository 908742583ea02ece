/* test-snapshot-list.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Snapshots in the window: "Snapshot…" on the Datasets page opens the dialog with the date and
 * time as name; answering it freezes the dataset, and the overview's list of snapshots shows
 * it with what changed since the previous one; the accepted-only switch is honoured.
 */
#include "config.h"

#include <adwaita.h>

#include "vs-dataset-import.h"
#include "vs-dataset-snapshot.h"
#include "vs-datasets-page.h"
#include "vs-item-list.h"
#include "vs-snapshot-dialog.h"
#include "vs-snapshot-list.h"
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
has_selection (gpointer data)
{
  VsItemList *items = VS_ITEM_LIST (vs_test_find_widget (data, VS_TYPE_ITEM_LIST));

  return items != NULL && vs_item_list_get_selected_id (items) > 0;
}

static VsSnapshotDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (VS_IS_SNAPSHOT_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return VS_SNAPSHOT_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

typedef struct
{
  GtkWidget *page;
  guint      n;
} ListState;

static gboolean
list_has (gpointer data)
{
  ListState *state = data;
  GtkWidget *list = vs_test_find_widget (state->page, VS_TYPE_SNAPSHOT_LIST);

  return list != NULL && vs_snapshot_list_get_n_snapshots (VS_SNAPSHOT_LIST (list)) == state->n;
}

static gboolean
is_row_titled (GtkWidget    *widget,
               gconstpointer title)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

typedef struct
{
  GtkWidget  *page;
  const char *title;
  const char *subtitle;
} RowState;

/* The row titled @title says @subtitle (filled in when its diff arrives). */
static gboolean
row_says (gpointer data)
{
  RowState *state = data;
  GtkWidget *row = vs_test_find_descendant (state->page, is_row_titled, state->title);

  return row != NULL &&
         strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), state->subtitle) != NULL;
}

/* Opens the dialog from the page's action, sets the name and the switch, and answers. */
static void
snapshot_from_dialog (GtkWidget  *page,
                      const char *name,
                      gboolean    accepted_only)
{
  VsSnapshotDialog *dialog;
  GtkWidget *entry;
  GtkWidget *toggle;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *minute = g_date_time_format (now, "%Y-%m-%d");

  g_assert_true (gtk_widget_activate_action (page, "datasets.snapshot", NULL));
  vs_test_wait_until (dialog_shown, NULL, 3000);
  dialog = find_dialog ();
  entry = vs_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);
  toggle = vs_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_SWITCH);
  /* Prefilled with the date and time. */
  g_assert_true (g_str_has_prefix (gtk_editable_get_text (GTK_EDITABLE (entry)), minute));
  if (name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), name);
  gtk_switch_set_active (GTK_SWITCH (toggle), accepted_only);
  /* As its button does: the response, then the dialog closes. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "snapshot");
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
test_snapshot (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *jsonl = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("snapshots.versus", &dir, &path);
  g_autoptr(VsDatasetImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) snapshots = NULL;
  ListState state = { NULL, 0 };
  VsWindow *window;
  GtkWidget *page;
  VsProject *open;

  jsonl = g_build_filename (dir, "qa.jsonl", NULL);
  g_assert_true (g_file_set_contents (jsonl, "{\"q\":\"a\"}\n{\"q\":\"b\"}\n{\"q\":\"c\"}\n", -1,
                                      NULL));
  summary = vs_dataset_import_sync (project, jsonl, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&project);

  window = vs_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);

    vs_window_open_project (window, file);
  }
  vs_test_wait_until (has_project, window, 5000);
  open = vs_window_get_project (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "datasets"));
  page = vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_DATASETS_PAGE);
  vs_test_wait_until (has_selection, page, 5000);

  /* No snapshot yet: the list shows its placeholder. */
  state.page = page;
  vs_test_wait_until (list_has, &state, 3000);

  snapshot_from_dialog (page, "first", FALSE);
  state.n = 1;
  vs_test_wait_until (list_has, &state, 5000);
  vs_test_wait_until (row_says, &((RowState) { page, "first", "first snapshot" }), 5000);

  /* Accepted only: nothing is accepted, so every record is gone from it. */
  snapshot_from_dialog (page, "accepted", TRUE);
  state.n = 2;
  vs_test_wait_until (list_has, &state, 5000);
  vs_test_wait_until (row_says, &((RowState) { page, "accepted", "3 removed" }), 5000);

  /* Left as prefilled: the date and time. */
  snapshot_from_dialog (page, NULL, FALSE);
  state.n = 3;
  vs_test_wait_until (list_has, &state, 5000);
  snapshots = vs_dataset_snapshot_list (open, summary->dataset_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (snapshots->len, ==, 3);
  g_assert_true (((VsSnapshotInfo *) g_ptr_array_index (snapshots, 1))->accepted_only);
  g_assert_cmpint (((VsSnapshotInfo *) g_ptr_array_index (snapshots, 1))->n_records, ==, 0);
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$",
                                       ((VsSnapshotInfo *) g_ptr_array_index (snapshots, 2))->name,
                                       0, 0));

  vs_test_save_png (GTK_WIDGET (window), "test-snapshot-list.png");
  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = vs_test_home_new ("versus-snapshot-test");
  int status;

  vs_test_gui_init (&argc, &argv);
  app = vs_test_app_new (G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);

  g_test_add_func ("/versus/snapshot-list/dialog-and-list", test_snapshot);

  status = g_test_run ();
  g_clear_object (&app);
  vs_test_rm_rf (home);
  return status;
}
