/* vs-tokenizer-pretok.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pre-tokenizers: hand-written equivalents of tiktoken's pat_str regexes for cl100k_base
 * and o200k_base, with the leftmost-first, greedy-with-backtracking semantics of the regex
 * engine worked out per alternative (no PCRE, no GRegex: those lack Unicode 16 and are slow).
 * Input is valid UTF-8; the character classes come from vs-unicode-tables.c.
 */
#include "config.h"

#include "vs-tokenizer-private.h"
#include "vs-unicode-private.h"

#define NONE ((gsize) -1)

/* Decodes the valid UTF-8 character at s[i]; returns its class, stores its length. */
static inline guint
class_at (const guint8 *s,
          gsize         i,
          guint        *len)
{
  guint8 b = s[i];
  gunichar c;

  if (b < 0x80)
    {
      *len = 1;
      return _vs_unicode_stage2[b]; /* block 0 of the table is U+0000…U+007F */
    }
  if (b < 0xE0)
    {
      *len = 2;
      c = ((gunichar) (b & 0x1F) << 6) | (s[i + 1] & 0x3F);
    }
  else if (b < 0xF0)
    {
      *len = 3;
      c = ((gunichar) (b & 0x0F) << 12) | ((gunichar) (s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
    }
  else
    {
      *len = 4;
      c = ((gunichar) (b & 0x07) << 18) | ((gunichar) (s[i + 1] & 0x3F) << 12)
          | ((gunichar) (s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
    }
  return _vs_unicode_class (c);
}

#define IN(cls, mask) ((VS_UCLASS_BIT (cls) & (mask)) != 0)

/* [^\r\n\p{L}\p{N}] */
static inline gboolean
is_prefix (const guint8 *s,
           gsize         i,
           guint         cls)
{
  return !IN (cls, VS_UMASK_L | VS_UMASK_N) && s[i] != '\r' && s[i] != '\n';
}

/* [^\s\p{L}\p{N}] */
#define IS_PUNCT(cls) (!IN (cls, VS_UMASK_L | VS_UMASK_N | VS_UMASK_WS))

/* (?i:'s|'t|'re|'ve|'m|'ll|'d) at @i: the end of the contraction, or NONE. Case-insensitive
 * matching follows Unicode simple case folding, so 's also matches 'S and 'ſ (U+017F). */
static inline gsize
contraction (const guint8 *s,
             gsize         i,
             gsize         n)
{
  guint8 c, d;

  if (i + 1 >= n || s[i] != '\'')
    return NONE;
  c = s[i + 1] | 0x20;
  switch (s[i + 1])
    {
    case 's': case 'S': case 't': case 'T': case 'm': case 'M': case 'd': case 'D':
      return i + 2;
    case 0xC5:
      return i + 2 < n && s[i + 2] == 0xBF ? i + 3 : NONE;
    case 'r': case 'R': case 'v': case 'V': case 'l': case 'L':
      if (i + 2 >= n)
        return NONE;
      d = s[i + 2] | 0x20;
      if ((c == 'r' || c == 'v') && d == 'e')
        return i + 3;
      if (c == 'l' && d == 'l')
        return i + 3;
      return NONE;
    default:
      return NONE;
    }
}

static inline gsize
scan_mask (const guint8 *s,
           gsize         i,
           gsize         n,
           guint32       mask)
{
  while (i < n)
    {
      guint len;
      guint cls = class_at (s, i, &len);

      if (!IN (cls, mask))
        break;
      i += len;
    }
  return i;
}

/* \p{N}{1,3} at i, where s[i] is a number */
static inline gsize
digits (const guint8 *s,
        gsize         i,
        gsize         n)
{
  for (guint k = 0; k < 3 && i < n; k++)
    {
      guint len;

      if (class_at (s, i, &len) != VS_UCLASS_N)
        break;
      i += len;
    }
  return i;
}

/* ` ?[^\s\p{L}\p{N}]+[\r\n]*` (with '/' in the tail for o200k), given that it matches at i
 * starting with the punctuation at @j (j = i or i + 1 after the space). */
static inline gsize
punct_run (const guint8 *s,
           gsize         j,
           gsize         n,
           gboolean      slash)
{
  while (j < n)
    {
      guint len;
      guint cls = class_at (s, j, &len);

      if (!IS_PUNCT (cls))
        break;
      j += len;
    }
  while (j < n && (s[j] == '\r' || s[j] == '\n' || (slash && s[j] == '/')))
    j++;
  return j;
}

/* The whitespace alternatives `\s*[\r\n]+|\s+(?!\S)|\s+` at i, where s[i] is whitespace. */
static inline gsize
whitespace (const guint8 *s,
            gsize         i,
            gsize         n)
{
  gsize j = i, last_start = i, after_newline = NONE;

  while (j < n)
    {
      guint len;

      if (s[j] == '\r' || s[j] == '\n')
        {
          after_newline = j + 1;
          last_start = j;
          j++;
          continue;
        }
      if (class_at (s, j, &len) != VS_UCLASS_WS)
        break;
      last_start = j;
      j += len;
    }
  /* \s*[\r\n]+ : backtracks to the last newline of the run */
  if (after_newline != NONE)
    return after_newline;
  /* \s+(?!\S) : the whole run at the end of the text, else all but its last character */
  if (j == n)
    return j;
  if (last_start > i)
    return last_start;
  /* \s+ */
  return j;
}

/* o200k: [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+ at i. The greedy first
 * class backs off until the second can match one character; returns the end or NONE. */
static inline gsize
o200k_upper_lower (const guint8 *s,
                   gsize         i,
                   gsize         n)
{
  gsize j = i, last_lower = NONE, k;

  while (j < n)
    {
      guint len;
      guint cls = class_at (s, j, &len);

      if (!IN (cls, VS_UMASK_UPPERISH))
        {
          if (cls == VS_UCLASS_LL)
            return scan_mask (s, j + len, n, VS_UMASK_LOWERISH);
          break;
        }
      if (IN (cls, VS_UMASK_LOWERISH))
        last_lower = j;
      j += len;
    }
  if (last_lower == NONE)
    return NONE;
  k = last_lower;
  return scan_mask (s, k, n, VS_UMASK_LOWERISH);
}

static inline gsize
with_contraction (const guint8 *s,
                  gsize         end,
                  gsize         n)
{
  gsize c = contraction (s, end, n);

  return c != NONE ? c : end;
}

static gsize
next_o200k (const guint8 *s,
            gsize         i,
            gsize         n)
{
  guint len0, len1 = 0;
  guint cls0 = class_at (s, i, &len0);
  gboolean prefix = is_prefix (s, i, cls0);
  guint cls1 = i + len0 < n ? class_at (s, i + len0, &len1) : VS_UCLASS_OTHER;
  gsize end;

  /* [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:…)? */
  if (prefix && i + len0 < n && IN (cls1, VS_UMASK_UPPERISH | VS_UMASK_LOWERISH))
    {
      end = o200k_upper_lower (s, i + len0, n);
      if (end != NONE)
        return with_contraction (s, end, n);
    }
  if (IN (cls0, VS_UMASK_UPPERISH | VS_UMASK_LOWERISH))
    {
      end = o200k_upper_lower (s, i, n);
      if (end != NONE)
        return with_contraction (s, end, n);
    }
  /* [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:…)? */
  if (prefix && i + len0 < n && IN (cls1, VS_UMASK_UPPERISH))
    {
      end = scan_mask (s, i + len0, n, VS_UMASK_UPPERISH);
      end = scan_mask (s, end, n, VS_UMASK_LOWERISH);
      return with_contraction (s, end, n);
    }
  if (IN (cls0, VS_UMASK_UPPERISH))
    {
      end = scan_mask (s, i, n, VS_UMASK_UPPERISH);
      end = scan_mask (s, end, n, VS_UMASK_LOWERISH);
      return with_contraction (s, end, n);
    }
  /* \p{N}{1,3} */
  if (cls0 == VS_UCLASS_N)
    return digits (s, i, n);
  /* ` ?[^\s\p{L}\p{N}]+[\r\n/]*` */
  if (s[i] == ' ' && i + 1 < n && IS_PUNCT (cls1))
    return punct_run (s, i + 1, n, TRUE);
  if (IS_PUNCT (cls0))
    return punct_run (s, i, n, TRUE);
  /* what is left is whitespace */
  return whitespace (s, i, n);
}

static gsize
next_cl100k (const guint8 *s,
             gsize         i,
             gsize         n)
{
  guint len0, len1 = 0;
  guint cls0, cls1;
  gsize end;

  /* (?i:'s|'t|'re|'ve|'m|'ll|'d) */
  if (s[i] == '\'')
    {
      end = contraction (s, i, n);
      if (end != NONE)
        return end;
    }
  cls0 = class_at (s, i, &len0);
  cls1 = i + len0 < n ? class_at (s, i + len0, &len1) : VS_UCLASS_OTHER;
  /* [^\r\n\p{L}\p{N}]?\p{L}+ */
  if (i + len0 < n && IN (cls1, VS_UMASK_L) && is_prefix (s, i, cls0))
    return scan_mask (s, i + len0 + len1, n, VS_UMASK_L);
  if (IN (cls0, VS_UMASK_L))
    return scan_mask (s, i + len0, n, VS_UMASK_L);
  /* \p{N}{1,3} */
  if (cls0 == VS_UCLASS_N)
    return digits (s, i, n);
  /* ` ?[^\s\p{L}\p{N}]+[\r\n]*` */
  if (s[i] == ' ' && i + 1 < n && IS_PUNCT (cls1))
    return punct_run (s, i + 1, n, FALSE);
  if (IS_PUNCT (cls0))
    return punct_run (s, i, n, FALSE);
  return whitespace (s, i, n);
}

gsize
_vs_pretok_next (VsPretokPattern pattern,
                 const guint8   *text,
                 gsize           pos,
                 gsize           n)
{
  g_assert (pos < n);

  if (pattern == VS_PRETOK_O200K)
    return next_o200k (text, pos, n);
  return next_cl100k (text, pos, n);
}
