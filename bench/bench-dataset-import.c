/* bench-dataset-import.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dataset import throughput: writes a 100,000-row CSV (quoted fields with commas, doubled
 * quotes and newlines in some rows), then times the reader alone and the full import into a
 * fresh project file (records, batches of 1,000), and prints rows/s and MB/s for each. No
 * external anchor: the reader-only figure is the ceiling the import is compared with.
 *
 * usage: bench-dataset-import [ROWS [BATCH_RECORDS]]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "vs-dataset-import.h"
#include "vs-dataset-reader.h"
#include "vs-project.h"

#define ROUNDS 3

static void
write_csv (const char *path,
           guint       rows)
{
  g_autoptr(GString) text = g_string_new ("id,prompt,completion,label\n");

  for (guint i = 1; i <= rows; i++)
    {
      if (i % 10 == 0)
        g_string_append_printf (text, "%u,\"Customer %u writes: \"\"my order, number %u, has "
                                "not arrived\"\"\nPlease help.\",\"We are sorry; order %u is on "
                                "its way and will arrive tomorrow.\",shipping\n", i, i, i * 7, i * 7);
      else
        g_string_append_printf (text, "%u,How do I reset my password for account %u?,Open "
                                "Settings and choose Reset password; a link is sent to you.,"
                                "account\n", i, i);
    }
  if (!g_file_set_contents (path, text->str, text->len, NULL))
    {
      fprintf (stderr, "bench-dataset-import: cannot write %s\n", path);
      exit (1);
    }
}

static double
median (double *values)
{
  double a = values[0], b = values[1], c = values[2];

  if ((a <= b && b <= c) || (c <= b && b <= a))
    return b;
  if ((b <= a && a <= c) || (c <= a && a <= b))
    return a;
  return c;
}

int
main (int   argc,
      char *argv[])
{
  guint rows = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  VsDatasetImportOptions options = { .batch_records = argc > 2 ? (guint) atoi (argv[2]) : 0,
                                     .batch_msec = argc > 2 ? 60000 : 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("versus-bench-XXXXXX", &error);
  g_autofree char *csv = NULL;
  double read_s[ROUNDS], import_s[ROUNDS];
  GStatBuf st;
  double mb;

  if (dir == NULL)
    {
      fprintf (stderr, "bench-dataset-import: %s\n", error->message);
      return 1;
    }
  csv = g_build_filename (dir, "rows.csv", NULL);
  write_csv (csv, rows);
  g_stat (csv, &st);
  mb = st.st_size / 1e6;
  printf ("dataset import: %u rows, %.1f MB CSV, median of %d rounds\n", rows, mb, ROUNDS);

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autoptr(VsDatasetReader) reader = vs_dataset_reader_new_for_path (csv, 0, &error);
      g_autoptr(VsProject) project = NULL;
      g_autoptr(VsDatasetImportSummary) summary = NULL;
      g_autofree char *project_path = g_strdup_printf ("%s/bench-%u.versus", dir, round);
      gint64 start, n = 0;
      JsonObject *object;

      start = g_get_monotonic_time ();
      while ((object = vs_dataset_reader_next (reader, NULL, NULL, &error)) != NULL)
        {
          json_object_unref (object);
          n++;
        }
      read_s[round] = (g_get_monotonic_time () - start) / 1e6;
      if (error != NULL || n != rows || vs_dataset_reader_get_n_problems (reader) != 0)
        {
          fprintf (stderr, "bench-dataset-import: the reader read %" G_GINT64_FORMAT " of %u "
                   "rows\n", n, rows);
          return 1;
        }

      project = vs_project_open (project_path, VS_PROJECT_OPEN_CREATE, &error);
      if (project == NULL)
        {
          fprintf (stderr, "bench-dataset-import: %s\n", error->message);
          return 1;
        }
      start = g_get_monotonic_time ();
      summary = vs_dataset_import_sync (project, csv, &options, NULL, NULL, NULL, &error);
      import_s[round] = (g_get_monotonic_time () - start) / 1e6;
      if (summary == NULL || summary->n_records != rows)
        {
          fprintf (stderr, "bench-dataset-import: import failed: %s\n",
                   error ? error->message : "wrong record count");
          return 1;
        }
      printf ("  round %u: read %.3f s, import %.3f s\n", round + 1, read_s[round],
              import_s[round]);
    }

  printf ("reader only: %10.0f rows/s %8.1f MB/s\n", rows / median (read_s), mb / median (read_s));
  printf ("import:      %10.0f rows/s %8.1f MB/s  (%.0f%% of the reader's rate)\n",
          rows / median (import_s), mb / median (import_s),
          100.0 * median (read_s) / median (import_s));

  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (dir);
  }
  return 0;
}
