/* vs-dataset-wizard.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dataset wizard on the Datasets page: a step bar (Import › Map › Clean › Validate ›
 * Split › Export), the current step over the records table, Back/Next and the counts before
 * → after at the bottom. Steps run on workers (vs-dataset-steps.h) with progress and Cancel;
 * the step a dataset was left at is stored with it. Every button is an action in the
 * "wizard." group, so tests and keyboard users drive it the same way.
 */
#pragma once

#include <adwaita.h>

#include "vs-dataset-steps.h"
#include "vs-dataset-store.h"
#include "vs-records-view.h"

G_BEGIN_DECLS

#define VS_TYPE_DATASET_WIZARD (vs_dataset_wizard_get_type ())
G_DECLARE_FINAL_TYPE (VsDatasetWizard, vs_dataset_wizard, VS, DATASET_WIZARD, AdwBin)

GtkWidget       *vs_dataset_wizard_new         (void);
/* Shows @info's dataset (NULL: none) at the step it was left at. @records_view is the table
 * whose selected row the mapping previews and to which problems jump (may be NULL). */
void             vs_dataset_wizard_set_dataset (VsDatasetWizard     *self,
                                                VsProject           *project,
                                                const VsDatasetInfo *info,
                                                VsRecordsView       *records_view);
gint64           vs_dataset_wizard_get_dataset_id (VsDatasetWizard  *self);
VsDatasetStepId  vs_dataset_wizard_get_step    (VsDatasetWizard     *self);
/* TRUE while a step runs on a worker. */
gboolean         vs_dataset_wizard_is_busy     (VsDatasetWizard     *self);
/* The figures the bottom bar shows for the current step; -1 when not known yet. */
void             vs_dataset_wizard_get_counts  (VsDatasetWizard     *self,
                                                gint64              *before,
                                                gint64              *after);
/* The table shown under the steps. */
void             vs_dataset_wizard_set_table   (VsDatasetWizard     *self,
                                                GtkWidget           *table);
/* Call when the project says the dataset changed (counts, history). */
void             vs_dataset_wizard_refresh     (VsDatasetWizard     *self);

G_END_DECLS
