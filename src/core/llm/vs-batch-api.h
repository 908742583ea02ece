/* vs-batch-api.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The providers' batch inference APIs, in two shapes: OpenAI's (POST /v1/files with
 * purpose=batch, /v1/batches create/get/list/cancel, GET /v1/files/{id}/content — OpenAI,
 * Together, Groq and other compatible services) and Mistral's (/v1/batch/jobs). Every request
 * goes through the endpoint's VsRequestEngine (its key, retries, timeouts, cancellation):
 * uploads stream from disk, a create is never retried blindly, downloads stream to a
 * temporary file renamed at the end. Replies of either shape become one VsBatchInfo with a
 * unified state (the fine-tuning state machine's words where they fit, plus EXPIRED) and the
 * provider's raw status kept.
 *
 * Errors name the request that failed ("POST batches", "GET batches/batch_1"), its HTTP status
 * and the provider's message; API keys never appear in them.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vs-endpoint.h"
#include "vs-request-engine.h"

G_BEGIN_DECLS

typedef enum
{
  VS_BATCH_API_OPENAI,  /* OpenAI, Together, Groq, any OpenAI-compatible batch API */
  VS_BATCH_API_MISTRAL, /* Mistral's /v1/batch/jobs */
} VsBatchApiKind;

const char    *vs_batch_api_kind_to_string    (VsBatchApiKind  kind); /* "openai", "mistral" */
/* Case-insensitive; VS_ERROR_INVALID for anything else. */
gboolean       vs_batch_api_kind_from_string  (const char     *text,
                                               VsBatchApiKind *kind,
                                               GError        **error);
/* MISTRAL for a host ending in mistral.ai, OPENAI otherwise (OpenAI, Together, Groq, any
 * OpenAI-compatible server). A contender's spec may name it: "batch_api": "mistral"
 * (batch-run reads that; tests use it to drive the fake server's Mistral shape). */
VsBatchApiKind vs_batch_api_kind_for_endpoint (VsEndpoint     *endpoint);

/* The fine-tuning state machine's words where they fit, plus EXPIRED. */
typedef enum
{
  VS_BATCH_STATE_VALIDATING,
  VS_BATCH_STATE_QUEUED,
  VS_BATCH_STATE_RUNNING,
  VS_BATCH_STATE_CANCELLING,
  VS_BATCH_STATE_SUCCEEDED,
  VS_BATCH_STATE_FAILED,
  VS_BATCH_STATE_CANCELLED,
  VS_BATCH_STATE_EXPIRED,
  VS_BATCH_STATE_UNKNOWN, /* shown with the provider's raw word */
} VsBatchState;

const char  *vs_batch_state_to_string   (VsBatchState  state); /* "VALIDATING" … "UNKNOWN" */
/* The inverse of vs_batch_state_to_string() (case-insensitive); UNKNOWN otherwise. */
VsBatchState vs_batch_state_from_string (const char   *text);
/* Either provider's word: validating, in_progress, finalizing (→ RUNNING), completed
 * (→ SUCCEEDED), failed, expired, cancelling, cancelled; QUEUED, RUNNING, SUCCESS,
 * FAILED, TIMEOUT_EXCEEDED (→ EXPIRED), CANCELLATION_REQUESTED, CANCELLED. Compared without
 * case (Together sends OpenAI's words in upper case); anything else is UNKNOWN. */
VsBatchState vs_batch_state_from_raw    (const char   *raw);
/* SUCCEEDED FAILED CANCELLED EXPIRED: the batch will not change any more. */
gboolean     vs_batch_state_is_final    (VsBatchState  state);

typedef struct
{
  char        *id;             /* the provider's batch id */
  char        *status;         /* the provider's raw word */
  VsBatchState state;
  char        *input_file_id;
  char        *output_file_id; /* NULL until there is one */
  char        *error_file_id;  /* NULL when none */
  gint64       total, completed, failed;  /* request counts (completed: those that
                                           * succeeded); -1 unknown */
  char        *created_at, *completed_at; /* ISO 8601 UTC, NULL when not given */
  char        *error;          /* the provider's message when the batch failed, else NULL */
  JsonObject  *metadata;       /* string → string, NULL when none */
} VsBatchInfo;

/* A deep copy (metadata included: nothing shared, so it may go to another thread). */
VsBatchInfo *vs_batch_info_copy (const VsBatchInfo *info);
void         vs_batch_info_free (VsBatchInfo       *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsBatchInfo, vs_batch_info_free)

/* Parses one batch object of @kind's shape (what get, create and cancel answer); NULL with
 * VS_REQUEST_ERROR_PROTOCOL when @node is not one. Exposed for tests and the runner. */
VsBatchInfo *vs_batch_info_from_json    (VsBatchApiKind  kind,
                                         JsonNode       *node,
                                         GError        **error);

/* Uploads @input (streamed from disk, `purpose=batch`) and creates the batch for @model
 * ("/v1/chat/completions", completion window 24h) with @metadata (string → string; the
 * caller always puts a unique "versus_batch" token in it). The create is never retried
 * blindly: when its response is lost (connection dropped, timeout, 5xx), the batches are
 * listed and the one whose metadata carries the same "versus_batch" is returned; a server
 * without the list endpoint (404) leaves the create's own error.
 *
 * @model is the job's model for Mistral; OpenAI's create has none (each line's body names
 * it). A reply that is JSON but not a batch counts as lost too. After a failure,
 * VS_REQUEST_ERROR_NOT_RETRIED, _TIMEOUT, _PROTOCOL and _TRUNCATED mean the batch may exist
 * all the same (look for its token with vs_batch_api_find_async() before submitting it
 * again); any other error means no batch was created. */
void         vs_batch_api_submit_async    (VsRequestEngine     *engine,
                                           VsBatchApiKind       kind,
                                           GFile               *input,
                                           const char          *model,
                                           JsonObject          *metadata,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
VsBatchInfo *vs_batch_api_submit_finish   (VsRequestEngine     *engine,
                                           GAsyncResult        *result,
                                           GError             **error);

/* GET the batch @batch_id. */
void         vs_batch_api_get_async       (VsRequestEngine     *engine,
                                           VsBatchApiKind       kind,
                                           const char          *batch_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
VsBatchInfo *vs_batch_api_get_finish      (VsRequestEngine     *engine,
                                           GAsyncResult        *result,
                                           GError             **error);

/* POST …/{id}/cancel; returns the batch as the provider answers (usually CANCELLING). */
void         vs_batch_api_cancel_async    (VsRequestEngine     *engine,
                                           VsBatchApiKind       kind,
                                           const char          *batch_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
VsBatchInfo *vs_batch_api_cancel_finish   (VsRequestEngine     *engine,
                                           GAsyncResult        *result,
                                           GError             **error);

/* The batch whose metadata has @key = @value (the newest 2,000 batches are searched, newest
 * first), or NULL without an error when there is none or the server has no list endpoint
 * (404, 405, 501). Other failures are errors. */
void         vs_batch_api_find_async      (VsRequestEngine     *engine,
                                           VsBatchApiKind       kind,
                                           const char          *key,
                                           const char          *value,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
VsBatchInfo *vs_batch_api_find_finish     (VsRequestEngine     *engine,
                                           GAsyncResult        *result,
                                           GError             **error);

/* GET /v1/files/{id}/content streamed to @dest (a temporary file renamed at the end). */
void         vs_batch_api_download_async  (VsRequestEngine     *engine,
                                           VsBatchApiKind       kind,
                                           const char          *file_id,
                                           GFile               *dest,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean     vs_batch_api_download_finish (VsRequestEngine     *engine,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
