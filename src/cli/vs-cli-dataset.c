/* vs-cli-dataset.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli dataset import PROJECT FILE [--name NAME] [--format csv|tsv|jsonl|json] [--json]
 * versus-cli dataset list PROJECT [--json]
 * versus-cli dataset snapshot|export … (vs-cli-dataset-versions.c)
 * versus-cli dataset validate FILE [--model M | --encoding E] [--project P] [--json]
 * versus-cli dataset stats IN [--model M | --encoding E] [--project P] [--json]
 * versus-cli dataset convert IN -o OUT [--format csv|tsv|jsonl|json] [--to NAME] [--map SPEC]
 * versus-cli dataset split IN --train P --validation P --test P [--seed N] [--stratify FIELD]
 *                          [--to NAME] [--map SPEC] [--no-leaks] -o DIR
 * versus-cli dataset dedupe IN -o OUT [--near THRESHOLD]
 * versus-cli dataset search PROJECT DATASET QUERY … (vs-cli-dataset-search.c)
 * Convert and split write through the export engine (vs-dataset-export.h); dedupe reads IN
 * with the reader and writes JSONL rows as read.
 * Import prints a summary (and every skipped record's line and reason on stderr); exit 1 when
 * the file had problems, 2 when it (or the project) cannot be read.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vs-cli.h"
#include "vs-cli-command.h"
#include "vs-cli-commands.h"
#include "vs-cli-table.h"
#include "vs-dataset-cost.h"
#include "vs-dataset-export.h"
#include "vs-dataset-import.h"
#include "vs-dataset-split.h"
#include "vs-dataset-steps.h"
#include "vs-dataset-mapping.h"
#include "vs-dataset-reader.h"
#include "vs-dataset-store.h"
#include "vs-dataset-validate.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-project.h"

/* How many problems an import lists (stderr, or "first_problems" in --json). */
#define MAX_LISTED_PROBLEMS 100

static void
show_progress (goffset  bytes_read,
               goffset  total_bytes,
               gint64   n_records,
               gpointer user_data)
{
  if (total_bytes > 0)
    fprintf (stderr, "\r%" G_GINT64_FORMAT " records, %.0f%%", n_records,
             100.0 * bytes_read / total_bytes);
  else
    fprintf (stderr, "\r%" G_GINT64_FORMAT " records", n_records);
  fflush (stderr);
}

/* The first problems of @dataset_id as a JSON array, and on stderr when @print. */
static JsonNode *
list_problems (VsProject  *project,
               const char *file,
               gint64      dataset_id,
               gboolean    print)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  problems = vs_dataset_get_import_problems (project, dataset_id, MAX_LISTED_PROBLEMS, NULL);
  for (guint i = 0; problems && i < problems->len; i++)
    {
      VsDatasetProblem *problem = g_ptr_array_index (problems, i);
      JsonObject *object = json_object_new ();

      if (problem->ordinal > 0)
        json_object_set_int_member (object, "ordinal", problem->ordinal);
      else
        json_object_set_null_member (object, "ordinal");
      json_object_set_int_member (object, "line", problem->line);
      json_object_set_int_member (object, "column", problem->column);
      json_object_set_string_member (object, "key", problem->key);
      json_object_set_string_member (object, "message", problem->message);
      json_array_add_object_element (array, object);
      if (print)
        fprintf (stderr, "%s: %s\n", file, problem->message);
    }
  json_node_set_array (node, array);
  return node;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The text of --map SPEC: inline JSON when it starts with '{', else a file holding it. */
static char *
load_mapping_text (const char *spec,
                   GError    **error)
{
  const char *p = spec;
  char *contents = NULL;

  while (g_ascii_isspace (*p))
    p++;
  if (*p == '{')
    return g_strdup (spec);
  if (!g_file_get_contents (spec, &contents, NULL, error))
    return NULL;
  return contents;
}

/* {"records", "mapped", "failed", "errors": ["Row N: …", …]} */
static JsonNode *
map_result_json (const VsDatasetMapResult *result)
{
  JsonObject *object = json_object_new ();
  JsonArray *errors = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; i < result->errors->len; i++)
    json_array_add_string_element (errors, g_ptr_array_index (result->errors, i));
  json_object_set_int_member (object, "records", result->n_records);
  json_object_set_int_member (object, "mapped", result->n_mapped);
  json_object_set_int_member (object, "failed", result->n_failed);
  json_object_set_array_member (object, "errors", errors);
  json_node_take_object (node, object);
  return node;
}

static const VsCliHelp import_help = {
  .name = "dataset import",
  .usage = "PROJECT FILE [--name NAME] [--format csv|tsv|jsonl|json] [--map SPEC] [--json]",
  .summary = "Read a CSV, TSV, JSONL or JSON file into a new dataset",
  .details = "Reads FILE record by record into a new dataset in PROJECT "
             "(created when it does not exist). "
             "Records that cannot be read are skipped and reported with "
             "their line, column and reason; the others keep their "
             "position (ordinal) in the file. With --map, each record is "
             "then mapped to a chat example (a record that does not map "
             "is reported and keeps no example).\n\n"
             "Exit status: 0 imported without problems, 1 problems were "
             "found (see stderr), 2 usage error or unreadable file.",
  .examples = "versus-cli dataset import support.versus tickets.csv --name Tickets\n"
              "versus-cli dataset import support.versus chats.jsonl --json",
};

static int
dataset_import (int    argc,
                char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&import_help);
  int parsed;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(VsDatasetImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsDatasetMapResult) mapped = NULL;
  g_autofree char *name = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *map = NULL;
  g_autofree char *mapping_text = NULL;
  VsDatasetImportOptions options = { 0 };
  gboolean json = FALSE;
  gboolean tty;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name,
      "The dataset's name (default: the file name without extension; a name the project "
      "has already gets \" 2\", \" 3\", …)", "NAME" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      "csv, tsv, jsonl or json (default: from the extension and the content)", "FORMAT" },
    { "map", 0, 0, G_OPTION_ARG_STRING, &map,
      "Map each record to a chat example, as the wizard's Map step does: JSON inline or a "
      "file holding it", "SPEC" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the summary as JSON on stdout", NULL },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 3)
    return vs_cli_usage_error ("dataset import", "expected a PROJECT and a FILE");
  if (map != NULL)
    {
      g_autoptr(VsDatasetMapping) mapping = NULL;

      mapping_text = load_mapping_text (map, &error);
      if (mapping_text != NULL)
        mapping = vs_dataset_mapping_new_from_data (mapping_text, -1, &error);
      if (mapping == NULL)
        {
          vs_cli_error ("--map: %s", error->message);
          return VS_CLI_EXIT_USAGE;
        }
    }
  if (format_name != NULL &&
      (!vs_dataset_format_from_string (format_name, &options.format) ||
       options.format == VS_DATASET_FORMAT_AUTO))
    return vs_cli_usage_error ("dataset import",
                               "unknown format “%s” (use csv, tsv, jsonl or json)",
                               format_name);
  options.name = name;

  if (!g_file_test (argv[2], G_FILE_TEST_IS_REGULAR))
    {
      vs_cli_error ("cannot read “%s”: %s", argv[2],
                    g_file_test (argv[2], G_FILE_TEST_EXISTS) ? "it is not a file"
                                                             : "no such file");
      return VS_CLI_EXIT_USAGE;
    }

  project = vs_cli_open_project (argv[1], VS_PROJECT_OPEN_CREATE);
  if (project == NULL)
    return VS_CLI_EXIT_USAGE;

  tty = !json && isatty (STDERR_FILENO);
  summary = vs_dataset_import_sync (project, argv[2], &options, NULL,
                                    tty ? show_progress : NULL, NULL, &error);
  if (tty)
    fprintf (stderr, "\r\033[K");
  if (summary == NULL)
    {
      if (error->domain == G_IO_ERROR)
        {
          vs_cli_error ("cannot read “%s”: %s", argv[2], error->message);
          return VS_CLI_EXIT_USAGE;
        }
      return vs_cli_fail (error);
    }
  if (mapping_text != NULL)
    {
      mapped = vs_dataset_map_sync (project, summary->dataset_id, mapping_text, NULL, NULL,
                                    &error);
      if (mapped == NULL)
        return vs_cli_fail (error);
      for (guint i = 0; !json && i < mapped->errors->len; i++)
        fprintf (stderr, "%s: %s\n", argv[2], (const char *) g_ptr_array_index (mapped->errors, i));
    }

  if (json)
    {
      g_autoptr(JsonNode) root = vs_dataset_import_summary_to_json (summary);

      json_object_set_member (json_node_get_object (root), "first_problems",
                              list_problems (project, argv[2], summary->dataset_id, FALSE));
      if (mapped != NULL)
        json_object_set_member (json_node_get_object (root), "mapping",
                                map_result_json (mapped));
      vs_cli_print_json (root);
    }
  else
    {
      g_autoptr(JsonNode) problems = list_problems (project, argv[2], summary->dataset_id, TRUE);
      g_autofree gpointer *keys = g_hash_table_get_keys_as_array (summary->problems_by_key,
                                                                  NULL);

      if (summary->n_problems > MAX_LISTED_PROBLEMS)
        fprintf (stderr, "%s: … and %" G_GINT64_FORMAT " more problems\n", argv[2],
                 summary->n_problems - MAX_LISTED_PROBLEMS);
      printf ("Dataset:   %s (id %" G_GINT64_FORMAT ", %s)\n", summary->name,
              summary->dataset_id, summary->format);
      printf ("Records:   %" G_GINT64_FORMAT "\n", summary->n_records);
      printf ("Problems:  %" G_GINT64_FORMAT "\n", summary->n_problems);
      g_qsort_with_data (keys, g_hash_table_size (summary->problems_by_key), sizeof (gpointer),
                         compare_keys, NULL);
      for (guint i = 0; keys[i] != NULL; i++)
        printf ("  %-18s %d\n", (const char *) keys[i],
                GPOINTER_TO_INT (g_hash_table_lookup (summary->problems_by_key, keys[i])));
      printf ("Columns:   ");
      for (guint i = 0; summary->columns[i]; i++)
        printf ("%s%s", i ? ", " : "", summary->columns[i]);
      printf ("\n");
      printf ("Read:      %" G_GINT64_FORMAT " bytes in %.2f s (%.0f records/s)\n",
              (gint64) summary->bytes, summary->seconds,
              summary->seconds > 0 ? summary->n_records / summary->seconds : 0.0);
      if (mapped != NULL)
        printf ("Mapped:    %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " records (%"
                G_GINT64_FORMAT " failed)\n", mapped->n_mapped, mapped->n_records,
                mapped->n_failed);
    }

  return summary->n_problems > 0 || (mapped != NULL && mapped->n_failed > 0)
         ? VS_CLI_EXIT_PROBLEMS : VS_CLI_EXIT_OK;
}

static const VsCliHelp list_help = {
  .name = "dataset list",
  .usage = "PROJECT [--json]",
  .summary = "List the project's datasets",
  .details = "Lists each dataset with its records, import problems, "
             "snapshots, format, source file and columns.",
  .examples = "versus-cli dataset list support.versus\n"
              "versus-cli dataset list support.versus --json",
};

static int
dataset_list (int    argc,
              char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&list_help);
  g_autoptr(VsCliTable) table = NULL;
  int parsed;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(GPtrArray) datasets = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print a JSON array on stdout", NULL },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 2)
    return vs_cli_usage_error ("dataset list", "expected one PROJECT");

  project = vs_cli_open_project (argv[1], VS_PROJECT_OPEN_READONLY);
  if (project == NULL)
    return VS_CLI_EXIT_USAGE;

  datasets = vs_dataset_list (project, &error);
  if (datasets == NULL)
    return vs_cli_fail (error);

  table = vs_cli_table_new (">ID", "NAME", "FORMAT", ">RECORDS", ">PROBLEMS", ">SNAPSHOTS",
                            "SOURCE", NULL);
  for (guint i = 0; i < datasets->len; i++)
    {
      VsDatasetInfo *info = g_ptr_array_index (datasets, i);

      if (json)
        {
          JsonObject *object = json_object_new ();
          JsonArray *columns = json_array_new ();

          for (guint c = 0; info->columns[c]; c++)
            json_array_add_string_element (columns, info->columns[c]);
          json_object_set_int_member (object, "id", info->id);
          json_object_set_string_member (object, "name", info->name);
          json_object_set_string_member (object, "format", info->format);
          json_object_set_string_member (object, "source_path", info->source_path);
          json_object_set_int_member (object, "records", info->n_records);
          json_object_set_int_member (object, "problems", info->n_problems);
          json_object_set_array_member (object, "columns", columns);
          json_object_set_string_member (object, "created_at", info->created_at);
          json_object_set_string_member (object, "import_state", info->import_state);
          json_object_set_int_member (object, "snapshots", info->n_snapshots);
          json_array_add_object_element (array, object);
        }
      else
        {
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, info->id);
          g_autofree char *records = g_strdup_printf ("%" G_GINT64_FORMAT, info->n_records);
          g_autofree char *problems = g_strdup_printf ("%" G_GINT64_FORMAT, info->n_problems);
          g_autofree char *snapshots = g_strdup_printf ("%" G_GINT64_FORMAT, info->n_snapshots);
          g_autofree char *source =
            g_strdup_printf ("%s%s", info->source_path ? info->source_path : "-",
                             g_strcmp0 (info->import_state, "cancelled") == 0
                               ? " (import cancelled)" : "");

          vs_cli_table_add_row (table, id, info->name, info->format, records, problems,
                                snapshots, source);
        }
    }

  if (json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (root, array);
      vs_cli_print_json (root);
    }
  else
    vs_cli_table_print (table, stdout);
  return VS_CLI_EXIT_OK;
}

/* The mapping from --map: inline JSON when it starts with '{', else a file holding it. */
static VsDatasetMapping *
load_mapping (const char *spec,
              GError    **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  const char *p = spec;

  while (g_ascii_isspace (*p))
    p++;
  if (*p == '{')
    return vs_dataset_mapping_new_from_data (spec, -1, error);
  if (!g_file_get_contents (spec, &contents, &length, error))
    return NULL;
  return vs_dataset_mapping_new_from_data (contents, length, error);
}

/* Export notes (skipped rows, rows the reader could not read, leaks) on stderr in the
 * reader's form: PATH: line L[, column C]: message. */
static void
print_export_note (const VsDatasetExportNote *note,
                   gpointer                   user_data)
{
  fprintf (stderr, "%s: %s\n", (const char *) user_data, note->message);
}

/* The --to name, or a usage error. */
static gboolean
parse_export_format (const char     *command,
                     const char     *to,
                     VsExportFormat *format,
                     int            *status)
{
  const VsExportFormatInfo *info = vs_dataset_export_format_lookup (to != NULL ? to : "jsonl");

  if (info == NULL)
    {
      *status = vs_cli_usage_error (command, "unknown output format “%s” (use %s)", to,
                                    vs_dataset_export_format_names ());
      return FALSE;
    }
  *format = info->format;
  return TRUE;
}

static void
print_companions (const VsDatasetExportSummary *summary)
{
  for (guint i = 0; i < summary->files->len; i++)
    {
      VsDatasetExportFile *file = g_ptr_array_index (summary->files, i);

      if (file->n_examples < 0)
        printf ("%-11s %6s  %s\n", "companion", "-", file->path);
    }
}

static const VsCliHelp convert_help = {
  .name = "dataset convert",
  .usage = "IN -o OUT [--format csv|tsv|jsonl|json] [--to NAME] [--map SPEC]",
  .summary = "Convert a file to a fine-tuning format",
  .details = "Reads IN record by record and writes OUT in the format --to "
             "names:\n"
             "  jsonl              each record as one JSON object (keys in "
             "header order, values as read), or the mapped chat examples "
             "with --map\n"
             "  openai-chat        chat examples {\"messages\": […]}\n"
             "  openai-dpo         OpenAI preference lines {\"input\": "
             "{\"messages\"}, \"preferred_output\", \"non_preferred_output\"} "
             "from the chosen and rejected columns\n"
             "  prompt-completion  {\"prompt\", \"completion\"}: the "
             "messages before the last assistant reply, and that reply\n"
             "  alpaca             LLaMA-Factory Alpaca rows, and "
             "dataset_info.json beside OUT\n"
             "  sharegpt           LLaMA-Factory ShareGPT rows, and "
             "dataset_info.json (tags set) beside OUT\n"
             "  axolotl            chat examples, and NAME.axolotl.yml "
             "(NAME: OUT without its extension) with the datasets: "
             "entry\n"
             "  csv                RFC 4180: the records as read, or "
             "system,user,assistant with --map\n"
             "A mapping is a JSON object such as "
             "{\"system\": \"…\", \"user\": \"{{question}}\", "
             "\"assistant\": \"{{answer}}\", \"weight\": COLUMN, "
             "\"chosen\": COLUMN, \"rejected\": COLUMN, "
             "\"messages\": COLUMN, \"roles\": {\"human\": \"user\"}}; "
             "without one, the chat formats take the records' messages, "
             "ShareGPT conversations or Alpaca fields. A record the format "
             "cannot hold is skipped and reported.\n\n"
             "Exit status: 0 every record converted, 1 records were skipped "
             "(see stderr), 2 usage error or unreadable file.",
  .examples = "versus-cli dataset convert tickets.csv -o train.jsonl --to openai-chat --map "
              "mapping.json\n"
              "versus-cli dataset convert chats.jsonl -o alpaca.json --to alpaca",
};

static int
dataset_convert (int    argc,
                 char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&convert_help);
  int parsed;
  g_autoptr(VsDatasetMapping) mapping = NULL;
  g_autoptr(VsDatasetExportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *to = NULL;
  g_autofree char *map = NULL;
  VsDatasetExportOptions options = { 0 };
  int status;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The file to write", "OUT" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      "csv, tsv, jsonl or json (default: from the extension and the content)", "FORMAT" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to,
      "jsonl (default), openai-chat, openai-dpo, prompt-completion, alpaca, sharegpt, axolotl "
      "or csv", "NAME" },
    { "map", 0, 0, G_OPTION_ARG_STRING, &map,
      "The mapping to chat examples: JSON inline or a file holding it", "SPEC" },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 2)
    return vs_cli_usage_error ("dataset convert", "expected one input file IN");
  if (output == NULL)
    return vs_cli_usage_error ("dataset convert", "expected an output file (-o OUT)");
  if (format_name != NULL &&
      (!vs_dataset_format_from_string (format_name, &options.input_format) ||
       options.input_format == VS_DATASET_FORMAT_AUTO))
    return vs_cli_usage_error ("dataset convert",
                               "unknown format “%s” (use csv, tsv, jsonl or json)",
                               format_name);
  if (!parse_export_format ("dataset convert", to, &options.format, &status))
    return status;

  if (map != NULL)
    {
      mapping = load_mapping (map, &error);
      if (mapping == NULL)
        {
          vs_cli_error ("--map: %s", error->message);
          return VS_CLI_EXIT_USAGE;
        }
    }
  options.mapping = mapping;

  if (!g_file_test (argv[1], G_FILE_TEST_IS_REGULAR))
    {
      vs_cli_error ("cannot read “%s”: %s", argv[1],
                    g_file_test (argv[1], G_FILE_TEST_EXISTS) ? "it is not a file"
                                                             : "no such file");
      return VS_CLI_EXIT_USAGE;
    }

  summary = vs_dataset_export_file_sync (argv[1], output, &options, NULL, NULL,
                                         print_export_note, argv[1], &error);
  if (summary == NULL)
    {
      vs_cli_error ("cannot convert “%s” to “%s”: %s", argv[1], output, error->message);
      return VS_CLI_EXIT_USAGE;
    }
  print_companions (summary);
  if (isatty (STDERR_FILENO))
    fprintf (stderr, "%" G_GINT64_FORMAT " records written, %" G_GINT64_FORMAT " skipped\n",
             summary->n_written, summary->n_skipped + summary->n_unreadable);
  return summary->n_skipped + summary->n_unreadable > 0 ? VS_CLI_EXIT_PROBLEMS
                                                        : VS_CLI_EXIT_OK;
}

/* The cost line of validate and stats (nothing when the price is not known). */
static void
print_cost (const VsDatasetCost *cost)
{
  if (!cost->price_known)
    return;
  printf ("Cost:\n");
  printf ("  %-18s %" G_GINT64_FORMAT "\n", "epochs", cost->epochs);
  printf ("  %-18s %" G_GINT64_FORMAT "\n", "billable_tokens", cost->billable_tokens);
  printf ("  %-18s %g\n", "price_per_mtok", cost->price_per_mtok);
  printf ("  %-18s %.2f\n", "estimated_usd", cost->estimated_usd);
}

static const VsCliHelp validate_help = {
  .name = "dataset validate",
  .usage = "FILE [--model M | --encoding E] [--project P] [--json]",
  .summary = "Check a chat fine-tuning JSONL file (errors, warnings, tokens)",
  .details = "Checks every line of a chat JSONL file the way the OpenAI cookbook does (same "
             "keys, same counts), plus weights, tool calls and warnings (exact duplicates, and "
             "near duplicates at Jaccard 0.85 or more), and prints the token statistics of the "
             "examples without errors (and with --model, the estimated training cost). No "
             "project is needed.\n\n"
             "Exit status: 0 no errors (warnings allowed), 1 errors were found, 2 usage error "
             "or unreadable file.",
  .examples = "versus-cli dataset validate train.jsonl\n"
              "versus-cli dataset validate train.jsonl --model gpt-4o-mini --json",
};

static const VsCliHelp stats_help = {
  .name = "dataset stats",
  .usage = "IN [--model M | --encoding E] [--project P] [--json]",
  .summary = "Token statistics of a chat fine-tuning JSONL file",
  .details = "Counts the tokens of each example without errors (the OpenAI cookbook's count, "
             "exact tokenizer): total, assistant, min, max, mean, median, p10, p90 and the "
             "examples over the model's limit. With --model, the training cost as the OpenAI "
             "cookbook estimates it (default epochs, billable tokens capped at the limit) when "
             "the model's training price is known.\n\n"
             "Exit status: 0 counted, 2 usage error or unreadable file.",
  .examples = "versus-cli dataset stats train.jsonl\n"
              "versus-cli dataset stats train.jsonl --model gpt-4o-mini --project support.versus "
              "--json",
};

/* validate and stats: the file streamed through the reader (JSONL) into a validator. */
static int
dataset_check (int      argc,
               char   **argv,
               gboolean stats_only)
{
  const char *command = stats_only ? "dataset stats" : "dataset validate";
  g_autoptr(VsCliCommand) cli = vs_cli_command_new (stats_only ? &stats_help : &validate_help);
  int parsed;
  g_autoptr(VsDatasetReader) reader = NULL;
  g_autoptr(VsDatasetValidator) validator = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *model = NULL;
  g_autofree char *encoding_name = NULL;
  g_autofree char *project_path = NULL;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(JsonNode) cost = NULL;
  VsDatasetCost estimate = { 0 };
  VsEncoding encoding = VS_ENCODING_O200K_BASE;
  gint64 limit = VS_DATASET_TOKEN_LIMIT_DEFAULT;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_STRING, &model,
      "Count tokens and apply the example limit of this model (e.g. gpt-4o-mini)", "MODEL" },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding_name,
      "o200k_base (default) or cl100k_base", "ENCODING" },
    { "project", 0, 0, G_OPTION_ARG_FILENAME, &project_path,
      "Price the training with this project's price table (default: built-in list prices)",
      "PROJECT" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      stats_only ? "Print the statistics as JSON on stdout"
                 : "Print the summary, every problem and the statistics as JSON on stdout",
      NULL },
    { NULL }
  };

  vs_cli_command_add_entries (cli, NULL, entries);
  if ((parsed = vs_cli_command_parse (cli, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 2)
    return vs_cli_usage_error (command, "expected one FILE");
  if (model != NULL && encoding_name != NULL)
    return vs_cli_usage_error (command, "give --model or --encoding, not both");
  if (encoding_name != NULL && !vs_encoding_from_string (encoding_name, &encoding))
    return vs_cli_usage_error (command, "unknown encoding “%s” (use o200k_base or cl100k_base)",
                               encoding_name);
  if (model != NULL)
    {
      encoding = vs_encoding_for_model (model, NULL);
      limit = vs_dataset_token_limit_for_model (model);
    }

  if (!g_file_test (argv[1], G_FILE_TEST_IS_REGULAR))
    {
      vs_cli_error ("cannot read “%s”: %s", argv[1],
                    g_file_test (argv[1], G_FILE_TEST_EXISTS) ? "it is not a file"
                                                             : "no such file");
      return VS_CLI_EXIT_USAGE;
    }
  reader = vs_dataset_reader_new_for_path (argv[1], VS_DATASET_FORMAT_JSONL, &error);
  if (reader == NULL)
    {
      vs_cli_error ("cannot read “%s”: %s", argv[1], error->message);
      return VS_CLI_EXIT_USAGE;
    }
  if (project_path != NULL)
    {
      project = vs_cli_open_project (project_path, VS_PROJECT_OPEN_READONLY);
      if (project == NULL)
        return VS_CLI_EXIT_USAGE;
    }
  validator = vs_dataset_validator_new (vs_tokenizer_get_for_encoding (encoding), limit);
  if (stats_only)
    vs_dataset_validator_set_duplicate_checks (validator, FALSE, 0);

  /* the checks and token counts on one worker per core, results in line order */
  if (!vs_dataset_validator_add_reader (validator, reader, MAX (g_get_num_processors (), 1),
                                        NULL, &error))
    {
      vs_cli_error ("cannot read “%s”: %s", argv[1], error->message);
      return VS_CLI_EXIT_USAGE;
    }

  if (model != NULL)
    {
      vs_dataset_cost_estimate (project, model,
                                vs_dataset_validator_get_n_valid_examples (validator),
                                vs_dataset_validator_get_billable_tokens (validator), 0,
                                &estimate);
      cost = vs_dataset_cost_to_json (&estimate);
    }

  if (stats_only)
    {
      g_autoptr(JsonNode) stats = vs_dataset_validator_stats_to_json (validator);

      if (json && cost != NULL)
        json_object_set_member (json_node_get_object (stats), "cost", g_steal_pointer (&cost));
      if (json)
        vs_cli_print_json (stats);
      else
        {
          JsonObject *object = json_node_get_object (stats);
          JsonObjectIter iter;
          const char *name;
          JsonNode *value;

          printf ("Examples:  %" G_GINT64_FORMAT " (%" G_GINT64_FORMAT " without errors)\n",
                  vs_dataset_validator_get_n_examples (validator),
                  vs_dataset_validator_get_n_valid_examples (validator));
          json_object_iter_init_ordered (&iter, object);
          while (json_object_iter_next_ordered (&iter, &name, &value))
            {
              g_autofree char *text = vs_json_to_string (value, FALSE);

              printf ("  %-18s %s\n", name, text);
            }
          print_cost (&estimate);
        }
      return VS_CLI_EXIT_OK;
    }

  if (json)
    {
      g_autoptr(JsonNode) root = vs_dataset_validator_to_json (validator);

      if (cost != NULL)
        json_object_set_member (json_node_get_object (root), "cost", g_steal_pointer (&cost));
      vs_cli_print_json (root);
    }
  else
    {
      GPtrArray *problems = vs_dataset_validator_get_problems (validator);
      g_autoptr(JsonNode) root = vs_dataset_validator_to_json (validator);
      JsonObject *object = json_node_get_object (root);
      const char *sections[] = { "errors", "warnings", "stats" };

      for (guint i = 0; i < problems->len && i < MAX_LISTED_PROBLEMS; i++)
        {
          VsDatasetCheck *check = g_ptr_array_index (problems, i);

          fprintf (stderr, "%s: %s: %s [%s]\n", argv[1], check->is_error ? "error" : "warning",
                   check->message, check->key);
        }
      if (problems->len > MAX_LISTED_PROBLEMS)
        fprintf (stderr, "%s: … and %u more problems\n", argv[1],
                 problems->len - MAX_LISTED_PROBLEMS);
      printf ("Examples:  %" G_GINT64_FORMAT " (%" G_GINT64_FORMAT " without errors)\n",
              vs_dataset_validator_get_n_examples (validator),
              vs_dataset_validator_get_n_valid_examples (validator));
      for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
        {
          JsonObject *section = json_object_get_object_member (object, sections[s]);
          JsonObjectIter iter;
          const char *name;
          JsonNode *value;

          printf ("%c%s:\n", g_ascii_toupper (sections[s][0]), sections[s] + 1);
          json_object_iter_init_ordered (&iter, section);
          while (json_object_iter_next_ordered (&iter, &name, &value))
            {
              g_autofree char *text = vs_json_to_string (value, FALSE);

              printf ("  %-34s %s\n", name, text);
            }
        }
      print_cost (&estimate);
    }

  return vs_dataset_validator_get_n_errors (validator) > 0 ? VS_CLI_EXIT_PROBLEMS
                                                           : VS_CLI_EXIT_OK;
}

static int
dataset_validate (int    argc,
                  char **argv)
{
  return dataset_check (argc, argv, FALSE);
}

static int
dataset_stats (int    argc,
               char **argv)
{
  return dataset_check (argc, argv, TRUE);
}

/* Reads IN row by row for split and dedupe: problems go to stderr in the reader's form
 * (PATH: line L, column C: message), @func gets each row. Returns -1 when the whole file was
 * read, else the exit status; @n_problems counts what the reader reported. */
typedef void (*RowFunc) (JsonObject              *row,
                         const VsDatasetPosition *position,
                         gpointer                 user_data);

static int
read_rows (const char *command,
           const char *path,
           const char *format_name,
           RowFunc     func,
           gpointer    user_data,
           guint64    *n_problems)
{
  g_autoptr(VsDatasetReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  VsDatasetFormat format = VS_DATASET_FORMAT_AUTO;

  *n_problems = 0;
  if (format_name != NULL &&
      (!vs_dataset_format_from_string (format_name, &format) ||
       format == VS_DATASET_FORMAT_AUTO))
    return vs_cli_usage_error (command, "unknown format “%s” (use csv, tsv, jsonl or json)",
                               format_name);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      vs_cli_error ("cannot read “%s”: %s", path,
                    g_file_test (path, G_FILE_TEST_EXISTS) ? "it is not a file"
                                                           : "no such file");
      return VS_CLI_EXIT_USAGE;
    }
  reader = vs_dataset_reader_new_for_path (path, format, &error);
  if (reader == NULL)
    {
      vs_cli_error ("cannot read “%s”: %s", path, error->message);
      return VS_CLI_EXIT_USAGE;
    }

  for (;;)
    {
      VsDatasetPosition position;
      g_autoptr(JsonObject) row = vs_dataset_reader_next (reader, &position, NULL, &error);
      g_autoptr(GPtrArray) problems = vs_dataset_reader_take_problems (reader);

      for (guint i = 0; problems && i < problems->len; i++)
        {
          VsDatasetProblem *problem = g_ptr_array_index (problems, i);

          fprintf (stderr, "%s: %s\n", path, problem->message);
          (*n_problems)++;
        }
      if (row == NULL)
        break;
      func (row, &position, user_data);
    }
  if (error != NULL)
    {
      vs_cli_error ("cannot read “%s”: %s", path, error->message);
      return VS_CLI_EXIT_USAGE;
    }
  return -1;
}

static gboolean
write_lines (const char  *path,
             GPtrArray   *lines,
             const guint8 *parts,
             int          part,
             gsize       *n_written)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  *n_written = 0;
  for (guint i = 0; i < lines->len; i++)
    if (part < 0 || parts[i] == part)
      {
        g_string_append (out, g_ptr_array_index (lines, i));
        g_string_append_c (out, '\n');
        (*n_written)++;
      }
  if (!g_file_set_contents (path, out->str, out->len, &error))
    {
      vs_cli_error ("cannot write “%s”: %s", path, error->message);
      return FALSE;
    }
  return TRUE;
}

static const VsCliHelp split_help = {
  .name = "dataset split",
  .usage = "IN --train P --validation P --test P [--seed N] [--stratify FIELD] [--to NAME] "
           "[--map SPEC] [--no-leaks] -o DIR",
  .summary = "Shuffle a file with a seed into train, validation and test files",
  .details = "Shuffles the rows of IN with a seed and writes them to "
             "DIR/train.EXT, DIR/validation.EXT and DIR/test.EXT in the "
             "format --to names (jsonl: each row as read with its keys in "
             "source order; the others as dataset convert writes them, "
             "with their companion files in DIR naming all three). The "
             "sizes are percentages that add up to 100; counts are rounded "
             "by the largest remainder so they add up to the rows read. The "
             "same seed gives the same split on any machine.\n\n"
             "Leak check: an example whose text (whitespace collapsed) is "
             "the same as, or nearly the same as, an earlier example's in "
             "another split is reported on stderr; --no-leaks moves it "
             "into the earlier example's split instead.\n\n"
             "Exit status: 0 written, 1 written but rows were skipped (see "
             "stderr), 2 usage error or unreadable file.",
  .examples = "versus-cli dataset split chats.jsonl --train 80 --validation 10 --test 10 -o "
              "splits\n"
              "versus-cli dataset split tickets.csv --train 70 --validation 15 --test 15 "
              "--stratify label --to openai-chat --map mapping.json --no-leaks -o splits",
};

static int
dataset_split (int    argc,
               char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&split_help);
  int parsed;
  g_autoptr(VsDatasetMapping) mapping = NULL;
  g_autoptr(VsDatasetExportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *to = NULL;
  g_autofree char *map = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *stratify = NULL;
  g_autofree char *seed_text = NULL;
  gint train = -1, validation = -1, test = -1;
  gboolean no_leaks = FALSE;
  double leak_near = 0.85;
  VsDatasetExportOptions options = { 0 };
  int status;
  const GOptionEntry entries[] = {
    { "train", 0, 0, G_OPTION_ARG_INT, &train, "Percentage for training", "P" },
    { "validation", 0, 0, G_OPTION_ARG_INT, &validation, "Percentage for validation", "P" },
    { "test", 0, 0, G_OPTION_ARG_INT, &test, "Percentage for test", "P" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text,
      "Seed of the shuffle, 0 … 2^64-1 (default: 42)", "N" },
    { "stratify", 0, 0, G_OPTION_ARG_STRING, &stratify,
      "Split each value of FIELD by the same percentages", "FIELD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to,
      "Output format: jsonl (default), openai-chat, openai-dpo, prompt-completion, alpaca, "
      "sharegpt, axolotl or csv (see dataset convert --help)", "NAME" },
    { "map", 0, 0, G_OPTION_ARG_STRING, &map,
      "The mapping to chat examples: JSON inline or a file holding it", "SPEC" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      "csv, tsv, jsonl or json (default: from the extension and the content)", "FORMAT" },
    { "no-leaks", 0, 0, G_OPTION_ARG_NONE, &no_leaks,
      "Move each example found in two splits into the split of its first occurrence", NULL },
    { "leak-near", 0, 0, G_OPTION_ARG_DOUBLE, &leak_near,
      "Jaccard similarity of word 3-grams from which two examples count as the same for the "
      "leak check (0 < T ≤ 1, default 0.85; 0: identical text only)", "T" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &dir,
      "Directory for train.EXT, validation.EXT and test.EXT", "DIR" },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 2)
    return vs_cli_usage_error ("dataset split", "expected one IN file");
  if (dir == NULL)
    return vs_cli_usage_error ("dataset split", "-o DIR is required");
  if (train < 0 || validation < 0 || test < 0)
    return vs_cli_usage_error ("dataset split",
                               "--train, --validation and --test are required and cannot be "
                               "negative");
  options.percent[0] = train;
  options.percent[1] = validation;
  options.percent[2] = test;
  if (!vs_dataset_split_check_percentages (options.percent, &error))
    return vs_cli_usage_error ("dataset split", "%s", error->message);
  options.seed = 42;
  if (seed_text != NULL &&
      !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT64, &options.seed, NULL))
    return vs_cli_usage_error ("dataset split", "--seed must be a whole number from 0 to "
                               "18446744073709551615, not “%s”", seed_text);
  if (!(leak_near >= 0 && leak_near <= 1))
    return vs_cli_usage_error ("dataset split", "--leak-near must be from 0 to 1");
  if (!parse_export_format ("dataset split", to, &options.format, &status))
    return status;
  if (format_name != NULL &&
      (!vs_dataset_format_from_string (format_name, &options.input_format) ||
       options.input_format == VS_DATASET_FORMAT_AUTO))
    return vs_cli_usage_error ("dataset split", "unknown format “%s” (use csv, tsv, jsonl or "
                               "json)", format_name);
  if (map != NULL)
    {
      mapping = load_mapping (map, &error);
      if (mapping == NULL)
        {
          vs_cli_error ("--map: %s", error->message);
          return VS_CLI_EXIT_USAGE;
        }
    }
  if (!g_file_test (argv[1], G_FILE_TEST_IS_REGULAR))
    {
      vs_cli_error ("cannot read “%s”: %s", argv[1],
                    g_file_test (argv[1], G_FILE_TEST_EXISTS) ? "it is not a file"
                                                             : "no such file");
      return VS_CLI_EXIT_USAGE;
    }

  options.mapping = mapping;
  options.split = TRUE;
  options.stratify = stratify;
  options.near_threshold = leak_near;
  options.move_leaks = no_leaks;
  summary = vs_dataset_export_file_sync (argv[1], dir, &options, NULL, NULL, print_export_note,
                                         argv[1], &error);
  if (summary == NULL)
    {
      vs_cli_error ("cannot split “%s” into “%s”: %s", argv[1], dir, error->message);
      return VS_CLI_EXIT_USAGE;
    }
  for (guint i = 0; i < summary->files->len; i++)
    {
      VsDatasetExportFile *file = g_ptr_array_index (summary->files, i);

      if (file->part >= 0)
        printf ("%-11s %6" G_GINT64_FORMAT "  %s\n", vs_dataset_split_part_to_string (file->part),
                file->n_examples, file->path);
    }
  print_companions (summary);
  if (summary->n_leaks > 0)
    fprintf (stderr, "%s: %" G_GINT64_FORMAT " leak(s) between splits%s\n", argv[1],
             summary->n_leaks,
             no_leaks ? "; moved into the split of their first occurrence"
                      : " (use --no-leaks to move them)");
  if (summary->n_unreadable + summary->n_skipped > 0)
    fprintf (stderr, "%s: %" G_GINT64_FORMAT " problem(s) reported above; rows that could "
             "not be read or converted were skipped\n", argv[1],
             summary->n_unreadable + summary->n_skipped);
  return summary->n_unreadable + summary->n_skipped > 0 ? VS_CLI_EXIT_PROBLEMS
                                                        : VS_CLI_EXIT_OK;
}

typedef struct
{
  GPtrArray      *lines;
  VsDatasetDedup     *dedup;
  VsDatasetNearDedup *near; /* NULL without --near */
  const char         *path;
  guint64             n_dropped;
  guint64             n_near;
} DedupeRows;

static void
dedupe_row (JsonObject              *row,
            const VsDatasetPosition *position,
            gpointer                 user_data)
{
  DedupeRows *rows = user_data;
  g_autofree char *text = vs_dataset_row_dedup_text (row);
  gint64 first = vs_dataset_dedup_add (rows->dedup, text, position->line);

  if (first >= 0)
    {
      fprintf (stderr, "%s: line %" G_GINT64_FORMAT ": duplicate of line %" G_GINT64_FORMAT
               ", dropped\n", rows->path, position->line, first);
      rows->n_dropped++;
      return;
    }
  if (rows->near != NULL &&
      (first = vs_dataset_near_dedup_add (rows->near, text, position->line)) >= 0)
    {
      fprintf (stderr, "%s: line %" G_GINT64_FORMAT ": near-duplicate of line %" G_GINT64_FORMAT
               ", dropped\n", rows->path, position->line, first);
      rows->n_near++;
      return;
    }
  g_ptr_array_add (rows->lines, vs_json_object_to_string (row, FALSE));
}

static const VsCliHelp dedupe_help = {
  .name = "dataset dedupe",
  .usage = "IN -o OUT [--near THRESHOLD]",
  .summary = "Drop rows whose text repeats an earlier row",
  .details = "Writes the rows of IN to OUT as JSONL (each row as read, keys "
             "in source order), keeping the first of rows that are the same "
             "once whitespace in their text is collapsed and trimmed. Each "
             "dropped row is reported on stderr with its line and the line "
             "it repeats. With --near, rows that nearly repeat a kept row "
             "(MinHash and LSH over word 3-grams, confirmed by their exact "
             "Jaccard similarity) are dropped too.\n\n"
             "Exit status: 0 written, 1 written but rows could not be read "
             "(see stderr), 2 usage error or unreadable file.",
  .examples = "versus-cli dataset dedupe chats.jsonl -o unique.jsonl\n"
              "versus-cli dataset dedupe chats.jsonl -o unique.jsonl --near 0.85",
};

static int
dataset_dedupe (int    argc,
                char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&dedupe_help);
  int parsed;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(VsDatasetDedup) dedup = vs_dataset_dedup_new ();
  g_autoptr(VsDatasetNearDedup) near_dedup = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *out = NULL;
  double near = -1;
  guint64 n_problems;
  gsize n_written;
  DedupeRows rows = { 0 };
  int status;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out, "The JSONL file to write", "OUT" },
    { "near", 0, 0, G_OPTION_ARG_DOUBLE, &near,
      "Also drop rows whose word 3-grams overlap an earlier kept row's by at least this Jaccard "
      "similarity (0 < THRESHOLD ≤ 1; 0.85 is a good start)", "THRESHOLD" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      "csv, tsv, jsonl or json (default: from the extension and the content)", "FORMAT" },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 2)
    return vs_cli_usage_error ("dataset dedupe", "expected one IN file");
  if (out == NULL)
    return vs_cli_usage_error ("dataset dedupe", "-o OUT is required");
  if (near != -1 && !(near > 0 && near <= 1))
    return vs_cli_usage_error ("dataset dedupe", "--near must be above 0 and at most 1");
  if (near != -1)
    near_dedup = vs_dataset_near_dedup_new (near);

  rows.lines = lines;
  rows.dedup = dedup;
  rows.near = near_dedup;
  rows.path = argv[1];
  status = read_rows ("dataset dedupe", argv[1], format_name, dedupe_row, &rows, &n_problems);
  if (status >= 0)
    return status;
  if (!write_lines (out, lines, NULL, -1, &n_written))
    return VS_CLI_EXIT_USAGE;
  printf ("Kept:      %" G_GSIZE_FORMAT "\n", n_written);
  printf ("Dropped:   %" G_GUINT64_FORMAT " exact duplicates\n", rows.n_dropped);
  if (near_dedup != NULL)
    printf ("Dropped:   %" G_GUINT64_FORMAT " near-duplicates (Jaccard ≥ %g)\n", rows.n_near,
            near);
  if (n_problems > 0)
    fprintf (stderr, "%s: %" G_GUINT64_FORMAT " problem(s) reported above; rows that could "
             "not be read were skipped\n", argv[1], n_problems);
  return n_problems > 0 ? VS_CLI_EXIT_PROBLEMS : VS_CLI_EXIT_OK;
}

const VsCliHelp vs_cli_dataset_help = {
  .name = "dataset",
  .summary = "Import, curate, version and export datasets",
  .examples = "versus-cli dataset import support.versus tickets.csv\n"
              "versus-cli dataset list support.versus\n"
              "versus-cli dataset split chats.jsonl --train 80 --validation 10 --test 10 -o "
              "splits",
};

static const VsCliSubcommand dataset_commands[] = {
  { &import_help, dataset_import },
  { &list_help, dataset_list },
  { &vs_cli_dataset_snapshot_help, vs_cli_dataset_snapshot },
  { &vs_cli_dataset_snapshots_help, vs_cli_dataset_snapshots },
  { &vs_cli_dataset_export_help, vs_cli_dataset_export },
  { &convert_help, dataset_convert },
  { &validate_help, dataset_validate },
  { &stats_help, dataset_stats },
  { &split_help, dataset_split },
  { &dedupe_help, dataset_dedupe },
  { &vs_cli_dataset_search_help, vs_cli_dataset_search },
};

int
vs_cli_dataset_main (int    argc,
                     char **argv)
{
  return vs_cli_dispatch (&vs_cli_dataset_help, dataset_commands,
                          G_N_ELEMENTS (dataset_commands), argc, argv);
}
