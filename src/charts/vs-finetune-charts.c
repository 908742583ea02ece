/* vs-finetune-charts.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vs-finetune-charts.h"
#include "vs-finetune-store.h"

VsChartSpec *
vs_finetune_chart_curves (GPtrArray       *events,
                          VsFinetuneCurve  curve,
                          guint           *n_points)
{
  static const char *members[][2] = {
    [VS_FINETUNE_CURVE_LOSS] = { "train_loss", "valid_loss" },
    [VS_FINETUNE_CURVE_ACCURACY] = { "train_mean_token_accuracy", "valid_mean_token_accuracy" },
  };
  VsChartSpec *spec = vs_chart_spec_new (VS_CHART_KIND_LOSS);
  VsChartSeries *series[2];
  guint n = 0;

  g_return_val_if_fail (events != NULL, NULL);

  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_X, _("Step"), NULL);
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_Y,
                          curve == VS_FINETUNE_CURVE_LOSS ? _("Loss") : _("Token accuracy"),
                          NULL);
  series[0] = vs_chart_spec_add_series (spec, _("train"));
  series[1] = vs_chart_spec_add_series (spec, _("validation"));
  for (guint i = 0; i < events->len; i++)
    {
      VsFinetuneEvent *e = g_ptr_array_index (events, i);
      JsonObject *m = e->data && JSON_NODE_HOLDS_OBJECT (e->data)
                      ? json_node_get_object (e->data) : NULL;
      double step;

      if (m == NULL || !json_object_has_member (m, "step"))
        continue;
      step = json_object_get_double_member (m, "step");
      for (guint s = 0; s < 2; s++)
        if (json_object_has_member (m, members[curve][s]))
          {
            vs_chart_series_add_xy (series[s], step,
                                    json_object_get_double_member (m, members[curve][s]));
            n += s == 0;
          }
    }
  if (n_points != NULL)
    *n_points = n;
  return spec;
}
