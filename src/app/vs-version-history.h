/* vs-version-history.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "Versions" tab of the prompt editor: a template's saved versions (newest first, with
 * their notes), restoring one as the new head, and the diff between any two of them or the
 * draft, inline or side by side, and in a wide window of its own. Versions themselves are kept
 * by vs-template-store.h.
 */
#pragma once

#include <adwaita.h>

#include "vs-diff-view.h"
#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_VERSION_HISTORY (vs_version_history_get_type ())
G_DECLARE_FINAL_TYPE (VsVersionHistory, vs_version_history, VS, VERSION_HISTORY, GtkWidget)

/* Signal "restored" (gint64 version_id): a version was restored; the draft changed. */
GtkWidget  *vs_version_history_new           (void);
void        vs_version_history_set_template  (VsVersionHistory *self,
                                              VsProject        *project,
                                              gint64            template_id);
/* Re-reads the versions (after one was saved). */
void        vs_version_history_reload        (VsVersionHistory *self);
guint       vs_version_history_get_n_versions (VsVersionHistory *self);
/* Shows the diff between two version ids (0 = the draft). */
gboolean    vs_version_history_compare       (VsVersionHistory *self,
                                              gint64            old_version_id,
                                              gint64            new_version_id);
VsDiffView *vs_version_history_get_diff_view (VsVersionHistory *self);
/* Opens the comparison shown in a window of its own, side by side (transfer none; NULL when
 * there is nothing to compare). */
GtkWindow  *vs_version_history_open_window   (VsVersionHistory *self);
/* Restores a version as the new head (and the draft), as the Restore button does. */
gboolean    vs_version_history_restore       (VsVersionHistory *self,
                                              gint64            version_id,
                                              GError          **error);

G_END_DECLS
