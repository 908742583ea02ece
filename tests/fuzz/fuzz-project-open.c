/* fuzz-project-open.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any bytes opened as a project file: a clean error or a usable project, never a crash, and
 * a refused file is never modified.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <string.h>

#include "vs-project.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *dir = g_dir_make_tmp ("versus-fuzz-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "input.versus", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(GError) error = NULL;
  VsProject *project;

  if (!g_file_set_contents (path, (const char *) data, size, NULL))
    return 0;

  project = vs_project_open (path, VS_PROJECT_OPEN_EXISTING, &error);
  if (project != NULL)
    {
      g_autoptr(VsProjectInfo) info = vs_project_get_info (project, NULL);

      g_object_unref (project);
    }
  else
    {
      g_autofree char *after = NULL;
      gsize after_size = 0;

      /* Refused files stay byte for byte what they were. */
      g_assert_nonnull (error);
      g_assert_true (g_file_get_contents (path, &after, &after_size, NULL));
      g_assert_cmpmem (after, after_size, data, size);
    }

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
  return 0;
}
