/* versus-cli.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli: Versus without a window. Dispatches to one command per capability; the
 * commands call the same core functions as the app, so everything is scriptable.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "vs-cli.h"
#include "vs-cli-command.h"
#include "vs-cli-commands.h"

static const VsCliSubcommand commands[] = {
  { &vs_cli_project_help, vs_cli_project_main },
  { &vs_cli_template_help, vs_cli_template_main },
  { &vs_cli_tokens_help, vs_cli_tokens_main },
  { &vs_cli_models_help, vs_cli_models_main },
  { &vs_cli_chat_help, vs_cli_chat_main },
  { &vs_cli_dataset_help, vs_cli_dataset_main },
  { &vs_cli_finetune_help, vs_cli_finetune_main },
  { &vs_cli_eval_help, vs_cli_eval_main },
  { &vs_cli_chart_help, vs_cli_chart_main },
};

/* The same shape as every command's help (vs-cli-command.h), listing the commands. */
static void
print_help (FILE *out)
{
  const char *names[G_N_ELEMENTS (commands) + 1] = { NULL };
  const char *summaries[G_N_ELEMENTS (commands) + 1] = { NULL };
  const char *options[] = { "-h, --help", "    --version", NULL };
  const char *option_help[] = { "Show this help", "Show the version", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      names[i] = commands[i].help->name;
      summaries[i] = commands[i].help->summary;
    }
  fprintf (out,
           "Versus compares prompt engineering with fine-tuning; this is its command line.\n"
           "\n"
           "Usage:\n"
           "  versus-cli COMMAND [OPTIONS…]\n"
           "\n"
           "Commands:\n");
  vs_cli_help_print_list (out, names, summaries);
  fprintf (out, "\n");
  vs_cli_help_print_text (out,
                          "--json prints machine-readable output on stdout; messages go to "
                          "stderr.\n"
                          "Exit codes: 0 success, 1 the input has problems, 2 usage error or "
                          "unreadable input.\n"
                          "With --project FILE, --endpoint takes the name of an endpoint saved "
                          "in the project as well as a URL.",
                          0);
  fprintf (out, "\nOptions:\n");
  vs_cli_help_print_list (out, options, option_help);
  fprintf (out, "\nExamples:\n");
  vs_cli_help_print_examples (out,
                              "versus-cli project new support.versus --from data/sample\n"
                              "versus-cli template list support.versus\n"
                              "versus-cli chat --project support.versus --endpoint "
                              "\"Ollama on this computer\" --model llama3 --message \"Hello\"");
  fprintf (out, "\nRun “versus-cli COMMAND --help” for a command's options and examples.\n");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("versus-cli");

  if (argc < 2)
    {
      print_help (stderr);
      return VS_CLI_EXIT_USAGE;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_help (stdout);
      return VS_CLI_EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("versus-cli %s\n", PACKAGE_VERSION);
      return VS_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].help->name) == 0)
      return commands[i].main (argc - 1, argv + 1);

  return vs_cli_usage_error (NULL, "unknown command “%s”", argv[1]);
}
