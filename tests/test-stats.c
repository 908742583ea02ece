/* test-stats.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * vs-stats against known values. Expected numbers come from the definitions the functions
 * claim to follow, evaluated independently in Python on this machine (no numpy or scipy
 * here): numpy's linear quantile by its formula, statistics.NormalDist for z, binomial sums
 * with fractions.Fraction (exact), and a Python transcription of splitmix64/xoshiro256**
 * for the bootstraps. Each is quoted beside its assertion.
 */
#include "config.h"

#include <math.h>

#include "vs-stats.h"

#define assert_close(a, b, tolerance) g_assert_cmpfloat_with_epsilon ((a), (b), (tolerance))

static void
test_quantile (void)
{
  /* numpy.quantile([7, 1, 3, 10, 15], [0, .25, .5, .9, 1]) → [1, 3, 7, 13, 15] */
  double values[] = { 7, 1, 3, 10, 15 };
  double ten[10];
  double with_nan[] = { 4, NAN, 1, 3, 2 };
  double one[] = { 42 };

  assert_close (vs_stats_quantile (values, 5, 0), 1, 1e-12);
  assert_close (vs_stats_quantile (values, 5, 0.25), 3, 1e-12);
  assert_close (vs_stats_quantile (values, 5, 0.5), 7, 1e-12);
  assert_close (vs_stats_quantile (values, 5, 0.9), 13, 1e-12);
  assert_close (vs_stats_quantile (values, 5, 1), 15, 1e-12);
  /* The input is not reordered. */
  g_assert_cmpfloat (values[0], ==, 7);

  /* numpy.quantile(range(1, 11), .95) → 9.55; .05 → 1.45 */
  for (guint i = 0; i < 10; i++)
    ten[i] = i + 1;
  assert_close (vs_stats_quantile_sorted (ten, 10, 0.95), 9.55, 1e-12);
  assert_close (vs_stats_quantile_sorted (ten, 10, 0.05), 1.45, 1e-12);

  /* numpy.nanquantile([4, nan, 1, 3, 2], [.5, .95]) → [2.5, 3.85] */
  assert_close (vs_stats_quantile (with_nan, 5, 0.5), 2.5, 1e-12);
  assert_close (vs_stats_quantile (with_nan, 5, 0.95), 3.85, 1e-12);

  g_assert_cmpfloat (vs_stats_quantile (one, 1, 0.3), ==, 42);
  g_assert_true (isnan (vs_stats_quantile (NULL, 0, 0.5)));
  g_assert_cmpuint (vs_stats_sort (with_nan, 5), ==, 4);
  g_assert_cmpfloat (with_nan[0], ==, 1);
  g_assert_true (isnan (with_nan[4]));
}

static void
test_pareto (void)
{
  /* cost, quality: low cost and high quality win. */
  double x[] = { 1, 2, 2, 3, 4, 0.5, NAN, 5, 1 };
  double y[] = { 0.5, 0.7, 0.6, 0.65, 0.9, 0.2, 1.0, 0.9, 0.5 };
  gboolean expected[] = { TRUE, TRUE, FALSE, FALSE, TRUE, TRUE, FALSE, FALSE, FALSE };
  gboolean front[G_N_ELEMENTS (x)];

  /* (0.5, 0.2) cheapest; (1, 0.5) better; its duplicate at index 8 is not marked again;
   * (2, 0.7) beats (2, 0.6) at the same cost; (3, 0.65) is worse than (2, 0.7); (4, 0.9)
   * best; (5, 0.9) costs more for the same; NaN never. */
  vs_stats_pareto_front (x, y, G_N_ELEMENTS (x), front);
  for (guint i = 0; i < G_N_ELEMENTS (x); i++)
    g_assert_cmpint (front[i], ==, expected[i]);
}

static void
test_normal (void)
{
  /* statistics.NormalDist().inv_cdf(0.975) = 1.9599639845400536, (0.995) = 2.5758293035489,
   * (0.95) = 1.6448536269514715 */
  assert_close (vs_stats_z_for_confidence (0.95), 1.9599639845400536, 1e-13);
  assert_close (vs_stats_z_for_confidence (0.99), 2.5758293035489, 1e-12);
  assert_close (vs_stats_z_for_confidence (0.90), 1.6448536269514715, 1e-13);
  assert_close (vs_stats_normal_quantile (0.5), 0, 1e-15);
  /* The tails (Acklam's outer regions): NormalDist().inv_cdf(1e-6) = -4.753424308822899,
   * inv_cdf(1 - 1e-6) = 4.753424308817089 */
  assert_close (vs_stats_normal_quantile (1e-6), -4.753424308822899, 1e-11);
  assert_close (vs_stats_normal_quantile (1 - 1e-6), 4.753424308817089, 1e-9);
  g_assert_true (isnan (vs_stats_z_for_confidence (1)));
  g_assert_true (isinf (vs_stats_normal_quantile (0)));
}

static void
test_wilson (void)
{
  VsStatsInterval ci;

  /* 8 of 10 at 95%: [0.49016247153664183, 0.9433178485456247], i.e. [0.4902, 0.9433] */
  g_assert_true (vs_stats_wilson_confidence (8, 10, 0.95, &ci));
  assert_close (ci.estimate, 0.8, 1e-15);
  assert_close (ci.lower, 0.49016247153664183, 1e-12);
  assert_close (ci.upper, 0.9433178485456247, 1e-12);

  /* 81 of 263 at 99%: [0.24013690268760773, 0.38528250231822986] */
  g_assert_true (vs_stats_wilson_confidence (81, 263, 0.99, &ci));
  assert_close (ci.lower, 0.24013690268760773, 1e-12);
  assert_close (ci.upper, 0.38528250231822986, 1e-12);

  /* The ends are exact: 0/10 → [0, 0.27753279986288915], 10/10 → [0.7224672001371109, 1] */
  g_assert_true (vs_stats_wilson (0, 10, 1.9599639845400536, &ci));
  g_assert_cmpfloat (ci.lower, ==, 0);
  assert_close (ci.upper, 0.27753279986288915, 1e-12);
  g_assert_true (vs_stats_wilson (10, 10, 1.9599639845400536, &ci));
  assert_close (ci.lower, 0.7224672001371109, 1e-12);
  g_assert_cmpfloat (ci.upper, ==, 1);

  g_assert_false (vs_stats_wilson (0, 0, 1.96, &ci));
  g_assert_true (isnan (ci.estimate));
  g_assert_false (vs_stats_wilson (3, 2, 1.96, &ci));
  g_assert_false (vs_stats_wilson_confidence (1, 2, 1.5, &ci));
}

static void
test_rng (void)
{
  VsStatsRng rng;
  guint64 state_check[3] = { G_GUINT64_CONSTANT (1546998764402558742),
                             G_GUINT64_CONSTANT (6990951692964543102),
                             G_GUINT64_CONSTANT (12544586762248559009) };
  guint counts[3] = { 0 };

  /* xoshiro256** seeded by splitmix64(42): the first three outputs of the Python
   * transcription (its splitmix64 gives 6457827717110365317, 3203168211198807973, … for
   * seed 1234567, the published test vector). */
  vs_stats_rng_init (&rng, 42);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (vs_stats_rng_next (&rng), ==, state_check[i]);

  for (guint i = 0; i < 3000; i++)
    counts[vs_stats_rng_below (&rng, 3)]++;
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (counts[i], >, 850);
}

static void
test_bootstrap (void)
{
  double values[] = { 0.12, 0.5, 0.33, 0.9, 0.71, 0.05, 0.64, 0.28, 0.47, 0.81 };
  double with_nan[] = { 0.12, 0.5, NAN, 0.33, 0.9, 0.71, 0.05, 0.64, 0.28, 0.47, 0.81 };
  double constant[] = { 3, 3, 3, 3 };
  double a[] = { 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1 };
  double b[] = { 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0 };
  VsStatsInterval ci, again, other;

  /* 1000 resamples, 95%, seed 7 (Python transcription): mean 0.48100000000000004,
   * interval [0.313975, 0.6609999999999999] */
  g_assert_true (vs_stats_bootstrap_mean (values, 10, 1000, 0.95, 7, &ci));
  assert_close (ci.estimate, 0.481, 1e-12);
  assert_close (ci.lower, 0.313975, 1e-12);
  assert_close (ci.upper, 0.6609999999999999, 1e-12);

  /* The same seed gives the same interval; NaN values are left out; another seed differs. */
  g_assert_true (vs_stats_bootstrap_mean (with_nan, 11, 1000, 0.95, 7, &again));
  g_assert_cmpfloat (again.lower, ==, ci.lower);
  g_assert_cmpfloat (again.upper, ==, ci.upper);
  g_assert_true (vs_stats_bootstrap_mean (values, 10, 1000, 0.95, 8, &other));
  g_assert_true (other.lower != ci.lower || other.upper != ci.upper);
  g_assert_cmpfloat (ci.lower, <=, ci.estimate);
  g_assert_cmpfloat (ci.estimate, <=, ci.upper);

  g_assert_true (vs_stats_bootstrap_mean (constant, 4, 200, 0.95, 1, &ci));
  g_assert_cmpfloat (ci.lower, ==, 3);
  g_assert_cmpfloat (ci.upper, ==, 3);

  /* Paired, 2000 resamples, 90%, seed 2026: mean difference 0.4166666666666667, interval
   * [0.16666666666666666, 0.6666666666666666] */
  g_assert_true (vs_stats_bootstrap_paired_mean_difference (a, b, 12, 2000, 0.9, 2026, &ci));
  assert_close (ci.estimate, 0.4166666666666667, 1e-12);
  assert_close (ci.lower, 0.16666666666666666, 1e-12);
  assert_close (ci.upper, 0.6666666666666666, 1e-12);

  g_assert_false (vs_stats_bootstrap_mean (values, 0, 1000, 0.95, 7, &ci));
  g_assert_false (vs_stats_bootstrap_mean (values, 10, 0, 0.95, 7, &ci));
  g_assert_false (vs_stats_bootstrap_mean (values, 10, 100, 1.0, 7, &ci));
}

static void
test_binomial (void)
{
  /* Exact sums with fractions.Fraction, by scipy.stats.binomtest's definitions. The first is
   * scipy's documented example: binomtest(3, n=15, p=0.1, alternative='greater') →
   * 0.18406106910639114. */
  struct
  {
    guint64 k, n;
    double p;
    double two_sided, less, greater;
  } cases[] = {
    { 3, 15, 0.1, 0.184061069106391, 0.944444369992464, 0.184061069106391 },
    { 7, 20, 0.3, 0.6294979666766777, 0.7722717974181604, 0.391990187799076 },
    { 2, 30, 0.25, 0.0187750627148012, 0.010595870683420874, 0.9980355970081298 },
    { 9, 10, 0.5, 0.021484375, 0.9990234375, 0.0107421875 },
    { 682, 925, 0.75, 0.3824915595748517, 0.19600926705388336, 0.8240891223524226 },
    { 0, 10, 0.2, 0.228248064, 0.1073741824, 1.0 },
    { 5, 10, 0.5, 1.0, 0.623046875, 0.623046875 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double two = vs_stats_binomial_test (cases[i].k, cases[i].n, cases[i].p,
                                           VS_STATS_TWO_SIDED);
      double less = vs_stats_binomial_test (cases[i].k, cases[i].n, cases[i].p, VS_STATS_LESS);
      double greater = vs_stats_binomial_test (cases[i].k, cases[i].n, cases[i].p,
                                               VS_STATS_GREATER);

      assert_close (two, cases[i].two_sided, 1e-10 * cases[i].two_sided);
      assert_close (less, cases[i].less, 1e-10 * cases[i].less);
      assert_close (greater, cases[i].greater, 1e-10 * cases[i].greater);
    }

  g_assert_cmpfloat (vs_stats_binomial_test (0, 0, 0.5, VS_STATS_TWO_SIDED), ==, 1);
  g_assert_true (isnan (vs_stats_binomial_test (3, 2, 0.5, VS_STATS_TWO_SIDED)));
  g_assert_true (isnan (vs_stats_binomial_test (1, 2, 1.5, VS_STATS_TWO_SIDED)));
}

static void
test_mcnemar (void)
{
  /* b = 1, c = 9: 2 · P(X ≤ 1 | n = 10, p = ½) = 22/1024 = 0.021484375 */
  assert_close (vs_stats_mcnemar_exact (1, 9), 0.021484375, 1e-14);
  assert_close (vs_stats_mcnemar_exact (9, 1), 0.021484375, 1e-14);
  /* b = 3, c = 12: 2 · 576/32768 = 0.03515625; b = 0, c = 5: 2/32 = 0.0625 */
  assert_close (vs_stats_mcnemar_exact (3, 12), 0.03515625, 1e-14);
  assert_close (vs_stats_mcnemar_exact (0, 5), 0.0625, 1e-14);
  g_assert_cmpfloat (vs_stats_mcnemar_exact (4, 4), ==, 1);
  g_assert_cmpfloat (vs_stats_mcnemar_exact (0, 0), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/versus/stats/quantile", test_quantile);
  g_test_add_func ("/versus/stats/pareto", test_pareto);
  g_test_add_func ("/versus/stats/normal", test_normal);
  g_test_add_func ("/versus/stats/wilson", test_wilson);
  g_test_add_func ("/versus/stats/rng", test_rng);
  g_test_add_func ("/versus/stats/bootstrap", test_bootstrap);
  g_test_add_func ("/versus/stats/binomial", test_binomial);
  g_test_add_func ("/versus/stats/mcnemar", test_mcnemar);

  return g_test_run ();
}
