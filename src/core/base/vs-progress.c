/* vs-progress.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The relay holds the callback in a refcounted box; each report travels to the caller's
 * context with a reference, so the callback's data outlives every report in flight and is
 * released there, never on the worker.
 */
#include "config.h"

#include "vs-progress.h"

typedef struct
{
  VsProgressFunc  func;
  gpointer        data;
  GDestroyNotify  notify;
} Callback;

struct _VsProgressRelay
{
  gatomicrefcount  ref_count;
  GMainContext    *context;
  Callback        *callback;  /* atomic rc box; NULL without a callback */
  GMutex           mutex;
  gint64           interval_us;
  gboolean         direct;
  gint64           last_sent;
  gboolean         held;
  gint64           held_done;
  gint64           held_total;
  gint64           held_items;
};

typedef struct
{
  Callback *callback;
  gint64    done;
  gint64    total;
  gint64    items;
} Report;

static void
callback_clear (gpointer data)
{
  Callback *callback = data;

  if (callback->notify != NULL)
    callback->notify (callback->data);
}

static void
callback_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, callback_clear);
}

static gboolean
report_dispatch (gpointer data)
{
  Report *report = data;

  report->callback->func (report->done, report->total, report->items, report->callback->data);
  return G_SOURCE_REMOVE;
}

static void
report_free (gpointer data)
{
  Report *report = data;

  callback_release (report->callback);
  g_free (report);
}

static void
post (GMainContext   *context,
      GSourceFunc     func,
      gpointer        data,
      GDestroyNotify  notify)
{
  /* Always queued (g_main_context_invoke would run it right here on a worker when nobody
   * owns the caller's context at that moment). */
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[versus] progress");
  g_source_attach (source, context);
  g_source_unref (source);
}

static gboolean
do_nothing (gpointer data)
{
  return G_SOURCE_REMOVE;
}

VsProgressRelay *
vs_progress_relay_new (VsProgressFunc func,
                       gpointer       user_data,
                       GDestroyNotify notify)
{
  VsProgressRelay *self = g_new0 (VsProgressRelay, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  self->context = g_main_context_ref_thread_default ();
  self->interval_us = VS_PROGRESS_INTERVAL_MS * 1000;
  if (func != NULL)
    {
      self->callback = g_atomic_rc_box_new0 (Callback);
      self->callback->func = func;
      self->callback->data = user_data;
      self->callback->notify = notify;
    }
  else if (notify != NULL)
    notify (user_data);
  return self;
}

VsProgressRelay *
vs_progress_relay_new_direct (VsProgressFunc func,
                              gpointer       user_data,
                              GDestroyNotify notify)
{
  VsProgressRelay *self = vs_progress_relay_new (func, user_data, notify);

  self->direct = TRUE;
  self->interval_us = 0;
  return self;
}

VsProgressRelay *
vs_progress_relay_ref (VsProgressRelay *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
vs_progress_relay_unref (VsProgressRelay *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  /* The last reference may go on a worker: release the callback on the caller's context. */
  if (self->callback != NULL && self->direct)
    callback_release (self->callback);
  else if (self->callback != NULL)
    post (self->context, do_nothing, self->callback, callback_release);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

void
vs_progress_relay_set_interval (VsProgressRelay *self,
                                guint            msec)
{
  g_return_if_fail (self != NULL);
  self->interval_us = (gint64) msec * 1000;
}

static void
send_locked (VsProgressRelay *self,
             gint64           done,
             gint64           total,
             gint64           items)
{
  Report *report;

  if (self->direct)
    {
      self->callback->func (done, total, items, self->callback->data);
      return;
    }

  report = g_new0 (Report, 1);

  report->callback = g_atomic_rc_box_acquire (self->callback);
  report->done = done;
  report->total = total;
  report->items = items;
  post (self->context, report_dispatch, report, report_free);
  self->last_sent = g_get_monotonic_time ();
  self->held = FALSE;
}

void
vs_progress_relay_report (VsProgressRelay *self,
                          gint64           done,
                          gint64           total,
                          gint64           items)
{
  g_return_if_fail (self != NULL);

  if (self->callback == NULL)
    return;
  g_mutex_lock (&self->mutex);
  if (self->last_sent == 0 || g_get_monotonic_time () - self->last_sent >= self->interval_us)
    send_locked (self, done, total, items);
  else
    {
      self->held = TRUE;
      self->held_done = done;
      self->held_total = total;
      self->held_items = items;
    }
  g_mutex_unlock (&self->mutex);
}

void
vs_progress_relay_finish (VsProgressRelay *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  if (self->held && self->callback != NULL)
    send_locked (self, self->held_done, self->held_total, self->held_items);
  g_mutex_unlock (&self->mutex);
}
