/* vs-request-engine.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one way Versus talks to a model endpoint. One engine per endpoint: it owns a SoupSession
 * whose connection limit is the endpoint's concurrency, queues requests behind an adaptive
 * limit (halved on 429, creeping back after sustained success), retries what is safe to retry
 * (connection errors, 408, 409, 429, 5xx — exponential backoff with jitter, honouring
 * Retry-After / retry-after-ms), enforces idle and total timeouts, stops the whole batch at the
 * first 401/403, and answers chat requests from the project's response cache when it can.
 *
 * Everything is asynchronous on the thread-default main context of the thread that created
 * the engine (normally the main thread); callbacks and signals arrive there. Every call takes
 * a GCancellable; cancelling ends the call at once, mid-stream included, and frees its
 * connection slot.
 *
 * One engine per endpoint: the app and the CLI get engines from VsEngineRegistry
 * (vs-engine-registry.h), which hands every caller of the same endpoint the same engine, so
 * its connections are reused between requests, and its adaptive limit and stop state apply
 * to everything sent to that endpoint. vs_request_engine_new() is for the registry, tests and
 * benchmarks. Policy setters change the engine for all its callers; a caller that needs its
 * own retries or timeouts for one call passes a VsCallPolicy instead.
 *
 * The code is split by concern: transport and scheduling (vs-request-engine.c), the response
 * cache (vs-response-cache.c), uploads (vs-request-upload.c), job polling (vs-request-poll.c).
 *
 * Typical use (prompt editor's Run button):
 *
 *   registry = vs_engine_registry_get_for_project (project);  // cache: the project's
 *   vs_engine_registry_get_async (registry, endpoint, …);      // looks the key up
 *   … engine = vs_engine_registry_get_finish (registry, result, &error);
 *   request = vs_chat_request_new ("llama3.2");
 *   vs_chat_request_add_message (request, "user", "Hello");
 *   vs_chat_request_set_stream (request, TRUE);
 *   g_signal_connect (request, "delta", G_CALLBACK (on_delta), self);
 *   vs_request_engine_chat_async (engine, request, cancellable, on_done, self);
 *   … in on_done: response = vs_request_engine_chat_finish (engine, result, &error);
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vs-chat-request.h"
#include "vs-chat-response.h"
#include "vs-endpoint.h"
#include "vs-project.h"
#include "vs-response-cache.h"

G_BEGIN_DECLS

#define VS_REQUEST_ERROR (vs_request_error_quark ())

typedef enum
{
  VS_REQUEST_ERROR_HTTP,       /* the server answered with an error status (after retries) */
  VS_REQUEST_ERROR_AUTH,       /* 401/403: the key is missing or wrong; the batch stopped */
  VS_REQUEST_ERROR_CONNECTION, /* could not connect, or the connection broke */
  VS_REQUEST_ERROR_TIMEOUT,    /* idle or total timeout */
  VS_REQUEST_ERROR_PROTOCOL,   /* the reply is not what the API promises (malformed JSON) */
  VS_REQUEST_ERROR_TRUNCATED,  /* the stream ended before the reply was complete */
  VS_REQUEST_ERROR_NOT_RETRIED,/* a creating call failed after it may have reached the server */
} VsRequestError;

GQuark vs_request_error_quark (void);

/* Defaults (the endpoint's settings override them, the setters below override both). */
#define VS_REQUEST_DEFAULT_MAX_RETRIES      3
#define VS_REQUEST_DEFAULT_RETRY_BASE_MS    1000
#define VS_REQUEST_DEFAULT_RETRY_CAP_MS     30000
#define VS_REQUEST_DEFAULT_IDLE_TIMEOUT_MS  60000
#define VS_REQUEST_DEFAULT_TOTAL_TIMEOUT_MS 600000
/* A kept-alive connection is reused only while it was used recently: one idle for longer than
 * this is closed before the next request goes out, which then opens a new one. Shorter than the
 * keep-alive of common servers (5 s: uvicorn, Node), so no request is sent on a connection the
 * server is closing; a burst of requests (an evaluation run's) stays on its connections. */
#define VS_REQUEST_REUSE_IDLE_MS            2000
/* Consecutive successes after which a lowered limit grows by one again. */
#define VS_REQUEST_RAMP_UP_SUCCESSES        10

#define VS_TYPE_REQUEST_ENGINE (vs_request_engine_get_type ())
G_DECLARE_FINAL_TYPE (VsRequestEngine, vs_request_engine, VS, REQUEST_ENGINE, GObject)

/* Properties: "endpoint" (VsEndpoint, construct-only; the engine keeps a copy, so later
 * edits of the endpoint need a new engine), "current-limit" (guint, notify: the adaptive
 * limit, 1 … endpoint concurrency), "in-flight" (guint, notify), "stopped" (gboolean, notify).
 *
 * Signal "stopped" (VsRequestEngine *engine, GError *error): a 401/403 stopped the batch;
 * every queued and running call fails with the same VS_REQUEST_ERROR_AUTH error until
 * vs_request_engine_resume(). */

/* @api_key may be NULL (local servers). It is sent as "Authorization: Bearer …" to the
 * endpoint's own origin only — never after a redirect to another host — and never logged. */
VsRequestEngine *vs_request_engine_new                (VsEndpoint       *endpoint,
                                                       const char       *api_key);
VsEndpoint      *vs_request_engine_get_endpoint       (VsRequestEngine  *self);
void             vs_request_engine_set_api_key        (VsRequestEngine  *self,
                                                       const char       *api_key);
/* The project whose response cache chat requests use; NULL disables the cache. The engine
 * does not keep @project alive (the project's registry keeps its engines): when the project
 * goes, the cache is off. */
void             vs_request_engine_set_project        (VsRequestEngine  *self,
                                                       VsProject        *project);

/* Retry and timeout policy. Tests use small values. */
void             vs_request_engine_set_max_retries    (VsRequestEngine  *self,
                                                       guint             max_retries);
void             vs_request_engine_set_retry_backoff  (VsRequestEngine  *self,
                                                       guint             base_ms,
                                                       guint             cap_ms);
void             vs_request_engine_set_timeouts       (VsRequestEngine  *self,
                                                       guint             idle_ms,
                                                       guint             total_ms);

guint            vs_request_engine_get_limit          (VsRequestEngine  *self);
guint            vs_request_engine_get_current_limit  (VsRequestEngine  *self);
guint            vs_request_engine_get_in_flight      (VsRequestEngine  *self);
/* Calls not finished yet: queued, waiting to retry, or in flight. */
guint            vs_request_engine_get_n_pending      (VsRequestEngine  *self);
/* HTTP attempts sent and TCP connections opened since the engine was created. */
guint64          vs_request_engine_get_n_attempts     (VsRequestEngine  *self);
guint64          vs_request_engine_get_n_connections  (VsRequestEngine  *self);
gboolean         vs_request_engine_get_stopped        (VsRequestEngine  *self);
/* After the user fixed the key: clear the stop so new calls run again. */
void             vs_request_engine_resume             (VsRequestEngine  *self);

/* Chat completion (streaming when vs_chat_request_get_stream() says so; pieces arrive as the
 * request's "delta" signal). A request without a model gets the endpoint's default model.
 *
 * vs_request_engine_chat_finish() deliberately departs from GIO's "NULL exactly when an
 * error is set", because a failed request still has a result worth showing — the HTTP
 * status, the retries, the text streamed before the failure — and every caller (run pane,
 * `versus-cli chat --json`, the evaluation runner) records it:
 *   - success:   returns the response (full reference), @error untouched;
 *   - failure:   returns the response (full reference) AND sets @error; the response's
 *                vs_chat_response_get_error() is an equal error (same domain, code, message)
 *                and vs_chat_response_is_ok() is FALSE;
 *   - cancelled: returns NULL and sets @error to G_IO_ERROR_CANCELLED — the only NULL.
 * So always free the return value (g_autoptr), and test @error, not the return value, for
 * failure. tests/test-request-engine.c (/versus/request-engine/finish/contract) pins this. */
void             vs_request_engine_chat_async         (VsRequestEngine  *self,
                                                       VsChatRequest    *request,
                                                       GCancellable     *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer          user_data);
VsChatResponse  *vs_request_engine_chat_finish        (VsRequestEngine  *self,
                                                       GAsyncResult     *result,
                                                       GError          **error);

/* A call's own retry and timeout policy, for a caller that shares the endpoint's engine but
 * must not wait as patiently as an evaluation (a "Test" button, a model list): members < 0
 * take the engine's value; a timeout of 0 means none. Initialise with VS_CALL_POLICY_INIT. */
typedef struct
{
  gint max_retries;
  gint retry_base_ms;
  gint retry_cap_ms;
  gint idle_timeout_ms;
  gint total_timeout_ms;
} VsCallPolicy;

#define VS_CALL_POLICY_INIT { -1, -1, -1, -1, -1 }

/* Model ids: GET /v1/models (data[].id) or Ollama's GET /api/tags (models[].name). */
void             vs_request_engine_list_models_async  (VsRequestEngine  *self,
                                                       GCancellable     *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer          user_data);
/* The same with a policy of its own (NULL = the engine's); finish with _list_models_finish. */
void             vs_request_engine_list_models_full_async (VsRequestEngine     *self,
                                                           const VsCallPolicy  *policy,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GStrv            vs_request_engine_list_models_finish (VsRequestEngine  *self,
                                                       GAsyncResult     *result,
                                                       GError          **error);

typedef enum
{
  VS_CALL_FLAGS_NONE    = 0,
  /* The call creates something on the server (upload, fine-tune job): it is never retried
   * once it may have reached the server, so a retry cannot start two paid jobs. */
  VS_CALL_FLAGS_CREATES = 1 << 0,
  /* The call gets a TCP connection of its own, never a kept-alive one: for calls made
   * seconds or minutes apart (batch polls), where a reused connection the server has just
   * closed sends libsoup 3.2.3 down a restart path that crashes (see job_start_attempt()). */
  VS_CALL_FLAGS_NEW_CONNECTION = 1 << 1,
} VsCallFlags;

/* Generic JSON call: @method "GET"/"POST"/"DELETE"…, @path relative to the base URL
 * ("fine_tuning/jobs") or absolute; @body may be NULL. Returns the parsed reply (JSON null
 * for an empty body). @out_status receives the HTTP status (also on failure). */
void             vs_request_engine_call_json_async    (VsRequestEngine  *self,
                                                       const char       *method,
                                                       const char       *path,
                                                       JsonNode         *body,
                                                       VsCallFlags       flags,
                                                       GCancellable     *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer          user_data);
JsonNode        *vs_request_engine_call_json_finish   (VsRequestEngine  *self,
                                                       GAsyncResult     *result,
                                                       guint            *out_status,
                                                       GError          **error);

/* multipart/form-data POST (always VS_CALL_FLAGS_CREATES): string @fields (may be NULL) and
 * one file part @file_field with @filename, @contents and @content_type. The body is sent with
 * a Content-Length computed up front, never chunked (many servers refuse a chunked upload). */
void             vs_request_engine_upload_async       (VsRequestEngine  *self,
                                                       const char       *path,
                                                       GHashTable       *fields,
                                                       const char       *file_field,
                                                       const char       *filename,
                                                       GBytes           *contents,
                                                       const char       *content_type,
                                                       GCancellable     *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer          user_data);
/* The same, streaming the file part from @file instead of holding it in memory (fine-tuning
 * files reach hundreds of MB): the body is a stream of the part headers, the file and the
 * closing boundary, its Content-Length the sum of their sizes (taken when the call starts;
 * a file that changes size meanwhile fails the call). @filename NULL = @file's basename.
 * Finish with vs_request_engine_upload_finish(). */
void             vs_request_engine_upload_file_async  (VsRequestEngine  *self,
                                                       const char       *path,
                                                       GHashTable       *fields,
                                                       const char       *file_field,
                                                       GFile            *file,
                                                       const char       *filename,
                                                       const char       *content_type,
                                                       GCancellable     *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer          user_data);
JsonNode        *vs_request_engine_upload_finish      (VsRequestEngine  *self,
                                                       GAsyncResult     *result,
                                                       GError          **error);

/* Download: GET @path and write a successful reply's body to @sink as it arrives (never held
 * in memory). A failed attempt that is retried rewinds and truncates @sink first (a
 * GFileOutputStream can; a sink that cannot fails the call instead). An error status is not
 * written to @sink: it becomes the error, with the server's message. @policy NULL = the
 * engine's. Returns the bytes written, or -1 with @error; @out_status receives the HTTP
 * status (also on failure). @sink is not closed. */
void             vs_request_engine_download_async     (VsRequestEngine     *self,
                                                       const char          *path,
                                                       GOutputStream       *sink,
                                                       const VsCallPolicy  *policy,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gint64           vs_request_engine_download_finish    (VsRequestEngine     *self,
                                                       GAsyncResult        *result,
                                                       guint               *out_status,
                                                       GError             **error);

/* Polling: GET @path until @done_func returns TRUE for a reply (it also sees every reply,
 * so it can report progress). Waits @interval_ms between polls, doubling up to
 * @max_interval_ms; @timeout_ms 0 = until cancelled. Returns the reply that was done. */
typedef gboolean (*VsPollDoneFunc) (JsonNode *reply,
                                    gpointer  user_data);
void             vs_request_engine_poll_async         (VsRequestEngine  *self,
                                                       const char       *path,
                                                       VsPollDoneFunc    done_func,
                                                       gpointer          done_data,
                                                       guint             interval_ms,
                                                       guint             max_interval_ms,
                                                       guint             timeout_ms,
                                                       GCancellable     *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer          user_data);
JsonNode        *vs_request_engine_poll_finish        (VsRequestEngine  *self,
                                                       GAsyncResult     *result,
                                                       GError          **error);

/* Parses a Retry-After value (seconds or HTTP date) or retry-after-ms; -1 when absent or
 * unusable. Exposed for tests. */
gint64           vs_request_parse_retry_after_ms      (const char       *retry_after,
                                                       const char       *retry_after_ms);

G_END_DECLS
