/* vs-window.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A main window shows one project: a sidebar with the four workbenches (Prompts, Datasets,
 * Fine-tunes, Compare) and the selected page. It owns the project-file actions (new, open,
 * save as, recent) and file drops.
 */
#pragma once

#include <adwaita.h>

#include "vs-application.h"
#include "vs-batch-launcher.h"
#include "vs-eval-launcher.h"
#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_WINDOW (vs_window_get_type ())
G_DECLARE_FINAL_TYPE (VsWindow, vs_window, VS, WINDOW, AdwApplicationWindow)

VsWindow   *vs_window_new            (VsApplication *application);
VsProject  *vs_window_get_project    (VsWindow      *self);
/* Replaces the window's project; NULL closes it. */
void        vs_window_set_project    (VsWindow      *self,
                                      VsProject     *project);
/* Opens @file on a worker thread; errors are shown in the window. */
void        vs_window_open_project   (VsWindow      *self,
                                      GFile         *file);
/* Save As without the file chooser: copies the project to @path on a worker with a progress
 * toast (Cancel), then opens the copy in this window. */
void        vs_window_save_copy      (VsWindow      *self,
                                      const char    *path);
gboolean    vs_window_is_loading     (VsWindow      *self);
const char *vs_window_get_page       (VsWindow      *self);
void        vs_window_show_toast     (VsWindow      *self,
                                      AdwToast      *toast);
/* The evaluations this window runs (transfer none); the Compare page shows and steers them.
 * "win.new-evaluation" (x: a finished fine-tuning job's id, or 0) opens "New Evaluation";
 * a run created there starts at once and the Compare page shows it. */
VsEvalLauncher *vs_window_get_eval_launcher (VsWindow *self);
/* The runs this window sends or watches as batches. */
VsBatchLauncher *vs_window_get_batch_launcher (VsWindow *self);

G_END_DECLS
