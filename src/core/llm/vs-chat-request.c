/* vs-chat-request.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Chat request data, its wire bodies for the OpenAI-compatible and Ollama APIs, and the
 * canonical form that the response cache hashes.
 */
#include "config.h"

#include <nettle/sha2.h>
#include <string.h>

#include "vs-chat-request-private.h"
#include "vs-chat-request.h"
#include "vs-json.h"

struct _VsChatRequest
{
  GObject      parent_instance;

  char        *model;
  JsonArray   *messages;
  JsonObject  *parameters;
  guint        sample_index;
  VsCacheMode  cache_mode;
  guint        stream : 1;
};

G_DEFINE_FINAL_TYPE (VsChatRequest, vs_chat_request, G_TYPE_OBJECT)

enum {
  DELTA,
  RETRYING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vs_chat_request_finalize (GObject *object)
{
  VsChatRequest *self = (VsChatRequest *) object;

  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->messages, json_array_unref);
  g_clear_pointer (&self->parameters, json_object_unref);

  G_OBJECT_CLASS (vs_chat_request_parent_class)->finalize (object);
}

static void
vs_chat_request_class_init (VsChatRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vs_chat_request_finalize;

  /**
   * VsChatRequest::delta:
   * @text: the new piece of the reply
   *
   * Emitted on the engine's main context for every piece of a streamed reply, or once with
   * the whole text when a streamed request is answered from the cache.
   */
  signals[DELTA] =
    g_signal_new ("delta", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * VsChatRequest::retrying:
   * @attempt: the attempt about to be made (2 for the first retry)
   * @attempts: how many attempts the policy allows in all
   * @reason: what went wrong with the last attempt
   *
   * Emitted on the engine's main context when an attempt failed and another one is
   * scheduled, so that a user waiting sees "Retrying 2 of 3…" rather than silence.
   */
  signals[RETRYING] =
    g_signal_new ("retrying", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
vs_chat_request_init (VsChatRequest *self)
{
  self->messages = json_array_new ();
  self->parameters = json_object_new ();
}

VsChatRequest *
vs_chat_request_new (const char *model)
{
  VsChatRequest *self = g_object_new (VS_TYPE_CHAT_REQUEST, NULL);

  self->model = g_strdup (model);
  return self;
}

const char *
vs_chat_request_get_model (VsChatRequest *self)
{
  g_return_val_if_fail (VS_IS_CHAT_REQUEST (self), NULL);
  return self->model;
}

void
vs_chat_request_set_model (VsChatRequest *self,
                           const char    *model)
{
  g_return_if_fail (VS_IS_CHAT_REQUEST (self));
  g_free (self->model);
  self->model = g_strdup (model);
}

void
vs_chat_request_add_message (VsChatRequest *self,
                             const char    *role,
                             const char    *content)
{
  JsonObject *message;

  g_return_if_fail (VS_IS_CHAT_REQUEST (self));
  g_return_if_fail (role != NULL);

  message = json_object_new ();
  json_object_set_string_member (message, "role", role);
  json_object_set_string_member (message, "content", content ? content : "");
  json_array_add_object_element (self->messages, message);
}

/* A sealed copy, as the JSON text of @node reads back. */
static JsonNode *
deep_copy (JsonNode *node)
{
  return vs_json_copy_as_read_back (node);
}

void
vs_chat_request_set_messages (VsChatRequest *self,
                              JsonArray     *messages)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) copy = NULL;

  g_return_if_fail (VS_IS_CHAT_REQUEST (self));
  g_return_if_fail (messages != NULL);

  node = json_node_init_array (json_node_alloc (), messages);
  copy = deep_copy (node);
  json_array_unref (self->messages);
  self->messages = json_node_dup_array (copy);
}

JsonArray *
vs_chat_request_get_messages (VsChatRequest *self)
{
  g_return_val_if_fail (VS_IS_CHAT_REQUEST (self), NULL);
  return self->messages;
}

void
vs_chat_request_set_parameters (VsChatRequest *self,
                                JsonObject    *parameters)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) copy = NULL;

  g_return_if_fail (VS_IS_CHAT_REQUEST (self));

  json_object_unref (self->parameters);
  if (parameters == NULL)
    {
      self->parameters = json_object_new ();
      return;
    }
  node = json_node_init_object (json_node_alloc (), parameters);
  copy = deep_copy (node);
  self->parameters = json_node_dup_object (copy);
}

JsonObject *
vs_chat_request_get_parameters (VsChatRequest *self)
{
  g_return_val_if_fail (VS_IS_CHAT_REQUEST (self), NULL);
  return self->parameters;
}

void
vs_chat_request_set_parameter (VsChatRequest *self,
                               const char    *name,
                               JsonNode      *value)
{
  g_return_if_fail (VS_IS_CHAT_REQUEST (self));
  g_return_if_fail (name != NULL);

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    json_object_remove_member (self->parameters, name);
  else
    json_object_set_member (self->parameters, name, deep_copy (value));
}

guint
vs_chat_request_get_sample_index (VsChatRequest *self)
{
  g_return_val_if_fail (VS_IS_CHAT_REQUEST (self), 0);
  return self->sample_index;
}

void
vs_chat_request_set_sample_index (VsChatRequest *self,
                                  guint          sample_index)
{
  g_return_if_fail (VS_IS_CHAT_REQUEST (self));
  self->sample_index = sample_index;
}

gboolean
vs_chat_request_get_stream (VsChatRequest *self)
{
  g_return_val_if_fail (VS_IS_CHAT_REQUEST (self), FALSE);
  return self->stream;
}

void
vs_chat_request_set_stream (VsChatRequest *self,
                            gboolean       stream)
{
  g_return_if_fail (VS_IS_CHAT_REQUEST (self));
  self->stream = !!stream;
}

VsCacheMode
vs_chat_request_get_cache_mode (VsChatRequest *self)
{
  g_return_val_if_fail (VS_IS_CHAT_REQUEST (self), VS_CACHE_MODE_USE);
  return self->cache_mode;
}

void
vs_chat_request_set_cache_mode (VsChatRequest *self,
                                VsCacheMode    mode)
{
  g_return_if_fail (VS_IS_CHAT_REQUEST (self));
  self->cache_mode = mode;
}

void
vs_chat_request_emit_delta (VsChatRequest *self,
                            const char    *text)
{
  g_return_if_fail (VS_IS_CHAT_REQUEST (self));
  g_signal_emit (self, signals[DELTA], 0, text);
}

void
vs_chat_request_emit_retrying (VsChatRequest *self,
                               guint          attempt,
                               guint          attempts,
                               const char    *reason)
{
  g_return_if_fail (VS_IS_CHAT_REQUEST (self));
  g_signal_emit (self, signals[RETRYING], 0, attempt, attempts, reason);
}

/* Ollama puts sampling parameters into "options" and spells a few of them differently. */
static void
add_ollama_parameters (JsonBuilder *builder,
                       JsonObject  *parameters)
{
  g_autoptr(GList) members = json_object_get_members (parameters);
  gboolean any_option = FALSE;

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *value = json_object_get_member (parameters, name);

      if (strcmp (name, "response_format") == 0)
        {
          JsonObject *format = JSON_NODE_HOLDS_OBJECT (value) ? json_node_get_object (value)
                                                              : NULL;
          const char *type = format ? vs_json_get_string (format, "type", NULL) : NULL;

          if (g_strcmp0 (type, "json_object") == 0)
            {
              json_builder_set_member_name (builder, "format");
              json_builder_add_string_value (builder, "json");
            }
          else if (g_strcmp0 (type, "json_schema") == 0 &&
                   json_object_has_member (format, "json_schema"))
            {
              JsonNode *schema = json_object_get_member (format, "json_schema");
              if (JSON_NODE_HOLDS_OBJECT (schema) &&
                  json_object_has_member (json_node_get_object (schema), "schema"))
                schema = json_object_get_member (json_node_get_object (schema), "schema");
              json_builder_set_member_name (builder, "format");
              json_builder_add_value (builder, json_node_copy (schema));
            }
        }
      else if (strcmp (name, "keep_alive") == 0 || strcmp (name, "think") == 0 ||
               strcmp (name, "tools") == 0)
        {
          json_builder_set_member_name (builder, name);
          json_builder_add_value (builder, json_node_copy (value));
        }
      else
        any_option = TRUE;
    }

  if (!any_option)
    return;

  json_builder_set_member_name (builder, "options");
  json_builder_begin_object (builder);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *value = json_object_get_member (parameters, name);

      if (strcmp (name, "response_format") == 0 || strcmp (name, "keep_alive") == 0 ||
          strcmp (name, "think") == 0 || strcmp (name, "tools") == 0)
        continue;
      if (strcmp (name, "max_tokens") == 0 || strcmp (name, "max_completion_tokens") == 0)
        name = "num_predict";
      if (strcmp (name, "stop") == 0 && JSON_NODE_HOLDS_VALUE (value))
        {
          /* Ollama wants a list of stop strings. */
          json_builder_set_member_name (builder, "stop");
          json_builder_begin_array (builder);
          json_builder_add_value (builder, json_node_copy (value));
          json_builder_end_array (builder);
          continue;
        }
      json_builder_set_member_name (builder, name);
      json_builder_add_value (builder, json_node_copy (value));
    }
  json_builder_end_object (builder);
}

/* Ollama's body, whose parameters go partly under "options". */
static char *
build_body_with_builder (VsChatRequest *self,
                         VsEndpointKind kind,
                         gboolean       stream_usage)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) messages = NULL;

  g_return_val_if_fail (VS_IS_CHAT_REQUEST (self), NULL);

  messages = json_node_init_array (json_node_alloc (), self->messages);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, self->model ? self->model : "");
  json_builder_set_member_name (builder, "messages");
  json_builder_add_value (builder, json_node_copy (messages));
  json_builder_set_member_name (builder, "stream");
  json_builder_add_boolean_value (builder, self->stream);

  if (kind == VS_ENDPOINT_KIND_OLLAMA)
    add_ollama_parameters (builder, self->parameters);
  else
    {
      g_autoptr(GList) members = json_object_get_members (self->parameters);

      for (GList *l = members; l != NULL; l = l->next)
        {
          if (strcmp (l->data, "model") == 0 || strcmp (l->data, "messages") == 0 ||
              strcmp (l->data, "stream") == 0 || strcmp (l->data, "stream_options") == 0)
            continue;
          json_builder_set_member_name (builder, l->data);
          json_builder_add_value (builder,
                                  json_node_copy (json_object_get_member (self->parameters,
                                                                          l->data)));
        }
      if (self->stream && stream_usage)
        {
          json_builder_set_member_name (builder, "stream_options");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "include_usage");
          json_builder_add_boolean_value (builder, TRUE);
          json_builder_end_object (builder);
        }
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return vs_json_to_string (root, FALSE);
}

/* Every other kind's body, written straight: the members in the order the builder would
 * put them (model, messages, stream, the parameters in their order, stream_options), and the
 * same text as vs_json_to_string() of that object, without building it. */
void
vs_chat_request_append_body (VsChatRequest *self,
                             VsEndpointKind kind,
                             gboolean       stream_usage,
                             GString       *out)
{
  g_autoptr(JsonNode) messages = NULL;
  g_autoptr(GList) members = NULL;

  g_return_if_fail (VS_IS_CHAT_REQUEST (self));
  g_return_if_fail (out != NULL);

  if (kind == VS_ENDPOINT_KIND_OLLAMA)
    {
      g_autofree char *body = build_body_with_builder (self, kind, stream_usage);

      g_string_append (out, body);
      return;
    }
  messages = json_node_init_array (json_node_alloc (), self->messages);
  g_string_append (out, "{\"model\":");
  vs_json_append_escaped (out, self->model ? self->model : "", -1);
  g_string_append (out, ",\"messages\":");
  vs_json_append (out, messages, FALSE);
  g_string_append (out, self->stream ? ",\"stream\":true" : ",\"stream\":false");
  members = json_object_get_members (self->parameters);
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (strcmp (l->data, "model") == 0 || strcmp (l->data, "messages") == 0 ||
          strcmp (l->data, "stream") == 0 || strcmp (l->data, "stream_options") == 0)
        continue;
      g_string_append_c (out, ',');
      vs_json_append_escaped (out, l->data, -1);
      g_string_append_c (out, ':');
      vs_json_append (out, json_object_get_member (self->parameters, l->data), FALSE);
    }
  if (self->stream && stream_usage)
    g_string_append (out, ",\"stream_options\":{\"include_usage\":true}");
  g_string_append_c (out, '}');
}

char *
vs_chat_request_build_body (VsChatRequest *self,
                            VsEndpointKind kind,
                            gboolean       stream_usage)
{
  GString *out;

  g_return_val_if_fail (VS_IS_CHAT_REQUEST (self), NULL);

  if (kind == VS_ENDPOINT_KIND_OLLAMA)
    return build_body_with_builder (self, kind, stream_usage);
  out = g_string_sized_new (1024);
  vs_chat_request_append_body (self, kind, stream_usage, out);
  return g_string_free (out, FALSE);
}

static JsonNode *
canonical_node (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObject *sorted = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (object);

      members = g_list_sort (members, (GCompareFunc) strcmp);
      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (sorted, l->data,
                                canonical_node (json_object_get_member (object, l->data)));
      JsonNode *n = json_node_alloc ();

      json_node_init_object (n, sorted);
      json_object_unref (sorted);
      return n;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      JsonArray *out = json_array_sized_new (json_array_get_length (array));
      JsonNode *n;

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (out, canonical_node (json_array_get_element (array, i)));
      n = json_node_alloc ();
      json_node_init_array (n, out);
      json_array_unref (out);
      return n;
    }
  return json_node_copy (node);
}

JsonNode *
vs_json_canonical_node (JsonNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);

  return canonical_node (node);
}

char *
vs_json_canonical_string (JsonNode *node)
{
  GString *out;

  g_return_val_if_fail (node != NULL, NULL);

  out = g_string_sized_new (256);
  vs_json_append_canonical (out, node);
  return g_string_free (out, FALSE);
}

/* The key is the SHA-256 of the canonical text of {kind, messages, model, parameters,
 * sample_index, url}, written straight in its members' sorted order rather than through a JSON
 * object and its sorted copy (a key is computed for every request, and for every line of a
 * batch output file). Its text is cut in three around the messages and the sample index, so
 * that many requests differing only there (a run's trials of one contender) share the rest. */
void
_vs_chat_key_parts_init (VsChatKeyParts *parts,
                         VsChatRequest  *request,
                         VsEndpointKind  kind,
                         const char     *chat_url)
{
  g_autoptr(GString) text = g_string_sized_new (256);
  g_autoptr(JsonNode) parameters = NULL;

  g_return_if_fail (parts != NULL);
  g_return_if_fail (VS_IS_CHAT_REQUEST (request));

  g_string_append (text, "{\"kind\":");
  vs_json_append_escaped (text, vs_endpoint_kind_to_string (kind), -1);
  g_string_append (text, ",\"messages\":");
  parts->head = g_strndup (text->str, text->len);

  parameters = json_node_init_object (json_node_alloc (), request->parameters);
  g_string_assign (text, ",\"model\":");
  vs_json_append_escaped (text, request->model ? request->model : "", -1);
  g_string_append (text, ",\"parameters\":");
  vs_json_append_canonical (text, parameters);
  g_string_append (text, ",\"sample_index\":");
  parts->middle = g_strndup (text->str, text->len);

  g_string_assign (text, ",\"url\":");
  vs_json_append_escaped (text, chat_url ? chat_url : "", -1);
  g_string_append_c (text, '}');
  parts->tail = g_strndup (text->str, text->len);
}

void
_vs_chat_key_parts_clear (VsChatKeyParts *parts)
{
  g_clear_pointer (&parts->head, g_free);
  g_clear_pointer (&parts->middle, g_free);
  g_clear_pointer (&parts->tail, g_free);
}

void
_vs_chat_key_append_message (GString    *messages,
                             const char *role,
                             const char *content)
{
  /* A message object's canonical text: its members sorted, "content" before "role". */
  g_string_append (messages, "{\"content\":");
  vs_json_append_escaped (messages, content ? content : "", -1);
  g_string_append (messages, ",\"role\":");
  vs_json_append_escaped (messages, role, -1);
  g_string_append_c (messages, '}');
}

char *
_vs_chat_key_finish (const VsChatKeyParts *parts,
                     const char           *messages,
                     gsize                 length,
                     gint64               sample_index,
                     GString              *scratch)
{
  char number[24];
  int n;

  g_string_truncate (scratch, 0);
  g_string_append (scratch, parts->head);
  g_string_append_len (scratch, messages, (gssize) length);
  g_string_append (scratch, parts->middle);
  n = g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, sample_index);
  g_string_append_len (scratch, number, n);
  g_string_append (scratch, parts->tail);
  return _vs_sha256_hex (scratch->str, scratch->len);
}

char *
_vs_sha256_hex (const char *data,
                gsize       length)
{
  static const char hex[] = "0123456789abcdef";
  struct sha256_ctx ctx;
  guint8 digest[SHA256_DIGEST_SIZE];
  char *out = g_malloc (SHA256_DIGEST_SIZE * 2 + 1);

  sha256_init (&ctx);
  sha256_update (&ctx, length, (const guint8 *) data);
  sha256_digest (&ctx, SHA256_DIGEST_SIZE, digest);
  for (guint i = 0; i < SHA256_DIGEST_SIZE; i++)
    {
      out[2 * i] = hex[digest[i] >> 4];
      out[2 * i + 1] = hex[digest[i] & 0xf];
    }
  out[SHA256_DIGEST_SIZE * 2] = '\0';
  return out;
}

char *
vs_chat_request_cache_key (VsChatRequest  *self,
                           VsEndpointKind  kind,
                           const char     *chat_url)
{
  g_autoptr(GString) messages = g_string_sized_new (512);
  g_autoptr(GString) scratch = g_string_sized_new (512);
  g_autoptr(JsonNode) node = NULL;
  VsChatKeyParts parts;
  char *key;

  g_return_val_if_fail (VS_IS_CHAT_REQUEST (self), NULL);

  node = json_node_init_array (json_node_alloc (), self->messages);
  vs_json_append_canonical (messages, node);
  _vs_chat_key_parts_init (&parts, self, kind, chat_url);
  key = _vs_chat_key_finish (&parts, messages->str, messages->len, self->sample_index, scratch);
  _vs_chat_key_parts_clear (&parts);
  return key;
}
