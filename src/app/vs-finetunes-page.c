/* vs-finetunes-page.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-finetune-store.h"
#include "vs-finetunes-page.h"
#include "vs-format.h"
#include "vs-item-list.h"

struct _VsFinetunesPage
{
  VsPage      parent_instance;

  GtkStack   *stack;
  AdwLeaflet *leaflet;
  VsItemList *items;
  AdwBin     *detail;
};

G_DEFINE_FINAL_TYPE (VsFinetunesPage, vs_finetunes_page, VS_TYPE_PAGE)

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
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", job->provider, when ? when : "");

      g_ptr_array_add (items, vs_item_new (job->id, vs_finetune_job_info_get_display_model (job),
                                           subtitle, job->state));
    }

  vs_item_list_set_items (self->items, items);
  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "content" : "empty");
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

  adw_bin_set_child (self->detail, GTK_WIDGET (page));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
vs_finetunes_page_project_set (VsPage    *page,
                               VsProject *project)
{
  reload (VS_FINETUNES_PAGE (page));
}

static void
vs_finetunes_page_project_changed (VsPage     *page,
                                   const char *what)
{
  if (g_strcmp0 (what, "finetune_jobs") == 0)
    reload (VS_FINETUNES_PAGE (page));
}

static void
vs_finetunes_page_dispose (GObject *object)
{
  /* AdwBin drops its child itself; the template pointers are not used after this. */
  adw_bin_set_child (ADW_BIN (object), NULL);

  G_OBJECT_CLASS (vs_finetunes_page_parent_class)->dispose (object);
}

static void
vs_finetunes_page_class_init (VsFinetunesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VsPageClass *page_class = VS_PAGE_CLASS (klass);

  object_class->dispose = vs_finetunes_page_dispose;
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
  gtk_widget_init_template (GTK_WIDGET (self));
}
