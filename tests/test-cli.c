/* test-cli.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli's contract: help (one shape for every command and subcommand), version, exit
 * codes, `project info` text and JSON, `project new` saying what it created.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

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

/* The names listed under "Commands:" in @help, one per line ("  NAME  Summary"). */
static GStrv
listed_commands (const char *help)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  const char *section = strstr (help, "\nCommands:\n");
  g_auto(GStrv) lines = NULL;

  g_assert_nonnull (section);
  lines = g_strsplit (section + strlen ("\nCommands:\n"), "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autofree char *name = NULL;
      const char *end;

      if (lines[i][2] == ' ') /* a wrapped summary */
        continue;
      end = strchr (lines[i] + 2, ' ');
      name = end ? g_strndup (lines[i] + 2, end - lines[i] - 2) : g_strdup (lines[i] + 2);
      g_strv_builder_add (names, name);
    }
  return g_strv_builder_end (names);
}

/* One shape for every command's --help: a one-line summary sentence, a blank line, "Usage:"
 * with "versus-cli COMMAND …", options with -h/--help and examples of the command itself. */
static void
assert_help_shape (const char *command,
                   const char *help)
{
  g_autofree char *usage = g_strdup_printf ("\nUsage:\n  versus-cli %s", command);
  g_autofree char *example = g_strdup_printf ("versus-cli %s", command);
  g_auto(GStrv) lines = g_strsplit (help, "\n", -1);
  g_auto(GStrv) example_lines = NULL;
  const char *examples;
  guint n_examples = 0;

  g_test_message ("versus-cli %s --help", command);
  g_assert_true (g_ascii_isupper (lines[0][0]));
  g_assert_true (g_str_has_suffix (lines[0], "."));
  g_assert_cmpstr (lines[1], ==, "");
  g_assert_nonnull (strstr (help, usage));
  g_assert_nonnull (strstr (help, "\nOptions:\n"));
  g_assert_nonnull (strstr (help, "  -h, --help"));
  examples = strstr (help, "\nExamples:\n");
  g_assert_nonnull (examples);
  example_lines = g_strsplit (examples + strlen ("\nExamples:\n"), "\n", -1);
  for (guint i = 0; example_lines[i] != NULL && g_str_has_prefix (example_lines[i], "  "); i++)
    {
      g_assert_nonnull (strstr (example_lines[i], example));
      n_examples++;
    }
  g_assert_cmpuint (n_examples, >=, 1);
}

static void
test_help_everywhere (void)
{
  g_autofree char *top = NULL;
  g_auto(GStrv) commands = NULL;
  guint n_checked = 0;

  g_assert_cmpint (vs_test_cli (&top, NULL, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (top, "\nExamples:\n"));
  commands = listed_commands (top);
  g_assert_cmpuint (g_strv_length (commands), >=, 9);
  for (guint i = 0; commands[i] != NULL; i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_auto(GStrv) subcommands = NULL;

      g_assert_cmpint (vs_test_cli (&out, &err, commands[i], "--help", NULL), ==, 0);
      g_assert_cmpstr (err, ==, "");
      assert_help_shape (commands[i], out);
      n_checked++;
      if (strstr (out, "\nCommands:\n") == NULL)
        continue;

      /* A group: -h and "help" print the same; no subcommand prints it on stderr (exit 2); an
       * unknown one is a usage error. */
      {
        g_autofree char *again = NULL;
        g_autofree char *usage_out = NULL;
        g_autofree char *usage_err = NULL;

        g_assert_cmpint (vs_test_cli (&again, NULL, commands[i], "-h", NULL), ==, 0);
        g_assert_cmpstr (again, ==, out);
        g_clear_pointer (&again, g_free);
        g_assert_cmpint (vs_test_cli (&again, NULL, commands[i], "help", NULL), ==, 0);
        g_assert_cmpstr (again, ==, out);
        g_assert_cmpint (vs_test_cli (&usage_out, &usage_err, commands[i], NULL), ==, 2);
        g_assert_cmpstr (usage_out, ==, "");
        g_assert_cmpstr (usage_err, ==, out);
        g_clear_pointer (&usage_out, g_free);
        g_clear_pointer (&usage_err, g_free);
        g_assert_cmpint (vs_test_cli (&usage_out, &usage_err, commands[i], "frobnicate", NULL),
                         ==, 2);
        g_assert_nonnull (strstr (usage_err, "unknown"));
        g_assert_nonnull (strstr (usage_err, "“frobnicate”"));
      }

      subcommands = listed_commands (out);
      g_assert_cmpuint (g_strv_length (subcommands), >=, 2);
      for (guint j = 0; subcommands[j] != NULL; j++)
        {
          g_autofree char *name = g_strdup_printf ("%s %s", commands[i], subcommands[j]);
          g_autofree char *sub_out = NULL;
          g_autofree char *sub_err = NULL;
          g_autofree char *short_out = NULL;

          /* The group lists each subcommand's synopsis. */
          g_assert_nonnull (strstr (out, name));
          g_assert_cmpint (vs_test_cli (&sub_out, &sub_err, commands[i], subcommands[j],
                                        "--help", NULL), ==, 0);
          g_assert_cmpstr (sub_err, ==, "");
          assert_help_shape (name, sub_out);
          g_assert_cmpint (vs_test_cli (&short_out, NULL, commands[i], subcommands[j], "-h",
                                        NULL), ==, 0);
          g_assert_cmpstr (short_out, ==, sub_out);
          n_checked++;
        }
    }
  /* 9 commands, 6 of them groups of 2 to 11 subcommands. */
  g_assert_cmpuint (n_checked, >=, 40);
}

/* Every list of the sample project is an aligned table under a header row. */
static void
test_tables (void)
{
  g_autofree char *sample = vs_test_build_path ("data", "sample.versus", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) parts = NULL;

  g_assert_cmpint (vs_test_cli (&out, &err, "template", "list", sample, NULL), ==, 0);
  vs_test_assert_table (out, "NAME", 3);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "list", sample, NULL), ==, 0);
  vs_test_assert_table (out, "ID", 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "snapshots", sample, "1", NULL), ==, 0);
  vs_test_assert_table (out, "ID", 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "list", "--project", sample, NULL), ==,
                   0);
  g_assert_true (g_str_has_prefix (out, "ID"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* eval summary: the run's name, then a table of contenders and one of pairs. */
  g_assert_cmpint (vs_test_cli (&out, &err, "eval", "summary", sample, "1", NULL), ==, 0);
  parts = g_strsplit (out, "\n\n", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  g_assert_true (g_str_has_prefix (parts[0], "Run "));
  {
    g_autofree char *contenders = g_strconcat (parts[1], "\n", NULL);

    vs_test_assert_table (contenders, "CONTENDER", 3);
    g_assert_nonnull (strstr (contenders, "95%-INTERVAL"));
  }
  vs_test_assert_table (parts[2], "PAIR", 3);
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
  /* It says what it created. */
  {
    g_autofree char *said = g_strdup_printf ("Created project “Fresh” in %s.\n", path);

    g_assert_cmpstr (err, ==, said);
  }
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
  g_assert_nonnull (strstr (err, "Created project “Support tickets (sample)”"));
  g_assert_nonnull (strstr (err, "3 templates, 1 dataset (60 records), 1 endpoint."));
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
  g_test_add_func ("/versus/cli/help-everywhere", test_help_everywhere);
  g_test_add_func ("/versus/cli/tables", test_tables);
  g_test_add_func ("/versus/cli/version", test_version);
  g_test_add_func ("/versus/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/versus/cli/info-sample", test_info_sample);
  g_test_add_func ("/versus/cli/info-garbage", test_info_garbage);
  g_test_add_func ("/versus/cli/new", test_new);

  return g_test_run ();
}
