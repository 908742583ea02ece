/* vs-dataset-split.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Deterministic train / validation / test splits and exact deduplication. A split is a
 * seeded Fisher–Yates shuffle (the vs-stats generator, the same on every machine) cut by
 * sizes from the largest-remainder rule, optionally per label so each label keeps the
 * percentages. Exact dedup compares a hash of the text with whitespace collapsed and trimmed;
 * near-duplicate dedup uses MinHash + LSH over word 3-grams, confirmed by exact Jaccard.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  VS_SPLIT_PART_TRAIN = 0,  /* the names match VS_DATASET_SPLIT_TRAIN etc. in vs-dataset-store.h */
  VS_SPLIT_PART_VALIDATION,
  VS_SPLIT_PART_TEST,
} VsDatasetSplitPart;

#define VS_DATASET_SPLIT_N_PARTS 3

/* "train", "validation", "test". */
const char *vs_dataset_split_part_to_string (VsDatasetSplitPart part);

/* TRUE when the three percentages add up to exactly 100; else VS_ERROR_INVALID with a
 * sentence naming the sum. */
gboolean    vs_dataset_split_check_percentages (const guint  percent[VS_DATASET_SPLIT_N_PARTS],
                                                GError     **error);

/* Sizes for @n items by the largest-remainder (Hamilton) rule: each part gets
 * ⌊n·p/100⌋, and the items left over go one each to the parts with the largest remainders
 * (n·p mod 100), ties to the earlier part (train, then validation, then test). The sizes
 * always add up to @n. The percentages must add up to 100. */
void        vs_dataset_split_sizes (gsize        n,
                                    const guint  percent[VS_DATASET_SPLIT_N_PARTS],
                                    gsize        sizes[VS_DATASET_SPLIT_N_PARTS]);

/* Assigns @n items to parts (transfer full, @n entries of VsDatasetSplitPart). The
 * generator is vs_stats_rng_init (@seed) (splitmix64 seeding xoshiro256**); the items
 * 0…n-1 are shuffled by Fisher–Yates (for i from n-1 down to 1, swap i with
 * vs_stats_rng_below (i + 1)); the first sizes[train] shuffled items go to train, the next
 * sizes[validation] to validation, the rest to test.
 *
 * With @labels (@n entries, NULL entries form a group of their own), each label's items,
 * in the order labels are first seen, are shuffled and cut by the same rule with the
 * same generator continuing, so each label keeps the percentages (up to rounding). */
guint8     *vs_dataset_split_assign (gsize               n,
                                     const guint         percent[VS_DATASET_SPLIT_N_PARTS],
                                     guint64             seed,
                                     const char *const *labels);

/* @text with every run of whitespace made one space and the ends trimmed (transfer full). */
char       *vs_dataset_normalize_text (const char *text);

/* The text an exact-dedup compares for a row: the row as compact JSON, keys in source order,
 * with every string value normalised (vs_dataset_normalize_text). */
char       *vs_dataset_row_dedup_text (JsonObject *row);

/* Exact dedup: remembers a 128-bit hash of each normalised text it is given. */
typedef struct _VsDatasetDedup VsDatasetDedup;

VsDatasetDedup *vs_dataset_dedup_new  (void);
void            vs_dataset_dedup_free (VsDatasetDedup *self);
/* Adds @text (normalised first) for item @id; returns -1 when it is new, else the id of
 * the first item with the same normalised text (that item is kept, this one is a duplicate). */
gint64          vs_dataset_dedup_add  (VsDatasetDedup *self,
                                       const char     *text,
                                       gint64          id);
/* The same in two steps, for callers that hash on worker threads and remember in order:
 * the key of @text (normalised, then hashed; thread-safe, transfer full), and adding a key
 * (taken, transfer full) with the result of vs_dataset_dedup_add(). */
char           *vs_dataset_dedup_key      (const char     *text);
/* vs_dataset_dedup_key() of a text vs_dataset_normalize_text() gave (one normalisation less). */
char           *vs_dataset_dedup_key_normalized (const char *normal);
gint64          vs_dataset_dedup_add_key  (VsDatasetDedup *self,
                                           char           *key,
                                           gint64          id);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsDatasetDedup, vs_dataset_dedup_free)

/* Near-duplicate detection by MinHash + LSH: a text (normalised, case-folded) becomes the set
 * of its 3-word shingles (the whole text when it has fewer words; each word 64-bit FNV-1a
 * hashed, three in a row combined by odd multipliers); a
 * 128-value MinHash signature (hash functions (mix64 (x) ^ seed) · odd multiplier, both drawn
 * from vs_stats_rng_init (0x5eed)) is cut
 * into 32 bands of 4 for candidates, and a candidate counts only when the exact Jaccard
 * similarity of the two shingle sets is at least @threshold (0 < threshold ≤ 1; 0.85 is the
 * usual default). */
typedef struct _VsDatasetNearDedup VsDatasetNearDedup;

VsDatasetNearDedup *vs_dataset_near_dedup_new  (double              threshold);
void                vs_dataset_near_dedup_free (VsDatasetNearDedup *self);
/* Returns -1 and remembers @text when no remembered text is that similar; else the id of the
 * first remembered one that is (this text is then not remembered). */
gint64              vs_dataset_near_dedup_add  (VsDatasetNearDedup *self,
                                                const char         *text,
                                                gint64              id);
/* The same in two steps: the shingles and MinHash signature of @text (reads only @self's
 * settings, so any number of threads may sketch at once), then adding the sketch (taken,
 * transfer full) in the caller's order, with the result of vs_dataset_near_dedup_add(). */
typedef struct _VsDatasetNearSketch VsDatasetNearSketch;

VsDatasetNearSketch *vs_dataset_near_dedup_sketch     (VsDatasetNearDedup  *self,
                                                       const char          *text);
/* Makes room for about @n_items items at once rather than growing step by step (each step
 * moves every bucket); a hint, the results do not change. */
void                 vs_dataset_near_dedup_reserve (VsDatasetNearDedup *self,
                                                    gsize               n_items);
/* vs_dataset_near_dedup_sketch() of a text vs_dataset_normalize_text() gave. */
VsDatasetNearSketch *vs_dataset_near_dedup_sketch_normalized (VsDatasetNearDedup *self,
                                                              const char         *normal);
gint64               vs_dataset_near_dedup_add_sketch (VsDatasetNearDedup  *self,
                                                       VsDatasetNearSketch *sketch,
                                                       gint64               id);
void                 vs_dataset_near_sketch_free      (VsDatasetNearSketch *sketch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsDatasetNearDedup, vs_dataset_near_dedup_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsDatasetNearSketch, vs_dataset_near_sketch_free)

G_END_DECLS
