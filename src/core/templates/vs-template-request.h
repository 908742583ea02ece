/* vs-template-request.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one way a template becomes a chat request: the prompt editor's Run button,
 * `versus-cli chat --template` and the evaluation runner all call vs_template_build_request(),
 * so a template sends the same request wherever it runs.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vs-chat-request.h"
#include "vs-endpoint.h"
#include "vs-template.h"

G_BEGIN_DECLS

#define VS_TEMPLATE_REQUEST_ERROR (vs_template_request_error_quark ())

typedef enum
{
  /* neither the caller, the template nor the endpoint names a model */
  VS_TEMPLATE_REQUEST_ERROR_NO_MODEL,
} VsTemplateRequestError;

GQuark vs_template_request_error_quark (void);

/* Builds the request @template asks for:
 *  - model: @model (the caller's override, e.g. --model) when set, else the template's
 *    "model" parameter, else @endpoint's default model; none of them →
 *    VS_TEMPLATE_REQUEST_ERROR_NO_MODEL (checked before rendering, so "choose a model" comes
 *    first);
 *  - parameters: @endpoint's defaults (its settings' "parameters" object, see vs-endpoint.h)
 *    overlaid member by member by the template's parameters — the template wins; "model" is
 *    never a parameter (it is the request's model);
 *  - messages: the template rendered strictly with @variables (NULL = {}), and the few-shot
 *    @examples (drawn beforehand with vs_template_draw_few_shot(); NULL = none) inserted as
 *    user/assistant pairs before the last user message (at the end when there is none);
 *  - rendering problems: NULL with the VS_TEMPLATE_ERROR of vs_template_render_with_examples(),
 *    which lists every problem with where it is (vs_template_error_get_problems(): where =
 *    "messages[I]" or "few_shot[J].user", and the byte range in that message).
 * @endpoint may be NULL (no defaults). The request is not streamed and uses the cache mode
 * VS_CACHE_MODE_USE; callers change those as they need. */
VsChatRequest *vs_template_build_request (VsTemplate   *template,
                                          JsonObject   *variables,
                                          GPtrArray    *examples,
                                          VsEndpoint   *endpoint,
                                          const char   *model,
                                          GError      **error);

G_END_DECLS
