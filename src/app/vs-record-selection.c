/* vs-record-selection.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whether a position is selected is answered from the record's id each time GTK asks, so
 * rows that are replaced by a reload come back selected without anyone re-selecting them.
 */
#include "config.h"

#include "vs-record-selection.h"

/* A model change this small is a page arriving: look for the current record in it. */
#define SCAN_LIMIT (2 * VS_RECORD_MODEL_PAGE_SIZE)
#define NO_POSITION G_MAXUINT

struct _VsRecordSelection
{
  GObject        parent_instance;

  VsRecordModel *model;
  gulong         items_changed_id;
  GHashTable    *ids;        /* gint64 → selected, or with @all the unselected ones */
  gboolean       all;
  gint64         current_id;
  guint          current_position;
  guint          pending;    /* a position selected before its row was loaded */
};

enum {
  PROP_0,
  PROP_MODEL,
  PROP_CURRENT_ID,
  PROP_N_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void vs_record_selection_list_model_init (GListModelInterface *iface);
static void vs_record_selection_selection_model_init (GtkSelectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VsRecordSelection, vs_record_selection, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      vs_record_selection_list_model_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL,
                                                      vs_record_selection_selection_model_init))

static guint
n_items (VsRecordSelection *self)
{
  return self->model ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
}

/* The loaded record at @position (transfer full), or NULL. */
static VsRecord *
loaded_at (VsRecordSelection *self,
           guint              position)
{
  VsRecord *record;

  if (self->model == NULL || position >= n_items (self))
    return NULL;
  record = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  if (record != NULL && !vs_record_get_loaded (record))
    g_clear_object (&record);
  return record;
}

static gboolean
id_selected (VsRecordSelection *self,
             gint64             id)
{
  gboolean listed = g_hash_table_contains (self->ids, &id);

  return self->all ? !listed : listed;
}

static void
mark (VsRecordSelection *self,
      gint64             id,
      gboolean           selected)
{
  /* With "all", the table lists the exceptions. */
  if (selected != self->all)
    {
      gint64 *key = g_new (gint64, 1);

      *key = id;
      g_hash_table_add (self->ids, key);
    }
  else
    g_hash_table_remove (self->ids, &id);
}

static void
set_current (VsRecordSelection *self,
             gint64             id,
             guint              position)
{
  self->current_position = position;
  if (self->current_id == id)
    return;
  self->current_id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_ID]);
}

static void
changed (VsRecordSelection *self,
         guint              position,
         guint              n)
{
  if (n > 0)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), position, n);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
}

static void
clear (VsRecordSelection *self)
{
  g_hash_table_remove_all (self->ids);
  self->all = FALSE;
  self->pending = NO_POSITION;
}

/* ---- GListModel ---------------------------------------------------------------------- */

static GType
get_item_type (GListModel *model)
{
  return VS_TYPE_RECORD;
}

static guint
get_n_items (GListModel *model)
{
  return n_items (VS_RECORD_SELECTION (model));
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  VsRecordSelection *self = VS_RECORD_SELECTION (model);

  return self->model ? g_list_model_get_item (G_LIST_MODEL (self->model), position) : NULL;
}

static void
vs_record_selection_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* ---- GtkSelectionModel --------------------------------------------------------------- */

static gboolean
is_selected (GtkSelectionModel *model,
             guint              position)
{
  VsRecordSelection *self = VS_RECORD_SELECTION (model);
  g_autoptr(VsRecord) record = loaded_at (self, position);

  if (record == NULL)
    return position == self->pending || (self->all && position < n_items (self));
  return id_selected (self, vs_record_get_id (record));
}

static void
select_position (VsRecordSelection *self,
                 guint              position,
                 gboolean           current)
{
  g_autoptr(VsRecord) record = loaded_at (self, position);

  if (record == NULL)
    {
      if (current)
        self->pending = position;
      return;
    }
  mark (self, vs_record_get_id (record), TRUE);
  if (current)
    set_current (self, vs_record_get_id (record), position);
}

static gboolean
select_item (GtkSelectionModel *model,
             guint              position,
             gboolean           unselect_rest)
{
  VsRecordSelection *self = VS_RECORD_SELECTION (model);

  if (position >= n_items (self))
    return FALSE;
  if (unselect_rest)
    clear (self);
  select_position (self, position, TRUE);
  if (unselect_rest)
    changed (self, 0, n_items (self));
  else
    changed (self, position, 1);
  return TRUE;
}

static gboolean
unselect_item (GtkSelectionModel *model,
               guint              position)
{
  VsRecordSelection *self = VS_RECORD_SELECTION (model);
  g_autoptr(VsRecord) record = loaded_at (self, position);

  if (position == self->pending)
    self->pending = NO_POSITION;
  if (record != NULL)
    mark (self, vs_record_get_id (record), FALSE);
  changed (self, position, 1);
  return TRUE;
}

static gboolean
select_all (GtkSelectionModel *model)
{
  VsRecordSelection *self = VS_RECORD_SELECTION (model);

  clear (self);
  self->all = TRUE;
  changed (self, 0, n_items (self));
  return TRUE;
}

static gboolean
unselect_all (GtkSelectionModel *model)
{
  VsRecordSelection *self = VS_RECORD_SELECTION (model);

  clear (self);
  changed (self, 0, n_items (self));
  return TRUE;
}

/* Rows of a range that are not loaded yet cannot be named by id: ranges are made of rows the
 * user sees (shift+click, rubberband), which are loaded. */
static gboolean
select_range (GtkSelectionModel *model,
              guint              position,
              guint              n,
              gboolean           unselect_rest)
{
  VsRecordSelection *self = VS_RECORD_SELECTION (model);

  if (position == 0 && n >= n_items (self))
    return select_all (model);
  if (unselect_rest)
    clear (self);
  for (guint i = position; i < position + n && i < n_items (self); i++)
    select_position (self, i, FALSE);
  if (unselect_rest)
    changed (self, 0, n_items (self));
  else
    changed (self, position, n);
  return TRUE;
}

static gboolean
unselect_range (GtkSelectionModel *model,
                guint              position,
                guint              n)
{
  VsRecordSelection *self = VS_RECORD_SELECTION (model);

  for (guint i = position; i < position + n && i < n_items (self); i++)
    {
      g_autoptr(VsRecord) record = loaded_at (self, i);

      if (record != NULL)
        mark (self, vs_record_get_id (record), FALSE);
    }
  changed (self, position, n);
  return TRUE;
}

static gboolean
set_selection (GtkSelectionModel *model,
               GtkBitset         *selected,
               GtkBitset         *mask)
{
  VsRecordSelection *self = VS_RECORD_SELECTION (model);
  GtkBitsetIter iter;
  guint position;
  guint first = G_MAXUINT, last = 0;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, mask, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(VsRecord) record = loaded_at (self, position);

      first = MIN (first, position);
      last = MAX (last, position);
      if (record != NULL)
        mark (self, vs_record_get_id (record), gtk_bitset_contains (selected, position));
    }
  if (first <= last)
    changed (self, first, last - first + 1);
  return TRUE;
}

static void
vs_record_selection_selection_model_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = is_selected;
  iface->select_item = select_item;
  iface->unselect_item = unselect_item;
  iface->select_range = select_range;
  iface->unselect_range = unselect_range;
  iface->select_all = select_all;
  iface->unselect_all = unselect_all;
  iface->set_selection = set_selection;
}

/* ---- Following the model ------------------------------------------------------------- */

static void
on_items_changed (VsRecordSelection *self,
                  guint              position,
                  guint              removed,
                  guint              added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);

  /* A pending selection whose row arrived. */
  if (self->pending != NO_POSITION && self->pending >= position &&
      self->pending < position + added)
    {
      g_autoptr(VsRecord) record = loaded_at (self, self->pending);

      if (record != NULL)
        {
          guint pending = self->pending;

          self->pending = NO_POSITION;
          mark (self, vs_record_get_id (record), TRUE);
          set_current (self, vs_record_get_id (record), pending);
          changed (self, pending, 1);
        }
    }
  if (self->pending != NO_POSITION && self->pending >= n_items (self))
    self->pending = NO_POSITION;

  /* Where the current record is now, when the rows that arrived hold it. */
  if (self->current_id != 0 && added > 0 && added <= SCAN_LIMIT)
    for (guint i = position; i < position + added; i++)
      {
        g_autoptr(VsRecord) record = loaded_at (self, i);

        if (record != NULL && vs_record_get_id (record) == self->current_id)
          {
            self->current_position = i;
            break;
          }
      }
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
}

void
vs_record_selection_set_model (VsRecordSelection *self,
                               VsRecordModel     *model)
{
  guint old;

  g_return_if_fail (VS_IS_RECORD_SELECTION (self));
  g_return_if_fail (model == NULL || VS_IS_RECORD_MODEL (model));

  if (self->model == model)
    return;
  old = n_items (self);
  if (self->model != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->model);
  g_set_object (&self->model, model);
  clear (self);
  set_current (self, 0, NO_POSITION);
  if (model != NULL)
    self->items_changed_id = g_signal_connect_swapped (model, "items-changed",
                                                       G_CALLBACK (on_items_changed), self);
  if (old > 0 || n_items (self) > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, n_items (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
}

/* ---- Public -------------------------------------------------------------------------- */

VsRecordSelection *
vs_record_selection_new (VsRecordModel *model)
{
  return g_object_new (VS_TYPE_RECORD_SELECTION, "model", model, NULL);
}

VsRecordModel *
vs_record_selection_get_model (VsRecordSelection *self)
{
  g_return_val_if_fail (VS_IS_RECORD_SELECTION (self), NULL);
  return self->model;
}

gint64
vs_record_selection_get_current_id (VsRecordSelection *self)
{
  g_return_val_if_fail (VS_IS_RECORD_SELECTION (self), 0);
  return self->current_id;
}

guint
vs_record_selection_get_current_position (VsRecordSelection *self)
{
  g_return_val_if_fail (VS_IS_RECORD_SELECTION (self), NO_POSITION);
  return self->current_id != 0 ? self->current_position : NO_POSITION;
}

VsRecord *
vs_record_selection_get_current (VsRecordSelection *self)
{
  g_autoptr(VsRecord) record = NULL;

  g_return_val_if_fail (VS_IS_RECORD_SELECTION (self), NULL);

  if (self->current_id == 0 || self->current_position == NO_POSITION)
    return NULL;
  record = loaded_at (self, self->current_position);
  if (record == NULL || vs_record_get_id (record) != self->current_id)
    return NULL;
  return g_steal_pointer (&record);
}

void
vs_record_selection_select_position (VsRecordSelection *self,
                                     guint              position)
{
  g_return_if_fail (VS_IS_RECORD_SELECTION (self));
  select_item (GTK_SELECTION_MODEL (self), position, TRUE);
}

gboolean
vs_record_selection_get_all (VsRecordSelection *self)
{
  g_return_val_if_fail (VS_IS_RECORD_SELECTION (self), FALSE);
  return self->all;
}

GArray *
vs_record_selection_get_ids (VsRecordSelection *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (VS_IS_RECORD_SELECTION (self), ids);

  g_hash_table_iter_init (&iter, self->ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *) key);
  return ids;
}

guint
vs_record_selection_get_n_selected (VsRecordSelection *self)
{
  guint listed;

  g_return_val_if_fail (VS_IS_RECORD_SELECTION (self), 0);

  listed = g_hash_table_size (self->ids);
  if (self->all)
    return n_items (self) > listed ? n_items (self) - listed : 0;
  return listed + (self->pending != NO_POSITION ? 1 : 0);
}

/* ---- GObject ------------------------------------------------------------------------- */

static void
vs_record_selection_dispose (GObject *object)
{
  VsRecordSelection *self = VS_RECORD_SELECTION (object);

  if (self->model != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->model);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (vs_record_selection_parent_class)->dispose (object);
}

static void
vs_record_selection_finalize (GObject *object)
{
  VsRecordSelection *self = VS_RECORD_SELECTION (object);

  g_hash_table_unref (self->ids);

  G_OBJECT_CLASS (vs_record_selection_parent_class)->finalize (object);
}

static void
vs_record_selection_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VsRecordSelection *self = VS_RECORD_SELECTION (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_CURRENT_ID:
      g_value_set_int64 (value, self->current_id);
      break;
    case PROP_N_SELECTED:
      g_value_set_uint (value, vs_record_selection_get_n_selected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_record_selection_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VsRecordSelection *self = VS_RECORD_SELECTION (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      vs_record_selection_set_model (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_record_selection_class_init (VsRecordSelectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vs_record_selection_dispose;
  object_class->finalize = vs_record_selection_finalize;
  object_class->get_property = vs_record_selection_get_property;
  object_class->set_property = vs_record_selection_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, VS_TYPE_RECORD_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_ID] =
    g_param_spec_int64 ("current-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SELECTED] =
    g_param_spec_uint ("n-selected", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vs_record_selection_init (VsRecordSelection *self)
{
  self->ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->current_position = NO_POSITION;
  self->pending = NO_POSITION;
}
