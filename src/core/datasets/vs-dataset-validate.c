/* vs-dataset-validate.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The checks of the cookbook's Chat_finetuning_data_prep, with its keys and its counting
 * (per message for the four message keys, per example for the rest), widened so that modern
 * data (tools, refusals, content parts, weights) passes; then our own errors and warnings,
 * and the token statistics over the examples that have no error.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "vs-dataset-validate.h"
#include "vs-json.h"
#include "vs-stats.h"

struct _VsDatasetValidator
{
  VsTokenizer *tokenizer;
  gint64       token_limit;
  gint64       n_examples;
  gint64       n_valid;
  gint64       n_errors;
  gint64       last_reader_ordinal;
  GHashTable  *errors;    /* key → count (GINT_TO_POINTER) */
  GHashTable  *warnings;
  GPtrArray   *problems;  /* VsDatasetCheck */
  GArray      *tokens;    /* double, per valid example */
  gint64       total_tokens;
  gint64       assistant_tokens;
  gint64       over_limit;
};

void
vs_dataset_check_free (VsDatasetCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->key);
  g_free (check->message);
  g_free (check);
}

gint64
vs_dataset_token_limit_for_model (const char *model)
{
  const char *base = model;

  if (model == NULL)
    return VS_DATASET_TOKEN_LIMIT_DEFAULT;
  if (g_str_has_prefix (base, "ft:"))
    base += 3;
  if (strchr (base, '/') != NULL && !g_str_has_prefix (base, "gpt"))
    base = strrchr (base, '/') + 1;
  if (g_str_has_prefix (base, "gpt-3.5"))
    return VS_DATASET_TOKEN_LIMIT_GPT35;
  return VS_DATASET_TOKEN_LIMIT_DEFAULT;
}

VsDatasetValidator *
vs_dataset_validator_new (VsTokenizer *tokenizer,
                          gint64       token_limit)
{
  VsDatasetValidator *self = g_new0 (VsDatasetValidator, 1);

  if (tokenizer == NULL)
    tokenizer = vs_tokenizer_get_for_encoding (VS_ENCODING_O200K_BASE);
  self->tokenizer = g_object_ref (tokenizer);
  self->token_limit = token_limit > 0 ? token_limit : VS_DATASET_TOKEN_LIMIT_DEFAULT;
  self->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->warnings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_dataset_check_free);
  self->tokens = g_array_new (FALSE, FALSE, sizeof (double));
  return self;
}

void
vs_dataset_validator_free (VsDatasetValidator *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->tokenizer);
  g_hash_table_unref (self->errors);
  g_hash_table_unref (self->warnings);
  g_ptr_array_unref (self->problems);
  g_array_unref (self->tokens);
  g_free (self);
}

static void
count_key (GHashTable *table,
           const char *key)
{
  gpointer value = g_hash_table_lookup (table, key);

  g_hash_table_replace (table, g_strdup (key), GINT_TO_POINTER (GPOINTER_TO_INT (value) + 1));
}

static void add_check (VsDatasetValidator *self,
                       gint64              line,
                       gboolean            is_error,
                       const char         *key,
                       const char         *format,
                       ...) G_GNUC_PRINTF (5, 6);

static void
add_check (VsDatasetValidator *self,
           gint64              line,
           gboolean            is_error,
           const char         *key,
           const char         *format,
           ...)
{
  VsDatasetCheck *check = g_new0 (VsDatasetCheck, 1);
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  check->line = line;
  check->key = g_strdup (key);
  check->is_error = is_error;
  /* Translators: a problem found in a fine-tuning example; %s is what is wrong and what to do. */
  check->message = g_strdup_printf (_("line %" PRId64 ": %s"), (int64_t) line, text);
  g_ptr_array_add (self->problems, check);
  count_key (is_error ? self->errors : self->warnings, key);
  if (is_error)
    self->n_errors++;
}

void
vs_dataset_validator_add_reader_problem (VsDatasetValidator     *self,
                                         const VsDatasetProblem *problem)
{
  VsDatasetCheck *check;
  const char *key = problem->key;
  gboolean is_error = problem->ordinal > 0;

  g_return_if_fail (self != NULL && problem != NULL);

  if (g_strcmp0 (key, "big_integer") == 0)
    return;
  if (g_strcmp0 (key, "not_an_object") == 0)
    key = "data_type";
  if (is_error && problem->ordinal != self->last_reader_ordinal)
    {
      self->n_examples++;
      self->last_reader_ordinal = problem->ordinal;
    }
  check = g_new0 (VsDatasetCheck, 1);
  check->line = problem->line;
  check->key = g_strdup (key);
  check->message = g_strdup (problem->message);
  check->is_error = is_error;
  g_ptr_array_add (self->problems, check);
  count_key (is_error ? self->errors : self->warnings, key);
  if (is_error)
    self->n_errors++;
}

static const char * const reserved_tokens[] = {
  "<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>",
  "<|im_start|>", "<|im_end|>", "<|im_sep|>",
};

static const char *
find_reserved (const char *text)
{
  if (text == NULL || strstr (text, "<|") == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (reserved_tokens); i++)
    if (strstr (text, reserved_tokens[i]) != NULL)
      return reserved_tokens[i];
  return NULL;
}

/* The text of a string content or of the text parts of a content-part array, as a list. */
static void
collect_texts (JsonNode  *content,
               GPtrArray *out)
{
  if (content == NULL)
    return;
  if (JSON_NODE_HOLDS_VALUE (content) && json_node_get_value_type (content) == G_TYPE_STRING)
    g_ptr_array_add (out, (gpointer) json_node_get_string (content));
  else if (JSON_NODE_HOLDS_ARRAY (content))
    {
      JsonArray *parts = json_node_get_array (content);

      for (guint i = 0; i < json_array_get_length (parts); i++)
        {
          JsonNode *part = json_array_get_element (parts, i);
          JsonNode *text;

          if (!JSON_NODE_HOLDS_OBJECT (part))
            continue;
          text = json_object_get_member (json_node_get_object (part), "text");
          if (text && JSON_NODE_HOLDS_VALUE (text) &&
              json_node_get_value_type (text) == G_TYPE_STRING)
            g_ptr_array_add (out, (gpointer) json_node_get_string (text));
        }
    }
}

static gboolean
is_string_node (JsonNode *node)
{
  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* A content the cookbook would take (a non-empty string), or a modern one: a non-empty
 * content-part array. */
static gboolean
content_is_usable (JsonNode *content)
{
  if (is_string_node (content))
    return json_node_get_string (content)[0] != '\0';
  if (content && JSON_NODE_HOLDS_ARRAY (content))
    return json_array_get_length (json_node_get_array (content)) > 0;
  return FALSE;
}

static gboolean
has_nonnull (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node);
}

static const char * const known_keys[] = {
  "role", "content", "name", "function_call", "weight",             /* the cookbook's */
  "tool_calls", "tool_call_id", "refusal",                           /* modern */
};

static const char * const known_roles[] = {
  "system", "user", "assistant", "function", "tool",
};

static gboolean
in_list (const char         *value,
         const char * const *list,
         gsize               n)
{
  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (value, list[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The number in @node, or NAN when it holds none. */
static double
weight_value (JsonNode *node)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NAN;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return json_node_get_int (node);
    case G_TYPE_DOUBLE:
      return json_node_get_double (node);
    default:
      return NAN;
    }
}

/* weight must be the number 0 or 1. */
static gboolean
weight_is_valid (JsonNode *node)
{
  double value = weight_value (node);

  return value == 0 || value == 1;
}

static gint64
count_text (VsDatasetValidator *self,
            const char         *text)
{
  gssize n = vs_tokenizer_count (self->tokenizer, text, -1, VS_TOKENIZER_ENCODE_DEFAULT, NULL);

  return MAX (n, 0);
}

gboolean
vs_dataset_validator_add_example (VsDatasetValidator *self,
                                  gint64              line,
                                  JsonObject         *example)
{
  JsonNode *messages_node;
  JsonArray *messages;
  gint64 errors_before;
  guint n;
  gboolean has_assistant = FALSE, has_system = FALSE, has_user = FALSE;
  gboolean trainable = FALSE, bad_weight = FALSE, bad_arguments = FALSE;
  gboolean order_ok = TRUE;
  const char *previous_role = NULL;
  const char *reserved = NULL;
  g_autoptr(GHashTable) open_calls = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  gboolean unmatched = FALSE;

  g_return_val_if_fail (self != NULL && example != NULL, FALSE);

  self->n_examples++;
  errors_before = self->n_errors;

  messages_node = json_object_get_member (example, "messages");
  if (messages_node == NULL || !JSON_NODE_HOLDS_ARRAY (messages_node) ||
      json_array_get_length (json_node_get_array (messages_node)) == 0)
    {
      add_check (self, line, TRUE, "missing_messages_list",
                 _("the example has no “messages” list (or it is empty); each line needs "
                   "{\"messages\": [{\"role\": …, \"content\": …}, …]}"));
      return FALSE;
    }
  messages = json_node_get_array (messages_node);
  n = json_array_get_length (messages);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (messages, i);
      JsonObject *message;
      JsonNode *content, *tool_calls, *weight;
      const char *role = NULL;
      gboolean has_calls, unrecognized = FALSE;
      JsonObjectIter iter;
      const char *name;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          add_check (self, line, TRUE, "message_missing_key",
                     _("message %u is not an object with “role” and “content”"), i + 1);
          continue;
        }
      message = json_node_get_object (node);
      if (is_string_node (json_object_get_member (message, "role")))
        role = json_object_get_string_member (message, "role");
      content = json_object_get_member (message, "content");
      tool_calls = json_object_get_member (message, "tool_calls");
      has_calls = has_nonnull (message, "tool_calls") || has_nonnull (message, "function_call");

      /* A message without content counts under message_missing_key and missing_content,
       * as the cookbook's code does — unless it is an assistant turn carrying calls or a
       * refusal, which needs none. */
      if (!json_object_has_member (message, "role") ||
          (content == NULL && !has_calls && !has_nonnull (message, "refusal")))
        add_check (self, line, TRUE, "message_missing_key",
                   _("message %u lacks “%s”"), i + 1,
                   json_object_has_member (message, "role") ? "content" : "role");

      json_object_iter_init (&iter, message);
      while (json_object_iter_next (&iter, &name, NULL))
        if (!in_list (name, known_keys, G_N_ELEMENTS (known_keys)))
          {
            unrecognized = TRUE;
            add_check (self, line, TRUE, "message_unrecognized_key",
                       _("message %u has the key “%s”; a message may only have role, "
                         "content, name, tool_calls, tool_call_id, refusal, function_call "
                         "and weight"), i + 1, name);
            break;
          }
      (void) unrecognized;

      if (!in_list (role, known_roles, G_N_ELEMENTS (known_roles)))
        add_check (self, line, TRUE, "unrecognized_role",
                   _("message %u has the role “%s”; use system, user, assistant or tool"),
                   i + 1, role ? role : "");

      if (!content_is_usable (content) &&
          !((content == NULL || JSON_NODE_HOLDS_NULL (content)) &&
            (has_calls || has_nonnull (message, "refusal"))))
        add_check (self, line, TRUE, "missing_content",
                   _("message %u has no content: give it a non-empty text"), i + 1);

      weight = json_object_get_member (message, "weight");
      if (weight != NULL && !weight_is_valid (weight))
        bad_weight = TRUE;

      if (g_strcmp0 (role, "assistant") == 0)
        {
          has_assistant = TRUE;
          if (weight == NULL || (weight_is_valid (weight) && weight_value (weight) != 0))
            trainable = TRUE;
        }
      else if (g_strcmp0 (role, "system") == 0)
        {
          has_system = TRUE;
          if (i != 0)
            order_ok = FALSE;
        }
      else if (g_strcmp0 (role, "user") == 0)
        has_user = TRUE;

      /* user and assistant alternate (tool turns may sit between two assistant turns). */
      if (i == 0 && g_strcmp0 (role, "system") != 0 && g_strcmp0 (role, "user") != 0)
        order_ok = FALSE;
      if ((g_strcmp0 (role, "user") == 0 || g_strcmp0 (role, "assistant") == 0) &&
          g_strcmp0 (role, previous_role) == 0)
        order_ok = FALSE;
      if (role && g_strcmp0 (role, "system") != 0)
        previous_role = role;

      if (tool_calls && JSON_NODE_HOLDS_ARRAY (tool_calls))
        {
          JsonArray *calls = json_node_get_array (tool_calls);

          for (guint c = 0; c < json_array_get_length (calls); c++)
            {
              JsonNode *call = json_array_get_element (calls, c);
              JsonObject *call_object, *function;
              const char *id;

              if (!JSON_NODE_HOLDS_OBJECT (call))
                {
                  unmatched = TRUE;
                  continue;
                }
              call_object = json_node_get_object (call);
              id = vs_json_get_string (call_object, "id", NULL);
              if (id == NULL || g_hash_table_contains (open_calls, id))
                unmatched = TRUE;
              else
                g_hash_table_add (open_calls, (gpointer) id);
              if (json_object_has_member (call_object, "function") &&
                  JSON_NODE_HOLDS_OBJECT (json_object_get_member (call_object, "function")))
                {
                  const char *arguments;

                  function = json_object_get_object_member (call_object, "function");
                  arguments = vs_json_get_string (function, "arguments", NULL);
                  if (arguments != NULL)
                    {
                      g_autoptr(JsonParser) parser = json_parser_new ();

                      if (!json_parser_load_from_data (parser, arguments, -1, NULL) ||
                          json_parser_get_root (parser) == NULL)
                        bad_arguments = TRUE;
                    }
                  else if (json_object_has_member (function, "arguments"))
                    bad_arguments = TRUE;
                }
            }
        }
      if (g_strcmp0 (role, "tool") == 0)
        {
          const char *id = vs_json_get_string (message, "tool_call_id", NULL);

          if (id == NULL || !g_hash_table_remove (open_calls, id))
            unmatched = TRUE;
        }

      g_ptr_array_set_size (texts, 0);
      collect_texts (content, texts);
      for (guint t = 0; t < texts->len && reserved == NULL; t++)
        reserved = find_reserved (g_ptr_array_index (texts, t));
    }

  if (!has_assistant)
    add_check (self, line, TRUE, "example_missing_assistant_message",
               _("the example has no assistant message: add the reply the model should "
                 "learn"));
  if (bad_weight)
    add_check (self, line, TRUE, "invalid_weight",
               _("a message has a “weight” other than 0 or 1"));
  if (unmatched || g_hash_table_size (open_calls) > 0)
    add_check (self, line, TRUE, "unmatched_tool_call",
               _("a tool call is not answered by a later tool message with its "
                 "“tool_call_id” (or an id is missing, repeated or unknown)"));
  if (bad_arguments)
    add_check (self, line, TRUE, "tool_arguments_not_json",
               _("a tool call's “arguments” is not a string holding JSON"));
  if (has_assistant && !trainable)
    add_check (self, line, TRUE, "no_trainable_turn",
               _("every assistant message has weight 0, so nothing would be trained; give "
                 "at least one weight 1"));

  if (!has_system)
    add_check (self, line, FALSE, "missing_system", _("the example has no system message"));
  if (!has_user)
    add_check (self, line, FALSE, "missing_user", _("the example has no user message"));
  if (!order_ok)
    add_check (self, line, FALSE, "role_order",
               _("the messages are not in the order system, then user and assistant "
                 "taking turns"));
  {
    JsonNode *last = json_array_get_element (messages, n - 1);

    if (!JSON_NODE_HOLDS_OBJECT (last) ||
        g_strcmp0 (vs_json_get_string (json_node_get_object (last), "role", NULL),
                   "assistant") != 0)
      add_check (self, line, FALSE, "last_not_assistant",
                 _("the last message is not from the assistant; trainers such as Mistral's "
                   "require it"));
  }
  if (reserved != NULL)
    add_check (self, line, FALSE, "reserved_token",
               _("the text contains the reserved token %s; it is read as plain text"),
               reserved);

  if (self->n_errors > errors_before)
    return FALSE;

  {
    gssize tokens = vs_tokenizer_count_chat (self->tokenizer, messages, NULL);
    gint64 assistant = 0;
    double value;

    if (tokens < 0)
      tokens = 0;
    for (guint i = 0; i < n; i++)
      {
        JsonObject *message = json_array_get_object_element (messages, i);

        if (g_strcmp0 (vs_json_get_string (message, "role", NULL), "assistant") != 0)
          continue;
        g_ptr_array_set_size (texts, 0);
        collect_texts (json_object_get_member (message, "content"), texts);
        for (guint t = 0; t < texts->len; t++)
          assistant += count_text (self, g_ptr_array_index (texts, t));
      }
    if (tokens > self->token_limit)
      {
        self->over_limit++;
        add_check (self, line, FALSE, "over_token_limit",
                   _("the example has %" PRId64 " tokens, more than the limit of %" PRId64
                     "; the excess is cut off in training"),
                   (int64_t) tokens, (int64_t) self->token_limit);
      }
    value = tokens;
    g_array_append_val (self->tokens, value);
    self->total_tokens += tokens;
    self->assistant_tokens += assistant;
    self->n_valid++;
  }
  return TRUE;
}

gint64
vs_dataset_validator_get_n_examples (VsDatasetValidator *self)
{
  return self->n_examples;
}

gint64
vs_dataset_validator_get_n_valid_examples (VsDatasetValidator *self)
{
  return self->n_valid;
}

gint64
vs_dataset_validator_get_n_errors (VsDatasetValidator *self)
{
  return self->n_errors;
}

GPtrArray *
vs_dataset_validator_get_problems (VsDatasetValidator *self)
{
  return self->problems;
}

static void
set_number (JsonObject *object,
            const char *name,
            double      value)
{
  if (isnan (value))
    json_object_set_null_member (object, name);
  else if (value == floor (value) && fabs (value) < 1e15)
    json_object_set_int_member (object, name, (gint64) value);
  else
    json_object_set_double_member (object, name, value);
}

JsonNode *
vs_dataset_validator_stats_to_json (VsDatasetValidator *self)
{
  JsonObject *stats = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autofree double *sorted = g_memdup2 (self->tokens->data, self->tokens->len * sizeof (double));
  gsize n = self->tokens->len;

  vs_stats_sort (sorted, n);
  json_object_set_int_member (stats, "total_tokens", self->total_tokens);
  json_object_set_int_member (stats, "assistant_tokens", self->assistant_tokens);
  set_number (stats, "min_tokens", n ? sorted[0] : NAN);
  set_number (stats, "max_tokens", n ? sorted[n - 1] : NAN);
  set_number (stats, "mean_tokens", n ? (double) self->total_tokens / n : NAN);
  set_number (stats, "median_tokens", vs_stats_quantile_sorted (sorted, n, 0.5));
  set_number (stats, "p10_tokens", vs_stats_quantile_sorted (sorted, n, 0.1));
  set_number (stats, "p90_tokens", vs_stats_quantile_sorted (sorted, n, 0.9));
  json_object_set_int_member (stats, "over_limit", self->over_limit);
  json_node_take_object (node, stats);
  return node;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static JsonObject *
counts_to_object (GHashTable *table)
{
  JsonObject *object = json_object_new ();
  g_autofree gpointer *keys = g_hash_table_get_keys_as_array (table, NULL);
  guint n = g_hash_table_size (table);

  g_qsort_with_data (keys, n, sizeof (gpointer), compare_keys, NULL);
  for (guint i = 0; i < n; i++)
    json_object_set_int_member (object, keys[i],
                                GPOINTER_TO_INT (g_hash_table_lookup (table, keys[i])));
  return object;
}

JsonNode *
vs_dataset_validator_to_json (VsDatasetValidator *self)
{
  JsonObject *root = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonArray *problems = json_array_new ();

  json_object_set_int_member (root, "examples", self->n_examples);
  json_object_set_int_member (root, "valid_examples", self->n_valid);
  json_object_set_object_member (root, "errors", counts_to_object (self->errors));
  json_object_set_object_member (root, "warnings", counts_to_object (self->warnings));
  for (guint i = 0; i < self->problems->len; i++)
    {
      VsDatasetCheck *check = g_ptr_array_index (self->problems, i);
      JsonObject *object = json_object_new ();

      json_object_set_int_member (object, "line", check->line);
      json_object_set_string_member (object, "key", check->key);
      json_object_set_string_member (object, "message", check->message);
      json_array_add_object_element (problems, object);
    }
  json_object_set_array_member (root, "problems", problems);
  json_object_set_member (root, "stats", vs_dataset_validator_stats_to_json (self));
  json_node_take_object (node, root);
  return node;
}

gint64
vs_dataset_validator_get_billable_tokens (VsDatasetValidator *self)
{
  gint64 sum = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->tokens->len; i++)
    sum += MIN ((gint64) g_array_index (self->tokens, double, i), self->token_limit);
  return sum;
}
