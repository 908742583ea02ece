/* test-chart-palette.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "vs-chart-palette.h"

static double
luminance (const VsChartColor *c)
{
  return 0.2126 * c->red + 0.7152 * c->green + 0.0722 * c->blue;
}

static void
test_series (void)
{
  guint n = vs_chart_palette_size ();

  g_assert_cmpuint (n, ==, 7);
  /* Wraps around rather than running off the end. */
  g_assert_true (vs_chart_palette_series (n) == vs_chart_palette_series (0));

  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        const VsChartColor *a = vs_chart_palette_series (i);
        const VsChartColor *b = vs_chart_palette_series (j);
        double d = fabs (a->red - b->red) + fabs (a->green - b->green) + fabs (a->blue - b->blue);

        g_assert_cmpfloat (d, >, 0.2);
      }

  /* The first colour is Okabe–Ito blue. */
  g_assert_cmpfloat_with_epsilon (vs_chart_palette_series (0)->blue, 0xB2 / 255.0, 1e-9);
}

static void
test_ink_contrast (void)
{
  for (int dark = 0; dark <= 1; dark++)
    {
      double ink = luminance (vs_chart_palette_ink (dark));
      double bg = luminance (vs_chart_palette_background (dark));

      g_assert_cmpfloat (fabs (ink - bg), >, 0.6);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/versus/chart-palette/series", test_series);
  g_test_add_func ("/versus/chart-palette/ink-contrast", test_ink_contrast);

  return g_test_run ();
}
