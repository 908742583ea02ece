/* vs-records-view.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Columns are built here because the preview columns depend on the dataset. In review mode the
 * table shows the mapped chat example (system / user / assistant) instead of the raw columns,
 * with tags, rating and the row's problems. Sorting: GTK 4.8
 * cannot tell which column its sorter sorts by, so each sortable column carries a probe
 * sorter; comparing two items through the view's sorter shows which probe answers first (the
 * primary column) and whether its answer was inverted (descending). The model then sorts in
 * SQL.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vs-format.h"
#include "vs-json.h"
#include "vs-record-selection.h"
#include "vs-records-filter-bar.h"
#include "vs-records-view.h"
#include "vs-ui-util.h"

/* Characters of a value shown in a cell, and in its tooltip. */
#define PREVIEW_CHARS 80
#define TOOLTIP_CHARS 600
#define PREVIEW_MIN_WIDTH 110

typedef enum
{
  CELL_ORDINAL,
  CELL_PREVIEW,
  CELL_TOKENS,
  CELL_SPLIT,
  CELL_STATUS,
  CELL_DROPPED_BY,
  CELL_SYSTEM,
  CELL_USER,
  CELL_ASSISTANT,
  CELL_TAGS,
  CELL_RATING,
  CELL_PROBLEMS,
} CellKind;

typedef struct
{
  CellKind  kind;
  char     *column;  /* CELL_PREVIEW: the dataset's column */
} CellInfo;

typedef struct
{
  VsRecordsView *view;  /* unowned: the probe lives no longer than the view's columns */
  VsRecordSort   sort;
} Probe;

struct _VsRecordsView
{
  GtkWidget           parent_instance;

  VsRecordModel      *model;
  VsProject          *project;
  gint64              dataset_id;
  GPtrArray          *preview_columns;  /* GtkColumnViewColumn */
  GtkColumnViewColumn *dropped_column;  /* which cleaning step dropped the record */
  GPtrArray          *review_columns;   /* GtkColumnViewColumn shown in review mode */
  GPtrArray          *example_columns;  /* the chat example's, among review_columns */
  gboolean            review;
  gboolean            has_example;
  char              **column_names;     /* what the preview columns show */
  gulong              n_items_id;
  gulong              loading_id;
  gulong              sorter_id;

  /* Set by a probe during a comparison. */
  gboolean            probed;
  VsRecordSort        probed_sort;

  GtkStack           *stack;
  GtkColumnView      *column_view;
  VsRecordSelection  *selection;
};

G_DEFINE_FINAL_TYPE (VsRecordsView, vs_records_view, GTK_TYPE_WIDGET)

static void
cell_info_free (gpointer data)
{
  CellInfo *info = data;

  g_free (info->column);
  g_free (info);
}

static void
cell_info_notify (gpointer  data,
                  GClosure *closure)
{
  cell_info_free (data);
}

static const char *
split_label (const char *split)
{
  if (g_strcmp0 (split, "train") == 0)
    return _("Training");
  if (g_strcmp0 (split, "validation") == 0)
    return _("Validation");
  if (g_strcmp0 (split, "test") == 0)
    return _("Test");
  return _("Not assigned");
}

static const char *
status_label (const char *status)
{
  if (g_strcmp0 (status, "accepted") == 0)
    return _("Accepted");
  if (g_strcmp0 (status, "rejected") == 0)
    return _("Rejected");
  return _("Not reviewed");
}

/* A one-line preview of @text: line breaks and tabs as spaces, at most @max characters. */
static char *
one_line (const char *text,
          guint       max)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = text; p != NULL && *p != '\0' && n < max; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
    }
  if (text != NULL && n >= max && g_utf8_strlen (text, -1) > (glong) max)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

/* The text of the first message with @role (the last one for the assistant: the reply). */
static char *
message_text (VsRecord   *record,
              const char *role,
              guint       max)
{
  g_autoptr(JsonObject) example = NULL;
  JsonArray *messages;
  const char *found = NULL;

  if (vs_record_get_example (record) == NULL)
    return NULL;
  example = vs_json_parse_object (vs_record_get_example (record), -1, NULL);
  if (example == NULL || !json_object_has_member (example, "messages") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (example, "messages")))
    return NULL;
  messages = json_object_get_array_member (example, "messages");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonNode *node = json_array_get_element (messages, i);
      JsonObject *message;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      message = json_node_get_object (node);
      if (g_strcmp0 (vs_json_get_string (message, "role", NULL), role) != 0)
        continue;
      found = vs_json_get_string (message, "content", "");
      if (g_strcmp0 (role, "assistant") != 0)
        break;
    }
  return found != NULL ? one_line (found, max) : NULL;
}

/* Tags as "a, b". */
static char *
tags_text (VsRecord *record)
{
  g_autoptr(JsonNode) node = vs_json_parse (vs_record_get_tags (record), -1, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  JsonArray *tags;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  tags = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (tags); i++)
    {
      JsonNode *tag = json_array_get_element (tags, i);

      if (!JSON_NODE_HOLDS_VALUE (tag) || json_node_get_value_type (tag) != G_TYPE_STRING)
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, json_node_get_string (tag));
    }
  return g_strdup (out->str);
}

/* The problems' keys, errors first; @n_errors gets how many are errors. */
static char *
problems_text (VsRecord *record,
               guint    *n_errors)
{
  g_autoptr(JsonNode) node = vs_json_parse (vs_record_get_problems (record), -1, NULL);
  g_autoptr(GString) errors = g_string_new (NULL);
  g_autoptr(GString) warnings = g_string_new (NULL);
  JsonArray *problems;

  *n_errors = 0;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  problems = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (problems); i++)
    {
      JsonNode *problem = json_array_get_element (problems, i);
      const char *key = NULL;
      gboolean error = TRUE;
      GString *to;

      if (JSON_NODE_HOLDS_OBJECT (problem))
        {
          JsonObject *object = json_node_get_object (problem);

          key = vs_json_get_string (object, "key", NULL);
          error = json_object_get_boolean_member_with_default (object, "error", TRUE);
        }
      else if (JSON_NODE_HOLDS_VALUE (problem) &&
               json_node_get_value_type (problem) == G_TYPE_STRING)
        key = json_node_get_string (problem);
      if (key == NULL)
        continue;
      to = error ? errors : warnings;
      *n_errors += error ? 1 : 0;
      if (to->len > 0)
        g_string_append (to, ", ");
      g_string_append (to, key);
    }
  if (errors->len > 0 && warnings->len > 0)
    g_string_append (errors, ", ");
  g_string_append (errors, warnings->str);
  return g_strdup (errors->str);
}

static char *
rating_text (int rating)
{
  GString *out = g_string_new (NULL);

  if (rating <= 0)
    return g_string_free (out, FALSE);
  for (int i = 1; i <= 5; i++)
    g_string_append (out, i <= rating ? "★" : "☆");
  return g_string_free (out, FALSE);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            CellInfo                 *info)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* Previews ask for a few characters at least and 40 at most, so the columns share the
   * width there is (and do not follow each row's length while scrolling). */
  gtk_label_set_width_chars (GTK_LABEL (label), info->kind == CELL_PREVIEW ||
                                                info->kind == CELL_SYSTEM ||
                                                info->kind == CELL_USER ||
                                                info->kind == CELL_ASSISTANT ? 6 : 1);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  if (info->kind == CELL_ORDINAL || info->kind == CELL_TOKENS)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
    }
  else
    gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           CellInfo                 *info)
{
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  VsRecord *record = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;

  /* A placeholder: an empty, dimmed cell until its page arrives. */
  if (record == NULL || !vs_record_get_loaded (record))
    {
      gtk_label_set_label (label, "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), NULL);
      gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "warning");

  switch (info->kind)
    {
    case CELL_ORDINAL:
      text = vs_format_count (vs_record_get_ordinal (record));
      break;
    case CELL_PREVIEW:
      text = vs_record_dup_preview (record, info->column, PREVIEW_CHARS);
      /* Long values: the start of the full text in a tooltip. */
      if (text != NULL && g_utf8_strlen (text, -1) >= PREVIEW_CHARS)
        tooltip = vs_record_dup_preview (record, info->column, TOOLTIP_CHARS);
      break;
    case CELL_TOKENS:
      text = vs_record_get_tokens (record) >= 0
        ? vs_format_count (vs_record_get_tokens (record)) : g_strdup ("—");
      break;
    case CELL_SPLIT:
      text = g_strdup (split_label (vs_record_get_split (record)));
      break;
    case CELL_STATUS:
      text = g_strdup (status_label (vs_record_get_status (record)));
      break;
    case CELL_DROPPED_BY:
      text = vs_record_get_dropped_by (record) != NULL
        ? g_strdup (vs_ui_clean_step_title (vs_record_get_dropped_by (record))) : NULL;
      break;
    case CELL_SYSTEM:
    case CELL_USER:
    case CELL_ASSISTANT:
      {
        const char *role = info->kind == CELL_SYSTEM ? "system"
                           : info->kind == CELL_USER ? "user" : "assistant";

        text = message_text (record, role, PREVIEW_CHARS);
        if (text != NULL && g_utf8_strlen (text, -1) > PREVIEW_CHARS)
          tooltip = message_text (record, role, TOOLTIP_CHARS);
      }
      break;
    case CELL_TAGS:
      text = tags_text (record);
      if (text != NULL && *text != '\0')
        tooltip = g_strdup (text);
      break;
    case CELL_RATING:
      text = rating_text (vs_record_get_rating (record));
      if (vs_record_get_rating (record) > 0)
        /* Translators: a record's rating, e.g. "4 of 5" */
        tooltip = g_strdup_printf (_("%d of 5"), vs_record_get_rating (record));
      break;
    case CELL_PROBLEMS:
      {
        guint n_errors;

        text = problems_text (record, &n_errors);
        if (text != NULL && *text != '\0')
          {
            tooltip = g_strdup (text);
            gtk_widget_add_css_class (GTK_WIDGET (label), n_errors > 0 ? "error" : "warning");
          }
      }
      break;
    default:
      g_assert_not_reached ();
    }

  /* A search's matches in bold (vs-records-filter-bar.h); other cells get no marks. */
  vs_records_filter_bar_mark_matches (label, text,
                                      info->kind == CELL_PREVIEW || info->kind == CELL_SYSTEM ||
                                      info->kind == CELL_USER || info->kind == CELL_ASSISTANT
                                      ? record : NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), tooltip);
}

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  Probe *probe = user_data;

  if (!probe->view->probed)
    {
      probe->view->probed = TRUE;
      probe->view->probed_sort = probe->sort;
    }
  return GTK_ORDERING_LARGER;
}

static GtkColumnViewColumn *
make_column (VsRecordsView *self,
             const char    *title,
             CellKind       kind,
             const char    *column,
             int            sort,
             int            width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  CellInfo *info = g_new0 (CellInfo, 1);
  GtkColumnViewColumn *view_column;

  info->kind = kind;
  info->column = g_strdup (column);
  g_signal_connect_data (factory, "setup", G_CALLBACK (setup_cell), info, NULL, 0);
  g_signal_connect_data (factory, "bind", G_CALLBACK (bind_cell), info, cell_info_notify, 0);

  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (view_column, width);
  if (sort >= 0)
    {
      Probe *probe = g_new0 (Probe, 1);
      g_autoptr(GtkSorter) sorter = NULL;

      probe->view = self;
      probe->sort = sort;
      sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, probe, g_free));
      gtk_column_view_column_set_sorter (view_column, sorter);
    }
  return view_column;
}

/* Which column the view sorts by, and which way: see the file's comment. */
static void
on_sorter_changed (VsRecordsView *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  g_autoptr(VsRecord) a = vs_record_new_placeholder (0);
  g_autoptr(VsRecord) b = vs_record_new_placeholder (1);
  GtkOrdering order;

  if (self->model == NULL || sorter == NULL)
    return;

  self->probed = FALSE;
  order = gtk_sorter_compare (sorter, a, b);
  if (!self->probed)
    vs_record_model_set_sort (self->model, VS_RECORD_SORT_ORDINAL, FALSE);
  else
    vs_record_model_set_sort (self->model, self->probed_sort, order == GTK_ORDERING_SMALLER);
}

static void
update_stack (VsRecordsView *self)
{
  gboolean empty = self->model != NULL &&
                   !vs_record_model_get_loading (self->model) &&
                   g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "table");
}

static void
clear_preview_columns (VsRecordsView *self)
{
  for (guint i = 0; i < self->preview_columns->len; i++)
    gtk_column_view_remove_column (self->column_view,
                                   g_ptr_array_index (self->preview_columns, i));
  g_ptr_array_set_size (self->preview_columns, 0);
  g_clear_pointer (&self->column_names, g_strfreev);
}

static gboolean
show_previews (VsRecordsView *self)
{
  return !self->review || !self->has_example;
}

/* Preview columns go between the ordinal (position 0) and tokens. */
static void
set_preview_columns (VsRecordsView      *self,
                     const char * const *columns)
{
  clear_preview_columns (self);
  self->column_names = g_strdupv ((char **) columns);
  for (guint i = 0; columns != NULL && columns[i] != NULL; i++)
    {
      /* Wide enough to read a few words; past that the table scrolls sideways rather than
       * squeezing every column to a letter or two. */
      GtkColumnViewColumn *column = make_column (self, columns[i], CELL_PREVIEW, columns[i], -1,
                                                 PREVIEW_MIN_WIDTH);

      gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_column_set_visible (column, show_previews (self));
      gtk_column_view_insert_column (self->column_view, 1 + i, column);
      g_ptr_array_add (self->preview_columns, column);
    }
}

static gboolean
same_columns (char               **a,
              const char * const  *b)
{
  if (a == NULL || b == NULL)
    return (a == NULL || a[0] == NULL) && (b == NULL || b[0] == NULL);
  return g_strv_equal ((const char * const *) a, b);
}

static void
clear_model (VsRecordsView *self)
{
  if (self->model != NULL)
    {
      g_clear_signal_handler (&self->n_items_id, self->model);
      g_clear_signal_handler (&self->loading_id, self->model);
    }
  vs_record_selection_set_model (self->selection, NULL);
  g_clear_object (&self->model);
  g_clear_object (&self->project);
  self->dataset_id = 0;
  clear_preview_columns (self);
}

void
vs_records_view_set_dataset (VsRecordsView      *self,
                             VsProject          *project,
                             gint64              dataset_id,
                             const char * const *columns)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsRecordModel) model = NULL;
  GtkColumnViewColumn *first;

  g_return_if_fail (VS_IS_RECORDS_VIEW (self));
  g_return_if_fail (project == NULL || VS_IS_PROJECT (project));

  /* The same dataset: the model stays; only its columns may have become known (an import
   * names them with its first batch). */
  if (project == self->project && dataset_id == self->dataset_id && project != NULL)
    {
      if (!same_columns (self->column_names, columns))
        set_preview_columns (self, columns);
      return;
    }

  clear_model (self);
  if (project == NULL)
    {
      update_stack (self);
      return;
    }

  model = vs_record_model_new (project, dataset_id, &error);
  if (model == NULL)
    {
      g_warning ("Cannot show the records of dataset %" G_GINT64_FORMAT ": %s", dataset_id,
                 error->message);
      update_stack (self);
      return;
    }

  set_preview_columns (self, columns);
  self->project = g_object_ref (project);
  self->dataset_id = dataset_id;
  self->model = g_steal_pointer (&model);
  self->n_items_id = g_signal_connect_swapped (self->model, "notify::n-items",
                                               G_CALLBACK (update_stack), self);
  self->loading_id = g_signal_connect_swapped (self->model, "notify::loading",
                                               G_CALLBACK (update_stack), self);
  vs_record_selection_set_model (self->selection, self->model);

  /* A new dataset starts in file order. */
  first = g_list_model_get_item (gtk_column_view_get_columns (self->column_view), 0);
  gtk_column_view_sort_by_column (self->column_view, first, GTK_SORT_ASCENDING);
  g_object_unref (first);
  on_sorter_changed (self);
  update_stack (self);
}

VsRecordModel *
vs_records_view_get_model (VsRecordsView *self)
{
  g_return_val_if_fail (VS_IS_RECORDS_VIEW (self), NULL);
  return self->model;
}

GtkColumnView *
vs_records_view_get_column_view (VsRecordsView *self)
{
  g_return_val_if_fail (VS_IS_RECORDS_VIEW (self), NULL);
  return self->column_view;
}

static void
update_columns (VsRecordsView *self)
{
  for (guint i = 0; i < self->review_columns->len; i++)
    {
      GtkColumnViewColumn *column = g_ptr_array_index (self->review_columns, i);
      gboolean example = g_ptr_array_find (self->example_columns, column, NULL);

      gtk_column_view_column_set_visible (column, self->review &&
                                                  (!example || self->has_example));
    }
  for (guint i = 0; i < self->preview_columns->len; i++)
    gtk_column_view_column_set_visible (g_ptr_array_index (self->preview_columns, i),
                                        show_previews (self));
}

void
vs_records_view_set_review (VsRecordsView *self,
                            gboolean       review,
                            gboolean       has_example)
{
  g_return_if_fail (VS_IS_RECORDS_VIEW (self));

  self->review = review;
  self->has_example = has_example;
  update_columns (self);
}

gboolean
vs_records_view_get_review (VsRecordsView *self)
{
  g_return_val_if_fail (VS_IS_RECORDS_VIEW (self), FALSE);
  return self->review;
}

VsRecordSelection *
vs_records_view_get_selection (VsRecordsView *self)
{
  g_return_val_if_fail (VS_IS_RECORDS_VIEW (self), NULL);
  return self->selection;
}

/* GTK 4.8 has no gtk_column_view_scroll_to(): its inner list view scrolls. */
void
vs_records_view_scroll_to (VsRecordsView *self,
                           guint          position)
{
  g_return_if_fail (VS_IS_RECORDS_VIEW (self));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}

void
vs_records_view_set_show_dropped_by (VsRecordsView *self,
                                     gboolean       show)
{
  g_return_if_fail (VS_IS_RECORDS_VIEW (self));
  gtk_column_view_column_set_visible (self->dropped_column, show);
}

GtkWidget *
vs_records_view_new (void)
{
  return g_object_new (VS_TYPE_RECORDS_VIEW, NULL);
}

static void
vs_records_view_dispose (GObject *object)
{
  VsRecordsView *self = VS_RECORDS_VIEW (object);

  if (self->column_view != NULL)
    {
      g_clear_signal_handler (&self->sorter_id, gtk_column_view_get_sorter (self->column_view));
      clear_model (self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_RECORDS_VIEW);

  G_OBJECT_CLASS (vs_records_view_parent_class)->dispose (object);
}

static void
vs_records_view_finalize (GObject *object)
{
  VsRecordsView *self = VS_RECORDS_VIEW (object);

  g_clear_pointer (&self->preview_columns, g_ptr_array_unref);
  g_clear_pointer (&self->review_columns, g_ptr_array_unref);
  g_clear_pointer (&self->example_columns, g_ptr_array_unref);
  g_clear_pointer (&self->column_names, g_strfreev);

  G_OBJECT_CLASS (vs_records_view_parent_class)->finalize (object);
}

static void
vs_records_view_class_init (VsRecordsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (VS_TYPE_RECORD_SELECTION);
  object_class->dispose = vs_records_view_dispose;
  object_class->finalize = vs_records_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-records-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VsRecordsView, stack);
  gtk_widget_class_bind_template_child (widget_class, VsRecordsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, VsRecordsView, selection);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
append_column (GtkColumnView       *view,
               GtkColumnViewColumn *column)
{
  gtk_column_view_append_column (view, column);
  g_object_unref (column);
}

/* A column of review mode, hidden until it is on. */
static void
append_review_column (VsRecordsView       *self,
                      GtkColumnViewColumn *column,
                      gboolean             example)
{
  gtk_column_view_column_set_visible (column, FALSE);
  gtk_column_view_column_set_expand (column, example);
  g_ptr_array_add (self->review_columns, g_object_ref (column));
  if (example)
    g_ptr_array_add (self->example_columns, column);
  append_column (self->column_view, column);
}

static void
vs_records_view_init (VsRecordsView *self)
{
  GtkColumnView *view;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->preview_columns = g_ptr_array_new_with_free_func (g_object_unref);
  self->review_columns = g_ptr_array_new_with_free_func (g_object_unref);
  self->example_columns = g_ptr_array_new ();
  view = self->column_view;

  /* Translators: the header of the column with each record's number in its source file */
  append_column (view, make_column (self, C_("records", "#"), CELL_ORDINAL, NULL,
                                    VS_RECORD_SORT_ORDINAL, 72));
  {
    GtkColumnViewColumn *system = make_column (self, C_("role", "System"), CELL_SYSTEM, NULL,
                                               -1, PREVIEW_MIN_WIDTH);

    /* Often the same on every row: it gets a glance, the turns get the width. */
    append_review_column (self, system, TRUE);
    gtk_column_view_column_set_expand (system, FALSE);
  }
  append_review_column (self, make_column (self, C_("role", "User"), CELL_USER, NULL, -1,
                                           PREVIEW_MIN_WIDTH), TRUE);
  append_review_column (self, make_column (self, C_("role", "Assistant"), CELL_ASSISTANT, NULL,
                                           -1, PREVIEW_MIN_WIDTH), TRUE);
  append_column (view, make_column (self, _("Tokens"), CELL_TOKENS, NULL, VS_RECORD_SORT_TOKENS,
                                    80));
  append_column (view, make_column (self, _("Split"), CELL_SPLIT, NULL, VS_RECORD_SORT_SPLIT,
                                    110));
  append_column (view, make_column (self, _("Status"), CELL_STATUS, NULL, VS_RECORD_SORT_STATUS,
                                    120));
  /* Shown while the table lists what cleaning dropped. */
  append_review_column (self, make_column (self, _("Rating"), CELL_RATING, NULL,
                                           VS_RECORD_SORT_RATING, 90), FALSE);
  append_review_column (self, make_column (self, _("Tags"), CELL_TAGS, NULL, -1, 110), FALSE);
  append_review_column (self, make_column (self, _("Problems"), CELL_PROBLEMS, NULL, -1, 150),
                        FALSE);
  self->dropped_column = make_column (self, _("Dropped by"), CELL_DROPPED_BY, NULL, -1, 180);
  gtk_column_view_column_set_visible (self->dropped_column, FALSE);
  append_column (view, self->dropped_column);

  self->sorter_id = g_signal_connect_swapped (gtk_column_view_get_sorter (view), "changed",
                                              G_CALLBACK (on_sorter_changed), self);
}
