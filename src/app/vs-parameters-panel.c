/* vs-parameters-panel.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "vs-json.h"
#include "vs-parameters-panel.h"
#include "vs-engine-registry.h"
#include "vs-source-util.h"
#include "vs-ui-util.h"

#define ENDPOINT_META "prompts.endpoint"
#define SCHEMA_NAME   "response"

struct _VsParametersPanel
{
  GtkWidget        parent_instance;

  VsProject       *project;
  VsTemplate      *template;
  GPtrArray       *endpoints;      /* VsEndpoint */
  GStrv            models;
  GCancellable    *models_cancellable;
  gboolean         loading;

  /* Template widgets */
  AdwComboRow     *endpoint_row;
  GtkStringList   *endpoint_names;
  AdwActionRow    *no_endpoint_row;
  AdwEntryRow     *model_row;
  AdwActionRow    *model_missing_row;
  GtkButton       *use_model_button;
  GtkLabel        *models_status;
  GtkListBox      *models_list;
  GtkPopover      *models_popover;
  GtkSpinButton   *temperature;
  GtkCheckButton  *temperature_set;
  GtkSpinButton   *top_p;
  GtkCheckButton  *top_p_set;
  GtkSpinButton   *max_tokens;
  GtkCheckButton  *max_tokens_set;
  GtkSpinButton   *seed;
  GtkCheckButton  *seed_set;
  AdwEntryRow     *stop_row;
  AdwExpanderRow  *schema_row;
  GtkSourceView   *schema_view;
  GtkLabel        *schema_status;
};

G_DEFINE_FINAL_TYPE (VsParametersPanel, vs_parameters_panel, GTK_TYPE_WIDGET)

/* Numeric parameters: the spin button and switch pair of each. */
typedef struct
{
  const char *name;
  gboolean    is_int;
  gsize       spin_offset;
  gsize       switch_offset;
} NumberParam;

static const NumberParam number_params[] = {
  { "temperature", FALSE, G_STRUCT_OFFSET (VsParametersPanel, temperature),
    G_STRUCT_OFFSET (VsParametersPanel, temperature_set) },
  { "top_p", FALSE, G_STRUCT_OFFSET (VsParametersPanel, top_p),
    G_STRUCT_OFFSET (VsParametersPanel, top_p_set) },
  { "max_tokens", TRUE, G_STRUCT_OFFSET (VsParametersPanel, max_tokens),
    G_STRUCT_OFFSET (VsParametersPanel, max_tokens_set) },
  { "seed", TRUE, G_STRUCT_OFFSET (VsParametersPanel, seed),
    G_STRUCT_OFFSET (VsParametersPanel, seed_set) },
};

#define PARAM_SPIN(self, p)   (*(GtkSpinButton **) G_STRUCT_MEMBER_P (self, (p)->spin_offset))
#define PARAM_SWITCH(self, p) (*(GtkCheckButton **) G_STRUCT_MEMBER_P (self, (p)->switch_offset))

static void
write_number (VsParametersPanel *self,
              const NumberParam *param)
{
  GtkSpinButton *spin = PARAM_SPIN (self, param);
  GtkCheckButton *set = PARAM_SWITCH (self, param);

  gtk_widget_set_sensitive (GTK_WIDGET (spin), gtk_check_button_get_active (set));
  if (self->loading || self->template == NULL)
    return;

  if (!gtk_check_button_get_active (set))
    vs_template_unset_parameter (self->template, param->name);
  else if (param->is_int)
    vs_template_set_int_parameter (self->template, param->name,
                                   (gint64) gtk_spin_button_get_value (spin));
  else
    vs_template_set_double_parameter (self->template, param->name,
                                      gtk_spin_button_get_value (spin));
}

static void
on_number_changed (VsParametersPanel *self,
                   GParamSpec        *pspec,
                   GObject           *widget)
{
  for (guint i = 0; i < G_N_ELEMENTS (number_params); i++)
    if ((GObject *) PARAM_SPIN (self, &number_params[i]) == widget ||
        (GObject *) PARAM_SWITCH (self, &number_params[i]) == widget)
      write_number (self, &number_params[i]);
}

static void
on_spin_value_changed (VsParametersPanel *self,
                       GtkSpinButton     *spin)
{
  on_number_changed (self, NULL, G_OBJECT (spin));
}

/* The model is the template's, the endpoint the project's: when the endpoint does not list
 * the template's model, say so and offer the endpoint's first model. */
static void
update_model_missing (VsParametersPanel *self)
{
  const char *model = self->template ? vs_template_get_model (self->template) : NULL;
  VsEndpoint *endpoint = vs_parameters_panel_get_endpoint (self);
  gboolean missing = vs_parameters_panel_get_model_missing (self);

  gtk_widget_set_visible (GTK_WIDGET (self->model_missing_row), missing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "parameters.use-listed-model", missing);
  if (missing)
    {
      g_autofree char *title = g_strdup_printf (_("“%s” does not list “%s”"),
                                                vs_endpoint_get_name (endpoint), model);
      g_autofree char *label = g_strdup_printf (_("Use %s"), self->models[0]);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->model_missing_row), title);
      adw_action_row_set_subtitle (self->model_missing_row,
                                   _("Runs will likely fail; pick one of its models"));
      gtk_button_set_label (self->use_model_button, label);
    }
}

gboolean
vs_parameters_panel_get_model_missing (VsParametersPanel *self)
{
  const char *model;

  g_return_val_if_fail (VS_IS_PARAMETERS_PANEL (self), FALSE);

  model = self->template ? vs_template_get_model (self->template) : NULL;
  return model != NULL && *model != '\0' && self->models != NULL && self->models[0] != NULL &&
         !g_strv_contains ((const char * const *) self->models, model);
}

static void
use_listed_model_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  VsParametersPanel *self = VS_PARAMETERS_PANEL (widget);

  if (self->models == NULL || self->models[0] == NULL)
    return;
  /* Through the entry, as typing it would be (the template follows). */
  gtk_editable_set_text (GTK_EDITABLE (self->model_row), self->models[0]);
}

static void
on_model_changed (VsParametersPanel *self)
{
  const char *model = gtk_editable_get_text (GTK_EDITABLE (self->model_row));
  g_autofree char *stripped = g_strstrip (g_strdup (model));

  if (self->loading || self->template == NULL)
    return;
  if (g_strcmp0 (stripped, vs_template_get_model (self->template) ?: "") == 0)
    return;
  if (*stripped == '\0')
    vs_template_unset_parameter (self->template, "model");
  else
    vs_template_set_model (self->template, stripped);
  update_model_missing (self);
}

/* "a, \n\n, END" → {"a", "\n\n", "END"} */
static GStrv
parse_stop (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = g_strcompress (g_strstrip (parts[i]));

      if (*part != '\0')
        g_strv_builder_add (builder, part);
    }
  return g_strv_builder_end (builder);
}

static char *
format_stop (char **stop)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; stop != NULL && stop[i] != NULL; i++)
    {
      g_autofree char *escaped = g_strescape (stop[i], NULL);

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, escaped);
    }
  return g_string_free (text, FALSE);
}

static void
on_stop_changed (VsParametersPanel *self)
{
  g_auto(GStrv) stop = NULL;

  if (self->loading || self->template == NULL)
    return;
  stop = parse_stop (gtk_editable_get_text (GTK_EDITABLE (self->stop_row)));
  vs_template_set_stop (self->template, (const char * const *) stop);
}

static char *
schema_text (VsParametersPanel *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->schema_view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
on_schema_changed (VsParametersPanel *self)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) schema = NULL;
  g_autoptr(GError) error = NULL;
  gboolean enabled = adw_expander_row_get_enable_expansion (self->schema_row);

  if (self->loading || self->template == NULL)
    return;

  if (!enabled)
    {
      gtk_label_set_label (self->schema_status, "");
      if (vs_template_get_json_schema (self->template) != NULL)
        vs_template_set_json_schema (self->template, NULL, NULL);
      return;
    }

  text = schema_text (self);
  schema = vs_json_parse_object (text, -1, &error);
  if (schema == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Not saved: %s"), error->message);

      gtk_label_set_label (self->schema_status, message);
      gtk_widget_add_css_class (GTK_WIDGET (self->schema_status), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->schema_status), "error");
  gtk_label_set_label (self->schema_status, _("Valid JSON; saved"));
  vs_template_set_json_schema (self->template, SCHEMA_NAME, schema);
}

static void
load_template (VsParametersPanel *self)
{
  GtkTextBuffer *schema_buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->schema_view));
  JsonObject *schema;
  g_auto(GStrv) stop = NULL;
  g_autofree char *stop_text = NULL;

  self->loading = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self), self->template != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->model_row),
                         self->template && vs_template_get_model (self->template)
                         ? vs_template_get_model (self->template) : "");

  for (guint i = 0; i < G_N_ELEMENTS (number_params); i++)
    {
      const NumberParam *param = &number_params[i];
      gboolean set = FALSE;

      if (self->template != NULL && param->is_int)
        {
          gint64 value;

          if ((set = vs_template_get_int_parameter (self->template, param->name, &value)))
            gtk_spin_button_set_value (PARAM_SPIN (self, param), value);
        }
      else if (self->template != NULL)
        {
          double value;

          if ((set = vs_template_get_double_parameter (self->template, param->name, &value)))
            gtk_spin_button_set_value (PARAM_SPIN (self, param), value);
        }
      gtk_check_button_set_active (PARAM_SWITCH (self, param), set);
      gtk_widget_set_sensitive (GTK_WIDGET (PARAM_SPIN (self, param)), set);
    }

  stop = self->template ? vs_template_dup_stop (self->template) : NULL;
  stop_text = format_stop (stop);
  gtk_editable_set_text (GTK_EDITABLE (self->stop_row), stop_text);

  schema = self->template ? vs_template_get_json_schema (self->template) : NULL;
  gtk_text_buffer_begin_irreversible_action (schema_buffer);
  if (schema != NULL)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *text = NULL;

      json_node_set_object (node, schema);
      text = json_to_string (node, TRUE);
      gtk_text_buffer_set_text (schema_buffer, text, -1);
    }
  else
    gtk_text_buffer_set_text (schema_buffer,
                              "{\n  \"type\": \"object\",\n  \"properties\": {\n"
                              "    \"label\": { \"type\": \"string\" }\n  },\n"
                              "  \"required\": [\"label\"],\n"
                              "  \"additionalProperties\": false\n}", -1);
  gtk_text_buffer_end_irreversible_action (schema_buffer);
  adw_expander_row_set_enable_expansion (self->schema_row, schema != NULL);
  gtk_label_set_label (self->schema_status, "");

  self->loading = FALSE;
  update_model_missing (self);
}

/* The model can change elsewhere too (a script, a test, an import): follow it unless the
 * user is typing one. */
static void
on_template_changed (VsParametersPanel *self)
{
  const char *model = vs_template_get_model (self->template);
  const char *shown = gtk_editable_get_text (GTK_EDITABLE (self->model_row));

  update_model_missing (self);
  if (self->loading || g_strcmp0 (model ? model : "", shown) == 0 ||
      gtk_widget_has_focus (GTK_WIDGET (self->model_row)) ||
      gtk_widget_get_focus_child (GTK_WIDGET (self->model_row)) != NULL)
    return;
  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->model_row), model ? model : "");
  self->loading = FALSE;
}

void
vs_parameters_panel_set_template (VsParametersPanel *self,
                                  VsTemplate        *template)
{
  g_return_if_fail (VS_IS_PARAMETERS_PANEL (self));
  g_return_if_fail (!template || VS_IS_TEMPLATE (template));

  vs_ui_watch_object (&self->template, template, "changed", G_CALLBACK (on_template_changed),
                      self);
  load_template (self);
}

/* Models */

static void
show_models (VsParametersPanel *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->models_list))) != NULL)
    gtk_list_box_remove (self->models_list, child);

  for (guint i = 0; self->models != NULL && self->models[i] != NULL; i++)
    {
      GtkWidget *label = gtk_label_new (self->models[i]);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_list_box_append (self->models_list, label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->models_list),
                          self->models != NULL && self->models[0] != NULL);
}

static void
on_model_activated (VsParametersPanel *self,
                    GtkListBoxRow     *row)
{
  GtkWidget *label = gtk_list_box_row_get_child (row);

  gtk_editable_set_text (GTK_EDITABLE (self->model_row), gtk_label_get_label (GTK_LABEL (label)));
  gtk_popover_popdown (self->models_popover);
}

static void
list_models_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VsParametersPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;

  models = vs_request_engine_list_models_finish (VS_REQUEST_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->models_cancellable);

  if (models == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not list the models: %s"),
                                               error ? error->message : _("no answer"));

      gtk_label_set_label (self->models_status, text);
      return;
    }

  g_strfreev (self->models);
  self->models = g_steal_pointer (&models);
  if (self->models[0] == NULL)
    gtk_label_set_label (self->models_status, _("The endpoint lists no models"));
  else
    gtk_label_set_label (self->models_status, _("Models on the endpoint"));
  show_models (self);
  update_model_missing (self);
}

static void
engine_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VsParametersPanel) self = user_data;
  g_autoptr(VsRequestEngine) engine = NULL;
  /* Listing models is a quick question: no patient retries — for this call only, the
   * endpoint's engine is shared with runs that keep their own policy. */
  VsCallPolicy policy = VS_CALL_POLICY_INIT;

  engine = vs_engine_registry_get_finish (VS_ENGINE_REGISTRY (object), result, NULL);
  if (engine == NULL || self->models_cancellable == NULL ||
      g_cancellable_is_cancelled (self->models_cancellable))
    return;
  policy.max_retries = 0;
  policy.idle_timeout_ms = 10000;
  policy.total_timeout_ms = 15000;
  vs_request_engine_list_models_full_async (engine, &policy, self->models_cancellable,
                                            list_models_cb, g_object_ref (self));
}

void
vs_parameters_panel_refresh_models (VsParametersPanel *self)
{
  VsEndpoint *endpoint;

  g_return_if_fail (VS_IS_PARAMETERS_PANEL (self));

  g_cancellable_cancel (self->models_cancellable);
  g_clear_object (&self->models_cancellable);
  g_clear_pointer (&self->models, g_strfreev);
  show_models (self);
  update_model_missing (self);

  endpoint = vs_parameters_panel_get_endpoint (self);
  if (endpoint == NULL)
    {
      gtk_label_set_label (self->models_status, _("No endpoint configured"));
      return;
    }

  gtk_label_set_label (self->models_status, _("Asking the endpoint…"));
  self->models_cancellable = g_cancellable_new ();
  vs_engine_registry_get_async (vs_engine_registry_get_for_project (self->project), endpoint,
                                self->models_cancellable, engine_cb, g_object_ref (self));
}

static void
on_refresh_models (VsParametersPanel *self)
{
  vs_parameters_panel_refresh_models (self);
}

const char * const *
vs_parameters_panel_get_models (VsParametersPanel *self)
{
  g_return_val_if_fail (VS_IS_PARAMETERS_PANEL (self), NULL);

  return (const char * const *) self->models;
}

/* Endpoints */

VsEndpoint *
vs_parameters_panel_get_endpoint (VsParametersPanel *self)
{
  guint selected;

  g_return_val_if_fail (VS_IS_PARAMETERS_PANEL (self), NULL);

  selected = adw_combo_row_get_selected (self->endpoint_row);
  if (self->endpoints == NULL || selected >= self->endpoints->len)
    return NULL;
  return g_ptr_array_index (self->endpoints, selected);
}

static void
on_endpoint_selected (VsParametersPanel *self)
{
  VsEndpoint *endpoint = vs_parameters_panel_get_endpoint (self);

  if (self->loading)
    return;
  if (endpoint != NULL && self->project != NULL &&
      !vs_project_get_read_only (self->project))
    {
      g_autoptr(GError) error = NULL;

      if (!vs_project_set_meta (self->project, ENDPOINT_META, vs_endpoint_get_uuid (endpoint),
                                &error))
        g_warning ("Could not remember the endpoint: %s", error->message);
    }
  vs_parameters_panel_refresh_models (self);
}

static void
load_endpoints (VsParametersPanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *chosen = NULL;
  guint selected = 0;

  self->loading = TRUE;
  g_clear_pointer (&self->endpoints, g_ptr_array_unref);
  gtk_string_list_splice (self->endpoint_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->endpoint_names)), NULL);

  if (self->project != NULL)
    {
      self->endpoints = vs_endpoint_list (self->project, &error);
      if (self->endpoints == NULL)
        g_warning ("Could not read the endpoints: %s", error->message);
      chosen = vs_project_get_meta (self->project, ENDPOINT_META);
    }

  for (guint i = 0; self->endpoints != NULL && i < self->endpoints->len; i++)
    {
      VsEndpoint *endpoint = g_ptr_array_index (self->endpoints, i);

      gtk_string_list_append (self->endpoint_names, vs_endpoint_get_name (endpoint));
      if (g_strcmp0 (chosen, vs_endpoint_get_uuid (endpoint)) == 0)
        selected = i;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->endpoint_row),
                          self->endpoints != NULL && self->endpoints->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->no_endpoint_row),
                          self->endpoints == NULL || self->endpoints->len == 0);
  adw_combo_row_set_selected (self->endpoint_row, selected);
  self->loading = FALSE;

  vs_parameters_panel_refresh_models (self);
}

static void
on_project_changed (VsParametersPanel *self,
                    const char        *what)
{
  if (g_strcmp0 (what, "endpoints") == 0)
    load_endpoints (self);
}

void
vs_parameters_panel_set_project (VsParametersPanel *self,
                                 VsProject         *project)
{
  g_return_if_fail (VS_IS_PARAMETERS_PANEL (self));
  g_return_if_fail (!project || VS_IS_PROJECT (project));

  if (self->project == project)
    return;
  vs_ui_watch_object (&self->project, project, "changed", G_CALLBACK (on_project_changed),
                      self);
  load_endpoints (self);
}

GtkWidget *
vs_parameters_panel_new (void)
{
  return g_object_new (VS_TYPE_PARAMETERS_PANEL, NULL);
}

static void
vs_parameters_panel_dispose (GObject *object)
{
  VsParametersPanel *self = VS_PARAMETERS_PANEL (object);

  g_cancellable_cancel (self->models_cancellable);
  g_clear_object (&self->models_cancellable);
  vs_ui_unwatch_object (&self->project, G_CALLBACK (on_project_changed), self);
  vs_ui_unwatch_object (&self->template, G_CALLBACK (on_template_changed), self);
  g_clear_pointer (&self->endpoints, g_ptr_array_unref);
  g_clear_pointer (&self->models, g_strfreev);

  vs_ui_dispose_template (GTK_WIDGET (self), VS_TYPE_PARAMETERS_PANEL);

  G_OBJECT_CLASS (vs_parameters_panel_parent_class)->dispose (object);
}

static void
vs_parameters_panel_class_init (VsParametersPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_parameters_panel_dispose;

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-parameters-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, VsParametersPanel, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, VsParametersPanel, endpoint_names);
  gtk_widget_class_bind_template_child (widget_class, VsParametersPanel, no_endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, VsParametersPanel, model_row);
  gtk_widget_class_bind_template_child (widget_class, VsParametersPanel, model_missing_row);
  gtk_widget_class_bind_template_child (widget_class, VsParametersPanel, use_model_button);
  gtk_widget_class_install_action (widget_class, "parameters.use-listed-model", NULL,
                                   use_listed_model_action);
  gtk_widget_class_bind_template_child (widget_class, VsParametersPanel, models_status);
  gtk_widget_class_bind_template_child (widget_class, VsParametersPanel, models_list);
  gtk_widget_class_bind_template_child (widget_class, VsParametersPanel, models_popover);
  gtk_widget_class_bind_template_child (widget_class, VsParametersPanel, temperature);
  gtk_widget_class_bind_template_child (widget_class, VsParametersPanel, temperature_set);
  gtk_widget_class_bind_template_child (widget_class, VsParametersPanel, top_p);
  gtk_widget_class_bind_template_child (widget_class, VsParametersPanel, top_p_set);
  gtk_widget_class_bind_template_child (widget_class, VsParametersPanel, max_tokens);
  gtk_widget_class_bind_template_child (widget_class, VsParametersPanel, max_tokens_set);
  gtk_widget_class_bind_template_child (widget_class, VsParametersPanel, seed);
  gtk_widget_class_bind_template_child (widget_class, VsParametersPanel, seed_set);
  gtk_widget_class_bind_template_child (widget_class, VsParametersPanel, stop_row);
  gtk_widget_class_bind_template_child (widget_class, VsParametersPanel, schema_row);
  gtk_widget_class_bind_template_child (widget_class, VsParametersPanel, schema_view);
  gtk_widget_class_bind_template_child (widget_class, VsParametersPanel, schema_status);
  gtk_widget_class_bind_template_callback (widget_class, on_model_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_refresh_models);
}

static void
vs_parameters_panel_init (VsParametersPanel *self)
{
  GtkSourceBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* In the editor's scrolled column: the wheel scrolls it, not the numbers; the rows are
   * narrow, so the numbers are compact and the titles break between words only. */
  vs_ui_wheel_needs_focus (GTK_WIDGET (self));
  vs_ui_labels_keep_words (GTK_WIDGET (self));
  for (guint i = 0; i < G_N_ELEMENTS (number_params); i++)
    vs_ui_spin_button_compact (PARAM_SPIN (self, &number_params[i]));

  buffer = gtk_source_buffer_new (NULL);
  gtk_text_buffer_set_enable_undo (GTK_TEXT_BUFFER (buffer), TRUE);
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->schema_view), GTK_TEXT_BUFFER (buffer));
  vs_source_view_highlight_when_mapped (GTK_SOURCE_VIEW (self->schema_view), "json");
  g_object_unref (buffer);

  for (guint i = 0; i < G_N_ELEMENTS (number_params); i++)
    {
      g_signal_connect_object (PARAM_SPIN (self, &number_params[i]), "value-changed",
                               G_CALLBACK (on_spin_value_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (PARAM_SWITCH (self, &number_params[i]), "notify::active",
                               G_CALLBACK (on_number_changed), self, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->model_row, "changed", G_CALLBACK (on_model_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stop_row, "changed", G_CALLBACK (on_stop_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_schema_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->schema_row, "notify::enable-expansion",
                           G_CALLBACK (on_schema_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->endpoint_row, "notify::selected",
                           G_CALLBACK (on_endpoint_selected), self, G_CONNECT_SWAPPED);
  load_template (self);
}
