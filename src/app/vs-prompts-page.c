/* vs-prompts-page.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-format.h"
#include "vs-item-list.h"
#include "vs-json.h"
#include "vs-prompts-page.h"

struct _VsPromptsPage
{
  VsPage      parent_instance;

  GtkStack   *stack;
  AdwLeaflet *leaflet;
  VsItemList *items;
  AdwBin     *detail;
};

G_DEFINE_FINAL_TYPE (VsPromptsPage, vs_prompts_page, VS_TYPE_PAGE)

static void
reload (VsPromptsPage *self)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = NULL;

  if (project != NULL &&
      sqlite3_prepare_v2 (vs_project_get_db (project),
                          "SELECT t.id, t.name, t.updated_at,"
                          " (SELECT count(*) FROM template_versions v WHERE v.template_id = t.id)"
                          " FROM templates t ORDER BY t.name COLLATE NOCASE",
                          -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        int n = sqlite3_column_int (stmt, 3);
        g_autofree char *when = vs_format_relative_time ((const char *) sqlite3_column_text (stmt, 2));
        g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                  "%d version · %s",
                                                                  "%d versions · %s", n),
                                                     n, when ? when : "");

        g_ptr_array_add (items, vs_item_new (sqlite3_column_int64 (stmt, 0),
                                             (const char *) sqlite3_column_text (stmt, 1),
                                             subtitle, NULL));
      }
  sqlite3_finalize (stmt);

  vs_item_list_set_items (self->items, items);
  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "content" : "empty");
}

static void
on_selected (VsPromptsPage *self)
{
  VsProject *project = vs_page_get_project (VS_PAGE (self));
  gint64 id = vs_item_list_get_selected_id (self->items);
  g_autoptr(JsonObject) body = NULL;
  AdwPreferencesPage *page;
  sqlite3_stmt *stmt = NULL;
  JsonNode *messages;

  if (project == NULL || id < 0)
    {
      adw_bin_set_child (self->detail, NULL);
      return;
    }

  if (sqlite3_prepare_v2 (vs_project_get_db (project),
                          "SELECT draft FROM templates WHERE id = ?1", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        body = vs_json_parse_object ((const char *) sqlite3_column_text (stmt, 0), -1, NULL);
    }
  sqlite3_finalize (stmt);

  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  messages = body ? json_object_get_member (body, "messages") : NULL;
  if (messages != NULL && JSON_NODE_HOLDS_ARRAY (messages))
    {
      JsonArray *array = json_node_get_array (messages);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          AdwPreferencesGroup *group;
          GtkWidget *label;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (group,
                                           vs_json_get_string (json_node_get_object (node),
                                                               "role", "user"));
          label = gtk_label_new (vs_json_get_string (json_node_get_object (node), "content", ""));
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_selectable (GTK_LABEL (label), TRUE);
          gtk_widget_add_css_class (label, "card");
          gtk_widget_add_css_class (label, "prompt-text");
          adw_preferences_group_add (group, label);
          adw_preferences_page_add (page, group);
        }
    }

  adw_bin_set_child (self->detail, GTK_WIDGET (page));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

gboolean
vs_prompts_page_import_file (VsPromptsPage *self,
                             GFile         *file)
{
  g_return_val_if_fail (VS_IS_PROMPTS_PAGE (self), FALSE);

  return FALSE;
}

static void
vs_prompts_page_project_set (VsPage    *page,
                             VsProject *project)
{
  reload (VS_PROMPTS_PAGE (page));
}

static void
vs_prompts_page_project_changed (VsPage     *page,
                                 const char *what)
{
  if (g_strcmp0 (what, "templates") == 0)
    reload (VS_PROMPTS_PAGE (page));
}

static void
vs_prompts_page_dispose (GObject *object)
{
  /* AdwBin drops its child itself; the template pointers are not used after this. */
  adw_bin_set_child (ADW_BIN (object), NULL);

  G_OBJECT_CLASS (vs_prompts_page_parent_class)->dispose (object);
}

static void
vs_prompts_page_class_init (VsPromptsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VsPageClass *page_class = VS_PAGE_CLASS (klass);

  object_class->dispose = vs_prompts_page_dispose;
  page_class->project_set = vs_prompts_page_project_set;
  page_class->project_changed = vs_prompts_page_project_changed;

  g_type_ensure (VS_TYPE_ITEM_LIST);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-prompts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VsPromptsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VsPromptsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, VsPromptsPage, items);
  gtk_widget_class_bind_template_child (widget_class, VsPromptsPage, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_selected);
}

static void
vs_prompts_page_init (VsPromptsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
