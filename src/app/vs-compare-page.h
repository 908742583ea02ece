/* vs-compare-page.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Compare workbench: evaluation runs on the left, the selected run's contenders and
 * progress on the right.
 */
#pragma once

#include "vs-page.h"

G_BEGIN_DECLS

#define VS_TYPE_COMPARE_PAGE (vs_compare_page_get_type ())
G_DECLARE_FINAL_TYPE (VsComparePage, vs_compare_page, VS, COMPARE_PAGE, VsPage)

G_END_DECLS
