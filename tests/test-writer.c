/* test-writer.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project's one writer: order, batching, a failed job rolled back alone, completions and
 * change notices on the caller's context (notices first), urgent jobs, back-pressure, and a
 * close that drains the queue.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vs-project-private.h"
#include "vs-test-util.h"
#include "vs-writer-private.h"

typedef struct
{
  char   *key;
  char   *value;
  gint64  rowid;  /* out */
  guint   delay_ms;
} Put;

static void
put_free (gpointer data)
{
  Put *put = data;

  g_free (put->key);
  g_free (put->value);
  g_free (put);
}

static Put *
put_new (const char *key,
         const char *value)
{
  Put *put = g_new0 (Put, 1);

  put->key = g_strdup (key);
  put->value = g_strdup (value);
  return put;
}

static gboolean
put_job (VsWriteContext  *ctx,
         gpointer         data,
         GError         **error)
{
  Put *put = data;
  sqlite3_stmt *stmt;

  if (put->delay_ms > 0)
    g_usleep (put->delay_ms * 1000); /* a slow job, to hold a batch open */

  stmt = _vs_write_context_prepare (ctx, "INSERT INTO project_meta (key, value) VALUES (?1, ?2)",
                                    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, put->key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, put->value, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  put->rowid = sqlite3_last_insert_rowid (_vs_write_context_get_db (ctx));
  _vs_write_context_note (ctx, "project_meta", VS_CHANGE_INSERT, 0, put->rowid);
  return TRUE;
}

static char *
get_meta (VsProject  *project,
          const char *key)
{
  return vs_project_get_meta (project, key);
}

typedef struct
{
  GPtrArray *events;  /* "change:<table>:<n ids>" or "done:<key>" or "error:<key>" */
  guint      n_done;
} Log;

static void
on_changed (VsProject      *project,
            const char     *what,
            const VsChange *change,
            Log            *log)
{
  g_ptr_array_add (log->events,
                   g_strdup_printf ("change:%s:%d", what,
                                    change->ids ? (int) change->ids->len : -1));
}

static void
on_put_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Log *log = user_data;
  VsWriter *writer = NULL;
  g_autoptr(GError) error = NULL;
  Put *put = _vs_writer_job_get_data (result);

  if (_vs_writer_submit_finish (writer, result, &error))
    g_ptr_array_add (log->events, g_strdup_printf ("done:%s", put->key));
  else
    g_ptr_array_add (log->events, g_strdup_printf ("error:%s:%d", put->key, error->code));
  log->n_done++;
}

static void
wait_done (Log  *log,
           guint n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (log->n_done < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  /* The notices' idle came before the completions; let anything queued run. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_order_and_notices (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("w.versus", &dir, NULL);
  VsWriter *writer = vs_project_get_writer (project);
  Log log = { g_ptr_array_new_with_free_func (g_free), 0 };
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  guint ia, ib;

  g_assert_nonnull (writer);
  g_signal_connect (project, "changed", G_CALLBACK (on_changed), &log);

  _vs_writer_submit (writer, put_job, put_new ("a", "1"), put_free, NULL, on_put_done, &log);
  _vs_writer_submit (writer, put_job, put_new ("b", "2"), put_free, NULL, on_put_done, &log);
  g_assert_cmpuint (vs_writer_get_pending (writer), <=, 2);
  wait_done (&log, 2);

  /* Completions in order; each commit's notice (one per table and kind) came before them. */
  g_assert_cmpuint (log.events->len, >=, 3);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (log.events, 0), "change:project_meta:"));
  g_assert_true (g_ptr_array_find_with_equal_func (log.events, "done:a", g_str_equal, &ia));
  g_assert_true (g_ptr_array_find_with_equal_func (log.events, "done:b", g_str_equal, &ib));
  g_assert_cmpuint (ia, <, ib);

  a = get_meta (project, "a");
  b = get_meta (project, "b");
  g_assert_cmpstr (a, ==, "1");
  g_assert_cmpstr (b, ==, "2");
  g_ptr_array_unref (log.events);
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_failed_job_alone (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("w.versus", &dir, NULL);
  VsWriter *writer = vs_project_get_writer (project);
  Log log = { g_ptr_array_new_with_free_func (g_free), 0 };
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  Put *slow = put_new ("x", "1");
  guint n_changes = 0;

  g_signal_connect (project, "changed", G_CALLBACK (on_changed), &log);
  /* The slow first job keeps the batch open, so all three share one transaction. */
  slow->delay_ms = 50;
  _vs_writer_submit (writer, put_job, slow, put_free, NULL, on_put_done, &log);
  _vs_writer_submit (writer, put_job, put_new ("x", "dup"), put_free, NULL, on_put_done, &log);
  _vs_writer_submit (writer, put_job, put_new ("y", "2"), put_free, NULL, on_put_done, &log);
  wait_done (&log, 3);

  g_assert_true (g_ptr_array_find_with_equal_func (log.events, "done:x", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (log.events, "done:y", g_str_equal, NULL));
  for (guint i = 0; i < log.events->len; i++)
    {
      const char *e = g_ptr_array_index (log.events, i);

      if (g_str_has_prefix (e, "error:x"))
        n_changes += 100;
      if (g_str_has_prefix (e, "change:"))
        n_changes++;
    }
  g_assert_cmpuint (n_changes / 100, ==, 1); /* the duplicate failed */

  x = get_meta (project, "x");
  y = get_meta (project, "y");
  g_assert_cmpstr (x, ==, "1");
  g_assert_cmpstr (y, ==, "2");
  g_ptr_array_unref (log.events);
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static int n_commits;

static int
count_commit (void *data)
{
  g_atomic_int_inc (&n_commits);
  return 0;
}

static gboolean
hook_job (VsWriteContext  *ctx,
          gpointer         data,
          GError         **error)
{
  sqlite3_commit_hook (_vs_write_context_get_db (ctx), data ? count_commit : NULL, NULL);
  return TRUE;
}

/* A job that holds the writer until the test opens the gate. */
typedef struct
{
  GMutex   mutex;
  GCond    cond;
  gboolean open;
} Gate;

static gboolean
gate_job (VsWriteContext  *ctx,
          gpointer         data,
          GError         **error)
{
  Gate *gate = data;

  g_mutex_lock (&gate->mutex);
  while (!gate->open)
    g_cond_wait (&gate->cond, &gate->mutex);
  g_mutex_unlock (&gate->mutex);
  return TRUE;
}

static void
gate_open (Gate *gate)
{
  g_mutex_lock (&gate->mutex);
  gate->open = TRUE;
  g_cond_signal (&gate->cond);
  g_mutex_unlock (&gate->mutex);
}

static void
test_batching (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("w.versus", &dir, NULL);
  VsWriter *writer = vs_project_get_writer (project);
  g_autoptr(GError) error = NULL;
  Gate gate = { 0 };
  g_autofree char *last = NULL;

  g_assert_true (_vs_writer_run (writer, hook_job, GINT_TO_POINTER (1), &error));
  g_atomic_int_set (&n_commits, 0);

  /* While the gate holds the writer, 1,000 jobs queue up: they go into very few
   * transactions (one, or a few when a batch reaches VS_WRITER_BATCH_MS). */
  _vs_writer_submit (writer, gate_job, &gate, NULL, NULL, NULL, NULL);
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *key = g_strdup_printf ("k%u", i);
      _vs_writer_submit (writer, put_job, put_new (key, "v"), put_free, NULL, NULL, NULL);
    }
  gate_open (&gate);
  g_assert_true (vs_writer_flush (writer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_atomic_int_get (&n_commits), <, 20);
  g_assert_cmpint (g_atomic_int_get (&n_commits), >=, 1);
  g_assert_cmpuint (vs_writer_get_pending (writer), ==, 0);

  last = get_meta (project, "k999");
  g_assert_cmpstr (last, ==, "v");
  g_assert_true (_vs_writer_run (writer, hook_job, NULL, &error));
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_urgent_jumps_ahead (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("w.versus", &dir, NULL);
  VsWriter *writer = vs_project_get_writer (project);
  g_autoptr(GError) error = NULL;
  Put *urgent = put_new ("urgent", "1");
  gint64 start;
  g_autofree char *queued = NULL;

  /* 40 jobs of 10 ms each are queued (≥ 400 ms of work); the urgent one waits for one. */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *key = g_strdup_printf ("q%u", i);
      Put *put = put_new (key, "v");

      put->delay_ms = 10;
      _vs_writer_submit (writer, put_job, put, put_free, NULL, NULL, NULL);
    }
  start = g_get_monotonic_time ();
  g_assert_true (_vs_writer_run (writer, put_job, urgent, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 200 * 1000);
  g_assert_cmpuint (vs_writer_get_pending (writer), >, 0);

  /* The urgent row is committed and readable now, while the queue is still busy. */
  queued = get_meta (project, "urgent");
  g_assert_cmpstr (queued, ==, "1");
  put_free (urgent);
  g_assert_true (vs_writer_flush (writer, &error));
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

typedef struct
{
  VsWriter *writer;
  guint     max_seen;
} Producer;

static gpointer
producer_thread (gpointer data)
{
  Producer *p = data;

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *key = g_strdup_printf ("p%u", i);
      guint pending;

      _vs_writer_wait_below (p->writer, 4);
      _vs_writer_submit (p->writer, put_job, put_new (key, "v"), put_free, NULL, NULL, NULL);
      pending = vs_writer_get_pending (p->writer);
      p->max_seen = MAX (p->max_seen, pending);
    }
  return NULL;
}

static void
test_back_pressure (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("w.versus", &dir, NULL);
  Producer p = { vs_project_get_writer (project), 0 };
  GThread *thread = g_thread_new ("producer", producer_thread, &p);
  g_autofree char *last = NULL;

  g_thread_join (thread);
  g_assert_cmpuint (p.max_seen, <=, 5);
  g_assert_true (vs_writer_flush (p.writer, NULL));
  last = get_meta (project, "p199");
  g_assert_cmpstr (last, ==, "v");
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_cancelled_job_does_not_run (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("w.versus", &dir, NULL);
  VsWriter *writer = vs_project_get_writer (project);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Log log = { g_ptr_array_new_with_free_func (g_free), 0 };
  Put *slow = put_new ("first", "1");
  g_autofree char *value = NULL;
  g_autofree char *expected = g_strdup_printf ("error:never:%d", G_IO_ERROR_CANCELLED);

  slow->delay_ms = 50;
  _vs_writer_submit (writer, put_job, slow, put_free, NULL, NULL, NULL);
  _vs_writer_submit (writer, put_job, put_new ("never", "1"), put_free, cancellable, on_put_done,
                     &log);
  g_cancellable_cancel (cancellable);
  wait_done (&log, 1);
  g_assert_cmpstr (g_ptr_array_index (log.events, 0), ==, expected);
  value = get_meta (project, "never");
  g_assert_null (value);
  g_ptr_array_unref (log.events);
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_close_drains (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  VsProject *project = vs_test_project_new ("w.versus", &dir, &path);
  g_autoptr(VsProject) again = NULL;
  g_autofree char *value = NULL;

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *key = g_strdup_printf ("d%u", i);
      _vs_writer_submit (vs_project_get_writer (project), put_job, put_new (key, "v"), put_free,
                         NULL, NULL, NULL);
    }
  g_object_unref (project);

  again = vs_project_open (path, VS_PROJECT_OPEN_EXISTING, NULL);
  g_assert_nonnull (again);
  value = vs_project_get_meta (again, "d99");
  g_assert_cmpstr (value, ==, "v");
  g_clear_object (&again);
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
file_has_16_mb (gpointer path)
{
  GStatBuf st = { 0 };

  return g_stat (path, &st) == 0 && st.st_size >= 16 * 1024 * 1024;
}

static void
test_checkpoints_beside (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("w.versus", &dir, &path);
  VsWriter *writer = vs_project_get_writer (project);
  g_autofree char *value = g_strnfill (8000, 'v');

  /* About 24 MB through the WAL: past the checkpointer's threshold (4,096 pages). */
  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *key = g_strdup_printf ("c%u", i);
      _vs_writer_submit (writer, put_job, put_new (key, value), put_free, NULL, NULL, NULL);
    }
  g_assert_true (vs_writer_flush (writer, NULL));

  /* While the project is open, the checkpointer has copied pages back into the file. */
  g_assert_true (vs_test_poll (file_has_16_mb, path, 20000));
  g_clear_object (&project);
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_read_only_has_no_writer (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("w.versus", &dir, &path);
  g_autoptr(VsProject) ro = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&project);
  ro = vs_project_open (path, VS_PROJECT_OPEN_READONLY, &error);
  g_assert_no_error (error);
  g_assert_null (vs_project_get_writer (ro));
  g_clear_object (&ro);
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/versus/writer/order-and-notices", test_order_and_notices);
  g_test_add_func ("/versus/writer/failed-job-alone", test_failed_job_alone);
  g_test_add_func ("/versus/writer/batching", test_batching);
  g_test_add_func ("/versus/writer/urgent-jumps-ahead", test_urgent_jumps_ahead);
  g_test_add_func ("/versus/writer/back-pressure", test_back_pressure);
  g_test_add_func ("/versus/writer/cancelled-job", test_cancelled_job_does_not_run);
  g_test_add_func ("/versus/writer/close-drains", test_close_drains);
  g_test_add_func ("/versus/writer/read-only", test_read_only_has_no_writer);
  g_test_add_func ("/versus/writer/checkpoints-beside", test_checkpoints_beside);

  return g_test_run ();
}
