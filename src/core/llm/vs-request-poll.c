/* vs-request-poll.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Job polling (fine-tune jobs, batch jobs): GET a path through the engine until the caller's
 * function says the reply is final, waiting longer between polls each time. Every poll is an
 * ordinary call, so it shares the endpoint's limit, retries and stop state.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vs-request-engine-private.h"

typedef struct
{
  char           *path;
  VsPollDoneFunc  done_func;
  gpointer        done_data;
  guint           interval_ms;
  guint           max_interval_ms;
  gint64          deadline_us;
  GSource        *wait;
} Poll;

static void
poll_free (Poll *poll)
{
  if (poll->wait != NULL)
    {
      g_source_destroy (poll->wait);
      g_source_unref (poll->wait);
    }
  g_free (poll->path);
  g_free (poll);
}

static void poll_once (GTask *task);

static gboolean
poll_wait_done (gpointer data)
{
  GTask *task = data;
  Poll *poll = g_task_get_task_data (task);

  g_clear_pointer (&poll->wait, g_source_unref);
  poll_once (task);
  return G_SOURCE_REMOVE;
}

static void
on_poll_reply (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GTask) task = data;
  VsRequestEngine *self = VS_REQUEST_ENGINE (source);
  Poll *poll = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  GSource *wait;

  reply = vs_request_engine_call_json_finish (self, result, NULL, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (poll->done_func (reply, poll->done_data))
    {
      g_task_return_pointer (task, g_steal_pointer (&reply), (GDestroyNotify) json_node_unref);
      return;
    }
  if (poll->deadline_us > 0 &&
      g_get_monotonic_time () + (gint64) poll->interval_ms * 1000 > poll->deadline_us)
    {
      g_task_return_new_error (task, VS_REQUEST_ERROR, VS_REQUEST_ERROR_TIMEOUT,
                               /* Translators: %s is the path polled on the server, e.g.
                                * /v1/fine_tuning/jobs/ftjob-abc. */
                               _("%s did not finish in time"), poll->path);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  wait = g_timeout_source_new (poll->interval_ms);
  g_source_set_callback (wait, poll_wait_done, g_object_ref (task), g_object_unref);
  g_source_attach (wait, _vs_request_engine_get_context (self));
  poll->wait = wait;
  poll->interval_ms = MIN (poll->max_interval_ms, poll->interval_ms * 2);
}

static void
poll_once (GTask *task)
{
  VsRequestEngine *self = g_task_get_source_object (task);
  Poll *poll = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    return;
  vs_request_engine_call_json_async (self, "GET", poll->path, NULL, VS_CALL_FLAGS_NONE,
                                     g_task_get_cancellable (task), on_poll_reply,
                                     g_object_ref (task));
}

void
vs_request_engine_poll_async (VsRequestEngine     *self,
                              const char          *path,
                              VsPollDoneFunc       done_func,
                              gpointer             done_data,
                              guint                interval_ms,
                              guint                max_interval_ms,
                              guint                timeout_ms,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Poll *poll;

  g_return_if_fail (VS_IS_REQUEST_ENGINE (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (done_func != NULL);

  poll = g_new0 (Poll, 1);
  poll->path = g_strdup (path);
  poll->done_func = done_func;
  poll->done_data = done_data;
  poll->interval_ms = MAX (1, interval_ms);
  poll->max_interval_ms = MAX (poll->interval_ms, max_interval_ms);
  if (timeout_ms > 0)
    poll->deadline_us = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_request_engine_poll_async);
  g_task_set_task_data (task, poll, (GDestroyNotify) poll_free);
  poll_once (task);
}

JsonNode *
vs_request_engine_poll_finish (VsRequestEngine  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (VS_IS_REQUEST_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
