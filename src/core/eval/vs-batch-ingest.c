/* vs-batch-ingest.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Batch output files into a run's results (see vs-batch-ingest.h).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vs-batch-ingest.h"
#include "vs-error.h"

void
vs_batch_ingest_stats_init (VsBatchIngestStats *stats)
{
  g_return_if_fail (stats != NULL);

  memset (stats, 0, sizeof *stats);
  stats->messages = g_ptr_array_new_with_free_func (g_free);
}

void
vs_batch_ingest_stats_clear (VsBatchIngestStats *stats)
{
  g_return_if_fail (stats != NULL);

  g_clear_pointer (&stats->messages, g_ptr_array_unref);
}

gboolean
vs_batch_ingest_file (VsProject          *project,
                      gint64              run_id,
                      GFile              *file,
                      VsBatchIngestStats *stats,
                      GCancellable       *cancellable,
                      GError            **error)
{
  g_set_error (error, VS_ERROR, VS_ERROR_FAILED, "not yet written");
  return FALSE;
}

gboolean
vs_batch_fail_unfinished (VsProject    *project,
                          gint64        run_id,
                          GFile        *input_file,
                          const char   *reason,
                          gint64       *n_failed,
                          GCancellable *cancellable,
                          GError      **error)
{
  g_set_error (error, VS_ERROR, VS_ERROR_FAILED, "not yet written");
  return FALSE;
}
