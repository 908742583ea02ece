/* vs-run-pane.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The prompt editor's "Run output" tab: sends one chat request through the request engine,
 * streams the reply into a text view, and shows tokens, latency and tokens per second — or,
 * when there is no endpoint or it cannot be reached, says so with a way forward. It does not
 * render templates: the editor hands it a ready VsChatRequest.
 */
#pragma once

#include <adwaita.h>

#include "vs-chat-request.h"
#include "vs-chat-response.h"
#include "vs-endpoint.h"
#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_RUN_PANE (vs_run_pane_get_type ())
G_DECLARE_FINAL_TYPE (VsRunPane, vs_run_pane, VS, RUN_PANE, GtkWidget)

/* Properties: "running" (gboolean, notify). Signal "finished" () when a run ends in any way. */
GtkWidget      *vs_run_pane_new          (void);
/* Looks up the endpoint's key, then streams @request; a run in progress is stopped first.
 * @label says what the run comes from ("model · endpoint · version"); a finished (or stopped)
 * run goes into the history set last. */
void            vs_run_pane_run          (VsRunPane     *self,
                                          VsProject     *project,
                                          VsEndpoint    *endpoint,
                                          VsChatRequest *request,
                                          const char    *label);
/* A template's runs, newest first (an opaque array made by vs_run_pane_history_new(), which
 * the pane adds to): shows the newest, or the empty state; stops a run in progress. */
GPtrArray      *vs_run_pane_history_new  (void);
void            vs_run_pane_set_history  (VsRunPane     *self,
                                          GPtrArray     *history);
guint           vs_run_pane_get_n_runs   (VsRunPane     *self);
/* What the run shown came from (NULL when none is shown). */
const char     *vs_run_pane_get_label    (VsRunPane     *self);
void            vs_run_pane_stop         (VsRunPane     *self);
gboolean        vs_run_pane_get_running  (VsRunPane     *self);
/* A problem that keeps the run from starting: @icon_name (NULL: a generic one), @title,
 * @description and a button that activates @action_name (NULL: no button). */
void            vs_run_pane_show_problem (VsRunPane     *self,
                                          const char    *icon_name,
                                          const char    *title,
                                          const char    *description,
                                          const char    *button_label,
                                          const char    *action_name);
/* For tests and copy: the reply so far, the last response (NULL before one finished), the
 * statistics line, and the problem title shown (NULL when none). */
char           *vs_run_pane_dup_output   (VsRunPane     *self);
VsChatResponse *vs_run_pane_get_response (VsRunPane     *self);
const char     *vs_run_pane_get_stats    (VsRunPane     *self);
const char     *vs_run_pane_get_problem  (VsRunPane     *self);

G_END_DECLS
