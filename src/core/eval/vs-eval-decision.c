/* vs-eval-decision.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The decision paragraph and summary cards, worded from the run summary's numbers. The rules
 * that keep it honest are in vs-eval-decision.h.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "vs-eval-decision.h"

#define SIGNIFICANCE 0.05

char *
vs_eval_format_count (double value)
{
  g_autofree char *digits = NULL;
  GString *out;
  gsize len, lead;

  if (isnan (value))
    return g_strdup ("—");
  if (isinf (value))
    return g_strdup ("∞");
  digits = g_strdup_printf ("%.0f", fabs (value));
  len = strlen (digits);
  out = g_string_new (value < 0 && round (value) != 0 ? "−" : NULL);
  lead = len % 3 ? len % 3 : 3;
  g_string_append_len (out, digits, (gssize) lead);
  for (gsize i = lead; i < len; i += 3)
    {
      g_string_append_c (out, ',');
      g_string_append_len (out, digits + i, 3);
    }
  return g_string_free (out, FALSE);
}

char *
vs_eval_format_usd (double value)
{
  if (isnan (value))
    return g_strdup ("—");
  if (value < 0)
    {
      g_autofree char *positive = vs_eval_format_usd (-value);
      return g_strconcat ("−", positive, NULL);
    }
  if (value == 0)
    return g_strdup ("$0");
  if (value < 0.1)
    return g_strdup_printf ("$%.3g", value);
  if (value < 1)
    {
      /* Cents always shown: $0.50, $0.404. */
      char *text = g_strdup_printf ("$%.3f", value);

      if (g_str_has_suffix (text, "0"))
        text[strlen (text) - 1] = '\0';
      return text;
    }
  if (value < 100)
    return g_strdup_printf ("$%.2f", value);
  {
    g_autofree char *count = vs_eval_format_count (value);
    return g_strconcat ("$", count, NULL);
  }
}

/* Percentage points with one decimal and a real minus sign. */
static char *
points (double fraction)
{
  double v = round (fraction * 1000) / 10;

  if (v < 0)
    return g_strdup_printf ("−%.1f", -v);
  return g_strdup_printf ("%.1f", v == 0 ? 0.0 : v);
}

static char *
percent (double fraction)
{
  if (isnan (fraction))
    return g_strdup ("—");
  return g_strdup_printf ("%.1f%%", fraction * 100);
}

static char *
p_text (double p)
{
  if (isnan (p))
    return g_strdup ("—");
  if (p < 0.001)
    return g_strdup ("p < 0.001");
  if (p < 0.01)
    return g_strdup_printf ("p = %.3f", p);
  return g_strdup_printf ("p = %.2f", p);
}

static char *
latency_text (double ms)
{
  if (isnan (ms))
    return g_strdup ("—");
  if (ms >= 1000)
    return g_strdup_printf (_("%.2f s"), ms / 1000);
  return g_strdup_printf (_("%.0f ms"), ms);
}

static void
card_set (VsEvalCard *card,
          const char *title,
          char       *value,
          char       *detail)
{
  card->title = g_strdup (title);
  card->value = value ? value : g_strdup ("—");
  card->detail = detail ? detail : g_strdup ("");
}

static gint64
total_errors (VsRunData *data)
{
  gint64 errors = 0;

  for (guint i = 0; i < data->contenders->len; i++)
    {
      VsRunContender *c = g_ptr_array_index (data->contenders, i);

      errors += json_object_get_int_member_with_default (c->summary, "errors", 0);
    }
  return errors;
}

/* The costs and the breakeven, appended to the paragraph. With @joined the paragraph's last
 * sentence has @b as its subject and is still open: “… and costs 41% less per request; its
 * training ($25.00) pays for itself after 23,000 requests.” */
static void
append_costs (VsEvalDecision *d,
              VsRunData      *data,
              GString        *out,
              gboolean        joined)
{
  VsRunContender *a = vs_run_data_get_contender (data, (guint) d->a);
  VsRunContender *b = vs_run_data_get_contender (data, (guint) d->b);
  g_autofree char *cost = NULL;
  g_autofree char *training = NULL;

  if (!a->priced || !b->priced)
    {
      g_autoptr(GString) missing = g_string_new (NULL);

      for (guint i = 0; i < 2; i++)
        {
          VsRunContender *c = i == 0 ? a : b;

          if (c->priced || (i == 1 && g_strcmp0 (a->model, b->model) == 0 && !a->priced))
            continue;
          if (missing->len > 0)
            g_string_append (missing, _(" or "));
          g_string_append (missing, c->model ? c->model : c->name);
        }
      if (joined)
        g_string_append_c (out, '.');
      /* Translators: %s names one or two models. */
      g_string_append_printf (out, _(" Costs cannot be compared: the run has no price for %s."),
                              missing->str);
      return;
    }
  if (!isnan (d->cost_change))
    {
      if (fabs (d->cost_change) < 0.005)
        cost = g_strdup (_("costs about the same per request"));
      else
        {
          g_autofree char *per_1k = vs_eval_format_usd (b->cost_per_request * 1000);

          /* Translators: a whole percentage and a money amount. */
          cost = g_strdup_printf (d->cost_change < 0
                                  ? _("costs %.0f%% less per request (%s per 1,000 requests)")
                                  : _("costs %.0f%% more per request (%s per 1,000 requests)"),
                                  fabs (d->cost_change) * 100, per_1k);
        }
    }
  if (!isnan (b->training_cost) && !isnan (d->breakeven_requests))
    {
      g_autofree char *money = vs_eval_format_usd (b->training_cost);

      if (isinf (d->breakeven_requests))
        /* Translators: a money amount. */
        training = g_strdup_printf (_("training (%s) never pays for itself, because its "
                                      "requests are not cheaper"), money);
      else
        {
          g_autofree char *count = vs_eval_format_count (d->breakeven_requests);

          /* Translators: a money amount and a number of requests. */
          training = g_strdup_printf (_("training (%s) pays for itself after %s requests"),
                                      money, count);
        }
    }

  if (joined)
    {
      if (cost != NULL)
        /* Translators: continues “B passes … more cases than A (…)”. */
        g_string_append_printf (out, _(" and %s"), cost);
      if (cost != NULL && training != NULL)
        /* Translators: continues the sentence after a semicolon. */
        g_string_append_printf (out, _("; its %s."), training);
      else if (training != NULL)
        /* Translators: a new sentence about the contender's training. */
        g_string_append_printf (out, _(". Its %s."), training);
      else
        g_string_append_c (out, '.');
      return;
    }
  if (cost != NULL)
    /* Translators: a contender and what it costs. */
    g_string_append_printf (out, _(" %s %s."), b->name, cost);
  if (training != NULL && cost != NULL)
    /* Translators: a sentence about the contender's training. */
    g_string_append_printf (out, _(" Its %s."), training);
  else if (training != NULL)
    /* Translators: a contender, then a sentence about its training. */
    g_string_append_printf (out, _(" %s's %s."), b->name, training);
}

static void
decide_pair (VsEvalDecision *d,
             VsRunData      *data,
             GString        *out)
{
  VsRunContender *a = vs_run_data_get_contender (data, (guint) d->a);
  VsRunContender *b = vs_run_data_get_contender (data, (guint) d->b);
  gboolean swapped = FALSE;
  JsonObject *pair = vs_run_data_get_pair (data, (guint) d->a, (guint) d->b, &swapped);
  g_autofree char *p = NULL;
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;
  g_autofree char *size = NULL;
  VsRunContender *lead, *trail;
  double lower, upper;

  d->n_cases = pair ? (guint) json_object_get_int_member_with_default (pair, "cases", 0) : 0;
  d->p_value = vs_run_data_number (pair, "mcnemar_p");
  d->diff = vs_run_data_number (pair, "pass_rate_diff");
  lower = vs_run_data_interval (pair, "pass_rate_diff_ci", 0);
  upper = vs_run_data_interval (pair, "pass_rate_diff_ci", 1);
  if (swapped)
    {
      d->diff = -d->diff;
      d->diff_lower = -upper;
      d->diff_upper = -lower;
    }
  else
    {
      d->diff_lower = lower;
      d->diff_upper = upper;
    }
  if (a->priced && b->priced && a->cost_per_request > 0 && !isnan (b->cost_per_request))
    d->cost_change = b->cost_per_request / a->cost_per_request - 1;
  if (!isnan (b->training_cost))
    {
      double saving = a->priced && b->priced ? a->cost_per_request - b->cost_per_request : NAN;

      if (!isnan (saving))
        d->breakeven_requests = saving > 0 ? ceil (b->training_cost / saving) : INFINITY;
    }

  if (d->n_cases == 0 || isnan (d->diff))
    {
      d->verdict = VS_EVAL_VERDICT_TOO_FEW;
      g_string_append_printf (out,
                              /* Translators: two contenders' names. */
                              _("%s and %s have no case in common that both answered without "
                                "an error, so they cannot be compared yet."),
                              b->name, a->name);
      append_costs (d, data, out, FALSE);
      return;
    }

  lead = d->diff >= 0 ? b : a;
  trail = d->diff >= 0 ? a : b;
  size = points (fabs (d->diff));
  p = p_text (d->p_value);
  /* The interval from the leader's side: its lead's lower and upper bounds. */
  lo = points (d->diff >= 0 ? d->diff_lower : -d->diff_upper);
  hi = points (d->diff >= 0 ? d->diff_upper : -d->diff_lower);

  if (d->p_value < SIGNIFICANCE && (d->diff_lower > 0 || d->diff_upper < 0))
    {
      d->verdict = VS_EVAL_VERDICT_SIGNIFICANT;
      g_string_append_printf (out,
                              /* Translators: a contender, a number of percentage points, the
                               * other contender, the interval's bounds and “p = 0.002”; the
                               * sentence may go on (“and costs 41% less per request”). */
                              _("%s passes %s points more cases than %s (95%% CI %s to %s; "
                                "McNemar %s)"),
                              lead->name, size, trail->name, lo, hi, p);
      /* The candidate leads: its costs continue the sentence. */
      if (lead == b && d->n_cases >= VS_EVAL_DECISION_MIN_CASES)
        {
          append_costs (d, data, out, TRUE);
          return;
        }
      g_string_append_c (out, '.');
      if (d->n_cases < VS_EVAL_DECISION_MIN_CASES)
        g_string_append_printf (out,
                                g_dngettext (GETTEXT_PACKAGE,
                                             " Only %u case was compared, so how large the "
                                             "difference is remains uncertain.",
                                             " Only %u cases were compared, so how large the "
                                             "difference is remains uncertain.", d->n_cases),
                                d->n_cases);
    }
  else
    {
      g_autofree char *observed = NULL;

      if (fabs (d->diff) < 0.0005)
        /* Translators: the interval's bounds and “p = 1.00”. */
        observed = g_strdup_printf (_("both pass the same share (95%% CI of the difference %s "
                                      "to %s; McNemar %s)"), lo, hi, p);
      else
        /* Translators: a contender, percentage points, the interval's bounds and
         * “p = 0.25”. */
        observed = g_strdup_printf (_("%s passes %s points more (95%% CI %s to %s; McNemar "
                                      "%s), which could be chance"), lead->name, size, lo, hi, p);
      if (d->n_cases < VS_EVAL_DECISION_MIN_CASES)
        {
          d->verdict = VS_EVAL_VERDICT_TOO_FEW;
          g_string_append_printf (out,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               /* Translators: the number of cases, two
                                                * contenders and what was observed. */
                                               "With only %u case, this run cannot tell %s from "
                                               "%s: %s. Run more cases before deciding.",
                                               "With only %u cases, this run cannot tell %s from "
                                               "%s: %s. Run more cases before deciding.",
                                               d->n_cases),
                                  d->n_cases, b->name, a->name, observed);
        }
      else
        {
          d->verdict = VS_EVAL_VERDICT_NOT_SIGNIFICANT;
          g_string_append_printf (out,
                                  /* Translators: two contenders, the number of cases and
                                   * what was observed. */
                                  _("%s and %s pass about as many cases: over %u cases %s. "
                                    "Neither is shown to be better."),
                                  b->name, a->name, d->n_cases, observed);
        }
    }
  append_costs (d, data, out, FALSE);
}

static void
build_cards (VsEvalDecision *d,
             VsRunData      *data)
{
  VsRunContender *best = d->best >= 0 ? vs_run_data_get_contender (data, (guint) d->best) : NULL;
  VsRunContender *a = d->a >= 0 ? vs_run_data_get_contender (data, (guint) d->a) : NULL;
  VsRunContender *b = d->b >= 0 ? vs_run_data_get_contender (data, (guint) d->b) : NULL;
  VsRunContender *subject = b ? b : best;
  g_autofree char *rate = best ? percent (best->pass_rate) : NULL;

  /* Best contender */
  if (best == NULL)
    card_set (&d->cards[0], _("Best contender"), g_strdup (_("No results yet")), NULL);
  else if (d->verdict == VS_EVAL_VERDICT_ONE)
    card_set (&d->cards[0], _("Best contender"), g_strdup (best->name),
              /* Translators: a pass rate such as 91.7%. */
              g_strdup_printf (_("%s pass · the only contender"), rate));
  else if (d->verdict == VS_EVAL_VERDICT_SIGNIFICANT)
    card_set (&d->cards[0], _("Best contender"), g_strdup (best->name),
              /* Translators: a pass rate such as 91.7%. */
              g_strdup_printf (_("%s pass · significantly ahead"), rate));
  else
    card_set (&d->cards[0], _("Best contender"), g_strdup (_("No clear winner")),
              /* Translators: a contender and its pass rate. */
              g_strdup_printf (_("Highest pass rate: %s (%s), not a significant lead"),
                               best->name, rate));

  /* Difference */
  if (a == NULL || b == NULL || isnan (d->diff))
    card_set (&d->cards[1], _("Difference"), NULL,
              g_strdup (a == NULL || b == NULL ? _("Needs two contenders")
                                               : _("No case in common")));
  else
    {
      g_autofree char *size = points (d->diff);
      g_autofree char *lo = points (d->diff_lower);
      g_autofree char *hi = points (d->diff_upper);
      g_autofree char *p = p_text (d->p_value);

      card_set (&d->cards[1], _("Difference"),
                /* Translators: percentage points, e.g. “+8.1 points”. */
                g_strdup_printf (_("%s%s points"), d->diff > 0.0005 ? "+" : "", size),
                /* Translators: two contenders, the interval's bounds and “p = 0.002”. */
                g_strdup_printf (_("%s vs %s · 95%% CI %s to %s · McNemar %s"), b->name,
                                 a->name, lo, hi, p));
    }

  /* Cost per 1,000 requests */
  if (subject == NULL || !subject->priced)
    card_set (&d->cards[2], _("Cost per 1,000 requests"), g_strdup (_("Unknown")),
              g_strdup (_("No prices are set for these models")));
  else if (a != NULL && a != subject && a->priced)
    {
      g_autofree char *other = vs_eval_format_usd (a->cost_per_request * 1000);

      card_set (&d->cards[2], _("Cost per 1,000 requests"),
                vs_eval_format_usd (subject->cost_per_request * 1000),
                /* Translators: a contender, then the other contender and its cost. */
                g_strdup_printf (_("%s · %s: %s"), subject->name, a->name, other));
    }
  else
    card_set (&d->cards[2], _("Cost per 1,000 requests"),
              vs_eval_format_usd (subject->cost_per_request * 1000), g_strdup (subject->name));

  /* p95 latency */
  if (subject == NULL || isnan (subject->p95_latency_ms))
    card_set (&d->cards[3], _("p95 latency"), NULL, g_strdup (_("No latencies recorded")));
  else if (a != NULL && a != subject && !isnan (a->p95_latency_ms))
    {
      g_autofree char *other = latency_text (a->p95_latency_ms);

      card_set (&d->cards[3], _("p95 latency"), latency_text (subject->p95_latency_ms),
                /* Translators: a contender, then the other contender and its latency. */
                g_strdup_printf (_("%s · %s: %s"), subject->name, a->name, other));
    }
  else
    card_set (&d->cards[3], _("p95 latency"), latency_text (subject->p95_latency_ms),
              g_strdup (subject->name));
}

static double
rate_of (VsRunData *data,
         gint       index)
{
  return vs_run_data_get_contender (data, (guint) index)->pass_rate;
}

VsEvalDecision *
vs_eval_decision_new (VsRunData *data)
{
  VsEvalDecision *d = g_new0 (VsEvalDecision, 1);
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = 0;
  gint64 errors;

  g_return_val_if_fail (data != NULL, d);

  d->a = d->b = d->best = -1;
  d->diff = d->diff_lower = d->diff_upper = d->p_value = NAN;
  d->cost_change = d->breakeven_requests = NAN;

  for (guint i = 0; i < data->contenders->len; i++)
    {
      VsRunContender *c = g_ptr_array_index (data->contenders, i);

      if (isnan (c->pass_rate))
        continue;
      n++;
      if (d->best < 0 || c->pass_rate > rate_of (data, d->best))
        d->best = (gint) i;
    }

  if (n == 0)
    {
      d->verdict = VS_EVAL_VERDICT_NO_DATA;
      g_string_append (out, data->contenders->len == 0
                            ? _("This run has no contenders.")
                            : _("This run has no results to compare yet."));
    }
  else if (data->contenders->len == 1)
    {
      VsRunContender *c = g_ptr_array_index (data->contenders, 0);
      gint64 cases = json_object_get_int_member_with_default (c->summary, "cases", 0);
      g_autofree char *rate = percent (c->pass_rate);
      g_autofree char *lo = percent (c->pass_rate_lower);
      g_autofree char *hi = percent (c->pass_rate_upper);

      d->verdict = VS_EVAL_VERDICT_ONE;
      g_string_append_printf (out,
                              g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: a contender, a pass rate, the number
                                            * of cases and the interval's bounds. */
                                           "Only one contender was evaluated: %s passes %s of "
                                           "%" G_GINT64_FORMAT " case (95%% CI %s to %s). Add a "
                                           "second contender to compare.",
                                           "Only one contender was evaluated: %s passes %s of "
                                           "%" G_GINT64_FORMAT " cases (95%% CI %s to %s). Add a "
                                           "second contender to compare.", (gulong) cases),
                              c->name, rate, cases, lo, hi);
      if (c->priced)
        {
          g_autofree char *cost = vs_eval_format_usd (c->cost_per_request * 1000);
          /* Translators: a money amount. */
          g_string_append_printf (out, _(" It costs %s per 1,000 requests."), cost);
        }
    }
  else
    {
      VsRunContender *first = g_ptr_array_index (data->contenders, 0);

      d->a = 0;
      for (guint i = 1; i < data->contenders->len; i++)
        {
          VsRunContender *c = g_ptr_array_index (data->contenders, i);

          if (isnan (c->pass_rate))
            continue;
          if (d->b < 0 || c->pass_rate > rate_of (data, d->b))
            d->b = (gint) i;
        }
      if (d->b < 0 || isnan (first->pass_rate))
        {
          VsRunContender *only = vs_run_data_get_contender (data, (guint) d->best);
          g_autofree char *rate = percent (only->pass_rate);

          d->verdict = VS_EVAL_VERDICT_TOO_FEW;
          d->a = d->b = -1;
          g_string_append_printf (out,
                                  /* Translators: a contender and its pass rate. */
                                  _("Only %s has results so far (%s pass); the others cannot "
                                    "be compared yet."), only->name, rate);
        }
      else
        {
          if (data->contenders->len > 2)
            {
              VsRunContender *best = g_ptr_array_index (data->contenders, (guint) d->best);
              g_autofree char *rate = percent (best->pass_rate);
              g_autoptr(GPtrArray) tied = g_ptr_array_new ();

              for (guint i = 0; i < data->contenders->len; i++)
                {
                  VsRunContender *c = g_ptr_array_index (data->contenders, i);

                  if (c->pass_rate == best->pass_rate)
                    g_ptr_array_add (tied, c->name);
                }
              if (tied->len == 1)
                g_string_append_printf (out,
                                        /* Translators: the number of contenders, the one with
                                         * the highest pass rate and that rate. */
                                        _("Of %u contenders, %s has the highest pass rate "
                                          "(%s). "),
                                        data->contenders->len, best->name, rate);
              else
                {
                  g_autoptr(GString) names = g_string_new (NULL);

                  for (guint i = 0; i < tied->len; i++)
                    {
                      if (i > 0)
                        g_string_append (names, i + 1 == tied->len ? _(" and ") : ", ");
                      g_string_append (names, g_ptr_array_index (tied, i));
                    }
                  g_string_append_printf (out,
                                          /* Translators: the number of contenders, a list of
                                           * contenders and their common pass rate. */
                                          _("Of %u contenders, %s share the highest pass rate "
                                            "(%s). "),
                                          data->contenders->len, names->str, rate);
                }
            }
          decide_pair (d, data, out);
        }
    }

  errors = total_errors (data);
  if (errors > 0)
    g_string_append_printf (out,
                            g_dngettext (GETTEXT_PACKAGE,
                                         " %" G_GINT64_FORMAT " trial ended in error and is left "
                                         "out of the pass rates.",
                                         " %" G_GINT64_FORMAT " trials ended in error and are "
                                         "left out of the pass rates.", (gulong) errors),
                            errors);
  d->paragraph = g_string_free (g_steal_pointer (&out), FALSE);
  build_cards (d, data);
  return d;
}

void
vs_eval_decision_free (VsEvalDecision *decision)
{
  if (decision == NULL)
    return;
  g_free (decision->paragraph);
  for (guint i = 0; i < VS_EVAL_DECISION_N_CARDS; i++)
    {
      g_free (decision->cards[i].title);
      g_free (decision->cards[i].value);
      g_free (decision->cards[i].detail);
    }
  g_free (decision);
}
