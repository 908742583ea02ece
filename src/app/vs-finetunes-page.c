/* vs-finetunes-page.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-finetunes-page.h"
#include "vs-format.h"
#include "vs-item-list.h"
#include "vs-project-private.h"

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
  sqlite3_stmt *stmt = NULL;

  if (project != NULL &&
      sqlite3_prepare_v2 (vs_project_get_db (project),
                          "SELECT id, coalesce(fine_tuned_model, base_model), provider, state,"
                          " created_at FROM finetune_jobs ORDER BY created_at DESC, id DESC",
                          -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        g_autofree char *when = vs_format_relative_time ((const char *) sqlite3_column_text (stmt, 4));
        g_autofree char *subtitle = g_strdup_printf ("%s · %s",
                                                     (const char *) sqlite3_column_text (stmt, 2),
                                                     when ? when : "");

        g_ptr_array_add (items, vs_item_new (sqlite3_column_int64 (stmt, 0),
                                             (const char *) sqlite3_column_text (stmt, 1),
                                             subtitle,
                                             (const char *) sqlite3_column_text (stmt, 3)));
      }
  sqlite3_finalize (stmt);

  vs_item_list_set_items (self->items, items);
  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "content" : "empty");
}

static void
on_selected (VsFinetunesPage *self)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  gint64 id = vs_item_list_get_selected_id (self->items);
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  sqlite3_stmt *stmt = NULL;

  if (project == NULL || id < 0)
    {
      adw_bin_set_child (self->detail, NULL);
      return;
    }

  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_page_add (page, group);

  if (sqlite3_prepare_v2 (vs_project_get_db (project),
                          "SELECT j.provider, j.base_model, j.fine_tuned_model, j.state,"
                          " j.raw_status, s.name, j.trained_tokens, j.estimated_cost, j.error,"
                          " j.created_at, j.finished_at"
                          " FROM finetune_jobs j LEFT JOIN snapshots s ON s.id = j.snapshot_id"
                          " WHERE j.id = ?1", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *labels[] = { _("Provider"), _("Base model"), _("Fine-tuned model"),
                                   _("State"), _("Provider status"), _("Data snapshot") };

          adw_preferences_group_set_title (group, (const char *) sqlite3_column_text (stmt, 1));
          for (int col = 0; col < (int) G_N_ELEMENTS (labels); col++)
            if (sqlite3_column_type (stmt, col) != SQLITE_NULL)
              vs_format_add_value_row (group, labels[col],
                                       (const char *) sqlite3_column_text (stmt, col));
          if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
            {
              g_autofree char *tokens = vs_format_count (sqlite3_column_int64 (stmt, 6));

              vs_format_add_value_row (group, _("Trained tokens"), tokens);
            }
          if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
            {
              g_autofree char *cost = g_strdup_printf ("$%.2f", sqlite3_column_double (stmt, 7));

              vs_format_add_value_row (group, _("Estimated cost"), cost);
            }
          if (sqlite3_column_type (stmt, 8) != SQLITE_NULL)
            vs_format_add_value_row (group, _("Error"), (const char *) sqlite3_column_text (stmt, 8));
          for (int col = 9; col <= 10; col++)
            {
              g_autofree char *when = vs_format_full_time ((const char *) sqlite3_column_text (stmt, col));

              if (when != NULL)
                vs_format_add_value_row (group, col == 9 ? _("Created") : _("Finished"), when);
            }
        }
    }
  sqlite3_finalize (stmt);

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
