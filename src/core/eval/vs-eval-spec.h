/* vs-eval-spec.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An evaluation described as JSON (the file `versus-cli eval run` takes, and what the Compare
 * page's "New evaluation" builds):
 *   {"cases": "FILE.jsonl|FILE.csv" | "dataset": "NAME|ID", "snapshot": "NAME",
 *    "split": "test",
 *    "input": {"VAR": "COLUMN"}, "expected": "COLUMN",
 *    "contenders": [{"name", "endpoint", "kind", "model", "template", "parameters",
 *                    "api_key_env", "training_cost_usd"}],
 *    "metrics": [{"type", "name", …}], "repeats": 1, "concurrency": 4,
 *    "prices": {"MODEL": {"input", "output", "training", "batch_discount"}}}
 * The cases come from a file (imported into the project and frozen as the run's snapshot) or
 * from a dataset of the project: its snapshot called "snapshot", or one frozen when the run
 * is prepared. Loading resolves it into a self-contained object (paths made absolute, each
 * template's JSON embedded with its folder), which the run stores: a run resumes from what it
 * was started with, not from files edited since. Errors are VS_ERROR_INVALID naming the member,
 * or the file's own error.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vs-chat-request.h"
#include "vs-endpoint.h"
#include "vs-eval-metrics.h"
#include "vs-template.h"

G_BEGIN_DECLS

#define VS_EVAL_MAX_CONTENDERS 8

typedef struct
{
  char           *name;
  VsEndpointKind  kind;
  char           *endpoint;           /* base URL */
  char           *model;
  JsonNode       *template;           /* the template's JSON; never NULL */
  char           *template_dir;       /* its folder (few-shot files); NULL: none */
  JsonObject     *parameters;         /* never NULL */
  char           *api_key_env;        /* default VERSUS_API_KEY */
  double          training_cost_usd;  /* NAN: none given */
  /* What the contender is in the project, when the app built the spec (0: none): recorded
   * with the run's contender. */
  gint64          endpoint_id;
  gint64          template_version_id;
  gint64          finetune_job_id;
  /* The batch API's shape for batch mode: "openai" or "mistral"; NULL: from the host. */
  char           *batch_api;
} VsEvalContender;

typedef struct
{
  JsonObject  *json;         /* the resolved spec, as stored with the run */
  char        *cases;        /* absolute path; NULL when the cases come from a dataset */
  char        *dataset;      /* a project dataset's name or id; NULL when from a file */
  char        *snapshot;     /* that dataset's snapshot by name or id; NULL: freeze one */
  char        *split;        /* the split the cases come from; NULL: every split */
  JsonObject  *input;        /* VAR → COLUMN; NULL: every column is a variable */
  char        *expected;     /* COLUMN; NULL: none */
  GPtrArray   *contenders;   /* VsEvalContender, 1 … VS_EVAL_MAX_CONTENDERS */
  GPtrArray   *metrics;      /* VsEvalMetric, unique names */
  guint        repeats;      /* ≥ 1 */
  guint        concurrency;  /* ≥ 1: requests in flight over all contenders */
  JsonObject  *prices;       /* MODEL → {input, output, training} per 1M tokens (and
                              * batch_discount, a fraction); never NULL */
  JsonObject  *settings;     /* endpoint settings for every contender (retries, timeouts) */
} VsEvalSpec;

void        vs_eval_spec_free          (VsEvalSpec  *spec);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsEvalSpec, vs_eval_spec_free)

/* Reads @path and resolves it (relative paths against its folder). */
VsEvalSpec *vs_eval_spec_load          (const char  *path,
                                        GError     **error);
/* From a spec object; relative paths against @base_dir (NULL: the current folder). Templates
 * given as file names are read and embedded. */
VsEvalSpec *vs_eval_spec_new_from_json (JsonObject  *object,
                                        const char  *base_dir,
                                        GError     **error);

/* Cost in USD of one request of @model under the spec's prices (the runner adds the
 * project's price table for models the spec does not price); 0 for an unknown model. */
double      vs_eval_spec_request_cost  (VsEvalSpec  *spec,
                                        const char  *model,
                                        gint64       prompt_tokens,
                                        gint64       completion_tokens);

/* The same request sent in a batch: the spec's price for @model less its "batch_discount"
 * (a fraction, default VS_PRICE_DEFAULT_BATCH_DISCOUNT); 0 for an unknown model. */
double      vs_eval_spec_request_cost_batch (VsEvalSpec *spec,
                                             const char *model,
                                             gint64      prompt_tokens,
                                             gint64      completion_tokens);

/* A case's variables from its source row (@row, the record's data): "input" maps VAR → COLUMN
 * (columns the row lacks are left out); without "input" every column is a variable. Never
 * NULL ({} when @row is NULL). */
JsonObject    *vs_eval_spec_case_vars (VsEvalSpec *spec,
                                       JsonObject *row);
/* The case's expected answer: the "expected" column as text (strings as they are, other
 * values as JSON); NULL when the spec has none or the row lacks it. */
char          *vs_eval_spec_case_expected (VsEvalSpec *spec,
                                           JsonObject *row);

/* The request @contender sends for a case with @vars: vs_template_build_request() with the
 * contender's model, then the contender's parameters over the template's. @template and
 * @examples (vs_template_draw_few_shot(), may be NULL) are the contender's, loaded once. */
VsChatRequest *vs_eval_contender_build_request (VsEvalContender *contender,
                                                VsTemplate *template,
                                                GPtrArray  *examples,
                                                VsEndpoint *endpoint,
                                                JsonObject *vars,
                                                GError    **error);

G_END_DECLS
