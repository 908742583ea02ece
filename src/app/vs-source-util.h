/* vs-source-util.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small helpers for the GtkSourceView buffers of the prompt editor: the template language from
 * the app's resources, and a style scheme that follows the light/dark preference. Nothing here
 * knows about templates themselves.
 */
#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

/* The "versus-template" language (ui/language-specs/versus-template.lang), or NULL. */
GtkSourceLanguage *vs_source_get_template_language (void);
/* A language shipped with GtkSourceView ("json"), or NULL. */
GtkSourceLanguage *vs_source_get_language          (const char      *id);
/* Versus' style scheme for a light or dark window (Adwaita's, with readable template
 * colours). */
GtkSourceStyleScheme *vs_source_get_scheme         (gboolean         dark);
/* Keeps @buffer's style scheme in step with AdwStyleManager's dark setting. */
void               vs_source_buffer_follow_style   (GtkSourceBuffer *buffer);
/* Gives @view's buffer the language @language_id (NULL: the template language) and the style
 * scheme that follows the style, when @view is first mapped: reading the languages and schemes
 * costs more than a first frame, and a view inside a collapsed row may never show. Its buffer
 * must be a GtkSourceBuffer and stay the same. */
void               vs_source_view_highlight_when_mapped (GtkSourceView *view,
                                                         const char    *language_id);

G_END_DECLS
