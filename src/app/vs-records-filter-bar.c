/* vs-records-filter-bar.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bar follows the view's model through the column view's selection (its "model"
 * changes when the view shows another dataset), so the view needs no hook for it. Every
 * control change rebuilds the bar's part of the query at once; the search entry's own delay
 * keeps typing from searching on every keystroke.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-dataset-search.h"
#include "vs-dataset-store.h"
#include "vs-format.h"
#include "vs-records-filter-bar.h"
#include "vs-search-indexer.h"

struct _VsRecordsFilterBar
{
  GtkWidget        parent_instance;

  VsRecordsView   *view;
  GListModel      *selection;  /* the view's selection model, watched for its model */
  VsRecordModel   *model;
  VsSearchIndexer *indexer;
  gulong           selection_id;
  gulong           model_ids[3];
  gulong           indexer_ids[3];
  gboolean         resetting;

  GtkWidget       *box;
  GtkSearchEntry  *entry;
  GtkMenuButton   *filters_button;
  GtkDropDown     *split;
  GtkDropDown     *status;
  GtkDropDown     *rating;
  GtkEntry        *tag;
  GtkEntry        *problem;
  GtkSpinButton   *min_tokens;
  GtkSpinButton   *max_tokens;
  GtkSpinButton   *cluster;
  GtkWidget       *building_box;
  GtkSpinner      *spinner;
  GtkLabel        *building_label;
  GtkLabel        *count_label;
};

enum
{
  PROP_0,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VsRecordsFilterBar, vs_records_filter_bar, GTK_TYPE_WIDGET)

/* The drop-downs' rows, in the .ui's order. */
static const char * const splits[] = { NULL, "train", "validation", "test", "unassigned" };
static const char * const statuses[] = { NULL, "unreviewed", "accepted", "rejected" };

/* A copy of @text without surrounding blanks, or NULL when nothing is left. */
static char *
dup_trimmed (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));

  return *copy != '\0' ? g_steal_pointer (&copy) : NULL;
}

/* How many filters other than the text are set. */
static guint
count_filters (const VsRecordQuery *query)
{
  return (query->split != NULL) + (query->status != NULL) + (query->tag != NULL) +
         (query->problem != NULL) + (query->min_rating >= 0 || query->max_rating >= 0) +
         (query->min_tokens >= 0 || query->max_tokens >= 0) + (query->cluster >= 0);
}

static void
read_controls (VsRecordsFilterBar *self,
               VsRecordQuery      *query)
{
  guint split = gtk_drop_down_get_selected (self->split);
  guint status = gtk_drop_down_get_selected (self->status);
  guint rating = gtk_drop_down_get_selected (self->rating);
  gint64 min_tokens = gtk_spin_button_get_value_as_int (self->min_tokens);
  gint64 max_tokens = gtk_spin_button_get_value_as_int (self->max_tokens);
  gint64 cluster = (gint64) gtk_spin_button_get_value (self->cluster);

  g_clear_pointer (&query->text, g_free);
  g_clear_pointer (&query->split, g_free);
  g_clear_pointer (&query->status, g_free);
  g_clear_pointer (&query->tag, g_free);
  g_clear_pointer (&query->problem, g_free);

  query->text = dup_trimmed (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  query->split = g_strdup (split < G_N_ELEMENTS (splits) ? splits[split] : NULL);
  query->status = g_strdup (status < G_N_ELEMENTS (statuses) ? statuses[status] : NULL);
  query->tag = dup_trimmed (gtk_editable_get_text (GTK_EDITABLE (self->tag)));
  query->problem = dup_trimmed (gtk_editable_get_text (GTK_EDITABLE (self->problem)));
  /* Rows: any, not rated, 1 or more … 4 or more, 5. */
  query->min_rating = rating == 0 ? -1 : rating == 1 ? 0 : (gint64) rating - 1;
  query->max_rating = rating == 1 ? 0 : -1;
  query->min_tokens = min_tokens > 0 ? min_tokens : -1;
  query->max_tokens = max_tokens > 0 ? max_tokens : -1;
  query->cluster = cluster > 0 ? cluster : -1;

  /* A search lists the best matches first, until a column header asks for another order. */
  if (query->text != NULL && query->sort == VS_RECORD_SORT_ORDINAL && !query->descending)
    query->sort = VS_RECORD_SORT_RANK;
  else if (query->text == NULL && query->sort == VS_RECORD_SORT_RANK)
    query->sort = VS_RECORD_SORT_ORDINAL;
}

static void
update_count (VsRecordsFilterBar *self)
{
  const VsRecordQuery *query;
  g_autoptr(VsDatasetCounts) counts = NULL;
  g_autofree char *matching = NULL;
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;
  const char *error;
  guint n_filters;
  gint64 n_total;

  gtk_widget_remove_css_class (GTK_WIDGET (self->count_label), "error");
  if (self->model == NULL)
    {
      gtk_label_set_label (self->count_label, "");
      return;
    }

  query = vs_record_model_get_query (self->model);
  n_filters = count_filters (query);
  if (n_filters > 0)
    {
      /* Translators: the Filters button with how many filters are set */
      g_autofree char *label = g_strdup_printf (_("Filters (%u)"), n_filters);

      gtk_menu_button_set_label (self->filters_button, label);
    }
  else
    gtk_menu_button_set_label (self->filters_button, _("Filters"));

  error = vs_record_model_get_error (self->model);
  if (error != NULL)
    {
      gtk_label_set_label (self->count_label, error);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->count_label), error);
      gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "error");
      return;
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->count_label), NULL);
  if (vs_record_model_get_loading (self->model))
    {
      gtk_label_set_label (self->count_label, query->text ? _("Searching…") : _("Counting…"));
      return;
    }

  /* The dataset's size comes from its maintained counts; nothing is counted here. */
  counts = vs_dataset_store_get_counts (vs_record_model_get_project (self->model),
                                        vs_record_model_get_dataset_id (self->model), NULL);
  n_total = counts != NULL ? vs_dataset_counts_get (counts, NULL, NULL) : 0;
  matching = vs_format_count (g_list_model_get_n_items (G_LIST_MODEL (self->model)));
  total = vs_format_count (n_total);
  if (query->text == NULL && n_filters == 0)
    /* What the table shows (it may leave out what cleaning dropped). */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row", "%s rows",
                                         g_list_model_get_n_items (G_LIST_MODEL (self->model))),
                            matching);
  else
    /* Translators: matching rows of all rows, e.g. "1,234 of 100,000 rows" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s row", "%s of %s rows",
                                         n_total), matching, total);
  if (query->text != NULL && !vs_record_model_get_ranked (self->model) &&
      g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0 &&
      query->sort == VS_RECORD_SORT_RANK)
    {
      /* Translators: shown after the count when a search matched too many rows to rank */
      g_autofree char *more = g_strdup_printf (_("%s, in file order"), text);

      g_free (text);
      text = g_steal_pointer (&more);
    }
  gtk_label_set_label (self->count_label, text);
}

static void
on_filters_changed (VsRecordsFilterBar *self)
{
  g_autoptr(VsRecordQuery) query = NULL;

  if (self->model == NULL || self->resetting)
    return;

  query = vs_record_query_copy (vs_record_model_get_query (self->model));
  read_controls (self, query);
  /* A search over an index that is not complete: build it (the rows come back when done). */
  if (query->text != NULL && self->indexer != NULL)
    vs_search_indexer_ensure (self->indexer);
  vs_record_model_set_query (self->model, query);
  update_count (self);
}

static void
update_building (VsRecordsFilterBar *self)
{
  gboolean building = self->indexer != NULL && vs_search_indexer_get_building (self->indexer);
  VsProject *project = self->model != NULL ? vs_record_model_get_project (self->model) : NULL;

  /* A read-only project cannot be indexed: say that a search may miss records. */
  if (!building && project != NULL && vs_project_get_writer (project) == NULL &&
      vs_dataset_search_get_pending (project, NULL) > 0)
    {
      gtk_widget_set_visible (self->building_box, TRUE);
      gtk_spinner_set_spinning (self->spinner, FALSE);
      gtk_label_set_label (self->building_label,
                           _("Search index incomplete (read-only project)"));
      return;
    }
  gtk_widget_set_visible (self->building_box, building);
  gtk_spinner_set_spinning (self->spinner, building);
  if (building)
    {
      gint64 done = vs_search_indexer_get_done (self->indexer);
      gint64 total = vs_search_indexer_get_total (self->indexer);
      g_autofree char *text = NULL;

      /* Translators: %d is a percentage */
      text = total > 0 ? g_strdup_printf (_("Building search index… %d%%"),
                                          (int) (100 * done / total))
                       : g_strdup (_("Building search index…"));
      gtk_label_set_label (self->building_label, text);
    }
}

/* A build finished: a search shown until now missed the records it added. */
static void
on_index_generation (VsRecordsFilterBar *self)
{
  if (self->model != NULL && vs_record_model_get_query (self->model)->text != NULL)
    vs_record_model_reload (self->model);
}

static void
reset_controls (VsRecordsFilterBar *self)
{
  self->resetting = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  gtk_drop_down_set_selected (self->split, 0);
  gtk_drop_down_set_selected (self->status, 0);
  gtk_drop_down_set_selected (self->rating, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->tag), "");
  gtk_editable_set_text (GTK_EDITABLE (self->problem), "");
  gtk_spin_button_set_value (self->min_tokens, 0);
  gtk_spin_button_set_value (self->max_tokens, 0);
  gtk_spin_button_set_value (self->cluster, 0);
  self->resetting = FALSE;
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  VsRecordsFilterBar *self = VS_RECORDS_FILTER_BAR (widget);
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));

  reset_controls (self);
  /* The search stays: the button clears the popover's filters. */
  self->resetting = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  self->resetting = FALSE;
  on_filters_changed (self);
}

static void
disconnect_model (VsRecordsFilterBar *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->model_ids); i++)
    if (self->model != NULL)
      g_clear_signal_handler (&self->model_ids[i], self->model);
  for (guint i = 0; i < G_N_ELEMENTS (self->indexer_ids); i++)
    if (self->indexer != NULL)
      g_clear_signal_handler (&self->indexer_ids[i], self->indexer);
  g_clear_object (&self->model);
  g_clear_object (&self->indexer);
}

/* The view shows another dataset (or none): follow its model, unfiltered. */
static void
on_view_model (VsRecordsFilterBar *self)
{
  VsRecordModel *model = self->view != NULL ? vs_records_view_get_model (self->view) : NULL;

  if (model == self->model)
    return;
  disconnect_model (self);
  reset_controls (self);
  if (model != NULL)
    {
      self->model = g_object_ref (model);
      self->model_ids[0] = g_signal_connect_swapped (model, "notify::n-items",
                                                     G_CALLBACK (update_count), self);
      self->model_ids[1] = g_signal_connect_swapped (model, "notify::loading",
                                                     G_CALLBACK (update_count), self);
      self->model_ids[2] = g_signal_connect_swapped (model, "notify::error",
                                                     G_CALLBACK (update_count), self);
      self->indexer = g_object_ref (vs_search_indexer_get (vs_record_model_get_project (model)));
      self->indexer_ids[0] = g_signal_connect_swapped (self->indexer, "notify::building",
                                                       G_CALLBACK (update_building), self);
      self->indexer_ids[1] = g_signal_connect_swapped (self->indexer, "notify::done",
                                                       G_CALLBACK (update_building), self);
      self->indexer_ids[2] = g_signal_connect_swapped (self->indexer, "notify::generation",
                                                       G_CALLBACK (on_index_generation), self);
      /* Records imported before the indexer was watching. */
      vs_search_indexer_ensure (self->indexer);
    }
  gtk_widget_set_sensitive (self->box, model != NULL);
  update_building (self);
  update_count (self);
}

VsRecordsView *
vs_records_filter_bar_get_view (VsRecordsFilterBar *self)
{
  g_return_val_if_fail (VS_IS_RECORDS_FILTER_BAR (self), NULL);
  return self->view;
}

void
vs_records_filter_bar_set_view (VsRecordsFilterBar *self,
                                VsRecordsView      *view)
{
  g_return_if_fail (VS_IS_RECORDS_FILTER_BAR (self));
  g_return_if_fail (view == NULL || VS_IS_RECORDS_VIEW (view));

  if (view == self->view)
    return;
  if (self->selection != NULL)
    g_clear_signal_handler (&self->selection_id, self->selection);
  g_clear_object (&self->selection);
  g_clear_object (&self->view);

  if (view != NULL)
    {
      self->view = g_object_ref (view);
      self->selection = g_object_ref (G_LIST_MODEL (gtk_column_view_get_model (
        vs_records_view_get_column_view (view))));
      self->selection_id = g_signal_connect_swapped (self->selection, "notify::model",
                                                     G_CALLBACK (on_view_model), self);
    }
  on_view_model (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

void
vs_records_filter_bar_focus_search (VsRecordsFilterBar *self)
{
  g_return_if_fail (VS_IS_RECORDS_FILTER_BAR (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

void
vs_records_filter_bar_mark_matches (GtkLabel   *label,
                                    const char *text,
                                    VsRecord   *record)
{
  const char * const *matches = record != NULL ? vs_record_get_matches (record) : NULL;
  g_autoptr(GArray) ranges = NULL;
  PangoAttrList *attrs;

  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_label (label, text ? text : "");
  if (matches == NULL || text == NULL)
    {
      gtk_label_set_attributes (label, NULL);
      return;
    }
  ranges = vs_dataset_search_find_matches (text, matches);
  attrs = pango_attr_list_new ();
  for (guint i = 0; i + 1 < ranges->len; i += 2)
    {
      PangoAttribute *bold = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
      PangoAttribute *under = pango_attr_underline_new (PANGO_UNDERLINE_SINGLE);

      bold->start_index = under->start_index = g_array_index (ranges, guint, i);
      bold->end_index = under->end_index = g_array_index (ranges, guint, i + 1);
      pango_attr_list_insert (attrs, bold);
      pango_attr_list_insert (attrs, under);
    }
  gtk_label_set_attributes (label, attrs);
  pango_attr_list_unref (attrs);
}

GtkWidget *
vs_records_filter_bar_new (void)
{
  return g_object_new (VS_TYPE_RECORDS_FILTER_BAR, NULL);
}

static void
vs_records_filter_bar_dispose (GObject *object)
{
  VsRecordsFilterBar *self = VS_RECORDS_FILTER_BAR (object);

  vs_records_filter_bar_set_view (self, NULL);
  disconnect_model (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_RECORDS_FILTER_BAR);

  G_OBJECT_CLASS (vs_records_filter_bar_parent_class)->dispose (object);
}

static void
vs_records_filter_bar_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  VsRecordsFilterBar *self = VS_RECORDS_FILTER_BAR (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_object (value, self->view);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_records_filter_bar_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  VsRecordsFilterBar *self = VS_RECORDS_FILTER_BAR (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      vs_records_filter_bar_set_view (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_records_filter_bar_class_init (VsRecordsFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_records_filter_bar_dispose;
  object_class->get_property = vs_records_filter_bar_get_property;
  object_class->set_property = vs_records_filter_bar_set_property;

  properties[PROP_VIEW] =
    g_param_spec_object ("view", NULL, NULL, VS_TYPE_RECORDS_VIEW,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/"
                                               "vs-records-filter-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, VsRecordsFilterBar, box);
  gtk_widget_class_bind_template_child (widget_class, VsRecordsFilterBar, entry);
  gtk_widget_class_bind_template_child (widget_class, VsRecordsFilterBar, filters_button);
  gtk_widget_class_bind_template_child (widget_class, VsRecordsFilterBar, split);
  gtk_widget_class_bind_template_child (widget_class, VsRecordsFilterBar, status);
  gtk_widget_class_bind_template_child (widget_class, VsRecordsFilterBar, rating);
  gtk_widget_class_bind_template_child (widget_class, VsRecordsFilterBar, tag);
  gtk_widget_class_bind_template_child (widget_class, VsRecordsFilterBar, problem);
  gtk_widget_class_bind_template_child (widget_class, VsRecordsFilterBar, min_tokens);
  gtk_widget_class_bind_template_child (widget_class, VsRecordsFilterBar, max_tokens);
  gtk_widget_class_bind_template_child (widget_class, VsRecordsFilterBar, cluster);
  gtk_widget_class_bind_template_child (widget_class, VsRecordsFilterBar, building_box);
  gtk_widget_class_bind_template_child (widget_class, VsRecordsFilterBar, spinner);
  gtk_widget_class_bind_template_child (widget_class, VsRecordsFilterBar, building_label);
  gtk_widget_class_bind_template_child (widget_class, VsRecordsFilterBar, count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed);
  gtk_widget_class_install_action (widget_class, "filter-bar.clear", NULL, clear_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SEARCH);
}

static void
vs_records_filter_bar_init (VsRecordsFilterBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_sensitive (self->box, FALSE);
}
