/* vs-eval-decision.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The answer in plain words, from a run's numbers: the decision paragraph and the summary
 * cards the Compare page, presentation mode and reports show. For example: “Fine-tuned passes
 * 8.1 points more cases than Few-shot (95% CI 4.0 to 12.3; McNemar p = 0.002) and costs 41%
 * less per request; training pays for itself after 23,000 requests.”
 *
 * It never claims more than the test supports. The headline pair is the first contender (the
 * baseline) against the contender with the highest pass rate among the others (or, when the
 * first leads, the runner-up). A difference is “significant” only when McNemar's exact
 * p < 0.05 and the bootstrap 95% interval of the difference leaves out zero; only then does
 * the paragraph say one passes more cases than the other. With fewer than
 * VS_EVAL_DECISION_MIN_CASES paired cases it says so, and that a difference this size could
 * be chance. One contender gets its pass rate and an invitation to compare; a run without
 * results says that. Costs and latencies are measured, not tested, and are given as numbers.
 */
#pragma once

#include "vs-run-data.h"

G_BEGIN_DECLS

/* Below this many paired cases the paragraph warns that the run is too small to detect
 * anything but a large difference. */
#define VS_EVAL_DECISION_MIN_CASES 30

typedef enum
{
  VS_EVAL_VERDICT_NO_DATA,       /* no contender has a pass rate yet */
  VS_EVAL_VERDICT_ONE,           /* one contender: nothing to compare */
  VS_EVAL_VERDICT_SIGNIFICANT,   /* the headline pair differs significantly */
  VS_EVAL_VERDICT_NOT_SIGNIFICANT,
  VS_EVAL_VERDICT_TOO_FEW,       /* not significant and fewer than MIN_CASES paired cases */
} VsEvalVerdict;

/* One summary card: a title (“Best contender”), its value in large type (“Fine-tuned”) and a
 * line under it (“91.7% of 120 cases pass”). Strings are translated and never NULL. */
typedef struct
{
  char *title;
  char *value;
  char *detail;
} VsEvalCard;

typedef struct
{
  VsEvalVerdict verdict;
  char         *paragraph;     /* the decision in plain words; never NULL */

  /* The headline pair: b − a. -1 when there is no pair (NO_DATA, ONE). */
  gint          a;             /* index of the baseline */
  gint          b;             /* index of the contender compared with it */
  gint          best;          /* highest pass rate; -1 when none */
  guint         n_cases;       /* paired cases of a and b */
  double        diff;          /* pass rate of b − a, as a fraction; NAN when none */
  double        diff_lower;    /* bootstrap 95% */
  double        diff_upper;
  double        p_value;       /* McNemar exact; NAN when none */
  double        cost_change;   /* b's cost per request relative to a's (−0.41: 41% less);
                                * NAN when either is not priced */
  double        breakeven_requests; /* after which b's training pays for itself; NAN when b
                                     * has no training cost, INFINITY when it never does */

  /* Cards in display order: best contender, difference, cost per 1,000 requests, p95
   * latency. */
  VsEvalCard    cards[4];
} VsEvalDecision;

#define VS_EVAL_DECISION_N_CARDS 4

VsEvalDecision *vs_eval_decision_new    (VsRunData      *data);
void            vs_eval_decision_free   (VsEvalDecision *decision);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsEvalDecision, vs_eval_decision_free)

/* Number formatting shared with reports and charts: “23,000” (English digit grouping). */
char           *vs_eval_format_count    (double          value);
/* US dollars, three significant digits below $1: “$0.00421”, “$0.0348”, “$1.27”, “$1,240”. */
char           *vs_eval_format_usd      (double          value);

G_END_DECLS
