/* vs-test-gui.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers for the GUI test programs (GTK and libadwaita, run under Xvfb): spinning the main
 * loop, waiting for a condition, finding windows and widgets, saving a widget as a PNG, a
 * private HOME and the one registered application a program may have. The display-free
 * helpers stay in vs-test-util.h, which never links GTK.
 */
#pragma once

#include <adwaita.h>

#include "vs-application.h"

G_BEGIN_DECLS

/* Waiting on conditions, never on the clock. Each helper iterates the default main context
 * (blocking, woken every few milliseconds to re-check) until its condition holds, and fails
 * the test with the condition, the file and the line when @timeout_ms passes first. The
 * timeouts are generous upper bounds for slow runs (sanitizers, a loaded machine); a passing
 * test never waits for them. */

/* What every GUI test program calls first: fills in the environment a test run needs when the
 * program is started by hand (GTK_A11Y=test, NO_AT_BRIDGE=1, GTK_USE_PORTAL=0, the memory
 * GSettings backend; meson's test_env sets the same), then gtk_test_init(), adw_init(), and
 * turns animations off so that a wait ends when the state is reached, not a transition. */
void            vs_test_gui_init      (int           *argc,
                                       char        ***argv);

/* Runs the default main context for @ms milliseconds. Kept for branches that still call it;
 * new tests wait on a condition instead (below). */
void            vs_test_spin          (guint          ms);
/* Iterates until @check (@data) is TRUE; FALSE after @timeout_ms (for waits that may
 * legitimately not happen, e.g. a service that is not installed). */
gboolean        vs_test_wait_for      (gboolean     (*check) (gpointer),
                                       gpointer       data,
                                       guint          timeout_ms);
/* Iterates until @check (@data) is TRUE; fails the test after @timeout_ms. */
#define vs_test_wait_until(check, data, timeout_ms) \
  vs_test_wait_until_full ((check), (data), (timeout_ms), #check, __FILE__, __LINE__, G_STRFUNC)
void            vs_test_wait_until_full (gboolean   (*check) (gpointer),
                                         gpointer     data,
                                         guint        timeout_ms,
                                         const char  *what,
                                         const char  *file,
                                         int          line,
                                         const char  *func);
/* Iterates until property @property of @object equals @value (given as the property's C
 * type: gboolean, int, guint, a string, an enum, a gint64 cast to gint64, an object…);
 * fails the test with the last value seen after @timeout_ms. */
#define vs_test_wait_for_property(object, property, value, timeout_ms) \
  vs_test_wait_for_property_full (G_OBJECT (object), (property), (timeout_ms), __FILE__, \
                                  __LINE__, G_STRFUNC, value)
void            vs_test_wait_for_property_full (GObject    *object,
                                                const char *property,
                                                guint       timeout_ms,
                                                const char *file,
                                                int         line,
                                                const char *func,
                                                ...);
/* Counts the emissions of @detailed_signal on @instance from now on, whatever the signal's
 * arguments; connect before the action that emits, then wait. */
typedef struct _VsTestSignal VsTestSignal;
VsTestSignal   *vs_test_signal_watch  (gpointer       instance,
                                       const char    *detailed_signal);
guint           vs_test_signal_count  (VsTestSignal  *watch);
/* Iterates until @watch has counted at least @n emissions in all; fails after @timeout_ms. */
#define vs_test_signal_wait(watch, n, timeout_ms) \
  vs_test_signal_wait_full ((watch), (n), (timeout_ms), __FILE__, __LINE__, G_STRFUNC)
void            vs_test_signal_wait_full (VsTestSignal *watch,
                                          guint         n,
                                          guint         timeout_ms,
                                          const char   *file,
                                          int           line,
                                          const char   *func);
void            vs_test_signal_free   (VsTestSignal  *watch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsTestSignal, vs_test_signal_free)
/* Connects to @detailed_signal of @instance and iterates until it is emitted once; for an
 * emission that happens later in the main loop (the end of an async operation). */
#define vs_test_wait_for_signal(instance, detailed_signal, timeout_ms) \
  vs_test_wait_for_signal_full ((instance), (detailed_signal), (timeout_ms), __FILE__, __LINE__, \
                                G_STRFUNC)
void            vs_test_wait_for_signal_full (gpointer    instance,
                                              const char *detailed_signal,
                                              guint       timeout_ms,
                                              const char *file,
                                              int         line,
                                              const char *func);
/* Dispatches what is ready in the default main context (idles, queued notifications) until
 * nothing is, without waiting for timers; at most a few thousand dispatches. */
void            vs_test_flush         (void);
/* Until @widget has been mapped and allocated a size (its window presented and laid out). */
#define vs_test_wait_for_allocation(widget, timeout_ms) \
  vs_test_wait_until (vs_test_is_allocated, (widget), (timeout_ms))
gboolean        vs_test_is_allocated  (gpointer       widget);
/* Until @widget is allocated and its window has painted a frame that needed no layout: what the
 * last changes queued has been measured, allocated and drawn (vs_test_save_png() waits so). */
#define vs_test_wait_for_layout(widget, timeout_ms) \
  vs_test_wait_for_layout_full (GTK_WIDGET (widget), (timeout_ms), __FILE__, __LINE__, G_STRFUNC)
void            vs_test_wait_for_layout_full (GtkWidget  *widget,
                                              guint       timeout_ms,
                                              const char *file,
                                              int         line,
                                              const char *func);

/* Accessibility, through GTK's test backend (GTK_A11Y=test in the test environment; GTK 4.8
 * has no public getter for an accessible property, so values are read through
 * gtk_test_accessible_check_property()). */

/* A newly allocated copy of @widget's accessible name, as far as GTK 4.8 lets a test see
 * it: its "label" property; else the names of the widgets it is "labelled-by" (found in its
 * toplevel's tree); else, for roles named from their content (buttons, rows, labels…), the
 * text of the visible labels inside it. NULL when it has none (an icon-only button without an
 * accessible label). */
char           *vs_test_dup_accessible_name (GtkWidget *widget);
/* Fails the test unless @widget has an accessible name (equal to @name unless that is NULL). */
#define vs_test_assert_accessible_name(widget, name) \
  vs_test_assert_accessible_name_full (GTK_WIDGET (widget), (name), #widget, __FILE__, __LINE__, \
                                       G_STRFUNC)
void            vs_test_assert_accessible_name_full (GtkWidget  *widget,
                                                     const char *name,
                                                     const char *expr,
                                                     const char *file,
                                                     int         line,
                                                     const char *func);
/* Puts @widget alone in a new window, presents it and waits until it is laid out; take it out
 * again with vs_test_window_free(), which destroys the window and leaves @widget to its
 * owner. The window is returned. */
GtkWindow      *vs_test_window_new    (GtkWidget     *widget);
void            vs_test_window_free   (GtkWindow     *window);

/* The first visible toplevel window that is a @type, or NULL. */
GtkWindow      *vs_test_find_window   (GType          type);
/* The first descendant of @root (itself included, depth first) for which @match (widget,
 * @data) is TRUE, or NULL. */
GtkWidget      *vs_test_find_descendant (GtkWidget   *root,
                                         gboolean   (*match) (GtkWidget *, gconstpointer),
                                         gconstpointer data);
/* The first descendant of @root (itself included) that is a @type, or NULL. */
GtkWidget      *vs_test_find_widget   (GtkWidget     *root,
                                       GType          type);
/* Renders @widget (waiting up to 10 s for its first frame) into $VERSUS_BUILD_ROOT/tests/@name. */
void            vs_test_save_png      (GtkWidget     *widget,
                                       const char    *name);
/* Makes a private temporary directory and points HOME, XDG_DATA_HOME and XDG_CONFIG_HOME at
 * it (the app copies the sample and writes settings there); remove it with vs_test_rm_rf(). */
char           *vs_test_home_new      (const char    *prefix);
/* A new VsApplication with @flags added to G_APPLICATION_NON_UNIQUE, registered (a process
 * can register only one). */
VsApplication  *vs_test_app_new       (GApplicationFlags flags);

G_END_DECLS
