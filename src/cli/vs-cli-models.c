/* vs-cli-models.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli models --endpoint URL|NAME [--project FILE] [--kind openai|ollama] [--json]
 * Lists the models an endpoint serves, one id per line (a list of one column: no header, as
 * scripts have read it since the first release), or {"models":[…]} with --json.
 */
#include "config.h"

#include <stdio.h>

#include "vs-cli.h"
#include "vs-cli-command.h"
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

const VsCliHelp vs_cli_models_help = {
  .name = "models",
  .usage = "--endpoint URL|NAME [--project FILE] [--kind KIND] [--json]",
  .summary = "List the models an endpoint serves",
  .details = "Prints one model id per line (GET /v1/models, or /api/tags for Ollama). With "
             "--project, --endpoint may name an endpoint saved in the project. The API key "
             "comes from $VERSUS_API_KEY, else $OPENAI_API_KEY for OpenAI-compatible "
             "endpoints; local servers need none. Exit 1 when the endpoint cannot be asked.",
  .examples = "versus-cli models --endpoint http://127.0.0.1:11434 --kind ollama\n"
              "versus-cli models --project support.versus --endpoint \"Ollama on this computer\"\n"
              "versus-cli models --endpoint https://api.openai.com/v1 --json",
};

int
vs_cli_models_main (int    argc,
                    char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&vs_cli_models_help);
  g_autoptr(VsRequestEngine) engine = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(VsProject) project = NULL;
  g_autofree char *url = NULL;
  g_autofree char *project_path = NULL;
  g_autofree char *kind = NULL;
  gboolean json = FALSE;
  ModelsCall call = { 0 };
  int exit_code;
  const GOptionEntry entries[] = {
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, &url, VS_CLI_ENDPOINT_HELP, "URL|NAME" },
    { "project", 0, 0, G_OPTION_ARG_FILENAME, &project_path,
      "The project whose saved endpoints --endpoint may name", "FILE" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind,
      "openai (OpenAI-compatible, the default) or ollama (Ollama's native API)", "KIND" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print {\"models\":[…]} on stdout", NULL },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((exit_code = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return exit_code;
  if (argc != 1)
    return vs_cli_usage_error ("models", "unexpected argument “%s”", argv[1]);
  if (url == NULL)
    return vs_cli_usage_error ("models", "--endpoint URL|NAME is required");

  if (project_path != NULL &&
      (project = vs_cli_open_project (project_path, VS_PROJECT_OPEN_READONLY)) == NULL)
    return VS_CLI_EXIT_USAGE;
  engine = vs_cli_llm_engine_resolve ("models", url, kind, project, NULL, &exit_code);
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
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "models");
      json_builder_begin_array (builder);
      for (guint i = 0; call.models[i] != NULL; i++)
        json_builder_add_string_value (builder, call.models[i]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      vs_cli_print_json (root);
    }
  else
    for (guint i = 0; call.models[i] != NULL; i++)
      printf ("%s\n", call.models[i]);
  fflush (stdout);
  g_strfreev (call.models);
  return VS_CLI_EXIT_OK;
}
