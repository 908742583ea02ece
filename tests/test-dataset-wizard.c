/* test-dataset-wizard.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dataset wizard walked through its actions on a small CSV, as a keyboard user would:
 * import, map (with the live preview), clean (with undo), validate (problems by row, drop
 * one), split, export — checking the counts before → after at every step, that the step is
 * kept when the dataset is shown again, and that the list stays beside the wizard.
 */
#include "config.h"

#include <adwaita.h>

#include "vs-dataset-export.h"
#include "vs-dataset-wizard.h"
#include "vs-datasets-page.h"
#include "vs-item-list.h"
#include "vs-json.h"
#include "vs-prices.h"
#include "vs-test-gui.h"
#include "vs-test-util.h"
#include "vs-window.h"

static VsApplication *app;

static gboolean
has_project (gpointer data)
{
  return vs_window_get_project (data) != NULL;
}

static gboolean
import_finished (gpointer data)
{
  return !vs_datasets_page_is_importing (data);
}

static gboolean
wizard_has_dataset (gpointer data)
{
  return vs_dataset_wizard_get_dataset_id (data) > 0;
}

static gboolean
wizard_idle (gpointer data)
{
  return !vs_dataset_wizard_is_busy (data);
}

static gboolean
label_contains (GtkWidget    *widget,
                gconstpointer text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL &&
      !gtk_widget_is_drawable (widget))
    g_test_message ("“%s” is there but not drawn (visible %d, mapped %d)", (const char *) text,
                    gtk_widget_get_visible (widget), gtk_widget_get_mapped (widget));
  if (!gtk_widget_is_drawable (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget))
    return strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL;
  if (ADW_IS_PREFERENCES_ROW (widget))
    return strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), text) != NULL;
  return FALSE;
}

static gboolean
is_entry_row (GtkWidget    *widget,
              gconstpointer title)
{
  return ADW_IS_ENTRY_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_action_button (GtkWidget    *widget,
                  gconstpointer action)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_is_drawable (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

/* The table shows the kept records only. */
static VsRecordsView *table;
static guint table_expected;

static gboolean
table_shows_expected (gpointer data)
{
  VsRecordModel *model = vs_records_view_get_model (table);

  return model != NULL && !vs_record_model_get_loading (model) &&
         g_list_model_get_n_items (G_LIST_MODEL (model)) == table_expected;
}

static void
assert_table (guint n)
{
  table_expected = n;
  vs_test_wait_until (table_shows_expected, NULL, 5000);
}

static void
assert_counts (VsDatasetWizard *wizard,
               gint64           before,
               gint64           after)
{
  gint64 b, a;

  vs_dataset_wizard_get_counts (wizard, &b, &a);
  g_assert_cmpint (b, ==, before);
  g_assert_cmpint (a, ==, after);
}

static gboolean
third_has_tokens (gpointer data)
{
  g_autoptr(VsRecord) record = g_list_model_get_item (G_LIST_MODEL (vs_records_view_get_model
                                                                      (table)), 2);

  return record != NULL && vs_record_get_loaded (record) && vs_record_get_tokens (record) >= 0;
}

static gboolean
third_selected (gpointer data)
{
  GtkSelectionModel *selection =
    gtk_column_view_get_model (vs_records_view_get_column_view (table));

  return gtk_selection_model_is_selected (selection, 2);
}

static void
run (VsDatasetWizard *wizard,
     const char      *action,
     GVariant        *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (wizard), action, parameter));
  vs_test_wait_until (wizard_idle, wizard, 20000);
  vs_test_flush ();
}

static void
go (VsDatasetWizard *wizard,
    VsDatasetStepId  step)
{
  run (wizard, "wizard.go", g_variant_new_string (vs_dataset_step_id_to_string (step)));
  g_assert_cmpint (vs_dataset_wizard_get_step (wizard), ==, step);
}

static void
test_walk (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *out = NULL;
  g_autofree char *train = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("wizard.versus", &dir, &path);
  g_autoptr(GFile) file = NULL;
  VsDatasetsPage *page;
  VsDatasetWizard *wizard;
  VsWindow *window;
  VsItemList *items;
  gint64 dataset_id;

  g_clear_object (&project);
  csv = g_build_filename (dir, "support.csv", NULL);
  /* 8 rows read, 1 skipped (too many fields): 7 records. Row 2 and 5 are the same once the
   * whitespace is tidied; row 7 has no answer. */
  g_assert_true (g_file_set_contents (csv,
                                      "question,answer,label\n"
                                      "How do I reset my password?,Use the reset link.,account\n"
                                      "Where is my   parcel?,  It is on its way.  ,shipping\n"
                                      "Can I pay by card?,Yes.,billing\n"
                                      "a row with,too,many,fields\n"
                                      "Where is my parcel?,It is on its way.,shipping\n"
                                      "How do I close my account?,Write to support.,account\n"
                                      "Is there a student discount?,,billing\n"
                                      "What are your hours?,Nine to five.,account\n",
                                      -1, NULL));
  file = g_file_new_for_path (csv);

  window = vs_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  {
    g_autoptr(GFile) project_file = g_file_new_for_path (path);

    vs_window_open_project (window, project_file);
  }
  vs_test_wait_until (has_project, window, 5000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "datasets"));
  vs_test_wait_for_property (window, "page", "datasets", 3000);
  page = VS_DATASETS_PAGE (vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_DATASETS_PAGE));
  wizard = VS_DATASET_WIZARD (vs_test_find_widget (GTK_WIDGET (page), VS_TYPE_DATASET_WIZARD));
  g_assert_nonnull (wizard);

  /* Import (as a drop hands the file over). */
  g_assert_true (vs_datasets_page_import_file (page, file));
  vs_test_wait_until (import_finished, page, 10000);
  vs_test_wait_until (wizard_has_dataset, wizard, 5000);
  dataset_id = vs_dataset_wizard_get_dataset_id (wizard);
  table = VS_RECORDS_VIEW (vs_test_find_widget (GTK_WIDGET (page), VS_TYPE_RECORDS_VIEW));
  assert_table (7);
  g_assert_cmpint (vs_dataset_wizard_get_step (wizard), ==, VS_DATASET_STEP_IMPORT);
  assert_counts (wizard, 8, 7);
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                             "8 rows read → 7 records"));

  /* The list stays beside the wizard at 1280 px. */
  vs_test_flush ();
  items = VS_ITEM_LIST (vs_test_find_widget (GTK_WIDGET (page), VS_TYPE_ITEM_LIST));
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (items)));
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (wizard)));

  /* Before a mapping there is nothing to clean: the steps are not offered. */
  gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.clean", "s", "drop-empty");
  g_assert_false (vs_dataset_wizard_is_busy (wizard));
  g_assert_cmpint (vs_dataset_steps_count_kept (vs_window_get_project (window), dataset_id), ==,
                   7);

  /* Map: the guessed mapping previews the first row; an unknown column shows inline. */
  run (wizard, "wizard.next", NULL);
  g_assert_cmpint (vs_dataset_wizard_get_step (wizard), ==, VS_DATASET_STEP_MAP);
  assert_counts (wizard, 7, -1);
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                             "How do I reset my password?"));
  run (wizard, "wizard.set-mapping",
       g_variant_new_string ("{\"user\": \"{{nope}}\", \"assistant\": \"{{answer}}\"}"));
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                             "Row 1: user template"));
  run (wizard, "wizard.set-mapping",
       g_variant_new_string ("{\"system\": \"You answer support questions.\","
                             " \"user\": \"{{question}}\", \"assistant\": \"{{answer}}\"}"));
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                             "You answer support questions."));
  /* A column picked from a template row's menu goes in at the cursor. */
  run (wizard, "wizard.insert-column", g_variant_new ("(ss)", "system", "label"));
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                             "You answer support questions.account"));
  vs_test_save_png (GTK_WIDGET (window), "test-dataset-wizard-map.png");
  run (wizard, "wizard.apply-mapping", NULL);
  assert_counts (wizard, 7, 7);
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains, "7 mapped"));

  /* Clean: tidy (1 changed), drop empty (1), exact duplicates (1); undo the last. */
  run (wizard, "wizard.next", NULL);
  assert_counts (wizard, 7, 7);
  run (wizard, "wizard.clean", g_variant_new_string ("trim"));
  assert_counts (wizard, 7, 7);
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                             "7 → 7 · 1 changed · 0 dropped"));
  run (wizard, "wizard.clean", g_variant_new_string ("drop-empty"));
  assert_counts (wizard, 7, 6);
  run (wizard, "wizard.clean", g_variant_new_string ("dedup"));
  assert_counts (wizard, 7, 5);
  assert_table (5);
  vs_test_save_png (GTK_WIDGET (window), "test-dataset-wizard-clean.png");
  {
    g_autoptr(GPtrArray) steps = vs_dataset_clean_list (vs_window_get_project (window),
                                                        dataset_id, NULL);
    VsDatasetStep *last = g_ptr_array_index (steps, steps->len - 1);

    g_assert_cmpstr (last->kind, ==, "dedup");
    run (wizard, "wizard.undo", g_variant_new_int64 (last->id));
    assert_counts (wizard, 7, 6);
    assert_table (6);
    run (wizard, "wizard.clean", g_variant_new_string ("dedup"));
    assert_counts (wizard, 7, 5);
  }

  /* Nothing is dropped out of sight: the table shows what the steps dropped, all of it or one
   * step's, and goes back to the kept records. */
  {
    g_autoptr(GPtrArray) steps = vs_dataset_clean_list (vs_window_get_project (window),
                                                        dataset_id, NULL);
    VsDatasetStep *last = g_ptr_array_index (steps, steps->len - 1);

    run (wizard, "wizard.show-dropped", g_variant_new_int64 (-1));
    assert_table (2);
    g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                               "records the steps dropped"));
    /* Each row says which step dropped it. */
    vs_test_flush ();
    g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (table), label_contains,
                                               "Drop empty examples"));
    g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (table), label_contains,
                                               "Drop exact duplicates"));
    vs_test_save_png (GTK_WIDGET (window), "test-dataset-wizard-dropped.png");
    run (wizard, "wizard.show-dropped", g_variant_new_int64 (last->id));
    assert_table (1);
    g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                               "“Drop exact duplicates” dropped"));
    run (wizard, "wizard.show-dropped", g_variant_new_int64 (0));
    assert_table (5);
    vs_test_flush ();
    g_assert_null (vs_test_find_descendant (GTK_WIDGET (table), label_contains,
                                            "Drop exact duplicates"));
    /* Leaving the step shows the kept records again. */
    run (wizard, "wizard.show-dropped", g_variant_new_int64 (-1));
    assert_table (2);
    run (wizard, "wizard.next", NULL);
    assert_table (5);
    run (wizard, "wizard.back", NULL);
  }

  /* Validate: no errors here; drop one record as a fix would, and undo is there. */
  run (wizard, "wizard.next", NULL);
  assert_counts (wizard, 5, -1);
  run (wizard, "wizard.validate", NULL);
  assert_counts (wizard, 5, 5);
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                             "0 errors"));
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                             "Model limit"));
  /* Jumping to row 3 selects it in the table (rows 5 and 7 are dropped, so it is third),
   * once: validation's token counts reach the table a moment later and reload its rows, and
   * the selection (kept by record id) holds across that reload. */
  assert_table (5);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.show-record", "x",
                                             (gint64) 3));
  vs_test_wait_until (third_selected, NULL, 10000);
  vs_test_wait_until (third_has_tokens, NULL, 10000);
  g_assert_true (third_selected (NULL));
  run (wizard, "wizard.drop-record", g_variant_new_int64 (3));
  assert_counts (wizard, 4, -1);
  /* The toast's Undo brings it back; then drop it for good. */
  {
    g_autoptr(GPtrArray) steps = vs_dataset_clean_list (vs_window_get_project (window),
                                                        dataset_id, NULL);
    VsDatasetStep *last = g_ptr_array_index (steps, steps->len - 1);

    g_assert_cmpstr (last->kind, ==, "drop");
    g_assert_cmpint (last->n_dropped, ==, 1);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "wizard-toast.undo", "x",
                                               last->id));
    vs_test_flush ();
    assert_counts (wizard, 5, -1);
  }
  run (wizard, "wizard.drop-record", g_variant_new_int64 (3));
  run (wizard, "wizard.validate", NULL);
  assert_counts (wizard, 4, 4);
  assert_table (4);

  /* The cost: the project's training price for the base model, 25 epochs for 4 examples
   * (⌊100 / 4⌋, the cookbook's rule); a model without a price says where to add one. */
  {
    g_autoptr(VsPrice) price = vs_price_new ("acme-tuner", 1, 2, 10);
    GtkEditable *model = GTK_EDITABLE (vs_test_find_descendant (GTK_WIDGET (wizard),
                                                                is_entry_row, "Base model"));

    g_assert_true (vs_prices_set (vs_window_get_project (window), price, NULL));
    g_assert_nonnull (model);
    gtk_editable_set_text (model, "acme-tuner");
    g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                               "Training acme-tuner costs about $"));
    g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                               "($10.00 per 1M training tokens)"));
    g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                               "4 examples · "));
    g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                               " × 25 epochs (the default for 4 examples)"));
    gtk_editable_set_text (model, "nobody-knows-this-model");
    g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                               "No price known for nobody-knows-this-model — "
                                               "add one under Project Settings → Prices"));
    gtk_editable_set_text (model, "acme-tuner");
  }
  vs_test_save_png (GTK_WIDGET (window), "test-dataset-wizard-validate.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  vs_test_flush ();
  vs_test_save_png (GTK_WIDGET (window), "test-dataset-wizard-validate-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);

  /* Split 50/25/25 with a seed: every kept record lands in a split. */
  run (wizard, "wizard.next", NULL);
  assert_counts (wizard, 4, -1);
  /* The wheel over a spin button that is not focused scrolls the step, not the value. */
  {
    GtkStack *steps = GTK_STACK (vs_test_find_widget (GTK_WIDGET (wizard), GTK_TYPE_STACK));
    GtkWidget *spin = vs_test_find_widget (gtk_stack_get_child_by_name (steps, "split"),
                                           GTK_TYPE_SPIN_BUTTON);
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (spin);
    double value = gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin));
    gboolean handled = FALSE;
    guint n_wheel = 0;

    gtk_widget_grab_focus (GTK_WIDGET (wizard));
    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

        if (GTK_IS_EVENT_CONTROLLER_SCROLL (c) &&
            gtk_event_controller_get_propagation_phase (c) == GTK_PHASE_CAPTURE)
          {
            g_signal_emit_by_name (c, "scroll", 0.0, 1.0, &handled);
            n_wheel++;
          }
      }
    g_assert_cmpuint (n_wheel, ==, 1);
    g_assert_true (handled);
    g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, value);
  }
  run (wizard, "wizard.split", NULL);
  assert_counts (wizard, 4, 4);
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains, "Training "));

  /* The leakage check ran after the split: four different examples, no leak. */
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                             "No example appears in two splits"));

  /* Export OpenAI chat into a folder, one file per split. */
  run (wizard, "wizard.next", NULL);
  assert_counts (wizard, 4, -1);
  out = g_build_filename (dir, "support-out", NULL);
  run (wizard, "wizard.export-to", g_variant_new_string (out));
  assert_counts (wizard, 4, 4);
  train = g_build_filename (out, "train.jsonl", NULL);
  g_assert_true (g_file_get_contents (train, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "{\"messages\":[{\"role\":\"system\""));
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                             "train.jsonl"));
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                             "openai-chat: 4 of 4 kept records written"));
  /* The export froze a snapshot and says which. */
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                             "Frozen for this export"));

  /* The same in a second format: ShareGPT files with the dataset_info.json LLaMA-Factory
   * reads, listed with the examples in each file. */
  {
    GtkDropDown *formats;
    const VsExportFormatInfo *info = NULL;
    g_autofree char *sharegpt = g_build_filename (dir, "support-sharegpt", NULL);
    g_autofree char *companion = NULL;
    g_autofree char *info_json = NULL;
    guint n = 0, index = 0;
    const VsExportFormatInfo *all = vs_dataset_export_formats (&n);
    gint64 total = 0;

    /* The format drop-down is the Export step's only one. */
    {
      GtkStack *steps = GTK_STACK (vs_test_find_widget (GTK_WIDGET (wizard), GTK_TYPE_STACK));

      formats = GTK_DROP_DOWN (vs_test_find_widget (gtk_stack_get_child_by_name (steps,
                                                                                  "export"),
                                                    GTK_TYPE_DROP_DOWN));
    }
    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (formats)), ==, n);
    for (guint i = 0; i < n; i++)
      if (g_strcmp0 (all[i].name, "sharegpt") == 0)
        index = i, info = &all[i];
    g_assert_nonnull (info);
    gtk_drop_down_set_selected (formats, index);
    g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                               "--to sharegpt"));
    run (wizard, "wizard.export-to", g_variant_new_string (sharegpt));
    companion = g_build_filename (sharegpt, info->companion, NULL);
    g_assert_true (g_file_get_contents (companion, &info_json, NULL, NULL));
    g_assert_nonnull (strstr (info_json, "train."));
    g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                               info->companion));
    g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                               "sharegpt: 4 of 4 kept records written"));
    for (guint p = 0; p < VS_DATASET_SPLIT_N_PARTS; p++)
      {
        g_autofree char *base = g_strdup_printf ("%s.%s", vs_dataset_split_part_to_string (p),
                                                 info->extension);
        g_autofree char *split_file = g_build_filename (sharegpt, base, NULL);
        g_autoptr(VsDatasetReader) reader = NULL;
        g_autoptr(JsonObject) row = NULL;

        g_assert_true (g_file_test (split_file, G_FILE_TEST_EXISTS));
        reader = vs_dataset_reader_new_for_path (split_file, VS_DATASET_FORMAT_AUTO, NULL);
        g_assert_nonnull (reader);
        while ((row = vs_dataset_reader_next (reader, NULL, NULL, NULL)) != NULL)
          {
            g_assert_true (json_object_has_member (row, "conversations"));
            total++;
            g_clear_pointer (&row, json_object_unref);
          }
      }
    g_assert_cmpint (total, ==, 4);
    assert_counts (wizard, 4, 4);
    vs_test_save_png (GTK_WIDGET (window), "test-dataset-wizard-export.png");
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                        ADW_COLOR_SCHEME_FORCE_DARK);
    vs_test_flush ();
    vs_test_save_png (GTK_WIDGET (window), "test-dataset-wizard-export-dark.png");
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                        ADW_COLOR_SCHEME_DEFAULT);

    /* A preference format needs two replies this dataset does not have: it says so, and
     * export is not offered. */
    for (guint i = 0; i < n; i++)
      if (all[i].needs_preference)
        index = i;
    gtk_drop_down_set_selected (formats, index);
    g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                               "Needs two replies to compare"));
    g_assert_false (gtk_widget_is_sensitive (vs_test_find_descendant (GTK_WIDGET (wizard),
                                                                      is_action_button,
                                                                      "wizard.export")));
    vs_test_save_png (GTK_WIDGET (window), "test-dataset-wizard-export-dpo.png");
    gtk_drop_down_set_selected (formats, 0);
  }

  /* The step bar goes anywhere; Clean still says what was kept. */
  go (wizard, VS_DATASET_STEP_CLEAN);
  assert_counts (wizard, 7, 4);
  go (wizard, VS_DATASET_STEP_EXPORT);

  /* The step is kept: showing the dataset again opens it at Export. */
  vs_dataset_wizard_set_dataset (wizard, NULL, NULL, NULL);
  g_assert_cmpint (vs_dataset_wizard_get_dataset_id (wizard), ==, 0);
  {
    g_autoptr(GPtrArray) list = vs_dataset_list (vs_window_get_project (window), NULL);

    vs_dataset_wizard_set_dataset (wizard, vs_window_get_project (window),
                                   g_ptr_array_index (list, 0), NULL);
  }
  g_assert_cmpint (vs_dataset_wizard_get_step (wizard), ==, VS_DATASET_STEP_EXPORT);

  /* Rename from the row's menu asks for the name. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "datasets.rename", NULL));
  vs_test_flush ();
  {
    AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (vs_test_find_window (ADW_TYPE_MESSAGE_DIALOG));
    g_autoptr(GPtrArray) list = NULL;

    g_assert_nonnull (dialog);
    gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                           "Support tickets");
    adw_message_dialog_response (dialog, "rename");
    vs_test_flush ();
    list = vs_dataset_list (vs_window_get_project (window), NULL);
    g_assert_cmpstr (((VsDatasetInfo *) g_ptr_array_index (list, 0))->name, ==,
                     "Support tickets");
  }

  /* Delete from the row's menu hides it at once; Undo brings it back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "datasets.delete", NULL));
  vs_test_flush ();
  g_assert_cmpuint (vs_item_list_get_n_items (items), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "datasets-toast.undo-delete",
                                             NULL));
  vs_test_flush ();
  g_assert_cmpuint (vs_item_list_get_n_items (items), ==, 1);
  g_assert_cmpint (vs_project_count (vs_window_get_project (window), "datasets"), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
is_drop_button (GtkWidget    *widget,
                gconstpointer data)
{
  GVariant *target;

  if (!GTK_IS_BUTTON (widget) || !gtk_widget_is_drawable (widget) ||
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)),
                 "wizard.drop-record") != 0)
    return FALSE;
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));
  return target != NULL && g_variant_get_int64 (target) == GPOINTER_TO_INT (data);
}

/* Chat JSONL with problems: they are counted at the top, listed by row, and an error's row
 * has a Drop fix that makes the data pass. */
static void
test_problems (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *jsonl = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("problems.versus", &dir, &path);
  g_autoptr(GFile) file = NULL;
  VsDatasetsPage *page;
  VsDatasetWizard *wizard;
  VsWindow *window;
  GtkWidget *drop;

  g_clear_object (&project);
  jsonl = g_build_filename (dir, "chat.jsonl", NULL);
  g_assert_true (g_file_set_contents (jsonl,
    "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
    "{\"role\":\"assistant\",\"content\":\"Hello!\"}]}\n"
    "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
    "{\"role\":\"assistant\",\"content\":\"Hello!\",\"weight\":2}]}\n"
    "{\"messages\":[{\"role\":\"user\",\"content\":\"What is 2+2?\"},"
    "{\"role\":\"assistant\",\"content\":\"4\"}]}\n", -1, NULL));
  file = g_file_new_for_path (jsonl);

  window = vs_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  {
    g_autoptr(GFile) project_file = g_file_new_for_path (path);

    vs_window_open_project (window, project_file);
  }
  vs_test_wait_until (has_project, window, 5000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "datasets"));
  vs_test_wait_for_property (window, "page", "datasets", 3000);
  page = VS_DATASETS_PAGE (vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_DATASETS_PAGE));
  wizard = VS_DATASET_WIZARD (vs_test_find_widget (GTK_WIDGET (page), VS_TYPE_DATASET_WIZARD));
  g_assert_true (vs_datasets_page_import_file (page, file));
  vs_test_wait_until (import_finished, page, 10000);
  vs_test_wait_until (wizard_has_dataset, wizard, 5000);

  /* Chat rows need no templates: the messages are taken as they are. */
  go (wizard, VS_DATASET_STEP_MAP);
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains, "Hello!"));
  run (wizard, "wizard.apply-mapping", NULL);
  assert_counts (wizard, 3, 3);

  go (wizard, VS_DATASET_STEP_VALIDATE);
  run (wizard, "wizard.validate", NULL);
  assert_counts (wizard, 3, 2);
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                             "2 errors · 3 warnings in 3 examples"));
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                             "invalid_weight"));
  vs_test_save_png (GTK_WIDGET (window), "test-dataset-wizard-problems.png");

  /* The fix: drop row 2, validate again, clean. */
  drop = vs_test_find_descendant (GTK_WIDGET (wizard), is_drop_button, GINT_TO_POINTER (2));
  g_assert_nonnull (drop);
  g_signal_emit_by_name (drop, "clicked");
  vs_test_wait_until (wizard_idle, wizard, 10000);
  run (wizard, "wizard.validate", NULL);
  assert_counts (wizard, 2, 2);
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains, "0 errors"));

  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
wizard_has_40 (gpointer data)
{
  gint64 before, after;

  vs_dataset_wizard_get_counts (data, &before, &after);
  return after == 40;
}

static gboolean
page_is_datasets (gpointer data)
{
  return g_strcmp0 (vs_window_get_page (data), "datasets") == 0;
}

/* The split's members by ordinal (0: train, 1: validation, 2: test, -1: none). */
static int
part_of (VsProject *project,
         gint64     dataset_id,
         gint64     ordinal)
{
  for (guint p = 0; p < VS_DATASET_SPLIT_N_PARTS; p++)
    {
      g_autoptr(GArray) ordinals = vs_dataset_store_list_ordinals (
        project, dataset_id, vs_dataset_split_part_to_string (p), FALSE, NULL);

      for (guint i = 0; i < ordinals->len; i++)
        if (g_array_index (ordinals, gint64, i) == ordinal)
          return p;
    }
  return -1;
}

/* A CSV dropped on the window (on the Prompts page) becomes a dataset; its examples repeat,
 * so the split leaks: the Split step says how many examples appear in two splits, Move to One
 * Split puts each repeat with its first, and the toast's Undo puts them back. */
static void
test_leaks (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("leaks.versus", &dir, &path);
  g_autoptr(GString) rows = g_string_new ("question,answer\n");
  g_autoptr(GFile) file = NULL;
  VsDatasetsPage *page;
  VsDatasetWizard *wizard;
  VsWindow *window;
  GtkDropTarget *target = NULL;
  gint64 dataset_id;
  guint moved_apart = 0;

  g_clear_object (&project);
  /* 20 questions, each twice (rows i and i + 20). */
  for (guint copy = 0; copy < 2; copy++)
    for (guint i = 0; i < 20; i++)
      g_string_append_printf (rows, "What is %u + %u?,It is %u.\n", i, i, i + i);
  csv = g_build_filename (dir, "repeats.csv", NULL);
  g_assert_true (g_file_set_contents (csv, rows->str, rows->len, NULL));
  file = g_file_new_for_path (csv);

  window = vs_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  {
    g_autoptr(GFile) project_file = g_file_new_for_path (path);

    vs_window_open_project (window, project_file);
  }
  vs_test_wait_until (has_project, window, 5000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "prompts"));
  vs_test_wait_for_property (window, "page", "prompts", 3000);

  /* The drop, as GTK hands it to the window's drop target. */
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
    g_auto(GValue) value = G_VALUE_INIT;
    GSList *files = g_slist_prepend (NULL, file);
    gboolean handled = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

        if (GTK_IS_DROP_TARGET (c))
          target = GTK_DROP_TARGET (c);
      }
    g_assert_nonnull (target);
    g_value_init (&value, GDK_TYPE_FILE_LIST);
    g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
    g_slist_free (files);
    g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &handled);
    g_assert_true (handled);
  }
  vs_test_wait_until (page_is_datasets, window, 3000);
  page = VS_DATASETS_PAGE (vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_DATASETS_PAGE));
  wizard = VS_DATASET_WIZARD (vs_test_find_widget (GTK_WIDGET (page), VS_TYPE_DATASET_WIZARD));
  vs_test_wait_until (import_finished, page, 10000);
  vs_test_wait_until (wizard_has_dataset, wizard, 5000);
  dataset_id = vs_dataset_wizard_get_dataset_id (wizard);
  /* The page hands the wizard the dataset's final figures once the import is committed. */
  vs_test_wait_until (wizard_has_40, wizard, 5000);
  assert_counts (wizard, 40, 40);

  go (wizard, VS_DATASET_STEP_MAP);
  run (wizard, "wizard.apply-mapping", NULL);
  assert_counts (wizard, 40, 40);
  go (wizard, VS_DATASET_STEP_SPLIT);
  run (wizard, "wizard.split", NULL);
  vs_test_wait_until (wizard_idle, wizard, 20000);
  for (gint64 i = 1; i <= 20; i++)
    if (part_of (vs_window_get_project (window), dataset_id, i) !=
        part_of (vs_window_get_project (window), dataset_id, i + 20))
      moved_apart++;
  g_assert_cmpuint (moved_apart, >, 0);
  {
    g_autofree char *text = g_strdup_printf (moved_apart == 1 ? "%u example appears in two splits"
                                                              : "%u examples appear in two splits",
                                             moved_apart);

    g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains, text));
  }
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), is_action_button,
                                             "wizard.move-leaks"));
  vs_test_save_png (GTK_WIDGET (window), "test-dataset-wizard-leaks.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  vs_test_flush ();
  vs_test_save_png (GTK_WIDGET (window), "test-dataset-wizard-leaks-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);

  /* The fix: every repeat in its first's split; the check runs again and finds nothing. */
  run (wizard, "wizard.move-leaks", NULL);
  for (gint64 i = 1; i <= 20; i++)
    g_assert_cmpint (part_of (vs_window_get_project (window), dataset_id, i), ==,
                     part_of (vs_window_get_project (window), dataset_id, i + 20));
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                             "No example appears in two splits"));
  assert_counts (wizard, 40, 40);

  /* Undo puts them back where the split had them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "wizard-toast.undo-move",
                                             NULL));
  vs_test_wait_until (wizard_idle, wizard, 20000);
  vs_test_flush ();
  {
    guint apart = 0;

    for (gint64 i = 1; i <= 20; i++)
      if (part_of (vs_window_get_project (window), dataset_id, i) !=
          part_of (vs_window_get_project (window), dataset_id, i + 20))
        apart++;
    g_assert_cmpuint (apart, ==, moved_apart);
  }
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (wizard), label_contains,
                                             "in two splits"));

  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A long step shows its progress with Cancel; cancelling leaves the wizard ready. */
static void
test_cancel (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("cancel.versus", &dir, &path);
  g_autoptr(GString) rows = g_string_new ("question,answer\n");
  g_autoptr(GFile) file = NULL;
  VsDatasetsPage *page;
  VsDatasetWizard *wizard;
  VsWindow *window;
  GtkRevealer *revealer;

  g_clear_object (&project);
  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (rows, "Question %u?,Answer %u.\n", i, i);
  csv = g_build_filename (dir, "many.csv", NULL);
  g_assert_true (g_file_set_contents (csv, rows->str, rows->len, NULL));
  file = g_file_new_for_path (csv);

  window = vs_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  {
    g_autoptr(GFile) project_file = g_file_new_for_path (path);

    vs_window_open_project (window, project_file);
  }
  vs_test_wait_until (has_project, window, 5000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "datasets"));
  vs_test_wait_for_property (window, "page", "datasets", 3000);
  page = VS_DATASETS_PAGE (vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_DATASETS_PAGE));
  wizard = VS_DATASET_WIZARD (vs_test_find_widget (GTK_WIDGET (page), VS_TYPE_DATASET_WIZARD));
  g_assert_true (vs_datasets_page_import_file (page, file));
  vs_test_wait_until (import_finished, page, 20000);
  vs_test_wait_until (wizard_has_dataset, wizard, 5000);
  go (wizard, VS_DATASET_STEP_MAP);

  revealer = GTK_REVEALER (vs_test_find_widget (GTK_WIDGET (wizard), GTK_TYPE_REVEALER));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.apply-mapping", NULL));
  g_assert_true (vs_dataset_wizard_is_busy (wizard));
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.cancel", NULL));
  vs_test_wait_until (wizard_idle, wizard, 20000);
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.validate", NULL));
  vs_test_wait_until (wizard_idle, wizard, 20000);

  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = vs_test_home_new ("versus-wizard-test");
  int status;

  vs_test_gui_init (&argc, &argv);
  app = vs_test_app_new (G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);

  g_test_add_func ("/versus/dataset-wizard/walk", test_walk);
  g_test_add_func ("/versus/dataset-wizard/problems", test_problems);
  g_test_add_func ("/versus/dataset-wizard/leaks", test_leaks);
  g_test_add_func ("/versus/dataset-wizard/cancel", test_cancel);

  status = g_test_run ();
  g_clear_object (&app);
  vs_test_rm_rf (home);
  return status;
}
