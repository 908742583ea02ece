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
 * behind them, so its completion means every result is committed. Loading the run, paging,
 * scoring and writing are shared with the batch path (vs-eval-trial-private.h).
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
#include "vs-eval-trial-private.h"
#include "vs-json.h"
#include "vs-prices.h"
#include "vs-project-private.h"
#include "vs-run-store.h"
#include "vs-run-store-private.h"
#include "vs-template-request.h"
#include "vs-template.h"

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
          json_object_set_double_member (p, "batch_discount", price->batch_discount);
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

struct _VsEvalRunner
{
  GObject          parent_instance;

  VsProject       *project;
  gint64           run_id;
  VsEvalRunSetup  *setup;         /* spec, contenders, judges, snapshot */
  gboolean         retry_errors;

  GTask           *task;
  GCancellable    *cancellable;
  gulong           cancelled_id;
  GMainContext    *context;
  gboolean         dispatching;
  guint            backlog_source;
  guint64          n_written;
  gboolean         paused;
  gboolean         finishing;
  gint64           start_us;
  gint64           last_progress_us;

  /* The page of cases being dispatched and the cursor in it. */
  VsEvalCasePager  pager;
  gboolean         paging;
  gboolean         exhausted;
  guint            case_index;
  guint            contender_index;
  guint            repeat;

  VsEvalProgress   progress;
};

G_DEFINE_FINAL_TYPE (VsEvalRunner, vs_eval_runner, G_TYPE_OBJECT)

enum
{
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vs_eval_runner_finalize (GObject *object)
{
  VsEvalRunner *self = VS_EVAL_RUNNER (object);

  _vs_eval_case_pager_clear (&self->pager);
  g_clear_pointer (&self->setup, _vs_eval_run_setup_free);
  if (self->backlog_source != 0)
    g_source_destroy (g_main_context_find_source_by_id (self->context, self->backlog_source));
  if (self->cancelled_id != 0)
    g_cancellable_disconnect (self->cancellable, self->cancelled_id);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->project);
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

VsEvalRunner *
vs_eval_runner_new (VsProject  *project,
                    gint64      run_id,
                    GError    **error)
{
  g_autoptr(VsEvalRunner) self = NULL;
  VsEvalRunSetup *setup;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  setup = _vs_eval_run_setup_new (project, run_id, error);
  if (setup == NULL)
    return NULL;
  self = g_object_new (VS_TYPE_EVAL_RUNNER, NULL);
  self->project = g_object_ref (project);
  self->run_id = run_id;
  self->setup = setup;
  self->progress.total = _vs_eval_run_setup_n_trials (setup);
  self->progress.n_contenders = setup->contenders->len;
  self->progress.contender_total = setup->n_cases * setup->spec->repeats;
  return g_steal_pointer (&self);
}

void
vs_eval_runner_set_engine (VsEvalRunner    *self,
                           guint            contender,
                           VsRequestEngine *engine)
{
  VsEvalTrialContender *c;

  g_return_if_fail (VS_IS_EVAL_RUNNER (self));
  g_return_if_fail (VS_IS_REQUEST_ENGINE (engine));
  g_return_if_fail (contender < self->setup->contenders->len);

  c = g_ptr_array_index (self->setup->contenders, contender);
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

/* Loads the next page of cases and which of their trials are finished. FALSE when there are
 * no more cases. */
static gboolean
load_page (VsEvalRunner *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->paging)
    {
      _vs_eval_case_pager_init (&self->pager, self->setup, self->retry_errors);
      self->paging = TRUE;
    }
  self->case_index = 0;
  self->contender_index = 0;
  self->repeat = 0;
  if (_vs_eval_case_pager_next (&self->pager, &error))
    return TRUE;
  if (error != NULL)
    g_warning ("%s", error->message);
  return FALSE;
}

/* The runner's trial: the shared one, whose user data is a reference to the runner. */
#define TRIAL_RUNNER(t) ((VsEvalRunner *) (t)->scored_data)

static void
trial_free (VsEvalTrial *t)
{
  VsEvalRunner *self = TRIAL_RUNNER (t);

  _vs_eval_trial_free (t);
  g_object_unref (self);
}

/* The next trial without a result, or NULL when every case has been dispatched. */
static VsEvalTrial *
next_trial (VsEvalRunner *self)
{
  VsEvalCasePager *pager = &self->pager;

  while (!self->exhausted)
    {
      VsEvalTrialCase *c;
      VsEvalTrialContender *contender;
      gint repeat;
      g_autofree char *key = NULL;
      VsEvalTrial *t;

      if (pager->page == NULL || self->case_index >= pager->page->len)
        {
          if (!load_page (self))
            {
              self->exhausted = TRUE;
              _vs_eval_case_pager_clear (pager);
              return NULL;
            }
        }
      c = g_ptr_array_index (pager->page, self->case_index);
      contender = g_ptr_array_index (self->setup->contenders, self->contender_index);
      repeat = (gint) self->repeat;
      if (++self->repeat >= self->setup->spec->repeats)
        {
          self->repeat = 0;
          if (++self->contender_index >= self->setup->contenders->len)
            {
              self->contender_index = 0;
              self->case_index++;
            }
        }
      key = _vs_eval_trial_key (contender->id, c->ordinal, repeat);
      if (g_hash_table_contains (pager->done, key))
        {
          self->progress.done++;
          self->progress.contender_done[contender->index]++;
          continue;
        }
      t = _vs_eval_trial_new (self->setup, c, contender, repeat);
      t->scored_data = g_object_ref (self);
      return t;
    }
  return NULL;
}

/* Writing */

static void
release_writer_memory (VsEvalRunner *self)
{
  _vs_eval_release_writer_memory (self->project);
}

static void maybe_finish (VsEvalRunner *self);
static void dispatch (VsEvalRunner *self);

static void
write_trial (VsEvalTrial *t)
{
  VsEvalRunner *self = TRIAL_RUNNER (t);

  if (_vs_eval_trial_write (t))
    {
      self->progress.errors++;
      self->progress.contender_errors[t->contender->index]++;
    }
  self->progress.done++;
  self->progress.contender_done[t->contender->index]++;
  if (++self->n_written % RELEASE_EVERY == 0)
    release_writer_memory (self);
}

static void
trial_complete (VsEvalTrial *t)
{
  VsEvalRunner *self = g_object_ref (TRIAL_RUNNER (t));

  write_trial (t);
  trial_free (t);
  self->progress.in_flight--;
  emit_progress (self, FALSE);
  dispatch (self);
  maybe_finish (self);
  g_object_unref (self);
}

static void
trial_drop (VsEvalTrial *t)
{
  VsEvalRunner *self = g_object_ref (TRIAL_RUNNER (t));

  trial_free (t);
  self->progress.in_flight--;
  maybe_finish (self);
  g_object_unref (self);
}

static void
on_scored (VsEvalTrial *t,
           gpointer     data)
{
  VsEvalRunner *self = data;

  if (g_cancellable_is_cancelled (self->cancellable))
    trial_drop (t);
  else
    trial_complete (t);
}

static void
on_chat (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  VsEvalTrial *t = data;
  VsEvalRunner *self = TRIAL_RUNNER (t);
  g_autoptr(GError) error = NULL;

  t->response = vs_request_engine_chat_finish (VS_REQUEST_ENGINE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (self->cancellable))
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
  t->cost = vs_eval_spec_request_cost (self->setup->spec, t->contender->spec->model,
                                       vs_chat_response_get_prompt_tokens (t->response),
                                       vs_chat_response_get_completion_tokens (t->response));
  _vs_eval_trial_score (t, self->cancellable, on_scored, self);
}

static void
send_trial (VsEvalTrial *t)
{
  VsEvalRunner *self = TRIAL_RUNNER (t);
  g_autoptr(VsChatRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  self->progress.in_flight++;
  request = _vs_eval_trial_build_request (t, &error);
  if (request == NULL)
    {
      t->request_error = g_strdup (error->message);
      trial_complete (t);
      return;
    }
  self->progress.requested++;
  vs_request_engine_chat_async (t->contender->engine, request, self->cancellable, on_chat, t);
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
         self->progress.in_flight < self->setup->spec->concurrency && !writer_backlogged (self))
    {
      VsEvalTrial *t = next_trial (self);

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
