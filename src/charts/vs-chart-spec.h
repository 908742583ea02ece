/* vs-chart-spec.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chart described as data: its kind, titles, axes with units, categories and series (values
 * with optional intervals, x positions and point labels). Loads from and saves to JSON so the
 * CLI and reports can pass charts around; validation says what to fix. Drawing lives in
 * vs-chart-render.h, which never needs the spec to be valid (it says what is wrong instead).
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  VS_CHART_KIND_BARS,            /* grouped bars per category, optional interval whiskers */
  VS_CHART_KIND_PAIRED_SCATTER,  /* one point per case: x = contender A, y = contender B */
  VS_CHART_KIND_CONFUSION,       /* series = actual class rows, categories = predicted */
  VS_CHART_KIND_LATENCY,         /* series = contenders, values = latency samples */
  VS_CHART_KIND_COST_QUALITY,    /* series = contenders, x = cost, value = quality */
  VS_CHART_KIND_BREAKEVEN,       /* series = cost lines, x = volume, value = total cost */
  VS_CHART_KIND_LOSS,            /* series = train / validation, x = step, value = loss */
} VsChartKind;

#define VS_CHART_N_KINDS (VS_CHART_KIND_LOSS + 1)

typedef enum
{
  VS_CHART_LATENCY_BOX,
  VS_CHART_LATENCY_HISTOGRAM,
} VsChartLatencyMode;

typedef enum
{
  VS_CHART_AXIS_X,
  VS_CHART_AXIS_Y,
} VsChartAxisId;

typedef struct
{
  char     *label;    /* "Pass rate"; may be NULL */
  char     *unit;     /* "ms", "USD", "%"; may be NULL */
  gboolean  percent;  /* values are fractions (0–1) shown as percentages */
  double    min;      /* NAN = automatic */
  double    max;      /* NAN = automatic */
} VsChartAxis;

/* One series. Arrays of doubles; x, lower and upper are empty when not given, otherwise
 * as long as y. Missing values are NAN. labels (strings, may be empty) names points. */
typedef struct
{
  char      *name;
  GArray    *x;
  GArray    *y;
  GArray    *lower;
  GArray    *upper;
  GPtrArray *labels;
  /*< private >*/
  guint64   *serial;   /* the owning spec's change counter */
} VsChartSeries;

#define VS_TYPE_CHART_SPEC (vs_chart_spec_get_type ())
G_DECLARE_FINAL_TYPE (VsChartSpec, vs_chart_spec, VS, CHART_SPEC, GObject)

const char        *vs_chart_kind_to_string       (VsChartKind kind);
gboolean           vs_chart_kind_from_string     (const char    *name,
                                                  VsChartKind   *kind);

VsChartSpec       *vs_chart_spec_new             (VsChartKind    kind);
VsChartSpec       *vs_chart_spec_new_from_json   (const char    *text,
                                                  gssize         length,
                                                  GError       **error);
VsChartSpec       *vs_chart_spec_new_from_node   (JsonNode      *node,
                                                  GError       **error);
VsChartSpec       *vs_chart_spec_load_file       (const char    *path,
                                                  GError       **error);
JsonNode          *vs_chart_spec_to_node         (VsChartSpec   *self);
char              *vs_chart_spec_to_json         (VsChartSpec   *self,
                                                  gboolean       pretty);
gboolean           vs_chart_spec_save_file       (VsChartSpec   *self,
                                                  const char    *path,
                                                  GError       **error);
/* TRUE when the spec can be drawn as meant; otherwise a VS_ERROR_INVALID naming the series,
 * category or value to fix. NaN values are allowed (they are left out and noted). */
gboolean           vs_chart_spec_validate        (VsChartSpec   *self,
                                                  GError       **error);

VsChartKind        vs_chart_spec_get_kind        (VsChartSpec   *self);
void               vs_chart_spec_set_kind        (VsChartSpec   *self,
                                                  VsChartKind    kind);
const char        *vs_chart_spec_get_title       (VsChartSpec   *self);
void               vs_chart_spec_set_title       (VsChartSpec   *self,
                                                  const char    *title);
const char        *vs_chart_spec_get_subtitle    (VsChartSpec   *self);
void               vs_chart_spec_set_subtitle    (VsChartSpec   *self,
                                                  const char    *subtitle);
const VsChartAxis *vs_chart_spec_get_axis        (VsChartSpec   *self,
                                                  VsChartAxisId  axis);
void               vs_chart_spec_set_axis        (VsChartSpec   *self,
                                                  VsChartAxisId  axis,
                                                  const char    *label,
                                                  const char    *unit);
void               vs_chart_spec_set_axis_percent (VsChartSpec  *self,
                                                  VsChartAxisId  axis,
                                                  gboolean       percent);
void               vs_chart_spec_set_axis_range  (VsChartSpec   *self,
                                                  VsChartAxisId  axis,
                                                  double         min,
                                                  double         max);
VsChartLatencyMode vs_chart_spec_get_latency_mode (VsChartSpec  *self);
void               vs_chart_spec_set_latency_mode (VsChartSpec  *self,
                                                  VsChartLatencyMode mode);

/* Why the chart has no data (“No prices are set for these models…”), drawn in the chart area
 * and said by vs_chart_describe() in place of the plot when the spec has no series; with
 * series it is a note under the chart. NULL: none. JSON member "message". */
const char        *vs_chart_spec_get_message     (VsChartSpec   *self);
void               vs_chart_spec_set_message     (VsChartSpec   *self,
                                                  const char    *message);

/* What the whiskers of a bar chart are, for the legend: "95% Wilson interval". */
const char        *vs_chart_spec_get_interval_label (VsChartSpec *self);
void               vs_chart_spec_set_interval_label (VsChartSpec *self,
                                                  const char    *label);

guint              vs_chart_spec_get_n_categories (VsChartSpec  *self);
const char        *vs_chart_spec_get_category    (VsChartSpec   *self,
                                                  guint          index);
void               vs_chart_spec_add_category    (VsChartSpec   *self,
                                                  const char    *name);

/* A counter that every change through this API bumps (series edits included): renderers key
 * the layout they keep on it. Code that edits a series' arrays directly calls
 * vs_chart_spec_changed() afterwards. */
guint64            vs_chart_spec_get_serial      (VsChartSpec   *self);
void               vs_chart_spec_changed         (VsChartSpec   *self);
guint              vs_chart_spec_get_n_series    (VsChartSpec   *self);
VsChartSeries     *vs_chart_spec_get_series      (VsChartSpec   *self,
                                                  guint          index);
/* A new empty series owned by the spec. */
VsChartSeries     *vs_chart_spec_add_series      (VsChartSpec   *self,
                                                  const char    *name);

void               vs_chart_series_add           (VsChartSeries *series,
                                                  double         y);
void               vs_chart_series_add_xy        (VsChartSeries *series,
                                                  double         x,
                                                  double         y);
void               vs_chart_series_add_interval  (VsChartSeries *series,
                                                  double         y,
                                                  double         lower,
                                                  double         upper);
/* Labels the last point added. */
void               vs_chart_series_set_last_label (VsChartSeries *series,
                                                  const char    *label);
guint              vs_chart_series_get_length    (const VsChartSeries *series);
double             vs_chart_series_get_x         (const VsChartSeries *series,
                                                  guint          index);
double             vs_chart_series_get_y         (const VsChartSeries *series,
                                                  guint          index);
gboolean           vs_chart_series_has_interval  (const VsChartSeries *series);
const char        *vs_chart_series_get_label     (const VsChartSeries *series,
                                                  guint          index);

G_END_DECLS
