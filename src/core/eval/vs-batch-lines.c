/* vs-batch-lines.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Batch request files for a run's trials without a result (see vs-batch-lines.h).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "vs-batch-lines.h"
#include "vs-error.h"

char *
vs_batch_custom_id (gint64 run_id,
                    gint64 contender_id,
                    gint64 case_ordinal,
                    gint64 sample_index)
{
  return g_strdup_printf ("versus-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT
                          "-%" G_GINT64_FORMAT,
                          run_id, contender_id, case_ordinal, sample_index);
}

/* One decimal number without sign or leading zeros; advances @p past it. */
static gboolean
parse_number (const char **p,
              gint64      *out)
{
  const char *s = *p;
  guint64 value = 0;

  if (!g_ascii_isdigit (*s) || (s[0] == '0' && g_ascii_isdigit (s[1])))
    return FALSE;
  for (; g_ascii_isdigit (*s); s++)
    {
      if (value > (G_MAXINT64 - (guint64) (*s - '0')) / 10)
        return FALSE;
      value = value * 10 + (guint64) (*s - '0');
    }
  *out = (gint64) value;
  *p = s;
  return TRUE;
}

gboolean
vs_batch_custom_id_parse (const char *custom_id,
                          gint64     *run_id,
                          gint64     *contender_id,
                          gint64     *case_ordinal,
                          gint64     *sample_index)
{
  gint64 v[4];
  const char *p;

  if (custom_id == NULL || !g_str_has_prefix (custom_id, "versus-"))
    return FALSE;
  p = custom_id + strlen ("versus-");
  for (guint i = 0; i < 4; i++)
    {
      if (!parse_number (&p, &v[i]))
        return FALSE;
      if (*p != (i < 3 ? '-' : '\0'))
        return FALSE;
      if (i < 3)
        p++;
    }
  if (v[0] <= 0 || v[1] <= 0)
    return FALSE;
  if (run_id != NULL)
    *run_id = v[0];
  if (contender_id != NULL)
    *contender_id = v[1];
  if (case_ordinal != NULL)
    *case_ordinal = v[2];
  if (sample_index != NULL)
    *sample_index = v[3];
  return TRUE;
}

void
vs_batch_file_free (VsBatchFile *file)
{
  if (file == NULL)
    return;
  g_free (file->path);
  g_free (file->contender);
  g_free (file->model);
  g_free (file);
}

GPtrArray *
vs_batch_write_files (VsProject    *project,
                      gint64        run_id,
                      gint64        contender_id,
                      gboolean      include_errors,
                      const char   *dir,
                      gint64        max_lines,
                      guint64       max_bytes,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (dir != NULL, NULL);

  g_set_error (error, VS_ERROR, VS_ERROR_FAILED, "not yet written");
  return NULL;
}
