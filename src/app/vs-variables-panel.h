/* vs-variables-panel.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sample values for a template's variables, so the preview and test runs have something to
 * render with: one field per variable the template uses, filled by hand, from a JSON object
 * pasted in, or from a row of one of the project's datasets. The values are remembered per
 * template in the project; the names come from the editor (variable discovery in core).
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_VARIABLES_PANEL (vs_variables_panel_get_type ())
G_DECLARE_FINAL_TYPE (VsVariablesPanel, vs_variables_panel, VS, VARIABLES_PANEL, GtkWidget)

/* Signal "changed" (): a value changed. */
GtkWidget   *vs_variables_panel_new              (void);
/* Loads the values remembered for @template_id (0: none) in @project. */
void         vs_variables_panel_load             (VsVariablesPanel  *self,
                                                  VsProject         *project,
                                                  gint64             template_id);
/* The variables to show a field for, in order. */
void         vs_variables_panel_set_names        (VsVariablesPanel  *self,
                                                  const char * const *names);
const char * const *
             vs_variables_panel_get_names        (VsVariablesPanel  *self);
/* Every value known (also for names not used at the moment). Owned by the panel. */
JsonObject  *vs_variables_panel_get_values       (VsVariablesPanel  *self);
/* Sets one value (string) as if typed. */
void         vs_variables_panel_set_value        (VsVariablesPanel  *self,
                                                  const char        *name,
                                                  const char        *value);
/* Merges the members of a JSON object (as pasted); FALSE with @error when it is not one. */
gboolean     vs_variables_panel_merge_json       (VsVariablesPanel  *self,
                                                  const char        *json,
                                                  GError           **error);
/* Merges the row with @ordinal (1-based) of dataset @dataset_id. */
gboolean     vs_variables_panel_fill_from_record (VsVariablesPanel  *self,
                                                  gint64             dataset_id,
                                                  gint64             ordinal,
                                                  GError           **error);
/* Writes pending value changes to the project now. */
void         vs_variables_panel_flush            (VsVariablesPanel  *self);

G_END_DECLS
