/* vs-dataset-search.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The index itself (table record_search, its content view and its triggers) is defined by the
 * schema (vs-project-schema.c). Here: indexing the records above its mark, searching, and
 * reading back what matched. A search ranks only when the text matches few enough records for
 * bm25 over all of them to stay quick; past that it lists matches in ordinal order, which
 * SQLite answers from the first rows without scoring the rest.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vs-dataset-search-private.h"
#include "vs-dataset-search.h"
#include "vs-error.h"
#include "vs-project-private.h"
#include "vs-record-model-private.h"

/* Writer time one indexing batch aims at, so that edits queued behind it wait little. */
#define BATCH_TARGET_US (50 * 1000)
#define BATCH_MIN_IDS   100
#define BATCH_MAX_IDS   50000

/* Marks around matched words in highlight()'s output: control characters no text search
 * can match. */
#define MARK_OPEN  "\002"
#define MARK_CLOSE "\003"

void
vs_search_hit_free (VsSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->data);
  g_free (hit->example);
  g_strfreev (hit->matches);
  g_free (hit);
}

void
vs_search_result_free (VsSearchResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->hits, g_ptr_array_unref);
  g_free (result);
}

/* ---- Errors ------------------------------------------------------------------------- */

gboolean
_vs_dataset_search_set_error (sqlite3     *db,
                              const char  *path,
                              const char  *text,
                              GError     **error)
{
  const char *message = sqlite3_errmsg (db);

  if (sqlite3_errcode (db) == SQLITE_INTERRUPT)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Search cancelled"));
      return FALSE;
    }
  /* FTS5 reports a malformed query as a plain SQL error ("fts5: syntax error near …",
   * "unterminated string", "no such column: x"); the statements here have no other way to
   * get one. */
  if (text != NULL && sqlite3_errcode (db) == SQLITE_ERROR)
    {
      const char *why = g_str_has_prefix (message, "fts5: ") ? message + 6 : message;

      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   /* Translators: the first %s is the search as typed, the second what the
                    * search engine found wrong with it (in English) */
                   _("The search “%s” is not valid: %s. Put words with punctuation in double "
                     "quotes, e.g. \"gpt-4\"; AND, OR, NOT and NEAR are operators when written "
                     "in capitals."),
                   text, why);
      return FALSE;
    }
  return _vs_project_set_db_error (db, path, sqlite3_extended_errcode (db), error);
}

/* ---- Matches ------------------------------------------------------------------------ */

/* Letters, digits and marks make words, as FTS5's unicode61 tokenizer sees them. */
static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static void
add_word (GPtrArray  *words,
          const char *start,
          const char *end)
{
  g_autofree char *word = g_strndup (start, end - start);

  for (guint i = 0; i < words->len; i++)
    if (g_str_equal (g_ptr_array_index (words, i), word))
      return;
  g_ptr_array_add (words, g_steal_pointer (&word));
}

/* The words inside the marks of @marked (a phrase's span holds several), each once. */
static void
add_marked (GPtrArray  *words,
            const char *marked)
{
  const char *p = marked;

  if (marked == NULL || !g_utf8_validate (marked, -1, NULL))
    return;
  while ((p = strchr (p, MARK_OPEN[0])) != NULL)
    {
      const char *end = strchr (p + 1, MARK_CLOSE[0]);
      const char *q;

      if (end == NULL)
        break;
      q = p + 1;
      while (q < end)
        {
          const char *start;

          while (q < end && !is_word_char (g_utf8_get_char (q)))
            q = g_utf8_next_char (q);
          start = q;
          while (q < end && is_word_char (g_utf8_get_char (q)))
            q = g_utf8_next_char (q);
          if (q > start)
            add_word (words, start, q);
        }
      p = end + 1;
    }
}

char **
_vs_dataset_search_collect_matches (sqlite3       *db,
                                    sqlite3_stmt **stmt,
                                    const char    *text,
                                    gint64         id)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);

  if (*stmt == NULL &&
      sqlite3_prepare_v2 (db, "SELECT highlight (record_search, 0, char(2), char(3)),"
                              " highlight (record_search, 1, char(2), char(3))"
                              " FROM record_search WHERE record_search MATCH ?1 AND rowid = ?2",
                          -1, stmt, NULL) != SQLITE_OK)
    return NULL;

  sqlite3_reset (*stmt);
  sqlite3_bind_text (*stmt, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (*stmt, 2, id);
  if (sqlite3_step (*stmt) == SQLITE_ROW)
    {
      add_marked (words, (const char *) sqlite3_column_text (*stmt, 0));
      add_marked (words, (const char *) sqlite3_column_text (*stmt, 1));
    }
  sqlite3_reset (*stmt);

  if (words->len == 0)
    return NULL;
  g_ptr_array_add (words, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&words), FALSE);
}

GArray *
vs_dataset_search_find_matches (const char         *text,
                                const char * const *matches)
{
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) wanted = NULL;
  const char *p;

  if (text == NULL || matches == NULL || matches[0] == NULL || !g_utf8_validate (text, -1, NULL))
    return ranges;

  wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; matches[i] != NULL; i++)
    g_hash_table_add (wanted, g_utf8_casefold (matches[i], -1));

  p = text;
  while (*p != '\0')
    {
      const char *start;
      g_autofree char *folded = NULL;

      if (!is_word_char (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          continue;
        }
      start = p;
      while (*p != '\0' && is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      folded = g_utf8_casefold (start, p - start);
      if (g_hash_table_contains (wanted, folded))
        {
          guint range[2] = { (guint) (start - text), (guint) (p - text) };

          g_array_append_vals (ranges, range, 2);
        }
    }
  return ranges;
}

/* ---- Index state and building ------------------------------------------------------- */

static gboolean
read_state (sqlite3 *db,
            gint64  *indexed_upto,
            gint64  *max_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT indexed_upto, (SELECT coalesce(max(id), 0) FROM records)"
                              " FROM record_search_state", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  *indexed_upto = sqlite3_column_int64 (stmt, 0);
  *max_id = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

gint64
vs_dataset_search_get_pending (VsProject  *project,
                               GError    **error)
{
  gint64 upto, max_id;

  g_return_val_if_fail (VS_IS_PROJECT (project), -1);

  if (!read_state (vs_project_get_db (project), &upto, &max_id))
    {
      vs_project_set_error_from_db (project, error);
      return -1;
    }
  return MAX (0, max_id - upto);
}

typedef struct
{
  gint64 n_ids;   /* in: how many ids this batch covers */
  gint64 start;   /* the mark before the first batch; -1 until then */
  gint64 upto;    /* out: the mark after the batch */
  gint64 max_id;  /* out: the highest record id */
} Batch;

/* One batch on the writer: the records with ids just above the mark, then the mark. Reading
 * the mark here, inside the write, keeps two builders (two windows, the GUI and the CLI) from
 * indexing a record twice. */
static gboolean
index_batch (VsWriteContext  *ctx,
             gpointer         data,
             GError         **error)
{
  Batch *batch = data;
  sqlite3 *db = _vs_write_context_get_db (ctx);
  sqlite3_stmt *stmt;
  gint64 upto, max_id, to;

  if (!read_state (db, &upto, &max_id))
    return _vs_write_context_set_error (ctx, error);
  to = MIN (max_id, upto + batch->n_ids);
  if (batch->start < 0 || batch->start > upto)
    batch->start = upto;  /* first batch, or deletions lowered the mark */
  batch->max_id = max_id;
  batch->upto = upto;
  if (to <= upto)
    return TRUE;

  stmt = _vs_write_context_prepare (ctx, "INSERT INTO record_search (rowid, data, example)"
                                         " SELECT id, data, example FROM record_search_text"
                                         " WHERE id > ?1 AND id <= ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, upto);
  sqlite3_bind_int64 (stmt, 2, to);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);

  stmt = _vs_write_context_prepare (ctx, "UPDATE record_search_state SET indexed_upto = ?1",
                                    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, to);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);

  batch->upto = to;
  return TRUE;
}

gboolean
vs_dataset_search_build_sync (VsProject        *project,
                              GCancellable     *cancellable,
                              VsProgressRelay  *progress,
                              GError          **error)
{
  VsWriter *writer;
  Batch batch = { BATCH_MIN_IDS, -1, 0, 0 };

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);

  writer = vs_project_get_writer (project);
  if (writer == NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_FAILED,
                   _("The search index of %s cannot be built: the project is open read-only"),
                   vs_project_get_path (project));
      return FALSE;
    }

  for (;;)
    {
      gint64 t0 = g_get_monotonic_time ();
      gint64 elapsed;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!_vs_writer_run_in_order (writer, index_batch, &batch, error))
        return FALSE;
      if (progress != NULL)
        vs_progress_relay_report (progress, batch.upto - batch.start, batch.max_id - batch.start,
                                  batch.upto - batch.start);
      if (batch.upto >= batch.max_id)
        break;

      /* Aim the next batch at the target time from this one's speed. */
      elapsed = MAX (1, g_get_monotonic_time () - t0);
      batch.n_ids = CLAMP (batch.n_ids * BATCH_TARGET_US / elapsed, BATCH_MIN_IDS, BATCH_MAX_IDS);
    }

  if (progress != NULL)
    vs_progress_relay_finish (progress);
  return TRUE;
}

static void
build_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (vs_dataset_search_build_sync (source, cancellable, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
vs_dataset_search_build_async (VsProject           *project,
                               GCancellable        *cancellable,
                               VsProgressFunc       progress,
                               gpointer             progress_data,
                               GDestroyNotify       progress_notify,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VS_IS_PROJECT (project));

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_dataset_search_build_async);
  if (progress != NULL)
    g_task_set_task_data (task, vs_progress_relay_new (progress, progress_data, progress_notify),
                          (GDestroyNotify) vs_progress_relay_unref);
  else if (progress_notify != NULL)
    progress_notify (progress_data);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, build_thread);
}

gboolean
vs_dataset_search_build_finish (VsProject     *project,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, project), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        vs_dataset_search_build_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Searching ---------------------------------------------------------------------- */

typedef struct
{
  sqlite3      *db;
  const char   *path;
  const char   *text;  /* NULL without a text search */
  GCancellable *cancellable;
} Search;

static int
on_progress (void *data)
{
  Search *search = data;

  return g_cancellable_is_cancelled (search->cancellable);
}

static sqlite3_stmt *
search_prepare (Search      *search,
                GString     *sql,
                GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (search->db, sql->str, (int) sql->len, &stmt, NULL) != SQLITE_OK)
    {
      _vs_dataset_search_set_error (search->db, search->path, search->text, error);
      return NULL;
    }
  return stmt;
}

/* How many records (of any dataset) the text matches, up to @limit; -1 on error. */
static gint64
count_text (Search  *search,
            gint64   limit,
            GError **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM (SELECT 1 FROM record_search"
                                         " WHERE record_search MATCH ?1 LIMIT ?2)");
  g_autoptr(sqlite3_stmt) stmt = search_prepare (search, sql, error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, search->text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _vs_dataset_search_set_error (search->db, search->path, search->text, error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
search_count (Search              *search,
              gint64               dataset_id,
              const VsRecordQuery *query,
              gboolean             ranked,
              gint64              *n,
              GError             **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (ranked)
    g_string_append (sql, "SELECT count(*) FROM record_search"
                          " CROSS JOIN records ON records.id = record_search.rowid"
                          " WHERE record_search MATCH ?13 AND records.dataset_id = ?1");
  else
    g_string_append (sql, "SELECT count(*) FROM records WHERE records.dataset_id = ?1");
  _vs_record_query_append_conditions (sql, query, !ranked);
  if ((stmt = search_prepare (search, sql, error)) == NULL)
    return FALSE;
  _vs_record_query_bind (stmt, dataset_id, query);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _vs_dataset_search_set_error (search->db, search->path, search->text, error);
  *n = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static GPtrArray *
search_hits (Search              *search,
             gint64               dataset_id,
             const VsRecordQuery *query,
             gboolean             ranked,
             guint                limit,
             GError             **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT records.id, records.ordinal, records.data,"
                                         " records.example");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) matches = NULL;
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_search_hit_free);
  int rc;

  if (ranked)
    g_string_append (sql, ", record_search.rank FROM record_search"
                          " CROSS JOIN records ON records.id = record_search.rowid"
                          " WHERE record_search MATCH ?13 AND records.dataset_id = ?1");
  else if (search->text != NULL)
    /* Too many to rank: the first in the index's order (record ids: the order records were
     * added), which it gives without looking at the rest. */
    g_string_append (sql, ", NULL FROM record_search"
                          " CROSS JOIN records ON records.id = record_search.rowid"
                          " WHERE record_search MATCH ?13 AND records.dataset_id = ?1");
  else
    g_string_append (sql, ", NULL FROM records WHERE records.dataset_id = ?1");
  _vs_record_query_append_conditions (sql, query, FALSE);
  if (ranked)
    g_string_append (sql, " ORDER BY record_search.rank, records.id");
  else if (search->text != NULL)
    g_string_append (sql, " ORDER BY record_search.rowid");
  else
    /* "+": a cluster's few rows come from its index, not from reading all in order. */
    g_string_append (sql, query->cluster >= 0 ? " ORDER BY +records.ordinal, records.id"
                                              : " ORDER BY records.ordinal, records.id");
  g_string_append (sql, " LIMIT ?10");

  if ((stmt = search_prepare (search, sql, error)) == NULL)
    return NULL;
  _vs_record_query_bind (stmt, dataset_id, query);
  sqlite3_bind_int64 (stmt, 10, limit > 0 ? (gint64) limit : -1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VsSearchHit *hit = g_new0 (VsSearchHit, 1);

      hit->id = sqlite3_column_int64 (stmt, 0);
      hit->ordinal = sqlite3_column_int64 (stmt, 1);
      hit->data = _vs_sql_dup_text (stmt, 2);
      hit->example = _vs_sql_dup_text (stmt, 3);
      hit->has_score = sqlite3_column_type (stmt, 4) != SQLITE_NULL;
      /* bm25 is lower for better matches; a score reads better the other way round. */
      hit->score = hit->has_score ? -sqlite3_column_double (stmt, 4) : 0;
      g_ptr_array_add (hits, hit);
    }
  if (rc != SQLITE_DONE)
    {
      _vs_dataset_search_set_error (search->db, search->path, search->text, error);
      return NULL;
    }

  if (search->text != NULL)
    for (guint i = 0; i < hits->len; i++)
      {
        VsSearchHit *hit = g_ptr_array_index (hits, i);

        hit->matches = _vs_dataset_search_collect_matches (search->db, &matches, search->text,
                                                           hit->id);
      }
  return g_steal_pointer (&hits);
}

static VsSearchResult *
search_locked (Search              *search,
               gint64               dataset_id,
               const VsRecordQuery *query,
               guint                limit,
               gboolean             count,
               GError             **error)
{
  g_autoptr(VsSearchResult) result = g_new0 (VsSearchResult, 1);

  result->n_matches = -1;
  if (search->text != NULL)
    {
      gint64 n = count_text (search, VS_RECORD_MODEL_MAX_RANKED + 1, error);

      if (n < 0)
        return NULL;
      result->ranked = n <= VS_RECORD_MODEL_MAX_RANKED;
    }

  result->hits = search_hits (search, dataset_id, query, result->ranked, limit, error);
  if (result->hits == NULL)
    return NULL;
  if (count && limit > 0 && result->hits->len < limit)
    result->n_matches = result->hits->len;  /* every match is listed */
  else if (count &&
           !search_count (search, dataset_id, query, result->ranked, &result->n_matches, error))
    return NULL;
  return g_steal_pointer (&result);
}

VsSearchResult *
vs_dataset_search_sync (VsProject           *project,
                        gint64               dataset_id,
                        const VsRecordQuery *query,
                        guint                limit,
                        gboolean             count,
                        GCancellable        *cancellable,
                        GError             **error)
{
  Search search = { NULL, NULL, NULL, cancellable };
  VsSearchResult *result;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  search.db = vs_project_open_connection (project, error);
  if (search.db == NULL)
    return NULL;
  search.path = vs_project_get_path (project);
  search.text = _vs_record_query_has_text (query) ? query->text : NULL;
  if (cancellable != NULL)
    sqlite3_progress_handler (search.db, 1000, on_progress, &search);

  /* One read transaction: the count and the hits see the same rows. */
  sqlite3_exec (search.db, "BEGIN", NULL, NULL, NULL);
  result = search_locked (&search, dataset_id, query, limit, count, error);
  sqlite3_exec (search.db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close_v2 (search.db);
  return result;
}
