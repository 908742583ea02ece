/* vs-chat-request-private.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The response cache key (vs_chat_request_cache_key()) in parts, for the batch ingest, which
 * computes one for each of 100,000 trials whose requests differ only in their messages and
 * sample index. Private to core and its tests.
 */
#pragma once

#include "vs-chat-request.h"

G_BEGIN_DECLS

/* The key's canonical text around the messages and the sample index: head MESSAGES middle
 * SAMPLE_INDEX tail. */
typedef struct
{
  char *head;
  char *middle;
  char *tail;
} VsChatKeyParts;

/* The parts for requests with @request's model and parameters, to @chat_url. */
void  _vs_chat_key_parts_init     (VsChatKeyParts       *parts,
                                   VsChatRequest        *request,
                                   VsEndpointKind        kind,
                                   const char           *chat_url);
void  _vs_chat_key_parts_clear    (VsChatKeyParts       *parts);
/* Appends a {role, content} message as the key's canonical text has it (the caller writes the
 * array's brackets and commas). */
void  _vs_chat_key_append_message (GString              *messages,
                                   const char           *role,
                                   const char           *content);
/* The key (hex SHA-256) of @messages (the canonical text of the messages array) and
 * @sample_index; @scratch is reused space. */
char *_vs_chat_key_finish         (const VsChatKeyParts *parts,
                                   const char           *messages,
                                   gsize                 length,
                                   gint64                sample_index,
                                   GString              *scratch);

/* The SHA-256 of @data in lowercase hex, as g_compute_checksum_for_data() gives it (with the
 * CPU's SHA instructions where it has them). */
char *_vs_sha256_hex              (const char           *data,
                                   gsize                 length);

G_END_DECLS
