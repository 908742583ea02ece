/* vs-run-store.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Typed reads of a project's evaluation runs: a run (its settings and state), its contenders
 * (model + template version + parameters, in their order) and how many of its results are
 * pending, answered or failed. The Compare page and the CLI read runs through this; the
 * evaluation runner will add its writes here (through the project's writer).
 *
 * Threading: reads run on the project's main connection, on the thread that opened the
 * project. Lists read only the `runs` and `contenders` tables; result counts are read per run
 * (vs_run_store_get, vs_run_store_count_results) through the (run_id, state) index.
 * Writes go through the project's writer (vs-writer.h): the _async variants never block and
 * complete on the caller's thread-default main context after the commit, which also emits
 * VsProject::changed ("runs", "contenders", "results" with the run as parent and the row ids);
 * the plain variants block the calling thread until committed (the CLI, tests, workers —
 * never the GUI's loop). Specs are copied when the call is made. A read-only project has no
 * writer: writes fail with VS_ERROR_IO.
 * Ownership: returned structs and arrays belong to the caller (GPtrArrays free their
 * elements); strings are NULL when the column is NULL.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vs-project.h"

G_BEGIN_DECLS

typedef struct
{
  gint64      id;
  gint64      run_id;
  gint        position;             /* order in the run, from 0 or 1 as written */
  char       *label;
  gint64      endpoint_id;          /* 0 when none (or the endpoint was deleted) */
  char       *model;
  gint64      template_version_id;  /* 0 when none */
  gint64      finetune_job_id;      /* 0 when none */
  JsonObject *parameters;           /* never NULL; {} when none */
} VsContenderInfo;

void vs_contender_info_free (VsContenderInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsContenderInfo, vs_contender_info_free)

/* Results of a run by state. */
typedef struct
{
  gint64 n_pending;
  gint64 n_ok;
  gint64 n_errors;
} VsRunResultCounts;

typedef struct
{
  gint64             id;
  char              *name;
  gint64             snapshot_id;      /* 0 when none */
  char              *snapshot_name;    /* NULL when none */
  char              *split;            /* NULL: every split */
  gint               repeats;
  char             **metrics;          /* names from the `metrics` JSON array; never NULL */
  gint64             baseline_run_id;  /* 0 when none */
  char              *state;            /* "pending", "running", "done", … as written */
  char              *created_at;       /* ISO 8601 UTC */
  char              *started_at;       /* NULL until started */
  char              *finished_at;      /* NULL until finished */
  gint64             n_contenders;
  /* Filled by vs_run_store_get() only; NULL / zero in lists. */
  GPtrArray         *contenders;       /* VsContenderInfo by position */
  VsRunResultCounts  results;
} VsRunInfo;

void vs_run_info_free (VsRunInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsRunInfo, vs_run_info_free)

/* Every run, newest first (created_at, then id, descending). */
GPtrArray *vs_run_store_list              (VsProject          *project,
                                           GError            **error);
/* One run with its contenders and result counts; VS_ERROR_NOT_FOUND when there is none. */
VsRunInfo *vs_run_store_get               (VsProject          *project,
                                           gint64              run_id,
                                           GError            **error);
/* The run's contenders (VsContenderInfo) by position; empty for an unknown run. */
GPtrArray *vs_run_store_list_contenders   (VsProject          *project,
                                           gint64              run_id,
                                           GError            **error);
/* Results per state; all zero for an unknown run. */
gboolean   vs_run_store_count_results     (VsProject          *project,
                                           gint64              run_id,
                                           VsRunResultCounts  *counts,
                                           GError            **error);

/* The id of the run named @name (names are unique in a project); 0 when there is none. */
gint64     vs_run_store_find_by_name      (VsProject          *project,
                                           const char         *name,
                                           GError            **error);
/* The evaluation spec the run was created with (JSON text); NULL when it has none. */
char      *vs_run_store_dup_spec          (VsProject          *project,
                                           gint64              run_id,
                                           GError            **error);

/* Writes */

typedef struct
{
  const char *label;
  gint64      endpoint_id;          /* 0: none */
  const char *model;
  gint64      template_version_id;  /* 0: none */
  gint64      finetune_job_id;      /* 0: none */
  JsonObject *parameters;           /* NULL: {} */
} VsContenderSpec;

typedef struct
{
  const char             *name;
  gint64                  snapshot_id;      /* 0: none */
  const char             *split;            /* NULL: every split */
  gint                    repeats;          /* 0: 1 */
  const char * const     *metrics;          /* NULL: none */
  gint64                  baseline_run_id;  /* 0: none */
  const VsContenderSpec  *contenders;       /* positions 0 … n_contenders - 1 */
  guint                   n_contenders;
  const char             *spec;             /* NULL: none; the evaluation spec (JSON text) */
} VsRunSpec;

/* One answer (or failure) of a contender for a case. Writing the same (contender, case,
 * sample) again replaces it, so a resumed run overwrites its pending rows. */
typedef struct
{
  gint64      run_id;
  gint64      contender_id;
  gint64      record_id;           /* 0: none */
  gint64      case_ordinal;
  gint        sample_index;
  const char *state;               /* "pending", "ok" or "error" */
  const char *output;
  const char *finish_reason;
  gint64      prompt_tokens;       /* < 0: unknown */
  gint64      completion_tokens;   /* < 0: unknown */
  double      latency_ms;          /* < 0: unknown */
  double      ttft_ms;             /* < 0: unknown */
  gint        http_status;         /* 0: none */
  const char *error;
  gint        retries;
  gboolean    cached;
  double      cost;                /* < 0: unknown */
} VsResultSpec;

/* A run in state "pending" with its contenders, in one transaction; the new run's id. */
void       vs_run_store_create_async      (VsProject            *project,
                                           const VsRunSpec      *spec,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gint64     vs_run_store_create_finish     (VsProject            *project,
                                           GAsyncResult         *result,
                                           GError              **error);
gint64     vs_run_store_create            (VsProject            *project,
                                           const VsRunSpec      *spec,
                                           GError              **error);

/* @callback may be NULL: a stream of results need not wait for each (a failure is then
 * logged). The result row's id. */
void       vs_run_store_add_result_async  (VsProject            *project,
                                           const VsResultSpec   *spec,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gint64     vs_run_store_add_result_finish (VsProject            *project,
                                           GAsyncResult         *result,
                                           GError              **error);

/* Sets the run's state; "running" and "submitted" (batches out) also set started_at (the
 * first time), any state other than "pending", "running" and "submitted" sets finished_at.
 * VS_ERROR_NOT_FOUND for an unknown run. */
void       vs_run_store_set_state_async   (VsProject            *project,
                                           gint64                run_id,
                                           const char           *state,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean   vs_run_store_set_state_finish  (VsProject            *project,
                                           GAsyncResult         *result,
                                           GError              **error);
gboolean   vs_run_store_set_state         (VsProject            *project,
                                           gint64                run_id,
                                           const char           *state,
                                           GError              **error);

G_END_DECLS
