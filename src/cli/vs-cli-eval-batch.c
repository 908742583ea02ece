/* vs-cli-eval-batch.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli eval's batch modes: `eval run … --batch-files DIR` writes the run's requests as
 * batch input files for the user's own cluster (vLLM's run-batch) or a provider's batch API,
 * `eval import-batch FILE.versus RUN OUTPUT.jsonl…` ingests the output files into the run, and
 * `eval batches FILE.versus RUN` lists the run's batches. The work is core's
 * (vs-batch-lines.h, vs-batch-ingest.h, vs-batch-store.h); this file parses and prints.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "vs-batch-ingest.h"
#include "vs-batch-lines.h"
#include "vs-batch-store.h"
#include "vs-cli-command.h"
#include "vs-cli-eval.h"
#include "vs-cli-table.h"
#include "vs-cli.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-run-store.h"

/* The batch files of the run as "files" rows: a file written again (same path) updates its
 * row, a new one gets a row. */

static JsonNode *
files_to_json (const char *run,
               const char *state,
               GPtrArray  *files)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "run");
  json_builder_add_string_value (builder, run);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, state);
  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (guint i = 0; i < files->len; i++)
    {
      VsBatchFile *file = g_ptr_array_index (files, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, file->path);
      json_builder_set_member_name (builder, "contender");
      json_builder_add_string_value (builder, file->contender);
      json_builder_set_member_name (builder, "model");
      json_builder_add_string_value (builder, file->model);
      json_builder_set_member_name (builder, "lines");
      json_builder_add_int_value (builder, file->n_lines);
      json_builder_set_member_name (builder, "bytes");
      json_builder_add_int_value (builder, (gint64) file->n_bytes);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

int
vs_cli_eval_run_batch_files (VsProject  *project,
                             gint64      run_id,
                             const char *dir,
                             gboolean    retry_errors,
                             gboolean    json)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(VsRunInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n_lines = 0;

  files = vs_batch_write_files (project, run_id, 0, retry_errors, dir, 0, 0, NULL, &error);
  if (files == NULL)
    return vs_cli_fail (error);
  if (!vs_batch_record_files (project, run_id, files, &error))
    return vs_cli_fail (error);
  for (guint i = 0; i < files->len; i++)
    n_lines += ((VsBatchFile *) g_ptr_array_index (files, i))->n_lines;
  info = vs_run_store_get (project, run_id, &error);
  if (info == NULL)
    return vs_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonNode) root = files_to_json (info->name, info->state, files);

      vs_cli_print_json (root);
    }
  else
    {
      g_autoptr(VsCliTable) table = vs_cli_table_new ("FILE", "CONTENDER", "MODEL", ">LINES",
                                                      ">BYTES", NULL);

      for (guint i = 0; i < files->len; i++)
        {
          VsBatchFile *file = g_ptr_array_index (files, i);
          g_autofree char *lines = g_strdup_printf ("%" G_GINT64_FORMAT, file->n_lines);
          g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, file->n_bytes);

          vs_cli_table_add_row (table, file->path, file->contender, file->model, lines, bytes);
        }
      if (files->len > 0)
        vs_cli_table_print (table, stdout);
    }
  if (n_lines == 0)
    fprintf (stderr, "eval: every trial of run “%s” has a result; no batch file written\n",
             info->name);
  else
    fprintf (stderr,
             "eval: %" G_GINT64_FORMAT " requests in %u files; run them elsewhere (e.g. "
             "python -m vllm.entrypoints.openai.run_batch -i FILE -o OUTPUT --model MODEL), "
             "then: versus-cli eval import-batch PROJECT “%s” OUTPUT…\n",
             n_lines, files->len, info->name);
  return VS_CLI_EXIT_OK;
}

static JsonNode *
stats_to_json (const char               *run,
               const char               *state,
               const VsBatchIngestStats *stats)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "run");
  json_builder_add_string_value (builder, run);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, state);
  json_builder_set_member_name (builder, "lines");
  json_builder_add_int_value (builder, stats->n_lines);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_int_value (builder, stats->n_ok);
  json_builder_set_member_name (builder, "failed");
  json_builder_add_int_value (builder, stats->n_failed);
  json_builder_set_member_name (builder, "unknown");
  json_builder_add_int_value (builder, stats->n_unknown);
  json_builder_set_member_name (builder, "finished");
  json_builder_add_int_value (builder, stats->n_finished);
  json_builder_set_member_name (builder, "malformed");
  json_builder_add_int_value (builder, stats->n_malformed);
  json_builder_set_member_name (builder, "skipped");
  json_builder_begin_array (builder);
  for (guint i = 0; i < stats->messages->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (stats->messages, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

const VsCliHelp vs_cli_eval_import_batch_help = {
  .name = "eval import-batch",
  .usage = "FILE.versus RUN OUTPUT.jsonl… [--json]",
  .summary = "Ingest batch output files (OpenAI format, e.g. vLLM's run-batch) into a run",
  .details = "Reads batch output files in the OpenAI format (what OpenAI, Mistral and vLLM's "
             "run-batch write; error files too) and writes each line's answer as its trial's "
             "result, scored and priced at the batch price, matched by custom_id. Lines whose "
             "custom_id is not a trial of RUN, whose trial already has a result, or that do "
             "not read are skipped and reported on stderr (FILE:LINE). When no trial is left "
             "without a result the run is done, as after `eval run`. RUN is the run's name "
             "or number.\n\n"
             "Exit status: 0 every line ingested, 1 some line was skipped or its request had "
             "failed, 2 usage error or unreadable input.",
  .examples = "versus-cli eval import-batch support.versus gpu out/base.jsonl out/tuned.jsonl\n"
              "versus-cli eval import-batch support.versus gpu out/*.jsonl --json",
};

const VsCliHelp vs_cli_eval_batches_help = {
  .name = "eval batches",
  .usage = "FILE.versus RUN [--json]",
  .summary = "List a run's batches: provider, state, request counts and times",
  .details = "Lists the batches of RUN, oldest first: each batch input file written "
             "(provider “files”) or submitted to a provider's batch API, with its state "
             "(PREPARED before submission, then VALIDATING, QUEUED, RUNNING, SUCCEEDED, "
             "FAILED, CANCELLED or EXPIRED), request counts and times (UTC); the run's own "
             "state (submitted while batches are out, then done, or cancelled when its "
             "batches were cancelled) on stderr, and as \"state\" with --json. RUN is the "
             "run's name or number.",
  .examples = "versus-cli eval batches support.versus big\n"
              "versus-cli eval batches support.versus big --json",
};

int
vs_cli_eval_import_batch (int    argc,
                          char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&vs_cli_eval_import_batch_help);
  int parsed;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(VsRunInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  VsBatchIngestStats stats;
  gboolean json = FALSE;
  gint64 run_id, skipped;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the counts as JSON on stdout", NULL },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc < 4)
    return vs_cli_usage_error ("eval import-batch",
                               "expected a PROJECT, a RUN and at least one OUTPUT file");
  for (int i = 3; i < argc; i++)
    if (!g_file_test (argv[i], G_FILE_TEST_IS_REGULAR))
      {
        vs_cli_error ("%s: no such file", argv[i]);
        return VS_CLI_EXIT_USAGE;
      }
  project = vs_cli_open_project (argv[1], VS_PROJECT_OPEN_EXISTING);
  if (project == NULL)
    return VS_CLI_EXIT_USAGE;
  run_id = vs_cli_eval_find_run (project, argv[2]);
  if (run_id <= 0)
    return VS_CLI_EXIT_USAGE;

  vs_batch_ingest_stats_init (&stats);
  for (int i = 3; i < argc; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[i]);

      if (!vs_batch_ingest_file (project, run_id, file, &stats, NULL, &error))
        {
          vs_batch_ingest_stats_clear (&stats);
          vs_cli_error ("%s", error->message);
          return vs_cli_exit_for_error (error);
        }
    }
  if (!vs_batch_refresh_files (project, run_id, &error))
    g_printerr ("versus-cli: could not update the run's batches: %s\n", error->message);
  g_clear_error (&error);
  info = vs_run_store_get (project, run_id, &error);
  if (info == NULL)
    {
      vs_batch_ingest_stats_clear (&stats);
      return vs_cli_fail (error);
    }

  skipped = stats.n_unknown + stats.n_finished + stats.n_malformed;
  for (guint i = 0; i < stats.messages->len; i++)
    vs_cli_error ("%s", (const char *) g_ptr_array_index (stats.messages, i));
  if (skipped > stats.messages->len)
    vs_cli_error ("… and %" G_GINT64_FORMAT " more skipped lines",
                  skipped - stats.messages->len);
  if (json)
    {
      g_autoptr(JsonNode) root = stats_to_json (info->name, info->state, &stats);

      vs_cli_print_json (root);
    }
  else
    printf ("Run %s: %" G_GINT64_FORMAT " lines, %" G_GINT64_FORMAT " ok, %" G_GINT64_FORMAT
            " failed, %" G_GINT64_FORMAT " skipped (%" G_GINT64_FORMAT " unknown, %"
            G_GINT64_FORMAT " already finished, %" G_GINT64_FORMAT " malformed); state %s\n",
            info->name, stats.n_lines, stats.n_ok, stats.n_failed, skipped, stats.n_unknown,
            stats.n_finished, stats.n_malformed, info->state);
  vs_batch_ingest_stats_clear (&stats);
  return skipped > 0 || stats.n_failed > 0 ? VS_CLI_EXIT_PROBLEMS : VS_CLI_EXIT_OK;
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static JsonNode *
batches_to_json (const char *run,
                 const char *state,
                 GPtrArray  *rows)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "run", run);
  add_string (builder, "state", state);
  json_builder_set_member_name (builder, "batches");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      VsBatchRow *row = g_ptr_array_index (rows, i);

      json_builder_begin_object (builder);
      add_int (builder, "id", row->id);
      add_string (builder, "contender", row->contender);
      add_string (builder, "provider", row->provider);
      add_string (builder, "endpoint", row->endpoint);
      add_string (builder, "remote_id", row->remote_id);
      add_string (builder, "state", row->state);
      add_string (builder, "status", row->status);
      add_int (builder, "lines", row->n_lines);
      add_int (builder, "completed", row->n_completed);
      add_int (builder, "failed", row->n_failed);
      add_string (builder, "input_path", row->input_path);
      add_string (builder, "input_file_id", row->input_file_id);
      add_string (builder, "output_file_id", row->output_file_id);
      add_string (builder, "error_file_id", row->error_file_id);
      add_string (builder, "created_at", row->created_at);
      add_string (builder, "updated_at", row->updated_at);
      add_string (builder, "completed_at", row->completed_at);
      json_builder_set_member_name (builder, "ingested");
      json_builder_add_boolean_value (builder, row->ingested);
      add_string (builder, "error", row->error);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* What names the batch in the table: the provider's id, else the local file's name. */
static char *
batch_label (VsBatchRow *row)
{
  if (row->remote_id != NULL)
    return g_strdup (row->remote_id);
  return g_path_get_basename (row->input_path ? row->input_path : "-");
}

int
vs_cli_eval_batches (int    argc,
                     char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&vs_cli_eval_batches_help);
  int parsed;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(VsRunInfo) info = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(VsCliTable) table = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  gint64 run_id;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the batches as JSON on stdout", NULL },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 3)
    return vs_cli_usage_error ("eval batches", "expected a PROJECT and a RUN");
  project = vs_cli_open_project (argv[1], VS_PROJECT_OPEN_READONLY);
  if (project == NULL)
    return VS_CLI_EXIT_USAGE;
  run_id = vs_cli_eval_find_run (project, argv[2]);
  if (run_id <= 0)
    return VS_CLI_EXIT_USAGE;
  info = vs_run_store_get (project, run_id, &error);
  if (info == NULL)
    return vs_cli_fail (error);
  rows = vs_batch_store_list (project, run_id, &error);
  if (rows == NULL)
    return vs_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonNode) root = batches_to_json (info->name, info->state, rows);

      vs_cli_print_json (root);
      return VS_CLI_EXIT_OK;
    }
  table = vs_cli_table_new ("BATCH", "CONTENDER", "PROVIDER", "STATE", ">LINES",
                            ">COMPLETED", ">FAILED", "CREATED", "UPDATED", "COMPLETED AT",
                            NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      VsBatchRow *row = g_ptr_array_index (rows, i);
      g_autofree char *label = batch_label (row);
      g_autofree char *lines = g_strdup_printf ("%" G_GINT64_FORMAT, row->n_lines);
      g_autofree char *completed = g_strdup_printf ("%" G_GINT64_FORMAT, row->n_completed);
      g_autofree char *failed = g_strdup_printf ("%" G_GINT64_FORMAT, row->n_failed);

      vs_cli_table_add_row (table, label, row->contender, row->provider, row->state, lines,
                            completed, failed, row->created_at, row->updated_at,
                            row->completed_at);
    }
  if (rows->len > 0)
    vs_cli_table_print (table, stdout);
  if (rows->len == 0)
    fprintf (stderr, "eval: run “%s” has no batches\n", info->name);
  else if (g_strcmp0 (info->state, "cancelled") == 0 && vs_batch_store_rows_cancelled (rows))
    fprintf (stderr, "eval: run “%s” is cancelled: its batches were cancelled (`eval run "
             "--batch --retry-errors` sends the unanswered trials again)\n", info->name);
  else
    fprintf (stderr, "eval: run “%s” is %s\n", info->name, info->state);
  return VS_CLI_EXIT_OK;
}
