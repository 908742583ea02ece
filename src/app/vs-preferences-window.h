/* vs-preferences-window.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences: the project's endpoints (add, edit, test, remove with Undo; keys through
 * vs-secrets), its price table, appearance (follow the system, light or dark) and privacy
 * (the response cache, where keys live). Per-project pages follow the project set with
 * vs_preferences_window_set_project().
 */
#pragma once

#include <adwaita.h>

#include "vs-application.h"
#include "vs-endpoint-editor.h"
#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_PREFERENCES_WINDOW (vs_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (VsPreferencesWindow, vs_preferences_window, VS, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* Pages (adw_preferences_window_set_visible_page_name): "endpoints", "prices", "general".
 * Actions: prefs.add-endpoint, prefs.add-default-endpoint, prefs.edit-endpoint (x: id),
 * prefs.undo-remove-endpoint (x: id), prefs.clear-cache. A page that finds no endpoint can
 * open the window on "endpoints" and activate prefs.add-endpoint. */
VsPreferencesWindow *vs_preferences_window_new         (VsApplication       *application);
void                 vs_preferences_window_set_project (VsPreferencesWindow *self,
                                                        VsProject           *project);
VsProject           *vs_preferences_window_get_project (VsPreferencesWindow *self);
/* The endpoint editor on screen, or NULL. */
VsEndpointEditor    *vs_preferences_window_get_editor  (VsPreferencesWindow *self);
/* The endpoint rows shown, in order (a new list of VsEndpointRow). */
GListModel          *vs_preferences_window_list_endpoint_rows (VsPreferencesWindow *self);

G_END_DECLS
