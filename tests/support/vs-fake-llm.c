/* vs-fake-llm.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake model server. Everything that touches the SoupServer runs on the server thread's
 * own GMainContext; the test thread only reads counters and queues faults under a mutex.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <errno.h>
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "vs-fake-llm.h"
#include "vs-json.h"

typedef struct
{
  VsFakeFault fault;
  int         value;
} Fault;

struct _VsFakeLlm
{
  GMutex        lock;
  GCond         cond;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  GError       *start_error;
  gboolean      started;
  guint         port;
  char         *url;

  /* under lock */
  GQueue        faults;
  guint         latency_ms;
  guint         chunk_delay_ms;
  char         *required_key;
  char         *redirect_target;
  GHashTable   *counts;       /* path → count */
  guint         total;
  guint         auth_count;
  guint         open_streams;
  guint         active;
  guint         max_active;
  GHashTable   *peers;        /* "addr:port" set */
  char         *last_body;
  guint         keep_alive_ms; /* vs_fake_llm_set_keep_alive_ms(); 0: forever */
  guint         keep_alive_drops;

  /* fine-tuning (see "Fine-tuning" below), under lock */
  GHashTable   *ft_jobs;      /* id → FtJob */
  guint         ft_next;
  guint         ft_uploads;
  char         *ft_last_create;
  FILE         *request_log;  /* vs_fake_llm_set_request_log() */

  /* batches (see "Batches" below), under lock */
  GHashTable   *batch_files;  /* file id → GBytes */
  GHashTable   *batches;      /* id → FbBatch */
  GPtrArray    *batch_order;  /* FbBatch, oldest first (borrowed from batches) */
  guint         batch_next;
  guint         batch_file_next;
  guint         batch_polls_per_state;
  guint         batch_expire_after;
  char         *batch_fail_pattern;
  guint         batch_lose_creates;
  guint         batch_lose_status;
  gboolean      batch_no_list;
  char         *batch_last_create;
};

/* An upload being received (see on_got_headers()). */
typedef struct
{
  GString    *head;      /* bytes before the file's contents */
  GByteArray *pending;   /* file bytes not hashed yet (they might be the closing boundary) */
  GChecksum  *sha256;
  char       *closing;   /* "\r\n--BOUNDARY--\r\n" */
  gboolean    in_file;
  gint64      total;
  gint64      file_bytes;
  GByteArray *kept;      /* the file's contents, for batch uploads (purpose=batch) */
} Upload;

typedef struct
{
  VsFakeLlm         *self;
  SoupServerMessage *msg;
  char              *path;
  Fault              fault;
  gboolean           ollama;
  gboolean           stream;
  gboolean           include_usage;
  char              *model;
  char             **pieces;
  guint              n_pieces;
  guint              next;
  gint64             prompt_tokens;
  gboolean           dead;
  gboolean           counted_stream;
  gboolean           done;
} Reply;

static void
reply_free (Reply *reply)
{
  g_free (reply->path);
  g_free (reply->model);
  g_strfreev (reply->pieces);
  g_free (reply);
}

/* The contents of a JSON string (vs_json_append_escaped() without its quotes): the replies
 * below put it between quotes of their own. */
static char *
json_escape (const char *text)
{
  GString *out = g_string_new (NULL);

  vs_json_append_escaped (out, text, -1);
  g_string_truncate (out, out->len - 1);
  g_string_erase (out, 0, 1);
  return g_string_free (out, FALSE);
}

/* Sources keep the message (which owns the reply) alive until they have run. */
static void
attach_timeout (VsFakeLlm   *self,
                guint        ms,
                GSourceFunc  func,
                Reply       *reply)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, g_object_ref (reply->msg), g_object_unref);
  g_source_attach (source, self->context);
  g_source_unref (source);
}

static Reply *
reply_of (gpointer msg)
{
  return g_object_get_data (G_OBJECT (msg), "vs-fake-reply");
}

static void
set_json (SoupServerMessage *msg,
          guint              status,
          const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json,
                                    strlen (json));
}

static void
set_error (Reply      *reply,
           guint       status,
           const char *message)
{
  g_autofree char *escaped = json_escape (message);
  g_autofree char *json = NULL;

  if (reply->ollama)
    json = g_strdup_printf ("{\"error\":\"%s\"}", escaped);
  else
    json = g_strdup_printf ("{\"error\":{\"message\":\"%s\",\"type\":\"fake_error\","
                            "\"code\":%u}}", escaped, status);
  set_json (reply->msg, status, json);
}

static void
drop_connection (Reply *reply)
{
  GSocket *socket = soup_server_message_get_socket (reply->msg);

  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
  reply->dead = TRUE;
  /* Whatever libsoup tries to write now fails and it closes the connection. */
  soup_server_message_set_status (reply->msg, 500, NULL);
}

static void
on_disconnected (SoupServerMessage *msg,
                 Reply             *reply)
{
  reply->dead = TRUE;
}

/* When the connection's last request ended (monotonic µs), kept on its socket: for
 * vs_fake_llm_set_keep_alive_ms(). */
static void
note_connection_used (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  gint64 *when;

  if (socket == NULL)
    return;
  when = g_new (gint64, 1);
  *when = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (socket), "vs-fake-last-used", when, g_free);
}

static void
on_finished (SoupServerMessage *msg,
             Reply             *reply)
{
  VsFakeLlm *self = reply->self;

  note_connection_used (msg);

  g_mutex_lock (&self->lock);
  self->active--;
  if (reply->counted_stream)
    self->open_streams--;
  g_mutex_unlock (&self->lock);
  reply->done = TRUE;
}

/* Streaming ---------------------------------------------------------------------------- */

static char *
openai_chunk (Reply      *reply,
              const char *content,
              const char *finish)
{
  g_autofree char *escaped = content ? json_escape (content) : NULL;
  g_autofree char *delta = escaped ? g_strdup_printf ("{\"content\":\"%s\"}", escaped)
                                   : g_strdup ("{}");
  g_autofree char *fin = finish ? g_strdup_printf ("\"%s\"", finish) : g_strdup ("null");

  return g_strdup_printf ("data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\","
                          "\"created\":0,\"model\":\"%s\",\"choices\":[{\"index\":0,"
                          "\"delta\":%s,\"finish_reason\":%s}]}\n\n",
                          reply->model, delta, fin);
}

static char *
ollama_line (Reply      *reply,
             const char *content,
             gboolean    done)
{
  g_autofree char *escaped = json_escape (content);

  if (!done)
    return g_strdup_printf ("{\"model\":\"%s\",\"created_at\":\"2026-01-01T00:00:00Z\","
                            "\"message\":{\"role\":\"assistant\",\"content\":\"%s\"},"
                            "\"done\":false}\n", reply->model, escaped);
  return g_strdup_printf ("{\"model\":\"%s\",\"created_at\":\"2026-01-01T00:00:00Z\","
                          "\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
                          "\"done\":true,\"done_reason\":\"stop\",\"total_duration\":1,"
                          "\"prompt_eval_count\":%" G_GINT64_FORMAT ",\"eval_count\":%u}\n",
                          reply->model, reply->prompt_tokens, reply->n_pieces);
}

static char *
stream_tail (Reply *reply)
{
  GString *out = g_string_new (NULL);

  if (reply->ollama)
    {
      char *line = ollama_line (reply, NULL, TRUE);
      g_string_append (out, line);
      g_free (line);
      return g_string_free (out, FALSE);
    }
  {
    char *chunk = openai_chunk (reply, NULL, "stop");
    g_string_append (out, chunk);
    g_free (chunk);
  }
  if (reply->include_usage)
    g_string_append_printf (out,
                            "data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\","
                            "\"choices\":[],\"usage\":{\"prompt_tokens\":%" G_GINT64_FORMAT ","
                            "\"completion_tokens\":%u,\"total_tokens\":%" G_GINT64_FORMAT "}}\n\n",
                            reply->prompt_tokens, reply->n_pieces,
                            reply->prompt_tokens + reply->n_pieces);
  g_string_append (out, "data: [DONE]\n\n");
  return g_string_free (out, FALSE);
}

static char *
stream_piece (Reply *reply,
              guint  i)
{
  if (reply->fault.fault == VS_FAKE_FAULT_MALFORMED && i == 0)
    return g_strdup (reply->ollama ? "{\"message\": oops\n" : "data: {\"choices\": oops\n\n");
  if (reply->ollama)
    return ollama_line (reply, reply->pieces[i], FALSE);
  return openai_chunk (reply, reply->pieces[i], NULL);
}

static void
append (Reply *reply,
        char  *text)
{
  SoupMessageBody *body = soup_server_message_get_response_body (reply->msg);

  soup_message_body_append (body, SOUP_MEMORY_TAKE, text, strlen (text));
}

static gboolean stream_step (gpointer msg);

static gboolean
stream_step_now (Reply *reply)
{
  VsFakeLlm *self = reply->self;
  guint delay;
  gboolean truncate = reply->fault.fault == VS_FAKE_FAULT_TRUNCATE;

  if (reply->dead || reply->done)
    goto finished;

  if (truncate && reply->next >= (guint) MAX (reply->fault.value, 0))
    {
      drop_connection (reply);
      soup_server_message_unpause (reply->msg);
      goto finished;
    }
  if (reply->next < reply->n_pieces)
    {
      append (reply, stream_piece (reply, reply->next++));
      soup_server_message_unpause (reply->msg);
      g_mutex_lock (&self->lock);
      delay = self->chunk_delay_ms;
      g_mutex_unlock (&self->lock);
      attach_timeout (self, truncate ? MAX (delay, 20) : delay, stream_step, reply);
      return G_SOURCE_REMOVE;
    }
  append (reply, stream_tail (reply));
  soup_message_body_complete (soup_server_message_get_response_body (reply->msg));
  soup_server_message_unpause (reply->msg);

finished:
  return G_SOURCE_REMOVE;
}

static gboolean
stream_step (gpointer msg)
{
  return stream_step_now (reply_of (msg));
}

/* Replies ------------------------------------------------------------------------------- */

/* The whole (not streamed) reply to a prepared chat: an OpenAI chat completion, or Ollama's
 * reply for /api/chat. Batches answer their lines with the same text. */
static char *
chat_reply_json (Reply *reply)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *escaped = NULL;
  char *json;

  for (guint i = 0; i < reply->n_pieces; i++)
    g_string_append (text, reply->pieces[i]);
  escaped = json_escape (text->str);

  if (reply->ollama)
    json = g_strdup_printf ("{\"model\":\"%s\",\"created_at\":\"2026-01-01T00:00:00Z\","
                            "\"message\":{\"role\":\"assistant\",\"content\":\"%s\"},"
                            "\"done\":true,\"done_reason\":\"stop\",\"total_duration\":1,"
                            "\"prompt_eval_count\":%" G_GINT64_FORMAT ",\"eval_count\":%u}",
                            reply->model, escaped, reply->prompt_tokens, reply->n_pieces);
  else
    json = g_strdup_printf ("{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion\","
                            "\"created\":0,\"model\":\"%s\",\"choices\":[{\"index\":0,"
                            "\"message\":{\"role\":\"assistant\",\"content\":\"%s\"},"
                            "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":%"
                            G_GINT64_FORMAT ",\"completion_tokens\":%u,\"total_tokens\":%"
                            G_GINT64_FORMAT "}}",
                            reply->model, escaped, reply->prompt_tokens, reply->n_pieces,
                            reply->prompt_tokens + reply->n_pieces);
  return json;
}

static void
respond_chat_whole (Reply *reply)
{
  g_autofree char *json = NULL;

  if (reply->fault.fault == VS_FAKE_FAULT_MALFORMED)
    {
      set_json (reply->msg, 200, "{\"choices\": [ {\"message\": oops");
      return;
    }
  json = chat_reply_json (reply);
  if (reply->fault.fault == VS_FAKE_FAULT_TRUNCATE)
    {
      /* Half a chunked body, then the connection goes. */
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (reply->msg);
      gsize half = strlen (json) / 2;

      soup_server_message_set_status (reply->msg, 200, NULL);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (headers, "application/json", NULL);
      append (reply, g_strndup (json, half));
      soup_server_message_pause (reply->msg);
      reply->next = 0;
      reply->fault.value = 0;
      attach_timeout (reply->self, 20, stream_step, reply);
      return;
    }
  set_json (reply->msg, 200, json);
}

static gint64
count_words (const char *text)
{
  gint64 n = 0;
  gboolean in_word = FALSE;

  for (const char *p = text; p && *p; p++)
    {
      gboolean space = g_ascii_isspace (*p);
      if (!space && !in_word)
        n++;
      in_word = !space;
    }
  return n;
}

/* The reply to a chat: "Echo: <last user message>", or — for tests that need a given answer
 * (a judge's verdict, a label) — whatever follows "REPLY:" in the last user message. */
static char *
reply_text (const char *last_user)
{
  const char *marker = last_user ? strstr (last_user, "REPLY:") : NULL;

  if (marker != NULL)
    return g_strdup (marker + strlen ("REPLY:"));
  return g_strdup_printf ("Echo: %s", last_user && *last_user ? last_user : "hello");
}

/* One line per chat request received: "<wall clock µs>\t<model>\t<last user message, with
 * tabs and newlines as spaces>". */
static void
log_chat_request (VsFakeLlm  *self,
                  const char *model,
                  const char *last_user)
{
  g_autofree char *text = NULL;

  if (self == NULL)
    return;
  text = g_strdup (last_user ? last_user : "");
  g_strdelimit (text, "\t\r\n", ' ');
  g_mutex_lock (&self->lock);
  if (self->request_log != NULL)
    {
      fprintf (self->request_log, "%" G_GINT64_FORMAT "\t%s\t%s\n", g_get_real_time (),
               model ? model : "", text);
      fflush (self->request_log);
    }
  g_mutex_unlock (&self->lock);
}

void
vs_fake_llm_set_request_log (VsFakeLlm   *self,
                             const char  *path,
                             GError     **error)
{
  FILE *file = path ? fopen (path, "a") : NULL;

  if (path != NULL && file == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      return;
    }
  g_mutex_lock (&self->lock);
  if (self->request_log != NULL)
    fclose (self->request_log);
  self->request_log = file;
  g_mutex_unlock (&self->lock);
}

static gboolean
prepare_chat (Reply       *reply,
              const char  *body,
              gsize        length)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root;
  JsonNode *messages;
  const char *last_user = NULL;
  g_autofree char *text = NULL;
  gint64 max_tokens = -1;

  if (!json_parser_load_from_data (parser, body, length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;
  root = json_node_get_object (json_parser_get_root (parser));
  reply->model = g_strdup (json_object_get_string_member_with_default (root, "model", "fake"));
  reply->stream = json_object_get_boolean_member_with_default (root, "stream", reply->ollama);
  if (json_object_has_member (root, "stream_options"))
    {
      JsonNode *opts = json_object_get_member (root, "stream_options");
      if (JSON_NODE_HOLDS_OBJECT (opts))
        reply->include_usage =
          json_object_get_boolean_member_with_default (json_node_get_object (opts),
                                                       "include_usage", FALSE);
    }
  if (json_object_has_member (root, "max_tokens"))
    max_tokens = json_object_get_int_member_with_default (root, "max_tokens", -1);

  messages = json_object_get_member (root, "messages");
  if (messages == NULL || !JSON_NODE_HOLDS_ARRAY (messages))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (messages)); i++)
    {
      JsonNode *m = json_array_get_element (json_node_get_array (messages), i);
      const char *role, *content;

      if (!JSON_NODE_HOLDS_OBJECT (m))
        return FALSE;
      role = json_object_get_string_member_with_default (json_node_get_object (m), "role", "");
      content = json_object_get_string_member_with_default (json_node_get_object (m),
                                                            "content", "");
      reply->prompt_tokens += count_words (content) + 3;
      if (g_strcmp0 (role, "user") == 0)
        last_user = content;
    }

  log_chat_request (reply->self, reply->model, last_user);
  text = reply_text (last_user);
  {
    g_auto(GStrv) words = g_strsplit (text, " ", -1);
    guint n = g_strv_length (words);
    g_autoptr(GPtrArray) pieces = g_ptr_array_new ();

    for (guint i = 0; i < n; i++)
      {
        if (max_tokens >= 0 && (gint64) i >= max_tokens)
          break;
        g_ptr_array_add (pieces, g_strconcat (words[i], i + 1 < n ? " " : "", NULL));
      }
    reply->n_pieces = pieces->len;
    g_ptr_array_add (pieces, NULL);
    reply->pieces = (char **) g_ptr_array_free (g_steal_pointer (&pieces), FALSE);
  }
  return TRUE;
}

static void
respond_upload (Reply      *reply,
                const char *id)
{
  SoupServerMessage *msg = reply->msg;
  SoupMessageHeaders *rh = soup_server_message_get_request_headers (msg);
  Upload *upload = g_object_get_data (G_OBJECT (msg), "vs-fake-upload");
  const char *length = soup_message_headers_get_one (rh, "Content-Length");
  const char *encoding = soup_message_headers_get_one (rh, "Transfer-Encoding");
  gboolean complete;
  g_autofree char *json = NULL;

  if (upload == NULL)
    {
      set_error (reply, 400, "expected a multipart/form-data upload");
      return;
    }
  complete = upload->in_file && upload->pending->len == strlen (upload->closing) &&
             memcmp (upload->pending->data, upload->closing, upload->pending->len) == 0;
  json = g_strdup_printf ("{\"id\":\"%s\",\"object\":\"file\",\"bytes\":%"
                          G_GINT64_FORMAT ",\"file_bytes\":%" G_GINT64_FORMAT ","
                          "\"sha256\":\"%s\",\"complete\":%s,\"content_length\":%s,"
                          "\"chunked\":%s,\"purpose_field\":%s,\"purpose\":\"fine-tune\"}",
                          id, upload->total, upload->file_bytes,
                          g_checksum_get_string (upload->sha256),
                          complete ? "true" : "false",
                          length ? length : "null",
                          encoding && g_ascii_strcasecmp (encoding, "chunked") == 0
                            ? "true" : "false",
                          strstr (upload->head->str, "name=\"purpose\"\r\n\r\nfine-tune\r\n")
                            ? "true" : "false");
  set_json (msg, 200, json);
}

static gboolean ft_respond (Reply *reply);
static gboolean batch_respond (Reply *reply);

static void
respond (Reply *reply)
{
  VsFakeLlm *self = reply->self;
  SoupServerMessage *msg = reply->msg;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *method = soup_server_message_get_method (msg);

  switch (reply->fault.fault)
    {
    case VS_FAKE_FAULT_STATUS:
      set_error (reply, reply->fault.value, "the fake server was told to fail");
      return;
    case VS_FAKE_FAULT_RATE_LIMIT:
      if (reply->fault.value >= 0)
        {
          g_autofree char *value = g_strdup_printf ("%d", reply->fault.value);
          soup_message_headers_replace (headers, "Retry-After", value);
        }
      set_error (reply, 429, "Rate limit reached; slow down");
      return;
    case VS_FAKE_FAULT_RATE_LIMIT_MS:
      {
        g_autofree char *value = g_strdup_printf ("%d", reply->fault.value);
        soup_message_headers_replace (headers, "retry-after-ms", value);
        set_error (reply, 429, "Rate limit reached; slow down");
        return;
      }
    case VS_FAKE_FAULT_RATE_LIMIT_DATE:
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
        g_autoptr(GDateTime) when = g_date_time_add_seconds (now, reply->fault.value);
        g_autofree char *value = soup_date_time_to_string (when, SOUP_DATE_HTTP);
        soup_message_headers_replace (headers, "Retry-After", value);
        set_error (reply, 429, "Rate limit reached; slow down");
        return;
      }
    case VS_FAKE_FAULT_DROP:
    case VS_FAKE_FAULT_HANG:
      drop_connection (reply);
      return;
    case VS_FAKE_FAULT_REDIRECT:
      {
        g_autofree char *target = NULL;
        g_mutex_lock (&self->lock);
        target = g_strconcat (self->redirect_target ? self->redirect_target : self->url,
                              reply->path, NULL);
        g_mutex_unlock (&self->lock);
        soup_server_message_set_redirect (msg, 307, target);
        return;
      }
    case VS_FAKE_FAULT_NONE:
    case VS_FAKE_FAULT_TRUNCATE:
    case VS_FAKE_FAULT_MALFORMED:
    case VS_FAKE_FAULT_LATENCY:
    default:
      break;
    }

  if (strcmp (reply->path, "/v1/models") == 0 && strcmp (method, "GET") == 0)
    {
      if (reply->fault.fault == VS_FAKE_FAULT_MALFORMED)
        set_json (msg, 200, "{\"data\": [oops");
      else
        set_json (msg, 200,
                  "{\"object\":\"list\",\"data\":["
                  "{\"id\":\"fake-small\",\"object\":\"model\",\"owned_by\":\"versus\"},"
                  "{\"id\":\"fake-large\",\"object\":\"model\",\"owned_by\":\"versus\"}]}");
      return;
    }
  if (strcmp (reply->path, "/api/tags") == 0 && strcmp (method, "GET") == 0)
    {
      set_json (msg, 200,
                "{\"models\":[{\"name\":\"fake-small\",\"model\":\"fake-small\",\"size\":1},"
                "{\"name\":\"fake-large\",\"model\":\"fake-large\",\"size\":2}]}");
      return;
    }
  if ((strcmp (reply->path, "/v1/chat/completions") == 0 ||
       strcmp (reply->path, "/api/chat") == 0) && strcmp (method, "POST") == 0)
    {
      if (!reply->stream)
        {
          respond_chat_whole (reply);
          return;
        }
      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (headers, reply->ollama ? "application/x-ndjson"
                                                                    : "text/event-stream",
                                             NULL);
      g_mutex_lock (&self->lock);
      self->open_streams++;
      reply->counted_stream = TRUE;
      g_mutex_unlock (&self->lock);
      soup_server_message_pause (msg);
      stream_step_now (reply);
      return;
    }
  if (batch_respond (reply))
    return;
  if (ft_respond (reply))
    return;
  if (strcmp (reply->path, "/v1/files") == 0 && strcmp (method, "POST") == 0)
    {
      respond_upload (reply, "file-fake");
      return;
    }
  if (g_str_has_prefix (reply->path, "/v1/fine_tuning/jobs/") && strcmp (method, "GET") == 0)
    {
      /* Running for the first two polls, then done. */
      guint n = vs_fake_llm_get_request_count (self, reply->path);
      g_autofree char *json =
        g_strdup_printf ("{\"id\":\"%s\",\"status\":\"%s\"}",
                         reply->path + strlen ("/v1/fine_tuning/jobs/"),
                         n < 3 ? "running" : "succeeded");
      set_json (msg, 200, json);
      return;
    }
  set_error (reply, 404, "no such endpoint on the fake server");
}

static gboolean
respond_later (gpointer msg)
{
  Reply *reply = reply_of (msg);

  if (reply->dead || reply->done)
    return G_SOURCE_REMOVE;
  respond (reply);
  soup_server_message_unpause (reply->msg);
  return G_SOURCE_REMOVE;
}

static void
handle_stats (VsFakeLlm         *self,
              SoupServerMessage *msg)
{
  g_autofree char *json = NULL;

  g_mutex_lock (&self->lock);
  json = g_strdup_printf ("{\"requests\":%u,\"connections\":%u,\"max_concurrent\":%u,"
                          "\"open_streams\":%u}", self->total,
                          g_hash_table_size (self->peers), self->max_active,
                          self->open_streams);
  g_mutex_unlock (&self->lock);
  set_json (msg, 200, json);
}

gboolean
vs_fake_llm_parse_fault (const char  *spec,
                         VsFakeFault *fault,
                         int         *value)
{
  static const struct {
    const char *name;
    VsFakeFault fault;
    int         default_value;
  } kinds[] = {
    { "status", VS_FAKE_FAULT_STATUS, 500 },
    { "429", VS_FAKE_FAULT_RATE_LIMIT, 1 },
    { "429ms", VS_FAKE_FAULT_RATE_LIMIT_MS, 500 },
    { "429date", VS_FAKE_FAULT_RATE_LIMIT_DATE, 2 },
    { "drop", VS_FAKE_FAULT_DROP, 0 },
    { "hang", VS_FAKE_FAULT_HANG, 120000 },
    { "truncate", VS_FAKE_FAULT_TRUNCATE, 1 },
    { "malformed", VS_FAKE_FAULT_MALFORMED, 0 },
    { "redirect", VS_FAKE_FAULT_REDIRECT, 0 },
    { "latency", VS_FAKE_FAULT_LATENCY, 1000 },
  };
  g_autofree char *copy = g_strstrip (g_strdup (spec ? spec : ""));
  char *colon = strchr (copy, ':');
  const char *arg = NULL;
  char *end = NULL;

  if (colon != NULL)
    {
      *colon = '\0';
      arg = colon + 1;
    }
  /* A bare status code ("500", "503") is a status fault, except 429 (rate limit). */
  if (copy[0] != '\0' && strspn (copy, "0123456789") == strlen (copy) &&
      strcmp (copy, "429") != 0)
    {
      gint64 code = g_ascii_strtoll (copy, &end, 10);
      if (*end != '\0' || code < 100 || code > 599 || arg != NULL)
        return FALSE;
      *fault = VS_FAKE_FAULT_STATUS;
      *value = (int) code;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (copy, kinds[i].name) == 0)
      {
        *fault = kinds[i].fault;
        *value = kinds[i].default_value;
        if (arg != NULL)
          {
            gint64 v = g_ascii_strtoll (arg, &end, 10);
            if (end == arg || *end != '\0' || v < -1 || v > G_MAXINT)
              return FALSE;
            *value = (int) v;
          }
        return TRUE;
      }
  return FALSE;
}

static void
handle_fault (VsFakeLlm         *self,
              SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autofree char *spec = g_strndup (body->data, body->length);
  VsFakeFault fault;
  int value;

  if (strcmp (soup_server_message_get_method (msg), "POST") != 0 ||
      !vs_fake_llm_parse_fault (spec, &fault, &value))
    {
      set_json (msg, 400, "{\"error\":{\"message\":\"POST one fault: 500, status:503, 429:2, "
                          "429ms:250, 429date:3, drop, hang:MS, truncate:N, malformed, redirect, "
                          "latency:MS\"}}");
      return;
    }
  vs_fake_llm_push_fault (self, fault, value);
  set_json (msg, 200, "{\"queued\":true}");
}

/* Uploads (POST /v1/files) are received as a stream, never held whole: the body is counted,
 * the file part (the last part) is hashed as it arrives, and only the part headers and a
 * closing-boundary-sized tail are kept. */

static void
upload_free (Upload *upload)
{
  g_string_free (upload->head, TRUE);
  g_byte_array_unref (upload->pending);
  g_checksum_free (upload->sha256);
  g_free (upload->closing);
  if (upload->kept != NULL)
    g_byte_array_unref (upload->kept);
  g_free (upload);
}

static void
upload_hash_pending (Upload *upload)
{
  gsize keep = strlen (upload->closing);

  if (upload->pending->len <= keep)
    return;
  g_checksum_update (upload->sha256, upload->pending->data, upload->pending->len - keep);
  if (upload->kept != NULL)
    g_byte_array_append (upload->kept, upload->pending->data, upload->pending->len - keep);
  upload->file_bytes += upload->pending->len - keep;
  g_byte_array_remove_range (upload->pending, 0, upload->pending->len - keep);
}

static void
on_upload_chunk (SoupServerMessage *msg,
                 GBytes            *chunk,
                 Upload            *upload)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (chunk, &size);

  upload->total += size;
  if (!upload->in_file)
    {
      const char *name;
      const char *end;

      g_string_append_len (upload->head, (const char *) data, size);
      name = strstr (upload->head->str, "filename=");
      end = name ? strstr (name, "\r\n\r\n") : NULL;
      if (end == NULL)
        return;
      end += 4;
      upload->in_file = TRUE;
      /* A batch input file is answered later, so it is kept (test files are small). */
      if (strstr (upload->head->str, "name=\"purpose\"\r\n\r\nbatch\r\n") != NULL)
        upload->kept = g_byte_array_new ();
      g_byte_array_append (upload->pending, (const guint8 *) end,
                           upload->head->len - (end - upload->head->str));
      g_string_truncate (upload->head, end - upload->head->str);
    }
  else
    g_byte_array_append (upload->pending, data, size);
  upload_hash_pending (upload);
}

/* Multipart upload paths: OpenAI-compatible and Mistral (/v1/files), Together
 * (/v1/files/upload), Fireworks (/v1/accounts/A/datasets/ID:upload). */
static gboolean
ft_is_upload_path (const char *path)
{
  return g_strcmp0 (path, "/v1/files") == 0 || g_strcmp0 (path, "/v1/files/upload") == 0 ||
         (g_str_has_prefix (path, "/v1/accounts/") && g_str_has_suffix (path, ":upload"));
}

static void
on_got_headers (SoupServerMessage *msg,
                gpointer           data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GHashTable) params = NULL;
  const char *type = soup_message_headers_get_content_type (headers, &params);
  GUri *uri = soup_server_message_get_uri (msg);
  Upload *upload;

  if (!ft_is_upload_path (g_uri_get_path (uri)) ||
      g_strcmp0 (type, "multipart/form-data") != 0 || params == NULL ||
      g_hash_table_lookup (params, "boundary") == NULL)
    return;
  upload = g_new0 (Upload, 1);
  upload->head = g_string_new (NULL);
  upload->pending = g_byte_array_new ();
  upload->sha256 = g_checksum_new (G_CHECKSUM_SHA256);
  upload->closing = g_strdup_printf ("\r\n--%s--\r\n",
                                     (const char *) g_hash_table_lookup (params, "boundary"));
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  g_object_set_data_full (G_OBJECT (msg), "vs-fake-upload", upload,
                          (GDestroyNotify) upload_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_upload_chunk), upload);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  VsFakeLlm *self = data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  const char *auth = soup_message_headers_get_one (request_headers, "Authorization");
  g_autofree char *expected = NULL;
  Reply *reply;
  guint latency;
  gboolean stale;

  if (strcmp (path, "/_stats") == 0)
    {
      handle_stats (self, msg);
      return;
    }
  if (strcmp (path, "/_fault") == 0)
    {
      handle_fault (self, msg);
      return;
    }

  reply = g_new0 (Reply, 1);
  reply->self = self;
  reply->msg = msg; /* borrowed: the message owns the reply */
  reply->path = g_strdup (path);
  reply->ollama = g_str_has_prefix (path, "/api/");
  g_object_set_data_full (G_OBJECT (msg), "vs-fake-reply", reply, (GDestroyNotify) reply_free);
  if (query != NULL)
    g_object_set_data_full (G_OBJECT (msg), "vs-fake-query", g_hash_table_ref (query),
                            (GDestroyNotify) g_hash_table_unref);
  g_signal_connect (msg, "finished", G_CALLBACK (on_finished), reply);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_disconnected), reply);

  g_mutex_lock (&self->lock);
  self->total++;
  g_hash_table_insert (self->counts, g_strdup (path),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->counts,
                                                                                path)) + 1));
  if (auth != NULL)
    self->auth_count++;
  if (++self->active > self->max_active)
    self->max_active = self->active;
  if (!g_queue_is_empty (&self->faults))
    {
      Fault *fault = g_queue_pop_head (&self->faults);
      reply->fault = *fault;
      g_free (fault);
    }
  latency = self->latency_ms;
  stale = g_object_get_data (G_OBJECT (msg), "vs-fake-stale") != NULL;
  if (stale)
    self->keep_alive_drops++;
  if (self->required_key != NULL)
    expected = g_strconcat ("Bearer ", self->required_key, NULL);
  if (request_body->length > 0 &&
      (g_str_has_suffix (path, "/chat/completions") || g_str_has_suffix (path, "/api/chat")))
    {
      g_free (self->last_body);
      self->last_body = g_strndup (request_body->data, request_body->length);
    }
  g_mutex_unlock (&self->lock);

  if (stale)
    {
      /* Never answered: the connection closes under the request that was sent on it. */
      drop_connection (reply);
      return;
    }
  if (expected != NULL && g_strcmp0 (auth, expected) != 0)
    {
      g_autofree char *message = NULL;

      if (auth != NULL && g_str_has_prefix (auth, "Bearer "))
        message = g_strdup_printf ("Incorrect API key provided: %s", auth + 7);
      else
        message = g_strdup ("You didn't provide an API key");
      set_error (reply, 401, message);
      return;
    }

  if (g_str_has_suffix (path, "/chat/completions") || g_str_has_suffix (path, "/api/chat"))
    {
      if (!prepare_chat (reply, request_body->data, request_body->length))
        {
          set_error (reply, 400, "the request body is not a valid chat request");
          return;
        }
    }

  if (reply->fault.fault == VS_FAKE_FAULT_LATENCY)
    latency += MAX (reply->fault.value, 0);
  if (reply->fault.fault == VS_FAKE_FAULT_HANG)
    latency += MAX (reply->fault.value, 0);

  if (latency > 0)
    {
      soup_server_message_pause (msg);
      attach_timeout (self, latency, respond_later, reply);
      return;
    }
  respond (reply);
}

static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           data)
{
  VsFakeLlm *self = data;
  GSocket *socket = soup_server_message_get_socket (msg);
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  if (socket != NULL)
    {
      const gint64 *last_used = g_object_get_data (G_OBJECT (socket), "vs-fake-last-used");
      guint keep_alive_ms;

      g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
      g_mutex_lock (&self->lock);
      keep_alive_ms = self->keep_alive_ms;
      g_mutex_unlock (&self->lock);
      /* A kept-alive connection idle for longer than the server keeps one: the request came
       * just as the server closed it. */
      if (keep_alive_ms > 0 && last_used != NULL &&
          g_get_monotonic_time () - *last_used > (gint64) keep_alive_ms * 1000)
        g_object_set_data (G_OBJECT (msg), "vs-fake-stale", GINT_TO_POINTER (1));
    }
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers), self);
  if (remote != NULL && G_IS_INET_SOCKET_ADDRESS (remote))
    {
      g_autofree char *key = g_strdup_printf ("%u",
        g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote)));
      g_mutex_lock (&self->lock);
      g_hash_table_add (self->peers, g_steal_pointer (&key));
      g_mutex_unlock (&self->lock);
    }
}

/* Fine-tuning -------------------------------------------------------------------------- */

/* The files and fine-tuning paths of four providers, and a job's life that advances one
 * phase per GET of the job: validating → queued → running (one metrics event per phase, three
 * steps) → succeeded. A base model containing "fail" fails at validation with a provider-style
 * error; a cancel ends the job (Together and Mistral pass through their cancel-requested state
 * on the next GET). A create for model "fake-unknown" is refused with 400. Events page three
 * at a time on the OpenAI path, so clients must follow has_more/after. */

typedef enum { FT_OPENAI, FT_TOGETHER, FT_FIREWORKS, FT_MISTRAL } FtProvider;
typedef enum { FT_VALIDATING, FT_QUEUED, FT_RUNNING, FT_SUCCEEDED, FT_FAILED, FT_CANCEL_REQ,
               FT_CANCELLED } FtState;

#define FT_STEPS     3
#define FT_PAGE      3
#define FT_EPOCH     G_GINT64_CONSTANT (1767225600) /* 2026-01-01T00:00:00Z */

static const char *ft_raw[4][7] = {
  [FT_OPENAI] = { "validating_files", "queued", "running", "succeeded", "failed", "cancelled",
                  "cancelled" },
  [FT_TOGETHER] = { "pending", "queued", "running", "completed", "error", "cancel_requested",
                    "cancelled" },
  [FT_FIREWORKS] = { "JOB_STATE_VALIDATING", "JOB_STATE_PENDING", "JOB_STATE_RUNNING",
                     "JOB_STATE_COMPLETED", "JOB_STATE_FAILED", "JOB_STATE_CANCELLED",
                     "JOB_STATE_CANCELLED" },
  [FT_MISTRAL] = { "VALIDATING", "QUEUED", "RUNNING", "SUCCESS", "FAILED",
                   "CANCELLATION_REQUESTED", "CANCELLED" },
};

typedef struct
{
  char    *id;
  gint64   created_at;
  char    *level;
  char    *message;
  char    *status;      /* Mistral's status-updated events */
  int      step;        /* > 0: a metrics event */
} FtEvent;

typedef struct
{
  char       *id;
  FtProvider  provider;
  char       *account;      /* Fireworks */
  char       *model;
  char       *training_file;
  char       *validation_file;
  char       *suffix;
  gboolean    fail;
  FtState     state;
  int         phase;
  gint64      created_at;
  gint64      finished_at;
  GPtrArray  *events;       /* FtEvent, oldest first */
} FtJob;

static void
ft_event_free (gpointer data)
{
  FtEvent *event = data;

  g_free (event->id);
  g_free (event->level);
  g_free (event->message);
  g_free (event->status);
  g_free (event);
}

static void
ft_job_free (gpointer data)
{
  FtJob *job = data;

  g_free (job->id);
  g_free (job->account);
  g_free (job->model);
  g_free (job->training_file);
  g_free (job->validation_file);
  g_free (job->suffix);
  g_ptr_array_unref (job->events);
  g_free (job);
}

static double
ft_loss (int step)
{
  return 2.0 / (1.0 + step);
}

static const char *ft_error_message =
  "Training file has 2 examples with an invalid role (lines 3 and 7)";

static void
ft_add_event (FtJob      *job,
              const char *level,
              const char *message,
              int         step)
{
  FtEvent *event = g_new0 (FtEvent, 1);

  event->id = g_strdup_printf ("ftevent-%s-%u", job->id, job->events->len + 1);
  event->created_at = job->created_at + job->events->len;
  event->level = g_strdup (level);
  event->message = g_strdup (message);
  event->status = g_strdup (ft_raw[job->provider][job->state]);
  event->step = step;
  g_ptr_array_add (job->events, event);
}

static void
ft_set_state (FtJob   *job,
              FtState  state)
{
  job->state = state;
  switch (state)
    {
    case FT_QUEUED:
      ft_add_event (job, "info", "Files validated, job queued", 0);
      break;
    case FT_RUNNING:
      ft_add_event (job, "info", "Fine-tuning job started", 0);
      break;
    case FT_SUCCEEDED:
      job->finished_at = job->created_at + job->events->len;
      ft_add_event (job, "info", "The job has successfully completed", 0);
      break;
    case FT_FAILED:
      job->finished_at = job->created_at + job->events->len;
      ft_add_event (job, "error", ft_error_message, 0);
      break;
    case FT_CANCEL_REQ:
      ft_add_event (job, "info", "Cancellation requested", 0);
      break;
    case FT_CANCELLED:
      job->finished_at = job->created_at + job->events->len;
      ft_add_event (job, "info", "The job was cancelled", 0);
      break;
    case FT_VALIDATING:
    default:
      break;
    }
}

static int
ft_max_step (FtJob *job)
{
  int step = 0;

  for (guint i = 0; i < job->events->len; i++)
    step = MAX (step, ((FtEvent *) g_ptr_array_index (job->events, i))->step);
  return step;
}

/* One GET of the job: the next phase of its life. */
static void
ft_advance (FtJob *job)
{
  job->phase++;
  switch (job->state)
    {
    case FT_VALIDATING:
      ft_set_state (job, job->fail ? FT_FAILED : FT_QUEUED);
      break;
    case FT_QUEUED:
      ft_set_state (job, FT_RUNNING);
      G_GNUC_FALLTHROUGH;
    case FT_RUNNING:
      {
        int step = ft_max_step (job);
        if (step >= FT_STEPS)
          ft_set_state (job, FT_SUCCEEDED);
        else
          {
            g_autofree char *message = g_strdup_printf ("Step %d/%d: training loss=%.4f",
                                                        step + 1, FT_STEPS, ft_loss (step + 1));
            ft_add_event (job, "info", message, step + 1);
          }
        break;
      }
    case FT_CANCEL_REQ:
      ft_set_state (job, FT_CANCELLED);
      break;
    case FT_SUCCEEDED:
    case FT_FAILED:
    case FT_CANCELLED:
    default:
      break;
    }
}

static char *
ft_iso (gint64 t)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (t);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

static void
ft_add_string (JsonBuilder *b,
               const char  *member,
               const char  *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
ft_add_metrics (JsonBuilder *b,
                int          step,
                gboolean     mistral)
{
  json_builder_begin_object (b);
  if (!mistral)
    {
      json_builder_set_member_name (b, "step");
      json_builder_add_int_value (b, step);
      json_builder_set_member_name (b, "total_steps");
      json_builder_add_int_value (b, FT_STEPS);
    }
  json_builder_set_member_name (b, "train_loss");
  json_builder_add_double_value (b, ft_loss (step));
  json_builder_set_member_name (b, "valid_loss");
  json_builder_add_double_value (b, ft_loss (step) + 0.1);
  if (!mistral)
    {
      json_builder_set_member_name (b, "train_mean_token_accuracy");
      json_builder_add_double_value (b, 0.5 + 0.1 * step);
    }
  json_builder_set_member_name (b, "valid_mean_token_accuracy");
  json_builder_add_double_value (b, 0.45 + 0.1 * step);
  json_builder_end_object (b);
}

static void
ft_build_job (JsonBuilder *b,
              FtJob       *job)
{
  const char *raw = ft_raw[job->provider][job->state];
  gboolean done = job->state == FT_SUCCEEDED || job->state == FT_FAILED ||
                  job->state == FT_CANCELLED;
  g_autofree char *output = g_strdup_printf ("ft:%s:versus:%s:%s", job->model,
                                             job->suffix ? job->suffix : "custom", job->id);

  json_builder_begin_object (b);
  switch (job->provider)
    {
    case FT_FIREWORKS:
      {
        g_autofree char *name = g_strdup_printf ("accounts/%s/supervisedFineTuningJobs/%s",
                                                 job->account, job->id);
        g_autofree char *model = g_strdup_printf ("accounts/%s/models/%s", job->account,
                                                  job->id);
        g_autofree char *created = ft_iso (job->created_at);
        g_autofree char *completed = done ? ft_iso (job->finished_at) : NULL;

        ft_add_string (b, "name", name);
        ft_add_string (b, "state", raw);
        json_builder_set_member_name (b, "status");
        json_builder_begin_object (b);
        ft_add_string (b, "code", job->state == FT_FAILED ? "INVALID_ARGUMENT" : "OK");
        ft_add_string (b, "message", job->state == FT_FAILED ? ft_error_message : "");
        json_builder_end_object (b);
        ft_add_string (b, "baseModel", job->model);
        ft_add_string (b, "dataset", job->training_file);
        ft_add_string (b, "evaluationDataset", job->validation_file);
        ft_add_string (b, "outputModel", model);
        ft_add_string (b, "createTime", created);
        if (completed != NULL)
          ft_add_string (b, "completedTime", completed);
        break;
      }
    case FT_TOGETHER:
      {
        g_autofree char *created = ft_iso (job->created_at);
        g_autofree char *updated = ft_iso (done ? job->finished_at
                                                : job->created_at + job->events->len);

        ft_add_string (b, "id", job->id);
        ft_add_string (b, "status", raw);
        ft_add_string (b, "model", job->model);
        ft_add_string (b, "output_name", output);
        ft_add_string (b, "training_file", job->training_file);
        ft_add_string (b, "validation_file", job->validation_file);
        ft_add_string (b, "created_at", created);
        ft_add_string (b, "updated_at", updated);
        json_builder_set_member_name (b, "events");
        json_builder_begin_array (b);
        for (guint i = 0; i < job->events->len; i++)
          {
            FtEvent *e = g_ptr_array_index (job->events, i);
            g_autofree char *at = ft_iso (e->created_at);

            json_builder_begin_object (b);
            ft_add_string (b, "object", "fine-tune-event");
            ft_add_string (b, "created_at", at);
            ft_add_string (b, "level", e->level);
            ft_add_string (b, "message", e->message);
            json_builder_end_object (b);
          }
        json_builder_end_array (b);
        break;
      }
    case FT_MISTRAL:
      ft_add_string (b, "id", job->id);
      ft_add_string (b, "object", "job");
      ft_add_string (b, "status", raw);
      ft_add_string (b, "model", job->model);
      ft_add_string (b, "fine_tuned_model", job->state == FT_SUCCEEDED ? output : NULL);
      json_builder_set_member_name (b, "created_at");
      json_builder_add_int_value (b, job->created_at);
      json_builder_set_member_name (b, "modified_at");
      json_builder_add_int_value (b, done ? job->finished_at
                                          : job->created_at + (gint64) job->events->len);
      json_builder_set_member_name (b, "training_files");
      json_builder_begin_array (b);
      json_builder_add_string_value (b, job->training_file);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "validation_files");
      json_builder_begin_array (b);
      if (job->validation_file != NULL)
        json_builder_add_string_value (b, job->validation_file);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "events");
      json_builder_begin_array (b);
      for (guint i = 0; i < job->events->len; i++)
        {
          FtEvent *e = g_ptr_array_index (job->events, i);

          if (e->step > 0)
            continue;
          json_builder_begin_object (b);
          ft_add_string (b, "name", "status-updated");
          json_builder_set_member_name (b, "data");
          json_builder_begin_object (b);
          ft_add_string (b, "status", e->status);
          if (g_strcmp0 (e->level, "error") == 0)
            ft_add_string (b, "error", e->message);
          json_builder_end_object (b);
          json_builder_set_member_name (b, "created_at");
          json_builder_add_int_value (b, e->created_at);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "checkpoints");
      json_builder_begin_array (b);
      for (guint i = 0; i < job->events->len; i++)
        {
          FtEvent *e = g_ptr_array_index (job->events, i);

          if (e->step <= 0)
            continue;
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "metrics");
          ft_add_metrics (b, e->step, TRUE);
          json_builder_set_member_name (b, "step_number");
          json_builder_add_int_value (b, e->step);
          json_builder_set_member_name (b, "created_at");
          json_builder_add_int_value (b, e->created_at);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      break;
    case FT_OPENAI:
    default:
      ft_add_string (b, "object", "fine_tuning.job");
      ft_add_string (b, "id", job->id);
      ft_add_string (b, "status", raw);
      ft_add_string (b, "model", job->model);
      ft_add_string (b, "fine_tuned_model", job->state == FT_SUCCEEDED ? output : NULL);
      json_builder_set_member_name (b, "created_at");
      json_builder_add_int_value (b, job->created_at);
      json_builder_set_member_name (b, "finished_at");
      if (done)
        json_builder_add_int_value (b, job->finished_at);
      else
        json_builder_add_null_value (b);
      ft_add_string (b, "training_file", job->training_file);
      ft_add_string (b, "validation_file", job->validation_file);
      json_builder_set_member_name (b, "trained_tokens");
      if (job->state == FT_SUCCEEDED)
        json_builder_add_int_value (b, 12345);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "error");
      if (job->state == FT_FAILED)
        {
          json_builder_begin_object (b);
          ft_add_string (b, "code", "invalid_training_file");
          ft_add_string (b, "message", ft_error_message);
          ft_add_string (b, "param", "training_file");
          json_builder_end_object (b);
        }
      else
        json_builder_add_null_value (b);
      break;
    }
  json_builder_end_object (b);
}

static void
ft_reply (Reply       *reply,
          guint        status,
          JsonBuilder *b)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autofree char *json = json_to_string (root, FALSE);

  set_json (reply->msg, status, json);
}

static void
ft_reply_job (Reply *reply,
              FtJob *job)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  ft_build_job (b, job);
  ft_reply (reply, 200, b);
}

/* OpenAI's events list: newest first, FT_PAGE per page, `after` = the last id seen. */
static void
ft_reply_events (Reply      *reply,
                 FtJob      *job,
                 GHashTable *query)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char *after = query ? g_hash_table_lookup (query, "after") : NULL;
  int start = (int) job->events->len - 1;
  int n = 0;

  if (after != NULL)
    for (int i = (int) job->events->len - 1; i >= 0; i--)
      if (strcmp (((FtEvent *) g_ptr_array_index (job->events, i))->id, after) == 0)
        start = i - 1;
  json_builder_begin_object (b);
  ft_add_string (b, "object", "list");
  json_builder_set_member_name (b, "data");
  json_builder_begin_array (b);
  for (int i = start; i >= 0 && n < FT_PAGE; i--, n++)
    {
      FtEvent *e = g_ptr_array_index (job->events, i);

      json_builder_begin_object (b);
      ft_add_string (b, "object", "fine_tuning.job.event");
      ft_add_string (b, "id", e->id);
      json_builder_set_member_name (b, "created_at");
      json_builder_add_int_value (b, e->created_at);
      ft_add_string (b, "level", e->level);
      ft_add_string (b, "message", e->message);
      ft_add_string (b, "type", e->step > 0 ? "metrics" : "message");
      if (e->step > 0)
        {
          json_builder_set_member_name (b, "data");
          ft_add_metrics (b, e->step, FALSE);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "has_more");
  json_builder_add_boolean_value (b, start - n >= 0);
  json_builder_end_object (b);
  ft_reply (reply, 200, b);
}

static void
ft_reply_together_events (Reply *reply,
                          FtJob *job)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "data");
  json_builder_begin_array (b);
  for (guint i = 0; i < job->events->len; i++)
    {
      FtEvent *e = g_ptr_array_index (job->events, i);
      g_autofree char *at = ft_iso (e->created_at);

      json_builder_begin_object (b);
      ft_add_string (b, "object", "fine-tune-event");
      ft_add_string (b, "created_at", at);
      ft_add_string (b, "level", e->level);
      ft_add_string (b, "message", e->message);
      ft_add_string (b, "type", e->step > 0 ? "TRAINING_PROGRESS" : "JOB_STATUS");
      ft_add_string (b, "hash", e->id);
      if (e->step > 0)
        {
          json_builder_set_member_name (b, "step");
          json_builder_add_int_value (b, e->step);
          json_builder_set_member_name (b, "loss");
          json_builder_add_double_value (b, ft_loss (e->step));
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  ft_reply (reply, 200, b);
}

static void
ft_reply_checkpoints (Reply *reply,
                      FtJob *job)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  ft_add_string (b, "object", "list");
  json_builder_set_member_name (b, "data");
  json_builder_begin_array (b);
  for (int i = (int) job->events->len - 1; i >= 0; i--)
    {
      FtEvent *e = g_ptr_array_index (job->events, i);
      g_autofree char *id = NULL;
      g_autofree char *model = NULL;

      if (e->step <= 0)
        continue;
      id = g_strdup_printf ("ftckpt-%s-%d", job->id, e->step);
      model = g_strdup_printf ("ft:%s:versus::%s:ckpt-step-%d", job->model, job->id, e->step);
      json_builder_begin_object (b);
      ft_add_string (b, "object", "fine_tuning.job.checkpoint");
      ft_add_string (b, "id", id);
      json_builder_set_member_name (b, "created_at");
      json_builder_add_int_value (b, e->created_at);
      ft_add_string (b, "fine_tuned_model_checkpoint", model);
      json_builder_set_member_name (b, "step_number");
      json_builder_add_int_value (b, e->step);
      json_builder_set_member_name (b, "metrics");
      ft_add_metrics (b, e->step, FALSE);
      ft_add_string (b, "fine_tuning_job_id", job->id);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "has_more");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_end_object (b);
  ft_reply (reply, 200, b);
}

static void
ft_reply_list (Reply      *reply,
               VsFakeLlm  *self,
               FtProvider  a,
               FtProvider  b_provider,
               const char *member)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GList) jobs = g_hash_table_get_values (self->ft_jobs);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (GList *l = jobs; l != NULL; l = l->next)
    {
      FtJob *job = l->data;
      if (job->provider == a || job->provider == b_provider)
        ft_build_job (b, job);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  ft_reply (reply, 200, b);
}

static char *
ft_member (JsonObject *object,
           const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

/* POST of a new job: the body's shape says which provider it is for. */
static void
ft_create (Reply      *reply,
           VsFakeLlm  *self,
           FtProvider  provider,
           const char *account)
{
  SoupMessageBody *body = soup_server_message_get_request_body (reply->msg);
  g_autoptr(JsonNode) node = vs_json_parse (body->data, body->length, NULL);
  JsonObject *object = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  FtJob *job;

  if (object == NULL)
    {
      set_error (reply, 400, "the request body is not a JSON object");
      return;
    }
  g_free (self->ft_last_create);
  self->ft_last_create = g_strndup (body->data, body->length);

  job = g_new0 (FtJob, 1);
  job->provider = provider;
  job->events = g_ptr_array_new_with_free_func (ft_event_free);
  job->account = g_strdup (account);
  if (provider == FT_OPENAI && json_object_has_member (object, "training_files"))
    job->provider = FT_MISTRAL;
  if (job->provider == FT_FIREWORKS)
    {
      job->model = ft_member (object, "baseModel");
      job->training_file = ft_member (object, "dataset");
      job->validation_file = ft_member (object, "evaluationDataset");
      job->suffix = ft_member (object, "displayName");
    }
  else
    {
      job->model = ft_member (object, "model");
      job->validation_file = ft_member (object, "validation_file");
      job->suffix = ft_member (object, "suffix");
      if (job->provider == FT_MISTRAL)
        {
          JsonArray *files = json_object_get_array_member (object, "training_files");
          JsonObject *first = files && json_array_get_length (files) > 0
                              ? json_array_get_object_element (files, 0) : NULL;
          job->training_file = ft_member (first, "file_id");
        }
      else
        job->training_file = ft_member (object, "training_file");
    }
  if (job->model == NULL || job->training_file == NULL)
    {
      ft_job_free (job);
      set_error (reply, 400, "model and a training file are required");
      return;
    }
  if (strcmp (job->model, "fake-unknown") == 0)
    {
      g_autofree char *message = g_strdup_printf ("Model %s is not available for fine-tuning",
                                                  job->model);
      ft_job_free (job);
      set_error (reply, 400, message);
      return;
    }
  job->fail = strstr (job->model, "fail") != NULL;
  self->ft_next++;
  job->id = g_strdup_printf ("%s%u", job->provider == FT_OPENAI ? "ftjob-" :
                                     job->provider == FT_TOGETHER ? "ft-" :
                                     job->provider == FT_FIREWORKS ? "sftj-" : "mjob-",
                             self->ft_next);
  job->created_at = FT_EPOCH + self->ft_next * 1000;
  ft_set_state (job, FT_VALIDATING);
  ft_add_event (job, "info", "Created fine-tuning job", 0);
  g_hash_table_insert (self->ft_jobs, job->id, job);
  ft_reply_job (reply, job);
}

static void
ft_cancel (Reply *reply,
           FtJob *job)
{
  if (job->state != FT_SUCCEEDED && job->state != FT_FAILED && job->state != FT_CANCELLED)
    {
      if (job->provider == FT_TOGETHER || job->provider == FT_MISTRAL)
        ft_set_state (job, FT_CANCEL_REQ);
      else
        ft_set_state (job, FT_CANCELLED);
    }
  if (job->provider == FT_FIREWORKS)
    set_json (reply->msg, 200, "{}");
  else
    ft_reply_job (reply, job);
}

/* Splits "/prefix/ID/tail" (tail may start with '/' or ':'); FALSE when @path is not under
 * @prefix. */
static gboolean
ft_split (const char  *path,
          const char  *prefix,
          char       **id,
          const char **tail)
{
  const char *rest;
  gsize n;

  if (!g_str_has_prefix (path, prefix))
    return FALSE;
  rest = path + strlen (prefix);
  n = strcspn (rest, "/:");
  if (n == 0)
    return FALSE;
  *id = g_strndup (rest, n);
  *tail = rest + n;
  return TRUE;
}

static gboolean
ft_respond_locked (Reply *reply)
{
  VsFakeLlm *self = reply->self;
  SoupServerMessage *msg = reply->msg;
  const char *path = reply->path;
  const char *method = soup_server_message_get_method (msg);
  gboolean get = strcmp (method, "GET") == 0;
  gboolean post = strcmp (method, "POST") == 0;
  g_autofree char *id = NULL;
  g_autofree char *account = NULL;
  const char *tail = NULL;
  FtJob *job;

  /* Uploads other than POST /v1/files */
  if (post && strcmp (path, "/v1/files/upload") == 0)
    {
      g_autofree char *file_id = g_strdup_printf ("file-together-%u", ++self->ft_uploads);
      respond_upload (reply, file_id);
      return TRUE;
    }

  /* Fireworks: /v1/accounts/A/… */
  if (ft_split (path, "/v1/accounts/", &account, &tail))
    {
      g_autofree char *name = NULL;

      if (post && strcmp (tail, "/datasets") == 0)
        {
          SoupMessageBody *body = soup_server_message_get_request_body (msg);
          g_autoptr(JsonNode) node = vs_json_parse (body->data, body->length, NULL);
          g_autofree char *dataset = node && JSON_NODE_HOLDS_OBJECT (node)
            ? ft_member (json_node_get_object (node), "datasetId") : NULL;
          g_autofree char *json = NULL;

          if (dataset == NULL)
            {
              set_error (reply, 400, "datasetId is required");
              return TRUE;
            }
          json = g_strdup_printf ("{\"name\":\"accounts/%s/datasets/%s\",\"state\":\"UPLOADING\"}",
                                  account, dataset);
          set_json (msg, 200, json);
          return TRUE;
        }
      if (post && g_str_has_prefix (tail, "/datasets/") && g_str_has_suffix (tail, ":upload"))
        {
          respond_upload (reply, "dataset");
          return TRUE;
        }
      if (strcmp (tail, "/supervisedFineTuningJobs") == 0)
        {
          if (post)
            ft_create (reply, self, FT_FIREWORKS, account);
          else
            ft_reply_list (reply, self, FT_FIREWORKS, FT_FIREWORKS, "supervisedFineTuningJobs");
          return TRUE;
        }
      if (g_str_has_prefix (tail, "/supervisedFineTuningJobs/"))
        {
          g_autofree char *prefix = g_strdup_printf ("/v1/accounts/%s/supervisedFineTuningJobs/",
                                                     account);
          if (!ft_split (path, prefix, &id, &tail) ||
              (job = g_hash_table_lookup (self->ft_jobs, id)) == NULL)
            {
              set_error (reply, 404, "no such fine-tuning job");
              return TRUE;
            }
          if (get && *tail == '\0')
            {
              ft_advance (job);
              ft_reply_job (reply, job);
            }
          else if (post && strcmp (tail, ":cancel") == 0)
            ft_cancel (reply, job);
          else
            set_error (reply, 404, "no such endpoint on the fake server");
          return TRUE;
        }
      return FALSE;
    }

  /* Together: /v1/fine-tunes */
  if (strcmp (path, "/v1/fine-tunes") == 0)
    {
      if (post)
        ft_create (reply, self, FT_TOGETHER, NULL);
      else
        ft_reply_list (reply, self, FT_TOGETHER, FT_TOGETHER, "data");
      return TRUE;
    }
  if (ft_split (path, "/v1/fine-tunes/", &id, &tail))
    {
      if ((job = g_hash_table_lookup (self->ft_jobs, id)) == NULL)
        {
          set_error (reply, 404, "no such fine-tuning job");
          return TRUE;
        }
      if (get && *tail == '\0')
        {
          ft_advance (job);
          ft_reply_job (reply, job);
        }
      else if (get && strcmp (tail, "/events") == 0)
        ft_reply_together_events (reply, job);
      else if (post && strcmp (tail, "/cancel") == 0)
        ft_cancel (reply, job);
      else
        set_error (reply, 404, "no such endpoint on the fake server");
      return TRUE;
    }

  /* OpenAI-compatible and Mistral: /v1/fine_tuning/jobs */
  if (strcmp (path, "/v1/fine_tuning/jobs") == 0)
    {
      if (post)
        ft_create (reply, self, FT_OPENAI, NULL);
      else
        ft_reply_list (reply, self, FT_OPENAI, FT_MISTRAL, "data");
      return TRUE;
    }
  if (ft_split (path, "/v1/fine_tuning/jobs/", &id, &tail))
    {
      /* Unknown ids: the older poll-test behaviour below (running, then succeeded). */
      if ((job = g_hash_table_lookup (self->ft_jobs, id)) == NULL)
        return FALSE;
      if (get && *tail == '\0')
        {
          ft_advance (job);
          ft_reply_job (reply, job);
        }
      else if (get && strcmp (tail, "/events") == 0 && job->provider == FT_OPENAI)
        ft_reply_events (reply, job, g_object_get_data (G_OBJECT (msg), "vs-fake-query"));
      else if (get && strcmp (tail, "/checkpoints") == 0 && job->provider == FT_OPENAI)
        ft_reply_checkpoints (reply, job);
      else if (post && strcmp (tail, "/cancel") == 0)
        ft_cancel (reply, job);
      else if (post && strcmp (tail, "/start") == 0 && job->provider == FT_MISTRAL)
        ft_reply_job (reply, job);
      else
        set_error (reply, 404, "no such endpoint on the fake server");
      return TRUE;
    }
  return FALSE;
}

static gboolean
ft_respond (Reply *reply)
{
  VsFakeLlm *self = reply->self;
  gboolean handled;

  g_mutex_lock (&self->lock);
  handled = ft_respond_locked (reply);
  g_mutex_unlock (&self->lock);
  return handled;
}

char *
vs_fake_llm_dup_last_finetune_body (VsFakeLlm *self)
{
  char *body;

  g_mutex_lock (&self->lock);
  body = g_strdup (self->ft_last_create);
  g_mutex_unlock (&self->lock);
  return body;
}

guint
vs_fake_llm_get_finetune_job_count (VsFakeLlm *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = g_hash_table_size (self->ft_jobs);
  g_mutex_unlock (&self->lock);
  return n;
}

/* Batches ------------------------------------------------------------------------------ */

/* The batch APIs of both shapes: OpenAI's (POST /v1/files with purpose=batch, /v1/batches,
 * /v1/batches/ID, /v1/batches/ID/cancel) and Mistral's (/v1/batch/jobs…), and GET
 * /v1/files/ID/content for the files they make. A batch moves one phase per
 * batch_polls_per_state GETs of it: validating → in_progress (half its lines done) →
 * finalizing (all done) → completed (Mistral: QUEUED → RUNNING → RUNNING → SUCCESS). Each
 * line is answered by the chat logic above, exactly as the same request online; the output
 * and error files list their lines shuffled. */

#define FB_PHASES 4

typedef struct
{
  char       *custom_id;  /* NULL: the line is not a request (fails validation) */
  char       *body;       /* the request as JSON text */
} FbLine;

typedef struct
{
  char       *id;
  gboolean    mistral;
  char       *input_file_id;
  char       *model;        /* Mistral: the job's model, for lines without one */
  char       *metadata;     /* JSON object text, or NULL */
  GPtrArray  *lines;        /* FbLine */
  guint       number;
  int         phase;        /* 0 … FB_PHASES - 1 */
  guint       polls;        /* GETs in this phase */
  guint       gets;         /* GETs in all */
  guint       expire_after; /* GETs after which it expires (0: never) */
  gboolean    cancelling;
  const char *final;        /* NULL while running; else "failed", "expired", "cancelled" or
                             * "completed" */
  char       *error;        /* why it failed */
  gint64      error_line;
  gint64      created_at;
  gint64      ended_at;
  gint64      completed;    /* lines answered with 200 */
  gint64      failed;       /* lines in the error file */
  char       *output_file_id;
  char       *error_file_id;
} FbBatch;

static void
fb_line_free (gpointer data)
{
  FbLine *line = data;

  g_free (line->custom_id);
  g_free (line->body);
  g_free (line);
}

static void
fb_batch_free (gpointer data)
{
  FbBatch *batch = data;

  g_free (batch->id);
  g_free (batch->input_file_id);
  g_free (batch->model);
  g_free (batch->metadata);
  g_clear_pointer (&batch->lines, g_ptr_array_unref);
  g_free (batch->error);
  g_free (batch->output_file_id);
  g_free (batch->error_file_id);
  g_free (batch);
}

/* The status word of a batch's phase or end, in its provider's words. */
static const char *
fb_status (FbBatch *batch)
{
  static const char *openai[FB_PHASES] = { "validating", "in_progress", "finalizing",
                                           "completed" };
  static const char *mistral[FB_PHASES] = { "QUEUED", "RUNNING", "RUNNING", "SUCCESS" };

  if (batch->final != NULL && strcmp (batch->final, "completed") != 0)
    {
      if (!batch->mistral)
        return batch->final;
      if (strcmp (batch->final, "failed") == 0)
        return "FAILED";
      if (strcmp (batch->final, "expired") == 0)
        return "TIMEOUT_EXCEEDED";
      return "CANCELLED";
    }
  if (batch->final == NULL && batch->cancelling)
    return batch->mistral ? "CANCELLATION_REQUESTED" : "cancelling";
  return batch->mistral ? mistral[batch->phase] : openai[batch->phase];
}

/* How many of the batch's lines are done in a phase: none while validating, half while in
 * progress, all after. */
static guint
fb_done_in_phase (FbBatch *batch,
                  int      phase)
{
  guint n = batch->lines->len;

  return phase <= 0 ? 0 : phase == 1 ? n / 2 : n;
}

/* One output line: {"id", "custom_id", "response": {"status_code", "request_id", "body"},
 * "error"}. @response_body NULL: "response" is null and @error_code / @message are the
 * line's error. */
static void
fb_append_output_line (GString    *out,
                       const char *batch_key,
                       guint       index,
                       const char *custom_id,
                       guint       status,
                       const char *response_body,
                       const char *error_code,
                       const char *message)
{
  g_string_append_printf (out, "{\"id\":\"batch_req_%s_%u\",\"custom_id\":", batch_key, index);
  vs_json_append_escaped (out, custom_id, -1);
  if (response_body != NULL)
    g_string_append_printf (out, ",\"response\":{\"status_code\":%u,\"request_id\":"
                            "\"req_%s_%u\",\"body\":%s},\"error\":null}\n", status, batch_key,
                            index, response_body);
  else
    {
      g_string_append_printf (out, ",\"response\":null,\"error\":{\"code\":\"%s\","
                              "\"message\":", error_code);
      vs_json_append_escaped (out, message, -1);
      g_string_append (out, "}}\n");
    }
}

/* The chat error body the online endpoint sends for @status. */
static char *
fb_error_body (guint       status,
               const char *message)
{
  g_autofree char *escaped = json_escape (message);

  return g_strdup_printf ("{\"error\":{\"message\":\"%s\",\"type\":\"fake_error\",\"code\":%u}}",
                          escaped, status);
}

/* Answers one request line as the chat endpoint would: appends its line to @out (a 200) or
 * @errors (a failure). Returns TRUE for a 200. */
static gboolean
fb_answer (const char *batch_key,
           guint       index,
           const char *custom_id,
           const char *body,
           const char *default_model,
           GPatternSpec *fail,
           GString    *out,
           GString    *errors)
{
  Reply reply = { 0 };
  g_autofree char *request = NULL;
  g_autofree char *json = NULL;
  g_autofree char *error_body = NULL;
  gboolean ok;

  if (fail != NULL && g_pattern_spec_match_string (fail, custom_id))
    {
      error_body = fb_error_body (500, "the fake server was told to fail this request");
      fb_append_output_line (errors, batch_key, index, custom_id, 500, error_body, NULL, NULL);
      return FALSE;
    }
  /* Mistral lines may leave the model to the job. */
  if (default_model != NULL && body != NULL)
    {
      g_autoptr(JsonNode) node = vs_json_parse (body, -1, NULL);

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
          !json_object_has_member (json_node_get_object (node), "model"))
        {
          json_object_set_string_member (json_node_get_object (node), "model", default_model);
          request = json_to_string (node, FALSE);
        }
    }
  if (request == NULL)
    request = g_strdup (body ? body : "");
  ok = prepare_chat (&reply, request, strlen (request));
  if (ok)
    {
      json = chat_reply_json (&reply);
      fb_append_output_line (out, batch_key, index, custom_id, 200, json, NULL, NULL);
    }
  else
    {
      error_body = fb_error_body (400, "the request body is not a valid chat request");
      fb_append_output_line (errors, batch_key, index, custom_id, 400, error_body, NULL, NULL);
    }
  g_free (reply.model);
  g_strfreev (reply.pieces);
  return ok;
}

/* Output order is not input order: the lines of @text (each ending in '\n') shuffled with a
 * fixed seed, and never left in input order when there are two or more. */
static char *
fb_shuffle (GString *text,
            guint    seed)
{
  g_auto(GStrv) lines = g_strsplit (text->str, "\n", -1);
  guint n = g_strv_length (lines);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree guint *order = NULL;
  gboolean moved = FALSE;

  if (n > 0 && lines[n - 1][0] == '\0')
    n--;
  order = g_new (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    order[i] = i;
  for (guint i = n; i > 1; i--)
    {
      guint j = (guint) g_rand_int_range (rand, 0, (gint32) i);
      guint t = order[i - 1];

      order[i - 1] = order[j];
      order[j] = t;
    }
  for (guint i = 0; i < n; i++)
    moved = moved || order[i] != i;
  if (!moved && n > 1)
    {
      order[0] = 1;
      order[1] = 0;
    }
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s\n", lines[order[i]]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
fb_store_file (VsFakeLlm  *self,
               const char *kind,
               char       *contents)
{
  char *id = g_strdup_printf ("file-batch-%s-%u", kind, ++self->batch_file_next);

  g_hash_table_insert (self->batch_files, g_strdup (id),
                       g_bytes_new_take (contents, strlen (contents)));
  return id;
}

/* Ends @batch as @final: the lines done so far are answered into the output and error files;
 * with @expired, the lines not done go to the error file as OpenAI does (batch_expired). */
static void
fb_finish (VsFakeLlm  *self,
           FbBatch    *batch,
           const char *final,
           guint       n_done)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) errors = g_string_new (NULL);
  g_autoptr(GPatternSpec) fail = self->batch_fail_pattern
    ? g_pattern_spec_new (self->batch_fail_pattern) : NULL;
  g_autofree char *key = g_strdup_printf ("%u", batch->number);

  batch->final = final;
  batch->ended_at = batch->created_at + 60 * (batch->gets + 1);
  for (guint i = 0; i < batch->lines->len; i++)
    {
      FbLine *line = g_ptr_array_index (batch->lines, i);

      if (i < n_done)
        {
          if (fb_answer (key, i, line->custom_id, line->body,
                         batch->mistral ? batch->model : NULL, fail, out, errors))
            batch->completed++;
          else
            batch->failed++;
        }
      else if (strcmp (final, "expired") == 0)
        {
          fb_append_output_line (errors, key, i, line->custom_id, 0, NULL, "batch_expired",
                                 "This request could not be executed before the completion "
                                 "window expired.");
          batch->failed++;
        }
    }
  if (out->len > 0)
    batch->output_file_id = fb_store_file (self, "output", fb_shuffle (out, batch->number));
  if (errors->len > 0)
    batch->error_file_id = fb_store_file (self, "errors", fb_shuffle (errors,
                                                                       batch->number + 1000));
}

/* Validation: every line must be a JSON object with a custom_id and a body. */
static void
fb_validate (VsFakeLlm *self,
             FbBatch   *batch)
{
  for (guint i = 0; i < batch->lines->len; i++)
    {
      FbLine *line = g_ptr_array_index (batch->lines, i);

      if (line->custom_id == NULL || line->body == NULL)
        {
          batch->error = g_strdup ("Invalid request line: each line must be a JSON object "
                                   "with a custom_id and a body.");
          batch->error_line = i + 1;
          fb_finish (self, batch, "failed", 0);
          return;
        }
    }
}

/* A GET of the batch: it moves on. */
static void
fb_advance (VsFakeLlm *self,
            FbBatch   *batch)
{
  if (batch->final != NULL)
    return;
  batch->gets++;
  if (batch->cancelling)
    {
      fb_finish (self, batch, "cancelled", fb_done_in_phase (batch, batch->phase));
      return;
    }
  if (batch->expire_after > 0 && batch->gets >= batch->expire_after)
    {
      /* Only some of its lines were done in time. */
      fb_finish (self, batch, "expired", MAX (fb_done_in_phase (batch, batch->phase),
                                              batch->lines->len / 2));
      return;
    }
  if (++batch->polls < MAX (self->batch_polls_per_state, 1))
    return;
  batch->polls = 0;
  if (batch->phase == 0)
    {
      fb_validate (self, batch);
      if (batch->final != NULL)
        return;
    }
  batch->phase++;
  if (batch->phase == FB_PHASES - 1)
    fb_finish (self, batch, "completed", batch->lines->len);
}

static void
fb_add_time (JsonBuilder *b,
             const char  *member,
             gint64       t)
{
  json_builder_set_member_name (b, member);
  if (t > 0)
    json_builder_add_int_value (b, t);
  else
    json_builder_add_null_value (b);
}

static void
fb_add_string (JsonBuilder *b,
               const char  *member,
               const char  *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
fb_build (JsonBuilder *b,
          FbBatch     *batch)
{
  guint done = batch->final ? batch->completed + batch->failed
                            : fb_done_in_phase (batch, batch->phase);
  gint64 completed = batch->final ? batch->completed : done;
  gint64 failed = batch->final ? batch->failed : 0;
  const char *final = batch->final;
  gint64 total = batch->phase == 0 && final == NULL ? 0 : batch->lines->len;

  json_builder_begin_object (b);
  fb_add_string (b, "id", batch->id);
  fb_add_string (b, "object", "batch");
  fb_add_string (b, "status", fb_status (batch));
  fb_add_string (b, "endpoint", "/v1/chat/completions");
  fb_add_time (b, "created_at", batch->created_at);
  json_builder_set_member_name (b, "metadata");
  if (batch->metadata != NULL)
    json_builder_add_value (b, vs_json_parse (batch->metadata, -1, NULL));
  else
    json_builder_add_null_value (b);
  if (batch->mistral)
    {
      json_builder_set_member_name (b, "input_files");
      json_builder_begin_array (b);
      json_builder_add_string_value (b, batch->input_file_id);
      json_builder_end_array (b);
      fb_add_string (b, "model", batch->model);
      fb_add_string (b, "output_file", batch->output_file_id);
      fb_add_string (b, "error_file", batch->error_file_id);
      json_builder_set_member_name (b, "errors");
      json_builder_begin_array (b);
      if (batch->error != NULL)
        {
          json_builder_begin_object (b);
          fb_add_string (b, "message", batch->error);
          json_builder_set_member_name (b, "count");
          json_builder_add_int_value (b, 1);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "total_requests");
      json_builder_add_int_value (b, batch->lines->len);
      json_builder_set_member_name (b, "completed_requests");
      json_builder_add_int_value (b, completed + failed);
      json_builder_set_member_name (b, "succeeded_requests");
      json_builder_add_int_value (b, completed);
      json_builder_set_member_name (b, "failed_requests");
      json_builder_add_int_value (b, failed);
      fb_add_time (b, "started_at", batch->phase > 0 ? batch->created_at + 1 : 0);
      fb_add_time (b, "completed_at", final ? batch->ended_at : 0);
    }
  else
    {
      fb_add_string (b, "input_file_id", batch->input_file_id);
      fb_add_string (b, "completion_window", "24h");
      fb_add_string (b, "output_file_id", batch->output_file_id);
      fb_add_string (b, "error_file_id", batch->error_file_id);
      json_builder_set_member_name (b, "errors");
      if (batch->error != NULL)
        {
          json_builder_begin_object (b);
          fb_add_string (b, "object", "list");
          json_builder_set_member_name (b, "data");
          json_builder_begin_array (b);
          json_builder_begin_object (b);
          fb_add_string (b, "code", "invalid_request");
          fb_add_string (b, "message", batch->error);
          json_builder_set_member_name (b, "line");
          json_builder_add_int_value (b, batch->error_line);
          json_builder_end_object (b);
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "request_counts");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "total");
      json_builder_add_int_value (b, total);
      json_builder_set_member_name (b, "completed");
      json_builder_add_int_value (b, completed);
      json_builder_set_member_name (b, "failed");
      json_builder_add_int_value (b, failed);
      json_builder_end_object (b);
      fb_add_time (b, "in_progress_at", batch->phase > 0 ? batch->created_at + 1 : 0);
      fb_add_time (b, "completed_at",
                   final && strcmp (final, "completed") == 0 ? batch->ended_at : 0);
      fb_add_time (b, "failed_at", final && strcmp (final, "failed") == 0 ? batch->ended_at : 0);
      fb_add_time (b, "expired_at",
                   final && strcmp (final, "expired") == 0 ? batch->ended_at : 0);
      fb_add_time (b, "cancelled_at",
                   final && strcmp (final, "cancelled") == 0 ? batch->ended_at : 0);
    }
  json_builder_end_object (b);
}

static void
fb_reply_batch (Reply   *reply,
                FbBatch *batch)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (reply->fault.fault == VS_FAKE_FAULT_MALFORMED)
    {
      set_json (reply->msg, 200, "{\"id\": \"batch_oops\", \"status\": oops");
      return;
    }
  fb_build (b, batch);
  ft_reply (reply, 200, b);
}

/* Splits a batch input file into its lines; a line that is not a request keeps a NULL
 * custom_id (the batch then fails validation, as a provider's would). */
static GPtrArray *
fb_parse_lines (GBytes *contents)
{
  gsize size;
  const char *data = g_bytes_get_data (contents, &size);
  g_autofree char *text = g_strndup (data, size);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *out = g_ptr_array_new_with_free_func (fb_line_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = NULL;
      JsonObject *object;
      JsonNode *body;
      FbLine *line;

      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      line = g_new0 (FbLine, 1);
      g_ptr_array_add (out, line);
      node = vs_json_parse (lines[i], -1, NULL);
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      body = json_object_get_member (object, "body");
      line->custom_id = ft_member (object, "custom_id");
      if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
        line->body = json_to_string (body, FALSE);
    }
  return out;
}

static void
fb_create (Reply     *reply,
           VsFakeLlm *self,
           gboolean   mistral)
{
  SoupMessageBody *body = soup_server_message_get_request_body (reply->msg);
  g_autoptr(JsonNode) node = vs_json_parse (body->data, body->length, NULL);
  JsonObject *object = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  g_autofree char *file_id = NULL;
  g_autofree char *model = NULL;
  JsonNode *metadata;
  GBytes *contents;
  FbBatch *batch;

  if (object == NULL)
    {
      set_error (reply, 400, "the request body is not a JSON object");
      return;
    }
  g_free (self->batch_last_create);
  self->batch_last_create = g_strndup (body->data, body->length);
  if (mistral)
    {
      JsonNode *files = json_object_get_member (object, "input_files");

      if (files != NULL && JSON_NODE_HOLDS_ARRAY (files) &&
          json_array_get_length (json_node_get_array (files)) == 1 &&
          JSON_NODE_HOLDS_VALUE (json_array_get_element (json_node_get_array (files), 0)))
        file_id = g_strdup (json_array_get_string_element (json_node_get_array (files), 0));
      model = ft_member (object, "model");
      if (model == NULL)
        {
          set_error (reply, 400, "model is required");
          return;
        }
    }
  else
    {
      file_id = ft_member (object, "input_file_id");
      if (g_strcmp0 (json_object_get_string_member_with_default (object, "completion_window",
                                                                 ""), "24h") != 0)
        {
          set_error (reply, 400, "completion_window must be 24h");
          return;
        }
    }
  if (g_strcmp0 (json_object_get_string_member_with_default (object, "endpoint", ""),
                 "/v1/chat/completions") != 0)
    {
      set_error (reply, 400, "endpoint must be /v1/chat/completions");
      return;
    }
  if (file_id == NULL || (contents = g_hash_table_lookup (self->batch_files, file_id)) == NULL)
    {
      set_error (reply, 400, "no such input file");
      return;
    }
  metadata = json_object_get_member (object, "metadata");
  if (metadata != NULL && !JSON_NODE_HOLDS_OBJECT (metadata) && !JSON_NODE_HOLDS_NULL (metadata))
    {
      set_error (reply, 400, "metadata must be an object");
      return;
    }

  batch = g_new0 (FbBatch, 1);
  batch->number = ++self->batch_next;
  batch->mistral = mistral;
  batch->id = mistral ? g_strdup_printf ("00000000-0000-4000-8000-%012u", batch->number)
                      : g_strdup_printf ("batch_fake%u", batch->number);
  batch->input_file_id = g_steal_pointer (&file_id);
  batch->model = g_steal_pointer (&model);
  if (metadata != NULL && JSON_NODE_HOLDS_OBJECT (metadata))
    batch->metadata = json_to_string (metadata, FALSE);
  batch->lines = fb_parse_lines (contents);
  batch->created_at = FT_EPOCH + batch->number * 1000;
  batch->expire_after = self->batch_expire_after;
  g_hash_table_insert (self->batches, batch->id, batch);
  g_ptr_array_add (self->batch_order, batch);

  if (self->batch_lose_creates > 0)
    {
      /* The batch exists; its creator never hears so. */
      self->batch_lose_creates--;
      if (self->batch_lose_status > 0)
        set_error (reply, self->batch_lose_status, "the fake server lost this reply");
      else
        drop_connection (reply);
      return;
    }
  fb_reply_batch (reply, batch);
}

/* The list, newest first: OpenAI pages with limit/after/has_more, Mistral with
 * page/page_size/total. */
static void
fb_reply_list (Reply    *reply,
               VsFakeLlm *self,
               gboolean  mistral)
{
  GHashTable *query = g_object_get_data (G_OBJECT (reply->msg), "vs-fake-query");
  const char *after = query ? g_hash_table_lookup (query, "after") : NULL;
  const char *limit_text = query ? g_hash_table_lookup (query, mistral ? "page_size"
                                                                       : "limit") : NULL;
  const char *page_text = query ? g_hash_table_lookup (query, "page") : NULL;
  guint limit = limit_text ? (guint) CLAMP (g_ascii_strtoll (limit_text, NULL, 10), 1, 100) : 20;
  guint page = page_text ? (guint) CLAMP (g_ascii_strtoll (page_text, NULL, 10), 0, 100000) : 0;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();
  guint start = 0;
  guint n = 0;

  if (self->batch_no_list)
    {
      set_error (reply, 404, "no such endpoint on the fake server");
      return;
    }
  if (reply->fault.fault == VS_FAKE_FAULT_MALFORMED)
    {
      set_json (reply->msg, 200, "{\"data\": [oops");
      return;
    }
  for (guint i = self->batch_order->len; i > 0; i--)
    {
      FbBatch *batch = g_ptr_array_index (self->batch_order, i - 1);

      if (batch->mistral == mistral)
        g_ptr_array_add (mine, batch);
    }
  if (mistral)
    start = page * limit;
  else if (after != NULL)
    {
      for (guint i = 0; i < mine->len; i++)
        if (strcmp (((FbBatch *) g_ptr_array_index (mine, i))->id, after) == 0)
          start = i + 1;
    }

  json_builder_begin_object (b);
  fb_add_string (b, "object", "list");
  json_builder_set_member_name (b, "data");
  json_builder_begin_array (b);
  for (guint i = start; i < mine->len && n < limit; i++, n++)
    fb_build (b, g_ptr_array_index (mine, i));
  json_builder_end_array (b);
  if (mistral)
    {
      json_builder_set_member_name (b, "total");
      json_builder_add_int_value (b, mine->len);
    }
  else
    {
      fb_add_string (b, "first_id", n > 0 ? ((FbBatch *) g_ptr_array_index (mine, start))->id
                                          : NULL);
      fb_add_string (b, "last_id", n > 0 ? ((FbBatch *) g_ptr_array_index (mine,
                                                                           start + n - 1))->id
                                         : NULL);
      json_builder_set_member_name (b, "has_more");
      json_builder_add_boolean_value (b, start + n < mine->len);
    }
  json_builder_end_object (b);
  ft_reply (reply, 200, b);
}

static void
fb_respond_upload (Reply     *reply,
                   VsFakeLlm *self,
                   Upload    *upload)
{
  gboolean complete = upload->in_file && upload->pending->len == strlen (upload->closing) &&
                      memcmp (upload->pending->data, upload->closing,
                              upload->pending->len) == 0;
  g_autofree char *id = NULL;
  g_autofree char *json = NULL;

  if (!complete)
    {
      set_error (reply, 400, "the upload is incomplete");
      return;
    }
  id = g_strdup_printf ("file-batch-input-%u", ++self->batch_file_next);
  g_hash_table_insert (self->batch_files, g_strdup (id),
                       g_bytes_new (upload->kept->data, upload->kept->len));
  json = g_strdup_printf ("{\"id\":\"%s\",\"object\":\"file\",\"bytes\":%u,"
                          "\"created_at\":%" G_GINT64_FORMAT ",\"filename\":\"input.jsonl\","
                          "\"purpose\":\"batch\"}", id, upload->kept->len, FT_EPOCH);
  set_json (reply->msg, 200, json);
}

static gboolean
batch_respond_locked (Reply *reply)
{
  VsFakeLlm *self = reply->self;
  SoupServerMessage *msg = reply->msg;
  const char *path = reply->path;
  const char *method = soup_server_message_get_method (msg);
  gboolean get = strcmp (method, "GET") == 0;
  gboolean post = strcmp (method, "POST") == 0;
  Upload *upload = g_object_get_data (G_OBJECT (msg), "vs-fake-upload");
  g_autofree char *id = NULL;
  const char *tail = NULL;
  gboolean mistral;
  FbBatch *batch;

  if (post && strcmp (path, "/v1/files") == 0 && upload != NULL && upload->kept != NULL)
    {
      fb_respond_upload (reply, self, upload);
      return TRUE;
    }
  if (get && ft_split (path, "/v1/files/", &id, &tail) && strcmp (tail, "/content") == 0)
    {
      GBytes *contents = g_hash_table_lookup (self->batch_files, id);

      if (contents == NULL)
        {
          set_error (reply, 404, "no such file");
          return TRUE;
        }
      if (reply->fault.fault == VS_FAKE_FAULT_TRUNCATE)
        {
          /* Half the file, then the connection goes. */
          SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

          soup_server_message_set_status (msg, 200, NULL);
          soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
          soup_message_headers_set_content_type (headers, "application/octet-stream", NULL);
          append (reply, g_strndup (g_bytes_get_data (contents, NULL),
                                    g_bytes_get_size (contents) / 2));
          soup_server_message_pause (msg);
          reply->next = 0;
          reply->fault.value = 0;
          attach_timeout (self, 20, stream_step, reply);
          return TRUE;
        }
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (contents, NULL),
                                        g_bytes_get_size (contents));
      return TRUE;
    }
  g_clear_pointer (&id, g_free);

  if (strcmp (path, "/v1/batches") == 0 || strcmp (path, "/v1/batch/jobs") == 0)
    {
      mistral = strcmp (path, "/v1/batch/jobs") == 0;
      if (post)
        fb_create (reply, self, mistral);
      else if (get)
        fb_reply_list (reply, self, mistral);
      else
        set_error (reply, 405, "method not allowed");
      return TRUE;
    }
  mistral = g_str_has_prefix (path, "/v1/batch/jobs/");
  if (!ft_split (path, mistral ? "/v1/batch/jobs/" : "/v1/batches/", &id, &tail))
    return FALSE;
  batch = g_hash_table_lookup (self->batches, id);
  if (batch == NULL || batch->mistral != mistral)
    {
      set_error (reply, 404, "no such batch");
      return TRUE;
    }
  if (get && *tail == '\0')
    {
      fb_advance (self, batch);
      fb_reply_batch (reply, batch);
    }
  else if (post && strcmp (tail, "/cancel") == 0)
    {
      if (batch->final == NULL)
        batch->cancelling = TRUE;
      fb_reply_batch (reply, batch);
    }
  else
    set_error (reply, 404, "no such endpoint on the fake server");
  return TRUE;
}

static gboolean
batch_respond (Reply *reply)
{
  VsFakeLlm *self = reply->self;
  gboolean handled;

  g_mutex_lock (&self->lock);
  handled = batch_respond_locked (reply);
  g_mutex_unlock (&self->lock);
  return handled;
}

gboolean
vs_fake_llm_answer_batch_file (const char  *input,
                               const char  *output,
                               GError     **error)
{
  g_autoptr(GFile) in_file = g_file_new_for_path (input);
  g_autoptr(GFileInputStream) in_stream = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *tmp = g_strconcat (output, ".part", NULL);
  FILE *file;
  guint index = 0;

  in_stream = g_file_read (in_file, NULL, error);
  if (in_stream == NULL)
    return FALSE;
  lines = g_data_input_stream_new (G_INPUT_STREAM (in_stream));
  file = fopen (tmp, "w");
  if (file == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", tmp,
                   g_strerror (saved));
      return FALSE;
    }
  for (;;)
    {
      g_autofree char *line = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *custom_id = NULL;
      g_autofree char *body = NULL;
      JsonObject *object;
      JsonNode *body_node;
      gsize length;

      line = g_data_input_stream_read_line_utf8 (lines, &length, NULL, &local_error);
      if (line == NULL && local_error != NULL)
        {
          fclose (file);
          g_unlink (tmp);
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", input);
          return FALSE;
        }
      if (line == NULL)
        break;
      index++;
      g_strstrip (line);
      if (line[0] == '\0')
        continue;
      node = vs_json_parse (line, -1, &local_error);
      object = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      custom_id = ft_member (object, "custom_id");
      body_node = object ? json_object_get_member (object, "body") : NULL;
      if (custom_id == NULL || body_node == NULL || !JSON_NODE_HOLDS_OBJECT (body_node))
        {
          fclose (file);
          g_unlink (tmp);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s:%u: not a batch request line (a JSON object with custom_id and "
                       "body)", input, index);
          return FALSE;
        }
      body = json_to_string (body_node, FALSE);
      g_string_truncate (out, 0);
      /* vLLM's run-batch writes every answer to the one output file, in input order. */
      fb_answer ("offline", index, custom_id, body, NULL, NULL, out, out);
      fwrite (out->str, 1, out->len, file);
    }
  if (fclose (file) != 0 || g_rename (tmp, output) != 0)
    {
      int saved = errno;
      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", output,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

void
vs_fake_llm_set_batch_polls_per_state (VsFakeLlm *self,
                                       guint      polls)
{
  g_mutex_lock (&self->lock);
  self->batch_polls_per_state = MAX (polls, 1);
  g_mutex_unlock (&self->lock);
}

void
vs_fake_llm_set_batch_fail_pattern (VsFakeLlm  *self,
                                    const char *pattern)
{
  g_mutex_lock (&self->lock);
  g_free (self->batch_fail_pattern);
  self->batch_fail_pattern = g_strdup (pattern);
  g_mutex_unlock (&self->lock);
}

void
vs_fake_llm_set_batch_expire_after (VsFakeLlm *self,
                                    guint      polls)
{
  g_mutex_lock (&self->lock);
  self->batch_expire_after = polls;
  g_mutex_unlock (&self->lock);
}

void
vs_fake_llm_lose_batch_creates (VsFakeLlm *self,
                                guint      n,
                                guint      status)
{
  g_mutex_lock (&self->lock);
  self->batch_lose_creates = n;
  self->batch_lose_status = status;
  g_mutex_unlock (&self->lock);
}

void
vs_fake_llm_set_batch_list (VsFakeLlm *self,
                            gboolean   available)
{
  g_mutex_lock (&self->lock);
  self->batch_no_list = !available;
  g_mutex_unlock (&self->lock);
}

guint
vs_fake_llm_get_batch_count (VsFakeLlm *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->batch_order->len;
  g_mutex_unlock (&self->lock);
  return n;
}

char *
vs_fake_llm_dup_last_batch_body (VsFakeLlm *self)
{
  char *body;

  g_mutex_lock (&self->lock);
  body = g_strdup (self->batch_last_create);
  g_mutex_unlock (&self->lock);
  return body;
}

static gpointer
server_thread (gpointer data)
{
  VsFakeLlm *self = data;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  GError *error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);
  self->server = soup_server_new ("server-header", "versus-fake-llm", NULL);
  soup_server_add_handler (self->server, NULL, handler, self, NULL);
  g_signal_connect (self->server, "request-started", G_CALLBACK (on_request_started), self);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, self->port);
  if (!soup_server_listen (self->server, address, 0, &error))
    {
      g_mutex_lock (&self->lock);
      self->start_error = error;
      self->started = TRUE;
      g_cond_signal (&self->cond);
      g_mutex_unlock (&self->lock);
      g_clear_object (&self->server);
      g_main_context_pop_thread_default (self->context);
      return NULL;
    }
  uris = soup_server_get_uris (self->server);
  g_mutex_lock (&self->lock);
  self->port = g_uri_get_port (uris->data);
  self->url = g_strdup_printf ("http://127.0.0.1:%u", self->port);
  self->started = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (self->loop);

  soup_server_disconnect (self->server);
  /* Let the connections' close handlers run before the server goes. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_clear_object (&self->server);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

VsFakeLlm *
vs_fake_llm_new (guint    port,
                 GError **error)
{
  VsFakeLlm *self = g_new0 (VsFakeLlm, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->faults);
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->peers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->ft_jobs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, ft_job_free);
  self->batch_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_bytes_unref);
  self->batches = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, fb_batch_free);
  self->batch_order = g_ptr_array_new ();
  self->batch_polls_per_state = 1;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->port = port;
  self->thread = g_thread_new ("fake-llm", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      vs_fake_llm_free (self);
      return NULL;
    }
  return self;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
vs_fake_llm_free (VsFakeLlm *self)
{
  if (self == NULL)
    return;

  if (self->thread != NULL)
    {
      g_main_context_invoke (self->context, quit_loop, self->loop);
      g_thread_join (self->thread);
    }
  g_queue_clear_full (&self->faults, g_free);
  g_hash_table_unref (self->counts);
  g_hash_table_unref (self->peers);
  g_hash_table_unref (self->ft_jobs);
  g_ptr_array_unref (self->batch_order);
  g_hash_table_unref (self->batches);
  g_hash_table_unref (self->batch_files);
  g_free (self->batch_fail_pattern);
  g_free (self->batch_last_create);
  g_free (self->ft_last_create);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_clear_error (&self->start_error);
  g_free (self->required_key);
  g_free (self->redirect_target);
  g_free (self->last_body);
  if (self->request_log != NULL)
    fclose (self->request_log);
  g_free (self->url);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

const char *
vs_fake_llm_get_url (VsFakeLlm *self)
{
  return self->url;
}

guint
vs_fake_llm_get_port (VsFakeLlm *self)
{
  return self->port;
}

void
vs_fake_llm_push_fault (VsFakeLlm   *self,
                        VsFakeFault  fault,
                        int          value)
{
  Fault *f = g_new0 (Fault, 1);

  f->fault = fault;
  f->value = value;
  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->faults, f);
  g_mutex_unlock (&self->lock);
}

void
vs_fake_llm_clear_faults (VsFakeLlm *self)
{
  g_mutex_lock (&self->lock);
  g_queue_clear_full (&self->faults, g_free);
  g_queue_init (&self->faults);
  g_mutex_unlock (&self->lock);
}

void
vs_fake_llm_set_keep_alive_ms (VsFakeLlm *self,
                               guint      ms)
{
  g_mutex_lock (&self->lock);
  self->keep_alive_ms = ms;
  g_mutex_unlock (&self->lock);
}

guint
vs_fake_llm_get_keep_alive_drops (VsFakeLlm *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->keep_alive_drops;
  g_mutex_unlock (&self->lock);
  return n;
}

void
vs_fake_llm_set_latency_ms (VsFakeLlm *self,
                            guint      ms)
{
  g_mutex_lock (&self->lock);
  self->latency_ms = ms;
  g_mutex_unlock (&self->lock);
}

void
vs_fake_llm_set_chunk_delay_ms (VsFakeLlm *self,
                                guint      ms)
{
  g_mutex_lock (&self->lock);
  self->chunk_delay_ms = ms;
  g_mutex_unlock (&self->lock);
}

void
vs_fake_llm_set_required_key (VsFakeLlm  *self,
                              const char *key)
{
  g_mutex_lock (&self->lock);
  g_free (self->required_key);
  self->required_key = g_strdup (key);
  g_mutex_unlock (&self->lock);
}

void
vs_fake_llm_set_redirect_target (VsFakeLlm  *self,
                                 const char *base_url)
{
  g_mutex_lock (&self->lock);
  g_free (self->redirect_target);
  self->redirect_target = g_strdup (base_url);
  g_mutex_unlock (&self->lock);
}

guint
vs_fake_llm_get_request_count (VsFakeLlm  *self,
                               const char *path)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = path ? GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, path)) : self->total;
  g_mutex_unlock (&self->lock);
  return n;
}

guint
vs_fake_llm_get_auth_count (VsFakeLlm *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->auth_count;
  g_mutex_unlock (&self->lock);
  return n;
}

guint
vs_fake_llm_get_open_streams (VsFakeLlm *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->open_streams;
  g_mutex_unlock (&self->lock);
  return n;
}

guint
vs_fake_llm_get_max_concurrent (VsFakeLlm *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->max_active;
  g_mutex_unlock (&self->lock);
  return n;
}

guint
vs_fake_llm_get_connections (VsFakeLlm *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = g_hash_table_size (self->peers);
  g_mutex_unlock (&self->lock);
  return n;
}

char *
vs_fake_llm_dup_last_body (VsFakeLlm *self)
{
  char *body;

  g_mutex_lock (&self->lock);
  body = g_strdup (self->last_body);
  g_mutex_unlock (&self->lock);
  return body;
}

void
vs_fake_llm_reset_counts (VsFakeLlm *self)
{
  g_mutex_lock (&self->lock);
  g_hash_table_remove_all (self->counts);
  g_hash_table_remove_all (self->peers);
  self->total = 0;
  self->auth_count = 0;
  self->max_active = self->active;
  g_mutex_unlock (&self->lock);
}
