/* vs-request-engine.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The request engine: a queue of jobs in front of one SoupSession, each job going through
 * QUEUED → RUNNING (one HTTP attempt holding a slot) → BACKOFF (no slot) → … → DONE. All state
 * lives on the engine's main context; the only thing another thread may do is cancel a
 * GCancellable, which is bounced to that context. Uploads (vs-request-upload.c) and polling
 * (vs-request-poll.c) build on the job API of vs-request-engine-private.h; the response cache
 * is vs-response-cache.c.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "vs-chat-response-private.h"
#include "vs-chat-wire-private.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-request-engine-private.h"

G_DEFINE_QUARK (vs-request-error-quark, vs_request_error)

#define READ_CHUNK      8192
#define MAX_BODY        (64 * 1024 * 1024)

typedef enum
{
  JOB_CHAT,
  JOB_MODELS,
  JOB_JSON,
  JOB_DOWNLOAD, /* a successful reply's body goes to job->sink as it arrives */
} JobKind;

typedef enum
{
  STATE_QUEUED,
  STATE_RUNNING,
  STATE_BACKOFF,
  STATE_DONE,
} JobState;

typedef enum
{
  ABORT_NONE,
  ABORT_USER,
  ABORT_IDLE,
  ABORT_TOTAL,
  ABORT_STOPPED,
} AbortReason;

typedef struct _VsRequestJob Job;

struct _VsRequestEngine
{
  GObject       parent_instance;

  VsEndpoint   *endpoint;
  char         *api_key;
  char         *auth_header;
  VsProject    *project;
  SoupSession  *session;
  GMainContext *context;
  char         *origin;      /* scheme://host:port of the base URL */
  char         *host;        /* for messages */
  char         *chat_url;
  GUri         *chat_uri;    /* parsed once: every chat request goes there */

  guint         limit;
  guint         current_limit;
  guint         successes;
  guint         generation;  /* bumped whenever the limit is halved */
  guint         in_flight;
  GQueue        queue;       /* Job*, waiting for a slot */
  GList        *jobs;        /* every unfinished Job */

  guint         max_retries;
  guint         retry_base_ms;
  guint         retry_cap_ms;
  guint         idle_ms;
  guint         total_ms;
  gboolean      stream_usage;

  GSource      *watchdog;    /* idle and total timeouts of every running job */
  GPtrArray    *spare_bufs;  /* reply buffers kept for the next jobs */
  GHashTable   *sockets;     /* libsoup connection id → GSocket, for corking */
  GHashTable   *uses;        /* libsoup connection id → ConnectionUse */
  guint         reuse_idle_ms;
  guint         n_awaiting;  /* attempts sent that have no connection yet */
  GList        *connection_refs;
  GError       *stop_error;
  guint64       n_attempts;
  guint64       n_connections;
  guint         watchdog_ms;
  GList        *custom_jobs; /* unfinished jobs with a VsCallPolicy of their own */
  const char   *last_body_type;
};

struct _VsRequestJob
{
  grefcount        ref;
  VsRequestEngine *engine;
  GTask           *task;
  JobKind          kind;
  JobState         state;
  AbortReason      abort;

  char            *method;
  char            *url;
  GBytes          *body;
  VsRequestBodyFunc body_func;    /* or a streamed body, made afresh for each attempt */
  gpointer         body_data;
  GDestroyNotify   body_destroy;
  char            *content_type;
  gboolean         creates;
  gboolean         new_connection;
  guint64          connection_id;  /* the libsoup connection of the attempt, 0 before one */
  gboolean         awaiting;       /* sent, no connection yet (counted in n_awaiting) */
  gboolean         stream;
  gboolean         custom_policy;
  VsCallPolicy     policy;        /* members < 0: the engine's */

  VsChatRequest   *request;
  VsChatResponse  *response;
  char            *cache_key;
  gpointer         result;
  GDestroyNotify   result_free;

  GCancellable    *cancellable;
  gulong           cancel_id;
  GCancellable    *attempt_cancellable;
  SoupMessage     *msg;
  GInputStream    *in;
  GByteArray      *buf;
  gsize            scanned;

  guint            retries;
  guint            redirects;
  guint            generation;
  guint            status;
  guint            n_deltas;
  gboolean         saw_done;
  gint64           deadline_us;
  gint64           attempt_start_us;
  gint64           first_delta_us;
  gint64           last_activity_us;
  GSource         *read_source;
  GSource         *backoff_source;
  GSocket         *corked;       /* the socket held corked while the request is written */

  GOutputStream   *sink;         /* JOB_DOWNLOAD: where the body goes */
  gint64           downloaded;   /* bytes written to the sink by this attempt */
};

G_DEFINE_FINAL_TYPE (VsRequestEngine, vs_request_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_CURRENT_LIMIT,
  PROP_IN_FLIGHT,
  PROP_STOPPED,
  N_PROPS
};

enum {
  STOPPED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void job_start_attempt (Job *job);
static void engine_update_watchdog (VsRequestEngine *self);
static void job_fail          (Job *job, GError *error);
static void engine_pump       (VsRequestEngine *self);

/* Helpers ---------------------------------------------------------------------------------- */

static Job *
job_ref (Job *job)
{
  g_ref_count_inc (&job->ref);
  return job;
}

static void
destroy_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_source_unref (*source);
      *source = NULL;
    }
}

static void
job_unref (Job *job)
{
  if (!g_ref_count_dec (&job->ref))
    return;

  g_assert (job->msg == NULL);
  destroy_source (&job->read_source);
  destroy_source (&job->backoff_source);
  g_clear_object (&job->corked);
  g_clear_object (&job->in);
  g_clear_object (&job->attempt_cancellable);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->task);
  g_clear_object (&job->request);
  g_clear_object (&job->response);
  g_clear_object (&job->sink);
  if (job->buf != NULL && job->engine->spare_bufs->len < 2 * job->engine->limit + 2 &&
      job->buf->len <= 65536)
    {
      g_byte_array_set_size (job->buf, 0);
      g_ptr_array_add (job->engine->spare_bufs, g_steal_pointer (&job->buf));
    }
  g_clear_pointer (&job->buf, g_byte_array_unref);
  g_clear_pointer (&job->body, g_bytes_unref);
  if (job->body_destroy != NULL)
    job->body_destroy (job->body_data);
  g_free (job->cache_key);
  if (job->result != NULL && job->result_free != NULL)
    job->result_free (job->result);
  g_free (job->content_type);
  g_free (job->method);
  g_free (job->url);
  g_clear_object (&job->engine);
  g_free (job);
}

/* The job's policy: its own where it has one, else the engine's (read live, so setters
 * reach queued jobs too). */
static guint
job_max_retries (Job *job)
{
  return job->policy.max_retries >= 0 ? (guint) job->policy.max_retries
                                      : job->engine->max_retries;
}

static guint
job_retry_base_ms (Job *job)
{
  return job->policy.retry_base_ms >= 0 ? (guint) job->policy.retry_base_ms
                                        : job->engine->retry_base_ms;
}

static guint
job_retry_cap_ms (Job *job)
{
  return job->policy.retry_cap_ms >= 0 ? (guint) job->policy.retry_cap_ms
                                       : job->engine->retry_cap_ms;
}

static guint
job_idle_ms (Job *job)
{
  return job->policy.idle_timeout_ms >= 0 ? (guint) job->policy.idle_timeout_ms
                                          : job->engine->idle_ms;
}

static guint
job_total_ms (Job *job)
{
  return job->policy.total_timeout_ms >= 0 ? (guint) job->policy.total_timeout_ms
                                           : job->engine->total_ms;
}

/* Replaces every occurrence of the key in @text, so a server that echoes it ("Incorrect API
 * key provided: sk-…") cannot leak it into an error or a log line. */
static char *
redact (VsRequestEngine *self,
        const char      *text)
{
  g_autoptr(GString) out = g_string_new (text);

  if (self->api_key != NULL && strlen (self->api_key) >= 4)
    g_string_replace (out, self->api_key, "[redacted]", 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GSource *
attach_timeout (VsRequestEngine *self,
                guint            ms,
                GSourceFunc      func,
                Job             *job)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, job_ref (job), (GDestroyNotify) job_unref);
  g_source_attach (source, self->context);
  return source;
}

static const char *
status_phrase (guint status)
{
  /* libsoup 3.2 does not know some of the statuses model servers use. */
  switch (status)
    {
    case 429:
      return "Too Many Requests";
    case 529:
      return "Overloaded";
    default:
      return soup_status_get_phrase (status);
    }
}

static gboolean
status_is_retryable (guint status)
{
  return status == 408 || status == 409 || status == 429 || (status >= 500 && status <= 599);
}

/* Errors where the request certainly never reached the server. */
static gboolean
error_before_sending (const GError *error)
{
  return error->domain == G_RESOLVER_ERROR ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);
}

gint64
vs_request_parse_retry_after_ms (const char *retry_after,
                                 const char *retry_after_ms)
{
  if (retry_after_ms != NULL)
    {
      char *end = NULL;
      double v = g_ascii_strtod (retry_after_ms, &end);

      if (end != retry_after_ms && v >= 0 && v < 1e9)
        return (gint64) v;
    }
  if (retry_after != NULL)
    {
      g_autofree char *text = g_strstrip (g_strdup (retry_after));
      char *end = NULL;
      double v;
      g_autoptr(GDateTime) when = NULL;
      g_autoptr(GDateTime) now = NULL;

      if (*text == '\0')
        return -1;
      v = g_ascii_strtod (text, &end);
      if (end != text && *end == '\0')
        return v >= 0 && v < 1e7 ? (gint64) (v * 1000.0) : -1;
      when = soup_date_time_new_from_http_string (text);
      if (when == NULL)
        return -1;
      now = g_date_time_new_now_utc ();
      return MAX (0, g_date_time_difference (when, now) / 1000);
    }
  return -1;
}

/* The server's message from an error body, with any key redacted. */
static char *
server_message (VsRequestEngine *self,
                GByteArray      *buf)
{
  g_autofree char *text = NULL;

  if (buf == NULL || buf->len == 0)
    return NULL;
  text = _vs_chat_wire_error_text ((const char *) buf->data, buf->len);
  return text ? redact (self, text) : NULL;
}

/* Adds the host in front of a parser's message and redacts any key it quotes. */
static GError *
wire_error (VsRequestEngine *self,
            GError          *error)
{
  g_autofree char *message = redact (self, error->message);

  g_free (error->message);
  error->message = g_strdup_printf ("%s: %s", self->host, message);
  return error;
}

/* Engine-level bookkeeping ----------------------------------------------------------------- */

/* "in-flight" changes twice per request; GLib 2.74 has no cheap path for a notify nobody
 * listens to, so look first. */
static void
notify_in_flight (VsRequestEngine *self)
{
  static guint notify_id;

  if (notify_id == 0)
    notify_id = g_signal_lookup ("notify", G_TYPE_OBJECT);
  if (g_signal_has_handler_pending (self, notify_id,
                                    g_param_spec_get_name_quark (properties[PROP_IN_FLIGHT]),
                                    FALSE))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_FLIGHT]);
}

static void
engine_set_current_limit (VsRequestEngine *self,
                          guint            limit)
{
  limit = CLAMP (limit, 1, self->limit);
  if (limit == self->current_limit)
    return;
  self->current_limit = limit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_LIMIT]);
}

static void
engine_on_rate_limited (VsRequestEngine *self,
                        Job             *job)
{
  self->successes = 0;
  /* A burst of 429s from requests sent under the same limit halves it once. */
  if (job->generation != self->generation)
    return;
  self->generation++;
  engine_set_current_limit (self, MAX (1, self->current_limit / 2));
  g_debug ("%s: rate limited, concurrency now %u", self->host, self->current_limit);
}

static void
engine_on_success (VsRequestEngine *self)
{
  if (self->current_limit >= self->limit)
    return;
  if (++self->successes >= VS_REQUEST_RAMP_UP_SUCCESSES)
    {
      self->successes = 0;
      engine_set_current_limit (self, self->current_limit + 1);
    }
}

static void
abort_job (Job         *job,
           AbortReason  reason);

static void
engine_stop (VsRequestEngine *self,
             const GError    *error,
             Job             *current)
{
  GList *jobs;

  if (self->stop_error != NULL)
    return;
  self->stop_error = g_error_copy (error);
  g_debug ("%s: stopping every request after an authentication error", self->host);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STOPPED]);
  g_signal_emit (self, signals[STOPPED], 0, self->stop_error);

  jobs = g_list_copy (self->jobs);
  for (GList *l = jobs; l != NULL; l = l->next)
    job_ref (l->data);
  for (GList *l = jobs; l != NULL; l = l->next)
    if (l->data != current)
      abort_job (l->data, ABORT_STOPPED);
  g_list_free_full (jobs, (GDestroyNotify) job_unref);
}

static void
engine_pump (VsRequestEngine *self)
{
  while (self->in_flight < self->current_limit && !g_queue_is_empty (&self->queue))
    {
      Job *job = g_queue_pop_head (&self->queue);
      job_start_attempt (job);
    }
}

/* Attempt lifecycle ------------------------------------------------------------------------ */

static void release_connection (Job *job);

static void
job_end_attempt (Job *job)
{
  VsRequestEngine *self = job->engine;

  if (job->state != STATE_RUNNING)
    return;
  destroy_source (&job->read_source);
  if (job->corked != NULL)
    {
      g_socket_set_option (job->corked, IPPROTO_TCP, TCP_CORK, 0, NULL);
      g_clear_object (&job->corked);
    }
  if (job->in != NULL)
    {
      /* A fully read body closes at once and keeps the connection; otherwise the cancelled
       * cancellable makes libsoup drop the connection instead of draining it. */
      if (!g_input_stream_is_closed (job->in))
        {
          g_cancellable_cancel (job->attempt_cancellable);
          g_input_stream_close (job->in, job->attempt_cancellable, NULL);
        }
      g_clear_object (&job->in);
    }
  release_connection (job);
  if (job->msg != NULL)
    {
      g_signal_handlers_disconnect_by_data (job->msg, job);
      g_clear_object (&job->msg);
    }
  g_clear_object (&job->attempt_cancellable);
  job->state = STATE_QUEUED;
  self->in_flight--;
  notify_in_flight (self);
}

/* Ends the job: bookkeeping first, then the task's callback (which may start new work). */
static void
job_complete (Job    *job,
              GError *error)
{
  VsRequestEngine *self = g_object_ref (job->engine);
  GTask *task;
  gboolean was_running = job->state == STATE_RUNNING;

  g_assert (job->state != STATE_DONE);

  job_end_attempt (job);
  if (job->state == STATE_QUEUED)
    g_queue_remove (&self->queue, job);
  job->state = STATE_DONE;
  destroy_source (&job->backoff_source);
  if (job->cancel_id != 0)
    {
      g_cancellable_disconnect (job->cancellable, job->cancel_id);
      job->cancel_id = 0;
    }
  self->jobs = g_list_remove (self->jobs, job);
  if (job->custom_policy)
    self->custom_jobs = g_list_remove (self->custom_jobs, job);
  engine_update_watchdog (self);

  task = g_steal_pointer (&job->task);
  g_object_set_data (G_OBJECT (task), "vs-status", GUINT_TO_POINTER (job->status));
  if (error != NULL)
    {
      if (job->response != NULL)
        {
          g_clear_error (&job->response->error);
          job->response->error = g_error_copy (error);
          job->response->retries = job->retries;
        }
      g_task_return_error (task, error);
    }
  else if (job->kind == JOB_CHAT)
    g_task_return_pointer (task, g_object_ref (job->response), g_object_unref);
  else
    {
      g_task_return_pointer (task, g_steal_pointer (&job->result), job->result_free);
      job->result_free = NULL;
    }
  g_object_unref (task);

  if (was_running)
    engine_pump (self);
  job_unref (job);
  g_object_unref (self);
}

static void
job_fail (Job    *job,
          GError *error)
{
  g_debug ("%s %s failed: %s", job->method, job->url, error->message);
  job_complete (job, error);
}

static GError *
abort_error (Job *job)
{
  VsRequestEngine *self = job->engine;

  switch (job->abort)
    {
    case ABORT_USER:
      return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                  _("The request was cancelled"));
    case ABORT_IDLE:
      return g_error_new (VS_REQUEST_ERROR, VS_REQUEST_ERROR_TIMEOUT,
                          /* Translators: %s is a host name, %.1f a number of seconds. */
                          _("%s sent nothing for %.1f s; the request timed out"),
                          self->host, job_idle_ms (job) / 1000.0);
    case ABORT_TOTAL:
      return g_error_new (VS_REQUEST_ERROR, VS_REQUEST_ERROR_TIMEOUT,
                          /* Translators: %s is a host name, %.0f a number of seconds. */
                          _("the request to %s took longer than %.0f s in total and was "
                            "stopped"),
                          self->host, job_total_ms (job) / 1000.0);
    case ABORT_STOPPED:
      return g_error_copy (self->stop_error);
    case ABORT_NONE:
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static void schedule_retry (Job *job, gint64 delay_ms, GError *why);

/* An attempt ended without a usable reply: retry when that is safe, else fail. */
static void
attempt_failed (Job      *job,
                GError   *error,
                gboolean  retryable,
                gint64    retry_after_ms)
{
  if (retryable && job->retries < job_max_retries (job))
    {
      schedule_retry (job, retry_after_ms, error);
      return;
    }
  if (job->retries > 0 && error->domain == VS_REQUEST_ERROR)
    {
      /* Translators: %s is what went wrong, %u how many times the request was retried. */
      char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (after %u retry)",
                                                    "%s (after %u retries)", job->retries),
                                       error->message, job->retries);
      g_free (error->message);
      error->message = message;
    }
  job_fail (job, error);
}

static void
handle_abort (Job *job)
{
  GError *error = abort_error (job);

  if (job->abort == ABORT_IDLE && !job->creates && job->n_deltas == 0)
    {
      job->abort = ABORT_NONE;
      attempt_failed (job, error, TRUE, -1);
      return;
    }
  job_fail (job, error);
}

static gboolean
on_backoff_done (gpointer data)
{
  Job *job = data;
  VsRequestEngine *self = job->engine;

  g_clear_pointer (&job->backoff_source, g_source_unref);
  job->state = STATE_QUEUED;
  g_queue_push_head (&self->queue, job);
  engine_pump (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (Job    *job,
                gint64  delay_ms,
                GError *why)
{
  VsRequestEngine *self = job->engine;

  if (delay_ms < 0)
    {
      double exp = (double) job_retry_base_ms (job) * (double) (1u << MIN (job->retries, 20u));
      exp = MIN (exp, (double) MAX (job_retry_cap_ms (job), job_retry_base_ms (job)));
      delay_ms = (gint64) (exp / 2.0 + g_random_double () * exp / 2.0);
    }

  if (job->deadline_us > 0 && g_get_monotonic_time () + delay_ms * 1000 > job->deadline_us)
    {
      g_debug ("%s %s: no time left to wait %" G_GINT64_FORMAT " ms for a retry",
               job->method, job->url, delay_ms);
      job_fail (job, why);
      return;
    }

  g_debug ("%s %s: %s — retry %u of %u in %" G_GINT64_FORMAT " ms", job->method, job->url,
           why->message, job->retries + 1, job_max_retries (job), delay_ms);
  if (job->request != NULL)
    vs_chat_request_emit_retrying (job->request, job->retries + 2, job_max_retries (job) + 1,
                                   why->message);
  g_error_free (why);

  job_end_attempt (job);
  job->retries++;
  job->state = STATE_BACKOFF;
  job->backoff_source = attach_timeout (self, (guint) delay_ms, on_backoff_done, job);
  engine_pump (self);
}

static void
abort_job (Job         *job,
           AbortReason  reason)
{
  if (job->state == STATE_DONE)
    return;
  if (job->abort == ABORT_NONE || reason == ABORT_USER || reason == ABORT_STOPPED)
    job->abort = reason;
  switch (job->state)
    {
    case STATE_QUEUED:
    case STATE_BACKOFF:
      job_fail (job, abort_error (job));
      break;
    case STATE_RUNNING:
      /* The pending send or read returns G_IO_ERROR_CANCELLED and sees job->abort. */
      g_cancellable_cancel (job->attempt_cancellable);
      break;
    case STATE_DONE:
    default:
      break;
    }
}

static gboolean
on_user_cancelled_idle (gpointer data)
{
  abort_job (data, ABORT_USER);
  return G_SOURCE_REMOVE;
}

/* May run on any thread: bounce to the engine's context. */
static void
on_user_cancelled (GCancellable *cancellable,
                   gpointer      data)
{
  Job *job = data;
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, on_user_cancelled_idle, job_ref (job),
                         (GDestroyNotify) job_unref);
  g_source_attach (source, job->engine->context);
  g_source_unref (source);
}

/* One timer per engine, ticking while jobs run, enforces both timeouts: cheaper than two
 * timer sources per request, at the price of a tick (a fifth of the shorter timeout) of
 * slack. */
static gboolean
on_watchdog (gpointer data)
{
  VsRequestEngine *self = data;
  gint64 now = g_get_monotonic_time ();
  GList *expired = NULL;

  for (GList *l = self->jobs; l != NULL; l = l->next)
    {
      Job *job = l->data;

      if (job->state != STATE_RUNNING || job->abort != ABORT_NONE)
        continue;
      if (job->deadline_us > 0 && now >= job->deadline_us)
        {
          job->abort = ABORT_TOTAL;
          expired = g_list_prepend (expired, job_ref (job));
        }
      else if (job_idle_ms (job) > 0 &&
               now - job->last_activity_us >= (gint64) job_idle_ms (job) * 1000)
        {
          job->abort = ABORT_IDLE;
          expired = g_list_prepend (expired, job_ref (job));
        }
    }
  for (GList *l = expired; l != NULL; l = l->next)
    {
      Job *job = l->data;
      if (job->state == STATE_RUNNING)
        g_cancellable_cancel (job->attempt_cancellable);
    }
  g_list_free_full (expired, (GDestroyNotify) job_unref);
  return G_SOURCE_CONTINUE;
}

static guint
watchdog_tick (guint idle_ms,
               guint total_ms)
{
  guint shortest = 0;

  if (idle_ms > 0)
    shortest = idle_ms;
  if (total_ms > 0 && (shortest == 0 || total_ms < shortest))
    shortest = total_ms;
  return shortest == 0 ? 0 : CLAMP (shortest / 5, 5, 1000);
}

static void
engine_update_watchdog (VsRequestEngine *self)
{
  guint tick;

  if (self->jobs == NULL)
    {
      destroy_source (&self->watchdog);
      return;
    }
  tick = watchdog_tick (self->idle_ms, self->total_ms);
  for (GList *l = self->custom_jobs; l != NULL; l = l->next)
    {
      guint t = watchdog_tick (job_idle_ms (l->data), job_total_ms (l->data));

      if (t > 0 && (tick == 0 || t < tick))
        tick = t;
    }
  if (tick == 0)
    {
      destroy_source (&self->watchdog);
      return;
    }
  if (self->watchdog != NULL && self->watchdog_ms == tick)
    return;
  destroy_source (&self->watchdog);
  self->watchdog_ms = tick;
  self->watchdog = g_timeout_source_new (tick);
  g_source_set_callback (self->watchdog, on_watchdog, self, NULL);
  g_source_attach (self->watchdog, self->context);
}

static gboolean
same_origin (VsRequestEngine *self,
             GUri            *uri)
{
  g_autofree char *origin = NULL;
  int port = g_uri_get_port (uri);
  const char *scheme = g_uri_get_scheme (uri);

  if (port <= 0)
    port = g_ascii_strcasecmp (scheme, "https") == 0 ? 443 : 80;
  origin = g_strdup_printf ("%s://%s:%d", scheme, g_uri_get_host (uri), port);
  return g_ascii_strcasecmp (origin, self->origin) == 0;
}

typedef struct
{
  VsRequestEngine *engine;  /* NULL once the engine is gone */
  guint64          id;
} ConnectionRef;

/* How a connection is used: by how many attempts now, and when it was last let go. */
typedef struct
{
  guint  busy;
  gint64 idle_since_us;
} ConnectionUse;

static ConnectionUse *
connection_use (VsRequestEngine *self,
                guint64          id)
{
  ConnectionUse *use = g_hash_table_lookup (self->uses, &id);

  if (use == NULL && g_hash_table_contains (self->sockets, &id))
    {
      use = g_new0 (ConnectionUse, 1);
      use->idle_since_us = g_get_monotonic_time ();
      g_hash_table_insert (self->uses, g_memdup2 (&id, sizeof id), use);
    }
  return use;
}

/* The attempt's message got its connection (a new or a kept-alive one; again when libsoup
 * restarts it elsewhere). */
static void
on_message_connection (SoupMessage *msg,
                       gpointer     data)
{
  Job *job = data;
  VsRequestEngine *self = job->engine;
  guint64 id = soup_message_get_connection_id (msg);
  ConnectionUse *use;

  if (job->awaiting && id != 0)
    {
      job->awaiting = FALSE;
      self->n_awaiting--;
    }
  if (id == job->connection_id)
    return;
  if (job->connection_id != 0 && (use = g_hash_table_lookup (self->uses, &job->connection_id)))
    {
      use->busy = use->busy > 0 ? use->busy - 1 : 0;
      use->idle_since_us = g_get_monotonic_time ();
    }
  job->connection_id = id;
  if (id != 0 && (use = connection_use (self, id)) != NULL)
    use->busy++;
}

static void
release_connection (Job *job)
{
  ConnectionUse *use;

  if (job->awaiting)
    {
      job->awaiting = FALSE;
      job->engine->n_awaiting--;
    }
  if (job->connection_id == 0)
    return;
  use = g_hash_table_lookup (job->engine->uses, &job->connection_id);
  if (use != NULL)
    {
      use->busy = use->busy > 0 ? use->busy - 1 : 0;
      use->idle_since_us = g_get_monotonic_time ();
    }
  job->connection_id = 0;
}

/* Before a request goes out: kept-alive connections idle for longer than the reuse window
 * are shut down, so libsoup (which checks an idle connection before reusing it) opens a new
 * one instead. A server closes its idle connections after its keep-alive (5 s for uvicorn and
 * Node); a request sent on one just as it does is completed twice by libsoup 3.2.3 (the
 * critical "item->task != NULL", or a crash: its restart of a message that failed on a reused
 * connection lacks the check later versions have). Connections in use are never touched, nor
 * any while a request sent earlier waits for libsoup to hand it one (it may be one of them);
 * the first request of a burst has done the work by then. */
static void
drop_idle_connections (VsRequestEngine *self)
{
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer key, value;

  if (self->n_awaiting > 0)
    return;

  g_hash_table_iter_init (&iter, self->uses);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      ConnectionUse *use = value;
      GSocket *socket;

      if (use->busy > 0 || now - use->idle_since_us <= (gint64) self->reuse_idle_ms * 1000)
        continue;
      socket = g_hash_table_lookup (self->sockets, key);
      if (socket != NULL)
        {
          g_debug ("%s: closing a connection idle for %.1f s", self->host,
                   (now - use->idle_since_us) / 1e6);
          g_socket_shutdown (socket, TRUE, TRUE, NULL);
          g_hash_table_remove (self->sockets, key);
        }
      g_hash_table_iter_remove (&iter);
    }
}

static void
forget_connection (gpointer  data,
                   GObject  *connection)
{
  ConnectionRef *ref = data;

  if (ref->engine != NULL)
    {
      g_hash_table_remove (ref->engine->sockets, &ref->id);
      g_hash_table_remove (ref->engine->uses, &ref->id);
      ref->engine->connection_refs = g_list_remove (ref->engine->connection_refs, ref);
    }
  g_free (ref);
}

static void
on_network_event (SoupMessage        *msg,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            data)
{
  Job *job = data;

  if (event == G_SOCKET_CLIENT_CONNECTED && G_IS_SOCKET_CONNECTION (connection))
    {
      VsRequestEngine *self = job->engine;
      GSocket *socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (connection));
      guint64 id = soup_message_get_connection_id (msg);

      self->n_connections++;
      g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
      if (id != 0)
        {
          ConnectionRef *ref = g_new0 (ConnectionRef, 1);

          ref->engine = self;
          ref->id = id;
          g_hash_table_insert (self->sockets, g_memdup2 (&id, sizeof id), g_object_ref (socket));
          g_object_weak_ref (G_OBJECT (connection), forget_connection, ref);
          self->connection_refs = g_list_prepend (self->connection_refs, ref);
        }
    }
}

/* libsoup writes a request's headers and its body in separate steps, so a small POST costs
 * the server two wake-ups. Corking the socket from "starting" to "wrote-body" sends both in
 * one segment; on a loaded machine that gained a third or more throughput. */
static void
on_message_starting (SoupMessage *msg,
                     gpointer     data)
{
  Job *job = data;
  guint64 id = soup_message_get_connection_id (msg);
  GSocket *socket = id != 0 ? g_hash_table_lookup (job->engine->sockets, &id) : NULL;

  if (socket == NULL || job->corked != NULL)
    return;
  if (g_socket_set_option (socket, IPPROTO_TCP, TCP_CORK, 1, NULL))
    job->corked = g_object_ref (socket);
}

static void
on_message_wrote_body (SoupMessage *msg,
                       gpointer     data)
{
  Job *job = data;

  if (job->corked == NULL)
    return;
  g_socket_set_option (job->corked, IPPROTO_TCP, TCP_CORK, 0, NULL);
  g_clear_object (&job->corked);
}

/* Reply handling --------------------------------------------------------------------------- */

static void
emit_delta (const char *text,
            gpointer    data)
{
  Job *job = data;

  if (job->n_deltas++ == 0)
    job->first_delta_us = g_get_monotonic_time ();
  g_string_append (job->response->text, text);
  vs_chat_request_emit_delta (job->request, text);
}

static gboolean
stream_line (Job         *job,
             const char  *line,
             gsize        len,
             GError     **error)
{
  VsRequestEngine *self = job->engine;
  GError *local_error = NULL;

  if (_vs_chat_wire_stream_line (vs_endpoint_get_kind (self->endpoint), line, len,
                                 job->response, emit_delta, job, &job->saw_done, &local_error))
    return TRUE;
  g_propagate_error (error, wire_error (self, local_error));
  return FALSE;
}

static gboolean
stream_feed (Job      *job,
             gboolean  at_end,
             GError  **error)
{
  GByteArray *buf = job->buf;
  gsize start = 0;

  for (gsize i = job->scanned; i < buf->len; i++)
    {
      if (buf->data[i] != '\n')
        continue;
      if (!stream_line (job, (const char *) buf->data + start, i - start, error))
        return FALSE;
      if (job->state != STATE_RUNNING)
        return TRUE;
      start = i + 1;
    }
  if (at_end && start < buf->len)
    {
      if (!stream_line (job, (const char *) buf->data + start, buf->len - start, error))
        return FALSE;
      start = buf->len;
    }
  if (start > 0)
    g_byte_array_remove_range (buf, 0, start);
  job->scanned = buf->len;
  return TRUE;
}

static void
job_succeed_chat (Job *job)
{
  VsRequestEngine *self = job->engine;
  VsChatResponse *response = job->response;
  gint64 now = g_get_monotonic_time ();
  double gen_ms;

  response->status = job->status;
  response->retries = job->retries;
  response->latency_ms = (now - job->attempt_start_us) / 1000.0;
  if (job->stream && job->n_deltas > 0)
    response->ttft_ms = (job->first_delta_us - job->attempt_start_us) / 1000.0;
  else
    response->ttft_ms = response->latency_ms;
  gen_ms = job->stream ? response->latency_ms - response->ttft_ms : response->latency_ms;
  if (gen_ms < 1.0)
    gen_ms = response->latency_ms;
  if (response->completion_tokens > 0 && gen_ms > 0)
    response->tokens_per_s = response->completion_tokens / (gen_ms / 1000.0);

  if (self->project != NULL && job->cache_key != NULL &&
      vs_chat_request_get_cache_mode (job->request) != VS_CACHE_MODE_OFF)
    {
      g_autoptr(GError) error = NULL;
      if (!vs_response_cache_store (self->project, job->cache_key, response, &error))
        g_debug ("could not store a response in the cache: %s", error->message);
    }
  engine_on_success (self);
  job_complete (job, NULL);
}

/* Redirects are followed here rather than by libsoup, which does not follow a POST: the
 * method and body are kept for 307/308, and the key is only sent to the endpoint's origin. */
static gboolean
follow_redirect (Job *job)
{
  VsRequestEngine *self = job->engine;
  const char *location;
  g_autoptr(GUri) base = NULL;
  g_autoptr(GUri) target = NULL;
  guint status = job->status;

  if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308)
    return FALSE;
  location = soup_message_headers_get_one (soup_message_get_response_headers (job->msg),
                                           "Location");
  if (location == NULL)
    return FALSE;
  base = g_uri_parse (job->url, G_URI_FLAGS_NONE, NULL);
  target = base ? g_uri_parse_relative (base, location, G_URI_FLAGS_NONE, NULL) : NULL;
  if (target == NULL || (g_strcmp0 (g_uri_get_scheme (target), "http") != 0 &&
                         g_strcmp0 (g_uri_get_scheme (target), "https") != 0))
    {
      job_fail (job, g_error_new (VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL,
                                  /* Translators: %s is a host name. */
                                  _("%s redirected to an unusable address"), self->host));
      return TRUE;
    }
  if (++job->redirects > 5)
    {
      job_fail (job, g_error_new (VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL,
                                  /* Translators: %s is a host name. */
                                  _("%s redirected too many times"), self->host));
      return TRUE;
    }
  if (status < 307 && strcmp (job->method, "GET") != 0 && strcmp (job->method, "HEAD") != 0)
    {
      g_free (job->method);
      job->method = g_strdup ("GET");
      g_clear_pointer (&job->body, g_bytes_unref);
      if (job->body_destroy != NULL)
        job->body_destroy (job->body_data);
      job->body_func = NULL;
      job->body_data = NULL;
      job->body_destroy = NULL;
    }
  g_free (job->url);
  job->url = g_uri_to_string (target);
  g_debug ("redirected (%u) to %s", status, job->url);

  job_end_attempt (job);
  g_queue_push_head (&self->queue, job);
  engine_pump (self);
  return TRUE;
}

static void
on_body_done (Job *job)
{
  VsRequestEngine *self = job->engine;
  g_autoptr(GError) error = NULL;
  guint status = job->status;

  g_input_stream_close (job->in, NULL, NULL);

  if (follow_redirect (job))
    return;

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autoptr(JsonNode) root = NULL;

      if (job->kind == JOB_CHAT && job->stream)
        {
          if (!stream_feed (job, TRUE, &error))
            {
              job_fail (job, g_steal_pointer (&error));
              return;
            }
          if (!job->saw_done &&
              !(vs_endpoint_get_kind (self->endpoint) == VS_ENDPOINT_KIND_OPENAI &&
                job->response->finish_reason != NULL))
            {
              GError *truncated = g_error_new (VS_REQUEST_ERROR, VS_REQUEST_ERROR_TRUNCATED,
                                               /* Translators: %s is a host name. */
                                               _("the stream from %s ended before the reply "
                                                 "was complete"), self->host);
              if (job->n_deltas == 0)
                {
                  _vs_chat_response_reset (job->response);
                  attempt_failed (job, truncated, !job->creates, -1);
                }
              else
                job_fail (job, truncated);
              return;
            }
          job_succeed_chat (job);
          return;
        }

      if (job->kind == JOB_DOWNLOAD)
        {
          if (!g_output_stream_flush (job->sink, NULL, &error))
            {
              job_fail (job, g_error_new (VS_ERROR, VS_ERROR_IO,
                                          /* Translators: %s is the system's message. */
                                          _("could not write the download: %s"),
                                          error->message));
              return;
            }
          engine_on_success (self);
          job->result = g_memdup2 (&job->downloaded, sizeof job->downloaded);
          job->result_free = g_free;
          job_complete (job, NULL);
          return;
        }
      if (job->buf->len == 0 && job->kind == JOB_JSON)
        root = json_node_new (JSON_NODE_NULL);
      else
        root = vs_json_parse ((const char *) job->buf->data, job->buf->len, NULL);
      if (root == NULL || (job->kind != JOB_JSON && !JSON_NODE_HOLDS_OBJECT (root)))
        {
          job_fail (job, g_error_new (VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL,
                                      /* Translators: %s is a host name, %u an HTTP status
                                       * code. */
                                      _("%s sent a reply that is not valid JSON (HTTP %u)"),
                                      self->host, status));
          return;
        }
      if (job->kind == JOB_CHAT)
        {
          if (!_vs_chat_wire_parse_reply (vs_endpoint_get_kind (self->endpoint),
                                          json_node_get_object (root), job->response, &error))
            {
              job_fail (job, wire_error (self, g_steal_pointer (&error)));
              return;
            }
          job_succeed_chat (job);
        }
      else if (job->kind == JOB_MODELS)
        {
          GStrv models = _vs_chat_wire_parse_models (vs_endpoint_get_kind (self->endpoint),
                                                     json_node_get_object (root), &error);

          if (models == NULL)
            {
              job_fail (job, wire_error (self, g_steal_pointer (&error)));
              return;
            }
          engine_on_success (self);
          job->result = models;
          job->result_free = (GDestroyNotify) g_strfreev;
          job_complete (job, NULL);
        }
      else
        {
          engine_on_success (self);
          job->result = g_steal_pointer (&root);
          job->result_free = (GDestroyNotify) json_node_unref;
          job_complete (job, NULL);
        }
      return;
    }

  /* An error status. */
  {
    g_autofree char *message = server_message (self, job->buf);
    SoupMessageHeaders *headers = soup_message_get_response_headers (job->msg);
    GError *http_error;

    if (status == 401 || status == 403)
      {
        http_error = g_error_new (VS_REQUEST_ERROR, VS_REQUEST_ERROR_AUTH,
                                  /* Translators: %u is an HTTP status code, the first %s its
                                   * English reason phrase (e.g. Unauthorized), the second the
                                   * host name, the third the server's message. */
                                  _("HTTP %u %s from %s: %s. Check the API key for this "
                                    "endpoint; the remaining requests were stopped."),
                                  status, status_phrase (status), self->host,
                                  message ? message : _("access denied"));
        engine_stop (self, http_error, job);
        job_fail (job, http_error);
        return;
      }

    if (message != NULL)
      http_error = g_error_new (VS_REQUEST_ERROR, VS_REQUEST_ERROR_HTTP,
                                /* Translators: %u is an HTTP status code, the first %s its
                                 * English reason phrase (e.g. Not Found), the second the host
                                 * name, the third the server's message. */
                                _("HTTP %u %s from %s: %s"), status, status_phrase (status),
                                self->host, message);
    else
      http_error = g_error_new (VS_REQUEST_ERROR, VS_REQUEST_ERROR_HTTP,
                                /* Translators: %u is an HTTP status code, the first %s its
                                 * English reason phrase (e.g. Not Found), the second the host
                                 * name. */
                                _("HTTP %u %s from %s"), status, status_phrase (status),
                                self->host);
    if (status == 429)
      engine_on_rate_limited (self, job);
    if (status_is_retryable (status) && job->creates)
      {
        http_error->code = VS_REQUEST_ERROR_NOT_RETRIED;
        job_fail (job, http_error);
        return;
      }
    attempt_failed (job, http_error, status_is_retryable (status),
                    vs_request_parse_retry_after_ms (
                      soup_message_headers_get_one (headers, "Retry-After"),
                      soup_message_headers_get_one (headers, "retry-after-ms")));
  }
}


static void read_available (Job *job);

static gboolean
on_readable (GPollableInputStream *stream,
             gpointer              data)
{
  Job *job = data;

  g_clear_pointer (&job->read_source, g_source_unref);
  read_available (job);
  return G_SOURCE_REMOVE;
}

/* Waits until the reply stream can be read again (or the attempt is cancelled). */
static void
wait_readable (Job *job)
{
  GSource *source = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (job->in),
                                                           job->attempt_cancellable);

  g_source_set_callback (source, G_SOURCE_FUNC (on_readable), job_ref (job),
                         (GDestroyNotify) job_unref);
  g_source_attach (source, job->engine->context);
  job->read_source = source;
}

/* Whether @host ("name" or "name:port", IPv6 in brackets) is this computer. */
static gboolean
host_is_loopback (const char *host)
{
  g_autofree char *name = NULL;
  const char *colon;
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (host[0] == '[')
    {
      const char *end = strchr (host, ']');

      name = g_strndup (host + 1, end ? (gsize) (end - host - 1) : strlen (host + 1));
    }
  else if ((colon = strrchr (host, ':')) != NULL && strchr (host, ':') == colon)
    name = g_strndup (host, colon - host);
  else
    name = g_strdup (host);
  if (g_ascii_strcasecmp (name, "localhost") == 0 ||
      g_str_has_suffix (name, ".localhost"))
    return TRUE;
  address = g_inet_address_new_from_string (name);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* The reason GIO gives, without its own "Could not connect to HOST: " in front (the engine
 * says that itself, with the port). */
static const char *
connection_reason (const char *message)
{
  const char *last = g_strrstr (message, ": ");

  return last != NULL && last[2] != '\0' ? last + 2 : message;
}

static void
connection_broke (Job          *job,
                  const GError *cause,
                  gboolean      before_sending)
{
  VsRequestEngine *self = job->engine;
  g_autofree char *detail = redact (self, cause->message);
  GError *error;

  if (job->creates && !before_sending)
    {
      error = g_error_new (VS_REQUEST_ERROR, VS_REQUEST_ERROR_NOT_RETRIED,
                           /* Translators: the first %s is a host name, the second the
                            * network's description of the error. */
                           _("the connection to %s broke after the request may have reached "
                             "the server (%s); it was not repeated so that nothing is created "
                             "twice — check on the provider's side before trying again"),
                           self->host, detail);
      job_fail (job, error);
      return;
    }
  if (job->n_deltas > 0)
    {
      /* Text has been shown already: retrying would repeat it. */
      job_fail (job, g_error_new (VS_REQUEST_ERROR, VS_REQUEST_ERROR_TRUNCATED,
                                  /* Translators: the first %s is a host name, the second
                                   * the network's description of the error. */
                                  _("the stream from %s ended before the reply was complete: "
                                    "%s"),
                                  self->host, detail));
      return;
    }
  error = g_error_new (VS_REQUEST_ERROR, VS_REQUEST_ERROR_CONNECTION,
                       /* Translators: the first %s is a host name, the second the
                        * network's description of the error. */
                       before_sending ? _("could not connect to %s: %s")
                                      : _("the connection to %s broke: %s"),
                       self->host,
                       before_sending && cause->domain == G_IO_ERROR
                         ? connection_reason (detail) : detail);
  if (job->response != NULL)
    _vs_chat_response_reset (job->response);
  /* Nothing listens on this computer's port: waiting will not start a server, so say so at
   * once instead of after silent retries. */
  if (before_sending && g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) &&
      host_is_loopback (self->host))
    {
      job_fail (job, error);
      return;
    }
  attempt_failed (job, error, TRUE, -1);
}

/* Reads what the stream has without blocking, straight into the job's buffer (no task or
 * allocation per read), then waits for more; ends the attempt at the end of the body. */
static void
read_available (Job *job)
{
  g_autoptr(GError) error = NULL;

  job_ref (job);
  while (job->state == STATE_RUNNING)
    {
      gsize base = job->buf->len;
      gssize size;

      g_byte_array_set_size (job->buf, base + READ_CHUNK);
      size = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (job->in),
                                                       job->buf->data + base, READ_CHUNK,
                                                       job->attempt_cancellable, &error);
      g_byte_array_set_size (job->buf, base + MAX (size, 0));

      if (size < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK) &&
          job->abort == ABORT_NONE)
        {
          wait_readable (job);
          break;
        }
      if (job->abort != ABORT_NONE)
        {
          handle_abort (job);
          break;
        }
      if (size < 0)
        {
          connection_broke (job, error, FALSE);
          break;
        }
      if (size == 0)
        {
          on_body_done (job);
          break;
        }

      job->last_activity_us = g_get_monotonic_time ();
      if (job->kind == JOB_DOWNLOAD && SOUP_STATUS_IS_SUCCESSFUL (job->status))
        {
          if (!g_output_stream_write_all (job->sink, job->buf->data, job->buf->len, NULL,
                                          NULL, &error))
            {
              GError *io_error = g_error_new (VS_ERROR, VS_ERROR_IO,
                                              /* Translators: %s is the system's message. */
                                              _("could not write the download: %s"),
                                              error->message);
              job_fail (job, io_error);
              break;
            }
          job->downloaded += job->buf->len;
          g_byte_array_set_size (job->buf, 0);
          continue;
        }
      if (job->buf->len > MAX_BODY)
        {
          job_fail (job, g_error_new (VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL,
                                      /* Translators: %s is a host name. */
                                      _("the reply from %s is larger than %d MB"),
                                      job->engine->host, MAX_BODY / (1024 * 1024)));
          break;
        }
      if (job->kind == JOB_CHAT && job->stream && SOUP_STATUS_IS_SUCCESSFUL (job->status) &&
          !stream_feed (job, FALSE, &error))
        {
          job_fail (job, g_steal_pointer (&error));
          break;
        }
    }
  job_unref (job);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  GInputStream *in;

  in = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (job->state != STATE_RUNNING)
    {
      g_clear_object (&in);
      goto out;
    }
  if (in != NULL)
    job->in = in;
  if (job->abort != ABORT_NONE)
    {
      handle_abort (job);
      goto out;
    }
  if (in == NULL)
    {
      connection_broke (job, error, error_before_sending (error));
      goto out;
    }

  job->status = soup_message_get_status (job->msg);
  job->last_activity_us = g_get_monotonic_time ();
  if (job->response != NULL)
    job->response->status = job->status;
  /* Once per request: skip the formatting when nobody would see the line. */
  if (!g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN))
    g_debug ("%s %s → %u", job->method, job->url, job->status);
  if (!G_IS_POLLABLE_INPUT_STREAM (job->in) ||
      !g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (job->in)))
    {
      job_fail (job, g_error_new (VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL,
                                  /* Translators: %s is a host name. */
                                  _("the reply from %s cannot be read without blocking"),
                                  job->engine->host));
      goto out;
    }
  read_available (job);

out:
  job_unref (job);
}

static void
job_start_attempt (Job *job)
{
  VsRequestEngine *self = job->engine;
  SoupMessageHeaders *headers;
  GHashTableIter iter;
  gpointer name, value;

  g_autoptr(GInputStream) body_stream = NULL;
  goffset body_length = -1;

  g_assert (job->state == STATE_QUEUED);

  /* A download that broke off starts again from the first byte. */
  if (job->sink != NULL && job->downloaded > 0)
    {
      GError *error = NULL;

      if (!G_IS_SEEKABLE (job->sink) ||
          !g_seekable_seek (G_SEEKABLE (job->sink), 0, G_SEEK_SET, NULL, &error) ||
          !g_seekable_truncate (G_SEEKABLE (job->sink), 0, NULL, &error))
        {
          job_fail (job, g_error_new (VS_ERROR, VS_ERROR_IO,
                                      /* Translators: %s is the system's message. */
                                      _("could not restart the download: %s"),
                                      error ? error->message : _("the file cannot be rewound")));
          g_clear_error (&error);
          return;
        }
      job->downloaded = 0;
    }

  if (job->body_func != NULL)
    {
      GError *error = NULL;

      body_stream = job->body_func (job->body_data, &body_length, &error);
      if (body_stream == NULL)
        {
          job_fail (job, error);
          return;
        }
      g_assert (body_length >= 0);
      self->last_body_type = G_OBJECT_TYPE_NAME (body_stream);
    }

  if (self->chat_uri != NULL && strcmp (job->url, self->chat_url) == 0)
    job->msg = soup_message_new_from_uri (job->method, self->chat_uri);
  else
    job->msg = soup_message_new (job->method, job->url);
  if (job->msg == NULL)
    {
      job_fail (job, g_error_new (VS_REQUEST_ERROR, VS_REQUEST_ERROR_CONNECTION,
                                  _("“%s” is not a URL that can be requested"), job->url));
      return;
    }

  job->state = STATE_RUNNING;
  job->abort = ABORT_NONE;
  job->generation = self->generation;
  self->in_flight++;
  self->n_attempts++;
  notify_in_flight (self);

  job->attempt_cancellable = g_cancellable_new ();
  job->attempt_start_us = job->last_activity_us = g_get_monotonic_time ();
  job->n_deltas = 0;
  job->saw_done = FALSE;
  job->status = 0;
  job->scanned = 0;
  if (job->response != NULL)
    _vs_chat_response_reset (job->response);
  g_byte_array_set_size (job->buf, 0);

  if (job->deadline_us == 0 && job_total_ms (job) > 0)
    job->deadline_us = job->attempt_start_us + (gint64) job_total_ms (job) * 1000;

  headers = soup_message_get_request_headers (job->msg);
  g_hash_table_iter_init (&iter, vs_endpoint_get_headers (self->endpoint));
  while (g_hash_table_iter_next (&iter, &name, &value))
    soup_message_headers_replace (headers, name, value);
  if (self->auth_header != NULL && same_origin (self, soup_message_get_uri (job->msg)))
    soup_message_headers_replace (headers, "Authorization", self->auth_header);
  if (job->kind == JOB_CHAT && job->stream)
    soup_message_headers_replace (headers, "Accept",
                                  vs_endpoint_get_kind (self->endpoint) == VS_ENDPOINT_KIND_OLLAMA
                                    ? "application/x-ndjson" : "text/event-stream");
  else if (job->kind == JOB_DOWNLOAD)
    soup_message_headers_replace (headers, "Accept", "*/*");
  else
    soup_message_headers_replace (headers, "Accept", "application/json");
  if (job->body != NULL)
    soup_message_set_request_body_from_bytes (job->msg, job->content_type, job->body);
  else if (body_stream != NULL)
    /* A known length: libsoup sends Content-Length and streams the body, never chunked. */
    soup_message_set_request_body (job->msg, job->content_type, body_stream, body_length);
  soup_message_add_flags (job->msg, SOUP_MESSAGE_NO_REDIRECT);
  /* Downloads and calls that ask for it get a connection of their own (one more handshake
   * for a file of many MB or a poll minutes after the last): when a server closes a reused
   * keep-alive connection after the request went out, libsoup 3.2.3 both fails the send and
   * restarts the message itself, then completes it a second time and crashes (its
   * run_until_read_done lacks the restart check later versions have). Without reuse there
   * is no restart; the engine's own retry covers the dropped attempt instead. */
  if (job->kind == JOB_DOWNLOAD || job->new_connection)
    soup_message_add_flags (job->msg, SOUP_MESSAGE_NEW_CONNECTION);
  if (!job->creates)
    soup_message_add_flags (job->msg, SOUP_MESSAGE_IDEMPOTENT);

  g_signal_connect (job->msg, "network-event", G_CALLBACK (on_network_event), job);
  g_signal_connect (job->msg, "starting", G_CALLBACK (on_message_connection), job);
  if (job->body != NULL)
    {
      g_signal_connect (job->msg, "starting", G_CALLBACK (on_message_starting), job);
      g_signal_connect (job->msg, "wrote-body", G_CALLBACK (on_message_wrote_body), job);
    }

  drop_idle_connections (self);
  job->awaiting = TRUE;
  self->n_awaiting++;
  soup_session_send_async (self->session, job->msg, G_PRIORITY_DEFAULT,
                           job->attempt_cancellable, on_sent, job_ref (job));
}

/* Submitting ------------------------------------------------------------------------------- */

static Job *
job_new (VsRequestEngine     *self,
         JobKind              kind,
         const char          *method,
         char                *url,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data,
         gpointer             source_tag)
{
  Job *job = g_new0 (Job, 1);

  g_ref_count_init (&job->ref);
  job->engine = g_object_ref (self);
  job->kind = kind;
  job->method = g_strdup (method);
  job->url = url;
  job->buf = self->spare_bufs->len > 0
    ? g_ptr_array_steal_index_fast (self->spare_bufs, self->spare_bufs->len - 1)
    : g_byte_array_sized_new (READ_CHUNK);
  job->state = STATE_QUEUED;
  job->policy = (VsCallPolicy) VS_CALL_POLICY_INIT;
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, source_tag);
  /* The task must not short-cut cancellation: the job ends itself, freeing its slot first. */
  g_task_set_check_cancellable (job->task, FALSE);
  if (cancellable != NULL)
    job->cancellable = g_object_ref (cancellable);
  return job;
}

static void
job_submit (Job *job)
{
  VsRequestEngine *self = job->engine;

  self->jobs = g_list_prepend (self->jobs, job);
  if (job->custom_policy)
    self->custom_jobs = g_list_prepend (self->custom_jobs, job);
  if (self->stop_error != NULL)
    {
      job->abort = ABORT_STOPPED;
      job_fail (job, abort_error (job));
      return;
    }
  if (job->cancellable != NULL)
    {
      if (g_cancellable_is_cancelled (job->cancellable))
        {
          job->abort = ABORT_USER;
          job_fail (job, abort_error (job));
          return;
        }
      job->cancel_id = g_cancellable_connect (job->cancellable, G_CALLBACK (on_user_cancelled),
                                              job_ref (job), (GDestroyNotify) job_unref);
    }
  g_queue_push_tail (&self->queue, job);
  engine_update_watchdog (self);
  engine_pump (self);
}

typedef struct
{
  GTask          *task;
  VsChatRequest  *request;
  VsChatResponse *response;
} CacheHit;

static gboolean
deliver_cache_hit (gpointer data)
{
  CacheHit *hit = data;

  if (vs_chat_request_get_stream (hit->request))
    vs_chat_request_emit_delta (hit->request, vs_chat_response_get_text (hit->response));
  g_task_return_pointer (hit->task, g_object_ref (hit->response), g_object_unref);
  g_object_unref (hit->task);
  g_object_unref (hit->request);
  g_object_unref (hit->response);
  g_free (hit);
  return G_SOURCE_REMOVE;
}

void
vs_request_engine_chat_async (VsRequestEngine     *self,
                              VsChatRequest       *request,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Job *job;
  g_autofree char *key = NULL;
  VsCacheMode mode;

  g_return_if_fail (VS_IS_REQUEST_ENGINE (self));
  g_return_if_fail (VS_IS_CHAT_REQUEST (request));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* No model on the request: the endpoint's default model. */
  if ((vs_chat_request_get_model (request) == NULL ||
       *vs_chat_request_get_model (request) == '\0') &&
      vs_endpoint_get_default_model (self->endpoint) != NULL)
    vs_chat_request_set_model (request, vs_endpoint_get_default_model (self->endpoint));

  mode = vs_chat_request_get_cache_mode (request);
  if (self->project != NULL && mode != VS_CACHE_MODE_OFF)
    key = vs_chat_request_cache_key (request, vs_endpoint_get_kind (self->endpoint),
                                     self->chat_url);

  if (key != NULL && mode == VS_CACHE_MODE_USE)
    {
      VsChatResponse *cached = vs_response_cache_lookup (self->project, key);

      if (cached != NULL)
        {
          CacheHit *hit = g_new0 (CacheHit, 1);
          GSource *source = g_idle_source_new ();

          cached->cached = TRUE;
          cached->retries = 0;
          hit->task = g_task_new (self, cancellable, callback, user_data);
          g_task_set_source_tag (hit->task, vs_request_engine_chat_async);
          g_task_set_task_data (hit->task, g_object_ref (cached), g_object_unref);
          hit->request = g_object_ref (request);
          hit->response = cached;
          g_source_set_callback (source, deliver_cache_hit, hit, NULL);
          g_source_attach (source, self->context);
          g_source_unref (source);
          return;
        }
    }

  job = job_new (self, JOB_CHAT, "POST", g_strdup (self->chat_url), cancellable, callback,
                 user_data, vs_request_engine_chat_async);
  job->request = g_object_ref (request);
  job->response = vs_chat_response_new ();
  job->cache_key = g_steal_pointer (&key);
  job->stream = vs_chat_request_get_stream (request);
  job->content_type = g_strdup ("application/json");
  {
    char *body = vs_chat_request_build_body (request, vs_endpoint_get_kind (self->endpoint),
                                             self->stream_usage);
    job->body = g_bytes_new_take (body, strlen (body));
  }
  g_task_set_task_data (job->task, g_object_ref (job->response), g_object_unref);
  job_submit (job);
}

VsChatResponse *
vs_request_engine_chat_finish (VsRequestEngine  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  VsChatResponse *response;

  g_return_val_if_fail (VS_IS_REQUEST_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  response = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (response != NULL)
    return response;
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  response = g_task_get_task_data (G_TASK (result));
  g_propagate_error (error, g_steal_pointer (&local_error));
  return response != NULL ? g_object_ref (response) : NULL;
}

static void
job_set_policy (Job                *job,
                const VsCallPolicy *policy)
{
  if (policy == NULL)
    return;
  job->policy = *policy;
  job->custom_policy = TRUE;
}

void
vs_request_engine_list_models_full_async (VsRequestEngine     *self,
                                          const VsCallPolicy  *policy,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  Job *job;

  g_return_if_fail (VS_IS_REQUEST_ENGINE (self));

  job = job_new (self, JOB_MODELS, "GET", vs_endpoint_dup_models_url (self->endpoint),
                 cancellable, callback, user_data, vs_request_engine_list_models_async);
  job_set_policy (job, policy);
  job_submit (job);
}

void
vs_request_engine_list_models_async (VsRequestEngine     *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  vs_request_engine_list_models_full_async (self, NULL, cancellable, callback, user_data);
}

GStrv
vs_request_engine_list_models_finish (VsRequestEngine  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  g_return_val_if_fail (VS_IS_REQUEST_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

VsRequestJob *
_vs_request_job_new_json (VsRequestEngine     *self,
                          const char          *method,
                          const char          *path,
                          VsCallFlags          flags,
                          const VsCallPolicy  *policy,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data,
                          gpointer             source_tag)
{
  Job *job = job_new (self, JOB_JSON, method, vs_endpoint_build_url (self->endpoint, path),
                      cancellable, callback, user_data, source_tag);

  job->creates = (flags & VS_CALL_FLAGS_CREATES) != 0;
  job->new_connection = (flags & VS_CALL_FLAGS_NEW_CONNECTION) != 0;
  job_set_policy (job, policy);
  return job;
}

void
_vs_request_job_set_body_stream (VsRequestJob      *job,
                                 const char        *content_type,
                                 VsRequestBodyFunc  func,
                                 gpointer           data,
                                 GDestroyNotify     destroy)
{
  g_assert (job->state == STATE_QUEUED && job->body == NULL && job->body_func == NULL);

  g_free (job->content_type);
  job->content_type = g_strdup (content_type);
  job->body_func = func;
  job->body_data = data;
  job->body_destroy = destroy;
}

void
_vs_request_job_submit (VsRequestJob *job)
{
  job_submit (job);
}

void
_vs_request_engine_set_reuse_idle_ms (VsRequestEngine *self,
                                      guint            ms)
{
  g_return_if_fail (VS_IS_REQUEST_ENGINE (self));
  self->reuse_idle_ms = ms;
}

GMainContext *
_vs_request_engine_get_context (VsRequestEngine *self)
{
  return self->context;
}

const char *
_vs_request_engine_get_last_body_type (VsRequestEngine *self)
{
  return self->last_body_type;
}

void
vs_request_engine_call_json_async (VsRequestEngine     *self,
                                   const char          *method,
                                   const char          *path,
                                   JsonNode            *body,
                                   VsCallFlags          flags,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Job *job;

  g_return_if_fail (VS_IS_REQUEST_ENGINE (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL);

  job = _vs_request_job_new_json (self, method, path, flags, NULL, cancellable, callback,
                                  user_data, vs_request_engine_call_json_async);
  if (body != NULL)
    {
      char *text = vs_json_to_string (body, FALSE);
      job->body = g_bytes_new_take (text, strlen (text));
      job->content_type = g_strdup ("application/json");
    }
  job_submit (job);
}

/* The HTTP status of a finished call, attached to its task by job_complete(). */
static guint
task_status (GTask *task)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "vs-status"));
}

JsonNode *
vs_request_engine_call_json_finish (VsRequestEngine  *self,
                                    GAsyncResult     *result,
                                    guint            *out_status,
                                    GError          **error)
{
  g_return_val_if_fail (VS_IS_REQUEST_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (out_status != NULL)
    *out_status = task_status (G_TASK (result));
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vs_request_engine_download_async (VsRequestEngine     *self,
                                  const char          *path,
                                  GOutputStream       *sink,
                                  const VsCallPolicy  *policy,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Job *job;

  g_return_if_fail (VS_IS_REQUEST_ENGINE (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (G_IS_OUTPUT_STREAM (sink));

  job = job_new (self, JOB_DOWNLOAD, "GET", vs_endpoint_build_url (self->endpoint, path),
                 cancellable, callback, user_data, vs_request_engine_download_async);
  job->sink = g_object_ref (sink);
  job_set_policy (job, policy);
  job_submit (job);
}

gint64
vs_request_engine_download_finish (VsRequestEngine  *self,
                                   GAsyncResult     *result,
                                   guint            *out_status,
                                   GError          **error)
{
  g_autofree gint64 *bytes = NULL;

  g_return_val_if_fail (VS_IS_REQUEST_ENGINE (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  if (out_status != NULL)
    *out_status = task_status (G_TASK (result));
  bytes = g_task_propagate_pointer (G_TASK (result), error);
  return bytes != NULL ? *bytes : -1;
}

/* The engine object ------------------------------------------------------------------------ */

static void
vs_request_engine_constructed (GObject *object)
{
  VsRequestEngine *self = VS_REQUEST_ENGINE (object);
  g_autoptr(GUri) uri = NULL;
  int port;

  G_OBJECT_CLASS (vs_request_engine_parent_class)->constructed (object);

  g_assert (self->endpoint != NULL);
  self->context = g_main_context_ref_thread_default ();
  self->limit = vs_endpoint_get_concurrency (self->endpoint);
  self->current_limit = self->limit;
  self->host = vs_endpoint_dup_host (self->endpoint);
  self->chat_url = vs_endpoint_dup_chat_url (self->endpoint);
  self->chat_uri = g_uri_parse (self->chat_url, SOUP_HTTP_URI_FLAGS, NULL);
  uri = g_uri_parse (vs_endpoint_get_base_url (self->endpoint), G_URI_FLAGS_NONE, NULL);
  g_assert (uri != NULL);
  port = g_uri_get_port (uri);
  if (port <= 0)
    port = g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
  self->origin = g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (uri), g_uri_get_host (uri),
                                  port);

  self->max_retries = vs_endpoint_get_setting_int (self->endpoint, "max_retries",
                                                   VS_REQUEST_DEFAULT_MAX_RETRIES);
  self->retry_base_ms = vs_endpoint_get_setting_int (self->endpoint, "retry_base_ms",
                                                     VS_REQUEST_DEFAULT_RETRY_BASE_MS);
  self->retry_cap_ms = vs_endpoint_get_setting_int (self->endpoint, "retry_cap_ms",
                                                    VS_REQUEST_DEFAULT_RETRY_CAP_MS);
  self->idle_ms = vs_endpoint_get_setting_int (self->endpoint, "idle_timeout_ms",
                                               VS_REQUEST_DEFAULT_IDLE_TIMEOUT_MS);
  self->total_ms = vs_endpoint_get_setting_int (self->endpoint, "total_timeout_ms",
                                                VS_REQUEST_DEFAULT_TOTAL_TIMEOUT_MS);
  self->stream_usage = vs_endpoint_get_setting_int (self->endpoint, "stream_usage", 1) != 0;

  /* libsoup 3.2 only honours the connection limits given at construction. */
  self->session = soup_session_new_with_options ("max-conns", MAX (self->limit, 2u),
                                                 "max-conns-per-host", self->limit,
                                                 "timeout", 0,
                                                 "idle-timeout", 60,
                                                 "user-agent", "Versus/" PACKAGE_VERSION,
                                                 NULL);
  /* Replies are small JSON or event streams: decompression costs more than it saves, and a
   * compressed stream would hold back pieces of the reply. */
  soup_session_remove_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);
  /* Keys go in our own Authorization header (to the endpoint's origin only); libsoup's
   * HTTP authentication would only add per-message work and a second way to send
   * credentials. */
  soup_session_remove_feature_by_type (self->session, SOUP_TYPE_AUTH_MANAGER);
}

static void
vs_request_engine_dispose (GObject *object)
{
  VsRequestEngine *self = VS_REQUEST_ENGINE (object);

  /* Jobs hold a reference on the engine, so none can be left here. */
  g_assert (self->jobs == NULL);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  vs_request_engine_set_project (self, NULL);

  G_OBJECT_CLASS (vs_request_engine_parent_class)->dispose (object);
}

static void
vs_request_engine_finalize (GObject *object)
{
  VsRequestEngine *self = VS_REQUEST_ENGINE (object);

  g_clear_object (&self->endpoint);
  if (self->api_key != NULL)
    memset (self->api_key, 0, strlen (self->api_key));
  if (self->auth_header != NULL)
    memset (self->auth_header, 0, strlen (self->auth_header));
  g_clear_pointer (&self->api_key, g_free);
  g_clear_pointer (&self->auth_header, g_free);
  g_clear_pointer (&self->origin, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->chat_url, g_free);
  g_clear_pointer (&self->chat_uri, g_uri_unref);
  destroy_source (&self->watchdog);
  g_clear_pointer (&self->spare_bufs, g_ptr_array_unref);
  /* Connections that outlive the engine must not reach back into it. */
  for (GList *l = self->connection_refs; l != NULL; l = l->next)
    ((ConnectionRef *) l->data)->engine = NULL;
  g_clear_pointer (&self->connection_refs, g_list_free);
  g_clear_pointer (&self->sockets, g_hash_table_unref);
  g_clear_pointer (&self->uses, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_error (&self->stop_error);

  G_OBJECT_CLASS (vs_request_engine_parent_class)->finalize (object);
}

static void
vs_request_engine_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VsRequestEngine *self = VS_REQUEST_ENGINE (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->endpoint);
      break;
    case PROP_CURRENT_LIMIT:
      g_value_set_uint (value, self->current_limit);
      break;
    case PROP_IN_FLIGHT:
      g_value_set_uint (value, self->in_flight);
      break;
    case PROP_STOPPED:
      g_value_set_boolean (value, self->stop_error != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_request_engine_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VsRequestEngine *self = VS_REQUEST_ENGINE (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      self->endpoint = vs_endpoint_copy (g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_request_engine_class_init (VsRequestEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vs_request_engine_constructed;
  object_class->dispose = vs_request_engine_dispose;
  object_class->finalize = vs_request_engine_finalize;
  object_class->get_property = vs_request_engine_get_property;
  object_class->set_property = vs_request_engine_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, VS_TYPE_ENDPOINT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_LIMIT] =
    g_param_spec_uint ("current-limit", NULL, NULL, 1, VS_ENDPOINT_MAX_CONCURRENCY, 1,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IN_FLIGHT] =
    g_param_spec_uint ("in-flight", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STOPPED] =
    g_param_spec_boolean ("stopped", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VsRequestEngine::stopped:
   * @error: the authentication error that stopped the batch
   */
  signals[STOPPED] =
    g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
vs_request_engine_init (VsRequestEngine *self)
{
  g_queue_init (&self->queue);
  self->spare_bufs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref);
  self->sockets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->uses = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->reuse_idle_ms = VS_REQUEST_REUSE_IDLE_MS;
}

VsRequestEngine *
vs_request_engine_new (VsEndpoint *endpoint,
                       const char *api_key)
{
  VsRequestEngine *self;

  g_return_val_if_fail (VS_IS_ENDPOINT (endpoint), NULL);
  g_return_val_if_fail (vs_endpoint_get_base_url (endpoint) != NULL, NULL);

  self = g_object_new (VS_TYPE_REQUEST_ENGINE, "endpoint", endpoint, NULL);
  vs_request_engine_set_api_key (self, api_key);
  return self;
}

VsEndpoint *
vs_request_engine_get_endpoint (VsRequestEngine *self)
{
  g_return_val_if_fail (VS_IS_REQUEST_ENGINE (self), NULL);
  return self->endpoint;
}

void
vs_request_engine_set_api_key (VsRequestEngine *self,
                               const char      *api_key)
{
  g_return_if_fail (VS_IS_REQUEST_ENGINE (self));

  g_clear_pointer (&self->api_key, g_free);
  g_clear_pointer (&self->auth_header, g_free);
  if (api_key != NULL && *api_key != '\0')
    {
      self->api_key = g_strdup (api_key);
      self->auth_header = g_strconcat ("Bearer ", api_key, NULL);
    }
}

void
vs_request_engine_set_project (VsRequestEngine *self,
                               VsProject       *project)
{
  g_return_if_fail (VS_IS_REQUEST_ENGINE (self));
  g_return_if_fail (project == NULL || VS_IS_PROJECT (project));

  if (self->project == project)
    return;
  if (self->project != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->project), (gpointer *) &self->project);
  self->project = project;
  if (project != NULL)
    g_object_add_weak_pointer (G_OBJECT (project), (gpointer *) &self->project);
}

void
vs_request_engine_set_max_retries (VsRequestEngine *self,
                                   guint            max_retries)
{
  g_return_if_fail (VS_IS_REQUEST_ENGINE (self));
  self->max_retries = max_retries;
}

void
vs_request_engine_set_retry_backoff (VsRequestEngine *self,
                                     guint            base_ms,
                                     guint            cap_ms)
{
  g_return_if_fail (VS_IS_REQUEST_ENGINE (self));
  self->retry_base_ms = base_ms;
  self->retry_cap_ms = MAX (base_ms, cap_ms);
}

void
vs_request_engine_set_timeouts (VsRequestEngine *self,
                                guint            idle_ms,
                                guint            total_ms)
{
  g_return_if_fail (VS_IS_REQUEST_ENGINE (self));
  self->idle_ms = idle_ms;
  self->total_ms = total_ms;
  destroy_source (&self->watchdog);
  engine_update_watchdog (self);
}

guint
vs_request_engine_get_limit (VsRequestEngine *self)
{
  g_return_val_if_fail (VS_IS_REQUEST_ENGINE (self), 0);
  return self->limit;
}

guint
vs_request_engine_get_current_limit (VsRequestEngine *self)
{
  g_return_val_if_fail (VS_IS_REQUEST_ENGINE (self), 0);
  return self->current_limit;
}

guint
vs_request_engine_get_in_flight (VsRequestEngine *self)
{
  g_return_val_if_fail (VS_IS_REQUEST_ENGINE (self), 0);
  return self->in_flight;
}

guint
vs_request_engine_get_n_pending (VsRequestEngine *self)
{
  g_return_val_if_fail (VS_IS_REQUEST_ENGINE (self), 0);
  return g_list_length (self->jobs);
}

guint64
vs_request_engine_get_n_attempts (VsRequestEngine *self)
{
  g_return_val_if_fail (VS_IS_REQUEST_ENGINE (self), 0);
  return self->n_attempts;
}

guint64
vs_request_engine_get_n_connections (VsRequestEngine *self)
{
  g_return_val_if_fail (VS_IS_REQUEST_ENGINE (self), 0);
  return self->n_connections;
}

gboolean
vs_request_engine_get_stopped (VsRequestEngine *self)
{
  g_return_val_if_fail (VS_IS_REQUEST_ENGINE (self), FALSE);
  return self->stop_error != NULL;
}

void
vs_request_engine_resume (VsRequestEngine *self)
{
  g_return_if_fail (VS_IS_REQUEST_ENGINE (self));

  if (self->stop_error == NULL)
    return;
  g_clear_error (&self->stop_error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STOPPED]);
}
