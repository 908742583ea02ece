/* vs-compare-page.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Compare workbench: evaluation runs on the left, the selected run's contenders and
 * progress on the right, with its batches and the offline batch path (export the trials as
 * batch files, import their output).
 */
#pragma once

#include "vs-batch-ingest.h"
#include "vs-batch-launcher.h"
#include "vs-eval-launcher.h"
#include "vs-page.h"

G_BEGIN_DECLS

#define VS_TYPE_COMPARE_PAGE (vs_compare_page_get_type ())
G_DECLARE_FINAL_TYPE (VsComparePage, vs_compare_page, VS, COMPARE_PAGE, VsPage)

/* The window's runs (VsWindow sets it once): the run on show gets a bar with its progress,
 * Pause, Resume and Cancel. */
void vs_compare_page_set_launcher (VsComparePage  *self,
                                   VsEvalLauncher *launcher);
/* The window's batch runs (VsWindow sets it once): the run bar and the Batches view follow
 * them. */
void vs_compare_page_set_batch_launcher (VsComparePage   *self,
                                         VsBatchLauncher *launcher);
/* Writes the selected run's trials without a result as batch input files into @dir
 * ("Export Batch Files…" after its folder chooser), on a worker; a toast says how many files
 * and lines. Nothing while another export or import is going ("batch-busy"). */
void vs_compare_page_export_batch_files   (VsComparePage *self,
                                           GFile         *dir);
/* Ingests batch output files (GFile) into the selected run ("Import Batch Results…" after
 * its file chooser) on a worker, with progress and Cancel (compare.cancel-batch-import); a
 * toast reports answers, errors and skipped lines, with the skipped ones in Details. */
void vs_compare_page_import_batch_results (VsComparePage *self,
                                           GPtrArray     *files);
gboolean                  vs_compare_page_get_batch_busy   (VsComparePage *self);
/* What the last import did (zeroes before the first). */
const VsBatchIngestStats *vs_compare_page_get_last_import  (VsComparePage *self);
/* The text of the last export's or import's toast, or NULL. */
const char               *vs_compare_page_get_batch_report (VsComparePage *self);
/* Selects run @run_id (a run just created) and shows its dashboard. */
void vs_compare_page_show_run     (VsComparePage  *self,
                                   gint64          run_id);

G_END_DECLS
