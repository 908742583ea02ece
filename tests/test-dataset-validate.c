/* test-dataset-validate.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chat data checker: each error and warning key on a tiny example, the cookbook's way of
 * counting (per message for the message keys, both keys for a message without content),
 * modern data accepted as it is, the reader's problems mapped, and the token statistics
 * against counts worked out by hand.
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
  g_test_add_func ("/versus/dataset-validate/modern-accepted", test_modern_accepted);
  g_test_add_func ("/versus/dataset-validate/warning-keys", test_warning_keys);
  g_test_add_func ("/versus/dataset-validate/over-limit", test_over_limit);
  g_test_add_func ("/versus/dataset-validate/reader-problems", test_reader_problems);
  g_test_add_func ("/versus/dataset-validate/stats", test_stats);
  g_test_add_func ("/versus/dataset-validate/stats-empty", test_stats_empty);

  return g_test_run ();
}
