/* test-dataset-search.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Full-text search over records (vs-dataset-search.h) and its use by VsRecordModel: bm25
 * ranking, prefix and phrase queries, every filter alone and combined with text, counts
 * beyond the page, a stale index (rows added, edited, deleted, an id reused) found and
 * rebuilt, malformed queries refused with a clear error, accents and non-Latin scripts,
 * chat roles left out of the index, match highlighting, and the table in rank order.
 */
#include "config.h"

#include "vs-dataset-search.h"
#include "vs-error.h"
#include "vs-project-private.h"
#include "vs-record-model.h"
#include "vs-test-util.h"

typedef struct
{
  char      *dir;
  VsProject *project;
  gint64     dataset_id;
  gint64     other_id;
} Fixture;

static gint64
add_dataset (VsProject  *project,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("INSERT INTO datasets (name, created_at, updated_at)"
                                          " VALUES ('%s', 'now', 'now')", name);

  g_assert_true (vs_project_exec (project, sql, &error));
  g_assert_no_error (error);
  return sqlite3_last_insert_rowid (vs_project_get_db (project));
}

/* A record with its review state; @example may be NULL. Returns its id. */
static gint64
add_record (VsProject  *project,
            gint64      dataset_id,
            gint64      ordinal,
            const char *data,
            const char *example,
            const char *split,
            const char *status,
            const char *tags,
            int         rating,
            gint64      tokens,
            const char *problems,
            gint64      cluster)
{
  sqlite3 *db = vs_project_get_db (project);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO records (dataset_id, ordinal, data,"
                                           " example, split, status, tags, rating, tokens,"
                                           " problems, cluster) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                                           " ?7, nullif(?8, 0), ?9, ?10, nullif(?11, 0))",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  sqlite3_bind_int64 (stmt, 2, ordinal);
  sqlite3_bind_text (stmt, 3, data, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, example, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, split ? split : "unassigned", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, status ? status : "unreviewed", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, tags ? tags : "[]", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 8, rating);
  sqlite3_bind_int64 (stmt, 9, tokens);
  sqlite3_bind_text (stmt, 10, problems ? problems : "[]", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 11, cluster);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  return sqlite3_last_insert_rowid (db);
}

static void
exec (Fixture    *fixture,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  vs_project_exec (fixture->project, sql, &error);
  g_assert_no_error (error);
}

static void
build (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vs_dataset_search_build_sync (fixture->project, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vs_dataset_search_get_pending (fixture->project, NULL), ==, 0);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  VsProject *p;
  gint64 ds;

  fixture->project = vs_test_project_new ("search.versus", &fixture->dir, NULL);
  p = fixture->project;
  fixture->other_id = add_dataset (p, "other");
  fixture->dataset_id = ds = add_dataset (p, "main");
  /* Another dataset that mentions Paris: never found in "main". */
  add_record (p, fixture->other_id, 1, "{\"q\": \"Paris Paris Paris\"}", NULL, NULL, NULL, NULL,
              0, 3, NULL, 0);
  add_record (p, ds, 1, "{\"question\": \"What is the capital of France?\","
                        " \"answer\": \"Paris is the capital.\"}", NULL, "train", "accepted",
              "[\"geo\"]", 5, 12, NULL, 0);
  add_record (p, ds, 2, "{\"question\": \"How do I bake bread?\","
                        " \"answer\": \"Mix flour and water, then bake.\"}", NULL, "train",
              "rejected", "[\"food\"]", 2, 40, "[\"missing_content\"]", 0);
  add_record (p, ds, 4, "{\"question\": \"Café au lait, s'il vous plaît\","
                        " \"answer\": \"Coffee with hot milk. Привет, мир!\"}", NULL,
              "validation", NULL, "[\"food\", \"fr\"]", 0, 25, NULL, 0);
  add_record (p, ds, 5, "{\"n\": 7, \"text\": \"Paris Paris Paris in spring\"}", NULL, "test",
              "accepted", "[\"geo\"]", 4, 8,
              "[{\"key\": \"too_long\", \"message\": \"over the limit\"}]", 3);
  add_record (p, ds, 6, "{\"messages\": [{\"role\": \"user\", \"content\": \"Hello world\"},"
                        " {\"role\": \"assistant\", \"content\": \"Hi there, world!\"}]}",
              "{\"messages\": [{\"role\": \"system\", \"content\": \"Be brief.\"},"
              " {\"role\": \"user\", \"content\": \"Hello world\"}]}", NULL, NULL, NULL, 0, 30,
              NULL, 3);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* A build's GTask lets go of the project on its pool thread a moment after its callback
   * ran here. */
  while (g_atomic_int_get (&G_OBJECT (fixture->project)->ref_count) > 1 &&
         g_get_monotonic_time () < deadline)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_thread_yield ();
    }
  g_assert_finalize_object (fixture->project);
  vs_test_tmpdir_free (fixture->dir);
}

static VsSearchResult *
search_full (Fixture             *fixture,
             const VsRecordQuery *query,
             guint                limit)
{
  g_autoptr(GError) error = NULL;
  VsSearchResult *result = vs_dataset_search_sync (fixture->project, fixture->dataset_id, query,
                                                   limit, TRUE, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static VsSearchResult *
search (Fixture    *fixture,
        const char *text)
{
  g_autoptr(VsRecordQuery) query = vs_record_query_new ();

  query->text = g_strdup (text);
  return search_full (fixture, query, 0);
}

/* The ordinals of @result's hits, "1,5". */
static char *
ordinals (const VsSearchResult *result)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < result->hits->len; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i ? "," : "",
                            ((VsSearchHit *) g_ptr_array_index (result->hits, i))->ordinal);
  return g_string_free (text, FALSE);
}

static void
assert_finds (Fixture    *fixture,
              const char *text,
              const char *expected)
{
  g_autoptr(VsSearchResult) result = search (fixture, text);
  g_autofree char *found = ordinals (result);

  g_assert_cmpstr (found, ==, expected);
  g_assert_cmpint (result->n_matches, ==, result->hits->len);
}

static void
test_pending (Fixture       *fixture,
              gconstpointer  data)
{
  /* A new project's records are all pending until built: a search finds nothing yet. */
  g_assert_cmpint (vs_dataset_search_get_pending (fixture->project, NULL), >, 0);
  assert_finds (fixture, "paris", "");
  build (fixture);
  assert_finds (fixture, "paris", "5,1");
}

static void
test_ranking (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(VsSearchResult) result = NULL;
  VsSearchHit *best, *next;

  build (fixture);
  result = search (fixture, "paris");
  g_assert_true (result->ranked);
  g_assert_cmpuint (result->hits->len, ==, 2);
  best = g_ptr_array_index (result->hits, 0);
  next = g_ptr_array_index (result->hits, 1);
  /* Three times in a short row beats once in a longer one; higher scores are better. */
  g_assert_cmpint (best->ordinal, ==, 5);
  g_assert_true (best->has_score && next->has_score);
  g_assert_cmpfloat (best->score, >, next->score);
  g_assert_cmpfloat (next->score, >, 0);
  /* The row as stored, keys in source order. */
  g_assert_cmpstr (best->data, ==, "{\"n\": 7, \"text\": \"Paris Paris Paris in spring\"}");
  g_assert_null (best->example);
  g_assert_cmpstrv (best->matches, ((const char *[]) { "Paris", NULL }));
}

static void
test_prefix_phrase (Fixture       *fixture,
                    gconstpointer  data)
{
  build (fixture);
  assert_finds (fixture, "bak*", "2");
  assert_finds (fixture, "ca*", "1,4");  /* "capital" twice ranks above "café" once */
  assert_finds (fixture, "\"capital of France\"", "1");
  assert_finds (fixture, "\"France of capital\"", "");
  assert_finds (fixture, "bread AND flour", "2");
  assert_finds (fixture, "bread OR spring", "5,2");
  assert_finds (fixture, "paris NOT spring", "1");
  assert_finds (fixture, "NEAR(capital France, 2)", "1");
  /* Every column of the row, and the mapped example (its system prompt is only there). */
  assert_finds (fixture, "brief", "6");
  assert_finds (fixture, "example:brief", "6");
  assert_finds (fixture, "data:brief", "");
}

static void
test_text_values (Fixture       *fixture,
                  gconstpointer  data)
{
  build (fixture);
  /* Case and accents do not matter; Cyrillic is words too. */
  assert_finds (fixture, "cafe", "4");
  assert_finds (fixture, "CAFÉ", "4");
  assert_finds (fixture, "привет", "4");
  assert_finds (fixture, "МИР", "4");
  /* String values only: keys and numbers are not text, nor the roles of chat messages. */
  assert_finds (fixture, "question", "");
  assert_finds (fixture, "7", "");
  assert_finds (fixture, "assistant", "");
  assert_finds (fixture, "world", "6");
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  struct {
    const char *split, *status, *tag, *problem, *text;
    gint64 min_rating, max_rating, min_tokens, max_tokens, cluster;
    const char *expected;
  } cases[] = {
    { "train", NULL, NULL, NULL, NULL, -1, -1, -1, -1, -1, "1,2" },
    { NULL, "accepted", NULL, NULL, NULL, -1, -1, -1, -1, -1, "1,5" },
    { NULL, "unreviewed", NULL, NULL, NULL, -1, -1, -1, -1, -1, "4,6" },
    { NULL, NULL, "food", NULL, NULL, -1, -1, -1, -1, -1, "2,4" },
    { NULL, NULL, "fr", NULL, NULL, -1, -1, -1, -1, -1, "4" },
    { NULL, NULL, NULL, "missing_content", NULL, -1, -1, -1, -1, -1, "2" },
    { NULL, NULL, NULL, "too_long", NULL, -1, -1, -1, -1, -1, "5" },
    { NULL, NULL, NULL, NULL, NULL, 4, 5, -1, -1, -1, "1,5" },
    { NULL, NULL, NULL, NULL, NULL, 0, 0, -1, -1, -1, "4,6" },
    { NULL, NULL, NULL, NULL, NULL, -1, -1, 10, 30, -1, "1,4,6" },
    { NULL, NULL, NULL, NULL, NULL, -1, -1, -1, -1, 3, "5,6" },
    /* Combined: every filter must hold, text included. */
    { NULL, "accepted", "geo", NULL, "paris", 5, 5, -1, -1, -1, "1" },
    { "test", NULL, NULL, NULL, "paris", -1, -1, -1, 10, 3, "5" },
    { "train", NULL, NULL, NULL, "paris", -1, -1, -1, -1, 3, "" },
    { NULL, NULL, "food", NULL, "hot OR bread", -1, -1, 30, -1, -1, "2" },
  };

  build (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VsRecordQuery) query = vs_record_query_new ();
      g_autoptr(VsSearchResult) result = NULL;
      g_autofree char *found = NULL;

      query->split = g_strdup (cases[i].split);
      query->status = g_strdup (cases[i].status);
      query->tag = g_strdup (cases[i].tag);
      query->problem = g_strdup (cases[i].problem);
      query->text = g_strdup (cases[i].text);
      query->min_rating = cases[i].min_rating;
      query->max_rating = cases[i].max_rating;
      query->min_tokens = cases[i].min_tokens;
      query->max_tokens = cases[i].max_tokens;
      query->cluster = cases[i].cluster;
      result = search_full (fixture, query, 0);
      found = ordinals (result);
      g_test_message ("case %u", i);
      g_assert_cmpstr (found, ==, cases[i].expected);
      g_assert_cmpint (result->n_matches, ==, result->hits->len);
      /* Without text, records come in file order, unscored. */
      g_assert_true (result->ranked == (cases[i].text != NULL));
    }
}

static void
test_counts (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(VsRecordQuery) query = vs_record_query_new ();
  g_autoptr(VsSearchResult) result = NULL;

  for (int i = 10; i < 110; i++)
    add_record (fixture->project, fixture->dataset_id, i, "{\"t\": \"lorem ipsum\"}", NULL, NULL,
                NULL, NULL, 0, 1, NULL, 0);
  build (fixture);
  query->text = g_strdup ("lorem");
  result = search_full (fixture, query, 7);
  g_assert_cmpuint (result->hits->len, ==, 7);
  g_assert_cmpint (result->n_matches, ==, 100);
  g_clear_pointer (&result, vs_search_result_free);
  /* Not counted when not asked. */
  result = vs_dataset_search_sync (fixture->project, fixture->dataset_id, query, 7, FALSE, NULL,
                                   NULL);
  g_assert_cmpuint (result->hits->len, ==, 7);
  g_assert_cmpint (result->n_matches, ==, -1);
  g_clear_pointer (&result, vs_search_result_free);

  /* A blank text is no text: every record of the dataset, in file order. */
  g_free (query->text);
  query->text = g_strdup ("  ");
  result = search_full (fixture, query, 3);
  g_assert_cmpint (result->n_matches, ==, 105);
  g_assert_false (result->ranked);
  g_assert_cmpint (((VsSearchHit *) g_ptr_array_index (result->hits, 0))->ordinal, ==, 1);
  g_assert_false (((VsSearchHit *) g_ptr_array_index (result->hits, 0))->has_score);
}

static void
test_unranked (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(VsSearchResult) result = NULL;
  sqlite3 *db = vs_project_get_db (fixture->project);

  /* More matches than are ranked: the first in file order, without scores. */
  exec (fixture, "BEGIN");
  for (int i = 0; i < VS_RECORD_MODEL_MAX_RANKED + 5; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO records (dataset_id, ordinal, data)"
                                              " VALUES (%" G_GINT64_FORMAT ", %d,"
                                              " '{\"t\": \"common words\"}')",
                                              fixture->dataset_id, 100 + i);

      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  exec (fixture, "COMMIT");
  build (fixture);
  result = search (fixture, "common");
  g_assert_false (result->ranked);
  g_assert_cmpint (result->n_matches, ==, VS_RECORD_MODEL_MAX_RANKED + 5);
  g_assert_cmpint (((VsSearchHit *) g_ptr_array_index (result->hits, 0))->ordinal, ==, 100);
  g_assert_false (((VsSearchHit *) g_ptr_array_index (result->hits, 0))->has_score);
}

typedef struct
{
  gboolean seen;
  gboolean loading;
  guint    n_items;
} FirstChange;

static void
on_first_change (GListModel  *model,
                 guint        position,
                 guint        removed,
                 guint        added,
                 FirstChange *first)
{
  if (first->seen || g_list_model_get_n_items (model) == 0)
    return;
  first->seen = TRUE;
  first->loading = vs_record_model_get_loading (VS_RECORD_MODEL (model));
  first->n_items = g_list_model_get_n_items (model);
}

/* A search that matches too many rows to rank shows its first page before it is counted. */
static void
test_model_first_page (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsRecordModel) model = NULL;
  g_autoptr(VsRecordQuery) query = vs_record_query_new ();
  g_autoptr(VsRecord) record = NULL;
  sqlite3 *db = vs_project_get_db (fixture->project);
  FirstChange first = { 0 };

  exec (fixture, "BEGIN");
  for (int i = 0; i < VS_RECORD_MODEL_MAX_RANKED + 5; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO records (dataset_id, ordinal, data)"
                                              " VALUES (%" G_GINT64_FORMAT ", %d,"
                                              " '{\"t\": \"common words\"}')",
                                              fixture->dataset_id, 100 + i);

      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  exec (fixture, "COMMIT");
  build (fixture);

  model = vs_record_model_new (fixture->project, fixture->dataset_id, &error);
  g_assert_no_error (error);
  while (vs_record_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_first_change), &first);
  query->text = g_strdup ("common");
  query->sort = VS_RECORD_SORT_RANK;
  vs_record_model_set_query (model, query);
  while (vs_record_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (first.seen);
  g_assert_true (first.loading);
  g_assert_cmpuint (first.n_items, ==, VS_RECORD_MODEL_PAGE_SIZE);
  g_assert_false (vs_record_model_get_ranked (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                    VS_RECORD_MODEL_MAX_RANKED + 5);
  /* In file order, the first page kept, the rest paged in as usual. */
  record = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (vs_record_get_loaded (record));
  g_assert_cmpint (vs_record_get_ordinal (record), ==, 100);
  g_clear_object (&record);
  for (;;)
    {
      record = g_list_model_get_item (G_LIST_MODEL (model), 5000);
      if (vs_record_get_loaded (record))
        break;
      g_clear_object (&record);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpint (vs_record_get_ordinal (record), ==, 5100);
  g_signal_handlers_disconnect_by_data (model, &first);
  g_assert_finalize_object (g_steal_pointer (&model));
}

static void
test_fresh (Fixture       *fixture,
            gconstpointer  data)
{
  gint64 id;

  build (fixture);
  /* Edits of indexed rows follow at once (triggers). */
  exec (fixture, "UPDATE records SET data = '{\"question\": \"How do I bake cake?\"}'"
                 " WHERE ordinal = 2 AND dataset_id = 2");
  assert_finds (fixture, "bread", "");
  assert_finds (fixture, "cake", "2");
  exec (fixture, "UPDATE records SET example = '{\"messages\": [{\"role\": \"user\","
                 " \"content\": \"sourdough\"}]}' WHERE ordinal = 2 AND dataset_id = 2");
  assert_finds (fixture, "sourdough", "2");
  exec (fixture, "DELETE FROM records WHERE ordinal = 1 AND dataset_id = 2");
  assert_finds (fixture, "paris", "5");
  g_assert_cmpint (vs_dataset_search_get_pending (fixture->project, NULL), ==, 0);

  /* New rows wait for the build: the index is stale until then. */
  id = add_record (fixture->project, fixture->dataset_id, 7, "{\"q\": \"zebra crossing\"}", NULL,
                   NULL, NULL, NULL, 0, 1, NULL, 0);
  g_assert_cmpint (vs_dataset_search_get_pending (fixture->project, NULL), ==, 1);
  assert_finds (fixture, "zebra", "");
  build (fixture);
  assert_finds (fixture, "zebra", "7");

  /* The highest row deleted and its id given again: the new row is pending, not taken for
   * indexed, and the old one's words are gone. */
  exec (fixture, "DELETE FROM records WHERE ordinal = 7 AND dataset_id = 2");
  g_assert_cmpint (add_record (fixture->project, fixture->dataset_id, 8, "{\"q\": \"yak\"}", NULL,
                               NULL, NULL, NULL, 0, 1, NULL, 0), ==, id);
  assert_finds (fixture, "zebra", "");
  g_assert_cmpint (vs_dataset_search_get_pending (fixture->project, NULL), ==, 1);
  build (fixture);
  assert_finds (fixture, "yak", "8");

  /* A row put back under an id the index already covers is indexed at once. */
  exec (fixture, "INSERT INTO records (id, dataset_id, ordinal, data)"
                 " VALUES (2, 2, 1, '{\"q\": \"restored capital\"}')");
  assert_finds (fixture, "restored", "1");
  /* The index agrees with its content after all of it. */
  exec (fixture, "INSERT INTO record_search (record_search) VALUES ('integrity-check')");
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  const char *queries[] = { "world AND (", "\"unterminated", "nosuchcolumn:word", "AND", "*",
                            "NEAR(a b", "a + ", "^" };

  build (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(VsRecordQuery) query = vs_record_query_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(VsSearchResult) result = NULL;

      query->text = g_strdup (queries[i]);
      result = vs_dataset_search_sync (fixture->project, fixture->dataset_id, query, 0, TRUE,
                                       NULL, &error);
      g_test_message ("%s", queries[i]);
      g_assert_null (result);
      g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, queries[i]));
      g_assert_null (strstr (error->message, "fts5:"));
    }
}

static void
test_find_matches (void)
{
  const char *matches[] = { "Paris", "café", NULL };
  g_autoptr(GArray) ranges = vs_dataset_search_find_matches ("In PARIS, a Café; Parisian cafés",
                                                             matches);

  /* Whole words, any case; "Parisian" and "cafés" are other words. */
  g_assert_cmpuint (ranges->len, ==, 4);
  g_assert_cmpuint (g_array_index (ranges, guint, 0), ==, 3);
  g_assert_cmpuint (g_array_index (ranges, guint, 1), ==, 8);
  g_assert_cmpuint (g_array_index (ranges, guint, 2), ==, 12);
  g_assert_cmpuint (g_array_index (ranges, guint, 3), ==, 17);
  g_clear_pointer (&ranges, g_array_unref);

  ranges = vs_dataset_search_find_matches ("nothing here", matches);
  g_assert_cmpuint (ranges->len, ==, 0);
  g_clear_pointer (&ranges, g_array_unref);
  ranges = vs_dataset_search_find_matches ("\xff invalid", matches);
  g_assert_cmpuint (ranges->len, ==, 0);
}

static void
on_progress (gint64   done,
             gint64   total,
             gint64   items,
             gpointer user_data)
{
  gint64 *last = user_data;

  g_assert_cmpint (done, <=, total);
  *last = done;
}

static void
on_built (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  g_assert_true (vs_dataset_search_build_finish (VS_PROJECT (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_build_async (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 last = -1;
  gboolean done = FALSE;

  vs_dataset_search_build_async (fixture->project, NULL, on_progress, &last, NULL, on_built,
                                 &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (last, ==, 6);
  g_assert_cmpint (vs_dataset_search_get_pending (fixture->project, NULL), ==, 0);
}

static void
wait_counted (VsRecordModel *model)
{
  while (vs_record_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
}

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
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
test_model (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsRecordModel) model = vs_record_model_new (fixture->project, fixture->dataset_id,
                                                        &error);
  g_autoptr(VsRecordQuery) query = vs_record_query_new ();
  g_autoptr(VsRecord) first = NULL;
  g_autoptr(VsRecord) second = NULL;

  g_assert_no_error (error);
  build (fixture);

  /* Rank order: best first, with what matched. */
  query->text = g_strdup ("paris");
  query->sort = VS_RECORD_SORT_RANK;
  vs_record_model_set_query (model, query);
  wait_counted (model);
  g_assert_true (vs_record_model_get_ranked (model));
  g_assert_null (vs_record_model_get_error (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  first = get_loaded (model, 0);
  second = get_loaded (model, 1);
  g_assert_cmpint (vs_record_get_ordinal (first), ==, 5);
  g_assert_cmpint (vs_record_get_ordinal (second), ==, 1);
  g_assert_cmpstrv (vs_record_get_matches (first), ((const char *[]) { "Paris", NULL }));
  g_clear_object (&first);
  g_clear_object (&second);

  /* The table's sort instead of rank, with filters. */
  query->sort = VS_RECORD_SORT_ORDINAL;
  query->status = g_strdup ("accepted");
  vs_record_model_set_query (model, query);
  wait_counted (model);
  g_assert_false (vs_record_model_get_ranked (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  first = get_loaded (model, 0);
  g_assert_cmpint (vs_record_get_ordinal (first), ==, 1);
  g_clear_object (&first);

  /* An edit that makes a row match shows up. */
  exec (fixture, "UPDATE records SET data = '{\"q\": \"paris again\"}', status = 'accepted'"
                 " WHERE ordinal = 6 AND dataset_id = 2");
  vs_project_emit_changed (fixture->project, "records");
  while (g_list_model_get_n_items (G_LIST_MODEL (model)) != 3)
    g_main_context_iteration (NULL, TRUE);

  /* A malformed search: no rows and the reason. */
  g_free (query->text);
  query->text = g_strdup ("paris AND (");
  vs_record_model_set_query (model, query);
  wait_counted (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_nonnull (vs_record_model_get_error (model));
  g_assert_nonnull (strstr (vs_record_model_get_error (model), "is not valid"));

  g_assert_finalize_object (g_steal_pointer (&model));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/versus/dataset-search/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("pending", test_pending);
  ADD ("ranking", test_ranking);
  ADD ("prefix-phrase", test_prefix_phrase);
  ADD ("text-values", test_text_values);
  ADD ("filters", test_filters);
  ADD ("counts", test_counts);
  ADD ("unranked", test_unranked);
  ADD ("fresh", test_fresh);
  ADD ("malformed", test_malformed);
  ADD ("build-async", test_build_async);
  ADD ("model", test_model);
  ADD ("model-first-page", test_model_first_page);
#undef ADD
  g_test_add_func ("/versus/dataset-search/find-matches", test_find_matches);

  return g_test_run ();
}
