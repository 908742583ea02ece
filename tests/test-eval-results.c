/* test-eval-results.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The results table and the case window on a run recorded against the fake server: the table
 * shows a row per case with each contender's verdict and output, the count follows the filter,
 * activating a row opens the case with both contenders' prompts and outputs, Previous / Next
 * step within the filter and Escape closes. With VERSUS_SAVE_PNG set it also saves pictures of
 * both on a larger run (1280×800 and 1000×700, light and dark) into the build's tests folder.
 */
#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>

#include "vs-eval-case-window.h"
#include "vs-eval-results-view.h"
#include "vs-eval-runner.h"
#include "vs-eval-spec.h"
#include "vs-fake-llm.h"
#include "vs-test-gui.h"
#include "vs-test-util.h"

static VsApplication *app;

typedef struct
{
  char      *dir;
  VsProject *project;
  VsFakeLlm *fake;
  gint64     run_id;
} Run;

static void
write_file (Run        *run,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (run->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  *(gboolean *) data = vs_eval_runner_run_finish (VS_EVAL_RUNNER (source), result, NULL) || TRUE;
}

/* A run of @spec (URL stands for the fake server) over @cases, run to its end. */
static void
run_new (Run        *run,
         const char *spec_json,
         const char *cases,
         guint       error_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) spec_text = g_string_new (spec_json);
  g_autofree char *spec_path = NULL;
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(VsEvalRunner) runner = NULL;
  gboolean done = FALSE;

  run->project = vs_test_project_new ("results.versus", &run->dir, NULL);
  run->fake = vs_fake_llm_new (0, &error);
  g_assert_no_error (error);
  write_file (run, "cases.jsonl", cases);
  g_string_replace (spec_text, "URL", vs_fake_llm_get_url (run->fake), 0);
  write_file (run, "spec.json", spec_text->str);
  spec_path = g_build_filename (run->dir, "spec.json", NULL);
  spec = vs_eval_spec_load (spec_path, &error);
  g_assert_no_error (error);
  run->run_id = vs_eval_prepare_run (run->project, spec, "results", NULL, &error);
  g_assert_no_error (error);
  runner = vs_eval_runner_new (run->project, run->run_id, &error);
  g_assert_no_error (error);
  /* A server error for request @error_at (1-based; 0: none), the others answered. */
  for (guint i = 1; i < error_at; i++)
    vs_fake_llm_push_fault (run->fake, VS_FAKE_FAULT_LATENCY, 0);
  if (error_at > 0)
    vs_fake_llm_push_fault (run->fake, VS_FAKE_FAULT_STATUS, 500);
  vs_eval_runner_run_async (runner, NULL, on_done, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
run_free (Run *run)
{
  g_clear_object (&run->project);
  g_clear_pointer (&run->fake, vs_fake_llm_free);
  vs_test_tmpdir_free (run->dir);
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} Find;

static gboolean
is_label_with (GtkWidget     *widget,
               gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), data) == 0;
}

static gboolean
shows_label (gpointer data)
{
  Find *find = data;

  return vs_test_find_descendant (find->root, is_label_with, find->text) != NULL;
}

#define wait_for_label(root_, text_)                 \
  G_STMT_START                                       \
  {                                                  \
    Find find_ = { GTK_WIDGET (root_), (text_) };    \
    vs_test_wait_until (shows_label, &find_, 10000); \
  }                                                  \
  G_STMT_END

/* Presses @keysym (with Alt when @alt) in @window as a user would: through the X server's
 * test extension, so the key goes through GTK's whole event handling. */
static void
press_key (GtkWindow *window,
           guint      keysym,
           gboolean   alt)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  Display *display = gdk_x11_display_get_xdisplay (gdk_surface_get_display (surface));
  KeyCode modifier = XKeysymToKeycode (display, XK_Alt_L);
  KeyCode key = XKeysymToKeycode (display, keysym);

  XSetInputFocus (display, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  if (alt)
    XTestFakeKeyEvent (display, modifier, True, CurrentTime);
  XTestFakeKeyEvent (display, key, True, CurrentTime);
  XTestFakeKeyEvent (display, key, False, CurrentTime);
  if (alt)
    XTestFakeKeyEvent (display, modifier, False, CurrentTime);
  XFlush (display);
}

static GObject *
view_stack (GtkWidget *view)
{
  return gtk_widget_get_template_child (view, VS_TYPE_EVAL_RESULTS_VIEW, "stack");
}

static gboolean
case_window_shown (gpointer data)
{
  return vs_eval_results_view_get_case_window (data) != NULL;
}

static gboolean
case_window_gone (gpointer data)
{
  return vs_eval_results_view_get_case_window (data) == NULL;
}

static void
test_view (void)
{
  Run run = { 0 };
  GtkWidget *view = g_object_ref_sink (vs_eval_results_view_new ());
  GtkWindow *window = NULL;
  GtkWindow *case_window;
  GtkColumnView *column_view;
  VsEvalCaseModel *model;

  run_new (&run,
           "{\"cases\": \"cases.jsonl\", \"input\": {\"qa\": \"qa\", \"qb\": \"qb\"},"
           " \"expected\": \"want\", \"contenders\": ["
           " {\"name\": \"Few-shot base\", \"endpoint\": \"URL/v1\", \"model\": \"m-a\","
           "  \"template\": {\"messages\": [{\"role\": \"system\", \"content\": \"Say yes.\"},"
           "   {\"role\": \"user\", \"content\": \"{{qa}}\"}]}},"
           " {\"name\": \"Fine-tuned\", \"endpoint\": \"URL/v1\", \"model\": \"m-b\","
           "  \"template\": {\"messages\": [{\"role\": \"user\", \"content\": \"B {{qb}}\"}]}}],"
           " \"metrics\": [{\"type\": \"exact\"}], \"concurrency\": 1}",
           "{\"qa\": \"1 REPLY:yes\", \"qb\": \"1 REPLY:no\", \"want\": \"yes\"}\n"
           "{\"qa\": \"2 REPLY:no\", \"qb\": \"2 REPLY:yes\", \"want\": \"yes\"}\n"
           "{\"qa\": \"3 REPLY:yes\", \"qb\": \"3 REPLY:yes\", \"want\": \"yes\"}\n"
           "{\"qa\": \"4 REPLY:no\", \"qb\": \"4 REPLY:no\", \"want\": \"yes\"}\n", 0);

  window = vs_test_window_new (view);
  /* No run: the empty state. */
  vs_test_wait_for_property (view_stack (view), "visible-child-name",
                             "empty", 5000);

  vs_eval_results_view_set_run (VS_EVAL_RESULTS_VIEW (view), run.project, run.run_id);
  model = vs_eval_results_view_get_model (VS_EVAL_RESULTS_VIEW (view));
  g_assert_nonnull (model);
  vs_test_wait_for_property (model, "loading", FALSE, 5000);
  column_view = vs_eval_results_view_get_column_view (VS_EVAL_RESULTS_VIEW (view));
  /* #, input, expected, one column per contender */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (column_view)), ==, 5);
  wait_for_label (view, "4 cases");
  /* Rows show the case, each verdict in words and each output. */
  wait_for_label (view, "qa: 1 REPLY:yes · qb: 1 REPLY:no");
  wait_for_label (view, "Passed");
  wait_for_label (view, "Failed");
  wait_for_label (view, "no");

  vs_eval_results_view_set_filter (VS_EVAL_RESULTS_VIEW (view),
                                   VS_EVAL_CASE_FILTER_DISAGREEMENTS);
  wait_for_label (view, "2 of 4 cases");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  vs_eval_results_view_set_filter (VS_EVAL_RESULTS_VIEW (view), VS_EVAL_CASE_FILTER_FAILURES);
  wait_for_label (view, "3 of 4 cases");
  vs_eval_results_view_set_filter (VS_EVAL_RESULTS_VIEW (view), VS_EVAL_CASE_FILTER_ERRORS);
  wait_for_label (view, "0 of 4 cases");
  vs_test_wait_for_property (view_stack (view), "visible-child-name",
                             "no-match", 5000);
  vs_eval_results_view_set_filter (VS_EVAL_RESULTS_VIEW (view),
                                   VS_EVAL_CASE_FILTER_DISAGREEMENTS);
  wait_for_label (view, "2 of 4 cases");

  /* Activating the first row opens case 1 with both prompts and outputs. */
  g_signal_emit_by_name (column_view, "activate", 0);
  vs_test_wait_until (case_window_shown, view, 5000);
  case_window = vs_eval_results_view_get_case_window (VS_EVAL_RESULTS_VIEW (view));
  g_assert_true (VS_IS_EVAL_CASE_WINDOW (case_window));
  g_assert_cmpint (vs_eval_case_window_get_ordinal (VS_EVAL_CASE_WINDOW (case_window)), ==, 1);
  vs_test_wait_for_allocation (GTK_WIDGET (case_window), 10000);
  wait_for_label (case_window, "Few-shot base");
  wait_for_label (case_window, "Fine-tuned");
  wait_for_label (case_window, "Say yes.");      /* a's system message */
  wait_for_label (case_window, "1 REPLY:yes");   /* a's user message */
  wait_for_label (case_window, "B 1 REPLY:no");  /* b's */
  wait_for_label (case_window, "yes");           /* a's output */
  wait_for_label (case_window, "no");            /* b's output */
  wait_for_label (case_window, "system");
  wait_for_label (case_window, "1 of 2");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (gtk_widget_get_template_child (
    GTK_WIDGET (case_window), VS_TYPE_EVAL_CASE_WINDOW, "previous_button"))));

  /* Next within the filter: case 2; there is no case after it among the disagreements. */
  gtk_widget_activate_action (GTK_WIDGET (case_window), "case.next", NULL);
  g_assert_cmpint (vs_eval_case_window_get_ordinal (VS_EVAL_CASE_WINDOW (case_window)), ==, 2);
  wait_for_label (case_window, "B 2 REPLY:yes");
  wait_for_label (case_window, "2 of 2");
  gtk_widget_activate_action (GTK_WIDGET (case_window), "case.next", NULL);
  g_assert_cmpint (vs_eval_case_window_get_ordinal (VS_EVAL_CASE_WINDOW (case_window)), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (case_window), "case.previous", NULL);
  g_assert_cmpint (vs_eval_case_window_get_ordinal (VS_EVAL_CASE_WINDOW (case_window)), ==, 1);
  vs_test_assert_accessible_name (
    gtk_widget_get_template_child (GTK_WIDGET (case_window), VS_TYPE_EVAL_CASE_WINDOW,
                                   "vars_grid"), "Input and expected answer");

  /* The keys: Page Down and Alt+Left step, Escape closes. */
  press_key (case_window, XK_Page_Down, FALSE);
  vs_test_wait_for_property (case_window, "ordinal", (gint64) 2, 5000);
  press_key (case_window, XK_Left, TRUE);
  vs_test_wait_for_property (case_window, "ordinal", (gint64) 1, 5000);
  press_key (case_window, XK_Right, TRUE);
  vs_test_wait_for_property (case_window, "ordinal", (gint64) 2, 5000);
  press_key (case_window, XK_Page_Up, FALSE);
  vs_test_wait_for_property (case_window, "ordinal", (gint64) 1, 5000);
  press_key (case_window, XK_Escape, FALSE);
  vs_test_wait_until (case_window_gone, view, 5000);

  /* Sorted by case, descending, in the model. */
  gtk_column_view_sort_by_column (
    column_view, g_list_model_get_item (gtk_column_view_get_columns (column_view), 0),
    GTK_SORT_DESCENDING);
  g_assert_true (vs_eval_case_model_get_descending (model));
  g_assert_cmpint (vs_eval_case_model_get_ordinal (model, 0), ==, 2);

  vs_eval_results_view_set_run (VS_EVAL_RESULTS_VIEW (view), NULL, 0);
  g_assert_null (vs_eval_results_view_get_model (VS_EVAL_RESULTS_VIEW (view)));
  vs_test_window_free (window);
  g_assert_finalize_object (view);
  run_free (&run);
}

/* Pictures for people to judge: a run of support tickets (the sample's) with three
 * contenders, some disagreeing, two server errors, at two window sizes, light and dark. */
static const char *queues[] = { "billing", "technical", "account", "shipping", "feedback" };

static const char *
answer (const char *label,
        guint       i,
        guint       every,
        guint       offset)
{
  /* Wrong every @every cases: the next queue along. */
  for (guint q = 0; i % every == offset && q < G_N_ELEMENTS (queues); q++)
    if (g_strcmp0 (queues[q], label) == 0)
      return queues[(q + 1) % G_N_ELEMENTS (queues)];
  return label;
}

static char *
ticket_cases (void)
{
  g_autofree char *path = vs_test_source_path ("data", "sample", "tickets.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GString *out = g_string_new (NULL);
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL && n < 60; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *row;
      const char *label;

      if (*lines[i] == '\0' || !json_parser_load_from_data (parser, lines[i], -1, NULL))
        continue;
      row = json_node_get_object (json_parser_get_root (parser));
      label = json_object_get_string_member (row, "label");
      const char *names[] = { "ra", "rb", "rc" };
      const guint every[] = { 3, 7, 5 }, offset[] = { 0, 2, 4 };

      for (guint k = 0; k < G_N_ELEMENTS (names); k++)
        {
          g_autofree char *reply = g_strdup_printf ("REPLY:%s",
                                                    answer (label, n, every[k], offset[k]));

          json_object_set_string_member (row, names[k], reply);
        }
      {
        g_autoptr(JsonGenerator) generator = json_generator_new ();
        g_autofree char *text = NULL;

        json_generator_set_root (generator, json_parser_get_root (parser));
        text = json_generator_to_data (generator, NULL);
        g_string_append_printf (out, "%s\n", text);
      }
      n++;
    }
  return g_string_free (out, FALSE);
}

#define TICKET_SYSTEM \
  "{\"role\": \"system\", \"content\": \"Sort each support ticket into one queue: billing," \
  " technical, account, shipping or feedback. Answer with the queue name only.\"}"

/* The results table in a window of its own, as a page would show it. */
static GtkWindow *
results_window (Run              *run,
                VsEvalCaseFilter  filter,
                int               width,
                int               height)
{
  GtkWidget *view = vs_eval_results_view_new ();
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  VsEvalCaseModel *model;

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new ("Results", "tickets-eval"));
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (view, TRUE);
  gtk_box_append (GTK_BOX (box), view);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  vs_eval_results_view_set_run (VS_EVAL_RESULTS_VIEW (view), run->project, run->run_id);
  vs_eval_results_view_set_filter (VS_EVAL_RESULTS_VIEW (view), filter);
  gtk_window_present (GTK_WINDOW (window));
  model = vs_eval_results_view_get_model (VS_EVAL_RESULTS_VIEW (view));
  vs_test_wait_for_property (model, "loading", FALSE, 5000);
  wait_for_label (view, "Passed");
  return GTK_WINDOW (window);
}

static void
save_both (Run              *run,
           VsEvalCaseFilter  filter,
           gint64            ordinal,
           int               width,
           int               height,
           gboolean          dark)
{
  g_autofree char *view_name = g_strdup_printf ("eval-results-%dx%d%s.png", width, height,
                                                dark ? "-dark" : "");
  g_autofree char *case_name = g_strdup_printf ("eval-case-%dx%d%s.png", width, height,
                                                dark ? "-dark" : "");
  GtkWindow *results;
  GtkWidget *case_window;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
  results = results_window (run, filter, width, height);
  vs_test_save_png (GTK_WIDGET (results), view_name);
  gtk_window_destroy (results);
  case_window = vs_eval_case_window_new (run->project, run->run_id, ordinal);
  gtk_window_set_default_size (GTK_WINDOW (case_window), width, height);
  gtk_window_present (GTK_WINDOW (case_window));
  vs_test_save_png (case_window, case_name);
  gtk_window_destroy (GTK_WINDOW (case_window));
  vs_test_flush ();
}

static void
test_screenshots (void)
{
  Run run = { 0 };
  g_autofree char *cases = NULL;

  if (g_getenv ("VERSUS_SAVE_PNG") == NULL)
    {
      g_test_skip ("pictures only with VERSUS_SAVE_PNG");
      return;
    }
  cases = ticket_cases ();
  run_new (&run,
           "{\"cases\": \"cases.jsonl\", \"input\": {\"subject\": \"subject\","
           " \"body\": \"body\", \"ra\": \"ra\", \"rb\": \"rb\", \"rc\": \"rc\"},"
           " \"expected\": \"label\", \"contenders\": ["
           " {\"name\": \"Base, few-shot prompt\", \"endpoint\": \"URL/v1\","
           "  \"model\": \"llama3.2:3b\", \"template\": {\"messages\": [" TICKET_SYSTEM ","
           "   {\"role\": \"user\","
           "    \"content\": \"Subject: {{subject}}\\n\\n{{body}}\\n{{ra}}\"}]}},"
           " {\"name\": \"Fine-tuned, short prompt\", \"endpoint\": \"URL/v1\","
           "  \"model\": \"ft:tickets-1\", \"template\": {\"messages\": ["
           "   {\"role\": \"user\", \"content\": \"{{subject}}\\n{{body}}\\n{{rb}}\"}]}},"
           " {\"name\": \"Fine-tuned, few-shot prompt\", \"endpoint\": \"URL/v1\","
           "  \"model\": \"ft:tickets-1\", \"template\": {\"messages\": [" TICKET_SYSTEM ","
           "   {\"role\": \"user\","
           "    \"content\": \"Subject: {{subject}}\\n\\n{{body}}\\n{{rc}}\"}]}}],"
           " \"metrics\": [{\"type\": \"normalized_exact\"}, {\"type\": \"token_f1\"}],"
           " \"concurrency\": 1, \"settings\": {\"max_retries\": 0}}",
           cases, 20);
  save_both (&run, VS_EVAL_CASE_FILTER_ALL, 1, 1280, 800, FALSE);
  save_both (&run, VS_EVAL_CASE_FILTER_ALL, 1, 1280, 800, TRUE);
  save_both (&run, VS_EVAL_CASE_FILTER_DISAGREEMENTS, 7, 1000, 700, FALSE);
  save_both (&run, VS_EVAL_CASE_FILTER_DISAGREEMENTS, 7, 1000, 700, TRUE);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  run_free (&run);

  /* Six contenders: the cards scroll sideways. */
  {
    Run many = { 0 };
    g_autoptr(GString) spec = g_string_new ("{\"cases\": \"cases.jsonl\", \"input\":"
                                            " {\"subject\": \"subject\", \"ra\": \"ra\"},"
                                            " \"expected\": \"label\", \"contenders\": [");
    GtkWidget *case_window;

    for (guint i = 0; i < 6; i++)
      g_string_append_printf (spec,
                              "%s{\"name\": \"Contender %u\", \"endpoint\": \"URL/v1\","
                              " \"model\": \"m%u\", \"template\": {\"messages\": ["
                              " {\"role\": \"user\", \"content\": \"%u {{subject}} {{ra}}\"}]}}",
                              i ? "," : "", i + 1, i, i);
    g_string_append (spec, "], \"metrics\": [{\"type\": \"exact\"}], \"concurrency\": 4}");
    run_new (&many, spec->str, cases, 0);
    case_window = vs_eval_case_window_new (many.project, many.run_id, 1);
    gtk_window_set_default_size (GTK_WINDOW (case_window), 1000, 700);
    gtk_window_present (GTK_WINDOW (case_window));
    vs_test_save_png (case_window, "eval-case-many-1000x700.png");
    gtk_window_destroy (GTK_WINDOW (case_window));
    vs_test_flush ();
    run_free (&many);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = vs_test_home_new ("versus-eval-results-test");
  int status;

  vs_test_gui_init (&argc, &argv);
  app = vs_test_app_new (G_APPLICATION_NON_UNIQUE);

  g_test_add_func ("/versus/eval-results/view", test_view);
  g_test_add_func ("/versus/eval-results/screenshots", test_screenshots);

  status = g_test_run ();
  g_clear_object (&app);
  vs_test_rm_rf (home);
  return status;
}
