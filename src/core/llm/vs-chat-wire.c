/* vs-chat-wire.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parsers for the OpenAI-compatible and Ollama wire formats. Lenient about what they do not
 * need (unknown members, missing usage), strict about what they do (a reply without a
 * message is an error, never an empty success).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vs-chat-response-private.h"
#include "vs-chat-wire-private.h"
#include "vs-json.h"
#include "vs-request-engine.h"

#define MAX_ERROR_TEXT 300

static gint64
json_int (JsonObject *object,
          const char *member,
          gint64      fallback)
{
  gint64 value;

  /* A count past the int64 range (1e30) or negative is no count at all: "not reported". */
  if (object == NULL ||
      !vs_json_node_get_int64 (json_object_get_member (object, member), &value) || value < 0)
    return fallback;
  return value;
}

static JsonObject *
json_child_object (JsonObject *object,
                   const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
json_string_or_null (JsonObject *object,
                     const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
json_true (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

static JsonObject *
first_choice (JsonObject *object)
{
  JsonNode *node = object ? json_object_get_member (object, "choices") : NULL;
  JsonArray *choices;
  JsonNode *first;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  choices = json_node_get_array (node);
  if (json_array_get_length (choices) == 0)
    return NULL;
  first = json_array_get_element (choices, 0);
  return JSON_NODE_HOLDS_OBJECT (first) ? json_node_get_object (first) : NULL;
}

static void
set_finish_reason (VsChatResponse *response,
                   const char     *reason)
{
  g_free (response->finish_reason);
  response->finish_reason = g_strdup (reason);
}

char *
_vs_chat_wire_error_text (const char *body,
                          gsize       length)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  const char *found = NULL;

  if (body == NULL || length == 0)
    return NULL;
  root = vs_json_parse (body, length, NULL);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      JsonNode *error = json_object_get_member (object, "error");

      if (error != NULL && JSON_NODE_HOLDS_OBJECT (error))
        found = json_string_or_null (json_node_get_object (error), "message");
      else if (error != NULL)
        found = json_string_or_null (object, "error");
      if (found == NULL)
        found = json_string_or_null (object, "message");
      if (found == NULL)
        found = json_string_or_null (object, "detail");
    }
  if (found != NULL)
    text = g_strdup (found);
  else
    {
      text = g_utf8_make_valid (body, MIN (length, MAX_ERROR_TEXT));
      for (char *p = text; *p; p++)
        if ((guchar) *p < 0x20)
          *p = ' ';
      g_strstrip (text);
      if (length > MAX_ERROR_TEXT)
        {
          char *longer = g_strconcat (text, "…", NULL);
          g_free (text);
          text = longer;
        }
    }
  if (*text == '\0')
    return NULL;
  return g_steal_pointer (&text);
}

gboolean
_vs_chat_wire_stream_line (VsEndpointKind   kind,
                           const char      *line,
                           gsize            length,
                           VsChatResponse  *response,
                           VsChatDeltaFunc  delta,
                           gpointer         user_data,
                           gboolean        *done,
                           GError         **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  while (length > 0 && (line[length - 1] == '\r' || line[length - 1] == ' '))
    length--;
  if (length == 0)
    return TRUE;

  if (kind == VS_ENDPOINT_KIND_OPENAI)
    {
      if (line[0] == ':' || length < 5 || strncmp (line, "data:", 5) != 0)
        return TRUE; /* comments, event:, id:, retry: */
      line += 5;
      length -= 5;
      while (length > 0 && *line == ' ')
        line++, length--;
      if (length == 6 && memcmp (line, "[DONE]", 6) == 0)
        {
          *done = TRUE;
          return TRUE;
        }
    }

  root = vs_json_parse (line, length, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL,
                           _("a stream event is not a JSON object"));
      return FALSE;
    }
  object = json_node_get_object (root);
  if (json_object_has_member (object, "error"))
    {
      g_autofree char *message = _vs_chat_wire_error_text (line, length);

      if (message != NULL)
        g_set_error (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_HTTP,
                     /* Translators: %s is the server's own description of the error. */
                     _("the server reported an error in the middle of the reply: %s"), message);
      else
        g_set_error_literal (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_HTTP,
                             _("the server reported an error in the middle of the reply: "
                               "no details"));
      return FALSE;
    }

  if (kind == VS_ENDPOINT_KIND_OPENAI)
    {
      JsonObject *choice = first_choice (object);
      JsonObject *usage = json_child_object (object, "usage");

      if (choice != NULL)
        {
          const char *content = json_string_or_null (json_child_object (choice, "delta"),
                                                     "content");
          const char *finish = json_string_or_null (choice, "finish_reason");

          if (content != NULL && *content != '\0')
            delta (content, user_data);
          if (finish != NULL)
            set_finish_reason (response, finish);
        }
      if (usage != NULL)
        {
          response->prompt_tokens = json_int (usage, "prompt_tokens", -1);
          response->completion_tokens = json_int (usage, "completion_tokens", -1);
        }
    }
  else
    {
      const char *content = json_string_or_null (json_child_object (object, "message"),
                                                 "content");

      if (content != NULL && *content != '\0')
        delta (content, user_data);
      if (json_true (object, "done"))
        {
          const char *reason = json_string_or_null (object, "done_reason");

          *done = TRUE;
          set_finish_reason (response, reason ? reason : "stop");
          response->prompt_tokens = json_int (object, "prompt_eval_count", -1);
          response->completion_tokens = json_int (object, "eval_count", -1);
        }
    }
  return TRUE;
}

gboolean
_vs_chat_wire_parse_reply (VsEndpointKind   kind,
                           JsonObject      *object,
                           VsChatResponse  *response,
                           GError         **error)
{
  JsonObject *message;
  const char *content;

  if (kind == VS_ENDPOINT_KIND_OPENAI)
    {
      JsonObject *choice = first_choice (object);
      JsonObject *usage = json_child_object (object, "usage");

      message = json_child_object (choice, "message");
      if (message == NULL)
        {
          g_set_error_literal (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL,
                               _("the reply has no choices[0].message"));
          return FALSE;
        }
      set_finish_reason (response, json_string_or_null (choice, "finish_reason"));
      response->prompt_tokens = json_int (usage, "prompt_tokens", -1);
      response->completion_tokens = json_int (usage, "completion_tokens", -1);
    }
  else
    {
      const char *reason = json_string_or_null (object, "done_reason");

      message = json_child_object (object, "message");
      if (message == NULL)
        {
          g_set_error_literal (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL,
                               _("the reply has no message"));
          return FALSE;
        }
      set_finish_reason (response, reason ? reason : "stop");
      response->prompt_tokens = json_int (object, "prompt_eval_count", -1);
      response->completion_tokens = json_int (object, "eval_count", -1);
    }
  content = json_string_or_null (message, "content");
  g_string_assign (response->text, content ? content : "");
  return TRUE;
}

GStrv
_vs_chat_wire_parse_models (VsEndpointKind   kind,
                            JsonObject      *object,
                            GError         **error)
{
  gboolean ollama = kind == VS_ENDPOINT_KIND_OLLAMA;
  JsonNode *list = json_object_get_member (object, ollama ? "models" : "data");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL,
                   /* Translators: %s is a JSON member name (models or data); keep it as is. */
                   _("the model list has no “%s” array"), ollama ? "models" : "data");
      return NULL;
    }
  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      id = json_string_or_null (json_node_get_object (element), ollama ? "name" : "id");
      if (id == NULL && ollama)
        id = json_string_or_null (json_node_get_object (element), "model");
      if (id != NULL)
        g_strv_builder_add (builder, id);
    }
  return g_strv_builder_end (builder);
}
