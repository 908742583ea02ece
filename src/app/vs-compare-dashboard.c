/* vs-compare-dashboard.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A read is a GTask on a worker: it opens the project file read-only (its own SQLite
 * connection, so the main one is never shared across threads), loads the VsRunData, words the
 * decision and builds the chart specs — everything the page shows, made off the main thread
 * and handed over whole. The widgets are then updated in place: the chart views keep their
 * places and take the new specs, so a running run's dashboard does not jump as it refreshes.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vs-compare-dashboard.h"
#include "vs-eval-case-window.h"
#include "vs-eval-decision.h"
#include "vs-format.h"
#include "vs-presentation.h"
#include "vs-report.h"
#include "vs-run-charts.h"
#include "vs-run-store.h"

#define POLL_SECONDS      2
#define REFRESH_DELAY_MS  500

typedef struct
{
  GtkWidget *title;
  GtkWidget *value;
  GtkWidget *detail;
} Card;

struct _VsCompareDashboard
{
  GtkWidget           parent_instance;

  GtkWidget          *scroller;
  GtkLabel           *title_label;
  GtkWidget          *sample_badge;
  GtkLabel           *subtitle_label;
  GtkWidget          *running_box;
  GtkLabel           *running_label;
  GtkProgressBar     *running_progress;
  GtkRevealer        *report_revealer;
  GtkLabel           *report_label;
  GtkProgressBar     *report_progress;
  GtkFlowBox         *cards_box;
  GtkLabel           *decision_label;
  GtkBox             *tables_box;
  GtkFlowBox         *charts_box;

  Card                cards[VS_EVAL_DECISION_N_CARDS];
  GPtrArray          *views;       /* VsChartView, one per run chart kind */

  VsProject          *project;
  gint64              run_id;
  VsRunData          *data;
  VsEvalDecision     *decision;
  GPtrArray          *specs;       /* VsChartSpec, as the views show them */
  guint               loaded;

  GCancellable       *load_cancellable;
  gboolean            loading;
  gboolean            reload_pending;
  guint               reload_source;
  guint               poll_source;
  VsRunResultCounts   counts;      /* as last read, for the poll */

  GCancellable       *report_cancellable;
  GtkWindow          *presentation;
  gboolean            disposed;    /* a report finishing later changes no widget */
};

enum
{
  PROP_0,
  PROP_RUN_ID,
  PROP_LOADED,
  PROP_WRITING_REPORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VsCompareDashboard, vs_compare_dashboard, GTK_TYPE_WIDGET)

static void start_load (VsCompareDashboard *self);

/* The read, on a worker -------------------------------------------------------------------- */

typedef struct
{
  char           *path;
  gint64          run_id;
  VsRunData      *data;
  VsEvalDecision *decision;
  GPtrArray      *specs;
} Load;

static void
load_free (gpointer data)
{
  Load *load = data;

  g_free (load->path);
  g_clear_pointer (&load->data, vs_run_data_unref);
  g_clear_pointer (&load->decision, vs_eval_decision_free);
  g_clear_pointer (&load->specs, g_ptr_array_unref);
  g_free (load);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Load *load = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) project = vs_project_open (load->path, VS_PROJECT_OPEN_READONLY, &error);
  const VsChartKind *kinds;
  guint n_kinds = 0;

  if (project == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  load->data = vs_run_data_load (project, load->run_id, &error);
  if (load->data == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  load->decision = vs_eval_decision_new (load->data);
  load->specs = g_ptr_array_new_with_free_func (g_object_unref);
  kinds = vs_run_chart_kinds (&n_kinds);
  for (guint i = 0; i < n_kinds; i++)
    {
      g_autoptr(GError) chart_error = NULL;
      VsChartSpec *spec = vs_run_chart_build (load->data, kinds[i], NULL, &chart_error);

      if (spec == NULL)
        {
          /* a usage error (no such kind), never missing data: say it in the chart's place */
          spec = vs_chart_spec_new (kinds[i]);
          vs_chart_spec_set_message (spec, chart_error->message);
        }
      g_ptr_array_add (load->specs, spec);
    }
  g_task_return_boolean (task, TRUE);
}

/* Showing what was read -------------------------------------------------------------------- */

static const char *
state_text (const char *state)
{
  if (g_strcmp0 (state, "done") == 0)
    return _("Finished");
  if (g_strcmp0 (state, "running") == 0)
    return _("Running");
  if (g_strcmp0 (state, "pending") == 0)
    return _("Not started");
  if (g_strcmp0 (state, "cancelled") == 0)
    return _("Stopped before the end");
  if (g_strcmp0 (state, "submitted") == 0)
    return _("Sent as batches, waiting for the provider");
  return state;
}

/* Results may still arrive: a run going online, or one whose batches are out (ingested by
 * this window or by another process). */
static gboolean
is_live (const char *state)
{
  return g_strcmp0 (state, "running") == 0 || g_strcmp0 (state, "pending") == 0 ||
         g_strcmp0 (state, "submitted") == 0;
}

/* The run's name and what it compared; @n_cases < 0 when not known (the run has no summary). */
static void
show_header (VsCompareDashboard *self,
             VsRunInfo          *run,
             gint64              n_cases,
             const char         *project_name)
{
  g_autoptr(GString) subtitle = g_string_new (state_text (run->state));
  g_autofree char *cases = vs_format_count (MAX (n_cases, 0));
  g_autofree char *when = vs_format_relative_time (run->finished_at ? run->finished_at
                                                                    : run->created_at);
  guint n = (guint) run->n_contenders;

  gtk_label_set_text (self->title_label, run->name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), run->name);
  g_string_append (subtitle, " · ");
  if (n_cases >= 0)
    g_string_append_printf (subtitle,
                            /* Translators: cases, then contenders: "120 cases × 3 contenders" */
                            g_dngettext (GETTEXT_PACKAGE, "%s cases × %u contender",
                                         "%s cases × %u contenders", n),
                            cases, n);
  else
    g_string_append_printf (subtitle, g_dngettext (GETTEXT_PACKAGE, "%u contender",
                                                   "%u contenders", n), n);
  if (run->repeats > 1)
    g_string_append_printf (subtitle, _(" × %d repeats"), run->repeats);
  if (run->snapshot_name != NULL)
    g_string_append_printf (subtitle, _(" · snapshot “%s”"), run->snapshot_name);
  if (run->split != NULL)
    g_string_append_printf (subtitle, _(" · %s split"), run->split);
  if (when != NULL)
    g_string_append_printf (subtitle, " · %s", when);
  gtk_label_set_text (self->subtitle_label, subtitle->str);
  gtk_widget_set_visible (self->sample_badge,
                          project_name != NULL && g_str_has_suffix (project_name, "(sample)"));

  gtk_widget_set_visible (self->running_box, is_live (run->state));
  if (is_live (run->state))
    {
      gint64 done = run->results.n_ok + run->results.n_errors;
      gint64 total = done + run->results.n_pending;
      g_autofree char *done_text = vs_format_count (done);
      g_autofree char *text = NULL;

      if (total > 0 && run->results.n_pending > 0)
        {
          g_autofree char *total_text = vs_format_count (total);

          /* Translators: answers received so far of all expected; the numbers update live. */
          text = g_strdup_printf (_("%s of %s answers so far — the numbers below update as "
                                    "results arrive."),
                                  done_text, total_text);
          gtk_progress_bar_set_fraction (self->running_progress, (double) done / total);
        }
      else
        {
          text = g_strdup_printf (_("%s answers so far — the numbers below update as results "
                                    "arrive."),
                                  done_text);
          gtk_progress_bar_pulse (self->running_progress);
        }
      gtk_label_set_text (self->running_label, text);
    }
}

static void
show_cards (VsCompareDashboard *self)
{
  for (guint i = 0; i < VS_EVAL_DECISION_N_CARDS; i++)
    {
      const VsEvalCard *card = &self->decision->cards[i];

      gtk_label_set_text (GTK_LABEL (self->cards[i].title), card->title);
      gtk_label_set_text (GTK_LABEL (self->cards[i].value), card->value);
      gtk_widget_set_tooltip_text (self->cards[i].value, card->value);
      gtk_label_set_text (GTK_LABEL (self->cards[i].detail), card->detail);
    }
}

/* One summary table: a heading, then the header row and a row of cells per entry. */
static GtkWidget *
summary_table (const char         *title,
               const char * const *header,
               guint               n_columns,
               GPtrArray          *rows)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *grid = gtk_grid_new ();

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_widget_add_css_class (grid, "summary-table");
  for (guint c = 0; c < n_columns; c++)
    {
      GtkWidget *label = gtk_label_new (_(header[c]));

      gtk_label_set_xalign (GTK_LABEL (label), c == 0 ? 0 : 1);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_grid_attach (GTK_GRID (grid), label, (int) c, 0, 1, 1);
    }
  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns && cells[c] != NULL; c++)
        {
          GtkWidget *label = gtk_label_new (cells[c]);

          gtk_label_set_xalign (GTK_LABEL (label), c == 0 ? 0 : 1);
          gtk_widget_add_css_class (label, "numeric");
          gtk_grid_attach (GTK_GRID (grid), label, (int) c, (int) r + 1, 1, 1);
        }
    }
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), grid);
  return box;
}

/* The summary table with intervals and p-values, as the report has it. */
static void
show_tables (VsCompareDashboard *self)
{
  g_autoptr(GPtrArray) contenders = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GtkWidget *child;
  const char * const *header;
  guint n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tables_box))) != NULL)
    gtk_box_remove (self->tables_box, child);
  if (self->data == NULL)
    return;
  vs_report_summary_rows (self->data, contenders, pairs);
  header = vs_report_contender_header (&n);
  gtk_box_append (self->tables_box, summary_table (_("Contenders"), header, n, contenders));
  if (pairs->len > 0)
    {
      header = vs_report_pair_header (&n);
      gtk_box_append (self->tables_box,
                      summary_table (_("Paired comparisons"), header, n, pairs));
    }
}

static void on_mark_activated (VsChartView *view, guint mark, VsCompareDashboard *self);

static void
show_charts (VsCompareDashboard *self,
             GPtrArray          *specs)
{
  /* same kinds in the same places: views are kept and take the new specs */
  if (self->views->len != specs->len)
    {
      for (guint i = 0; i < self->views->len; i++)
        gtk_flow_box_remove (self->charts_box,
                             gtk_widget_get_parent (g_ptr_array_index (self->views, i)));
      g_ptr_array_set_size (self->views, 0);
      for (guint i = 0; i < specs->len; i++)
        {
          GtkWidget *view = vs_chart_view_new (NULL);
          GtkWidget *child = gtk_flow_box_child_new ();
          g_autoptr(GMenu) menu = g_menu_new ();
          g_autoptr(GMenuItem) item = g_menu_item_new (_("_Present"), NULL);

          g_menu_item_set_action_and_target_value (item, "dashboard.present-chart",
                                                   g_variant_new_uint32 (i + 1));
          g_menu_append_item (menu, item);
          vs_chart_view_set_extra_menu (VS_CHART_VIEW (view), G_MENU_MODEL (menu));
          gtk_widget_set_size_request (view, 420, 340);
          gtk_widget_add_css_class (child, "card");
          gtk_widget_add_css_class (child, "chart-card");
          gtk_widget_set_focusable (child, FALSE);
          gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), view);
          gtk_flow_box_append (self->charts_box, child);
          g_signal_connect (view, "mark-activated", G_CALLBACK (on_mark_activated), self);
          g_ptr_array_add (self->views, view);
        }
    }
  for (guint i = 0; i < specs->len; i++)
    {
      VsChartView *view = g_ptr_array_index (self->views, i);
      VsChartSpec *spec = g_ptr_array_index (specs, i);
      int focused = vs_chart_view_get_focused_mark (view);

      vs_chart_view_set_spec (view, spec);
      if (focused >= 0)
        vs_chart_view_set_focused_mark (view, focused);
    }
}

static void
update_actions (VsCompareDashboard *self)
{
  gboolean have = self->data != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dashboard.present", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dashboard.present-chart", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dashboard.export-report",
                                 have && self->report_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dashboard.cancel-report",
                                 self->report_cancellable != NULL);
}

static gboolean
reload_cb (gpointer data)
{
  VsCompareDashboard *self = data;

  self->reload_source = 0;
  start_load (self);
  return G_SOURCE_REMOVE;
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  VsCompareDashboard *self = VS_COMPARE_DASHBOARD (source);
  Load *load = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  /* a read for a run no longer shown (its cancellable was replaced) changes nothing */
  if (g_task_get_cancellable (G_TASK (result)) != self->load_cancellable)
    return;
  self->loading = FALSE;
  g_clear_object (&self->load_cancellable);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autoptr(VsRunInfo) run = vs_run_store_get (self->project, self->run_id, NULL);
      g_autofree char *name = vs_project_dup_name (self->project);
      /* Translators: why the run has no summary (an error message). */
      g_autofree char *text = g_strdup_printf (_("This run cannot be summarised: %s"),
                                               error->message);

      if (run != NULL)
        show_header (self, run, -1, name);
      else
        gtk_label_set_text (self->title_label, _("This run cannot be read"));
      gtk_label_set_text (self->decision_label, text);
      self->loaded++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
      return;
    }

  g_clear_pointer (&self->data, vs_run_data_unref);
  g_clear_pointer (&self->decision, vs_eval_decision_free);
  g_clear_pointer (&self->specs, g_ptr_array_unref);
  self->data = g_steal_pointer (&load->data);
  self->decision = g_steal_pointer (&load->decision);
  self->specs = g_steal_pointer (&load->specs);
  self->counts = self->data->run->results;

  show_header (self, self->data->run, self->data->n_cases, self->data->project_name);
  show_cards (self);
  gtk_label_set_text (self->decision_label, self->decision->paragraph);
  show_tables (self);
  show_charts (self, self->specs);
  update_actions (self);
  self->loaded++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);

  if (self->reload_pending && self->reload_source == 0)
    {
      self->reload_pending = FALSE;
      self->reload_source = g_timeout_add (REFRESH_DELAY_MS, reload_cb, self);
    }
}

static void
start_load (VsCompareDashboard *self)
{
  g_autoptr(GTask) task = NULL;
  Load *load;

  if (self->project == NULL || self->run_id <= 0)
    return;
  if (self->loading)
    {
      self->reload_pending = TRUE;
      return;
    }
  self->loading = TRUE;
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  load = g_new0 (Load, 1);
  load->path = g_strdup (vs_project_get_path (self->project));
  load->run_id = self->run_id;
  task = g_task_new (self, self->load_cancellable, load_done, NULL);
  g_task_set_source_tag (task, start_load);
  g_task_set_task_data (task, load, load_free);
  g_task_run_in_thread (task, load_thread);
}

/* A run driven by another process (the CLI) sends no change notices here: its result counts
 * are read every few seconds while it is live, and the dashboard reads the run again when
 * they moved. */
static gboolean
poll_cb (gpointer data)
{
  VsCompareDashboard *self = data;
  VsRunResultCounts counts = { 0 };

  if (self->project == NULL || self->data == NULL)
    return G_SOURCE_CONTINUE;
  if (!is_live (self->data->run->state))
    {
      g_autoptr(VsRunInfo) run = vs_run_store_get (self->project, self->run_id, NULL);

      /* a finished run needs no poll, unless someone starts it again */
      if (run == NULL || !is_live (run->state))
        return G_SOURCE_CONTINUE;
    }
  if (vs_run_store_count_results (self->project, self->run_id, &counts, NULL) &&
      (counts.n_ok != self->counts.n_ok || counts.n_errors != self->counts.n_errors ||
       counts.n_pending != self->counts.n_pending))
    {
      self->counts = counts;
      vs_compare_dashboard_refresh (self);
    }
  return G_SOURCE_CONTINUE;
}

/* Cases, presentation, report -------------------------------------------------------------- */

void
vs_compare_dashboard_open_cases (VsCompareDashboard *self,
                                 const gint64       *cases,
                                 guint               n_cases)
{
  GtkWidget *window;
  GtkRoot *root;

  g_return_if_fail (VS_IS_COMPARE_DASHBOARD (self));

  if (self->project == NULL || n_cases == 0)
    return;
  /* The case window of the results table: every contender's prompt, answers and verdicts;
   * Previous / Next through the cases at this point. */
  window = vs_eval_case_window_new (self->project, self->run_id, cases[0]);
  vs_eval_case_window_set_cases (VS_EVAL_CASE_WINDOW (window), cases, n_cases);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (window));
}

static void
on_mark_activated (VsChartView        *view,
                   guint               index,
                   VsCompareDashboard *self)
{
  VsChartSpec *spec = vs_chart_view_get_spec (view);
  const VsChartMark *mark = vs_chart_view_get_mark (view, index);
  g_autoptr(GArray) cases = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (spec == NULL || mark == NULL || mark->indices == NULL ||
      vs_chart_spec_get_kind (spec) != VS_CHART_KIND_PAIRED_SCATTER)
    return;
  for (guint i = 0; i < mark->indices->len; i++)
    {
      gint64 ordinal = vs_run_chart_get_case (spec, g_array_index (mark->indices, guint, i));

      if (ordinal >= 0)
        g_array_append_val (cases, ordinal);
    }
  if (cases->len > 0)
    vs_compare_dashboard_open_cases (self, (gint64 *) cases->data, cases->len);
}

static void
on_presentation_destroyed (VsCompareDashboard *self)
{
  self->presentation = NULL;
}

GtkWindow *
vs_compare_dashboard_present (VsCompareDashboard *self,
                              guint               slide)
{
  VsPresentation *presentation;

  g_return_val_if_fail (VS_IS_COMPARE_DASHBOARD (self), NULL);

  if (self->data == NULL)
    return NULL;
  if (self->presentation != NULL)
    gtk_window_destroy (self->presentation);
  presentation = vs_presentation_new (self->data->run->name, self->decision, self->specs);
  self->presentation = GTK_WINDOW (presentation);
  g_signal_connect_object (presentation, "destroy", G_CALLBACK (on_presentation_destroyed),
                           self, G_CONNECT_SWAPPED);
  vs_presentation_set_slide (presentation, slide);
  gtk_window_fullscreen (GTK_WINDOW (presentation));
  gtk_window_present (GTK_WINDOW (presentation));
  return GTK_WINDOW (presentation);
}

static void
present_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  vs_compare_dashboard_present (VS_COMPARE_DASHBOARD (widget),
                                parameter != NULL ? g_variant_get_uint32 (parameter) : 0);
}

static void
toast (VsCompareDashboard *self,
       const char         *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_message ("%s", message);
}

static void
report_progress (double   fraction,
                 gpointer user_data)
{
  VsCompareDashboard *self = user_data;

  if (!self->disposed)
    gtk_progress_bar_set_fraction (self->report_progress, CLAMP (fraction, 0, 1));
}

typedef struct
{
  VsCompareDashboard *self;
  char               *path;
} ReportJob;

static void
report_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ReportJob *job = user_data;
  VsCompareDashboard *self = job->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (job->path);
  g_autofree char *message = NULL;

  if (vs_report_write_finish (result, &error))
    /* Translators: the report's file name. */
    message = g_strdup_printf (_("Report saved as %s"), name);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup (_("Report cancelled; no file was written"));
  else
    message = g_strdup_printf (_("Could not write the report: %s"), error->message);
  g_clear_object (&self->report_cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRITING_REPORT]);
  if (!self->disposed)
    {
      gtk_revealer_set_reveal_child (self->report_revealer, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->report_revealer), FALSE);
      update_actions (self);
      toast (self, message);
    }
  g_free (job->path);
  g_object_unref (job->self);
  g_free (job);
}

void
vs_compare_dashboard_write_report (VsCompareDashboard *self,
                                   const char         *path)
{
  VsReportOptions options = { NULL, NULL };
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  ReportJob *job;

  g_return_if_fail (VS_IS_COMPARE_DASHBOARD (self));
  g_return_if_fail (path != NULL);

  if (self->data == NULL || self->report_cancellable != NULL)
    return;
  options.project_path = vs_project_get_path (self->project);
  name = g_path_get_basename (path);
  text = g_strdup_printf (_("Writing %s…"), name);
  job = g_new0 (ReportJob, 1);

  job->self = g_object_ref (self);
  job->path = g_strdup (path);
  self->report_cancellable = g_cancellable_new ();
  gtk_label_set_text (self->report_label, text);
  gtk_progress_bar_set_fraction (self->report_progress, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->report_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->report_revealer, TRUE);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRITING_REPORT]);
  vs_report_write_async (self->data, path, &options, self->report_cancellable, report_progress,
                         g_object_ref (self), g_object_unref, report_done, job);
}

static void
report_response (GtkNativeDialog    *dialog,
                 int                 response,
                 VsCompareDashboard *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  VsReportFormat format;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    path = g_file_get_path (file);
  if (path != NULL && !vs_report_format_from_path (path, &format))
    {
      GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));
      const char *ext = filter != NULL ? g_object_get_data (G_OBJECT (filter), "ext") : NULL;
      char *with_ext = g_strconcat (path, ".", ext != NULL ? ext : "pdf", NULL);

      g_free (path);
      path = with_ext;
    }
  if (path != NULL)
    vs_compare_dashboard_write_report (self, path);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *ext)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_suffix (filter, ext);
  g_object_set_data_full (G_OBJECT (filter), "ext", g_strdup (ext), g_free);
  gtk_file_chooser_add_filter (chooser, filter);
  g_object_unref (filter);
}

static void
export_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  VsCompareDashboard *self = VS_COMPARE_DASHBOARD (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;

  if (self->data == NULL || self->report_cancellable != NULL)
    return;
  name = g_strdup_printf ("%s.pdf", self->data->run->name);
  g_strdelimit (name, "/\\:", '-');
  dialog = gtk_file_chooser_native_new (_("Export Report"),
                                        GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  add_filter (GTK_FILE_CHOOSER (dialog), _("PDF document"), "pdf");
  add_filter (GTK_FILE_CHOOSER (dialog), _("Web page (HTML)"), "html");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (report_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
cancel_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  VsCompareDashboard *self = VS_COMPARE_DASHBOARD (widget);

  if (self->report_cancellable != NULL)
    g_cancellable_cancel (self->report_cancellable);
}

gboolean
vs_compare_dashboard_get_writing_report (VsCompareDashboard *self)
{
  g_return_val_if_fail (VS_IS_COMPARE_DASHBOARD (self), FALSE);
  return self->report_cancellable != NULL;
}

/* Public API ------------------------------------------------------------------------------- */

GtkWidget *
vs_compare_dashboard_new (void)
{
  return g_object_new (VS_TYPE_COMPARE_DASHBOARD, NULL);
}

void
vs_compare_dashboard_set_run (VsCompareDashboard *self,
                              VsProject          *project,
                              gint64              run_id)
{
  g_return_if_fail (VS_IS_COMPARE_DASHBOARD (self));
  g_return_if_fail (project == NULL || VS_IS_PROJECT (project));

  if (self->project == project && self->run_id == run_id)
    return;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  self->loading = FALSE;
  self->reload_pending = FALSE;
  g_set_object (&self->project, project);
  self->run_id = project != NULL ? run_id : 0;
  g_clear_pointer (&self->data, vs_run_data_unref);
  g_clear_pointer (&self->decision, vs_eval_decision_free);
  show_tables (self);
  update_actions (self);
  gtk_label_set_text (self->title_label, "");
  gtk_label_set_text (self->subtitle_label, _("Reading the run…"));
  start_load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN_ID]);
}

gint64
vs_compare_dashboard_get_run_id (VsCompareDashboard *self)
{
  g_return_val_if_fail (VS_IS_COMPARE_DASHBOARD (self), 0);
  return self->run_id;
}

void
vs_compare_dashboard_refresh (VsCompareDashboard *self)
{
  g_return_if_fail (VS_IS_COMPARE_DASHBOARD (self));

  if (self->reload_source != 0)
    return;
  start_load (self);
}

VsRunData *
vs_compare_dashboard_get_data (VsCompareDashboard *self)
{
  g_return_val_if_fail (VS_IS_COMPARE_DASHBOARD (self), NULL);
  return self->data;
}

guint
vs_compare_dashboard_get_loaded (VsCompareDashboard *self)
{
  g_return_val_if_fail (VS_IS_COMPARE_DASHBOARD (self), 0);
  return self->loaded;
}

const char *
vs_compare_dashboard_get_decision (VsCompareDashboard *self)
{
  g_return_val_if_fail (VS_IS_COMPARE_DASHBOARD (self), NULL);
  return self->decision != NULL ? self->decision->paragraph : NULL;
}

guint
vs_compare_dashboard_get_n_charts (VsCompareDashboard *self)
{
  g_return_val_if_fail (VS_IS_COMPARE_DASHBOARD (self), 0);
  return self->views->len;
}

VsChartView *
vs_compare_dashboard_get_chart (VsCompareDashboard *self,
                                guint               index)
{
  g_return_val_if_fail (VS_IS_COMPARE_DASHBOARD (self), NULL);
  g_return_val_if_fail (index < self->views->len, NULL);
  return g_ptr_array_index (self->views, index);
}

/* GObject ---------------------------------------------------------------------------------- */

static void
vs_compare_dashboard_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  VsCompareDashboard *self = VS_COMPARE_DASHBOARD (object);

  switch (prop_id)
    {
    case PROP_RUN_ID:
      g_value_set_int64 (value, self->run_id);
      break;
    case PROP_LOADED:
      g_value_set_uint (value, self->loaded);
      break;
    case PROP_WRITING_REPORT:
      g_value_set_boolean (value, self->report_cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_compare_dashboard_dispose (GObject *object)
{
  VsCompareDashboard *self = VS_COMPARE_DASHBOARD (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_cancellable_cancel (self->report_cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  if (self->presentation != NULL)
    gtk_window_destroy (self->presentation);
  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_COMPARE_DASHBOARD);
  g_clear_object (&self->project);
  g_clear_pointer (&self->data, vs_run_data_unref);
  g_clear_pointer (&self->decision, vs_eval_decision_free);
  g_clear_pointer (&self->specs, g_ptr_array_unref);
  g_clear_pointer (&self->views, g_ptr_array_unref);

  G_OBJECT_CLASS (vs_compare_dashboard_parent_class)->dispose (object);
}

static void
vs_compare_dashboard_class_init (VsCompareDashboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = vs_compare_dashboard_get_property;
  object_class->dispose = vs_compare_dashboard_dispose;

  properties[PROP_RUN_ID] =
    g_param_spec_int64 ("run-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_uint ("loaded", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_WRITING_REPORT] =
    g_param_spec_boolean ("writing-report", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "dashboard.present", NULL, present_action);
  gtk_widget_class_install_action (widget_class, "dashboard.present-chart", "u", present_action);
  gtk_widget_class_install_action (widget_class, "dashboard.export-report", NULL,
                                   export_report_action);
  gtk_widget_class_install_action (widget_class, "dashboard.cancel-report", NULL,
                                   cancel_report_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/versuslab/Versus/vs-compare-dashboard.ui");
  gtk_widget_class_bind_template_child (widget_class, VsCompareDashboard, scroller);
  gtk_widget_class_bind_template_child (widget_class, VsCompareDashboard, title_label);
  gtk_widget_class_bind_template_child (widget_class, VsCompareDashboard, sample_badge);
  gtk_widget_class_bind_template_child (widget_class, VsCompareDashboard, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, VsCompareDashboard, running_box);
  gtk_widget_class_bind_template_child (widget_class, VsCompareDashboard, running_label);
  gtk_widget_class_bind_template_child (widget_class, VsCompareDashboard, running_progress);
  gtk_widget_class_bind_template_child (widget_class, VsCompareDashboard, report_revealer);
  gtk_widget_class_bind_template_child (widget_class, VsCompareDashboard, report_label);
  gtk_widget_class_bind_template_child (widget_class, VsCompareDashboard, report_progress);
  gtk_widget_class_bind_template_child (widget_class, VsCompareDashboard, cards_box);
  gtk_widget_class_bind_template_child (widget_class, VsCompareDashboard, decision_label);
  gtk_widget_class_bind_template_child (widget_class, VsCompareDashboard, tables_box);
  gtk_widget_class_bind_template_child (widget_class, VsCompareDashboard, charts_box);
}

static GtkWidget *
card_label (const char *css_class,
            gboolean    wrap)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (wrap)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    }
  else
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
vs_compare_dashboard_init (VsCompareDashboard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->views = g_ptr_array_new ();

  /* four cards of the same shape: title, value in large type, a line under it */
  for (guint i = 0; i < VS_EVAL_DECISION_N_CARDS; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *child = gtk_flow_box_child_new ();

      self->cards[i].title = card_label ("caption-heading", FALSE);
      self->cards[i].value = card_label ("card-value", FALSE);
      self->cards[i].detail = card_label ("caption", TRUE);
      gtk_widget_add_css_class (self->cards[i].title, "dim-label");
      gtk_box_append (GTK_BOX (box), self->cards[i].title);
      gtk_box_append (GTK_BOX (box), self->cards[i].value);
      gtk_box_append (GTK_BOX (box), self->cards[i].detail);
      gtk_widget_add_css_class (child, "card");
      gtk_widget_add_css_class (child, "summary-card");
      gtk_widget_set_focusable (child, FALSE);
      gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), box);
      gtk_flow_box_append (self->cards_box, child);
    }
  self->poll_source = g_timeout_add_seconds (POLL_SECONDS, poll_cb, self);
  update_actions (self);
}
