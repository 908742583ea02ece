/* fuzz-chat-wire.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any bytes as what a model server sends: every line through the OpenAI SSE and the Ollama
 * NDJSON stream parsers, the whole input as a chat reply, a model list, an error body and a
 * cached response. Nothing may crash or warn; pieces handed out are non-empty UTF-8, and
 * a stream that says it is done stays done.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "vs-chat-response-private.h"
#include "vs-chat-wire-private.h"
#include "vs-json.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
collect (const char *text,
         gpointer    data)
{
  g_assert_true (text != NULL && *text != '\0');
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_string_append (data, text);
}

static void
run_stream (VsEndpointKind  kind,
            const char     *text,
            gsize           size)
{
  g_autoptr(VsChatResponse) response = vs_chat_response_new ();
  g_autoptr(GString) pieces = g_string_new (NULL);
  gboolean done = FALSE;
  gsize start = 0;

  for (gsize i = 0; i <= size; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean was_done = done;

      if (i < size && text[i] != '\n')
        continue;
      if (!_vs_chat_wire_stream_line (kind, text + start, i - start, response, collect, pieces,
                                      &done, &error))
        g_assert_nonnull (error);
      g_assert_true (!was_done || done);
      start = i + 1;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *message = NULL;

  if (size > 1 << 20)
    return 0;

  run_stream (VS_ENDPOINT_KIND_OPENAI, text, size);
  run_stream (VS_ENDPOINT_KIND_OLLAMA, text, size);

  message = _vs_chat_wire_error_text (text, size);
  g_assert_true (message == NULL || g_utf8_validate (message, -1, NULL));

  object = vs_json_parse_object (text, size, NULL);
  if (object != NULL)
    {
      for (int kind = VS_ENDPOINT_KIND_OPENAI; kind <= VS_ENDPOINT_KIND_OLLAMA; kind++)
        {
          g_autoptr(VsChatResponse) response = vs_chat_response_new ();
          g_autoptr(GError) error = NULL;
          g_auto(GStrv) models = NULL;

          if (!_vs_chat_wire_parse_reply (kind, object, response, &error))
            g_assert_nonnull (error);
          g_clear_error (&error);
          models = _vs_chat_wire_parse_models (kind, object, &error);
          g_assert_true ((models == NULL) == (error != NULL));
        }
      {
        g_autoptr(VsChatResponse) cached = vs_chat_response_new_from_json (object, NULL);
        if (cached != NULL)
          {
            g_autoptr(JsonNode) json = vs_chat_response_to_json (cached);
            g_assert_nonnull (json);
          }
      }
    }
  return 0;
}
