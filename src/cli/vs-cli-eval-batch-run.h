/* vs-cli-eval-batch-run.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `eval run --batch` (called by `eval run` once the run is prepared) and `eval cancel`, over
 * the batch runner (vs-batch-runner.h).
 */
#pragma once

#include "vs-project.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;          /* the run's name */
  gboolean    retry_errors;  /* error trials go into the new batches too */
  gboolean    wait;          /* poll until every batch has ended */
  double      poll_interval; /* seconds; 0: the first poll within 1 s, doubling up to 60 s */
  gboolean    json;
} VsCliBatchRunOptions;

/* Submits the run's unfinished trials as batches, or, while batches are out, polls them once;
 * with @options->wait polls until they have all ended. Prints the run's state ("submitted")
 * or, once every batch is in, the summary as `eval run` prints it. An exit code. */
int vs_cli_eval_run_batch (VsProject                  *project,
                           gint64                      run_id,
                           const VsCliBatchRunOptions *options);

/* `eval cancel FILE.versus RUN` (argv[0] is "cancel"). */
int vs_cli_eval_cancel    (int                         argc,
                           char                      **argv);

G_END_DECLS
