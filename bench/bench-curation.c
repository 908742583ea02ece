/* bench-curation.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dataset curation on a generated 1M-row dataset (issue 11): imports a JSONL file of
 * question/answer rows (a Zipf-like vocabulary; "marmalade" planted in 1 row of 2,000, "the" in
 * every row), gives the records varied splits, statuses, tags, ratings, problems and clusters,
 * then prints the search index's build time and the p50/p95 latency of
 *   - a selective query (≤ ~1,000 matches, ranked): target 200 ms,
 *   - a common term's first page (every row matches, row order): target 1 s,
 *   - prefix and phrase queries, each filter alone and filters combined with text: 1 s,
 * each measured as `versus-cli dataset search` runs it (vs_dataset_search_sync: the first 20,
 * as --json prints them; then with the count of every match, as the text output adds, for
 * the record) and, as the records table gets its first page
 * (VsRecordModel: count, then page 0); then the peak RSS with the dataset open, and the
 * bytes a snapshot of the 1M unchanged rows adds (measure_snapshot_bytes()). The targets are
 * absolute (no anchor runs): each is printed beside its figure, and a missed one makes the
 * exit status 1.
 *
 * usage: bench-curation [ROWS]   (default 1,000,000)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <math.h>

#include <glib/gstdio.h>

#include "vs-dataset-import.h"
#include "vs-dataset-search.h"
#include "vs-project-private.h"
#include "vs-record-model.h"

/* The snapshot measurement is the snapshots work's (bench-snapshot-size.h, with
 * vs-dataset-snapshot.h): used when the tree has it. */
#if defined(__has_include)
#if __has_include("bench-snapshot-size.h")
#include "bench-snapshot-size.h"
#define HAVE_SNAPSHOT_SIZE 1
#endif
#endif

#define RUNS            15
#define PAGE            20
#define SELECTIVE_MS    200.0
#define FIRST_PAGE_MS   1000.0
#define VOCABULARY      20000

static gboolean missed = FALSE;

static double
rss_mb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, field)) == NULL)
    return 0;
  return g_ascii_strtod (line + strlen (field), NULL) / 1024.0;
}

static char **
make_vocabulary (void)
{
  static const char *syllables[] = { "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa",
                                     "do", "fi", "gu", "he", "ja", "be", "co", "xu", "wy", "qe" };
  char **words = g_new0 (char *, VOCABULARY + 1);

  for (guint i = 0; i < VOCABULARY; i++)
    {
      GString *word = g_string_new (NULL);
      guint n = i;

      do
        {
          g_string_append (word, syllables[n % G_N_ELEMENTS (syllables)]);
          n /= G_N_ELEMENTS (syllables);
        }
      while (n > 0);
      g_string_append (word, i % 3 == 0 ? "n" : i % 3 == 1 ? "s" : "");
      words[i] = g_string_free (word, FALSE);
    }
  return words;
}

/* A word with a Zipf-like rank: small ranks far more often. */
static const char *
pick (GRand  *rand,
      char  **words)
{
  double u = g_rand_double (rand);

  return words[(guint) (pow (VOCABULARY, u)) - 1];
}

static void
append_words (GString *line,
              GRand   *rand,
              char   **words,
              guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (line, ' ');
      g_string_append (line, pick (rand, words));
    }
}

static void
write_jsonl (const char *path,
             guint       rows)
{
  g_auto(GStrv) words = make_vocabulary ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GString) line = g_string_new (NULL);
  FILE *file = fopen (path, "w");

  if (file == NULL)
    {
      fprintf (stderr, "bench-curation: cannot write %s\n", path);
      exit (2);
    }
  for (guint i = 1; i <= rows; i++)
    {
      g_string_assign (line, "{\"question\": \"the ");
      append_words (line, rand, words, 6 + g_rand_int_range (rand, 0, 8));
      if (i % 2000 == 7)
        g_string_append (line, i % 4000 == 7 ? " orange marmalade" : " marmalade jar");
      g_string_append (line, "?\", \"answer\": \"");
      append_words (line, rand, words, 8 + g_rand_int_range (rand, 0, 12));
      g_string_append (line, ".\"}\n");
      fputs (line->str, file);
    }
  fclose (file);
}

/* Varied review state, as curation leaves it (set directly: the bench's own set-up). */
static void
vary_records (VsProject *project)
{
  g_autoptr(GError) error = NULL;

  if (!vs_project_exec (project,
                        "UPDATE records SET"
                        " split = CASE id % 10 WHEN 0 THEN 'validation' WHEN 1 THEN 'test'"
                        "   ELSE 'train' END,"
                        " status = CASE id % 7 WHEN 0 THEN 'accepted' WHEN 1 THEN 'rejected'"
                        "   ELSE 'unreviewed' END,"
                        " tags = CASE WHEN id % 13 = 0 THEN json_array('tone', 't' || (id % 50))"
                        "   ELSE '[]' END,"
                        " rating = nullif(id % 6, 0),"
                        " tokens = length(data) / 4,"
                        " problems = CASE WHEN id % 97 = 0 THEN '[\"missing_content\"]'"
                        "   ELSE '[]' END,"
                        " cluster = CASE WHEN id % 50 < 3 THEN id - id % 50 + 1 END", &error))
    {
      fprintf (stderr, "bench-curation: %s\n", error->message);
      exit (2);
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        double     *ms,
        guint       n,
        double      target,
        gint64      matches,
        gboolean    ranked)
{
  double p50, p95;
  g_autofree char *count = matches >= 0 ? g_strdup_printf ("%8" G_GINT64_FORMAT " matches",
                                                           matches)
                                        : g_strdup ("    (not counted)");

  qsort (ms, n, sizeof (double), compare_doubles);
  p50 = ms[n / 2];
  p95 = ms[MIN (n - 1, (guint) (n * 0.95))];
  if (target <= 0)
    {
      /* No target of its own: shown for the record. */
      printf ("  %-44s p50 %7.1f ms  p95 %7.1f ms  (no target)%*s%s%s\n", what, p50, p95, 13,
              "", count, ranked ? ", ranked" : "");
      return;
    }
  printf ("  %-44s p50 %7.1f ms  p95 %7.1f ms  (target %4.0f ms: %s)  %s%s\n", what, p50, p95,
          target, p95 <= target ? "met" : "MISSED", count, ranked ? ", ranked" : "");
  if (p95 > target)
    missed = TRUE;
}

static void
time_search_run (VsProject           *project,
                 gint64               dataset_id,
                 const char          *what,
                 const VsRecordQuery *query,
                 double               target,
                 gboolean             count)
{
  double ms[RUNS];
  gint64 matches = 0;
  gboolean ranked = FALSE;
  guint runs = count ? RUNS / 3 : RUNS;

  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VsSearchResult) result = NULL;
      gint64 start = g_get_monotonic_time ();

      result = vs_dataset_search_sync (project, dataset_id, query, PAGE, count, NULL, &error);
      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      if (result == NULL)
        {
          fprintf (stderr, "bench-curation: %s: %s\n", what, error->message);
          exit (2);
        }
      matches = result->n_matches;
      ranked = result->ranked;
    }
  report (what, ms, runs, target, matches, ranked);
}

/* As the CLI runs it: the first page (what `--json` prints), then, for the record, the same
 * with the count of every match (what the text output adds). */
static void
time_search (VsProject           *project,
             gint64               dataset_id,
             const char          *what,
             const VsRecordQuery *query,
             double               target)
{
  g_autofree char *count_what = g_strdup_printf ("%s, with count", what);

  time_search_run (project, dataset_id, what, query, target, FALSE);
  time_search_run (project, dataset_id, count_what, query, 0, TRUE);
}

static void
on_model_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gboolean   *arrived)
{
  g_autoptr(VsRecord) first = g_list_model_get_n_items (model) > 0
                              ? g_list_model_get_item (model, 0) : NULL;

  if (first != NULL && vs_record_get_loaded (first))
    *arrived = TRUE;
}

/* As the records table gets it: from setting the query to its first page loaded (a search
 * sends it ahead of its count), and to the count of every match. */
static void
time_model (VsProject           *project,
            gint64               dataset_id,
            const char          *what,
            const VsRecordQuery *query,
            double               target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsRecordModel) model = vs_record_model_new (project, dataset_id, &error);
  g_autofree char *first_what = g_strdup_printf ("%s, first page", what);
  g_autofree char *count_what = g_strdup_printf ("%s, count", what);
  double first_ms[RUNS], count_ms[RUNS];
  gboolean arrived = FALSE;
  gulong id;

  if (model == NULL)
    {
      fprintf (stderr, "bench-curation: %s\n", error->message);
      exit (2);
    }
  id = g_signal_connect (model, "items-changed", G_CALLBACK (on_model_changed), &arrived);
  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(VsRecordQuery) reset = vs_record_query_new ();
      gint64 start;

      /* Another query in between, so that each run is a new search. */
      reset->min_ordinal = 1;
      reset->max_ordinal = 1;
      vs_record_model_set_query (model, reset);
      while (vs_record_model_get_loading (model))
        g_main_context_iteration (NULL, TRUE);

      arrived = FALSE;
      first_ms[i] = -1;
      start = g_get_monotonic_time ();
      vs_record_model_set_query (model, query);
      while (vs_record_model_get_loading (model) || (!arrived && first_ms[i] < 0))
        {
          g_main_context_iteration (NULL, TRUE);
          if (!arrived && g_list_model_get_n_items (G_LIST_MODEL (model)) > 0)
            g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), 0));
          if (arrived && first_ms[i] < 0)
            first_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
          if (!vs_record_model_get_loading (model) &&
              g_list_model_get_n_items (G_LIST_MODEL (model)) == 0)
            break;
        }
      count_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      if (first_ms[i] < 0)
        first_ms[i] = count_ms[i];
    }
  g_signal_handler_disconnect (model, id);
  report (first_what, first_ms, RUNS, target, g_list_model_get_n_items (G_LIST_MODEL (model)),
          vs_record_model_get_ranked (model));
  report (count_what, count_ms, RUNS, 0, g_list_model_get_n_items (G_LIST_MODEL (model)),
          vs_record_model_get_ranked (model));
}

/* The bytes a snapshot of @dataset_id's unchanged rows adds to the project file, measured
 * as FILE plus FILE-wal after the command that takes it has closed the project (as
 * `versus-cli dataset snapshot` does): target under 10 MB for 1M rows. */
static void
measure_snapshot_bytes (const char *path,
                        gint64      dataset_id,
                        guint       rows)
{
#ifdef HAVE_SNAPSHOT_SIZE
  g_autoptr(GError) error = NULL;
  double seconds = 0;
  goffset bytes = bench_snapshot_bytes (path, dataset_id, &seconds, &error);

  if (bytes < 0)
    {
      fprintf (stderr, "bench-curation: snapshot: %s\n", error->message);
      missed = TRUE;
      return;
    }
  printf ("bytes added by a snapshot of %u unchanged rows: %.2f MB in %.1f s (target %.0f MB: "
          "%s)\n", rows, bytes / 1e6, seconds, BENCH_SNAPSHOT_TARGET_BYTES / 1e6,
          bytes < BENCH_SNAPSHOT_TARGET_BYTES ? "met" : "MISSED");
  if (bytes >= BENCH_SNAPSHOT_TARGET_BYTES)
    missed = TRUE;
#else
  printf ("bytes added by a snapshot of %u unchanged rows: not measured (this tree has no "
          "snapshots; target 10 MB)\n", rows);
#endif
}

static VsRecordQuery *
text_query (const char *text)
{
  VsRecordQuery *query = vs_record_query_new ();

  query->text = g_strdup (text);
  query->sort = VS_RECORD_SORT_RANK;
  return query;
}

int
main (int    argc,
      char **argv)
{
  guint rows = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-curation-XXXXXX", &error);
  g_autofree char *jsonl = NULL;
  g_autofree char *path = NULL;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(VsDatasetImportSummary) summary = NULL;
  VsDatasetImportOptions options = { 0 };
  gint64 start, pending;
  double seconds;

  if (dir == NULL || rows == 0)
    {
      fprintf (stderr, "bench-curation: %s\n", dir == NULL ? error->message : "usage: ROWS > 0");
      return 2;
    }
  jsonl = g_build_filename (dir, "rows.jsonl", NULL);
  path = g_build_filename (dir, "bench.versus", NULL);

  printf ("bench-curation: %u rows\n", rows);
  write_jsonl (jsonl, rows);
  project = vs_project_open (path, VS_PROJECT_OPEN_CREATE, &error);
  if (project == NULL)
    {
      fprintf (stderr, "bench-curation: %s\n", error->message);
      return 2;
    }

  start = g_get_monotonic_time ();
  summary = vs_dataset_import_sync (project, jsonl, &options, NULL, NULL, NULL, &error);
  if (summary == NULL || summary->n_records != rows)
    {
      fprintf (stderr, "bench-curation: import: %s\n", error ? error->message : "rows missing");
      return 2;
    }
  printf ("import: %.1f s\n", (g_get_monotonic_time () - start) / 1e6);
  vary_records (project);

  pending = vs_dataset_search_get_pending (project, NULL);
  start = g_get_monotonic_time ();
  if (!vs_dataset_search_build_sync (project, NULL, NULL, &error))
    {
      fprintf (stderr, "bench-curation: index: %s\n", error->message);
      return 2;
    }
  seconds = (g_get_monotonic_time () - start) / 1e6;
  printf ("search index build: %.1f s for %" G_GINT64_FORMAT " records (%.0f records/s)\n",
          seconds, pending, pending / seconds);

  printf ("versus-cli dataset search (the first %d; then with the count of every match):\n", PAGE);
  {
    g_autoptr(VsRecordQuery) selective = text_query ("marmalade");
    g_autoptr(VsRecordQuery) prefix = text_query ("marma*");
    g_autoptr(VsRecordQuery) phrase = text_query ("\"orange marmalade\"");
    g_autoptr(VsRecordQuery) common = text_query ("the");
    g_autoptr(VsRecordQuery) combined = text_query ("marmalade");
    g_autoptr(VsRecordQuery) common_filtered = text_query ("the");
    struct { const char *what; VsRecordQuery *query; } filters[8];
    guint n_filters = 0;

    combined->split = g_strdup ("train");
    combined->min_rating = 2;
    common_filtered->status = g_strdup ("accepted");
    common_filtered->tag = g_strdup ("tone");

    time_search (project, summary->dataset_id, "selective \"marmalade\"", selective,
                 SELECTIVE_MS);
    time_search (project, summary->dataset_id, "selective prefix \"marma*\"", prefix,
                 SELECTIVE_MS);
    time_search (project, summary->dataset_id, "selective phrase", phrase, SELECTIVE_MS);
    time_search (project, summary->dataset_id, "selective + split + rating", combined,
                 SELECTIVE_MS);
    time_search (project, summary->dataset_id, "common \"the\" first page", common,
                 FIRST_PAGE_MS);
    time_search (project, summary->dataset_id, "common + status + tag", common_filtered,
                 FIRST_PAGE_MS);

    for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
      filters[i].query = vs_record_query_new ();
    filters[n_filters].what = "filter split = validation";
    filters[n_filters++].query->split = g_strdup ("validation");
    filters[n_filters].what = "filter status = accepted";
    filters[n_filters++].query->status = g_strdup ("accepted");
    filters[n_filters].what = "filter tag = t7";
    filters[n_filters++].query->tag = g_strdup ("t7");
    filters[n_filters].what = "filter rating 4:5";
    filters[n_filters].query->min_rating = 4;
    filters[n_filters++].query->max_rating = 5;
    filters[n_filters].what = "filter problem missing_content";
    filters[n_filters++].query->problem = g_strdup ("missing_content");
    filters[n_filters].what = "filter tokens 20:30";
    filters[n_filters].query->min_tokens = 20;
    filters[n_filters++].query->max_tokens = 30;
    filters[n_filters].what = "filter cluster";
    /* The cluster of the record half-way (vary_records: every 50 ids, the first three). */
    filters[n_filters++].query->cluster = rows / 2 - (rows / 2) % 50 + 1;
    filters[n_filters].what = "filters split + status + rating";
    filters[n_filters].query->split = g_strdup ("train");
    filters[n_filters].query->status = g_strdup ("unreviewed");
    filters[n_filters++].query->min_rating = 3;
    for (guint i = 0; i < n_filters; i++)
      time_search (project, summary->dataset_id, filters[i].what, filters[i].query,
                   FIRST_PAGE_MS);

    printf ("records table (VsRecordModel: the first page, and the count of every match):\n");
    time_model (project, summary->dataset_id, "selective \"marmalade\"", selective,
                SELECTIVE_MS);
    time_model (project, summary->dataset_id, "common \"the\"", common, FIRST_PAGE_MS);
    time_model (project, summary->dataset_id, "filter tag = t7", filters[2].query,
                FIRST_PAGE_MS);
    for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
      vs_record_query_free (filters[i].query);
  }

  printf ("peak RSS with the dataset open: %.0f MB\n", rss_mb ("VmHWM:"));
  measure_snapshot_bytes (path, summary->dataset_id, rows);

  g_clear_object (&project);
  g_unlink (jsonl);
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
  printf (missed ? "bench-curation: a target was missed\n" : "bench-curation: every target met\n");
  return missed ? 1 : 0;
}
