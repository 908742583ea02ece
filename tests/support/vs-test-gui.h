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

/* Runs the default main context for @ms milliseconds. */
void            vs_test_spin          (guint          ms);
/* Iterates the default main context until @check (@data) is TRUE; FALSE after @timeout_ms. */
gboolean        vs_test_wait_for      (gboolean     (*check) (gpointer),
                                       gpointer       data,
                                       guint          timeout_ms);
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
