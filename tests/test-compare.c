/* test-compare.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chart widget and the Compare dashboard under Xvfb: VsChartView draws every kind, shows
 * the value under the pointer (moved through the X server), moves keyboard focus through the
 * marks and says the focused value in its accessible description, exports PNG/SVG/PDF (also
 * through its file chooser), copies an image to the clipboard and follows light and dark.
 * The dashboard shows the sample project's finished comparison and a run recorded against
 * the fake server while it progresses; a click on a paired-scatter point opens that case;
 * presentation mode opens and moves between slides with the keyboard.
 */
#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>
#include <glib/gstdio.h>

#include "vs-eval-case-window.h"
#include "vs-chart-view.h"
#include "vs-compare-dashboard.h"
#include "vs-compare-page.h"
#include "vs-eval-runner.h"
#include "vs-eval-spec.h"
#include "vs-fake-llm.h"
#include "vs-presentation.h"
#include "vs-run-store.h"
#include "vs-test-gui.h"
#include "vs-test-util.h"

/* Specs ------------------------------------------------------------------------------------ */

static VsChartSpec *
bars_spec (void)
{
  VsChartSpec *spec = vs_chart_spec_new (VS_CHART_KIND_BARS);
  VsChartSeries *a, *b;

  vs_chart_spec_set_title (spec, "Pass rate");
  vs_chart_spec_set_axis (spec, VS_CHART_AXIS_Y, "Pass rate", NULL);
  vs_chart_spec_set_axis_percent (spec, VS_CHART_AXIS_Y, TRUE);
  vs_chart_spec_set_interval_label (spec, "95% CI");
  vs_chart_spec_add_category (spec, "exact");
  vs_chart_spec_add_category (spec, "contains");
  a = vs_chart_spec_add_series (spec, "Few-shot");
  b = vs_chart_spec_add_series (spec, "Fine-tuned");
  vs_chart_series_add_interval (a, 0.5, 0.4, 0.6);
  vs_chart_series_add_interval (a, 0.6, 0.5, 0.7);
  vs_chart_series_add_interval (b, 0.8, 0.7, 0.9);
  vs_chart_series_add_interval (b, 0.9, 0.8, 0.95);
  return spec;
}

static VsChartSpec *
kind_spec (VsChartKind kind)
{
  VsChartSpec *spec;
  VsChartSeries *s;

  if (kind == VS_CHART_KIND_BARS)
    return bars_spec ();
  spec = vs_chart_spec_new (kind);
  vs_chart_spec_set_title (spec, vs_chart_kind_to_string (kind));
  switch (kind)
    {
    case VS_CHART_KIND_PAIRED_SCATTER:
      vs_chart_spec_set_axis (spec, VS_CHART_AXIS_X, "A", NULL);
      vs_chart_spec_set_axis (spec, VS_CHART_AXIS_Y, "B", NULL);
      s = vs_chart_spec_add_series (spec, "cases");
      for (guint i = 0; i < 20; i++)
        {
          g_autofree char *label = g_strdup_printf ("%u", i + 1);

          vs_chart_series_add_xy (s, (i % 5) / 4.0, ((i * 3) % 7) / 6.0);
          vs_chart_series_set_last_label (s, label);
        }
      break;
    case VS_CHART_KIND_CONFUSION:
      vs_chart_spec_add_category (spec, "yes");
      vs_chart_spec_add_category (spec, "no");
      s = vs_chart_spec_add_series (spec, "yes");
      vs_chart_series_add (s, 8);
      vs_chart_series_add (s, 2);
      s = vs_chart_spec_add_series (spec, "no");
      vs_chart_series_add (s, 1);
      vs_chart_series_add (s, 9);
      break;
    case VS_CHART_KIND_LATENCY:
      vs_chart_spec_set_axis (spec, VS_CHART_AXIS_Y, "Latency", "ms");
      for (guint k = 0; k < 2; k++)
        {
          s = vs_chart_spec_add_series (spec, k == 0 ? "A" : "B");
          for (guint i = 0; i < 30; i++)
            vs_chart_series_add (s, 100 + k * 50 + i * 7);
        }
      break;
    case VS_CHART_KIND_COST_QUALITY:
      for (guint k = 0; k < 3; k++)
        {
          s = vs_chart_spec_add_series (spec, k == 0 ? "A" : k == 1 ? "B" : "C");
          vs_chart_series_add_xy (s, 0.01 * (k + 1), 0.6 + 0.1 * ((k * 2) % 3));
        }
      break;
    case VS_CHART_KIND_BREAKEVEN:
    case VS_CHART_KIND_LOSS:
    default:
      for (guint k = 0; k < 2; k++)
        {
          s = vs_chart_spec_add_series (spec, k == 0 ? "train" : "validation");
          for (guint i = 0; i <= 10; i++)
            vs_chart_series_add_xy (s, i * 100, kind == VS_CHART_KIND_LOSS
                                                  ? 2.0 / (1 + i + k)
                                                  : (k == 0 ? 5 + i * 3.0 : 20 + i * 1.0));
        }
      break;
    }
  return spec;
}

/* Helpers ---------------------------------------------------------------------------------- */

static gboolean
has_marks (gpointer data)
{
  return vs_chart_view_get_n_marks (VS_CHART_VIEW (data)) > 0;
}

static Display *
x_display (GtkWidget *widget)
{
  return gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));
}

/* Moves the pointer, through the X server, to (@x, @y) of @widget. */
static void
move_pointer (GtkWidget *widget,
              double     x,
              double     y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  Display *display = x_display (widget);
  graphene_point_t point;
  double dx, dy;
  int rx, ry;
  Window child;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT ((float) x, (float) y), &point));
  gtk_native_get_surface_transform (native, &dx, &dy);
  XTranslateCoordinates (display, gdk_x11_surface_get_xid (surface), DefaultRootWindow (display),
                         (int) (point.x + dx), (int) (point.y + dy), &rx, &ry, &child);
  XTestFakeMotionEvent (display, -1, rx, ry, CurrentTime);
  XFlush (display);
}

/* Presses (and releases) @keysym in @widget's window, through the X server. */
static void
press_key (GtkWidget *widget,
           KeySym     keysym)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));
  Display *display = x_display (widget);
  KeyCode key = XKeysymToKeycode (display, keysym);

  XRaiseWindow (display, gdk_x11_surface_get_xid (surface));
  XSetInputFocus (display, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  XSync (display, False);
  XTestFakeKeyEvent (display, key, True, CurrentTime);
  XTestFakeKeyEvent (display, key, False, CurrentTime);
  XFlush (display);
}

static void
assert_description (VsChartView *view,
                    const char  *expected)
{
  g_autofree char *message = gtk_test_accessible_check_property (
    GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, expected);

  if (message != NULL)
    g_error ("accessible description: %s", message);
}

static gboolean
file_starts_with (const char *path,
                  const char *magic,
                  gsize       length)
{
  g_autofree char *contents = NULL;
  gsize size = 0;

  if (!g_file_get_contents (path, &contents, &size, NULL))
    return FALSE;
  return size > length && memcmp (contents, magic, length) == 0;
}

/* Chart view ------------------------------------------------------------------------------- */

static void
test_chart_view_kinds (void)
{
  for (guint kind = 0; kind < VS_CHART_N_KINDS; kind++)
    {
      g_autoptr(VsChartSpec) spec = kind_spec ((VsChartKind) kind);
      GtkWidget *view = g_object_ref_sink (vs_chart_view_new (spec));
      GtkWindow *window;
      g_autoptr(GdkTexture) texture = NULL;

      gtk_widget_set_size_request (view, 640, 400);
      window = vs_test_window_new (view);
      vs_test_wait_until (has_marks, view, 5000);
      g_test_message ("%s: %u marks", vs_chart_kind_to_string ((VsChartKind) kind),
                      vs_chart_view_get_n_marks (VS_CHART_VIEW (view)));
      for (guint i = 0; i < vs_chart_view_get_n_marks (VS_CHART_VIEW (view)); i++)
        {
          const VsChartMark *mark = vs_chart_view_get_mark (VS_CHART_VIEW (view), i);

          /* every mark lies inside the chart and says something */
          g_assert_cmpfloat (mark->x, >=, 0);
          g_assert_cmpfloat (mark->x, <=, gtk_widget_get_width (view));
          g_assert_cmpfloat (mark->y, >=, 0);
          g_assert_cmpfloat (mark->y, <=, gtk_widget_get_height (view));
          g_assert_nonnull (mark->text);
          g_assert_cmpstr (mark->text, !=, "");
        }
      texture = vs_chart_view_dup_texture (VS_CHART_VIEW (view));
      g_assert_cmpint (gdk_texture_get_width (texture), ==, 2 * gtk_widget_get_width (view));
      vs_test_window_free (window);
      g_object_unref (view);
    }
}

static void
test_chart_view_hover (void)
{
  g_autoptr(VsChartSpec) spec = bars_spec ();
  GtkWidget *view = g_object_ref_sink (vs_chart_view_new (spec));
  GtkWindow *window;
  const VsChartMark *mark;

  gtk_widget_set_size_request (view, 640, 400);
  window = vs_test_window_new (view);
  vs_test_wait_until (has_marks, view, 5000);
  g_assert_cmpuint (vs_chart_view_get_n_marks (VS_CHART_VIEW (view)), ==, 4);
  g_assert_null (vs_chart_view_get_hover_text (VS_CHART_VIEW (view)));

  /* the bar of Fine-tuned on "contains" (category-major order): 90%, its interval named */
  mark = vs_chart_view_get_mark (VS_CHART_VIEW (view), 3);
  g_assert_cmpstr (mark->text, ==, "Fine-tuned · contains: 90% (95% CI 80% to 95%)");
  move_pointer (view, mark->x, mark->y);
  vs_test_wait_for_property (view, "hover-text", mark->text, 5000);

  /* off every mark: nothing */
  move_pointer (view, 3, 3);
  vs_test_wait_for_property (view, "hover-text", NULL, 5000);

  vs_test_window_free (window);
  g_object_unref (view);
}

static void
test_chart_view_keyboard (void)
{
  g_autoptr(VsChartSpec) spec = bars_spec ();
  GtkWidget *view = g_object_ref_sink (vs_chart_view_new (spec));
  GtkWindow *window;
  g_autofree char *description = vs_chart_describe (spec);
  guint n;

  gtk_widget_set_size_request (view, 640, 400);
  window = vs_test_window_new (view);
  vs_test_wait_until (has_marks, view, 5000);
  n = vs_chart_view_get_n_marks (VS_CHART_VIEW (view));
  assert_description (VS_CHART_VIEW (view), description);
  gtk_widget_grab_focus (view);

  press_key (view, XK_Right);
  vs_test_wait_for_property (view, "focused-mark", 0, 5000);
  assert_description (VS_CHART_VIEW (view), vs_chart_view_get_mark (VS_CHART_VIEW (view), 0)->text);
  press_key (view, XK_Right);
  vs_test_wait_for_property (view, "focused-mark", 1, 5000);
  assert_description (VS_CHART_VIEW (view), vs_chart_view_get_mark (VS_CHART_VIEW (view), 1)->text);
  press_key (view, XK_End);
  vs_test_wait_for_property (view, "focused-mark", (int) n - 1, 5000);
  press_key (view, XK_Right); /* stays on the last */
  press_key (view, XK_Home);
  vs_test_wait_for_property (view, "focused-mark", 0, 5000);
  press_key (view, XK_Left); /* stays on the first */
  press_key (view, XK_Escape);
  vs_test_wait_for_property (view, "focused-mark", -1, 5000);
  /* the chart's own description again */
  assert_description (VS_CHART_VIEW (view), description);

  vs_test_window_free (window);
  g_object_unref (view);
}

static void
on_activated (VsChartView *view,
              guint        mark,
              int         *out)
{
  *out = (int) mark;
}

static void
test_chart_view_activate (void)
{
  g_autoptr(VsChartSpec) spec = kind_spec (VS_CHART_KIND_PAIRED_SCATTER);
  GtkWidget *view = g_object_ref_sink (vs_chart_view_new (spec));
  GtkWindow *window;
  int activated = -1;

  gtk_widget_set_size_request (view, 640, 400);
  window = vs_test_window_new (view);
  vs_test_wait_until (has_marks, view, 5000);
  g_signal_connect (view, "mark-activated", G_CALLBACK (on_activated), &activated);
  gtk_widget_grab_focus (view);
  press_key (view, XK_End);
  vs_test_wait_for_property (view, "focused-mark",
                             (int) vs_chart_view_get_n_marks (VS_CHART_VIEW (view)) - 1, 5000);
  press_key (view, XK_Return);
  while (activated < 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (activated, ==, vs_chart_view_get_focused_mark (VS_CHART_VIEW (view)));
  /* a scatter mark names the cases it stands for */
  g_assert_nonnull (vs_chart_view_get_mark (VS_CHART_VIEW (view), activated)->indices);

  vs_test_window_free (window);
  g_object_unref (view);
}

static gboolean
chooser_shown (gpointer data)
{
  return vs_test_find_window (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

static gboolean
chooser_gone (gpointer data)
{
  return vs_test_find_window (GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL;
}

static void
test_chart_view_export (void)
{
  g_autoptr(VsChartSpec) spec = bars_spec ();
  GtkWidget *view = g_object_ref_sink (vs_chart_view_new (spec));
  g_autofree char *dir = g_dir_make_tmp ("versus-chart-view-XXXXXX", NULL);
  static const struct { const char *name; const char *magic; } files[] = {
    { "chart.png", "\x89PNG" }, { "chart.svg", "<?xml" }, { "chart.pdf", "%PDF" },
  };
  GtkWindow *window;
  GtkWindow *chooser;

  gtk_widget_set_size_request (view, 640, 400);
  window = vs_test_window_new (view);
  vs_test_wait_until (has_marks, view, 5000);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i].name, NULL);
      g_autoptr(GError) error = NULL;

      g_assert_true (vs_chart_view_export (VS_CHART_VIEW (view), path, &error));
      g_assert_no_error (error);
      g_assert_true (file_starts_with (path, files[i].magic, strlen (files[i].magic)));
      g_unlink (path);
    }

  /* Export… from the menu: a file chooser named after the chart, offering the three formats */
  g_assert_true (gtk_widget_activate_action (view, "chart.export", NULL));
  vs_test_wait_until (chooser_shown, NULL, 5000);
  chooser = vs_test_find_window (GTK_TYPE_FILE_CHOOSER_DIALOG);
  {
    g_autofree char *name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
    g_autoptr(GListModel) filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (chooser));

    g_assert_cmpstr (name, ==, "Pass rate.png");
    g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 3);
  }
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  vs_test_wait_until (chooser_gone, NULL, 5000);
  g_rmdir (dir);

  vs_test_window_free (window);
  g_object_unref (view);
}

static void
on_texture_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  GdkTexture **out = data;
  g_autoptr(GError) error = NULL;

  *out = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static void
test_chart_view_copy (void)
{
  g_autoptr(VsChartSpec) spec = bars_spec ();
  GtkWidget *view = g_object_ref_sink (vs_chart_view_new (spec));
  g_autoptr(GdkTexture) texture = NULL;
  GtkWindow *window;

  gtk_widget_set_size_request (view, 640, 400);
  window = vs_test_window_new (view);
  vs_test_wait_until (has_marks, view, 5000);
  g_assert_true (gtk_widget_activate_action (view, "chart.copy", NULL));
  gdk_clipboard_read_texture_async (gtk_widget_get_clipboard (view), NULL, on_texture_read,
                                    &texture);
  while (texture == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* twice the view's size */
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 2 * gtk_widget_get_width (view));
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 2 * gtk_widget_get_height (view));

  vs_test_window_free (window);
  g_object_unref (view);
}

/* The red channel of the image's top-left corner (the chart's background). */
static guint
corner_red (VsChartView *view)
{
  g_autoptr(GdkTexture) texture = vs_chart_view_dup_texture (view);
  gsize stride = (gsize) gdk_texture_get_width (texture) * 4;
  g_autofree guchar *pixels = g_malloc (stride * (gsize) gdk_texture_get_height (texture));

  gdk_texture_download (texture, pixels, stride);
  return pixels[2]; /* B8G8R8A8: red is the third byte */
}

static gboolean
is_dark (gpointer data)
{
  return vs_chart_view_get_dark (VS_CHART_VIEW (data));
}

static gboolean
is_light (gpointer data)
{
  return !vs_chart_view_get_dark (VS_CHART_VIEW (data));
}

static void
test_chart_view_dark (void)
{
  g_autoptr(VsChartSpec) spec = bars_spec ();
  GtkWidget *view = g_object_ref_sink (vs_chart_view_new (spec));
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkWindow *window;
  guint light;

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_widget_set_size_request (view, 640, 400);
  window = vs_test_window_new (view);
  vs_test_wait_until (has_marks, view, 5000);
  g_assert_false (vs_chart_view_get_dark (VS_CHART_VIEW (view)));
  light = corner_red (VS_CHART_VIEW (view));
  g_assert_cmpuint (light, >, 200);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  vs_test_wait_until (is_dark, view, 5000);
  g_assert_cmpuint (corner_red (VS_CHART_VIEW (view)), <, 80);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  vs_test_wait_until (is_light, view, 5000);
  g_assert_cmpuint (corner_red (VS_CHART_VIEW (view)), ==, light);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);

  vs_test_window_free (window);
  g_object_unref (view);
}

/* Dashboard -------------------------------------------------------------------------------- */

static gboolean
is_loaded (gpointer data)
{
  return vs_compare_dashboard_get_loaded (VS_COMPARE_DASHBOARD (data)) > 0;
}

static VsProject *
sample_copy (char **dir)
{
  const char *root = g_getenv ("VERSUS_BUILD_ROOT");
  g_autofree char *sample = g_build_filename (root, "data", "sample.versus", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  VsProject *project;

  *dir = g_dir_make_tmp ("versus-compare-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (*dir, "sample.versus", NULL);
  g_assert_true (g_file_get_contents (sample, &contents, &length, &error));
  g_assert_true (g_file_set_contents (path, contents, (gssize) length, &error));
  project = vs_project_open (path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  return project;
}

static VsChartView *
scatter_of (VsCompareDashboard *dashboard)
{
  for (guint i = 0; i < vs_compare_dashboard_get_n_charts (dashboard); i++)
    {
      VsChartView *view = vs_compare_dashboard_get_chart (dashboard, i);

      if (vs_chart_spec_get_kind (vs_chart_view_get_spec (view)) == VS_CHART_KIND_PAIRED_SCATTER)
        return view;
    }
  return NULL;
}

static gboolean
case_window_shown (gpointer data)
{
  return vs_test_find_window (VS_TYPE_EVAL_CASE_WINDOW) != NULL;
}

static gboolean
presentation_shown (gpointer data)
{
  return vs_test_find_window (VS_TYPE_PRESENTATION) != NULL;
}

static gboolean
presentation_gone (gpointer data)
{
  return vs_test_find_window (VS_TYPE_PRESENTATION) == NULL;
}

static gboolean
is_label_text (GtkWidget    *widget,
               gconstpointer text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static void
test_dashboard_sample (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VsProject) project = sample_copy (&dir);
  GtkWidget *page = g_object_ref_sink (g_object_new (VS_TYPE_COMPARE_PAGE, NULL));
  VsCompareDashboard *dashboard;
  VsChartView *scatter;
  VsEvalCaseWindow *dialog;
  VsPresentation *presentation;
  g_autofree char *a_output = NULL;
  GtkWindow *window;
  guint n_charts;

  gtk_widget_set_size_request (page, 1100, 760);
  window = vs_test_window_new (page);
  vs_page_set_project (VS_PAGE (page), project);
  dashboard = VS_COMPARE_DASHBOARD (vs_test_find_widget (page, VS_TYPE_COMPARE_DASHBOARD));
  g_assert_nonnull (dashboard);
  /* the newest run is selected and read */
  vs_test_wait_until (is_loaded, dashboard, 20000);
  g_assert_cmpint (vs_compare_dashboard_get_run_id (dashboard), >, 0);
  g_assert_nonnull (vs_compare_dashboard_get_decision (dashboard));
  g_assert_cmpuint (vs_run_data_get_n_contenders (vs_compare_dashboard_get_data (dashboard)),
                    ==, 3);
  n_charts = vs_compare_dashboard_get_n_charts (dashboard);
  g_assert_cmpuint (n_charts, ==, 6);
  /* the summary tables: each contender's pass rate with its interval, each pair's p-value */
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (dashboard), is_label_text,
                                             "Paired comparisons"));
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (dashboard), is_label_text,
                                             "McNemar p"));
  g_assert_nonnull (vs_test_find_descendant (GTK_WIDGET (dashboard), is_label_text,
                                             "Few-shot base model"));

  /* Tab reaches every chart (and its menu button) */
  {
    g_autoptr(GHashTable) reached = g_hash_table_new (NULL, NULL);

    for (guint k = 0; k < 4 + 3 * n_charts; k++)
      {
        GtkWidget *focus;

        g_signal_emit_by_name (window, "move-focus", GTK_DIR_TAB_FORWARD);
        focus = gtk_root_get_focus (GTK_ROOT (window));
        if (VS_IS_CHART_VIEW (focus))
          g_hash_table_add (reached, focus);
      }
    g_assert_cmpuint (g_hash_table_size (reached), ==, n_charts);
  }

  /* a click on a paired-scatter point opens its case with both answers */
  scatter = scatter_of (dashboard);
  g_assert_nonnull (scatter);
  vs_test_wait_until (has_marks, scatter, 5000);
  g_signal_emit_by_name (scatter, "mark-activated", 0u);
  vs_test_wait_until (case_window_shown, NULL, 5000);
  dialog = VS_EVAL_CASE_WINDOW (vs_test_find_window (VS_TYPE_EVAL_CASE_WINDOW));
  g_assert_cmpint (vs_eval_case_window_get_ordinal (dialog), >, 0);
  {
    VsEvalCase *shown = vs_eval_case_window_get_case (dialog);
    const VsEvalCaseContender *first;

    g_assert_nonnull (shown);
    g_assert_cmpuint (vs_eval_case_get_n_contenders (shown), ==, 3);
    first = vs_eval_case_get_contender (shown, 0);
    g_assert_cmpuint (first->trials->len, >, 0);
    a_output = g_strdup (((VsEvalTrialInfo *) g_ptr_array_index (first->trials, 0))->output);
  }
  g_assert_cmpstr (a_output, !=, "");
  if (g_getenv ("VERSUS_SAVE_PNG") != NULL)
    vs_test_save_png (GTK_WIDGET (dialog), "compare-case-window.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Export Report…'s writing: a PDF on a worker; a cancelled HTML report leaves no file */
  {
    g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
    g_autofree char *html = g_build_filename (dir, "report.html", NULL);

    vs_compare_dashboard_write_report (dashboard, pdf);
    g_assert_true (vs_compare_dashboard_get_writing_report (dashboard));
    vs_test_wait_for_property (dashboard, "writing-report", FALSE, 20000);
    g_assert_true (file_starts_with (pdf, "%PDF", 4));
    vs_compare_dashboard_write_report (dashboard, html);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dashboard), "dashboard.cancel-report",
                                               NULL));
    vs_test_wait_for_property (dashboard, "writing-report", FALSE, 20000);
    g_assert_false (g_file_test (html, G_FILE_TEST_EXISTS));
  }

  /* presentation mode: F5's action, slides, keys, Escape */
  g_assert_true (gtk_widget_activate_action (page, "compare.present", NULL));
  vs_test_wait_until (presentation_shown, NULL, 5000);
  presentation = VS_PRESENTATION (vs_test_find_window (VS_TYPE_PRESENTATION));
  g_assert_cmpuint (vs_presentation_get_n_slides (presentation), ==, 1 + n_charts);
  g_assert_cmpuint (vs_presentation_get_slide (presentation), ==, 0);
  vs_test_wait_for_layout (presentation, 10000);
  press_key (GTK_WIDGET (presentation), XK_Right);
  vs_test_wait_for_property (presentation, "slide", 1u, 5000);
  press_key (GTK_WIDGET (presentation), XK_Page_Down);
  vs_test_wait_for_property (presentation, "slide", 2u, 5000);
  press_key (GTK_WIDGET (presentation), XK_Left);
  vs_test_wait_for_property (presentation, "slide", 1u, 5000);
  press_key (GTK_WIDGET (presentation), XK_End);
  vs_test_wait_for_property (presentation, "slide", n_charts, 5000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (presentation), "presentation.next",
                                             NULL));
  g_assert_cmpuint (vs_presentation_get_slide (presentation), ==, n_charts);
  press_key (GTK_WIDGET (presentation), XK_Escape);
  vs_test_wait_until (presentation_gone, NULL, 5000);

  vs_page_set_project (VS_PAGE (page), NULL);
  vs_test_window_free (window);
  g_object_unref (page);
  g_clear_object (&project);
  vs_test_rm_rf (dir);
}

/* A run against the fake server, shown while it runs. */

typedef struct
{
  VsCompareDashboard *dashboard;
  gint64              shown_ok;      /* the most answers the dashboard has shown */
  gint64              shown_partial; /* answers shown while the run was not finished */
  gboolean            done;
  GError             *error;
} Live;

static void
on_loaded (VsCompareDashboard *dashboard,
           GParamSpec         *pspec,
           Live               *live)
{
  VsRunData *data = vs_compare_dashboard_get_data (dashboard);

  live->shown_ok = data->run->results.n_ok;
  if (g_strcmp0 (data->run->state, "done") != 0 && data->run->results.n_ok > 0)
    live->shown_partial = MAX (live->shown_partial, data->run->results.n_ok);
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Live *live = data;

  vs_eval_runner_run_finish (VS_EVAL_RUNNER (source), result, &live->error);
  live->done = TRUE;
}

static gboolean
shows_all (gpointer data)
{
  Live *live = data;

  return live->shown_ok == 24;
}

static void
test_dashboard_live (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsFakeLlm) fake = vs_fake_llm_new (0, &error);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("live.versus", &dir, &path);
  g_autoptr(GString) spec_text = g_string_new (NULL);
  g_autoptr(VsEvalSpec) spec = NULL;
  g_autoptr(VsEvalRunner) runner = NULL;
  g_autofree char *spec_path = g_build_filename (dir, "spec.json", NULL);
  g_autofree char *cases_path = g_build_filename (dir, "cases.jsonl", NULL);
  g_autofree char *template_path = g_build_filename (dir, "t.json", NULL);
  g_autoptr(GString) cases = g_string_new (NULL);
  GtkWidget *dashboard = g_object_ref_sink (vs_compare_dashboard_new ());
  Live live = { VS_COMPARE_DASHBOARD (dashboard) };
  GtkWindow *window;
  gint64 run_id;

  g_assert_no_error (error);
  for (guint i = 0; i < 12; i++)
    g_string_append_printf (cases, "{\"q\": \"case %u\", \"want\": \"Echo: case %u\"}\n", i,
                            i % 3 == 0 ? 99 : i);
  g_assert_true (g_file_set_contents (cases_path, cases->str, -1, NULL));
  g_assert_true (g_file_set_contents (
    template_path, "{\"messages\":[{\"role\":\"user\",\"content\":\"{{question}}\"}]}", -1,
    NULL));
  g_string_append_printf (spec_text,
                          "{\"cases\": \"cases.jsonl\", \"input\": {\"question\": \"q\"},"
                          " \"expected\": \"want\", \"contenders\": ["
                          " {\"name\": \"Base\", \"endpoint\": \"%s/v1\", \"model\": \"m-a\","
                          "  \"template\": \"t.json\"},"
                          " {\"name\": \"Tuned\", \"endpoint\": \"%s/v1\", \"model\": \"m-b\","
                          "  \"template\": \"t.json\"}],"
                          " \"metrics\": [{\"type\": \"exact\"}], \"concurrency\": 1}",
                          vs_fake_llm_get_url (fake), vs_fake_llm_get_url (fake));
  g_assert_true (g_file_set_contents (spec_path, spec_text->str, -1, NULL));
  spec = vs_eval_spec_load (spec_path, &error);
  g_assert_no_error (error);
  run_id = vs_eval_prepare_run (project, spec, "live", NULL, &error);
  g_assert_no_error (error);
  /* slow answers, one at a time: the run takes a few refreshes to finish */
  vs_fake_llm_set_latency_ms (fake, 300);

  gtk_widget_set_size_request (dashboard, 1000, 700);
  window = vs_test_window_new (dashboard);
  g_signal_connect (dashboard, "notify::loaded", G_CALLBACK (on_loaded), &live);
  /* results arrive through VsProject::changed, as the page forwards them */
  g_signal_connect_swapped (project, "changed::results",
                            G_CALLBACK (vs_compare_dashboard_refresh), dashboard);
  vs_compare_dashboard_set_run (VS_COMPARE_DASHBOARD (dashboard), project, run_id);
  vs_test_wait_until (is_loaded, dashboard, 20000);

  runner = vs_eval_runner_new (project, run_id, &error);
  g_assert_no_error (error);
  vs_eval_runner_run_async (runner, NULL, on_run_done, &live);
  while (!live.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (live.error);
  vs_test_wait_until (shows_all, &live, 20000);
  /* it showed the run part-way, then all 12 cases × 2 contenders */
  g_assert_cmpint (live.shown_partial, >, 0);
  g_assert_cmpint (live.shown_partial, <, 24);
  g_assert_nonnull (vs_compare_dashboard_get_decision (VS_COMPARE_DASHBOARD (dashboard)));

  g_signal_handlers_disconnect_by_data (project, dashboard);
  vs_test_window_free (window);
  g_object_unref (dashboard);
  g_clear_object (&project);
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  vs_test_gui_init (&argc, &argv);

  g_test_add_func ("/versus/compare/dashboard/sample", test_dashboard_sample);
  g_test_add_func ("/versus/compare/dashboard/live", test_dashboard_live);
  g_test_add_func ("/versus/compare/chart-view/kinds", test_chart_view_kinds);
  g_test_add_func ("/versus/compare/chart-view/hover", test_chart_view_hover);
  g_test_add_func ("/versus/compare/chart-view/keyboard", test_chart_view_keyboard);
  g_test_add_func ("/versus/compare/chart-view/activate", test_chart_view_activate);
  g_test_add_func ("/versus/compare/chart-view/copy", test_chart_view_copy);
  g_test_add_func ("/versus/compare/chart-view/dark", test_chart_view_dark);
  /* Last: once GTK's own file chooser dialog has been up, this Xvfb session delivers no more
   * synthesized key presses to new windows, which the cases above rely on. */
  g_test_add_func ("/versus/compare/chart-view/export", test_chart_view_export);

  return g_test_run ();
}
