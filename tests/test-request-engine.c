/* test-request-engine.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The request engine against the in-process fake server: both wire protocols, streaming,
 * every injected fault (retries, Retry-After, 401 stopping the batch, timeouts, drops,
 * truncation, malformed JSON), cancellation mid-stream, concurrency, the response cache, and
 * that keys never reach the project file, a log line or another host.
 */
#include "config.h"

#define _GNU_SOURCE 1

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "vs-fake-llm.h"
#include "vs-json.h"
#include "vs-request-engine-private.h"
#include "vs-chat-response-private.h"
#include "vs-response-cache-private.h"
#include "vs-secrets.h"
#include "vs-test-util.h"
#include "vs-writer.h"

#define SECRET_KEY "sk-test-0123456789-very-secret"

typedef struct
{
  VsFakeLlm       *fake;
  VsEndpoint      *endpoint;
  VsRequestEngine *engine;
} Fixture;

static VsRequestEngine *
make_engine (VsEndpoint *endpoint,
             const char *key)
{
  VsRequestEngine *engine = vs_request_engine_new (endpoint, key);

  /* Small backoff so the suite stays quick; timeouts generous but finite. */
  vs_request_engine_set_retry_backoff (engine, 10, 80);
  vs_request_engine_set_timeouts (engine, 5000, 20000);
  return engine;
}

static void
fixture_setup_kind (Fixture        *f,
                    VsEndpointKind  kind,
                    guint           concurrency)
{
  g_autoptr(GError) error = NULL;

  f->fake = vs_fake_llm_new (0, &error);
  g_assert_no_error (error);
  f->endpoint = vs_endpoint_new (kind, vs_fake_llm_get_url (f->fake), &error);
  g_assert_no_error (error);
  vs_endpoint_set_concurrency (f->endpoint, concurrency);
  f->engine = make_engine (f->endpoint, NULL);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fixture_setup_kind (f, VS_ENDPOINT_KIND_OPENAI, 4);
}

static void
fixture_setup_ollama (Fixture       *f,
                      gconstpointer  data)
{
  fixture_setup_kind (f, VS_ENDPOINT_KIND_OLLAMA, 4);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_cmpuint (vs_request_engine_get_n_pending (f->engine), ==, 0);
  g_assert_finalize_object (f->engine);
  g_clear_object (&f->endpoint);
  g_clear_pointer (&f->fake, vs_fake_llm_free);
}

/* Running calls ---------------------------------------------------------------------------- */

typedef struct
{
  gboolean        done;
  VsChatResponse *response;
  GError         *error;
  GString        *deltas;
  GCancellable   *cancel_on_delta;
} Call;

static void
call_clear (Call *call)
{
  g_clear_object (&call->response);
  g_clear_error (&call->error);
  if (call->deltas)
    g_string_free (call->deltas, TRUE);
  call->deltas = NULL;
}

static void
on_chat_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Call *call = data;

  call->response = vs_request_engine_chat_finish (VS_REQUEST_ENGINE (source), result,
                                                  &call->error);
  call->done = TRUE;
}

static void
on_delta (VsChatRequest *request,
          const char    *text,
          Call          *call)
{
  g_string_append (call->deltas, text);
  if (call->cancel_on_delta != NULL)
    g_cancellable_cancel (call->cancel_on_delta);
}

static void
wait_for (gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
}

static VsChatRequest *
make_request (const char *text,
              gboolean    stream)
{
  VsChatRequest *request = vs_chat_request_new ("fake-small");

  vs_chat_request_add_message (request, "system", "Be brief.");
  vs_chat_request_add_message (request, "user", text);
  vs_chat_request_set_stream (request, stream);
  return request;
}

static void
run_chat (VsRequestEngine *engine,
          VsChatRequest   *request,
          GCancellable    *cancellable,
          Call            *call)
{
  gulong id;

  memset (call, 0, sizeof *call);
  call->deltas = g_string_new (NULL);
  call->cancel_on_delta = NULL;
  id = g_signal_connect (request, "delta", G_CALLBACK (on_delta), call);
  vs_request_engine_chat_async (engine, request, cancellable, on_chat_done, call);
  wait_for (&call->done);
  g_signal_handler_disconnect (request, id);
}

static gint64
chat_timed (Fixture         *f,
            const char      *text,
            gboolean         stream,
            Call            *call)
{
  g_autoptr(VsChatRequest) request = make_request (text, stream);
  gint64 start = g_get_monotonic_time ();

  run_chat (f->engine, request, NULL, call);
  return (g_get_monotonic_time () - start) / 1000;
}

/* Happy paths ------------------------------------------------------------------------------ */

static void
check_ok_reply (Call       *call,
                const char *expected)
{
  g_assert_no_error (call->error);
  g_assert_nonnull (call->response);
  g_assert_true (vs_chat_response_is_ok (call->response));
  g_assert_cmpstr (vs_chat_response_get_text (call->response), ==, expected);
  g_assert_cmpstr (vs_chat_response_get_finish_reason (call->response), ==, "stop");
  g_assert_cmpint (vs_chat_response_get_prompt_tokens (call->response), ==, 11);
  g_assert_cmpint (vs_chat_response_get_completion_tokens (call->response), ==, 4);
  g_assert_cmpuint (vs_chat_response_get_status (call->response), ==, 200);
  g_assert_cmpuint (vs_chat_response_get_retries (call->response), ==, 0);
  g_assert_false (vs_chat_response_get_cached (call->response));
  g_assert_cmpfloat (vs_chat_response_get_latency_ms (call->response), >, 0);
  g_assert_cmpfloat (vs_chat_response_get_ttft_ms (call->response), <=,
                     vs_chat_response_get_latency_ms (call->response));
  g_assert_cmpfloat (vs_chat_response_get_tokens_per_s (call->response), >, 0);
}

static void
test_chat_plain (Fixture       *f,
                 gconstpointer  data)
{
  Call call;

  chat_timed (f, "hello big world", FALSE, &call);
  check_ok_reply (&call, "Echo: hello big world");
  g_assert_cmpstr (call.deltas->str, ==, "");
  call_clear (&call);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 1);
}

static void
test_chat_stream (Fixture       *f,
                  gconstpointer  data)
{
  Call call;
  g_autofree char *body = NULL;

  chat_timed (f, "hello big world", TRUE, &call);
  check_ok_reply (&call, "Echo: hello big world");
  g_assert_cmpstr (call.deltas->str, ==, "Echo: hello big world");
  call_clear (&call);

  body = vs_fake_llm_dup_last_body (f->fake);
  g_assert_nonnull (strstr (body, "\"stream\":true"));
  if (vs_endpoint_get_kind (f->endpoint) == VS_ENDPOINT_KIND_OPENAI)
    g_assert_nonnull (strstr (body, "\"include_usage\":true"));
}

static void
test_parameters_mapped (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VsChatRequest) request = make_request ("one two three four five", FALSE);
  g_autoptr(JsonNode) max_tokens = json_node_new (JSON_NODE_VALUE);
  g_autoptr(JsonNode) temperature = json_node_new (JSON_NODE_VALUE);
  g_autofree char *body = NULL;
  Call call;

  json_node_set_int (max_tokens, 2);
  json_node_set_double (temperature, 0.25);
  vs_chat_request_set_parameter (request, "max_tokens", max_tokens);
  vs_chat_request_set_parameter (request, "temperature", temperature);
  run_chat (f->engine, request, NULL, &call);
  g_assert_no_error (call.error);
  body = vs_fake_llm_dup_last_body (f->fake);
  if (vs_endpoint_get_kind (f->endpoint) == VS_ENDPOINT_KIND_OLLAMA)
    {
      g_assert_nonnull (strstr (body, "\"options\":{"));
      g_assert_nonnull (strstr (body, "\"num_predict\":2"));
    }
  else
    {
      g_assert_cmpstr (vs_chat_response_get_text (call.response), ==, "Echo: one ");
      g_assert_nonnull (strstr (body, "\"max_tokens\":2"));
      g_assert_nonnull (strstr (body, "\"temperature\":0.25"));
    }
  call_clear (&call);
}

typedef struct
{
  gboolean  done;
  GStrv     models;
  GError   *error;
} ModelsCall;

static void
on_models_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  ModelsCall *call = data;

  call->models = vs_request_engine_list_models_finish (VS_REQUEST_ENGINE (source), result,
                                                       &call->error);
  call->done = TRUE;
}

static void
test_models (Fixture       *f,
             gconstpointer  data)
{
  ModelsCall call = { 0 };

  vs_request_engine_list_models_async (f->engine, NULL, on_models_done, &call);
  wait_for (&call.done);
  g_assert_no_error (call.error);
  g_assert_nonnull (call.models);
  g_assert_cmpuint (g_strv_length (call.models), ==, 2);
  g_assert_cmpstr (call.models[0], ==, "fake-small");
  g_assert_cmpstr (call.models[1], ==, "fake-large");
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake,
                      vs_endpoint_get_kind (f->endpoint) == VS_ENDPOINT_KIND_OLLAMA
                        ? "/api/tags" : "/v1/models"), ==, 1);
  g_strfreev (call.models);
}

/* A call's own policy on a shared engine: no retries and short timeouts for it alone. */
static void
test_call_policy (Fixture       *f,
                  gconstpointer  data)
{
  VsCallPolicy policy = VS_CALL_POLICY_INIT;
  ModelsCall call = { 0 };
  gint64 start;

  policy.max_retries = 0;
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_STATUS, 503);
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_STATUS, 503);
  vs_request_engine_list_models_full_async (f->engine, &policy, NULL, on_models_done, &call);
  wait_for (&call.done);
  g_assert_error (call.error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_HTTP);
  g_clear_error (&call.error);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 1);

  /* The engine's own policy is untouched: the next call retries past the second 503. */
  memset (&call, 0, sizeof call);
  vs_request_engine_list_models_async (f->engine, NULL, on_models_done, &call);
  wait_for (&call.done);
  g_assert_no_error (call.error);
  g_strfreev (call.models);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 3);

  /* An idle timeout of its own, far shorter than the engine's 5 s. */
  memset (&call, 0, sizeof call);
  policy.idle_timeout_ms = 200;
  policy.total_timeout_ms = 400;
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_HANG, 3000);
  start = g_get_monotonic_time ();
  vs_request_engine_list_models_full_async (f->engine, &policy, NULL, on_models_done, &call);
  wait_for (&call.done);
  g_assert_error (call.error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_TIMEOUT);
  g_clear_error (&call.error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

/* Retries ---------------------------------------------------------------------------------- */

typedef struct
{
  guint n;
  guint attempt;
  guint attempts;
} Retrying;

static void
on_retrying (VsChatRequest *request,
             guint          attempt,
             guint          attempts,
             const char    *reason,
             Retrying      *retrying)
{
  g_assert_nonnull (reason);
  retrying->n++;
  retrying->attempt = attempt;
  retrying->attempts = attempts;
}

static void
test_retry_5xx (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(VsChatRequest) request = make_request ("retry me", FALSE);
  Retrying retrying = { 0 };
  Call call;

  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_STATUS, 500);
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_STATUS, 503);
  /* Each retry is announced ("Retrying 3 of 4…"): the policy allows 1 try + 3 retries. */
  g_signal_connect (request, "retrying", G_CALLBACK (on_retrying), &retrying);
  run_chat (f->engine, request, NULL, &call);
  g_assert_cmpuint (retrying.n, ==, 2);
  g_assert_cmpuint (retrying.attempt, ==, 3);
  g_assert_cmpuint (retrying.attempts, ==, 4);
  g_assert_no_error (call.error);
  g_assert_cmpstr (vs_chat_response_get_text (call.response), ==, "Echo: retry me");
  g_assert_cmpuint (vs_chat_response_get_retries (call.response), ==, 2);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 3);
  call_clear (&call);
}

static void
test_retry_exhausted (Fixture       *f,
                      gconstpointer  data)
{
  Call call;

  for (int i = 0; i < 5; i++)
    vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_STATUS, 503);
  chat_timed (f, "never", FALSE, &call);
  g_assert_error (call.error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_HTTP);
  g_assert_nonnull (strstr (call.error->message, "503"));
  g_assert_nonnull (strstr (call.error->message, "the fake server was told to fail"));
  g_assert_nonnull (call.response);
  g_assert_false (vs_chat_response_is_ok (call.response));
  g_assert_cmpuint (vs_chat_response_get_status (call.response), ==, 503);
  g_assert_cmpuint (vs_chat_response_get_retries (call.response), ==, 3);
  /* 1 try + 3 retries, and nothing more. */
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 4);
  call_clear (&call);
}

static void
test_no_retry_4xx (Fixture       *f,
                   gconstpointer  data)
{
  Call call;

  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_STATUS, 400);
  chat_timed (f, "bad", FALSE, &call);
  g_assert_error (call.error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_HTTP);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 1);
  call_clear (&call);

  /* 408 and 409 are retried. */
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_STATUS, 408);
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_STATUS, 409);
  chat_timed (f, "good", FALSE, &call);
  g_assert_no_error (call.error);
  g_assert_cmpuint (vs_chat_response_get_retries (call.response), ==, 2);
  call_clear (&call);
}

static void
test_retry_after_seconds (Fixture       *f,
                          gconstpointer  data)
{
  Call call;
  gint64 ms;

  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_RATE_LIMIT, 1);
  ms = chat_timed (f, "wait", FALSE, &call);
  g_assert_no_error (call.error);
  g_assert_cmpuint (vs_chat_response_get_retries (call.response), ==, 1);
  /* Waited for Retry-After: 1 (not the 10 ms backoff), with tolerance. */
  g_assert_cmpint (ms, >=, 900);
  g_assert_cmpint (ms, <, 4000);
  /* And the adaptive limit halved. */
  g_assert_cmpuint (vs_request_engine_get_current_limit (f->engine), ==, 2);
  call_clear (&call);
}

static void
test_retry_after_ms (Fixture       *f,
                     gconstpointer  data)
{
  Call call;
  gint64 ms;

  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_RATE_LIMIT_MS, 300);
  ms = chat_timed (f, "wait", FALSE, &call);
  g_assert_no_error (call.error);
  g_assert_cmpuint (vs_chat_response_get_retries (call.response), ==, 1);
  g_assert_cmpint (ms, >=, 280);
  g_assert_cmpint (ms, <, 3000);
  call_clear (&call);
}

static void
test_retry_after_date (Fixture       *f,
                       gconstpointer  data)
{
  Call call;
  gint64 ms;

  /* An HTTP date has whole seconds: 2 s ahead means a wait of more than 1 s. */
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_RATE_LIMIT_DATE, 2);
  ms = chat_timed (f, "wait", FALSE, &call);
  g_assert_no_error (call.error);
  g_assert_cmpuint (vs_chat_response_get_retries (call.response), ==, 1);
  g_assert_cmpint (ms, >=, 900);
  g_assert_cmpint (ms, <, 5000);
  call_clear (&call);
}

static void
test_retry_after_parse (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 30);
  g_autofree char *date = g_date_time_format (later, "%a, %d %b %Y %H:%M:%S GMT");
  gint64 v;

  g_assert_cmpint (vs_request_parse_retry_after_ms ("2", NULL), ==, 2000);
  g_assert_cmpint (vs_request_parse_retry_after_ms (" 1.5 ", NULL), ==, 1500);
  g_assert_cmpint (vs_request_parse_retry_after_ms (NULL, "250"), ==, 250);
  g_assert_cmpint (vs_request_parse_retry_after_ms ("9", "120"), ==, 120);
  g_assert_cmpint (vs_request_parse_retry_after_ms ("soon", NULL), ==, -1);
  g_assert_cmpint (vs_request_parse_retry_after_ms (NULL, NULL), ==, -1);
  v = vs_request_parse_retry_after_ms (date, NULL);
  g_assert_cmpint (v, >, 28000);
  g_assert_cmpint (v, <=, 30000);
}

static void
test_connection_drop (Fixture       *f,
                      gconstpointer  data)
{
  Call call;

  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_DROP, 0);
  chat_timed (f, "again", FALSE, &call);
  g_assert_no_error (call.error);
  g_assert_cmpstr (vs_chat_response_get_text (call.response), ==, "Echo: again");
  g_assert_cmpuint (vs_chat_response_get_retries (call.response), ==, 1);
  call_clear (&call);
}

static void
test_connection_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsEndpoint) endpoint = NULL;
  g_autoptr(VsRequestEngine) engine = NULL;
  g_autoptr(VsChatRequest) request = make_request ("x", FALSE);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autofree char *url = NULL;
  Call call;
  guint port;

  /* A port nobody listens on: bind, read the port, close. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  g_clear_object (&address);
  address = g_socket_get_local_address (socket, &error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
  g_socket_close (socket, NULL);

  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  endpoint = vs_endpoint_new (VS_ENDPOINT_KIND_OPENAI, url, &error);
  g_assert_no_error (error);
  engine = make_engine (endpoint, NULL);
  vs_request_engine_set_max_retries (engine, 2);
  /* Long backoffs: a retry would show in the time taken. */
  vs_request_engine_set_retry_backoff (engine, 2000, 4000);
  {
    gint64 start = g_get_monotonic_time ();
    g_autofree char *lower = NULL;

    run_chat (engine, request, NULL, &call);
    /* Nothing listens on this computer's port: no retry can help, so it fails at once. */
    g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
    g_assert_error (call.error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_CONNECTION);
    /* Said once: "could not connect to 127.0.0.1:PORT: Connection refused". */
    lower = g_ascii_strdown (call.error->message, -1);
    g_assert_nonnull (strstr (lower, "could not connect"));
    g_assert_null (strstr (strstr (lower, "could not connect") + 1, "could not connect"));
    g_assert_nonnull (strstr (call.error->message, url + strlen ("http://")));
    g_assert_nonnull (strstr (lower, "refused"));
  }
  g_assert_cmpuint (vs_chat_response_get_retries (call.response), ==, 0);
  g_assert_cmpuint (vs_chat_response_get_status (call.response), ==, 0);
  g_assert_cmpuint (vs_request_engine_get_n_attempts (engine), ==, 1);
  call_clear (&call);
}

/* Timeouts, truncation, malformed replies -------------------------------------------------- */

static void
test_idle_timeout (Fixture       *f,
                   gconstpointer  data)
{
  Call call;
  gint64 ms;

  vs_request_engine_set_timeouts (f->engine, 200, 20000);
  vs_request_engine_set_max_retries (f->engine, 1);
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_HANG, 3000);
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_HANG, 3000);
  ms = chat_timed (f, "hang", FALSE, &call);
  g_assert_error (call.error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (call.error->message, "sent nothing"));
  g_assert_cmpuint (vs_chat_response_get_retries (call.response), ==, 1);
  g_assert_cmpint (ms, >=, 380);
  g_assert_cmpint (ms, <, 2500);
  call_clear (&call);
}

static void
test_total_timeout (Fixture       *f,
                    gconstpointer  data)
{
  Call call;
  gint64 ms;

  /* Bytes keep coming (so the idle timeout never fires), but too slowly overall. */
  vs_request_engine_set_timeouts (f->engine, 5000, 300);
  vs_fake_llm_set_chunk_delay_ms (f->fake, 100);
  ms = chat_timed (f, "a b c d e f g h i j k l m n o p", TRUE, &call);
  g_assert_error (call.error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (call.error->message, "in total"));
  g_assert_cmpint (ms, >=, 280);
  g_assert_cmpint (ms, <, 2000);
  call_clear (&call);
}

static void
test_truncated_stream (Fixture       *f,
                       gconstpointer  data)
{
  Call call;

  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_TRUNCATE, 2);
  chat_timed (f, "one two three four five", TRUE, &call);
  g_assert_error (call.error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_TRUNCATED);
  g_assert_false (vs_chat_response_is_ok (call.response));
  /* What arrived was shown; it is not retried (that would repeat it). */
  g_assert_cmpstr (call.deltas->str, ==, "Echo: one ");
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 1);
  call_clear (&call);
}

static void
test_truncated_body (Fixture       *f,
                     gconstpointer  data)
{
  Call call;

  /* A non-streamed body cut in half is a broken connection: retried. */
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_TRUNCATE, 0);
  chat_timed (f, "half", FALSE, &call);
  g_assert_no_error (call.error);
  g_assert_cmpuint (vs_chat_response_get_retries (call.response), ==, 1);
  call_clear (&call);
}

static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  Call call;

  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_MALFORMED, 0);
  chat_timed (f, "broken", FALSE, &call);
  g_assert_error (call.error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 1);
  call_clear (&call);

  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_MALFORMED, 0);
  chat_timed (f, "broken", TRUE, &call);
  g_assert_error (call.error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL);
  call_clear (&call);
}

/* Authentication --------------------------------------------------------------------------- */

static void
on_stopped (VsRequestEngine *engine,
            GError          *error,
            guint           *count)
{
  g_assert_error (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_AUTH);
  (*count)++;
}

static void
test_auth_stops_batch (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(VsRequestEngine) engine = NULL;
  Call calls[6];
  VsChatRequest *requests[6];
  guint stopped = 0;

  vs_fake_llm_set_required_key (f->fake, SECRET_KEY);
  vs_endpoint_set_concurrency (f->endpoint, 1);
  engine = make_engine (f->endpoint, "sk-wrong-key-that-must-not-leak");
  g_signal_connect (engine, "stopped", G_CALLBACK (on_stopped), &stopped);

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      memset (&calls[i], 0, sizeof calls[i]);
      requests[i] = make_request ("hi", FALSE);
      vs_request_engine_chat_async (engine, requests[i], NULL, on_chat_done, &calls[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      wait_for (&calls[i].done);
      g_assert_error (calls[i].error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_AUTH);
      g_assert_nonnull (strstr (calls[i].error->message, "401"));
      g_assert_nonnull (strstr (calls[i].error->message, "API key"));
      g_assert_null (strstr (calls[i].error->message, "sk-wrong-key-that-must-not-leak"));
      g_assert_cmpuint (vs_chat_response_get_retries (calls[i].response), ==, 0);
      call_clear (&calls[i]);
      g_object_unref (requests[i]);
    }
  /* One request reached the server; the rest stopped at once. */
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 1);
  g_assert_cmpuint (stopped, ==, 1);
  g_assert_true (vs_request_engine_get_stopped (engine));

  /* New calls fail too until resumed; then the right key works. */
  {
    g_autoptr(VsChatRequest) request = make_request ("later", FALSE);
    Call call;

    run_chat (engine, request, NULL, &call);
    g_assert_error (call.error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_AUTH);
    call_clear (&call);
    g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 1);

    vs_request_engine_set_api_key (engine, SECRET_KEY);
    vs_request_engine_resume (engine);
    run_chat (engine, request, NULL, &call);
    g_assert_no_error (call.error);
    call_clear (&call);
  }
}

static void
test_forbidden (Fixture       *f,
                gconstpointer  data)
{
  Call call;

  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_STATUS, 403);
  chat_timed (f, "no", FALSE, &call);
  g_assert_error (call.error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_AUTH);
  g_assert_true (vs_request_engine_get_stopped (f->engine));
  call_clear (&call);
  vs_request_engine_resume (f->engine);
}

/* Cancellation ----------------------------------------------------------------------------- */

static gboolean
no_open_streams (gpointer data)
{
  return vs_fake_llm_get_open_streams (data) == 0;
}

static void
test_cancel_mid_stream (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VsChatRequest) request = make_request ("a b c d e f g h i j k l m n o p", TRUE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 start;
  Call call;
  gulong id;

  vs_fake_llm_set_chunk_delay_ms (f->fake, 50);
  memset (&call, 0, sizeof call);
  call.deltas = g_string_new (NULL);
  call.cancel_on_delta = cancellable;
  id = g_signal_connect (request, "delta", G_CALLBACK (on_delta), &call);
  start = g_get_monotonic_time ();
  vs_request_engine_chat_async (f->engine, request, cancellable, on_chat_done, &call);
  wait_for (&call.done);
  g_signal_handler_disconnect (request, id);

  g_assert_error (call.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (call.response);
  g_assert_cmpstr (call.deltas->str, ==, "Echo: ");
  /* Nothing left behind: no queued, waiting or running request, no slot taken. */
  g_assert_cmpuint (vs_request_engine_get_n_pending (f->engine), ==, 0);
  g_assert_cmpuint (vs_request_engine_get_in_flight (f->engine), ==, 0);
  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, <, 500);
  /* And the server sees the connection go (at its next write). */
  g_assert_true (vs_test_poll (no_open_streams, f->fake, 2000));
  call_clear (&call);
}

static void
test_cancel_queued (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(VsChatRequest) request = make_request ("queued", FALSE);
  Call call;

  /* Cancelled before it could start. */
  g_cancellable_cancel (cancellable);
  run_chat (f->engine, request, cancellable, &call);
  g_assert_error (call.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 0);
  call_clear (&call);
}

/* Concurrency ------------------------------------------------------------------------------ */

static void
test_concurrency_limit (void)
{
  Fixture fx = { 0 };
  Fixture *f = &fx;
  Call calls[10];
  VsChatRequest *requests[10];

  fixture_setup_kind (f, VS_ENDPOINT_KIND_OPENAI, 2);
  vs_fake_llm_set_latency_ms (f->fake, 30);
  g_assert_cmpuint (vs_request_engine_get_limit (f->engine), ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      memset (&calls[i], 0, sizeof calls[i]);
      requests[i] = make_request ("parallel", FALSE);
      vs_request_engine_chat_async (f->engine, requests[i], NULL, on_chat_done, &calls[i]);
    }
  g_assert_cmpuint (vs_request_engine_get_n_pending (f->engine), ==, 10);
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      wait_for (&calls[i].done);
      g_assert_no_error (calls[i].error);
      call_clear (&calls[i]);
      g_object_unref (requests[i]);
    }
  g_assert_cmpuint (vs_fake_llm_get_max_concurrent (f->fake), ==, 2);
  /* Connections were reused: never more than the limit. */
  g_assert_cmpuint (vs_request_engine_get_n_connections (f->engine), <=, 2);
  g_assert_cmpuint (vs_fake_llm_get_connections (f->fake), <=, 2);
  fixture_teardown (f, NULL);
}

static void
test_adaptive_limit (Fixture       *f,
                     gconstpointer  data)
{
  Call calls[4];
  VsChatRequest *requests[4];
  Call call;

  /* Four requests at once all get 429: the limit halves once, not four times. */
  vs_fake_llm_set_latency_ms (f->fake, 20);
  for (guint i = 0; i < 4; i++)
    vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_RATE_LIMIT_MS, 20);
  for (guint i = 0; i < 4; i++)
    {
      memset (&calls[i], 0, sizeof calls[i]);
      requests[i] = make_request ("limit", FALSE);
      vs_request_engine_chat_async (f->engine, requests[i], NULL, on_chat_done, &calls[i]);
    }
  for (guint i = 0; i < 4; i++)
    {
      wait_for (&calls[i].done);
      g_assert_no_error (calls[i].error);
      call_clear (&calls[i]);
      g_object_unref (requests[i]);
    }
  g_assert_cmpuint (vs_request_engine_get_current_limit (f->engine), ==, 2);

  /* Sustained success creeps back up. */
  vs_fake_llm_set_latency_ms (f->fake, 0);
  for (guint i = 0; i < 2 * VS_REQUEST_RAMP_UP_SUCCESSES; i++)
    {
      chat_timed (f, "ok", FALSE, &call);
      g_assert_no_error (call.error);
      call_clear (&call);
    }
  g_assert_cmpuint (vs_request_engine_get_current_limit (f->engine), ==, 4);
}

/* Cache ------------------------------------------------------------------------------------ */

static void
test_cache (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("cache.versus", &dir, NULL);
  g_autoptr(VsChatRequest) request = make_request ("cache me", TRUE);
  Call call;

  vs_request_engine_set_project (f->engine, project);

  run_chat (f->engine, request, NULL, &call);
  g_assert_no_error (call.error);
  g_assert_false (vs_chat_response_get_cached (call.response));
  call_clear (&call);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 1);

  /* Same request: from the cache, no request; streamed callers still get the text. The store
   * went to the writer and may not be committed yet: a lookup sees it all the same. */
  run_chat (f->engine, request, NULL, &call);
  g_assert_no_error (call.error);
  g_assert_true (vs_chat_response_get_cached (call.response));
  g_assert_cmpstr (vs_chat_response_get_text (call.response), ==, "Echo: cache me");
  g_assert_cmpstr (call.deltas->str, ==, "Echo: cache me");
  g_assert_cmpint (vs_chat_response_get_completion_tokens (call.response), ==, 3);
  call_clear (&call);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 1);
  g_assert_true (vs_writer_flush (vs_project_get_writer (project), NULL));
  g_assert_cmpint (vs_response_cache_count (project), ==, 1);

  /* Another sample index is a repeat, not a duplicate: it is asked. */
  vs_chat_request_set_sample_index (request, 1);
  run_chat (f->engine, request, NULL, &call);
  g_assert_false (vs_chat_response_get_cached (call.response));
  call_clear (&call);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 2);

  /* Bypass: refresh asks again; off neither reads nor writes. */
  vs_chat_request_set_cache_mode (request, VS_CACHE_MODE_REFRESH);
  run_chat (f->engine, request, NULL, &call);
  g_assert_false (vs_chat_response_get_cached (call.response));
  call_clear (&call);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 3);
  vs_chat_request_set_cache_mode (request, VS_CACHE_MODE_USE);

  /* Errors are not cached. */
  {
    g_autoptr(VsChatRequest) failing = make_request ("fail once", FALSE);

    vs_request_engine_set_max_retries (f->engine, 0);
    vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_STATUS, 500);
    run_chat (f->engine, failing, NULL, &call);
    g_assert_nonnull (call.error);
    call_clear (&call);
    g_assert_true (vs_writer_flush (vs_project_get_writer (project), NULL));
    g_assert_cmpint (vs_response_cache_count (project), ==, 2);
    run_chat (f->engine, failing, NULL, &call);
    g_assert_no_error (call.error);
    g_assert_false (vs_chat_response_get_cached (call.response));
    call_clear (&call);
    g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 5);
  }

  /* Clearing empties it. */
  g_assert_true (vs_response_cache_clear (project, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vs_response_cache_count (project), ==, 0);
  run_chat (f->engine, request, NULL, &call);
  g_assert_false (vs_chat_response_get_cached (call.response));
  call_clear (&call);

  vs_request_engine_set_project (f->engine, NULL);
  g_clear_object (&project);
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The key as the response cache's rows were keyed so far: the canonical text of a sorted deep
 * copy of the object {kind, url, model, messages, parameters, sample_index}. */
static void
assert_key_as_before (VsChatRequest *request,
                      const char    *url)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) canon = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *key = NULL;
  JsonObject *parameters = vs_chat_request_get_parameters (request);
  const char *model = vs_chat_request_get_model (request);

  json_object_set_string_member (object, "kind", "openai");
  json_object_set_string_member (object, "url", url ? url : "");
  json_object_set_string_member (object, "model", model ? model : "");
  json_object_set_array_member (object, "messages",
                                json_array_ref (vs_chat_request_get_messages (request)));
  json_object_set_object_member (object, "parameters",
                                 parameters ? json_object_ref (parameters) : json_object_new ());
  json_object_set_int_member (object, "sample_index", vs_chat_request_get_sample_index (request));
  node = json_node_init_object (json_node_alloc (), object);
  canon = vs_json_canonical_node (node);
  text = vs_json_to_string (canon, FALSE);
  expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  key = vs_chat_request_cache_key (request, VS_ENDPOINT_KIND_OPENAI, url);
  g_assert_cmpstr (key, ==, expected);
}

/* The body is written straight, as the JSON object the builder made: the same text. */
static void
test_body_text (void)
{
  for (guint stream = 0; stream < 2; stream++)
    {
      g_autoptr(VsChatRequest) request = make_request ("caf\u00e9 \"q\"\n\x02", stream);
      g_autoptr(JsonNode) parameters =
                   vs_json_parse ("{\"temperature\": 0.1, \"model\": \"other\", \"stream\": true,"
                                  " \"z\": {\"b\": [1, null, false]}, \"stream_options\": {},"
                                  " \"max_tokens\": 16, \"messages\": [], \"a\": \"\\u00e9\"}",
                                  -1, NULL);
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *body = NULL;
      g_autoptr(GString) appended = g_string_new ("x");

      vs_chat_request_set_parameters (request, json_node_get_object (parameters));
      json_object_set_string_member (object, "model", "fake-small");
      json_object_set_array_member (object, "messages",
                                    json_array_ref (vs_chat_request_get_messages (request)));
      json_object_set_boolean_member (object, "stream", stream);
      json_object_set_double_member (object, "temperature", 0.1);
      json_object_set_member (object, "z",
                              json_node_copy (json_object_get_member (
                                json_node_get_object (parameters), "z")));
      json_object_set_int_member (object, "max_tokens", 16);
      json_object_set_string_member (object, "a", "\u00e9");
      if (stream)
        {
          JsonObject *options = json_object_new ();

          json_object_set_boolean_member (options, "include_usage", TRUE);
          json_object_set_object_member (object, "stream_options", options);
        }
      node = json_node_init_object (json_node_alloc (), object);
      expected = vs_json_to_string (node, FALSE);
      body = vs_chat_request_build_body (request, VS_ENDPOINT_KIND_OPENAI, TRUE);
      g_assert_cmpstr (body, ==, expected);
      vs_chat_request_append_body (request, VS_ENDPOINT_KIND_OPENAI, TRUE, appended);
      g_assert_cmpstr (appended->str + 1, ==, expected);
    }
}

/* What the response cache keeps is written straight: the same text as the response's JSON
 * without "retries", "cached" and "error", as the rows have always been written. */
static void
test_cache_text (void)
{
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(VsChatResponse) response = vs_chat_response_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *text = NULL;

      g_string_assign (response->text, i == 0 ? "" : "caf\u00e9 \"q\"\n\x01 \\ ok");
      response->finish_reason = i == 1 ? g_strdup ("stop") : NULL;
      response->prompt_tokens = i == 0 ? -1 : 31;
      response->completion_tokens = i == 2 ? 0 : -1;
      response->latency_ms = i == 0 ? -1 : i == 1 ? 1234.56789
                                                  : 1e30;
      response->ttft_ms = i == 2 ? 0.1 : -1;
      response->tokens_per_s = i == 1 ? 42.0 : 1.0 / 3.0;
      response->status = i == 0 ? 0 : 200;
      response->retries = i;
      response->cached = i == 1;
      if (i == 2)
        response->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "bad");
      node = vs_chat_response_to_json (response);
      json_object_remove_member (json_node_get_object (node), "error");
      json_object_remove_member (json_node_get_object (node), "cached");
      json_object_remove_member (json_node_get_object (node), "retries");
      expected = vs_json_to_string (node, FALSE);
      text = _vs_response_cache_text (response);
      g_assert_cmpstr (text, ==, expected);
    }
}

static void
test_cache_key (void)
{
  g_autoptr(VsChatRequest) a = make_request ("same", FALSE);
  g_autoptr(VsChatRequest) b = make_request ("same", TRUE);
  g_autoptr(JsonObject) p1 = json_object_new ();
  g_autoptr(JsonObject) p2 = json_object_new ();
  g_autofree char *ka = NULL;
  g_autofree char *kb = NULL;
  g_autofree char *kc = NULL;
  g_autofree char *kd = NULL;

  /* Parameter order does not matter; streaming does not matter; the URL does. */
  json_object_set_double_member (p1, "temperature", 0.5);
  json_object_set_int_member (p1, "seed", 7);
  json_object_set_int_member (p2, "seed", 7);
  json_object_set_double_member (p2, "temperature", 0.5);
  vs_chat_request_set_parameters (a, p1);
  vs_chat_request_set_parameters (b, p2);
  ka = vs_chat_request_cache_key (a, VS_ENDPOINT_KIND_OPENAI, "http://h/v1/chat/completions");
  kb = vs_chat_request_cache_key (b, VS_ENDPOINT_KIND_OPENAI, "http://h/v1/chat/completions");
  g_assert_cmpstr (ka, ==, kb);
  g_assert_cmpuint (strlen (ka), ==, 64);
  kc = vs_chat_request_cache_key (a, VS_ENDPOINT_KIND_OPENAI, "http://g/v1/chat/completions");
  g_assert_cmpstr (ka, !=, kc);
  vs_chat_request_set_sample_index (b, 3);
  kd = vs_chat_request_cache_key (b, VS_ENDPOINT_KIND_OPENAI, "http://h/v1/chat/completions");
  g_assert_cmpstr (ka, !=, kd);
  /* The key is written straight in sorted order: the same as the hash of the sorted copy of
   * the whole object, as the cache has always been keyed. */
  assert_key_as_before (a, "http://h/v1/chat/completions");
  assert_key_as_before (b, "http://h/v1/chat/completions");
  assert_key_as_before (b, NULL);
  {
    g_autoptr(VsChatRequest) c = make_request ("caf\u00e9 \"quoted\"\n\ttab \x01", FALSE);
    g_autoptr(JsonNode) nested = vs_json_parse ("{\"z\": {\"b\": 1, \"a\": [{\"y\": 2.5,"
                                                 " \"x\": \"q\\\"\"}, null, true]},"
                                                 " \"max_tokens\": 16, \"stop\": [\"\\n\"],"
                                                 " \"temperature\": 0}",
                                                 -1, NULL);

    vs_chat_request_set_parameters (c, json_node_get_object (nested));
    vs_chat_request_set_sample_index (c, 7);
    assert_key_as_before (c, "http://h/v1/chat/completions");
  }
}

/* Keys ------------------------------------------------------------------------------------- */

static GString *captured_log;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         data)
{
  if (captured_log == NULL)
    return g_log_writer_default (level, fields, n_fields, data);
  for (gsize i = 0; i < n_fields; i++)
    if (strcmp (fields[i].key, "MESSAGE") == 0)
      {
        g_string_append_len (captured_log, fields[i].value,
                             fields[i].length < 0 ? (gssize) strlen (fields[i].value)
                                                  : fields[i].length);
        g_string_append_c (captured_log, '\n');
      }
  /* Warnings stay fatal as in the rest of the suite. */
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, data);
  return G_LOG_WRITER_HANDLED;
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

static void
test_keys_not_leaked (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("keys.versus", &dir, &path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(VsRequestEngine) engine = NULL;
  g_autoptr(VsRequestEngine) wrong = NULL;
  g_autoptr(VsChatRequest) request = make_request ("secret stuff", TRUE);
  Call call;

  captured_log = g_string_new (NULL);
  g_log_set_debug_enabled (TRUE);

  vs_fake_llm_set_required_key (f->fake, SECRET_KEY);
  g_assert_true (vs_endpoint_save (f->endpoint, project, &error));
  g_assert_no_error (error);
  engine = make_engine (f->endpoint, SECRET_KEY);
  vs_request_engine_set_project (engine, project);

  /* A success (cached), a retried failure, and a 401 whose message echoes the wrong key. */
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_STATUS, 500);
  run_chat (engine, request, NULL, &call);
  g_assert_no_error (call.error);
  call_clear (&call);
  g_assert_cmpuint (vs_fake_llm_get_auth_count (f->fake), ==, 2);

  wrong = make_engine (f->endpoint, "sk-wrong-" SECRET_KEY);
  run_chat (wrong, request, NULL, &call);
  g_assert_error (call.error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_AUTH);
  g_assert_nonnull (strstr (call.error->message, "[redacted]"));
  g_assert_null (strstr (call.error->message, SECRET_KEY));
  {
    g_autoptr(JsonNode) json = vs_chat_response_to_json (call.response);
    g_autofree char *text = vs_json_to_string (json, FALSE);
    g_assert_null (strstr (text, SECRET_KEY));
  }
  call_clear (&call);

  g_log_set_debug_enabled (FALSE);
  g_assert_cmpuint (captured_log->len, >, 0);
  g_assert_nonnull (strstr (captured_log->str, "→ 500"));
  g_assert_null (strstr (captured_log->str, SECRET_KEY));
  g_string_free (captured_log, TRUE);
  captured_log = NULL;

  vs_request_engine_set_project (engine, NULL);
  g_clear_object (&project);
  g_assert_false (file_contains (path, SECRET_KEY));
  g_assert_false (file_contains (wal, SECRET_KEY));
  g_assert_false (file_contains (path, "Bearer"));
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_redirect_drops_auth (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsFakeLlm) other = vs_fake_llm_new (0, &error);
  g_autoptr(VsRequestEngine) engine = NULL;
  g_autoptr(VsChatRequest) request = make_request ("follow", FALSE);
  g_autofree char *target = NULL;
  Call call;

  g_assert_no_error (error);
  /* Another host (name and port) than the endpoint's 127.0.0.1. */
  target = g_strdup_printf ("http://localhost:%u", vs_fake_llm_get_port (other));
  vs_fake_llm_set_redirect_target (f->fake, target);
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_REDIRECT, 0);

  engine = make_engine (f->endpoint, SECRET_KEY);
  run_chat (engine, request, NULL, &call);
  g_assert_no_error (call.error);
  g_assert_cmpstr (vs_chat_response_get_text (call.response), ==, "Echo: follow");
  call_clear (&call);

  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 1);
  g_assert_cmpuint (vs_fake_llm_get_auth_count (f->fake), ==, 1);
  g_assert_cmpuint (vs_fake_llm_get_request_count (other, NULL), ==, 1);
  g_assert_cmpuint (vs_fake_llm_get_auth_count (other), ==, 0);
}

static void
test_secrets_memory (void)
{
  g_autoptr(VsEndpoint) a = vs_endpoint_new (VS_ENDPOINT_KIND_OPENAI, "http://a.example", NULL);
  g_autoptr(VsEndpoint) b = vs_endpoint_new (VS_ENDPOINT_KIND_OPENAI, "http://b.example", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *none = NULL;
  VsSecretsStore store = VS_SECRETS_STORE_KEYRING;

  g_setenv ("VERSUS_SECRETS", "memory", TRUE);
  g_assert_false (vs_secrets_have_keyring ());
  g_assert_true (vs_secrets_store_sync (a, SECRET_KEY, &store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store, ==, VS_SECRETS_STORE_SESSION);
  key = vs_secrets_lookup_sync (a, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, SECRET_KEY);
  none = vs_secrets_lookup_sync (b, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (none);
  g_assert_true (vs_secrets_store_sync (a, NULL, NULL, NULL, &error));
  g_clear_pointer (&key, g_free);
  key = vs_secrets_lookup_sync (a, NULL, &error);
  g_assert_null (key);
  g_unsetenv ("VERSUS_SECRETS");
}

/* No Secret Service on the bus: the key is kept for the session, and said so. Runs in a
 * subprocess because it points the session bus somewhere that does not exist. */
static void
test_secrets_no_service (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(VsEndpoint) endpoint = vs_endpoint_new (VS_ENDPOINT_KIND_OPENAI,
                                                        "http://nokeyring.example", NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *key = NULL;
      VsSecretsStore store = VS_SECRETS_STORE_KEYRING;

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/versus-test-bus", TRUE);
      g_unsetenv ("VERSUS_SECRETS");
      g_assert_true (vs_secrets_store_sync (endpoint, SECRET_KEY, &store, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (store, ==, VS_SECRETS_STORE_SESSION);
      g_assert_false (vs_secrets_have_keyring ());
      key = vs_secrets_lookup_sync (endpoint, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (key, ==, SECRET_KEY);
      return;
    }
  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout_unmatched ("*" SECRET_KEY "*");
  g_test_trap_assert_stderr_unmatched ("*" SECRET_KEY "*");
}

/* A real Secret Service: run with VERSUS_TEST_KEYRING=1 inside
 *   dbus-run-session -- sh -c 'printf pw | gnome-keyring-daemon --unlock --components=secrets;
 *                             exec tests/test-request-engine -p /versus/request-engine/secrets/keyring'
 * (skipped otherwise: the suite must not touch the developer's keyring). */
static void
test_secrets_keyring (void)
{
  g_autoptr(VsEndpoint) endpoint = NULL;
  g_autoptr(VsEndpoint) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  VsSecretsStore store = VS_SECRETS_STORE_SESSION;

  if (g_getenv ("VERSUS_TEST_KEYRING") == NULL)
    {
      g_test_skip ("set VERSUS_TEST_KEYRING=1 under a throw-away keyring to run");
      return;
    }
  endpoint = vs_endpoint_new (VS_ENDPOINT_KIND_OPENAI, "https://keyring.example/v1", NULL);
  g_assert_true (vs_secrets_store_sync (endpoint, SECRET_KEY, &store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store, ==, VS_SECRETS_STORE_KEYRING);
  /* Only the keyring holds it (no session copy next to it). */
  copy = vs_endpoint_copy (endpoint);
  key = vs_secrets_lookup_sync (copy, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, SECRET_KEY);
  g_assert_true (vs_secrets_store_sync (endpoint, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_secrets_env (void)
{
  g_autofree char *k1 = NULL;
  g_autofree char *k2 = NULL;
  g_autofree char *k3 = NULL;
  g_autofree char *k4 = NULL;

  g_setenv ("VERSUS_API_KEY", "", TRUE);
  g_setenv ("OPENAI_API_KEY", "sk-openai", TRUE);
  k1 = vs_secrets_key_from_env (VS_ENDPOINT_KIND_OPENAI);
  k2 = vs_secrets_key_from_env (VS_ENDPOINT_KIND_OLLAMA);
  g_assert_cmpstr (k1, ==, "sk-openai");
  g_assert_null (k2);
  g_setenv ("VERSUS_API_KEY", "sk-versus", TRUE);
  k3 = vs_secrets_key_from_env (VS_ENDPOINT_KIND_OPENAI);
  k4 = vs_secrets_key_from_env (VS_ENDPOINT_KIND_OLLAMA);
  g_assert_cmpstr (k3, ==, "sk-versus");
  g_assert_cmpstr (k4, ==, "sk-versus");
  g_setenv ("VERSUS_API_KEY", "", TRUE);
  g_setenv ("OPENAI_API_KEY", "", TRUE);
}

/* Generic calls ---------------------------------------------------------------------------- */

typedef struct
{
  gboolean  done;
  JsonNode *node;
  guint     status;
  GError   *error;
} JsonCall;

static void
on_json_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  JsonCall *call = data;

  call->node = vs_request_engine_call_json_finish (VS_REQUEST_ENGINE (source), result,
                                                   &call->status, &call->error);
  call->done = TRUE;
}

static void
on_upload_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  JsonCall *call = data;

  call->node = vs_request_engine_upload_finish (VS_REQUEST_ENGINE (source), result,
                                                &call->error);
  call->done = TRUE;
}

static void
on_poll_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  JsonCall *call = data;

  call->node = vs_request_engine_poll_finish (VS_REQUEST_ENGINE (source), result,
                                              &call->error);
  call->done = TRUE;
}

static gboolean
job_done (JsonNode *reply,
          gpointer  data)
{
  guint *polls = data;

  (*polls)++;
  return g_strcmp0 (json_object_get_string_member (json_node_get_object (reply), "status"),
                    "succeeded") == 0;
}

static void
test_creating_calls_not_retried (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(JsonNode) body = json_from_string ("{\"model\":\"m\",\"training_file\":\"f\"}", NULL);
  JsonCall call = { 0 };

  /* A plain GET is retried … */
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_STATUS, 502);
  vs_request_engine_call_json_async (f->engine, "GET", "models", NULL, VS_CALL_FLAGS_NONE, NULL,
                                     on_json_done, &call);
  wait_for (&call.done);
  g_assert_no_error (call.error);
  g_assert_cmpuint (call.status, ==, 200);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (call.node));
  g_clear_pointer (&call.node, json_node_unref);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 2);

  /* … a creating POST that may have reached the server is not. */
  vs_fake_llm_reset_counts (f->fake);
  memset (&call, 0, sizeof call);
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_STATUS, 500);
  vs_request_engine_call_json_async (f->engine, "POST", "fine_tuning/jobs", body,
                                     VS_CALL_FLAGS_CREATES, NULL, on_json_done, &call);
  wait_for (&call.done);
  g_assert_error (call.error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_NOT_RETRIED);
  g_assert_cmpuint (call.status, ==, 500);
  g_clear_error (&call.error);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 1);

  memset (&call, 0, sizeof call);
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_DROP, 0);
  vs_request_engine_call_json_async (f->engine, "POST", "fine_tuning/jobs", body,
                                     VS_CALL_FLAGS_CREATES, NULL, on_json_done, &call);
  wait_for (&call.done);
  g_assert_error (call.error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_NOT_RETRIED);
  g_assert_nonnull (strstr (call.error->message, "not repeated"));
  g_clear_error (&call.error);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 2);
}

static void
test_upload_and_poll (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GBytes) contents = g_bytes_new_static ("{\"messages\":[]}\n", 16);
  JsonCall call = { 0 };
  guint polls = 0;

  g_hash_table_insert (fields, "purpose", "fine-tune");
  vs_request_engine_upload_async (f->engine, "files", fields, "file", "train.jsonl", contents,
                                  "application/jsonl", NULL, on_upload_done, &call);
  wait_for (&call.done);
  g_assert_no_error (call.error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (call.node), "id"), ==,
                   "file-fake");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (call.node), "bytes"), >,
                   16);
  g_clear_pointer (&call.node, json_node_unref);

  memset (&call, 0, sizeof call);
  vs_request_engine_poll_async (f->engine, "fine_tuning/jobs/ftjob-1", job_done, &polls, 5, 20,
                                5000, NULL, on_poll_done, &call);
  wait_for (&call.done);
  g_assert_no_error (call.error);
  g_assert_cmpuint (polls, ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (call.node), "status"),
                   ==, "succeeded");
  g_clear_pointer (&call.node, json_node_unref);
}

/* Peak resident memory (VmHWM) in bytes, after resetting it to the current size when @reset
 * (Linux: "5" to clear_refs). -1 when /proc does not allow it. */
static gint64
peak_rss (gboolean reset)
{
  g_autofree char *status = NULL;
  const char *line;

  if (reset)
    {
      /* Not g_file_set_contents(): that writes a temporary file and renames it. */
      FILE *clear = fopen ("/proc/self/clear_refs", "w");

      if (clear == NULL)
        return -1;
      if (fputs ("5", clear) < 0 || fclose (clear) != 0)
        return -1;
    }
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + 6, NULL, 10) * 1024;
}

#define UPLOAD_SIZE (48 * 1024 * 1024)

#if defined(__SANITIZE_ADDRESS__)
# define RUNNING_UNDER_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define RUNNING_UNDER_ASAN 1
# endif
#endif
#ifndef RUNNING_UNDER_ASAN
# define RUNNING_UNDER_ASAN 0
#endif

/* A multi-MB file arrives intact (the fake server hashes the file part as it streams in),
 * with a Content-Length and not chunked, from a stream that reads the file (not a GBytes of
 * it), and the client's peak memory does not grow by the file's size — while loading the
 * file into memory first, the old way, does (so the measurement can fail). */
static void
test_upload_streams_from_disk (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "train.jsonl", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GChecksum) sha = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  JsonCall call = { 0 };
  JsonObject *reply;
  gint64 before, after;

  {
    g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE,
                                                       NULL, NULL);
    guint32 block[16384];

    g_assert_nonnull (out);
    for (gsize written = 0; written < UPLOAD_SIZE; written += sizeof block)
      {
        for (guint i = 0; i < G_N_ELEMENTS (block); i++)
          block[i] = g_rand_int (rand);
        g_checksum_update (sha, (const guint8 *) block, sizeof block);
        g_assert_true (g_output_stream_write_all (G_OUTPUT_STREAM (out), block, sizeof block,
                                                  NULL, NULL, NULL));
      }
    g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, NULL));
  }

  g_hash_table_insert (fields, "purpose", "fine-tune");
  /* The fake server hashes 48 MB before it answers: slow under sanitizers on a busy machine. */
  vs_request_engine_set_timeouts (f->engine, 60 * 1000, 120 * 1000);
  before = peak_rss (TRUE);
  vs_request_engine_upload_file_async (f->engine, "files", fields, "file", file, NULL,
                                       "application/jsonl", NULL, on_upload_done, &call);
  wait_for (&call.done);
  after = peak_rss (FALSE);
  g_assert_no_error (call.error);
  reply = json_node_get_object (call.node);
  g_assert_cmpstr (json_object_get_string_member (reply, "sha256"), ==,
                   g_checksum_get_string (sha));
  g_assert_cmpint (json_object_get_int_member (reply, "file_bytes"), ==, UPLOAD_SIZE);
  g_assert_true (json_object_get_boolean_member (reply, "complete"));
  g_assert_true (json_object_get_boolean_member (reply, "purpose_field"));
  g_assert_false (json_object_get_boolean_member (reply, "chunked"));
  g_assert_false (json_object_get_null_member (reply, "content_length"));
  g_assert_cmpint (json_object_get_int_member (reply, "content_length"), ==,
                   json_object_get_int_member (reply, "bytes"));
  g_assert_cmpint (json_object_get_int_member (reply, "bytes"), >, UPLOAD_SIZE);
  g_assert_cmpstr (_vs_request_engine_get_last_body_type (f->engine), ==,
                   "VsMultipartInputStream");
  g_clear_pointer (&call.node, json_node_unref);

  /* A file that is not there fails the call before anything is sent. */
  {
    g_autofree char *gone_path = g_build_filename (dir, "gone.jsonl", NULL);
    g_autoptr(GFile) gone = g_file_new_for_path (gone_path);
    guint sent = vs_fake_llm_get_request_count (f->fake, NULL);

    memset (&call, 0, sizeof call);
    vs_request_engine_upload_file_async (f->engine, "files", fields, "file", gone, NULL, NULL,
                                         NULL, on_upload_done, &call);
    wait_for (&call.done);
    g_assert_error (call.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&call.error);
    g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, sent);
    memset (&call, 0, sizeof call);
  }

  if (before < 0 || RUNNING_UNDER_ASAN)
    {
      /* AddressSanitizer keeps freed memory in quarantine: peak RSS says nothing there. */
      g_test_message ("no VmHWM reset here, or AddressSanitizer: memory not checked");
      vs_test_tmpdir_free (g_steal_pointer (&dir));
      return;
    }
  g_test_message ("peak RSS grew by %" G_GINT64_FORMAT " KB uploading %d MB from disk",
                  (after - before) / 1024, UPLOAD_SIZE / (1024 * 1024));
  g_assert_cmpint (after - before, <, UPLOAD_SIZE / 4);

  /* The control: the file in memory first shows up in the same measurement. */
  memset (&call, 0, sizeof call);
  before = peak_rss (TRUE);
  {
    g_autoptr(GBytes) contents = g_file_load_bytes (file, NULL, NULL, NULL);

    vs_request_engine_upload_async (f->engine, "files", fields, "file", "train.jsonl", contents,
                                    "application/jsonl", NULL, on_upload_done, &call);
    wait_for (&call.done);
  }
  after = peak_rss (FALSE);
  g_assert_no_error (call.error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (call.node), "sha256"),
                   ==, g_checksum_get_string (sha));
  g_clear_pointer (&call.node, json_node_unref);
  g_test_message ("peak RSS grew by %" G_GINT64_FORMAT " KB with the file in memory first",
                  (after - before) / 1024);
  g_assert_cmpint (after - before, >=, UPLOAD_SIZE);

  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

/* vs_request_engine_chat_finish(): a response on success (no error), a response AND the
 * error on failure (the response carrying an equal error), NULL only when cancelled. */
static void
test_finish_contract (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(VsChatRequest) request = make_request ("contract", FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const GError *carried;
  Call call = { 0 };

  vs_request_engine_chat_async (f->engine, request, NULL, on_chat_done, &call);
  wait_for (&call.done);
  g_assert_no_error (call.error);
  g_assert_nonnull (call.response);
  g_assert_true (vs_chat_response_is_ok (call.response));
  g_assert_null (vs_chat_response_get_error (call.response));
  call_clear (&call);

  memset (&call, 0, sizeof call);
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_STATUS, 400);
  vs_request_engine_chat_async (f->engine, request, NULL, on_chat_done, &call);
  wait_for (&call.done);
  g_assert_error (call.error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_HTTP);
  g_assert_nonnull (call.response);
  g_assert_false (vs_chat_response_is_ok (call.response));
  g_assert_cmpuint (vs_chat_response_get_status (call.response), ==, 400);
  carried = vs_chat_response_get_error (call.response);
  g_assert_nonnull (carried);
  g_assert_true (carried != call.error);
  g_assert_error (carried, call.error->domain, call.error->code);
  g_assert_cmpstr (carried->message, ==, call.error->message);
  call_clear (&call);

  memset (&call, 0, sizeof call);
  vs_fake_llm_set_latency_ms (f->fake, 2000);
  vs_request_engine_chat_async (f->engine, request, cancellable, on_chat_done, &call);
  g_cancellable_cancel (cancellable);
  wait_for (&call.done);
  g_assert_error (call.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (call.response);
  call_clear (&call);
  vs_fake_llm_set_latency_ms (f->fake, 0);
}

static gboolean
on_pause_over (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The main loop runs for @ms, as an app between two requests. */
static void
pause_ms (guint ms)
{
  gboolean over = FALSE;

  g_timeout_add (ms, on_pause_over, &over);
  wait_for (&over);
}

static void
run_burst (Fixture *f,
           guint    n)
{
  Call calls[8];
  VsChatRequest *requests[8];

  g_assert_cmpuint (n, <=, G_N_ELEMENTS (calls));
  for (guint i = 0; i < n; i++)
    {
      memset (&calls[i], 0, sizeof calls[i]);
      requests[i] = make_request ("burst", FALSE);
      vs_request_engine_chat_async (f->engine, requests[i], NULL, on_chat_done, &calls[i]);
    }
  for (guint i = 0; i < n; i++)
    {
      wait_for (&calls[i].done);
      g_assert_no_error (calls[i].error);
      g_assert_cmpstr (vs_chat_response_get_text (calls[i].response), ==, "Echo: burst");
      call_clear (&calls[i]);
      g_object_unref (requests[i]);
    }
}

/* A server closes kept-alive connections idle for longer than its keep-alive (here at the worst
 * moment: under the next request sent on one). Requests in a burst share kept-alive
 * connections; one sent after a longer pause than the engine's reuse window goes on a new
 * connection, so no request ever meets a connection the server is closing — which in libsoup
 * 3.2.3 completes the message twice (a critical, or a crash). Chats, model lists and JSON calls
 * alike. */
static void
test_stale_keep_alive (Fixture       *f,
                       gconstpointer  data)
{
  ModelsCall models = { 0 };
  JsonCall json = { 0 };
  Call call;
  g_autoptr(VsChatRequest) request = make_request ("after a pause", FALSE);
  guint connections;

  vs_fake_llm_set_keep_alive_ms (f->fake, 1000);
  _vs_request_engine_set_reuse_idle_ms (f->engine, 500);

  /* a burst, then another at once: kept-alive connections, never more than the limit */
  run_burst (f, 4);
  run_burst (f, 4);
  connections = vs_fake_llm_get_connections (f->fake);
  g_assert_cmpuint (connections, >=, 1);
  g_assert_cmpuint (connections, <=, 4);

  /* after pauses longer than the server keeps a connection: new ones, every answer right */
  pause_ms (1300);
  run_chat (f->engine, request, NULL, &call);
  g_assert_no_error (call.error);
  g_assert_cmpstr (vs_chat_response_get_text (call.response), ==, "Echo: after a pause");
  call_clear (&call);
  g_assert_cmpuint (vs_fake_llm_get_connections (f->fake), >, connections);

  pause_ms (1300);
  vs_request_engine_list_models_async (f->engine, NULL, on_models_done, &models);
  wait_for (&models.done);
  g_assert_no_error (models.error);
  g_assert_cmpuint (g_strv_length (models.models), ==, 2);
  g_strfreev (models.models);

  pause_ms (1300);
  vs_request_engine_call_json_async (f->engine, "GET", "models", NULL, VS_CALL_FLAGS_NONE, NULL,
                                     on_json_done, &json);
  wait_for (&json.done);
  g_assert_no_error (json.error);
  g_assert_cmpuint (json.status, ==, 200);
  g_clear_pointer (&json.node, json_node_unref);

  /* a burst after a pause: the first request opens a connection; the others of the burst are
   * answered as well */
  pause_ms (1300);
  run_burst (f, 4);

  /* not one request met a closing connection */
  g_assert_cmpuint (vs_fake_llm_get_keep_alive_drops (f->fake), ==, 0);
}

static void
test_fake_fault_specs (void)
{
  VsFakeFault fault;
  int value;

  g_assert_true (vs_fake_llm_parse_fault ("503", &fault, &value));
  g_assert_cmpint (fault, ==, VS_FAKE_FAULT_STATUS);
  g_assert_cmpint (value, ==, 503);
  g_assert_true (vs_fake_llm_parse_fault ("429:2", &fault, &value));
  g_assert_cmpint (fault, ==, VS_FAKE_FAULT_RATE_LIMIT);
  g_assert_cmpint (value, ==, 2);
  g_assert_true (vs_fake_llm_parse_fault ("429ms:250", &fault, &value));
  g_assert_cmpint (fault, ==, VS_FAKE_FAULT_RATE_LIMIT_MS);
  g_assert_cmpint (value, ==, 250);
  g_assert_true (vs_fake_llm_parse_fault (" drop ", &fault, &value));
  g_assert_cmpint (fault, ==, VS_FAKE_FAULT_DROP);
  g_assert_true (vs_fake_llm_parse_fault ("truncate:3", &fault, &value));
  g_assert_cmpint (fault, ==, VS_FAKE_FAULT_TRUNCATE);
  g_assert_cmpint (value, ==, 3);
  g_assert_false (vs_fake_llm_parse_fault ("bogus", &fault, &value));
  g_assert_false (vs_fake_llm_parse_fault ("hang:soon", &fault, &value));
  g_assert_false (vs_fake_llm_parse_fault ("99", &fault, &value));
  g_assert_false (vs_fake_llm_parse_fault ("", &fault, &value));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Every log line passes through here; the key test reads them all. */
  g_log_set_writer_func (capture_writer, NULL, NULL);

#define ADD(path, func) \
  g_test_add ("/versus/request-engine/" path, Fixture, NULL, fixture_setup, func, \
              fixture_teardown)
#define ADD_OLLAMA(path, func) \
  g_test_add ("/versus/request-engine/" path, Fixture, NULL, fixture_setup_ollama, func, \
              fixture_teardown)

  ADD ("openai/chat", test_chat_plain);
  ADD ("openai/stream", test_chat_stream);
  ADD ("openai/parameters", test_parameters_mapped);
  ADD ("openai/models", test_models);
  ADD_OLLAMA ("ollama/chat", test_chat_plain);
  ADD_OLLAMA ("ollama/stream", test_chat_stream);
  ADD_OLLAMA ("ollama/parameters", test_parameters_mapped);
  ADD_OLLAMA ("ollama/models", test_models);
  ADD ("retry/5xx", test_retry_5xx);
  ADD ("retry/exhausted", test_retry_exhausted);
  ADD ("retry/4xx", test_no_retry_4xx);
  ADD ("retry/retry-after-seconds", test_retry_after_seconds);
  ADD ("retry/retry-after-ms", test_retry_after_ms);
  ADD ("retry/retry-after-date", test_retry_after_date);
  g_test_add_func ("/versus/request-engine/retry/retry-after-parse", test_retry_after_parse);
  ADD ("retry/connection-drop", test_connection_drop);
  g_test_add_func ("/versus/request-engine/retry/connection-refused", test_connection_refused);
  ADD ("timeout/idle", test_idle_timeout);
  ADD ("timeout/total", test_total_timeout);
  ADD ("stream/truncated", test_truncated_stream);
  ADD_OLLAMA ("stream/truncated-ollama", test_truncated_stream);
  ADD ("body/truncated", test_truncated_body);
  ADD ("body/malformed", test_malformed);
  ADD ("auth/401-stops-batch", test_auth_stops_batch);
  ADD ("auth/403", test_forbidden);
  ADD ("cancel/mid-stream", test_cancel_mid_stream);
  ADD_OLLAMA ("cancel/mid-stream-ollama", test_cancel_mid_stream);
  ADD ("cancel/before-start", test_cancel_queued);
  g_test_add_func ("/versus/request-engine/concurrency/limit", test_concurrency_limit);
  ADD ("concurrency/adaptive", test_adaptive_limit);
  ADD ("cache/hit-and-sample-index", test_cache);
  g_test_add_func ("/versus/request-engine/cache/key", test_cache_key);
  g_test_add_func ("/versus/request-engine/body-text", test_body_text);
  g_test_add_func ("/versus/request-engine/cache/text", test_cache_text);
  ADD ("keys/not-in-project-or-logs", test_keys_not_leaked);
  ADD ("keys/redirect-drops-authorization", test_redirect_drops_auth);
  g_test_add_func ("/versus/request-engine/secrets/memory", test_secrets_memory);
  g_test_add_func ("/versus/request-engine/secrets/env", test_secrets_env);
  g_test_add_func ("/versus/request-engine/secrets/no-service", test_secrets_no_service);
  g_test_add_func ("/versus/request-engine/secrets/keyring", test_secrets_keyring);
  ADD ("calls/creating-not-retried", test_creating_calls_not_retried);
  ADD ("calls/upload-and-poll", test_upload_and_poll);
  ADD ("calls/upload-streams-from-disk", test_upload_streams_from_disk);
  ADD ("finish/contract", test_finish_contract);
  ADD ("calls/policy", test_call_policy);
  ADD ("connections/stale-keep-alive", test_stale_keep_alive);
  g_test_add_func ("/versus/request-engine/fake/fault-specs", test_fake_fault_specs);

  return g_test_run ();
}
