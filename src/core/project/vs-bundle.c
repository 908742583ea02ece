/* vs-bundle.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * project.json:
 *   { "name": "…",
 *     "templates": ["templates/a.json", …],            template files (name, messages, …)
 *     "datasets": [{ "name": "…", "file": "x.jsonl",
 *                    "split_column": "split",          optional: column that holds the split
 *                    "mapping": { … } }],              optional: columns → chat roles
 *     "endpoints": [{ "name", "kind", "base_url", "default_model", "concurrency" }],
 *     "snapshots": […], "finetunes": […], "evaluations": […] }   recorded history, see
 *                                                                 vs-bundle-history.c
 *
 * Everything is imported in one transaction: a bundle lands whole or not at all.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vs-bundle-private.h"
#include "vs-bundle.h"
#include "vs-dataset-store-private.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-project-private.h"

/* g_set_str() is GLib 2.76. */
static void
set_str (char       **slot,
                  const char  *value)
{
  g_free (*slot);
  *slot = g_strdup (value);
}

static gboolean
step_done (VsProject     *project,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return vs_project_set_error_from_db (project, error);
  return TRUE;
}

static gboolean
import_template (VsProject   *project,
                 const char  *path,
                 const char  *now,
                 GError     **error)
{
  sqlite3 *db = vs_project_get_db (project);
  g_autoptr(JsonNode) root = vs_json_load_file (path, error);
  g_autofree char *body = NULL;
  sqlite3_stmt *stmt = NULL;
  const char *name;
  gint64 template_id;
  gint64 version_id;

  if (root == NULL)
    return FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (name = vs_json_get_string (json_node_get_object (root), "name", NULL)) == NULL ||
      !json_object_has_member (json_node_get_object (root), "messages"))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   /* Translators: %s is a file name; "name" and "messages" are JSON keys,
                    * do not translate them. */
                   _("%s: a template needs a \"name\" and a \"messages\" list"), path);
      return FALSE;
    }

  body = vs_json_to_string (root, FALSE);

  sqlite3_prepare_v2 (db,
                      "INSERT INTO templates (name, draft, created_at, updated_at)"
                      " VALUES (?1, ?2, ?3, ?3)", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, body, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  if (!step_done (project, stmt, error))
    {
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  template_id = sqlite3_last_insert_rowid (db);

  sqlite3_prepare_v2 (db,
                      "INSERT INTO template_versions (template_id, number, body, note, created_at)"
                      " VALUES (?1, 1, ?2, ?3, ?4)", -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, template_id);
  sqlite3_bind_text (stmt, 2, body, -1, SQLITE_STATIC);
  /* Translators: the note of the first version of a template imported from a bundle. */
  sqlite3_bind_text (stmt, 3, C_("version note", "Imported"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  if (!step_done (project, stmt, error))
    {
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  version_id = sqlite3_last_insert_rowid (db);

  sqlite3_prepare_v2 (db, "UPDATE templates SET head_version_id = ?1 WHERE id = ?2", -1, &stmt,
                      NULL);
  sqlite3_bind_int64 (stmt, 1, version_id);
  sqlite3_bind_int64 (stmt, 2, template_id);
  if (!step_done (project, stmt, error))
    {
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
import_dataset (VsProject   *project,
                const char  *directory,
                JsonObject  *spec,
                const char  *now,
                GError     **error)
{
  sqlite3 *db = vs_project_get_db (project);
  const char *name = vs_json_get_string (spec, "name", NULL);
  const char *file = vs_json_get_string (spec, "file", NULL);
  const char *split_column = vs_json_get_string (spec, "split_column", NULL);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *mapping = NULL;
  g_autofree char *unique = NULL;
  g_autofree char *columns = NULL;
  g_autoptr(JsonArray) column_list = json_array_new ();
  g_autoptr(GHashTable) seen_columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                              NULL);
  g_auto(GStrv) lines = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 dataset_id;
  gint64 ordinal = 0;
  /* Records per split, for dataset_counts: unassigned, train, validation, test. */
  static const char * const splits[] = { "unassigned", "train", "validation", "test" };
  gint64 per_split[G_N_ELEMENTS (splits)] = { 0 };
  gboolean ok = TRUE;

  if (name == NULL || file == NULL)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID,
                           /* Translators: project.json is a file name; "name" and "file"
                            * are JSON keys, do not translate them. */
                           _("project.json: each dataset needs a \"name\" and a \"file\""));
      return FALSE;
    }

  path = g_build_filename (directory, file, NULL);
  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;

  if (json_object_has_member (spec, "mapping"))
    mapping = vs_json_to_string (json_object_get_member (spec, "mapping"), FALSE);

  unique = _vs_dataset_unique_name (db, name, error);
  if (unique == NULL)
    return FALSE;
  sqlite3_prepare_v2 (db,
                      "INSERT INTO datasets (name, source_path, source_format, mapping,"
                      " created_at, updated_at) VALUES (?1, ?2, 'jsonl', coalesce(?3, '{}'),"
                      " ?4, ?4)", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, unique, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, file, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, mapping, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  ok = step_done (project, stmt, error);
  sqlite3_finalize (stmt);
  if (!ok)
    return FALSE;
  dataset_id = sqlite3_last_insert_rowid (db);

  sqlite3_prepare_v2 (db,
                      "INSERT INTO records (dataset_id, ordinal, data, split, updated_at)"
                      " VALUES (?1, ?2, ?3, ?4, ?5)", -1, &stmt, NULL);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; ok && lines[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonObject) row = NULL;
      g_autofree char *data = NULL;
      g_autofree char *split = g_strdup ("unassigned");
      char *line = g_strstrip (lines[i]);

      if (*line == '\0')
        continue;

      ordinal++;
      row = vs_json_parse_object (line, -1, &local_error);
      if (row == NULL)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID, "%s:%u: %s", file, i + 1,
                       local_error->message);
          ok = FALSE;
          break;
        }

      if (split_column != NULL)
        {
          const char *value = vs_json_get_string (row, split_column, NULL);

          if (g_strcmp0 (value, "train") == 0 || g_strcmp0 (value, "validation") == 0 ||
              g_strcmp0 (value, "test") == 0)
            set_str (&split, value);
          json_object_remove_member (row, split_column);
        }

      {
        g_autoptr(GList) members = json_object_get_members (row);

        for (GList *l = members; l; l = l->next)
          if (!g_hash_table_contains (seen_columns, l->data))
            {
              g_hash_table_add (seen_columns, g_strdup (l->data));
              json_array_add_string_element (column_list, l->data);
            }
      }

      data = vs_json_object_to_string (row, FALSE);
      sqlite3_bind_int64 (stmt, 1, dataset_id);
      sqlite3_bind_int64 (stmt, 2, ordinal);
      sqlite3_bind_text (stmt, 3, data, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, split, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
      ok = step_done (project, stmt, error);
      for (guint s = 0; ok && s < G_N_ELEMENTS (splits); s++)
        if (g_str_equal (split, splits[s]))
          per_split[s]++;
    }
  sqlite3_finalize (stmt);
  for (guint s = 0; ok && s < G_N_ELEMENTS (splits); s++)
    ok = _vs_dataset_counts_add (db, dataset_id, splits[s], VS_DATASET_STATUS_UNREVIEWED,
                                 per_split[s], error);
  if (!ok)
    return FALSE;

  {
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

    json_node_set_array (node, column_list);
    columns = vs_json_to_string (node, FALSE);
  }
  sqlite3_prepare_v2 (db, "UPDATE datasets SET columns = ?1 WHERE id = ?2", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, columns, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, dataset_id);
  ok = step_done (project, stmt, error);
  sqlite3_finalize (stmt);

  return ok;
}

static gboolean
import_endpoint (VsProject   *project,
                 JsonObject  *spec,
                 const char  *now,
                 GError     **error)
{
  sqlite3 *db = vs_project_get_db (project);
  g_autofree char *uuid = g_uuid_string_random ();
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (vs_json_get_string (spec, "name", NULL) == NULL ||
      vs_json_get_string (spec, "base_url", NULL) == NULL)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID,
                           /* Translators: project.json is a file name; "name" and "base_url"
                            * are JSON keys, do not translate them. */
                           _("project.json: each endpoint needs a \"name\" and a "
                             "\"base_url\""));
      return FALSE;
    }

  sqlite3_prepare_v2 (db,
                      "INSERT INTO endpoints (uuid, name, kind, base_url, default_model,"
                      " concurrency, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                      -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, vs_json_get_string (spec, "name", NULL), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, vs_json_get_string (spec, "kind", "openai"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, vs_json_get_string (spec, "base_url", NULL), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, vs_json_get_string (spec, "default_model", NULL), -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, json_object_has_member (spec, "concurrency")
                               ? (int) json_object_get_int_member (spec, "concurrency") : 4);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_STATIC);
  ok = step_done (project, stmt, error);
  sqlite3_finalize (stmt);
  return ok;
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

static gboolean
do_bundle_import (VsProject   *project,
                  const char  *directory,
                  GError     **error)
{
  g_autofree char *manifest_path = NULL;
  g_autofree char *now = vs_now_iso8601 ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *manifest;
  JsonArray *array;
  const char *name;

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (directory != NULL, FALSE);

  manifest_path = g_build_filename (directory, "project.json", NULL);
  root = vs_json_load_file (manifest_path, error);
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      /* Translators: %s is a file name. */
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID, _("%s: expected a JSON object"),
                   manifest_path);
      return FALSE;
    }
  manifest = json_node_get_object (root);

  if (!vs_project_begin (project, error))
    return FALSE;

  if ((name = vs_json_get_string (manifest, "name", NULL)) != NULL &&
      !vs_project_set_name (project, name, error))
    goto failed;

  if ((array = get_array (manifest, "templates")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        const char *file = json_array_get_string_element (array, i);
        g_autofree char *path = NULL;

        if (file == NULL)
          continue;
        path = g_build_filename (directory, file, NULL);
        if (!import_template (project, path, now, error))
          goto failed;
      }

  if ((array = get_array (manifest, "datasets")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonNode *node = json_array_get_element (array, i);

        if (!JSON_NODE_HOLDS_OBJECT (node) ||
            !import_dataset (project, directory, json_node_get_object (node), now, error))
          {
            if (error && *error == NULL)
              g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                           /* Translators: project.json is a file name, datasets a JSON
                            * key; [%u] is a position in the list, counted from 0. */
                           _("project.json: datasets[%u] is not an object"), i);
            goto failed;
          }
      }

  if ((array = get_array (manifest, "endpoints")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonNode *node = json_array_get_element (array, i);

        if (!JSON_NODE_HOLDS_OBJECT (node) ||
            !import_endpoint (project, json_node_get_object (node), now, error))
          {
            if (error && *error == NULL)
              g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                           /* Translators: project.json is a file name, endpoints a JSON
                            * key; [%u] is a position in the list, counted from 0. */
                           _("project.json: endpoints[%u] is not an object"), i);
            goto failed;
          }
      }

  {
    static const char * const sections[] = { "snapshots", "finetunes", "evaluations" };

    for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
      if ((array = get_array (manifest, sections[s])) != NULL)
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode *node = json_array_get_element (array, i);
            JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node)
                                                               : NULL;
            gboolean ok = object != NULL &&
                          (s == 0 ? _vs_bundle_import_snapshot (project, object, now, error)
                           : s == 1 ? _vs_bundle_import_finetune (project, directory, object,
                                                                  now, error)
                                    : _vs_bundle_import_evaluation (project, directory,
                                                                    object, now, error));

            if (!ok)
              {
                if (error && *error == NULL)
                  g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                               /* Translators: project.json is a file name, %s a JSON key;
                                * [%u] is a position in the list, counted from 0. */
                               _("project.json: %s[%u] is not an object"), sections[s], i);
                goto failed;
              }
          }
  }

  if (!vs_project_commit (project, error))
    return FALSE;

  vs_project_emit_changed (project, "templates");
  vs_project_emit_changed (project, "datasets");
  vs_project_emit_changed (project, "endpoints");
  vs_project_emit_changed (project, "snapshots");
  vs_project_emit_changed (project, "finetune_jobs");
  vs_project_emit_changed (project, "runs");
  return TRUE;

failed:
  vs_project_rollback (project);
  return FALSE;
}

typedef struct
{
  VsProject *project;
  const char *directory;
} BundleImportCall;

static gboolean
bundle_import_job (VsWriteContext  *ctx,
                   gpointer         data,
                   GError         **error)
{
  BundleImportCall *c = data;

  return do_bundle_import (c->project, c->directory, error);
}

gboolean
vs_bundle_import (VsProject   *project,
                  const char  *directory,
                  GError     **error)
{
  BundleImportCall c = { project, directory };

  return _vs_project_write (project, bundle_import_job, &c, error);
}
