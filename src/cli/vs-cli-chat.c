/* vs-cli-chat.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli chat --endpoint URL --model M [--kind openai|ollama]
 *                 (--message TEXT | --template FILE [--vars VARS.json]) [--stream] [--json]
 * One chat completion through the request engine (retries, timeouts and all), printed as it
 * arrives with --stream, or as one JSON record with --json.
 */
#include "config.h"

#include <glib-unix.h>
#include <stdio.h>
#include <string.h>

#include "vs-cli.h"
#include "vs-cli-commands.h"
#include "vs-cli-llm.h"
#include "vs-engine-registry.h"
#include "vs-secrets.h"
#include "vs-template-request.h"

VsRequestEngine *
vs_cli_llm_engine_new (const char *command,
                       const char *url,
                       const char *kind_text,
                       int        *exit_code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsEndpoint) endpoint = NULL;
  g_autofree char *key = NULL;
  VsEndpointKind kind = VS_ENDPOINT_KIND_OPENAI;
  const char *base_ms;

  if (kind_text != NULL && !vs_endpoint_kind_from_string (kind_text, &kind, &error))
    {
      *exit_code = vs_cli_usage_error (command, "%s", error->message);
      return NULL;
    }
  endpoint = vs_endpoint_new (kind, url, &error);
  if (endpoint == NULL)
    {
      *exit_code = vs_cli_usage_error (command, "%s", error->message);
      return NULL;
    }
  base_ms = g_getenv ("VERSUS_RETRY_BASE_MS");
  if (base_ms != NULL && *base_ms != '\0')
    {
      guint64 ms = MIN (g_ascii_strtoull (base_ms, NULL, 10), G_MAXINT / 8);

      vs_endpoint_set_setting_int (endpoint, "retry_base_ms", (gint64) ms);
      vs_endpoint_set_setting_int (endpoint, "retry_cap_ms", (gint64) ms * 8);
    }
  /* An ad-hoc endpoint (no project): the process-wide registry, keyed by kind + URL. */
  key = vs_secrets_key_from_env (kind);
  return vs_engine_registry_get (vs_engine_registry_get_default (), endpoint, key);
}

static gboolean
on_sigint (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_CONTINUE;
}

void
vs_cli_llm_wait (gboolean     *done,
                 GCancellable *cancellable)
{
  guint id = g_unix_signal_add (SIGINT, on_sigint, cancellable);

  while (!*done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

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

int
vs_cli_chat_main (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— ask a model one chat question");
  g_autoptr(VsRequestEngine) engine = NULL;
  g_autoptr(VsChatRequest) request = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *url = NULL;
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
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, &url,
      "Base URL, e.g. http://127.0.0.1:11434 or https://api.openai.com/v1", "URL" },
    { "model", 0, 0, G_OPTION_ARG_STRING, &model, "Model id", "M" },
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

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Sends one chat completion and prints the reply. Connection "
                                "errors, 408, 409, 429 and 5xx are retried (3 times, with "
                                "backoff and Retry-After). A failure after retries exits with 1 "
                                "and the HTTP status and the server's message on stderr. The API "
                                "key comes from $VERSUS_API_KEY, else $OPENAI_API_KEY for "
                                "OpenAI-compatible endpoints.");
  if (!vs_cli_parse (context, &argc, &argv))
    return VS_CLI_EXIT_USAGE;
  if (argc != 1)
    return vs_cli_usage_error ("chat", "unexpected argument “%s”", argv[1]);
  if (url == NULL)
    return vs_cli_usage_error ("chat", "--endpoint URL is required");
  if (model == NULL || *model == '\0')
    return vs_cli_usage_error ("chat", "--model M is required");
  if ((message == NULL) == (template_path == NULL))
    return vs_cli_usage_error ("chat", "give either --message TEXT or --template FILE");
  if (vars_path != NULL && template_path == NULL)
    return vs_cli_usage_error ("chat", "--vars only goes with --template");

  engine = vs_cli_llm_engine_new ("chat", url, kind, &exit_code);
  if (engine == NULL)
    return exit_code;

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
