/* fuzz-batch-output.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any bytes as a batch output file (what a provider or vLLM's run-batch returns): every line
 * through the output-line parser and the whole input as one line. Nothing may crash or warn;
 * a line that reads has a custom_id and exactly one of a response and an error, and a custom
 * id that parses round-trips; the skimming reader and the full one read every line alike.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "vs-batch-ingest-private.h"
#include "vs-batch-lines.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The line skimmed (the common shape) or read in full equals the full reading. */
static void
check_same (const char              *text,
            gsize                    length,
            gboolean                 ok,
            const VsBatchOutputLine *line,
            const char              *why)
{
  VsBatchOutputLine full;
  g_autofree char *full_why = NULL;
  gboolean full_ok = _vs_batch_output_line_parse_full (text, length, &full, &full_why);

  g_assert_cmpint (ok, ==, full_ok);
  g_assert_cmpstr (why, ==, full_why);
  if (!ok)
    return;
  g_assert_cmpstr (line->custom_id, ==, full.custom_id);
  g_assert_cmpuint (line->status, ==, full.status);
  g_assert_cmpstr (line->error, ==, full.error);
  g_assert_true ((line->response == NULL) == (full.response == NULL));
  if (line->response != NULL)
    {
      g_assert_cmpstr (vs_chat_response_get_text (line->response), ==,
                       vs_chat_response_get_text (full.response));
      g_assert_cmpstr (vs_chat_response_get_finish_reason (line->response), ==,
                       vs_chat_response_get_finish_reason (full.response));
      g_assert_cmpint (vs_chat_response_get_prompt_tokens (line->response), ==,
                       vs_chat_response_get_prompt_tokens (full.response));
      g_assert_cmpint (vs_chat_response_get_completion_tokens (line->response), ==,
                       vs_chat_response_get_completion_tokens (full.response));
      g_assert_cmpuint (vs_chat_response_get_status (line->response), ==,
                        vs_chat_response_get_status (full.response));
      g_assert_cmpfloat (vs_chat_response_get_latency_ms (line->response), ==,
                         vs_chat_response_get_latency_ms (full.response));
    }
  _vs_batch_output_line_clear (&full);
}

static void
check_line (const char *text,
            gsize       length)
{
  VsBatchOutputLine line;
  g_autofree char *why = NULL;
  gint64 run, contender, ordinal, sample;
  gboolean ok = _vs_batch_output_line_parse (text, length, &line, &why);

  check_same (text, length, ok, &line, why);
  if (!ok)
    {
      g_assert_nonnull (why);
      g_assert_true (g_utf8_validate (why, -1, NULL));
      return;
    }
  g_assert_null (why);
  g_assert_nonnull (line.custom_id);
  g_assert_true ((line.response == NULL) != (line.error == NULL));
  g_assert_cmpuint (line.status, <=, 999);
  if (line.error != NULL)
    g_assert_true (g_utf8_validate (line.error, -1, NULL));
  else
    g_assert_true (g_utf8_validate (vs_chat_response_get_text (line.response), -1, NULL));
  if (vs_batch_custom_id_parse (line.custom_id, &run, &contender, &ordinal, &sample))
    {
      g_autofree char *again = vs_batch_custom_id (run, contender, ordinal, sample);

      g_assert_cmpstr (again, ==, line.custom_id);
    }
  _vs_batch_output_line_clear (&line);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  gsize start = 0;

  for (gsize i = 0; i <= size; i++)
    {
      if (i < size && text[i] != '\n')
        continue;
      check_line (text + start, i - start);
      start = i + 1;
    }
  check_line (text, size);
  return 0;
}
