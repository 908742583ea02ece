/* vs-run-pane.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "vs-engine-registry.h"
#include "vs-run-pane.h"
#include "vs-ui-util.h"

struct _VsRunPane
{
  GtkWidget        parent_instance;

  /* The endpoint's engine from the project's registry (shared with every other user). */
  VsRequestEngine *engine;
  VsChatRequest   *request;
  VsChatResponse  *response;
  GCancellable    *cancellable;
  gint64           started_at;
  gint64           first_delta_at;
  gsize            n_chars;
  guint            attempt;       /* > 0 while a retry is pending or under way */
  guint            attempts;
  guint            tick_id;
  char            *problem;
  char            *label;       /* what the run shown came from: model · endpoint · version */
  GPtrArray       *history;     /* RunRecord, newest first: the template's (the editor's) */
  GtkStringList   *history_names;
  gboolean         syncing;

  /* Template widgets */
  GtkStack        *stack;
  AdwStatusPage   *problem_page;
  GtkButton       *problem_button;
  GtkButton       *retry_button;
  GtkTextView     *output;
  GtkSpinner      *spinner;
  GtkLabel        *stats;
  GtkLabel        *source;
  GtkDropDown     *history_dropdown;
};

/* Runs a template keeps (in memory, for this session). */
#define HISTORY_LENGTH 5

typedef struct
{
  char      *label;
  char      *output;
  char      *stats;
  GDateTime *when;
} RunRecord;

static void
run_record_free (RunRecord *record)
{
  g_free (record->label);
  g_free (record->output);
  g_free (record->stats);
  g_clear_pointer (&record->when, g_date_time_unref);
  g_free (record);
}

GPtrArray *
vs_run_pane_history_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) run_record_free);
}

G_DEFINE_FINAL_TYPE (VsRunPane, vs_run_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  VsRunPane     *self;     /* weak: the run is cancelled when the pane goes away */
  VsProject     *project;
  VsEndpoint    *endpoint;
  VsChatRequest *request;
  GCancellable  *cancellable;
} Run;

static void
run_free (Run *run)
{
  if (run->self != NULL)
    g_object_remove_weak_pointer (G_OBJECT (run->self), (gpointer *) &run->self);
  g_clear_object (&run->project);
  g_clear_object (&run->endpoint);
  g_clear_object (&run->request);
  g_clear_object (&run->cancellable);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static char *
format_ms (double ms)
{
  if (ms < 1000)
    return g_strdup_printf (_("%.0f ms"), ms);
  return g_strdup_printf (_("%.2f s"), ms / 1000.0);
}

static void
set_stats (VsRunPane  *self,
           const char *text)
{
  gtk_label_set_label (self->stats, text);
}

static void
set_label (VsRunPane  *self,
           const char *label)
{
  if (label != self->label)
    {
      g_free (self->label);
      self->label = g_strdup (label);
    }
  gtk_label_set_label (self->source, label ? label : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->source), label);
}

static void
update_history_list (VsRunPane *self)
{
  guint n = self->history ? self->history->len : 0;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      RunRecord *record = g_ptr_array_index (self->history, i);
      /* Only the time: the label above the reply says what the chosen run came from. */
      g_ptr_array_add (names, g_date_time_format (record->when, "%X"));
    }
  g_ptr_array_add (names, NULL);

  self->syncing = TRUE;
  gtk_string_list_splice (self->history_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->history_names)),
                          (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->history_dropdown, 0);
  self->syncing = FALSE;
  /* One run needs no choice. */
  gtk_widget_set_visible (GTK_WIDGET (self->history_dropdown), n > 1);
}

static void
show_record (VsRunPane *self,
             RunRecord *record)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->output), record->output, -1);
  set_stats (self, record->stats);
  set_label (self, record->label);
  gtk_stack_set_visible_child_name (self->stack, "output");
}

static void
on_history_selected (VsRunPane *self)
{
  guint selected = gtk_drop_down_get_selected (self->history_dropdown);

  if (self->syncing || self->history == NULL || selected >= self->history->len ||
      self->cancellable != NULL)
    return;
  g_clear_pointer (&self->problem, g_free);
  show_record (self, g_ptr_array_index (self->history, selected));
}

/* The run just finished goes first into the template's history. */
static void
remember_run (VsRunPane *self)
{
  RunRecord *record;

  if (self->history == NULL)
    return;
  record = g_new0 (RunRecord, 1);
  record->label = g_strdup (self->label ? self->label : "");
  record->output = vs_run_pane_dup_output (self);
  record->stats = g_strdup (gtk_label_get_label (self->stats));
  record->when = g_date_time_new_now_local ();
  g_ptr_array_insert (self->history, 0, record);
  if (self->history->len > HISTORY_LENGTH)
    g_ptr_array_set_size (self->history, HISTORY_LENGTH);
  update_history_list (self);
}

void
vs_run_pane_set_history (VsRunPane *self,
                         GPtrArray *history)
{
  g_return_if_fail (VS_IS_RUN_PANE (self));

  vs_run_pane_stop (self);
  if (history != NULL)
    g_ptr_array_ref (history);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  self->history = history;
  g_clear_pointer (&self->problem, g_free);
  g_clear_object (&self->response);
  update_history_list (self);
  if (history != NULL && history->len > 0)
    show_record (self, g_ptr_array_index (history, 0));
  else
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->output), "", 0);
      set_stats (self, "");
      set_label (self, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
}

guint
vs_run_pane_get_n_runs (VsRunPane *self)
{
  g_return_val_if_fail (VS_IS_RUN_PANE (self), 0);

  return self->history ? self->history->len : 0;
}

const char *
vs_run_pane_get_label (VsRunPane *self)
{
  g_return_val_if_fail (VS_IS_RUN_PANE (self), NULL);

  return self->label;
}

static void
set_running (VsRunPane *self,
             gboolean   running)
{
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static gboolean
on_tick (gpointer data)
{
  VsRunPane *self = data;
  double elapsed = (g_get_monotonic_time () - self->started_at) / 1000.0;
  g_autofree char *time = format_ms (elapsed);
  g_autofree char *text = NULL;

  if (self->first_delta_at == 0 && self->attempt > 0)
    /* Translators: "Retrying 2 of 3… 1.20 s": the attempt, how many there can be, the time. */
    text = g_strdup_printf (_("Retrying %u of %u… %s"), self->attempt, self->attempts, time);
  else if (self->first_delta_at == 0)
    text = g_strdup_printf (_("Waiting for the first token… %s"), time);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Streaming… %zu character · %s",
                                         "Streaming… %zu characters · %s", self->n_chars),
                            self->n_chars, time);
  set_stats (self, text);
  return G_SOURCE_CONTINUE;
}

static void
stop_ticking (VsRunPane *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
}

static void
on_delta (VsRunPane     *self,
          const char    *text,
          VsChatRequest *request)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->output);
  GtkTextIter end;

  if (request != self->request)
    return;
  if (self->first_delta_at == 0)
    self->first_delta_at = g_get_monotonic_time ();
  self->n_chars += g_utf8_strlen (text, -1);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text, -1);
}

static void
on_retrying (VsRunPane     *self,
             guint          attempt,
             guint          attempts,
             const char    *reason,
             VsChatRequest *request)
{
  if (request != self->request)
    return;
  self->attempt = attempt;
  self->attempts = attempts;
  on_tick (self);
}

void
vs_run_pane_show_problem (VsRunPane  *self,
                          const char *icon_name,
                          const char *title,
                          const char *description,
                          const char *button_label,
                          const char *action_name)
{
  g_return_if_fail (VS_IS_RUN_PANE (self));
  g_return_if_fail (title != NULL);

  g_free (self->problem);
  self->problem = g_strdup (title);
  adw_status_page_set_icon_name (self->problem_page,
                                 icon_name ? icon_name : "dialog-warning-symbolic");
  adw_status_page_set_title (self->problem_page, title);
  adw_status_page_set_description (self->problem_page, description);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_button), button_label != NULL);
  /* Trying again helps with the network, not with the template or the settings. */
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), FALSE);
  if (button_label != NULL)
    {
      gtk_button_set_label (self->problem_button, button_label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->problem_button), action_name);
    }
  gtk_stack_set_visible_child_name (self->stack, "problem");
}

static void
show_error (VsRunPane    *self,
            VsEndpoint   *endpoint,
            const GError *error)
{
  const char *name = vs_endpoint_get_name (endpoint);
  const char *url = vs_endpoint_get_base_url (endpoint);
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  if (g_error_matches (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_CONNECTION) ||
      g_error_matches (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_TIMEOUT))
    {
      title = g_strdup_printf (_("Could Not Reach “%s”"), name);
      description = g_strdup_printf (_("%s\n\nCheck that the server at %s is running, or choose "
                                       "another endpoint in Project Settings."),
                                     error->message, url);
    }
  else if (g_error_matches (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_AUTH))
    {
      title = g_strdup_printf (_("“%s” Refused the Key"), name);
      description = g_strdup_printf (_("%s\n\nSet the endpoint's API key in Project Settings → "
                                       "Endpoints."), error->message);
    }
  else
    {
      title = g_strdup (_("The Run Failed"));
      description = g_strdup (error->message);
    }

  vs_run_pane_show_problem (self, "network-error-symbolic", title, description,
                            _("_Endpoints…"), "win.project-settings");
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), TRUE);
}

static void
finish_run (VsRunPane *self)
{
  stop_ticking (self);
  g_clear_object (&self->cancellable);
  set_running (self, FALSE);
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
show_response (VsRunPane      *self,
               VsChatResponse *response)
{
  GString *text = g_string_new (NULL);
  gint64 completion = vs_chat_response_get_completion_tokens (response);
  gint64 prompt = vs_chat_response_get_prompt_tokens (response);
  g_autofree char *latency = format_ms (vs_chat_response_get_latency_ms (response));
  g_autofree char *ttft = format_ms (vs_chat_response_get_ttft_ms (response));
  const char *finish = vs_chat_response_get_finish_reason (response);

  if (completion >= 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " token",
                                               "%" PRId64 " tokens", completion),
                            completion);
  else
    g_string_append (text, _("tokens not reported"));
  if (prompt >= 0)
    g_string_append_printf (text, _(" (prompt %" PRId64 ")"), prompt);
  g_string_append_printf (text, " · %s", latency);
  if (vs_chat_response_get_tokens_per_s (response) > 0)
    g_string_append_printf (text, _(" · %.1f tokens/s"),
                            vs_chat_response_get_tokens_per_s (response));
  g_string_append_printf (text, _(" · first token %s"), ttft);
  if (finish != NULL)
    g_string_append_printf (text, _(" · finish: %s"), finish);
  if (vs_chat_response_get_cached (response))
    g_string_append (text, _(" · from cache"));
  if (vs_chat_response_get_retries (response) > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " · %u retry", " · %u retries",
                                               vs_chat_response_get_retries (response)),
                            vs_chat_response_get_retries (response));

  set_stats (self, text->str);
  g_string_free (text, TRUE);
}

static void
chat_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Run) run = user_data;
  VsRunPane *self = run->self;
  g_autoptr(VsChatResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = vs_request_engine_chat_finish (VS_REQUEST_ENGINE (object), result, &error);
  if (self == NULL || g_cancellable_is_cancelled (run->cancellable))
    return;

  g_set_object (&self->response, response);
  if (error != NULL)
    show_error (self, run->endpoint, error);
  else
    show_response (self, response);
  if (error == NULL)
    remember_run (self);
  if (g_error_matches (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_AUTH))
    vs_request_engine_resume (VS_REQUEST_ENGINE (object));
  finish_run (self);
}

static void
engine_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Run) run = user_data;
  VsRunPane *self = run->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsRequestEngine) engine = NULL;

  engine = vs_engine_registry_get_finish (VS_ENGINE_REGISTRY (object), result, &error);
  if (self == NULL || engine == NULL || g_cancellable_is_cancelled (run->cancellable))
    return;

  /* The endpoint's shared engine: kept until the next run asks again. */
  g_set_object (&self->engine, engine);
  self->started_at = g_get_monotonic_time ();
  {
    Run *owned = g_steal_pointer (&run);

    vs_request_engine_chat_async (engine, owned->request, owned->cancellable, chat_cb, owned);
  }
}

void
vs_run_pane_run (VsRunPane     *self,
                 VsProject     *project,
                 VsEndpoint    *endpoint,
                 VsChatRequest *request,
                 const char    *label)
{
  Run *run;

  g_return_if_fail (VS_IS_RUN_PANE (self));
  g_return_if_fail (VS_IS_ENDPOINT (endpoint));
  g_return_if_fail (VS_IS_CHAT_REQUEST (request));

  vs_run_pane_stop (self);

  g_clear_pointer (&self->problem, g_free);
  g_clear_object (&self->response);
  vs_ui_watch_object (&self->request, request, "delta", G_CALLBACK (on_delta), self);
  g_signal_connect_object (request, "retrying", G_CALLBACK (on_retrying), self,
                           G_CONNECT_SWAPPED);
  vs_chat_request_set_stream (request, TRUE);
  self->attempt = self->attempts = 0;

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->output), "", 0);
  set_label (self, label);
  self->first_delta_at = 0;
  self->n_chars = 0;
  self->started_at = g_get_monotonic_time ();
  gtk_stack_set_visible_child_name (self->stack, "output");
  self->cancellable = g_cancellable_new ();
  set_running (self, TRUE);
  on_tick (self);
  self->tick_id = g_timeout_add (100, on_tick, self);

  run = g_new0 (Run, 1);
  run->self = self;
  g_object_add_weak_pointer (G_OBJECT (self), (gpointer *) &run->self);
  run->project = project ? g_object_ref (project) : NULL;
  run->endpoint = g_object_ref (endpoint);
  run->request = g_object_ref (request);
  run->cancellable = g_object_ref (self->cancellable);
  vs_engine_registry_get_async (vs_engine_registry_get_for_project (project), endpoint,
                                self->cancellable, engine_cb, run);
}

void
vs_run_pane_stop (VsRunPane *self)
{
  g_return_if_fail (VS_IS_RUN_PANE (self));

  if (self->cancellable == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  {
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "Stopped after %zu character",
                                                          "Stopped after %zu characters",
                                                          self->n_chars),
                                             self->n_chars);

    set_stats (self, text);
  }
  if (self->n_chars > 0)
    remember_run (self);
  finish_run (self);
}

gboolean
vs_run_pane_get_running (VsRunPane *self)
{
  g_return_val_if_fail (VS_IS_RUN_PANE (self), FALSE);

  return self->cancellable != NULL;
}

char *
vs_run_pane_dup_output (VsRunPane *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (VS_IS_RUN_PANE (self), NULL);

  buffer = gtk_text_view_get_buffer (self->output);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

VsChatResponse *
vs_run_pane_get_response (VsRunPane *self)
{
  g_return_val_if_fail (VS_IS_RUN_PANE (self), NULL);

  return self->response;
}

const char *
vs_run_pane_get_stats (VsRunPane *self)
{
  g_return_val_if_fail (VS_IS_RUN_PANE (self), NULL);

  return gtk_label_get_label (self->stats);
}

const char *
vs_run_pane_get_problem (VsRunPane *self)
{
  g_return_val_if_fail (VS_IS_RUN_PANE (self), NULL);

  return self->problem;
}

GtkWidget *
vs_run_pane_new (void)
{
  return g_object_new (VS_TYPE_RUN_PANE, NULL);
}

static void
vs_run_pane_dispose (GObject *object)
{
  VsRunPane *self = VS_RUN_PANE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  stop_ticking (self);
  vs_ui_unwatch_object (&self->request, G_CALLBACK (on_delta), self);
  g_clear_object (&self->response);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->history, g_ptr_array_unref);

  vs_ui_dispose_template (GTK_WIDGET (self), VS_TYPE_RUN_PANE);

  G_OBJECT_CLASS (vs_run_pane_parent_class)->dispose (object);
}

static void
vs_run_pane_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, vs_run_pane_get_running (VS_RUN_PANE (object)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_run_pane_class_init (VsRunPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_run_pane_dispose;
  object_class->get_property = vs_run_pane_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-run-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, VsRunPane, stack);
  gtk_widget_class_bind_template_child (widget_class, VsRunPane, problem_page);
  gtk_widget_class_bind_template_child (widget_class, VsRunPane, problem_button);
  gtk_widget_class_bind_template_child (widget_class, VsRunPane, retry_button);
  gtk_widget_class_bind_template_child (widget_class, VsRunPane, output);
  gtk_widget_class_bind_template_child (widget_class, VsRunPane, spinner);
  gtk_widget_class_bind_template_child (widget_class, VsRunPane, stats);
  gtk_widget_class_bind_template_child (widget_class, VsRunPane, source);
  gtk_widget_class_bind_template_child (widget_class, VsRunPane, history_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, on_history_selected);
}

static void
vs_run_pane_init (VsRunPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  self->history_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->history_dropdown, G_LIST_MODEL (self->history_names));
  g_object_unref (self->history_names);  /* the drop-down holds it */
}
