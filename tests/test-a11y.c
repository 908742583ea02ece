/* test-a11y.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a screen reader is told. The app runs as its own process on the sample project with
 * GTK's AT-SPI backend (under the suite's Xvfb and private session bus); this test is the
 * screen reader: it walks the accessibility tree of each page, of Preferences and of Project
 * Settings and fails on any actionable element whose name is empty, a type name, an icon name
 * or a mnemonic label said twice. GTK 4.8 reports no "showing" state below the window and keeps
 * the pages of a stack that are not shown "visible", so each walk covers every page's widgets;
 * each page is still opened once, for what it loads only when shown. VERSUS_A11Y_VERBOSE=1
 * prints every actionable element seen, =2 the whole tree.
 */
#include "config.h"

#include <atspi/atspi.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <string.h>

#include "vs-test-util.h"

/* libatspi 2.46 declares no autoptr cleanups. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiStateSet, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiAccessible, g_object_unref)

typedef struct
{
  GPid     pid;
  char    *dir;
  char    *project;
  gboolean verbose;
} App;

/* Roles a person acts on: these must say what they are or do. */
static gboolean
is_actionable (AtspiRole role)
{
  switch ((int) role)
    {
    case ATSPI_ROLE_PUSH_BUTTON:
    case ATSPI_ROLE_TOGGLE_BUTTON:
    case ATSPI_ROLE_CHECK_BOX:
    case ATSPI_ROLE_RADIO_BUTTON:
    case ATSPI_ROLE_SPIN_BUTTON:
    case ATSPI_ROLE_COMBO_BOX:
    case ATSPI_ROLE_ENTRY:
    case ATSPI_ROLE_PASSWORD_TEXT:
    case ATSPI_ROLE_LIST_ITEM:
    case ATSPI_ROLE_MENU_ITEM:
    case ATSPI_ROLE_CHECK_MENU_ITEM:
    case ATSPI_ROLE_RADIO_MENU_ITEM:
    case ATSPI_ROLE_LINK:
    case ATSPI_ROLE_SLIDER:
    case ATSPI_ROLE_PAGE_TAB:
    case ATSPI_ROLE_TEXT:
      return TRUE;
    default:
      return FALSE;
    }
}

/* "GtkImage", "AdwEntryRow", "VsItemList": a class name, not a name. */
static gboolean
is_type_name (const char *name)
{
  static const char *prefixes[] = { "Gtk", "Adw", "Vs", "Gsk", "GtkSource" };

  if (strchr (name, ' ') != NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      gsize n = strlen (prefixes[i]);

      if (strncmp (name, prefixes[i], n) == 0 && g_ascii_isupper (name[n]))
        return TRUE;
    }
  return FALSE;
}

/* "list-add-symbolic", "edit-find": an icon's name. */
static gboolean
is_icon_name (const char *name)
{
  if (strchr (name, ' ') != NULL || strchr (name, '-') == NULL)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/* "Save _Version… Save Version…": the label with its underline, then again without; or
 * "Versions Versions", a label and the same text again. */
static gboolean
is_doubled_mnemonic (const char *name)
{
  gsize len = strlen (name);

  if (len % 2 == 1 && name[len / 2] == ' ' && strncmp (name, name + len / 2 + 1, len / 2) == 0)
    return TRUE;

  if (strchr (name, '_') == NULL)
    return FALSE;
  if (len % 2 == 1)
    {
      g_autofree char *first = g_strndup (name, len / 2);
      g_autoptr(GString) plain = g_string_new (first);

      g_string_replace (plain, "_", "", 0);
      if (g_str_equal (plain->str, name + len / 2 + 1))
        return TRUE;
    }
  /* A lone mnemonic underline in a name is read aloud as "underline". */
  for (const char *p = strchr (name, '_'); p != NULL; p = strchr (p + 1, '_'))
    if (g_ascii_isalnum (p[1]) && (p == name || p[-1] == ' ' || g_ascii_isalpha (p[-1])))
      return TRUE;
  return FALSE;
}

static char *
describe_path (GPtrArray *path)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < path->len; i++)
    g_string_append_printf (text, "%s%s", i ? " › " : "", (char *) path->pdata[i]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
walk (AtspiAccessible *node,
      GPtrArray       *path,
      GPtrArray       *problems,
      guint           *n_checked,
      gboolean         verbose)
{
  g_autoptr(AtspiStateSet) states = atspi_accessible_get_state_set (node);
  g_autofree char *name = atspi_accessible_get_name (node, NULL);
  g_autofree char *role_name = atspi_accessible_get_role_name (node, NULL);
  AtspiRole role = atspi_accessible_get_role (node, NULL);
  int n_children;

  if (g_strcmp0 (g_getenv ("VERSUS_A11Y_VERBOSE"), "2") == 0)
    g_printerr ("%*s%s “%s” showing=%d visible=%d\n", (int) path->len * 2, "", role_name,
                name ? name : "", states && atspi_state_set_contains (states, ATSPI_STATE_SHOWING),
                states && atspi_state_set_contains (states, ATSPI_STATE_VISIBLE));
  /* What is hidden is not read. */
  if (states == NULL || !atspi_state_set_contains (states, ATSPI_STATE_VISIBLE))
    return;

  g_ptr_array_add (path, g_strdup_printf ("%s “%s”", role_name ? role_name : "?",
                                          name ? name : ""));

  /* Plain text is actionable only when a person can type into it. */
  if (is_actionable (role) &&
      (role != ATSPI_ROLE_TEXT || atspi_state_set_contains (states, ATSPI_STATE_EDITABLE)))
    {
      const char *why = NULL;

      (*n_checked)++;
      if (name == NULL || *g_strstrip (name) == '\0')
        why = "has no name";
      else if (is_type_name (name))
        why = "is named after its type";
      else if (is_icon_name (name))
        why = "is named after its icon";
      else if (is_doubled_mnemonic (name))
        why = "says its label twice";
      if (verbose)
        g_printerr ("%s %s\n", why ? "✗" : "✓", (char *) path->pdata[path->len - 1]);
      if (why != NULL)
        {
          g_autofree char *where = describe_path (path);

          g_ptr_array_add (problems, g_strdup_printf ("%s %s (%s)", role_name, why, where));
        }
    }

  n_children = atspi_accessible_get_child_count (node, NULL);
  for (int i = 0; i < n_children; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (node, i, NULL);

      if (child != NULL)
        walk (child, path, problems, n_checked, verbose);
    }
  g_free (g_ptr_array_steal_index (path, path->len - 1));
}

static AtspiAccessible *
find_app (GPid pid)
{
  g_autoptr(AtspiAccessible) desktop = atspi_get_desktop (0);
  int n = atspi_accessible_get_child_count (desktop, NULL);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) app = atspi_accessible_get_child_at_index (desktop, i, NULL);

      if (app != NULL && atspi_accessible_get_process_id (app, NULL) == (guint) pid)
        return g_steal_pointer (&app);
    }
  return NULL;
}

/* The application's windows that are on screen, by title. */
static AtspiAccessible *
find_window (AtspiAccessible *app,
             const char      *title_part)
{
  int n = atspi_accessible_get_child_count (app, NULL);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) window = atspi_accessible_get_child_at_index (app, i, NULL);
      g_autoptr(AtspiStateSet) states = NULL;
      g_autofree char *name = NULL;

      if (window == NULL)
        continue;
      states = atspi_accessible_get_state_set (window);
      name = atspi_accessible_get_name (window, NULL);
      if (atspi_state_set_contains (states, ATSPI_STATE_SHOWING) && name != NULL &&
          strstr (name, title_part) != NULL)
        return g_steal_pointer (&window);
    }
  return NULL;
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
}

/* Polls for the app's window. libatspi caches what it was told of an accessible (its
 * children, name, states) and GTK 4.8 does not always announce changes the cache would follow:
 * an app seen before its window was mapped would stay windowless. Each poll starts afresh. */
static AtspiAccessible *
wait_for_window (App        *app,
                 const char *title_part)
{
  gint64 start = g_get_monotonic_time ();
  gint64 end = start + 90 * G_USEC_PER_SEC;
  gboolean seen_app = FALSE;

  while (g_get_monotonic_time () < end)
    {
      g_autoptr(AtspiAccessible) desktop = atspi_get_desktop (0);
      g_autoptr(AtspiAccessible) root = NULL;
      int status = 0;

      if (waitpid (app->pid, &status, WNOHANG) == app->pid)
        {
          app->pid = 0;
          g_error ("the app exited before its window “%s” appeared (%s %d)", title_part,
                   WIFSIGNALED (status) ? "signal" : "exit status",
                   WIFSIGNALED (status) ? WTERMSIG (status) : WEXITSTATUS (status));
        }
      atspi_accessible_clear_cache (desktop);
      root = find_app (app->pid);
      if (root != NULL)
        {
          AtspiAccessible *window;

          seen_app = TRUE;
          atspi_accessible_clear_cache (root);
          window = find_window (root, title_part);
          if (window != NULL)
            {
              g_test_message ("window “%s” after %.1f s", title_part,
                              (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
              return window;
            }
        }
      spin (100);
    }
  {
    g_autoptr(AtspiAccessible) desktop = atspi_get_desktop (0);
    int n;

    atspi_accessible_clear_cache (desktop);
    n = atspi_accessible_get_child_count (desktop, NULL);
    for (int i = 0; i < n; i++)
      {
        g_autoptr(AtspiAccessible) other = atspi_accessible_get_child_at_index (desktop, i, NULL);
        g_autofree char *name = other ? atspi_accessible_get_name (other, NULL) : NULL;

        g_printerr ("on the bus: “%s” (pid %u), %d windows\n", name ? name : "",
                    other ? atspi_accessible_get_process_id (other, NULL) : 0,
                    other ? atspi_accessible_get_child_count (other, NULL) : 0);
      }
  }
  g_error ("no window “%s” of the app (pid %d) appeared on the accessibility bus (%s)",
           title_part, (int) app->pid,
           seen_app ? "the app was there, without that window" : "nor the app itself");
  return NULL;
}

/* The app ends with the test, even when a failed assertion aborts it: an app left running
 * would hold the test's output open and the suite would wait for it. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* The app on a copy of the sample project, opening at PAGE (the page it was left at). */
static void
app_start (App        *app,
           const char *page)
{
  g_autofree char *home = g_build_filename (app->dir, "config", NULL);
  g_autofree char *config = g_build_filename (home, "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (config, "keyfile", NULL);
  g_autofree char *contents =
    g_strdup_printf ("[io/github/versuslab/Versus]\nlast-page='%s'\n", page);
  g_autofree char *program = g_build_filename (g_getenv ("VERSUS_BUILD_ROOT"), "src", "app",
                                               "versus", NULL);
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { program, app->project, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  g_assert_true (g_file_set_contents (keyfile, contents, -1, &error));
  g_assert_no_error (error);

  env = g_environ_unsetenv (env, "GTK_A11Y");
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "keyfile", TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", home, TRUE);
  env = g_environ_setenv (env, "G_DEBUG", "", TRUE);
  g_assert_true (g_spawn_async (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD,
                                die_with_parent, NULL, &app->pid, &error));
  g_assert_no_error (error);
}

static void
app_stop (App *app)
{
  if (app->pid == 0)
    return;
  kill (app->pid, SIGTERM);
  waitpid (app->pid, NULL, 0);
  g_spawn_close_pid (app->pid);
  app->pid = 0;
}

static void
check (AtspiAccessible *window,
       const char      *what,
       gboolean         verbose)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) path = g_ptr_array_new_with_free_func (g_free);
  guint n_checked = 0;

  walk (window, path, problems, &n_checked, verbose);
  g_test_message ("%s: %u actionable elements, %u badly named", what, n_checked, problems->len);
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("%s: %s\n", what, (char *) problems->pdata[i]);
  /* A page that exposes nothing would pass any check. */
  g_assert_cmpuint (n_checked, >, 5);
  g_assert_cmpuint (problems->len, ==, 0);
}

static App *
app_new (void)
{
  App *app = g_new0 (App, 1);
  g_autofree char *sample = g_build_filename (g_getenv ("VERSUS_BUILD_ROOT"), "data",
                                              "sample.versus", NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  app->dir = vs_test_tmpdir_new ();
  app->project = g_build_filename (app->dir, "Sample.versus", NULL);
  app->verbose = g_strcmp0 (g_getenv ("VERSUS_A11Y_VERBOSE"), "1") == 0;
  g_assert_true (g_file_get_contents (sample, &contents, &len, &error));
  g_assert_true (g_file_set_contents (app->project, contents, len, &error));
  g_assert_no_error (error);
  return app;
}

static void
app_free (App *app)
{
  app_stop (app);
  g_free (app->project);
  g_free (app->dir);
  g_free (app);
}

static void
test_page (gconstpointer data)
{
  const char *page = data;
  App *app = app_new ();
  g_autoptr(AtspiAccessible) window = NULL;

  app_start (app, page);
  window = wait_for_window (app, "Versus");
  /* Let the page load its lists. */
  spin (1500);
  check (window, page, app->verbose);
  app_free (app);
}

/* Preferences (app-wide) and Project Settings (the project's endpoints and prices), each
 * opened through its application action as the menu does. */
static void
test_settings_window (gconstpointer data)
{
  const char *action = data;
  const char *title = g_str_equal (action, "preferences") ? "Preferences" : "Project Settings";
  App *app = app_new ();
  g_autoptr(AtspiAccessible) window = NULL;
  g_autoptr(AtspiAccessible) preferences = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autofree char *object_path = g_strdelimit (g_strconcat ("/", APP_ID, NULL), ".", '/');
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  app_start (app, "prompts");
  window = wait_for_window (app, "Versus");
  reply = g_dbus_connection_call_sync (bus, APP_ID, object_path, "org.gtk.Actions", "Activate",
                                       g_variant_new ("(sava{sv})", action, NULL, NULL),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  g_assert_no_error (error);
  preferences = wait_for_window (app, title);
  spin (1000);
  check (preferences, action, app->verbose);
  app_free (app);
}

/* GTK 4.8 has no /org/a11y/atspi/cache; libatspi warns once per application. */
static gboolean
ignore_atspi_warnings (const char     *domain,
                       GLogLevelFlags  level,
                       const char     *message,
                       gpointer        user_data)
{
  return g_strcmp0 (domain, "dbind") != 0;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* libatspi logs through the structured writer, which the fatal handler does not see. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_test_log_set_fatal_handler (ignore_atspi_warnings, NULL);

  if (atspi_init () != 0)
    g_error ("the accessibility bus is not reachable");

  g_test_add_data_func ("/versus/a11y/prompts", "prompts", test_page);
  g_test_add_data_func ("/versus/a11y/datasets", "datasets", test_page);
  g_test_add_data_func ("/versus/a11y/finetunes", "finetunes", test_page);
  g_test_add_data_func ("/versus/a11y/compare", "compare", test_page);
  g_test_add_data_func ("/versus/a11y/preferences", "preferences", test_settings_window);
  g_test_add_data_func ("/versus/a11y/project-settings", "project-settings", test_settings_window);
  return g_test_run ();
}
