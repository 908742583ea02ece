/* vs-run-store-private.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The result upsert as a piece of a write job, so the evaluation runner can write a result
 * and its scores in one job. Private to core and its tests.
 */
#pragma once

#include "vs-run-store.h"
#include "vs-writer-private.h"

G_BEGIN_DECLS

/* Inside a writer job: inserts or replaces the result (contender, case, sample); its id in
 * @out_id; notes the change. */
gboolean _vs_run_store_write_result (VsWriteContext      *ctx,
                                     const VsResultSpec  *spec,
                                     gint64              *out_id,
                                     GError             **error);
/* The same; *@out_existed tells whether the trial had a row already (a new row has no scores
 * yet). */
gboolean _vs_run_store_write_result_full (VsWriteContext      *ctx,
                                          const VsResultSpec  *spec,
                                          gint64              *out_id,
                                          gboolean            *out_existed,
                                          GError             **error);

G_END_DECLS
