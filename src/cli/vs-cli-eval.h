/* vs-cli-eval.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the `eval` commands share between their files: vs-cli-eval.c (run, summary, export,
 * chart, spec, report) and vs-cli-eval-batch.c (the batch modes of run, import-batch,
 * batches).
 */
#pragma once

#include "vs-project.h"

G_BEGIN_DECLS

/* Prints the run's summary as `eval run` does: a table on stdout, or JSON with @json.
 * VS_CLI_EXIT_PROBLEMS when some trial ended in error, else VS_CLI_EXIT_OK. */
int vs_cli_eval_print_summary (VsProject  *project,
                               gint64      run_id,
                               gboolean    json);

/* The run (by name or number) with a message on stderr when there is none; 0 then. */
gint64 vs_cli_eval_find_run   (VsProject  *project,
                               const char *name);

/* `eval run SPEC --project FILE --name RUN --batch-files DIR`, once RUN is prepared: writes
 * the batch input files of every trial without a result (and the error trials with
 * @retry_errors), records them as the run's batches ("files"), prints them. */
int vs_cli_eval_run_batch_files (VsProject  *project,
                                 gint64      run_id,
                                 const char *dir,
                                 gboolean    retry_errors,
                                 gboolean    json);

/* `eval import-batch FILE.versus RUN OUTPUT.jsonl…` (argv[0] is "import-batch"). */
int vs_cli_eval_import_batch (int    argc,
                              char **argv);
/* `eval batches FILE.versus RUN [--json]` (argv[0] is "batches"). */
int vs_cli_eval_batches      (int    argc,
                              char **argv);

G_END_DECLS
