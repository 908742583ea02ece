/* vs-finetune-charts.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fine-tuning job's curves as a chart spec (the loss-curves kind), from the metrics of its
 * events (VsFinetuneEvent.data: {step, train_loss, valid_loss, train_mean_token_accuracy,
 * valid_mean_token_accuracy, …}, as the providers' events are read): the Fine-tunes page
 * draws them live, `versus-cli finetune chart` writes them to a file.
 */
#pragma once

#include "vs-chart-spec.h"

G_BEGIN_DECLS

typedef enum
{
  VS_FINETUNE_CURVE_LOSS,      /* train_loss, valid_loss */
  VS_FINETUNE_CURVE_ACCURACY,  /* train_mean_token_accuracy, valid_mean_token_accuracy */
} VsFinetuneCurve;

/* The train and validation series of @curve by step; @n_points (may be NULL) receives the
 * number of training points (0: nothing to draw). */
VsChartSpec *vs_finetune_chart_curves (GPtrArray       *events,
                                       VsFinetuneCurve  curve,
                                       guint           *n_points);

G_END_DECLS
