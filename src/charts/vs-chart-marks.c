/* vs-chart-marks.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where each kind's marks land, from the plot rectangle and data ranges the renderer reports
 * (VsChartGeometry) and the same proportions it draws with: bars share a group's 80% width,
 * matrix cells are square, latency rows split the plot's height, points map linearly. Paired
 * scatter markers stand for every case with the same two scores, as drawn.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "vs-chart-axis.h"
#include "vs-chart-marks.h"
#include "vs-chart-private.h"

typedef struct
{
  VsChartSpec           *spec;
  const VsChartGeometry *geo;
  double                 em;
  GPtrArray             *marks;
} Marks;

void
vs_chart_mark_free (VsChartMark *mark)
{
  if (mark == NULL)
    return;
  g_clear_pointer (&mark->indices, g_array_unref);
  g_free (mark->text);
  g_free (mark);
}

static double
map_x (Marks *m, double v)
{
  const VsChartGeometry *g = m->geo;

  if (g->x_max == g->x_min)
    return g->plot_x + g->plot_width / 2;
  return g->plot_x + (v - g->x_min) / (g->x_max - g->x_min) * g->plot_width;
}

static double
map_y (Marks *m, double v)
{
  const VsChartGeometry *g = m->geo;

  if (g->y_max == g->y_min)
    return g->plot_y + g->plot_height / 2;
  return g->plot_y + g->plot_height - (v - g->y_min) / (g->y_max - g->y_min) * g->plot_height;
}

static VsChartMark *
add_mark (Marks *m, guint series, guint index, double x, double y, double w, double h,
          char *text)
{
  VsChartMark *mark = g_new0 (VsChartMark, 1);

  mark->series = series;
  mark->index = index;
  mark->x = x;
  mark->y = y;
  mark->width = MAX (w, 2);
  mark->height = MAX (h, 2);
  mark->text = text;
  g_ptr_array_add (m->marks, mark);
  return mark;
}

static char *
value_text (VsChartSpec *spec, VsChartAxisId id, double v)
{
  const VsChartAxis *axis = vs_chart_spec_get_axis (spec, id);

  return vs_chart_format_value (v, axis->percent, axis->percent ? NULL : axis->unit);
}

static const char *
axis_name (VsChartSpec *spec, VsChartAxisId id, const char *fallback)
{
  const VsChartAxis *axis = vs_chart_spec_get_axis (spec, id);

  return axis->label != NULL && *axis->label != '\0' ? axis->label : fallback;
}

static void
bars_marks (Marks *m)
{
  VsChartSpec *spec = m->spec;
  guint        n_cat = vs_chart_spec_get_n_categories (spec);
  guint        n_series = vs_chart_spec_get_n_series (spec);
  double       group_w, bar_w;

  if (n_cat == 0 || n_series == 0)
    return;
  group_w = m->geo->plot_width / n_cat;
  bar_w = group_w * 0.8 / n_series;
  for (guint i = 0; i < n_cat; i++)
    for (guint s = 0; s < n_series; s++)
      {
        VsChartSeries   *series = vs_chart_spec_get_series (spec, s);
        double           v = vs_chart_series_get_y (series, i);
        double           x = m->geo->plot_x + group_w * i + group_w * 0.1 + bar_w * s;
        double           y0, y1;
        g_autofree char *value = value_text (spec, VS_CHART_AXIS_Y, v);
        GString         *text = g_string_new (NULL);

        if (n_series > 1)
          g_string_append_printf (text, "%s · ", series->name);
        g_string_append_printf (text, "%s: %s", vs_chart_spec_get_category (spec, i),
                                isfinite (v) ? value : _("no value"));
        if (isfinite (v) && vs_chart_series_has_interval (series))
          {
            double l = g_array_index (series->lower, double, i);
            double u = g_array_index (series->upper, double, i);

            if (isfinite (l) && isfinite (u))
              {
                g_autofree char *lo = value_text (spec, VS_CHART_AXIS_Y, l);
                g_autofree char *hi = value_text (spec, VS_CHART_AXIS_Y, u);
                const char      *label = vs_chart_spec_get_interval_label (spec);

                g_string_append_printf (text, " (%s %s to %s)",
                                        label != NULL ? label : _("interval"), lo, hi);
              }
          }
        y0 = map_y (m, CLAMP (0, m->geo->y_min, m->geo->y_max));
        y1 = isfinite (v) ? map_y (m, CLAMP (v, m->geo->y_min, m->geo->y_max)) : y0 - m->em;
        add_mark (m, s, i, x + bar_w / 2, (y0 + y1) / 2, bar_w, MAX (fabs (y1 - y0), m->em * 0.6),
                  g_string_free (text, FALSE));
      }
}

typedef struct
{
  double x;
  double y;
  guint  index;
} Pair;

static int
compare_pair (gconstpointer a, gconstpointer b)
{
  const Pair *p = a, *q = b;

  if (p->x != q->x)
    return (p->x > q->x) - (p->x < q->x);
  if (p->y != q->y)
    return (p->y > q->y) - (p->y < q->y);
  return (p->index > q->index) - (p->index < q->index);
}

static void
paired_marks (Marks *m)
{
  VsChartSpec       *spec = m->spec;
  VsChartSeries     *series = vs_chart_spec_get_series (spec, 0);
  const char        *a_name = axis_name (spec, VS_CHART_AXIS_X, "A");
  const char        *b_name = axis_name (spec, VS_CHART_AXIS_Y, "B");
  const VsChartAxis *xaxis = vs_chart_spec_get_axis (spec, VS_CHART_AXIS_X);
  const VsChartAxis *yaxis = vs_chart_spec_get_axis (spec, VS_CHART_AXIS_Y);
  gboolean           percent = xaxis->percent || yaxis->percent;
  g_autoptr (GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  double side = m->geo->plot_width;

  for (guint i = 0; i < series->y->len; i++)
    {
      Pair p = { vs_chart_series_get_x (series, i), vs_chart_series_get_y (series, i), i };

      if (isfinite (p.x) && isfinite (p.y))
        g_array_append_val (pairs, p);
    }
  g_array_sort (pairs, compare_pair);
  for (guint i = 0; i < pairs->len;)
    {
      Pair            *p = &g_array_index (pairs, Pair, i);
      guint            run = 1;
      double           r;
      g_autofree char *xs = vs_chart_format_value (p->x, percent, percent ? NULL : xaxis->unit);
      g_autofree char *ys = vs_chart_format_value (p->y, percent, percent ? NULL : yaxis->unit);
      const char      *label = vs_chart_series_get_label (series, p->index);
      char            *text;
      VsChartMark     *mark;

      while (i + run < pairs->len && g_array_index (pairs, Pair, i + run).x == p->x
             && g_array_index (pairs, Pair, i + run).y == p->y)
        run++;
      /* the renderer's marker radius: larger for a stack of cases */
      r = MAX (MIN (m->em * 0.3 * sqrt (run), side * 0.08), m->em * 0.3);
      if (run > 1)
        /* Translators: how many cases one marker stands for, then both contenders' scores. */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case: %s %s, %s %s",
                                             "%u cases: %s %s, %s %s", run),
                                run, a_name, xs, b_name, ys);
      else if (label != NULL && *label != '\0')
        /* Translators: a case's id, then both contenders' names and scores. */
        text = g_strdup_printf (_("Case %s: %s %s, %s %s"), label, a_name, xs, b_name, ys);
      else
        text = g_strdup_printf (_("Case %u: %s %s, %s %s"), p->index + 1, a_name, xs, b_name,
                                ys);
      mark = add_mark (m, 0, p->index, map_x (m, p->x), map_y (m, p->y), 2 * r, 2 * r, text);
      mark->indices = g_array_sized_new (FALSE, FALSE, sizeof (guint), run);
      for (guint k = 0; k < run; k++)
        g_array_append_val (mark->indices, g_array_index (pairs, Pair, i + k).index);
      i += run;
    }
}

static void
confusion_marks (Marks *m)
{
  VsChartSpec *spec = m->spec;
  guint        n = vs_chart_spec_get_n_categories (spec);
  double       cell = n > 0 ? m->geo->plot_width / n : 0;

  for (guint r = 0; r < n && r < vs_chart_spec_get_n_series (spec); r++)
    {
      VsChartSeries *row = vs_chart_spec_get_series (spec, r);
      double         total = 0;

      for (guint k = 0; k < n; k++)
        if (isfinite (vs_chart_series_get_y (row, k)))
          total += vs_chart_series_get_y (row, k);
      for (guint k = 0; k < n; k++)
        {
          double           v = vs_chart_series_get_y (row, k);
          g_autofree char *count = isfinite (v) ? vs_chart_format_number (v, 1) : g_strdup ("–");
          char            *text;

          if (total > 0 && isfinite (v))
            /* Translators: actual class, predicted class, count, share of the actual class. */
            text = g_strdup_printf (_("Actual %s, predicted %s: %s (%.0f%% of %s)"), row->name,
                                    vs_chart_spec_get_category (spec, k), count,
                                    100 * v / total, row->name);
          else
            text = g_strdup_printf (_("Actual %s, predicted %s: %s"), row->name,
                                    vs_chart_spec_get_category (spec, k), count);
          add_mark (m, r, k, m->geo->plot_x + cell * (k + 0.5), m->geo->plot_y + cell * (r + 0.5),
                    cell, cell, text);
        }
    }
}

static void
latency_marks (Marks *m)
{
  VsChartSpec       *spec = m->spec;
  guint              n = vs_chart_spec_get_n_series (spec);
  const VsChartAxis *axis = vs_chart_spec_get_axis (spec, VS_CHART_AXIS_Y);
  double             row_h = n > 0 ? m->geo->plot_height / n : 0;

  for (guint s = 0; s < n; s++)
    {
      VsChartSeries *series = vs_chart_spec_get_series (spec, s);
      double         q[4];
      guint          count = 0;
      double         cy = m->geo->plot_y + row_h * (s + 0.5);

      if (!_vs_chart_summary (series, q, &count))
        {
          add_mark (m, s, 0, m->geo->plot_x + m->geo->plot_width / 2, cy, m->geo->plot_width,
                    row_h * 0.8, g_strdup_printf (_("%s: no samples"), series->name));
          continue;
        }
      {
        g_autofree char *p50 = vs_chart_format_value (q[1], FALSE, axis->unit);
        g_autofree char *p95 = vs_chart_format_value (q[2], FALSE, axis->unit);
        g_autofree char *lo = vs_chart_format_value (q[0], FALSE, axis->unit);
        g_autofree char *hi = vs_chart_format_value (q[3], FALSE, axis->unit);
        double           x0 = map_x (m, q[0]), x1 = map_x (m, q[3]);

        add_mark (m, s, 0, (x0 + x1) / 2, cy, MAX (x1 - x0, m->em), MIN (row_h * 0.8, m->em * 2),
                  /* Translators: contender, median, 95th percentile, fastest, slowest, count. */
                  g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%s: median %s, p95 %s, fastest %s, slowest %s "
                                                "(%u request)",
                                                "%s: median %s, p95 %s, fastest %s, slowest %s "
                                                "(%u requests)",
                                                count),
                                   series->name, p50, p95, lo, hi, count));
      }
    }
}

static void
point_marks (Marks *m, gboolean cost_quality)
{
  VsChartSpec *spec = m->spec;
  g_autoptr (GArray) points = cost_quality ? _vs_chart_points (spec) : NULL;
  const char *xname = axis_name (spec, VS_CHART_AXIS_X, cost_quality ? _("Cost") : _("x"));
  const char *yname = axis_name (spec, VS_CHART_AXIS_Y, cost_quality ? _("Quality") : _("y"));
  double      r = m->em * 0.5;

  for (guint s = 0; s < vs_chart_spec_get_n_series (spec); s++)
    {
      VsChartSeries *series = vs_chart_spec_get_series (spec, s);

      for (guint i = 0; i < series->y->len; i++)
        {
          double           x = vs_chart_series_get_x (series, i);
          double           y = vs_chart_series_get_y (series, i);
          double           px, py;
          const char      *label = vs_chart_series_get_label (series, i);
          g_autofree char *xs = NULL;
          g_autofree char *ys = NULL;
          gboolean         front = FALSE;
          GString         *text;

          if (!isfinite (x) || !isfinite (y))
            continue;
          px = map_x (m, x), py = map_y (m, y);
          if (px < m->geo->plot_x - 1 || px > m->geo->plot_x + m->geo->plot_width + 1
              || py < m->geo->plot_y - 1 || py > m->geo->plot_y + m->geo->plot_height + 1)
            continue;
          for (guint k = 0; points != NULL && k < points->len; k++)
            {
              VsChartPoint *p = &g_array_index (points, VsChartPoint, k);

              if (p->series == s && p->index == i)
                front = p->front;
            }
          xs = value_text (spec, VS_CHART_AXIS_X, x);
          ys = value_text (spec, VS_CHART_AXIS_Y, y);
          text = g_string_new (series->name);
          if (label != NULL && *label != '\0' && g_strcmp0 (label, series->name) != 0)
            g_string_append_printf (text, " (%s)", label);
          g_string_append_printf (text, ": %s %s, %s %s", xname, xs, yname, ys);
          if (cost_quality)
            g_string_append (text, front ? _(", on the Pareto front")
                                         : _(", another contender is cheaper and better"));
          add_mark (m, s, i, px, py, 2 * r, 2 * r, g_string_free (text, FALSE));
        }
    }
}

GPtrArray *
vs_chart_marks_compute (VsChartSpec           *spec,
                        const VsChartGeometry *geometry,
                        double                 width,
                        double                 height,
                        const VsChartStyle    *style)
{
  Marks  m = { spec, geometry, 13,
               g_ptr_array_new_with_free_func ((GDestroyNotify)vs_chart_mark_free) };
  double scale = style != NULL && style->font_scale > 0 ? style->font_scale : 1.0;

  g_return_val_if_fail (VS_IS_CHART_SPEC (spec), m.marks);
  g_return_val_if_fail (geometry != NULL, m.marks);

  if (!geometry->has_plot || !(width > 0) || !(height > 0)
      || vs_chart_spec_get_n_series (spec) == 0)
    return m.marks;
  /* the renderer's text size for this chart size */
  m.em = 13.0 * scale * CLAMP (MIN (width / 720.0, height / 480.0), 0.75, 1.6);
  switch (vs_chart_spec_get_kind (spec))
    {
    case VS_CHART_KIND_BARS:
      bars_marks (&m);
      break;
    case VS_CHART_KIND_PAIRED_SCATTER:
      paired_marks (&m);
      break;
    case VS_CHART_KIND_CONFUSION:
      confusion_marks (&m);
      break;
    case VS_CHART_KIND_LATENCY:
      latency_marks (&m);
      break;
    case VS_CHART_KIND_COST_QUALITY:
      point_marks (&m, TRUE);
      break;
    case VS_CHART_KIND_BREAKEVEN:
    case VS_CHART_KIND_LOSS:
    default:
      point_marks (&m, FALSE);
      break;
    }
  return m.marks;
}

int
vs_chart_marks_hit (GPtrArray *marks, double x, double y, double slop)
{
  int    best = -1;
  double best_d = INFINITY;

  g_return_val_if_fail (marks != NULL, -1);

  for (guint i = 0; i < marks->len; i++)
    {
      VsChartMark *mark = g_ptr_array_index (marks, i);
      double       dx = fabs (x - mark->x), dy = fabs (y - mark->y);
      double       d;

      /* inside the box: distance 0 wins, the smallest box first (a point on a bar) */
      if (dx <= mark->width / 2 && dy <= mark->height / 2)
        d = -1.0 / (1 + mark->width * mark->height);
      else
        {
          double ox = MAX (dx - mark->width / 2, 0), oy = MAX (dy - mark->height / 2, 0);

          d = sqrt (ox * ox + oy * oy);
          if (d > slop)
            continue;
        }
      if (d < best_d)
        best_d = d, best = (int)i;
    }
  return best;
}
