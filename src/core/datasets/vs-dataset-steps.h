/* vs-dataset-steps.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dataset wizard's work on a stored dataset: apply a mapping to every record
 * (`records.example`, the mapping kept in `datasets.mapping`), cleaning steps that say what
 * they changed or dropped and can be undone (a dropped record is marked with the step that
 * dropped it, never deleted; the history lives in `dataset_steps`), validation of the mapped
 * examples, a seeded split, and writing the kept records to a file. Heavy work reads on its
 * own connection on a worker thread and writes in batches through the project's writer; the
 * _sync variants belong on a worker (or the CLI and tests), the _async ones report progress
 * on the caller's main context and honour the cancellable.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vs-dataset-split.h"
#include "vs-dataset-validate.h"
#include "vs-progress.h"
#include "vs-project.h"

G_BEGIN_DECLS

/* The wizard's steps, as stored in the dataset's settings ("import", "map", …). */
typedef enum
{
  VS_DATASET_STEP_IMPORT = 0,
  VS_DATASET_STEP_MAP,
  VS_DATASET_STEP_CLEAN,
  VS_DATASET_STEP_VALIDATE,
  VS_DATASET_STEP_SPLIT,
  VS_DATASET_STEP_EXPORT,
} VsDatasetStepId;

#define VS_DATASET_N_STEPS (VS_DATASET_STEP_EXPORT + 1)

const char *vs_dataset_step_id_to_string   (VsDatasetStepId  step);
/* Unknown or NULL names give IMPORT. */
VsDatasetStepId vs_dataset_step_id_from_string (const char  *name);

/* The step the wizard was left at, from `datasets.settings` ($.wizard.step). */
VsDatasetStepId vs_dataset_steps_get_current (VsProject      *project,
                                              gint64          dataset_id);
gboolean    vs_dataset_steps_set_current   (VsProject       *project,
                                            gint64           dataset_id,
                                            VsDatasetStepId  step,
                                            GError         **error);

/* The stored mapping JSON ("{}" when none); NULL when there is no such dataset. */
char       *vs_dataset_steps_get_mapping   (VsProject       *project,
                                            gint64           dataset_id);

/* Renames a dataset (a non-empty name, trimmed). Main thread; one small write. */
gboolean    vs_dataset_steps_rename        (VsProject       *project,
                                            gint64           dataset_id,
                                            const char      *name,
                                            GError         **error);
/* Deletes a dataset and its records, problems, steps and snapshots (with the record of the
 * exports written from them). VS_ERROR_INVALID when a fine-tune job or an evaluation run used
 * one of its snapshots: their results must keep saying which data produced them. */
gboolean    vs_dataset_steps_delete        (VsProject       *project,
                                            gint64           dataset_id,
                                            GError         **error);

/* How many records the last mapping mapped, -1 when the dataset was never mapped. */
gint64      vs_dataset_steps_get_mapped    (VsProject       *project,
                                            gint64           dataset_id);
/* The position of the record at @ordinal among the dataset's kept records in ordinal order
 * (a VsRecordModel with kept_only), or -1 when there is no such kept record. */
gint64      vs_dataset_steps_position_of   (VsProject       *project,
                                            gint64           dataset_id,
                                            gint64           ordinal);

/* ---- Mapping ---------------------------------------------------------------------- */

#define VS_DATASET_MAP_MAX_ERRORS 100

typedef struct
{
  gint64     n_records;
  gint64     n_mapped;
  gint64     n_failed;
  GPtrArray *errors;    /* char *, the first VS_DATASET_MAP_MAX_ERRORS: "Row N: …" */
} VsDatasetMapResult;

void vs_dataset_map_result_free (VsDatasetMapResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsDatasetMapResult, vs_dataset_map_result_free)

/* Stores @mapping (JSON text, checked first: a bad mapping fails with VS_ERROR_INVALID and
 * changes nothing), starts cleaning over (every step is undone: a cleaning step worked on the
 * old examples), then maps every record in batches of 1,000 committed as they go. A row that
 * does not map keeps a NULL example and counts as failed; its error names the row (ordinal)
 * and the template position. Progress: rows done of all rows. */
VsDatasetMapResult *vs_dataset_map_sync    (VsProject            *project,
                                            gint64                dataset_id,
                                            const char           *mapping,
                                            GCancellable         *cancellable,
                                            VsProgressRelay      *progress,
                                            GError              **error);
void                vs_dataset_map_async   (VsProject            *project,
                                            gint64                dataset_id,
                                            const char           *mapping,
                                            GCancellable         *cancellable,
                                            VsProgressFunc        progress,
                                            gpointer              progress_data,
                                            GDestroyNotify        progress_notify,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
VsDatasetMapResult *vs_dataset_map_finish  (VsProject            *project,
                                            GAsyncResult         *result,
                                            GError              **error);

/* ---- Cleaning --------------------------------------------------------------------- */

typedef enum
{
  VS_DATASET_CLEAN_TRIM = 0,      /* whitespace: line ends, runs of spaces, blank lines */
  VS_DATASET_CLEAN_DROP_EMPTY,    /* no example, or a user/assistant turn without text */
  VS_DATASET_CLEAN_DEDUP,         /* the same example once normalised: keep the first */
  VS_DATASET_CLEAN_NEAR_DEDUP,    /* MinHash + LSH clusters: keep the first of each */
  VS_DATASET_CLEAN_MAX_TOKENS,    /* examples over a token count */
  VS_DATASET_CLEAN_DROP,          /* records chosen by ordinal (a validation fix) */
} VsDatasetCleanKind;

#define VS_DATASET_NEAR_THRESHOLD_DEFAULT 0.85

/* "trim", "drop-empty", "dedup", "near-dedup", "max-tokens", "drop". */
const char *vs_dataset_clean_kind_to_string   (VsDatasetCleanKind  kind);
gboolean    vs_dataset_clean_kind_from_string (const char         *name,
                                               VsDatasetCleanKind *out_kind);

typedef struct
{
  double  near_threshold;   /* 0: VS_DATASET_NEAR_THRESHOLD_DEFAULT */
  gint64  max_tokens;       /* for MAX_TOKENS; 0: VS_DATASET_TOKEN_LIMIT_DEFAULT */
  GArray *ordinals;         /* gint64, for DROP */
} VsDatasetCleanOptions;

/* One cleaning step as stored. */
typedef struct
{
  gint64  id;
  char   *kind;
  char   *params;      /* JSON */
  gint64  n_before;    /* kept records before the step */
  gint64  n_changed;
  gint64  n_dropped;
  gboolean undone;
  char   *created_at;
} VsDatasetStep;

void vs_dataset_step_free (VsDatasetStep *step);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsDatasetStep, vs_dataset_step_free)

/* Runs one step over the records that are kept (not dropped by an active step) and records
 * it, with the old value of every field it changed, in one transaction. Progress: records
 * looked at. */
VsDatasetStep *vs_dataset_clean_sync       (VsProject                   *project,
                                            gint64                       dataset_id,
                                            VsDatasetCleanKind           kind,
                                            const VsDatasetCleanOptions *options,
                                            GCancellable                *cancellable,
                                            VsProgressRelay             *progress,
                                            GError                     **error);
void           vs_dataset_clean_async      (VsProject                   *project,
                                            gint64                       dataset_id,
                                            VsDatasetCleanKind           kind,
                                            const VsDatasetCleanOptions *options,
                                            GCancellable                *cancellable,
                                            VsProgressFunc               progress,
                                            gpointer                     progress_data,
                                            GDestroyNotify               progress_notify,
                                            GAsyncReadyCallback          callback,
                                            gpointer                     user_data);
VsDatasetStep *vs_dataset_clean_finish     (VsProject                   *project,
                                            GAsyncResult                *result,
                                            GError                     **error);

/* Undoes @step_id and every later active step of the dataset, latest first: dropped records
 * come back, changed examples and clusters get their old values. One small write. */
gboolean    vs_dataset_clean_undo          (VsProject       *project,
                                            gint64           dataset_id,
                                            gint64           step_id,
                                            GError         **error);
/* VsDatasetStep for every step of the dataset, oldest first (undone ones included). */
GPtrArray  *vs_dataset_clean_list          (VsProject       *project,
                                            gint64           dataset_id,
                                            GError         **error);
/* Records kept: all records minus those dropped by active steps (from maintained counts and
 * the step history; nothing is counted record by record). */
gint64      vs_dataset_steps_count_kept    (VsProject       *project,
                                            gint64           dataset_id);

/* ---- Validation ------------------------------------------------------------------- */

typedef struct
{
  JsonNode   *report;      /* vs_dataset_validator_to_json() */
  GPtrArray  *problems;    /* VsDatasetCheck; line = the record's ordinal */
  GArray     *tokens;      /* gint64 per example that could be counted */
  gint64      n_examples;
  gint64      n_valid;
  gint64      n_errors;    /* problems that are errors */
  gint64      n_warnings;
  gint64      n_unmapped;  /* kept records without an example (not validated) */
  gint64      token_limit;
} VsDatasetValidation;

void vs_dataset_validation_free (VsDatasetValidation *validation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsDatasetValidation, vs_dataset_validation_free)

/* Validates the kept records' examples (lines are ordinals) and keeps each example's token
 * count in `records.tokens`. @model (NULL: o200k_base and the default limit) picks the
 * tokenizer and the token limit. */
VsDatasetValidation *vs_dataset_validate_records_sync   (VsProject            *project,
                                                         gint64                dataset_id,
                                                         const char           *model,
                                                         GCancellable         *cancellable,
                                                         VsProgressRelay      *progress,
                                                         GError              **error);
void                 vs_dataset_validate_records_async  (VsProject            *project,
                                                         gint64                dataset_id,
                                                         const char           *model,
                                                         GCancellable         *cancellable,
                                                         VsProgressFunc        progress,
                                                         gpointer              progress_data,
                                                         GDestroyNotify        progress_notify,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
VsDatasetValidation *vs_dataset_validate_records_finish (VsProject            *project,
                                                         GAsyncResult         *result,
                                                         GError              **error);

/* ---- Split ------------------------------------------------------------------------ */

typedef struct
{
  guint   percent[VS_DATASET_SPLIT_N_PARTS];
  guint64 seed;
  char   *stratify;   /* a column of the rows, or NULL */
} VsDatasetSplitOptions;

/* Assigns the kept records to train / validation / test (vs_dataset_split_assign over them in
 * ordinal order; dropped records become unassigned) and stores the options in the dataset's
 * settings. @counts (VS_DATASET_SPLIT_N_PARTS entries, may be NULL) gets the records per
 * part. */
gboolean    vs_dataset_split_records_sync  (VsProject                   *project,
                                            gint64                       dataset_id,
                                            const VsDatasetSplitOptions *options,
                                            gint64                      *counts,
                                            GCancellable                *cancellable,
                                            GError                     **error);
void        vs_dataset_split_records_async (VsProject                   *project,
                                            gint64                       dataset_id,
                                            const VsDatasetSplitOptions *options,
                                            GCancellable                *cancellable,
                                            GAsyncReadyCallback          callback,
                                            gpointer                     user_data);
/* @counts as for the sync variant. */
gboolean    vs_dataset_split_records_finish (VsProject                  *project,
                                             GAsyncResult               *result,
                                             gint64                     *counts,
                                             GError                    **error);

G_END_DECLS
