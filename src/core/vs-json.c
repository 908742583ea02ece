/* vs-json.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vs-error.h"
#include "vs-json.h"

JsonNode *
vs_json_parse (const char  *text,
               gssize       length,
               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  if (length < 0)
    length = strlen (text);

  if (!g_utf8_validate (text, length, NULL))
    {
      const char *end = NULL;

      g_utf8_validate (text, length, &end);
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   "Not valid UTF-8 at byte %" G_GSIZE_FORMAT, (gsize) (end - text));
      return NULL;
    }

  if (!json_parser_load_from_data (parser, text, length, &local_error))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID, "%s", local_error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID, "The JSON text is empty");
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
                           "Expected a JSON object ({…}) at the top level");
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
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID, "%s: %s", path, local_error->message);
      return NULL;
    }

  return node;
}

char *
vs_json_to_string (JsonNode *node,
                   gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  g_return_val_if_fail (node != NULL, NULL);

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  if (pretty)
    json_generator_set_indent (generator, 2);

  return json_generator_to_data (generator, NULL);
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

char *
vs_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}
