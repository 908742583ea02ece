/* vs-curation-view.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes go through core asynchronously (the writer thread), so a key press never waits for
 * the write lock; the table and the pane follow VsProject::changed. The undo history is one
 * list of entries, each a VsCurateChange with the record it concerned (0 for a bulk action)
 * and where that record was; Ctrl+Z takes the newest and shows its record again.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vs-curation-view.h"
#include "vs-dataset-curate.h"
#include "vs-dataset-steps.h"
#include "vs-dataset-store.h"
#include "vs-format.h"
#include "vs-records-filter-bar.h"
#include "vs-window.h"

/* The record pane's width when the view first appears beside the table. */
#define PANE_WIDTH 400
/* Narrower than this, the pane goes under the table (wider by FOLD_HYSTERESIS: back beside
 * it), so the table keeps room for its columns. */
#define FOLD_WIDTH 1000
#define FOLD_HYSTERESIS 40
/* From this width the progress has its bar beside the count. */
#define BAR_WIDTH 720

typedef struct
{
  VsCurateChange *change;
  gint64          record_id;  /* 0: a bulk action */
  guint           position;   /* where the record was in the table */
} Entry;

struct _VsCurationView
{
  GtkWidget           parent_instance;

  VsProject          *project;
  gint64              dataset_id;
  gulong              changed_id;
  GPtrArray          *undo;       /* Entry, oldest first */
  GPtrArray          *redo;       /* Entry, most recently undone last */
  VsCurateChange     *toast_change;  /* the bulk change the last toast offers to undo */
  GSimpleActionGroup *toast_actions;
  GtkListStore       *tags;       /* completion of the tags in use */
  char               *progress_text;
  gulong              current_id;
  gulong              items_id;
  gulong              n_selected_id;
  gboolean            disposed;
  gboolean            divider_placed;
  guint               fold_id;
  guint               bar_id;
  GtkOrientation      fold_to;

  GtkWidget          *box;
  AdwBin             *filter_slot;
  GtkRevealer        *bulk_revealer;
  GtkLabel           *bulk_label;
  GtkPopover         *bulk_tag_popover;
  GtkEntry           *bulk_tag_entry;
  GtkPaned           *paned;
  VsRecordsView      *records_view;
  VsRecordPane       *pane;
  GtkMenuButton      *tag_button;
  GtkPopover         *tag_popover;
  GtkEntry           *tag_entry;
  GtkLabel           *progress_label;
  GtkProgressBar     *progress_bar;
};

G_DEFINE_FINAL_TYPE (VsCurationView, vs_curation_view, GTK_TYPE_WIDGET)

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  vs_curate_change_unref (entry->change);
  g_free (entry);
}

static Entry *
entry_new (VsCurateChange *change,
           gint64          record_id,
           guint           position)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->change = vs_curate_change_ref (change);
  entry->record_id = record_id;
  entry->position = position;
  return entry;
}

static VsRecordSelection *
selection (VsCurationView *self)
{
  return vs_records_view_get_selection (self->records_view);
}

static void
toast (VsCurationView *self,
       AdwToast       *toast)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (VS_IS_WINDOW (root))
    vs_window_show_toast (VS_WINDOW (root), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
toast_error (VsCurationView *self,
             const GError   *error)
{

  toast (self, adw_toast_new (error->message));
}

/* ---- Progress ------------------------------------------------------------------------ */

static void
update_progress (VsCurationView *self)
{
  g_autoptr(VsDatasetCounts) counts = NULL;
  g_autofree char *done = NULL;
  g_autofree char *total = NULL;
  gint64 reviewed = 0, all = 0;

  if (self->project != NULL)
    counts = vs_dataset_store_get_counts (self->project, self->dataset_id, NULL);
  if (counts != NULL)
    {
      reviewed = vs_dataset_counts_get (counts, NULL, VS_DATASET_STATUS_ACCEPTED) +
                 vs_dataset_counts_get (counts, NULL, VS_DATASET_STATUS_REJECTED);
      all = vs_dataset_counts_get (counts, NULL, NULL);
    }
  done = vs_format_count (reviewed);
  total = vs_format_count (all);
  g_free (self->progress_text);
  /* Translators: review progress, e.g. "12 of 60 reviewed" */
  self->progress_text = g_strdup_printf (_("%s of %s reviewed"), done, total);
  gtk_label_set_label (self->progress_label, self->progress_text);
  gtk_progress_bar_set_fraction (self->progress_bar, all > 0 ? (double) reviewed / all : 0);
}

static void
on_project_changed (VsCurationView *self,
                    const char     *table)
{
  if (g_strcmp0 (table, "records") == 0 || g_strcmp0 (table, "datasets") == 0)
    update_progress (self);
}

/* ---- The current record ------------------------------------------------------------ */

/* A write reloads table rows; when the row that had the focus went with them, the focus is
 * left on a widget that is no longer shown and keys would go nowhere: the table takes it. */
static void
keep_focus (VsCurationView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && !gtk_widget_get_mapped (focus) && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (vs_records_view_get_column_view (self->records_view)));
}

static void
show_current (VsCurationView *self)
{
  g_autoptr(VsRecord) record = vs_record_selection_get_current (selection (self));

  /* Not loaded (yet): the pane keeps what it shows until the row arrives. */
  if (record != NULL || vs_record_selection_get_current_id (selection (self)) == 0)
    vs_record_pane_set_record (self->pane, record);
}

static void
on_items_changed (VsCurationView *self,
                  guint           position,
                  guint           removed,
                  guint           added)
{
  guint current = vs_record_selection_get_current_position (selection (self));

  if (current != G_MAXUINT && current >= position && current < position + added)
    show_current (self);
  keep_focus (self);
}

static const char * const bulk_actions[] = {
  "review.bulk-status", "review.bulk-tag", "review.bulk-untag", "review.bulk-split",
  "review.bulk-delete",
};

static void
update_bulk (VsCurationView *self)
{
  VsRecordSelection *sel = selection (self);
  guint n = vs_record_selection_get_n_selected (sel);
  g_autofree char *count = vs_format_count (n);
  g_autofree char *text = NULL;
  gboolean bulk = n >= 2 || vs_record_selection_get_all (sel);

  text = vs_record_selection_get_all (sel)
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "All %s record shown selected",
                                    "All %s records shown selected", n), count)
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record selected", "%s records selected",
                                    n), count);
  gtk_label_set_label (self->bulk_label, text);
  gtk_revealer_set_reveal_child (self->bulk_revealer, bulk);
  for (guint i = 0; i < G_N_ELEMENTS (bulk_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), bulk_actions[i],
                                   bulk && self->project != NULL);
}

/* ---- History ------------------------------------------------------------------------- */

static void
push_undo (VsCurationView *self,
           VsCurateChange *change,
           gint64          record_id,
           guint           position)
{
  if (change == NULL || vs_curate_change_get_n_records (change) == 0)
    return;
  g_ptr_array_add (self->undo, entry_new (change, record_id, position));
  /* A new change ends what could be redone for the same record (all of it after a bulk). */
  for (guint i = self->redo->len; i > 0; i--)
    {
      Entry *entry = g_ptr_array_index (self->redo, i - 1);

      if (record_id == 0 || entry->record_id == record_id || entry->record_id == 0)
        g_ptr_array_remove_index (self->redo, i - 1);
    }
}

static void
on_pane_change (VsCurationView *self,
                VsCurateChange *change,
                gint64          record_id)
{
  push_undo (self, change, record_id,
             vs_record_selection_get_current_position (selection (self)));
}

/* The newest entry of @stack; -1 when none. */
static int
find_entry (VsCurationView *self,
            GPtrArray      *stack)
{
  return (int) stack->len - 1;
}

/* Undoing a record's change shows that record again (A, then Ctrl+Z: back to the record that
 * was accepted), when it is still where it was. */
static void
show_entry (VsCurationView *self,
            Entry          *entry)
{
  VsRecordSelection *sel = selection (self);
  g_autoptr(VsRecord) record = NULL;

  if (entry->record_id == 0 || entry->record_id == vs_record_selection_get_current_id (sel) ||
      entry->position >= g_list_model_get_n_items (G_LIST_MODEL (sel)))
    return;
  record = g_list_model_get_item (G_LIST_MODEL (sel), entry->position);
  if (!vs_record_get_loaded (record) || vs_record_get_id (record) != entry->record_id)
    return;
  vs_record_selection_select_position (sel, entry->position);
  vs_records_view_scroll_to (self->records_view, entry->position);
}

typedef struct
{
  VsCurationView *self;
  gint64          record_id;
  guint           position;
  gboolean        to_redo;  /* where the result goes */
} UndoData;

static void
undo_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  UndoData *d = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsCurateChange) change = vs_dataset_curate_undo_finish (VS_PROJECT (object), result,
                                                                    &error);

  if (change == NULL)
    toast_error (d->self, error);
  else if (!d->self->disposed)
    g_ptr_array_add (d->to_redo ? d->self->redo : d->self->undo,
                     entry_new (change, d->record_id, d->position));
  g_object_unref (d->self);
  g_free (d);
}

static void
run_undo (VsCurationView *self,
          GPtrArray      *from,
          guint           index,
          gboolean        to_redo)
{
  Entry *entry = g_ptr_array_steal_index (from, index);
  UndoData *d = g_new0 (UndoData, 1);

  /* An edit waiting in the pane is written first, so that it is what gets undone. */
  vs_record_pane_commit (self->pane);
  d->self = g_object_ref (self);
  d->record_id = entry->record_id;
  d->position = entry->position;
  d->to_redo = to_redo;
  show_entry (self, entry);
  vs_dataset_curate_undo_async (self->project, entry->change, NULL, undo_done, d);
  entry_free (entry);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VsCurationView *self = VS_CURATION_VIEW (widget);
  int index;

  if (self->project == NULL)
    return;
  vs_record_pane_commit (self->pane);
  index = find_entry (self, self->undo);
  if (index < 0)
    {
      toast (self, adw_toast_new (_("Nothing to undo")));
      return;
    }
  run_undo (self, self->undo, index, TRUE);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VsCurationView *self = VS_CURATION_VIEW (widget);
  int index;

  if (self->project == NULL)
    return;
  index = find_entry (self, self->redo);
  if (index < 0)
    {
      toast (self, adw_toast_new (_("Nothing to redo")));
      return;
    }
  run_undo (self, self->redo, index, FALSE);
}

/* The toast's Undo: that bulk change, wherever it is in the history. */
static void
toast_undo (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  VsCurationView *self = user_data;

  for (guint i = 0; self->toast_change != NULL && i < self->undo->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->undo, i);

      if (entry->change == self->toast_change)
        {
          run_undo (self, self->undo, i, TRUE);
          break;
        }
    }
  g_clear_pointer (&self->toast_change, vs_curate_change_unref);
}

/* ---- Review of the current record ---------------------------------------------------- */

static void
go_to (VsCurationView *self,
       int             delta)
{
  VsRecordSelection *sel = selection (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (sel));
  guint current = vs_record_selection_get_current_position (sel);
  guint position;

  if (n == 0)
    return;
  if (current == G_MAXUINT)
    position = 0;
  else if (delta < 0)
    position = current > 0 ? current - 1 : 0;
  else
    position = MIN (current + 1, n - 1);
  vs_record_selection_select_position (sel, position);
  vs_records_view_scroll_to (self->records_view, position);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  go_to (VS_CURATION_VIEW (widget), 1);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  go_to (VS_CURATION_VIEW (widget), -1);
}

typedef struct
{
  VsCurationView *self;
  gint64          record_id;  /* 0: bulk (a toast says what it did) */
  guint           position;   /* the record's in the table */
  VsCurateAction  action;
  char           *value;
} ApplyData;

/* What a bulk action did, for its toast. */
static char *
bulk_message (VsCurateAction  action,
              const char     *value,
              gint64          n)
{
  g_autofree char *count = vs_format_count (n);
  gulong plural = (gulong) MAX (n, 0);

  switch (action)
    {
    case VS_CURATE_SET_STATUS:
      if (g_strcmp0 (value, VS_DATASET_STATUS_ACCEPTED) == 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record accepted",
                                             "%s records accepted", plural), count);
      if (g_strcmp0 (value, VS_DATASET_STATUS_REJECTED) == 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record rejected",
                                             "%s records rejected", plural), count);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record marked not reviewed",
                                           "%s records marked not reviewed", plural), count);
    case VS_CURATE_ADD_TAG:
      /* Translators: %s is a number of records, %s a tag */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record tagged “%s”",
                                           "%s records tagged “%s”", plural), count, value);
    case VS_CURATE_REMOVE_TAG:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "“%2$s” removed from %1$s record",
                                           "“%2$s” removed from %1$s records", plural),
                              count, value);
    case VS_CURATE_SET_SPLIT:
      if (g_strcmp0 (value, VS_DATASET_SPLIT_TRAIN) == 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record moved to training",
                                             "%s records moved to training", plural), count);
      if (g_strcmp0 (value, VS_DATASET_SPLIT_VALIDATION) == 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record moved to validation",
                                             "%s records moved to validation", plural), count);
      if (g_strcmp0 (value, VS_DATASET_SPLIT_TEST) == 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record moved to test",
                                             "%s records moved to test", plural), count);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record taken out of the splits",
                                           "%s records taken out of the splits", plural), count);
    case VS_CURATE_DELETE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record deleted",
                                           "%s records deleted", plural), count);
    case VS_CURATE_SET_RATING:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record changed",
                                           "%s records changed", plural), count);
    }
}

static void
apply_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ApplyData *d = user_data;
  VsCurationView *self = d->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsCurateChange) change = vs_dataset_curate_apply_finish (VS_PROJECT (object), result,
                                                                     &error);

  if (change == NULL)
    toast_error (self, error);
  else if (!self->disposed)
    {
      push_undo (self, change, d->record_id, d->position);
      if (d->record_id == 0)
        {
          gint64 n = vs_curate_change_get_n_records (change);
          g_autofree char *text = bulk_message (d->action, d->value, n);
          AdwToast *t = adw_toast_new (text);

          if (n > 0)
            {
              GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

              if (root != NULL)
                gtk_widget_insert_action_group (GTK_WIDGET (root), "review-toast",
                                                G_ACTION_GROUP (self->toast_actions));
              g_clear_pointer (&self->toast_change, vs_curate_change_unref);
              self->toast_change = vs_curate_change_ref (change);
              adw_toast_set_button_label (t, _("_Undo"));
              adw_toast_set_action_name (t, "review-toast.undo");
              adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
            }
          toast (self, t);
        }
    }
  g_object_unref (self);
  g_free (d->value);
  g_free (d);
}

static void
apply (VsCurationView *self,
       VsCurateTarget *target,
       gint64          record_id,
       VsCurateAction  action,
       const char     *value)
{
  ApplyData *d = g_new0 (ApplyData, 1);

  d->self = g_object_ref (self);
  d->record_id = record_id;
  d->position = vs_record_selection_get_current_position (selection (self));
  d->action = action;
  d->value = g_strdup (value);
  vs_dataset_curate_apply_async (self->project, self->dataset_id, target, action, value, NULL,
                                 apply_done, d);
}

/* On the current record; FALSE when there is none. */
static gboolean
apply_current (VsCurationView *self,
               VsCurateAction  action,
               const char     *value)
{
  gint64 id = vs_record_selection_get_current_id (selection (self));
  g_autoptr(VsCurateTarget) target = NULL;

  if (self->project == NULL || id == 0)
    {
      toast (self, adw_toast_new (_("Select a record first (J goes to the next one)")));
      return FALSE;
    }
  vs_record_pane_commit (self->pane);
  target = vs_curate_target_new_ids (&id, 1);
  apply (self, target, id, action, value);
  return TRUE;
}

static void
status_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VsCurationView *self = VS_CURATION_VIEW (widget);
  const char *status = g_variant_get_string (parameter, NULL);

  if (apply_current (self, VS_CURATE_SET_STATUS, status) &&
      g_strcmp0 (status, VS_DATASET_STATUS_UNREVIEWED) != 0)
    go_to (self, 1);
}

static void
rate_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_autofree char *value = g_strdup_printf ("%d", g_variant_get_int32 (parameter));

  apply_current (VS_CURATION_VIEW (widget), VS_CURATE_SET_RATING, value);
}

static void
remember_tag (VsCurationView *self,
              const char     *tag)
{
  GtkTreeIter iter;
  gboolean more;

  for (more = gtk_tree_model_get_iter_first (GTK_TREE_MODEL (self->tags), &iter); more;
       more = gtk_tree_model_iter_next (GTK_TREE_MODEL (self->tags), &iter))
    {
      g_autofree char *known = NULL;

      gtk_tree_model_get (GTK_TREE_MODEL (self->tags), &iter, 0, &known, -1);
      if (g_strcmp0 (known, tag) == 0)
        return;
    }
  gtk_list_store_insert_with_values (self->tags, NULL, -1, 0, tag, -1);
}

static void
tag_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  VsCurationView *self = VS_CURATION_VIEW (widget);
  g_autofree char *tag = g_strstrip (g_strdup (g_variant_get_string (parameter, NULL)));

  if (*tag == '\0')
    return;
  if (apply_current (self, VS_CURATE_ADD_TAG, tag))
    remember_tag (self, tag);
}

static void
tag_prompt_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  VsCurationView *self = VS_CURATION_VIEW (widget);

  if (vs_record_selection_get_current_id (selection (self)) == 0)
    {
      toast (self, adw_toast_new (_("Select a record first (J goes to the next one)")));
      return;
    }
  gtk_menu_button_popup (self->tag_button);
}

static void
on_tag_entry_activate (VsCurationView *self)
{
  const char *tag = gtk_editable_get_text (GTK_EDITABLE (self->tag_entry));

  gtk_widget_activate_action (GTK_WIDGET (self), "review.tag", "s", tag);
  gtk_editable_set_text (GTK_EDITABLE (self->tag_entry), "");
  gtk_popover_popdown (self->tag_popover);
}

static void
on_tag_popover_shown (VsCurationView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->tag_entry));
}

/* ---- Bulk ---------------------------------------------------------------------------- */

static VsCurateTarget *
bulk_target (VsCurationView *self)
{
  VsRecordSelection *sel = selection (self);
  g_autoptr(GArray) ids = vs_record_selection_get_ids (sel);

  if (vs_record_selection_get_all (sel))
    return vs_curate_target_new_query (vs_record_model_get_query (vs_records_view_get_model
                                                                  (self->records_view)), ids);
  return vs_curate_target_new_ids ((const gint64 *) ids->data, ids->len);
}

static void
bulk (VsCurationView *self,
      VsCurateAction  action,
      const char     *value)
{
  g_autoptr(VsCurateTarget) target = NULL;

  if (self->project == NULL)
    return;
  vs_record_pane_commit (self->pane);
  target = bulk_target (self);
  apply (self, target, 0, action, value);
}

static void
bulk_status_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  bulk (VS_CURATION_VIEW (widget), VS_CURATE_SET_STATUS, g_variant_get_string (parameter, NULL));
}

static void
bulk_tag_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VsCurationView *self = VS_CURATION_VIEW (widget);
  const char *tag = g_variant_get_string (parameter, NULL);
  gboolean add = g_strcmp0 (action_name, "review.bulk-tag") == 0;

  if (*tag == '\0')
    return;
  bulk (self, add ? VS_CURATE_ADD_TAG : VS_CURATE_REMOVE_TAG, tag);
  if (add)
    remember_tag (self, tag);
}

static void
bulk_tag_from_entry (VsCurationView *self,
                     const char     *action)
{
  g_autofree char *tag = g_strstrip (g_strdup (gtk_editable_get_text (
                                       GTK_EDITABLE (self->bulk_tag_entry))));

  if (*tag == '\0')
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), action, "s", tag);
  gtk_editable_set_text (GTK_EDITABLE (self->bulk_tag_entry), "");
  gtk_popover_popdown (self->bulk_tag_popover);
}

static void
on_bulk_tag_add (VsCurationView *self)
{
  bulk_tag_from_entry (self, "review.bulk-tag");
}

static void
on_bulk_tag_remove (VsCurationView *self)
{
  bulk_tag_from_entry (self, "review.bulk-untag");
}

static void
bulk_split_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  bulk (VS_CURATION_VIEW (widget), VS_CURATE_SET_SPLIT, g_variant_get_string (parameter, NULL));
}

static void
bulk_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VsCurationView *self = VS_CURATION_VIEW (widget);

  bulk (self, VS_CURATE_DELETE, NULL);
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (selection (self)));
}

/* ---- Keys ------------------------------------------------------------------------------ */

/* A review key is a letter: typed into a text field, it is text, not a command. */
static gboolean
typing (VsCurationView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus));
}

static gboolean
review_key (GtkWidget *widget,
            GVariant  *args,
            gpointer   user_data)
{
  VsCurationView *self = VS_CURATION_VIEW (widget);
  const char *action;
  const char *target;

  if (!gtk_widget_get_mapped (widget) || typing (self) || self->project == NULL)
    return FALSE;
  g_variant_get (args, "(&s&s)", &action, &target);
  if (g_strcmp0 (action, "review.rate") == 0)
    gtk_widget_activate_action (widget, action, "i", (gint32) g_ascii_strtoll (target, NULL, 10));
  else if (*target != '\0')
    gtk_widget_activate_action (widget, action, "s", target);
  else
    gtk_widget_activate_action (widget, action, NULL);
  return TRUE;
}

/* ---- Public -------------------------------------------------------------------------- */

static void
load_tags (VsCurationView *self)
{
  g_auto(GStrv) tags = NULL;

  gtk_list_store_clear (self->tags);
  if (self->project == NULL)
    return;
  tags = vs_dataset_curate_list_tags (self->project, self->dataset_id, NULL);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    gtk_list_store_insert_with_values (self->tags, NULL, -1, 0, tags[i], -1);
}

void
vs_curation_view_set_dataset (VsCurationView     *self,
                              VsProject          *project,
                              gint64              dataset_id,
                              const char * const *columns)
{
  gboolean same;

  g_return_if_fail (VS_IS_CURATION_VIEW (self));
  g_return_if_fail (project == NULL || VS_IS_PROJECT (project));

  same = project == self->project && dataset_id == self->dataset_id;
  /* Mapped since: the table shows the examples. */
  vs_records_view_set_review (self->records_view, TRUE,
                              project != NULL &&
                              vs_dataset_steps_get_mapped (project, dataset_id) > 0);
  if (same)
    {
      vs_records_view_set_dataset (self->records_view, project, self->dataset_id, columns);
      return;
    }

  vs_record_pane_commit (self->pane);
  if (self->project != NULL)
    g_clear_signal_handler (&self->changed_id, self->project);
  g_set_object (&self->project, project);
  self->dataset_id = project ? dataset_id : 0;
  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  g_clear_pointer (&self->toast_change, vs_curate_change_unref);

  vs_record_pane_set_dataset (self->pane, project, self->dataset_id);
  vs_records_view_set_dataset (self->records_view, project, self->dataset_id, columns);
  if (project != NULL)
    self->changed_id = g_signal_connect_object (project, "changed",
                                                G_CALLBACK (on_project_changed), self,
                                                G_CONNECT_SWAPPED);
  load_tags (self);
  update_progress (self);
  update_bulk (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.undo", project != NULL);
}

VsRecordsView *
vs_curation_view_get_records_view (VsCurationView *self)
{
  g_return_val_if_fail (VS_IS_CURATION_VIEW (self), NULL);
  return self->records_view;
}

VsRecordPane *
vs_curation_view_get_pane (VsCurationView *self)
{
  g_return_val_if_fail (VS_IS_CURATION_VIEW (self), NULL);
  return self->pane;
}

const char *
vs_curation_view_get_progress_text (VsCurationView *self)
{
  g_return_val_if_fail (VS_IS_CURATION_VIEW (self), NULL);
  return self->progress_text;
}

guint
vs_curation_view_get_n_undo (VsCurationView *self)
{
  g_return_val_if_fail (VS_IS_CURATION_VIEW (self), 0);
  return self->undo->len;
}

GtkWidget *
vs_curation_view_new (void)
{
  return g_object_new (VS_TYPE_CURATION_VIEW, NULL);
}

/* ---- GObject ------------------------------------------------------------------------- */

static void
vs_curation_view_dispose (GObject *object)
{
  VsCurationView *self = VS_CURATION_VIEW (object);

  self->disposed = TRUE;
  g_clear_handle_id (&self->fold_id, g_source_remove);
  g_clear_handle_id (&self->bar_id, g_source_remove);
  if (self->records_view != NULL)
    {
      VsRecordSelection *sel = selection (self);

      g_clear_signal_handler (&self->current_id, sel);
      g_clear_signal_handler (&self->items_id, sel);
      g_clear_signal_handler (&self->n_selected_id, sel);
    }
  if (self->project != NULL)
    g_clear_signal_handler (&self->changed_id, self->project);
  g_clear_object (&self->project);
  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_CURATION_VIEW);

  G_OBJECT_CLASS (vs_curation_view_parent_class)->dispose (object);
}

static void
vs_curation_view_finalize (GObject *object)
{
  VsCurationView *self = VS_CURATION_VIEW (object);

  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);
  g_clear_pointer (&self->toast_change, vs_curate_change_unref);
  g_clear_object (&self->toast_actions);
  g_clear_object (&self->tags);
  g_free (self->progress_text);

  G_OBJECT_CLASS (vs_curation_view_parent_class)->finalize (object);
}

/* The pane starts at a reading width (beside) or 60% of the height (under); the table takes
 * the rest. Once per orientation: then it is the user's. */
static void
place_divider (VsCurationView *self)
{
  int max = 0;

  g_object_get (self->paned, "max-position", &max, NULL);
  if (self->divider_placed || max <= 0)
    return;
  self->divider_placed = TRUE;
  if (gtk_orientable_get_orientation (GTK_ORIENTABLE (self->paned)) == GTK_ORIENTATION_HORIZONTAL)
    gtk_paned_set_position (self->paned, MAX (max - PANE_WIDTH, max / 2));
  else
    gtk_paned_set_position (self->paned, max * 2 / 5);
}

static gboolean
show_bar (gpointer data)
{
  VsCurationView *self = data;

  self->bar_id = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar),
                          gtk_widget_get_width (GTK_WIDGET (self)) >= BAR_WIDTH);
  return G_SOURCE_REMOVE;
}

static gboolean
fold (gpointer data)
{
  VsCurationView *self = data;

  self->fold_id = 0;
  /* Placed again once the paned has its new size (notify::max-position). */
  self->divider_placed = FALSE;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->paned), self->fold_to);
  vs_record_pane_remeasure (self->pane);
  return G_SOURCE_REMOVE;
}

/* A bin: the template's box takes all of it. (No layout manager, so that allocation comes
 * here, where the fold is decided.) */
static void
vs_curation_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  *minimum = *natural = 0;
  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline,
                        natural_baseline);
}

/* Decided from the width allocated, with hysteresis; applied after this allocation. */
static void
vs_curation_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  VsCurationView *self = VS_CURATION_VIEW (widget);
  GtkOrientation now = gtk_orientable_get_orientation (GTK_ORIENTABLE (self->paned));
  GtkOrientation want = now;

  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
  if (now == GTK_ORIENTATION_HORIZONTAL && width < FOLD_WIDTH)
    want = GTK_ORIENTATION_VERTICAL;
  else if (now == GTK_ORIENTATION_VERTICAL && width > FOLD_WIDTH + FOLD_HYSTERESIS)
    want = GTK_ORIENTATION_HORIZONTAL;
  if (want != now && self->fold_id == 0)
    {
      self->fold_to = want;
      self->fold_id = g_idle_add (fold, self);
    }
  /* Narrow: the count stays, the bar gives its room to the search field. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->progress_bar)) != (width >= BAR_WIDTH) &&
      self->bar_id == 0)
    self->bar_id = g_idle_add (show_bar, self);
}

static void
add_key (GtkShortcutController *keys,
         guint                  key,
         GdkModifierType        modifiers,
         const char            *action,
         const char            *target)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (key, modifiers),
                                            gtk_callback_action_new (review_key, NULL, NULL));

  gtk_shortcut_set_arguments (shortcut, g_variant_new ("(ss)", action, target));
  gtk_shortcut_controller_add_shortcut (keys, shortcut);
}

/* The keys work wherever the focus is in the window while the view is shown — a write
 * reloads table rows, and the row that had the focus may go with them — except in a text
 * field (review_key), which sees them first. */
static void
add_keys (VsCurationView *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutController *keys = GTK_SHORTCUT_CONTROLLER (controller);

  gtk_shortcut_controller_set_scope (keys, GTK_SHORTCUT_SCOPE_GLOBAL);
  add_key (keys, GDK_KEY_j, 0, "review.next", "");
  add_key (keys, GDK_KEY_k, 0, "review.previous", "");
  add_key (keys, GDK_KEY_a, 0, "review.status", VS_DATASET_STATUS_ACCEPTED);
  add_key (keys, GDK_KEY_r, 0, "review.status", VS_DATASET_STATUS_REJECTED);
  add_key (keys, GDK_KEY_u, 0, "review.status", VS_DATASET_STATUS_UNREVIEWED);
  add_key (keys, GDK_KEY_t, 0, "review.tag-prompt", "");
  for (guint i = 1; i <= 5; i++)
    {
      char digit[2] = { (char) ('0' + i), '\0' };

      add_key (keys, GDK_KEY_0 + i, 0, "review.rate", digit);
      add_key (keys, GDK_KEY_KP_0 + i, 0, "review.rate", digit);
    }
  add_key (keys, GDK_KEY_z, GDK_CONTROL_MASK, "review.undo", "");
  add_key (keys, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "review.redo", "");
  add_key (keys, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "review.redo", "");
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
vs_curation_view_class_init (VsCurationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_curation_view_dispose;
  object_class->finalize = vs_curation_view_finalize;
  widget_class->size_allocate = vs_curation_view_size_allocate;
  widget_class->measure = vs_curation_view_measure;

  g_type_ensure (VS_TYPE_RECORDS_VIEW);
  g_type_ensure (VS_TYPE_RECORD_PANE);
  g_type_ensure (VS_TYPE_RECORDS_FILTER_BAR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-curation-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VsCurationView, box);
  gtk_widget_class_bind_template_child (widget_class, VsCurationView, filter_slot);
  gtk_widget_class_bind_template_child (widget_class, VsCurationView, bulk_revealer);
  gtk_widget_class_bind_template_child (widget_class, VsCurationView, bulk_label);
  gtk_widget_class_bind_template_child (widget_class, VsCurationView, bulk_tag_popover);
  gtk_widget_class_bind_template_child (widget_class, VsCurationView, bulk_tag_entry);
  gtk_widget_class_bind_template_child (widget_class, VsCurationView, paned);
  gtk_widget_class_bind_template_child (widget_class, VsCurationView, records_view);
  gtk_widget_class_bind_template_child (widget_class, VsCurationView, pane);
  gtk_widget_class_bind_template_child (widget_class, VsCurationView, tag_button);
  gtk_widget_class_bind_template_child (widget_class, VsCurationView, tag_popover);
  gtk_widget_class_bind_template_child (widget_class, VsCurationView, tag_entry);
  gtk_widget_class_bind_template_child (widget_class, VsCurationView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, VsCurationView, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_tag_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_bulk_tag_add);
  gtk_widget_class_bind_template_callback (widget_class, on_bulk_tag_remove);

  gtk_widget_class_install_action (widget_class, "review.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "review.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "review.status", "s", status_action);
  gtk_widget_class_install_action (widget_class, "review.rate", "i", rate_action);
  gtk_widget_class_install_action (widget_class, "review.tag", "s", tag_action);
  gtk_widget_class_install_action (widget_class, "review.tag-prompt", NULL, tag_prompt_action);
  gtk_widget_class_install_action (widget_class, "review.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "review.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "review.bulk-status", "s", bulk_status_action);
  gtk_widget_class_install_action (widget_class, "review.bulk-tag", "s", bulk_tag_action);
  gtk_widget_class_install_action (widget_class, "review.bulk-untag", "s", bulk_tag_action);
  gtk_widget_class_install_action (widget_class, "review.bulk-split", "s", bulk_split_action);
  gtk_widget_class_install_action (widget_class, "review.bulk-delete", NULL, bulk_delete_action);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vs_curation_view_init (VsCurationView *self)
{
  static const GActionEntry toast_entries[] = {
    { "undo", toast_undo, NULL, NULL, NULL, { 0 } },
  };
  g_autoptr(GtkEntryCompletion) completion = gtk_entry_completion_new ();
  g_autoptr(GtkEntryCompletion) bulk_completion = gtk_entry_completion_new ();
  VsRecordSelection *sel;

  gtk_widget_init_template (GTK_WIDGET (self));
  add_keys (self);
  self->undo = g_ptr_array_new_with_free_func (entry_free);
  self->redo = g_ptr_array_new_with_free_func (entry_free);
  self->tags = gtk_list_store_new (1, G_TYPE_STRING);
  self->toast_actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->toast_actions), toast_entries,
                                   G_N_ELEMENTS (toast_entries), self);

  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (self->tags));
  gtk_entry_completion_set_text_column (completion, 0);
  gtk_entry_completion_set_inline_completion (completion, TRUE);
  gtk_entry_set_completion (self->tag_entry, completion);
  gtk_entry_completion_set_model (bulk_completion, GTK_TREE_MODEL (self->tags));
  gtk_entry_completion_set_text_column (bulk_completion, 0);
  gtk_entry_set_completion (self->bulk_tag_entry, bulk_completion);
  g_signal_connect_swapped (self->tag_popover, "show", G_CALLBACK (on_tag_popover_shown), self);

  g_signal_connect_swapped (self->paned, "notify::max-position",
                            G_CALLBACK (place_divider), self);
  g_signal_connect_swapped (self->paned, "notify::position",
                            G_CALLBACK (vs_record_pane_remeasure), self->pane);
  sel = selection (self);
  self->current_id = g_signal_connect_swapped (sel, "notify::current-id",
                                               G_CALLBACK (show_current), self);
  self->items_id = g_signal_connect_swapped (sel, "items-changed",
                                             G_CALLBACK (on_items_changed), self);
  self->n_selected_id = g_signal_connect_swapped (sel, "notify::n-selected",
                                                  G_CALLBACK (update_bulk), self);
  g_signal_connect_swapped (self->pane, "change", G_CALLBACK (on_pane_change), self);
  update_progress (self);
  update_bulk (self);
}
