/* vs-eval-case-load.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One case of a run with every contender's answers, for looking at it side by side (the
 * Compare page opens it from a point of the paired scatter):
 *   {"case": N, "input": {row as imported} | null, "expected": TEXT | null,
 *    "trials": [{"contender", "repeat", "state", "output", "passed", "error",
 *                "scores": {NAME: value}, "latency_ms"}]}
 * trials in contender order, then repeat; "passed" is null for an error (errors are their own
 * state), "output" and "error" null when there is none. Reads the main connection: call it on
 * the thread that opened the project.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vs-project.h"

G_BEGIN_DECLS

/* VS_ERROR_NOT_FOUND when the run has no result for case @case_ordinal. */
JsonObject *vs_eval_case_load (VsProject  *project,
                               gint64      run_id,
                               gint64      case_ordinal,
                               GError    **error);

G_END_DECLS
