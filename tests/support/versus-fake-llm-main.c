/* versus-fake-llm-main.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-fake-llm: the fake model server as a program, for benchmarks and trying Versus by
 * hand without a model. Prints its URL on the first line of stdout and serves until SIGINT or
 * SIGTERM.
 */
#include "config.h"

#include <glib-unix.h>
#include <stdio.h>

#include "vs-fake-llm.h"

static gboolean
on_signal (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— a fake OpenAI/Ollama server");
  g_autoptr(GError) error = NULL;
  g_autoptr(VsFakeLlm) fake = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  int port = 0;
  int latency_ms = 0;
  int chunk_delay_ms = 0;
  char *key = NULL;
  char *request_log = NULL;
  char **faults = NULL;
  int batch_polls = 1;
  int batch_expire_after = 0;
  int batch_lose_creates = 0;
  char *batch_fail = NULL;
  gboolean no_batch_list = FALSE;
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (0: any free port)", "PORT" },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &latency_ms, "Delay before every reply", "MS" },
    { "chunk-delay-ms", 0, 0, G_OPTION_ARG_INT, &chunk_delay_ms,
      "Delay between the pieces of a streamed reply", "MS" },
    { "require-key", 0, 0, G_OPTION_ARG_STRING, &key,
      "Answer 401 unless this bearer key is sent", "KEY" },
    { "request-log", 0, 0, G_OPTION_ARG_FILENAME, &request_log,
      "Append a line per chat request to FILE (time in µs, model, last user message)", "FILE" },
    { "fault", 0, 0, G_OPTION_ARG_STRING_ARRAY, &faults,
      "Queue a fault for the next request (repeatable, in order): 500, status:503, 429:SECS, "
      "429ms:MS, 429date:SECS, drop, hang:MS, truncate:N, malformed, latency:MS", "SPEC" },
    { "batch-polls", 0, 0, G_OPTION_ARG_INT, &batch_polls,
      "GETs of a batch before it moves to its next state (default 1)", "N" },
    { "batch-fail", 0, 0, G_OPTION_ARG_STRING, &batch_fail,
      "Batch lines whose custom_id matches this glob go to the error file", "PATTERN" },
    { "batch-expire-after", 0, 0, G_OPTION_ARG_INT, &batch_expire_after,
      "Batches expire at their Nth GET, half their lines done (0: never)", "N" },
    { "batch-lose-creates", 0, 0, G_OPTION_ARG_INT, &batch_lose_creates,
      "Create the next N batches but drop the connection instead of answering", "N" },
    { "no-batch-list", 0, 0, G_OPTION_ARG_NONE, &no_batch_list,
      "Answer 404 to the batch list (GET /v1/batches, /v1/batch/jobs)", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Serves /v1/models, /v1/chat/completions (SSE when streaming), "
                                "/api/tags and /api/chat (NDJSON) with deterministic replies, "
                                "the files and fine-tuning paths of OpenAI-compatible APIs, "
                                "Together, Fireworks (/v1/accounts/A/…) and Mistral with a "
                                "simulated job life (one phase per GET of the job), the "
                                "batch APIs of OpenAI (/v1/batches) and Mistral "
                                "(/v1/batch/jobs) with batches that move one state per GET "
                                "and answer every line as the chat endpoint would, "
                                "/_stats with its counters, and POST /_fault to queue a fault "
                                "(e.g. curl -d 429:2 URL/_fault). Prints its URL, then serves "
                                "until interrupted.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("versus-fake-llm: %s\n", error->message);
      return 2;
    }
  if (port < 0 || port > 65535 || latency_ms < 0 || chunk_delay_ms < 0 || batch_polls < 1 ||
      batch_expire_after < 0 || batch_lose_creates < 0)
    {
      g_printerr ("versus-fake-llm: port, delays and counts must be positive numbers\n");
      g_free (batch_fail);
      return 2;
    }

  fake = vs_fake_llm_new ((guint) port, &error);
  if (fake == NULL)
    {
      g_printerr ("versus-fake-llm: cannot listen: %s\n", error->message);
      return 1;
    }
  vs_fake_llm_set_latency_ms (fake, (guint) latency_ms);
  vs_fake_llm_set_chunk_delay_ms (fake, (guint) chunk_delay_ms);
  if (key != NULL)
    vs_fake_llm_set_required_key (fake, key);
  g_free (key);
  vs_fake_llm_set_batch_polls_per_state (fake, (guint) batch_polls);
  vs_fake_llm_set_batch_expire_after (fake, (guint) batch_expire_after);
  vs_fake_llm_lose_batch_creates (fake, (guint) batch_lose_creates, 0);
  vs_fake_llm_set_batch_list (fake, !no_batch_list);
  vs_fake_llm_set_batch_fail_pattern (fake, batch_fail);
  g_free (batch_fail);
  if (request_log != NULL)
    {
      vs_fake_llm_set_request_log (fake, request_log, &error);
      g_free (request_log);
      if (error != NULL)
        {
          g_printerr ("versus-fake-llm: %s\n", error->message);
          return 2;
        }
    }
  for (guint i = 0; faults != NULL && faults[i] != NULL; i++)
    {
      VsFakeFault fault;
      int value;

      if (!vs_fake_llm_parse_fault (faults[i], &fault, &value))
        {
          g_printerr ("versus-fake-llm: unknown fault “%s”\n", faults[i]);
          g_strfreev (faults);
          return 2;
        }
      vs_fake_llm_push_fault (fake, fault, value);
    }
  g_strfreev (faults);

  printf ("%s\n", vs_fake_llm_get_url (fake));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_main_loop_run (loop);
  return 0;
}
