/* vs-chat-response.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The per-request record and its JSON form (shared by the CLI's --json output and the
 * response cache).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "vs-chat-response-private.h"
#include "vs-error.h"
#include "vs-json.h"

G_DEFINE_FINAL_TYPE (VsChatResponse, vs_chat_response, G_TYPE_OBJECT)

static void
vs_chat_response_finalize (GObject *object)
{
  VsChatResponse *self = (VsChatResponse *) object;

  g_string_free (self->text, TRUE);
  g_clear_pointer (&self->finish_reason, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (vs_chat_response_parent_class)->finalize (object);
}

static void
vs_chat_response_class_init (VsChatResponseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vs_chat_response_finalize;
}

static void
vs_chat_response_init (VsChatResponse *self)
{
  self->text = g_string_new (NULL);
  self->prompt_tokens = -1;
  self->completion_tokens = -1;
}

void
_vs_chat_response_reset (VsChatResponse *self)
{
  g_string_truncate (self->text, 0);
  g_clear_pointer (&self->finish_reason, g_free);
  self->prompt_tokens = -1;
  self->completion_tokens = -1;
  self->latency_ms = 0;
  self->ttft_ms = 0;
  self->tokens_per_s = 0;
  self->status = 0;
  g_clear_error (&self->error);
}

VsChatResponse *
vs_chat_response_new (void)
{
  return g_object_new (VS_TYPE_CHAT_RESPONSE, NULL);
}

const char *
vs_chat_response_get_text (VsChatResponse *self)
{
  g_return_val_if_fail (VS_IS_CHAT_RESPONSE (self), NULL);
  return self->text->str;
}

const char *
vs_chat_response_get_finish_reason (VsChatResponse *self)
{
  g_return_val_if_fail (VS_IS_CHAT_RESPONSE (self), NULL);
  return self->finish_reason;
}

gint64
vs_chat_response_get_prompt_tokens (VsChatResponse *self)
{
  g_return_val_if_fail (VS_IS_CHAT_RESPONSE (self), -1);
  return self->prompt_tokens;
}

gint64
vs_chat_response_get_completion_tokens (VsChatResponse *self)
{
  g_return_val_if_fail (VS_IS_CHAT_RESPONSE (self), -1);
  return self->completion_tokens;
}

double
vs_chat_response_get_latency_ms (VsChatResponse *self)
{
  g_return_val_if_fail (VS_IS_CHAT_RESPONSE (self), 0);
  return self->latency_ms;
}

double
vs_chat_response_get_ttft_ms (VsChatResponse *self)
{
  g_return_val_if_fail (VS_IS_CHAT_RESPONSE (self), 0);
  return self->ttft_ms;
}

double
vs_chat_response_get_tokens_per_s (VsChatResponse *self)
{
  g_return_val_if_fail (VS_IS_CHAT_RESPONSE (self), 0);
  return self->tokens_per_s;
}

guint
vs_chat_response_get_status (VsChatResponse *self)
{
  g_return_val_if_fail (VS_IS_CHAT_RESPONSE (self), 0);
  return self->status;
}

guint
vs_chat_response_get_retries (VsChatResponse *self)
{
  g_return_val_if_fail (VS_IS_CHAT_RESPONSE (self), 0);
  return self->retries;
}

gboolean
vs_chat_response_get_cached (VsChatResponse *self)
{
  g_return_val_if_fail (VS_IS_CHAT_RESPONSE (self), FALSE);
  return self->cached;
}

const GError *
vs_chat_response_get_error (VsChatResponse *self)
{
  g_return_val_if_fail (VS_IS_CHAT_RESPONSE (self), NULL);
  return self->error;
}

gboolean
vs_chat_response_is_ok (VsChatResponse *self)
{
  g_return_val_if_fail (VS_IS_CHAT_RESPONSE (self), FALSE);
  return self->error == NULL;
}

static void
add_count (JsonBuilder *builder,
           const char  *name,
           gint64       value)
{
  json_builder_set_member_name (builder, name);
  if (value < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, value);
}

static double
round3 (double v)
{
  /* Past 2^53 / 1000 there is nothing to round, and the cast would be undefined past int64
   * (a cached entry can say 1e30). */
  if (!(fabs (v) < 9.0e12))
    return v;
  return ((gint64) (v * 1000.0 + (v >= 0 ? 0.5 : -0.5))) / 1000.0;
}

JsonNode *
vs_chat_response_to_json (VsChatResponse *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (VS_IS_CHAT_RESPONSE (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, self->text->str);
  json_builder_set_member_name (builder, "finish_reason");
  if (self->finish_reason != NULL)
    json_builder_add_string_value (builder, self->finish_reason);
  else
    json_builder_add_null_value (builder);
  add_count (builder, "prompt_tokens", self->prompt_tokens);
  add_count (builder, "completion_tokens", self->completion_tokens);
  json_builder_set_member_name (builder, "latency_ms");
  json_builder_add_double_value (builder, round3 (self->latency_ms));
  json_builder_set_member_name (builder, "ttft_ms");
  json_builder_add_double_value (builder, round3 (self->ttft_ms));
  json_builder_set_member_name (builder, "tokens_per_s");
  json_builder_add_double_value (builder, round3 (self->tokens_per_s));
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, self->status);
  json_builder_set_member_name (builder, "retries");
  json_builder_add_int_value (builder, self->retries);
  json_builder_set_member_name (builder, "cached");
  json_builder_add_boolean_value (builder, self->cached);
  json_builder_set_member_name (builder, "error");
  if (self->error != NULL)
    json_builder_add_string_value (builder, self->error->message);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
append_count (GString    *out,
              const char *name,
              gint64      value)
{
  g_string_append (out, name);
  if (value < 0)
    g_string_append (out, "null");
  else
    g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

void
_vs_chat_response_set_reply (VsChatResponse *self,
                             const GString  *text,
                             const char     *finish_reason,
                             gint64          prompt_tokens,
                             gint64          completion_tokens)
{
  g_return_if_fail (VS_IS_CHAT_RESPONSE (self));

  if (text != NULL)
    g_string_append_len (g_string_truncate (self->text, 0), text->str, (gssize) text->len);
  else
    g_string_truncate (self->text, 0);
  g_free (self->finish_reason);
  self->finish_reason = g_strdup (finish_reason);
  self->prompt_tokens = prompt_tokens;
  self->completion_tokens = completion_tokens;
}

void
_vs_chat_response_append_cache_json (VsChatResponse *self,
                                     GString        *out)
{
  g_return_if_fail (VS_IS_CHAT_RESPONSE (self));

  g_string_append (out, "{\"text\":");
  vs_json_append_escaped (out, self->text->str, -1);
  g_string_append (out, ",\"finish_reason\":");
  if (self->finish_reason != NULL)
    vs_json_append_escaped (out, self->finish_reason, -1);
  else
    g_string_append (out, "null");
  append_count (out, ",\"prompt_tokens\":", self->prompt_tokens);
  append_count (out, ",\"completion_tokens\":", self->completion_tokens);
  g_string_append (out, ",\"latency_ms\":");
  vs_json_append_double (out, round3 (self->latency_ms));
  g_string_append (out, ",\"ttft_ms\":");
  vs_json_append_double (out, round3 (self->ttft_ms));
  g_string_append (out, ",\"tokens_per_s\":");
  vs_json_append_double (out, round3 (self->tokens_per_s));
  g_string_append_printf (out, ",\"status\":%u}", self->status);
}

static gint64
get_int (JsonObject *object,
         const char *name,
         gint64      fallback)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return vs_json_double_to_int64 (json_node_get_double (node), &value) ? value : fallback;
  return json_node_get_int (node);
}

static double
get_double (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  return json_node_get_double (node);
}

VsChatResponse *
vs_chat_response_new_from_json (JsonObject  *object,
                                GError     **error)
{
  g_autoptr(VsChatResponse) self = NULL;
  JsonNode *text;
  JsonNode *finish;

  g_return_val_if_fail (object != NULL, NULL);

  text = json_object_get_member (object, "text");
  if (text == NULL || !JSON_NODE_HOLDS_VALUE (text) ||
      json_node_get_value_type (text) != G_TYPE_STRING)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_CORRUPT, _("a stored response has no text"));
      return NULL;
    }
  self = vs_chat_response_new ();
  g_string_assign (self->text, json_node_get_string (text));
  finish = json_object_get_member (object, "finish_reason");
  if (finish != NULL && JSON_NODE_HOLDS_VALUE (finish) &&
      json_node_get_value_type (finish) == G_TYPE_STRING)
    self->finish_reason = g_strdup (json_node_get_string (finish));
  self->prompt_tokens = get_int (object, "prompt_tokens", -1);
  self->completion_tokens = get_int (object, "completion_tokens", -1);
  self->latency_ms = get_double (object, "latency_ms");
  self->ttft_ms = get_double (object, "ttft_ms");
  self->tokens_per_s = get_double (object, "tokens_per_s");
  self->status = (guint) get_int (object, "status", 0);
  self->retries = (guint) get_int (object, "retries", 0);
  return g_steal_pointer (&self);
}
