/* vs-test-gui.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "versus-test"

#include <gobject/gvaluecollector.h>

#include "vs-test-gui.h"
#include "vs-test-util.h"

void
vs_test_gui_init (int    *argc,
                  char ***argv)
{
  g_setenv ("GTK_A11Y", "test", FALSE);
  g_setenv ("NO_AT_BRIDGE", "1", FALSE);
  g_setenv ("GTK_USE_PORTAL", "0", FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
vs_test_spin (guint ms)
{
  vs_test_poll (never, NULL, ms);
}

gboolean
vs_test_wait_for (gboolean (*check) (gpointer),
                  gpointer   data,
                  guint      timeout_ms)
{
  return vs_test_poll (check, data, timeout_ms);
}

static void G_GNUC_PRINTF (4, 5)
fail_at (const char *file,
         int         line,
         const char *func,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
}

void
vs_test_wait_until_full (gboolean  (*check) (gpointer),
                         gpointer    data,
                         guint       timeout_ms,
                         const char *what,
                         const char *file,
                         int         line,
                         const char *func)
{
  if (!vs_test_wait_for (check, data, timeout_ms))
    fail_at (file, line, func, "%s did not hold within %u ms", what, timeout_ms);
}

typedef struct
{
  GObject    *object;
  GParamSpec *pspec;
  GValue      expected;
  GValue      current;
} PropertyWait;

static gboolean
property_is (gpointer data)
{
  PropertyWait *wait = data;

  g_value_reset (&wait->current);
  g_object_get_property (wait->object, wait->pspec->name, &wait->current);
  return g_param_values_cmp (wait->pspec, &wait->current, &wait->expected) == 0;
}

void
vs_test_wait_for_property_full (GObject    *object,
                                const char *property,
                                guint       timeout_ms,
                                const char *file,
                                int         line,
                                const char *func,
                                ...)
{
  PropertyWait wait = { object, NULL, G_VALUE_INIT, G_VALUE_INIT };
  g_autofree char *collect_error = NULL;
  va_list args;

  wait.pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), property);
  if (wait.pspec == NULL)
    {
      fail_at (file, line, func, "%s has no property “%s”", G_OBJECT_TYPE_NAME (object), property);
      return;
    }
  va_start (args, func);
  G_VALUE_COLLECT_INIT (&wait.expected, wait.pspec->value_type, args, 0, &collect_error);
  va_end (args);
  g_assert_null (collect_error);
  g_value_init (&wait.current, wait.pspec->value_type);

  if (!vs_test_wait_for (property_is, &wait, timeout_ms))
    {
      g_autofree char *want = g_strdup_value_contents (&wait.expected);
      g_autofree char *seen = g_strdup_value_contents (&wait.current);

      fail_at (file, line, func, "%s:%s was %s, not %s, after %u ms",
               G_OBJECT_TYPE_NAME (object), property, seen, want, timeout_ms);
    }
  g_value_unset (&wait.expected);
  g_value_unset (&wait.current);
}

struct _VsTestSignal
{
  GObject *instance;   /* weak */
  char    *name;
  gulong   handler;
  guint    count;
};

static void
count_emission (GClosure     *closure,
                GValue       *return_value,
                guint         n_param_values,
                const GValue *param_values,
                gpointer      invocation_hint,
                gpointer      marshal_data)
{
  VsTestSignal *watch = closure->data;

  watch->count++;
}

VsTestSignal *
vs_test_signal_watch (gpointer    instance,
                      const char *detailed_signal)
{
  VsTestSignal *watch = g_new0 (VsTestSignal, 1);
  GClosure *closure = g_closure_new_simple (sizeof (GClosure), watch);

  g_closure_set_marshal (closure, count_emission);
  watch->instance = instance;
  watch->name = g_strdup (detailed_signal);
  g_object_add_weak_pointer (instance, (gpointer *) &watch->instance);
  watch->handler = g_signal_connect_closure (instance, detailed_signal, closure, FALSE);
  g_assert_cmpuint (watch->handler, !=, 0);
  return watch;
}

guint
vs_test_signal_count (VsTestSignal *watch)
{
  return watch->count;
}

typedef struct
{
  VsTestSignal *watch;
  guint         n;
} SignalWait;

static gboolean
signal_counted (gpointer data)
{
  SignalWait *wait = data;

  return wait->watch->count >= wait->n;
}

void
vs_test_signal_wait_full (VsTestSignal *watch,
                          guint         n,
                          guint         timeout_ms,
                          const char   *file,
                          int           line,
                          const char   *func)
{
  SignalWait wait = { watch, n };

  if (!vs_test_wait_for (signal_counted, &wait, timeout_ms))
    fail_at (file, line, func, "“%s” was emitted %u times, not %u, within %u ms", watch->name,
             watch->count, n, timeout_ms);
}

void
vs_test_wait_for_signal_full (gpointer    instance,
                              const char *detailed_signal,
                              guint       timeout_ms,
                              const char *file,
                              int         line,
                              const char *func)
{
  g_autoptr(VsTestSignal) watch = vs_test_signal_watch (instance, detailed_signal);

  vs_test_signal_wait_full (watch, 1, timeout_ms, file, line, func);
}

void
vs_test_signal_free (VsTestSignal *watch)
{
  if (watch->instance != NULL)
    {
      g_signal_handler_disconnect (watch->instance, watch->handler);
      g_object_remove_weak_pointer (watch->instance, (gpointer *) &watch->instance);
    }
  g_free (watch->name);
  g_free (watch);
}

void
vs_test_flush (void)
{
  for (guint i = 0; i < 5000 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

gboolean
vs_test_is_allocated (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0 &&
         gtk_widget_get_height (widget) > 0;
}

GtkWindow *
vs_test_find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

GtkWidget *
vs_test_find_descendant (GtkWidget      *root,
                         gboolean      (*match) (GtkWidget *, gconstpointer),
                         gconstpointer   data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = vs_test_find_descendant (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, *(const GType *) data);
}

GtkWidget *
vs_test_find_widget (GtkWidget *root,
                     GType      type)
{
  return vs_test_find_descendant (root, is_of_type, &type);
}

typedef struct
{
  GtkWidget    *widget;
  VsTestSignal *layouts;
  VsTestSignal *paints;
  guint         layouts_before;
  guint         paints_before;
} LayoutWait;

/* A frame has been painted since the last check, and it had no layout phase: nothing was
 * waiting to be measured or allocated. Otherwise asks for another frame. */
static gboolean
layout_settled (gpointer data)
{
  LayoutWait *wait = data;
  guint layouts = vs_test_signal_count (wait->layouts);
  guint paints = vs_test_signal_count (wait->paints);

  if (paints == wait->paints_before)
    return FALSE;
  if (layouts == wait->layouts_before && vs_test_is_allocated (wait->widget))
    return TRUE;
  wait->layouts_before = layouts;
  wait->paints_before = paints;
  gtk_widget_queue_draw (wait->widget);
  return FALSE;
}

void
vs_test_wait_for_layout_full (GtkWidget  *widget,
                              guint       timeout_ms,
                              const char *file,
                              int         line,
                              const char *func)
{
  GdkFrameClock *clock;
  LayoutWait wait = { widget };

  vs_test_wait_until_full (vs_test_is_allocated, widget, timeout_ms, "the widget's allocation",
                           file, line, func);
  clock = gtk_widget_get_frame_clock (widget);
  wait.layouts = vs_test_signal_watch (clock, "layout");
  wait.paints = vs_test_signal_watch (clock, "after-paint");
  /* The frame asked for here may still lay out what the last change queued; the next one that
   * does not is the settled state. */
  gtk_widget_queue_draw (widget);
  vs_test_wait_until_full (layout_settled, &wait, timeout_ms,
                           "a frame without a layout phase (the layout keeps changing)", file,
                           line, func);
  vs_test_signal_free (wait.layouts);
  vs_test_signal_free (wait.paints);
}

typedef struct
{
  GtkWidget     *widget;
  GdkPaintable  *paintable;
  GskRenderNode *node;
} Snapshot;

/* The picture is taken in a frame's after-paint, where everything the frame laid out still has
 * its allocation. Taken from a main-loop turn between frames instead, a widget added since
 * (a preview card an async result just put in, a list row) has none yet, and GTK warns
 * "Trying to snapshot GtkBox … without a current allocation". */
static void
snapshot_after_paint (GdkFrameClock *clock,
                      Snapshot      *shot)
{
  g_autoptr(GtkSnapshot) snapshot = NULL;

  if (shot->node != NULL || !vs_test_is_allocated (shot->widget))
    {
      gtk_widget_queue_draw (shot->widget);
      return;
    }
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (shot->paintable, snapshot, gtk_widget_get_width (shot->widget),
                          gtk_widget_get_height (shot->widget));
  shot->node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (shot->node == NULL)
    gtk_widget_queue_draw (shot->widget);
}

static gboolean
snapshot_has_node (gpointer data)
{
  Snapshot *shot = data;

  return shot->node != NULL;
}

void
vs_test_save_png (GtkWidget  *widget,
                  const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = vs_test_build_path ("tests", name, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  Snapshot shot = { widget, paintable, NULL };
  GdkFrameClock *clock;
  gulong handler;

  /* A page just switched to is laid out by the next frame: wait until one has been painted
   * (a slow run, under sanitizers, may take a while), then take the picture in the next. */
  vs_test_wait_for_layout (widget, 10000);
  clock = gtk_widget_get_frame_clock (widget);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (snapshot_after_paint), &shot);
  gtk_widget_queue_draw (widget);
  vs_test_wait_until (snapshot_has_node, &shot, 10000);
  g_signal_handler_disconnect (clock, handler);
  texture = gsk_renderer_render_texture (renderer, shot.node,
                                         &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                              gtk_widget_get_height (widget)));
  gsk_render_node_unref (shot.node);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("%s saved to %s", G_OBJECT_TYPE_NAME (widget), path);
}

char *
vs_test_home_new (const char *prefix)
{
  g_autofree char *template = g_strconcat (prefix, "-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  char *home = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  return home;
}

VsApplication *
vs_test_app_new (GApplicationFlags flags)
{
  VsApplication *app = vs_application_new ();

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | flags);
  if (!g_application_register (G_APPLICATION (app), NULL, NULL))
    g_error ("could not register the application");
  return app;
}

/* Roles whose name GTK computes from the text inside them when nothing else names them. */
static gboolean
named_from_content (GtkWidget *widget)
{
  static const GtkAccessibleRole roles[] = {
    GTK_ACCESSIBLE_ROLE_BUTTON, GTK_ACCESSIBLE_ROLE_CHECKBOX, GTK_ACCESSIBLE_ROLE_LABEL,
    GTK_ACCESSIBLE_ROLE_LINK, GTK_ACCESSIBLE_ROLE_LIST_ITEM, GTK_ACCESSIBLE_ROLE_MENU_ITEM,
    GTK_ACCESSIBLE_ROLE_RADIO, GTK_ACCESSIBLE_ROLE_ROW, GTK_ACCESSIBLE_ROLE_TAB
  };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (gtk_test_accessible_has_role (GTK_ACCESSIBLE (widget), roles[i]))
      return TRUE;
  return FALSE;
}

static void
append_label_text (GtkWidget *widget,
                   GString   *text)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, gtk_label_get_text (GTK_LABEL (widget)));
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    append_label_text (child, text);
}

static char *dup_accessible_name (GtkWidget *widget,
                                  guint      depth);

/* GTK 4.8 shows a relation's targets only as text, "GtkLabel<0x…> GtkImage<0x…>": the widgets
 * of @root's tree that are written so are the targets. */
static void
append_targets_names (GtkWidget  *widget,
                      const char *targets,
                      guint       depth,
                      GString    *names)
{
  g_autofree char *self = g_strdup_printf ("%s<%p>", G_OBJECT_TYPE_NAME (widget), widget);

  if (strstr (targets, self) != NULL)
    {
      g_autofree char *name = dup_accessible_name (widget, depth + 1);

      if (name != NULL)
        g_string_append_printf (names, "%s%s", names->len > 0 ? " " : "", name);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    append_targets_names (child, targets, depth, names);
}

static char *
dup_accessible_name (GtkWidget *widget,
                     guint      depth)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);
  g_autoptr(GString) text = g_string_new (NULL);

  if (depth > 4)
    return NULL;
  /* check_property() answers NULL when the value matches and the value itself when it does
   * not: asking for a value no widget has reads the label. */
  if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      g_autofree char *label = gtk_test_accessible_check_property (
        accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, "\x01 no widget is called this");

      if (label != NULL && *label != '\0')
        return g_steal_pointer (&label);
    }
  if (gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    {
      g_autofree char *targets = gtk_test_accessible_check_relation (
        accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY, NULL);
      GtkWidget *top = widget;

      while (gtk_widget_get_parent (top) != NULL)
        top = gtk_widget_get_parent (top);
      if (targets != NULL)
        append_targets_names (top, targets, depth, text);
    }
  else if (named_from_content (widget))
    append_label_text (widget, text);
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

char *
vs_test_dup_accessible_name (GtkWidget *widget)
{
  return dup_accessible_name (widget, 0);
}

void
vs_test_assert_accessible_name_full (GtkWidget  *widget,
                                     const char *name,
                                     const char *expr,
                                     const char *file,
                                     int         line,
                                     const char *func)
{
  g_autofree char *actual = vs_test_dup_accessible_name (widget);

  if (actual == NULL)
    fail_at (file, line, func, "%s (a %s) has no accessible name", expr,
             G_OBJECT_TYPE_NAME (widget));
  else if (name != NULL && g_strcmp0 (actual, name) != 0)
    fail_at (file, line, func, "%s (a %s) is called “%s”, not “%s”", expr,
             G_OBJECT_TYPE_NAME (widget), actual, name);
}

GtkWindow *
vs_test_window_new (GtkWidget *widget)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, 800, 600);
  gtk_window_set_child (window, widget);
  gtk_window_present (window);
  vs_test_wait_for_allocation (widget, 10000);
  return window;
}

static gboolean
toplevel_gone (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (window == data)
        return FALSE;
    }
  return TRUE;
}

void
vs_test_window_free (GtkWindow *window)
{
  gtk_window_set_child (window, NULL);
  gtk_window_destroy (window);
  vs_test_wait_until (toplevel_gone, window, 5000);
  vs_test_flush ();
}
