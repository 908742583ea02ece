/* vs-eval-run-bar.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-batch-store.h"
#include "vs-eval-run-bar.h"
#include "vs-format.h"
#include "vs-run-store.h"

struct _VsEvalRunBar
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkLabel       *status;
  GtkWidget      *pause;
  GtkWidget      *resume;
  GtkWidget      *retry;
  GtkWidget      *cancel;
  GtkWidget      *check;
  GtkWidget      *resume_batch;
  GtkWidget      *retry_batch;
  GtkGrid        *contenders;

  VsEvalLauncher *launcher;
  VsBatchLauncher *batch_launcher;
  char           *batch_message;  /* why watching the run's batches stopped, or NULL */
  VsProject      *project;
  gint64          run_id;
  GPtrArray      *bars;    /* GtkProgressBar per contender */
  GPtrArray      *counts;  /* GtkLabel per contender */
  GArray         *contender_ids;  /* gint64 per contender, as the bars */
};

G_DEFINE_FINAL_TYPE (VsEvalRunBar, vs_eval_run_bar, GTK_TYPE_WIDGET)

static void
clear_contenders (VsEvalRunBar *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->contenders))) != NULL)
    gtk_grid_remove (self->contenders, child);
  g_ptr_array_set_size (self->bars, 0);
  g_ptr_array_set_size (self->counts, 0);
  g_array_set_size (self->contender_ids, 0);
}

static void
build_contenders (VsEvalRunBar *self)
{
  g_autoptr(GPtrArray) contenders = NULL;

  clear_contenders (self);
  if (self->project == NULL || self->run_id <= 0)
    return;
  contenders = vs_run_store_list_contenders (self->project, self->run_id, NULL);
  for (guint i = 0; contenders != NULL && i < contenders->len; i++)
    {
      VsContenderInfo *c = g_ptr_array_index (contenders, i);
      GtkWidget *name = gtk_label_new (c->label);
      GtkWidget *bar = gtk_progress_bar_new ();
      GtkWidget *count = gtk_label_new (NULL);
      g_autofree char *accessible = g_strdup_printf (_("Progress of %s"), c->label);

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (name), 28);
      gtk_widget_set_hexpand (bar, TRUE);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible, -1);
      gtk_label_set_xalign (GTK_LABEL (count), 1);
      gtk_widget_add_css_class (count, "numeric");
      gtk_widget_add_css_class (count, "dim-label");
      gtk_grid_attach (self->contenders, name, 0, (int) i, 1, 1);
      gtk_grid_attach (self->contenders, bar, 1, (int) i, 1, 1);
      gtk_grid_attach (self->contenders, count, 2, (int) i, 1, 1);
      g_ptr_array_add (self->bars, bar);
      g_ptr_array_add (self->counts, count);
      g_array_append_val (self->contender_ids, c->id);
    }
}

static char *
format_duration (double seconds)
{
  if (seconds < 60)
    return g_strdup_printf (_("%.0f s"), MAX (1, seconds));
  if (seconds < 3600)
    return g_strdup_printf (_("%.0f min"), seconds / 60);
  return g_strdup_printf (_("%.1f h"), seconds / 3600);
}

static void
set_contender (VsEvalRunBar *self,
               guint         i,
               gint64        done,
               gint64        total,
               gint64        errors)
{
  g_autofree char *count = NULL;

  gtk_progress_bar_set_fraction (g_ptr_array_index (self->bars, i),
                                 total > 0 ? CLAMP ((double) done / total, 0, 1) : 0);
  count = errors > 0
    ? g_strdup_printf (ngettext ("%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT
                                 " · %" G_GINT64_FORMAT " error",
                                 "%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT
                                 " · %" G_GINT64_FORMAT " errors",
                                 errors),
                       done, total, errors)
    : g_strdup_printf ("%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT, done, total);
  gtk_label_set_text (g_ptr_array_index (self->counts, i), count);
}

/* A run whose trials are out as batches: how many batches are where, the requests done of
 * each contender, and Cancel (the provider stops the batches) or Check Now when nothing in
 * this window is watching them. */
static void
show_batches (VsEvalRunBar *self,
              VsBatchPhase  phase)
{
  g_autoptr(GPtrArray) rows = vs_batch_store_list (self->project, self->run_id, NULL);
  g_autofree gint64 *done = NULL;
  g_autofree gint64 *total = NULL;
  g_autofree gint64 *failed = NULL;
  guint n_waiting = 0, n_running = 0, n_ended = 0;
  gint64 all_lines = 0, all_done = 0, all_failed = 0;
  g_autoptr(GString) line = g_string_new (NULL);
  gboolean going = phase != VS_BATCH_PHASE_NONE;

  if (self->bars->len == 0)
    build_contenders (self);
  done = g_new0 (gint64, self->bars->len + 1);
  total = g_new0 (gint64, self->bars->len + 1);
  failed = g_new0 (gint64, self->bars->len + 1);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const VsBatchRow *row = g_ptr_array_index (rows, i);
      gint64 completed = MAX (row->n_completed, 0), errors = MAX (row->n_failed, 0);

      if (g_strcmp0 (row->provider, "files") == 0)
        continue;
      if (g_strcmp0 (row->state, "RUNNING") == 0 || g_strcmp0 (row->state, "CANCELLING") == 0)
        n_running++;
      else if (g_strcmp0 (row->state, "SUCCEEDED") == 0 ||
               g_strcmp0 (row->state, "FAILED") == 0 ||
               g_strcmp0 (row->state, "CANCELLED") == 0 ||
               g_strcmp0 (row->state, "EXPIRED") == 0)
        n_ended++;
      else
        n_waiting++;
      all_lines += MAX (row->n_lines, 0);
      all_done += completed;
      all_failed += errors;
      for (guint k = 0; k < self->contender_ids->len; k++)
        if (g_array_index (self->contender_ids, gint64, k) == row->contender_id)
          {
            total[k] += MAX (row->n_lines, 0);
            done[k] += completed + errors;
            failed[k] += errors;
          }
    }

  if (phase == VS_BATCH_PHASE_PREPARING || phase == VS_BATCH_PHASE_SUBMITTING)
    g_string_append (line, _("Submitting batches…"));
  else if (phase == VS_BATCH_PHASE_CANCELLING)
    g_string_append (line, _("Cancelling the batches…"));
  else
    {
      g_autofree char *n_done = vs_format_count (all_done);
      g_autofree char *n_lines = vs_format_count (all_lines);

      if (!going && self->batch_message != NULL)
        g_string_append_printf (line, _("Could not check the batches: %s"),
                                self->batch_message);
      else if (!going)
        g_string_append (line, _("Batches out at the provider, not being checked"));
      else
        /* TRANSLATORS: "Batches: 1 submitted, 2 running, 0 ended · 380 of 1,200 requests
         * done" */
        g_string_append_printf (line, _("Batches: %u submitted, %u running, %u ended · %s of "
                                        "%s requests done"),
                                n_waiting, n_running, n_ended, n_done, n_lines);
      if (all_failed > 0)
        {
          g_autofree char *n_failed = vs_format_count (all_failed);

          g_string_append_printf (line, _(" · %s failed"), n_failed);
        }
    }
  gtk_label_set_text (self->status, line->str);
  for (guint k = 0; k < self->bars->len; k++)
    set_contender (self, k, done[k], total[k], failed[k]);
  gtk_widget_set_visible (GTK_WIDGET (self->contenders), rows != NULL && rows->len > 0);
  gtk_widget_set_visible (self->pause, FALSE);
  gtk_widget_set_visible (self->resume, FALSE);
  gtk_widget_set_visible (self->retry, FALSE);
  gtk_widget_set_visible (self->resume_batch, FALSE);
  gtk_widget_set_visible (self->retry_batch, FALSE);
  gtk_widget_set_visible (self->check, !going);
  gtk_widget_set_visible (self->cancel, going && phase != VS_BATCH_PHASE_CANCELLING);
  gtk_button_set_label (GTK_BUTTON (self->cancel), _("_Cancel Batches"));
}

/* The run was cancelled through its batches (not an online run stopped). */
static gboolean
batches_cancelled (VsEvalRunBar *self)
{
  g_autoptr(GPtrArray) rows = vs_batch_store_list (self->project, self->run_id, NULL);

  return rows != NULL && vs_batch_store_rows_cancelled (rows);
}

static void
refresh (VsEvalRunBar *self)
{
  VsEvalProgress p;
  gboolean running = self->launcher != NULL &&
                     vs_eval_launcher_get_progress (self->launcher, self->run_id, &p);
  gboolean paused = running && vs_eval_launcher_is_paused (self->launcher, self->run_id);
  g_autofree char *text = NULL;
  gboolean resumable = FALSE, retryable = FALSE;
  VsBatchPhase phase = self->batch_launcher != NULL
                       ? vs_batch_launcher_get_phase (self->batch_launcher, self->run_id)
                       : VS_BATCH_PHASE_NONE;

  if (self->project == NULL || self->run_id <= 0)
    {
      gtk_widget_set_visible (self->box, FALSE);
      return;
    }
  gtk_widget_set_visible (self->box, TRUE);
  if (!running && phase != VS_BATCH_PHASE_NONE)
    {
      show_batches (self, phase);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->contenders), running);

  if (running)
    {
      g_autofree char *done = vs_format_count (p.done);
      g_autofree char *total = vs_format_count (p.total);
      double rate = p.elapsed_s > 0.5 ? p.requested / p.elapsed_s : 0;
      g_autofree char *left = rate > 0 && p.total > p.done
                              ? format_duration ((p.total - p.done) / rate) : NULL;
      g_autoptr(GString) line = g_string_new (NULL);

      g_string_append_printf (line, paused ? _("Paused — %s of %s trials")
                                           : _("Running — %s of %s trials"), done, total);
      if (rate > 0 && !paused)
        g_string_append_printf (line, _(" · %.1f per second"), rate);
      if (left != NULL && !paused)
        g_string_append_printf (line, _(" · about %s left"), left);
      if (p.errors > 0)
        g_string_append_printf (line, ngettext (" · %" G_GINT64_FORMAT " error",
                                                " · %" G_GINT64_FORMAT " errors", p.errors),
                                p.errors);
      text = g_string_free (g_steal_pointer (&line), FALSE);

      if (self->bars->len != p.n_contenders)
        build_contenders (self);
      for (guint i = 0; i < self->bars->len && i < p.n_contenders; i++)
        set_contender (self, i, p.contender_done[i], p.contender_total, p.contender_errors[i]);
    }
  else
    {
      g_autoptr(VsRunInfo) info = vs_run_store_get (self->project, self->run_id, NULL);

      if (info == NULL)
        {
          gtk_widget_set_visible (self->box, FALSE);
          return;
        }
      if (g_strcmp0 (info->state, "submitted") == 0)
        {
          show_batches (self, VS_BATCH_PHASE_NONE);
          return;
        }
      resumable = g_strcmp0 (info->state, "done") != 0;
      retryable = !resumable && info->results.n_errors > 0;
      if (g_strcmp0 (info->state, "cancelled") == 0 && info->results.n_errors > 0 &&
          batches_cancelled (self))
        {
          /* Its batches were cancelled: every trial has a result, those left unanswered are
           * errors — retrying (online or as a new batch) asks them again. */
          resumable = FALSE;
          retryable = TRUE;
          text = g_strdup_printf (ngettext ("Batches cancelled with %" G_GINT64_FORMAT
                                            " trial without an answer: it can be asked again",
                                            "Batches cancelled with %" G_GINT64_FORMAT
                                            " trials without an answer: they can be asked "
                                            "again",
                                            info->results.n_errors),
                                  info->results.n_errors);
        }
      else if (g_strcmp0 (info->state, "done") == 0 && info->results.n_errors > 0)
        text = g_strdup_printf (ngettext ("Finished with %" G_GINT64_FORMAT " error: its trials "
                                          "can be asked again",
                                          "Finished with %" G_GINT64_FORMAT " errors: their "
                                          "trials can be asked again",
                                          info->results.n_errors),
                                info->results.n_errors);
      else if (resumable)
        {
          g_autofree char *n = vs_format_count (info->results.n_ok + info->results.n_errors);

          text = g_strdup_printf (_("Stopped with %s trials done: Resume asks only for the "
                                    "rest"), n);
        }
      else
        {
          /* Nothing to do: the bar is not needed. */
          gtk_widget_set_visible (self->box, FALSE);
          return;
        }
    }
  gtk_label_set_text (self->status, text);
  gtk_widget_set_visible (self->pause, running && !paused);
  gtk_widget_set_visible (self->resume, paused || resumable);
  gtk_widget_set_visible (self->retry, retryable);
  gtk_widget_set_visible (self->resume_batch,
                          resumable && !paused && self->batch_launcher != NULL);
  gtk_widget_set_visible (self->retry_batch, retryable && self->batch_launcher != NULL);
  gtk_widget_set_visible (self->check, FALSE);
  gtk_widget_set_visible (self->cancel, running);
  gtk_button_set_label (GTK_BUTTON (self->cancel), _("_Cancel"));
}

static void
on_progress (VsEvalLauncher *launcher,
             gint64          run_id,
             VsEvalRunBar   *self)
{
  if (run_id == self->run_id)
    refresh (self);
}

static void
on_finished (VsEvalLauncher *launcher,
             gint64          run_id,
             const char     *state,
             const char     *message,
             VsEvalRunBar   *self)
{
  if (run_id == self->run_id)
    refresh (self);
}

static void
on_batch_changed (VsBatchLauncher *launcher,
                  gint64           run_id,
                  VsEvalRunBar    *self)
{
  if (run_id == self->run_id)
    refresh (self);
}

static void
on_batch_finished (VsBatchLauncher *launcher,
                   gint64           run_id,
                   const char      *state,
                   const char      *message,
                   VsEvalRunBar    *self)
{
  if (run_id != self->run_id)
    return;
  g_free (self->batch_message);
  self->batch_message = g_strdup (message);
  refresh (self);
}

static void
start_batch (VsEvalRunBar *self,
             gboolean      submit,
             gboolean      retry_errors)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->batch_launcher == NULL || self->project == NULL || self->run_id <= 0)
    return;
  g_clear_pointer (&self->batch_message, g_free);
  ok = submit ? vs_batch_launcher_submit (self->batch_launcher, self->project, self->run_id,
                                          retry_errors, &error)
              : vs_batch_launcher_watch (self->batch_launcher, self->project, self->run_id,
                                         &error);
  if (!ok)
    gtk_label_set_text (self->status, error->message);
  else
    refresh (self);
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  start_batch (VS_EVAL_RUN_BAR (widget), FALSE, FALSE);
}

static void
resume_batch_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  start_batch (VS_EVAL_RUN_BAR (widget), TRUE, FALSE);
}

static void
retry_batch_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  start_batch (VS_EVAL_RUN_BAR (widget), TRUE, TRUE);
}

static void
start (VsEvalRunBar *self,
       gboolean      retry_errors)
{
  g_autoptr(GError) error = NULL;

  if (!vs_eval_launcher_start (self->launcher, self->project, self->run_id, retry_errors,
                               &error))
    gtk_label_set_text (self->status, error->message);
  else
    refresh (self);
}

static void
pause_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  VsEvalRunBar *self = VS_EVAL_RUN_BAR (widget);

  vs_eval_launcher_pause (self->launcher, self->run_id);
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VsEvalRunBar *self = VS_EVAL_RUN_BAR (widget);

  if (vs_eval_launcher_is_running (self->launcher, self->run_id))
    vs_eval_launcher_resume (self->launcher, self->run_id);
  else
    start (self, FALSE);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  start (VS_EVAL_RUN_BAR (widget), TRUE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VsEvalRunBar *self = VS_EVAL_RUN_BAR (widget);

  if (self->batch_launcher != NULL &&
      vs_batch_launcher_is_running (self->batch_launcher, self->run_id))
    vs_batch_launcher_cancel (self->batch_launcher, self->run_id);
  else
    vs_eval_launcher_cancel (self->launcher, self->run_id);
}

static void
vs_eval_run_bar_dispose (GObject *object)
{
  VsEvalRunBar *self = VS_EVAL_RUN_BAR (object);

  if (self->launcher != NULL)
    g_signal_handlers_disconnect_by_data (self->launcher, self);
  g_clear_object (&self->launcher);
  if (self->batch_launcher != NULL)
    g_signal_handlers_disconnect_by_data (self->batch_launcher, self);
  g_clear_object (&self->batch_launcher);
  g_clear_object (&self->project);
  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_EVAL_RUN_BAR);
  G_OBJECT_CLASS (vs_eval_run_bar_parent_class)->dispose (object);
}

static void
vs_eval_run_bar_finalize (GObject *object)
{
  VsEvalRunBar *self = VS_EVAL_RUN_BAR (object);

  g_clear_pointer (&self->bars, g_ptr_array_unref);
  g_clear_pointer (&self->counts, g_ptr_array_unref);
  g_clear_pointer (&self->contender_ids, g_array_unref);
  g_clear_pointer (&self->batch_message, g_free);
  G_OBJECT_CLASS (vs_eval_run_bar_parent_class)->finalize (object);
}

static void
vs_eval_run_bar_class_init (VsEvalRunBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_eval_run_bar_dispose;
  object_class->finalize = vs_eval_run_bar_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-eval-run-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, VsEvalRunBar, box);
  gtk_widget_class_bind_template_child (widget_class, VsEvalRunBar, status);
  gtk_widget_class_bind_template_child (widget_class, VsEvalRunBar, pause);
  gtk_widget_class_bind_template_child (widget_class, VsEvalRunBar, resume);
  gtk_widget_class_bind_template_child (widget_class, VsEvalRunBar, retry);
  gtk_widget_class_bind_template_child (widget_class, VsEvalRunBar, cancel);
  gtk_widget_class_bind_template_child (widget_class, VsEvalRunBar, check);
  gtk_widget_class_bind_template_child (widget_class, VsEvalRunBar, resume_batch);
  gtk_widget_class_bind_template_child (widget_class, VsEvalRunBar, retry_batch);
  gtk_widget_class_bind_template_child (widget_class, VsEvalRunBar, contenders);
  gtk_widget_class_install_action (widget_class, "run-bar.pause", NULL, pause_action);
  gtk_widget_class_install_action (widget_class, "run-bar.resume", NULL, resume_action);
  gtk_widget_class_install_action (widget_class, "run-bar.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "run-bar.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "run-bar.check", NULL, check_action);
  gtk_widget_class_install_action (widget_class, "run-bar.resume-batch", NULL,
                                   resume_batch_action);
  gtk_widget_class_install_action (widget_class, "run-bar.retry-batch", NULL,
                                   retry_batch_action);
}

static void
vs_eval_run_bar_init (VsEvalRunBar *self)
{
  self->bars = g_ptr_array_new ();
  self->counts = g_ptr_array_new ();
  self->contender_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (self->box, FALSE);
}

GtkWidget *
vs_eval_run_bar_new (VsEvalLauncher *launcher)
{
  VsEvalRunBar *self;

  g_return_val_if_fail (VS_IS_EVAL_LAUNCHER (launcher), NULL);

  self = g_object_new (VS_TYPE_EVAL_RUN_BAR, NULL);
  self->launcher = g_object_ref (launcher);
  g_signal_connect (launcher, "progress", G_CALLBACK (on_progress), self);
  g_signal_connect (launcher, "finished", G_CALLBACK (on_finished), self);
  return GTK_WIDGET (self);
}

void
vs_eval_run_bar_set_batch_launcher (VsEvalRunBar    *self,
                                    VsBatchLauncher *launcher)
{
  g_return_if_fail (VS_IS_EVAL_RUN_BAR (self));
  g_return_if_fail (launcher == NULL || VS_IS_BATCH_LAUNCHER (launcher));

  if (self->batch_launcher != NULL)
    g_signal_handlers_disconnect_by_data (self->batch_launcher, self);
  g_set_object (&self->batch_launcher, launcher);
  if (launcher != NULL)
    {
      g_signal_connect (launcher, "changed", G_CALLBACK (on_batch_changed), self);
      g_signal_connect (launcher, "finished", G_CALLBACK (on_batch_finished), self);
    }
  refresh (self);
}

void
vs_eval_run_bar_set_run (VsEvalRunBar *self,
                         VsProject    *project,
                         gint64        run_id)
{
  g_return_if_fail (VS_IS_EVAL_RUN_BAR (self));

  if (self->run_id != (project != NULL ? run_id : 0))
    g_clear_pointer (&self->batch_message, g_free);
  g_set_object (&self->project, project);
  self->run_id = project != NULL ? run_id : 0;
  build_contenders (self);
  refresh (self);
}
