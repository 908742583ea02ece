/* vs-tokenizer.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tiktoken-compatible BPE. Text is split into pieces by a hand-written matcher for each
 * encoding's pat_str (vs-tokenizer-pretok.c), then each piece becomes ids by rank-based
 * byte-pair merges: a whole-piece lookup first, tiktoken's array merge for short pieces, and
 * a heap over a linked list for long ones so a megabyte-long word stays O(n log n).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vs-error.h"
#include "vs-tokenizer.h"
#include "vs-tokenizer-private.h"
#include "vs-tokenizer-resources.h"

#define RANK_NONE G_MAXUINT32
/* Pieces up to this length use the simple merge; longer ones the heap merge (which is as
 * cheap from about 8 bytes on, measured with cachegrind on CJK and emoji text). */
#define SHORT_PIECE 8
#define MAX_TEXT ((gsize) 1 << 30)

/* One slot of the open-addressing table from token bytes to rank. The first (up to) 8
 * bytes live in the slot, so most lookups touch one cache line and never the blob. */
typedef struct
{
  guint64 key;        /* key_of() of the token's bytes */
  guint32 rank_plus1; /* 0 = empty slot */
  guint32 meta;       /* byte length | 24 bits of the hash << 8 */
} Slot;

typedef struct
{
  guint32 id;
  guint8 len;
  const guint8 *bytes;
} Special;

struct _VsTokenizer
{
  GObject parent_instance;

  VsEncoding encoding;
  VsPretokPattern pattern;
  GBytes *data;
  const guint8 *blob;
  guint32 n_ranks;
  guint32 *offsets; /* n_ranks + 1 */
  Slot *slots;
  guint32 mask;
  guint32 *pair_rank; /* 65536: rank of each two-byte string, or RANK_NONE */
  guint32 byte_rank[256];
  Special *specials;
  guint n_specials;
  guint n_vocab;
};

G_DEFINE_FINAL_TYPE (VsTokenizer, vs_tokenizer, G_TYPE_OBJECT)

static void
vs_tokenizer_finalize (GObject *object)
{
  VsTokenizer *self = VS_TOKENIZER (object);

  g_clear_pointer (&self->data, g_bytes_unref);
  g_clear_pointer (&self->offsets, g_free);
  g_clear_pointer (&self->slots, g_free);
  g_clear_pointer (&self->pair_rank, g_free);
  g_clear_pointer (&self->specials, g_free);

  G_OBJECT_CLASS (vs_tokenizer_parent_class)->finalize (object);
}

static void
vs_tokenizer_class_init (VsTokenizerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vs_tokenizer_finalize;
}

static void
vs_tokenizer_init (VsTokenizer *self)
{
}

/* ---- encodings and models ---------------------------------------------------------------- */

const char *
vs_encoding_to_string (VsEncoding encoding)
{
  switch (encoding)
    {
    case VS_ENCODING_O200K_BASE:
      return "o200k_base";
    case VS_ENCODING_CL100K_BASE:
      return "cl100k_base";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
vs_encoding_from_string (const char *name,
                         VsEncoding *out_encoding)
{
  g_return_val_if_fail (name != NULL, FALSE);

  if (g_str_equal (name, "o200k_base"))
    *out_encoding = VS_ENCODING_O200K_BASE;
  else if (g_str_equal (name, "cl100k_base"))
    *out_encoding = VS_ENCODING_CL100K_BASE;
  else
    return FALSE;
  return TRUE;
}

/* TRUE if @model is @family exactly or @family followed by '-', '_', ':' or '@'. */
static gboolean
model_is (const char *model,
          const char *family)
{
  gsize n = strlen (family);

  if (g_ascii_strncasecmp (model, family, n) != 0)
    return FALSE;
  return model[n] == '\0' || model[n] == '-' || model[n] == ':' || model[n] == '@'
         || model[n] == '_';
}

VsEncoding
vs_encoding_for_model (const char *model,
                       gboolean   *out_is_estimate)
{
  static const char *const o200k[] = {
    "gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4",
  };
  static const char *const cl100k[] = {
    "gpt-4", "gpt-3.5", "gpt-35-turbo", "text-embedding-ada-002",
    "text-embedding-3-small", "text-embedding-3-large", "davinci-002", "babbage-002",
  };
  const char *slash;

  if (out_is_estimate)
    *out_is_estimate = FALSE;
  if (model == NULL)
    goto unknown;

  /* "ft:gpt-4o-mini-2024-07-18:org::id" and "openai/gpt-4o" */
  if (g_str_has_prefix (model, "ft:"))
    model += 3;
  slash = strrchr (model, '/');
  if (slash != NULL)
    model = slash + 1;

  for (guint i = 0; i < G_N_ELEMENTS (o200k); i++)
    if (model_is (model, o200k[i]))
      return VS_ENCODING_O200K_BASE;
  for (guint i = 0; i < G_N_ELEMENTS (cl100k); i++)
    if (model_is (model, cl100k[i]))
      return VS_ENCODING_CL100K_BASE;

unknown:
  if (out_is_estimate)
    *out_is_estimate = TRUE;
  return VS_ENCODING_O200K_BASE;
}

/* ---- loading ----------------------------------------------------------------------------- */

/* An injective function of the first min(n, 8) bytes for a given n: overlapping loads
 * instead of a byte loop. */
static inline guint64
key_of (const guint8 *p,
        gsize         n)
{
  guint64 v;

  if (n >= 8)
    {
      memcpy (&v, p, 8);
      return v;
    }
  if (n >= 4)
    {
      guint32 a, b;

      memcpy (&a, p, 4);
      memcpy (&b, p + n - 4, 4);
      return ((guint64) b << 32) | a;
    }
  return ((guint64) p[0]) | ((guint64) p[n >> 1] << 8) | ((guint64) p[n - 1] << 16);
}

static inline guint64
hash_key (guint64       key,
          const guint8 *p,
          gsize         n)
{
  guint64 h = (key ^ ((guint64) n << 56)) * 0x9E3779B97F4A7C15ull;

  for (gsize i = 8; i + 8 <= n; i += 8)
    {
      guint64 v;

      memcpy (&v, p + i, 8);
      h = (h ^ v) * 0xff51afd7ed558ccdull;
      h ^= h >> 32;
    }
  if (n > 8 && n % 8 != 0)
    {
      guint64 v;

      memcpy (&v, p + n - 8, 8); /* the last 8 bytes, overlapping */
      h = (h ^ v) * 0xc4ceb9fe1a85ec53ull;
    }
  return h ^ (h >> 29);
}

static inline guint32
lookup_rank (const VsTokenizer *self,
             const guint8      *p,
             gsize              n)
{
  guint64 key, h;
  guint32 meta, i;

  if (G_UNLIKELY (n > 255))
    return RANK_NONE;
  if (n == 2)
    return self->pair_rank[((guint) p[0] << 8) | p[1]];
  if (n == 1)
    return self->byte_rank[p[0]];
  key = key_of (p, n);
  h = hash_key (key, p, n);
  meta = (guint32) n | ((guint32) (h >> 40) << 8);
  i = (guint32) h & self->mask;
  for (;;)
    {
      const Slot *slot = &self->slots[i];

      if (slot->rank_plus1 == 0)
        return RANK_NONE;
      if (slot->meta == meta && slot->key == key)
        {
          guint32 r = slot->rank_plus1 - 1;

          if (n <= 8 || memcmp (self->blob + self->offsets[r] + 8, p + 8, n - 8) == 0)
            return r;
        }
      i = (i + 1) & self->mask;
    }
}

static gboolean
load_failed (GError    **error,
             const char *what)
{
  g_set_error (error, VS_ERROR, VS_ERROR_CORRUPT,
               /* Translators: %s is a short technical English detail, e.g. "bad header". */
               _("The tokenizer data is damaged (%s); reinstall Versus"), what);
  return FALSE;
}

static guint32
read_u32 (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, 4);
  return GUINT32_FROM_LE (v);
}

static gboolean
load (VsTokenizer *self,
      GError     **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (self->data, &size);
  const guint8 *p, *end = data + size;
  guint32 n_special, blob_size, pattern;
  guint64 total = 0;
  guint32 capacity;

  if (size < 24 || memcmp (data, "VSTOKEN1", 8) != 0)
    return load_failed (error, "bad header");
  self->n_ranks = read_u32 (data + 8);
  n_special = read_u32 (data + 12);
  blob_size = read_u32 (data + 16);
  pattern = read_u32 (data + 20);
  if (pattern == 1)
    {
      self->pattern = VS_PRETOK_CL100K;
      self->encoding = VS_ENCODING_CL100K_BASE;
    }
  else if (pattern == 2)
    {
      self->pattern = VS_PRETOK_O200K;
      self->encoding = VS_ENCODING_O200K_BASE;
    }
  else
    return load_failed (error, "unknown pattern");
  if (self->n_ranks < 256 || self->n_ranks > (1u << 24) || n_special > 64)
    return load_failed (error, "bad counts");

  p = data + 24;
  if ((gsize) (end - p) < self->n_ranks)
    return load_failed (error, "truncated");
  self->offsets = g_new (guint32, self->n_ranks + 1);
  for (guint32 r = 0; r < self->n_ranks; r++)
    {
      self->offsets[r] = (guint32) total;
      if (p[r] == 0)
        return load_failed (error, "empty token");
      total += p[r];
    }
  self->offsets[self->n_ranks] = (guint32) total;
  if (total != blob_size)
    return load_failed (error, "bad blob size");
  p += self->n_ranks;

  self->n_vocab = self->n_ranks;
  self->specials = g_new0 (Special, MAX (n_special, 1));
  for (guint i = 0; i < n_special; i++)
    {
      Special *sp = &self->specials[i];

      if (end - p < 5)
        return load_failed (error, "truncated special tokens");
      sp->id = read_u32 (p);
      sp->len = p[4];
      sp->bytes = p + 5;
      p += 5;
      if (sp->len == 0 || (gsize) (end - p) < sp->len || sp->id < self->n_ranks
          || sp->id >= (1u << 24))
        return load_failed (error, "bad special token");
      p += sp->len;
      self->n_vocab = MAX (self->n_vocab, sp->id + 1);
    }
  self->n_specials = n_special;
  if ((gsize) (end - p) != blob_size)
    return load_failed (error, "bad blob");
  self->blob = p;

  capacity = 1;
  while (capacity < self->n_ranks * 2 + 2)
    capacity <<= 1;
  self->mask = capacity - 1;
  self->slots = g_new0 (Slot, capacity);
  for (guint32 r = 0; r < self->n_ranks; r++)
    {
      const guint8 *tok = self->blob + self->offsets[r];
      gsize n = self->offsets[r + 1] - self->offsets[r];
      guint64 key = key_of (tok, n);
      guint64 h = hash_key (key, tok, n);
      guint32 meta = (guint32) n | ((guint32) (h >> 40) << 8);
      guint32 i = (guint32) h & self->mask;

      while (self->slots[i].rank_plus1 != 0)
        {
          guint32 other = self->slots[i].rank_plus1 - 1;

          if (self->offsets[other + 1] - self->offsets[other] == n
              && memcmp (self->blob + self->offsets[other], tok, n) == 0)
            return load_failed (error, "duplicate token");
          i = (i + 1) & self->mask;
        }
      self->slots[i].key = key;
      self->slots[i].rank_plus1 = r + 1;
      self->slots[i].meta = meta;
    }
  /* Two-byte strings are the commonest lookup in merges: a direct table. The slots are
   * searched here before pair_rank exists, so lookup_rank's shortcut is not taken yet. */
  self->pair_rank = g_new (guint32, 65536);
  for (guint32 i = 0; i < 65536; i++)
    self->pair_rank[i] = RANK_NONE;
  for (guint32 r = 0; r < self->n_ranks; r++)
    if (self->offsets[r + 1] - self->offsets[r] == 2)
      {
        const guint8 *tok = self->blob + self->offsets[r];

        self->pair_rank[((guint) tok[0] << 8) | tok[1]] = r;
      }
  /* Byte-level BPE needs every single byte to be a token. */
  for (guint b = 0; b < 256; b++)
    self->byte_rank[b] = RANK_NONE;
  for (guint32 r = 0; r < self->n_ranks; r++)
    if (self->offsets[r + 1] - self->offsets[r] == 1)
      self->byte_rank[self->blob[self->offsets[r]]] = r;
  for (guint b = 0; b < 256; b++)
    if (self->byte_rank[b] == RANK_NONE)
      return load_failed (error, "missing byte token");
  return TRUE;
}

VsTokenizer *
vs_tokenizer_new_from_bytes (GBytes  *data,
                             GError **error)
{
  g_autoptr(VsTokenizer) self = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (VS_TYPE_TOKENIZER, NULL);
  self->data = g_bytes_ref (data);
  if (!load (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

VsTokenizer *
vs_tokenizer_get_for_encoding (VsEncoding encoding)
{
  static VsTokenizer *instances[2];
  static gsize once[2];
  guint idx = encoding == VS_ENCODING_CL100K_BASE ? 1 : 0;

  g_return_val_if_fail (encoding == VS_ENCODING_O200K_BASE
                        || encoding == VS_ENCODING_CL100K_BASE, NULL);

  if (g_once_init_enter (&once[idx]))
    {
      g_autofree char *path = g_strdup_printf ("/io/github/versuslab/Versus/tokenizers/%s.vstok",
                                               vs_encoding_to_string (encoding));
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = g_resource_lookup_data (vs_tokenizer_get_resource (), path,
                                                        G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      VsTokenizer *tok = NULL;

      if (bytes != NULL)
        tok = vs_tokenizer_new_from_bytes (bytes, &error);
      if (tok == NULL)
        g_error ("Cannot load the %s tokenizer: %s", vs_encoding_to_string (encoding),
                 error->message);
      instances[idx] = tok;
      g_once_init_leave (&once[idx], 1);
    }
  return instances[idx];
}

VsTokenizer *
vs_tokenizer_get_for_model (const char *model,
                            gboolean   *out_is_estimate)
{
  return vs_tokenizer_get_for_encoding (vs_encoding_for_model (model, out_is_estimate));
}

VsEncoding
vs_tokenizer_get_encoding (VsTokenizer *self)
{
  g_return_val_if_fail (VS_IS_TOKENIZER (self), VS_ENCODING_O200K_BASE);
  return self->encoding;
}

guint
vs_tokenizer_get_n_vocab (VsTokenizer *self)
{
  g_return_val_if_fail (VS_IS_TOKENIZER (self), 0);
  return self->n_vocab;
}

/* ---- byte-pair merge --------------------------------------------------------------------- */

typedef struct
{
  GArray *ids; /* NULL when only counting */
  gsize count;
} Sink;

static inline void
emit (Sink   *sink,
      guint32 id)
{
  sink->count++;
  if (sink->ids != NULL)
    g_array_append_val (sink->ids, id);
}

/* tiktoken's _byte_pair_merge: repeatedly merge the adjacent pair with the lowest rank,
 * leftmost first. O(n²) but fast for the short pieces that are nearly all of real text. */
static void
merge_short (const VsTokenizer *self,
             const guint8      *piece,
             gsize              n,
             Sink              *sink)
{
  guint32 start[SHORT_PIECE + 2];
  guint32 rank[SHORT_PIECE + 2];
  gsize n_parts = n + 1; /* boundaries 0..n */

  for (gsize i = 0; i + 1 < n; i++)
    {
      start[i] = (guint32) i;
      rank[i] = self->pair_rank[((guint) piece[i] << 8) | piece[i + 1]];
    }
  start[n - 1] = (guint32) (n - 1);
  rank[n - 1] = RANK_NONE;
  start[n] = (guint32) n;
  rank[n] = RANK_NONE;

  for (;;)
    {
      /* branch-free minimum of (rank, index): the lowest rank, leftmost on ties */
      guint64 best = G_MAXUINT64;
      gsize min_i;

      for (gsize i = 0; i + 1 < n_parts; i++)
        {
          guint64 v = ((guint64) rank[i] << 32) | i;

          best = v < best ? v : best;
        }
      if ((best >> 32) == RANK_NONE)
        break;
      min_i = (gsize) (guint32) best;

      /* remove boundary min_i + 1 */
      memmove (start + min_i + 1, start + min_i + 2, (n_parts - min_i - 2) * sizeof (guint32));
      memmove (rank + min_i + 1, rank + min_i + 2, (n_parts - min_i - 2) * sizeof (guint32));
      n_parts--;
      rank[min_i] = min_i + 2 < n_parts
                      ? lookup_rank (self, piece + start[min_i], start[min_i + 2] - start[min_i])
                      : RANK_NONE;
      if (min_i > 0)
        rank[min_i - 1] = lookup_rank (self, piece + start[min_i - 1],
                                       start[min_i + 1] - start[min_i - 1]);
    }

  for (gsize i = 0; i + 1 < n_parts; i++)
    emit (sink, lookup_rank (self, piece + start[i], start[i + 1] - start[i]));
}

/* Heap items pack (rank << 32 | start byte): the smallest is the lowest rank, and among
 * equal ranks the leftmost pair, which is tiktoken's order. */
static inline void
heap_push (guint64 *heap,
           gsize   *len,
           guint64  item)
{
  gsize i = (*len)++;

  while (i > 0)
    {
      gsize parent = (i - 1) / 2;

      if (heap[parent] <= item)
        break;
      heap[i] = heap[parent];
      i = parent;
    }
  heap[i] = item;
}

static inline guint64
heap_pop (guint64 *heap,
          gsize   *len)
{
  guint64 top = heap[0];
  guint64 last = heap[--(*len)];
  gsize n = *len, i = 0;

  for (;;)
    {
      gsize c = 2 * i + 1;

      if (c >= n)
        break;
      if (c + 1 < n && heap[c + 1] < heap[c])
        c++;
      if (last <= heap[c])
        break;
      heap[i] = heap[c];
      i = c;
    }
  if (n > 0)
    heap[i] = last;
  return top;
}

#define STACK_PIECE 1024

/* The same merge order as merge_short() — lowest rank, then leftmost — with a binary heap
 * and a doubly linked list of parts indexed by their start byte, so it is O(n log n).
 * Stale heap items are skipped by checking the part's current pair rank; a part's pair
 * only ever grows, so an old item can never look current. */
static void
merge_long (const VsTokenizer *self,
            const guint8      *piece,
            gsize              n,
            Sink              *sink)
{
  guint32 stack_links[3 * (STACK_PIECE + 1)];
  guint64 stack_heap[3 * STACK_PIECE];
  g_autofree guint32 *heap_links = NULL;
  g_autofree guint64 *heap_heap = NULL;
  guint32 *next, *prev, *pair;
  guint64 *heap;
  gsize heap_len = 0;

  /* every merge pushes at most two items: n initial + 2 n */
  if (n <= STACK_PIECE)
    {
      next = stack_links;
      heap = stack_heap;
    }
  else
    {
      next = heap_links = g_new (guint32, 3 * (n + 1));
      heap = heap_heap = g_new (guint64, 3 * n);
    }
  prev = next + (n + 1);
  pair = prev + (n + 1);

  for (gsize i = 0; i < n; i++)
    {
      next[i] = (guint32) (i + 1);
      prev[i] = (guint32) (i == 0 ? G_MAXUINT32 : i - 1);
    }
  next[n] = G_MAXUINT32;
  prev[n] = (guint32) (n - 1);
  for (gsize i = 0; i < n; i++)
    {
      pair[i] = i + 1 < n ? self->pair_rank[((guint) piece[i] << 8) | piece[i + 1]] : RANK_NONE;
      if (pair[i] != RANK_NONE)
        heap_push (heap, &heap_len, ((guint64) pair[i] << 32) | i);
    }

  while (heap_len > 0)
    {
      guint64 item = heap_pop (heap, &heap_len);
      guint32 i = (guint32) item, rank = (guint32) (item >> 32), j, k;

      /* A part that was merged away has next cut; a changed pair has a new rank. */
      if (next[i] == G_MAXUINT32 || pair[i] != rank)
        continue;
      j = next[i];
      k = next[j];
      next[i] = k;
      prev[k] = i;
      next[j] = G_MAXUINT32;
      pair[j] = RANK_NONE;
      pair[i] = next[k] != G_MAXUINT32 ? lookup_rank (self, piece + i, next[k] - i) : RANK_NONE;
      if (pair[i] != RANK_NONE)
        heap_push (heap, &heap_len, ((guint64) pair[i] << 32) | i);
      if (prev[i] != G_MAXUINT32)
        {
          guint32 h = prev[i];

          pair[h] = lookup_rank (self, piece + h, k - h);
          if (pair[h] != RANK_NONE)
            heap_push (heap, &heap_len, ((guint64) pair[h] << 32) | h);
        }
    }

  for (guint32 i = 0; i < n; i = next[i])
    emit (sink, lookup_rank (self, piece + i, next[i] - i));
}

static inline void
encode_piece (const VsTokenizer *self,
              const guint8      *piece,
              gsize              n,
              Sink              *sink)
{
  guint32 r;

  if (n <= 255)
    {
      r = lookup_rank (self, piece, n);
      if (r != RANK_NONE)
        {
          emit (sink, r);
          return;
        }
    }
  if (n <= SHORT_PIECE)
    merge_short (self, piece, n, sink);
  else
    merge_long (self, piece, n, sink);
}

static void
encode_ordinary (const VsTokenizer *self,
                 const guint8      *text,
                 gsize              n,
                 Sink              *sink)
{
  gsize pos = 0;

  while (pos < n)
    {
      gsize end = _vs_pretok_next (self->pattern, text, pos, n);

      encode_piece (self, text + pos, end - pos, sink);
      pos = end;
    }
}

/* Finds the leftmost special token in text[from, n); returns its index or -1. */
static int
find_special (const VsTokenizer *self,
              const guint8      *text,
              gsize              from,
              gsize              n,
              gsize             *out_pos)
{
  const guint8 *p = text + from, *end = text + n;

  while (p < end)
    {
      const guint8 *lt = memchr (p, '<', end - p);

      if (lt == NULL)
        return -1;
      for (guint i = 0; i < self->n_specials; i++)
        {
          const Special *sp = &self->specials[i];

          if ((gsize) (end - lt) >= sp->len && memcmp (lt, sp->bytes, sp->len) == 0)
            {
              *out_pos = lt - text;
              return (int) i;
            }
        }
      p = lt + 1;
    }
  return -1;
}

/* Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF) where, unlike
 * g_utf8_validate(), U+0000 is a character like any other. Returns the offset of the first
 * bad sequence, or @n. */
static gsize
utf8_first_invalid (const guint8 *s,
                    gsize         n)
{
  gsize i = 0;

  while (i < n)
    {
      guint8 b = s[i];

      if (b < 0x80)
        {
          /* skip ASCII eight bytes at a time */
          while (i + 8 <= n)
            {
              guint64 v;

              memcpy (&v, s + i, 8);
              if (v & 0x8080808080808080ull)
                break;
              i += 8;
            }
          while (i < n && s[i] < 0x80)
            i++;
          continue;
        }
      if (b >= 0xC2 && b <= 0xDF)
        {
          if (i + 1 >= n || (s[i + 1] & 0xC0) != 0x80)
            return i;
          i += 2;
        }
      else if (b >= 0xE0 && b <= 0xEF)
        {
          guint8 lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;

          if (i + 2 >= n || s[i + 1] < lo || s[i + 1] > hi || (s[i + 2] & 0xC0) != 0x80)
            return i;
          i += 3;
        }
      else if (b >= 0xF0 && b <= 0xF4)
        {
          guint8 lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;

          if (i + 3 >= n || s[i + 1] < lo || s[i + 1] > hi || (s[i + 2] & 0xC0) != 0x80
              || (s[i + 3] & 0xC0) != 0x80)
            return i;
          i += 4;
        }
      else
        return i;
    }
  return n;
}

gboolean
_vs_tokenizer_check_utf8 (const char *text,
                          gsize       length,
                          GError    **error)
{
  gsize bad = utf8_first_invalid ((const guint8 *) text, length);

  if (bad == length)
    return TRUE;
  g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
               /* Translators: %zu is a byte offset, %02X the offending byte in hexadecimal. */
               _("The text is not valid UTF-8: invalid byte sequence at byte offset %zu "
                 "(0x%02X)"), (size_t) bad, (guint) (guint8) text[bad]);
  return FALSE;
}

static gboolean
encode_into (VsTokenizer           *self,
             const char            *text,
             gssize                 length,
             VsTokenizerEncodeFlags flags,
             Sink                  *sink,
             GError               **error)
{
  gsize n = length < 0 ? strlen (text) : (gsize) length;
  const guint8 *t = (const guint8 *) text;
  gsize pos = 0;

  /* positions are 32-bit inside the merge; nobody counts tokens of a gigabyte at once */
  if (n > MAX_TEXT)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The text is too long to count tokens (%zu byte; the limit is "
                                "1 GiB): split it into parts",
                                "The text is too long to count tokens (%zu bytes; the limit is "
                                "1 GiB): split it into parts", n),
                   (size_t) n);
      return FALSE;
    }
  if (!_vs_tokenizer_check_utf8 (text, n, error))
    return FALSE;

  if (flags & VS_TOKENIZER_ENCODE_ALLOW_SPECIAL)
    {
      gsize at;
      int idx;

      while ((idx = find_special (self, t, pos, n, &at)) >= 0)
        {
          encode_ordinary (self, t + pos, at - pos, sink);
          emit (sink, self->specials[idx].id);
          pos = at + self->specials[idx].len;
        }
    }
  encode_ordinary (self, t + pos, n - pos, sink);
  return TRUE;
}

GArray *
vs_tokenizer_encode (VsTokenizer           *self,
                     const char            *text,
                     gssize                 length,
                     VsTokenizerEncodeFlags flags,
                     GError               **error)
{
  g_autoptr(GArray) ids = NULL;
  Sink sink = { NULL, 0 };

  g_return_val_if_fail (VS_IS_TOKENIZER (self), NULL);
  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    text = "";
  ids = g_array_sized_new (FALSE, FALSE, sizeof (guint32),
                           length > 0 ? (guint) MIN ((gsize) length / 3 + 16, G_MAXUINT / 2) : 16);
  sink.ids = ids;
  if (!encode_into (self, text, length, flags, &sink, error))
    return NULL;
  return g_steal_pointer (&ids);
}

gssize
vs_tokenizer_count (VsTokenizer           *self,
                    const char            *text,
                    gssize                 length,
                    VsTokenizerEncodeFlags flags,
                    GError               **error)
{
  Sink sink = { NULL, 0 };

  g_return_val_if_fail (VS_IS_TOKENIZER (self), -1);
  g_return_val_if_fail (text != NULL || length == 0, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (text == NULL)
    text = "";
  if (!encode_into (self, text, length, flags, &sink, error))
    return -1;
  return (gssize) sink.count;
}

GBytes *
vs_tokenizer_decode (VsTokenizer   *self,
                     const guint32 *ids,
                     gsize          n_ids,
                     GError       **error)
{
  g_autoptr(GByteArray) out = NULL;

  g_return_val_if_fail (VS_IS_TOKENIZER (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  out = g_byte_array_sized_new ((guint) MIN (n_ids * 4 + 1, G_MAXUINT / 2));
  for (gsize i = 0; i < n_ids; i++)
    {
      guint32 id = ids[i];
      gboolean found = FALSE;

      if (id < self->n_ranks)
        {
          g_byte_array_append (out, self->blob + self->offsets[id],
                               self->offsets[id + 1] - self->offsets[id]);
          continue;
        }
      for (guint s = 0; s < self->n_specials; s++)
        if (self->specials[s].id == id)
          {
            g_byte_array_append (out, self->specials[s].bytes, self->specials[s].len);
            found = TRUE;
            break;
          }
      if (!found)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                       /* Translators: %u is a token id, %zu its position in the list, %s the
                        * name of an encoding such as cl100k_base. */
                       _("Token id %u at position %zu is not in %s"), id, (size_t) i,
                       vs_encoding_to_string (self->encoding));
          return NULL;
        }
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

gssize
vs_tokenizer_count_chat (VsTokenizer *self,
                         JsonArray   *messages,
                         GError     **error)
{
  gsize total = 0;
  guint n;

  g_return_val_if_fail (VS_IS_TOKENIZER (self), -1);
  g_return_val_if_fail (messages != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  n = json_array_get_length (messages);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (messages, i);
      JsonObject *message;
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                       /* Translators: messages, role and content are JSON names, do not
                        * translate them; %u is a position in the list, counted from 0. */
                       _("messages[%u] is not an object; expected {\"role\": …, "
                         "\"content\": …}"), i);
          return -1;
        }
      message = json_node_get_object (node);
      total += 3;
      json_object_iter_init (&iter, message);
      while (json_object_iter_next (&iter, &key, &value))
        {
          gssize count;

          if (JSON_NODE_HOLDS_NULL (value))
            count = 0;
          else if (JSON_NODE_HOLDS_VALUE (value)
                   && json_node_get_value_type (value) == G_TYPE_STRING)
            count = vs_tokenizer_count (self, json_node_get_string (value), -1,
                                        VS_TOKENIZER_ENCODE_DEFAULT, error);
          else
            {
              g_autofree char *text = json_to_string (value, FALSE);

              count = vs_tokenizer_count (self, text, -1, VS_TOKENIZER_ENCODE_DEFAULT, error);
            }
          if (count < 0)
            {
              g_prefix_error (error, "messages[%u].%s: ", i, key);
              return -1;
            }
          total += (gsize) count;
          if (g_str_equal (key, "name"))
            total += 1;
        }
    }
  total += 3;
  return (gssize) total;
}
