/* vs-preferences-window.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Endpoints are listed from the project and edited in a subpage (VsEndpointEditor). Removal
 * is deferred until its toast goes away, so Undo brings the endpoint back with the same id —
 * fine-tune jobs and runs that point at it keep pointing at it. The window closing commits
 * whatever removal is still pending.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vs-endpoint-editor.h"
#include "vs-endpoint-row.h"
#include "vs-error.h"
#include "vs-format.h"
#include "vs-preferences-window.h"
#include "vs-prices-page.h"
#include "vs-request-engine.h"
#include "vs-secrets.h"
#include "vs-ui-util.h"

struct _VsPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  VsApplication        *application;
  VsProject            *project;
  GPtrArray            *endpoint_rows;
  GHashTable           *pending_removals; /* gint64 id → VsEndpoint */
  GCancellable         *lookup_cancellable;
  GCancellable         *probe_cancellable;
  VsEndpointEditor     *editor;           /* weak: the subpage on screen */

  AdwComboRow          *style_row;
  AdwPreferencesGroup  *keyring_group;
  AdwPreferencesGroup  *endpoints_group;
  AdwActionRow         *empty_row;
  VsPricesPage         *prices_page;
  AdwActionRow         *cache_row;
  AdwActionRow         *keys_row;
};

G_DEFINE_FINAL_TYPE (VsPreferencesWindow, vs_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *schemes[] = { "system", "light", "dark" };

static void
on_style_selected (VsPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->style_row);

  if (self->application != NULL && selected < G_N_ELEMENTS (schemes))
    g_settings_set_string (vs_application_get_settings (self->application), "color-scheme",
                           schemes[selected]);
}

static void
toast (VsPreferencesWindow *self,
       const char          *title)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (title));
}

static void
toast_error (VsPreferencesWindow *self,
             const char          *what,
             const GError        *error)
{
  g_autofree char *message = g_strdup_printf ("%s: %s", what, error->message);
  AdwToast *t = adw_toast_new (message);

  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), t);
}

static gboolean
can_write (VsPreferencesWindow *self)
{
  return self->project != NULL && !vs_project_get_read_only (self->project);
}

static void
update_keyring_notice (VsPreferencesWindow *self)
{
  gboolean have = vs_secrets_have_keyring ();

  gtk_widget_set_visible (GTK_WIDGET (self->keyring_group), !have);
  adw_action_row_set_subtitle (self->keys_row,
                               have ? _("Kept in the keyring (Secret Service) — never in the "
                                        "project file, the settings or logs")
                                    : _("No keyring is running: keys are kept in memory for "
                                        "this session only — never in the project file, the "
                                        "settings or logs"));
}

static void
update_cache_row (VsPreferencesWindow *self)
{
  gint64 count = self->project != NULL ? vs_response_cache_count (self->project) : 0;
  g_autofree char *subtitle = NULL;

  if (self->project == NULL)
    subtitle = g_strdup (_("Open a project to see its cache"));
  else if (count <= 0)
    subtitle = g_strdup (_("Empty. Identical requests are answered from the project file, so "
                           "repeating a run costs nothing."));
  else
    {
      g_autofree char *number = vs_format_count (count);

      /* Translators: %s is a number of replies, with thousands separators */
      subtitle = g_strdup_printf (ngettext ("%s stored reply in the project file, reused for "
                                            "identical requests",
                                            "%s stored replies in the project file, reused for "
                                            "identical requests",
                                            (gulong) count),
                                  number);
    }
  adw_action_row_set_subtitle (self->cache_row, subtitle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.clear-cache",
                                 can_write (self) && count > 0);
}

static void
on_key_looked_up (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(VsEndpointRow) row = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = vs_secrets_lookup_finish (result, &error);
  GtkWidget *window;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  vs_endpoint_row_set_has_key (row, key != NULL && *key != '\0');
  if (key != NULL)
    explicit_bzero (key, strlen (key));
  window = gtk_widget_get_ancestor (GTK_WIDGET (row), VS_TYPE_PREFERENCES_WINDOW);
  if (window != NULL)
    update_keyring_notice (VS_PREFERENCES_WINDOW (window));
}

static void
on_keyring_probed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  VsPreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = vs_secrets_lookup_finish (result, &error);

  if (key != NULL)
    explicit_bzero (key, strlen (key));
  /* Cancelled in dispose: the window may be gone. No reference is held, because a window
   * kept alive past its transient parent crashes GTK 4.8 when it finally goes. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->endpoint_rows != NULL)
    update_keyring_notice (self);
}

/* Whether a keyring answers is only known after asking; a project without endpoints would
 * otherwise never ask before the user types a key. */
static void
probe_keyring (VsPreferencesWindow *self)
{
  g_autoptr(VsEndpoint) probe = vs_endpoint_new_default ();

  g_cancellable_cancel (self->probe_cancellable);
  g_clear_object (&self->probe_cancellable);
  self->probe_cancellable = g_cancellable_new ();
  vs_secrets_lookup_async (probe, self->probe_cancellable, on_keyring_probed, self);
}

static void open_editor (VsPreferencesWindow *self,
                         VsEndpoint          *endpoint);

static void
on_row_activated (VsEndpointRow       *row,
                  VsPreferencesWindow *self)
{
  open_editor (self, vs_endpoint_row_get_endpoint (row));
}

static void
reload_endpoints (VsPreferencesWindow *self)
{
  g_autoptr(GPtrArray) endpoints = NULL;
  g_autoptr(GError) error = NULL;
  guint shown = 0;

  if (self->lookup_cancellable != NULL)
    g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  for (guint i = 0; i < self->endpoint_rows->len; i++)
    adw_preferences_group_remove (self->endpoints_group,
                                  g_ptr_array_index (self->endpoint_rows, i));
  g_ptr_array_set_size (self->endpoint_rows, 0);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.add-endpoint", can_write (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.add-default-endpoint",
                                 can_write (self));
  if (self->project == NULL)
    {
      adw_preferences_group_set_description (self->endpoints_group,
                                             _("Open a project to set up its endpoints."));
      gtk_widget_set_visible (GTK_WIDGET (self->empty_row), FALSE);
      return;
    }
  adw_preferences_group_set_description (self->endpoints_group,
                                         _("Servers that answer this project’s requests. Their "
                                           "addresses are saved in the project; API keys stay "
                                           "in the keyring."));

  endpoints = vs_endpoint_list (self->project, &error);
  if (endpoints == NULL)
    {
      toast_error (self, _("Could not read the endpoints"), error);
      endpoints = g_ptr_array_new ();
    }

  self->lookup_cancellable = g_cancellable_new ();
  for (guint i = 0; i < endpoints->len; i++)
    {
      VsEndpoint *endpoint = g_ptr_array_index (endpoints, i);
      gint64 id = vs_endpoint_get_id (endpoint);
      GtkWidget *row;

      if (g_hash_table_contains (self->pending_removals, &id))
        continue;
      row = vs_endpoint_row_new (endpoint);
      g_signal_connect_object (row, "activated", G_CALLBACK (on_row_activated), self, 0);
      adw_preferences_group_add (self->endpoints_group, row);
      g_ptr_array_add (self->endpoint_rows, row);
      vs_secrets_lookup_async (endpoint, self->lookup_cancellable, on_key_looked_up,
                               g_object_ref (row));
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->empty_row), shown == 0);
}

static void
on_project_changed (VsPreferencesWindow *self,
                    const char          *what)
{
  if (g_strcmp0 (what, "endpoints") == 0)
    reload_endpoints (self);
  else if (g_strcmp0 (what, "response_cache") == 0)
    update_cache_row (self);
}

static void
on_editor_saved (VsEndpointEditor    *editor,
                 VsEndpoint          *endpoint,
                 int                  key_store,
                 VsPreferencesWindow *self)
{
  g_autofree char *title = NULL;

  switch (key_store)
    {
    case VS_ENDPOINT_EDITOR_KEY_SESSION:
      title = g_strdup_printf (_("“%s” saved; key kept for this session only"),
                               vs_endpoint_get_name (endpoint));
      break;
    case VS_ENDPOINT_EDITOR_KEY_KEYRING:
      title = g_strdup_printf (_("“%s” saved, its key in the keyring"),
                               vs_endpoint_get_name (endpoint));
      break;
    case VS_ENDPOINT_EDITOR_KEY_UNCHANGED:
    default:
      title = g_strdup_printf (_("“%s” saved"), vs_endpoint_get_name (endpoint));
      break;
    }

  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
  toast (self, title);
  update_keyring_notice (self);
  reload_endpoints (self);
}

/* Really removes an endpoint whose Undo toast went away. */
static void
commit_removal (VsPreferencesWindow *self,
                gint64               id)
{
  g_autoptr(VsEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;
  gpointer key, value;

  if (self->pending_removals == NULL ||
      !g_hash_table_steal_extended (self->pending_removals, &id, &key, &value))
    return;
  g_free (key);
  endpoint = value;
  if (self->project == NULL)
    return;
  if (!vs_endpoint_delete (self->project, id, &error))
    {
      if (!g_error_matches (error, VS_ERROR, VS_ERROR_NOT_FOUND))
        toast_error (self, _("Could not remove the endpoint"), error);
      return;
    }
  vs_secrets_store_async (endpoint, NULL, NULL, vs_ui_secrets_store_done,
                          (gpointer) "could not remove a removed endpoint's key");
}

static void
on_removal_toast_dismissed (AdwToast            *t,
                            VsPreferencesWindow *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (t), "endpoint-id");

  commit_removal (self, *id);
}

static void
on_editor_remove_requested (VsEndpointEditor    *editor,
                            VsEndpoint          *endpoint,
                            VsPreferencesWindow *self)
{
  g_autofree char *title = NULL;
  gint64 id = vs_endpoint_get_id (endpoint);
  AdwToast *t;

  if (id == 0)
    return;
  g_hash_table_replace (self->pending_removals, g_memdup2 (&id, sizeof id),
                        vs_endpoint_copy (endpoint));
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
  reload_endpoints (self);

  title = g_strdup_printf (_("“%s” removed"), vs_endpoint_get_name (endpoint));
  t = adw_toast_new (title);
  adw_toast_set_button_label (t, _("_Undo"));
  adw_toast_set_action_name (t, "prefs.undo-remove-endpoint");
  adw_toast_set_action_target_value (t, g_variant_new_int64 (id));
  g_object_set_data_full (G_OBJECT (t), "endpoint-id", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect_object (t, "dismissed", G_CALLBACK (on_removal_toast_dismissed), self, 0);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), t);
}

static void
open_editor (VsPreferencesWindow *self,
             VsEndpoint          *endpoint)
{
  GtkWidget *editor;

  if (self->project == NULL)
    return;

  editor = vs_endpoint_editor_new (self->project, endpoint);
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_editor_saved), self, 0);
  g_signal_connect_object (editor, "remove-requested",
                           G_CALLBACK (on_editor_remove_requested), self, 0);
  g_set_weak_pointer (&self->editor, VS_ENDPOINT_EDITOR (editor));
  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self), editor);
}

static void
add_endpoint_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  open_editor (VS_PREFERENCES_WINDOW (widget), NULL);
}

static void
add_default_endpoint_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  VsPreferencesWindow *self = VS_PREFERENCES_WINDOW (widget);
  g_autoptr(VsEndpoint) endpoint = vs_endpoint_new_default ();
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (!can_write (self))
    return;
  if (!vs_endpoint_save (endpoint, self->project, &error))
    {
      toast_error (self, _("Could not add the endpoint"), error);
      return;
    }
  title = g_strdup_printf (_("“%s” added"), vs_endpoint_get_name (endpoint));
  toast (self, title);
}

static void
edit_endpoint_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  VsPreferencesWindow *self = VS_PREFERENCES_WINDOW (widget);
  g_autoptr(VsEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;

  if (self->project == NULL)
    return;
  endpoint = vs_endpoint_load (self->project, g_variant_get_int64 (parameter), &error);
  if (endpoint == NULL)
    {
      toast_error (self, _("Could not open the endpoint"), error);
      return;
    }
  open_editor (self, endpoint);
}

static void
undo_remove_endpoint_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  VsPreferencesWindow *self = VS_PREFERENCES_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);

  /* Nothing was deleted yet: showing the row again is the whole undo. */
  if (g_hash_table_remove (self->pending_removals, &id))
    reload_endpoints (self);
}

static void
clear_cache_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VsPreferencesWindow *self = VS_PREFERENCES_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!can_write (self))
    return;
  if (!vs_response_cache_clear (self->project, &error))
    toast_error (self, _("Could not clear the response cache"), error);
  else
    toast (self, _("Response cache cleared"));
  update_cache_row (self);
}

static void
commit_all_removals (VsPreferencesWindow *self)
{
  g_autoptr(GList) ids = g_hash_table_get_keys (self->pending_removals);
  g_autoptr(GArray) copy = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (GList *l = ids; l != NULL; l = l->next)
    g_array_append_val (copy, *(gint64 *) l->data);
  for (guint i = 0; i < copy->len; i++)
    commit_removal (self, g_array_index (copy, gint64, i));
}

VsPreferencesWindow *
vs_preferences_window_new (VsApplication *application)
{
  VsPreferencesWindow *self = g_object_new (VS_TYPE_PREFERENCES_WINDOW, NULL);

  self->application = application;
  if (application != NULL)
    {
      g_autofree char *scheme =
        g_settings_get_string (vs_application_get_settings (application), "color-scheme");

      for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
        if (g_strcmp0 (scheme, schemes[i]) == 0)
          adw_combo_row_set_selected (self->style_row, i);
    }
  return self;
}

void
vs_preferences_window_set_project (VsPreferencesWindow *self,
                                   VsProject           *project)
{
  g_return_if_fail (VS_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (project == NULL || VS_IS_PROJECT (project));

  if (self->project == project)
    return;

  commit_all_removals (self);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  if (project != NULL)
    g_signal_connect_object (project, "changed", G_CALLBACK (on_project_changed), self,
                             G_CONNECT_SWAPPED);
  if (self->editor != NULL)
    adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));

  vs_prices_page_set_project (self->prices_page, project);
  reload_endpoints (self);
  update_cache_row (self);
  update_keyring_notice (self);
  probe_keyring (self);
}

VsProject *
vs_preferences_window_get_project (VsPreferencesWindow *self)
{
  g_return_val_if_fail (VS_IS_PREFERENCES_WINDOW (self), NULL);

  return self->project;
}

VsEndpointEditor *
vs_preferences_window_get_editor (VsPreferencesWindow *self)
{
  g_return_val_if_fail (VS_IS_PREFERENCES_WINDOW (self), NULL);

  return self->editor;
}

GListModel *
vs_preferences_window_list_endpoint_rows (VsPreferencesWindow *self)
{
  GListStore *store;

  g_return_val_if_fail (VS_IS_PREFERENCES_WINDOW (self), NULL);

  store = g_list_store_new (VS_TYPE_ENDPOINT_ROW);
  for (guint i = 0; i < self->endpoint_rows->len; i++)
    g_list_store_append (store, g_ptr_array_index (self->endpoint_rows, i));
  return G_LIST_MODEL (store);
}

static void
vs_preferences_window_dispose (GObject *object)
{
  VsPreferencesWindow *self = VS_PREFERENCES_WINDOW (object);

  if (self->pending_removals != NULL)
    commit_all_removals (self);
  if (self->lookup_cancellable != NULL)
    g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  if (self->probe_cancellable != NULL)
    g_cancellable_cancel (self->probe_cancellable);
  g_clear_object (&self->probe_cancellable);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_weak_pointer (&self->editor);

  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_PREFERENCES_WINDOW);

  g_clear_object (&self->project);
  g_clear_pointer (&self->endpoint_rows, g_ptr_array_unref);
  g_clear_pointer (&self->pending_removals, g_hash_table_unref);

  G_OBJECT_CLASS (vs_preferences_window_parent_class)->dispose (object);
}

static void
vs_preferences_window_class_init (VsPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_preferences_window_dispose;

  g_type_ensure (VS_TYPE_PRICES_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, keyring_group);
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, endpoints_group);
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, empty_row);
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, prices_page);
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, cache_row);
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, keys_row);
  gtk_widget_class_bind_template_callback (widget_class, on_style_selected);

  gtk_widget_class_install_action (widget_class, "prefs.add-endpoint", NULL,
                                   add_endpoint_action);
  gtk_widget_class_install_action (widget_class, "prefs.add-default-endpoint", NULL,
                                   add_default_endpoint_action);
  gtk_widget_class_install_action (widget_class, "prefs.edit-endpoint", "x",
                                   edit_endpoint_action);
  gtk_widget_class_install_action (widget_class, "prefs.undo-remove-endpoint", "x",
                                   undo_remove_endpoint_action);
  gtk_widget_class_install_action (widget_class, "prefs.clear-cache", NULL, clear_cache_action);
}

static void
vs_preferences_window_init (VsPreferencesWindow *self)
{
  self->endpoint_rows = g_ptr_array_new ();
  self->pending_removals = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                  g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));

  reload_endpoints (self);
  update_cache_row (self);
  update_keyring_notice (self);
}
