/* vs-version-history.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-format.h"
#include "vs-template-store.h"
#include "vs-ui-util.h"
#include "vs-version-history.h"

struct _VsVersionHistory
{
  GtkWidget            parent_instance;

  VsProject           *project;
  gint64               template_id;
  GArray              *version_ids;  /* gint64, newest first */
  gboolean             diff_dirty;
  guint                update_id;
  gboolean             updating;

  GtkWidget           *box;
  AdwPreferencesGroup *group;
  GPtrArray           *rows;
  GtkWidget           *empty_row;
  GtkStringList       *choices;      /* "Draft", then the versions */
  GtkDropDown         *old_choice;
  GtkDropDown         *new_choice;
  GtkToggleButton     *side_toggle;
  GtkWidget           *compare_bars;  /* hidden while there is nothing to compare */
  VsDiffView          *diff_view;
  GtkLabel            *diff_summary;
  GtkWindow           *diff_window;   /* weak: the wide view, while open */
};

G_DEFINE_FINAL_TYPE (VsVersionHistory, vs_version_history, GTK_TYPE_WIDGET)

enum {
  RESTORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gint64
choice_id (VsVersionHistory *self,
           guint             position)
{
  if (position == 0 || position == GTK_INVALID_LIST_POSITION ||
      position > self->version_ids->len)
    return 0;
  return g_array_index (self->version_ids, gint64, position - 1);
}

static guint
choice_position (VsVersionHistory *self,
                 gint64            id)
{
  for (guint i = 0; i < self->version_ids->len; i++)
    if (g_array_index (self->version_ids, gint64, i) == id)
      return i + 1;
  return 0;
}

static VsTemplate *
load_side (VsVersionHistory  *self,
           gint64             id,
           char             **label,
           GError           **error)
{
  g_autoptr(VsTemplateVersionInfo) info = NULL;
  VsTemplate *template;

  if (id == 0)
    {
      *label = g_strdup (_("draft"));
      return vs_template_store_load_draft (self->project, self->template_id, error);
    }
  template = vs_template_store_load_version (self->project, id, &info, error);
  if (template != NULL)
    *label = g_strdup_printf (_("version %d"), info->number);
  return template;
}

/* The diff between the two chosen sides, or NULL with @error set. */
static VsTemplateDiff *
build_diff (VsVersionHistory  *self,
            GError           **error)
{
  gint64 old_id = choice_id (self, gtk_drop_down_get_selected (self->old_choice));
  gint64 new_id = choice_id (self, gtk_drop_down_get_selected (self->new_choice));
  g_autoptr(VsTemplate) old_template = NULL;
  g_autoptr(VsTemplate) new_template = NULL;
  g_autofree char *old_label = NULL;
  g_autofree char *new_label = NULL;

  old_template = load_side (self, old_id, &old_label, error);
  if (old_template == NULL)
    return NULL;
  new_template = load_side (self, new_id, &new_label, error);
  if (new_template == NULL)
    return NULL;
  return vs_template_diff_new (old_template, new_template, old_label, new_label);
}

/* "2 lines added, 1 removed · 1 setting changed" */
static char *
diff_summary (const VsTemplateDiff *diff)
{
  GString *out = g_string_new (NULL);
  guint n_settings = diff->settings->len;

  if (vs_template_diff_is_empty (diff))
    return g_strdup (_("No differences"));

  /* Settings are counted as settings, not as lines of their JSON. */
  if (diff->n_inserted > 0 || diff->n_deleted > 0)
    {
      guint n_inserted = 0, n_deleted = 0;

      for (guint s = 0; s < diff->sections->len; s++)
        {
          const VsTemplateDiffSection *section = g_ptr_array_index (diff->sections, s);

          if (section->kind != VS_TEMPLATE_DIFF_MESSAGE)
            continue;
          for (guint l = 0; l < section->lines->len; l++)
            {
              const VsDiffLine *line = g_ptr_array_index (section->lines, l);

              n_inserted += line->op == VS_DIFF_INSERT;
              n_deleted += line->op == VS_DIFF_DELETE;
            }
        }
      if (n_inserted > 0)
        g_string_append_printf (out, ngettext ("%u line added", "%u lines added", n_inserted),
                                n_inserted);
      if (n_deleted > 0)
        {
          if (out->len > 0)
            g_string_append (out, ", ");
          g_string_append_printf (out,
                                  n_inserted > 0
                                    ? ngettext ("%u removed", "%u removed", n_deleted)
                                    : ngettext ("%u line removed", "%u lines removed", n_deleted),
                                  n_deleted);
        }
    }
  if (n_settings > 0)
    {
      if (out->len > 0)
        g_string_append (out, " · ");
      g_string_append_printf (out,
                              ngettext ("%u setting changed", "%u settings changed", n_settings),
                              n_settings);
    }
  if (out->len == 0)
    g_string_append (out, _("Message roles changed"));
  return g_string_free (out, FALSE);
}

static void
update_diff (VsVersionHistory *self)
{
  g_autoptr(GError) error = NULL;
  VsTemplateDiff *diff;
  g_autofree char *summary = NULL;

  self->diff_dirty = FALSE;
  if (self->project == NULL || self->template_id <= 0 || self->version_ids->len == 0)
    {
      vs_diff_view_set_diff (self->diff_view, NULL);
      gtk_label_set_label (self->diff_summary, "");
      return;
    }

  diff = build_diff (self, &error);
  if (diff == NULL)
    {
      vs_diff_view_set_diff (self->diff_view, NULL);
      gtk_label_set_label (self->diff_summary, error->message);
      return;
    }
  summary = diff_summary (diff);
  gtk_label_set_label (self->diff_summary, summary);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->diff_summary), summary);
  vs_diff_view_set_diff (self->diff_view, diff);
}

static char *
side_title (VsVersionHistory *self,
            GtkDropDown      *choice)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (choice);

  return g_strdup (item ? gtk_string_object_get_string (item) : "");
}

GtkWindow *
vs_version_history_open_window (VsVersionHistory *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *old_title = NULL;
  g_autofree char *new_title = NULL;
  g_autofree char *title = NULL;
  g_autofree char *summary = NULL;
  VsTemplateDiff *diff;
  GtkWidget *window, *box, *header, *window_title, *view, *toggle;
  GtkRoot *root;

  g_return_val_if_fail (VS_IS_VERSION_HISTORY (self), NULL);

  if (self->project == NULL || self->version_ids->len == 0)
    return NULL;
  diff = build_diff (self, &error);
  if (diff == NULL)
    {
      GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
      return NULL;
    }
  if (self->diff_window != NULL)
    gtk_window_destroy (self->diff_window);

  old_title = side_title (self, self->old_choice);
  new_title = side_title (self, self->new_choice);
  /* Translators: the title of the window comparing two versions, "Version 1 → Draft" */
  title = g_strdup_printf (_("%s → %s"), old_title, new_title);
  summary = diff_summary (diff);

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_set_modal (GTK_WINDOW (window), FALSE);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  window_title = adw_window_title_new (title, summary);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), window_title);
  view = vs_diff_view_new ();
  toggle = gtk_toggle_button_new ();
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  gtk_button_set_icon_name (GTK_BUTTON (toggle), "view-dual-symbolic");
  gtk_widget_set_tooltip_text (toggle, _("Side by Side"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Side by side"), -1);
  g_object_bind_property (toggle, "active", view, "side-by-side",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), toggle);
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (view, TRUE);
  vs_diff_view_set_diff (VS_DIFF_VIEW (view), diff);
  gtk_box_append (GTK_BOX (box), view);
  adw_window_set_content (ADW_WINDOW (window), box);

  {
    GtkEventController *keys = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (keys),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                        gtk_named_action_new ("window.close")));
    gtk_widget_add_controller (window, keys);
  }

  self->diff_window = GTK_WINDOW (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->diff_window);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

static void
on_open_window_clicked (VsVersionHistory *self)
{
  vs_version_history_open_window (self);
}

static void
on_choice_changed (VsVersionHistory *self)
{
  if (!self->updating)
    update_diff (self);
}

gboolean
vs_version_history_compare (VsVersionHistory *self,
                            gint64            old_version_id,
                            gint64            new_version_id)
{
  g_return_val_if_fail (VS_IS_VERSION_HISTORY (self), FALSE);

  if ((old_version_id != 0 && choice_position (self, old_version_id) == 0) ||
      (new_version_id != 0 && choice_position (self, new_version_id) == 0))
    return FALSE;

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->old_choice, choice_position (self, old_version_id));
  gtk_drop_down_set_selected (self->new_choice, choice_position (self, new_version_id));
  self->updating = FALSE;
  update_diff (self);
  return TRUE;
}

VsDiffView *
vs_version_history_get_diff_view (VsVersionHistory *self)
{
  g_return_val_if_fail (VS_IS_VERSION_HISTORY (self), NULL);

  return self->diff_view;
}

guint
vs_version_history_get_n_versions (VsVersionHistory *self)
{
  g_return_val_if_fail (VS_IS_VERSION_HISTORY (self), 0);

  return self->version_ids->len;
}

gboolean
vs_version_history_restore (VsVersionHistory  *self,
                            gint64             version_id,
                            GError           **error)
{
  g_autoptr(VsTemplateVersionInfo) info = NULL;

  g_return_val_if_fail (VS_IS_VERSION_HISTORY (self), FALSE);
  g_return_val_if_fail (self->project != NULL, FALSE);

  info = vs_template_store_restore_version (self->project, self->template_id, version_id, NULL,
                                            error);
  if (info == NULL)
    return FALSE;
  vs_version_history_reload (self);
  g_signal_emit (self, signals[RESTORED], 0, version_id);
  return TRUE;
}

static void
on_restore_clicked (GtkButton        *button,
                    VsVersionHistory *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "version-id"));
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *message = NULL;

  if (vs_version_history_restore (self, id, &error))
    message = g_strdup (_("Version restored as the new head"));
  else
    message = g_strdup_printf (_("Could not restore the version: %s"), error->message);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static GtkWidget *
version_row (VsVersionHistory            *self,
             const VsTemplateVersionInfo *info,
             gboolean                     is_head)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *restore;
  g_autofree char *title = NULL;
  g_autofree char *when = vs_format_relative_time (info->created_at);
  g_autofree char *full = vs_format_full_time (info->created_at);
  g_autofree char *subtitle = NULL;

  title = is_head ? g_strdup_printf (_("Version %d (current)"), info->number)
                  : g_strdup_printf (_("Version %d"), info->number);
  if (info->note != NULL && *info->note != '\0')
    subtitle = g_strdup_printf ("%s · %s", info->note, when ? when : "");
  else
    subtitle = g_strdup (when ? when : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_tooltip_text (row, full);

  /* The current version is what the draft started from: restoring it would change nothing. */
  if (is_head)
    return row;
  restore = gtk_button_new_with_mnemonic (_("_Restore"));
  gtk_widget_set_valign (restore, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (restore, "flat");
  gtk_widget_set_tooltip_text (restore, _("Make this version the draft and the new head"));
  g_object_set_data (G_OBJECT (restore), "version-id", GSIZE_TO_POINTER (info->id));
  g_signal_connect_object (restore, "clicked", G_CALLBACK (on_restore_clicked), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), restore);
  return row;
}

void
vs_version_history_reload (VsVersionHistory *self)
{
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VS_IS_VERSION_HISTORY (self));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_array_set_size (self->version_ids, 0);

  if (self->project != NULL && self->template_id > 0)
    {
      versions = vs_template_store_list_versions (self->project, self->template_id, &error);
      if (versions == NULL)
        g_debug ("No versions: %s", error->message);
    }

  self->updating = TRUE;
  gtk_string_list_splice (self->choices, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->choices)), NULL);
  gtk_string_list_append (self->choices, _("Draft"));
  for (guint i = 0; versions != NULL && i < versions->len; i++)
    {
      const VsTemplateVersionInfo *info = g_ptr_array_index (versions, i);
      GtkWidget *row = version_row (self, info, i == 0);
      g_autofree char *choice = g_strdup_printf (_("Version %d"), info->number);

      g_array_append_val (self->version_ids, info->id);
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
      gtk_string_list_append (self->choices, choice);
    }
  gtk_widget_set_visible (self->empty_row, self->version_ids->len == 0);
  /* Without a version there is only the draft: nothing to compare it with. */
  gtk_widget_set_visible (self->compare_bars, self->version_ids->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->diff_view), self->version_ids->len > 0);

  /* What changed since the last version: the newest version against the draft; when the
   * draft is that version still, what the newest version changed. */
  gtk_drop_down_set_selected (self->old_choice, self->version_ids->len > 0 ? 1 : 0);
  gtk_drop_down_set_selected (self->new_choice, 0);
  self->updating = FALSE;
  update_diff (self);
  if (self->version_ids->len >= 2 && vs_diff_view_get_diff (self->diff_view) != NULL &&
      vs_template_diff_is_empty (vs_diff_view_get_diff (self->diff_view)))
    vs_version_history_compare (self, g_array_index (self->version_ids, gint64, 1),
                                g_array_index (self->version_ids, gint64, 0));
}

static void
on_project_changed (VsVersionHistory *self,
                    const char       *what)
{
  gint64 old_id, new_id;

  if (g_strcmp0 (what, "templates") != 0)
    return;

  /* A draft save: the diff against the draft is stale; recompute it only when it shows. */
  old_id = choice_id (self, gtk_drop_down_get_selected (self->old_choice));
  new_id = choice_id (self, gtk_drop_down_get_selected (self->new_choice));
  if (old_id != 0 && new_id != 0)
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    update_diff (self);
  else
    self->diff_dirty = TRUE;
}

void
vs_version_history_set_template (VsVersionHistory *self,
                                 VsProject        *project,
                                 gint64            template_id)
{
  g_return_if_fail (VS_IS_VERSION_HISTORY (self));
  g_return_if_fail (!project || VS_IS_PROJECT (project));

  if (self->project != project)
    vs_ui_watch_object (&self->project, project, "changed", G_CALLBACK (on_project_changed),
                        self);
  self->template_id = template_id;
  vs_version_history_reload (self);
}

GtkWidget *
vs_version_history_new (void)
{
  return g_object_new (VS_TYPE_VERSION_HISTORY, NULL);
}

static gboolean
update_diff_idle (gpointer data)
{
  VsVersionHistory *self = data;

  self->update_id = 0;
  if (self->diff_dirty)
    update_diff (self);
  return G_SOURCE_REMOVE;
}

/* Mapping can happen inside a layout pass (a leaflet unfolding): change nothing then. */
static void
vs_version_history_map (GtkWidget *widget)
{
  VsVersionHistory *self = VS_VERSION_HISTORY (widget);

  GTK_WIDGET_CLASS (vs_version_history_parent_class)->map (widget);
  if (self->diff_dirty && self->update_id == 0)
    self->update_id = g_idle_add (update_diff_idle, self);
}

static void
vs_version_history_dispose (GObject *object)
{
  VsVersionHistory *self = VS_VERSION_HISTORY (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->diff_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->diff_window), (gpointer *) &self->diff_window);
      self->diff_window = NULL;
    }
  vs_ui_unwatch_object (&self->project, G_CALLBACK (on_project_changed), self);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->version_ids, g_array_unref);

  G_OBJECT_CLASS (vs_version_history_parent_class)->dispose (object);
}

static void
vs_version_history_class_init (VsVersionHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_version_history_dispose;
  widget_class->map = vs_version_history_map;

  signals[RESTORED] = g_signal_new ("restored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
vs_version_history_init (VsVersionHistory *self)
{
  GtkWidget *scroller, *inner, *bar, *save, *arrow, *open;

  self->rows = g_ptr_array_new ();
  self->version_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  /* The history, at most a third of the height; the diff takes the rest. */
  inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (inner, 8);
  gtk_widget_set_margin_end (inner, 8);
  gtk_widget_set_margin_top (inner, 12);
  gtk_widget_set_margin_bottom (inner, 12);
  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("History"));
  save = gtk_button_new_with_mnemonic (_("_Save Version…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (save), "editor.save-version");
  gtk_widget_set_valign (save, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (save, _("Save the draft as a new version (Ctrl+S)"));
  adw_preferences_group_set_header_suffix (self->group, save);
  self->empty_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->empty_row), _("No versions yet"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->empty_row),
                               _("Save one to keep this state of the template"));
  adw_preferences_group_add (self->group, self->empty_row);
  gtk_box_append (GTK_BOX (inner), GTK_WIDGET (self->group));
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 240);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), inner);
  gtk_box_append (GTK_BOX (self->box), scroller);

  /* [old] → [new]  [Side by side], then what changed */
  self->compare_bars = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (self->box), self->compare_bars);
  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (bar, 8);
  gtk_widget_set_margin_end (bar, 8);
  gtk_widget_set_margin_bottom (bar, 6);
  self->choices = gtk_string_list_new (NULL);
  self->old_choice = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->choices)),
                                                       NULL));
  self->new_choice = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (self->choices), NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->old_choice), _("Compare this version…"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->new_choice), _("…with this one"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->old_choice),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Old side"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->new_choice),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("New side"), -1);
  g_signal_connect_object (self->old_choice, "notify::selected", G_CALLBACK (on_choice_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->new_choice, "notify::selected", G_CALLBACK (on_choice_changed),
                           self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->old_choice));
  arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  gtk_box_append (GTK_BOX (bar), arrow);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->new_choice));
  gtk_box_append (GTK_BOX (self->compare_bars), bar);

  /* What changed, and how to show it. */
  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (bar, 8);
  gtk_widget_set_margin_end (bar, 8);
  gtk_widget_set_margin_bottom (bar, 6);
  self->diff_summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->diff_summary, 0);
  gtk_label_set_wrap (self->diff_summary, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->diff_summary), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->diff_summary), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->diff_summary), "caption");
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->diff_summary));
  self->side_toggle = GTK_TOGGLE_BUTTON (gtk_toggle_button_new ());
  gtk_button_set_icon_name (GTK_BUTTON (self->side_toggle), "view-dual-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->side_toggle), _("Side by Side"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->side_toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Side by side"), -1);
  gtk_widget_add_css_class (GTK_WIDGET (self->side_toggle), "flat");
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->side_toggle));
  open = gtk_button_new_from_icon_name ("view-fullscreen-symbolic");
  gtk_widget_set_tooltip_text (open, _("Open in a Window"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (open), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Open the comparison in a window"), -1);
  gtk_widget_add_css_class (open, "flat");
  g_signal_connect_object (open, "clicked", G_CALLBACK (on_open_window_clicked), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (bar), open);
  gtk_box_append (GTK_BOX (self->compare_bars), bar);
  gtk_box_append (GTK_BOX (self->compare_bars), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  self->diff_view = VS_DIFF_VIEW (vs_diff_view_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->diff_view), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->diff_view), -1, 160);
  g_object_bind_property (self->side_toggle, "active", self->diff_view, "side-by-side",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->diff_view));

  vs_version_history_reload (self);
}
