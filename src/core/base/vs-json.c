/* vs-json.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vs-error.h"
#include "vs-json.h"

GString *
vs_json_quote_big_integers (const char *text,
                            gsize       len,
                            gssize     *first)
{
  static const char max_digits[] = "9223372036854775807";
  static const char min_digits[] = "9223372036854775808"; /* after the minus sign */
  const guint8 *data = (const guint8 *) text;
  GString *copy = NULL;
  gboolean in_string = FALSE;
  gsize done = 0;

  *first = -1;
  for (gsize i = 0; i < len; i++)
    {
      guint8 c = data[i];
      gsize j, start_digits, n_digits;
      gboolean plain = TRUE;

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        {
          in_string = TRUE;
          continue;
        }
      if (c != '-' && !g_ascii_isdigit (c))
        continue;

      for (j = i; j < len && (g_ascii_isdigit (data[j]) || data[j] == '-' || data[j] == '+' ||
                              data[j] == '.' || data[j] == 'e' || data[j] == 'E'); j++)
        if (data[j] == '.' || data[j] == 'e' || data[j] == 'E')
          plain = FALSE;

      start_digits = data[i] == '-' ? i + 1 : i;
      n_digits = j - start_digits;
      if (plain && n_digits >= sizeof max_digits - 1 &&
          (n_digits > sizeof max_digits - 1 ||
           memcmp (data + start_digits, data[i] == '-' ? min_digits : max_digits,
                   n_digits) > 0))
        {
          if (copy == NULL)
            {
              copy = g_string_sized_new (len + 16);
              *first = i;
            }
          g_string_append_len (copy, (const char *) data + done, i - done);
          g_string_append_c (copy, '"');
          g_string_append_len (copy, (const char *) data + i, j - i);
          g_string_append_c (copy, '"');
          done = j;
        }
      i = j - 1;
    }

  if (copy != NULL)
    g_string_append_len (copy, (const char *) data + done, len - done);
  return copy;
}

static int
hex4 (const guint8 *p,
      const guint8 *end)
{
  int value = 0;

  if (end - p < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

gssize
vs_json_find_invalid_escape (const char *text,
                             gsize       length)
{
  const guint8 *data = (const guint8 *) text;
  const guint8 *end = data + length;
  gboolean in_string = FALSE;

  for (const guint8 *p = data; p < end; p++)
    {
      int unit;

      if (*p == '"')
        {
          in_string = !in_string;
          continue;
        }
      if (!in_string || *p != '\\')
        continue;
      if (p + 1 >= end)
        return p - data;
      switch (p[1])
        {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          p++;
          break;

        case 'u':
          unit = hex4 (p + 2, end);
          if (unit < 0 || (unit >= 0xdc00 && unit <= 0xdfff))
            return p - data;
          if (unit >= 0xd800 && unit <= 0xdbff)
            {
              /* A high surrogate must be followed by a low one. */
              int low = p + 7 < end && p[6] == '\\' && p[7] == 'u' ? hex4 (p + 8, end) : -1;

              if (low < 0xdc00 || low > 0xdfff)
                return p - data;
              p += 6;
            }
          p += 5;
          break;

        default:
          return p - data;
        }
    }
  return -1;
}

/* Strict JSON straight into sealed nodes, as json-glib's immutable parser would build them
 * (json-glib 1.6 reads through a GScanner and costs several times more on short texts, such as
 * a batch output line or a case). Anything it is not sure to read as json-glib does (an error,
 * a number past int64, a leading zero, "\u0000", a raw control character in a string, deep
 * nesting) makes it give up: the caller then asks json-glib, errors and all. */
typedef struct
{
  const char *p;
  const char *end;
  GString    *buffer;
  guint       depth;
} FastParser;

#define FAST_MAX_DEPTH 64

static JsonNode *fast_value (FastParser *fp);

static inline void
fast_skip_blank (FastParser *fp)
{
  while (fp->p < fp->end && (*fp->p == ' ' || *fp->p == '\n' || *fp->p == '\r' || *fp->p == '\t'))
    fp->p++;
}

/* A string's text (the opening quote already read) into fp->buffer. */
static gboolean
fast_string (FastParser *fp)
{
  const char *p = fp->p;
  const char *run = p;

  g_string_truncate (fp->buffer, 0);
  for (;;)
    {
      guchar c;

      if (p >= fp->end)
        return FALSE;
      c = (guchar) *p;
      if (c == '"')
        break;
      if (c < 0x20)
        return FALSE;
      if (c != '\\')
        {
          p++;
          continue;
        }
      g_string_append_len (fp->buffer, run, p - run);
      if (p + 1 >= fp->end)
        return FALSE;
      switch (p[1])
        {
        case '"':
          g_string_append_c (fp->buffer, '"');
          p += 2;
          break;
        case '\\':
          g_string_append_c (fp->buffer, '\\');
          p += 2;
          break;
        case '/':
          g_string_append_c (fp->buffer, '/');
          p += 2;
          break;
        case 'b':
          g_string_append_c (fp->buffer, '\b');
          p += 2;
          break;
        case 'f':
          g_string_append_c (fp->buffer, '\f');
          p += 2;
          break;
        case 'n':
          g_string_append_c (fp->buffer, '\n');
          p += 2;
          break;
        case 'r':
          g_string_append_c (fp->buffer, '\r');
          p += 2;
          break;
        case 't':
          g_string_append_c (fp->buffer, '\t');
          p += 2;
          break;
        case 'u':
          {
            int      unit = hex4 ((const guint8 *) p + 2, (const guint8 *) fp->end);
            gunichar ch;

            if (unit <= 0 || (unit >= 0xdc00 && unit <= 0xdfff))
              return FALSE;
            p += 6;
            ch = (gunichar) unit;
            if (unit >= 0xd800 && unit <= 0xdbff)
              {
                int low = p + 1 < fp->end && p[0] == '\\' && p[1] == 'u'
                            ? hex4 ((const guint8 *) p + 2, (const guint8 *) fp->end)
                            : -1;

                if (low < 0xdc00 || low > 0xdfff)
                  return FALSE;
                p += 6;
                ch = 0x10000 + (((gunichar) unit - 0xd800) << 10) + ((gunichar) low - 0xdc00);
              }
            g_string_append_unichar (fp->buffer, ch);
          }
          break;
        default:
          return FALSE;
        }
      run = p;
    }
  g_string_append_len (fp->buffer, run, p - run);
  fp->p = p + 1;
  return TRUE;
}

/* A number's text: a whole number that fits int64 (*@whole, *@integer) or a finite double
 * (*@number). FALSE where the fast reading gives up. */
static gboolean
fast_number_scan (FastParser *fp,
                  gboolean   *whole_out,
                  gint64     *integer,
                  double     *number)
{
  const char *start = fp->p;
  const char *p = start;
  gboolean    negative = FALSE, whole = TRUE;
  guint64     value = 0;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (p >= fp->end || !g_ascii_isdigit (*p))
    return FALSE;
  if (*p == '0' && p + 1 < fp->end && g_ascii_isdigit (p[1]))
    return FALSE;
  for (; p < fp->end && g_ascii_isdigit (*p); p++)
    {
      if (value > (G_MAXUINT64 - 9) / 10)
        return FALSE;
      value = value * 10 + (guint64) (*p - '0');
    }
  if (p < fp->end && *p == '.')
    {
      whole = FALSE;
      p++;
      if (p >= fp->end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < fp->end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < fp->end && (*p == 'e' || *p == 'E'))
    {
      whole = FALSE;
      p++;
      if (p < fp->end && (*p == '+' || *p == '-'))
        p++;
      if (p >= fp->end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < fp->end && g_ascii_isdigit (*p))
        p++;
    }
  if (whole)
    {
      if (value > (guint64) G_MAXINT64 + (negative ? 1 : 0))
        return FALSE;
      *integer = negative ? (gint64) (0 - value) : (gint64) value;
    }
  else
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      if ((gsize) (p - start) >= sizeof text)
        return FALSE;
      memcpy (text, start, p - start);
      text[p - start] = '\0';
      *number = g_ascii_strtod (text, NULL);
      if (!isfinite (*number))
        return FALSE;
    }
  *whole_out = whole;
  fp->p = p;
  return TRUE;
}

static JsonNode *
fast_number (FastParser *fp)
{
  gboolean  whole;
  gint64    integer = 0;
  double    number = 0;
  JsonNode *node;

  if (!fast_number_scan (fp, &whole, &integer, &number))
    return NULL;
  node = json_node_new (JSON_NODE_VALUE);
  if (whole)
    json_node_set_int (node, integer);
  else
    json_node_set_double (node, number);
  return node;
}

static gboolean
fast_literal (FastParser *fp,
              const char *word,
              gsize       length)
{
  if ((gsize) (fp->end - fp->p) < length || memcmp (fp->p, word, length) != 0)
    return FALSE;
  fp->p += length;
  return TRUE;
}

static JsonNode *
fast_object (FastParser *fp)
{
  JsonObject *object = json_object_new ();
  JsonNode   *node;

  fast_skip_blank (fp);
  if (fp->p < fp->end && *fp->p == '}')
    fp->p++;
  else
    for (;;)
      {
        g_autofree char *name = NULL;
        JsonNode        *member;

        if (fp->p >= fp->end || *fp->p != '"')
          goto fail;
        fp->p++;
        if (!fast_string (fp))
          goto fail;
        name = g_strndup (fp->buffer->str, fp->buffer->len);
        fast_skip_blank (fp);
        if (fp->p >= fp->end || *fp->p != ':')
          goto fail;
        fp->p++;
        member = fast_value (fp);
        if (member == NULL)
          goto fail;
        json_object_set_member (object, name, member);
        fast_skip_blank (fp);
        if (fp->p < fp->end && *fp->p == ',')
          {
            fp->p++;
            fast_skip_blank (fp);
            continue;
          }
        if (fp->p < fp->end && *fp->p == '}')
          {
            fp->p++;
            break;
          }
        goto fail;
      }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;

fail:
  json_object_unref (object);
  return NULL;
}

static JsonNode *
fast_array (FastParser *fp)
{
  JsonArray *array = json_array_new ();
  JsonNode  *node;

  fast_skip_blank (fp);
  if (fp->p < fp->end && *fp->p == ']')
    fp->p++;
  else
    for (;;)
      {
        JsonNode *element = fast_value (fp);

        if (element == NULL)
          goto fail;
        json_array_add_element (array, element);
        fast_skip_blank (fp);
        if (fp->p < fp->end && *fp->p == ',')
          {
            fp->p++;
            continue;
          }
        if (fp->p < fp->end && *fp->p == ']')
          {
            fp->p++;
            break;
          }
        goto fail;
      }
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  return node;

fail:
  json_array_unref (array);
  return NULL;
}

static JsonNode *
fast_value (FastParser *fp)
{
  JsonNode *node = NULL;

  fast_skip_blank (fp);
  if (fp->p >= fp->end)
    return NULL;
  switch (*fp->p)
    {
    case '{':
    case '[':
      if (fp->depth >= FAST_MAX_DEPTH)
        return NULL;
      fp->depth++;
      fp->p++;
      node = *(fp->p - 1) == '{' ? fast_object (fp) : fast_array (fp);
      fp->depth--;
      return node;
    case '"':
      fp->p++;
      if (!fast_string (fp))
        return NULL;
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, fp->buffer->str);
      return node;
    case 't':
      if (!fast_literal (fp, "true", 4))
        return NULL;
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, TRUE);
      return node;
    case 'f':
      if (!fast_literal (fp, "false", 5))
        return NULL;
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, FALSE);
      return node;
    case 'n':
      if (!fast_literal (fp, "null", 4))
        return NULL;
      return json_node_new (JSON_NODE_NULL);
    default:
      return fast_number (fp);
    }
}

/* The text's value, sealed, or NULL when the fast reading gave up. */
static JsonNode *
fast_parse (const char *text,
            gsize       length)
{
  g_autoptr(GString) buffer = g_string_sized_new (256);
  FastParser fp = { text, text + length, buffer, 0 };
  JsonNode  *node = fast_value (&fp);

  if (node == NULL)
    return NULL;
  fast_skip_blank (&fp);
  if (fp.p != fp.end)
    {
      json_node_unref (node);
      return NULL;
    }
  json_node_seal (node);
  return node;
}

/* Skimming: the fast reader's walk without the tree, handing over only the wanted members. */
static gboolean skim_value (FastParser           *fp,
                            const VsJsonSkimPath *want,
                            VsJsonSkimValue      *values);

static const VsJsonSkimPath *
skim_child (const VsJsonSkimPath *want,
            const char           *name,
            gsize                 length)
{
  if (want == NULL)
    return NULL;
  for (guint i = 0; i < want->n_children; i++)
    {
      const VsJsonSkimPath *child = &want->children[i];

      if (name == NULL ? child->name == NULL
                       : child->name != NULL && strncmp (child->name, name, length) == 0 &&
                           child->name[length] == '\0')
        return child;
    }
  return NULL;
}

static gboolean
skim_object (FastParser           *fp,
             const VsJsonSkimPath *want,
             VsJsonSkimValue      *values)
{
  fast_skip_blank (fp);
  if (fp->p < fp->end && *fp->p == '}')
    {
      fp->p++;
      return TRUE;
    }
  for (;;)
    {
      const VsJsonSkimPath *child;

      if (fp->p >= fp->end || *fp->p != '"')
        return FALSE;
      fp->p++;
      if (!fast_string (fp))
        return FALSE;
      child = skim_child (want, fp->buffer->str, fp->buffer->len);
      fast_skip_blank (fp);
      if (fp->p >= fp->end || *fp->p != ':')
        return FALSE;
      fp->p++;
      if (!skim_value (fp, child, values))
        return FALSE;
      fast_skip_blank (fp);
      if (fp->p < fp->end && *fp->p == ',')
        {
          fp->p++;
          fast_skip_blank (fp);
          continue;
        }
      if (fp->p < fp->end && *fp->p == '}')
        {
          fp->p++;
          return TRUE;
        }
      return FALSE;
    }
}

static gboolean
skim_array (FastParser           *fp,
            const VsJsonSkimPath *want,
            VsJsonSkimValue      *values)
{
  const VsJsonSkimPath *first = skim_child (want, NULL, 0);

  fast_skip_blank (fp);
  if (fp->p < fp->end && *fp->p == ']')
    {
      fp->p++;
      return TRUE;
    }
  for (guint i = 0;; i++)
    {
      if (!skim_value (fp, i == 0 ? first : NULL, values))
        return FALSE;
      fast_skip_blank (fp);
      if (fp->p < fp->end && *fp->p == ',')
        {
          fp->p++;
          continue;
        }
      if (fp->p < fp->end && *fp->p == ']')
        {
          fp->p++;
          return TRUE;
        }
      return FALSE;
    }
}

static gboolean
skim_value (FastParser           *fp,
            const VsJsonSkimPath *want,
            VsJsonSkimValue      *values)
{
  VsJsonSkimValue *v = want != NULL && want->slot >= 0 ? &values[want->slot] : NULL;
  VsJsonSkimType type;
  gboolean ok;

  fast_skip_blank (fp);
  if (fp->p >= fp->end)
    return FALSE;
  switch (*fp->p)
    {
    case '{':
    case '[':
      if (fp->depth >= FAST_MAX_DEPTH)
        return FALSE;
      type = *fp->p == '{' ? VS_JSON_SKIM_OBJECT : VS_JSON_SKIM_ARRAY;
      fp->depth++;
      fp->p++;
      ok = type == VS_JSON_SKIM_OBJECT ? skim_object (fp, want, values)
                                       : skim_array (fp, want, values);
      fp->depth--;
      if (!ok)
        return FALSE;
      break;
    case '"':
      fp->p++;
      if (!fast_string (fp))
        return FALSE;
      type = VS_JSON_SKIM_STRING;
      if (v != NULL)
        g_string_append_len (g_string_truncate (v->string, 0), fp->buffer->str,
                             (gssize) fp->buffer->len);
      break;
    case 't':
    case 'f':
      if (!fast_literal (fp, *fp->p == 't' ? "true" : "false", *fp->p == 't' ? 4 : 5))
        return FALSE;
      type = VS_JSON_SKIM_BOOLEAN;
      break;
    case 'n':
      if (!fast_literal (fp, "null", 4))
        return FALSE;
      type = VS_JSON_SKIM_NULL;
      break;
    default:
      {
        gboolean whole;
        gint64   integer = 0;
        double   number = 0;

        if (!fast_number_scan (fp, &whole, &integer, &number))
          return FALSE;
        type = whole ? VS_JSON_SKIM_INT : VS_JSON_SKIM_DOUBLE;
        if (v != NULL)
          {
            v->integer = integer;
            v->number = number;
          }
      }
      break;
    }
  if (v != NULL)
    {
      v->type = type;
      v->count++;
    }
  return TRUE;
}

gboolean
vs_json_skim (const char           *text,
              gsize                 length,
              const VsJsonSkimPath *root,
              VsJsonSkimValue      *values,
              guint                 n_values,
              GString              *buffer)
{
  FastParser fp = { text, text + length, buffer, 0 };

  g_return_val_if_fail (text != NULL || length == 0, FALSE);
  g_return_val_if_fail (root != NULL, FALSE);
  g_return_val_if_fail (buffer != NULL, FALSE);

  for (guint i = 0; i < n_values; i++)
    {
      values[i].type = VS_JSON_SKIM_ABSENT;
      values[i].count = 0;
      if (values[i].string == NULL)
        values[i].string = g_string_sized_new (64);
      g_string_truncate (values[i].string, 0);
    }
  if (!g_utf8_validate_len (text, length, NULL))
    return FALSE;
  if (!skim_value (&fp, root, values))
    return FALSE;
  fast_skip_blank (&fp);
  return fp.p == fp.end;
}

void
vs_json_skim_values_clear (VsJsonSkimValue *values,
                           guint            n_values)
{
  for (guint i = 0; i < n_values; i++)
    if (values[i].string != NULL)
      {
        g_string_free (values[i].string, TRUE);
        values[i].string = NULL;
      }
}

/* As vs_json_parse (vs_json_to_string (node)) would give it, without the text: NULL when that
 * would not read back (a string that is not UTF-8). */
static JsonNode *
copy_as_read_back (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObject *copy = json_object_new ();
        GList      *members = json_object_get_members (object);
        JsonNode   *out;

        for (GList *l = members; l != NULL; l = l->next)
          {
            JsonNode *member = g_utf8_validate (l->data, -1, NULL)
                                 ? copy_as_read_back (json_object_get_member (object, l->data))
                                 : NULL;

            if (member == NULL)
              {
                g_list_free (members);
                json_object_unref (copy);
                return NULL;
              }
            json_object_set_member (copy, l->data, member);
          }
        g_list_free (members);
        out = json_node_new (JSON_NODE_OBJECT);
        json_node_take_object (out, copy);
        return out;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint      n = json_array_get_length (array);
        JsonArray *copy = json_array_sized_new (n);
        JsonNode  *out;

        for (guint i = 0; i < n; i++)
          {
            JsonNode *element = copy_as_read_back (json_array_get_element (array, i));

            if (element == NULL)
              {
                json_array_unref (copy);
                return NULL;
              }
            json_array_add_element (copy, element);
          }
        out = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (out, copy);
        return out;
      }

    case JSON_NODE_VALUE:
      {
        GType     type = json_node_get_value_type (node);
        JsonNode *out;

        if (type == G_TYPE_DOUBLE)
          {
            double number = json_node_get_double (node);

            /* Written as digits only when whole and inside int64 (see append_json_scalar()),
             * and "null" when not finite. */
            if (!isfinite (number))
              return json_node_new (JSON_NODE_NULL);
            out = json_node_new (JSON_NODE_VALUE);
            if (number == floor (number) && fabs (number) < 9.2233720368547758e18)
              json_node_set_int (out, (gint64) number);
            else
              json_node_set_double (out, number);
            return out;
          }
        out = json_node_new (JSON_NODE_VALUE);
        if (type == G_TYPE_STRING)
          {
            const char *text = json_node_get_string (node);

            if (text != NULL && !g_utf8_validate (text, -1, NULL))
              {
                json_node_unref (out);
                return NULL;
              }
            json_node_set_string (out, text ? text : "");
          }
        else if (type == G_TYPE_INT64)
          json_node_set_int (out, json_node_get_int (node));
        else
          json_node_set_boolean (out, json_node_get_boolean (node));
        return out;
      }

    case JSON_NODE_NULL:
    default:
      return json_node_new (JSON_NODE_NULL);
    }
}

JsonNode *
vs_json_copy_as_read_back (JsonNode *node)
{
  JsonNode *copy;

  g_return_val_if_fail (node != NULL, NULL);

  copy = copy_as_read_back (node);
  if (copy != NULL)
    json_node_seal (copy);
  return copy;
}

JsonNode *
vs_json_parse (const char  *text,
               gssize       length,
               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) big = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  if (length < 0)
    length = strlen (text);

  if (!g_utf8_validate (text, length, NULL))
    {
      const char *end = NULL;

      g_utf8_validate (text, length, &end);
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   /* Translators: the number is a byte offset in the text, counted from 0. */
                   _("Not valid UTF-8 at byte %" PRId64), (int64_t) (end - text));
      return NULL;
    }

  {
    JsonNode *node = fast_parse (text, (gsize) length);

    if (node != NULL)
      return node;
  }

  /* json-glib 1.6 reads "\\666" as an octal byte, "\\udc00" as a lone surrogate and "\\q" as
   * "q": none is JSON, and the first two give strings that are not UTF-8. */
  {
    gssize bad = vs_json_find_invalid_escape (text, length);

    if (bad >= 0)
      {
        g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                     /* Translators: the number is a byte offset in the text, counted from 0. */
                     _("Not a valid JSON escape in a string at byte %" PRId64), (int64_t) bad);
        return NULL;
      }
  }

  /* Whole numbers past int64 would come back wrapped; keep their digits as text. */
  {
    gssize first = -1;

    big = vs_json_quote_big_integers (text, length, &first);
  }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, big ? big->str : text,
                                   big ? (gssize) big->len : length, &local_error))
    {
      /* json-glib quotes the offending token, bytes and all. */
      g_autofree char *message = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, VS_ERROR, VS_ERROR_INVALID, "%s", message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID, _("The JSON text is empty"));
      return NULL;
    }

  return json_parser_steal_root (parser);
}

JsonObject *
vs_json_parse_object (const char  *text,
                      gssize       length,
                      GError     **error)
{
  g_autoptr(JsonNode) node = vs_json_parse (text, length, error);

  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID,
                           _("Expected a JSON object ({…}) at the top level"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (node));
}

JsonNode *
vs_json_load_file (const char  *path,
                   GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  JsonNode *node;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  node = vs_json_parse (contents, length, &local_error);
  if (node == NULL)
    {
      /* Translators: the first %s is a file's path, the second what is wrong with its JSON. */
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID, _("%s: %s"), path, local_error->message);
      return NULL;
    }

  return node;
}

char *
vs_json_format_double (double value)
{
  char buf[64];
  char digits[32];
  char fmt[16];
  GString *out;
  const char *p;
  gsize k = 0;
  int exponent;
  int n;

  if (!isfinite (value))
    return g_strdup ("null");
  if (value == 0)
    return g_strdup ("0");
  /* A whole number that a double holds exactly: its digits, as the search below would give
   * (without its 17 snprintf and strtod rounds; counts and -1 for "unknown" are most of the
   * doubles written). */
  if (fabs (value) < 9007199254740992.0 && value == floor (value))
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);

  for (int precision = 1; precision <= 17; precision++)
    {
      g_snprintf (fmt, sizeof fmt, "%%.%de", precision - 1);
      g_ascii_formatd (buf, sizeof buf, fmt, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  out = g_string_new (NULL);
  p = buf;
  if (*p == '-')
    {
      g_string_append_c (out, '-');
      p++;
    }
  for (; *p && *p != 'e'; p++)
    if (g_ascii_isdigit (*p) && k < sizeof digits - 1)
      digits[k++] = *p;
  digits[k] = '\0';
  exponent = *p == 'e' ? atoi (p + 1) : 0;
  while (k > 1 && digits[k - 1] == '0')
    digits[--k] = '\0';

  /* ECMAScript's Number::toString layout: plain decimals between 1e-7 and 1e21. */
  n = exponent + 1;
  if ((int) k <= n && n <= 21)
    {
      g_string_append (out, digits);
      for (int i = 0; i < n - (int) k; i++)
        g_string_append_c (out, '0');
    }
  else if (0 < n && n <= 21)
    {
      g_string_append_len (out, digits, n);
      g_string_append_c (out, '.');
      g_string_append (out, digits + n);
    }
  else if (-6 < n && n <= 0)
    {
      g_string_append (out, "0.");
      for (int i = 0; i < -n; i++)
        g_string_append_c (out, '0');
      g_string_append (out, digits);
    }
  else
    {
      g_string_append_c (out, digits[0]);
      if (k > 1)
        {
          g_string_append_c (out, '.');
          g_string_append (out, digits + 1);
        }
      g_string_append_printf (out, "e%c%d", n - 1 >= 0 ? '+' : '-', ABS (n - 1));
    }

  return g_string_free (out, FALSE);
}

/* The one JSON string escaper (the writer below and the tests' fake model server use it).
 * RFC 8259's minimum: the quote, the backslash and the C0
 * controls, with the short forms where JSON has them. U+2028 and U+2029 are valid JSON and
 * stay as they are (escaping them only matters inside JavaScript source). Bytes are copied
 * as they come: invalid UTF-8 is the caller's to reject, as vs_json_parse() does. */
void
vs_json_append_escaped (GString    *out,
                        const char *text,
                        gssize      length)
{
  static const char hex[] = "0123456789abcdef";
  const guchar *p, *end;

  g_return_if_fail (out != NULL);

  if (text == NULL)
    text = "";
  if (length < 0)
    length = strlen (text);
  p = (const guchar *) text;
  end = p + length;

  g_string_append_c (out, '"');
  while (p < end)
    {
      const guchar *run = p;

      while (p < end && *p >= 0x20 && *p != '"' && *p != '\\')
        p++;
      g_string_append_len (out, (const char *) run, p - run);
      if (p == end)
        break;
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          g_string_append (out, "\\u00");
          g_string_append_c (out, hex[*p >> 4]);
          g_string_append_c (out, hex[*p & 0xf]);
          break;
        }
      p++;
    }
  g_string_append_c (out, '"');
}

static inline void
append_json_string (GString    *out,
                    const char *s)
{
  vs_json_append_escaped (out, s, -1);
}

void
vs_json_append_double (GString *out,
                       double   number)
{
  g_autofree char *s = vs_json_format_double (number);

  /* Digits only and past the int64 range: json-glib would read it back as an integer
   * and wrap it. Write the exponent form, which it reads as a double. */
  if (strpbrk (s, ".e") == NULL && fabs (number) >= 9.2233720368547758e18)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      for (int precision = 1; precision <= 17; precision++)
        {
          char fmt[16];

          g_snprintf (fmt, sizeof fmt, "%%.%de", precision - 1);
          g_ascii_formatd (buf, sizeof buf, fmt, number);
          if (g_ascii_strtod (buf, NULL) == number)
            break;
        }
      g_string_append (out, buf);
    }
  else
    g_string_append (out, s);
}

static void
append_json_scalar (GString  *out,
                    JsonNode *value)
{
  GType type = json_node_get_value_type (value);

  if (type == G_TYPE_STRING)
    append_json_string (out, json_node_get_string (value));
  else if (type == G_TYPE_INT64)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (value));
  else if (type == G_TYPE_DOUBLE)
    vs_json_append_double (out, json_node_get_double (value));
  else if (type == G_TYPE_BOOLEAN)
    g_string_append (out, json_node_get_boolean (value) ? "true" : "false");
  else
    g_string_append (out, "null");
}

static void
append_indent (GString *out,
               int      indent)
{
  g_string_append_c (out, '\n');
  for (int i = 0; i < indent; i++)
    g_string_append (out, "  ");
}

/* @indent < 0: compact; otherwise pretty, two spaces per level. */
static void
append_json (GString  *out,
             JsonNode *value,
             int       indent)
{
  switch (JSON_NODE_TYPE (value))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
      append_json_scalar (out, value);
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (value);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            if (indent >= 0)
              append_indent (out, indent + 1);
            append_json (out, json_array_get_element (array, i), indent >= 0 ? indent + 1 : -1);
          }
        if (indent >= 0 && n > 0)
          append_indent (out, indent);
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (value);
        GList *members = json_object_get_members (object);
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        for (GList *l = members; l != NULL; l = l->next)
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            if (indent >= 0)
              append_indent (out, indent + 1);
            append_json_string (out, l->data);
            g_string_append (out, indent >= 0 ? ": " : ":");
            append_json (out, json_object_get_member (object, l->data),
                         indent >= 0 ? indent + 1 : -1);
          }
        if (indent >= 0 && members != NULL)
          append_indent (out, indent);
        g_string_append_c (out, '}');
        g_list_free (members);
      }
      break;

    default:
      break;
    }
}

/* As append_json() compact, with every object's members in strcmp() order. */
static void
append_canonical (GString  *out,
                  JsonNode *value)
{
  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);
      guint      n = json_array_get_length (array);

      g_string_append_c (out, '[');
      for (guint i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_canonical (out, json_array_get_element (array, i));
        }
      g_string_append_c (out, ']');
    }
  else if (JSON_NODE_HOLDS_OBJECT (value))
    {
      JsonObject *object = json_node_get_object (value);
      GList      *members = g_list_sort (json_object_get_members (object), (GCompareFunc) strcmp);

      g_string_append_c (out, '{');
      for (GList *l = members; l != NULL; l = l->next)
        {
          if (l != members)
            g_string_append_c (out, ',');
          append_json_string (out, l->data);
          g_string_append_c (out, ':');
          append_canonical (out, json_object_get_member (object, l->data));
        }
      g_string_append_c (out, '}');
      g_list_free (members);
    }
  else
    append_json (out, value, -1);
}

void
vs_json_append_canonical (GString  *out,
                          JsonNode *node)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (node != NULL);

  append_canonical (out, node);
}

void
vs_json_append (GString  *out,
                JsonNode *node,
                gboolean  pretty)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (node != NULL);

  append_json (out, node, pretty ? 0 : -1);
}

/* Our own writer, not JsonGenerator: json-glib 1.6 writes 0.1 as 0.10000000000000001 and
 * 1e20 as "1e+20.0", which is not JSON at all and fails the project file's json_valid()
 * checks. Numbers here are the shortest text that reads back exactly. */
char *
vs_json_to_string (JsonNode *node,
                   gboolean  pretty)
{
  GString *out;

  g_return_val_if_fail (node != NULL, NULL);

  out = g_string_new (NULL);
  append_json (out, node, pretty ? 0 : -1);
  return g_string_free (out, FALSE);
}

char *
vs_json_object_to_string (JsonObject *object,
                          gboolean    pretty)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return vs_json_to_string (node, pretty);
}

const char *
vs_json_get_string (JsonObject *object,
                    const char *member,
                    const char *fallback)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return fallback;

  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return fallback;

  return json_node_get_string (node);
}

gboolean
vs_json_double_to_int64 (double  value,
                         gint64 *out)
{
  /* -2^63 is exact as a double; 2^63 is the first double past G_MAXINT64. NaN fails both. */
  if (!(value >= -9223372036854775808.0 && value < 9223372036854775808.0))
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

gboolean
vs_json_node_get_int64 (JsonNode *node,
                        gint64   *out)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return vs_json_double_to_int64 (json_node_get_double (node), out);
  return FALSE;
}

/* json_node_copy() in json-glib 1.6 shares the JsonObject, JsonArray and even the JsonValue
 * of the node it copies, with reference counts that are not atomic: a "copy" handed to a
 * worker is the same data the main thread edits. These build every container and value
 * anew. Big integers that vs_json_parse() kept as text are string nodes and stay so. */
static JsonArray *array_deep_copy (JsonArray *array);

static JsonObject *
object_deep_copy (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  GList *members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (copy, l->data,
                            vs_json_node_deep_copy (json_object_get_member (object, l->data)));
  g_list_free (members);
  return copy;
}

static JsonArray *
array_deep_copy (JsonArray *array)
{
  guint n = json_array_get_length (array);
  JsonArray *copy = json_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    json_array_add_element (copy, vs_json_node_deep_copy (json_array_get_element (array, i)));
  return copy;
}

JsonNode *
vs_json_node_deep_copy (JsonNode *node)
{
  JsonNode *copy;

  if (node == NULL)
    return NULL;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);

        copy = json_node_new (JSON_NODE_OBJECT);
        if (object != NULL)
          json_node_take_object (copy, object_deep_copy (object));
        return copy;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        copy = json_node_new (JSON_NODE_ARRAY);
        if (array != NULL)
          json_node_take_array (copy, array_deep_copy (array));
        return copy;
      }

    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        copy = json_node_alloc ();
        if (type == G_TYPE_STRING)
          return json_node_init_string (copy, json_node_get_string (node));
        if (type == G_TYPE_INT64)
          return json_node_init_int (copy, json_node_get_int (node));
        if (type == G_TYPE_DOUBLE)
          return json_node_init_double (copy, json_node_get_double (node));
        if (type == G_TYPE_BOOLEAN)
          return json_node_init_boolean (copy, json_node_get_boolean (node));
        return json_node_init_null (copy);
      }

    case JSON_NODE_NULL:
    default:
      return json_node_new (JSON_NODE_NULL);
    }
}

JsonObject *
vs_json_object_deep_copy (JsonObject *object)
{
  g_return_val_if_fail (object != NULL, NULL);
  return object_deep_copy (object);
}

JsonArray *
vs_json_array_deep_copy (JsonArray *array)
{
  g_return_val_if_fail (array != NULL, NULL);
  return array_deep_copy (array);
}

char *
vs_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}
