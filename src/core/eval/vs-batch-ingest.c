/* vs-batch-ingest.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Batch output files into a run's results (see vs-batch-ingest.h). A file is read one line at
 * a time; each line finds its trial through its custom_id (the case read from the snapshot by
 * ordinal, the trial's state from the results table), so memory does not grow with the file.
 * Results go to the writer as the online runner's do (vs-eval-trial-private.h), fire and
 * forget; the trials queued but not yet committed are remembered until the writer says they
 * are, so a line repeated in the same file is seen as already finished. The request each trial
 * would have sent online is rebuilt for its cache key.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vs-batch-ingest-private.h"
#include "vs-batch-ingest.h"
#include "vs-batch-lines.h"
#include "vs-chat-response-private.h"
#include "vs-chat-wire-private.h"
#include "vs-error.h"
#include "vs-eval-trial-private.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-run-store.h"
#include "vs-writer-private.h"

/* Results go to the writer this many to a job. */
#define RESULTS_PER_JOB 1024
/* Jobs queued to the writer before reading waits for it: memory stays flat when lines come
 * faster than the disk takes them. */
#define MAX_WRITER_BACKLOG 4
/* As the runner: every so many results the writer's connection gives back its page cache. */
#define RELEASE_EVERY 8192
/* Lines read in one read transaction of the project's connection: its page cache stays valid
 * that long, instead of being dropped at every lookup after a commit of the writer. */
#define LINES_PER_READ     4096
#define CANCEL_CHECK_EVERY 1024

void
vs_batch_ingest_stats_init (VsBatchIngestStats *stats)
{
  g_return_if_fail (stats != NULL);

  memset (stats, 0, sizeof *stats);
  stats->messages = g_ptr_array_new_with_free_func (g_free);
}

void
vs_batch_ingest_stats_clear (VsBatchIngestStats *stats)
{
  g_return_if_fail (stats != NULL);

  g_clear_pointer (&stats->messages, g_ptr_array_unref);
}

typedef struct
{
  VsProject          *project;
  VsEvalRunSetup     *setup;
  VsBatchIngestStats *stats;
  GCancellable       *cancellable;
  GMainContext       *context;
  char               *display;     /* the file's name in messages */
  gint64              line_no;
  char              **chat_urls;   /* per contender, for cache keys */
  /* Trials accepted and not yet known to be committed: key → sequence number of its write
   * (0 while its judges are out). */
  GHashTable         *pending;
  GQueue              written;     /* keys in write order */
  guint64             n_written;
  gint                committed;   /* atomic: result jobs done */
  guint               judging;     /* trials waiting for their judges */
  VsEvalResultBatch  *batch;       /* results not queued yet */
  gboolean            reading;     /* a read transaction is open on @db */
  sqlite3            *db;          /* the ingest's own read connection */
  const char         *fail_reason; /* vs_batch_fail_unfinished() */
  gint64              counts[3];   /* vs_batch_count_input(): lines, ok, error */
} Ingest;

static void
ingest_clear (Ingest *in)
{
  g_clear_pointer (&in->pending, g_hash_table_unref);
  g_queue_clear_full (&in->written, g_free);
  g_clear_pointer (&in->batch, _vs_eval_result_batch_free);
  g_strfreev (in->chat_urls);
  g_free (in->display);
  g_clear_pointer (&in->context, g_main_context_unref);
  g_clear_pointer (&in->setup, _vs_eval_run_setup_free);
  g_clear_pointer (&in->db, sqlite3_close);
}

static gboolean
ingest_init (Ingest              *in,
             VsProject           *project,
             gint64               run_id,
             VsBatchIngestStats  *stats,
             GCancellable        *cancellable,
             GError             **error)
{
  memset (in, 0, sizeof *in);
  in->project = project;
  in->stats = stats;
  in->cancellable = cancellable;
  in->context = g_main_context_ref_thread_default ();
  in->setup = _vs_eval_run_setup_new (project, run_id, error);
  if (in->setup == NULL)
    return FALSE;
  /* Its own connection, with a cache that holds the cases and results a file's lines jump
   * between (they come in any order), rather than the project's shared one. */
  in->db = vs_project_open_connection (project, error);
  if (in->db == NULL)
    return FALSE;
  sqlite3_exec (in->db, "PRAGMA cache_size = -32768", NULL, NULL, NULL);
  in->setup->read_db = in->db;
  in->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  in->batch = _vs_eval_result_batch_new ();
  g_queue_init (&in->written);
  in->chat_urls = g_new0 (char *, in->setup->contenders->len + 1);
  for (guint i = 0; i < in->setup->contenders->len; i++)
    {
      VsEvalTrialContender *c = g_ptr_array_index (in->setup->contenders, i);

      in->chat_urls[i] = vs_endpoint_dup_chat_url (c->endpoint);
    }
  return TRUE;
}

static void skip_line (Ingest     *in,
                       gint64     *counter,
                       const char *format,
                       ...) G_GNUC_PRINTF (3, 4);

/* Counts a skipped line and keeps "FILE:LINE: why" for the first ones. */
static void
skip_line (Ingest     *in,
           gint64     *counter,
           const char *format,
           ...)
{
  g_autofree char *why = NULL;
  va_list args;

  (*counter)++;
  if (in->stats->messages == NULL ||
      in->stats->messages->len >= VS_BATCH_INGEST_MAX_MESSAGES)
    return;
  va_start (args, format);
  why = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (in->stats->messages,
                   g_strdup_printf ("%s:%" G_GINT64_FORMAT ": %s", in->display, in->line_no,
                                    why));
}

/* Forgets the trials of the first @committed writes: the lookups see them from now on. */
static void
retire_committed (Ingest *in,
                  guint64 committed)
{
  while (in->n_written - g_queue_get_length (&in->written) < committed)
    {
      char *key = g_queue_pop_head (&in->written);

      g_hash_table_remove (in->pending, key);
      g_free (key);
    }
}

/* Queues the results gathered so far as one writer job. */
static void
flush_results (Ingest *in)
{
  if (_vs_eval_result_batch_get_size (in->batch) == 0)
    return;
  _vs_eval_result_batch_queue (g_steal_pointer (&in->batch), in->project, &in->committed);
  in->batch = _vs_eval_result_batch_new ();
}

static void
write_trial (Ingest      *in,
             VsEvalTrial *t)
{
  char *key = _vs_eval_trial_key (t->contender->id, t->c->ordinal, t->repeat);

  if (_vs_eval_result_batch_add (in->batch, t, t->cache_key))
    in->stats->n_failed++;
  else
    in->stats->n_ok++;
  /* Still pending (its key is in the table) until the writer has committed it. */
  g_queue_push_tail (&in->written, key);
  if (_vs_eval_result_batch_get_size (in->batch) >= RESULTS_PER_JOB)
    flush_results (in);
  if (++in->n_written % RELEASE_EVERY == 0)
    _vs_eval_release_writer_memory (in->project);
}

/* Every trial comes here once scored (from _vs_eval_trial_score() itself when there is no
 * judge): written unless the ingest was cancelled meanwhile. */
static void
on_scored (VsEvalTrial *t,
           gpointer     data)
{
  Ingest *in = data;

  in->judging--;
  if (!g_cancellable_is_cancelled (in->cancellable))
    write_trial (in, t);
  _vs_eval_trial_free (t);
}

/* Waits (running the thread's main context) while more than @max trials wait for judges. */
static void
wait_judges (Ingest *in,
             guint   max)
{
  while (in->judging > max)
    g_main_context_iteration (in->context, TRUE);
}

static void
wait_writer (Ingest *in)
{
  VsWriter *writer = vs_project_get_writer (in->project);

  if (vs_writer_get_pending (writer) > MAX_WRITER_BACKLOG)
    _vs_writer_wait_below (writer, MAX_WRITER_BACKLOG / 2);
}

static void
end_read (Ingest *in)
{
  if (!in->reading)
    return;
  sqlite3_exec (in->db, "COMMIT", NULL, NULL, NULL);
  in->reading = FALSE;
}

/* A new read transaction: it sees every write done before it began, so the trials of those
 * writes need not be remembered any more. */
static void
refresh_read (Ingest *in)
{
  guint64 committed;

  end_read (in);
  committed = (guint) g_atomic_int_get (&in->committed);
  in->reading = sqlite3_exec (in->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
  retire_committed (in, committed);
}

/* The trial a custom_id names, or NULL (the line counted as unknown or finished). */
static VsEvalTrial *
find_trial (Ingest      *in,
            const char  *custom_id,
            gboolean     retry_errors,
            GError     **error)
{
  VsEvalRunSetup *setup = in->setup;
  gint64 run_id, contender_id, ordinal, sample;
  VsEvalTrialContender *contender;
  g_autofree char *key = NULL;
  g_autofree char *state = NULL;
  VsEvalTrialCase *c;
  VsEvalTrial *t;

  if (!vs_batch_custom_id_parse (custom_id, &run_id, &contender_id, &ordinal, &sample) ||
      run_id != setup->run_id)
    {
      skip_line (in, &in->stats->n_unknown, _("custom_id “%s” is not a trial of run “%s”"),
                 custom_id, setup->name);
      return NULL;
    }
  contender = _vs_eval_run_setup_find_contender (setup, contender_id);
  if (contender == NULL || sample >= setup->spec->repeats)
    {
      skip_line (in, &in->stats->n_unknown, _("custom_id “%s” is not a trial of run “%s”"),
                 custom_id, setup->name);
      return NULL;
    }
  key = _vs_eval_trial_key (contender_id, ordinal, (gint) sample);
  if (g_hash_table_contains (in->pending, key))
    {
      skip_line (in, &in->stats->n_finished, _("custom_id “%s”: the trial already has a result"),
                 custom_id);
      return NULL;
    }
  state = _vs_eval_run_setup_trial_state (setup, contender_id, ordinal, (gint) sample);
  if (g_strcmp0 (state, "ok") == 0 || (!retry_errors && g_strcmp0 (state, "error") == 0))
    {
      skip_line (in, &in->stats->n_finished, _("custom_id “%s”: the trial already has a result"),
                 custom_id);
      return NULL;
    }
  c = _vs_eval_run_setup_find_case (setup, ordinal, error);
  if (c == NULL)
    {
      if (error == NULL || *error == NULL)
        skip_line (in, &in->stats->n_unknown, _("custom_id “%s” is not a trial of run “%s”"),
                   custom_id, setup->name);
      return NULL;
    }
  t = _vs_eval_trial_new (setup, c, contender, (gint) sample);
  _vs_eval_trial_case_unref (c);
  g_hash_table_add (in->pending, g_steal_pointer (&key));
  return t;
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

void
_vs_batch_output_line_clear (VsBatchOutputLine *line)
{
  g_clear_pointer (&line->custom_id, g_free);
  g_clear_object (&line->response);
  g_clear_pointer (&line->error, g_free);
  line->status = 0;
}

/* The message of a failed line: its error, or what the body of a non-2xx response says. */
static char *
failure_text (JsonObject *error,
              JsonObject *body,
              gint64      status)
{
  g_autofree char *text = NULL;

  if (error != NULL)
    {
      const char *message = string_member (error, "message");
      const char *code = string_member (error, "code");

      return code != NULL ? g_strdup_printf (_("The batch request failed: %s (%s)"),
                                             message ? message : _("no message"), code)
                          : g_strdup_printf (_("The batch request failed: %s"),
                                             message ? message : _("no message"));
    }
  if (body != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), body);
      g_autofree char *raw = vs_json_to_string (node, FALSE);

      text = _vs_chat_wire_error_text (raw, strlen (raw));
    }
  return g_strdup_printf (_("The batch request failed with HTTP %" G_GINT64_FORMAT ": %s"),
                          status, text ? text : _("no message"));
}

gboolean
_vs_batch_output_line_parse (const char         *text,
                             gsize               length,
                             VsBatchOutputLine  *out,
                             char              **why)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local = NULL;
  JsonObject *line, *response, *error, *body;
  JsonNode *status_node;
  gint64 status = 0;
  gsize blank = 0;

  memset (out, 0, sizeof *out);
  while (blank < length && (text[blank] == ' ' || text[blank] == '\t' || text[blank] == '\r'))
    blank++;
  if (blank == length)
    {
      *why = g_strdup (_("an empty line"));
      return FALSE;
    }
  root = vs_json_parse (text, (gssize) length, &local);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      *why = g_strdup_printf (_("not a JSON object%s%s"), local ? ": " : "",
                              local ? local->message : "");
      return FALSE;
    }
  line = json_node_get_object (root);
  if (string_member (line, "custom_id") == NULL)
    {
      *why = g_strdup (_("no “custom_id”"));
      return FALSE;
    }
  response = object_member (line, "response");
  error = object_member (line, "error");
  if (response == NULL && error == NULL)
    {
      *why = g_strdup (_("neither a “response” nor an “error”"));
      return FALSE;
    }
  out->custom_id = g_strdup (string_member (line, "custom_id"));
  body = object_member (response, "body");
  status_node = response ? json_object_get_member (response, "status_code") : NULL;
  if (status_node != NULL && JSON_NODE_HOLDS_VALUE (status_node) &&
      json_node_get_value_type (status_node) == G_TYPE_INT64)
    status = json_node_get_int (status_node);
  out->status = (guint) CLAMP (status, 0, 999);
  if (error != NULL || status < 200 || status > 299)
    {
      out->error = failure_text (error, body, status);
      return TRUE;
    }
  if (body == NULL)
    {
      out->error = g_strdup (_("The batch response has no body"));
      return TRUE;
    }
  out->response = vs_chat_response_new ();
  if (!_vs_chat_wire_parse_reply (VS_ENDPOINT_KIND_OPENAI, body, out->response, &local))
    {
      out->error = g_strdup_printf (_("The batch response is not a chat completion: %s"),
                                    local->message);
      g_clear_object (&out->response);
      return TRUE;
    }
  out->response->status = out->status;
  /* A batch has no latency of its own: unknown, not zero. */
  out->response->latency_ms = -1;
  out->response->ttft_ms = -1;
  return TRUE;
}

/* Where the answer goes in the response cache: the key the online request would have had. */
static void
set_cache_key (Ingest      *in,
               VsEvalTrial *t)
{
  g_autoptr(VsChatRequest) request = NULL;

  request = _vs_eval_trial_build_request (t, NULL);
  if (request == NULL)
    return;
  t->cache_key = vs_chat_request_cache_key (request,
                                            vs_endpoint_get_kind (t->contender->endpoint),
                                            in->chat_urls[t->contender->index]);
}

static gboolean
ingest_line (Ingest      *in,
             const char  *text,
             gsize        length,
             GError     **error)
{
  VsBatchOutputLine line;
  g_autofree char *why = NULL;
  VsEvalTrial *t;

  in->stats->n_lines++;
  if (!_vs_batch_output_line_parse (text, length, &line, &why))
    {
      skip_line (in, &in->stats->n_malformed, "%s", why);
      return TRUE;
    }
  t = find_trial (in, line.custom_id, TRUE, error);
  if (t == NULL)
    {
      _vs_batch_output_line_clear (&line);
      return error == NULL || *error == NULL;
    }
  t->http_status = line.status;
  t->request_error = g_steal_pointer (&line.error);
  t->response = g_steal_pointer (&line.response);
  _vs_batch_output_line_clear (&line);
  in->judging++;
  if (t->response == NULL)
    {
      on_scored (t, in);
      return TRUE;
    }
  t->cost = vs_eval_spec_request_cost_batch (in->setup->spec, t->contender->spec->model,
                                             vs_chat_response_get_prompt_tokens (t->response),
                                             vs_chat_response_get_completion_tokens (t->response));
  set_cache_key (in, t);
  _vs_eval_trial_score (t, in->cancellable, on_scored, in);
  return TRUE;
}

static gboolean
noop_job (VsWriteContext  *ctx,
          gpointer         data,
          GError         **error)
{
  return TRUE;
}

/* Once every line is in: waits for the judges and the writer, then finishes the run as the
 * online runner does when no trial is left without a result. */
static gboolean
ingest_finish (Ingest  *in,
               GError **error)
{
  VsWriter *writer = vs_project_get_writer (in->project);
  g_autoptr(VsRunInfo) info = NULL;
  VsRunResultCounts counts;

  wait_judges (in, 0);
  flush_results (in);
  _vs_eval_release_writer_memory (in->project);
  end_read (in);
  if (!_vs_writer_run_in_order (writer, noop_job, NULL, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (in->cancellable, error))
    return FALSE;
  if (!vs_run_store_count_results (in->project, in->setup->run_id, &counts, error))
    return FALSE;
  if (counts.n_ok + counts.n_errors < _vs_eval_run_setup_n_trials (in->setup))
    return TRUE;
  info = vs_run_store_get (in->project, in->setup->run_id, error);
  if (info == NULL)
    return FALSE;
  if (g_strcmp0 (info->state, "done") == 0)
    return TRUE;
  return vs_run_store_set_state (in->project, in->setup->run_id, "done", error);
}

typedef gboolean (*LineFunc) (Ingest      *in,
                              const char  *text,
                              gsize        length,
                              GError     **error);

/* Calls @func for every line of @file (without its end of line). */
static gboolean
foreach_line_read (Ingest    *in,
                   GFile     *file,
                   LineFunc   func,
                   GError   **error)
{
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GDataInputStream) data = NULL;

  input = g_file_read (file, in->cancellable, error);
  if (input == NULL)
    return FALSE;
  g_free (in->display);
  in->display = g_file_get_parse_name (file);
  in->line_no = 0;
  data = g_data_input_stream_new (G_INPUT_STREAM (input));
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (data), 1 << 20);
  g_data_input_stream_set_newline_type (data, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  for (;;)
    {
      g_autofree char *text = NULL;
      GError *local = NULL;
      gsize length = 0;

      text = g_data_input_stream_read_line (data, &length, in->cancellable, &local);
      if (text == NULL)
        {
          if (local != NULL)
            {
              g_propagate_prefixed_error (error, local, "%s: ", in->display);
              return FALSE;
            }
          return TRUE;
        }
      in->line_no++;
      if (in->line_no % CANCEL_CHECK_EVERY == 0 &&
          g_cancellable_set_error_if_cancelled (in->cancellable, error))
        return FALSE;
      if (!in->reading || in->line_no % LINES_PER_READ == 0)
        refresh_read (in);
      /* A file that ends with a newline has no last, empty line. */
      if (!func (in, text, length, error))
        return FALSE;
      wait_judges (in, in->setup->spec->concurrency);
      wait_writer (in);
    }
}

static gboolean
foreach_line (Ingest        *in,
              GFile         *file,
              LineFunc       func,
              GError       **error)
{
  gboolean ok = foreach_line_read (in, file, func, error);

  end_read (in);
  return ok;
}

gboolean
vs_batch_ingest_file (VsProject          *project,
                      gint64              run_id,
                      GFile              *file,
                      VsBatchIngestStats *stats,
                      GCancellable       *cancellable,
                      GError            **error)
{
  Ingest in;
  gboolean ok;

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);

  if (!ingest_init (&in, project, run_id, stats, cancellable, error))
    {
      ingest_clear (&in);
      return FALSE;
    }
  ok = foreach_line (&in, file, ingest_line, error);
  /* Even after a failure: what was queued is committed before the setup goes. */
  ok = ingest_finish (&in, ok ? error : NULL) && ok;
  ingest_clear (&in);
  return ok;
}

static gboolean
fail_line (Ingest      *in,
           const char  *text,
           gsize        length,
           GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  const char *custom_id;
  VsEvalTrial *t;

  /* Our own input file: a line that does not read is none of this run's trials. */
  if (length == 0)
    return TRUE;
  root = vs_json_parse (text, (gssize) length, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return TRUE;
  custom_id = string_member (json_node_get_object (root), "custom_id");
  if (custom_id == NULL)
    return TRUE;
  t = find_trial (in, custom_id, FALSE, error);
  if (t == NULL)
    return error == NULL || *error == NULL;
  t->request_error = g_strdup (in->fail_reason);
  in->judging++;
  on_scored (t, in);
  return TRUE;
}

gboolean
vs_batch_fail_unfinished (VsProject    *project,
                          gint64        run_id,
                          GFile        *input_file,
                          const char   *reason,
                          gint64       *n_failed,
                          GCancellable *cancellable,
                          GError      **error)
{
  VsBatchIngestStats stats = { 0 };
  Ingest in;
  gboolean ok;

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (G_IS_FILE (input_file), FALSE);
  g_return_val_if_fail (reason != NULL, FALSE);

  if (n_failed != NULL)
    *n_failed = 0;
  if (!ingest_init (&in, project, run_id, &stats, cancellable, error))
    {
      ingest_clear (&in);
      return FALSE;
    }
  in.fail_reason = reason;
  ok = foreach_line (&in, input_file, fail_line, error);
  ok = ingest_finish (&in, ok ? error : NULL) && ok;
  ingest_clear (&in);
  if (n_failed != NULL)
    *n_failed = stats.n_failed + stats.n_ok;
  return ok;
}

static gboolean
count_line (Ingest      *in,
            const char  *text,
            gsize        length,
            GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *state = NULL;
  gint64 run_id, contender_id, ordinal, sample;

  root = length > 0 ? vs_json_parse (text, (gssize) length, NULL) : NULL;
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !vs_batch_custom_id_parse (string_member (json_node_get_object (root), "custom_id"),
                                 &run_id, &contender_id, &ordinal, &sample) ||
      run_id != in->setup->run_id)
    return TRUE;
  in->counts[0]++;
  state = _vs_eval_run_setup_trial_state (in->setup, contender_id, ordinal, (gint) sample);
  if (g_strcmp0 (state, "ok") == 0)
    in->counts[1]++;
  else if (g_strcmp0 (state, "error") == 0)
    in->counts[2]++;
  return TRUE;
}

gboolean
vs_batch_count_input (VsProject    *project,
                      gint64        run_id,
                      GFile        *input_file,
                      gint64       *n_lines,
                      gint64       *n_ok,
                      gint64       *n_error,
                      GCancellable *cancellable,
                      GError      **error)
{
  VsBatchIngestStats stats = { 0 };
  Ingest in;
  gboolean ok;

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (G_IS_FILE (input_file), FALSE);

  if (!ingest_init (&in, project, run_id, &stats, cancellable, error))
    {
      ingest_clear (&in);
      return FALSE;
    }
  ok = foreach_line (&in, input_file, count_line, error);
  if (n_lines != NULL)
    *n_lines = in.counts[0];
  if (n_ok != NULL)
    *n_ok = in.counts[1];
  if (n_error != NULL)
    *n_error = in.counts[2];
  ingest_clear (&in);
  return ok;
}
