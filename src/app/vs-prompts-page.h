/* vs-prompts-page.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Prompts workbench: the project's prompt templates on the left, the selected template
 * on the right.
 */
#pragma once

#include "vs-page.h"

G_BEGIN_DECLS

#define VS_TYPE_PROMPTS_PAGE (vs_prompts_page_get_type ())
G_DECLARE_FINAL_TYPE (VsPromptsPage, vs_prompts_page, VS, PROMPTS_PAGE, VsPage)

/* Imports a dropped template file (.json or .txt); FALSE when it is not one. */
gboolean vs_prompts_page_import_file (VsPromptsPage *self,
                                      GFile         *file);

G_END_DECLS
