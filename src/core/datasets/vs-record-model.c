/* vs-record-model.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two halves that share only a queue. The main thread holds n_items and a cache of pages (an
 * LRU); asking for a position whose page is missing queues a page job. The worker thread owns
 * a read connection and, per generation (one query), a sparse index of keys: the (sort key,
 * id) of every page's first row, built in one pass over the keys when the query is counted,
 * so a page anywhere is one indexed range query (keyset paging), never an OFFSET over the
 * whole table. Results come back to the main context; a newer generation makes older results
 * stale, and the worker drops stale jobs unrun and interrupts a stale query.
 */
#include "config.h"

#include <string.h>

#include "vs-dataset-search-private.h"
#include "vs-project-private.h"
#include "vs-record-model-private.h"
#include "vs-thread.h"

#define PAGE_SIZE VS_RECORD_MODEL_PAGE_SIZE
#define MAX_PAGES VS_RECORD_MODEL_MAX_PAGES

/* ------------------------------------------------------------------------------------------ */
/* Queries */

G_DEFINE_BOXED_TYPE (VsRecordQuery, vs_record_query, vs_record_query_copy, vs_record_query_free)

VsRecordQuery *
vs_record_query_new (void)
{
  VsRecordQuery *query = g_new0 (VsRecordQuery, 1);

  query->min_ordinal = -1;
  query->max_ordinal = -1;
  query->min_tokens = -1;
  query->max_tokens = -1;
  query->min_rating = -1;
  query->max_rating = -1;
  query->cluster = -1;
  return query;
}

VsRecordQuery *
vs_record_query_copy (const VsRecordQuery *query)
{
  VsRecordQuery *copy;

  g_return_val_if_fail (query != NULL, NULL);

  copy = g_memdup2 (query, sizeof *query);
  copy->split = g_strdup (query->split);
  copy->status = g_strdup (query->status);
  copy->text = g_strdup (query->text);
  copy->tag = g_strdup (query->tag);
  copy->problem = g_strdup (query->problem);
  return copy;
}

void
vs_record_query_free (VsRecordQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->split);
  g_free (query->status);
  g_free (query->text);
  g_free (query->tag);
  g_free (query->problem);
  g_free (query);
}

gboolean
vs_record_query_equal (const VsRecordQuery *a,
                       const VsRecordQuery *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return g_strcmp0 (a->split, b->split) == 0 && g_strcmp0 (a->status, b->status) == 0 &&
         a->min_ordinal == b->min_ordinal && a->max_ordinal == b->max_ordinal &&
         a->min_tokens == b->min_tokens && a->max_tokens == b->max_tokens &&
         a->sort == b->sort && !a->descending == !b->descending &&
         !a->kept_only == !b->kept_only && a->dropped_by == b->dropped_by &&
         g_strcmp0 (a->text, b->text) == 0 && g_strcmp0 (a->tag, b->tag) == 0 &&
         g_strcmp0 (a->problem, b->problem) == 0 && a->min_rating == b->min_rating &&
         a->max_rating == b->max_rating && a->cluster == b->cluster;
}

gboolean
_vs_record_query_has_text (const VsRecordQuery *query)
{
  if (query->text == NULL)
    return FALSE;
  for (const char *p = query->text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return TRUE;
  return FALSE;
}

static const char *
sort_expression (VsRecordSort sort)
{
  switch (sort)
    {
    case VS_RECORD_SORT_ID:
      return "id";
    case VS_RECORD_SORT_TOKENS:
      return "coalesce(tokens, -1)";
    case VS_RECORD_SORT_SPLIT:
      return "split";
    case VS_RECORD_SORT_STATUS:
      return "status";
    case VS_RECORD_SORT_RATING:
      return "coalesce(rating, 0)";
    case VS_RECORD_SORT_RANK:  /* unranked: the order records were added, as the index has it */
      return "id";
    case VS_RECORD_SORT_ORDINAL:
    default:
      return "ordinal";
    }
}

static void append_conditions (GString             *sql,
                               const VsRecordQuery *query);

/* Parameters: ?1 dataset, ?2 split, ?3 status, ?4–?5 ordinals, ?6–?7 tokens, ?8–?9 the key
 * and id to start from, ?10 limit, ?11 offset, ?12 the id watermark, ?13 the text search,
 * ?14 tag, ?15 problem key, ?16–?17 ratings (see _vs_record_query_append_conditions). */
static void
append_filter (GString             *sql,
               const VsRecordQuery *query)
{
  g_string_append (sql, " FROM records WHERE dataset_id = ?1");
  append_conditions (sql, query);
}

/* The filter without its FROM and dataset clause. */
static void
append_conditions (GString             *sql,
                   const VsRecordQuery *query)
{
  _vs_record_query_append_conditions (sql, query, TRUE);
}

void
_vs_record_query_append_conditions (GString             *sql,
                                    const VsRecordQuery *query,
                                    gboolean             with_text)
{
  /* Repeating a partial index's condition lets SQLite use it with a bound value. */
  if (query->split != NULL)
    g_string_append (sql, g_str_equal (query->split, "unassigned")
                          ? " AND split = ?2" : " AND split = ?2 AND split != 'unassigned'");
  if (query->status != NULL)
    g_string_append (sql, g_str_equal (query->status, "unreviewed")
                          ? " AND status = ?3" : " AND status = ?3 AND status != 'unreviewed'");
  if (query->min_ordinal >= 0)
    g_string_append (sql, " AND ordinal >= ?4");
  if (query->max_ordinal >= 0)
    g_string_append (sql, " AND ordinal <= ?5");
  if (query->min_tokens >= 0)
    g_string_append (sql, " AND coalesce(tokens, -1) >= ?6");
  if (query->max_tokens >= 0)
    g_string_append (sql, " AND coalesce(tokens, -1) <= ?7");
  if (query->kept_only)
    g_string_append (sql, " AND dropped_by IS NULL");
  /* A literal (an id, not text): the partial index on dropped_by answers both forms. */
  if (query->dropped_by < 0)
    g_string_append (sql, " AND dropped_by IS NOT NULL");
  else if (query->dropped_by > 0)
    g_string_append_printf (sql, " AND dropped_by = %" G_GINT64_FORMAT, query->dropped_by);
  /* The JSON text must hold the quoted name before it is worth parsing. */
  if (query->tag != NULL)
    g_string_append (sql, " AND instr (records.tags, json_quote (?14)) > 0"
                          " AND EXISTS (SELECT 1 FROM json_each (records.tags)"
                          " WHERE value = ?14)");
  /* Problems are keys, or objects with a key. */
  if (query->problem != NULL)
    g_string_append (sql, " AND instr (records.problems, json_quote (?15)) > 0"
                          " AND EXISTS (SELECT 1 FROM json_each (records.problems)"
                          " WHERE (type = 'text' AND value = ?15)"
                          " OR (type = 'object' AND json_extract (value, '$.key') = ?15))");
  if (query->min_rating >= 0)
    g_string_append (sql, " AND coalesce(rating, 0) >= ?16");
  if (query->max_rating >= 0)
    g_string_append (sql, " AND coalesce(rating, 0) <= ?17");
  if (query->cluster >= 0)
    g_string_append_printf (sql, " AND cluster = %" G_GINT64_FORMAT, query->cluster);
  if (with_text && _vs_record_query_has_text (query))
    g_string_append (sql, " AND records.id IN (SELECT rowid FROM record_search"
                          " WHERE record_search MATCH ?13)");
}

/* @relation: "" (none), ">=", ">" or "<=" in ascending terms; flipped for descending. */
static void
append_start (GString             *sql,
              const VsRecordQuery *query,
              const char          *relation)
{
  const char *op = relation;

  if (*relation == '\0')
    return;
  if (query->descending)
    op = g_str_equal (relation, ">=") ? "<=" : g_str_equal (relation, ">") ? "<" : ">";
  g_string_append_printf (sql, " AND (%s, id) %s (?8, ?9)", sort_expression (query->sort), op);
}

static void
append_order (GString             *sql,
              const VsRecordQuery *query)
{
  const char *dir = query->descending ? "DESC" : "ASC";

  /* A cluster is a handful of rows found by its index; ordering through the sort's index
   * instead would read every row to find them ("+" keeps SQLite from that). */
  g_string_append_printf (sql, " ORDER BY %s%s %s, id %s", query->cluster >= 0 ? "+" : "",
                          sort_expression (query->sort), dir, dir);
}

static void
bind_filter (sqlite3_stmt        *stmt,
             gint64               dataset_id,
             const VsRecordQuery *query)
{
  _vs_record_query_bind (stmt, dataset_id, query);
}

void
_vs_record_query_bind (sqlite3_stmt        *stmt,
                       gint64               dataset_id,
                       const VsRecordQuery *query)
{
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  if (query->split != NULL)
    sqlite3_bind_text (stmt, 2, query->split, -1, SQLITE_TRANSIENT);
  if (query->status != NULL)
    sqlite3_bind_text (stmt, 3, query->status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, query->min_ordinal);
  sqlite3_bind_int64 (stmt, 5, query->max_ordinal);
  sqlite3_bind_int64 (stmt, 6, query->min_tokens);
  sqlite3_bind_int64 (stmt, 7, query->max_tokens);
  /* Binding a parameter the statement does not use is a harmless SQLITE_RANGE. */
  if (_vs_record_query_has_text (query))
    sqlite3_bind_text (stmt, 13, query->text, -1, SQLITE_TRANSIENT);
  if (query->tag != NULL)
    sqlite3_bind_text (stmt, 14, query->tag, -1, SQLITE_TRANSIENT);
  if (query->problem != NULL)
    sqlite3_bind_text (stmt, 15, query->problem, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 16, query->min_rating);
  sqlite3_bind_int64 (stmt, 17, query->max_rating);
}

/* ------------------------------------------------------------------------------------------ */
/* Jobs and results */

typedef enum
{
  JOB_RELOAD,  /* count and index the query */
  JOB_APPEND,  /* rows were inserted: extend the index if the new ones all sort after it */
  JOB_PAGE,    /* fetch one page */
} JobKind;

typedef struct
{
  JobKind        kind;
  guint          generation;
  gint           cancelled;   /* atomic; a page evicted before it was fetched */
  guint          page;
  gboolean       keep;        /* RELOAD: a live update, the old rows stay until replaced */
  VsRecordQuery *query;       /* RELOAD: a copy */
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  vs_record_query_free (job->query);
}

static Job *
job_new (JobKind kind,
         guint   generation)
{
  Job *job = g_atomic_rc_box_new0 (Job);

  job->kind = kind;
  job->generation = generation;
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_unref)

typedef struct _Worker Worker;

typedef struct
{
  Worker    *worker;
  Job       *job;
  gboolean   failed;
  gboolean   reloaded;  /* APPEND that had to rebuild the index */
  gboolean   ranked;    /* RELOAD, APPEND: rows in rank order */
  gboolean   partial;   /* RELOAD: the first page ahead of the count, in records */
  char      *error;     /* RELOAD, APPEND: why it failed, when SQLite said */
  guint      n_rows;    /* RELOAD, APPEND */
  GPtrArray *records;   /* PAGE */
} Result;

/* Sparse index entry: the first row of a page. */
typedef struct
{
  sqlite3_value *key;
  gint64         id;
} Bound;

static void
bound_clear (gpointer data)
{
  Bound *bound = data;

  g_clear_pointer (&bound->key, sqlite3_value_free);
}

struct _Worker
{
  gatomicrefcount  ref;
  GMutex           mutex;
  GCond            cond;
  GQueue           control;     /* Job, FIFO */
  GQueue           pages;       /* Job, newest first */
  gboolean         quit;
  gint             latest;      /* atomic: the main thread's generation */
  GThread         *thread;
  GMainContext    *context;
  sqlite3         *db;
  gint64           dataset_id;

  /* Main thread only. */
  VsRecordModel   *model;

  /* Worker thread only: the current generation's query and index. */
  Job             *current;
  guint            generation;
  VsRecordQuery   *query;
  GArray          *bounds;      /* Bound, one per page */
  guint            n_rows;
  Bound            last;        /* the last row, for appends */
  gint64           watermark;   /* the largest record id when the index was last extended */
  gboolean         ranked;      /* the rows are in temp.search_hits, in rank order */
  gboolean         hits_table;  /* temp.search_hits exists */
  char            *failure;     /* why the last count failed */
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
  g_queue_clear_full (&worker->control, (GDestroyNotify) job_unref);
  g_queue_clear_full (&worker->pages, (GDestroyNotify) job_unref);
  g_clear_pointer (&worker->query, vs_record_query_free);
  g_clear_pointer (&worker->bounds, g_array_unref);
  g_clear_pointer (&worker->failure, g_free);
  bound_clear (&worker->last);
  g_main_context_unref (worker->context);
  g_mutex_clear (&worker->mutex);
  g_cond_clear (&worker->cond);
  g_free (worker);
}

static void
result_free (gpointer data)
{
  Result *result = data;

  g_clear_pointer (&result->records, g_ptr_array_unref);
  g_free (result->error);
  job_unref (result->job);
  worker_unref (result->worker);
  g_free (result);
}

static gboolean deliver (gpointer data);

static void
post (Worker *worker,
      Result *result)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  /* Never g_main_context_invoke(): it runs the function right here when the main context
   * happens to be free, which would be this thread. */
  result->worker = worker_ref (worker);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver, result, result_free);
  g_source_set_static_name (source, "[vs-record-model] result");
  g_source_attach (source, worker->context);
}

/* ------------------------------------------------------------------------------------------ */
/* The worker thread */

static gboolean
job_is_stale (Worker *worker,
              Job    *job)
{
  if (g_atomic_int_get (&worker->quit) || g_atomic_int_get (&job->cancelled))
    return TRUE;
  if (job->kind == JOB_PAGE)
    return job->generation != worker->generation ||
           job->generation != (guint) g_atomic_int_get (&worker->latest);
  return job->generation != (guint) g_atomic_int_get (&worker->latest);
}

/* SQLite calls this every few thousand steps: a query for a stale job stops early. */
static int
on_progress (void *data)
{
  Worker *worker = data;

  return worker->current != NULL && job_is_stale (worker, worker->current);
}

static sqlite3_stmt *
prepare (Worker  *worker,
         GString *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (worker->db, sql->str, (int) sql->len, &stmt, NULL) != SQLITE_OK)
    {
      /* A dispose interrupts the connection; that is a cancel, not a failure. */
      if (sqlite3_errcode (worker->db) == SQLITE_INTERRUPT)
        g_debug ("Record model: interrupted (%s)", sql->str);
      else
        g_warning ("Record model: %s (%s)", sqlite3_errmsg (worker->db), sql->str);
      return NULL;
    }
  return stmt;
}

/* Reads keys from @stmt (columns key, id), adding a bound for every page start. */
static gboolean
index_rows (Worker       *worker,
            sqlite3_stmt *stmt)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (worker->n_rows % PAGE_SIZE == 0)
        {
          Bound bound = { sqlite3_value_dup (sqlite3_column_value (stmt, 0)),
                          sqlite3_column_int64 (stmt, 1) };

          g_array_append_val (worker->bounds, bound);
        }
      worker->n_rows++;
      bound_clear (&worker->last);
      worker->last.key = sqlite3_value_dup (sqlite3_column_value (stmt, 0));
      worker->last.id = sqlite3_column_int64 (stmt, 1);
    }
  return rc == SQLITE_DONE;
}

/* Rows get ids above every id before them (a deleted row reloads the model anyway), so the
 * rows added since the index was built are those above the watermark. Read inside the same
 * read transaction as the rows it covers. */
static gboolean
read_watermark (Worker *worker)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (worker->db, "SELECT coalesce(max(id), 0) FROM records", -1, &stmt,
                          NULL) != SQLITE_OK || sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  worker->watermark = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
begin_read (Worker *worker)
{
  return sqlite3_exec (worker->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

static void
end_read (Worker *worker)
{
  sqlite3_exec (worker->db, "COMMIT", NULL, NULL, NULL);
}

/* How many records of any dataset the text matches, counting no further than @limit: cheap
 * (the index alone) and enough to decide whether ranking every match stays quick. -1 on
 * failure. */
static gint64
count_text_matches (Worker *worker,
                    gint64  limit)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM (SELECT 1 FROM record_search"
                                         " WHERE record_search MATCH ?13 LIMIT ?10)");
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if ((stmt = prepare (worker, sql)) == NULL)
    return -1;
  sqlite3_bind_text (stmt, 13, worker->query->text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 10, limit);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

/* Rank order: the matches, best first, numbered 1… in temp.search_hits (the worker's own
 * connection's temporary table), so that a page is a range of positions. */
static gboolean
build_ranked (Worker *worker)
{
  g_autoptr(GString) sql = g_string_new ("INSERT INTO temp.search_hits (id)"
                                         " SELECT records.id FROM record_search"
                                         " CROSS JOIN records ON records.id = record_search.rowid"
                                         " WHERE record_search MATCH ?13"
                                         " AND records.dataset_id = ?1");
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!worker->hits_table)
    {
      if (sqlite3_exec (worker->db, "CREATE TEMP TABLE IF NOT EXISTS search_hits"
                                    " (pos INTEGER PRIMARY KEY, id INTEGER NOT NULL)",
                        NULL, NULL, NULL) != SQLITE_OK)
        return FALSE;
      worker->hits_table = TRUE;
    }
  if (sqlite3_exec (worker->db, "DELETE FROM temp.search_hits", NULL, NULL, NULL) != SQLITE_OK)
    return FALSE;

  _vs_record_query_append_conditions (sql, worker->query, FALSE);
  g_string_append (sql, " ORDER BY record_search.rank, records.id");
  if ((stmt = prepare (worker, sql)) == NULL)
    return FALSE;
  bind_filter (stmt, worker->dataset_id, worker->query);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return FALSE;
  worker->n_rows = (guint) sqlite3_changes (worker->db);
  worker->ranked = TRUE;
  return TRUE;
}

static gboolean
build_index_locked (Worker *worker)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_array_set_size (worker->bounds, 0);
  bound_clear (&worker->last);
  worker->n_rows = 0;
  worker->ranked = FALSE;
  if (!read_watermark (worker))
    return FALSE;

  if (worker->query->sort == VS_RECORD_SORT_RANK && _vs_record_query_has_text (worker->query))
    {
      gint64 n = count_text_matches (worker, VS_RECORD_MODEL_MAX_RANKED + 1);

      if (n < 0)
        return FALSE;
      if (n <= VS_RECORD_MODEL_MAX_RANKED)
        return build_ranked (worker);
    }

  g_string_printf (sql, "SELECT %s, id", sort_expression (worker->query->sort));
  append_filter (sql, worker->query);
  append_order (sql, worker->query);
  if ((stmt = prepare (worker, sql)) == NULL)
    return FALSE;
  bind_filter (stmt, worker->dataset_id, worker->query);

  return index_rows (worker, stmt);
}

/* Why the last statement failed, in words for the person who typed the search. */
static char *
describe_failure (Worker *worker)
{
  g_autoptr(GError) error = NULL;

  if (!_vs_record_query_has_text (worker->query))
    return g_strdup (sqlite3_errmsg (worker->db));
  _vs_dataset_search_set_error (worker->db, "", worker->query->text, &error);
  return g_strdup (error->message);
}

static gboolean
build_index (Worker *worker)
{
  gboolean ok;

  g_clear_pointer (&worker->failure, g_free);
  if (!begin_read (worker))
    return FALSE;
  ok = build_index_locked (worker);
  /* Before the transaction ends, which clears the connection's error. */
  if (!ok)
    worker->failure = describe_failure (worker);
  end_read (worker);
  return ok;
}

/* TRUE when no row above the watermark (new since the index) sorts at or before the last
 * indexed row, so every new row is an append. The rowid range keeps it to the new rows. */
static gboolean
appends_only_from (Worker *worker,
                   gint64  watermark)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM records NOT INDEXED"
                                         " WHERE id > ?12 AND dataset_id = ?1");
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (worker->n_rows == 0)
    return TRUE;

  append_conditions (sql, worker->query);
  append_start (sql, worker->query, "<=");
  if ((stmt = prepare (worker, sql)) == NULL)
    return FALSE;
  bind_filter (stmt, worker->dataset_id, worker->query);
  sqlite3_bind_value (stmt, 8, worker->last.key);
  sqlite3_bind_int64 (stmt, 9, worker->last.id);
  sqlite3_bind_int64 (stmt, 12, watermark);

  return sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) == 0;
}

static gboolean
extend_index (Worker *worker)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_string_printf (sql, "SELECT %s, id", sort_expression (worker->query->sort));
  append_filter (sql, worker->query);
  append_start (sql, worker->query, worker->n_rows > 0 ? ">" : "");
  append_order (sql, worker->query);
  if ((stmt = prepare (worker, sql)) == NULL)
    return FALSE;
  bind_filter (stmt, worker->dataset_id, worker->query);
  if (worker->n_rows > 0)
    {
      sqlite3_bind_value (stmt, 8, worker->last.key);
      sqlite3_bind_int64 (stmt, 9, worker->last.id);
    }
  return index_rows (worker, stmt);
}

static void
run_append (Worker *worker,
            Job    *job)
{
  Result *result = g_new0 (Result, 1);
  gint64 watermark = worker->watermark;

  result->job = job_ref (job);

  if (worker->generation != job->generation)
    {
      /* The count this append would extend failed or is stale. */
      result->failed = TRUE;
      post (worker, result);
      return;
    }

  if (!begin_read (worker))
    result->failed = TRUE;
  /* The new watermark first: rows that land after the read starts are not seen by it. A
   * ranked list has no end to append to: new rows may rank anywhere. */
  else if (!worker->ranked && read_watermark (worker) &&
           appends_only_from (worker, watermark) && extend_index (worker))
    end_read (worker);
  else
    {
      /* Rows in the middle, or a failure half-way: the index is rebuilt. */
      result->reloaded = TRUE;
      result->failed = !build_index_locked (worker);
      g_clear_pointer (&worker->failure, g_free);
      if (result->failed)
        worker->failure = describe_failure (worker);
      end_read (worker);
    }

  result->n_rows = worker->n_rows;
  result->ranked = worker->ranked;
  if (result->failed)
    {
      result->error = g_strdup (worker->failure);
      worker->generation = 0;
    }
  post (worker, result);
}

static VsRecord *
record_from_row (sqlite3_stmt *stmt)
{
  return vs_record_new (sqlite3_column_int64 (stmt, 0),
                        sqlite3_column_int64 (stmt, 1),
                        (const char *) sqlite3_column_text (stmt, 2),
                        (const char *) sqlite3_column_text (stmt, 3),
                        (const char *) sqlite3_column_text (stmt, 4),
                        (const char *) sqlite3_column_text (stmt, 5),
                        (const char *) sqlite3_column_text (stmt, 6),
                        sqlite3_column_int (stmt, 7),
                        sqlite3_column_type (stmt, 8) == SQLITE_NULL
                        ? -1 : sqlite3_column_int64 (stmt, 8),
                        (const char *) sqlite3_column_text (stmt, 9),
                        sqlite3_column_type (stmt, 10) == SQLITE_NULL
                        ? -1 : sqlite3_column_int64 (stmt, 10));
}

/* With the kind of the step that dropped it (column 11), for a table of dropped records. */
static VsRecord *
record_from_page_row (sqlite3_stmt *stmt)
{
  VsRecord *record = record_from_row (stmt);

  _vs_record_set_dropped_by (record, (const char *) sqlite3_column_text (stmt, 11));
  return record;
}

#define PAGE_COLUMNS                                                                        \
  "SELECT records.id, ordinal, records.data, records.example, split, status, tags, rating," \
  " tokens, problems, cluster, (SELECT kind FROM dataset_steps s"                          \
  " WHERE s.id = records.dropped_by)"

/* What the text search matched in each record of @records, for highlighting. */
static void
add_matches (Worker    *worker,
             GPtrArray *records)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!_vs_record_query_has_text (worker->query))
    return;
  for (guint i = 0; i < records->len; i++)
    {
      VsRecord *record = g_ptr_array_index (records, i);
      char **matches = _vs_dataset_search_collect_matches (worker->db, &stmt, worker->query->text,
                                                           vs_record_get_id (record));

      _vs_record_set_matches (record, matches);
    }
}

/* A search (text or the curation filters) may have to look at every record before it is
 * counted; its first page is found sooner (in order, the first matches), so it is sent
 * ahead. Not in rank order with few enough matches to rank: that is quick anyway. */
static gboolean
first_page_first (Worker *worker)
{
  const VsRecordQuery *q = worker->query;

  if (!_vs_record_query_has_text (q) && q->tag == NULL && q->problem == NULL &&
      q->min_rating < 0 && q->max_rating < 0 && q->cluster < 0)
    return FALSE;
  if (q->sort == VS_RECORD_SORT_RANK && _vs_record_query_has_text (q))
    {
      gint64 n = count_text_matches (worker, VS_RECORD_MODEL_MAX_RANKED + 1);

      return n > VS_RECORD_MODEL_MAX_RANKED;
    }
  return TRUE;
}

static void
post_first_page (Worker *worker,
                 Job    *job)
{
  g_autoptr(GString) sql = g_string_new (PAGE_COLUMNS);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  Result *result;
  int rc;

  if (worker->query->sort == VS_RECORD_SORT_RANK && _vs_record_query_has_text (worker->query))
    {
      /* Too many to rank: the first matches in the index's own order (record ids), which
       * it gives without looking at the rest. */
      g_string_append (sql, " FROM record_search"
                            " CROSS JOIN records ON records.id = record_search.rowid"
                            " WHERE record_search MATCH ?13 AND records.dataset_id = ?1");
      _vs_record_query_append_conditions (sql, worker->query, FALSE);
      g_string_append_printf (sql, " ORDER BY record_search.rowid %s",
                              worker->query->descending ? "DESC" : "ASC");
    }
  else
    {
      append_filter (sql, worker->query);
      append_order (sql, worker->query);
    }
  g_string_append (sql, " LIMIT ?10");
  if ((stmt = prepare (worker, sql)) == NULL)
    return;
  bind_filter (stmt, worker->dataset_id, worker->query);
  sqlite3_bind_int64 (stmt, 10, PAGE_SIZE);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VsRecord *record = record_from_page_row (stmt);

      _vs_record_set_position (record, records->len);
      g_ptr_array_add (records, record);
    }
  if (rc != SQLITE_DONE || records->len == 0)
    return;  /* the count says what went wrong, or that nothing matches */
  add_matches (worker, records);

  result = g_new0 (Result, 1);
  result->job = job_ref (job);
  result->partial = TRUE;
  result->records = g_steal_pointer (&records);
  post (worker, result);
}

static void
run_reload (Worker *worker,
            Job    *job)
{
  Result *result = g_new0 (Result, 1);

  worker->generation = job->generation;
  g_clear_pointer (&worker->query, vs_record_query_free);
  worker->query = vs_record_query_copy (job->query);
  if (!job->keep && begin_read (worker))
    {
      gboolean first = first_page_first (worker);

      end_read (worker);
      if (first)
        post_first_page (worker, job);
    }

  result->job = job_ref (job);
  result->failed = !build_index (worker);
  result->n_rows = worker->n_rows;
  result->ranked = worker->ranked;
  if (result->failed)
    {
      result->error = g_strdup (worker->failure);
      worker->generation = 0; /* pages of this generation cannot be placed */
    }
  post (worker, result);
}

static void
run_ranked_page (Worker *worker,
                 Job    *job)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) sql = g_string_new (PAGE_COLUMNS " FROM temp.search_hits h"
                                         " JOIN records ON records.id = h.id"
                                         " WHERE h.pos > ?11 ORDER BY h.pos LIMIT ?10");
  Result *result;
  int rc;

  if ((stmt = prepare (worker, sql)) == NULL)
    return;
  sqlite3_bind_int64 (stmt, 10, PAGE_SIZE);
  sqlite3_bind_int64 (stmt, 11, (gint64) job->page * PAGE_SIZE);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VsRecord *record = record_from_page_row (stmt);

      _vs_record_set_position (record, job->page * PAGE_SIZE + records->len);
      g_ptr_array_add (records, record);
    }
  if (rc != SQLITE_DONE)
    return;
  add_matches (worker, records);

  result = g_new0 (Result, 1);
  result->job = job_ref (job);
  result->records = g_steal_pointer (&records);
  post (worker, result);
}

static void
run_page (Worker *worker,
          Job    *job)
{
  g_autoptr(GString) sql = g_string_new (PAGE_COLUMNS);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) records = NULL;
  const Bound *bound = NULL;
  Result *result;
  gint64 skip = (gint64) job->page * PAGE_SIZE;
  guint want;
  int rc;

  if (worker->ranked)
    {
      run_ranked_page (worker, job);
      return;
    }

  if (skip >= worker->n_rows)
    want = 0;
  else
    want = MIN (PAGE_SIZE, worker->n_rows - skip);

  /* Start at the page's first row as the index knows it; past the index's end (rows that
   * arrived after it was built), at its last page start and OFFSET from there. */
  if (worker->bounds->len > 0)
    {
      guint from = MIN (job->page, worker->bounds->len - 1);

      bound = &g_array_index (worker->bounds, Bound, from);
      skip = (gint64) (job->page - from) * PAGE_SIZE;
    }

  append_filter (sql, worker->query);
  append_start (sql, worker->query, bound != NULL ? ">=" : "");
  append_order (sql, worker->query);
  g_string_append (sql, " LIMIT ?10 OFFSET ?11");

  if ((stmt = prepare (worker, sql)) == NULL)
    return;
  bind_filter (stmt, worker->dataset_id, worker->query);
  if (bound != NULL)
    {
      sqlite3_bind_value (stmt, 8, bound->key);
      sqlite3_bind_int64 (stmt, 9, bound->id);
    }
  sqlite3_bind_int64 (stmt, 10, want);
  sqlite3_bind_int64 (stmt, 11, skip);

  records = g_ptr_array_new_full (want, g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VsRecord *record = record_from_page_row (stmt);

      _vs_record_set_position (record, job->page * PAGE_SIZE + records->len);
      g_ptr_array_add (records, record);
    }
  if (rc != SQLITE_DONE)
    return; /* interrupted or failed: the page stays a placeholder until asked again */
  add_matches (worker, records);

  result = g_new0 (Result, 1);
  result->job = job_ref (job);
  result->records = g_steal_pointer (&records);
  post (worker, result);
}

static Job *
next_job (Worker *worker)
{
  Job *job = NULL;

  g_mutex_lock (&worker->mutex);
  while (!worker->quit && job == NULL)
    {
      job = g_queue_pop_head (&worker->control);
      if (job == NULL)
        job = g_queue_pop_head (&worker->pages);
      if (job == NULL)
        g_cond_wait (&worker->cond, &worker->mutex);
    }
  worker->current = job;
  g_mutex_unlock (&worker->mutex);

  return job;
}

static gpointer
worker_main (gpointer data)
{
  Worker *worker = data;
  Job *job;

  vs_thread_lower_priority (VS_THREAD_BACKGROUND_NICE);
  sqlite3_progress_handler (worker->db, 1000, on_progress, worker);

  while ((job = next_job (worker)) != NULL)
    {
      if (!job_is_stale (worker, job))
        {
          switch (job->kind)
            {
            case JOB_RELOAD:
              run_reload (worker, job);
              break;
            case JOB_APPEND:
              run_append (worker, job);
              break;
            case JOB_PAGE:
              run_page (worker, job);
              break;
            default:
              g_assert_not_reached ();
            }
        }
      g_mutex_lock (&worker->mutex);
      worker->current = NULL;
      g_mutex_unlock (&worker->mutex);
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
  if (job->kind == JOB_PAGE)
    g_queue_push_head (&worker->pages, job_ref (job));
  else
    g_queue_push_tail (&worker->control, job_ref (job));
  g_cond_signal (&worker->cond);
  g_mutex_unlock (&worker->mutex);
}

/* ------------------------------------------------------------------------------------------ */
/* The model */

typedef struct
{
  guint      index;
  GPtrArray *records;  /* VsRecord; NULL until the first fetch arrives */
  Job       *job;      /* the fetch on its way, or NULL */
  GList      link;     /* in lru */
} Page;

struct _VsRecordModel
{
  GObject        parent_instance;

  VsProject     *project;
  gulong         changed_id;
  gint64         dataset_id;
  VsRecordQuery *query;
  Worker        *worker;

  guint          n_items;
  guint          generation;
  GHashTable    *pages;   /* page index → Page */
  GQueue         lru;     /* Page, most recent first */
  gboolean       loading;
  gboolean       append_pending;
  gboolean       append_again;
  gboolean       ranked;
  char          *error;
  gboolean       first_page;  /* a search's first page arrived ahead of its count */
};

enum
{
  PROP_0,
  PROP_PROJECT,
  PROP_DATASET_ID,
  PROP_N_ITEMS,
  PROP_LOADING,
  PROP_ITEM_TYPE,
  PROP_RANKED,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void vs_record_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VsRecordModel, vs_record_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      vs_record_model_list_model_init))

static void
page_free (gpointer data)
{
  Page *page = data;

  if (page->job != NULL)
    {
      g_atomic_int_set (&page->job->cancelled, TRUE);
      job_unref (page->job);
    }
  g_clear_pointer (&page->records, g_ptr_array_unref);
  g_free (page);
}

static void
fetch_page (VsRecordModel *self,
            Page          *page)
{
  if (page->job != NULL)
    {
      g_atomic_int_set (&page->job->cancelled, TRUE);
      job_unref (page->job);
    }
  page->job = job_new (JOB_PAGE, self->generation);
  page->job->page = page->index;
  worker_push (self->worker, page->job);
}

static void
drop_page (VsRecordModel *self,
           Page          *page)
{
  g_queue_unlink (&self->lru, &page->link);
  g_hash_table_remove (self->pages, GUINT_TO_POINTER (page->index));
}

static void
clear_pages (VsRecordModel *self)
{
  g_queue_init (&self->lru);
  g_hash_table_remove_all (self->pages);
}

static void
set_n_items (VsRecordModel *self,
             guint          n_items,
             gboolean       replace)
{
  guint old = self->n_items;

  self->n_items = n_items;
  if (replace)
    {
      if (old > 0 || n_items > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old, n_items);
    }
  else if (n_items > old)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n_items - old);
  else if (n_items < old)
    g_list_model_items_changed (G_LIST_MODEL (self), n_items, old - n_items, 0);

  if (old != n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
set_loading (VsRecordModel *self,
             gboolean       loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* A new generation. @keep: a live update — the pages stay (shown until replaced) and are
 * fetched again once the new count is in; otherwise the model empties at once. */
static void
start_reload (VsRecordModel *self,
              gboolean       keep)
{
  g_autoptr(Job) job = NULL;

  self->generation++;
  g_atomic_int_set (&self->worker->latest, self->generation);
  self->append_pending = FALSE;
  self->append_again = FALSE;

  job = job_new (JOB_RELOAD, self->generation);
  job->keep = keep;
  job->query = vs_record_query_copy (self->query);
  worker_push (self->worker, job);
  self->first_page = FALSE;

  if (!keep)
    {
      clear_pages (self);
      set_n_items (self, 0, TRUE);
    }
  set_loading (self, TRUE);
}

static void
request_append (VsRecordModel *self)
{
  g_autoptr(Job) job = NULL;

  if (self->append_pending)
    {
      self->append_again = TRUE;
      return;
    }

  job = job_new (JOB_APPEND, self->generation);
  self->append_pending = TRUE;
  worker_push (self->worker, job);
}

static void
refetch_all (VsRecordModel *self)
{
  /* Most recently used first: the worker takes the newest page job first. */
  for (GList *l = self->lru.tail; l != NULL; l = l->prev)
    fetch_page (self, l->data);
}

static void
drop_pages_from (VsRecordModel *self,
                 guint          n_items)
{
  GList *l = self->lru.head;

  while (l != NULL)
    {
      Page *page = l->data;

      l = l->next;
      if ((gint64) page->index * PAGE_SIZE >= n_items)
        drop_page (self, page);
    }
}

static void
set_outcome (VsRecordModel *self,
             Result        *result)
{
  const char *error = result->failed ? result->error : NULL;

  if (!self->ranked != !result->ranked)
    {
      self->ranked = result->ranked;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANKED]);
    }
  if (g_strcmp0 (self->error, error) != 0)
    {
      g_free (self->error);
      self->error = g_strdup (error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
}

/* A search's first page, ahead of its count: shown as the only rows until the count says how
 * many there are (still loading). */
static void
on_first_page (VsRecordModel *self,
               Result        *result)
{
  Page *page;

  if (self->n_items > 0 || g_hash_table_size (self->pages) > 0)
    return;

  page = g_new0 (Page, 1);
  page->index = 0;
  page->link.data = page;
  page->records = g_steal_pointer (&result->records);
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (0), page);
  g_queue_push_head_link (&self->lru, &page->link);
  self->first_page = TRUE;
  set_n_items (self, page->records->len, TRUE);
}

static void
on_reload_done (VsRecordModel *self,
                Result        *result)
{
  if (result->partial)
    {
      on_first_page (self, result);
      return;
    }

  set_outcome (self, result);
  if (result->failed)
    {
      clear_pages (self);
      set_n_items (self, 0, TRUE);
      set_loading (self, FALSE);
      return;
    }

  if (result->job->keep)
    {
      drop_pages_from (self, result->n_rows);
      refetch_all (self);
    }
  else if (self->first_page)
    {
      /* The rows shown are the first of the count's: the rest follow them. */
      Page *first = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (0));

      self->first_page = FALSE;
      drop_pages_from (self, result->n_rows);
      /* Rows that arrived in between complete a short first page. */
      if (first != NULL && first->records != NULL &&
          first->records->len < MIN (PAGE_SIZE, result->n_rows))
        fetch_page (self, first);
      set_n_items (self, result->n_rows, FALSE);
      set_loading (self, FALSE);
      return;
    }
  else
    clear_pages (self);

  set_n_items (self, result->n_rows, TRUE);
  set_loading (self, FALSE);
}

static void
on_append_done (VsRecordModel *self,
                Result        *result)
{
  self->append_pending = FALSE;
  if (!result->failed)
    set_outcome (self, result);

  if (result->failed)
    {
      start_reload (self, TRUE);
      return;
    }

  if (result->reloaded)
    {
      drop_pages_from (self, result->n_rows);
      refetch_all (self);
      set_n_items (self, result->n_rows, TRUE);
    }
  else if (result->n_rows != self->n_items)
    {
      /* The old last page was short: its new rows must be fetched. */
      Page *last = self->n_items > 0
        ? g_hash_table_lookup (self->pages, GUINT_TO_POINTER ((self->n_items - 1) / PAGE_SIZE))
        : NULL;

      if (last != NULL && last->records != NULL && last->records->len < PAGE_SIZE)
        drop_page (self, last);
      set_n_items (self, result->n_rows, FALSE);
    }

  if (self->append_again)
    {
      self->append_again = FALSE;
      request_append (self);
    }
}

static void
on_page_done (VsRecordModel *self,
              Result        *result)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (result->job->page));
  guint start, n;

  if (page == NULL || page->job != result->job)
    return;

  job_unref (page->job);
  page->job = NULL;
  g_clear_pointer (&page->records, g_ptr_array_unref);
  page->records = g_steal_pointer (&result->records);

  start = page->index * PAGE_SIZE;
  if (start >= self->n_items)
    return;
  n = MIN (PAGE_SIZE, self->n_items - start);
  g_list_model_items_changed (G_LIST_MODEL (self), start, n, n);
}

static gboolean
deliver (gpointer data)
{
  Result *result = data;
  VsRecordModel *self = result->worker->model;

  /* Disposed, or a result of an older query. */
  if (self == NULL || result->job->generation != self->generation)
    return G_SOURCE_REMOVE;

  switch (result->job->kind)
    {
    case JOB_RELOAD:
      on_reload_done (self, result);
      break;
    case JOB_APPEND:
      on_append_done (self, result);
      break;
    case JOB_PAGE:
      on_page_done (self, result);
      break;
    default:
      g_assert_not_reached ();
    }

  return G_SOURCE_REMOVE;
}

/* Positions do not move when an edit can change neither the filter nor the order. */
static gboolean
edits_keep_positions (VsRecordModel *self)
{
  const VsRecordQuery *q = self->query;

  return q->split == NULL && q->status == NULL && q->min_tokens < 0 && q->max_tokens < 0 &&
         !q->kept_only && q->dropped_by == 0 && !_vs_record_query_has_text (q) &&
         q->tag == NULL && q->problem == NULL && q->min_rating < 0 && q->max_rating < 0 &&
         q->cluster < 0 &&
         (q->sort == VS_RECORD_SORT_ORDINAL || q->sort == VS_RECORD_SORT_ID ||
          q->sort == VS_RECORD_SORT_RANK);
}

static void
refetch_pages_with (VsRecordModel *self,
                    const GArray  *ids)
{
  g_autoptr(GHashTable) set = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (set, &g_array_index (ids, gint64, i));

  for (GList *l = self->lru.tail; l != NULL; l = l->prev)
    {
      Page *page = l->data;

      if (page->records == NULL)
        continue;
      for (guint i = 0; i < page->records->len; i++)
        {
          gint64 id = vs_record_get_id (g_ptr_array_index (page->records, i));

          if (g_hash_table_contains (set, &id))
            {
              fetch_page (self, page);
              break;
            }
        }
    }
}

static void
on_project_changed (VsRecordModel  *self,
                    const char     *table,
                    const VsChange *change)
{
  if (g_strcmp0 (table, "datasets") == 0)
    {
      /* Records announce themselves; of a dataset's own changes only its deletion (or an
       * announcement without detail) can concern them. An update (counts, name, import
       * state) arrives with every import batch and must not reload a large model. */
      if (change == NULL || change->kind == VS_CHANGE_MANY)
        start_reload (self, TRUE);
      else if (change->kind == VS_CHANGE_DELETE)
        {
          if (!vs_change_has_ids (change))
            start_reload (self, TRUE);
          else
            for (guint i = 0; i < change->ids->len; i++)
              if (g_array_index (change->ids, gint64, i) == self->dataset_id)
                {
                  start_reload (self, TRUE);
                  break;
                }
        }
      return;
    }

  if (g_strcmp0 (table, "records") != 0 || change == NULL)
    return;
  if (change->parent_id != 0 && change->parent_id != self->dataset_id)
    return;

  switch (change->kind)
    {
    case VS_CHANGE_INSERT:
      request_append (self);
      break;
    case VS_CHANGE_UPDATE:
      if (vs_change_has_ids (change) && edits_keep_positions (self))
        refetch_pages_with (self, change->ids);
      else
        start_reload (self, TRUE);
      break;
    case VS_CHANGE_DELETE:
    case VS_CHANGE_MANY:
    default:
      start_reload (self, TRUE);
      break;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* GListModel */

static GType
vs_record_model_get_item_type (GListModel *model)
{
  return VS_TYPE_RECORD;
}

static guint
vs_record_model_get_n_items (GListModel *model)
{
  return VS_RECORD_MODEL (model)->n_items;
}

static Page *
get_page (VsRecordModel *self,
          guint          index)
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
vs_record_model_get_item (GListModel *model,
                          guint       position)
{
  VsRecordModel *self = VS_RECORD_MODEL (model);
  Page *page;
  guint offset = position % PAGE_SIZE;

  if (position >= self->n_items)
    return NULL;

  page = get_page (self, position / PAGE_SIZE);
  if (page->records != NULL && offset < page->records->len)
    return g_object_ref (g_ptr_array_index (page->records, offset));

  return vs_record_new_placeholder (position);
}

static void
vs_record_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = vs_record_model_get_item_type;
  iface->get_n_items = vs_record_model_get_n_items;
  iface->get_item = vs_record_model_get_item;
}

/* ------------------------------------------------------------------------------------------ */
/* GObject */

static void
vs_record_model_dispose (GObject *object)
{
  VsRecordModel *self = VS_RECORD_MODEL (object);

  g_clear_signal_handler (&self->changed_id, self->project);

  if (self->worker != NULL)
    {
      Worker *worker = g_steal_pointer (&self->worker);
      GThread *thread = g_steal_pointer (&worker->thread);

      /* Results already posted find no model; a query in progress is interrupted. */
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

  G_OBJECT_CLASS (vs_record_model_parent_class)->dispose (object);
}

static void
vs_record_model_finalize (GObject *object)
{
  VsRecordModel *self = VS_RECORD_MODEL (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->query, vs_record_query_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (vs_record_model_parent_class)->finalize (object);
}

static void
vs_record_model_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VsRecordModel *self = VS_RECORD_MODEL (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_DATASET_ID:
      g_value_set_int64 (value, self->dataset_id);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, VS_TYPE_RECORD);
      break;
    case PROP_RANKED:
      g_value_set_boolean (value, self->ranked);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_record_model_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VsRecordModel *self = VS_RECORD_MODEL (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
      break;
    case PROP_DATASET_ID:
      self->dataset_id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_record_model_class_init (VsRecordModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vs_record_model_dispose;
  object_class->finalize = vs_record_model_finalize;
  object_class->get_property = vs_record_model_get_property;
  object_class->set_property = vs_record_model_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, VS_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATASET_ID] =
    g_param_spec_int64 ("dataset-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_RANKED] =
    g_param_spec_boolean ("ranked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vs_record_model_init (VsRecordModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  self->query = vs_record_query_new ();
}

VsRecordModel *
vs_record_model_new (VsProject  *project,
                     gint64      dataset_id,
                     GError    **error)
{
  g_autoptr(VsRecordModel) self = NULL;
  sqlite3 *db;
  Worker *worker;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  db = vs_project_open_connection (project, error);
  if (db == NULL)
    return NULL;

  self = g_object_new (VS_TYPE_RECORD_MODEL, "project", project, "dataset-id", dataset_id,
                       NULL);

  worker = g_new0 (Worker, 1);
  g_atomic_ref_count_init (&worker->ref);
  g_mutex_init (&worker->mutex);
  g_cond_init (&worker->cond);
  worker->context = g_main_context_ref_thread_default ();
  worker->db = db;
  worker->dataset_id = dataset_id;
  worker->bounds = g_array_new (FALSE, TRUE, sizeof (Bound));
  g_array_set_clear_func (worker->bounds, bound_clear);
  worker->model = self;
  self->worker = worker;
  /* The thread holds its own reference, dropped when it ends. */
  worker->thread = g_thread_new ("vs-record-model", worker_main, worker_ref (worker));

  self->changed_id = g_signal_connect_swapped (project, "changed",
                                               G_CALLBACK (on_project_changed), self);
  start_reload (self, FALSE);

  return g_steal_pointer (&self);
}

VsProject *
vs_record_model_get_project (VsRecordModel *self)
{
  g_return_val_if_fail (VS_IS_RECORD_MODEL (self), NULL);
  return self->project;
}

gint64
vs_record_model_get_dataset_id (VsRecordModel *self)
{
  g_return_val_if_fail (VS_IS_RECORD_MODEL (self), 0);
  return self->dataset_id;
}

const VsRecordQuery *
vs_record_model_get_query (VsRecordModel *self)
{
  g_return_val_if_fail (VS_IS_RECORD_MODEL (self), NULL);
  return self->query;
}

void
vs_record_model_set_query (VsRecordModel       *self,
                           const VsRecordQuery *query)
{
  g_return_if_fail (VS_IS_RECORD_MODEL (self));
  g_return_if_fail (query != NULL);

  if (vs_record_query_equal (self->query, query))
    return;

  vs_record_query_free (self->query);
  self->query = vs_record_query_copy (query);
  start_reload (self, FALSE);
}

void
vs_record_model_set_sort (VsRecordModel *self,
                          VsRecordSort   sort,
                          gboolean       descending)
{
  g_autoptr(VsRecordQuery) query = NULL;

  g_return_if_fail (VS_IS_RECORD_MODEL (self));

  query = vs_record_query_copy (self->query);
  query->sort = sort;
  query->descending = descending;
  vs_record_model_set_query (self, query);
}

gboolean
vs_record_model_get_ranked (VsRecordModel *self)
{
  g_return_val_if_fail (VS_IS_RECORD_MODEL (self), FALSE);
  return self->ranked;
}

const char *
vs_record_model_get_error (VsRecordModel *self)
{
  g_return_val_if_fail (VS_IS_RECORD_MODEL (self), NULL);
  return self->error;
}

gboolean
vs_record_model_get_loading (VsRecordModel *self)
{
  g_return_val_if_fail (VS_IS_RECORD_MODEL (self), FALSE);
  return self->loading;
}

guint
vs_record_model_get_n_pages (VsRecordModel *self)
{
  g_return_val_if_fail (VS_IS_RECORD_MODEL (self), 0);
  return g_hash_table_size (self->pages);
}

void
vs_record_model_reload (VsRecordModel *self)
{
  g_return_if_fail (VS_IS_RECORD_MODEL (self));
  start_reload (self, TRUE);
}
