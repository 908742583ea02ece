/* vs-eval-case.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One case of an evaluation run as an immutable item (VsEvalCaseModel's rows, and the case
 * window's content): its ordinal, its variables and expected answer as the run's spec maps
 * them from the case's record, and per contender (in position order) every repeat's result —
 * state, output, per-metric scores, latency, tokens, error text. A trial passes when every
 * metric with an outcome passes; a contender's verdict on the case is "passed" when it passed
 * more than half of its non-error repeats (as the run summary counts pairs), "error" when every
 * repeat ended in error. A placeholder (loaded FALSE) stands for a case whose page has not
 * arrived yet and knows only its ordinal. Built by vs-eval-cases (possibly on a worker), read
 * on the main thread afterwards; never changed once handed out.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vs-chat-request.h"

G_BEGIN_DECLS

typedef enum
{
  VS_EVAL_STATE_NONE, /* no result yet */
  VS_EVAL_STATE_PASSED,
  VS_EVAL_STATE_FAILED,
  VS_EVAL_STATE_ERROR,
} VsEvalState;

typedef struct
{
  char  *metric;
  double value;  /* NAN: none */
  int    pass;   /* -1: no outcome (a score only), 0: failed, 1: passed */
  char  *reason; /* a judge's reason; NULL when none */
  char  *error;  /* NULL when none */
} VsEvalScoreInfo;

typedef struct
{
  gint        repeat;            /* sample index, from 0 */
  VsEvalState state;             /* PASSED, FAILED or ERROR */
  char       *output;            /* NULL when there is none */
  char       *error;             /* NULL unless state is ERROR */
  double      latency_ms;        /* NAN: unknown */
  gint64      prompt_tokens;     /* -1: unknown */
  gint64      completion_tokens; /* -1: unknown */
  double      cost_usd;          /* NAN: unknown */
  gboolean    cached;
  GPtrArray  *scores; /* VsEvalScoreInfo, as stored (the spec's metric order) */
} VsEvalTrialInfo;

typedef struct
{
  gint64         contender_id;
  char          *name;
  VsEvalState    state; /* the verdict over repeats; NONE without results */
  guint          n_passed;
  guint          n_failed;
  guint          n_errors;
  GPtrArray     *trials; /* VsEvalTrialInfo by repeat */
  /* vs_eval_cases_load_case() only: the request the contender sends for this case, rebuilt
   * from the run's spec; NULL in list items or when it cannot be built (request_error). */
  VsChatRequest *request;
  char          *request_error;
} VsEvalCaseContender;

#define VS_TYPE_EVAL_CASE (vs_eval_case_get_type ())
G_DECLARE_FINAL_TYPE (VsEvalCase, vs_eval_case, VS, EVAL_CASE, GObject)

VsEvalCase *vs_eval_case_new_placeholder (gint64 ordinal);

gboolean    vs_eval_case_get_loaded (VsEvalCase *self);
gint64      vs_eval_case_get_ordinal (VsEvalCase *self);
/* The case's variables ({} for a placeholder or a case whose record is gone). */
JsonObject *vs_eval_case_get_vars (VsEvalCase *self);
/* "name: value · name: value" on one line, at most @max_chars characters (an ellipsis marks
 * a cut). */
char       *vs_eval_case_dup_vars_preview (VsEvalCase *self,
                                           guint       max_chars);
/* NULL when the spec names no expected column. */
const char *vs_eval_case_get_expected (VsEvalCase *self);
guint       vs_eval_case_get_n_contenders (VsEvalCase *self);
const VsEvalCaseContender             *
vs_eval_case_get_contender (VsEvalCase *self,
                                        guint       index);
/* TRUE when some contenders passed the case and others failed it. */
gboolean    vs_eval_case_get_disagreement (VsEvalCase *self);

/* One line of @text (line breaks and tabs as spaces) of at most @max_chars characters. */
char       *vs_eval_one_line (const char *text,
                              guint       max_chars);

/* Internal: vs-eval-cases builds items. The case takes @vars and @contenders. */
VsEvalCase *_vs_eval_case_new (gint64      ordinal,
                               JsonObject *vars,
                               const char *expected,
                               GPtrArray  *contenders);
void        _vs_eval_case_contender_free (gpointer data);
void        _vs_eval_trial_info_free (gpointer data);
void        _vs_eval_score_info_free (gpointer data);

G_END_DECLS
