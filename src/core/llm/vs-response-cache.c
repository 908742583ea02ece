/* vs-response-cache.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The response cache's SQL: one row per cache key holding the response as JSON without its
 * error, cached and retries members (those describe one delivery, not the answer). Split out
 * of the request engine, which only calls lookup and store. Stores go to the project's writer
 * as fire-and-forget jobs (batched with everything else, never a transaction of their own on
 * the main connection); until a store is committed, lookups find it in a small pending map,
 * so a repeated request right after the first still hits. Lookups read on the calling
 * thread's connection.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vs-chat-response-private.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-response-cache-private.h"
#include "vs-response-cache.h"
#include "vs-writer-private.h"

/* Stores queued and not committed yet, so that a lookup right after a store (a re-run within
 * the writer's ~100 ms batch) still hits: project → (key → response text). */
G_LOCK_DEFINE_STATIC (pending);

typedef struct
{
  GHashTable *pending;  /* the project's pending map (a reference: the job may outlive it) */
  char       *key;
  char       *text;
  char       *now;
} CacheWrite;

static void
cache_write_free (CacheWrite *write)
{
  g_hash_table_unref (write->pending);
  g_free (write->key);
  g_free (write->text);
  g_free (write->now);
  g_free (write);
}

static GHashTable *
pending_for (VsProject *project,
             gboolean   create)
{
  GHashTable *pending = g_object_get_data (G_OBJECT (project), "vs-response-cache-pending");

  if (pending == NULL && create)
    {
      pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_object_set_data_full (G_OBJECT (project), "vs-response-cache-pending", pending,
                              (GDestroyNotify) g_hash_table_unref);
    }
  return pending;
}

static char *
pending_lookup (VsProject  *project,
                const char *key)
{
  GHashTable *pending;
  char *text = NULL;

  G_LOCK (pending);
  pending = pending_for (project, FALSE);
  if (pending != NULL)
    text = g_strdup (g_hash_table_lookup (pending, key));
  G_UNLOCK (pending);
  return text;
}

VsChatResponse *
vs_response_cache_lookup (VsProject  *project,
                          const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *queued = NULL;
  g_autoptr(JsonObject) object = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  queued = pending_lookup (project, key);
  if (queued != NULL)
    object = vs_json_parse_object (queued, -1, NULL);
  else
    {
      if (sqlite3_prepare_v2 (vs_project_get_db (project),
                              "SELECT response FROM response_cache WHERE key = ?", -1, &stmt,
                              NULL) != SQLITE_OK)
        return NULL;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        object = vs_json_parse_object ((const char *) sqlite3_column_text (stmt, 0), -1, NULL);
    }
  return object != NULL ? vs_chat_response_new_from_json (object, NULL) : NULL;
}

gboolean
_vs_response_cache_write_in_job (VsWriteContext  *ctx,
                                 const char      *key,
                                 const char      *text,
                                 const char      *now,
                                 GError         **error)
{
  sqlite3_stmt *stmt = _vs_write_context_prepare (ctx, "INSERT OR REPLACE INTO response_cache "
                                                  "(key, response, created_at) VALUES (?, ?, ?)",
                                                  error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  return TRUE;
}

/* On the writer thread. */
static gboolean
cache_write (VsWriteContext  *ctx,
             gpointer         data,
             GError         **error)
{
  CacheWrite *write = data;

  return _vs_response_cache_write_in_job (ctx, write->key, write->text, write->now, error);
}

/* On the writer thread, once the job committed (or failed): the row speaks for itself now. */
static void
on_cache_written (gpointer      data,
                  gboolean      ok,
                  const GError *error)
{
  CacheWrite *write = data;

  if (!ok)
    g_debug ("could not store a response in the cache: %s", error ? error->message : "?");
  G_LOCK (pending);
  /* Only if no newer store of the same key is queued behind this one. */
  if (g_strcmp0 (g_hash_table_lookup (write->pending, write->key), write->text) == 0)
    g_hash_table_remove (write->pending, write->key);
  G_UNLOCK (pending);
}

char *
_vs_response_cache_text (VsChatResponse *response)
{
  GString *out = g_string_sized_new (256);

  _vs_chat_response_append_cache_json (response, out);
  return g_string_free (out, FALSE);
}

gboolean
vs_response_cache_store (VsProject       *project,
                         const char      *key,
                         VsChatResponse  *response,
                         GError         **error)
{
  VsWriter *writer;
  CacheWrite *write;

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (VS_IS_CHAT_RESPONSE (response), FALSE);

  if (!vs_chat_response_is_ok (response))
    return TRUE; /* errors are never cached */
  writer = vs_project_get_writer (project);
  if (writer == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY,
                           _("the project is open read-only: responses are not cached"));
      return FALSE;
    }

  write = g_new0 (CacheWrite, 1);
  write->key = g_strdup (key);
  write->text = _vs_response_cache_text (response);
  write->now = vs_now_iso8601 ();
  G_LOCK (pending);
  write->pending = g_hash_table_ref (pending_for (project, TRUE));
  g_hash_table_replace (write->pending, g_strdup (key), g_strdup (write->text));
  G_UNLOCK (pending);
  /* Fire and forget: the completion (on the writer thread) only retires the pending entry. */
  _vs_writer_queue (writer, cache_write, write, (GDestroyNotify) cache_write_free,
                    on_cache_written);
  return TRUE;
}

static gboolean
cache_clear (VsWriteContext  *ctx,
             gpointer         data,
             GError         **error)
{
  if (sqlite3_exec (_vs_write_context_get_db (ctx), "DELETE FROM response_cache", NULL, NULL,
                    NULL) != SQLITE_OK)
    return _vs_write_context_set_error (ctx, error);
  _vs_write_context_note (ctx, "response_cache", VS_CHANGE_DELETE, 0, -1);
  return TRUE;
}

gboolean
vs_response_cache_clear (VsProject  *project,
                         GError    **error)
{
  VsWriter *writer;
  GHashTable *pending;

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);

  writer = vs_project_get_writer (project);
  if (writer == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY,
                           _("the project is open read-only"));
      return FALSE;
    }
  G_LOCK (pending);
  pending = pending_for (project, FALSE);
  if (pending != NULL)
    g_hash_table_remove_all (pending);
  G_UNLOCK (pending);
  /* A user's action: behind the stores queued before it, so none of them survives it. */
  return _vs_writer_run_in_order (writer, cache_clear, NULL, error);
}

gint64
vs_response_cache_count (VsProject *project)
{
  g_return_val_if_fail (VS_IS_PROJECT (project), -1);
  return vs_project_count (project, "response_cache");
}
