/* vs-snapshot-dialog.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-dataset-snapshot.h"
#include "vs-format.h"
#include "vs-snapshot-dialog.h"

struct _VsSnapshotDialog
{
  AdwMessageDialog  parent_instance;

  AdwEntryRow      *name;
  GtkSwitch        *accepted_only;

  VsPage           *page;          /* weak */
  VsProject        *project;
  gint64            dataset_id;
  char             *default_name;  /* the prefilled date and time */
};

G_DEFINE_FINAL_TYPE (VsSnapshotDialog, vs_snapshot_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* The page to tell the outcome, held weakly: the dialog is gone by the time it is known. */
static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static void
on_created (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(VsPage) page = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  g_autoptr(VsSnapshotInfo) info = NULL;
  g_autofree char *message = NULL;
  gint64 id;

  weak_ref_free (ref);
  id = vs_dataset_snapshot_create_finish (VS_PROJECT (source), result, &error);
  if (id > 0)
    info = vs_dataset_snapshot_get (VS_PROJECT (source), id, &error);
  if (info == NULL)
    message = g_strdup_printf (_("Could not snapshot the dataset: %s"), error->message);
  else
    {
      g_autofree char *n = vs_format_count (info->n_records);

      /* Translators: the first %s is a snapshot's name, the second a count of records */
      message = g_strdup_printf (_("Snapshot “%s” holds %s records"), info->name, n);
    }
  if (page != NULL)
    vs_page_toast (page, message);
}

static void
on_response (VsSnapshotDialog *self,
             const char       *response)
{
  const char *text;
  GWeakRef *ref;

  if (g_strcmp0 (response, "snapshot") != 0 || self->project == NULL)
    return;
  text = gtk_editable_get_text (GTK_EDITABLE (self->name));
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self->page);
  /* Left as prefilled, the core picks the free "DATE TIME", "DATE TIME 2", … itself. */
  vs_dataset_snapshot_create_async (self->project, self->dataset_id,
                                    g_strcmp0 (text, self->default_name) == 0 ? NULL : text,
                                    gtk_switch_get_active (self->accepted_only), NULL,
                                    on_created, ref);
}

static void
on_name_changed (VsSnapshotDialog *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name))));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "snapshot", *text != '\0');
}

static void
vs_snapshot_dialog_dispose (GObject *object)
{
  VsSnapshotDialog *self = VS_SNAPSHOT_DIALOG (object);

  g_clear_weak_pointer (&self->page);
  g_clear_object (&self->project);
  g_clear_pointer (&self->default_name, g_free);

  G_OBJECT_CLASS (vs_snapshot_dialog_parent_class)->dispose (object);
}

static void
vs_snapshot_dialog_class_init (VsSnapshotDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_snapshot_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-snapshot-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VsSnapshotDialog, name);
  gtk_widget_class_bind_template_child (widget_class, VsSnapshotDialog, accepted_only);
  gtk_widget_class_bind_template_callback (widget_class, on_response);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);
}

static void
vs_snapshot_dialog_init (VsSnapshotDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VsSnapshotDialog *
vs_snapshot_dialog_new (VsPage     *page,
                        VsProject  *project,
                        gint64      dataset_id,
                        const char *dataset_name)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  VsSnapshotDialog *self;
  GtkRoot *root;

  g_return_val_if_fail (VS_IS_PAGE (page), NULL);
  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (page));
  self = g_object_new (VS_TYPE_SNAPSHOT_DIALOG,
                       "transient-for", GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                       NULL);
  g_set_weak_pointer (&self->page, page);
  self->project = g_object_ref (project);
  self->dataset_id = dataset_id;
  /* Same form as the core's automatic names. */
  self->default_name = g_date_time_format (now, "%Y-%m-%d %H:%M");
  gtk_editable_set_text (GTK_EDITABLE (self->name), self->default_name);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self),
                                  _("Freezes the records of “%s” as an immutable version that "
                                    "exports, fine-tunes and evaluations record. It costs space "
                                    "only for what changed since the previous snapshot."),
                                  dataset_name);
  return self;
}
