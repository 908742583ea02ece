/* vs-response-cache-private.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The response cache's row as a piece of a write job, for producers that write many results
 * in one job (the batch ingest): the stored text of a response, made on the caller's thread,
 * and its insertion inside a job. Such entries are seen by lookups once committed. Private to
 * core and its tests.
 */
#pragma once

#include "vs-chat-response.h"
#include "vs-writer-private.h"

G_BEGIN_DECLS

/* The cache's JSON text of @response (no error, cached flag or retries). */
char     *_vs_response_cache_text         (VsChatResponse  *response);
/* Inside a writer job: inserts or replaces the entry @key. */
gboolean  _vs_response_cache_write_in_job (VsWriteContext  *ctx,
                                           const char      *key,
                                           const char      *text,
                                           const char      *now,
                                           GError         **error);

G_END_DECLS
