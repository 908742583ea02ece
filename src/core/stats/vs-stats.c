/* vs-stats.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small, exact-where-possible statistics. Each function says which reference it matches
 * (numpy, scipy) and tests/test-stats.c checks it against values computed from those
 * definitions with exact arithmetic.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vs-stats.h"

/* Quantiles */

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  /* NaN sorts last. */
  if (isnan (x) || isnan (y))
    return isnan (x) - isnan (y);
  return (x > y) - (x < y);
}

gsize
vs_stats_sort (double *values,
               gsize   n)
{
  gsize finite = 0;

  if (n == 0)
    return 0;
  g_return_val_if_fail (values != NULL, 0);

  qsort (values, n, sizeof *values, compare_doubles);
  while (finite < n && !isnan (values[finite]))
    finite++;
  return finite;
}

double
vs_stats_quantile_sorted (const double *sorted,
                          gsize         n,
                          double        q)
{
  double position, t;
  gsize below, above;

  if (n == 0 || isnan (q))
    return NAN;
  g_return_val_if_fail (sorted != NULL, NAN);

  q = CLAMP (q, 0.0, 1.0);
  position = q * (double) (n - 1);
  below = (gsize) floor (position);
  if (below > n - 1)
    below = n - 1;
  above = MIN (below + 1, n - 1);
  t = position - (double) below;
  if (t == 0)
    return sorted[below];
  return sorted[below] + t * (sorted[above] - sorted[below]);
}

double
vs_stats_quantile (const double *values,
                   gsize         n,
                   double        q)
{
  g_autofree double *copy = NULL;
  gsize finite;

  if (n == 0)
    return NAN;
  g_return_val_if_fail (values != NULL, NAN);

  copy = g_memdup2 (values, n * sizeof *values);
  finite = vs_stats_sort (copy, n);
  return vs_stats_quantile_sorted (copy, finite, q);
}

/* The Pareto front */

typedef struct
{
  double x;
  double y;
  gsize  index;
} Point;

static int
compare_points (const void *a,
                const void *b)
{
  const Point *p = a;
  const Point *q = b;

  if (p->x != q->x)
    return (p->x > q->x) - (p->x < q->x);
  if (p->y != q->y)
    return (q->y > p->y) - (q->y < p->y);
  return (p->index > q->index) - (p->index < q->index);
}

void
vs_stats_pareto_front (const double *x,
                       const double *y,
                       gsize         n,
                       gboolean     *front)
{
  g_autofree Point *points = NULL;
  gsize m = 0;
  double best = -INFINITY;

  if (n == 0)
    return;
  g_return_if_fail (x != NULL && y != NULL && front != NULL);

  points = g_new (Point, n);
  for (gsize i = 0; i < n; i++)
    {
      front[i] = FALSE;
      if (isfinite (x[i]) && isfinite (y[i]))
        points[m++] = (Point) { x[i], y[i], i };
    }

  /* Cheapest first, best first among equal costs: a point is on the front when it beats the
   * quality of everything at most as expensive. */
  qsort (points, m, sizeof *points, compare_points);
  for (gsize i = 0; i < m; i++)
    if (points[i].y > best)
      {
        best = points[i].y;
        front[points[i].index] = TRUE;
      }
}

/* The normal quantile */

double
vs_stats_normal_quantile (double p)
{
  /* Acklam's rational approximation (relative error 1.15e-9), then one Halley step on
   * erfc, which brings it to double precision. */
  static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02,
                              -2.759285104469687e+02, 1.383577518672690e+02,
                              -3.066479806614716e+01, 2.506628277459239e+00 };
  static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02,
                              -1.556989798598866e+02, 6.680131188771972e+01,
                              -1.328068155288572e+01 };
  static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01,
                              -2.400758277161838e+00, -2.549732539343734e+00,
                              4.374664141464968e+00, 2.938163982698783e+00 };
  static const double d[] = { 7.784695709041462e-03, 3.224671290700398e-01,
                              2.445134137142996e+00, 3.754408661907416e+00 };
  const double low = 0.02425;
  double q, r, x, e, u;

  if (isnan (p) || p < 0 || p > 1)
    return NAN;
  if (p == 0)
    return -INFINITY;
  if (p == 1)
    return INFINITY;

  if (p < low)
    {
      q = sqrt (-2 * log (p));
      x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
          ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
  else if (p <= 1 - low)
    {
      q = p - 0.5;
      r = q * q;
      x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
          (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
  else
    {
      q = sqrt (-2 * log1p (-p));
      x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
          ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }

  e = 0.5 * erfc (-x / G_SQRT2) - p;
  u = e * sqrt (2 * G_PI) * exp (x * x / 2);
  return x - u / (1 + x * u / 2);
}

double
vs_stats_z_for_confidence (double confidence)
{
  if (!(confidence > 0 && confidence < 1))
    return NAN;
  return vs_stats_normal_quantile ((1 + confidence) / 2);
}

/* Wilson */

gboolean
vs_stats_wilson (guint64          successes,
                 guint64          trials,
                 double           z,
                 VsStatsInterval *out)
{
  double n, p, z2, denominator, centre, half;

  g_return_val_if_fail (out != NULL, FALSE);

  if (trials == 0 || successes > trials || !(z >= 0) || !isfinite (z))
    {
      *out = (VsStatsInterval) { NAN, 0, 1 };
      return FALSE;
    }

  n = (double) trials;
  p = (double) successes / n;
  z2 = z * z;
  denominator = 1 + z2 / n;
  centre = (p + z2 / (2 * n)) / denominator;
  half = z / denominator * sqrt (p * (1 - p) / n + z2 / (4 * n * n));
  out->estimate = p;
  /* Exactly 0 and 1 at the ends, where rounding would leave 1e-17 or 1 - 1e-16. */
  out->lower = successes == 0 ? 0 : MAX (0, centre - half);
  out->upper = successes == trials ? 1 : MIN (1, centre + half);
  return TRUE;
}

gboolean
vs_stats_wilson_confidence (guint64          successes,
                            guint64          trials,
                            double           confidence,
                            VsStatsInterval *out)
{
  double z = vs_stats_z_for_confidence (confidence);

  g_return_val_if_fail (out != NULL, FALSE);

  if (isnan (z))
    {
      *out = (VsStatsInterval) { NAN, 0, 1 };
      return FALSE;
    }
  return vs_stats_wilson (successes, trials, z, out);
}

/* The generator: splitmix64 seeding xoshiro256** (https://prng.di.unimi.it/) */

static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

void
vs_stats_rng_init (VsStatsRng *rng,
                   guint64     seed)
{
  guint64 state = seed;

  g_return_if_fail (rng != NULL);

  for (guint i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&state);
}

guint64
vs_stats_rng_next (VsStatsRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

guint64
vs_stats_rng_below (VsStatsRng *rng,
                    guint64     bound)
{
  guint64 threshold, r;

  g_return_val_if_fail (bound > 0, 0);

  /* 2^64 mod bound: outputs below it would favour the small results. */
  threshold = (0 - bound) % bound;
  do
    r = vs_stats_rng_next (rng);
  while (r < threshold);
  return r % bound;
}

/* Bootstrap */

static gboolean
bootstrap (const double    *values,
           gsize            n,
           guint            n_resamples,
           double           confidence,
           guint64          seed,
           VsStatsInterval *out)
{
  g_autofree double *means = NULL;
  VsStatsRng rng;
  double sum = 0, alpha;

  *out = (VsStatsInterval) { NAN, NAN, NAN };
  if (n == 0 || n_resamples == 0 || !(confidence > 0 && confidence < 1))
    return FALSE;

  for (gsize i = 0; i < n; i++)
    sum += values[i];
  out->estimate = sum / (double) n;

  vs_stats_rng_init (&rng, seed);
  means = g_new (double, n_resamples);
  for (guint r = 0; r < n_resamples; r++)
    {
      double s = 0;

      for (gsize i = 0; i < n; i++)
        s += values[vs_stats_rng_below (&rng, n)];
      means[r] = s / (double) n;
    }

  qsort (means, n_resamples, sizeof *means, compare_doubles);
  alpha = 1 - confidence;
  out->lower = vs_stats_quantile_sorted (means, n_resamples, alpha / 2);
  out->upper = vs_stats_quantile_sorted (means, n_resamples, 1 - alpha / 2);
  return TRUE;
}

gboolean
vs_stats_bootstrap_mean (const double    *values,
                         gsize            n,
                         guint            n_resamples,
                         double           confidence,
                         guint64          seed,
                         VsStatsInterval *out)
{
  g_autofree double *kept = NULL;
  gsize m = 0;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (n == 0 || values != NULL, FALSE);

  kept = g_new (double, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    if (!isnan (values[i]))
      kept[m++] = values[i];
  return bootstrap (kept, m, n_resamples, confidence, seed, out);
}

gboolean
vs_stats_bootstrap_paired_mean_difference (const double    *a,
                                           const double    *b,
                                           gsize            n,
                                           guint            n_resamples,
                                           double           confidence,
                                           guint64          seed,
                                           VsStatsInterval *out)
{
  g_autofree double *differences = NULL;
  gsize m = 0;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (n == 0 || (a != NULL && b != NULL), FALSE);

  /* Resampling pairs together is resampling their differences. */
  differences = g_new (double, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    if (!isnan (a[i]) && !isnan (b[i]))
      differences[m++] = a[i] - b[i];
  return bootstrap (differences, m, n_resamples, confidence, seed, out);
}

/* Exact tests */

static double
binomial_log_pmf (guint64 k,
                  guint64 n,
                  double  p)
{
  if (p == 0)
    return k == 0 ? 0 : -INFINITY;
  if (p == 1)
    return k == n ? 0 : -INFINITY;
  return lgamma ((double) n + 1) - lgamma ((double) k + 1) - lgamma ((double) (n - k) + 1) +
         (double) k * log (p) + (double) (n - k) * log1p (-p);
}

double
vs_stats_binomial_test (guint64            successes,
                        guint64            trials,
                        double             p,
                        VsStatsAlternative alternative)
{
  double sum = 0;

  if (!(p >= 0 && p <= 1) || successes > trials)
    return NAN;
  if (trials == 0)
    return 1;

  switch (alternative)
    {
    case VS_STATS_LESS:
      for (guint64 i = 0; i <= successes; i++)
        sum += exp (binomial_log_pmf (i, trials, p));
      break;

    case VS_STATS_GREATER:
      for (guint64 i = successes; i <= trials; i++)
        sum += exp (binomial_log_pmf (i, trials, p));
      break;

    case VS_STATS_TWO_SIDED:
    default:
      {
        /* scipy's rule: outcomes at most (1 + 1e-7) times as likely as the observed one. */
        double observed = binomial_log_pmf (successes, trials, p);
        double limit = observed + log1p (1e-7);

        if ((double) successes == p * (double) trials)
          return 1;
        for (guint64 i = 0; i <= trials; i++)
          {
            double log_pmf = binomial_log_pmf (i, trials, p);

            if (log_pmf <= limit)
              sum += exp (log_pmf);
          }
      }
      break;
    }

  return MIN (sum, 1.0);
}

double
vs_stats_mcnemar_exact (guint64 b,
                        guint64 c)
{
  if (b + c == 0)
    return 1;
  return vs_stats_binomial_test (MIN (b, c), b + c, 0.5, VS_STATS_TWO_SIDED);
}
