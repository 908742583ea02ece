/* vs-chat-response-private.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The response's fields, for the request engine that fills them in. Everyone else reads them
 * through the getters in vs-chat-response.h.
 */
#pragma once

#include "vs-chat-response.h"

G_BEGIN_DECLS

struct _VsChatResponse
{
  GObject  parent_instance;

  GString *text;
  char    *finish_reason;
  gint64   prompt_tokens;
  gint64   completion_tokens;
  double   latency_ms;
  double   ttft_ms;
  double   tokens_per_s;
  guint    status;
  guint    retries;
  gboolean cached;
  GError  *error;
};

void _vs_chat_response_reset (VsChatResponse *self);
/* What a reply says, set at once: @text (NULL: none, read as ""), @finish_reason (may be
 * NULL) and the token counts (-1: not reported). */
void _vs_chat_response_set_reply (VsChatResponse *self,
                                  const GString  *text,
                                  const char     *finish_reason,
                                  gint64          prompt_tokens,
                                  gint64          completion_tokens);
/* Appends the object vs_chat_response_to_json() gives without its "retries", "cached" and
 * "error" (what the response cache keeps), written straight: the same text as
 * vs_json_to_string() of that object. */
void _vs_chat_response_append_cache_json (VsChatResponse *self,
                                          GString        *out);

G_END_DECLS
