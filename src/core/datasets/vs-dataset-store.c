/* vs-dataset-store.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dataset store's reads, on the project's main connection. Counts read `dataset_counts`
 * (schema v3), which inserts keep through _vs_dataset_counts_add() and triggers keep for
 * edits and deletions, so nothing here scans a dataset's records.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "vs-dataset-store-private.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-writer-private.h"

static const char * const split_names[] = {
  VS_DATASET_SPLIT_UNASSIGNED, VS_DATASET_SPLIT_TRAIN, VS_DATASET_SPLIT_VALIDATION,
  VS_DATASET_SPLIT_TEST,
};
static const char * const status_names[] = {
  VS_DATASET_STATUS_UNREVIEWED, VS_DATASET_STATUS_ACCEPTED, VS_DATASET_STATUS_REJECTED,
};

struct _VsDatasetCounts
{
  gint64 n[G_N_ELEMENTS (split_names)][G_N_ELEMENTS (status_names)];
};

static int
name_index (const char * const *names,
            guint               n_names,
            const char         *name)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (names[i], name) == 0)
      return (int) i;
  return -1;
}

/* Counts */

void
vs_dataset_counts_free (VsDatasetCounts *counts)
{
  g_free (counts);
}

gint64
vs_dataset_counts_get (const VsDatasetCounts *counts,
                       const char            *split,
                       const char            *status)
{
  int split_index = -1, status_index = -1;
  gint64 total = 0;

  g_return_val_if_fail (counts != NULL, 0);

  if (split != NULL &&
      (split_index = name_index (split_names, G_N_ELEMENTS (split_names), split)) < 0)
    return 0;
  if (status != NULL &&
      (status_index = name_index (status_names, G_N_ELEMENTS (status_names), status)) < 0)
    return 0;

  for (guint i = 0; i < G_N_ELEMENTS (split_names); i++)
    for (guint j = 0; j < G_N_ELEMENTS (status_names); j++)
      if ((split_index < 0 || (guint) split_index == i) &&
          (status_index < 0 || (guint) status_index == j))
        total += counts->n[i][j];
  return total;
}

VsDatasetCounts *
vs_dataset_store_get_counts (VsProject  *project,
                             gint64      dataset_id,
                             GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(VsDatasetCounts) counts = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The dataset row first, so that a missing dataset is told from an empty one. */
  stmt = _vs_project_prepare (project,
                  "SELECT c.split, c.status, c.n FROM datasets d"
                  " LEFT JOIN dataset_counts c ON c.dataset_id = d.id WHERE d.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, dataset_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int i, j;

      if (counts == NULL)
        counts = g_new0 (VsDatasetCounts, 1);
      if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
        continue;
      i = name_index (split_names, G_N_ELEMENTS (split_names),
                      (const char *) sqlite3_column_text (stmt, 0));
      j = name_index (status_names, G_N_ELEMENTS (status_names),
                      (const char *) sqlite3_column_text (stmt, 1));
      if (i >= 0 && j >= 0)
        counts->n[i][j] = sqlite3_column_int64 (stmt, 2);
    }
  if (rc != SQLITE_DONE)
    {
      vs_project_set_error_from_db (project, error);
      return NULL;
    }
  if (counts == NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND,
                   _("There is no dataset %" PRId64), dataset_id);
      return NULL;
    }
  return g_steal_pointer (&counts);
}

gboolean
_vs_dataset_counts_add (sqlite3     *db,
                        gint64       dataset_id,
                        const char  *split,
                        const char  *status,
                        gint64       delta,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (split != NULL && status != NULL, FALSE);

  if (delta == 0)
    return TRUE;

  if (sqlite3_prepare_v2 (db,
                          "INSERT INTO dataset_counts (dataset_id, split, status, n)"
                          " VALUES (?1, ?2, ?3, ?4)"
                          " ON CONFLICT DO UPDATE SET n = n + excluded.n",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, dataset_id);
      sqlite3_bind_text (stmt, 2, split, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, status, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, delta);
      if (sqlite3_step (stmt) == SQLITE_DONE)
        return TRUE;
    }

  /* Translators: %s is the database's description of the error. */
  g_set_error (error, VS_ERROR, VS_ERROR_IO, _("Could not count the records of dataset %"
               PRId64 ": %s"), dataset_id, sqlite3_errmsg (db));
  return FALSE;
}

/* Datasets */

void
vs_dataset_info_free (VsDatasetInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->format);
  g_free (info->source_path);
  g_strfreev (info->columns);
  g_free (info->created_at);
  g_free (info->import_state);
  g_free (info);
}

void
vs_dataset_name_free (VsDatasetName *name)
{
  if (name == NULL)
    return;
  g_free (name->name);
  g_free (name);
}

static char **
parse_columns (const char *text)
{
  g_autoptr(JsonNode) node = text ? vs_json_parse (text, -1, NULL) : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) &&
              json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
    }
  return g_strv_builder_end (builder);
}

GPtrArray *
vs_dataset_list (VsProject  *project,
                 GError    **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _vs_project_prepare (project,
                  "SELECT d.id, d.name, d.source_format, d.source_path, d.columns,"
                  " d.created_at,"
                  " (SELECT coalesce(sum(c.n), 0) FROM dataset_counts c"
                  "   WHERE c.dataset_id = d.id),"
                  " (SELECT count(*) FROM import_problems p WHERE p.dataset_id = d.id),"
                  " d.settings ->> '$.import.state',"
                  " (SELECT count(*) FROM snapshots s WHERE s.dataset_id = d.id)"
                  " FROM datasets d ORDER BY d.id", error);
  if (stmt == NULL)
    return NULL;

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_dataset_info_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VsDatasetInfo *info = g_new0 (VsDatasetInfo, 1);

      info->id = sqlite3_column_int64 (stmt, 0);
      info->name = _vs_sql_dup_text (stmt, 1);
      info->format = _vs_sql_dup_text (stmt, 2);
      info->source_path = _vs_sql_dup_text (stmt, 3);
      info->columns = parse_columns ((const char *) sqlite3_column_text (stmt, 4));
      info->created_at = _vs_sql_dup_text (stmt, 5);
      info->n_records = sqlite3_column_int64 (stmt, 6);
      info->n_problems = sqlite3_column_int64 (stmt, 7);
      info->import_state = _vs_sql_dup_text (stmt, 8);
      info->n_snapshots = sqlite3_column_int64 (stmt, 9);
      g_ptr_array_add (list, info);
    }
  if (rc != SQLITE_DONE)
    {
      vs_project_set_error_from_db (project, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gpointer
problem_from_row (sqlite3_stmt *stmt)
{
  VsDatasetProblem *problem = g_new0 (VsDatasetProblem, 1);

  problem->ordinal = sqlite3_column_int64 (stmt, 0);
  problem->line = sqlite3_column_int64 (stmt, 1);
  problem->column = sqlite3_column_int64 (stmt, 2);
  problem->key = _vs_sql_dup_text (stmt, 3);
  problem->message = _vs_sql_dup_text (stmt, 4);
  return problem;
}

GPtrArray *
vs_dataset_get_import_problems (VsProject  *project,
                                gint64      dataset_id,
                                guint       limit,
                                GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _vs_project_prepare (project,
                  "SELECT ordinal, line, col, key, message FROM import_problems"
                  " WHERE dataset_id = ?1 ORDER BY id LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);

  return _vs_project_collect (project, g_steal_pointer (&stmt), problem_from_row,
                              (GDestroyNotify) vs_dataset_problem_free, error);
}

GPtrArray *
vs_dataset_store_list_names (VsProject  *project,
                             GError    **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _vs_project_prepare (project, "SELECT id, name FROM datasets ORDER BY name COLLATE NOCASE, id",
                  error);
  if (stmt == NULL)
    return NULL;

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_dataset_name_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VsDatasetName *name = g_new0 (VsDatasetName, 1);

      name->id = sqlite3_column_int64 (stmt, 0);
      name->name = _vs_sql_dup_text (stmt, 1);
      g_ptr_array_add (list, name);
    }
  if (rc != SQLITE_DONE)
    {
      vs_project_set_error_from_db (project, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

gint64
vs_dataset_store_find (VsProject  *project,
                       const char *name)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), 0);

  if (name == NULL)
    return 0;
  stmt = _vs_project_prepare (project, "SELECT id FROM datasets WHERE name = ?1", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  return 0;
}

gint64
vs_dataset_store_resolve (VsProject   *project,
                          const char  *name_or_id,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id = 0;
  char *end = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), 0);
  g_return_val_if_fail (name_or_id != NULL, 0);

  if (g_ascii_isdigit (*name_or_id))
    {
      id = g_ascii_strtoll (name_or_id, &end, 10);
      if (*end != '\0')
        id = 0;
    }
  /* A name first: a dataset may well be called "2024". */
  stmt = _vs_project_prepare (project,
                              "SELECT id FROM datasets WHERE name = ?1 OR id = ?2"
                              " ORDER BY name = ?1 DESC LIMIT 1", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name_or_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND,
               _("The project has no dataset called “%s”"), name_or_id);
  return 0;
}

char *
_vs_dataset_unique_name (sqlite3     *db,
                         const char  *name,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *candidate = g_strdup (name);
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT 1 FROM datasets WHERE name = ?1", -1, &stmt, NULL);
  for (int n = 2; rc == SQLITE_OK; n++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, candidate, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        return g_steal_pointer (&candidate);
      if (rc != SQLITE_ROW)
        break;
      rc = SQLITE_OK;
      g_free (candidate);
      candidate = g_strdup_printf ("%s %d", name, n);
    }
  g_set_error (error, VS_ERROR, VS_ERROR_IO, "%s", sqlite3_errmsg (db));
  return NULL;
}

gboolean
vs_dataset_store_get_ordinal_range (VsProject  *project,
                                    gint64      dataset_id,
                                    gint64     *first,
                                    gint64     *last,
                                    GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (first != NULL)
    *first = 0;
  if (last != NULL)
    *last = 0;

  /* Two lookups at the ends of the (dataset_id, ordinal) index. */
  stmt = _vs_project_prepare (project,
                  "SELECT (SELECT min(ordinal) FROM records WHERE dataset_id = ?1),"
                  " (SELECT max(ordinal) FROM records WHERE dataset_id = ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return vs_project_set_error_from_db (project, error);
  if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      if (first != NULL)
        *first = sqlite3_column_int64 (stmt, 0);
      if (last != NULL)
        *last = sqlite3_column_int64 (stmt, 1);
    }
  return TRUE;
}

JsonObject *
vs_dataset_store_get_record_data (VsProject  *project,
                                  gint64      dataset_id,
                                  gint64      ordinal,
                                  GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _vs_project_prepare (project, "SELECT data FROM records WHERE dataset_id = ?1 AND ordinal = ?2",
                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  sqlite3_bind_int64 (stmt, 2, ordinal);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return vs_json_parse_object ((const char *) sqlite3_column_text (stmt, 0),
                                 sqlite3_column_bytes (stmt, 0), error);
  if (rc != SQLITE_DONE)
    {
      vs_project_set_error_from_db (project, error);
      return NULL;
    }
  g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND, _("The dataset has no row %" PRId64),
               ordinal);
  return NULL;
}

GArray *
vs_dataset_store_list_ordinals (VsProject   *project,
                                gint64       dataset_id,
                                const char  *split,
                                gboolean     skip_rejected,
                                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) ordinals = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Separate texts, so that an assigned split uses the partial (dataset_id, split, ordinal)
   * index, whose condition the query must repeat. */
  stmt = _vs_project_prepare (project,
                  split != NULL && g_strcmp0 (split, "unassigned") != 0
                  ? "SELECT ordinal FROM records WHERE dataset_id = ?1 AND split = ?2"
                    " AND split != 'unassigned'"
                    " AND (NOT ?3 OR status != 'rejected') ORDER BY ordinal"
                  : split != NULL
                  ? "SELECT ordinal FROM records WHERE dataset_id = ?1 AND split = ?2"
                    " AND (NOT ?3 OR status != 'rejected') ORDER BY ordinal"
                  : "SELECT ordinal FROM records WHERE dataset_id = ?1"
                    " AND (NOT ?3 OR status != 'rejected') ORDER BY ordinal", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  if (split != NULL)
    sqlite3_bind_text (stmt, 2, split, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, skip_rejected ? 1 : 0);

  ordinals = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 ordinal = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ordinals, ordinal);
    }
  if (rc != SQLITE_DONE)
    {
      vs_project_set_error_from_db (project, error);
      return NULL;
    }
  return g_steal_pointer (&ordinals);
}

/* ---- Writes ----------------------------------------------------------------------- */

typedef struct
{
  gint64              dataset_id;
  GArray             *ordinals;
  const char * const *splits;
  GPtrArray          *previous;   /* char*, filled by the job */
} SplitsWrite;

static gboolean
is_split_name (const char *name)
{
  return g_strcmp0 (name, VS_DATASET_SPLIT_TRAIN) == 0 ||
         g_strcmp0 (name, VS_DATASET_SPLIT_VALIDATION) == 0 ||
         g_strcmp0 (name, VS_DATASET_SPLIT_TEST) == 0 ||
         g_strcmp0 (name, VS_DATASET_SPLIT_UNASSIGNED) == 0;
}

static gboolean
set_splits_job (VsWriteContext  *ctx,
                gpointer         data,
                GError         **error)
{
  SplitsWrite *w = data;
  sqlite3_stmt *get;
  sqlite3_stmt *set;

  /* By (dataset_id, ordinal): the UNIQUE index; no split condition is involved. */
  get = _vs_write_context_prepare (ctx, "SELECT split FROM records"
                                   " WHERE dataset_id = ?1 AND ordinal = ?2", error);
  if (get == NULL)
    return FALSE;
  for (guint i = 0; i < w->ordinals->len; i++)
    {
      gint64 ordinal = g_array_index (w->ordinals, gint64, i);
      int rc;

      sqlite3_reset (get);
      sqlite3_bind_int64 (get, 1, w->dataset_id);
      sqlite3_bind_int64 (get, 2, ordinal);
      rc = sqlite3_step (get);
      if (rc == SQLITE_DONE)
        {
          sqlite3_reset (get);
          g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND,
                       _("The dataset has no record %" PRId64), ordinal);
          return FALSE;
        }
      if (rc != SQLITE_ROW)
        return _vs_write_context_set_error (ctx, error);
      g_ptr_array_add (w->previous, g_strdup ((const char *) sqlite3_column_text (get, 0)));
    }
  sqlite3_reset (get);

  set = _vs_write_context_prepare (ctx, "UPDATE records SET split = ?3"
                                   " WHERE dataset_id = ?1 AND ordinal = ?2", error);
  if (set == NULL)
    return FALSE;
  for (guint i = 0; i < w->ordinals->len; i++)
    {
      sqlite3_reset (set);
      sqlite3_bind_int64 (set, 1, w->dataset_id);
      sqlite3_bind_int64 (set, 2, g_array_index (w->ordinals, gint64, i));
      sqlite3_bind_text (set, 3, w->splits[i], -1, SQLITE_STATIC);
      if (sqlite3_step (set) != SQLITE_DONE)
        return _vs_write_context_set_error (ctx, error);
    }
  sqlite3_reset (set);

  _vs_write_context_note (ctx, "records", VS_CHANGE_UPDATE, w->dataset_id, -1);
  _vs_write_context_note (ctx, "datasets", VS_CHANGE_UPDATE, -1, w->dataset_id);
  return TRUE;
}

gboolean
vs_dataset_store_set_splits (VsProject           *project,
                             gint64               dataset_id,
                             GArray              *ordinals,
                             const char * const  *splits,
                             char              ***previous,
                             GError             **error)
{
  g_autoptr(GPtrArray) before = NULL;
  SplitsWrite w = { 0 };

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (ordinals != NULL, FALSE);
  g_return_val_if_fail (splits != NULL || ordinals->len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < ordinals->len; i++)
    if (!is_split_name (splits[i]))
      {
        g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                     _("“%s” is not a split (train, validation, test or unassigned)"),
                     splits[i] ? splits[i] : "");
        return FALSE;
      }
  if (vs_project_get_writer (project) == NULL)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_FAILED,
                           _("The project is open read-only"));
      return FALSE;
    }

  before = g_ptr_array_new_with_free_func (g_free);
  w.dataset_id = dataset_id;
  w.ordinals = ordinals;
  w.splits = splits;
  w.previous = before;
  if (ordinals->len > 0 &&
      !_vs_writer_run_in_order (vs_project_get_writer (project), set_splits_job, &w, error))
    return FALSE;
  if (previous != NULL)
    {
      g_ptr_array_add (before, NULL);
      *previous = (char **) g_ptr_array_steal (before, NULL);
    }
  return TRUE;
}
