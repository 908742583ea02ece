/* bench-responsiveness.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Does the main loop stay responsive while the data layer works hard? A 1 ms timeout records
 * the gap between its runs while, at the same time, (a) a generated CSV of ROWS rows is imported
 * into a new project with vs_dataset_import_async(), (b) a stream of RESULTS evaluation
 * results is written through the project's writer, one job per result as a runner would, and
 * (c) a VsRecordModel over the importing dataset is scrolled from top to bottom, a window of
 * rows per frame, as a view would. The anchor is the reader alone over the same file.
 * The last line is JSON: {"rows","results","max_gap_ms","p99_gap_ms","import_rows_per_s",
 * "peak_rss_mb"}. Needs no display.
 *
 * usage: bench-responsiveness [ROWS [RESULTS]]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib/gstdio.h>

#include "vs-dataset-import.h"
#include "vs-dataset-reader.h"
#include "vs-project-private.h"
#include "vs-record-model.h"
#include "vs-writer-private.h"

/* Rows a view shows at once, rows it moves per frame, and the frame. */
#define WINDOW    60
#define STEP      2000
#define FRAME_MS  16
/* Results queued per 1 ms tick. */
#define RESULTS_PER_TICK 4

typedef struct
{
  GMainLoop     *loop;
  VsProject     *project;
  guint          rows;
  guint          n_results;

  /* The 1 ms ticker. */
  gint64         last_tick;
  gint64         last_cpu;      /* the main thread's CPU time at the last tick */
  GArray        *gaps;          /* double, ms */
  double         max_gap_cpu;   /* of the largest gap, how much the main thread ran */
  double         max_gap;

  /* (a) the import */
  gint64         import_start;
  double         import_s;
  gint64         imported;
  gboolean       import_done;
  char          *import_error;

  /* (b) results */
  gint64         run_id;
  gint64         contender_id;
  guint          results_queued;
  guint          results_written;
  guint          results_failed;

  /* (c) the model, scrolled */
  VsRecordModel *model;
  guint          position;
  guint          windows;
  guint          placeholders;  /* items seen as placeholders */
  gboolean       scroll_done;
  guint          max_pages;
} Bench;

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

static void
write_csv (const char *path,
           guint       rows)
{
  FILE *file = fopen (path, "w");

  if (file == NULL)
    {
      fprintf (stderr, "bench-responsiveness: cannot write %s\n", path);
      exit (1);
    }
  fputs ("id,prompt,completion,label\n", file);
  for (guint i = 1; i <= rows; i++)
    {
      if (i % 10 == 0)
        fprintf (file, "%u,\"Customer %u writes: \"\"my order, number %u, has not arrived\"\"\n"
                 "Please help.\",\"We are sorry; order %u is on its way and will arrive "
                 "tomorrow.\",shipping\n", i, i, i * 7, i * 7);
      else
        fprintf (file, "%u,How do I reset my password for account %u?,Open Settings and choose "
                 "Reset password; a link is sent to you.,account\n", i, i);
    }
  fclose (file);
}

static double
read_alone (const char *csv,
            guint       rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsDatasetReader) reader = vs_dataset_reader_new_for_path (csv, 0, &error);
  gint64 start = g_get_monotonic_time (), n = 0;
  JsonObject *object;

  while (reader != NULL && (object = vs_dataset_reader_next (reader, NULL, NULL, &error)) != NULL)
    {
      json_object_unref (object);
      n++;
    }
  if (error != NULL || n != rows)
    {
      fprintf (stderr, "bench-responsiveness: the reader read %" G_GINT64_FORMAT " of %u rows\n",
               n, rows);
      exit (1);
    }
  return rows / ((g_get_monotonic_time () - start) / 1e6);
}

/* ---- (b) results through the writer ---------------------------------------------------- */

typedef struct
{
  gint64 run_id;
  gint64 contender_id;
  gint64 id;  /* out */
} Setup;

static gboolean
create_run (VsWriteContext  *ctx,
            gpointer         data,
            GError         **error)
{
  Setup *setup = data;
  sqlite3 *db = _vs_write_context_get_db (ctx);
  sqlite3_stmt *stmt;

  stmt = _vs_write_context_prepare (ctx, "INSERT INTO runs (name, created_at)"
                                    " VALUES ('bench', strftime('%Y-%m-%dT%H:%M:%SZ'))", error);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  setup->run_id = sqlite3_last_insert_rowid (db);
  stmt = _vs_write_context_prepare (ctx, "INSERT INTO contenders (run_id, position, label, model)"
                                    " VALUES (?1, 0, 'A', 'bench-model')", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, setup->run_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  setup->contender_id = sqlite3_last_insert_rowid (db);
  _vs_write_context_note (ctx, "runs", VS_CHANGE_INSERT, 0, setup->run_id);
  return TRUE;
}

typedef struct
{
  gint64 run_id;
  gint64 contender_id;
  guint  case_ordinal;
} ResultJob;

static gboolean
write_result (VsWriteContext  *ctx,
              gpointer         data,
              GError         **error)
{
  ResultJob *job = data;
  sqlite3_stmt *stmt;

  stmt = _vs_write_context_prepare (ctx,
                                    "INSERT INTO results (run_id, contender_id, case_ordinal,"
                                    " state, output, finish_reason, prompt_tokens,"
                                    " completion_tokens, latency_ms, http_status, created_at)"
                                    " VALUES (?1, ?2, ?3, 'ok', ?4, 'stop', 120, 48, ?5, 200,"
                                    " strftime('%Y-%m-%dT%H:%M:%fZ'))", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->run_id);
  sqlite3_bind_int64 (stmt, 2, job->contender_id);
  sqlite3_bind_int64 (stmt, 3, job->case_ordinal);
  sqlite3_bind_text (stmt, 4, "Open Settings and choose Reset password; a link is sent to you.",
                     -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 5, 250.0 + job->case_ordinal % 97);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  _vs_write_context_note (ctx, "results", VS_CHANGE_INSERT, job->run_id,
                          sqlite3_last_insert_rowid (_vs_write_context_get_db (ctx)));
  return TRUE;
}

static void
result_written (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(GError) error = NULL;

  if (_vs_writer_submit_finish (vs_project_get_writer (bench->project), result, &error))
    bench->results_written++;
  else
    {
      if (bench->results_failed++ == 0)
        fprintf (stderr, "bench-responsiveness: a result failed: %s\n", error->message);
    }
}

static void
queue_results (Bench *bench)
{
  VsWriter *writer = vs_project_get_writer (bench->project);

  for (guint i = 0; i < RESULTS_PER_TICK && bench->results_queued < bench->n_results; i++)
    {
      ResultJob *job = g_new0 (ResultJob, 1);

      job->run_id = bench->run_id;
      job->contender_id = bench->contender_id;
      job->case_ordinal = ++bench->results_queued;
      _vs_writer_submit (writer, write_result, job, g_free, NULL, result_written, bench);
    }
}

/* ---- the loop ------------------------------------------------------------------------- */

static gboolean
finished (Bench *bench)
{
  return bench->import_done && bench->scroll_done &&
         bench->results_written + bench->results_failed == bench->n_results;
}

/* Microseconds of CPU the calling thread has used. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
on_tick (gpointer data)
{
  Bench *bench = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();
  double gap = (now - bench->last_tick) / 1000.0;
  double ran = (cpu - bench->last_cpu) / 1000.0;

  g_array_append_val (bench->gaps, gap);
  bench->last_tick = now;
  bench->last_cpu = cpu;
  /* A gap in which the main thread hardly ran was the scheduler's (other processes on a
   * shared machine), not work on the loop. */
  if (gap > bench->max_gap)
    {
      bench->max_gap = gap;
      bench->max_gap_cpu = ran;
    }
  if (gap > 50 && g_getenv ("BENCH_VERBOSE") != NULL)
    fprintf (stderr, "gap %.1f ms (main thread ran %.1f ms) at %.2f s: %" G_GINT64_FORMAT
             " rows imported%s, position %u\n", gap, ran, (now - bench->import_start) / 1e6,
             bench->imported, bench->import_done ? " (done)" : "", bench->position);

  queue_results (bench);

  if (finished (bench))
    {
      g_main_loop_quit (bench->loop);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* What a view does per frame: ask for the rows it shows, then move on. It stops at the end
 * of what is there so far and is done when the import is and the last rows were loaded. */
static gboolean
on_frame (gpointer data)
{
  Bench *bench = data;
  GListModel *model = G_LIST_MODEL (bench->model);
  guint n = g_list_model_get_n_items (model);
  guint end = MIN (bench->position + WINDOW, n);
  gboolean all_loaded = TRUE;

  if (bench->scroll_done)
    return G_SOURCE_REMOVE;

  for (guint i = bench->position; i < end; i++)
    {
      g_autoptr(VsRecord) record = g_list_model_get_item (model, i);

      if (!vs_record_get_loaded (record))
        {
          bench->placeholders++;
          all_loaded = FALSE;
        }
    }
  bench->windows++;
  bench->max_pages = MAX (bench->max_pages, vs_record_model_get_n_pages (bench->model));

  if (end == n)
    {
      if (bench->import_done && all_loaded && n == bench->imported && n > 0)
        {
          bench->scroll_done = TRUE;
          return G_SOURCE_REMOVE;
        }
      return G_SOURCE_CONTINUE;
    }
  bench->position = MIN (bench->position + STEP, n > WINDOW ? n - WINDOW : 0);
  return G_SOURCE_CONTINUE;
}

static void
on_progress (goffset  bytes_read,
             goffset  total_bytes,
             gint64   n_records,
             gpointer user_data)
{
  Bench *bench = user_data;
  g_autoptr(GError) error = NULL;

  bench->imported = n_records;
  if (bench->model != NULL || n_records == 0)
    return;

  /* The first dataset of a new project; its rows are what the view follows. */
  bench->model = vs_record_model_new (bench->project, 1, &error);
  if (bench->model == NULL)
    {
      fprintf (stderr, "bench-responsiveness: %s\n", error->message);
      exit (1);
    }
  g_timeout_add (FRAME_MS, on_frame, bench);
}

static void
on_imported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(VsDatasetImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = vs_dataset_import_finish (VS_PROJECT (object), result, &error);
  bench->import_s = (g_get_monotonic_time () - bench->import_start) / 1e6;
  bench->import_done = TRUE;
  if (summary == NULL)
    {
      bench->import_error = g_strdup (error->message);
      bench->scroll_done = TRUE;
      return;
    }
  bench->imported = summary->n_records;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* The same ticker with nothing else to do, for a second: what the machine itself adds. */
typedef struct
{
  GMainLoop *loop;
  gint64     start;
  gint64     last;
  double     max_gap;
} Idle;

static gboolean
on_idle_tick (gpointer data)
{
  Idle *idle = data;
  gint64 now = g_get_monotonic_time ();

  idle->max_gap = MAX (idle->max_gap, (now - idle->last) / 1000.0);
  idle->last = now;
  if (now - idle->start > G_USEC_PER_SEC)
    {
      g_main_loop_quit (idle->loop);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static double
idle_max_gap (void)
{
  Idle idle = { g_main_loop_new (NULL, FALSE), g_get_monotonic_time (), g_get_monotonic_time () };

  g_timeout_add (1, on_idle_tick, &idle);
  g_main_loop_run (idle.loop);
  g_main_loop_unref (idle.loop);
  return idle.max_gap;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  Bench bench = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("versus-bench-XXXXXX", &error);
  g_autofree char *csv = NULL;
  g_autofree char *project_path = NULL;
  Setup setup = { 0 };
  double reader_rate, import_rate, max_gap = 0, p99 = 0, peak;

  bench.rows = argc > 1 ? (guint) atoi (argv[1]) : 1000000;
  bench.n_results = argc > 2 ? (guint) atoi (argv[2]) : 10000;

  if (dir == NULL)
    {
      fprintf (stderr, "bench-responsiveness: %s\n", error->message);
      return 1;
    }
  csv = g_build_filename (dir, "rows.csv", NULL);
  project_path = g_build_filename (dir, "bench.versus", NULL);
  write_csv (csv, bench.rows);

  reader_rate = read_alone (csv, bench.rows);
  printf ("reader alone: %.0f rows/s\n", reader_rate);
  printf ("idle loop: max gap %.1f ms over 1 s (the machine's own noise)\n", idle_max_gap ());

  bench.project = vs_project_open (project_path, VS_PROJECT_OPEN_CREATE, &error);
  if (bench.project == NULL)
    {
      fprintf (stderr, "bench-responsiveness: %s\n", error->message);
      return 1;
    }
  if (!_vs_writer_run (vs_project_get_writer (bench.project), create_run, &setup, &error))
    {
      fprintf (stderr, "bench-responsiveness: %s\n", error->message);
      return 1;
    }
  bench.run_id = setup.run_id;
  bench.contender_id = setup.contender_id;

  bench.loop = g_main_loop_new (NULL, FALSE);
  bench.gaps = g_array_sized_new (FALSE, FALSE, sizeof (double), 1 << 16);
  bench.import_start = bench.last_tick = g_get_monotonic_time ();
  bench.last_cpu = thread_cpu_us ();
  vs_dataset_import_async (bench.project, csv, NULL, NULL, on_progress, &bench, NULL,
                           on_imported, &bench);
  g_timeout_add (1, on_tick, &bench);
  g_main_loop_run (bench.loop);

  if (bench.import_error != NULL)
    {
      fprintf (stderr, "bench-responsiveness: the import failed: %s\n", bench.import_error);
      return 1;
    }

  g_array_sort (bench.gaps, compare_doubles);
  if (bench.gaps->len > 0)
    {
      max_gap = g_array_index (bench.gaps, double, bench.gaps->len - 1);
      p99 = g_array_index (bench.gaps, double, (guint) ((bench.gaps->len - 1) * 0.99));
    }
  import_rate = bench.imported / bench.import_s;
  peak = rss_mb ("VmHWM:");

  printf ("import: %.0f rows/s in %.1f s (%.0f%% of the reader alone)\n", import_rate,
          bench.import_s, 100.0 * import_rate / reader_rate);
  printf ("model: %u windows of %u rows scrolled, %u placeholder items seen, at most %u pages "
          "held\n", bench.windows, WINDOW, bench.placeholders, bench.max_pages);
  printf ("results: %u written, %u failed; %u ticks\n", bench.results_written,
          bench.results_failed, bench.gaps->len);
  printf ("largest gap: %.1f ms, of which the main thread ran %.1f ms\n", bench.max_gap,
          bench.max_gap_cpu);
  printf ("{\"rows\": %" G_GINT64_FORMAT ", \"results\": %u, \"max_gap_ms\": %.1f, "
          "\"p99_gap_ms\": %.1f, \"import_rows_per_s\": %.0f, \"peak_rss_mb\": %.0f}\n",
          bench.imported, bench.results_written, max_gap, p99, import_rate, peak);

  g_clear_object (&bench.model);
  g_clear_object (&bench.project);
  g_array_unref (bench.gaps);
  g_main_loop_unref (bench.loop);
  remove_dir (dir);
  return 0;
}
