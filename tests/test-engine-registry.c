/* test-engine-registry.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One engine per endpoint: two callers of the same endpoint share its engine and so its
 * concurrency limit (counted by the fake server), an edited endpoint or a new key gets a new
 * engine while a call on the old one finishes, the key is looked up by the registry itself,
 * and a project's registry keys saved endpoints by id and does not keep the project alive.
 */
#include "config.h"

#include <string.h>

#include "vs-engine-registry.h"
#include "vs-fake-llm.h"
#include "vs-secrets.h"
#include "vs-test-util.h"
#include "vs-writer.h"

typedef struct
{
  gboolean        done;
  VsChatResponse *response;
  GError         *error;
} Call;

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
wait_for (gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
}

static void
call_clear (Call *call)
{
  g_clear_object (&call->response);
  g_clear_error (&call->error);
  call->done = FALSE;
}

static VsChatRequest *
make_request (const char *text)
{
  VsChatRequest *request = vs_chat_request_new ("fake-small");

  vs_chat_request_add_message (request, "user", text);
  return request;
}

static VsEndpoint *
make_endpoint (VsFakeLlm *fake,
               guint      concurrency)
{
  g_autoptr(GError) error = NULL;
  VsEndpoint *endpoint = vs_endpoint_new (VS_ENDPOINT_KIND_OPENAI, vs_fake_llm_get_url (fake),
                                          &error);

  g_assert_no_error (error);
  vs_endpoint_set_concurrency (endpoint, concurrency);
  return endpoint;
}

/* Three requests from each of two callers, @a and @b, at once; returns the most the server
 * saw at the same time. */
static guint
run_two_callers (VsFakeLlm       *fake,
                 VsRequestEngine *a,
                 VsRequestEngine *b)
{
  Call calls[6] = { 0 };
  VsChatRequest *requests[6];

  vs_fake_llm_reset_counts (fake);
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      requests[i] = make_request ("shared");
      vs_request_engine_chat_async (i % 2 ? b : a, requests[i], NULL, on_chat_done, &calls[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      wait_for (&calls[i].done);
      g_assert_no_error (calls[i].error);
      call_clear (&calls[i]);
      g_object_unref (requests[i]);
    }
  return vs_fake_llm_get_max_concurrent (fake);
}

static void
test_shared_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsFakeLlm) fake = vs_fake_llm_new (0, &error);
  g_autoptr(VsEngineRegistry) registry = vs_engine_registry_new (NULL);
  /* Two widgets, each with its own copy of the same endpoint. */
  g_autoptr(VsEndpoint) first = make_endpoint (fake, 2);
  g_autoptr(VsEndpoint) second = make_endpoint (fake, 2);
  g_autoptr(VsRequestEngine) a = NULL;
  g_autoptr(VsRequestEngine) b = NULL;

  g_assert_no_error (error);
  vs_fake_llm_set_latency_ms (fake, 150);
  a = vs_engine_registry_get (registry, first, NULL);
  b = vs_engine_registry_get (registry, second, NULL);
  g_assert_true (a == b);
  g_assert_cmpuint (vs_engine_registry_get_n_engines (registry), ==, 1);
  g_assert_cmpuint (run_two_callers (fake, a, b), ==, 2);
  g_assert_cmpuint (vs_fake_llm_get_connections (fake), <=, 2);

  /* The control: an engine per caller lets the endpoint see twice its limit. */
  {
    g_autoptr(VsRequestEngine) c = vs_request_engine_new (first, NULL);
    g_autoptr(VsRequestEngine) d = vs_request_engine_new (second, NULL);

    g_assert_cmpuint (run_two_callers (fake, c, d), ==, 4);
  }
}

/* A 429 seen by one caller lowers the limit for the other; a 401 stops both. */
static void
test_shared_state (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsFakeLlm) fake = vs_fake_llm_new (0, &error);
  g_autoptr(VsEngineRegistry) registry = vs_engine_registry_new (NULL);
  g_autoptr(VsEndpoint) first = make_endpoint (fake, 4);
  g_autoptr(VsEndpoint) second = make_endpoint (fake, 4);
  g_autoptr(VsRequestEngine) a = NULL;
  g_autoptr(VsRequestEngine) b = NULL;
  g_autoptr(VsChatRequest) request = make_request ("state");
  Call call = { 0 };

  g_assert_no_error (error);
  vs_endpoint_set_setting_int (first, "retry_base_ms", 5);
  vs_endpoint_set_setting_int (second, "retry_base_ms", 5);
  a = vs_engine_registry_get (registry, first, NULL);
  b = vs_engine_registry_get (registry, second, NULL);

  vs_fake_llm_push_fault (fake, VS_FAKE_FAULT_RATE_LIMIT, 0);
  vs_request_engine_chat_async (a, request, NULL, on_chat_done, &call);
  wait_for (&call.done);
  g_assert_no_error (call.error);
  call_clear (&call);
  g_assert_cmpuint (vs_request_engine_get_current_limit (b), ==, 2);

  vs_fake_llm_push_fault (fake, VS_FAKE_FAULT_STATUS, 401);
  vs_request_engine_chat_async (a, request, NULL, on_chat_done, &call);
  wait_for (&call.done);
  g_assert_error (call.error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_AUTH);
  call_clear (&call);
  g_assert_true (vs_request_engine_get_stopped (b));
  vs_fake_llm_reset_counts (fake);
  vs_request_engine_chat_async (b, request, NULL, on_chat_done, &call);
  wait_for (&call.done);
  g_assert_error (call.error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_AUTH);
  call_clear (&call);
  g_assert_cmpuint (vs_fake_llm_get_request_count (fake, NULL), ==, 0);
}

static void
test_edited_endpoint (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsFakeLlm) fake = vs_fake_llm_new (0, &error);
  g_autoptr(VsEngineRegistry) registry = vs_engine_registry_new (NULL);
  g_autoptr(VsEndpoint) endpoint = make_endpoint (fake, 2);
  g_autoptr(VsRequestEngine) old = NULL;
  g_autoptr(VsRequestEngine) same = NULL;
  g_autoptr(VsRequestEngine) edited = NULL;
  g_autoptr(VsRequestEngine) renamed = NULL;
  g_autoptr(VsRequestEngine) keyed = NULL;
  g_autoptr(VsRequestEngine) rekeyed = NULL;
  g_autoptr(VsChatRequest) request = make_request ("in flight");
  Call call = { 0 };

  g_assert_no_error (error);
  old = vs_engine_registry_get (registry, endpoint, NULL);
  same = vs_engine_registry_get (registry, endpoint, NULL);
  g_assert_true (old == same);

  /* A call in flight on the old engine when the endpoint is edited. */
  vs_fake_llm_set_latency_ms (fake, 200);
  vs_request_engine_chat_async (old, request, NULL, on_chat_done, &call);
  vs_endpoint_set_concurrency (endpoint, 3);
  edited = vs_engine_registry_get (registry, endpoint, NULL);
  g_assert_true (edited != old);
  g_assert_cmpuint (vs_request_engine_get_limit (edited), ==, 3);
  g_assert_cmpuint (vs_request_engine_get_limit (old), ==, 2);
  g_assert_cmpuint (vs_engine_registry_get_n_engines (registry), ==, 1);
  wait_for (&call.done);
  g_assert_no_error (call.error);
  g_assert_cmpstr (vs_chat_response_get_text (call.response), ==, "Echo: in flight");
  call_clear (&call);

  /* A new name changes nothing on the wire: same engine. */
  vs_endpoint_set_name (endpoint, "Renamed");
  renamed = vs_engine_registry_get (registry, endpoint, NULL);
  g_assert_true (renamed == edited);

  /* A new key does. */
  keyed = vs_engine_registry_get (registry, endpoint, "sk-one-1234");
  g_assert_true (keyed != edited);
  rekeyed = vs_engine_registry_get (registry, endpoint, "sk-two-5678");
  g_assert_true (rekeyed != keyed);
  g_clear_object (&renamed);
  renamed = vs_engine_registry_get (registry, endpoint, "sk-two-5678");
  g_assert_true (renamed == rekeyed);

  /* So does a header. */
  g_assert_true (vs_endpoint_set_header (endpoint, "X-Team", "evals", NULL));
  g_clear_object (&same);
  same = vs_engine_registry_get (registry, endpoint, "sk-two-5678");
  g_assert_true (same != rekeyed);

  /* Another URL is another endpoint (ad-hoc endpoints are keyed by kind + URL). */
  {
    g_autoptr(VsEndpoint) other = vs_endpoint_new (VS_ENDPOINT_KIND_OPENAI,
                                                   "http://127.0.0.1:9/v1", NULL);
    g_autoptr(VsRequestEngine) engine = vs_engine_registry_get (registry, other, NULL);
    g_autofree char *key = vs_engine_registry_dup_key (other);

    g_assert_cmpstr (key, ==, "openai http://127.0.0.1:9/v1");
    g_assert_true (engine != same);
    g_assert_cmpuint (vs_engine_registry_get_n_engines (registry), ==, 2);
  }
}

static void
on_engine (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  VsRequestEngine **out = data;
  g_autoptr(GError) error = NULL;

  *out = vs_engine_registry_get_finish (VS_ENGINE_REGISTRY (source), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*out);
}

/* get_async looks the key up itself; a key changed in Preferences gives a new engine. */
static void
test_key_lookup (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsFakeLlm) fake = vs_fake_llm_new (0, &error);
  g_autoptr(VsEngineRegistry) registry = vs_engine_registry_new (NULL);
  g_autoptr(VsEndpoint) endpoint = make_endpoint (fake, 2);
  g_autoptr(VsChatRequest) request = make_request ("keyed");
  VsRequestEngine *first = NULL;
  VsRequestEngine *again = NULL;
  VsRequestEngine *second = NULL;
  Call call = { 0 };

  g_assert_no_error (error);
  g_setenv ("VERSUS_SECRETS", "memory", TRUE);
  g_assert_true (vs_secrets_store_sync (endpoint, "sk-first-0000", NULL, NULL, &error));
  vs_fake_llm_set_required_key (fake, "sk-first-0000");

  vs_engine_registry_get_async (registry, endpoint, NULL, on_engine, &first);
  while (first == NULL)
    g_main_context_iteration (NULL, TRUE);
  vs_request_engine_chat_async (first, request, NULL, on_chat_done, &call);
  wait_for (&call.done);
  g_assert_no_error (call.error);
  call_clear (&call);

  vs_engine_registry_get_async (registry, endpoint, NULL, on_engine, &again);
  while (again == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (again == first);

  g_assert_true (vs_secrets_store_sync (endpoint, "sk-second-1111", NULL, NULL, &error));
  vs_fake_llm_set_required_key (fake, "sk-second-1111");
  vs_engine_registry_get_async (registry, endpoint, NULL, on_engine, &second);
  while (second == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (second != first);
  vs_request_engine_chat_async (second, request, NULL, on_chat_done, &call);
  wait_for (&call.done);
  g_assert_no_error (call.error);
  call_clear (&call);

  g_assert_true (vs_secrets_store_sync (endpoint, NULL, NULL, NULL, &error));
  g_unsetenv ("VERSUS_SECRETS");
  g_object_unref (first);
  g_object_unref (again);
  g_object_unref (second);
}

/* A project's registry: one per project, saved endpoints keyed by id, the project's response
 * cache on, and no cycle keeping the project alive. */
static void
test_project_registry (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(VsFakeLlm) fake = vs_fake_llm_new (0, &error);
  VsProject *project = vs_test_project_new ("registry.versus", &dir, NULL);
  g_autoptr(VsEndpoint) endpoint = make_endpoint (fake, 2);
  g_autoptr(VsRequestEngine) engine = NULL;
  g_autoptr(VsChatRequest) request = make_request ("cached");
  VsEngineRegistry *registry;
  g_autofree char *key = NULL;
  Call call = { 0 };

  g_assert_no_error (error);
  registry = vs_engine_registry_get_for_project (project);
  g_assert_true (registry == vs_engine_registry_get_for_project (project));
  g_assert_true (registry != vs_engine_registry_get_default ());
  g_assert_true (vs_engine_registry_get_for_project (NULL) == vs_engine_registry_get_default ());

  g_assert_true (vs_endpoint_save (endpoint, project, &error));
  g_assert_no_error (error);
  key = vs_engine_registry_dup_key (endpoint);
  g_assert_cmpstr (key, ==, "id:1");

  engine = vs_engine_registry_get (registry, endpoint, NULL);
  vs_request_engine_chat_async (engine, request, NULL, on_chat_done, &call);
  wait_for (&call.done);
  g_assert_no_error (call.error);
  call_clear (&call);
  g_assert_true (vs_writer_flush (vs_project_get_writer (project), NULL));
  g_assert_cmpint (vs_response_cache_count (project), ==, 1);

  g_object_add_weak_pointer (G_OBJECT (registry), (gpointer *) &registry);
  g_assert_finalize_object (project);
  g_assert_null (registry);
  /* The engine outlives its project quietly: the cache is simply off. */
  vs_request_engine_chat_async (engine, request, NULL, on_chat_done, &call);
  wait_for (&call.done);
  g_assert_no_error (call.error);
  call_clear (&call);
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/versus/engine-registry/shared-limit", test_shared_limit);
  g_test_add_func ("/versus/engine-registry/shared-state", test_shared_state);
  g_test_add_func ("/versus/engine-registry/edited-endpoint", test_edited_endpoint);
  g_test_add_func ("/versus/engine-registry/key-lookup", test_key_lookup);
  g_test_add_func ("/versus/engine-registry/project", test_project_registry);

  return g_test_run ();
}
