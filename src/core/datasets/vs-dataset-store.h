/* vs-dataset-store.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Typed reads of a project's datasets and records, so that pages, panels and commands never
 * write SQL: the datasets with their import state, per-dataset counts, one record's data, the
 * ordinal range, the problems an import recorded.
 *
 * Threading: every function runs on the project's main connection and belongs on the thread
 * that opened the project (the GUI's main thread, the CLI). Each is an indexed lookup that
 * stays cheap however many records a dataset holds — counts come from the `dataset_counts`
 * table that is kept as records change (vs-dataset-store-private.h), never from counting
 * records — except vs_dataset_store_list_ordinals(), which reads one index entry per record of
 * the split (few-shot pools; keep it off the main thread for large splits).
 * Ownership: returned structs and arrays belong to the caller (GPtrArrays free their
 * elements); strings in them are UTF-8 and NULL when the column is NULL.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vs-dataset-reader.h"
#include "vs-project.h"

G_BEGIN_DECLS

/* The values of a record's `split` and `status`, as stored. */
#define VS_DATASET_SPLIT_TRAIN      "train"
#define VS_DATASET_SPLIT_VALIDATION "validation"
#define VS_DATASET_SPLIT_TEST       "test"
#define VS_DATASET_SPLIT_UNASSIGNED "unassigned"
#define VS_DATASET_STATUS_UNREVIEWED "unreviewed"
#define VS_DATASET_STATUS_ACCEPTED   "accepted"
#define VS_DATASET_STATUS_REJECTED   "rejected"

typedef struct
{
  gint64  id;
  char   *name;
  char   *format;        /* NULL when unknown */
  char   *source_path;   /* NULL when not imported from a file */
  char  **columns;
  gint64  n_records;
  gint64  n_problems;
  char   *created_at;    /* ISO 8601 UTC */
  char   *import_state;  /* "running", "done", "cancelled", "failed" or NULL */
  gint64  n_snapshots;
} VsDatasetInfo;

void        vs_dataset_info_free              (VsDatasetInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsDatasetInfo, vs_dataset_info_free)

/* A dataset as a chooser lists it. */
typedef struct
{
  gint64  id;
  char   *name;
} VsDatasetName;

void        vs_dataset_name_free              (VsDatasetName *name);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsDatasetName, vs_dataset_name_free)

/* Records of one dataset per split and status. */
typedef struct _VsDatasetCounts VsDatasetCounts;

void        vs_dataset_counts_free            (VsDatasetCounts *counts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsDatasetCounts, vs_dataset_counts_free)
/* Records with @split and @status; NULL for either means any. A name that is not a split or
 * a status counts 0. */
gint64      vs_dataset_counts_get             (const VsDatasetCounts *counts,
                                               const char            *split,
                                               const char            *status);

/* One VsDatasetInfo per dataset, by id. */
GPtrArray  *vs_dataset_list                   (VsProject     *project,
                                               GError       **error);
/* The problems an import recorded for a dataset (VsDatasetProblem from
 * vs-dataset-reader.h): the first @limit, in file order; 0: all. */
GPtrArray  *vs_dataset_get_import_problems    (VsProject     *project,
                                               gint64         dataset_id,
                                               guint          limit,
                                               GError       **error);

/* VsDatasetName for every dataset, sorted by name ignoring case (then by id). */
GPtrArray  *vs_dataset_store_list_names       (VsProject     *project,
                                               GError       **error);
/* The id of the dataset called exactly @name, or 0. */
gint64      vs_dataset_store_find             (VsProject     *project,
                                               const char    *name);
/* The dataset called @name_or_id (names are unique in a project), or else whose id that
 * number is: how the CLI takes a DATASET. 0 with VS_ERROR_NOT_FOUND when there is none. */
gint64      vs_dataset_store_resolve          (VsProject     *project,
                                               const char    *name_or_id,
                                               GError       **error);
/* VS_ERROR_NOT_FOUND when there is no such dataset. */
VsDatasetCounts *vs_dataset_store_get_counts  (VsProject     *project,
                                               gint64         dataset_id,
                                               GError       **error);
/* The lowest and highest ordinal of the dataset's records; both 0 when it has none (or does
 * not exist). Ordinals start at 1 and may have gaps (skipped source rows keep their number). */
gboolean    vs_dataset_store_get_ordinal_range (VsProject    *project,
                                               gint64         dataset_id,
                                               gint64        *first,
                                               gint64        *last,
                                               GError       **error);
/* The data of the record at @ordinal as a new JsonObject (big integers kept as text, see
 * vs_json_parse). VS_ERROR_NOT_FOUND when the dataset has no such record; the parser's error
 * when the stored data is not an object. */
JsonObject *vs_dataset_store_get_record_data  (VsProject     *project,
                                               gint64         dataset_id,
                                               gint64         ordinal,
                                               GError       **error);
/* Ordinals (gint64, ascending) of the records in @split (NULL: any) whose status is not
 * rejected when @skip_rejected is set. What few-shot examples are drawn from. */
GArray     *vs_dataset_store_list_ordinals    (VsProject     *project,
                                               gint64         dataset_id,
                                               const char    *split,
                                               gboolean       skip_rejected,
                                               GError       **error);

/* Sets the split of the records of @dataset_id at @ordinals (gint64) to @splits (one name per
 * ordinal: "train", "validation", "test" or "unassigned") through the project's writer, and
 * waits until it is committed; all or nothing. @previous (may be NULL) receives the split
 * each record had, in @ordinals' order (a NULL-terminated array), so that setting those back
 * undoes the move. VS_ERROR_INVALID for a name that is not a split, VS_ERROR_NOT_FOUND when
 * the dataset has no record at one of @ordinals, VS_ERROR_FAILED when the project is read-only
 * (it has no writer). Emits VsProject::changed for "records" (dataset_counts follow by
 * trigger). */
gboolean         vs_dataset_store_set_splits (VsProject          *project,
                                              gint64              dataset_id,
                                              GArray             *ordinals,
                                              const char         *const *splits,
                                              char             ***previous,
                                              GError            **error);

G_END_DECLS
