/* vs-snapshot-list.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row per snapshot; the diff of each costs a read per record that changed since the
 * previous snapshot (the count alone for a dataset's first), so building the list stays cheap
 * on a large dataset.
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

static void
rebuild (VsSnapshotList *self)
{
  g_autoptr(GPtrArray) snapshots = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self),
                                  g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  if (self->project != NULL)
    snapshots = vs_dataset_snapshot_list (self->project, self->dataset_id, NULL);
  gtk_widget_set_visible (self->placeholder, snapshots == NULL || snapshots->len == 0);
  /* Newest first: the one a person just took is on top. */
  for (guint i = snapshots ? snapshots->len : 0; i-- > 0;)
    {
      VsSnapshotInfo *info = g_ptr_array_index (snapshots, i);
      g_autoptr(VsSnapshotDiff) diff = vs_dataset_snapshot_diff (self->project, info->id, 0,
                                                                 NULL);
      g_autofree char *subtitle = diff ? changes_text (info, diff) : NULL;
      g_autofree char *when = vs_format_relative_time (info->created_at);
      g_autofree char *full = vs_format_full_time (info->created_at);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new (when);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), info->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle ? subtitle : "");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_tooltip_text (label, full);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("camera-photo-symbolic"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->rows, row);
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

  g_clear_object (&self->project);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
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
