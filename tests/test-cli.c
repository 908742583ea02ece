/* test-cli.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli's contract: help, version, exit codes, `project info` text and JSON.
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "vs-test-util.h"

static void
test_help (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (vs_test_cli (&out, &err, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Usage:"));
  g_assert_nonnull (strstr (out, "project"));
  g_assert_nonnull (strstr (out, "Exit codes"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (&out, &err, "project", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "project info FILE"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (&out, &err, "project", "info", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "--json"));
}

static void
test_version (void)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (vs_test_cli (&out, NULL, "--version", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "versus-cli " PACKAGE_VERSION "\n");
}

static void
test_usage_errors (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  {
    const char *no_args[] = { NULL };

    g_assert_cmpint (vs_test_run_cli (no_args, NULL, &out, &err), ==, 2);
  }
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (&out, &err, "frobnicate", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "unknown command “frobnicate”"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (&out, &err, "project", "info", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (&out, &err, "project", "info", "--bogus", "x", NULL), ==, 2);
}

static void
test_info_sample (void)
{
  g_autofree char *sample = vs_test_build_path ("data", "sample.versus", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  g_assert_cmpint (vs_test_cli (&out, &err, "project", "info", sample, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Support tickets (sample)"));
  g_assert_nonnull (strstr (out, "Templates:       3"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (&out, &err, "project", "info", sample, "--json", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (object, "schema_version"), >=, 3);
  g_assert_cmpint (json_object_get_int_member (object, "templates"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "datasets"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "records"), ==, 60);
  /* The sample carries one finished comparison (sample data). */
  g_assert_cmpint (json_object_get_int_member (object, "runs"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Support tickets (sample)");
}

static void
test_info_garbage (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *garbage = g_build_filename (dir, "garbage.versus", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.versus", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (garbage, "\x01\x02 this is not a database", -1, NULL));
  g_assert_cmpint (vs_test_cli (&out, &err, "project", "info", garbage, NULL), ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "versus-cli: "));
  g_assert_nonnull (strstr (err, "not a Versus project"));
  /* One line. */
  g_assert_cmpint (strchr (err, '\n') - err, ==, (long) strlen (err) - 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (&out, &err, "project", "info", missing, "--json", NULL), ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "does not exist"));

  vs_test_rm_rf (dir);
}

static void
test_new (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "fresh.versus", NULL);
  g_autofree char *bundle = vs_test_source_path ("data", "sample", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (vs_test_cli (&out, &err, "project", "new", path, "--name", "Fresh", NULL),
                   ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (&out, &err, "project", "info", path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Name:            Fresh"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Never overwrite without --force. */
  g_assert_cmpint (vs_test_cli (&out, &err, "project", "new", path, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "exists already"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (&out, &err, "project", "new", path, "--force", "--from", bundle,
                                NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&out, &err, "project", "info", path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "60 records"));

  vs_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/versus/cli/help", test_help);
  g_test_add_func ("/versus/cli/version", test_version);
  g_test_add_func ("/versus/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/versus/cli/info-sample", test_info_sample);
  g_test_add_func ("/versus/cli/info-garbage", test_info_garbage);
  g_test_add_func ("/versus/cli/new", test_new);

  return g_test_run ();
}
