/* vs-batch-ingest.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Batch output files into a run's results. An output (or error) file in the OpenAI batch
 * format — what OpenAI-shaped APIs, Mistral and vLLM's `run-batch` write — is streamed line by
 * line; each line is matched to its trial by custom_id (output order is not input order), its
 * chat completion parsed as the online path parses a reply, scored with the run's metrics
 * (a judge metric asks its judge online, as the runner does), priced at the batch price, and
 * written through the project's writer in the same rows as an online result, then stored in
 * the response cache under the key the online request would have used.
 *
 * Threading: the thread that owns the project, with a main loop free to run (judge requests
 * and writer completions are waited for on the thread-default main context). Not for the
 * GUI's own loop: the app calls it from a worker with its own context.
 */
#pragma once

#include <gio/gio.h>

#include "vs-project.h"

G_BEGIN_DECLS

/* How many "FILE:LINE: why" messages VsBatchIngestStats keeps. */
#define VS_BATCH_INGEST_MAX_MESSAGES 100

typedef struct
{
  gint64     n_lines;      /* lines read */
  gint64     n_ok;         /* results written as ok */
  gint64     n_failed;     /* results written as error (the line's error or non-2xx status) */
  gint64     n_unknown;    /* custom_id not of this run, or no such trial: skipped */
  gint64     n_finished;   /* trial already had a finished result: skipped */
  gint64     n_malformed;  /* not JSON / no custom_id: skipped, reported with its line number */
  GPtrArray *messages;     /* char *: "FILE:LINE: why" for each skipped line (first 100) */
} VsBatchIngestStats;

/* Zeroes @stats and gives it an empty messages array. */
void     vs_batch_ingest_stats_init  (VsBatchIngestStats *stats);
/* Frees the messages; the counts stay. */
void     vs_batch_ingest_stats_clear (VsBatchIngestStats *stats);

/* Streams an OpenAI-format output or error file into @run_id: each line's response becomes the
 * trial's result (scored with the run's metrics, cost at the batch price), written through the
 * project's writer exactly as the online runner writes it, and stored in the response cache.
 * Memory stays flat in the number of lines. Returns FALSE only for I/O errors / cancellation;
 * per-line problems are counted in @stats (which accumulates: init it once, ingest several
 * files). Waits until the writer has committed. When the run then has no trial left without a
 * result, its state is finished as the online runner finishes it ("done"). */
gboolean vs_batch_ingest_file     (VsProject          *project,
                                   gint64              run_id,
                                   GFile              *file,
                                   VsBatchIngestStats *stats,
                                   GCancellable       *cancellable,
                                   GError            **error);

/* Writes an error result ("@reason") for every trial listed in @input_file (a batch input
 * file this run wrote) that still has no result — an expired / failed / cancelled batch.
 * @n_failed (may be NULL) receives how many were written. Finishes the run as
 * vs_batch_ingest_file() does. */
gboolean vs_batch_fail_unfinished (VsProject          *project,
                                   gint64              run_id,
                                   GFile              *input_file,
                                   const char         *reason,
                                   gint64             *n_failed,
                                   GCancellable       *cancellable,
                                   GError            **error);

/* How far the trials of @input_file (a batch input file this run wrote) have come: its lines
 * with a trial of the run, and of them those with an "ok" and with an "error" result. */
gboolean vs_batch_count_input     (VsProject          *project,
                                   gint64              run_id,
                                   GFile              *input_file,
                                   gint64             *n_lines,
                                   gint64             *n_ok,
                                   gint64             *n_error,
                                   GCancellable       *cancellable,
                                   GError            **error);

G_END_DECLS
