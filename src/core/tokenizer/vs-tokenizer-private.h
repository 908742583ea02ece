/* vs-tokenizer-private.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internals of the tokenizer shared between its files: the hand-written pre-tokenizers that
 * stand in for tiktoken's pat_str regexes, and the UTF-8 check with a byte offset.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  VS_PRETOK_CL100K,
  VS_PRETOK_O200K,
} VsPretokPattern;

/* Returns the end of the piece that tiktoken's regex for @pattern matches at @pos in the
 * valid UTF-8 @text of @n bytes (pos < n; the result is > pos). */
gsize    _vs_pretok_next          (VsPretokPattern  pattern,
                                   const guint8    *text,
                                   gsize            pos,
                                   gsize            n);
/* FALSE with VS_ERROR_INVALID naming the byte offset of the first bad sequence. */
gboolean _vs_tokenizer_check_utf8 (const char      *text,
                                   gsize            length,
                                   GError         **error);

G_END_DECLS
