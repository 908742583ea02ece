/* test-preferences.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Project Settings and Preferences under Xvfb, driven through their actions and widgets: add an
 * endpoint, test the connection against the in-process fake server (its models listed, a wrong
 * key reported, Cancel), edit, remove with Undo; the key goes through vs-secrets and never into
 * the project file; prices edited and found in the project file (all in Project Settings); the
 * response cache cleared, the style and the default encoding set (Preferences, which holds
 * nothing of the project's own). PNGs of the pages are written into the build directory.
 *
 * The program runs on a private session bus with nothing to activate, so "no Secret Service"
 * is real, not simulated; one test starts its own unlocked gnome-keyring-daemon on that bus
 * first to check that keys then go to the keyring.
 */
#include "config.h"

#include <adwaita.h>
#include <libsecret/secret.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "vs-application.h"
#include "vs-endpoint-editor.h"
#include "vs-endpoint-row.h"
#include "vs-fake-llm.h"
#include "vs-preferences-window.h"
#include "vs-project-settings-window.h"
#include "vs-prices-page.h"
#include "vs-prices.h"
#include "vs-request-engine.h"
#include "vs-secrets.h"
#include "vs-test-gui.h"
#include "vs-test-util.h"
#include "vs-project-private.h"

#define TEST_KEY "sk-test-9f8e7d6c5b4a"

static VsApplication *app;

/* ---- helpers ----------------------------------------------------------------------------- */

typedef struct
{
  GType       type;
  const char *title;
} RowQuery;

static gboolean
is_row (GtkWidget     *widget,
        gconstpointer  data)
{
  const RowQuery *query = data;

  return G_TYPE_CHECK_INSTANCE_TYPE (widget, query->type) &&
         (query->title == NULL ||
          (ADW_IS_PREFERENCES_ROW (widget) &&
           g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)),
                      query->title) == 0));
}

/* The first descendant of @root (itself included) that is a @type and, when @title is set,
 * a preferences row with that title. */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *title)
{
  RowQuery query = { type, title };

  return vs_test_find_descendant (root, is_row, &query);
}

static gboolean
label_contains (GtkWidget     *widget,
                gconstpointer  needle)
{
  return GTK_IS_LABEL (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL;
}

/* The first label below @root whose text contains @needle. */
static GtkLabel *
find_label (GtkWidget  *root,
            const char *needle)
{
  return (GtkLabel *) vs_test_find_descendant (root, label_contains, needle);
}

static gboolean
is_named (GtkWidget     *widget,
          gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  return vs_test_find_descendant (root, is_named, name);
}

static void
set_entry (GtkWidget  *root,
           GType       type,
           const char *title,
           const char *text)
{
  GtkWidget *row = find_widget (root, type, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static const char *
get_entry (GtkWidget  *root,
           GType       type,
           const char *title)
{
  GtkWidget *row = find_widget (root, type, title);

  g_assert_nonnull (row);
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static const char *
row_subtitle (GtkWidget  *root,
              const char *title)
{
  GtkWidget *row = find_widget (root, ADW_TYPE_ACTION_ROW, title);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

/* Whether @widget is on screen (mapped) — hidden widgets and hidden pages are not. */
static gboolean
shown (GtkWidget *widget)
{
  return widget != NULL && gtk_widget_get_mapped (widget);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  gsize n = strlen (needle);

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (contents + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static VsPreferencesWindow *
open_preferences (VsProject *project)
{
  VsPreferencesWindow *prefs = vs_preferences_window_new (app);

  vs_preferences_window_set_project (prefs, project);
  gtk_window_present (GTK_WINDOW (prefs));
  vs_test_wait_for_allocation (prefs, 10000);
  return prefs;
}

static VsProjectSettingsWindow *
open_project_settings (VsProject *project)
{
  VsProjectSettingsWindow *prefs = vs_project_settings_window_new ();

  vs_project_settings_window_set_project (prefs, project);
  gtk_window_set_default_size (GTK_WINDOW (prefs), 680, 760);
  gtk_window_present (GTK_WINDOW (prefs));
  vs_test_wait_for_allocation (prefs, 10000);
  return prefs;
}

/* ---- waits ------------------------------------------------------------------------------- */

typedef struct
{
  VsProjectSettingsWindow *prefs;
  VsProject           *project;
  guint                n;
  const char          *text;
} Wait;

static gboolean
editor_open (gpointer data)
{
  Wait *w = data;
  VsEndpointEditor *editor = vs_project_settings_window_get_editor (w->prefs);

  return editor != NULL && gtk_widget_get_mapped (GTK_WIDGET (editor));
}

static gboolean
editor_closed (gpointer data)
{
  Wait *w = data;
  VsEndpointEditor *editor = vs_project_settings_window_get_editor (w->prefs);

  return editor == NULL || !gtk_widget_get_mapped (GTK_WIDGET (editor));
}

static gboolean
test_done (gpointer data)
{
  return !vs_endpoint_editor_get_testing (data);
}

static gboolean
test_running (gpointer data)
{
  return vs_endpoint_editor_get_testing (data);
}

static gboolean
n_rows_is (gpointer data)
{
  Wait *w = data;
  g_autoptr(GListModel) rows = vs_project_settings_window_list_endpoint_rows (w->prefs);

  return g_list_model_get_n_items (rows) == w->n;
}

static gboolean
n_endpoints_is (gpointer data)
{
  Wait *w = data;
  g_autoptr(GPtrArray) endpoints = vs_endpoint_list (w->project, NULL);

  return endpoints != NULL && endpoints->len == w->n;
}

static gboolean
key_field_is (gpointer data)
{
  Wait *w = data;
  VsEndpointEditor *editor = vs_project_settings_window_get_editor (w->prefs);

  return editor != NULL &&
         g_strcmp0 (get_entry (GTK_WIDGET (editor), ADW_TYPE_PASSWORD_ENTRY_ROW, "Key"),
                    w->text) == 0;
}

static gboolean
first_row_has_key (gpointer data)
{
  Wait *w = data;
  g_autoptr(GListModel) rows = vs_project_settings_window_list_endpoint_rows (w->prefs);
  g_autoptr(VsEndpointRow) row = g_list_model_get_item (rows, 0);

  return row != NULL && vs_endpoint_row_get_has_key (row);
}

typedef struct
{
  VsFakeLlm *fake;
  guint      n;
} ServerWait;

static gboolean
server_has_requests (gpointer data)
{
  ServerWait *wait = data;

  return vs_fake_llm_get_request_count (wait->fake, NULL) >= wait->n;
}

static gboolean
session_notice_hidden (gpointer data)
{
  return !shown (GTK_WIDGET (find_label (data, "the key is kept for this session only")));
}

static gboolean
session_key_forgotten (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = vs_secrets_lookup_sync (data, NULL, &error);

  g_assert_no_error (error);
  return key == NULL;
}

static gboolean
keyring_notice_shown (gpointer data)
{
  return shown (find_widget (data, ADW_TYPE_ACTION_ROW, "No keyring available"));
}

static VsEndpoint *
only_endpoint (VsProject *project)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) endpoints = vs_endpoint_list (project, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (endpoints->len, ==, 1);
  return g_object_ref (g_ptr_array_index (endpoints, 0));
}

/* ---- tests ------------------------------------------------------------------------------- */

static void
test_endpoints (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("prefs.versus", &dir, &path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *expected_url = NULL;
  g_autoptr(VsFakeLlm) fake = NULL;
  g_autoptr(VsEndpoint) saved = NULL;
  g_autofree char *key = NULL;
  VsProjectSettingsWindow *prefs;
  VsEndpointEditor *editor;
  GtkWidget *root;
  Wait w = { 0 };
  guint requests_before;
  gint64 id;

  fake = vs_fake_llm_new (0, &error);
  g_assert_no_error (error);
  vs_fake_llm_set_required_key (fake, TEST_KEY);
  expected_url = g_strconcat (vs_fake_llm_get_url (fake), "/v1", NULL);

  prefs = open_project_settings (project);
  root = GTK_WIDGET (prefs);
  w.prefs = prefs;
  w.project = project;

  /* An empty project: the empty row, and — once the window has asked — no keyring. */
  g_assert_true (shown (find_widget (root, ADW_TYPE_ACTION_ROW, "No endpoints yet")));
  vs_test_wait_until (keyring_notice_shown, root, 5000);
  g_assert_false (vs_secrets_have_keyring ());
  vs_test_save_png (root, "test-preferences-empty.png");

  /* Add: the editor opens as a subpage. */
  g_assert_true (gtk_widget_activate_action (root, "project.add-endpoint", NULL));
  vs_test_wait_until (editor_open, &w, 3000);
  editor = vs_project_settings_window_get_editor (prefs);
  g_assert_true (vs_endpoint_editor_get_is_new (editor));
  /* The key field says up front that the key would be kept for this session only. */
  g_assert_true (shown (GTK_WIDGET (find_label (GTK_WIDGET (editor),
                                                "the key is kept for this session only"))));

  /* A URL that cannot be used says why and cannot be saved. */
  set_entry (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, "Base URL", "ftp://example.com");
  g_assert_nonnull (find_label (GTK_WIDGET (editor), "This URL cannot be used"));
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  vs_test_flush ();
  g_assert_cmpint (vs_project_count (project, "endpoints"), ==, 0);

  /* A server root gets /v1 for the OpenAI-compatible API, and the hint shows where. */
  set_entry (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, "Base URL", vs_fake_llm_get_url (fake));
  {
    g_autofree char *hint = g_strdup_printf ("Requests go to %s/chat/completions",
                                             expected_url);
    g_assert_nonnull (find_label (GTK_WIDGET (editor), hint));
  }
  set_entry (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, "Name", "Fake server");

  /* Extra headers: a key-carrying one is refused with the reason; a plain one is listed. */
  {
    const char *title = "Add a header as “Name: value”";
    GtkWidget *entry = find_widget (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, title);

    gtk_editable_set_text (GTK_EDITABLE (entry), "Authorization: Bearer sk-nope");
    g_signal_emit_by_name (entry, "apply");
    g_assert_true (shown (GTK_WIDGET (find_label (GTK_WIDGET (editor), "key field"))));
    g_assert_null (find_widget (GTK_WIDGET (editor), ADW_TYPE_ACTION_ROW, "Authorization"));
    gtk_editable_set_text (GTK_EDITABLE (entry), "HTTP-Referer : https://versus.example");
    g_assert_false (shown (GTK_WIDGET (find_label (GTK_WIDGET (editor), "key field"))));
    g_signal_emit_by_name (entry, "apply");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
    g_assert_nonnull (find_widget (GTK_WIDGET (editor), ADW_TYPE_ACTION_ROW, "HTTP-Referer"));
    gtk_editable_set_text (GTK_EDITABLE (entry), "X-Title: Versus");
    g_signal_emit_by_name (entry, "apply");
  }

  /* Without the key the server says no, and the test says so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.test", NULL));
  g_assert_true (vs_endpoint_editor_get_testing (editor));
  vs_test_wait_until (test_done, editor, 10000);
  g_assert_null (vs_endpoint_editor_get_models (editor));
  g_assert_cmpstr (row_subtitle (GTK_WIDGET (editor), "Test connection"), !=,
                   "Asks the server which models it offers");
  g_assert_null (strstr (row_subtitle (GTK_WIDGET (editor), "Test connection"), "Connected"));
  g_test_message ("without a key: %s", row_subtitle (GTK_WIDGET (editor), "Test connection"));
  vs_test_save_png (root, "test-preferences-editor-error.png");

  /* A wrong key: refused too, and the server's echo of it never reaches the screen. */
  set_entry (GTK_WIDGET (editor), ADW_TYPE_PASSWORD_ENTRY_ROW, "Key", "sk-wrong-5a5a5a5a5a");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.test", NULL));
  vs_test_wait_until (test_done, editor, 10000);
  g_assert_null (vs_endpoint_editor_get_models (editor));
  g_assert_null (strstr (row_subtitle (GTK_WIDGET (editor), "Test connection"), "5a5a5a"));
  g_test_message ("wrong key: %s", row_subtitle (GTK_WIDGET (editor), "Test connection"));

  /* With the key: the models are listed. */
  set_entry (GTK_WIDGET (editor), ADW_TYPE_PASSWORD_ENTRY_ROW, "Key", TEST_KEY);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.test", NULL));
  vs_test_wait_until (test_done, editor, 10000);
  {
    const char * const *models = vs_endpoint_editor_get_models (editor);

    g_assert_nonnull (models);
    g_assert_cmpstr (models[0], ==, "fake-small");
    g_assert_cmpstr (models[1], ==, "fake-large");
    g_assert_null (models[2]);
    g_assert_nonnull (strstr (row_subtitle (GTK_WIDGET (editor), "Test connection"),
                              "Connected"));
    g_assert_true (shown (find_widget (GTK_WIDGET (editor), ADW_TYPE_ACTION_ROW,
                                       "fake-large")));
  }

  /* Cancel stops a slow test at once, leaving the list as it was. */
  vs_fake_llm_set_latency_ms (fake, 5000);
  requests_before = vs_fake_llm_get_request_count (fake, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.test", NULL));
  vs_test_wait_until (test_running, editor, 1000);
  /* … and the request has reached the server. */
  vs_test_wait_until (server_has_requests,
                      (&(ServerWait) { fake, requests_before + 1 }),
                      3000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.cancel-test", NULL));
  vs_test_wait_until (test_done, editor, 1000);
  g_assert_cmpstr (row_subtitle (GTK_WIDGET (editor), "Test connection"), ==, "Test cancelled");
  vs_fake_llm_set_latency_ms (fake, 0);

  /* Selecting a listed model makes it the default. */
  g_signal_emit_by_name (find_widget (GTK_WIDGET (editor), ADW_TYPE_ACTION_ROW, "fake-large"),
                         "activated");
  g_assert_cmpstr (get_entry (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, "Default model"), ==,
                   "fake-large");
  vs_test_save_png (root, "test-preferences-editor.png");
  {
    GtkScrolledWindow *scrolled =
      GTK_SCROLLED_WINDOW (find_widget (GTK_WIDGET (editor), GTK_TYPE_SCROLLED_WINDOW, NULL));
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    vs_test_save_png (root, "test-preferences-editor-models.png");
  }

  /* Save: the endpoint is in the project, the key is not. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  w.n = 1;
  vs_test_wait_until (n_rows_is, &w, 5000);
  vs_test_wait_until (editor_closed, &w, 3000);
  saved = only_endpoint (project);
  id = vs_endpoint_get_id (saved);
  g_assert_cmpstr (vs_endpoint_get_name (saved), ==, "Fake server");
  g_assert_cmpint (vs_endpoint_get_kind (saved), ==, VS_ENDPOINT_KIND_OPENAI);
  g_assert_cmpstr (vs_endpoint_get_base_url (saved), ==, expected_url);
  g_assert_cmpstr (vs_endpoint_get_default_model (saved), ==, "fake-large");
  g_assert_cmpuint (g_hash_table_size (vs_endpoint_get_headers (saved)), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (vs_endpoint_get_headers (saved), "HTTP-Referer"), ==,
                   "https://versus.example");
  key = vs_secrets_lookup_sync (saved, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, TEST_KEY);
  g_assert_false (vs_secrets_have_keyring ());
  g_assert_false (file_contains (path, TEST_KEY));
  g_assert_false (file_contains (wal, TEST_KEY));
  vs_test_wait_until (first_row_has_key, &w, 3000);
  g_assert_false (shown (find_widget (root, ADW_TYPE_ACTION_ROW, "No endpoints yet")));
  g_assert_true (shown (find_widget (root, ADW_TYPE_ACTION_ROW, "No keyring available")));

  /* Edit: the fields come back, the key from vs-secrets. */
  g_assert_true (gtk_widget_activate_action (root, "project.edit-endpoint", "x", id));
  vs_test_wait_until (editor_open, &w, 3000);
  editor = vs_project_settings_window_get_editor (prefs);
  g_assert_false (vs_endpoint_editor_get_is_new (editor));
  w.text = TEST_KEY;
  vs_test_wait_until (key_field_is, &w, 3000);
  g_assert_cmpstr (get_entry (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, "Name"), ==,
                   "Fake server");
  g_assert_cmpstr (get_entry (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, "Base URL"), ==,
                   expected_url);
  {
    GtkScrolledWindow *scrolled =
      GTK_SCROLLED_WINDOW (find_widget (GTK_WIDGET (editor), GTK_TYPE_SCROLLED_WINDOW, NULL));
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

    vs_test_wait_for_allocation (scrolled, 3000);
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    vs_test_save_png (root, "test-preferences-editor-edit.png");
  }
  set_entry (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, "Name", "Fake & renamed");
  g_assert_nonnull (find_widget (GTK_WIDGET (editor), ADW_TYPE_ACTION_ROW, "X-Title"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.remove-header", "s",
                                             "X-Title"));
  g_assert_null (find_widget (GTK_WIDGET (editor), ADW_TYPE_ACTION_ROW, "X-Title"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_widget (GTK_WIDGET (editor),
                                                           GTK_TYPE_SPIN_BUTTON, NULL)), 8);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  vs_test_wait_until (editor_closed, &w, 3000);
  g_clear_object (&saved);
  saved = only_endpoint (project);
  g_assert_cmpint (vs_endpoint_get_id (saved), ==, id);
  g_assert_cmpstr (vs_endpoint_get_name (saved), ==, "Fake & renamed");
  g_assert_cmpuint (vs_endpoint_get_concurrency (saved), ==, 8);
  g_assert_cmpuint (g_hash_table_size (vs_endpoint_get_headers (saved)), ==, 1);
  g_assert_true (g_hash_table_contains (vs_endpoint_get_headers (saved), "HTTP-Referer"));
  g_assert_nonnull (find_widget (root, VS_TYPE_ENDPOINT_ROW, "Fake & renamed"));
  vs_test_save_png (root, "test-preferences-endpoints.png");

  /* Remove, then Undo: the row goes and comes back; nothing was deleted meanwhile. */
  g_assert_true (gtk_widget_activate_action (root, "project.edit-endpoint", "x", id));
  vs_test_wait_until (editor_open, &w, 3000);
  editor = vs_project_settings_window_get_editor (prefs);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.remove", NULL));
  w.n = 0;
  vs_test_wait_until (n_rows_is, &w, 3000);
  g_assert_cmpint (vs_project_count (project, "endpoints"), ==, 1);
  g_assert_true (gtk_widget_activate_action (root, "project.undo-remove-endpoint", "x", id));
  w.n = 1;
  vs_test_wait_until (n_rows_is, &w, 3000);

  /* Remove again and close the window: the removal is committed, the key goes too. */
  g_assert_true (gtk_widget_activate_action (root, "project.edit-endpoint", "x", id));
  vs_test_wait_until (editor_open, &w, 3000);
  editor = vs_project_settings_window_get_editor (prefs);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.remove", NULL));
  w.n = 0;
  vs_test_wait_until (n_rows_is, &w, 3000);
  gtk_window_destroy (GTK_WINDOW (prefs));
  vs_test_wait_until (n_endpoints_is, &w, 3000);
  vs_test_wait_until (session_key_forgotten, saved, 3000);

  g_clear_object (&project);
  vs_test_rm_rf (dir);
}

/* ---- a real keyring ---------------------------------------------------------------------- */

static const SecretSchema *
key_schema (void)
{
  static const SecretSchema schema = {
    VS_SECRETS_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "endpoint", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

/* What the Secret Service itself holds for @endpoint (not vs-secrets' session copy). */
static char *
keyring_lookup (VsEndpoint *endpoint)
{
  g_autofree char *host = vs_endpoint_dup_host (endpoint);
  g_autoptr(GError) error = NULL;
  char *key = secret_password_lookup_sync (key_schema (), NULL, &error,
                                           "endpoint", vs_endpoint_get_uuid (endpoint),
                                           "host", host, NULL);

  g_assert_no_error (error);
  return key;
}

static gboolean
secrets_name_owned (gpointer data)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 1000,
                                       NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* gnome-keyring-daemon on our private bus, its login keyring created unlocked (password on
 * stdin), so nothing ever prompts. NULL when it cannot be started. */
static GSubprocess *
start_keyring (const char *runtime_dir)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *input;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime_dir, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon",
                                         "--foreground", "--unlock", "--components=secrets",
                                         NULL);
  if (process == NULL)
    {
      g_test_message ("gnome-keyring-daemon: %s", error->message);
      return NULL;
    }
  input = g_subprocess_get_stdin_pipe (process);
  g_output_stream_write_all (input, "test", 4, NULL, NULL, NULL);
  g_output_stream_close (input, NULL, NULL);
  if (!vs_test_wait_for (secrets_name_owned, NULL, 10000))
    {
      g_subprocess_force_exit (process);
      return NULL;
    }
  return g_steal_pointer (&process);
}

static gboolean
keyring_forgot (gpointer data)
{
  g_autofree char *key = keyring_lookup (data);

  return key == NULL;
}

static void
test_keyring (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "keyring.versus", NULL);
  g_autofree char *runtime_dir = g_build_filename (dir, "run", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) keyring = NULL;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(VsEndpoint) saved = NULL;
  g_autofree char *key = NULL;
  VsProjectSettingsWindow *prefs;
  VsEndpointEditor *editor;
  g_autofree char *daemon = g_find_program_in_path ("gnome-keyring-daemon");
  GtkWidget *root;
  Wait w = { 0 };

  if (daemon == NULL)
    {
      g_test_skip ("gnome-keyring-daemon is not installed");
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (runtime_dir, 0700), ==, 0);
  keyring = start_keyring (runtime_dir);
  if (keyring == NULL)
    {
      g_test_skip ("gnome-keyring-daemon did not start");
      vs_test_rm_rf (dir);
      return;
    }

  project = vs_project_open (path, VS_PROJECT_OPEN_CREATE, &error);
  g_assert_no_error (error);
  prefs = open_project_settings (project);
  root = GTK_WIDGET (prefs);
  w.prefs = prefs;
  w.project = project;

  g_assert_true (gtk_widget_activate_action (root, "project.add-endpoint", NULL));
  vs_test_wait_until (editor_open, &w, 3000);
  editor = vs_project_settings_window_get_editor (prefs);
  set_entry (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, "Base URL", "https://api.example.com/v1");
  set_entry (GTK_WIDGET (editor), ADW_TYPE_PASSWORD_ENTRY_ROW, "Key", TEST_KEY);
  /* A keyring answers: no session-only notice. */
  vs_test_wait_until (session_notice_hidden, editor, 3000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  w.n = 1;
  vs_test_wait_until (n_rows_is, &w, 10000);
  vs_test_wait_until (first_row_has_key, &w, 5000);
  g_assert_true (vs_secrets_have_keyring ());
  g_assert_false (shown (find_widget (root, ADW_TYPE_ACTION_ROW, "No keyring available")));

  /* The key is in the Secret Service, filed under the endpoint's id and host. */
  saved = only_endpoint (project);
  g_assert_cmpstr (vs_endpoint_get_name (saved), ==, "api.example.com");
  key = keyring_lookup (saved);
  g_assert_cmpstr (key, ==, TEST_KEY);
  g_assert_false (file_contains (path, TEST_KEY));

  /* Removing the endpoint removes its key. */
  g_assert_true (gtk_widget_activate_action (root, "project.edit-endpoint", "x",
                                             vs_endpoint_get_id (saved)));
  vs_test_wait_until (editor_open, &w, 3000);
  editor = vs_project_settings_window_get_editor (prefs);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.remove", NULL));
  gtk_window_destroy (GTK_WINDOW (prefs));
  w.n = 0;
  vs_test_wait_until (n_endpoints_is, &w, 3000);
  vs_test_wait_until (keyring_forgot, saved, 5000);

  g_subprocess_send_signal (keyring, SIGTERM);
  g_subprocess_wait (keyring, NULL, NULL);
  g_clear_object (&project);
  vs_test_rm_rf (dir);
}

static gboolean
price_row_exists (gpointer data)
{
  Wait *w = data;
  VsPricesPage *page = VS_PRICES_PAGE (find_widget (GTK_WIDGET (w->prefs), VS_TYPE_PRICES_PAGE,
                                                    NULL));

  return (vs_prices_page_get_row (page, w->text) != NULL) == (w->n != 0);
}

static double
raw_price (const char *path,
           const char *model,
           const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM prices WHERE model = ?1", column);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double value = -1.0;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, model, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}
/* The last of the three prices typed has reached the project file. */
static gboolean
training_price_written (gpointer data)
{
  return G_APPROX_VALUE (raw_price (data, "gpt-4o-mini", "training_per_m"), 3.0, 1e-9);
}

/* The batch discount typed last has reached the project file, as a fraction. */
static gboolean
batch_discount_written (gpointer data)
{
  return G_APPROX_VALUE (raw_price (data, "gpt-4o-mini", "batch_discount"), 0.3, 1e-9);
}

static void
test_prices (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("prices.versus", &dir, &path);
  g_autoptr(VsPrice) price = NULL;
  VsProjectSettingsWindow *prefs;
  VsPricesPage *page;
  AdwExpanderRow *row;
  Wait w = { 0 };

  prefs = open_project_settings (project);
  w.prefs = prefs;
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "prices");
  page = VS_PRICES_PAGE (find_widget (GTK_WIDGET (prefs), VS_TYPE_PRICES_PAGE, NULL));
  g_assert_nonnull (page);

  /* Add through the entry row, as a user would. */
  set_entry (GTK_WIDGET (page), ADW_TYPE_ENTRY_ROW, "Add a model by name", " gpt-4o-mini ");
  g_signal_emit_by_name (find_widget (GTK_WIDGET (page), ADW_TYPE_ENTRY_ROW,
                                      "Add a model by name"), "apply");
  w.text = "gpt-4o-mini";
  w.n = 1;
  vs_test_wait_until (price_row_exists, &w, 2000);
  g_assert_cmpstr (get_entry (GTK_WIDGET (page), ADW_TYPE_ENTRY_ROW, "Add a model by name"), ==,
                   "");
  row = vs_prices_page_get_row (page, "gpt-4o-mini");
  g_assert_true (adw_expander_row_get_expanded (row));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (GTK_WIDGET (row), "input")), 0.15);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (GTK_WIDGET (row), "output")), 0.6);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (GTK_WIDGET (row), "training")), 3);
  vs_test_wait_until (training_price_written, path, 3000);

  /* In the project file, read with a connection of its own. */
  g_assert_cmpfloat_with_epsilon (raw_price (path, "gpt-4o-mini", "input_per_m"), 0.15, 1e-9);
  g_assert_cmpfloat_with_epsilon (raw_price (path, "gpt-4o-mini", "output_per_m"), 0.6, 1e-9);
  g_assert_cmpfloat_with_epsilon (raw_price (path, "gpt-4o-mini", "training_per_m"), 3, 1e-9);
  g_assert_cmpstr (adw_expander_row_get_subtitle (row), ==,
                   "Input $0.15 · Output $0.60 · Training $3.00");
  /* The row was edited in place, not rebuilt under the user's fingers. */
  g_assert_true (vs_prices_page_get_row (page, "gpt-4o-mini") == row);

  /* The batch discount: a percent here (50 by default), a fraction in the file; the subtitle
   * names it once it is not the usual half. */
  g_assert_cmpfloat_with_epsilon (
    gtk_spin_button_get_value (GTK_SPIN_BUTTON (find_named (GTK_WIDGET (row), "batch-discount"))),
    50, 1e-9);
  g_assert_cmpfloat_with_epsilon (raw_price (path, "gpt-4o-mini", "batch_discount"), 0.5, 1e-9);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (GTK_WIDGET (row), "batch-discount")),
                             30);
  vs_test_wait_until (batch_discount_written, path, 3000);
  g_assert_cmpstr (adw_expander_row_get_subtitle (row), ==,
                   "Input $0.15 · Output $0.60 · Training $3.00 · Batch discount 30%");
  vs_test_assert_accessible_name (find_named (GTK_WIDGET (row), "batch-discount"),
                                  "Batch discount");
  g_assert_true (vs_prices_page_get_row (page, "gpt-4o-mini") == row);

  /* A second model via the action; a price written elsewhere shows up. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "prices.add", "s", "llama3.2"));
  price = vs_price_new ("claude-3-5-haiku", 0.8, 4, 0);
  g_assert_true (vs_prices_set (project, price, &error));
  g_assert_no_error (error);
  g_assert_nonnull (vs_prices_page_get_row (page, "claude-3-5-haiku"));
  g_assert_nonnull (vs_prices_page_get_row (page, "llama3.2"));
  adw_expander_row_set_expanded (vs_prices_page_get_row (page, "gpt-4o-mini"), TRUE);
  vs_test_save_png (GTK_WIDGET (prefs), "test-preferences-prices.png");

  /* Remove with Undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "prices.remove", "s",
                                             "gpt-4o-mini"));
  g_assert_cmpfloat (raw_price (path, "gpt-4o-mini", "input_per_m"), ==, -1.0);
  g_assert_null (vs_prices_page_get_row (page, "gpt-4o-mini"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "prices.undo-remove", "s",
                                             "gpt-4o-mini"));
  g_assert_cmpfloat_with_epsilon (raw_price (path, "gpt-4o-mini", "output_per_m"), 0.6, 1e-9);
  g_assert_nonnull (vs_prices_page_get_row (page, "gpt-4o-mini"));
  g_assert_cmpint (vs_project_count (project, "prices"), ==, 3);

  gtk_window_destroy (GTK_WINDOW (prefs));
  vs_test_flush ();
  g_clear_object (&project);
  vs_test_rm_rf (dir);
}

static gboolean
cache_counted (gpointer data)
{
  return strstr (row_subtitle (data, "Response cache"), "2 stored replies") != NULL;
}

static gboolean
cache_empty (gpointer data)
{
  return strstr (row_subtitle (data, "Response cache"), "Empty") != NULL;
}

static void
test_general (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("general.versus", &dir, NULL);
  g_autofree char *scheme = NULL;
  VsPreferencesWindow *prefs;
  GtkWidget *root;

  g_assert_true (vs_project_exec (project,
                                  "INSERT INTO response_cache (key, response, created_at) VALUES "
                                  "('a', '{}', '2026-01-01T00:00:00Z'), "
                                  "('b', '{}', '2026-01-01T00:00:00Z')", &error));
  g_assert_no_error (error);

  prefs = open_preferences (project);
  root = GTK_WIDGET (prefs);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "general");
  vs_test_wait_until (cache_counted, root, 3000);

  /* Privacy: the cache's size, and where keys live (here: nowhere but memory). */
  g_assert_nonnull (strstr (row_subtitle (root, "Response cache"), "2 stored replies"));
  g_assert_nonnull (strstr (row_subtitle (root, "API keys"), "session only"));
  vs_test_save_png (root, "test-preferences-general.png");

  g_assert_true (gtk_widget_activate_action (root, "prefs.clear-cache", NULL));
  vs_test_wait_until (cache_empty, root, 3000);
  g_assert_cmpint (vs_response_cache_count (project), ==, 0);

  /* A cache filled elsewhere is counted again. */
  g_assert_true (vs_project_exec (project,
                                  "INSERT INTO response_cache (key, response, created_at) VALUES "
                                  "('c', '{}', '2026-01-01T00:00:00Z')", &error));
  vs_project_emit_changed (project, "response_cache");
  g_assert_nonnull (strstr (row_subtitle (root, "Response cache"), "1 stored reply"));

  /* Appearance still drives the setting. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_widget (root, ADW_TYPE_COMBO_ROW, "Style")), 2);
  scheme = g_settings_get_string (vs_application_get_settings (app), "color-scheme");
  g_assert_cmpstr (scheme, ==, "dark");
  vs_test_save_png (root, "test-preferences-dark.png");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_widget (root, ADW_TYPE_COMBO_ROW, "Style")), 0);

  /* The default encoding for models Versus does not know. */
  adw_combo_row_set_selected (
    ADW_COMBO_ROW (find_widget (root, ADW_TYPE_COMBO_ROW, "Default encoding")), 1);
  g_free (scheme);
  scheme = g_settings_get_string (vs_application_get_settings (app), "default-encoding");
  g_assert_cmpstr (scheme, ==, "cl100k_base");
  g_settings_reset (vs_application_get_settings (app), "default-encoding");

  /* What the project file holds is not here: no endpoints, no prices. */
  g_assert_null (find_widget (root, VS_TYPE_PRICES_PAGE, NULL));
  g_assert_null (find_widget (root, ADW_TYPE_PREFERENCES_GROUP, "Endpoints"));

  gtk_window_destroy (GTK_WINDOW (prefs));
  vs_test_flush ();
  g_clear_object (&project);
  vs_test_rm_rf (dir);
}

static void
test_no_project (void)
{
  VsProjectSettingsWindow *settings = open_project_settings (NULL);
  GtkWidget *root = GTK_WIDGET (settings);
  g_autoptr(GListModel) rows = vs_project_settings_window_list_endpoint_rows (settings);
  VsPreferencesWindow *prefs;

  g_assert_null (vs_project_settings_window_get_project (settings));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);
  g_assert_false (shown (find_widget (root, ADW_TYPE_ACTION_ROW, "No endpoints yet")));
  gtk_widget_activate_action (root, "project.add-endpoint", NULL);
  vs_test_flush ();
  g_assert_null (vs_project_settings_window_get_editor (settings));
  gtk_window_destroy (GTK_WINDOW (settings));
  vs_test_flush ();

  prefs = open_preferences (NULL);
  g_assert_nonnull (strstr (row_subtitle (GTK_WIDGET (prefs), "Response cache"), "Open a project"));
  gtk_window_destroy (GTK_WINDOW (prefs));
  vs_test_flush ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = vs_test_home_new ("versus-prefs-test");
  GTestDBus *bus;
  g_autofree char *display = NULL;

  /* A private session bus with nothing to activate. The test environment's bus would start
   * gnome-keyring on demand, whose prompt to create a keyring waits forever on Xvfb. */
  display = g_strdup (g_getenv ("DISPLAY"));
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  /* g_test_dbus_up() unsets DISPLAY too; Xvfb is the display to use. */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  g_unsetenv ("VERSUS_SECRETS");

  vs_test_gui_init (&argc, &argv);

  app = vs_test_app_new (G_APPLICATION_DEFAULT_FLAGS);

  /* First: once a keyring call has failed, vs-secrets stays in session mode. */
  g_test_add_func ("/versus/preferences/keyring", test_keyring);
  g_test_add_func ("/versus/preferences/endpoints", test_endpoints);
  g_test_add_func ("/versus/preferences/prices", test_prices);
  g_test_add_func ("/versus/preferences/general", test_general);
  g_test_add_func ("/versus/preferences/no-project", test_no_project);

  {
    int status = g_test_run ();

    g_autoptr(GDBusConnection) session = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

    g_clear_object (&app);
    /* Stop our bus without g_test_dbus_down(), which would wait for GTK and libsecret to let
     * go of the connection — they keep it until exit — so the GTestDBus is left to exit too. */
    if (session != NULL)
      g_dbus_connection_set_exit_on_close (session, FALSE);
    g_test_dbus_stop (bus);
    vs_test_rm_rf (home);
    return status;
  }
}
