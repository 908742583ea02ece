/* vs-datasets-page.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-datasets-page.h"
#include "vs-format.h"
#include "vs-item-list.h"
#include "vs-json.h"

struct _VsDatasetsPage
{
  VsPage      parent_instance;

  GtkStack   *stack;
  AdwLeaflet *leaflet;
  VsItemList *items;
  AdwBin     *detail;
};

G_DEFINE_FINAL_TYPE (VsDatasetsPage, vs_datasets_page, VS_TYPE_PAGE)

static void
reload (VsDatasetsPage *self)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = NULL;

  if (project != NULL &&
      sqlite3_prepare_v2 (vs_project_get_db (project),
                          "SELECT d.id, d.name, d.updated_at,"
                          " (SELECT count(*) FROM records r WHERE r.dataset_id = d.id)"
                          " FROM datasets d ORDER BY d.name COLLATE NOCASE",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 n = sqlite3_column_int64 (stmt, 3);
          g_autofree char *count = vs_format_count (n);
          g_autofree char *when = vs_format_relative_time ((const char *) sqlite3_column_text (stmt, 2));
          g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                    "%s record · %s",
                                                                    "%s records · %s", n),
                                                       count, when ? when : "");

          g_ptr_array_add (items, vs_item_new (sqlite3_column_int64 (stmt, 0),
                                               (const char *) sqlite3_column_text (stmt, 1),
                                               subtitle, NULL));
        }
    }
  sqlite3_finalize (stmt);

  vs_item_list_set_items (self->items, items);
  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "content" : "empty");
}

static void
add_counts (AdwPreferencesGroup *group,
            sqlite3             *db,
            const char          *column,
            gint64               dataset_id,
            const char * const  *keys,
            const char * const  *labels)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s, count(*) FROM records WHERE dataset_id = ?1"
                                          " GROUP BY 1", column);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (counts, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         GSIZE_TO_POINTER (sqlite3_column_int64 (stmt, 1)));
  sqlite3_finalize (stmt);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *value = vs_format_count (GPOINTER_TO_SIZE (g_hash_table_lookup (counts,
                                                                                       keys[i])));

      vs_format_add_value_row (group, labels[i], value);
    }
}

static void
on_selected (VsDatasetsPage *self)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  gint64 id = vs_item_list_get_selected_id (self->items);
  const char *split_keys[] = { "train", "validation", "test", "unassigned", NULL };
  const char *split_labels[] = { _("Training"), _("Validation"), _("Test"), _("Not assigned"),
                                 NULL };
  const char *status_keys[] = { "unreviewed", "accepted", "rejected", NULL };
  const char *status_labels[] = { _("Not reviewed"), _("Accepted"), _("Rejected"), NULL };
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;

  if (project == NULL || id < 0)
    {
      adw_bin_set_child (self->detail, NULL);
      return;
    }

  db = vs_project_get_db (project);
  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());

  if (sqlite3_prepare_v2 (db, "SELECT name, source_path, source_format, columns, created_at"
                          " FROM datasets WHERE id = ?1", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *source = (const char *) sqlite3_column_text (stmt, 1);
          const char *format = (const char *) sqlite3_column_text (stmt, 2);
          g_autofree char *created = vs_format_full_time ((const char *) sqlite3_column_text (stmt, 4));
          g_autoptr(JsonNode) columns = vs_json_parse ((const char *) sqlite3_column_text (stmt, 3),
                                                       -1, NULL);

          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (group, (const char *) sqlite3_column_text (stmt, 0));
          vs_format_add_value_row (group, _("Source"), source ? source : _("Unknown"));
          vs_format_add_value_row (group, _("Format"), format ? format : _("Unknown"));
          if (created != NULL)
            vs_format_add_value_row (group, _("Imported"), created);
          if (columns != NULL && JSON_NODE_HOLDS_ARRAY (columns))
            {
              JsonArray *array = json_node_get_array (columns);
              g_autoptr(GString) names = g_string_new (NULL);

              for (guint i = 0; i < json_array_get_length (array); i++)
                g_string_append_printf (names, "%s%s", i ? ", " : "",
                                        json_array_get_string_element (array, i));
              vs_format_add_value_row (group, _("Columns"), names->str);
            }
          adw_preferences_page_add (page, group);
        }
    }
  sqlite3_finalize (stmt);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Splits"));
  adw_preferences_group_set_description (group, _("Records in each part of the dataset"));
  add_counts (group, db, "split", id, split_keys, split_labels);
  adw_preferences_page_add (page, group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Review"));
  add_counts (group, db, "status", id, status_keys, status_labels);
  adw_preferences_page_add (page, group);

  adw_bin_set_child (self->detail, GTK_WIDGET (page));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
vs_datasets_page_project_set (VsPage    *page,
                              VsProject *project)
{
  reload (VS_DATASETS_PAGE (page));
}

static void
vs_datasets_page_project_changed (VsPage     *page,
                                  const char *what)
{
  if (g_strcmp0 (what, "datasets") == 0 || g_strcmp0 (what, "records") == 0)
    reload (VS_DATASETS_PAGE (page));
}

static void
vs_datasets_page_dispose (GObject *object)
{
  /* AdwBin drops its child itself; the template pointers are not used after this. */
  adw_bin_set_child (ADW_BIN (object), NULL);

  G_OBJECT_CLASS (vs_datasets_page_parent_class)->dispose (object);
}

static void
vs_datasets_page_class_init (VsDatasetsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VsPageClass *page_class = VS_PAGE_CLASS (klass);

  object_class->dispose = vs_datasets_page_dispose;
  page_class->project_set = vs_datasets_page_project_set;
  page_class->project_changed = vs_datasets_page_project_changed;

  g_type_ensure (VS_TYPE_ITEM_LIST);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-datasets-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VsDatasetsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VsDatasetsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, VsDatasetsPage, items);
  gtk_widget_class_bind_template_child (widget_class, VsDatasetsPage, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_selected);
}

static void
vs_datasets_page_init (VsDatasetsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
