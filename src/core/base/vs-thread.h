/* vs-thread.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Background threads (the writer, an import's reader, a list's page fetcher) run at a lower
 * scheduling priority than the thread that draws the window, so that on a machine with few
 * cores a big import slows itself, never the window. Linux sets it per thread; elsewhere these
 * do nothing.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VS_THREAD_BACKGROUND_NICE 5

/* Lowers the calling thread's priority by @nice steps; returns the previous niceness so a
 * pooled thread (GTask's) can give it back with vs_thread_set_nice(). */
int   vs_thread_lower_priority (int nice);
void  vs_thread_set_nice       (int nice);

G_END_DECLS
