/* vs-cli-finetune.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli finetune create --model BASE --train FILE [--validation FILE] [--epochs N]
 *                            [--batch-size N] [--learning-rate-multiplier X]
 *                            [--learning-rate X] [--suffix S] [--seed N] [--json]
 * versus-cli finetune status JOB [--json]        one GET of the job
 * versus-cli finetune events JOB [--json]        oldest first, each once
 * versus-cli finetune cancel JOB
 * versus-cli finetune list [--json]
 * versus-cli finetune chart JOB -o OUT.(png|svg|pdf)
 * versus-cli finetune kit DATASET_FILE -o DIR [--base-model M]
 * All but kit take --provider openai|together|fireworks|mistral, --endpoint URL (or, with
 * --project, a saved endpoint's name) and --project FILE.versus (the job is recorded there;
 * the endpoint is found or added by URL). Keys come from the environment as for `chat`. The
 * cost estimate of create goes to stderr; nothing ever prompts.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "vs-chart-export.h"
#include "vs-chart-render.h"
#include "vs-chart-spec.h"
#include "vs-cli.h"
#include "vs-cli-command.h"
#include "vs-finetune-charts.h"
#include "vs-cli-commands.h"
#include "vs-cli-table.h"
#include "vs-cli-llm.h"
#include "vs-engine-registry.h"
#include "vs-error.h"
#include "vs-finetune-kit.h"
#include "vs-finetune-launch.h"
#include "vs-finetune-provider.h"
#include "vs-finetune-store.h"
#include "vs-json.h"
#include "vs-prices.h"
#include "vs-secrets.h"
#include "vs-tokenizer.h"

/* Files larger than this get no token estimate (tokenizing takes ~1 s per 3 MB). */
#define ESTIMATE_MAX_BYTES (64 * 1024 * 1024)

typedef struct
{
  char                   *provider_text;
  char                   *endpoint;
  char                   *project_path;
  gboolean                json;
  /* resolved */
  VsFinetuneProviderKind  kind;
  VsProject              *project;
  VsEndpoint             *saved_endpoint;
  VsFinetuneProvider     *provider;
  GCancellable           *cancellable;
} Ctx;

static void
ctx_clear (Ctx *ctx)
{
  g_free (ctx->provider_text);
  g_free (ctx->endpoint);
  g_free (ctx->project_path);
  g_clear_object (&ctx->provider);
  g_clear_object (&ctx->saved_endpoint);
  if (ctx->project != NULL && vs_project_get_writer (ctx->project) != NULL)
    vs_writer_flush (vs_project_get_writer (ctx->project), NULL);
  g_clear_object (&ctx->project);
  g_clear_object (&ctx->cancellable);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Ctx, ctx_clear)

static void
add_common (VsCliCommand *command,
            Ctx          *ctx,
            gboolean      with_json)
{
  const GOptionEntry entries[] = {
    { "provider", 0, 0, G_OPTION_ARG_STRING, &ctx->provider_text,
      "openai (any OpenAI-compatible API, the default), together, fireworks or mistral", "P" },
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, &ctx->endpoint,
      "Base URL (Fireworks: …/v1/accounts/ACCOUNT), or with --project the name of an "
      "endpoint saved in the project (default: the provider's public API)", "URL|NAME" },
    { "project", 0, 0, G_OPTION_ARG_FILENAME, &ctx->project_path,
      "Record the job in this project file", "FILE.versus" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &ctx->json, "Machine-readable output on stdout", NULL },
    { NULL }
  };
  GOptionEntry copy[G_N_ELEMENTS (entries)];

  memcpy (copy, entries, sizeof entries);
  if (!with_json)
    copy[3] = copy[4];
  vs_cli_command_add_entries (command, "Provider options", copy);
}

static const char *
default_url (VsFinetuneProviderKind kind)
{
  switch (kind)
    {
    case VS_FINETUNE_PROVIDER_OPENAI:
      return "https://api.openai.com/v1";
    case VS_FINETUNE_PROVIDER_TOGETHER:
      return "https://api.together.xyz/v1";
    case VS_FINETUNE_PROVIDER_MISTRAL:
      return "https://api.mistral.ai/v1";
    case VS_FINETUNE_PROVIDER_FIREWORKS:
    default:
      return NULL;
    }
}

/* The saved endpoint named @text or with @text's URL; else a new one saved for @text. */
static VsEndpoint *
project_endpoint (Ctx         *ctx,
                  const char  *command,
                  int         *exit_code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsEndpoint) endpoint = NULL;

  endpoint = vs_cli_llm_find_endpoint (ctx->project, ctx->endpoint, "openai", &error);
  if (endpoint != NULL)
    return g_steal_pointer (&endpoint);
  if (error != NULL)
    {
      *exit_code = vs_cli_fail (error);
      return NULL;
    }
  if (!vs_cli_llm_looks_like_url (ctx->endpoint))
    {
      *exit_code = vs_cli_usage_error (command, "%s has no endpoint called “%s”",
                                       vs_project_get_path (ctx->project), ctx->endpoint);
      return NULL;
    }
  endpoint = vs_endpoint_new (VS_ENDPOINT_KIND_OPENAI, ctx->endpoint, &error);
  if (endpoint == NULL)
    {
      *exit_code = vs_cli_usage_error (command, "%s", error->message);
      return NULL;
    }
  {
    g_autofree char *host = vs_endpoint_dup_host (endpoint);
    g_autofree char *name = g_strdup_printf ("%s (%s)", host,
                                             vs_finetune_provider_kind_to_string (ctx->kind));
    vs_endpoint_set_name (endpoint, name);
  }
  if (!vs_endpoint_save (endpoint, ctx->project, &error))
    {
      *exit_code = vs_cli_fail (error);
      return NULL;
    }
  return g_steal_pointer (&endpoint);
}

/* --provider, --project, --endpoint → the provider over the endpoint's engine. */
static gboolean
ctx_connect (Ctx        *ctx,
             const char *command,
             int        *exit_code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsRequestEngine) engine = NULL;

  ctx->cancellable = g_cancellable_new ();
  if (ctx->provider_text != NULL &&
      !vs_finetune_provider_kind_from_string (ctx->provider_text, &ctx->kind, &error))
    {
      *exit_code = vs_cli_usage_error (command, "%s", error->message);
      return FALSE;
    }
  if (ctx->endpoint == NULL)
    ctx->endpoint = g_strdup (default_url (ctx->kind));
  if (ctx->endpoint == NULL)
    {
      *exit_code = vs_cli_usage_error (command, "--endpoint URL is required for %s (e.g. "
                                       "https://api.fireworks.ai/v1/accounts/ACCOUNT)",
                                       vs_finetune_provider_kind_to_string (ctx->kind));
      return FALSE;
    }

  if (ctx->project_path != NULL)
    {
      ctx->project = vs_cli_open_project (ctx->project_path, VS_PROJECT_OPEN_CREATE);
      if (ctx->project == NULL)
        {
          *exit_code = VS_CLI_EXIT_USAGE;
          return FALSE;
        }
      ctx->saved_endpoint = project_endpoint (ctx, command, exit_code);
      if (ctx->saved_endpoint == NULL)
        return FALSE;
      engine = vs_cli_llm_engine_for_endpoint (ctx->project, ctx->saved_endpoint);
    }
  else
    {
      engine = vs_cli_llm_engine_resolve (command, ctx->endpoint, "openai", NULL, NULL,
                                          exit_code);
      if (engine == NULL)
        return FALSE;
    }
  ctx->provider = vs_finetune_provider_new (ctx->kind, engine);
  return TRUE;
}

/* Waiting */

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} Call;

static void
on_call (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Call *call = data;

  call->result = g_object_ref (result);
  call->done = TRUE;
}

static GAsyncResult *
wait_call (Ctx  *ctx,
           Call *call)
{
  vs_cli_llm_wait (&call->done, ctx->cancellable);
  return call->result;
}

static VsFinetuneJob *
get_job (Ctx         *ctx,
         const char  *id,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Call call = { 0 };

  vs_finetune_provider_get_async (ctx->provider, id, ctx->cancellable, on_call, &call);
  result = wait_call (ctx, &call);
  return vs_finetune_provider_job_finish (ctx->provider, result, error);
}

static GPtrArray *
get_events (Ctx         *ctx,
            const char  *id,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Call call = { 0 };

  vs_finetune_provider_events_async (ctx->provider, id, ctx->cancellable, on_call, &call);
  result = wait_call (ctx, &call);
  return vs_finetune_provider_events_finish (ctx->provider, result, error);
}

/* The project's row for remote job @id (0 when none or no project). */
static gint64
stored_job_id (Ctx        *ctx,
               const char *id)
{
  g_autoptr(VsFinetuneJobInfo) info = NULL;

  if (ctx->project == NULL)
    return 0;
  info = vs_finetune_store_find_remote (ctx->project,
                                        vs_finetune_provider_kind_to_string (ctx->kind), id,
                                        NULL);
  return info ? info->id : 0;
}

static void
print_job_line (const VsFinetuneJob *job)
{
  const char *model = job->fine_tuned_model ? job->fine_tuned_model : job->model;

  printf ("%s %s%s%s\n", vs_finetune_state_to_string (job->state),
          job->status && *job->status ? job->status : "-", model ? " " : "", model ? model : "");
  if (job->error != NULL)
    vs_cli_error ("%s", job->error);
}

/* create ---------------------------------------------------------------------------------- */

/* Prints the estimate on stderr; the cost in dollars, or < 0 when not known. */
static double
print_estimate (Ctx        *ctx,
                const char *train,
                const char *model,
                int         epochs)
{
  g_autoptr(GFile) file = g_file_new_for_path (train);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);
  VsFinetuneEstimate estimate;

  if (info == NULL || g_file_info_get_size (info) > ESTIMATE_MAX_BYTES)
    {
      fprintf (stderr, "Estimate: skipped (the training file is larger than %d MB)\n",
               ESTIMATE_MAX_BYTES / (1024 * 1024));
      return -1;
    }
  if (!vs_finetune_estimate_file (train, model, epochs, ctx->project, &estimate, NULL))
    return -1;
  fprintf (stderr, "Estimate: %" G_GINT64_FORMAT " examples, %" G_GINT64_FORMAT
           " training tokens × %d epochs%s = %" G_GINT64_FORMAT " billable tokens",
           estimate.n_examples, estimate.tokens, estimate.epochs,
           estimate.epochs_auto ? " (auto)" : "", estimate.billable_tokens);
  if (estimate.cost >= 0)
    fprintf (stderr, "; about $%.2f at $%.2f per 1M training tokens\n", estimate.cost,
             estimate.price_per_m);
  else
    fprintf (stderr, "; cost unknown (no training price for %s%s)\n", model,
             ctx->project ? " in the project" : "; give --project with a price table");
  return estimate.cost;
}

static const VsCliHelp create_help = {
  .name = "finetune create",
  .usage = "--model BASE --train FILE [--validation FILE] [--epochs N] [--batch-size N] "
           "[--learning-rate-multiplier X] [--learning-rate X] [--suffix S] [--seed N] "
           "[PROVIDER OPTIONS] [--json]",
  .summary = "Upload training data and start a fine-tuning job",
  .details = "Checks the files against the provider's size limit, prints a cost estimate on "
             "stderr, uploads the files (streamed), starts the job and prints its id on stdout "
             "(with --json the job object: id, state, status, model, fine_tuned_model, "
             "created_at, finished_at, error) and what it started on stderr. The API key comes "
             "from $VERSUS_API_KEY, else $OPENAI_API_KEY; nothing ever prompts.",
  .examples = "versus-cli finetune create --model gpt-4o-mini-2024-07-18 --train train.jsonl "
              "--validation validation.jsonl --project support.versus\n"
              "versus-cli finetune create --provider together --model "
              "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference --train train.jsonl --epochs 3 "
              "--json",
};

static int
finetune_create (int    argc,
                 char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&create_help);
  g_auto(Ctx) ctx = { 0 };
  g_autoptr(VsFinetuneParams) params = vs_finetune_params_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VsFinetuneJob) job = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *model = NULL;
  g_autofree char *train = NULL;
  g_autofree char *validation = NULL;
  g_autofree char *suffix = NULL;
  int epochs = 0, batch_size = 0;
  gint64 seed = -1;
  double lr_multiplier = 0, learning_rate = 0, cost;
  int exit_code = VS_CLI_EXIT_OK;
  Call call = { 0 };
  const GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_STRING, &model, "Base model", "BASE" },
    { "train", 0, 0, G_OPTION_ARG_FILENAME, &train, "Training file (chat JSONL)", "FILE" },
    { "validation", 0, 0, G_OPTION_ARG_FILENAME, &validation, "Validation file", "FILE" },
    { "epochs", 0, 0, G_OPTION_ARG_INT, &epochs, "Epochs (default: auto)", "N" },
    { "batch-size", 0, 0, G_OPTION_ARG_INT, &batch_size, "Batch size (default: auto)", "N" },
    { "learning-rate-multiplier", 0, 0, G_OPTION_ARG_DOUBLE, &lr_multiplier,
      "Learning-rate multiplier, OpenAI-compatible (default: auto)", "X" },
    { "learning-rate", 0, 0, G_OPTION_ARG_DOUBLE, &learning_rate,
      "Learning rate, Together/Fireworks/Mistral (default: the provider's)", "X" },
    { "suffix", 0, 0, G_OPTION_ARG_STRING, &suffix, "Suffix of the fine-tuned model's name",
      "S" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed", "N" },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  add_common (command, &ctx, TRUE);
  if ((exit_code = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return exit_code;
  exit_code = VS_CLI_EXIT_OK;
  if (argc != 1)
    return vs_cli_usage_error ("finetune create", "unexpected argument “%s”", argv[1]);
  if (model == NULL || *model == '\0')
    return vs_cli_usage_error ("finetune create", "--model BASE is required");
  if (train == NULL)
    return vs_cli_usage_error ("finetune create", "--train FILE is required");
  if (epochs < 0 || batch_size < 0 || lr_multiplier < 0 || learning_rate < 0)
    return vs_cli_usage_error ("finetune create", "hyperparameters must be positive");
  if (!ctx_connect (&ctx, "finetune create", &exit_code))
    return exit_code;

  /* Refuse what the provider would refuse before anything is sent. */
  {
    g_autoptr(GFile) t = g_file_new_for_path (train);
    g_autoptr(GFile) v = validation ? g_file_new_for_path (validation) : NULL;
    if (!vs_finetune_provider_check_file (ctx.provider, t, &error) ||
        (v != NULL && !vs_finetune_provider_check_file (ctx.provider, v, &error)))
      return vs_cli_fail (error);
  }
  cost = print_estimate (&ctx, train, model, epochs);

  params->base_model = g_strdup (model);
  params->n_epochs = epochs;
  params->batch_size = batch_size;
  params->learning_rate_multiplier = lr_multiplier;
  params->learning_rate = learning_rate;
  params->suffix = g_strdup (suffix);
  params->seed = seed;
  {
    g_autoptr(GFile) t = g_file_new_for_path (train);
    g_autoptr(GFile) v = validation ? g_file_new_for_path (validation) : NULL;

    vs_finetune_launch_async (ctx.provider, ctx.project,
                              ctx.saved_endpoint ? vs_endpoint_get_id (ctx.saved_endpoint) : 0,
                              t, v, params, cost, ctx.cancellable, on_call, &call);
    result = wait_call (&ctx, &call);
    job = vs_finetune_launch_finish (ctx.provider, result, NULL, &error);
    if (job == NULL)
      return vs_cli_fail (error);
  }

  if (ctx.json)
    {
      g_autoptr(JsonNode) node = vs_finetune_job_to_json (job);
      vs_cli_print_json (node);
    }
  else
    printf ("%s\n", job->id);
  fflush (stdout);
  /* The id alone on stdout, for scripts; the sentence on stderr. */
  fprintf (stderr, "Started fine-tuning job %s on %s (%s)%s%s.\n", job->id,
           vs_finetune_provider_kind_to_string (ctx.kind), model,
           ctx.project != NULL ? ", recorded in " : "",
           ctx.project != NULL ? vs_project_get_path (ctx.project) : "");
  return VS_CLI_EXIT_OK;
}

/* status, events, cancel ------------------------------------------------------------------ */

/* Parses a command on one JOB; returns VS_CLI_GO_ON when connected, else the exit code. */
static int
parse_job_command (const VsCliHelp    *help,
                   int                *argc,
                   char             ***argv,
                   Ctx                *ctx,
                   gboolean            with_json,
                   const GOptionEntry *extra)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (help);
  int exit_code = VS_CLI_EXIT_OK;

  if (extra != NULL)
    vs_cli_command_add_entries (command, NULL, extra);
  add_common (command, ctx, with_json);
  if ((exit_code = vs_cli_command_parse (command, argc, argv)) != VS_CLI_GO_ON)
    return exit_code;
  if (*argc != 2)
    return vs_cli_usage_error (help->name, "expected one JOB id");
  if (!ctx_connect (ctx, help->name, &exit_code))
    return exit_code;
  return VS_CLI_GO_ON;
}

/* The data snapshot a job stored in the project used: "snapshot_id" (null when none or not
 * stored) and "snapshot" (its name). */
static void
add_snapshot (Ctx        *ctx,
              gint64      stored,
              JsonObject *object)
{
  g_autoptr(VsFinetuneJobInfo) info = NULL;

  if (stored > 0)
    info = vs_finetune_store_get (ctx->project, stored, NULL);
  if (info != NULL && info->snapshot_id > 0)
    json_object_set_int_member (object, "snapshot_id", info->snapshot_id);
  else
    json_object_set_null_member (object, "snapshot_id");
  json_object_set_string_member (object, "snapshot", info ? info->snapshot_name : NULL);
}

static const VsCliHelp status_help = {
  .name = "finetune status",
  .usage = "JOB [PROVIDER OPTIONS] [--json]",
  .summary = "Show a fine-tuning job's state",
  .details = "Prints “STATE raw-status [model]” from one GET of the job; --json prints {id, "
             "state, status, model, fine_tuned_model, created_at, finished_at, error, "
             "snapshot_id, snapshot} (the data snapshot the job's training file was exported "
             "from, null when unknown; --project).",
  .examples = "versus-cli finetune status ftjob-abc123\n"
              "versus-cli finetune status ftjob-abc123 --project support.versus --json",
};

static int
finetune_status (int    argc,
                 char **argv)
{
  g_auto(Ctx) ctx = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VsFinetuneJob) job = NULL;
  gint64 stored;
  int exit_code;

  exit_code = parse_job_command (&status_help, &argc, &argv, &ctx, TRUE, NULL);
  if (exit_code != VS_CLI_GO_ON)
    return exit_code;
  job = get_job (&ctx, argv[1], &error);
  if (job == NULL)
    return vs_cli_fail (error);
  if ((stored = stored_job_id (&ctx, job->id)) > 0 &&
      vs_finetune_store_record (ctx.project, stored, job, job->events, job->checkpoints,
                                &error) < 0)
    return vs_cli_fail (error);
  if (ctx.json)
    {
      g_autoptr(JsonNode) node = vs_finetune_job_to_json (job);

      add_snapshot (&ctx, stored, json_node_get_object (node));
      vs_cli_print_json (node);
    }
  else
    print_job_line (job);
  return VS_CLI_EXIT_OK;
}

static const VsCliHelp events_help = {
  .name = "finetune events",
  .usage = "JOB [PROVIDER OPTIONS] [--json]",
  .summary = "Print a fine-tuning job's events, oldest first",
  .details = "Prints the job's events oldest first, each once, one per line (time, level, "
             "message, metrics); --json prints an array of {id, created_at, level, message, "
             "metrics: {step, train_loss, …} | null}.",
  .examples = "versus-cli finetune events ftjob-abc123\n"
              "versus-cli finetune events ftjob-abc123 --provider mistral --json",
};

static int
finetune_events (int    argc,
                 char **argv)
{
  g_auto(Ctx) ctx = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gint64 stored;
  int exit_code;

  exit_code = parse_job_command (&events_help, &argc, &argv, &ctx, TRUE, NULL);
  if (exit_code != VS_CLI_GO_ON)
    return exit_code;
  events = get_events (&ctx, argv[1], &error);
  if (events == NULL)
    return vs_cli_fail (error);
  if ((stored = stored_job_id (&ctx, argv[1])) > 0 &&
      vs_finetune_store_record (ctx.project, stored, NULL, events, NULL, &error) < 0)
    return vs_cli_fail (error);

  if (ctx.json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < events->len; i++)
        json_array_add_element (array, vs_finetune_event_to_json (g_ptr_array_index (events,
                                                                                     i)));
      json_node_take_array (root, array);
      vs_cli_print_json (root);
      return VS_CLI_EXIT_OK;
    }
  for (guint i = 0; i < events->len; i++)
    {
      VsFinetuneEvent *e = g_ptr_array_index (events, i);
      g_autofree char *metrics = e->data ? vs_json_to_string (e->data, FALSE) : NULL;

      printf ("%s %s %s%s%s\n", e->created_at ? e->created_at : "-",
              e->level ? e->level : "info", e->message ? e->message : "",
              metrics ? " " : "", metrics ? metrics : "");
    }
  return VS_CLI_EXIT_OK;
}

static const VsCliHelp cancel_help = {
  .name = "finetune cancel",
  .usage = "JOB [PROVIDER OPTIONS] [--json]",
  .summary = "Cancel a fine-tuning job",
  .details = "Asks the provider to cancel the job and prints the state it is in afterwards "
             "(CANCELLING or CANCELLED).",
  .examples = "versus-cli finetune cancel ftjob-abc123 --project support.versus",
};

static int
finetune_cancel (int    argc,
                 char **argv)
{
  g_auto(Ctx) ctx = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VsFinetuneJob) job = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  Call call = { 0 };
  gint64 stored;
  int exit_code;

  exit_code = parse_job_command (&cancel_help, &argc, &argv, &ctx, TRUE, NULL);
  if (exit_code != VS_CLI_GO_ON)
    return exit_code;
  vs_finetune_provider_cancel_async (ctx.provider, argv[1], ctx.cancellable, on_call, &call);
  result = wait_call (&ctx, &call);
  job = vs_finetune_provider_job_finish (ctx.provider, result, &error);
  if (job == NULL)
    return vs_cli_fail (error);
  if ((stored = stored_job_id (&ctx, argv[1])) > 0 &&
      vs_finetune_store_record (ctx.project, stored, job, NULL, NULL, &error) < 0)
    return vs_cli_fail (error);
  if (ctx.json)
    {
      g_autoptr(JsonNode) node = vs_finetune_job_to_json (job);
      vs_cli_print_json (node);
    }
  else
    print_job_line (job);
  return VS_CLI_EXIT_OK;
}

/* list ------------------------------------------------------------------------------------- */

static VsFinetuneJob *
job_from_info (const VsFinetuneJobInfo *info)
{
  VsFinetuneJob *job = g_new0 (VsFinetuneJob, 1);

  job->id = g_strdup (info->remote_id);
  job->status = g_strdup (info->raw_status);
  job->state = vs_finetune_state_from_string (info->state);
  job->model = g_strdup (info->base_model);
  job->fine_tuned_model = g_strdup (info->fine_tuned_model);
  job->created_at = g_strdup (info->created_at);
  job->finished_at = g_strdup (info->finished_at);
  job->error = g_strdup (info->error);
  job->trained_tokens = info->trained_tokens;
  return job;
}

static const VsCliHelp list_help = {
  .name = "finetune list",
  .usage = "[PROVIDER OPTIONS] [--json]",
  .summary = "List fine-tuning jobs",
  .details = "Lists the project's jobs with --project, else the provider's, as a table (id, "
             "state, raw status, model, created); --json prints an array of job objects (as "
             "status --json).",
  .examples = "versus-cli finetune list --project support.versus\n"
              "versus-cli finetune list --provider together --json",
};

static int
finetune_list (int    argc,
               char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&list_help);
  g_autoptr(VsCliTable) table = NULL;
  g_auto(Ctx) ctx = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) infos = NULL;
  int exit_code = VS_CLI_EXIT_OK;

  add_common (command, &ctx, TRUE);
  if ((exit_code = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return exit_code;
  exit_code = VS_CLI_EXIT_OK;
  if (argc != 1)
    return vs_cli_usage_error ("finetune list", "unexpected argument “%s”", argv[1]);

  if (ctx.project_path != NULL)
    {
      ctx.project = vs_cli_open_project (ctx.project_path, VS_PROJECT_OPEN_READONLY);
      if (ctx.project == NULL)
        return VS_CLI_EXIT_USAGE;
      infos = vs_finetune_store_list (ctx.project, &error);
      if (infos == NULL)
        return vs_cli_fail (error);
      jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_finetune_job_free);
      for (guint i = 0; i < infos->len; i++)
        g_ptr_array_add (jobs, job_from_info (g_ptr_array_index (infos, i)));
    }
  else
    {
      g_autoptr(GAsyncResult) result = NULL;
      Call call = { 0 };

      if (!ctx_connect (&ctx, "finetune list", &exit_code))
        return exit_code;
      vs_finetune_provider_list_async (ctx.provider, ctx.cancellable, on_call, &call);
      result = wait_call (&ctx, &call);
      jobs = vs_finetune_provider_list_finish (ctx.provider, result, &error);
      if (jobs == NULL)
        return vs_cli_fail (error);
    }

  if (ctx.json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < jobs->len; i++)
        {
          JsonNode *node = vs_finetune_job_to_json (g_ptr_array_index (jobs, i));

          /* From the project: the data snapshot each job used. */
          if (infos != NULL)
            add_snapshot (&ctx, ((VsFinetuneJobInfo *) g_ptr_array_index (infos, i))->id,
                          json_node_get_object (node));
          json_array_add_element (array, node);
        }
      json_node_take_array (root, array);
      vs_cli_print_json (root);
      return VS_CLI_EXIT_OK;
    }
  table = vs_cli_table_new ("ID", "STATE", "STATUS", "MODEL", "CREATED", NULL);
  for (guint i = 0; i < jobs->len; i++)
    {
      VsFinetuneJob *job = g_ptr_array_index (jobs, i);
      const char *model = job->fine_tuned_model ? job->fine_tuned_model : job->model;

      vs_cli_table_add_row (table, job->id, vs_finetune_state_to_string (job->state),
                            job->status, model, job->created_at);
    }
  vs_cli_table_print (table, stdout);
  return VS_CLI_EXIT_OK;
}

/* chart ------------------------------------------------------------------------------------ */

static const VsCliHelp chart_help = {
  .name = "finetune chart",
  .usage = "JOB -o OUT.(png|svg|pdf) [PROVIDER OPTIONS]",
  .summary = "Draw a fine-tuning job's loss curves",
  .details = "Draws the job's loss curves (train and validation loss by step, the loss-curves "
             "chart) from its events into OUT; a job the project follows uses its stored "
             "events.",
  .examples = "versus-cli finetune chart ftjob-abc123 -o loss.svg --project support.versus",
};

static int
finetune_chart (int    argc,
                char **argv)
{
  g_auto(Ctx) ctx = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(VsChartSpec) spec = NULL;
  g_autofree char *output = NULL;
  VsChartFormat format;
  VsChartStyle style;
  int exit_code;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The chart file (.png, .svg, .pdf)",
      "OUT" },
    { NULL }
  };

  exit_code = parse_job_command (&chart_help, &argc, &argv, &ctx, FALSE, entries);
  if (exit_code != VS_CLI_GO_ON)
    return exit_code;
  if (output == NULL)
    return vs_cli_usage_error ("finetune chart", "-o OUT.(png|svg|pdf) is required");
  if (!vs_chart_format_from_string (output, &format))
    return vs_cli_usage_error ("finetune chart", "OUT must end in .png, .svg or .pdf");

  /* A job the project follows: its stored events (no request); else ask the provider. */
  {
    gint64 stored = stored_job_id (&ctx, argv[1]);

    if (stored > 0)
      events = vs_finetune_store_list_events (ctx.project, stored, &error);
    if (events == NULL || events->len == 0)
      {
        g_clear_pointer (&events, g_ptr_array_unref);
        g_clear_error (&error);
        events = get_events (&ctx, argv[1], &error);
      }
  }
  if (events == NULL)
    return vs_cli_fail (error);
  spec = vs_finetune_chart_curves (events, VS_FINETUNE_CURVE_LOSS, NULL);
  {
    g_autofree char *title = g_strdup_printf ("Training loss — %s", argv[1]);

    vs_chart_spec_set_title (spec, title);
  }
  if (vs_chart_series_get_length (vs_chart_spec_get_series (spec, 0)) == 0 &&
      vs_chart_series_get_length (vs_chart_spec_get_series (spec, 1)) == 0)
    vs_cli_error ("the job has reported no loss yet; the chart is empty");
  vs_chart_style_init (&style, FALSE);
  if (!vs_chart_export (spec, output, 800, 500, &style, &error))
    return vs_cli_fail (error);
  return VS_CLI_EXIT_OK;
}

/* kit -------------------------------------------------------------------------------------- */

static const VsCliHelp kit_help = {
  .name = "finetune kit",
  .usage = "DATASET_FILE -o DIR [--base-model M] [--validation-fraction F] [--seed N]",
  .summary = "Write a training kit for local trainers",
  .details = "Writes a training kit for local trainers: train/validation "
             "split files, axolotl.yaml, LLaMA-Factory's dataset_info.json "
             "and llamafactory.yaml, an Ollama Modelfile and a README with "
             "the commands to train and serve the result (vLLM, llama.cpp, "
             "Ollama).",
  .examples = "versus-cli finetune kit train.jsonl -o kit\n"
              "versus-cli finetune kit train.jsonl -o kit --base-model Qwen/Qwen2.5-7B-Instruct "
              "--validation-fraction 0.2",
};

static int
finetune_kit (int    argc,
              char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&kit_help);
  int parsed;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *base_model = NULL;
  double fraction = 0.1;
  gint64 seed = 42;
  VsFinetuneKitCounts counts;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The kit's folder", "DIR" },
    { "base-model", 0, 0, G_OPTION_ARG_STRING, &base_model,
      "Base model (Hugging Face id; default " VS_FINETUNE_KIT_DEFAULT_BASE_MODEL ")", "M" },
    { "validation-fraction", 0, 0, G_OPTION_ARG_DOUBLE, &fraction,
      "Share of examples for validation (default 0.1)", "F" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the split (default 42)", "N" },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 2)
    return vs_cli_usage_error ("finetune kit", "expected one DATASET_FILE");
  if (output == NULL)
    return vs_cli_usage_error ("finetune kit", "-o DIR is required");
  if (!(fraction >= 0 && fraction <= 0.5))
    return vs_cli_usage_error ("finetune kit", "--validation-fraction goes from 0 to 0.5");
  if (!vs_finetune_kit_write (argv[1], output, base_model, fraction, (guint32) seed, &counts,
                              &error))
    return vs_cli_fail (error);
  fprintf (stderr, "Wrote %s: %u training and %u validation examples\n", output,
           counts.n_train, counts.n_validation);
  return VS_CLI_EXIT_OK;
}

const VsCliHelp vs_cli_finetune_help = {
  .name = "finetune",
  .summary = "Fine-tune on a provider, follow the job, or export a local training kit",
  .details = "Provider options (all but kit): --provider openai|together|fireworks|mistral "
             "(default openai: any OpenAI-compatible API), --endpoint URL|NAME (a URL, or with "
             "--project the name of an endpoint saved in the project), --project FILE.versus "
             "(record the job there). The API key comes from $VERSUS_API_KEY, else "
             "$OPENAI_API_KEY.",
  .examples = "versus-cli finetune create --model gpt-4o-mini-2024-07-18 --train train.jsonl "
              "--project support.versus\n"
              "versus-cli finetune status ftjob-abc123 --project support.versus\n"
              "versus-cli finetune kit train.jsonl -o kit",
};

static const VsCliSubcommand finetune_commands[] = {
  { &create_help, finetune_create },
  { &status_help, finetune_status },
  { &events_help, finetune_events },
  { &cancel_help, finetune_cancel },
  { &list_help, finetune_list },
  { &chart_help, finetune_chart },
  { &kit_help, finetune_kit },
};

int
vs_cli_finetune_main (int    argc,
                      char **argv)
{
  return vs_cli_dispatch (&vs_cli_finetune_help, finetune_commands,
                          G_N_ELEMENTS (finetune_commands), argc, argv);
}
