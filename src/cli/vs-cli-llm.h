/* vs-cli-llm.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What `versus-cli models` and `versus-cli chat` share: turning --endpoint/--kind into a
 * request engine with the key from the environment, and waiting for an async call.
 */
#pragma once

#include "vs-request-engine.h"

G_BEGIN_DECLS

/* Prints a usage error and returns NULL when the URL or kind is unusable. The key comes from
 * $VERSUS_API_KEY (or $OPENAI_API_KEY for kind openai). $VERSUS_RETRY_BASE_MS shortens the
 * retry backoff (tests). */
VsRequestEngine *vs_cli_llm_engine_new (const char   *command,
                                        const char   *url,
                                        const char   *kind,
                                        int          *exit_code);
/* Iterates the default main context until *@done; SIGINT cancels @cancellable meanwhile. */
void             vs_cli_llm_wait       (gboolean     *done,
                                        GCancellable *cancellable);

G_END_DECLS
