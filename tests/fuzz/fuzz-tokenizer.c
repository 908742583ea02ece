/* fuzz-tokenizer.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any bytes through the tokenizer: invalid UTF-8 is refused with an error, valid UTF-8 (the
 * input itself, or the input turned into code points) never crashes, count agrees with
 * encode, and decode(encode(s)) == s in both encodings, with and without special tokens.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "vs-tokenizer.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
round_trip (VsTokenizer           *tok,
            const char            *text,
            gsize                  len,
            VsTokenizerEncodeFlags flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = vs_tokenizer_encode (tok, len ? text : "", (gssize) len, flags, &error);
  g_autoptr(GBytes) back = NULL;

  if (ids == NULL)
    {
      g_assert_nonnull (error);
      g_assert_false (g_utf8_validate_len (text, len, NULL) && memchr (text, 0, len) == NULL);
      return;
    }
  g_assert_cmpint (vs_tokenizer_count (tok, len ? text : "", (gssize) len, flags, NULL), ==,
                   ids->len);
  g_assert_cmpuint (ids->len, <=, len);
  back = vs_tokenizer_decode (tok, (const guint32 *) (gpointer) ids->data, ids->len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (back, NULL), g_bytes_get_size (back), text, len);
}

/* Maps each pair of input bytes to a code point, biased towards the interesting ranges:
 * ASCII, Latin, combining marks, CJK, and the supplementary planes. */
static char *
to_utf8 (const guint8 *data,
         gsize         size,
         gsize        *out_len)
{
  GString *s = g_string_sized_new (size * 2);

  for (gsize i = 0; i + 1 < size; i += 2)
    {
      guint v = ((guint) data[i] << 8) | data[i + 1];
      gunichar c;

      switch (data[i] >> 5)
        {
        case 0:
        case 1:
          c = data[i + 1] & 0x7F; /* ASCII */
          break;
        case 2:
          c = 0x80 + (v & 0x7FF); /* Latin, Greek, Cyrillic, marks */
          break;
        case 3:
          c = 0x2000 + (v & 0x1FFF); /* punctuation, symbols, CJK punctuation */
          break;
        case 4:
          c = 0x4E00 + (v & 0x1FFF); /* CJK */
          break;
        case 5:
          c = 0x1F300 + (v & 0x3FF); /* emoji */
          break;
        default:
          c = (v * 17u) % 0x110000; /* anything */
          break;
        }
      if (c >= 0xD800 && c <= 0xDFFF)
        c = 0xFFFD;
      g_string_append_unichar (s, c);
    }
  *out_len = s->len;
  return g_string_free (s, FALSE);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  gsize len;

  if (size > 1 << 16)
    return 0;

  for (int e = 0; e < 2; e++)
    {
      VsTokenizer *tok = vs_tokenizer_get_for_encoding ((VsEncoding) e);

      round_trip (tok, (const char *) data, size, VS_TOKENIZER_ENCODE_DEFAULT);
      round_trip (tok, (const char *) data, size, VS_TOKENIZER_ENCODE_ALLOW_SPECIAL);
    }

  text = to_utf8 (data, size, &len);
  for (int e = 0; e < 2; e++)
    {
      VsTokenizer *tok = vs_tokenizer_get_for_encoding ((VsEncoding) e);

      round_trip (tok, text, len, VS_TOKENIZER_ENCODE_DEFAULT);
      round_trip (tok, text, len, VS_TOKENIZER_ENCODE_ALLOW_SPECIAL);
    }
  return 0;
}
