/* vs-eval-trial-private.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every way of executing a run shares — online (vs-eval-runner.c) and in batches
 * (vs-batch-lines.c, vs-batch-ingest.c): the run loaded with its spec, contenders (endpoint,
 * engine, template, few-shot examples) and judges; its cases paged from the snapshot with the
 * trials that already have a result; a trial scored with the run's metrics (judges asked
 * online); and a result with its scores written through the writer in one job. Private to
 * core and its tests. Threading: the thread that opened the project.
 */
#pragma once

#include <sqlite3.h>

#include "vs-chat-response.h"
#include "vs-dataset-snapshot-private.h"
#include "vs-eval-metrics.h"
#include "vs-eval-spec.h"
#include "vs-project.h"
#include "vs-request-engine.h"

G_BEGIN_DECLS

typedef struct
{
  VsEvalContender *spec;          /* owned by the setup's spec */
  guint            index;         /* position in the run */
  gint64           id;            /* contenders row */
  VsEndpoint      *endpoint;
  VsRequestEngine *engine;
  VsTemplate      *template;
  GPtrArray       *examples;
} VsEvalTrialContender;

typedef struct
{
  VsEvalMetric    *metric;        /* owned by the setup's spec */
  VsEndpoint      *endpoint;
  VsRequestEngine *engine;
  VsTemplate      *template;
} VsEvalTrialJudge;

typedef struct
{
  VsProject     *project;
  gint64         run_id;
  char          *name;
  VsEvalSpec    *spec;
  GPtrArray     *contenders;      /* VsEvalTrialContender by position */
  GPtrArray     *judges;          /* VsEvalTrialJudge, NULL where a metric is no judge */
  gint64         snapshot_id;
  VsSnapshotRef  snapshot;
  char          *split;           /* the cases' split; NULL: the whole snapshot */
  gint64         n_cases;
  /* Statements kept for lookups one trial at a time (the batch path), on @read_db when set
   * (a connection of the caller's, closed after the setup is freed), else the project's. */
  sqlite3       *read_db;
  sqlite3_stmt  *case_stmt;
} VsEvalRunSetup;

/* Loads the run's stored spec, contenders (with their engines from the project's registry),
 * judges and case count. VS_ERROR_NOT_FOUND for an unknown run, VS_ERROR_INVALID for a run
 * without a spec or with a template that does not load, VS_ERROR_IO for a read-only project. */
VsEvalRunSetup *_vs_eval_run_setup_new  (VsProject       *project,
                                         gint64           run_id,
                                         GError         **error);
void            _vs_eval_run_setup_free (VsEvalRunSetup  *setup);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsEvalRunSetup, _vs_eval_run_setup_free)

/* Trials in the run: cases × contenders × repeats. */
gint64          _vs_eval_run_setup_n_trials (VsEvalRunSetup *setup);
/* The contender whose row id is @contender_id; NULL when it is not the run's. */
VsEvalTrialContender *_vs_eval_run_setup_find_contender (VsEvalRunSetup *setup,
                                                         gint64          contender_id);

/* A case of the run, shared by its trials. */
typedef struct
{
  gint        ref_count;
  gint64      record_id;
  gint64      ordinal;
  JsonObject *vars;
  char       *expected;
} VsEvalTrialCase;

/* The run's case with @ordinal; NULL when the snapshot has none in the run's split (or, with
 * @error set, when the read failed). */
VsEvalTrialCase *_vs_eval_run_setup_find_case (VsEvalRunSetup  *setup,
                                               gint64           ordinal,
                                               GError         **error);
VsEvalTrialCase *_vs_eval_trial_case_new   (VsEvalSpec      *spec,
                                            gint64           record_id,
                                            gint64           ordinal,
                                            const char      *data);
VsEvalTrialCase *_vs_eval_trial_case_ref   (VsEvalTrialCase *c);
void             _vs_eval_trial_case_unref (VsEvalTrialCase *c);

/* The key of a trial in a page's set of finished trials. */
char *_vs_eval_trial_key (gint64 contender_id,
                          gint64 ordinal,
                          gint   sample);

/* The run's cases a page at a time (keyset on record id: memory stays flat), with which of
 * their trials are finished: "ok", and "error" unless @retry_errors. */
typedef struct
{
  VsEvalRunSetup *setup;          /* borrowed */
  gboolean        retry_errors;
  gint64          last_record_id;
  GPtrArray      *page;           /* VsEvalTrialCase */
  GHashTable     *done;           /* _vs_eval_trial_key() of the page's finished trials */
} VsEvalCasePager;

void     _vs_eval_case_pager_init  (VsEvalCasePager  *pager,
                                    VsEvalRunSetup   *setup,
                                    gboolean          retry_errors);
/* The next page into pager->page and pager->done; FALSE at the end (or on a read error,
 * then with @error set). */
gboolean _vs_eval_case_pager_next  (VsEvalCasePager  *pager,
                                    GError          **error);
void     _vs_eval_case_pager_clear (VsEvalCasePager  *pager);

/* One (contender, case, repeat) with its answer, scores and how it went. */
typedef struct _VsEvalTrial VsEvalTrial;
typedef void (*VsEvalTrialFunc) (VsEvalTrial *trial,
                                 gpointer     user_data);

struct _VsEvalTrial
{
  VsEvalRunSetup       *setup;           /* borrowed */
  VsEvalTrialCase      *c;               /* a reference */
  VsEvalTrialContender *contender;       /* borrowed */
  gint                  repeat;
  VsChatResponse       *response;        /* NULL when the request failed */
  char                 *request_error;
  guint                 http_status;
  double                cost;            /* < 0: unknown */
  VsEvalScore          *scores;          /* one per metric once scored */
  guint                 judges_pending;
  GCancellable         *cancellable;     /* for the judges */
  char                 *cache_key;       /* the batch ingest's: where its answer is cached */
  VsEvalTrialFunc       scored;
  gpointer              scored_data;
};

VsEvalTrial *_vs_eval_trial_new  (VsEvalRunSetup       *setup,
                                  VsEvalTrialCase      *c,
                                  VsEvalTrialContender *contender,
                                  gint                  repeat);
void         _vs_eval_trial_free (VsEvalTrial          *trial);

/* The request the contender sends for the trial (its template, few-shot examples and
 * parameters; the repeat as sample index, so repeats are distinct requests and cache
 * entries). NULL with @error when the case does not render. */
VsChatRequest *_vs_eval_trial_build_request (VsEvalTrial  *trial,
                                             GError      **error);

/* Scores @trial->response (its cost in @trial->cost) with every metric; judge metrics ask
 * their judge with @cancellable. @scored runs once every judge has answered — from this call
 * when there is no judge. */
void     _vs_eval_trial_score (VsEvalTrial     *trial,
                               GCancellable    *cancellable,
                               VsEvalTrialFunc  scored,
                               gpointer         user_data);

/* Queues the result and its scores to the project's writer in one job (fire and forget: a
 * later job's completion means it is committed). TRUE when the result is an error (the
 * request failed, or a metric could not score). */
gboolean _vs_eval_trial_write (VsEvalTrial *trial);

/* Results written many to a job (the batch ingest: one job per few hundred lines keeps the
 * writer's per-job work small), each with its scores exactly as _vs_eval_trial_write() writes
 * it, and with its response cache entry. */
typedef struct _VsEvalResultBatch VsEvalResultBatch;

VsEvalResultBatch *_vs_eval_result_batch_new      (void);
void               _vs_eval_result_batch_free     (VsEvalResultBatch *batch);
/* Adds the trial's result, and the cache entry @cache_key → its response when it has an ok
 * one (@cache_key may be NULL). TRUE when the result is an error. */
gboolean           _vs_eval_result_batch_add      (VsEvalResultBatch *batch,
                                                   VsEvalTrial       *trial,
                                                   const char        *cache_key);
guint              _vs_eval_result_batch_get_size (VsEvalResultBatch *batch);
/* Queues @batch (taking it) as one writer job; once it is done (committed or failed),
 * *@committed (may be NULL) grows by its size, atomically, on the writer thread. */
void               _vs_eval_result_batch_queue    (VsEvalResultBatch *batch,
                                                   VsProject         *project,
                                                   gint              *committed);

/* Queues a job that gives back the writer connection's unused page cache. */
void     _vs_eval_release_writer_memory (VsProject *project);

G_END_DECLS
