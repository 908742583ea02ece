/* vs-response-cache.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The response cache's SQL: one row per cache key holding the response as JSON without its
 * error, cached and retries members (those describe one delivery, not the answer). Split out
 * of the request engine, which only calls lookup and store.
 */
#include "config.h"

#include "vs-chat-response-private.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-response-cache.h"

VsChatResponse *
vs_response_cache_lookup (VsProject  *project,
                          const char *key)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  VsChatResponse *response = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  db = vs_project_get_db (project);
  if (sqlite3_prepare_v2 (db, "SELECT response FROM response_cache WHERE key = ?", -1, &stmt,
                          NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) object =
        vs_json_parse_object ((const char *) sqlite3_column_text (stmt, 0), -1, NULL);
      if (object != NULL)
        response = vs_chat_response_new_from_json (object, NULL);
    }
  sqlite3_finalize (stmt);
  return response;
}

gboolean
vs_response_cache_store (VsProject       *project,
                         const char      *key,
                         VsChatResponse  *response,
                         GError         **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *now = NULL;
  JsonObject *object;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (VS_IS_CHAT_RESPONSE (response), FALSE);

  if (!vs_chat_response_is_ok (response))
    return TRUE; /* errors are never cached */

  node = vs_chat_response_to_json (response);
  object = json_node_get_object (node);
  json_object_remove_member (object, "error");
  json_object_remove_member (object, "cached");
  json_object_remove_member (object, "retries");
  text = vs_json_to_string (node, FALSE);
  now = vs_now_iso8601 ();

  db = vs_project_get_db (project);
  if (sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO response_cache (key, response, created_at) "
                          "VALUES (?, ?, ?)", -1, &stmt, NULL) != SQLITE_OK)
    return vs_project_set_error_from_db (project, error);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return vs_project_set_error_from_db (project, error);
  return TRUE;
}

gboolean
vs_response_cache_clear (VsProject  *project,
                         GError    **error)
{
  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);

  if (!vs_project_exec (project, "DELETE FROM response_cache", error))
    return FALSE;
  vs_project_emit_changed (project, "response_cache");
  return TRUE;
}

gint64
vs_response_cache_count (VsProject *project)
{
  g_return_val_if_fail (VS_IS_PROJECT (project), -1);
  return vs_project_count (project, "response_cache");
}
