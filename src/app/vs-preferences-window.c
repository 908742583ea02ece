/* vs-preferences-window.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The choices are GSettings keys ("color-scheme", "default-encoding"); the response cache row
 * shows and clears the cache of the project the window was opened over. Whether a keyring
 * answers is only known after asking it once.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vs-endpoint.h"
#include "vs-format.h"
#include "vs-preferences-window.h"
#include "vs-request-engine.h"
#include "vs-secrets.h"

struct _VsPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  VsApplication        *application;
  VsProject            *project;
  GCancellable         *probe_cancellable;

  AdwComboRow          *style_row;
  AdwComboRow          *encoding_row;
  AdwActionRow         *cache_row;
  AdwActionRow         *keys_row;
};

G_DEFINE_FINAL_TYPE (VsPreferencesWindow, vs_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *schemes[] = { "system", "light", "dark" };
static const char *encodings[] = { "o200k_base", "cl100k_base" };

static GSettings *
get_settings (VsPreferencesWindow *self)
{
  return self->application != NULL ? vs_application_get_settings (self->application) : NULL;
}

static void
on_style_selected (VsPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->style_row);

  if (get_settings (self) != NULL && selected < G_N_ELEMENTS (schemes))
    g_settings_set_string (get_settings (self), "color-scheme", schemes[selected]);
}

static void
on_encoding_selected (VsPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->encoding_row);

  if (get_settings (self) != NULL && selected < G_N_ELEMENTS (encodings))
    g_settings_set_string (get_settings (self), "default-encoding", encodings[selected]);
}

static void
toast (VsPreferencesWindow *self,
       const char          *title)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (title));
}

static gboolean
can_write (VsPreferencesWindow *self)
{
  return self->project != NULL && !vs_project_get_read_only (self->project);
}

static void
update_keys_row (VsPreferencesWindow *self)
{
  adw_action_row_set_subtitle (self->keys_row,
                               vs_secrets_have_keyring ()
                                 ? _("Kept in the keyring (Secret Service) — never in the "
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
on_keyring_probed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  VsPreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = vs_secrets_lookup_finish (result, &error);

  if (key != NULL)
    explicit_bzero (key, strlen (key));
  /* Cancelled in dispose: the window may be gone (no reference is held, as in
   * VsProjectSettingsWindow). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  update_keys_row (self);
}

static void
probe_keyring (VsPreferencesWindow *self)
{
  g_autoptr(VsEndpoint) probe = vs_endpoint_new_default ();

  g_cancellable_cancel (self->probe_cancellable);
  g_clear_object (&self->probe_cancellable);
  self->probe_cancellable = g_cancellable_new ();
  vs_secrets_lookup_async (probe, self->probe_cancellable, on_keyring_probed, self);
}

static void
on_project_changed (VsPreferencesWindow *self,
                    const char          *what)
{
  if (g_strcmp0 (what, "response_cache") == 0)
    update_cache_row (self);
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
    {
      g_autofree char *message = g_strdup_printf ("%s: %s",
                                                  _("Could not clear the response cache"),
                                                  error->message);
      AdwToast *t = adw_toast_new (message);

      adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), t);
    }
  else
    toast (self, _("Response cache cleared"));
  update_cache_row (self);
}

static void
select_string (AdwComboRow  *row,
               const char  **choices,
               guint         n_choices,
               const char   *value)
{
  for (guint i = 0; i < n_choices; i++)
    if (g_strcmp0 (value, choices[i]) == 0)
      adw_combo_row_set_selected (row, i);
}

VsPreferencesWindow *
vs_preferences_window_new (VsApplication *application)
{
  VsPreferencesWindow *self = g_object_new (VS_TYPE_PREFERENCES_WINDOW, NULL);

  self->application = application;
  if (get_settings (self) != NULL)
    {
      g_autofree char *scheme = g_settings_get_string (get_settings (self), "color-scheme");
      g_autofree char *encoding = g_settings_get_string (get_settings (self),
                                                         "default-encoding");

      select_string (self->style_row, schemes, G_N_ELEMENTS (schemes), scheme);
      select_string (self->encoding_row, encodings, G_N_ELEMENTS (encodings), encoding);
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

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  if (project != NULL)
    g_signal_connect_object (project, "changed", G_CALLBACK (on_project_changed), self,
                             G_CONNECT_SWAPPED);
  update_cache_row (self);
}

VsProject *
vs_preferences_window_get_project (VsPreferencesWindow *self)
{
  g_return_val_if_fail (VS_IS_PREFERENCES_WINDOW (self), NULL);

  return self->project;
}

static void
vs_preferences_window_dispose (GObject *object)
{
  VsPreferencesWindow *self = VS_PREFERENCES_WINDOW (object);

  if (self->probe_cancellable != NULL)
    g_cancellable_cancel (self->probe_cancellable);
  g_clear_object (&self->probe_cancellable);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_PREFERENCES_WINDOW);

  g_clear_object (&self->project);

  G_OBJECT_CLASS (vs_preferences_window_parent_class)->dispose (object);
}

static void
vs_preferences_window_class_init (VsPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, cache_row);
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, keys_row);
  gtk_widget_class_bind_template_callback (widget_class, on_style_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_encoding_selected);

  gtk_widget_class_install_action (widget_class, "prefs.clear-cache", NULL, clear_cache_action);
}

static void
vs_preferences_window_init (VsPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  update_cache_row (self);
  update_keys_row (self);
  probe_keyring (self);
}
