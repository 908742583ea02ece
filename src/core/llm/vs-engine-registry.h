/* vs-engine-registry.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One VsRequestEngine per endpoint. Every window, pane and command that talks to an endpoint
 * asks the registry, so the endpoint's concurrency limit, the halving on 429 and the stop on
 * 401 hold for the endpoint, not for each widget that uses it.
 *
 * Ownership: one registry per VsProject (vs_engine_registry_get_for_project(), kept as the
 * project's object data — endpoints are rows of the project and their ids are the project's;
 * its engines use the project's response cache), plus one per process for ad-hoc endpoints
 * that belong to no project (vs_engine_registry_get_default(): `versus-cli chat --endpoint
 * URL`; no response cache). Main thread only.
 *
 * Keys: an engine is found by the endpoint's id when it has been saved ("id:42"), else by
 * kind + base URL ("openai http://127.0.0.1:8000/v1").
 *
 * The API key: vs_engine_registry_get_async() looks it up itself (vs_secrets_lookup_async)
 * every time it is called; vs_engine_registry_get() takes a key the caller already has (the
 * CLI's from the environment, the endpoint editor's typed-in key). Callers never pass keys to
 * engines themselves.
 *
 * Edits: each get compares a fingerprint of what the engine was built from — kind, base URL,
 * concurrency, extra headers, settings, and a hash of the key — with the endpoint it is given
 * (normally the freshly loaded row). When they differ (an edit in Preferences, a new key), the
 * registry builds a new engine for new requests and forgets the old one; calls already
 * running keep their reference to the old engine and finish on it. Hold an engine only for
 * one batch of work (a run, an evaluation) and ask again for the next.
 */
#pragma once

#include <gio/gio.h>

#include "vs-endpoint.h"
#include "vs-project.h"
#include "vs-request-engine.h"

G_BEGIN_DECLS

#define VS_TYPE_ENGINE_REGISTRY (vs_engine_registry_get_type ())
G_DECLARE_FINAL_TYPE (VsEngineRegistry, vs_engine_registry, VS, ENGINE_REGISTRY, GObject)

/* A registry of its own (tests). @project (may be NULL) is not kept alive; its engines use its
 * response cache while it lives. */
VsEngineRegistry *vs_engine_registry_new             (VsProject            *project);
/* The project's registry (transfer none: it lives as long as the project); NULL @project
 * gives the process-wide default. */
VsEngineRegistry *vs_engine_registry_get_for_project (VsProject            *project);
/* The process-wide registry for ad-hoc endpoints (transfer none). */
VsEngineRegistry *vs_engine_registry_get_default     (void);

/* The shared engine for @endpoint with @api_key (NULL: none). Transfer full. */
VsRequestEngine  *vs_engine_registry_get             (VsEngineRegistry     *self,
                                                      VsEndpoint           *endpoint,
                                                      const char           *api_key);
/* The same, with the key looked up in the keyring (none found, or no keyring: no key). Fails
 * only when cancelled. */
void              vs_engine_registry_get_async       (VsEngineRegistry     *self,
                                                      VsEndpoint           *endpoint,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
VsRequestEngine  *vs_engine_registry_get_finish      (VsEngineRegistry     *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* Engines currently handed out for new requests. */
guint             vs_engine_registry_get_n_engines   (VsEngineRegistry     *self);
/* "id:42" or "openai http://…/v1": which engine @endpoint shares. */
char             *vs_engine_registry_dup_key         (VsEndpoint           *endpoint);

G_END_DECLS
