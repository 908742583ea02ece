/* vs-cli-project.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli project info FILE [--json]
 * versus-cli project new FILE [--name NAME] [--from BUNDLE_DIR] [--force]
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "vs-bundle.h"
#include "vs-cli.h"
#include "vs-cli-command.h"
#include "vs-cli-commands.h"
#include "vs-error.h"
#include "vs-project.h"

static const VsCliHelp info_help = {
  .name = "project info",
  .usage = "FILE [--json]",
  .summary = "Show a project's schema version and what it holds",
  .details = "Prints the project's name, schema version and how many "
             "templates, datasets, records, endpoints, fine-tune jobs and "
             "runs it holds.",
  .examples = "versus-cli project info support.versus\n"
              "versus-cli project info support.versus --json",
};

static int
project_info (int    argc,
              char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&info_help);
  int parsed;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(VsProjectInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print a JSON object on stdout", NULL },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 2)
    return vs_cli_usage_error ("project info", "expected one project FILE");

  project = vs_cli_open_project (argv[1], VS_PROJECT_OPEN_READONLY);
  if (project == NULL)
    return VS_CLI_EXIT_USAGE;

  info = vs_project_get_info (project, &error);
  if (info == NULL)
    {
      vs_cli_error ("%s", error->message);
      return VS_CLI_EXIT_USAGE;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, argv[1]);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, info->name);
      json_builder_set_member_name (builder, "schema_version");
      json_builder_add_int_value (builder, info->schema_version);
      json_builder_set_member_name (builder, "created_at");
      if (info->created_at)
        json_builder_add_string_value (builder, info->created_at);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "templates");
      json_builder_add_int_value (builder, info->n_templates);
      json_builder_set_member_name (builder, "template_versions");
      json_builder_add_int_value (builder, info->n_template_versions);
      json_builder_set_member_name (builder, "datasets");
      json_builder_add_int_value (builder, info->n_datasets);
      json_builder_set_member_name (builder, "records");
      json_builder_add_int_value (builder, info->n_records);
      json_builder_set_member_name (builder, "snapshots");
      json_builder_add_int_value (builder, info->n_snapshots);
      json_builder_set_member_name (builder, "endpoints");
      json_builder_add_int_value (builder, info->n_endpoints);
      json_builder_set_member_name (builder, "finetune_jobs");
      json_builder_add_int_value (builder, info->n_finetune_jobs);
      json_builder_set_member_name (builder, "runs");
      json_builder_add_int_value (builder, info->n_runs);
      json_builder_set_member_name (builder, "results");
      json_builder_add_int_value (builder, info->n_results);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      vs_cli_print_json (root);
    }
  else
    {
      printf ("Name:            %s\n", info->name);
      printf ("Schema version:  %d\n", info->schema_version);
      if (info->created_at)
        printf ("Created:         %s\n", info->created_at);
      printf ("Templates:       %" G_GINT64_FORMAT " (%" G_GINT64_FORMAT " versions)\n",
              info->n_templates, info->n_template_versions);
      printf ("Datasets:        %" G_GINT64_FORMAT " (%" G_GINT64_FORMAT " records, %"
              G_GINT64_FORMAT " snapshots)\n",
              info->n_datasets, info->n_records, info->n_snapshots);
      printf ("Endpoints:       %" G_GINT64_FORMAT "\n", info->n_endpoints);
      printf ("Fine-tune jobs:  %" G_GINT64_FORMAT "\n", info->n_finetune_jobs);
      printf ("Runs:            %" G_GINT64_FORMAT " (%" G_GINT64_FORMAT " results)\n",
              info->n_runs, info->n_results);
    }

  return VS_CLI_EXIT_OK;
}

static const VsCliHelp new_help = {
  .name = "project new",
  .usage = "FILE [--name NAME] [--from DIR] [--force]",
  .summary = "Create a project file, optionally filled from a bundle folder",
  .details = "Says on stderr which file it created and what it holds.",
  .examples = "versus-cli project new support.versus --name \"Support tickets\"\n"
              "versus-cli project new sample.versus --from data/sample --force",
};

static int
project_new (int    argc,
             char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&new_help);
  g_autoptr(VsProjectInfo) info = NULL;
  int parsed;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *from = NULL;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "The project's name (default: the file name)",
      "NAME" },
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from,
      "Fill it from a bundle folder (project.json, templates, JSONL datasets)", "DIR" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, "Replace FILE if it exists", NULL },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 2)
    return vs_cli_usage_error ("project new", "expected one project FILE");

  if (g_file_test (argv[1], G_FILE_TEST_EXISTS))
    {
      if (!force)
        {
          vs_cli_error ("“%s” exists already (use --force to replace it)", argv[1]);
          return VS_CLI_EXIT_USAGE;
        }
      for (guint i = 0; i < 3; i++)
        {
          const char *suffix[] = { "", "-wal", "-shm" };
          g_autofree char *path = g_strconcat (argv[1], suffix[i], NULL);

          remove (path);
        }
    }

  project = vs_project_open (argv[1], VS_PROJECT_OPEN_CREATE, &error);
  if (project == NULL ||
      (from != NULL && !vs_bundle_import (project, from, &error)) ||
      (name != NULL && !vs_project_set_name (project, name, &error)))
    {
      vs_cli_error ("%s", error->message);
      g_clear_object (&project);
      remove (argv[1]);
      return vs_cli_exit_for_error (error);
    }

  info = vs_project_get_info (project, NULL);
  if (info != NULL && from != NULL)
    fprintf (stderr, "Created project “%s” in %s from %s: %" G_GINT64_FORMAT " template%s, %"
             G_GINT64_FORMAT " dataset%s (%" G_GINT64_FORMAT " record%s), %" G_GINT64_FORMAT
             " endpoint%s.\n", info->name, argv[1], from, info->n_templates,
             info->n_templates == 1 ? "" : "s", info->n_datasets, info->n_datasets == 1 ? "" : "s",
             info->n_records, info->n_records == 1 ? "" : "s", info->n_endpoints,
             info->n_endpoints == 1 ? "" : "s");
  else
    fprintf (stderr, "Created project “%s” in %s.\n", info ? info->name : argv[1], argv[1]);
  return VS_CLI_EXIT_OK;
}

const VsCliHelp vs_cli_project_help = {
  .name = "project",
  .summary = "Create projects and show what a project holds",
  .examples = "versus-cli project new support.versus\n"
              "versus-cli project info support.versus --json",
};

static const VsCliSubcommand project_commands[] = {
  { &info_help, project_info },
  { &new_help, project_new },
};

int
vs_cli_project_main (int    argc,
                     char **argv)
{
  return vs_cli_dispatch (&vs_cli_project_help, project_commands,
                          G_N_ELEMENTS (project_commands), argc, argv);
}
