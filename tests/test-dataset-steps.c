/* test-dataset-steps.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wizard's work on a stored dataset: the mapping is kept and applied to every record
 * (errors name the row and the template position), each cleaning step says what it changed
 * or dropped and is undone exactly — also after the project is reopened — and the split and
 * the written files cover the kept records only.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vs-dataset-export.h"
#include "vs-dataset-import.h"
#include "vs-dataset-steps.h"
#include "vs-dataset-store.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-test-util.h"

typedef struct
{
  char      *dir;
  char      *path;
  VsProject *project;
  gint64     dataset_id;
} Fixture;

/* Ten rows: 2 and 5 the same question once whitespace is tidied, 7 an empty answer, 8 almost
 * row 1, 9 a long answer, 10 a missing column for the mapping. */
static const char csv[] =
  "question,answer,label\n"
  "How do I reset my password on the website today?,Use the reset link on the sign-in page then"
  " check your inbox for an email with a new link that stays valid for one hour and choose a new"
  " password there.,account\n"
  "Where is my   parcel?,  It is on its way.  ,shipping\n"
  "Can I pay by card?,Yes.,billing\n"
  "Do you ship abroad?,We ship to 40 countries.,shipping\n"
  "Where is my parcel?,It is on its way.,shipping\n"
  "How do I close my account?,Write to support.,account\n"
  "Is there a student discount?,,billing\n"
  "How do I reset my password on the website today please?,Use the reset link on the sign-in page"
  " then check your inbox for an email with a new link that stays valid for one hour and choose a"
  " new password there.,account\n"
  "Tell me everything.,%s,billing\n"
  "What are your hours?,Nine to five.,\n";

#define MAPPING "{\"system\": \"You are a support agent.\", \"user\": \"{{question}}\"," \
                " \"assistant\": \"{{answer}}\", \"label\": \"label\"}"

static gint64
query_int (VsProject  *project,
           const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (vs_project_get_db (project), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static char *
query_text (VsProject  *project,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (vs_project_get_db (project), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *file = NULL;
  g_autofree char *long_answer = NULL;
  g_autofree char *text = NULL;
  g_autoptr(VsDatasetImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) words = g_string_new (NULL);

  f->project = vs_test_project_new ("steps.versus", &f->dir, &f->path);
  for (guint i = 0; i < 400; i++)
    g_string_append (words, "lorem ipsum dolor sit amet ");
  g_string_truncate (words, words->len - 1);
  text = g_strdup_printf (csv, words->str);
  file = g_build_filename (f->dir, "support.csv", NULL);
  g_assert_true (g_file_set_contents (file, text, -1, NULL));
  summary = vs_dataset_import_sync (f->project, file, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->n_records, ==, 10);
  f->dataset_id = summary->dataset_id;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->project);
  vs_test_tmpdir_free (f->dir);
  g_free (f->path);
}

static void
map (Fixture    *f,
     const char *mapping,
     gint64      n_mapped)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsDatasetMapResult) result = NULL;

  result = vs_dataset_map_sync (f->project, f->dataset_id, mapping, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->n_records, ==, 10);
  g_assert_cmpint (result->n_mapped, ==, n_mapped);
  g_assert_cmpint (result->n_failed, ==, 10 - n_mapped);
}

static VsDatasetStep *
clean (Fixture                     *f,
       VsDatasetCleanKind           kind,
       const VsDatasetCleanOptions *options)
{
  g_autoptr(GError) error = NULL;
  VsDatasetStep *step = vs_dataset_clean_sync (f->project, f->dataset_id, kind, options, NULL,
                                               NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (step);
  g_assert_cmpstr (step->kind, ==, vs_dataset_clean_kind_to_string (kind));
  return step;
}

static gint64
kept (Fixture *f)
{
  gint64 n = vs_dataset_steps_count_kept (f->project, f->dataset_id);

  /* The maintained figure agrees with the records. */
  g_assert_cmpint (n, ==, query_int (f->project, "SELECT count(*) FROM records"
                                                 " WHERE dropped_by IS NULL"));
  return n;
}

static void
test_mapping_stored (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsDatasetMapResult) result = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *example = NULL;
  g_autoptr(JsonObject) object = NULL;
  JsonArray *messages;

  /* A bad mapping changes nothing. */
  result = vs_dataset_map_sync (f->project, f->dataset_id, "{\"user\": \"{{question\"}", NULL,
                                NULL, &error);
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  g_assert_null (result);
  g_clear_error (&error);
  stored = vs_dataset_steps_get_mapping (f->project, f->dataset_id);
  g_assert_cmpstr (stored, ==, "{}");
  g_clear_pointer (&stored, g_free);

  map (f, MAPPING, 10);
  stored = vs_dataset_steps_get_mapping (f->project, f->dataset_id);
  object = vs_json_parse_object (stored, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vs_json_get_string (object, "user", NULL), ==, "{{question}}");
  g_clear_pointer (&object, json_object_unref);

  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM records WHERE example IS NULL"),
                   ==, 0);
  example = query_text (f->project, "SELECT example FROM records WHERE ordinal = 3");
  object = vs_json_parse_object (example, -1, &error);
  g_assert_no_error (error);
  messages = json_object_get_array_member (object, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 3);
  g_assert_cmpstr (vs_json_get_string (json_array_get_object_element (messages, 1), "content",
                                       NULL), ==, "Can I pay by card?");
  g_assert_cmpstr (vs_json_get_string (json_array_get_object_element (messages, 2), "content",
                                       NULL), ==, "Yes.");
  /* The figures stay with the dataset. */
  g_assert_cmpint (query_int (f->project, "SELECT settings ->> '$.wizard.mapped' FROM datasets"),
                   ==, 10);
}

static void
test_mapping_errors (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsDatasetMapResult) result = NULL;
  const char *message;

  /* `missing` is not a column: every row fails, and says which row and where. */
  result = vs_dataset_map_sync (f->project, f->dataset_id,
                                "{\"user\": \"Q: {{missing}}\", \"assistant\": \"{{answer}}\"}",
                                NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->n_mapped, ==, 0);
  g_assert_cmpint (result->n_failed, ==, 10);
  g_assert_cmpuint (result->errors->len, ==, 10);
  message = g_ptr_array_index (result->errors, 0);
  g_test_message ("%s", message);
  g_assert_true (g_str_has_prefix (message, "Row 1: "));
  g_assert_nonnull (strstr (message, "missing"));
  g_assert_nonnull (strstr (message, "1:"));
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM records WHERE example IS NULL"),
                   ==, 10);
}

static void
test_clean_steps (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(VsDatasetStep) trim = NULL;
  g_autoptr(VsDatasetStep) empty = NULL;
  g_autoptr(VsDatasetStep) dedup = NULL;
  g_autoptr(VsDatasetStep) near = NULL;
  g_autoptr(VsDatasetStep) tokens = NULL;
  g_autofree char *example = NULL;
  VsDatasetCleanOptions options = { 0 };

  map (f, MAPPING, 10);
  g_assert_cmpint (kept (f), ==, 10);

  /* Row 2's extra spaces go; nothing is dropped. */
  trim = clean (f, VS_DATASET_CLEAN_TRIM, NULL);
  g_assert_cmpint (trim->n_before, ==, 10);
  g_assert_cmpint (trim->n_changed, ==, 1);
  g_assert_cmpint (trim->n_dropped, ==, 0);
  example = query_text (f->project, "SELECT example FROM records WHERE ordinal = 2");
  g_assert_nonnull (strstr (example, "\"Where is my parcel?\""));
  g_assert_nonnull (strstr (example, "\"It is on its way.\""));
  g_clear_pointer (&example, g_free);

  /* Row 7 has no answer. */
  empty = clean (f, VS_DATASET_CLEAN_DROP_EMPTY, NULL);
  g_assert_cmpint (empty->n_before, ==, 10);
  g_assert_cmpint (empty->n_dropped, ==, 1);
  g_assert_cmpint (query_int (f->project,
                              "SELECT ordinal FROM records WHERE dropped_by IS NOT NULL"), ==, 7);
  g_assert_cmpint (kept (f), ==, 9);

  /* After tidying, row 5 is row 2 again; the first is kept. */
  dedup = clean (f, VS_DATASET_CLEAN_DEDUP, NULL);
  g_assert_cmpint (dedup->n_before, ==, 9);
  g_assert_cmpint (dedup->n_dropped, ==, 1);
  g_assert_cmpint (query_int (f->project, "SELECT dropped_by FROM records WHERE ordinal = 5"),
                   ==, dedup->id);
  g_assert_cmpint (kept (f), ==, 8);

  /* Row 8 is row 1 with one more word. */
  options.near_threshold = 0.85;
  near = clean (f, VS_DATASET_CLEAN_NEAR_DEDUP, &options);
  g_assert_cmpint (near->n_before, ==, 8);
  g_assert_cmpint (near->n_dropped, ==, 1);
  g_assert_cmpint (query_int (f->project, "SELECT dropped_by FROM records WHERE ordinal = 8"),
                   ==, near->id);
  g_assert_cmpint (query_int (f->project, "SELECT cluster FROM records WHERE ordinal = 8"), ==,
                   query_int (f->project, "SELECT id FROM records WHERE ordinal = 1"));
  g_assert_cmpint (query_int (f->project, "SELECT cluster FROM records WHERE ordinal = 1"), ==,
                   query_int (f->project, "SELECT id FROM records WHERE ordinal = 1"));
  g_assert_cmpint (kept (f), ==, 7);

  /* Row 9 is about 2,000 tokens. */
  options.max_tokens = 500;
  tokens = clean (f, VS_DATASET_CLEAN_MAX_TOKENS, &options);
  g_assert_cmpint (tokens->n_dropped, ==, 1);
  g_assert_cmpint (query_int (f->project, "SELECT dropped_by FROM records WHERE ordinal = 9"),
                   ==, tokens->id);
  g_assert_cmpint (kept (f), ==, 6);
}

static void
test_undo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(VsDatasetStep) trim = NULL;
  g_autoptr(VsDatasetStep) dedup = NULL;
  g_autoptr(VsDatasetStep) near = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  VsDatasetCleanOptions options = { 0 };

  map (f, MAPPING, 10);
  before = query_text (f->project, "SELECT example FROM records WHERE ordinal = 2");
  trim = clean (f, VS_DATASET_CLEAN_TRIM, NULL);
  dedup = clean (f, VS_DATASET_CLEAN_DEDUP, NULL);
  near = clean (f, VS_DATASET_CLEAN_NEAR_DEDUP, &options);
  g_assert_cmpint (kept (f), ==, 8);

  /* Undo the last: row 8 comes back, clusters are cleared. */
  g_assert_true (vs_dataset_clean_undo (f->project, f->dataset_id, near->id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kept (f), ==, 9);
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM records WHERE cluster IS NOT NULL"),
                   ==, 0);
  /* Already undone. */
  g_assert_false (vs_dataset_clean_undo (f->project, f->dataset_id, near->id, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The history survives reopening; undoing the trim undoes the dedup after it too. */
  g_clear_object (&f->project);
  f->project = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  steps = vs_dataset_clean_list (f->project, f->dataset_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (steps->len, ==, 3);
  g_assert_cmpstr (((VsDatasetStep *) g_ptr_array_index (steps, 0))->kind, ==, "trim");
  g_assert_false (((VsDatasetStep *) g_ptr_array_index (steps, 1))->undone);
  g_assert_true (((VsDatasetStep *) g_ptr_array_index (steps, 2))->undone);

  g_assert_true (vs_dataset_clean_undo (f->project, f->dataset_id, trim->id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kept (f), ==, 10);
  after = query_text (f->project, "SELECT example FROM records WHERE ordinal = 2");
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM step_changes"), ==, 0);
}

static void
test_drop_and_step (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(VsDatasetStep) drop = NULL;
  g_autoptr(GArray) ordinals = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  VsDatasetCleanOptions options = { 0 };
  gint64 three = 3, six = 6;

  g_assert_cmpint (vs_dataset_steps_get_current (f->project, f->dataset_id), ==,
                   VS_DATASET_STEP_IMPORT);
  g_assert_true (vs_dataset_steps_set_current (f->project, f->dataset_id,
                                               VS_DATASET_STEP_VALIDATE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vs_dataset_steps_get_current (f->project, f->dataset_id), ==,
                   VS_DATASET_STEP_VALIDATE);

  map (f, MAPPING, 10);
  g_array_append_val (ordinals, three);
  g_array_append_val (ordinals, six);
  options.ordinals = ordinals;
  drop = clean (f, VS_DATASET_CLEAN_DROP, &options);
  g_assert_cmpint (drop->n_dropped, ==, 2);
  g_assert_cmpint (kept (f), ==, 8);

  /* Mapping again starts cleaning over. */
  map (f, MAPPING, 10);
  g_assert_cmpint (kept (f), ==, 10);

  /* The step survives reopening. */
  g_clear_object (&f->project);
  f->project = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vs_dataset_steps_get_current (f->project, f->dataset_id), ==,
                   VS_DATASET_STEP_VALIDATE);
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static VsDatasetExportSummary *
export_records (Fixture        *f,
                const char     *output,
                VsExportFormat  format,
                gboolean        split)
{
  VsDatasetExportOptions options = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  VsDatasetExportSummary *summary;

  options.format = format;
  options.split = split;
  vs_dataset_export_dataset_async (f->project, f->dataset_id, output, &options, NULL, NULL,
                                   NULL, NULL, on_exported, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  summary = vs_dataset_export_dataset_finish (f->project, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  return summary;
}

static void
test_validate_split_write (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(VsDatasetValidation) v = NULL;
  g_autoptr(VsDatasetStep) empty = NULL;
  g_autoptr(VsDatasetExportSummary) written = NULL;
  g_autofree char *split_dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *contents = NULL;
  VsDatasetSplitOptions split = { { 50, 25, 25 }, 42, NULL };
  gint64 counts[3];
  gint64 again[3];

  map (f, MAPPING, 10);
  empty = clean (f, VS_DATASET_CLEAN_DROP_EMPTY, NULL);

  v = vs_dataset_validate_records_sync (f->project, f->dataset_id, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (v->n_examples, ==, 9);
  g_assert_cmpint (v->n_valid, ==, 9);
  g_assert_cmpint (v->n_errors, ==, 0);
  g_assert_cmpuint (v->tokens->len, ==, 9);
  g_assert_cmpint (v->token_limit, ==, VS_DATASET_TOKEN_LIMIT_DEFAULT);
  /* The counts are kept with the records (the dropped one has none). */
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM records WHERE tokens > 0"), ==,
                   9);
  g_assert_cmpint (query_int (f->project, "SELECT sum(tokens) FROM records"), ==,
                   json_node_get_int (json_object_get_member (
                     json_object_get_object_member (json_node_get_object (v->report), "stats"),
                     "total_tokens")));
  /* Each example's problems are kept with it too: no errors here (a warning or two); an
   * example without its reply gets its error, and loses it again once the reply is back. */
#define NO_ERRORS "SELECT count(*) FROM records WHERE tokens > 0 AND NOT EXISTS" \
                  " (SELECT 1 FROM json_each (problems) WHERE value ->> '$.error' = 1)"
  g_assert_cmpint (query_int (f->project, NO_ERRORS), ==, 9);
  {
    g_autoptr(VsDatasetValidation) revalidated = NULL;

    g_assert_true (vs_project_exec (f->project, "CREATE TEMP TABLE kept AS SELECT example"
                                                " FROM records WHERE ordinal = 1;"
                                                "UPDATE records SET example = json_remove"
                                                " (example, '$.messages[2]') WHERE ordinal = 1",
                                    &error));
    revalidated = vs_dataset_validate_records_sync (f->project, f->dataset_id, NULL, NULL, NULL,
                                                    &error);
    g_assert_no_error (error);
    g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM records WHERE ordinal = 1"
                                            " AND EXISTS (SELECT 1 FROM json_each (problems)"
                                            "  WHERE value ->> '$.key' ="
                                            "  'example_missing_assistant_message'"
                                            "  AND value ->> '$.error' = 1)"), ==, 1);
    g_assert_true (vs_project_exec (f->project, "UPDATE records SET example ="
                                                " (SELECT example FROM temp.kept)"
                                                " WHERE ordinal = 1; DROP TABLE temp.kept",
                                    &error));
    g_clear_pointer (&revalidated, vs_dataset_validation_free);
    revalidated = vs_dataset_validate_records_sync (f->project, f->dataset_id, NULL, NULL, NULL,
                                              &error);
    g_assert_no_error (error);
    g_assert_cmpint (query_int (f->project, NO_ERRORS), ==, 9);
  }
#undef NO_ERRORS

  g_assert_true (vs_dataset_split_records_sync (f->project, f->dataset_id, &split, counts, NULL,
                                                &error));
  g_assert_no_error (error);
  g_assert_cmpint (counts[0] + counts[1] + counts[2], ==, 9);
  g_assert_cmpint (counts[0], ==, 5);
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM records WHERE split = 'train'"),
                   ==, counts[0]);
  /* The dropped record is in no split; the same seed gives the same split. */
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM records WHERE ordinal = 7"
                                          " AND split = 'unassigned'"), ==, 1);
  g_assert_true (vs_dataset_split_records_sync (f->project, f->dataset_id, &split, again, NULL,
                                                &error));
  g_assert_cmpmem (counts, sizeof counts, again, sizeof again);

  /* Stratified by label: each label keeps the proportions as far as it can. */
  split.stratify = (char *) "label";
  g_assert_true (vs_dataset_split_records_sync (f->project, f->dataset_id, &split, counts, NULL,
                                                &error));
  g_assert_no_error (error);
  g_assert_cmpint (counts[0] + counts[1] + counts[2], ==, 9);

  /* Exported through the exporter: the kept records, the dropped one left out. */
  out = g_build_filename (f->dir, "out.jsonl", NULL);
  written = export_records (f, out, VS_EXPORT_OPENAI_CHAT, FALSE);
  g_assert_cmpint (written->n_written, ==, 9);
  g_assert_cmpuint (written->files->len, ==, 1);
  g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "{\"messages\":"));
  g_clear_pointer (&written, vs_dataset_export_summary_free);

  /* One file per split, each record in the split it was given. */
  split_dir = g_build_filename (f->dir, "out-split", NULL);
  written = export_records (f, split_dir, VS_EXPORT_JSONL, TRUE);
  g_assert_cmpint (written->n_written, ==, 9);
  g_assert_cmpuint (written->files->len, ==, 3);
  {
    VsDatasetExportFile *train = g_ptr_array_index (written->files, 0);
    gint64 sum = 0;

    g_assert_true (g_str_has_suffix (train->path, "train.jsonl"));
    g_assert_cmpint (train->n_examples, ==, counts[0]);
    for (guint i = 0; i < written->files->len; i++)
      sum += ((VsDatasetExportFile *) g_ptr_array_index (written->files, i))->n_examples;
    g_assert_cmpint (sum, ==, 9);
  }
}

static void
test_rename_delete (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsDatasetStep) empty = NULL;
  g_autofree char *name = NULL;

  g_assert_false (vs_dataset_steps_rename (f->project, f->dataset_id, "  ", &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (vs_dataset_steps_rename (f->project, f->dataset_id, " Support ", &error));
  g_assert_no_error (error);
  name = query_text (f->project, "SELECT name FROM datasets");
  g_assert_cmpstr (name, ==, "Support");

  map (f, MAPPING, 10);
  empty = clean (f, VS_DATASET_CLEAN_DROP_EMPTY, NULL);
  g_assert_true (vs_dataset_steps_delete (f->project, f->dataset_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM records"), ==, 0);
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM dataset_steps"), ==, 0);
}

static void
cancel_now (gint64   done,
            gint64   total,
            gint64   items,
            gpointer data)
{
  g_cancellable_cancel (data);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VsDatasetStep) step = NULL;
  g_autoptr(VsProgressRelay) relay = NULL;

  map (f, MAPPING, 10);
  relay = vs_progress_relay_new_direct (cancel_now, cancellable, NULL);
  step = vs_dataset_clean_sync (f->project, f->dataset_id, VS_DATASET_CLEAN_TRIM, NULL,
                                cancellable, relay, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (step);
  g_assert_cmpint (query_int (f->project, "SELECT count(*) FROM dataset_steps"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/versus/dataset-steps/" path, Fixture, NULL, fixture_setup, func, \
              fixture_teardown)
  ADD ("mapping-stored", test_mapping_stored);
  ADD ("mapping-errors", test_mapping_errors);
  ADD ("clean-steps", test_clean_steps);
  ADD ("undo", test_undo);
  ADD ("drop-and-step", test_drop_and_step);
  ADD ("validate-split-write", test_validate_split_write);
  ADD ("rename-delete", test_rename_delete);
  ADD ("cancel", test_cancel);
#undef ADD

  return g_test_run ();
}
