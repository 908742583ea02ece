/* vs-few-shot-panel.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The few-shot block of a template being edited: which dataset and split the examples come
 * from, how many, the draw's seed, and the user/assistant templates rendered over each
 * example's columns. Drawing and rendering them is core's (vs_template_draw_few_shot).
 */
#pragma once

#include <adwaita.h>

#include "vs-project.h"
#include "vs-template.h"

G_BEGIN_DECLS

#define VS_TYPE_FEW_SHOT_PANEL (vs_few_shot_panel_get_type ())
G_DECLARE_FINAL_TYPE (VsFewShotPanel, vs_few_shot_panel, VS, FEW_SHOT_PANEL, GtkWidget)

GtkWidget *vs_few_shot_panel_new          (void);
/* The project's datasets are offered as sources. */
void       vs_few_shot_panel_set_project  (VsFewShotPanel *self,
                                           VsProject      *project);
/* The template whose block is shown and edited (NULL: none). */
void       vs_few_shot_panel_set_template (VsFewShotPanel *self,
                                           VsTemplate     *template);
/* What the last draw gave (e.g. "3 examples from “Support tickets”"), set by the editor. */
void       vs_few_shot_panel_set_status   (VsFewShotPanel *self,
                                           const char     *status);

G_END_DECLS
