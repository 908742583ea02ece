/* vs-diff-view.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows a VsTemplateDiff (computed in core) either unified, as `diff -u` prints it, or side by
 * side with old and new lines paired up. It only draws; which versions to compare is the
 * version history's business.
 */
#pragma once

#include <gtk/gtk.h>

#include "vs-template-diff.h"

G_BEGIN_DECLS

#define VS_TYPE_DIFF_VIEW (vs_diff_view_get_type ())
G_DECLARE_FINAL_TYPE (VsDiffView, vs_diff_view, VS, DIFF_VIEW, GtkWidget)

GtkWidget *vs_diff_view_new              (void);
/* Takes ownership of @diff (NULL clears). */
void       vs_diff_view_set_diff         (VsDiffView     *self,
                                          VsTemplateDiff *diff);
const VsTemplateDiff *
           vs_diff_view_get_diff         (VsDiffView     *self);
gboolean   vs_diff_view_get_side_by_side (VsDiffView     *self);
void       vs_diff_view_set_side_by_side (VsDiffView     *self,
                                          gboolean        side_by_side);
/* What is shown, as text (the unified text, or the old and new columns joined by " | "). */
char      *vs_diff_view_dup_text         (VsDiffView     *self);

G_END_DECLS
