/* test-endpoint.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Endpoints: base-URL normalisation as providers write URLs, properties and notifications,
 * and the round trip through the project file's `endpoints` table.
 */
#include "config.h"

#include <string.h>

#include "vs-endpoint.h"
#include "vs-error.h"
#include "vs-test-util.h"

static void
test_normalize (void)
{
  static const struct {
    VsEndpointKind kind;
    const char *in;
    const char *out;
  } cases[] = {
    { VS_ENDPOINT_KIND_OPENAI, "http://127.0.0.1:8000", "http://127.0.0.1:8000/v1" },
    { VS_ENDPOINT_KIND_OPENAI, "http://127.0.0.1:8000/", "http://127.0.0.1:8000/v1" },
    { VS_ENDPOINT_KIND_OPENAI, "https://api.openai.com/v1", "https://api.openai.com/v1" },
    { VS_ENDPOINT_KIND_OPENAI, "https://api.openai.com/v1/", "https://api.openai.com/v1" },
    { VS_ENDPOINT_KIND_OPENAI, "https://api.groq.com/openai/v1",
      "https://api.groq.com/openai/v1" },
    { VS_ENDPOINT_KIND_OPENAI, "  HTTPS://API.Example.COM:443/v1 ", "https://api.example.com/v1" },
    { VS_ENDPOINT_KIND_OPENAI, "http://localhost:80", "http://localhost/v1" },
    { VS_ENDPOINT_KIND_OPENAI, "localhost:1234", "http://localhost:1234/v1" },
    { VS_ENDPOINT_KIND_OPENAI, "http://[::1]:8080", "http://[::1]:8080/v1" },
    { VS_ENDPOINT_KIND_OLLAMA, "http://127.0.0.1:11434", "http://127.0.0.1:11434" },
    { VS_ENDPOINT_KIND_OLLAMA, "http://127.0.0.1:11434/", "http://127.0.0.1:11434" },
    { VS_ENDPOINT_KIND_OLLAMA, "http://127.0.0.1:11434/api", "http://127.0.0.1:11434" },
    { VS_ENDPOINT_KIND_OLLAMA, "http://127.0.0.1:11434/v1/", "http://127.0.0.1:11434" },
    { VS_ENDPOINT_KIND_OLLAMA, "https://ollama.example.com/proxy",
      "https://ollama.example.com/proxy" },
  };
  static const char *bad[] = {
    "", "   ", "ftp://example.com", "http://user:pw@example.com/v1",
    "http://example.com/v1?key=1", "http://example.com/v1#x", "http://",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = vs_endpoint_normalize_url (cases[i].kind, cases[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, cases[i].out);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = vs_endpoint_normalize_url (VS_ENDPOINT_KIND_OPENAI, bad[i], &error);

      g_assert_null (url);
      g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
    }
}

static void
test_urls (void)
{
  g_autoptr(VsEndpoint) openai = vs_endpoint_new (VS_ENDPOINT_KIND_OPENAI,
                                                  "http://127.0.0.1:8000", NULL);
  g_autoptr(VsEndpoint) ollama = vs_endpoint_new_default ();
  g_autofree char *a = vs_endpoint_dup_chat_url (openai);
  g_autofree char *b = vs_endpoint_dup_models_url (openai);
  g_autofree char *c = vs_endpoint_dup_chat_url (ollama);
  g_autofree char *d = vs_endpoint_dup_models_url (ollama);
  g_autofree char *e = vs_endpoint_build_url (openai, "fine_tuning/jobs");
  g_autofree char *host = vs_endpoint_dup_host (openai);

  g_assert_cmpstr (a, ==, "http://127.0.0.1:8000/v1/chat/completions");
  g_assert_cmpstr (b, ==, "http://127.0.0.1:8000/v1/models");
  g_assert_cmpstr (c, ==, "http://127.0.0.1:11434/api/chat");
  g_assert_cmpstr (d, ==, "http://127.0.0.1:11434/api/tags");
  g_assert_cmpstr (e, ==, "http://127.0.0.1:8000/v1/fine_tuning/jobs");
  g_assert_cmpstr (host, ==, "127.0.0.1:8000");
  g_assert_cmpint (vs_endpoint_get_kind (ollama), ==, VS_ENDPOINT_KIND_OLLAMA);
  g_assert_cmpstr (vs_endpoint_get_base_url (ollama), ==, VS_ENDPOINT_DEFAULT_URL);
  g_assert_cmpuint (vs_endpoint_get_concurrency (ollama), ==, 4);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_properties (void)
{
  g_autoptr(GError) error = NULL;
  VsEndpoint *endpoint = vs_endpoint_new (VS_ENDPOINT_KIND_OLLAMA, "http://h:11434/", &error);
  guint notified = 0;

  g_assert_no_error (error);
  g_signal_connect (endpoint, "notify::base-url", G_CALLBACK (count_notify), &notified);
  /* Switching kind re-normalises the URL. */
  vs_endpoint_set_kind (endpoint, VS_ENDPOINT_KIND_OPENAI);
  g_assert_cmpstr (vs_endpoint_get_base_url (endpoint), ==, "http://h:11434/v1");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_false (vs_endpoint_set_base_url (endpoint, "gopher://x", &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  g_assert_cmpstr (vs_endpoint_get_base_url (endpoint), ==, "http://h:11434/v1");
  g_assert_cmpuint (notified, ==, 1);

  vs_endpoint_set_concurrency (endpoint, 1000);
  g_assert_cmpuint (vs_endpoint_get_concurrency (endpoint), ==, VS_ENDPOINT_MAX_CONCURRENCY);
  vs_endpoint_set_concurrency (endpoint, 0);
  g_assert_cmpuint (vs_endpoint_get_concurrency (endpoint), ==, 1);

  g_clear_error (&error);
  g_assert_false (vs_endpoint_set_header (endpoint, "Authorization", "Bearer x", &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (vs_endpoint_set_header (endpoint, "X-Bad", "a\r\nb", &error));
  g_clear_error (&error);
  g_assert_true (vs_endpoint_set_header (endpoint, "X-Team", "evals", &error));
  g_assert_cmpstr (g_hash_table_lookup (vs_endpoint_get_headers (endpoint), "X-Team"), ==,
                   "evals");

  g_assert_finalize_object (endpoint);
}

static void
test_project_round_trip (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("endpoints.versus", &dir, NULL);
  g_autoptr(VsEndpoint) endpoint = NULL;
  g_autoptr(VsEndpoint) loaded = NULL;
  g_autoptr(VsEndpoint) copy = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  gint64 id;

  g_signal_connect (project, "changed", G_CALLBACK (vs_test_append_change), seen);

  endpoint = vs_endpoint_new (VS_ENDPOINT_KIND_OPENAI, "https://api.groq.com/openai/v1", &error);
  g_assert_no_error (error);
  vs_endpoint_set_name (endpoint, "Groq");
  vs_endpoint_set_default_model (endpoint, "llama-3.1-8b-instant");
  vs_endpoint_set_concurrency (endpoint, 8);
  vs_endpoint_set_header (endpoint, "X-Team", "evals", NULL);
  vs_endpoint_set_setting_int (endpoint, "idle_timeout_ms", 1234);
  g_assert_cmpint (vs_endpoint_get_id (endpoint), ==, 0);
  g_assert_true (vs_endpoint_save (endpoint, project, &error));
  g_assert_no_error (error);
  id = vs_endpoint_get_id (endpoint);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (seen->pdata[0], ==, "endpoints");

  loaded = vs_endpoint_load (project, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vs_endpoint_get_uuid (loaded), ==, vs_endpoint_get_uuid (endpoint));
  g_assert_cmpstr (vs_endpoint_get_name (loaded), ==, "Groq");
  g_assert_cmpint (vs_endpoint_get_kind (loaded), ==, VS_ENDPOINT_KIND_OPENAI);
  g_assert_cmpstr (vs_endpoint_get_base_url (loaded), ==, "https://api.groq.com/openai/v1");
  g_assert_cmpstr (vs_endpoint_get_default_model (loaded), ==, "llama-3.1-8b-instant");
  g_assert_cmpuint (vs_endpoint_get_concurrency (loaded), ==, 8);
  g_assert_cmpstr (g_hash_table_lookup (vs_endpoint_get_headers (loaded), "X-Team"), ==,
                   "evals");
  g_assert_cmpint (vs_endpoint_get_setting_int (loaded, "idle_timeout_ms", 0), ==, 1234);

  /* Update in place, and a copy is independent. */
  copy = vs_endpoint_copy (loaded);
  vs_endpoint_set_setting_int (copy, "idle_timeout_ms", 1);
  g_assert_cmpint (vs_endpoint_get_setting_int (loaded, "idle_timeout_ms", 0), ==, 1234);
  vs_endpoint_set_name (loaded, "Groq (team)");
  g_assert_true (vs_endpoint_save (loaded, project, &error));
  g_assert_no_error (error);

  list = vs_endpoint_list (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (vs_endpoint_get_name (list->pdata[0]), ==, "Groq (team)");

  g_assert_true (vs_endpoint_delete (project, id, &error));
  g_assert_no_error (error);
  g_assert_false (vs_endpoint_delete (project, id, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (vs_endpoint_load (project, id, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  g_assert_cmpuint (seen->len, ==, 3);

  g_clear_object (&project);
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/versus/endpoint/normalize", test_normalize);
  g_test_add_func ("/versus/endpoint/urls", test_urls);
  g_test_add_func ("/versus/endpoint/properties", test_properties);
  g_test_add_func ("/versus/endpoint/project-round-trip", test_project_round_trip);

  return g_test_run ();
}
