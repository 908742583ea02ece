/* vs-test-util.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vs-test-util.h"

char *
vs_test_tmpdir_new (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp ("versus-test-XXXXXX", &error);

  g_assert_no_error (error);
  return path;
}

VsProject *
vs_test_project_new (const char  *name,
                     char       **dir_out,
                     char       **path_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  VsProject *project = vs_project_open (path, VS_PROJECT_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (project);
  g_assert_nonnull (dir_out);
  *dir_out = g_steal_pointer (&dir);
  if (path_out != NULL)
    *path_out = g_steal_pointer (&path);
  return project;
}

static void
on_project_changed (VsProject      *project,
                    const char     *what,
                    const VsChange *change,
                    VsTestProject  *fixture)
{
  if (g_strcmp0 (what, fixture->watch) == 0)
    fixture->n_changed++;
}

void
vs_test_project_set_up (VsTestProject *fixture,
                        const char    *name,
                        const char    *watch)
{
  fixture->watch = watch;
  fixture->n_changed = 0;
  fixture->project = vs_test_project_new (name, &fixture->dir, &fixture->path);
  g_signal_connect (fixture->project, "changed", G_CALLBACK (on_project_changed), fixture);
}

void
vs_test_append_change (VsProject      *project,
                       const char     *what,
                       const VsChange *change,
                       GPtrArray      *seen)
{
  g_ptr_array_add (seen, g_strdup (what));
}

void
vs_test_rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          vs_test_rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

void
vs_test_tmpdir_free (char *path)
{
  if (path == NULL)
    return;
  vs_test_rm_rf (path);
  g_free (path);
}

static char *
build_path_va (const char *root_var,
               const char *first,
               va_list     args)
{
  const char *root = g_getenv (root_var);
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *part;

  if (root == NULL)
    g_error ("%s is not set; run the tests through meson", root_var);

  g_ptr_array_add (parts, (gpointer) root);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **) parts->pdata);
}

char *
vs_test_source_path (const char *first,
                     ...)
{
  va_list args;
  char *path;

  va_start (args, first);
  path = build_path_va ("VERSUS_SOURCE_ROOT", first, args);
  va_end (args);
  return path;
}

char *
vs_test_build_path (const char *first,
                    ...)
{
  va_list args;
  char *path;

  va_start (args, first);
  path = build_path_va ("VERSUS_BUILD_ROOT", first, args);
  va_end (args);
  return path;
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize size = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &size) : NULL;

  return size > 0 ? g_strndup (data, size) : g_strdup ("");
}

int
vs_test_run_cli (const char * const *args,
                 const char         *stdin_text,
                 char              **out,
                 char              **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  const char *cli = g_getenv ("VERSUS_CLI");
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;

  if (cli == NULL)
    g_error ("VERSUS_CLI is not set; run the tests through meson");

  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  if (stdin_text != NULL)
    flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;

  launcher = g_subprocess_launcher_new (flags);
  /* The CLI must not inherit G_DEBUG=fatal-warnings' effects on its own stderr checks. */
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  /* Bytes, not _utf8(): the output of a failing command need not be UTF-8, and GLib 2.74's
   * communicate_utf8() leaks its buffers. */
  {
    g_autoptr(GBytes) input = stdin_text ? g_bytes_new (stdin_text, strlen (stdin_text)) : NULL;
    g_autoptr(GBytes) stdout_bytes = NULL;
    g_autoptr(GBytes) stderr_bytes = NULL;

    g_subprocess_communicate (process, input, NULL, &stdout_bytes, &stderr_bytes, &error);
    g_assert_no_error (error);
    stdout_text = bytes_to_string (stdout_bytes);
    stderr_text = bytes_to_string (stderr_bytes);
  }

  if (out)
    *out = g_steal_pointer (&stdout_text);
  if (err)
    *err = g_steal_pointer (&stderr_text);

  if (g_subprocess_get_if_signaled (process))
    g_error ("versus-cli died with signal %d", g_subprocess_get_term_sig (process));

  return g_subprocess_get_exit_status (process);
}

int
vs_test_cli (char       **out,
             char       **err,
             const char  *first,
             ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return vs_test_run_cli ((const char * const *) args->pdata, NULL, out, err);
}

/* How often a wait wakes up to re-check a condition that no main-context event announces
 * (state changed by a worker thread, a D-Bus name). */
#define RECHECK_MS 5

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
vs_test_poll (gboolean (*check) (gpointer),
              gpointer   data,
              guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint tick = 0;
  gboolean done;

  while (!(done = check (data)) && g_get_monotonic_time () < deadline)
    {
      if (tick == 0)
        tick = g_timeout_add (RECHECK_MS, wake_up, NULL);
      g_main_context_iteration (NULL, TRUE);
    }
  if (tick != 0)
    g_source_remove (tick);
  return done;
}

void
vs_test_assert_table (const char *text,
                      const char *first_column,
                      guint       n_rows)
{
  g_auto(GStrv) lines = NULL;
  g_autofree glong *starts = NULL;
  g_autofree glong *ends = NULL;
  glong n_columns = 0;
  const char *header;

  g_assert_nonnull (text);
  g_assert_true (g_str_has_suffix (text, "\n"));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, n_rows + 2); /* the header, the last "" */
  header = lines[0];
  g_assert_true (g_str_has_prefix (header, first_column) || header[0] == ' ');
  g_assert_nonnull (strstr (header, first_column));

  /* Column names are single words: their character offsets. */
  starts = g_new0 (glong, g_utf8_strlen (header, -1) + 1);
  ends = g_new0 (glong, g_utf8_strlen (header, -1) + 1);
  for (glong i = 0, length = g_utf8_strlen (header, -1); i < length; i++)
    {
      gunichar c = g_utf8_get_char (g_utf8_offset_to_pointer (header, i));
      gunichar before = i > 0 ? g_utf8_get_char (g_utf8_offset_to_pointer (header, i - 1)) : ' ';

      if (c != ' ' && before == ' ')
        starts[n_columns] = i;
      if (c != ' ' && (i + 1 == length ||
                       g_utf8_get_char (g_utf8_offset_to_pointer (header, i + 1)) == ' '))
        ends[n_columns++] = i + 1;
    }
  g_assert_cmpint (n_columns, >, 1);

  for (guint r = 0; lines[r] != NULL && lines[r][0] != '\0'; r++)
    {
      g_autofree gunichar *row = g_utf8_to_ucs4_fast (lines[r], -1, NULL);
      glong length = 0;

      while (row[length] != 0)
        length++;
      g_assert_cmpint (row[length - 1], !=, ' ');
      for (glong c = 0; c < n_columns; c++)
        {
          gboolean left = starts[c] < length && row[starts[c]] != ' ' &&
                          (starts[c] == 0 || row[starts[c] - 1] == ' ');
          gboolean right = ends[c] <= length && row[ends[c] - 1] != ' ' &&
                           (ends[c] == length || row[ends[c]] == ' ');

          if (!left && !right)
            g_error ("table row %u, column %ld is not aligned with the header:\n%s", r, c,
                     text);
        }
    }
}
