/* vs-cli-command.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One shape of --help for every versus-cli command: a one-line summary, "Usage:" with the
 * command's synopsis, details, "Options:" and "Examples:". A command describes itself in a
 * VsCliHelp, adds its GOptionEntry arrays to a VsCliCommand and parses with it; -h/--help
 * then prints the help on stdout (exit 0). A command group (`template`, `dataset`, …) lists
 * its subcommands' synopses and summaries from the same VsCliHelp records and dispatches to
 * them (vs_cli_dispatch()).
 */
#pragma once

#include <glib.h>
#include <stdio.h>

G_BEGIN_DECLS

/* What vs_cli_command_parse() returns when the command should go on. */
#define VS_CLI_GO_ON (-1)

typedef struct
{
  /* The command after "versus-cli ": "template diff"; "template" for a group. */
  const char *name;
  /* What follows the name in the synopsis: "PROJECT NAME [OLD NEW] [-U N]" (NULL: nothing). */
  const char *usage;
  /* One line, a sentence without the final full stop: what the command does. */
  const char *summary;
  /* NULL, or more text: paragraphs separated by blank lines are wrapped; a line that starts
   * with a space is printed as written (lists, tables). */
  const char *details;
  /* Whole command lines ("versus-cli template diff p.versus triage"), one per line. */
  const char *examples;
} VsCliHelp;

typedef struct _VsCliCommand VsCliCommand;

VsCliCommand *vs_cli_command_new         (const VsCliHelp     *help);
void          vs_cli_command_free        (VsCliCommand        *self);
/* Adds @entries (NULL-terminated; copied) to the options parsed; the help lists them under
 * @heading ("Provider options"), or under "Options" when @heading is NULL. */
void          vs_cli_command_add_entries (VsCliCommand        *self,
                                          const char          *heading,
                                          const GOptionEntry  *entries);
/* Parses @argv. Returns VS_CLI_GO_ON when the command should run; else the exit code:
 * VS_CLI_EXIT_OK after printing the help for -h/--help, VS_CLI_EXIT_USAGE after printing why
 * the options are wrong. */
int           vs_cli_command_parse       (VsCliCommand        *self,
                                          int                 *argc,
                                          char              ***argv);
void          vs_cli_command_print_help  (VsCliCommand        *self,
                                          FILE                *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsCliCommand, vs_cli_command_free)

/* A group's subcommand: its help (for the group's listing) and its entry point, which gets
 * argv starting at the subcommand's name. */
typedef struct
{
  const VsCliHelp *help;
  int            (*main) (int    argc,
                          char **argv);
} VsCliSubcommand;

/* Prints @group's help: summary, one synopsis per subcommand, the subcommands' summaries,
 * details, examples and where to read more. */
void vs_cli_print_group_help (const VsCliHelp       *group,
                              const VsCliSubcommand *subcommands,
                              guint                  n_subcommands,
                              FILE                  *out);
/* Runs the subcommand argv[1] names with argv + 1. -h, --help or help print the group's help
 * on stdout (exit 0); no subcommand prints it on stderr (exit 2); an unknown one is a usage
 * error. */
int  vs_cli_dispatch         (const VsCliHelp       *group,
                              const VsCliSubcommand *subcommands,
                              guint                  n_subcommands,
                              int                    argc,
                              char                 **argv);

/* Building blocks, also for `versus-cli --help`: @text wrapped to the help's width with
 * @indent spaces before each line (the rules of VsCliHelp.details); a two-column list of
 * @names and @descriptions (NULL-terminated, the same length), the descriptions aligned and
 * wrapped; each line of @examples indented. */
void vs_cli_help_print_text     (FILE                *out,
                                 const char          *text,
                                 guint                indent);
void vs_cli_help_print_list     (FILE                *out,
                                 const char * const  *names,
                                 const char * const  *descriptions);
void vs_cli_help_print_examples (FILE                *out,
                                 const char          *examples);

G_END_DECLS
