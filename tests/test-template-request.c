/* test-template-request.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * vs_template_build_request(): which model and parameters win (caller, template, endpoint
 * defaults), where few-shot examples go, variables rendered into the messages, and problems
 * reported with their positions instead of a half-built request.
 */
#include "config.h"

#include "vs-json.h"
#include "vs-template-parser.h"
#include "vs-template-request.h"

static VsTemplate *
load (const char *json)
{
  g_autoptr(GError) error = NULL;
  VsTemplate *template = vs_template_new_from_data (json, -1, &error);

  g_assert_no_error (error);
  return template;
}

static VsEndpoint *
endpoint_with_defaults (const char *default_model,
                        const char *parameters)
{
  VsEndpoint *endpoint = vs_endpoint_new (VS_ENDPOINT_KIND_OPENAI, "http://127.0.0.1:8000",
                                          NULL);

  vs_endpoint_set_default_model (endpoint, default_model);
  if (parameters != NULL)
    json_object_set_object_member (vs_endpoint_get_settings (endpoint), "parameters",
                                   vs_json_parse_object (parameters, -1, NULL));
  return endpoint;
}

/* "role:content" per message, joined with " | ". */
static char *
describe_messages (VsChatRequest *request)
{
  JsonArray *messages = vs_chat_request_get_messages (request);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);

      g_string_append_printf (out, "%s%s:%s", i ? " | " : "",
                              json_object_get_string_member (message, "role"),
                              json_object_get_string_member (message, "content"));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_parameters_precedence (void)
{
  g_autoptr(VsTemplate) template =
    load ("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
          "\"parameters\":{\"model\":\"template-model\",\"temperature\":0.2,\"stop\":[\"\\n\"]}}");
  g_autoptr(VsTemplate) bare = load ("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
  g_autoptr(VsEndpoint) endpoint =
    endpoint_with_defaults ("endpoint-model",
                            "{\"model\":\"ignored\",\"temperature\":0.9,\"max_tokens\":16}");
  g_autoptr(VsChatRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *parameters;

  /* The template's model and parameters over the endpoint's defaults. */
  request = vs_template_build_request (template, NULL, NULL, endpoint, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vs_chat_request_get_model (request), ==, "template-model");
  parameters = vs_chat_request_get_parameters (request);
  g_assert_cmpfloat (json_object_get_double_member (parameters, "temperature"), ==, 0.2);
  g_assert_cmpint (json_object_get_int_member (parameters, "max_tokens"), ==, 16);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (parameters, "stop")),
                    ==, 1);
  g_assert_false (json_object_has_member (parameters, "model"));
  g_clear_object (&request);

  /* The caller's model over both. */
  request = vs_template_build_request (template, NULL, NULL, endpoint, "cli-model", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vs_chat_request_get_model (request), ==, "cli-model");
  g_clear_object (&request);

  /* The endpoint's default model and parameters when the template has none. */
  request = vs_template_build_request (bare, NULL, NULL, endpoint, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vs_chat_request_get_model (request), ==, "endpoint-model");
  parameters = vs_chat_request_get_parameters (request);
  g_assert_cmpfloat (json_object_get_double_member (parameters, "temperature"), ==, 0.9);
  g_assert_cmpuint (json_object_get_size (parameters), ==, 2);
  g_clear_object (&request);

  /* No endpoint at all: only the template's. */
  request = vs_template_build_request (template, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_object_get_size (vs_chat_request_get_parameters (request)), ==, 2);
  g_clear_object (&request);

  /* The request keeps copies: editing the template afterwards changes nothing in it. */
  request = vs_template_build_request (template, NULL, NULL, endpoint, NULL, &error);
  json_object_set_double_member (vs_template_get_parameters (template), "temperature", 1.5);
  g_assert_cmpfloat (json_object_get_double_member (vs_chat_request_get_parameters (request),
                                                    "temperature"), ==, 0.2);
  g_clear_object (&request);

  /* No model anywhere: said before anything is rendered. */
  {
    g_autoptr(VsEndpoint) plain = endpoint_with_defaults (NULL, NULL);
    g_autoptr(VsTemplate) broken = load ("{\"messages\":[{\"role\":\"user\","
                                         "\"content\":\"{{unclosed\"}]}");

    request = vs_template_build_request (broken, NULL, NULL, plain, NULL, &error);
    g_assert_null (request);
    g_assert_error (error, VS_TEMPLATE_REQUEST_ERROR, VS_TEMPLATE_REQUEST_ERROR_NO_MODEL);
  }
}

static GPtrArray *
examples_of (const char *first,
             ...)
{
  GPtrArray *examples = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  va_list args;

  va_start (args, first);
  for (const char *json = first; json != NULL; json = va_arg (args, const char *))
    g_ptr_array_add (examples, vs_json_parse_object (json, -1, NULL));
  va_end (args);
  return examples;
}

static void
test_few_shot_placement (void)
{
  g_autoptr(VsTemplate) template =
    load ("{\"messages\":[{\"role\":\"system\",\"content\":\"Classify.\"},"
          "{\"role\":\"user\",\"content\":\"{{text}}\"}],"
          "\"few_shot\":{\"dataset\":\"d\",\"k\":2,\"user\":\"{{text}}\","
          "\"assistant\":\"{{label}}\"}}");
  g_autoptr(VsTemplate) no_user =
    load ("{\"messages\":[{\"role\":\"system\",\"content\":\"Classify.\"}],"
          "\"few_shot\":{\"dataset\":\"d\",\"k\":1,\"user\":\"{{text}}\","
          "\"assistant\":\"{{label}}\"}}");
  g_autoptr(GPtrArray) examples = examples_of ("{\"text\":\"good\",\"label\":\"pos\"}",
                                               "{\"text\":\"bad\",\"label\":\"neg\"}", NULL);
  g_autoptr(JsonObject) vars = vs_json_parse_object ("{\"text\":\"fine\"}", -1, NULL);
  g_autoptr(VsChatRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;

  /* Before the last user message, as user/assistant pairs, in order. */
  request = vs_template_build_request (template, vars, examples, NULL, "m", &error);
  g_assert_no_error (error);
  described = describe_messages (request);
  g_assert_cmpstr (described, ==,
                   "system:Classify. | user:good | assistant:pos | user:bad | assistant:neg | "
                   "user:fine");
  g_clear_object (&request);
  g_clear_pointer (&described, g_free);

  /* No examples: the template's messages only. */
  request = vs_template_build_request (template, vars, NULL, NULL, "m", &error);
  g_assert_no_error (error);
  described = describe_messages (request);
  g_assert_cmpstr (described, ==, "system:Classify. | user:fine");
  g_clear_object (&request);
  g_clear_pointer (&described, g_free);

  /* No user message: at the end. */
  g_ptr_array_set_size (examples, 1);
  request = vs_template_build_request (no_user, vars, examples, NULL, "m", &error);
  g_assert_no_error (error);
  described = describe_messages (request);
  g_assert_cmpstr (described, ==, "system:Classify. | user:good | assistant:pos");
}

static void
test_variables_rendered (void)
{
  g_autoptr(VsTemplate) template =
    load ("{\"messages\":[{\"role\":\"system\",\"content\":\"You are {{persona}}.\"},"
          "{\"role\":\"user\",\"content\":\"{{input.text}}{{#tags}} #{{.}}{{/tags}}\"}]}");
  g_autoptr(JsonObject) vars =
    vs_json_parse_object ("{\"persona\":\"terse\",\"input\":{\"text\":\"Summarise\"},"
                          "\"tags\":[\"a\",\"b\"]}", -1, NULL);
  g_autoptr(VsChatRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;

  request = vs_template_build_request (template, vars, NULL, NULL, "m", &error);
  g_assert_no_error (error);
  described = describe_messages (request);
  g_assert_cmpstr (described, ==, "system:You are terse. | user:Summarise #a #b");
  g_assert_false (vs_chat_request_get_stream (request));
}

static void
test_errors_with_positions (void)
{
  g_autoptr(VsTemplate) template =
    load ("{\"messages\":[{\"role\":\"system\",\"content\":\"Be {{tone}}.\"},"
          "{\"role\":\"user\",\"content\":\"line one\\nask {{who}} now\"}]}");
  g_autoptr(JsonObject) vars = vs_json_parse_object ("{\"tone\":\"kind\"}", -1, NULL);
  g_autoptr(VsChatRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;
  const VsTemplateProblem *problem;

  request = vs_template_build_request (template, vars, NULL, NULL, "m", &error);
  g_assert_null (request);
  g_assert_error (error, VS_TEMPLATE_ERROR, VS_TEMPLATE_ERROR_UNKNOWN_VARIABLE);
  problems = vs_template_error_get_problems (error);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = problems->pdata[0];
  g_assert_cmpstr (problem->where, ==, "messages[1]");
  g_assert_cmpint (problem->message_index, ==, 1);
  g_assert_cmpstr (problem->name, ==, "who");
  g_assert_cmpuint (problem->line, ==, 2);
  g_assert_cmpuint (problem->column, ==, 5);
  g_assert_cmpuint (problem->start, ==, 13);
  g_assert_cmpuint (problem->end, ==, 20);
  g_clear_error (&error);

  /* Every problem is listed, syntax included, and nothing is built. */
  {
    g_autoptr(VsTemplate) both =
      load ("{\"messages\":[{\"role\":\"system\",\"content\":\"{{#open}}\"},"
            "{\"role\":\"user\",\"content\":\"{{who}}\"}]}");

    request = vs_template_build_request (both, NULL, NULL, NULL, "m", &error);
    g_assert_null (request);
    g_assert_error (error, VS_TEMPLATE_ERROR, error->code);
    problems = vs_template_error_get_problems (error);
    g_assert_cmpuint (problems->len, ==, 2);
    g_assert_cmpstr (((VsTemplateProblem *) problems->pdata[0])->where, ==, "messages[0]");
    g_assert_cmpstr (((VsTemplateProblem *) problems->pdata[1])->where, ==, "messages[1]");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/versus/template-request/parameters-precedence", test_parameters_precedence);
  g_test_add_func ("/versus/template-request/few-shot-placement", test_few_shot_placement);
  g_test_add_func ("/versus/template-request/variables-rendered", test_variables_rendered);
  g_test_add_func ("/versus/template-request/errors-with-positions", test_errors_with_positions);

  return g_test_run ();
}
