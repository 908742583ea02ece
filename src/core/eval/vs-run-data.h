/* vs-run-data.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything a finished (or running) evaluation run says, read once from the project: the
 * run and its settings, the stored spec (metrics, prices), the summary with its per-case rows
 * (vs_eval_summary_build (…, TRUE)) and, per contender, what one request costs and what its
 * training cost — from the spec's "training_cost_usd", else from the contender's fine-tune
 * job (its recorded cost, else its trained tokens at the base model's training price). The
 * Compare page, the run charts (vs-run-charts.h), the decision paragraph (vs-eval-decision.h)
 * and reports (vs-report.h) all read this one object, so they never disagree.
 *
 * Threading: load on the thread that opened the project (it reads the main connection).
 * Once loaded it is immutable and reference counted atomically: hand it to a worker (reports
 * render in one) and read it from several threads at once. Never modify what it returns.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vs-eval-spec.h"
#include "vs-project.h"
#include "vs-run-store.h"

G_BEGIN_DECLS

typedef struct
{
  char       *name;               /* the contender's label */
  char       *model;              /* the model it asked; NULL when unknown */
  gint64      finetune_job_id;    /* 0: not a fine-tuned model from this project */
  JsonObject *summary;            /* its object in the summary's "contenders" (with
                                   * "per_case"); never NULL */
  gboolean    priced;             /* the run's prices name its model */
  double      cost_per_request;   /* USD, mean over trials; NAN when not priced or no trials */
  double      training_cost;      /* USD; NAN when it has none */
  char       *training_source;    /* where training_cost comes from, for method notes
                                   * (“fine-tune job ft-12: 1.2M trained tokens at $8.00 per
                                   * 1M”); NULL when none */
  double      pass_rate;          /* from the summary; NAN when none */
  double      pass_rate_lower;    /* Wilson 95% */
  double      pass_rate_upper;
  double      p95_latency_ms;     /* NAN when none */
} VsRunContender;

typedef struct
{
  /*< public, read-only >*/
  VsRunInfo   *run;            /* with contenders and result counts */
  VsEvalSpec  *spec;           /* the stored spec: metrics, repeats, prices */
  JsonObject  *summary;        /* {"run", "contenders", "pairs"}, contenders with per_case */
  GPtrArray   *contenders;     /* VsRunContender by position */
  gint         label_metric;   /* index into spec->metrics of the first label metric, -1 */
  gint64       n_cases;        /* distinct cases answered by any contender */
  char        *project_name;   /* the project's name */
} VsRunData;

#define VS_TYPE_RUN_DATA (vs_run_data_get_type ())
GType           vs_run_data_get_type       (void);

/* VS_ERROR_NOT_FOUND for an unknown run, VS_ERROR_INVALID for a run without a spec. */
VsRunData      *vs_run_data_load           (VsProject   *project,
                                            gint64       run_id,
                                            GError     **error);
VsRunData      *vs_run_data_ref            (VsRunData   *data);
void            vs_run_data_unref          (VsRunData   *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsRunData, vs_run_data_unref)

/* The run whose name is @name_or_id, else whose id it is (digits only); 0 when there is
 * none. What the CLI's RUN argument means. */
gint64          vs_run_data_find_run       (VsProject   *project,
                                            const char  *name_or_id,
                                            GError     **error);

guint           vs_run_data_get_n_contenders (VsRunData *data);
VsRunContender *vs_run_data_get_contender  (VsRunData   *data,
                                            guint        index);
/* The index of the contender named @name; -1 when there is none. */
gint            vs_run_data_find_contender (VsRunData   *data,
                                            const char  *name);
/* The summary's pair object for contenders @a and @b (in either order); @out_swapped tells
 * whether its "a" is @b (then its differences are a − b rather than b − a). NULL when either
 * index is out of range or they are equal. */
JsonObject     *vs_run_data_get_pair       (VsRunData   *data,
                                            guint        a,
                                            guint        b,
                                            gboolean    *out_swapped);
/* TRUE when any contender's model has a price in the run. */
gboolean        vs_run_data_has_prices     (VsRunData   *data);
/* The scored metric named @name (token_f1, rouge_l, bleu, judge, latency, cost), or NULL. */
VsEvalMetric   *vs_run_data_find_metric    (VsRunData   *data,
                                            const char  *name);

/* Helpers on summary JSON: a number member (NAN when missing or null), and element @index
 * of a two-number interval member (NAN when missing). */
double          vs_run_data_number         (JsonObject  *object,
                                            const char  *member);
double          vs_run_data_interval       (JsonObject  *object,
                                            const char  *member,
                                            guint        index);

G_END_DECLS
