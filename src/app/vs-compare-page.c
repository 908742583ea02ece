/* vs-compare-page.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-compare-page.h"
#include "vs-format.h"
#include "vs-item-list.h"
#include "vs-run-store.h"

struct _VsComparePage
{
  VsPage      parent_instance;

  GtkStack   *stack;
  AdwLeaflet *leaflet;
  VsItemList *items;
  AdwBin     *detail;
};

G_DEFINE_FINAL_TYPE (VsComparePage, vs_compare_page, VS_TYPE_PAGE)

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
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "%d contender · %s",
                                                                "%d contenders · %s", n),
                                                   n, when ? when : "");

      g_ptr_array_add (items, vs_item_new (run->id, run->name, subtitle, run->state));
    }

  vs_item_list_set_items (self->items, items);
  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "content" : "empty");
}

static void
on_selected (VsComparePage *self)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  gint64 id = vs_item_list_get_selected_id (self->items);
  g_autoptr(VsRunInfo) run = NULL;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  AdwPreferencesGroup *contenders;

  if (project == NULL || id < 0)
    {
      adw_bin_set_child (self->detail, NULL);
      return;
    }

  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_page_add (page, group);

  run = vs_run_store_get (project, id, NULL);
  if (run != NULL)
    {
      g_autofree char *repeats = g_strdup_printf ("%d", run->repeats);
      g_autofree char *created = vs_format_full_time (run->created_at);
      g_autofree char *ok = vs_format_count (run->results.n_ok);
      g_autofree char *errors = vs_format_count (run->results.n_errors);

      adw_preferences_group_set_title (group, run->name);
      if (run->snapshot_name != NULL)
        vs_format_add_value_row (group, _("Data snapshot"), run->snapshot_name);
      if (run->split != NULL)
        vs_format_add_value_row (group, _("Split"), run->split);
      vs_format_add_value_row (group, _("Repeats"), repeats);
      vs_format_add_value_row (group, _("State"), run->state);
      vs_format_add_value_row (group, _("Answers"), ok);
      vs_format_add_value_row (group, _("Errors"), errors);
      if (created != NULL)
        vs_format_add_value_row (group, _("Created"), created);
    }

  contenders = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (contenders, _("Contenders"));
  for (guint i = 0; run != NULL && i < run->contenders->len; i++)
    {
      const VsContenderInfo *contender = g_ptr_array_index (run->contenders, i);

      vs_format_add_value_row (contenders, contender->label, contender->model);
    }
  adw_preferences_page_add (page, contenders);

  adw_bin_set_child (self->detail, GTK_WIDGET (page));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
vs_compare_page_project_set (VsPage    *page,
                               VsProject *project)
{
  reload (VS_COMPARE_PAGE (page));
}

static void
vs_compare_page_project_changed (VsPage     *page,
                                   const char *what)
{
  if (g_strcmp0 (what, "runs") == 0 || g_strcmp0 (what, "results") == 0)
    reload (VS_COMPARE_PAGE (page));
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
  page_class->project_set = vs_compare_page_project_set;
  page_class->project_changed = vs_compare_page_project_changed;

  g_type_ensure (VS_TYPE_ITEM_LIST);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-compare-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, stack);
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, items);
  gtk_widget_class_bind_template_child (widget_class, VsComparePage, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_selected);
}

static void
vs_compare_page_init (VsComparePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
