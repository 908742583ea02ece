/* vs-eval-dialog.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-dataset-store.h"
#include "vs-endpoint.h"
#include "vs-error.h"
#include "vs-eval-dialog.h"
#include "vs-eval-estimate.h"
#include "vs-eval-runner.h"
#include "vs-eval-spec.h"
#include "vs-finetune-store.h"
#include "vs-format.h"
#include "vs-prices.h"
#include "vs-run-store.h"
#include "vs-template-store.h"

#define ESTIMATE_DELAY_MS 300

/* The metrics offered, in order; those that compare with the expected answer say so. */
static const struct
{
  const char *type;
  const char *title;
  const char *subtitle;
  gboolean    needs_expected;
} metric_choices[] = {
  { "normalized_exact", N_("Same answer"), N_("Ignoring case, spaces and punctuation"), TRUE },
  { "exact", N_("Exact match"), N_("Character for character"), TRUE },
  { "label", N_("Label accuracy"), N_("Per-class precision, recall and a confusion matrix"),
    TRUE },
  { "token_f1", N_("Token F1"), N_("Word overlap with the expected answer"), TRUE },
  { "rouge_l", N_("ROUGE-L"), N_("Longest common word sequence"), TRUE },
  { "bleu", N_("BLEU"), N_("Sentence BLEU-4"), TRUE },
  { "json_valid", N_("Valid JSON"), N_("The answer parses as JSON"), FALSE },
};

static const char *splits[] = { "test", "validation", "train", NULL };

typedef struct
{
  AdwExpanderRow *row;
  AdwEntryRow    *name;
  AdwComboRow    *template;
  AdwComboRow    *endpoint;
  AdwEntryRow    *model;
  gint64          finetune_job_id;
  double          training_cost;   /* < 0: none */
} Contender;

typedef struct
{
  gint64 template_id;
  gint64 version_id;
} TemplateChoice;

struct _VsEvalDialog
{
  AdwWindow            parent_instance;

  AdwEntryRow         *name;
  AdwComboRow         *source;
  GtkStringList       *source_names;
  AdwComboRow         *split;
  AdwEntryRow         *file;
  AdwEntryRow         *expected;
  AdwPreferencesGroup *contenders_group;
  GtkMenuButton       *add_button;
  AdwPreferencesGroup *metrics_group;
  GtkSpinButton       *repeats;
  GtkSpinButton       *concurrency;
  AdwActionRow        *concurrency_row;
  GtkSwitch           *batch;
  GtkLabel            *estimate;
  GtkLabel            *problem;
  GtkButton           *start;

  VsProject           *project;
  GPtrArray           *datasets;      /* VsDatasetName, as listed in @source before "File" */
  GtkStringList       *template_names;
  GArray              *templates;     /* TemplateChoice, as listed in @template_names */
  GPtrArray           *template_plain; /* the templates' names, as listed */
  GtkStringList       *endpoint_names;
  GPtrArray           *endpoints;     /* VsEndpoint, as listed in @endpoint_names */
  GPtrArray           *finetunes;     /* VsContenderInfo of finished jobs */
  GPtrArray           *contenders;    /* Contender */
  GPtrArray           *metric_rows;   /* GtkCheckButton per metric_choices[] */
  guint                estimate_source;
  VsEvalSpec          *spec;          /* what the run is being created from */
  GCancellable        *cancellable;
  gboolean             busy;
};

G_DEFINE_FINAL_TYPE (VsEvalDialog, vs_eval_dialog, ADW_TYPE_WINDOW)

enum { CREATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void schedule_estimate (VsEvalDialog *self);

static const char *
entry_text (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  return text != NULL && *text != '\0' ? text : NULL;
}

static gint64
source_dataset (VsEvalDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->source);

  if (selected < self->datasets->len)
    return ((VsDatasetName *) g_ptr_array_index (self->datasets, selected))->id;
  return 0;
}

static const char *
source_split (VsEvalDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->split);

  return selected < G_N_ELEMENTS (splits) ? splits[selected] : NULL;
}

/* A guess at the column that holds the expected answer. */
static void
guess_expected (VsEvalDialog *self)
{
  static const char *names[] = { "expected", "answer", "label", "category", "output",
                                 "completion", "assistant", "response", NULL };
  g_autoptr(GPtrArray) datasets = NULL;
  gint64 id = source_dataset (self);

  if (id == 0 || entry_text (self->expected) != NULL)
    return;
  datasets = vs_dataset_list (self->project, NULL);
  for (guint i = 0; datasets != NULL && i < datasets->len; i++)
    {
      VsDatasetInfo *info = g_ptr_array_index (datasets, i);

      if (info->id != id || info->columns == NULL)
        continue;
      for (guint n = 0; names[n] != NULL; n++)
        if (g_strv_contains ((const char * const *) info->columns, names[n]))
          {
            gtk_editable_set_text (GTK_EDITABLE (self->expected), names[n]);
            return;
          }
    }
}

/* Contenders --------------------------------------------------------------------------- */

static void
contender_free (Contender *c)
{
  g_free (c);
}

static void
update_contender_title (VsEvalDialog *self,
                        Contender    *c)
{
  guint t = adw_combo_row_get_selected (c->template);
  const char *name = entry_text (c->name);
  const char *model = entry_text (c->model);
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (c->row),
                                 name ? name : _("Unnamed contender"));
  subtitle = g_strdup_printf ("%s · %s",
                              t < self->templates->len
                                ? gtk_string_list_get_string (self->template_names, t)
                                : _("no template"),
                              model ? model : _("no model"));
  adw_expander_row_set_subtitle (c->row, subtitle);
}

static void
on_contender_changed (GtkWidget    *widget,
                      GParamSpec   *pspec,
                      VsEvalDialog *self)
{
  for (guint i = 0; i < self->contenders->len; i++)
    update_contender_title (self, g_ptr_array_index (self->contenders, i));
  schedule_estimate (self);
}

/* The model a template asks for, or the endpoint's default. */
static char *
default_model (VsEvalDialog *self,
               Contender    *c)
{
  guint t = adw_combo_row_get_selected (c->template);
  guint e = adw_combo_row_get_selected (c->endpoint);

  if (t < self->templates->len)
    {
      TemplateChoice *choice = &g_array_index (self->templates, TemplateChoice, t);
      g_autoptr(VsTemplate) template = vs_template_store_load_version (self->project,
                                                                       choice->version_id,
                                                                       NULL, NULL);
      const char *model = template ? vs_template_get_model (template) : NULL;

      if (model != NULL && *model != '\0')
        return g_strdup (model);
    }
  if (e < self->endpoints->len)
    {
      const char *model = vs_endpoint_get_default_model (g_ptr_array_index (self->endpoints, e));

      if (model != NULL && *model != '\0')
        return g_strdup (model);
    }
  return NULL;
}

static void
on_remove_contender (GtkButton    *button,
                     VsEvalDialog *self)
{
  AdwExpanderRow *row = g_object_get_data (G_OBJECT (button), "row");

  for (guint i = 0; i < self->contenders->len; i++)
    {
      Contender *c = g_ptr_array_index (self->contenders, i);

      if (c->row == row)
        {
          adw_preferences_group_remove (self->contenders_group, GTK_WIDGET (row));
          g_ptr_array_remove_index (self->contenders, i);
          break;
        }
    }
  schedule_estimate (self);
}

static Contender *
add_contender (VsEvalDialog *self,
               const char   *name)
{
  Contender *c = g_new0 (Contender, 1);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *model = NULL;

  c->training_cost = -1;
  c->row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (c->row), FALSE);
  c->name = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (c->name), _("Name"));
  if (name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (c->name), name);
  else
    {
      g_autofree char *numbered = g_strdup_printf (_("Contender %u"),
                                                   self->contenders->len + 1);

      gtk_editable_set_text (GTK_EDITABLE (c->name), numbered);
    }
  c->template = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (c->template), _("Template version"));
  adw_combo_row_set_model (c->template, G_LIST_MODEL (self->template_names));
  c->endpoint = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (c->endpoint), _("Endpoint"));
  adw_combo_row_set_model (c->endpoint, G_LIST_MODEL (self->endpoint_names));
  c->model = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (c->model), _("Model"));

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove this contender"));
  g_object_set_data (G_OBJECT (remove), "row", c->row);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_contender), self);
  adw_expander_row_add_action (c->row, remove);
  adw_expander_row_add_row (c->row, GTK_WIDGET (c->name));
  adw_expander_row_add_row (c->row, GTK_WIDGET (c->template));
  adw_expander_row_add_row (c->row, GTK_WIDGET (c->endpoint));
  adw_expander_row_add_row (c->row, GTK_WIDGET (c->model));
  adw_preferences_group_add (self->contenders_group, GTK_WIDGET (c->row));
  g_ptr_array_add (self->contenders, c);

  /* A different template each, when there are several: the usual comparison. */
  if (self->templates->len > 0)
    adw_combo_row_set_selected (c->template,
                                (self->contenders->len - 1) % self->templates->len);
  model = default_model (self, c);
  if (model != NULL)
    gtk_editable_set_text (GTK_EDITABLE (c->model), model);
  /* Named after its template unless told otherwise (and unless that name is taken). */
  if (name == NULL && self->templates->len > 0)
    {
      const char *title = g_ptr_array_index (self->template_plain,
                                             adw_combo_row_get_selected (c->template));
      gboolean taken = FALSE;

      for (guint i = 0; i + 1 < self->contenders->len; i++)
        {
          Contender *other = g_ptr_array_index (self->contenders, i);

          taken |= g_strcmp0 (entry_text (other->name), title) == 0;
        }
      if (!taken)
        gtk_editable_set_text (GTK_EDITABLE (c->name), title);
    }

  g_signal_connect (c->name, "notify::text", G_CALLBACK (on_contender_changed), self);
  g_signal_connect (c->model, "notify::text", G_CALLBACK (on_contender_changed), self);
  g_signal_connect (c->template, "notify::selected", G_CALLBACK (on_contender_changed), self);
  g_signal_connect (c->endpoint, "notify::selected", G_CALLBACK (on_contender_changed), self);
  update_contender_title (self, c);
  schedule_estimate (self);
  return c;
}

static void
add_contender_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  VsEvalDialog *self = VS_EVAL_DIALOG (widget);

  if (self->contenders->len >= VS_EVAL_MAX_CONTENDERS)
    return;
  add_contender (self, NULL);
}

static void
add_finetune_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  vs_eval_dialog_add_finetune (VS_EVAL_DIALOG (widget), g_variant_get_int64 (parameter));
}

/* The spec ------------------------------------------------------------------------------- */

static gboolean
fail (GError    **error,
      const char *message)
{
  g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID, message);
  return FALSE;
}

JsonObject *
vs_eval_dialog_build_spec (VsEvalDialog *self,
                           GError      **error)
{
  g_autoptr(JsonObject) spec = json_object_new ();
  JsonArray *contenders = json_array_new ();
  JsonArray *metrics = json_array_new ();
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  const char *expected = entry_text (self->expected);
  gint64 dataset = source_dataset (self);

  g_return_val_if_fail (VS_IS_EVAL_DIALOG (self), NULL);

  json_object_set_array_member (spec, "contenders", contenders);
  json_object_set_array_member (spec, "metrics", metrics);
  if (dataset != 0)
    {
      json_object_set_int_member (spec, "dataset", dataset);
      if (source_split (self) != NULL)
        json_object_set_string_member (spec, "split", source_split (self));
    }
  else if (entry_text (self->file) != NULL)
    json_object_set_string_member (spec, "cases", entry_text (self->file));
  else
    {
      fail (error, _("Choose the cases: a dataset or a file"));
      return NULL;
    }
  if (expected != NULL)
    json_object_set_string_member (spec, "expected", expected);

  if (self->contenders->len == 0)
    {
      fail (error, _("Add a contender"));
      return NULL;
    }
  for (guint i = 0; i < self->contenders->len; i++)
    {
      Contender *c = g_ptr_array_index (self->contenders, i);
      guint t = adw_combo_row_get_selected (c->template);
      guint e = adw_combo_row_get_selected (c->endpoint);
      const char *name = entry_text (c->name);
      const char *model = entry_text (c->model);
      JsonObject *o;
      TemplateChoice *choice;
      VsEndpoint *endpoint;
      g_autoptr(VsTemplate) template = NULL;
      g_autofree char *message = NULL;

      if (name == NULL || model == NULL || t >= self->templates->len ||
          e >= self->endpoints->len)
        {
          message = g_strdup_printf (_("Give contender %u a name, a template, an endpoint and "
                                       "a model"), i + 1);
          fail (error, message);
          return NULL;
        }
      if (g_hash_table_contains (names, name))
        {
          message = g_strdup_printf (_("Two contenders are called “%s”"), name);
          fail (error, message);
          return NULL;
        }
      g_hash_table_add (names, (gpointer) name);
      choice = &g_array_index (self->templates, TemplateChoice, t);
      template = vs_template_store_load_version (self->project, choice->version_id, NULL, error);
      if (template == NULL)
        return NULL;
      endpoint = g_ptr_array_index (self->endpoints, e);
      o = json_object_new ();
      json_object_set_string_member (o, "name", name);
      json_object_set_string_member (o, "endpoint", vs_endpoint_get_base_url (endpoint));
      json_object_set_string_member (o, "kind",
                                     vs_endpoint_kind_to_string (vs_endpoint_get_kind (endpoint)));
      json_object_set_string_member (o, "model", model);
      json_object_set_member (o, "template", vs_template_to_json (template));
      json_object_set_int_member (o, "endpoint_id", vs_endpoint_get_id (endpoint));
      json_object_set_int_member (o, "template_version_id", choice->version_id);
      if (c->finetune_job_id > 0)
        json_object_set_int_member (o, "finetune_job_id", c->finetune_job_id);
      if (c->training_cost >= 0)
        json_object_set_double_member (o, "training_cost_usd", c->training_cost);
      json_array_add_object_element (contenders, o);
    }

  for (guint i = 0; i < G_N_ELEMENTS (metric_choices); i++)
    {
      JsonObject *o;

      if (!gtk_check_button_get_active (g_ptr_array_index (self->metric_rows, i)))
        continue;
      if (metric_choices[i].needs_expected && expected == NULL)
        {
          g_autofree char *message =
            g_strdup_printf (_("“%s” compares with the expected answer: name its column"),
                             _(metric_choices[i].title));
          fail (error, message);
          return NULL;
        }
      o = json_object_new ();
      json_object_set_string_member (o, "type", metric_choices[i].type);
      json_array_add_object_element (metrics, o);
    }
  json_object_set_int_member (spec, "repeats", gtk_spin_button_get_value_as_int (self->repeats));
  json_object_set_int_member (spec, "concurrency",
                              gtk_spin_button_get_value_as_int (self->concurrency));
  return g_steal_pointer (&spec);
}

/* Estimate ------------------------------------------------------------------------------ */

/* In batch mode, the name of a contender whose endpoint has no batch API (Ollama's native
 * API), or NULL. */
static const char *
contender_without_batch_api (VsEvalDialog *self)
{
  if (!gtk_switch_get_active (self->batch))
    return NULL;
  for (guint i = 0; i < self->contenders->len; i++)
    {
      Contender *c = g_ptr_array_index (self->contenders, i);
      guint e = adw_combo_row_get_selected (c->endpoint);

      if (e < self->endpoints->len &&
          vs_endpoint_get_kind (g_ptr_array_index (self->endpoints, e)) ==
            VS_ENDPOINT_KIND_OLLAMA)
        return entry_text (c->name) != NULL ? entry_text (c->name) : _("Unnamed contender");
    }
  return NULL;
}

static void
show_estimate (VsEvalDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autofree char *text = NULL;
  const char *name = entry_text (self->name);
  gboolean ready = FALSE;
  const char *no_batch = NULL;
  VsEvalEstimate estimate;

  json = vs_eval_dialog_build_spec (self, &error);
  if (json != NULL)
    spec = vs_eval_spec_new_from_json (json, NULL, &error);
  if (spec == NULL)
    text = g_strdup (error->message);
  else if (name == NULL)
    text = g_strdup (_("Name the run"));
  else if (vs_run_store_find_by_name (self->project, name, NULL) > 0)
    text = g_strdup_printf (_("A run called “%s” exists: choose another name"), name);
  else if ((no_batch = contender_without_batch_api (self)) != NULL)
    text = g_strdup_printf (_("“%s” is on an Ollama endpoint, which has no batch API: run it "
                              "online, or export batch files from the run’s menu"),
                            no_batch);
  else if (source_dataset (self) == 0)
    {
      /* A file's cases are counted when they are imported. */
      text = g_strdup_printf (ngettext ("%u contender on every case of the file; the cases "
                                        "are counted when the run starts",
                                        "%u contenders on every case of the file; the cases "
                                        "are counted when the run starts",
                                        spec->contenders->len),
                              spec->contenders->len);
      ready = TRUE;
    }
  else if (!vs_eval_estimate_dataset (self->project, spec, source_dataset (self),
                                      source_split (self), &estimate, &error))
    text = g_strdup (error->message);
  else if (estimate.n_cases == 0)
    text = g_strdup (_("This split has no cases: choose another split or assign one in the "
                       "Datasets page"));
  else
    {
      g_autofree char *cases = vs_format_count (estimate.n_cases);
      g_autofree char *requests = vs_format_count (estimate.n_requests);
      g_autofree char *tokens = vs_format_count ((gint64) (estimate.prompt_tokens +
                                                           estimate.completion_tokens));
      g_autofree char *cost = NULL;

      if (estimate.n_unpriced == spec->contenders->len)
        cost = g_strdup (_("cost unknown: the price table has none of these models"));
      else if (gtk_switch_get_active (self->batch))
        cost = estimate.n_unpriced > 0
          /* TRANSLATORS: "about $0.21 as a batch ($0.42 online) for the priced models" */
          ? g_strdup_printf (_("about $%.2f as a batch ($%.2f online) for the priced models"),
                             estimate.batch_cost_usd, estimate.cost_usd)
          : g_strdup_printf (_("about $%.2f as a batch ($%.2f online)"),
                             estimate.batch_cost_usd, estimate.cost_usd);
      else
        cost = estimate.n_unpriced > 0
          ? g_strdup_printf (_("about $%.2f for the priced models"), estimate.cost_usd)
          : g_strdup_printf (_("about $%.2f"), estimate.cost_usd);

      /* TRANSLATORS: "200 cases → 600 requests, about 120,000 tokens, about $0.42" */
      text = g_strdup_printf (_("%s cases → %s requests, about %s tokens, %s"), cases,
                              requests, tokens, cost);
      ready = TRUE;
    }
  gtk_label_set_text (self->estimate, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->start), ready && !self->busy);
}

static gboolean
estimate_now (gpointer data)
{
  VsEvalDialog *self = data;

  self->estimate_source = 0;
  show_estimate (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_estimate (VsEvalDialog *self)
{
  if (self->project == NULL)
    return;
  g_clear_handle_id (&self->estimate_source, g_source_remove);
  self->estimate_source = g_timeout_add (ESTIMATE_DELAY_MS, estimate_now, self);
}

static void
on_changed (VsEvalDialog *self)
{
  gboolean dataset = source_dataset (self) != 0;

  gtk_widget_set_visible (GTK_WIDGET (self->split), dataset);
  gtk_widget_set_visible (GTK_WIDGET (self->file), !dataset);
  schedule_estimate (self);
}

static void
on_batch_toggled (VsEvalDialog *self)
{
  /* A batch has no requests at once to choose: the provider schedules them. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->concurrency_row),
                            !gtk_switch_get_active (self->batch));
  gtk_button_set_label (self->start, gtk_switch_get_active (self->batch) ? _("_Submit")
                                                                         : _("_Start"));
  schedule_estimate (self);
}

static void
on_source_changed (VsEvalDialog *self)
{
  if (self->project != NULL)
    guess_expected (self);
  on_changed (self);
}

/* Files ---------------------------------------------------------------------------------- */

static void
on_file_chosen (GtkNativeDialog *dialog,
                int              response,
                VsEvalDialog    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->file), path);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
on_choose_file (VsEvalDialog *self)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Cases"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), NULL);
  gtk_file_filter_set_name (filter, _("JSONL or CSV"));
  gtk_file_filter_add_suffix (filter, "jsonl");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_file_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Start ---------------------------------------------------------------------------------- */

static void
on_prepared (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  VsEvalDialog *self = data;
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = vs_eval_prepare_run_finish (VS_PROJECT (source), result, NULL, &error);
  if (id <= 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          self->busy = FALSE;
          gtk_label_set_text (self->problem, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->problem), TRUE);
          show_estimate (self);
        }
      g_object_unref (self);
      return;
    }
  g_signal_emit (self, signals[CREATED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
on_start (VsEvalDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) json = NULL;
  const char *name = entry_text (self->name);

  if (self->busy || name == NULL)
    return;
  json = vs_eval_dialog_build_spec (self, &error);
  g_clear_pointer (&self->spec, vs_eval_spec_free);
  if (json != NULL)
    self->spec = vs_eval_spec_new_from_json (json, NULL, &error);
  if (self->spec == NULL)
    {
      gtk_label_set_text (self->problem, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->problem), TRUE);
      return;
    }
  self->busy = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->problem), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->start), FALSE);
  vs_eval_prepare_run_async (self->project, self->spec, name, self->cancellable, on_prepared,
                             g_object_ref (self));
}

/* Object --------------------------------------------------------------------------------- */

static void
vs_eval_dialog_dispose (GObject *object)
{
  VsEvalDialog *self = VS_EVAL_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->estimate_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_EVAL_DIALOG);
  G_OBJECT_CLASS (vs_eval_dialog_parent_class)->dispose (object);
}

static void
vs_eval_dialog_finalize (GObject *object)
{
  VsEvalDialog *self = VS_EVAL_DIALOG (object);

  g_clear_object (&self->project);
  g_clear_pointer (&self->datasets, g_ptr_array_unref);
  g_clear_object (&self->template_names);
  g_clear_pointer (&self->templates, g_array_unref);
  g_clear_pointer (&self->template_plain, g_ptr_array_unref);
  g_clear_object (&self->endpoint_names);
  g_clear_pointer (&self->endpoints, g_ptr_array_unref);
  g_clear_pointer (&self->finetunes, g_ptr_array_unref);
  g_clear_pointer (&self->contenders, g_ptr_array_unref);
  g_clear_pointer (&self->metric_rows, g_ptr_array_unref);
  g_clear_pointer (&self->spec, vs_eval_spec_free);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (vs_eval_dialog_parent_class)->finalize (object);
}

static void
vs_eval_dialog_class_init (VsEvalDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_eval_dialog_dispose;
  object_class->finalize = vs_eval_dialog_finalize;

  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-eval-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VsEvalDialog, name);
  gtk_widget_class_bind_template_child (widget_class, VsEvalDialog, source);
  gtk_widget_class_bind_template_child (widget_class, VsEvalDialog, source_names);
  gtk_widget_class_bind_template_child (widget_class, VsEvalDialog, split);
  gtk_widget_class_bind_template_child (widget_class, VsEvalDialog, file);
  gtk_widget_class_bind_template_child (widget_class, VsEvalDialog, expected);
  gtk_widget_class_bind_template_child (widget_class, VsEvalDialog, contenders_group);
  gtk_widget_class_bind_template_child (widget_class, VsEvalDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, VsEvalDialog, metrics_group);
  gtk_widget_class_bind_template_child (widget_class, VsEvalDialog, repeats);
  gtk_widget_class_bind_template_child (widget_class, VsEvalDialog, concurrency);
  gtk_widget_class_bind_template_child (widget_class, VsEvalDialog, concurrency_row);
  gtk_widget_class_bind_template_child (widget_class, VsEvalDialog, batch);
  gtk_widget_class_bind_template_child (widget_class, VsEvalDialog, estimate);
  gtk_widget_class_bind_template_child (widget_class, VsEvalDialog, problem);
  gtk_widget_class_bind_template_child (widget_class, VsEvalDialog, start);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_source_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_batch_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_file);
  gtk_widget_class_bind_template_callback (widget_class, on_start);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "eval.add-contender", NULL,
                                   add_contender_action);
  gtk_widget_class_install_action (widget_class, "eval.add-finetune", "x", add_finetune_action);
}

static void
vs_eval_dialog_init (VsEvalDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->datasets = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_dataset_name_free);
  self->template_names = gtk_string_list_new (NULL);
  self->templates = g_array_new (FALSE, FALSE, sizeof (TemplateChoice));
  self->template_plain = g_ptr_array_new_with_free_func (g_free);
  self->endpoint_names = gtk_string_list_new (NULL);
  self->endpoints = g_ptr_array_new_with_free_func (g_object_unref);
  self->contenders = g_ptr_array_new_with_free_func ((GDestroyNotify) contender_free);
  self->metric_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (metric_choices); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(metric_choices[i].title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(metric_choices[i].subtitle));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(metric_choices[i].title), -1);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), i == 0);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (schedule_estimate), self);
      g_ptr_array_add (self->metric_rows, check);
      adw_preferences_group_add (self->metrics_group, row);
    }
}

static char *
default_name (VsProject *project)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autofree char *base = g_strdup_printf (_("Comparison %s"), when);
  char *name = g_strdup (base);

  for (guint n = 2; vs_run_store_find_by_name (project, name, NULL) > 0; n++)
    {
      g_free (name);
      name = g_strdup_printf ("%s %u", base, n);
    }
  return name;
}

VsEvalDialog *
vs_eval_dialog_new (VsProject *project)
{
  VsEvalDialog *self;
  g_autoptr(GPtrArray) datasets = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GPtrArray) endpoints = NULL;
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) finetunes = g_menu_new ();
  g_autofree char *name = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  self = g_object_new (VS_TYPE_EVAL_DIALOG, NULL);

  datasets = vs_dataset_store_list_names (project, NULL);
  for (guint i = 0; datasets != NULL && i < datasets->len; i++)
    gtk_string_list_append (self->source_names,
                            ((VsDatasetName *) g_ptr_array_index (datasets, i))->name);
  if (datasets != NULL)
    g_ptr_array_extend_and_steal (self->datasets, g_steal_pointer (&datasets));
  gtk_string_list_append (self->source_names, _("A JSONL or CSV file"));

  templates = vs_template_store_list (project, NULL, NULL);
  for (guint i = 0; templates != NULL && i < templates->len; i++)
    {
      VsTemplateInfo *info = g_ptr_array_index (templates, i);
      TemplateChoice choice = { info->id, info->head_version_id };
      g_autofree char *title = NULL;

      if (info->head_version_id <= 0)
        continue;
      title = g_strdup_printf (_("%s · version %d"), info->name, info->head_number);
      gtk_string_list_append (self->template_names, title);
      g_array_append_val (self->templates, choice);
      g_ptr_array_add (self->template_plain, g_strdup (info->name));
    }
  endpoints = vs_endpoint_list (project, NULL);
  for (guint i = 0; endpoints != NULL && i < endpoints->len; i++)
    {
      VsEndpoint *endpoint = g_ptr_array_index (endpoints, i);

      g_ptr_array_add (self->endpoints, g_object_ref (endpoint));
      gtk_string_list_append (self->endpoint_names, vs_endpoint_get_name (endpoint));
    }

  /* The Add menu: a contender, or a finished fine-tune's model. */
  g_menu_append (menu, _("_Contender"), "eval.add-contender");
  self->finetunes = vs_finetune_store_list_contenders (project, NULL);
  for (guint i = 0; self->finetunes != NULL && i < self->finetunes->len; i++)
    {
      VsContenderInfo *info = g_ptr_array_index (self->finetunes, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (info->model, NULL);

      g_menu_item_set_action_and_target (item, "eval.add-finetune", "x",
                                         info->finetune_job_id);
      g_menu_append_item (finetunes, item);
    }
  if (self->finetunes != NULL && self->finetunes->len > 0)
    g_menu_append_section (menu, _("Fine-tuned Models"), G_MENU_MODEL (finetunes));
  gtk_menu_button_set_menu_model (self->add_button, G_MENU_MODEL (menu));

  self->project = g_object_ref (project);
  name = default_name (project);
  gtk_editable_set_text (GTK_EDITABLE (self->name), name);
  if (self->templates->len == 0)
    gtk_label_set_text (self->estimate,
                        _("Save a version of a template in the Prompts page first: a run "
                          "compares saved versions"));
  adw_combo_row_set_selected (self->source, 0);
  on_source_changed (self);
  /* Two contenders to start with: the comparison most runs are. */
  for (guint i = 0; i < MIN (2, MAX (self->templates->len, 1)); i++)
    add_contender_action (GTK_WIDGET (self), NULL, NULL);
  return self;
}

void
vs_eval_dialog_add_finetune (VsEvalDialog *self,
                             gint64        job_id)
{
  g_autoptr(VsFinetuneJobInfo) job = NULL;
  Contender *c;

  g_return_if_fail (VS_IS_EVAL_DIALOG (self));

  job = vs_finetune_store_get (self->project, job_id, NULL);
  if (job == NULL || job->fine_tuned_model == NULL ||
      self->contenders->len >= VS_EVAL_MAX_CONTENDERS)
    return;
  c = add_contender (self, job->fine_tuned_model);
  c->finetune_job_id = job_id;
  gtk_editable_set_text (GTK_EDITABLE (c->model), job->fine_tuned_model);
  for (guint i = 0; i < self->endpoints->len; i++)
    if (vs_endpoint_get_id (g_ptr_array_index (self->endpoints, i)) == job->endpoint_id)
      adw_combo_row_set_selected (c->endpoint, i);
  /* What training cost: the tokens trained at the base model's training price, else the
   * estimate stored at launch. */
  if (job->trained_tokens >= 0)
    {
      gboolean known = FALSE;
      g_autoptr(VsPrice) price = vs_prices_lookup (self->project, job->base_model, &known);

      if (known && price->training_per_m > 0)
        c->training_cost = vs_price_training_cost (price, job->trained_tokens);
    }
  if (c->training_cost < 0 && job->estimated_cost >= 0)
    c->training_cost = job->estimated_cost;
  adw_expander_row_set_expanded (c->row, TRUE);
  update_contender_title (self, c);
}

guint
vs_eval_dialog_get_n_contenders (VsEvalDialog *self)
{
  g_return_val_if_fail (VS_IS_EVAL_DIALOG (self), 0);

  return self->contenders->len;
}

gboolean
vs_eval_dialog_get_batch (VsEvalDialog *self)
{
  g_return_val_if_fail (VS_IS_EVAL_DIALOG (self), FALSE);

  return gtk_switch_get_active (self->batch);
}

void
vs_eval_dialog_set_batch (VsEvalDialog *self,
                          gboolean      batch)
{
  g_return_if_fail (VS_IS_EVAL_DIALOG (self));

  gtk_switch_set_active (self->batch, batch);
}

const char *
vs_eval_dialog_get_estimate (VsEvalDialog *self)
{
  g_return_val_if_fail (VS_IS_EVAL_DIALOG (self), NULL);

  return gtk_label_get_text (self->estimate);
}
