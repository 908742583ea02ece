/* vs-cli-chat.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli chat --endpoint URL|NAME [--project FILE] --model M [--kind openai|ollama]
 *                 (--message TEXT | --template FILE [--vars VARS.json]) [--stream] [--json]
 * One chat completion through the request engine (retries, timeouts and all), printed as it
 * arrives with --stream, or as one JSON record with --json.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "vs-cli.h"
#include "vs-cli-command.h"
#include "vs-cli-commands.h"
#include "vs-cli-llm.h"
#include "vs-template-request.h"

typedef struct
{
  gboolean        done;
  VsChatResponse *response;
  GError         *error;
  gboolean        print_deltas;
} ChatCall;

static void
on_chat (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  ChatCall *call = data;

  call->response = vs_request_engine_chat_finish (VS_REQUEST_ENGINE (source), result,
                                                  &call->error);
  call->done = TRUE;
}

static void
on_delta (VsChatRequest *request,
          const char    *text,
          ChatCall      *call)
{
  if (!call->print_deltas)
    return;
  fputs (text, stdout);
  fflush (stdout);
}

/* The request a rendered template asks for (vs_template_build_request(), the same as the
 * prompt editor's); --model wins over the template's model. */
static VsChatRequest *
request_from_template (const char *path,
                       const char *vars_path,
                       const char *model,
                       int        *exit_code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsTemplate) template = NULL;
  g_autoptr(JsonObject) variables = NULL;
  g_autoptr(GPtrArray) examples = NULL;
  VsChatRequest *request;

  /* --vars reads a file; "-" is not standard input here. */
  if ((template = vs_cli_load_template (path)) == NULL ||
      (variables = vs_cli_load_variables (vars_path, FALSE)) == NULL)
    {
      *exit_code = VS_CLI_EXIT_USAGE;
      return NULL;
    }
  examples = vs_template_draw_few_shot (template, NULL, &error);
  if (examples == NULL)
    {
      vs_cli_error ("%s", error->message);
      *exit_code = VS_CLI_EXIT_USAGE;
      return NULL;
    }
  request = vs_template_build_request (template, variables, examples, NULL, model, &error);
  if (request == NULL)
    {
      vs_cli_print_problems (error);
      *exit_code = VS_CLI_EXIT_PROBLEMS;
      return NULL;
    }
  return request;
}

const VsCliHelp vs_cli_chat_help = {
  .name = "chat",
  .usage = "--endpoint URL|NAME [--project FILE] --model M (--message TEXT | --template FILE "
           "[--vars VARS.json]) [--kind KIND] [--stream] [--json]",
  .summary = "Ask a model one chat question and print the reply",
  .details = "Sends one chat completion through the request engine. Connection errors, 408, "
             "409, 429 and 5xx are retried (3 times, with backoff and Retry-After). A failure "
             "after retries exits with 1 and the HTTP status and the server's message on "
             "stderr. With --project, --endpoint may name an endpoint saved in the project "
             "(its URL, kind, headers and settings; its default model when --model is left "
             "out). The API key comes from $VERSUS_API_KEY, else $OPENAI_API_KEY for "
             "OpenAI-compatible endpoints.",
  .examples = "versus-cli chat --endpoint http://127.0.0.1:11434 --kind ollama --model llama3 "
              "--message \"Hello\"\n"
              "versus-cli chat --project support.versus --endpoint \"Ollama on this computer\" "
              "--model llama3 --message \"Hello\" --stream\n"
              "versus-cli chat --endpoint https://api.openai.com/v1 --model gpt-4o-mini "
              "--template triage.json --vars ticket.json --json",
};

int
vs_cli_chat_main (int    argc,
                  char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&vs_cli_chat_help);
  g_autoptr(VsRequestEngine) engine = NULL;
  g_autoptr(VsChatRequest) request = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(VsProject) project = NULL;
  g_autoptr(VsEndpoint) saved = NULL;
  g_autofree char *url = NULL;
  g_autofree char *project_path = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *model = NULL;
  g_autofree char *message = NULL;
  g_autofree char *template_path = NULL;
  g_autofree char *vars_path = NULL;
  gboolean stream = FALSE;
  gboolean json = FALSE;
  ChatCall call = { 0 };
  int exit_code = VS_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, &url, VS_CLI_ENDPOINT_HELP, "URL|NAME" },
    { "project", 0, 0, G_OPTION_ARG_FILENAME, &project_path,
      "The project whose saved endpoints --endpoint may name", "FILE" },
    { "model", 0, 0, G_OPTION_ARG_STRING, &model,
      "Model id (default: the saved endpoint's default model)", "M" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind,
      "openai (OpenAI-compatible, the default) or ollama (Ollama's native API)", "KIND" },
    { "message", 0, 0, G_OPTION_ARG_STRING, &message, "The user message", "TEXT" },
    { "template", 0, 0, G_OPTION_ARG_FILENAME, &template_path,
      "A prompt template to render and send", "FILE" },
    { "vars", 0, 0, G_OPTION_ARG_FILENAME, &vars_path,
      "Variables for --template (a JSON object)", "VARS.json" },
    { "stream", 0, 0, G_OPTION_ARG_NONE, &stream, "Print the reply as it arrives", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      "Print one JSON object: text, finish_reason, prompt_tokens, completion_tokens, "
      "latency_ms, ttft_ms, tokens_per_s, status, retries, cached, error", NULL },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((exit_code = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return exit_code;
  exit_code = VS_CLI_EXIT_OK;
  if (argc != 1)
    return vs_cli_usage_error ("chat", "unexpected argument “%s”", argv[1]);
  if (url == NULL)
    return vs_cli_usage_error ("chat", "--endpoint URL|NAME is required");
  if ((message == NULL) == (template_path == NULL))
    return vs_cli_usage_error ("chat", "give either --message TEXT or --template FILE");
  if (vars_path != NULL && template_path == NULL)
    return vs_cli_usage_error ("chat", "--vars only goes with --template");

  if (project_path != NULL &&
      (project = vs_cli_open_project (project_path, VS_PROJECT_OPEN_READONLY)) == NULL)
    return VS_CLI_EXIT_USAGE;
  engine = vs_cli_llm_engine_resolve ("chat", url, kind, project, &saved, &exit_code);
  if (engine == NULL)
    return exit_code;
  if ((model == NULL || *model == '\0') && saved != NULL &&
      vs_endpoint_get_default_model (saved) != NULL &&
      *vs_endpoint_get_default_model (saved) != '\0')
    {
      g_free (model);
      model = g_strdup (vs_endpoint_get_default_model (saved));
    }
  if (model == NULL || *model == '\0')
    return vs_cli_usage_error ("chat", "--model M is required");

  if (message != NULL)
    {
      request = vs_chat_request_new (model);
      vs_chat_request_add_message (request, "user", message);
    }
  else if ((request = request_from_template (template_path, vars_path, model,
                                             &exit_code)) == NULL)
    return exit_code;
  vs_chat_request_set_stream (request, stream);
  vs_chat_request_set_cache_mode (request, VS_CACHE_MODE_OFF);

  call.print_deltas = stream && !json;
  g_signal_connect (request, "delta", G_CALLBACK (on_delta), &call);
  vs_request_engine_chat_async (engine, request, cancellable, on_chat, &call);
  vs_cli_llm_wait (&call.done, cancellable);

  if (call.response == NULL)
    {
      /* Cancelled (Ctrl-C). */
      if (call.print_deltas)
        fputc ('\n', stdout);
      vs_cli_error ("%s", call.error ? call.error->message : "cancelled");
      g_clear_error (&call.error);
      return VS_CLI_EXIT_PROBLEMS;
    }

  if (json)
    {
      g_autoptr(JsonNode) root = vs_chat_response_to_json (call.response);
      vs_cli_print_json (root);
    }
  else if (call.print_deltas)
    {
      if (vs_chat_response_get_text (call.response)[0] != '\0')
        fputc ('\n', stdout);
    }
  else if (call.error == NULL)
    printf ("%s\n", vs_chat_response_get_text (call.response));
  fflush (stdout);

  if (call.error != NULL)
    {
      vs_cli_error ("%s", call.error->message);
      exit_code = VS_CLI_EXIT_PROBLEMS;
    }
  g_clear_error (&call.error);
  g_clear_object (&call.response);
  return exit_code;
}
