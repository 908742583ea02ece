/* vs-fake-llm.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fake language-model server for tests, benchmarks and manual runs: an in-process SoupServer
 * on 127.0.0.1 (ephemeral port, its own thread and GMainContext) that speaks the
 * OpenAI-compatible API (/v1/models, /v1/chat/completions with SSE streaming) and Ollama's
 * (/api/tags, /api/chat with NDJSON streaming), answers deterministically ("Echo: <last user
 * message>") and injects faults on demand. GET /_stats returns its counters as JSON; POST
 * /_fault queues a fault (see vs_fake_llm_parse_fault()).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  VS_FAKE_FAULT_NONE,
  VS_FAKE_FAULT_STATUS,          /* answer with HTTP status @value and a JSON error body */
  VS_FAKE_FAULT_RATE_LIMIT,      /* 429 with "Retry-After: @value" seconds (< 0: no header) */
  VS_FAKE_FAULT_RATE_LIMIT_MS,   /* 429 with "retry-after-ms: @value" */
  VS_FAKE_FAULT_RATE_LIMIT_DATE, /* 429 with Retry-After as an HTTP date @value s ahead */
  VS_FAKE_FAULT_DROP,            /* close the connection without answering */
  VS_FAKE_FAULT_HANG,            /* send nothing for @value ms, then close the connection */
  VS_FAKE_FAULT_TRUNCATE,        /* stream @value pieces (or half the body), then close */
  VS_FAKE_FAULT_MALFORMED,       /* 200 with a body (or stream event) that is not JSON */
  VS_FAKE_FAULT_REDIRECT,        /* 307 to the redirect target + the same path */
  VS_FAKE_FAULT_LATENCY,         /* answer after @value ms */
} VsFakeFault;

typedef struct _VsFakeLlm VsFakeLlm;

/* Starts the server on 127.0.0.1:@port (0 = ephemeral). */
VsFakeLlm  *vs_fake_llm_new                 (guint        port,
                                             GError     **error);
void        vs_fake_llm_free                (VsFakeLlm   *self);
/* "http://127.0.0.1:PORT" (the server root; OpenAI-compatible clients add /v1). */
const char *vs_fake_llm_get_url             (VsFakeLlm   *self);
guint       vs_fake_llm_get_port            (VsFakeLlm   *self);

/* Faults are consumed one per request, first in first out (GET /_stats takes none). */
void        vs_fake_llm_push_fault          (VsFakeLlm   *self,
                                             VsFakeFault  fault,
                                             int          value);
void        vs_fake_llm_clear_faults        (VsFakeLlm   *self);
/* Parses "500" / "status:503", "429:2" (Retry-After seconds), "429ms:250", "429date:3",
 * "drop", "hang:5000", "truncate:2", "malformed", "redirect", "latency:800". Used by the
 * program's --fault option and by POST /_fault (body = one spec) at run time. */
gboolean    vs_fake_llm_parse_fault         (const char  *spec,
                                             VsFakeFault *fault,
                                             int         *value);
/* Latency added to every request. */
void        vs_fake_llm_set_latency_ms      (VsFakeLlm   *self,
                                             guint        ms);
/* Pause between pieces of a streamed reply (0: send the whole stream at once). */
void        vs_fake_llm_set_chunk_delay_ms  (VsFakeLlm   *self,
                                             guint        ms);
/* When set, requests without "Authorization: Bearer @key" get 401 — whose message echoes the
 * key that was sent, as some providers do, so tests can check that the client redacts it. */
void        vs_fake_llm_set_required_key    (VsFakeLlm   *self,
                                             const char  *key);
/* Base URL that VS_FAKE_FAULT_REDIRECT sends clients to. */
void        vs_fake_llm_set_redirect_target (VsFakeLlm   *self,
                                             const char  *base_url);

/* Requests received for @path (NULL: all paths but /_stats). */
guint       vs_fake_llm_get_request_count   (VsFakeLlm   *self,
                                             const char  *path);
/* Requests that carried an Authorization header. */
guint       vs_fake_llm_get_auth_count      (VsFakeLlm   *self);
/* Streams still being written. */
guint       vs_fake_llm_get_open_streams    (VsFakeLlm   *self);
/* Highest number of requests handled at the same time. */
guint       vs_fake_llm_get_max_concurrent  (VsFakeLlm   *self);
/* Distinct client connections seen. */
guint       vs_fake_llm_get_connections     (VsFakeLlm   *self);
/* Body of the last chat request. */
char       *vs_fake_llm_dup_last_body       (VsFakeLlm   *self);
void        vs_fake_llm_reset_counts        (VsFakeLlm   *self);

/* Fine-tuning: the files and fine-tuning paths of OpenAI-compatible APIs and Mistral
 * (/v1/files, /v1/fine_tuning/jobs…), Together (/v1/files/upload, /v1/fine-tunes…) and
 * Fireworks (/v1/accounts/A/datasets…, …/supervisedFineTuningJobs…). A job moves one phase
 * per GET of it: validating → queued → running (a metrics event per step, 3 steps) →
 * succeeded. A base model containing "fail" fails at validation with an error message;
 * "fake-unknown" is refused at create (400). OpenAI events come 3 per page. */
/* The body of the last job create. */
char       *vs_fake_llm_dup_last_finetune_body (VsFakeLlm *self);
guint       vs_fake_llm_get_finetune_job_count (VsFakeLlm *self);
/* Appends a line per chat request to @path (NULL: stop): "<wall clock µs>\t<model>\t<last
 * user message>" — for tests that check which requests a killed client made. A last user
 * message containing "REPLY:" is answered with exactly what follows it (no "Echo: "). */
void        vs_fake_llm_set_request_log     (VsFakeLlm   *self,
                                             const char  *path,
                                             GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsFakeLlm, vs_fake_llm_free)

G_END_DECLS
