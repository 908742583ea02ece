/* vs-record.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plain, immutable item: fields in the instance struct, no properties to keep it light (a
 * model holds tens of thousands of them). The parsed data is cached on first use.
 */
#include "config.h"

#include <string.h>

#include "vs-json.h"
#include "vs-record.h"

struct _VsRecord
{
  GObject     parent_instance;

  gint64      id;
  gint64      ordinal;
  gint64      tokens;
  gint64      cluster;
  char       *data;
  char       *example;
  char       *tags;
  char       *problems;
  const char *split;   /* interned */
  const char *status;  /* interned */
  const char *dropped_by; /* interned kind of the dropping step, or NULL */
  char      **matches;    /* what a text search matched, or NULL */
  JsonObject *object;  /* parsed data, on demand */
  guint       position;
  int         rating;
  guint       loaded : 1;
  guint       parsed : 1;
};

G_DEFINE_FINAL_TYPE (VsRecord, vs_record, G_TYPE_OBJECT)

static void
vs_record_finalize (GObject *object)
{
  VsRecord *self = VS_RECORD (object);

  g_free (self->data);
  g_free (self->example);
  g_free (self->tags);
  g_free (self->problems);
  g_strfreev (self->matches);
  g_clear_pointer (&self->object, json_object_unref);

  G_OBJECT_CLASS (vs_record_parent_class)->finalize (object);
}

static void
vs_record_class_init (VsRecordClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vs_record_finalize;
}

static void
vs_record_init (VsRecord *self)
{
  self->tokens = -1;
  self->cluster = -1;
}

VsRecord *
vs_record_new (gint64      id,
               gint64      ordinal,
               const char *data,
               const char *example,
               const char *split,
               const char *status,
               const char *tags,
               int         rating,
               gint64      tokens,
               const char *problems,
               gint64      cluster)
{
  VsRecord *self = g_object_new (VS_TYPE_RECORD, NULL);

  self->id = id;
  self->ordinal = ordinal;
  self->data = g_strdup (data ? data : "{}");
  self->example = g_strdup (example);
  self->split = g_intern_string (split ? split : "unassigned");
  self->status = g_intern_string (status ? status : "unreviewed");
  self->tags = g_strdup (tags ? tags : "[]");
  self->rating = rating;
  self->tokens = tokens;
  self->problems = g_strdup (problems ? problems : "[]");
  self->cluster = cluster;
  self->loaded = TRUE;

  return self;
}

VsRecord *
vs_record_new_placeholder (guint position)
{
  VsRecord *self = g_object_new (VS_TYPE_RECORD, NULL);

  self->position = position;
  self->split = g_intern_static_string ("unassigned");
  self->status = g_intern_static_string ("unreviewed");

  return self;
}

gboolean
vs_record_get_loaded (VsRecord *self)
{
  g_return_val_if_fail (VS_IS_RECORD (self), FALSE);
  return self->loaded;
}

guint
vs_record_get_position (VsRecord *self)
{
  g_return_val_if_fail (VS_IS_RECORD (self), 0);
  return self->position;
}

void
_vs_record_set_position (VsRecord *self,
                         guint     position)
{
  self->position = position;
}

gint64
vs_record_get_id (VsRecord *self)
{
  g_return_val_if_fail (VS_IS_RECORD (self), 0);
  return self->id;
}

gint64
vs_record_get_ordinal (VsRecord *self)
{
  g_return_val_if_fail (VS_IS_RECORD (self), 0);
  return self->ordinal;
}

const char *
vs_record_get_data (VsRecord *self)
{
  g_return_val_if_fail (VS_IS_RECORD (self), NULL);
  return self->data ? self->data : "{}";
}

JsonObject *
vs_record_get_data_object (VsRecord *self)
{
  g_return_val_if_fail (VS_IS_RECORD (self), NULL);

  if (!self->parsed)
    {
      self->parsed = TRUE;
      if (self->data != NULL)
        self->object = vs_json_parse_object (self->data, -1, NULL);
    }
  return self->object;
}

char *
vs_record_dup_preview (VsRecord   *self,
                       const char *column,
                       guint       max_chars)
{
  JsonObject *object;
  JsonNode *node;
  g_autofree char *text = NULL;
  const char *value;
  GString *out;
  guint n = 0;

  g_return_val_if_fail (VS_IS_RECORD (self), NULL);
  g_return_val_if_fail (column != NULL, NULL);

  object = vs_record_get_data_object (self);
  if (object == NULL || (node = json_object_get_member (object, column)) == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    value = json_node_get_string (node);
  else
    value = text = vs_json_to_string (node, FALSE);
  if (value == NULL)
    return g_strdup ("");

  out = g_string_sized_new (MIN (strlen (value), (gsize) max_chars * 2) + 4);
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n == max_chars)
        {
          g_string_append (out, "…");
          break;
        }
      if (c == '\n' || c == '\r' || c == '\t')
        c = ' ';
      g_string_append_unichar (out, c);
      n++;
    }

  return g_string_free (out, FALSE);
}

const char *
vs_record_get_example (VsRecord *self)
{
  g_return_val_if_fail (VS_IS_RECORD (self), NULL);
  return self->example;
}

const char *
vs_record_get_split (VsRecord *self)
{
  g_return_val_if_fail (VS_IS_RECORD (self), NULL);
  return self->split;
}

const char *
vs_record_get_status (VsRecord *self)
{
  g_return_val_if_fail (VS_IS_RECORD (self), NULL);
  return self->status;
}

const char *
vs_record_get_tags (VsRecord *self)
{
  g_return_val_if_fail (VS_IS_RECORD (self), NULL);
  return self->tags ? self->tags : "[]";
}

int
vs_record_get_rating (VsRecord *self)
{
  g_return_val_if_fail (VS_IS_RECORD (self), 0);
  return self->rating;
}

gint64
vs_record_get_tokens (VsRecord *self)
{
  g_return_val_if_fail (VS_IS_RECORD (self), -1);
  return self->tokens;
}

const char *
vs_record_get_problems (VsRecord *self)
{
  g_return_val_if_fail (VS_IS_RECORD (self), NULL);
  return self->problems ? self->problems : "[]";
}

gint64
vs_record_get_cluster (VsRecord *self)
{
  g_return_val_if_fail (VS_IS_RECORD (self), -1);
  return self->cluster;
}

const char *
vs_record_get_dropped_by (VsRecord *self)
{
  g_return_val_if_fail (VS_IS_RECORD (self), NULL);
  return self->dropped_by;
}

void
_vs_record_set_dropped_by (VsRecord   *self,
                           const char *kind)
{
  g_return_if_fail (VS_IS_RECORD (self));
  self->dropped_by = kind ? g_intern_string (kind) : NULL;
}

const char * const *
vs_record_get_matches (VsRecord *self)
{
  g_return_val_if_fail (VS_IS_RECORD (self), NULL);
  return (const char * const *) self->matches;
}

void
_vs_record_set_matches (VsRecord  *self,
                        char     **matches)
{
  g_return_if_fail (VS_IS_RECORD (self));
  g_strfreev (self->matches);
  self->matches = matches;
}
