/* vs-eval-case-load.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A case's trials in one query over the (run_id, case) results with their scores; the input
 * row comes from the run's snapshot, the expected answer from the stored spec's "expected"
 * column.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "vs-error.h"
#include "vs-dataset-snapshot-private.h"
#include "vs-eval-case-load.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-run-store.h"

/* clang-format off */
#define CASE_SQL \
  "SELECT c.label, r.sample_index, r.state, r.output, r.error, r.latency_ms," \
  " (SELECT min(pass) FROM scores WHERE result_id = r.id)," \
  " (SELECT json_group_object(metric, value) FROM scores WHERE result_id = r.id)," \
  " " VS_SNAPSHOT_DATA_SQL ("s", "r.record_id") \
  " FROM results r JOIN contenders c ON c.id = r.contender_id" \
  " LEFT JOIN runs ON runs.id = r.run_id" \
  " LEFT JOIN snapshots s ON s.id = runs.snapshot_id" \
  " WHERE r.run_id = ?1 AND r.case_ordinal = ?2 AND r.state != 'pending'" \
  " ORDER BY c.position, r.sample_index"
/* clang-format on */

/* The spec's "expected" column of @example, as text. */
static void
set_expected (JsonObject *out,
              const char *spec_text,
              JsonObject *example)
{
  g_autoptr(JsonObject) spec = spec_text ? vs_json_parse_object (spec_text, -1, NULL) : NULL;
  const char *column = spec && json_object_has_member (spec, "expected")
                       && JSON_NODE_HOLDS_VALUE (json_object_get_member (spec, "expected"))
                       ? json_object_get_string_member (spec, "expected") : NULL;
  JsonNode *value = column && example ? json_object_get_member (example, column) : NULL;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    json_object_set_null_member (out, "expected");
  else if (json_node_get_value_type (value) == G_TYPE_STRING)
    json_object_set_string_member (out, "expected", json_node_get_string (value));
  else
    {
      g_autofree char *text = vs_json_to_string (value, FALSE);

      json_object_set_string_member (out, "expected", text);
    }
}

static void
set_text (JsonObject   *object,
          const char   *member,
          sqlite3_stmt *stmt,
          int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_object_set_null_member (object, member);
  else
    json_object_set_string_member (object, member, (const char *) sqlite3_column_text (stmt,
                                                                                     column));
}

JsonObject *
vs_eval_case_load (VsProject  *project,
                   gint64      run_id,
                   gint64      case_ordinal,
                   GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonObject) out = json_object_new ();
  g_autofree char *spec_text = NULL;
  JsonArray *trials = json_array_new ();
  gboolean have_input = FALSE;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  json_object_set_int_member (out, "case", case_ordinal);
  json_object_set_array_member (out, "trials", trials);
  spec_text = vs_run_store_dup_spec (project, run_id, NULL);
  stmt = _vs_project_prepare (project, CASE_SQL, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, case_ordinal);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) trial = json_object_new ();
      const char *state = (const char *) sqlite3_column_text (stmt, 2);
      const char *scores = (const char *) sqlite3_column_text (stmt, 7);
      g_autoptr(JsonObject) score_object = scores ? vs_json_parse_object (scores, -1, NULL)
                                                  : NULL;
      gboolean is_error = g_strcmp0 (state, "ok") != 0;

      if (!have_input)
        {
          const char *example = (const char *) sqlite3_column_text (stmt, 8);
          g_autoptr(JsonObject) row = example ? vs_json_parse_object (example, -1, NULL) : NULL;

          if (row != NULL)
            json_object_set_object_member (out, "input", json_object_ref (row));
          else
            json_object_set_null_member (out, "input");
          set_expected (out, spec_text, row);
          have_input = TRUE;
        }
      set_text (trial, "contender", stmt, 0);
      json_object_set_int_member (trial, "repeat", sqlite3_column_int (stmt, 1));
      json_object_set_string_member (trial, "state", state ? state : "error");
      set_text (trial, "output", stmt, 3);
      if (is_error)
        json_object_set_null_member (trial, "passed");
      else
        json_object_set_boolean_member (trial, "passed",
                                        sqlite3_column_type (stmt, 6) == SQLITE_NULL ||
                                          sqlite3_column_int (stmt, 6) != 0);
      set_text (trial, "error", stmt, 4);
      json_object_set_object_member (trial, "scores", score_object
                                                      ? json_object_ref (score_object)
                                                      : json_object_new ());
      if (sqlite3_column_type (stmt, 5) == SQLITE_NULL)
        json_object_set_null_member (trial, "latency_ms");
      else
        json_object_set_double_member (trial, "latency_ms", sqlite3_column_double (stmt, 5));
      json_array_add_object_element (trials, g_steal_pointer (&trial));
    }
  if (rc != SQLITE_DONE)
    {
      vs_project_set_error_from_db (project, error);
      return NULL;
    }
  if (!have_input)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND,
                   _("Run %" PRId64 " has no answers for case %" PRId64), run_id, case_ordinal);
      return NULL;
    }
  return g_steal_pointer (&out);
}
