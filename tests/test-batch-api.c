/* test-batch-api.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The batch APIs against the fake server, both shapes (OpenAI-compatible and Mistral): submit
 * → poll to the end → download output and error files, whose lines come in another order
 * than the input and equal the answers of the same requests sent online; partial failure;
 * cancel; expiry; a lost create found by listing (never created twice), a server without the
 * list endpoint leaving the create's error; bad JSON from the server as a clean error; the
 * status mapping; the key never in an error; the offline answering helper.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vs-batch-api.h"
#include "vs-error.h"
#include "vs-fake-llm.h"
#include "vs-json.h"
#include "vs-request-engine-private.h"
#include "vs-test-util.h"

#define SECRET_KEY "sk-versus-batch-secret-4242"
#define N_LINES    6

typedef struct
{
  VsFakeLlm       *fake;
  VsRequestEngine *engine;
  VsBatchApiKind   kind;
  char            *dir;
  char            *input;
} Fixture;

static void
write_input (Fixture *f)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  /* Mistral lines may leave the model to the job; OpenAI lines must name it. */
  for (int i = 1; i <= N_LINES; i++)
    g_string_append_printf (text,
                            "{\"custom_id\":\"versus-1-2-%d-0\",\"method\":\"POST\","
                            "\"url\":\"/v1/chat/completions\",\"body\":{%s\"messages\":"
                            "[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                            "{\"role\":\"user\",\"content\":\"question number %d\"}],"
                            "\"max_tokens\":%d}}\n",
                            i, f->kind == VS_BATCH_API_MISTRAL && i % 2 == 0
                                 ? "" : "\"model\":\"fake-small\",",
                            i, 10 + i);
  f->input = g_build_filename (f->dir, "contender.jsonl", NULL);
  g_file_set_contents (f->input, text->str, -1, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsEndpoint) endpoint = NULL;
  g_autofree char *url = NULL;

  f->kind = GPOINTER_TO_INT (data);
  f->fake = vs_fake_llm_new (0, &error);
  g_assert_no_error (error);
  vs_fake_llm_set_required_key (f->fake, SECRET_KEY);
  url = g_strconcat (vs_fake_llm_get_url (f->fake), "/v1", NULL);
  endpoint = vs_endpoint_new (VS_ENDPOINT_KIND_OPENAI, url, &error);
  g_assert_no_error (error);
  vs_endpoint_set_setting_int (endpoint, "retry_base_ms", 1);
  vs_endpoint_set_setting_int (endpoint, "retry_cap_ms", 4);
  f->engine = vs_request_engine_new (endpoint, SECRET_KEY);
  f->dir = vs_test_tmpdir_new ();
  write_input (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->engine);
  g_clear_pointer (&f->fake, vs_fake_llm_free);
  vs_test_tmpdir_free (f->dir);
  g_free (f->input);
}

/* Waiting for one async call */

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Wait *wait = data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static GAsyncResult *
wait_for (Wait *wait)
{
  while (!wait->done)
    g_main_context_iteration (NULL, TRUE);
  return wait->result;
}

static JsonObject *
metadata_new (const char *token)
{
  JsonObject *metadata = json_object_new ();

  json_object_set_string_member (metadata, "versus_batch", token);
  json_object_set_string_member (metadata, "versus_run", "1");
  return metadata;
}

static VsBatchInfo *
submit (Fixture     *f,
        const char  *token,
        GError     **error)
{
  g_autoptr(GFile) input = g_file_new_for_path (f->input);
  g_autoptr(JsonObject) metadata = metadata_new (token);
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { 0 };

  vs_batch_api_submit_async (f->engine, f->kind, input, "fake-small", metadata, NULL, on_done,
                             &wait);
  result = wait_for (&wait);
  return vs_batch_api_submit_finish (f->engine, result, error);
}

static VsBatchInfo *
get (Fixture     *f,
     const char  *id,
     GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { 0 };

  vs_batch_api_get_async (f->engine, f->kind, id, NULL, on_done, &wait);
  result = wait_for (&wait);
  return vs_batch_api_get_finish (f->engine, result, error);
}

static VsBatchInfo *
cancel (Fixture     *f,
        const char  *id,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { 0 };

  vs_batch_api_cancel_async (f->engine, f->kind, id, NULL, on_done, &wait);
  result = wait_for (&wait);
  return vs_batch_api_cancel_finish (f->engine, result, error);
}

static VsBatchInfo *
find (Fixture     *f,
      const char  *token,
      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { 0 };

  vs_batch_api_find_async (f->engine, f->kind, "versus_batch", token, NULL, on_done, &wait);
  result = wait_for (&wait);
  return vs_batch_api_find_finish (f->engine, result, error);
}

static gboolean
download (Fixture     *f,
          const char  *file_id,
          const char  *path,
          GError     **error)
{
  g_autoptr(GFile) dest = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { 0 };

  vs_batch_api_download_async (f->engine, f->kind, file_id, dest, NULL, on_done, &wait);
  result = wait_for (&wait);
  return vs_batch_api_download_finish (f->engine, result, error);
}

/* GETs the batch until it has ended; returns it and the number of GETs in @n_polls. */
static VsBatchInfo *
poll_to_end (Fixture *f,
             const char *id,
             guint   *n_polls)
{
  VsBatchInfo *info = NULL;

  *n_polls = 0;
  do
    {
      g_autoptr(GError) error = NULL;

      g_clear_pointer (&info, vs_batch_info_free);
      info = get (f, id, &error);
      g_assert_no_error (error);
      g_assert_nonnull (info);
      g_assert_cmpstr (info->id, ==, id);
      (*n_polls)++;
      g_assert_cmpuint (*n_polls, <, 20);
    }
  while (!vs_batch_state_is_final (info->state));
  return info;
}

/* The file's lines, each parsed. */
static GPtrArray *
read_lines (const char *path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      g_ptr_array_add (out, vs_json_parse_object (lines[i], -1, &error));
      g_assert_no_error (error);
    }
  return out;
}

static const char *
line_custom_id (JsonObject *line)
{
  return json_object_get_string_member (line, "custom_id");
}

static JsonObject *
line_response (JsonObject *line)
{
  JsonNode *node = json_object_get_member (line, "response");

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The request body of input line @ordinal, as sent online (with the job's model for a
 * Mistral line that has none). */
static JsonNode *
input_body (Fixture *f,
            int      ordinal)
{
  g_autoptr(GPtrArray) lines = read_lines (f->input);
  JsonObject *line = g_ptr_array_index (lines, ordinal - 1);
  JsonNode *body = json_node_copy (json_object_get_member (line, "body"));

  if (!json_object_has_member (json_node_get_object (body), "model"))
    json_object_set_string_member (json_node_get_object (body), "model", "fake-small");
  return body;
}

/* The online answer to @body, as JSON text. */
static char *
online_answer (Fixture  *f,
               JsonNode *body)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };

  vs_request_engine_call_json_async (f->engine, "POST", "chat/completions", body,
                                     VS_CALL_FLAGS_NONE, NULL, on_done, &wait);
  result = wait_for (&wait);
  reply = vs_request_engine_call_json_finish (f->engine, result, NULL, &error);
  g_assert_no_error (error);
  return vs_json_to_string (reply, FALSE);
}

static int
ordinal_of (const char *custom_id)
{
  int run, contender, ordinal, sample;

  g_assert_cmpint (sscanf (custom_id, "versus-%d-%d-%d-%d", &run, &contender, &ordinal,
                           &sample), ==, 4);
  return ordinal;
}

/* Whether @lines (parsed) come in another order than the input. */
static gboolean
shuffled (GPtrArray *lines)
{
  for (guint i = 1; i < lines->len; i++)
    if (ordinal_of (line_custom_id (g_ptr_array_index (lines, i))) <
        ordinal_of (line_custom_id (g_ptr_array_index (lines, i - 1))))
      return TRUE;
  return FALSE;
}

static char *
path_in (Fixture    *f,
         const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

/* Only the files the test made: no temporary download files left behind. */
static void
assert_no_partial_files (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_null (strstr (name, ".part"));
}

/* States ----------------------------------------------------------------------------------- */

static void
test_states (void)
{
  static const struct { const char *raw; VsBatchState state; } map[] = {
    { "validating", VS_BATCH_STATE_VALIDATING },
    { "in_progress", VS_BATCH_STATE_RUNNING },
    { "finalizing", VS_BATCH_STATE_RUNNING },
    { "completed", VS_BATCH_STATE_SUCCEEDED },
    { "failed", VS_BATCH_STATE_FAILED },
    { "expired", VS_BATCH_STATE_EXPIRED },
    { "cancelling", VS_BATCH_STATE_CANCELLING },
    { "cancelled", VS_BATCH_STATE_CANCELLED },
    { "QUEUED", VS_BATCH_STATE_QUEUED },
    { "RUNNING", VS_BATCH_STATE_RUNNING },
    { "SUCCESS", VS_BATCH_STATE_SUCCEEDED },
    { "FAILED", VS_BATCH_STATE_FAILED },
    { "TIMEOUT_EXCEEDED", VS_BATCH_STATE_EXPIRED },
    { "CANCELLATION_REQUESTED", VS_BATCH_STATE_CANCELLING },
    { "CANCELLED", VS_BATCH_STATE_CANCELLED },
    /* Together's upper-case words */
    { "IN_PROGRESS", VS_BATCH_STATE_RUNNING },
    { "COMPLETED", VS_BATCH_STATE_SUCCEEDED },
    { "EXPIRED", VS_BATCH_STATE_EXPIRED },
    { "paused", VS_BATCH_STATE_UNKNOWN },
    { "", VS_BATCH_STATE_UNKNOWN },
    { NULL, VS_BATCH_STATE_UNKNOWN },
  };
  g_autoptr(GError) error = NULL;
  VsBatchApiKind kind = VS_BATCH_API_OPENAI;

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    g_assert_cmpint (vs_batch_state_from_raw (map[i].raw), ==, map[i].state);
  for (VsBatchState s = VS_BATCH_STATE_VALIDATING; s <= VS_BATCH_STATE_UNKNOWN; s++)
    g_assert_cmpint (vs_batch_state_from_string (vs_batch_state_to_string (s)), ==, s);
  g_assert_cmpstr (vs_batch_state_to_string (VS_BATCH_STATE_EXPIRED), ==, "EXPIRED");
  g_assert_cmpint (vs_batch_state_from_string ("PREPARED"), ==, VS_BATCH_STATE_UNKNOWN);
  g_assert_true (vs_batch_state_is_final (VS_BATCH_STATE_SUCCEEDED));
  g_assert_true (vs_batch_state_is_final (VS_BATCH_STATE_FAILED));
  g_assert_true (vs_batch_state_is_final (VS_BATCH_STATE_CANCELLED));
  g_assert_true (vs_batch_state_is_final (VS_BATCH_STATE_EXPIRED));
  g_assert_false (vs_batch_state_is_final (VS_BATCH_STATE_CANCELLING));
  g_assert_false (vs_batch_state_is_final (VS_BATCH_STATE_RUNNING));
  g_assert_false (vs_batch_state_is_final (VS_BATCH_STATE_UNKNOWN));

  g_assert_cmpstr (vs_batch_api_kind_to_string (VS_BATCH_API_MISTRAL), ==, "mistral");
  g_assert_true (vs_batch_api_kind_from_string ("Mistral", &kind, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kind, ==, VS_BATCH_API_MISTRAL);
  g_assert_true (vs_batch_api_kind_from_string ("openai", &kind, &error));
  g_assert_cmpint (kind, ==, VS_BATCH_API_OPENAI);
  g_assert_false (vs_batch_api_kind_from_string ("vllm", &kind, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "vllm"));
}

static void
test_kind_for_endpoint (void)
{
  static const struct { const char *url; VsBatchApiKind kind; } cases[] = {
    { "https://api.mistral.ai/v1", VS_BATCH_API_MISTRAL },
    { "https://mistral.ai", VS_BATCH_API_MISTRAL },
    { "https://api.openai.com/v1", VS_BATCH_API_OPENAI },
    { "https://api.together.xyz/v1", VS_BATCH_API_OPENAI },
    { "https://notmistral.ai/v1", VS_BATCH_API_OPENAI },
    { "http://127.0.0.1:8000", VS_BATCH_API_OPENAI },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VsEndpoint) endpoint = vs_endpoint_new (VS_ENDPOINT_KIND_OPENAI, cases[i].url,
                                                        &error);

      g_assert_no_error (error);
      g_assert_cmpint (vs_batch_api_kind_for_endpoint (endpoint), ==, cases[i].kind);
    }
}

static void
test_info_parse (void)
{
  const char *openai =
    "{\"id\":\"batch_1\",\"object\":\"batch\",\"status\":\"failed\",\"input_file_id\":\"f-in\","
    "\"output_file_id\":null,\"error_file_id\":\"f-err\",\"created_at\":1767225600,"
    "\"failed_at\":1767229200,\"request_counts\":{\"total\":3,\"completed\":1,\"failed\":2},"
    "\"errors\":{\"object\":\"list\",\"data\":[{\"code\":\"invalid_json_line\","
    "\"message\":\"Line is not JSON\",\"line\":2}]},\"metadata\":{\"versus_batch\":\"t1\"}}";
  const char *mistral =
    "{\"id\":\"0a1b\",\"status\":\"RUNNING\",\"input_files\":[\"m-in\"],\"output_file\":null,"
    "\"error_file\":null,\"total_requests\":10,\"completed_requests\":7,"
    "\"succeeded_requests\":5,\"failed_requests\":2,\"created_at\":1767225600000,"
    "\"completed_at\":null,\"errors\":[],\"metadata\":null}";
  const char *together =
    "{\"job\":{\"id\":\"b-t\",\"status\":\"VALIDATING\",\"input_file_id\":\"t-in\","
    "\"created_at\":\"2026-01-01T01:02:03Z\"},\"warning\":\"slow\"}";
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(VsBatchInfo) info = NULL;
  g_autoptr(VsBatchInfo) copy = NULL;
  g_autoptr(GError) error = NULL;

  node = vs_json_parse (openai, -1, NULL);
  info = vs_batch_info_from_json (VS_BATCH_API_OPENAI, node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->id, ==, "batch_1");
  g_assert_cmpstr (info->status, ==, "failed");
  g_assert_cmpint (info->state, ==, VS_BATCH_STATE_FAILED);
  g_assert_cmpstr (info->input_file_id, ==, "f-in");
  g_assert_null (info->output_file_id);
  g_assert_cmpstr (info->error_file_id, ==, "f-err");
  g_assert_cmpint (info->total, ==, 3);
  g_assert_cmpint (info->completed, ==, 1);
  g_assert_cmpint (info->failed, ==, 2);
  g_assert_cmpstr (info->created_at, ==, "2026-01-01T00:00:00Z");
  g_assert_cmpstr (info->completed_at, ==, "2026-01-01T01:00:00Z");
  g_assert_cmpstr (info->error, ==, "Line is not JSON (line 2)");
  g_assert_cmpstr (json_object_get_string_member (info->metadata, "versus_batch"), ==, "t1");

  copy = vs_batch_info_copy (info);
  g_assert_true (copy->metadata != info->metadata);
  g_assert_cmpstr (copy->error, ==, info->error);
  g_assert_cmpstr (json_object_get_string_member (copy->metadata, "versus_batch"), ==, "t1");
  g_clear_pointer (&info, vs_batch_info_free);
  g_clear_pointer (&node, json_node_unref);

  node = vs_json_parse (mistral, -1, NULL);
  info = vs_batch_info_from_json (VS_BATCH_API_MISTRAL, node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->state, ==, VS_BATCH_STATE_RUNNING);
  g_assert_cmpstr (info->input_file_id, ==, "m-in");
  g_assert_null (info->output_file_id);
  g_assert_cmpint (info->total, ==, 10);
  g_assert_cmpint (info->completed, ==, 5);
  g_assert_cmpint (info->failed, ==, 2);
  /* Milliseconds where seconds are documented */
  g_assert_cmpstr (info->created_at, ==, "2026-01-01T00:00:00Z");
  g_assert_null (info->completed_at);
  g_assert_null (info->error);
  g_assert_null (info->metadata);
  g_clear_pointer (&info, vs_batch_info_free);
  g_clear_pointer (&node, json_node_unref);

  node = vs_json_parse (together, -1, NULL);
  info = vs_batch_info_from_json (VS_BATCH_API_OPENAI, node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->id, ==, "b-t");
  g_assert_cmpint (info->state, ==, VS_BATCH_STATE_VALIDATING);
  g_assert_cmpint (info->total, ==, -1);
  g_assert_cmpstr (info->created_at, ==, "2026-01-01T01:02:03Z");
  g_clear_pointer (&info, vs_batch_info_free);
  g_clear_pointer (&node, json_node_unref);

  node = vs_json_parse ("{\"status\":\"completed\"}", -1, NULL);
  info = vs_batch_info_from_json (VS_BATCH_API_OPENAI, node, &error);
  g_assert_null (info);
  g_assert_error (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_clear_pointer (&node, json_node_unref);

  node = vs_json_parse ("[1, 2]", -1, NULL);
  info = vs_batch_info_from_json (VS_BATCH_API_MISTRAL, node, &error);
  g_assert_null (info);
  g_assert_error (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL);
}

/* Both backends against the fake server ----------------------------------------------------- */

/* Submit → poll → download: every line answered as online, in another order. */
static void
test_complete (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(VsBatchInfo) info = NULL;
  g_autoptr(VsBatchInfo) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) sent = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *body = NULL;
  g_autofree char *output = path_in (f, "output.jsonl");
  gboolean seen[N_LINES + 1] = { FALSE };
  guint n_polls;

  info = submit (f, "token-complete", &error);
  g_assert_no_error (error);
  g_assert_nonnull (info->id);
  g_assert_cmpint (info->state, ==, f->kind == VS_BATCH_API_MISTRAL ? VS_BATCH_STATE_QUEUED
                                                                    : VS_BATCH_STATE_VALIDATING);
  g_assert_false (vs_batch_state_is_final (info->state));
  g_assert_nonnull (info->input_file_id);
  g_assert_null (info->output_file_id);
  g_assert_nonnull (info->created_at);
  g_assert_cmpstr (json_object_get_string_member (info->metadata, "versus_batch"), ==,
                   "token-complete");
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, 1);
  /* The input went out as a stream from disk, not read into memory first. */
  g_assert_cmpstr (_vs_request_engine_get_last_body_type (f->engine), ==,
                   "VsMultipartInputStream");

  /* The create named the uploaded file, the endpoint and (Mistral) the model. */
  body = vs_fake_llm_dup_last_batch_body (f->fake);
  sent = vs_json_parse_object (body, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (sent, "endpoint"), ==,
                   "/v1/chat/completions");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (sent, "metadata"), "versus_batch"), ==,
                   "token-complete");
  if (f->kind == VS_BATCH_API_MISTRAL)
    {
      g_assert_cmpstr (json_array_get_string_element (
                         json_object_get_array_member (sent, "input_files"), 0), ==,
                       info->input_file_id);
      g_assert_cmpstr (json_object_get_string_member (sent, "model"), ==, "fake-small");
    }
  else
    {
      g_assert_cmpstr (json_object_get_string_member (sent, "input_file_id"), ==,
                       info->input_file_id);
      g_assert_cmpstr (json_object_get_string_member (sent, "completion_window"), ==, "24h");
    }

  done = poll_to_end (f, info->id, &n_polls);
  g_assert_cmpuint (n_polls, ==, 3);
  g_assert_cmpint (done->state, ==, VS_BATCH_STATE_SUCCEEDED);
  g_assert_cmpstr (done->status, ==, f->kind == VS_BATCH_API_MISTRAL ? "SUCCESS" : "completed");
  g_assert_cmpint (done->total, ==, N_LINES);
  g_assert_cmpint (done->completed, ==, N_LINES);
  g_assert_cmpint (done->failed, ==, 0);
  g_assert_nonnull (done->output_file_id);
  g_assert_null (done->error_file_id);
  g_assert_nonnull (done->completed_at);
  g_assert_null (done->error);
  /* No chat request went online. */
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==, 0);

  g_assert_true (download (f, done->output_file_id, output, &error));
  g_assert_no_error (error);
  assert_no_partial_files (f);
  lines = read_lines (output);
  g_assert_cmpuint (lines->len, ==, N_LINES);
  g_assert_true (shuffled (lines));
  for (guint i = 0; i < lines->len; i++)
    {
      JsonObject *line = g_ptr_array_index (lines, i);
      JsonObject *response = line_response (line);
      int ordinal = ordinal_of (line_custom_id (line));
      g_autoptr(JsonNode) request = input_body (f, ordinal);
      g_autofree char *online = online_answer (f, request);
      g_autofree char *batch = NULL;

      g_assert_false (seen[ordinal]);
      seen[ordinal] = TRUE;
      g_assert_nonnull (response);
      g_assert_cmpint (json_object_get_int_member (response, "status_code"), ==, 200);
      g_assert_true (json_node_is_null (json_object_get_member (line, "error")));
      batch = vs_json_to_string (json_object_get_member (response, "body"), FALSE);
      g_assert_cmpstr (batch, ==, online);
    }
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/chat/completions"), ==,
                    N_LINES);

  /* Downloading again replaces the file whole. */
  g_assert_true (download (f, done->output_file_id, output, &error));
  g_assert_no_error (error);
  g_clear_pointer (&lines, g_ptr_array_unref);
  lines = read_lines (output);
  g_assert_cmpuint (lines->len, ==, N_LINES);
}

/* Lines matching the fail pattern end in the error file; the rest in the output file. */
static void
test_partial_failure (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(VsBatchInfo) info = NULL;
  g_autoptr(VsBatchInfo) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) out_lines = NULL;
  g_autoptr(GPtrArray) err_lines = NULL;
  g_autofree char *output = path_in (f, "output.jsonl");
  g_autofree char *errors = path_in (f, "errors.jsonl");
  guint n_polls;

  vs_fake_llm_set_batch_fail_pattern (f->fake, "versus-1-2-*3-0");
  info = submit (f, "token-partial", &error);
  g_assert_no_error (error);
  done = poll_to_end (f, info->id, &n_polls);
  g_assert_cmpint (done->state, ==, VS_BATCH_STATE_SUCCEEDED);
  g_assert_cmpint (done->completed, ==, N_LINES - 1);
  g_assert_cmpint (done->failed, ==, 1);
  g_assert_nonnull (done->output_file_id);
  g_assert_nonnull (done->error_file_id);

  g_assert_true (download (f, done->output_file_id, output, &error));
  g_assert_no_error (error);
  g_assert_true (download (f, done->error_file_id, errors, &error));
  g_assert_no_error (error);
  out_lines = read_lines (output);
  err_lines = read_lines (errors);
  g_assert_cmpuint (out_lines->len, ==, N_LINES - 1);
  g_assert_cmpuint (err_lines->len, ==, 1);
  for (guint i = 0; i < out_lines->len; i++)
    g_assert_cmpstr (line_custom_id (g_ptr_array_index (out_lines, i)), !=, "versus-1-2-3-0");
  {
    JsonObject *line = g_ptr_array_index (err_lines, 0);
    JsonObject *response = line_response (line);
    JsonObject *body = json_object_get_object_member (response, "body");

    g_assert_cmpstr (line_custom_id (line), ==, "versus-1-2-3-0");
    g_assert_cmpint (json_object_get_int_member (response, "status_code"), ==, 500);
    g_assert_nonnull (strstr (json_object_get_string_member (
                                json_object_get_object_member (body, "error"), "message"),
                              "told to fail"));
  }
}

/* Cancelled while running: the lines done so far are there, the batch ends CANCELLED. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(VsBatchInfo) info = NULL;
  g_autoptr(VsBatchInfo) running = NULL;
  g_autoptr(VsBatchInfo) cancelling = NULL;
  g_autoptr(VsBatchInfo) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *output = path_in (f, "output.jsonl");
  guint n_polls;

  info = submit (f, "token-cancel", &error);
  g_assert_no_error (error);
  running = get (f, info->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (running->state, ==, VS_BATCH_STATE_RUNNING);
  g_assert_cmpint (running->completed, ==, N_LINES / 2);

  cancelling = cancel (f, info->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cancelling->state, ==, VS_BATCH_STATE_CANCELLING);
  g_assert_cmpstr (cancelling->status, ==,
                   f->kind == VS_BATCH_API_MISTRAL ? "CANCELLATION_REQUESTED" : "cancelling");

  done = poll_to_end (f, info->id, &n_polls);
  g_assert_cmpuint (n_polls, ==, 1);
  g_assert_cmpint (done->state, ==, VS_BATCH_STATE_CANCELLED);
  g_assert_cmpint (done->completed, ==, N_LINES / 2);
  g_assert_nonnull (done->completed_at);
  g_assert_true (download (f, done->output_file_id, output, &error));
  g_assert_no_error (error);
  lines = read_lines (output);
  g_assert_cmpuint (lines->len, ==, N_LINES / 2);

  /* Cancelling an ended batch changes nothing. */
  g_clear_pointer (&cancelling, vs_batch_info_free);
  cancelling = cancel (f, info->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cancelling->state, ==, VS_BATCH_STATE_CANCELLED);
}

/* Expired: some lines answered, the others in the error file as batch_expired. */
static void
test_expired (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(VsBatchInfo) info = NULL;
  g_autoptr(VsBatchInfo) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) out_lines = NULL;
  g_autoptr(GPtrArray) err_lines = NULL;
  g_autofree char *output = path_in (f, "output.jsonl");
  g_autofree char *errors = path_in (f, "errors.jsonl");
  guint n_polls;

  vs_fake_llm_set_batch_polls_per_state (f->fake, 5);
  vs_fake_llm_set_batch_expire_after (f->fake, 2);
  info = submit (f, "token-expired", &error);
  g_assert_no_error (error);
  done = poll_to_end (f, info->id, &n_polls);
  g_assert_cmpuint (n_polls, ==, 2);
  g_assert_cmpint (done->state, ==, VS_BATCH_STATE_EXPIRED);
  g_assert_cmpstr (done->status, ==,
                   f->kind == VS_BATCH_API_MISTRAL ? "TIMEOUT_EXCEEDED" : "expired");
  g_assert_cmpint (done->completed, ==, N_LINES / 2);
  g_assert_cmpint (done->failed, ==, N_LINES - N_LINES / 2);
  g_assert_nonnull (done->completed_at);

  g_assert_true (download (f, done->output_file_id, output, &error));
  g_assert_no_error (error);
  g_assert_true (download (f, done->error_file_id, errors, &error));
  g_assert_no_error (error);
  out_lines = read_lines (output);
  err_lines = read_lines (errors);
  g_assert_cmpuint (out_lines->len, ==, N_LINES / 2);
  g_assert_cmpuint (err_lines->len, ==, N_LINES - N_LINES / 2);
  for (guint i = 0; i < err_lines->len; i++)
    {
      JsonObject *line = g_ptr_array_index (err_lines, i);

      g_assert_null (line_response (line));
      g_assert_cmpstr (json_object_get_string_member (
                         json_object_get_object_member (line, "error"), "code"), ==,
                       "batch_expired");
    }
}

/* A batch whose input has a line that is not a request fails, saying which line. */
static void
test_invalid_input (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(VsBatchInfo) info = NULL;
  g_autoptr(VsBatchInfo) done = NULL;
  g_autoptr(GError) error = NULL;
  guint n_polls;

  g_file_set_contents (f->input,
                       "{\"custom_id\":\"a\",\"body\":{\"model\":\"m\",\"messages\":[]}}\n"
                       "this is not json\n", -1, &error);
  g_assert_no_error (error);
  info = submit (f, "token-invalid", &error);
  g_assert_no_error (error);
  done = poll_to_end (f, info->id, &n_polls);
  g_assert_cmpint (done->state, ==, VS_BATCH_STATE_FAILED);
  g_assert_nonnull (done->error);
  if (f->kind == VS_BATCH_API_OPENAI)
    g_assert_nonnull (strstr (done->error, "(line 2)"));
  g_assert_null (done->output_file_id);
}

/* The create's reply is lost after the batch was made: found by listing, not made twice. */
static void
test_lost_create (Fixture       *f,
                  gconstpointer  data)
{
  static const guint statuses[] = { 0, 502 };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(VsBatchInfo) info = NULL;
      g_autoptr(VsBatchInfo) other = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *token = g_strdup_printf ("token-lost-%u", i);
      g_autofree char *other_token = g_strdup_printf ("token-other-%u", i);
      guint before;

      /* Another batch exists, so the match is by token, not by being the only one. */
      other = submit (f, other_token, &error);
      g_assert_no_error (error);
      before = vs_fake_llm_get_batch_count (f->fake);
      vs_fake_llm_lose_batch_creates (f->fake, 1, statuses[i]);
      info = submit (f, token, &error);
      g_assert_no_error (error);
      g_assert_nonnull (info);
      g_assert_cmpstr (info->id, !=, other->id);
      g_assert_cmpstr (json_object_get_string_member (info->metadata, "versus_batch"), ==,
                       token);
      g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, before + 1);
    }
}

/* A create answered with something that is not a batch may have worked: it is looked for. */
static void
test_create_reply_malformed (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(VsBatchInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_NONE, 0);      /* the upload */
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_MALFORMED, 0); /* the create */
  info = submit (f, "token-garbled", &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_cmpstr (json_object_get_string_member (info->metadata, "versus_batch"), ==,
                   "token-garbled");
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, 1);
}

/* No list endpoint: the create's own error stays, and nothing is created twice. */
static void
test_lost_create_no_list (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(VsBatchInfo) info = NULL;
  g_autoptr(VsBatchInfo) found = NULL;
  g_autoptr(GError) error = NULL;

  vs_fake_llm_set_batch_list (f->fake, FALSE);
  vs_fake_llm_lose_batch_creates (f->fake, 1, 0);
  info = submit (f, "token-nolist", &error);
  g_assert_null (info);
  g_assert_error (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_NOT_RETRIED);
  g_assert_nonnull (strstr (error->message,
                            f->kind == VS_BATCH_API_MISTRAL ? "POST /v1/batch/jobs"
                                                            : "POST /v1/batches"));
  g_assert_null (strstr (error->message, SECRET_KEY));
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, 1);
  g_clear_error (&error);

  /* find says "none", not an error. */
  found = find (f, "token-nolist", &error);
  g_assert_no_error (error);
  g_assert_null (found);

  /* A 5xx lost create without a list: the 502 is what the user sees. */
  vs_fake_llm_lose_batch_creates (f->fake, 1, 502);
  info = submit (f, "token-nolist-2", &error);
  g_assert_null (info);
  g_assert_error (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_NOT_RETRIED);
  g_assert_nonnull (strstr (error->message, "502"));
  g_assert_nonnull (strstr (error->message, "lost this reply"));
  g_assert_cmpuint (vs_fake_llm_get_batch_count (f->fake), ==, 2);
}

/* A create the server refuses is not looked for: its error, with the provider's message. */
static void
test_create_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(VsBatchInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) input = NULL;
  g_autofree char *missing = path_in (f, "missing.jsonl");
  guint lists;

  /* A 400 from the create (the upload went through) */
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_NONE, 0);
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_STATUS, 400);
  lists = vs_fake_llm_get_request_count (f->fake, f->kind == VS_BATCH_API_MISTRAL
                                                    ? "/v1/batch/jobs" : "/v1/batches");
  info = submit (f, "token-refused", &error);
  g_assert_null (info);
  g_assert_error (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "400"));
  g_assert_nonnull (strstr (error->message, "told to fail"));
  /* Only the create went to the batches path: no listing. */
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, f->kind == VS_BATCH_API_MISTRAL
                                                              ? "/v1/batch/jobs"
                                                              : "/v1/batches"), ==, lists + 1);
  g_clear_error (&error);

  /* A missing input file: nothing is sent. */
  g_free (f->input);
  f->input = g_steal_pointer (&missing);
  info = submit (f, "token-missing", &error);
  g_assert_null (info);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, "/v1/files"), ==, 1);
}

/* Bad JSON from the server and unknown ids: clean errors naming the request. */
static void
test_bad_replies (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(VsBatchInfo) info = NULL;
  g_autoptr(VsBatchInfo) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *dest = path_in (f, "never.jsonl");
  const char *batches = f->kind == VS_BATCH_API_MISTRAL ? "/v1/batch/jobs" : "/v1/batches";

  info = submit (f, "token-bad", &error);
  g_assert_no_error (error);

  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_MALFORMED, 0);
  bad = get (f, info->id, &error);
  g_assert_null (bad);
  g_assert_error (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL);
  expected = g_strdup_printf ("GET %s/%s", batches, info->id);
  g_assert_nonnull (strstr (error->message, expected));
  g_clear_error (&error);

  /* The list as bad JSON: find fails cleanly. */
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_MALFORMED, 0);
  bad = find (f, "token-bad", &error);
  g_assert_null (bad);
  g_assert_error (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* The next list is fine again. */
  bad = find (f, "token-bad", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bad->id, ==, info->id);
  g_clear_pointer (&bad, vs_batch_info_free);

  /* Unknown batch: the status and the provider's message */
  bad = get (f, "nope", &error);
  g_assert_null (bad);
  g_assert_error (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_HTTP);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("GET %s/nope", batches);
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_nonnull (strstr (error->message, "404"));
  g_assert_nonnull (strstr (error->message, "no such batch"));
  g_clear_error (&error);

  /* Unknown file: no file written, nothing left behind */
  g_assert_false (download (f, "file-nope", dest, &error));
  g_assert_error (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "GET /v1/files/file-nope/content"));
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  assert_no_partial_files (f);
}

/* A wrong key: the provider echoes it, the error never does. */
static void
test_key_never_shown (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(VsBatchInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  vs_request_engine_set_api_key (f->engine, "sk-wrong-key-that-must-not-leak");
  info = submit (f, "token-key", &error);
  g_assert_null (info);
  g_assert_error (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "POST /v1/files"));
  g_assert_null (strstr (error->message, "sk-wrong-key-that-must-not-leak"));
  g_assert_null (strstr (error->message, SECRET_KEY));
}

/* A download whose connection breaks is retried from the first byte: the file is whole, and
 * a download that fails leaves the old file untouched. */
static void
test_download_retried (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(VsBatchInfo) info = NULL;
  g_autoptr(VsBatchInfo) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *output = path_in (f, "output.jsonl");
  g_autofree char *content = NULL;
  g_autofree char *text = NULL;
  guint n_polls;

  info = submit (f, "token-retry", &error);
  g_assert_no_error (error);
  done = poll_to_end (f, info->id, &n_polls);
  g_file_set_contents (output, "old contents\n", -1, NULL);
  content = g_strdup_printf ("/v1/files/%s/content", done->output_file_id);
  /* Half the file, then the connection goes; then no answer; then a 503; then the file. */
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_TRUNCATE, 0);
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_DROP, 0);
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_STATUS, 503);
  g_assert_true (download (f, done->output_file_id, output, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, content), ==, 4);
  lines = read_lines (output);
  g_assert_cmpuint (lines->len, ==, N_LINES);
  assert_no_partial_files (f);

  /* Out of retries: the old file stays as it was. */
  g_file_set_contents (output, "old contents\n", -1, NULL);
  for (int i = 0; i < 4; i++)
    vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_TRUNCATE, 0);
  g_assert_false (download (f, done->output_file_id, output, &error));
  g_assert_error (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_CONNECTION);
  g_assert_nonnull (strstr (error->message, content));
  g_file_get_contents (output, &text, NULL, NULL);
  g_assert_cmpstr (text, ==, "old contents\n");
  assert_no_partial_files (f);
}

/* Polls whose connection drops after the request went out are retried (each poll has a
 * connection of its own: on a reused one, libsoup 3.2.3 would restart the request itself
 * and crash). */
static void
test_poll_dropped (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(VsBatchInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint before;

  info = submit (f, "token-dropped", &error);
  g_assert_no_error (error);
  path = g_strdup_printf ("%s/%s", f->kind == VS_BATCH_API_MISTRAL ? "/v1/batch/jobs"
                                                                   : "/v1/batches", info->id);
  for (int i = 0; i < 5; i++)
    {
      g_autoptr(VsBatchInfo) polled = NULL;

      before = vs_fake_llm_get_request_count (f->fake, path);
      vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_DROP, 0);
      polled = get (f, info->id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (polled->id, ==, info->id);
      /* The dropped attempt and the engine's retry */
      g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, path), ==, before + 2);
    }
}

/* Cancelled mid-download: nothing is written, nothing left behind. */
static void
test_download_cancelled (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(VsBatchInfo) info = NULL;
  g_autoptr(VsBatchInfo) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GFile) dest = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *output = path_in (f, "output.jsonl");
  Wait wait = { 0 };
  guint n_polls;

  info = submit (f, "token-cancelled", &error);
  g_assert_no_error (error);
  done = poll_to_end (f, info->id, &n_polls);
  dest = g_file_new_for_path (output);
  vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_LATENCY, 5000);
  vs_batch_api_download_async (f->engine, f->kind, done->output_file_id, dest, cancellable,
                               on_done, &wait);
  g_cancellable_cancel (cancellable);
  result = wait_for (&wait);
  g_assert_false (vs_batch_api_download_finish (f->engine, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  assert_no_partial_files (f);
}

/* OpenAI's list pages with after/has_more: an old batch is found past the first page. */
static void
test_find_pages (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(VsBatchInfo) first = NULL;
  g_autoptr(VsBatchInfo) found = NULL;
  g_autoptr(VsBatchInfo) none = NULL;
  g_autoptr(GError) error = NULL;
  const char *batches = f->kind == VS_BATCH_API_MISTRAL ? "/v1/batch/jobs" : "/v1/batches";
  guint lists;

  first = submit (f, "token-oldest", &error);
  g_assert_no_error (error);
  for (int i = 0; i < 120; i++)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) body = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(JsonNode) reply = NULL;
      g_autofree char *token = g_strdup_printf ("token-%d", i);
      Wait wait = { 0 };

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "endpoint");
      json_builder_add_string_value (b, "/v1/chat/completions");
      if (f->kind == VS_BATCH_API_MISTRAL)
        {
          json_builder_set_member_name (b, "input_files");
          json_builder_begin_array (b);
          json_builder_add_string_value (b, first->input_file_id);
          json_builder_end_array (b);
          json_builder_set_member_name (b, "model");
          json_builder_add_string_value (b, "fake-small");
        }
      else
        {
          json_builder_set_member_name (b, "input_file_id");
          json_builder_add_string_value (b, first->input_file_id);
          json_builder_set_member_name (b, "completion_window");
          json_builder_add_string_value (b, "24h");
        }
      json_builder_set_member_name (b, "metadata");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "versus_batch");
      json_builder_add_string_value (b, token);
      json_builder_end_object (b);
      json_builder_end_object (b);
      body = json_builder_get_root (b);
      vs_request_engine_call_json_async (f->engine, "POST", batches + strlen ("/v1/"), body,
                                         VS_CALL_FLAGS_CREATES, NULL, on_done, &wait);
      result = wait_for (&wait);
      reply = vs_request_engine_call_json_finish (f->engine, result, NULL, &error);
      g_assert_no_error (error);
    }

  lists = vs_fake_llm_get_request_count (f->fake, batches);
  found = find (f, "token-oldest", &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->id, ==, first->id);
  /* 121 batches, 100 a page: two pages. */
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, batches), ==, lists + 2);

  none = find (f, "token-never-made", &error);
  g_assert_no_error (error);
  g_assert_null (none);
}

/* Offline ----------------------------------------------------------------------------------- */

/* What vLLM's run-batch would write: every line, in input order, answered as online. */
static void
test_answer_batch_file (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *output = path_in (f, "vllm-output.jsonl");
  g_autofree char *bad = path_in (f, "bad.jsonl");

  g_assert_true (vs_fake_llm_answer_batch_file (f->input, output, &error));
  g_assert_no_error (error);
  lines = read_lines (output);
  g_assert_cmpuint (lines->len, ==, N_LINES);
  for (guint i = 0; i < lines->len; i++)
    {
      JsonObject *line = g_ptr_array_index (lines, i);
      JsonObject *response = line_response (line);
      g_autoptr(JsonNode) request = input_body (f, (int) i + 1);
      g_autofree char *online = online_answer (f, request);
      g_autofree char *offline = vs_json_to_string (json_object_get_member (response, "body"),
                                                    FALSE);

      g_assert_cmpint (ordinal_of (line_custom_id (line)), ==, (int) i + 1);
      g_assert_cmpint (json_object_get_int_member (response, "status_code"), ==, 200);
      g_assert_cmpstr (offline, ==, online);
    }

  g_file_set_contents (bad, "{\"custom_id\":\"x\",\"body\":{\"messages\":[]}}\n[1]\n", -1,
                       NULL);
  g_assert_false (vs_fake_llm_answer_batch_file (bad, output, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "bad.jsonl:2:"));
}

int
main (int   argc,
      char *argv[])
{
  static const struct { const char *name; VsBatchApiKind kind; } kinds[] = {
    { "openai", VS_BATCH_API_OPENAI },
    { "mistral", VS_BATCH_API_MISTRAL },
  };
  static const struct
  {
    const char *name;
    void (*func) (Fixture *, gconstpointer);
  } tests[] = {
    { "complete", test_complete },
    { "partial-failure", test_partial_failure },
    { "cancel", test_cancel },
    { "expired", test_expired },
    { "invalid-input", test_invalid_input },
    { "lost-create", test_lost_create },
    { "create-reply-malformed", test_create_reply_malformed },
    { "lost-create-no-list", test_lost_create_no_list },
    { "create-refused", test_create_refused },
    { "bad-replies", test_bad_replies },
    { "key-never-shown", test_key_never_shown },
    { "download-retried", test_download_retried },
    { "download-cancelled", test_download_cancelled },
    { "poll-dropped", test_poll_dropped },
    { "find-pages", test_find_pages },
  };

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/versus/batch-api/states", test_states);
  g_test_add_func ("/versus/batch-api/kind-for-endpoint", test_kind_for_endpoint);
  g_test_add_func ("/versus/batch-api/info-parse", test_info_parse);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (guint t = 0; t < G_N_ELEMENTS (tests); t++)
      {
        g_autofree char *path = g_strdup_printf ("/versus/batch-api/%s/%s", kinds[k].name,
                                                 tests[t].name);

        g_test_add (path, Fixture, GINT_TO_POINTER (kinds[k].kind), fixture_set_up,
                    tests[t].func, fixture_tear_down);
      }
  g_test_add ("/versus/batch-api/offline/answer-batch-file", Fixture,
              GINT_TO_POINTER (VS_BATCH_API_OPENAI), fixture_set_up, test_answer_batch_file,
              fixture_tear_down);
  return g_test_run ();
}
