/* vs-dataset-export.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each row is mapped to a chat example (or kept as read for jsonl and csv), turned into the
 * format's object and written as one line; a row the format cannot hold (a conversation for
 * Alpaca that does not alternate, a preference row without "rejected") is skipped with its
 * reason. Companion files (dataset_info.json, an Axolotl YAML) are written at the end, when
 * every data file and what the data holds (system prompts, history, tools, weights) is known.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include <sqlite3.h>

#include "vs-dataset-curate.h"
#include "vs-dataset-export.h"
#include "vs-dataset-leakage.h"
#include "vs-dataset-snapshot-private.h"
#include "vs-dataset-steps.h"
#include "vs-dataset-store.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-thread.h"

static const VsExportFormatInfo formats[VS_EXPORT_N_FORMATS] = {
  { VS_EXPORT_JSONL, "jsonl", N_("JSON Lines (rows as read)"), "jsonl", FALSE, TRUE, NULL },
  { VS_EXPORT_OPENAI_CHAT, "openai-chat", N_("OpenAI chat (JSONL)"), "jsonl", FALSE, FALSE,
    NULL },
  { VS_EXPORT_OPENAI_DPO, "openai-dpo", N_("OpenAI preference / DPO (JSONL)"), "jsonl", TRUE,
    FALSE, NULL },
  { VS_EXPORT_PROMPT_COMPLETION, "prompt-completion", N_("Prompt and completion (JSONL)"),
    "jsonl", FALSE, FALSE, NULL },
  { VS_EXPORT_ALPACA, "alpaca", N_("LLaMA-Factory Alpaca (JSONL + dataset_info.json)"),
    "jsonl", FALSE, FALSE, "dataset_info.json" },
  { VS_EXPORT_SHAREGPT, "sharegpt", N_("LLaMA-Factory ShareGPT (JSONL + dataset_info.json)"),
    "jsonl", FALSE, FALSE, "dataset_info.json" },
  { VS_EXPORT_AXOLOTL, "axolotl", N_("Axolotl chat template (JSONL + YAML)"), "jsonl", FALSE,
    FALSE, "axolotl.yml" },
  { VS_EXPORT_CSV, "csv", N_("CSV (RFC 4180)"), "csv", FALSE, TRUE, NULL },
};

const VsExportFormatInfo *
vs_dataset_export_formats (guint *n)
{
  static VsExportFormatInfo translated[VS_EXPORT_N_FORMATS];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < VS_EXPORT_N_FORMATS; i++)
        {
          translated[i] = formats[i];
          translated[i].title = g_dgettext (GETTEXT_PACKAGE, formats[i].title);
        }
      g_once_init_leave (&initialized, 1);
    }
  if (n != NULL)
    *n = VS_EXPORT_N_FORMATS;
  return translated;
}

const VsExportFormatInfo *
vs_dataset_export_format_lookup (const char *name)
{
  const VsExportFormatInfo *all = vs_dataset_export_formats (NULL);

  for (guint i = 0; name != NULL && i < VS_EXPORT_N_FORMATS; i++)
    if (g_str_equal (all[i].name, name))
      return &all[i];
  return NULL;
}

const char *
vs_dataset_export_format_names (void)
{
  return "jsonl, openai-chat, openai-dpo, prompt-completion, alpaca, sharegpt, axolotl, csv";
}

void
vs_dataset_export_note_free (VsDatasetExportNote *note)
{
  if (note == NULL)
    return;
  g_free (note->key);
  g_free (note->message);
  g_free (note);
}

static void
export_file_free (VsDatasetExportFile *file)
{
  g_free (file->path);
  g_free (file);
}

void
vs_dataset_export_summary_free (VsDatasetExportSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->format);
  g_free (summary->snapshot_name);
  g_clear_pointer (&summary->files, g_ptr_array_unref);
  g_clear_pointer (&summary->notes, g_ptr_array_unref);
  g_free (summary);
}

static VsDatasetExportSummary *
summary_new (const char *format)
{
  VsDatasetExportSummary *summary = g_new0 (VsDatasetExportSummary, 1);

  summary->format = g_strdup (format);
  summary->files = g_ptr_array_new_with_free_func ((GDestroyNotify) export_file_free);
  summary->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_dataset_export_note_free);
  return summary;
}

JsonNode *
vs_dataset_export_summary_to_json (const VsDatasetExportSummary *summary)
{
  JsonObject *object = json_object_new ();
  JsonArray *files = json_array_new ();
  JsonArray *notes = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; i < summary->files->len; i++)
    {
      VsDatasetExportFile *file = g_ptr_array_index (summary->files, i);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "path", file->path);
      if (file->part >= 0)
        json_object_set_string_member (item, "split", vs_dataset_split_part_to_string (file->part));
      else
        json_object_set_null_member (item, "split");
      if (file->n_examples >= 0)
        json_object_set_int_member (item, "examples", file->n_examples);
      else
        json_object_set_null_member (item, "examples");
      json_array_add_object_element (files, item);
    }
  for (guint i = 0; i < summary->notes->len; i++)
    {
      VsDatasetExportNote *note = g_ptr_array_index (summary->notes, i);
      JsonObject *item = json_object_new ();

      json_object_set_int_member (item, "line", note->line);
      json_object_set_string_member (item, "key", note->key);
      json_object_set_string_member (item, "message", note->message);
      json_array_add_object_element (notes, item);
    }
  json_object_set_string_member (object, "format", summary->format);
  json_object_set_array_member (object, "files", files);
  json_object_set_int_member (object, "rows", summary->n_rows);
  json_object_set_int_member (object, "written", summary->n_written);
  json_object_set_int_member (object, "skipped", summary->n_skipped);
  json_object_set_int_member (object, "unreadable", summary->n_unreadable);
  json_object_set_int_member (object, "leaks", summary->n_leaks);
  json_object_set_int_member (object, "moved", summary->n_moved);
  if (summary->snapshot_id > 0)
    {
      JsonObject *snapshot = json_object_new ();

      json_object_set_int_member (snapshot, "id", summary->snapshot_id);
      json_object_set_string_member (snapshot, "name", summary->snapshot_name);
      json_object_set_boolean_member (snapshot, "frozen", summary->snapshot_frozen);
      json_object_set_object_member (object, "snapshot", snapshot);
    }
  json_object_set_array_member (object, "notes", notes);
  json_object_set_double_member (object, "seconds", summary->seconds);
  json_node_take_object (node, object);
  return node;
}

/* The exporter. */

typedef struct
{
  char          *path;
  GOutputStream *stream;
  gint64         n_examples;
} Output;

struct _VsDatasetExporter
{
  const VsExportFormatInfo *info;
  VsDatasetMapping         *mapping;       /* NULL: rows as read (raw formats only) */
  gboolean                  split;
  gboolean                  opened;
  char                     *dir;           /* where companions go */
  char                     *stem;          /* the data file's name without extension (or dir's) */
  Output                    outputs[VS_DATASET_SPLIT_N_PARTS];
  char                    **csv_columns;   /* fixed by the first row */
  GString                  *line;
  const char               *unit;          /* "line", or "record" for a project's dataset */
  gint64                    n_written;
  gint64                    n_skipped;
  /* what the companions must describe */
  gboolean                  has_system;
  gboolean                  has_history;
  gboolean                  has_tools;
  gboolean                  has_weight;
};

VsDatasetExporter *
vs_dataset_exporter_new (VsExportFormat    format,
                         VsDatasetMapping *mapping)
{
  VsDatasetExporter *self;

  g_return_val_if_fail (format < VS_EXPORT_N_FORMATS, NULL);

  self = g_new0 (VsDatasetExporter, 1);
  self->info = &vs_dataset_export_formats (NULL)[format];
  if (mapping != NULL)
    self->mapping = vs_dataset_mapping_ref (mapping);
  else if (!self->info->raw_rows)
    self->mapping = vs_dataset_mapping_new ();
  self->line = g_string_new (NULL);
  self->unit = _("line");
  return self;
}

void
vs_dataset_exporter_free (VsDatasetExporter *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < VS_DATASET_SPLIT_N_PARTS; i++)
    {
      if (self->outputs[i].stream != NULL)
        g_output_stream_close (self->outputs[i].stream, NULL, NULL);
      g_clear_object (&self->outputs[i].stream);
      g_free (self->outputs[i].path);
    }
  g_clear_pointer (&self->mapping, vs_dataset_mapping_unref);
  g_strfreev (self->csv_columns);
  g_string_free (self->line, TRUE);
  g_free (self->dir);
  g_free (self->stem);
  g_free (self);
}

static gboolean
open_output (Output      *output,
             const char  *path,
             GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (stream == NULL)
    return FALSE;
  output->path = g_strdup (path);
  output->stream = g_buffered_output_stream_new_sized (G_OUTPUT_STREAM (stream), 256 * 1024);
  return TRUE;
}

static char *
strip_extension (const char *name)
{
  const char *dot = strrchr (name, '.');

  return dot != NULL && dot != name ? g_strndup (name, dot - name) : g_strdup (name);
}

gboolean
vs_dataset_exporter_open (VsDatasetExporter *self,
                          const char        *path,
                          GError           **error)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (self != NULL && !self->opened, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!open_output (&self->outputs[0], path, error))
    return FALSE;
  self->opened = TRUE;
  self->dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  self->stem = strip_extension (base);
  return TRUE;
}

gboolean
vs_dataset_exporter_open_split (VsDatasetExporter *self,
                                const char        *dir,
                                GError           **error)
{
  g_return_val_if_fail (self != NULL && !self->opened, FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);

  if (g_mkdir_with_parents (dir, 0777) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  for (int p = 0; p < VS_DATASET_SPLIT_N_PARTS; p++)
    {
      g_autofree char *name = g_strconcat (vs_dataset_split_part_to_string (p), ".",
                                           self->info->extension, NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!open_output (&self->outputs[p], path, error))
        return FALSE;
    }
  self->opened = TRUE;
  self->split = TRUE;
  self->dir = g_strdup (dir);
  {
    g_autofree char *canonical = g_canonicalize_filename (dir, NULL);

    self->stem = g_path_get_basename (canonical);
  }
  return TRUE;
}

/* Text of a message's content: a string, or the text parts of a content-part array joined;
 * NULL when there is none (null content beside tool calls, images only). */
static char *
content_text (JsonObject *message)
{
  JsonNode *content = json_object_get_member (message, "content");

  if (content == NULL || JSON_NODE_HOLDS_NULL (content))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (content) && json_node_get_value_type (content) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (content));
  if (JSON_NODE_HOLDS_ARRAY (content))
    {
      JsonArray *parts = json_node_get_array (content);
      g_autoptr(GString) text = NULL;

      for (guint i = 0; i < json_array_get_length (parts); i++)
        {
          JsonNode *part = json_array_get_element (parts, i);
          JsonObject *object = JSON_NODE_HOLDS_OBJECT (part) ? json_node_get_object (part) : NULL;
          const char *value;

          if (object == NULL || g_strcmp0 (vs_json_get_string (object, "type", NULL), "text") != 0)
            continue;
          value = vs_json_get_string (object, "text", NULL);
          if (value == NULL)
            continue;
          if (text == NULL)
            text = g_string_new (NULL);
          g_string_append (text, value);
        }
      return text != NULL ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
    }
  return NULL;
}

static const char *
message_role (JsonArray *messages,
              guint      i)
{
  JsonNode *node = json_array_get_element (messages, i);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return vs_json_get_string (json_node_get_object (node), "role", NULL);
}

static JsonArray *
example_messages (JsonObject *example)
{
  JsonNode *node = json_object_get_member (example, "messages");

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
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

JsonObject *
vs_dataset_exporter_example (VsDatasetExporter *self,
                             JsonObject        *row,
                             GError           **error)
{
  g_autoptr(JsonObject) example = NULL;
  g_autoptr(GError) map_error = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row != NULL, NULL);

  if (self->mapping == NULL)
    return json_object_ref (row);

  if (vs_dataset_mapping_apply (self->mapping, row, &example, &map_error))
    {
      JsonArray *messages = example_messages (example);

      /* Function-calling data keeps its tool definitions. */
      if (json_object_has_member (row, "messages") && !json_object_has_member (example, "tools"))
        {
          if (json_object_has_member (row, "tools"))
            json_object_set_member (example, "tools",
                                    json_node_copy (json_object_get_member (row, "tools")));
          if (json_object_has_member (row, "parallel_tool_calls"))
            {
              JsonNode *parallel = json_object_get_member (row, "parallel_tool_calls");

              json_object_set_member (example, "parallel_tool_calls", json_node_copy (parallel));
            }
        }
      /* The mapping keeps every message member; make sure what it gives is a conversation. */
      if (messages == NULL)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID, _("The example has no messages"));
          return NULL;
        }
      return g_steal_pointer (&example);
    }

  /* A preference row: {"prompt", "chosen", "rejected"}, or OpenAI's own shape again. */
  if (self->info->format == VS_EXPORT_OPENAI_DPO)
    {
      JsonNode *input = json_object_get_member (row, "input");
      const char *prompt = vs_json_get_string (row, "prompt", NULL);
      JsonArray *messages = json_array_new ();

      example = json_object_new ();
      json_object_set_array_member (example, "messages", messages);
      if (prompt != NULL)
        {
          json_array_add_object_element (messages, new_message ("user", prompt));
          return g_steal_pointer (&example);
        }
      if (input != NULL && JSON_NODE_HOLDS_OBJECT (input) &&
          example_messages (json_node_get_object (input)) != NULL)
        {
          JsonArray *source = example_messages (json_node_get_object (input));

          for (guint i = 0; i < json_array_get_length (source); i++)
            json_array_add_element (messages,
                                    json_node_copy (json_array_get_element (source, i)));
          return g_steal_pointer (&example);
        }
    }
  g_propagate_error (error, g_steal_pointer (&map_error));
  return NULL;
}

/* The assistant text of a chosen/rejected value: a string, a message object, or a list of
 * messages (the last one's content). */
static char *
preference_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (JSON_NODE_HOLDS_OBJECT (node))
    return content_text (json_node_get_object (node));
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      return n > 0 ? preference_text (json_array_get_element (array, n - 1)) : NULL;
    }
  return NULL;
}

static JsonNode *
preference_member (VsDatasetExporter *self,
                   JsonObject        *row,
                   const char        *key,
                   const char        *openai_key,
                   const char       **column)
{
  const char *mapped = self->mapping != NULL ? vs_dataset_mapping_get_column (self->mapping, key)
                                             : NULL;

  *column = mapped != NULL ? mapped : key;
  if (mapped != NULL)
    return json_object_get_member (row, mapped);
  if (json_object_has_member (row, key))
    return json_object_get_member (row, key);
  return json_object_get_member (row, openai_key);
}

static JsonObject *
to_dpo (VsDatasetExporter *self,
        JsonObject        *row,
        JsonObject        *example,
        GError           **error)
{
  JsonArray *messages = example_messages (example);
  g_autoptr(JsonArray) input_messages = json_array_new ();
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) result = json_object_new ();
  const char *keys[] = { "chosen", "rejected" };
  const char *openai_keys[] = { "preferred_output", "non_preferred_output" };
  guint n = json_array_get_length (messages);

  /* The prompt is the conversation before the reply being compared. */
  if (n > 0 && g_strcmp0 (message_role (messages, n - 1), "assistant") == 0)
    n--;
  if (n == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   _("there is no prompt before the compared replies"));
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    json_array_add_element (input_messages, json_node_copy (json_array_get_element (messages, i)));
  json_object_set_array_member (input, "messages", g_steal_pointer (&input_messages));
  if (json_object_has_member (example, "tools"))
    json_object_set_member (input, "tools",
                            json_node_copy (json_object_get_member (example, "tools")));
  json_object_set_object_member (result, "input", g_steal_pointer (&input));

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      const char *column;
      JsonNode *node = preference_member (self, row, keys[k], openai_keys[k], &column);
      g_autofree char *text = preference_text (node);
      JsonArray *output;

      if (text == NULL)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                       node == NULL ? _("the row has no “%s” column for the %s reply; map one "
                                        "with “%s” in the mapping")
                                    : _("the “%s” column holds no text for the %s reply (%s)"),
                       column, keys[k], keys[k]);
          return NULL;
        }
      output = json_array_new ();
      json_array_add_object_element (output, new_message ("assistant", text));
      json_object_set_array_member (result, openai_keys[k], output);
    }
  return g_steal_pointer (&result);
}

/* The index of the last message, which must be the assistant's reply, or -1 with an error. */
static int
final_reply (JsonArray  *messages,
             GError    **error)
{
  guint n = json_array_get_length (messages);

  if (n == 0 || g_strcmp0 (message_role (messages, n - 1), "assistant") != 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   _("the last message is not an assistant reply, so there is no completion"));
      return -1;
    }
  return n - 1;
}

static JsonObject *
to_prompt_completion (JsonObject  *example,
                      GError     **error)
{
  JsonArray *messages = example_messages (example);
  g_autoptr(GString) prompt = g_string_new (NULL);
  g_autofree char *completion = NULL;
  JsonObject *result;
  int last = final_reply (messages, error);

  if (last < 0)
    return NULL;
  for (int i = 0; i < last; i++)
    {
      g_autofree char *text = content_text (json_array_get_object_element (messages, i));

      if (text == NULL || *text == '\0')
        continue;
      if (prompt->len > 0)
        g_string_append (prompt, "\n\n");
      g_string_append (prompt, text);
    }
  completion = content_text (json_array_get_object_element (messages, last));
  if (prompt->len == 0 || completion == NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   prompt->len == 0 ? _("there is no prompt text before the reply")
                                    : _("the reply has no text"));
      return NULL;
    }
  result = json_object_new ();
  json_object_set_string_member (result, "prompt", prompt->str);
  json_object_set_string_member (result, "completion", completion);
  return result;
}

/* Checks that @messages is an optional system message then user/assistant turns in
 * alternation, ending with the assistant; *@first is the index of the first user turn. */
static gboolean
check_turns (JsonArray   *messages,
             const char  *format_name,
             guint       *first,
             GError     **error)
{
  guint n = json_array_get_length (messages);
  guint start = n > 0 && g_strcmp0 (message_role (messages, 0), "system") == 0 ? 1 : 0;

  if (n - start < 2 || (n - start) % 2 != 0)
    goto bad;
  for (guint i = start; i < n; i++)
    {
      const char *expected = (i - start) % 2 == 0 ? "user" : "assistant";
      g_autofree char *text = NULL;

      if (g_strcmp0 (message_role (messages, i), expected) != 0)
        goto bad;
      text = content_text (json_array_get_object_element (messages, i));
      if (text == NULL)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                       _("message %u has no text, which %s cannot hold"), i + 1, format_name);
          return FALSE;
        }
    }
  *first = start;
  return TRUE;

bad:
  g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
               _("%s holds an optional system message, then user and assistant turns in "
                 "alternation ending with the assistant; this example does not have that "
                 "shape"), format_name);
  return FALSE;
}

static JsonObject *
to_alpaca (VsDatasetExporter *self,
           JsonObject        *example,
           GError           **error)
{
  JsonArray *messages = example_messages (example);
  g_autoptr(JsonObject) result = json_object_new ();
  g_autoptr(JsonArray) history = json_array_new ();
  guint n = json_array_get_length (messages);
  guint first;

  if (!check_turns (messages, "Alpaca", &first, error))
    return NULL;
  for (guint i = first; i + 2 < n; i += 2)
    {
      JsonArray *pair = json_array_new ();
      g_autofree char *question = content_text (json_array_get_object_element (messages, i));
      g_autofree char *answer = content_text (json_array_get_object_element (messages, i + 1));

      json_array_add_string_element (pair, question);
      json_array_add_string_element (pair, answer);
      json_array_add_array_element (history, pair);
    }
  {
    g_autofree char *instruction = content_text (json_array_get_object_element (messages, n - 2));
    g_autofree char *output = content_text (json_array_get_object_element (messages, n - 1));

    json_object_set_string_member (result, "instruction", instruction);
    json_object_set_string_member (result, "input", "");
    json_object_set_string_member (result, "output", output);
  }
  if (first == 1)
    {
      g_autofree char *system = content_text (json_array_get_object_element (messages, 0));

      json_object_set_string_member (result, "system", system != NULL ? system : "");
      self->has_system = TRUE;
    }
  if (json_array_get_length (history) > 0)
    {
      json_object_set_array_member (result, "history", g_steal_pointer (&history));
      self->has_history = TRUE;
    }
  return g_steal_pointer (&result);
}

/* ShareGPT as LLaMA-Factory reads it: a system turn first (system_tag), then human/observation
 * at odd positions and gpt/function_call at even ones. */
static JsonObject *
to_sharegpt (VsDatasetExporter *self,
             JsonObject        *example,
             GError           **error)
{
  JsonArray *messages = example_messages (example);
  g_autoptr(JsonArray) conversations = json_array_new ();
  g_autoptr(JsonObject) result = json_object_new ();
  guint n = json_array_get_length (messages);
  guint turn = 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);
      const char *role = message_role (messages, i);
      JsonNode *tool_calls = json_object_get_member (message, "tool_calls");
      g_autofree char *text = content_text (message);
      const char *from = NULL;
      JsonObject *item;

      if (g_strcmp0 (role, "system") == 0 && i == 0)
        from = "system";
      else if (g_strcmp0 (role, "user") == 0 && turn % 2 == 0)
        from = "human";
      else if (g_strcmp0 (role, "tool") == 0 && turn % 2 == 0)
        from = "observation";
      else if (g_strcmp0 (role, "assistant") == 0 && turn % 2 == 1)
        from = tool_calls != NULL && JSON_NODE_HOLDS_ARRAY (tool_calls) ? "function_call" : "gpt";
      if (from == NULL)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                       _("message %u (%s) is out of place: ShareGPT holds an optional system "
                         "message, then user (or tool) and assistant turns in alternation"),
                       i + 1, role != NULL ? role : "?");
          return NULL;
        }
      if (g_str_equal (from, "function_call"))
        {
          /* LLaMA-Factory's function call: {"name", "arguments"} as JSON text. */
          JsonArray *calls = json_node_get_array (tool_calls);
          g_autoptr(JsonNode) value = json_node_new (JSON_NODE_ARRAY);
          JsonArray *functions = json_array_new ();

          for (guint c = 0; c < json_array_get_length (calls); c++)
            {
              JsonNode *call = json_array_get_element (calls, c);
              JsonNode *function = JSON_NODE_HOLDS_OBJECT (call)
                                     ? json_object_get_member (json_node_get_object (call),
                                                               "function")
                                     : NULL;

              if (function != NULL)
                json_array_add_element (functions, json_node_copy (function));
            }
          if (json_array_get_length (functions) == 1)
            {
              json_node_free (value);
              value = json_node_copy (json_array_get_element (functions, 0));
              json_array_unref (functions);
            }
          else
            json_node_take_array (value, functions);
          g_free (text);
          text = vs_json_to_string (value, FALSE);
        }
      if (text == NULL)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                       _("message %u has no text, which ShareGPT cannot hold"), i + 1);
          return NULL;
        }
      if (g_str_equal (from, "system"))
        self->has_system = TRUE;
      else
        turn++;
      item = json_object_new ();
      json_object_set_string_member (item, "from", from);
      json_object_set_string_member (item, "value", text);
      json_array_add_object_element (conversations, item);
    }
  if (turn < 2 || turn % 2 != 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   _("ShareGPT needs user and assistant turns in pairs, ending with the "
                     "assistant"));
      return NULL;
    }
  json_object_set_array_member (result, "conversations", g_steal_pointer (&conversations));
  if (json_object_has_member (example, "tools"))
    {
      g_autofree char *tools = vs_json_to_string (json_object_get_member (example, "tools"), FALSE);

      json_object_set_string_member (result, "tools", tools);
      self->has_tools = TRUE;
    }
  return g_steal_pointer (&result);
}

/* RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled. */
static void
append_csv_field (GString    *out,
                  const char *value)
{
  if (value[strcspn (value, ",\"\r\n")] == '\0')
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_csv_row (GString            *out,
                const char * const *fields)
{
  for (guint i = 0; fields[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_csv_field (out, fields[i]);
    }
  g_string_append (out, "\r\n");
}

static char *
csv_value (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return vs_json_to_string (node, FALSE);
}

/* Appends the CSV line(s) for @object (the row, or the mapped example) to self->line. */
static gboolean
format_csv (VsDatasetExporter *self,
            JsonObject        *object,
            gboolean           header,
            GError           **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);

  if (self->mapping != NULL)
    {
      JsonArray *messages = example_messages (object);
      guint n = json_array_get_length (messages);
      guint first;
      static const char * const columns[] = { "system", "user", "assistant", NULL };

      if (!check_turns (messages, "CSV", &first, error))
        return FALSE;
      if (n - first != 2)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                       _("the conversation has %u turns; CSV holds one system, user and "
                         "assistant message (export openai-chat for conversations)"),
                       n - first);
          return FALSE;
        }
      if (header)
        append_csv_row (self->line, columns);
      g_ptr_array_add (fields, first == 1
                                 ? content_text (json_array_get_object_element (messages, 0))
                                 : g_strdup (""));
      g_ptr_array_add (fields, content_text (json_array_get_object_element (messages, first)));
      g_ptr_array_add (fields, content_text (json_array_get_object_element (messages, first + 1)));
    }
  else
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      if (self->csv_columns == NULL)
        {
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

          json_object_iter_init_ordered (&iter, object);
          while (json_object_iter_next_ordered (&iter, &name, &value))
            g_strv_builder_add (builder, name);
          self->csv_columns = g_strv_builder_end (builder);
        }
      json_object_iter_init_ordered (&iter, object);
      while (json_object_iter_next_ordered (&iter, &name, &value))
        if (!g_strv_contains ((const char * const *) self->csv_columns, name))
          {
            g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                         _("the row has a column “%s” that the first row did not have; a CSV "
                           "file has one header"), name);
            return FALSE;
          }
      if (header)
        append_csv_row (self->line, (const char * const *) self->csv_columns);
      for (guint i = 0; self->csv_columns[i] != NULL; i++)
        g_ptr_array_add (fields, csv_value (json_object_get_member (object,
                                                                    self->csv_columns[i])));
    }
  g_ptr_array_add (fields, NULL);
  append_csv_row (self->line, (const char * const *) fields->pdata);
  return TRUE;
}

static void
note_weights (VsDatasetExporter *self,
              JsonObject        *example)
{
  JsonArray *messages = example_messages (example);

  for (guint i = 0; !self->has_weight && messages && i < json_array_get_length (messages); i++)
    {
      JsonNode *node = json_array_get_element (messages, i);

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          json_object_has_member (json_node_get_object (node), "weight"))
        self->has_weight = TRUE;
    }
}

gboolean
vs_dataset_exporter_add (VsDatasetExporter  *self,
                         JsonObject         *row,
                         gint64              line,
                         VsDatasetSplitPart  part,
                         char              **skipped,
                         GError            **error)
{
  g_autoptr(JsonObject) example = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) reason = NULL;
  Output *output;

  g_return_val_if_fail (self != NULL && self->opened, FALSE);
  g_return_val_if_fail (row != NULL, FALSE);
  g_return_val_if_fail (skipped == NULL || *skipped == NULL, FALSE);

  output = &self->outputs[self->split ? MIN ((guint) part, VS_DATASET_SPLIT_N_PARTS - 1) : 0];
  g_string_truncate (self->line, 0);

  example = vs_dataset_exporter_example (self, row, &reason);
  if (example != NULL)
    switch (self->info->format)
      {
      case VS_EXPORT_JSONL:
      case VS_EXPORT_OPENAI_CHAT:
      case VS_EXPORT_AXOLOTL:
        result = json_object_ref (example);
        note_weights (self, example);
        break;
      case VS_EXPORT_OPENAI_DPO:
        result = to_dpo (self, row, example, &reason);
        break;
      case VS_EXPORT_PROMPT_COMPLETION:
        result = to_prompt_completion (example, &reason);
        break;
      case VS_EXPORT_ALPACA:
        result = to_alpaca (self, example, &reason);
        break;
      case VS_EXPORT_SHAREGPT:
        result = to_sharegpt (self, example, &reason);
        break;
      case VS_EXPORT_CSV:
        if (format_csv (self, example, output->n_examples == 0, &reason))
          result = json_object_ref (example);
        break;
      default:
        g_assert_not_reached ();
      }

  if (result == NULL)
    {
      self->n_skipped++;
      if (skipped != NULL)
        *skipped = g_strdup_printf (_("%s %" PRId64 ": skipped: %s"), self->unit,
                                    (int64_t) line, reason != NULL ? reason->message : "");
      return TRUE;
    }

  if (self->info->format != VS_EXPORT_CSV)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), result);

      vs_json_append (self->line, node, FALSE);
      g_string_append_c (self->line, '\n');
    }
  if (!g_output_stream_write_all (output->stream, self->line->str, self->line->len, NULL, NULL,
                                  error))
    return FALSE;
  output->n_examples++;
  self->n_written++;
  return TRUE;
}

/* Companions. */

static gboolean
write_text_file (const char  *path,
                 const char  *text,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_file_set_contents (path, text, -1, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write “%s”: %s"), path,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

static int
n_outputs (VsDatasetExporter *self)
{
  return self->split ? VS_DATASET_SPLIT_N_PARTS : 1;
}

/* LLaMA-Factory's dataset registry, merged into an existing one (other entries are kept). */
static char *
write_dataset_info (VsDatasetExporter *self,
                    GError           **error)
{
  g_autofree char *path = g_build_filename (self->dir, "dataset_info.json", NULL);
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(JsonNode) existing = vs_json_load_file (path, NULL);

      if (existing == NULL || !JSON_NODE_HOLDS_OBJECT (existing))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("“%s” exists and is not a JSON object; move it away to write the "
                         "dataset registry"), path);
          return NULL;
        }
      info = json_object_ref (json_node_get_object (existing));
    }
  else
    info = json_object_new ();

  for (int p = 0; p < n_outputs (self); p++)
    {
      JsonObject *entry = json_object_new ();
      JsonObject *columns = json_object_new ();
      g_autofree char *file_name = g_path_get_basename (self->outputs[p].path);
      g_autofree char *name = self->split ? g_strconcat (self->stem, "_",
                                                         vs_dataset_split_part_to_string (p),
                                                         NULL)
                                          : g_strdup (self->stem);

      json_object_set_string_member (entry, "file_name", file_name);
      if (self->info->format == VS_EXPORT_ALPACA)
        {
          json_object_set_string_member (entry, "formatting", "alpaca");
          json_object_set_string_member (columns, "prompt", "instruction");
          json_object_set_string_member (columns, "query", "input");
          json_object_set_string_member (columns, "response", "output");
          if (self->has_system)
            json_object_set_string_member (columns, "system", "system");
          if (self->has_history)
            json_object_set_string_member (columns, "history", "history");
          json_object_set_object_member (entry, "columns", columns);
        }
      else
        {
          JsonObject *tags = json_object_new ();

          json_object_set_string_member (entry, "formatting", "sharegpt");
          json_object_set_string_member (columns, "messages", "conversations");
          if (self->has_tools)
            json_object_set_string_member (columns, "tools", "tools");
          json_object_set_object_member (entry, "columns", columns);
          json_object_set_string_member (tags, "role_tag", "from");
          json_object_set_string_member (tags, "content_tag", "value");
          json_object_set_string_member (tags, "user_tag", "human");
          json_object_set_string_member (tags, "assistant_tag", "gpt");
          json_object_set_string_member (tags, "system_tag", "system");
          json_object_set_string_member (tags, "observation_tag", "observation");
          json_object_set_string_member (tags, "function_tag", "function_call");
          json_object_set_object_member (entry, "tags", tags);
        }
      json_object_set_object_member (info, name, entry);
    }

  root = json_node_init_object (json_node_alloc (), info);
  text = vs_json_to_string (root, TRUE);
  {
    g_autofree char *with_newline = g_strconcat (text, "\n", NULL);

    if (!write_text_file (path, with_newline, error))
      return NULL;
  }
  return g_steal_pointer (&path);
}

static void
append_yaml_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_axolotl_dataset (VsDatasetExporter *self,
                        GString           *out,
                        int                p)
{
  g_autofree char *path = g_canonicalize_filename (self->outputs[p].path, NULL);

  g_string_append (out, "  - path: ");
  append_yaml_string (out, path);
  g_string_append (out, "\n"
                        "    ds_type: json\n"
                        "    split: train\n"
                        "    type: chat_template\n"
                        "    field_messages: messages\n"
                        "    message_property_mappings:\n"
                        "      role: role\n"
                        "      content: content\n"
                        "    roles_to_train: [\"assistant\"]\n");
  if (self->has_weight)
    g_string_append (out, "    message_field_training: weight\n");
}

/* An Axolotl config snippet: the training file under datasets:, validation under
 * test_datasets:. */
static char *
write_axolotl_yaml (VsDatasetExporter *self,
                    GError           **error)
{
  g_autofree char *name = self->split ? g_strdup ("axolotl.yml")
                                      : g_strconcat (self->stem, ".axolotl.yml", NULL);
  g_autofree char *path = g_build_filename (self->dir, name, NULL);
  g_autoptr(GString) out = g_string_new (NULL);

  g_string_append (out, "# Axolotl datasets written by Versus; paste into your config.\n"
                        "datasets:\n");
  append_axolotl_dataset (self, out, 0);
  if (self->split)
    {
      g_autofree char *test = g_canonicalize_filename (self->outputs[VS_SPLIT_PART_TEST].path,
                                                       NULL);

      g_string_append (out, "test_datasets:\n");
      append_axolotl_dataset (self, out, VS_SPLIT_PART_VALIDATION);
      g_string_append_printf (out, "# The test split, %s, is left for evaluation after "
                                   "training.\n", test);
    }
  if (!write_text_file (path, out->str, error))
    return NULL;
  return g_steal_pointer (&path);
}

VsDatasetExportSummary *
vs_dataset_exporter_finish (VsDatasetExporter *self,
                            GError           **error)
{
  g_autoptr(VsDatasetExportSummary) summary = NULL;
  g_autofree char *companion = NULL;

  g_return_val_if_fail (self != NULL && self->opened, NULL);

  summary = summary_new (self->info->name);
  for (int p = 0; p < n_outputs (self); p++)
    {
      Output *output = &self->outputs[p];
      VsDatasetExportFile *file = g_new0 (VsDatasetExportFile, 1);

      /* An empty CSV part still gets its header, so it reads as a table with no rows. */
      if (self->info->format == VS_EXPORT_CSV && output->n_examples == 0 &&
          (self->mapping != NULL || self->csv_columns != NULL))
        {
          static const char * const columns[] = { "system", "user", "assistant", NULL };

          g_string_truncate (self->line, 0);
          append_csv_row (self->line, self->mapping != NULL
                                        ? columns
                                        : (const char * const *) self->csv_columns);
          if (!g_output_stream_write_all (output->stream, self->line->str, self->line->len,
                                          NULL, NULL, error))
            return NULL;
        }
      if (!g_output_stream_close (output->stream, NULL, error))
        return NULL;
      g_clear_object (&output->stream);
      file->path = g_strdup (output->path);
      file->part = self->split ? p : -1;
      file->n_examples = output->n_examples;
      g_ptr_array_add (summary->files, file);
    }

  if (self->info->format == VS_EXPORT_ALPACA || self->info->format == VS_EXPORT_SHAREGPT)
    companion = write_dataset_info (self, error);
  else if (self->info->format == VS_EXPORT_AXOLOTL)
    companion = write_axolotl_yaml (self, error);
  else
    companion = g_strdup ("");
  if (companion == NULL)
    return NULL;
  if (*companion != '\0')
    {
      VsDatasetExportFile *file = g_new0 (VsDatasetExportFile, 1);

      file->path = g_steal_pointer (&companion);
      file->part = -1;
      file->n_examples = -1;
      g_ptr_array_add (summary->files, file);
    }
  summary->n_written = self->n_written;
  summary->n_skipped = self->n_skipped;
  return g_steal_pointer (&summary);
}

/* A whole file. */

typedef struct
{
  VsDatasetExportSummary  *summary;
  VsDatasetExportNoteFunc  note_func;
  gpointer                 note_data;
} Notes;

static void
add_note (Notes      *notes,
          gint64      line,
          gint64      other_line,
          const char *key,
          char       *message)
{
  VsDatasetExportNote note = { line, other_line, (char *) key, message };

  if (notes->note_func != NULL)
    notes->note_func (&note, notes->note_data);
  if (notes->summary->notes->len < VS_DATASET_EXPORT_MAX_NOTES)
    {
      VsDatasetExportNote *copy = g_new0 (VsDatasetExportNote, 1);

      copy->line = line;
      copy->other_line = other_line;
      copy->key = g_strdup (key);
      copy->message = message;
      g_ptr_array_add (notes->summary->notes, copy);
    }
  else
    g_free (message);
}

static void
take_reader_problems (VsDatasetReader *reader,
                      Notes           *notes)
{
  g_autoptr(GPtrArray) problems = vs_dataset_reader_take_problems (reader);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      VsDatasetProblem *problem = g_ptr_array_index (problems, i);

      notes->summary->n_unreadable++;
      add_note (notes, problem->line, 0, problem->key, g_strdup (problem->message));
    }
}

/* A split keeps each row as compact JSON until the parts are known. */
typedef struct
{
  char   *json;
  gint64  line;
} HeldRow;

static void
held_row_clear (HeldRow *row)
{
  g_free (row->json);
}

static char *
label_of (JsonObject *row,
          const char *field)
{
  JsonNode *value = json_object_get_member (row, field);

  if (value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
      json_node_get_value_type (value) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (value));
  if (value != NULL && !JSON_NODE_HOLDS_NULL (value))
    return vs_json_to_string (value, FALSE);
  return NULL;
}

/* Splits the held rows (by @options' percentages, or by @stored when given), reports and
 * optionally moves leaks, then writes them. @texts are the rows' dedup texts. */
static gboolean
write_split (VsDatasetExporter            *exporter,
             const char                   *output,
             const VsDatasetExportOptions *options,
             GArray                       *rows,
             GPtrArray                    *labels,
             GPtrArray                    *texts,
             const guint8                 *stored,
             Notes                        *notes,
             GCancellable                 *cancellable,
             GError                      **error)
{
  g_autofree guint8 *parts = NULL;
  g_autoptr(GArray) leaks = NULL;
  const char *unit = exporter->unit;

  if (stored != NULL)
    parts = g_memdup2 (stored, rows->len);
  else
    parts = vs_dataset_split_assign (rows->len, options->percent, options->seed,
                                     options->stratify != NULL
                                       ? (const char * const *) labels->pdata
                                       : NULL);
  leaks = vs_dataset_find_leaks ((const char * const *) texts->pdata, texts->len, parts,
                                 options->near_threshold);
  notes->summary->n_leaks = leaks->len;
  for (guint i = 0; i < leaks->len; i++)
    {
      VsDatasetLeak *leak = &g_array_index (leaks, VsDatasetLeak, i);
      gint64 line = g_array_index (rows, HeldRow, leak->second).line;
      gint64 first_line = g_array_index (rows, HeldRow, leak->first).line;
      const char *first_part = vs_dataset_split_part_to_string (leak->first_part);
      const char *second_part = vs_dataset_split_part_to_string (leak->second_part);

      /* Translators: "line 12: leak: in test, the same example as line 3 in train; moved" */
      add_note (notes, line, first_line, leak->near ? "near_leak" : "leak",
                g_strdup_printf (leak->near ? _("%s %" PRId64 ": leak: in %s, nearly the same "
                                                "example as %s %" PRId64 " in %s%s")
                                            : _("%s %" PRId64 ": leak: in %s, the same example "
                                                "as %s %" PRId64 " in %s%s"),
                                 unit, (int64_t) line, second_part, unit, (int64_t) first_line,
                                 first_part, options->move_leaks ? _("; moved") : ""));
    }
  if (options->move_leaks && leaks->len > 0)
    notes->summary->n_moved = vs_dataset_resolve_leaks ((const char * const *) texts->pdata,
                                                        texts->len, parts,
                                                        options->near_threshold);

  if (!vs_dataset_exporter_open_split (exporter, output, error))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      HeldRow *held = &g_array_index (rows, HeldRow, i);
      g_autoptr(JsonObject) row = vs_json_parse_object (held->json, -1, NULL);
      g_autofree char *skipped = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (row == NULL)
        continue;
      if (!vs_dataset_exporter_add (exporter, row, held->line, parts[i], &skipped, error))
        return FALSE;
      if (skipped != NULL)
        add_note (notes, held->line, 0, "skipped", g_steal_pointer (&skipped));
    }
  return TRUE;
}

VsDatasetExportSummary *
vs_dataset_export_file_sync (const char                   *input,
                             const char                   *output,
                             const VsDatasetExportOptions *options,
                             GCancellable                 *cancellable,
                             VsProgressRelay              *progress,
                             VsDatasetExportNoteFunc       note_func,
                             gpointer                      note_data,
                             GError                      **error)
{
  g_autoptr(VsDatasetReader) reader = NULL;
  g_autoptr(VsDatasetExporter) exporter = NULL;
  g_autoptr(VsDatasetExportSummary) summary = NULL;
  g_autoptr(VsDatasetExportSummary) written = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(GError) local_error = NULL;
  Notes notes;

  g_return_val_if_fail (input != NULL && output != NULL && options != NULL, NULL);
  g_return_val_if_fail (options->format < VS_EXPORT_N_FORMATS, NULL);

  if (options->split && !vs_dataset_split_check_percentages (options->percent, error))
    return NULL;

  reader = vs_dataset_reader_new_for_path (input, options->input_format, error);
  if (reader == NULL)
    return NULL;
  exporter = vs_dataset_exporter_new (options->format, options->mapping);
  summary = summary_new (exporter->info->name);
  notes.summary = summary;
  notes.note_func = note_func;
  notes.note_data = note_data;

  if (!options->split)
    {
      if (!vs_dataset_exporter_open (exporter, output, error))
        return NULL;
    }
  else
    {
      rows = g_array_new (FALSE, FALSE, sizeof (HeldRow));
      g_array_set_clear_func (rows, (GDestroyNotify) held_row_clear);
      labels = g_ptr_array_new_with_free_func (g_free);
      texts = g_ptr_array_new_with_free_func (g_free);
    }

  for (;;)
    {
      VsDatasetPosition position;
      g_autoptr(JsonObject) row = vs_dataset_reader_next (reader, &position, cancellable,
                                                          &local_error);

      take_reader_problems (reader, &notes);
      if (row == NULL)
        break;
      summary->n_rows++;
      if (!options->split)
        {
          g_autofree char *skipped = NULL;

          if (!vs_dataset_exporter_add (exporter, row, position.line, 0, &skipped, error))
            return NULL;
          if (skipped != NULL)
            add_note (&notes, position.line, 0, "skipped", g_steal_pointer (&skipped));
        }
      else
        {
          HeldRow held = { vs_json_object_to_string (row, FALSE), position.line };
          g_autoptr(JsonObject) example = vs_dataset_exporter_example (exporter, row, NULL);

          g_array_append_val (rows, held);
          if (options->stratify != NULL)
            g_ptr_array_add (labels, label_of (row, options->stratify));
          g_ptr_array_add (texts, example != NULL ? vs_dataset_row_dedup_text (example) : NULL);
        }
      if (progress != NULL)
        vs_progress_relay_report (progress, vs_dataset_reader_get_bytes_read (reader),
                                  vs_dataset_reader_get_total_bytes (reader), summary->n_rows);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (options->split &&
      !write_split (exporter, output, options, rows, labels, texts, NULL, &notes, cancellable,
                    error))
    return NULL;

  written = vs_dataset_exporter_finish (exporter, error);
  if (written == NULL)
    return NULL;
  g_ptr_array_extend_and_steal (summary->files, g_steal_pointer (&written->files));
  summary->n_written = written->n_written;
  summary->n_skipped = written->n_skipped;
  summary->seconds = g_timer_elapsed (timer, NULL);
  if (progress != NULL)
    vs_progress_relay_report (progress, vs_dataset_reader_get_bytes_read (reader),
                              vs_dataset_reader_get_total_bytes (reader), summary->n_rows);
  return g_steal_pointer (&summary);
}

typedef struct
{
  char                   *input;
  char                   *output;
  VsDatasetExportOptions  options;
  char                   *stratify;
  VsProgressRelay        *relay;
} ExportData;

static void
export_data_free (ExportData *d)
{
  g_free (d->input);
  g_free (d->output);
  g_free (d->stratify);
  g_clear_pointer (&d->options.mapping, vs_dataset_mapping_unref);
  g_clear_pointer (&d->relay, vs_progress_relay_unref);
  g_free (d);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *d = task_data;
  g_autoptr(GError) error = NULL;
  VsDatasetExportSummary *summary;

  summary = vs_dataset_export_file_sync (d->input, d->output, &d->options, cancellable, d->relay,
                                         NULL, NULL, &error);
  if (d->relay != NULL)
    vs_progress_relay_finish (d->relay);
  if (summary == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) vs_dataset_export_summary_free);
}

void
vs_dataset_export_file_async (const char                   *input,
                              const char                   *output,
                              const VsDatasetExportOptions *options,
                              GCancellable                 *cancellable,
                              VsProgressFunc                progress,
                              gpointer                      progress_data,
                              GDestroyNotify                progress_notify,
                              GAsyncReadyCallback           callback,
                              gpointer                      user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *d;

  g_return_if_fail (input != NULL && output != NULL && options != NULL);

  d = g_new0 (ExportData, 1);
  d->input = g_strdup (input);
  d->output = g_strdup (output);
  d->options = *options;
  if (options->mapping != NULL)
    d->options.mapping = vs_dataset_mapping_ref (options->mapping);
  d->stratify = g_strdup (options->stratify);
  d->options.stratify = d->stratify;
  if (progress != NULL)
    d->relay = vs_progress_relay_new (progress, progress_data, progress_notify);
  else if (progress_notify != NULL)
    progress_notify (progress_data);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_dataset_export_file_async);
  g_task_set_task_data (task, d, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

VsDatasetExportSummary *
vs_dataset_export_file_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A project's dataset. */

typedef struct
{
  sqlite3                *db;
  char                   *path;      /* the project file, for messages */
  VsWriter               *writer;    /* the project's (it outlives the task) */
  gint64                  dataset_id;
  gint64                  total;     /* records to export, for progress */
  char                   *output;
  VsDatasetExportOptions  options;
  char                   *stratify;
  char                   *status;
  char                   *tag;
  VsProgressRelay        *relay;
} DatasetExportData;

static void
dataset_export_data_free (DatasetExportData *d)
{
  if (d->db != NULL)
    sqlite3_close (d->db);
  g_free (d->path);
  g_free (d->output);
  g_free (d->stratify);
  g_free (d->status);
  g_free (d->tag);
  g_clear_pointer (&d->options.mapping, vs_dataset_mapping_unref);
  g_clear_pointer (&d->relay, vs_progress_relay_unref);
  g_free (d);
}

static VsDatasetSplitPart
part_from_string (const char *split)
{
  if (g_strcmp0 (split, VS_DATASET_SPLIT_VALIDATION) == 0)
    return VS_SPLIT_PART_VALIDATION;
  if (g_strcmp0 (split, VS_DATASET_SPLIT_TEST) == 0)
    return VS_SPLIT_PART_TEST;
  return VS_SPLIT_PART_TRAIN;
}

/* What a record is exported from: its data, with the stored example's messages in place of
 * any conversation when a chat format has no mapping of its own. */
static JsonObject *
record_row (VsDatasetExporter            *exporter,
            const VsDatasetExportOptions *options,
            const char                   *data,
            const char                   *example)
{
  g_autoptr(JsonObject) row = vs_json_parse_object (data, -1, NULL);
  g_autoptr(JsonObject) mapped = NULL;
  JsonNode *messages;

  if (row == NULL || exporter->info->raw_rows || options->mapping != NULL || example == NULL)
    return g_steal_pointer (&row);
  mapped = vs_json_parse_object (example, -1, NULL);
  messages = mapped != NULL ? json_object_get_member (mapped, "messages") : NULL;
  if (messages != NULL)
    json_object_set_member (row, "messages", json_node_copy (messages));
  return g_steal_pointer (&row);
}

/* Freezing the snapshot an export writes, on the writer. */
typedef struct
{
  gint64  dataset_id;
  gboolean accepted_only;
  gint64  id;     /* out */
  char   *name;   /* out */
} FreezeJob;

static gboolean
freeze_job_run (VsWriteContext  *ctx,
                gpointer         data,
                GError         **error)
{
  FreezeJob *job = data;

  g_clear_pointer (&job->name, g_free);
  job->id = _vs_dataset_snapshot_create_in_job (ctx, job->dataset_id, NULL, job->accepted_only,
                                                &job->name, error);
  return job->id > 0;
}

/* Recording what an export wrote: one row per data file, with its SHA-256. */
typedef struct
{
  gint64                        snapshot_id;
  const VsDatasetExportSummary *summary;
  GPtrArray                    *sha256;  /* per file of the summary; NULL for companions */
} RecordJob;

static gboolean
record_job_run (VsWriteContext  *ctx,
                gpointer         data,
                GError         **error)
{
  RecordJob *job = data;
  g_autofree char *now = vs_now_iso8601 ();
  sqlite3_stmt *stmt;

  stmt = _vs_write_context_prepare (ctx,
                                    "INSERT INTO exports (snapshot_id, format, path, n_records,"
                                    " created_at, sha256, part) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                                    " ?7)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < job->summary->files->len; i++)
    {
      VsDatasetExportFile *file = g_ptr_array_index (job->summary->files, i);
      g_autofree char *path = NULL;
      int rc;

      if (file->n_examples < 0)
        continue;
      path = g_canonicalize_filename (file->path, NULL);
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, job->snapshot_id);
      sqlite3_bind_text (stmt, 2, job->summary->format, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, path, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, file->n_examples);
      sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, g_ptr_array_index (job->sha256, i), -1, SQLITE_STATIC);
      if (file->part >= 0)
        sqlite3_bind_text (stmt, 7, vs_dataset_split_part_to_string (file->part), -1,
                           SQLITE_STATIC);
      else
        sqlite3_bind_null (stmt, 7);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return _vs_write_context_set_error (ctx, error);
      _vs_write_context_note (ctx, "exports", VS_CHANGE_INSERT, job->snapshot_id,
                              sqlite3_last_insert_rowid (_vs_write_context_get_db (ctx)));
    }
  return TRUE;
}

static gboolean
record_export (DatasetExportData             *d,
               const VsDatasetExportSummary  *summary,
               GError                       **error)
{
  g_autoptr(GPtrArray) sha256 = g_ptr_array_new_with_free_func (g_free);
  RecordJob job = { summary->snapshot_id, summary, sha256 };

  /* A read-only project keeps no record (its snapshot was named, never frozen here). */
  if (d->writer == NULL)
    return TRUE;

  for (guint i = 0; i < summary->files->len; i++)
    {
      VsDatasetExportFile *file = g_ptr_array_index (summary->files, i);
      char *sum = NULL;

      if (file->n_examples >= 0)
        {
          sum = vs_dataset_snapshot_file_sha256 (file->path, error);
          if (sum == NULL)
            return FALSE;
        }
      g_ptr_array_add (sha256, sum);
    }
  return _vs_writer_run_in_order (d->writer, record_job_run, &job, error);
}

/* The snapshot to write: the one asked for, or a new one. */
static gboolean
choose_snapshot (DatasetExportData       *d,
                 VsDatasetExportSummary  *summary,
                 VsSnapshotRef           *ref,
                 GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  summary->snapshot_id = d->options.snapshot_id;
  if (summary->snapshot_id <= 0)
    {
      FreezeJob job = { d->dataset_id, d->options.accepted_only, 0, NULL };

      if (d->writer == NULL)
        {
          g_set_error_literal (error, VS_ERROR, VS_ERROR_FAILED,
                               _("The project is open read-only: name a snapshot to export"));
          return FALSE;
        }
      if (!_vs_writer_run_in_order (d->writer, freeze_job_run, &job, error))
        {
          g_free (job.name);
          return FALSE;
        }
      summary->snapshot_id = job.id;
      summary->snapshot_name = job.name;
      summary->snapshot_frozen = TRUE;
    }
  if (!_vs_dataset_snapshot_ref (d->db, summary->snapshot_id, ref, error))
    return FALSE;
  if (ref->dataset_id != d->dataset_id)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   _("Snapshot %" G_GINT64_FORMAT " is not a snapshot of this dataset"),
                   summary->snapshot_id);
      return FALSE;
    }
  if (sqlite3_prepare_v2 (d->db, "SELECT name, n_records FROM snapshots WHERE id = ?1", -1,
                          &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, summary->snapshot_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          if (summary->snapshot_name == NULL)
            summary->snapshot_name = _vs_sql_dup_text (stmt, 0);
          d->total = sqlite3_column_int64 (stmt, 1);
        }
    }
  return TRUE;
}

/* The tags column of _vs_dataset_snapshot_prepare_rows()'s rows. */
#define SNAPSHOT_TAGS 6

/* Whether the JSON array of tags @tags holds @tag. */
static gboolean
tags_have (const char *tags,
           const char *tag)
{
  g_autoptr(JsonNode) node = tags ? vs_json_parse (tags, -1, NULL) : NULL;
  JsonArray *array = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) &&
          json_node_get_value_type (element) == G_TYPE_STRING &&
          g_strcmp0 (json_node_get_string (element), tag) == 0)
        return TRUE;
    }
  return FALSE;
}

static VsDatasetExportSummary *
export_dataset_run (DatasetExportData *d,
                    GCancellable      *cancellable,
                    GError           **error)
{
  const VsDatasetExportOptions *options = &d->options;
  g_autoptr(VsDatasetExporter) exporter = vs_dataset_exporter_new (options->format,
                                                                   options->mapping);
  g_autoptr(VsDatasetExportSummary) summary = summary_new (exporter->info->name);
  g_autoptr(VsDatasetExportSummary) written = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GByteArray) stored = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  gboolean use_stored = FALSE;
  gint64 n_ties = 0;
  Notes notes = { summary, NULL, NULL };
  VsSnapshotRef ref;
  int rc;

  exporter->unit = _("record");
  if (options->split)
    {
      use_stored = options->percent[0] == 0 && options->percent[1] == 0 &&
                   options->percent[2] == 0;
      if (!use_stored && !vs_dataset_split_check_percentages (options->percent, error))
        return NULL;
      rows = g_array_new (FALSE, FALSE, sizeof (HeldRow));
      g_array_set_clear_func (rows, (GDestroyNotify) held_row_clear);
      labels = g_ptr_array_new_with_free_func (g_free);
      texts = g_ptr_array_new_with_free_func (g_free);
      stored = g_byte_array_new ();
    }
  else if (!vs_dataset_exporter_open (exporter, d->output, error))
    return NULL;

  if (!choose_snapshot (d, summary, &ref, error))
    return NULL;
  /* One read transaction: the snapshot's two tables as of one moment. */
  sqlite3_exec (d->db, "BEGIN", NULL, NULL, NULL);
  stmt = _vs_dataset_snapshot_prepare_rows (d->db, &ref, VS_SNAPSHOT_BY_ORDINAL, 0, -1,
                                            d->status, d->tag, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 ordinal = sqlite3_column_int64 (stmt, 1);
      g_autoptr(JsonObject) row = record_row (exporter, options,
                                              (const char *) sqlite3_column_text (stmt, 2),
                                              (const char *) sqlite3_column_text (stmt, 3));

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (row == NULL)
        continue;
      summary->n_rows++;
      /* A preference pair the reviewer judged a tie prefers nothing: left out. */
      if (exporter->info->format == VS_EXPORT_OPENAI_DPO &&
          tags_have ((const char *) sqlite3_column_text (stmt, SNAPSHOT_TAGS),
                     VS_DATASET_TAG_TIE))
        {
          n_ties++;
          add_note (&notes, ordinal, 0, "tie",
                    g_strdup (_("the reviewer marked the chosen and rejected replies a tie")));
          continue;
        }
      if (!options->split)
        {
          g_autofree char *skipped = NULL;

          if (!vs_dataset_exporter_add (exporter, row, ordinal, 0, &skipped, error))
            return NULL;
          if (skipped != NULL)
            add_note (&notes, ordinal, 0, "skipped", g_steal_pointer (&skipped));
        }
      else
        {
          HeldRow held = { vs_json_object_to_string (row, FALSE), ordinal };
          g_autoptr(JsonObject) example = vs_dataset_exporter_example (exporter, row, NULL);
          guint8 part = part_from_string ((const char *) sqlite3_column_text (stmt, 4));

          g_array_append_val (rows, held);
          g_byte_array_append (stored, &part, 1);
          if (options->stratify != NULL)
            g_ptr_array_add (labels, label_of (row, options->stratify));
          g_ptr_array_add (texts, example != NULL ? vs_dataset_row_dedup_text (example) : NULL);
        }
      if (d->relay != NULL)
        vs_progress_relay_report (d->relay, summary->n_rows, d->total, summary->n_rows);
    }
  if (rc != SQLITE_DONE)
    {
      _vs_project_set_db_error (d->db, d->path, rc, error);
      return NULL;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_exec (d->db, "COMMIT", NULL, NULL, NULL);

  if (options->split &&
      !write_split (exporter, d->output, options, rows, labels, texts,
                    use_stored ? stored->data : NULL, &notes, cancellable, error))
    return NULL;

  written = vs_dataset_exporter_finish (exporter, error);
  if (written == NULL)
    return NULL;
  g_ptr_array_extend_and_steal (summary->files, g_steal_pointer (&written->files));
  summary->n_written = written->n_written;
  summary->n_skipped = written->n_skipped + n_ties;
  if (!record_export (d, summary, error))
    return NULL;
  summary->seconds = g_timer_elapsed (timer, NULL);
  return g_steal_pointer (&summary);
}

static void
export_dataset_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  DatasetExportData *d = task_data;
  g_autoptr(GError) error = NULL;
  VsDatasetExportSummary *summary;

  vs_thread_lower_priority (VS_THREAD_BACKGROUND_NICE);
  summary = export_dataset_run (d, cancellable, &error);
  if (d->relay != NULL)
    vs_progress_relay_finish (d->relay);
  if (summary == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) vs_dataset_export_summary_free);
}

void
vs_dataset_export_dataset_async (VsProject                    *project,
                                 gint64                        dataset_id,
                                 const char                   *output,
                                 const VsDatasetExportOptions *options,
                                 GCancellable                 *cancellable,
                                 VsProgressFunc                progress,
                                 gpointer                      progress_data,
                                 GDestroyNotify                progress_notify,
                                 GAsyncReadyCallback           callback,
                                 gpointer                      user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(VsDatasetCounts) counts = NULL;
  g_autoptr(GError) error = NULL;
  DatasetExportData *d;

  g_return_if_fail (VS_IS_PROJECT (project));
  g_return_if_fail (output != NULL && options != NULL);

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_dataset_export_dataset_async);

  d = g_new0 (DatasetExportData, 1);
  d->path = g_strdup (vs_project_get_path (project));
  d->dataset_id = dataset_id;
  d->output = g_strdup (output);
  d->options = *options;
  if (options->mapping != NULL)
    d->options.mapping = vs_dataset_mapping_ref (options->mapping);
  d->stratify = g_strdup (options->stratify);
  d->options.stratify = d->stratify;
  d->status = g_strdup (options->status);
  d->options.status = d->status;
  d->tag = g_strdup (options->tag);
  d->options.tag = d->tag;
  d->writer = vs_project_get_writer (project);
  if (progress != NULL)
    d->relay = vs_progress_relay_new (progress, progress_data, progress_notify);
  else if (progress_notify != NULL)
    progress_notify (progress_data);
  g_task_set_task_data (task, d, (GDestroyNotify) dataset_export_data_free);

  counts = vs_dataset_store_get_counts (project, dataset_id, &error);
  if (counts == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* What will be written: neither rejected in review nor dropped by cleaning (both counts
   * are kept up to date, so the smaller bound is the closer one). */
  d->total = MIN (vs_dataset_counts_get (counts, NULL, NULL) -
                    vs_dataset_counts_get (counts, NULL, VS_DATASET_STATUS_REJECTED),
                  vs_dataset_steps_count_kept (project, dataset_id));
  d->db = vs_project_open_connection (project, &error);
  if (d->db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_run_in_thread (task, export_dataset_thread);
}

VsDatasetExportSummary *
vs_dataset_export_dataset_finish (VsProject     *project,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, project), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Leaks among a project's records. */

typedef struct
{
  sqlite3 *db;
  char    *path;
  gint64   dataset_id;
  double   near_threshold;
} LeakCheckData;

static void
leak_check_data_free (LeakCheckData *d)
{
  if (d->db != NULL)
    sqlite3_close (d->db);
  g_free (d->path);
  g_free (d);
}

static void
leak_check_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  LeakCheckData *d = task_data;
  g_autoptr(VsDatasetExporter) exporter = vs_dataset_exporter_new (VS_EXPORT_OPENAI_CHAT, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ordinals = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GByteArray) parts = g_byte_array_new ();
  g_autoptr(GArray) leaks = NULL;
  g_autoptr(GError) error = NULL;
  GArray *result;
  int rc;

  vs_thread_lower_priority (VS_THREAD_BACKGROUND_NICE);
  rc = sqlite3_prepare_v2 (d->db,
                           "SELECT ordinal, data, example, split FROM records "
                           "WHERE dataset_id = ?1 AND status <> 'rejected' "
                           "AND dropped_by IS NULL AND split <> 'unassigned' ORDER BY ordinal",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _vs_project_set_db_error (d->db, d->path, rc, &error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  sqlite3_bind_int64 (stmt, 1, d->dataset_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VsDatasetExportOptions options = { .format = VS_EXPORT_OPENAI_CHAT };
      gint64 ordinal = sqlite3_column_int64 (stmt, 0);
      g_autoptr(JsonObject) row = record_row (exporter, &options,
                                              (const char *) sqlite3_column_text (stmt, 1),
                                              (const char *) sqlite3_column_text (stmt, 2));
      g_autoptr(JsonObject) example = NULL;
      guint8 part = part_from_string ((const char *) sqlite3_column_text (stmt, 3));

      if (g_task_return_error_if_cancelled (task))
        return;
      if (row == NULL)
        continue;
      example = vs_dataset_exporter_example (exporter, row, NULL);
      g_ptr_array_add (texts, vs_dataset_row_dedup_text (example != NULL ? example : row));
      g_array_append_val (ordinals, ordinal);
      g_byte_array_append (parts, &part, 1);
    }
  if (rc != SQLITE_DONE)
    {
      _vs_project_set_db_error (d->db, d->path, rc, &error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  leaks = vs_dataset_find_leaks ((const char * const *) texts->pdata, texts->len, parts->data,
                                 d->near_threshold);
  result = g_array_sized_new (FALSE, FALSE, sizeof (VsDatasetRecordLeak), leaks->len);
  for (guint i = 0; i < leaks->len; i++)
    {
      VsDatasetLeak *leak = &g_array_index (leaks, VsDatasetLeak, i);
      VsDatasetRecordLeak record_leak = {
        .first_ordinal = g_array_index (ordinals, gint64, leak->first),
        .second_ordinal = g_array_index (ordinals, gint64, leak->second),
        .first_part = leak->first_part,
        .second_part = leak->second_part,
        .near = leak->near,
      };

      g_array_append_val (result, record_leak);
    }
  g_task_return_pointer (task, result, (GDestroyNotify) g_array_unref);
}

void
vs_dataset_find_record_leaks_async (VsProject           *project,
                                    gint64               dataset_id,
                                    double               near_threshold,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  LeakCheckData *d;

  g_return_if_fail (VS_IS_PROJECT (project));

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_dataset_find_record_leaks_async);
  d = g_new0 (LeakCheckData, 1);
  d->path = g_strdup (vs_project_get_path (project));
  d->dataset_id = dataset_id;
  d->near_threshold = near_threshold;
  g_task_set_task_data (task, d, (GDestroyNotify) leak_check_data_free);
  d->db = vs_project_open_connection (project, &error);
  if (d->db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_run_in_thread (task, leak_check_thread);
}

GArray *
vs_dataset_find_record_leaks_finish (VsProject     *project,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, project), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
