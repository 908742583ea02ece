/* vs-cli-template.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli template render FILE [--vars VARS.json] [--json] [--project PROJECT]
 * versus-cli template vars FILE [--all] [--json]
 * versus-cli template list|versions|diff|import|export|save-version PROJECT …  (stored templates)
 *
 * Template problems go to stderr one per line as "messages[I] LINE:COLUMN: what: NAME" with
 * exit code 1; an unreadable template, variables file or few-shot dataset is exit code 2.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "vs-cli.h"
#include "vs-cli-command.h"
#include "vs-cli-commands.h"
#include "vs-cli-table.h"
#include "vs-error.h"
#include "vs-project.h"
#include "vs-template-store.h"
#include "vs-template.h"

static const VsCliHelp render_help = {
  .name = "template render",
  .usage = "FILE [--vars VARS.json] [--json] [--project PROJECT]",
  .summary = "Render a template's messages with the variables in VARS.json",
  .details = "FILE is a template (.json, or .txt for one user message). "
             "Prints each message as a “role:” line and its content, with "
             "a blank line between messages. Missing variables and syntax "
             "errors are listed on stderr, one per line, with exit code 1.",
  .examples = "versus-cli template render classify.json --vars vars.json\n"
              "echo '{\"text\":\"I loved it\"}' | versus-cli template render classify.json "
              "--vars - --json\n"
              "versus-cli template render triage.json --vars ticket.json --project support.versus",
};

static int
template_render (int    argc,
                 char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&render_help);
  int parsed;
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

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 2)
    return vs_cli_usage_error ("template render", "expected one template FILE");

  if ((template = vs_cli_load_template (argv[1])) == NULL)
    return VS_CLI_EXIT_USAGE;
  if ((variables = vs_cli_load_variables (vars_path, TRUE)) == NULL)
    return VS_CLI_EXIT_USAGE;

  if (project_path != NULL)
    {
      project = vs_cli_open_project (project_path, VS_PROJECT_OPEN_READONLY);
      if (project == NULL)
        return VS_CLI_EXIT_USAGE;
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
      vs_cli_print_problems (error);
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

static const VsCliHelp vars_help = {
  .name = "template vars",
  .usage = "FILE [--all] [--json]",
  .summary = "List the variables a template needs",
  .details = "Prints the names a caller must supply, one per line, in order "
             "of first appearance: variables and sections used outside any "
             "section, dotted names by their first part. Syntax errors are "
             "listed on stderr with exit code 1.",
  .examples = "versus-cli template vars classify.json\n"
              "versus-cli template vars classify.json --all --json",
};

static int
template_vars (int    argc,
               char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&vars_help);
  int parsed;
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

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 2)
    return vs_cli_usage_error ("template vars", "expected one template FILE");

  if ((template = vs_cli_load_template (argv[1])) == NULL)
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

/* ------------------------------------------------------------------------------------------ */
/* Templates stored in a project                                                               */

static gint64
find_template (VsProject  *project,
               const char *name)
{
  gint64 id = vs_template_store_find (project, name);

  if (id == 0)
    vs_cli_error ("there is no template called “%s” in %s", name,
                  vs_project_get_path (project));
  return id;
}

/* Prints {"@member":[…]} on stdout, one element per item of @list added by @add_item. */
static void
print_json_list (const char *member,
                 GPtrArray  *list,
                 void      (*add_item) (JsonBuilder *, gconstpointer))
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < list->len; i++)
    add_item (builder, list->pdata[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  vs_cli_print_json (root);
}

static void
add_template_info (JsonBuilder   *builder,
                   gconstpointer  item)
{
  const VsTemplateInfo *info = item;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, info->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, info->name);
  json_builder_set_member_name (builder, "versions");
  json_builder_add_int_value (builder, info->n_versions);
  json_builder_set_member_name (builder, "head");
  if (info->head_number > 0)
    json_builder_add_int_value (builder, info->head_number);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, info->created_at);
  json_builder_set_member_name (builder, "updated_at");
  json_builder_add_string_value (builder, info->updated_at);
  json_builder_end_object (builder);
}

static void
add_version_info (JsonBuilder   *builder,
                  gconstpointer  item)
{
  const VsTemplateVersionInfo *info = item;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "number");
  json_builder_add_int_value (builder, info->number);
  json_builder_set_member_name (builder, "note");
  json_builder_add_string_value (builder, info->note);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, info->created_at);
  json_builder_end_object (builder);
}

static const VsCliHelp list_help = {
  .name = "template list",
  .usage = "PROJECT [--json]",
  .summary = "List the templates stored in a project",
  .details = "Prints a table: each template's name, how many versions it has, its head "
             "version and when its draft last changed; --json prints {\"templates\":[{id, name, "
             "versions, head, created_at, updated_at}, …]}.",
  .examples = "versus-cli template list support.versus\n"
              "versus-cli template list support.versus --json",
};

static int
template_list (int    argc,
               char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&list_help);
  g_autoptr(VsCliTable) table = NULL;
  int parsed;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print {\"templates\":[…]} on stdout", NULL },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 2)
    return vs_cli_usage_error ("template list", "expected one PROJECT");
  if ((project = vs_cli_open_project (argv[1], VS_PROJECT_OPEN_READONLY)) == NULL)
    return VS_CLI_EXIT_USAGE;
  if ((list = vs_template_store_list (project, NULL, &error)) == NULL)
    return vs_cli_fail (error);

  if (json)
    {
      print_json_list ("templates", list, add_template_info);
      return VS_CLI_EXIT_OK;
    }

  table = vs_cli_table_new ("NAME", ">VERSIONS", ">HEAD", "UPDATED", NULL);
  for (guint i = 0; i < list->len; i++)
    {
      VsTemplateInfo *info = list->pdata[i];
      g_autofree char *versions = g_strdup_printf ("%d", info->n_versions);
      g_autofree char *head = info->head_number > 0 ? g_strdup_printf ("%d", info->head_number)
                                                    : NULL;

      vs_cli_table_add_row (table, info->name, versions, head, info->updated_at);
    }
  vs_cli_table_print (table, stdout);
  return VS_CLI_EXIT_OK;
}

static const VsCliHelp versions_help = {
  .name = "template versions",
  .usage = "PROJECT NAME [--json]",
  .summary = "List a stored template's versions, newest first",
  .details = "Prints a table: each version's number, when it was saved and its note; --json "
             "prints {\"versions\":[{number, note, created_at}, …]}.",
  .examples = "versus-cli template versions support.versus Triage\n"
              "versus-cli template versions support.versus Triage --json",
};

static int
template_versions (int    argc,
                   char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&versions_help);
  g_autoptr(VsCliTable) table = NULL;
  int parsed;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  gint64 id;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print {\"versions\":[…]} on stdout", NULL },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 3)
    return vs_cli_usage_error ("template versions", "expected PROJECT and a template NAME");
  if ((project = vs_cli_open_project (argv[1], VS_PROJECT_OPEN_READONLY)) == NULL ||
      (id = find_template (project, argv[2])) == 0)
    return VS_CLI_EXIT_USAGE;
  if ((list = vs_template_store_list_versions (project, id, &error)) == NULL)
    return vs_cli_fail (error);

  if (json)
    {
      print_json_list ("versions", list, add_version_info);
      return VS_CLI_EXIT_OK;
    }

  table = vs_cli_table_new (">VERSION", "CREATED", "NOTE", NULL);
  for (guint i = 0; i < list->len; i++)
    {
      VsTemplateVersionInfo *info = list->pdata[i];
      g_autofree char *number = g_strdup_printf ("%d", info->number);

      vs_cli_table_add_row (table, number, info->created_at, info->note);
    }
  vs_cli_table_print (table, stdout);
  return VS_CLI_EXIT_OK;
}

static gint64
version_id (VsProject  *project,
            gint64      template_id,
            const char *number_text)
{
  guint64 number = 0;
  gint64 id = 0;

  if (g_ascii_string_to_unsigned (number_text, 10, 1, G_MAXINT, &number, NULL))
    id = vs_template_store_find_version (project, template_id, (gint) number);
  if (id == 0)
    vs_cli_error ("the template has no version “%s”", number_text);
  return id;
}

static const VsCliHelp diff_help = {
  .name = "template diff",
  .usage = "PROJECT NAME [OLD NEW] [-U N]",
  .summary = "Show what changed between two versions of a stored template",
  .details = "OLD and NEW are version numbers; without them, the head "
             "version is compared with the draft. Prints a unified diff per "
             "changed message, then parameters and few-shot block.",
  .examples = "versus-cli template diff support.versus Triage\n"
              "versus-cli template diff support.versus Triage 1 2 -U 1",
};

static int
template_diff (int    argc,
               char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&diff_help);
  int parsed;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(VsTemplateDiff) diff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  int context_lines = 3;
  gint64 id, old_id, new_id;
  const GOptionEntry entries[] = {
    { "context", 'U', 0, G_OPTION_ARG_INT, &context_lines, "Lines of context (default 3)", "N" },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if ((argc != 3 && argc != 5) || context_lines < 0)
    return vs_cli_usage_error ("template diff", "expected PROJECT NAME, optionally OLD NEW");
  if ((project = vs_cli_open_project (argv[1], VS_PROJECT_OPEN_READONLY)) == NULL ||
      (id = find_template (project, argv[2])) == 0)
    return VS_CLI_EXIT_USAGE;

  if (argc == 3)
    diff = vs_template_store_diff_draft (project, id, &error);
  else
    {
      if ((old_id = version_id (project, id, argv[3])) == 0 ||
          (new_id = version_id (project, id, argv[4])) == 0)
        return VS_CLI_EXIT_USAGE;
      diff = vs_template_store_diff (project, old_id, new_id, &error);
    }
  if (diff == NULL)
    return vs_cli_fail (error);

  text = vs_template_diff_to_unified (diff, context_lines);
  fputs (text, stdout);
  /* Nothing on stdout (as diff(1)), and a sentence for the person reading. */
  if (text[0] == '\0')
    {
      if (argc == 3)
        fprintf (stderr, "No differences between the head version and the draft of “%s”.\n",
                 argv[2]);
      else
        fprintf (stderr, "No differences between versions %s and %s of “%s”.\n", argv[3],
                 argv[4], argv[2]);
    }
  return VS_CLI_EXIT_OK;
}

static const VsCliHelp import_help = {
  .name = "template import",
  .usage = "PROJECT FILE…",
  .summary = "Add template files (.json, .txt) to a project as drafts",
  .details = "Prints each imported template's name on stdout, one per line, and how many were "
             "imported on stderr. Files before an unreadable or malformed one stay imported "
             "(exit code 2).",
  .examples = "versus-cli template import support.versus classify.json greet.txt",
};

static int
template_import (int    argc,
                 char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&import_help);
  int parsed;
  g_autoptr(VsProject) project = NULL;

  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc < 3)
    return vs_cli_usage_error ("template import", "expected PROJECT and at least one FILE");
  if ((project = vs_cli_open_project (argv[1], VS_PROJECT_OPEN_EXISTING)) == NULL)
    return VS_CLI_EXIT_USAGE;

  for (int i = 2; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VsTemplateInfo) info = NULL;
      gint64 id = vs_template_store_import (project, argv[i], &error);

      if (id == 0 || (info = vs_template_store_get_info (project, id, &error)) == NULL)
        {
          /* Files before it stay imported; an unreadable or malformed file is exit 2. */
          vs_cli_error ("%s", error->message);
          return VS_CLI_EXIT_USAGE;
        }
      printf ("%s\n", info->name);
    }
  fflush (stdout);
  fprintf (stderr, "Imported %d template%s into %s as drafts.\n", argc - 2,
           argc - 2 == 1 ? "" : "s", argv[1]);
  return VS_CLI_EXIT_OK;
}

static const VsCliHelp export_help = {
  .name = "template export",
  .usage = "PROJECT NAME FILE [--version N]",
  .summary = "Write a stored template's draft or a version to a .json or .txt file",
  .examples = "versus-cli template export support.versus Triage triage.json\n"
              "versus-cli template export support.versus Triage triage-v1.json --version 1",
};

static int
template_export (int    argc,
                 char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&export_help);
  int parsed;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(GError) error = NULL;
  int number = 0;
  gint64 id;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_INT, &number, "Write this version instead of the draft",
      "N" },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 4)
    return vs_cli_usage_error ("template export", "expected PROJECT NAME FILE");
  if ((project = vs_cli_open_project (argv[1], VS_PROJECT_OPEN_READONLY)) == NULL ||
      (id = find_template (project, argv[2])) == 0)
    return VS_CLI_EXIT_USAGE;

  if (number > 0)
    {
      g_autoptr(VsTemplate) template = NULL;
      g_autofree char *number_text = g_strdup_printf ("%d", number);
      gint64 vid = version_id (project, id, number_text);

      if (vid == 0)
        return VS_CLI_EXIT_USAGE;
      template = vs_template_store_load_version (project, vid, NULL, &error);
      if (template == NULL || !vs_template_save_to_file (template, argv[3], &error))
        return vs_cli_fail (error);
      return VS_CLI_EXIT_OK;
    }

  if (!vs_template_store_export (project, id, argv[3], &error))
    return vs_cli_fail (error);
  return VS_CLI_EXIT_OK;
}

static const VsCliHelp save_version_help = {
  .name = "template save-version",
  .usage = "PROJECT NAME [--note TEXT]",
  .summary = "Save a stored template's draft as its next version",
  .details = "Prints the new version's number on stdout and “Saved version N of NAME” on "
             "stderr.",
  .examples = "versus-cli template save-version support.versus Triage --note \"Shorter system "
              "prompt\"",
};

static int
template_save_version (int    argc,
                       char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&save_version_help);
  int parsed;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(VsTemplateVersionInfo) version = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  gint64 id;
  const GOptionEntry entries[] = {
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, "What changed, for the history", "TEXT" },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 3)
    return vs_cli_usage_error ("template save-version", "expected PROJECT and a template NAME");
  if ((project = vs_cli_open_project (argv[1], VS_PROJECT_OPEN_EXISTING)) == NULL ||
      (id = find_template (project, argv[2])) == 0)
    return VS_CLI_EXIT_USAGE;

  version = vs_template_store_save_version (project, id, note, &error);
  if (version == NULL)
    return vs_cli_fail (error);
  /* The number alone on stdout, for scripts; the sentence on stderr. */
  printf ("%d\n", version->number);
  fflush (stdout);
  fprintf (stderr, "Saved version %d of “%s”.\n", version->number, argv[2]);
  return VS_CLI_EXIT_OK;
}

const VsCliHelp vs_cli_template_help = {
  .name = "template",
  .summary = "Render prompt templates and manage the templates stored in a project",
  .details = "Problems are printed on stderr as “messages[I] LINE:COLUMN: what is wrong: NAME” "
             "(exit code 1); an unreadable file is exit code 2.",
  .examples = "versus-cli template render classify.json --vars vars.json\n"
              "versus-cli template list support.versus\n"
              "versus-cli template diff support.versus Triage",
};

static const VsCliSubcommand template_commands[] = {
  { &render_help, template_render },
  { &vars_help, template_vars },
  { &list_help, template_list },
  { &versions_help, template_versions },
  { &diff_help, template_diff },
  { &import_help, template_import },
  { &export_help, template_export },
  { &save_version_help, template_save_version },
};

int
vs_cli_template_main (int    argc,
                      char **argv)
{
  return vs_cli_dispatch (&vs_cli_template_help, template_commands,
                          G_N_ELEMENTS (template_commands), argc, argv);
}
