/* vs-datasets-page.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Datasets workbench: the project's datasets on the left, the selected one's overview
 * (source, records per split and review status, columns) on the right.
 */
#pragma once

#include "vs-page.h"

G_BEGIN_DECLS

#define VS_TYPE_DATASETS_PAGE (vs_datasets_page_get_type ())
G_DECLARE_FINAL_TYPE (VsDatasetsPage, vs_datasets_page, VS, DATASETS_PAGE, VsPage)

G_END_DECLS
