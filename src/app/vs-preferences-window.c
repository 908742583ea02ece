/* vs-preferences-window.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-preferences-window.h"

struct _VsPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  VsApplication        *application;
  VsProject            *project;

  AdwComboRow          *style_row;
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

  g_set_object (&self->project, project);
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
  gtk_widget_class_bind_template_callback (widget_class, on_style_selected);
}

static void
vs_preferences_window_init (VsPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
