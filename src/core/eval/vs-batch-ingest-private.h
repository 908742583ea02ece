/* vs-batch-ingest-private.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One line of a batch output (or error) file read on its own — a pure function over bytes, so
 * the ingest stays about trials and the parser can be fuzzed. The OpenAI shape, which Mistral
 * and vLLM's run-batch share: {"id", "custom_id", "response": {"status_code", "request_id",
 * "body": {chat completion}} | null, "error": null | {"code", "message"}}. Private to core and
 * its tests.
 */
#pragma once

#include "vs-chat-response.h"

G_BEGIN_DECLS

typedef struct
{
  char           *custom_id;
  guint           status;     /* response.status_code; 0 when none */
  VsChatResponse *response;   /* the chat completion when the request succeeded, else NULL */
  char           *error;      /* why the request failed, when it did (else NULL) */
} VsBatchOutputLine;

/* Reads @text (@length bytes, no end of line). FALSE when the line cannot stand for a trial's
 * answer — not a JSON object, no custom_id, neither a response nor an error — with the reason
 * in @why. Otherwise exactly one of out->response and out->error is set: a failed request (the
 * line's error, a status other than 2xx, a body that is no chat completion) is an answer too. */
gboolean _vs_batch_output_line_parse (const char         *text,
                                      gsize               length,
                                      VsBatchOutputLine  *out,
                                      char              **why);
/* The same through json-glib's tree only (_vs_batch_output_line_parse() skims the common
 * shape first and falls back to this): for tests that compare the two. */
gboolean _vs_batch_output_line_parse_full (const char         *text,
                                           gsize               length,
                                           VsBatchOutputLine  *out,
                                           char              **why);
void     _vs_batch_output_line_clear (VsBatchOutputLine  *line);

G_END_DECLS
