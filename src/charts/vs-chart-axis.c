/* vs-chart-axis.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "vs-chart-axis.h"

#define LIMIT 1e300
#define MAX_TICKS 60

static double
nice_step (double raw)
{
  double exponent = floor (log10 (raw));
  double base = pow (10, exponent);
  double fraction = raw / base;

  if (fraction <= 1.0 + 1e-9)
    return base;
  if (fraction <= 2.0 + 1e-9)
    return 2 * base;
  if (fraction <= 5.0 + 1e-9)
    return 5 * base;
  return 10 * base;
}

void
vs_chart_ticks (double lo, double hi, guint target, VsChartTicks *ticks)
{
  double range;

  g_return_if_fail (ticks != NULL);

  target = CLAMP (target, 1, MAX_TICKS - 1);
  if (!isfinite (lo) && !isfinite (hi))
    lo = 0, hi = 1;
  else if (!isfinite (lo))
    lo = hi;
  else if (!isfinite (hi))
    hi = lo;
  lo = CLAMP (lo, -LIMIT, LIMIT);
  hi = CLAMP (hi, -LIMIT, LIMIT);
  if (hi < lo)
    {
      double t = lo;

      lo = hi;
      hi = t;
    }
  if (hi == lo)
    {
      double pad = fabs (lo) > 0 ? fabs (lo) * 0.1 : 0.5;

      lo -= pad;
      hi += pad;
      if (lo < 0 && lo + pad >= 0)
        lo = 0; /* keep a positive value's axis non-negative */
    }
  range = hi - lo;
  if (!isfinite (range) || range <= 0)
    range = fabs (hi) > 0 ? fabs (hi) : 1;

  ticks->step = nice_step (range / target);
  if (!isfinite (ticks->step) || ticks->step <= 0)
    ticks->step = 1;
  ticks->min = floor (lo / ticks->step + 1e-9) * ticks->step;
  ticks->max = ceil (hi / ticks->step - 1e-9) * ticks->step;
  if (ticks->max <= ticks->min)
    ticks->max = ticks->min + ticks->step;
  ticks->n = (guint)MIN (round ((ticks->max - ticks->min) / ticks->step) + 1, MAX_TICKS);
  ticks->max = ticks->min + (ticks->n - 1) * ticks->step;
}

double
vs_chart_ticks_get (const VsChartTicks *ticks, guint index)
{
  double v;

  g_return_val_if_fail (ticks != NULL, NAN);

  v = ticks->min + index * ticks->step;
  if (fabs (v) < ticks->step * 1e-9)
    v = 0;
  return v;
}

static int
decimals_for (double step)
{
  if (!isfinite (step) || step <= 0)
    return 2;
  return CLAMP ((int)-floor (log10 (step) + 1e-9), 0, 6);
}

char *
vs_chart_format_number (double value, double step)
{
  static const char *suffixes[] = { "", "k", "M", "G", "T" };
  char               buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char               format[16];
  double             magnitude = fabs (value);
  guint              suffix = 0;

  if (isnan (value))
    return g_strdup ("–");
  if (isinf (value))
    return g_strdup (value > 0 ? "∞" : "−∞");

  if (!isfinite (step) || step <= 0)
    step = magnitude > 0 ? pow (10, floor (log10 (magnitude)) - 2) : 1;

  if (value == 0)
    return g_strdup ("0");
  if (step >= 1000 || magnitude >= 1e4)
    while (MAX (magnitude, step) >= 1000 && suffix + 1 < G_N_ELEMENTS (suffixes))
      {
        value /= 1000;
        magnitude /= 1000;
        step /= 1000;
        suffix++;
      }
  if (magnitude >= 1e4)
    return g_strdup_printf ("%.3g%s", value, suffixes[suffix]);

  g_snprintf (format, sizeof format, "%%.%df", decimals_for (step));
  g_ascii_formatd (buffer, sizeof buffer, format, value);
  /* "-0" and "-0.0" read as a sign error */
  if (buffer[0] == '-' && strspn (buffer + 1, "0.") == strlen (buffer + 1))
    memmove (buffer, buffer + 1, strlen (buffer));
  return g_strdup_printf ("%s%s%s", buffer[0] == '-' ? "−" : "",
                          buffer[0] == '-' ? buffer + 1 : buffer, suffixes[suffix]);
}

static gboolean
is_currency (const char *unit)
{
  return g_strcmp0 (unit, "$") == 0 || g_strcmp0 (unit, "USD") == 0 || g_strcmp0 (unit, "€") == 0
         || g_strcmp0 (unit, "EUR") == 0 || g_strcmp0 (unit, "£") == 0;
}

static const char *
currency_symbol (const char *unit)
{
  if (g_strcmp0 (unit, "USD") == 0)
    return "$";
  if (g_strcmp0 (unit, "EUR") == 0)
    return "€";
  return unit;
}

/* "0.420" → "0.42", "12.0k" → "12k": for single values, not for a column of ticks. */
static char *
strip_zeros (char *number)
{
  char *dot = strchr (number, '.');
  char *end;
  char *digits_end;

  if (dot == NULL)
    return number;
  digits_end = dot + 1;
  while (g_ascii_isdigit (*digits_end))
    digits_end++;
  end = digits_end;
  while (end > dot + 1 && end[-1] == '0')
    end--;
  if (end == dot + 1)
    end = dot;
  memmove (end, digits_end, strlen (digits_end) + 1);
  return number;
}

char *
vs_chart_format_value (double value, gboolean percent, const char *unit)
{
  g_autofree char *number = NULL;
  double           magnitude;

  if (!isfinite (value))
    return g_strdup ("–");

  if (percent)
    {
      double p = value * 100;

      magnitude = fabs (p);
      number = vs_chart_format_number (p, magnitude >= 10 || magnitude == 0 ? 1 : 0.1);
      return g_strdup_printf ("%s%%", number);
    }

  magnitude = fabs (value);
  /* three significant digits, at least */
  number = strip_zeros (vs_chart_format_number (
      value, magnitude > 0 ? MIN (1, pow (10, floor (log10 (magnitude)) - 2)) : 1));
  if (unit == NULL || *unit == '\0' || g_strcmp0 (unit, "%") == 0)
    return g_strdup_printf ("%s%s", number, g_strcmp0 (unit, "%") == 0 ? "%" : "");
  if (is_currency (unit))
    {
      if (number[0] != '\0' && g_str_has_prefix (number, "−"))
        return g_strdup_printf ("−%s%s", currency_symbol (unit), number + strlen ("−"));
      return g_strdup_printf ("%s%s", currency_symbol (unit), number);
    }
  return g_strdup_printf ("%s %s", number, unit);
}
