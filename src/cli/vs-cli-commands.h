/* vs-cli-commands.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One entry point per top-level command. Each gets argv starting at the command name and
 * returns an exit code (see VsCliExit). Add a line here and a row in versus-cli.c.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int vs_cli_project_main (int argc, char **argv);
int vs_cli_chart_main (int argc, char **argv);
int vs_cli_template_main (int argc, char **argv);
int vs_cli_tokens_main (int argc, char **argv);
int vs_cli_models_main (int argc, char **argv);
int vs_cli_chat_main (int argc, char **argv);
int vs_cli_dataset_main (int argc, char **argv);
int vs_cli_dataset_snapshot (int argc, char **argv);
int vs_cli_dataset_snapshots (int argc, char **argv);
int vs_cli_dataset_export (int argc, char **argv);
/* `dataset search`, called by vs_cli_dataset_main (argv[0] is "search"). */
int vs_cli_dataset_search (int argc, char **argv);
int vs_cli_finetune_main (int argc, char **argv);
int vs_cli_eval_main (int argc, char **argv);

G_END_DECLS
