/* vs-dataset-search.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Full-text search over a project's records: an SQLite FTS5 index of every string value of
 * each record's row (all columns) and of its mapped chat example (without the messages'
 * roles), queried with FTS5's syntax — words, "phrases", prefix*, AND / OR / NOT, NEAR(),
 * column filters (`data:` or `example:`) — and ranked by bm25, combined with the filters of a
 * VsRecordQuery (split, status, tag, rating, problem, tokens, near-duplicate cluster).
 *
 * The index follows the records by itself once built: triggers keep indexed rows fresh as
 * they are edited or deleted. Imports append rows without indexing them (so they stay fast);
 * vs_dataset_search_build_*() indexes what is pending, in batches through the project's
 * writer, and may run while the project is used. vs_dataset_search_get_pending() says how
 * many records wait: a search over a stale index misses them, so callers build first (the
 * CLI) or say that the index is building (the GUI, VsSearchIndexer).
 *
 * Threading: vs_dataset_search_sync() and the build run on any thread (the search on a read
 * connection of its own, the build's writes on the writer); vs_dataset_search_get_pending()
 * uses the project's main connection (its owner's thread). Errors: VS_ERROR_INVALID for a
 * malformed query (the message quotes it and says what is wrong), VS_ERROR_FAILED when the
 * project is read-only (building needs the writer), G_IO_ERROR_CANCELLED.
 */
#pragma once

#include <gio/gio.h>

#include "vs-progress.h"
#include "vs-project.h"
#include "vs-record-model.h"

G_BEGIN_DECLS

/* One record a search found. */
typedef struct
{
  gint64    id;
  gint64    ordinal;    /* 1-based position in its source */
  gboolean  has_score;  /* FALSE when the results are in ordinal order, unranked */
  double    score;      /* relevance, higher is better (bm25 with its sign turned) */
  char     *data;       /* the row as stored: a JSON object, keys in source order */
  char     *example;    /* the mapped chat example (JSON) or NULL */
  char    **matches;    /* the words the query matched in it, as written; NULL when none */
} VsSearchHit;

void vs_search_hit_free (VsSearchHit *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsSearchHit, vs_search_hit_free)

typedef struct
{
  GPtrArray *hits;       /* VsSearchHit, best first; when not ranked, in the order the records
                          * were added (file order after an import), or by ordinal without
                          * text */
  gint64     n_matches;  /* every record of the dataset that matches, not only those listed;
                          * -1 when not counted */
  gboolean   ranked;     /* FALSE: more than VS_RECORD_MODEL_MAX_RANKED matches (or no text),
                          * so the hits are the first in row order, without scores */
} VsSearchResult;

void vs_search_result_free (VsSearchResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsSearchResult, vs_search_result_free)

/* How many records of the project are not in the index yet (0: it is fresh); -1 with @error
 * set when the project cannot be read. An estimate from record ids, exact after imports. */
gint64          vs_dataset_search_get_pending (VsProject        *project,
                                               GError          **error);

/* Indexes every pending record, in batches of about 50 ms of the writer's time, reporting
 * records done of records pending through @progress (may be NULL). Blocks: for the CLI,
 * tests and worker threads. Records that arrive meanwhile are indexed too. */
gboolean        vs_dataset_search_build_sync  (VsProject        *project,
                                               GCancellable     *cancellable,
                                               VsProgressRelay  *progress,
                                               GError          **error);
/* The same on a worker thread; @progress runs on the caller's main context. */
void            vs_dataset_search_build_async (VsProject           *project,
                                               GCancellable        *cancellable,
                                               VsProgressFunc       progress,
                                               gpointer             progress_data,
                                               GDestroyNotify       progress_notify,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        vs_dataset_search_build_finish (VsProject          *project,
                                                GAsyncResult       *result,
                                                GError            **error);

/* The records of @dataset_id that match @query (its text and filters): the first @limit
 * (0: all), best first when @query->text is set and matches at most
 * VS_RECORD_MODEL_MAX_RANKED records, else in row order, and all of them counted when @count
 * (a second pass over every match: leave it out when only the first hits matter). @query's
 * sort is not used. Does not build the index. */
VsSearchResult *vs_dataset_search_sync        (VsProject           *project,
                                               gint64               dataset_id,
                                               const VsRecordQuery *query,
                                               guint                limit,
                                               gboolean             count,
                                               GCancellable        *cancellable,
                                               GError             **error);

/* Byte ranges [start, end) of @text (UTF-8) holding one of @matches (a search's matched
 * words, vs_record_get_matches()) as a whole word, compared without case: for highlighting a
 * preview. Pairs of guint in an array; empty when nothing matches. */
GArray         *vs_dataset_search_find_matches (const char         *text,
                                                const char         *const *matches);

G_END_DECLS
