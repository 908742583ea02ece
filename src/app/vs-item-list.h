/* vs-item-list.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The left-hand list of a workbench page: a search field (Ctrl+F) over a list of items
 * (templates, datasets, jobs, runs) with a title, a subtitle and a badge. It knows nothing of
 * what the items are; pages fill it with vs_item_list_set_items().
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VS_TYPE_ITEM (vs_item_get_type ())
G_DECLARE_FINAL_TYPE (VsItem, vs_item, VS, ITEM, GObject)

VsItem     *vs_item_new          (gint64      id,
                                  const char *title,
                                  const char *subtitle,
                                  const char *badge);
gint64      vs_item_get_id       (VsItem     *self);
const char *vs_item_get_title    (VsItem     *self);
const char *vs_item_get_subtitle (VsItem     *self);
const char *vs_item_get_badge    (VsItem     *self);

#define VS_TYPE_ITEM_LIST (vs_item_list_get_type ())
G_DECLARE_FINAL_TYPE (VsItemList, vs_item_list, VS, ITEM_LIST, GtkWidget)

GtkWidget  *vs_item_list_new         (void);
/* Replaces the items, keeping the selection on the same id when it is still there. */
void        vs_item_list_set_items   (VsItemList *self,
                                      GPtrArray  *items);
guint       vs_item_list_get_n_items (VsItemList *self);
gint64      vs_item_list_get_selected_id (VsItemList *self);
void        vs_item_list_select_id   (VsItemList *self,
                                      gint64      id);
void        vs_item_list_focus_search (VsItemList *self);
void        vs_item_list_set_row_menu (VsItemList *self,
                                      GMenuModel *menu);

G_END_DECLS
