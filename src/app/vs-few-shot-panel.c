/* vs-few-shot-panel.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "vs-dataset-store.h"
#include "vs-few-shot-panel.h"
#include "vs-source-util.h"
#include "vs-ui-util.h"

static const char * const splits[] = { "train", "validation", "test", "unassigned" };

struct _VsFewShotPanel
{
  GtkWidget       parent_instance;

  VsProject      *project;
  VsTemplate     *template;
  gboolean        loading;

  /* Template widgets */
  GtkWidget      *group;
  AdwExpanderRow *expander;
  AdwComboRow    *dataset_row;
  GtkStringList  *dataset_names;
  AdwComboRow    *split_row;
  GtkSpinButton  *k;
  GtkSpinButton  *seed;
  GtkSourceView  *user_view;
  GtkSourceView  *assistant_view;
  GtkLabel       *status;
};

G_DEFINE_FINAL_TYPE (VsFewShotPanel, vs_few_shot_panel, GTK_TYPE_WIDGET)

static char *
view_text (GtkSourceView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_view_text (GtkSourceView *view,
               const char    *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  g_autofree char *current = view_text (view);

  if (g_strcmp0 (current, text ? text : "") == 0)
    return;
  /* Loading is not an edit: undo starts after it. */
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, text ? text : "", -1);
  gtk_text_buffer_end_irreversible_action (buffer);
}

static const char *
selected_string (AdwComboRow *row)
{
  GObject *item = adw_combo_row_get_selected_item (row);

  return GTK_IS_STRING_OBJECT (item) ? gtk_string_object_get_string (GTK_STRING_OBJECT (item))
                                     : NULL;
}

static void
write_block (VsFewShotPanel *self)
{
  g_autoptr(VsTemplateFewShot) few_shot = NULL;
  g_autofree char *user = NULL;
  g_autofree char *assistant = NULL;

  if (self->loading || self->template == NULL)
    return;

  if (!adw_expander_row_get_enable_expansion (self->expander))
    {
      if (vs_template_get_few_shot (self->template) != NULL)
        vs_template_set_few_shot (self->template, NULL);
      return;
    }

  user = view_text (self->user_view);
  assistant = view_text (self->assistant_view);
  few_shot = vs_template_few_shot_new (selected_string (self->dataset_row), user, assistant);
  g_free (few_shot->split);
  few_shot->split = g_strdup (selected_string (self->split_row) ?: "train");
  few_shot->k = gtk_spin_button_get_value_as_int (self->k);
  few_shot->seed = (gint64) gtk_spin_button_get_value (self->seed);
  vs_template_set_few_shot (self->template, few_shot);
}

static void
load_datasets (VsFewShotPanel *self,
               const char     *current)
{
  g_autoptr(GPtrArray) datasets = NULL;
  guint selected = GTK_INVALID_LIST_POSITION;
  guint n = 0;

  gtk_string_list_splice (self->dataset_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->dataset_names)), NULL);
  if (self->project != NULL)
    datasets = vs_dataset_store_list_names (self->project, NULL);
  for (guint i = 0; datasets != NULL && i < datasets->len; i++)
    {
      const char *name = ((const VsDatasetName *) g_ptr_array_index (datasets, i))->name;

      if (g_strcmp0 (name, current) == 0)
        selected = n;
      gtk_string_list_append (self->dataset_names, name);
      n++;
    }

  /* A JSONL file (or a dataset that is gone) stays selectable as it is written. */
  if (current != NULL && *current != '\0' && selected == GTK_INVALID_LIST_POSITION)
    {
      gtk_string_list_append (self->dataset_names, current);
      selected = n;
    }
  adw_combo_row_set_selected (self->dataset_row, selected == GTK_INVALID_LIST_POSITION ? 0
                                                                                       : selected);
}

static void
load (VsFewShotPanel *self)
{
  const VsTemplateFewShot *few_shot = self->template ? vs_template_get_few_shot (self->template)
                                                     : NULL;

  self->loading = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self), self->template != NULL);
  load_datasets (self, few_shot ? few_shot->dataset : NULL);
  adw_combo_row_set_selected (self->split_row, 0);
  for (guint i = 0; few_shot != NULL && i < G_N_ELEMENTS (splits); i++)
    if (g_strcmp0 (few_shot->split, splits[i]) == 0)
      adw_combo_row_set_selected (self->split_row, i);
  gtk_spin_button_set_value (self->k, few_shot ? few_shot->k : 3);
  gtk_spin_button_set_value (self->seed, few_shot ? few_shot->seed : 1);
  set_view_text (self->user_view, few_shot ? few_shot->user : "{{input}}");
  set_view_text (self->assistant_view, few_shot ? few_shot->assistant : "{{label}}");
  adw_expander_row_set_enable_expansion (self->expander, few_shot != NULL);
  adw_expander_row_set_expanded (self->expander, few_shot != NULL);
  gtk_label_set_label (self->status, "");
  self->loading = FALSE;
}

void
vs_few_shot_panel_set_project (VsFewShotPanel *self,
                               VsProject      *project)
{
  g_return_if_fail (VS_IS_FEW_SHOT_PANEL (self));
  g_return_if_fail (!project || VS_IS_PROJECT (project));

  g_set_object (&self->project, project);
  load (self);
}

void
vs_few_shot_panel_set_template (VsFewShotPanel *self,
                                VsTemplate     *template)
{
  g_return_if_fail (VS_IS_FEW_SHOT_PANEL (self));
  g_return_if_fail (!template || VS_IS_TEMPLATE (template));

  g_set_object (&self->template, template);
  load (self);
}

void
vs_few_shot_panel_set_status (VsFewShotPanel *self,
                              const char     *status)
{
  g_return_if_fail (VS_IS_FEW_SHOT_PANEL (self));

  gtk_label_set_label (self->status, status ? status : "");
}

GtkWidget *
vs_few_shot_panel_new (void)
{
  return g_object_new (VS_TYPE_FEW_SHOT_PANEL, NULL);
}

static void
vs_few_shot_panel_dispose (GObject *object)
{
  VsFewShotPanel *self = VS_FEW_SHOT_PANEL (object);

  g_clear_object (&self->project);
  g_clear_object (&self->template);
  vs_ui_dispose_template (GTK_WIDGET (self), VS_TYPE_FEW_SHOT_PANEL);

  G_OBJECT_CLASS (vs_few_shot_panel_parent_class)->dispose (object);
}

static void
vs_few_shot_panel_class_init (VsFewShotPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_few_shot_panel_dispose;

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-few-shot-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, VsFewShotPanel, group);
  gtk_widget_class_bind_template_child (widget_class, VsFewShotPanel, expander);
  gtk_widget_class_bind_template_child (widget_class, VsFewShotPanel, dataset_row);
  gtk_widget_class_bind_template_child (widget_class, VsFewShotPanel, dataset_names);
  gtk_widget_class_bind_template_child (widget_class, VsFewShotPanel, split_row);
  gtk_widget_class_bind_template_child (widget_class, VsFewShotPanel, k);
  gtk_widget_class_bind_template_child (widget_class, VsFewShotPanel, seed);
  gtk_widget_class_bind_template_child (widget_class, VsFewShotPanel, user_view);
  gtk_widget_class_bind_template_child (widget_class, VsFewShotPanel, assistant_view);
  gtk_widget_class_bind_template_child (widget_class, VsFewShotPanel, status);
}

static void
vs_few_shot_panel_init (VsFewShotPanel *self)
{
  GtkSourceView *views[2];

  gtk_widget_init_template (GTK_WIDGET (self));
  /* In the editor's scrolled column: the wheel scrolls it, not the numbers; the rows are
   * narrow, so the numbers are compact and the titles break between words only. */
  vs_ui_wheel_needs_focus (GTK_WIDGET (self));
  vs_ui_labels_keep_words (GTK_WIDGET (self));
  vs_ui_spin_button_compact (self->k);
  vs_ui_spin_button_compact (self->seed);
  views[0] = self->user_view;
  views[1] = self->assistant_view;

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      GtkSourceBuffer *buffer = gtk_source_buffer_new (NULL);

      gtk_text_buffer_set_enable_undo (GTK_TEXT_BUFFER (buffer), TRUE);
      gtk_text_view_set_buffer (GTK_TEXT_VIEW (views[i]), GTK_TEXT_BUFFER (buffer));
      vs_source_view_highlight_when_mapped (views[i], NULL);
      g_signal_connect_object (buffer, "changed", G_CALLBACK (write_block), self,
                               G_CONNECT_SWAPPED);
      g_object_unref (buffer);
    }
  g_signal_connect_object (self->expander, "notify::enable-expansion", G_CALLBACK (write_block),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dataset_row, "notify::selected", G_CALLBACK (write_block),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->split_row, "notify::selected", G_CALLBACK (write_block), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->k, "value-changed", G_CALLBACK (write_block), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->seed, "value-changed", G_CALLBACK (write_block), self,
                           G_CONNECT_SWAPPED);
  load (self);
}
