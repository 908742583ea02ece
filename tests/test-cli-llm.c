/* test-cli-llm.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `versus-cli models` and `versus-cli chat` run as a user would, against the fake server
 * running in this test process: output, --json fields, streaming, templates, failures after
 * retries (exit 1, status and message on stderr), keys from the environment, usage errors.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "vs-endpoint.h"
#include "vs-fake-llm.h"
#include "vs-test-util.h"
#include "vs-writer.h"

static VsFakeLlm *
start_fake (void)
{
  g_autoptr(GError) error = NULL;
  VsFakeLlm *fake = vs_fake_llm_new (0, &error);

  g_assert_no_error (error);
  return fake;
}

static void
test_models (void)
{
  g_autoptr(VsFakeLlm) fake = start_fake ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;

  g_assert_cmpint (vs_test_cli (&out, &err, "models", "--endpoint", vs_fake_llm_get_url (fake),
                                NULL), ==, 0);
  g_assert_cmpstr (out, ==, "fake-small\nfake-large\n");
  g_assert_cmpuint (vs_fake_llm_get_request_count (fake, "/v1/models"), ==, 1);

  g_assert_cmpint (vs_test_cli (&out2, &err2, "models", "--endpoint",
                                vs_fake_llm_get_url (fake), "--kind", "ollama", NULL), ==, 0);
  g_assert_cmpstr (out2, ==, "fake-small\nfake-large\n");
  g_assert_cmpuint (vs_fake_llm_get_request_count (fake, "/api/tags"), ==, 1);
}

static void
test_chat_plain_and_stream (void)
{
  g_autoptr(VsFakeLlm) fake = start_fake ();
  const char *url = vs_fake_llm_get_url (fake);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *out3 = NULL;
  g_autofree char *err3 = NULL;

  g_assert_cmpint (vs_test_cli (&out, &err, "chat", "--endpoint", url, "--model", "fake-small",
                                "--message", "hi there", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Echo: hi there\n");

  vs_fake_llm_set_chunk_delay_ms (fake, 5);
  g_assert_cmpint (vs_test_cli (&out2, &err2, "chat", "--endpoint", url, "--model", "fake-small",
                                "--message", "hi there", "--stream", NULL), ==, 0);
  g_assert_cmpstr (out2, ==, "Echo: hi there\n");

  g_assert_cmpint (vs_test_cli (&out3, &err3, "chat", "--endpoint", url, "--model", "fake-small",
                                "--kind", "ollama", "--message", "hi there", "--stream", NULL),
                   ==, 0);
  g_assert_cmpstr (out3, ==, "Echo: hi there\n");
  g_assert_cmpuint (vs_fake_llm_get_request_count (fake, "/api/chat"), ==, 1);
}

static void
test_chat_json (void)
{
  g_autoptr(VsFakeLlm) fake = start_fake ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  static const char *fields[] = {
    "text", "finish_reason", "prompt_tokens", "completion_tokens", "latency_ms", "ttft_ms",
    "tokens_per_s", "status", "retries", "cached", "error",
  };
  JsonObject *object;

  vs_fake_llm_push_fault (fake, VS_FAKE_FAULT_STATUS, 503);
  g_setenv ("VERSUS_RETRY_BASE_MS", "1", TRUE);
  g_assert_cmpint (vs_test_cli (&out, &err, "chat", "--endpoint", vs_fake_llm_get_url (fake),
                                "--model", "fake-small", "--message", "one two", "--stream",
                                "--json", NULL), ==, 0);
  g_unsetenv ("VERSUS_RETRY_BASE_MS");
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (object), ==, G_N_ELEMENTS (fields));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_assert_true (json_object_has_member (object, fields[i]));
  g_assert_cmpstr (json_object_get_string_member (object, "text"), ==, "Echo: one two");
  g_assert_cmpstr (json_object_get_string_member (object, "finish_reason"), ==, "stop");
  g_assert_cmpint (json_object_get_int_member (object, "prompt_tokens"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (object, "completion_tokens"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "status"), ==, 200);
  g_assert_cmpint (json_object_get_int_member (object, "retries"), ==, 1);
  g_assert_false (json_object_get_boolean_member (object, "cached"));
  g_assert_true (json_object_get_null_member (object, "error"));
  g_assert_cmpfloat (json_object_get_double_member (object, "latency_ms"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (object, "ttft_ms"), >, 0);
}

static void
test_chat_failure (void)
{
  g_autoptr(VsFakeLlm) fake = start_fake ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  for (int i = 0; i < 4; i++)
    vs_fake_llm_push_fault (fake, VS_FAKE_FAULT_STATUS, 500);
  g_setenv ("VERSUS_RETRY_BASE_MS", "1", TRUE);
  g_assert_cmpint (vs_test_cli (&out, &err, "chat", "--endpoint", vs_fake_llm_get_url (fake),
                                "--model", "fake-small", "--message", "x", NULL), ==, 1);
  g_unsetenv ("VERSUS_RETRY_BASE_MS");
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "HTTP 500"));
  g_assert_nonnull (strstr (err, "the fake server was told to fail"));
  g_assert_nonnull (strstr (err, "after 3 retries"));
  g_assert_cmpuint (vs_fake_llm_get_request_count (fake, NULL), ==, 4);
}

static void
test_chat_keys (void)
{
  g_autoptr(VsFakeLlm) fake = start_fake ();
  const char *url = vs_fake_llm_get_url (fake);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *out3 = NULL;
  g_autofree char *err3 = NULL;

  vs_fake_llm_set_required_key (fake, "sk-cli-right");

  /* A wrong key: 401 at once, no retries, and the key is not echoed. */
  g_setenv ("VERSUS_API_KEY", "sk-cli-wrong-secret", TRUE);
  g_assert_cmpint (vs_test_cli (&out, &err, "chat", "--endpoint", url, "--model", "m",
                                "--message", "x", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "401"));
  g_assert_null (strstr (err, "sk-cli-wrong-secret"));
  g_assert_null (strstr (out, "sk-cli-wrong-secret"));
  g_assert_cmpuint (vs_fake_llm_get_request_count (fake, NULL), ==, 1);

  /* OPENAI_API_KEY is used when VERSUS_API_KEY is empty. */
  g_setenv ("VERSUS_API_KEY", "", TRUE);
  g_setenv ("OPENAI_API_KEY", "sk-cli-right", TRUE);
  g_assert_cmpint (vs_test_cli (&out2, &err2, "chat", "--endpoint", url, "--model", "m",
                                "--message", "x", NULL), ==, 0);
  g_assert_cmpstr (out2, ==, "Echo: x\n");

  /* … but not for Ollama's native API. */
  g_assert_cmpint (vs_test_cli (&out3, &err3, "models", "--endpoint", url, "--kind", "ollama",
                                NULL), ==, 1);
  g_assert_nonnull (strstr (err3, "401"));
  g_setenv ("OPENAI_API_KEY", "", TRUE);
}

static void
test_chat_template (void)
{
  g_autoptr(VsFakeLlm) fake = start_fake ();
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *template = g_build_filename (dir, "ask.txt", NULL);
  g_autofree char *vars = g_build_filename (dir, "vars.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;

  g_assert_true (g_file_set_contents (template, "Tell me about {{topic}} {\"json\": 1}", -1,
                                      NULL));
  g_assert_true (g_file_set_contents (vars, "{\"topic\": \"cats\"}", -1, NULL));
  g_assert_cmpint (vs_test_cli (&out, &err, "chat", "--endpoint", vs_fake_llm_get_url (fake),
                                "--model", "m", "--template", template, "--vars", vars, NULL),
                   ==, 0);
  g_assert_cmpstr (out, ==, "Echo: Tell me about cats {\"json\": 1}\n");

  /* A missing variable is a problem with the input: exit 1, nothing sent. */
  g_assert_cmpint (vs_test_cli (&out2, &err2, "chat", "--endpoint", vs_fake_llm_get_url (fake),
                                "--model", "m", "--template", template, NULL), ==, 1);
  g_assert_nonnull (strstr (err2, "topic"));
  g_assert_cmpuint (vs_fake_llm_get_request_count (fake, NULL), ==, 1);
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A project with two endpoints saved over the fake server: "Fake server" (OpenAI-compatible,
 * default model fake-large) and "Fake Ollama" (Ollama's native API). */
static char *
project_with_endpoints (const char *dir,
                        const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(VsEndpoint) openai = NULL;
  g_autoptr(VsEndpoint) ollama = NULL;
  char *path = g_build_filename (dir, "endpoints.versus", NULL);

  project = vs_project_open (path, VS_PROJECT_OPEN_CREATE, &error);
  g_assert_no_error (error);
  openai = vs_endpoint_new (VS_ENDPOINT_KIND_OPENAI, url, &error);
  g_assert_no_error (error);
  vs_endpoint_set_name (openai, "Fake server");
  vs_endpoint_set_default_model (openai, "fake-large");
  g_assert_true (vs_endpoint_save (openai, project, &error));
  ollama = vs_endpoint_new (VS_ENDPOINT_KIND_OLLAMA, url, &error);
  g_assert_no_error (error);
  vs_endpoint_set_name (ollama, "Fake Ollama");
  g_assert_true (vs_endpoint_save (ollama, project, &error));
  g_assert_no_error (error);
  g_assert_true (vs_writer_flush (vs_project_get_writer (project), &error));
  return path;
}

/* --endpoint takes a saved endpoint's name with --project, in every command that talks to an
 * endpoint; an unknown name, or a name without --project, is a usage error that says why. */
static void
test_endpoint_by_name (void)
{
  g_autoptr(VsFakeLlm) fake = start_fake ();
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *project = project_with_endpoints (dir, vs_fake_llm_get_url (fake));
  g_autofree char *body = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* chat by name, with the model given */
  g_assert_cmpint (vs_test_cli (&out, &err, "chat", "--project", project, "--endpoint",
                                "Fake server", "--model", "fake-small", "--message", "hi", NULL),
                   ==, 0);
  g_assert_cmpstr (out, ==, "Echo: hi\n");
  g_assert_cmpuint (vs_fake_llm_get_request_count (fake, "/v1/chat/completions"), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* … and with the endpoint's default model */
  g_assert_cmpint (vs_test_cli (&out, &err, "chat", "--project", project, "--endpoint",
                                "Fake server", "--message", "hello", "--json", NULL), ==, 0);
  body = vs_fake_llm_dup_last_body (fake);
  g_assert_nonnull (strstr (body, "\"fake-large\""));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The saved kind is used: the Ollama one talks to /api/chat. */
  g_assert_cmpint (vs_test_cli (&out, &err, "chat", "--project", project, "--endpoint",
                                "Fake Ollama", "--model", "fake-small", "--message", "hi", NULL),
                   ==, 0);
  g_assert_cmpstr (out, ==, "Echo: hi\n");
  g_assert_cmpuint (vs_fake_llm_get_request_count (fake, "/api/chat"), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* models by name, and as JSON */
  g_assert_cmpint (vs_test_cli (&out, &err, "models", "--project", project, "--endpoint",
                                "Fake Ollama", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "fake-small\nfake-large\n");
  g_assert_cmpuint (vs_fake_llm_get_request_count (fake, "/api/tags"), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&out, &err, "models", "--project", project, "--endpoint",
                                "Fake server", "--json", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "{\"models\":[\"fake-small\",\"fake-large\"]}\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A URL still works with --project. */
  g_assert_cmpint (vs_test_cli (&out, &err, "models", "--project", project, "--endpoint",
                                vs_fake_llm_get_url (fake), NULL), ==, 0);
  g_assert_cmpstr (out, ==, "fake-small\nfake-large\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* An unknown name lists the saved ones; nothing is sent. */
  vs_fake_llm_reset_counts (fake);
  g_assert_cmpint (vs_test_cli (&out, &err, "chat", "--project", project, "--endpoint",
                                "Nope", "--model", "m", "--message", "hi", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "no endpoint called “Nope”"));
  g_assert_nonnull (strstr (err, "“Fake server”, “Fake Ollama”"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&out, &err, "models", "--project", project, "--endpoint",
                                "Nope", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "no endpoint called “Nope”"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A name without --project, and a kind that contradicts the saved one. */
  g_assert_cmpint (vs_test_cli (&out, &err, "chat", "--endpoint", "Fake server", "--model", "m",
                                "--message", "hi", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "add --project FILE"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&out, &err, "models", "--project", project, "--endpoint",
                                "Fake server", "--kind", "ollama", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "leave out --kind"));
  g_assert_cmpuint (vs_fake_llm_get_request_count (fake, NULL), ==, 0);

  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_usage (void)
{
  static const char *cases[][8] = {
    { "chat", "--endpoint", "http://127.0.0.1:9", "--message", "x", NULL },
    { "chat", "--model", "m", "--message", "x", NULL },
    { "chat", "--endpoint", "http://127.0.0.1:9", "--model", "m", NULL },
    { "chat", "--endpoint", "http://127.0.0.1:9", "--model", "m", "--message", "x", NULL },
    { "chat", "--endpoint", "ftp://x", "--model", "m", "--message", "x", NULL },
    { "models", "--endpoint", "http://127.0.0.1:9", "--kind", "gemini", NULL },
    { "models", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int expected = 2;

      /* Case 3 is valid usage against a closed port: a failed request, exit 1. */
      if (i == 3)
        {
          g_setenv ("VERSUS_RETRY_BASE_MS", "1", TRUE);
          expected = 1;
        }
      g_assert_cmpint (vs_test_run_cli (cases[i], NULL, &out, &err), ==, expected);
      g_assert_cmpstr (err, !=, "");
      g_unsetenv ("VERSUS_RETRY_BASE_MS");
    }
}

static void
test_help (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;

  g_assert_cmpint (vs_test_cli (&out, &err, "chat", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "--template"));
  g_assert_nonnull (strstr (out, "--stream"));
  g_assert_cmpint (vs_test_cli (&out2, &err2, "models", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out2, "--kind"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/versus/cli-llm/models", test_models);
  g_test_add_func ("/versus/cli-llm/chat", test_chat_plain_and_stream);
  g_test_add_func ("/versus/cli-llm/chat-json", test_chat_json);
  g_test_add_func ("/versus/cli-llm/chat-failure", test_chat_failure);
  g_test_add_func ("/versus/cli-llm/keys", test_chat_keys);
  g_test_add_func ("/versus/cli-llm/template", test_chat_template);
  g_test_add_func ("/versus/cli-llm/endpoint-by-name", test_endpoint_by_name);
  g_test_add_func ("/versus/cli-llm/usage", test_usage);
  g_test_add_func ("/versus/cli-llm/help", test_help);

  return g_test_run ();
}
