/* vs-response-cache.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project's response cache (`response_cache` table): successful chat responses keyed by
 * vs_chat_request_cache_key(), so a repeated request (an evaluation re-run) costs nothing.
 * VsRequestEngine reads and fills it; errors are never stored. Lookups run on the calling
 * thread's connection. Stores are queued on the project's writer (fire and forget, committed
 * within ~100 ms with the writer's batch) and are seen by lookups at once. Clearing waits for
 * the writer (a user's action in Preferences).
 */
#pragma once

#include <gio/gio.h>

#include "vs-chat-response.h"
#include "vs-project.h"

G_BEGIN_DECLS

/* The stored response for @key, or NULL (none, or unreadable). */
VsChatResponse  *vs_response_cache_lookup             (VsProject        *project,
                                                       const char       *key);
/* Queues @response under @key (replacing an older one); a failed response is skipped and
 * counts as success. FALSE only for a read-only project (no writer); a failure of the queued
 * write itself is logged at debug level. Main thread (or the thread whose context runs the
 * writer's completions). */
gboolean         vs_response_cache_store              (VsProject        *project,
                                                       const char       *key,
                                                       VsChatResponse   *response,
                                                       GError          **error);
gboolean         vs_response_cache_clear              (VsProject        *project,
                                                       GError          **error);
gint64           vs_response_cache_count              (VsProject        *project);

G_END_DECLS
