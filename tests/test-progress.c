/* test-progress.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The progress relay: reports from a worker arrive on the caller's context, throttled, with
 * the last figures always delivered and the callback's data released on that context.
 */
#include "config.h"

#include "vs-progress.h"

typedef struct
{
  guint    n_calls;
  gint64   last_done;
  gint64   last_total;
  gint64   last_items;
  GThread *thread;        /* where the callback ran */
  gboolean released;
  GThread *released_on;
} Seen;

static void
on_progress (gint64   done,
             gint64   total,
             gint64   items,
             gpointer user_data)
{
  Seen *seen = user_data;

  seen->n_calls++;
  seen->last_done = done;
  seen->last_total = total;
  seen->last_items = items;
  seen->thread = g_thread_self ();
}

static void
on_release (gpointer user_data)
{
  Seen *seen = user_data;

  seen->released = TRUE;
  seen->released_on = g_thread_self ();
}

static gpointer
worker (gpointer data)
{
  VsProgressRelay *relay = data;

  /* 10,000 reports in well under the interval: nearly all are held back. */
  for (gint64 i = 1; i <= 10000; i++)
    vs_progress_relay_report (relay, i, 10000, i / 10);
  vs_progress_relay_finish (relay);
  vs_progress_relay_unref (relay);
  return NULL;
}

static void
test_throttled_and_final (void)
{
  Seen seen = { 0 };
  VsProgressRelay *relay = vs_progress_relay_new (on_progress, &seen, on_release);
  GThread *thread;

  vs_progress_relay_set_interval (relay, 10 * 1000); /* 10 s: only the first and the last */
  thread = g_thread_new ("worker", worker, relay);
  g_thread_join (thread);
  g_assert_cmpuint (seen.n_calls, ==, 0); /* nothing runs until this context iterates */

  while (!seen.released)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (seen.n_calls, ==, 2);
  g_assert_cmpint (seen.last_done, ==, 10000);
  g_assert_cmpint (seen.last_total, ==, 10000);
  g_assert_cmpint (seen.last_items, ==, 1000);
  g_assert_true (seen.thread == g_thread_self ());
  g_assert_true (seen.released_on == g_thread_self ());
}

static void
test_without_callback (void)
{
  Seen seen = { 0 };
  VsProgressRelay *relay = vs_progress_relay_new (NULL, &seen, on_release);

  /* No callback: the data goes back at once and reports are dropped. */
  g_assert_true (seen.released);
  vs_progress_relay_report (relay, 1, 2, 3);
  vs_progress_relay_finish (relay);
  vs_progress_relay_unref (relay);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (seen.n_calls, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/versus/progress/throttled-and-final", test_throttled_and_final);
  g_test_add_func ("/versus/progress/without-callback", test_without_callback);

  return g_test_run ();
}
