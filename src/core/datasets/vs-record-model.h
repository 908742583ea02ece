/* vs-record-model.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of VsRecord over one dataset's records, for tables of any size. Filter and sort
 * are done in SQL; rows arrive in pages of VS_RECORD_MODEL_PAGE_SIZE fetched with keyset
 * paging on a worker thread that has its own read connection, so the main thread never runs a
 * query. Until a page arrives get_item() returns placeholders (vs_record_get_loaded() is
 * FALSE); when it arrives the model emits items-changed over the page's range. n-items is 0
 * until the first count comes back ("loading" is TRUE meanwhile). At most
 * VS_RECORD_MODEL_MAX_PAGES pages are kept (least recently used go first), so memory stays
 * bounded whatever the dataset's size. The model follows VsProject::changed: rows appended in
 * sort order are added at the end, edits reload the pages that hold them, anything else
 * reloads the whole model while the old rows stay visible until the new ones arrive.
 *
 * Main thread only (the thread whose default context was current at construction).
 */
#pragma once

#include <gio/gio.h>

#include "vs-project.h"
#include "vs-record.h"

G_BEGIN_DECLS

#define VS_RECORD_MODEL_PAGE_SIZE 256
#define VS_RECORD_MODEL_MAX_PAGES 64

typedef enum
{
  VS_RECORD_SORT_ORDINAL = 0,
  VS_RECORD_SORT_ID,       /* insertion order */
  VS_RECORD_SORT_TOKENS,   /* records without a count first */
  VS_RECORD_SORT_SPLIT,
  VS_RECORD_SORT_STATUS,
  VS_RECORD_SORT_RATING,   /* unrated first */
  VS_RECORD_SORT_RANK,     /* with a text search: best match first (bm25); when the text
                            * matches more than VS_RECORD_MODEL_MAX_RANKED records, or without
                            * text, in the order the records were added — file order after an
                            * import ("ranked" is FALSE then) */
} VsRecordSort;

/* Ranking sorts every match by score; past this many the rows come in ordinal order, so
 * that any search shows its first page quickly. */
#define VS_RECORD_MODEL_MAX_RANKED 10000

/* Which records, in which order. Strings NULL = any; ranges are inclusive, and a bound of -1
 * means "no bound". @text is an FTS5 query over the record's text (see vs-dataset-search.h);
 * records not yet in the search index are not found by it. Filters combine (AND). */
typedef struct
{
  char         *split;
  char         *status;
  gint64        min_ordinal;
  gint64        max_ordinal;
  gint64        min_tokens;
  gint64        max_tokens;
  VsRecordSort  sort;
  gboolean      descending;
  gboolean      kept_only;   /* leave out records a cleaning step dropped (vs-dataset-steps.h) */
  gint64        dropped_by;  /* 0: any; -1: only records a cleaning step dropped; > 0: only
                              * those the step with this id dropped (kept_only must be off) */
  char         *text;        /* FTS5 query; NULL or blank: no text search */
  char         *tag;         /* records carrying this tag */
  char         *problem;     /* records with a problem of this key */
  gint64        min_rating;  /* rating range; an unrated record counts as 0 */
  gint64        max_rating;
  gint64        cluster;     /* near-duplicate cluster (its head's record id); -1: any */
} VsRecordQuery;

#define VS_TYPE_RECORD_QUERY (vs_record_query_get_type ())
GType          vs_record_query_get_type (void) G_GNUC_CONST;
/* Every record, by ordinal, ascending. */
VsRecordQuery *vs_record_query_new      (void);
VsRecordQuery *vs_record_query_copy     (const VsRecordQuery *query);
void           vs_record_query_free     (VsRecordQuery       *query);
gboolean       vs_record_query_equal    (const VsRecordQuery *a,
                                         const VsRecordQuery *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsRecordQuery, vs_record_query_free)

#define VS_TYPE_RECORD_MODEL (vs_record_model_get_type ())
G_DECLARE_FINAL_TYPE (VsRecordModel, vs_record_model, VS, RECORD_MODEL, GObject)

/* NULL with @error set when no read connection can be opened. */
VsRecordModel       *vs_record_model_new          (VsProject            *project,
                                                   gint64                dataset_id,
                                                   GError              **error);
VsProject           *vs_record_model_get_project  (VsRecordModel        *self);
gint64               vs_record_model_get_dataset_id (VsRecordModel      *self);
const VsRecordQuery *vs_record_model_get_query    (VsRecordModel        *self);
/* Copies @query; a different query reloads the model (n-items drops to 0 until counted). */
void                 vs_record_model_set_query    (VsRecordModel        *self,
                                                   const VsRecordQuery  *query);
void                 vs_record_model_set_sort     (VsRecordModel        *self,
                                                   VsRecordSort          sort,
                                                   gboolean              descending);
/* TRUE when the rows are in rank order (a text search sorted by VS_RECORD_SORT_RANK with at
 * most VS_RECORD_MODEL_MAX_RANKED matches). */
gboolean             vs_record_model_get_ranked   (VsRecordModel        *self);
/* Why the current query could not be run (e.g. a malformed search), or NULL. */
const char          *vs_record_model_get_error    (VsRecordModel        *self);
/* TRUE until the count for the current query has arrived. */
gboolean             vs_record_model_get_loading  (VsRecordModel        *self);
/* Pages currently held (loaded or on their way); for tests and benchmarks. */
guint                vs_record_model_get_n_pages  (VsRecordModel        *self);
/* Reloads everything, as after a change the model could not place. */
void                 vs_record_model_reload       (VsRecordModel        *self);

G_END_DECLS
