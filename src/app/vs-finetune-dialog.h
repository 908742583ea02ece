/* vs-finetune-dialog.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "New fine-tune": provider, one of the project's endpoints, base model, the training data —
 * one of the project's datasets (its train and validation splits, rejected records left out)
 * or chat JSONL files (typed, chosen or dropped) —, epochs and suffix, the cost estimate
 * (tokens counted on a worker, priced like the dataset wizard's) and an explicit acceptance
 * of it; Start uploads, creates and stores the job (core's
 * vs_finetune_launch_async) and emits "launched" (gint64 job id in the project, const char
 * *the provider's job id) before closing. A failure is shown in the window.
 */
#pragma once

#include <adwaita.h>

#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_FINETUNE_DIALOG (vs_finetune_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VsFinetuneDialog, vs_finetune_dialog, VS, FINETUNE_DIALOG, AdwWindow)

VsFinetuneDialog *vs_finetune_dialog_new         (VsProject        *project);
/* Trains on files instead of a dataset (@validation may be NULL). */
void              vs_finetune_dialog_set_files   (VsFinetuneDialog *self,
                                                  const char       *train,
                                                  const char       *validation);
/* Trains on the splits of the project's dataset @dataset_id. */
void              vs_finetune_dialog_set_dataset (VsFinetuneDialog *self,
                                                  gint64            dataset_id);

G_END_DECLS
