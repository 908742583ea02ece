/* vs-endpoint-row.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One endpoint in Preferences → Endpoints: its name, what it speaks and where, and whether a
 * key is stored for it. Activating the row opens the endpoint editor; the row itself edits
 * nothing.
 */
#pragma once

#include <adwaita.h>

#include "vs-endpoint.h"

G_BEGIN_DECLS

#define VS_TYPE_ENDPOINT_ROW (vs_endpoint_row_get_type ())
G_DECLARE_FINAL_TYPE (VsEndpointRow, vs_endpoint_row, VS, ENDPOINT_ROW, AdwActionRow)

GtkWidget  *vs_endpoint_row_new          (VsEndpoint    *endpoint);
VsEndpoint *vs_endpoint_row_get_endpoint (VsEndpointRow *self);
gboolean    vs_endpoint_row_get_has_key  (VsEndpointRow *self);
void        vs_endpoint_row_set_has_key  (VsEndpointRow *self,
                                          gboolean       has_key);

/* "OpenAI-compatible" / "Ollama", for people. */
const char *vs_endpoint_kind_get_label   (VsEndpointKind kind);

G_END_DECLS
