/* vs-training-kit-dialog.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Export Training Kit": for training on the user's own GPU, one of the project's datasets
 * (its train and validation splits, vs-split-files.h) written with core's kit
 * (vs_finetune_kit_write_splits: Axolotl and LLaMA-Factory configs, dataset_info.json, a
 * Modelfile and a README with the commands to train and serve the result) into a chosen
 * folder, on a worker. Emits "exported" (const char *folder, guint n_train, guint
 * n_validation) and closes; a failure is shown in the window.
 */
#pragma once

#include <adwaita.h>

#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_TRAINING_KIT_DIALOG (vs_training_kit_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VsTrainingKitDialog, vs_training_kit_dialog, VS, TRAINING_KIT_DIALOG,
                      AdwWindow)

VsTrainingKitDialog *vs_training_kit_dialog_new        (VsProject           *project);
/* The folder the kit goes to (the file chooser's choice, or a test's). */
void                 vs_training_kit_dialog_set_folder (VsTrainingKitDialog *self,
                                                        const char          *folder);

G_END_DECLS
