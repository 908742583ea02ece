/* vs-batch-launcher.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"


#include "vs-batch-launcher.h"
#include "vs-batch-runner.h"
#include "vs-endpoint.h"
#include "vs-engine-registry.h"
#include "vs-run-store.h"

struct _VsBatchLauncher
{
  GObject     parent_instance;

  GHashTable *runs;           /* run id (gint64 *) → Run */
  guint       poll_interval_ms;  /* 0: the runner's backoff */
};

G_DEFINE_FINAL_TYPE (VsBatchLauncher, vs_batch_launcher, G_TYPE_OBJECT)

enum { CHANGED, FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct
{
  VsBatchLauncher *self;        /* weak: NULL once the launcher let the run go */
  VsProject       *project;
  gint64           run_id;
  VsBatchRunner   *runner;
  GCancellable    *op;          /* the operation going on (submit, wait or cancel) */
  VsBatchPhase     phase;
  guint            pending;     /* engines still being looked up */
  gboolean         submit;      /* submit before watching */
  gboolean         retry_errors;
  gboolean         cancel_requested;
  gboolean         stopped;     /* the launcher let it go: nothing more is started */
} Run;

static void
run_free (Run *run)
{
  if (run->runner != NULL)
    g_signal_handlers_disconnect_by_data (run->runner, run);
  g_clear_object (&run->project);
  g_clear_object (&run->runner);
  g_clear_object (&run->op);
}

static Run *
run_ref (Run *run)
{
  return g_rc_box_acquire (run);
}

static void
run_unref (Run *run)
{
  g_rc_box_release_full (run, (GDestroyNotify) run_free);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_unref)

static Run *
lookup (VsBatchLauncher *self,
        gint64           run_id)
{
  return g_hash_table_lookup (self->runs, &run_id);
}

static GCancellable *
new_op (Run *run)
{
  g_clear_object (&run->op);
  run->op = g_cancellable_new ();
  return run->op;
}

static void
emit_changed (Run *run)
{
  if (run->self != NULL)
    g_signal_emit (run->self, signals[CHANGED], 0, run->run_id);
}

/* The run is no longer going here: out of the table first (a "finished" handler may start it
 * again), then said. */
static void
finish (Run        *run,
        const char *state,
        const char *message)
{
  VsBatchLauncher *self = run->self;

  run->phase = VS_BATCH_PHASE_NONE;
  if (self == NULL || run->stopped)
    return;
  if (lookup (self, run->run_id) == run)
    g_hash_table_remove (self->runs, &run->run_id);
  g_signal_emit (self, signals[FINISHED], 0, run->run_id, state, message);
}

static void finish_with_error (Run *run, GError *error);
static void do_wait (Run *run);
static void do_cancel (Run *run);

static void
finish_with_error (Run    *run,
                   GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    finish (run, "cancelled", NULL);
  else
    finish (run, "failed", error->message);
}

/* An operation ended: a cancel asked for meanwhile goes first. */
static gboolean
cancel_first (Run    *run,
              GError *error)
{
  if (run->stopped || run->self == NULL)
    return TRUE;
  if (run->cancel_requested &&
      (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      do_cancel (run);
      return TRUE;
    }
  return FALSE;
}

static void
on_waited (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(Run) run = data;
  g_autoptr(GError) error = NULL;
  gboolean ok = vs_batch_runner_wait_finish (VS_BATCH_RUNNER (source), result, &error);

  if (cancel_first (run, ok ? NULL : error))
    return;
  emit_changed (run);
  if (ok)
    {
      /* The batches ended: the run "done", or "cancelled" when they were cancelled (here or
       * by another process). */
      g_autoptr(VsRunInfo) info = vs_run_store_get (run->project, run->run_id, NULL);

      finish (run, info != NULL && g_strcmp0 (info->state, "cancelled") == 0 ? "cancelled"
                                                                              : "done", NULL);
    }
  else
    finish_with_error (run, error);
}

static void
do_wait (Run *run)
{
  run->phase = VS_BATCH_PHASE_WAITING;
  emit_changed (run);
  vs_batch_runner_wait_async (run->runner, new_op (run), on_waited, run_ref (run));
}

static void
on_cancelled (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(Run) run = data;
  g_autoptr(GError) error = NULL;

  run->cancel_requested = FALSE;
  if (run->stopped || run->self == NULL)
    return;
  if (!vs_batch_runner_cancel_finish (VS_BATCH_RUNNER (source), result, &error))
    {
      emit_changed (run);
      finish_with_error (run, error);
      return;
    }
  /* The provider may take a while to stop a batch: watch until each has ended. */
  do_wait (run);
}

static void
do_cancel (Run *run)
{
  run->phase = VS_BATCH_PHASE_CANCELLING;
  emit_changed (run);
  vs_batch_runner_cancel_async (run->runner, new_op (run), on_cancelled, run_ref (run));
}

static void
on_submitted (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(Run) run = data;
  g_autoptr(GError) error = NULL;
  gboolean ok = vs_batch_runner_submit_finish (VS_BATCH_RUNNER (source), result, &error);

  if (cancel_first (run, ok ? NULL : error))
    return;
  if (!ok)
    {
      emit_changed (run);
      finish_with_error (run, error);
      return;
    }
  do_wait (run);
}

static void
go (Run *run)
{
  if (run->stopped || run->self == NULL)
    return;
  if (run->cancel_requested)
    do_cancel (run);
  else if (run->submit)
    {
      run->phase = VS_BATCH_PHASE_SUBMITTING;
      emit_changed (run);
      vs_batch_runner_submit_async (run->runner, run->retry_errors, new_op (run), on_submitted,
                                    run_ref (run));
    }
  else
    do_wait (run);
}

static void
on_runner_changed (VsBatchRunner *runner,
                   Run           *run)
{
  emit_changed (run);
}

typedef struct
{
  Run   *run;
  guint  position;
} EngineCall;

static void
on_engine (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  EngineCall *call = data;
  g_autoptr(Run) run = call->run;
  g_autoptr(VsRequestEngine) engine = NULL;

  engine = vs_engine_registry_get_finish (VS_ENGINE_REGISTRY (source), result, NULL);
  if (engine != NULL)
    vs_batch_runner_set_engine (run->runner, call->position, engine);
  g_free (call);
  if (--run->pending == 0)
    go (run);
}

static gboolean
start (VsBatchLauncher  *self,
       VsProject        *project,
       gint64            run_id,
       gboolean          submit,
       gboolean          retry_errors,
       GError          **error)
{
  g_autoptr(VsBatchRunner) runner = NULL;
  g_autoptr(GPtrArray) contenders = NULL;
  Run *run;

  if (lookup (self, run_id) != NULL)
    return TRUE;
  runner = vs_batch_runner_new (project, run_id, error);
  if (runner == NULL)
    return FALSE;
  contenders = vs_run_store_list_contenders (project, run_id, error);
  if (contenders == NULL)
    return FALSE;
  if (self->poll_interval_ms > 0)
    vs_batch_runner_set_poll_interval_ms (runner, self->poll_interval_ms);

  run = g_rc_box_new0 (Run);
  run->self = self;
  run->project = g_object_ref (project);
  run->run_id = run_id;
  run->runner = g_steal_pointer (&runner);
  run->submit = submit;
  run->retry_errors = retry_errors;
  run->phase = VS_BATCH_PHASE_PREPARING;
  run->op = g_cancellable_new ();
  g_signal_connect (run->runner, "changed", G_CALLBACK (on_runner_changed), run);
  g_hash_table_insert (self->runs, &run->run_id, run);

  /* A contender on a saved endpoint talks through that endpoint's engine, its key from the
   * keyring; the others through what the spec says (URL, key variable). */
  run->pending = 1;
  for (guint i = 0; i < contenders->len; i++)
    {
      VsContenderInfo *c = g_ptr_array_index (contenders, i);
      g_autoptr(VsEndpoint) endpoint = NULL;
      EngineCall *call;

      if (c->endpoint_id <= 0 ||
          (endpoint = vs_endpoint_load (project, c->endpoint_id, NULL)) == NULL)
        continue;
      call = g_new0 (EngineCall, 1);
      call->run = run_ref (run);
      call->position = i;
      run->pending++;
      vs_engine_registry_get_async (vs_engine_registry_get_for_project (project), endpoint,
                                    run->op, on_engine, call);
    }
  /* Said once the caller has it in hand: the first phase is on show before any callback. */
  emit_changed (run);
  if (--run->pending == 0)
    go (run);
  return TRUE;
}

gboolean
vs_batch_launcher_submit (VsBatchLauncher  *self,
                          VsProject        *project,
                          gint64            run_id,
                          gboolean          retry_errors,
                          GError          **error)
{
  g_return_val_if_fail (VS_IS_BATCH_LAUNCHER (self), FALSE);
  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);

  return start (self, project, run_id, TRUE, retry_errors, error);
}

gboolean
vs_batch_launcher_watch (VsBatchLauncher  *self,
                         VsProject        *project,
                         gint64            run_id,
                         GError          **error)
{
  g_return_val_if_fail (VS_IS_BATCH_LAUNCHER (self), FALSE);
  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);

  return start (self, project, run_id, FALSE, FALSE, error);
}

guint
vs_batch_launcher_watch_project (VsBatchLauncher *self,
                                 VsProject       *project)
{
  g_autoptr(GPtrArray) runs = NULL;
  guint n = 0;

  g_return_val_if_fail (VS_IS_BATCH_LAUNCHER (self), 0);
  g_return_val_if_fail (VS_IS_PROJECT (project), 0);

  if (vs_project_get_read_only (project))
    return 0;
  runs = vs_run_store_list (project, NULL);
  for (guint i = 0; runs != NULL && i < runs->len; i++)
    {
      const VsRunInfo *info = g_ptr_array_index (runs, i);
      g_autoptr(GError) error = NULL;

      if (g_strcmp0 (info->state, "submitted") != 0)
        continue;
      if (start (self, project, info->id, FALSE, FALSE, &error))
        n++;
      else
        /* The run bar says so and offers Check Now, which shows the reason. */
        g_debug ("Run %" G_GINT64_FORMAT " has batches out but cannot be watched: %s",
                 info->id, error->message);
    }
  return n;
}

VsBatchPhase
vs_batch_launcher_get_phase (VsBatchLauncher *self,
                             gint64           run_id)
{
  Run *run;

  g_return_val_if_fail (VS_IS_BATCH_LAUNCHER (self), VS_BATCH_PHASE_NONE);

  run = lookup (self, run_id);
  if (run == NULL)
    return VS_BATCH_PHASE_NONE;
  /* A cancel asked for during another operation is what the run is doing now. */
  return run->cancel_requested ? VS_BATCH_PHASE_CANCELLING : run->phase;
}

gboolean
vs_batch_launcher_is_running (VsBatchLauncher *self,
                              gint64           run_id)
{
  g_return_val_if_fail (VS_IS_BATCH_LAUNCHER (self), FALSE);

  return lookup (self, run_id) != NULL;
}

void
vs_batch_launcher_set_poll_interval_ms (VsBatchLauncher *self,
                                     guint            ms)
{
  g_return_if_fail (VS_IS_BATCH_LAUNCHER (self));

  self->poll_interval_ms = ms;
}

void
vs_batch_launcher_cancel (VsBatchLauncher *self,
                          gint64           run_id)
{
  Run *run;

  g_return_if_fail (VS_IS_BATCH_LAUNCHER (self));

  run = lookup (self, run_id);
  if (run == NULL || run->cancel_requested || run->phase == VS_BATCH_PHASE_CANCELLING)
    return;
  run->cancel_requested = TRUE;
  emit_changed (run);
  /* Submitting or waiting stops; its callback then asks the provider to cancel. Engines still
   * being looked up: go() cancels once they are in. */
  if (run->phase == VS_BATCH_PHASE_SUBMITTING || run->phase == VS_BATCH_PHASE_WAITING)
    g_cancellable_cancel (run->op);
}

static void
detach (gpointer data)
{
  Run *run = data;

  /* The launcher lets it go: what it does stops, and its callbacks no longer reach it. */
  run->stopped = TRUE;
  run->self = NULL;
  g_cancellable_cancel (run->op);
  run_unref (run);
}

void
vs_batch_launcher_stop_all (VsBatchLauncher *self)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  Run *run;

  g_return_if_fail (VS_IS_BATCH_LAUNCHER (self));

  g_hash_table_iter_init (&iter, self->runs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &run))
    g_array_append_val (ids, run->run_id);
  g_hash_table_remove_all (self->runs);
  /* Views of those runs show them as no longer watched. */
  for (guint i = 0; i < ids->len; i++)
    g_signal_emit (self, signals[CHANGED], 0, g_array_index (ids, gint64, i));
}

static void
vs_batch_launcher_dispose (GObject *object)
{
  VsBatchLauncher *self = VS_BATCH_LAUNCHER (object);

  g_clear_pointer (&self->runs, g_hash_table_unref);
  G_OBJECT_CLASS (vs_batch_launcher_parent_class)->dispose (object);
}

static void
vs_batch_launcher_class_init (VsBatchLauncherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vs_batch_launcher_dispose;

  /* VsBatchLauncher::changed (launcher, gint64 run_id): the run's phase or one of its batch
   * rows changed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* VsBatchLauncher::finished (launcher, gint64 run_id, const char *state: "done",
   * "cancelled" or "failed", const char *message: why it failed, or NULL) */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64,
                                    G_TYPE_STRING, G_TYPE_STRING);
}

static void
vs_batch_launcher_init (VsBatchLauncher *self)
{
  self->runs = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, detach);
}

VsBatchLauncher *
vs_batch_launcher_new (void)
{
  return g_object_new (VS_TYPE_BATCH_LAUNCHER, NULL);
}
