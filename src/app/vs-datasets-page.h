/* vs-datasets-page.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Datasets workbench: the project's datasets on the left, the selected one's overview
 * (source, records per split and review status, columns, rows the import skipped) on the
 * right; importing a file (chooser or drop) with progress and Cancel.
 */
#pragma once

#include "vs-page.h"

G_BEGIN_DECLS

#define VS_TYPE_DATASETS_PAGE (vs_datasets_page_get_type ())
G_DECLARE_FINAL_TYPE (VsDatasetsPage, vs_datasets_page, VS, DATASETS_PAGE, VsPage)

/* Imports a CSV, TSV, JSONL or JSON file into the project on a worker thread, with progress
 * and Cancel in the page. FALSE when @file is not a data file or an import is running. */
gboolean vs_datasets_page_import_file  (VsDatasetsPage *self,
                                        GFile          *file);
gboolean vs_datasets_page_is_importing (VsDatasetsPage *self);

G_END_DECLS
