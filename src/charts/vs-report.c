/* vs-report.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reports on a run. Both formats are written from one model of the content (decision, cards,
 * tables, charts, method notes) so the PDF and the HTML page say the same thing. The PDF is
 * laid out with Pango on cairo's PDF surface, charts drawn as vectors by the same renderer
 * the app uses; the HTML page inlines each chart's SVG with its own id prefix.
 */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "vs-chart-export.h"
#include "vs-chart-render.h"
#include "vs-error.h"
#include "vs-eval-decision.h"
#include "vs-eval-summary.h"
#include "vs-report.h"
#include "vs-run-charts.h"

/* The content */

typedef struct
{
  char        *title;
  char        *subtitle;
  VsEvalDecision *decision;
  GPtrArray   *contender_rows;  /* GStrv: the summary table's cells */
  GPtrArray   *pair_rows;       /* GStrv */
  GPtrArray   *charts;          /* VsChartSpec */
  GPtrArray   *descriptions;    /* char * */
  GPtrArray   *notes;           /* Note */
} Content;

typedef struct
{
  char      *heading;
  GPtrArray *items;    /* char *: paragraphs or list items */
} Note;

static const char *contender_header[] = {
  N_("Contender"), N_("Model"), N_("Cases"), N_("Pass rate"), N_("95% CI"), N_("Errors"),
  N_("p50 latency"), N_("p95 latency"), N_("Per 1,000 requests"), N_("Training"),
};

static const char *pair_header[] = {
  N_("Comparison (B − A)"), N_("Cases"), N_("Only A passes"), N_("Only B passes"),
  N_("Difference"), N_("95% CI"), N_("McNemar p"),
};

static void
note_free (gpointer data)
{
  Note *note = data;

  g_free (note->heading);
  g_ptr_array_unref (note->items);
  g_free (note);
}

static void
content_free (Content *c)
{
  g_free (c->title);
  g_free (c->subtitle);
  vs_eval_decision_free (c->decision);
  g_ptr_array_unref (c->contender_rows);
  g_ptr_array_unref (c->pair_rows);
  g_ptr_array_unref (c->charts);
  g_ptr_array_unref (c->descriptions);
  g_ptr_array_unref (c->notes);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Content, content_free)

static Note *
add_note (Content    *c,
          const char *heading)
{
  Note *note = g_new0 (Note, 1);

  note->heading = g_strdup (heading);
  note->items = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (c->notes, note);
  return note;
}

static void add_item (Note *note, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
add_item (Note       *note,
          const char *format,
          ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (note->items, g_strdup_vprintf (format, args));
  va_end (args);
}

static char *
pct (double fraction)
{
  return isnan (fraction) ? g_strdup ("—") : g_strdup_printf ("%.1f%%", fraction * 100);
}

static char *
ms (double value)
{
  return isnan (value) ? g_strdup ("—") : g_strdup_printf (_("%.0f ms"), value);
}

static char *
signed_points (double fraction)
{
  double v;

  if (isnan (fraction))
    return g_strdup ("—");
  v = round (fraction * 1000) / 10;
  if (v == 0)
    return g_strdup ("0.0");
  return g_strdup_printf ("%s%.1f", v > 0 ? "+" : "−", fabs (v));
}

static char *
p_value (double p)
{
  if (isnan (p))
    return g_strdup ("—");
  if (p < 0.001)
    return g_strdup ("< 0.001");
  return g_strdup_printf (p < 0.01 ? "%.3f" : "%.2f", p);
}

static char *
metric_description (VsEvalMetric *m)
{
  const char *type = vs_eval_metric_type_to_string (m->type);
  g_autoptr(GString) out = g_string_new (NULL);

  g_string_append_printf (out, "%s (%s)", m->name, type);
  if (m->value != NULL)
    g_string_append_printf (out, _(", value “%s”"), m->value);
  if (m->has_threshold)
    g_string_append_printf (out, m->type == VS_EVAL_METRIC_LATENCY ||
                                 m->type == VS_EVAL_METRIC_COST
                                 ? _(", passes at most %g") : _(", passes from %g"),
                            m->threshold);
  else if (vs_eval_metric_is_scored (m) && m->type != VS_EVAL_METRIC_JUDGE)
    g_string_append (out, _(", reported only"));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* “2026-11-20 10:02 UTC” from ISO 8601; the text itself when it does not parse. */
static char *
readable_time (const char *iso)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(GDateTime) utc = time ? g_date_time_to_utc (time) : NULL;

  return utc ? g_date_time_format (utc, "%Y-%m-%d %H:%M UTC") : g_strdup (iso);
}

void
vs_report_summary_rows (VsRunData *data,
                        GPtrArray *contender_rows,
                        GPtrArray *pair_rows)
{
  JsonArray *pairs = json_object_get_array_member (data->summary, "pairs");

  for (guint i = 0; i < data->contenders->len; i++)
    {
      VsRunContender *k = g_ptr_array_index (data->contenders, i);
      JsonObject *latency = json_object_get_object_member (k->summary, "latency_ms");
      GStrv row = g_new0 (char *, G_N_ELEMENTS (contender_header) + 1);
      g_autofree char *lo = pct (k->pass_rate_lower);
      g_autofree char *hi = pct (k->pass_rate_upper);

      row[0] = g_strdup (k->name);
      row[1] = g_strdup (k->model ? k->model : "—");
      row[2] = g_strdup_printf ("%" G_GINT64_FORMAT,
                                json_object_get_int_member_with_default (k->summary, "cases", 0));
      row[3] = pct (k->pass_rate);
      row[4] = isnan (k->pass_rate_lower) ? g_strdup ("—")
                                          : g_strdup_printf ("%s – %s", lo, hi);
      row[5] = g_strdup_printf ("%" G_GINT64_FORMAT,
                                json_object_get_int_member_with_default (k->summary, "errors",
                                                                         0));
      row[6] = ms (vs_run_data_number (latency, "p50"));
      row[7] = ms (vs_run_data_number (latency, "p95"));
      row[8] = k->priced ? vs_eval_format_usd (k->cost_per_request * 1000)
                         : g_strdup (_("no price"));
      row[9] = isnan (k->training_cost) ? g_strdup ("—") : vs_eval_format_usd (k->training_cost);
      g_ptr_array_add (contender_rows, row);
    }
  for (guint i = 0; i < json_array_get_length (pairs); i++)
    {
      JsonObject *p = json_array_get_object_element (pairs, i);
      GStrv row = g_new0 (char *, G_N_ELEMENTS (pair_header) + 1);
      g_autofree char *lo = signed_points (vs_run_data_interval (p, "pass_rate_diff_ci", 0));
      g_autofree char *hi = signed_points (vs_run_data_interval (p, "pass_rate_diff_ci", 1));

      /* Translators: B and A of a paired comparison. */
      row[0] = g_strdup_printf (_("%s vs %s"), json_object_get_string_member (p, "b"),
                                json_object_get_string_member (p, "a"));
      row[1] = g_strdup_printf ("%" G_GINT64_FORMAT,
                                json_object_get_int_member_with_default (p, "cases", 0));
      row[2] = g_strdup_printf ("%" G_GINT64_FORMAT,
                                json_object_get_int_member_with_default (p, "a_only", 0));
      row[3] = g_strdup_printf ("%" G_GINT64_FORMAT,
                                json_object_get_int_member_with_default (p, "b_only", 0));
      {
        g_autofree char *points = signed_points (vs_run_data_number (p, "pass_rate_diff"));
        /* Translators: a difference in percentage points. */
        row[4] = g_strdup_printf (_("%s points"), points);
      }
      row[5] = g_strdup_printf ("%s to %s", lo, hi);
      row[6] = p_value (vs_run_data_number (p, "mcnemar_p"));
      g_ptr_array_add (pair_rows, row);
    }
}

const char * const *
vs_report_contender_header (guint *n_columns)
{
  *n_columns = G_N_ELEMENTS (contender_header);
  return contender_header;
}

const char * const *
vs_report_pair_header (guint *n_columns)
{
  *n_columns = G_N_ELEMENTS (pair_header);
  return pair_header;
}

static Content *
content_new (VsRunData             *data,
             const VsReportOptions *options,
             GError               **error)
{
  g_autoptr(Content) c = g_new0 (Content, 1);
  guint n_kinds;
  const VsChartKind *kinds = vs_run_chart_kinds (&n_kinds);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  Note *note;

  c->contender_rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  c->pair_rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  c->charts = g_ptr_array_new_with_free_func (g_object_unref);
  c->descriptions = g_ptr_array_new_with_free_func (g_free);
  c->notes = g_ptr_array_new_with_free_func (note_free);

  c->title = options && options->title && *options->title
             ? g_strdup (options->title)
             /* Translators: %s is the run's name. */
             : g_strdup_printf (_("Evaluation report: %s"), data->run->name);
  /* Translators: the run's name. */
  g_string_append_printf (subtitle, _("Run “%s”"), data->run->name);
  if (data->project_name != NULL)
    /* Translators: the project's name. */
    g_string_append_printf (subtitle, _(" in project “%s”"), data->project_name);
  if (data->run->finished_at != NULL)
    {
      g_autofree char *when = readable_time (data->run->finished_at);
      /* Translators: a date and time. */
      g_string_append_printf (subtitle, _(" · finished %s"), when);
    }
  else
    /* Translators: the run's state, as stored (“running”, “cancelled”, …). */
    g_string_append_printf (subtitle, _(" · state: %s (not finished)"), data->run->state);
  c->subtitle = g_string_free (g_steal_pointer (&subtitle), FALSE);
  c->decision = vs_eval_decision_new (data);

  vs_report_summary_rows (data, c->contender_rows, c->pair_rows);

  for (guint i = 0; i < n_kinds; i++)
    {
      VsChartSpec *spec = vs_run_chart_build (data, kinds[i], NULL, error);

      if (spec == NULL)
        return NULL;
      g_ptr_array_add (c->charts, spec);
      g_ptr_array_add (c->descriptions, vs_chart_describe (spec));
    }

  /* Method notes */
  note = add_note (c, _("Cases"));
  if (data->run->snapshot_name != NULL)
    add_item (note,
              /* Translators: a number of cases, a split and a dataset snapshot's name. */
              _("%" G_GINT64_FORMAT " cases from %s of dataset snapshot “%s” (snapshot %"
                G_GINT64_FORMAT "), frozen when the run was created."),
              data->n_cases,
              data->run->split ? data->run->split : _("every split"),
              data->run->snapshot_name, data->run->snapshot_id);
  else if (data->spec->cases != NULL)
    /* Translators: a number of cases and a file name. */
    add_item (note, _("%" G_GINT64_FORMAT " cases from %s."), data->n_cases, data->spec->cases);
  else
    add_item (note, _("%" G_GINT64_FORMAT " cases; no dataset snapshot was recorded."),
              data->n_cases);
  add_item (note,
            g_dngettext (GETTEXT_PACKAGE, "Each contender answered each case %d time.",
                         "Each contender answered each case %d times.",
                         (gulong)data->run->repeats),
            data->run->repeats);
  if (data->run->started_at != NULL)
    {
      g_autofree char *started = readable_time (data->run->started_at);
      g_autofree char *finished = data->run->finished_at ? readable_time (data->run->finished_at)
                                                         : g_strdup ("—");
      /* Translators: two dates and times. */
      add_item (note, _("Started %s, finished %s."), started, finished);
    }

  note = add_note (c, _("Contenders"));
  for (guint i = 0; i < data->spec->contenders->len; i++)
    {
      VsEvalContender *k = g_ptr_array_index (data->spec->contenders, i);
      JsonObject *template = k->template && JSON_NODE_HOLDS_OBJECT (k->template)
                             ? json_node_get_object (k->template) : NULL;
      const char *template_name = template && json_object_has_member (template, "name")
                                  ? json_object_get_string_member (template, "name") : NULL;
      VsRunContender *rc = vs_run_data_get_contender (data, i);

      /* Translators: a contender, its model and the template it used. */
      add_item (note, _("%s: model %s, template “%s”%s%s."), k->name, k->model,
                template_name ? template_name : _("(unnamed)"),
                rc && rc->training_source ? _("; training cost from ") : "",
                rc && rc->training_source ? rc->training_source : "");
    }

  note = add_note (c, _("Metrics"));
  for (guint i = 0; i < data->spec->metrics->len; i++)
    {
      g_autofree char *text = metric_description (g_ptr_array_index (data->spec->metrics, i));
      add_item (note, "%s", text);
    }
  add_item (note, "%s",
            _("A trial passes when every metric with an outcome passes. A trial that ended in "
              "an error is neither a pass nor a fail and is left out of pass rates."));

  note = add_note (c, _("Statistical tests"));
  add_item (note, "%s",
            _("Pass rates: Wilson score 95% interval, without continuity correction."));
  add_item (note,
            _("Mean scores and paired differences: percentile bootstrap 95%% interval, %d "
              "resamples, seed %d."),
            VS_EVAL_BOOTSTRAP_RESAMPLES, VS_EVAL_BOOTSTRAP_SEED);
  add_item (note, "%s",
            _("Paired comparisons: a contender passes a case when it passes more than half "
              "of its repeats; cases with an error on either side are excluded. The exact "
              "McNemar test compares the cases only one of the two passes."));
  add_item (note,
            _("The decision calls a difference significant only when McNemar's p is below "
              "0.05 and the 95%% interval of the difference leaves out zero; below %d paired "
              "cases it warns that the run is small."),
            VS_EVAL_DECISION_MIN_CASES);

  note = add_note (c, _("Prices"));
  {
    g_autoptr(GList) models = json_object_get_members (data->spec->prices);

    for (GList *l = models; l != NULL; l = l->next)
      {
        JsonNode *node = json_object_get_member (data->spec->prices, l->data);
        JsonObject *price = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
        double in = vs_run_data_number (price, "input");
        double out = vs_run_data_number (price, "output");
        double train = vs_run_data_number (price, "training");

        /* Translators: a model and its prices in US dollars per million tokens. */
        add_item (note, _("%s: $%.2f input, $%.2f output, $%.2f training per million tokens."),
                  (const char *)l->data, isnan (in) ? 0 : in, isnan (out) ? 0 : out,
                  isnan (train) ? 0 : train);
      }
    if (models == NULL)
      add_item (note, "%s",
                _("No prices were set when the run started, so it has no costs."));
    else
      add_item (note, "%s",
                _("Prices are those in effect when the run started; a request's cost is "
                  "its prompt and completion tokens at these prices."));
  }
  {
    g_autoptr(GDateTime) time = g_date_time_new_now_utc ();
    g_autofree char *stamp = g_date_time_format (time, "%Y-%m-%d %H:%M UTC");

    note = add_note (c, _("About this report"));
    /* Translators: the app's version and a date. */
    add_item (note, _("Made with Versus %s on %s."), PACKAGE_VERSION, stamp);
    if (options != NULL && options->project_path != NULL)
      /* Translators: a file name. */
      add_item (note, _("Project file: %s."), options->project_path);
  }
  return g_steal_pointer (&c);
}

static gboolean
progress_step (GCancellable         *cancellable,
               VsReportProgressFunc  progress,
               gpointer              progress_data,
               guint                 done,
               guint                 total,
               GError              **error)
{
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (progress != NULL)
    progress (total ? (double)done / total : 1.0, progress_data);
  return TRUE;
}

/* PDF */

#define PAGE_WIDTH  595.0   /* A4 in points */
#define PAGE_HEIGHT 842.0
#define MARGIN      56.0
#define FONT        "Cantarell, DejaVu Sans, sans-serif"

typedef struct
{
  cairo_t          *cr;
  cairo_surface_t  *surface;
  PangoContext     *pango;
  double            y;
  guint             page;
} Pdf;

static PangoLayout *
pdf_layout (Pdf        *pdf,
            const char *text,
            double      size,
            gboolean    bold,
            double      width)
{
  PangoLayout *layout = pango_layout_new (pdf->pango);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double)h / PANGO_SCALE;
}

static void
pdf_footer (Pdf *pdf)
{
  g_autofree char *text = g_strdup_printf ("%u", pdf->page);
  g_autoptr(PangoLayout) layout = pdf_layout (pdf, text, 9, FALSE, PAGE_WIDTH - 2 * MARGIN);

  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  cairo_set_source_rgb (pdf->cr, 0.45, 0.45, 0.45);
  cairo_move_to (pdf->cr, MARGIN, PAGE_HEIGHT - MARGIN / 2 - 6);
  pango_cairo_show_layout (pdf->cr, layout);
}

static void
pdf_new_page (Pdf *pdf)
{
  if (pdf->page > 0)
    {
      pdf_footer (pdf);
      cairo_show_page (pdf->cr);
    }
  pdf->page++;
  pdf->y = MARGIN;
}

/* Draws @text at the cursor, starting a new page when it does not fit. */
static void
pdf_text (Pdf        *pdf,
          const char *text,
          double      size,
          gboolean    bold,
          double      gray,
          double      space_after)
{
  g_autoptr(PangoLayout) layout = pdf_layout (pdf, text, size, bold, PAGE_WIDTH - 2 * MARGIN);
  double h = layout_height (layout);

  if (pdf->y + h > PAGE_HEIGHT - MARGIN)
    pdf_new_page (pdf);
  cairo_set_source_rgb (pdf->cr, gray, gray, gray);
  cairo_move_to (pdf->cr, MARGIN, pdf->y);
  pango_cairo_show_layout (pdf->cr, layout);
  pdf->y += h + space_after;
}

static void
pdf_cards (Pdf            *pdf,
           VsEvalDecision *decision)
{
  double gap = 10;
  double w = (PAGE_WIDTH - 2 * MARGIN - gap) / 2;
  double h = 78;

  for (guint i = 0; i < VS_EVAL_DECISION_N_CARDS; i++)
    {
      VsEvalCard *card = &decision->cards[i];
      double x = MARGIN + (i % 2) * (w + gap);
      double y = pdf->y + (i / 2) * (h + gap);
      g_autoptr(PangoLayout) title = pdf_layout (pdf, card->title, 9, TRUE, w - 20);
      g_autoptr(PangoLayout) value = pdf_layout (pdf, card->value, 17, TRUE, w - 20);
      g_autoptr(PangoLayout) detail = pdf_layout (pdf, card->detail, 8.5, FALSE, w - 20);

      pango_layout_set_ellipsize (value, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (detail, -2);
      pango_layout_set_ellipsize (detail, PANGO_ELLIPSIZE_END);
      cairo_set_source_rgb (pdf->cr, 0.95, 0.95, 0.96);
      cairo_rectangle (pdf->cr, x, y, w, h);
      cairo_fill (pdf->cr);
      cairo_set_source_rgb (pdf->cr, 0.35, 0.35, 0.38);
      cairo_move_to (pdf->cr, x + 10, y + 8);
      pango_cairo_show_layout (pdf->cr, title);
      cairo_set_source_rgb (pdf->cr, 0.1, 0.1, 0.12);
      cairo_move_to (pdf->cr, x + 10, y + 22);
      pango_cairo_show_layout (pdf->cr, value);
      cairo_set_source_rgb (pdf->cr, 0.3, 0.3, 0.33);
      cairo_move_to (pdf->cr, x + 10, y + 46);
      pango_cairo_show_layout (pdf->cr, detail);
    }
  pdf->y += 2 * h + gap + 18;
}

/* A table with @n columns; widths are shares of the text width. */
static void
pdf_table (Pdf          *pdf,
           const char  **header,
           guint         n,
           GPtrArray    *rows,
           const double *shares)
{
  double total = PAGE_WIDTH - 2 * MARGIN;
  double size = 8;

  for (gint r = -1; r < (gint)rows->len; r++)
    {
      char **cells = r < 0 ? NULL : g_ptr_array_index (rows, (guint)r);
      double x = MARGIN, h = 0;
      g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint k = 0; k < n; k++)
        {
          PangoLayout *layout = pdf_layout (pdf, r < 0 ? _(header[k]) : cells[k], size, r < 0,
                                            total * shares[k] - 6);

          h = MAX (h, layout_height (layout));
          g_ptr_array_add (layouts, layout);
        }
      if (pdf->y + h + 6 > PAGE_HEIGHT - MARGIN)
        pdf_new_page (pdf);
      if (r < 0)
        {
          cairo_set_source_rgb (pdf->cr, 0.93, 0.93, 0.95);
          cairo_rectangle (pdf->cr, MARGIN, pdf->y - 2, total, h + 5);
          cairo_fill (pdf->cr);
        }
      cairo_set_source_rgb (pdf->cr, 0.1, 0.1, 0.12);
      for (guint k = 0; k < n; k++)
        {
          cairo_move_to (pdf->cr, x + 3, pdf->y);
          pango_cairo_show_layout (pdf->cr, g_ptr_array_index (layouts, k));
          x += total * shares[k];
        }
      pdf->y += h + 3;
      cairo_set_source_rgb (pdf->cr, 0.82, 0.82, 0.85);
      cairo_set_line_width (pdf->cr, 0.5);
      cairo_move_to (pdf->cr, MARGIN, pdf->y);
      cairo_line_to (pdf->cr, MARGIN + total, pdf->y);
      cairo_stroke (pdf->cr);
      pdf->y += 3;
    }
  pdf->y += 14;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
build_pdf (Content              *c,
           GCancellable         *cancellable,
           VsReportProgressFunc  progress,
           gpointer              progress_data,
           GError              **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  Pdf pdf = { 0 };
  VsChartStyle style;
  cairo_font_options_t *options;
  guint total = 3 + c->charts->len, done = 1;
  static const double contender_shares[] = { 0.15, 0.17, 0.06, 0.08, 0.13, 0.07, 0.08, 0.08,
                                             0.10, 0.08 };
  static const double pair_shares[] = { 0.34, 0.07, 0.1, 0.1, 0.14, 0.15, 0.1 };
  gboolean ok = TRUE;

  pdf.surface = cairo_pdf_surface_create_for_stream (append_bytes, out, PAGE_WIDTH,
                                                     PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (pdf.surface, CAIRO_PDF_METADATA_TITLE, c->title);
  cairo_pdf_surface_set_metadata (pdf.surface, CAIRO_PDF_METADATA_CREATOR, "Versus");
  pdf.cr = cairo_create (pdf.surface);
  pdf.pango = pango_cairo_create_context (pdf.cr);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pdf.pango, options);
  cairo_font_options_destroy (options);
  vs_chart_style_init (&style, FALSE);

  /* Title page: the answer first. */
  pdf_new_page (&pdf);
  pdf.y = MARGIN + 40;
  pdf_text (&pdf, c->title, 24, TRUE, 0.08, 8);
  pdf_text (&pdf, c->subtitle, 10.5, FALSE, 0.4, 28);
  pdf_text (&pdf, _("Decision"), 13, TRUE, 0.1, 6);
  pdf_text (&pdf, c->decision->paragraph, 12, FALSE, 0.1, 24);
  pdf_cards (&pdf, c->decision);
  ok = progress_step (cancellable, progress, progress_data, done++, total, error);

  /* Summary tables */
  if (ok)
    {
      pdf_new_page (&pdf);
      pdf_text (&pdf, _("Summary"), 16, TRUE, 0.08, 12);
      pdf_table (&pdf, contender_header, G_N_ELEMENTS (contender_header), c->contender_rows,
                 contender_shares);
      if (c->pair_rows->len > 0)
        {
          pdf_text (&pdf, _("Paired comparisons"), 12, TRUE, 0.1, 8);
          pdf_table (&pdf, pair_header, G_N_ELEMENTS (pair_header), c->pair_rows,
                     pair_shares);
        }
      ok = progress_step (cancellable, progress, progress_data, done++, total, error);
    }

  /* One chart per page, its description under it. */
  for (guint i = 0; ok && i < c->charts->len; i++)
    {
      double w = PAGE_WIDTH - 2 * MARGIN, h = w * 0.68;

      pdf_new_page (&pdf);
      cairo_save (pdf.cr);
      cairo_translate (pdf.cr, MARGIN, pdf.y);
      cairo_rectangle (pdf.cr, 0, 0, w, h);
      cairo_clip (pdf.cr);
      vs_chart_render (g_ptr_array_index (c->charts, i), pdf.cr, w, h, &style);
      cairo_restore (pdf.cr);
      pdf.y += h + 16;
      pdf_text (&pdf, g_ptr_array_index (c->descriptions, i), 10.5, FALSE, 0.2, 0);
      ok = progress_step (cancellable, progress, progress_data, done++, total, error);
    }

  /* Method notes */
  if (ok)
    {
      pdf_new_page (&pdf);
      pdf_text (&pdf, _("Method"), 16, TRUE, 0.08, 12);
      for (guint i = 0; i < c->notes->len; i++)
        {
          Note *note = g_ptr_array_index (c->notes, i);

          pdf_text (&pdf, note->heading, 11.5, TRUE, 0.1, 4);
          for (guint k = 0; k < note->items->len; k++)
            {
              g_autofree char *item = g_strconcat ("• ", (char *)g_ptr_array_index (note->items,
                                                                                   k), NULL);
              pdf_text (&pdf, item, 10, FALSE, 0.2, 3);
            }
          pdf.y += 10;
        }
      pdf_footer (&pdf);
    }

  g_object_unref (pdf.pango);
  cairo_destroy (pdf.cr);
  cairo_surface_finish (pdf.surface);
  if (ok && cairo_surface_status (pdf.surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_IO, _("Could not write the PDF: %s"),
                   cairo_status_to_string (cairo_surface_status (pdf.surface)));
      ok = FALSE;
    }
  cairo_surface_destroy (pdf.surface);
  if (!ok)
    return NULL;
  if (!progress_step (cancellable, progress, progress_data, total, total, error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* HTML */

static void
html_text (GString    *out,
           const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (out, escaped);
}

static void
html_element (GString    *out,
              const char *tag,
              const char *attributes,
              const char *text)
{
  g_string_append_printf (out, "<%s%s%s>", tag, attributes ? " " : "",
                          attributes ? attributes : "");
  html_text (out, text);
  g_string_append_printf (out, "</%s>\n", tag);
}

static void
html_table (GString     *out,
            const char **header,
            guint        n,
            GPtrArray   *rows,
            const char  *caption)
{
  g_string_append (out, "<div class=\"table\"><table>\n");
  html_element (out, "caption", NULL, caption);
  g_string_append (out, "<thead><tr>");
  for (guint k = 0; k < n; k++)
    html_element (out, "th", "scope=\"col\"", _(header[k]));
  g_string_append (out, "</tr></thead>\n<tbody>\n");
  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);

      g_string_append (out, "<tr>");
      for (guint k = 0; k < n; k++)
        html_element (out, k == 0 ? "th" : "td", k == 0 ? "scope=\"row\"" : NULL, cells[k]);
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</tbody></table></div>\n");
}

static const char html_style[] =
  ":root{color-scheme:light;--ink:#1d1d20;--muted:#5e5e66;--line:#d9d9de;--card:#f3f3f5}"
  "*{box-sizing:border-box}"
  "body{margin:0;font:16px/1.5 Cantarell,'DejaVu Sans',system-ui,sans-serif;color:var(--ink);"
  "background:#fff}"
  "main{max-width:60rem;margin:0 auto;padding:2.5rem 1.5rem 4rem}"
  "h1{font-size:2rem;line-height:1.2;margin:0 0 .25rem}"
  "h2{font-size:1.35rem;margin:2.5rem 0 .75rem;border-bottom:1px solid var(--line);"
  "padding-bottom:.25rem}"
  "h3{font-size:1.05rem;margin:1.5rem 0 .25rem}"
  ".subtitle{color:var(--muted);margin:0 0 2rem}"
  ".decision{font-size:1.2rem;line-height:1.55;margin:0 0 1.5rem}"
  ".cards{display:flex;flex-wrap:wrap;gap:.75rem;margin:0;padding:0;list-style:none}"
  ".cards li{flex:1 1 13rem;background:var(--card);border-radius:.5rem;padding:.75rem 1rem}"
  ".cards .title{font-size:.8rem;font-weight:bold;color:var(--muted);text-transform:uppercase;"
  "letter-spacing:.03em}"
  ".cards .value{font-size:1.5rem;font-weight:bold;margin:.1rem 0;overflow-wrap:anywhere}"
  ".cards .detail{font-size:.85rem;color:var(--muted)}"
  ".table{overflow-x:auto}"
  "table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0 1rem}"
  "caption{text-align:left;font-weight:bold;padding:.25rem 0}"
  "th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);"
  "vertical-align:top}"
  "thead th{background:var(--card)}"
  "td{font-variant-numeric:tabular-nums;white-space:nowrap}"
  "td:nth-child(2){white-space:normal;overflow-wrap:anywhere}"
  "figure{margin:1.5rem 0 2rem;break-inside:avoid;page-break-inside:avoid}"
  "figure svg{display:block;width:100%;height:auto;max-width:100%}"
  "figcaption{color:var(--muted);margin-top:.5rem}"
  "footer{color:var(--muted);font-size:.85rem;margin-top:3rem}"
  "@media print{body{font-size:11pt}main{max-width:none;padding:0}table{font-size:8.5pt}"
  "h2{break-after:avoid;page-break-after:avoid}"
  ".cards li,thead th{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
  ".charts figure{break-before:page;page-break-before:always}"
  ".table{overflow:visible}@page{margin:18mm}}";

/* The SVG element of an exported chart for inlining: without the XML declaration, and
 * without namespace declarations (HTML puts <svg> and xlink:href in their namespaces itself),
 * so the page names no other host at all. */
static char *
svg_element (GBytes *bytes)
{
  static const char * const namespaces[] = {
    " xmlns=\"http://www.w3.org/2000/svg\"",
    " xmlns:xlink=\"http://www.w3.org/1999/xlink\"",
  };
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  g_autofree char *text = g_strndup (data, length);
  char *start = strstr (text, "<svg");
  char *end;

  if (start == NULL)
    return g_strdup (text);
  end = strchr (start, '>');
  for (guint i = 0; end != NULL && i < G_N_ELEMENTS (namespaces); i++)
    {
      char *at = g_strstr_len (start, end - start, namespaces[i]);

      if (at != NULL)
        {
          gsize n = strlen (namespaces[i]);

          memmove (at, at + n, strlen (at + n) + 1);
          end -= n;
        }
    }
  return g_strdup (start);
}

static GBytes *
build_html (Content              *c,
            GCancellable         *cancellable,
            VsReportProgressFunc  progress,
            gpointer              progress_data,
            GError              **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  VsChartStyle style;
  guint total = 2 + c->charts->len, done = 1;

  vs_chart_style_init (&style, FALSE);
  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, "
                        "initial-scale=1\">\n<meta name=\"generator\" content=\"Versus\">\n");
  html_element (out, "title", NULL, c->title);
  g_string_append_printf (out, "<style>%s</style>\n</head>\n<body>\n<main>\n<header>\n",
                          html_style);
  html_element (out, "h1", NULL, c->title);
  html_element (out, "p", "class=\"subtitle\"", c->subtitle);
  g_string_append (out, "</header>\n<section aria-labelledby=\"decision\">\n");
  html_element (out, "h2", "id=\"decision\"", _("Decision"));
  html_element (out, "p", "class=\"decision\"", c->decision->paragraph);
  g_string_append (out, "<ul class=\"cards\">\n");
  for (guint i = 0; i < VS_EVAL_DECISION_N_CARDS; i++)
    {
      VsEvalCard *card = &c->decision->cards[i];

      g_string_append (out, "<li>");
      html_element (out, "div", "class=\"title\"", card->title);
      html_element (out, "div", "class=\"value\"", card->value);
      html_element (out, "div", "class=\"detail\"", card->detail);
      g_string_append (out, "</li>\n");
    }
  g_string_append (out, "</ul>\n</section>\n<section aria-labelledby=\"summary\">\n");
  html_element (out, "h2", "id=\"summary\"", _("Summary"));
  html_table (out, contender_header, G_N_ELEMENTS (contender_header), c->contender_rows,
              _("Contenders"));
  if (c->pair_rows->len > 0)
    html_table (out, pair_header, G_N_ELEMENTS (pair_header), c->pair_rows,
                _("Paired comparisons"));
  g_string_append (out, "</section>\n");
  if (!progress_step (cancellable, progress, progress_data, done++, total, error))
    return NULL;

  g_string_append (out, "<section class=\"charts\" aria-labelledby=\"charts\">\n");
  html_element (out, "h2", "id=\"charts\"", _("Charts"));
  for (guint i = 0; i < c->charts->len; i++)
    {
      VsChartSpec *spec = g_ptr_array_index (c->charts, i);
      g_autofree char *prefix = g_strdup_printf ("chart%u", i + 1);
      g_autofree char *svg = NULL;
      g_autoptr(GBytes) bytes = vs_chart_export_to_bytes (spec, VS_CHART_FORMAT_SVG, 720, 450,
                                                          &style, prefix, error);

      if (bytes == NULL)
        return NULL;
      svg = svg_element (bytes);
      g_string_append_printf (out,
                              "<figure id=\"%s\" role=\"group\" aria-labelledby=\"%s-title\">\n",
                              prefix, prefix);
      /* The picture's text is the caption, so the SVG is a labelled image. */
      g_string_append_printf (out, "<div role=\"img\" aria-label=\"");
      html_text (out, vs_chart_spec_get_title (spec));
      g_string_append (out, "\">");
      g_string_append (out, svg);
      g_string_append (out, "</div>\n<figcaption>");
      g_string_append_printf (out, "<strong id=\"%s-title\">", prefix);
      html_text (out, vs_chart_spec_get_title (spec));
      g_string_append (out, "</strong> ");
      html_text (out, g_ptr_array_index (c->descriptions, i));
      g_string_append (out, "</figcaption>\n</figure>\n");
      if (!progress_step (cancellable, progress, progress_data, done++, total, error))
        return NULL;
    }
  g_string_append (out, "</section>\n<section aria-labelledby=\"method\">\n");
  html_element (out, "h2", "id=\"method\"", _("Method"));
  for (guint i = 0; i < c->notes->len; i++)
    {
      Note *note = g_ptr_array_index (c->notes, i);

      html_element (out, "h3", NULL, note->heading);
      g_string_append (out, "<ul>\n");
      for (guint k = 0; k < note->items->len; k++)
        html_element (out, "li", NULL, g_ptr_array_index (note->items, k));
      g_string_append (out, "</ul>\n");
    }
  g_string_append (out, "</section>\n</main>\n</body>\n</html>\n");
  if (!progress_step (cancellable, progress, progress_data, total, total, error))
    return NULL;
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

/* Entry points */

gboolean
vs_report_format_from_path (const char     *path,
                            VsReportFormat *format)
{
  g_autofree char *lower = NULL;

  if (path == NULL)
    return FALSE;
  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".pdf"))
    *format = VS_REPORT_FORMAT_PDF;
  else if (g_str_has_suffix (lower, ".html") || g_str_has_suffix (lower, ".htm"))
    *format = VS_REPORT_FORMAT_HTML;
  else
    return FALSE;
  return TRUE;
}

GBytes *
vs_report_build (VsRunData             *data,
                 VsReportFormat         format,
                 const VsReportOptions *options,
                 GCancellable          *cancellable,
                 VsReportProgressFunc   progress,
                 gpointer               progress_data,
                 GError               **error)
{
  g_autoptr(Content) content = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  content = content_new (data, options, error);
  if (content == NULL)
    return NULL;
  if (format == VS_REPORT_FORMAT_PDF)
    return build_pdf (content, cancellable, progress, progress_data, error);
  return build_html (content, cancellable, progress, progress_data, error);
}

gboolean
vs_report_write (VsRunData             *data,
                 const char            *path,
                 const VsReportOptions *options,
                 GCancellable          *cancellable,
                 VsReportProgressFunc   progress,
                 gpointer               progress_data,
                 GError               **error)
{
  g_autoptr(GBytes) bytes = NULL;
  VsReportFormat format;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!vs_report_format_from_path (path, &format))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   /* Translators: a file name. */
                   _("%s: a report is a .pdf or .html file"), path);
      return FALSE;
    }
  bytes = vs_report_build (data, format, options, cancellable, progress, progress_data, error);
  if (bytes == NULL)
    return FALSE;
  return g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                              (gssize)g_bytes_get_size (bytes), error);
}

/* Async */

typedef struct
{
  VsRunData          *data;
  char               *path;
  char               *title;
  char               *project_path;
  GMainContext       *context;
  VsReportProgressFunc progress;
  gpointer            progress_data;
  GDestroyNotify      progress_destroy;
} WriteTask;

typedef struct
{
  WriteTask *task;
  GTask     *gtask;   /* keeps the task data alive until the progress is shown */
  double     fraction;
} ProgressCall;

typedef struct
{
  GDestroyNotify destroy;
  gpointer       data;
} DestroyCall;

static gboolean
destroy_idle (gpointer data)
{
  DestroyCall *call = data;

  call->destroy (call->data);
  g_free (call);
  return G_SOURCE_REMOVE;
}

static void
write_task_free (gpointer data)
{
  WriteTask *t = data;

  vs_run_data_unref (t->data);
  g_free (t->path);
  g_free (t->title);
  g_free (t->project_path);
  /* The last reference may go on the worker: free the caller's data on its context. */
  if (t->progress_destroy != NULL)
    g_main_context_invoke (t->context, destroy_idle, g_memdup2 (&(DestroyCall) {
                             t->progress_destroy, t->progress_data }, sizeof (DestroyCall)));
  g_main_context_unref (t->context);
  g_free (t);
}

static gboolean
progress_idle (gpointer data)
{
  ProgressCall *call = data;

  call->task->progress (call->fraction, call->task->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_call_free (gpointer data)
{
  ProgressCall *call = data;

  g_object_unref (call->gtask);
  g_free (call);
}

static void
progress_from_worker (double   fraction,
                      gpointer data)
{
  GTask *gtask = data;
  WriteTask *t = g_task_get_task_data (gtask);
  ProgressCall *call;

  if (t->progress == NULL)
    return;
  call = g_new0 (ProgressCall, 1);
  call->task = t;
  call->gtask = g_object_ref (gtask);
  call->fraction = fraction;
  g_main_context_invoke_full (t->context, G_PRIORITY_DEFAULT, progress_idle, call,
                              progress_call_free);
}

static void
write_thread (GTask        *gtask,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteTask *t = task_data;
  VsReportOptions options = { t->title, t->project_path };
  GError *error = NULL;

  if (vs_report_write (t->data, t->path, &options, cancellable, progress_from_worker, gtask,
                       &error))
    g_task_return_boolean (gtask, TRUE);
  else
    g_task_return_error (gtask, error);
}

void
vs_report_write_async (VsRunData             *data,
                       const char            *path,
                       const VsReportOptions *options,
                       GCancellable          *cancellable,
                       VsReportProgressFunc   progress,
                       gpointer               progress_data,
                       GDestroyNotify         progress_destroy,
                       GAsyncReadyCallback    callback,
                       gpointer               user_data)
{
  g_autoptr(GTask) gtask = g_task_new (NULL, cancellable, callback, user_data);
  WriteTask *t = g_new0 (WriteTask, 1);

  g_return_if_fail (data != NULL);
  g_return_if_fail (path != NULL);

  t->data = vs_run_data_ref (data);
  t->path = g_strdup (path);
  t->title = g_strdup (options ? options->title : NULL);
  t->project_path = g_strdup (options ? options->project_path : NULL);
  t->context = g_main_context_ref_thread_default ();
  t->progress = progress;
  t->progress_data = progress_data;
  t->progress_destroy = progress_destroy;
  g_task_set_source_tag (gtask, vs_report_write_async);
  g_task_set_task_data (gtask, t, write_task_free);
  g_task_run_in_thread (gtask, write_thread);
}

gboolean
vs_report_write_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
