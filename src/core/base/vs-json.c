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

JsonNode *
vs_json_parse (const char  *text,
               gssize       length,
               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
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
    {
      double number = json_node_get_double (value);
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
