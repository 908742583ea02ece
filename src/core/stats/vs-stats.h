/* vs-stats.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The statistics every comparison in Versus rests on, in one place so that a chart, its
 * description and an evaluation report never disagree: quantiles as numpy computes them,
 * the Pareto front of cost against quality, the Wilson interval for a pass rate, seeded
 * bootstrap intervals for a mean and a paired difference, and exact binomial and McNemar
 * tests. Plain functions over arrays of doubles; no GObject, no allocation kept.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An estimate with its interval; lower ≤ estimate ≤ upper when all are finite. */
typedef struct
{
  double estimate;
  double lower;
  double upper;
} VsStatsInterval;

typedef enum
{
  VS_STATS_TWO_SIDED,
  VS_STATS_LESS,     /* the true proportion is below the hypothesised one */
  VS_STATS_GREATER,
} VsStatsAlternative;

/* Quantile @q (0…1) of @n values sorted ascending, by numpy's default ("linear", type 7):
 * position h = (n - 1)·q, then sorted[⌊h⌋] + (h - ⌊h⌋)·(sorted[⌊h⌋ + 1] - sorted[⌊h⌋]).
 * NAN when @n is 0. */
double   vs_stats_quantile_sorted   (const double *sorted,
                                     gsize         n,
                                     double        q);
/* The same over unsorted values; NaN values are left out (numpy.nanquantile). */
double   vs_stats_quantile          (const double *values,
                                     gsize         n,
                                     double        q);
/* Sorts @values ascending in place, NaN last; returns how many are not NaN. */
gsize    vs_stats_sort              (double       *values,
                                     gsize         n);

/* Marks in @front (n entries) the points on the Pareto front where low x and high y are
 * best: a point is on it when every point with x ≤ its x has a lower y. Points with a
 * non-finite coordinate are never on it; of identical points only the first is marked.
 * O(n log n). */
void     vs_stats_pareto_front      (const double *x,
                                     const double *y,
                                     gsize         n,
                                     gboolean     *front);

/* The z for a two-sided @confidence (0.95 → 1.959964…): the standard normal's quantile at
 * (1 + confidence) / 2. NAN outside (0, 1). */
double   vs_stats_z_for_confidence  (double        confidence);
/* The standard normal quantile (probit) of @p in (0, 1); ±INFINITY at 0 and 1. */
double   vs_stats_normal_quantile   (double        p);

/* Wilson score interval for @successes out of @trials, without continuity correction, for
 * a given @z (vs_stats_z_for_confidence()). The estimate is successes / trials. FALSE (and
 * estimate NAN, interval [0, 1]) when @trials is 0 or @successes > @trials. */
gboolean vs_stats_wilson            (guint64          successes,
                                     guint64          trials,
                                     double           z,
                                     VsStatsInterval *out);
gboolean vs_stats_wilson_confidence (guint64          successes,
                                     guint64          trials,
                                     double           confidence,
                                     VsStatsInterval *out);

/* Percentile bootstrap interval for the mean of @values: @n_resamples resamples with
 * replacement, each mean kept, the interval their (1 - confidence)/2 and (1 + confidence)/2
 * quantiles (vs_stats_quantile_sorted). The estimate is the plain mean. Deterministic for a
 * @seed on every platform: the generator is xoshiro256** (Blackman and Vigna) seeded by
 * four outputs of splitmix64 from @seed, and an index in 0…n-1 is r mod n for the first
 * output r ≥ 2^64 mod n (no modulo bias), one per draw. NaN values are left out;
 * FALSE when none is left, @n_resamples is 0 or @confidence is outside (0, 1). */
gboolean vs_stats_bootstrap_mean    (const double    *values,
                                     gsize            n,
                                     guint            n_resamples,
                                     double           confidence,
                                     guint64          seed,
                                     VsStatsInterval *out);
/* The same for the mean of a[i] - b[i] over pairs resampled together (a paired
 * comparison: the same cases answered by two contenders). Pairs with a NaN are left out. */
gboolean vs_stats_bootstrap_paired_mean_difference (const double    *a,
                                                    const double    *b,
                                                    gsize            n,
                                                    guint            n_resamples,
                                                    double           confidence,
                                                    guint64          seed,
                                                    VsStatsInterval *out);

/* Exact binomial test of @successes out of @trials against probability @p, as
 * scipy.stats.binomtest: two-sided sums the probabilities of every outcome no more likely
 * than the one observed (with scipy's relative tolerance of 1e-7), "less" is P(X ≤ k) and
 * "greater" P(X ≥ k). 1 when @trials is 0; NAN for @p outside [0, 1] or k > n. */
double   vs_stats_binomial_test     (guint64            successes,
                                     guint64            trials,
                                     double             p,
                                     VsStatsAlternative alternative);
/* Exact McNemar test for paired pass/fail outcomes: the two-sided exact binomial test of
 * @b against b + c trials at p = ½, where @b counts pairs only the first passed and @c
 * pairs only the second passed. 1 when b + c = 0. */
double   vs_stats_mcnemar_exact     (guint64            b,
                                     guint64            c);

/* The generator the bootstraps use, for callers that need the same stream (tests, samples). */
typedef struct
{
  guint64 s[4];
} VsStatsRng;

void     vs_stats_rng_init          (VsStatsRng       *rng,
                                     guint64           seed);
guint64  vs_stats_rng_next          (VsStatsRng       *rng);
/* Uniform in 0 … @bound - 1 (@bound > 0), unbiased. */
guint64  vs_stats_rng_below         (VsStatsRng       *rng,
                                     guint64           bound);

G_END_DECLS
