/* vs-eval-runner.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The evaluation loop on the caller's main context: cases are paged from the run's snapshot
 * (keyset on record id, a page at a time, so memory stays flat however many cases), the trials
 * of a page that already have a result are skipped, and new requests go out while fewer than
 * `concurrency` are in flight. Scoring happens as each answer arrives; the result and its
 * scores go to the writer in one job, fire and forget — the final state change is queued
 * behind them, so its completion means every result is committed.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "vs-dataset-import.h"
#include "vs-dataset-snapshot-private.h"
#include "vs-dataset-store.h"
#include "vs-engine-registry.h"
#include "vs-error.h"
#include "vs-eval-runner.h"
#include "vs-json.h"
#include "vs-prices.h"
#include "vs-project-private.h"
#include "vs-run-store.h"
#include "vs-run-store-private.h"
#include "vs-template-request.h"
#include "vs-template.h"

#define PAGE_SIZE 256
/* The split column of _vs_dataset_snapshot_prepare_rows()'s rows. */
#define SNAPSHOT_SPLIT 4
/* Results waiting for the writer before the runner stops sending: memory stays flat when
 * answers come faster than the disk takes them. */
#define MAX_WRITER_BACKLOG 2048
/* Every so many results the writer's connection gives back the pages it no longer needs: its
 * page cache (32 MiB) would otherwise grow with the run's size, not with what is in flight. */
#define RELEASE_EVERY 8192
#define PROGRESS_INTERVAL_US (100 * G_TIME_SPAN_MILLISECOND)

/* Preparing a run */

typedef struct
{
  gint64  dataset_id;
  char   *name;
  gint64  id;  /* out: the snapshot */
} SnapshotJob;

static gboolean
snapshot_job_run (VsWriteContext  *ctx,
                  gpointer         data,
                  GError         **error)
{
  SnapshotJob *job = data;

  job->id = _vs_dataset_snapshot_create_in_job (ctx, job->dataset_id, job->name, FALSE, NULL,
                                                error);
  return job->id > 0;
}

/* Models the spec does not price take the project's price table (main thread). */
static void
merge_prices (VsProject  *project,
              VsEvalSpec *spec)
{
  for (guint i = 0; i < spec->contenders->len; i++)
    {
      VsEvalContender *c = g_ptr_array_index (spec->contenders, i);
      g_autoptr(VsPrice) price = NULL;
      gboolean known = FALSE;

      if (json_object_has_member (spec->prices, c->model))
        continue;
      price = vs_prices_lookup (project, c->model, &known);
      if (known)
        {
          JsonObject *p = json_object_new ();

          json_object_set_double_member (p, "input", price->input_per_m);
          json_object_set_double_member (p, "output", price->output_per_m);
          json_object_set_double_member (p, "training", price->training_per_m);
          json_object_set_object_member (spec->prices, c->model, p);
        }
    }
}

static char *
cases_dataset_name (VsEvalSpec *spec,
                    const char *name)
{
  g_autofree char *base = g_path_get_basename (spec->cases);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_strdup_printf ("%s (%s)", base, name);
}

/* What vs_run_store_create() needs, pointing into @spec (valid while it lives). */
typedef struct
{
  VsRunSpec         run;
  VsContenderSpec  *contenders;
  GPtrArray        *metric_names;
  char             *spec_text;
} RunCreate;

static void
run_create_free (RunCreate *rc)
{
  g_free (rc->contenders);
  g_ptr_array_unref (rc->metric_names);
  g_free (rc->spec_text);
  g_free (rc);
}

static RunCreate *
run_create_new (VsEvalSpec *spec,
                const char *name,
                gint64      snapshot_id)
{
  RunCreate *rc = g_new0 (RunCreate, 1);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  rc->contenders = g_new0 (VsContenderSpec, spec->contenders->len);
  for (guint i = 0; i < spec->contenders->len; i++)
    {
      VsEvalContender *c = g_ptr_array_index (spec->contenders, i);

      rc->contenders[i].label = c->name;
      rc->contenders[i].model = c->model;
      rc->contenders[i].parameters = c->parameters;
      rc->contenders[i].endpoint_id = c->endpoint_id;
      rc->contenders[i].template_version_id = c->template_version_id;
      rc->contenders[i].finetune_job_id = c->finetune_job_id;
    }
  rc->metric_names = g_ptr_array_new ();
  for (guint i = 0; i < spec->metrics->len; i++)
    g_ptr_array_add (rc->metric_names,
                     ((VsEvalMetric *) g_ptr_array_index (spec->metrics, i))->name);
  g_ptr_array_add (rc->metric_names, NULL);
  json_node_set_object (node, spec->json);
  rc->spec_text = vs_json_to_string (node, FALSE);
  rc->run.name = name;
  rc->run.snapshot_id = snapshot_id;
  rc->run.split = spec->split;
  rc->run.repeats = (gint) spec->repeats;
  rc->run.metrics = (const char * const *) rc->metric_names->pdata;
  rc->run.contenders = rc->contenders;
  rc->run.n_contenders = spec->contenders->len;
  rc->run.spec = rc->spec_text;
  return rc;
}

static gboolean
check_cases (VsEvalSpec  *spec,
             GError     **error)
{
  if (spec->cases != NULL || spec->dataset != NULL)
    return TRUE;
  g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID,
                       _("The evaluation names no “cases” file and no “dataset”"));
  return FALSE;
}

/* Cases from a dataset of the project: the snapshot the spec names, or 0 and *@dataset_id
 * set when one is to be frozen. */
static gint64
named_snapshot (VsProject   *project,
                VsEvalSpec  *spec,
                gint64      *dataset_id,
                GError     **error)
{
  *dataset_id = vs_dataset_store_resolve (project, spec->dataset, error);
  if (*dataset_id <= 0 || spec->snapshot == NULL)
    return 0;
  return vs_dataset_snapshot_find (project, *dataset_id, spec->snapshot, error);
}

gint64
vs_eval_prepare_run (VsProject   *project,
                     VsEvalSpec  *spec,
                     const char  *name,
                     gboolean    *out_existed,
                     GError     **error)
{
  g_autoptr(VsDatasetImportSummary) imported = NULL;
  g_autofree char *dataset_name = NULL;
  VsDatasetImportOptions options = { 0 };
  SnapshotJob snapshot = { 0 };
  RunCreate *rc;
  gint64 id;

  g_return_val_if_fail (VS_IS_PROJECT (project), 0);
  g_return_val_if_fail (spec != NULL, 0);
  g_return_val_if_fail (name != NULL, 0);

  if (out_existed)
    *out_existed = FALSE;
  id = vs_run_store_find_by_name (project, name, error);
  if (id > 0)
    {
      if (out_existed)
        *out_existed = TRUE;
      return id;
    }
  if ((error && *error) || !check_cases (spec, error))
    return 0;

  if (spec->dataset != NULL)
    {
      gint64 dataset_id = 0, snapshot_id;

      snapshot_id = named_snapshot (project, spec, &dataset_id, error);
      if (snapshot_id <= 0 && dataset_id > 0 && spec->snapshot == NULL)
        snapshot_id = vs_dataset_snapshot_create (project, dataset_id, NULL, FALSE, error);
      if (snapshot_id <= 0)
        return 0;
      merge_prices (project, spec);
      rc = run_create_new (spec, name, snapshot_id);
      id = vs_run_store_create (project, &rc->run, error);
      run_create_free (rc);
      return id;
    }

  /* The cases become a dataset of the project, frozen as the run's snapshot. */
  dataset_name = cases_dataset_name (spec, name);
  options.name = dataset_name;
  imported = vs_dataset_import_sync (project, spec->cases, &options, NULL, NULL, NULL, error);
  if (imported == NULL)
    return 0;
  snapshot.dataset_id = imported->dataset_id;
  snapshot.name = g_strdup_printf ("run %s", name);
  if (!_vs_project_write (project, snapshot_job_run, &snapshot, error))
    {
      g_free (snapshot.name);
      return 0;
    }
  g_free (snapshot.name);

  merge_prices (project, spec);
  rc = run_create_new (spec, name, snapshot.id);
  id = vs_run_store_create (project, &rc->run, error);
  run_create_free (rc);
  return id;
}

typedef struct
{
  VsProject  *project;
  VsEvalSpec *spec;      /* borrowed: the caller keeps it alive until the callback */
  char       *name;
  gint64      id;
  gboolean    existed;
  RunCreate  *create;
} PrepareData;

static void
prepare_data_free (gpointer data)
{
  PrepareData *pd = data;

  g_object_unref (pd->project);
  g_free (pd->name);
  g_clear_pointer (&pd->create, run_create_free);
  g_free (pd);
}

static void
snapshot_job_free (gpointer data)
{
  SnapshotJob *job = data;

  g_free (job->name);
  g_free (job);
}

static void
on_run_created (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GTask) task = data;
  PrepareData *pd = g_task_get_task_data (task);
  GError *error = NULL;

  pd->id = vs_run_store_create_finish (VS_PROJECT (source), result, &error);
  if (pd->id <= 0)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The run's row, once its snapshot is known. */
static void
start_run_create (GTask  *task,
                  gint64  snapshot_id)
{
  PrepareData *pd = g_task_get_task_data (task);

  merge_prices (pd->project, pd->spec);
  pd->create = run_create_new (pd->spec, pd->name, snapshot_id);
  vs_run_store_create_async (pd->project, &pd->create->run, g_task_get_cancellable (task),
                             on_run_created, task);
}

static void
on_snapshot (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GTask) task = data;
  PrepareData *pd = g_task_get_task_data (task);
  SnapshotJob *job = _vs_writer_job_get_data (result);
  GError *error = NULL;

  if (!_vs_writer_submit_finish (vs_project_get_writer (pd->project), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  start_run_create (g_steal_pointer (&task), job->id);
}

static void
on_dataset_frozen (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  gint64 id = vs_dataset_snapshot_create_finish (VS_PROJECT (source), result, &error);

  if (id <= 0)
    {
      g_task_return_error (task, error);
      return;
    }
  start_run_create (g_steal_pointer (&task), id);
}

/* Freezes @dataset_id as the run's snapshot, then creates the run. */
static void
submit_snapshot (GTask  *task,
                 gint64  dataset_id)
{
  PrepareData *pd = g_task_get_task_data (task);
  VsWriter *writer = vs_project_get_writer (pd->project);
  SnapshotJob *job;

  if (writer == NULL)
    {
      g_task_return_new_error (task, VS_ERROR, VS_ERROR_IO, _("The project is open read-only"));
      g_object_unref (task);
      return;
    }
  job = g_new0 (SnapshotJob, 1);
  job->dataset_id = dataset_id;
  job->name = g_strdup_printf ("run %s", pd->name);
  _vs_writer_submit (writer, snapshot_job_run, job, snapshot_job_free,
                     g_task_get_cancellable (task), on_snapshot, task);
}

static void
on_imported (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(VsDatasetImportSummary) imported = NULL;
  GError *error = NULL;

  imported = vs_dataset_import_finish (VS_PROJECT (source), result, &error);
  if (imported == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  submit_snapshot (g_steal_pointer (&task), imported->dataset_id);
}

void
vs_eval_prepare_run_async (VsProject           *project,
                           VsEvalSpec          *spec,
                           const char          *name,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *dataset_name = NULL;
  VsDatasetImportOptions options = { 0 };
  PrepareData *pd;
  GError *error = NULL;

  g_return_if_fail (VS_IS_PROJECT (project));
  g_return_if_fail (spec != NULL);
  g_return_if_fail (name != NULL);

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_eval_prepare_run_async);
  pd = g_new0 (PrepareData, 1);
  pd->project = g_object_ref (project);
  pd->spec = spec;
  pd->name = g_strdup (name);
  g_task_set_task_data (task, pd, prepare_data_free);

  pd->id = vs_run_store_find_by_name (project, name, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (pd->id > 0)
    {
      pd->existed = TRUE;
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (!check_cases (spec, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (spec->dataset != NULL)
    {
      gint64 dataset_id = 0, snapshot_id;

      snapshot_id = named_snapshot (project, spec, &dataset_id, &error);
      if (snapshot_id > 0)
        start_run_create (g_steal_pointer (&task), snapshot_id);
      else if (dataset_id > 0 && spec->snapshot == NULL)
        vs_dataset_snapshot_create_async (project, dataset_id, NULL, FALSE, cancellable,
                                          on_dataset_frozen, g_steal_pointer (&task));
      else
        g_task_return_error (task, error);
      return;
    }
  dataset_name = cases_dataset_name (spec, name);
  options.name = dataset_name;
  vs_dataset_import_async (project, spec->cases, &options, cancellable, NULL, NULL, NULL,
                           on_imported, g_steal_pointer (&task));
}

gint64
vs_eval_prepare_run_finish (VsProject     *project,
                            GAsyncResult  *result,
                            gboolean      *out_existed,
                            GError       **error)
{
  PrepareData *pd;

  g_return_val_if_fail (g_task_is_valid (result, project), 0);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return 0;
  pd = g_task_get_task_data (G_TASK (result));
  if (out_existed)
    *out_existed = pd->existed;
  return pd->id;
}

/* The runner */

typedef struct
{
  gint              ref_count;
  gint64            record_id;
  gint64            ordinal;
  JsonObject       *vars;
  char             *expected;
} Case;

static Case *
case_ref (Case *c)
{
  c->ref_count++;
  return c;
}

static void
case_unref (Case *c)
{
  if (--c->ref_count > 0)
    return;
  g_clear_pointer (&c->vars, json_object_unref);
  g_free (c->expected);
  g_free (c);
}

typedef struct
{
  VsEvalContender *spec;          /* owned by the runner's spec */
  guint            index;         /* position in the run */
  gint64           id;            /* contenders row */
  VsEndpoint      *endpoint;
  VsRequestEngine *engine;
  VsTemplate      *template;
  GPtrArray       *examples;
} Contender;

typedef struct
{
  VsEvalMetric    *metric;        /* owned by the runner's spec */
  VsEndpoint      *endpoint;
  VsRequestEngine *engine;
  VsTemplate      *template;
} Judge;

struct _VsEvalRunner
{
  GObject        parent_instance;

  VsProject     *project;
  gint64         run_id;
  VsEvalSpec    *spec;
  GPtrArray     *contenders;      /* Contender */
  GPtrArray     *judges;          /* Judge, NULL where a metric is no judge */
  gint64         snapshot_id;
  VsSnapshotRef  snapshot;
  char          *split;          /* the cases' split; NULL: the whole snapshot */
  gint64         n_cases;
  gboolean       retry_errors;

  GTask         *task;
  GCancellable  *cancellable;
  gulong         cancelled_id;
  GMainContext  *context;
  gboolean       dispatching;
  guint          backlog_source;
  guint64        n_written;
  gboolean       paused;
  gboolean       finishing;
  gint64         start_us;
  gint64         last_progress_us;

  /* The page of cases being dispatched and the cursor in it. */
  GPtrArray     *page;            /* Case */
  GHashTable    *page_done;       /* "contender:ordinal:sample" of trials with a result */
  gint64         last_record_id;
  gboolean       exhausted;
  guint          case_index;
  guint          contender_index;
  guint          repeat;

  VsEvalProgress progress;
};

G_DEFINE_FINAL_TYPE (VsEvalRunner, vs_eval_runner, G_TYPE_OBJECT)

enum
{
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
contender_free (gpointer data)
{
  Contender *c = data;

  g_clear_object (&c->endpoint);
  g_clear_object (&c->engine);
  g_clear_object (&c->template);
  g_clear_pointer (&c->examples, g_ptr_array_unref);
  g_free (c);
}

static void
judge_free (gpointer data)
{
  Judge *j = data;

  if (j == NULL)
    return;
  g_clear_object (&j->endpoint);
  g_clear_object (&j->engine);
  g_clear_object (&j->template);
  g_free (j);
}

static void
vs_eval_runner_finalize (GObject *object)
{
  VsEvalRunner *self = VS_EVAL_RUNNER (object);

  g_clear_pointer (&self->page, g_ptr_array_unref);
  g_clear_pointer (&self->page_done, g_hash_table_unref);
  g_clear_pointer (&self->contenders, g_ptr_array_unref);
  g_clear_pointer (&self->judges, g_ptr_array_unref);
  g_clear_pointer (&self->spec, vs_eval_spec_free);
  if (self->backlog_source != 0)
    g_source_destroy (g_main_context_find_source_by_id (self->context, self->backlog_source));
  if (self->cancelled_id != 0)
    g_cancellable_disconnect (self->cancellable, self->cancelled_id);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->project);
  g_free (self->split);
  G_OBJECT_CLASS (vs_eval_runner_parent_class)->finalize (object);
}

static void
vs_eval_runner_class_init (VsEvalRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vs_eval_runner_finalize;

  /* VsEvalRunner::progress (runner): read the figures with vs_eval_runner_get_progress(). */
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vs_eval_runner_init (VsEvalRunner *self)
{
}

/* An endpoint for a spec's URL: not saved in the project, found in the project's registry by
 * kind + URL, so every run and window on that server shares its engine. */
static VsRequestEngine *
engine_for (VsEvalRunner    *self,
            VsEndpointKind   kind,
            const char      *url,
            const char      *key_env,
            VsEndpoint     **out_endpoint,
            GError         **error)
{
  g_autoptr(VsEndpoint) endpoint = vs_endpoint_new (kind, url, error);
  g_autoptr(GList) settings = NULL;
  const char *key;

  if (endpoint == NULL)
    return NULL;
  vs_endpoint_set_concurrency (endpoint, self->spec->concurrency);
  settings = json_object_get_members (self->spec->settings);
  for (GList *l = settings; l != NULL; l = l->next)
    {
      gint64 value;

      if (vs_json_node_get_int64 (json_object_get_member (self->spec->settings, l->data), &value))
        vs_endpoint_set_setting_int (endpoint, l->data, value);
    }
  key = g_getenv (key_env ? key_env : "VERSUS_API_KEY");
  *out_endpoint = g_object_ref (endpoint);
  return vs_engine_registry_get (vs_engine_registry_get_for_project (self->project), endpoint,
                                 key != NULL && *key != '\0' ? key : NULL);
}

static VsTemplate *
template_for (JsonNode    *json,
              const char  *dir,
              GError     **error)
{
  VsTemplate *template = vs_template_new_from_json (json, error);

  if (template != NULL && dir != NULL)
    vs_template_set_base_dir (template, dir);
  return template;
}

VsEvalRunner *
vs_eval_runner_new (VsProject  *project,
                    gint64      run_id,
                    GError    **error)
{
  g_autoptr(VsEvalRunner) self = NULL;
  g_autoptr(VsRunInfo) info = NULL;
  g_autofree char *spec_text = NULL;
  g_autoptr(JsonObject) spec_json = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  info = vs_run_store_get (project, run_id, error);
  if (info == NULL)
    return NULL;
  spec_text = vs_run_store_dup_spec (project, run_id, error);
  if (spec_text == NULL)
    {
      if (error && *error == NULL)
        g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                     _("Run “%s” has no evaluation spec"), info->name);
      return NULL;
    }
  spec_json = vs_json_parse_object (spec_text, -1, error);
  if (spec_json == NULL)
    return NULL;

  if (vs_project_get_writer (project) == NULL)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_IO, _("The project is open read-only"));
      return NULL;
    }
  self = g_object_new (VS_TYPE_EVAL_RUNNER, NULL);
  self->project = g_object_ref (project);
  self->run_id = run_id;
  self->snapshot_id = info->snapshot_id;
  self->split = g_strdup (info->split);
  self->spec = vs_eval_spec_new_from_json (spec_json, NULL, error);
  if (self->spec == NULL)
    return NULL;
  if (info->contenders->len != self->spec->contenders->len)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   _("Run “%s” does not match its spec"), info->name);
      return NULL;
    }

  self->contenders = g_ptr_array_new_with_free_func (contender_free);
  for (guint i = 0; i < info->contenders->len; i++)
    {
      VsContenderInfo *row = g_ptr_array_index (info->contenders, i);
      Contender *c = g_new0 (Contender, 1);

      g_ptr_array_add (self->contenders, c);
      c->spec = g_ptr_array_index (self->spec->contenders, i);
      c->index = i;
      c->id = row->id;
      c->engine = engine_for (self, c->spec->kind, c->spec->endpoint, c->spec->api_key_env,
                              &c->endpoint, error);
      if (c->engine == NULL)
        return NULL;
      c->template = template_for (c->spec->template, c->spec->template_dir, error);
      if (c->template == NULL)
        return NULL;
      c->examples = vs_template_draw_few_shot (c->template, project, error);
      if (c->examples == NULL)
        return NULL;
    }
  self->judges = g_ptr_array_new_with_free_func (judge_free);
  for (guint i = 0; i < self->spec->metrics->len; i++)
    {
      VsEvalMetric *metric = g_ptr_array_index (self->spec->metrics, i);
      VsEndpointKind kind = VS_ENDPOINT_KIND_OPENAI;
      Judge *j;

      if (metric->type != VS_EVAL_METRIC_JUDGE)
        {
          g_ptr_array_add (self->judges, NULL);
          continue;
        }
      j = g_new0 (Judge, 1);
      g_ptr_array_add (self->judges, j);
      j->metric = metric;
      vs_endpoint_kind_from_string (vs_json_get_string (metric->options, "kind", "openai"),
                                    &kind, NULL);
      j->engine = engine_for (self, kind, vs_json_get_string (metric->options, "endpoint", ""),
                              vs_json_get_string (metric->options, "api_key_env", NULL),
                              &j->endpoint, error);
      if (j->engine == NULL)
        return NULL;
      j->template = template_for (json_object_get_member (metric->options, "template"),
                                  vs_json_get_string (metric->options, "template_dir", NULL),
                                  error);
      if (j->template == NULL)
        return NULL;
    }

  stmt = _vs_project_prepare (project, "SELECT n_records FROM snapshots WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, self->snapshot_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    self->n_cases = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!_vs_dataset_snapshot_ref (vs_project_get_db (project), self->snapshot_id,
                                 &self->snapshot, error))
    return NULL;
  if (self->split != NULL)
    {
      /* One split of the snapshot: its cases counted. */
      stmt = _vs_dataset_snapshot_prepare_rows (vs_project_get_db (project), &self->snapshot,
                                                VS_SNAPSHOT_BY_RECORD, 0, -1, NULL, NULL,
                                                error);
      if (stmt == NULL)
        return NULL;
      self->n_cases = 0;
      while (sqlite3_step (stmt) == SQLITE_ROW)
        self->n_cases += g_strcmp0 ((const char *) sqlite3_column_text (stmt, SNAPSHOT_SPLIT),
                                    self->split) == 0;
    }
  self->progress.total = self->n_cases * (gint64) self->contenders->len * self->spec->repeats;
  self->progress.n_contenders = self->contenders->len;
  self->progress.contender_total = self->n_cases * self->spec->repeats;
  return g_steal_pointer (&self);
}

void
vs_eval_runner_set_engine (VsEvalRunner    *self,
                           guint            contender,
                           VsRequestEngine *engine)
{
  Contender *c;

  g_return_if_fail (VS_IS_EVAL_RUNNER (self));
  g_return_if_fail (VS_IS_REQUEST_ENGINE (engine));
  g_return_if_fail (contender < self->contenders->len);

  c = g_ptr_array_index (self->contenders, contender);
  g_set_object (&c->engine, engine);
}

void
vs_eval_runner_set_retry_errors (VsEvalRunner *self,
                                 gboolean      retry_errors)
{
  g_return_if_fail (VS_IS_EVAL_RUNNER (self));
  self->retry_errors = retry_errors;
}

gboolean
vs_eval_runner_get_paused (VsEvalRunner *self)
{
  g_return_val_if_fail (VS_IS_EVAL_RUNNER (self), FALSE);
  return self->paused;
}

void
vs_eval_runner_get_progress (VsEvalRunner   *self,
                             VsEvalProgress *out)
{
  g_return_if_fail (VS_IS_EVAL_RUNNER (self));
  *out = self->progress;
  out->elapsed_s = self->start_us ? (g_get_monotonic_time () - self->start_us) / 1e6 : 0;
}

static void
emit_progress (VsEvalRunner *self,
               gboolean      force)
{
  gint64 now = g_get_monotonic_time ();

  if (!force && now - self->last_progress_us < PROGRESS_INTERVAL_US)
    return;
  self->last_progress_us = now;
  g_signal_emit (self, signals[PROGRESS], 0);
}

/* Cases */

static char *
trial_key (gint64 contender_id,
           gint64 ordinal,
           gint   sample)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%d", contender_id, ordinal,
                          sample);
}

static Case *
case_from_row (VsEvalRunner *self,
               gint64        record_id,
               gint64        ordinal,
               const char   *data)
{
  g_autoptr(JsonNode) node = vs_json_parse (data, -1, NULL);
  Case *c = g_new0 (Case, 1);
  JsonObject *object = NULL;

  c->ref_count = 1;
  c->record_id = record_id;
  c->ordinal = ordinal;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    object = json_node_get_object (node);
  c->vars = vs_eval_spec_case_vars (self->spec, object);
  c->expected = vs_eval_spec_case_expected (self->spec, object);
  return c;
}

/* Loads the next page of cases and which of their trials are finished. FALSE when there are
 * no more cases. */
static gboolean
load_page (VsEvalRunner *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first = G_MAXINT64, last = G_MININT64;

  g_clear_pointer (&self->page, g_ptr_array_unref);
  g_clear_pointer (&self->page_done, g_hash_table_unref);
  self->page = g_ptr_array_new_with_free_func ((GDestroyNotify) case_unref);
  self->page_done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->case_index = 0;
  self->contender_index = 0;
  self->repeat = 0;

  /* A page of the run's cases; with a split, rows of other splits are passed over (a page
   * may take several reads then). */
  do
    {
      gboolean more = FALSE;

      g_clear_pointer (&stmt, sqlite3_finalize);
      stmt = _vs_dataset_snapshot_prepare_rows (vs_project_get_db (self->project),
                                                &self->snapshot, VS_SNAPSHOT_BY_RECORD,
                                                self->last_record_id, PAGE_SIZE, NULL, NULL,
                                                &error);
      if (stmt == NULL)
        {
          g_warning ("%s", error->message);
          return FALSE;
        }
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 ordinal = sqlite3_column_int64 (stmt, 1);

          more = TRUE;
          self->last_record_id = sqlite3_column_int64 (stmt, 0);
          if (self->split != NULL &&
              g_strcmp0 ((const char *) sqlite3_column_text (stmt, SNAPSHOT_SPLIT),
                         self->split) != 0)
            continue;
          g_ptr_array_add (self->page,
                           case_from_row (self, self->last_record_id, ordinal,
                                          (const char *) sqlite3_column_text (stmt, 2)));
          first = MIN (first, ordinal);
          last = MAX (last, ordinal);
        }
      if (!more)
        break;
    }
  while (self->page->len == 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (self->page->len == 0)
    return FALSE;

  stmt = _vs_project_prepare (self->project,
                              "SELECT contender_id, case_ordinal, sample_index, state"
                              " FROM results WHERE run_id = ?1"
                              " AND case_ordinal BETWEEN ?2 AND ?3", &error);
  if (stmt == NULL)
    {
      g_warning ("%s", error->message);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, self->run_id);
  sqlite3_bind_int64 (stmt, 2, first);
  sqlite3_bind_int64 (stmt, 3, last);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *state = (const char *) sqlite3_column_text (stmt, 3);

      if (g_strcmp0 (state, "ok") == 0 ||
          (g_strcmp0 (state, "error") == 0 && !self->retry_errors))
        g_hash_table_add (self->page_done,
                          trial_key (sqlite3_column_int64 (stmt, 0),
                                     sqlite3_column_int64 (stmt, 1),
                                     sqlite3_column_int (stmt, 2)));
    }
  return TRUE;
}

typedef struct
{
  VsEvalRunner *runner;
  Case         *c;
  Contender    *contender;
  gint          repeat;
  VsChatResponse *response;
  char         *request_error;
  guint         http_status;
  VsEvalScore  *scores;          /* one per metric */
  guint         judges_pending;
} Trial;

static void
trial_free (Trial *t)
{
  for (guint i = 0; t->scores != NULL && i < t->runner->spec->metrics->len; i++)
    vs_eval_score_clear (&t->scores[i]);
  g_free (t->scores);
  g_clear_object (&t->response);
  g_free (t->request_error);
  case_unref (t->c);
  g_object_unref (t->runner);
  g_free (t);
}

/* The next trial without a result, or NULL when every case has been dispatched. */
static Trial *
next_trial (VsEvalRunner *self)
{
  while (!self->exhausted)
    {
      Case *c;
      Contender *contender;
      gint repeat;
      g_autofree char *key = NULL;
      Trial *t;

      if (self->page == NULL || self->case_index >= self->page->len)
        {
          if (!load_page (self))
            {
              self->exhausted = TRUE;
              g_clear_pointer (&self->page, g_ptr_array_unref);
              g_clear_pointer (&self->page_done, g_hash_table_unref);
              return NULL;
            }
        }
      c = g_ptr_array_index (self->page, self->case_index);
      contender = g_ptr_array_index (self->contenders, self->contender_index);
      repeat = (gint) self->repeat;
      if (++self->repeat >= self->spec->repeats)
        {
          self->repeat = 0;
          if (++self->contender_index >= self->contenders->len)
            {
              self->contender_index = 0;
              self->case_index++;
            }
        }
      key = trial_key (contender->id, c->ordinal, repeat);
      if (g_hash_table_contains (self->page_done, key))
        {
          self->progress.done++;
          self->progress.contender_done[contender->index]++;
          continue;
        }
      t = g_new0 (Trial, 1);
      t->runner = g_object_ref (self);
      t->c = case_ref (c);
      t->contender = contender;
      t->repeat = repeat;
      return t;
    }
  return NULL;
}

/* Writing */

typedef struct
{
  VsResultSpec  result;
  guint         n_scores;
  char        **names;
  double       *values;
  int          *passes;     /* -1: none */
  char        **reasons;
  char        **errors;
} ResultJob;

static void
result_job_free (gpointer data)
{
  ResultJob *job = data;

  g_free ((char *) job->result.state);
  g_free ((char *) job->result.output);
  g_free ((char *) job->result.finish_reason);
  g_free ((char *) job->result.error);
  for (guint i = 0; i < job->n_scores; i++)
    {
      g_free (job->names[i]);
      g_free (job->reasons[i]);
      g_free (job->errors[i]);
    }
  g_free (job->names);
  g_free (job->values);
  g_free (job->passes);
  g_free (job->reasons);
  g_free (job->errors);
  g_free (job);
}

static gboolean
result_job_run (VsWriteContext  *ctx,
                gpointer         data,
                GError         **error)
{
  ResultJob *job = data;
  sqlite3_stmt *stmt;
  gint64 id;

  if (!_vs_run_store_write_result (ctx, &job->result, &id, error))
    return FALSE;
  stmt = _vs_write_context_prepare (ctx, "DELETE FROM scores WHERE result_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  for (guint i = 0; i < job->n_scores; i++)
    {
      stmt = _vs_write_context_prepare (ctx,
                                        "INSERT INTO scores (result_id, metric, value, pass,"
                                        " reason, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                        error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, job->names[i], -1, SQLITE_STATIC);
      if (!isnan (job->values[i]))
        sqlite3_bind_double (stmt, 3, job->values[i]);
      if (job->passes[i] >= 0)
        sqlite3_bind_int (stmt, 4, job->passes[i]);
      sqlite3_bind_text (stmt, 5, job->reasons[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, job->errors[i], -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return _vs_write_context_set_error (ctx, error);
    }
  return TRUE;
}

static gboolean
release_memory_job (VsWriteContext  *ctx,
                    gpointer         data,
                    GError         **error)
{
  sqlite3_db_release_memory (_vs_write_context_get_db (ctx));
  return TRUE;
}

static void
release_writer_memory (VsEvalRunner *self)
{
  _vs_writer_queue (vs_project_get_writer (self->project), release_memory_job, NULL, NULL, NULL);
}

static void maybe_finish (VsEvalRunner *self);
static void dispatch (VsEvalRunner *self);

static void
write_trial (Trial *t)
{
  VsEvalRunner *self = t->runner;
  VsWriter *writer = vs_project_get_writer (self->project);
  ResultJob *job = g_new0 (ResultJob, 1);
  VsResultSpec *r = &job->result;
  gboolean error = t->request_error != NULL;
  guint n = t->scores ? self->spec->metrics->len : 0;

  r->run_id = self->run_id;
  r->contender_id = t->contender->id;
  r->record_id = t->c->record_id;
  r->case_ordinal = t->c->ordinal;
  r->sample_index = t->repeat;
  r->prompt_tokens = -1;
  r->completion_tokens = -1;
  r->latency_ms = -1;
  r->ttft_ms = -1;
  r->cost = -1;
  r->http_status = (gint) t->http_status;
  if (t->response != NULL)
    {
      r->output = g_strdup (vs_chat_response_get_text (t->response));
      r->finish_reason = g_strdup (vs_chat_response_get_finish_reason (t->response));
      r->prompt_tokens = vs_chat_response_get_prompt_tokens (t->response);
      r->completion_tokens = vs_chat_response_get_completion_tokens (t->response);
      r->latency_ms = vs_chat_response_get_latency_ms (t->response);
      r->ttft_ms = vs_chat_response_get_ttft_ms (t->response);
      r->retries = (gint) vs_chat_response_get_retries (t->response);
      r->cached = vs_chat_response_get_cached (t->response);
      r->cost = vs_eval_spec_request_cost (self->spec, t->contender->spec->model,
                                           r->prompt_tokens, r->completion_tokens);
    }
  job->n_scores = n;
  job->names = g_new0 (char *, MAX (n, 1));
  job->values = g_new0 (double, MAX (n, 1));
  job->passes = g_new0 (int, MAX (n, 1));
  job->reasons = g_new0 (char *, MAX (n, 1));
  job->errors = g_new0 (char *, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      VsEvalMetric *metric = g_ptr_array_index (self->spec->metrics, i);
      VsEvalScore *s = &t->scores[i];

      job->names[i] = g_strdup (metric->name);
      job->values[i] = s->value;
      job->passes[i] = s->outcome == VS_EVAL_OUTCOME_PASS ? 1
                       : s->outcome == VS_EVAL_OUTCOME_FAIL ? 0 : -1;
      job->reasons[i] = g_strdup (s->reason);
      job->errors[i] = g_strdup (s->error);
      if (s->outcome == VS_EVAL_OUTCOME_ERROR && !error)
        {
          error = TRUE;
          r->error = g_strdup_printf ("%s: %s", metric->name, s->error ? s->error : "");
        }
    }
  if (t->request_error != NULL)
    r->error = g_strdup (t->request_error);
  r->state = g_strdup (error ? "error" : "ok");
  if (error)
    {
      self->progress.errors++;
      self->progress.contender_errors[t->contender->index]++;
    }
  self->progress.done++;
  self->progress.contender_done[t->contender->index]++;
  _vs_writer_queue (writer, result_job_run, job, result_job_free, NULL);
  if (++self->n_written % RELEASE_EVERY == 0)
    release_writer_memory (self);
}

static void
trial_complete (Trial *t)
{
  VsEvalRunner *self = g_object_ref (t->runner);

  write_trial (t);
  trial_free (t);
  self->progress.in_flight--;
  emit_progress (self, FALSE);
  dispatch (self);
  maybe_finish (self);
  g_object_unref (self);
}

static void
trial_drop (Trial *t)
{
  VsEvalRunner *self = g_object_ref (t->runner);

  trial_free (t);
  self->progress.in_flight--;
  maybe_finish (self);
  g_object_unref (self);
}

typedef struct
{
  Trial *trial;
  guint  metric_index;
} JudgeCall;

static void
on_judge (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  JudgeCall *call = data;
  Trial *t = call->trial;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsChatResponse) response = NULL;
  VsEvalScore *score = &t->scores[call->metric_index];
  VsEvalMetric *metric = g_ptr_array_index (t->runner->spec->metrics, call->metric_index);

  response = vs_request_engine_chat_finish (VS_REQUEST_ENGINE (source), result, &error);
  vs_eval_score_clear (score);
  if (error != NULL)
    {
      score->value = NAN;
      score->outcome = VS_EVAL_OUTCOME_ERROR;
      score->error = g_strdup_printf (_("The judge's request failed: %s"), error->message);
    }
  else
    vs_eval_score_verdict (metric, vs_chat_response_get_text (response), score);
  g_free (call);
  if (--t->judges_pending > 0)
    return;
  if (g_cancellable_is_cancelled (t->runner->cancellable))
    trial_drop (t);
  else
    trial_complete (t);
}

static void
score_trial (Trial *t)
{
  VsEvalRunner *self = t->runner;
  const char *output = vs_chat_response_get_text (t->response);
  double cost;
  guint n = self->spec->metrics->len;

  cost = vs_eval_spec_request_cost (self->spec, t->contender->spec->model,
                                    vs_chat_response_get_prompt_tokens (t->response),
                                    vs_chat_response_get_completion_tokens (t->response));
  t->scores = g_new0 (VsEvalScore, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      VsEvalMetric *metric = g_ptr_array_index (self->spec->metrics, i);
      Judge *judge = g_ptr_array_index (self->judges, i);
      g_autoptr(JsonObject) vars = NULL;
      g_autoptr(VsChatRequest) request = NULL;
      g_autoptr(GError) error = NULL;
      JudgeCall *call;

      vs_eval_metric_score (metric, output, t->c->expected,
                            vs_chat_response_get_latency_ms (t->response), cost, &t->scores[i]);
      if (judge == NULL)
        continue;
      /* The judge sees the case's variables, the output and the expected answer. */
      vs_eval_score_clear (&t->scores[i]);
      vars = vs_json_object_deep_copy (t->c->vars);
      json_object_set_string_member (vars, "output", output ? output : "");
      json_object_set_string_member (vars, "expected", t->c->expected ? t->c->expected : "");
      request = vs_template_build_request (judge->template, vars, NULL, judge->endpoint,
                                           vs_json_get_string (metric->options, "model", NULL),
                                           &error);
      if (request == NULL)
        {
          t->scores[i].outcome = VS_EVAL_OUTCOME_ERROR;
          t->scores[i].error = g_strdup (error->message);
          continue;
        }
      call = g_new0 (JudgeCall, 1);
      call->trial = t;
      call->metric_index = i;
      t->judges_pending++;
      vs_request_engine_chat_async (judge->engine, request, self->cancellable, on_judge, call);
    }
  if (t->judges_pending == 0)
    trial_complete (t);
}

static void
on_chat (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Trial *t = data;
  g_autoptr(GError) error = NULL;

  t->response = vs_request_engine_chat_finish (VS_REQUEST_ENGINE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (t->runner->cancellable))
    {
      trial_drop (t);
      return;
    }
  if (error != NULL)
    {
      t->request_error = g_strdup (error->message);
      if (t->response != NULL)
        t->http_status = vs_chat_response_get_status (t->response);
      g_clear_object (&t->response);
      trial_complete (t);
      return;
    }
  t->http_status = vs_chat_response_get_status (t->response);
  score_trial (t);
}

static void
send_trial (Trial *t)
{
  VsEvalRunner *self = t->runner;
  Contender *c = t->contender;
  g_autoptr(VsChatRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  self->progress.in_flight++;
  request = vs_eval_contender_build_request (c->spec, c->template, c->examples, c->endpoint,
                                             t->c->vars, &error);
  if (request == NULL)
    {
      t->request_error = g_strdup (error->message);
      trial_complete (t);
      return;
    }
  vs_chat_request_set_sample_index (request, (guint) t->repeat);
  self->progress.requested++;
  vs_request_engine_chat_async (c->engine, request, self->cancellable, on_chat, t);
}

static gboolean
on_backlog_drained (gpointer data)
{
  VsEvalRunner *self = data;

  self->backlog_source = 0;
  dispatch (self);
  return G_SOURCE_REMOVE;
}

/* TRUE when the writer has too much queued; dispatch() is then tried again shortly. */
static gboolean
writer_backlogged (VsEvalRunner *self)
{
  GSource *source;

  if (vs_writer_get_pending (vs_project_get_writer (self->project)) <= MAX_WRITER_BACKLOG)
    return FALSE;
  if (self->backlog_source == 0)
    {
      source = g_timeout_source_new (5);
      g_source_set_callback (source, on_backlog_drained, self, NULL);
      self->backlog_source = g_source_attach (source, self->context);
      g_source_unref (source);
    }
  return TRUE;
}

static void
dispatch (VsEvalRunner *self)
{
  /* A trial that fails before sending completes inside send_trial(); do not recurse. */
  if (self->dispatching)
    return;
  self->dispatching = TRUE;
  while (self->task != NULL && !self->paused && !self->finishing &&
         !g_cancellable_is_cancelled (self->cancellable) &&
         self->progress.in_flight < self->spec->concurrency && !writer_backlogged (self))
    {
      Trial *t = next_trial (self);

      if (t == NULL)
        break;
      send_trial (t);
    }
  self->dispatching = FALSE;
}

static void
on_state_set (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(VsEvalRunner) self = data;
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  g_autoptr(GError) error = NULL;

  emit_progress (self, TRUE);
  if (!vs_run_store_set_state_finish (VS_PROJECT (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_cancellable_is_cancelled (self->cancellable))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The run was cancelled"));
  else
    g_task_return_boolean (task, TRUE);
}

static void
maybe_finish (VsEvalRunner *self)
{
  gboolean cancelled = g_cancellable_is_cancelled (self->cancellable);

  if (self->task == NULL || self->finishing || self->progress.in_flight > 0)
    return;
  if (!cancelled && !self->exhausted)
    return;
  self->finishing = TRUE;
  release_writer_memory (self);
  /* Queued behind every result: its completion means they are all committed. */
  vs_run_store_set_state_async (self->project, self->run_id, cancelled ? "cancelled" : "done",
                                NULL, on_state_set, g_object_ref (self));
}

static gboolean
finish_idle (gpointer data)
{
  maybe_finish (data);
  return G_SOURCE_REMOVE;
}

static void
on_cancelled (GCancellable *cancellable,
              VsEvalRunner *self)
{
  /* Runs where cancel() was called: finish from an idle on the runner's context, not inside
   * the caller's stack. */
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, finish_idle, g_object_ref (self), g_object_unref);
  g_source_attach (source, self->context);
  g_source_unref (source);
}

void
vs_eval_runner_run_async (VsEvalRunner        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (VS_IS_EVAL_RUNNER (self));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (self->task, vs_eval_runner_run_async);
  self->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  self->context = g_main_context_ref_thread_default ();
  self->cancelled_id = g_cancellable_connect (self->cancellable, G_CALLBACK (on_cancelled),
                                              self, NULL);
  self->start_us = g_get_monotonic_time ();
  /* The import and the snapshot filled the writer's cache; the run does not need it. */
  release_writer_memory (self);
  vs_run_store_set_state_async (self->project, self->run_id, "running", NULL, NULL, NULL);
  dispatch (self);
  maybe_finish (self);
}

gboolean
vs_eval_runner_run_finish (VsEvalRunner  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vs_eval_runner_pause (VsEvalRunner *self)
{
  g_return_if_fail (VS_IS_EVAL_RUNNER (self));
  self->paused = TRUE;
  emit_progress (self, TRUE);
}

void
vs_eval_runner_resume (VsEvalRunner *self)
{
  g_return_if_fail (VS_IS_EVAL_RUNNER (self));
  self->paused = FALSE;
  dispatch (self);
  maybe_finish (self);
}
