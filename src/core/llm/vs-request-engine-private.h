/* vs-request-engine-private.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the engine's other files (uploads, polling) need from its scheduler: making a JSON job,
 * giving it a streamed body, and submitting it into the engine's queue.
 */
#pragma once

#include "vs-request-engine.h"

G_BEGIN_DECLS

typedef struct _VsRequestJob VsRequestJob;

/* Makes a fresh body stream for one attempt (a retry before sending and a 307/308 redirect
 * need a new one) and its exact length in bytes, sent as Content-Length. Runs on the engine's
 * context. */
typedef GInputStream *(*VsRequestBodyFunc) (gpointer   data,
                                            goffset   *out_length,
                                            GError   **error);

/* A job whose reply is parsed as JSON (finish with vs_request_engine_call_json_finish's
 * rules: g_task_propagate_pointer of a JsonNode). @path as for call_json. */
VsRequestJob *_vs_request_job_new_json         (VsRequestEngine     *self,
                                                const char          *method,
                                                const char          *path,
                                                VsCallFlags          flags,
                                                const VsCallPolicy  *policy,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data,
                                                gpointer             source_tag);
void          _vs_request_job_set_body_stream  (VsRequestJob        *job,
                                                const char          *content_type,
                                                VsRequestBodyFunc    func,
                                                gpointer             data,
                                                GDestroyNotify       destroy);
/* Hands the job to the engine (which owns it from then on). */
void          _vs_request_job_submit           (VsRequestJob        *job);

GMainContext *_vs_request_engine_get_context   (VsRequestEngine     *self);
/* How long a kept-alive connection may have been idle and still be reused (default
 * VS_REQUEST_REUSE_IDLE_MS); tests shorten it along with the fake server's keep-alive. */
void          _vs_request_engine_set_reuse_idle_ms (VsRequestEngine *self,
                                                    guint            ms);
/* What the last upload body stream of the engine was, for tests: its GType name. */
const char   *_vs_request_engine_get_last_body_type (VsRequestEngine *self);

G_END_DECLS
