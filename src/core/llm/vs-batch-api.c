/* vs-batch-api.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The batch inference APIs of both shapes, on top of the endpoint's request engine.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vs-batch-api.h"
#include "vs-error.h"
#include "vs-json.h"

/* How many pages of batches a search by metadata reads (100 per page, newest first): a lost
 * create is among the newest. */
#define FIND_MAX_PAGES 20
#define FIND_PAGE_SIZE 100

/* Kinds ------------------------------------------------------------------------------------ */

static const char *kind_names[] = { "openai", "mistral" };

const char *
vs_batch_api_kind_to_string (VsBatchApiKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
vs_batch_api_kind_from_string (const char     *text,
                               VsBatchApiKind *kind,
                               GError        **error)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (g_ascii_strcasecmp (text, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
               _("unknown batch API “%s” (use openai or mistral)"), text ? text : "");
  return FALSE;
}

VsBatchApiKind
vs_batch_api_kind_for_endpoint (VsEndpoint *endpoint)
{
  g_autofree char *host = NULL;
  char *colon;

  g_return_val_if_fail (VS_IS_ENDPOINT (endpoint), VS_BATCH_API_OPENAI);

  host = vs_endpoint_dup_host (endpoint);
  if (host != NULL && (colon = strrchr (host, ':')) != NULL && strchr (host, ']') == NULL)
    *colon = '\0';
  if (host != NULL &&
      (g_ascii_strcasecmp (host, "mistral.ai") == 0 || g_str_has_suffix (host, ".mistral.ai")))
    return VS_BATCH_API_MISTRAL;
  return VS_BATCH_API_OPENAI;
}

/* States ----------------------------------------------------------------------------------- */

static const char *state_names[] = {
  "VALIDATING", "QUEUED", "RUNNING", "CANCELLING", "SUCCEEDED", "FAILED", "CANCELLED",
  "EXPIRED", "UNKNOWN",
};

const char *
vs_batch_state_to_string (VsBatchState state)
{
  if ((guint) state >= G_N_ELEMENTS (state_names))
    state = VS_BATCH_STATE_UNKNOWN;
  return state_names[state];
}

VsBatchState
vs_batch_state_from_string (const char *text)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (state_names); i++)
    if (g_ascii_strcasecmp (text, state_names[i]) == 0)
      return i;
  return VS_BATCH_STATE_UNKNOWN;
}

VsBatchState
vs_batch_state_from_raw (const char *raw)
{
  /* REFERENCE.md's table: OpenAI's lower-case words, Mistral's upper-case ones. Compared
   * without case: Together sends OpenAI's words in upper case (IN_PROGRESS, COMPLETED), and
   * no word means two things in the two spellings. */
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
  };

  if (raw == NULL)
    return VS_BATCH_STATE_UNKNOWN;
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_ascii_strcasecmp (raw, map[i].raw) == 0)
      return map[i].state;
  return VS_BATCH_STATE_UNKNOWN;
}

gboolean
vs_batch_state_is_final (VsBatchState state)
{
  return state == VS_BATCH_STATE_SUCCEEDED || state == VS_BATCH_STATE_FAILED ||
         state == VS_BATCH_STATE_CANCELLED || state == VS_BATCH_STATE_EXPIRED;
}

/* Info ------------------------------------------------------------------------------------- */

VsBatchInfo *
vs_batch_info_copy (const VsBatchInfo *info)
{
  VsBatchInfo *copy;

  if (info == NULL)
    return NULL;
  copy = g_new0 (VsBatchInfo, 1);
  copy->id = g_strdup (info->id);
  copy->status = g_strdup (info->status);
  copy->state = info->state;
  copy->input_file_id = g_strdup (info->input_file_id);
  copy->output_file_id = g_strdup (info->output_file_id);
  copy->error_file_id = g_strdup (info->error_file_id);
  copy->total = info->total;
  copy->completed = info->completed;
  copy->failed = info->failed;
  copy->created_at = g_strdup (info->created_at);
  copy->completed_at = g_strdup (info->completed_at);
  copy->error = g_strdup (info->error);
  if (info->metadata != NULL)
    copy->metadata = vs_json_object_deep_copy (info->metadata);
  return copy;
}

void
vs_batch_info_free (VsBatchInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->status);
  g_free (info->input_file_id);
  g_free (info->output_file_id);
  g_free (info->error_file_id);
  g_free (info->created_at);
  g_free (info->completed_at);
  g_free (info->error);
  g_clear_pointer (&info->metadata, json_object_unref);
  g_free (info);
}

/* Replies ---------------------------------------------------------------------------------- */

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

/* A string member, also for numbers (some ids are numbers); NULL when absent, null or "". */
static char *
dup_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
    }
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

static gint64
get_count (JsonObject *object,
           const char *name)
{
  JsonNode *node = member (object, name);
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || !vs_json_node_get_int64 (node, &value) ||
      value < 0)
    return -1;
  return value;
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* Unix seconds (or milliseconds, or an ISO 8601 string) → "YYYY-MM-DDTHH:MM:SSZ". */
static char *
time_member (JsonObject *object,
             const char *name)
{
  JsonNode *node = member (object, name);
  g_autoptr(GDateTime) time = NULL;
  gint64 seconds;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) parsed = NULL;
      char *end = NULL;

      if (text == NULL || *text == '\0')
        return NULL;
      seconds = g_ascii_strtoll (text, &end, 10);
      if (end == text || *end != '\0')
        {
          parsed = g_date_time_new_from_iso8601 (text, utc);
          if (parsed == NULL)
            return NULL;
          time = g_date_time_to_utc (parsed);
        }
    }
  else if (!vs_json_node_get_int64 (node, &seconds))
    return NULL;
  if (time == NULL)
    {
      /* Milliseconds since the epoch are sometimes sent where seconds are documented. */
      if (seconds > G_GINT64_CONSTANT (100000000000))
        seconds /= 1000;
      if (seconds <= 0 || (time = g_date_time_new_from_unix_utc (seconds)) == NULL)
        return NULL;
    }
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* The messages of OpenAI's {"errors": {"data": [{code, message, line}]}} or Mistral's
 * {"errors": [{message, count}]}, joined; NULL when there are none. */
static char *
errors_text (JsonObject *object)
{
  g_autoptr(GString) out = g_string_new (NULL);
  JsonArray *list = get_array (object, "errors");
  JsonObject *error;
  char *single;

  if (list == NULL)
    list = get_array (get_object (object, "errors"), "data");
  for (guint i = 0; list != NULL && i < json_array_get_length (list) && i < 5; i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      g_autofree char *message = NULL;
      gint64 line;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      message = dup_string (json_node_get_object (node), "message");
      if (message == NULL)
        continue;
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append (out, message);
      if ((line = get_count (json_node_get_object (node), "line")) > 0)
        /* Translators: said after a provider's error message about one input line. */
        g_string_append_printf (out, _(" (line %" G_GINT64_FORMAT ")"), line);
    }
  if (out->len > 0)
    return g_string_free (g_steal_pointer (&out), FALSE);
  /* {"error": {"message": …}} or {"error": "…"} */
  if ((error = get_object (object, "error")) != NULL)
    return dup_string (error, "message");
  single = dup_string (object, "error");
  return single;
}

VsBatchInfo *
vs_batch_info_from_json (VsBatchApiKind  kind,
                         JsonNode       *node,
                         GError        **error)
{
  g_autoptr(VsBatchInfo) info = NULL;
  JsonObject *object;
  JsonObject *counts;
  JsonObject *metadata;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL,
                           _("the reply is not a batch (not a JSON object)"));
      return NULL;
    }
  object = json_node_get_object (node);
  /* Together wraps a created batch: {"job": {…}, "warning": …}. */
  if (!json_object_has_member (object, "id") && get_object (object, "job") != NULL)
    object = get_object (object, "job");

  info = g_new0 (VsBatchInfo, 1);
  info->id = dup_string (object, "id");
  info->status = dup_string (object, "status");
  if (info->id == NULL || info->status == NULL)
    {
      g_set_error_literal (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL,
                           info->id == NULL ? _("the reply is not a batch (it has no id)")
                                            : _("the reply is not a batch (it has no status)"));
      return NULL;
    }
  info->state = vs_batch_state_from_raw (info->status);
  info->created_at = time_member (object, "created_at");

  if (kind == VS_BATCH_API_MISTRAL)
    {
      JsonArray *inputs = get_array (object, "input_files");
      gint64 succeeded;

      if (inputs != NULL && json_array_get_length (inputs) > 0 &&
          JSON_NODE_HOLDS_VALUE (json_array_get_element (inputs, 0)))
        info->input_file_id = g_strdup (json_array_get_string_element (inputs, 0));
      info->output_file_id = dup_string (object, "output_file");
      info->error_file_id = dup_string (object, "error_file");
      info->total = get_count (object, "total_requests");
      info->failed = get_count (object, "failed_requests");
      succeeded = get_count (object, "succeeded_requests");
      if (succeeded < 0 && get_count (object, "completed_requests") >= 0)
        succeeded = get_count (object, "completed_requests") - MAX (info->failed, 0);
      info->completed = succeeded;
      info->completed_at = time_member (object, "completed_at");
    }
  else
    {
      static const char *ends[] = { "completed_at", "failed_at", "expired_at", "cancelled_at" };

      info->input_file_id = dup_string (object, "input_file_id");
      info->output_file_id = dup_string (object, "output_file_id");
      info->error_file_id = dup_string (object, "error_file_id");
      counts = get_object (object, "request_counts");
      info->total = get_count (counts, "total");
      info->completed = get_count (counts, "completed");
      info->failed = get_count (counts, "failed");
      for (guint i = 0; i < G_N_ELEMENTS (ends) && info->completed_at == NULL; i++)
        info->completed_at = time_member (object, ends[i]);
    }
  if (!vs_batch_state_is_final (info->state))
    g_clear_pointer (&info->completed_at, g_free);
  if (info->state != VS_BATCH_STATE_SUCCEEDED)
    info->error = errors_text (object);
  if ((metadata = get_object (object, "metadata")) != NULL)
    info->metadata = vs_json_object_deep_copy (metadata);
  return g_steal_pointer (&info);
}

/* Calls ------------------------------------------------------------------------------------ */

static const char *
batches_path (VsBatchApiKind kind)
{
  return kind == VS_BATCH_API_MISTRAL ? "batch/jobs" : "batches";
}

static char *
batch_path (VsBatchApiKind  kind,
            const char     *batch_id,
            const char     *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (batch_id, NULL, FALSE);

  return g_strconcat (batches_path (kind), "/", escaped, suffix, NULL);
}

/* "/v1/batches/batch_1": the path the request went to, for messages. */
static char *
shown_path (VsRequestEngine *engine,
            const char      *path)
{
  g_autofree char *url = vs_endpoint_build_url (vs_request_engine_get_endpoint (engine), path);
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return g_strdup (uri != NULL ? g_uri_get_path (uri) : path);
}

/* Puts the request in front of the engine's message (which already has the host, the HTTP
 * status and the provider's message, with any key redacted): "POST /v1/batches: HTTP 400 …".
 * Domain and code are kept, so callers can still tell what kind of failure it was. */
static GError *
request_error (VsRequestEngine *engine,
               const char      *method,
               const char      *path,
               GError          *error)
{
  g_autofree char *where = NULL;
  char *message;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;
  where = shown_path (engine, path);
  /* Translators: "POST /v1/batches: <what went wrong>". */
  message = g_strdup_printf (_("%s %s: %s"), method, where, error->message);
  g_free (error->message);
  error->message = message;
  return error;
}

typedef struct
{
  VsBatchApiKind  kind;
  char           *method;
  char           *path;
  /* submit */
  GFile          *input;
  char           *model;
  JsonObject     *metadata;
  char           *file_id;
  GError         *create_error;
  /* find */
  char           *key;
  char           *value;
  guint           page;
  /* download */
  GFile          *dest;
  GFile          *tmp;
  GFileOutputStream *sink;
} CallData;

static void
call_data_free (CallData *data)
{
  g_free (data->method);
  g_free (data->path);
  g_clear_object (&data->input);
  g_free (data->model);
  g_clear_pointer (&data->metadata, json_object_unref);
  g_free (data->file_id);
  g_clear_error (&data->create_error);
  g_free (data->key);
  g_free (data->value);
  g_clear_object (&data->dest);
  if (data->tmp != NULL)
    g_file_delete (data->tmp, NULL, NULL);
  g_clear_object (&data->tmp);
  g_clear_object (&data->sink);
  g_free (data);
}

static GTask *
call_task_new (VsRequestEngine     *engine,
               VsBatchApiKind       kind,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (engine, cancellable, callback, user_data);
  CallData *data = g_new0 (CallData, 1);

  g_task_set_source_tag (task, source_tag);
  data->kind = kind;
  g_task_set_task_data (task, data, (GDestroyNotify) call_data_free);
  return task;
}

/* One JSON call; the reply goes to @callback with @task as its data. */
static void
call (GTask               *task,
      const char          *method,
      char                *path,
      JsonNode            *body,
      VsCallFlags          flags,
      GAsyncReadyCallback  callback)
{
  CallData *data = g_task_get_task_data (task);

  g_free (data->method);
  data->method = g_strdup (method);
  g_free (data->path);
  data->path = path;
  /* Batch calls come seconds to minutes apart: each gets a connection of its own (see
   * VS_CALL_FLAGS_NEW_CONNECTION). */
  vs_request_engine_call_json_async (g_task_get_source_object (task), method, path, body,
                                     flags | VS_CALL_FLAGS_NEW_CONNECTION,
                                     g_task_get_cancellable (task), callback, task);
}

/* The reply of the call made by call() as a batch; NULL with the error returned on @task. */
static VsBatchInfo *
finish_batch_reply (GTask        *task,
                    GAsyncResult *result,
                    guint        *out_status,
                    GError      **out_error)
{
  VsRequestEngine *engine = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) reply = NULL;
  GError *error = NULL;
  VsBatchInfo *info;

  reply = vs_request_engine_call_json_finish (engine, result, out_status, &error);
  if (reply == NULL)
    {
      g_propagate_error (out_error, request_error (engine, data->method, data->path, error));
      return NULL;
    }
  info = vs_batch_info_from_json (data->kind, reply, &error);
  if (info == NULL)
    g_propagate_error (out_error, request_error (engine, data->method, data->path, error));
  return info;
}

static void
on_batch_reply (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  VsBatchInfo *info = finish_batch_reply (task, result, NULL, &error);

  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify) vs_batch_info_free);
}

/* Get and cancel */

void
vs_batch_api_get_async (VsRequestEngine     *engine,
                        VsBatchApiKind       kind,
                        const char          *batch_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VS_IS_REQUEST_ENGINE (engine));
  g_return_if_fail (batch_id != NULL && *batch_id != '\0');

  task = call_task_new (engine, kind, vs_batch_api_get_async, cancellable, callback, user_data);
  call (task, "GET", batch_path (kind, batch_id, NULL), NULL, VS_CALL_FLAGS_NONE,
        on_batch_reply);
}

VsBatchInfo *
vs_batch_api_get_finish (VsRequestEngine  *engine,
                         GAsyncResult     *result,
                         GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vs_batch_api_cancel_async (VsRequestEngine     *engine,
                           VsBatchApiKind       kind,
                           const char          *batch_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VS_IS_REQUEST_ENGINE (engine));
  g_return_if_fail (batch_id != NULL && *batch_id != '\0');

  task = call_task_new (engine, kind, vs_batch_api_cancel_async, cancellable, callback,
                        user_data);
  /* Cancelling twice is harmless, so the engine may retry it. */
  call (task, "POST", batch_path (kind, batch_id, "/cancel"), NULL, VS_CALL_FLAGS_NONE,
        on_batch_reply);
}

VsBatchInfo *
vs_batch_api_cancel_finish (VsRequestEngine  *engine,
                            GAsyncResult     *result,
                            GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Find */

static gboolean
metadata_matches (VsBatchInfo *info,
                  const char  *key,
                  const char  *value)
{
  JsonNode *node = info->metadata ? json_object_get_member (info->metadata, key) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING &&
         g_strcmp0 (json_node_get_string (node), value) == 0;
}

static void find_page (GTask *task, const char *after);

static void
on_list_reply (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VsRequestEngine *engine = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *last_id = NULL;
  GError *error = NULL;
  guint status = 0;
  JsonObject *object;
  JsonArray *list;
  guint n;
  gboolean more;

  reply = vs_request_engine_call_json_finish (engine, result, &status, &error);
  if (reply == NULL)
    {
      /* A server without the list endpoint (404; some say 405 or 501): nothing can be
       * found, which is not an error. */
      if ((status == 404 || status == 405 || status == 501) &&
          g_error_matches (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_HTTP))
        {
          g_debug ("%s %s: no list endpoint (HTTP %u)", data->method, data->path, status);
          g_error_free (error);
          g_task_return_pointer (task, NULL, NULL);
          return;
        }
      g_task_return_error (task, request_error (engine, data->method, data->path, error));
      return;
    }
  object = JSON_NODE_HOLDS_OBJECT (reply) ? json_node_get_object (reply) : NULL;
  list = get_array (object, "data");
  if (list == NULL)
    {
      error = g_error_new_literal (VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL,
                                   _("the reply is not a list of batches"));
      g_task_return_error (task, request_error (engine, data->method, data->path, error));
      return;
    }
  n = json_array_get_length (list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VsBatchInfo) info = NULL;

      info = vs_batch_info_from_json (data->kind, json_array_get_element (list, i), NULL);
      if (info == NULL)
        continue;
      if (metadata_matches (info, data->key, data->value))
        {
          g_task_return_pointer (task, g_steal_pointer (&info),
                                 (GDestroyNotify) vs_batch_info_free);
          return;
        }
      g_free (last_id);
      last_id = g_strdup (info->id);
    }

  if (data->kind == VS_BATCH_API_MISTRAL)
    {
      gint64 total = get_count (object, "total");

      more = n > 0 && (total < 0 ? n >= FIND_PAGE_SIZE
                                 : (gint64) (data->page + 1) * FIND_PAGE_SIZE < total);
    }
  else
    {
      JsonNode *has_more = member (object, "has_more");

      more = n > 0 && last_id != NULL && has_more != NULL && JSON_NODE_HOLDS_VALUE (has_more) &&
             json_node_get_value_type (has_more) == G_TYPE_BOOLEAN &&
             json_node_get_boolean (has_more);
    }
  if (!more || ++data->page >= FIND_MAX_PAGES)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  find_page (g_steal_pointer (&task), last_id);
}

static void
find_page (GTask      *task,
           const char *after)
{
  CallData *data = g_task_get_task_data (task);
  char *path;

  if (data->kind == VS_BATCH_API_MISTRAL)
    path = g_strdup_printf ("%s?page=%u&page_size=%u", batches_path (data->kind), data->page,
                            FIND_PAGE_SIZE);
  else if (after != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (after, NULL, FALSE);

      path = g_strdup_printf ("%s?limit=%u&after=%s", batches_path (data->kind), FIND_PAGE_SIZE,
                              escaped);
    }
  else
    path = g_strdup_printf ("%s?limit=%u", batches_path (data->kind), FIND_PAGE_SIZE);
  call (task, "GET", path, NULL, VS_CALL_FLAGS_NONE, on_list_reply);
}

static void
find_start (GTask      *task,
            const char *key,
            const char *value)
{
  CallData *data = g_task_get_task_data (task);

  g_free (data->key);
  data->key = g_strdup (key);
  g_free (data->value);
  data->value = g_strdup (value);
  data->page = 0;
  find_page (task, NULL);
}

void
vs_batch_api_find_async (VsRequestEngine     *engine,
                         VsBatchApiKind       kind,
                         const char          *key,
                         const char          *value,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VS_IS_REQUEST_ENGINE (engine));
  g_return_if_fail (key != NULL && value != NULL);

  task = call_task_new (engine, kind, vs_batch_api_find_async, cancellable, callback,
                        user_data);
  find_start (task, key, value);
}

VsBatchInfo *
vs_batch_api_find_finish (VsRequestEngine  *engine,
                          GAsyncResult     *result,
                          GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Submit: upload, create, and — when the create's reply was lost — find. */

/* Whether a failed create may have created the batch all the same: its reply was lost
 * (connection broke after sending, timeout, a 5xx, a reply that is not a batch). */
static gboolean
create_maybe_happened (const GError *error)
{
  return g_error_matches (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_NOT_RETRIED) ||
         g_error_matches (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_TIMEOUT) ||
         g_error_matches (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL) ||
         g_error_matches (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_TRUNCATED);
}

static void
on_found_after_create (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CallData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  VsBatchInfo *info;

  info = g_task_propagate_pointer (G_TASK (result), &error);
  if (info != NULL)
    {
      g_debug ("the lost create was found by listing: %s", info->id);
      g_task_return_pointer (task, info, (GDestroyNotify) vs_batch_info_free);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (error != NULL)
    {
      GError *create_error = g_steal_pointer (&data->create_error);
      char *message =
        /* Translators: the first %s is why creating a batch failed, the second why the
         * batches could not be listed to see whether it was created all the same. */
        g_strdup_printf (_("%s (listing the batches to check whether it was created failed "
                           "too: %s)"), create_error->message, error->message);

      g_free (create_error->message);
      create_error->message = message;
      g_task_return_error (task, create_error);
      return;
    }
  g_task_return_error (task, g_steal_pointer (&data->create_error));
}

static void
on_created (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  CallData *data = g_task_get_task_data (task);
  const char *token = NULL;
  GError *error = NULL;
  VsBatchInfo *info;

  info = finish_batch_reply (task, result, NULL, &error);
  if (info != NULL)
    {
      if (info->metadata == NULL && data->metadata != NULL)
        info->metadata = vs_json_object_deep_copy (data->metadata);
      g_task_return_pointer (task, info, (GDestroyNotify) vs_batch_info_free);
      g_object_unref (task);
      return;
    }
  if (data->metadata != NULL && json_object_has_member (data->metadata, "versus_batch"))
    token = json_object_get_string_member_with_default (data->metadata, "versus_batch", NULL);
  if (token == NULL || !create_maybe_happened (error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  /* Never create again: look for the batch this create may have made. */
  g_debug ("creating the batch may have worked (%s); looking for it by its token",
           error->message);
  data->create_error = error;
  vs_batch_api_find_async (g_task_get_source_object (task), data->kind, "versus_batch", token,
                           g_task_get_cancellable (task), on_found_after_create, task);
}

static void
on_uploaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  VsRequestEngine *engine = VS_REQUEST_ENGINE (source);
  CallData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) body = NULL;
  GError *error = NULL;

  reply = vs_request_engine_upload_finish (engine, result, &error);
  if (reply != NULL && JSON_NODE_HOLDS_OBJECT (reply))
    data->file_id = dup_string (json_node_get_object (reply), "id");
  if (reply != NULL && data->file_id == NULL)
    error = g_error_new_literal (VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL,
                                 _("the reply does not say which id the uploaded file got"));
  if (error != NULL)
    {
      g_task_return_error (task, request_error (engine, "POST", "files", error));
      g_object_unref (task);
      return;
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  if (data->kind == VS_BATCH_API_MISTRAL)
    {
      json_builder_set_member_name (b, "input_files");
      json_builder_begin_array (b);
      json_builder_add_string_value (b, data->file_id);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "model");
      json_builder_add_string_value (b, data->model);
      json_builder_set_member_name (b, "endpoint");
      json_builder_add_string_value (b, "/v1/chat/completions");
      json_builder_set_member_name (b, "timeout_hours");
      json_builder_add_int_value (b, 24);
    }
  else
    {
      json_builder_set_member_name (b, "input_file_id");
      json_builder_add_string_value (b, data->file_id);
      json_builder_set_member_name (b, "endpoint");
      json_builder_add_string_value (b, "/v1/chat/completions");
      json_builder_set_member_name (b, "completion_window");
      json_builder_add_string_value (b, "24h");
    }
  if (data->metadata != NULL)
    {
      json_builder_set_member_name (b, "metadata");
      json_builder_add_value (b, json_node_init_object (json_node_alloc (), data->metadata));
    }
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  call (task, "POST", g_strdup (batches_path (data->kind)), body, VS_CALL_FLAGS_CREATES,
        on_created);
}

void
vs_batch_api_submit_async (VsRequestEngine     *engine,
                           VsBatchApiKind       kind,
                           GFile               *input,
                           const char          *model,
                           JsonObject          *metadata,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GFileInfo) file_info = NULL;
  GError *error = NULL;
  GTask *task;
  CallData *data;

  g_return_if_fail (VS_IS_REQUEST_ENGINE (engine));
  g_return_if_fail (G_IS_FILE (input));
  g_return_if_fail (model != NULL && *model != '\0');

  task = call_task_new (engine, kind, vs_batch_api_submit_async, cancellable, callback,
                        user_data);
  data = g_task_get_task_data (task);
  data->input = g_object_ref (input);
  data->model = g_strdup (model);
  if (metadata != NULL)
    data->metadata = vs_json_object_deep_copy (metadata);

  file_info = g_file_query_info (input, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                                 cancellable, &error);
  if (file_info == NULL ||
      g_file_info_get_file_type (file_info) != G_FILE_TYPE_REGULAR)
    {
      g_autofree char *name = g_file_get_parse_name (input);

      if (error == NULL)
        error = g_error_new (VS_ERROR, VS_ERROR_INVALID,
                             /* Translators: %s is a file name. */
                             _("“%s” is not a file; nothing was uploaded"), name);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (fields, "purpose", "batch");
  vs_request_engine_upload_file_async (engine, "files", fields, "file", input, NULL,
                                       "application/jsonl", cancellable, on_uploaded, task);
}

VsBatchInfo *
vs_batch_api_submit_finish (VsRequestEngine  *engine,
                            GAsyncResult     *result,
                            GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Download */

/* A failed download leaves nothing behind (before the result is returned: its caller may
 * keep the result, and the task data with it, for a while). */
static void
remove_partial (CallData *data)
{
  if (data->sink != NULL)
    g_output_stream_close (G_OUTPUT_STREAM (data->sink), NULL, NULL);
  if (data->tmp != NULL)
    g_file_delete (data->tmp, NULL, NULL);
  g_clear_object (&data->tmp);
}

static void
on_downloaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VsRequestEngine *engine = VS_REQUEST_ENGINE (source);
  CallData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gint64 bytes;

  bytes = vs_request_engine_download_finish (engine, result, NULL, &error);
  if (bytes < 0)
    {
      remove_partial (data);
      g_task_return_error (task, request_error (engine, "GET", data->path, error));
      return;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (data->sink), g_task_get_cancellable (task),
                              &error) ||
      !g_file_move (data->tmp, data->dest, G_FILE_COPY_OVERWRITE, g_task_get_cancellable (task),
                    NULL, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (data->dest);

      remove_partial (data);
      g_prefix_error (&error, "%s: ", name);
      g_task_return_error (task, error);
      return;
    }
  g_clear_object (&data->tmp);
  g_debug ("downloaded %" G_GINT64_FORMAT " bytes of %s", bytes, data->path);
  g_task_return_boolean (task, TRUE);
}

void
vs_batch_api_download_async (VsRequestEngine     *engine,
                             VsBatchApiKind       kind,
                             const char          *file_id,
                             GFile               *dest,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  /* Output files run to hundreds of MB: no limit on the whole, only on silence. */
  VsCallPolicy policy = VS_CALL_POLICY_INIT;
  g_autofree char *escaped = NULL;
  g_autofree char *basename = NULL;
  g_autoptr(GFile) parent = NULL;
  GError *error = NULL;
  CallData *data;
  GTask *task;

  g_return_if_fail (VS_IS_REQUEST_ENGINE (engine));
  g_return_if_fail (file_id != NULL && *file_id != '\0');
  g_return_if_fail (G_IS_FILE (dest));

  task = call_task_new (engine, kind, vs_batch_api_download_async, cancellable, callback,
                        user_data);
  data = g_task_get_task_data (task);
  data->dest = g_object_ref (dest);
  escaped = g_uri_escape_string (file_id, NULL, FALSE);
  data->path = g_strconcat ("files/", escaped, "/content", NULL);
  data->method = g_strdup ("GET");

  /* A temporary file next to @dest, renamed over it at the end: @dest is either complete or
   * untouched. */
  parent = g_file_get_parent (dest);
  basename = g_file_get_basename (dest);
  for (guint attempt = 0; parent != NULL && data->sink == NULL && attempt < 10; attempt++)
    {
      g_autofree char *name = g_strdup_printf (".%s.part-%08x", basename, g_random_int ());

      g_clear_error (&error);
      g_clear_object (&data->tmp);
      data->tmp = g_file_get_child (parent, name);
      data->sink = g_file_create (data->tmp, G_FILE_CREATE_PRIVATE, cancellable, &error);
      if (data->sink == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        break;
    }
  if (data->sink == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (dest);

      g_clear_object (&data->tmp);
      if (error == NULL)
        error = g_error_new_literal (VS_ERROR, VS_ERROR_IO, _("no folder to write into"));
      g_prefix_error (&error, "%s: ", name);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  policy.total_timeout_ms = 0;
  vs_request_engine_download_async (engine, data->path, G_OUTPUT_STREAM (data->sink), &policy,
                                    cancellable, on_downloaded, task);
}

gboolean
vs_batch_api_download_finish (VsRequestEngine  *engine,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
