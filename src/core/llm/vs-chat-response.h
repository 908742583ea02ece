/* vs-chat-response.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What happened to one chat request: the reply text and finish reason, token usage, timings
 * (latency, time to first token, tokens per second), HTTP status, retries used, whether it
 * came from the cache, and the error when it failed. Evaluations store it per case; the
 * response cache stores the successful ones.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define VS_TYPE_CHAT_RESPONSE (vs_chat_response_get_type ())
G_DECLARE_FINAL_TYPE (VsChatResponse, vs_chat_response, VS, CHAT_RESPONSE, GObject)

VsChatResponse *vs_chat_response_new                   (void);
const char     *vs_chat_response_get_text              (VsChatResponse *self);
/* "stop", "length", … or NULL when the server did not say. */
const char     *vs_chat_response_get_finish_reason     (VsChatResponse *self);
/* -1 when the server did not report usage. */
gint64          vs_chat_response_get_prompt_tokens     (VsChatResponse *self);
gint64          vs_chat_response_get_completion_tokens (VsChatResponse *self);
/* Of the last attempt: from sending the request to the end of the reply. */
double          vs_chat_response_get_latency_ms        (VsChatResponse *self);
/* Streaming: until the first piece of text; otherwise equal to the latency. */
double          vs_chat_response_get_ttft_ms           (VsChatResponse *self);
/* Completion tokens per second of generation (after the first token when streaming); 0 when
 * unknown. */
double          vs_chat_response_get_tokens_per_s      (VsChatResponse *self);
/* HTTP status of the last attempt; 0 when no response arrived. */
guint           vs_chat_response_get_status            (VsChatResponse *self);
guint           vs_chat_response_get_retries           (VsChatResponse *self);
gboolean        vs_chat_response_get_cached            (VsChatResponse *self);
/* NULL on success. Never contains an API key. */
const GError   *vs_chat_response_get_error             (VsChatResponse *self);
gboolean        vs_chat_response_is_ok                 (VsChatResponse *self);

/* {"text", "finish_reason", "prompt_tokens", "completion_tokens", "latency_ms", "ttft_ms",
 *  "tokens_per_s", "status", "retries", "cached", "error"}; unknown numbers and a missing
 * error are null. */
JsonNode       *vs_chat_response_to_json               (VsChatResponse *self);
/* Reads what vs_chat_response_to_json() wrote (the cache's format). */
VsChatResponse *vs_chat_response_new_from_json         (JsonObject     *object,
                                                        GError        **error);

G_END_DECLS
