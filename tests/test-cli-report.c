/* test-cli-report.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli eval chart | spec | report: every chart kind of the sample comparison in all
 * three formats (PNG at 2×), a spec printed by `eval spec` drawn again by `chart render`,
 * both report formats, charts without data that still draw (exit 0), a run recorded against
 * the fake model server, and the usage errors (exit 2).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vs-fake-llm.h"
#include "vs-json.h"
#include "vs-test-run.h"
#include "vs-test-util.h"

#define SAMPLE_RUN "Few-shot vs fine-tuned (sample)"

static const char * const kinds[] = {
  "bars", "paired-scatter", "confusion-matrix", "latency", "cost-quality", "breakeven",
};

static char *
sample_project (void)
{
  return vs_test_build_path ("data", "sample.versus", NULL);
}

static gboolean
file_starts_with (const char *path,
                  const char *magic,
                  gsize       length)
{
  g_autofree char *contents = NULL;
  gsize size = 0;

  return g_file_get_contents (path, &contents, &size, NULL) && size > length &&
         memcmp (contents, magic, length) == 0;
}

/* Width and height of a PNG from its IHDR chunk. */
static void
png_size (const char *path,
          guint      *width,
          guint      *height)
{
  g_autofree guchar *data = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (path, (char **) &data, &size, NULL));
  g_assert_cmpuint (size, >, 24);
  *width = (guint) data[16] << 24 | (guint) data[17] << 16 | (guint) data[18] << 8 | data[19];
  *height = (guint) data[20] << 24 | (guint) data[21] << 16 | (guint) data[22] << 8 | data[23];
}

static void
test_every_kind (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *project = sample_project ();
  static const struct
  {
    const char *ext;
    const char *magic;
  } formats[] = { { "png", "\x89PNG\r\n\x1a\n" }, { "svg", "<?xml" }, { "pdf", "%PDF-" } };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
      {
        g_autofree char *name = g_strdup_printf ("%s.%s", kinds[k], formats[f].ext);
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_autofree char *out = NULL;
        g_autofree char *err = NULL;

        g_test_message ("%s", name);
        g_assert_cmpint (vs_test_cli (&out, &err, "eval", "chart", project, SAMPLE_RUN,
                                      kinds[k], "-o", path, NULL), ==, 0);
        g_assert_cmpstr (err, ==, "");
        g_assert_true (file_starts_with (path, formats[f].magic, strlen (formats[f].magic)));
      }

  /* Sizes in points, PNG at 2×; --dark; the run by its number. */
  {
    g_autofree char *path = g_build_filename (dir, "small.png", NULL);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    guint width, height;

    g_assert_cmpint (vs_test_cli (&out, &err, "eval", "chart", project, "1", "latency", "-o",
                                  path, "--width", "400", "--height", "300", "--dark", NULL),
                     ==, 0);
    png_size (path, &width, &height);
    g_assert_cmpuint (width, ==, 800);
    g_assert_cmpuint (height, ==, 600);
  }
  /* Options that name contenders and metrics. */
  {
    g_autofree char *path = g_build_filename (dir, "named.svg", NULL);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *svg = NULL;

    g_assert_cmpint (vs_test_cli (&out, &err, "eval", "chart", project, SAMPLE_RUN,
                                  "confusion-matrix", "-o", path, "--contender",
                                  "Fine-tuned + few-shot", NULL), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (vs_test_cli (&out, &err, "eval", "chart", project, SAMPLE_RUN,
                                  "paired-scatter", "-o", path, "--a", "Fine-tuned + few-shot",
                                  "--b", "Fine-tuned (short prompt)", "--metric", "pass_rate",
                                  NULL), ==, 0);
    g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
    g_assert_true (g_str_has_prefix (svg, "<?xml"));
  }
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_spec_round_trip (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *project = sample_project ();

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *out2 = NULL;
      g_autofree char *err2 = NULL;
      g_autofree char *name = g_strdup_printf ("%s.json", kinds[k]);
      g_autofree char *spec = g_build_filename (dir, name, NULL);
      g_autofree char *png = g_strconcat (spec, ".png", NULL);
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (vs_test_cli (&out, &err, "eval", "spec", project, SAMPLE_RUN, kinds[k],
                                    NULL), ==, 0);
      object = vs_json_parse_object (out, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, kinds[k]);
      g_assert_true (json_object_has_member (object, "series"));
      g_assert_true (g_file_set_contents (spec, out, -1, NULL));
      /* Restyled by chart render: another size, dark. */
      g_assert_cmpint (vs_test_cli (&out2, &err2, "chart", "render", spec, png, "--width", "500",
                                    "--dark", NULL), ==, 0);
      g_assert_true (file_starts_with (png, "\x89PNG", 4));
    }
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_report (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *project = sample_project ();
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *html = g_build_filename (dir, "report.HTML", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *page = NULL;

  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "report", project, SAMPLE_RUN, "-o", pdf,
                                "--title", "Which model for ticket triage?", NULL), ==, 0);
  g_assert_true (file_starts_with (pdf, "%PDF-", 5));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "report", project, SAMPLE_RUN, "-o", html,
                                NULL), ==, 0);
  g_assert_true (g_file_get_contents (html, &page, NULL, NULL));
  g_assert_true (g_str_has_prefix (page, "<!DOCTYPE html>"));
  g_assert_true (strstr (page, "Evaluation report: " SAMPLE_RUN) != NULL);
  g_assert_null (strstr (page, "http"));
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

/* One contender, no prices, no label metric: the charts that cannot be drawn still write a
 * file, with the reason in the picture and in the spec. */
static void
test_no_data (void)
{
  VsTestRunOptions options = { .n_cases = 5, .n_contenders = 1 };
  g_autofree char *bundle = vs_test_run_bundle (&options);
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *project = g_build_filename (dir, "p.versus", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (vs_test_cli (&out, &err, "project", "new", project, "--from", bundle, NULL),
                   ==, 0);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *name = g_strdup_printf ("%s.png", kinds[k]);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *o = NULL;
      g_autofree char *e = NULL;

      g_assert_cmpint (vs_test_cli (&o, &e, "eval", "chart", project, VS_TEST_RUN_NAME, kinds[k],
                                    "-o", path, NULL), ==, 0);
      g_assert_true (file_starts_with (path, "\x89PNG", 4));
    }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "spec", project, VS_TEST_RUN_NAME,
                                "breakeven", NULL), ==, 0);
  g_assert_true (strstr (out, "\"message\"") != NULL);
  g_assert_true (strstr (out, "No prices") != NULL);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  {
    g_autofree char *html = g_build_filename (dir, "r.html", NULL);

    g_assert_cmpint (vs_test_cli (&out, &err, "eval", "report", project, VS_TEST_RUN_NAME, "-o",
                                  html, NULL), ==, 0);
  }
  vs_test_tmpdir_free (g_steal_pointer (&bundle));
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A run recorded against the fake model server, charted straight away. */
static void
test_recorded_run (void)
{
  g_autoptr(GError) error = NULL;
  VsFakeLlm *fake = vs_fake_llm_new (0, &error);
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *project = g_build_filename (dir, "p.versus", NULL);
  g_autofree char *spec_path = g_build_filename (dir, "spec.json", NULL);
  g_autofree char *template = g_build_filename (dir, "t.json", NULL);
  g_autofree char *cases = g_build_filename (dir, "cases.jsonl", NULL);
  g_autofree char *spec = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_no_error (error);
  spec = g_strdup_printf ("{\"cases\": \"cases.jsonl\", \"input\": {\"question\": \"q\"},"
                          " \"expected\": \"want\", \"contenders\": ["
                          " {\"name\": \"base\", \"endpoint\": \"%s/v1\", \"model\": \"m-base\","
                          "  \"template\": \"t.json\"},"
                          " {\"name\": \"tuned\", \"endpoint\": \"%s/v1\", \"model\": \"m-tuned\","
                          "  \"template\": \"t.json\", \"training_cost_usd\": 5}],"
                          " \"metrics\": [{\"type\": \"exact\"}, {\"type\": \"label\"}],"
                          " \"prices\": {\"m-base\": {\"input\": 10, \"output\": 30},"
                          "  \"m-tuned\": {\"input\": 1, \"output\": 3}}}",
                          vs_fake_llm_get_url (fake), vs_fake_llm_get_url (fake));
  g_assert_true (g_file_set_contents (spec_path, spec, -1, NULL));
  g_assert_true (g_file_set_contents (template,
                                      "{\"messages\":[{\"role\":\"user\","
                                      "\"content\":\"{{question}}\"}]}", -1, NULL));
  g_assert_true (g_file_set_contents (cases,
                                      "{\"q\": \"a\", \"want\": \"Echo: a\"}\n"
                                      "{\"q\": \"b\", \"want\": \"Echo: b\"}\n"
                                      "{\"q\": \"c\", \"want\": \"other\"}\n", -1, NULL));
  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "run", spec_path, "--project", project,
                                "--name", "recorded", NULL), ==, 0);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *o = NULL;
      g_autofree char *e = NULL;
      g_autoptr(JsonObject) object = NULL;
      JsonArray *series;

      g_assert_cmpint (vs_test_cli (&o, &e, "eval", "spec", project, "recorded", kinds[k],
                                    NULL), ==, 0);
      object = vs_json_parse_object (o, -1, NULL);
      g_assert_nonnull (object);
      series = json_object_get_array_member (object, "series");
      g_test_message ("%s: %u series", kinds[k], json_array_get_length (series));
      /* Everything is there: prices, a training cost, a label metric, two contenders. */
      g_assert_cmpuint (json_array_get_length (series), >, 0);
    }
  vs_test_tmpdir_free (g_steal_pointer (&dir));
  vs_fake_llm_free (fake);
}

static void
test_usage (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *project = sample_project ();
  g_autofree char *png = g_build_filename (dir, "x.png", NULL);
  g_autofree char *txt = g_build_filename (dir, "x.txt", NULL);
  const char *bad[][10] = {
    { "eval", "chart", project, "no such run", "bars", "-o", png, NULL },
    { "eval", "chart", project, SAMPLE_RUN, "pie", "-o", png, NULL },
    { "eval", "chart", project, SAMPLE_RUN, "loss-curves", "-o", png, NULL },
    { "eval", "chart", project, SAMPLE_RUN, "bars", NULL },
    { "eval", "chart", project, SAMPLE_RUN, "bars", "-o", txt, NULL },
    { "eval", "chart", project, SAMPLE_RUN, "paired-scatter", "-o", png, "--a", "nobody", NULL },
    { "eval", "chart", project, SAMPLE_RUN, "bars", "-o", png, "--metric", "bleu", NULL },
    { "eval", "spec", project, "no such run", "bars", NULL },
    { "eval", "spec", project, SAMPLE_RUN, "histogram", NULL },
    { "eval", "report", project, "no such run", "-o", png, NULL },
  };
  const char *bad_report[] = { "eval", "report", project, SAMPLE_RUN, "-o", txt, NULL };
  const char *no_project[] = { "eval", "report", "/nonexistent/p.versus", SAMPLE_RUN, "-o",
                               "/tmp/x.pdf", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (vs_test_run_cli (bad[i], NULL, &out, &err), ==, 2);
      g_assert_cmpstr (err, !=, "");
    }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (vs_test_run_cli (bad_report, NULL, &out, &err), ==, 2);
    g_assert_false (g_file_test (txt, G_FILE_TEST_EXISTS));
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (vs_test_run_cli (no_project, NULL, &out, &err), ==, 2);
  }
  /* --help says what KIND and RUN are. */
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (vs_test_cli (&out, &err, "eval", "chart", "--help", NULL), ==, 0);
    g_assert_true (strstr (out, "confusion-matrix") != NULL);
    g_assert_true (strstr (out, "--contender") != NULL);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (vs_test_cli (&out, &err, "eval", "--help", NULL), ==, 0);
    g_assert_true (strstr (out, "eval report FILE.versus RUN -o OUT.pdf|OUT.html") != NULL);
  }
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/versus/cli-report/every-kind", test_every_kind);
  g_test_add_func ("/versus/cli-report/spec-round-trip", test_spec_round_trip);
  g_test_add_func ("/versus/cli-report/report", test_report);
  g_test_add_func ("/versus/cli-report/no-data", test_no_data);
  g_test_add_func ("/versus/cli-report/recorded-run", test_recorded_run);
  g_test_add_func ("/versus/cli-report/usage", test_usage);
  return g_test_run ();
}
