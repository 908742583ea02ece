/* test-cli-template.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli template render / vars as a user runs them: exact text and JSON output, one
 * stderr line per problem with exit code 1, few-shot examples from a JSONL file next to the
 * template or from a dataset in a project, and exit code 2 for unreadable input.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vs-project.h"
#include "vs-test-util.h"
#include "vs-project-private.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = vs_test_tmpdir_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  vs_test_tmpdir_free (fixture->dir);
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static const char *classify_json =
  "{\"name\":\"classify\",\"messages\":["
  "{\"role\":\"system\",\"content\":\"Label the text as one of:\\n{{#labels}}\\n- {{.}}\\n"
  "{{/labels}}\\nReply as {\\\"label\\\": \\\"…\\\"}.\"},"
  "{\"role\":\"user\",\"content\":\"{{ text }}\"}],"
  "\"parameters\":{\"model\":\"llama3\",\"temperature\":0}}";

static void
test_render_text (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *template = write_file (fixture, "classify.json", classify_json);
  g_autofree char *vars = write_file (fixture, "vars.json",
                                      "{\"labels\":[\"positive\",\"negative\"],"
                                      "\"text\":\"I loved it\"}");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (vs_test_cli (&out, &err, "template", "render", template, "--vars", vars,
                                NULL), ==, 0);
  g_assert_cmpstr (out, ==,
                   "system:\n"
                   "Label the text as one of:\n"
                   "- positive\n"
                   "- negative\n"
                   "Reply as {\"label\": \"…\"}.\n"
                   "\n"
                   "user:\n"
                   "I loved it\n");
  g_assert_cmpstr (err, ==, "");
}

static void
test_render_json (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *template = write_file (fixture, "classify.json", classify_json);
  g_autofree char *vars = write_file (fixture, "vars.json",
                                      "{\"labels\":[\"a\"],\"text\":\"line1\\nline2\"}");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (vs_test_cli (&out, &err, "template", "render", template, "--vars", vars,
                                "--json", NULL), ==, 0);
  g_assert_cmpstr (out, ==,
                   "{\"messages\":[{\"role\":\"system\",\"content\":\"Label the text as one of:"
                   "\\n- a\\nReply as {\\\"label\\\": \\\"…\\\"}.\"},"
                   "{\"role\":\"user\",\"content\":\"line1\\nline2\"}]}\n");
}

static void
test_render_vars_stdin (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *template = write_file (fixture, "hello.txt", "Hello {{name}}!\n");
  g_autofree char *two = write_file (fixture, "two.json",
                                     "{\"messages\":[{\"role\":\"system\",\"content\":\"S\\n\"},"
                                     "{\"role\":\"user\",\"content\":\"{{name}}\"}]}");
  const char *args[] = { "template", "render", NULL, "--vars", "-", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  args[2] = template;
  g_assert_cmpint (vs_test_run_cli (args, "{\"name\":\"Ada\"}", &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "user:\nHello Ada!\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A content that ends with a newline still gets exactly one blank line after it. */
  args[2] = two;
  g_assert_cmpint (vs_test_run_cli (args, "{\"name\":\"Ada\"}", &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "system:\nS\n\nuser:\nAda\n");
}

static void
test_render_missing_variables (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *template =
    write_file (fixture, "t.json",
                "{\"name\":\"t\",\"messages\":[{\"role\":\"system\",\"content\":\"{{persona}}\"},"
                "{\"role\":\"user\",\"content\":\"Title: {{input.title}}\\nBody: {{ body }}\"}]}");
  g_autofree char *vars = write_file (fixture, "vars.json", "{\"input\":{}}");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (vs_test_cli (&out, &err, "template", "render", template, "--vars", vars,
                                NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==,
                   "messages[0] 1:1: no value for persona\n"
                   "messages[1] 1:8: unknown variable: input.title\n"
                   "messages[1] 2:7: no value for body\n");
}

static void
test_render_syntax_errors (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *template =
    write_file (fixture, "t.json",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"{{#items}}\\n{{name}\\n{{/item}}\"}]}");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (vs_test_cli (&out, &err, "template", "render", template, "--json", NULL), ==,
                   1);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==,
                   "messages[0] 2:1: unclosed tag: name\n"
                   "messages[0] 3:1: mismatched section close, expected {{/items}}: item\n");
}

static void
test_render_few_shot_jsonl (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *sub = g_build_filename (fixture->dir, "data", NULL);
  g_autofree char *examples = NULL;
  g_autofree char *template = NULL;
  g_autofree char *vars = write_file (fixture, "vars.json", "{\"text\":\"meh\"}");
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  examples = write_file (fixture, "data/examples.jsonl",
                         "{\"text\":\"great\",\"label\":\"positive\",\"split\":\"train\"}\n"
                         "{\"text\":\"awful\",\"label\":\"negative\",\"split\":\"train\"}\n"
                         "{\"text\":\"fine\",\"label\":\"neutral\",\"split\":\"test\"}\n");
  template = write_file (fixture, "fs.json",
                         "{\"name\":\"fs\",\"messages\":["
                         "{\"role\":\"system\",\"content\":\"Classify.\"},"
                         "{\"role\":\"user\",\"content\":\"{{text}}\"}],"
                         "\"few_shot\":{\"dataset\":\"data/examples.jsonl\",\"split\":\"train\","
                         "\"k\":2,\"seed\":1,\"user\":\"{{text}}\",\"assistant\":\"{{label}}\"}}");

  g_assert_cmpint (vs_test_cli (&out, &err, "template", "render", template, "--vars", vars,
                                "--json", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  /* Both train rows, never the test row, and the real question last. */
  g_assert_nonnull (strstr (out, "{\"role\":\"user\",\"content\":\"great\"},"
                                 "{\"role\":\"assistant\",\"content\":\"positive\"}"));
  g_assert_nonnull (strstr (out, "{\"role\":\"user\",\"content\":\"awful\"},"
                                 "{\"role\":\"assistant\",\"content\":\"negative\"}"));
  g_assert_null (strstr (out, "fine"));
  g_assert_true (g_str_has_prefix (out, "{\"messages\":[{\"role\":\"system\",\"content\":"
                                        "\"Classify.\"},"));
  g_assert_true (g_str_has_suffix (out, "{\"role\":\"user\",\"content\":\"meh\"}]}\n"));

  /* Reproducible. */
  g_assert_cmpint (vs_test_cli (&out2, NULL, "template", "render", template, "--vars", vars,
                                "--json", NULL), ==, 0);
  g_assert_cmpstr (out, ==, out2);
}

static void
test_render_few_shot_project (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *project_path = g_build_filename (fixture->dir, "p.versus", NULL);
  g_autofree char *template = NULL;
  g_autofree char *vars = write_file (fixture, "vars.json", "{\"q\":\"new question\"}");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  VsProject *project;

  project = vs_project_open (project_path, VS_PROJECT_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (vs_project_exec (project,
                                  "INSERT INTO datasets (id, name, created_at, updated_at)"
                                  " VALUES (1, 'faq', 'now', 'now');"
                                  "INSERT INTO records (dataset_id, ordinal, data, split) VALUES"
                                  " (1, 1, '{\"question\":\"q1\",\"answer\":\"a1\"}', 'train'),"
                                  " (1, 2, '{\"question\":\"q2\",\"answer\":\"a2\"}', 'test');",
                                  &error));
  g_object_unref (project);

  template = write_file (fixture, "t.json",
                         "{\"messages\":[{\"role\":\"user\",\"content\":\"{{q}}\"}],"
                         "\"few_shot\":{\"dataset\":\"faq\",\"k\":3,"
                         "\"user\":\"{{question}}\",\"assistant\":\"{{answer}}\"}}");

  g_assert_cmpint (vs_test_cli (&out, &err, "template", "render", template, "--vars", vars,
                                "--project", project_path, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "user:\nq1\n\nassistant:\na1\n\nuser:\nnew question\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Without the project, "faq" is looked for as a file: unreadable input. */
  g_assert_cmpint (vs_test_cli (&out, &err, "template", "render", template, "--vars", vars,
                                NULL), ==, 2);
  g_assert_nonnull (strstr (err, "few_shot.dataset “faq”"));
}

static void
test_vars (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *template =
    write_file (fixture, "t.json",
                "{\"messages\":[{\"role\":\"system\",\"content\":\"{{persona}}\"},"
                "{\"role\":\"user\",\"content\":\"{{input.title}} {{#items}}{{name}}{{/items}}"
                " {{persona}} {{^ctx}}{{fallback}}{{/ctx}}\"}]}");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (vs_test_cli (&out, &err, "template", "vars", template, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "persona\ninput\nitems\nctx\nfallback\n");
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (&out, &err, "template", "vars", template, "--all", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "persona\ninput\nitems\nitems.name\nctx\nfallback\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (&out, &err, "template", "vars", template, "--json", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "{\"variables\":[\"persona\",\"input\",\"items\",\"ctx\","
                            "\"fallback\"]}\n");
}

static void
test_vars_txt_and_errors (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *template = write_file (fixture, "p.txt", "{{a}} {{b\n");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (vs_test_cli (&out, &err, "template", "vars", template, NULL), ==, 1);
  g_assert_cmpstr (out, ==, "a\n");
  g_assert_cmpstr (err, ==, "messages[0] 1:7: unclosed tag: b\n");
}

static void
test_unreadable_input (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.json", NULL);
  g_autofree char *bad = write_file (fixture, "bad.json", "{\"messages\": [");
  g_autofree char *role = write_file (fixture, "role.json",
                                      "{\"messages\":[{\"role\":\"bot\",\"content\":\"x\"}]}");
  g_autofree char *ok = write_file (fixture, "ok.txt", "x");
  g_autofree char *array = write_file (fixture, "array.json", "[1]");
  g_autofree char *err = NULL;

  g_assert_cmpint (vs_test_cli (NULL, &err, "template", "render", missing, NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (NULL, &err, "template", "render", bad, NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (NULL, &err, "template", "vars", role, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "messages[0].role is “bot”"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (NULL, &err, "template", "render", ok, "--vars", array, NULL), ==,
                   2);
  g_assert_nonnull (strstr (err, "must be one JSON object"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (NULL, &err, "template", "render", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (NULL, &err, "template", "frob", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (NULL, &err, "template", "render", ok, "--project",
                                missing, NULL), ==, 2);
}

static void
test_stored_templates (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *project = g_build_filename (fixture->dir, "p.versus", NULL);
  g_autofree char *template = write_file (fixture, "classify.json", classify_json);
  g_autofree char *greet = write_file (fixture, "greet.txt", "Hi {{name}}");
  g_autofree char *exported = g_build_filename (fixture->dir, "out.json", NULL);
  g_autofree char *exported_v1 = g_build_filename (fixture->dir, "v1.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (vs_test_cli (NULL, NULL, "project", "new", project, NULL), ==, 0);
  g_assert_cmpint (vs_test_cli (&out, &err, "template", "import", project, template, greet,
                                NULL), ==, 0);
  g_assert_cmpstr (out, ==, "classify\ngreet\n");
  g_assert_nonnull (strstr (err, "Imported 2 templates into "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The number alone on stdout (scripts read it), the sentence on stderr. */
  g_assert_cmpint (vs_test_cli (&out, &err, "template", "save-version", project, "classify",
                                "--note", "first", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "1\n");
  g_assert_cmpstr (err, ==, "Saved version 1 of “classify”.\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Export writes the draft as a template file. */
  g_assert_cmpint (vs_test_cli (NULL, NULL, "template", "export", project, "classify", exported,
                                NULL), ==, 0);
  g_assert_true (g_file_get_contents (exported, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"temperature\": 0"));

  g_assert_cmpint (vs_test_cli (&out, NULL, "template", "list", project, "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"name\":\"classify\",\"versions\":1,\"head\":1"));
  g_assert_nonnull (strstr (out, "\"name\":\"greet\",\"versions\":0,\"head\":null"));
  g_clear_pointer (&out, g_free);

  /* The text list: an aligned table under a header; no head version shows "-". */
  g_assert_cmpint (vs_test_cli (&out, NULL, "template", "list", project, NULL), ==, 0);
  vs_test_assert_table (out, "NAME", 2);
  g_assert_true (g_str_has_prefix (out, "NAME      VERSIONS  HEAD  UPDATED\n"));
  g_assert_true (g_regex_match_simple ("^classify         1     1  \\S+$", out,
                                       G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^greet            0     -  \\S+$", out,
                                       G_REGEX_MULTILINE, 0));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (vs_test_cli (&out, NULL, "template", "save-version", project, "classify",
                                "--note", "same again", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (vs_test_cli (&out, NULL, "template", "versions", project, "classify", NULL),
                   ==, 0);
  vs_test_assert_table (out, "VERSION", 2);
  g_assert_true (g_str_has_prefix (out, "VERSION  CREATED"));
  g_assert_true (g_regex_match_simple ("^VERSION  CREATED +NOTE\n      2  \\S+  same again\n"
                                       "      1  \\S+  first\n$", out, 0, 0));
  g_clear_pointer (&out, g_free);

  /* Identical versions: an empty diff on stdout, and "No differences" on stderr. Head vs
   * draft: the same. */
  g_assert_cmpint (vs_test_cli (&out, &err, "template", "diff", project, "classify", "1", "2",
                                NULL), ==, 0);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, "No differences between versions 1 and 2 of “classify”.\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&out, &err, "template", "diff", project, "classify", NULL), ==,
                   0);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, "No differences between the head version and the draft of "
                   "“classify”.\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (NULL, NULL, "template", "export", project, "classify",
                                exported_v1, "--version", "1", NULL), ==, 0);
  g_assert_true (g_file_test (exported_v1, G_FILE_TEST_IS_REGULAR));

  /* Unknown names and versions are unusable input. */
  g_assert_cmpint (vs_test_cli (NULL, &err, "template", "versions", project, "nope", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "no template called “nope”"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (NULL, &err, "template", "diff", project, "classify", "1", "9",
                                NULL), ==, 2);
  g_assert_nonnull (strstr (err, "no version “9”"));
}

static void
test_stored_diff (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *project_path = g_build_filename (fixture->dir, "p.versus", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  VsProject *project = vs_project_open (project_path, VS_PROJECT_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_assert_true (vs_project_exec (project,
                                  "INSERT INTO templates (id, name, draft, created_at, updated_at)"
                                  " VALUES (1, 't', '{\"name\":\"t\",\"messages\":[{\"role\":"
                                  "\"user\",\"content\":\"a\\nc\"}]}', 'now', 'now');"
                                  "INSERT INTO template_versions (template_id, number, body,"
                                  " created_at) VALUES (1, 1, '{\"name\":\"t\",\"messages\":"
                                  "[{\"role\":\"user\",\"content\":\"a\\nb\"}]}', 'now');"
                                  "UPDATE templates SET head_version_id = 1;", &error));
  g_object_unref (project);

  g_assert_cmpint (vs_test_cli (&out, NULL, "template", "diff", project_path, "t", NULL), ==, 0);
  g_assert_cmpstr (out, ==,
                   "--- version 1/messages[0] (user)\n"
                   "+++ draft/messages[0] (user)\n"
                   "@@ -1,2 +1,2 @@\n"
                   " a\n"
                   "-b\n"
                   "+c\n");
}

static void
test_help (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;

  g_assert_cmpint (vs_test_cli (&out, NULL, "template", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "template render FILE"));
  g_assert_cmpint (vs_test_cli (&out2, NULL, "template", "render", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out2, "--vars"));
  g_assert_nonnull (strstr (out2, "--project"));
}

#define ADD(path, func) \
  g_test_add ("/versus/cli-template/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("render-text", test_render_text);
  ADD ("render-json", test_render_json);
  ADD ("render-vars-stdin", test_render_vars_stdin);
  ADD ("render-missing-variables", test_render_missing_variables);
  ADD ("render-syntax-errors", test_render_syntax_errors);
  ADD ("render-few-shot-jsonl", test_render_few_shot_jsonl);
  ADD ("render-few-shot-project", test_render_few_shot_project);
  ADD ("vars", test_vars);
  ADD ("vars-txt-and-errors", test_vars_txt_and_errors);
  ADD ("unreadable-input", test_unreadable_input);
  ADD ("stored-templates", test_stored_templates);
  ADD ("stored-diff", test_stored_diff);
  ADD ("help", test_help);

  return g_test_run ();
}
