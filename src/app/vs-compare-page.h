/* vs-compare-page.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Compare workbench: evaluation runs on the left, the selected run's contenders and
 * progress on the right.
 */
#pragma once

#include "vs-eval-launcher.h"
#include "vs-page.h"

G_BEGIN_DECLS

#define VS_TYPE_COMPARE_PAGE (vs_compare_page_get_type ())
G_DECLARE_FINAL_TYPE (VsComparePage, vs_compare_page, VS, COMPARE_PAGE, VsPage)

/* The window's runs (VsWindow sets it once): the run on show gets a bar with its progress,
 * Pause, Resume and Cancel. */
void vs_compare_page_set_launcher (VsComparePage  *self,
                                   VsEvalLauncher *launcher);
/* Selects run @run_id (a run just created) and shows its dashboard. */
void vs_compare_page_show_run     (VsComparePage  *self,
                                   gint64          run_id);

G_END_DECLS
