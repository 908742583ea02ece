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

#include "vs-dataset-split.h"
#include "vs-dataset-validate.h"
#include "vs-json.h"
#include "vs-stats.h"

/* Buffers one example's checks reuse. */
typedef struct
{
  GHashTable *open_calls;
  GPtrArray  *texts;
  JsonParser *parser;    /* for lines handed over unparsed */
  GPtrArray  *problems;  /* VsDatasetProblem, what parsing a line found */
} Scratch;

static void
scratch_init (Scratch *scratch)
{
  scratch->open_calls = g_hash_table_new (g_str_hash, g_str_equal);
  scratch->texts = g_ptr_array_new ();
  scratch->parser = json_parser_new ();
  scratch->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_dataset_problem_free);
}

static void
scratch_clear (Scratch *scratch)
{
  g_clear_pointer (&scratch->open_calls, g_hash_table_unref);
  g_clear_pointer (&scratch->texts, g_ptr_array_unref);
  g_clear_object (&scratch->parser);
  g_clear_pointer (&scratch->problems, g_ptr_array_unref);
}

/* What checking one example found, computed on any thread and merged in line order. */
typedef struct
{
  gint64               line;
  GPtrArray           *checks;    /* VsDatasetCheck, NULL when there is none */
  gboolean             has_error;
  gint64               tokens;
  gint64               assistant;
  char                *dedup_key;
  VsDatasetNearSketch *sketch;
} Outcome;

struct _VsDatasetValidator
{
  VsTokenizer *tokenizer;
  gssize       role_tokens[5];  /* the count of each of known_roles[], encoded once */
  gint64       token_limit;
  gboolean     exact_duplicates;
  double       near_threshold;
  VsDatasetDedup     *dedup;
  VsDatasetNearDedup *near;
  Scratch      scratch;
  gint64       n_examples;
  gint64       n_valid;
  gint64       n_errors;
  gint64       last_reader_ordinal;
  GHashTable  *errors;    /* key → count (GINT_TO_POINTER) */
  GHashTable  *warnings;
  GPtrArray   *problems;  /* VsDatasetCheck */
  GPtrArray   *spare_texts;  /* GByteArray: merged batches' line buffers, for the next ones */
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

static const char * const known_roles[] = {
  "system", "user", "assistant", "function", "tool",
};

VsDatasetValidator *
vs_dataset_validator_new (VsTokenizer *tokenizer,
                          gint64       token_limit)
{
  VsDatasetValidator *self = g_new0 (VsDatasetValidator, 1);

  if (tokenizer == NULL)
    tokenizer = vs_tokenizer_get_for_encoding (VS_ENCODING_O200K_BASE);
  self->tokenizer = g_object_ref (tokenizer);
  G_STATIC_ASSERT (G_N_ELEMENTS (known_roles) == G_N_ELEMENTS (self->role_tokens));
  for (guint i = 0; i < G_N_ELEMENTS (known_roles); i++)
    self->role_tokens[i] = vs_tokenizer_count (tokenizer, known_roles[i], -1,
                                               VS_TOKENIZER_ENCODE_DEFAULT, NULL);
  self->token_limit = token_limit > 0 ? token_limit : VS_DATASET_TOKEN_LIMIT_DEFAULT;
  self->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->warnings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_dataset_check_free);
  self->tokens = g_array_new (FALSE, FALSE, sizeof (double));
  scratch_init (&self->scratch);
  self->spare_texts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref);
  vs_dataset_validator_set_duplicate_checks (self, TRUE, VS_DATASET_NEAR_THRESHOLD_DEFAULT);
  return self;
}

void
vs_dataset_validator_set_duplicate_checks (VsDatasetValidator *self,
                                           gboolean            exact,
                                           double              near_threshold)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (near_threshold >= 0 && near_threshold <= 1);

  self->exact_duplicates = exact;
  self->near_threshold = near_threshold;
  g_clear_pointer (&self->dedup, vs_dataset_dedup_free);
  g_clear_pointer (&self->near, vs_dataset_near_dedup_free);
  if (exact || near_threshold > 0)
    self->dedup = vs_dataset_dedup_new ();
  if (near_threshold > 0)
    self->near = vs_dataset_near_dedup_new (near_threshold);
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
  scratch_clear (&self->scratch);
  g_ptr_array_unref (self->spare_texts);
  g_clear_pointer (&self->dedup, vs_dataset_dedup_free);
  g_clear_pointer (&self->near, vs_dataset_near_dedup_free);
  g_free (self);
}

static void
count_key (GHashTable *table,
           const char *key)
{
  gpointer value = g_hash_table_lookup (table, key);

  g_hash_table_replace (table, g_strdup (key), GINT_TO_POINTER (GPOINTER_TO_INT (value) + 1));
}

static VsDatasetCheck *
check_new (gint64      line,
           gboolean    is_error,
           const char *key,
           const char *text)
{
  VsDatasetCheck *check = g_new0 (VsDatasetCheck, 1);

  check->line = line;
  check->key = g_strdup (key);
  check->is_error = is_error;
  /* Translators: a problem found in a fine-tuning example; %s is what is wrong and what to do. */
  check->message = g_strdup_printf (_("line %" PRId64 ": %s"), (int64_t) line, text);
  return check;
}

static void add_check (Outcome    *out,
                       gboolean    is_error,
                       const char *key,
                       const char *format,
                       ...) G_GNUC_PRINTF (4, 5);

static void
add_check (Outcome    *out,
           gboolean    is_error,
           const char *key,
           const char *format,
           ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  if (out->checks == NULL)
    out->checks = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_dataset_check_free);
  g_ptr_array_add (out->checks, check_new (out->line, is_error, key, text));
  if (is_error)
    out->has_error = TRUE;
}

/* Appends @check to the problems and counts it. */
static void
take_check (VsDatasetValidator *self,
            VsDatasetCheck     *check)
{
  g_ptr_array_add (self->problems, check);
  count_key (check->is_error ? self->errors : self->warnings, check->key);
  if (check->is_error)
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
  take_check (self, check);
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
count_text (VsTokenizer *tokenizer,
            const char  *text)
{
  gssize n = vs_tokenizer_count (tokenizer, text, -1, VS_TOKENIZER_ENCODE_DEFAULT, NULL);

  return MAX (n, 0);
}

/* vs_tokenizer_count_chat()'s count of @messages (objects only), and in @assistant the
 * tokens of the assistant messages' content texts — each string encoded once. -1 when a
 * string is not UTF-8, as vs_tokenizer_count_chat() fails then. */
/* vs_tokenizer_count() of @text, from @role_tokens when it is one of known_roles[] */
static gssize
count_string (VsTokenizer  *tokenizer,
              const gssize *role_tokens,
              const char   *text)
{
  if (text[0] != '\0' && strlen (text) <= strlen ("assistant"))
    for (guint i = 0; i < G_N_ELEMENTS (known_roles); i++)
      if (strcmp (text, known_roles[i]) == 0)
        return role_tokens[i];
  return vs_tokenizer_count (tokenizer, text, -1, VS_TOKENIZER_ENCODE_DEFAULT, NULL);
}

static gint64
count_tokens (VsTokenizer  *tokenizer,
              const gssize *role_tokens,
              JsonArray    *messages,
              GPtrArray    *texts,
              gint64       *assistant)
{
  guint n = json_array_get_length (messages);
  gint64 total = 0;

  *assistant = 0;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);
      gboolean is_assistant =
        g_strcmp0 (vs_json_get_string (message, "role", NULL), "assistant") == 0;
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      total += 3;
      json_object_iter_init (&iter, message);
      while (json_object_iter_next (&iter, &key, &value))
        {
          gssize count;

          if (JSON_NODE_HOLDS_NULL (value))
            count = 0;
          else if (is_string_node (value))
            count = count_string (tokenizer, role_tokens, json_node_get_string (value));
          else
            {
              g_autofree char *text = json_to_string (value, FALSE);

              count = vs_tokenizer_count (tokenizer, text, -1, VS_TOKENIZER_ENCODE_DEFAULT, NULL);
            }
          if (count < 0)
            return -1;
          total += count;
          if (strcmp (key, "name") == 0)
            total += 1;
          if (is_assistant && strcmp (key, "content") == 0)
            {
              if (is_string_node (value))
                *assistant += count;
              else
                {
                  g_ptr_array_set_size (texts, 0);
                  collect_texts (value, texts);
                  for (guint t = 0; t < texts->len; t++)
                    *assistant += count_text (tokenizer, g_ptr_array_index (texts, t));
                }
            }
        }
    }
  return total + 3;
}

/* Every check of one example, reading only @self's settings (any thread may call it). */
static void
check_example (VsDatasetValidator *self,
               Scratch            *scratch,
               JsonObject         *example,
               Outcome            *out)
{
  JsonNode *messages_node;
  JsonArray *messages;
  guint n;
  gboolean has_assistant = FALSE, has_system = FALSE, has_user = FALSE;
  gboolean trainable = FALSE, bad_weight = FALSE, bad_arguments = FALSE;
  gboolean order_ok = TRUE;
  const char *previous_role = NULL;
  const char *reserved = NULL;
  GHashTable *open_calls = scratch->open_calls;
  GPtrArray *texts = scratch->texts;
  gboolean unmatched = FALSE;

  g_hash_table_remove_all (open_calls);
  if (self->dedup != NULL)
    {
      g_autofree char *text = vs_dataset_row_dedup_text (example);
      g_autofree char *normal = vs_dataset_normalize_text (text);  /* once for both */

      out->dedup_key = vs_dataset_dedup_key_normalized (normal);
      if (self->near != NULL)
        out->sketch = vs_dataset_near_dedup_sketch_normalized (self->near, normal);
    }

  messages_node = json_object_get_member (example, "messages");
  if (messages_node == NULL || !JSON_NODE_HOLDS_ARRAY (messages_node) ||
      json_array_get_length (json_node_get_array (messages_node)) == 0)
    {
      add_check (out, TRUE, "missing_messages_list",
                 _("the example has no “messages” list (or it is empty); each line needs "
                   "{\"messages\": [{\"role\": …, \"content\": …}, …]}"));
      return;
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
          add_check (out, TRUE, "message_missing_key",
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
        add_check (out, TRUE, "message_missing_key",
                   _("message %u lacks “%s”"), i + 1,
                   json_object_has_member (message, "role") ? "content" : "role");

      json_object_iter_init (&iter, message);
      while (json_object_iter_next (&iter, &name, NULL))
        if (!in_list (name, known_keys, G_N_ELEMENTS (known_keys)))
          {
            unrecognized = TRUE;
            add_check (out, TRUE, "message_unrecognized_key",
                       _("message %u has the key “%s”; a message may only have role, "
                         "content, name, tool_calls, tool_call_id, refusal, function_call "
                         "and weight"), i + 1, name);
            break;
          }
      (void) unrecognized;

      if (!in_list (role, known_roles, G_N_ELEMENTS (known_roles)))
        add_check (out, TRUE, "unrecognized_role",
                   _("message %u has the role “%s”; use system, user, assistant or tool"),
                   i + 1, role ? role : "");

      if (!content_is_usable (content) &&
          !((content == NULL || JSON_NODE_HOLDS_NULL (content)) &&
            (has_calls || has_nonnull (message, "refusal"))))
        add_check (out, TRUE, "missing_content",
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
    add_check (out, TRUE, "example_missing_assistant_message",
               _("the example has no assistant message: add the reply the model should "
                 "learn"));
  if (bad_weight)
    add_check (out, TRUE, "invalid_weight",
               _("a message has a “weight” other than 0 or 1"));
  if (unmatched || g_hash_table_size (open_calls) > 0)
    add_check (out, TRUE, "unmatched_tool_call",
               _("a tool call is not answered by a later tool message with its "
                 "“tool_call_id” (or an id is missing, repeated or unknown)"));
  if (bad_arguments)
    add_check (out, TRUE, "tool_arguments_not_json",
               _("a tool call's “arguments” is not a string holding JSON"));
  if (has_assistant && !trainable)
    add_check (out, TRUE, "no_trainable_turn",
               _("every assistant message has weight 0, so nothing would be trained; give "
                 "at least one weight 1"));

  if (!has_system)
    add_check (out, FALSE, "missing_system", _("the example has no system message"));
  if (!has_user)
    add_check (out, FALSE, "missing_user", _("the example has no user message"));
  if (!order_ok)
    add_check (out, FALSE, "role_order",
               _("the messages are not in the order system, then user and assistant "
                 "taking turns"));
  {
    JsonNode *last = json_array_get_element (messages, n - 1);

    if (!JSON_NODE_HOLDS_OBJECT (last) ||
        g_strcmp0 (vs_json_get_string (json_node_get_object (last), "role", NULL),
                   "assistant") != 0)
      add_check (out, FALSE, "last_not_assistant",
                 _("the last message is not from the assistant; trainers such as Mistral's "
                   "require it"));
  }
  if (reserved != NULL)
    add_check (out, FALSE, "reserved_token",
               _("the text contains the reserved token %s; it is read as plain text"),
               reserved);

  if (out->has_error)
    return;

  out->tokens = count_tokens (self->tokenizer, self->role_tokens, messages, texts,
                             &out->assistant);
  if (out->tokens < 0)
    out->tokens = out->assistant = 0;
  if (out->tokens > self->token_limit)
    add_check (out, FALSE, "over_token_limit",
               _("the example has %" PRId64 " tokens, more than the limit of %" PRId64
                 "; the excess is cut off in training"),
               (int64_t) out->tokens, (int64_t) self->token_limit);
}

static void
outcome_clear (Outcome *out)
{
  g_clear_pointer (&out->checks, g_ptr_array_unref);
  g_clear_pointer (&out->dedup_key, g_free);
  g_clear_pointer (&out->sketch, vs_dataset_near_sketch_free);
}

/* Takes what check_example() found into the counts, then the duplicate checks, which need
 * every earlier example: this runs in line order. */
static gboolean
merge_outcome (VsDatasetValidator *self,
               Outcome            *out)
{
  gint64 first = -1;
  const char *key = NULL;

  self->n_examples++;
  if (out->checks != NULL)
    for (guint i = 0; i < out->checks->len; i++)
      take_check (self, g_steal_pointer (&out->checks->pdata[i]));

  if (out->dedup_key != NULL)
    {
      if (self->exact_duplicates)
        first = vs_dataset_dedup_add_key (self->dedup, g_steal_pointer (&out->dedup_key),
                                          out->line);
      if (first >= 0)
        key = "duplicate";
      else if (out->sketch != NULL)
        {
          first = vs_dataset_near_dedup_add_sketch (self->near, g_steal_pointer (&out->sketch),
                                                    out->line);
          if (first >= 0)
            key = "near_duplicate";
        }
    }
  if (key != NULL)
    {
      g_autofree char *text =
        g_strcmp0 (key, "duplicate") == 0
          ? g_strdup_printf (_("the example is the same as the one on line %" PRId64
                               " (apart from whitespace); keep one of them"),
                             (int64_t) first)
          : g_strdup_printf (_("the example is nearly the same as the one on line %" PRId64
                               " (Jaccard similarity of word triples at least %.2f); keep "
                               "one of them or make them differ"),
                             (int64_t) first, self->near_threshold);
      VsDatasetCheck *check = check_new (out->line, FALSE, key, text);

      check->other_line = first;
      take_check (self, check);
    }

  if (!out->has_error)
    {
      double value = out->tokens;

      if (out->tokens > self->token_limit)
        self->over_limit++;
      g_array_append_val (self->tokens, value);
      self->total_tokens += out->tokens;
      self->assistant_tokens += out->assistant;
      self->n_valid++;
    }
  outcome_clear (out);
  return !out->has_error;
}

gboolean
vs_dataset_validator_add_example (VsDatasetValidator *self,
                                  gint64              line,
                                  JsonObject         *example)
{
  Outcome out = { .line = line };

  g_return_val_if_fail (self != NULL && example != NULL, FALSE);

  check_example (self, &self->scratch, example, &out);
  return merge_outcome (self, &out);
}

/* Whole files: the calling thread reads records into batches, workers check them, and the
 * calling thread merges finished batches in order. JSONL is handed over as lines, unparsed:
 * each worker parses them with its own JsonParser (json-glib's parsing was a third of the
 * time when it ran here, on one thread), and the parser's problems are merged before the
 * line's checks, where vs_dataset_reader_next() would have queued them. Other formats: a
 * record goes to a worker only after the reader has parsed the record after it, which drops
 * the parser's own reference: from then on the worker is the only one touching the record
 * (json-glib's reference counts are not atomic). The last record's parser reference goes
 * with the reader, which outlives the workers. */

#define BATCH_RECORDS     256
#define BATCH_TEXT_BYTES  (4 * 1024 * 1024)
#define BATCHES_PER_WORKER 4

typedef struct
{
  JsonObject       *example;  /* NULL for a reader problem or a line */
  VsDatasetProblem *problem;  /* owned by the batch's problem arrays */
  /* A JSONL line handed over unparsed: its bytes in the batch's text, its place, and what
   * the worker found parsing it. */
  gboolean          is_line;
  gboolean          parsed;   /* the line was an object, and outcome holds its checks */
  gsize             offset;
  gsize             len;
  VsDatasetPosition position;
  GPtrArray        *line_problems;
  Outcome           outcome;
} Item;

typedef struct
{
  GArray     *items;     /* Item */
  GPtrArray  *problems;  /* the reader's problem arrays, kept until merged */
  GByteArray *text;      /* the lines' bytes, each followed by a NUL */
  gboolean    done;
} Batch;

typedef struct
{
  VsDatasetValidator *self;
  GAsyncQueue        *todo;  /* Batch, or the pool itself to stop */
  GMutex              lock;
  GCond               cond;
} Pool;

static Batch *
batch_new (VsDatasetValidator *self)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->items = g_array_sized_new (FALSE, TRUE, sizeof (Item), BATCH_RECORDS);
  batch->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  /* the buffers go round: a fresh one each time is fresh pages to fault in */
  batch->text = self->spare_texts->len > 0
                  ? g_ptr_array_steal_index_fast (self->spare_texts, self->spare_texts->len - 1)
                  : g_byte_array_new ();
  return batch;
}

static void
batch_free (VsDatasetValidator *self,
            Batch              *batch)
{
  for (guint i = 0; i < batch->items->len; i++)
    {
      Item *item = &g_array_index (batch->items, Item, i);

      g_clear_pointer (&item->example, json_object_unref);
      g_clear_pointer (&item->line_problems, g_ptr_array_unref);
      outcome_clear (&item->outcome);
    }
  g_array_unref (batch->items);
  g_ptr_array_unref (batch->problems);
  if (self->spare_texts->len < 64 && batch->text->len <= 1024 * 1024)
    {
      g_byte_array_set_size (batch->text, 0);
      g_ptr_array_add (self->spare_texts, batch->text);
    }
  else
    g_byte_array_unref (batch->text);
  g_free (batch);
}

static void
batch_check (VsDatasetValidator *self,
             Scratch            *scratch,
             Batch              *batch)
{
  for (guint i = 0; i < batch->items->len; i++)
    {
      Item *item = &g_array_index (batch->items, Item, i);

      if (item->example != NULL)
        {
          /* the record is freed with the batch, on the calling thread: json-glib's nodes
           * come from GSlice, whose per-thread caches a free on another thread defeats */
          check_example (self, scratch, item->example, &item->outcome);
        }
      else if (item->is_line)
        {
          /* parsed, checked and freed here: the parser's tree never leaves this thread */
          g_autoptr(JsonObject) example =
            vs_dataset_reader_parse_line (scratch->parser,
                                          (const char *) batch->text->data + item->offset,
                                          item->len, &item->position, scratch->problems);

          if (scratch->problems->len > 0)
            {
              item->line_problems = g_steal_pointer (&scratch->problems);
              scratch->problems =
                g_ptr_array_new_with_free_func ((GDestroyNotify) vs_dataset_problem_free);
            }
          if (example != NULL)
            {
              item->parsed = TRUE;
              check_example (self, scratch, example, &item->outcome);
            }
        }
    }
}

static void
batch_merge (VsDatasetValidator *self,
             Batch              *batch)
{
  for (guint i = 0; i < batch->items->len; i++)
    {
      Item *item = &g_array_index (batch->items, Item, i);

      if (item->problem != NULL)
        vs_dataset_validator_add_reader_problem (self, item->problem);
      else if (item->is_line)
        {
          if (item->line_problems != NULL)
            for (guint p = 0; p < item->line_problems->len; p++)
              vs_dataset_validator_add_reader_problem (self,
                                                       g_ptr_array_index (item->line_problems,
                                                                          p));
          if (item->parsed)
            merge_outcome (self, &item->outcome);
        }
      else
        merge_outcome (self, &item->outcome);
    }
  batch_free (self, batch);
}

static gpointer
pool_worker (gpointer data)
{
  Pool *pool = data;
  Scratch scratch;

  scratch_init (&scratch);

  for (;;)
    {
      gpointer job = g_async_queue_pop (pool->todo);
      Batch *batch = job;

      if (job == pool)
        break;
      batch_check (pool->self, &scratch, batch);
      g_mutex_lock (&pool->lock);
      batch->done = TRUE;
      g_cond_broadcast (&pool->cond);
      g_mutex_unlock (&pool->lock);
    }
  scratch_clear (&scratch);
  return NULL;
}

/* Merges the finished batches at the head of @pending; with @wait, until fewer than @keep
 * are left. */
static void
pool_merge (Pool   *pool,
            GQueue *pending,
            guint   keep)
{
  while (!g_queue_is_empty (pending))
    {
      Batch *head = g_queue_peek_head (pending);
      gboolean done;

      g_mutex_lock (&pool->lock);
      while (!(done = head->done) && pending->length > keep)
        g_cond_wait (&pool->cond, &pool->lock);
      g_mutex_unlock (&pool->lock);
      if (!done)
        break;
      batch_merge (pool->self, g_queue_pop_head (pending));
    }
}

gboolean
vs_dataset_validator_add_reader (VsDatasetValidator  *self,
                                 VsDatasetReader     *reader,
                                 guint                n_threads,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  Pool pool = { .self = self };
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  GQueue pending = G_QUEUE_INIT;
  Batch *batch = batch_new (self);
  g_autoptr(GError) local_error = NULL;
  gboolean by_line;
  gboolean reserved = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (VS_IS_DATASET_READER (reader), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_mutex_init (&pool.lock);
  g_cond_init (&pool.cond);
  pool.todo = g_async_queue_new ();
  for (guint i = 0; i < n_threads; i++)
    g_ptr_array_add (threads, g_thread_new ("vs-validate", pool_worker, &pool));

  /* JSONL lines go to the workers unparsed: the parsing is theirs too */
  by_line = vs_dataset_reader_detect_format (reader, cancellable, &local_error) ==
            VS_DATASET_FORMAT_JSONL;

  for (;;)
    {
      VsDatasetPosition position;
      JsonObject *example = NULL;
      const char *line = NULL;
      gsize len = 0;
      g_autoptr(GPtrArray) problems = NULL;

      if (local_error == NULL &&
          !g_cancellable_set_error_if_cancelled (cancellable, &local_error))
        {
          if (by_line)
            line = vs_dataset_reader_next_line (reader, &position, &len, cancellable,
                                                &local_error);
          else
            example = vs_dataset_reader_next (reader, &position, cancellable, &local_error);
        }
      problems = vs_dataset_reader_take_problems (reader);

      /* The previous record is now the batch's alone (see above). */
      if (batch->items->len >= BATCH_RECORDS || batch->text->len >= BATCH_TEXT_BYTES)
        {
          /* room in the near-dup buckets for about as many lines as the file holds, going
           * by the first batch (under rather than over: at most 2^17, less 5%) */
          if (by_line && !reserved && self->near != NULL && batch->text->len > 0)
            {
              goffset total = vs_dataset_reader_get_total_bytes (reader);
              double per_line = (double) batch->text->len / batch->items->len;

              if (total > 0)
                vs_dataset_near_dedup_reserve (self->near,
                                               (gsize) MIN (total / per_line * 0.95, 131072));
              reserved = TRUE;
            }
          if (n_threads == 0)
            {
              batch_check (self, &self->scratch, batch);
              batch_merge (self, batch);
            }
          else
            {
              g_queue_push_tail (&pending, batch);
              g_async_queue_push (pool.todo, batch);
              pool_merge (&pool, &pending, n_threads * BATCHES_PER_WORKER);
            }
          batch = batch_new (self);
        }

      for (guint i = 0; i < problems->len; i++)
        {
          Item item = { .problem = g_ptr_array_index (problems, i) };

          g_array_append_val (batch->items, item);
        }
      if (problems->len > 0)
        g_ptr_array_add (batch->problems, g_steal_pointer (&problems));
      if (line != NULL)
        {
          Item item = {
            .is_line = TRUE,
            .offset = batch->text->len,
            .len = len,
            .position = position,
            .outcome.line = position.line,
          };

          g_byte_array_append (batch->text, (const guint8 *) line, len);
          g_byte_array_append (batch->text, (const guint8 *) "", 1);
          g_array_append_val (batch->items, item);
          continue;
        }
      if (example == NULL)
        break;
      {
        Item item = { .example = example, .outcome.line = position.line };

        g_array_append_val (batch->items, item);
      }
    }

  if (n_threads == 0)
    {
      batch_check (self, &self->scratch, batch);
      batch_merge (self, batch);
    }
  else
    {
      g_queue_push_tail (&pending, batch);
      g_async_queue_push (pool.todo, batch);
      pool_merge (&pool, &pending, 0);
      for (guint i = 0; i < n_threads; i++)
        g_async_queue_push (pool.todo, &pool);
      for (guint i = 0; i < threads->len; i++)
        g_thread_join (g_ptr_array_index (threads, i));
    }
  g_async_queue_unref (pool.todo);
  g_mutex_clear (&pool.lock);
  g_cond_clear (&pool.cond);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
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
