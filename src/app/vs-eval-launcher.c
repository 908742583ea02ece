/* vs-eval-launcher.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-endpoint.h"
#include "vs-engine-registry.h"
#include "vs-eval-launcher.h"
#include "vs-run-store.h"

struct _VsEvalLauncher
{
  GObject     parent_instance;

  GHashTable *runs;  /* run id (gint64 *) → Run */
};

G_DEFINE_FINAL_TYPE (VsEvalLauncher, vs_eval_launcher, G_TYPE_OBJECT)

enum { PROGRESS, FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct
{
  VsEvalLauncher *self;         /* weak: the launcher outlives no run's callbacks' use */
  VsProject      *project;
  gint64          run_id;
  VsEvalRunner   *runner;
  GCancellable   *cancellable;
  guint           pending;      /* engines still being looked up */
  gboolean        started;
} Run;

static void
run_free (Run *run)
{
  if (run->runner != NULL)
    g_signal_handlers_disconnect_by_data (run->runner, run);
  g_clear_object (&run->project);
  g_clear_object (&run->runner);
  g_clear_object (&run->cancellable);
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
lookup (VsEvalLauncher *self,
        gint64          run_id)
{
  return g_hash_table_lookup (self->runs, &run_id);
}

static void
on_progress (VsEvalRunner *runner,
             Run          *run)
{
  if (run->self != NULL)
    g_signal_emit (run->self, signals[PROGRESS], 0, run->run_id);
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(Run) run = data;
  g_autoptr(GError) error = NULL;
  VsEvalLauncher *self = run->self;
  const char *state = "done";

  if (!vs_eval_runner_run_finish (VS_EVAL_RUNNER (source), result, &error))
    state = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? "cancelled" : "failed";
  if (self == NULL)
    return;
  /* Gone from the table first: a "finished" handler may start it again. */
  if (lookup (self, run->run_id) == run)
    g_hash_table_remove (self->runs, &run->run_id);
  g_signal_emit (self, signals[FINISHED], 0, run->run_id, state,
                 g_strcmp0 (state, "failed") == 0 ? error->message : NULL);
}

static void
go (Run *run)
{
  run->started = TRUE;
  g_signal_connect (run->runner, "progress", G_CALLBACK (on_progress), run);
  vs_eval_runner_run_async (run->runner, run->cancellable, on_run_done, run_ref (run));
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
    vs_eval_runner_set_engine (run->runner, call->position, engine);
  g_free (call);
  if (--run->pending > 0)
    return;
  if (g_cancellable_is_cancelled (run->cancellable))
    {
      /* Cancelled before it began: nothing was sent; say so like a cancelled run. */
      if (run->self != NULL && lookup (run->self, run->run_id) == run)
        {
          VsEvalLauncher *self = run->self;

          g_hash_table_remove (self->runs, &run->run_id);
          g_signal_emit (self, signals[FINISHED], 0, run->run_id, "cancelled", NULL);
        }
      return;
    }
  go (run);
}

gboolean
vs_eval_launcher_start (VsEvalLauncher  *self,
                        VsProject       *project,
                        gint64           run_id,
                        gboolean         retry_errors,
                        GError         **error)
{
  g_autoptr(VsEvalRunner) runner = NULL;
  g_autoptr(GPtrArray) contenders = NULL;
  Run *run;

  g_return_val_if_fail (VS_IS_EVAL_LAUNCHER (self), FALSE);
  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);

  if (lookup (self, run_id) != NULL)
    return TRUE;
  runner = vs_eval_runner_new (project, run_id, error);
  if (runner == NULL)
    return FALSE;
  vs_eval_runner_set_retry_errors (runner, retry_errors);
  contenders = vs_run_store_list_contenders (project, run_id, error);
  if (contenders == NULL)
    return FALSE;

  run = g_rc_box_new0 (Run);
  run->self = self;
  run->project = g_object_ref (project);
  run->run_id = run_id;
  run->runner = g_steal_pointer (&runner);
  run->cancellable = g_cancellable_new ();
  g_hash_table_insert (self->runs, &run->run_id, run);

  /* A contender on a saved endpoint talks through that endpoint's engine, its key from the
   * keyring; the others through what the spec says (URL, key variable). */
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
                                    run->cancellable, on_engine, call);
    }
  if (run->pending == 0)
    go (run);
  return TRUE;
}

gboolean
vs_eval_launcher_is_running (VsEvalLauncher *self,
                             gint64          run_id)
{
  g_return_val_if_fail (VS_IS_EVAL_LAUNCHER (self), FALSE);

  return lookup (self, run_id) != NULL;
}

gboolean
vs_eval_launcher_get_progress (VsEvalLauncher *self,
                               gint64          run_id,
                               VsEvalProgress *out)
{
  Run *run;

  g_return_val_if_fail (VS_IS_EVAL_LAUNCHER (self), FALSE);

  run = lookup (self, run_id);
  if (run == NULL)
    return FALSE;
  vs_eval_runner_get_progress (run->runner, out);
  return TRUE;
}

gboolean
vs_eval_launcher_is_paused (VsEvalLauncher *self,
                            gint64          run_id)
{
  Run *run;

  g_return_val_if_fail (VS_IS_EVAL_LAUNCHER (self), FALSE);

  run = lookup (self, run_id);
  return run != NULL && vs_eval_runner_get_paused (run->runner);
}

void
vs_eval_launcher_pause (VsEvalLauncher *self,
                        gint64          run_id)
{
  Run *run;

  g_return_if_fail (VS_IS_EVAL_LAUNCHER (self));

  if ((run = lookup (self, run_id)) != NULL)
    {
      vs_eval_runner_pause (run->runner);
      g_signal_emit (self, signals[PROGRESS], 0, run_id);
    }
}

void
vs_eval_launcher_resume (VsEvalLauncher *self,
                         gint64          run_id)
{
  Run *run;

  g_return_if_fail (VS_IS_EVAL_LAUNCHER (self));

  if ((run = lookup (self, run_id)) != NULL)
    {
      vs_eval_runner_resume (run->runner);
      g_signal_emit (self, signals[PROGRESS], 0, run_id);
    }
}

void
vs_eval_launcher_cancel (VsEvalLauncher *self,
                         gint64          run_id)
{
  Run *run;

  g_return_if_fail (VS_IS_EVAL_LAUNCHER (self));

  if ((run = lookup (self, run_id)) != NULL)
    g_cancellable_cancel (run->cancellable);
}

void
vs_eval_launcher_cancel_all (VsEvalLauncher *self)
{
  GHashTableIter iter;
  Run *run;

  g_return_if_fail (VS_IS_EVAL_LAUNCHER (self));

  g_hash_table_iter_init (&iter, self->runs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &run))
    g_cancellable_cancel (run->cancellable);
}

static void
detach (gpointer data)
{
  Run *run = data;

  /* The launcher is going: its runs stop, and their callbacks no longer reach it. */
  g_cancellable_cancel (run->cancellable);
  run->self = NULL;
  run_unref (run);
}

static void
vs_eval_launcher_dispose (GObject *object)
{
  VsEvalLauncher *self = VS_EVAL_LAUNCHER (object);

  g_clear_pointer (&self->runs, g_hash_table_unref);
  G_OBJECT_CLASS (vs_eval_launcher_parent_class)->dispose (object);
}

static void
vs_eval_launcher_class_init (VsEvalLauncherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vs_eval_launcher_dispose;

  /* VsEvalLauncher::progress (launcher, gint64 run_id) */
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* VsEvalLauncher::finished (launcher, gint64 run_id, const char *state: "done",
   * "cancelled" or "failed", const char *message: why it failed, or NULL) */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64,
                                    G_TYPE_STRING, G_TYPE_STRING);
}

static void
vs_eval_launcher_init (VsEvalLauncher *self)
{
  self->runs = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, detach);
}

VsEvalLauncher *
vs_eval_launcher_new (void)
{
  return g_object_new (VS_TYPE_EVAL_LAUNCHER, NULL);
}
