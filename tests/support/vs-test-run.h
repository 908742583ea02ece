/* vs-test-run.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finished evaluation runs with known numbers, for the tests of run charts, the decision
 * paragraph and reports (and the report benchmark): a project bundle (vs-bundle.h) with a
 * dataset of N cases, a snapshot and a recorded run whose contenders pass exactly the cases
 * the caller says. Contender 0 is a base model with a long prompt (400 tokens); the others
 * are a fine-tuned model with a short prompt (60 tokens), so with prices the second is
 * cheaper per request.
 */
#pragma once

#include <glib.h>

#include "vs-project.h"

G_BEGIN_DECLS

typedef gboolean (*VsTestPassFunc) (guint    contender,
                                    guint    index,
                                    gpointer data);

typedef struct
{
  guint            n_cases;        /* test cases, ≥ 1 */
  guint            n_contenders;   /* 1 … 3: “Base + prompt”, “Tuned”, “Tuned + prompt” */
  VsTestPassFunc   passes;         /* which cases each contender passes (index from 0) */
  gpointer         data;
  gboolean         label_metric;   /* a label metric (else exact) */
  gboolean         scored_metric;  /* also token_f1 */
  gboolean         prices;         /* the spec prices both models */
  double           training_cost;  /* > 0: “Tuned” has this training_cost_usd */
} VsTestRunOptions;

#define VS_TEST_RUN_NAME "Test comparison"

/* Writes the bundle into a new temporary folder (free with vs_test_tmpdir_free()). */
char      *vs_test_run_bundle  (const VsTestRunOptions *options);
/* A project file in a new temporary folder (@dir_out) with the bundle imported; @run_id_out
 * is the run's id. */
VsProject *vs_test_run_project (const VsTestRunOptions *options,
                                char                  **dir_out,
                                gint64                 *run_id_out);

G_END_DECLS
