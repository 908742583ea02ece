/* vs-source-util.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "vs-source-util.h"

#define LANGUAGE_SPECS "resource:///io/github/versuslab/Versus/language-specs"
#define STYLE_SCHEMES  "/io/github/versuslab/Versus/styles"

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

/* GtkSourceView 5.6 lists schemes in resources but reads them only from files: the schemes
 * are copied once per process into a private folder of the runtime directory. */
static char *
extract_schemes (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_runtime_dir (), "versus",
                                           "style-schemes", NULL);
  g_auto(GStrv) names = g_resources_enumerate_children (STYLE_SCHEMES, 0, NULL);

  if (names == NULL || g_mkdir_with_parents (dir, 0700) != 0)
    return NULL;
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *resource = g_build_path ("/", STYLE_SCHEMES, names[i], NULL);
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (resource, 0, NULL);
      g_autoptr(GError) error = NULL;

      if (bytes == NULL ||
          !g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                &error))
        {
          g_debug ("Style scheme %s not written: %s", names[i],
                   error ? error->message : "not in the resources");
          return NULL;
        }
    }
  return g_steal_pointer (&dir);
}

/* Adwaita's, with the template colours at WCAG AA contrast (ui/styles/). */
GtkSourceStyleScheme *
vs_source_get_scheme (gboolean dark)
{
  static gsize initialized;
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkSourceStyleScheme *scheme;

  if (g_once_init_enter (&initialized))
    {
      g_autofree char *dir = extract_schemes ();

      if (dir != NULL)
        gtk_source_style_scheme_manager_prepend_search_path (schemes, dir);
      g_once_init_leave (&initialized, 1);
    }
  scheme = gtk_source_style_scheme_manager_get_scheme (schemes, dark ? "versus-dark" : "versus");
  if (scheme == NULL)
    scheme = gtk_source_style_scheme_manager_get_scheme (schemes,
                                                         dark ? "Adwaita-dark" : "Adwaita");
  return scheme;
}

static void
update_scheme (GtkSourceBuffer *buffer)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkSourceStyleScheme *scheme = vs_source_get_scheme (adw_style_manager_get_dark (style));

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

static void
highlight_now (GtkSourceView *view)
{
  const char *language_id = g_object_get_data (G_OBJECT (view), "vs-highlight-language");
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));

  g_signal_handlers_disconnect_by_func (view, highlight_now, NULL);
  gtk_source_buffer_set_language (buffer, language_id ? vs_source_get_language (language_id)
                                                      : vs_source_get_template_language ());
  vs_source_buffer_follow_style (buffer);
}

void
vs_source_view_highlight_when_mapped (GtkSourceView *view,
                                      const char    *language_id)
{
  g_return_if_fail (GTK_SOURCE_IS_VIEW (view));

  g_object_set_data_full (G_OBJECT (view), "vs-highlight-language", g_strdup (language_id),
                          g_free);
  if (gtk_widget_get_mapped (GTK_WIDGET (view)))
    highlight_now (view);
  else
    g_signal_connect (view, "map", G_CALLBACK (highlight_now), NULL);
}
