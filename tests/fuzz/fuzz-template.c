/* fuzz-template.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any bytes as template text (and, after a NUL byte, optionally a JSON context): parsing,
 * tokens, problems, strict and lenient rendering and variable discovery never crash, tokens
 * cover the source without gaps, problem ranges stay inside it, and when strict rendering
 * succeeds the lenient one agrees. The same bytes are also tried as a template file.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "vs-json.h"
#include "vs-template.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char *default_context =
  "{\"name\":\"Ada\",\"n\":42,\"x\":0.5,\"t\":true,\"f\":false,\"z\":null,\"e\":\"\","
  "\"l\":[1,2,3],\"o\":{\"a\":{\"b\":[{\"c\":\"d\"}]},\"k\":\"v\"},"
  "\"items\":[{\"name\":\"a\",\"tags\":[\"x\",\"y\"]},{\"title\":\"b\"}],\"empty\":[]}";

static void
check_text (const char *source,
            gsize       length,
            JsonNode   *context)
{
  g_autoptr(VsTemplateText) text = vs_template_text_new (source, length);
  g_autoptr(GPtrArray) problems =
    g_ptr_array_new_with_free_func ((GDestroyNotify) vs_template_problem_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *strict = NULL;
  g_autofree char *lenient = NULL;
  g_auto(GStrv) top = NULL;
  g_auto(GStrv) full = NULL;
  GArray *tokens = vs_template_text_get_tokens (text);
  gsize pos = 0;

  for (guint i = 0; i < tokens->len; i++)
    {
      VsTemplateToken *token = &g_array_index (tokens, VsTemplateToken, i);

      g_assert_cmpuint (token->start, ==, pos);
      g_assert_cmpuint (token->end, >, token->start);
      g_assert_cmpuint (token->name_start, <=, token->name_end);
      g_assert_cmpuint (token->name_end, <=, token->end);
      pos = token->end;
    }
  g_assert_cmpuint (pos, ==, length);

  strict = vs_template_text_render (text, context, &error);
  lenient = vs_template_text_render_lenient (text, context, problems);
  g_assert_nonnull (lenient);
  for (guint i = 0; i < problems->len; i++)
    {
      VsTemplateProblem *problem = problems->pdata[i];
      g_autofree char *line = vs_template_problem_to_string (problem);

      g_assert_cmpuint (problem->start, <=, problem->end);
      g_assert_cmpuint (problem->end, <=, length);
      g_assert_cmpuint (problem->line, >=, 1);
      g_assert_cmpuint (problem->column, >=, 1);
      g_assert_nonnull (line);
    }
  if (strict != NULL)
    {
      g_assert_no_error (error);
      g_assert_cmpuint (problems->len, ==, 0);
      g_assert_cmpstr (strict, ==, lenient);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_cmpuint (problems->len, ==, vs_template_error_get_problems (error)->len);
    }

  top = vs_template_text_list_variables (text, FALSE);
  full = vs_template_text_list_variables (text, TRUE);
  g_assert_cmpuint (g_strv_length (top), <=, g_strv_length (full));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  const char *nul = memchr (data, '\0', size);
  gsize source_length = nul ? (gsize) (nul - text) : size;
  g_autoptr(JsonNode) context = NULL;

  if (nul != NULL)
    context = vs_json_parse (nul + 1, size - source_length - 1, NULL);
  if (context == NULL)
    context = vs_json_parse (default_context, -1, NULL);

  check_text (text, source_length, context);

  /* The same bytes as a template file. */
  if (nul == NULL && g_utf8_validate (text, size, NULL))
    {
      g_autoptr(VsTemplate) template = vs_template_new_from_data (text, size, NULL);

      if (template != NULL)
        {
          JsonObject *vars = JSON_NODE_HOLDS_OBJECT (context) ? json_node_get_object (context)
                                                              : NULL;
          g_autoptr(GPtrArray) problems =
            g_ptr_array_new_with_free_func ((GDestroyNotify) vs_template_problem_free);
          g_autoptr(GPtrArray) rendered = vs_template_render_lenient (template, vars, NULL,
                                                                      problems);
          g_autoptr(GPtrArray) checked = vs_template_check (template, vars);
          g_autofree char *round = vs_template_to_data (template, FALSE);
          g_autoptr(VsTemplate) again = vs_template_new_from_data (round, -1, NULL);
          g_auto(GStrv) names = vs_template_list_variables (template, TRUE);

          g_assert_nonnull (rendered);
          g_assert_nonnull (again);
          g_assert_true (vs_template_equal (template, again));
        }
    }

  return 0;
}
