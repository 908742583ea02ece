/* vs-eval-results-view.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contender columns are built here because they depend on the run. Sorting: the case column
 * carries a probe sorter (as in VsRecordsView); comparing two items through the view's sorter
 * tells whether it sorts by case and which way, and the model then orders its cases.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vs-eval-case-window.h"
#include "vs-eval-results-view.h"
#include "vs-format.h"

/* Characters of a value shown in a cell, and in its tooltip. */
#define PREVIEW_CHARS 120
#define TOOLTIP_CHARS 600

typedef enum
{
  CELL_ORDINAL,
  CELL_VARS,
  CELL_EXPECTED,
  CELL_CONTENDER,
} CellKind;

typedef struct
{
  CellKind kind;
  guint    contender;  /* CELL_CONTENDER: its position */
} CellInfo;

struct _VsEvalResultsView
{
  GtkWidget            parent_instance;

  VsProject           *project;
  gint64               run_id;
  VsEvalCaseModel     *model;
  GPtrArray           *contender_columns;  /* GtkColumnViewColumn */
  GtkColumnViewColumn *ordinal_column;
  gulong               n_items_id;
  gulong               n_cases_id;
  gulong               loading_id;
  gulong               sorter_id;
  GtkWindow           *case_window;        /* weak */
  gboolean             probed;

  GtkDropDown         *filter_dropdown;
  GtkLabel            *count_label;
  GtkStack            *stack;
  AdwStatusPage       *error_page;
  GtkColumnView       *column_view;
  GtkSingleSelection  *selection;
};

G_DEFINE_FINAL_TYPE (VsEvalResultsView, vs_eval_results_view, GTK_TYPE_WIDGET)

static const char *
state_icon (VsEvalState state)
{
  switch (state)
    {
    case VS_EVAL_STATE_PASSED:
      return "object-select-symbolic";
    case VS_EVAL_STATE_FAILED:
      return "window-close-symbolic";
    case VS_EVAL_STATE_ERROR:
      return "dialog-warning-symbolic";
    case VS_EVAL_STATE_NONE:
    default:
      return "content-loading-symbolic";
    }
}

static const char *
state_class (VsEvalState state)
{
  switch (state)
    {
    case VS_EVAL_STATE_PASSED:
      return "success";
    case VS_EVAL_STATE_FAILED:
      return "error";
    case VS_EVAL_STATE_ERROR:
      return "warning";
    case VS_EVAL_STATE_NONE:
    default:
      return "dim-label";
    }
}

/* "Passed", or "Passed 2 of 3" with repeats, "Error" when every repeat failed to answer. */
static char *
state_text (const VsEvalCaseContender *c)
{
  guint n = c->n_passed + c->n_failed;

  switch (c->state)
    {
    case VS_EVAL_STATE_PASSED:
    case VS_EVAL_STATE_FAILED:
      if (c->trials->len > 1)
        /* Translators: a verdict over repeats, e.g. "Passed 2 of 3" */
        return g_strdup_printf (c->state == VS_EVAL_STATE_PASSED ? _("Passed %u of %u")
                                                                 : _("Failed, passed %u of %u"),
                                c->n_passed, n);
      return g_strdup (c->state == VS_EVAL_STATE_PASSED ? _("Passed") : _("Failed"));
    case VS_EVAL_STATE_ERROR:
      return g_strdup (_("Error"));
    case VS_EVAL_STATE_NONE:
    default:
      return g_strdup (_("Waiting"));
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            CellInfo                 *info)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 4);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
  gtk_label_set_xalign (GTK_LABEL (label), info->kind == CELL_ORDINAL ? 1 : 0);
  if (info->kind == CELL_ORDINAL)
    gtk_widget_add_css_class (label, "numeric");
  if (info->kind != CELL_CONTENDER)
    {
      gtk_list_item_set_child (item, label);
      return;
    }

  /* A contender: its verdict (icon and word), then its output. */
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *mark = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
    GtkWidget *image = gtk_image_new ();
    GtkWidget *word = gtk_label_new (NULL);

    gtk_widget_add_css_class (mark, "eval-mark");
    gtk_box_append (GTK_BOX (mark), image);
    gtk_box_append (GTK_BOX (mark), word);
    gtk_box_append (GTK_BOX (box), mark);
    /* Contender columns share the width evenly, whatever their outputs' lengths. */
    gtk_label_set_max_width_chars (GTK_LABEL (label), 12);
    gtk_widget_set_hexpand (label, TRUE);
    gtk_box_append (GTK_BOX (box), label);
    gtk_list_item_set_child (item, box);
  }
}

static void
bind_contender (GtkWidget                 *box,
                const VsEvalCaseContender *c)
{
  GtkWidget *mark = gtk_widget_get_first_child (box);
  GtkWidget *image = gtk_widget_get_first_child (mark);
  GtkLabel *word = GTK_LABEL (gtk_widget_get_next_sibling (image));
  GtkLabel *output = GTK_LABEL (gtk_widget_get_next_sibling (mark));
  const VsEvalTrialInfo *first = c->trials->len > 0 ? g_ptr_array_index (c->trials, 0) : NULL;
  g_autofree char *text = state_text (c);
  g_autofree char *preview = NULL;
  g_autofree char *tooltip = NULL;
  const char *shown = NULL;
  static const char *classes[] = { "success", "error", "warning", "dim-label" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (mark, classes[i]);
  gtk_widget_add_css_class (mark, state_class (c->state));
  gtk_image_set_from_icon_name (GTK_IMAGE (image), state_icon (c->state));
  gtk_label_set_label (word, text);

  /* The first repeat's output, or its error. */
  if (first != NULL)
    shown = first->state == VS_EVAL_STATE_ERROR ? first->error : first->output;
  preview = vs_eval_one_line (shown, PREVIEW_CHARS);
  if (shown != NULL && g_utf8_strlen (shown, -1) > PREVIEW_CHARS / 3)
    tooltip = vs_eval_one_line (shown, TOOLTIP_CHARS);
  gtk_label_set_label (output, preview);
  gtk_widget_set_tooltip_text (GTK_WIDGET (output), tooltip);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           CellInfo                 *info)
{
  GtkWidget *child = gtk_list_item_get_child (item);
  VsEvalCase *c = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;

  if (info->kind == CELL_ORDINAL)
    {
      text = vs_format_count (vs_eval_case_get_ordinal (c));
      gtk_label_set_label (GTK_LABEL (child), text);
      return;
    }
  /* A placeholder: empty until its page arrives. */
  if (!vs_eval_case_get_loaded (c) ||
      (info->kind == CELL_CONTENDER && info->contender >= vs_eval_case_get_n_contenders (c)))
    {
      gtk_widget_set_visible (child, FALSE);
      return;
    }
  gtk_widget_set_visible (child, TRUE);

  switch (info->kind)
    {
    case CELL_VARS:
      text = vs_eval_case_dup_vars_preview (c, PREVIEW_CHARS);
      if (g_utf8_strlen (text, -1) > PREVIEW_CHARS / 3)
        tooltip = vs_eval_case_dup_vars_preview (c, TOOLTIP_CHARS);
      break;
    case CELL_EXPECTED:
      text = vs_eval_one_line (vs_eval_case_get_expected (c), PREVIEW_CHARS);
      if (vs_eval_case_get_expected (c) != NULL &&
          g_utf8_strlen (vs_eval_case_get_expected (c), -1) > PREVIEW_CHARS / 3)
        tooltip = vs_eval_one_line (vs_eval_case_get_expected (c), TOOLTIP_CHARS);
      break;
    case CELL_CONTENDER:
      bind_contender (child, vs_eval_case_get_contender (c, info->contender));
      return;
    case CELL_ORDINAL:
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_label (GTK_LABEL (child), text);
  gtk_widget_set_tooltip_text (child, tooltip);
}

static void
cell_info_notify (gpointer  data,
                  GClosure *closure)
{
  g_free (data);
}

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  VsEvalResultsView *self = user_data;

  self->probed = TRUE;
  return GTK_ORDERING_LARGER;
}

static GtkColumnViewColumn *
make_column (VsEvalResultsView *self,
             const char        *title,
             CellKind           kind,
             guint              contender,
             int                width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  CellInfo *info = g_new0 (CellInfo, 1);
  GtkColumnViewColumn *column;

  info->kind = kind;
  info->contender = contender;
  g_signal_connect_data (factory, "setup", G_CALLBACK (setup_cell), info, NULL, 0);
  g_signal_connect_data (factory, "bind", G_CALLBACK (bind_cell), info, cell_info_notify, 0);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (column, width);
  else
    gtk_column_view_column_set_expand (column, TRUE);
  return column;
}

/* Whether the view sorts by case, and which way: see the file's comment. */
static void
on_sorter_changed (VsEvalResultsView *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  g_autoptr(VsEvalCase) a = vs_eval_case_new_placeholder (1);
  g_autoptr(VsEvalCase) b = vs_eval_case_new_placeholder (2);
  GtkOrdering order;

  if (self->model == NULL || sorter == NULL)
    return;
  self->probed = FALSE;
  order = gtk_sorter_compare (sorter, a, b);
  vs_eval_case_model_set_descending (self->model, self->probed && order == GTK_ORDERING_SMALLER);
}

static void
update_state (VsEvalResultsView *self)
{
  guint n_items, n_cases;
  g_autofree char *count = NULL;
  const char *page = "table";

  if (self->model == NULL || vs_eval_case_model_get_loading (self->model))
    {
      gtk_label_set_label (self->count_label, "");
      gtk_stack_set_visible_child_name (self->stack, self->model == NULL ? "empty" : "table");
      return;
    }
  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  n_cases = vs_eval_case_model_get_n_cases (self->model);
  if (vs_eval_case_model_get_filter (self->model) == VS_EVAL_CASE_FILTER_ALL)
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case", "%u cases", n_cases),
                             n_cases);
  else
    /* Translators: how many cases the filter keeps, of the run's cases with a result */
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u case", "%u of %u cases",
                                          n_cases),
                             n_items, n_cases);
  gtk_label_set_label (self->count_label, count);
  if (n_cases == 0)
    page = "empty";
  else if (n_items == 0)
    page = "no-match";
  gtk_stack_set_visible_child_name (self->stack, page);
}

static void
on_filter_selected (VsEvalResultsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->filter_dropdown);

  if (self->model != NULL && selected != GTK_INVALID_LIST_POSITION)
    vs_eval_case_model_set_filter (self->model, (VsEvalCaseFilter) selected);
  update_state (self);
}

static void
on_activate (VsEvalResultsView *self,
             guint              position)
{
  gint64 ordinal;
  GtkWidget *window;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->model == NULL)
    return;
  ordinal = vs_eval_case_model_get_ordinal (self->model, position);
  if (ordinal < 0)
    return;
  window = vs_eval_case_window_new (self->project, self->run_id, ordinal);
  vs_eval_case_window_set_model (VS_EVAL_CASE_WINDOW (window), self->model);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  g_set_weak_pointer (&self->case_window, GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
}

static void
clear_model (VsEvalResultsView *self)
{
  if (self->model != NULL)
    {
      g_clear_signal_handler (&self->n_items_id, self->model);
      g_clear_signal_handler (&self->n_cases_id, self->model);
      g_clear_signal_handler (&self->loading_id, self->model);
    }
  gtk_single_selection_set_model (self->selection, NULL);
  g_clear_object (&self->model);
  g_clear_object (&self->project);
  self->run_id = 0;
  for (guint i = 0; i < self->contender_columns->len; i++)
    gtk_column_view_remove_column (self->column_view,
                                   g_ptr_array_index (self->contender_columns, i));
  g_ptr_array_set_size (self->contender_columns, 0);
}

void
vs_eval_results_view_set_run (VsEvalResultsView *self,
                              VsProject         *project,
                              gint64             run_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsEvalCaseModel) model = NULL;

  g_return_if_fail (VS_IS_EVAL_RESULTS_VIEW (self));
  g_return_if_fail (project == NULL || VS_IS_PROJECT (project));

  if (project != NULL && project == self->project && run_id == self->run_id)
    return;
  clear_model (self);
  if (project != NULL)
    {
      model = vs_eval_case_model_new (project, run_id, &error);
      if (model == NULL)
        {
          /* A run without a spec, or gone: said in the view, not only in a log. */
          adw_status_page_set_description (self->error_page, error->message);
          gtk_stack_set_visible_child_name (self->stack, "error");
          gtk_label_set_label (self->count_label, "");
          return;
        }
    }
  if (model == NULL)
    {
      update_state (self);
      return;
    }

  self->project = g_object_ref (project);
  self->run_id = run_id;
  self->model = g_steal_pointer (&model);
  for (guint i = 0; i < vs_eval_case_model_get_n_contenders (self->model); i++)
    {
      GtkColumnViewColumn *column =
        make_column (self, vs_eval_case_model_get_contender_name (self->model, i),
                     CELL_CONTENDER, i, -1);

      gtk_column_view_append_column (self->column_view, column);
      g_ptr_array_add (self->contender_columns, column);
    }
  vs_eval_case_model_set_filter (self->model,
                                 (VsEvalCaseFilter) gtk_drop_down_get_selected (
                                   self->filter_dropdown));
  self->n_items_id = g_signal_connect_swapped (self->model, "notify::n-items",
                                               G_CALLBACK (update_state), self);
  self->n_cases_id = g_signal_connect_swapped (self->model, "notify::n-cases",
                                               G_CALLBACK (update_state), self);
  self->loading_id = g_signal_connect_swapped (self->model, "notify::loading",
                                               G_CALLBACK (update_state), self);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->model));
  gtk_column_view_sort_by_column (self->column_view, self->ordinal_column, GTK_SORT_ASCENDING);
  on_sorter_changed (self);
  update_state (self);
}

VsEvalCaseModel *
vs_eval_results_view_get_model (VsEvalResultsView *self)
{
  g_return_val_if_fail (VS_IS_EVAL_RESULTS_VIEW (self), NULL);
  return self->model;
}

GtkColumnView *
vs_eval_results_view_get_column_view (VsEvalResultsView *self)
{
  g_return_val_if_fail (VS_IS_EVAL_RESULTS_VIEW (self), NULL);
  return self->column_view;
}

void
vs_eval_results_view_set_filter (VsEvalResultsView *self,
                                 VsEvalCaseFilter   filter)
{
  g_return_if_fail (VS_IS_EVAL_RESULTS_VIEW (self));
  gtk_drop_down_set_selected (self->filter_dropdown, (guint) filter);
}

GtkWindow *
vs_eval_results_view_get_case_window (VsEvalResultsView *self)
{
  g_return_val_if_fail (VS_IS_EVAL_RESULTS_VIEW (self), NULL);
  return self->case_window;
}

GtkWidget *
vs_eval_results_view_new (void)
{
  return g_object_new (VS_TYPE_EVAL_RESULTS_VIEW, NULL);
}

static void
vs_eval_results_view_dispose (GObject *object)
{
  VsEvalResultsView *self = VS_EVAL_RESULTS_VIEW (object);
  GtkWidget *child;

  g_clear_weak_pointer (&self->case_window);
  if (self->column_view != NULL)
    {
      g_clear_signal_handler (&self->sorter_id, gtk_column_view_get_sorter (self->column_view));
      clear_model (self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_EVAL_RESULTS_VIEW);
  /* The template's box holds the bound parts but is not bound itself. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (vs_eval_results_view_parent_class)->dispose (object);
}

static void
vs_eval_results_view_finalize (GObject *object)
{
  VsEvalResultsView *self = VS_EVAL_RESULTS_VIEW (object);

  g_clear_pointer (&self->contender_columns, g_ptr_array_unref);

  G_OBJECT_CLASS (vs_eval_results_view_parent_class)->finalize (object);
}

static void
vs_eval_results_view_class_init (VsEvalResultsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_eval_results_view_dispose;
  object_class->finalize = vs_eval_results_view_finalize;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/versuslab/Versus/vs-eval-results-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VsEvalResultsView, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VsEvalResultsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, VsEvalResultsView, stack);
  gtk_widget_class_bind_template_child (widget_class, VsEvalResultsView, error_page);
  gtk_widget_class_bind_template_child (widget_class, VsEvalResultsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, VsEvalResultsView, selection);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vs_eval_results_view_init (VsEvalResultsView *self)
{
  g_autoptr(GtkSorter) sorter = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->contender_columns = g_ptr_array_new_with_free_func (g_object_unref);

  /* Translators: the header of the column with each case's number */
  self->ordinal_column = make_column (self, C_("cases", "#"), CELL_ORDINAL, 0, 64);
  sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, self, NULL));
  gtk_column_view_column_set_sorter (self->ordinal_column, sorter);
  gtk_column_view_append_column (self->column_view, self->ordinal_column);
  g_object_unref (self->ordinal_column);
  {
    GtkColumnViewColumn *column = make_column (self, _("Input"), CELL_VARS, 0, 220);

    gtk_column_view_append_column (self->column_view, column);
    g_object_unref (column);
    column = make_column (self, _("Expected"), CELL_EXPECTED, 0, 120);
    gtk_column_view_append_column (self->column_view, column);
    g_object_unref (column);
  }
  self->sorter_id = g_signal_connect_swapped (gtk_column_view_get_sorter (self->column_view),
                                              "changed", G_CALLBACK (on_sorter_changed), self);
  g_signal_connect_swapped (self->filter_dropdown, "notify::selected",
                            G_CALLBACK (on_filter_selected), self);
  update_state (self);
}
