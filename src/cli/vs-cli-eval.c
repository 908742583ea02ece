/* vs-cli-eval.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli eval: run an evaluation spec headless into a project, resumably
 * (`eval run SPEC --project FILE.versus [--name RUN] [--json]`), print a run's summary
 * (`eval summary FILE.versus RUN --json`), export its trials
 * (`eval export FILE.versus RUN -o OUT.jsonl|csv`), draw its charts
 * (`eval chart FILE.versus RUN KIND -o OUT.png|svg|pdf`), print a chart's spec
 * (`eval spec FILE.versus RUN KIND`) and write a report (`eval report FILE.versus RUN
 * -o OUT.pdf|html`). All the work is core's and the charts library's (vs-eval-runner.h,
 * vs-eval-summary.h, vs-run-charts.h, vs-report.h); this file parses options and prints.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vs-cli-commands.h"
#include "vs-cli-eval-batch-run.h"
#include "vs-cli-llm.h"
#include "vs-cli-table.h"
#include "vs-chart-export.h"
#include "vs-cli-eval.h"
#include "vs-cli.h"
#include "vs-cli-command.h"
#include "vs-error.h"
#include "vs-eval-runner.h"
#include "vs-eval-spec.h"
#include "vs-eval-summary.h"
#include "vs-json.h"
#include "vs-report.h"
#include "vs-run-charts.h"
#include "vs-run-data.h"
#include "vs-run-store.h"

/* @value printed with @format, or NULL (the table shows "-") when it is not known. */
static char *format_number (double      value,
                            const char *format) G_GNUC_PRINTF (2, 0);

static char *
format_number (double      value,
               const char *format)
{
  if (isnan (value))
    return NULL;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  return g_strdup_printf (format, value);
#pragma GCC diagnostic pop
}

static double
member_double (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || !JSON_NODE_HOLDS_VALUE (node))
    return NAN;
  return json_node_get_double (node);
}

static double
ci_member (JsonObject *object,
           const char *name,
           guint       index)
{
  JsonNode *node = json_object_get_member (object, name);
  JsonNode *element;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) <= index)
    return NAN;
  element = json_array_get_element (json_node_get_array (node), index);
  return JSON_NODE_HOLDS_NULL (element) ? NAN : json_node_get_double (element);
}

/* "[low, high]" in percent: the interval @name of @object. */
static char *
format_interval (JsonObject *object,
                 const char *name,
                 const char *format)
{
  g_autofree char *low = format_number (ci_member (object, name, 0) * 100, format);
  g_autofree char *high = format_number (ci_member (object, name, 1) * 100, format);

  if (low == NULL || high == NULL)
    return NULL;
  return g_strdup_printf ("[%s, %s]", low, high);
}

/* Tables for people; --json is the contract. */
static void
print_summary_text (JsonNode *summary)
{
  JsonObject *root = json_node_get_object (summary);
  JsonArray *contenders = json_object_get_array_member (root, "contenders");
  JsonArray *pairs = json_object_get_array_member (root, "pairs");
  g_autoptr(VsCliTable) table = vs_cli_table_new ("CONTENDER", ">TRIALS", ">PASSED", ">FAILED",
                                                  ">ERRORS", ">PASS", "95%-INTERVAL",
                                                  ">P50-MS", ">USD-PER-1K", NULL);

  printf ("Run %s\n\n", json_object_get_string_member (root, "run"));
  for (guint i = 0; i < json_array_get_length (contenders); i++)
    {
      JsonObject *c = json_array_get_object_element (contenders, i);
      g_autofree char *trials = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 json_object_get_int_member (c, "trials"));
      g_autofree char *passed = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 json_object_get_int_member (c, "passed"));
      g_autofree char *failed = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 json_object_get_int_member (c, "failed"));
      g_autofree char *errors = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 json_object_get_int_member (c, "errors"));
      g_autofree char *pass = format_number (member_double (c, "pass_rate") * 100, "%.1f%%");
      g_autofree char *interval = format_interval (c, "pass_rate_ci", "%.1f");
      g_autofree char *p50 = format_number (
        member_double (json_object_get_object_member (c, "latency_ms"), "p50"), "%.1f");
      g_autofree char *cost = format_number (member_double (c, "cost_per_1k_usd"), "%.4f");

      vs_cli_table_add_row (table, json_object_get_string_member (c, "name"), trials, passed,
                            failed, errors, pass, interval, p50, cost);
    }
  vs_cli_table_print (table, stdout);
  if (json_array_get_length (pairs) == 0)
    return;

  g_clear_pointer (&table, vs_cli_table_free);
  table = vs_cli_table_new ("PAIR", ">CASES", ">A-ONLY", ">B-ONLY", ">MCNEMAR-P",
                            ">DIFFERENCE", "95%-INTERVAL", NULL);
  for (guint i = 0; i < json_array_get_length (pairs); i++)
    {
      JsonObject *p = json_array_get_object_element (pairs, i);
      g_autofree char *name = g_strdup_printf ("%s vs %s", json_object_get_string_member (p, "b"),
                                               json_object_get_string_member (p, "a"));
      g_autofree char *cases = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                json_object_get_int_member (p, "cases"));
      g_autofree char *a_only = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 json_object_get_int_member (p, "a_only"));
      g_autofree char *b_only = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 json_object_get_int_member (p, "b_only"));
      g_autofree char *mcnemar = format_number (member_double (p, "mcnemar_p"), "%.4f");
      g_autofree char *diff = format_number (member_double (p, "pass_rate_diff") * 100,
                                             "%+.1f%%");
      g_autofree char *interval = format_interval (p, "pass_rate_diff_ci", "%+.1f");

      vs_cli_table_add_row (table, name, cases, a_only, b_only, mcnemar, diff, interval);
    }
  printf ("\n");
  vs_cli_table_print (table, stdout);
}

static gint64
total_errors (JsonNode *summary)
{
  JsonArray *contenders = json_object_get_array_member (json_node_get_object (summary),
                                                        "contenders");
  gint64 errors = 0;

  for (guint i = 0; i < json_array_get_length (contenders); i++)
    errors += json_object_get_int_member (json_array_get_object_element (contenders, i),
                                          "errors");
  return errors;
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
  gboolean  tty;
  gint64    last_print_us;
} RunWait;

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  RunWait *wait = data;

  wait->ok = vs_eval_runner_run_finish (VS_EVAL_RUNNER (source), result, &wait->error);
  wait->done = TRUE;
}

static void
on_progress (VsEvalRunner *runner,
             RunWait      *wait)
{
  VsEvalProgress p;
  gint64 now = g_get_monotonic_time ();

  if (!wait->tty && now - wait->last_print_us < 2 * G_USEC_PER_SEC && !wait->done)
    return;
  wait->last_print_us = now;
  vs_eval_runner_get_progress (runner, &p);
  fprintf (stderr, "%seval: %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " trials, %"
           G_GINT64_FORMAT " errors, %.0f requests/s%s",
           wait->tty ? "\r" : "", p.done, p.total, p.errors,
           p.elapsed_s > 0 ? p.requested / p.elapsed_s : 0.0, wait->tty ? "" : "\n");
  fflush (stderr);
}

static const VsCliHelp run_help = {
  .name = "eval run",
  .usage = "SPEC --project FILE.versus [--name RUN] [--retry-errors] "
           "[--batch [--wait] [--poll-interval S] | --batch-files DIR] [--json]",
  .summary = "Run an evaluation spec into a project (resumable by --name)",
  .details = "Runs every contender of SPEC on every case, repeats times, "
             "writing each result into the project as it arrives. Running "
             "it again with the same --name completes only what is missing. "
             "Progress goes to stderr, the summary to stdout.\n\n"
             "Exit status: 0 every trial finished (passed or failed), 1 some "
             "trials ended in error after retries, 2 usage error or "
             "unreadable input.\n\n"
             "Batch mode (--batch) makes no online chat request and never answers from "
             "the response cache: every unfinished trial goes into a batch line, one or "
             "more batches per contender (the API's shape follows the endpoint's host, or "
             "the contender's \"batch_api\": \"openai\" | \"mistral\"). It prints the "
             "run's state (submitted, with the batch ids on stderr; --json: {run, state, "
             "batches}) until every batch is in, then the summary as without --batch. The "
             "input files are kept next to the project (NAME.batches/ for NAME.versus) "
             "until their batch is ingested. Exit status with --batch: 0 while batches are "
             "out, 1 when one could not be created or read; once all are in, as without "
             "it.\n\n"
             "--batch-files DIR makes no request either: it writes the batch input files "
             "for vLLM's run-batch or a provider's batch API; `eval import-batch` reads "
             "their outputs back. Files an earlier, larger export left in DIR "
             "(CONTENDER-N.jsonl beyond those written now) are removed; nothing else in DIR "
             "is touched.",
  .examples = "versus-cli eval run triage-eval.json --project support.versus\n"
              "versus-cli eval run triage-eval.json --project support.versus --name nightly "
              "--retry-errors --json\n"
              "versus-cli eval run triage-eval.json --project support.versus --name big "
              "--batch --wait\n"
              "versus-cli eval run triage-eval.json --project support.versus --name gpu "
              "--batch-files batches/",
};

int
vs_cli_eval_print_summary (VsProject *project,
                           gint64     run_id,
                           gboolean   json)
{
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = vs_eval_summary_build (project, run_id, FALSE, &error);
  if (summary == NULL)
    return vs_cli_fail (error);
  if (json)
    vs_cli_print_json (summary);
  else
    print_summary_text (summary);
  return total_errors (summary) > 0 ? VS_CLI_EXIT_PROBLEMS : VS_CLI_EXIT_OK;
}

static int
eval_run (int    argc,
          char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&run_help);
  int parsed;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(VsEvalRunner) runner = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *project_path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *batch_files = NULL;
  gboolean json = FALSE;
  gboolean retry_errors = FALSE;
  gboolean existed = FALSE;
  gboolean batch = FALSE;
  gboolean batch_wait = FALSE;
  double poll_interval = 0;
  RunWait wait = { 0 };
  const char *base_ms;
  gint64 run_id;
  const GOptionEntry entries[] = {
    { "project", 0, 0, G_OPTION_ARG_FILENAME, &project_path,
      "The project file to write the run into (created when missing)", "FILE.versus" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name,
      "The run's name (default: the spec file's base name); an existing run is resumed",
      "RUN" },
    { "retry-errors", 0, 0, G_OPTION_ARG_NONE, &retry_errors,
      "Also run again the trials that ended in error", NULL },
    { "batch-files", 0, 0, G_OPTION_ARG_FILENAME, &batch_files,
      "Make no request: write the batch input files of every trial without a result into "
      "DIR (DIR/CONTENDER.jsonl, then CONTENDER-2.jsonl… past 50,000 lines or 200 MB) for "
      "vLLM's run-batch or a provider's batch API; import the outputs with `eval "
      "import-batch`", "DIR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the summary as JSON on stdout", NULL },
    { "batch", 0, 0, G_OPTION_ARG_NONE, &batch,
      "Send the unfinished trials to the contenders' batch APIs and exit (run it again to "
      "poll once and ingest what has finished)", NULL },
    { "wait", 0, 0, G_OPTION_ARG_NONE, &batch_wait,
      "With --batch: poll until every batch has ended, then print the summary", NULL },
    { "poll-interval", 0, 0, G_OPTION_ARG_DOUBLE, &poll_interval,
      "With --batch --wait: seconds between polls (default: the first within 1 s, then "
      "doubling up to 60 s)", "S" },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 2)
    return vs_cli_usage_error ("eval run", "expected one SPEC file");
  if (project_path == NULL)
    return vs_cli_usage_error ("eval run", "--project FILE.versus is required");
  if (batch && batch_files != NULL)
    return vs_cli_usage_error ("eval run", "--batch and --batch-files go one at a time");
  if ((batch_wait || poll_interval != 0) && !batch)
    return vs_cli_usage_error ("eval run", "--wait and --poll-interval go with --batch");
  if (poll_interval < 0 || poll_interval > 24 * 3600 || (poll_interval > 0 && !batch_wait))
    return vs_cli_usage_error ("eval run",
                               "--poll-interval takes seconds (up to 86400) and goes with "
                               "--wait");

  spec = vs_eval_spec_load (argv[1], &error);
  if (spec == NULL)
    {
      vs_cli_error ("%s", error->message);
      return VS_CLI_EXIT_USAGE;
    }
  base_ms = g_getenv ("VERSUS_RETRY_BASE_MS");
  if (base_ms != NULL && *base_ms != '\0')
    {
      gint64 ms = (gint64) MIN (g_ascii_strtoull (base_ms, NULL, 10), G_MAXINT / 8);

      json_object_set_int_member (spec->settings, "retry_base_ms", ms);
      json_object_set_int_member (spec->settings, "retry_cap_ms", ms * 8);
    }
  if (name == NULL)
    {
      g_autofree char *base = g_path_get_basename (argv[1]);
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      name = g_steal_pointer (&base);
    }

  project = vs_cli_open_project (project_path, VS_PROJECT_OPEN_CREATE);
  if (project == NULL)
    return VS_CLI_EXIT_USAGE;
  run_id = vs_eval_prepare_run (project, spec, name, &existed, &error);
  if (run_id <= 0)
    {
      vs_cli_error ("%s", error->message);
      return VS_CLI_EXIT_USAGE;
    }
  if (existed)
    fprintf (stderr, "eval: resuming run “%s”\n", name);
  if (batch)
    {
      VsCliBatchRunOptions options = { 0 };

      options.name = name;
      options.retry_errors = retry_errors;
      options.wait = batch_wait;
      options.poll_interval = poll_interval;
      options.json = json;
      return vs_cli_eval_run_batch (project, run_id, &options);
    }
  if (batch_files != NULL)
    return vs_cli_eval_run_batch_files (project, run_id, batch_files, retry_errors, json);
  runner = vs_eval_runner_new (project, run_id, &error);
  if (runner == NULL)
    {
      vs_cli_error ("%s", error->message);
      return VS_CLI_EXIT_USAGE;
    }
  vs_eval_runner_set_retry_errors (runner, retry_errors);
  wait.tty = isatty (STDERR_FILENO);
  g_signal_connect (runner, "progress", G_CALLBACK (on_progress), &wait);
  vs_eval_runner_run_async (runner, cancellable, on_run_done, &wait);
  vs_cli_llm_wait (&wait.done, cancellable);
  on_progress (runner, &wait);
  if (wait.tty)
    fputc ('\n', stderr);
  if (!wait.ok)
    {
      int code = g_error_matches (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                 ? VS_CLI_EXIT_PROBLEMS : vs_cli_exit_for_error (wait.error);

      vs_cli_error ("%s", wait.error->message);
      g_clear_error (&wait.error);
      return code;
    }

  return vs_cli_eval_print_summary (project, run_id, json);
}

static gint64
find_run (VsProject  *project,
          const char *name)
{
  g_autoptr(GError) error = NULL;
  gint64 id = vs_run_data_find_run (project, name, &error);

  if (id <= 0)
    vs_cli_error ("%s", error ? error->message : "there is no run with that name");
  return id;
}

static const VsCliHelp summary_help = {
  .name = "eval summary",
  .usage = "FILE.versus RUN [--json]",
  .summary = "Show a run's pass rates with intervals, paired tests, latency and cost",
  .details = "Prints a table per contender and per pair of contenders; --json prints the "
             "summary object. RUN is the run's name or number.",
  .examples = "versus-cli eval summary support.versus nightly\n"
              "versus-cli eval summary support.versus 1 --json",
};

gint64
vs_cli_eval_find_run (VsProject  *project,
                      const char *name)
{
  return find_run (project, name);
}

static int
eval_summary (int    argc,
              char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&summary_help);
  int parsed;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  gint64 run_id;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the summary as JSON on stdout", NULL },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 3)
    return vs_cli_usage_error ("eval summary", "expected a PROJECT and a RUN name");
  project = vs_cli_open_project (argv[1], VS_PROJECT_OPEN_READONLY);
  if (project == NULL)
    return VS_CLI_EXIT_USAGE;
  run_id = find_run (project, argv[2]);
  if (run_id <= 0)
    return VS_CLI_EXIT_USAGE;
  summary = vs_eval_summary_build (project, run_id, FALSE, &error);
  if (summary == NULL)
    return vs_cli_fail (error);
  if (json)
    vs_cli_print_json (summary);
  else
    print_summary_text (summary);
  return VS_CLI_EXIT_OK;
}

static const VsCliHelp export_help = {
  .name = "eval export",
  .usage = "FILE.versus RUN -o OUT.jsonl|OUT.csv",
  .summary = "Write one record per trial of a run as JSONL or CSV",
  .details = "RUN is the run's name or number.",
  .examples = "versus-cli eval export support.versus nightly -o trials.jsonl\n"
              "versus-cli eval export support.versus nightly -o trials.csv",
};

static int
eval_export (int    argc,
             char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&export_help);
  int parsed;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  gint64 run_id;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Where to write (.jsonl or .csv)", "OUT" },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 3)
    return vs_cli_usage_error ("eval export", "expected a PROJECT and a RUN name");
  if (output == NULL)
    return vs_cli_usage_error ("eval export", "-o OUT.jsonl or OUT.csv is required");
  if (!g_str_has_suffix (output, ".jsonl") && !g_str_has_suffix (output, ".csv"))
    return vs_cli_usage_error ("eval export", "the output must end in .jsonl or .csv");
  project = vs_cli_open_project (argv[1], VS_PROJECT_OPEN_READONLY);
  if (project == NULL)
    return VS_CLI_EXIT_USAGE;
  run_id = find_run (project, argv[2]);
  if (run_id <= 0)
    return VS_CLI_EXIT_USAGE;
  if (!vs_eval_export (project, run_id, output, &error))
    {
      vs_cli_error ("%s", error->message);
      return VS_CLI_EXIT_USAGE;
    }
  return VS_CLI_EXIT_OK;
}

/* The run's data for charts and reports; NULL (with the message printed) when the project or
 * run cannot be read. */
static VsRunData *
load_run (const char *path,
          const char *run,
          int        *exit_code)
{
  g_autoptr(VsProject) project = vs_cli_open_project (path, VS_PROJECT_OPEN_READONLY);
  g_autoptr(GError) error = NULL;
  VsRunData *data;
  gint64 run_id;

  *exit_code = VS_CLI_EXIT_USAGE;
  if (project == NULL)
    return NULL;
  run_id = find_run (project, run);
  if (run_id <= 0)
    return NULL;
  data = vs_run_data_load (project, run_id, &error);
  if (data == NULL)
    {
      vs_cli_error ("%s", error->message);
      return NULL;
    }
  *exit_code = VS_CLI_EXIT_OK;
  return data;
}

static gboolean
run_kind (const char  *command,
          const char  *name,
          VsChartKind *kind)
{
  guint n;
  const VsChartKind *kinds = vs_run_chart_kinds (&n);

  if (vs_chart_kind_from_string (name, kind))
    for (guint i = 0; i < n; i++)
      if (kinds[i] == *kind)
        return TRUE;
  vs_cli_usage_error (command, "“%s” is not a chart of a run; KIND is one of bars, "
                      "paired-scatter, confusion-matrix, latency, cost-quality, breakeven",
                      name);
  return FALSE;
}

#define RUN_CHART_KINDS_HELP \
  "KIND is one of:\n" \
  "  bars              pass rate and 0–1 scores per contender, with 95% intervals\n" \
  "  paired-scatter    one point per case, contender A against B (default: the first two)\n" \
  "  confusion-matrix  actual against predicted labels (first contender with a label metric)\n" \
  "  latency           latency distribution per contender\n" \
  "  cost-quality      cost per 1,000 requests against pass rate, with the Pareto front\n" \
  "  breakeven         total cost against requests: when training pays for itself\n" \
  "A chart without data (no prices, no training cost, no label metric) still draws, with the " \
  "reason in the chart area.\n" \
  "RUN is the run's name (as `eval summary` prints it) or its number."

static const VsCliHelp chart_help = {
  .name = "eval chart",
  .usage = "FILE.versus RUN KIND -o OUT.png|OUT.svg|OUT.pdf [--width W --height H] [--dark] "
           "[--a NAME --b NAME] [--contender NAME] [--metric NAME]",
  .summary = "Draw one of a run's charts",
  .details = "Draws the chart of KIND for the run.\n\n" RUN_CHART_KINDS_HELP,
  .examples = "versus-cli eval chart support.versus nightly bars -o bars.png\n"
              "versus-cli eval chart support.versus nightly paired-scatter --a prompt --b "
              "fine-tuned -o scatter.svg --dark",
};

static const VsCliHelp spec_help = {
  .name = "eval spec",
  .usage = "FILE.versus RUN KIND [--a NAME --b NAME] [--contender NAME] [--metric NAME]",
  .summary = "Print a run chart's spec JSON (for `versus-cli chart render`)",
  .details = "Prints the chart spec of KIND for the run on stdout, for `versus-cli chart "
             "render` to draw or restyle.\n\n" RUN_CHART_KINDS_HELP,
  .examples = "versus-cli eval spec support.versus nightly cost-quality > cost.json\n"
              "versus-cli eval spec support.versus 1 bars --metric exact_match",
};

static int
eval_chart_common (int      argc,
                   char   **argv,
                   gboolean print_spec)
{
  const char *command = print_spec ? "eval spec" : "eval chart";
  g_autoptr(VsCliCommand) cli = vs_cli_command_new (print_spec ? &spec_help : &chart_help);
  int parsed;
  g_autoptr(VsRunData) data = NULL;
  g_autoptr(VsChartSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *contender = NULL;
  g_autofree char *metric = NULL;
  double width = 720, height = 450;
  gboolean dark = FALSE;
  VsRunChartOptions options = { 0 };
  VsChartFormat format;
  VsChartKind kind;
  VsChartStyle style;
  int code;
  const GOptionEntry draw_entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Where to write; the format follows the extension (.png at 2×, .svg, .pdf)", "OUT" },
    { "width", 0, 0, G_OPTION_ARG_DOUBLE, &width, "Width in points (default 720)", "W" },
    { "height", 0, 0, G_OPTION_ARG_DOUBLE, &height, "Height in points (default 450)", "H" },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, "Light ink on a dark background", NULL },
    { NULL }
  };
  const GOptionEntry entries[] = {
    { "a", 0, 0, G_OPTION_ARG_STRING, &a,
      "paired-scatter: the contender on the x axis (default: the first)", "NAME" },
    { "b", 0, 0, G_OPTION_ARG_STRING, &b,
      "paired-scatter: the contender on the y axis (default: the second)", "NAME" },
    { "contender", 0, 0, G_OPTION_ARG_STRING, &contender,
      "confusion-matrix: the contender to show (default: the first with a label metric)",
      "NAME" },
    { "metric", 0, 0, G_OPTION_ARG_STRING, &metric,
      "bars: only this metric; paired-scatter, cost-quality: this scored metric instead of "
      "the pass rate (pass_rate names the pass rate)", "NAME" },
    { NULL }
  };

  if (!print_spec)
    vs_cli_command_add_entries (cli, NULL, draw_entries);
  vs_cli_command_add_entries (cli, NULL, entries);
  if ((parsed = vs_cli_command_parse (cli, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 4)
    return vs_cli_usage_error (command, "expected a PROJECT, a RUN and a KIND");
  if (!run_kind (command, argv[3], &kind))
    return VS_CLI_EXIT_USAGE;
  if (!print_spec)
    {
      if (output == NULL)
        return vs_cli_usage_error (command, "-o OUT.png, OUT.svg or OUT.pdf is required");
      if (!vs_chart_format_from_string (output, &format))
        return vs_cli_usage_error (command, "the output must end in .png, .svg or .pdf");
      if (!(width >= 64 && width <= 10000 && height >= 64 && height <= 10000))
        return vs_cli_usage_error (command, "--width and --height go from 64 to 10000");
    }

  data = load_run (argv[1], argv[2], &code);
  if (data == NULL)
    return code;
  options.a = a;
  options.b = b;
  options.contender = contender;
  options.metric = metric;
  spec = vs_run_chart_build (data, kind, &options, &error);
  if (spec == NULL)
    return vs_cli_usage_error (command, "%s", error->message);
  if (print_spec)
    {
      g_autofree char *json = vs_chart_spec_to_json (spec, TRUE);

      printf ("%s\n", json);
      return VS_CLI_EXIT_OK;
    }
  vs_chart_style_init (&style, dark);
  if (!vs_chart_export (spec, output, width, height, &style, &error))
    {
      vs_cli_error ("%s", error->message);
      return VS_CLI_EXIT_USAGE;
    }
  return VS_CLI_EXIT_OK;
}

static int
eval_chart (int    argc,
            char **argv)
{
  return eval_chart_common (argc, argv, FALSE);
}

static int
eval_spec (int    argc,
           char **argv)
{
  return eval_chart_common (argc, argv, TRUE);
}

static void
report_progress (double   fraction,
                 gpointer data)
{
  gboolean tty = GPOINTER_TO_INT (data);

  if (tty)
    {
      fprintf (stderr, "\rreport: %3.0f%%", fraction * 100);
      fflush (stderr);
    }
}

static const VsCliHelp report_help = {
  .name = "eval report",
  .usage = "FILE.versus RUN -o OUT.pdf|OUT.html [--title T]",
  .summary = "Write a PDF or self-contained HTML report with the decision and charts",
  .details = "Writes a report on the run for people who will not open the "
             "app: the decision in plain words, the summary table, every "
             "chart with its description, and the method (cases and "
             "snapshot, repeats, metrics, statistical tests, prices). The "
             "HTML page has no script and no reference to any other file "
             "or host."
             "\n\n"
             "RUN is the run's name (as `eval summary` prints it) or "
             "its number.",
  .examples = "versus-cli eval report support.versus nightly -o report.pdf\n"
              "versus-cli eval report support.versus nightly -o report.html --title \"Triage: "
              "prompt or fine-tune?\"",
};

static int
eval_report (int    argc,
             char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&report_help);
  int parsed;
  g_autoptr(VsRunData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *title = NULL;
  VsReportOptions options = { 0 };
  VsReportFormat format;
  gboolean tty = isatty (STDERR_FILENO);
  int code;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Where to write: .pdf (multi-page) or .html (one self-contained page)", "OUT" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title,
      "The report's title (default: “Evaluation report: RUN”)", "T" },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 3)
    return vs_cli_usage_error ("eval report", "expected a PROJECT and a RUN");
  if (output == NULL)
    return vs_cli_usage_error ("eval report", "-o OUT.pdf or OUT.html is required");
  if (!vs_report_format_from_path (output, &format))
    return vs_cli_usage_error ("eval report", "the output must end in .pdf or .html");
  data = load_run (argv[1], argv[2], &code);
  if (data == NULL)
    return code;
  options.title = title;
  if (!vs_report_write (data, output, &options, NULL, report_progress, GINT_TO_POINTER (tty),
                        &error))
    {
      if (tty)
        fputc ('\n', stderr);
      vs_cli_error ("%s", error->message);
      return VS_CLI_EXIT_USAGE;
    }
  if (tty)
    fputc ('\n', stderr);
  return VS_CLI_EXIT_OK;
}

const VsCliHelp vs_cli_eval_help = {
  .name = "eval",
  .summary = "Run evaluations and summarise, export, chart and report on them",
  .details = "RUN is a run's name or number.",
  .examples = "versus-cli eval run triage-eval.json --project support.versus --name nightly\n"
              "versus-cli eval summary support.versus nightly\n"
              "versus-cli eval report support.versus nightly -o report.pdf",
};

static const VsCliSubcommand eval_commands[] = {
  { &run_help, eval_run },
  { &summary_help, eval_summary },
  { &export_help, eval_export },
  { &chart_help, eval_chart },
  { &spec_help, eval_spec },
  { &report_help, eval_report },
  { &vs_cli_eval_import_batch_help, vs_cli_eval_import_batch },
  { &vs_cli_eval_batches_help, vs_cli_eval_batches },
  { &vs_cli_eval_cancel_help, vs_cli_eval_cancel },
};

int
vs_cli_eval_main (int    argc,
                  char **argv)
{
  return vs_cli_dispatch (&vs_cli_eval_help, eval_commands,
                          G_N_ELEMENTS (eval_commands), argc, argv);
}
