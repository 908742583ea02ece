/* vs-split-files.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vs-dataset-export.h"
#include "vs-split-files.h"

void
vs_split_files_free (VsSplitFiles *files)
{
  if (files == NULL)
    return;
  if (files->dir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (files->dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (files->dir, name, NULL);

          g_unlink (path);
        }
      g_rmdir (files->dir);
    }
  g_free (files->dir);
  g_free (files->train);
  g_free (files->validation);
  g_free (files);
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GTask) task = data;
  VsSplitFiles *files = g_task_get_task_data (task);
  g_autoptr(VsDatasetExportSummary) summary = NULL;
  GError *error = NULL;

  summary = vs_dataset_export_dataset_finish (VS_PROJECT (source), result, &error);
  if (summary == NULL)
    {
      vs_split_files_free (files);
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < summary->files->len; i++)
    {
      VsDatasetExportFile *file = g_ptr_array_index (summary->files, i);

      if (file->n_examples == 0)
        continue;
      if (file->part == VS_SPLIT_PART_TRAIN)
        {
          files->train = g_strdup (file->path);
          files->n_train = file->n_examples;
        }
      else if (file->part == VS_SPLIT_PART_VALIDATION)
        {
          files->validation = g_strdup (file->path);
          files->n_validation = file->n_examples;
        }
    }
  g_task_return_pointer (task, files, (GDestroyNotify) vs_split_files_free);
}

void
vs_split_files_export_async (VsProject           *project,
                             gint64               dataset_id,
                             gint64               snapshot_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (project, cancellable, callback, user_data);
  VsDatasetExportOptions options = { 0 };
  g_autofree char *parent = g_build_filename (g_get_user_cache_dir (), "versus", NULL);
  g_autofree char *template = g_build_filename (parent, "splits-XXXXXX", NULL);
  VsSplitFiles *files = g_new0 (VsSplitFiles, 1);

  g_task_set_source_tag (task, vs_split_files_export_async);
  g_mkdir_with_parents (parent, 0700);
  files->dir = g_mkdtemp (g_steal_pointer (&template));
  if (files->dir == NULL)
    {
      int saved = errno;

      vs_split_files_free (files);
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("No folder for the training files in %s: %s"), parent,
                               g_strerror (saved));
      return;
    }
  /* on_exported returns @files or frees them. */
  g_task_set_task_data (task, files, NULL);
  options.format = VS_EXPORT_OPENAI_CHAT;
  options.split = TRUE;  /* all percentages 0: each record keeps its split */
  options.snapshot_id = snapshot_id;
  vs_dataset_export_dataset_async (project, dataset_id, files->dir, &options, cancellable,
                                   NULL, NULL, NULL, on_exported, g_steal_pointer (&task));
}

VsSplitFiles *
vs_split_files_export_finish (VsProject     *project,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, project), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
