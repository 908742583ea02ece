/* vs-batch-list.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The batches of one evaluation run, as the Compare page shows them: one row per batch (or per
 * file written for offline use) with its contender, provider, state (a word, never colour
 * alone), request counts and times, read from the project's `batches` rows
 * (vs_batch_store_list). It does not poll: the page calls vs_batch_list_refresh() when the
 * batch launcher or the project says a row changed. The "n-batches" property lets the page
 * show the view only for runs that have batches.
 */
#pragma once

#include <adwaita.h>

#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_BATCH_LIST (vs_batch_list_get_type ())
G_DECLARE_FINAL_TYPE (VsBatchList, vs_batch_list, VS, BATCH_LIST, GtkWidget)

GtkWidget *vs_batch_list_new           (void);
/* Shows the batches of run @run_id of @project (NULL or 0: none). */
void       vs_batch_list_set_run       (VsBatchList *self,
                                        VsProject   *project,
                                        gint64       run_id);
/* Reads the run's batches again. */
void       vs_batch_list_refresh       (VsBatchList *self);
guint      vs_batch_list_get_n_batches (VsBatchList *self);
/* The row of batch @index (in the order shown), for tests; NULL past the end. */
GtkWidget *vs_batch_list_get_row       (VsBatchList *self,
                                        guint        index);

/* The user's word for a batch state as stored ("RUNNING", "PREPARED", …). */
const char *vs_batch_list_state_label  (const char  *state);

G_END_DECLS
