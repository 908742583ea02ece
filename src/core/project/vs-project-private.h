/* vs-project-private.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The schema and its forward migrations. Private to core and its tests.
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

int      _vs_project_schema_latest (void);
/* Runs migrations (from, to] on @db inside the caller's transaction and sets user_version. */
gboolean _vs_project_schema_migrate (sqlite3  *db,
                                     int       from,
                                     int       to,
                                     GError  **error);

G_END_DECLS
