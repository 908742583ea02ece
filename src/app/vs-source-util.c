/* vs-source-util.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "vs-source-util.h"

#define LANGUAGE_SPECS "resource:///io/github/versuslab/Versus/language-specs"

static GtkSourceLanguageManager *
get_manager (void)
{
  static gsize initialized;
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();

  /* Once per process: the default manager is shared by every buffer. */
  if (g_once_init_enter (&initialized))
    {
      gtk_source_language_manager_append_search_path (manager, LANGUAGE_SPECS);
      g_once_init_leave (&initialized, 1);
    }
  return manager;
}

GtkSourceLanguage *
vs_source_get_template_language (void)
{
  return gtk_source_language_manager_get_language (get_manager (), "versus-template");
}

GtkSourceLanguage *
vs_source_get_language (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  return gtk_source_language_manager_get_language (get_manager (), id);
}

static void
update_scheme (GtkSourceBuffer *buffer)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (style) ? "Adwaita-dark" : "Adwaita";
  GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme (schemes, id);

  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (buffer, scheme);
}

void
vs_source_buffer_follow_style (GtkSourceBuffer *buffer)
{
  g_return_if_fail (GTK_SOURCE_IS_BUFFER (buffer));

  update_scheme (buffer);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_scheme), buffer, G_CONNECT_SWAPPED);
}
