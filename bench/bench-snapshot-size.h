/* bench-snapshot-size.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What `versus-cli dataset snapshot FILE DATASET` does, measured: the bytes a snapshot adds to
 * the project file as FILE plus FILE-wal after the command has exited. The snapshot runs on a
 * project opened and closed here, as the command opens and closes its own; the caller's own
 * connection (if any) may stay open. Shared by bench-snapshot and bench-curation.
 */
#pragma once

#include <glib/gstdio.h>

#include "vs-dataset-snapshot.h"
#include "vs-project.h"

/* The target: a snapshot of 1M unchanged rows adds under 10 MB. */
#define BENCH_SNAPSHOT_TARGET_BYTES (10 * 1000 * 1000)

static inline goffset
bench_snapshot_file_bytes (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;
  goffset total = 0;

  if (g_stat (path, &st) == 0)
    total += st.st_size;
  if (g_stat (wal, &st) == 0)
    total += st.st_size;
  return total;
}

/* Freezes @dataset_id of the project at @path as the CLI does (open, snapshot, diff against
 * the previous one, close) and returns the growth of FILE + FILE-wal, or -1 with @error set.
 * *@seconds (may be NULL) receives the time the snapshot and its diff took. */
static inline goffset
bench_snapshot_bytes (const char  *path,
                      gint64       dataset_id,
                      double      *seconds,
                      GError     **error)
{
  g_autoptr(VsProject) project = NULL;
  g_autoptr(VsSnapshotDiff) diff = NULL;
  goffset before = bench_snapshot_file_bytes (path);
  gint64 start, id;

  project = vs_project_open (path, VS_PROJECT_OPEN_EXISTING, error);
  if (project == NULL)
    return -1;
  start = g_get_monotonic_time ();
  id = vs_dataset_snapshot_create (project, dataset_id, NULL, FALSE, error);
  if (id <= 0)
    return -1;
  diff = vs_dataset_snapshot_diff (project, id, 1000, error);
  if (diff == NULL)
    return -1;
  if (seconds != NULL)
    *seconds = (g_get_monotonic_time () - start) / 1e6;
  g_clear_object (&project);
  return bench_snapshot_file_bytes (path) - before;
}
