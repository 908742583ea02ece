/* test-app.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application shell, headless: the window opens on a project, every workbench is reached
 * through its action, the shortcuts, about and preferences windows open, and a PNG of the
 * window is written into the build directory to look at.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "vs-application.h"
#include "vs-bundle.h"
#include "vs-test-gui.h"
#include "vs-test-util.h"
#include "vs-window.h"

/* One application for the whole program: a process can register only one. */
static VsApplication *app;

static gboolean
has_project (gpointer data)
{
  return vs_window_get_project (data) != NULL;
}

static gboolean
shortcuts_shown (gpointer data)
{
  return vs_test_find_window (GTK_TYPE_SHORTCUTS_WINDOW) != NULL;
}

static gboolean
about_shown (gpointer data)
{
  return vs_test_find_window (ADW_TYPE_ABOUT_WINDOW) != NULL;
}

static gboolean
prefs_shown (gpointer data)
{
  return vs_test_find_window (ADW_TYPE_PREFERENCES_WINDOW) != NULL;
}

static gboolean
edits_copy (gpointer data)
{
  VsProject *project = vs_window_get_project (data);

  return project != NULL && g_str_has_suffix (vs_project_get_path (project), "copy.versus");
}

static gboolean
edits_original (gpointer data)
{
  VsProject *project = vs_window_get_project (data);

  return project != NULL && !vs_window_is_loading (data) &&
         !g_str_has_suffix (vs_project_get_path (project), "copy.versus");
}

static void
test_shell (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "Ticket triage.versus", NULL);
  g_autofree char *bundle = vs_test_source_path ("data", "sample", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  VsWindow *window;
  GtkWindow *other;

  /* A project to open, built from the sample bundle. */
  {
    g_autoptr(VsProject) project = vs_project_open (path, VS_PROJECT_OPEN_CREATE, &error);

    g_assert_no_error (error);
    g_assert_true (vs_bundle_import (project, bundle, &error));
    g_assert_no_error (error);
  }

  g_application_activate (G_APPLICATION (app));
  g_application_open (G_APPLICATION (app), &file, 1, "");

  window = VS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  vs_test_wait_until (has_project, window, 5000);
  g_assert_cmpstr (vs_project_get_path (vs_window_get_project (window)), ==, path);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==,
                   "Support tickets (sample) — Versus");

  /* Every workbench through its action. */
  {
    const char *pages[] = { "datasets", "finetunes", "compare", "prompts" };

    for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
      {
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", pages[i]));
        vs_test_wait_for_property (window, "page", pages[i], 3000);
      }
  }

  /* The accelerators are registered where the shortcuts window reads them. */
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                  "win.page::datasets");

    g_assert_cmpstr (accels[0], ==, "<Control>2");
  }

  gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "datasets");
  vs_test_wait_for_property (window, "page", "datasets", 3000);
  vs_test_save_png (GTK_WIDGET (window), "test-app-window.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  vs_test_wait_until (shortcuts_shown, NULL, 3000);
  other = vs_test_find_window (GTK_TYPE_SHORTCUTS_WINDOW);
  /* Its one section has a title (the window shows it). */
  {
    GtkWidget *section = vs_test_find_widget (GTK_WIDGET (other), GTK_TYPE_SHORTCUTS_SECTION);
    g_autofree char *title = NULL;

    g_assert_nonnull (section);
    g_object_get (section, "title", &title, NULL);
    g_assert_cmpstr (title, ==, "Versus");
  }
  gtk_window_close (other);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  vs_test_wait_until (about_shown, NULL, 3000);
  gtk_window_destroy (vs_test_find_window (ADW_TYPE_ABOUT_WINDOW));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  vs_test_wait_until (prefs_shown, NULL, 3000);
  gtk_window_destroy (vs_test_find_window (ADW_TYPE_PREFERENCES_WINDOW));

  /* Save As copies on a worker and then edits the copy. */
  {
    g_autofree char *copy = g_build_filename (dir, "copy.versus", NULL);

    vs_window_save_copy (window, copy);
    vs_test_wait_until (edits_copy, window, 10000);
    vs_test_wait_until (has_project, window, 5000);
    g_assert_true (g_file_test (copy, G_FILE_TEST_EXISTS));
    /* Back to the original for what follows. */
    vs_window_open_project (window, file);
    vs_test_wait_until (edits_original, window, 5000);
  }

  /* The project is remembered for the next start. */
  {
    GSettings *settings = vs_application_get_settings (app);
    g_autofree char *last = g_settings_get_string (settings, "last-project");
    g_auto(GStrv) recent = g_settings_get_strv (settings, "recent-projects");

    g_assert_cmpstr (last, ==, path);
    g_assert_cmpstr (recent[0], ==, path);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
  vs_test_rm_rf (dir);
}

static void
test_open_error (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "broken.versus", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  VsWindow *window;

  g_assert_true (g_file_set_contents (path, "not a project", -1, NULL));

  window = vs_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  vs_window_open_project (window, file);
  vs_test_wait_for_property (window, "loading", FALSE, 5000);

  g_assert_null (vs_window_get_project (window));
  /* Nothing to save when nothing is open. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-as", NULL) &&
                  vs_window_get_project (window) != NULL);

  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
  vs_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* A private home: the app copies the sample and writes settings there. */
  g_autofree char *home = vs_test_home_new ("versus-app-test");

  vs_test_gui_init (&argc, &argv);

  app = vs_test_app_new (G_APPLICATION_HANDLES_OPEN);

  g_test_add_func ("/versus/app/shell", test_shell);
  g_test_add_func ("/versus/app/open-error", test_open_error);

  {
    int status = g_test_run ();

    g_clear_object (&app);
    vs_test_rm_rf (home);
    return status;
  }
}
