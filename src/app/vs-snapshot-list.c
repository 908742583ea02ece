/* vs-snapshot-list.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row per snapshot, shown at once; what changed since the previous snapshot is filled in
 * when its diff (a read per record that changed, on a worker thread) arrives.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-dataset-snapshot.h"
#include "vs-format.h"
#include "vs-snapshot-list.h"

struct _VsSnapshotList
{
  AdwPreferencesGroup  parent_instance;

  GtkWidget           *placeholder;
  GPtrArray           *rows;        /* the snapshot rows shown */
  GHashTable          *infos;       /* snapshot id → VsSnapshotInfo of the rows shown */
  GCancellable        *cancellable; /* the diffs of the rows shown */

  VsProject           *project;
  gint64               dataset_id;
};

G_DEFINE_FINAL_TYPE (VsSnapshotList, vs_snapshot_list, ADW_TYPE_PREFERENCES_GROUP)

static char *
changes_text (const VsSnapshotInfo *info,
              const VsSnapshotDiff *diff)
{
  g_autofree char *n = vs_format_count (info->n_records);
  g_autofree char *added = vs_format_count (diff->n_added);
  g_autofree char *removed = vs_format_count (diff->n_removed);
  g_autofree char *edited = vs_format_count (diff->n_edited);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, info->accepted_only ? _("%s accepted records")
                                                    : _("%s records"), n);
  g_string_append (text, " · ");
  if (diff->previous_id <= 0)
    g_string_append (text, _("first snapshot"));
  else if (diff->n_added + diff->n_removed + diff->n_edited == 0)
    g_string_append (text, _("no change since the previous one"));
  else
    /* Translators: what changed since the previous snapshot: "+3 added, −1 removed, 2 edited" */
    g_string_append_printf (text, _("%s added, %s removed, %s edited"), added, removed, edited);
  if (info->n_references > 0)
    {
      g_autofree char *uses = vs_format_count (info->n_references);

      g_string_append (text, " · ");
      /* Translators: by exports, fine-tunes and evaluation runs */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "used %s time",
                                                 "used %s times", info->n_references), uses);
    }
  return g_string_free (text, FALSE);
}

static AdwActionRow *
row_of (VsSnapshotList *self,
        gint64          id)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if (GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "snapshot-id")) == (gsize) id)
        return ADW_ACTION_ROW (row);
    }
  return NULL;
}

static void
on_diff (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(VsSnapshotList) self = user_data;
  g_autoptr(VsSnapshotDiff) diff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  VsSnapshotInfo *info;
  AdwActionRow *row;

  diff = vs_dataset_snapshot_diff_finish (VS_PROJECT (source), result, &error);
  if (diff == NULL || self->infos == NULL)
    return;
  info = g_hash_table_lookup (self->infos, &diff->snapshot_id);
  row = row_of (self, diff->snapshot_id);
  if (info == NULL || row == NULL)
    return;
  subtitle = changes_text (info, diff);
  adw_action_row_set_subtitle (row, subtitle);
}

static void
rebuild (VsSnapshotList *self)
{
  g_autoptr(GPtrArray) snapshots = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self),
                                  g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_hash_table_remove_all (self->infos);
  if (self->project != NULL)
    snapshots = vs_dataset_snapshot_list (self->project, self->dataset_id, NULL);
  gtk_widget_set_visible (self->placeholder, snapshots == NULL || snapshots->len == 0);
  /* Newest first: the one a person just took is on top. */
  for (guint i = snapshots ? snapshots->len : 0; i-- > 0;)
    {
      VsSnapshotInfo *info = g_ptr_array_steal_index (snapshots, i);
      g_autofree char *n = vs_format_count (info->n_records);
      g_autofree char *when = vs_format_relative_time (info->created_at);
      g_autofree char *full = vs_format_full_time (info->created_at);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new (when);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), info->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), n);
      g_object_set_data (G_OBJECT (row), "snapshot-id", GSIZE_TO_POINTER ((gsize) info->id));
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_tooltip_text (label, full);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("camera-photo-symbolic"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->rows, row);
      vs_dataset_snapshot_diff_async (self->project, info->id, 0, self->cancellable, on_diff,
                                      g_object_ref (self));
      g_hash_table_insert (self->infos, &info->id, info);
    }
}

static void
on_changed (VsSnapshotList *self)
{
  rebuild (self);
}

static void
vs_snapshot_list_dispose (GObject *object)
{
  VsSnapshotList *self = VS_SNAPSHOT_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->project);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->infos, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), VS_TYPE_SNAPSHOT_LIST);

  G_OBJECT_CLASS (vs_snapshot_list_parent_class)->dispose (object);
}

static void
vs_snapshot_list_class_init (VsSnapshotListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_snapshot_list_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-snapshot-list.ui");
  gtk_widget_class_bind_template_child (widget_class, VsSnapshotList, placeholder);
}

static void
vs_snapshot_list_init (VsSnapshotList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->infos = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                       (GDestroyNotify) vs_snapshot_info_free);
}

GtkWidget *
vs_snapshot_list_new (VsProject *project,
                      gint64     dataset_id)
{
  VsSnapshotList *self;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  self = g_object_new (VS_TYPE_SNAPSHOT_LIST, NULL);
  self->project = g_object_ref (project);
  self->dataset_id = dataset_id;
  g_signal_connect_object (project, "changed::snapshots", G_CALLBACK (on_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (project, "changed::exports", G_CALLBACK (on_changed), self,
                           G_CONNECT_SWAPPED);
  rebuild (self);
  return GTK_WIDGET (self);
}

guint
vs_snapshot_list_get_n_snapshots (VsSnapshotList *self)
{
  g_return_val_if_fail (VS_IS_SNAPSHOT_LIST (self), 0);

  return self->rows->len;
}
