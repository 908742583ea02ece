/* vs-case-dialog.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One case of a run with two contenders' answers side by side: the input row, the expected
 * answer, and for each contender whether it passed (in words, never colour alone), its
 * scores, latency and output (every repeat). Opened from a point of the paired scatter; a
 * marker that stands for several cases steps through them with Previous and Next
 * (Alt+Left, Alt+Right). Reads the case with vs_eval_case_load() on the project's thread.
 */
#pragma once

#include <adwaita.h>

#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_CASE_DIALOG (vs_case_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VsCaseDialog, vs_case_dialog, VS, CASE_DIALOG, AdwWindow)

/* @a and @b name the contenders shown (left and right); @cases are case ordinals. */
VsCaseDialog *vs_case_dialog_new          (VsProject    *project,
                                           gint64        run_id,
                                           const char   *a,
                                           const char   *b,
                                           const gint64 *cases,
                                           guint         n_cases);
guint         vs_case_dialog_get_position (VsCaseDialog *self);
gint64        vs_case_dialog_get_case     (VsCaseDialog *self);
/* The output shown for contender @side (0: a, 1: b), all repeats. */
char         *vs_case_dialog_dup_output   (VsCaseDialog *self,
                                           guint         side);

G_END_DECLS
