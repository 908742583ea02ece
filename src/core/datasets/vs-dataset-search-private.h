/* vs-dataset-search-private.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What VsRecordModel's worker shares with the search: reading back what a text search
 * matched in a record, and turning a failed search into an error a user can act on. Private
 * to core and its tests.
 */
#pragma once

#include <sqlite3.h>

#include "vs-dataset-search.h"

G_BEGIN_DECLS

/* The words @text matched in record @id (highlight() over both indexed columns), each once,
 * as written; NULL when none (or on failure). *@stmt caches the statement on @db between
 * calls; the caller finalizes it. */
char   **_vs_dataset_search_collect_matches (sqlite3        *db,
                                             sqlite3_stmt  **stmt,
                                             const char     *text,
                                             gint64          id);
/* Sets @error from @db's last error: VS_ERROR_INVALID quoting @text when the search was
 * malformed, G_IO_ERROR_CANCELLED when interrupted, else the database's error naming @path.
 * Always FALSE. */
gboolean _vs_dataset_search_set_error       (sqlite3        *db,
                                             const char     *path,
                                             const char     *text,
                                             GError        **error);

G_END_DECLS
