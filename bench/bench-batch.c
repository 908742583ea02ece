/* bench-batch.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Batch evaluation at scale (issue 15): building the request files of a 100,000-trial run
 * (target ≥ 100,000 lines/s) and ingesting a 100,000-line output file into it, every result
 * written through the writer and scored (target ≥ 50,000 lines/s), each also at 10,000 lines
 * with the peak RSS of the phase (the kernel's high-water mark, reset before each phase
 * through /proc/self/clear_refs), and once more at 200,000 lines, to show that memory does not
 * grow with the number of lines.
 * The output lines are shuffled, as a provider returns them. Exits 1 when a target is missed.
 * Needs no network: the contender's endpoint is never asked.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>
#include <string.h>

#include "vs-batch-ingest.h"
#include "vs-batch-lines.h"
#include "vs-eval-runner.h"
#include "vs-eval-spec.h"
#include "vs-project.h"
#include "vs-run-store.h"

#define TARGET_WRITE_PER_S  100000.0
#define TARGET_INGEST_PER_S 50000.0
/* The main thread's name in /proc: the program's file name. */
#define MAIN_THREAD "bench-batch"

static void
check (gboolean      ok,
       const GError *error)
{
  if (!ok)
    {
      fprintf (stderr, "bench-batch: %s\n", error ? error->message : "failed");
      exit (2);
    }
}

static void
reset_peak (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");

  if (f != NULL)
    {
      fputs ("5", f);
      fclose (f);
    }
}

static double
rss_mb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  if (line == NULL)
    return -1;
  return g_ascii_strtod (line + strlen (field), NULL) / 1024.0;
}

/* CPU seconds of every thread of the process so far. */
static double
cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
         usage.ru_stime.tv_usec / 1e6;
}

/* CPU seconds of the process's threads named @comm ("versus-writer"), or of the others when
 * @others: which side of an ingest (reading and scoring on the calling thread, writing,
 * checkpointing and the rest) bounds it. */
static double
thread_cpu_s (const char *comm,
              gboolean    others)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  double total = 0;
  const char *tid;

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/stat", tid);
      g_autofree char *stat = NULL;
      const char *open, *close;
      guint64 utime = 0, stime = 0;
      gboolean match;

      if (!g_file_get_contents (path, &stat, NULL, NULL) ||
          (open = strchr (stat, '(')) == NULL || (close = strrchr (stat, ')')) == NULL)
        continue;
      match = (gsize) (close - open - 1) == strlen (comm) &&
              strncmp (open + 1, comm, strlen (comm)) == 0;
      if (match == others)
        continue;
      /* After the name: state, then fields 4…13; utime and stime are fields 14 and 15. */
      if (sscanf (close + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %" G_GUINT64_FORMAT
                  " %" G_GUINT64_FORMAT, &utime, &stime) == 2)
        total += (double) (utime + stime) / sysconf (_SC_CLK_TCK);
    }
  return total;
}

/* The machine's load average (1, 5 and 15 minutes), with its newline: on a shared machine the
 * rates per second depend on it; the rates per CPU second much less. */
static const char *
load_average (char *buffer,
              gsize size)
{
  FILE  *f = fopen ("/proc/loadavg", "r");
  double l1 = -1, l5 = -1, l15 = -1;

  if (f != NULL)
    {
      if (fscanf (f, "%lf %lf %lf", &l1, &l5, &l15) != 3)
        l1 = l5 = l15 = -1;
      fclose (f);
    }
  g_snprintf (buffer, size, "%.2f %.2f %.2f\n", l1, l5, l15);
  return buffer;
}

static void
write_text (const char *path,
            GString    *text)
{
  g_autoptr(GError) error = NULL;

  check (g_file_set_contents (path, text->str, (gssize) text->len, &error), error);
}

/* A cases file of @n rows and the spec over it: one contender, two metrics. */
static char *
write_spec (const char *dir,
            guint       n)
{
  g_autofree char *cases = g_strdup_printf ("%s/cases-%u.jsonl", dir, n);
  g_autofree char *template = g_build_filename (dir, "t.json", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  char *spec = g_strdup_printf ("%s/spec-%u.json", dir, n);

  for (guint i = 1; i <= n; i++)
    g_string_append_printf (text,
                            "{\"q\": \"What is the answer to question %u about topic %u?\","
                            " \"want\": \"Answer %u\"}\n", i, i % 97, i);
  write_text (cases, text);
  g_string_assign (text,
                   "{\"messages\": [{\"role\": \"system\", \"content\": \"Answer in a few "
                   "words.\"}, {\"role\": \"user\", \"content\": \"{{q}}\"}],"
                   " \"parameters\": {\"max_tokens\": 16, \"temperature\": 0}}");
  write_text (template, text);
  g_string_printf (text,
                   "{\"cases\": \"cases-%u.jsonl\", \"expected\": \"want\","
                   " \"contenders\": [{\"name\": \"tuned\", \"endpoint\": "
                   "\"http://127.0.0.1:9/v1\", \"model\": \"ft:small\", \"template\": "
                   "\"t.json\"}],"
                   " \"metrics\": [{\"type\": \"exact\"}, {\"type\": \"token_f1\"}],"
                   " \"prices\": {\"ft:small\": {\"input\": 0.3, \"output\": 1.2}}}", n);
  write_text (spec, text);
  return spec;
}

/* The output file a batch would return for @input: every line answered, shuffled. */
static void
write_output (const char *input,
              const char *output)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (15);
  char *p;

  check (g_file_get_contents (input, &text, NULL, &error), error);
  for (p = text; (p = strstr (p, "{\"custom_id\":\"")) != NULL;)
    {
      char *id = p + strlen ("{\"custom_id\":\"");
      char *end = strchr (id, '"');

      *end = '\0';
      g_ptr_array_add (ids, id);
      p = end + 1;
    }
  for (guint i = ids->len; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, (gint32) i);
      gpointer t = ids->pdata[i - 1];

      ids->pdata[i - 1] = ids->pdata[j];
      ids->pdata[j] = t;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = ids->pdata[i];
      const char *ordinal = strchr (strchr (id + 7, '-') + 1, '-');

      g_string_append_printf (out,
                              "{\"id\": \"batch_req_%u\", \"custom_id\": \"%s\", \"response\": "
                              "{\"status_code\": 200, \"request_id\": \"req_%u\", \"body\": "
                              "{\"id\": \"chatcmpl-%u\", \"object\": \"chat.completion\", "
                              "\"model\": \"ft:small\", \"choices\": [{\"index\": 0, "
                              "\"message\": {\"role\": \"assistant\", \"content\": \"Answer "
                              "%.*s\"}, \"finish_reason\": \"stop\"}], \"usage\": "
                              "{\"prompt_tokens\": 31, \"completion_tokens\": 3, "
                              "\"total_tokens\": 34}}}, \"error\": null}\n",
                              i, id, i, i, (int) (strrchr (id, '-') - ordinal - 1),
                              ordinal + 1);
    }
  write_text (output, out);
}

typedef struct
{
  double write_per_s;       /* wall clock */
  double write_per_cpu_s;   /* per CPU second of all the process's threads */
  double write_peak_mb;
  double write_start_mb;
  double ingest_per_s;
  double ingest_per_cpu_s;
  double ingest_peak_mb;
  double ingest_start_mb;
  double ingest_reader_s;   /* CPU seconds of the ingest's reading and scoring thread */
  double ingest_writer_s;   /* of the writer */
  double ingest_other_s;    /* of the other threads (the checkpointer) */
  gint64 lines;
} Figures;

static void
measure (VsProject  *project,
         const char *dir,
         guint       n,
         Figures    *out)
{
  g_autofree char *spec_path = write_spec (dir, n);
  g_autofree char *name = g_strdup_printf ("bench %u", n);
  g_autofree char *files_dir = g_strdup_printf ("%s/files-%u", dir, n);
  g_autofree char *output = g_strdup_printf ("%s/output-%u.jsonl", dir, n);
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(VsRunInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  VsBatchIngestStats stats;
  gint64 run_id, start;
  double cpu, reader, writer, other;
  VsBatchFile *batch_file;

  spec = vs_eval_spec_load (spec_path, &error);
  check (spec != NULL, error);
  run_id = vs_eval_prepare_run (project, spec, name, NULL, &error);
  check (run_id > 0, error);

  reset_peak ();
  out->write_start_mb = rss_mb ("VmRSS:");
  start = g_get_monotonic_time ();
  cpu = cpu_s ();
  files = vs_batch_write_files (project, run_id, 0, FALSE, files_dir, 0, 0, NULL, &error);
  check (files != NULL, error);
  out->write_per_s = n / ((g_get_monotonic_time () - start) / 1e6);
  out->write_per_cpu_s = n / (cpu_s () - cpu);
  out->write_peak_mb = rss_mb ("VmHWM:");
  /* 100,000 lines: two files at OpenAI's 50,000-line limit; one output for both. */
  {
    g_autoptr(GString) all = g_string_new (NULL);
    g_autofree char *joined = g_strdup_printf ("%s/input-%u.jsonl", dir, n);

    for (guint i = 0; i < files->len; i++)
      {
        g_autofree char *text = NULL;

        batch_file = g_ptr_array_index (files, i);
        check (g_file_get_contents (batch_file->path, &text, NULL, &error), error);
        g_string_append (all, text);
      }
    write_text (joined, all);
    write_output (joined, output);
  }

  file = g_file_new_for_path (output);
  vs_batch_ingest_stats_init (&stats);
  reset_peak ();
  out->ingest_start_mb = rss_mb ("VmRSS:");
  start = g_get_monotonic_time ();
  cpu = cpu_s ();
  reader = thread_cpu_s (MAIN_THREAD, FALSE);
  writer = thread_cpu_s ("versus-writer", FALSE);
  other = thread_cpu_s ("versus-writer", TRUE) - reader;
  check (vs_batch_ingest_file (project, run_id, file, &stats, NULL, &error), error);
  out->ingest_per_s = n / ((g_get_monotonic_time () - start) / 1e6);
  out->ingest_per_cpu_s = n / (cpu_s () - cpu);
  out->ingest_reader_s = thread_cpu_s (MAIN_THREAD, FALSE) - reader;
  out->ingest_writer_s = thread_cpu_s ("versus-writer", FALSE) - writer;
  out->ingest_other_s = thread_cpu_s ("versus-writer", TRUE) -
                        thread_cpu_s (MAIN_THREAD, FALSE) - other;
  out->ingest_peak_mb = rss_mb ("VmHWM:");
  out->lines = stats.n_ok;
  vs_batch_ingest_stats_clear (&stats);
  info = vs_run_store_get (project, run_id, &error);
  check (info != NULL, error);
  if (out->lines != n || info->results.n_ok != n || g_strcmp0 (info->state, "done") != 0)
    {
      fprintf (stderr, "bench-batch: %" G_GINT64_FORMAT " of %u lines ingested, state %s\n",
               out->lines, n, info->state);
      exit (2);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("versus-bench-batch-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.versus", NULL);
  g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);
  g_autoptr(VsProject) project = NULL;
  g_autoptr(GError) error = NULL;
  Figures small = { 0 }, large = { 0 }, huge = { 0 };
  char     load[128];
  gboolean ok;

  project = vs_project_open (path, VS_PROJECT_OPEN_CREATE, &error);
  check (project != NULL, error);
  /* bench-batch N: one size only (for profiling) */
  if (argc > 1)
    {
      measure (project, dir, (guint) g_ascii_strtoull (argv[1], NULL, 10), &large);
      printf ("%.0f lines/s written (%.0f per CPU s), %.0f lines/s ingested (%.0f per CPU s;"
              " reading %.2f CPU s, writer %.2f, others %.2f)\n",
              large.write_per_s, large.write_per_cpu_s, large.ingest_per_s,
              large.ingest_per_cpu_s, large.ingest_reader_s, large.ingest_writer_s,
              large.ingest_other_s);
      g_clear_object (&project);
      return system (rm) == 0 ? 0 : 1;
    }
  load_average (load, sizeof load);
  measure (project, dir, 10000, &small);
  measure (project, dir, 100000, &large);
  /* Only for memory: flat means 200k needs what 100k needs. */
  measure (project, dir, 200000, &huge);

  printf ("load average at the start: %s", load);
  printf ("request files: %7.0f lines/s at 10k, %7.0f lines/s at 100k (target ≥ %.0f, "
          "ratio %.2f); %.0f and %.0f lines per CPU second\n",
          small.write_per_s, large.write_per_s, TARGET_WRITE_PER_S,
          large.write_per_s / TARGET_WRITE_PER_S, small.write_per_cpu_s, large.write_per_cpu_s);
  printf ("  peak RSS %.0f MB at 10k (%.1f MB above the phase's start), %.0f MB at 100k "
          "(%.1f MB above), %.0f MB at 200k (%.1f MB above)\n",
          small.write_peak_mb, small.write_peak_mb - small.write_start_mb, large.write_peak_mb,
          large.write_peak_mb - large.write_start_mb, huge.write_peak_mb,
          huge.write_peak_mb - huge.write_start_mb);
  printf ("ingest:        %7.0f lines/s at 10k, %7.0f lines/s at 100k (target ≥ %.0f, "
          "ratio %.2f); %.0f and %.0f lines per CPU second\n",
          small.ingest_per_s, large.ingest_per_s, TARGET_INGEST_PER_S,
          large.ingest_per_s / TARGET_INGEST_PER_S, small.ingest_per_cpu_s,
          large.ingest_per_cpu_s);
  printf ("  CPU seconds at 100k: reading and scoring %.2f, writing %.2f, other threads"
          " (checkpoints) %.2f (two cores: the wall clock is at least the largest)\n",
          large.ingest_reader_s, large.ingest_writer_s, large.ingest_other_s);
  printf ("load average at the end: %s", load_average (load, sizeof load));
  printf ("  peak RSS %.0f MB at 10k (%.1f MB above the phase's start), %.0f MB at 100k "
          "(%.1f MB above), %.0f MB at 200k (%.1f MB above; %.0f lines/s)\n",
          small.ingest_peak_mb, small.ingest_peak_mb - small.ingest_start_mb,
          large.ingest_peak_mb, large.ingest_peak_mb - large.ingest_start_mb,
          huge.ingest_peak_mb, huge.ingest_peak_mb - huge.ingest_start_mb, huge.ingest_per_s);
  printf ("{\"write_lines_per_s\": %.0f, \"ingest_lines_per_s\": %.0f, "
          "\"write_lines_per_cpu_s\": %.0f, \"ingest_lines_per_cpu_s\": %.0f, "
          "\"write_rss_growth_mb\": [%.1f, %.1f, %.1f],"
          " \"ingest_rss_growth_mb\": [%.1f, %.1f, %.1f]}\n",
          large.write_per_s, large.ingest_per_s, large.write_per_cpu_s, large.ingest_per_cpu_s,
          small.write_peak_mb - small.write_start_mb, large.write_peak_mb - large.write_start_mb,
          huge.write_peak_mb - huge.write_start_mb, small.ingest_peak_mb - small.ingest_start_mb,
          large.ingest_peak_mb - large.ingest_start_mb,
          huge.ingest_peak_mb - huge.ingest_start_mb);

  g_clear_object (&project);
  if (system (rm) != 0)
    fprintf (stderr, "bench-batch: could not remove %s\n", dir);
  ok = large.write_per_s >= TARGET_WRITE_PER_S && large.ingest_per_s >= TARGET_INGEST_PER_S;
  if (!ok)
    fprintf (stderr, "bench-batch: a target was missed\n");
  return ok ? 0 : 1;
}
