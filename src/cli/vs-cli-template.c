/* vs-cli-template.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli template render FILE [--vars VARS.json] [--json] [--project PROJECT]
 * versus-cli template vars FILE [--all] [--json]
 *
 * Template problems go to stderr one per line as "messages[I] LINE:COLUMN: what: NAME" with
 * exit code 1; an unreadable template, variables file or few-shot dataset is exit code 2.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "vs-cli.h"
#include "vs-cli-commands.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-project.h"
#include "vs-template.h"

static VsTemplate *
load_template (const char *path)
{
  g_autoptr(GError) error = NULL;
  VsTemplate *template = vs_template_new_from_file (path, &error);

  if (template == NULL)
    vs_cli_error ("%s", error->message);
  return template;
}

static void
print_problems (const GError *error)
{
  GPtrArray *problems = vs_template_error_get_problems (error);

  if (problems == NULL)
    {
      vs_cli_error ("%s", error->message);
      return;
    }

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = vs_template_problem_to_string (problems->pdata[i]);

      fprintf (stderr, "%s\n", line);
    }
}

static JsonObject *
load_variables (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  JsonObject *object;

  if (path == NULL)
    return json_object_new ();

  if (strcmp (path, "-") == 0)
    {
      g_autoptr(GIOChannel) channel = g_io_channel_unix_new (0);

      if (g_io_channel_read_to_end (channel, &contents, &length, &error) != G_IO_STATUS_NORMAL)
        {
          vs_cli_error ("standard input: %s", error ? error->message : "could not read");
          return NULL;
        }
    }
  else if (!g_file_get_contents (path, &contents, &length, &error))
    {
      vs_cli_error ("%s", error->message);
      return NULL;
    }

  object = vs_json_parse_object (contents, length, &error);
  if (object == NULL)
    vs_cli_error ("%s: the variables must be one JSON object: %s", path, error->message);
  return object;
}

static int
template_render (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new ("FILE — render a template's messages with variables");
  g_autoptr(VsTemplate) template = NULL;
  g_autoptr(JsonObject) variables = NULL;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(GPtrArray) examples = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *vars_path = NULL;
  g_autofree char *project_path = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "vars", 0, 0, G_OPTION_ARG_FILENAME, &vars_path,
      "A JSON object with the variables (“-” reads standard input)", "VARS.json" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      "Print {\"messages\":[{\"role\",\"content\"},…]} on stdout", NULL },
    { "project", 0, 0, G_OPTION_ARG_FILENAME, &project_path,
      "Resolve the few-shot dataset by name in this project", "PROJECT" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "FILE is a template (.json, or .txt for one user message). "
                                "Prints each message as a “role:” line and its content, with "
                                "a blank line between messages. Missing variables and syntax "
                                "errors are listed on stderr, one per line, with exit code 1.");
  if (!vs_cli_parse (context, &argc, &argv))
    return VS_CLI_EXIT_USAGE;
  if (argc != 2)
    return vs_cli_usage_error ("template render", "expected one template FILE");

  if ((template = load_template (argv[1])) == NULL)
    return VS_CLI_EXIT_USAGE;
  if ((variables = load_variables (vars_path)) == NULL)
    return VS_CLI_EXIT_USAGE;

  if (project_path != NULL)
    {
      project = vs_project_open (project_path, VS_PROJECT_OPEN_READONLY, &error);
      if (project == NULL)
        {
          vs_cli_error ("%s", error->message);
          return VS_CLI_EXIT_USAGE;
        }
    }

  examples = vs_template_draw_few_shot (template, project, &error);
  if (examples == NULL)
    {
      vs_cli_error ("%s", error->message);
      return VS_CLI_EXIT_USAGE;
    }

  messages = vs_template_render_with_examples (template, variables, examples, &error);
  if (messages == NULL)
    {
      print_problems (error);
      return VS_CLI_EXIT_PROBLEMS;
    }

  if (json)
    {
      g_autoptr(JsonNode) root = vs_template_messages_to_json (messages);

      vs_cli_print_json (root);
      return VS_CLI_EXIT_OK;
    }

  for (guint i = 0; i < messages->len; i++)
    {
      const VsTemplateMessage *message = messages->pdata[i];

      gsize length = strlen (message->content);

      /* One blank line between messages, even when a content ends with its own newline. */
      if (i > 0)
        fputc ('\n', stdout);
      printf ("%s:\n%s", vs_template_role_to_string (message->role), message->content);
      if (length == 0 || message->content[length - 1] != '\n')
        fputc ('\n', stdout);
    }
  fflush (stdout);
  return VS_CLI_EXIT_OK;
}

static int
template_vars (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new ("FILE — list the variables a template needs");
  g_autoptr(VsTemplate) template = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_auto(GStrv) names = NULL;
  gboolean all = FALSE;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all,
      "Also list names used inside sections, as section.name", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print {\"variables\":[…]} on stdout", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Prints the names a caller must supply, one per line, in order "
                                "of first appearance: variables and sections used outside any "
                                "section, dotted names by their first part. Syntax errors are "
                                "listed on stderr with exit code 1.");
  if (!vs_cli_parse (context, &argc, &argv))
    return VS_CLI_EXIT_USAGE;
  if (argc != 2)
    return vs_cli_usage_error ("template vars", "expected one template FILE");

  if ((template = load_template (argv[1])) == NULL)
    return VS_CLI_EXIT_USAGE;

  names = vs_template_list_variables (template, all);
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "variables");
      json_builder_begin_array (builder);
      for (guint i = 0; names[i] != NULL; i++)
        json_builder_add_string_value (builder, names[i]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      vs_cli_print_json (root);
    }
  else
    {
      for (guint i = 0; names[i] != NULL; i++)
        printf ("%s\n", names[i]);
      fflush (stdout);
    }

  problems = vs_template_check (template, NULL);
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = vs_template_problem_to_string (problems->pdata[i]);

      fprintf (stderr, "%s\n", line);
    }

  return problems->len > 0 ? VS_CLI_EXIT_PROBLEMS : VS_CLI_EXIT_OK;
}

int
vs_cli_template_main (int    argc,
                      char **argv)
{
  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      FILE *out = argc < 2 ? stderr : stdout;

      fprintf (out,
               "Usage:\n"
               "  versus-cli template render FILE [--vars VARS.json] [--json] "
               "[--project PROJECT]\n"
               "  versus-cli template vars FILE [--all] [--json]\n"
               "\n"
               "  render   Render the messages with the variables in VARS.json\n"
               "  vars     List the variables the template needs\n"
               "\n"
               "Problems are printed on stderr as “messages[I] LINE:COLUMN: what is wrong: "
               "NAME”\n"
               "(exit code 1); an unreadable file is exit code 2.\n");
      return argc < 2 ? VS_CLI_EXIT_USAGE : VS_CLI_EXIT_OK;
    }

  if (strcmp (argv[1], "render") == 0)
    return template_render (argc - 1, argv + 1);
  if (strcmp (argv[1], "vars") == 0)
    return template_vars (argc - 1, argv + 1);

  return vs_cli_usage_error ("template", "unknown template command “%s”", argv[1]);
}
