/* vs-project-settings-window.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Project Settings: what the project file holds and a team shares — its endpoints (add, edit,
 * test, remove with Undo; keys through vs-secrets, never in the file) and its price table.
 * App-wide choices (appearance, the response cache, the default encoding) are in
 * VsPreferencesWindow. Follows the project set with vs_project_settings_window_set_project().
 */
#pragma once

#include <adwaita.h>

#include "vs-application.h"
#include "vs-endpoint-editor.h"
#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_PROJECT_SETTINGS_WINDOW (vs_project_settings_window_get_type ())
G_DECLARE_FINAL_TYPE (VsProjectSettingsWindow, vs_project_settings_window, VS,
                      PROJECT_SETTINGS_WINDOW, AdwPreferencesWindow)

/* Pages (adw_preferences_window_set_visible_page_name): "endpoints", "prices".
 * Actions: project.add-endpoint, project.add-default-endpoint, project.edit-endpoint (x: id),
 * project.undo-remove-endpoint (x: id). The window's win.project-settings opens it; a page that
 * finds no endpoint can open it on "endpoints" and activate project.add-endpoint. */
VsProjectSettingsWindow *vs_project_settings_window_new         (void);
void                     vs_project_settings_window_set_project (VsProjectSettingsWindow *self,
                                                                 VsProject               *project);
VsProject               *vs_project_settings_window_get_project (VsProjectSettingsWindow *self);
/* The endpoint editor on screen, or NULL. */
VsEndpointEditor        *vs_project_settings_window_get_editor  (VsProjectSettingsWindow *self);
/* The endpoint rows shown, in order (a new list of VsEndpointRow). */
GListModel *vs_project_settings_window_list_endpoint_rows (VsProjectSettingsWindow *self);

G_END_DECLS
