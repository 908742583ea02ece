/* vs-chat-request.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One chat completion to ask for: model, messages, parameters, sample index (so repeats are
 * not collapsed by the cache), streaming and cache policy. It turns itself into the wire body
 * for either API kind and into the canonical cache key. While the engine streams a reply, the
 * request emits "delta" on the main context the engine was created in.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vs-endpoint.h"

G_BEGIN_DECLS

typedef enum
{
  VS_CACHE_MODE_USE = 0, /* answer from the cache when possible, store successes */
  VS_CACHE_MODE_REFRESH, /* always ask the server, store the success (replacing the entry) */
  VS_CACHE_MODE_OFF,     /* neither read nor write the cache */
} VsCacheMode;

#define VS_TYPE_CHAT_REQUEST (vs_chat_request_get_type ())
G_DECLARE_FINAL_TYPE (VsChatRequest, vs_chat_request, VS, CHAT_REQUEST, GObject)

/* Signal "delta" (VsChatRequest *request, const char *text): a piece of the reply as it
 * arrives (streaming) or the whole cached reply at once. Emitted on the thread-default main
 * context of whoever created the VsRequestEngine. */

VsChatRequest *vs_chat_request_new               (const char    *model);
const char    *vs_chat_request_get_model         (VsChatRequest *self);
void           vs_chat_request_set_model         (VsChatRequest *self,
                                                  const char    *model);
/* Appends {"role": role, "content": content}. */
void           vs_chat_request_add_message       (VsChatRequest *self,
                                                  const char    *role,
                                                  const char    *content);
/* Replaces the messages with a copy of @messages (an array of message objects as in the
 * OpenAI chat API). */
void           vs_chat_request_set_messages      (VsChatRequest *self,
                                                  JsonArray     *messages);
JsonArray     *vs_chat_request_get_messages      (VsChatRequest *self);
/* Model parameters in OpenAI spelling: temperature, top_p, max_tokens, stop, seed,
 * response_format, and anything else the server understands. For Ollama they are mapped
 * (max_tokens → options.num_predict, response_format → format, others → options). A copy of
 * @parameters is kept. */
void           vs_chat_request_set_parameters    (VsChatRequest *self,
                                                  JsonObject    *parameters);
JsonObject    *vs_chat_request_get_parameters    (VsChatRequest *self);
void           vs_chat_request_set_parameter     (VsChatRequest *self,
                                                  const char    *name,
                                                  JsonNode      *value);
guint          vs_chat_request_get_sample_index  (VsChatRequest *self);
void           vs_chat_request_set_sample_index  (VsChatRequest *self,
                                                  guint          sample_index);
gboolean       vs_chat_request_get_stream        (VsChatRequest *self);
void           vs_chat_request_set_stream        (VsChatRequest *self,
                                                  gboolean       stream);
VsCacheMode    vs_chat_request_get_cache_mode    (VsChatRequest *self);
void           vs_chat_request_set_cache_mode    (VsChatRequest *self,
                                                  VsCacheMode    mode);

/* The JSON body for @kind's chat API. @stream_usage asks OpenAI-compatible servers to send
 * token usage at the end of a stream. */
char          *vs_chat_request_build_body        (VsChatRequest *self,
                                                  VsEndpointKind kind,
                                                  gboolean       stream_usage);
/* The same body appended to @out (written straight, but for Ollama's). */
void           vs_chat_request_append_body       (VsChatRequest *self,
                                                  VsEndpointKind kind,
                                                  gboolean       stream_usage,
                                                  GString       *out);
/* SHA-256 (hex) of the canonical request: kind, chat URL, model, messages, parameters (keys
 * sorted at every level) and sample index. Never includes a key or the stream flag. */
char          *vs_chat_request_cache_key         (VsChatRequest *self,
                                                  VsEndpointKind kind,
                                                  const char    *chat_url);

/* For the engine: emits "delta". */
void           vs_chat_request_emit_delta        (VsChatRequest *self,
                                                  const char    *text);
/* For the engine: emits "retrying". */
void           vs_chat_request_emit_retrying     (VsChatRequest *self,
                                                  guint          attempt,
                                                  guint          attempts,
                                                  const char    *reason);

/* Serialises @node with object members sorted by name at every level. */
char          *vs_json_canonical_string          (JsonNode      *node);
/* A deep copy of @node with every object's members sorted by name (the form that string
 * prints). */
JsonNode      *vs_json_canonical_node            (JsonNode      *node);

G_END_DECLS
