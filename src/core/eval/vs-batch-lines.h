/* vs-batch-lines.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run's trials as batch request lines: the OpenAI batch input format (one JSON object a
 * line: custom_id, method, url, body = the complete chat request), which OpenAI-shaped batch
 * APIs, Mistral and vLLM's `run-batch` all read. Every trial without a result becomes a line;
 * the bodies are built exactly as the online runner builds its requests (the contender's
 * template version, few-shot examples and parameters; the repeat's sample index), and the
 * response cache is never read — a batch answers every trial it carries.
 *
 * Files are written one contender (so one model) at a time and split at the provider's
 * limits. Threading: any one thread that owns the project (it reads the project's main
 * connection); the files are written with plain GIO.
 */
#pragma once

#include <gio/gio.h>

#include "vs-project.h"

G_BEGIN_DECLS

/* "versus-<run_id>-<contender_id>-<case_ordinal>-<sample_index>"; stable, so resubmitting
 * never duplicates a trial. */
char    *vs_batch_custom_id       (gint64       run_id,
                                   gint64       contender_id,
                                   gint64       case_ordinal,
                                   gint64       sample_index);
/* TRUE when @custom_id has exactly that shape (every number ≥ 0 except the ids, which are
 * > 0); the out parameters may be NULL. */
gboolean vs_batch_custom_id_parse (const char  *custom_id,
                                   gint64      *run_id,
                                   gint64      *contender_id,
                                   gint64      *case_ordinal,
                                   gint64      *sample_index);

/* The endpoint every line asks for. */
#define VS_BATCH_URL "/v1/chat/completions"

/* OpenAI's limits per input file. */
#define VS_BATCH_MAX_LINES 50000
#define VS_BATCH_MAX_BYTES (200 * 1024 * 1024)

typedef struct
{
  char   *path;          /* the file written */
  gint64  contender_id;
  char   *contender;     /* its name */
  char   *model;         /* one model per file */
  gint64  n_lines;
  guint64 n_bytes;
} VsBatchFile;

void vs_batch_file_free (VsBatchFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsBatchFile, vs_batch_file_free)

/* Writes one OpenAI batch input line (custom_id, method, url, body = a complete chat request
 * including "model") for every trial of @run_id that has no result (and, with
 * @include_errors, every error trial), contender by contender, into @dir:
 * "<contender name>.jsonl", then "<name>-2.jsonl"… when @max_lines / @max_bytes is reached
 * (0 = the defaults above). @contender_id > 0 limits it to one contender. Files an earlier,
 * larger export left in @dir for a contender written now ("<name>-N.jsonl" beyond the files
 * written this time; "<name>.jsonl" too when none was) are removed; nothing else in @dir is
 * touched. Never reads the response cache. Returns VsBatchFile (element type); an empty
 * array when nothing is left.
 * Errors: VS_ERROR_NOT_FOUND for an unknown run, VS_ERROR_INVALID when a case cannot be
 * rendered (the case named), VS_ERROR_IO / G_IO_ERROR when a file cannot be written. */
GPtrArray *vs_batch_write_files (VsProject    *project,
                                 gint64        run_id,
                                 gint64        contender_id,
                                 gboolean      include_errors,
                                 const char   *dir,
                                 gint64        max_lines,
                                 guint64       max_bytes,
                                 GCancellable *cancellable,
                                 GError      **error);

G_END_DECLS
