/* vs-cli.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared plumbing for versus-cli's commands: exit codes, option parsing that turns usage
 * errors into exit code 2, JSON on stdout, human messages on stderr.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vs-project.h"
#include "vs-template.h"

G_BEGIN_DECLS

typedef enum
{
  VS_CLI_EXIT_OK = 0,       /* success */
  VS_CLI_EXIT_PROBLEMS = 1, /* the input has problems (validation errors, a failed request) */
  VS_CLI_EXIT_USAGE = 2,    /* usage error or unreadable input */
} VsCliExit;

/* Parses @argv with @context; on failure prints "versus-cli: message" and a hint to stderr.
 * Returns FALSE when the caller should exit with VS_CLI_EXIT_USAGE. Commands parse with
 * vs_cli_command_parse() (vs-cli-command.h) instead, which gives --help the shared shape. */
gboolean vs_cli_parse        (GOptionContext  *context,
                              int             *argc,
                              char          ***argv);
/* Prints "versus-cli: <message>" on stderr. */
void     vs_cli_error        (const char      *format,
                              ...) G_GNUC_PRINTF (1, 2);
/* Usage error: the message plus "Try “versus-cli COMMAND --help”", returns 2. */
int      vs_cli_usage_error  (const char      *command,
                              const char      *format,
                              ...) G_GNUC_PRINTF (2, 3);
/* Writes @node as one JSON document and a newline on stdout. */
void     vs_cli_print_json   (JsonNode        *node);
/* Maps a GError from core to an exit code: unreadable input → 2, everything else → 1. */
int      vs_cli_exit_for_error (const GError  *error);
/* Prints "versus-cli: <@error's message>" on stderr; returns vs_cli_exit_for_error (@error). */
int      vs_cli_fail         (const GError    *error);

/* Opens the project at @path with @flags; on failure prints the error and returns NULL (the
 * caller exits with VS_CLI_EXIT_USAGE). */
VsProject  *vs_cli_open_project   (const char         *path,
                                   VsProjectOpenFlags  flags);
/* Loads a template file (.json or .txt); on failure prints the error and returns NULL. */
VsTemplate *vs_cli_load_template  (const char         *path);
/* Reads --vars: one JSON object from the file @path (an empty object when @path is NULL;
 * standard input for "-" when @allow_stdin). On failure prints why and returns NULL (the
 * caller exits with VS_CLI_EXIT_USAGE). */
JsonObject *vs_cli_load_variables (const char         *path,
                                   gboolean            allow_stdin);
/* Prints a render error's template problems on stderr, one per line, or its message when it
 * carries none. */
void        vs_cli_print_problems (const GError       *error);

G_END_DECLS
