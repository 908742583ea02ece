/* vs-cli.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

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
