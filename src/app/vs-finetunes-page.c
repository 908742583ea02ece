/* vs-finetunes-page.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Fine-tunes page: the project's jobs (state, provider, base model), the selected job's
 * overview, loss curves, events and checkpoints, Cancel; "New fine-tune" (VsFinetuneDialog)
 * starts one. While a
 * project is open every unfinished job that names its endpoint is tracked (core's tracker
 * writes what the provider says; the page redraws from the store on change notices), so
 * tracking resumes when the app starts again.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-chart-view.h"
#include "vs-endpoint.h"
#include "vs-engine-registry.h"
#include "vs-finetune-charts.h"
#include "vs-finetune-dialog.h"
#include "vs-finetune-provider.h"
#include "vs-finetune-store.h"
#include "vs-finetune-tracker.h"
#include "vs-finetunes-page.h"
#include "vs-format.h"
#include "vs-item-list.h"
#include "vs-training-kit-dialog.h"

#define POLL_MS     2000
#define POLL_MAX_MS 60000
#define EVENT_ROWS  50

struct _VsFinetunesPage
{
  VsPage      parent_instance;

  GtkStack   *stack;
  AdwLeaflet *leaflet;
  VsItemList *items;
  AdwBin     *detail;

  GHashTable   *trackers;   /* job id (gint64 *) → GCancellable */
  GCancellable *cancellable; /* the page's own calls (cancel, new job) */
  guint         poll_ms;
  GtkWindow    *new_dialog;
  GtkWindow    *kit_dialog;
};

G_DEFINE_FINAL_TYPE (VsFinetunesPage, vs_finetunes_page, VS_TYPE_PAGE)

/* Tracking ------------------------------------------------------------------------------ */

typedef struct
{
  VsFinetunesPage        *self;       /* a reference */
  VsProject              *project;
  gint64                  job_id;
  char                   *remote_id;
  VsFinetuneProviderKind  kind;
  GCancellable           *cancellable;
} Track;

static void
track_free (Track *track)
{
  g_clear_object (&track->self);
  g_clear_object (&track->project);
  g_free (track->remote_id);
  g_clear_object (&track->cancellable);
  g_free (track);
}

static void
track_done (Track *track)
{
  /* Only the tracker still registered for the job removes it (a new project has its own). */
  if (!g_cancellable_is_cancelled (track->cancellable) &&
      g_hash_table_lookup (track->self->trackers, &track->job_id) == track->cancellable)
    g_hash_table_remove (track->self->trackers, &track->job_id);
  track_free (track);
}

static void
on_tracked (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Track *track = data;
  g_autoptr(VsFinetuneJob) job = NULL;
  g_autoptr(GError) error = NULL;

  job = vs_finetune_track_finish (VS_FINETUNE_PROVIDER (source), result, &error);
  if (job == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("Stopped following fine-tuning job %s: %s"),
                                                  track->remote_id, error->message);
      vs_page_toast (VS_PAGE (track->self), message);
    }
  track_done (track);
}

static void
on_track_engine (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Track *track = data;
  g_autoptr(VsRequestEngine) engine = NULL;
  g_autoptr(VsFinetuneProvider) provider = NULL;

  engine = vs_engine_registry_get_finish (VS_ENGINE_REGISTRY (source), result, NULL);
  if (engine == NULL)
    {
      track_done (track);
      return;
    }
  provider = vs_finetune_provider_new (track->kind, engine);
  vs_finetune_track_async (provider, track->project, track->job_id, track->remote_id,
                           track->self->poll_ms, MAX (track->self->poll_ms, POLL_MAX_MS), NULL,
                           NULL, track->cancellable, on_tracked, track);
}

/* Follows @info until it ends, unless it is followed already or cannot be (no endpoint). */
static void
track_job (VsFinetunesPage         *self,
           const VsFinetuneJobInfo *info)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  g_autoptr(VsEndpoint) endpoint = NULL;
  VsFinetuneProviderKind kind;
  Track *track;
  gint64 *key;

  if (project == NULL || info->remote_id == NULL || info->endpoint_id <= 0 ||
      vs_finetune_state_is_final (vs_finetune_state_from_string (info->state)) ||
      g_hash_table_contains (self->trackers, &info->id) ||
      !vs_finetune_provider_kind_from_string (info->provider, &kind, NULL) ||
      (endpoint = vs_endpoint_load (project, info->endpoint_id, NULL)) == NULL)
    return;

  track = g_new0 (Track, 1);
  track->self = g_object_ref (self);
  track->project = g_object_ref (project);
  track->job_id = info->id;
  track->remote_id = g_strdup (info->remote_id);
  track->kind = kind;
  track->cancellable = g_cancellable_new ();
  key = g_new (gint64, 1);
  *key = info->id;
  g_hash_table_insert (self->trackers, key, g_object_ref (track->cancellable));
  vs_engine_registry_get_async (vs_engine_registry_get_for_project (project), endpoint,
                                track->cancellable, on_track_engine, track);
}

static void
stop_tracking (VsFinetunesPage *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->trackers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_cancellable_cancel (value);
  g_hash_table_remove_all (self->trackers);
}

static void
resume_tracking (VsFinetunesPage *self)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  g_autoptr(GPtrArray) active = NULL;

  if (project == NULL)
    return;
  active = vs_finetune_store_list_active (project, NULL);
  for (guint i = 0; active != NULL && i < active->len; i++)
    track_job (self, g_ptr_array_index (active, i));
}

/* The list --------------------------------------------------------------------------- */

static GDateTime *
parse_time (const char *iso8601)
{
  return iso8601 ? g_date_time_new_from_iso8601 (iso8601, NULL) : NULL;
}

/* How long a job took ("took 42 min"), or has been going ("running for 5 min"). */
static char *
elapsed_text (const VsFinetuneJobInfo *job)
{
  g_autoptr(GDateTime) created = parse_time (job->created_at);
  g_autoptr(GDateTime) finished = parse_time (job->finished_at);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gboolean done = vs_finetune_state_is_final (vs_finetune_state_from_string (job->state));
  gint64 minutes;

  if (created == NULL || (done && finished == NULL))
    return NULL;
  minutes = g_date_time_difference (done ? finished : now, created) / G_TIME_SPAN_MINUTE;
  if (minutes < 0)
    return NULL;
  if (minutes < 120)
    return g_strdup_printf (done ? ngettext ("took %" G_GINT64_FORMAT " min",
                                             "took %" G_GINT64_FORMAT " min", minutes)
                                 : ngettext ("running for %" G_GINT64_FORMAT " min",
                                             "running for %" G_GINT64_FORMAT " min", minutes),
                            minutes);
  return g_strdup_printf (done ? _("took %.1f h") : _("running for %.1f h"), minutes / 60.0);
}

static void
reload (VsFinetunesPage *self)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) jobs = NULL;

  if (project != NULL)
    jobs = vs_finetune_store_list (project, NULL);
  for (guint i = 0; jobs != NULL && i < jobs->len; i++)
    {
      const VsFinetuneJobInfo *job = g_ptr_array_index (jobs, i);
      g_autofree char *when = vs_format_relative_time (job->created_at);
      g_autofree char *elapsed = elapsed_text (job);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s%s%s", job->provider,
                                                   when ? when : "", elapsed ? " · " : "",
                                                   elapsed ? elapsed : "");

      g_ptr_array_add (items, vs_item_new (job->id, vs_finetune_job_info_get_display_model (job),
                                           subtitle, job->state));
      track_job (self, job);
    }

  vs_item_list_set_items (self->items, items);
  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "content" : "empty");
}

/* The job's progress: loss curves, events, checkpoints, Cancel ---------------------------- */

/* One of the job's curves in a chart widget, with its title; nothing without points. */
static void
add_curve (AdwPreferencesPage *page,
           GPtrArray          *events,
           VsFinetuneCurve     curve,
           const char         *title,
           const char         *name)
{
  guint n_points = 0;
  g_autoptr(VsChartSpec) spec = vs_finetune_chart_curves (events, curve, &n_points);
  AdwPreferencesGroup *group;
  GtkWidget *view;

  if (n_points == 0)
    return;
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, title);
  vs_chart_spec_set_title (spec, title);
  view = vs_chart_view_new (spec);
  gtk_widget_set_size_request (view, -1, 260);
  gtk_widget_set_name (view, name);
  adw_preferences_group_add (group, view);
  adw_preferences_page_add (page, group);
}

static void
add_progress (VsFinetunesPage         *self,
              AdwPreferencesPage      *page,
              const VsFinetuneJobInfo *job)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  g_autoptr(GPtrArray) events = vs_finetune_store_list_events (project, job->id, NULL);
  g_autoptr(GPtrArray) checkpoints = vs_finetune_store_list_checkpoints (project, job->id,
                                                                         NULL);
  VsFinetuneState state = vs_finetune_state_from_string (job->state);

  if (!vs_finetune_state_is_final (state) && job->remote_id != NULL && job->endpoint_id > 0)
    {
      AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Cancel Job"));

      gtk_widget_add_css_class (button, "destructive-action");
      gtk_widget_set_name (button, "cancel-job");
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "finetunes.cancel");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", job->id);
      adw_preferences_group_add (group, button);
      adw_preferences_page_add (page, group);
    }

  if (events != NULL)
    {
      /* Live: the page redraws from the store as the tracker writes new events. */
      add_curve (page, events, VS_FINETUNE_CURVE_LOSS, _("Loss Curves"), "loss-curves");
      add_curve (page, events, VS_FINETUNE_CURVE_ACCURACY, _("Token Accuracy"),
                 "accuracy-curves");

      if (events->len > 0)
        {
          AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          guint first = events->len > EVENT_ROWS ? events->len - EVENT_ROWS : 0;

          adw_preferences_group_set_title (group, _("Events"));
          for (guint i = first; i < events->len; i++)
            {
              VsFinetuneEvent *e = g_ptr_array_index (events, i);
              GtkWidget *row = adw_action_row_new ();
              g_autofree char *when = vs_format_full_time (e->created_at);
              g_autofree char *subtitle = g_strdup_printf ("%s · %s", when ? when : "",
                                                           e->level ? e->level : "info");

              adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
              adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                             e->message ? e->message : "");
              adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
              if (g_strcmp0 (e->level, "error") == 0)
                gtk_widget_add_css_class (row, "error");
              adw_preferences_group_add (group, row);
            }
          adw_preferences_page_add (page, group);
        }
    }

  if (checkpoints != NULL && checkpoints->len > 0)
    {
      AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

      adw_preferences_group_set_title (group, _("Checkpoints"));
      for (guint i = 0; i < checkpoints->len; i++)
        {
          VsFinetuneCheckpoint *c = g_ptr_array_index (checkpoints, i);
          GtkWidget *row = adw_action_row_new ();
          g_autofree char *title = g_strdup_printf (_("Step %" G_GINT64_FORMAT), c->step);

          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          if (c->model != NULL)
            adw_action_row_set_subtitle (ADW_ACTION_ROW (row), c->model);
          adw_preferences_group_add (group, row);
        }
      adw_preferences_page_add (page, group);
    }
}

static void
on_selected (VsFinetunesPage *self)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  gint64 id = vs_item_list_get_selected_id (self->items);
  g_autoptr(VsFinetuneJobInfo) job = NULL;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;

  if (project == NULL || id < 0)
    {
      adw_bin_set_child (self->detail, NULL);
      return;
    }

  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_page_add (page, group);

  job = vs_finetune_store_get (project, id, NULL);
  if (job != NULL)
    {
      const char *labels[] = { _("Provider"), _("Base model"), _("Fine-tuned model"),
                               _("State"), _("Provider status"), _("Data snapshot") };
      const char *values[] = { job->provider, job->base_model, job->fine_tuned_model,
                               job->state, job->raw_status, job->snapshot_name };
      const char *times[] = { job->created_at, job->finished_at };

      adw_preferences_group_set_title (group, job->base_model);
      for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
        if (values[i] != NULL)
          vs_format_add_value_row (group, labels[i], values[i]);
      if (job->trained_tokens >= 0)
        {
          g_autofree char *tokens = vs_format_count (job->trained_tokens);

          vs_format_add_value_row (group, _("Trained tokens"), tokens);
        }
      if (job->estimated_cost >= 0)
        {
          g_autofree char *cost = g_strdup_printf ("$%.2f", job->estimated_cost);

          vs_format_add_value_row (group, _("Estimated cost"), cost);
        }
      if (job->error != NULL)
        vs_format_add_value_row (group, _("Error"), job->error);
      for (guint i = 0; i < G_N_ELEMENTS (times); i++)
        {
          g_autofree char *when = vs_format_full_time (times[i]);

          if (when != NULL)
            vs_format_add_value_row (group, i == 0 ? _("Created") : _("Finished"), when);
        }
    }

  if (job != NULL && job->fine_tuned_model != NULL &&
      vs_finetune_state_from_string (job->state) == VS_FINETUNE_STATE_SUCCEEDED)
    {
      /* The point of a fine-tune: put it against the engineered prompt. */
      AdwPreferencesGroup *use = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Use in Comparison…"));

      gtk_widget_set_name (button, "use-in-comparison");
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_widget_add_css_class (button, "suggested-action");
      gtk_widget_add_css_class (button, "pill");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.new-evaluation");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", id);
      adw_preferences_group_add (use, button);
      adw_preferences_page_add (page, use);
    }

  if (job != NULL)
    {
      g_autoptr(GPtrArray) history = vs_finetune_store_list_history (project, id, NULL);

      if (history != NULL && history->len > 0)
        {
          AdwPreferencesGroup *states = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

          adw_preferences_group_set_title (states, _("History"));
          for (guint i = 0; i < history->len; i++)
            {
              VsFinetuneEvent *e = g_ptr_array_index (history, i);
              g_autofree char *when = vs_format_full_time (e->created_at);

              vs_format_add_value_row (states, e->message ? e->message : "", when ? when : "");
            }
          adw_preferences_page_add (page, states);
        }
      add_progress (self, page, job);
    }

  adw_bin_set_child (self->detail, GTK_WIDGET (page));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* Cancel ----------------------------------------------------------------------------------- */

typedef struct
{
  VsFinetunesPage        *self;
  VsProject              *project;
  gint64                  job_id;
  char                   *remote_id;
  VsFinetuneProviderKind  kind;
  VsEndpoint             *endpoint;
} Call;

static void
call_free (Call *call)
{
  g_clear_object (&call->self);
  g_clear_object (&call->project);
  g_free (call->remote_id);
  g_clear_object (&call->endpoint);
  g_free (call);
}

static void
on_cancel_recorded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  vs_finetune_store_record_finish (VS_PROJECT (source), result, NULL);
}

static void
on_cancelled (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Call *call = data;
  g_autoptr(VsFinetuneJob) job = NULL;
  g_autoptr(GError) error = NULL;

  job = vs_finetune_provider_job_finish (VS_FINETUNE_PROVIDER (source), result, &error);
  if (job == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("Could not cancel the job: %s"),
                                                      error->message);
          vs_page_toast (VS_PAGE (call->self), message);
        }
    }
  else
    {
      vs_finetune_store_record_async (call->project, call->job_id, job, NULL, NULL, NULL,
                                      on_cancel_recorded, NULL);
      vs_page_toast (VS_PAGE (call->self), _("Cancellation requested"));
    }
  call_free (call);
}

static void
on_cancel_engine (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  Call *call = data;
  g_autoptr(VsRequestEngine) engine = NULL;
  g_autoptr(VsFinetuneProvider) provider = NULL;

  engine = vs_engine_registry_get_finish (VS_ENGINE_REGISTRY (source), result, NULL);
  if (engine == NULL)
    {
      call_free (call);
      return;
    }
  provider = vs_finetune_provider_new (call->kind, engine);
  vs_finetune_provider_cancel_async (provider, call->remote_id, call->self->cancellable,
                                     on_cancelled, call);
}

static void
on_cancel_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       data)
{
  VsFinetunesPage *self = data;
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  g_autoptr(VsFinetuneJobInfo) info = NULL;
  Call *call;

  if (project == NULL ||
      (info = vs_finetune_store_get (project, g_variant_get_int64 (parameter), NULL)) == NULL ||
      info->remote_id == NULL)
    return;
  call = g_new0 (Call, 1);
  call->self = g_object_ref (self);
  call->project = g_object_ref (project);
  call->job_id = info->id;
  call->remote_id = g_strdup (info->remote_id);
  if (!vs_finetune_provider_kind_from_string (info->provider, &call->kind, NULL) ||
      (call->endpoint = vs_endpoint_load (project, info->endpoint_id, NULL)) == NULL)
    {
      vs_page_toast (VS_PAGE (self), _("The job's endpoint is no longer in the project"));
      call_free (call);
      return;
    }
  vs_engine_registry_get_async (vs_engine_registry_get_for_project (project), call->endpoint,
                                self->cancellable, on_cancel_engine, call);
}

/* New fine-tune ------------------------------------------------------------------------------ */

static void
on_launched (VsFinetunesPage *self,
             gint64           job_id,
             const char      *remote_id)
{
  g_autofree char *message = g_strdup_printf (_("Started fine-tuning job %s"), remote_id);

  vs_page_toast (VS_PAGE (self), message);
  reload (self);
  vs_item_list_select_id (self->items, job_id);
}

/* Shows @dialog over the window, remembered in @slot while it is open. */
static void
present_dialog (VsFinetunesPage  *self,
                GtkWindow       **slot,
                GtkWindow        *dialog)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (dialog, GTK_WINDOW (root));
  *slot = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) slot);
  gtk_window_present (dialog);
}

static void
forget_dialog (GtkWindow **slot)
{
  if (*slot != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (*slot), (gpointer *) slot);
      gtk_window_destroy (g_steal_pointer (slot));
    }
}

static void
on_new_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       data)
{
  VsFinetunesPage *self = data;
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  VsFinetuneDialog *dialog;

  if (project == NULL)
    return;
  if (self->new_dialog != NULL)
    {
      gtk_window_present (self->new_dialog);
      return;
    }
  dialog = vs_finetune_dialog_new (project);
  g_signal_connect_object (dialog, "launched", G_CALLBACK (on_launched), self,
                           G_CONNECT_SWAPPED);
  present_dialog (self, &self->new_dialog, GTK_WINDOW (dialog));
}

static void
on_kit_exported (VsFinetunesPage *self,
                 const char      *folder,
                 guint            n_train,
                 guint            n_validation)
{
  g_autofree char *examples = g_strdup_printf (ngettext ("%u training example",
                                                         "%u training examples", n_train),
                                               n_train);
  g_autofree char *message = g_strdup_printf (ngettext ("Training kit written to %s "
                                                        "(%s, %u for validation); its "
                                                        "README says how to train",
                                                        "Training kit written to %s "
                                                        "(%s, %u for validation); its "
                                                        "README says how to train",
                                                        n_validation),
                                              folder, examples, n_validation);

  vs_page_toast (VS_PAGE (self), message);
}

static void
on_export_kit_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       data)
{
  VsFinetunesPage *self = data;
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  VsTrainingKitDialog *dialog;

  if (project == NULL)
    return;
  if (self->kit_dialog != NULL)
    {
      gtk_window_present (self->kit_dialog);
      return;
    }
  dialog = vs_training_kit_dialog_new (project);
  g_signal_connect_object (dialog, "exported", G_CALLBACK (on_kit_exported), self,
                           G_CONNECT_SWAPPED);
  present_dialog (self, &self->kit_dialog, GTK_WINDOW (dialog));
}

static void
vs_finetunes_page_project_set (VsPage    *page,
                               VsProject *project)
{
  VsFinetunesPage *self = VS_FINETUNES_PAGE (page);

  stop_tracking (self);
  reload (self);
  resume_tracking (self);
}

static void
vs_finetunes_page_project_changed (VsPage     *page,
                                   const char *what)
{
  VsFinetunesPage *self = VS_FINETUNES_PAGE (page);

  if (g_strcmp0 (what, "finetune_jobs") == 0)
    {
      reload (self);
      on_selected (self);
    }
  else if (g_strcmp0 (what, "finetune_events") == 0 ||
           g_strcmp0 (what, "finetune_checkpoints") == 0)
    on_selected (self);
}

static void
vs_finetunes_page_dispose (GObject *object)
{
  VsFinetunesPage *self = VS_FINETUNES_PAGE (object);

  if (self->trackers != NULL)
    stop_tracking (self);
  g_cancellable_cancel (self->cancellable);
  forget_dialog (&self->new_dialog);
  forget_dialog (&self->kit_dialog);

  /* AdwBin drops its child itself; the template pointers are not used after this. */
  adw_bin_set_child (ADW_BIN (object), NULL);

  G_OBJECT_CLASS (vs_finetunes_page_parent_class)->dispose (object);
}

static void
vs_finetunes_page_finalize (GObject *object)
{
  VsFinetunesPage *self = VS_FINETUNES_PAGE (object);

  g_clear_pointer (&self->trackers, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (vs_finetunes_page_parent_class)->finalize (object);
}

static void
vs_finetunes_page_class_init (VsFinetunesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VsPageClass *page_class = VS_PAGE_CLASS (klass);

  object_class->dispose = vs_finetunes_page_dispose;
  object_class->finalize = vs_finetunes_page_finalize;
  page_class->project_set = vs_finetunes_page_project_set;
  page_class->project_changed = vs_finetunes_page_project_changed;

  g_type_ensure (VS_TYPE_ITEM_LIST);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-finetunes-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VsFinetunesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VsFinetunesPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, VsFinetunesPage, items);
  gtk_widget_class_bind_template_child (widget_class, VsFinetunesPage, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_selected);
}

static void
vs_finetunes_page_init (VsFinetunesPage *self)
{
  const GActionEntry actions[] = {
    { "new", on_new_action, NULL, NULL, NULL },
    { "export-kit", on_export_kit_action, NULL, NULL, NULL },
    { "cancel", on_cancel_action, "x", NULL, NULL },
  };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();

  self->trackers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->cancellable = g_cancellable_new ();
  self->poll_ms = POLL_MS;
  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (group), actions, G_N_ELEMENTS (actions), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "finetunes", G_ACTION_GROUP (group));
}

void
vs_finetunes_page_set_poll_interval (VsFinetunesPage *self,
                                     guint            ms)
{
  g_return_if_fail (VS_IS_FINETUNES_PAGE (self));
  self->poll_ms = MAX (ms, 1);
}

guint
vs_finetunes_page_get_n_tracked (VsFinetunesPage *self)
{
  g_return_val_if_fail (VS_IS_FINETUNES_PAGE (self), 0);
  return g_hash_table_size (self->trackers);
}
