/* test-bundle.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Project bundles: the sample bundle lands whole; a broken one names the file and line and
 * leaves the project as it was.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vs-bundle.h"
#include "vs-error.h"
#include "vs-eval-decision.h"
#include "vs-run-data.h"
#include "vs-test-util.h"
#include "vs-project-private.h"

static gint64
query_count (VsProject  *project,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (vs_project_get_db (project), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
test_sample (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *bundle = vs_test_source_path ("data", "sample", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("sample.versus", &dir, NULL);
  g_autofree char *name = NULL;

  g_assert_true (vs_bundle_import (project, bundle, &error));
  g_assert_no_error (error);

  name = vs_project_dup_name (project);
  g_assert_cmpstr (name, ==, "Support tickets (sample)");
  g_assert_cmpint (vs_project_count (project, "templates"), ==, 3);
  g_assert_cmpint (vs_project_count (project, "template_versions"), ==, 3);
  g_assert_cmpint (vs_project_count (project, "datasets"), ==, 1);
  g_assert_cmpint (vs_project_count (project, "records"), ==, 60);
  g_assert_cmpint (vs_project_count (project, "endpoints"), ==, 1);

  /* Every template points at its first version. */
  g_assert_cmpint (query_count (project, "SELECT count(*) FROM templates t JOIN template_versions v"
                                         " ON v.id = t.head_version_id AND v.number = 1"), ==, 3);
  /* Splits come from the split column, which is not kept as data. */
  g_assert_cmpint (query_count (project, "SELECT count(*) FROM records WHERE split = 'train'"),
                   ==, 36);
  g_assert_cmpint (query_count (project, "SELECT count(*) FROM records WHERE split = 'validation'"),
                   ==, 12);
  g_assert_cmpint (query_count (project, "SELECT count(*) FROM records WHERE split = 'test'"),
                   ==, 12);
  g_assert_cmpint (query_count (project, "SELECT count(*) FROM records WHERE data ->> 'split'"
                                         " IS NOT NULL"), ==, 0);
  /* Ordinals are 1…n in file order. */
  g_assert_cmpint (query_count (project, "SELECT max(ordinal) - min(ordinal) + 1 FROM records"),
                   ==, 60);
  g_assert_cmpint (query_count (project, "SELECT count(*) FROM datasets"
                                         " WHERE columns = '[\"subject\",\"body\",\"label\"]'"),
                   ==, 1);

  /* The recorded history: a snapshot of every record, a fine-tune job with its events and
   * loss curve, and a finished comparison of three contenders on the test split. */
  g_assert_cmpint (query_count (project, "SELECT count(*) FROM snapshots WHERE n_records = 60"),
                   ==, 1);
  /* a snapshot of unchanged records costs no copy of them */
  g_assert_cmpint (query_count (project, "SELECT count(*) FROM record_versions"), ==, 0);
  g_assert_cmpint (query_count (project, "SELECT count(*) FROM finetune_jobs"
                                         " WHERE state = 'SUCCEEDED' AND trained_tokens > 0"
                                         " AND fine_tuned_model IS NOT NULL"), ==, 1);
  g_assert_cmpint (query_count (project, "SELECT count(*) FROM finetune_events"
                                         " WHERE data ->> 'train_loss' IS NOT NULL"), ==, 27);
  g_assert_cmpint (query_count (project, "SELECT count(*) FROM finetune_events"
                                         " WHERE data ->> 'valid_loss' IS NOT NULL"), ==, 9);
  g_assert_cmpint (query_count (project, "SELECT count(*) FROM runs WHERE state = 'done'"
                                         " AND split = 'test' AND name LIKE '%(sample)'"), ==, 1);
  g_assert_cmpint (query_count (project, "SELECT count(*) FROM contenders"), ==, 3);
  g_assert_cmpint (query_count (project, "SELECT count(*) FROM contenders"
                                         " WHERE finetune_job_id IS NOT NULL"), ==, 2);
  g_assert_cmpint (query_count (project, "SELECT count(*) FROM contenders"
                                         " WHERE template_version_id IS NOT NULL"), ==, 3);
  /* Every test case, answered by each contender, scored, timed and priced. */
  g_assert_cmpint (query_count (project, "SELECT count(*) FROM results r"
                                         " JOIN records ON records.id = r.record_id"
                                         " WHERE records.split = 'test' AND r.state = 'ok'"
                                         " AND r.latency_ms > 0 AND r.cost > 0"), ==, 36);
  g_assert_cmpint (query_count (project, "SELECT count(*) FROM scores WHERE metric = 'label'"),
                   ==, 36);
  g_assert_cmpint (query_count (project, "SELECT count(*) FROM scores WHERE pass = 1"), ==, 30);
  /* What the Compare page makes of it: the fine-tuned contenders' training cost comes from
   * the job (trained tokens at the base model's training price), and with 12 cases the
   * decision does not call a winner. */
  {
    gint64 run_id = vs_run_data_find_run (project, "Few-shot vs fine-tuned (sample)", &error);
    g_autoptr(VsRunData) data = vs_run_data_load (project, run_id, &error);
    g_autoptr(VsEvalDecision) decision = NULL;
    VsRunContender *tuned;

    g_assert_no_error (error);
    g_assert_cmpuint (vs_run_data_get_n_contenders (data), ==, 3);
    tuned = vs_run_data_get_contender (data, 1);
    g_assert_cmpstr (tuned->name, ==, "Fine-tuned (short prompt)");
    g_assert_cmpfloat_with_epsilon (tuned->training_cost, 6480 * 3.0 / 1e6, 1e-12);
    g_assert_nonnull (strstr (tuned->training_source, "ftjob-sample-tickets"));
    g_assert_true (vs_run_data_get_contender (data, 0)->priced);
    decision = vs_eval_decision_new (data);
    g_assert_cmpint (decision->verdict, ==, VS_EVAL_VERDICT_TOO_FEW);
    g_assert_nonnull (strstr (decision->paragraph, "Run more cases before deciding"));
    g_assert_nonnull (strstr (decision->paragraph, "pays for itself after"));
  }

  g_clear_object (&project);
  vs_test_rm_rf (dir);
}

static void
test_broken_line (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "p.versus", NULL);
  g_autofree char *bundle = g_build_filename (dir, "bundle", NULL);
  g_autofree char *manifest = g_build_filename (bundle, "project.json", NULL);
  g_autofree char *data = g_build_filename (bundle, "rows.jsonl", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = NULL;

  g_assert_cmpint (g_mkdir (bundle, 0700), ==, 0);
  g_assert_true (g_file_set_contents (manifest,
                                      "{\"name\": \"Broken\", \"datasets\": [{\"name\": \"d\","
                                      " \"file\": \"rows.jsonl\"}]}", -1, NULL));
  g_assert_true (g_file_set_contents (data, "{\"a\": 1}\n\n{\"a\": 2\n{\"a\": 3}\n", -1, NULL));

  project = vs_project_open (path, VS_PROJECT_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_false (vs_bundle_import (project, bundle, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "rows.jsonl:3:"));

  /* All or nothing. */
  g_assert_cmpint (vs_project_count (project, "datasets"), ==, 0);
  g_assert_cmpint (vs_project_count (project, "records"), ==, 0);
  {
    g_autofree char *name = vs_project_dup_name (project);

    g_assert_cmpstr (name, ==, "p");
  }

  g_clear_error (&error);
  g_assert_false (vs_bundle_import (project, dir, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);

  g_clear_object (&project);
  vs_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/versus/bundle/sample", test_sample);
  g_test_add_func ("/versus/bundle/broken-line", test_broken_line);

  return g_test_run ();
}
