/* vs-application.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "vs-accessible.h"
#include "vs-application.h"
#include "vs-preferences-window.h"
#include "vs-window.h"

#define MAX_RECENT 8

struct _VsApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (VsApplication, vs_application, ADW_TYPE_APPLICATION)

VsApplication *
vs_application_new (void)
{
  return g_object_new (VS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/versuslab/Versus",
                       NULL);
}

GSettings *
vs_application_get_settings (VsApplication *self)
{
  g_return_val_if_fail (VS_IS_APPLICATION (self), NULL);

  return self->settings;
}

static void
apply_color_scheme (VsApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwStyleManager *style = adw_style_manager_get_default ();

  if (g_strcmp0 (scheme, "light") == 0)
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_strcmp0 (scheme, "dark") == 0)
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_PREFER_LIGHT);
}

static const char *
find_installed_sample (void)
{
  static const char *candidates[] = { NULL, PKGDATADIR "/sample.versus",
                                      BUILD_DATADIR "/sample.versus" };

  candidates[0] = g_getenv ("VERSUS_SAMPLE");
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (candidates[i] != NULL && g_file_test (candidates[i], G_FILE_TEST_IS_REGULAR))
      return candidates[i];
  return NULL;
}

char *
vs_application_dup_sample_path (VsApplication  *self,
                                GError        **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "versus", NULL);
  g_autofree char *path = g_build_filename (dir, _("Sample project.versus"), NULL);
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) dest = NULL;
  const char *installed;

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);

  installed = find_installed_sample ();
  if (installed == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The sample project is not installed"));
      return NULL;
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Could not create “%s”"), dir);
      return NULL;
    }

  /* A copy for the user: the installed file is never edited. */
  source = g_file_new_for_path (installed);
  dest = g_file_new_for_path (path);
  if (!g_file_copy (source, dest, G_FILE_COPY_NONE, NULL, NULL, NULL, error))
    return NULL;

  return g_steal_pointer (&path);
}

void
vs_application_add_recent (VsApplication *self,
                           const char    *path)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  g_return_if_fail (VS_IS_APPLICATION (self));
  g_return_if_fail (path != NULL);

  old = g_settings_get_strv (self->settings, "recent-projects");
  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT; i++)
    if (g_strcmp0 (old[i], path) != 0)
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  recent = g_strv_builder_end (builder);

  g_settings_set_strv (self->settings, "recent-projects", (const char * const *) recent);
  g_settings_set_string (self->settings, "last-project", path);
}

static VsWindow *
new_window (VsApplication *self)
{
  return vs_window_new (self);
}

static void
vs_application_activate (GApplication *app)
{
  VsApplication *self = VS_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autofree char *last = NULL;
  g_autofree char *sample = NULL;
  g_autoptr(GError) error = NULL;
  VsWindow *win;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  win = new_window (self);
  gtk_window_present (GTK_WINDOW (win));

  /* Reopen the last project; on the very first start, the user's copy of the sample. */
  last = g_settings_get_string (self->settings, "last-project");
  if (last[0] != '\0' && g_file_test (last, G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr(GFile) file = g_file_new_for_path (last);

      vs_window_open_project (win, file);
      return;
    }

  sample = vs_application_dup_sample_path (self, &error);
  if (sample != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (sample);

      vs_window_open_project (win, file);
    }
  else
    g_debug ("No sample project: %s", error->message);
}

static void
vs_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  VsApplication *self = VS_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      VsWindow *win = NULL;
      GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

      /* Reuse a window that has no project yet. */
      for (GList *l = windows; l; l = l->next)
        if (VS_IS_WINDOW (l->data) && vs_window_get_project (l->data) == NULL &&
            !vs_window_is_loading (l->data))
          {
            win = l->data;
            break;
          }

      if (win == NULL)
        win = new_window (self);
      gtk_window_present (GTK_WINDOW (win));
      vs_window_open_project (win, files[i]);
    }
}

static void
vs_application_startup (GApplication *app)
{
  VsApplication *self = VS_APPLICATION (app);

  G_APPLICATION_CLASS (vs_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APP_ID);
  vs_accessible_init ();

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (apply_color_scheme), self, G_CONNECT_SWAPPED);
  apply_color_scheme (self);
}

static void
vs_application_dispose (GObject *object)
{
  VsApplication *self = VS_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vs_application_parent_class)->dispose (object);
}

static void
vs_application_class_init (VsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = vs_application_dispose;
  app_class->activate = vs_application_activate;
  app_class->open = vs_application_open;
  app_class->startup = vs_application_startup;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  VsApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { "The Versus authors", NULL };

  adw_show_about_window (parent,
                         "application-name", "Versus",
                         "application-icon", APP_ID,
                         "developer-name", "The Versus authors",
                         "version", PACKAGE_VERSION,
                         "comments", _("Decide between prompt engineering and fine-tuning, "
                                       "with evidence."),
                         "website", "https://github.com/versuslab/versus",
                         "issue-url", "https://github.com/versuslab/versus/issues",
                         "developers", developers,
                         "copyright", "© 2026 The Versus authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  VsApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  VsPreferencesWindow *prefs = vs_preferences_window_new (self);

  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  if (VS_IS_WINDOW (parent))
    vs_preferences_window_set_project (prefs, vs_window_get_project (VS_WINDOW (parent)));
  gtk_window_present (GTK_WINDOW (prefs));
}

/* The active window's Project Settings (its action does the work; here for D-Bus callers
 * such as the accessibility test, which reach application actions only). */
static void
project_settings_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.project-settings", NULL);
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  VsApplication *self = user_data;

  gtk_window_present (GTK_WINDOW (new_window (self)));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  VsApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing each window saves its size; every change is already in its project file. */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_close (windows->data);
      windows = next;
    }
  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "preferences", preferences_action },
  { "project-settings", project_settings_action },
  { "new-window", new_window_action },
  { "quit", quit_action },
};

/* Every accelerator lives here, so the shortcuts window and the menus show the same keys. */
static const struct {
  const char *action;
  const char *accels[3];
} accelerators[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "app.new-window", { "<Control><Shift>n", NULL } },
  { "win.new-project", { "<Control>n", NULL } },
  { "win.open-project", { "<Control>o", NULL } },
  { "win.save-as", { "<Control><Shift>s", NULL } },
  { "win.close", { "<Control>w", NULL } },
  { "win.toggle-sidebar", { "F9", NULL } },
  { "win.search", { "<Control>f", NULL } },
  { "win.page::prompts", { "<Control>1", NULL } },
  { "win.page::datasets", { "<Control>2", NULL } },
  { "win.page::finetunes", { "<Control>3", NULL } },
  { "win.page::compare", { "<Control>4", NULL } },
  { "prompts.new", { "<Control><Alt>n", NULL } },
  { "finetunes.new", { "<Control><Alt>n", NULL } },
  { "editor.run", { "<Control>Return", NULL } },
  { "editor.save-version", { "<Control>s", NULL } },
  { "compare.present", { "F5", NULL } },
};

static void
vs_application_init (VsApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accelerators); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accelerators[i].action,
                                           accelerators[i].accels);
}
