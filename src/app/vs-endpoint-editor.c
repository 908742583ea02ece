/* vs-endpoint-editor.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fields are validated as they are typed (the URL through vs_endpoint_normalize_url, showing
 * where requests will go); everything that touches the network or the keyring is async, and
 * every async callback holds a reference and checks that its answer is still wanted.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vs-endpoint-editor.h"
#include "vs-engine-registry.h"
#include "vs-ui-util.h"

/* A connection test should answer quickly or say why not; the engine's defaults are made for
 * long generations. */
#define TEST_MAX_RETRIES      1
#define TEST_RETRY_BASE_MS    500
#define TEST_RETRY_CAP_MS     2000
#define TEST_IDLE_TIMEOUT_MS  15000
#define TEST_TOTAL_TIMEOUT_MS 30000
/* Expand the model list by itself when it is short. */
#define MODELS_EXPAND_MAX     12

struct _VsEndpointEditor
{
  AdwBin               parent_instance;

  VsProject           *project;
  VsEndpoint          *original;     /* NULL for a new endpoint */
  char                *original_key; /* as found in the keyring; wiped when freed */
  gboolean             key_edited;
  gboolean             setting_key;
  gboolean             busy;
  gboolean             loaded;

  GCancellable        *lookup_cancellable;
  GCancellable        *test_cancellable;
  VsRequestEngine     *test_engine;
  gint64               test_started;
  GStrv                models;
  GPtrArray           *model_rows;
  GHashTable          *headers;      /* name → value, as they will be saved */
  GHashTable          *header_rows;  /* name → AdwActionRow */

  AdwWindowTitle      *window_title;
  GtkButton           *save_button;
  AdwComboRow         *kind_row;
  AdwEntryRow         *url_row;
  AdwEntryRow         *name_row;
  AdwEntryRow         *model_row;
  GtkSpinButton       *concurrency_spin;
  GtkLabel            *url_hint;
  AdwPasswordEntryRow *key_row;
  GtkWidget           *session_notice;
  AdwActionRow        *test_row;
  GtkImage            *test_image;
  GtkStack            *test_stack;
  GtkSpinner          *test_spinner;
  AdwExpanderRow      *models_row;
  AdwPreferencesGroup *headers_group;
  AdwEntryRow         *header_entry;
  GtkLabel            *header_error;
  AdwPreferencesGroup *remove_group;
};

G_DEFINE_FINAL_TYPE (VsEndpointEditor, vs_endpoint_editor, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_ENDPOINT,
  PROP_TESTING,
  PROP_BUSY,
  N_PROPS
};

enum {
  SAVED,
  REMOVE_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
wipe_key (char *key)
{
  if (key == NULL)
    return;
  explicit_bzero (key, strlen (key));
  g_free (key);
}

static VsEndpointKind
selected_kind (VsEndpointEditor *self)
{
  return adw_combo_row_get_selected (self->kind_row) == 1 ? VS_ENDPOINT_KIND_OLLAMA
                                                           : VS_ENDPOINT_KIND_OPENAI;
}

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static AdwPreferencesWindow *
get_window (VsEndpointEditor *self)
{
  return ADW_PREFERENCES_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (self),
                                                          ADW_TYPE_PREFERENCES_WINDOW));
}

static void
show_toast (VsEndpointEditor *self,
            const char       *title)
{
  AdwPreferencesWindow *window = get_window (self);
  AdwToast *toast;

  if (window == NULL)
    return;
  toast = adw_toast_new (title);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_preferences_window_add_toast (window, toast);
}

/* An endpoint from the fields as they are now, or NULL with the reason. */
static VsEndpoint *
endpoint_from_fields (VsEndpointEditor  *self,
                      GError           **error)
{
  g_autoptr(VsEndpoint) endpoint = NULL;
  g_autofree char *url = entry_text (self->url_row);
  g_autofree char *name = entry_text (self->name_row);
  g_autofree char *model = entry_text (self->model_row);

  if (*url == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Enter the base URL the provider documents, such as "
                             "https://api.openai.com/v1 or http://127.0.0.1:11434."));
      return NULL;
    }

  if (self->original != NULL)
    {
      endpoint = vs_endpoint_copy (self->original);
      vs_endpoint_set_kind (endpoint, selected_kind (self));
      if (!vs_endpoint_set_base_url (endpoint, url, error))
        return NULL;
    }
  else if ((endpoint = vs_endpoint_new (selected_kind (self), url, error)) == NULL)
    return NULL;

  if (*name != '\0')
    vs_endpoint_set_name (endpoint, name);
  else
    {
      g_autofree char *host = vs_endpoint_dup_host (endpoint);
      vs_endpoint_set_name (endpoint, host);
    }
  vs_endpoint_set_default_model (endpoint, *model != '\0' ? model : NULL);
  {
    GHashTable *current = vs_endpoint_get_headers (endpoint);
    g_autofree gpointer *names = (gpointer *) g_hash_table_get_keys_as_array (current, NULL);
    GHashTableIter iter;
    gpointer header, value;

    for (guint i = 0; names[i] != NULL; i++)
      if (!g_hash_table_contains (self->headers, names[i]))
        vs_endpoint_remove_header (endpoint, names[i]);
    g_hash_table_iter_init (&iter, self->headers);
    while (g_hash_table_iter_next (&iter, &header, &value))
      if (!vs_endpoint_set_header (endpoint, header, value, error))
        return NULL;
  }
  vs_endpoint_set_concurrency (endpoint,
                               (guint) gtk_spin_button_get_value_as_int (self->concurrency_spin));
  return g_steal_pointer (&endpoint);
}

static void
update_session_notice (VsEndpointEditor *self)
{
  gtk_widget_set_visible (self->session_notice, !vs_secrets_have_keyring ());
}

static void
update_actions (VsEndpointEditor *self)
{
  g_autofree char *url = entry_text (self->url_row);
  gboolean testing = self->test_cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save",
                                 !self->busy && self->project != NULL &&
                                 !vs_project_get_read_only (self->project) &&
                                 !gtk_widget_has_css_class (GTK_WIDGET (self->url_row), "error") &&
                                 *url != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.test", !testing && *url != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.cancel-test", testing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.remove",
                                 !self->busy && self->original != NULL);
}

static void
on_fields_changed (VsEndpointEditor *self)
{
  g_autoptr(VsEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  if (!self->loaded)
    return;

  url = entry_text (self->url_row);
  endpoint = endpoint_from_fields (self, &error);
  if (endpoint != NULL)
    {
      g_autofree char *chat_url = vs_endpoint_dup_chat_url (endpoint);
      g_autofree char *hint = g_strdup_printf (_("Requests go to %s"), chat_url);

      gtk_label_set_text (self->url_hint, hint);
      gtk_widget_remove_css_class (GTK_WIDGET (self->url_hint), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->url_hint), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
    }
  else
    {
      g_autofree char *message = NULL;

      /* An empty field is not an error yet, only unfinished. */
      if (*url == '\0')
        {
          message = g_strdup (error->message);
          gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
          gtk_widget_add_css_class (GTK_WIDGET (self->url_hint), "dim-label");
          gtk_widget_remove_css_class (GTK_WIDGET (self->url_hint), "error");
        }
      else
        {
          /* Translators: %s says what is wrong with the URL */
          message = g_strdup_printf (_("This URL cannot be used: %s"), error->message);
          gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
          gtk_widget_remove_css_class (GTK_WIDGET (self->url_hint), "dim-label");
          gtk_widget_add_css_class (GTK_WIDGET (self->url_hint), "error");
        }
      gtk_label_set_text (self->url_hint, message);
    }

  if (self->original == NULL)
    adw_window_title_set_subtitle (self->window_title,
                                   endpoint != NULL ? vs_endpoint_get_name (endpoint) : NULL);
  update_actions (self);
}

static void
on_kind_changed (VsEndpointEditor *self)
{
  g_autofree char *url = NULL;

  if (!self->loaded)
    return;

  /* Ollama has one obvious address; offer it rather than an empty field. */
  url = entry_text (self->url_row);
  if (*url == '\0' && selected_kind (self) == VS_ENDPOINT_KIND_OLLAMA)
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), VS_ENDPOINT_DEFAULT_URL);
  on_fields_changed (self);
}

static void
update_model_checks (VsEndpointEditor *self)
{
  g_autofree char *model = NULL;

  if (self->model_rows == NULL)
    return;
  model = entry_text (self->model_row);
  for (guint i = 0; i < self->model_rows->len; i++)
    {
      AdwPreferencesRow *row = g_ptr_array_index (self->model_rows, i);
      GtkWidget *check = g_object_get_data (G_OBJECT (row), "check");

      gtk_widget_set_visible (check,
                              g_strcmp0 (adw_preferences_row_get_title (row), model) == 0);
    }
}

static void
on_model_changed (VsEndpointEditor *self)
{
  update_model_checks (self);
  on_fields_changed (self);
}

static void
on_key_changed (VsEndpointEditor *self)
{
  if (!self->setting_key)
    self->key_edited = TRUE;
}

static void
add_header_row (VsEndpointEditor *self,
                const char       *name,
                const char       *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkWidget *old = g_hash_table_lookup (self->header_rows, name);

  if (old != NULL)
    adw_preferences_group_remove (self->headers_group, old);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Remove this header"));
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "editor.remove-header");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", name);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_preferences_group_add (self->headers_group, row);
  g_hash_table_replace (self->header_rows, g_strdup (name), row);
}

static void
show_header_error (VsEndpointEditor *self,
                   const char       *message)
{
  gtk_label_set_text (self->header_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->header_error), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->header_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->header_entry), "error");
}

static void
on_header_changed (VsEndpointEditor *self)
{
  show_header_error (self, NULL);
}

/* "Name: value" from the entry, checked by the same rules the endpoint applies. */
static void
on_header_apply (VsEndpointEditor *self)
{
  g_autofree char *text = entry_text (self->header_entry);
  g_autoptr(VsEndpoint) scratch = vs_endpoint_new_default ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = g_strsplit (text, ":", 2);

  if (parts[0] == NULL || parts[1] == NULL)
    {
      show_header_error (self, _("Write the header as “Name: value”."));
      return;
    }
  g_strstrip (parts[0]);
  g_strstrip (parts[1]);
  if (!vs_endpoint_set_header (scratch, parts[0], parts[1], &error))
    {
      show_header_error (self, error->message);
      return;
    }
  g_hash_table_replace (self->headers, g_strdup (parts[0]), g_strdup (parts[1]));
  add_header_row (self, parts[0], parts[1]);
  gtk_editable_set_text (GTK_EDITABLE (self->header_entry), "");
}

static void
remove_header_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  VsEndpointEditor *self = VS_ENDPOINT_EDITOR (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  GtkWidget *row = g_hash_table_lookup (self->header_rows, name);

  if (row != NULL)
    adw_preferences_group_remove (self->headers_group, row);
  g_hash_table_remove (self->header_rows, name);
  g_hash_table_remove (self->headers, name);
}

static void
on_model_activated (AdwActionRow     *row,
                    VsEndpointEditor *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->model_row),
                         adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
}

static void
clear_models (VsEndpointEditor *self)
{
  if (self->model_rows != NULL)
    for (guint i = 0; i < self->model_rows->len; i++)
      adw_expander_row_remove (self->models_row, g_ptr_array_index (self->model_rows, i));
  g_clear_pointer (&self->model_rows, g_ptr_array_unref);
  g_clear_pointer (&self->models, g_strfreev);
  gtk_widget_set_visible (GTK_WIDGET (self->models_row), FALSE);
}

static void
show_models (VsEndpointEditor *self,
             GStrv             models)
{
  guint n = g_strv_length (models);
  g_autofree char *subtitle = NULL;

  clear_models (self);
  self->models = models;
  self->model_rows = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), models[i]);
      gtk_widget_set_tooltip_text (row, _("Use as the default model"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
      g_object_set_data (G_OBJECT (row), "check", check);
      g_signal_connect_object (row, "activated", G_CALLBACK (on_model_activated), self, 0);
      adw_expander_row_add_row (self->models_row, row);
      g_ptr_array_add (self->model_rows, row);
    }

  if (n == 0)
    subtitle = g_strdup (_("The server offers no models yet"));
  else
    subtitle = g_strdup_printf (ngettext ("%u model — select one to make it the default",
                                          "%u models — select one to make it the default", n),
                                n);
  adw_expander_row_set_subtitle (self->models_row, subtitle);
  adw_expander_row_set_enable_expansion (self->models_row, n > 0);
  adw_expander_row_set_expanded (self->models_row, n > 0 && n <= MODELS_EXPAND_MAX);
  gtk_widget_set_visible (GTK_WIDGET (self->models_row), TRUE);
  update_model_checks (self);
}

static void
set_test_result (VsEndpointEditor *self,
                 const char       *icon_name,
                 const char       *css_class,
                 const char       *message)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_image), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_image), "error");
  gtk_image_set_from_icon_name (self->test_image,
                                icon_name != NULL ? icon_name
                                                  : "network-transmit-receive-symbolic");
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->test_image), css_class);
  adw_action_row_set_subtitle (self->test_row, message);
}

static void
finish_test (VsEndpointEditor *self)
{
  g_clear_object (&self->test_cancellable);
  g_clear_object (&self->test_engine);
  gtk_spinner_stop (self->test_spinner);
  gtk_stack_set_visible_child_name (self->test_stack, "idle");
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TESTING]);
}

static void
on_models_listed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(VsEndpointEditor) self = user_data;
  VsRequestEngine *engine = VS_REQUEST_ENGINE (source);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = vs_request_engine_list_models_finish (engine, result, &error);
  g_autofree char *escaped = NULL;
  g_autofree char *message = NULL;
  gint64 elapsed_ms;

  /* A newer test replaced this one, or the editor is gone. */
  if (engine != self->test_engine)
    return;

  elapsed_ms = (g_get_monotonic_time () - self->test_started) / 1000;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_test_result (self, NULL, NULL, _("Test cancelled"));
  else if (error != NULL)
    {
      escaped = g_markup_escape_text (error->message, -1);
      set_test_result (self, "dialog-error-symbolic", "error", escaped);
      clear_models (self);
      /* Reported here; the next test (or run) may try again. */
      if (g_error_matches (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_AUTH))
        vs_request_engine_resume (engine);
    }
  else
    {
      guint n = g_strv_length (models);

      /* Translators: "Connected in 45 ms — 2 models" */
      message = g_strdup_printf (ngettext ("Connected in %d ms — %u model",
                                           "Connected in %d ms — %u models", n),
                                 (int) MIN (elapsed_ms, G_MAXINT), n);
      set_test_result (self, "emblem-ok-symbolic", "success", message);
      show_models (self, g_steal_pointer (&models));
    }
  finish_test (self);
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VsEndpointEditor *self = VS_ENDPOINT_EDITOR (widget);
  g_autoptr(VsEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *message = NULL;
  VsCallPolicy policy = VS_CALL_POLICY_INIT;
  const char *key;

  if (self->test_cancellable != NULL)
    return;

  endpoint = endpoint_from_fields (self, &error);
  if (endpoint == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);
      set_test_result (self, "dialog-error-symbolic", "error", escaped);
      return;
    }

  key = gtk_editable_get_text (GTK_EDITABLE (self->key_row));
  /* The endpoint's shared engine when the fields and key are the saved ones (so a test
   * counts against the endpoint's limit), a new one in the registry when they differ. */
  self->test_engine = vs_engine_registry_get (vs_engine_registry_get_for_project (self->project),
                                              endpoint, *key != '\0' ? key : NULL);
  self->test_cancellable = g_cancellable_new ();
  self->test_started = g_get_monotonic_time ();

  host = vs_endpoint_dup_host (endpoint);
  message = g_markup_printf_escaped (_("Connecting to %s…"), host);
  set_test_result (self, NULL, NULL, message);
  gtk_stack_set_visible_child_name (self->test_stack, "running");
  gtk_spinner_start (self->test_spinner);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TESTING]);

  policy.max_retries = TEST_MAX_RETRIES;
  policy.retry_base_ms = TEST_RETRY_BASE_MS;
  policy.retry_cap_ms = TEST_RETRY_CAP_MS;
  policy.idle_timeout_ms = TEST_IDLE_TIMEOUT_MS;
  policy.total_timeout_ms = TEST_TOTAL_TIMEOUT_MS;
  vs_request_engine_list_models_full_async (self->test_engine, &policy, self->test_cancellable,
                                            on_models_listed, g_object_ref (self));
}

static void
cancel_test_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VsEndpointEditor *self = VS_ENDPOINT_EDITOR (widget);

  if (self->test_cancellable != NULL)
    g_cancellable_cancel (self->test_cancellable);
}

static void
set_busy (VsEndpointEditor *self,
          gboolean          busy)
{
  self->busy = busy;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
on_key_stored (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VsEndpointEditor) self = user_data;
  g_autoptr(VsEndpoint) endpoint = g_object_steal_data (G_OBJECT (self), "saving");
  g_autoptr(GError) error = NULL;
  VsSecretsStore store = VS_SECRETS_STORE_SESSION;

  if (!vs_secrets_store_finish (result, &store, &error))
    {
      if (self->project == NULL)
        return;
      set_busy (self, FALSE);
      /* The endpoint itself is saved; only the key is not. */
      {
        g_autofree char *message = g_strdup_printf (_("The key could not be stored: %s"),
                                                    error->message);
        show_toast (self, message);
      }
      return;
    }
  if (self->project == NULL)
    return;

  wipe_key (self->original_key);
  self->original_key = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row)));
  self->key_edited = FALSE;
  g_set_object (&self->original, endpoint);
  update_session_notice (self);
  set_busy (self, FALSE);
  g_signal_emit (self, signals[SAVED], 0, endpoint, (int) store);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VsEndpointEditor *self = VS_ENDPOINT_EDITOR (widget);
  g_autoptr(VsEndpointEditor) hold = g_object_ref (self);
  g_autoptr(VsEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_host = NULL;
  g_autofree char *new_host = NULL;
  const char *key;
  gboolean host_changed;

  if (self->busy || self->project == NULL)
    return;

  endpoint = endpoint_from_fields (self, &error);
  if (endpoint == NULL || !vs_endpoint_save (endpoint, self->project, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save the endpoint: %s"),
                                                  error->message);
      show_toast (self, message);
      return;
    }

  /* Keys are filed under the endpoint's host too: a new host means the old entry goes. */
  key = gtk_editable_get_text (GTK_EDITABLE (self->key_row));
  new_host = vs_endpoint_dup_host (endpoint);
  old_host = self->original != NULL ? vs_endpoint_dup_host (self->original) : NULL;
  host_changed = old_host != NULL && g_strcmp0 (old_host, new_host) != 0;
  if (host_changed && self->original_key != NULL && *self->original_key != '\0')
    vs_secrets_store_async (self->original, NULL, NULL, vs_ui_secrets_store_done,
                            (gpointer) "could not remove the key stored for the old address");
  /* From here on the editor edits the saved row: saving again (say, after the keyring said
   * no) updates it instead of adding a second endpoint. */
  g_set_object (&self->original, endpoint);

  if (g_strcmp0 (key, self->original_key != NULL ? self->original_key : "") != 0 ||
      (host_changed && *key != '\0'))
    {
      set_busy (self, TRUE);
      g_object_set_data_full (G_OBJECT (self), "saving", g_object_ref (endpoint),
                              g_object_unref);
      vs_secrets_store_async (endpoint, key, NULL, on_key_stored, g_object_ref (self));
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, endpoint, (int) VS_ENDPOINT_EDITOR_KEY_UNCHANGED);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VsEndpointEditor *self = VS_ENDPOINT_EDITOR (widget);

  if (self->original != NULL)
    g_signal_emit (self, signals[REMOVE_REQUESTED], 0, self->original);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AdwPreferencesWindow *window = get_window (VS_ENDPOINT_EDITOR (widget));

  if (window != NULL)
    adw_preferences_window_close_subpage (window);
}

static void
on_key_looked_up (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(VsEndpointEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  char *key = vs_secrets_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->project == NULL)
    {
      wipe_key (key);
      return;
    }
  g_clear_object (&self->lookup_cancellable);
  if (error != NULL)
    g_debug ("could not look up the endpoint's key: %s", error->message);

  /* A new endpoint only probed whether a keyring answers. */
  if (self->original != NULL && key != NULL && !self->key_edited)
    {
      wipe_key (self->original_key);
      self->original_key = key;
      self->setting_key = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->key_row), key);
      self->setting_key = FALSE;
    }
  else
    wipe_key (key);
  update_session_notice (self);
}

static void
load_fields (VsEndpointEditor *self)
{
  g_autoptr(VsEndpoint) probe = NULL;
  VsEndpoint *endpoint = self->original;

  if (endpoint != NULL)
    {
      adw_window_title_set_title (self->window_title, _("Edit Endpoint"));
      adw_window_title_set_subtitle (self->window_title, vs_endpoint_get_name (endpoint));
      gtk_button_set_label (self->save_button, _("_Save"));
      adw_combo_row_set_selected (self->kind_row,
                                  vs_endpoint_get_kind (endpoint) == VS_ENDPOINT_KIND_OLLAMA);
      gtk_editable_set_text (GTK_EDITABLE (self->url_row), vs_endpoint_get_base_url (endpoint));
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), vs_endpoint_get_name (endpoint));
      if (vs_endpoint_get_default_model (endpoint) != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->model_row),
                               vs_endpoint_get_default_model (endpoint));
      gtk_spin_button_set_value (self->concurrency_spin, vs_endpoint_get_concurrency (endpoint));
      {
        g_autoptr(GList) names = g_hash_table_get_keys (vs_endpoint_get_headers (endpoint));

        names = g_list_sort (names, (GCompareFunc) g_ascii_strcasecmp);
        for (GList *l = names; l != NULL; l = l->next)
          {
            const char *value = g_hash_table_lookup (vs_endpoint_get_headers (endpoint), l->data);

            g_hash_table_replace (self->headers, g_strdup (l->data), g_strdup (value));
            add_header_row (self, l->data, value);
          }
      }
    }
  else
    {
      adw_window_title_set_title (self->window_title, _("Add Endpoint"));
      gtk_button_set_label (self->save_button, _("_Add"));
      gtk_spin_button_set_value (self->concurrency_spin, VS_ENDPOINT_DEFAULT_CONCURRENCY);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->remove_group), endpoint != NULL);

  self->lookup_cancellable = g_cancellable_new ();
  if (endpoint == NULL)
    probe = vs_endpoint_new_default ();
  vs_secrets_lookup_async (endpoint != NULL ? endpoint : probe, self->lookup_cancellable,
                           on_key_looked_up, g_object_ref (self));

  self->loaded = TRUE;
  update_session_notice (self);
  on_fields_changed (self);
}

GtkWidget *
vs_endpoint_editor_new (VsProject  *project,
                        VsEndpoint *endpoint)
{
  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (endpoint == NULL || VS_IS_ENDPOINT (endpoint), NULL);

  return g_object_new (VS_TYPE_ENDPOINT_EDITOR, "project", project, "endpoint", endpoint, NULL);
}

VsEndpoint *
vs_endpoint_editor_get_endpoint (VsEndpointEditor *self)
{
  g_return_val_if_fail (VS_IS_ENDPOINT_EDITOR (self), NULL);

  return self->original;
}

gboolean
vs_endpoint_editor_get_is_new (VsEndpointEditor *self)
{
  g_return_val_if_fail (VS_IS_ENDPOINT_EDITOR (self), FALSE);

  return self->original == NULL;
}

gboolean
vs_endpoint_editor_get_testing (VsEndpointEditor *self)
{
  g_return_val_if_fail (VS_IS_ENDPOINT_EDITOR (self), FALSE);

  return self->test_cancellable != NULL;
}

gboolean
vs_endpoint_editor_get_busy (VsEndpointEditor *self)
{
  g_return_val_if_fail (VS_IS_ENDPOINT_EDITOR (self), FALSE);

  return self->busy;
}

const char * const *
vs_endpoint_editor_get_models (VsEndpointEditor *self)
{
  g_return_val_if_fail (VS_IS_ENDPOINT_EDITOR (self), NULL);

  return (const char * const *) self->models;
}

static void
vs_endpoint_editor_constructed (GObject *object)
{
  VsEndpointEditor *self = VS_ENDPOINT_EDITOR (object);

  G_OBJECT_CLASS (vs_endpoint_editor_parent_class)->constructed (object);

  load_fields (self);
}

static void
vs_endpoint_editor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VsEndpointEditor *self = VS_ENDPOINT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_ENDPOINT:
      g_value_set_object (value, self->original);
      break;
    case PROP_TESTING:
      g_value_set_boolean (value, vs_endpoint_editor_get_testing (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_endpoint_editor_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  VsEndpointEditor *self = VS_ENDPOINT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
      break;
    case PROP_ENDPOINT:
      {
        VsEndpoint *endpoint = g_value_get_object (value);

        self->original = endpoint != NULL ? vs_endpoint_copy (endpoint) : NULL;
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_endpoint_editor_dispose (GObject *object)
{
  VsEndpointEditor *self = VS_ENDPOINT_EDITOR (object);

  /* Pending callbacks hold a reference; cancelling makes them return at once. */
  if (self->lookup_cancellable != NULL)
    g_cancellable_cancel (self->lookup_cancellable);
  if (self->test_cancellable != NULL)
    g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->lookup_cancellable);
  g_clear_object (&self->test_cancellable);
  g_clear_object (&self->test_engine);
  g_clear_pointer (&self->model_rows, g_ptr_array_unref);
  g_clear_pointer (&self->header_rows, g_hash_table_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_ENDPOINT_EDITOR);

  g_clear_object (&self->project);
  g_clear_object (&self->original);
  g_clear_pointer (&self->original_key, wipe_key);
  g_clear_pointer (&self->models, g_strfreev);
  g_clear_pointer (&self->headers, g_hash_table_unref);

  G_OBJECT_CLASS (vs_endpoint_editor_parent_class)->dispose (object);
}

static void
vs_endpoint_editor_class_init (VsEndpointEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vs_endpoint_editor_constructed;
  object_class->dispose = vs_endpoint_editor_dispose;
  object_class->get_property = vs_endpoint_editor_get_property;
  object_class->set_property = vs_endpoint_editor_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, VS_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, VS_TYPE_ENDPOINT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TESTING] =
    g_param_spec_boolean ("testing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, VS_TYPE_ENDPOINT, G_TYPE_INT);
  signals[REMOVE_REQUESTED] =
    g_signal_new ("remove-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, VS_TYPE_ENDPOINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-endpoint-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, VsEndpointEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, VsEndpointEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, VsEndpointEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, VsEndpointEditor, url_row);
  gtk_widget_class_bind_template_child (widget_class, VsEndpointEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, VsEndpointEditor, model_row);
  gtk_widget_class_bind_template_child (widget_class, VsEndpointEditor, concurrency_spin);
  gtk_widget_class_bind_template_child (widget_class, VsEndpointEditor, url_hint);
  gtk_widget_class_bind_template_child (widget_class, VsEndpointEditor, key_row);
  gtk_widget_class_bind_template_child (widget_class, VsEndpointEditor, session_notice);
  gtk_widget_class_bind_template_child (widget_class, VsEndpointEditor, test_row);
  gtk_widget_class_bind_template_child (widget_class, VsEndpointEditor, test_image);
  gtk_widget_class_bind_template_child (widget_class, VsEndpointEditor, test_stack);
  gtk_widget_class_bind_template_child (widget_class, VsEndpointEditor, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, VsEndpointEditor, models_row);
  gtk_widget_class_bind_template_child (widget_class, VsEndpointEditor, headers_group);
  gtk_widget_class_bind_template_child (widget_class, VsEndpointEditor, header_entry);
  gtk_widget_class_bind_template_child (widget_class, VsEndpointEditor, header_error);
  gtk_widget_class_bind_template_child (widget_class, VsEndpointEditor, remove_group);
  gtk_widget_class_bind_template_callback (widget_class, on_fields_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_model_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_key_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_header_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_header_changed);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.test", NULL, test_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel-test", NULL, cancel_test_action);
  gtk_widget_class_install_action (widget_class, "editor.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "editor.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "editor.remove-header", "s",
                                   remove_header_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
}

static void
vs_endpoint_editor_init (VsEndpointEditor *self)
{
  self->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->header_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}
