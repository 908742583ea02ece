/* vs-dataset-split.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Splits by a seeded shuffle cut by largest-remainder sizes, per label when stratified, and
 * exact dedup by SHA-256 of the normalised text. Everything here is integer arithmetic and
 * the vs-stats generator, so a seed gives the same split on every platform.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
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

char *
vs_dataset_normalize_text (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean pending_space = FALSE;
  const char *p = text ? text : "";

  while (*p)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      gsize len;

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
          if (pending_space && out->len > 0)
            g_string_append_c (out, ' ');
          pending_space = FALSE;
          g_string_append_len (out, p, len);
        }
      p += len;
    }
  return g_string_free (out, FALSE);
}

/* Appends @node as compact JSON with every string value normalised; the node is not changed
 * (parsed nodes may be sealed, and json_node_copy() shares objects). */
static void
append_normalized (GString  *out,
                   JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) names = json_object_get_members (object); /* insertion order */

        g_string_append_c (out, '{');
        for (GList *l = names; l != NULL; l = l->next)
          {
            if (l != names)
              g_string_append_c (out, ',');
            vs_json_append_escaped (out, l->data, -1);
            g_string_append_c (out, ':');
            append_normalized (out, json_object_get_member (object, l->data));
          }
        g_string_append_c (out, '}');
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_normalized (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          g_autofree char *text = vs_dataset_normalize_text (json_node_get_string (node));

          vs_json_append_escaped (out, text, -1);
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
  GString *out = g_string_new (NULL);

  json_node_set_object (node, row);
  append_normalized (out, node);
  return g_string_free (out, FALSE);
}

struct _VsDatasetDedup
{
  GHashTable *seen; /* SHA-256 hex → first id */
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

gint64
vs_dataset_dedup_add (VsDatasetDedup *self,
                      const char     *text,
                      gint64          id)
{
  g_autofree char *normal = vs_dataset_normalize_text (text);
  char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, normal, -1);
  gint64 *first = g_hash_table_lookup (self->seen, digest);

  if (first != NULL)
    {
      g_free (digest);
      return *first;
    }
  g_hash_table_insert (self->seen, digest, g_memdup2 (&id, sizeof id));
  return -1;
}
