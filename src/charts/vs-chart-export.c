/* vs-chart-export.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <string.h>

#include "vs-chart-export.h"
#include "vs-error.h"

#define PNG_RATIO 2.0
#define MAX_SIDE 20000.0

gboolean
vs_chart_format_from_string (const char *path_or_format, VsChartFormat *format)
{
  static const char *names[] = { "png", "svg", "pdf" };
  const char        *dot;
  const char        *ext;

  g_return_val_if_fail (path_or_format != NULL, FALSE);

  dot = strrchr (path_or_format, '.');
  ext = dot != NULL ? dot + 1 : path_or_format;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (ext, names[i]) == 0)
      {
        if (format != NULL)
          *format = i;
        return TRUE;
      }
  return FALSE;
}

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_status (cairo_status_t status, const char *what, GError **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  /* Translators: the first %s is a file format (PNG, SVG or PDF), the second what went wrong. */
  g_set_error (error, VS_ERROR, VS_ERROR_FAILED, _("Could not draw the chart as %s: %s"), what,
               cairo_status_to_string (status));
  return FALSE;
}

static gboolean
render_to (VsChartSpec        *spec,
           cairo_surface_t    *surface,
           double              scale,
           double              width,
           double              height,
           const VsChartStyle *style,
           const char         *what,
           GError            **error)
{
  cairo_t       *cr;
  cairo_status_t status;

  if (!check_status (cairo_surface_status (surface), what, error))
    return FALSE;
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  vs_chart_render (spec, cr, width, height, style);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE)
    cairo_surface_flush (surface); /* still to be written as PNG */
  else
    cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  return check_status (status, what, error);
}

/* A prefix that differs between charts but not between runs, so output is reproducible. */
static char *
content_prefix (VsChartSpec *spec)
{
  g_autofree char *json = vs_chart_spec_to_json (spec, FALSE);
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, json, -1);

  return g_strdup_printf ("c%.10s", sum);
}

/* cairo sizes the SVG in points; a chart of 640 user units should be 640 CSS pixels wide
 * when inlined in HTML, like the PNG at 1×. The viewBox already says 0 0 640 400. */
static char *
px_units (char *svg, double width, double height)
{
  char             w[G_ASCII_DTOSTR_BUF_SIZE], h[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *old_size = NULL;
  g_autofree char *new_size = NULL;
  char            *at;
  GString         *out;

  g_ascii_formatd (w, sizeof w, "%g", width);
  g_ascii_formatd (h, sizeof h, "%g", height);
  old_size = g_strdup_printf ("width=\"%spt\" height=\"%spt\"", w, h);
  new_size = g_strdup_printf ("width=\"%s\" height=\"%s\"", w, h);
  at = strstr (svg, old_size);
  if (at == NULL)
    return svg;
  out = g_string_new_len (svg, at - svg);
  g_string_append (out, new_size);
  g_string_append (out, at + strlen (old_size));
  g_free (svg);
  return g_string_free (out, FALSE);
}

GBytes *
vs_chart_export_to_bytes (VsChartSpec        *spec,
                          VsChartFormat       format,
                          double              width,
                          double              height,
                          const VsChartStyle *style,
                          const char         *id_prefix,
                          GError            **error)
{
  g_autoptr (GByteArray) data = g_byte_array_new ();
  VsChartStyle     chosen;
  cairo_surface_t *surface;
  gboolean         ok;

  g_return_val_if_fail (VS_IS_CHART_SPEC (spec), NULL);

  if (!(width >= 1 && height >= 1 && width <= MAX_SIDE && height <= MAX_SIDE))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   /* Translators: %.0f is the largest side allowed, %g × %g the size asked for. */
                   _("A chart must be between 1 and %.0f units on each side, not %g × %g"),
                   MAX_SIDE, width, height);
      return NULL;
    }
  if (style != NULL)
    chosen = *style;
  else
    vs_chart_style_init (&chosen, FALSE);

  switch (format)
    {
    case VS_CHART_FORMAT_PNG:
      {
        cairo_status_t status;

        chosen.pixel_ratio = PNG_RATIO;
        surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int)ceil (width * PNG_RATIO),
                                              (int)ceil (height * PNG_RATIO));
        ok = render_to (spec, surface, PNG_RATIO, width, height, &chosen, "PNG", error);
        if (ok)
          {
            status = cairo_surface_write_to_png_stream (surface, append_bytes, data);
            ok = check_status (status, "PNG", error);
          }
        cairo_surface_destroy (surface);
      }
      break;
    case VS_CHART_FORMAT_SVG:
      {
        g_autofree char *prefix = id_prefix != NULL ? g_strdup (id_prefix) : content_prefix (spec);
        g_autofree char *svg = NULL;

        surface = cairo_svg_surface_create_for_stream (append_bytes, data, width, height);
        cairo_svg_surface_restrict_to_version (surface, CAIRO_SVG_VERSION_1_1);
        ok = render_to (spec, surface, 1, width, height, &chosen, "SVG", error);
        cairo_surface_destroy (surface);
        if (!ok)
          return NULL;
        svg = vs_chart_svg_prefix_ids ((const char *)data->data, data->len, prefix);
        svg = px_units (svg, width, height);
        return g_bytes_new_take (g_steal_pointer (&svg), strlen (svg));
      }
    case VS_CHART_FORMAT_PDF:
    default:
      surface = cairo_pdf_surface_create_for_stream (append_bytes, data, width, height);
      if (vs_chart_spec_get_title (spec) != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                        vs_chart_spec_get_title (spec));
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Versus");
      ok = render_to (spec, surface, 1, width, height, &chosen, "PDF", error);
      cairo_surface_destroy (surface);
      break;
    }

  if (!ok)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

gboolean
vs_chart_export (VsChartSpec        *spec,
                 const char         *path,
                 double              width,
                 double              height,
                 const VsChartStyle *style,
                 GError            **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) local_error = NULL;
  VsChartFormat format;
  gsize         size;
  const char   *data;

  g_return_val_if_fail (VS_IS_CHART_SPEC (spec), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!vs_chart_format_from_string (path, &format))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   /* Translators: %s is a file's path. */
                   _("%s: cannot tell the format; name the file .png, .svg or .pdf"), path);
      return FALSE;
    }
  bytes = vs_chart_export_to_bytes (spec, format, width, height, style, NULL, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  if (!g_file_set_contents (path, data, size, &local_error))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_IO, _("Could not write the chart: %s"),
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_id_char (char ch)
{
  return g_ascii_isalnum (ch) || ch == '-' || ch == '_' || ch == '.' || ch == ':';
}

/* Copies @text to @out, inserting "@prefix-" after each @marker that is followed by a known
 * id. */
static char *
rewrite (const char *text, gsize length, GHashTable *ids, const char *prefix)
{
  static const char *markers[] = { "id=\"", "href=\"#", "url(#" };
  GString           *out = g_string_sized_new (length + length / 8);
  gsize              i = 0;

  while (i < length)
    {
      gboolean done = FALSE;

      for (guint m = 0; m < G_N_ELEMENTS (markers) && !done; m++)
        {
          gsize ml = strlen (markers[m]);
          gsize end;

          if (i + ml > length || memcmp (text + i, markers[m], ml) != 0)
            continue;
          /* id=" must start an attribute, not end one like "data-id=" */
          if (m == 0 && i > 0 && is_id_char (text[i - 1]))
            continue;
          end = i + ml;
          while (end < length && is_id_char (text[end]))
            end++;
          {
            g_autofree char *name = g_strndup (text + i + ml, end - i - ml);

            if (!g_hash_table_contains (ids, name))
              continue;
            g_string_append_len (out, text + i, ml);
            g_string_append_printf (out, "%s-%s", prefix, name);
            i = end;
            done = TRUE;
          }
        }
      if (!done)
        g_string_append_c (out, text[i++]);
    }
  return g_string_free (out, FALSE);
}

char *
vs_chart_svg_prefix_ids (const char *svg, gsize length, const char *prefix)
{
  g_autoptr (GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *p;
  const char *end;

  g_return_val_if_fail (svg != NULL, NULL);
  g_return_val_if_fail (prefix != NULL && *prefix != '\0', NULL);

  end = svg + length;
  for (p = svg; p < end && (p = g_strstr_len (p, end - p, "id=\"")) != NULL; p += 4)
    {
      const char *start = p + 4;
      const char *stop = start;

      if (p > svg && is_id_char (p[-1]))
        continue;
      while (stop < end && is_id_char (*stop))
        stop++;
      if (stop > start)
        g_hash_table_add (ids, g_strndup (start, stop - start));
    }
  return rewrite (svg, length, ids, prefix);
}
