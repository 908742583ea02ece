/* test-dataset-mapping.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Mapping dataset rows to chat examples: templates over columns, role tags remapped, ShareGPT
 * and Alpaca rows taken as they are, a weight column, and errors that name the template and
 * its line:column or the field at fault.
 */
#include "config.h"

#include <string.h>

#include "vs-dataset-mapping.h"
#include "vs-error.h"
#include "vs-json.h"

/* Maps the row @row_json with the mapping @mapping_json and returns the example as compact
 * JSON, or NULL with @error set. */
static char *
map_row (const char  *mapping_json,
         const char  *row_json,
         GError     **error)
{
  g_autoptr(VsDatasetMapping) mapping = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) example = NULL;

  mapping = mapping_json ? vs_dataset_mapping_new_from_data (mapping_json, -1, error)
                         : vs_dataset_mapping_new ();
  if (mapping == NULL)
    return NULL;
  row = vs_json_parse_object (row_json, -1, NULL);
  g_assert_nonnull (row);
  if (!vs_dataset_mapping_apply (mapping, row, &example, error))
    {
      g_assert_null (example);
      return NULL;
    }
  return vs_json_object_to_string (example, FALSE);
}

static void
test_templates (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *example = NULL;

  example = map_row ("{\"system\": \"Answer from the context.\","
                     " \"user\": \"{{question}}\\n\\nContext: {{context}}\","
                     " \"assistant\": \"{{label}}\", \"label\": \"label\"}",
                     "{\"question\": \"Who?\", \"context\": \"Ada, 1843\", \"label\": \"Ada\"}",
                     &error);
  g_assert_no_error (error);
  g_assert_cmpstr (example, ==,
                   "{\"messages\":[{\"role\":\"system\",\"content\":\"Answer from the context.\"},"
                   "{\"role\":\"user\",\"content\":\"Who?\\n\\nContext: Ada, 1843\"},"
                   "{\"role\":\"assistant\",\"content\":\"Ada\"}]}");
}

static void
test_label_column (void)
{
  g_autoptr(VsDatasetMapping) mapping = NULL;
  g_autoptr(GError) error = NULL;

  mapping = vs_dataset_mapping_new_from_data ("{\"user\": \"{{q}}\", \"label\": \"topic\","
                                              " \"chosen\": \"good\", \"rejected\": \"bad\"}",
                                              -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vs_dataset_mapping_get_column (mapping, "label"), ==, "topic");
  g_assert_cmpstr (vs_dataset_mapping_get_column (mapping, "chosen"), ==, "good");
  g_assert_cmpstr (vs_dataset_mapping_get_column (mapping, "rejected"), ==, "bad");
  g_assert_null (vs_dataset_mapping_get_column (mapping, "weight"));
  g_assert_true (json_object_has_member (vs_dataset_mapping_get_json (mapping), "label"));
}

static void
test_roles_remap (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *example = NULL;
  g_autofree char *csv_cell = NULL;

  /* A messages column with custom tags, inside a CSV cell (JSON text). */
  example = map_row ("{\"messages\": \"chat\", \"roles\": {\"bot\": \"assistant\","
                     " \"me\": \"user\"}, \"system\": \"Be brief.\"}",
                     "{\"chat\": \"[{\\\"role\\\":\\\"me\\\",\\\"content\\\":\\\"hi\\\"},"
                     "{\\\"role\\\":\\\"bot\\\",\\\"content\\\":\\\"hello\\\"}]\"}",
                     &error);
  g_assert_no_error (error);
  g_assert_cmpstr (example, ==,
                   "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                   "{\"role\":\"user\",\"content\":\"hi\"},"
                   "{\"role\":\"assistant\",\"content\":\"hello\"}]}");

  /* An existing system message is kept; the system template is not added twice. */
  csv_cell = map_row ("{\"system\": \"Other\"}",
                      "{\"messages\": [{\"role\": \"system\", \"content\": \"S\"},"
                      " {\"role\": \"user\", \"content\": \"u\", \"name\": \"n\"}]}",
                      &error);
  g_assert_no_error (error);
  g_assert_cmpstr (csv_cell, ==,
                   "{\"messages\":[{\"role\":\"system\",\"content\":\"S\"},"
                   "{\"role\":\"user\",\"content\":\"u\",\"name\":\"n\"}]}");
}

static void
test_sharegpt (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *example = NULL;
  g_autofree char *custom = NULL;

  example = map_row (NULL,
                     "{\"conversations\": [{\"from\": \"system\", \"value\": \"S\"},"
                     " {\"from\": \"human\", \"value\": \"q\"},"
                     " {\"from\": \"gpt\", \"value\": \"a\"}]}",
                     &error);
  g_assert_no_error (error);
  g_assert_cmpstr (example, ==,
                   "{\"messages\":[{\"role\":\"system\",\"content\":\"S\"},"
                   "{\"role\":\"user\",\"content\":\"q\"},"
                   "{\"role\":\"assistant\",\"content\":\"a\"}]}");

  custom = map_row ("{\"roles\": {\"customer\": \"user\", \"agent\": \"assistant\"}}",
                    "{\"conversations\": [{\"from\": \"customer\", \"value\": \"q\"},"
                    " {\"from\": \"agent\", \"value\": \"a\"}]}",
                    &error);
  g_assert_no_error (error);
  g_assert_cmpstr (custom, ==,
                   "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},"
                   "{\"role\":\"assistant\",\"content\":\"a\"}]}");
}

static void
test_alpaca (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *example = NULL;
  g_autofree char *plain = NULL;

  example = map_row (NULL,
                     "{\"instruction\": \"Translate\", \"input\": \"chat\", \"output\": \"cat\","
                     " \"system\": \"S\", \"history\": [[\"hi\", \"hello\"]]}",
                     &error);
  g_assert_no_error (error);
  g_assert_cmpstr (example, ==,
                   "{\"messages\":[{\"role\":\"system\",\"content\":\"S\"},"
                   "{\"role\":\"user\",\"content\":\"hi\"},"
                   "{\"role\":\"assistant\",\"content\":\"hello\"},"
                   "{\"role\":\"user\",\"content\":\"Translate\\n\\nchat\"},"
                   "{\"role\":\"assistant\",\"content\":\"cat\"}]}");

  plain = map_row (NULL, "{\"instruction\": \"Say hi\", \"input\": \"\", \"output\": \"hi\"}",
                   &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plain, ==,
                   "{\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"},"
                   "{\"role\":\"assistant\",\"content\":\"hi\"}]}");
}

static void
test_weight (void)
{
  const char *mapping = "{\"user\": \"{{q}}\", \"assistant\": \"{{a}}\", \"weight\": \"w\"}";
  g_autoptr(GError) error = NULL;
  g_autofree char *zero = NULL;
  g_autofree char *one = NULL;
  g_autofree char *bad = NULL;

  zero = map_row (mapping, "{\"q\": \"x\", \"a\": \"y\", \"w\": \"0\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (zero, ==,
                   "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
                   "{\"role\":\"assistant\",\"content\":\"y\",\"weight\":0}]}");
  one = map_row (mapping, "{\"q\": \"x\", \"a\": \"y\", \"w\": 1}", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (one, "\"weight\":1}"));

  bad = map_row (mapping, "{\"q\": \"x\", \"a\": \"y\", \"w\": \"0.5\"}", &error);
  g_assert_null (bad);
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "0.5"));
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) syntax = NULL;
  g_autoptr(GError) none = NULL;
  g_autoptr(GError) unknown = NULL;
  g_autoptr(GError) json = NULL;
  g_autoptr(VsDatasetMapping) mapping = NULL;
  g_autofree char *example = NULL;
  g_autofree char *example2 = NULL;

  /* An unknown variable at line 2, column 3 of the user template. */
  example = map_row ("{\"user\": \"Q:\\n  {{question}}\", \"assistant\": \"{{a}}\"}",
                     "{\"a\": \"b\"}", &error);
  g_assert_null (example);
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "user"));
  g_assert_nonnull (strstr (error->message, "2:3"));
  g_assert_nonnull (strstr (error->message, "question"));

  /* A syntax error is found when the mapping is read. */
  mapping = vs_dataset_mapping_new_from_data ("{\"assistant\": \"ok {{#x}} open\"}", -1, &syntax);
  g_assert_null (mapping);
  g_assert_error (syntax, VS_ERROR, VS_ERROR_INVALID);
  g_assert_nonnull (strstr (syntax->message, "assistant"));
  g_assert_nonnull (strstr (syntax->message, "1:4"));

  example2 = map_row (NULL, "{\"text\": \"x\"}", &none);
  g_assert_null (example2);
  g_assert_error (none, VS_ERROR, VS_ERROR_INVALID);

  g_assert_null (vs_dataset_mapping_new_from_data ("{\"usr\": \"x\"}", -1, &unknown));
  g_assert_error (unknown, VS_ERROR, VS_ERROR_INVALID);
  g_assert_nonnull (strstr (unknown->message, "usr"));

  g_assert_null (vs_dataset_mapping_new_from_data ("{\"user\": ", -1, &json));
  g_assert_error (json, VS_ERROR, VS_ERROR_INVALID);
}

static void
test_message_errors (void)
{
  const char *bad_rows[][2] = {
    { "{\"messages\": \"chat\"}", "{\"chat\": \"not json\"}" },
    { "{\"messages\": \"chat\"}", "{\"other\": 1}" },
    { NULL, "{\"messages\": [1]}" },
    { NULL, "{\"conversations\": [{\"from\": \"human\"}]}" },
    { NULL, "{\"conversations\": [{\"speaker\": \"human\", \"value\": \"x\"}]}" },
    { NULL, "{\"instruction\": \"x\"}" },
    { NULL, "{\"instruction\": \"x\", \"output\": \"y\", \"history\": [[\"q\"]]}" },
    { "{\"user\": \"{{q}}\", \"weight\": \"w\"}", "{\"q\": \"x\", \"w\": \"1\"}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_rows); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *example = map_row (bad_rows[i][0], bad_rows[i][1], &error);

      g_test_message ("row %u: %s", i, bad_rows[i][1]);
      g_assert_null (example);
      g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
      g_assert_cmpstr (error->message, !=, "");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/versus/dataset-mapping/templates", test_templates);
  g_test_add_func ("/versus/dataset-mapping/label-column", test_label_column);
  g_test_add_func ("/versus/dataset-mapping/roles-remap", test_roles_remap);
  g_test_add_func ("/versus/dataset-mapping/sharegpt", test_sharegpt);
  g_test_add_func ("/versus/dataset-mapping/alpaca", test_alpaca);
  g_test_add_func ("/versus/dataset-mapping/weight", test_weight);
  g_test_add_func ("/versus/dataset-mapping/errors", test_errors);
  g_test_add_func ("/versus/dataset-mapping/message-errors", test_message_errors);

  return g_test_run ();
}
