/* vs-preferences-window.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences: appearance (follow the system, light or dark) and, per project, the things
 * that are set once rather than per item.
 */
#pragma once

#include <adwaita.h>

#include "vs-application.h"
#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_PREFERENCES_WINDOW (vs_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (VsPreferencesWindow, vs_preferences_window, VS, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

VsPreferencesWindow *vs_preferences_window_new         (VsApplication       *application);
void                 vs_preferences_window_set_project (VsPreferencesWindow *self,
                                                        VsProject           *project);
VsProject           *vs_preferences_window_get_project (VsPreferencesWindow *self);

G_END_DECLS
