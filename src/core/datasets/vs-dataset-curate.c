/* vs-dataset-curate.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every curation edit is first written to `record_edits` (one row per record and field), and
 * the records then take their values from those rows: the change is the id range of its edit
 * rows. Undo writes the inverse edits (old value = what the record holds now, new value = the
 * first old value in the range) and applies them the same way, so an undo is itself a change
 * that can be undone. The records a bulk change targets are gathered in temp.curate_target
 * on the writer's connection, so a change over a million records stays set-based SQL.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vs-dataset-curate.h"
#include "vs-dataset-mapping.h"
#include "vs-dataset-store-private.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-record-model-private.h"
#include "vs-tokenizer.h"
#include "vs-writer-private.h"

/* A commit announces at most this many record ids; beyond, a view reloads. */
#define MAX_NOTED_IDS 4096

/* The fields a curation edit may change, with how a stored text value becomes the column's
 * value again. */
static const struct
{
  const char *field;
  gboolean    integer;  /* stored as text in record_edits, an INTEGER in records */
} fields[] = {
  { "status", FALSE },
  { "split", FALSE },
  { "rating", TRUE },
  { "tags", FALSE },
  { "example", FALSE },
  { "data", FALSE },
};

/* ------------------------------------------------------------------------------------------ */
/* Targets and changes */

struct _VsCurateTarget
{
  GArray        *ids;     /* gint64, or NULL for a query */
  VsRecordQuery *query;
  GArray        *except;  /* gint64 */
};

VsCurateTarget *
vs_curate_target_new_ids (const gint64 *ids,
                          guint         n_ids)
{
  VsCurateTarget *target = g_new0 (VsCurateTarget, 1);

  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  target->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  g_array_append_vals (target->ids, ids, n_ids);
  return target;
}

VsCurateTarget *
vs_curate_target_new_query (const VsRecordQuery *query,
                            GArray              *except)
{
  VsCurateTarget *target = g_new0 (VsCurateTarget, 1);

  g_return_val_if_fail (query != NULL, NULL);

  target->query = vs_record_query_copy (query);
  target->except = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (except != NULL)
    g_array_append_vals (target->except, except->data, except->len);
  return target;
}

static VsCurateTarget *
target_copy (const VsCurateTarget *target)
{
  if (target->ids != NULL)
    return vs_curate_target_new_ids ((const gint64 *) target->ids->data, target->ids->len);
  return vs_curate_target_new_query (target->query, target->except);
}

void
vs_curate_target_free (VsCurateTarget *target)
{
  if (target == NULL)
    return;
  g_clear_pointer (&target->ids, g_array_unref);
  g_clear_pointer (&target->query, vs_record_query_free);
  g_clear_pointer (&target->except, g_array_unref);
  g_free (target);
}

typedef enum
{
  CHANGE_EDITS,    /* record_edits first_edit … last_edit */
  CHANGE_DELETE,   /* rows kept in temp.trash_*_N */
  CHANGE_RESTORE,  /* @ids came back from a deletion */
} ChangeKind;

struct _VsCurateChange
{
  gatomicrefcount  ref;
  ChangeKind       kind;
  gint64           dataset_id;
  gint64           n_records;
  gint64           first_edit;
  gint64           last_edit;
  guint            trash;
  GArray          *ids;
};

G_DEFINE_BOXED_TYPE (VsCurateChange, vs_curate_change, vs_curate_change_ref,
                     vs_curate_change_unref)

static VsCurateChange *
change_new (ChangeKind kind,
            gint64     dataset_id)
{
  VsCurateChange *change = g_new0 (VsCurateChange, 1);

  g_atomic_ref_count_init (&change->ref);
  change->kind = kind;
  change->dataset_id = dataset_id;
  return change;
}

VsCurateChange *
vs_curate_change_ref (VsCurateChange *change)
{
  g_return_val_if_fail (change != NULL, NULL);
  g_atomic_ref_count_inc (&change->ref);
  return change;
}

void
vs_curate_change_unref (VsCurateChange *change)
{
  g_return_if_fail (change != NULL);
  if (!g_atomic_ref_count_dec (&change->ref))
    return;
  g_clear_pointer (&change->ids, g_array_unref);
  g_free (change);
}

gint64
vs_curate_change_get_dataset_id (VsCurateChange *change)
{
  g_return_val_if_fail (change != NULL, 0);
  return change->dataset_id;
}

gint64
vs_curate_change_get_n_records (VsCurateChange *change)
{
  g_return_val_if_fail (change != NULL, 0);
  return change->n_records;
}

gboolean
vs_curate_change_is_delete (VsCurateChange *change)
{
  g_return_val_if_fail (change != NULL, FALSE);
  return change->kind == CHANGE_DELETE;
}

/* ------------------------------------------------------------------------------------------ */
/* Checks of one example */

/* "line 12: the message…" → "the message…" */
static const char *
strip_line (const char *message)
{
  const char *colon = message != NULL ? strstr (message, ": ") : NULL;

  if (colon == NULL || g_ascii_strncasecmp (message, "line", 4) != 0)
    return message;
  return colon + 2;
}

GPtrArray *
vs_dataset_curate_check_example (JsonObject *example,
                                 gint64     *tokens)
{
  g_autoptr(VsDatasetValidator) validator = NULL;
  GPtrArray *checks = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_dataset_check_free);
  GPtrArray *found;

  if (tokens != NULL)
    *tokens = -1;
  g_return_val_if_fail (example != NULL, checks);

  validator = vs_dataset_validator_new (NULL, VS_DATASET_TOKEN_LIMIT_DEFAULT);
  vs_dataset_validator_set_duplicate_checks (validator, FALSE, 0);
  vs_dataset_validator_add_example (validator, 1, example);
  found = vs_dataset_validator_get_problems (validator);
  for (guint i = 0; i < found->len; i++)
    {
      VsDatasetCheck *check = g_ptr_array_index (found, i);
      VsDatasetCheck *copy = g_new0 (VsDatasetCheck, 1);

      copy->line = check->line;
      copy->key = g_strdup (check->key);
      copy->message = g_strdup (strip_line (check->message));
      copy->is_error = check->is_error;
      g_ptr_array_add (checks, copy);
    }

  if (tokens != NULL && json_object_has_member (example, "messages") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (example, "messages")))
    {
      VsTokenizer *tokenizer = vs_tokenizer_get_for_encoding (VS_ENCODING_O200K_BASE);
      gssize n = vs_tokenizer_count_chat (tokenizer,
                                          json_object_get_array_member (example, "messages"),
                                          NULL);

      *tokens = n >= 0 ? n : -1;
    }
  return checks;
}

/* `records.problems` for @example text: [{"key", "message", "error"}, …]. */
static char *
problems_json (const char *example_text,
               gint64     *tokens)
{
  g_autoptr(JsonObject) example = example_text ? vs_json_parse_object (example_text, -1, NULL)
                                               : NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  *tokens = -1;
  if (example == NULL)
    return g_strdup ("[]");
  checks = vs_dataset_curate_check_example (example, tokens);
  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < checks->len; i++)
    {
      VsDatasetCheck *check = g_ptr_array_index (checks, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, check->key);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, check->message);
      json_builder_set_member_name (builder, "error");
      json_builder_add_boolean_value (builder, check->is_error);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return vs_json_to_string (root, FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* Inside write jobs */

static gboolean
exec (VsWriteContext  *ctx,
      const char      *sql,
      GError         **error)
{
  if (sqlite3_exec (_vs_write_context_get_db (ctx), sql, NULL, NULL, NULL) != SQLITE_OK)
    return _vs_write_context_set_error (ctx, error);
  return TRUE;
}

/* A statement that is not cached: it names a table that comes and goes. */
static sqlite3_stmt *
prepare_once (VsWriteContext  *ctx,
              const char      *sql,
              GError         **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (_vs_write_context_get_db (ctx), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _vs_write_context_set_error (ctx, error);
      return NULL;
    }
  return stmt;
}

static gboolean
step_done (VsWriteContext  *ctx,
           sqlite3_stmt    *stmt,
           GError         **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  return TRUE;
}

static gint64
query_int (VsWriteContext *ctx,
           sqlite3_stmt   *stmt)
{
  gint64 value = -1;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static gint64
last_edit_id (VsWriteContext  *ctx,
              GError         **error)
{
  sqlite3_stmt *stmt = _vs_write_context_prepare (ctx, "SELECT coalesce(max(id), 0)"
                                                  " FROM record_edits", error);

  return stmt != NULL ? query_int (ctx, stmt) : -1;
}

/* Fills temp.curate_target with the dataset's records that @target names. */
static gboolean
fill_target (VsWriteContext        *ctx,
             gint64                 dataset_id,
             const VsCurateTarget  *target,
             GError               **error)
{
  sqlite3_stmt *stmt;

  if (!exec (ctx, "CREATE TEMP TABLE IF NOT EXISTS curate_target (id INTEGER PRIMARY KEY);"
                  "DELETE FROM temp.curate_target;", error))
    return FALSE;

  if (target->ids != NULL)
    {
      stmt = _vs_write_context_prepare (ctx, "INSERT OR IGNORE INTO temp.curate_target (id)"
                                        " SELECT id FROM records"
                                        " WHERE id = ?1 AND dataset_id = ?2", error);
      if (stmt == NULL)
        return FALSE;
      for (guint i = 0; i < target->ids->len; i++)
        {
          sqlite3_bind_int64 (stmt, 1, g_array_index (target->ids, gint64, i));
          sqlite3_bind_int64 (stmt, 2, dataset_id);
          if (!step_done (ctx, stmt, error))
            return FALSE;
        }
      return TRUE;
    }

  {
    /* The table's filter, as the table selects its rows (search included). */
    g_autoptr(GString) sql = g_string_new ("INSERT INTO temp.curate_target (id)"
                                           " SELECT records.id FROM records"
                                           " WHERE records.dataset_id = ?1");
    g_autoptr(sqlite3_stmt) query = NULL;

    _vs_record_query_append_conditions (sql, target->query, TRUE);
    if ((query = prepare_once (ctx, sql->str, error)) == NULL)
      return FALSE;
    _vs_record_query_bind (query, dataset_id, target->query);
    if (!step_done (ctx, query, error))
      return FALSE;
  }

  stmt = _vs_write_context_prepare (ctx, "DELETE FROM temp.curate_target WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < target->except->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, g_array_index (target->except, gint64, i));
      if (!step_done (ctx, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Announces the records of @sql (one id column, bound to nothing) as @kind. */
static void
note_records (VsWriteContext *ctx,
              gint64          dataset_id,
              VsChangeKind    kind,
              sqlite3_stmt   *ids)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (gint64));

  while (sqlite3_step (ids) == SQLITE_ROW && found->len <= MAX_NOTED_IDS)
    {
      gint64 id = sqlite3_column_int64 (ids, 0);

      g_array_append_val (found, id);
    }
  sqlite3_reset (ids);
  if (found->len > MAX_NOTED_IDS)
    _vs_write_context_note (ctx, "records", kind, dataset_id, -1);
  else
    for (guint i = 0; i < found->len; i++)
      _vs_write_context_note (ctx, "records", kind, dataset_id,
                              g_array_index (found, gint64, i));
  /* Counts per split and status follow records. */
  _vs_write_context_note (ctx, "datasets", VS_CHANGE_UPDATE, 0, dataset_id);
}

/* The checks of the records whose example the edits @first … @last changed. */
static gboolean
revalidate (VsWriteContext  *ctx,
            gint64           first,
            gint64           last,
            GError         **error)
{
  sqlite3_stmt *read = _vs_write_context_prepare (ctx, "SELECT id, example FROM records"
                                                  " WHERE id IN (SELECT record_id"
                                                  "  FROM record_edits WHERE id BETWEEN ?1 AND ?2"
                                                  "  AND field = 'example')", error);
  sqlite3_stmt *write;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  if (read == NULL)
    return FALSE;
  sqlite3_bind_int64 (read, 1, first);
  sqlite3_bind_int64 (read, 2, last);
  while (sqlite3_step (read) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (read, 0);

      g_array_append_val (ids, id);
      g_ptr_array_add (texts, _vs_sql_dup_text (read, 1));
    }
  sqlite3_reset (read);

  write = _vs_write_context_prepare (ctx, "UPDATE records SET problems = ?2, tokens = ?3"
                                     " WHERE id = ?1", error);
  if (write == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 tokens;
      g_autofree char *problems = problems_json (g_ptr_array_index (texts, i), &tokens);

      sqlite3_bind_int64 (write, 1, g_array_index (ids, gint64, i));
      sqlite3_bind_text (write, 2, problems, -1, SQLITE_TRANSIENT);
      if (tokens >= 0)
        sqlite3_bind_int64 (write, 3, tokens);
      else
        sqlite3_bind_null (write, 3);
      if (!step_done (ctx, write, error))
        return FALSE;
    }
  return TRUE;
}

/* Gives every record that edits @first … @last touched their last new value per field. */
static gboolean
apply_edits (VsWriteContext  *ctx,
             gint64           dataset_id,
             gint64           first,
             gint64           last,
             GError         **error)
{
  g_autofree char *now = vs_now_iso8601 ();
  sqlite3_stmt *ids;

  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    {
      const char *value = fields[f].integer ? "CAST(e.new_value AS INTEGER)" : "e.new_value";
      g_autofree char *sql = g_strdup_printf ("UPDATE records SET %s = (SELECT %s"
                                              "  FROM record_edits e"
                                              "  WHERE e.record_id = records.id"
                                              "  AND e.field = '%s' AND e.id BETWEEN ?1 AND ?2"
                                              "  ORDER BY e.id DESC LIMIT 1), updated_at = ?3"
                                              " WHERE id IN (SELECT record_id FROM record_edits"
                                              "  WHERE id BETWEEN ?1 AND ?2 AND field = '%s')",
                                              fields[f].field, value, fields[f].field,
                                              fields[f].field);
      sqlite3_stmt *stmt = _vs_write_context_prepare (ctx, sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, first);
      sqlite3_bind_int64 (stmt, 2, last);
      sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
      if (!step_done (ctx, stmt, error))
        return FALSE;
    }
  if (!revalidate (ctx, first, last, error))
    return FALSE;

  ids = _vs_write_context_prepare (ctx, "SELECT DISTINCT record_id FROM record_edits"
                                   " WHERE id BETWEEN ?1 AND ?2 ORDER BY 1", error);
  if (ids == NULL)
    return FALSE;
  sqlite3_bind_int64 (ids, 1, first);
  sqlite3_bind_int64 (ids, 2, last);
  note_records (ctx, dataset_id, VS_CHANGE_UPDATE, ids);
  return TRUE;
}

/* After edits were inserted past @before: the change, applied. */
static VsCurateChange *
finish_edits (VsWriteContext  *ctx,
              gint64           dataset_id,
              gint64           before,
              GError         **error)
{
  g_autoptr(VsCurateChange) change = change_new (CHANGE_EDITS, dataset_id);
  sqlite3_stmt *count;
  gint64 last = last_edit_id (ctx, error);

  if (last < 0)
    return NULL;
  change->first_edit = before + 1;
  change->last_edit = last;
  if (last <= before)
    return g_steal_pointer (&change);

  count = _vs_write_context_prepare (ctx, "SELECT count(DISTINCT record_id) FROM record_edits"
                                     " WHERE id BETWEEN ?1 AND ?2", error);
  if (count == NULL)
    return NULL;
  sqlite3_bind_int64 (count, 1, change->first_edit);
  sqlite3_bind_int64 (count, 2, change->last_edit);
  change->n_records = query_int (ctx, count);
  if (!apply_edits (ctx, dataset_id, change->first_edit, change->last_edit, error))
    return NULL;
  return g_steal_pointer (&change);
}

/* Edits of one field for the target records whose value would change. @new_expr is SQL over
 * `records` and ?1 (the value); @changes is the condition that it differs. */
static gboolean
insert_edits (VsWriteContext  *ctx,
              const char      *field,
              const char      *old_expr,
              const char      *new_expr,
              const char      *changes,
              const char      *value,
              GError         **error)
{
  g_autofree char *now = vs_now_iso8601 ();
  g_autofree char *sql = g_strdup_printf ("INSERT INTO record_edits"
                                          " (record_id, field, old_value, new_value, at)"
                                          " SELECT id, '%s', %s, %s, ?2 FROM records"
                                          " WHERE id IN (SELECT id FROM temp.curate_target)"
                                          " AND %s ORDER BY id",
                                          field, old_expr, new_expr, changes);
  sqlite3_stmt *stmt = _vs_write_context_prepare (ctx, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (value != NULL)
    sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  return step_done (ctx, stmt, error);
}

/* Moves the target records into temp.trash_*_@n with their edit and cleaning history. */
static VsCurateChange *
delete_target (VsWriteContext  *ctx,
               gint64           dataset_id,
               GError         **error)
{
  static gint counter;
  guint n = (guint) g_atomic_int_add (&counter, 1) + 1;
  g_autoptr(VsCurateChange) change = change_new (CHANGE_DELETE, dataset_id);
  g_autofree char *sql = NULL;
  sqlite3_stmt *ids;
  sqlite3_stmt *count;

  ids = _vs_write_context_prepare (ctx, "SELECT id FROM temp.curate_target ORDER BY id", error);
  count = _vs_write_context_prepare (ctx, "SELECT count(*) FROM temp.curate_target", error);
  if (ids == NULL || count == NULL)
    return NULL;
  change->n_records = query_int (ctx, count);
  change->trash = n;
  if (change->n_records <= 0)
    {
      change->n_records = 0;
      return g_steal_pointer (&change);
    }
  /* Announced before they go: afterwards the ids are no longer there to read. */
  note_records (ctx, dataset_id, VS_CHANGE_DELETE, ids);

  sql = g_strdup_printf ("CREATE TEMP TABLE trash_records_%u AS SELECT * FROM records"
                         "  WHERE id IN (SELECT id FROM temp.curate_target);"
                         "CREATE TEMP TABLE trash_edits_%u AS SELECT * FROM record_edits"
                         "  WHERE record_id IN (SELECT id FROM temp.curate_target);"
                         "CREATE TEMP TABLE trash_steps_%u AS SELECT * FROM step_changes"
                         "  WHERE record_id IN (SELECT id FROM temp.curate_target);"
                         "DELETE FROM records WHERE id IN (SELECT id FROM temp.curate_target);",
                         n, n, n);
  if (!exec (ctx, sql, error))
    return NULL;
  return g_steal_pointer (&change);
}

static gboolean
is_one_of (const char         *value,
           const char * const *names)
{
  return value != NULL && g_strv_contains (names, value);
}

static gboolean
check_value (VsCurateAction   action,
             const char      *value,
             GError         **error)
{
  static const char * const statuses[] = { VS_DATASET_STATUS_UNREVIEWED,
                                           VS_DATASET_STATUS_ACCEPTED,
                                           VS_DATASET_STATUS_REJECTED, NULL };
  static const char * const splits[] = { VS_DATASET_SPLIT_TRAIN, VS_DATASET_SPLIT_VALIDATION,
                                         VS_DATASET_SPLIT_TEST, VS_DATASET_SPLIT_UNASSIGNED,
                                         NULL };
  static const char * const ratings[] = { "0", "1", "2", "3", "4", "5", NULL };

  switch (action)
    {
    case VS_CURATE_SET_STATUS:
      if (is_one_of (value, statuses))
        return TRUE;
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   _("“%s” is not a review status (unreviewed, accepted or rejected)"),
                   value ? value : "");
      return FALSE;
    case VS_CURATE_SET_SPLIT:
      if (is_one_of (value, splits))
        return TRUE;
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   _("“%s” is not a split (train, validation, test or unassigned)"),
                   value ? value : "");
      return FALSE;
    case VS_CURATE_SET_RATING:
      if (value == NULL || is_one_of (value, ratings))
        return TRUE;
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   _("“%s” is not a rating (1 to 5, or 0 for none)"), value);
      return FALSE;
    case VS_CURATE_ADD_TAG:
    case VS_CURATE_REMOVE_TAG:
      if (value != NULL && *value != '\0' && g_utf8_validate (value, -1, NULL))
        return TRUE;
      g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID, _("A tag cannot be empty"));
      return FALSE;
    case VS_CURATE_DELETE:
      return TRUE;
    default:
      g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID, _("Unknown curation action"));
      return FALSE;
    }
}

typedef struct
{
  gint64           dataset_id;
  VsCurateTarget  *target;
  VsCurateAction   action;
  char            *value;
  VsCurateChange  *change;  /* out */
} ApplyJob;

static void
apply_job_free (gpointer data)
{
  ApplyJob *job = data;

  vs_curate_target_free (job->target);
  g_free (job->value);
  g_clear_pointer (&job->change, vs_curate_change_unref);
  g_free (job);
}

static gboolean
apply_job (VsWriteContext  *ctx,
           gpointer         data,
           GError         **error)
{
  ApplyJob *job = data;
  gint64 before;
  gboolean ok = TRUE;

  if (!fill_target (ctx, job->dataset_id, job->target, error))
    return FALSE;
  if (job->action == VS_CURATE_DELETE)
    {
      job->change = delete_target (ctx, job->dataset_id, error);
      return job->change != NULL;
    }

  if ((before = last_edit_id (ctx, error)) < 0)
    return FALSE;
  switch (job->action)
    {
    case VS_CURATE_SET_STATUS:
      ok = insert_edits (ctx, "status", "status", "?1", "status IS NOT ?1", job->value, error);
      break;
    case VS_CURATE_SET_SPLIT:
      ok = insert_edits (ctx, "split", "split", "?1", "split IS NOT ?1", job->value, error);
      break;
    case VS_CURATE_SET_RATING:
      ok = insert_edits (ctx, "rating", "CAST(rating AS TEXT)", "?1",
                         "rating IS NOT CAST(?1 AS INTEGER)",
                         job->value != NULL && strcmp (job->value, "0") != 0 ? job->value
                                                                              : NULL,
                         error);
      break;
    case VS_CURATE_ADD_TAG:
      ok = insert_edits (ctx, "tags", "tags", "json_insert(tags, '$[#]', ?1)",
                         "NOT EXISTS (SELECT 1 FROM json_each(records.tags) WHERE value = ?1)",
                         job->value, error);
      break;
    case VS_CURATE_REMOVE_TAG:
      ok = insert_edits (ctx, "tags", "tags",
                         "(SELECT json_group_array(value) FROM json_each(records.tags)"
                         " WHERE value IS NOT ?1)",
                         "EXISTS (SELECT 1 FROM json_each(records.tags) WHERE value = ?1)",
                         job->value, error);
      break;
    case VS_CURATE_DELETE:
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    return FALSE;
  job->change = finish_edits (ctx, job->dataset_id, before, error);
  return job->change != NULL;
}

static gboolean
check_writable (VsProject  *project,
                GError    **error)
{
  if (vs_project_get_writer (project) != NULL)
    return TRUE;
  g_set_error_literal (error, VS_ERROR, VS_ERROR_FAILED, _("The project is open read-only"));
  return FALSE;
}

static ApplyJob *
apply_job_new (gint64                dataset_id,
               const VsCurateTarget *target,
               VsCurateAction        action,
               const char           *value)
{
  ApplyJob *job = g_new0 (ApplyJob, 1);

  job->dataset_id = dataset_id;
  job->target = target_copy (target);
  job->action = action;
  job->value = value != NULL ? g_strstrip (g_strdup (value)) : NULL;
  return job;
}

VsCurateChange *
vs_dataset_curate_apply (VsProject             *project,
                         gint64                 dataset_id,
                         const VsCurateTarget  *target,
                         VsCurateAction         action,
                         const char            *value,
                         GError               **error)
{
  ApplyJob *job;
  VsCurateChange *change;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_value (action, value, error) || !check_writable (project, error))
    return NULL;
  job = apply_job_new (dataset_id, target, action, value);
  if (!_vs_writer_run_in_order (vs_project_get_writer (project), apply_job, job, error))
    {
      apply_job_free (job);
      return NULL;
    }
  change = g_steal_pointer (&job->change);
  apply_job_free (job);
  return change;
}

static void
apply_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VsProject *project = g_task_get_source_object (task);
  GError *error = NULL;
  ApplyJob *job;

  if (!_vs_writer_submit_finish (vs_project_get_writer (project), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  job = _vs_writer_job_get_data (result);
  g_task_return_pointer (task, g_steal_pointer (&job->change),
                         (GDestroyNotify) vs_curate_change_unref);
}

static void
submit (VsProject           *project,
        VsWriteFunc          func,
        ApplyJob            *job,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data,
        gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (project, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  _vs_writer_submit (vs_project_get_writer (project), func, job, apply_job_free, cancellable,
                     apply_done, g_steal_pointer (&task));
}

void
vs_dataset_curate_apply_async (VsProject            *project,
                               gint64                dataset_id,
                               const VsCurateTarget *target,
                               VsCurateAction        action,
                               const char           *value,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  GError *error = NULL;

  g_return_if_fail (VS_IS_PROJECT (project));
  g_return_if_fail (target != NULL);

  if (!check_value (action, value, &error) || !check_writable (project, &error))
    {
      g_task_report_error (project, callback, user_data, vs_dataset_curate_apply_async, error);
      return;
    }
  submit (project, apply_job, apply_job_new (dataset_id, target, action, value), cancellable,
          callback, user_data, vs_dataset_curate_apply_async);
}

VsCurateChange *
vs_dataset_curate_apply_finish (VsProject     *project,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, project), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------------ */
/* One record */

typedef struct
{
  gint64          dataset_id;
  gint64          record_id;
  char           *example;   /* SET_EXAMPLE */
  char           *mapping;   /* SWAP */
  VsCurateChange *change;
} RecordJob;

static gboolean
record_exists (VsWriteContext  *ctx,
               gint64           dataset_id,
               gint64           record_id,
               GError         **error)
{
  sqlite3_stmt *stmt = _vs_write_context_prepare (ctx, "SELECT count(*) FROM records"
                                                  " WHERE id = ?1 AND dataset_id = ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, record_id);
  sqlite3_bind_int64 (stmt, 2, dataset_id);
  if (query_int (ctx, stmt) == 1)
    return TRUE;
  g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND,
               _("The dataset has no record with id %" G_GINT64_FORMAT), record_id);
  return FALSE;
}

static gboolean
set_example_job (VsWriteContext  *ctx,
                 gpointer         data,
                 GError         **error)
{
  RecordJob *job = data;
  g_autofree char *now = vs_now_iso8601 ();
  sqlite3_stmt *stmt;
  gint64 before;

  if (!record_exists (ctx, job->dataset_id, job->record_id, error) ||
      (before = last_edit_id (ctx, error)) < 0)
    return FALSE;
  stmt = _vs_write_context_prepare (ctx, "INSERT INTO record_edits"
                                    " (record_id, field, old_value, new_value, at)"
                                    " SELECT id, 'example', example, json(?2), ?3 FROM records"
                                    " WHERE id = ?1 AND example IS NOT json(?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->record_id);
  sqlite3_bind_text (stmt, 2, job->example, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  if (!step_done (ctx, stmt, error))
    return FALSE;
  job->change = finish_edits (ctx, job->dataset_id, before, error);
  return job->change != NULL;
}

static void
record_job_free (RecordJob *job)
{
  g_free (job->example);
  g_free (job->mapping);
  g_clear_pointer (&job->change, vs_curate_change_unref);
  g_free (job);
}

VsCurateChange *
vs_dataset_curate_set_example (VsProject   *project,
                               gint64       dataset_id,
                               gint64       record_id,
                               JsonObject  *example,
                               GError     **error)
{
  RecordJob *job;
  VsCurateChange *change;
  JsonNode *messages;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (example != NULL, NULL);

  messages = json_object_get_member (example, "messages");
  if (messages == NULL || !JSON_NODE_HOLDS_ARRAY (messages))
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID,
                           _("An example needs a “messages” list"));
      return NULL;
    }
  if (!check_writable (project, error))
    return NULL;

  job = g_new0 (RecordJob, 1);
  job->dataset_id = dataset_id;
  job->record_id = record_id;
  job->example = vs_json_object_to_string (example, FALSE);
  if (!_vs_writer_run_in_order (vs_project_get_writer (project), set_example_job, job, error))
    {
      record_job_free (job);
      return NULL;
    }
  change = g_steal_pointer (&job->change);
  record_job_free (job);
  return change;
}

/* "$.\"name\"", or NULL for a name a JSON path cannot quote. */
static char *
member_path (const char *name)
{
  if (name == NULL || strchr (name, '"') != NULL || strchr (name, '\\') != NULL)
    return NULL;
  return g_strdup_printf ("$.\"%s\"", name);
}

static gboolean
swap_job (VsWriteContext  *ctx,
          gpointer         data,
          GError         **error)
{
  RecordJob *job = data;
  g_autofree char *now = vs_now_iso8601 ();
  g_autofree char *text = NULL;
  g_autofree char *chosen = NULL;
  g_autofree char *rejected = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(VsPreferencePair) pair = NULL;
  sqlite3_stmt *stmt;
  gint64 before;

  if (!record_exists (ctx, job->dataset_id, job->record_id, error))
    return FALSE;
  stmt = _vs_write_context_prepare (ctx, "SELECT data FROM records WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->record_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = _vs_sql_dup_text (stmt, 0);
  sqlite3_reset (stmt);
  row = text != NULL ? vs_json_parse_object (text, -1, NULL) : NULL;
  pair = row != NULL ? vs_dataset_curate_get_preference (job->mapping, row) : NULL;
  if (pair != NULL)
    {
      chosen = member_path (pair->chosen_column);
      rejected = member_path (pair->rejected_column);
    }
  if (chosen == NULL || rejected == NULL)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID,
                           _("The record holds no chosen and rejected replies to swap"));
      return FALSE;
    }

  if ((before = last_edit_id (ctx, error)) < 0)
    return FALSE;
  /* The stored values move as they are (text, message objects or lists). */
  stmt = _vs_write_context_prepare (ctx, "INSERT INTO record_edits"
                                    " (record_id, field, old_value, new_value, at)"
                                    " SELECT id, 'data', data,"
                                    "  json_set(data, ?2, json(data -> ?3), ?3, json(data -> ?2)),"
                                    "  ?4 FROM records WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->record_id);
  sqlite3_bind_text (stmt, 2, chosen, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, rejected, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  if (!step_done (ctx, stmt, error))
    return FALSE;
  job->change = finish_edits (ctx, job->dataset_id, before, error);
  return job->change != NULL;
}

static char *
read_mapping (VsProject *project,
              gint64     dataset_id)
{
  g_autoptr(sqlite3_stmt) stmt = _vs_project_prepare (project, "SELECT mapping FROM datasets"
                                                      " WHERE id = ?1", NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  return sqlite3_step (stmt) == SQLITE_ROW ? _vs_sql_dup_text (stmt, 0) : NULL;
}

VsCurateChange *
vs_dataset_curate_swap_preference (VsProject  *project,
                                   gint64      dataset_id,
                                   gint64      record_id,
                                   GError    **error)
{
  RecordJob *job;
  VsCurateChange *change;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  if (!check_writable (project, error))
    return NULL;
  job = g_new0 (RecordJob, 1);
  job->dataset_id = dataset_id;
  job->record_id = record_id;
  job->mapping = read_mapping (project, dataset_id);
  if (!_vs_writer_run_in_order (vs_project_get_writer (project), swap_job, job, error))
    {
      record_job_free (job);
      return NULL;
    }
  change = g_steal_pointer (&job->change);
  record_job_free (job);
  return change;
}

/* ------------------------------------------------------------------------------------------ */
/* Undo */

typedef struct
{
  VsCurateChange *change;
  VsCurateChange *result;
} UndoJob;

static void
undo_job_free (gpointer data)
{
  UndoJob *job = data;

  vs_curate_change_unref (job->change);
  g_clear_pointer (&job->result, vs_curate_change_unref);
  g_free (job);
}

/* The inverse of edits: for each record and field, back to the first old value. */
static VsCurateChange *
undo_edits (VsWriteContext  *ctx,
            VsCurateChange  *change,
            GError         **error)
{
  g_autofree char *now = vs_now_iso8601 ();
  gint64 before = last_edit_id (ctx, error);

  if (before < 0)
    return NULL;
  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO record_edits"
                                              " (record_id, field, old_value, new_value, at)"
                                              " SELECT e.record_id, e.field,"
                                              "  (SELECT CAST(r.%s AS TEXT) FROM records r"
                                              "   WHERE r.id = e.record_id),"
                                              "  e.old_value, ?3"
                                              " FROM record_edits e"
                                              " WHERE e.id BETWEEN ?1 AND ?2 AND e.field = '%s'"
                                              " AND e.id = (SELECT min(f.id) FROM record_edits f"
                                              "  WHERE f.record_id = e.record_id"
                                              "  AND f.field = e.field"
                                              "  AND f.id BETWEEN ?1 AND ?2)"
                                              " ORDER BY e.record_id",
                                              fields[f].field, fields[f].field);
      sqlite3_stmt *stmt = _vs_write_context_prepare (ctx, sql, error);

      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, change->first_edit);
      sqlite3_bind_int64 (stmt, 2, change->last_edit);
      sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
      if (!step_done (ctx, stmt, error))
        return NULL;
    }
  return finish_edits (ctx, change->dataset_id, before, error);
}

static VsCurateChange *
undo_delete (VsWriteContext  *ctx,
             VsCurateChange  *change,
             GError         **error)
{
  g_autoptr(VsCurateChange) restored = change_new (CHANGE_RESTORE, change->dataset_id);
  g_autofree char *counts_sql = NULL;
  g_autofree char *ids_sql = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) counts = NULL;
  g_autoptr(sqlite3_stmt) ids = NULL;
  guint n = change->trash;

  restored->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (change->n_records == 0)
    return g_steal_pointer (&restored);

  /* Inserts are not counted by a trigger (vs-dataset-store-private.h). */
  counts_sql = g_strdup_printf ("SELECT split, status, count(*) FROM temp.trash_records_%u"
                                " GROUP BY 1, 2", n);
  if ((counts = prepare_once (ctx, counts_sql, error)) == NULL)
    return NULL;
  sql = g_strdup_printf ("INSERT INTO records SELECT * FROM temp.trash_records_%u;"
                         "INSERT INTO record_edits SELECT * FROM temp.trash_edits_%u;"
                         "INSERT INTO step_changes SELECT * FROM temp.trash_steps_%u"
                         "  WHERE step_id IN (SELECT id FROM dataset_steps);",
                         n, n, n);
  if (!exec (ctx, sql, error))
    return NULL;
  while (sqlite3_step (counts) == SQLITE_ROW)
    if (!_vs_dataset_counts_add (_vs_write_context_get_db (ctx), change->dataset_id,
                                 (const char *) sqlite3_column_text (counts, 0),
                                 (const char *) sqlite3_column_text (counts, 1),
                                 sqlite3_column_int64 (counts, 2), error))
      return NULL;

  ids_sql = g_strdup_printf ("SELECT id FROM temp.trash_records_%u ORDER BY id", n);
  if ((ids = prepare_once (ctx, ids_sql, error)) == NULL)
    return NULL;
  while (sqlite3_step (ids) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (ids, 0);

      g_array_append_val (restored->ids, id);
    }
  sqlite3_reset (ids);
  restored->n_records = restored->ids->len;
  /* Not an insert: lists place inserts after their last row, and these ids are old ones. */
  _vs_write_context_note (ctx, "records", VS_CHANGE_MANY, change->dataset_id, -1);
  _vs_write_context_note (ctx, "datasets", VS_CHANGE_UPDATE, 0, change->dataset_id);
  g_clear_pointer (&ids, sqlite3_finalize);
  g_clear_pointer (&counts, sqlite3_finalize);

  g_free (sql);
  sql = g_strdup_printf ("DROP TABLE temp.trash_records_%u; DROP TABLE temp.trash_edits_%u;"
                         "DROP TABLE temp.trash_steps_%u;", n, n, n);
  if (!exec (ctx, sql, error))
    return NULL;
  return g_steal_pointer (&restored);
}

static gboolean
undo_job (VsWriteContext  *ctx,
          gpointer         data,
          GError         **error)
{
  UndoJob *job = data;
  VsCurateChange *change = job->change;

  switch (change->kind)
    {
    case CHANGE_EDITS:
      job->result = change->last_edit >= change->first_edit
        ? undo_edits (ctx, change, error)
        : change_new (CHANGE_EDITS, change->dataset_id);
      break;
    case CHANGE_DELETE:
      job->result = undo_delete (ctx, change, error);
      break;
    case CHANGE_RESTORE:
      {
        g_autoptr(VsCurateTarget) target =
          vs_curate_target_new_ids ((const gint64 *) change->ids->data, change->ids->len);

        if (!fill_target (ctx, change->dataset_id, target, error))
          return FALSE;
        job->result = delete_target (ctx, change->dataset_id, error);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  return job->result != NULL;
}

VsCurateChange *
vs_dataset_curate_undo (VsProject       *project,
                        VsCurateChange  *change,
                        GError         **error)
{
  UndoJob *job;
  VsCurateChange *result;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (change != NULL, NULL);

  if (!check_writable (project, error))
    return NULL;
  job = g_new0 (UndoJob, 1);
  job->change = vs_curate_change_ref (change);
  if (!_vs_writer_run_in_order (vs_project_get_writer (project), undo_job, job, error))
    {
      undo_job_free (job);
      return NULL;
    }
  result = g_steal_pointer (&job->result);
  undo_job_free (job);
  return result;
}

static void
undo_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VsProject *project = g_task_get_source_object (task);
  GError *error = NULL;
  UndoJob *job;

  if (!_vs_writer_submit_finish (vs_project_get_writer (project), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  job = _vs_writer_job_get_data (result);
  g_task_return_pointer (task, g_steal_pointer (&job->result),
                         (GDestroyNotify) vs_curate_change_unref);
}

void
vs_dataset_curate_undo_async (VsProject           *project,
                              VsCurateChange      *change,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  UndoJob *job;

  g_return_if_fail (VS_IS_PROJECT (project));
  g_return_if_fail (change != NULL);

  if (!check_writable (project, &error))
    {
      g_task_report_error (project, callback, user_data, vs_dataset_curate_undo_async, error);
      return;
    }
  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_dataset_curate_undo_async);
  job = g_new0 (UndoJob, 1);
  job->change = vs_curate_change_ref (change);
  _vs_writer_submit (vs_project_get_writer (project), undo_job, job, undo_job_free, cancellable,
                     undo_done, g_steal_pointer (&task));
}

VsCurateChange *
vs_dataset_curate_undo_finish (VsProject     *project,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, project), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------------ */
/* Preference pairs */

void
vs_preference_pair_free (VsPreferencePair *pair)
{
  if (pair == NULL)
    return;
  g_free (pair->chosen_column);
  g_free (pair->rejected_column);
  g_free (pair->chosen);
  g_free (pair->rejected);
  g_free (pair);
}

/* The reply text of a chosen/rejected value: a string, a message, or a list of messages (the
 * last one's content) — what the DPO export reads. */
static char *
reply_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *content = json_object_get_member (json_node_get_object (node), "content");

      return content != NULL ? reply_text (content) : NULL;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      return n > 0 ? reply_text (json_array_get_element (array, n - 1)) : NULL;
    }
  return NULL;
}

VsPreferencePair *
vs_dataset_curate_get_preference (const char *mapping,
                                  JsonObject *data)
{
  const char *keys[][2] = { { "chosen", "rejected" },
                            { "preferred_output", "non_preferred_output" } };
  g_autoptr(VsDatasetMapping) map = NULL;
  g_autoptr(VsPreferencePair) pair = g_new0 (VsPreferencePair, 1);

  g_return_val_if_fail (data != NULL, NULL);

  if (mapping != NULL)
    map = vs_dataset_mapping_new_from_data (mapping, -1, NULL);
  if (map != NULL && vs_dataset_mapping_get_column (map, "chosen") != NULL &&
      vs_dataset_mapping_get_column (map, "rejected") != NULL)
    {
      pair->chosen_column = g_strdup (vs_dataset_mapping_get_column (map, "chosen"));
      pair->rejected_column = g_strdup (vs_dataset_mapping_get_column (map, "rejected"));
    }
  else
    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      if (json_object_has_member (data, keys[i][0]) && json_object_has_member (data, keys[i][1]))
        {
          pair->chosen_column = g_strdup (keys[i][0]);
          pair->rejected_column = g_strdup (keys[i][1]);
          break;
        }
  if (pair->chosen_column == NULL)
    return NULL;

  pair->chosen = reply_text (json_object_get_member (data, pair->chosen_column));
  pair->rejected = reply_text (json_object_get_member (data, pair->rejected_column));
  if (pair->chosen == NULL && pair->rejected == NULL)
    return NULL;
  return g_steal_pointer (&pair);
}

/* ------------------------------------------------------------------------------------------ */
/* Reads */

void
vs_record_edit_free (VsRecordEdit *edit)
{
  if (edit == NULL)
    return;
  g_free (edit->field);
  g_free (edit->old_value);
  g_free (edit->new_value);
  g_free (edit->at);
  g_free (edit);
}

static gpointer
edit_from_row (sqlite3_stmt *stmt)
{
  VsRecordEdit *edit = g_new0 (VsRecordEdit, 1);

  edit->id = sqlite3_column_int64 (stmt, 0);
  edit->record_id = sqlite3_column_int64 (stmt, 1);
  edit->field = _vs_sql_dup_text (stmt, 2);
  edit->old_value = _vs_sql_dup_text (stmt, 3);
  edit->new_value = _vs_sql_dup_text (stmt, 4);
  edit->at = _vs_sql_dup_text (stmt, 5);
  return edit;
}

GPtrArray *
vs_dataset_curate_list_edits (VsProject  *project,
                              gint64      record_id,
                              GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  stmt = _vs_project_prepare (project, "SELECT id, record_id, field, old_value, new_value, at"
                              " FROM record_edits WHERE record_id = ?1 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, record_id);
  return _vs_project_collect (project, stmt, edit_from_row,
                              (GDestroyNotify) vs_record_edit_free, error);
}

char **
vs_dataset_curate_list_tags (VsProject  *project,
                             gint64      dataset_id,
                             GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  stmt = _vs_project_prepare (project, "SELECT DISTINCT j.value FROM records r, json_each(r.tags) j"
                              " WHERE r.dataset_id = ?1 AND r.tags <> '[]'"
                              " AND j.type = 'text' ORDER BY 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tags, _vs_sql_dup_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      vs_project_set_error_from_db (project, error);
      return NULL;
    }
  g_ptr_array_add (tags, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&tags), FALSE);
}
