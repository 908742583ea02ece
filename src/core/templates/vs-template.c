/* vs-template.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A whole prompt template: the file format, the setters the editor uses, the reproducible
 * few-shot draw and rendering of every message. The text language itself is in
 * vs-template-parser.c.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "vs-dataset-store.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-template.h"

struct _VsTemplate
{
  GObject            parent_instance;

  char              *name;
  char              *base_dir;
  GPtrArray         *messages;   /* VsTemplateMessage */
  JsonObject        *parameters;
  VsTemplateFewShot *few_shot;

  /* Message texts parsed once for every render (an evaluation renders the same texts for each
   * of its trials): source → VsTemplateText, which rendering only reads. Keyed by the text
   * itself, so an edited message simply misses; bounded, since an editor changes them often. */
  GMutex             texts_lock;
  GHashTable        *texts;
};

#define MAX_PARSED_TEXTS 32

G_DEFINE_FINAL_TYPE (VsTemplate, vs_template, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------------------------ */
/* Roles, messages, few-shot blocks                                                            */

static const char *role_names[] = { "system", "user", "assistant" };

const char *
vs_template_role_to_string (VsTemplateRole role)
{
  g_return_val_if_fail (role <= VS_TEMPLATE_ROLE_ASSISTANT, NULL);

  return role_names[role];
}

gboolean
vs_template_role_from_string (const char     *text,
                              VsTemplateRole *role)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (role_names); i++)
    if (strcmp (text, role_names[i]) == 0)
      {
        if (role != NULL)
          *role = (VsTemplateRole) i;
        return TRUE;
      }
  return FALSE;
}

G_DEFINE_BOXED_TYPE (VsTemplateMessage, vs_template_message, vs_template_message_copy,
                     vs_template_message_free)

VsTemplateMessage *
vs_template_message_new (VsTemplateRole  role,
                         const char     *content)
{
  VsTemplateMessage *message = g_new0 (VsTemplateMessage, 1);

  message->role = role;
  message->content = g_strdup (content ? content : "");
  return message;
}

VsTemplateMessage *
vs_template_message_copy (const VsTemplateMessage *message)
{
  g_return_val_if_fail (message != NULL, NULL);

  return vs_template_message_new (message->role, message->content);
}

void
vs_template_message_free (VsTemplateMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->content);
  g_free (message);
}

JsonNode *
vs_template_messages_to_json (GPtrArray *messages)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (messages != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < messages->len; i++)
    {
      const VsTemplateMessage *message = messages->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, vs_template_role_to_string (message->role));
      json_builder_set_member_name (builder, "content");
      json_builder_add_string_value (builder, message->content);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

G_DEFINE_BOXED_TYPE (VsTemplateFewShot, vs_template_few_shot, vs_template_few_shot_copy,
                     vs_template_few_shot_free)

VsTemplateFewShot *
vs_template_few_shot_new (const char *dataset,
                          const char *user,
                          const char *assistant)
{
  VsTemplateFewShot *few_shot = g_new0 (VsTemplateFewShot, 1);

  few_shot->dataset = g_strdup (dataset ? dataset : "");
  few_shot->split = g_strdup ("train");
  few_shot->k = 3;
  few_shot->seed = 1;
  few_shot->user = g_strdup (user ? user : "");
  few_shot->assistant = g_strdup (assistant ? assistant : "");
  return few_shot;
}

VsTemplateFewShot *
vs_template_few_shot_copy (const VsTemplateFewShot *few_shot)
{
  VsTemplateFewShot *copy;

  g_return_val_if_fail (few_shot != NULL, NULL);

  copy = vs_template_few_shot_new (few_shot->dataset, few_shot->user, few_shot->assistant);
  g_free (copy->split);
  copy->split = g_strdup (few_shot->split ? few_shot->split : "train");
  copy->k = few_shot->k;
  copy->seed = few_shot->seed;
  return copy;
}

void
vs_template_few_shot_free (VsTemplateFewShot *few_shot)
{
  if (few_shot == NULL)
    return;
  g_free (few_shot->dataset);
  g_free (few_shot->split);
  g_free (few_shot->user);
  g_free (few_shot->assistant);
  g_free (few_shot);
}

/* ------------------------------------------------------------------------------------------ */
/* The object                                                                                  */

static void
vs_template_finalize (GObject *object)
{
  VsTemplate *self = VS_TEMPLATE (object);

  g_free (self->name);
  g_free (self->base_dir);
  g_ptr_array_unref (self->messages);
  json_object_unref (self->parameters);
  vs_template_few_shot_free (self->few_shot);
  g_hash_table_unref (self->texts);
  g_mutex_clear (&self->texts_lock);

  G_OBJECT_CLASS (vs_template_parent_class)->finalize (object);
}

static void
vs_template_class_init (VsTemplateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vs_template_finalize;

  /**
   * VsTemplate::changed:
   *
   * Emitted after any change made through a setter.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vs_template_init (VsTemplate *self)
{
  self->name = g_strdup ("");
  self->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_template_message_free);
  self->parameters = json_object_new ();
  g_mutex_init (&self->texts_lock);
  self->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) vs_template_text_unref);
}

static void
changed (VsTemplate *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

VsTemplate *
vs_template_new (void)
{
  return g_object_new (VS_TYPE_TEMPLATE, NULL);
}

/* ------------------------------------------------------------------------------------------ */
/* Parameters                                                                                  */

static gboolean
node_is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static double
node_number (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  return json_node_get_double (node);
}

static gboolean
node_is_integer (JsonNode *node)
{
  double d;

  if (!node_is_number (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return TRUE;
  d = json_node_get_double (node);
  return d == floor (d) && fabs (d) < 9.0e15;
}

static gint64
node_integer (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  return (gint64) json_node_get_double (node);
}

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID, message);
  return FALSE;
}

gboolean
vs_template_validate_parameters (JsonObject  *parameters,
                                 GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (parameters != NULL, FALSE);

  if ((node = json_object_get_member (parameters, "model")) != NULL &&
      (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING))
    return invalid (error, _("parameters.model must be a string"));

  if ((node = json_object_get_member (parameters, "temperature")) != NULL &&
      (!node_is_number (node) || node_number (node) < 0 || node_number (node) > 2))
    return invalid (error, _("parameters.temperature must be a number from 0 to 2"));

  if ((node = json_object_get_member (parameters, "top_p")) != NULL &&
      (!node_is_number (node) || node_number (node) < 0 || node_number (node) > 1))
    return invalid (error, _("parameters.top_p must be a number from 0 to 1"));

  if ((node = json_object_get_member (parameters, "max_tokens")) != NULL &&
      (!node_is_integer (node) || node_integer (node) < 1))
    return invalid (error, _("parameters.max_tokens must be a whole number of at least 1"));

  if ((node = json_object_get_member (parameters, "seed")) != NULL && !node_is_integer (node))
    return invalid (error, _("parameters.seed must be a whole number"));

  if ((node = json_object_get_member (parameters, "stop")) != NULL)
    {
      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);

              if (!JSON_NODE_HOLDS_VALUE (element) ||
                  json_node_get_value_type (element) != G_TYPE_STRING)
                return invalid (error, _("parameters.stop[%u] must be a string"), i);
            }
        }
      else if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return invalid (error, _("parameters.stop must be a string or a list of strings"));
    }

  if ((node = json_object_get_member (parameters, "response_format")) != NULL)
    {
      JsonObject *format;
      const char *type;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid (error, _("parameters.response_format must be an object"));
      format = json_node_get_object (node);
      type = vs_json_get_string (format, "type", NULL);
      if (type == NULL ||
          (strcmp (type, "text") != 0 && strcmp (type, "json_object") != 0 &&
           strcmp (type, "json_schema") != 0))
        return invalid (error, _("parameters.response_format.type must be \"text\", "
                                 "\"json_object\" or \"json_schema\""));
      if (strcmp (type, "json_schema") == 0)
        {
          JsonNode *schema = json_object_get_member (format, "json_schema");

          if (schema == NULL || !JSON_NODE_HOLDS_OBJECT (schema))
            return invalid (error, _("parameters.response_format.json_schema must be an object "
                                     "with the schema in \"schema\""));
          schema = json_object_get_member (json_node_get_object (schema), "schema");
          if (schema == NULL || !JSON_NODE_HOLDS_OBJECT (schema))
            return invalid (error,
                            _("parameters.response_format.json_schema.schema must be an object"));
        }
    }

  return TRUE;
}

/* A real copy: json_node_copy() would share the objects, arrays and values (with non-atomic
 * reference counts), and vs_template_copy() hands its result to worker threads. */
static JsonObject *
copy_object (JsonObject *object)
{
  return vs_json_object_deep_copy (object);
}

JsonObject *
vs_template_get_parameters (VsTemplate *self)
{
  g_return_val_if_fail (VS_IS_TEMPLATE (self), NULL);

  return self->parameters;
}

gboolean
vs_template_set_parameters (VsTemplate  *self,
                            JsonObject  *parameters,
                            GError     **error)
{
  g_return_val_if_fail (VS_IS_TEMPLATE (self), FALSE);
  g_return_val_if_fail (parameters != NULL, FALSE);

  if (!vs_template_validate_parameters (parameters, error))
    return FALSE;

  json_object_unref (self->parameters);
  self->parameters = copy_object (parameters);
  changed (self);
  return TRUE;
}

/* The parameters object may be shared with a caller (json-glib objects are reference
 * counted), so every change replaces it with a private copy first. */
static JsonObject *
writable_parameters (VsTemplate *self)
{
  JsonObject *copy = copy_object (self->parameters);

  json_object_unref (self->parameters);
  self->parameters = copy;
  return copy;
}

const char *
vs_template_get_model (VsTemplate *self)
{
  g_return_val_if_fail (VS_IS_TEMPLATE (self), NULL);

  return vs_json_get_string (self->parameters, "model", NULL);
}

void
vs_template_set_model (VsTemplate *self,
                       const char *model)
{
  g_return_if_fail (VS_IS_TEMPLATE (self));

  if (model == NULL || *model == '\0')
    {
      vs_template_unset_parameter (self, "model");
      return;
    }
  json_object_set_string_member (writable_parameters (self), "model", model);
  changed (self);
}

gboolean
vs_template_get_double_parameter (VsTemplate *self,
                                  const char *name,
                                  double     *value)
{
  JsonNode *node;

  g_return_val_if_fail (VS_IS_TEMPLATE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  node = json_object_get_member (self->parameters, name);
  if (node == NULL || !node_is_number (node))
    return FALSE;
  if (value != NULL)
    *value = node_number (node);
  return TRUE;
}

void
vs_template_set_double_parameter (VsTemplate *self,
                                  const char *name,
                                  double      value)
{
  g_return_if_fail (VS_IS_TEMPLATE (self));
  g_return_if_fail (name != NULL);

  json_object_set_double_member (writable_parameters (self), name, value);
  changed (self);
}

gboolean
vs_template_get_int_parameter (VsTemplate *self,
                               const char *name,
                               gint64     *value)
{
  JsonNode *node;

  g_return_val_if_fail (VS_IS_TEMPLATE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  node = json_object_get_member (self->parameters, name);
  if (node == NULL || !node_is_integer (node))
    return FALSE;
  if (value != NULL)
    *value = node_integer (node);
  return TRUE;
}

void
vs_template_set_int_parameter (VsTemplate *self,
                               const char *name,
                               gint64      value)
{
  g_return_if_fail (VS_IS_TEMPLATE (self));
  g_return_if_fail (name != NULL);

  json_object_set_int_member (writable_parameters (self), name, value);
  changed (self);
}

char **
vs_template_dup_stop (VsTemplate *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node;

  g_return_val_if_fail (VS_IS_TEMPLATE (self), NULL);

  node = json_object_get_member (self->parameters, "stop");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) &&
              json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
    }
  else if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
           json_node_get_value_type (node) == G_TYPE_STRING)
    g_strv_builder_add (builder, json_node_get_string (node));

  return g_strv_builder_end (builder);
}

void
vs_template_set_stop (VsTemplate         *self,
                      const char * const *stop)
{
  JsonArray *array;

  g_return_if_fail (VS_IS_TEMPLATE (self));

  if (stop == NULL || stop[0] == NULL)
    {
      vs_template_unset_parameter (self, "stop");
      return;
    }

  array = json_array_new ();
  for (guint i = 0; stop[i] != NULL; i++)
    json_array_add_string_element (array, stop[i]);
  json_object_set_array_member (writable_parameters (self), "stop", array);
  changed (self);
}

JsonObject *
vs_template_get_json_schema (VsTemplate *self)
{
  JsonNode *node;
  JsonObject *format;

  g_return_val_if_fail (VS_IS_TEMPLATE (self), NULL);

  node = json_object_get_member (self->parameters, "response_format");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  format = json_node_get_object (node);
  node = json_object_get_member (format, "json_schema");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  node = json_object_get_member (json_node_get_object (node), "schema");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

void
vs_template_set_json_schema (VsTemplate *self,
                             const char *name,
                             JsonObject *schema)
{
  JsonObject *format;
  JsonObject *json_schema;

  g_return_if_fail (VS_IS_TEMPLATE (self));

  if (schema == NULL)
    {
      vs_template_unset_parameter (self, "response_format");
      return;
    }

  json_schema = json_object_new ();
  json_object_set_string_member (json_schema, "name", name && *name ? name : "response");
  json_object_set_object_member (json_schema, "schema", copy_object (schema));
  json_object_set_boolean_member (json_schema, "strict", TRUE);
  format = json_object_new ();
  json_object_set_string_member (format, "type", "json_schema");
  json_object_set_object_member (format, "json_schema", json_schema);
  json_object_set_object_member (writable_parameters (self), "response_format", format);
  changed (self);
}

void
vs_template_unset_parameter (VsTemplate *self,
                             const char *name)
{
  g_return_if_fail (VS_IS_TEMPLATE (self));
  g_return_if_fail (name != NULL);

  if (!json_object_has_member (self->parameters, name))
    return;
  json_object_remove_member (writable_parameters (self), name);
  changed (self);
}

/* ------------------------------------------------------------------------------------------ */
/* Reading and writing                                                                         */

static VsTemplateFewShot *
few_shot_from_json (JsonNode  *node,
                    GError   **error)
{
  g_autoptr(VsTemplateFewShot) few_shot = NULL;
  JsonObject *object;
  JsonNode *member;
  const char *dataset, *user, *assistant, *split;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, _("few_shot must be an object {\"dataset\", \"split\", \"k\", \"seed\", "
                        "\"user\", \"assistant\"}"));
      return NULL;
    }
  object = json_node_get_object (node);

  dataset = vs_json_get_string (object, "dataset", NULL);
  user = vs_json_get_string (object, "user", NULL);
  assistant = vs_json_get_string (object, "assistant", NULL);
  split = vs_json_get_string (object, "split", "train");
  if (dataset == NULL || *dataset == '\0')
    {
      invalid (error, _("few_shot.dataset must name a dataset of the project or a JSONL file"));
      return NULL;
    }
  if (user == NULL || assistant == NULL)
    {
      invalid (error, _("few_shot needs a \"user\" and an \"assistant\" template (strings)"));
      return NULL;
    }
  if ((member = json_object_get_member (object, "split")) != NULL &&
      (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING))
    {
      invalid (error, _("few_shot.split must be a string such as \"train\""));
      return NULL;
    }

  few_shot = vs_template_few_shot_new (dataset, user, assistant);
  g_free (few_shot->split);
  few_shot->split = g_strdup (split);

  if ((member = json_object_get_member (object, "k")) != NULL)
    {
      if (!node_is_integer (member) || node_integer (member) < 0 ||
          node_integer (member) > 1000)
        {
          invalid (error, _("few_shot.k must be a whole number from 0 to 1000"));
          return NULL;
        }
      few_shot->k = node_integer (member);
    }
  if ((member = json_object_get_member (object, "seed")) != NULL)
    {
      if (!node_is_integer (member))
        {
          invalid (error, _("few_shot.seed must be a whole number"));
          return NULL;
        }
      few_shot->seed = node_integer (member);
    }

  return g_steal_pointer (&few_shot);
}

VsTemplate *
vs_template_new_from_json (JsonNode  *root,
                           GError   **error)
{
  g_autoptr(VsTemplate) self = NULL;
  JsonObject *object;
  JsonNode *node;
  JsonArray *messages;

  g_return_val_if_fail (root != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      invalid (error, _("A template file is a JSON object with \"name\" and \"messages\""));
      return NULL;
    }
  object = json_node_get_object (root);
  self = vs_template_new ();

  if ((node = json_object_get_member (object, "name")) != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          invalid (error, _("name must be a string"));
          return NULL;
        }
      g_free (self->name);
      self->name = g_strdup (json_node_get_string (node));
    }

  node = json_object_get_member (object, "messages");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      invalid (error, _("messages must be a list of {\"role\", \"content\"} objects"));
      return NULL;
    }
  messages = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonNode *element = json_array_get_element (messages, i);
      JsonObject *message;
      const char *role_text;
      const char *content;
      VsTemplateRole role;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          invalid (error, _("messages[%u] must be an object {\"role\", \"content\"}"), i);
          return NULL;
        }
      message = json_node_get_object (element);
      role_text = vs_json_get_string (message, "role", NULL);
      if (role_text == NULL)
        {
          invalid (error, _("messages[%u] has no \"role\"; expected system, user or assistant"), i);
          return NULL;
        }
      if (!vs_template_role_from_string (role_text, &role))
        {
          /* Translators: %u is a message's position (0 is the first), %s the role it gives;
           * "role", system, user and assistant are words of the file format. */
          invalid (error, _("messages[%u].role is “%s”; expected system, user or assistant"), i,
                   role_text);
          return NULL;
        }
      content = vs_json_get_string (message, "content", NULL);
      if (content == NULL)
        {
          invalid (error, _("messages[%u].content must be a string"), i);
          return NULL;
        }
      g_ptr_array_add (self->messages, vs_template_message_new (role, content));
    }

  if ((node = json_object_get_member (object, "parameters")) != NULL &&
      !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          invalid (error, _("parameters must be an object"));
          return NULL;
        }
      if (!vs_template_validate_parameters (json_node_get_object (node), error))
        return NULL;
      json_object_unref (self->parameters);
      self->parameters = copy_object (json_node_get_object (node));
    }

  if ((node = json_object_get_member (object, "few_shot")) != NULL &&
      !JSON_NODE_HOLDS_NULL (node))
    {
      self->few_shot = few_shot_from_json (node, error);
      if (self->few_shot == NULL)
        return NULL;
    }

  return g_steal_pointer (&self);
}

VsTemplate *
vs_template_new_from_data (const char  *json,
                           gssize       length,
                           GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (json != NULL, NULL);

  root = vs_json_parse (json, length, error);
  if (root == NULL)
    return NULL;
  return vs_template_new_from_json (root, error);
}

VsTemplate *
vs_template_new_from_file (const char  *path,
                           GError     **error)
{
  g_autoptr(VsTemplate) self = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *base = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  if (!g_utf8_validate (contents, length, NULL) || memchr (contents, '\0', length) != NULL)
    {
      /* Translators: %s is a file's path. */
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID, _("%s: not UTF-8 text"), path);
      return NULL;
    }

  base = g_path_get_basename (path);
  if (g_str_has_suffix (path, ".txt"))
    {
      self = vs_template_new ();
      base[strlen (base) - 4] = '\0';
      g_free (self->name);
      self->name = g_strdup (base);
      g_ptr_array_add (self->messages,
                       vs_template_message_new (VS_TEMPLATE_ROLE_USER, contents));
    }
  else
    {
      g_autoptr(GError) local_error = NULL;

      self = vs_template_new_from_data (contents, length, &local_error);
      if (self == NULL)
        {
          /* Translators: the first %s is a file's path, the second what is wrong with it. */
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID, _("%s: %s"), path,
                       local_error->message);
          return NULL;
        }
      if (self->name[0] == '\0')
        {
          char *dot = strrchr (base, '.');

          if (dot != NULL && dot != base)
            *dot = '\0';
          g_free (self->name);
          self->name = g_strdup (base);
        }
    }

  self->base_dir = g_path_get_dirname (path);
  return g_steal_pointer (&self);
}

VsTemplate *
vs_template_copy (VsTemplate *self)
{
  VsTemplate *copy;

  g_return_val_if_fail (VS_IS_TEMPLATE (self), NULL);

  copy = vs_template_new ();
  g_free (copy->name);
  copy->name = g_strdup (self->name);
  copy->base_dir = g_strdup (self->base_dir);
  for (guint i = 0; i < self->messages->len; i++)
    g_ptr_array_add (copy->messages, vs_template_message_copy (self->messages->pdata[i]));
  json_object_unref (copy->parameters);
  copy->parameters = copy_object (self->parameters);
  if (self->few_shot != NULL)
    copy->few_shot = vs_template_few_shot_copy (self->few_shot);
  return copy;
}

JsonNode *
vs_template_to_json (VsTemplate *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) parameters = NULL;

  g_return_val_if_fail (VS_IS_TEMPLATE (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->messages->len; i++)
    {
      const VsTemplateMessage *message = self->messages->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, vs_template_role_to_string (message->role));
      json_builder_set_member_name (builder, "content");
      json_builder_add_string_value (builder, message->content);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  parameters = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (parameters, copy_object (self->parameters));
  json_builder_set_member_name (builder, "parameters");
  json_builder_add_value (builder, g_steal_pointer (&parameters));

  if (self->few_shot != NULL)
    {
      const VsTemplateFewShot *f = self->few_shot;

      json_builder_set_member_name (builder, "few_shot");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "dataset");
      json_builder_add_string_value (builder, f->dataset);
      json_builder_set_member_name (builder, "split");
      json_builder_add_string_value (builder, f->split);
      json_builder_set_member_name (builder, "k");
      json_builder_add_int_value (builder, f->k);
      json_builder_set_member_name (builder, "seed");
      json_builder_add_int_value (builder, f->seed);
      json_builder_set_member_name (builder, "user");
      json_builder_add_string_value (builder, f->user);
      json_builder_set_member_name (builder, "assistant");
      json_builder_add_string_value (builder, f->assistant);
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
vs_template_to_data (VsTemplate *self,
                     gboolean    pretty)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (VS_IS_TEMPLATE (self), NULL);

  root = vs_template_to_json (self);
  return vs_template_json_to_string (root, pretty);
}

gboolean
vs_template_save_to_file (VsTemplate  *self,
                          const char  *path,
                          GError     **error)
{
  g_autofree char *data = NULL;

  g_return_val_if_fail (VS_IS_TEMPLATE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_str_has_suffix (path, ".txt"))
    {
      const VsTemplateMessage *message = self->messages->len == 1 ? self->messages->pdata[0]
                                                                  : NULL;

      if (message == NULL || message->role != VS_TEMPLATE_ROLE_USER ||
          json_object_get_size (self->parameters) > 0 || self->few_shot != NULL)
        return invalid (error, _("A .txt file holds a single user message; save “%s” as .json "
                                 "to keep its messages, parameters and few-shot examples"),
                        self->name);
      return g_file_set_contents (path, message->content, -1, error);
    }

  data = vs_template_to_data (self, TRUE);
  {
    g_autofree char *with_newline = g_strconcat (data, "\n", NULL);

    return g_file_set_contents (path, with_newline, -1, error);
  }
}

gboolean
vs_template_equal (VsTemplate *a,
                   VsTemplate *b)
{
  g_autofree char *da = NULL;
  g_autofree char *db = NULL;

  g_return_val_if_fail (VS_IS_TEMPLATE (a), FALSE);
  g_return_val_if_fail (VS_IS_TEMPLATE (b), FALSE);

  da = vs_template_to_data (a, FALSE);
  db = vs_template_to_data (b, FALSE);
  return strcmp (da, db) == 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Accessors                                                                                   */

const char *
vs_template_get_name (VsTemplate *self)
{
  g_return_val_if_fail (VS_IS_TEMPLATE (self), NULL);

  return self->name;
}

void
vs_template_set_name (VsTemplate *self,
                      const char *name)
{
  g_return_if_fail (VS_IS_TEMPLATE (self));

  g_free (self->name);
  self->name = g_strdup (name ? name : "");
  changed (self);
}

const char *
vs_template_get_base_dir (VsTemplate *self)
{
  g_return_val_if_fail (VS_IS_TEMPLATE (self), NULL);

  return self->base_dir;
}

void
vs_template_set_base_dir (VsTemplate *self,
                          const char *base_dir)
{
  g_return_if_fail (VS_IS_TEMPLATE (self));

  g_free (self->base_dir);
  self->base_dir = g_strdup (base_dir);
}

guint
vs_template_get_n_messages (VsTemplate *self)
{
  g_return_val_if_fail (VS_IS_TEMPLATE (self), 0);

  return self->messages->len;
}

const VsTemplateMessage *
vs_template_get_message (VsTemplate *self,
                         guint       index)
{
  g_return_val_if_fail (VS_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (index < self->messages->len, NULL);

  return self->messages->pdata[index];
}

void
vs_template_append_message (VsTemplate     *self,
                            VsTemplateRole  role,
                            const char     *content)
{
  g_return_if_fail (VS_IS_TEMPLATE (self));

  vs_template_insert_message (self, self->messages->len, role, content);
}

void
vs_template_insert_message (VsTemplate     *self,
                            guint           index,
                            VsTemplateRole  role,
                            const char     *content)
{
  g_return_if_fail (VS_IS_TEMPLATE (self));
  g_return_if_fail (index <= self->messages->len);
  g_return_if_fail (role <= VS_TEMPLATE_ROLE_ASSISTANT);

  g_ptr_array_insert (self->messages, index, vs_template_message_new (role, content));
  changed (self);
}

void
vs_template_remove_message (VsTemplate *self,
                            guint       index)
{
  g_return_if_fail (VS_IS_TEMPLATE (self));
  g_return_if_fail (index < self->messages->len);

  g_ptr_array_remove_index (self->messages, index);
  changed (self);
}

void
vs_template_move_message (VsTemplate *self,
                          guint       from,
                          guint       to)
{
  gpointer message;

  g_return_if_fail (VS_IS_TEMPLATE (self));
  g_return_if_fail (from < self->messages->len);
  g_return_if_fail (to < self->messages->len);

  if (from == to)
    return;
  message = g_ptr_array_steal_index (self->messages, from);
  g_ptr_array_insert (self->messages, to, message);
  changed (self);
}

void
vs_template_set_message_role (VsTemplate     *self,
                              guint           index,
                              VsTemplateRole  role)
{
  VsTemplateMessage *message;

  g_return_if_fail (VS_IS_TEMPLATE (self));
  g_return_if_fail (index < self->messages->len);
  g_return_if_fail (role <= VS_TEMPLATE_ROLE_ASSISTANT);

  message = self->messages->pdata[index];
  message->role = role;
  changed (self);
}

void
vs_template_set_message_content (VsTemplate *self,
                                 guint       index,
                                 const char *content)
{
  VsTemplateMessage *message;

  g_return_if_fail (VS_IS_TEMPLATE (self));
  g_return_if_fail (index < self->messages->len);

  message = self->messages->pdata[index];
  g_free (message->content);
  message->content = g_strdup (content ? content : "");
  changed (self);
}

const VsTemplateFewShot *
vs_template_get_few_shot (VsTemplate *self)
{
  g_return_val_if_fail (VS_IS_TEMPLATE (self), NULL);

  return self->few_shot;
}

void
vs_template_set_few_shot (VsTemplate              *self,
                          const VsTemplateFewShot *few_shot)
{
  g_return_if_fail (VS_IS_TEMPLATE (self));

  g_clear_pointer (&self->few_shot, vs_template_few_shot_free);
  if (few_shot != NULL)
    self->few_shot = vs_template_few_shot_copy (few_shot);
  changed (self);
}

/* ------------------------------------------------------------------------------------------ */
/* Variables and problems                                                                      */

char **
vs_template_list_variables (VsTemplate *self,
                            gboolean    full)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (VS_IS_TEMPLATE (self), NULL);

  for (guint i = 0; i < self->messages->len; i++)
    {
      const VsTemplateMessage *message = self->messages->pdata[i];
      g_autoptr(VsTemplateText) text = vs_template_text_new (message->content, -1);

      vs_template_text_collect_variables (text, full, order, seen);
    }

  g_ptr_array_add (order, NULL);
  return (char **) g_ptr_array_steal (order, NULL);
}

static void
move_problems (GPtrArray  *from,
               GPtrArray  *to,
               const char *where,
               int         message_index)
{
  for (guint i = 0; i < from->len; i++)
    {
      VsTemplateProblem *problem = g_steal_pointer (&from->pdata[i]);

      g_free (problem->where);
      problem->where = g_strdup (where);
      problem->message_index = message_index;
      g_ptr_array_add (to, problem);
    }
  g_ptr_array_set_size (from, 0);
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  if (object != NULL)
    json_node_set_object (node, object);
  else
    json_node_take_object (node, json_object_new ());
  return node;
}

GPtrArray *
vs_template_check (VsTemplate *self,
                   JsonObject *variables)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_template_problem_free);
  g_autoptr(GPtrArray) found =
    g_ptr_array_new_with_free_func ((GDestroyNotify) vs_template_problem_free);
  g_autoptr(JsonNode) context = object_node (variables);

  g_return_val_if_fail (VS_IS_TEMPLATE (self), NULL);

  for (guint i = 0; i < self->messages->len; i++)
    {
      const VsTemplateMessage *message = self->messages->pdata[i];
      g_autoptr(VsTemplateText) text = vs_template_text_new (message->content, -1);
      g_autofree char *where = g_strdup_printf ("messages[%u]", i);

      if (variables != NULL)
        g_free (vs_template_text_render_lenient (text, context, found));
      else
        {
          GPtrArray *syntax = vs_template_text_get_problems (text);

          for (guint j = 0; j < syntax->len; j++)
            g_ptr_array_add (found, vs_template_problem_copy (syntax->pdata[j]));
        }
      move_problems (found, problems, where, i);
    }

  if (self->few_shot != NULL)
    {
      const char *sources[] = { self->few_shot->user, self->few_shot->assistant };
      const char *wheres[] = { "few_shot.user", "few_shot.assistant" };

      for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
        {
          g_autoptr(VsTemplateText) text = vs_template_text_new (sources[i], -1);
          GPtrArray *syntax = vs_template_text_get_problems (text);

          for (guint j = 0; j < syntax->len; j++)
            g_ptr_array_add (found, vs_template_problem_copy (syntax->pdata[j]));
          move_problems (found, problems, wheres[i], -1);
        }
    }

  return problems;
}

/* ------------------------------------------------------------------------------------------ */
/* Few-shot examples                                                                           */

typedef struct
{
  guint64     key;
  gint64      ordinal;
  JsonObject *data;
} Candidate;

static guint64
splitmix64 (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return x ^ (x >> 31);
}

static guint64
draw_key (gint64 seed,
          gint64 ordinal)
{
  return splitmix64 (splitmix64 ((guint64) seed) ^ (guint64) ordinal);
}

static gint
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *ca = a;
  const Candidate *cb = b;

  if (ca->key != cb->key)
    return ca->key < cb->key ? -1 : 1;
  if (ca->ordinal != cb->ordinal)
    return ca->ordinal < cb->ordinal ? -1 : 1;
  return 0;
}

static gboolean
few_shot_error (GError    **error,
                const char *format,
                ...) G_GNUC_PRINTF (2, 3);

static gboolean
few_shot_error (GError    **error,
                const char *format,
                ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, VS_TEMPLATE_ERROR, VS_TEMPLATE_ERROR_FEW_SHOT, message);
  return FALSE;
}

static GPtrArray *
draw_from_project (const VsTemplateFewShot  *f,
                   VsProject                *project,
                   gint64                    dataset_id,
                   GError                  **error)
{
  g_autoptr(GArray) ordinals = NULL;
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autoptr(GPtrArray) examples =
    g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  guint n;

  /* Keys from ordinals first; only the chosen records' data is read. */
  ordinals = vs_dataset_store_list_ordinals (project, dataset_id, f->split, TRUE, error);
  if (ordinals == NULL)
    return NULL;
  for (guint i = 0; i < ordinals->len; i++)
    {
      Candidate c = { 0 };

      c.ordinal = g_array_index (ordinals, gint64, i);
      c.key = draw_key (f->seed, c.ordinal);
      g_array_append_val (candidates, c);
    }

  if (candidates->len == 0)
    {
      /* Translators: the first %s is a split's name (such as train), the second a dataset's. */
      few_shot_error (error, _("few_shot: the “%s” split of dataset “%s” has no records"),
                      f->split, f->dataset);
      return NULL;
    }

  g_array_sort (candidates, compare_candidates);
  n = MIN (f->k, candidates->len);

  for (guint i = 0; i < n; i++)
    {
      Candidate *c = &g_array_index (candidates, Candidate, i);
      g_autoptr(GError) local_error = NULL;
      JsonObject *data;

      data = vs_dataset_store_get_record_data (project, dataset_id, c->ordinal, &local_error);
      if (data == NULL)
        {
          gboolean missing = g_error_matches (local_error, VS_ERROR, VS_ERROR_NOT_FOUND);

          if (missing)
            /* Translators: %s is a dataset's name. */
            few_shot_error (error, _("few_shot: record %" PRId64 " of dataset “%s” is not a "
                                     "JSON object"), (int64_t) c->ordinal, f->dataset);
          else
            /* Translators: the first %s is a dataset's name, the second what went wrong. */
            few_shot_error (error, _("few_shot: record %" PRId64 " of dataset “%s” is not a "
                                     "JSON object: %s"), (int64_t) c->ordinal, f->dataset,
                            local_error->message);
          return NULL;
        }
      g_ptr_array_add (examples, data);
    }

  return g_steal_pointer (&examples);
}

static GPtrArray *
draw_from_file (const VsTemplateFewShot  *f,
                const char               *path,
                GError                  **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autoptr(GPtrArray) examples =
    g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  gsize length = 0;
  const char *line;
  gint64 line_number = 0;
  guint n;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      few_shot_error (error, _("few_shot.dataset: %s"), local_error->message);
      return NULL;
    }

  line = contents;
  while (line < contents + length)
    {
      const char *end = memchr (line, '\n', contents + length - line);
      gsize line_length = end ? (gsize) (end - line) : (gsize) (contents + length - line);
      g_autoptr(GError) parse_error = NULL;
      g_autoptr(JsonObject) row = NULL;
      const char *split;
      Candidate c = { 0 };
      gboolean blank = TRUE;

      line_number++;
      for (gsize i = 0; i < line_length; i++)
        if (!g_ascii_isspace (line[i]))
          blank = FALSE;

      if (!blank)
        {
          row = vs_json_parse_object (line, line_length, &parse_error);
          if (row == NULL)
            {
              /* Translators: a file's path, a line number in it and what is wrong there. */
              few_shot_error (error, _("few_shot.dataset %s:%" PRId64 ": %s"), path,
                              (int64_t) line_number, parse_error->message);
              return NULL;
            }
          split = vs_json_get_string (row, "split", NULL);
          if (!json_object_has_member (row, "split") ||
              (split != NULL && strcmp (split, f->split) == 0))
            {
              c.ordinal = line_number;
              c.key = draw_key (f->seed, c.ordinal);
              c.data = row;
              g_ptr_array_add (rows, g_steal_pointer (&row));
              g_array_append_val (candidates, c);
            }
        }

      line = end ? end + 1 : contents + length;
    }

  if (candidates->len == 0)
    {
      few_shot_error (error, _("few_shot: %s has no rows in the “%s” split"), path, f->split);
      return NULL;
    }

  g_array_sort (candidates, compare_candidates);
  n = MIN (f->k, candidates->len);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (examples, json_object_ref (g_array_index (candidates, Candidate, i).data));

  return g_steal_pointer (&examples);
}

GPtrArray *
vs_template_draw_few_shot (VsTemplate  *self,
                           VsProject   *project,
                           GError     **error)
{
  const VsTemplateFewShot *f;
  g_autofree char *path = NULL;
  gint64 dataset_id = 0;

  g_return_val_if_fail (VS_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (project == NULL || VS_IS_PROJECT (project), NULL);

  f = self->few_shot;
  if (f == NULL || f->k == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  if (project != NULL && (dataset_id = vs_dataset_store_find (project, f->dataset)) > 0)
    return draw_from_project (f, project, dataset_id, error);

  if (g_path_is_absolute (f->dataset))
    path = g_strdup (f->dataset);
  else
    path = g_build_filename (self->base_dir ? self->base_dir : ".", f->dataset, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      if (project != NULL)
        /* Translators: the first %s is the name given, the second the path looked at. */
        few_shot_error (error, _("few_shot.dataset “%s” is neither a dataset of the project "
                                 "nor a JSONL file (looked for %s)"), f->dataset, path);
      else
        /* Translators: the first %s is the name given, the second the path looked at. */
        few_shot_error (error, _("few_shot.dataset “%s” is not a JSONL file (looked for %s); "
                                 "to name a dataset of a project, give the project"),
                        f->dataset, path);
      return NULL;
    }

  return draw_from_file (f, path, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Rendering                                                                                   */

/* Renders everything; problems (with where set) go to @problems. Strict callers turn a
 * non-empty @problems into an error. */
/* @source parsed, from the template's cache when it was parsed before. */
static VsTemplateText *
parsed_text (VsTemplate *self,
             const char *source)
{
  VsTemplateText *text;

  if (source == NULL)
    return vs_template_text_new (source, -1);
  g_mutex_lock (&self->texts_lock);
  text = g_hash_table_lookup (self->texts, source);
  if (text == NULL)
    {
      text = vs_template_text_new (source, -1);
      if (g_hash_table_size (self->texts) >= MAX_PARSED_TEXTS)
        g_hash_table_remove_all (self->texts);
      g_hash_table_insert (self->texts, g_strdup (source), text);
    }
  text = vs_template_text_ref (text);
  g_mutex_unlock (&self->texts_lock);
  return text;
}

static GPtrArray *
render_all (VsTemplate *self,
            JsonObject *variables,
            GPtrArray  *examples,
            GPtrArray  *problems)
{
  GPtrArray *rendered = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_template_message_free);
  g_autoptr(GPtrArray) found =
    g_ptr_array_new_with_free_func ((GDestroyNotify) vs_template_problem_free);
  g_autoptr(JsonNode) context = object_node (variables);
  guint insert_at = self->messages->len;

  for (guint i = 0; i < self->messages->len; i++)
    {
      const VsTemplateMessage *message = self->messages->pdata[i];
      g_autoptr(VsTemplateText) text = parsed_text (self, message->content);
      char *content = vs_template_text_render_lenient (text, context, found);
      VsTemplateMessage *out = vs_template_message_new (message->role, NULL);

      g_free (out->content);
      out->content = content;
      g_ptr_array_add (rendered, out);
      if (found->len > 0)
        {
          g_autofree char *where = g_strdup_printf ("messages[%u]", i);

          move_problems (found, problems, where, i);
        }
      if (message->role == VS_TEMPLATE_ROLE_USER)
        insert_at = i;
    }

  if (self->few_shot != NULL && examples != NULL && examples->len > 0)
    {
      g_autoptr(VsTemplateText) user = parsed_text (self, self->few_shot->user);
      g_autoptr(VsTemplateText) assistant = parsed_text (self, self->few_shot->assistant);

      for (guint j = 0; j < examples->len; j++)
        {
          g_autoptr(JsonNode) example = object_node (examples->pdata[j]);
          VsTemplateText *texts[] = { user, assistant };
          VsTemplateRole roles[] = { VS_TEMPLATE_ROLE_USER, VS_TEMPLATE_ROLE_ASSISTANT };
          const char *names[] = { "user", "assistant" };

          for (guint t = 0; t < 2; t++)
            {
              g_autofree char *where = g_strdup_printf ("few_shot[%u].%s", j, names[t]);
              VsTemplateMessage *out = vs_template_message_new (roles[t], NULL);

              g_free (out->content);
              out->content = vs_template_text_render_lenient (texts[t], example, found);
              g_ptr_array_insert (rendered, insert_at++, out);
              move_problems (found, problems, where, -1);
            }
        }
    }

  return rendered;
}

GPtrArray *
vs_template_render_with_examples (VsTemplate  *self,
                                  JsonObject  *variables,
                                  GPtrArray   *examples,
                                  GError     **error)
{
  g_autoptr(GPtrArray) problems =
    g_ptr_array_new_with_free_func ((GDestroyNotify) vs_template_problem_free);
  g_autoptr(GPtrArray) rendered = NULL;

  g_return_val_if_fail (VS_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rendered = render_all (self, variables, examples, problems);
  if (problems->len > 0)
    {
      vs_template_set_error_from_problems (error, problems);
      return NULL;
    }
  return g_steal_pointer (&rendered);
}

GPtrArray *
vs_template_render (VsTemplate  *self,
                    JsonObject  *variables,
                    VsProject   *project,
                    GError     **error)
{
  g_autoptr(GPtrArray) examples = NULL;

  g_return_val_if_fail (VS_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  examples = vs_template_draw_few_shot (self, project, error);
  if (examples == NULL)
    return NULL;
  return vs_template_render_with_examples (self, variables, examples, error);
}

GPtrArray *
vs_template_render_lenient (VsTemplate *self,
                            JsonObject *variables,
                            GPtrArray  *examples,
                            GPtrArray  *problems)
{
  g_autoptr(GPtrArray) found =
    g_ptr_array_new_with_free_func ((GDestroyNotify) vs_template_problem_free);
  GPtrArray *rendered;

  g_return_val_if_fail (VS_IS_TEMPLATE (self), NULL);

  rendered = render_all (self, variables, examples, found);
  if (problems != NULL)
    for (guint i = 0; i < found->len; i++)
      g_ptr_array_add (problems, g_steal_pointer (&found->pdata[i]));
  return rendered;
}
