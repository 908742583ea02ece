/* vs-eval-cases-private.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The readers behind vs-eval-cases.h on any connection, for VsEvalCaseModel's worker. A
 * context is made on the project's thread and afterwards only read (by one thread at a time).
 */
#pragma once

#include <sqlite3.h>

#include "vs-eval-cases.h"
#include "vs-eval-spec.h"

G_BEGIN_DECLS

/* What a case's verdicts say, per case. */
enum
{
  VS_EVAL_CASE_ANY_PASSED = 1 << 0, /* some contender's verdict is passed */
  VS_EVAL_CASE_ANY_FAILED = 1 << 1, /* some contender's verdict is failed */
  VS_EVAL_CASE_ANY_ERROR = 1 << 2,  /* some trial ended in error */
};

typedef struct
{
  gint64 ordinal;
  guint  flags;
} VsEvalCaseKey;

typedef struct
{
  gint64      run_id;
  VsEvalSpec *spec;
  GArray     *contender_ids; /* gint64, by position */
  GStrv       names;         /* by position */
} VsEvalCasesContext;

VsEvalCasesContext *_vs_eval_cases_context_new (VsProject *project,
                                                gint64     run_id,
                                                GError   **error);
void                _vs_eval_cases_context_free (VsEvalCasesContext *ctx);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsEvalCasesContext, _vs_eval_cases_context_free)

gboolean   _vs_eval_cases_filter_keeps (VsEvalCaseFilter filter,
                                        guint            flags);
/* Every case with a result, ascending (VsEvalCaseKey); NULL with @error on a failed read. */
GArray    *_vs_eval_cases_read_keys (sqlite3            *db,
                                     VsEvalCasesContext *ctx,
                                     GError            **error);
/* The cases @ordinals (in that order), loaded; a case without results has contenders without
 * trials. NULL with @error on a failed read. */
GPtrArray *_vs_eval_cases_read (sqlite3            *db,
                                VsEvalCasesContext *ctx,
                                const gint64       *ordinals,
                                guint               n_ordinals,
                                GError            **error);

G_END_DECLS
