/* vs-window.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vs-accessible.h"
#include "vs-compare-page.h"
#include "vs-datasets-page.h"
#include "vs-eval-dialog.h"
#include "vs-finetunes-page.h"
#include "vs-item-list.h"
#include "vs-project.h"
#include "vs-project-settings-window.h"
#include "vs-prompts-page.h"
#include "vs-records-filter-bar.h"
#include "vs-ui-util.h"
#include "vs-window.h"

struct _VsWindow
{
  AdwApplicationWindow  parent_instance;

  VsProject            *project;
  GCancellable         *open_cancellable;
  GCancellable         *save_cancellable;  /* a Save As in progress */
  AdwToast             *save_toast;
  GMenu                *recent_menu;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  AdwFlap              *flap;
  GtkListBox           *sidebar;
  GtkStack             *main_stack;
  GtkStack             *pages;
  AdwStatusPage        *error_page;
  VsPromptsPage        *prompts_page;
  VsDatasetsPage       *datasets_page;
  VsFinetunesPage      *finetunes_page;
  VsComparePage        *compare_page;
  GtkLabel             *prompts_count;
  GtkLabel             *datasets_count;
  GtkLabel             *finetunes_count;
  GtkLabel             *compare_count;
  GtkListBoxRow        *prompts_row;
  GtkListBoxRow        *datasets_row;
  GtkListBoxRow        *finetunes_row;
  GtkListBoxRow        *compare_row;
  gboolean              selecting;   /* the sidebar follows select_page() */
  GtkMenuButton        *primary_menu_button;

  VsEvalLauncher       *eval_launcher; /* the evaluations this window runs */
  VsBatchLauncher      *batch_launcher; /* … and those it sends or watches as batches */
  GtkWindow            *eval_dialog;   /* "New Evaluation" while it is open */
  /* Start-up: the window's first frame shows before the project fills it. A project that opens
   * sooner waits in pending_project until that frame is painted. */
  gboolean              painted;
  VsProject            *pending_project;
  guint                 pending_id;
};

G_DEFINE_FINAL_TYPE (VsWindow, vs_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_LOADING,
  PROP_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char *name;
} page_names[] = { { "prompts" }, { "datasets" }, { "finetunes" }, { "compare" } };

static GSettings *
get_settings (VsWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return VS_IS_APPLICATION (app) ? vs_application_get_settings (VS_APPLICATION (app)) : NULL;
}

static GtkListBoxRow *
row_for_page (VsWindow   *self,
              const char *page)
{
  if (g_strcmp0 (page, "datasets") == 0)
    return self->datasets_row;
  if (g_strcmp0 (page, "finetunes") == 0)
    return self->finetunes_row;
  if (g_strcmp0 (page, "compare") == 0)
    return self->compare_row;
  return self->prompts_row;
}

static void
set_count (GtkLabel *label,
           gint64    count)
{
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (label), count > 0);
  if (count > 0)
    {
      text = g_strdup_printf ("%" G_GINT64_FORMAT, count);
      gtk_label_set_label (label, text);
    }
}

static void
update_counts (VsWindow *self)
{
  gint64 templates = 0, datasets = 0, jobs = 0, runs = 0;

  if (self->project != NULL)
    {
      templates = vs_project_count (self->project, "templates");
      datasets = vs_project_count (self->project, "datasets");
      jobs = vs_project_count (self->project, "finetune_jobs");
      runs = vs_project_count (self->project, "runs");
    }

  set_count (self->prompts_count, templates);
  set_count (self->datasets_count, datasets);
  set_count (self->finetunes_count, jobs);
  set_count (self->compare_count, runs);

  /* What a screen reader says for each sidebar row: the page and what it holds. */
  {
    g_autofree char *prompts = g_strdup_printf (
      ngettext ("Prompts, %d template", "Prompts, %d templates", templates),
      (int) templates);
    g_autofree char *sets = g_strdup_printf (
      ngettext ("Datasets, %d dataset", "Datasets, %d datasets", datasets),
      (int) datasets);
    g_autofree char *tunes = g_strdup_printf (
      ngettext ("Fine-tunes, %d job", "Fine-tunes, %d jobs", jobs),
      (int) jobs);
    g_autofree char *compare = g_strdup_printf (
      ngettext ("Compare, %d run", "Compare, %d runs", runs), (int) runs);

    vs_accessible_set_label (GTK_WIDGET (self->prompts_row), prompts);
    vs_accessible_set_label (GTK_WIDGET (self->datasets_row), sets);
    vs_accessible_set_label (GTK_WIDGET (self->finetunes_row), tunes);
    vs_accessible_set_label (GTK_WIDGET (self->compare_row), compare);
  }
}

static void
update_title (VsWindow *self)
{
  if (self->project == NULL)
    {
      adw_window_title_set_title (self->window_title, "Versus");
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), "Versus");
      return;
    }

  {
    g_autofree char *name = vs_project_dup_name (self->project);
    g_autofree char *title = g_strdup_printf ("%s — Versus", name);
    g_autoptr(GFile) file = vs_project_get_file (self->project);
    g_autoptr(GFile) home = g_file_new_for_path (g_get_home_dir ());
    g_autofree char *relative = g_file_get_relative_path (home, file);
    g_autofree char *subtitle = relative
                                ? g_strdup_printf ("~/%s", relative)
                                : g_file_get_parse_name (file);

    adw_window_title_set_title (self->window_title, name);
    adw_window_title_set_subtitle (self->window_title, subtitle);
    gtk_window_set_title (GTK_WINDOW (self), title);
  }
}

static void
on_project_changed (VsWindow       *self,
                    const char     *what,
                    const VsChange *change,
                    VsProject      *project)
{
  if (g_strcmp0 (what, "project") == 0)
    update_title (self);
  else
    update_counts (self);
}

void
vs_window_set_project (VsWindow  *self,
                       VsProject *project)
{
  g_return_if_fail (VS_IS_WINDOW (self));
  g_return_if_fail (!project || VS_IS_PROJECT (project));

  if (self->project == project)
    return;

  /* Evaluations belong to the project they were started in: what they wrote stays, and
   * starting them again completes the rest. */
  vs_eval_launcher_cancel_all (self->eval_launcher);
  /* Batches go on at the provider: only watching them stops; the next time the project
   * opens, its runs that have batches out are watched again. */
  vs_batch_launcher_stop_all (self->batch_launcher);
  if (self->eval_dialog != NULL)
    gtk_window_destroy (self->eval_dialog);
  vs_ui_watch_object (&self->project, project, "changed", G_CALLBACK (on_project_changed),
                      self);

  vs_page_set_project (VS_PAGE (self->prompts_page), project);
  vs_page_set_project (VS_PAGE (self->datasets_page), project);
  vs_page_set_project (VS_PAGE (self->finetunes_page), project);
  vs_page_set_project (VS_PAGE (self->compare_page), project);
  if (project != NULL)
    vs_batch_launcher_watch_project (self->batch_launcher, project);

  gtk_stack_set_visible_child_name (self->main_stack, project ? "project" : "no-project");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", project != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.project-settings", project != NULL);

  update_title (self);
  update_counts (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

VsProject *
vs_window_get_project (VsWindow *self)
{
  g_return_val_if_fail (VS_IS_WINDOW (self), NULL);

  return self->project;
}

gboolean
vs_window_is_loading (VsWindow *self)
{
  g_return_val_if_fail (VS_IS_WINDOW (self), FALSE);

  return self->open_cancellable != NULL;
}

void
vs_window_show_toast (VsWindow *self,
                      AdwToast *toast)
{
  g_return_if_fail (VS_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_error (VsWindow   *self,
            const char *title,
            const char *message)
{
  if (self->project == NULL)
    {
      adw_status_page_set_title (self->error_page, title);
      adw_status_page_set_description (self->error_page, message);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
    }
  else
    {
      g_autofree char *text = g_strdup_printf ("%s: %s", title, message);
      AdwToast *toast = adw_toast_new (text);

      adw_toast_set_timeout (toast, 8);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

static void
show_opened_project (VsWindow  *self,
                     VsProject *project)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  g_clear_object (&self->open_cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  vs_window_set_project (self, project);
  if (VS_IS_APPLICATION (app))
    vs_application_add_recent (VS_APPLICATION (app), vs_project_get_path (project));
}

static gboolean
show_pending_project (gpointer data)
{
  VsWindow *self = data;
  g_autoptr(VsProject) project = g_steal_pointer (&self->pending_project);

  self->pending_id = 0;
  if (project != NULL)
    show_opened_project (self, project);
  return G_SOURCE_REMOVE;
}

static void
open_project_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VsWindow) self = user_data;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(GError) error = NULL;

  project = vs_project_open_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (project == NULL)
    {
      g_clear_object (&self->open_cancellable);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      show_error (self, _("Could not open the project"), error->message);
      return;
    }

  /* Filling the pages is most of the start-up's work: it waits for the first frame. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && !self->painted)
    {
      g_set_object (&self->pending_project, project);
      return;
    }
  show_opened_project (self, project);
}

static void
open_project_full (VsWindow           *self,
                   GFile              *file,
                   VsProjectOpenFlags  flags)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    {
      show_error (self, _("Could not open the project"),
                  _("Only files on this computer can be opened"));
      return;
    }

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->pending_project);
  self->open_cancellable = g_cancellable_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  vs_project_open_async (path, flags, self->open_cancellable, open_project_cb,
                         g_object_ref (self));
}

void
vs_window_open_project (VsWindow *self,
                        GFile    *file)
{
  g_return_if_fail (VS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  open_project_full (self, file, VS_PROJECT_OPEN_EXISTING);
}

const char *
vs_window_get_page (VsWindow *self)
{
  g_return_val_if_fail (VS_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->pages);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A page just shown takes the keyboard focus unless it is already in it or in the sidebar:
 * the first control of the page (its list), never a scroll pane or nothing. */
static void
focus_page (VsWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->pages);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (page == NULL || !gtk_widget_get_mapped (page))
    return;
  if (focus != NULL && gtk_widget_get_mapped (focus) &&
      (gtk_widget_is_ancestor (focus, page) ||
       gtk_widget_is_ancestor (focus, GTK_WIDGET (self->sidebar))))
    return;
  gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
}

/* Ctrl+F on any page: the page's search field. */
static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VsWindow *self = VS_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->pages);
  GtkWidget *list;

  if (page == NULL || !gtk_widget_get_mapped (page))
    return;
  if (VS_IS_PROMPTS_PAGE (page) && gtk_widget_activate_action (page, "prompts.search", NULL))
    return;
  /* A records table on screen: its search (the datasets list keeps its own via the list). */
  list = find_descendant (page, VS_TYPE_RECORDS_FILTER_BAR);
  if (list != NULL && gtk_widget_get_mapped (list))
    {
      vs_records_filter_bar_focus_search (VS_RECORDS_FILTER_BAR (list));
      return;
    }
  list = find_descendant (page, VS_TYPE_ITEM_LIST);
  if (list != NULL)
    vs_item_list_focus_search (VS_ITEM_LIST (list));
}

static void
select_page (VsWindow   *self,
             const char *page)
{
  GSettings *settings = get_settings (self);
  gboolean known = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    known |= g_strcmp0 (page_names[i].name, page) == 0;
  if (!known)
    return;

  gtk_stack_set_visible_child_name (self->pages, page);
  self->selecting = TRUE;
  gtk_list_box_select_row (self->sidebar, row_for_page (self, page));
  self->selecting = FALSE;
  focus_page (self);
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
  if (settings != NULL)
    g_settings_set_string (settings, "last-page", page);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

/* Moving through the sidebar with the keyboard selects rows: the page follows the selection
 * (but a folded sidebar stays open until a row is activated). */
static void
on_sidebar_row_selected (VsWindow      *self,
                         GtkListBoxRow *row,
                         GtkListBox    *box)
{
  const char *page;

  if (row == NULL || self->selecting || adw_flap_get_folded (self->flap))
    return;
  page = g_object_get_data (G_OBJECT (row), "page");
  if (page != NULL && g_strcmp0 (page, gtk_stack_get_visible_child_name (self->pages)) != 0)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

      gtk_widget_activate_action (GTK_WIDGET (self), "win.page", "s", page);
      /* The keyboard stays in the sidebar. */
      if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->sidebar)))
        gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

static void
on_sidebar_row_activated (VsWindow      *self,
                          GtkListBoxRow *row,
                          GtkListBox    *box)
{
  const char *page = g_object_get_data (G_OBJECT (row), "page");

  if (page == NULL)
    page = gtk_widget_get_name (GTK_WIDGET (row));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.page", "s", page);
}

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  select_page (VS_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  VsWindow *self = VS_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static GtkFileFilter *
project_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Versus projects"));
  gtk_file_filter_add_pattern (filter, "*.versus");
  gtk_file_filter_add_mime_type (filter, "application/x-versus-project");
  return filter;
}

static void
new_project_response (GtkNativeDialog *dialog,
                      int              response,
                      VsWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL && !g_str_has_suffix (path, VS_PROJECT_FILE_EXTENSION))
        {
          g_autofree char *with_ext = g_strconcat (path, VS_PROJECT_FILE_EXTENSION, NULL);

          g_clear_object (&file);
          file = g_file_new_for_path (with_ext);
        }

      if (path != NULL && g_file_query_exists (file, NULL))
        show_error (self, _("Could not create the project"),
                    _("A file with that name exists already; choose another name"));
      else
        {
          VsWindow *target = self;

          /* Keep the open project where it is; the new one gets its own window. */
          if (self->project != NULL)
            target = vs_window_new (VS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
          gtk_window_present (GTK_WINDOW (target));
          open_project_full (target, file, VS_PROJECT_OPEN_CREATE);
        }
    }
  g_object_unref (dialog);
}

static void
new_project_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VsWindow *self = VS_WINDOW (widget);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("New Project"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Create"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("Untitled.versus"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), project_filter ());
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (new_project_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_window_for (VsWindow *self,
                 GFile    *file)
{
  VsWindow *target = self;

  if (self->project != NULL)
    {
      g_autoptr(GFile) current = vs_project_get_file (self->project);

      if (g_file_equal (current, file))
        return;
      target = vs_window_new (VS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
    }
  gtk_window_present (GTK_WINDOW (target));
  vs_window_open_project (target, file);
}

static void
open_project_response (GtkNativeDialog *dialog,
                       int              response,
                       VsWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      open_window_for (self, file);
    }
  g_object_unref (dialog);
}

static void
open_project_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  VsWindow *self = VS_WINDOW (widget);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Open Project"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), project_filter ());
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (open_project_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VsWindow *self = VS_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  open_window_for (self, file);
}

/* Save As copies on a worker (a large project takes a while); a toast shows how far it got
 * and offers Cancel. */
static void
on_save_as_progress (gint64   done,
                     gint64   total,
                     gint64   items,
                     gpointer user_data)
{
  VsWindow *self = user_data;
  g_autofree char *title = NULL;

  if (self->save_toast == NULL || total <= 0)
    return;
  title = g_strdup_printf (_("Saving a copy… %d%%"), (int) (100 * done / total));
  adw_toast_set_title (self->save_toast, title);
}

static void
end_save_toast (VsWindow *self)
{
  if (self->save_toast != NULL)
    adw_toast_dismiss (self->save_toast);
  g_clear_object (&self->save_toast);
  g_clear_object (&self->save_cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", TRUE);
}

static void
on_saved_as (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_object_steal_data (G_OBJECT (self), "vs-save-as-path");
  gboolean ok = vs_project_save_as_finish (VS_PROJECT (source), result, &error);

  end_save_toast (self);
  if (ok)
    {
      g_autoptr(GFile) copy = g_file_new_for_path (path);

      /* Like any editor's Save As: from now on the window edits the copy. */
      vs_window_open_project (self, copy);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (self, _("Could not save a copy"), error->message);
}

static void
start_save_as (VsWindow   *self,
               const char *path)
{
  self->save_cancellable = g_cancellable_new ();
  self->save_toast = g_object_ref_sink (adw_toast_new (_("Saving a copy…")));
  adw_toast_set_timeout (self->save_toast, 0);
  adw_toast_set_button_label (self->save_toast, _("_Cancel"));
  adw_toast_set_action_name (self->save_toast, "win.cancel-save-as");
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->save_toast));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", FALSE);
  g_object_set_data_full (G_OBJECT (self), "vs-save-as-path", g_strdup (path), g_free);
  vs_project_save_as_async (self->project, path, self->save_cancellable, on_save_as_progress,
                            g_object_ref (self), g_object_unref, on_saved_as,
                            g_object_ref (self));
}

void
vs_window_save_copy (VsWindow   *self,
                     const char *path)
{
  g_return_if_fail (VS_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  if (self->project == NULL || self->save_cancellable != NULL)
    return;
  start_save_as (self, path);
}

static void
cancel_save_as_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  VsWindow *self = VS_WINDOW (widget);

  if (self->save_cancellable != NULL)
    g_cancellable_cancel (self->save_cancellable);
}

static void
save_as_response (GtkNativeDialog *dialog,
                  int              response,
                  VsWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->project != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path != NULL && !g_str_has_suffix (path, VS_PROJECT_FILE_EXTENSION))
        {
          char *with_ext = g_strconcat (path, VS_PROJECT_FILE_EXTENSION, NULL);

          g_free (path);
          path = with_ext;
        }

      if (path == NULL)
        show_error (self, _("Could not save a copy"),
                    _("Only files on this computer can be written"));
      else
        start_save_as (self, path);
    }
  g_object_unref (dialog);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VsWindow *self = VS_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;
  g_autofree char *file_name = NULL;

  if (self->project == NULL)
    return;

  name = vs_project_dup_name (self->project);
  file_name = g_strdup_printf (_("%s (copy).versus"), name);
  dialog = gtk_file_chooser_native_new (_("Save Project As"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), file_name);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), project_filter ());
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (save_as_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
rebuild_recent_menu (VsWindow *self)
{
  GSettings *settings = get_settings (self);
  g_auto(GStrv) recent = NULL;
  guint shown = 0;

  g_menu_remove_all (self->recent_menu);
  if (settings == NULL)
    return;

  recent = g_settings_get_strv (settings, "recent-projects");
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *base = NULL;
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      if (!g_file_test (recent[i], G_FILE_TEST_IS_REGULAR))
        continue;
      base = g_path_get_basename (recent[i]);
      if (g_str_has_suffix (base, VS_PROJECT_FILE_EXTENSION))
        base[strlen (base) - strlen (VS_PROJECT_FILE_EXTENSION)] = '\0';
      label = g_filename_display_name (base);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", recent[i]);
      g_menu_append_item (self->recent_menu, item);
      shown++;
    }
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         VsWindow      *self)
{
  GSList *files;
  gboolean handled = FALSE;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l; l = l->next)
    {
      GFile *file = l->data;
      g_autofree char *base = g_file_get_basename (file);

      if (base != NULL && g_str_has_suffix (base, VS_PROJECT_FILE_EXTENSION))
        {
          open_window_for (self, file);
          handled = TRUE;
        }
      else if (g_strcmp0 (vs_window_get_page (self), "prompts") == 0 && self->project &&
               vs_prompts_page_import_file (self->prompts_page, file))
        handled = TRUE;
      /* A data file dropped anywhere becomes a dataset: the Datasets page imports it and
       * its wizard takes over from there. */
      else if (self->project && vs_datasets_page_import_file (self->datasets_page, file))
        {
          select_page (self, "datasets");
          handled = TRUE;
        }
    }

  if (!handled)
    {
      AdwToast *toast = adw_toast_new (_("Drop a .versus project to open it, a data file "
                                         "(CSV, TSV, JSONL, JSON) to import it as a dataset, "
                                         "or a template on Prompts"));

      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }

  return handled;
}

/* Evaluations ------------------------------------------------------------------------------ */

static void
on_evaluation_created (VsEvalDialog *dialog,
                       gint64        run_id,
                       VsWindow     *self)
{
  g_autoptr(GError) error = NULL;
  gboolean started;

  if (self->project == NULL)
    return;
  /* "Run as batch": the trials go out as batches, watched until they have ended. */
  if (vs_eval_dialog_get_batch (dialog))
    started = vs_batch_launcher_submit (self->batch_launcher, self->project, run_id, FALSE,
                                        &error);
  else
    started = vs_eval_launcher_start (self->eval_launcher, self->project, run_id, FALSE,
                                      &error);
  if (!started)
    {
      AdwToast *toast = adw_toast_new (error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }
  select_page (self, "compare");
  vs_compare_page_show_run (self->compare_page, run_id);
}

/* "New Evaluation…"; with a fine-tuning job's id ("Use in Comparison") its model is one of
 * the contenders. */
static void
new_evaluation_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  VsWindow *self = VS_WINDOW (widget);
  gint64 job_id = parameter ? g_variant_get_int64 (parameter) : 0;
  VsEvalDialog *dialog;

  if (self->project == NULL)
    return;
  if (self->eval_dialog != NULL)
    {
      if (job_id > 0)
        vs_eval_dialog_add_finetune (VS_EVAL_DIALOG (self->eval_dialog), job_id);
      gtk_window_present (self->eval_dialog);
      return;
    }
  dialog = vs_eval_dialog_new (self->project);
  if (job_id > 0)
    vs_eval_dialog_add_finetune (dialog, job_id);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "created", G_CALLBACK (on_evaluation_created), self, 0);
  self->eval_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->eval_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

VsEvalLauncher *
vs_window_get_eval_launcher (VsWindow *self)
{
  g_return_val_if_fail (VS_IS_WINDOW (self), NULL);

  return self->eval_launcher;
}

VsBatchLauncher *
vs_window_get_batch_launcher (VsWindow *self)
{
  g_return_val_if_fail (VS_IS_WINDOW (self), NULL);

  return self->batch_launcher;
}

/* The first frame is painted: a project that opened meanwhile may fill the window now. For
 * bench/bench-startup, when VERSUS_BENCH_FIRST_FRAME names a file, the monotonic time (µs) of
 * that frame is written there. */
static void
on_first_after_paint (GdkFrameClock *clock,
                      VsWindow      *self)
{
  const char *path = g_getenv ("VERSUS_BENCH_FIRST_FRAME");

  g_signal_handlers_disconnect_by_func (clock, on_first_after_paint, self);
  self->painted = TRUE;
  if (path != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT "\n",
                                               g_get_monotonic_time ());

      if (!g_file_set_contents (path, text, -1, NULL))
        g_warning ("Could not write the first frame's time to %s", path);
    }
  if (self->pending_project != NULL && self->pending_id == 0)
    self->pending_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, show_pending_project, self, NULL);
}

static void
vs_window_realize (GtkWidget *widget)
{
  VsWindow *self = VS_WINDOW (widget);
  GSettings *settings = get_settings (self);

  GTK_WIDGET_CLASS (vs_window_parent_class)->realize (widget);

  if (!self->painted)
    g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                             G_CALLBACK (on_first_after_paint), self, 0);

  if (settings != NULL)
    {
      g_autofree char *page = g_settings_get_string (settings, "last-page");

      select_page (self, page);
    }
}

static gboolean
vs_window_close_request (GtkWindow *window)
{
  VsWindow *self = VS_WINDOW (window);
  GSettings *settings = get_settings (self);

  if (settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window))
        {
          g_settings_set_int (settings, "window-width", width);
          g_settings_set_int (settings, "window-height", height);
        }
    }

  return GTK_WINDOW_CLASS (vs_window_parent_class)->close_request (window);
}

static void
vs_window_constructed (GObject *object)
{
  VsWindow *self = VS_WINDOW (object);
  GSettings *settings;

  G_OBJECT_CLASS (vs_window_parent_class)->constructed (object);

  settings = get_settings (self);
  if (settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      g_signal_connect_object (settings, "changed::recent-projects",
                               G_CALLBACK (rebuild_recent_menu), self, G_CONNECT_SWAPPED);
    }
  rebuild_recent_menu (self);
}

static void
vs_window_dispose (GObject *object)
{
  VsWindow *self = VS_WINDOW (object);

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_handle_id (&self->pending_id, g_source_remove);
  g_clear_object (&self->pending_project);
  if (self->save_cancellable != NULL)
    g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  g_clear_object (&self->save_toast);
  vs_ui_unwatch_object (&self->project, G_CALLBACK (on_project_changed), self);
  g_clear_object (&self->recent_menu);
  if (self->eval_launcher != NULL)
    vs_eval_launcher_cancel_all (self->eval_launcher);
  g_clear_object (&self->eval_launcher);
  if (self->batch_launcher != NULL)
    vs_batch_launcher_stop_all (self->batch_launcher);
  g_clear_object (&self->batch_launcher);
  if (self->eval_dialog != NULL)
    gtk_window_destroy (self->eval_dialog);

  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_WINDOW);

  G_OBJECT_CLASS (vs_window_parent_class)->dispose (object);
}

static void
vs_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  VsWindow *self = VS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, vs_window_is_loading (self));
      break;

    case PROP_PAGE:
      g_value_set_string (value, vs_window_get_page (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  VsWindow *self = VS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      vs_window_set_project (self, g_value_get_object (value));
      break;

    case PROP_PAGE:
      select_page (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The project's endpoints and prices, in a window over this one. */
static void
project_settings_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  VsWindow *self = VS_WINDOW (widget);
  VsProjectSettingsWindow *settings;

  if (self->project == NULL)
    return;
  settings = vs_project_settings_window_new ();
  gtk_window_set_transient_for (GTK_WINDOW (settings), GTK_WINDOW (self));
  vs_project_settings_window_set_project (settings, self->project);
  gtk_window_present (GTK_WINDOW (settings));
}

static void
vs_window_class_init (VsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = vs_window_constructed;
  object_class->dispose = vs_window_dispose;
  object_class->get_property = vs_window_get_property;
  object_class->set_property = vs_window_set_property;
  widget_class->realize = vs_window_realize;
  window_class->close_request = vs_window_close_request;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, VS_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL, "prompts",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VS_TYPE_PROMPTS_PAGE);
  g_type_ensure (VS_TYPE_DATASETS_PAGE);
  g_type_ensure (VS_TYPE_FINETUNES_PAGE);
  g_type_ensure (VS_TYPE_COMPARE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, prompts_page);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, datasets_page);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, finetunes_page);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, compare_page);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, prompts_count);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, datasets_count);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, finetunes_count);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, compare_count);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, prompts_row);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, datasets_row);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, finetunes_row);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, compare_row);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, primary_menu_button);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected);

  gtk_widget_class_install_action (widget_class, "win.page", "s", page_action);
  gtk_widget_class_install_action (widget_class, "win.new-evaluation", "x",
                                   new_evaluation_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL,
                                   toggle_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.new-project", NULL, new_project_action);
  gtk_widget_class_install_action (widget_class, "win.open-project", NULL, open_project_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.project-settings", NULL,
                                   project_settings_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-save-as", NULL,
                                   cancel_save_as_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);
}

static void
vs_window_init (VsWindow *self)
{
  GtkDropTarget *drop;

  self->eval_launcher = vs_eval_launcher_new ();
  self->batch_launcher = vs_batch_launcher_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  vs_compare_page_set_launcher (self->compare_page, self->eval_launcher);
  vs_compare_page_set_batch_launcher (self->compare_page, self->batch_launcher);

  g_object_set_data (G_OBJECT (self->prompts_row), "page", (gpointer) "prompts");
  g_object_set_data (G_OBJECT (self->datasets_row), "page", (gpointer) "datasets");
  g_object_set_data (G_OBJECT (self->finetunes_row), "page", (gpointer) "finetunes");
  g_object_set_data (G_OBJECT (self->compare_row), "page", (gpointer) "compare");

  self->recent_menu = g_menu_new ();
  {
    GMenuModel *menu = gtk_menu_button_get_menu_model (self->primary_menu_button);

    /* The "Open Recent" submenu is the first item of the second section in the .ui. */
    if (G_IS_MENU (menu))
      {
        g_autoptr(GMenuItem) recent = g_menu_item_new_submenu (_("Open _Recent"),
                                                               G_MENU_MODEL (self->recent_menu));
        GMenuModel *section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);

        if (G_IS_MENU (section))
          g_menu_insert_item (G_MENU (section), 2, recent);
        g_clear_object (&section);
      }
  }

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.project-settings", FALSE);
  gtk_stack_set_visible_child_name (self->main_stack, "no-project");
}

VsWindow *
vs_window_new (VsApplication *application)
{
  return g_object_new (VS_TYPE_WINDOW, "application", application, NULL);
}
