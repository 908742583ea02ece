/* test-record-model.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VsRecordModel: counts arrive from the worker, pages arrive as placeholders first and then as
 * loaded items, sort and filter are SQL's, keyset paging crosses page boundaries without gaps
 * or repeats, a jump to the end of a large dataset is cheap, inserts announced through
 * VsProject::changed land at the end, and a model disposed mid-fetch goes away cleanly.
 * Waits are on items-changed, never on time.
 */
#include "config.h"

#include "vs-dataset-import.h"
#include "vs-project-private.h"
#include "vs-record-model.h"
#include "vs-test-util.h"

typedef struct
{
  char      *dir;
  VsProject *project;
  gint64     dataset_id;
} Fixture;

/* Rows @first … @last of dataset @dataset_id: ordinal i, tokens (i * 7) % 100 (NULL every 10th),
 * split train for odd ordinals, status accepted for multiples of 3. */
static void
insert_rows (VsProject *project,
             gint64     dataset_id,
             gint64     first,
             gint64     last)
{
  sqlite3 *db = vs_project_get_db (project);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (vs_project_begin (project, &error));
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO records (dataset_id, ordinal, data, split,"
                                       " status, tokens) VALUES (?1, ?2, json_object('prompt',"
                                       " 'Question ' || ?2, 'answer', 'line one' || char(10) ||"
                                       " 'line two'), ?3, ?4, ?5)", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  for (gint64 i = first; i <= last; i++)
    {
      sqlite3_bind_int64 (stmt, 1, dataset_id);
      sqlite3_bind_int64 (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, i % 2 ? "train" : "unassigned", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, i % 3 == 0 ? "accepted" : "unreviewed", -1, SQLITE_STATIC);
      if (i % 10 == 0)
        sqlite3_bind_null (stmt, 5);
      else
        sqlite3_bind_int64 (stmt, 5, (i * 7) % 100);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  g_assert_true (vs_project_commit (project, &error));
}

static gint64
add_dataset (VsProject  *project,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("INSERT INTO datasets (name, columns, created_at,"
                                          " updated_at) VALUES ('%s', '[\"prompt\",\"answer\"]',"
                                          " 'now', 'now')", name);

  g_assert_true (vs_project_exec (project, sql, &error));
  return sqlite3_last_insert_rowid (vs_project_get_db (project));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  gint64 rows = GPOINTER_TO_SIZE (data);
  gint64 other;

  fixture->project = vs_test_project_new ("records.versus", &fixture->dir, NULL);
  other = add_dataset (fixture->project, "other");
  fixture->dataset_id = add_dataset (fixture->project, "main");
  insert_rows (fixture->project, other, 1, 5);
  if (rows > 0)
    insert_rows (fixture->project, fixture->dataset_id, 1, rows);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->project);
  vs_test_tmpdir_free (fixture->dir);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  (*count)++;
}

/* Iterates the default context until items-changed was emitted once more. */
static void
wait_items_changed (VsRecordModel *model)
{
  guint count = 0;
  gulong id = g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &count);

  while (count == 0)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (model, id);
}

static VsRecordModel *
new_model (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  VsRecordModel *model = vs_record_model_new (fixture->project, fixture->dataset_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

static void
wait_counted (VsRecordModel *model)
{
  while (vs_record_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
}

/* The item at @position, waiting for its page when it is a placeholder. */
static VsRecord *
get_loaded (VsRecordModel *model,
            guint          position)
{
  for (;;)
    {
      g_autoptr(VsRecord) record = g_list_model_get_item (G_LIST_MODEL (model), position);

      g_assert_nonnull (record);
      if (vs_record_get_loaded (record))
        return g_steal_pointer (&record);
      g_assert_cmpuint (vs_record_get_position (record), ==, position);
      wait_items_changed (model);
    }
}

static void
test_count (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(VsRecordModel) model = new_model (fixture);

  /* Nothing is counted on the calling thread. */
  g_assert_true (vs_record_model_get_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 0));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == VS_TYPE_RECORD);

  wait_items_changed (model);
  g_assert_false (vs_record_model_get_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1000);
  g_assert_finalize_object (g_steal_pointer (&model));
}

static void
test_placeholders (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(VsRecordModel) model = new_model (fixture);
  g_autoptr(VsRecord) placeholder = NULL;
  g_autoptr(VsRecord) record = NULL;
  g_autoptr(VsRecord) again = NULL;
  g_autofree char *preview = NULL;

  wait_counted (model);
  placeholder = g_list_model_get_item (G_LIST_MODEL (model), 300);
  g_assert_false (vs_record_get_loaded (placeholder));
  g_assert_cmpuint (vs_record_get_position (placeholder), ==, 300);
  g_assert_cmpint (vs_record_get_id (placeholder), ==, 0);

  wait_items_changed (model);
  record = g_list_model_get_item (G_LIST_MODEL (model), 300);
  g_assert_true (vs_record_get_loaded (record));
  g_assert_cmpint (vs_record_get_ordinal (record), ==, 301);
  g_assert_cmpint (vs_record_get_tokens (record), ==, (301 * 7) % 100);
  g_assert_cmpstr (vs_record_get_split (record), ==, "train");
  g_assert_cmpstr (vs_record_get_status (record), ==, "unreviewed");
  preview = vs_record_dup_preview (record, "prompt", 80);
  g_assert_cmpstr (preview, ==, "Question 301");
  g_clear_pointer (&preview, g_free);
  preview = vs_record_dup_preview (record, "answer", 80);
  g_assert_cmpstr (preview, ==, "line one line two");
  g_clear_pointer (&preview, g_free);
  preview = vs_record_dup_preview (record, "answer", 4);
  g_assert_cmpstr (preview, ==, "line…");
  g_assert_null (vs_record_dup_preview (record, "missing", 80));

  /* The same page again: the same item, no new fetch. */
  again = g_list_model_get_item (G_LIST_MODEL (model), 300);
  g_assert_true (again == record);
  g_assert_cmpuint (vs_record_model_get_n_pages (model), ==, 1);
  g_assert_finalize_object (g_steal_pointer (&model));
}

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(VsRecordModel) model = new_model (fixture);
  guint n;

  wait_counted (model);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, 1000);

  /* Every row once, in order, across the page boundaries (256, 512, 768) and the short last
   * page. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VsRecord) record = get_loaded (model, i);

      g_assert_cmpint (vs_record_get_ordinal (record), ==, i + 1);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), n));
  g_assert_cmpuint (vs_record_model_get_n_pages (model), ==, 4);
  g_assert_finalize_object (g_steal_pointer (&model));
}

static void
test_sort_filter (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(VsRecordModel) model = new_model (fixture);
  g_autoptr(VsRecordQuery) query = vs_record_query_new ();
  gint64 previous_tokens = G_MAXINT64, previous_id = G_MAXINT64;
  guint n;

  wait_counted (model);

  /* Descending ordinals. */
  vs_record_model_set_sort (model, VS_RECORD_SORT_ORDINAL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  wait_counted (model);
  {
    g_autoptr(VsRecord) first = get_loaded (model, 0);
    g_autoptr(VsRecord) last = get_loaded (model, 999);
    g_autoptr(VsRecord) middle = get_loaded (model, 256);

    g_assert_cmpint (vs_record_get_ordinal (first), ==, 1000);
    g_assert_cmpint (vs_record_get_ordinal (last), ==, 1);
    g_assert_cmpint (vs_record_get_ordinal (middle), ==, 744);
  }

  /* Tokens, descending, with ties broken by id: keys repeat across page boundaries. */
  vs_record_model_set_sort (model, VS_RECORD_SORT_TOKENS, TRUE);
  wait_counted (model);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, 1000);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VsRecord) record = get_loaded (model, i);
      gint64 tokens = vs_record_get_tokens (record);

      g_assert_true (tokens < previous_tokens ||
                     (tokens == previous_tokens && vs_record_get_id (record) < previous_id));
      previous_tokens = tokens;
      previous_id = vs_record_get_id (record);
    }
  g_assert_cmpint (previous_tokens, ==, -1); /* not counted: last when descending */

  /* Filter: training rows that are accepted, ordinals 100–600: odd multiples of 3. */
  query->split = g_strdup ("train");
  query->status = g_strdup ("accepted");
  query->min_ordinal = 100;
  query->max_ordinal = 600;
  vs_record_model_set_query (model, query);
  wait_counted (model);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, 83); /* 105, 111, …, 597 */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VsRecord) record = get_loaded (model, i);

      g_assert_cmpint (vs_record_get_ordinal (record), ==, 105 + 6 * i);
      g_assert_cmpstr (vs_record_get_split (record), ==, "train");
      g_assert_cmpstr (vs_record_get_status (record), ==, "accepted");
    }

  /* Tokens range. */
  g_clear_pointer (&query, vs_record_query_free);
  query = vs_record_query_new ();
  query->min_tokens = 90;
  query->max_tokens = 99;
  vs_record_model_set_query (model, query);
  g_assert_true (vs_record_query_equal (vs_record_model_get_query (model), query));
  wait_counted (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 90);
  g_assert_finalize_object (g_steal_pointer (&model));
}

static void
test_jump_to_end (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(VsRecordModel) model = new_model (fixture);
  g_autoptr(VsRecord) last = NULL;
  g_autoptr(VsRecord) near = NULL;
  g_autoptr(VsRecord) first = NULL;
  g_autoptr(GTimer) timer = NULL;

  wait_counted (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 100000);

  timer = g_timer_new ();
  last = get_loaded (model, 99999);
  near = get_loaded (model, 99744);
  first = get_loaded (model, 0);
  g_assert_cmpint (vs_record_get_ordinal (last), ==, 100000);
  g_assert_cmpint (vs_record_get_ordinal (near), ==, 99745);
  g_assert_cmpint (vs_record_get_ordinal (first), ==, 1);
  /* Keyset paging: a page at the end costs what a page at the start does. Generous bound for
   * loaded machines; an OFFSET scan per page would still pass, the memory test does not. */
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 5.0);
  g_assert_finalize_object (g_steal_pointer (&model));
}

static void
test_bounded (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(VsRecordModel) model = new_model (fixture);
  guint n;

  wait_counted (model);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));

  /* Scroll through everything: only the most recent pages stay. */
  for (guint i = 0; i < n; i += VS_RECORD_MODEL_PAGE_SIZE)
    {
      g_autoptr(VsRecord) record = get_loaded (model, i);

      g_assert_cmpint (vs_record_get_ordinal (record), ==, i + 1);
      g_assert_cmpuint (vs_record_model_get_n_pages (model), <=, VS_RECORD_MODEL_MAX_PAGES);
    }
  g_assert_cmpuint (vs_record_model_get_n_pages (model), ==, VS_RECORD_MODEL_MAX_PAGES);
  g_assert_finalize_object (g_steal_pointer (&model));
}

static void
test_live_insert (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(VsRecordModel) model = new_model (fixture);
  g_autoptr(VsChange) change = vs_change_new ("records", VS_CHANGE_INSERT, fixture->dataset_id);
  g_autoptr(VsChange) other = vs_change_new ("records", VS_CHANGE_INSERT,
                                             fixture->dataset_id + 100);
  g_autoptr(VsRecord) last = NULL;
  g_autoptr(VsRecord) added = NULL;
  guint count = 0;
  gulong id;

  wait_counted (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1000);
  /* The short last page is loaded before the rows arrive. */
  last = get_loaded (model, 999);

  insert_rows (fixture->project, fixture->dataset_id, 1001, 1300);
  for (gint64 i = 0; i < 300; i++)
    vs_change_add_id (change, sqlite3_last_insert_rowid (vs_project_get_db (fixture->project))
                      - 299 + i);

  /* Another dataset's change is not ours. */
  vs_project_emit_change (fixture->project, other);

  id = g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &count);
  vs_project_emit_change (fixture->project, change);
  while (g_list_model_get_n_items (G_LIST_MODEL (model)) == 1000)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (model, id);

  /* Appended at the end: one items-changed (1000, 0, 300), the rows before unchanged. */
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1300);
  added = get_loaded (model, 1000);
  g_assert_cmpint (vs_record_get_ordinal (added), ==, 1001);
  g_clear_object (&added);
  added = get_loaded (model, 1299);
  g_assert_cmpint (vs_record_get_ordinal (added), ==, 1300);

  /* Without ids (an import that announces "many"), a full reload keeps the right count. */
  insert_rows (fixture->project, fixture->dataset_id, 1301, 1310);
  vs_project_emit_changed (fixture->project, "records");
  while (g_list_model_get_n_items (G_LIST_MODEL (model)) != 1310)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&added);
  added = get_loaded (model, 1309);
  g_assert_cmpint (vs_record_get_ordinal (added), ==, 1310);
  g_assert_finalize_object (g_steal_pointer (&model));
}

static void
test_live_insert_middle (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(VsRecordModel) model = new_model (fixture);
  g_autoptr(VsChange) change = vs_change_new ("records", VS_CHANGE_INSERT, fixture->dataset_id);
  g_autoptr(VsRecord) record = NULL;

  /* Descending: new rows with higher ordinals go to the top, so the model reloads. */
  vs_record_model_set_sort (model, VS_RECORD_SORT_ORDINAL, TRUE);
  wait_counted (model);
  record = get_loaded (model, 0);
  g_assert_cmpint (vs_record_get_ordinal (record), ==, 1000);
  g_clear_object (&record);

  insert_rows (fixture->project, fixture->dataset_id, 1001, 1010);
  vs_change_add_id (change, sqlite3_last_insert_rowid (vs_project_get_db (fixture->project)));
  vs_project_emit_change (fixture->project, change);
  while (g_list_model_get_n_items (G_LIST_MODEL (model)) != 1010)
    g_main_context_iteration (NULL, TRUE);

  /* The old first page stays visible until its replacement arrives, then shows the new row. */
  for (;;)
    {
      record = get_loaded (model, 0);
      if (vs_record_get_ordinal (record) == 1010)
        break;
      g_clear_object (&record);
      wait_items_changed (model);
    }
  g_assert_finalize_object (g_steal_pointer (&model));
}

static void
test_live_update (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(VsRecordModel) model = new_model (fixture);
  g_autoptr(VsChange) change = vs_change_new ("records", VS_CHANGE_UPDATE, fixture->dataset_id);
  g_autoptr(VsRecord) before = NULL;
  g_autoptr(VsRecord) after = NULL;
  g_autoptr(GError) error = NULL;

  wait_counted (model);
  before = get_loaded (model, 10);
  g_assert_cmpstr (vs_record_get_status (before), ==, "unreviewed");

  g_assert_true (vs_project_exec (fixture->project,
                                  "UPDATE records SET status = 'rejected' WHERE ordinal = 11"
                                  " AND dataset_id = (SELECT max(id) FROM datasets)", &error));
  vs_change_add_id (change, vs_record_get_id (before));
  vs_project_emit_change (fixture->project, change);
  wait_items_changed (model);

  after = g_list_model_get_item (G_LIST_MODEL (model), 10);
  g_assert_true (vs_record_get_loaded (after));
  g_assert_cmpstr (vs_record_get_status (after), ==, "rejected");
  g_assert_cmpint (vs_record_get_id (after), ==, vs_record_get_id (before));

  /* The dataset's own updates (counts, import state) leave the rows alone; its deletion
   * does not. */
  {
    g_autoptr(VsChange) update = vs_change_new ("datasets", VS_CHANGE_UPDATE, 0);
    g_autoptr(VsChange) deleted = vs_change_new ("datasets", VS_CHANGE_DELETE, 0);

    vs_change_add_id (update, fixture->dataset_id);
    vs_project_emit_change (fixture->project, update);
    g_assert_false (vs_record_model_get_loading (model));
    vs_change_add_id (deleted, fixture->dataset_id);
    vs_project_emit_change (fixture->project, deleted);
    g_assert_true (vs_record_model_get_loading (model));
    wait_counted (model);
  }
  g_assert_finalize_object (g_steal_pointer (&model));
}

static void
test_dispose_in_flight (Fixture       *fixture,
                        gconstpointer  data)
{
  /* Disposed while counting, and again while pages are on their way. */
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(VsRecordModel) model = new_model (fixture);

      if (round == 1)
        {
          wait_counted (model);
          for (guint i = 0; i < 100000; i += 5000)
            g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
        }
      g_assert_finalize_object (g_steal_pointer (&model));
    }

  /* Results posted before the dispose are dropped, not delivered to a dead model. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef struct
{
  Fixture       *fixture;
  VsRecordModel *model;
  gint64         dataset_id;
  gboolean       done;
  gint64         n_records;
  guint          appends;
} Follow;

static void
on_follow_items_changed (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         Follow     *follow)
{
  if (removed == 0 && position > 0)
    follow->appends++;
}

/* The import's dataset, from its change notice; the model starts while rows still arrive. */
static void
on_follow_changed (VsProject      *project,
                   const char     *table,
                   const VsChange *change,
                   Follow         *follow)
{
  g_autoptr(GError) error = NULL;

  if (follow->model != NULL || g_strcmp0 (table, "datasets") != 0 ||
      change->kind != VS_CHANGE_INSERT || !vs_change_has_ids (change))
    return;
  follow->dataset_id = g_array_index (change->ids, gint64, 0);
  follow->model = vs_record_model_new (project, follow->dataset_id, &error);
  g_assert_no_error (error);
  g_signal_connect (follow->model, "items-changed", G_CALLBACK (on_follow_items_changed), follow);
}

static void
on_follow_imported (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Follow *follow = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsDatasetImportSummary) summary = vs_dataset_import_finish (VS_PROJECT (object),
                                                                        result, &error);

  g_assert_no_error (error);
  follow->n_records = summary->n_records;
  follow->done = TRUE;
}

static void
test_follows_import (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (fixture->dir, "rows.csv", NULL);
  g_autoptr(GString) text = g_string_new ("prompt,answer\n");
  g_autoptr(VsRecord) last = NULL;
  Follow follow = { fixture };
  gulong id;

  for (guint i = 1; i <= 20000; i++)
    g_string_append_printf (text, "Question %u,Answer %u\n", i, i);
  g_assert_true (g_file_set_contents (csv, text->str, text->len, NULL));

  id = g_signal_connect (fixture->project, "changed", G_CALLBACK (on_follow_changed), &follow);
  vs_dataset_import_async (fixture->project, csv, NULL, NULL, NULL, NULL, NULL,
                           on_follow_imported, &follow);
  while (!follow.done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (fixture->project, id);
  g_assert_nonnull (follow.model);
  g_assert_cmpint (follow.n_records, ==, 20000);

  /* Every batch's notice reached the model: it ends with every row, the last one loadable. */
  while (vs_record_model_get_loading (follow.model) ||
         g_list_model_get_n_items (G_LIST_MODEL (follow.model)) != 20000)
    g_main_context_iteration (NULL, TRUE);
  last = get_loaded (follow.model, 19999);
  g_assert_cmpint (vs_record_get_ordinal (last), ==, 20000);
  g_test_message ("%u appends while importing", follow.appends);
  g_assert_finalize_object (g_steal_pointer (&follow.model));
}

static void
test_query (void)
{
  g_autoptr(VsRecordQuery) query = vs_record_query_new ();
  g_autoptr(VsRecordQuery) copy = NULL;

  g_assert_cmpint (query->min_ordinal, ==, -1);
  g_assert_cmpint (query->sort, ==, VS_RECORD_SORT_ORDINAL);
  query->split = g_strdup ("test");
  copy = vs_record_query_copy (query);
  g_assert_true (copy->split != query->split);
  g_assert_true (vs_record_query_equal (query, copy));
  copy->descending = TRUE;
  g_assert_false (vs_record_query_equal (query, copy));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, rows, func) \
  g_test_add ("/versus/record-model/" path, Fixture, GSIZE_TO_POINTER (rows), fixture_set_up, \
              func, fixture_tear_down)

  g_test_add_func ("/versus/record-model/query", test_query);
  ADD ("count", 1000, test_count);
  ADD ("placeholders", 1000, test_placeholders);
  ADD ("paging", 1000, test_paging);
  ADD ("sort-filter", 1000, test_sort_filter);
  ADD ("jump-to-end", 100000, test_jump_to_end);
  ADD ("bounded", 100000, test_bounded);
  ADD ("live-insert", 1000, test_live_insert);
  ADD ("live-insert-middle", 1000, test_live_insert_middle);
  ADD ("live-update", 1000, test_live_update);
  ADD ("dispose-in-flight", 100000, test_dispose_in_flight);
  ADD ("follows-import", 0, test_follows_import);

  return g_test_run ();
}
