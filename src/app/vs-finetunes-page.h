/* vs-finetunes-page.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Fine-tunes workbench: jobs with their state on the left, the selected job's provider,
 * base model, result model, data snapshot and cost on the right.
 */
#pragma once

#include "vs-page.h"

G_BEGIN_DECLS

#define VS_TYPE_FINETUNES_PAGE (vs_finetunes_page_get_type ())
G_DECLARE_FINAL_TYPE (VsFinetunesPage, vs_finetunes_page, VS, FINETUNES_PAGE, VsPage)

/* How often unfinished jobs are polled at first (the tracker backs off from there); tests
 * use a few milliseconds. */
void  vs_finetunes_page_set_poll_interval (VsFinetunesPage *self,
                                           guint            ms);
/* Jobs being followed right now. */
guint vs_finetunes_page_get_n_tracked     (VsFinetunesPage *self);

G_END_DECLS
