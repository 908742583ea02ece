/* test-dataset-split.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Splits: sizes by largest remainder, the same seed gives the same split and another seed a
 * different one, stratification keeps each label's proportions, and a pinned assignment for
 * seed 42 so a change to the generator or the shuffle fails here. Exact dedup: whitespace
 * normalisation and first-kept semantics; near dedup: a one-word edit is caught at 0.85, a
 * half-changed text is not.
 */
#include "config.h"

#include <string.h>

#include "vs-dataset-split.h"
#include "vs-error.h"
#include "vs-json.h"

static const guint p80_10_10[3] = { 80, 10, 10 };

static void
test_sizes (void)
{
  const guint p70_20_10[3] = { 70, 20, 10 };
  const guint p33_33_34[3] = { 33, 33, 34 };
  const guint p100[3] = { 100, 0, 0 };
  gsize sizes[3];

  vs_dataset_split_sizes (10, p80_10_10, sizes);
  g_assert_cmpuint (sizes[0], ==, 8);
  g_assert_cmpuint (sizes[1], ==, 1);
  g_assert_cmpuint (sizes[2], ==, 1);

  /* 7 × 70% = 4.9, 1.4, 0.7 → floors 4, 1, 0 (5); remainders 90, 40, 70 → +1 train, +1 test */
  vs_dataset_split_sizes (7, p70_20_10, sizes);
  g_assert_cmpuint (sizes[0], ==, 5);
  g_assert_cmpuint (sizes[1], ==, 1);
  g_assert_cmpuint (sizes[2], ==, 1);

  /* 2 × 33/33/34 = 0.66, 0.66, 0.68 → test then train (tie goes to the earlier part) */
  vs_dataset_split_sizes (2, p33_33_34, sizes);
  g_assert_cmpuint (sizes[0], ==, 1);
  g_assert_cmpuint (sizes[1], ==, 0);
  g_assert_cmpuint (sizes[2], ==, 1);

  /* 1 item: 0.8, 0.1, 0.1 → train */
  vs_dataset_split_sizes (1, p80_10_10, sizes);
  g_assert_cmpuint (sizes[0], ==, 1);
  g_assert_cmpuint (sizes[1] + sizes[2], ==, 0);

  vs_dataset_split_sizes (0, p80_10_10, sizes);
  g_assert_cmpuint (sizes[0] + sizes[1] + sizes[2], ==, 0);

  vs_dataset_split_sizes (5, p100, sizes);
  g_assert_cmpuint (sizes[0], ==, 5);

  for (gsize n = 0; n < 500; n++)
    {
      vs_dataset_split_sizes (n, p33_33_34, sizes);
      g_assert_cmpuint (sizes[0] + sizes[1] + sizes[2], ==, n);
    }
}

static void
test_check_percentages (void)
{
  const guint bad[3] = { 80, 10, 5 };
  g_autoptr(GError) error = NULL;

  g_assert_true (vs_dataset_split_check_percentages (p80_10_10, NULL));
  g_assert_false (vs_dataset_split_check_percentages (bad, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "95"));
}

static void
count_parts (const guint8 *parts,
             gsize         n,
             gsize         counts[3])
{
  counts[0] = counts[1] = counts[2] = 0;
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpuint (parts[i], <, 3);
      counts[parts[i]]++;
    }
}

static void
test_seed (void)
{
  g_autofree guint8 *a = vs_dataset_split_assign (1000, p80_10_10, 7, NULL);
  g_autofree guint8 *b = vs_dataset_split_assign (1000, p80_10_10, 7, NULL);
  g_autofree guint8 *c = vs_dataset_split_assign (1000, p80_10_10, 8, NULL);
  gsize counts[3];

  g_assert_cmpmem (a, 1000, b, 1000);
  g_assert_true (memcmp (a, c, 1000) != 0);
  count_parts (a, 1000, counts);
  g_assert_cmpuint (counts[0], ==, 800);
  g_assert_cmpuint (counts[1], ==, 100);
  g_assert_cmpuint (counts[2], ==, 100);
  count_parts (c, 1000, counts);
  g_assert_cmpuint (counts[0], ==, 800);

  /* not simply the first 80% in order */
  {
    gsize train_in_first = 0;

    for (gsize i = 0; i < 800; i++)
      train_in_first += a[i] == VS_SPLIT_PART_TRAIN;
    g_assert_cmpuint (train_in_first, <, 800);
  }
}

static void
test_pinned (void)
{
  /* Seed 42, 20 items, 60/20/20: the assignment every platform must give (0 train,
   * 1 validation, 2 test). A change to the generator or the shuffle fails here. The values
   * were checked against an independent Python rendering of splitmix64/xoshiro256** and the
   * Fisher–Yates loop documented in vs-dataset-split.h. */
  static const guint8 expected[20] = { 1, 0, 2, 0, 1, 0, 0, 0, 0, 1,
                                       2, 2, 0, 0, 0, 2, 0, 0, 0, 1 };
  const guint p60_20_20[3] = { 60, 20, 20 };
  g_autofree guint8 *parts = vs_dataset_split_assign (20, p60_20_20, 42, NULL);

  g_assert_cmpmem (parts, 20, expected, 20);
}

static void
test_stratify (void)
{
  const gsize n = 300;
  g_autofree const char **labels = g_new (const char *, n);
  g_autofree guint8 *parts = NULL;
  g_autofree guint8 *again = NULL;
  gsize per_label[3][3] = { { 0 } };

  /* 200 "a", 70 "b", 30 unlabelled, interleaved */
  for (gsize i = 0; i < n; i++)
    labels[i] = i % 10 < 2 ? (i % 10 == 0 ? "b" : NULL) : (i % 10 < 9 ? "a" : "b");
  {
    gsize na = 0, nb = 0, nn = 0;

    for (gsize i = 0; i < n; i++)
      {
        if (labels[i] == NULL)
          nn++;
        else if (strcmp (labels[i], "a") == 0)
          na++;
        else
          nb++;
      }
    g_assert_cmpuint (na, ==, 210);
    g_assert_cmpuint (nb, ==, 60);
    g_assert_cmpuint (nn, ==, 30);
  }

  parts = vs_dataset_split_assign (n, p80_10_10, 42, (const char * const *) labels);
  again = vs_dataset_split_assign (n, p80_10_10, 42, (const char * const *) labels);
  g_assert_cmpmem (parts, n, again, n);
  for (gsize i = 0; i < n; i++)
    {
      guint label = 2;

      if (labels[i] != NULL)
        label = strcmp (labels[i], "a") == 0 ? 0 : 1;

      per_label[label][parts[i]]++;
    }
  /* a: 210 → 168/21/21; b: 60 → 48/6/6; none: 30 → 24/3/3 */
  g_assert_cmpuint (per_label[0][0], ==, 168);
  g_assert_cmpuint (per_label[0][1], ==, 21);
  g_assert_cmpuint (per_label[0][2], ==, 21);
  g_assert_cmpuint (per_label[1][0], ==, 48);
  g_assert_cmpuint (per_label[1][1], ==, 6);
  g_assert_cmpuint (per_label[1][2], ==, 6);
  g_assert_cmpuint (per_label[2][0], ==, 24);
  g_assert_cmpuint (per_label[2][1], ==, 3);
  g_assert_cmpuint (per_label[2][2], ==, 3);
}

static void
test_normalize (void)
{
  g_autofree char *a = vs_dataset_normalize_text ("  hello \t\n  world  ");
  g_autofree char *b = vs_dataset_normalize_text ("");
  g_autofree char *c = vs_dataset_normalize_text ("caf\xc3\xa9\xc2\xa0 x"); /* NBSP is space */

  g_assert_cmpstr (a, ==, "hello world");
  g_assert_cmpstr (b, ==, "");
  g_assert_cmpstr (c, ==, "caf\xc3\xa9 x");
}

static void
test_dedup (void)
{
  g_autoptr(VsDatasetDedup) dedup = vs_dataset_dedup_new ();
  g_autoptr(JsonObject) r1 = vs_json_parse_object ("{\"q\": \"hi  there\", \"a\": 1}", -1,
                                                   NULL);
  g_autoptr(JsonObject) r2 = vs_json_parse_object ("{\"q\": \" hi\\nthere \", \"a\": 1}", -1,
                                                   NULL);
  g_autoptr(JsonObject) r3 = vs_json_parse_object ("{\"a\": 1, \"q\": \"hi there\"}", -1,
                                                   NULL);
  g_autofree char *t1 = vs_dataset_row_dedup_text (r1);
  g_autofree char *t2 = vs_dataset_row_dedup_text (r2);
  g_autofree char *t3 = vs_dataset_row_dedup_text (r3);

  g_assert_cmpstr (t1, ==, "{\"q\":\"hi there\",\"a\":1}");
  g_assert_cmpstr (t1, ==, t2);
  g_assert_cmpint (vs_dataset_dedup_add (dedup, t1, 1), ==, -1);
  g_assert_cmpint (vs_dataset_dedup_add (dedup, t2, 2), ==, 1);
  g_assert_cmpint (vs_dataset_dedup_add (dedup, t3, 3), ==, -1); /* other key order */
  g_assert_cmpint (vs_dataset_dedup_add (dedup, "x  y", 4), ==, -1);
  g_assert_cmpint (vs_dataset_dedup_add (dedup, "x y ", 5), ==, 4);
  g_assert_cmpint (vs_dataset_dedup_add (dedup, "x y z", 6), ==, -1);
  /* the source row is untouched */
  g_assert_cmpstr (json_object_get_string_member (r1, "q"), ==, "hi  there");
}

static void
test_near_dedup (void)
{
  g_autoptr(VsDatasetNearDedup) near = vs_dataset_near_dedup_new (0.85);
  g_autoptr(GString) base = g_string_new (NULL);
  g_autoptr(GString) one_word = NULL;
  g_autoptr(GString) half = g_string_new (NULL);

  for (int i = 0; i < 60; i++)
    g_string_append_printf (base, "word%d ", i);
  /* one word changed near the end: 58 shingles, 55 shared → Jaccard 55/61 ≈ 0.90 */
  one_word = g_string_new (base->str);
  g_string_replace (one_word, "word57 ", "other ", 1);
  for (int i = 0; i < 60; i++)
    g_string_append_printf (half, "word%d ", i < 30 ? i : i + 100);

  g_assert_cmpint (vs_dataset_near_dedup_add (near, base->str, 1), ==, -1);
  g_assert_cmpint (vs_dataset_near_dedup_add (near, one_word->str, 2), ==, 1);
  g_assert_cmpint (vs_dataset_near_dedup_add (near, half->str, 3), ==, -1);
  g_assert_cmpint (vs_dataset_near_dedup_add (near, "Completely  different text here", 4), ==,
                   -1);
  g_assert_cmpint (vs_dataset_near_dedup_add (near, "completely different TEXT here", 5), ==,
                   4);
  g_assert_cmpint (vs_dataset_near_dedup_add (near, "short", 6), ==, -1);
  g_assert_cmpint (vs_dataset_near_dedup_add (near, "shorter", 7), ==, -1);
}

/* Texts of every size through both sorts (buckets up to 2048 shingles, Shell sort above),
 * non-ASCII case folding, and reserved room: the same answers as growing step by step. */
static void
test_near_dedup_sizes (void)
{
  g_autoptr(VsDatasetNearDedup) grown = vs_dataset_near_dedup_new (0.85);
  g_autoptr(VsDatasetNearDedup) reserved = vs_dataset_near_dedup_new (0.85);
  const guint sizes[] = { 2, 3, 40, 2000, 2050, 5000 };
  gint64 id = 0;

  vs_dataset_near_dedup_reserve (reserved, 5000);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(GString) base = g_string_new (NULL);
      g_autoptr(GString) variant = NULL;
      g_autoptr(GString) folded = NULL;
      gint64 first = ++id;

      for (guint i = 0; i < sizes[s]; i++)
        g_string_append_printf (base, "Wört%u_%u%s ", s, i * 7919 % 10007, i % 2 ? "ÄB" : "x");
      variant = g_string_new (base->str);
      g_string_replace (variant, "Wört", "WÖRT", 0);  /* the same once case-folded */
      folded = g_string_new (base->str);
      g_string_append (folded, " tail end words");

      for (guint k = 0; k < 2; k++)
        {
          VsDatasetNearDedup *near = k == 0 ? grown : reserved;

          g_assert_cmpint (vs_dataset_near_dedup_add (near, base->str, first), ==, -1);
          g_assert_cmpint (vs_dataset_near_dedup_add (near, variant->str, first + 1), ==, first);
          g_assert_cmpint (vs_dataset_near_dedup_add (near, folded->str, first + 2), ==,
                           sizes[s] >= 40 ? first : -1);
        }
      id += 2;
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/versus/dataset-split/sizes", test_sizes);
  g_test_add_func ("/versus/dataset-split/check-percentages", test_check_percentages);
  g_test_add_func ("/versus/dataset-split/seed", test_seed);
  g_test_add_func ("/versus/dataset-split/pinned", test_pinned);
  g_test_add_func ("/versus/dataset-split/stratify", test_stratify);
  g_test_add_func ("/versus/dataset-split/normalize", test_normalize);
  g_test_add_func ("/versus/dataset-split/dedup", test_dedup);
  g_test_add_func ("/versus/dataset-split/near-dedup", test_near_dedup);
  g_test_add_func ("/versus/dataset-split/near-dedup-sizes", test_near_dedup_sizes);
  return g_test_run ();
}
