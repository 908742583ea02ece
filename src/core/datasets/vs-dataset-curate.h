/* vs-dataset-curate.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Curation of a dataset's records after the wizard: review status, tags, rating, split, the
 * mapped chat example, a preference pair's order, deletion — on one record or in bulk on a
 * set of record ids or on every record a VsRecordQuery matches. Every change is written
 * through the project's writer in one transaction, recorded row by row in `record_edits`
 * (field, old value, new value) and announced with VsProject::changed, so VsRecordModel
 * follows. An edit of an example runs that example's checks again and keeps
 * `records.problems` and `records.tokens` right.
 *
 * Undo: each change returns a VsCurateChange. vs_dataset_curate_undo() restores exactly what
 * it changed (the first old value of each field it touched; deleted records come back with
 * their ids, ordinals, edit history and cleaning history) and returns the change the undo
 * made, whose undo is the redo. A deletion keeps the removed rows in temporary tables of the
 * writer's connection: it can be undone while the project stays open.
 *
 * Threading: the _sync functions (named without a suffix) block the calling thread until the
 * writer has committed — for one record from the GUI, for the CLI and tests; bulk changes
 * from the GUI use the _async variants. Errors: VS_ERROR_INVALID for a bad value,
 * VS_ERROR_NOT_FOUND for a record that is not in the dataset, VS_ERROR_FAILED for a read-only
 * project.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vs-dataset-validate.h"
#include "vs-project.h"
#include "vs-record-model.h"

G_BEGIN_DECLS

/* The tag that marks a preference pair the reviewer judged a tie: the DPO export leaves the
 * record out. */
#define VS_DATASET_TAG_TIE "tie"

typedef enum
{
  VS_CURATE_SET_STATUS,   /* value: "unreviewed", "accepted" or "rejected" */
  VS_CURATE_SET_RATING,   /* value: "1" … "5", or "0" / NULL to clear */
  VS_CURATE_ADD_TAG,      /* value: the tag (trimmed, not empty) */
  VS_CURATE_REMOVE_TAG,   /* value: the tag */
  VS_CURATE_SET_SPLIT,    /* value: "train", "validation", "test" or "unassigned" */
  VS_CURATE_DELETE,       /* value: unused */
} VsCurateAction;

/* Which records a bulk change touches: a set of ids, or what a query matches (its filters;
 * the order does not matter) minus @except ids. Always within one dataset. */
typedef struct _VsCurateTarget VsCurateTarget;

VsCurateTarget *vs_curate_target_new_ids   (const gint64        *ids,
                                            guint                n_ids);
/* @except (may be NULL, gint64) is copied. */
VsCurateTarget *vs_curate_target_new_query (const VsRecordQuery *query,
                                            GArray              *except);
void            vs_curate_target_free      (VsCurateTarget      *target);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsCurateTarget, vs_curate_target_free)

/* What one curation change did, for undo. Immutable; reference counted. */
typedef struct _VsCurateChange VsCurateChange;

#define VS_TYPE_CURATE_CHANGE (vs_curate_change_get_type ())
GType           vs_curate_change_get_type      (void) G_GNUC_CONST;
VsCurateChange *vs_curate_change_ref           (VsCurateChange *change);
void            vs_curate_change_unref         (VsCurateChange *change);
gint64          vs_curate_change_get_dataset_id (VsCurateChange *change);
/* Records changed (deleted, restored); 0 when the change found nothing to do. */
gint64          vs_curate_change_get_n_records (VsCurateChange *change);
/* TRUE for a deletion, FALSE for edits and restores. */
gboolean        vs_curate_change_is_delete     (VsCurateChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsCurateChange, vs_curate_change_unref)

VsCurateChange *vs_dataset_curate_apply        (VsProject            *project,
                                                gint64                dataset_id,
                                                const VsCurateTarget *target,
                                                VsCurateAction        action,
                                                const char           *value,
                                                GError              **error);
void            vs_dataset_curate_apply_async  (VsProject            *project,
                                                gint64                dataset_id,
                                                const VsCurateTarget *target,
                                                VsCurateAction        action,
                                                const char           *value,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
VsCurateChange *vs_dataset_curate_apply_finish (VsProject            *project,
                                                GAsyncResult         *result,
                                                GError              **error);

/* Replaces the mapped example of @record_id ({"messages": […], …}; every message an object
 * with a role). Its checks run again: `records.problems` gets
 * [{"key", "message", "error"}, …] and `records.tokens` the exact count (NULL when it cannot
 * be counted). */
VsCurateChange *vs_dataset_curate_set_example  (VsProject            *project,
                                                gint64                dataset_id,
                                                gint64                record_id,
                                                JsonObject           *example,
                                                GError              **error);
/* Swaps the chosen and rejected replies of a preference record in its stored row (the
 * columns vs_dataset_curate_get_preference() names). VS_ERROR_INVALID when the record is not
 * a preference pair. */
VsCurateChange *vs_dataset_curate_swap_preference (VsProject         *project,
                                                   gint64             dataset_id,
                                                   gint64             record_id,
                                                   GError           **error);

/* Restores what @change changed; returns the change the undo made (undo it to redo). */
VsCurateChange *vs_dataset_curate_undo         (VsProject            *project,
                                                VsCurateChange       *change,
                                                GError              **error);
void            vs_dataset_curate_undo_async   (VsProject            *project,
                                                VsCurateChange       *change,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
VsCurateChange *vs_dataset_curate_undo_finish  (VsProject            *project,
                                                GAsyncResult         *result,
                                                GError              **error);

/* The checks of one example (VsDatasetCheck, messages without the "line N: " prefix;
 * duplicates are not looked for) and its token count (-1 when it cannot be counted, e.g. it
 * has an error). Any thread. */
GPtrArray      *vs_dataset_curate_check_example (JsonObject          *example,
                                                 gint64              *tokens);

/* A record's preference pair: the reply texts and the columns of the stored row that hold
 * them (the mapping's "chosen"/"rejected" columns, else "chosen"/"rejected", else OpenAI's
 * "preferred_output"/"non_preferred_output"). NULL when the row has no pair. */
typedef struct
{
  char *chosen_column;
  char *rejected_column;
  char *chosen;
  char *rejected;
} VsPreferencePair;

void              vs_preference_pair_free           (VsPreferencePair *pair);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsPreferencePair, vs_preference_pair_free)
/* @mapping: the dataset's mapping JSON (may be NULL or "{}"). */
VsPreferencePair *vs_dataset_curate_get_preference (const char          *mapping,
                                                    JsonObject          *data);

/* One row of `record_edits`. */
typedef struct
{
  gint64  id;
  gint64  record_id;
  char   *field;
  char   *old_value;   /* NULL when the field was NULL */
  char   *new_value;
  char   *at;
} VsRecordEdit;

void        vs_record_edit_free              (VsRecordEdit *edit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsRecordEdit, vs_record_edit_free)
/* VsRecordEdit of @record_id, oldest first. Main connection (the thread that opened the
 * project). */
GPtrArray  *vs_dataset_curate_list_edits     (VsProject    *project,
                                              gint64        record_id,
                                              GError      **error);
/* The tags used in the dataset, sorted, without duplicates. Reads every record that has a
 * tag (an index-free scan): call it once per dataset and keep the list. */
char      **vs_dataset_curate_list_tags      (VsProject    *project,
                                              gint64        dataset_id,
                                              GError      **error);

G_END_DECLS
