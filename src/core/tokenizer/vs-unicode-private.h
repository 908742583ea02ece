/* vs-unicode-private.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Unicode 16.0 character classes used by the tokenizer's hand-written pre-tokenizer. The
 * tables are generated (build-aux/gen-unicode-tables.mjs) because GLib 2.74 ships Unicode 15
 * and tiktoken's regexes use Unicode 16. Not a general Unicode API.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  VS_UCLASS_OTHER = 0, /* everything else, including unassigned code points */
  VS_UCLASS_LU = 1,    /* Uppercase_Letter */
  VS_UCLASS_LL = 2,    /* Lowercase_Letter */
  VS_UCLASS_LT = 3,    /* Titlecase_Letter */
  VS_UCLASS_LM = 4,    /* Modifier_Letter */
  VS_UCLASS_LO = 5,    /* Other_Letter */
  VS_UCLASS_M = 6,     /* Mark (Mn, Mc, Me) */
  VS_UCLASS_N = 7,     /* Number (Nd, Nl, No) */
  VS_UCLASS_WS = 8,    /* White_Space (the regex \s) */
} VsUnicodeClass;

#define VS_UCLASS_BIT(c) (1u << (c))
#define VS_UMASK_L                                                                       \
  (VS_UCLASS_BIT (VS_UCLASS_LU) | VS_UCLASS_BIT (VS_UCLASS_LL) | VS_UCLASS_BIT (VS_UCLASS_LT) \
   | VS_UCLASS_BIT (VS_UCLASS_LM) | VS_UCLASS_BIT (VS_UCLASS_LO))
#define VS_UMASK_N VS_UCLASS_BIT (VS_UCLASS_N)
#define VS_UMASK_WS VS_UCLASS_BIT (VS_UCLASS_WS)
/* o200k's [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] and [\p{Ll}\p{Lm}\p{Lo}\p{M}] */
#define VS_UMASK_UPPERISH                                                                \
  (VS_UCLASS_BIT (VS_UCLASS_LU) | VS_UCLASS_BIT (VS_UCLASS_LT) | VS_UCLASS_BIT (VS_UCLASS_LM) \
   | VS_UCLASS_BIT (VS_UCLASS_LO) | VS_UCLASS_BIT (VS_UCLASS_M))
#define VS_UMASK_LOWERISH                                                                \
  (VS_UCLASS_BIT (VS_UCLASS_LL) | VS_UCLASS_BIT (VS_UCLASS_LM) | VS_UCLASS_BIT (VS_UCLASS_LO) \
   | VS_UCLASS_BIT (VS_UCLASS_M))

extern const guint16 _vs_unicode_stage1[];
extern const guint8 _vs_unicode_stage2[];

static inline VsUnicodeClass
_vs_unicode_class (gunichar c)
{
  if (c >= 0x110000)
    return VS_UCLASS_OTHER;
  return (VsUnicodeClass) _vs_unicode_stage2[((guint) _vs_unicode_stage1[c >> 7] << 7) | (c & 127)];
}

G_END_DECLS
