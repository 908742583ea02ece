/* vs-test-util.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers shared by the test programs: a private temporary directory per test, paths into
 * the source and build trees, and running versus-cli as a user would.
 */
#pragma once

#include <glib.h>

#include "vs-project.h"

G_BEGIN_DECLS

/* A fresh directory under $TMPDIR, removed (recursively) by vs_test_tmpdir_free(). */
char       *vs_test_tmpdir_new       (void);
void        vs_test_tmpdir_free      (char        *path);
/* A new project file @name in a fresh temporary directory, opened with
 * VS_PROJECT_OPEN_CREATE (the test fails if it cannot be). The directory goes to @dir_out
 * (remove it with vs_test_tmpdir_free()), the file's path to @path_out when that is set. */
VsProject  *vs_test_project_new      (const char  *name,
                                      char       **dir_out,
                                      char       **path_out);
/* A fixture: a project from vs_test_project_new() that counts the "changed" signals it
 * emits for @watch ("prices", "templates", …) in @n_changed. */
typedef struct
{
  char       *dir;
  char       *path;
  VsProject  *project;
  const char *watch;
  guint       n_changed;
} VsTestProject;

/* Fills @fixture with a new project file @name watched for @watch (a static string); the
 * test's own tear-down releases project, path and dir. */
void        vs_test_project_set_up   (VsTestProject *fixture,
                                      const char    *name,
                                      const char    *watch);
/* A VsProject::changed handler that appends a copy of @what to @seen (a GPtrArray freeing
 * with g_free), for tests that check which changes were announced. */
void        vs_test_append_change    (VsProject      *project,
                                      const char     *what,
                                      const VsChange *change,
                                      GPtrArray      *seen);
/* Iterates the default main context (blocking, woken every few milliseconds to re-check a
 * condition that a worker thread changes) until @check (@data) is TRUE; FALSE after
 * @timeout_ms. A wait on a condition, not a sleep: it returns as soon as @check holds. The GUI
 * helpers (vs-test-gui.h) build their waits on it. */
gboolean    vs_test_poll             (gboolean    (*check) (gpointer),
                                      gpointer      data,
                                      guint         timeout_ms);
/* Removes @path and everything below it. */
void        vs_test_rm_rf            (const char  *path);
/* $VERSUS_SOURCE_ROOT/@first/…, or $VERSUS_BUILD_ROOT/…; NULL-terminated components. */
char       *vs_test_source_path      (const char  *first,
                                      ...) G_GNUC_NULL_TERMINATED;
char       *vs_test_build_path       (const char  *first,
                                      ...) G_GNUC_NULL_TERMINATED;
/* Runs $VERSUS_CLI with @args (NULL-terminated, without the program), optionally feeding
 * @stdin_text; returns the exit code and stores stdout/stderr. */
int         vs_test_run_cli          (const char * const *args,
                                      const char  *stdin_text,
                                      char       **out,
                                      char       **err);
/* Convenience: vs_test_run_cli with varargs. */
int         vs_test_cli              (char       **out,
                                      char       **err,
                                      const char  *first,
                                      ...) G_GNUC_NULL_TERMINATED;

/* Asserts that @text is a versus-cli table (vs-cli-table.h) of @n_rows rows under a header
 * that starts with @first_column: every cell starts under its column's name (text) or ends
 * under its end (numbers), and no line ends in a space. */
void        vs_test_assert_table     (const char  *text,
                                      const char  *first_column,
                                      guint        n_rows);

G_END_DECLS
