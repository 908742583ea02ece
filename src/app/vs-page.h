/* vs-page.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The base of the four workbench pages: holds the window's project and tells the subclass
 * when it is replaced or when something in it changed. It draws nothing itself.
 */
#pragma once

#include <adwaita.h>

#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_PAGE (vs_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (VsPage, vs_page, VS, PAGE, AdwBin)

struct _VsPageClass
{
  AdwBinClass parent_class;

  /* A new project (or NULL). */
  void (*project_set)     (VsPage     *self,
                           VsProject  *project);
  /* @what changed in the current project ("templates", "datasets", …). */
  void (*project_changed) (VsPage     *self,
                           const char *what);
};

VsProject *vs_page_get_project (VsPage    *self);
void       vs_page_set_project (VsPage    *self,
                                VsProject *project);
/* Shows @message as a toast in the page's window, if it is in one. */
void       vs_page_toast       (VsPage    *self,
                                const char *message);

G_END_DECLS
