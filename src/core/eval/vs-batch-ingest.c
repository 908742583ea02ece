/* vs-batch-ingest.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Batch output files into a run's results (see vs-batch-ingest.h). A file is read one line at
 * a time, in place in one buffer; a line is skimmed for the members a chat completion's answer
 * needs (vs_json_skim(); any other shape is read in full). Each line finds its trial through
 * its custom_id: the case read from the snapshot by ordinal, the trial's state from a byte per
 * trial read from the results table once, which also marks the trials this ingest answered (a
 * line repeated in a file is seen as finished); memory does not grow with the file. Results go
 * to the writer as the online runner's do (vs-eval-trial-private.h), thousands to a job, fire
 * and forget, with their response cache entries under the key the online request would have
 * had: the contender's part of it is computed once, each trial renders only its messages.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vs-batch-ingest-private.h"
#include "vs-batch-ingest.h"
#include "vs-batch-lines.h"
#include "vs-chat-request-private.h"
#include "vs-chat-response-private.h"
#include "vs-chat-wire-private.h"
#include "vs-error.h"
#include "vs-eval-trial-private.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-run-store.h"
#include "vs-template.h"
#include "vs-writer-private.h"

/* Results go to the writer this many to a job, and at most MAX_WRITER_BACKLOG jobs wait for
 * their commit before reading waits for the writer: memory stays flat (about 10 MB of results
 * in flight) when lines come faster than the disk takes them. Measured with bench-batch:
 * 1,024-result jobs made a commit per job, each rewriting the random index pages it touched;
 * 2,048 still more commits; 8,192 left the writer idle between jobs. */
#define RESULTS_PER_JOB    4096
#define MAX_WRITER_BACKLOG 5
/* As the runner: every so many results the writer's connection gives back its page cache. */
#define RELEASE_EVERY 8192
/* Lines read in one read transaction of the ingest's connection: SQLite drops a connection's
 * whole page cache when a transaction begins after another connection's commit, so the cases'
 * pages are read again after each new one. A longer one keeps the writer's checkpoints from
 * copying back what was committed since it began (the WAL grows meanwhile). */
#define LINES_PER_READ     32768
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

/* The members of an output line the ingest reads, skimmed (vs_json_skim()) for the common
 * case — a 2xx response with a chat completion — which then builds no JSON tree. */
enum
{
  SKIM_CUSTOM_ID,
  SKIM_RESPONSE,
  SKIM_STATUS,
  SKIM_BODY,
  SKIM_CHOICES,
  SKIM_CHOICE,
  SKIM_MESSAGE,
  SKIM_CONTENT,
  SKIM_FINISH,
  SKIM_USAGE,
  SKIM_PROMPT_TOKENS,
  SKIM_COMPLETION_TOKENS,
  SKIM_ERROR,
  N_SKIM
};

static const VsJsonSkimPath skim_message[] = {
  { "content", SKIM_CONTENT, NULL, 0 },
};
static const VsJsonSkimPath skim_choice[] = {
  { "message", SKIM_MESSAGE, skim_message, G_N_ELEMENTS (skim_message) },
  { "finish_reason", SKIM_FINISH, NULL, 0 },
};
static const VsJsonSkimPath skim_choices[] = {
  { NULL, SKIM_CHOICE, skim_choice, G_N_ELEMENTS (skim_choice) },
};
static const VsJsonSkimPath skim_usage[] = {
  { "prompt_tokens", SKIM_PROMPT_TOKENS, NULL, 0 },
  { "completion_tokens", SKIM_COMPLETION_TOKENS, NULL, 0 },
};
static const VsJsonSkimPath skim_body[] = {
  { "choices", SKIM_CHOICES, skim_choices, G_N_ELEMENTS (skim_choices) },
  { "usage", SKIM_USAGE, skim_usage, G_N_ELEMENTS (skim_usage) },
};
static const VsJsonSkimPath skim_response[] = {
  { "status_code", SKIM_STATUS, NULL, 0 },
  { "body", SKIM_BODY, skim_body, G_N_ELEMENTS (skim_body) },
};
static const VsJsonSkimPath skim_line_members[] = {
  { "custom_id", SKIM_CUSTOM_ID, NULL, 0 },
  { "response", SKIM_RESPONSE, skim_response, G_N_ELEMENTS (skim_response) },
  { "error", SKIM_ERROR, NULL, 0 },
};
static const VsJsonSkimPath skim_line = {
  NULL, -1, skim_line_members, G_N_ELEMENTS (skim_line_members)
};

typedef struct
{
  VsJsonSkimValue values[N_SKIM];
  GString        *buffer;
} LineSkim;

static void
line_skim_init (LineSkim *skim)
{
  memset (skim, 0, sizeof *skim);
  skim->buffer = g_string_sized_new (256);
}

static void
line_skim_clear (LineSkim *skim)
{
  vs_json_skim_values_clear (skim->values, N_SKIM);
  if (skim->buffer != NULL)
    g_string_free (skim->buffer, TRUE);
  skim->buffer = NULL;
}

/* What is known of each trial of the run: its committed state when the ingest began, or that
 * a line of this ingest answered it. */
enum
{
  TRIAL_NONE,
  TRIAL_OK,
  TRIAL_ERROR,
  TRIAL_TAKEN,
};

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
  /* One byte per trial (a TRIAL_ value), by ((ordinal - 1) × contenders + contender's
   * position) × repeats + repeat; grown to the largest ordinal seen. A byte per trial, not a
   * set of keys: 450,000 trials are 450 KB, and a lookup is an index. */
  guint8             *trials;
  gsize               n_trials;
  guint               judging;     /* trials waiting for their judges */
  guint64             n_written;
  VsEvalResultBatch  *batch;       /* results not queued yet */
  LineSkim            skim;
  VsChatKeyParts     *key_parts;   /* per contender, once its first key is computed */
  GString            *key_messages;
  GString            *key_text;
  gboolean            reading;     /* a read transaction is open on @db */
  sqlite3            *db;          /* the ingest's own read connection */
  const char         *fail_reason; /* vs_batch_fail_unfinished() */
  gint64              counts[3];   /* vs_batch_count_input(): lines, ok, error */
} Ingest;

static void
ingest_clear (Ingest *in)
{
  g_free (in->trials);
  line_skim_clear (&in->skim);
  if (in->key_parts != NULL)
    for (guint i = 0; in->setup != NULL && i < in->setup->contenders->len; i++)
      _vs_chat_key_parts_clear (&in->key_parts[i]);
  g_free (in->key_parts);
  if (in->key_messages != NULL)
    g_string_free (in->key_messages, TRUE);
  if (in->key_text != NULL)
    g_string_free (in->key_text, TRUE);
  g_clear_pointer (&in->batch, _vs_eval_result_batch_free);
  g_strfreev (in->chat_urls);
  g_free (in->display);
  g_clear_pointer (&in->context, g_main_context_unref);
  g_clear_pointer (&in->setup, _vs_eval_run_setup_free);
  g_clear_pointer (&in->db, sqlite3_close);
}

static gsize
trial_index (Ingest *in,
             guint   contender,
             gint64  ordinal,
             gint64  sample)
{
  return ((gsize) (ordinal - 1) * in->setup->contenders->len + contender) *
         (gsize) in->setup->spec->repeats + (gsize) sample;
}

static guint8
trial_get (Ingest *in,
           gsize   index)
{
  return index < in->n_trials ? in->trials[index] : TRIAL_NONE;
}

static void
trial_set (Ingest *in,
           gsize   index,
           guint8  state)
{
  if (index >= in->n_trials)
    {
      gsize n = MAX (MAX (index + 1, in->n_trials * 2), 4096);

      in->trials = g_realloc (in->trials, n);
      memset (in->trials + in->n_trials, TRIAL_NONE, n - in->n_trials);
      in->n_trials = n;
    }
  in->trials[index] = state;
}

/* The run's committed results, read once: lines then find their trial's state in memory
 * instead of asking the results table (whose pages the writer keeps changing) per line. */
static gboolean
load_trials (Ingest  *in,
             GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (in->db,
                           "SELECT contender_id, case_ordinal, sample_index, state FROM results"
                           " WHERE run_id = ?1 AND state != 'pending'",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return _vs_project_set_db_error (in->db, vs_project_get_path (in->project), rc, error);
  sqlite3_bind_int64 (stmt, 1, in->setup->run_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VsEvalTrialContender *c =
        _vs_eval_run_setup_find_contender (in->setup, sqlite3_column_int64 (stmt, 0));
      gint64 ordinal = sqlite3_column_int64 (stmt, 1);
      gint64 sample = sqlite3_column_int64 (stmt, 2);
      const char *state = (const char *) sqlite3_column_text (stmt, 3);

      if (c == NULL || ordinal <= 0 || sample < 0 || sample >= in->setup->spec->repeats)
        continue;
      trial_set (in, trial_index (in, c->index, ordinal, sample),
                 g_strcmp0 (state, "ok") == 0 ? TRIAL_OK : TRIAL_ERROR);
    }
  if (rc != SQLITE_DONE)
    return _vs_project_set_db_error (in->db, vs_project_get_path (in->project), rc, error);
  return TRUE;
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
  in->batch = _vs_eval_result_batch_new ();
  line_skim_init (&in->skim);
  in->chat_urls = g_new0 (char *, in->setup->contenders->len + 1);
  in->key_parts = g_new0 (VsChatKeyParts, in->setup->contenders->len);
  in->key_messages = g_string_sized_new (512);
  in->key_text = g_string_sized_new (512);
  for (guint i = 0; i < in->setup->contenders->len; i++)
    {
      VsEvalTrialContender *c = g_ptr_array_index (in->setup->contenders, i);

      in->chat_urls[i] = vs_endpoint_dup_chat_url (c->endpoint);
    }
  return load_trials (in, error);
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

/* Queues the results gathered so far as one writer job. */
static void
flush_results (Ingest *in)
{
  if (_vs_eval_result_batch_get_size (in->batch) == 0)
    return;
  _vs_eval_result_batch_queue (g_steal_pointer (&in->batch), in->project, NULL);
  in->batch = _vs_eval_result_batch_new ();
}

static void
write_trial (Ingest      *in,
             VsEvalTrial *t)
{
  if (_vs_eval_result_batch_add (in->batch, t, t->cache_key))
    in->stats->n_failed++;
  else
    in->stats->n_ok++;
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

/* Waits while the writer holds more than MAX_WRITER_BACKLOG jobs not committed, until it
 * holds one fewer: it never runs dry while lines are left (waiting for it to empty left it
 * idle while the next job was read, a third of the ingest's time). */
static void
wait_writer (Ingest *in)
{
  VsWriter *writer = vs_project_get_writer (in->project);

  if (vs_writer_get_pending (writer) > MAX_WRITER_BACKLOG)
    _vs_writer_wait_below (writer, MAX_WRITER_BACKLOG - 1);
}

static void
end_read (Ingest *in)
{
  if (!in->reading)
    return;
  sqlite3_exec (in->db, "COMMIT", NULL, NULL, NULL);
  in->reading = FALSE;
}

/* A new read transaction now and then: one open all along would keep the writer from
 * checkpointing its WAL into the database (it would grow with every result). */
static void
refresh_read (Ingest *in)
{
  end_read (in);
  in->reading = sqlite3_exec (in->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
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
  VsEvalTrialCase *c;
  guint8 state;
  gsize index;
  VsEvalTrial *t;

  if (!vs_batch_custom_id_parse (custom_id, &run_id, &contender_id, &ordinal, &sample) ||
      run_id != setup->run_id)
    {
      skip_line (in, &in->stats->n_unknown, _("custom_id “%s” is not a trial of run “%s”"),
                 custom_id, setup->name);
      return NULL;
    }
  contender = _vs_eval_run_setup_find_contender (setup, contender_id);
  if (contender == NULL || sample >= setup->spec->repeats || ordinal <= 0)
    {
      skip_line (in, &in->stats->n_unknown, _("custom_id “%s” is not a trial of run “%s”"),
                 custom_id, setup->name);
      return NULL;
    }
  index = trial_index (in, contender->index, ordinal, sample);
  state = ordinal > 0 ? trial_get (in, index) : TRIAL_NONE;
  if (state == TRIAL_OK || state == TRIAL_TAKEN || (!retry_errors && state == TRIAL_ERROR))
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
  trial_set (in, index, TRIAL_TAKEN);
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

/* A token count as _vs_chat_wire_parse_reply() reads it: -1 when it is missing, negative or
 * not a whole number. FALSE when only the full reading can tell (a number written as a
 * double). */
static gboolean
skim_count (const VsJsonSkimValue *usage,
            const VsJsonSkimValue *value,
            gint64                *out)
{
  *out = -1;
  if (usage->type != VS_JSON_SKIM_OBJECT || value->type == VS_JSON_SKIM_ABSENT)
    return TRUE;
  if (value->type == VS_JSON_SKIM_DOUBLE)
    return FALSE;
  if (value->type == VS_JSON_SKIM_INT && value->integer >= 0)
    *out = value->integer;
  return TRUE;
}

/* The line read as _vs_batch_output_line_parse_full() reads it, when it is a 2xx response with
 * a chat completion, no member on the way repeated; else FALSE (nothing set) and the caller
 * reads it in full. */
static gboolean
skim_output_line (LineSkim          *skim,
                  const char        *text,
                  gsize              length,
                  VsBatchOutputLine *out)
{
  VsJsonSkimValue *v;
  gint64 prompt_tokens, completion_tokens;

  v = skim->values;
  if (!vs_json_skim (text, length, &skim_line, v, N_SKIM, skim->buffer))
    return FALSE;
  for (guint i = 0; i < N_SKIM; i++)
    if (v[i].count > 1)
      return FALSE;
  if (v[SKIM_CUSTOM_ID].type != VS_JSON_SKIM_STRING ||
      v[SKIM_ERROR].type == VS_JSON_SKIM_OBJECT || v[SKIM_RESPONSE].type != VS_JSON_SKIM_OBJECT ||
      v[SKIM_STATUS].type != VS_JSON_SKIM_INT || v[SKIM_STATUS].integer < 200 ||
      v[SKIM_STATUS].integer > 299 || v[SKIM_BODY].type != VS_JSON_SKIM_OBJECT ||
      v[SKIM_CHOICES].type != VS_JSON_SKIM_ARRAY || v[SKIM_CHOICE].type != VS_JSON_SKIM_OBJECT ||
      v[SKIM_MESSAGE].type != VS_JSON_SKIM_OBJECT)
    return FALSE;
  if (!skim_count (&v[SKIM_USAGE], &v[SKIM_PROMPT_TOKENS], &prompt_tokens) ||
      !skim_count (&v[SKIM_USAGE], &v[SKIM_COMPLETION_TOKENS], &completion_tokens))
    return FALSE;

  memset (out, 0, sizeof *out);
  out->custom_id = g_strndup (v[SKIM_CUSTOM_ID].string->str, v[SKIM_CUSTOM_ID].string->len);
  out->status = (guint) v[SKIM_STATUS].integer;
  out->response = vs_chat_response_new ();
  _vs_chat_response_set_reply (out->response,
                               v[SKIM_CONTENT].type == VS_JSON_SKIM_STRING
                                 ? v[SKIM_CONTENT].string
                                 : NULL,
                               v[SKIM_FINISH].type == VS_JSON_SKIM_STRING
                                 ? v[SKIM_FINISH].string->str
                                 : NULL,
                               prompt_tokens, completion_tokens);
  out->response->status = out->status;
  out->response->latency_ms = -1;
  out->response->ttft_ms = -1;
  return TRUE;
}

gboolean
_vs_batch_output_line_parse_full (const char         *text,
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

static gboolean
parse_line (LineSkim           *skim,
            const char         *text,
            gsize               length,
            VsBatchOutputLine  *out,
            char              **why)
{
  if (skim_output_line (skim, text, length, out))
    return TRUE;
  return _vs_batch_output_line_parse_full (text, length, out, why);
}

gboolean
_vs_batch_output_line_parse (const char         *text,
                             gsize               length,
                             VsBatchOutputLine  *out,
                             char              **why)
{
  LineSkim skim;
  gboolean ok;

  line_skim_init (&skim);
  ok = parse_line (&skim, text, length, out, why);
  line_skim_clear (&skim);
  return ok;
}

/* Where the answer goes in the response cache: the key the online request would have had.
 * A contender's requests differ only in their messages and sample index: the rest of the key
 * comes from the first trial's request, then each trial renders its messages only. */
static void
set_cache_key (Ingest      *in,
               VsEvalTrial *t)
{
  VsEvalTrialContender *c = t->contender;
  VsChatKeyParts *parts = &in->key_parts[c->index];
  g_autoptr(GPtrArray) messages = NULL;

  if (parts->head == NULL)
    {
      g_autoptr(VsChatRequest) request = _vs_eval_trial_build_request (t, NULL);

      if (request == NULL)
        return;
      _vs_chat_key_parts_init (parts, request, vs_endpoint_get_kind (c->endpoint),
                               in->chat_urls[c->index]);
    }
  messages = vs_template_render_with_examples (c->template, t->c->vars, c->examples, NULL);
  if (messages == NULL)
    return;
  g_string_assign (in->key_messages, "[");
  for (guint i = 0; i < messages->len; i++)
    {
      const VsTemplateMessage *message = g_ptr_array_index (messages, i);

      if (i > 0)
        g_string_append_c (in->key_messages, ',');
      _vs_chat_key_append_message (in->key_messages, vs_template_role_to_string (message->role),
                                   message->content);
    }
  g_string_append_c (in->key_messages, ']');
  t->cache_key = _vs_chat_key_finish (parts, in->key_messages->str, in->key_messages->len,
                                      t->repeat, in->key_text);
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
  if (!parse_line (&in->skim, text, length, &line, &why))
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

/* Lines of a stream, read into one buffer and handed out in place (no copy per line): a line
 * ends at "\n", "\r\n" or "\r", as G_DATA_STREAM_NEWLINE_TYPE_ANY reads them. A line longer
 * than the buffer grows it. */
typedef struct
{
  GInputStream *input;
  char         *data;
  gsize         size;     /* allocated: size + 1, room for a NUL after a last line */
  gsize         start;    /* the next line's first byte */
  gsize         end;      /* bytes read */
  gboolean      eof;
  gboolean      skip_lf;  /* the last line ended with a "\r" at the end of the buffer */
} LineReader;

#define LINE_READER_SIZE (1 << 20)

static void
line_reader_init (LineReader   *r,
                  GInputStream *input)
{
  memset (r, 0, sizeof *r);
  r->input = input;
  r->size = LINE_READER_SIZE;
  r->data = g_malloc (r->size + 1);
}

static void
line_reader_clear (LineReader *r)
{
  g_clear_pointer (&r->data, g_free);
}

/* The next line in *@text (NUL-terminated, valid until the next call) and *@length; FALSE at
 * the end, or with @error set when reading failed. */
static gboolean
line_reader_next (LineReader    *r,
                  char         **text,
                  gsize         *length,
                  GCancellable  *cancellable,
                  GError       **error)
{
  for (;;)
    {
      char *p = r->data + r->start;
      char *e = r->data + r->end;
      char *lf, *cr, *stop;
      gssize n;

      if (r->skip_lf && p < e)
        {
          if (*p == '\n')
            {
              p++;
              r->start++;
            }
          r->skip_lf = FALSE;
        }
      lf = memchr (p, '\n', e - p);
      cr = memchr (p, '\r', (lf != NULL ? lf : e) - p);
      stop = cr != NULL ? cr : lf;
      if (stop != NULL)
        {
          r->start = (gsize) (stop - r->data) + 1;
          if (stop == cr)
            {
              if (stop + 1 < e)
                r->start += stop[1] == '\n' ? 1 : 0;
              else
                r->skip_lf = TRUE;
            }
          *stop = '\0';
          *text = p;
          *length = (gsize) (stop - p);
          return TRUE;
        }
      if (r->eof)
        {
          if (p == e)
            return FALSE;
          /* A last line without an end of line. */
          *e = '\0';
          *text = p;
          *length = (gsize) (e - p);
          r->start = r->end;
          return TRUE;
        }
      /* Keep the partial line, then read more after it. */
      if (r->start > 0)
        {
          memmove (r->data, p, e - p);
          r->end -= r->start;
          r->start = 0;
        }
      if (r->end == r->size)
        {
          r->size *= 2;
          r->data = g_realloc (r->data, r->size + 1);
        }
      n = g_input_stream_read (r->input, r->data + r->end, r->size - r->end, cancellable,
                               error);
      if (n < 0)
        return FALSE;
      if (n == 0)
        r->eof = TRUE;
      r->end += (gsize) n;
    }
}

/* Calls @func for every line of @file (without its end of line). */
static gboolean
foreach_line_read (Ingest    *in,
                   GFile     *file,
                   LineFunc   func,
                   GError   **error)
{
  g_autoptr(GFileInputStream) input = NULL;
  LineReader reader;
  gboolean ok = TRUE;

  input = g_file_read (file, in->cancellable, error);
  if (input == NULL)
    return FALSE;
  g_free (in->display);
  in->display = g_file_get_parse_name (file);
  in->line_no = 0;
  line_reader_init (&reader, G_INPUT_STREAM (input));
  for (;;)
    {
      GError *local = NULL;
      gsize length = 0;
      char *text;

      if (!line_reader_next (&reader, &text, &length, in->cancellable, &local))
        {
          if (local != NULL)
            {
              g_propagate_prefixed_error (error, local, "%s: ", in->display);
              ok = FALSE;
            }
          break;
        }
      in->line_no++;
      if (in->line_no % CANCEL_CHECK_EVERY == 0 &&
          g_cancellable_set_error_if_cancelled (in->cancellable, error))
        {
          ok = FALSE;
          break;
        }
      if (!in->reading || in->line_no % LINES_PER_READ == 0)
        refresh_read (in);
      /* A file that ends with a newline has no last, empty line. */
      if (!func (in, text, length, error))
        {
          ok = FALSE;
          break;
        }
      wait_judges (in, in->setup->spec->concurrency);
      wait_writer (in);
    }
  line_reader_clear (&reader);
  return ok;
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
  VsEvalTrialContender *contender;
  gint64 run_id, contender_id, ordinal, sample;
  guint8 state;

  root = length > 0 ? vs_json_parse (text, (gssize) length, NULL) : NULL;
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !vs_batch_custom_id_parse (string_member (json_node_get_object (root), "custom_id"),
                                 &run_id, &contender_id, &ordinal, &sample) ||
      run_id != in->setup->run_id)
    return TRUE;
  in->counts[0]++;
  contender = _vs_eval_run_setup_find_contender (in->setup, contender_id);
  if (contender == NULL || ordinal <= 0 || sample >= in->setup->spec->repeats)
    return TRUE;
  state = trial_get (in, trial_index (in, contender->index, ordinal, sample));
  if (state == TRIAL_OK)
    in->counts[1]++;
  else if (state == TRIAL_ERROR)
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
