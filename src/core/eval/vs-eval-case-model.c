/* vs-eval-case-model.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two halves that share only a queue, as in VsRecordModel. The main thread holds every
 * case's key (ordinal + verdict flags: 16 bytes a case), the ordinals the filter keeps in
 * display order, and an LRU of pages; the worker thread owns a read connection and reads keys
 * (one aggregate query) or a page of cases (by their ordinals) when asked. A job the main
 * thread no longer wants is flagged cancelled and skipped; a result that is no longer wanted
 * (its page dropped or refetched, a newer key read) finds nothing to fill and is dropped.
 */
#include "config.h"

#include <string.h>

#include "vs-eval-case-model.h"
#include "vs-eval-cases-private.h"
#include "vs-project-private.h"
#include "vs-thread.h"

#define PAGE_SIZE VS_EVAL_CASE_MODEL_PAGE_SIZE
#define MAX_PAGES VS_EVAL_CASE_MODEL_MAX_PAGES
/* Live updates re-read the keys at most this often, and never more than a third of the time
 * (a run of 100k trials takes a good part of a second to read). */
#define RELOAD_INTERVAL_US (300 * 1000)
#define RELOAD_DUTY        3

typedef enum
{
  JOB_KEYS,
  JOB_PAGE,
} JobKind;

typedef struct
{
  JobKind kind;
  gint    cancelled; /* atomic */
  guint   page;
  gint64 *ordinals; /* JOB_PAGE: the page's cases */
  guint   n_ordinals;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->ordinals);
}

static Job *
job_new (JobKind kind)
{
  Job *job = g_atomic_rc_box_new0 (Job);

  job->kind = kind;
  return job;
}

static Job *
job_ref (Job *job)
{
  return g_atomic_rc_box_acquire (job);
}

static void
job_unref (Job *job)
{
  g_atomic_rc_box_release_full (job, job_free);
}

static void
job_cancel (Job *job)
{
  g_atomic_int_set (&job->cancelled, TRUE);
  job_unref (job);
}

typedef struct _Worker Worker;

typedef struct
{
  Worker    *worker;
  Job       *job;
  GArray    *keys;  /* JOB_KEYS; NULL when the read failed */
  GPtrArray *cases; /* JOB_PAGE */
} Result;

struct _Worker
{
  gatomicrefcount     ref;
  GMutex              mutex;
  GCond               cond;
  GQueue              jobs; /* Job: keys jobs first, then pages newest first */
  gboolean            quit;
  GThread            *thread;
  GMainContext       *context;
  sqlite3            *db;
  VsEvalCasesContext *ctx; /* worker thread only once started */

  /* Main thread only. */
  VsEvalCaseModel    *model;
};

static Worker *
worker_ref (Worker *worker)
{
  g_atomic_ref_count_inc (&worker->ref);
  return worker;
}

static void
worker_unref (Worker *worker)
{
  if (!g_atomic_ref_count_dec (&worker->ref))
    return;

  g_assert (worker->db == NULL);
  g_queue_clear_full (&worker->jobs, (GDestroyNotify) job_unref);
  g_clear_pointer (&worker->ctx, _vs_eval_cases_context_free);
  g_main_context_unref (worker->context);
  g_mutex_clear (&worker->mutex);
  g_cond_clear (&worker->cond);
  g_free (worker);
}

static void
result_free (gpointer data)
{
  Result *result = data;

  g_clear_pointer (&result->keys, g_array_unref);
  g_clear_pointer (&result->cases, g_ptr_array_unref);
  job_unref (result->job);
  if (result->worker != NULL)
    worker_unref (result->worker);
  g_free (result);
}

static gboolean deliver (gpointer data);

static void
post (Worker *worker,
      Result *result)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  result->worker = worker_ref (worker);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver, result, result_free);
  g_source_set_static_name (source, "[vs-eval-case-model] result");
  g_source_attach (source, worker->context);
}

/* ------------------------------------------------------------------------------------------ */
/* The worker thread */

static void
run_job (Worker *worker,
         Job    *job)
{
  g_autoptr(GError) error = NULL;
  Result *result = g_new0 (Result, 1);

  result->job = job_ref (job);
  if (job->kind == JOB_KEYS)
    {
      result->keys = _vs_eval_cases_read_keys (worker->db, worker->ctx, &error);
      /* A failed read (or one interrupted by dispose) leaves the cases as they were. */
      if (result->keys == NULL)
        g_debug ("Cannot read the run's cases: %s", error->message);
    }
  else
    {
      result->cases = _vs_eval_cases_read (worker->db, worker->ctx, job->ordinals,
                                           job->n_ordinals, &error);
      if (result->cases == NULL)
        {
          /* Interrupted or failed: the page stays a placeholder until asked again. */
          g_debug ("Cannot read cases: %s", error->message);
          result_free (result);
          return;
        }
    }
  post (worker, result);
}

static Job *
next_job (Worker *worker)
{
  Job *job = NULL;

  g_mutex_lock (&worker->mutex);
  while (!worker->quit && job == NULL)
    {
      job = g_queue_pop_head (&worker->jobs);
      if (job == NULL)
        g_cond_wait (&worker->cond, &worker->mutex);
    }
  g_mutex_unlock (&worker->mutex);
  return job;
}

static gpointer
worker_main (gpointer data)
{
  Worker *worker = data;
  Job    *job;

  vs_thread_lower_priority (VS_THREAD_BACKGROUND_NICE);
  while ((job = next_job (worker)) != NULL)
    {
      if (!g_atomic_int_get (&job->cancelled))
        run_job (worker, job);
      job_unref (job);
    }

  g_mutex_lock (&worker->mutex);
  sqlite3_close_v2 (worker->db);
  worker->db = NULL;
  g_mutex_unlock (&worker->mutex);
  worker_unref (worker);
  return NULL;
}

static void
worker_push (Worker *worker,
             Job    *job)
{
  g_mutex_lock (&worker->mutex);
  /* Counts first; of pages, the one asked for last (the one on screen) first. */
  g_queue_push_head (&worker->jobs, job_ref (job));
  g_cond_signal (&worker->cond);
  g_mutex_unlock (&worker->mutex);
}

/* ------------------------------------------------------------------------------------------ */
/* The model */

typedef struct
{
  guint      index;
  GPtrArray *cases; /* VsEvalCase; NULL until the first read arrives */
  Job       *job;   /* the read on its way, or NULL */
  GList      link;  /* in lru */
} Page;

struct _VsEvalCaseModel
{
  GObject          parent_instance;

  VsProject       *project;
  gint64           run_id;
  gulong           changed_id;
  Worker          *worker;
  GStrv            names;

  GArray          *keys;     /* VsEvalCaseKey by ordinal */
  GArray          *ordinals; /* gint64: the cases the filter keeps, in display order */
  VsEvalCaseFilter filter;
  gboolean         descending;
  gboolean         loading;

  Job             *keys_job; /* the key read on its way */
  gboolean         reload_again;
  guint            reload_id; /* a throttled reload waiting */
  gint64           last_reload_us;
  gint64           reload_cost_us; /* how long the last key read took */

  GHashTable      *pages; /* page index → Page */
  GQueue           lru;   /* Page, most recent first */
};

enum
{
  PROP_0,
  PROP_PROJECT,
  PROP_RUN_ID,
  PROP_FILTER,
  PROP_DESCENDING,
  PROP_N_ITEMS,
  PROP_N_CASES,
  PROP_LOADING,
  PROP_ITEM_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void vs_eval_case_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VsEvalCaseModel, vs_eval_case_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      vs_eval_case_model_list_model_init))

static void
page_free (gpointer data)
{
  Page *page = data;

  if (page->job != NULL)
    job_cancel (page->job);
  g_clear_pointer (&page->cases, g_ptr_array_unref);
  g_free (page);
}

static void
fetch_page (VsEvalCaseModel *self,
            Page            *page)
{
  guint start = page->index * PAGE_SIZE;
  guint n = start < self->ordinals->len ? MIN (PAGE_SIZE, self->ordinals->len - start) : 0;

  if (page->job != NULL)
    job_cancel (page->job);
  page->job = job_new (JOB_PAGE);
  page->job->page = page->index;
  page->job->n_ordinals = n;
  page->job->ordinals = g_memdup2 (&g_array_index (self->ordinals, gint64, start),
                                   MAX (n, 1) * sizeof (gint64));
  worker_push (self->worker, page->job);
}

static void
drop_page (VsEvalCaseModel *self,
           Page            *page)
{
  g_queue_unlink (&self->lru, &page->link);
  g_hash_table_remove (self->pages, GUINT_TO_POINTER (page->index));
}

static void
clear_pages (VsEvalCaseModel *self)
{
  g_queue_init (&self->lru);
  g_hash_table_remove_all (self->pages);
}

static void
set_loading (VsEvalCaseModel *self,
             gboolean         loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
start_reload (VsEvalCaseModel *self)
{
  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->keys_job != NULL)
    {
      self->reload_again = TRUE;
      return;
    }
  self->last_reload_us = g_get_monotonic_time ();
  self->keys_job = job_new (JOB_KEYS);
  worker_push (self->worker, self->keys_job);
}

static gboolean
on_reload_timeout (gpointer data)
{
  VsEvalCaseModel *self = data;

  self->reload_id = 0;
  start_reload (self);
  return G_SOURCE_REMOVE;
}

/* A live update: at most one key read in flight, and one every RELOAD_INTERVAL_US. */
static void
schedule_reload (VsEvalCaseModel *self)
{
  gint64 interval = MAX (RELOAD_INTERVAL_US, RELOAD_DUTY * self->reload_cost_us);
  gint64 wait = self->last_reload_us + interval - g_get_monotonic_time ();

  if (self->keys_job != NULL)
    {
      self->reload_again = TRUE;
      return;
    }
  if (self->reload_id != 0)
    return;
  if (wait <= 0)
    start_reload (self);
  else
    self->reload_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) (wait / 1000) + 1,
                                          on_reload_timeout, self, NULL);
}

static GArray *
filtered_ordinals (VsEvalCaseModel *self)
{
  GArray *ordinals = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; self->keys != NULL && i < self->keys->len; i++)
    {
      guint          k = self->descending ? self->keys->len - 1 - i : i;
      VsEvalCaseKey *key = &g_array_index (self->keys, VsEvalCaseKey, k);

      if (_vs_eval_cases_filter_keeps (self->filter, key->flags))
        g_array_append_val (ordinals, key->ordinal);
    }
  return ordinals;
}

static gboolean
is_prefix (GArray *a,
           GArray *b)
{
  return a->len <= b->len &&
         (a->len == 0 || memcmp (a->data, b->data, a->len * sizeof (gint64)) == 0);
}

static void
refetch_all (VsEvalCaseModel *self)
{
  for (GList *l = self->lru.tail; l != NULL; l = l->prev)
    fetch_page (self, l->data);
}

/* The ordinals shown, from the keys. @live: new results arrived; pages whose positions still
 * hold the same cases stay (and are read again), so rows on screen do not blink. */
static void
update_ordinals (VsEvalCaseModel *self,
                 gboolean         live)
{
  g_autoptr(GArray) old = g_steal_pointer (&self->ordinals);

  self->ordinals = filtered_ordinals (self);
  if (live && is_prefix (old, self->ordinals))
    {
      guint last_index = old->len > 0 ? (old->len - 1) / PAGE_SIZE : 0;
      Page *last = old->len > 0
                     ? g_hash_table_lookup (self->pages, GUINT_TO_POINTER (last_index))
                     : NULL;

      /* A short last page gains cases: it is read again like every page on screen. */
      if (last != NULL && last->cases != NULL && last->cases->len < PAGE_SIZE &&
          old->len < self->ordinals->len)
        drop_page (self, last);
      refetch_all (self);
      if (self->ordinals->len > old->len)
        g_list_model_items_changed (G_LIST_MODEL (self), old->len, 0,
                                    self->ordinals->len - old->len);
    }
  else
    {
      clear_pages (self);
      if (old->len > 0 || self->ordinals->len > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old->len, self->ordinals->len);
    }
  if (old->len != self->ordinals->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
on_keys (VsEvalCaseModel *self,
         Result          *result)
{
  guint    old_cases = self->keys ? self->keys->len : 0;
  gboolean first = self->keys == NULL;

  g_clear_pointer (&self->keys_job, job_unref);
  self->reload_cost_us = g_get_monotonic_time () - self->last_reload_us;
  if (result->keys != NULL)
    {
      g_clear_pointer (&self->keys, g_array_unref);
      self->keys = g_steal_pointer (&result->keys);
    }
  else if (self->keys == NULL)
    self->keys = g_array_new (FALSE, FALSE, sizeof (VsEvalCaseKey));
  update_ordinals (self, !first);
  if (self->keys->len != old_cases)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CASES]);
  set_loading (self, FALSE);
  if (self->reload_again)
    {
      self->reload_again = FALSE;
      schedule_reload (self);
    }
}

/* Whether two reads of a case show the same. Results are written once (a retried error
 * replaces one), so counts tell. */
static gboolean
same_case (VsEvalCase *x,
           VsEvalCase *y)
{
  if (vs_eval_case_get_ordinal (x) != vs_eval_case_get_ordinal (y) ||
      vs_eval_case_get_n_contenders (x) != vs_eval_case_get_n_contenders (y))
    return FALSE;
  for (guint k = 0; k < vs_eval_case_get_n_contenders (x); k++)
    {
      const VsEvalCaseContender *p = vs_eval_case_get_contender (x, k);
      const VsEvalCaseContender *q = vs_eval_case_get_contender (y, k);

      if (p->n_passed != q->n_passed || p->n_failed != q->n_failed || p->n_errors != q->n_errors)
        return FALSE;
    }
  return TRUE;
}

/* A page read arrived: cases that did not change keep their items (rows on screen stay as
 * they are, selected or not); runs of changed ones are announced. */
static void
on_page (VsEvalCaseModel *self,
         Result          *result)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (result->job->page));
  g_autoptr(GPtrArray) old = NULL;
  GPtrArray *cases = result->cases;
  guint      start, n, run_start = 0;
  gboolean   in_run = FALSE;

  if (page == NULL || page->job != result->job)
    return;
  g_clear_pointer (&page->job, job_unref);
  old = g_steal_pointer (&page->cases);
  for (guint i = 0; old != NULL && i < MIN (old->len, cases->len); i++)
    if (same_case (g_ptr_array_index (old, i), g_ptr_array_index (cases, i)))
      {
        g_object_unref (cases->pdata[i]);
        cases->pdata[i] = g_object_ref (g_ptr_array_index (old, i));
      }
  page->cases = g_steal_pointer (&result->cases);

  start = page->index * PAGE_SIZE;
  if (start >= self->ordinals->len)
    return;
  n = MIN (PAGE_SIZE, self->ordinals->len - start);
  for (guint i = 0; i <= n; i++)
    {
      gboolean changed = i < n && (old == NULL || i >= old->len || i >= page->cases->len ||
                                   g_ptr_array_index (old, i) !=
                                     g_ptr_array_index (page->cases, i));

      if (changed && !in_run)
        {
          in_run = TRUE;
          run_start = i;
        }
      else if (!changed && in_run)
        {
          in_run = FALSE;
          g_list_model_items_changed (G_LIST_MODEL (self), start + run_start, i - run_start,
                                      i - run_start);
        }
    }
}

static gboolean
deliver (gpointer data)
{
  Result          *result = data;
  VsEvalCaseModel *self = result->worker->model;

  if (self == NULL)
    return G_SOURCE_REMOVE;
  if (result->job->kind == JOB_KEYS)
    {
      if (result->job == self->keys_job)
        on_keys (self, result);
    }
  else
    on_page (self, result);
  return G_SOURCE_REMOVE;
}

static void
on_project_changed (VsEvalCaseModel *self,
                    const char      *table,
                    const VsChange  *change)
{
  if (g_strcmp0 (table, "results") == 0 || g_strcmp0 (table, "scores") == 0)
    {
      if (change == NULL || change->parent_id == 0 || change->parent_id == self->run_id)
        schedule_reload (self);
    }
  else if (g_strcmp0 (table, "runs") == 0 && change != NULL && change->kind != VS_CHANGE_INSERT)
    {
      /* A deleted run (or many changes at once) takes its results along. */
      if (change->kind != VS_CHANGE_UPDATE)
        schedule_reload (self);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* GListModel */

static GType
vs_eval_case_model_get_item_type (GListModel *model)
{
  return VS_TYPE_EVAL_CASE;
}

static guint
vs_eval_case_model_get_n_items (GListModel *model)
{
  VsEvalCaseModel *self = VS_EVAL_CASE_MODEL (model);

  return self->ordinals->len;
}

static Page *
get_page (VsEvalCaseModel *self,
          guint            index)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));

  if (page != NULL)
    {
      g_queue_unlink (&self->lru, &page->link);
      g_queue_push_head_link (&self->lru, &page->link);
      return page;
    }

  page = g_new0 (Page, 1);
  page->index = index;
  page->link.data = page;
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  g_queue_push_head_link (&self->lru, &page->link);
  fetch_page (self, page);
  while (self->lru.length > MAX_PAGES)
    drop_page (self, self->lru.tail->data);
  return page;
}

static gpointer
vs_eval_case_model_get_item (GListModel *model,
                             guint       position)
{
  VsEvalCaseModel *self = VS_EVAL_CASE_MODEL (model);
  gint64           ordinal;
  guint            offset = position % PAGE_SIZE;
  Page            *page;

  if (position >= self->ordinals->len)
    return NULL;
  ordinal = g_array_index (self->ordinals, gint64, position);
  page = get_page (self, position / PAGE_SIZE);
  if (page->cases != NULL && offset < page->cases->len)
    {
      VsEvalCase *c = g_ptr_array_index (page->cases, offset);

      if (vs_eval_case_get_ordinal (c) == ordinal)
        return g_object_ref (c);
    }
  return vs_eval_case_new_placeholder (ordinal);
}

static void
vs_eval_case_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = vs_eval_case_model_get_item_type;
  iface->get_n_items = vs_eval_case_model_get_n_items;
  iface->get_item = vs_eval_case_model_get_item;
}

/* ------------------------------------------------------------------------------------------ */
/* GObject */

static void
vs_eval_case_model_dispose (GObject *object)
{
  VsEvalCaseModel *self = VS_EVAL_CASE_MODEL (object);

  g_clear_signal_handler (&self->changed_id, self->project);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_pointer (&self->keys_job, job_cancel);
  if (self->worker != NULL)
    {
      Worker  *worker = g_steal_pointer (&self->worker);
      GThread *thread = g_steal_pointer (&worker->thread);

      worker->model = NULL;
      g_mutex_lock (&worker->mutex);
      worker->quit = TRUE;
      if (worker->db != NULL)
        sqlite3_interrupt (worker->db);
      g_cond_signal (&worker->cond);
      g_mutex_unlock (&worker->mutex);
      if (thread != NULL)
        g_thread_join (thread);
      worker_unref (worker);
    }
  if (self->pages != NULL)
    clear_pages (self);

  G_OBJECT_CLASS (vs_eval_case_model_parent_class)->dispose (object);
}

static void
vs_eval_case_model_finalize (GObject *object)
{
  VsEvalCaseModel *self = VS_EVAL_CASE_MODEL (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->keys, g_array_unref);
  g_clear_pointer (&self->ordinals, g_array_unref);
  g_clear_pointer (&self->names, g_strfreev);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (vs_eval_case_model_parent_class)->finalize (object);
}

static void
vs_eval_case_model_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VsEvalCaseModel *self = VS_EVAL_CASE_MODEL (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_RUN_ID:
      g_value_set_int64 (value, self->run_id);
      break;
    case PROP_FILTER:
      g_value_set_enum (value, self->filter);
      break;
    case PROP_DESCENDING:
      g_value_set_boolean (value, self->descending);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->ordinals->len);
      break;
    case PROP_N_CASES:
      g_value_set_uint (value, vs_eval_case_model_get_n_cases (self));
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, VS_TYPE_EVAL_CASE);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_eval_case_model_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  VsEvalCaseModel *self = VS_EVAL_CASE_MODEL (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      vs_eval_case_model_set_filter (self, g_value_get_enum (value));
      break;
    case PROP_DESCENDING:
      vs_eval_case_model_set_descending (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_eval_case_model_class_init (VsEvalCaseModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vs_eval_case_model_dispose;
  object_class->finalize = vs_eval_case_model_finalize;
  object_class->get_property = vs_eval_case_model_get_property;
  object_class->set_property = vs_eval_case_model_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, VS_TYPE_PROJECT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUN_ID] =
    g_param_spec_int64 ("run-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTER] =
    g_param_spec_enum ("filter", NULL, NULL, VS_TYPE_EVAL_CASE_FILTER, VS_EVAL_CASE_FILTER_ALL,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DESCENDING] =
    g_param_spec_boolean ("descending", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_CASES] =
    g_param_spec_uint ("n-cases", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vs_eval_case_model_init (VsEvalCaseModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  self->ordinals = g_array_new (FALSE, FALSE, sizeof (gint64));
}

VsEvalCaseModel *
vs_eval_case_model_new (VsProject *project,
                        gint64     run_id,
                        GError   **error)
{
  g_autoptr(VsEvalCaseModel) self = NULL;
  g_autoptr(VsEvalCasesContext) ctx = NULL;
  Worker  *worker;
  sqlite3 *db;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ctx = _vs_eval_cases_context_new (project, run_id, error);
  if (ctx == NULL)
    return NULL;
  db = vs_project_open_connection (project, error);
  if (db == NULL)
    return NULL;

  self = g_object_new (VS_TYPE_EVAL_CASE_MODEL, NULL);
  self->project = g_object_ref (project);
  self->run_id = run_id;
  self->names = g_strdupv (ctx->names);
  self->loading = TRUE;

  worker = g_new0 (Worker, 1);
  g_atomic_ref_count_init (&worker->ref);
  g_mutex_init (&worker->mutex);
  g_cond_init (&worker->cond);
  worker->context = g_main_context_ref_thread_default ();
  worker->db = db;
  worker->ctx = g_steal_pointer (&ctx);
  worker->model = self;
  self->worker = worker;
  worker->thread = g_thread_new ("vs-eval-case-model", worker_main, worker_ref (worker));

  self->changed_id = g_signal_connect_swapped (project, "changed",
                                               G_CALLBACK (on_project_changed), self);
  start_reload (self);
  return g_steal_pointer (&self);
}

VsProject *
vs_eval_case_model_get_project (VsEvalCaseModel *self)
{
  g_return_val_if_fail (VS_IS_EVAL_CASE_MODEL (self), NULL);
  return self->project;
}

gint64
vs_eval_case_model_get_run_id (VsEvalCaseModel *self)
{
  g_return_val_if_fail (VS_IS_EVAL_CASE_MODEL (self), 0);
  return self->run_id;
}

guint
vs_eval_case_model_get_n_contenders (VsEvalCaseModel *self)
{
  g_return_val_if_fail (VS_IS_EVAL_CASE_MODEL (self), 0);
  return g_strv_length (self->names);
}

const char *
vs_eval_case_model_get_contender_name (VsEvalCaseModel *self,
                                       guint            index)
{
  g_return_val_if_fail (VS_IS_EVAL_CASE_MODEL (self), NULL);
  g_return_val_if_fail (index < g_strv_length (self->names), NULL);
  return self->names[index];
}

VsEvalCaseFilter
vs_eval_case_model_get_filter (VsEvalCaseModel *self)
{
  g_return_val_if_fail (VS_IS_EVAL_CASE_MODEL (self), VS_EVAL_CASE_FILTER_ALL);
  return self->filter;
}

void
vs_eval_case_model_set_filter (VsEvalCaseModel *self,
                               VsEvalCaseFilter filter)
{
  g_return_if_fail (VS_IS_EVAL_CASE_MODEL (self));

  if (self->filter == filter)
    return;
  self->filter = filter;
  if (self->keys != NULL)
    update_ordinals (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

gboolean
vs_eval_case_model_get_descending (VsEvalCaseModel *self)
{
  g_return_val_if_fail (VS_IS_EVAL_CASE_MODEL (self), FALSE);
  return self->descending;
}

void
vs_eval_case_model_set_descending (VsEvalCaseModel *self,
                                   gboolean         descending)
{
  g_return_if_fail (VS_IS_EVAL_CASE_MODEL (self));

  descending = !!descending;
  if (self->descending == descending)
    return;
  self->descending = descending;
  if (self->keys != NULL)
    update_ordinals (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCENDING]);
}

guint
vs_eval_case_model_get_n_cases (VsEvalCaseModel *self)
{
  g_return_val_if_fail (VS_IS_EVAL_CASE_MODEL (self), 0);
  return self->keys != NULL ? self->keys->len : 0;
}

gboolean
vs_eval_case_model_get_loading (VsEvalCaseModel *self)
{
  g_return_val_if_fail (VS_IS_EVAL_CASE_MODEL (self), FALSE);
  return self->loading;
}

gint64
vs_eval_case_model_get_ordinal (VsEvalCaseModel *self,
                                guint            position)
{
  g_return_val_if_fail (VS_IS_EVAL_CASE_MODEL (self), -1);
  return position < self->ordinals->len ? g_array_index (self->ordinals, gint64, position) : -1;
}

gint
vs_eval_case_model_find_ordinal (VsEvalCaseModel *self,
                                 gint64           ordinal)
{
  guint lo = 0, hi;

  g_return_val_if_fail (VS_IS_EVAL_CASE_MODEL (self), -1);

  /* Binary search in display order. */
  hi = self->ordinals->len;
  while (lo < hi)
    {
      guint  mid = lo + (hi - lo) / 2;
      gint64 value = g_array_index (self->ordinals, gint64, mid);

      if (value == ordinal)
        return (gint) mid;
      if (self->descending ? value > ordinal : value < ordinal)
        lo = mid + 1;
      else
        hi = mid;
    }
  return -1;
}

void
vs_eval_case_model_reload (VsEvalCaseModel *self)
{
  g_return_if_fail (VS_IS_EVAL_CASE_MODEL (self));
  start_reload (self);
}
