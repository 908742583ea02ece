/* vs-prompt-editor.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The editor of one prompt template, in three columns that fold on narrow windows: the
 * messages (role + GtkSourceView each), the variables and parameters, and the output tabs
 * (live preview with character and token counts, run output, versions). Every edit is saved to
 * the project's draft at once; rendering and token counting happen off the main loop. The
 * templates list around it is VsPromptsPage's.
 */
#pragma once

#include <adwaita.h>

#include "vs-message-row.h"
#include "vs-parameters-panel.h"
#include "vs-project.h"
#include "vs-run-pane.h"
#include "vs-template.h"
#include "vs-template-store.h"
#include "vs-variables-panel.h"
#include "vs-version-history.h"

G_BEGIN_DECLS

#define VS_TYPE_PROMPT_EDITOR (vs_prompt_editor_get_type ())
G_DECLARE_FINAL_TYPE (VsPromptEditor, vs_prompt_editor, VS, PROMPT_EDITOR, GtkWidget)

/* Actions (group "editor"): run, stop, save-version, add-message(s role), undo-remove-message
 * (the Undo of the "Message removed" toast). Properties:
 * "template-id" (gint64, read-only), "show-back-button" (gboolean). */
GtkWidget         *vs_prompt_editor_new             (void);
/* Opens template @template_id of @project (0: nothing); the previous one is saved first. */
void               vs_prompt_editor_set_template    (VsPromptEditor  *self,
                                                     VsProject       *project,
                                                     gint64           template_id);
gint64             vs_prompt_editor_get_template_id (VsPromptEditor  *self);
/* Re-reads the draft from the project (after a rename or a restore elsewhere). */
void               vs_prompt_editor_reload          (VsPromptEditor  *self);
/* Writes a pending draft change now. */
gboolean           vs_prompt_editor_flush           (VsPromptEditor  *self,
                                                     GError         **error);
/* Saves the draft as the next version with @note, as "Save Version…" does. */
VsTemplateVersionInfo *
                   vs_prompt_editor_save_version    (VsPromptEditor  *self,
                                                     const char      *note,
                                                     GError         **error);
/* Shows the tab "preview", "run" or "versions" (and its column when folded). */
void               vs_prompt_editor_show_tab        (VsPromptEditor  *self,
                                                     const char      *tab);

/* The parts, for the page and for tests. */
VsTemplate        *vs_prompt_editor_get_draft       (VsPromptEditor  *self);
guint              vs_prompt_editor_get_n_rows      (VsPromptEditor  *self);
VsMessageRow      *vs_prompt_editor_get_row         (VsPromptEditor  *self,
                                                     guint            index);
VsVariablesPanel  *vs_prompt_editor_get_variables   (VsPromptEditor  *self);
VsParametersPanel *vs_prompt_editor_get_parameters  (VsPromptEditor  *self);
VsRunPane         *vs_prompt_editor_get_run_pane    (VsPromptEditor  *self);
VsVersionHistory  *vs_prompt_editor_get_history     (VsPromptEditor  *self);
/* Whether the columns show one at a time, with tabs (decided from the allocated width). */
gboolean           vs_prompt_editor_get_folded      (VsPromptEditor  *self);
/* The preview as text ("role:\ncontent\n\n" per message) and its statistics line; both
 * describe the last finished refresh. */
char              *vs_prompt_editor_dup_preview_text  (VsPromptEditor *self);
const char        *vs_prompt_editor_get_preview_stats (VsPromptEditor *self);
/* Whether a change has not reached the preview yet. */
gboolean           vs_prompt_editor_get_preview_pending (VsPromptEditor *self);
/* Incremented whenever a preview refresh has been applied. */
guint              vs_prompt_editor_get_preview_serial (VsPromptEditor *self);

G_END_DECLS
