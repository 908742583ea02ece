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
#include "vs-cli-commands.h"

typedef struct
{
  const char *name;
  const char *summary;
  int (*main) (int argc, char **argv);
} Command;

static const Command commands[] = {
  { "project", "Create projects and show what a project holds", vs_cli_project_main },
  { "template", "Render prompt templates and list their variables", vs_cli_template_main },
  { "tokens", "Count tokens exactly as OpenAI's tiktoken does", vs_cli_tokens_main },
  { "models", "List the models an endpoint serves", vs_cli_models_main },
  { "chat", "Ask a model one chat question (streamed with --stream)", vs_cli_chat_main },
  { "dataset", "Import datasets (CSV, TSV, JSONL, JSON) and list them", vs_cli_dataset_main },
  { "finetune", "Fine-tune on a provider, follow the job, or export a local training kit",
    vs_cli_finetune_main },
  { "eval", "Run evaluations, summarise them with paired tests, export trials",
    vs_cli_eval_main },
  { "chart", "Draw a chart spec as PNG, SVG or PDF, or describe it", vs_cli_chart_main },
};

static void
print_help (FILE *out)
{
  fprintf (out,
           "Usage:\n"
           "  versus-cli COMMAND [OPTIONS…]\n"
           "\n"
           "Versus compares prompt engineering with fine-tuning. This is its command line.\n"
           "\n"
           "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-12s %s\n", commands[i].name, commands[i].summary);
  fprintf (out,
           "\n"
           "Options:\n"
           "  -h, --help     Show this help\n"
           "  --version      Show the version\n"
           "\n"
           "Run “versus-cli COMMAND --help” for a command's options.\n"
           "--json prints machine-readable output on stdout; messages go to stderr.\n"
           "Exit codes: 0 success, 1 the input has problems, 2 usage error or unreadable "
           "input.\n");
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
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].main (argc - 1, argv + 1);

  return vs_cli_usage_error (NULL, "unknown command “%s”", argv[1]);
}
