/* vs-finetune-dialog.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window owns its launch: the endpoint's engine from the project's registry, then core's
 * launch; closing the window cancels it.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-endpoint.h"
#include "vs-engine-registry.h"
#include "vs-finetune-dialog.h"
#include "vs-finetune-launch.h"
#include "vs-format.h"

struct _VsFinetuneDialog
{
  AdwWindow       parent_instance;

  AdwComboRow    *provider;
  AdwComboRow    *endpoint;
  GtkStringList  *endpoint_names;
  AdwEntryRow    *model;
  AdwEntryRow    *train;
  AdwEntryRow    *validation;
  GtkSpinButton  *epochs;
  AdwEntryRow    *suffix;
  GtkLabel       *estimate;
  GtkCheckButton *confirm;
  GtkLabel       *problem;
  GtkButton      *start;

  VsProject      *project;
  GPtrArray      *endpoints;     /* VsEndpoint, as listed in @endpoint */
  GCancellable   *cancellable;
  double          cost;
  gboolean        busy;
};

G_DEFINE_FINAL_TYPE (VsFinetuneDialog, vs_finetune_dialog, ADW_TYPE_WINDOW)

enum { LAUNCHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *
entry_text (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  return text != NULL && *text != '\0' ? text : NULL;
}

static void
update (VsFinetuneDialog *self)
{
  const char *model = entry_text (self->model);
  const char *train = entry_text (self->train);
  int epochs = gtk_spin_button_get_value_as_int (self->epochs);
  VsFinetuneEstimate estimate;
  g_autofree char *text = NULL;
  gboolean ready = FALSE;

  self->cost = -1;
  if (model == NULL || train == NULL)
    text = g_strdup (_("Choose a base model and a training file for an estimate."));
  else if (!g_file_test (train, G_FILE_TEST_IS_REGULAR))
    text = g_strdup_printf (_("There is no file %s."), train);
  else if (!vs_finetune_estimate_file (train, model, epochs, self->project, &estimate, NULL))
    text = g_strdup_printf (_("%s cannot be read."), train);
  else
    {
      g_autofree char *tokens = vs_format_count (estimate.billable_tokens);
      g_autofree char *cost = estimate.cost >= 0
        ? g_strdup_printf (_("about $%.2f"), estimate.cost)
        : g_strdup_printf (_("cost unknown: the price table has no training price for %s"),
                           model);

      self->cost = estimate.cost;
      text = g_strdup_printf (_("%" G_GINT64_FORMAT " examples × %d epochs: %s training "
                                "tokens, %s"),
                              estimate.n_examples, estimate.epochs, tokens, cost);
      ready = estimate.n_examples > 0 && self->endpoints->len > 0;
    }
  gtk_label_set_text (self->estimate, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->start),
                            ready && !self->busy && gtk_check_button_get_active (self->confirm));
}

static void
fail (VsFinetuneDialog *self,
      const char       *message)
{
  self->busy = FALSE;
  gtk_label_set_text (self->problem, message);
  gtk_widget_set_visible (GTK_WIDGET (self->problem), TRUE);
  update (self);
}

typedef struct
{
  VsFinetuneDialog *self;
  GFile            *train;
  GFile            *validation;
  VsFinetuneParams *params;
  VsFinetuneProviderKind kind;
  gint64            endpoint_id;
} Launch;

static void
launch_free (Launch *launch)
{
  g_clear_object (&launch->self);
  g_clear_object (&launch->train);
  g_clear_object (&launch->validation);
  vs_finetune_params_free (launch->params);
  g_free (launch);
}

static void
on_launched (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Launch *launch = data;
  VsFinetuneDialog *self = launch->self;
  g_autoptr(VsFinetuneJob) job = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  job = vs_finetune_launch_finish (VS_FINETUNE_PROVIDER (source), result, &id, &error);
  if (job == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error->message);
    }
  else
    {
      g_signal_emit (self, signals[LAUNCHED], 0, id, job->id);
      gtk_window_destroy (GTK_WINDOW (self));
    }
  launch_free (launch);
}

static void
on_engine (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Launch *launch = data;
  g_autoptr(VsRequestEngine) engine = NULL;
  g_autoptr(VsFinetuneProvider) provider = NULL;

  engine = vs_engine_registry_get_finish (VS_ENGINE_REGISTRY (source), result, NULL);
  if (engine == NULL)
    {
      launch_free (launch);
      return;
    }
  provider = vs_finetune_provider_new (launch->kind, engine);
  vs_finetune_launch_async (provider, launch->self->project, launch->endpoint_id,
                            launch->train, launch->validation, launch->params,
                            launch->self->cost, launch->self->cancellable, on_launched, launch);
}

static void
on_start (VsFinetuneDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->endpoint);
  const char *validation = entry_text (self->validation);
  VsEndpoint *endpoint;
  Launch *launch;

  if (self->busy || selected >= self->endpoints->len)
    return;
  endpoint = g_ptr_array_index (self->endpoints, selected);
  launch = g_new0 (Launch, 1);
  launch->self = g_object_ref (self);
  launch->kind = adw_combo_row_get_selected (self->provider);
  launch->endpoint_id = vs_endpoint_get_id (endpoint);
  launch->train = g_file_new_for_path (entry_text (self->train));
  launch->validation = validation ? g_file_new_for_path (validation) : NULL;
  launch->params = vs_finetune_params_new ();
  launch->params->base_model = g_strdup (entry_text (self->model));
  launch->params->n_epochs = gtk_spin_button_get_value_as_int (self->epochs);
  launch->params->suffix = g_strdup (entry_text (self->suffix));

  self->busy = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->problem), FALSE);
  update (self);
  vs_engine_registry_get_async (vs_engine_registry_get_for_project (self->project), endpoint,
                                self->cancellable, on_engine, launch);
}

static void
vs_finetune_dialog_dispose (GObject *object)
{
  VsFinetuneDialog *self = VS_FINETUNE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_FINETUNE_DIALOG);
  G_OBJECT_CLASS (vs_finetune_dialog_parent_class)->dispose (object);
}

static void
vs_finetune_dialog_finalize (GObject *object)
{
  VsFinetuneDialog *self = VS_FINETUNE_DIALOG (object);

  g_clear_object (&self->project);
  g_clear_pointer (&self->endpoints, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (vs_finetune_dialog_parent_class)->finalize (object);
}

static void
vs_finetune_dialog_class_init (VsFinetuneDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_finetune_dialog_dispose;
  object_class->finalize = vs_finetune_dialog_finalize;

  signals[LAUNCHED] = g_signal_new ("launched", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64,
                                    G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-finetune-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, provider);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, endpoint);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, endpoint_names);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, model);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, train);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, validation);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, epochs);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, suffix);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, estimate);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, confirm);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, problem);
  gtk_widget_class_bind_template_child (widget_class, VsFinetuneDialog, start);
  gtk_widget_class_bind_template_callback (widget_class, update);
  gtk_widget_class_bind_template_callback (widget_class, on_start);
}

static void
vs_finetune_dialog_init (VsFinetuneDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->endpoints = g_ptr_array_new_with_free_func (g_object_unref);
  self->cost = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
}

VsFinetuneDialog *
vs_finetune_dialog_new (VsProject *project)
{
  VsFinetuneDialog *self;
  g_autoptr(GPtrArray) endpoints = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  self = g_object_new (VS_TYPE_FINETUNE_DIALOG, NULL);
  self->project = g_object_ref (project);
  endpoints = vs_endpoint_list (project, NULL);
  for (guint i = 0; endpoints != NULL && i < endpoints->len; i++)
    {
      VsEndpoint *endpoint = g_ptr_array_index (endpoints, i);

      g_ptr_array_add (self->endpoints, g_object_ref (endpoint));
      gtk_string_list_append (self->endpoint_names, vs_endpoint_get_name (endpoint));
    }
  if (self->endpoints->len == 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->endpoint),
                                 _("Add the provider's endpoint in Preferences first"));
  update (self);
  return self;
}
