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
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Serves /v1/models, /v1/chat/completions (SSE when streaming), "
                                "/api/tags and /api/chat (NDJSON) with deterministic replies, "
                                "the files and fine-tuning paths of OpenAI-compatible APIs, "
                                "Together, Fireworks (/v1/accounts/A/…) and Mistral with a "
                                "simulated job life (one phase per GET of the job), "
                                "/_stats with its counters, and POST /_fault to queue a fault "
                                "(e.g. curl -d 429:2 URL/_fault). Prints its URL, then serves "
                                "until interrupted.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("versus-fake-llm: %s\n", error->message);
      return 2;
    }
  if (port < 0 || port > 65535 || latency_ms < 0 || chunk_delay_ms < 0)
    {
      g_printerr ("versus-fake-llm: port and delays must be positive numbers\n");
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
