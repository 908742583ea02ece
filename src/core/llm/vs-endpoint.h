/* vs-endpoint.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A model endpoint: where requests go (kind, normalised base URL), which model to use by
 * default, extra headers and how many requests may run at once. Endpoints live in the project
 * file's `endpoints` table; API keys never do (see vs-secrets.h). This type is plain data —
 * VsRequestEngine does the talking.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vs-project.h"

G_BEGIN_DECLS

typedef enum
{
  VS_ENDPOINT_KIND_OPENAI = 0, /* OpenAI-compatible /v1 API (the default) */
  VS_ENDPOINT_KIND_OLLAMA = 1, /* Ollama's native /api */
} VsEndpointKind;

#define VS_ENDPOINT_DEFAULT_URL         "http://127.0.0.1:11434"
#define VS_ENDPOINT_DEFAULT_CONCURRENCY 4
#define VS_ENDPOINT_MAX_CONCURRENCY     256

#define VS_TYPE_ENDPOINT_KIND (vs_endpoint_kind_get_type ())
GType          vs_endpoint_kind_get_type        (void);
const char    *vs_endpoint_kind_to_string       (VsEndpointKind kind);
/* Accepts "openai" and "ollama" (case-insensitive). */
gboolean       vs_endpoint_kind_from_string     (const char     *text,
                                                 VsEndpointKind *out_kind,
                                                 GError        **error);

/* Normalises a base URL the way providers document it:
 *  - surrounding space is trimmed; a URL without a scheme gets "http://";
 *  - scheme must be http or https; user info, query and fragment are refused;
 *  - scheme and host are lower-cased, the default port and trailing slashes dropped;
 *  - kind openai: an empty path becomes "/v1" ("http://127.0.0.1:8000" → ".../v1"), any other
 *    path is kept ("https://api.groq.com/openai/v1");
 *  - kind ollama: the server root; a trailing "/api" or "/v1" is dropped.
 * Returns NULL with VS_ERROR_INVALID when the URL cannot be used. */
char          *vs_endpoint_normalize_url        (VsEndpointKind  kind,
                                                 const char     *url,
                                                 GError        **error);

#define VS_TYPE_ENDPOINT (vs_endpoint_get_type ())
G_DECLARE_FINAL_TYPE (VsEndpoint, vs_endpoint, VS, ENDPOINT, GObject)

/* Properties (all notify): "id" (gint64, 0 until saved, read-only), "uuid" (read-only),
 * "name", "kind", "base-url" (normalised on set), "default-model", "concurrency". */
VsEndpoint    *vs_endpoint_new                  (VsEndpointKind  kind,
                                                 const char     *base_url,
                                                 GError        **error);
/* Ollama at http://127.0.0.1:11434, named "Ollama (local)". */
VsEndpoint    *vs_endpoint_new_default          (void);
VsEndpoint    *vs_endpoint_copy                 (VsEndpoint     *self);

gint64         vs_endpoint_get_id               (VsEndpoint     *self);
const char    *vs_endpoint_get_uuid             (VsEndpoint     *self);
const char    *vs_endpoint_get_name             (VsEndpoint     *self);
void           vs_endpoint_set_name             (VsEndpoint     *self,
                                                 const char     *name);
VsEndpointKind vs_endpoint_get_kind             (VsEndpoint     *self);
/* Changing the kind re-normalises the base URL. */
void           vs_endpoint_set_kind             (VsEndpoint     *self,
                                                 VsEndpointKind  kind);
const char    *vs_endpoint_get_base_url         (VsEndpoint     *self);
gboolean       vs_endpoint_set_base_url         (VsEndpoint     *self,
                                                 const char     *base_url,
                                                 GError        **error);
/* "127.0.0.1:8000" or "api.openai.com" — the keyring attribute and what messages show. */
char          *vs_endpoint_dup_host             (VsEndpoint     *self);
const char    *vs_endpoint_get_default_model    (VsEndpoint     *self);
void           vs_endpoint_set_default_model    (VsEndpoint     *self,
                                                 const char     *model);
guint          vs_endpoint_get_concurrency      (VsEndpoint     *self);
void           vs_endpoint_set_concurrency      (VsEndpoint     *self,
                                                 guint           concurrency);

/* Extra HTTP headers sent with every request (name → value). Never put keys here: they would
 * land in the project file; Authorization is refused. */
GHashTable    *vs_endpoint_get_headers          (VsEndpoint     *self);
gboolean       vs_endpoint_set_header           (VsEndpoint     *self,
                                                 const char     *name,
                                                 const char     *value,
                                                 GError        **error);
void           vs_endpoint_remove_header        (VsEndpoint     *self,
                                                 const char     *name);

/* Free-form settings stored with the endpoint. Known members (all optional):
 *   "idle_timeout_ms" (60000), "total_timeout_ms" (600000), "max_retries" (3),
 *   "retry_base_ms" (1000), "retry_cap_ms" (30000), "stream_usage" (true: ask OpenAI-compatible
 *   servers for usage in streams), "parameters" (an object: default request parameters, which
 *   a template's own parameters override — see vs_template_build_request()). */
JsonObject    *vs_endpoint_get_settings         (VsEndpoint     *self);
gint64         vs_endpoint_get_setting_int      (VsEndpoint     *self,
                                                 const char     *member,
                                                 gint64          fallback);
void           vs_endpoint_set_setting_int      (VsEndpoint     *self,
                                                 const char     *member,
                                                 gint64          value);

/* Absolute URL for an API path: "chat" → chat completions, "models" → model list for the
 * kind; any other @path is appended to the base URL ("files", "fine_tuning/jobs"); a full
 * http(s) URL is returned as is. */
char          *vs_endpoint_build_url            (VsEndpoint     *self,
                                                 const char     *path);
char          *vs_endpoint_dup_chat_url         (VsEndpoint     *self);
char          *vs_endpoint_dup_models_url       (VsEndpoint     *self);

/* The project file's `endpoints` table. Saving inserts (giving the endpoint its id) or updates
 * and emits vs_project_emit_changed (project, "endpoints"). */
GPtrArray     *vs_endpoint_list                 (VsProject      *project,
                                                 GError        **error);
VsEndpoint    *vs_endpoint_load                 (VsProject      *project,
                                                 gint64          id,
                                                 GError        **error);
gboolean       vs_endpoint_save                 (VsEndpoint     *self,
                                                 VsProject      *project,
                                                 GError        **error);
gboolean       vs_endpoint_delete               (VsProject      *project,
                                                 gint64          id,
                                                 GError        **error);

G_END_DECLS
