/* vs-cli.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "vs-cli.h"
#include "vs-error.h"
#include "vs-json.h"

void
vs_cli_error (const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "versus-cli: %s\n", message);
}

int
vs_cli_usage_error (const char *command,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "versus-cli: %s\nTry “versus-cli %s%s--help” for more information.\n",
           message, command ? command : "", command ? " " : "");
  return VS_CLI_EXIT_USAGE;
}

gboolean
vs_cli_parse (GOptionContext   *context,
              int              *argc,
              char           ***argv)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_help_enabled (context, TRUE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      fprintf (stderr, "versus-cli: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

void
vs_cli_print_json (JsonNode *node)
{
  g_autofree char *text = vs_json_to_string (node, FALSE);

  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

int
vs_cli_exit_for_error (const GError *error)
{
  if (error == NULL)
    return VS_CLI_EXIT_OK;

  if (error->domain == VS_ERROR)
    switch ((VsError) error->code)
      {
      case VS_ERROR_NOT_FOUND:
      case VS_ERROR_NOT_A_PROJECT:
      case VS_ERROR_CORRUPT:
      case VS_ERROR_NEWER_SCHEMA:
      case VS_ERROR_IO:
        return VS_CLI_EXIT_USAGE;
      case VS_ERROR_FAILED:
      case VS_ERROR_INVALID:
      case VS_ERROR_EXISTS:
      default:
        return VS_CLI_EXIT_PROBLEMS;
      }

  if (error->domain == G_FILE_ERROR || error->domain == G_IO_ERROR)
    return VS_CLI_EXIT_USAGE;

  return VS_CLI_EXIT_PROBLEMS;
}

int
vs_cli_fail (const GError *error)
{
  g_return_val_if_fail (error != NULL, VS_CLI_EXIT_PROBLEMS);

  vs_cli_error ("%s", error->message);
  return vs_cli_exit_for_error (error);
}

VsProject *
vs_cli_open_project (const char         *path,
                     VsProjectOpenFlags  flags)
{
  g_autoptr(GError) error = NULL;
  VsProject *project;

  g_return_val_if_fail (path != NULL, NULL);

  project = vs_project_open (path, flags, &error);
  if (project == NULL)
    vs_cli_error ("%s", error->message);
  return project;
}

VsTemplate *
vs_cli_load_template (const char *path)
{
  g_autoptr(GError) error = NULL;
  VsTemplate *template;

  g_return_val_if_fail (path != NULL, NULL);

  template = vs_template_new_from_file (path, &error);
  if (template == NULL)
    vs_cli_error ("%s", error->message);
  return template;
}

JsonObject *
vs_cli_load_variables (const char *path,
                       gboolean    allow_stdin)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  JsonObject *object;

  if (path == NULL)
    return json_object_new ();

  if (allow_stdin && strcmp (path, "-") == 0)
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

void
vs_cli_print_problems (const GError *error)
{
  GPtrArray *problems;

  g_return_if_fail (error != NULL);

  problems = vs_template_error_get_problems (error);
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
