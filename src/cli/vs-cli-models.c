/* vs-cli-models.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli models --endpoint URL [--kind openai|ollama]
 * Lists the models an endpoint serves, one id per line.
 */
#include "config.h"

#include <stdio.h>

#include "vs-cli.h"
#include "vs-cli-commands.h"
#include "vs-cli-llm.h"

typedef struct
{
  gboolean  done;
  GStrv     models;
  GError   *error;
} ModelsCall;

static void
on_models (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  ModelsCall *call = data;

  call->models = vs_request_engine_list_models_finish (VS_REQUEST_ENGINE (source), result,
                                                       &call->error);
  call->done = TRUE;
}

int
vs_cli_models_main (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— list an endpoint's models");
  g_autoptr(VsRequestEngine) engine = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *url = NULL;
  g_autofree char *kind = NULL;
  ModelsCall call = { 0 };
  int exit_code = VS_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, &url,
      "Base URL, e.g. http://127.0.0.1:11434 or https://api.openai.com/v1", "URL" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind,
      "openai (OpenAI-compatible, the default) or ollama (Ollama's native API)", "KIND" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Prints one model id per line (GET /v1/models, or /api/tags for "
                                "Ollama). The API key comes from $VERSUS_API_KEY, else "
                                "$OPENAI_API_KEY for OpenAI-compatible endpoints; local servers "
                                "need none. Exit 1 when the endpoint cannot be asked.");
  if (!vs_cli_parse (context, &argc, &argv))
    return VS_CLI_EXIT_USAGE;
  if (argc != 1)
    return vs_cli_usage_error ("models", "unexpected argument “%s”", argv[1]);
  if (url == NULL)
    return vs_cli_usage_error ("models", "--endpoint URL is required");

  engine = vs_cli_llm_engine_new ("models", url, kind, &exit_code);
  if (engine == NULL)
    return exit_code;

  vs_request_engine_list_models_async (engine, cancellable, on_models, &call);
  vs_cli_llm_wait (&call.done, cancellable);
  if (call.models == NULL)
    {
      vs_cli_error ("%s", call.error->message);
      g_clear_error (&call.error);
      return VS_CLI_EXIT_PROBLEMS;
    }
  for (guint i = 0; call.models[i] != NULL; i++)
    printf ("%s\n", call.models[i]);
  fflush (stdout);
  g_strfreev (call.models);
  return VS_CLI_EXIT_OK;
}
