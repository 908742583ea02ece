/* fuzz-chart-spec.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any bytes as a chart spec (JSON): parsing either fails with a VS_ERROR_INVALID or gives a
 * spec that saves and reloads to the same JSON, validates or says why not, describes itself
 * and renders on a small image surface without a cairo error. The same bytes also go through
 * the SVG id prefixer, which must keep every byte that is not an id reference.
 */
#include "config.h"

#include <cairo.h>
#include <stdint.h>
#include <string.h>

#include "vs-chart-export.h"
#include "vs-chart-render.h"
#include "vs-chart-spec.h"
#include "vs-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_spec (VsChartSpec *spec)
{
  g_autofree char *json = vs_chart_spec_to_json (spec, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (VsChartSpec) again = vs_chart_spec_new_from_json (json, -1, &error);
  g_autofree char *json_again = NULL;
  g_autofree char *description = NULL;
  gboolean         valid;
  cairo_surface_t *surface;
  cairo_t         *cr;
  VsChartGeometry  geometry;
  VsChartStyle     style;

  g_assert_no_error (error);
  json_again = vs_chart_spec_to_json (again, FALSE);
  g_assert_cmpstr (json, ==, json_again);

  valid = vs_chart_spec_validate (spec, &error);
  g_assert_true (valid == (error == NULL));
  if (!valid)
    g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);

  description = vs_chart_describe (spec);
  g_assert_nonnull (description);

  vs_chart_style_init (&style, strlen (json) % 2 == 1);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 160, 100);
  cr = cairo_create (surface);
  vs_chart_render_full (spec, cr, 160, 100, &style, &geometry);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  if (!valid)
    g_assert_false (geometry.has_plot);
  vs_chart_geometry_clear (&geometry);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VsChartSpec) spec = NULL;
  g_autofree char *prefixed = NULL;
  g_autofree char *text = g_strndup ((const char *)data, size);

  spec = vs_chart_spec_new_from_json ((const char *)data, size, &error);
  if (spec == NULL)
    {
      g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
      g_assert_nonnull (error->message);
    }
  else
    {
      g_assert_no_error (error);
      check_spec (spec);
    }

  /* the prefixer only ever adds text */
  prefixed = vs_chart_svg_prefix_ids (text, strlen (text), "p");
  g_assert_cmpuint (strlen (prefixed), >=, strlen (text));
  return 0;
}
