/* test-dataset-curate.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Curation edits (vs-dataset-curate.h): status, rating, tags, split and examples on one
 * record or in bulk (ids or a query), each recorded in record_edits and undone exactly —
 * deletions included, with their edit history — and the checks of an edited example kept in
 * records.problems and records.tokens. Undoing an undo redoes.
 */
#include "config.h"

#include <string.h>

#include "vs-dataset-curate.h"
#include "vs-dataset-export.h"
#include "vs-dataset-store-private.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-test-util.h"

typedef struct
{
  char      *dir;
  VsProject *project;
  gint64     dataset;
  gint64     ids[6];
} Fixture;

static void
exec_sql (VsProject  *project,
          const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (!vs_project_exec (project, sql, &error))
    g_error ("%s: %s", sql, error->message);
}

static char *
query_text (VsProject  *project,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (vs_project_get_db (project), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return _vs_sql_dup_text (stmt, 0);
}

static gint64
query_int (VsProject  *project,
           const char *sql)
{
  g_autofree char *text = query_text (project, sql);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : -1;
}

/* Every column of every row @sql returns, as one text. */
static char *
dump (VsProject  *project,
      const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (vs_project_get_db (project), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, c);

          g_string_append_printf (out, "%s|", text ? text : "<null>");
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static char *
record_field (Fixture    *f,
              guint       i,
              const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM records WHERE id = %" G_GINT64_FORMAT,
                                          column, f->ids[i]);

  return query_text (f->project, sql);
}

static void
assert_field (Fixture    *f,
              guint       i,
              const char *column,
              const char *expected)
{
  g_autofree char *value = record_field (f, i, column);

  g_assert_cmpstr (value, ==, expected);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->project = vs_test_project_new ("curate.versus", &f->dir, NULL);
  exec_sql (f->project, "INSERT INTO datasets (name, mapping, created_at, updated_at)"
                        " VALUES ('d', '{}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
  f->dataset = query_int (f->project, "SELECT max(id) FROM datasets");
  for (guint i = 0; i < G_N_ELEMENTS (f->ids); i++)
    {
      g_autofree char *sql =
        g_strdup_printf ("INSERT INTO records (dataset_id, ordinal, data, example, split)"
                         " VALUES (%" G_GINT64_FORMAT ", %u,"
                         " json_object('q', 'question %u', 'chosen', 'good %u',"
                         "  'rejected', json_object('role', 'assistant', 'content', 'bad %u')),"
                         " json_object('messages', json_array("
                         "  json_object('role', 'user', 'content', 'question %u'),"
                         "  json_object('role', 'assistant', 'content', 'answer %u'))),"
                         " '%s')",
                         f->dataset, i + 1, i, i, i, i, i, i < 4 ? "train" : "test");

      exec_sql (f->project, sql);
      f->ids[i] = sqlite3_last_insert_rowid (vs_project_get_db (f->project));
    }
  g_assert_true (_vs_dataset_counts_add (vs_project_get_db (f->project), f->dataset, "train",
                                         "unreviewed", 4, &error));
  g_assert_true (_vs_dataset_counts_add (vs_project_get_db (f->project), f->dataset, "test",
                                         "unreviewed", 2, &error));
  g_assert_no_error (error);
}

static gboolean
only_ref (gpointer data)
{
  return G_OBJECT (data)->ref_count == 1;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  /* A finished export's worker lets go of the project a moment after its callback ran. */
  g_assert_true (vs_test_poll (only_ref, f->project, 5000));
  g_assert_finalize_object (f->project);
  vs_test_tmpdir_free (f->dir);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static VsCurateChange *
apply_ids (Fixture        *f,
           VsCurateAction  action,
           const char     *value,
           guint           first,
           guint           n)
{
  g_autoptr(VsCurateTarget) target = vs_curate_target_new_ids (f->ids + first, n);
  g_autoptr(GError) error = NULL;
  VsCurateChange *change = vs_dataset_curate_apply (f->project, f->dataset, target, action, value,
                                                    &error);

  g_assert_no_error (error);
  g_assert_nonnull (change);
  return change;
}

static VsCurateChange *
undo (Fixture        *f,
      VsCurateChange *change)
{
  g_autoptr(GError) error = NULL;
  VsCurateChange *result = vs_dataset_curate_undo (f->project, change, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static gint64
count_of (Fixture    *f,
          const char *split,
          const char *status)
{
  g_autoptr(VsDatasetCounts) counts = vs_dataset_store_get_counts (f->project, f->dataset, NULL);

  return vs_dataset_counts_get (counts, split, status);
}

/* Status, rating and tags on one record: each an edit row with old and new, each undone. */
static void
test_single_edits (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(VsCurateChange) accept = apply_ids (f, VS_CURATE_SET_STATUS, "accepted", 0, 1);
  g_autoptr(VsCurateChange) rate = apply_ids (f, VS_CURATE_SET_RATING, "4", 0, 1);
  g_autoptr(VsCurateChange) tag = apply_ids (f, VS_CURATE_ADD_TAG, "  typo ", 0, 1);
  g_autoptr(VsCurateChange) tag2 = apply_ids (f, VS_CURATE_ADD_TAG, "long", 0, 1);
  g_autoptr(VsCurateChange) again = apply_ids (f, VS_CURATE_ADD_TAG, "typo", 0, 1);
  g_autoptr(VsCurateChange) u1 = NULL;
  g_autoptr(VsCurateChange) u2 = NULL;
  g_autoptr(VsCurateChange) redo = NULL;
  g_autoptr(GPtrArray) edits = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tags = NULL;

  assert_field (f, 0, "status", "accepted");
  assert_field (f, 0, "rating", "4");
  assert_field (f, 0, "tags", "[\"typo\",\"long\"]");
  g_assert_cmpint (vs_curate_change_get_n_records (accept), ==, 1);
  g_assert_cmpint (vs_curate_change_get_n_records (again), ==, 0);  /* already tagged */
  g_assert_false (vs_curate_change_is_delete (accept));
  g_assert_cmpint (count_of (f, "train", "accepted"), ==, 1);
  g_assert_cmpint (count_of (f, "train", "unreviewed"), ==, 3);

  edits = vs_dataset_curate_list_edits (f->project, f->ids[0], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (edits->len, ==, 4);
  {
    VsRecordEdit *e = g_ptr_array_index (edits, 0);

    g_assert_cmpstr (e->field, ==, "status");
    g_assert_cmpstr (e->old_value, ==, "unreviewed");
    g_assert_cmpstr (e->new_value, ==, "accepted");
    g_assert_nonnull (e->at);
    e = g_ptr_array_index (edits, 1);
    g_assert_cmpstr (e->field, ==, "rating");
    g_assert_null (e->old_value);
    g_assert_cmpstr (e->new_value, ==, "4");
    e = g_ptr_array_index (edits, 2);
    g_assert_cmpstr (e->field, ==, "tags");
    g_assert_cmpstr (e->old_value, ==, "[]");
    g_assert_cmpstr (e->new_value, ==, "[\"typo\"]");
  }

  tags = vs_dataset_curate_list_tags (f->project, f->dataset, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (tags), ==, 2);
  g_assert_cmpstr (tags[0], ==, "long");
  g_assert_cmpstr (tags[1], ==, "typo");

  /* Undo the rating, then the acceptance: the rest stays. */
  u1 = undo (f, rate);
  assert_field (f, 0, "rating", NULL);
  assert_field (f, 0, "status", "accepted");
  u2 = undo (f, accept);
  assert_field (f, 0, "status", "unreviewed");
  assert_field (f, 0, "tags", "[\"typo\",\"long\"]");
  g_assert_cmpint (count_of (f, "train", "accepted"), ==, 0);
  /* Undoing the undo redoes. */
  redo = undo (f, u2);
  assert_field (f, 0, "status", "accepted");
  /* Every step is in the history: 4 edits, 2 undos, 1 redo. */
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM record_edits"), ==, 7);

  /* Removing a tag. */
  {
    g_autoptr(VsCurateChange) untag = apply_ids (f, VS_CURATE_REMOVE_TAG, "typo", 0, 1);
    g_autoptr(VsCurateChange) back = NULL;

    assert_field (f, 0, "tags", "[\"long\"]");
    back = undo (f, untag);
    assert_field (f, 0, "tags", "[\"typo\",\"long\"]");
  }
  /* Clearing a rating. */
  {
    g_autoptr(VsCurateChange) r = apply_ids (f, VS_CURATE_SET_RATING, "2", 1, 1);
    g_autoptr(VsCurateChange) clear = apply_ids (f, VS_CURATE_SET_RATING, "0", 1, 1);

    assert_field (f, 1, "rating", NULL);
  }
}

static void
test_bad_values (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(VsCurateTarget) target = vs_curate_target_new_ids (f->ids, 1);
  struct { VsCurateAction action; const char *value; } cases[] = {
    { VS_CURATE_SET_STATUS, "maybe" }, { VS_CURATE_SET_STATUS, NULL },
    { VS_CURATE_SET_SPLIT, "holdout" }, { VS_CURATE_SET_RATING, "6" },
    { VS_CURATE_SET_RATING, "-1" }, { VS_CURATE_ADD_TAG, "" }, { VS_CURATE_ADD_TAG, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VsCurateChange) change = vs_dataset_curate_apply (f->project, f->dataset, target,
                                                                  cases[i].action, cases[i].value,
                                                                  &error);

      g_assert_null (change);
      g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
    }
  /* A record of another dataset is not touched. */
  {
    g_autoptr(VsCurateTarget) other = vs_curate_target_new_ids ((gint64[]) { 9999 }, 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(VsCurateChange) change = vs_dataset_curate_apply (f->project, f->dataset, other,
                                                                VS_CURATE_SET_STATUS, "accepted",
                                                                &error);

    g_assert_no_error (error);
    g_assert_cmpint (vs_curate_change_get_n_records (change), ==, 0);
  }
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM record_edits"), ==, 0);
}

/* Bulk on ids and on a query (minus exceptions), each undone as one. */
static void
test_bulk (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(VsCurateChange) reject = apply_ids (f, VS_CURATE_SET_STATUS, "rejected", 0, 3);
  g_autoptr(VsRecordQuery) query = vs_record_query_new ();
  g_autoptr(GArray) except = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(VsCurateTarget) target = NULL;
  g_autoptr(VsCurateChange) move = NULL;
  g_autoptr(VsCurateChange) back = NULL;
  g_autoptr(VsCurateChange) tag = NULL;
  g_autoptr(VsCurateChange) untag = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_cmpint (vs_curate_change_get_n_records (reject), ==, 3);
  g_assert_cmpint (count_of (f, "train", "rejected"), ==, 3);

  /* Every rejected record but the second moves to validation. */
  before = dump (f->project, "SELECT id, split, status, tags FROM records ORDER BY id");
  query->status = g_strdup ("rejected");
  g_array_append_val (except, f->ids[1]);
  target = vs_curate_target_new_query (query, except);
  move = vs_dataset_curate_apply (f->project, f->dataset, target, VS_CURATE_SET_SPLIT,
                                  "validation", &error);
  g_assert_no_error (error);
  g_assert_cmpint (vs_curate_change_get_n_records (move), ==, 2);
  assert_field (f, 0, "split", "validation");
  assert_field (f, 1, "split", "train");
  assert_field (f, 2, "split", "validation");
  assert_field (f, 3, "split", "train");
  g_assert_cmpint (count_of (f, "validation", "rejected"), ==, 2);

  back = undo (f, move);
  g_assert_cmpint (vs_curate_change_get_n_records (back), ==, 2);
  after = dump (f->project, "SELECT id, split, status, tags FROM records ORDER BY id");
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (count_of (f, "validation", NULL), ==, 0);

  /* Tag everything, untag a part; undoing the tagging removes it where it was added only. */
  tag = apply_ids (f, VS_CURATE_ADD_TAG, "x", 0, 6);
  g_assert_cmpint (vs_curate_change_get_n_records (tag), ==, 6);
  untag = apply_ids (f, VS_CURATE_REMOVE_TAG, "x", 4, 2);
  g_assert_cmpint (vs_curate_change_get_n_records (untag), ==, 2);
  assert_field (f, 5, "tags", "[]");
  /* A query with the table's other filters (here a tag) selects the same rows. */
  {
    g_autoptr(VsRecordQuery) tagged = vs_record_query_new ();
    g_autoptr(VsCurateTarget) by_tag = NULL;
    g_autoptr(VsCurateChange) rate = NULL;

    tagged->tag = g_strdup ("x");
    by_tag = vs_curate_target_new_query (tagged, NULL);
    rate = vs_dataset_curate_apply (f->project, f->dataset, by_tag, VS_CURATE_SET_RATING, "3",
                                    &error);
    g_assert_no_error (error);
    g_assert_cmpint (vs_curate_change_get_n_records (rate), ==, 4);
    assert_field (f, 3, "rating", "3");
    assert_field (f, 4, "rating", NULL);
  }
  {
    g_autoptr(VsCurateChange) u = undo (f, tag);

    for (guint i = 0; i < 6; i++)
      assert_field (f, i, "tags", "[]");
  }
}

/* A deletion is undone exactly: the same rows (ids, ordinals, every column), their edit
 * history and the counts. */
static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  const char *all = "SELECT * FROM records ORDER BY id";
  const char *edits = "SELECT * FROM record_edits ORDER BY id";
  g_autoptr(VsCurateChange) accept = apply_ids (f, VS_CURATE_SET_STATUS, "accepted", 1, 2);
  g_autoptr(VsCurateChange) del = NULL;
  g_autoptr(VsCurateChange) restore = NULL;
  g_autoptr(VsCurateChange) redo = NULL;
  g_autoptr(VsCurateChange) again = NULL;
  g_autofree char *rows = dump (f->project, all);
  g_autofree char *history = dump (f->project, edits);
  g_autofree char *rows_after = NULL;
  g_autofree char *history_after = NULL;

  del = apply_ids (f, VS_CURATE_DELETE, NULL, 0, 3);
  g_assert_true (vs_curate_change_is_delete (del));
  g_assert_cmpint (vs_curate_change_get_n_records (del), ==, 3);
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM records"), ==, 3);
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM record_edits"), ==, 0);
  g_assert_cmpint (count_of (f, NULL, NULL), ==, 3);
  g_assert_cmpint (count_of (f, "train", "accepted"), ==, 0);

  restore = undo (f, del);
  g_assert_false (vs_curate_change_is_delete (restore));
  g_assert_cmpint (vs_curate_change_get_n_records (restore), ==, 3);
  rows_after = dump (f->project, all);
  history_after = dump (f->project, edits);
  g_assert_cmpstr (rows, ==, rows_after);
  g_assert_cmpstr (history, ==, history_after);
  g_assert_cmpint (count_of (f, NULL, NULL), ==, 6);
  g_assert_cmpint (count_of (f, "train", "accepted"), ==, 2);

  /* Redo deletes them again, and that too can be undone. */
  redo = undo (f, restore);
  g_assert_true (vs_curate_change_is_delete (redo));
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM records"), ==, 3);
  again = undo (f, redo);
  g_clear_pointer (&rows_after, g_free);
  rows_after = dump (f->project, all);
  g_assert_cmpstr (rows, ==, rows_after);
  g_assert_cmpint (count_of (f, "train", "accepted"), ==, 2);
}

/* An edited example is checked again: problems and tokens follow the edit and its undo. */
static void
test_example (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) bad = vs_json_parse_object ("{\"messages\": [{\"role\": \"user\","
                                                     " \"content\": \"hi\"}]}", -1, NULL);
  g_autoptr(JsonObject) good = vs_json_parse_object ("{\"messages\": [{\"role\": \"system\","
                                                      " \"content\": \"Be brief.\"},"
                                                      " {\"role\": \"user\","
                                                      " \"content\": \"hi\"}, {\"role\":"
                                                      " \"assistant\", \"content\": \"hello\","
                                                      " \"weight\": 1}]}", -1, NULL);
  g_autoptr(JsonObject) nothing = vs_json_parse_object ("{\"text\": 1}", -1, NULL);
  g_autoptr(VsCurateChange) first = NULL;
  g_autoptr(VsCurateChange) second = NULL;
  g_autoptr(VsCurateChange) same = NULL;
  g_autoptr(VsCurateChange) u = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autofree char *original = record_field (f, 0, "example");
  g_autofree char *problems = NULL;
  g_autofree char *key = NULL;
  gint64 tokens;

  checks = vs_dataset_curate_check_example (bad, &tokens);
  g_assert_cmpuint (checks->len, >=, 1);
  g_assert_cmpstr (((VsDatasetCheck *) g_ptr_array_index (checks, 0))->key, ==,
                   "example_missing_assistant_message");
  g_assert_false (g_str_has_prefix (((VsDatasetCheck *) g_ptr_array_index (checks, 0))->message,
                                    "line"));

  first = vs_dataset_curate_set_example (f->project, f->dataset, f->ids[0], bad, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vs_curate_change_get_n_records (first), ==, 1);
  assert_field (f, 0, "example", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  key = record_field (f, 0, "problems ->> '$[0].key'");
  g_assert_cmpstr (key, ==, "example_missing_assistant_message");
  g_clear_pointer (&key, g_free);
  key = record_field (f, 0, "problems ->> '$[0].error'");
  g_assert_cmpstr (key, ==, "1");

  second = vs_dataset_curate_set_example (f->project, f->dataset, f->ids[0], good, &error);
  g_assert_no_error (error);
  problems = record_field (f, 0, "problems");
  g_assert_cmpstr (problems, ==, "[]");
  {
    g_autofree char *count = record_field (f, 0, "tokens");

    tokens = g_ascii_strtoll (count, NULL, 10);
  }
  g_assert_cmpint (tokens, >, 5);
  assert_field (f, 0, "example ->> '$.messages[2].weight'", "1");

  /* The same example again changes nothing. */
  same = vs_dataset_curate_set_example (f->project, f->dataset, f->ids[0], good, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vs_curate_change_get_n_records (same), ==, 0);

  /* Undo goes back one edit: the bad example and its problem. */
  u = undo (f, second);
  assert_field (f, 0, "example", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  g_clear_pointer (&key, g_free);
  key = record_field (f, 0, "problems ->> '$[0].key'");
  g_assert_cmpstr (key, ==, "example_missing_assistant_message");
  {
    g_autoptr(VsCurateChange) u2 = undo (f, first);
    g_autofree char *now = record_field (f, 0, "example");

    g_assert_cmpstr (now, ==, original);
  }

  /* Not an example, not a record of the dataset. */
  g_assert_null (vs_dataset_curate_set_example (f->project, f->dataset, f->ids[0], nothing,
                                                &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (vs_dataset_curate_set_example (f->project, f->dataset + 1, f->ids[0], good,
                                                &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
}

/* Preference pairs: found by column names or the mapping; a swap moves the stored values
 * as they are, and is undone. */
static void
test_preference (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonObject) row = vs_json_parse_object ("{\"q\": \"?\", \"chosen\": \"a\","
                                                     " \"rejected\": [{\"role\": \"assistant\","
                                                     " \"content\": \"b\"}]}", -1, NULL);
  g_autoptr(JsonObject) mapped = vs_json_parse_object ("{\"good\": \"a\", \"bad\": \"b\"}", -1,
                                                        NULL);
  g_autoptr(JsonObject) plain = vs_json_parse_object ("{\"q\": \"?\"}", -1, NULL);
  g_autoptr(VsPreferencePair) pair = vs_dataset_curate_get_preference ("{}", row);
  g_autoptr(VsPreferencePair) by_mapping =
    vs_dataset_curate_get_preference ("{\"chosen\": \"good\", \"rejected\": \"bad\"}", mapped);
  g_autoptr(VsCurateChange) swap = NULL;
  g_autoptr(VsCurateChange) u = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_before = record_field (f, 2, "data");

  g_assert_nonnull (pair);
  g_assert_cmpstr (pair->chosen_column, ==, "chosen");
  g_assert_cmpstr (pair->chosen, ==, "a");
  g_assert_cmpstr (pair->rejected, ==, "b");
  g_assert_nonnull (by_mapping);
  g_assert_cmpstr (by_mapping->rejected_column, ==, "bad");
  g_assert_cmpstr (by_mapping->rejected, ==, "b");
  g_assert_null (vs_dataset_curate_get_preference (NULL, plain));

  swap = vs_dataset_curate_swap_preference (f->project, f->dataset, f->ids[2], &error);
  g_assert_no_error (error);
  assert_field (f, 2, "data ->> '$.rejected'", "good 2");
  assert_field (f, 2, "data -> '$.chosen'", "{\"role\":\"assistant\",\"content\":\"bad 2\"}");
  assert_field (f, 2, "data ->> '$.q'", "question 2");
  u = undo (f, swap);
  {
    g_autofree char *data_after = record_field (f, 2, "data");

    g_assert_cmpstr (data_before, ==, data_after);
  }

  /* A record without a pair. */
  exec_sql (f->project, "UPDATE records SET data = '{\"q\": 1}' WHERE ordinal = 4");
  g_assert_null (vs_dataset_curate_swap_preference (f->project, f->dataset, f->ids[3], &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
}

static void
export_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  VsDatasetExportSummary **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = vs_dataset_export_dataset_finish (VS_PROJECT (object), result, &error);
  g_assert_no_error (error);
}

/* A pair marked a tie is left out of the DPO export, with a note; other formats keep it. */
static void
test_tie_export (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(VsCurateChange) tie = apply_ids (f, VS_CURATE_ADD_TAG, VS_DATASET_TAG_TIE, 1, 1);
  g_autofree char *path = g_build_filename (f->dir, "dpo.jsonl", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  VsDatasetExportOptions options = { .format = VS_EXPORT_OPENAI_DPO };
  VsDatasetExportSummary *summary = NULL;

  vs_dataset_export_dataset_async (f->project, f->dataset, path, &options, NULL, NULL, NULL,
                                   NULL, export_done, &summary);
  g_assert_true (vs_test_poll (is_set, &summary, 10000));
  g_assert_cmpint (summary->n_written, ==, 5);
  g_assert_cmpint (summary->n_skipped, ==, 1);
  g_assert_cmpuint (summary->notes->len, ==, 1);
  g_assert_cmpstr (((VsDatasetExportNote *) g_ptr_array_index (summary->notes, 0))->key, ==,
                   "tie");
  g_assert_cmpint (((VsDatasetExportNote *) g_ptr_array_index (summary->notes, 0))->line, ==, 2);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_null (strstr (text, "good 1"));
  g_assert_nonnull (strstr (text, "good 2"));
  vs_dataset_export_summary_free (summary);

  /* Chat data keeps it. */
  summary = NULL;
  options.format = VS_EXPORT_OPENAI_CHAT;
  vs_dataset_export_dataset_async (f->project, f->dataset, path, &options, NULL, NULL, NULL,
                                   NULL, export_done, &summary);
  g_assert_true (vs_test_poll (is_set, &summary, 10000));
  g_assert_cmpint (summary->n_written, ==, 6);
  vs_dataset_export_summary_free (summary);
}

static void
on_changed (VsProject      *project,
            const char     *table,
            const VsChange *change,
            gpointer        user_data)
{
  GArray *seen = user_data;

  if (g_strcmp0 (table, "records") == 0 && change != NULL)
    {
      gint64 kind = change->kind;

      g_array_append_val (seen, kind);
    }
}

static gboolean
has_items (gpointer data)
{
  return ((GArray *) data)->len > 0;
}

/* The writes are announced, so lists follow. */
static void
test_notices (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (gint64));
  gulong id = g_signal_connect (f->project, "changed::records", G_CALLBACK (on_changed), seen);
  g_autoptr(VsCurateChange) accept = apply_ids (f, VS_CURATE_SET_STATUS, "accepted", 0, 2);
  g_autoptr(VsCurateChange) del = NULL;

  g_assert_true (vs_test_poll (has_items, seen, 5000));
  g_assert_cmpint (g_array_index (seen, gint64, seen->len - 1), ==, VS_CHANGE_UPDATE);
  g_array_set_size (seen, 0);
  del = apply_ids (f, VS_CURATE_DELETE, NULL, 0, 1);
  g_assert_true (vs_test_poll (has_items, seen, 5000));
  g_assert_cmpint (g_array_index (seen, gint64, seen->len - 1), ==, VS_CHANGE_DELETE);
  g_signal_handler_disconnect (f->project, id);
}

static void
async_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  VsCurateChange **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = vs_dataset_curate_apply_finish (VS_PROJECT (object), result, &error);
  g_assert_no_error (error);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(VsRecordQuery) query = vs_record_query_new ();
  g_autoptr(VsCurateTarget) target = NULL;
  g_autoptr(VsCurateChange) change = NULL;

  query->split = g_strdup ("test");
  target = vs_curate_target_new_query (query, NULL);
  vs_dataset_curate_apply_async (f->project, f->dataset, target, VS_CURATE_SET_STATUS,
                                 "rejected", NULL, async_done, &change);
  g_assert_true (vs_test_poll (is_set, &change, 5000));
  g_assert_cmpint (vs_curate_change_get_n_records (change), ==, 2);
  g_assert_cmpint (count_of (f, "test", "rejected"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/versus/dataset-curate/" path, Fixture, NULL, fixture_setup, func, \
              fixture_teardown)
  ADD ("single-edits", test_single_edits);
  ADD ("bad-values", test_bad_values);
  ADD ("bulk", test_bulk);
  ADD ("delete", test_delete);
  ADD ("example", test_example);
  ADD ("preference", test_preference);
  ADD ("notices", test_notices);
  ADD ("tie-export", test_tie_export);
  ADD ("async", test_async);
#undef ADD

  return g_test_run ();
}
