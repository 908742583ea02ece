/* fuzz-dataset-reader.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any bytes as a CSV, TSV, JSONL and JSON dataset (and with format detection): reading never
 * crashes, ordinals rise, every problem has a line and a "line …" message, and reading in
 * 4- or 7-byte chunks gives exactly what reading in one chunk does — records and problems.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "vs-dataset-reader.h"
#include "vs-json.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *
dump (const uint8_t   *data,
      size_t           size,
      VsDatasetFormat  format,
      gsize            chunk_size)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, size, NULL);
  g_autoptr(VsDatasetReader) reader = vs_dataset_reader_new (stream, format, NULL);
  GString *out = g_string_new (NULL);
  gint64 last_ordinal = 0;

  vs_dataset_reader_set_max_record_size (reader, 512);
  if (chunk_size)
    vs_dataset_reader_set_chunk_size (reader, chunk_size);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      VsDatasetPosition pos = { 0 };

      object = vs_dataset_reader_next (reader, &pos, NULL, &error);
      g_assert_no_error (error);
      problems = vs_dataset_reader_take_problems (reader);
      for (guint i = 0; i < problems->len; i++)
        {
          VsDatasetProblem *p = g_ptr_array_index (problems, i);

          g_assert_cmpint (p->line, >=, 1);
          g_assert_cmpint (p->column, >=, 0);
          g_assert_cmpint (p->ordinal, >=, 0);
          g_assert_true (p->key != NULL && *p->key != '\0');
          g_assert_true (g_str_has_prefix (p->message, "line "));
          g_assert_true (g_utf8_validate (p->message, -1, NULL));
          g_string_append_printf (out, "P %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %"
                                  G_GINT64_FORMAT " %s\n", p->ordinal, p->line, p->column,
                                  p->message);
        }
      if (object == NULL)
        break;

      g_assert_cmpint (pos.ordinal, >, last_ordinal);
      g_assert_cmpint (pos.line, >=, 1);
      last_ordinal = pos.ordinal;
      {
        g_autofree char *json = vs_json_object_to_string (object, FALSE);

        g_string_append_printf (out, "R %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %"
                                G_GINT64_FORMAT " %s\n", pos.ordinal, pos.line, pos.column,
                                json);
      }
    }
  g_assert_cmpint (vs_dataset_reader_get_bytes_read (reader), <=, (gint64) size);
  return g_string_free (out, FALSE);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const VsDatasetFormat formats[] = {
    VS_DATASET_FORMAT_CSV, VS_DATASET_FORMAT_TSV, VS_DATASET_FORMAT_JSONL,
    VS_DATASET_FORMAT_JSON,
  };

  if (size > 64 * 1024)
    return 0;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *whole = dump (data, size, formats[i], 0);
      g_autofree char *small = dump (data, size, formats[i], 4);
      g_autofree char *odd = dump (data, size, formats[i], 7);

      g_assert_cmpstr (whole, ==, small);
      g_assert_cmpstr (whole, ==, odd);
    }
  g_free (dump (data, size, VS_DATASET_FORMAT_AUTO, 0));
  return 0;
}
