/* vs-endpoint-editor.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Preferences subpage that adds or edits one endpoint: API kind, base URL, name, default
 * model, parallel requests, extra headers, the API key (through vs-secrets, never the project file) and a
 * "Test connection" that lists the server's models. Saving writes the endpoint to the project;
 * removing is only requested — the preferences window removes it so that it can offer Undo.
 */
#pragma once

#include <adwaita.h>

#include "vs-endpoint.h"
#include "vs-project.h"
#include "vs-secrets.h"

G_BEGIN_DECLS

#define VS_TYPE_ENDPOINT_EDITOR (vs_endpoint_editor_get_type ())
G_DECLARE_FINAL_TYPE (VsEndpointEditor, vs_endpoint_editor, VS, ENDPOINT_EDITOR, AdwBin)

/* What the editor reports after saving: where the key went, if it changed. */
typedef enum
{
  VS_ENDPOINT_EDITOR_KEY_UNCHANGED = -1,
  VS_ENDPOINT_EDITOR_KEY_KEYRING   = VS_SECRETS_STORE_KEYRING,
  VS_ENDPOINT_EDITOR_KEY_SESSION   = VS_SECRETS_STORE_SESSION,
} VsEndpointEditorKeyStore;

/* @endpoint NULL: a new endpoint (OpenAI-compatible, no URL yet). Otherwise the editor works
 * on a copy of @endpoint and saves it in place.
 *
 * Signals: "saved" (VsEndpoint *endpoint, int key_store) once the endpoint is in the project
 * and its key stored; "remove-requested" (VsEndpoint *endpoint). Actions: editor.save,
 * editor.test, editor.cancel-test, editor.remove, editor.back, editor.remove-header (s). */
GtkWidget  *vs_endpoint_editor_new            (VsProject        *project,
                                               VsEndpoint       *endpoint);
VsEndpoint *vs_endpoint_editor_get_endpoint   (VsEndpointEditor *self);
gboolean    vs_endpoint_editor_get_is_new     (VsEndpointEditor *self);
gboolean    vs_endpoint_editor_get_testing    (VsEndpointEditor *self);
gboolean    vs_endpoint_editor_get_busy       (VsEndpointEditor *self);
/* Models the last successful test listed (NULL before that). */
const char * const *vs_endpoint_editor_get_models (VsEndpointEditor *self);

G_END_DECLS
