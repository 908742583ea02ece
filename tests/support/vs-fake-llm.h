/* vs-fake-llm.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fake language-model server for tests, benchmarks and manual runs: an in-process SoupServer
 * on 127.0.0.1 (ephemeral port, its own thread and GMainContext) that speaks the
 * OpenAI-compatible API (/v1/models, /v1/chat/completions with SSE streaming) and Ollama's
 * (/api/tags, /api/chat with NDJSON streaming), answers deterministically ("Echo: <last user
 * message>") and injects faults on demand. It also serves the fine-tuning and batch APIs of
 * several providers (see below). GET /_stats returns its counters as JSON; POST
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
/* Keep-alive: a request that arrives on a connection idle for longer than @ms since its last
 * request (0: no limit, the default) is never answered — the connection is closed under it, as
 * when a server's keep-alive timer (5 s for uvicorn and Node) fires just as a client reuses
 * the connection. The worst case of that race, on every such request. */
void        vs_fake_llm_set_keep_alive_ms   (VsFakeLlm   *self,
                                             guint        ms);
/* Requests closed that way. */
guint       vs_fake_llm_get_keep_alive_drops (VsFakeLlm  *self);
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

/* Batches: OpenAI's shape (POST /v1/files with purpose=batch, POST/GET /v1/batches,
 * GET /v1/batches/ID, POST /v1/batches/ID/cancel) and Mistral's (/v1/batch/jobs, same
 * sub-paths), and GET /v1/files/ID/content for input, output and error files. A batch moves
 * one phase per GET of it (per @polls GETs, see below): validating → in_progress (half its
 * lines done) → finalizing (all done) → completed; Mistral: QUEUED → RUNNING → RUNNING →
 * SUCCESS. Then each line has been answered by the chat logic above — the same body, usage
 * and text as the same request sent online (a Mistral line without "model" gets the job's) —
 * into the output file ({"id", "custom_id", "response": {"status_code": 200, "request_id",
 * "body"}, "error": null}), and lines that fail into the error file (status 400 for a body
 * that is not a chat request, 500 for the fail pattern); both files list their lines
 * shuffled, never in input order. A line that is not JSON with custom_id and body fails the
 * whole batch at validation (status failed, errors with its line number). A cancel moves it
 * to cancelling and, at the next GET, to cancelled with the lines done so far answered (the
 * others are in neither file). The MALFORMED fault makes a batch or list reply invalid JSON;
 * TRUNCATE sends half of a file's content, then closes the connection.
 * The list is newest first (OpenAI: limit/after/has_more; Mistral: page/page_size/total). */
/* GETs of a batch per phase (default 1). */
void        vs_fake_llm_set_batch_polls_per_state (VsFakeLlm  *self,
                                                   guint       polls);
/* Lines whose custom_id matches the glob @pattern (NULL: none) go to the error file. */
void        vs_fake_llm_set_batch_fail_pattern (VsFakeLlm    *self,
                                                const char   *pattern);
/* Batches created from now on expire at their @polls-th GET (0: never) unless they ended
 * before: status expired (Mistral TIMEOUT_EXCEEDED), at least half their lines answered, the
 * rest in the error file with error code "batch_expired" and a null response. */
void        vs_fake_llm_set_batch_expire_after (VsFakeLlm    *self,
                                                guint         polls);
/* The next @n batch creates are carried out but their reply is lost: the connection is
 * dropped (@status 0) or answered with @status (e.g. 502). */
void        vs_fake_llm_lose_batch_creates  (VsFakeLlm   *self,
                                             guint        n,
                                             guint        status);
/* Whether GET /v1/batches and GET /v1/batch/jobs exist (default TRUE; FALSE: 404). */
void        vs_fake_llm_set_batch_list      (VsFakeLlm   *self,
                                             gboolean     available);
/* Batches created (lost creates included). */
guint       vs_fake_llm_get_batch_count     (VsFakeLlm   *self);
/* The body of the last batch create. */
char       *vs_fake_llm_dup_last_batch_body (VsFakeLlm   *self);
/* Offline, what vLLM's run-batch does: answers every line of the batch input file @input
 * (OpenAI batch lines) into the output file @output, in input order, with the same answers
 * as the fake chat endpoint (a body that is not a chat request gets a 400 response line).
 * Written to "@output.part", renamed at the end. G_IO_ERROR_INVALID_DATA with "FILE:LINE:"
 * for a line that is not a batch request. */
gboolean    vs_fake_llm_answer_batch_file   (const char  *input,
                                             const char  *output,
                                             GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsFakeLlm, vs_fake_llm_free)

G_END_DECLS
