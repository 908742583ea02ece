/* vs-compare-page.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Compare workbench: the project's evaluation runs on the left (name, when, contenders,
 * the snapshot they ran on, state) and the selected run's dashboard on the right
 * (VsCompareDashboard). With no runs yet, an empty page says how to start one. Result
 * notices for the run shown refresh its dashboard as the run progresses.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-compare-dashboard.h"
#include "vs-compare-page.h"
#include "vs-eval-results-view.h"
#include "vs-eval-run-bar.h"
#include "vs-format.h"
#include "vs-item-list.h"
#include "vs-run-store.h"

struct _VsComparePage
{
  VsPage              parent_instance;

  GtkStack           *stack;
  AdwLeaflet         *leaflet;
  VsItemList         *items;
  VsCompareDashboard *dashboard;
  GtkLabel           *empty_command;
  AdwBin             *run_bar_bin;
  GtkStack           *views;
  VsEvalResultsView  *results;
  VsEvalRunBar       *run_bar;      /* over the run on show, while its window runs runs */

  gboolean            selecting;  /* the page picks a run itself: the list stays in view */
};

G_DEFINE_FINAL_TYPE (VsComparePage, vs_compare_page, VS_TYPE_PAGE)

static const char *
state_badge (const char *state)
{
  if (g_strcmp0 (state, "done") == 0)
    return _("finished");
  if (g_strcmp0 (state, "running") == 0)
    return _("running");
  if (g_strcmp0 (state, "pending") == 0)
    return _("not started");
  if (g_strcmp0 (state, "cancelled") == 0)
    return _("stopped");
  return state;
}

static void
reload (VsComparePage *self)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) runs = NULL;

  if (project != NULL)
    runs = vs_run_store_list (project, NULL);
  for (guint i = 0; runs != NULL && i < runs->len; i++)
    {
      const VsRunInfo *run = g_ptr_array_index (runs, i);
      int n = (int) run->n_contenders;
      g_autofree char *when = vs_format_relative_time (run->created_at);
      g_autoptr(GString) subtitle = g_string_new (NULL);

      g_string_append_printf (subtitle,
                              g_dngettext (GETTEXT_PACKAGE, "%d contender", "%d contenders", n),
                              n);
      if (when != NULL)
        g_string_append_printf (subtitle, " · %s", when);
      if (run->snapshot_name != NULL)
        g_string_append_printf (subtitle, " · %s", run->snapshot_name);
      g_ptr_array_add (items, vs_item_new (run->id, run->name, subtitle->str,
                                           state_badge (run->state)));
    }

  if (items->len == 0)
    {
      /* the command that fills this page, with this project's file in it */
      g_autofree char *quoted = g_shell_quote (project != NULL ? vs_project_get_path (project)
                                                                : "FILE.versus");
      g_autofree char *command = g_strdup_printf ("versus-cli eval run SPEC.json --project %s",
                                                  quoted);

      gtk_label_set_text (self->empty_command, command);
    }
  vs_item_list_set_items (self->items, items);
  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "content" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.present", items->len > 0);
  /* the newest run is shown when nothing is selected yet */
  if (items->len > 0 && vs_item_list_get_selected_id (self->items) < 0)
    {
      self->selecting = TRUE;
      vs_item_list_select_id (self->items, vs_item_get_id (g_ptr_array_index (items, 0)));
      self->selecting = FALSE;
    }
}

static void
on_selected (VsComparePage *self)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  gint64 id = vs_item_list_get_selected_id (self->items);

  vs_compare_dashboard_set_run (self->dashboard, id > 0 ? project : NULL, MAX (id, 0));
  vs_eval_results_view_set_run (self->results, id > 0 ? project : NULL, MAX (id, 0));
  if (self->run_bar != NULL)
    vs_eval_run_bar_set_run (self->run_bar, id > 0 ? project : NULL, MAX (id, 0));
  if (id > 0 && !self->selecting)
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
present_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VsComparePage *self = VS_COMPARE_PAGE (widget);

  vs_compare_dashboard_present (self->dashboard, 0);
}

/* Tabbing into the page starts at its list of runs, also when the page is shown for the first
 * time and nothing in it has a size yet (GTK orders the tab chain by position). */
static gboolean
vs_compare_page_focus (GtkWidget        *widget,
                       GtkDirectionType  direction)
{
  VsComparePage *self = VS_COMPARE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (direction == GTK_DIR_TAB_FORWARD &&
      (focus == NULL || !gtk_widget_is_ancestor (focus, widget)) &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "content") == 0)
    {
      vs_item_list_focus_search (self->items);
      return TRUE;
    }
  return GTK_WIDGET_CLASS (vs_compare_page_parent_class)->focus (widget, direction);
}

static void
vs_compare_page_project_set (VsPage    *page,
                             VsProject *project)
{
  VsComparePage *self = VS_COMPARE_PAGE (page);

  vs_compare_dashboard_set_run (self->dashboard, NULL, 0);
  reload (self);
  on_selected (self);
}

static void
vs_compare_page_project_changed (VsPage     *page,
                                 const char *what)
{
  VsComparePage *self = VS_COMPARE_PAGE (page);

  if (g_strcmp0 (what, "runs") == 0 || g_strcmp0 (what, "contenders") == 0)
    reload (self);
  if (g_strcmp0 (what, "runs") == 0 || g_strcmp0 (what, "results") == 0 ||
      g_strcmp0 (what, "scores") == 0)
    vs_compare_dashboard_refresh (self->dashboard);
}

static void
vs_compare_page_dispose (GObject *object)
{
  /* AdwBin drops its child itself; the template pointers are not used after this. */
  adw_bin_set_child (ADW_BIN (object), NULL);

  G_OBJECT_CLASS (vs_compare_page_parent_class)->dispose (object);
}

static void
vs_compare_page_class_init (VsComparePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VsPageClass *page_class = VS_PAGE_CLASS (klass);

  object_class->dispose = vs_compare_page_dispose;
  widget_class->focus = vs_compare_page_focus;
  page_class->project_set = vs_compare_page_project_set;
  page_class->project_changed = vs_compare_page_project_changed;

  gtk_widget_class_install_action (widget_class, "compare.present", NULL, present_action);

  g_type_ensure (VS_TYPE_ITEM_LIST);
  g_type_ensure (VS_TYPE_COMPARE_DASHBOARD);
  g_type_ensure (VS_TYPE_EVAL_RESULTS_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-compare-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, stack);
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, items);
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, dashboard);
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, empty_command);
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, run_bar_bin);
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, views);
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, results);
  gtk_widget_class_bind_template_callback (widget_class, on_selected);
}

static void
vs_compare_page_init (VsComparePage *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* F5 wherever the focus is in the page (the application's accelerator names it for the
   * shortcuts window, but only reaches actions of the window itself) */
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F5, 0),
                      gtk_named_action_new ("compare.present")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.present", FALSE);
}

void
vs_compare_page_set_launcher (VsComparePage  *self,
                              VsEvalLauncher *launcher)
{
  g_return_if_fail (VS_IS_COMPARE_PAGE (self));
  g_return_if_fail (VS_IS_EVAL_LAUNCHER (launcher));

  self->run_bar = VS_EVAL_RUN_BAR (vs_eval_run_bar_new (launcher));
  adw_bin_set_child (self->run_bar_bin, GTK_WIDGET (self->run_bar));
  on_selected (self);
}

void
vs_compare_page_show_run (VsComparePage *self,
                          gint64         run_id)
{
  g_return_if_fail (VS_IS_COMPARE_PAGE (self));

  reload (self);
  vs_item_list_select_id (self->items, run_id);
  gtk_stack_set_visible_child_name (self->views, "dashboard");
}
