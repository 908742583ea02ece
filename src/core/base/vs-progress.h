/* vs-progress.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The progress relay every long job uses (imports, validation, dedup, runs, uploads): a
 * worker reports as often as it likes; the caller's callback runs on the caller's main
 * context at most once per interval (100 ms by default), and the last figures are always
 * delivered when the job finishes. The callback's data is released on that context too.
 * Reporting is thread-safe; a relay is used by one job at a time.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VsProgressRelay VsProgressRelay;

/* @done of @total units (total -1 when unknown), and @items finished (records, requests…). */
typedef void (*VsProgressFunc) (gint64   done,
                                gint64   total,
                                gint64   items,
                                gpointer user_data);

#define VS_PROGRESS_INTERVAL_MS 100

/* Takes the caller's thread-default main context. @func may be NULL (then reports are
 * dropped and @notify runs at once). */
VsProgressRelay *vs_progress_relay_new     (VsProgressFunc   func,
                                            gpointer         user_data,
                                            GDestroyNotify   notify);
/* For synchronous callers (the CLI): every report calls @func at once on the reporting
 * thread, unthrottled; @notify runs with the last reference. */
VsProgressRelay *vs_progress_relay_new_direct (VsProgressFunc   func,
                                               gpointer         user_data,
                                               GDestroyNotify   notify);
VsProgressRelay *vs_progress_relay_ref     (VsProgressRelay *self);
/* The last reference releases the callback's data on the caller's context. */
void             vs_progress_relay_unref   (VsProgressRelay *self);
void             vs_progress_relay_set_interval (VsProgressRelay *self,
                                                 guint            msec);
/* From any thread. Throttled: a report inside the interval is held back. */
void             vs_progress_relay_report  (VsProgressRelay *self,
                                            gint64           done,
                                            gint64           total,
                                            gint64           items);
/* Sends the report held back, if any: call once when the job ends. */
void             vs_progress_relay_finish  (VsProgressRelay *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsProgressRelay, vs_progress_relay_unref)

G_END_DECLS
