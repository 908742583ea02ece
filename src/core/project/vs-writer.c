/* vs-writer.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The writer thread. It takes jobs off a queue in order, runs each inside a SAVEPOINT of one
 * open transaction, and commits when the queue runs dry, when the transaction has been open
 * for VS_WRITER_BATCH_MS, or when a waiting caller (an urgent job) is queued. After a commit
 * it hands back, in this order, the change notices (on the project's main context) and each
 * job's completion (on its caller's context). The queue never holds the SQLite lock while a
 * caller waits for the queue's mutex: SQL runs outside it.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vs-error.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-thread.h"
#include "vs-writer-private.h"

/* Beyond this many ids in one commit a change says "many" (a view reloads). */
#define MAX_IDS_PER_CHANGE 4096

typedef struct
{
  GMutex     mutex;
  GCond      cond;
  gboolean   done;
  gboolean   ok;
  GError    *error;
  GPtrArray *notes;  /* the job's committed changes, for the waiting caller to announce */
} SyncWait;

typedef struct
{
  VsWriteFunc     func;
  gpointer        data;
  GDestroyNotify  data_free;
  GTask          *task;    /* owns data when set */
  SyncWait       *sync;    /* the waiting caller's */
  VsWriteDone     done;    /* called on the writer thread */
  GCancellable   *cancellable;
  GError         *error;
  gboolean        ok;
  gboolean        urgent;
} Job;

struct _VsWriteContext
{
  VsWriter  *writer;
  GPtrArray *notes;  /* VsChange*, this job's */
  char      *now;    /* _vs_write_context_get_now(), once asked */
};

/* The job running on this thread, if any: lets core's older store code, which asks the project
 * for its connection, run unchanged inside a job (see vs_project_get_db()). */
static GPrivate current_context;

VsWriteContext *
_vs_writer_get_current (void)
{
  return g_private_get (&current_context);
}

VsWriter *
_vs_write_context_get_writer (VsWriteContext *ctx)
{
  g_return_val_if_fail (ctx != NULL, NULL);
  return ctx->writer;
}

/* A weak reference to the project made once, on the thread that opens it, and shared: the
 * writer thread only ever copies the box, never takes a strong reference. */
typedef struct
{
  GWeakRef ref;
} ProjectRef;

static ProjectRef *
project_ref_ref (ProjectRef *pref)
{
  return g_atomic_rc_box_acquire (pref);
}

static void
project_ref_clear (gpointer data)
{
  g_weak_ref_clear (&((ProjectRef *) data)->ref);
}

static void
project_ref_unref (ProjectRef *pref)
{
  g_atomic_rc_box_release_full (pref, project_ref_clear);
}

struct _VsWriter
{
  VsProject    *project;  /* not a reference: the project owns the writer */
  ProjectRef   *project_ref;  /* shared with the notices in flight */
  GMainContext *project_context;
  char         *path;
  sqlite3      *db;
  GHashTable   *statements;  /* SQL text → sqlite3_stmt*, writer thread only */
  /* The same statements by the address of the caller's SQL text (a literal, mostly): a
   * lookup per row then costs no hash of a long text. Checked against the statement's own
   * text, since a freed text's address may come back with other SQL. */
  GHashTable   *by_address;
  GThread      *thread;

  /* Checkpoints run beside the writer, on a connection of their own: copying the WAL back
   * into the file (reading and writing every page again) is a third of an import's I/O. */
  sqlite3      *ckpt_db;
  GThread      *ckpt_thread;
  GCond         ckpt_cond;
  gboolean      ckpt_wanted;

  GMutex        mutex;
  GCond         cond;  /* queue not empty / pending went down */
  GQueue        queue;
  guint         pending;  /* queued or running, not yet completed */
  guint         urgent;   /* urgent jobs queued */
  gboolean      stopping;
};

static void
job_free (Job *job)
{
  if (job->task == NULL && job->data_free != NULL && job->data != NULL)
    job->data_free (job->data);
  g_clear_object (&job->task);
  g_clear_object (&job->cancellable);
  g_clear_error (&job->error);
  g_free (job);
}

/* Change notes ---------------------------------------------------------------------------- */

void
_vs_write_context_note (VsWriteContext *ctx,
                        const char     *table,
                        VsChangeKind    kind,
                        gint64          parent_id,
                        gint64          id)
{
  VsChange *change = NULL;

  g_return_if_fail (ctx != NULL);
  g_return_if_fail (table != NULL);

  for (guint i = 0; i < ctx->notes->len; i++)
    {
      VsChange *c = g_ptr_array_index (ctx->notes, i);

      if (c->kind == kind && c->parent_id == parent_id && g_str_equal (c->table, table))
        {
          change = c;
          break;
        }
    }
  if (change == NULL)
    {
      change = vs_change_new (table, kind, parent_id);
      change->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_ptr_array_add (ctx->notes, change);
    }

  if (change->ids == NULL)
    return; /* already "many" */
  if (id < 0 || change->ids->len >= MAX_IDS_PER_CHANGE)
    g_clear_pointer (&change->ids, g_array_unref);
  else
    g_array_append_val (change->ids, id);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Merges one job's notes into the batch's. */
static void
merge_notes (GPtrArray *batch,
             GPtrArray *notes)
{
  for (guint i = 0; i < notes->len; i++)
    {
      VsChange *note = g_ptr_array_index (notes, i);
      VsChange *into = NULL;

      for (guint j = 0; j < batch->len; j++)
        {
          VsChange *c = g_ptr_array_index (batch, j);

          if (c->kind == note->kind && c->parent_id == note->parent_id &&
              g_str_equal (c->table, note->table))
            {
              into = c;
              break;
            }
        }
      if (into == NULL)
        {
          g_ptr_array_add (batch, vs_change_copy (note));
          continue;
        }
      if (into->ids == NULL)
        continue;
      if (note->ids == NULL || into->ids->len + note->ids->len > MAX_IDS_PER_CHANGE)
        g_clear_pointer (&into->ids, g_array_unref);
      else
        g_array_append_vals (into->ids, note->ids->data, note->ids->len);
    }
}

typedef struct
{
  ProjectRef *project;
  GPtrArray  *changes;
} Notices;

static void
notices_free (gpointer data)
{
  Notices *n = data;

  project_ref_unref (n->project);
  g_ptr_array_unref (n->changes);
  g_free (n);
}

static gboolean
emit_notices (gpointer data)
{
  Notices *n = data;
  g_autoptr(VsProject) project = g_weak_ref_get (&n->project->ref);

  if (project == NULL)
    return G_SOURCE_REMOVE;
  for (guint i = 0; i < n->changes->len; i++)
    vs_project_emit_change (project, g_ptr_array_index (n->changes, i));
  return G_SOURCE_REMOVE;
}

static void
deliver_notices (VsWriter  *self,
                 GPtrArray *changes)
{
  Notices *n;
  GSource *source;

  if (changes->len == 0)
    return;

  for (guint i = 0; i < changes->len; i++)
    {
      VsChange *c = g_ptr_array_index (changes, i);

      if (c->ids != NULL)
        g_array_sort (c->ids, compare_ids);
    }

  /* No strong reference here: the last one dropped on this thread would finalize the
   * project, which joins this thread. */
  n = g_new0 (Notices, 1);
  n->project = project_ref_ref (self->project_ref);
  n->changes = g_ptr_array_ref (changes);

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, "[versus] writer change notices");
  g_source_set_callback (source, emit_notices, n, notices_free);
  g_source_attach (source, self->project_context);
  g_source_unref (source);
}

/* After a synchronous write: the caller announces its changes before it returns when it may
 * run the project's context now (the GUI's thread, the CLI), as the store functions always
 * did; from any other thread they are posted there. */
static void
announce (VsWriter  *self,
          GPtrArray *notes)
{
  g_autoptr(GPtrArray) changes = notes;
  g_autoptr(VsProject) project = NULL;

  if (changes->len == 0)
    return;
  if (!g_main_context_acquire (self->project_context))
    {
      deliver_notices (self, changes);
      return;
    }
  project = g_weak_ref_get (&self->project_ref->ref);
  for (guint i = 0; project != NULL && i < changes->len; i++)
    {
      VsChange *c = g_ptr_array_index (changes, i);

      if (c->ids != NULL)
        g_array_sort (c->ids, compare_ids);
      vs_project_emit_change (project, c);
    }
  g_main_context_release (self->project_context);
}

/* Inside a job --------------------------------------------------------------------------- */

sqlite3 *
_vs_write_context_get_db (VsWriteContext *ctx)
{
  g_return_val_if_fail (ctx != NULL, NULL);
  return ctx->writer->db;
}

const char *
_vs_write_context_get_now (VsWriteContext *ctx)
{
  g_return_val_if_fail (ctx != NULL, NULL);

  if (ctx->now == NULL)
    ctx->now = vs_now_iso8601 ();
  return ctx->now;
}

VsProject *
_vs_write_context_get_project (VsWriteContext *ctx)
{
  g_return_val_if_fail (ctx != NULL, NULL);
  return ctx->writer->project;
}

gboolean
_vs_write_context_set_error (VsWriteContext  *ctx,
                             GError         **error)
{
  sqlite3 *db = ctx->writer->db;

  return _vs_project_set_db_error (db, ctx->writer->path, sqlite3_extended_errcode (db), error);
}

sqlite3_stmt *
_vs_write_context_prepare (VsWriteContext  *ctx,
                           const char      *sql,
                           GError         **error)
{
  VsWriter *self;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  self = ctx->writer;
  stmt = g_hash_table_lookup (self->by_address, sql);
  if (stmt == NULL || strcmp (sqlite3_sql (stmt), sql) != 0)
    {
      stmt = g_hash_table_lookup (self->statements, sql);
      if (stmt != NULL)
        g_hash_table_insert (self->by_address, (gpointer) sql, stmt);
    }
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      _vs_write_context_set_error (ctx, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  g_hash_table_insert (self->by_address, (gpointer) sql, stmt);
  return stmt;
}

/* The thread ----------------------------------------------------------------------------- */

static gboolean
exec_sql (VsWriter    *self,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _vs_project_set_db_error (self->db, self->path, rc, error);
  return TRUE;
}

static void
run_job (VsWriter  *self,
         Job       *job,
         GPtrArray *batch_notes)
{
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_change_free);
  VsWriteContext ctx = { self, notes, NULL };

  if (g_cancellable_set_error_if_cancelled (job->cancellable, &job->error))
    return;

  if (!exec_sql (self, "SAVEPOINT job", &job->error))
    return;

  g_private_set (&current_context, &ctx);
  job->ok = job->func (&ctx, job->data, &job->error);
  g_private_set (&current_context, NULL);
  g_clear_pointer (&ctx.now, g_free);
  if (job->ok)
    {
      exec_sql (self, "RELEASE job", NULL);
      /* A waiting caller announces its own changes (at once, on its thread, when that is the
       * project's); the others' go out with the batch. */
      if (job->sync != NULL)
        job->sync->notes = g_ptr_array_ref (notes);
      else
        merge_notes (batch_notes, notes);
      return;
    }

  if (job->error == NULL)
    g_set_error_literal (&job->error, VS_ERROR, VS_ERROR_FAILED, _("A write failed"));
  sqlite3_exec (self->db, "ROLLBACK TO job", NULL, NULL, NULL);
  sqlite3_exec (self->db, "RELEASE job", NULL, NULL, NULL);
}

static void
complete_job (VsWriter *self,
              Job      *job)
{
  if (job->sync != NULL)
    {
      SyncWait *wait = job->sync;

      g_mutex_lock (&wait->mutex);
      wait->ok = job->ok;
      wait->error = g_steal_pointer (&job->error);
      wait->done = TRUE;
      g_cond_signal (&wait->cond);
      g_mutex_unlock (&wait->mutex);
    }
  else if (job->done != NULL)
    job->done (job->data, job->ok, job->error);
  else if (job->task != NULL)
    {
      if (job->ok)
        g_task_return_boolean (job->task, TRUE);
      else
        g_task_return_error (job->task, g_steal_pointer (&job->error));
    }
  else if (!job->ok && job->error != NULL &&
           !g_error_matches (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_warning ("A queued write failed: %s", job->error->message);
    }
  job_free (job);
}

static Job *
next_job (VsWriter *self,
          gboolean  block)
{
  Job *job;

  g_mutex_lock (&self->mutex);
  while (block && g_queue_is_empty (&self->queue) && !self->stopping)
    g_cond_wait (&self->cond, &self->mutex);
  job = g_queue_pop_head (&self->queue);
  if (job != NULL && job->urgent)
    self->urgent--;
  g_mutex_unlock (&self->mutex);
  return job;
}

static gboolean
should_commit (VsWriter *self,
               gint64    batch_start,
               Job      *last)
{
  gboolean commit;

  if (last->urgent || g_get_monotonic_time () - batch_start >= VS_WRITER_BATCH_MS * 1000)
    return TRUE;
  g_mutex_lock (&self->mutex);
  commit = g_queue_is_empty (&self->queue) || self->urgent > 0;
  g_mutex_unlock (&self->mutex);
  return commit;
}

static void
finish_batch (VsWriter  *self,
              GPtrArray *jobs,
              GPtrArray *notes)
{
  guint n = jobs->len;

  deliver_notices (self, notes);

  /* Counted out before the completions, so a caller woken by one sees the writer's state
   * after this commit. */
  g_mutex_lock (&self->mutex);
  self->pending -= n;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);

  for (guint i = 0; i < n; i++)
    complete_job (self, g_ptr_array_index (jobs, i));
}

static void
fail_batch (GPtrArray    *jobs,
            GPtrArray    *notes,
            const GError *error)
{
  g_ptr_array_set_size (notes, 0);
  for (guint i = 0; i < jobs->len; i++)
    {
      Job *j = g_ptr_array_index (jobs, i);

      j->ok = FALSE;
      g_clear_error (&j->error);
      j->error = g_error_copy (error);
      if (j->sync != NULL)
        g_clear_pointer (&j->sync->notes, g_ptr_array_unref);
    }
}

static void
run_batch (VsWriter *self,
           Job      *first)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new ();
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_change_free);
  g_autoptr(GError) error = NULL;
  gint64 batch_start = g_get_monotonic_time ();
  Job *job = first;

  g_ptr_array_add (jobs, job);
  /* Nothing can be written now (disk gone, file locked for 5 s): fail this job only. */
  if (!exec_sql (self, "BEGIN IMMEDIATE", &error))
    {
      fail_batch (jobs, notes, error);
      finish_batch (self, jobs, notes);
      return;
    }

  for (;;)
    {
      run_job (self, job, notes);
      if (should_commit (self, batch_start, job))
        break;
      job = next_job (self, FALSE);
      if (job == NULL)
        break;
      g_ptr_array_add (jobs, job);
    }

  if (!exec_sql (self, "COMMIT", &error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      fail_batch (jobs, notes, error);
    }
  finish_batch (self, jobs, notes);
}

static gpointer
writer_thread (gpointer data)
{
  VsWriter *self = data;
  Job *job;

  vs_thread_lower_priority (VS_THREAD_BACKGROUND_NICE);
  while ((job = next_job (self, TRUE)) != NULL)
    run_batch (self, job);
  return NULL;
}

/* Checkpoints ---------------------------------------------------------------------------- */

/* Pages in the WAL after which the checkpointer is asked to copy them back, and after which
 * the writer does it itself (a reader holding an old snapshot can keep the checkpointer from
 * finishing; the WAL must not grow without bound). */
#define CKPT_PAGES       4096
#define CKPT_PAGES_FORCE (16 * CKPT_PAGES)

static int
on_wal_commit (void       *data,
               sqlite3    *db,
               const char *name,
               int         pages)
{
  VsWriter *self = data;

  if (pages >= CKPT_PAGES_FORCE)
    sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  else if (pages >= CKPT_PAGES)
    {
      g_mutex_lock (&self->mutex);
      self->ckpt_wanted = TRUE;
      g_cond_signal (&self->ckpt_cond);
      g_mutex_unlock (&self->mutex);
    }
  return SQLITE_OK;
}

static gpointer
checkpoint_thread (gpointer data)
{
  VsWriter *self = data;

  vs_thread_lower_priority (VS_THREAD_BACKGROUND_NICE);
  g_mutex_lock (&self->mutex);
  for (;;)
    {
      while (!self->ckpt_wanted && !self->stopping)
        g_cond_wait (&self->ckpt_cond, &self->mutex);
      if (!self->ckpt_wanted)
        break;
      self->ckpt_wanted = FALSE;
      g_mutex_unlock (&self->mutex);
      sqlite3_wal_checkpoint_v2 (self->ckpt_db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      g_mutex_lock (&self->mutex);
    }
  g_mutex_unlock (&self->mutex);
  return NULL;
}

/* Life ----------------------------------------------------------------------------------- */

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

VsWriter *
_vs_writer_new (VsProject  *project,
                GError    **error)
{
  VsWriter *self;
  sqlite3 *db;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  db = vs_project_open_connection (project, error);
  if (db == NULL)
    return NULL;

  /* The writer writes everything: a larger page cache keeps the tails of the tables and
   * indexes it appends to in memory, and rarer checkpoints copy a page rewritten by many
   * commits once. */
  sqlite3_exec (db, "PRAGMA cache_size = -32768", NULL, NULL, NULL);
  /* Each job runs in a SAVEPOINT, whose statement journal keeps the old content of every page
   * the job changes; past 64 KiB SQLite spills it to a temporary file, and a job that writes
   * a few hundred rows (a batch ingest) then pays a write for every page it touches. In memory
   * it costs at most the pages of the largest job. */
  sqlite3_exec (db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);

  self = g_new0 (VsWriter, 1);
  self->project = project;
  self->project_ref = g_atomic_rc_box_new0 (ProjectRef);
  g_weak_ref_init (&self->project_ref->ref, project);
  self->project_context = g_main_context_ref_thread_default ();
  self->path = g_strdup (vs_project_get_path (project));
  self->db = db;
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  self->by_address = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  g_queue_init (&self->queue);
  g_cond_init (&self->ckpt_cond);
  self->ckpt_db = vs_project_open_connection (project, NULL);
  if (self->ckpt_db != NULL)
    {
      sqlite3_wal_autocheckpoint (db, 0);
      sqlite3_wal_hook (db, on_wal_commit, self);
      self->ckpt_thread = g_thread_new ("versus-ckpt", checkpoint_thread, self);
    }
  self->thread = g_thread_new ("versus-writer", writer_thread, self);
  return self;
}

void
_vs_writer_free (VsWriter *self)
{
  if (self == NULL)
    return;

  /* Drain: everything queued is written before the project closes. */
  g_mutex_lock (&self->mutex);
  self->stopping = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
  g_thread_join (self->thread);
  if (self->ckpt_thread != NULL)
    {
      g_mutex_lock (&self->mutex);
      g_cond_signal (&self->ckpt_cond);
      g_mutex_unlock (&self->mutex);
      g_thread_join (self->ckpt_thread);
    }
  g_clear_pointer (&self->ckpt_db, sqlite3_close_v2);
  g_cond_clear (&self->ckpt_cond);

  g_hash_table_destroy (self->by_address);
  g_hash_table_destroy (self->statements);
  sqlite3_close_v2 (self->db);
  project_ref_unref (self->project_ref);
  g_main_context_unref (self->project_context);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self->path);
  g_free (self);
}

static void
enqueue (VsWriter *self,
         Job      *job)
{
  g_mutex_lock (&self->mutex);
  if (job->urgent)
    {
      /* Ahead of the ordinary jobs, behind earlier urgent ones. */
      GList *l = self->queue.head;
      guint pos = 0;

      while (l != NULL && ((Job *) l->data)->urgent)
        {
          l = l->next;
          pos++;
        }
      g_queue_push_nth (&self->queue, job, (int) pos);
      self->urgent++;
    }
  else
    g_queue_push_tail (&self->queue, job);
  self->pending++;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

void
_vs_writer_submit (VsWriter            *self,
                   VsWriteFunc          func,
                   gpointer             data,
                   GDestroyNotify       data_free,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  Job *job;

  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);

  job = g_new0 (Job, 1);
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  if (callback != NULL)
    {
      job->task = g_task_new (NULL, cancellable, callback, user_data);
      g_task_set_source_tag (job->task, _vs_writer_submit);
      g_task_set_name (job->task, "[versus] write");
      g_task_set_task_data (job->task, data, data_free);
      /* A job that committed reports success even if cancelled meanwhile: never lie. */
      g_task_set_check_cancellable (job->task, FALSE);
    }
  enqueue (self, job);
}

void
_vs_writer_queue (VsWriter       *self,
                  VsWriteFunc     func,
                  gpointer        data,
                  GDestroyNotify  data_free,
                  VsWriteDone     done)
{
  Job *job;

  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);

  job = g_new0 (Job, 1);
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->done = done;
  enqueue (self, job);
}

gboolean
_vs_writer_submit_finish (VsWriter      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == _vs_writer_submit, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gpointer
_vs_writer_job_get_data (GAsyncResult *result)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_get_task_data (G_TASK (result));
}

static gboolean
run_and_wait (VsWriter     *self,
              VsWriteFunc   func,
              gpointer      data,
              gboolean      urgent,
              GError      **error)
{
  SyncWait wait = { 0 };
  Job *job;
  gboolean ok;

  g_mutex_init (&wait.mutex);
  g_cond_init (&wait.cond);

  job = g_new0 (Job, 1);
  job->func = func;
  job->data = data;
  job->sync = &wait;
  job->urgent = urgent;
  enqueue (self, job);

  g_mutex_lock (&wait.mutex);
  while (!wait.done)
    g_cond_wait (&wait.cond, &wait.mutex);
  g_mutex_unlock (&wait.mutex);

  ok = wait.ok;
  if (!ok)
    g_propagate_error (error, wait.error);
  else
    g_clear_error (&wait.error);
  if (wait.notes != NULL)
    announce (self, g_steal_pointer (&wait.notes));
  g_mutex_clear (&wait.mutex);
  g_cond_clear (&wait.cond);
  return ok;
}

gboolean
_vs_writer_run (VsWriter     *self,
                VsWriteFunc   func,
                gpointer      data,
                GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (g_thread_self () != self->thread, FALSE);

  return run_and_wait (self, func, data, TRUE, error);
}

gboolean
_vs_writer_run_in_order (VsWriter     *self,
                         VsWriteFunc   func,
                         gpointer      data,
                         GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (g_thread_self () != self->thread, FALSE);

  return run_and_wait (self, func, data, FALSE, error);
}

void
_vs_writer_wait_below (VsWriter *self,
                       guint     max_pending)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (g_thread_self () != self->thread);

  g_mutex_lock (&self->mutex);
  while (self->pending > max_pending)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);
}

/* Public --------------------------------------------------------------------------------- */

static gboolean
nothing (VsWriteContext  *ctx,
         gpointer         data,
         GError         **error)
{
  return TRUE;
}

void
vs_writer_flush_async (VsWriter            *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (self != NULL);

  _vs_writer_submit (self, nothing, NULL, NULL, cancellable, callback, user_data);
}

gboolean
vs_writer_flush_finish (VsWriter      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return _vs_writer_submit_finish (self, result, error);
}

gboolean
vs_writer_flush (VsWriter  *self,
                 GError   **error)
{
  /* Not urgent: it must come after everything queued so far. */
  return _vs_writer_run_in_order (self, nothing, NULL, error);
}

guint
vs_writer_get_pending (VsWriter *self)
{
  guint n;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->mutex);
  n = self->pending;
  g_mutex_unlock (&self->mutex);
  return n;
}
