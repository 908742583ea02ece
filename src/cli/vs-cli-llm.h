/* vs-cli-llm.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the commands that talk to an endpoint share (`models`, `chat`, `finetune`): turning
 * --endpoint (a URL, or with --project a saved endpoint's name) and --kind into a request
 * engine with the key from the environment, and waiting for an async call.
 */
#pragma once

#include "vs-endpoint.h"
#include "vs-project.h"
#include "vs-request-engine.h"

G_BEGIN_DECLS

/* The help line of --endpoint, the same in every command. */
#define VS_CLI_ENDPOINT_HELP \
  "Base URL (e.g. http://127.0.0.1:11434 or https://api.openai.com/v1), or with --project " \
  "the name of an endpoint saved in the project"

/* Prints a usage error and returns NULL when the URL or kind is unusable. The key comes from
 * $VERSUS_API_KEY (or $OPENAI_API_KEY for kind openai). $VERSUS_RETRY_BASE_MS shortens the
 * retry backoff (tests). */
VsRequestEngine *vs_cli_llm_engine_new          (const char    *command,
                                                 const char    *url,
                                                 const char    *kind,
                                                 int           *exit_code);
/* The engine for a saved endpoint of @project (its URL, headers and settings), from the
 * project's registry, with the key from the environment. */
VsRequestEngine *vs_cli_llm_engine_for_endpoint (VsProject     *project,
                                                 VsEndpoint    *endpoint);
/* The endpoint of @project that --endpoint @text means: the one named @text, else one whose
 * base URL is @text (of kind @kind when @kind is not NULL). NULL (no error) when none is; NULL
 * with @error when the endpoints cannot be read. */
VsEndpoint      *vs_cli_llm_find_endpoint       (VsProject     *project,
                                                 const char    *text,
                                                 const char    *kind,
                                                 GError       **error);
/* TRUE when --endpoint @text reads as a URL ("http://…", "host:port", "example.com/v1") rather
 * than a saved endpoint's name. */
gboolean         vs_cli_llm_looks_like_url      (const char    *text);
/* --endpoint @text, --kind @kind and --project @project (may be NULL) → an engine: a saved
 * endpoint by name or URL when @project is given, else an ad-hoc URL. On failure prints why
 * (listing the saved endpoints for an unknown name) and sets @exit_code. @out_endpoint (may be
 * NULL) receives the saved endpoint used, or NULL. */
VsRequestEngine *vs_cli_llm_engine_resolve      (const char    *command,
                                                 const char    *text,
                                                 const char    *kind,
                                                 VsProject     *project,
                                                 VsEndpoint   **out_endpoint,
                                                 int           *exit_code);
/* Iterates the default main context until *@done; SIGINT cancels @cancellable meanwhile. */
void             vs_cli_llm_wait                (gboolean      *done,
                                                 GCancellable  *cancellable);

G_END_DECLS
