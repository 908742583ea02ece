/* vs-prompts-page.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vs-error.h"
#include "vs-format.h"
#include "vs-item-list.h"
#include "vs-prompts-page.h"
#include "vs-template-store.h"
#include "vs-ui-util.h"
#include "vs-window.h"

struct _VsPromptsPage
{
  VsPage             parent_instance;

  char              *list_signature;  /* what the list shows, to skip needless refills */
  VsTemplateDeleted *deleted;         /* for Undo */
  char              *deleted_name;

  /* Template widgets */
  GtkStack          *stack;
  AdwLeaflet        *leaflet;
  GtkWidget         *sidebar;
  VsItemList        *items;
  VsPromptEditor    *editor;

  guint              fold_id;          /* a fold decided in size_allocate, applied after it */
  gboolean           fold_to;
};

G_DEFINE_FINAL_TYPE (VsPromptsPage, vs_prompts_page, VS_TYPE_PAGE)

/* The list and the editor stand side by side from this width up (or from the sum of their
 * minimum widths, if that is more; the editor's does not change with its own fold). */
#define PAGE_FOLD_BELOW 860

static void
toast (VsPromptsPage *self,
       const char    *message)
{
  vs_page_toast (VS_PAGE (self), message);
}

static VsProject *
get_project (VsPromptsPage *self)
{
  return vs_page_get_project (VS_PAGE (self));
}

static void
update_actions (VsPromptsPage *self)
{
  VsProject *project = get_project (self);
  gboolean writable = project != NULL && !vs_project_get_read_only (project);
  gboolean selected = vs_item_list_get_selected_id (self->items) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prompts.new", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prompts.import", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prompts.duplicate", writable && selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prompts.rename", writable && selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prompts.delete", writable && selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prompts.export", selected);
}

static void
reload (VsPromptsPage *self)
{
  VsProject *project = get_project (self);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) error = NULL;
  GString *signature = g_string_new (NULL);

  if (project != NULL)
    {
      templates = vs_template_store_list (project, NULL, &error);
      if (templates == NULL)
        g_warning ("Could not list the templates: %s", error->message);
    }

  for (guint i = 0; templates != NULL && i < templates->len; i++)
    {
      const VsTemplateInfo *info = g_ptr_array_index (templates, i);
      g_autofree char *when = vs_format_relative_time (info->updated_at);
      g_autofree char *subtitle = NULL;

      if (info->n_versions == 0)
        subtitle = g_strdup_printf (_("No versions · %s"), when ? when : "");
      else
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d version · %s",
                                                 "%d versions · %s", info->n_versions),
                                    info->n_versions, when ? when : "");
      g_ptr_array_add (items, vs_item_new (info->id, info->name, subtitle, NULL));
      g_string_append_printf (signature, "%" G_GINT64_FORMAT "\x1f%s\x1f%s\x1e", info->id,
                              info->name, subtitle);
    }

  /* Every keystroke saves the draft and lands here: leave an unchanged list alone. */
  if (g_strcmp0 (signature->str, self->list_signature) != 0)
    {
      g_free (self->list_signature);
      self->list_signature = g_string_free (g_steal_pointer (&signature), FALSE);
      vs_item_list_set_items (self->items, items);
    }
  else
    g_string_free (signature, TRUE);

  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "content" : "empty");
  update_actions (self);
}

static void
on_selected (VsPromptsPage *self)
{
  gint64 id = vs_item_list_get_selected_id (self->items);

  vs_prompt_editor_set_template (self->editor, get_project (self), MAX (id, 0));
  update_actions (self);
  /* Only when folded: navigating an unfolded leaflet moves the focus out of the search. */
  if (id > 0 && adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_folded_changed (VsPromptsPage *self)
{
  g_object_set (self->editor, "show-back-button", adw_leaflet_get_folded (self->leaflet), NULL);
}

void
vs_prompts_page_select (VsPromptsPage *self,
                        gint64         template_id)
{
  g_return_if_fail (VS_IS_PROMPTS_PAGE (self));

  reload (self);
  vs_item_list_select_id (self->items, template_id);
  /* The list may have kept its selection on that id already. */
  on_selected (self);
}

gint64
vs_prompts_page_get_selected (VsPromptsPage *self)
{
  g_return_val_if_fail (VS_IS_PROMPTS_PAGE (self), -1);

  return vs_item_list_get_selected_id (self->items);
}

guint
vs_prompts_page_get_n_templates (VsPromptsPage *self)
{
  g_return_val_if_fail (VS_IS_PROMPTS_PAGE (self), 0);

  return vs_item_list_get_n_items (self->items);
}

VsPromptEditor *
vs_prompts_page_get_editor (VsPromptsPage *self)
{
  g_return_val_if_fail (VS_IS_PROMPTS_PAGE (self), NULL);

  return self->editor;
}

static void
flush_editor (VsPromptsPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!vs_prompt_editor_flush (self->editor, &error))
    toast (self, error->message);
}

/* New, duplicate */

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  VsPromptsPage *self = VS_PROMPTS_PAGE (widget);
  VsProject *project = get_project (self);
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  VsMessageRow *row;
  gint64 id;

  if (project == NULL || !vs_ui_widget_is_showing (widget))
    return;
  flush_editor (self);
  name = vs_template_store_unique_name (project, _("Untitled template"));
  id = vs_template_store_create (project, name, NULL, &error);
  if (id == 0)
    {
      g_autofree char *message = g_strdup_printf (_("Could not create a template: %s"),
                                                  error->message);

      toast (self, message);
      return;
    }
  vs_prompts_page_select (self, id);
  row = vs_prompt_editor_get_row (self->editor, 0);
  if (row != NULL)
    gtk_widget_grab_focus (vs_message_row_get_view (row));
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VsPromptsPage *self = VS_PROMPTS_PAGE (widget);
  VsProject *project = get_project (self);
  gint64 id = vs_item_list_get_selected_id (self->items);
  g_autoptr(GError) error = NULL;
  gint64 copy;

  if (project == NULL || id <= 0)
    return;
  flush_editor (self);
  copy = vs_template_store_duplicate (project, id, NULL, &error);
  if (copy == 0)
    {
      g_autofree char *message = g_strdup_printf (_("Could not duplicate the template: %s"),
                                                  error->message);

      toast (self, message);
      return;
    }
  vs_prompts_page_select (self, copy);
  toast (self, _("Template duplicated"));
}

/* Rename */

static void
on_rename_response (AdwMessageDialog *dialog,
                    const char       *response,
                    VsPromptsPage    *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "template-id"));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "rename") != 0 || get_project (self) == NULL)
    return;
  if (!vs_template_store_rename (get_project (self), id, gtk_editable_get_text (entry), &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not rename the template: %s"),
                                                  error->message);

      toast (self, message);
    }
}

static void
on_rename_entry_changed (GtkEditable      *entry,
                         AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "rename", *text != '\0');
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VsPromptsPage *self = VS_PROMPTS_PAGE (widget);
  gint64 id = vs_item_list_get_selected_id (self->items);
  g_autoptr(VsTemplateInfo) info = NULL;
  GtkWidget *dialog, *entry;

  if (get_project (self) == NULL || id <= 0 ||
      (info = vs_template_store_get_info (get_project (self), id, NULL)) == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Rename Template"), NULL);
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), info->name);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "rename", _("_Rename"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "template-id", GSIZE_TO_POINTER (id));
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_rename_entry_changed), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rename_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* Delete, with Undo */

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VsPromptsPage *self = VS_PROMPTS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (self->deleted == NULL || get_project (self) == NULL)
    return;
  id = vs_template_store_undelete (get_project (self), self->deleted, &error);
  g_clear_pointer (&self->deleted, vs_template_deleted_free);
  gtk_widget_action_set_enabled (widget, "prompts.undo-delete", FALSE);
  if (id == 0)
    {
      g_autofree char *message = g_strdup_printf (_("Could not bring the template back: %s"),
                                                  error->message);

      toast (self, message);
      return;
    }
  vs_prompts_page_select (self, id);
}

static void
on_undo_clicked (VsPromptsPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "prompts.undo-delete", NULL);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VsPromptsPage *self = VS_PROMPTS_PAGE (widget);
  VsProject *project = get_project (self);
  gint64 id = vs_item_list_get_selected_id (self->items);
  g_autoptr(VsTemplateInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  VsTemplateDeleted *deleted;
  GtkRoot *root;
  AdwToast *toast_widget;

  if (project == NULL || id <= 0)
    return;
  info = vs_template_store_get_info (project, id, NULL);
  flush_editor (self);
  /* The editor lets go first, so nothing saves into the deleted template. */
  vs_prompt_editor_set_template (self->editor, project, 0);

  deleted = vs_template_store_delete (project, id, &error);
  if (deleted == NULL)
    {
      message = g_strdup_printf (_("Could not delete the template: %s"), error->message);
      toast (self, message);
      vs_prompt_editor_set_template (self->editor, project, id);
      return;
    }

  g_clear_pointer (&self->deleted, vs_template_deleted_free);
  self->deleted = deleted;
  gtk_widget_action_set_enabled (widget, "prompts.undo-delete", TRUE);
  reload (self);
  on_selected (self);

  message = g_strdup_printf (_("“%s” deleted"), info ? info->name : "");
  toast_widget = adw_toast_new (message);
  adw_toast_set_button_label (toast_widget, _("_Undo"));
  adw_toast_set_priority (toast_widget, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast_widget, "button-clicked", G_CALLBACK (on_undo_clicked), self,
                           G_CONNECT_SWAPPED);
  root = gtk_widget_get_root (widget);
  if (VS_IS_WINDOW (root))
    vs_window_show_toast (VS_WINDOW (root), toast_widget);
  else
    g_object_unref (toast_widget);
}

/* Import and export */

gint64
vs_prompts_page_import_path (VsPromptsPage  *self,
                             const char     *path,
                             GError        **error)
{
  VsProject *project;
  g_autoptr(VsTemplate) template = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  const char *wanted;
  gint64 id;

  g_return_val_if_fail (VS_IS_PROMPTS_PAGE (self), 0);
  g_return_val_if_fail (path != NULL, 0);

  project = get_project (self);
  if (project == NULL)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_NOT_FOUND, _("No project is open"));
      return 0;
    }

  template = vs_template_new_from_file (path, error);
  if (template == NULL)
    return 0;

  wanted = vs_template_get_name (template);
  if (wanted == NULL || *wanted == '\0')
    {
      base = g_path_get_basename (path);
      if (strrchr (base, '.') != NULL)
        *strrchr (base, '.') = '\0';
      wanted = base;
    }
  name = vs_template_store_unique_name (project, wanted);
  flush_editor (self);
  id = vs_template_store_create (project, name, template, error);
  if (id != 0)
    vs_prompts_page_select (self, id);
  return id;
}

gboolean
vs_prompts_page_import_file (VsPromptsPage *self,
                             GFile         *file)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (VS_IS_PROMPTS_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL || !(g_str_has_suffix (path, ".json") || g_str_has_suffix (path, ".txt") ||
                        g_str_has_suffix (path, ".JSON") || g_str_has_suffix (path, ".TXT")))
    return FALSE;

  if (vs_prompts_page_import_path (self, path, &error) == 0)
    message = g_strdup_printf (_("Could not import the template: %s"), error->message);
  else
    {
      g_autofree char *base = g_path_get_basename (path);

      message = g_strdup_printf (_("Imported “%s”"), base);
    }
  toast (self, message);
  return TRUE;
}

static GtkFileFilter *
template_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Prompt templates (.json, .txt)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_pattern (filter, "*.txt");
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_mime_type (filter, "text/plain");
  return filter;
}

static void
on_import_response (GtkNativeDialog *dialog,
                    int              response,
                    VsPromptsPage   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (!vs_prompts_page_import_file (self, file))
        toast (self, _("Only .json and .txt template files can be imported"));
    }
  g_object_unref (dialog);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Import Template"),
                                        GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), template_filter ());
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_import_response), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    VsPromptsPage   *self)
{
  VsTemplate *draft = vs_prompt_editor_get_draft (self->editor);

  if (response == GTK_RESPONSE_ACCEPT && draft != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      g_autofree char *message = NULL;

      if (path == NULL)
        message = g_strdup (_("Only files on this computer can be written"));
      else if (!vs_template_save_to_file (draft, path, &error))
        message = g_strdup_printf (_("Could not export the template: %s"), error->message);
      else
        {
          g_autofree char *base = g_path_get_basename (path);

          message = g_strdup_printf (_("Exported to “%s”"), base);
        }
      toast (self, message);
    }
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VsPromptsPage *self = VS_PROMPTS_PAGE (widget);
  VsTemplate *draft = vs_prompt_editor_get_draft (self->editor);
  g_autoptr(VsTemplateInfo) info = NULL;
  g_autofree char *file_name = NULL;
  GtkFileChooserNative *dialog;

  if (draft == NULL || get_project (self) == NULL)
    return;
  info = vs_template_store_get_info (get_project (self),
                                     vs_prompt_editor_get_template_id (self->editor), NULL);
  /* The file carries the template's name. */
  if (info != NULL)
    vs_template_set_name (draft, info->name);
  file_name = g_strdup_printf ("%s.json", info ? info->name : _("template"));
  dialog = gtk_file_chooser_native_new (_("Export Template"),
                                        GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), file_name);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), template_filter ());
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VsPromptsPage *self = VS_PROMPTS_PAGE (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  VsPromptsPage *self = VS_PROMPTS_PAGE (widget);

  if (!vs_ui_widget_is_showing (widget))
    return;
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  vs_item_list_focus_search (self->items);
}

/* Layout: the list folds away when the page is given less than it needs, decided here from
 * the page's allocated width with hysteresis, not by the leaflet from its children's sizes. */

static GtkSizeRequestMode
vs_prompts_page_get_request_mode (GtkWidget *widget)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  return child != NULL ? gtk_widget_get_request_mode (child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
vs_prompts_page_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  *minimum = *natural = 0;
  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline,
                        natural_baseline);
}

/* The fold decided by the last allocation, applied outside it: folding the leaflet queues a
 * resize up the whole tree, which from inside an allocation left the window's page stack
 * marked as unallocated when it was drawn ("Trying to snapshot GtkStack without a current
 * allocation"). The next frame allocates the new fold; this one still shows the old. */
static gboolean
apply_fold (gpointer data)
{
  VsPromptsPage *self = data;
  gboolean folded = self->fold_to;

  self->fold_id = 0;
  if (folded != adw_leaflet_get_can_unfold (self->leaflet))
    return G_SOURCE_REMOVE;
  /* Narrowed while a template is open: the editor stays in view, not the list. (Chosen while
   * the leaflet is still unfolded, where the visible child changes nothing on screen.) */
  if (folded && vs_item_list_get_selected_id (self->items) > 0)
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->editor));
  adw_leaflet_set_can_unfold (self->leaflet, !folded);
  return G_SOURCE_REMOVE;
}

static void
vs_prompts_page_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  VsPromptsPage *self = VS_PROMPTS_PAGE (widget);
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));
  int sidebar_min = 0, editor_min = 0;
  gboolean folded;

  gtk_widget_measure (self->sidebar, GTK_ORIENTATION_HORIZONTAL, -1, &sidebar_min, NULL, NULL,
                      NULL);
  gtk_widget_measure (GTK_WIDGET (self->editor), GTK_ORIENTATION_HORIZONTAL, -1, &editor_min,
                      NULL, NULL, NULL);
  folded = vs_ui_decide_fold (!adw_leaflet_get_can_unfold (self->leaflet), width,
                              MAX (PAGE_FOLD_BELOW, sidebar_min + 1 + editor_min));
  self->fold_to = folded;
  if (folded == adw_leaflet_get_can_unfold (self->leaflet) && self->fold_id == 0)
    self->fold_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_fold, self, NULL);
  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

gboolean
vs_prompts_page_get_folded (VsPromptsPage *self)
{
  g_return_val_if_fail (VS_IS_PROMPTS_PAGE (self), FALSE);

  return adw_leaflet_get_folded (self->leaflet);
}

/* VsPage */

static void
vs_prompts_page_project_set (VsPage    *page,
                             VsProject *project)
{
  VsPromptsPage *self = VS_PROMPTS_PAGE (page);

  g_clear_pointer (&self->deleted, vs_template_deleted_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prompts.undo-delete", FALSE);
  g_clear_pointer (&self->list_signature, g_free);
  vs_prompt_editor_set_template (self->editor, NULL, 0);
  reload (self);
  on_selected (self);
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
  VsPromptsPage *self = VS_PROMPTS_PAGE (object);

  g_clear_handle_id (&self->fold_id, g_source_remove);
  g_clear_pointer (&self->deleted, vs_template_deleted_free);
  g_clear_pointer (&self->list_signature, g_free);
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
  widget_class->get_request_mode = vs_prompts_page_get_request_mode;
  widget_class->measure = vs_prompts_page_measure;
  widget_class->size_allocate = vs_prompts_page_size_allocate;
  page_class->project_set = vs_prompts_page_project_set;
  page_class->project_changed = vs_prompts_page_project_changed;

  g_type_ensure (VS_TYPE_ITEM_LIST);
  g_type_ensure (VS_TYPE_PROMPT_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-prompts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VsPromptsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VsPromptsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, VsPromptsPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, VsPromptsPage, items);
  gtk_widget_class_bind_template_child (widget_class, VsPromptsPage, editor);
  gtk_widget_class_bind_template_callback (widget_class, on_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_folded_changed);

  gtk_widget_class_install_action (widget_class, "prompts.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "prompts.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "prompts.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "prompts.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "prompts.undo-delete", NULL,
                                   undo_delete_action);
  gtk_widget_class_install_action (widget_class, "prompts.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "prompts.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "prompts.show-list", NULL, show_list_action);
  gtk_widget_class_install_action (widget_class, "prompts.search", NULL, focus_search_action);

}

static void
vs_prompts_page_init (VsPromptsPage *self)
{
  /* AdwBin lays out with a GtkBinLayout, which would bypass the vfuncs above. */
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prompts.undo-delete", FALSE);

  /* Wherever the focus is in the window while the page shows (the actions check that it
   * does): the application's accelerators reach only window and application actions. */
  {
    GtkEventController *controller = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                       GTK_SHORTCUT_SCOPE_GLOBAL);
    gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (controller),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_n, GDK_CONTROL_MASK | GDK_ALT_MASK),
                        gtk_named_action_new ("prompts.new")));
    gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (controller),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                        gtk_named_action_new ("prompts.search")));
    gtk_widget_add_controller (GTK_WIDGET (self), controller);
  }
  update_actions (self);
}
