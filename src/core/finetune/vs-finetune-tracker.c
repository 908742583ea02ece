/* vs-finetune-tracker.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tracking loop as a chain of callbacks on one GTask: get → record → events → record →
 * (final? checkpoints → record → flush → done : wait → get).
 */
#include "config.h"

#include "vs-finetune-tracker.h"
#include "vs-writer.h"

typedef struct
{
  VsProject              *project;
  gint64                  job_id;
  char                   *remote_id;
  guint                   interval_ms;
  guint                   max_interval_ms;
  guint                   wait_ms;
  VsFinetuneProgressFunc  progress;
  gpointer                progress_data;
  VsFinetuneJob          *job;
  VsFinetuneState         last_state;
  GHashTable             *seen;
  guint                   n_new;
  GSource                *wait;         /* the timeout between rounds */
  GSource                *cancel_wait;  /* ends the wait at once when cancelled */
} Track;

static void
stop_waiting (Track *track)
{
  if (track->wait != NULL)
    {
      g_source_destroy (track->wait);
      g_clear_pointer (&track->wait, g_source_unref);
    }
  if (track->cancel_wait != NULL)
    {
      g_source_destroy (track->cancel_wait);
      g_clear_pointer (&track->cancel_wait, g_source_unref);
    }
}

static void
track_free (Track *track)
{
  stop_waiting (track);
  g_clear_object (&track->project);
  g_free (track->remote_id);
  g_clear_pointer (&track->job, vs_finetune_job_free);
  g_hash_table_unref (track->seen);
  g_free (track);
}

static void track_get (GTask *task);

static void
fail (GTask  *task,
      GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
on_flushed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Track *track = g_task_get_task_data (task);
  GError *error = NULL;

  if (!vs_writer_flush_finish ((VsWriter *) source, result, &error))
    {
      fail (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&track->job),
                         (GDestroyNotify) vs_finetune_job_free);
  g_object_unref (task);
}

static void
finish_track (GTask *task)
{
  Track *track = g_task_get_task_data (task);
  VsWriter *writer = track->project ? vs_project_get_writer (track->project) : NULL;

  if (writer != NULL)
    {
      vs_writer_flush_async (writer, g_task_get_cancellable (task), on_flushed, task);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&track->job),
                         (GDestroyNotify) vs_finetune_job_free);
  g_object_unref (task);
}

static void
on_recorded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError *error = NULL;

  /* Fire-and-forget writes: a failure is worth a warning, the tracking goes on. */
  if (vs_finetune_store_record_finish (VS_PROJECT (source), result, &error) < 0)
    {
      g_warning ("Could not record a fine-tuning job's progress: %s", error->message);
      g_clear_error (&error);
    }
}

static void
record (Track         *track,
        VsFinetuneJob *job,
        GPtrArray     *events,
        GPtrArray     *checkpoints)
{
  if (track->project == NULL || track->job_id <= 0)
    return;
  vs_finetune_store_record_async (track->project, track->job_id, job, events, checkpoints,
                                  NULL, on_recorded, NULL);
}

static void
on_checkpoints (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Track *track = g_task_get_task_data (task);
  g_autoptr(GPtrArray) checkpoints = NULL;
  GError *error = NULL;

  checkpoints = vs_finetune_provider_checkpoints_finish (VS_FINETUNE_PROVIDER (source), result,
                                                         &error);
  if (checkpoints == NULL)
    {
      fail (task, error);
      return;
    }
  record (track, NULL, NULL, checkpoints);
  finish_track (task);
}

static gboolean
on_wait_done (gpointer data)
{
  GTask *task = data;
  Track *track = g_task_get_task_data (task);

  stop_waiting (track);
  track_get (task);
  return G_SOURCE_REMOVE;
}

static gboolean
on_wait_cancelled (GCancellable *cancellable,
                   gpointer      data)
{
  return on_wait_done (data);
}

static void
on_events (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Track *track = g_task_get_task_data (task);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) fresh = NULL;
  GError *error = NULL;
  gboolean changed;

  events = vs_finetune_provider_events_finish (VS_FINETUNE_PROVIDER (source), result, &error);
  if (events == NULL)
    {
      fail (task, error);
      return;
    }
  fresh = g_ptr_array_new ();
  for (guint i = 0; i < events->len; i++)
    {
      VsFinetuneEvent *event = g_ptr_array_index (events, i);

      if (event->remote_id != NULL && !g_hash_table_contains (track->seen, event->remote_id))
        {
          g_hash_table_add (track->seen, g_strdup (event->remote_id));
          g_ptr_array_add (fresh, event);
        }
    }
  record (track, NULL, fresh, NULL);
  changed = fresh->len > 0 || track->job->state != track->last_state;
  track->last_state = track->job->state;
  if (track->progress != NULL)
    track->progress (track->job, fresh->len, track->progress_data);

  if (vs_finetune_state_is_final (track->job->state))
    {
      vs_finetune_provider_checkpoints_async (VS_FINETUNE_PROVIDER (source),
                                              track->remote_id, g_task_get_cancellable (task),
                                              on_checkpoints, task);
      return;
    }
  track->wait_ms = changed ? track->interval_ms
                           : MIN (MAX (track->wait_ms, 1) * 2, track->max_interval_ms);
  track->wait = g_timeout_source_new (track->wait_ms);
  g_source_set_callback (track->wait, on_wait_done, task, NULL);
  g_source_attach (track->wait, g_main_context_get_thread_default ());
  if (g_task_get_cancellable (task) != NULL)
    {
      track->cancel_wait = g_cancellable_source_new (g_task_get_cancellable (task));
      g_source_set_callback (track->cancel_wait, G_SOURCE_FUNC (on_wait_cancelled), task, NULL);
      g_source_attach (track->cancel_wait, g_main_context_get_thread_default ());
    }
}

static void
on_job (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  GTask *task = user_data;
  Track *track = g_task_get_task_data (task);
  VsFinetuneJob *job;
  GError *error = NULL;

  job = vs_finetune_provider_job_finish (VS_FINETUNE_PROVIDER (source), result, &error);
  if (job == NULL)
    {
      fail (task, error);
      return;
    }
  g_clear_pointer (&track->job, vs_finetune_job_free);
  track->job = job;
  record (track, job, NULL, NULL);
  vs_finetune_provider_events_async (VS_FINETUNE_PROVIDER (source), track->remote_id,
                                     g_task_get_cancellable (task), on_events, task);
}

static void
track_get (GTask *task)
{
  Track *track = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  vs_finetune_provider_get_async (g_task_get_source_object (task), track->remote_id,
                                  g_task_get_cancellable (task), on_job, task);
}

void
vs_finetune_track_async (VsFinetuneProvider     *provider,
                         VsProject              *project,
                         gint64                  job_id,
                         const char             *remote_id,
                         guint                   interval_ms,
                         guint                   max_interval_ms,
                         VsFinetuneProgressFunc  progress,
                         gpointer                progress_data,
                         GCancellable           *cancellable,
                         GAsyncReadyCallback     callback,
                         gpointer                user_data)
{
  Track *track;
  GTask *task;

  g_return_if_fail (VS_IS_FINETUNE_PROVIDER (provider));
  g_return_if_fail (project == NULL || VS_IS_PROJECT (project));
  g_return_if_fail (remote_id != NULL);

  task = g_task_new (provider, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_finetune_track_async);
  track = g_new0 (Track, 1);
  track->project = project ? g_object_ref (project) : NULL;
  track->job_id = job_id;
  track->remote_id = g_strdup (remote_id);
  track->interval_ms = MAX (interval_ms, 1);
  track->max_interval_ms = MAX (max_interval_ms, track->interval_ms);
  track->wait_ms = track->interval_ms;
  track->progress = progress;
  track->progress_data = progress_data;
  track->last_state = (VsFinetuneState) -1;
  track->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_task_set_task_data (task, track, (GDestroyNotify) track_free);
  track_get (task);
}

VsFinetuneJob *
vs_finetune_track_finish (VsFinetuneProvider  *provider,
                          GAsyncResult        *result,
                          GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
