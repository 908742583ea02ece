/* vs-bundle-private.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parts of a bundle import that bring recorded history (vs-bundle-history.c): snapshots,
 * fine-tune jobs with their events, finished evaluation runs. Called inside the bundle's
 * transaction, in that order (later parts name the earlier ones).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vs-project.h"

G_BEGIN_DECLS

gboolean _vs_bundle_import_snapshot   (VsProject   *project,
                                       JsonObject  *spec,
                                       const char  *now,
                                       GError     **error);
gboolean _vs_bundle_import_finetune   (VsProject   *project,
                                       const char  *directory,
                                       JsonObject  *spec,
                                       const char  *now,
                                       GError     **error);
gboolean _vs_bundle_import_evaluation (VsProject   *project,
                                       const char  *directory,
                                       JsonObject  *spec,
                                       const char  *now,
                                       GError     **error);

G_END_DECLS
