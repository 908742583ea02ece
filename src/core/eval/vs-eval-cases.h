/* vs-eval-cases.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cases of an evaluation run, read from its results: which cases a filter keeps (every
 * case with a result, the cases where contenders disagree, those some contender failed, those
 * with an error) and one case in full for the case window — with the request each contender
 * sent rebuilt from the run's stored spec through vs_eval_contender_build_request() (the
 * runner's own path to vs_template_build_request()), so the prompt shown is the prompt sent.
 * Lists of cases for tables come from VsEvalCaseModel, which uses the same readers on a worker.
 *
 * Threading: these functions read on the project's main connection (the thread that opened
 * it). Errors: VS_ERROR_NOT_FOUND for an unknown run or a case without results,
 * VS_ERROR_INVALID for a run without a spec.
 */
#pragma once

#include "vs-eval-case.h"
#include "vs-project.h"

G_BEGIN_DECLS

typedef enum
{
  VS_EVAL_CASE_FILTER_ALL,           /* every case with a result */
  VS_EVAL_CASE_FILTER_DISAGREEMENTS, /* some contender passed it and another failed it */
  VS_EVAL_CASE_FILTER_FAILURES,      /* some contender failed it (its verdict over repeats) */
  VS_EVAL_CASE_FILTER_ERRORS,        /* some trial of it ended in error */
} VsEvalCaseFilter;

#define VS_TYPE_EVAL_CASE_FILTER (vs_eval_case_filter_get_type ())
GType       vs_eval_case_filter_get_type (void) G_GNUC_CONST;

/* The ordinals of the run's cases that @filter keeps, ascending (gint64), and in
 * @out_n_cases (may be NULL) how many cases have a result at all. */
GArray     *vs_eval_cases_list_ordinals (VsProject       *project,
                                         gint64           run_id,
                                         VsEvalCaseFilter filter,
                                         guint           *out_n_cases,
                                         GError         **error);

/* Case @ordinal of the run with every repeat and score, and each contender's request. */
VsEvalCase *vs_eval_cases_load_case (VsProject *project,
                                     gint64     run_id,
                                     gint64     ordinal,
                                     GError   **error);

G_END_DECLS
