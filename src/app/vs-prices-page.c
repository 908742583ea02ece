/* vs-prices-page.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows are rebuilt only when the set of models changes (or another writer touched the table);
 * edits made here update their own row in place so that focus and expansion survive typing.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-prices.h"
#include "vs-prices-page.h"

struct _VsPricesPage
{
  AdwPreferencesPage   parent_instance;

  VsProject           *project;
  GHashTable          *rows;      /* model → AdwExpanderRow (owned by the group) */
  GHashTable          *removed;   /* model → VsPrice, for Undo */
  gboolean             writing;

  AdwPreferencesGroup *prices_group;
  AdwEntryRow         *add_row;
};

G_DEFINE_FINAL_TYPE (VsPricesPage, vs_prices_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  COLUMN_INPUT,
  COLUMN_OUTPUT,
  COLUMN_TRAINING,
  COLUMN_BATCH_DISCOUNT,   /* percent in the page, a fraction in the table */
  N_COLUMNS
};

static const char *column_names[N_COLUMNS] = { "input", "output", "training",
                                               "batch-discount" };

static void
show_toast (VsPricesPage *self,
            AdwToast     *toast)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_PREFERENCES_WINDOW);

  if (window != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
show_error (VsPricesPage *self,
            const char   *what,
            GError       *error)
{
  g_autofree char *message = g_strdup_printf ("%s: %s", what, error->message);
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  show_toast (self, toast);
}

/* 3 → "$3.00", 0.075 → "$0.075": cents always, more digits only when they matter. */
static char *
format_money (double value)
{
  double cents = value * 100.0;

  if (ABS (cents - (gint64) (cents + 0.5)) < 1e-9)
    return g_strdup_printf ("$%.2f", value);
  return g_strdup_printf ("$%.4g", value);
}

static char *
price_summary (double input,
               double output,
               double training,
               double batch_percent)
{
  g_autofree char *in = format_money (input);
  g_autofree char *out = format_money (output);
  g_autofree char *train = format_money (training);
  g_autofree char *prices = NULL;

  if (input == 0.0 && output == 0.0 && training == 0.0)
    return g_strdup (_("Free"));
  /* Translators: prices per million tokens */
  prices = g_strdup_printf (_("Input %s · Output %s · Training %s"), in, out, train);
  /* The usual discount goes without saying; another one is worth seeing at a glance. */
  if (G_APPROX_VALUE (batch_percent, VS_PRICE_DEFAULT_BATCH_DISCOUNT * 100, 1e-9))
    return g_steal_pointer (&prices);
  /* Translators: "Input $0.15 · Output $0.60 · Training $3.00 · Batch discount 30%" */
  return g_strdup_printf (_("%s · Batch discount %.0f%%"), prices, batch_percent);
}

static GtkSpinButton *
row_spin (AdwExpanderRow *row,
          guint           column)
{
  return g_object_get_data (G_OBJECT (row), column_names[column]);
}

static void
update_subtitle (AdwExpanderRow *row)
{
  g_autofree char *summary =
    price_summary (gtk_spin_button_get_value (row_spin (row, COLUMN_INPUT)),
                   gtk_spin_button_get_value (row_spin (row, COLUMN_OUTPUT)),
                   gtk_spin_button_get_value (row_spin (row, COLUMN_TRAINING)),
                   gtk_spin_button_get_value (row_spin (row, COLUMN_BATCH_DISCOUNT)));

  adw_expander_row_set_subtitle (row, summary);
}

static void
on_spin_changed (GtkSpinButton *spin,
                 VsPricesPage  *self)
{
  AdwExpanderRow *row = g_object_get_data (G_OBJECT (spin), "price-row");
  const char *model = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  g_autoptr(VsPrice) price = NULL;
  g_autoptr(GError) error = NULL;

  if (self->project == NULL || g_object_get_data (G_OBJECT (row), "loading") != NULL)
    return;

  price = vs_price_new (model,
                        gtk_spin_button_get_value (row_spin (row, COLUMN_INPUT)),
                        gtk_spin_button_get_value (row_spin (row, COLUMN_OUTPUT)),
                        gtk_spin_button_get_value (row_spin (row, COLUMN_TRAINING)));
  price->batch_discount = gtk_spin_button_get_value (row_spin (row, COLUMN_BATCH_DISCOUNT)) / 100;
  self->writing = TRUE;
  if (!vs_prices_set (self->project, price, &error))
    show_error (self, _("Could not save the price"), error);
  self->writing = FALSE;
  update_subtitle (row);
}

static GtkWidget *
add_spin_row (AdwExpanderRow *row,
              VsPricesPage   *self,
              guint           column,
              const char     *title,
              double          value)
{
  GtkWidget *child = adw_action_row_new ();
  gboolean percent = column == COLUMN_BATCH_DISCOUNT;
  GtkAdjustment *adjustment = percent
    ? gtk_adjustment_new (value, 0.0, 100.0, 1.0, 10.0, 0.0)
    : gtk_adjustment_new (value, 0.0, VS_PRICE_MAX_PER_M, 0.01, 1.0, 0.0);
  GtkWidget *spin = gtk_spin_button_new (adjustment, percent ? 1.0 : 0.01, percent ? 0 : 3);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (child),
                               percent ? _("Percent off input and output when a run is sent as "
                                           "batches; providers take about 50%")
                                       : _("US dollars per million tokens"));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 9);
  gtk_widget_set_name (spin, column_names[column]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (child), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (child), spin);
  adw_expander_row_add_row (row, child);

  g_object_set_data (G_OBJECT (row), column_names[column], spin);
  g_object_set_data (G_OBJECT (spin), "price-row", row);
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (on_spin_changed), self, 0);
  return spin;
}

static GtkWidget *
create_row (VsPricesPage  *self,
            const VsPrice *price)
{
  AdwExpanderRow *row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  GtkWidget *remove_row = adw_action_row_new ();
  GtkWidget *remove_button = gtk_button_new_with_mnemonic (_("_Remove"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), price->model);
  g_object_set_data (G_OBJECT (row), "loading", GINT_TO_POINTER (TRUE));
  add_spin_row (row, self, COLUMN_INPUT, _("Input"), price->input_per_m);
  add_spin_row (row, self, COLUMN_OUTPUT, _("Output"), price->output_per_m);
  add_spin_row (row, self, COLUMN_TRAINING, _("Training"), price->training_per_m);
  add_spin_row (row, self, COLUMN_BATCH_DISCOUNT, _("Batch discount"),
                price->batch_discount * 100);
  g_object_set_data (G_OBJECT (row), "loading", NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (remove_row), _("Remove this price"));
  gtk_widget_set_valign (remove_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove_button, "destructive-action");
  gtk_widget_add_css_class (remove_button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove_button), "prices.remove");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove_button), "s", price->model);
  adw_action_row_add_suffix (ADW_ACTION_ROW (remove_row), remove_button);
  adw_expander_row_add_row (row, remove_row);

  update_subtitle (row);
  return GTK_WIDGET (row);
}

static void
clear_rows (VsPricesPage *self)
{
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    adw_preferences_group_remove (self->prices_group, row);
  g_hash_table_remove_all (self->rows);
}

static void
reload (VsPricesPage *self)
{
  g_autoptr(GPtrArray) prices = NULL;
  g_autoptr(GError) error = NULL;

  clear_rows (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->prices_group),
                            self->project != NULL && !vs_project_get_read_only (self->project));
  if (self->project == NULL)
    return;

  prices = vs_prices_list (self->project, &error);
  if (prices == NULL)
    {
      show_error (self, _("Could not read the prices"), error);
      return;
    }
  for (guint i = 0; i < prices->len; i++)
    {
      const VsPrice *price = g_ptr_array_index (prices, i);
      GtkWidget *row = create_row (self, price);

      adw_preferences_group_add (self->prices_group, row);
      g_hash_table_insert (self->rows, g_strdup (price->model), row);
    }
}

static void
on_project_changed (VsPricesPage *self,
                    const char   *what)
{
  if (!self->writing)
    reload (self);
}

static gboolean
add_price (VsPricesPage  *self,
           const VsPrice *price)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *model = g_strstrip (g_strdup (price->model));
  AdwExpanderRow *row;

  self->writing = TRUE;
  if (!vs_prices_set (self->project, price, &error))
    {
      self->writing = FALSE;
      show_error (self, _("Could not add the price"), error);
      return FALSE;
    }
  self->writing = FALSE;
  /* Rows are kept in the table's order. */
  reload (self);
  row = vs_prices_page_get_row (self, model);
  if (row != NULL)
    adw_expander_row_set_expanded (row, TRUE);
  return TRUE;
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  VsPricesPage *self = VS_PRICES_PAGE (widget);
  g_autofree char *model = g_strstrip (g_variant_dup_string (parameter, NULL));
  AdwExpanderRow *row;

  if (self->project == NULL || *model == '\0')
    return;

  /* A model that has a price already: show it rather than reset it. */
  if ((row = g_hash_table_lookup (self->rows, model)) != NULL)
    {
      adw_expander_row_set_expanded (row, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
  else
    {
      g_autoptr(VsPrice) price = vs_price_new (model, 0.0, 0.0, 0.0);

      if (!add_price (self, price))
        return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->add_row), "");
}

static void
on_add_apply (VsPricesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->add_row));

  gtk_widget_activate_action (GTK_WIDGET (self), "prices.add", "s", text);
}

static void
on_undo_clicked (AdwToast     *toast,
                 VsPricesPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "prices.undo-remove", "s",
                              g_object_get_data (G_OBJECT (toast), "model"));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VsPricesPage *self = VS_PRICES_PAGE (widget);
  const char *model = g_variant_get_string (parameter, NULL);
  g_autoptr(VsPrice) price = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (self->project == NULL)
    return;
  price = vs_prices_get (self->project, model, &error);
  if (price == NULL || !vs_prices_delete (self->project, model, &error))
    {
      show_error (self, _("Could not remove the price"), error);
      return;
    }
  g_hash_table_replace (self->removed, g_strdup (model), g_steal_pointer (&price));

  title = g_strdup_printf (_("Price of “%s” removed"), model);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  /* The toast lives in the window's overlay, outside this page: its button cannot reach the
   * page's actions, so it calls back directly. */
  g_object_set_data_full (G_OBJECT (toast), "model", g_strdup (model), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked), self, 0);
  show_toast (self, toast);
}

static void
undo_remove_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VsPricesPage *self = VS_PRICES_PAGE (widget);
  const char *model = g_variant_get_string (parameter, NULL);
  VsPrice *price;

  if (self->project == NULL ||
      (price = g_hash_table_lookup (self->removed, model)) == NULL)
    return;
  if (add_price (self, price))
    g_hash_table_remove (self->removed, model);
}

GtkWidget *
vs_prices_page_new (void)
{
  return g_object_new (VS_TYPE_PRICES_PAGE, NULL);
}

void
vs_prices_page_set_project (VsPricesPage *self,
                            VsProject    *project)
{
  g_return_if_fail (VS_IS_PRICES_PAGE (self));
  g_return_if_fail (project == NULL || VS_IS_PROJECT (project));

  if (self->project == project)
    return;
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  g_hash_table_remove_all (self->removed);
  if (project != NULL)
    g_signal_connect_object (project, "changed::prices", G_CALLBACK (on_project_changed), self,
                             G_CONNECT_SWAPPED);
  reload (self);
}

VsProject *
vs_prices_page_get_project (VsPricesPage *self)
{
  g_return_val_if_fail (VS_IS_PRICES_PAGE (self), NULL);

  return self->project;
}

AdwExpanderRow *
vs_prices_page_get_row (VsPricesPage *self,
                        const char   *model)
{
  g_return_val_if_fail (VS_IS_PRICES_PAGE (self), NULL);
  g_return_val_if_fail (model != NULL, NULL);

  return g_hash_table_lookup (self->rows, model);
}

static void
vs_prices_page_dispose (GObject *object)
{
  VsPricesPage *self = VS_PRICES_PAGE (object);

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_object (&self->project);
  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_PRICES_PAGE);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->removed, g_hash_table_unref);

  G_OBJECT_CLASS (vs_prices_page_parent_class)->dispose (object);
}

static void
vs_prices_page_class_init (VsPricesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_prices_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-prices-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VsPricesPage, prices_group);
  gtk_widget_class_bind_template_child (widget_class, VsPricesPage, add_row);
  gtk_widget_class_bind_template_callback (widget_class, on_add_apply);

  gtk_widget_class_install_action (widget_class, "prices.add", "s", add_action);
  gtk_widget_class_install_action (widget_class, "prices.remove", "s", remove_action);
  gtk_widget_class_install_action (widget_class, "prices.undo-remove", "s", undo_remove_action);
}

static void
vs_prices_page_init (VsPricesPage *self)
{
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) vs_price_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  reload (self);
}
