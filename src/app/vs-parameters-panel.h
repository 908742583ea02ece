/* vs-parameters-panel.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model parameters of a template being edited: which endpoint to run against (a project
 * setting, not part of the template), the model (with the endpoint's list when it answers),
 * temperature, top_p, max tokens, seed, stop sequences and a JSON schema for structured
 * output. Edits go straight into the VsTemplate through its setters.
 */
#pragma once

#include <adwaita.h>

#include "vs-endpoint.h"
#include "vs-project.h"
#include "vs-template.h"

G_BEGIN_DECLS

#define VS_TYPE_PARAMETERS_PANEL (vs_parameters_panel_get_type ())
G_DECLARE_FINAL_TYPE (VsParametersPanel, vs_parameters_panel, VS, PARAMETERS_PANEL, GtkWidget)

GtkWidget  *vs_parameters_panel_new          (void);
/* Endpoints come from @project; the choice is remembered in it. */
void        vs_parameters_panel_set_project  (VsParametersPanel *self,
                                              VsProject         *project);
/* The template whose parameters are shown and edited (NULL: none). */
void        vs_parameters_panel_set_template (VsParametersPanel *self,
                                              VsTemplate        *template);
/* The selected endpoint, or NULL when the project has none. */
VsEndpoint *vs_parameters_panel_get_endpoint (VsParametersPanel *self);
/* Model ids last listed by the endpoint (NULL before an answer). */
const char * const *
            vs_parameters_panel_get_models   (VsParametersPanel *self);
/* Lists the endpoint's models again. */
void        vs_parameters_panel_refresh_models (VsParametersPanel *self);

/* Whether the endpoint lists models and the template's model is not among them (the panel
 * then warns and offers the endpoint's first model, action "parameters.use-listed-model"). */
gboolean            vs_parameters_panel_get_model_missing (VsParametersPanel *self);

G_END_DECLS
