/* vs-item-list.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-item-list.h"

struct _VsItem
{
  GObject  parent_instance;
  gint64   id;
  char    *title;
  char    *subtitle;
  char    *badge;
};

G_DEFINE_FINAL_TYPE (VsItem, vs_item, G_TYPE_OBJECT)

enum {
  ITEM_PROP_0,
  ITEM_PROP_TITLE,
  ITEM_N_PROPS
};

static GParamSpec *item_properties[ITEM_N_PROPS];

static void
vs_item_finalize (GObject *object)
{
  VsItem *self = VS_ITEM (object);

  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->badge);

  G_OBJECT_CLASS (vs_item_parent_class)->finalize (object);
}

static void
vs_item_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  switch (prop_id)
    {
    case ITEM_PROP_TITLE:
      g_value_set_string (value, VS_ITEM (object)->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_item_class_init (VsItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vs_item_finalize;
  object_class->get_property = vs_item_get_property;

  item_properties[ITEM_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
vs_item_init (VsItem *self)
{
}

VsItem *
vs_item_new (gint64      id,
             const char *title,
             const char *subtitle,
             const char *badge)
{
  VsItem *self = g_object_new (VS_TYPE_ITEM, NULL);

  self->id = id;
  self->title = g_strdup (title ? title : "");
  self->subtitle = g_strdup (subtitle);
  self->badge = g_strdup (badge);
  return self;
}

gint64
vs_item_get_id (VsItem *self)
{
  return self->id;
}

const char *
vs_item_get_title (VsItem *self)
{
  return self->title;
}

const char *
vs_item_get_subtitle (VsItem *self)
{
  return self->subtitle;
}

const char *
vs_item_get_badge (VsItem *self)
{
  return self->badge;
}

struct _VsItemList
{
  GtkWidget            parent_instance;

  GListStore          *store;
  GtkFilterListModel  *filtered;
  GtkStringFilter     *filter;
  GtkSingleSelection  *selection;

  GtkWidget           *box;
  GtkSearchEntry      *search;
  GtkListView         *list;
  GMenuModel          *row_menu;   /* optional: a menu button on every row */
};

G_DEFINE_FINAL_TYPE (VsItemList, vs_item_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A row's menu acts on the selected item: opening it selects the row. */
static void
on_row_menu_popup (GtkMenuButton *button,
                   gpointer       user_data)
{
  VsItemList *self = user_data;
  gint64 *id = g_object_get_data (G_OBJECT (button), "item-id64");

  if (id != NULL)
    vs_item_list_select_id (self, *id);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           VsItemList               *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *badge = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (badge, "badge");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), subtitle);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), badge);
  if (self->row_menu != NULL)
    {
      GtkWidget *menu = gtk_menu_button_new ();

      gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu), "view-more-symbolic");
      gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu), self->row_menu);
      gtk_widget_add_css_class (menu, "flat");
      gtk_widget_set_valign (menu, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (menu, _("More"));
      gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (menu), on_row_menu_popup, self,
                                             NULL);
      gtk_box_append (GTK_BOX (box), menu);
      g_object_set_data (G_OBJECT (box), "menu", menu);
    }
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  g_object_set_data (G_OBJECT (box), "title", title);
  g_object_set_data (G_OBJECT (box), "subtitle", subtitle);
  g_object_set_data (G_OBJECT (box), "badge", badge);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item)
{
  VsItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkLabel *title = g_object_get_data (G_OBJECT (box), "title");
  GtkLabel *subtitle = g_object_get_data (G_OBJECT (box), "subtitle");
  GtkLabel *badge = g_object_get_data (G_OBJECT (box), "badge");
  GtkWidget *menu = g_object_get_data (G_OBJECT (box), "menu");

  gtk_label_set_label (title, item->title);
  /* Long names ellipsize; the whole name is in the tooltip. */
  gtk_widget_set_tooltip_text (box, item->title);
  gtk_label_set_label (subtitle, item->subtitle ? item->subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (subtitle), item->subtitle && *item->subtitle);
  gtk_label_set_label (badge, item->badge ? item->badge : "");
  gtk_widget_set_visible (GTK_WIDGET (badge), item->badge && *item->badge);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  item->title, -1);
  if (menu != NULL)
    {
      gint64 *id = g_new (gint64, 1);

      *id = item->id;
      g_object_set_data_full (G_OBJECT (menu), "item-id64", id, g_free);
      gtk_accessible_update_property (GTK_ACCESSIBLE (menu), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      item->title, -1);
    }
}

static void
on_selection_changed (VsItemList *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
}

static void
on_search_changed (VsItemList *self)
{
  gtk_string_filter_set_search (self->filter, gtk_editable_get_text (GTK_EDITABLE (self->search)));
}

GtkWidget *
vs_item_list_new (void)
{
  return g_object_new (VS_TYPE_ITEM_LIST, NULL);
}

void
vs_item_list_set_items (VsItemList *self,
                        GPtrArray  *items)
{
  gint64 selected;

  g_return_if_fail (VS_IS_ITEM_LIST (self));

  selected = vs_item_list_get_selected_id (self);
  g_signal_handlers_block_by_func (self->selection, on_selection_changed, self);
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       items ? items->pdata : NULL, items ? items->len : 0);
  g_signal_handlers_unblock_by_func (self->selection, on_selection_changed, self);

  if (selected >= 0)
    vs_item_list_select_id (self, selected);
  on_selection_changed (self);
}

guint
vs_item_list_get_n_items (VsItemList *self)
{
  g_return_val_if_fail (VS_IS_ITEM_LIST (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->store));
}

gint64
vs_item_list_get_selected_id (VsItemList *self)
{
  VsItem *item;

  g_return_val_if_fail (VS_IS_ITEM_LIST (self), -1);

  item = gtk_single_selection_get_selected_item (self->selection);
  return item ? item->id : -1;
}

void
vs_item_list_select_id (VsItemList *self,
                        gint64      id)
{
  GListModel *model = G_LIST_MODEL (self->filtered);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VsItem) item = g_list_model_get_item (model, i);

      if (item->id == id)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
}

void
vs_item_list_focus_search (VsItemList *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->search));
}

static void
vs_item_list_dispose (GObject *object)
{
  VsItemList *self = VS_ITEM_LIST (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->selection);
  g_clear_object (&self->row_menu);

  G_OBJECT_CLASS (vs_item_list_parent_class)->dispose (object);
}

static void
vs_item_list_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SELECTED_ID:
      g_value_set_int64 (value, vs_item_list_get_selected_id (VS_ITEM_LIST (object)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_item_list_class_init (VsItemListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_item_list_dispose;
  object_class->get_property = vs_item_list_get_property;

  properties[PROP_SELECTED_ID] =
    g_param_spec_int64 ("selected-id", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vsitemlist");
}

static void
vs_item_list_init (VsItemList *self)
{
  GtkListItemFactory *factory;
  GtkWidget *scroller;

  self->store = g_list_store_new (VS_TYPE_ITEM);
  self->filter = gtk_string_filter_new (gtk_property_expression_new (VS_TYPE_ITEM, NULL,
                                                                     "title"));
  gtk_string_filter_set_ignore_case (self->filter, TRUE);
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (self->store),
                                              GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->filtered));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_selection_changed), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search, "placeholder-text", _("Search"), NULL);
  gtk_widget_set_margin_start (GTK_WIDGET (self->search), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->search), 6);
  gtk_widget_set_margin_top (GTK_WIDGET (self->search), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->search), 6);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (on_search_changed),
                            self);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->search));

  self->list = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection)),
                                                 factory));
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (self->box), scroller);
}

/* Gives every row a menu button with @menu (NULL: none); its actions act on the selected item,
 * and opening it selects its row. Set it before items are added. */
void
vs_item_list_set_row_menu (VsItemList *self,
                           GMenuModel *menu)
{
  g_return_if_fail (VS_IS_ITEM_LIST (self));

  g_set_object (&self->row_menu, menu);
}
