/* vs-project-settings-window.c
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
#include "vs-project-settings-window.h"
#include "vs-prices-page.h"
#include "vs-request-engine.h"
#include "vs-secrets.h"
#include "vs-ui-util.h"

struct _VsProjectSettingsWindow
{
  AdwPreferencesWindow  parent_instance;

  VsProject            *project;
  GPtrArray            *endpoint_rows;
  GHashTable           *pending_removals; /* gint64 id → VsEndpoint */
  GCancellable         *lookup_cancellable;
  GCancellable         *probe_cancellable;
  VsEndpointEditor     *editor;           /* weak: the subpage on screen */

  AdwPreferencesGroup  *keyring_group;
  AdwPreferencesGroup  *endpoints_group;
  AdwActionRow         *empty_row;
  VsPricesPage         *prices_page;
};

G_DEFINE_FINAL_TYPE (VsProjectSettingsWindow, vs_project_settings_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

static void
toast (VsProjectSettingsWindow *self,
       const char          *title)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (title));
}

static void
toast_error (VsProjectSettingsWindow *self,
             const char          *what,
             const GError        *error)
{
  g_autofree char *message = g_strdup_printf ("%s: %s", what, error->message);
  AdwToast *t = adw_toast_new (message);

  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), t);
}

static gboolean
can_write (VsProjectSettingsWindow *self)
{
  return self->project != NULL && !vs_project_get_read_only (self->project);
}

static void
update_keyring_notice (VsProjectSettingsWindow *self)
{
  gboolean have = vs_secrets_have_keyring ();

  gtk_widget_set_visible (GTK_WIDGET (self->keyring_group), !have);
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
  window = gtk_widget_get_ancestor (GTK_WIDGET (row), VS_TYPE_PROJECT_SETTINGS_WINDOW);
  if (window != NULL)
    update_keyring_notice (VS_PROJECT_SETTINGS_WINDOW (window));
}

static void
on_keyring_probed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  VsProjectSettingsWindow *self = user_data;
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
probe_keyring (VsProjectSettingsWindow *self)
{
  g_autoptr(VsEndpoint) probe = vs_endpoint_new_default ();

  g_cancellable_cancel (self->probe_cancellable);
  g_clear_object (&self->probe_cancellable);
  self->probe_cancellable = g_cancellable_new ();
  vs_secrets_lookup_async (probe, self->probe_cancellable, on_keyring_probed, self);
}

static void open_editor (VsProjectSettingsWindow *self,
                         VsEndpoint          *endpoint);

static void
on_row_activated (VsEndpointRow       *row,
                  VsProjectSettingsWindow *self)
{
  open_editor (self, vs_endpoint_row_get_endpoint (row));
}

static void
reload_endpoints (VsProjectSettingsWindow *self)
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

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.add-endpoint", can_write (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.add-default-endpoint",
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
on_project_changed (VsProjectSettingsWindow *self,
                    const char          *what)
{
  if (g_strcmp0 (what, "endpoints") == 0)
    reload_endpoints (self);
}

static void
on_editor_saved (VsEndpointEditor    *editor,
                 VsEndpoint          *endpoint,
                 int                  key_store,
                 VsProjectSettingsWindow *self)
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
commit_removal (VsProjectSettingsWindow *self,
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
                            VsProjectSettingsWindow *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (t), "endpoint-id");

  commit_removal (self, *id);
}

static void
on_editor_remove_requested (VsEndpointEditor    *editor,
                            VsEndpoint          *endpoint,
                            VsProjectSettingsWindow *self)
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
  adw_toast_set_action_name (t, "project.undo-remove-endpoint");
  adw_toast_set_action_target_value (t, g_variant_new_int64 (id));
  g_object_set_data_full (G_OBJECT (t), "endpoint-id", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect_object (t, "dismissed", G_CALLBACK (on_removal_toast_dismissed), self, 0);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), t);
}

static void
open_editor (VsProjectSettingsWindow *self,
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
  open_editor (VS_PROJECT_SETTINGS_WINDOW (widget), NULL);
}

static void
add_default_endpoint_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  VsProjectSettingsWindow *self = VS_PROJECT_SETTINGS_WINDOW (widget);
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
  VsProjectSettingsWindow *self = VS_PROJECT_SETTINGS_WINDOW (widget);
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
  VsProjectSettingsWindow *self = VS_PROJECT_SETTINGS_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);

  /* Nothing was deleted yet: showing the row again is the whole undo. */
  if (g_hash_table_remove (self->pending_removals, &id))
    reload_endpoints (self);
}

static void
commit_all_removals (VsProjectSettingsWindow *self)
{
  g_autoptr(GList) ids = g_hash_table_get_keys (self->pending_removals);
  g_autoptr(GArray) copy = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (GList *l = ids; l != NULL; l = l->next)
    g_array_append_val (copy, *(gint64 *) l->data);
  for (guint i = 0; i < copy->len; i++)
    commit_removal (self, g_array_index (copy, gint64, i));
}

VsProjectSettingsWindow *
vs_project_settings_window_new (void)
{
  return g_object_new (VS_TYPE_PROJECT_SETTINGS_WINDOW, NULL);
}

void
vs_project_settings_window_set_project (VsProjectSettingsWindow *self,
                                   VsProject           *project)
{
  g_return_if_fail (VS_IS_PROJECT_SETTINGS_WINDOW (self));
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
  update_keyring_notice (self);
  probe_keyring (self);
}

VsProject *
vs_project_settings_window_get_project (VsProjectSettingsWindow *self)
{
  g_return_val_if_fail (VS_IS_PROJECT_SETTINGS_WINDOW (self), NULL);

  return self->project;
}

VsEndpointEditor *
vs_project_settings_window_get_editor (VsProjectSettingsWindow *self)
{
  g_return_val_if_fail (VS_IS_PROJECT_SETTINGS_WINDOW (self), NULL);

  return self->editor;
}

GListModel *
vs_project_settings_window_list_endpoint_rows (VsProjectSettingsWindow *self)
{
  GListStore *store;

  g_return_val_if_fail (VS_IS_PROJECT_SETTINGS_WINDOW (self), NULL);

  store = g_list_store_new (VS_TYPE_ENDPOINT_ROW);
  for (guint i = 0; i < self->endpoint_rows->len; i++)
    g_list_store_append (store, g_ptr_array_index (self->endpoint_rows, i));
  return G_LIST_MODEL (store);
}

static void
vs_project_settings_window_dispose (GObject *object)
{
  VsProjectSettingsWindow *self = VS_PROJECT_SETTINGS_WINDOW (object);

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

  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_PROJECT_SETTINGS_WINDOW);

  g_clear_object (&self->project);
  g_clear_pointer (&self->endpoint_rows, g_ptr_array_unref);
  g_clear_pointer (&self->pending_removals, g_hash_table_unref);

  G_OBJECT_CLASS (vs_project_settings_window_parent_class)->dispose (object);
}

static void
vs_project_settings_window_class_init (VsProjectSettingsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_project_settings_window_dispose;

  g_type_ensure (VS_TYPE_PRICES_PAGE);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/versuslab/Versus/vs-project-settings-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VsProjectSettingsWindow, keyring_group);
  gtk_widget_class_bind_template_child (widget_class, VsProjectSettingsWindow, endpoints_group);
  gtk_widget_class_bind_template_child (widget_class, VsProjectSettingsWindow, empty_row);
  gtk_widget_class_bind_template_child (widget_class, VsProjectSettingsWindow, prices_page);

  gtk_widget_class_install_action (widget_class, "project.add-endpoint", NULL,
                                   add_endpoint_action);
  gtk_widget_class_install_action (widget_class, "project.add-default-endpoint", NULL,
                                   add_default_endpoint_action);
  gtk_widget_class_install_action (widget_class, "project.edit-endpoint", "x",
                                   edit_endpoint_action);
  gtk_widget_class_install_action (widget_class, "project.undo-remove-endpoint", "x",
                                   undo_remove_endpoint_action);
}

static void
vs_project_settings_window_init (VsProjectSettingsWindow *self)
{
  self->endpoint_rows = g_ptr_array_new ();
  self->pending_removals = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                  g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));

  reload_endpoints (self);
  update_keyring_notice (self);
}
