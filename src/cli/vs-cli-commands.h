/* vs-cli-commands.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One entry point per top-level command. Each gets argv starting at the command name and
 * returns an exit code (see VsCliExit), and describes itself in a VsCliHelp (vs-cli-command.h)
 * that `versus-cli --help` lists. Add both here and a row in versus-cli.c; a group's
 * subcommands are rows of its own VsCliSubcommand table.
 */
#pragma once

#include <glib.h>

#include "vs-cli-command.h"

G_BEGIN_DECLS

/* Each command's help (vs-cli-command.h): `versus-cli --help` lists their summaries. */
extern const VsCliHelp vs_cli_project_help;
extern const VsCliHelp vs_cli_template_help;
extern const VsCliHelp vs_cli_tokens_help;
extern const VsCliHelp vs_cli_models_help;
extern const VsCliHelp vs_cli_chat_help;
extern const VsCliHelp vs_cli_dataset_help;
extern const VsCliHelp vs_cli_finetune_help;
extern const VsCliHelp vs_cli_eval_help;
extern const VsCliHelp vs_cli_chart_help;

int vs_cli_project_main (int argc, char **argv);
int vs_cli_chart_main (int argc, char **argv);
int vs_cli_template_main (int argc, char **argv);
int vs_cli_tokens_main (int argc, char **argv);
int vs_cli_models_main (int argc, char **argv);
int vs_cli_chat_main (int argc, char **argv);
int vs_cli_dataset_main (int argc, char **argv);
/* `dataset snapshot|snapshots|export|search` (argv[0] is the subcommand), listed and called by
 * vs_cli_dataset_main with their help. */
int vs_cli_dataset_snapshot (int argc, char **argv);
int vs_cli_dataset_snapshots (int argc, char **argv);
int vs_cli_dataset_export (int argc, char **argv);
int vs_cli_dataset_search (int argc, char **argv);
extern const VsCliHelp vs_cli_dataset_snapshot_help;
extern const VsCliHelp vs_cli_dataset_snapshots_help;
extern const VsCliHelp vs_cli_dataset_export_help;
extern const VsCliHelp vs_cli_dataset_search_help;
int vs_cli_finetune_main (int argc, char **argv);
int vs_cli_eval_main (int argc, char **argv);

G_END_DECLS
