/* vs-dataset-split.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Splits by a seeded shuffle cut by largest-remainder sizes, per label when stratified;
 * exact dedup by a 128-bit hash of the normalised text, near dedup by MinHash + LSH. Splits
 * use only integer arithmetic and the vs-stats generator, so a seed gives the same split
 * everywhere.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "vs-dataset-split.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-stats.h"

const char *
vs_dataset_split_part_to_string (VsDatasetSplitPart part)
{
  switch (part)
    {
    case VS_SPLIT_PART_TRAIN:
      return "train";
    case VS_SPLIT_PART_VALIDATION:
      return "validation";
    case VS_SPLIT_PART_TEST:
      return "test";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
vs_dataset_split_check_percentages (const guint  percent[VS_DATASET_SPLIT_N_PARTS],
                                    GError     **error)
{
  guint64 sum = 0;

  for (guint i = 0; i < VS_DATASET_SPLIT_N_PARTS; i++)
    sum += percent[i];
  if (sum != 100)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   _("The split sizes add up to %" G_GUINT64_FORMAT "%%; train, validation and "
                     "test must add up to 100%%."), sum);
      return FALSE;
    }
  return TRUE;
}

void
vs_dataset_split_sizes (gsize        n,
                        const guint  percent[VS_DATASET_SPLIT_N_PARTS],
                        gsize        sizes[VS_DATASET_SPLIT_N_PARTS])
{
  guint remainder[VS_DATASET_SPLIT_N_PARTS];
  gboolean given[VS_DATASET_SPLIT_N_PARTS] = { FALSE, };
  gsize total = 0;

  for (guint i = 0; i < VS_DATASET_SPLIT_N_PARTS; i++)
    {
      /* n·p may not fit for huge n: split n into 100s and the rest. */
      sizes[i] = (n / 100) * percent[i] + ((n % 100) * percent[i]) / 100;
      remainder[i] = ((n % 100) * percent[i]) % 100;
      total += sizes[i];
    }
  while (total < n)
    {
      int best = -1;

      for (guint i = 0; i < VS_DATASET_SPLIT_N_PARTS; i++)
        if (!given[i] && (best < 0 || remainder[i] > remainder[best]))
          best = i;
      if (best < 0)
        break; /* percentages not adding up to 100; callers check first */
      given[best] = TRUE;
      sizes[best]++;
      total++;
    }
}

static void
shuffle_and_cut (gsize       *items,
                 gsize        n,
                 const guint  percent[VS_DATASET_SPLIT_N_PARTS],
                 VsStatsRng  *rng,
                 guint8      *parts)
{
  gsize sizes[VS_DATASET_SPLIT_N_PARTS];
  gsize k = 0;

  for (gsize i = n; i > 1; i--)
    {
      gsize j = vs_stats_rng_below (rng, i);
      gsize tmp = items[i - 1];

      items[i - 1] = items[j];
      items[j] = tmp;
    }
  vs_dataset_split_sizes (n, percent, sizes);
  for (guint p = 0; p < VS_DATASET_SPLIT_N_PARTS; p++)
    for (gsize c = 0; c < sizes[p] && k < n; c++)
      parts[items[k++]] = p;
  for (; k < n; k++)
    parts[items[k]] = VS_SPLIT_PART_TEST;
}

guint8 *
vs_dataset_split_assign (gsize               n,
                         const guint         percent[VS_DATASET_SPLIT_N_PARTS],
                         guint64             seed,
                         const char * const *labels)
{
  guint8 *parts = g_new0 (guint8, MAX (n, 1));
  g_autofree gsize *items = g_new (gsize, MAX (n, 1));
  VsStatsRng rng;

  vs_stats_rng_init (&rng, seed);
  if (labels == NULL)
    {
      for (gsize i = 0; i < n; i++)
        items[i] = i;
      shuffle_and_cut (items, n, percent, &rng, parts);
      return parts;
    }

  {
    /* Group the items by label, groups in first-seen order, items in source order. */
    g_autoptr(GHashTable) group_of = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GArray) group_sizes = g_array_new (FALSE, TRUE, sizeof (gsize));
    g_autofree guint *group = g_new (guint, MAX (n, 1));
    g_autofree gsize *start = NULL;
    g_autofree gsize *fill = NULL;
    int null_group = -1;

    for (gsize i = 0; i < n; i++)
      {
        gpointer value;
        guint g;

        if (labels[i] == NULL)
          {
            if (null_group < 0)
              {
                null_group = group_sizes->len;
                g_array_set_size (group_sizes, group_sizes->len + 1);
              }
            g = null_group;
          }
        else if (g_hash_table_lookup_extended (group_of, labels[i], NULL, &value))
          g = GPOINTER_TO_UINT (value);
        else
          {
            g = group_sizes->len;
            g_hash_table_insert (group_of, (gpointer) labels[i], GUINT_TO_POINTER (g));
            g_array_set_size (group_sizes, group_sizes->len + 1);
          }
        group[i] = g;
        g_array_index (group_sizes, gsize, g)++;
      }

    start = g_new0 (gsize, group_sizes->len + 1);
    fill = g_new0 (gsize, group_sizes->len + 1);
    for (guint g = 0; g < group_sizes->len; g++)
      start[g + 1] = start[g] + g_array_index (group_sizes, gsize, g);
    for (gsize i = 0; i < n; i++)
      items[start[group[i]] + fill[group[i]]++] = i;
    for (guint g = 0; g < group_sizes->len; g++)
      shuffle_and_cut (items + start[g], start[g + 1] - start[g], percent, &rng, parts);
  }
  return parts;
}

/* Appends @text normalised to @out. */
static void
normalize_append (GString    *out,
                  const char *text)
{
  const char *p = text ? text : "";
  gsize start = out->len;
  gboolean pending_space = FALSE;

  while (*p)
    {
      gunichar c;
      gsize len;

      /* ASCII first: a run of plain bytes is copied at once; of the ASCII characters only
       * tab, line feed, form feed, carriage return and space are g_unichar_isspace(). */
      if ((guchar) *p < 0x80)
        {
          const char *run = p;

          if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
            {
              pending_space = TRUE;
              p++;
              continue;
            }
          /* a run goes on over single spaces between plain characters */
          for (;;)
            {
              while ((guchar) *p < 0x80 && *p != '\0' && *p != ' ' && *p != '\t' &&
                     *p != '\n' && *p != '\r' && *p != '\f')
                p++;
              if (p[0] == ' ' && (guchar) p[1] < 0x80 && p[1] != '\0' && p[1] != ' ' &&
                  p[1] != '\t' && p[1] != '\n' && p[1] != '\r' && p[1] != '\f')
                p++;
              else
                break;
            }
          if (pending_space && out->len > start)
            g_string_append_c (out, ' ');
          pending_space = FALSE;
          g_string_append_len (out, run, p - run);
          continue;
        }

      c = g_utf8_get_char_validated (p, -1);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          c = 0xFFFD; /* an invalid byte: copied, never taken for space */
          len = 1;
        }
      else
        len = g_utf8_next_char (p) - p;

      if (c != 0xFFFD && g_unichar_isspace (c))
        pending_space = TRUE;
      else
        {
          if (pending_space && out->len > start)
            g_string_append_c (out, ' ');
          pending_space = FALSE;
          g_string_append_len (out, p, len);
        }
      p += len;
    }
}

/* TRUE when @text has no whitespace but single spaces between other characters: what
 * normalize_append() would give back unchanged (invalid UTF-8 is left to it). */
static gboolean
is_normal (const char *text,
           gsize      *length)
{
  /* 0: a plain ASCII character; 1: a space; 2: other ASCII whitespace, or the end; 3: not
   * ASCII */
  static const guint8 kind[256] = {
    [0] = 2, ['\t'] = 2, ['\n'] = 2, ['\r'] = 2, ['\f'] = 2, [' '] = 1,
    [0x80 ... 0xff] = 3,
  };
  const guchar *p = (const guchar *) text;
  gboolean space = TRUE; /* a space first is not normal */

  for (;; p++)
    {
      /* the common case: a run of plain characters */
      while (kind[*p] == 0)
        {
          p++;
          space = FALSE;
        }
      if (*p == '\0')
        break;
      if (*p >= 0x80)
        {
          gunichar c = g_utf8_get_char_validated ((const char *) p, -1);

          if (c == (gunichar) -1 || c == (gunichar) -2 || c == 0xFFFD || g_unichar_isspace (c))
            return FALSE;
          p = (const guchar *) g_utf8_next_char (p) - 1;
          space = FALSE;
          continue;
        }
      if (*p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
        return FALSE;
      if (*p == ' ')
        {
          if (space)
            return FALSE;
          space = TRUE;
        }
      else
        space = FALSE;
    }
  *length = p - (const guchar *) text;
  return !space || *length == 0;
}

char *
vs_dataset_normalize_text (const char *text)
{
  GString *out;
  gsize length;

  if (text != NULL && is_normal (text, &length))
    return g_memdup2 (text, length + 1);
  out = g_string_sized_new (text ? strlen (text) : 0);

  normalize_append (out, text);
  return g_string_free (out, FALSE);
}

/* Appends @node as compact JSON with every string value normalised; the node is not changed
 * (parsed nodes may be sealed, and json_node_copy() shares objects). @scratch holds each
 * normalised string on its way. */
static void
append_normalized (GString  *out,
                   JsonNode *node,
                   GString  *scratch)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, json_node_get_object (node)); /* source order */
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            vs_json_append_escaped (out, name, -1);
            g_string_append_c (out, ':');
            append_normalized (out, member, scratch);
          }
        g_string_append_c (out, '}');
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_normalized (out, json_array_get_element (array, i), scratch);
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          g_string_truncate (scratch, 0);
          normalize_append (scratch, json_node_get_string (node));
          vs_json_append_escaped (out, scratch->str, scratch->len);
          break;
        }
      G_GNUC_FALLTHROUGH;
    case JSON_NODE_NULL:
    default:
      vs_json_append (out, node, FALSE);
      break;
    }
}

char *
vs_dataset_row_dedup_text (JsonObject *row)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GString) scratch = g_string_new (NULL);
  GString *out = g_string_new (NULL);

  json_node_set_object (node, row);
  append_normalized (out, node, scratch);
  return g_string_free (out, FALSE);
}

struct _VsDatasetDedup
{
  GHashTable *seen; /* 128-bit hash in hex → first id */
};

VsDatasetDedup *
vs_dataset_dedup_new (void)
{
  VsDatasetDedup *self = g_new0 (VsDatasetDedup, 1);

  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
vs_dataset_dedup_free (VsDatasetDedup *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->seen);
  g_free (self);
}

static guint64 mix64 (guint64 z);

static inline guint64
rotl64 (guint64 x,
        int     r)
{
  return (x << r) | (x >> (64 - r));
}

/* A 128-bit hash, eight bytes a step in two lanes (the keys live only in memory, for one
 * run, so they need not be the same on every machine, only collide as rarely as a random
 * 128-bit value; SHA-256 took ten times as long). */
static void
hash128 (const char *text,
         gsize       length,
         guint64     out[2])
{
  guint64 a = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ length;
  guint64 b = G_GUINT64_CONSTANT (0xc2b2ae3d27d4eb4f) + length;
  gsize i = 0;

  for (; i + 8 <= length; i += 8)
    {
      guint64 w;

      memcpy (&w, text + i, 8);
      a = rotl64 (a ^ (w * G_GUINT64_CONSTANT (0x87c37b91114253d5)), 31) *
          G_GUINT64_CONSTANT (0x4cf5ad432745937f);
      b = rotl64 (b ^ (w * G_GUINT64_CONSTANT (0xff51afd7ed558ccd)), 29) *
          G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
    }
  if (i < length)
    {
      guint64 w = 0;

      memcpy (&w, text + i, length - i);
      a = rotl64 (a ^ (w * G_GUINT64_CONSTANT (0x87c37b91114253d5)), 31) *
          G_GUINT64_CONSTANT (0x4cf5ad432745937f);
      b = rotl64 (b ^ (w * G_GUINT64_CONSTANT (0xff51afd7ed558ccd)), 29) *
          G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
    }
  out[0] = mix64 (a ^ rotl64 (b, 17));
  out[1] = mix64 (b + out[0]);
}

char *
vs_dataset_dedup_key_normalized (const char *normal)
{
  guint64 h[2];

  hash128 (normal, strlen (normal), h);
  return g_strdup_printf ("%016" G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER "x", h[0], h[1]);
}

char *
vs_dataset_dedup_key (const char *text)
{
  g_autofree char *normal = vs_dataset_normalize_text (text);

  return vs_dataset_dedup_key_normalized (normal);
}

gint64
vs_dataset_dedup_add (VsDatasetDedup *self,
                      const char     *text,
                      gint64          id)
{
  return vs_dataset_dedup_add_key (self, vs_dataset_dedup_key (text), id);
}

gint64
vs_dataset_dedup_add_key (VsDatasetDedup *self,
                          char           *digest,
                          gint64          id)
{
  gint64 *first = g_hash_table_lookup (self->seen, digest);

  if (first != NULL)
    {
      g_free (digest);
      return *first;
    }
  g_hash_table_insert (self->seen, digest, g_memdup2 (&id, sizeof id));
  return -1;
}

/* Near duplicates */

#define N_HASHES 128
#define N_BANDS  32
#define BAND_ROWS (N_HASHES / N_BANDS)

typedef struct
{
  gint64   id;
  guint64 *shingles; /* sorted, unique */
  gsize    n_shingles;
} NearItem;

#if defined(__GNUC__) || defined(__clang__)
#define HEAD_SLOT_PACKED __attribute__ ((packed))
#else
#define HEAD_SLOT_PACKED
#endif

typedef struct
{
  guint64 key;
  guint32 head;  /* 0: an empty slot */
} HEAD_SLOT_PACKED HeadSlot;

struct _VsDatasetNearDedup
{
  double      threshold;
  guint64     seeds[N_HASHES];
  guint64     multipliers[N_HASHES];  /* odd */
  GArray     *items; /* NearItem */
  /* The items' shingles, kept for the whole run: packed into large blocks rather than one
   * allocation each (which also left them in the workers' malloc arenas) */
  GPtrArray  *blocks;
  guint64    *block_free;
  gsize       block_left;
  /* Buckets as chains: band key → 1 + the newest item in it, in an open-addressing table
   * (linear probing, at most 80% full; one cache line per look-up, 12 bytes a slot);
   * next[item · N_BANDS + band] → 1 + the item before, or 0. */
  HeadSlot   *heads;
  gsize       heads_mask;  /* slots - 1 */
  gsize       heads_used;
  GArray     *next;
};

/* The band keys are mix64() outputs, so their low bits index the table as they are. */
static HeadSlot *
heads_find (HeadSlot *slots,
            gsize     mask,
            guint64   key)
{
  gsize i = (gsize) key & mask;

  while (slots[i].head != 0 && slots[i].key != key)
    i = (i + 1) & mask;
  return &slots[i];
}

static guint
heads_lookup (VsDatasetNearDedup *self,
              guint64             key)
{
  return heads_find (self->heads, self->heads_mask, key)->head;
}

/* Moves the heads to a table of @size slots (a power of two, with room for them). */
static void
heads_resize (VsDatasetNearDedup *self,
              gsize               size)
{
  gsize old_size = self->heads_mask + 1, mask = size - 1;
  HeadSlot *old = self->heads, *slots = g_new0 (HeadSlot, size);

  for (gsize i = 0; i < old_size; i++)
    if (old[i].head != 0)
      *heads_find (slots, mask, old[i].key) = old[i];
  g_free (old);
  self->heads = slots;
  self->heads_mask = mask;
}

void
vs_dataset_near_dedup_reserve (VsDatasetNearDedup *self,
                               gsize               n_items)
{
  gsize size = self->heads_mask + 1;
  guint len = self->next->len;

  g_return_if_fail (self != NULL);

  /* the size growth would reach: at most 80% full */
  while (n_items > 0 && n_items * N_BANDS * 5 > size * 4 && size < G_MAXSIZE / 64)
    size *= 2;
  if (size > self->heads_mask + 1)
    heads_resize (self, size);
  if (n_items * N_BANDS > len && n_items <= G_MAXUINT / N_BANDS)
    {
      g_array_set_size (self->next, n_items * N_BANDS);
      g_array_set_size (self->next, len);
    }
}

static void
heads_set (VsDatasetNearDedup *self,
           guint64             key,
           guint               head)
{
  HeadSlot *slot = heads_find (self->heads, self->heads_mask, key);

  if (slot->head == 0)
    {
      slot->key = key;
      self->heads_used++;
    }
  slot->head = head;
  if (self->heads_used * 5 > (self->heads_mask + 1) * 4)
    heads_resize (self, (self->heads_mask + 1) * 2);
}

static guint64
mix64 (guint64 z)
{
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline char ascii_lower (char c);

/* fnv1a() of @text with ASCII letters lower-cased */
static guint64
fnv1a_lower (const char *text,
             gsize       len)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (gsize i = 0; i < len; i++)
    {
      h ^= (guchar) ascii_lower (text[i]);
      h *= G_GUINT64_CONSTANT (0x100000001b3);
    }
  return h;
}

static guint64
fnv1a (const char *text,
       gsize       len)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (gsize i = 0; i < len; i++)
    {
      h ^= (guchar) text[i];
      h *= G_GUINT64_CONSTANT (0x100000001b3);
    }
  return h;
}

#define SHINGLE_BLOCK (512 * 1024)  /* guint64s: 4 MiB */

/* A lasting copy of @n shingles. */
static guint64 *
keep_shingles (VsDatasetNearDedup *self,
               const guint64      *shingles,
               gsize               n)
{
  guint64 *copy;

  if (n > SHINGLE_BLOCK / 8)
    {
      copy = g_memdup2 (shingles, n * sizeof (guint64));
      g_ptr_array_add (self->blocks, copy);
      return copy;
    }
  if (n > self->block_left)
    {
      self->block_free = g_new (guint64, SHINGLE_BLOCK);
      self->block_left = SHINGLE_BLOCK;
      g_ptr_array_add (self->blocks, self->block_free);
    }
  copy = self->block_free;
  memcpy (copy, shingles, n * sizeof (guint64));
  self->block_free += n;
  self->block_left -= n;
  return copy;
}

VsDatasetNearDedup *
vs_dataset_near_dedup_new (double threshold)
{
  VsDatasetNearDedup *self = g_new0 (VsDatasetNearDedup, 1);
  VsStatsRng rng;

  vs_stats_rng_init (&rng, 0x5eed);
  for (guint i = 0; i < N_HASHES; i++)
    self->seeds[i] = vs_stats_rng_next (&rng);
  for (guint i = 0; i < N_HASHES; i++)
    self->multipliers[i] = vs_stats_rng_next (&rng) | 1;
  self->threshold = threshold;
  self->items = g_array_new (FALSE, FALSE, sizeof (NearItem));
  self->blocks = g_ptr_array_new_with_free_func (g_free);
  self->heads_mask = 1024 - 1;
  self->heads = g_new0 (HeadSlot, self->heads_mask + 1);
  self->next = g_array_new (FALSE, TRUE, sizeof (guint));
  return self;
}

void
vs_dataset_near_dedup_free (VsDatasetNearDedup *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->items);
  g_ptr_array_unref (self->blocks);
  g_free (self->heads);
  g_array_unref (self->next);
  g_free (self);
}

/* g_ascii_tolower(), inline */
static inline char
ascii_lower (char c)
{
  return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static void sort_u64_shell (guint64 *v,
                            gsize    n);

/* The shingle hashes are uniform: scattered into 256 buckets by their top byte, each bucket
 * holds a handful, sorted by insertion — few mispredicted branches, unlike a comparison sort
 * of random numbers. Larger sets take the Shell sort. */
#define BUCKET_SORT_MAX 2048

static void
sort_u64 (guint64 *v,
          gsize    n)
{
  guint64 tmp[BUCKET_SORT_MAX];
  guint16 start[257];

  if (n > BUCKET_SORT_MAX)
    {
      sort_u64_shell (v, n);
      return;
    }
  memset (start, 0, sizeof start);
  for (gsize i = 0; i < n; i++)
    start[(v[i] >> 56) + 1]++;
  for (guint b = 1; b <= 256; b++)
    start[b] += start[b - 1];
  for (gsize i = 0; i < n; i++)
    tmp[start[v[i] >> 56]++] = v[i];
  /* start[b] is now the end of bucket b: one insertion sort over the whole, as each element
   * is already in its bucket and moves only within it */
  for (gsize i = 1; i < n; i++)
    {
      guint64 x = tmp[i];
      gsize j = i;

      for (; j > 0 && tmp[j - 1] > x; j--)
        tmp[j] = tmp[j - 1];
      tmp[j] = x;
    }
  memcpy (v, tmp, n * sizeof (guint64));
}

/* Shell sort with Ciura's gaps (extended by ×2.25): no comparison callback. */
static void
sort_u64_shell (guint64 *v,
                gsize    n)
{
  static const gsize ciura[] = { 1, 4, 10, 23, 57, 132, 301, 701, 1750 };
  gsize gaps[64];
  guint n_gaps = 0;

  for (guint i = 0; i < G_N_ELEMENTS (ciura) && ciura[i] < n; i++)
    gaps[n_gaps++] = ciura[i];
  while (n_gaps > 0 && n_gaps < G_N_ELEMENTS (gaps) && gaps[n_gaps - 1] * 9 / 4 < n &&
         gaps[n_gaps - 1] >= 1750)
    {
      gaps[n_gaps] = gaps[n_gaps - 1] * 9 / 4;
      n_gaps++;
    }
  while (n_gaps-- > 0)
    {
      gsize gap = gaps[n_gaps];

      for (gsize i = gap; i < n; i++)
        {
          guint64 x = v[i];
          gsize j = i;

          for (; j >= gap && v[j - gap] > x; j -= gap)
            v[j] = v[j - gap];
          v[j] = x;
        }
    }
}

/* The sorted unique shingle hashes of @text: each window of three words of the normalised,
 * case-folded text (words are separated by exactly one space there), as the three words'
 * FNV-1a hashes combined; a text of fewer words is one shingle, its FNV-1a hash. */
static guint64 *
shingle (const char *normal,
         gsize      *n_out)
{
  g_autofree char *owned = NULL;
  const char *folded;
  gsize length = strlen (normal);
  gboolean ascii = TRUE;
  guint64 (*hash) (const char *, gsize) = fnv1a;
  guint64 *hashes;
  gsize n = 0, n_hashes;

  /* case folding is ASCII lower-casing for ASCII text, and much quicker done so: while
   * hashing, without a copy */
  for (gsize i = 0; i < length && ascii; i++)
    ascii = (guchar) normal[i] < 0x80;
  if (ascii)
    {
      folded = normal;
      hash = fnv1a_lower;
    }
  else if (!g_utf8_validate_len (normal, length, NULL))
    {
      folded = owned = g_utf8_casefold (normal, -1);
      length = strlen (folded);
    }
  else
    {
      /* g_utf8_casefold() maps each character on its own: ASCII runs lower-cased here,
       * the others folded by it */
      GString *out = g_string_sized_new (length + 16);
      const char *p = normal, *end = normal + length;

      while (p < end)
        {
          const char *run = p;

          if ((guchar) *p < 0x80)
            {
              for (; p < end && (guchar) *p < 0x80; p++)
                g_string_append_c (out, ascii_lower (*p));
            }
          else
            {
              g_autofree char *part = NULL;

              while (p < end && (guchar) *p >= 0x80)
                p++;
              part = g_utf8_casefold (run, p - run);
              g_string_append (out, part);
            }
        }
      length = out->len;
      folded = owned = g_string_free (out, FALSE);
    }
  /* each word's FNV-1a hash once; a shingle is three in a row, combined */
  {
    guint64 *words = g_new (guint64, length / 2 + 1);
    gsize n_words = 0, start = 0;

    for (gsize i = 0; i <= length; i++)
      if (i == length || folded[i] == ' ')
        {
          words[n_words++] = hash (folded + start, i - start);
          start = i + 1;
        }
    if (n_words < 3)
      {
        g_free (words);
        hashes = g_new (guint64, 1);
        hashes[0] = hash (folded, length);
        *n_out = 1;
        return hashes;
      }
    n_hashes = n_words - 2;
    hashes = words; /* combined in place: shingle i needs words i … i + 2 only */
    for (gsize i = 0; i < n_hashes; i++)
      hashes[i] = words[i] * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) +
                  words[i + 1] * G_GUINT64_CONSTANT (0xc2b2ae3d27d4eb4f) +
                  words[i + 2] * G_GUINT64_CONSTANT (0x165667b19e3779f9);
  }
  sort_u64 (hashes, n_hashes);
  for (gsize i = 0; i < n_hashes; i++)
    if (n == 0 || hashes[i] != hashes[n - 1])
      hashes[n++] = hashes[i];
  *n_out = n;
  return hashes; /* VsDatasetNearDedup keeps a packed copy */
}

static double
jaccard (const guint64 *a,
         gsize          na,
         const guint64 *b,
         gsize          nb)
{
  gsize i = 0, j = 0, common = 0;

  while (i < na && j < nb)
    {
      if (a[i] == b[j])
        common++, i++, j++;
      else if (a[i] < b[j])
        i++;
      else
        j++;
    }
  return na + nb - common == 0 ? 1.0 : (double) common / (double) (na + nb - common);
}

struct _VsDatasetNearSketch
{
  guint64 *shingles;
  gsize    n_shingles;
  guint64  keys[N_BANDS];
};

void
vs_dataset_near_sketch_free (VsDatasetNearSketch *sketch)
{
  if (sketch == NULL)
    return;
  g_free (sketch->shingles);
  g_free (sketch);
}

/* The signature: each shingle hash is mixed once (y = mix64 (shingle)), and value h of the
 * signature is the least (y ^ seeds[h]) · multipliers[h] mod 2^64 — a different bijection
 * of the 64-bit values for each h (the multipliers are odd), three operations per shingle
 * and value. The inner loop is the same arithmetic on 128 lanes, so it is also built for
 * AVX-512 and AVX2 and picked at load time; every version gives the same numbers. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__OPTIMIZE__)
__attribute__ ((target_clones ("arch=x86-64-v4", "arch=x86-64-v3", "default"),
                 optimize ("tree-vectorize")))
#endif
static void
minhash (const guint64 *seeds,
         const guint64 *multipliers,
         const guint64 *shingles,
         gsize          n,
         guint64       *signature)
{
  for (guint h = 0; h < N_HASHES; h++)
    signature[h] = G_MAXUINT64;
  for (gsize s = 0; s < n; s++)
    {
      guint64 y = shingles[s];

      y = (y ^ (y >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
      y = (y ^ (y >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
      y ^= y >> 31;
      for (guint h = 0; h < N_HASHES; h++)
        {
          guint64 z = (y ^ seeds[h]) * multipliers[h];

          signature[h] = z < signature[h] ? z : signature[h];
        }
    }
}

VsDatasetNearSketch *
vs_dataset_near_dedup_sketch (VsDatasetNearDedup *self,
                              const char         *text)
{
  g_autofree char *normal = vs_dataset_normalize_text (text);

  return vs_dataset_near_dedup_sketch_normalized (self, normal);
}

VsDatasetNearSketch *
vs_dataset_near_dedup_sketch_normalized (VsDatasetNearDedup *self,
                                         const char         *normal)
{
  VsDatasetNearSketch *sketch = g_new0 (VsDatasetNearSketch, 1);
  guint64 signature[N_HASHES];
  const guint64 *shingles;
  gsize n;

  sketch->shingles = shingle (normal, &sketch->n_shingles);
  shingles = sketch->shingles;
  n = sketch->n_shingles;
  minhash (self->seeds, self->multipliers, shingles, n, signature);
  for (guint b = 0; b < N_BANDS; b++)
    {
      guint64 key = mix64 (b + 1);

      for (guint r = 0; r < BAND_ROWS; r++)
        key = mix64 (key ^ signature[b * BAND_ROWS + r]);
      sketch->keys[b] = key;
    }
  return sketch;
}

gint64
vs_dataset_near_dedup_add (VsDatasetNearDedup *self,
                           const char         *text,
                           gint64              id)
{
  return vs_dataset_near_dedup_add_sketch (self, vs_dataset_near_dedup_sketch (self, text), id);
}

gint64
vs_dataset_near_dedup_add_sketch (VsDatasetNearDedup  *self,
                                  VsDatasetNearSketch *sketch,
                                  gint64               id)
{
  const guint64 *keys = sketch->keys;
  guint64 *shingles = sketch->shingles;
  gsize n = sketch->n_shingles;
  gint64 best = -1;
  NearItem item;

  /* the 32 slots are far apart in a large table: ask for them all at once */
#if defined(__GNUC__) || defined(__clang__)
  for (guint b = 0; b < N_BANDS; b++)
    __builtin_prefetch (&self->heads[(gsize) keys[b] & self->heads_mask]);
#endif
  for (guint b = 0; b < N_BANDS; b++)
    {
      guint link = heads_lookup (self, keys[b]);

      for (; link != 0; link = g_array_index (self->next, guint, (link - 1) * N_BANDS + b))
        {
          NearItem *other = &g_array_index (self->items, NearItem, link - 1);

          if ((best < 0 || other->id < best) &&
              jaccard (shingles, n, other->shingles, other->n_shingles) >= self->threshold)
            best = other->id;
        }
    }
  if (best >= 0)
    {
      vs_dataset_near_sketch_free (sketch);
      return best;
    }

  item.id = id;
  item.shingles = keep_shingles (self, shingles, n);
  item.n_shingles = n;
  g_array_set_size (self->next, (self->items->len + 1) * N_BANDS);
  for (guint b = 0; b < N_BANDS; b++)
    {
      g_array_index (self->next, guint, self->items->len * N_BANDS + b) =
        heads_lookup (self, keys[b]);
      heads_set (self, keys[b], self->items->len + 1);
    }
  g_array_append_val (self->items, item);
  vs_dataset_near_sketch_free (sketch);
  return -1;
}
