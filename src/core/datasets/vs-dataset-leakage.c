/* vs-dataset-leakage.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Leaks between splits, found with the same exact and near dedup the `dataset dedupe` command
 * uses: every text goes through them in order, and a match whose first occurrence sits in
 * another split is a leak. Moving a leak only changes its part, never the first occurrence's.
 */
#include "config.h"

#include "vs-dataset-leakage.h"

GArray *
vs_dataset_find_leaks (const char * const *texts,
                       gsize               n,
                       const guint8       *parts,
                       double              near_threshold)
{
  g_autoptr(VsDatasetDedup) dedup = vs_dataset_dedup_new ();
  g_autoptr(VsDatasetNearDedup) near = NULL;
  GArray *leaks = g_array_new (FALSE, FALSE, sizeof (VsDatasetLeak));

  g_return_val_if_fail (n == 0 || (texts != NULL && parts != NULL), leaks);

  if (near_threshold > 0)
    near = vs_dataset_near_dedup_new (MIN (near_threshold, 1.0));

  for (gsize i = 0; i < n; i++)
    {
      gboolean is_near = FALSE;
      gint64 first;

      if (texts[i] == NULL)
        continue;
      first = vs_dataset_dedup_add (dedup, texts[i], (gint64) i);
      if (first < 0 && near != NULL)
        {
          first = vs_dataset_near_dedup_add (near, texts[i], (gint64) i);
          is_near = first >= 0;
        }
      if (first >= 0 && parts[first] != parts[i])
        {
          VsDatasetLeak leak = {
            .first = (guint) first,
            .second = (guint) i,
            .first_part = parts[first],
            .second_part = parts[i],
            .near = is_near,
          };

          g_array_append_val (leaks, leak);
        }
    }
  return leaks;
}

guint
vs_dataset_move_leaks (guint8       *parts,
                       const GArray *leaks)
{
  guint moved = 0;

  g_return_val_if_fail (leaks != NULL, 0);

  for (guint i = 0; i < leaks->len; i++)
    {
      const VsDatasetLeak *leak = &g_array_index (leaks, VsDatasetLeak, i);

      /* The first occurrence may itself have moved (a chain): follow it. */
      if (parts[leak->second] != parts[leak->first])
        {
          parts[leak->second] = parts[leak->first];
          moved++;
        }
    }
  return moved;
}

guint
vs_dataset_resolve_leaks (const char * const *texts,
                          gsize               n,
                          guint8             *parts,
                          double              near_threshold)
{
  g_autofree guint8 *original = g_memdup2 (parts, n);
  guint moved = 0;

  /* Each pass moves items only toward their first occurrence's part, and first occurrences
   * chain at most through an exact then a near match, so this ends after a few passes. */
  for (;;)
    {
      g_autoptr(GArray) leaks = vs_dataset_find_leaks (texts, n, parts, near_threshold);

      if (leaks->len == 0)
        break;
      vs_dataset_move_leaks (parts, leaks);
    }
  for (gsize i = 0; i < n; i++)
    moved += parts[i] != original[i];
  return moved;
}
