/* test-template.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The template engine: syntax, rendering, Mustache name resolution, value formatting, every
 * kind of error with its position, variable discovery, the template file format, parameters
 * and the reproducible few-shot draw.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vs-error.h"
#include "vs-json.h"
#include "vs-template.h"
#include "vs-test-util.h"
#include "vs-project-private.h"

static char *
render (const char  *source,
        const char  *vars,
        GError     **error)
{
  g_autoptr(JsonObject) object = vs_json_parse_object (vars ? vars : "{}", -1, NULL);

  g_assert_nonnull (object);
  return vs_template_render_string (source, object, error);
}

#define assert_renders(source, vars, expected)                 \
  G_STMT_START {                                               \
    g_autoptr(GError) _error = NULL;                           \
    g_autofree char *_out = render (source, vars, &_error);    \
    g_assert_no_error (_error);                                \
    g_assert_cmpstr (_out, ==, expected);                      \
  } G_STMT_END

/* The problems of a failed render, one "LINE:COLUMN: what: NAME" per line. */
static char *
render_problems (const char *source,
                 const char *vars)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = render (source, vars, &error);

  g_assert_null (out);
  g_assert_error (error, VS_TEMPLATE_ERROR, error->code);
  g_assert_nonnull (vs_template_error_get_problems (error));
  return g_strdup (error->message);
}

static void
test_plain_text (void)
{
  assert_renders ("", NULL, "");
  assert_renders ("Hello, world.\nSecond line.", NULL, "Hello, world.\nSecond line.");
}

static void
test_variable (void)
{
  assert_renders ("Hello {{name}}!", "{\"name\":\"Ada\"}", "Hello Ada!");
}

static void
test_variable_spaces (void)
{
  assert_renders ("{{ name }}|{{name }}|{{  name}}|{{\tname\t}}", "{\"name\":\"x\"}", "x|x|x|x");
}

static void
test_dotted (void)
{
  assert_renders ("{{input.title}} by {{input.author.name}}",
                  "{\"input\":{\"title\":\"Dune\",\"author\":{\"name\":\"Herbert\"}}}",
                  "Dune by Herbert");
}

static void
test_array_index (void)
{
  assert_renders ("{{items.1}}", "{\"items\":[\"a\",\"b\"]}", "b");
}

static void
test_no_html_escaping (void)
{
  assert_renders ("{{x}}", "{\"x\":\"<b>&amp;\\\"'</b>\"}", "<b>&amp;\"'</b>");
}

static void
test_ampersand (void)
{
  assert_renders ("{{&x}}", "{\"x\":\"<a>\"}", "<a>");
}

static void
test_json_left_alone (void)
{
  assert_renders ("Reply as {\"label\": \"{{label}}\", \"score\": {\"value\": 1}}",
                  "{\"label\":\"pos\"}",
                  "Reply as {\"label\": \"pos\", \"score\": {\"value\": 1}}");
  assert_renders ("{ single } {x} }} }", NULL, "{ single } {x} }} }");
}

static void
test_triple_braces (void)
{
  /* Only the innermost "{{" opens a tag; the outer braces are text. */
  assert_renders ("{{{x}}}", "{\"x\":\"v\"}", "{v}");
  assert_renders ("{\"a\":{{n}}}", "{\"n\":3}", "{\"a\":3}");
}

static void
test_escape (void)
{
  assert_renders ("\\{{name}} is literal", NULL, "{{name}} is literal");
  assert_renders ("a \\\\{{x}}", "{\"x\":\"v\"}", "a \\v");
  assert_renders ("a \\\\\\{{x}}", NULL, "a \\{{x}}");
  assert_renders ("path\\to", NULL, "path\\to");
}

static void
test_comment (void)
{
  assert_renders ("a{{! a comment }}b", NULL, "ab");
  assert_renders ("a{{! spans\n  lines {{ and braces }}b", NULL, "ab");
}

static void
test_numbers (void)
{
  assert_renders ("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}}",
                  "{\"a\":42,\"b\":0.5,\"c\":-3,\"d\":1.0,\"e\":0.1,\"f\":1e21,\"g\":1.5e-7}",
                  "42 0.5 -3 1 0.1 1e+21 1.5e-7");
}

static void
test_format_double (void)
{
  const struct { double value; const char *text; } cases[] = {
    { 0, "0" }, { 42, "42" }, { 0.5, "0.5" }, { 0.1, "0.1" }, { 1.0 / 3, "0.3333333333333333" },
    { 123456789012, "123456789012" }, { 1e20, "100000000000000000000" }, { 1e21, "1e+21" },
    { 1e-6, "0.000001" }, { 1e-7, "1e-7" }, { -2.5, "-2.5" }, { 5e-324, "5e-324" },
    { 1.7976931348623157e308, "1.7976931348623157e+308" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = vs_template_format_double (cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_booleans_null (void)
{
  assert_renders ("{{t}}/{{f}}/{{n}}.", "{\"t\":true,\"f\":false,\"n\":null}", "true/false/.");
}

static void
test_objects_as_json (void)
{
  assert_renders ("{{o}} {{a}}", "{\"o\":{\"k\":\"v\\n\\\"q\\\"\",\"n\":[1,0.25,null]},"
                  "\"a\":[{\"x\":true}]}",
                  "{\"k\":\"v\\n\\\"q\\\"\",\"n\":[1,0.25,null]} [{\"x\":true}]");
}

static void
test_unicode (void)
{
  assert_renders ("¡Hola {{nombre}}! 👋", "{\"nombre\":\"José\"}", "¡Hola José! 👋");
  assert_renders ("{{名前}}", "{\"名前\":\"値\"}", "値");
}

static void
test_section_list (void)
{
  assert_renders ("{{#items}}[{{name}}]{{/items}}",
                  "{\"items\":[{\"name\":\"a\"},{\"name\":\"b\"},{\"name\":\"c\"}]}", "[a][b][c]");
}

static void
test_section_dot (void)
{
  assert_renders ("{{#tags}}<{{.}}>{{/tags}}", "{\"tags\":[\"x\",2,true]}", "<x><2><true>");
}

static void
test_section_object (void)
{
  assert_renders ("{{#user}}{{name}} ({{age}}){{/user}}", "{\"user\":{\"name\":\"Ada\",\"age\":36}}",
                  "Ada (36)");
}

static void
test_section_truthy_scalar (void)
{
  assert_renders ("{{#flag}}yes {{.}}{{/flag}}", "{\"flag\":true}", "yes true");
  assert_renders ("{{#n}}n={{.}}{{/n}}", "{\"n\":0}", "n=0");
  assert_renders ("{{#s}}s={{.}}{{/s}}", "{\"s\":\"hi\"}", "s=hi");
}

static void
test_section_falsy (void)
{
  assert_renders ("a{{#x}}X{{/x}}b", "{\"x\":false}", "ab");
  assert_renders ("a{{#x}}X{{/x}}b", "{\"x\":[]}", "ab");
  assert_renders ("a{{#x}}X{{/x}}b", "{\"x\":\"\"}", "ab");
  assert_renders ("a{{#x}}X{{/x}}b", "{\"x\":null}", "ab");
  assert_renders ("a{{#x}}X{{/x}}b", "{\"x\":{}}", "ab");
}

static void
test_section_missing_is_false (void)
{
  /* "If present": a missing section name is not an error, and what is inside is not checked. */
  assert_renders ("Q{{#context}}\nContext: {{context}}{{/context}}", NULL, "Q");
  assert_renders ("{{#a.b.c}}x{{/a.b.c}}.", "{\"a\":{}}", ".");
}

static void
test_inverted (void)
{
  assert_renders ("{{^items}}none{{/items}}", "{\"items\":[]}", "none");
  assert_renders ("{{^items}}none{{/items}}", "{\"items\":[1]}", "");
  assert_renders ("{{^missing}}default {{who}}{{/missing}}", "{\"who\":\"me\"}", "default me");
}

static void
test_nested_sections (void)
{
  assert_renders ("{{#groups}}{{name}}:{{#items}} {{.}}{{/items}};{{/groups}}",
                  "{\"groups\":[{\"name\":\"g1\",\"items\":[1,2]},{\"name\":\"g2\",\"items\":[3]}]}",
                  "g1: 1 2;g2: 3;");
}

static void
test_context_stack (void)
{
  /* Inside a section a name is looked up in the element first, then outward. */
  assert_renders ("{{#items}}{{prefix}}{{name}} {{/items}}",
                  "{\"prefix\":\"#\",\"items\":[{\"name\":\"a\"},{\"name\":\"b\",\"prefix\":\"*\"}]}",
                  "#a *b ");
}

static void
test_dotted_no_fallback (void)
{
  /* Once the first segment is found, the rest must be inside it (Mustache). */
  g_autofree char *problems = render_problems ("{{#a}}{{b.c}}{{/a}}",
                                               "{\"a\":{\"b\":{}},\"b\":{\"c\":1}}");

  g_assert_cmpstr (problems, ==, "1:7: unknown variable: b.c");
}

static void
test_standalone_lines (void)
{
  assert_renders ("Labels:\n{{#labels}}\n- {{.}}\n{{/labels}}\nEnd",
                  "{\"labels\":[\"a\",\"b\"]}", "Labels:\n- a\n- b\nEnd");
  assert_renders ("a\n  {{! note }}  \nb", NULL, "a\nb");
  assert_renders ("a\r\n{{#x}}\r\nX\r\n{{/x}}\r\nb", "{\"x\":true}", "a\r\nX\r\nb");
  /* Not standalone: something else on the line. */
  assert_renders ("a {{#x}}X{{/x}} b\n", "{\"x\":true}", "a X b\n");
}

static void
test_error_unknown_variable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = render ("Hello {{name}}", NULL, &error);
  GPtrArray *problems;
  VsTemplateProblem *problem;

  g_assert_null (out);
  g_assert_error (error, VS_TEMPLATE_ERROR, VS_TEMPLATE_ERROR_UNKNOWN_VARIABLE);
  g_assert_cmpstr (error->message, ==, "1:7: no value for name");
  problems = vs_template_error_get_problems (error);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = problems->pdata[0];
  g_assert_cmpuint (problem->line, ==, 1);
  g_assert_cmpuint (problem->column, ==, 7);
  g_assert_cmpuint (problem->start, ==, 6);
  g_assert_cmpuint (problem->end, ==, 14);
  g_assert_cmpstr (problem->name, ==, "name");
}

static void
test_error_every_missing_variable (void)
{
  g_autofree char *problems = render_problems ("{{a}}\n  {{b}} {{c.d}}\n{{a}}", "{\"c\":{}}");

  g_assert_cmpstr (problems, ==,
                   "1:1: no value for a\n"
                   "2:3: no value for b\n"
                   "2:9: unknown variable: c.d\n"
                   "3:1: no value for a");
}

static void
test_error_missing_in_loop_once (void)
{
  /* A tag that misses in every element is reported once. */
  g_autofree char *problems = render_problems ("{{#items}}{{title}}{{/items}}",
                                               "{\"items\":[{},{},{}]}");

  g_assert_cmpstr (problems, ==, "1:11: no value for title");
}

static void
test_error_column_unicode (void)
{
  /* Columns count characters, not bytes. */
  g_autofree char *problems = render_problems ("é👋 {{x}}", NULL);

  g_assert_cmpstr (problems, ==, "1:4: no value for x");
}

static void
test_error_unclosed_tag (void)
{
  g_autofree char *problems = render_problems ("Hello {{name, how are you", "{\"name\":1}");
  g_autofree char *problems2 = render_problems ("a {{b\nc {{d}}", "{\"d\":1}");

  g_assert_cmpstr (problems, ==, "1:7: unclosed tag: name,");
  g_assert_cmpstr (problems2, ==, "1:3: unclosed tag: b");
}

static void
test_error_unclosed_comment (void)
{
  g_autofree char *problems = render_problems ("x {{! never closed", NULL);

  g_assert_cmpstr (problems, ==, "1:3: unclosed tag: !");
}

static void
test_error_unclosed_section (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = render ("a\n{{#items}}x", "{\"items\":[1]}", &error);

  g_assert_error (error, VS_TEMPLATE_ERROR, VS_TEMPLATE_ERROR_UNCLOSED_SECTION);
  g_assert_cmpstr (error->message, ==, "2:1: unclosed section: items");
}

static void
test_error_mismatched_close (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = render ("{{#a}}x{{/b}}", "{\"a\":1}", &error);
  g_autofree char *stray = render_problems ("x{{/a}}", NULL);
  g_autofree char *inner = render_problems ("{{#a}}{{#b}}{{/a}}", NULL);

  g_assert_error (error, VS_TEMPLATE_ERROR, VS_TEMPLATE_ERROR_MISMATCHED_CLOSE);
  g_assert_cmpstr (error->message, ==, "1:8: mismatched section close, expected {{/a}}: b");
  g_assert_cmpstr (stray, ==, "1:2: section close without an open section: a");
  g_assert_cmpstr (inner, ==, "1:7: unclosed section: b");
}

static void
test_error_empty_name (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = render ("a {{ }} b", NULL, &error);
  g_autofree char *section = render_problems ("{{#}}x{{/}}", NULL);

  g_assert_error (error, VS_TEMPLATE_ERROR, VS_TEMPLATE_ERROR_EMPTY_NAME);
  g_assert_cmpstr (error->message, ==, "1:3: empty name: {{ }}");
  g_assert_cmpstr (section, ==, "1:1: empty name: {{#}}\n1:7: empty name: {{/}}");
}

static void
test_error_invalid_names (void)
{
  g_autofree char *dots = render_problems ("{{a..b}} {{.c}}", NULL);
  g_autofree char *partial = render_problems ("{{> other}}", NULL);
  g_autofree char *delims = render_problems ("{{=<% %>=}}", NULL);

  g_assert_cmpstr (dots, ==, "1:1: empty part in a dotted name: a..b\n"
                             "1:10: empty part in a dotted name: .c");
  g_assert_cmpstr (partial, ==, "1:1: partials are not supported: {{> other}}");
  g_assert_cmpstr (delims, ==, "1:1: changing the delimiters is not supported: {{=<% %>=}}");
}

static void
test_error_mixed_sorted (void)
{
  /* Syntax and missing-variable problems together, in source order. */
  g_autofree char *problems = render_problems ("{{x}} {{}}\n{{#s}}{{y}}{{/s}} {{z", "{\"s\":1}");

  g_assert_cmpstr (problems, ==,
                   "1:1: no value for x\n"
                   "1:7: empty name: {{}}\n"
                   "2:7: no value for y\n"
                   "2:19: unclosed tag: z");
}

static void
test_error_copy_keeps_problems (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  g_autofree char *out = render ("{{a}}{{b}}", NULL, &error);
  GPtrArray *problems;

  copy = g_error_copy (error);
  problems = vs_template_error_get_problems (copy);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_cmpstr (((VsTemplateProblem *) problems->pdata[1])->name, ==, "b");
  g_assert_null (vs_template_error_get_problems (NULL));
}

static void
test_lenient (void)
{
  g_autoptr(VsTemplateText) text = vs_template_text_new ("Hi {{name}}, {{x}} {{", -1);
  g_autoptr(GPtrArray) problems =
    g_ptr_array_new_with_free_func ((GDestroyNotify) vs_template_problem_free);
  g_autoptr(JsonNode) context = vs_json_parse ("{\"name\":\"Ada\"}", -1, NULL);
  g_autofree char *out = vs_template_text_render_lenient (text, context, problems);

  g_assert_cmpstr (out, ==, "Hi Ada,  {{");
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_cmpint (((VsTemplateProblem *) problems->pdata[0])->code, ==,
                   VS_TEMPLATE_ERROR_UNKNOWN_VARIABLE);
  g_assert_cmpint (((VsTemplateProblem *) problems->pdata[1])->code, ==,
                   VS_TEMPLATE_ERROR_UNCLOSED_TAG);
  g_assert_false (vs_template_text_is_valid (text));
}

static void
test_tokens (void)
{
  const char *source = "a {{x}} \\{{ {{#s}}{{! c }}{{/s}} {{";
  g_autoptr(VsTemplateText) text = vs_template_text_new (source, -1);
  GArray *tokens = vs_template_text_get_tokens (text);
  const VsTemplateTokenKind expected[] = {
    VS_TEMPLATE_TOKEN_TEXT, VS_TEMPLATE_TOKEN_VARIABLE, VS_TEMPLATE_TOKEN_TEXT,
    VS_TEMPLATE_TOKEN_ESCAPE, VS_TEMPLATE_TOKEN_TEXT, VS_TEMPLATE_TOKEN_SECTION,
    VS_TEMPLATE_TOKEN_COMMENT, VS_TEMPLATE_TOKEN_CLOSE, VS_TEMPLATE_TOKEN_TEXT,
    VS_TEMPLATE_TOKEN_ERROR,
  };
  gsize pos = 0;
  VsTemplateToken *variable;

  g_assert_cmpuint (tokens->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < tokens->len; i++)
    {
      VsTemplateToken *token = &g_array_index (tokens, VsTemplateToken, i);

      g_assert_cmpint (token->kind, ==, expected[i]);
      g_assert_cmpuint (token->start, ==, pos); /* no gaps */
      pos = token->end;
    }
  g_assert_cmpuint (pos, ==, strlen (source));

  variable = &g_array_index (tokens, VsTemplateToken, 1);
  g_assert_cmpuint (variable->name_start, ==, 4);
  g_assert_cmpuint (variable->name_end, ==, 5);
}

static void
test_vars_top_level (void)
{
  g_autoptr(VsTemplateText) text =
    vs_template_text_new ("{{b}} {{a.x}} {{#items}}{{title}}{{/items}} {{a.y}} {{^c}}{{d}}{{/c}}"
                          " {{.}} {{! e }} {{b}}", -1);
  g_auto(GStrv) names = vs_template_text_list_variables (text, FALSE);
  const char *expected[] = { "b", "a", "items", "c", "d", NULL };

  g_assert_cmpstrv (names, expected);
}

static void
test_vars_full (void)
{
  g_autoptr(VsTemplateText) text =
    vs_template_text_new ("{{q}}{{#items}}{{title}}{{#tags}}{{name}}{{.}}{{/tags}}{{q}}{{/items}}"
                          "{{#a.b}}{{c.d}}{{/a.b}}", -1);
  g_auto(GStrv) names = vs_template_text_list_variables (text, TRUE);
  const char *expected[] = {
    "q", "items", "items.title", "items.tags", "items.tags.name", "items.q", "a", "a.b.c", NULL
  };

  g_assert_cmpstrv (names, expected);
}

static VsTemplate *
load (const char *json)
{
  g_autoptr(GError) error = NULL;
  VsTemplate *template = vs_template_new_from_data (json, -1, &error);

  g_assert_no_error (error);
  return template;
}

static void
test_template_copy_is_deep (void)
{
  /* vs_template_copy() hands its result to the preview worker while the main thread edits the
   * original: nothing may be shared, at any depth, and big integers stay exact. */
  g_autoptr(VsTemplate) original =
    load ("{\"name\":\"t\",\"messages\":[{\"role\":\"user\",\"content\":\"{{x}}\"}],"
          "\"parameters\":{\"model\":\"m\",\"temperature\":0.5,"
          "\"logit_bias\":{\"50256\":-100},\"trace\":{\"id\":12345678901234567890,"
          "\"tags\":[\"a\",{\"deep\":[1,2,3]}]}}}");
  g_autoptr(VsTemplate) copy = vs_template_copy (original);
  g_autofree char *before = vs_template_to_data (copy, FALSE);
  g_autofree char *after = NULL;
  JsonObject *params = vs_template_get_parameters (original);
  JsonObject *copied = vs_template_get_parameters (copy);
  JsonObject *trace = json_object_get_object_member (params, "trace");
  JsonArray *tags = json_object_get_array_member (trace, "tags");

  g_assert_true (params != copied);
  g_assert_true (json_object_get_object_member (copied, "trace") != trace);
  g_assert_true (json_object_get_member (copied, "model") != json_object_get_member (params,
                                                                                      "model"));
  g_assert_nonnull (strstr (before, "\"id\":\"12345678901234567890\""));

  /* Edit the original in place (as the editor does), nested objects and arrays included. */
  json_object_set_string_member (trace, "id", "1");
  json_object_set_string_member (json_array_get_object_element (tags, 1), "extra", "x");
  json_array_add_int_element (json_object_get_array_member (json_array_get_object_element (tags,
                                                                                           1),
                                                            "deep"), 4);
  json_array_add_string_element (tags, "b");
  json_object_remove_member (params, "temperature");
  json_object_set_int_member (json_object_get_object_member (params, "logit_bias"), "1", 5);
  vs_template_set_message_content (original, 0, "changed");

  after = vs_template_to_data (copy, FALSE);
  g_assert_cmpstr (after, ==, before);
}

static void
test_template_round_trip (void)
{
  const char *json =
    "{\"name\":\"cls\",\"messages\":[{\"role\":\"system\",\"content\":\"S\"},"
    "{\"role\":\"user\",\"content\":\"{{text}}\"}],"
    "\"parameters\":{\"model\":\"m\",\"temperature\":0.2,\"top_p\":1,\"max_tokens\":64,"
    "\"stop\":[\"\\n\"],\"seed\":7,\"custom\":{\"k\":1},"
    "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"r\","
    "\"schema\":{\"type\":\"object\"}}}},"
    "\"few_shot\":{\"dataset\":\"d\",\"split\":\"train\",\"k\":2,\"seed\":5,"
    "\"user\":\"{{q}}\",\"assistant\":\"{{a}}\"}}";
  g_autoptr(VsTemplate) template = load (json);
  g_autofree char *data = vs_template_to_data (template, FALSE);
  g_autoptr(VsTemplate) again = load (data);
  g_autofree char *data2 = vs_template_to_data (again, FALSE);
  double temperature = 0;
  gint64 max_tokens = 0;
  g_auto(GStrv) stop = NULL;

  g_assert_cmpstr (data, ==, data2);
  g_assert_true (vs_template_equal (template, again));
  g_assert_cmpstr (vs_template_get_name (again), ==, "cls");
  g_assert_cmpuint (vs_template_get_n_messages (again), ==, 2);
  g_assert_cmpint (vs_template_get_message (again, 0)->role, ==, VS_TEMPLATE_ROLE_SYSTEM);
  g_assert_cmpstr (vs_template_get_model (again), ==, "m");
  g_assert_true (vs_template_get_double_parameter (again, "temperature", &temperature));
  g_assert_cmpfloat (temperature, ==, 0.2);
  g_assert_true (vs_template_get_int_parameter (again, "max_tokens", &max_tokens));
  g_assert_cmpint (max_tokens, ==, 64);
  stop = vs_template_dup_stop (again);
  g_assert_cmpstr (stop[0], ==, "\n");
  g_assert_nonnull (vs_template_get_json_schema (again));
  g_assert_true (json_object_has_member (vs_template_get_parameters (again), "custom"));
  g_assert_cmpuint (vs_template_get_few_shot (again)->k, ==, 2);
  g_assert_cmpint (vs_template_get_few_shot (again)->seed, ==, 5);
}

static void
test_template_pretty_file (void)
{
  g_autoptr(VsTemplate) template =
    load ("{\"name\":\"n\",\"messages\":[{\"role\":\"user\",\"content\":\"a\\nb\"}],"
          "\"parameters\":{\"temperature\":0.1,\"stop\":[]}}");
  g_autofree char *pretty = vs_template_to_data (template, TRUE);

  /* Numbers as written (json-glib alone would write 0.10000000000000001). */
  g_assert_cmpstr (pretty, ==,
                   "{\n"
                   "  \"name\": \"n\",\n"
                   "  \"messages\": [\n"
                   "    {\n"
                   "      \"role\": \"user\",\n"
                   "      \"content\": \"a\\nb\"\n"
                   "    }\n"
                   "  ],\n"
                   "  \"parameters\": {\n"
                   "    \"temperature\": 0.1,\n"
                   "    \"stop\": []\n"
                   "  }\n"
                   "}");
}

static void
test_template_invalid_files (void)
{
  const struct { const char *json; const char *message; } cases[] = {
    { "[]", "A template file is a JSON object with \"name\" and \"messages\"" },
    { "{\"messages\":{}}", "messages must be a list of {\"role\", \"content\"} objects" },
    { "{\"messages\":[{\"role\":\"bot\",\"content\":\"x\"}]}",
      "messages[0].role is “bot”; expected system, user or assistant" },
    { "{\"messages\":[{\"role\":\"user\"}]}", "messages[0].content must be a string" },
    { "{\"messages\":[],\"parameters\":{\"temperature\":3}}",
      "parameters.temperature must be a number from 0 to 2" },
    { "{\"messages\":[],\"parameters\":{\"max_tokens\":0}}",
      "parameters.max_tokens must be a whole number of at least 1" },
    { "{\"messages\":[],\"parameters\":{\"stop\":[1]}}", "parameters.stop[0] must be a string" },
    { "{\"messages\":[],\"parameters\":{\"response_format\":{\"type\":\"xml\"}}}",
      "parameters.response_format.type must be \"text\", \"json_object\" or \"json_schema\"" },
    { "{\"messages\":[],\"few_shot\":{\"dataset\":\"d\",\"user\":\"u\"}}",
      "few_shot needs a \"user\" and an \"assistant\" template (strings)" },
    { "{\"messages\":[],\"few_shot\":{\"dataset\":\"d\",\"user\":\"u\",\"assistant\":\"a\","
      "\"k\":-1}}", "few_shot.k must be a whole number from 0 to 1000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VsTemplate) template = vs_template_new_from_data (cases[i].json, -1, &error);

      g_assert_null (template);
      g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_template_txt_file (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "greet.txt", NULL);
  g_autofree char *json_path = g_build_filename (dir, "greet.json", NULL);
  g_autofree char *back = g_build_filename (dir, "back.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VsTemplate) template = NULL;
  g_autoptr(VsTemplate) reloaded = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "Hello {{name}}\n", -1, NULL));
  template = vs_template_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vs_template_get_name (template), ==, "greet");
  g_assert_cmpuint (vs_template_get_n_messages (template), ==, 1);
  g_assert_cmpint (vs_template_get_message (template, 0)->role, ==, VS_TEMPLATE_ROLE_USER);
  g_assert_cmpstr (vs_template_get_message (template, 0)->content, ==, "Hello {{name}}\n");
  g_assert_cmpstr (vs_template_get_base_dir (template), ==, dir);

  g_assert_true (vs_template_save_to_file (template, back, &error));
  g_assert_true (g_file_get_contents (back, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "Hello {{name}}\n");

  g_assert_true (vs_template_save_to_file (template, json_path, &error));
  reloaded = vs_template_new_from_file (json_path, &error);
  g_assert_no_error (error);
  g_assert_true (vs_template_equal (template, reloaded));

  /* A .txt cannot hold a system message. */
  vs_template_insert_message (template, 0, VS_TEMPLATE_ROLE_SYSTEM, "S");
  g_assert_false (vs_template_save_to_file (template, back, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);

  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
count_changed (VsTemplate *template,
               guint      *count)
{
  (*count)++;
}

static void
test_template_setters (void)
{
  g_autoptr(VsTemplate) template = vs_template_new ();
  g_autoptr(JsonObject) schema = vs_json_parse_object ("{\"type\":\"object\"}", -1, NULL);
  const char *stop[] = { "END", "\n\n", NULL };
  g_auto(GStrv) got = NULL;
  guint changes = 0;
  double top_p = 0;

  g_signal_connect (template, "changed", G_CALLBACK (count_changed), &changes);
  vs_template_append_message (template, VS_TEMPLATE_ROLE_USER, "u");
  vs_template_insert_message (template, 0, VS_TEMPLATE_ROLE_SYSTEM, "s");
  vs_template_append_message (template, VS_TEMPLATE_ROLE_ASSISTANT, "a");
  vs_template_move_message (template, 2, 0);
  g_assert_cmpstr (vs_template_get_message (template, 0)->content, ==, "a");
  g_assert_cmpstr (vs_template_get_message (template, 1)->content, ==, "s");
  vs_template_remove_message (template, 0);
  vs_template_set_message_content (template, 1, "{{x}}");
  vs_template_set_message_role (template, 0, VS_TEMPLATE_ROLE_USER);
  g_assert_cmpint (vs_template_get_message (template, 0)->role, ==, VS_TEMPLATE_ROLE_USER);
  vs_template_set_model (template, "llama3");
  vs_template_set_double_parameter (template, "top_p", 0.9);
  vs_template_set_stop (template, stop);
  vs_template_set_json_schema (template, "answer", schema);
  g_assert_cmpuint (changes, ==, 11);

  g_assert_true (vs_template_get_double_parameter (template, "top_p", &top_p));
  g_assert_cmpfloat (top_p, ==, 0.9);
  got = vs_template_dup_stop (template);
  g_assert_cmpstrv (got, stop);
  g_assert_true (vs_template_validate_parameters (vs_template_get_parameters (template), NULL));
  vs_template_unset_parameter (template, "top_p");
  g_assert_false (vs_template_get_double_parameter (template, "top_p", NULL));
  vs_template_set_json_schema (template, NULL, NULL);
  g_assert_null (vs_template_get_json_schema (template));
}

static void
test_template_render_messages (void)
{
  g_autoptr(VsTemplate) template =
    load ("{\"name\":\"t\",\"messages\":[{\"role\":\"system\",\"content\":\"You are {{role}}.\"},"
          "{\"role\":\"user\",\"content\":\"{{q}}\"}]}");
  g_autoptr(JsonObject) vars = vs_json_parse_object ("{\"role\":\"terse\",\"q\":\"Why?\"}", -1,
                                                     NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = vs_template_render (template, vars, NULL, &error);
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);
  json = vs_template_messages_to_json (messages);
  text = vs_json_to_string (json, FALSE);
  g_assert_cmpstr (text, ==, "{\"messages\":[{\"role\":\"system\",\"content\":\"You are terse.\"},"
                             "{\"role\":\"user\",\"content\":\"Why?\"}]}");
}

static void
test_template_render_errors_all_messages (void)
{
  g_autoptr(VsTemplate) template =
    load ("{\"messages\":[{\"role\":\"system\",\"content\":\"{{a}}\"},"
          "{\"role\":\"user\",\"content\":\"x\\n {{b}} {{#c}}\"}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = vs_template_render (template, NULL, NULL, &error);
  GPtrArray *problems;

  g_assert_null (messages);
  g_assert_error (error, VS_TEMPLATE_ERROR, VS_TEMPLATE_ERROR_UNKNOWN_VARIABLE);
  g_assert_cmpstr (error->message, ==,
                   "messages[0] 1:1: no value for a\n"
                   "messages[1] 2:2: no value for b\n"
                   "messages[1] 2:8: unclosed section: c");
  problems = vs_template_error_get_problems (error);
  g_assert_cmpuint (problems->len, ==, 3);
  g_assert_cmpint (((VsTemplateProblem *) problems->pdata[2])->message_index, ==, 1);
}

static void
test_template_check (void)
{
  g_autoptr(VsTemplate) template =
    load ("{\"messages\":[{\"role\":\"user\",\"content\":\"{{a}} {{#}}\"}],"
          "\"few_shot\":{\"dataset\":\"d\",\"user\":\"{{q\",\"assistant\":\"{{a}}\"}}");
  g_autoptr(JsonObject) vars = vs_json_parse_object ("{}", -1, NULL);
  g_autoptr(GPtrArray) syntax = vs_template_check (template, NULL);
  g_autoptr(GPtrArray) all = vs_template_check (template, vars);

  g_assert_cmpuint (syntax->len, ==, 2);
  g_assert_cmpstr (((VsTemplateProblem *) syntax->pdata[0])->where, ==, "messages[0]");
  g_assert_cmpstr (((VsTemplateProblem *) syntax->pdata[1])->where, ==, "few_shot.user");
  g_assert_cmpint (((VsTemplateProblem *) syntax->pdata[1])->message_index, ==, -1);
  g_assert_cmpuint (all->len, ==, 3);
}

static void
test_template_list_variables (void)
{
  g_autoptr(VsTemplate) template =
    load ("{\"messages\":[{\"role\":\"system\",\"content\":\"{{persona}} {{#rules}}{{.}}{{/rules}}\"},"
          "{\"role\":\"user\",\"content\":\"{{input.text}} {{persona}}\"}],"
          "\"few_shot\":{\"dataset\":\"d\",\"user\":\"{{q}}\",\"assistant\":\"{{a}}\"}}");
  g_auto(GStrv) names = vs_template_list_variables (template, FALSE);
  const char *expected[] = { "persona", "rules", "input", NULL };

  g_assert_cmpstrv (names, expected);
}

static char *
write_examples (const char *dir)
{
  g_autoptr(GString) rows = g_string_new (NULL);
  char *path = g_build_filename (dir, "examples.jsonl", NULL);

  for (guint i = 1; i <= 20; i++)
    g_string_append_printf (rows, "{\"text\":\"t%u\",\"label\":\"%s\",\"split\":\"%s\"}\n", i,
                            i % 2 ? "pos" : "neg", i <= 15 ? "train" : "test");
  g_string_append (rows, "\n");
  g_assert_true (g_file_set_contents (path, rows->str, -1, NULL));
  return path;
}

static void
test_few_shot_file (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *examples_path = write_examples (dir);
  g_autofree char *template_path = g_build_filename (dir, "t.json", NULL);
  const char *json =
    "{\"name\":\"t\",\"messages\":[{\"role\":\"system\",\"content\":\"Classify.\"},"
    "{\"role\":\"user\",\"content\":\"{{text}}\"}],"
    "\"few_shot\":{\"dataset\":\"examples.jsonl\",\"split\":\"train\",\"k\":3,\"seed\":11,"
    "\"user\":\"{{text}}\",\"assistant\":\"{{label}}\"}}";
  g_autoptr(VsTemplate) template = NULL;
  g_autoptr(JsonObject) vars = vs_json_parse_object ("{\"text\":\"new\"}", -1, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_true (g_file_set_contents (template_path, json, -1, NULL));
  template = vs_template_new_from_file (template_path, &error);
  g_assert_no_error (error);

  first = vs_template_render (template, vars, NULL, &error);
  g_assert_no_error (error);
  second = vs_template_render (template, vars, NULL, &error);
  g_assert_no_error (error);

  /* system, 3 × (user, assistant), then the real user message last. */
  g_assert_cmpuint (first->len, ==, 8);
  g_assert_cmpint (((VsTemplateMessage *) first->pdata[0])->role, ==, VS_TEMPLATE_ROLE_SYSTEM);
  for (guint i = 0; i < 3; i++)
    {
      VsTemplateMessage *user = first->pdata[1 + 2 * i];
      VsTemplateMessage *assistant = first->pdata[2 + 2 * i];
      guint64 n = 0;

      g_assert_cmpint (user->role, ==, VS_TEMPLATE_ROLE_USER);
      g_assert_cmpint (assistant->role, ==, VS_TEMPLATE_ROLE_ASSISTANT);
      g_assert_true (g_str_has_prefix (user->content, "t"));
      g_assert_true (g_ascii_string_to_unsigned (user->content + 1, 10, 1, 15, &n, NULL));
      g_assert_cmpstr (assistant->content, ==, n % 2 ? "pos" : "neg");
      g_assert_false (g_hash_table_contains (seen, user->content));
      g_hash_table_add (seen, user->content);
      /* Reproducible. */
      g_assert_cmpstr (user->content, ==, ((VsTemplateMessage *) second->pdata[1 + 2 * i])->content);
    }
  g_assert_cmpstr (((VsTemplateMessage *) first->pdata[7])->content, ==, "new");

  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_few_shot_seed_changes_draw (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *examples_path = write_examples (dir);
  g_autoptr(VsTemplate) template = load ("{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}");
  g_autoptr(VsTemplateFewShot) few_shot = vs_template_few_shot_new (examples_path, "{{text}}",
                                                                    "{{label}}");
  g_autoptr(GString) draws = g_string_new (NULL);
  g_autoptr(GHashTable) distinct = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  few_shot->k = 4;
  for (gint64 seed = 1; seed <= 5; seed++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) examples = NULL;
      g_autoptr(GString) draw = g_string_new (NULL);

      few_shot->seed = seed;
      vs_template_set_few_shot (template, few_shot);
      examples = vs_template_draw_few_shot (template, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (examples->len, ==, 4);
      for (guint i = 0; i < examples->len; i++)
        {
          const char *split = vs_json_get_string (examples->pdata[i], "split", NULL);

          g_assert_cmpstr (split, ==, "train");
          g_string_append_printf (draw, "%s,", vs_json_get_string (examples->pdata[i], "text", ""));
        }
      g_hash_table_add (distinct, g_strdup (draw->str));
    }
  g_assert_cmpuint (g_hash_table_size (distinct), >=, 4);

  /* k larger than the split: every row, once. */
  few_shot->k = 100;
  few_shot->split = (g_free (few_shot->split), g_strdup ("test"));
  vs_template_set_few_shot (template, few_shot);
  {
    g_autoptr(GPtrArray) examples = vs_template_draw_few_shot (template, NULL, NULL);

    g_assert_cmpuint (examples->len, ==, 5);
  }

  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_few_shot_errors (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *examples_path = write_examples (dir);
  g_autoptr(VsTemplate) template = load ("{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}");
  g_autoptr(VsTemplateFewShot) few_shot = vs_template_few_shot_new ("nope.jsonl", "{{text}}",
                                                                    "{{missing}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rendered = NULL;

  vs_template_set_base_dir (template, dir);
  vs_template_set_few_shot (template, few_shot);
  g_assert_null (vs_template_draw_few_shot (template, NULL, &error));
  g_assert_error (error, VS_TEMPLATE_ERROR, VS_TEMPLATE_ERROR_FEW_SHOT);
  g_clear_error (&error);

  few_shot->dataset = (g_free (few_shot->dataset), g_strdup ("examples.jsonl"));
  few_shot->k = 2;
  vs_template_set_few_shot (template, few_shot);
  rendered = vs_template_render (template, NULL, NULL, &error);
  g_assert_null (rendered);
  g_assert_error (error, VS_TEMPLATE_ERROR, VS_TEMPLATE_ERROR_UNKNOWN_VARIABLE);
  g_assert_cmpstr (error->message, ==,
                   "few_shot[0].assistant 1:1: no value for missing\n"
                   "few_shot[1].assistant 1:1: no value for missing");

  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_few_shot_no_user_message (void)
{
  g_autoptr(VsTemplate) template = load ("{\"messages\":[{\"role\":\"system\",\"content\":\"s\"}]}");
  g_autoptr(GPtrArray) examples = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(VsTemplateFewShot) few_shot = vs_template_few_shot_new ("x", "{{q}}", "{{a}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rendered = NULL;

  g_ptr_array_add (examples, vs_json_parse_object ("{\"q\":\"Q\",\"a\":\"A\"}", -1, NULL));
  vs_template_set_few_shot (template, few_shot);
  rendered = vs_template_render_with_examples (template, NULL, examples, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rendered->len, ==, 3);
  g_assert_cmpstr (((VsTemplateMessage *) rendered->pdata[1])->content, ==, "Q");
  g_assert_cmpstr (((VsTemplateMessage *) rendered->pdata[2])->content, ==, "A");
}

static void
test_few_shot_project (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("p.versus", &dir, NULL);
  g_autoptr(VsTemplate) template =
    load ("{\"messages\":[{\"role\":\"user\",\"content\":\"{{q}}\"}],\"few_shot\":{"
          "\"dataset\":\"faq\",\"split\":\"train\",\"k\":2,\"seed\":3,"
          "\"user\":\"Q: {{question}}\",\"assistant\":\"A: {{answer}}\"}}");
  g_autoptr(JsonObject) vars = vs_json_parse_object ("{\"q\":\"real\"}", -1, NULL);
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;

  g_assert_true (vs_project_exec (project,
                                  "INSERT INTO datasets (id, name, created_at, updated_at)"
                                  " VALUES (1, 'faq', 'now', 'now');"
                                  "INSERT INTO records (dataset_id, ordinal, data, split, status) VALUES"
                                  " (1, 1, '{\"question\":\"q1\",\"answer\":\"a1\"}', 'train', 'accepted'),"
                                  " (1, 2, '{\"question\":\"q2\",\"answer\":\"a2\"}', 'test', 'unreviewed'),"
                                  " (1, 3, '{\"question\":\"q3\",\"answer\":\"a3\"}', 'train', 'rejected'),"
                                  " (1, 4, '{\"question\":\"q4\",\"answer\":\"a4\"}', 'train', 'unreviewed'),"
                                  " (1, 5, '{\"question\":\"q5\",\"answer\":\"a5\"}', 'train', 'unreviewed');",
                                  &error));
  g_assert_no_error (error);

  a = vs_template_render (template, vars, project, &error);
  g_assert_no_error (error);
  b = vs_template_render (template, vars, project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->len, ==, 5);
  for (guint i = 0; i < 4; i++)
    {
      const char *content = ((VsTemplateMessage *) a->pdata[i])->content;

      g_assert_cmpstr (content, ==, ((VsTemplateMessage *) b->pdata[i])->content);
      /* Only train records that were not rejected. */
      g_assert_null (strstr (content, "q2"));
      g_assert_null (strstr (content, "q3"));
      g_assert_null (strstr (content, "a2"));
      g_assert_null (strstr (content, "a3"));
    }
  g_assert_true (g_str_has_prefix (((VsTemplateMessage *) a->pdata[0])->content, "Q: q"));
  g_assert_true (g_str_has_prefix (((VsTemplateMessage *) a->pdata[1])->content, "A: a"));
  g_assert_cmpstr (((VsTemplateMessage *) a->pdata[4])->content, ==, "real");

  g_clear_object (&project);
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_render_large_output_capped (void)
{
  /* 10^6 × 100 kB would be 100 GB: rendering stops with an error instead. */
  g_autoptr(GString) vars = g_string_new ("{\"big\":\"");
  g_autofree char *problems = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (vars, 'x');
  g_string_append (vars, "\",\"l\":[1,2,3,4,5,6,7,8,9,10]}");
  problems = render_problems ("{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{big}}"
                              "{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}", vars->str);

  g_assert_true (strstr (problems, "larger than 16 MiB") != NULL);
}

static void
test_render_steps_capped (void)
{
  /* Loops that multiply without printing anything still stop. */
  g_autoptr(GString) source = g_string_new (NULL);
  g_autofree char *problems = NULL;

  for (guint i = 0; i < 12; i++)
    g_string_append (source, "{{#l}}");
  for (guint i = 0; i < 12; i++)
    g_string_append (source, "{{/l}}");
  problems = render_problems (source->str, "{\"l\":[1,2,3,4,5,6,7,8,9,10]}");
  g_assert_cmpstr (problems, ==,
                   "1:1: rendering stopped after 250,000 steps: the sections repeat too "
                   "often: l");
}

static void
test_render_work_bounded (void)
{
  /* What fuzzing found: twenty {{#l}} over three items (196 bytes) ran to the old 2-million
   * cap, ~3 s under ASan. The stop now comes within a bounded amount of work, reported at
   * the outermost section that was running (after a line of text, so at 2:1). */
  g_autoptr(GString) source = g_string_new ("intro\n");
  g_autofree char *problems = NULL;
  gint64 start;

  for (guint i = 0; i < 20; i++)
    g_string_append (source, "{{#l}}");
  g_string_append (source, "x");
  for (guint i = 0; i < 20; i++)
    g_string_append (source, "{{/l}}");
  start = g_get_monotonic_time ();
  problems = render_problems (source->str, "{\"l\":[1,2,3]}");
  g_assert_cmpstr (problems, ==,
                   "2:1: rendering stopped after 250,000 steps: the sections repeat too "
                   "often: l");
  /* Generous for a loaded machine and sanitizers; the old cap took seconds. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  /* A loop that does real work well inside the budget still renders: 1,000 × 10 items. */
  {
    g_autoptr(GString) vars = g_string_new ("{\"a\":[");
    g_autoptr(GError) error = NULL;
    g_autofree char *fine = NULL;

    for (guint i = 0; i < 1000; i++)
      g_string_append_printf (vars, "%s{\"b\":[0,1,2,3,4,5,6,7,8,9]}", i ? "," : "");
    g_string_append (vars, "]}");
    fine = render ("{{#a}}{{#b}}{{.}}{{/b}}{{/a}}", vars->str, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (strlen (fine), ==, 10000);
  }
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) source = g_string_new (NULL);
  g_autoptr(VsTemplateText) text = NULL;

  for (guint i = 0; i < 100; i++)
    g_string_append (source, "{{#a}}");
  text = vs_template_text_new (source->str, -1);
  g_assert_false (vs_template_text_is_valid (text));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/versus/template/plain-text", test_plain_text);
  g_test_add_func ("/versus/template/variable", test_variable);
  g_test_add_func ("/versus/template/variable-spaces", test_variable_spaces);
  g_test_add_func ("/versus/template/dotted", test_dotted);
  g_test_add_func ("/versus/template/array-index", test_array_index);
  g_test_add_func ("/versus/template/no-html-escaping", test_no_html_escaping);
  g_test_add_func ("/versus/template/ampersand", test_ampersand);
  g_test_add_func ("/versus/template/json-left-alone", test_json_left_alone);
  g_test_add_func ("/versus/template/triple-braces", test_triple_braces);
  g_test_add_func ("/versus/template/escape", test_escape);
  g_test_add_func ("/versus/template/comment", test_comment);
  g_test_add_func ("/versus/template/numbers", test_numbers);
  g_test_add_func ("/versus/template/format-double", test_format_double);
  g_test_add_func ("/versus/template/booleans-null", test_booleans_null);
  g_test_add_func ("/versus/template/objects-as-json", test_objects_as_json);
  g_test_add_func ("/versus/template/unicode", test_unicode);
  g_test_add_func ("/versus/template/section-list", test_section_list);
  g_test_add_func ("/versus/template/section-dot", test_section_dot);
  g_test_add_func ("/versus/template/section-object", test_section_object);
  g_test_add_func ("/versus/template/section-truthy-scalar", test_section_truthy_scalar);
  g_test_add_func ("/versus/template/section-falsy", test_section_falsy);
  g_test_add_func ("/versus/template/section-missing-is-false", test_section_missing_is_false);
  g_test_add_func ("/versus/template/inverted", test_inverted);
  g_test_add_func ("/versus/template/nested-sections", test_nested_sections);
  g_test_add_func ("/versus/template/context-stack", test_context_stack);
  g_test_add_func ("/versus/template/dotted-no-fallback", test_dotted_no_fallback);
  g_test_add_func ("/versus/template/standalone-lines", test_standalone_lines);
  g_test_add_func ("/versus/template/error/unknown-variable", test_error_unknown_variable);
  g_test_add_func ("/versus/template/error/every-missing-variable",
                   test_error_every_missing_variable);
  g_test_add_func ("/versus/template/error/missing-in-loop-once", test_error_missing_in_loop_once);
  g_test_add_func ("/versus/template/error/column-unicode", test_error_column_unicode);
  g_test_add_func ("/versus/template/error/unclosed-tag", test_error_unclosed_tag);
  g_test_add_func ("/versus/template/error/unclosed-comment", test_error_unclosed_comment);
  g_test_add_func ("/versus/template/error/unclosed-section", test_error_unclosed_section);
  g_test_add_func ("/versus/template/error/mismatched-close", test_error_mismatched_close);
  g_test_add_func ("/versus/template/error/empty-name", test_error_empty_name);
  g_test_add_func ("/versus/template/error/invalid-names", test_error_invalid_names);
  g_test_add_func ("/versus/template/error/mixed-sorted", test_error_mixed_sorted);
  g_test_add_func ("/versus/template/error/copy-keeps-problems", test_error_copy_keeps_problems);
  g_test_add_func ("/versus/template/lenient", test_lenient);
  g_test_add_func ("/versus/template/tokens", test_tokens);
  g_test_add_func ("/versus/template/vars/top-level", test_vars_top_level);
  g_test_add_func ("/versus/template/vars/full", test_vars_full);
  g_test_add_func ("/versus/template/file/round-trip", test_template_round_trip);
  g_test_add_func ("/versus/template/file/pretty", test_template_pretty_file);
  g_test_add_func ("/versus/template/file/invalid", test_template_invalid_files);
  g_test_add_func ("/versus/template/file/txt", test_template_txt_file);
  g_test_add_func ("/versus/template/setters", test_template_setters);
  g_test_add_func ("/versus/template/render-messages", test_template_render_messages);
  g_test_add_func ("/versus/template/render-errors-all-messages",
                   test_template_render_errors_all_messages);
  g_test_add_func ("/versus/template/check", test_template_check);
  g_test_add_func ("/versus/template/list-variables", test_template_list_variables);
  g_test_add_func ("/versus/template/few-shot/file", test_few_shot_file);
  g_test_add_func ("/versus/template/few-shot/seed", test_few_shot_seed_changes_draw);
  g_test_add_func ("/versus/template/few-shot/errors", test_few_shot_errors);
  g_test_add_func ("/versus/template/few-shot/no-user-message", test_few_shot_no_user_message);
  g_test_add_func ("/versus/template/few-shot/project", test_few_shot_project);
  g_test_add_func ("/versus/template/large-output-capped", test_render_large_output_capped);
  g_test_add_func ("/versus/template/steps-capped", test_render_steps_capped);
  g_test_add_func ("/versus/template/copy-is-deep", test_template_copy_is_deep);
  g_test_add_func ("/versus/template/work-bounded", test_render_work_bounded);
  g_test_add_func ("/versus/template/deep-nesting", test_deep_nesting);

  return g_test_run ();
}
