/* vs-preferences-window.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences (Ctrl+,): what is the user's and not the project's — appearance (follow the
 * system, light or dark), the default encoding for counting tokens of models Versus does not
 * know, and privacy (the response cache of the project shown, where API keys live). What a
 * project file holds (endpoints, prices) is in VsProjectSettingsWindow.
 */
#pragma once

#include <adwaita.h>

#include "vs-application.h"
#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_PREFERENCES_WINDOW (vs_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (VsPreferencesWindow, vs_preferences_window, VS, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* Page (adw_preferences_window_set_visible_page_name): "general". Action: prefs.clear-cache
 * (the response cache of the project set, if any). */
VsPreferencesWindow *vs_preferences_window_new         (VsApplication       *application);
void                 vs_preferences_window_set_project (VsPreferencesWindow *self,
                                                        VsProject           *project);
VsProject           *vs_preferences_window_get_project (VsPreferencesWindow *self);

G_END_DECLS
