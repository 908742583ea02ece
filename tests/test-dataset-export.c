/* test-dataset-export.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every export format written from the same examples and read back by our own reader (no
 * problems, the expected shape, and for alpaca, sharegpt and openai-chat the same
 * conversation again through the mapping); the companion files; splits into three files;
 * skipped rows with reasons; the async API's progress and summary. The leakage check and its
 * fix, and the OpenAI cookbook's epoch rule and billable tokens with its own figures. A
 * project's dataset exported on a worker: stored examples, rejected records left out, the
 * records' own splits or a fresh one.
 */
#include "config.h"

#include <string.h>

#include "vs-dataset-cost.h"
#include "vs-dataset-export.h"
#include "vs-dataset-import.h"
#include "vs-dataset-leakage.h"
#include "vs-dataset-mapping.h"
#include "vs-dataset-reader.h"
#include "vs-json.h"
#include "vs-prices.h"
#include "vs-project-private.h"
#include "vs-test-util.h"

/* A system + single turn with a weight and preference columns; a two-turn conversation; a
 * single turn with commas, quotes and a line break (CSV quoting). */
static const char *examples =
  "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
  "{\"role\":\"user\",\"content\":\"Hi\"},"
  "{\"role\":\"assistant\",\"content\":\"Hello\",\"weight\":1}],"
  "\"chosen\":\"Hello!\",\"rejected\":\"Go away.\"}\n"
  "{\"messages\":[{\"role\":\"user\",\"content\":\"q1\"},"
  "{\"role\":\"assistant\",\"content\":\"a1\"},"
  "{\"role\":\"user\",\"content\":\"q2\"},{\"role\":\"assistant\",\"content\":\"a2\"}],"
  "\"chosen\":\"a2\",\"rejected\":\"no\"}\n"
  "{\"messages\":[{\"role\":\"user\",\"content\":\"a, \\\"b\\\"\\nc\"},"
  "{\"role\":\"assistant\",\"content\":\"d,e\"}],\"chosen\":\"x\",\"rejected\":\"y\"}\n";

typedef struct
{
  char *dir;
  char *input;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = vs_test_tmpdir_new ();
  fixture->input = g_build_filename (fixture->dir, "in.jsonl", NULL);
  g_assert_true (g_file_set_contents (fixture->input, examples, -1, NULL));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  vs_test_tmpdir_free (fixture->dir);
  g_free (fixture->input);
}

/* Every record of @path (JsonObject), asserting that the reader reported no problem. */
static GPtrArray *
read_back (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsDatasetReader) reader = vs_dataset_reader_new_for_path (path,
                                                                      VS_DATASET_FORMAT_AUTO,
                                                                      &error);
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonObject *record;

  g_assert_no_error (error);
  while ((record = vs_dataset_reader_next (reader, NULL, NULL, &error)) != NULL)
    g_ptr_array_add (records, record);
  g_assert_no_error (error);
  g_assert_cmpuint (vs_dataset_reader_get_n_problems (reader), ==, 0);
  return records;
}

static char *
to_text (JsonObject *object)
{
  return vs_json_object_to_string (object, FALSE);
}

static char *
messages_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  json_node_set_array (node, json_object_get_array_member (object, "messages"));
  return vs_json_to_string (node, FALSE);
}

/* The messages of input line @i, without the weight (formats that cannot hold one drop it). */
static char *
input_messages (guint    i,
                gboolean drop_weight)
{
  g_auto(GStrv) lines = g_strsplit (examples, "\n", -1);
  g_autoptr(JsonObject) object = vs_json_parse_object (lines[i], -1, NULL);
  JsonArray *messages = json_object_get_array_member (object, "messages");

  if (drop_weight)
    for (guint m = 0; m < json_array_get_length (messages); m++)
      json_object_remove_member (json_array_get_object_element (messages, m), "weight");
  return messages_text (object);
}

static VsDatasetExportSummary *
export_input (Fixture        *fixture,
              VsExportFormat  format,
              const char     *name,
              char          **out_path)
{
  g_autoptr(GError) error = NULL;
  VsDatasetExportOptions options = { .format = format };
  char *path = g_build_filename (fixture->dir, name, NULL);
  VsDatasetExportSummary *summary;

  summary = vs_dataset_export_file_sync (fixture->input, path, &options, NULL, NULL, NULL, NULL,
                                         &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  g_assert_cmpint (summary->n_rows, ==, 3);
  g_assert_cmpint (summary->n_unreadable, ==, 0);
  *out_path = path;
  return summary;
}

static void
test_formats (void)
{
  guint n = 0;
  const VsExportFormatInfo *formats = vs_dataset_export_formats (&n);
  const char *names[] = { "jsonl", "openai-chat", "openai-dpo", "prompt-completion", "alpaca",
                          "sharegpt", "axolotl", "csv" };

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (formats[i].name, ==, names[i]);
      g_assert_cmpint (formats[i].format, ==, i);
      g_assert_true (vs_dataset_export_format_lookup (names[i]) == &formats[i]);
      g_assert_nonnull (formats[i].title);
      g_assert_cmpstr (formats[i].extension, ==, i == VS_EXPORT_CSV ? "csv" : "jsonl");
      g_assert_true (formats[i].needs_preference == (i == VS_EXPORT_OPENAI_DPO));
    }
  g_assert_null (vs_dataset_export_format_lookup ("parquet"));
  g_assert_cmpstr (vs_dataset_export_formats (NULL)[VS_EXPORT_ALPACA].companion, ==,
                   "dataset_info.json");
}

static void
test_jsonl_and_chat (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *raw = NULL;
  g_autofree char *chat = NULL;
  g_autofree char *axolotl = NULL;
  g_autofree char *written = NULL;
  g_autoptr(VsDatasetExportSummary) s1 = export_input (fixture, VS_EXPORT_JSONL, "raw.jsonl", &raw);
  g_autoptr(VsDatasetExportSummary) s2 = export_input (fixture, VS_EXPORT_OPENAI_CHAT, "chat.jsonl",
                                                 &chat);
  g_autoptr(VsDatasetExportSummary) s3 = export_input (fixture, VS_EXPORT_AXOLOTL, "ax.jsonl",
                                                 &axolotl);
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *yaml = NULL;
  g_autofree char *yaml_path = g_build_filename (fixture->dir, "ax.axolotl.yml", NULL);
  g_autofree char *absolute = NULL;

  /* jsonl: the rows as read, byte for byte (they are compact already) */
  g_assert_true (g_file_get_contents (raw, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, examples);
  g_assert_cmpint (s1->n_written, ==, 3);
  g_assert_cmpuint (s1->files->len, ==, 1);

  /* openai-chat: only messages, and the mapping reads them back the same */
  records = read_back (chat);
  g_assert_cmpuint (records->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);
      g_autofree char *expected = input_messages (i, FALSE);
      g_autofree char *got = messages_text (record);

      g_assert_cmpstr (got, ==, expected);
      g_assert_false (json_object_has_member (record, "chosen"));
    }
  g_clear_pointer (&records, g_ptr_array_unref);

  /* axolotl: the same lines, and a YAML snippet naming the file */
  records = read_back (axolotl);
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpuint (s3->files->len, ==, 2);
  g_assert_cmpstr (((VsDatasetExportFile *) g_ptr_array_index (s3->files, 1))->path, ==,
                   yaml_path);
  g_assert_true (g_file_get_contents (yaml_path, &yaml, NULL, NULL));
  absolute = g_canonicalize_filename (axolotl, NULL);
  g_assert_nonnull (strstr (yaml, "datasets:\n  - path: \""));
  g_assert_nonnull (strstr (yaml, absolute));
  g_assert_nonnull (strstr (yaml, "type: chat_template"));
  g_assert_nonnull (strstr (yaml, "field_messages: messages"));
  g_assert_nonnull (strstr (yaml, "roles_to_train: [\"assistant\"]"));
  g_assert_nonnull (strstr (yaml, "message_field_training: weight")); /* line 1 has a weight */
  g_assert_null (strstr (yaml, "test_datasets"));
}

static void
test_dpo (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(VsDatasetExportSummary) summary = export_input (fixture, VS_EXPORT_OPENAI_DPO,
                                                      "dpo.jsonl", &path);
  g_autoptr(GPtrArray) records = read_back (path);
  g_autofree char *first = to_text (g_ptr_array_index (records, 0));
  g_autofree char *second = to_text (g_ptr_array_index (records, 1));

  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpstr (first, ==,
                   "{\"input\":{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                   "{\"role\":\"user\",\"content\":\"Hi\"}]},"
                   "\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"Hello!\"}],"
                   "\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"Go away.\"}]}");
  /* multi-turn: the conversation before the compared reply is the input */
  g_assert_true (g_str_has_prefix (second,
                                   "{\"input\":{\"messages\":["
                                   "{\"role\":\"user\",\"content\":\"q1\"},"
                                   "{\"role\":\"assistant\",\"content\":\"a1\"},"
                                   "{\"role\":\"user\",\"content\":\"q2\"}]}"));

  /* mapped columns, and a row without them is skipped with a reason */
  {
    const char *csv = "question,good,bad\nWhy?,Because.,Dunno\nHow?,,x\n";
    g_autofree char *in = g_build_filename (fixture->dir, "pref.csv", NULL);
    g_autofree char *out = g_build_filename (fixture->dir, "pref.jsonl", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(VsDatasetMapping) mapping =
      vs_dataset_mapping_new_from_data ("{\"user\": \"{{question}}\", \"chosen\": \"good\", "
                                        "\"rejected\": \"bad\"}", -1, &error);
    VsDatasetExportOptions options = { .format = VS_EXPORT_OPENAI_DPO, .mapping = mapping };
    g_autoptr(VsDatasetExportSummary) s2 = NULL;
    g_autoptr(GPtrArray) back = NULL;
    g_autofree char *line = NULL;
    VsDatasetExportNote *note;

    g_assert_no_error (error);
    g_assert_true (g_file_set_contents (in, csv, -1, NULL));
    s2 = vs_dataset_export_file_sync (in, out, &options, NULL, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (s2->n_written, ==, 2); /* an empty string is still a reply */
    back = read_back (out);
    line = to_text (g_ptr_array_index (back, 0));
    g_assert_cmpstr (line, ==,
                     "{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"Why?\"}]},"
                     "\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"Because.\"}],"
                     "\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"Dunno\"}]}");
    g_clear_pointer (&s2, vs_dataset_export_summary_free);

    /* {"prompt", "chosen", "rejected"} rows need no mapping; one without "rejected" is skipped */
    g_assert_true (g_file_set_contents (in,
                                        "{\"prompt\":\"p\",\"chosen\":\"c\",\"rejected\":\"r\"}\n"
                                        "{\"prompt\":\"p\",\"chosen\":\"c\"}\n",
                                        -1, NULL));
    options.mapping = NULL;
    options.input_format = VS_DATASET_FORMAT_JSONL;
    s2 = vs_dataset_export_file_sync (in, out, &options, NULL, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (s2->n_written, ==, 1);
    g_assert_cmpint (s2->n_skipped, ==, 1);
    g_assert_cmpuint (s2->notes->len, ==, 1);
    note = g_ptr_array_index (s2->notes, 0);
    g_assert_cmpint (note->line, ==, 2);
    g_assert_cmpstr (note->key, ==, "skipped");
    g_assert_true (g_str_has_prefix (note->message, "line 2: skipped: "));
    g_assert_nonnull (strstr (note->message, "“rejected”"));
  }
}

static void
test_prompt_completion (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(VsDatasetExportSummary) summary = export_input (fixture, VS_EXPORT_PROMPT_COMPLETION,
                                                      "pc.jsonl", &path);
  g_autoptr(GPtrArray) records = read_back (path);
  g_autofree char *first = to_text (g_ptr_array_index (records, 0));
  g_autofree char *third = to_text (g_ptr_array_index (records, 2));

  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpstr (first, ==, "{\"prompt\":\"Be brief.\\n\\nHi\",\"completion\":\"Hello\"}");
  g_assert_cmpstr (third, ==, "{\"prompt\":\"a, \\\"b\\\"\\nc\",\"completion\":\"d,e\"}");
}

static void
test_alpaca (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(VsDatasetExportSummary) summary = export_input (fixture, VS_EXPORT_ALPACA, "alp.jsonl",
                                                      &path);
  g_autoptr(GPtrArray) records = read_back (path);
  g_autoptr(VsDatasetMapping) mapping = vs_dataset_mapping_new ();
  g_autofree char *info_path = g_build_filename (fixture->dir, "dataset_info.json", NULL);
  g_autoptr(JsonNode) info = NULL;
  g_autofree char *info_text = NULL;
  g_autofree char *second = to_text (g_ptr_array_index (records, 1));
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpstr (second, ==, "{\"instruction\":\"q2\",\"input\":\"\",\"output\":\"a2\","
                               "\"history\":[[\"q1\",\"a1\"]]}");
  /* the mapping's Alpaca reader gives the same conversation back (weights are not Alpaca's) */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonObject) example = NULL;
      g_autofree char *expected = input_messages (i, TRUE);
      g_autofree char *got = NULL;

      g_assert_true (vs_dataset_mapping_apply (mapping, g_ptr_array_index (records, i), &example,
                                               &error));
      g_assert_no_error (error);
      got = messages_text (example);
      g_assert_cmpstr (got, ==, expected);
    }

  g_assert_cmpuint (summary->files->len, ==, 2);
  g_assert_cmpstr (((VsDatasetExportFile *) g_ptr_array_index (summary->files, 1))->path, ==,
                   info_path);
  info = vs_json_load_file (info_path, &error);
  g_assert_no_error (error);
  info_text = vs_json_to_string (info, FALSE);
  g_assert_cmpstr (info_text, ==,
                   "{\"alp\":{\"file_name\":\"alp.jsonl\",\"formatting\":\"alpaca\","
                   "\"columns\":{\"prompt\":\"instruction\",\"query\":\"input\","
                   "\"response\":\"output\",\"system\":\"system\",\"history\":\"history\"}}}");
}

static void
test_sharegpt (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *other = NULL;
  g_autoptr(VsDatasetExportSummary) summary = NULL;
  g_autoptr(VsDatasetExportSummary) summary2 = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(VsDatasetMapping) mapping = vs_dataset_mapping_new ();
  g_autofree char *info_path = g_build_filename (fixture->dir, "dataset_info.json", NULL);
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *entry;
  JsonObject *tags;

  /* a registry already there keeps its other entries */
  g_assert_true (g_file_set_contents (info_path, "{\"mine\": {\"file_name\": \"m.json\"}}", -1,
                                      NULL));
  summary = export_input (fixture, VS_EXPORT_SHAREGPT, "sg.jsonl", &path);
  records = read_back (path);
  g_assert_cmpuint (records->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonObject) example = NULL;
      g_autofree char *expected = input_messages (i, TRUE);
      g_autofree char *got = NULL;

      g_assert_true (vs_dataset_mapping_apply (mapping, g_ptr_array_index (records, i), &example,
                                               &error));
      g_assert_no_error (error);
      got = messages_text (example);
      g_assert_cmpstr (got, ==, expected);
    }
  {
    g_autofree char *first = to_text (g_ptr_array_index (records, 0));

    g_assert_cmpstr (first, ==, "{\"conversations\":[{\"from\":\"system\",\"value\":\"Be brief.\"},"
                                "{\"from\":\"human\",\"value\":\"Hi\"},"
                                "{\"from\":\"gpt\",\"value\":\"Hello\"}]}");
  }

  info = vs_json_load_file (info_path, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (json_node_get_object (info), "mine"));
  entry = json_object_get_object_member (json_node_get_object (info), "sg");
  g_assert_cmpstr (json_object_get_string_member (entry, "file_name"), ==, "sg.jsonl");
  g_assert_cmpstr (json_object_get_string_member (entry, "formatting"), ==, "sharegpt");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry, "columns"),
                                                  "messages"), ==, "conversations");
  tags = json_object_get_object_member (entry, "tags");
  g_assert_cmpstr (json_object_get_string_member (tags, "role_tag"), ==, "from");
  g_assert_cmpstr (json_object_get_string_member (tags, "content_tag"), ==, "value");
  g_assert_cmpstr (json_object_get_string_member (tags, "user_tag"), ==, "human");
  g_assert_cmpstr (json_object_get_string_member (tags, "assistant_tag"), ==, "gpt");
  g_assert_cmpstr (json_object_get_string_member (tags, "system_tag"), ==, "system");

  /* a registry that is not JSON is never overwritten */
  g_assert_true (g_file_set_contents (info_path, "not json", -1, NULL));
  {
    VsDatasetExportOptions options = { .format = VS_EXPORT_SHAREGPT };

    other = g_build_filename (fixture->dir, "sg2.jsonl", NULL);
    summary2 = vs_dataset_export_file_sync (fixture->input, other, &options, NULL, NULL, NULL,
                                            NULL, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
    g_assert_null (summary2);
  }
}

static void
test_csv (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(VsDatasetExportSummary) summary = export_input (fixture, VS_EXPORT_CSV, "rows.csv",
                                                            &path);
  g_autoptr(GPtrArray) records = read_back (path);
  g_auto(GStrv) lines = g_strsplit (examples, "\n", -1);

  /* the rows as read: every value comes back as the text it was written from */
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "messages,chosen,rejected\r\n\"[{\"\"role\"\":"));
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);
      g_autoptr(JsonObject) source = vs_json_parse_object (lines[i], -1, NULL);
      g_autofree char *messages = vs_json_to_string (json_object_get_member (source, "messages"),
                                                     FALSE);

      g_assert_cmpstr (json_object_get_string_member (record, "messages"), ==, messages);
      g_assert_cmpstr (json_object_get_string_member (record, "chosen"), ==,
                       json_object_get_string_member (source, "chosen"));
    }

  /* with a mapping: system,user,assistant; a conversation that does not fit is skipped */
  {
    g_autoptr(VsDatasetMapping) mapping = vs_dataset_mapping_new ();
    g_autofree char *out = g_build_filename (fixture->dir, "chat.csv", NULL);
    VsDatasetExportOptions options = { .format = VS_EXPORT_CSV, .mapping = mapping };
    g_autoptr(VsDatasetExportSummary) s2 = NULL;
    g_autoptr(GPtrArray) back = NULL;
    g_autoptr(GError) error = NULL;
    JsonObject *third;

    s2 = vs_dataset_export_file_sync (fixture->input, out, &options, NULL, NULL, NULL, NULL,
                                      &error);
    g_assert_no_error (error);
    g_assert_cmpint (s2->n_written, ==, 2);
    g_assert_cmpint (s2->n_skipped, ==, 1);
    g_assert_cmpint (((VsDatasetExportNote *) g_ptr_array_index (s2->notes, 0))->line, ==, 2);
    back = read_back (out);
    g_assert_cmpuint (back->len, ==, 2);
    g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (back, 0), "system"), ==,
                     "Be brief.");
    third = g_ptr_array_index (back, 1);
    g_assert_cmpstr (json_object_get_string_member (third, "system"), ==, "");
    g_assert_cmpstr (json_object_get_string_member (third, "user"), ==, "a, \"b\"\nc");
    g_assert_cmpstr (json_object_get_string_member (third, "assistant"), ==, "d,e");
  }
}

static void
test_split_files (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GString) jsonl = g_string_new (NULL);
  g_autofree char *in = g_build_filename (fixture->dir, "many.jsonl", NULL);
  g_autofree char *dir = g_build_filename (fixture->dir, "ds", NULL);
  g_autofree char *info_path = g_build_filename (dir, "dataset_info.json", NULL);
  g_autoptr(VsDatasetExportSummary) summary = NULL;
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(GError) error = NULL;
  VsDatasetExportOptions options = {
    .format = VS_EXPORT_ALPACA,
    .split = TRUE,
    .percent = { 60, 20, 20 },
    .seed = 7,
  };
  gint64 total = 0;

  for (int i = 0; i < 10; i++)
    g_string_append_printf (jsonl,
                            "{\"instruction\": \"question number %d\", \"output\": \"%d\"}\n",
                            i, i);
  g_assert_true (g_file_set_contents (in, jsonl->str, -1, NULL));
  summary = vs_dataset_export_file_sync (in, dir, &options, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->files->len, ==, 4);
  for (int p = 0; p < 3; p++)
    {
      VsDatasetExportFile *file = g_ptr_array_index (summary->files, p);
      const char *names[] = { "train.jsonl", "validation.jsonl", "test.jsonl" };
      g_autofree char *expected = g_build_filename (dir, names[p], NULL);
      g_autoptr(GPtrArray) records = read_back (file->path);

      g_assert_cmpstr (file->path, ==, expected);
      g_assert_cmpint (file->part, ==, p);
      g_assert_cmpint (file->n_examples, ==, p == 0 ? 6 : 2);
      g_assert_cmpuint (records->len, ==, file->n_examples);
      total += records->len;
    }
  g_assert_cmpint (total, ==, 10);
  g_assert_cmpint (summary->n_leaks, ==, 0);

  /* the registry names all three files */
  info = vs_json_load_file (info_path, &error);
  g_assert_no_error (error);
  {
    JsonObject *object = json_node_get_object (info);

    g_assert_cmpuint (json_object_get_size (object), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object,
                                                                                   "ds_train"),
                                                    "file_name"), ==, "train.jsonl");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object,
                                                                                   "ds_validation"),
                                                    "file_name"), ==, "validation.jsonl");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object,
                                                                                   "ds_test"),
                                                    "file_name"), ==, "test.jsonl");
  }

  /* axolotl: train under datasets:, validation under test_datasets: */
  {
    g_autofree char *ax_dir = g_build_filename (fixture->dir, "ax", NULL);
    g_autofree char *yaml_path = g_build_filename (ax_dir, "axolotl.yml", NULL);
    g_autofree char *yaml = NULL;
    g_autoptr(VsDatasetExportSummary) s2 = NULL;
    const char *datasets;
    const char *test_datasets;

    options.format = VS_EXPORT_AXOLOTL;
    s2 = vs_dataset_export_file_sync (in, ax_dir, &options, NULL, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (yaml_path, &yaml, NULL, NULL));
    datasets = strstr (yaml, "datasets:\n");
    test_datasets = strstr (yaml, "test_datasets:\n");
    g_assert_nonnull (datasets);
    g_assert_nonnull (test_datasets);
    g_assert_true (strstr (yaml, "/train.jsonl\"") < test_datasets);
    g_assert_true (strstr (yaml, "/validation.jsonl\"") > test_datasets);
    g_assert_nonnull (strstr (yaml, "/test.jsonl"));
  }
}

static void
test_unreadable_rows (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *in = g_build_filename (fixture->dir, "bad.jsonl", NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "bad-out.jsonl", NULL);
  g_autoptr(VsDatasetExportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  VsDatasetExportOptions options = { .format = VS_EXPORT_OPENAI_CHAT };
  VsDatasetExportNote *note;

  g_assert_true (g_file_set_contents (in,
                                      "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}\n"
                                      "{oops\n",
                                      -1, NULL));
  summary = vs_dataset_export_file_sync (in, out, &options, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->n_written, ==, 1);
  g_assert_cmpint (summary->n_unreadable, ==, 1);
  note = g_ptr_array_index (summary->notes, 0);
  g_assert_cmpint (note->line, ==, 2);
  g_assert_cmpstr (note->key, ==, "invalid_json");
  g_assert_true (g_str_has_prefix (note->message, "line 2, column "));
}

typedef struct
{
  GMainLoop              *loop;
  VsDatasetExportSummary *summary;
  GError                 *error;
  guint                   n_progress;
  gint64                  last_items;
  gint64                  last_done;
  gint64                  last_total;
} AsyncState;

static void
on_progress (gint64   done,
             gint64   total,
             gint64   items,
             gpointer user_data)
{
  AsyncState *state = user_data;

  state->n_progress++;
  state->last_done = done;
  state->last_total = total;
  state->last_items = items;
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncState *state = user_data;

  state->summary = vs_dataset_export_file_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *out = g_build_filename (fixture->dir, "async.jsonl", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(JsonNode) json = NULL;
  VsDatasetExportOptions options = { .format = VS_EXPORT_OPENAI_CHAT };
  AsyncState state = { loop };

  vs_dataset_export_file_async (fixture->input, out, &options, cancellable, on_progress, &state,
                                NULL, on_exported, &state);
  g_main_loop_run (loop);
  g_assert_no_error (state.error);
  g_assert_nonnull (state.summary);
  g_assert_cmpint (state.summary->n_written, ==, 3);
  g_assert_cmpuint (state.n_progress, >=, 1);
  g_assert_cmpint (state.last_items, ==, 3);
  g_assert_cmpint (state.last_done, ==, strlen (examples));
  g_assert_cmpint (state.last_total, ==, strlen (examples));
  json = vs_dataset_export_summary_to_json (state.summary);
  {
    JsonObject *object = json_node_get_object (json);

    g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, "openai-chat");
    g_assert_cmpint (json_object_get_int_member (object, "written"), ==, 3);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "files")), ==,
                      1);
  }
  g_clear_pointer (&state.summary, vs_dataset_export_summary_free);

  /* cancelled before it starts: G_IO_ERROR_CANCELLED */
  g_cancellable_cancel (cancellable);
  vs_dataset_export_file_async (fixture->input, out, &options, cancellable, NULL, NULL, NULL,
                                on_exported, &state);
  g_main_loop_run (loop);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (state.summary);
  g_clear_error (&state.error);
}

/* Leakage. */

static void
test_leaks (void)
{
  const char *texts[] = {
    "the quick brown fox jumps over the lazy dog",     /* 0 train */
    "something else entirely here",                    /* 1 validation */
    "the  quick brown fox jumps over the lazy dog ",   /* 2 test: same text as 0 */
    "the quick brown fox jumps over the lazy dog",     /* 3 train: same as 0, same split */
    "something else entirely here",                    /* 4 validation: same split as 1 */
    "a quite different sentence about cats and mice in a house today",    /* 5 train */
    "a quite different sentence about cats and mice in a house tonight",  /* 6 test: near 5 */
    NULL,                                              /* 7: left out */
  };
  guint8 parts[] = { 0, 1, 2, 0, 1, 0, 2, 1 };
  g_autoptr(GArray) exact = vs_dataset_find_leaks (texts, G_N_ELEMENTS (texts), parts, 0);
  g_autoptr(GArray) near = vs_dataset_find_leaks (texts, G_N_ELEMENTS (texts), parts, 0.8);
  g_autoptr(GArray) after = NULL;
  VsDatasetLeak *leak;

  g_assert_cmpuint (exact->len, ==, 1);
  leak = &g_array_index (exact, VsDatasetLeak, 0);
  g_assert_cmpuint (leak->first, ==, 0);
  g_assert_cmpuint (leak->second, ==, 2);
  g_assert_cmpint (leak->first_part, ==, VS_SPLIT_PART_TRAIN);
  g_assert_cmpint (leak->second_part, ==, VS_SPLIT_PART_TEST);
  g_assert_false (leak->near);

  g_assert_cmpuint (near->len, ==, 2);
  leak = &g_array_index (near, VsDatasetLeak, 1);
  g_assert_cmpuint (leak->first, ==, 5);
  g_assert_cmpuint (leak->second, ==, 6);
  g_assert_true (leak->near);

  /* the move puts each repeat into its first occurrence's split; then none is left */
  g_assert_cmpuint (vs_dataset_move_leaks (parts, near), ==, 2);
  g_assert_cmpint (parts[2], ==, VS_SPLIT_PART_TRAIN);
  g_assert_cmpint (parts[6], ==, VS_SPLIT_PART_TRAIN);
  g_assert_cmpint (parts[1], ==, VS_SPLIT_PART_VALIDATION);
  after = vs_dataset_find_leaks (texts, G_N_ELEMENTS (texts), parts, 0.8);
  g_assert_cmpuint (after->len, ==, 0);
}

static void
test_leaks_chain (void)
{
  /* 1 repeats 0 exactly, 2 nearly repeats 0… and 3 repeats 2 exactly; when 2 moves to 0's
   * split, 3 (in 2's old split) must follow: resolve repeats until nothing leaks. */
  const char *texts[] = {
    "one two three four five six seven eight nine ten eleven twelve",
    "one two three four five six seven eight nine ten eleven twelve",
    "one two three four five six seven eight nine ten eleven twelve thirteen",
    "one two three four five six seven eight nine ten eleven twelve thirteen",
  };
  guint8 parts[] = { 0, 0, 2, 2 };
  g_autoptr(GArray) leaks = vs_dataset_find_leaks (texts, 4, parts, 0.8);
  g_autoptr(GArray) after = NULL;

  g_assert_cmpuint (leaks->len, ==, 1); /* 2 near 0; 3 is with 2 */
  g_assert_cmpuint (vs_dataset_resolve_leaks (texts, 4, parts, 0.8), ==, 2);
  g_assert_cmpint (parts[2], ==, 0);
  g_assert_cmpint (parts[3], ==, 0);
  after = vs_dataset_find_leaks (texts, 4, parts, 0.8);
  g_assert_cmpuint (after->len, ==, 0);
}

static void
test_split_leaks (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GString) jsonl = g_string_new (NULL);
  g_autofree char *in = g_build_filename (fixture->dir, "dups.jsonl", NULL);
  g_autofree char *dir = g_build_filename (fixture->dir, "leaky", NULL);
  g_autofree char *fixed = g_build_filename (fixture->dir, "fixed", NULL);
  g_autoptr(VsDatasetExportSummary) summary = NULL;
  g_autoptr(VsDatasetExportSummary) summary2 = NULL;
  g_autoptr(GError) error = NULL;
  VsDatasetExportOptions options = {
    .format = VS_EXPORT_JSONL,
    .split = TRUE,
    .percent = { 50, 25, 25 },
    .seed = 1,
  };

  /* 20 rows, each written twice (the second copy with other whitespace) */
  for (int i = 0; i < 20; i++)
    g_string_append_printf (jsonl, "{\"text\": \"example %d\"}\n{\"text\": \" example  %d\"}\n",
                            i, i);
  g_assert_true (g_file_set_contents (in, jsonl->str, -1, NULL));
  summary = vs_dataset_export_file_sync (in, dir, &options, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->n_leaks, >, 0);
  g_assert_cmpint (summary->n_moved, ==, 0);
  for (guint i = 0; i < summary->notes->len; i++)
    {
      VsDatasetExportNote *note = g_ptr_array_index (summary->notes, i);

      g_assert_cmpstr (note->key, ==, "leak");
      g_assert_cmpint (note->line, ==, note->other_line + 1);
      g_assert_nonnull (strstr (note->message, "the same example as line"));
    }

  options.move_leaks = TRUE;
  summary2 = vs_dataset_export_file_sync (in, fixed, &options, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary2->n_leaks, ==, summary->n_leaks);
  g_assert_cmpint (summary2->n_moved, ==, summary->n_leaks);
  g_assert_cmpint (summary2->n_written, ==, 40);
  /* each pair now sits in one file */
  for (int p = 0; p < 3; p++)
    {
      VsDatasetExportFile *file = g_ptr_array_index (summary2->files, p);
      g_autoptr(GPtrArray) records = read_back (file->path);

      g_assert_cmpuint (records->len % 2, ==, 0);
      for (guint i = 0; i < records->len; i++)
        {
          g_autofree char *text = vs_dataset_normalize_text (
            json_object_get_string_member (g_ptr_array_index (records, i), "text"));
          guint same = 0;

          for (guint j = 0; j < records->len; j++)
            {
              g_autofree char *other = vs_dataset_normalize_text (
                json_object_get_string_member (g_ptr_array_index (records, j), "text"));

              same += g_str_equal (text, other);
            }
          g_assert_cmpuint (same, ==, 2);
        }
    }
}

/* Cost. */

static void
test_default_epochs (void)
{
  /* n·3 < 100 → min(25, ⌊100/n⌋); n·3 > 25,000 → max(1, ⌊25,000/n⌋); else 3 */
  g_assert_cmpint (vs_dataset_default_epochs (0), ==, 0);
  g_assert_cmpint (vs_dataset_default_epochs (1), ==, 25);
  g_assert_cmpint (vs_dataset_default_epochs (3), ==, 25);
  g_assert_cmpint (vs_dataset_default_epochs (5), ==, 20);
  g_assert_cmpint (vs_dataset_default_epochs (10), ==, 10);
  g_assert_cmpint (vs_dataset_default_epochs (33), ==, 3);
  g_assert_cmpint (vs_dataset_default_epochs (34), ==, 3);
  g_assert_cmpint (vs_dataset_default_epochs (8333), ==, 3);
  g_assert_cmpint (vs_dataset_default_epochs (8334), ==, 2);
  g_assert_cmpint (vs_dataset_default_epochs (12500), ==, 2);
  g_assert_cmpint (vs_dataset_default_epochs (12501), ==, 1);
  g_assert_cmpint (vs_dataset_default_epochs (1000000), ==, 1);
}

static void
test_cookbook_cost (void)
{
  /* The cookbook's toy file: 5 examples, ~4306 billable tokens, 20 epochs, ~86120 tokens
   * charged. The per-example split of the 4306 is ours; only the sum matters. */
  const gint64 tokens[] = { 900, 850, 820, 880, 856 };
  const gint64 capped[] = { 70000, 100 };
  VsDatasetCost cost;

  g_assert_cmpint (vs_dataset_billable_tokens (tokens, 5, 65536), ==, 4306);
  vs_dataset_cost_estimate (NULL, NULL, 5, 4306, 0, &cost);
  g_assert_cmpint (cost.epochs, ==, 20);
  g_assert_cmpint (cost.billable_tokens, ==, 86120);
  g_assert_false (cost.price_known);
  g_assert_null (vs_dataset_cost_to_json (&cost));

  /* an example over the limit is billed at the limit */
  g_assert_cmpint (vs_dataset_billable_tokens (capped, 2, 65536), ==, 65636);
  g_assert_cmpint (vs_dataset_billable_tokens (capped, 2, 0), ==, 70100);

  /* built-in list prices; dated snapshots and fine-tuned names match their base */
  vs_dataset_cost_estimate (NULL, "gpt-4o-mini-2024-07-18", 5, 4306, 0, &cost);
  g_assert_true (cost.price_known);
  g_assert_cmpfloat (cost.price_per_mtok, ==, 3.0);
  g_assert_cmpfloat_with_epsilon (cost.estimated_usd, 86120 * 3.0 / 1e6, 1e-12);
  {
    double price;

    g_assert_true (vs_dataset_builtin_training_price ("gpt-4o-2024-08-06", &price));
    g_assert_cmpfloat (price, ==, 25.0);
    g_assert_true (vs_dataset_builtin_training_price ("ft:gpt-4.1-mini-2025-04-14:org::x",
                                                      &price));
    g_assert_cmpfloat (price, ==, 5.0);
    g_assert_false (vs_dataset_builtin_training_price ("llama3:8b", &price));
    g_assert_false (vs_dataset_builtin_training_price ("gpt-4oops", &price));
  }
  /* explicit epochs */
  vs_dataset_cost_estimate (NULL, "gpt-4o-mini", 5, 4306, 2, &cost);
  g_assert_cmpint (cost.billable_tokens, ==, 8612);
}

static void
test_project_price (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("cost.versus", &dir, NULL);
  g_autoptr(VsPrice) price = vs_price_new ("gpt-4o-mini", 0.15, 0.6, 4.0);
  g_autoptr(VsPrice) local = vs_price_new ("my-llama", 0, 0, 1.0);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) json = NULL;
  VsDatasetCost cost;

  g_assert_true (vs_prices_set (project, price, &error));
  g_assert_true (vs_prices_set (project, local, &error));
  g_assert_no_error (error);

  /* the project's table wins over the built-in list */
  vs_dataset_cost_estimate (project, "gpt-4o-mini", 100, 1000000, 0, &cost);
  g_assert_cmpint (cost.epochs, ==, 3);
  g_assert_cmpint (cost.billable_tokens, ==, 3000000);
  g_assert_cmpfloat (cost.price_per_mtok, ==, 4.0);
  g_assert_cmpfloat_with_epsilon (cost.estimated_usd, 12.0, 1e-9);
  json = vs_dataset_cost_to_json (&cost);
  {
    JsonObject *object = json_node_get_object (json);

    g_assert_cmpint (json_object_get_int_member (object, "epochs"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (object, "billable_tokens"), ==, 3000000);
    g_assert_cmpfloat (json_object_get_double_member (object, "price_per_mtok"), ==, 4.0);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "estimated_usd"),
                                    12.0, 1e-9);
  }
  vs_dataset_cost_estimate (project, "my-llama", 100, 1000000, 0, &cost);
  g_assert_true (cost.price_known);
  g_assert_cmpfloat_with_epsilon (cost.estimated_usd, 3.0, 1e-9);
  /* not in the table: the built-in list still answers for a known model */
  vs_dataset_cost_estimate (project, "gpt-4.1-nano", 100, 1000000, 0, &cost);
  g_assert_cmpfloat (cost.price_per_mtok, ==, 1.5);
  g_clear_object (&project);
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A project's dataset. */

typedef struct
{
  GMainLoop              *loop;
  VsDatasetExportSummary *summary;
  GError                 *error;
  gint64                  last_done;
  gint64                  last_total;
} DatasetState;

static void
on_dataset_progress (gint64   done,
                     gint64   total,
                     gint64   items,
                     gpointer user_data)
{
  DatasetState *state = user_data;

  state->last_done = done;
  state->last_total = total;
}

static void
on_dataset_exported (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  DatasetState *state = user_data;

  state->summary = vs_dataset_export_dataset_finish (VS_PROJECT (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

static VsDatasetExportSummary *
export_dataset (VsProject                    *project,
                gint64                        dataset_id,
                const char                   *output,
                const VsDatasetExportOptions *options,
                DatasetState                 *state)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  state->loop = loop;
  vs_dataset_export_dataset_async (project, dataset_id, output, options, NULL,
                                   on_dataset_progress, state, NULL, on_dataset_exported, state);
  g_main_loop_run (loop);
  state->loop = NULL;
  g_assert_no_error (state->error);
  g_assert_nonnull (state->summary);
  return g_steal_pointer (&state->summary);
}

static void
test_project_dataset (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("export.versus", &dir, NULL);
  g_autofree char *input = NULL;
  g_autofree char *chat = NULL;
  g_autofree char *split_dir = NULL;
  g_autofree char *fresh_dir = NULL;
  g_autoptr(VsDatasetImportSummary) imported = NULL;
  g_autoptr(VsDatasetExportSummary) summary = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  VsDatasetImportOptions import_options = { 0 };
  VsDatasetExportOptions options = { .format = VS_EXPORT_OPENAI_CHAT };
  DatasetState state = { 0 };
  g_autofree char *sql = NULL;

  input = g_build_filename (dir, "in.jsonl", NULL);
  chat = g_build_filename (dir, "chat.jsonl", NULL);
  split_dir = g_build_filename (dir, "stored", NULL);
  fresh_dir = g_build_filename (dir, "fresh", NULL);
  g_assert_true (g_file_set_contents (input, examples, -1, NULL));
  imported = vs_dataset_import_sync (project, input, &import_options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (imported->n_records, ==, 3);

  /* record 2 has a stored example (the mapping step's result), record 3 is rejected and
   * record 1 is in validation */
  sql = g_strdup_printf ("UPDATE records SET example = '{\"messages\":[{\"role\":\"user\","
                         "\"content\":\"mapped\"},{\"role\":\"assistant\",\"content\":\"yes\"}]}'"
                         " WHERE dataset_id = %" G_GINT64_FORMAT " AND ordinal = 2;"
                         "UPDATE records SET status = 'rejected' WHERE dataset_id = %"
                         G_GINT64_FORMAT " AND ordinal = 3;"
                         "UPDATE records SET split = 'validation' WHERE dataset_id = %"
                         G_GINT64_FORMAT " AND ordinal = 1;",
                         imported->dataset_id, imported->dataset_id, imported->dataset_id);
  g_assert_true (vs_project_exec (project, sql, &error));
  g_assert_no_error (error);

  summary = export_dataset (project, imported->dataset_id, chat, &options, &state);
  g_assert_cmpint (summary->n_rows, ==, 2);
  g_assert_cmpint (summary->n_written, ==, 2);
  g_assert_cmpint (state.last_done, ==, 2);
  g_assert_cmpint (state.last_total, ==, 2);
  records = read_back (chat);
  g_assert_cmpuint (records->len, ==, 2);
  {
    g_autofree char *expected = input_messages (0, FALSE);
    g_autofree char *first = messages_text (g_ptr_array_index (records, 0));
    g_autofree char *second = messages_text (g_ptr_array_index (records, 1));

    g_assert_cmpstr (first, ==, expected);
    g_assert_cmpstr (second, ==, "[{\"role\":\"user\",\"content\":\"mapped\"},"
                                 "{\"role\":\"assistant\",\"content\":\"yes\"}]");
  }
  g_clear_pointer (&summary, vs_dataset_export_summary_free);

  /* DPO keeps the record's chosen/rejected beside the stored example */
  {
    g_autofree char *dpo = g_build_filename (dir, "dpo.jsonl", NULL);
    g_autoptr(GPtrArray) back = NULL;
    g_autofree char *second = NULL;

    options.format = VS_EXPORT_OPENAI_DPO;
    summary = export_dataset (project, imported->dataset_id, dpo, &options, &state);
    back = read_back (dpo);
    g_assert_cmpuint (back->len, ==, 2);
    second = to_text (g_ptr_array_index (back, 1));
    g_assert_cmpstr (second, ==,
                     "{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"mapped\"}]},"
                     "\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"a2\"}],"
                     "\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"no\"}]}");
    g_clear_pointer (&summary, vs_dataset_export_summary_free);
  }

  /* split with all percentages 0: the records' own splits (unassigned → train) */
  options.format = VS_EXPORT_OPENAI_CHAT;
  options.split = TRUE;
  summary = export_dataset (project, imported->dataset_id, split_dir, &options, &state);
  g_assert_cmpint (((VsDatasetExportFile *) g_ptr_array_index (summary->files, 0))->n_examples,
                   ==, 1);
  g_assert_cmpint (((VsDatasetExportFile *) g_ptr_array_index (summary->files, 1))->n_examples,
                   ==, 1);
  g_assert_cmpint (((VsDatasetExportFile *) g_ptr_array_index (summary->files, 2))->n_examples,
                   ==, 0);
  g_clear_pointer (&summary, vs_dataset_export_summary_free);

  /* percentages: a fresh split */
  options.percent[0] = 100;
  summary = export_dataset (project, imported->dataset_id, fresh_dir, &options, &state);
  g_assert_cmpint (((VsDatasetExportFile *) g_ptr_array_index (summary->files, 0))->n_examples,
                   ==, 2);
  g_clear_pointer (&summary, vs_dataset_export_summary_free);

  g_clear_object (&project);
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
on_record_leaks (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GArray **leaks = user_data;

  *leaks = vs_dataset_find_record_leaks_finish (VS_PROJECT (source), result, NULL);
}

static void
test_project_leaks (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("leaks.versus", &dir, NULL);
  g_autofree char *input = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(VsDatasetImportSummary) imported = NULL;
  g_autoptr(GError) error = NULL;
  GArray *leaks = NULL;
  VsDatasetImportOptions import_options = { 0 };
  VsDatasetRecordLeak *leak;
  const char *rows =
    "{\"messages\":[{\"role\":\"user\",\"content\":\"same\"},"
    "{\"role\":\"assistant\",\"content\":\"x\"}]}\n"
    "{\"messages\":[{\"role\":\"user\",\"content\":\"other\"},"
    "{\"role\":\"assistant\",\"content\":\"y\"}]}\n"
    "{\"messages\":[{\"role\":\"user\",\"content\":\" same\"},"
    "{\"role\":\"assistant\",\"content\":\"x\"}]}\n"
    "{\"messages\":[{\"role\":\"user\",\"content\":\"same\"},"
    "{\"role\":\"assistant\",\"content\":\"x\"}]}\n";

  input = g_build_filename (dir, "rows.jsonl", NULL);
  g_assert_true (g_file_set_contents (input, rows, -1, NULL));
  imported = vs_dataset_import_sync (project, input, &import_options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* 1 train, 2 validation, 3 test (a repeat of 1), 4 unassigned (left out) */
  sql = g_strdup_printf ("UPDATE records SET split = CASE ordinal WHEN 1 THEN 'train' "
                         "WHEN 2 THEN 'validation' WHEN 3 THEN 'test' ELSE 'unassigned' END "
                         "WHERE dataset_id = %" G_GINT64_FORMAT, imported->dataset_id);
  g_assert_true (vs_project_exec (project, sql, &error));
  g_assert_no_error (error);

  vs_dataset_find_record_leaks_async (project, imported->dataset_id, 0.85, NULL,
                                      on_record_leaks, &leaks);
  while (leaks == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (leaks->len, ==, 1);
  leak = &g_array_index (leaks, VsDatasetRecordLeak, 0);
  g_assert_cmpint (leak->first_ordinal, ==, 1);
  g_assert_cmpint (leak->second_ordinal, ==, 3);
  g_assert_cmpint (leak->first_part, ==, VS_SPLIT_PART_TRAIN);
  g_assert_cmpint (leak->second_part, ==, VS_SPLIT_PART_TEST);
  g_assert_false (leak->near);
  g_array_unref (leaks);

  g_clear_object (&project);
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/versus/dataset-export/formats", test_formats);
#define ADD(path, func) \
  g_test_add ("/versus/dataset-export/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("jsonl-chat-axolotl", test_jsonl_and_chat);
  ADD ("openai-dpo", test_dpo);
  ADD ("prompt-completion", test_prompt_completion);
  ADD ("alpaca", test_alpaca);
  ADD ("sharegpt", test_sharegpt);
  ADD ("csv", test_csv);
  ADD ("split-files", test_split_files);
  ADD ("unreadable-rows", test_unreadable_rows);
  ADD ("async", test_async);
  ADD ("split-leaks", test_split_leaks);
#undef ADD
  g_test_add_func ("/versus/dataset-export/leaks", test_leaks);
  g_test_add_func ("/versus/dataset-export/leaks-chain", test_leaks_chain);
  g_test_add_func ("/versus/dataset-export/default-epochs", test_default_epochs);
  g_test_add_func ("/versus/dataset-export/cookbook-cost", test_cookbook_cost);
  g_test_add_func ("/versus/dataset-export/project-price", test_project_price);
  g_test_add_func ("/versus/dataset-export/project-dataset", test_project_dataset);
  g_test_add_func ("/versus/dataset-export/project-leaks", test_project_leaks);

  return g_test_run ();
}
