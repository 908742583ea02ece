/* vs-dataset-import.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The import of a dataset file into a project: reader → `records` and `import_problems`, in
 * transactions of about 1,000 records or 100 ms on a connection of its own, so the window's
 * connection is never blocked for long and an interrupted import keeps its committed batches.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <string.h>

#include "vs-dataset-import.h"
#include "vs-dataset-store-private.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-progress.h"
#include "vs-thread.h"
#include "vs-project-private.h"
#include "vs-writer-private.h"

#define DEFAULT_BATCH_RECORDS 1000
#define DEFAULT_BATCH_MSEC    100

void
vs_dataset_import_summary_free (VsDatasetImportSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->name);
  g_free (summary->format);
  g_free (summary->path);
  g_clear_pointer (&summary->problems_by_key, g_hash_table_unref);
  g_strfreev (summary->columns);
  g_free (summary);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

JsonNode *
vs_dataset_import_summary_to_json (const VsDatasetImportSummary *summary)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (summary != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dataset_id");
  json_builder_add_int_value (builder, summary->dataset_id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, summary->name);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, summary->format);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, summary->path);
  json_builder_set_member_name (builder, "records");
  json_builder_add_int_value (builder, summary->n_records);
  json_builder_set_member_name (builder, "problems");
  json_builder_add_int_value (builder, summary->n_problems);
  json_builder_set_member_name (builder, "problems_by_key");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, summary->problems_by_key);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);
  for (guint i = 0; i < keys->len; i++)
    {
      json_builder_set_member_name (builder, g_ptr_array_index (keys, i));
      json_builder_add_int_value (builder,
                                  GPOINTER_TO_INT (g_hash_table_lookup (summary->problems_by_key,
                                                                        g_ptr_array_index (keys,
                                                                                           i))));
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint i = 0; summary->columns && summary->columns[i]; i++)
    json_builder_add_string_value (builder, summary->columns[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "bytes");
  json_builder_add_int_value (builder, summary->bytes);
  json_builder_set_member_name (builder, "seconds");
  json_builder_add_double_value (builder, summary->seconds);
  json_builder_set_member_name (builder, "records_per_second");
  json_builder_add_double_value (builder, summary->seconds > 0
                                 ? summary->n_records / summary->seconds : 0.0);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static char *
columns_json (VsDatasetReader *reader)
{
  const char * const *columns = vs_dataset_reader_get_columns (reader);
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; columns[i]; i++)
    json_array_add_string_element (array, columns[i]);
  json_node_set_array (node, array);
  return vs_json_to_string (node, FALSE);
}

static char *
settings_json (const char             *state,
               VsDatasetImportSummary *summary)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "import");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, state);
  json_builder_set_member_name (builder, "records");
  json_builder_add_int_value (builder, summary->n_records);
  json_builder_set_member_name (builder, "problems");
  json_builder_add_int_value (builder, summary->n_problems);
  json_builder_set_member_name (builder, "bytes");
  json_builder_add_int_value (builder, summary->bytes);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return vs_json_to_string (root, FALSE);
}

/* Appends @object as compact JSON. Rows of string values (every CSV/TSV row) are written
 * directly, which is several times faster than json-glib's generator; anything else goes
 * through the generator. */
static void
append_object_json (GString    *out,
                    JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  gboolean first = TRUE;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &value))
    if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
      {
        g_autofree char *text = vs_json_object_to_string (object, FALSE);

        g_string_append (out, text);
        return;
      }

  g_string_append_c (out, '{');
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      if (!first)
        g_string_append_c (out, ',');
      vs_json_append_escaped (out, name, -1);
      g_string_append_c (out, ':');
      vs_json_append_escaped (out, json_node_get_string (value), -1);
      first = FALSE;
    }
  g_string_append_c (out, '}');
}

static char *
default_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

/* The import through the writer --------------------------------------------------------------
 *
 * The calling thread reads and serialises rows into batches; the writer inserts them. The
 * two run side by side (a reading core and a writing core), with at most MAX_IN_FLIGHT
 * batches queued, so memory stays bounded and the window's thread never waits on SQLite.
 */

#define MAX_IN_FLIGHT 3

typedef struct
{
  GMutex   mutex;
  GCond    cond;
  guint    in_flight;
  gint64   committed;  /* records in committed batches */
  GError  *error;      /* the first write that failed */
  gint64   dataset_id;
  char    *now;
} Shared;

static void
shared_clear (gpointer data)
{
  Shared *shared = data;

  g_mutex_clear (&shared->mutex);
  g_cond_clear (&shared->cond);
  g_clear_error (&shared->error);
  g_free (shared->now);
}

static void
shared_unref (Shared *shared)
{
  g_atomic_rc_box_release_full (shared, shared_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Shared, shared_unref)

/* What one job writes: records, the reader's problems, the dataset row's state. */
typedef struct
{
  Shared     *shared;
  GString    *data;      /* the records' JSON texts, back to back */
  GArray     *ends;      /* gsize: end offset of each record in data */
  GArray     *ordinals;  /* gint64 */
  GPtrArray  *problems;  /* VsDatasetProblem */
  char       *format;    /* NULL: unchanged */
  char       *columns;
  char       *settings;
  gboolean    ok;
} Batch;

static Batch *
batch_new (Shared *shared)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->shared = g_atomic_rc_box_acquire (shared);
  batch->data = g_string_sized_new (64 * 1024);
  batch->ends = g_array_new (FALSE, FALSE, sizeof (gsize));
  batch->ordinals = g_array_new (FALSE, FALSE, sizeof (gint64));
  return batch;
}

static void
batch_free (gpointer data)
{
  Batch *batch = data;

  if (batch == NULL)
    return;
  g_string_free (batch->data, TRUE);
  g_array_unref (batch->ends);
  g_array_unref (batch->ordinals);
  g_clear_pointer (&batch->problems, g_ptr_array_unref);
  g_free (batch->format);
  g_free (batch->columns);
  g_free (batch->settings);
  shared_unref (batch->shared);
  g_free (batch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Batch, batch_free)

static gboolean
step_done (VsWriteContext  *ctx,
           sqlite3_stmt    *stmt,
           GError         **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  return TRUE;
}

static gboolean
insert_records (VsWriteContext  *ctx,
                Batch           *batch,
                GError         **error)
{
  Shared *shared = batch->shared;
  sqlite3 *db = _vs_write_context_get_db (ctx);
  sqlite3_stmt *stmt;
  gsize start = 0;
  gint64 first_id = 0;

  /* updated_at stays NULL: it says when a person last edited the record, and an imported
   * record is as its file has it (the dataset row says when it was imported). */
  stmt = _vs_write_context_prepare (ctx, "INSERT INTO records (dataset_id, ordinal, data, split)"
                                    " VALUES (?1, ?2, ?3, 'unassigned')", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, shared->dataset_id);
  for (guint i = 0; i < batch->ordinals->len; i++)
    {
      gsize end = g_array_index (batch->ends, gsize, i);

      sqlite3_bind_int64 (stmt, 2, g_array_index (batch->ordinals, gint64, i));
      sqlite3_bind_text (stmt, 3, batch->data->str + start, (int) (end - start), SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return _vs_write_context_set_error (ctx, error);
      sqlite3_reset (stmt);
      if (i == 0)
        first_id = sqlite3_last_insert_rowid (db);
      start = end;
    }

  if (batch->ordinals->len == 0)
    return TRUE;
  /* Rows of one batch get consecutive ids (one writer, one statement). */
  if (batch->ordinals->len <= 256)
    for (guint i = 0; i < batch->ordinals->len; i++)
      _vs_write_context_note (ctx, "records", VS_CHANGE_INSERT, shared->dataset_id, first_id + i);
  else
    _vs_write_context_note (ctx, "records", VS_CHANGE_INSERT, shared->dataset_id, -1);
  return TRUE;
}

static gboolean
insert_problems (VsWriteContext  *ctx,
                 Batch           *batch,
                 GError         **error)
{
  sqlite3_stmt *stmt;

  if (batch->problems == NULL || batch->problems->len == 0)
    return TRUE;
  stmt = _vs_write_context_prepare (ctx, "INSERT INTO import_problems (dataset_id, ordinal, line,"
                                    " col, key, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < batch->problems->len; i++)
    {
      VsDatasetProblem *problem = g_ptr_array_index (batch->problems, i);

      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      sqlite3_bind_int64 (stmt, 1, batch->shared->dataset_id);
      if (problem->ordinal > 0)
        sqlite3_bind_int64 (stmt, 2, problem->ordinal);
      sqlite3_bind_int64 (stmt, 3, problem->line);
      sqlite3_bind_int64 (stmt, 4, problem->column);
      sqlite3_bind_text (stmt, 5, problem->key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, problem->message, -1, SQLITE_STATIC);
      if (!step_done (ctx, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
update_dataset (VsWriteContext  *ctx,
                Batch           *batch,
                GError         **error)
{
  sqlite3_stmt *stmt;

  if (batch->settings == NULL)
    return TRUE;
  stmt = _vs_write_context_prepare (ctx, "UPDATE datasets SET source_format ="
                                    " coalesce(?1, source_format), columns = ?2, settings = ?3,"
                                    " updated_at = ?4 WHERE id = ?5", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, batch->format, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, batch->columns, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, batch->settings, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, batch->shared->now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, batch->shared->dataset_id);
  if (!step_done (ctx, stmt, error))
    return FALSE;
  _vs_write_context_note (ctx, "datasets", VS_CHANGE_UPDATE, 0, batch->shared->dataset_id);
  return TRUE;
}

/* On the writer thread. The rows' JSON comes from our own serialiser, so the json_valid()
 * CHECKs, which parse every row again, are skipped for this job only. */
static gboolean
batch_job (VsWriteContext  *ctx,
           gpointer         data,
           GError         **error)
{
  Batch *batch = data;
  sqlite3 *db = _vs_write_context_get_db (ctx);
  gboolean ok;

  sqlite3_exec (db, "PRAGMA ignore_check_constraints = ON", NULL, NULL, NULL);
  ok = insert_records (ctx, batch, error);
  sqlite3_exec (db, "PRAGMA ignore_check_constraints = OFF", NULL, NULL, NULL);
  /* One count per batch (a trigger per row would slow the import): see dataset_counts. */
  return ok &&
         _vs_dataset_counts_add (db, batch->shared->dataset_id, VS_DATASET_SPLIT_UNASSIGNED,
                                 VS_DATASET_STATUS_UNREVIEWED, batch->ordinals->len, error) &&
         insert_problems (ctx, batch, error) && update_dataset (ctx, batch, error);
}

static void
batch_done (gpointer      data,
            gboolean      ok,
            const GError *error)
{
  Batch *batch = data;
  Shared *shared = batch->shared;

  g_mutex_lock (&shared->mutex);
  if (ok)
    shared->committed += batch->ordinals->len;
  else if (shared->error == NULL)
    shared->error = error ? g_error_copy (error)
                          : g_error_new_literal (VS_ERROR, VS_ERROR_IO, _("Could not write"));
  batch->ok = ok;
  shared->in_flight--;
  g_cond_broadcast (&shared->cond);
  g_mutex_unlock (&shared->mutex);
}

/* Queues @batch; waits while MAX_IN_FLIGHT of ours are queued. FALSE once a write failed. */
static gboolean
send_batch (VsWriter *writer,
            Shared   *shared,
            Batch    *batch)
{
  gboolean failed;

  g_mutex_lock (&shared->mutex);
  while (shared->in_flight >= MAX_IN_FLIGHT && shared->error == NULL)
    g_cond_wait (&shared->cond, &shared->mutex);
  failed = shared->error != NULL;
  if (!failed)
    shared->in_flight++;
  g_mutex_unlock (&shared->mutex);

  if (failed)
    {
      batch_free (batch);
      return FALSE;
    }
  _vs_writer_queue (writer, batch_job, batch, batch_free, batch_done);
  return TRUE;
}

static gint64
committed_records (Shared *shared)
{
  gint64 n;

  g_mutex_lock (&shared->mutex);
  n = shared->committed;
  g_mutex_unlock (&shared->mutex);
  return n;
}

static void
wait_all (Shared *shared)
{
  g_mutex_lock (&shared->mutex);
  while (shared->in_flight > 0)
    g_cond_wait (&shared->cond, &shared->mutex);
  g_mutex_unlock (&shared->mutex);
}

typedef struct
{
  const char *name;
  const char *source_path;
  const char *format;
  const char *now;
  gint64      id;           /* out */
  char       *unique_name;  /* out: @name, or "@name 2" … when it was taken */
} NewDataset;

static gboolean
create_dataset_job (VsWriteContext  *ctx,
                    gpointer         data,
                    GError         **error)
{
  NewDataset *nd = data;
  sqlite3_stmt *stmt;

  /* Names are unique in a project: a taken one gets " 2", " 3", … */
  g_free (nd->unique_name);
  nd->unique_name = _vs_dataset_unique_name (_vs_write_context_get_db (ctx), nd->name, error);
  if (nd->unique_name == NULL)
    return FALSE;

  stmt = _vs_write_context_prepare (ctx, "INSERT INTO datasets (name, source_path, source_format,"
                                    " settings, created_at, updated_at) VALUES (?1, ?2, ?3,"
                                    " '{\"import\":{\"state\":\"running\"}}', ?4, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, nd->unique_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, nd->source_path, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, nd->format, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, nd->now, -1, SQLITE_STATIC);
  if (!step_done (ctx, stmt, error))
    return FALSE;
  nd->id = sqlite3_last_insert_rowid (_vs_write_context_get_db (ctx));
  _vs_write_context_note (ctx, "datasets", VS_CHANGE_INSERT, 0, nd->id);
  return TRUE;
}

static void
fill_dataset_row (Batch                  *batch,
                  VsDatasetReader        *reader,
                  const char             *state,
                  VsDatasetImportSummary *summary)
{
  VsDatasetFormat format = vs_dataset_reader_get_format (reader);

  batch->format = format != VS_DATASET_FORMAT_AUTO
                  ? g_strdup (vs_dataset_format_to_string (format)) : NULL;
  batch->columns = columns_json (reader);
  batch->settings = settings_json (state, summary);
}

static void
take_problems (Batch                  *batch,
               VsDatasetReader        *reader,
               VsDatasetImportSummary *summary)
{
  g_autoptr(GPtrArray) problems = vs_dataset_reader_take_problems (reader);

  for (guint i = 0; i < problems->len; i++)
    {
      VsDatasetProblem *problem = g_ptr_array_index (problems, i);
      gpointer count = g_hash_table_lookup (summary->problems_by_key, problem->key);

      g_hash_table_replace (summary->problems_by_key, g_strdup (problem->key),
                            GINT_TO_POINTER (GPOINTER_TO_INT (count) + 1));
      summary->n_problems++;
    }
  if (problems->len == 0)
    return;
  if (batch->problems == NULL)
    batch->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_dataset_problem_free);
  g_ptr_array_extend_and_steal (batch->problems, g_steal_pointer (&problems));
}

static const char *
end_state (const GError *read_error)
{
  if (read_error == NULL)
    return "done";
  if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "cancelled";
  return "failed";
}

static VsDatasetImportSummary *
new_summary (const char                   *path,
             const VsDatasetImportOptions *options)
{
  VsDatasetImportSummary *summary = g_new0 (VsDatasetImportSummary, 1);

  summary->name = options->name && *options->name ? g_strdup (options->name)
                                                  : default_name (path);
  summary->path = g_strdup (path);
  summary->problems_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return summary;
}

/* The import; *@dataset_id is set as soon as the dataset row exists (even when the import
 * then fails), so the caller knows whether the project changed. */
static VsDatasetImportSummary *
import_run (VsProject                    *project,
            const char                   *path,
            const VsDatasetImportOptions *options,
            GCancellable                 *cancellable,
            VsProgressRelay              *progress,
            gint64                       *dataset_id,
            GError                      **error)
{
  static const VsDatasetImportOptions defaults = { 0 };
  g_autoptr(VsDatasetReader) reader = NULL;
  g_autoptr(VsDatasetImportSummary) summary = NULL;
  g_autoptr(GError) read_error = NULL;
  g_autoptr(GError) write_error = NULL;
  g_autoptr(Shared) shared = NULL;
  g_autoptr(Batch) batch = NULL;
  g_autofree char *source_path = NULL;
  VsWriter *writer = vs_project_get_writer (project);
  NewDataset nd = { 0 };
  guint batch_records, batch_msec;
  gint64 started, batch_started;

  *dataset_id = 0;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (writer == NULL)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_IO, _("The project is open read-only"));
      return NULL;
    }
  if (options == NULL)
    options = &defaults;
  batch_records = options->batch_records ? options->batch_records : DEFAULT_BATCH_RECORDS;
  batch_msec = options->batch_msec ? options->batch_msec : DEFAULT_BATCH_MSEC;
  started = g_get_monotonic_time ();

  reader = vs_dataset_reader_new_for_path (path, options->format, error);
  if (reader == NULL)
    return NULL;
  if (options->max_record_size > 0)
    vs_dataset_reader_set_max_record_size (reader, options->max_record_size);

  summary = new_summary (path, options);
  shared = g_atomic_rc_box_new0 (Shared);
  g_mutex_init (&shared->mutex);
  g_cond_init (&shared->cond);
  shared->now = vs_now_iso8601 ();

  source_path = g_canonicalize_filename (path, NULL);
  nd.name = summary->name;
  nd.source_path = source_path;
  nd.format = options->format != VS_DATASET_FORMAT_AUTO
              ? vs_dataset_format_to_string (options->format) : NULL;
  nd.now = shared->now;
  if (!_vs_writer_run (writer, create_dataset_job, &nd, error))
    {
      g_free (nd.unique_name);
      return NULL;
    }
  g_free (summary->name);
  summary->name = nd.unique_name;
  shared->dataset_id = summary->dataset_id = *dataset_id = nd.id;

  batch = batch_new (shared);
  batch_started = g_get_monotonic_time ();
  for (;;)
    {
      g_autoptr(JsonObject) object = NULL;
      VsDatasetPosition position;

      object = vs_dataset_reader_next (reader, &position, cancellable, &read_error);
      take_problems (batch, reader, summary);
      if (object == NULL)
        break;

      append_object_json (batch->data, object);
      g_array_append_val (batch->ends, batch->data->len);
      g_array_append_val (batch->ordinals, position.ordinal);
      summary->n_records++;

      if (batch->ordinals->len >= batch_records ||
          ((batch->ordinals->len & 63) == 0 &&
           g_get_monotonic_time () - batch_started >= (gint64) batch_msec * 1000))
        {
          summary->bytes = vs_dataset_reader_get_bytes_read (reader);
          fill_dataset_row (batch, reader, "running", summary);
          if (!send_batch (writer, shared, g_steal_pointer (&batch)))
            break;
          batch = batch_new (shared);
          batch_started = g_get_monotonic_time ();
          if (progress)
            vs_progress_relay_report (progress, summary->bytes,
                                      vs_dataset_reader_get_total_bytes (reader),
                                      committed_records (shared));
        }
    }

  /* The end, a read error or a cancellation: keep what was read either way. */
  wait_all (shared);
  if (shared->error != NULL)
    {
      /* Rows read after the failed write are not in the project. */
      summary->n_records = shared->committed;
      write_error = g_error_copy (shared->error);
    }
  else
    {
      summary->bytes = vs_dataset_reader_get_bytes_read (reader);
      fill_dataset_row (batch, reader, end_state (read_error), summary);
      g_atomic_rc_box_acquire (shared);
      shared->in_flight++;
      batch_done (batch, _vs_writer_run_in_order (writer, batch_job, batch, &write_error),
                  write_error);
      g_clear_pointer (&batch, batch_free);
      shared_unref (shared);
    }
  if (progress)
    vs_progress_relay_report (progress, summary->bytes,
                              vs_dataset_reader_get_total_bytes (reader), shared->committed);

  if (write_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&write_error));
      return NULL;
    }
  if (read_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&read_error));
      return NULL;
    }

  summary->format = g_strdup (vs_dataset_format_to_string (vs_dataset_reader_get_format (reader)));
  summary->columns = g_strdupv ((char **) vs_dataset_reader_get_columns (reader));
  summary->seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  return g_steal_pointer (&summary);
}

static void
call_progress (gint64   done,
               gint64   total,
               gint64   items,
               gpointer user_data)
{
  gpointer *sync = user_data;

  ((VsDatasetImportProgress) sync[0]) (done, total, items, sync[1]);
}

VsDatasetImportSummary *
vs_dataset_import_sync (VsProject                    *project,
                        const char                   *path,
                        const VsDatasetImportOptions *options,
                        GCancellable                 *cancellable,
                        VsDatasetImportProgress       progress,
                        gpointer                      progress_data,
                        GError                      **error)
{
  g_autoptr(VsProgressRelay) relay = NULL;
  gpointer sync[2] = { progress, progress_data };
  gint64 dataset_id;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Reported on this thread, every time. */
  if (progress)
    relay = vs_progress_relay_new_direct (call_progress, sync, NULL);
  return import_run (project, path, options, cancellable, relay, &dataset_id, error);
}

/* Async */

typedef struct
{
  char                   *path;
  char                   *name;
  VsDatasetImportOptions  options;
  VsProgressRelay        *relay;  /* NULL without a progress callback */
} ImportData;

static void
import_data_free (gpointer data)
{
  ImportData *d = data;

  g_free (d->path);
  g_free (d->name);
  g_clear_pointer (&d->relay, vs_progress_relay_unref);
  g_free (d);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *d = task_data;
  VsProject *project = source_object;
  g_autoptr(GError) error = NULL;
  VsDatasetImportSummary *summary;
  gint64 dataset_id = 0;
  /* A pooled thread: its priority goes back when the import is done. */
  int nice = vs_thread_lower_priority (VS_THREAD_BACKGROUND_NICE);

  summary = import_run (project, d->path, &d->options, cancellable, d->relay, &dataset_id,
                        &error);
  vs_thread_set_nice (nice);
  if (d->relay)
    vs_progress_relay_finish (d->relay);

  if (summary == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) vs_dataset_import_summary_free);
}

void
vs_dataset_import_async (VsProject                    *project,
                         const char                   *path,
                         const VsDatasetImportOptions *options,
                         GCancellable                 *cancellable,
                         VsDatasetImportProgress       progress,
                         gpointer                      progress_data,
                         GDestroyNotify                progress_notify,
                         GAsyncReadyCallback           callback,
                         gpointer                      user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportData *d;

  g_return_if_fail (VS_IS_PROJECT (project));
  g_return_if_fail (path != NULL);

  d = g_new0 (ImportData, 1);
  d->path = g_strdup (path);
  if (options)
    d->options = *options;
  d->name = g_strdup (d->options.name);
  d->options.name = d->name;
  if (progress)
    d->relay = vs_progress_relay_new ((VsProgressFunc) progress, progress_data, progress_notify);
  else if (progress_notify)
    progress_notify (progress_data);

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_dataset_import_async);
  g_task_set_task_data (task, d, import_data_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, import_thread);
}

VsDatasetImportSummary *
vs_dataset_import_finish (VsProject     *project,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (g_task_is_valid (result, project), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
