/* vs-prompts-page.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Prompts workbench: the project's prompt templates on the left (search, new, duplicate,
 * rename, delete with undo, import and export of template files) and the selected template
 * in a VsPromptEditor on the right.
 */
#pragma once

#include "vs-page.h"
#include "vs-prompt-editor.h"

G_BEGIN_DECLS

#define VS_TYPE_PROMPTS_PAGE (vs_prompts_page_get_type ())
G_DECLARE_FINAL_TYPE (VsPromptsPage, vs_prompts_page, VS, PROMPTS_PAGE, VsPage)

/* Actions (group "prompts"): new, duplicate, rename, delete, undo-delete, import, export,
 * show-list. */

/* Imports a dropped template file (.json or .txt); FALSE when it is not one. Problems with
 * the file itself are shown as a toast (and TRUE is returned: the drop was for us). */
gboolean        vs_prompts_page_import_file  (VsPromptsPage *self,
                                              GFile         *file);
/* The new template's id; 0 when it could not be imported. */
gint64          vs_prompts_page_import_path  (VsPromptsPage *self,
                                              const char    *path,
                                              GError       **error);
VsPromptEditor *vs_prompts_page_get_editor   (VsPromptsPage *self);
/* Whether the list and the editor show one at a time (decided from the allocated width). */
gboolean        vs_prompts_page_get_folded   (VsPromptsPage *self);
/* Selects (and opens) template @template_id. */
void            vs_prompts_page_select       (VsPromptsPage *self,
                                              gint64         template_id);
gint64          vs_prompts_page_get_selected (VsPromptsPage *self);
guint           vs_prompts_page_get_n_templates (VsPromptsPage *self);

G_END_DECLS
