/* vs-batch-runner.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each operation is a chain of callbacks on one GTask that walks a list of `batches` rows:
 *
 *   submit: write the files → one PREPARED row per file (token in it) → per row: claim →
 *           create (kept PREPARED with its error when the create fails; the next poll
 *           settles it)
 *   poll:   per row still out: no remote id? find by token → adopt, or claim → create again
 *           (the provider refusing it is final: the row FAILED, its trials errors; a create
 *           that may have happened waits for the next poll) · else get → store → ended?
 *           download output → ingest → download errors → ingest → fail the rest → ingested
 *   cancel: per row still out: cancel (or find, then cancel) → store, then a poll
 *
 * Every row change is written before the next network call, so whatever the process is killed
 * in the middle of, the next poll (in this process or another) picks up from the rows. A create
 * happens only after its row was claimed (vs_batch_store_claim: one conditional UPDATE through
 * the writer that one process wins): two processes polling the same run at once (the app and
 * `eval run --batch`) never create the same batch twice — the loser just follows the row.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vs-batch-api.h"
#include "vs-batch-ingest.h"
#include "vs-batch-lines.h"
#include "vs-batch-runner.h"
#include "vs-batch-store.h"
#include "vs-error.h"
#include "vs-eval-spec.h"
#include "vs-eval-trial-private.h"
#include "vs-json.h"
#include "vs-run-store.h"

#define FIRST_POLL_MS 1000
#define MAX_POLL_MS (60 * 1000)
/* Polls in a row that may fail (network down, provider errors) before wait gives up. */
#define MAX_POLL_FAILURES 5
#define STATE_PREPARED "PREPARED"
/* How long a claim to create a row's batch holds (vs_batch_store_claim): longer than an upload
 * of a 200 MB file and its create take, so that a process still creating is never taken over;
 * after it, the row of a process that died while creating is free again. */
#define CLAIM_LEASE_SECONDS (60 * 60)

typedef struct
{
  guint            index;
  gint64           id;          /* contenders row */
  VsEvalContender *spec;        /* owned by the runner's spec */
  VsEndpoint      *endpoint;
  VsRequestEngine *engine;
} Contender;

struct _VsBatchRunner
{
  GObject     parent_instance;

  VsProject  *project;
  gint64      run_id;
  char       *run_name;
  VsEvalSpec *spec;
  GPtrArray  *contenders;       /* Contender */
  guint       poll_ms;          /* 0: backoff */
  char       *dir;              /* NULL: the default */
  gint64      max_lines;
  guint64     max_bytes;
  gboolean    busy;
  gboolean    ended_rows;       /* the operation going on ended (ingested) a row */
};

G_DEFINE_FINAL_TYPE (VsBatchRunner, vs_batch_runner, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
contender_free (gpointer data)
{
  Contender *c = data;

  g_clear_object (&c->endpoint);
  g_clear_object (&c->engine);
  g_free (c);
}

static void
vs_batch_runner_finalize (GObject *object)
{
  VsBatchRunner *self = VS_BATCH_RUNNER (object);

  g_clear_pointer (&self->contenders, g_ptr_array_unref);
  g_clear_pointer (&self->spec, vs_eval_spec_free);
  g_clear_object (&self->project);
  g_free (self->run_name);
  g_free (self->dir);
  G_OBJECT_CLASS (vs_batch_runner_parent_class)->finalize (object);
}

static void
vs_batch_runner_class_init (VsBatchRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vs_batch_runner_finalize;

  /* VsBatchRunner::changed (runner): a batch row changed; read them with
   * vs_batch_runner_list(). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vs_batch_runner_init (VsBatchRunner *self)
{
}

VsBatchRunner *
vs_batch_runner_new (VsProject  *project,
                     gint64      run_id,
                     GError    **error)
{
  g_autoptr(VsBatchRunner) self = NULL;
  g_autoptr(VsEvalRunSetup) setup = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  /* The run as the online runner loads it: its stored spec, its contenders' endpoints and
   * engines (through the project's registry, the key from the contender's variable). */
  setup = _vs_eval_run_setup_new (project, run_id, error);
  if (setup == NULL)
    return NULL;

  self = g_object_new (VS_TYPE_BATCH_RUNNER, NULL);
  self->project = g_object_ref (project);
  self->run_id = run_id;
  self->run_name = g_strdup (setup->name);
  self->contenders = g_ptr_array_new_with_free_func (contender_free);
  for (guint i = 0; i < setup->contenders->len; i++)
    {
      VsEvalTrialContender *tc = g_ptr_array_index (setup->contenders, i);
      Contender *c = g_new0 (Contender, 1);

      g_ptr_array_add (self->contenders, c);
      c->index = i;
      c->id = tc->id;
      c->spec = tc->spec;
      if (c->spec->kind != VS_ENDPOINT_KIND_OPENAI)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                       _("Contender “%s” talks to an Ollama server, which has no batch API "
                         "(write the batch files and run them elsewhere instead)"),
                       c->spec->name);
          return NULL;
        }
      c->endpoint = g_object_ref (tc->endpoint);
      c->engine = g_object_ref (tc->engine);
    }
  /* The contenders' specs stay the runner's. */
  self->spec = g_steal_pointer (&setup->spec);
  return g_steal_pointer (&self);
}

void
vs_batch_runner_set_engine (VsBatchRunner   *self,
                            guint            contender,
                            VsRequestEngine *engine)
{
  Contender *c;

  g_return_if_fail (VS_IS_BATCH_RUNNER (self));
  g_return_if_fail (VS_IS_REQUEST_ENGINE (engine));
  g_return_if_fail (contender < self->contenders->len);

  c = g_ptr_array_index (self->contenders, contender);
  g_set_object (&c->engine, engine);
  g_set_object (&c->endpoint, vs_request_engine_get_endpoint (engine));
}

void
vs_batch_runner_set_poll_interval (VsBatchRunner *self,
                                   guint          seconds)
{
  g_return_if_fail (VS_IS_BATCH_RUNNER (self));
  self->poll_ms = MIN (seconds, G_MAXUINT / 1000) * 1000;
}

void
vs_batch_runner_set_poll_interval_ms (VsBatchRunner *self,
                                      guint          ms)
{
  g_return_if_fail (VS_IS_BATCH_RUNNER (self));
  self->poll_ms = ms;
}

void
vs_batch_runner_set_directory (VsBatchRunner *self,
                               const char    *dir)
{
  g_return_if_fail (VS_IS_BATCH_RUNNER (self));
  g_free (self->dir);
  self->dir = g_strdup (dir);
}

void
vs_batch_runner_set_limits (VsBatchRunner *self,
                            gint64         max_lines,
                            guint64        max_bytes)
{
  g_return_if_fail (VS_IS_BATCH_RUNNER (self));
  self->max_lines = MAX (max_lines, 0);
  self->max_bytes = max_bytes;
}

GPtrArray *
vs_batch_runner_list (VsBatchRunner  *self,
                      GError        **error)
{
  g_return_val_if_fail (VS_IS_BATCH_RUNNER (self), NULL);
  return vs_batch_store_list (self->project, self->run_id, error);
}

/* A provider's batch still to be followed. Rows of files written for offline use ("files",
 * `eval run --batch-files`) are the import's business, never polled nor counted here. */
static gboolean
row_is_out (const VsBatchRow *row)
{
  return !row->ingested && g_strcmp0 (row->provider, "files") != 0;
}

gboolean
vs_batch_runner_is_finished (VsBatchRunner *self)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (VS_IS_BATCH_RUNNER (self), FALSE);
  rows = vs_batch_store_list (self->project, self->run_id, NULL);
  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    if (row_is_out (g_ptr_array_index (rows, i)))
      return FALSE;
  return TRUE;
}

gboolean
vs_batch_runner_was_cancelled (VsBatchRunner *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(VsRunInfo) info = NULL;

  g_return_val_if_fail (VS_IS_BATCH_RUNNER (self), FALSE);
  info = vs_run_store_get (self->project, self->run_id, NULL);
  if (info == NULL || g_strcmp0 (info->state, "cancelled") != 0)
    return FALSE;
  rows = vs_batch_store_list (self->project, self->run_id, NULL);
  return rows != NULL && vs_batch_store_rows_cancelled (rows);
}

static Contender *
contender_by_id (VsBatchRunner *self,
                 gint64         id)
{
  for (guint i = 0; i < self->contenders->len; i++)
    {
      Contender *c = g_ptr_array_index (self->contenders, i);

      if (c->id == id)
        return c;
    }
  return NULL;
}

static VsBatchApiKind
contender_kind (Contender *c)
{
  VsBatchApiKind kind;

  if (c->spec->batch_api != NULL && vs_batch_api_kind_from_string (c->spec->batch_api, &kind,
                                                                   NULL))
    return kind;
  return vs_batch_api_kind_for_endpoint (c->endpoint);
}

static VsBatchApiKind
row_kind (const VsBatchRow *row,
          Contender        *c)
{
  VsBatchApiKind kind;

  if (row->provider != NULL && vs_batch_api_kind_from_string (row->provider, &kind, NULL))
    return kind;
  return contender_kind (c);
}

/* "<project folder>/<project name>.batches/run-<id>", or one in the user cache folder. */
static char *
default_directory (VsBatchRunner *self)
{
  const char *path = vs_project_get_path (self->project);
  g_autofree char *run = g_strdup_printf ("run-%" G_GINT64_FORMAT, self->run_id);

  if (path != NULL)
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *parent = g_path_get_dirname (path);
      g_autofree char *folder = NULL;
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      folder = g_strconcat (base, ".batches", NULL);
      return g_build_filename (parent, folder, run, NULL);
    }
  /* A project without a file has no stable name: a folder of its own. */
  {
    g_autofree char *unique = g_uuid_string_random ();

    return g_build_filename (g_get_user_cache_dir (), "versus", "batches", unique, run, NULL);
  }
}

/* The highest submission number the run's batches used in @dir ("<dir>/<n>/…"), 0 when
 * none. */
static guint
last_submission_number (VsBatchRunner *self,
                        const char    *dir)
{
  g_autoptr(GPtrArray) rows = vs_batch_store_list (self->project, self->run_id, NULL);
  guint last = 0;

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const VsBatchRow *row = g_ptr_array_index (rows, i);
      g_autofree char *folder = g_path_get_dirname (row->input_path);
      g_autofree char *parent = g_path_get_dirname (folder);
      g_autofree char *name = g_path_get_basename (folder);
      guint64 n = 0;

      if (g_strcmp0 (parent, dir) == 0 &&
          g_ascii_string_to_unsigned (name, 10, 1, 99999, &n, NULL))
        last = MAX (last, (guint) n);
    }
  return last;
}

/* A new folder for one submission (files of an earlier one may still be waiting for their
 * batch): "<dir>/1", "<dir>/2", … — never a number an earlier submission of the run used,
 * even once its folder is gone: the rows of one submission are those of one folder
 * (vs_batch_store_rows_cancelled()). */
static char *
new_submission_directory (VsBatchRunner  *self,
                          GError        **error)
{
  g_autofree char *dir = self->dir ? g_strdup (self->dir) : default_directory (self);

  for (guint n = last_submission_number (self, dir) + 1; n < 100000; n++)
    {
      g_autofree char *name = g_strdup_printf ("%u", n);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      if (g_mkdir_with_parents (path, 0700) != 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not create the batch folder “%s”: %s"), path,
                       g_strerror (saved));
          return NULL;
        }
      return g_steal_pointer (&path);
    }
  g_set_error (error, VS_ERROR, VS_ERROR_IO, _("Too many batch folders in “%s”"), dir);
  return NULL;
}

/* Rows */

static void
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

/* Copies what the provider said into @row; TRUE when anything changed. */
static gboolean
row_take_info (VsBatchRow        *row,
               const VsBatchInfo *info)
{
  const char *state = vs_batch_state_to_string (info->state);
  gboolean changed = g_strcmp0 (row->state, state) != 0 ||
                     g_strcmp0 (row->status, info->status) != 0 ||
                     g_strcmp0 (row->remote_id, info->id) != 0 ||
                     (info->completed >= 0 && info->completed != row->n_completed) ||
                     (info->failed >= 0 && info->failed != row->n_failed) ||
                     g_strcmp0 (row->output_file_id, info->output_file_id) != 0 ||
                     g_strcmp0 (row->error_file_id, info->error_file_id) != 0;

  set_string (&row->remote_id, info->id);
  set_string (&row->state, state);
  set_string (&row->status, info->status);
  if (info->input_file_id != NULL)
    set_string (&row->input_file_id, info->input_file_id);
  if (info->output_file_id != NULL)
    set_string (&row->output_file_id, info->output_file_id);
  if (info->error_file_id != NULL)
    set_string (&row->error_file_id, info->error_file_id);
  if (info->completed >= 0)
    row->n_completed = info->completed;
  if (info->failed >= 0)
    row->n_failed = info->failed;
  if (info->created_at != NULL)
    set_string (&row->created_at, info->created_at);
  if (info->completed_at != NULL)
    set_string (&row->completed_at, info->completed_at);
  set_string (&row->error, info->error);
  return changed;
}

static gboolean
store_row (VsBatchRunner  *self,
           VsBatchRow     *row,
           gboolean        changed,
           GError        **error)
{
  g_autofree char *now = vs_now_iso8601 ();

  set_string (&row->updated_at, now);
  if (!vs_batch_store_update (self->project, row, error))
    return FALSE;
  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/* Operations */

typedef enum
{
  OP_SUBMIT,
  OP_POLL,
  OP_CANCEL,
} OpKind;

typedef struct
{
  OpKind      kind;
  GPtrArray  *rows;          /* VsBatchRow: what this step walks */
  guint       index;
  VsBatchRow *row;           /* rows[index - 1] */
  Contender  *contender;
  gboolean    resubmit;      /* poll: the create is tried again for this row */
  GFile      *output;        /* the file being downloaded */
  VsBatchIngestStats stats;  /* the row's output and error files */
  GError     *first_error;   /* a row's error; the others go on */
} Op;

static void
op_free (Op *op)
{
  g_clear_pointer (&op->rows, g_ptr_array_unref);
  g_clear_object (&op->output);
  vs_batch_ingest_stats_clear (&op->stats);
  g_clear_error (&op->first_error);
  g_free (op);
}

static GTask *
op_task_new (VsBatchRunner       *self,
             OpKind               kind,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data,
             gpointer             tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Op *op = g_new0 (Op, 1);

  g_task_set_source_tag (task, tag);
  op->kind = kind;
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);
  return task;
}

static void
op_keep_error (Op     *op,
               GError *error)
{
  if (op->first_error == NULL)
    op->first_error = error;
  else
    g_error_free (error);
}

/* Ends the operation: the first error seen (a row's problem does not stop the others). */
static void
op_return (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  VsBatchRunner *self = g_task_get_source_object (task);

  self->busy = FALSE;
  if (op->first_error != NULL)
    g_task_return_error (task, g_steal_pointer (&op->first_error));
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
op_fail (GTask  *task,
         GError *error)
{
  Op *op = g_task_get_task_data (task);

  g_clear_error (&op->first_error);
  op->first_error = error;
  op_return (task);
}

static gboolean
op_begin (VsBatchRunner *self,
          GTask         *task)
{
  if (self->busy)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("The run's batches are being handled already"));
      g_object_unref (task);
      return FALSE;
    }
  self->busy = TRUE;
  self->ended_rows = FALSE;
  return TRUE;
}

/* The run's state from its rows: "submitted" while one is out, else "done" (every trial has
 * a result: batches that ended without an answer left errors) — or "cancelled", as an online
 * run the user stopped, when the batches that just ended were cancelled. A cancelled run stays
 * so until a new submission (retrying its trials) is out. Written only when it differs. */
static gboolean
settle_run_state (VsBatchRunner  *self,
                  GError        **error)
{
  g_autoptr(GPtrArray) rows = vs_batch_store_list (self->project, self->run_id, error);
  g_autoptr(VsRunInfo) info = NULL;
  const char *state = "done";

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    if (row_is_out (g_ptr_array_index (rows, i)))
      state = "submitted";
  info = vs_run_store_get (self->project, self->run_id, error);
  if (info == NULL)
    return FALSE;
  /* Batches that ended just now decide (the ingest of the last one may have set the run "done"
   * already: every trial has a result); else a cancelled run stays so. */
  if (g_strcmp0 (state, "done") == 0 &&
      (g_strcmp0 (info->state, "submitted") == 0 || self->ended_rows) &&
      vs_batch_store_rows_cancelled (rows))
    state = "cancelled";
  else if (g_strcmp0 (state, "done") == 0 && g_strcmp0 (info->state, "cancelled") == 0)
    return TRUE;
  if (g_strcmp0 (info->state, state) == 0)
    return TRUE;
  if (g_strcmp0 (state, "submitted") == 0 && info->started_at == NULL &&
      !vs_run_store_set_state (self->project, self->run_id, "running", error))
    return FALSE;
  return vs_run_store_set_state (self->project, self->run_id, state, error);
}

static JsonObject *
batch_metadata (VsBatchRunner    *self,
                const VsBatchRow *row)
{
  JsonObject *metadata = json_object_new ();
  g_autofree char *run = g_strdup_printf ("%" G_GINT64_FORMAT, self->run_id);
  const char *name = row->contender ? row->contender : "";
  g_autofree char *contender = g_utf8_substring (name, 0, MIN (g_utf8_strlen (name, -1), 128));

  json_object_set_string_member (metadata, "versus_batch", row->token);
  json_object_set_string_member (metadata, "versus_run", run);
  /* Providers cap metadata values (OpenAI: 512 characters). */
  json_object_set_string_member (metadata, "versus_contender", contender);
  return metadata;
}

/* Claims @row for creating its batch (vs_batch_store_claim), so that two processes polling
 * the same run (the app and `eval run --batch`) never both create it. *@won FALSE: another
 * one is creating it — the row is left to it, and followed once it has its provider id. */
static gboolean
claim_row (VsBatchRunner  *self,
           VsBatchRow     *row,
           gboolean       *won,
           GError        **error)
{
  g_autofree char *now = NULL;

  if (!vs_batch_store_claim (self->project, row, CLAIM_LEASE_SECONDS, won, error))
    return FALSE;
  if (*won)
    {
      now = vs_now_iso8601 ();
      set_string (&row->status, VS_BATCH_STATUS_CREATING);
      set_string (&row->updated_at, now);
      g_signal_emit (self, signals[CHANGED], 0);
    }
  return TRUE;
}

/* A create that did not happen (or may have: the next poll looks for its token first) gives the
 * row back. */
static void
release_row (VsBatchRow *row)
{
  if (g_strcmp0 (row->status, VS_BATCH_STATUS_CREATING) == 0)
    set_string (&row->status, NULL);
}

static void
create_batch (GTask               *task,
              GAsyncReadyCallback  callback)
{
  Op *op = g_task_get_task_data (task);
  g_autoptr(GFile) input = g_file_new_for_path (op->row->input_path);
  g_autoptr(JsonObject) metadata = batch_metadata (g_task_get_source_object (task), op->row);

  vs_batch_api_submit_async (op->contender->engine, row_kind (op->row, op->contender), input,
                             op->contender->spec->model, metadata,
                             g_task_get_cancellable (task), callback, task);
}

/* Ending a row: the input (and downloaded) files go, the row is marked ingested. */
static void
remove_file (const char *path)
{
  if (path != NULL && g_unlink (path) != 0 && errno != ENOENT)
    g_warning ("Could not remove “%s”: %s", path, g_strerror (errno));
}

static char *
sibling_path (const char *input_path,
              const char *suffix)
{
  g_autofree char *stem = g_strdup (input_path);

  if (g_str_has_suffix (stem, ".jsonl"))
    stem[strlen (stem) - strlen (".jsonl")] = '\0';
  return g_strconcat (stem, suffix, NULL);
}

static gboolean
finish_row (VsBatchRunner  *self,
            VsBatchRow     *row,
            const char     *reason,
            GError        **error)
{
  g_autoptr(GFile) input = g_file_new_for_path (row->input_path);
  g_autofree char *output = sibling_path (row->input_path, ".output.jsonl");
  g_autofree char *errors = sibling_path (row->input_path, ".errors.jsonl");
  g_autofree char *dir = g_path_get_dirname (row->input_path);
  gint64 n_failed = 0;

  /* Without its input file (removed by hand) the batch's unanswered trials stay without a
   * result: the next submission sends them again. */
  if (g_file_query_exists (input, NULL) &&
      !vs_batch_fail_unfinished (self->project, self->run_id, input, reason, &n_failed, NULL,
                                 error))
    return FALSE;
  row->ingested = TRUE;
  self->ended_rows = TRUE;
  if (!store_row (self, row, TRUE, error))
    return FALSE;
  remove_file (row->input_path);
  remove_file (output);
  remove_file (errors);
  /* The submission's folder goes with its last file, the run's and the project's batch
   * folders with their last submission (each only when empty). */
  if (g_rmdir (dir) == 0 && self->dir == NULL)
    {
      g_autofree char *run_dir = g_path_get_dirname (dir);
      g_autofree char *top = g_path_get_dirname (run_dir);

      if (g_rmdir (run_dir) == 0 && g_str_has_suffix (top, ".batches"))
        g_rmdir (top);
    }
  return TRUE;
}

/* Submit */

static void submit_next (GTask *task);

static void
on_submitted (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  VsBatchRunner *self = g_task_get_source_object (task);
  g_autoptr(VsBatchInfo) info = NULL;
  GError *error = NULL;

  info = vs_batch_api_submit_finish (VS_REQUEST_ENGINE (source), result, &error);
  if (info == NULL)
    {
      release_row (op->row);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          GError *store_error = NULL;

          /* The row stays PREPARED, free again: the next poll finds the batch by its token
           * or creates it. */
          if (!store_row (self, op->row, TRUE, &store_error))
            {
              g_warning ("Could not store batch %s: %s", op->row->token, store_error->message);
              g_clear_error (&store_error);
            }
          op_fail (task, error);
          return;
        }
      set_string (&op->row->error, error->message);
      op_keep_error (op, error);
      error = NULL;
      if (!store_row (self, op->row, TRUE, &error))
        {
          op_fail (task, error);
          return;
        }
      submit_next (task);
      return;
    }
  row_take_info (op->row, info);
  if (!store_row (self, op->row, TRUE, &error))
    {
      op_fail (task, error);
      return;
    }
  submit_next (task);
}

static void
submit_done (GTask *task)
{
  VsBatchRunner *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!settle_run_state (self, &error))
    {
      op_fail (task, error);
      return;
    }
  op_return (task);
}

static void
submit_next (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  VsBatchRunner *self = g_task_get_source_object (task);

  if (g_task_return_error_if_cancelled (task))
    {
      self->busy = FALSE;
      g_object_unref (task);
      return;
    }
  while (op->index < op->rows->len)
    {
      gboolean won = FALSE;
      GError *error = NULL;

      op->row = g_ptr_array_index (op->rows, op->index++);
      op->contender = contender_by_id (self, op->row->contender_id);
      if (!claim_row (self, op->row, &won, &error))
        {
          op_fail (task, error);
          return;
        }
      /* Not won: a poll elsewhere found the row first and is creating its batch. */
      if (won)
        {
          create_batch (task, on_submitted);
          return;
        }
    }
  submit_done (task);
}

void
vs_batch_runner_submit_async (VsBatchRunner       *self,
                              gboolean             retry_errors,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GPtrArray) existing = NULL;
  g_autoptr(GHashTable) out = NULL;
  g_autofree char *dir = NULL;
  GTask *task;
  Op *op;
  GError *error = NULL;

  g_return_if_fail (VS_IS_BATCH_RUNNER (self));

  task = op_task_new (self, OP_SUBMIT, cancellable, callback, user_data,
                      vs_batch_runner_submit_async);
  if (!op_begin (self, task))
    return;
  op = g_task_get_task_data (task);
  op->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_batch_row_free);

  /* A contender with a batch still out is left alone: its trials are in that batch. */
  existing = vs_batch_store_list (self->project, self->run_id, &error);
  if (existing == NULL)
    {
      op_fail (task, error);
      return;
    }
  out = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < existing->len; i++)
    {
      VsBatchRow *row = g_ptr_array_index (existing, i);

      if (row_is_out (row))
        g_hash_table_add (out, &row->contender_id);
    }

  for (guint i = 0; i < self->contenders->len; i++)
    {
      Contender *c = g_ptr_array_index (self->contenders, i);
      g_autoptr(GPtrArray) files = NULL;
      VsBatchApiKind kind = contender_kind (c);

      if (g_hash_table_contains (out, &c->id))
        continue;
      if (dir == NULL && (dir = new_submission_directory (self, &error)) == NULL)
        {
          op_fail (task, error);
          return;
        }
      files = vs_batch_write_files (self->project, self->run_id, c->id, retry_errors, dir,
                                    self->max_lines, self->max_bytes, cancellable, &error);
      if (files == NULL)
        {
          op_fail (task, error);
          return;
        }
      for (guint j = 0; j < files->len; j++)
        {
          VsBatchFile *file = g_ptr_array_index (files, j);
          VsBatchRow *row = g_new0 (VsBatchRow, 1);

          row->run_id = self->run_id;
          row->contender_id = c->id;
          row->contender = g_strdup (c->spec->name);
          row->provider = g_strdup (vs_batch_api_kind_to_string (kind));
          row->endpoint = g_strdup (vs_endpoint_get_base_url (c->endpoint));
          row->token = g_uuid_string_random ();
          row->input_path = g_strdup (file->path);
          row->state = g_strdup (STATE_PREPARED);
          row->n_lines = file->n_lines;
          row->created_at = vs_now_iso8601 ();
          row->updated_at = g_strdup (row->created_at);
          g_ptr_array_add (op->rows, row);
          /* Written before the create: a crash after it leaves the token to find. */
          row->id = vs_batch_store_add (self->project, row, &error);
          if (row->id <= 0)
            {
              op_fail (task, error);
              return;
            }
        }
    }
  if (dir != NULL)
    g_rmdir (dir); /* nothing was written into it */
  if (op->rows->len > 0)
    g_signal_emit (self, signals[CHANGED], 0);
  if (op->rows->len > 0 && !settle_run_state (self, &error))
    {
      op_fail (task, error);
      return;
    }
  submit_next (task);
}

gboolean
vs_batch_runner_submit_finish (VsBatchRunner  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Poll */

static void poll_next (GTask *task);
static void poll_row (GTask *task);

static const char *
end_reason (const VsBatchRow *row,
            char            **owned)
{
  VsBatchState state = vs_batch_state_from_string (row->state);

  switch (state)
    {
    case VS_BATCH_STATE_EXPIRED:
      return _("The batch expired before this request was answered");
    case VS_BATCH_STATE_CANCELLED:
      return _("The batch was cancelled before this request was answered");
    case VS_BATCH_STATE_FAILED:
      *owned = g_strdup_printf (_("The batch failed: %s"),
                                row->error ? row->error : row->status ? row->status : "");
      return *owned;
    case VS_BATCH_STATE_SUCCEEDED:
    case VS_BATCH_STATE_VALIDATING:
    case VS_BATCH_STATE_QUEUED:
    case VS_BATCH_STATE_RUNNING:
    case VS_BATCH_STATE_CANCELLING:
    case VS_BATCH_STATE_UNKNOWN:
    default:
      return _("The batch ended without an answer for this request");
    }
}

static void
end_row (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  g_autofree char *owned = NULL;
  gint64 skipped = op->stats.n_unknown + op->stats.n_malformed;
  GError *error = NULL;

  /* Lines that matched no trial of the run are said on the row (`eval batches`, the app). */
  if (skipped > 0)
    {
      guint n = (guint) MIN (skipped, G_MAXUINT);
      const char *first = op->stats.messages && op->stats.messages->len > 0
                          ? g_ptr_array_index (op->stats.messages, 0) : "";

      g_free (op->row->error);
      op->row->error = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "%u line of the batch's files was "
                                                     "skipped: %s",
                                                     "%u lines of the batch's files were "
                                                     "skipped: %s", n),
                                        n, first);
    }
  if (!finish_row (g_task_get_source_object (task), op->row, end_reason (op->row, &owned),
                   &error))
    {
      op_fail (task, error);
      return;
    }
  poll_next (task);
}

static void download_errors (GTask *task);

/* Ingesting a downloaded file. A file of 100,000 lines takes seconds, so it runs on a worker
 * thread that opens the project again (its connections and writer that thread's, the writes
 * reaching this runner's project through the file) and iterates a main context of its own
 * while it waits for its writes — never the context the runner (and a window) lives on. A
 * project without a file (in memory) is ingested here, as before. */
typedef struct
{
  char               *path;
  gint64              run_id;
  GFile              *file;
  VsBatchIngestStats *stats;   /* the Op's, untouched by the runner until the ingest ends */
} IngestJob;

static void
ingest_job_free (gpointer data)
{
  IngestJob *job = data;

  g_free (job->path);
  g_clear_object (&job->file);
  g_free (job);
}

static void
ingest_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  IngestJob *job = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(VsProject) project = NULL;
  GError *error = NULL;
  gboolean ok = FALSE;

  g_main_context_push_thread_default (context);
  project = vs_project_open (job->path, VS_PROJECT_OPEN_EXISTING, &error);
  if (project != NULL)
    ok = vs_batch_ingest_file (project, job->run_id, job->file, job->stats, cancellable,
                               &error);
  g_clear_object (&project);
  g_main_context_pop_thread_default (context);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void on_ingested (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data);

static void
ingest_async (GTask *task,
              GFile *file)
{
  VsBatchRunner *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  const char *path = vs_project_get_path (self->project);
  g_autoptr(GTask) job_task = NULL;
  IngestJob *job;

  if (path == NULL)
    {
      g_autoptr(GTask) sync = g_task_new (self, g_task_get_cancellable (task), on_ingested,
                                          task);
      GError *error = NULL;

      if (vs_batch_ingest_file (self->project, self->run_id, file, &op->stats,
                                g_task_get_cancellable (task), &error))
        g_task_return_boolean (sync, TRUE);
      else
        g_task_return_error (sync, error);
      return;
    }
  job = g_new0 (IngestJob, 1);
  job->path = g_strdup (path);
  job->run_id = self->run_id;
  job->file = g_object_ref (file);
  job->stats = &op->stats;
  job_task = g_task_new (self, g_task_get_cancellable (task), on_ingested, task);
  g_task_set_source_tag (job_task, ingest_async);
  g_task_set_task_data (job_task, job, ingest_job_free);
  g_task_run_in_thread (job_task, ingest_thread);
}

static void
on_downloaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  if (!vs_batch_api_download_finish (VS_REQUEST_ENGINE (source), result, &error))
    {
      /* Left not ingested: the next poll downloads again (ingesting twice skips what is
       * finished). */
      op_keep_error (op, error);
      poll_next (task);
      return;
    }
  ingest_async (task, op->output);
}

static void
on_ingested (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  VsBatchRunner *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  gboolean errors_file;
  GError *error = NULL;

  /* What the worker wrote, announced on this project as its own writer would have. */
  vs_project_emit_changed (self->project, "results");
  vs_project_emit_changed (self->project, "runs");
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      op_keep_error (op, error);
      poll_next (task);
      return;
    }
  errors_file = g_str_has_suffix (g_file_peek_path (op->output), ".errors.jsonl");
  g_clear_object (&op->output);
  if (errors_file)
    end_row (task);
  else
    download_errors (task);
}

static void
download (GTask      *task,
          const char *file_id,
          const char *suffix)
{
  Op *op = g_task_get_task_data (task);
  g_autofree char *path = sibling_path (op->row->input_path, suffix);

  g_set_object (&op->output, NULL);
  op->output = g_file_new_for_path (path);
  vs_batch_api_download_async (op->contender->engine, row_kind (op->row, op->contender),
                               file_id, op->output, g_task_get_cancellable (task),
                               on_downloaded, task);
}

static void
download_errors (GTask *task)
{
  Op *op = g_task_get_task_data (task);

  if (op->row->error_file_id != NULL && *op->row->error_file_id != '\0')
    download (task, op->row->error_file_id, ".errors.jsonl");
  else
    end_row (task);
}

/* The row as the provider just described it: stored, then ingested when it has ended. */
static void
take_info (GTask             *task,
           const VsBatchInfo *info)
{
  Op *op = g_task_get_task_data (task);
  VsBatchRunner *self = g_task_get_source_object (task);
  gboolean changed = row_take_info (op->row, info);
  GError *error = NULL;

  if (!store_row (self, op->row, changed, &error))
    {
      op_fail (task, error);
      return;
    }
  if (!vs_batch_state_is_final (info->state) || op->kind == OP_CANCEL)
    {
      poll_next (task);
      return;
    }
  vs_batch_ingest_stats_clear (&op->stats);
  vs_batch_ingest_stats_init (&op->stats);
  if (op->row->output_file_id != NULL && *op->row->output_file_id != '\0')
    download (task, op->row->output_file_id, ".output.jsonl");
  else
    download_errors (task);
}

static void
on_got (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(VsBatchInfo) info = NULL;
  GError *error = NULL;

  if (op->kind == OP_CANCEL)
    info = vs_batch_api_cancel_finish (VS_REQUEST_ENGINE (source), result, &error);
  else
    info = vs_batch_api_get_finish (VS_REQUEST_ENGINE (source), result, &error);
  if (info == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          op_fail (task, error);
          return;
        }
      op_keep_error (op, error);
      poll_next (task);
      return;
    }
  take_info (task, info);
}

/* TRUE when a failed create may have created the batch all the same (vs-batch-api.h) or
 * never reached the provider: not a refusal. */
static gboolean
create_unsettled (const GError *error)
{
  return error->domain == VS_REQUEST_ERROR &&
         (error->code == VS_REQUEST_ERROR_NOT_RETRIED || error->code == VS_REQUEST_ERROR_TIMEOUT ||
          error->code == VS_REQUEST_ERROR_PROTOCOL || error->code == VS_REQUEST_ERROR_TRUNCATED ||
          error->code == VS_REQUEST_ERROR_CONNECTION);
}

/* A create tried a second time: a refusal (the provider answered with an error) is final —
 * the row has ended, its trials are errors. */
static void
on_resubmitted (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  VsBatchRunner *self = g_task_get_source_object (task);
  g_autoptr(VsBatchInfo) info = NULL;
  g_autofree char *reason = NULL;
  GError *error = NULL;

  info = vs_batch_api_submit_finish (VS_REQUEST_ENGINE (source), result, &error);
  if (info != NULL)
    {
      take_info (task, info);
      return;
    }
  release_row (op->row);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      GError *store_error = NULL;

      if (!store_row (self, op->row, TRUE, &store_error))
        {
          g_warning ("Could not store batch %s: %s", op->row->token, store_error->message);
          g_clear_error (&store_error);
        }
      op_fail (task, error);
      return;
    }
  if (create_unsettled (error))
    {
      /* The batch may exist after all, or the provider was out of reach: the row waits
       * for the next poll, which looks for its token first. */
      set_string (&op->row->error, error->message);
      op_keep_error (op, error);
      error = NULL;
      if (!store_row (self, op->row, TRUE, &error))
        {
          op_fail (task, error);
          return;
        }
      poll_next (task);
      return;
    }
  reason = g_strdup_printf (_("The batch could not be created: %s"), error->message);
  set_string (&op->row->state, vs_batch_state_to_string (VS_BATCH_STATE_FAILED));
  set_string (&op->row->error, error->message);
  op_keep_error (op, error);
  error = NULL;
  if (!finish_row (self, op->row, reason, &error))
    {
      op_fail (task, error);
      return;
    }
  poll_next (task);
}

static void
on_found (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  VsBatchRunner *self = g_task_get_source_object (task);
  g_autoptr(VsBatchInfo) info = NULL;
  gboolean won = FALSE;
  GError *error = NULL;

  info = vs_batch_api_find_finish (VS_REQUEST_ENGINE (source), result, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          op_fail (task, error);
          return;
        }
      op_keep_error (op, error);
      poll_next (task);
      return;
    }
  if (info != NULL)
    {
      /* The create had happened: adopt the batch, then carry on as for any other. */
      gboolean changed = row_take_info (op->row, info);

      if (!store_row (self, op->row, changed, &error))
        {
          op_fail (task, error);
          return;
        }
      poll_row (task);
      return;
    }
  /* Not created yet. Whoever claims the row decides: create it, or (cancel) end it. */
  if (!claim_row (self, op->row, &won, &error))
    {
      op_fail (task, error);
      return;
    }
  if (!won)
    {
      /* Another process is creating it just now: followed once it has its provider id. */
      if (op->kind == OP_CANCEL)
        op_keep_error (op, g_error_new (G_IO_ERROR, G_IO_ERROR_BUSY,
                                        _("Batch %s of “%s” is being created by another "
                                          "process; cancel again once it has been"),
                                        op->row->token, op->row->contender));
      poll_next (task);
      return;
    }
  if (op->kind == OP_CANCEL)
    {
      /* Never created: nothing to cancel at the provider. */
      release_row (op->row);
      set_string (&op->row->state, vs_batch_state_to_string (VS_BATCH_STATE_CANCELLED));
      if (!finish_row (self, op->row, _("The batch was cancelled before it was submitted"),
                       &error))
        {
          op_fail (task, error);
          return;
        }
      poll_next (task);
      return;
    }
  /* Never created: create it now (the same token), once. */
  create_batch (task, on_resubmitted);
}

/* One row: find it (no remote id yet), cancel it or read it. */
static void
poll_row (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  VsBatchApiKind kind = row_kind (op->row, op->contender);
  GCancellable *cancellable = g_task_get_cancellable (task);
  VsBatchState state = vs_batch_state_from_string (op->row->state);

  if (op->row->remote_id == NULL)
    vs_batch_api_find_async (op->contender->engine, kind, "versus_batch", op->row->token,
                             cancellable, on_found, task);
  else if (op->kind == OP_CANCEL && !vs_batch_state_is_final (state) &&
           state != VS_BATCH_STATE_CANCELLING)
    vs_batch_api_cancel_async (op->contender->engine, kind, op->row->remote_id, cancellable,
                               on_got, task);
  else if (op->kind == OP_CANCEL)
    poll_next (task);
  else
    vs_batch_api_get_async (op->contender->engine, kind, op->row->remote_id, cancellable,
                            on_got, task);
}

static void cancel_done (GTask *task);

static void
poll_done (GTask *task)
{
  VsBatchRunner *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!settle_run_state (self, &error))
    {
      op_fail (task, error);
      return;
    }
  op_return (task);
}

static void
poll_next (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  VsBatchRunner *self = g_task_get_source_object (task);

  if (g_task_return_error_if_cancelled (task))
    {
      self->busy = FALSE;
      g_object_unref (task);
      return;
    }
  while (op->index < op->rows->len)
    {
      op->row = g_ptr_array_index (op->rows, op->index++);
      op->contender = contender_by_id (self, op->row->contender_id);
      if (op->contender != NULL)
        {
          poll_row (task);
          return;
        }
      op_keep_error (op, g_error_new (VS_ERROR, VS_ERROR_INVALID,
                                      _("Batch %s belongs to no contender of the run"),
                                      op->row->remote_id ? op->row->remote_id : op->row->token));
    }
  if (op->kind == OP_CANCEL)
    cancel_done (task);
  else
    poll_done (task);
}

/* Loads the rows still out into @op; FALSE (task ended) on error. */
static gboolean
op_load_rows (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  VsBatchRunner *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) rows = NULL;
  GError *error = NULL;

  rows = vs_batch_store_list (self->project, self->run_id, &error);
  if (rows == NULL)
    {
      op_fail (task, error);
      return FALSE;
    }
  g_clear_pointer (&op->rows, g_ptr_array_unref);
  op->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_batch_row_free);
  op->index = 0;
  for (guint i = 0; i < rows->len; i++)
    if (row_is_out (g_ptr_array_index (rows, i)))
      g_ptr_array_add (op->rows, g_ptr_array_steal_index (rows, i--));
  return TRUE;
}

void
vs_batch_runner_poll_async (VsBatchRunner       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VS_IS_BATCH_RUNNER (self));

  task = op_task_new (self, OP_POLL, cancellable, callback, user_data,
                      vs_batch_runner_poll_async);
  if (!op_begin (self, task) || !op_load_rows (task))
    return;
  poll_next (task);
}

gboolean
vs_batch_runner_poll_finish (VsBatchRunner  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Cancel: the provider is asked to cancel each batch still out, then a poll ingests those
 * that have ended. */

static void
cancel_done (GTask *task)
{
  Op *op = g_task_get_task_data (task);

  op->kind = OP_POLL;
  if (!op_load_rows (task))
    return;
  poll_next (task);
}

void
vs_batch_runner_cancel_async (VsBatchRunner       *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VS_IS_BATCH_RUNNER (self));

  task = op_task_new (self, OP_CANCEL, cancellable, callback, user_data,
                      vs_batch_runner_cancel_async);
  if (!op_begin (self, task) || !op_load_rows (task))
    return;
  poll_next (task);
}

gboolean
vs_batch_runner_cancel_finish (VsBatchRunner  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Wait: poll, and again after the interval, until nothing is out. */

typedef struct
{
  guint    wait_ms;
  guint    failures;
  GSource *timeout;
  GSource *cancel_source;
} Waiting;

static void
waiting_stop (Waiting *w)
{
  if (w->timeout != NULL)
    {
      g_source_destroy (w->timeout);
      g_clear_pointer (&w->timeout, g_source_unref);
    }
  if (w->cancel_source != NULL)
    {
      g_source_destroy (w->cancel_source);
      g_clear_pointer (&w->cancel_source, g_source_unref);
    }
}

static void
waiting_free (Waiting *w)
{
  waiting_stop (w);
  g_free (w);
}

static void wait_poll (GTask *task);

static gboolean
on_wait_timeout (gpointer data)
{
  GTask *task = data;

  waiting_stop (g_task_get_task_data (task));
  wait_poll (task);
  return G_SOURCE_REMOVE;
}

static gboolean
on_wait_cancelled (GCancellable *cancellable,
                   gpointer      data)
{
  return on_wait_timeout (data);
}

static void
wait_schedule (GTask *task)
{
  Waiting *w = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  w->timeout = g_timeout_source_new (w->wait_ms);
  g_source_set_callback (w->timeout, on_wait_timeout, task, NULL);
  g_source_attach (w->timeout, g_main_context_get_thread_default ());
  if (cancellable != NULL)
    {
      w->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (w->cancel_source, G_SOURCE_FUNC (on_wait_cancelled), task, NULL);
      g_source_attach (w->cancel_source, g_main_context_get_thread_default ());
    }
}

static void
on_wait_polled (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  VsBatchRunner *self = VS_BATCH_RUNNER (source);
  Waiting *w = g_task_get_task_data (task);
  GError *error = NULL;

  if (!vs_batch_runner_poll_finish (self, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          ++w->failures >= MAX_POLL_FAILURES)
        {
          g_task_return_error (task, error);
          g_object_unref (task);
          return;
        }
      g_warning ("Polling the run's batches failed: %s", error->message);
      g_clear_error (&error);
    }
  else
    w->failures = 0;
  if (vs_batch_runner_is_finished (self))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  if (self->poll_ms == 0)
    w->wait_ms = MIN (w->wait_ms * 2, MAX_POLL_MS);
  wait_schedule (task);
}

static void
wait_poll (GTask *task)
{
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  vs_batch_runner_poll_async (g_task_get_source_object (task), g_task_get_cancellable (task),
                              on_wait_polled, task);
}

void
vs_batch_runner_wait_async (VsBatchRunner       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  Waiting *w;

  g_return_if_fail (VS_IS_BATCH_RUNNER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_batch_runner_wait_async);
  w = g_new0 (Waiting, 1);
  g_task_set_task_data (task, w, (GDestroyNotify) waiting_free);
  if (vs_batch_runner_is_finished (self))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  /* The first poll within a second; then the interval, or doubling from there. */
  w->wait_ms = self->poll_ms > 0 ? self->poll_ms : FIRST_POLL_MS;
  w->wait_ms = MIN (w->wait_ms, FIRST_POLL_MS);
  wait_schedule (task);
  if (self->poll_ms > 0)
    w->wait_ms = self->poll_ms;
}

gboolean
vs_batch_runner_wait_finish (VsBatchRunner  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
