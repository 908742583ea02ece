/* vs-presentation.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Presentation mode: a full-screen window that shows one slide at a time in large type — the
 * decision (the run's name, its summary cards and the paragraph) and then each chart with its
 * description under it. Right, Down, Page Down and Space go forward; Left, Up, Page Up and
 * Backspace go back; Home and End jump to the first and last slide; Escape leaves. The charts
 * are VsChartViews with larger text, following light and dark like the rest of the app.
 */
#pragma once

#include <adwaita.h>

#include "vs-chart-spec.h"
#include "vs-eval-decision.h"

G_BEGIN_DECLS

#define VS_TYPE_PRESENTATION (vs_presentation_get_type ())
G_DECLARE_FINAL_TYPE (VsPresentation, vs_presentation, VS, PRESENTATION, AdwWindow)

/* @specs: VsChartSpec, one slide each after the decision's. */
VsPresentation *vs_presentation_new       (const char           *title,
                                           const VsEvalDecision *decision,
                                           GPtrArray            *specs);
guint           vs_presentation_get_n_slides (VsPresentation    *self);
guint           vs_presentation_get_slide (VsPresentation       *self);
void            vs_presentation_set_slide (VsPresentation       *self,
                                           guint                 slide);

G_END_DECLS
