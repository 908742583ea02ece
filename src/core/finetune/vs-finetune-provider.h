/* vs-finetune-provider.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One interface to the fine-tuning APIs of several providers: OpenAI-compatible
 * (/v1/files, /v1/fine_tuning/jobs), Together (/v1/files/upload, /v1/fine-tunes), Fireworks
 * (datasets + :upload, supervisedFineTuningJobs; the endpoint's base URL names the account,
 * e.g. https://api.fireworks.ai/v1/accounts/ACCOUNT) and Mistral (/v1/files,
 * /v1/fine_tuning/jobs with training_files). Each backend is a table of paths, a create body
 * and a reply parser; every request goes through the endpoint's VsRequestEngine (retries,
 * keys, cancellation; creates are never retried). Replies become one shape: VsFinetuneJob
 * with the unified state (raw status kept), ISO 8601 UTC times, events with metrics
 * (step, train/valid loss, token accuracy), checkpoints.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vs-finetune-store.h"
#include "vs-request-engine.h"

G_BEGIN_DECLS

typedef enum
{
  VS_FINETUNE_PROVIDER_OPENAI,    /* any OpenAI-compatible fine-tuning API */
  VS_FINETUNE_PROVIDER_TOGETHER,
  VS_FINETUNE_PROVIDER_FIREWORKS,
  VS_FINETUNE_PROVIDER_MISTRAL,
} VsFinetuneProviderKind;

#define VS_FINETUNE_N_PROVIDERS (VS_FINETUNE_PROVIDER_MISTRAL + 1)

typedef enum
{
  VS_FINETUNE_STATE_VALIDATING,
  VS_FINETUNE_STATE_QUEUED,
  VS_FINETUNE_STATE_RUNNING,
  VS_FINETUNE_STATE_PAUSED,
  VS_FINETUNE_STATE_CANCELLING,
  VS_FINETUNE_STATE_SUCCEEDED,
  VS_FINETUNE_STATE_FAILED,
  VS_FINETUNE_STATE_CANCELLED,
  VS_FINETUNE_STATE_UNKNOWN,      /* shown with the provider's raw value */
} VsFinetuneState;

const char      *vs_finetune_provider_kind_to_string   (VsFinetuneProviderKind kind);
/* "openai", "together", "fireworks", "mistral"; VS_ERROR_INVALID otherwise. */
gboolean         vs_finetune_provider_kind_from_string (const char             *text,
                                                        VsFinetuneProviderKind *kind,
                                                        GError                **error);
/* The largest training file the provider takes through this API, in bytes. */
guint64          vs_finetune_provider_kind_get_max_file_size (VsFinetuneProviderKind kind);

/* "VALIDATING" … "UNKNOWN". */
const char      *vs_finetune_state_to_string   (VsFinetuneState  state);
VsFinetuneState  vs_finetune_state_from_string (const char      *text);
/* Any provider's status word (REFERENCE.md's table; Fireworks' JOB_STATE_ prefix is
 * ignored); VS_FINETUNE_STATE_UNKNOWN for anything else. */
VsFinetuneState  vs_finetune_state_from_raw    (const char      *raw);
/* SUCCEEDED, FAILED, CANCELLED: nothing will change any more. */
gboolean         vs_finetune_state_is_final    (VsFinetuneState  state);

/* A provider time — Unix seconds (integer or float, also as a numeric string) or an ISO 8601
 * string with or without a zone (none = UTC) — as "YYYY-MM-DDTHH:MM:SSZ". NULL for a JSON
 * null, 0 or anything unreadable. */
char            *vs_finetune_time_to_iso       (JsonNode        *node);

/* What a create asks for. Zero / negative / NULL members mean "the provider's default"
 * ("auto" where the API has it). */
typedef struct
{
  char   *base_model;
  char   *training_file;       /* the provider's file id (Fireworks: dataset name) */
  char   *validation_file;     /* may be NULL */
  int     n_epochs;            /* 0 = auto */
  int     batch_size;          /* 0 = auto */
  double  learning_rate_multiplier; /* ≤ 0 = auto (OpenAI-compatible) */
  double  learning_rate;       /* ≤ 0 = default (Together, Fireworks, Mistral) */
  char   *suffix;
  gint64  seed;                /* < 0 = none */
} VsFinetuneParams;

VsFinetuneParams *vs_finetune_params_new  (void);
void              vs_finetune_params_free (VsFinetuneParams *params);
/* {"n_epochs": 3 | "auto", "batch_size": …, "learning_rate_multiplier": …, "learning_rate",
 * "suffix", "seed"}: what the project stores as the job's hyperparameters. */
JsonObject       *vs_finetune_params_to_json (const VsFinetuneParams *params);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsFinetuneParams, vs_finetune_params_free)

/* A job as the provider describes it, in one shape. */
struct _VsFinetuneJob
{
  char            *id;                /* the provider's job id */
  char            *status;            /* the provider's raw status */
  VsFinetuneState  state;
  char            *model;             /* base model */
  char            *fine_tuned_model;  /* NULL until there is one */
  char            *created_at;        /* ISO 8601 UTC, NULL when not given */
  char            *finished_at;
  char            *error;             /* the provider's message when the job failed */
  char            *training_file;
  char            *validation_file;
  gint64           trained_tokens;    /* -1 when unknown */
  GPtrArray       *events;            /* VsFinetuneEvent, when the job detail carries them
                                       * (Mistral); else NULL */
  GPtrArray       *checkpoints;       /* VsFinetuneCheckpoint, likewise */
};

void           vs_finetune_job_free    (VsFinetuneJob *job);
/* {"id", "state", "status", "model", "fine_tuned_model", "created_at", "finished_at",
 * "error"} — `versus-cli finetune status --json`. */
JsonNode      *vs_finetune_job_to_json (const VsFinetuneJob *job);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsFinetuneJob, vs_finetune_job_free)

/* {"id", "created_at", "level", "message", "metrics": {…} | null} (events use the store's
 * VsFinetuneEvent: remote_id is the provider's event id, data the metrics object). */
JsonNode      *vs_finetune_event_to_json (const VsFinetuneEvent *event);

#define VS_TYPE_FINETUNE_PROVIDER (vs_finetune_provider_get_type ())
G_DECLARE_FINAL_TYPE (VsFinetuneProvider, vs_finetune_provider, VS, FINETUNE_PROVIDER, GObject)

/* The backend @kind talking through @engine (the endpoint's shared engine). */
VsFinetuneProvider     *vs_finetune_provider_new        (VsFinetuneProviderKind kind,
                                                         VsRequestEngine       *engine);
VsFinetuneProviderKind  vs_finetune_provider_get_kind   (VsFinetuneProvider    *self);
VsRequestEngine        *vs_finetune_provider_get_engine (VsFinetuneProvider    *self);
guint64                 vs_finetune_provider_get_max_file_size (VsFinetuneProvider *self);
/* Overrides the size limit (tests). 0 restores the provider's. */
void                    vs_finetune_provider_set_max_file_size (VsFinetuneProvider *self,
                                                                guint64             bytes);

/* FALSE with VS_ERROR_INVALID (naming the file, its size and the provider's limit) when
 * @file is larger than the provider takes, or with the I/O error when it cannot be read. No
 * request is made. */
gboolean  vs_finetune_provider_check_file     (VsFinetuneProvider  *self,
                                               GFile               *file,
                                               GError             **error);

/* Checks the file, then uploads it streamed from disk (multipart; Fireworks: creates the
 * dataset first). Finish returns the id to create a job with. */
void      vs_finetune_provider_upload_async   (VsFinetuneProvider  *self,
                                               GFile               *file,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
char     *vs_finetune_provider_upload_finish  (VsFinetuneProvider  *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Creates a job (never retried once it may have reached the server). */
void      vs_finetune_provider_create_async   (VsFinetuneProvider     *self,
                                               const VsFinetuneParams *params,
                                               GCancellable           *cancellable,
                                               GAsyncReadyCallback     callback,
                                               gpointer                user_data);
/* get, create, cancel finish here. */
VsFinetuneJob *vs_finetune_provider_job_finish (VsFinetuneProvider *self,
                                                GAsyncResult       *result,
                                                GError            **error);

/* One GET of the job itself. */
void      vs_finetune_provider_get_async      (VsFinetuneProvider  *self,
                                               const char          *job_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* Asks the provider to cancel; finishes with the job as it is afterwards. */
void      vs_finetune_provider_cancel_async   (VsFinetuneProvider  *self,
                                               const char          *job_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);

/* The provider's jobs (VsFinetuneJob), newest first. */
void       vs_finetune_provider_list_async    (VsFinetuneProvider  *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GPtrArray *vs_finetune_provider_list_finish   (VsFinetuneProvider  *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* The job's events (VsFinetuneEvent), oldest first, each once (by event id; all pages).
 * Fireworks has no events API: an empty array, no request. */
void       vs_finetune_provider_events_async  (VsFinetuneProvider  *self,
                                               const char          *job_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GPtrArray *vs_finetune_provider_events_finish (VsFinetuneProvider  *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* The job's checkpoints (VsFinetuneCheckpoint), oldest first; empty where the provider has
 * none to list. */
void       vs_finetune_provider_checkpoints_async  (VsFinetuneProvider  *self,
                                                    const char          *job_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GPtrArray *vs_finetune_provider_checkpoints_finish (VsFinetuneProvider  *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* Parsing, exposed for tests: a job object as @kind returns it. */
VsFinetuneJob *vs_finetune_job_parse (VsFinetuneProviderKind  kind,
                                      JsonObject             *object);

G_END_DECLS
