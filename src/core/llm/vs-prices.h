/* vs-prices.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a model costs: input, output and training prices per million tokens, kept in the
 * project file's `prices` table and edited in Preferences → Prices. A model with no row costs
 * nothing — the sensible default for local models. This module stores and looks up prices;
 * turning a run's token counts into money is vs_price_cost().
 */
#pragma once

#include <gio/gio.h>

#include "vs-project.h"

G_BEGIN_DECLS

/* The highest price per million tokens accepted, a guard against typos (and overflow). */
#define VS_PRICE_MAX_PER_M 1000000.0
/* The batch discount of a price that names none: batch APIs charge about half. */
#define VS_PRICE_DEFAULT_BATCH_DISCOUNT 0.5

typedef struct
{
  char   *model;
  double  input_per_m;
  double  output_per_m;
  double  training_per_m;
  double  batch_discount; /* fraction taken off input and output in batch mode; default 0.5 */
  char   *updated_at; /* ISO 8601 UTC; NULL when the price is the zero default */
} VsPrice;

#define VS_TYPE_PRICE (vs_price_get_type ())
GType      vs_price_get_type          (void);
VsPrice   *vs_price_new               (const char  *model,
                                       double       input_per_m,
                                       double       output_per_m,
                                       double       training_per_m);
VsPrice   *vs_price_copy              (const VsPrice *price);
void       vs_price_free              (VsPrice     *price);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsPrice, vs_price_free)

/* Cost in the price table's currency of a request with these token counts. */
double     vs_price_cost              (const VsPrice *price,
                                       gint64       input_tokens,
                                       gint64       output_tokens);
/* The same request sent in a batch: input and output at (1 - batch_discount) of the price. */
double     vs_price_batch_cost        (const VsPrice *price,
                                       gint64       input_tokens,
                                       gint64       output_tokens);
double     vs_price_training_cost     (const VsPrice *price,
                                       gint64       trained_tokens);

/* Every stored price, sorted by model name (case-insensitive); an array of VsPrice. */
GPtrArray *vs_prices_list             (VsProject   *project,
                                       GError     **error);
/* The stored price of exactly @model; NULL with VS_ERROR_NOT_FOUND when there is none. */
VsPrice   *vs_prices_get              (VsProject   *project,
                                       const char  *model,
                                       GError     **error);
/* Inserts or replaces @price (its updated_at is set to now) and emits
 * vs_project_emit_changed (project, "prices"). VS_ERROR_INVALID for an empty model name or a
 * price that is negative, not a number or above VS_PRICE_MAX_PER_M, or a batch discount outside
 * 0 … 1. */
gboolean   vs_prices_set              (VsProject   *project,
                                       const VsPrice *price,
                                       GError     **error);
/* VS_ERROR_NOT_FOUND when @model has no price. */
gboolean   vs_prices_delete           (VsProject   *project,
                                       const char  *model,
                                       GError     **error);
/* The price to charge for @model — never NULL: the stored row (exact name, then the same name
 * in another case, then an Ollama "name:latest" as "name"), else zero for everything (a local
 * model). @out_known tells whether a stored row was found. */
VsPrice   *vs_prices_lookup           (VsProject   *project,
                                       const char  *model,
                                       gboolean    *out_known);

G_END_DECLS
