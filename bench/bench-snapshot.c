/* bench-snapshot.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cost of a snapshot: imports a generated JSONL dataset (1,000,000 rows by default), then
 * freezes it as `versus-cli dataset snapshot` does and prints the bytes FILE + FILE-wal grew
 * by after the project was closed, against the target of 10 MB for 1M unchanged rows (the
 * anchor: one two-integer reference row per record, ~10 MB per 1M rows, is what the design
 * must beat). Then a second snapshot of the unchanged rows, and one after moving 1,000 rows to
 * another split (space in proportion to what changed). Exits 1 when the target is missed.
 *
 * usage: bench-snapshot [ROWS]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bench-snapshot-size.h"
#include "vs-dataset-import.h"
#include "vs-dataset-store.h"

#define EDITED 1000

static void
write_jsonl (const char *path,
             guint       rows)
{
  FILE *out = fopen (path, "w");

  if (out == NULL)
    {
      fprintf (stderr, "bench-snapshot: cannot write %s\n", path);
      exit (2);
    }
  for (guint i = 1; i <= rows; i++)
    fprintf (out, "{\"id\":%u,\"question\":\"How do I reset the password of account %u?\","
             "\"answer\":\"Open Settings and choose Reset password; a link is sent to you.\","
             "\"label\":\"%s\"}\n", i, i, i % 3 ? "account" : "billing");
  fclose (out);
}

static goffset
snapshot_or_die (const char *path,
                 gint64      dataset_id,
                 const char *what)
{
  g_autoptr(GError) error = NULL;
  double seconds = 0;
  goffset bytes = bench_snapshot_bytes (path, dataset_id, &seconds, &error);

  if (bytes < 0)
    {
      fprintf (stderr, "bench-snapshot: %s: %s\n", what, error->message);
      exit (2);
    }
  printf ("%-44s %12" G_GOFFSET_FORMAT " bytes  %7.3f s\n", what, bytes, seconds);
  return bytes;
}

int
main (int   argc,
      char *argv[])
{
  guint rows = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  g_autofree char *dir = g_dir_make_tmp ("bench-snapshot-XXXXXX", NULL);
  g_autofree char *source = g_build_filename (dir, "rows.jsonl", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.versus", NULL);
  g_autoptr(VsDatasetImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  double target_per_row = (double) BENCH_SNAPSHOT_TARGET_BYTES / 1000000;
  goffset first, second, edited, before_edit;
  gint64 dataset_id, start;
  int status = 0;

  if (rows == 0)
    {
      fprintf (stderr, "usage: bench-snapshot [ROWS]\n");
      return 2;
    }
  write_jsonl (source, rows);
  {
    g_autoptr(VsProject) project = vs_project_open (path, VS_PROJECT_OPEN_CREATE, &error);

    if (project == NULL)
      {
        fprintf (stderr, "bench-snapshot: %s\n", error->message);
        return 2;
      }
    start = g_get_monotonic_time ();
    summary = vs_dataset_import_sync (project, source, NULL, NULL, NULL, NULL, &error);
    if (summary == NULL)
      {
        fprintf (stderr, "bench-snapshot: import: %s\n", error->message);
        return 2;
      }
    dataset_id = summary->dataset_id;
    printf ("imported %" G_GINT64_FORMAT " rows in %.1f s; project %" G_GOFFSET_FORMAT
            " bytes\n", summary->n_records, (g_get_monotonic_time () - start) / 1e6,
            bench_snapshot_file_bytes (path));
  }

  first = snapshot_or_die (path, dataset_id, "first snapshot (every row unchanged)");
  second = snapshot_or_die (path, dataset_id, "second snapshot (nothing changed)");
  before_edit = bench_snapshot_file_bytes (path);
  {
    g_autoptr(VsProject) project = vs_project_open (path, VS_PROJECT_OPEN_EXISTING, &error);
    g_autoptr(GArray) ordinals = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr(GPtrArray) splits = g_ptr_array_new ();

    for (gint64 i = 1; i <= EDITED; i++)
      {
        g_array_append_val (ordinals, i);
        g_ptr_array_add (splits, (gpointer) VS_DATASET_SPLIT_TRAIN);
      }
    if (project == NULL ||
        !vs_dataset_store_set_splits (project, dataset_id, ordinals,
                                      (const char * const *) splits->pdata, NULL, &error))
      {
        fprintf (stderr, "bench-snapshot: edit: %s\n", error->message);
        return 2;
      }
  }
  edited = snapshot_or_die (path, dataset_id, "snapshot after moving 1,000 rows to train");

  printf ("target: a snapshot of 1M unchanged rows adds < %d bytes (%.1f bytes per row); "
          "measured %.4f bytes per row over %u rows\n", BENCH_SNAPSHOT_TARGET_BYTES,
          target_per_row, (double) MAX (first, second) / rows, rows);
  printf ("anchor: a two-integer reference row per record: ~%.0f bytes for %u rows\n",
          10.0 * rows, rows);
  if ((double) MAX (first, second) / rows >= target_per_row)
    {
      printf ("MISSED: the snapshot costs more than the target\n");
      status = 1;
    }
  else
    printf ("met\n");
  printf ("editing %d rows (one version each) and the snapshot after it added %"
          G_GOFFSET_FORMAT " bytes (the snapshot alone %" G_GOFFSET_FORMAT ")\n", EDITED,
          bench_snapshot_file_bytes (path) - before_edit, edited);

  g_unlink (source);
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
  return status;
}
