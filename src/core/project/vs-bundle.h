/* vs-bundle.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A project bundle is a folder of plain, diffable files — project.json, template JSON files
 * and JSONL datasets — that becomes a project file. The sample project is built from one at
 * build time, so schema migrations can never leave it behind.
 */
#pragma once

#include "vs-project.h"

G_BEGIN_DECLS

gboolean vs_bundle_import (VsProject   *project,
                           const char  *directory,
                           GError     **error);

G_END_DECLS
