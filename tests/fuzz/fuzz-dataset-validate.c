/* fuzz-dataset-validate.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The mapping + validation path on any bytes: the first line is a mapping (used when it is
 * one), the rest a JSONL file. Each row is mapped and the example validated; the raw file is
 * validated one record at a time and on 0 and 2 worker threads, which must agree exactly. The
 * report always holds: problems in line order with "line …" messages, counts that add up,
 * valid examples no more than examples, JSON that reads back.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "vs-dataset-mapping.h"
#include "vs-dataset-validate.h"
#include "vs-json.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static VsDatasetReader *
reader_for (const uint8_t *data,
            size_t         size)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, size, NULL);
  VsDatasetReader *reader = vs_dataset_reader_new (stream, VS_DATASET_FORMAT_JSONL, NULL);

  vs_dataset_reader_set_max_record_size (reader, 4096);
  return reader;
}

static gint64
sum_counts (JsonObject *object)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;
  gint64 sum = 0;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &value))
    {
      g_assert_cmpint (json_node_get_int (value), >, 0);
      sum += json_node_get_int (value);
    }
  return sum;
}

/* Checks the report's invariants; returns it as compact JSON. */
static char *
check_report (VsDatasetValidator *validator)
{
  g_autoptr(JsonNode) root = vs_dataset_validator_to_json (validator);
  JsonObject *object = json_node_get_object (root);
  JsonArray *problems = json_object_get_array_member (object, "problems");
  GPtrArray *checks = vs_dataset_validator_get_problems (validator);
  g_autofree char *text = vs_json_to_string (root, FALSE);
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GError) error = NULL;
  gint64 examples = json_object_get_int_member (object, "examples");
  gint64 valid = json_object_get_int_member (object, "valid_examples");
  gint64 n_errors = 0, last_line = 0;
  JsonObject *stats = json_object_get_object_member (object, "stats");

  g_assert_cmpint (valid, >=, 0);
  g_assert_cmpint (valid, <=, examples);
  g_assert_cmpuint (json_array_get_length (problems), ==, checks->len);
  for (guint i = 0; i < checks->len; i++)
    {
      VsDatasetCheck *check = g_ptr_array_index (checks, i);

      g_assert_cmpint (check->line, >=, 1);
      g_assert_cmpint (check->line, >=, last_line);
      last_line = check->line;
      g_assert_true (g_str_has_prefix (check->message, "line "));
      g_assert_true (g_utf8_validate (check->message, -1, NULL));
      g_assert_true (check->key != NULL && check->key[0] != '\0');
      if (check->other_line != 0)
        g_assert_cmpint (check->other_line, <, check->line);
      n_errors += check->is_error;
    }
  g_assert_cmpint (n_errors, ==, vs_dataset_validator_get_n_errors (validator));
  g_assert_cmpint (sum_counts (json_object_get_object_member (object, "errors")), ==, n_errors);
  g_assert_cmpint (sum_counts (json_object_get_object_member (object, "warnings")), ==,
                   (gint64) checks->len - n_errors);
  g_assert_cmpint (json_object_get_int_member (stats, "total_tokens"), >=,
                   json_object_get_int_member (stats, "assistant_tokens"));
  g_assert_cmpint (json_object_get_int_member (stats, "over_limit"), <=, valid);

  again = vs_json_parse (text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (again != NULL);
  return g_steal_pointer (&text);
}

/* The raw file, one record at a time. */
static char *
validate_one_by_one (const uint8_t *data,
                     size_t         size)
{
  g_autoptr(VsDatasetReader) reader = reader_for (data, size);
  g_autoptr(VsDatasetValidator) validator = vs_dataset_validator_new (NULL, 64);

  for (;;)
    {
      VsDatasetPosition position;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) example = vs_dataset_reader_next (reader, &position, NULL, &error);
      g_autoptr(GPtrArray) problems = vs_dataset_reader_take_problems (reader);

      g_assert_no_error (error);
      for (guint i = 0; i < problems->len; i++)
        vs_dataset_validator_add_reader_problem (validator, g_ptr_array_index (problems, i));
      if (example == NULL)
        break;
      vs_dataset_validator_add_example (validator, position.line, example);
    }
  return check_report (validator);
}

static char *
validate_threads (const uint8_t *data,
                  size_t         size,
                  guint          n_threads)
{
  g_autoptr(VsDatasetReader) reader = reader_for (data, size);
  g_autoptr(VsDatasetValidator) validator = vs_dataset_validator_new (NULL, 64);
  g_autoptr(GError) error = NULL;

  g_assert_true (vs_dataset_validator_add_reader (validator, reader, n_threads, NULL, &error));
  g_assert_no_error (error);
  return check_report (validator);
}

/* Each row through @mapping, the examples it makes validated. */
static void
validate_mapped (VsDatasetMapping *mapping,
                 const uint8_t    *data,
                 size_t            size)
{
  g_autoptr(VsDatasetReader) reader = reader_for (data, size);
  g_autoptr(VsDatasetValidator) validator = vs_dataset_validator_new (NULL, 64);
  gint64 n_mapped = 0;

  for (;;)
    {
      VsDatasetPosition position;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) row = vs_dataset_reader_next (reader, &position, NULL, &error);
      g_autoptr(GPtrArray) problems = vs_dataset_reader_take_problems (reader);
      g_autoptr(JsonObject) example = NULL;
      g_autoptr(GError) map_error = NULL;

      g_assert_no_error (error);
      for (guint i = 0; i < problems->len; i++)
        vs_dataset_validator_add_reader_problem (validator, g_ptr_array_index (problems, i));
      if (row == NULL)
        break;
      if (vs_dataset_mapping_apply (mapping, row, &example, &map_error))
        {
          g_assert_no_error (map_error);
          g_assert_nonnull (example);
          /* a mapped example always has a messages list */
          g_assert_true (json_object_has_member (example, "messages"));
          vs_dataset_validator_add_example (validator, position.line, example);
          n_mapped++;
        }
      else
        {
          g_assert_nonnull (map_error);
          g_assert_true (g_utf8_validate (map_error->message, -1, NULL));
        }
    }
  g_free (check_report (validator));
  g_assert_cmpint (vs_dataset_validator_get_n_examples (validator), >=, n_mapped);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const uint8_t *newline;
  g_autoptr(VsDatasetMapping) mapping = NULL;
  const uint8_t *rows = data;
  size_t rows_size = size;

  if (size > 16 * 1024 || size == 0)
    return 0;

  newline = memchr (data, '\n', size);
  if (newline != NULL)
    {
      mapping = vs_dataset_mapping_new_from_data ((const char *) data, newline - data, NULL);
      if (mapping != NULL)
        {
          rows = newline + 1;
          rows_size = size - (newline + 1 - data);
        }
    }
  if (mapping == NULL)
    mapping = vs_dataset_mapping_new ();
  validate_mapped (mapping, rows, rows_size);

  {
    g_autofree char *one_by_one = validate_one_by_one (data, size);
    g_autofree char *inline_ = validate_threads (data, size, 0);
    g_autofree char *two = validate_threads (data, size, 2);

    g_assert_cmpstr (inline_, ==, one_by_one);
    g_assert_cmpstr (two, ==, one_by_one);
  }
  return 0;
}
