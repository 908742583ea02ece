/* vs-finetune-store.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Typed reads of a project's fine-tuning jobs (one per job started on a provider: base model,
 * data snapshot, state, what it cost) and their events (the provider's log and loss points).
 * The Fine-tunes page reads jobs through this; the tracker (vs-finetune-tracker.h) and the
 * CLI write through the project's writer: a new job, then what the provider reports (state,
 * events de-duplicated by the provider's event id, checkpoints).
 *
 * Threading: reads run on the project's main connection, on the thread that opened the
 * project; writes are queued to the writer. Ownership: returned structs and arrays belong to
 * the caller (GPtrArrays free their elements); strings are NULL when the column is NULL.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vs-project.h"

G_BEGIN_DECLS

typedef struct
{
  gint64      id;
  char       *provider;
  gint64      endpoint_id;         /* 0 when none */
  gint64      snapshot_id;         /* 0 when none */
  char       *snapshot_name;       /* NULL when none */
  char       *remote_id;           /* the provider's job id */
  char       *base_model;
  char       *fine_tuned_model;    /* NULL until the provider names it */
  char       *state;               /* "VALIDATING", "RUNNING", "SUCCEEDED", … */
  char       *raw_status;          /* the provider's own word for it */
  JsonObject *hyperparameters;     /* never NULL */
  char       *training_file_id;
  char       *validation_file_id;
  gint64      trained_tokens;      /* -1 when unknown */
  double      estimated_cost;      /* in dollars; < 0 when unknown */
  char       *error;
  char       *created_at;          /* ISO 8601 UTC */
  char       *updated_at;
  char       *finished_at;         /* NULL until it ends */
} VsFinetuneJobInfo;

void vs_finetune_job_info_free (VsFinetuneJobInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsFinetuneJobInfo, vs_finetune_job_info_free)

typedef struct
{
  gint64    id;
  gint64    job_id;
  char     *remote_id;
  char     *level;                 /* "info", "warn", "error", … as the provider says */
  char     *type;                  /* "message", "metrics", … */
  char     *message;
  JsonNode *data;                  /* NULL when none (metrics: step, train_loss, …) */
  char     *created_at;
} VsFinetuneEvent;

void vs_finetune_event_free (VsFinetuneEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsFinetuneEvent, vs_finetune_event_free)

/* A job as a provider reports it (vs-finetune-provider.h). */
typedef struct _VsFinetuneJob VsFinetuneJob;

typedef struct
{
  gint64    id;
  gint64    job_id;
  char     *remote_id;             /* the provider's checkpoint id */
  gint64    step;                  /* -1 when unknown */
  char     *model;                 /* the checkpoint's model name, NULL when none */
  JsonNode *metrics;               /* NULL when none */
  char     *created_at;
} VsFinetuneCheckpoint;

void vs_finetune_checkpoint_free (VsFinetuneCheckpoint *checkpoint);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsFinetuneCheckpoint, vs_finetune_checkpoint_free)

/* The model a job shows as its name: the fine-tuned model once there is one, else the base. */
const char        *vs_finetune_job_info_get_display_model (const VsFinetuneJobInfo *info);

/* The type of the events the store adds itself: the job's state history (data: {"state",
 * "raw_status"}; no remote id), one each time the state changes. */
#define VS_FINETUNE_EVENT_STATE "versus.state"

/* Every job, newest first (created_at, then id, descending). */
GPtrArray         *vs_finetune_store_list        (VsProject  *project,
                                                  GError    **error);
/* VS_ERROR_NOT_FOUND when there is no such job. */
VsFinetuneJobInfo *vs_finetune_store_get         (VsProject  *project,
                                                  gint64      job_id,
                                                  GError    **error);
/* The job's events from its provider (VsFinetuneEvent) in the order they were stored; empty
 * for an unknown job. */
GPtrArray         *vs_finetune_store_list_events (VsProject  *project,
                                                  gint64      job_id,
                                                  GError    **error);
/* The job's state history (VsFinetuneEvent of type VS_FINETUNE_EVENT_STATE: created_at is
 * when the state was seen, message says it in words), oldest first. */
GPtrArray         *vs_finetune_store_list_history (VsProject  *project,
                                                   gint64      job_id,
                                                   GError    **error);

/* The job's checkpoints (VsFinetuneCheckpoint), by step. */
GPtrArray         *vs_finetune_store_list_checkpoints (VsProject  *project,
                                                       gint64      job_id,
                                                       GError    **error);
/* The job @provider knows as @remote_id; VS_ERROR_NOT_FOUND when the project has none. */
VsFinetuneJobInfo *vs_finetune_store_find_remote (VsProject  *project,
                                                  const char *provider,
                                                  const char *remote_id,
                                                  GError    **error);
/* Jobs whose state is not final (SUCCEEDED, FAILED, CANCELLED): what to go on tracking after
 * a restart. Oldest first. */
GPtrArray         *vs_finetune_store_list_active (VsProject  *project,
                                                  GError    **error);

/* Finished jobs as contenders for an evaluation (VsContenderInfo from vs-run-store.h: label
 * and model = the fine-tuned model, the job's endpoint, finetune_job_id = the job), newest
 * first: every SUCCEEDED job that names its model. */
GPtrArray         *vs_finetune_store_list_contenders (VsProject  *project,
                                                      GError    **error);

/* Writes. A new job from @info (provider, base_model, remote_id, state … ; id, created_at and
 * updated_at are filled in when 0 / NULL). Waits for the commit; returns the new id, 0 with
 * @error set on failure. */
gint64             vs_finetune_store_add_job     (VsProject               *project,
                                                  const VsFinetuneJobInfo *info,
                                                  GError                 **error);

/* What a provider reported about job @job_id, written in one transaction: the job's state,
 * raw status, fine-tuned model, error, tokens and finish time from @remote (a VsFinetuneJob
 * from vs-finetune-provider.h; may be NULL), @events (VsFinetuneEvent; may be NULL; an event
 * whose remote_id is already stored is skipped) and @checkpoints (VsFinetuneCheckpoint; may
 * be NULL; likewise). The arrays are copied. The callback's finish gives the number of
 * events that were new. */
void               vs_finetune_store_record_async  (VsProject           *project,
                                                    gint64               job_id,
                                                    const VsFinetuneJob *remote,
                                                    GPtrArray           *events,
                                                    GPtrArray           *checkpoints,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gint               vs_finetune_store_record_finish (VsProject           *project,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* The same, waiting for the commit (CLI, tests). Returns the number of new events, -1 with
 * @error set on failure. */
gint               vs_finetune_store_record        (VsProject           *project,
                                                    gint64               job_id,
                                                    const VsFinetuneJob *remote,
                                                    GPtrArray           *events,
                                                    GPtrArray           *checkpoints,
                                                    GError             **error);

G_END_DECLS
