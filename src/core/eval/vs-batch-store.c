/* vs-batch-store.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The `batches` table (see vs-batch-store.h).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vs-batch-store.h"
#include "vs-error.h"

VsBatchRow *
vs_batch_row_copy (const VsBatchRow *row)
{
  VsBatchRow *copy;

  g_return_val_if_fail (row != NULL, NULL);

  copy = g_memdup2 (row, sizeof *row);
  copy->contender = g_strdup (row->contender);
  copy->provider = g_strdup (row->provider);
  copy->endpoint = g_strdup (row->endpoint);
  copy->remote_id = g_strdup (row->remote_id);
  copy->token = g_strdup (row->token);
  copy->input_path = g_strdup (row->input_path);
  copy->input_file_id = g_strdup (row->input_file_id);
  copy->output_file_id = g_strdup (row->output_file_id);
  copy->error_file_id = g_strdup (row->error_file_id);
  copy->state = g_strdup (row->state);
  copy->status = g_strdup (row->status);
  copy->created_at = g_strdup (row->created_at);
  copy->updated_at = g_strdup (row->updated_at);
  copy->completed_at = g_strdup (row->completed_at);
  copy->error = g_strdup (row->error);
  return copy;
}

void
vs_batch_row_free (VsBatchRow *row)
{
  if (row == NULL)
    return;
  g_free (row->contender);
  g_free (row->provider);
  g_free (row->endpoint);
  g_free (row->remote_id);
  g_free (row->token);
  g_free (row->input_path);
  g_free (row->input_file_id);
  g_free (row->output_file_id);
  g_free (row->error_file_id);
  g_free (row->state);
  g_free (row->status);
  g_free (row->created_at);
  g_free (row->updated_at);
  g_free (row->completed_at);
  g_free (row->error);
  g_free (row);
}

GPtrArray *
vs_batch_store_list (VsProject *project,
                     gint64     run_id,
                     GError   **error)
{
  g_set_error (error, VS_ERROR, VS_ERROR_FAILED, "not yet written");
  return NULL;
}

VsBatchRow *
vs_batch_store_get (VsProject *project,
                    gint64     batch_id,
                    GError   **error)
{
  g_set_error (error, VS_ERROR, VS_ERROR_FAILED, "not yet written");
  return NULL;
}

gint64
vs_batch_store_add (VsProject        *project,
                    const VsBatchRow *row,
                    GError          **error)
{
  g_set_error (error, VS_ERROR, VS_ERROR_FAILED, "not yet written");
  return 0;
}

gboolean
vs_batch_store_update (VsProject        *project,
                       const VsBatchRow *row,
                       GError          **error)
{
  g_set_error (error, VS_ERROR, VS_ERROR_FAILED, "not yet written");
  return FALSE;
}
