/* vs-dataset-leakage.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The leakage check of a split: an example whose normalised text is the same as (exact
 * dedup), or nearly the same as (MinHash + LSH), an earlier example's in another split lets a
 * model see its test answers in training. The check lists those pairs; the fix moves each
 * repeat into the split of its first occurrence, so none remains.
 */
#pragma once

#include <glib.h>

#include "vs-dataset-split.h"

G_BEGIN_DECLS

typedef struct
{
  guint              first;        /* index of the first occurrence */
  guint              second;       /* index of the repeat, first < second */
  VsDatasetSplitPart first_part;
  VsDatasetSplitPart second_part;  /* differs from first_part */
  gboolean           near;         /* near-duplicate rather than the same text */
} VsDatasetLeak;

/* Compares the @n texts (vs_dataset_row_dedup_text of each example; NULL entries are left
 * out) in order: each is matched to the first earlier one with the same normalised text, else
 * (when @near_threshold > 0) to the first remembered one whose word 3-grams have at least that
 * Jaccard similarity. A match in another part is a leak. Returns an array of VsDatasetLeak
 * sorted by @second (transfer full; empty when there is none). */
GArray *vs_dataset_find_leaks (const char * const *texts,
                               gsize               n,
                               const guint8       *parts,
                               double              near_threshold);

/* Moves each leak's repeat into its first occurrence's part, in the order of @leaks (the
 * order vs_dataset_find_leaks gives). Returns how many entries of @parts changed. A first
 * occurrence that was itself moved can leave a new leak behind; vs_dataset_resolve_leaks()
 * repeats until there is none. */
guint   vs_dataset_move_leaks (guint8             *parts,
                               const GArray       *leaks);

/* Finds and moves leaks until vs_dataset_find_leaks finds none; returns how many entries of
 * @parts changed in all (an entry moved twice counts once). */
guint   vs_dataset_resolve_leaks (const char *const *texts,
                                  gsize               n,
                                  guint8             *parts,
                                  double              near_threshold);

G_END_DECLS
