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
#include <sqlite3.h>
#include <string.h>

#include "vs-dataset-import.h"
#include "vs-dataset-store-private.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-project-private.h"

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

/* Import state */

typedef struct
{
  sqlite3      *db;
  const char   *project_path;
  sqlite3_stmt *insert_record;
  sqlite3_stmt *insert_problem;
  sqlite3_stmt *update_dataset;
  gint64        dataset_id;
  gint64        n_counted;      /* records already added to dataset_counts */
  gboolean      in_transaction;
} Writer;

static gboolean
db_error (Writer      *w,
          const char  *doing,
          GError     **error)
{
  g_set_error (error, VS_ERROR, VS_ERROR_IO, "Could not %s in “%s”: %s", doing,
               w->project_path, sqlite3_errmsg (w->db));
  return FALSE;
}

static gboolean
exec (Writer      *w,
      const char  *sql,
      GError     **error)
{
  if (sqlite3_exec (w->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return db_error (w, "write the dataset", error);
  return TRUE;
}

static gboolean
begin (Writer  *w,
       GError **error)
{
  if (!exec (w, "BEGIN IMMEDIATE", error))
    return FALSE;
  w->in_transaction = TRUE;
  return TRUE;
}

static gboolean
commit (Writer  *w,
        GError **error)
{
  if (!w->in_transaction)
    return TRUE;
  w->in_transaction = FALSE;
  if (!exec (w, "COMMIT", error))
    {
      sqlite3_exec (w->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

static gboolean
step (Writer       *w,
      sqlite3_stmt *stmt,
      GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return db_error (w, "write the dataset", error);
  return TRUE;
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

/* Writes the dataset row's format, columns and import state, and counts the batch's records
 * (inside the open transaction, so once per committed batch). */
static gboolean
update_dataset (Writer                 *w,
                VsDatasetReader        *reader,
                const char             *state,
                VsDatasetImportSummary *summary,
                GError                **error)
{
  g_autofree char *columns = columns_json (reader);
  g_autofree char *settings = settings_json (state, summary);
  g_autofree char *now = vs_now_iso8601 ();
  VsDatasetFormat format = vs_dataset_reader_get_format (reader);

  if (!_vs_dataset_counts_add (w->db, w->dataset_id, VS_DATASET_SPLIT_UNASSIGNED,
                               VS_DATASET_STATUS_UNREVIEWED, summary->n_records - w->n_counted,
                               error))
    return FALSE;
  w->n_counted = summary->n_records;
  if (format != VS_DATASET_FORMAT_AUTO)
    sqlite3_bind_text (w->update_dataset, 1, vs_dataset_format_to_string (format), -1,
                       SQLITE_STATIC);
  sqlite3_bind_text (w->update_dataset, 2, columns, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->update_dataset, 3, settings, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->update_dataset, 4, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (w->update_dataset, 5, w->dataset_id);
  return step (w, w->update_dataset, error);
}

static gboolean
write_problems (Writer                 *w,
                VsDatasetReader        *reader,
                VsDatasetImportSummary *summary,
                GError                **error)
{
  g_autoptr(GPtrArray) problems = vs_dataset_reader_take_problems (reader);

  for (guint i = 0; i < problems->len; i++)
    {
      VsDatasetProblem *problem = g_ptr_array_index (problems, i);
      gpointer count = g_hash_table_lookup (summary->problems_by_key, problem->key);

      sqlite3_bind_int64 (w->insert_problem, 1, w->dataset_id);
      if (problem->ordinal > 0)
        sqlite3_bind_int64 (w->insert_problem, 2, problem->ordinal);
      sqlite3_bind_int64 (w->insert_problem, 3, problem->line);
      sqlite3_bind_int64 (w->insert_problem, 4, problem->column);
      sqlite3_bind_text (w->insert_problem, 5, problem->key, -1, SQLITE_STATIC);
      sqlite3_bind_text (w->insert_problem, 6, problem->message, -1, SQLITE_STATIC);
      if (!step (w, w->insert_problem, error))
        return FALSE;
      g_hash_table_replace (summary->problems_by_key, g_strdup (problem->key),
                            GINT_TO_POINTER (GPOINTER_TO_INT (count) + 1));
      summary->n_problems++;
    }
  return TRUE;
}

/* Appends @object as compact JSON. Rows of string values (every CSV/TSV row) are written
 * directly, which is several times faster than json-glib's generator; anything else goes
 * through the generator. */
static void
append_object_json (GString    *out,
                    JsonObject *object)
{
  static const char hex[] = "0123456789abcdef";
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
      for (guint part = 0; part < 2; part++)
        {
          const guchar *p = (const guchar *) (part == 0 ? name : json_node_get_string (value));

          g_string_append (out, part == 0 ? (first ? "\"" : ",\"") : ":\"");
          for (; *p; p++)
            {
              const guchar *run = p;

              while (*p >= 0x20 && *p != '"' && *p != '\\')
                p++;
              g_string_append_len (out, (const char *) run, p - run);
              if (*p == '\0')
                break;
              switch (*p)
                {
                case '"': g_string_append (out, "\\\""); break;
                case '\\': g_string_append (out, "\\\\"); break;
                case '\n': g_string_append (out, "\\n"); break;
                case '\r': g_string_append (out, "\\r"); break;
                case '\t': g_string_append (out, "\\t"); break;
                case '\b': g_string_append (out, "\\b"); break;
                case '\f': g_string_append (out, "\\f"); break;
                default:
                  g_string_append (out, "\\u00");
                  g_string_append_c (out, hex[*p >> 4]);
                  g_string_append_c (out, hex[*p & 0xf]);
                  break;
                }
            }
          g_string_append_c (out, '"');
        }
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

/* The import; *@dataset_id is set as soon as the dataset row exists (even when the import
 * then fails), so the caller knows whether the project changed. */
static VsDatasetImportSummary *
import_run (VsProject                    *project,
            const char                   *path,
            const VsDatasetImportOptions *options,
            GCancellable                 *cancellable,
            VsDatasetImportProgress       progress,
            gpointer                      progress_data,
            gint64                       *dataset_id,
            GError                      **error)
{
  static const VsDatasetImportOptions defaults = { 0 };
  g_autoptr(VsDatasetReader) reader = NULL;
  g_autoptr(VsDatasetImportSummary) summary = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = NULL;
  g_autofree char *source_path = NULL;
  g_autoptr(GString) data = g_string_sized_new (4096);
  Writer w = { 0 };
  guint batch_records, batch_msec;
  gint64 started, batch_started;
  guint in_batch = 0;
  gboolean ok = FALSE;

  *dataset_id = 0;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
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

  w.project_path = vs_project_get_path (project);
  w.db = vs_project_open_connection (project, error);
  if (w.db == NULL)
    return NULL;

  summary = g_new0 (VsDatasetImportSummary, 1);
  summary->name = options->name && *options->name ? g_strdup (options->name)
                                                  : default_name (path);
  summary->path = g_strdup (path);
  summary->problems_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  now = vs_now_iso8601 ();
  if (!begin (&w, error))
    goto out;
  {
    sqlite3_stmt *stmt = NULL;
    const char *format = options->format != VS_DATASET_FORMAT_AUTO
                         ? vs_dataset_format_to_string (options->format) : NULL;

    if (sqlite3_prepare_v2 (w.db, "INSERT INTO datasets (name, source_path, source_format,"
                            " settings, created_at, updated_at)"
                            " VALUES (?1, ?2, ?3, '{\"import\":{\"state\":\"running\"}}', ?4, ?4)",
                            -1, &stmt, NULL) != SQLITE_OK)
      {
        db_error (&w, "add the dataset", error);
        goto out;
      }
    sqlite3_bind_text (stmt, 1, summary->name, -1, SQLITE_STATIC);
    source_path = g_canonicalize_filename (path, NULL);
    sqlite3_bind_text (stmt, 2, source_path, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, format, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
    ok = step (&w, stmt, error);
    sqlite3_finalize (stmt);
    if (!ok)
      goto out;
    ok = FALSE;
    w.dataset_id = sqlite3_last_insert_rowid (w.db);
    summary->dataset_id = w.dataset_id;
  }

  if (sqlite3_prepare_v2 (w.db, "INSERT INTO records (dataset_id, ordinal, data, split,"
                          " updated_at) VALUES (?1, ?2, ?3, 'unassigned', ?4)",
                          -1, &w.insert_record, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (w.db, "INSERT INTO import_problems (dataset_id, ordinal, line, col,"
                          " key, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                          -1, &w.insert_problem, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (w.db, "UPDATE datasets SET source_format = coalesce(?1, source_format),"
                          " columns = ?2, settings = ?3, updated_at = ?4 WHERE id = ?5",
                          -1, &w.update_dataset, NULL) != SQLITE_OK)
    {
      db_error (&w, "prepare the import", error);
      goto out;
    }

  batch_started = g_get_monotonic_time ();
  for (;;)
    {
      g_autoptr(JsonObject) object = NULL;
      VsDatasetPosition position;

      object = vs_dataset_reader_next (reader, &position, cancellable, &local_error);
      if (!write_problems (&w, reader, summary, error))
        goto out;
      if (object == NULL)
        break;

      g_string_truncate (data, 0);
      append_object_json (data, object);
      sqlite3_bind_int64 (w.insert_record, 1, w.dataset_id);
      sqlite3_bind_int64 (w.insert_record, 2, position.ordinal);
      sqlite3_bind_text (w.insert_record, 3, data->str, data->len, SQLITE_STATIC);
      sqlite3_bind_text (w.insert_record, 4, now, -1, SQLITE_STATIC);
      if (!step (&w, w.insert_record, error))
        goto out;
      summary->n_records++;

      if (++in_batch >= batch_records ||
          ((in_batch & 63) == 0 &&
           g_get_monotonic_time () - batch_started >= (gint64) batch_msec * 1000))
        {
          summary->bytes = vs_dataset_reader_get_bytes_read (reader);
          if (!update_dataset (&w, reader, "running", summary, error) ||
              !commit (&w, error))
            goto out;
          *dataset_id = w.dataset_id;
          if (!begin (&w, error))
            goto out;
          in_batch = 0;
          batch_started = g_get_monotonic_time ();
          if (progress)
            progress (summary->bytes, vs_dataset_reader_get_total_bytes (reader),
                      summary->n_records, progress_data);
        }
    }

  /* The end, a read error or a cancellation: keep what was read either way. */
  *dataset_id = w.dataset_id;
  summary->bytes = vs_dataset_reader_get_bytes_read (reader);
  if (!update_dataset (&w, reader,
                       local_error == NULL ? "done"
                       : g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                       ? "cancelled" : "failed",
                       summary, error) ||
      !commit (&w, error))
    goto out;
  if (progress)
    progress (summary->bytes, vs_dataset_reader_get_total_bytes (reader), summary->n_records,
              progress_data);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto out;
    }

  summary->format = g_strdup (vs_dataset_format_to_string (vs_dataset_reader_get_format (reader)));
  summary->columns = g_strdupv ((char **) vs_dataset_reader_get_columns (reader));
  summary->seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  ok = TRUE;

out:
  if (w.in_transaction)
    {
      /* A write failed: keep the batches committed before it, drop the broken one. */
      sqlite3_exec (w.db, "ROLLBACK", NULL, NULL, NULL);
    }
  sqlite3_finalize (w.insert_record);
  sqlite3_finalize (w.insert_problem);
  sqlite3_finalize (w.update_dataset);
  sqlite3_close_v2 (w.db);
  return ok ? g_steal_pointer (&summary) : NULL;
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
  gint64 dataset_id;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return import_run (project, path, options, cancellable, progress, progress_data,
                     &dataset_id, error);
}

/* Async */

typedef struct
{
  VsDatasetImportProgress progress;
  gpointer                data;
  GDestroyNotify          notify;
} Relay;

static void
relay_clear (gpointer data)
{
  Relay *relay = data;

  if (relay->notify)
    relay->notify (relay->data);
}

typedef struct
{
  Relay   *relay;
  goffset  bytes_read;
  goffset  total_bytes;
  gint64   n_records;
} ProgressCall;

static gboolean
progress_call_dispatch (gpointer data)
{
  ProgressCall *call = data;

  call->relay->progress (call->bytes_read, call->total_bytes, call->n_records,
                         call->relay->data);
  return G_SOURCE_REMOVE;
}

static void
progress_call_free (gpointer data)
{
  ProgressCall *call = data;

  g_atomic_rc_box_release_full (call->relay, relay_clear);
  g_free (call);
}

typedef struct
{
  char                   *path;
  char                   *name;
  VsDatasetImportOptions  options;
  Relay                  *relay;   /* NULL without a progress callback */
  GMainContext           *context;
  /* Throttling: the last report forwarded, and one held back. */
  gint64                  last_forward;
  gboolean                held;
  goffset                 held_bytes_read;
  goffset                 held_total_bytes;
  gint64                  held_n_records;
} ImportData;

static gboolean
do_nothing (gpointer data)
{
  return G_SOURCE_REMOVE;
}

static void
relay_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, relay_clear);
}

static void
import_data_free (gpointer data)
{
  ImportData *d = data;

  g_free (d->path);
  g_free (d->name);
  /* The task may end on the worker thread: drop the relay on the caller's context, so
   * progress_notify runs there. */
  if (d->relay)
    g_main_context_invoke_full (d->context, G_PRIORITY_DEFAULT, do_nothing, d->relay,
                                relay_release);
  g_main_context_unref (d->context);
  g_free (d);
}

static void
send_progress (ImportData *d,
               goffset     bytes_read,
               goffset     total_bytes,
               gint64      n_records)
{
  ProgressCall *call = g_new0 (ProgressCall, 1);

  call->relay = g_atomic_rc_box_acquire (d->relay);
  call->bytes_read = bytes_read;
  call->total_bytes = total_bytes;
  call->n_records = n_records;
  g_main_context_invoke_full (d->context, G_PRIORITY_DEFAULT, progress_call_dispatch, call,
                              progress_call_free);
  d->last_forward = g_get_monotonic_time ();
  d->held = FALSE;
}

/* On the worker: at most one report per 100 ms reaches the caller's context; the last one
 * held back is sent when the import ends. */
static void
forward_progress (goffset  bytes_read,
                  goffset  total_bytes,
                  gint64   n_records,
                  gpointer user_data)
{
  ImportData *d = user_data;

  if (d->last_forward == 0 || g_get_monotonic_time () - d->last_forward >= 100 * 1000)
    {
      send_progress (d, bytes_read, total_bytes, n_records);
      return;
    }
  d->held = TRUE;
  d->held_bytes_read = bytes_read;
  d->held_total_bytes = total_bytes;
  d->held_n_records = n_records;
}

static gboolean
emit_changed (gpointer data)
{
  vs_project_emit_changed (VS_PROJECT (data), "datasets");
  return G_SOURCE_REMOVE;
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

  summary = import_run (project, d->path, &d->options, cancellable,
                        d->relay ? forward_progress : NULL, d, &dataset_id, &error);
  if (d->held)
    send_progress (d, d->held_bytes_read, d->held_total_bytes, d->held_n_records);
  if (dataset_id > 0)
    g_main_context_invoke_full (d->context, G_PRIORITY_DEFAULT, emit_changed,
                                g_object_ref (project), g_object_unref);

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
  d->context = g_main_context_ref_thread_default ();
  if (progress)
    {
      d->relay = g_atomic_rc_box_new0 (Relay);
      d->relay->progress = progress;
      d->relay->data = progress_data;
      d->relay->notify = progress_notify;
    }
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
