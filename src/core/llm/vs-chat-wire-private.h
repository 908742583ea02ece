/* vs-chat-wire-private.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading what model servers send: a line of an OpenAI SSE stream or an Ollama NDJSON stream,
 * a whole chat reply, a model list, and the message in an error body. Pure functions over
 * bytes, so the request engine stays about HTTP and the parsers can be fuzzed on their own.
 * Error messages name no host; the engine adds it (and redacts keys).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vs-chat-response.h"
#include "vs-endpoint.h"

G_BEGIN_DECLS

typedef void (*VsChatDeltaFunc) (const char *text,
                                 gpointer    user_data);

/* Applies one stream line (without its "\n") to @response: text pieces go to @delta (and are
 * not appended by this function), finish reason and usage are stored. *@done becomes TRUE at
 * "data: [DONE]" or Ollama's "done": true. Blank lines, SSE comments and other SSE fields are
 * ignored. Fails with VS_REQUEST_ERROR_PROTOCOL for an event that is not a JSON object and
 * VS_REQUEST_ERROR_HTTP for an error event (the message is the server's). */
gboolean _vs_chat_wire_stream_line (VsEndpointKind   kind,
                                    const char      *line,
                                    gsize            length,
                                    VsChatResponse  *response,
                                    VsChatDeltaFunc  delta,
                                    gpointer         user_data,
                                    gboolean        *done,
                                    GError         **error);
/* A whole (non-streamed) chat reply into @response. */
gboolean _vs_chat_wire_parse_reply (VsEndpointKind   kind,
                                    JsonObject      *object,
                                    VsChatResponse  *response,
                                    GError         **error);
/* Model ids of /v1/models (data[].id) or /api/tags (models[].name). */
GStrv    _vs_chat_wire_parse_models (VsEndpointKind  kind,
                                     JsonObject     *object,
                                     GError        **error);
/* The message a server put in an error body ({"error":{"message"}}, {"error":"…"},
 * {"message"}, {"detail"}), else the start of the body as one line of text; NULL when empty. */
char    *_vs_chat_wire_error_text   (const char      *body,
                                     gsize            length);

G_END_DECLS
