/* test-eval-case-load.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * vs_eval_case_load(): one case of a run recorded against the fake server, with every
 * contender's answers in order, its input row and expected answer; errors stay errors; an
 * unknown case is VS_ERROR_NOT_FOUND.
 */
#include "config.h"

#include "vs-error.h"
#include "vs-eval-case-load.h"
#include "vs-eval-runner.h"
#include "vs-eval-spec.h"
#include "vs-fake-llm.h"
#include "vs-test-util.h"

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  gboolean *done = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (vs_eval_runner_run_finish (VS_EVAL_RUNNER (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsFakeLlm) fake = vs_fake_llm_new (0, &error);
  char *dir = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("case.versus", &dir, NULL);
  g_autofree char *spec_path = g_build_filename (dir, "spec.json", NULL);
  g_autofree char *cases_path = g_build_filename (dir, "cases.jsonl", NULL);
  g_autofree char *template_path = g_build_filename (dir, "t.json", NULL);
  g_autofree char *spec_text = NULL;
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(VsEvalRunner) runner = NULL;
  g_autoptr(JsonObject) item = NULL;
  JsonArray *trials;
  JsonObject *first, *second;
  gboolean done = FALSE;
  gint64 run_id;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (cases_path,
                                      "{\"q\": \"one\", \"want\": \"Echo: one\"}\n"
                                      "{\"q\": \"two\", \"want\": \"2\"}\n", -1, NULL));
  g_assert_true (g_file_set_contents (
    template_path, "{\"messages\":[{\"role\":\"user\",\"content\":\"{{question}}\"}]}", -1,
    NULL));
  spec_text = g_strdup_printf ("{\"cases\": \"cases.jsonl\", \"input\": {\"question\": \"q\"},"
                               " \"expected\": \"want\", \"contenders\": ["
                               " {\"name\": \"a\", \"endpoint\": \"%s/v1\", \"model\": \"m-a\","
                               "  \"template\": \"t.json\"},"
                               " {\"name\": \"b\", \"endpoint\": \"%s/v1\", \"model\": \"m-b\","
                               "  \"template\": \"t.json\"}],"
                               " \"metrics\": [{\"type\": \"exact\"}], \"repeats\": 2}",
                               vs_fake_llm_get_url (fake), vs_fake_llm_get_url (fake));
  g_assert_true (g_file_set_contents (spec_path, spec_text, -1, NULL));
  spec = vs_eval_spec_load (spec_path, &error);
  g_assert_no_error (error);
  run_id = vs_eval_prepare_run (project, spec, "cases", NULL, &error);
  g_assert_no_error (error);
  runner = vs_eval_runner_new (project, run_id, &error);
  g_assert_no_error (error);
  vs_eval_runner_run_async (runner, NULL, on_done, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  /* case 1 passes for both: 2 contenders × 2 repeats, in order */
  item = vs_eval_case_load (project, run_id, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (item);
  g_assert_cmpint (json_object_get_int_member (item, "case"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (item, "expected"), ==, "Echo: one");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "input"),
                                                  "q"), ==, "one");
  trials = json_object_get_array_member (item, "trials");
  g_assert_cmpuint (json_array_get_length (trials), ==, 4);
  first = json_array_get_object_element (trials, 0);
  second = json_array_get_object_element (trials, 3);
  g_assert_cmpstr (json_object_get_string_member (first, "contender"), ==, "a");
  g_assert_cmpint (json_object_get_int_member (first, "repeat"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (second, "contender"), ==, "b");
  g_assert_cmpint (json_object_get_int_member (second, "repeat"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (first, "output"), ==, "Echo: one");
  g_assert_true (json_object_get_boolean_member (first, "passed"));
  g_assert_true (json_object_get_null_member (first, "error"));
  g_assert_true (json_object_has_member (json_object_get_object_member (first, "scores"),
                                         "exact"));
  g_clear_pointer (&item, json_object_unref);

  /* case 2 fails: the answer is not the expected one, and it is not an error */
  item = vs_eval_case_load (project, run_id, 2, &error);
  g_assert_no_error (error);
  first = json_array_get_object_element (json_object_get_array_member (item, "trials"), 0);
  g_assert_false (json_object_get_boolean_member (first, "passed"));
  g_assert_cmpstr (json_object_get_string_member (first, "state"), ==, "ok");
  g_clear_pointer (&item, json_object_unref);

  /* no such case */
  item = vs_eval_case_load (project, run_id, 99, &error);
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  g_assert_null (item);

  g_clear_object (&runner);
  g_clear_object (&project);
  vs_test_tmpdir_free (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/versus/eval-case/load", test_load);
  return g_test_run ();
}
