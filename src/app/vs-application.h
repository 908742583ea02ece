/* vs-application.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application object: app-wide actions (preferences, about, quit), settings, the colour
 * scheme, and opening projects from the command line. Windows do the rest.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VS_TYPE_APPLICATION (vs_application_get_type ())
G_DECLARE_FINAL_TYPE (VsApplication, vs_application, VS, APPLICATION, AdwApplication)

VsApplication *vs_application_new            (void);
GSettings     *vs_application_get_settings   (VsApplication *self);
/* Where the sample project is copied for the user (created on first use). */
char          *vs_application_dup_sample_path (VsApplication *self,
                                               GError       **error);
void           vs_application_add_recent     (VsApplication *self,
                                              const char    *path);

G_END_DECLS
