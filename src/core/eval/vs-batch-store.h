/* vs-batch-store.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The `batches` table (schema 10): one row per batch file of a run — submitted to a
 * provider's batch API ("openai", "mistral") or written for offline use ("files", e.g. for
 * vLLM's run-batch). The batch runner keeps ids, states, counts and times here so tracking
 * resumes after a restart; the Compare page and `versus-cli eval batches` read it.
 *
 * Threading: reads on the project's main connection (the thread that opened the project);
 * writes go through the project's writer and these synchronous calls block until committed
 * (like vs_run_store_create), emitting VsProject::changed ("batches", run as parent).
 * Ownership: rows and arrays belong to the caller; strings are NULL when the column is NULL.
 */
#pragma once

#include <gio/gio.h>

#include "vs-project.h"

G_BEGIN_DECLS

/* The state of a batch written but not (yet) submitted. */
#define VS_BATCH_STATE_PREPARED_TEXT "PREPARED"

typedef struct
{
  gint64   id;
  gint64   run_id;
  gint64   contender_id;
  char    *contender;        /* name, from the contenders row */
  char    *provider;         /* "openai", "mistral", or "files" (written for offline use) */
  char    *endpoint;         /* base URL, NULL for "files" */
  char    *remote_id;        /* provider's batch id, NULL until created */
  char    *token;            /* the metadata "versus_batch" value */
  char    *input_path;       /* the local input file (kept until the batch is ingested) */
  char    *input_file_id, *output_file_id, *error_file_id;
  char    *state;            /* vs_batch_state_to_string(), "PREPARED" before submission */
  char    *status;           /* the provider's raw word */
  gint64   n_lines, n_completed, n_failed;
  char    *created_at, *updated_at, *completed_at;   /* ISO 8601 UTC */
  gboolean ingested;
  char    *error;
} VsBatchRow;

VsBatchRow *vs_batch_row_copy (const VsBatchRow *row);
void        vs_batch_row_free (VsBatchRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsBatchRow, vs_batch_row_free)

/* The run's batches (VsBatchRow), oldest first (id). Empty for an unknown run. */
GPtrArray  *vs_batch_store_list   (VsProject         *project,
                                   gint64             run_id,
                                   GError           **error);
/* One batch; VS_ERROR_NOT_FOUND when there is none. */
VsBatchRow *vs_batch_store_get    (VsProject         *project,
                                   gint64             batch_id,
                                   GError           **error);
/* Inserts @row (its id, contender name and created_at/updated_at are ignored: the database
 * sets them; a NULL state is "PREPARED"); the new row's id, 0 with @error set.
 * VS_ERROR_INVALID for a missing run / contender / provider / input path. */
gint64      vs_batch_store_add    (VsProject         *project,
                                   const VsBatchRow  *row,
                                   GError           **error);
/* Rewrites every mutable column of the row @row->id (remote ids, file ids, state, status,
 * counts, completed_at, ingested, error; updated_at is set to now).
 * VS_ERROR_NOT_FOUND when there is no such row. */
gboolean    vs_batch_store_update (VsProject         *project,
                                   const VsBatchRow  *row,
                                   GError           **error);

/* The status of a PREPARED row whose batch a process is creating (vs_batch_store_claim()). */
#define VS_BATCH_STATUS_CREATING "creating"

/* Claims the row @row->id (of run @row->run_id) for creating its batch at the provider: one
 * conditional UPDATE through the writer sets its status to "creating" (updated_at now) only
 * while it is PREPARED, has no provider id, is not ingested and no one claimed it less than
 * @lease_seconds ago — so of several processes (the app, `eval run --batch`) claiming it at
 * once exactly one wins (the UPDATE's changes()). *@won: whether this caller did. The winner
 * ends the claim by storing the provider's answer, or by writing the row back with another
 * status when the create did not happen; a claim whose holder died lapses after
 * @lease_seconds. FALSE with @error when it could not be written. */
gboolean    vs_batch_store_claim  (VsProject         *project,
                                   const VsBatchRow  *row,
                                   guint              lease_seconds,
                                   gboolean          *won,
                                   GError           **error);

/* TRUE when @rows (a run's, as vs_batch_store_list() gives them) say that the run's batches
 * were cancelled: the latest submission of some contender has a batch of a provider that
 * ended CANCELLED before every line was answered. The rows of one submission share the
 * folder of their input files (the batch runner gives each submission a folder of its own),
 * so a later submission of that contender (retrying the cancelled trials as a new batch)
 * supersedes the cancellation. */
gboolean    vs_batch_store_rows_cancelled (GPtrArray      *rows);

/* Records @files (VsBatchFile, as vs_batch_write_files() wrote them for use elsewhere) as
 * @run_id's batches of provider "files" — a file written again is reset to PREPARED, the row
 * of a file that vs_batch_write_files() removed from that folder as stale goes — and,
 * when they hold any request, sets the run "submitted": it waits for their outputs
 * (vs_batch_ingest_file()). */
gboolean    vs_batch_record_files (VsProject         *project,
                                   gint64             run_id,
                                   GPtrArray         *files,
                                   GError           **error);

/* Counts what the run's "files" batches (vs_batch_record_files()) have got back: a file whose
 * every trial now has a result is SUCCEEDED and ingested. Call it after importing outputs. */
gboolean    vs_batch_refresh_files (VsProject        *project,
                                    gint64            run_id,
                                    GError          **error);

G_END_DECLS
