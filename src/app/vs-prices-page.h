/* vs-prices-page.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences → Prices: the project's editable price table (input, output and training per
 * million tokens) on top of vs-prices. One expander row per model with three spin buttons;
 * every change is written at once; removing offers Undo.
 */
#pragma once

#include <adwaita.h>

#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_PRICES_PAGE (vs_prices_page_get_type ())
G_DECLARE_FINAL_TYPE (VsPricesPage, vs_prices_page, VS, PRICES_PAGE, AdwPreferencesPage)

/* Actions: prices.add (s: model), prices.remove (s: model), prices.undo-remove (s: model). */
GtkWidget *vs_prices_page_new         (void);
void       vs_prices_page_set_project (VsPricesPage *self,
                                       VsProject    *project);
VsProject *vs_prices_page_get_project (VsPricesPage *self);
/* The row of @model, NULL when it has none (for tests). */
AdwExpanderRow *vs_prices_page_get_row (VsPricesPage *self,
                                        const char   *model);

G_END_DECLS
