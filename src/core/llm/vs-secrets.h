/* vs-secrets.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * API keys. They live in the Secret Service through libsecret (schema
 * io.github.versuslab.Versus.ApiKey, attributes "endpoint" = endpoint UUID and "host"), or —
 * when no Secret Service answers — in memory for this session only. The CLI reads them from
 * the environment. Keys never go to the project file, GSettings, logs or error messages.
 *
 * A key is tied to the endpoint's UUID *and* host: when the user points an endpoint at another
 * host, its old key is not found (and so never sent there) until it is entered again.
 */
#pragma once

#include <gio/gio.h>

#include "vs-endpoint.h"

G_BEGIN_DECLS

#define VS_SECRETS_SCHEMA_NAME "io.github.versuslab.Versus.ApiKey"

typedef enum
{
  VS_SECRETS_STORE_KEYRING = 0, /* saved in the Secret Service */
  VS_SECRETS_STORE_SESSION = 1, /* no Secret Service: kept in memory until Versus quits */
} VsSecretsStore;

/* Saves (or, with an empty/NULL @key, removes) the key for @endpoint. _finish reports where it
 * went through @out_store so the UI can say "kept for this session only". */
void      vs_secrets_store_async       (VsEndpoint          *endpoint,
                                        const char          *key,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean  vs_secrets_store_finish      (GAsyncResult        *result,
                                        VsSecretsStore      *out_store,
                                        GError             **error);
/* The key for @endpoint, or NULL (no error) when none is stored. */
void      vs_secrets_lookup_async      (VsEndpoint          *endpoint,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
char     *vs_secrets_lookup_finish     (GAsyncResult        *result,
                                        GError             **error);
/* Blocking variants (CLI, tests). */
gboolean  vs_secrets_store_sync        (VsEndpoint          *endpoint,
                                        const char          *key,
                                        VsSecretsStore      *out_store,
                                        GCancellable        *cancellable,
                                        GError             **error);
char     *vs_secrets_lookup_sync       (VsEndpoint          *endpoint,
                                        GCancellable        *cancellable,
                                        GError             **error);
/* FALSE once a keyring call found no Secret Service (keys are then kept in memory). Setting
 * VERSUS_SECRETS=memory in the environment skips the Secret Service altogether. */
gboolean  vs_secrets_have_keyring      (void);

/* The CLI's key: $VERSUS_API_KEY, else $OPENAI_API_KEY for OpenAI-compatible endpoints;
 * NULL when neither is set (or both are empty). */
char     *vs_secrets_key_from_env      (VsEndpointKind       kind);

G_END_DECLS
