/* vs-dataset-mapping.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The mapping is parsed once (templates included, so a syntax error shows before any row is
 * read) and then applied row by row: messages taken from a column or the row's own chat,
 * ShareGPT or Alpaca fields, role tags remapped, then the system/user/assistant templates
 * rendered over the row's columns. Immutable after parsing, so rows may be mapped on workers.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vs-dataset-mapping.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-template-parser.h"

struct _VsDatasetMapping
{
  gatomicrefcount  ref_count;
  JsonObject      *json;
  VsTemplateText  *system;
  VsTemplateText  *user;
  VsTemplateText  *assistant;
  char            *weight;
  char            *label;
  char            *chosen;
  char            *rejected;
  char            *messages;
  GHashTable      *roles;     /* tag → role */
};

G_DEFINE_BOXED_TYPE (VsDatasetMapping, vs_dataset_mapping,
                     vs_dataset_mapping_ref, vs_dataset_mapping_unref)

static const char * const template_keys[] = { "system", "user", "assistant" };
static const char * const column_keys[] = { "weight", "label", "chosen", "rejected", "messages" };

static VsDatasetMapping *
mapping_alloc (void)
{
  VsDatasetMapping *self = g_new0 (VsDatasetMapping, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->json = json_object_new ();
  self->roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* ShareGPT's default tags. */
  g_hash_table_insert (self->roles, g_strdup ("human"), g_strdup ("user"));
  g_hash_table_insert (self->roles, g_strdup ("gpt"), g_strdup ("assistant"));
  return self;
}

VsDatasetMapping *
vs_dataset_mapping_new (void)
{
  return mapping_alloc ();
}

VsDatasetMapping *
vs_dataset_mapping_ref (VsDatasetMapping *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
vs_dataset_mapping_unref (VsDatasetMapping *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_pointer (&self->json, json_object_unref);
  g_clear_pointer (&self->system, vs_template_text_unref);
  g_clear_pointer (&self->user, vs_template_text_unref);
  g_clear_pointer (&self->assistant, vs_template_text_unref);
  g_free (self->weight);
  g_free (self->label);
  g_free (self->chosen);
  g_free (self->rejected);
  g_free (self->messages);
  g_hash_table_unref (self->roles);
  g_free (self);
}

static VsTemplateText **
template_slot (VsDatasetMapping *self,
               const char       *key)
{
  if (g_str_equal (key, "system"))
    return &self->system;
  if (g_str_equal (key, "user"))
    return &self->user;
  return &self->assistant;
}

static char **
column_slot (VsDatasetMapping *self,
             const char       *key)
{
  if (g_str_equal (key, "weight"))
    return &self->weight;
  if (g_str_equal (key, "label"))
    return &self->label;
  if (g_str_equal (key, "chosen"))
    return &self->chosen;
  if (g_str_equal (key, "rejected"))
    return &self->rejected;
  return &self->messages;
}

/* "user template 1:3: unknown variable: question" for each problem, joined by "; ". */
static char *
describe_template_error (const char   *key,
                         const GError *error)
{
  GPtrArray *problems = vs_template_error_get_problems (error);
  g_autoptr(GString) text = g_string_new (NULL);

  if (problems == NULL || problems->len == 0)
    /* TRANSLATORS: "%s" is a mapping key (system, user, assistant), then the error. */
    return g_strdup_printf (_("%s template: %s"), key, error->message);
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *problem = vs_template_problem_to_string (g_ptr_array_index (problems, i));

      if (i > 0)
        g_string_append (text, "; ");
      /* TRANSLATORS: the first "%s" is a mapping key (system, user, assistant), the second
       * "LINE:COLUMN: what is wrong: NAME". */
      g_string_append_printf (text, _("%s template %s"), key, problem);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

VsDatasetMapping *
vs_dataset_mapping_new_from_json (JsonObject  *object,
                                  GError     **error)
{
  g_autoptr(VsDatasetMapping) self = mapping_alloc ();
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *node = json_object_get_member (object, key);
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (template_keys); i++)
        if (g_str_equal (key, template_keys[i]))
          {
            g_autoptr(VsTemplateText) text = NULL;
            GPtrArray *problems;

            known = TRUE;
            if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
              {
                g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                             _("The mapping’s “%s” must be template text (a string)"), key);
                return NULL;
              }
            text = vs_template_text_new (json_node_get_string (node), -1);
            problems = vs_template_text_get_problems (text);
            if (problems->len > 0)
              {
                g_autoptr(GError) parse_error = NULL;
                g_autofree char *message = NULL;

                vs_template_set_error_from_problems (&parse_error, problems);
                message = describe_template_error (key, parse_error);
                g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                             _("The mapping’s template is broken: %s"), message);
                return NULL;
              }
            *template_slot (self, key) = g_steal_pointer (&text);
          }
      for (guint i = 0; i < G_N_ELEMENTS (column_keys); i++)
        if (g_str_equal (key, column_keys[i]))
          {
            known = TRUE;
            if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
                *json_node_get_string (node) == '\0')
              {
                g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                             _("The mapping’s “%s” must be a column name"), key);
                return NULL;
              }
            g_free (*column_slot (self, key));
            *column_slot (self, key) = g_strdup (json_node_get_string (node));
          }
      if (g_str_equal (key, "roles"))
        {
          JsonObject *roles;
          g_autoptr(GList) tags = NULL;

          known = TRUE;
          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                           _("The mapping’s “roles” must be an object such as "
                             "{\"human\": \"user\", \"gpt\": \"assistant\"}"));
              return NULL;
            }
          roles = json_node_get_object (node);
          tags = json_object_get_members (roles);
          for (GList *t = tags; t != NULL; t = t->next)
            {
              JsonNode *role = json_object_get_member (roles, t->data);

              if (!JSON_NODE_HOLDS_VALUE (role) ||
                  json_node_get_value_type (role) != G_TYPE_STRING)
                {
                  g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                               _("The mapping’s role for “%s” must be a string"),
                               (const char *) t->data);
                  return NULL;
                }
              g_hash_table_insert (self->roles, g_strdup (t->data),
                                   g_strdup (json_node_get_string (role)));
            }
        }
      if (!known)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                       _("The mapping has an unknown key “%s” (use system, user, assistant, "
                         "weight, label, chosen, rejected, messages or roles)"),
                       key);
          return NULL;
        }
    }

  json_object_unref (self->json);
  self->json = vs_json_object_deep_copy (object);
  return g_steal_pointer (&self);
}

VsDatasetMapping *
vs_dataset_mapping_new_from_data (const char  *text,
                                  gssize       length,
                                  GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  root = vs_json_parse (text, length, &local_error);
  if (root == NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID, _("The mapping is not valid JSON: %s"),
                   local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   _("The mapping must be a JSON object such as "
                     "{\"user\": \"{{question}}\", \"assistant\": \"{{answer}}\"}"));
      return NULL;
    }
  return vs_dataset_mapping_new_from_json (json_node_get_object (root), error);
}

JsonObject *
vs_dataset_mapping_get_json (VsDatasetMapping *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->json;
}

const char *
vs_dataset_mapping_get_column (VsDatasetMapping *self,
                               const char       *key)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (column_keys); i++)
    if (g_str_equal (key, column_keys[i]))
      return *column_slot (self, key);
  return NULL;
}

static const char *
remap_role (VsDatasetMapping *self,
            const char       *tag)
{
  const char *role = g_hash_table_lookup (self->roles, tag);

  return role != NULL ? role : tag;
}

static JsonObject *
new_message (const char *role,
             const char *content)
{
  JsonObject *message = json_object_new ();

  json_object_set_string_member (message, "role", role);
  json_object_set_string_member (message, "content", content);
  return message;
}

/* A member's value as text: strings as they are, other scalars as the template engine prints
 * them; NULL when absent or null. */
static char *
member_text (JsonObject *row,
             const char *name)
{
  JsonNode *node = json_object_get_member (row, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return vs_template_value_to_string (node);
}

/* The array in @node, or in the JSON text @node holds (a CSV cell). */
static JsonArray *
get_array (JsonNode   *node,
           const char *field,
           GError    **error)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_array_ref (json_node_get_array (node));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autoptr(JsonNode) parsed = vs_json_parse (json_node_get_string (node), -1, NULL);

      if (parsed != NULL && JSON_NODE_HOLDS_ARRAY (parsed))
        return json_array_ref (json_node_get_array (parsed));
    }
  g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
               _("The field “%s” is not a list of messages"), field);
  return NULL;
}

/* Appends the messages of a chat or ShareGPT list to @messages, role tags remapped. */
static gboolean
append_messages (VsDatasetMapping *self,
                 JsonNode         *node,
                 const char       *field,
                 JsonArray        *messages,
                 GError          **error)
{
  g_autoptr(JsonArray) array = get_array (node, field, error);

  if (array == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *source;
      JsonObject *message;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                       _("Item %u of “%s” is not a message object"), i + 1, field);
          return FALSE;
        }
      source = json_node_get_object (element);
      if (json_object_has_member (source, "role"))
        {
          const char *role = vs_json_get_string (source, "role", NULL);

          message = vs_json_object_deep_copy (source);
          if (role != NULL)
            json_object_set_string_member (message, "role", remap_role (self, role));
        }
      else if (json_object_has_member (source, "from"))
        {
          const char *from = vs_json_get_string (source, "from", NULL);
          g_autofree char *value = member_text (source, "value");

          if (from == NULL || value == NULL)
            {
              g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                           _("Item %u of “%s” needs a “from” and a “value” string"), i + 1,
                           field);
              return FALSE;
            }
          message = new_message (remap_role (self, from), value);
        }
      else
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                       _("Item %u of “%s” has neither a “role” nor a “from”"), i + 1, field);
          return FALSE;
        }
      json_array_add_object_element (messages, message);
    }
  return TRUE;
}

/* Alpaca: {instruction, input?, output, system?, history?: [[q, a], …]}. */
static gboolean
append_alpaca (VsDatasetMapping *self,
               JsonObject       *row,
               JsonArray        *messages,
               GError          **error)
{
  g_autofree char *system = member_text (row, "system");
  g_autofree char *instruction = member_text (row, "instruction");
  g_autofree char *input = member_text (row, "input");
  g_autofree char *output = member_text (row, "output");
  JsonNode *history = json_object_get_member (row, "history");

  if (system != NULL && *system != '\0')
    json_array_add_object_element (messages, new_message ("system", system));
  if (history != NULL && !JSON_NODE_HOLDS_NULL (history))
    {
      g_autoptr(JsonArray) turns = get_array (history, "history", error);

      if (turns == NULL)
        return FALSE;
      for (guint i = 0; i < json_array_get_length (turns); i++)
        {
          JsonNode *turn = json_array_get_element (turns, i);
          JsonArray *pair = JSON_NODE_HOLDS_ARRAY (turn) ? json_node_get_array (turn) : NULL;
          g_autofree char *question = NULL;
          g_autofree char *answer = NULL;

          if (pair == NULL || json_array_get_length (pair) != 2)
            {
              g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                           _("Item %u of “history” is not a [question, answer] pair"), i + 1);
              return FALSE;
            }
          question = vs_template_value_to_string (json_array_get_element (pair, 0));
          answer = vs_template_value_to_string (json_array_get_element (pair, 1));
          json_array_add_object_element (messages, new_message ("user", question));
          json_array_add_object_element (messages, new_message ("assistant", answer));
        }
    }
  if (input != NULL && *input != '\0')
    {
      g_autofree char *user = g_strconcat (instruction, "\n\n", input, NULL);

      json_array_add_object_element (messages, new_message ("user", user));
    }
  else
    json_array_add_object_element (messages, new_message ("user", instruction));
  if (output == NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   _("The Alpaca row has an “instruction” but no “output”"));
      return FALSE;
    }
  json_array_add_object_element (messages, new_message ("assistant", output));
  return TRUE;
}

static gboolean
append_rendered (VsDatasetMapping *self,
                 const char       *key,
                 VsTemplateText   *text,
                 JsonNode         *context,
                 JsonArray        *messages,
                 GError          **error)
{
  g_autoptr(GError) render_error = NULL;
  g_autofree char *content = vs_template_text_render (text, context, &render_error);

  if (content == NULL)
    {
      g_autofree char *message = describe_template_error (key, render_error);

      g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID, message);
      return FALSE;
    }
  json_array_add_object_element (messages, new_message (key, content));
  return TRUE;
}

static gboolean
set_weight (VsDatasetMapping *self,
            JsonObject       *row,
            JsonArray        *messages,
            GError          **error)
{
  JsonNode *node = json_object_get_member (row, self->weight);
  gint64 weight = -1;

  if (node == NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   _("The row has no “%s” column for the weight"), self->weight);
      return FALSE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (node)));

      if (g_str_equal (text, "0"))
        weight = 0;
      else if (g_str_equal (text, "1"))
        weight = 1;
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      gint64 value;

      if (vs_json_node_get_int64 (node, &value) && (double) value == json_node_get_double (node) &&
          (value == 0 || value == 1))
        weight = value;
    }
  if (weight < 0)
    {
      g_autofree char *text = vs_template_value_to_string (node);

      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   _("The weight in “%s” is “%s”; it must be 0 or 1"), self->weight, text);
      return FALSE;
    }
  for (guint i = json_array_get_length (messages); i > 0; i--)
    {
      JsonObject *message = json_array_get_object_element (messages, i - 1);

      if (g_strcmp0 (vs_json_get_string (message, "role", NULL), "assistant") == 0)
        {
          json_object_set_int_member (message, "weight", weight);
          return TRUE;
        }
    }
  g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
               _("The weight in “%s” has no assistant message to apply to"), self->weight);
  return FALSE;
}

gboolean
vs_dataset_mapping_apply (VsDatasetMapping  *self,
                          JsonObject        *row,
                          JsonObject       **example,
                          GError           **error)
{
  g_autoptr(JsonArray) messages = json_array_new ();
  g_autoptr(JsonNode) context = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) result = NULL;
  gboolean templated;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (row != NULL, FALSE);
  g_return_val_if_fail (example != NULL && *example == NULL, FALSE);

  json_node_set_object (context, row);
  templated = self->user != NULL || self->assistant != NULL;

  /* The existing conversation, if any. */
  if (self->messages != NULL)
    {
      JsonNode *node = json_object_get_member (row, self->messages);

      if (node == NULL)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                       _("The row has no “%s” column for the messages"), self->messages);
          return FALSE;
        }
      if (!append_messages (self, node, self->messages, messages, error))
        return FALSE;
    }
  else if (!templated)
    {
      if (json_object_has_member (row, "messages"))
        {
          if (!append_messages (self, json_object_get_member (row, "messages"), "messages",
                                messages, error))
            return FALSE;
        }
      else if (json_object_has_member (row, "conversations"))
        {
          if (!append_messages (self, json_object_get_member (row, "conversations"),
                                "conversations", messages, error))
            return FALSE;
        }
      else if (json_object_has_member (row, "instruction"))
        {
          if (!append_alpaca (self, row, messages, error))
            return FALSE;
        }
      else if (self->system == NULL)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                       _("The row has no “messages”, “conversations” or “instruction” field; "
                         "map its columns with “user” and “assistant” templates"));
          return FALSE;
        }
    }

  /* A system template goes first unless the conversation already has a system message. */
  if (self->system != NULL)
    {
      JsonObject *first = json_array_get_length (messages) > 0
                            ? json_array_get_object_element (messages, 0)
                            : NULL;

      if (first == NULL || g_strcmp0 (vs_json_get_string (first, "role", NULL), "system") != 0)
        {
          g_autoptr(JsonArray) rest = g_steal_pointer (&messages);

          messages = json_array_new ();
          if (!append_rendered (self, "system", self->system, context, messages, error))
            return FALSE;
          for (guint i = 0; i < json_array_get_length (rest); i++)
            json_array_add_element (messages,
                                    json_node_copy (json_array_get_element (rest, i)));
        }
    }
  if (self->user != NULL &&
      !append_rendered (self, "user", self->user, context, messages, error))
    return FALSE;
  if (self->assistant != NULL &&
      !append_rendered (self, "assistant", self->assistant, context, messages, error))
    return FALSE;
  if (self->weight != NULL && !set_weight (self, row, messages, error))
    return FALSE;

  result = json_object_new ();
  json_object_set_array_member (result, "messages", g_steal_pointer (&messages));
  *example = g_steal_pointer (&result);
  return TRUE;
}
