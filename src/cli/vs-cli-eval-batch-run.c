/* vs-cli-eval-batch-run.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli eval run … --batch [--wait] [--poll-interval S]: the run's unfinished trials go
 * to the contenders' batch APIs; the command exits at once printing "submitted" (batch ids on
 * stderr), and running it again polls once and ingests what has finished. With --wait it polls
 * until every batch has ended and prints the summary as `eval run` does.
 * versus-cli eval cancel FILE.versus RUN: cancels the run's batches. All the work is the batch
 * runner's (vs-batch-runner.h); this file parses options and prints.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "vs-batch-api.h"
#include "vs-batch-runner.h"
#include "vs-batch-store.h"
#include "vs-cli-command.h"
#include "vs-cli-eval-batch-run.h"
#include "vs-cli-eval.h"
#include "vs-cli-llm.h"
#include "vs-cli.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-run-data.h"

typedef struct
{
  gboolean    done;
  gboolean    ok;
  GError     *error;
  GHashTable *printed;   /* row id → what was printed last about it */
  GHashTable *before;    /* ids of the rows ingested before this command: not printed */
} BatchWait;

static void
on_op_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  BatchWait *wait = data;
  VsBatchRunner *runner = VS_BATCH_RUNNER (source);
  gpointer tag = g_task_get_source_tag (G_TASK (result));

  if (tag == vs_batch_runner_submit_async)
    wait->ok = vs_batch_runner_submit_finish (runner, result, &wait->error);
  else if (tag == vs_batch_runner_poll_async)
    wait->ok = vs_batch_runner_poll_finish (runner, result, &wait->error);
  else if (tag == vs_batch_runner_cancel_async)
    wait->ok = vs_batch_runner_cancel_finish (runner, result, &wait->error);
  else
    wait->ok = vs_batch_runner_wait_finish (runner, result, &wait->error);
  wait->done = TRUE;
}

static const char *
row_name (const VsBatchRow *row)
{
  return row->remote_id ? row->remote_id : row->token;
}

static char *
describe_row (const VsBatchRow *row)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "batch %s (%s, %s): %s", row_name (row), row->contender,
                          row->provider ? row->provider : "?", row->state);
  if (row->status != NULL && g_ascii_strcasecmp (row->status, row->state) != 0)
    g_string_append_printf (text, " (%s)", row->status);
  g_string_append_printf (text, ", %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " done, %"
                          G_GINT64_FORMAT " failed", row->n_completed, row->n_lines,
                          row->n_failed);
  if (row->ingested)
    g_string_append (text, ", ingested");
  if (row->error != NULL)
    g_string_append_printf (text, " — %s", row->error);
  return g_string_free (text, FALSE);
}

/* Remembers the rows that had ended before this command: they are not its business. */
static void
batch_wait_init (BatchWait     *wait,
                 VsBatchRunner *runner)
{
  g_autoptr(GPtrArray) rows = vs_batch_runner_list (runner, NULL);

  wait->printed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  wait->before = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      VsBatchRow *row = g_ptr_array_index (rows, i);

      if (row->ingested)
        g_hash_table_add (wait->before, g_memdup2 (&row->id, sizeof row->id));
    }
}

static void
batch_wait_clear (BatchWait *wait)
{
  g_clear_pointer (&wait->printed, g_hash_table_unref);
  g_clear_pointer (&wait->before, g_hash_table_unref);
  g_clear_error (&wait->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BatchWait, batch_wait_clear)

/* One stderr line for each batch of this command whose description changed since it was last
 * printed. */
static void
print_rows (VsBatchRunner *runner,
            BatchWait     *wait)
{
  g_autoptr(GPtrArray) rows = vs_batch_runner_list (runner, NULL);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      VsBatchRow *row = g_ptr_array_index (rows, i);
      g_autofree char *text = NULL;
      const char *last = g_hash_table_lookup (wait->printed, &row->id);

      if (g_hash_table_contains (wait->before, &row->id))
        continue;
      text = describe_row (row);
      if (g_strcmp0 (last, text) == 0)
        continue;
      fprintf (stderr, "eval: %s\n", text);
      g_hash_table_insert (wait->printed, g_memdup2 (&row->id, sizeof row->id),
                           g_steal_pointer (&text));
    }
  fflush (stderr);
}

static void
on_changed (VsBatchRunner *runner,
            BatchWait     *wait)
{
  print_rows (runner, wait);
}

/* Runs one operation of the runner to its end on the default context. */
static gboolean
run_op (VsBatchRunner  *runner,
        BatchWait      *wait,
        GCancellable   *cancellable,
        GError        **error)
{
  vs_cli_llm_wait (&wait->done, cancellable);
  wait->done = FALSE;
  if (!wait->ok)
    {
      g_propagate_error (error, g_steal_pointer (&wait->error));
      return FALSE;
    }
  return TRUE;
}

static int
exit_for (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      error->domain != VS_ERROR || error->code != VS_ERROR_INVALID)
    return VS_CLI_EXIT_PROBLEMS;
  return VS_CLI_EXIT_USAGE;
}

static void
print_state (VsBatchRunner              *runner,
             const VsCliBatchRunOptions *options)
{
  g_autoptr(GPtrArray) rows = vs_batch_runner_list (runner, NULL);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (!options->json)
    {
      printf ("submitted\n");
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "run");
  json_builder_add_string_value (builder, options->name);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, "submitted");
  json_builder_set_member_name (builder, "batches");
  json_builder_begin_array (builder);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      VsBatchRow *row = g_ptr_array_index (rows, i);

      if (row->ingested)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      if (row->remote_id != NULL)
        json_builder_add_string_value (builder, row->remote_id);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "contender");
      json_builder_add_string_value (builder, row->contender);
      json_builder_set_member_name (builder, "provider");
      json_builder_add_string_value (builder, row->provider);
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, row->state);
      json_builder_set_member_name (builder, "lines");
      json_builder_add_int_value (builder, row->n_lines);
      json_builder_set_member_name (builder, "completed");
      json_builder_add_int_value (builder, row->n_completed);
      json_builder_set_member_name (builder, "failed");
      json_builder_add_int_value (builder, row->n_failed);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  vs_cli_print_json (root);
}

int
vs_cli_eval_run_batch (VsProject                  *project,
                       gint64                      run_id,
                       const VsCliBatchRunOptions *options)
{
  g_autoptr(VsBatchRunner) runner = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_auto(BatchWait) wait = { 0 };
  gboolean out;
  int code = VS_CLI_EXIT_OK;
  int summary_code;

  runner = vs_batch_runner_new (project, run_id, &error);
  if (runner == NULL)
    {
      vs_cli_error ("%s", error->message);
      return VS_CLI_EXIT_USAGE;
    }
  batch_wait_init (&wait, runner);
  if (options->poll_interval > 0)
    vs_batch_runner_set_poll_interval_ms (runner,
                                          (guint) MAX (options->poll_interval * 1000, 1));

  out = !vs_batch_runner_is_finished (runner);
  if (!out && !options->retry_errors && vs_batch_runner_was_cancelled (runner))
    {
      /* Cancelled by the user: nothing goes out again unless the trials are retried. */
      fprintf (stderr, "eval: the batches of run “%s” were cancelled; --retry-errors sends "
               "the trials they left unanswered again\n", options->name);
      return vs_cli_eval_print_summary (project, run_id, options->json);
    }
  if (out)
    {
      fprintf (stderr, "eval: polling the batches of run “%s”\n", options->name);
      vs_batch_runner_poll_async (runner, cancellable, on_op_done, &wait);
    }
  else
    vs_batch_runner_submit_async (runner, options->retry_errors, cancellable, on_op_done,
                                  &wait);
  if (!run_op (runner, &wait, cancellable, &error))
    {
      /* A batch that could not be created or read: said, and the others carry on. */
      vs_cli_error ("%s", error->message);
      code = exit_for (error);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return code;
      g_clear_error (&error);
    }
  print_rows (runner, &wait);

  if (options->wait && !vs_batch_runner_is_finished (runner))
    {
      g_signal_connect (runner, "changed", G_CALLBACK (on_changed), &wait);
      vs_batch_runner_wait_async (runner, cancellable, on_op_done, &wait);
      if (!run_op (runner, &wait, cancellable, &error))
        {
          vs_cli_error ("%s", error->message);
          return exit_for (error);
        }
    }

  if (!vs_batch_runner_is_finished (runner))
    {
      print_state (runner, options);
      return code;
    }
  /* Every batch is in: the run is finished exactly as an online one. */
  summary_code = vs_cli_eval_print_summary (project, run_id, options->json);
  return MAX (code, summary_code);
}

const VsCliHelp vs_cli_eval_cancel_help = {
  .name = "eval cancel",
  .usage = "FILE.versus RUN",
  .summary = "Cancel a run's batches",
  .details = "Asks the providers to cancel every batch of RUN that has not ended, then reads "
             "them once: a batch already cancelled is ingested (its answered requests kept, "
             "the others become errors); one still cancelling is ingested by the next `eval "
             "run --batch`. Once they have all ended the run is cancelled, as an online run "
             "stopped by the user: `eval run --batch` then sends nothing again unless given "
             "--retry-errors. RUN is the run's name or number.\n\n"
             "Exit status: 0 cancelled (or nothing to cancel), 1 a batch could not be "
             "cancelled, 2 usage error or unreadable project.",
  .examples = "versus-cli eval cancel support.versus big",
};

int
vs_cli_eval_cancel (int    argc,
                    char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&vs_cli_eval_cancel_help);
  int parsed;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(VsBatchRunner) runner = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_auto(BatchWait) wait = { 0 };
  gint64 run_id;

  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 3)
    return vs_cli_usage_error ("eval cancel", "expected a PROJECT and a RUN");
  project = vs_cli_open_project (argv[1], VS_PROJECT_OPEN_EXISTING);
  if (project == NULL)
    return VS_CLI_EXIT_USAGE;
  run_id = vs_run_data_find_run (project, argv[2], &error);
  if (run_id <= 0)
    {
      vs_cli_error ("%s", error ? error->message : "there is no run with that name");
      return VS_CLI_EXIT_USAGE;
    }
  runner = vs_batch_runner_new (project, run_id, &error);
  if (runner == NULL)
    {
      vs_cli_error ("%s", error->message);
      return VS_CLI_EXIT_USAGE;
    }
  if (vs_batch_runner_is_finished (runner))
    {
      fprintf (stderr, "eval: run “%s” has no batch to cancel\n", argv[2]);
      return VS_CLI_EXIT_OK;
    }
  batch_wait_init (&wait, runner);
  vs_batch_runner_cancel_async (runner, cancellable, on_op_done, &wait);
  if (!run_op (runner, &wait, cancellable, &error))
    {
      print_rows (runner, &wait);
      vs_cli_error ("%s", error->message);
      return exit_for (error);
    }
  print_rows (runner, &wait);
  return VS_CLI_EXIT_OK;
}
