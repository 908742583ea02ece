/* vs-tokenizer.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exact token counts: a byte-level BPE tokenizer that produces the same ids as tiktoken for
 * o200k_base and cl100k_base, the model → encoding table, and the cookbook's chat-format
 * count. A VsTokenizer is immutable after loading and safe to use from any thread; the
 * shared instances come from vs_tokenizer_get_for_encoding() and are never freed.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  VS_ENCODING_O200K_BASE,  /* gpt-4o, gpt-4.1, o1/o3/o4 — the default */
  VS_ENCODING_CL100K_BASE, /* gpt-4, gpt-3.5-turbo, text-embedding-3 */
} VsEncoding;

typedef enum
{
  VS_TOKENIZER_ENCODE_DEFAULT = 0,            /* encode_ordinary: "<|endoftext|>" is text */
  VS_TOKENIZER_ENCODE_ALLOW_SPECIAL = 1 << 0, /* special-token strings become their ids */
} VsTokenizerEncodeFlags;

#define VS_TYPE_TOKENIZER (vs_tokenizer_get_type ())
G_DECLARE_FINAL_TYPE (VsTokenizer, vs_tokenizer, VS, TOKENIZER, GObject)

/* "o200k_base" / "cl100k_base" */
const char  *vs_encoding_to_string          (VsEncoding              encoding);
gboolean     vs_encoding_from_string        (const char             *name,
                                             VsEncoding             *out_encoding);
/* gpt-4o…, gpt-4.1…, gpt-5…, o1…, o3…, o4… → o200k_base;
 * gpt-4…, gpt-3.5…, text-embedding-3…, text-embedding-ada-002 → cl100k_base;
 * anything else → o200k_base with *out_is_estimate set to TRUE (the count is then only an
 * estimate for that model). A provider prefix such as "openai/" or a fine-tune id
 * "ft:gpt-4o-mini:…" is understood. */
VsEncoding   vs_encoding_for_model          (const char             *model,
                                             gboolean               *out_is_estimate);

/* The shared, lazily loaded tokenizer for @encoding (transfer none, never NULL: the data is
 * compiled in). Thread-safe. */
VsTokenizer *vs_tokenizer_get_for_encoding  (VsEncoding              encoding);
VsTokenizer *vs_tokenizer_get_for_model     (const char             *model,
                                             gboolean               *out_is_estimate);
/* Loads a tokenizer from data in the format written by build-aux/gen-tokenizer-data.mjs. */
VsTokenizer *vs_tokenizer_new_from_bytes    (GBytes                 *data,
                                             GError                **error);

VsEncoding   vs_tokenizer_get_encoding      (VsTokenizer            *self);
/* Number of ids, ordinary and special, i.e. the largest id + 1. */
guint        vs_tokenizer_get_n_vocab       (VsTokenizer            *self);

/* Encodes UTF-8 @text (@length bytes, or -1 for NUL-terminated) into an array of guint32
 * token ids. Text that is not valid UTF-8 fails with VS_ERROR_INVALID naming the byte
 * offset of the first bad sequence. */
GArray      *vs_tokenizer_encode            (VsTokenizer            *self,
                                             const char             *text,
                                             gssize                  length,
                                             VsTokenizerEncodeFlags  flags,
                                             GError                **error);
/* The number of tokens vs_tokenizer_encode() would return, or -1 with @error set. */
gssize       vs_tokenizer_count             (VsTokenizer            *self,
                                             const char             *text,
                                             gssize                  length,
                                             VsTokenizerEncodeFlags  flags,
                                             GError                **error);
/* The bytes of @ids concatenated (not necessarily valid UTF-8 when a multi-byte character
 * is split between ids that are not all there). An unknown id fails with VS_ERROR_INVALID. */
GBytes      *vs_tokenizer_decode            (VsTokenizer            *self,
                                             const guint32          *ids,
                                             gsize                   n_ids,
                                             GError                **error);

/* The OpenAI cookbook's count for a chat example: for each message (a JSON object) 3 tokens
 * plus the tokens of every member's value (role, content, name, …) plus 1 if it has a
 * "name"; then 3 for priming the reply. String values are encoded as they are; null counts
 * nothing; other values (content parts, tool calls) are counted as their compact JSON text,
 * which is an estimate. Fails if an element is not an object or a string is not UTF-8. */
gssize       vs_tokenizer_count_chat        (VsTokenizer            *self,
                                             JsonArray              *messages,
                                             GError                **error);

G_END_DECLS
