/* vs-batch-list.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run has a handful of batches (one or more per contender), so each is a row of its own,
 * rebuilt on every refresh.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-batch-list.h"
#include "vs-batch-store.h"
#include "vs-format.h"

struct _VsBatchList
{
  GtkWidget   parent_instance;

  GtkWidget  *scroller;
  GtkLabel   *summary;
  GtkListBox *list;

  VsProject  *project;
  gint64      run_id;
  GPtrArray  *rows;     /* AdwActionRow, in the order shown */
};

G_DEFINE_FINAL_TYPE (VsBatchList, vs_batch_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_N_BATCHES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
vs_batch_list_state_label (const char *state)
{
  static const struct { const char *state; const char *label; } labels[] = {
    { "PREPARED", N_("files written") },
    { "VALIDATING", N_("validating") },
    { "QUEUED", N_("queued") },
    { "RUNNING", N_("running") },
    { "CANCELLING", N_("cancelling") },
    { "SUCCEEDED", N_("finished") },
    { "FAILED", N_("failed") },
    { "CANCELLED", N_("cancelled") },
    { "EXPIRED", N_("expired") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (state, labels[i].state) == 0)
      return _(labels[i].label);
  return _("unknown");
}

static const char *
provider_label (const char *provider)
{
  if (g_strcmp0 (provider, "openai") == 0)
    return _("OpenAI-compatible batch API");
  if (g_strcmp0 (provider, "mistral") == 0)
    return _("Mistral batch API");
  if (g_strcmp0 (provider, "files") == 0)
    return _("Files for offline use");
  return provider != NULL ? provider : _("unknown provider");
}

static gboolean
state_ended (const char *state)
{
  static const char *ended[] = { "SUCCEEDED", "FAILED", "CANCELLED", "EXPIRED", NULL };

  return state != NULL && g_strv_contains (ended, state);
}

/* "380 of 400 done · 3 failed"; "400 requests" before any is done. */
static char *
format_counts (const VsBatchRow *row)
{
  g_autofree char *total = vs_format_count (row->n_lines);
  g_autoptr(GString) text = g_string_new (NULL);

  if (g_strcmp0 (row->state, "PREPARED") == 0 || g_strcmp0 (row->provider, "files") == 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s line", "%s lines",
                                               (gulong) row->n_lines), total);
  else if (row->n_completed <= 0 && row->n_failed <= 0 && !state_ended (row->state))
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s request", "%s requests",
                                               (gulong) row->n_lines), total);
  else
    {
      g_autofree char *done = vs_format_count (MAX (row->n_completed, 0));

      /* TRANSLATORS: requests of a batch, "380 of 400 done" */
      g_string_append_printf (text, _("%s of %s done"), done, total);
    }
  if (row->n_failed > 0)
    {
      g_autofree char *failed = vs_format_count (row->n_failed);

      g_string_append_printf (text, _(" · %s failed"), failed);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

typedef enum { WRITTEN, SUBMITTED, ENDED, CHECKED } TimeKind;

/* "submitted 3 minutes ago" in the subtitle, the full date in the tooltip. */
static void
append_time (GString    *text,
             GString    *tooltip,
             TimeKind    kind,
             const char *iso8601)
{
  g_autofree char *relative = vs_format_relative_time (iso8601);
  g_autofree char *full = vs_format_full_time (iso8601);

  if (relative == NULL)
    return;
  if (text->len > 0)
    g_string_append (text, " · ");
  if (tooltip->len > 0)
    g_string_append_c (tooltip, '\n');
  switch (kind)
    {
    case WRITTEN:
      g_string_append_printf (text, _("written %s"), relative);
      g_string_append_printf (tooltip, _("Written %s"), full);
      break;
    case SUBMITTED:
      g_string_append_printf (text, _("submitted %s"), relative);
      g_string_append_printf (tooltip, _("Submitted %s"), full);
      break;
    case ENDED:
      g_string_append_printf (text, _("ended %s"), relative);
      g_string_append_printf (tooltip, _("Ended %s"), full);
      break;
    case CHECKED:
    default:
      g_string_append_printf (text, _("checked %s"), relative);
      g_string_append_printf (tooltip, _("Checked %s"), full);
      break;
    }
}

/* The badge's word: a provider's batch whose create is under way (its row claimed,
 * vs_batch_store_claim()) is being submitted, not a file lying there. */
static const char *
row_state_label (const VsBatchRow *batch)
{
  if (g_strcmp0 (batch->state, VS_BATCH_STATE_PREPARED_TEXT) == 0 &&
      g_strcmp0 (batch->status, VS_BATCH_STATUS_CREATING) == 0)
    return _("submitting");
  return vs_batch_list_state_label (batch->state);
}

static GtkWidget *
create_row (const VsBatchRow *batch)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *counts = gtk_label_new (NULL);
  GtkWidget *badge = gtk_label_new (row_state_label (batch));
  g_autoptr(GString) subtitle = g_string_new (provider_label (batch->provider));
  g_autoptr(GString) times = g_string_new (NULL);
  g_autoptr(GString) tooltip = g_string_new (NULL);
  g_autofree char *count_text = format_counts (batch);
  g_autofree char *accessible = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 batch->contender != NULL ? batch->contender : _("Contender"));
  if (batch->remote_id != NULL)
    g_string_append_printf (subtitle, " · %s", batch->remote_id);
  else if (batch->input_path != NULL && g_strcmp0 (batch->provider, "files") == 0)
    {
      g_autofree char *base = g_path_get_basename (batch->input_path);

      g_string_append_printf (subtitle, " · %s", base);
    }
  if (g_strcmp0 (batch->provider, "files") == 0)
    append_time (times, tooltip, WRITTEN, batch->created_at);
  else
    append_time (times, tooltip, SUBMITTED, batch->created_at);
  if (state_ended (batch->state))
    append_time (times, tooltip, ENDED,
                 batch->completed_at != NULL ? batch->completed_at : batch->updated_at);
  else if (batch->updated_at != NULL && g_strcmp0 (batch->updated_at, batch->created_at) != 0)
    append_time (times, tooltip, CHECKED, batch->updated_at);
  if (times->len > 0)
    g_string_append_printf (subtitle, " · %s", times->str);
  if (batch->error != NULL)
    g_string_append_printf (subtitle, "\n%s", batch->error);
  if (batch->input_path != NULL)
    {
      if (tooltip->len > 0)
        g_string_append_c (tooltip, '\n');
      g_string_append (tooltip, batch->input_path);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), batch->error != NULL ? 4 : 2);
  if (tooltip->len > 0)
    gtk_widget_set_tooltip_text (row, tooltip->str);

  gtk_label_set_text (GTK_LABEL (counts), count_text);
  gtk_widget_add_css_class (counts, "numeric");
  gtk_widget_add_css_class (counts, "dim-label");
  gtk_widget_set_valign (counts, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "badge");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), counts);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
  g_object_set_data (G_OBJECT (row), "counts", counts);
  g_object_set_data (G_OBJECT (row), "badge", badge);

  /* What a screen reader says for the row: who, where, state and counts. */
  accessible = g_strdup_printf ("%s, %s, %s, %s",
                                batch->contender != NULL ? batch->contender : _("Contender"),
                                provider_label (batch->provider),
                                row_state_label (batch), count_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  return row;
}

static void
clear (VsBatchList *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->list, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

static void
update_summary (VsBatchList *self,
                GPtrArray   *batches)
{
  gint64 lines = 0, done = 0, failed = 0;
  guint ended = 0;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *n_lines = NULL;
  g_autofree char *n_done = NULL;

  for (guint i = 0; i < batches->len; i++)
    {
      const VsBatchRow *row = g_ptr_array_index (batches, i);

      lines += MAX (row->n_lines, 0);
      done += MAX (row->n_completed, 0);
      failed += MAX (row->n_failed, 0);
      ended += state_ended (row->state) ? 1 : 0;
    }
  n_lines = vs_format_count (lines);
  n_done = vs_format_count (done);
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE, "%u batch", "%u batches", batches->len),
                          batches->len);
  /* TRANSLATORS: "3 batches, 1 ended · 380 of 1,200 requests done" */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, ", %u ended", ", %u ended", ended),
                          ended);
  g_string_append_printf (text, _(" · %s of %s requests done"), n_done, n_lines);
  if (failed > 0)
    {
      g_autofree char *n_failed = vs_format_count (failed);

      g_string_append_printf (text, _(" · %s failed"), n_failed);
    }
  gtk_label_set_text (self->summary, text->str);
}

void
vs_batch_list_refresh (VsBatchList *self)
{
  g_autoptr(GPtrArray) batches = NULL;
  g_autoptr(GError) error = NULL;
  guint before;

  g_return_if_fail (VS_IS_BATCH_LIST (self));

  before = self->rows->len;
  clear (self);
  if (self->project != NULL && self->run_id > 0)
    {
      batches = vs_batch_store_list (self->project, self->run_id, &error);
      if (batches == NULL)
        g_warning ("Cannot read the batches of run %" G_GINT64_FORMAT ": %s", self->run_id,
                   error->message);
    }
  for (guint i = 0; batches != NULL && i < batches->len; i++)
    {
      GtkWidget *row = create_row (g_ptr_array_index (batches, i));

      gtk_list_box_append (self->list, row);
      g_ptr_array_add (self->rows, row);
    }
  if (batches != NULL && batches->len > 0)
    update_summary (self, batches);
  else
    gtk_label_set_text (self->summary,
                        _("This run has no batches. A run started with “Run as batch” shows "
                          "its batches here; the trials without a result can also be "
                          "exported as batch files for a cluster of your own, and its output "
                          "imported here."));
  /* An empty boxed list would draw an empty frame. */
  gtk_widget_set_visible (GTK_WIDGET (self->list), self->rows->len > 0);
  if (before != self->rows->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_BATCHES]);
}

void
vs_batch_list_set_run (VsBatchList *self,
                       VsProject   *project,
                       gint64       run_id)
{
  g_return_if_fail (VS_IS_BATCH_LIST (self));
  g_return_if_fail (project == NULL || VS_IS_PROJECT (project));

  g_set_object (&self->project, project);
  self->run_id = project != NULL ? run_id : 0;
  vs_batch_list_refresh (self);
}

guint
vs_batch_list_get_n_batches (VsBatchList *self)
{
  g_return_val_if_fail (VS_IS_BATCH_LIST (self), 0);

  return self->rows->len;
}

GtkWidget *
vs_batch_list_get_row (VsBatchList *self,
                       guint        index)
{
  g_return_val_if_fail (VS_IS_BATCH_LIST (self), NULL);

  return index < self->rows->len ? g_ptr_array_index (self->rows, index) : NULL;
}

static void
vs_batch_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VsBatchList *self = VS_BATCH_LIST (object);

  switch (prop_id)
    {
    case PROP_N_BATCHES:
      g_value_set_uint (value, self->rows->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_batch_list_dispose (GObject *object)
{
  VsBatchList *self = VS_BATCH_LIST (object);

  g_clear_object (&self->project);
  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_BATCH_LIST);
  G_OBJECT_CLASS (vs_batch_list_parent_class)->dispose (object);
}

static void
vs_batch_list_finalize (GObject *object)
{
  VsBatchList *self = VS_BATCH_LIST (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (vs_batch_list_parent_class)->finalize (object);
}

static void
vs_batch_list_class_init (VsBatchListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = vs_batch_list_get_property;
  object_class->dispose = vs_batch_list_dispose;
  object_class->finalize = vs_batch_list_finalize;

  properties[PROP_N_BATCHES] =
    g_param_spec_uint ("n-batches", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-batch-list.ui");
  gtk_widget_class_bind_template_child (widget_class, VsBatchList, scroller);
  gtk_widget_class_bind_template_child (widget_class, VsBatchList, summary);
  gtk_widget_class_bind_template_child (widget_class, VsBatchList, list);
}

static void
vs_batch_list_init (VsBatchList *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vs_batch_list_new (void)
{
  return g_object_new (VS_TYPE_BATCH_LIST, NULL);
}
