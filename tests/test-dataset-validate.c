/* test-dataset-validate.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chat data checker: each error and warning key on a tiny example, the cookbook's way of
 * counting (per message for the message keys, both keys for a message without content),
 * modern data accepted as it is, the reader's problems mapped, the token statistics against
 * counts worked out by hand, duplicate and near-duplicate warnings naming the line repeated,
 * and a whole file checked on worker threads giving exactly what the one-by-one calls give.
 */
#include "config.h"

#include <string.h>

#include "vs-dataset-validate.h"
#include "vs-json.h"

static VsDatasetValidator *
validate_lines (const char * const *lines)
{
  VsDatasetValidator *validator = vs_dataset_validator_new (NULL, 0);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) object = vs_json_parse_object (lines[i], -1, &error);

      g_assert_no_error (error);
      vs_dataset_validator_add_example (validator, i + 1, object);
    }
  return validator;
}

static gint64
count_of (JsonNode   *root,
          const char *section,
          const char *key)
{
  JsonObject *object = json_object_get_object_member (json_node_get_object (root), section);

  return json_object_has_member (object, key) ? json_object_get_int_member (object, key) : 0;
}

/* One example; asserts it gives @key (in errors or warnings) @count times. */
static void
assert_key (const char *line,
            const char *section,
            const char *key,
            gint64      count)
{
  const char *lines[] = { line, NULL };
  g_autoptr(VsDatasetValidator) validator = validate_lines (lines);
  g_autoptr(JsonNode) root = vs_dataset_validator_to_json (validator);

  if (count_of (root, section, key) != count)
    {
      g_autofree char *text = vs_json_to_string (root, TRUE);

      g_test_message ("%s\n→ %s", line, text);
    }
  g_assert_cmpint (count_of (root, section, key), ==, count);
}

#define GOOD "{\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"}," \
             "{\"role\":\"user\",\"content\":\"hi\"}," \
             "{\"role\":\"assistant\",\"content\":\"hello\"}]}"

static void
test_clean (void)
{
  const char *lines[] = { GOOD, NULL };
  g_autoptr(VsDatasetValidator) validator = validate_lines (lines);
  g_autoptr(JsonNode) root = vs_dataset_validator_to_json (validator);
  JsonObject *object = json_node_get_object (root);

  g_assert_cmpint (json_object_get_int_member (object, "examples"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "valid_examples"), ==, 1);
  g_assert_cmpint (json_object_get_size (json_object_get_object_member (object, "errors")), ==, 0);
  g_assert_cmpint (json_object_get_size (json_object_get_object_member (object, "warnings")), ==,
                   0);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (object, "problems")), ==,
                   0);
}

static void
test_error_keys (void)
{
  assert_key ("{\"rows\":[]}", "errors", "missing_messages_list", 1);
  assert_key ("{\"messages\":[]}", "errors", "missing_messages_list", 1);
  /* per message: two messages without content count twice, under both keys */
  assert_key ("{\"messages\":[{\"role\":\"user\"},{\"role\":\"assistant\"}]}", "errors",
              "message_missing_key", 2);
  assert_key ("{\"messages\":[{\"role\":\"user\"},{\"role\":\"assistant\"}]}", "errors",
              "missing_content", 2);
  assert_key ("{\"messages\":[{\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"y\"}]}",
              "errors", "message_missing_key", 1);
  assert_key ("{\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"extra\":1,\"more\":2},"
              "{\"role\":\"assistant\",\"content\":\"y\",\"x\":0}]}",
              "errors", "message_unrecognized_key", 2);
  assert_key ("{\"messages\":[{\"role\":\"human\",\"content\":\"x\"},"
              "{\"role\":\"gpt\",\"content\":\"y\"}]}", "errors", "unrecognized_role", 2);
  assert_key ("{\"messages\":[{\"role\":\"user\",\"content\":\"\"},"
              "{\"role\":\"assistant\",\"content\":5}]}", "errors", "missing_content", 2);
  assert_key ("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "errors",
              "example_missing_assistant_message", 1);
  assert_key ("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
              "{\"role\":\"assistant\",\"content\":\"y\",\"weight\":2}]}", "errors",
              "invalid_weight", 1);
  assert_key ("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
              "{\"role\":\"assistant\",\"content\":\"y\",\"weight\":0}]}", "errors",
              "no_trainable_turn", 1);
  assert_key ("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
              "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\","
              "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
              "{\"role\":\"assistant\",\"content\":\"y\"}]}", "errors", "unmatched_tool_call", 1);
  assert_key ("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
              "{\"role\":\"tool\",\"tool_call_id\":\"nope\",\"content\":\"1\"},"
              "{\"role\":\"assistant\",\"content\":\"y\"}]}", "errors", "unmatched_tool_call", 1);
  assert_key ("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
              "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\","
              "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{oops\"}}]},"
              "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"1\"},"
              "{\"role\":\"assistant\",\"content\":\"y\"}]}", "errors", "tool_arguments_not_json",
              1);
}

/* The cookbook counts these once per example however many messages are at fault, and a
 * message that is not an object as a message without its keys. */
static void
test_per_example_counts (void)
{
  /* two bad weights, two unmatched calls, two reserved tokens: one count each */
  const char *line =
    "{\"messages\":[{\"role\":\"user\",\"content\":\"<|im_start|> a\",\"weight\":5},"
    "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"a\",\"type\":"
    "\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}},{\"id\":\"b\","
    "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
    "{\"role\":\"assistant\",\"content\":\"<|endoftext|>\",\"weight\":-1}]}";

  assert_key (line, "errors", "invalid_weight", 1);
  assert_key (line, "errors", "unmatched_tool_call", 1);
  assert_key (line, "warnings", "reserved_token", 1);
  assert_key (line, "warnings", "missing_system", 1);
  /* a message that is not an object */
  assert_key ("{\"messages\":[\"hi\",{\"role\":\"assistant\",\"content\":\"y\"}]}",
              "errors", "message_missing_key", 1);
  /* three messages without content: three under each key, and one example with errors */
  {
    const char *lines[] = {
      "{\"messages\":[{\"role\":\"system\"},{\"role\":\"user\"},{\"role\":\"assistant\"}]}",
      GOOD,
      NULL
    };
    g_autoptr(VsDatasetValidator) validator = validate_lines (lines);
    g_autoptr(JsonNode) root = vs_dataset_validator_to_json (validator);

    g_assert_cmpint (count_of (root, "errors", "message_missing_key"), ==, 3);
    g_assert_cmpint (count_of (root, "errors", "missing_content"), ==, 3);
    g_assert_cmpint (vs_dataset_validator_get_n_errors (validator), ==, 6);
    g_assert_cmpint (vs_dataset_validator_get_n_valid_examples (validator), ==, 1);
  }
  /* tool_call_id answered twice: the second answer matches nothing */
  assert_key ("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
              "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\","
              "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
              "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"1\"},"
              "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"1\"},"
              "{\"role\":\"assistant\",\"content\":\"y\"}]}", "errors", "unmatched_tool_call", 1);
  /* a weight that is not a number */
  assert_key ("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
              "{\"role\":\"assistant\",\"content\":\"y\",\"weight\":\"1\"}]}", "errors",
              "invalid_weight", 1);
  /* arguments that are not a string */
  assert_key ("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
              "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\","
              "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":{}}}]},"
              "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"1\"},"
              "{\"role\":\"assistant\",\"content\":\"y\"}]}", "errors", "tool_arguments_not_json",
              1);
}

static const char *
problem_key (JsonNode *root,
             guint     index,
             gint64   *line)
{
  JsonArray *problems = json_object_get_array_member (json_node_get_object (root), "problems");
  JsonObject *problem = json_array_get_object_element (problems, index);

  *line = json_object_get_int_member (problem, "line");
  return json_object_get_string_member (problem, "key");
}

static void
test_duplicates (void)
{
  const char *lines[] = {
    /* 1 */ GOOD,
    /* 2: the same once whitespace is normalised */
    "{\"messages\":[{\"role\":\"system\",\"content\":\" be   brief\"},"
    "{\"role\":\"user\",\"content\":\"hi\\n\"},"
    "{\"role\":\"assistant\",\"content\":\"hello\"}]}",
    /* 3: a long reply */
    "{\"messages\":[{\"role\":\"user\",\"content\":\"Where is my order?\"},"
    "{\"role\":\"assistant\",\"content\":\"Your order left the warehouse on Monday and the "
    "courier expects to deliver it on Thursday before noon; you will get a text message with a "
    "link to follow the parcel and a phone number to call if nobody is home.\"}]}",
    /* 4: 3 with one word changed: a near duplicate of line 3 */
    "{\"messages\":[{\"role\":\"user\",\"content\":\"Where is my order?\"},"
    "{\"role\":\"assistant\",\"content\":\"Your order left the warehouse on Monday and the "
    "courier expects to deliver it on Thursday before noon; you will get a text message with a "
    "link to follow the parcel and a phone number to call if nobody is around.\"}]}",
    /* 5: a third copy of 1: a duplicate of the first one */
    GOOD,
    /* 6: different */
    "{\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"},"
    "{\"role\":\"assistant\",\"content\":\"Paris.\"}]}",
    NULL
  };
  g_autoptr(VsDatasetValidator) validator = validate_lines (lines);
  g_autoptr(JsonNode) root = vs_dataset_validator_to_json (validator);
  GPtrArray *checks = vs_dataset_validator_get_problems (validator);
  gint64 line;
  guint found = 0;

  g_assert_cmpint (count_of (root, "warnings", "duplicate"), ==, 2);
  g_assert_cmpint (count_of (root, "warnings", "near_duplicate"), ==, 1);
  g_assert_cmpint (vs_dataset_validator_get_n_valid_examples (validator), ==, 6);
  for (guint i = 0; i < checks->len; i++)
    {
      VsDatasetCheck *check = g_ptr_array_index (checks, i);
      const char *key = problem_key (root, i, &line);

      g_assert_cmpint (line, ==, check->line);
      if (g_str_equal (key, "duplicate") || g_str_equal (key, "near_duplicate"))
        {
          g_autofree char *other = g_strdup_printf ("line %" G_GINT64_FORMAT,
                                                    check->other_line);

          /* the message names the line it repeats */
          g_assert_nonnull (strstr (check->message + strlen ("line 1: "), other));
          g_assert_false (check->is_error);
          if (line == 2 || line == 5)
            g_assert_cmpint (check->other_line, ==, 1);
          else
            {
              g_assert_cmpint (line, ==, 4);
              g_assert_cmpstr (key, ==, "near_duplicate");
              g_assert_cmpint (check->other_line, ==, 3);
            }
          found++;
        }
      else
        g_assert_cmpint (check->other_line, ==, 0);
    }
  g_assert_cmpuint (found, ==, 3);

  /* both off: no duplicate warnings */
  {
    g_autoptr(VsDatasetValidator) off = vs_dataset_validator_new (NULL, 0);
    g_autoptr(JsonNode) off_root = NULL;

    vs_dataset_validator_set_duplicate_checks (off, FALSE, 0);
    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_autoptr(JsonObject) object = vs_json_parse_object (lines[i], -1, NULL);

        vs_dataset_validator_add_example (off, i + 1, object);
      }
    off_root = vs_dataset_validator_to_json (off);
    g_assert_cmpint (count_of (off_root, "warnings", "duplicate"), ==, 0);
    g_assert_cmpint (count_of (off_root, "warnings", "near_duplicate"), ==, 0);
  }
  /* exact only: line 4 is no longer reported */
  {
    g_autoptr(VsDatasetValidator) exact = vs_dataset_validator_new (NULL, 0);
    g_autoptr(JsonNode) exact_root = NULL;

    vs_dataset_validator_set_duplicate_checks (exact, TRUE, 0);
    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_autoptr(JsonObject) object = vs_json_parse_object (lines[i], -1, NULL);

        vs_dataset_validator_add_example (exact, i + 1, object);
      }
    exact_root = vs_dataset_validator_to_json (exact);
    g_assert_cmpint (count_of (exact_root, "warnings", "duplicate"), ==, 2);
    g_assert_cmpint (count_of (exact_root, "warnings", "near_duplicate"), ==, 0);
  }
}

#define LONG_REPLY "It is sunny in the morning with a light breeze from the west, clouds come " \
  "in over the hills after lunch and a few showers may reach the town in the late afternoon, " \
  "so take an umbrella if you go out after four, and expect a cool clear evening with the " \
  "temperature falling to about ten degrees before midnight and fog near the river"

/* A file with every kind of line, long enough to cross many batches. */
static GString *
mixed_file (guint n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    switch (i % 11)
      {
      case 0:
        /* near duplicates of each other: only the last word differs */
        g_string_append_printf (text, "{\"messages\":[{\"role\":\"user\",\"content\":\"How is "
                                "the weather?\"},{\"role\":\"assistant\",\"content\":"
                                "\"%s %u\"}]}\n", LONG_REPLY, i / 3);
        break;
      case 1:
        g_string_append (text, GOOD "\n");
        break;
      case 2:
        g_string_append (text, "\n");
        break;
      case 3:
        g_string_append (text, "[1,2]\n");
        break;
      case 4:
        g_string_append (text, "{broken\n");
        break;
      case 5:
        g_string_append_printf (text, "{\"messages\":[{\"role\":\"user\"},{\"role\":\"bot\","
                                "\"content\":\"%u\",\"weight\":3}]}\n", i);
        break;
      case 6:
        g_string_append (text, "\xff\xfe\n");
        break;
      case 7:
        g_string_append_printf (text, "{\"messages\":[{\"role\":\"system\",\"content\":\"s\"},"
                                "{\"role\":\"user\",\"content\":\"q %u <|endoftext|>\"},"
                                "{\"role\":\"assistant\",\"content\":\"%s\"}]}\n", i,
                                i % 2 ? "a long reply of many words that repeats a long reply"
                                      : "short");
        break;
      default:
        g_string_append_printf (text, "{\"messages\":[{\"role\":\"user\",\"content\":\"n%u\"},"
                                "{\"role\":\"assistant\",\"content\":\"m%u\"}]}\n", i % 97,
                                i % 89);
        break;
      }
  return text;
}

static char *
validate_text (GString *text,
               int      n_threads)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (text->str, text->len,
                                                                         NULL);
  g_autoptr(VsDatasetReader) reader = vs_dataset_reader_new (stream, VS_DATASET_FORMAT_JSONL,
                                                            NULL);
  g_autoptr(VsDatasetValidator) validator = vs_dataset_validator_new (NULL, 40);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  if (n_threads < 0)
    for (;;)
      {
        VsDatasetPosition position;
        g_autoptr(JsonObject) example = vs_dataset_reader_next (reader, &position, NULL, &error);
        g_autoptr(GPtrArray) found = vs_dataset_reader_take_problems (reader);

        g_assert_no_error (error);
        for (guint i = 0; i < found->len; i++)
          vs_dataset_validator_add_reader_problem (validator, g_ptr_array_index (found, i));
        if (example == NULL)
          break;
        vs_dataset_validator_add_example (validator, position.line, example);
      }
  else
    {
      g_assert_true (vs_dataset_validator_add_reader (validator, reader, n_threads, NULL,
                                                      &error));
      g_assert_no_error (error);
    }
  root = vs_dataset_validator_to_json (validator);
  return vs_json_to_string (root, FALSE);
}

static void
test_threads_same (void)
{
  g_autoptr(GString) text = mixed_file (5000);
  g_autofree char *one_by_one = validate_text (text, -1);
  g_autofree char *inline_ = validate_text (text, 0);
  g_autofree char *one = validate_text (text, 1);
  g_autofree char *two = validate_text (text, 2);
  g_autofree char *three = validate_text (text, 3);
  g_autoptr(JsonNode) root = vs_json_parse (one_by_one, -1, NULL);

  /* every kind of problem is in there */
  g_assert_cmpint (count_of (root, "errors", "data_type"), >, 0);
  g_assert_cmpint (count_of (root, "errors", "invalid_json"), >, 0);
  g_assert_cmpint (count_of (root, "errors", "invalid_utf8"), >, 0);
  g_assert_cmpint (count_of (root, "errors", "invalid_weight"), >, 0);
  g_assert_cmpint (count_of (root, "warnings", "duplicate"), >, 0);
  g_assert_cmpint (count_of (root, "warnings", "near_duplicate"), >, 0);
  g_assert_cmpint (count_of (root, "warnings", "reserved_token"), >, 0);
  g_assert_cmpint (count_of (root, "warnings", "over_token_limit"), >, 0);
  g_assert_cmpstr (inline_, ==, one_by_one);
  g_assert_cmpstr (one, ==, one_by_one);
  g_assert_cmpstr (two, ==, one_by_one);
  g_assert_cmpstr (three, ==, one_by_one);
}

static void
test_cancelled (void)
{
  g_autoptr(GString) text = mixed_file (100);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (text->str, text->len,
                                                                         NULL);
  g_autoptr(VsDatasetReader) reader = vs_dataset_reader_new (stream, VS_DATASET_FORMAT_JSONL,
                                                            NULL);
  g_autoptr(VsDatasetValidator) validator = vs_dataset_validator_new (NULL, 0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (vs_dataset_validator_add_reader (validator, reader, 2, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (vs_dataset_validator_get_n_examples (validator), ==, 0);
}

static void
test_modern_accepted (void)
{
  const char *lines[] = {
    /* tools, null content beside tool_calls, role tool, content parts, weight 0/1, refusal */
    "{\"messages\":[{\"role\":\"system\",\"content\":\"s\"},"
    "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"weather?\"}]},"
    "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
    "\"type\":\"function\",\"function\":{\"name\":\"w\",\"arguments\":\"{\\\"c\\\":1}\"}}],"
    "\"weight\":0},"
    "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"sunny\"},"
    "{\"role\":\"assistant\",\"content\":\"It is sunny.\",\"weight\":1}],"
    "\"tools\":[],\"parallel_tool_calls\":false}",
    "{\"messages\":[{\"role\":\"user\",\"content\":\"bad\"},"
    "{\"role\":\"assistant\",\"content\":null,\"refusal\":\"I can't help with that.\"}]}",
    NULL
  };
  g_autoptr(VsDatasetValidator) validator = validate_lines (lines);
  g_autoptr(JsonNode) root = vs_dataset_validator_to_json (validator);
  JsonObject *object = json_node_get_object (root);

  g_assert_cmpint (json_object_get_size (json_object_get_object_member (object, "errors")), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "valid_examples"), ==, 2);
  g_assert_cmpint (vs_dataset_validator_get_n_errors (validator), ==, 0);
  /* the second has no system message: a warning, not an error */
  g_assert_cmpint (count_of (root, "warnings", "missing_system"), ==, 1);
  g_assert_cmpint (count_of (root, "warnings", "role_order"), ==, 0);
}

static void
test_warning_keys (void)
{
  assert_key ("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
              "{\"role\":\"assistant\",\"content\":\"y\"}]}", "warnings", "missing_system", 1);
  assert_key ("{\"messages\":[{\"role\":\"system\",\"content\":\"x\"},"
              "{\"role\":\"assistant\",\"content\":\"y\"}]}", "warnings", "missing_user", 1);
  assert_key ("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
              "{\"role\":\"user\",\"content\":\"x\"},"
              "{\"role\":\"assistant\",\"content\":\"y\"}]}", "warnings", "role_order", 1);
  assert_key ("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
              "{\"role\":\"system\",\"content\":\"x\"},"
              "{\"role\":\"assistant\",\"content\":\"y\"}]}", "warnings", "role_order", 1);
  assert_key ("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
              "{\"role\":\"assistant\",\"content\":\"y\"},"
              "{\"role\":\"user\",\"content\":\"z\"}]}", "warnings", "last_not_assistant", 1);
  assert_key ("{\"messages\":[{\"role\":\"user\",\"content\":\"x <|endoftext|>\"},"
              "{\"role\":\"assistant\",\"content\":\"y\"}]}", "warnings", "reserved_token", 1);
  assert_key (GOOD, "warnings", "reserved_token", 0);
}

static void
test_over_limit (void)
{
  VsDatasetValidator *validator = vs_dataset_validator_new (NULL, 10);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = vs_json_parse_object (GOOD, -1, &error);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *stats;

  /* GOOD has 3·3 + 3 roles + "be brief" (2) + "hi" + "hello" + 3 = 19 tokens > 10 */
  g_assert_true (vs_dataset_validator_add_example (validator, 1, object));
  root = vs_dataset_validator_to_json (validator);
  g_assert_cmpint (count_of (root, "warnings", "over_token_limit"), ==, 1);
  stats = json_object_get_object_member (json_node_get_object (root), "stats");
  g_assert_cmpint (json_object_get_int_member (stats, "over_limit"), ==, 1);
  vs_dataset_validator_free (validator);

  g_assert_cmpint (vs_dataset_token_limit_for_model ("gpt-3.5-turbo-0125"), ==, 16385);
  g_assert_cmpint (vs_dataset_token_limit_for_model ("gpt-4o-mini"), ==, 65536);
}

static void
test_reader_problems (void)
{
  const char *text = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                     "{\"role\":\"assistant\",\"content\":\"hello\"}]}\n"
                     "\n"
                     "[1, 2]\n"
                     "{not json\n"
                     "\xff\xfe\n";
  g_autoptr(GInputStream) stream =
    g_memory_input_stream_new_from_data (text, strlen (text), NULL);
  g_autoptr(VsDatasetReader) reader = vs_dataset_reader_new (stream, VS_DATASET_FORMAT_JSONL,
                                                            NULL);
  g_autoptr(VsDatasetValidator) validator = vs_dataset_validator_new (NULL, 0);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *problems;

  for (;;)
    {
      VsDatasetPosition position;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) example = vs_dataset_reader_next (reader, &position, NULL, &error);
      g_autoptr(GPtrArray) found = vs_dataset_reader_take_problems (reader);

      g_assert_no_error (error);
      for (guint i = 0; i < found->len; i++)
        vs_dataset_validator_add_reader_problem (validator, g_ptr_array_index (found, i));
      if (example == NULL)
        break;
      vs_dataset_validator_add_example (validator, position.line, example);
    }
  root = vs_dataset_validator_to_json (validator);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "examples"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "valid_examples"), ==,
                   1);
  g_assert_cmpint (count_of (root, "errors", "data_type"), ==, 1);
  g_assert_cmpint (count_of (root, "errors", "invalid_json"), ==, 1);
  g_assert_cmpint (count_of (root, "errors", "invalid_utf8"), ==, 1);
  problems = json_object_get_array_member (json_node_get_object (root), "problems");
  /* line 1 warns missing_system; then the three bad lines in order */
  g_assert_cmpint (json_array_get_length (problems), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (problems, 1),
                                               "line"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (problems, 1),
                                                  "key"), ==, "data_type");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (problems, 2),
                                               "line"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (problems, 3),
                                               "line"), ==, 5);
}

static void
test_stats (void)
{
  /* Hand counts (o200k_base; every word here is one token, "be brief" two):
   *   A: user "hi", assistant "hello"                → 2·(3+1+1) + 3 = 13, assistant 1
   *   B: system "be brief", user "hi", asst "hello"  → (3+1+2) + 2·5 + 3 = 19, assistant 1
   *   C: user "hi", assistant "hello", name "bob"    → 13 + 1 (name) + 1 ("bob") = 15
   *   D: an error: left out of the statistics */
  const char *lines[] = {
    "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
    "{\"role\":\"assistant\",\"content\":\"hello\"}]}",
    GOOD,
    "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"name\":\"bob\"},"
    "{\"role\":\"assistant\",\"content\":\"hello\"}]}",
    "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
    NULL
  };
  g_autoptr(VsDatasetValidator) validator = validate_lines (lines);
  g_autoptr(JsonNode) root = vs_dataset_validator_to_json (validator);
  JsonObject *stats = json_object_get_object_member (json_node_get_object (root), "stats");

  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "examples"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "valid_examples"), ==,
                   3);
  g_assert_cmpint (json_object_get_int_member (stats, "total_tokens"), ==, 13 + 19 + 15);
  g_assert_cmpint (json_object_get_int_member (stats, "assistant_tokens"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (stats, "min_tokens"), ==, 13);
  g_assert_cmpint (json_object_get_int_member (stats, "max_tokens"), ==, 19);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (stats, "mean_tokens"),
                                  47.0 / 3, 1e-9);
  g_assert_cmpint (json_object_get_int_member (stats, "median_tokens"), ==, 15);
  /* numpy linear: sorted 13, 15, 19; p10 at h = 0.2 → 13.4; p90 at h = 1.8 → 18.2 */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (stats, "p10_tokens"), 13.4,
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (stats, "p90_tokens"), 18.2,
                                  1e-9);
  g_assert_cmpint (json_object_get_int_member (stats, "over_limit"), ==, 0);
}

static void
test_stats_empty (void)
{
  g_autoptr(VsDatasetValidator) validator = vs_dataset_validator_new (NULL, 0);
  g_autoptr(JsonNode) stats = vs_dataset_validator_stats_to_json (validator);
  JsonObject *object = json_node_get_object (stats);

  g_assert_cmpint (json_object_get_int_member (object, "total_tokens"), ==, 0);
  g_assert_true (json_object_get_null_member (object, "min_tokens"));
  g_assert_true (json_object_get_null_member (object, "p90_tokens"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/versus/dataset-validate/clean", test_clean);
  g_test_add_func ("/versus/dataset-validate/error-keys", test_error_keys);
  g_test_add_func ("/versus/dataset-validate/per-example-counts", test_per_example_counts);
  g_test_add_func ("/versus/dataset-validate/modern-accepted", test_modern_accepted);
  g_test_add_func ("/versus/dataset-validate/warning-keys", test_warning_keys);
  g_test_add_func ("/versus/dataset-validate/over-limit", test_over_limit);
  g_test_add_func ("/versus/dataset-validate/reader-problems", test_reader_problems);
  g_test_add_func ("/versus/dataset-validate/stats", test_stats);
  g_test_add_func ("/versus/dataset-validate/stats-empty", test_stats_empty);
  g_test_add_func ("/versus/dataset-validate/duplicates", test_duplicates);
  g_test_add_func ("/versus/dataset-validate/threads-same", test_threads_same);
  g_test_add_func ("/versus/dataset-validate/cancelled", test_cancelled);

  return g_test_run ();
}
