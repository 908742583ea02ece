/* vs-chart-render.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One layout for every kind: title and subtitle, a legend above the plot (never over the
 * data), the plot with labelled axes, notes at the foot. Each kind computes its ranges, adds
 * its legend keys, then draws into the plot rectangle. Series are told apart by colour AND by
 * a pattern, dash or marker shape, and are labelled directly where that reads better.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "vs-chart-axis.h"
#include "vs-chart-palette.h"
#include "vs-chart-private.h"
#include "vs-chart-render.h"

#define DEFAULT_FAMILY "Cantarell, DejaVu Sans, sans-serif"

typedef struct
{
  double x, y, w, h;
} Rect;

typedef struct
{
  VsChartTicks ticks;
  gboolean     percent;
  const char  *unit;
  const char  *label;
} Axis;

typedef enum
{
  KEY_BAR,
  KEY_LINE,
  KEY_MARKER,
  KEY_HOLLOW,
  KEY_WHISKER,
  KEY_DIAGONAL,
  KEY_GRADIENT,
  KEY_OUTLINE,
  KEY_FRONT,
  KEY_RING,
  KEY_TEXT,
} KeyKind;

typedef struct
{
  KeyKind kind;
  guint   index;
  char   *text;
} Key;

typedef struct
{
  cairo_t              *cr;
  VsChartSpec          *spec;
  const VsChartStyle   *style;
  PangoContext         *pango;
  PangoFontDescription *font;
  double                width;
  double                height;
  double                em;
  double                ratio;
  VsChartColor          ink;
  VsChartColor          muted;
  VsChartColor          grid;
  VsChartColor          bg;
  double                top;
  double                bottom;
  double                left;
  double                right;
  Rect                  plot;
  Axis                  x;
  Axis                  y;
  GArray               *keys;
  GArray               *placed;
  GString              *notes;
  VsChartGeometry      *geo;
  struct _Layout       *layout;
} Ctx;

/* What a chart's drawing needs that does not change between draws of the same spec at the
 * same size and style: the checks, the data summaries (sorted values for the quantiles, the
 * Pareto front) and the Pango layouts of its texts. Kept on the spec, keyed by its change
 * counter, the size, the style and the cairo target's kind and scale; the widget's redraws
 * and repeated exports reuse it, and any change through the spec's API starts a new one. */
typedef struct _Layout
{
  guint64              serial;
  double               width;
  double               height;
  gboolean             dark;
  char                *family;
  double               font_scale;
  double               ratio;
  cairo_surface_type_t surface_type;
  double               ctm[4];

  PangoContext         *pango;   /* never rotated: rotated text gets a context of its own */
  PangoFontDescription *font;
  GHashTable           *texts;   /* "size bold width lines align|text" → PangoLayout */

  gboolean              valid;
  char                 *invalid; /* why the spec cannot be drawn */
  guint                 n_hidden;
  gboolean              have_summaries;
  double               *summaries; /* latency: min, p50, p95, max per series */
  gboolean             *has_summary;
  GArray               *points;    /* cost-quality: points with the Pareto front marked */
  struct
  {
    gboolean done;
    double   lo[2];   /* data extents, x and y (bars and paired: [1] unused / both axes) */
    double   hi[2];
    guint    count[2];
    int      index;
    gboolean flag;
    GArray  *pairs;   /* paired: the finite (x, y) pairs */
  } extents;             /* the data scan of bars, paired scatter and line charts */
} Layout;

static guint layout_computations;

static void
layout_free (gpointer data)
{
  Layout *layout = data;

  g_free (layout->family);
  g_clear_object (&layout->pango);
  g_clear_pointer (&layout->font, pango_font_description_free);
  g_clear_pointer (&layout->texts, g_hash_table_unref);
  g_free (layout->invalid);
  g_free (layout->summaries);
  g_free (layout->has_summary);
  g_clear_pointer (&layout->points, g_array_unref);
  g_clear_pointer (&layout->extents.pairs, g_array_unref);
  g_free (layout);
}

guint
_vs_chart_layout_get_computations (void)
{
  return layout_computations;
}

/* Colour and text helpers */

static void
set_color (Ctx *c, const VsChartColor *color, double alpha)
{
  cairo_set_source_rgba (c->cr, color->red, color->green, color->blue, alpha);
}

static VsChartColor
mix (const VsChartColor *a, const VsChartColor *b, double t)
{
  VsChartColor out = {
    a->red + (b->red - a->red) * t,
    a->green + (b->green - a->green) * t,
    a->blue + (b->blue - a->blue) * t,
  };

  return out;
}

static double
channel (double v)
{
  return v <= 0.03928 ? v / 12.92 : pow ((v + 0.055) / 1.055, 2.4);
}

static double
luminance (const VsChartColor *color)
{
  return 0.2126 * channel (color->red) + 0.7152 * channel (color->green)
         + 0.0722 * channel (color->blue);
}

static double
contrast (const VsChartColor *a, const VsChartColor *b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* Dark or white ink, whichever reads better on @fill. */
static const VsChartColor *
ink_on (const VsChartColor *fill)
{
  const VsChartColor *dark = vs_chart_palette_ink (FALSE);
  const VsChartColor *light = vs_chart_palette_ink (TRUE);

  return contrast (dark, fill) >= contrast (light, fill) ? dark : light;
}

static PangoLayout *
new_text_layout (Ctx            *c,
                 PangoContext   *context,
                 const char     *text,
                 double          size,
                 gboolean        bold,
                 double          max_width,
                 int             max_lines,
                 PangoAlignment  align)
{
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr (PangoFontDescription) font = pango_font_description_copy (c->layout->font);

  pango_font_description_set_absolute_size (font, size * c->em * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int)(MAX (max_width, 1) * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (layout, -MAX (max_lines, 1));
    }
  pango_layout_set_alignment (layout, align);
  return layout;
}

/* A layout of @text from the chart's layout cache (a new reference; do not change it). */
static PangoLayout *
text_layout_aligned (Ctx           *c,
                     const char    *text,
                     double         size,
                     gboolean       bold,
                     double         max_width,
                     int            max_lines,
                     PangoAlignment align)
{
  g_autofree char *key = g_strdup_printf ("%.17g %d %.17g %d %d|%s", size, bold, max_width,
                                          max_lines, align, text != NULL ? text : "");
  PangoLayout *layout = g_hash_table_lookup (c->layout->texts, key);

  if (layout == NULL)
    {
      layout = new_text_layout (c, c->layout->pango, text, size, bold, max_width, max_lines,
                                align);
      g_hash_table_insert (c->layout->texts, g_steal_pointer (&key), layout);
    }
  return g_object_ref (layout);
}

static PangoLayout *
text_layout (Ctx *c, const char *text, double size, gboolean bold, double max_width, int max_lines)
{
  return text_layout_aligned (c, text, size, bold, max_width, max_lines, PANGO_ALIGN_LEFT);
}

/* Rotated text: pango_cairo_update_layout() changes the layout's context, so these get a
 * context of their own (made per draw) and stay out of the cache. */
static PangoLayout *
rotated_text_layout (Ctx *c, const char *text, double size, double max_width, int max_lines)
{
  PangoContext *context
      = pango_font_map_create_context (pango_context_get_font_map (c->layout->pango));
  PangoLayout *layout;

  pango_cairo_context_set_font_options (context,
                                        pango_cairo_context_get_font_options (c->layout->pango));
  pango_cairo_context_set_resolution (context,
                                      pango_cairo_context_get_resolution (c->layout->pango));
  layout = new_text_layout (c, context, text, size, FALSE, max_width, max_lines,
                            PANGO_ALIGN_LEFT);
  g_object_unref (context); /* the layout keeps it */
  return layout;
}

static void
text_size (PangoLayout *layout, double *w, double *h)
{
  PangoRectangle ink, logical;

  pango_layout_get_extents (layout, &ink, &logical);
  if (w != NULL)
    *w = (double)logical.width / PANGO_SCALE;
  if (h != NULL)
    *h = (double)logical.height / PANGO_SCALE;
}

/* Draws @layout with the point (@x, @y) at fraction (@ax, @ay) of its box; returns the box. */
static Rect
show_text (Ctx *c, PangoLayout *layout, double x, double y, double ax, double ay)
{
  PangoRectangle logical;
  Rect           box;

  pango_layout_get_extents (layout, NULL, &logical);
  box.w = (double)logical.width / PANGO_SCALE;
  box.h = (double)logical.height / PANGO_SCALE;
  box.x = x - ax * box.w;
  box.y = y - ay * box.h;
  cairo_move_to (c->cr, box.x - (double)logical.x / PANGO_SCALE,
                 box.y - (double)logical.y / PANGO_SCALE);
  pango_cairo_show_layout (c->cr, layout);
  cairo_new_path (c->cr); /* no current point left for the next arc to join */
  return box;
}

static Rect
draw_text (Ctx                *c,
           const char         *text,
           double              size,
           const VsChartColor *color,
           double              x,
           double              y,
           double              ax,
           double              ay)
{
  g_autoptr (PangoLayout) layout = text_layout (c, text, size, FALSE, -1, 1);

  set_color (c, color, 1);
  return show_text (c, layout, x, y, ax, ay);
}

static double
snap (Ctx *c, double v)
{
  /* Lines 1 unit wide land on whole device pixels. */
  double device = round (v * c->ratio);

  if (((int)round (c->ratio)) % 2 == 1)
    device += 0.5;
  return device / c->ratio;
}

static gboolean
overlaps (const Rect *a, const Rect *b)
{
  return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static gboolean
inside (const Rect *outer, const Rect *r)
{
  return r->x >= outer->x - 0.5 && r->y >= outer->y - 0.5
         && r->x + r->w <= outer->x + outer->w + 0.5 && r->y + r->h <= outer->y + outer->h + 0.5;
}

static void
add_placed (Ctx *c, double x, double y, double w, double h)
{
  Rect r = { x, y, w, h };

  g_array_append_val (c->placed, r);
}

/* Puts a label near (@x, @y) where it covers neither another label nor a marker, inside
 * @bounds when possible; draws it on a halo of the background colour. */
static void
place_label (Ctx                *c,
             const char         *text,
             double              size,
             const VsChartColor *color,
             double              x,
             double              y,
             double              gap,
             const Rect         *bounds)
{
  static const double offsets[][4] = {
    /* dx sign, dy sign, ax, ay */
    { 1, 0, 0, 0.5 }, { -1, 0, 1, 0.5 }, { 0, -1, 0.5, 1 }, { 0, 1, 0.5, 0 },
    { 1, -1, 0, 1 },  { 1, 1, 0, 0 },    { -1, -1, 1, 1 },  { -1, 1, 1, 0 },
  };
  g_autoptr (PangoLayout) layout = text_layout (c, text, size, FALSE, -1, 1);
  double   w, h;
  Rect     chosen = { 0, 0, 0, 0 };
  gboolean found = FALSE;
  Rect     box;

  text_size (layout, &w, &h);
  for (guint step = 1; step <= 3 && !found; step++)
    for (guint i = 0; i < G_N_ELEMENTS (offsets) && !found; i++)
      {
        double   d = gap * step;
        Rect     r = { x + offsets[i][0] * d - offsets[i][2] * w,
                       y + offsets[i][1] * d - offsets[i][3] * h, w, h };
        gboolean clear = inside (bounds, &r);

        for (guint j = 0; clear && j < c->placed->len; j++)
          clear = !overlaps (&r, &g_array_index (c->placed, Rect, j));
        if (clear)
          chosen = r, found = TRUE;
      }
  if (!found)
    {
      chosen.x = CLAMP (x + gap, 0, MAX (0, c->width - w));
      chosen.y = CLAMP (y - h / 2, 0, MAX (0, c->height - h));
      chosen.w = w;
      chosen.h = h;
    }

  set_color (c, &c->bg, 0.8);
  cairo_rectangle (c->cr, chosen.x - 2, chosen.y, chosen.w + 4, chosen.h);
  cairo_fill (c->cr);
  set_color (c, color, 1);
  box = show_text (c, layout, chosen.x, chosen.y, 0, 0);
  g_array_append_val (c->placed, box);
}

/* Series styles: colour plus a second cue */

static void
hatch (Ctx *c, Rect r, guint pattern)
{
  cairo_t *cr = c->cr;
  double   s = MAX (c->em * 0.45, 3);

  cairo_save (cr);
  cairo_rectangle (cr, r.x, r.y, r.w, r.h);
  cairo_clip (cr);
  set_color (c, &c->bg, 0.7);
  cairo_set_line_width (cr, MAX (c->em * 0.1, 1));
  switch (pattern % 4)
    {
    case 1: /* diagonal lines */
      for (double t = -r.h; t < r.w + r.h; t += s)
        {
          cairo_move_to (cr, r.x + t, r.y + r.h);
          cairo_line_to (cr, r.x + t + r.h, r.y);
        }
      cairo_stroke (cr);
      break;
    case 2: /* dots */
      for (double yy = r.y + s / 2; yy < r.y + r.h; yy += s)
        for (double xx = r.x + s / 2; xx < r.x + r.w; xx += s)
          {
            cairo_new_sub_path (cr);
            cairo_arc (cr, xx, yy, s * 0.18, 0, 2 * G_PI);
          }
      cairo_fill (cr);
      break;
    case 3: /* cross-hatch */
      for (double t = -r.h; t < r.w + r.h; t += s)
        {
          cairo_move_to (cr, r.x + t, r.y + r.h);
          cairo_line_to (cr, r.x + t + r.h, r.y);
          cairo_move_to (cr, r.x + t, r.y);
          cairo_line_to (cr, r.x + t + r.h, r.y + r.h);
        }
      cairo_stroke (cr);
      break;
    default:
      break;
    }
  cairo_restore (cr);
}

static void
fill_series_rect (Ctx *c, Rect r, guint index)
{
  if (r.w <= 0 || r.h <= 0)
    return;
  set_color (c, vs_chart_palette_series (index), 1);
  cairo_rectangle (c->cr, r.x, r.y, r.w, r.h);
  cairo_fill (c->cr);
  hatch (c, r, index);
  /* A faint outline keeps light colours (yellow, sky blue) visible on white. */
  set_color (c, &c->ink, 0.35);
  cairo_set_line_width (c->cr, 1);
  cairo_rectangle (c->cr, r.x + 0.5, r.y + 0.5, MAX (r.w - 1, 0), MAX (r.h - 1, 0));
  cairo_stroke (c->cr);
}

static void
set_dash (Ctx *c, guint index, double width)
{
  double patterns[4][4] = {
    { 0, 0, 0, 0 },
    { 6, 3, 6, 3 },
    { 1.2, 2.4, 1.2, 2.4 },
    { 7, 3, 1.5, 3 },
  };
  double dash[4];

  if (index % 4 == 0)
    {
      cairo_set_dash (c->cr, NULL, 0, 0);
      return;
    }
  for (guint i = 0; i < 4; i++)
    dash[i] = patterns[index % 4][i] * width;
  cairo_set_dash (c->cr, dash, 4, 0);
}

static void
marker_path (Ctx *c, double x, double y, double r, guint shape)
{
  cairo_t *cr = c->cr;

  cairo_new_sub_path (cr);
  switch (shape % 5)
    {
    case 1: /* square */
      cairo_rectangle (cr, x - r * 0.88, y - r * 0.88, r * 1.76, r * 1.76);
      break;
    case 2: /* triangle */
      cairo_move_to (cr, x, y - r * 1.15);
      cairo_line_to (cr, x + r * 1.05, y + r * 0.75);
      cairo_line_to (cr, x - r * 1.05, y + r * 0.75);
      cairo_close_path (cr);
      break;
    case 3: /* diamond */
      cairo_move_to (cr, x, y - r * 1.2);
      cairo_line_to (cr, x + r * 1.2, y);
      cairo_line_to (cr, x, y + r * 1.2);
      cairo_line_to (cr, x - r * 1.2, y);
      cairo_close_path (cr);
      break;
    case 4: /* plus */
      cairo_rectangle (cr, x - r * 1.1, y - r * 0.35, r * 2.2, r * 0.7);
      cairo_new_sub_path (cr);
      cairo_rectangle (cr, x - r * 0.35, y - r * 1.1, r * 0.7, r * 2.2);
      break;
    default:
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    }
}

static void
draw_marker (Ctx *c, double x, double y, double r, guint index, gboolean filled)
{
  const VsChartColor *color = vs_chart_palette_series (index);

  marker_path (c, x, y, r, index);
  if (filled)
    {
      set_color (c, color, 1);
      cairo_fill_preserve (c->cr);
      set_color (c, &c->ink, 0.6);
      cairo_set_line_width (c->cr, 1);
      cairo_stroke (c->cr);
    }
  else
    {
      set_color (c, &c->bg, 1);
      cairo_fill_preserve (c->cr);
      set_color (c, color, 1);
      cairo_set_line_width (c->cr, MAX (c->em * 0.16, 1.5));
      cairo_stroke (c->cr);
    }
}

static void
draw_whisker (Ctx *c, double x, double y0, double y1, double cap)
{
  cairo_t *cr = c->cr;

  set_color (c, &c->ink, 1);
  cairo_set_line_width (cr, MAX (c->em * 0.12, 1.25));
  cairo_move_to (cr, x, y0);
  cairo_line_to (cr, x, y1);
  cairo_move_to (cr, x - cap / 2, y0);
  cairo_line_to (cr, x + cap / 2, y0);
  cairo_move_to (cr, x - cap / 2, y1);
  cairo_line_to (cr, x + cap / 2, y1);
  cairo_stroke (cr);
}

static VsChartColor
heat_color (Ctx *c, double fraction)
{
  return mix (&c->bg, vs_chart_palette_series (0), 0.06 + 0.94 * CLAMP (fraction, 0, 1));
}

/* Layout: header, legend, notes, message */

static void
add_key (Ctx *c, KeyKind kind, guint index, const char *text)
{
  Key key = { kind, index, g_strdup (text) };

  g_array_append_val (c->keys, key);
}

static void
clear_key (gpointer data)
{
  g_free (((Key *)data)->text);
}

static void note (Ctx *c, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
note (Ctx *c, const char *format, ...)
{
  va_list args;

  if (c->notes->len > 0)
    g_string_append (c->notes, " ");
  va_start (args, format);
  g_string_append_vprintf (c->notes, format, args);
  va_end (args);
}

static void
draw_header (Ctx *c)
{
  const char *title = vs_chart_spec_get_title (c->spec);
  const char *subtitle = vs_chart_spec_get_subtitle (c->spec);
  double      w = c->right - c->left;
  double      h;

  if (title != NULL && *title != '\0')
    {
      g_autoptr (PangoLayout) layout = text_layout (c, title, 1.3, TRUE, w, 2);

      set_color (c, &c->ink, 1);
      show_text (c, layout, c->left, c->top, 0, 0);
      text_size (layout, NULL, &h);
      c->top += h + c->em * 0.15;
    }
  if (subtitle != NULL && *subtitle != '\0')
    {
      g_autoptr (PangoLayout) layout = text_layout (c, subtitle, 0.95, FALSE, w, 2);

      set_color (c, &c->muted, 1);
      show_text (c, layout, c->left, c->top, 0, 0);
      text_size (layout, NULL, &h);
      c->top += h;
    }
  c->top += c->em * 0.6;
}

static void
draw_key_glyph (Ctx *c, const Key *key, Rect r)
{
  cairo_t *cr = c->cr;
  double   cy = r.y + r.h / 2;

  switch (key->kind)
    {
    case KEY_BAR:
      fill_series_rect (c, r, key->index);
      break;
    case KEY_LINE:
      set_color (c, vs_chart_palette_series (key->index), 1);
      cairo_set_line_width (cr, MAX (c->em * 0.18, 2));
      set_dash (c, key->index, MAX (c->em * 0.18, 2));
      cairo_move_to (cr, r.x, cy);
      cairo_line_to (cr, r.x + r.w, cy);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      draw_marker (c, r.x + r.w / 2, cy, c->em * 0.28, key->index, TRUE);
      break;
    case KEY_MARKER:
    case KEY_HOLLOW:
      draw_marker (c, r.x + r.w / 2, cy, c->em * 0.32, key->index, key->kind == KEY_MARKER);
      break;
    case KEY_WHISKER:
      draw_whisker (c, r.x + r.w / 2, r.y, r.y + r.h, r.w * 0.5);
      break;
    case KEY_DIAGONAL:
      set_color (c, &c->muted, 1);
      cairo_set_line_width (cr, 1.5);
      set_dash (c, 1, 1.5);
      cairo_move_to (cr, r.x, r.y + r.h);
      cairo_line_to (cr, r.x + r.w, r.y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      break;
    case KEY_GRADIENT:
      {
        guint steps = 12;

        for (guint i = 0; i < steps; i++)
          {
            VsChartColor col = heat_color (c, (i + 0.5) / steps);

            set_color (c, &col, 1);
            cairo_rectangle (cr, r.x + r.w * i / steps, r.y, r.w / steps + 0.5, r.h);
            cairo_fill (cr);
          }
        set_color (c, &c->ink, 0.35);
        cairo_set_line_width (cr, 1);
        cairo_rectangle (cr, r.x + 0.5, r.y + 0.5, r.w - 1, r.h - 1);
        cairo_stroke (cr);
      }
      break;
    case KEY_FRONT:
      set_color (c, &c->ink, 0.7);
      cairo_set_line_width (cr, MAX (c->em * 0.14, 1.5));
      cairo_move_to (cr, r.x, r.y + r.h);
      cairo_line_to (cr, r.x + r.w / 2, r.y + r.h);
      cairo_line_to (cr, r.x + r.w / 2, r.y);
      cairo_line_to (cr, r.x + r.w, r.y);
      cairo_stroke (cr);
      break;
    case KEY_RING:
      set_color (c, &c->ink, 1);
      cairo_set_line_width (cr, MAX (c->em * 0.16, 2));
      cairo_new_path (cr);
      cairo_arc (cr, r.x + r.w / 2, cy, r.h * 0.45, 0, 2 * G_PI);
      cairo_stroke (cr);
      break;
    case KEY_OUTLINE:
      set_color (c, &c->ink, 1);
      cairo_set_line_width (cr, MAX (c->em * 0.16, 2));
      cairo_rectangle (cr, r.x + 1, r.y + 1, r.w - 2, r.h - 2);
      cairo_stroke (cr);
      break;
    case KEY_TEXT:
    default:
      break;
    }
}

static void
draw_legend (Ctx *c)
{
  double x = c->left;
  double y = c->top;
  double line_h = c->em * 1.35;
  double glyph_w = c->em * 1.6;
  double max_w = c->right - c->left;

  if (c->keys->len == 0)
    return;

  for (guint i = 0; i < c->keys->len; i++)
    {
      Key     *key = &g_array_index (c->keys, Key, i);
      gboolean has_glyph = key->kind != KEY_TEXT;
      double   glyph = has_glyph ? (key->kind == KEY_GRADIENT ? glyph_w * 2 : glyph_w) : 0;
      g_autoptr (PangoLayout) layout
          = text_layout (c, key->text, 0.9, FALSE, max_w - glyph - c->em * 0.4, 1);
      double tw, th, item_w;

      text_size (layout, &tw, &th);
      item_w = glyph + (has_glyph ? c->em * 0.4 : 0) + tw;
      if (x > c->left && x + item_w > c->right)
        {
          x = c->left;
          y += line_h;
        }
      if (has_glyph)
        {
          Rect r = { x, y + (line_h - c->em * 0.85) / 2 - c->em * 0.1, glyph, c->em * 0.85 };

          draw_key_glyph (c, key, r);
          x += glyph + c->em * 0.4;
        }
      set_color (c, key->kind == KEY_TEXT ? &c->muted : &c->ink, 1);
      show_text (c, layout, x, y + line_h / 2 - c->em * 0.1, 0, 0.5);
      x += tw + c->em * 1.3;
    }
  c->top = y + line_h + c->em * 0.5;
}

static void
draw_notes (Ctx *c)
{
  g_autoptr (PangoLayout) layout = NULL;
  double h;

  if (c->notes->len == 0)
    return;
  layout = text_layout (c, c->notes->str, 0.8, FALSE, c->right - c->left, 3);
  text_size (layout, NULL, &h);
  set_color (c, &c->muted, 1);
  show_text (c, layout, c->left, c->bottom, 0, 1);
  c->bottom -= h + c->em * 0.5;
}

/* Draws the legend and notes; after this the free area is [left,right]×[top,bottom]. */
static void
frame (Ctx *c)
{
  guint hidden = c->geo->n_hidden;

  if (hidden > 0)
    note (c,
          g_dngettext (GETTEXT_PACKAGE, "%u value is missing or not finite and not shown.",
                       "%u values are missing or not finite and not shown.", hidden),
          hidden);
  if (vs_chart_spec_get_message (c->spec) != NULL && *vs_chart_spec_get_message (c->spec) != '\0')
    note (c, "%s", vs_chart_spec_get_message (c->spec));
  draw_legend (c);
  draw_notes (c);
}

static void
message (Ctx *c, const char *text)
{
  g_autoptr (PangoLayout) layout = NULL;
  double cx = (c->left + c->right) / 2;
  double cy = (c->top + c->bottom) / 2;

  if (c->geo->message == NULL)
    c->geo->message = g_strdup (text);
  c->geo->has_plot = FALSE;

  layout = text_layout_aligned (c, text, 1.05, FALSE, (c->right - c->left) * 0.9, 6,
                                PANGO_ALIGN_CENTER);
  set_color (c, &c->muted, 1);
  show_text (c, layout, cx, MAX (cy, c->top), 0.5, cy > c->top ? 0.5 : 0);
}

/* Axes */

static double
map_x (Ctx *c, double v)
{
  double lo = c->geo->x_min, hi = c->geo->x_max;

  return c->plot.x + (hi > lo ? (v - lo) / (hi - lo) : 0.5) * c->plot.w;
}

static double
map_y (Ctx *c, double v)
{
  double lo = c->geo->y_min, hi = c->geo->y_max;

  return c->plot.y + c->plot.h - (hi > lo ? (v - lo) / (hi - lo) : 0.5) * c->plot.h;
}

static void
axis_init (Axis *axis, const VsChartAxis *spec)
{
  axis->percent = spec->percent;
  axis->unit = spec->unit;
  axis->label = spec->label;
}

static char *
tick_text (const Axis *axis, double v)
{
  g_autofree char *number = NULL;

  if (axis->percent)
    {
      number = vs_chart_format_number (v * 100, axis->ticks.step * 100);
      return g_strdup_printf ("%s%%", number);
    }
  number = vs_chart_format_number (v, axis->ticks.step);
  if (g_strcmp0 (axis->unit, "$") == 0 || g_strcmp0 (axis->unit, "USD") == 0)
    return g_str_has_prefix (number, "−") ? g_strdup_printf ("−$%s", number + strlen ("−"))
                                          : g_strdup_printf ("$%s", number);
  return g_steal_pointer (&number);
}

static char *
axis_title (const Axis *axis, const char *fallback)
{
  const char *label = axis->label != NULL && *axis->label ? axis->label : fallback;

  if (label == NULL)
    return NULL;
  if (axis->percent)
    return g_strdup_printf ("%s (%%)", label);
  if (axis->unit != NULL && *axis->unit != '\0')
    return g_strdup_printf ("%s (%s)", label, axis->unit);
  return g_strdup (label);
}

static double
tick_labels_width (Ctx *c, const Axis *axis)
{
  double max = 0;

  for (guint i = 0; i < axis->ticks.n; i++)
    {
      g_autofree char *text = tick_text (axis, vs_chart_ticks_get (&axis->ticks, i));
      g_autoptr (PangoLayout) layout = text_layout (c, text, 0.85, FALSE, -1, 1);
      double w;

      text_size (layout, &w, NULL);
      max = MAX (max, w);
    }
  return max;
}

static double
line_height (Ctx *c, double size)
{
  g_autoptr (PangoLayout) layout = text_layout (c, "Xg", size, FALSE, -1, 1);
  double h;

  text_size (layout, NULL, &h);
  return h;
}

/* Left margin a vertical value axis needs: rotated title + tick labels. */
static double
y_axis_margin (Ctx *c, const Axis *axis, gboolean with_title)
{
  return (with_title ? line_height (c, 0.9) + c->em * 0.4 : 0) + tick_labels_width (c, axis)
         + c->em * 0.5;
}

static double
x_axis_margin (Ctx *c, gboolean with_title)
{
  return line_height (c, 0.85) + c->em * 0.4
         + (with_title ? line_height (c, 0.9) + c->em * 0.3 : 0);
}

static void
draw_y_title (Ctx *c, const char *title)
{
  g_autoptr (PangoLayout) layout = NULL;

  if (title == NULL)
    return;
  layout = rotated_text_layout (c, title, 0.9, c->plot.h, 1);
  cairo_save (c->cr);
  cairo_translate (c->cr, c->left, c->plot.y + c->plot.h / 2);
  cairo_rotate (c->cr, -G_PI / 2);
  pango_cairo_update_layout (c->cr, layout);
  set_color (c, &c->ink, 1);
  show_text (c, layout, 0, 0, 0.5, 0);
  cairo_restore (c->cr);
}

static void
draw_x_title (Ctx *c, const char *title)
{
  g_autoptr (PangoLayout) layout = NULL;

  if (title == NULL)
    return;
  layout = text_layout (c, title, 0.9, FALSE, c->plot.w, 1);
  set_color (c, &c->ink, 1);
  show_text (c, layout, c->plot.x + c->plot.w / 2, c->bottom, 0.5, 1);
}

static void
draw_y_grid (Ctx *c, const Axis *axis)
{
  cairo_t *cr = c->cr;

  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < axis->ticks.n; i++)
    {
      double           v = vs_chart_ticks_get (&axis->ticks, i);
      double           y = snap (c, map_y (c, v));
      g_autofree char *text = tick_text (axis, v);

      set_color (c, &c->grid, 1);
      cairo_move_to (cr, c->plot.x, y);
      cairo_line_to (cr, c->plot.x + c->plot.w, y);
      cairo_stroke (cr);
      draw_text (c, text, 0.85, &c->muted, c->plot.x - c->em * 0.4, y, 1, 0.5);
    }
}

static void
draw_x_grid (Ctx *c, const Axis *axis)
{
  cairo_t *cr = c->cr;
  double   widest = 0;
  guint    stride = 1;
  double   spacing;

  for (guint i = 0; i < axis->ticks.n; i++)
    {
      g_autofree char *text = tick_text (axis, vs_chart_ticks_get (&axis->ticks, i));
      g_autoptr (PangoLayout) layout = text_layout (c, text, 0.85, FALSE, -1, 1);
      double w;

      text_size (layout, &w, NULL);
      widest = MAX (widest, w);
    }
  spacing = axis->ticks.n > 1 ? c->plot.w / (axis->ticks.n - 1) : c->plot.w;
  while (spacing * stride < widest + c->em * 0.8 && stride < axis->ticks.n)
    stride++;

  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < axis->ticks.n; i++)
    {
      double v = vs_chart_ticks_get (&axis->ticks, i);
      double x = snap (c, map_x (c, v));

      set_color (c, &c->grid, 1);
      cairo_move_to (cr, x, c->plot.y);
      cairo_line_to (cr, x, c->plot.y + c->plot.h);
      cairo_stroke (cr);
      if (i % stride == 0)
        {
          g_autofree char *text = tick_text (axis, v);

          draw_text (c, text, 0.85, &c->muted, x, c->plot.y + c->plot.h + c->em * 0.3, 0.5, 0);
        }
    }
}

static void
draw_plot_frame (Ctx *c)
{
  cairo_t *cr = c->cr;
  double   x0 = snap (c, c->plot.x), y1 = snap (c, c->plot.y + c->plot.h);

  set_color (c, &c->muted, 1);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, x0, c->plot.y);
  cairo_line_to (cr, x0, y1);
  cairo_line_to (cr, c->plot.x + c->plot.w, y1);
  cairo_stroke (cr);
}

static gboolean
set_plot (Ctx *c, double x, double y, double w, double h)
{
  c->plot.x = x;
  c->plot.y = y;
  c->plot.w = w;
  c->plot.h = h;
  if (w < c->em * 3 || h < c->em * 2)
    {
      message (c, _("The chart is too small to show its data; make it larger."));
      return FALSE;
    }
  c->geo->has_plot = TRUE;
  c->geo->plot_x = x;
  c->geo->plot_y = y;
  c->geo->plot_width = w;
  c->geo->plot_height = h;
  return TRUE;
}

static void
set_ranges (Ctx *c, double x_min, double x_max, double y_min, double y_max)
{
  c->geo->x_min = x_min;
  c->geo->x_max = x_max;
  c->geo->y_min = y_min;
  c->geo->y_max = y_max;
}

static void
clip_plot (Ctx *c)
{
  cairo_rectangle (c->cr, c->plot.x, c->plot.y, c->plot.w, c->plot.h);
  cairo_clip (c->cr);
}

static guint
target_ticks (double length, double em)
{
  return (guint)CLAMP (length / (em * 3.5), 2, 10);
}

/* Range helpers: user overrides win, bars always include zero. */
static void
value_range (const VsChartAxis *axis, double *lo, double *hi)
{
  if (isfinite (axis->min))
    *lo = axis->min;
  if (isfinite (axis->max))
    *hi = axis->max;
}

/* Kinds */

static void
render_bars (Ctx *c)
{
  VsChartSpec       *spec = c->spec;
  guint              n_cat = vs_chart_spec_get_n_categories (spec);
  guint              n_series = vs_chart_spec_get_n_series (spec);
  const VsChartAxis *yspec = vs_chart_spec_get_axis (spec, VS_CHART_AXIS_Y);
  double             lo = 0, hi = -INFINITY;
  gboolean           any_interval = FALSE;
  double             left, group_w, bar_w, label_h = 0, top_pad;
  g_autofree char   *ytitle = NULL;

  if (!c->layout->extents.done)
    {
      for (guint s = 0; s < n_series; s++)
        {
          VsChartSeries *series = vs_chart_spec_get_series (spec, s);
          gboolean       interval = vs_chart_series_has_interval (series);

          any_interval |= interval;
          for (guint i = 0; i < MIN (n_cat, series->y->len); i++)
            {
              double v[3] = { vs_chart_series_get_y (series, i),
                              interval ? g_array_index (series->lower, double, i) : NAN,
                              interval ? g_array_index (series->upper, double, i) : NAN };

              for (guint k = 0; k < 3; k++)
                if (isfinite (v[k]))
                  {
                    lo = MIN (lo, v[k]);
                    hi = MAX (hi, v[k]);
                  }
            }
        }
      c->layout->extents.lo[1] = lo;
      c->layout->extents.hi[1] = hi;
      c->layout->extents.flag = any_interval;
      c->layout->extents.done = TRUE;
    }
  lo = c->layout->extents.lo[1];
  hi = c->layout->extents.hi[1];
  any_interval = c->layout->extents.flag;
  if (n_cat == 0 || !isfinite (hi))
    {
      frame (c);
      message (c, n_cat == 0 ? _("No categories to show.")
                             : _("No values to show: every value is missing."));
      return;
    }
  if (yspec->percent && lo >= 0 && hi <= 1)
    hi = 1;
  value_range (yspec, &lo, &hi);
  lo = MIN (lo, 0); /* bars are lengths: the axis starts at zero */
  hi = MAX (hi, 0);

  if (n_series > 1)
    for (guint s = 0; s < n_series; s++)
      add_key (c, KEY_BAR, s, vs_chart_spec_get_series (spec, s)->name);
  if (any_interval)
    add_key (c, KEY_WHISKER, 0,
             vs_chart_spec_get_interval_label (spec) != NULL
                 ? vs_chart_spec_get_interval_label (spec)
                 : _("Interval"));
  frame (c);

  axis_init (&c->y, yspec);
  vs_chart_ticks (lo, hi, target_ticks (c->bottom - c->top, c->em), &c->y.ticks);
  ytitle = axis_title (&c->y, NULL);
  left = c->left + y_axis_margin (c, &c->y, ytitle != NULL);
  group_w = (c->right - left) / n_cat;

  for (guint i = 0; i < n_cat; i++)
    {
      g_autoptr (PangoLayout) layout
          = text_layout (c, vs_chart_spec_get_category (spec, i), 0.85, FALSE, group_w * 0.94, 3);
      double h;

      text_size (layout, NULL, &h);
      label_h = MAX (label_h, h);
    }
  {
    const VsChartAxis *xspec = vs_chart_spec_get_axis (spec, VS_CHART_AXIS_X);
    double             xtitle_h = xspec->label != NULL ? line_height (c, 0.9) + c->em * 0.3 : 0;

    top_pad = line_height (c, 0.8) + c->em * 0.3;
    if (!set_plot (c, left, c->top + top_pad, c->right - left,
                   c->bottom - xtitle_h - label_h - c->em * 0.4 - c->top - top_pad))
      return;
  }
  set_ranges (c, 0, n_cat, c->y.ticks.min, c->y.ticks.max);
  draw_y_grid (c, &c->y);
  draw_y_title (c, ytitle);

  bar_w = group_w * 0.8 / n_series;
  for (guint i = 0; i < n_cat; i++)
    {
      double gx = c->plot.x + group_w * i + group_w * 0.1;
      g_autoptr (PangoLayout) layout
          = text_layout_aligned (c, vs_chart_spec_get_category (spec, i), 0.85, FALSE,
                                 group_w * 0.94, 3, PANGO_ALIGN_CENTER);

      for (guint s = 0; s < n_series; s++)
        {
          VsChartSeries *series = vs_chart_spec_get_series (spec, s);
          double         v = vs_chart_series_get_y (series, i);
          double         x = gx + bar_w * s;
          double         y0 = map_y (c, 0);
          double         top_v = v;

          if (!isfinite (v))
            {
              draw_text (c, "n/a", 0.7, &c->muted, x + bar_w / 2, y0 - c->em * 0.15, 0.5, 1);
              continue;
            }
          {
            double y1 = map_y (c, CLAMP (v, c->y.ticks.min, c->y.ticks.max));
            Rect   r = { x + bar_w * 0.04, MIN (y0, y1), bar_w * 0.92, fabs (y1 - y0) };

            fill_series_rect (c, r, s);
          }
          if (vs_chart_series_has_interval (series))
            {
              double l = g_array_index (series->lower, double, i);
              double u = g_array_index (series->upper, double, i);

              if (isfinite (l) && isfinite (u))
                {
                  draw_whisker (c, x + bar_w / 2, map_y (c, MAX (l, c->y.ticks.min)),
                                map_y (c, MIN (u, c->y.ticks.max)), MIN (bar_w * 0.45, c->em));
                  top_v = MAX (v, u);
                }
            }
          {
            g_autofree char *text
                = vs_chart_format_value (v, yspec->percent, yspec->percent ? NULL : yspec->unit);
            g_autoptr (PangoLayout) value = text_layout (c, text, 0.8, FALSE, -1, 1);
            double tw;

            text_size (value, &tw, NULL);
            if (tw <= bar_w * 1.05 + c->em * 0.2)
              {
                set_color (c, &c->ink, 1);
                if (v >= 0)
                  show_text (c, value, x + bar_w / 2,
                             map_y (c, MIN (top_v, c->y.ticks.max)) - c->em * 0.15, 0.5, 1);
                else
                  show_text (c, value, x + bar_w / 2, map_y (c, v) + c->em * 0.15, 0.5, 0);
              }
          }
        }
      set_color (c, &c->ink, 1);
      show_text (c, layout, c->plot.x + group_w * (i + 0.5), c->plot.y + c->plot.h + c->em * 0.3,
                 0.5, 0);
    }

  /* the zero line */
  set_color (c, &c->ink, 1);
  cairo_set_line_width (c->cr, 1);
  cairo_move_to (c->cr, c->plot.x, snap (c, map_y (c, 0)));
  cairo_line_to (c->cr, c->plot.x + c->plot.w, snap (c, map_y (c, 0)));
  cairo_stroke (c->cr);
  {
    Axis             xaxis;
    g_autofree char *xtitle = NULL;

    axis_init (&xaxis, vs_chart_spec_get_axis (spec, VS_CHART_AXIS_X));
    xtitle = axis_title (&xaxis, NULL);
    draw_x_title (c, xtitle);
  }
}

static int
compare_pairs (gconstpointer a, gconstpointer b)
{
  const double *p = a, *q = b;

  if (p[0] != q[0])
    return (p[0] > q[0]) - (p[0] < q[0]);
  return (p[1] > q[1]) - (p[1] < q[1]);
}

static void
render_paired (Ctx *c)
{
  VsChartSpec       *spec = c->spec;
  VsChartSeries     *series = vs_chart_spec_get_series (spec, 0);
  const VsChartAxis *xspec = vs_chart_spec_get_axis (spec, VS_CHART_AXIS_X);
  const VsChartAxis *yspec = vs_chart_spec_get_axis (spec, VS_CHART_AXIS_Y);
  g_autoptr (GArray) pairs = NULL;
  const char      *a_name = xspec->label != NULL && *xspec->label ? xspec->label : "A";
  const char      *b_name = yspec->label != NULL && *yspec->label ? yspec->label : "B";
  double           lo = INFINITY, hi = -INFINITY, side, left, avail_w, avail_h, bottom_m;
  guint            above = 0, below = 0;
  gboolean         stacked = FALSE;
  guint            n_stacks = 0;
  g_autofree char *xtitle = NULL;
  g_autofree char *ytitle = NULL;
  g_autofree char *above_text = NULL;

  if (!c->layout->extents.done)
    {
      pairs = g_array_new (FALSE, FALSE, sizeof (double) * 2);
      for (guint i = 0; i < series->y->len; i++)
        {
          double p[2] = { vs_chart_series_get_x (series, i), vs_chart_series_get_y (series, i) };

          if (!isfinite (p[0]) || !isfinite (p[1]))
            continue;
          g_array_append_vals (pairs, p, 1);
          lo = MIN (lo, MIN (p[0], p[1]));
          hi = MAX (hi, MAX (p[0], p[1]));
          if (p[1] > p[0])
            above++;
          else if (p[1] < p[0])
            below++;
        }
      g_array_sort (pairs, compare_pairs);
      c->layout->extents.pairs = g_steal_pointer (&pairs);
      c->layout->extents.lo[0] = lo;
      c->layout->extents.hi[0] = hi;
      c->layout->extents.count[0] = above;
      c->layout->extents.count[1] = below;
      c->layout->extents.done = TRUE;
    }
  pairs = g_array_ref (c->layout->extents.pairs);
  lo = c->layout->extents.lo[0];
  hi = c->layout->extents.hi[0];
  above = c->layout->extents.count[0];
  below = c->layout->extents.count[1];
  if (pairs->len == 0)
    {
      frame (c);
      message (c, _("No cases have scores for both contenders."));
      return;
    }
  for (guint i = 1; i < pairs->len; i++)
    if (compare_pairs (&g_array_index (pairs, double, 2 * (i - 1)),
                       &g_array_index (pairs, double, 2 * i))
        == 0)
      {
        /* a new stack starts where the previous pair did not repeat its predecessor */
        if (i < 2
            || compare_pairs (&g_array_index (pairs, double, 2 * (i - 2)),
                              &g_array_index (pairs, double, 2 * (i - 1)))
                   != 0)
          n_stacks++;
        stacked = TRUE;
      }

  if ((yspec->percent || xspec->percent) && lo >= 0 && hi <= 1)
    lo = 0, hi = 1;
  value_range (yspec, &lo, &hi);

  add_key (c, KEY_MARKER, 0,
           stacked ? _("One case (larger: several cases with the same scores)") : _("One case"));
  add_key (c, KEY_DIAGONAL, 0, _("Same score for both"));
  /* which side is which, in words, outside the plot where it never covers a point */
  above_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             /* Translators: a contender that scores higher above
                                              * the diagonal and on how many cases, then the one
                                              * that scores higher below it and on how many. */
                                             "Above the line: %s higher (%u case) · below: %s "
                                             "higher (%u)",
                                             "Above the line: %s higher (%u cases) · below: %s "
                                             "higher (%u)",
                                             above),
                                b_name, above, a_name, below);
  add_key (c, KEY_TEXT, 0, above_text);
  frame (c);

  axis_init (&c->x, xspec);
  axis_init (&c->y, yspec);
  c->x.percent = c->y.percent = xspec->percent || yspec->percent;
  vs_chart_ticks (lo, hi, target_ticks (MIN (c->right - c->left, c->bottom - c->top), c->em),
                  &c->y.ticks);
  c->x.ticks = c->y.ticks;
  xtitle = axis_title (&c->x, a_name);
  ytitle = axis_title (&c->y, b_name);
  left = c->left + y_axis_margin (c, &c->y, TRUE);
  bottom_m = x_axis_margin (c, TRUE);
  avail_w = c->right - left - c->em;
  avail_h = c->bottom - bottom_m - c->top - c->em * 0.5;
  side = MIN (avail_w, avail_h);
  if (!set_plot (c, left + (avail_w - side) / 2, c->top + c->em * 0.5, side, side))
    return;
  set_ranges (c, c->x.ticks.min, c->x.ticks.max, c->y.ticks.min, c->y.ticks.max);
  c->left = c->plot.x - y_axis_margin (c, &c->y, TRUE);
  draw_y_grid (c, &c->y);
  draw_x_grid (c, &c->x);
  draw_plot_frame (c);
  draw_y_title (c, ytitle);
  c->bottom = c->plot.y + c->plot.h + bottom_m;
  draw_x_title (c, xtitle);

  cairo_save (c->cr);
  clip_plot (c);
  set_color (c, &c->muted, 1);
  cairo_set_line_width (c->cr, 1.5);
  set_dash (c, 1, 1.5);
  cairo_move_to (c->cr, map_x (c, c->x.ticks.min), map_y (c, c->y.ticks.min));
  cairo_line_to (c->cr, map_x (c, c->x.ticks.max), map_y (c, c->y.ticks.max));
  cairo_stroke (c->cr);
  cairo_set_dash (c->cr, NULL, 0, 0);
  cairo_restore (c->cr);

  for (guint i = 0; i < pairs->len;)
    {
      double *p = &g_array_index (pairs, double, 2 * i);
      guint   run = 1;
      double  r;

      while (i + run < pairs->len
             && compare_pairs (p, &g_array_index (pairs, double, 2 * (i + run))) == 0)
        run++;
      r = MIN (c->em * 0.3 * sqrt (run), side * 0.08);
      r = MAX (r, c->em * 0.3);
      marker_path (c, map_x (c, p[0]), map_y (c, p[1]), r, 0);
      set_color (c, vs_chart_palette_series (0), 0.45);
      cairo_fill_preserve (c->cr);
      {
        /* Okabe–Ito blue is dim on the dark background: lighten the outline there */
        VsChartColor edge = c->style->dark ? mix (vs_chart_palette_series (0), &c->ink, 0.45)
                                           : *vs_chart_palette_series (0);

        set_color (c, &edge, 1);
      }
      cairo_set_line_width (c->cr, 1.25);
      cairo_stroke (c->cr);
      add_placed (c, map_x (c, p[0]) - r, map_y (c, p[1]) - r, 2 * r, 2 * r);
      i += run;
    }

  /* counts for stacks, after all markers are known; with very many stacks the marker size
   * alone tells (labelling them all would be slow and unreadable) */
  for (guint i = 0; i < pairs->len && n_stacks <= 60;)
    {
      double *p = &g_array_index (pairs, double, 2 * i);
      guint   run = 1;

      while (i + run < pairs->len
             && compare_pairs (p, &g_array_index (pairs, double, 2 * (i + run))) == 0)
        run++;
      if (run > 1)
        {
          g_autofree char *text = g_strdup_printf ("×%u", run);
          double           r = MAX (MIN (c->em * 0.3 * sqrt (run), side * 0.08), c->em * 0.3);

          place_label (c, text, 0.75, &c->ink, map_x (c, p[0]), map_y (c, p[1]), r + c->em * 0.2,
                       &c->plot);
        }
      i += run;
    }
}

static void
render_confusion (Ctx *c)
{
  VsChartSpec       *spec = c->spec;
  guint              n = vs_chart_spec_get_n_categories (spec);
  g_autofree double *totals = NULL;
  double             grand = 0, row_w = 0, cell, label_h, left, avail_w, avail_h, title_h;
  gboolean           text_fits;
  guint              stride;
  double             col_w = 0;
  gboolean           rotate = FALSE;

  if (n == 0)
    {
      frame (c);
      message (c, _("No classes to show."));
      return;
    }
  totals = g_new0 (double, n);
  for (guint r = 0; r < n; r++)
    {
      VsChartSeries *row = vs_chart_spec_get_series (spec, r);

      for (guint k = 0; k < n; k++)
        {
          double v = vs_chart_series_get_y (row, k);

          if (isfinite (v))
            totals[r] += v;
        }
      grand += totals[r];
    }
  if (grand <= 0)
    {
      frame (c);
      message (c, _("No cases were counted: every cell is zero or missing."));
      return;
    }

  add_key (c, KEY_GRADIENT, 0, _("Share of the actual class (row)"));
  add_key (c, KEY_OUTLINE, 0, _("Correct (actual = predicted)"));
  /* the notes are drawn with the legend, before the cells are sized: estimate the cell */
  if (MIN ((c->right - c->left) * 0.7, c->bottom - c->top - c->em * 7) / n < c->em * 1.6)
    note (c, _("Cells are too small for their counts; make the chart larger to read them."));
  frame (c);

  for (guint r = 0; r < n; r++)
    {
      g_autoptr (PangoLayout) layout = text_layout (c, vs_chart_spec_get_series (spec, r)->name,
                                                    0.85, FALSE, (c->right - c->left) * 0.28, 1);
      double w;

      text_size (layout, &w, NULL);
      row_w = MAX (row_w, w);
    }
  title_h = line_height (c, 0.9) + c->em * 0.4;
  left = c->left + title_h + row_w + c->em * 0.5;
  for (guint k = 0; k < n; k++)
    {
      g_autoptr (PangoLayout) layout
          = text_layout (c, vs_chart_spec_get_category (spec, k), 0.85, FALSE, -1, 1);
      double w;

      text_size (layout, &w, NULL);
      col_w = MAX (col_w, w);
    }
  label_h = line_height (c, 0.85) * 2 + c->em * 0.3;
  avail_w = c->right - left;
  avail_h = c->bottom - c->top - label_h - title_h;
  cell = MIN (avail_w / n, avail_h / n);
  /* column names that would not fit in two lines under their cell stand on end instead */
  if (col_w > cell * 1.8)
    {
      rotate = TRUE;
      label_h = MIN (col_w, c->em * 6) + c->em * 0.5;
      avail_h = c->bottom - c->top - label_h - title_h;
      cell = MIN (avail_w / n, avail_h / n);
    }
  if (!set_plot (c, left, c->top, cell * n, cell * n))
    return;
  set_ranges (c, 0, n, 0, n);
  text_fits = cell >= c->em * 1.6;
  stride = MAX ((guint)ceil (line_height (c, 0.85) * 1.1 / cell), 1);

  for (guint r = 0; r < n; r++)
    {
      VsChartSeries *row = vs_chart_spec_get_series (spec, r);
      g_autoptr (PangoLayout) name
          = text_layout (c, row->name, 0.85, FALSE, (c->right - c->left) * 0.28, 1);

      set_color (c, &c->ink, 1);
      if (r % stride == 0) /* with many classes, every stride-th name so none overlap */
        show_text (c, name, c->plot.x - c->em * 0.5, c->plot.y + cell * (r + 0.5), 1, 0.5);
      for (guint k = 0; k < n; k++)
        {
          double       v = vs_chart_series_get_y (row, k);
          double       f = totals[r] > 0 && isfinite (v) ? v / totals[r] : 0;
          VsChartColor fill = heat_color (c, f);
          Rect         rc = { c->plot.x + cell * k, c->plot.y + cell * r, cell, cell };

          set_color (c, &fill, 1);
          cairo_rectangle (c->cr, rc.x, rc.y, rc.w, rc.h);
          cairo_fill (c->cr);
          set_color (c, &c->bg, 1);
          cairo_set_line_width (c->cr, 1);
          cairo_rectangle (c->cr, rc.x + 0.5, rc.y + 0.5, rc.w - 1, rc.h - 1);
          cairo_stroke (c->cr);
          if (r == k)
            {
              double lw = MIN (MAX (c->em * 0.16, 2), MAX (cell * 0.1, 1));

              set_color (c, &c->ink, 1);
              cairo_set_line_width (c->cr, lw);
              cairo_rectangle (c->cr, rc.x + lw, rc.y + lw, rc.w - 2 * lw, rc.h - 2 * lw);
              cairo_stroke (c->cr);
            }
          if (text_fits)
            {
              g_autofree char *count
                  = isfinite (v) ? vs_chart_format_number (v, 1) : g_strdup ("–");
              g_autofree char *text = NULL;
              g_autoptr (PangoLayout) layout = NULL;
              double size = CLAMP (cell / (c->em * 3.2), 0.7, 1.0);

              if (cell >= c->em * 2.8 && totals[r] > 0 && isfinite (v))
                text = g_strdup_printf ("%s\n%.0f%%", count, 100 * f);
              else
                text = g_strdup (count);
              layout = text_layout_aligned (c, text, size, FALSE, cell * 0.92, 2,
                                            PANGO_ALIGN_CENTER);
              set_color (c, ink_on (&fill), 1);
              show_text (c, layout, rc.x + cell / 2, rc.y + cell / 2, 0.5, 0.5);
            }
        }
    }
  for (guint k = 0; k < n; k += rotate ? stride : 1)
    {
      double x = c->plot.x + cell * (k + 0.5);
      double y = c->plot.y + c->plot.h + c->em * 0.3;
      g_autoptr (PangoLayout) layout
          = rotate
                ? rotated_text_layout (c, vs_chart_spec_get_category (spec, k), 0.85, c->em * 6, 1)
                : text_layout_aligned (c, vs_chart_spec_get_category (spec, k), 0.85, FALSE,
                                       cell * 0.96, 2, PANGO_ALIGN_CENTER);

      set_color (c, &c->ink, 1);
      if (rotate)
        {
          /* reads bottom to top, ending just under its column */
          cairo_save (c->cr);
          cairo_translate (c->cr, x, y);
          cairo_rotate (c->cr, -G_PI / 2);
          pango_cairo_update_layout (c->cr, layout);
          show_text (c, layout, 0, 0, 1, 0.5);
          cairo_restore (c->cr);
        }
      else
        show_text (c, layout, x, y, 0.5, 0);
    }
  {
    Axis axis = { .label = _("Predicted class") };
    g_autoptr (PangoLayout) layout = NULL;

    c->bottom = c->plot.y + c->plot.h + label_h + title_h;
    axis_init (&axis, vs_chart_spec_get_axis (spec, VS_CHART_AXIS_X));
    {
      g_autofree char *xt = axis_title (&axis, _("Predicted class"));

      draw_x_title (c, xt);
    }
    axis_init (&axis, vs_chart_spec_get_axis (spec, VS_CHART_AXIS_Y));
    {
      g_autofree char *yt = axis_title (&axis, _("Actual class"));

      c->left = c->plot.x - row_w - c->em * 0.5 - title_h;
      draw_y_title (c, yt);
    }
  }
}

static void
render_latency (Ctx *c)
{
  VsChartSpec       *spec = c->spec;
  guint              n = vs_chart_spec_get_n_series (spec);
  const VsChartAxis *vspec = vs_chart_spec_get_axis (spec, VS_CHART_AXIS_Y);
  gboolean histogram = vs_chart_spec_get_latency_mode (spec) == VS_CHART_LATENCY_HISTOGRAM;
  g_autofree double   *summaries = g_new0 (double, 4 * n);
  g_autofree gboolean *has = g_new0 (gboolean, n);
  double               lo = 0, hi = -INFINITY, names_w = 0, left, row_h;
  g_autofree char     *title = NULL;
  VsChartTicks         bins = { 0 };
  g_autofree guint    *counts = NULL;
  guint                max_count = 0;

  if (!c->layout->have_summaries)
    {
      c->layout->summaries = g_new0 (double, 4 * n);
      c->layout->has_summary = g_new0 (gboolean, n);
      for (guint s = 0; s < n; s++)
        c->layout->has_summary[s] = _vs_chart_summary (vs_chart_spec_get_series (spec, s),
                                                       &c->layout->summaries[4 * s], NULL);
      c->layout->have_summaries = TRUE;
    }
  memcpy (summaries, c->layout->summaries, 4 * n * sizeof (double));
  memcpy (has, c->layout->has_summary, n * sizeof (gboolean));
  for (guint s = 0; s < n; s++)
    {
      if (has[s])
        {
          hi = MAX (hi, summaries[4 * s + 3]);
          lo = MIN (lo, summaries[4 * s]);
        }
    }
  if (!isfinite (hi))
    {
      frame (c);
      message (c, _("No latency samples to show."));
      return;
    }
  value_range (vspec, &lo, &hi);

  if (histogram)
    {
      add_key (c, KEY_TEXT, 0, _("Bar height: number of requests in each latency bin"));
    }
  else
    {
      add_key (c, KEY_OUTLINE, 0, _("Box: median (p50) to p95"));
      add_key (c, KEY_WHISKER, 0, _("Line: fastest to slowest"));
    }
  frame (c);

  axis_init (&c->x, vspec);
  c->x.label = vspec->label != NULL ? vspec->label : _("Latency");
  for (guint s = 0; s < n; s++)
    {
      g_autoptr (PangoLayout) layout = text_layout (c, vs_chart_spec_get_series (spec, s)->name,
                                                    0.85, FALSE, (c->right - c->left) * 0.3, 2);
      double w;

      text_size (layout, &w, NULL);
      names_w = MAX (names_w, w);
    }
  left = c->left + names_w + c->em * 0.6;
  vs_chart_ticks (lo, hi, target_ticks (c->right - left, c->em * 1.4), &c->x.ticks);
  if (!set_plot (c, left, c->top, c->right - left - c->em * 0.5,
                 c->bottom - c->top - x_axis_margin (c, TRUE)))
    return;
  set_ranges (c, c->x.ticks.min, c->x.ticks.max, 0, n);
  draw_x_grid (c, &c->x);
  draw_plot_frame (c);
  title = axis_title (&c->x, NULL);
  draw_x_title (c, title);
  row_h = c->plot.h / n;

  if (histogram)
    {
      vs_chart_ticks (MIN (lo, 0), hi, 24, &bins);
      counts = g_new0 (guint, n * bins.n);
      for (guint s = 0; s < n; s++)
        {
          VsChartSeries *series = vs_chart_spec_get_series (spec, s);

          for (guint i = 0; i < series->y->len; i++)
            {
              double v = vs_chart_series_get_y (series, i);
              double   at;
              gint64 b;

              if (!isfinite (v))
                continue;
              /* Clamped as a double: (v - min) / step can be past any integer (1e308 / 1e-9). */
              at = floor ((v - bins.min) / bins.step);
              b = at > 0 ? (gint64)MIN (at, (double)bins.n - 2) : 0;
              counts[s * bins.n + b]++;
              max_count = MAX (max_count, counts[s * bins.n + b]);
            }
        }
    }

  for (guint s = 0; s < n; s++)
    {
      VsChartSeries *series = vs_chart_spec_get_series (spec, s);
      double        *q = &summaries[4 * s];
      double         cy = c->plot.y + row_h * (s + 0.5);
      g_autoptr (PangoLayout) name
          = text_layout (c, series->name, 0.85, FALSE, (c->right - c->left) * 0.3, 2);

      set_color (c, &c->ink, 1);
      show_text (c, name, c->plot.x - c->em * 0.6, cy, 1, 0.5);
      if (!has[s])
        {
          draw_text (c, _("no samples"), 0.8, &c->muted, c->plot.x + c->em * 0.5, cy, 0, 0.5);
          continue;
        }
      if (histogram)
        {
          double base = c->plot.y + row_h * (s + 1) - row_h * 0.08;
          double height = row_h * 0.8;

          set_color (c, &c->grid, 1);
          cairo_set_line_width (c->cr, 1);
          cairo_move_to (c->cr, c->plot.x, snap (c, base));
          cairo_line_to (c->cr, c->plot.x + c->plot.w, snap (c, base));
          cairo_stroke (c->cr);
          for (guint b = 0; b + 1 < bins.n; b++)
            {
              guint  count = counts[s * bins.n + b];
              double x0 = map_x (c, vs_chart_ticks_get (&bins, b));
              double x1 = map_x (c, vs_chart_ticks_get (&bins, b + 1));
              double h = max_count > 0 ? height * count / max_count : 0;

              if (count == 0)
                continue;
              fill_series_rect (
                  c, (Rect){ x0, base - MAX (h, 1), MAX (x1 - x0 - 1, 1), MAX (h, 1) }, s);
            }
          {
            g_autofree char *p50 = vs_chart_format_value (q[1], FALSE, vspec->unit);
            /* Translators: %s is a latency with its unit, drawn beside a box plot. */
            g_autofree char *text = g_strdup_printf (_("median %s"), p50);
            double           x = map_x (c, q[1]);

            set_color (c, &c->ink, 1);
            cairo_set_line_width (c->cr, MAX (c->em * 0.14, 1.5));
            set_dash (c, 1, 1.5);
            cairo_move_to (c->cr, x, base);
            cairo_line_to (c->cr, x, base - height);
            cairo_stroke (c->cr);
            cairo_set_dash (c->cr, NULL, 0, 0);
            place_label (c, text, 0.75, &c->ink, x, base - height + c->em * 0.5, c->em * 0.3,
                         &c->plot);
          }
        }
      else
        {
          double           bh = MIN (row_h * 0.45, c->em * 1.6);
          double           x0 = map_x (c, q[0]), x50 = map_x (c, q[1]), x95 = map_x (c, q[2]);
          double           x100 = map_x (c, q[3]);
          g_autofree char *p50 = vs_chart_format_value (q[1], FALSE, vspec->unit);
          g_autofree char *p95 = vs_chart_format_value (q[2], FALSE, vspec->unit);
          g_autofree char *text = g_strdup_printf ("p50 %s · p95 %s", p50, p95);
          g_autoptr (PangoLayout) layout = text_layout (c, text, 0.8, FALSE, -1, 1);
          double tw, th;

          set_color (c, &c->ink, 1);
          cairo_set_line_width (c->cr, MAX (c->em * 0.12, 1.25));
          cairo_move_to (c->cr, x0, cy);
          cairo_line_to (c->cr, x100, cy);
          cairo_move_to (c->cr, x0, cy - bh * 0.35);
          cairo_line_to (c->cr, x0, cy + bh * 0.35);
          cairo_move_to (c->cr, x100, cy - bh * 0.35);
          cairo_line_to (c->cr, x100, cy + bh * 0.35);
          cairo_stroke (c->cr);
          fill_series_rect (c, (Rect){ x50, cy - bh / 2, MAX (x95 - x50, 2), bh }, s);
          set_color (c, &c->ink, 1);
          cairo_set_line_width (c->cr, MAX (c->em * 0.22, 2.5));
          cairo_move_to (c->cr, x50, cy - bh / 2);
          cairo_line_to (c->cr, x50, cy + bh / 2);
          cairo_stroke (c->cr);

          text_size (layout, &tw, &th);
          set_color (c, &c->ink, 1);
          if (x100 + c->em * 0.5 + tw <= c->plot.x + c->plot.w)
            show_text (c, layout, x100 + c->em * 0.5, cy, 0, 0.5);
          else if (row_h >= bh + th * 2)
            show_text (c, layout, MIN (x50, c->plot.x + c->plot.w - tw), cy - bh / 2 - 2, 0, 1);
          else
            show_text (c, layout, MAX (x0 - c->em * 0.5, c->plot.x + tw), cy, 1, 0.5);
        }
    }
}

static int
compare_points_by_cost (gconstpointer a, gconstpointer b)
{
  const VsChartPoint *p = a, *q = b;

  if (p->x != q->x)
    return (p->x > q->x) - (p->x < q->x);
  return (p->y > q->y) - (p->y < q->y);
}

/* The points with their Pareto front, from the layout (a new reference; read only). */
static GArray *
cached_points (Ctx *c)
{
  if (c->layout->points == NULL)
    c->layout->points = _vs_chart_points (c->spec);
  return g_array_ref (c->layout->points);
}

static void
render_cost_quality (Ctx *c)
{
  VsChartSpec       *spec = c->spec;
  const VsChartAxis *xspec = vs_chart_spec_get_axis (spec, VS_CHART_AXIS_X);
  const VsChartAxis *yspec = vs_chart_spec_get_axis (spec, VS_CHART_AXIS_Y);
  g_autoptr (GArray) points = cached_points (c);
  g_autoptr (GArray) front = g_array_new (FALSE, FALSE, sizeof (VsChartPoint));
  double           xlo = 0, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY, left, pad;
  gboolean         many = FALSE;
  g_autofree char *xtitle = NULL;
  g_autofree char *ytitle = NULL;

  for (guint i = 0; i < points->len; i++)
    {
      VsChartPoint *p = &g_array_index (points, VsChartPoint, i);

      xlo = MIN (xlo, p->x);
      xhi = MAX (xhi, p->x);
      ylo = MIN (ylo, p->y);
      yhi = MAX (yhi, p->y);
      if (p->front)
        g_array_append_val (front, *p);
    }
  g_array_sort (front, compare_points_by_cost);
  for (guint s = 0; s < vs_chart_spec_get_n_series (spec); s++)
    many |= vs_chart_spec_get_series (spec, s)->y->len > 1;
  if (points->len == 0)
    {
      frame (c);
      message (c, _("No contender has both a cost and a quality to show."));
      return;
    }
  pad = (yhi - ylo) * 0.1;
  if (pad == 0)
    pad = fabs (yhi) * 0.1 + (yspec->percent ? 0.05 : 0.5);
  ylo -= pad;
  yhi += pad;
  if (yspec->percent)
    ylo = MAX (ylo, 0), yhi = MIN (yhi, 1);
  value_range (yspec, &ylo, &yhi);
  value_range (xspec, &xlo, &xhi);

  if (many)
    for (guint s = 0; s < vs_chart_spec_get_n_series (spec); s++)
      add_key (c, KEY_MARKER, s, vs_chart_spec_get_series (spec, s)->name);
  add_key (c, KEY_FRONT, 0, _("Pareto front (filled markers)"));
  add_key (c, KEY_HOLLOW, 0, _("Hollow: another contender is cheaper and better"));
  frame (c);

  axis_init (&c->x, xspec);
  axis_init (&c->y, yspec);
  vs_chart_ticks (ylo, yhi, target_ticks (c->bottom - c->top, c->em), &c->y.ticks);
  vs_chart_ticks (xlo, xhi, target_ticks (c->right - c->left, c->em * 1.4), &c->x.ticks);
  xtitle = axis_title (&c->x, _("Cost"));
  ytitle = axis_title (&c->y, _("Quality"));
  left = c->left + y_axis_margin (c, &c->y, TRUE);
  if (!set_plot (c, left, c->top + c->em * 0.3, c->right - left - c->em,
                 c->bottom - c->top - c->em * 0.3 - x_axis_margin (c, TRUE)))
    return;
  set_ranges (c, c->x.ticks.min, c->x.ticks.max, c->y.ticks.min, c->y.ticks.max);
  draw_y_grid (c, &c->y);
  draw_x_grid (c, &c->x);
  draw_plot_frame (c);
  draw_y_title (c, ytitle);
  draw_x_title (c, xtitle);

  /* The front as a staircase: from each point across to the next one's cost, then up. */
  cairo_save (c->cr);
  clip_plot (c);
  set_color (c, &c->ink, 0.7);
  cairo_set_line_width (c->cr, MAX (c->em * 0.14, 1.5));
  for (guint i = 0; i < front->len; i++)
    {
      VsChartPoint *p = &g_array_index (front, VsChartPoint, i);

      if (i == 0)
        cairo_move_to (c->cr, map_x (c, p->x), map_y (c, p->y));
      else
        {
          cairo_line_to (c->cr, map_x (c, p->x),
                         map_y (c, g_array_index (front, VsChartPoint, i - 1).y));
          cairo_line_to (c->cr, map_x (c, p->x), map_y (c, p->y));
        }
    }
  cairo_stroke (c->cr);
  cairo_restore (c->cr);

  for (guint i = 0; i < points->len; i++)
    {
      VsChartPoint *p = &g_array_index (points, VsChartPoint, i);
      double        r = c->em * 0.42;

      add_placed (c, map_x (c, p->x) - r, map_y (c, p->y) - r, 2 * r, 2 * r);
    }
  for (guint i = 0; i < points->len; i++)
    {
      VsChartPoint *p = &g_array_index (points, VsChartPoint, i);

      draw_marker (c, map_x (c, p->x), map_y (c, p->y), c->em * 0.42, p->series, p->front);
    }
  for (guint i = 0; i < points->len; i++)
    {
      VsChartPoint  *p = &g_array_index (points, VsChartPoint, i);
      VsChartSeries *series = vs_chart_spec_get_series (spec, p->series);
      const char    *label = vs_chart_series_get_label (series, p->index);

      if (label == NULL && !many)
        label = series->name;
      if (label != NULL && *label != '\0')
        place_label (c, label, 0.8, &c->ink, map_x (c, p->x), map_y (c, p->y), c->em * 0.6,
                     &c->plot);
    }
}

static void
render_lines (Ctx *c, gboolean breakeven)
{
  VsChartSpec       *spec = c->spec;
  guint              n = vs_chart_spec_get_n_series (spec);
  const VsChartAxis *xspec = vs_chart_spec_get_axis (spec, VS_CHART_AXIS_X);
  const VsChartAxis *yspec = vs_chart_spec_get_axis (spec, VS_CHART_AXIS_Y);
  double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY, left, right_m = 0;
  guint  longest = 0;
  g_autofree char *xtitle = NULL;
  g_autofree char *ytitle = NULL;
  int              best_series = -1;
  guint            best_index = 0;
  double           lw = MAX (c->em * 0.2, 2);

  if (!c->layout->extents.done)
    {
      for (guint s = 0; s < n; s++)
        {
          VsChartSeries   *series = vs_chart_spec_get_series (spec, s);
          g_autofree char *lower = g_ascii_strdown (series->name, -1);

          longest = MAX (longest, series->y->len);
          for (guint i = 0; i < series->y->len; i++)
            {
              double x = vs_chart_series_get_x (series, i), y = vs_chart_series_get_y (series, i);

              if (!isfinite (x) || !isfinite (y))
                continue;
              xlo = MIN (xlo, x), xhi = MAX (xhi, x);
              ylo = MIN (ylo, y), yhi = MAX (yhi, y);
            }
          if (!breakeven && best_series < 0 && strstr (lower, "val") != NULL)
            best_series = s;
        }
      c->layout->extents = (typeof (c->layout->extents)) {
        .done = TRUE, .lo = { xlo, ylo }, .hi = { xhi, yhi }, .count = { longest, 0 },
        .index = best_series,
      };
    }
  xlo = c->layout->extents.lo[0], xhi = c->layout->extents.hi[0];
  ylo = c->layout->extents.lo[1], yhi = c->layout->extents.hi[1];
  longest = c->layout->extents.count[0];
  best_series = c->layout->extents.index;
  if (!isfinite (xhi))
    {
      frame (c);
      message (c, breakeven ? _("No costs to show.") : _("No loss values to show yet."));
      return;
    }
  /* Costs and losses are amounts: start at zero unless they go below it. */
  ylo = MIN (ylo, 0);
  if (breakeven)
    xlo = MIN (xlo, 0);
  value_range (xspec, &xlo, &xhi);
  value_range (yspec, &ylo, &yhi);

  if (breakeven)
    {
      for (guint s = 0; s < n; s++)
        {
          g_autoptr (PangoLayout) layout = text_layout (c, vs_chart_spec_get_series (spec, s)->name,
                                                        0.85, FALSE, c->width * 0.3, 1);
          double w;

          text_size (layout, &w, NULL);
          right_m = MAX (right_m, w + c->em * 2.4);
        }
      if (n > 1)
        add_key (c, KEY_RING, 0, _("Break-even: where the lines cross"));
    }
  else
    for (guint s = 0; s < n; s++)
      add_key (c, KEY_LINE, s, vs_chart_spec_get_series (spec, s)->name);
  frame (c);

  axis_init (&c->x, xspec);
  axis_init (&c->y, yspec);
  xtitle = axis_title (&c->x, breakeven ? _("Volume") : _("Step"));
  ytitle = axis_title (&c->y, breakeven ? _("Total cost") : _("Loss"));
  vs_chart_ticks (ylo, yhi, target_ticks (c->bottom - c->top, c->em), &c->y.ticks);
  left = c->left + y_axis_margin (c, &c->y, TRUE);
  vs_chart_ticks (xlo, xhi, target_ticks (c->right - left - right_m, c->em * 1.4), &c->x.ticks);
  if (!set_plot (c, left, c->top + c->em * 0.3, c->right - left - MAX (right_m, c->em),
                 c->bottom - c->top - c->em * 0.3 - x_axis_margin (c, TRUE)))
    return;
  set_ranges (c, c->x.ticks.min, c->x.ticks.max, c->y.ticks.min, c->y.ticks.max);
  draw_y_grid (c, &c->y);
  draw_x_grid (c, &c->x);
  draw_plot_frame (c);
  draw_y_title (c, ytitle);
  draw_x_title (c, xtitle);

  cairo_save (c->cr);
  clip_plot (c);
  for (guint s = 0; s < n; s++)
    {
      VsChartSeries *series = vs_chart_spec_get_series (spec, s);
      gboolean       open = FALSE;

      set_color (c, vs_chart_palette_series (s), 1);
      cairo_set_line_width (c->cr, lw);
      cairo_set_line_join (c->cr, CAIRO_LINE_JOIN_ROUND);
      set_dash (c, s, lw);
      for (guint i = 0; i < series->y->len; i++)
        {
          double x = vs_chart_series_get_x (series, i), y = vs_chart_series_get_y (series, i);

          if (!isfinite (x) || !isfinite (y))
            {
              open = FALSE; /* a gap, never a line to nowhere */
              continue;
            }
          if (open)
            cairo_line_to (c->cr, map_x (c, x), map_y (c, y));
          else
            cairo_move_to (c->cr, map_x (c, x), map_y (c, y));
          open = TRUE;
        }
      cairo_stroke (c->cr);
      cairo_set_dash (c->cr, NULL, 0, 0);
    }
  cairo_restore (c->cr);

  /* markers outside the clip, so points on the plot's edge stay whole; points outside a
   * user-set range are not drawn */
  for (guint s = 0; s < n; s++)
    {
      VsChartSeries *series = vs_chart_spec_get_series (spec, s);

      if (series->y->len > 40)
        continue;
      for (guint i = 0; i < series->y->len; i++)
        {
          double x = vs_chart_series_get_x (series, i), y = vs_chart_series_get_y (series, i);
          double px = map_x (c, x), py = map_y (c, y);

          if (isfinite (x) && isfinite (y) && px >= c->plot.x - 0.5
              && px <= c->plot.x + c->plot.w + 0.5 && py >= c->plot.y - 0.5
              && py <= c->plot.y + c->plot.h + 0.5)
            draw_marker (c, px, py, c->em * 0.26, s, TRUE);
        }
    }

  if (breakeven)
    {
      /* names at the right end of each line, pushed apart so they never overlap */
      g_autofree double *ys = g_new0 (double, n);
      g_autofree guint  *order = g_new0 (guint, n);
      double             lh = line_height (c, 0.85) * 1.05;

      for (guint s = 0; s < n; s++)
        {
          VsChartSeries *series = vs_chart_spec_get_series (spec, s);

          ys[s] = c->plot.y + c->plot.h / 2;
          for (guint i = series->y->len; i > 0; i--)
            {
              double y = vs_chart_series_get_y (series, i - 1);

              if (isfinite (y) && isfinite (vs_chart_series_get_x (series, i - 1)))
                {
                  ys[s] = CLAMP (map_y (c, y), c->plot.y, c->plot.y + c->plot.h);
                  break;
                }
            }
          order[s] = s;
        }
      for (guint i = 1; i < n; i++)
        for (guint j = i; j > 0 && ys[order[j]] < ys[order[j - 1]]; j--)
          {
            guint t = order[j];

            order[j] = order[j - 1];
            order[j - 1] = t;
          }
      for (guint i = 1; i < n; i++)
        ys[order[i]] = MAX (ys[order[i]], ys[order[i - 1]] + lh);
      for (guint i = n; i > 1; i--)
        if (ys[order[i - 1]] > c->plot.y + c->plot.h)
          ys[order[i - 1]] = MIN (ys[order[i - 1]], c->bottom);
      for (guint s = 0; s < n; s++)
        {
          double x = c->plot.x + c->plot.w + c->em * 0.4;
          g_autoptr (PangoLayout) layout = text_layout (c, vs_chart_spec_get_series (spec, s)->name,
                                                        0.85, FALSE, c->width * 0.3, 1);

          set_color (c, vs_chart_palette_series (s), 1);
          cairo_set_line_width (c->cr, lw);
          set_dash (c, s, lw * 0.6);
          cairo_move_to (c->cr, x, ys[s]);
          cairo_line_to (c->cr, x + c->em * 1.5, ys[s]);
          cairo_stroke (c->cr);
          cairo_set_dash (c->cr, NULL, 0, 0);
          set_color (c, &c->ink, 1);
          show_text (c, layout, x + c->em * 1.8, ys[s], 0, 0.5);
        }

      for (guint i = 0; i < n; i++)
        for (guint j = i + 1; j < n; j++)
          {
            double x, y;

            if (_vs_chart_crossing (vs_chart_spec_get_series (spec, i),
                                    vs_chart_spec_get_series (spec, j), &x, &y, NULL)
                && x >= c->x.ticks.min && x <= c->x.ticks.max)
              {
                double           px = map_x (c, x), py = map_y (c, y);
                g_autofree char *where = vs_chart_format_value (x, c->x.percent, c->x.unit);
                /* Translators: %s is the volume at which two options cost the same. */
                g_autofree char *text = g_strdup_printf (_("Break-even: %s"), where);

                set_color (c, &c->bg, 1);
                cairo_new_path (c->cr);
                cairo_arc (c->cr, px, py, c->em * 0.5, 0, 2 * G_PI);
                cairo_fill_preserve (c->cr);
                set_color (c, &c->ink, 1);
                cairo_set_line_width (c->cr, MAX (c->em * 0.16, 2));
                cairo_stroke (c->cr);
                add_placed (c, px - c->em * 0.6, py - c->em * 0.6, c->em * 1.2, c->em * 1.2);
                place_label (c, text, 0.85, &c->ink, px, py, c->em * 0.8, &c->plot);
              }
          }
    }
  else if (best_series >= 0)
    {
      VsChartSeries *series = vs_chart_spec_get_series (spec, best_series);
      double         best = INFINITY;

      for (guint i = 0; i < series->y->len; i++)
        {
          double y = vs_chart_series_get_y (series, i);

          if (isfinite (y) && isfinite (vs_chart_series_get_x (series, i)) && y < best)
            best = y, best_index = i;
        }
      if (isfinite (best))
        {
          double           px = map_x (c, vs_chart_series_get_x (series, best_index));
          double           py = map_y (c, best);
          g_autofree char *value = vs_chart_format_number (best, 0);
          g_autofree char *step
              = vs_chart_format_number (vs_chart_series_get_x (series, best_index), 1);
          /* Translators: a loss value, then the training step where the loss is lowest. */
          g_autofree char *text = g_strdup_printf (_("lowest %s at step %s"), value, step);

          set_color (c, &c->ink, 1);
          cairo_set_line_width (c->cr, MAX (c->em * 0.14, 1.5));
          cairo_new_path (c->cr);
          cairo_arc (c->cr, px, py, c->em * 0.55, 0, 2 * G_PI);
          cairo_stroke (c->cr);
          add_placed (c, px - c->em * 0.6, py - c->em * 0.6, c->em * 1.2, c->em * 1.2);
          place_label (c, text, 0.8, &c->ink, px, py, c->em * 0.9, &c->plot);
        }
    }
  (void)longest;
}

/* Entry points */

void
vs_chart_style_init (VsChartStyle *style, gboolean dark)
{
  g_return_if_fail (style != NULL);

  style->dark = dark;
  style->font_family = NULL;
  style->font_scale = 1.0;
  style->pixel_ratio = 1.0;
}

void
vs_chart_geometry_clear (VsChartGeometry *geometry)
{
  g_return_if_fail (geometry != NULL);
  g_clear_pointer (&geometry->message, g_free);
}

static gboolean
layout_matches (Layout             *layout,
                VsChartSpec        *spec,
                cairo_surface_type_t surface_type,
                const double        ctm[4],
                double              width,
                double              height,
                const VsChartStyle *style)
{
  return layout != NULL && layout->serial == vs_chart_spec_get_serial (spec) &&
         layout->width == width && layout->height == height &&
         layout->dark == !!style->dark && g_strcmp0 (layout->family, style->font_family) == 0 &&
         layout->font_scale == style->font_scale && layout->ratio == style->pixel_ratio &&
         layout->surface_type == surface_type && memcmp (layout->ctm, ctm, sizeof layout->ctm) == 0;
}

/* The spec's layout for this size, style and target: the one kept on the spec when it still
 * matches, otherwise a new one (which replaces it). */
static Layout *
layout_for (VsChartSpec        *spec,
            cairo_t            *cr,
            double              width,
            double              height,
            const VsChartStyle *style)
{
  static GQuark quark;
  g_autoptr (GError) error = NULL;
  cairo_surface_type_t surface_type = cairo_surface_get_type (cairo_get_target (cr));
  cairo_font_options_t *options;
  cairo_matrix_t matrix;
  double ctm[4];
  Layout *layout;

  if (quark == 0)
    quark = g_quark_from_static_string ("vs-chart-layout");

  cairo_get_matrix (cr, &matrix);
  ctm[0] = matrix.xx, ctm[1] = matrix.yx, ctm[2] = matrix.xy, ctm[3] = matrix.yy;
  layout = g_object_get_qdata (G_OBJECT (spec), quark);
  if (layout_matches (layout, spec, surface_type, ctm, width, height, style))
    return layout;

  layout_computations++;
  layout = g_new0 (Layout, 1);
  layout->serial = vs_chart_spec_get_serial (spec);
  layout->width = width;
  layout->height = height;
  layout->dark = !!style->dark;
  layout->family = g_strdup (style->font_family);
  layout->font_scale = style->font_scale;
  layout->ratio = style->pixel_ratio;
  layout->surface_type = surface_type;
  memcpy (layout->ctm, ctm, sizeof ctm);

  /* Same text metrics on every surface: no hinting, so PNG, SVG and PDF lay out alike. */
  layout->pango = pango_cairo_create_context (cr);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (layout->pango, options);
  cairo_font_options_destroy (options);
  layout->font = pango_font_description_from_string (
      style->font_family != NULL ? style->font_family : DEFAULT_FAMILY);
  layout->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  layout->n_hidden = _vs_chart_count_hidden (spec);
  layout->valid = vs_chart_spec_validate (spec, &error);
  if (!layout->valid)
    layout->invalid = g_strdup (error->message);

  g_object_set_qdata_full (G_OBJECT (spec), quark, layout, layout_free);
  return layout;
}

void
vs_chart_render_full (VsChartSpec        *spec,
                      cairo_t            *cr,
                      double              width,
                      double              height,
                      const VsChartStyle *style,
                      VsChartGeometry    *geometry)
{
  VsChartStyle    fallback;
  VsChartGeometry local = { 0 };
  Ctx             c = { 0 };
  double          margin;

  g_return_if_fail (VS_IS_CHART_SPEC (spec));
  g_return_if_fail (cr != NULL);

  if (style == NULL)
    {
      vs_chart_style_init (&fallback, FALSE);
      style = &fallback;
    }
  if (geometry == NULL)
    geometry = &local;
  memset (geometry, 0, sizeof *geometry);
  if (!(width > 0) || !(height > 0) || !isfinite (width) || !isfinite (height))
    return;

  c.cr = cr;
  c.spec = spec;
  c.style = style;
  c.width = width;
  c.height = height;
  c.geo = geometry;
  c.ratio = style->pixel_ratio > 0 ? style->pixel_ratio : 1;
  c.em = 13.0 * (style->font_scale > 0 ? style->font_scale : 1.0)
         * CLAMP (MIN (width / 720.0, height / 480.0), 0.75, 1.6);
  c.ink = *vs_chart_palette_ink (style->dark);
  c.bg = *vs_chart_palette_background (style->dark);
  c.grid = *vs_chart_palette_grid (style->dark);
  c.muted = mix (&c.ink, &c.bg, style->dark ? 0.25 : 0.28);
  c.keys = g_array_new (FALSE, TRUE, sizeof (Key));
  g_array_set_clear_func (c.keys, clear_key);
  c.placed = g_array_new (FALSE, FALSE, sizeof (Rect));
  c.notes = g_string_new (NULL);

  c.layout = layout_for (spec, cr, width, height, style);
  cairo_save (cr);
  set_color (&c, &c.bg, 1);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  margin = MIN (c.em * 1.2, MIN (width, height) * 0.05);
  c.left = margin;
  c.right = width - margin;
  c.top = margin;
  c.bottom = height - margin;
  draw_header (&c);
  geometry->n_hidden = c.layout->n_hidden;

  if (!c.layout->valid)
    {
      /* Translators: %s says what is wrong with the chart. */
      g_autofree char *text = g_strdup_printf (_("This chart cannot be drawn. %s"),
                                               c.layout->invalid);

      message (&c, text);
    }
  else if (vs_chart_spec_get_n_series (spec) == 0)
    {
      const char *why = vs_chart_spec_get_message (spec);

      message (&c, why != NULL && *why != '\0' ? why : _("No data to show yet."));
    }
  else
    switch (vs_chart_spec_get_kind (spec))
      {
      case VS_CHART_KIND_BARS:
        render_bars (&c);
        break;
      case VS_CHART_KIND_PAIRED_SCATTER:
        render_paired (&c);
        break;
      case VS_CHART_KIND_CONFUSION:
        render_confusion (&c);
        break;
      case VS_CHART_KIND_LATENCY:
        render_latency (&c);
        break;
      case VS_CHART_KIND_COST_QUALITY:
        render_cost_quality (&c);
        break;
      case VS_CHART_KIND_BREAKEVEN:
        render_lines (&c, TRUE);
        break;
      case VS_CHART_KIND_LOSS:
      default:
        render_lines (&c, FALSE);
        break;
      }

  if (geometry->message == NULL && c.notes->len > 0)
    geometry->message = g_strdup (c.notes->str);

  cairo_restore (cr);
  g_array_unref (c.keys);
  g_array_unref (c.placed);
  g_string_free (c.notes, TRUE);
  vs_chart_geometry_clear (&local);
}

void
vs_chart_render (
    VsChartSpec *spec, cairo_t *cr, double width, double height, const VsChartStyle *style)
{
  vs_chart_render_full (spec, cr, width, height, style, NULL);
}
