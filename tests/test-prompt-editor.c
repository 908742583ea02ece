/* test-prompt-editor.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Prompts workbench under Xvfb, driven through its actions as a user would: create a
 * template, type into a message (undo included), watch the variables panel and the preview
 * follow, see a syntax error underlined, reorder messages, save two versions and diff them,
 * reopen the project and find the draft, delete with undo, import a file — and run a prompt
 * against the fake model server, stop a stream, and meet the "no endpoint" and "unreachable"
 * states. PNGs of the editor are written into the build directory.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>

#include "vs-application.h"
#include "vs-endpoint.h"
#include "vs-engine-registry.h"
#include "vs-fake-llm.h"
#include "vs-json.h"
#include "vs-prompts-page.h"
#include "vs-test-gui.h"
#include "vs-test-util.h"
#include "vs-window.h"

static VsApplication *app;

static gboolean
has_project (gpointer data)
{
  return vs_window_get_project (data) != NULL;
}

/* Opens @path in a new window on the Prompts page. */
static VsWindow *
open_window (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  VsWindow *window = vs_window_new (app);

  /* The size a first start gets (the schema's default). */
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 760);
  gtk_window_present (GTK_WINDOW (window));
  vs_window_open_project (window, file);
  vs_test_wait_until (has_project, window, 5000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "prompts"));
  vs_test_wait_for_property (window, "page", "prompts", 3000);
  /* Shown and laid out: the editor's actions act only while it shows (under load the first
   * frame can come seconds after the project has opened). */
  vs_test_wait_for_layout (window, 10000);
  return window;
}

static VsPromptsPage *
get_page (VsWindow *window)
{
  GtkWidget *page = vs_test_find_widget (GTK_WIDGET (window), VS_TYPE_PROMPTS_PAGE);

  g_assert_nonnull (page);
  return VS_PROMPTS_PAGE (page);
}

static void
close_window (VsWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_flush ();
}

/* Conditions the cases wait for after an action. */
typedef struct
{
  gpointer widget;
  guint    n;
} CountWait;

static gboolean
n_templates_is (gpointer data)
{
  CountWait *wait = data;

  return vs_prompts_page_get_n_templates (wait->widget) == wait->n;
}

static gboolean
n_rows_is (gpointer data)
{
  CountWait *wait = data;

  return vs_prompt_editor_get_n_rows (wait->widget) == wait->n;
}

static gboolean
n_versions_is (gpointer data)
{
  CountWait *wait = data;

  return vs_version_history_get_n_versions (vs_prompt_editor_get_history (wait->widget)) ==
         wait->n;
}

#define wait_for_templates(page, count) \
  vs_test_wait_until (n_templates_is, (&(CountWait) { (page), (count) }), 3000)
#define wait_for_rows(editor, count) \
  vs_test_wait_until (n_rows_is, (&(CountWait) { (editor), (count) }), 3000)
#define wait_for_versions(editor, count) \
  vs_test_wait_until (n_versions_is, (&(CountWait) { (editor), (count) }), 3000)

typedef struct
{
  VsPromptEditor *editor;
  guint           serial;
  const char     *needle;
} PreviewWait;

static gboolean
preview_has (gpointer data)
{
  PreviewWait *wait = data;
  g_autofree char *text = NULL;

  if (vs_prompt_editor_get_preview_serial (wait->editor) <= wait->serial ||
      vs_prompt_editor_get_preview_pending (wait->editor))
    return FALSE;
  text = vs_prompt_editor_dup_preview_text (wait->editor);
  return strstr (text, wait->needle) != NULL;
}

static void
assert_preview_shows (VsPromptEditor *editor,
                      const char     *needle)
{
  PreviewWait wait = { editor, 0, needle };

  if (!vs_test_wait_for (preview_has, &wait, 5000))
    {
      g_autofree char *text = vs_prompt_editor_dup_preview_text (editor);

      g_error ("the preview never showed “%s”; it shows “%s”", needle, text);
    }
}

static void
type_text (VsMessageRow *row,
           const char   *text)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (vs_message_row_get_buffer (row));

  gtk_widget_grab_focus (vs_message_row_get_view (row));
  /* As typing does: one user action per insertion, undoable. */
  gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, TRUE);
}

static char *
row_text (VsMessageRow *row)
{
  return vs_message_row_dup_content (row);
}

static gboolean
names_are_ticket_labels (gpointer data)
{
  const char * const *names = vs_variables_panel_get_names (data);

  return names != NULL && g_strv_length ((char **) names) == 2 &&
         g_str_equal (names[0], "ticket") && g_str_equal (names[1], "labels");
}

static gboolean
row_has_problem (gpointer data)
{
  return vs_message_row_get_n_problems (data) > 0;
}

static gboolean
row_has_no_problem (gpointer data)
{
  return vs_message_row_get_n_problems (data) == 0;
}

static gboolean
first_row_is_system (gpointer data)
{
  return vs_message_row_get_role (vs_prompt_editor_get_row (data, 0)) == VS_TEMPLATE_ROLE_SYSTEM;
}

static AdwMessageDialog *
find_dialog (void)
{
  return (AdwMessageDialog *) vs_test_find_window (ADW_TYPE_MESSAGE_DIALOG);
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

static gboolean
no_dialog_shown (gpointer data)
{
  return find_dialog () == NULL;
}

/* Types @text into the dialog's entry and answers with @response. */
static void
answer_dialog (const char *text,
               const char *response)
{
  AdwMessageDialog *dialog = find_dialog ();
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);

  g_assert_true (GTK_IS_EDITABLE (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  adw_message_dialog_response (dialog, response);
  /* The dialog closes itself on a response (it is hidden at once, finalized later); make sure
   * it is gone either way. */
  vs_test_wait_for (no_dialog_shown, NULL, 1000);
  if (dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
}

static void
test_editor (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "Editor.versus", NULL);
  g_autofree char *import_path = g_build_filename (dir, "Greeting.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VsTemplateVersionInfo) v1 = NULL;
  g_autoptr(VsTemplateVersionInfo) v2 = NULL;
  VsWindow *window;
  VsPromptsPage *page;
  VsPromptEditor *editor;
  VsMessageRow *row;
  gint64 template_id;
  const char *typed = "Classify this ticket: {{ticket}}\nLabels: {{#labels}}{{.}}, {{/labels}}";

  {
    g_autoptr(VsProject) project = vs_project_open (path, VS_PROJECT_OPEN_CREATE, &error);

    g_assert_no_error (error);
  }

  window = open_window (path);
  page = get_page (window);
  editor = vs_prompts_page_get_editor (page);
  g_assert_cmpuint (vs_prompts_page_get_n_templates (page), ==, 0);

  /* A template through the page's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "prompts.new", NULL));
  wait_for_templates (page, 1);
  template_id = vs_prompt_editor_get_template_id (editor);
  g_assert_cmpint (template_id, >, 0);
  g_assert_cmpint (vs_prompts_page_get_selected (page), ==, template_id);
  g_assert_cmpuint (vs_prompt_editor_get_n_rows (editor), ==, 1);

  /* Three columns side by side in a window of the default size. */
  g_assert_false (adw_leaflet_get_folded (
    ADW_LEAFLET (vs_test_find_widget (GTK_WIDGET (editor), ADW_TYPE_LEAFLET))));

  /* Typing: the variables panel and the preview follow. */
  row = vs_prompt_editor_get_row (editor, 0);
  type_text (row, typed);
  vs_test_wait_until (names_are_ticket_labels, vs_prompt_editor_get_variables (editor), 3000);
  vs_variables_panel_set_value (vs_prompt_editor_get_variables (editor), "ticket",
                                "The printer is on fire");
  g_assert_true (vs_variables_panel_merge_json (vs_prompt_editor_get_variables (editor),
                                                "{\"labels\": [\"bug\", \"question\"]}",
                                                &error));
  g_assert_no_error (error);
  assert_preview_shows (editor, "Classify this ticket: The printer is on fire\n"
                                "Labels: bug, question, ");
  /* Without a model the count is flagged as an estimate; with a known model it is exact. */
  g_assert_nonnull (strstr (vs_prompt_editor_get_preview_stats (editor), "an estimate"));
  g_assert_nonnull (strstr (vs_prompt_editor_get_preview_stats (editor), "characters"));
  vs_template_set_model (vs_prompt_editor_get_draft (editor), "gpt-4o-mini");
  assert_preview_shows (editor, "The printer is on fire");
  g_assert_nonnull (strstr (vs_prompt_editor_get_preview_stats (editor), " tokens (o200k_base)"));
  g_assert_null (strstr (vs_prompt_editor_get_preview_stats (editor), "≈"));
  vs_template_set_model (vs_prompt_editor_get_draft (editor), "gpt-4");
  assert_preview_shows (editor, "The printer is on fire");
  g_assert_nonnull (strstr (vs_prompt_editor_get_preview_stats (editor), " tokens (cl100k_base)"));

  /* Undo and redo in the message. */
  type_text (row, " EXTRA");
  {
    GtkTextBuffer *buffer = GTK_TEXT_BUFFER (vs_message_row_get_buffer (row));
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;

    g_assert_true (gtk_text_buffer_get_can_undo (buffer));
    gtk_text_buffer_undo (buffer);
    before = row_text (row);
    g_assert_cmpstr (before, ==, typed);
    gtk_text_buffer_redo (buffer);
    after = row_text (row);
    g_assert_true (g_str_has_suffix (after, " EXTRA"));
    gtk_text_buffer_undo (buffer);
  }

  /* A syntax error is underlined with its message, and goes away when fixed. */
  type_text (row, " {{oops");
  vs_test_wait_until (row_has_problem, row, 3000);
  {
    g_autofree char *text = row_text (row);
    int offset = g_utf8_pointer_to_offset (text, g_strrstr (text, "{{oops")) + 1;
    const char *message = vs_message_row_get_problem_at (row, offset);

    g_assert_nonnull (message);
    g_assert_nonnull (strstr (message, "unclosed"));
  }
  gtk_text_buffer_undo (GTK_TEXT_BUFFER (vs_message_row_get_buffer (row)));
  vs_test_wait_until (row_has_no_problem, row, 3000);

  /* A system message, moved to the top with the row's action (Alt+↑). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-message", "s",
                                             "system"));
  wait_for_rows (editor, 2);
  type_text (vs_prompt_editor_get_row (editor, 1), "You sort support tickets.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (vs_prompt_editor_get_row (editor, 1)),
                                             "row.move-up", NULL));
  vs_test_wait_until (first_row_is_system, editor, 3000);
  g_assert_cmpint (vs_template_get_message (vs_prompt_editor_get_draft (editor), 0)->role, ==,
                   VS_TEMPLATE_ROLE_SYSTEM);
  g_assert_cmpint (vs_message_row_get_role (vs_prompt_editor_get_row (editor, 0)), ==,
                   VS_TEMPLATE_ROLE_SYSTEM);
  assert_preview_shows (editor, "system:\nYou sort support tickets.\n\nuser:\nClassify");

  /* Removing a message, and its Undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (vs_prompt_editor_get_row (editor, 0)),
                                             "row.remove", NULL));
  wait_for_rows (editor, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.undo-remove-message",
                                             NULL));
  wait_for_rows (editor, 2);
  {
    g_autofree char *text = row_text (vs_prompt_editor_get_row (editor, 0));

    g_assert_cmpstr (text, ==, "You sort support tickets.");
  }

  /* Two versions and their diff. */
  v1 = vs_prompt_editor_save_version (editor, "first try", &error);
  g_assert_no_error (error);
  g_assert_cmpint (v1->number, ==, 1);
  type_text (vs_prompt_editor_get_row (editor, 0), " Answer with one label.");
  v2 = vs_prompt_editor_save_version (editor, "one label", &error);
  g_assert_no_error (error);
  g_assert_cmpint (v2->number, ==, 2);
  {
    VsVersionHistory *history = vs_prompt_editor_get_history (editor);
    VsDiffView *diff_view = vs_version_history_get_diff_view (history);
    g_autofree char *unified = NULL;
    g_autofree char *split = NULL;

    g_assert_cmpuint (vs_version_history_get_n_versions (history), ==, 2);
    vs_prompt_editor_show_tab (editor, "versions");
    g_assert_true (vs_version_history_compare (history, v1->id, v2->id));
    unified = vs_diff_view_dup_text (diff_view);
    g_assert_nonnull (strstr (unified, "+You sort support tickets. Answer with one label."));
    g_assert_nonnull (strstr (unified, "-You sort support tickets."));
    vs_diff_view_set_side_by_side (diff_view, TRUE);
    split = vs_diff_view_dup_text (diff_view);
    g_assert_nonnull (strstr (split, "You sort support tickets. | "));
    g_assert_nonnull (strstr (split, "Answer with one label."));
    vs_test_save_png (GTK_WIDGET (window), "test-prompt-editor-versions.png");
    vs_diff_view_set_side_by_side (diff_view, FALSE);
  }

  /* Few-shot examples from a JSONL file, drawn once and shown in the preview. */
  {
    g_autofree char *examples = g_build_filename (dir, "examples.jsonl", NULL);
    g_autoptr(VsTemplateFewShot) few_shot = NULL;

    g_assert_true (g_file_set_contents (examples,
                                        "{\"text\": \"Refund please\", \"queue\": \"billing\"}\n"
                                        "{\"text\": \"App crashes\", \"queue\": \"technical\"}\n",
                                        -1, NULL));
    few_shot = vs_template_few_shot_new (examples, "Example: {{text}}", "{{queue}}");
    few_shot->k = 2;
    vs_template_set_few_shot (vs_prompt_editor_get_draft (editor), few_shot);
    assert_preview_shows (editor, "user:\nExample: ");
    assert_preview_shows (editor, "assistant:\nbilling");
  }

  /* A draft change after the last version, then "restart": the draft is still there. */
  type_text (vs_prompt_editor_get_row (editor, 1), "\nUnsaved draft line");
  vs_prompt_editor_show_tab (editor, "preview");
  assert_preview_shows (editor, "Unsaved draft line");
  vs_test_save_png (GTK_WIDGET (window), "test-prompt-editor.png");
  close_window (window);

  window = open_window (path);
  page = get_page (window);
  editor = vs_prompts_page_get_editor (page);
  g_assert_cmpuint (vs_prompts_page_get_n_templates (page), ==, 1);
  vs_prompts_page_select (page, template_id);
  g_assert_cmpint (vs_prompt_editor_get_template_id (editor), ==, template_id);
  {
    g_autofree char *text = row_text (vs_prompt_editor_get_row (editor, 1));

    g_assert_true (g_str_has_suffix (text, "\nUnsaved draft line"));
  }
  /* The sample values came back too. */
  assert_preview_shows (editor, "The printer is on fire");
  g_assert_cmpuint (vs_version_history_get_n_versions (vs_prompt_editor_get_history (editor)),
                    ==, 2);

  /* Restore version 1 as the new head. */
  g_assert_true (vs_version_history_restore (vs_prompt_editor_get_history (editor), v1->id,
                                             &error));
  g_assert_no_error (error);
  wait_for_versions (editor, 3);
  {
    g_autofree char *text = row_text (vs_prompt_editor_get_row (editor, 0));

    g_assert_cmpstr (text, ==, "You sort support tickets.");
  }

  /* Rename and "Save Version…" through their dialogs, as a user answers them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "prompts.rename", NULL));
  vs_test_wait_until (dialog_shown, NULL, 3000);
  answer_dialog ("Ticket triage", "rename");
  {
    g_autoptr(VsTemplateInfo) info =
      vs_template_store_get_info (vs_window_get_project (window), template_id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (info->name, ==, "Ticket triage");
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save-version", NULL));
  vs_test_wait_until (dialog_shown, NULL, 3000);
  answer_dialog ("after restore", "save");
  wait_for_versions (editor, 4);

  /* Duplicate, delete with Undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "prompts.duplicate", NULL));
  wait_for_templates (page, 2);
  g_assert_cmpint (vs_prompts_page_get_selected (page), !=, template_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "prompts.delete", NULL));
  wait_for_templates (page, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "prompts.undo-delete", NULL));
  wait_for_templates (page, 2);

  /* Import a .txt template, as a drop on the page does. */
  g_assert_true (g_file_set_contents (import_path, "Say hello to {{name}}.", -1, NULL));
  {
    g_autoptr(GFile) file = g_file_new_for_path (import_path);
    g_autoptr(GFile) other = g_file_new_for_path ("/nonexistent/picture.png");

    g_assert_false (vs_prompts_page_import_file (page, other));
    g_assert_true (vs_prompts_page_import_file (page, file));
  }
  wait_for_templates (page, 3);
  {
    g_autofree char *text = row_text (vs_prompt_editor_get_row (editor, 0));

    g_assert_cmpstr (text, ==, "Say hello to {{name}}.");
  }

  close_window (window);
  vs_test_rm_rf (dir);
}

/* Run */

/* The parameters panel follows the project's endpoints. */
typedef struct
{
  VsParametersPanel *panel;
  const char        *url;
} UrlWait;

static gboolean
panel_uses_url (gpointer data)
{
  UrlWait *wait = data;
  VsEndpoint *endpoint = vs_parameters_panel_get_endpoint (wait->panel);

  return endpoint != NULL && g_strcmp0 (vs_endpoint_get_base_url (endpoint), wait->url) == 0;
}

static gboolean
panel_has_no_endpoint (gpointer data)
{
  return vs_parameters_panel_get_endpoint (data) == NULL;
}

static gboolean
has_output (gpointer data)
{
  g_autofree char *text = vs_run_pane_dup_output (data);

  return *text != '\0';
}

static gboolean
has_models (gpointer data)
{
  const char * const *models = vs_parameters_panel_get_models (data);

  return models != NULL && models[0] != NULL;
}

typedef struct
{
  GtkWidget *widget;
  int        width;
} WidthWait;

/* Presses Ctrl+@keysym in @window as a user would: through the X server's test extension, so
 * the key reaches whatever widget has the focus, through GTK's whole event handling. */
static void
press_ctrl_key (GtkWindow *window,
                guint      keysym)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  Display *display = gdk_x11_display_get_xdisplay (gdk_surface_get_display (surface));
  KeyCode control = XKeysymToKeycode (display, XK_Control_L);
  KeyCode key = XKeysymToKeycode (display, keysym);

  XSetInputFocus (display, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  XTestFakeKeyEvent (display, control, True, CurrentTime);
  XTestFakeKeyEvent (display, key, True, CurrentTime);
  XTestFakeKeyEvent (display, key, False, CurrentTime);
  XTestFakeKeyEvent (display, control, False, CurrentTime);
  XFlush (display);
}

/* Resizes @window as a user dragging its edge would: through the X server (the suite runs on
 * Xvfb with GDK_BACKEND=x11), so GTK lays out for a configure event, not a new default size. */
static void
resize_window (GtkWindow *window,
               int        width,
               int        height)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  XResizeWindow (gdk_x11_display_get_xdisplay (gdk_surface_get_display (surface)),
                 gdk_x11_surface_get_xid (surface), width, height);
  XFlush (gdk_x11_display_get_xdisplay (gdk_surface_get_display (surface)));
}

static gboolean
width_is (gpointer data)
{
  WidthWait *wait = data;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (wait->widget));

  /* The surface's, which the window's decorations are inside of. */
  return gdk_surface_get_width (surface) == wait->width;
}

typedef struct
{
  VsRunPane  *pane;
  const char *prefix;
} StatsWait;

static gboolean
stats_start_with (gpointer data)
{
  StatsWait *wait = data;
  const char *stats = vs_run_pane_get_stats (wait->pane);

  return stats != NULL && g_str_has_prefix (stats, wait->prefix);
}

typedef struct
{
  VsFakeLlm *server;
  guint      before;
} ModelsWait;

static gboolean
models_asked_again (gpointer data)
{
  ModelsWait *wait = data;

  return vs_fake_llm_get_request_count (wait->server, "/v1/models") > wait->before;
}

/* The project's one endpoint retries @retries times, 200 ms apart at first. Saving it makes
 * the parameters panel list the models again: that request is waited for, so that it cannot
 * take a fault meant for a run. */
static void
set_retries (VsWindow  *window,
             VsFakeLlm *server,
             int        retries)
{
  VsProject *project = vs_window_get_project (window);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) endpoints = vs_endpoint_list (project, &error);
  ModelsWait wait = { server, vs_fake_llm_get_request_count (server, "/v1/models") };
  VsEndpoint *endpoint;

  g_assert_no_error (error);
  endpoint = g_ptr_array_index (endpoints, 0);
  vs_endpoint_set_setting_int (endpoint, "max_retries", retries);
  vs_endpoint_set_setting_int (endpoint, "retry_base_ms", 200);
  g_assert_true (vs_endpoint_save (endpoint, project, &error));
  g_assert_no_error (error);
  vs_test_wait_until (models_asked_again, &wait, 5000);
  vs_test_flush ();
}

static void
test_run (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "Run.versus", NULL);
  g_autoptr(VsFakeLlm) server = NULL;
  g_autoptr(GError) error = NULL;
  VsWindow *window;
  VsPromptsPage *page;
  VsPromptEditor *editor;
  VsRunPane *pane;

  server = vs_fake_llm_new (0, &error);
  g_assert_no_error (error);

  {
    g_autoptr(VsProject) project = vs_project_open (path, VS_PROJECT_OPEN_CREATE, &error);
    g_autoptr(VsEndpoint) endpoint = NULL;

    g_assert_no_error (error);
    endpoint = vs_endpoint_new (VS_ENDPOINT_KIND_OPENAI, vs_fake_llm_get_url (server), &error);
    g_assert_no_error (error);
    vs_endpoint_set_name (endpoint, "Fake");
    vs_endpoint_set_setting_int (endpoint, "max_retries", 0);
    g_assert_true (vs_endpoint_save (endpoint, project, &error));
    g_assert_no_error (error);
  }

  window = open_window (path);
  page = get_page (window);
  editor = vs_prompts_page_get_editor (page);
  pane = vs_prompt_editor_get_run_pane (editor);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "prompts.new", NULL));
  wait_for_templates (page, 1);
  type_text (vs_prompt_editor_get_row (editor, 0), "Hello {{name}}");
  vs_variables_panel_set_value (vs_prompt_editor_get_variables (editor), "name", "Ada");

  /* The model list comes from the endpoint. */
  vs_test_wait_until (has_models, vs_prompt_editor_get_parameters (editor), 10000);

  /* Without a model the pane says what to do. (At once: the editor has just replaced the
   * page's empty state and may not have been drawn yet; the action works all the same.) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.run", NULL));
  g_assert_cmpstr (vs_run_pane_get_problem (pane), ==, "Choose a Model");

  /* A streamed reply, with its figures; the temperature switched on in the parameters panel
   * goes into the request. */
  vs_template_set_model (vs_prompt_editor_get_draft (editor), "fake-model");
  {
    GtkWidget *check =
      vs_test_find_widget (GTK_WIDGET (vs_prompt_editor_get_parameters (editor)),
                           GTK_TYPE_CHECK_BUTTON);
    double temperature = 0;

    g_assert_nonnull (check);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
    g_assert_true (vs_template_get_double_parameter (vs_prompt_editor_get_draft (editor),
                                                     "temperature", &temperature));
    g_assert_cmpfloat (temperature, ==, 1.0);
  }

  /* Structured output: the schema editor writes response_format; broken JSON is not saved. */
  {
    GtkWidget *panel = GTK_WIDGET (vs_prompt_editor_get_parameters (editor));
    GtkWidget *expander = vs_test_find_widget (panel, ADW_TYPE_EXPANDER_ROW);
    GtkWidget *view = vs_test_find_widget (panel, GTK_SOURCE_TYPE_VIEW);
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
    VsTemplate *draft = vs_prompt_editor_get_draft (editor);
    JsonObject *schema;

    adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (expander), TRUE);
    schema = vs_template_get_json_schema (draft);
    g_assert_nonnull (schema);
    g_assert_cmpstr (json_object_get_string_member (schema, "type"), ==, "object");
    gtk_text_buffer_set_text (buffer, "{\"type\": \"array\"", -1);
    g_assert_cmpstr (json_object_get_string_member (vs_template_get_json_schema (draft), "type"),
                     ==, "object");
    gtk_text_buffer_set_text (buffer, "{\"type\": \"string\"}", -1);
    g_assert_cmpstr (json_object_get_string_member (vs_template_get_json_schema (draft), "type"),
                     ==, "string");
    adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (expander), FALSE);
    g_assert_null (vs_template_get_json_schema (draft));
  }
  vs_fake_llm_set_chunk_delay_ms (server, 5);
  {
    g_autoptr(VsTestSignal) finished = vs_test_signal_watch (pane, "finished");

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.run", NULL));
    g_assert_true (vs_run_pane_get_running (pane));
    vs_test_signal_wait (finished, 1, 10000);
    g_assert_false (vs_run_pane_get_running (pane));
  }
  g_assert_null (vs_run_pane_get_problem (pane));
  {
    g_autofree char *output = vs_run_pane_dup_output (pane);
    g_autofree char *body = vs_fake_llm_dup_last_body (server);
    VsChatResponse *response = vs_run_pane_get_response (pane);

    g_assert_cmpstr (output, ==, "Echo: Hello Ada");
    g_assert_nonnull (response);
    g_assert_true (vs_chat_response_is_ok (response));
    g_assert_nonnull (strstr (vs_run_pane_get_stats (pane), "tokens/s"));
  /* Running did not change the template. */
  g_assert_cmpstr (vs_template_get_model (vs_prompt_editor_get_draft (editor)), ==, "fake-model");
    g_assert_nonnull (strstr (body, "\"fake-model\""));
    g_assert_nonnull (strstr (body, "Hello Ada"));
    g_assert_nonnull (strstr (body, "\"temperature\""));
  }
  /* The run went through the project's one engine for the endpoint (the parameters panel's
   * model list shares it). */
  {
    VsEngineRegistry *registry =
      vs_engine_registry_get_for_project (vs_window_get_project (window));

    g_assert_cmpuint (vs_engine_registry_get_n_engines (registry), ==, 1);
  }
  vs_test_save_png (GTK_WIDGET (window), "test-prompt-editor-run.png");

  /* The output belongs to its template, labelled with what produced it: another template
   * shows none, and coming back shows the reply again. */
  g_assert_cmpuint (vs_run_pane_get_n_runs (pane), ==, 1);
  g_assert_cmpstr (vs_run_pane_get_label (pane), ==, "fake-model · Fake · draft");
  {
    gint64 first = vs_prompt_editor_get_template_id (editor);
    g_autofree char *other_output = NULL;
    g_autofree char *output = NULL;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "prompts.new", NULL));
    wait_for_templates (page, 2);
    g_assert_cmpint (vs_prompt_editor_get_template_id (editor), !=, first);
    other_output = vs_run_pane_dup_output (pane);
    g_assert_cmpstr (other_output, ==, "");
    g_assert_cmpuint (vs_run_pane_get_n_runs (pane), ==, 0);
    g_assert_null (vs_run_pane_get_label (pane));
    g_assert_null (vs_run_pane_get_problem (pane));

    vs_prompts_page_select (page, first);
    g_assert_cmpint (vs_prompt_editor_get_template_id (editor), ==, first);
    output = vs_run_pane_dup_output (pane);
    g_assert_cmpstr (output, ==, "Echo: Hello Ada");
    g_assert_cmpstr (vs_run_pane_get_label (pane), ==, "fake-model · Fake · draft");
    g_assert_nonnull (strstr (vs_run_pane_get_stats (pane), "tokens/s"));
  }

  /* Ctrl+Return inside a message runs the prompt; it types no new line. */
  {
    g_autoptr(VsTestSignal) finished = vs_test_signal_watch (pane, "finished");
    VsMessageRow *row = vs_prompt_editor_get_row (editor, 0);
    g_autofree char *before = row_text (row);
    g_autofree char *after = NULL;

    vs_test_wait_for_layout (window, 5000);
    gtk_widget_grab_focus (vs_message_row_get_view (row));
    g_assert_true (gtk_widget_has_focus (vs_message_row_get_view (row)));
    press_ctrl_key (GTK_WINDOW (window), XK_Return);
    vs_test_signal_wait (finished, 1, 10000);
    after = row_text (row);
    g_assert_cmpstr (after, ==, before);
    g_assert_cmpuint (vs_run_pane_get_n_runs (pane), ==, 2);
  }

  /* The model follows the endpoint: it lists fake-small and fake-large, not the template's
   * fake-model, which the panel says, offering one of its own. */
  {
    VsParametersPanel *parameters = vs_prompt_editor_get_parameters (editor);
    VsTemplate *draft = vs_prompt_editor_get_draft (editor);

    g_assert_true (vs_parameters_panel_get_model_missing (parameters));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (parameters),
                                               "parameters.use-listed-model", NULL));
    g_assert_cmpstr (vs_template_get_model (draft), ==, "fake-small");
    g_assert_false (vs_parameters_panel_get_model_missing (parameters));
    vs_template_set_model (draft, "fake-model");
    g_assert_true (vs_parameters_panel_get_model_missing (parameters));
  }

  /* Stop while streaming: Stop replaces Run, and the stream is dropped. */
  vs_fake_llm_set_chunk_delay_ms (server, 300);
  type_text (vs_prompt_editor_get_row (editor, 0), " and a much longer message to stream");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.run", NULL));
  vs_test_wait_until (has_output, pane, 10000);
  g_assert_true (vs_run_pane_get_running (pane));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.stop", NULL));
  g_assert_false (vs_run_pane_get_running (pane));
  g_assert_nonnull (strstr (vs_run_pane_get_stats (pane), "Stopped"));

  /* A server that fails twice and then answers: the pane says which attempt is under way
   * ("Retrying 2 of 3…"), and the figures count the retries. */
  vs_fake_llm_set_chunk_delay_ms (server, 0);
  set_retries (window, server, 2);
  vs_fake_llm_push_fault (server, VS_FAKE_FAULT_STATUS, 503);
  vs_fake_llm_push_fault (server, VS_FAKE_FAULT_STATUS, 503);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.run", NULL));
  vs_test_wait_until (stats_start_with, (&(StatsWait) { pane, "Retrying 2 of 3…" }), 10000);
  vs_test_wait_for_property (pane, "running", FALSE, 20000);
  g_assert_null (vs_run_pane_get_problem (pane));
  g_assert_nonnull (strstr (vs_run_pane_get_stats (pane), " · 2 retries"));
  set_retries (window, server, 0);

  /* An endpoint nobody answers at: said in the pane, with a way forward. */
  {
    VsProject *project = vs_window_get_project (window);
    g_autoptr(GPtrArray) endpoints = vs_endpoint_list (project, &error);
    VsEndpoint *endpoint;

    g_assert_no_error (error);
    endpoint = g_ptr_array_index (endpoints, 0);
    g_assert_true (vs_endpoint_set_base_url (endpoint, "http://127.0.0.1:9", &error));
    g_assert_true (vs_endpoint_save (endpoint, project, &error));
    g_assert_no_error (error);
    vs_test_wait_until (panel_uses_url,
                        (&(UrlWait) { vs_prompt_editor_get_parameters (editor),
                                      vs_endpoint_get_base_url (endpoint) }),
                        3000);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.run", NULL));
  vs_test_wait_for_property (pane, "running", FALSE, 20000);
  g_assert_nonnull (vs_run_pane_get_problem (pane));
  g_assert_true (g_str_has_prefix (vs_run_pane_get_problem (pane), "Could Not Reach"));
  /* The edited endpoint got a new engine in place of the old one, not a second entry. */
  {
    VsEngineRegistry *registry =
      vs_engine_registry_get_for_project (vs_window_get_project (window));

    g_assert_cmpuint (vs_engine_registry_get_n_engines (registry), ==, 1);
  }

  /* No endpoint at all. */
  {
    VsProject *project = vs_window_get_project (window);
    g_autoptr(GPtrArray) endpoints = vs_endpoint_list (project, &error);

    g_assert_true (vs_endpoint_delete (project,
                                       vs_endpoint_get_id (g_ptr_array_index (endpoints, 0)),
                                       &error));
    g_assert_no_error (error);
    vs_test_wait_until (panel_has_no_endpoint, vs_prompt_editor_get_parameters (editor), 3000);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.run", NULL));
  g_assert_cmpstr (vs_run_pane_get_problem (pane), ==, "No Endpoint Configured");

  close_window (window);
  vs_test_rm_rf (dir);
}

/* Narrowing the window from 1280 to 700 px and widening it again, across every fold (the
 * window's sidebar, the page's list, the editor's columns) and through their hysteresis
 * bands: each width settles in one layout (a frame without a layout phase follows, and no fold
 * changes afterwards), nothing warns (the suite runs with fatal warnings), and the editor of
 * the selected template stays shown. */
static void
test_resize (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "Resize.versus", NULL);
  const int widths[] = { 1280, 1180, 1100, 1000, 960, 920, 900, 860, 820, 800, 780, 760, 740,
                         720, 700, 720, 760, 800, 860, 900, 960, 1000, 1100, 1180, 1280 };
  VsWindow *window;
  VsPromptsPage *page;
  VsPromptEditor *editor;
  GtkWidget *flap, *outer, *inner;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VsProject) project = vs_project_open (path, VS_PROJECT_OPEN_CREATE, &error);

    g_assert_no_error (error);
  }
  window = open_window (path);
  page = get_page (window);
  editor = vs_prompts_page_get_editor (page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "prompts.new", NULL));
  wait_for_templates (page, 1);
  flap = vs_test_find_widget (GTK_WIDGET (window), ADW_TYPE_FLAP);
  outer = vs_test_find_widget (GTK_WIDGET (page), ADW_TYPE_LEAFLET);
  inner = vs_test_find_widget (GTK_WIDGET (editor), ADW_TYPE_LEAFLET);
  g_assert_nonnull (flap);
  g_assert_true (outer != NULL && outer != inner);
  g_assert_nonnull (inner);
  /* The new template's preview and draft save have landed; no blinking cursor lays out the
   * message's text view every half second. */
  g_object_set (gtk_widget_get_settings (GTK_WIDGET (window)), "gtk-cursor-blink", FALSE, NULL);
  vs_test_spin (600);

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autoptr(VsTestSignal) flap_folds = NULL;
      g_autoptr(VsTestSignal) outer_folds = NULL;
      g_autoptr(VsTestSignal) inner_folds = NULL;
      g_autoptr(VsTestSignal) layouts = NULL;
      int min = 0;

      resize_window (GTK_WINDOW (window), widths[i], 760);
      vs_test_wait_until (width_is, (&(WidthWait) { GTK_WIDGET (window), widths[i] }), 5000);
      vs_test_wait_for_layout (window, 5000);

      /* Settled: no fold flips and nothing is laid out again while the window sits still. */
      flap_folds = vs_test_signal_watch (flap, "notify::folded");
      outer_folds = vs_test_signal_watch (outer, "notify::folded");
      inner_folds = vs_test_signal_watch (inner, "notify::folded");
      layouts = vs_test_signal_watch (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "layout");
      vs_test_spin (250);
      g_assert_cmpuint (vs_test_signal_count (flap_folds), ==, 0);
      g_assert_cmpuint (vs_test_signal_count (outer_folds), ==, 0);
      g_assert_cmpuint (vs_test_signal_count (inner_folds), ==, 0);
      /* (A late preview or autosave may lay out once under load; a loop would every frame.) */
      g_assert_cmpuint (vs_test_signal_count (layouts), <=, 2);

      /* The selected template's editor shows, at least as wide as it asks to be. */
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (editor)));
      gtk_widget_measure (GTK_WIDGET (editor), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL,
                          NULL);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (editor)), >=, min);
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (vs_prompt_editor_get_row (editor, 0))));

      /* The folds follow the width: three columns with room, one with tabs without. */
      if (gtk_widget_get_width (GTK_WIDGET (editor)) >= 740)
        g_assert_false (vs_prompt_editor_get_folded (editor));
      if (gtk_widget_get_width (GTK_WIDGET (editor)) < 700)
        g_assert_true (vs_prompt_editor_get_folded (editor));
      if (widths[i] >= 1180)
        {
          g_assert_false (adw_flap_get_folded (ADW_FLAP (flap)));
          g_assert_false (vs_prompts_page_get_folded (page));
          g_assert_false (vs_prompt_editor_get_folded (editor));
        }
      if (widths[i] <= 700)
        g_assert_true (vs_prompt_editor_get_folded (editor));
      g_test_message ("%d px: sidebar %s, list %s, columns %s (editor %d px)", widths[i],
                      adw_flap_get_folded (ADW_FLAP (flap)) ? "folded" : "shown",
                      vs_prompts_page_get_folded (page) ? "folded" : "shown",
                      vs_prompt_editor_get_folded (editor) ? "folded" : "shown",
                      gtk_widget_get_width (GTK_WIDGET (editor)));
    }

  /* Narrowed a step at a time, as when a window's edge is dragged: the list's fold, applied
   * after the allocation that decided it, has caught up once the window settles. (Any GTK
   * warning on the way ends the test under G_DEBUG=fatal-warnings.) */
  resize_window (GTK_WINDOW (window), 1280, 760);
  vs_test_wait_until (width_is, (&(WidthWait) { GTK_WIDGET (window), 1280 }), 5000);
  for (int w = 1280; w >= 700; w -= 20)
    {
      resize_window (GTK_WINDOW (window), w, 760);
      vs_test_spin (40);
    }
  vs_test_wait_until (width_is, (&(WidthWait) { GTK_WIDGET (window), 700 }), 5000);
  vs_test_wait_for_layout (window, 5000);
  g_assert_true (vs_prompts_page_get_folded (page));
  resize_window (GTK_WINDOW (window), 1280, 760);
  vs_test_wait_until (width_is, (&(WidthWait) { GTK_WIDGET (window), 1280 }), 5000);
  vs_test_wait_for_layout (window, 5000);

  /* The editor asks for the same minimum width in either form (so no fold can change the
   * folds above it). */
  {
    int min_unfolded = 0, min_folded = 0;

    g_assert_false (vs_prompt_editor_get_folded (editor));
    gtk_widget_measure (GTK_WIDGET (editor), GTK_ORIENTATION_HORIZONTAL, -1, &min_unfolded,
                        NULL, NULL, NULL);
    resize_window (GTK_WINDOW (window), 700, 760);
    vs_test_wait_until (width_is, (&(WidthWait) { GTK_WIDGET (window), 700 }), 5000);
    vs_test_wait_for_layout (window, 5000);
    g_assert_true (vs_prompt_editor_get_folded (editor));
    gtk_widget_measure (GTK_WIDGET (editor), GTK_ORIENTATION_HORIZONTAL, -1, &min_folded,
                        NULL, NULL, NULL);
    g_assert_cmpint (min_folded, ==, min_unfolded);
  }

  /* At the default size the inputs column can be put away (remembered in GSettings): the
   * messages and the output share the room, and the page settles as before. */
  {
    GtkWidget *variables = GTK_WIDGET (vs_prompt_editor_get_variables (editor));
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    resize_window (GTK_WINDOW (window), 1180, 760);
    vs_test_wait_until (width_is, (&(WidthWait) { GTK_WIDGET (window), 1180 }), 5000);
    vs_test_wait_for_layout (window, 5000);
    g_assert_true (gtk_widget_get_mapped (variables));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.show-inputs", NULL));
    vs_test_wait_for_layout (window, 5000);
    g_assert_false (gtk_widget_get_mapped (variables));
    g_assert_false (vs_prompt_editor_get_folded (editor));
    g_assert_false (g_settings_get_boolean (settings, "prompt-inputs-visible"));
    /* Two columns still fit at 700 px; three do not, so showing the inputs again there
     * folds the columns into tabs, the inputs one of them. */
    resize_window (GTK_WINDOW (window), 700, 760);
    vs_test_wait_until (width_is, (&(WidthWait) { GTK_WIDGET (window), 700 }), 5000);
    vs_test_wait_for_layout (window, 5000);
    g_assert_false (vs_prompt_editor_get_folded (editor));
    g_assert_false (gtk_widget_get_mapped (variables));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.show-inputs", NULL));
    g_assert_true (g_settings_get_boolean (settings, "prompt-inputs-visible"));
    vs_test_wait_for_layout (window, 5000);
    g_assert_true (vs_prompt_editor_get_folded (editor));
    g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (gtk_widget_get_parent (
      gtk_widget_get_parent (variables)))));
  }

  close_window (window);
  vs_test_rm_rf (dir);
}

/* Every GtkLabel's label (markup source included) under @widget, one per line. */
static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child))
      collect_labels (child, out);
}

static guint
count_buttons_labelled (GtkWidget  *widget,
                        const char *label)
{
  guint n = 0;

  if (GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_buttons_labelled (child, label);
  return n;
}

static GtkWidget *
find_window_titled (const char *title)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_window_get_title (window), title) == 0)
        return GTK_WIDGET (window);
    }
  return NULL;
}

/* The Versions tab: nothing to compare before a version exists; between two versions a message
 * diff with the changed words marked, the settings as "name old → new" (by value: reordered keys
 * are no change), Restore only on older versions, and the wide view in a window of its own. */
static void
test_diff (void)
{
  g_autofree char *dir = vs_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "Diff.versus", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VsTemplateVersionInfo) v1 = NULL;
  g_autoptr(VsTemplateVersionInfo) v2 = NULL;
  g_autoptr(VsTemplateVersionInfo) v3 = NULL;
  g_autoptr(JsonObject) reordered = NULL;
  VsWindow *window;
  VsPromptsPage *page;
  VsPromptEditor *editor;
  VsVersionHistory *history;
  VsDiffView *diff_view;
  VsTemplate *draft;

  {
    g_autoptr(VsProject) project = vs_project_open (path, VS_PROJECT_OPEN_CREATE, &error);

    g_assert_no_error (error);
  }
  window = open_window (path);
  page = get_page (window);
  editor = vs_prompts_page_get_editor (page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "prompts.new", NULL));
  wait_for_templates (page, 1);
  history = vs_prompt_editor_get_history (editor);
  diff_view = vs_version_history_get_diff_view (history);
  vs_prompt_editor_show_tab (editor, "versions");

  /* No versions: the draft alone, no "Draft → Draft" comparison. */
  g_assert_cmpuint (vs_version_history_get_n_versions (history), ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (diff_view)));
  g_assert_null (vs_version_history_open_window (history));

  draft = vs_prompt_editor_get_draft (editor);
  type_text (vs_prompt_editor_get_row (editor, 0), "Sort this ticket into one queue.\nBe brief.");
  vs_template_set_double_parameter (draft, "temperature", 0.2);
  vs_template_set_int_parameter (draft, "max_tokens", 64);
  v1 = vs_prompt_editor_save_version (editor, "first", &error);
  g_assert_no_error (error);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (vs_message_row_get_buffer (
                              vs_prompt_editor_get_row (editor, 0))),
                            "Sort this ticket into exactly one queue.\nBe brief.", -1);
  vs_template_set_double_parameter (draft, "temperature", 0.7);
  v2 = vs_prompt_editor_save_version (editor, "second", &error);
  g_assert_no_error (error);
  wait_for_versions (editor, 2);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (diff_view)));

  /* Restore on the older version only. */
  g_assert_cmpuint (count_buttons_labelled (GTK_WIDGET (history), "_Restore"), ==, 1);

  g_assert_true (vs_version_history_compare (history, v1->id, v2->id));
  {
    g_autofree char *text = vs_diff_view_dup_text (diff_view);
    g_autoptr(GString) labels = g_string_new (NULL);

    g_assert_nonnull (strstr (text, "## Message 1 · User\n"));
    g_assert_nonnull (strstr (text, "-Sort this ticket into one queue.\n"));
    g_assert_nonnull (strstr (text, "+Sort this ticket into exactly one queue.\n"));
    g_assert_nonnull (strstr (text, " Be brief.\n"));
    g_assert_nonnull (strstr (text, "## Settings\ntemperature 0.2 → 0.7\n"));
    g_assert_null (strstr (text, "max_tokens"));
    /* Only the inserted word is marked inside the new line. */
    collect_labels (GTK_WIDGET (diff_view), labels);
    g_assert_nonnull (strstr (labels->str, "Sort this ticket into <span bgcolor=\"#2ec27e\" "
                                           "bgalpha=\"45%\">exactly </span>one queue."));
  }
  vs_test_save_png (GTK_WIDGET (window), "test-prompt-editor-diff.png");

  /* The same settings in another key order make no difference. */
  reordered = vs_json_parse_object ("{\"max_tokens\": 64, \"temperature\": 0.7}", -1, &error);
  g_assert_no_error (error);
  g_assert_true (vs_template_set_parameters (draft, reordered, &error));
  g_assert_no_error (error);
  v3 = vs_prompt_editor_save_version (editor, "same settings", &error);
  g_assert_no_error (error);
  wait_for_versions (editor, 3);
  g_assert_true (vs_version_history_compare (history, v2->id, v3->id));
  g_assert_true (vs_template_diff_is_empty (vs_diff_view_get_diff (diff_view)));

  /* The wide view: its own window, side by side. */
  g_assert_true (vs_version_history_compare (history, v1->id, v2->id));
  {
    GtkWindow *wide = vs_version_history_open_window (history);
    VsDiffView *wide_view;
    g_autofree char *text = NULL;

    g_assert_nonnull (wide);
    g_assert_true (find_window_titled ("Version 1 → Version 2") == GTK_WIDGET (wide));
    wide_view = VS_DIFF_VIEW (vs_test_find_widget (GTK_WIDGET (wide), VS_TYPE_DIFF_VIEW));
    g_assert_true (vs_diff_view_get_side_by_side (wide_view));
    vs_test_wait_for_layout (wide, 10000);
    text = vs_diff_view_dup_text (wide_view);
    g_assert_nonnull (strstr (text, "   1  Sort this ticket into one queue. |    1  Sort this "
                                    "ticket into exactly one queue.\n"));
    vs_test_save_png (GTK_WIDGET (wide), "test-prompt-editor-diff-window.png");
    gtk_window_destroy (wide);
  }

  close_window (window);
  vs_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = vs_test_home_new ("versus-prompt-editor-test");

  /* Keys stay in memory: no Secret Service prompt in a test. */
  g_setenv ("VERSUS_SECRETS", "memory", TRUE);

  /* (Animations off: screenshots show finished transitions, not crossfades half-way.) */
  vs_test_gui_init (&argc, &argv);

  app = vs_test_app_new (G_APPLICATION_HANDLES_OPEN);

  g_test_add_func ("/versus/prompt-editor/edit-version-restart", test_editor);
  g_test_add_func ("/versus/prompt-editor/diff", test_diff);
  g_test_add_func ("/versus/prompt-editor/run", test_run);
  g_test_add_func ("/versus/prompt-editor/resize", test_resize);

  {
    int status = g_test_run ();

    g_clear_object (&app);
    vs_test_rm_rf (home);
    return status;
  }
}
