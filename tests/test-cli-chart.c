/* test-cli-chart.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli chart: a spec drawn into PNG, SVG and PDF files that other programs accept,
 * a description on stdout, and the exit codes for unreadable and invalid specs.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vs-test-util.h"

static const char spec_json[] =
  "{\"kind\":\"bars\",\"title\":\"Pass rate by metric\",\"y_axis\":{\"label\":\"Pass rate\","
  "\"percent\":true},\"categories\":[\"Exact match\",\"JSON valid\"],\"series\":["
  "{\"name\":\"Base + engineered prompt\",\"values\":[0.62,0.91],\"lower\":[0.55,0.87],"
  "\"upper\":[0.69,0.94]},{\"name\":\"Fine-tuned\",\"values\":[0.81,0.97],"
  "\"lower\":[0.75,0.94],\"upper\":[0.86,0.99]}]}";

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

static void
test_render (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *spec = g_build_filename (dir, "bars.json", NULL);
  g_autofree char *png = g_build_filename (dir, "bars.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "bars.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "bars.pdf", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");
  g_autofree char *rsvg_convert = g_find_program_in_path ("rsvg-convert");

  g_assert_true (g_file_set_contents (spec, spec_json, -1, NULL));

  g_assert_cmpint (vs_test_cli (&out, &err, "chart", "render", spec, png, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (file_starts_with (png, "\x89PNG\r\n\x1a\n", 8));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (&out, &err, "chart", "render", spec, svg, "--dark", "--width",
                                "800", NULL), ==, 0);
  g_assert_true (file_starts_with (svg, "<?xml", 5));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (&out, &err, "chart", "render", spec, pdf, NULL), ==, 0);
  g_assert_true (file_starts_with (pdf, "%PDF-", 5));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Other programs read what we wrote. */
  if (pdftoppm != NULL)
    {
      g_autofree char *prefix = g_build_filename (dir, "page", NULL);
      const char *argv[] = { "pdftoppm", "-png", "-r", "36", pdf, prefix, NULL };
      int status = -1;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH |
                                   G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, NULL, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  if (rsvg_convert != NULL)
    {
      g_autofree char *converted = g_build_filename (dir, "svg.png", NULL);
      const char *argv[] = { "rsvg-convert", "-o", converted, svg, NULL };
      int status = -1;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH |
                                   G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, NULL, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_true (file_starts_with (converted, "\x89PNG", 4));
    }

  g_assert_cmpint (vs_test_cli (&out, &err, "chart", "describe", spec, NULL), ==, 0);
  g_assert_cmpuint (strlen (out), >, 20);
  g_assert_nonnull (strstr (out, "Fine-tuned"));

  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_errors (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *broken = g_build_filename (dir, "broken.json", NULL);
  g_autofree char *invalid = g_build_filename (dir, "invalid.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autofree char *png = g_build_filename (dir, "out.png", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (broken, "{\"kind\": ", -1, NULL));
  g_assert_true (g_file_set_contents (invalid, "{\"kind\":\"bars\",\"series\":[{\"name\":\"a\","
                                      "\"values\":\"not a list\"}]}", -1, NULL));

  g_assert_cmpint (vs_test_cli (&out, &err, "chart", "render", missing, png, NULL), ==, 2);
  g_assert_true (g_str_has_prefix (err, "versus-cli: "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (&out, &err, "chart", "render", broken, png, NULL), !=, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (&out, &err, "chart", "render", invalid, png, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "values"));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (&out, &err, "chart", "render", invalid, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&out, &err, "chart", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "chart render SPEC.json"));

  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/versus/cli-chart/render", test_render);
  g_test_add_func ("/versus/cli-chart/errors", test_errors);

  return g_test_run ();
}
