/* vs-record-model-private.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A record query's filter as SQL, for core's other readers of records (the search in
 * vs-dataset-search.c), so that the table and the CLI select the same rows. The conditions
 * read columns of `records` (qualified where a joined table could share the name) and use
 * the parameters ?1 (dataset; the caller writes "records.dataset_id = ?1"), ?2–?7 and
 * ?13–?17; ?8–?12 are the caller's. Private to core and its tests.
 */
#pragma once

#include <sqlite3.h>

#include "vs-record-model.h"

G_BEGIN_DECLS

/* TRUE when @query has a text search that is not blank. */
gboolean _vs_record_query_has_text          (const VsRecordQuery *query);
/* Appends " AND …" for every filter of @query; the text search too when @with_text (as
 * "records.id IN (matches)"). */
void     _vs_record_query_append_conditions (GString             *sql,
                                             const VsRecordQuery *query,
                                             gboolean             with_text);
void     _vs_record_query_bind              (sqlite3_stmt        *stmt,
                                             gint64               dataset_id,
                                             const VsRecordQuery *query);

G_END_DECLS
