/* vs-project.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening is careful: the header is read and checked (SQLite magic, application id, schema
 * version, size against the page count) before SQLite is asked to write anything, so a file
 * that is not ours, is damaged, or comes from a newer Versus is refused untouched.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>

#include "vs-error.h"
#include "vs-json.h"
#include "vs-project.h"
#include "vs-progress.h"
#include "vs-project-private.h"
#include "vs-writer-private.h"

#define SQLITE_HEADER_SIZE 100

struct _VsProject
{
  GObject   parent_instance;

  char     *path;
  sqlite3  *db;
  VsWriter *writer;
  guint     read_only : 1;
};

G_DEFINE_FINAL_TYPE (VsProject, vs_project, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_READ_ONLY,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
vs_project_finalize (GObject *object)
{
  VsProject *self = (VsProject *) object;

  /* Everything queued is written before the connection closes. */
  g_clear_pointer (&self->writer, _vs_writer_free);

  if (self->db != NULL)
    {
      /* Checkpoint so that the single .versus file is complete when we are gone. */
      if (!self->read_only)
        sqlite3_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (vs_project_parent_class)->finalize (object);
}

static void
vs_project_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  VsProject *self = VS_PROJECT (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_project_class_init (VsProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vs_project_finalize;

  /* SQLite's allocation statistics take a global mutex on every malloc; nobody reads them.
   * Only possible before SQLite is first used (otherwise SQLITE_MISUSE, harmless). */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
  object_class->get_property = vs_project_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VsProject::changed:
   * @what: the table or area that changed ("templates", "datasets", …); also the detail
   * @change: (transfer none): the table, the kind and the affected ids (or none = many)
   *
   * Emitted on the project's main context after a committed change, so views can refresh.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  VS_TYPE_CHANGE | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
vs_project_init (VsProject *self)
{
}

int
vs_project_schema_version (void)
{
  return _vs_project_schema_latest ();
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Checks the 100-byte SQLite header without SQLite. Returns FALSE with an error for anything
 * that is not a healthy Versus project; sets *is_new_empty when the file has zero bytes. */
static gboolean
wal_has_content (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;

  return g_stat (wal, &st) == 0 && st.st_size > 0;
}

static gboolean
check_header (const char  *path,
              int         *schema_version,
              gboolean    *empty_file,
              gboolean    *wal_pending,
              GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = g_filename_display_name (path);
  guint8 header[SQLITE_HEADER_SIZE];
  gsize n_read = 0;
  guint32 page_size;
  guint32 n_pages;
  goffset file_size;

  *empty_file = FALSE;
  *schema_version = 0;
  *wal_pending = FALSE;

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND, _("“%s” does not exist"), display);
      else
        g_set_error (error, VS_ERROR, VS_ERROR_IO, _("Could not read “%s”: %s"), display,
                     local_error->message);
      return FALSE;
    }

  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  file_size = info ? g_file_info_get_size (info) : 0;

  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), header, sizeof header, &n_read, NULL,
                                &local_error))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_IO, _("Could not read “%s”: %s"), display,
                   local_error->message);
      return FALSE;
    }

  if (n_read == 0)
    {
      *empty_file = TRUE;
      return TRUE;
    }

  if (n_read < 16 || memcmp (header, "SQLite format 3", 16) != 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_NOT_A_PROJECT,
                   _("“%s” is not a Versus project (it is not an SQLite database)"), display);
      return FALSE;
    }

  if (n_read < SQLITE_HEADER_SIZE)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_CORRUPT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "“%s” is damaged: the file ends inside its header (%zu byte)",
                                "“%s” is damaged: the file ends inside its header (%zu bytes)",
                                n_read),
                   display, (size_t) n_read);
      return FALSE;
    }

  page_size = ((guint32) header[16] << 8) | header[17];
  if (page_size == 1)
    page_size = 65536;
  n_pages = read_be32 (header + 28);

  /* With a write-ahead log beside it, the newest header may still be in the log; SQLite
   * answers for the application id and version after connecting (reads never write). */
  *wal_pending = wal_has_content (path);

  if (!*wal_pending && read_be32 (header + 68) != VS_PROJECT_APPLICATION_ID)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_NOT_A_PROJECT,
                   _("“%s” is an SQLite database but not a Versus project"), display);
      return FALSE;
    }

  if (page_size < 512 || (page_size & (page_size - 1)) != 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_CORRUPT,
                   _("“%s” is damaged: its header names an impossible page size (%u)"),
                   display, page_size);
      return FALSE;
    }

  /* The in-header page count is valid when the change counters agree (SQLite ≥ 3.7). */
  if (read_be32 (header + 24) == read_be32 (header + 92) &&
      (goffset) page_size * n_pages > file_size)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_CORRUPT,
                   /* Translators: the first %s is a file name, then come two sizes in
                    * bytes. */
                   _("“%s” is damaged: it is %" PRId64 " bytes long but should be %" PRId64
                     " (was it cut short while copying?)"),
                   display, (int64_t) file_size, (int64_t) page_size * n_pages);
      return FALSE;
    }

  *schema_version = (int) read_be32 (header + 60);
  return TRUE;
}

gboolean
_vs_project_set_db_error (sqlite3     *db,
                          const char  *path,
                          int          rc,
                          GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  int code = rc & 0xff;

  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
    /* Translators: the first %s is a file name, the second the database's description of the
     * error. */
    g_set_error (error, VS_ERROR, VS_ERROR_CORRUPT, _("“%s” is damaged: %s"), display,
                 db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  else if (code == SQLITE_FULL || code == SQLITE_IOERR || code == SQLITE_CANTOPEN ||
           code == SQLITE_READONLY || code == SQLITE_PERM)
    g_set_error (error, VS_ERROR, VS_ERROR_IO, _("Could not write “%s”: %s"), display,
                 db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  else
    g_set_error (error, VS_ERROR, VS_ERROR_FAILED, "“%s”: %s", display,
                 db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

static gboolean
exec (sqlite3     *db,
      const char  *path,
      const char  *sql,
      GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _vs_project_set_db_error (db, path, rc, error);
  return TRUE;
}

static gint64
query_int64 (sqlite3    *db,
             const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

static int
query_int (sqlite3    *db,
           const char *sql,
           int        *rc_out)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          value = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  if (rc_out)
    *rc_out = rc;
  return value;
}

static sqlite3 *
connect (const char  *path,
         gboolean     create,
         gboolean     read_only,
         GError     **error)
{
  sqlite3 *db = NULL;
  int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  int rc;

  if (create)
    flags |= SQLITE_OPEN_CREATE;
  flags |= SQLITE_OPEN_NOMUTEX;

  rc = sqlite3_open_v2 (path, &db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      _vs_project_set_db_error (db, path, rc, error);
      sqlite3_close_v2 (db);
      return NULL;
    }

  sqlite3_extended_result_codes (db, TRUE);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static gboolean
configure (sqlite3     *db,
           const char  *path,
           gboolean     read_only,
           GError     **error)
{
  if (!exec (db, path, "PRAGMA foreign_keys = ON", error))
    return FALSE;
  if (read_only)
    return TRUE;
  return exec (db, path,
               "PRAGMA journal_mode = WAL;"
               "PRAGMA synchronous = NORMAL;",
               error);
}

VsProject *
vs_project_open (const char          *path,
                 VsProjectOpenFlags   flags,
                 GError             **error)
{
  g_autoptr(VsProject) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  gboolean read_only = (flags & VS_PROJECT_OPEN_READONLY) != 0;
  gboolean empty_file = FALSE;
  gboolean wal_pending = FALSE;
  gboolean creating = FALSE;
  int header_version = 0;
  int version;
  int latest = _vs_project_schema_latest ();
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);

  if (!check_header (path, &header_version, &empty_file, &wal_pending, &local_error))
    {
      if (!(g_error_matches (local_error, VS_ERROR, VS_ERROR_NOT_FOUND) &&
            (flags & VS_PROJECT_OPEN_CREATE) && !read_only))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      creating = TRUE;
    }
  else if (empty_file)
    {
      if (!(flags & VS_PROJECT_OPEN_CREATE) || read_only)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_NOT_A_PROJECT,
                       _("“%s” is empty, not a Versus project"), display);
          return NULL;
        }
      creating = TRUE;
    }

  if (header_version > latest)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_NEWER_SCHEMA,
                   /* Translators: %s is a file name, the numbers are versions of the
                    * project format. */
                   _("“%s” was saved by a newer version of Versus (project format %d; this "
                     "version reads up to %d). Update Versus to open it."),
                   display, header_version, latest);
      return NULL;
    }

  self = g_object_new (VS_TYPE_PROJECT, NULL);
  self->path = g_strdup (path);
  self->read_only = read_only;
  self->db = connect (path, creating, read_only, error);
  if (self->db == NULL)
    return NULL;

  /* Ask SQLite itself now: a damaged schema page shows up here. */
  version = query_int (self->db, "PRAGMA user_version", &rc);
  if (rc != SQLITE_OK)
    {
      _vs_project_set_db_error (self->db, path, rc, error);
      return NULL;
    }
  query_int (self->db, "SELECT count(*) FROM sqlite_schema", &rc);
  if (rc != SQLITE_OK)
    {
      _vs_project_set_db_error (self->db, path, rc, error);
      return NULL;
    }

  if (!creating &&
      query_int (self->db, "PRAGMA application_id", &rc) != VS_PROJECT_APPLICATION_ID)
    {
      if (rc != SQLITE_OK)
        _vs_project_set_db_error (self->db, path, rc, error);
      else
        g_set_error (error, VS_ERROR, VS_ERROR_NOT_A_PROJECT,
                     _("“%s” is an SQLite database but not a Versus project"), display);
      return NULL;
    }

  if (version > latest)
    {
      /* The WAL may hold a newer header than the main file. */
      g_set_error (error, VS_ERROR, VS_ERROR_NEWER_SCHEMA,
                   /* Translators: %s is a file name, the numbers are versions of the
                    * project format. */
                   _("“%s” was saved by a newer version of Versus (project format %d; this "
                     "version reads up to %d). Update Versus to open it."),
                   display, version, latest);
      return NULL;
    }

  if (!configure (self->db, path, read_only, error))
    return NULL;

  if (version < latest && !read_only)
    {
      g_autofree char *pragma = NULL;

      if (!exec (self->db, path, "BEGIN IMMEDIATE", error))
        return NULL;

      pragma = g_strdup_printf ("PRAGMA application_id = %d", VS_PROJECT_APPLICATION_ID);
      if (!exec (self->db, path, pragma, error) ||
          !_vs_project_schema_migrate (self->db, version, latest, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return NULL;
        }

      if (creating)
        {
          g_autofree char *now = vs_now_iso8601 ();
          g_autofree char *base = g_path_get_basename (path);
          g_autofree char *name = NULL;
          sqlite3_stmt *stmt = NULL;

          if (g_str_has_suffix (base, VS_PROJECT_FILE_EXTENSION))
            base[strlen (base) - strlen (VS_PROJECT_FILE_EXTENSION)] = '\0';
          name = g_filename_display_name (base);

          sqlite3_prepare_v2 (self->db,
                              "INSERT INTO project_meta (key, value) VALUES"
                              " ('name', ?1), ('created_at', ?2), ('created_by', ?3)",
                              -1, &stmt, NULL);
          sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 3, "Versus " PACKAGE_VERSION, -1, SQLITE_STATIC);
          rc = sqlite3_step (stmt);
          sqlite3_finalize (stmt);
          if (rc != SQLITE_DONE)
            {
              _vs_project_set_db_error (self->db, path, rc, error);
              sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
              return NULL;
            }
        }

      if (!exec (self->db, path, "COMMIT", error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return NULL;
        }
    }

  if (!read_only)
    {
      self->writer = _vs_writer_new (self, error);
      if (self->writer == NULL)
        return NULL;
    }

  return g_steal_pointer (&self);
}

typedef struct
{
  char               *path;
  VsProjectOpenFlags  flags;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  VsProject *project = vs_project_open (data->path, data->flags, &error);

  if (project == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, project, g_object_unref);
}

void
vs_project_open_async (const char          *path,
                       VsProjectOpenFlags   flags,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_project_open_async);
  data = g_new0 (OpenData, 1);
  data->path = g_strdup (path);
  data->flags = flags;
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

VsProject *
vs_project_open_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
vs_project_get_path (VsProject *self)
{
  g_return_val_if_fail (VS_IS_PROJECT (self), NULL);

  return self->path;
}

GFile *
vs_project_get_file (VsProject *self)
{
  g_return_val_if_fail (VS_IS_PROJECT (self), NULL);

  return g_file_new_for_path (self->path);
}

gboolean
vs_project_get_read_only (VsProject *self)
{
  g_return_val_if_fail (VS_IS_PROJECT (self), TRUE);

  return self->read_only;
}

sqlite3 *
vs_project_get_db (VsProject *self)
{
  VsWriteContext *ctx;

  g_return_val_if_fail (VS_IS_PROJECT (self), NULL);

  /* Inside one of this project's write jobs: the writer's connection and transaction. */
  ctx = _vs_writer_get_current ();
  if (ctx != NULL && _vs_write_context_get_project (ctx) == self)
    return _vs_write_context_get_db (ctx);
  return self->db;
}

sqlite3_stmt *
_vs_project_prepare (VsProject   *self,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (self), NULL);

  if (sqlite3_prepare_v2 (vs_project_get_db (self), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      vs_project_set_error_from_db (self, error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

GPtrArray *
_vs_project_query_list (VsProject      *self,
                        const char     *sql,
                        VsRowFunc       row,
                        GDestroyNotify  free_func,
                        GError        **error)
{
  sqlite3_stmt *stmt = _vs_project_prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;
  return _vs_project_collect (self, stmt, row, free_func, error);
}

GPtrArray *
_vs_project_collect (VsProject      *self,
                     sqlite3_stmt   *stmt_in,
                     VsRowFunc       row,
                     GDestroyNotify  free_func,
                     GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = stmt_in;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (free_func);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, row (stmt));
  if (rc != SQLITE_DONE)
    {
      vs_project_set_error_from_db (self, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

char *
_vs_sql_dup_text (sqlite3_stmt *stmt,
                  int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static gboolean
in_job (VsProject *self)
{
  VsWriteContext *ctx = _vs_writer_get_current ();

  return ctx != NULL && _vs_write_context_get_project (ctx) == self;
}

gboolean
_vs_project_write (VsProject    *self,
                   VsWriteFunc   func,
                   gpointer      data,
                   GError      **error)
{
  VsWriteContext *ctx;

  g_return_val_if_fail (VS_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (self->writer == NULL)
    {
      g_autofree char *display = g_filename_display_name (self->path);

      g_set_error (error, VS_ERROR, VS_ERROR_IO, _("The project “%s” is open read-only"),
                   display);
      return FALSE;
    }
  /* Already inside a job (a store calling another): run it there. */
  ctx = _vs_writer_get_current ();
  if (ctx != NULL && _vs_write_context_get_project (ctx) == self)
    return func (ctx, data, error);
  return _vs_writer_run (self->writer, func, data, error);
}

sqlite3 *
vs_project_open_connection (VsProject  *self,
                            GError    **error)
{
  sqlite3 *db;

  g_return_val_if_fail (VS_IS_PROJECT (self), NULL);

  db = connect (self->path, FALSE, self->read_only, error);
  if (db == NULL)
    return NULL;

  if (!configure (db, self->path, self->read_only, error))
    {
      sqlite3_close_v2 (db);
      return NULL;
    }

  return db;
}

gboolean
vs_project_set_error_from_db (VsProject  *self,
                              GError    **error)
{
  g_return_val_if_fail (VS_IS_PROJECT (self), FALSE);

  sqlite3 *db = vs_project_get_db (self);

  return _vs_project_set_db_error (db, self->path, sqlite3_extended_errcode (db), error);
}

gboolean
vs_project_exec (VsProject   *self,
                 const char  *sql,
                 GError     **error)
{
  g_return_val_if_fail (VS_IS_PROJECT (self), FALSE);

  return exec (vs_project_get_db (self), self->path, sql, error);
}

gboolean
vs_project_begin (VsProject  *self,
                  GError    **error)
{
  if (in_job (self))
    return vs_project_exec (self, "SAVEPOINT store", error);
  return vs_project_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
vs_project_commit (VsProject  *self,
                   GError    **error)
{
  if (!vs_project_exec (self, in_job (self) ? "RELEASE store" : "COMMIT", error))
    {
      vs_project_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
vs_project_rollback (VsProject *self)
{
  g_return_if_fail (VS_IS_PROJECT (self));

  if (in_job (self))
    {
      sqlite3 *db = vs_project_get_db (self);

      sqlite3_exec (db, "ROLLBACK TO store", NULL, NULL, NULL);
      sqlite3_exec (db, "RELEASE store", NULL, NULL, NULL);
      return;
    }
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

gint64
vs_project_count (VsProject  *self,
                  const char *table)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  g_return_val_if_fail (VS_IS_PROJECT (self), -1);
  g_return_val_if_fail (table != NULL, -1);

  /* Table names come from code, never from users; quote them anyway. */
  sql = sqlite3_mprintf ("SELECT count(*) FROM \"%w\"", table);
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_free (g_steal_pointer (&sql));

  return count;
}

char *
vs_project_get_meta (VsProject  *self,
                     const char *key)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (self), NULL);

  if (sqlite3_prepare_v2 (self->db, "SELECT value FROM project_meta WHERE key = ?1", -1, &stmt,
                          NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

typedef struct
{
  const char *key;
  const char *value;
} MetaWrite;

static gboolean
set_meta_job (VsWriteContext  *ctx,
              gpointer         data,
              GError         **error)
{
  MetaWrite *w = data;
  sqlite3_stmt *stmt;

  stmt = _vs_write_context_prepare (ctx, "INSERT INTO project_meta (key, value) VALUES (?1, ?2)"
                                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, w->key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, w->value, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  _vs_write_context_note (ctx, "project", VS_CHANGE_UPDATE, 0, -1);
  return TRUE;
}

gboolean
vs_project_set_meta (VsProject   *self,
                     const char  *key,
                     const char  *value,
                     GError     **error)
{
  MetaWrite w = { key, value };

  g_return_val_if_fail (VS_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  return _vs_project_write (self, set_meta_job, &w, error);
}

char *
vs_project_dup_name (VsProject *self)
{
  char *name = vs_project_get_meta (self, "name");

  if (name == NULL || *name == '\0')
    {
      g_autofree char *base = g_path_get_basename (self->path);

      g_free (name);
      if (g_str_has_suffix (base, VS_PROJECT_FILE_EXTENSION))
        base[strlen (base) - strlen (VS_PROJECT_FILE_EXTENSION)] = '\0';
      name = g_filename_display_name (base);
    }

  return name;
}

gboolean
vs_project_set_name (VsProject   *self,
                     const char  *name,
                     GError     **error)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (name != NULL, FALSE);

  stripped = g_strstrip (g_strdup (name));
  if (*stripped == '\0')
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID,
                           _("A project name cannot be empty"));
      return FALSE;
    }

  return vs_project_set_meta (self, "name", stripped, error);
}

void
vs_project_info_free (VsProjectInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->created_at);
  g_free (info);
}

VsProjectInfo *
vs_project_get_info (VsProject  *self,
                     GError    **error)
{
  g_autoptr(VsProjectInfo) info = g_new0 (VsProjectInfo, 1);
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (self), NULL);

  info->schema_version = query_int (self->db, "PRAGMA user_version", &rc);
  if (rc != SQLITE_OK)
    {
      _vs_project_set_db_error (self->db, self->path, rc, error);
      return NULL;
    }

  info->name = vs_project_dup_name (self);
  info->created_at = vs_project_get_meta (self, "created_at");
  info->n_templates = vs_project_count (self, "templates");
  info->n_template_versions = vs_project_count (self, "template_versions");
  info->n_datasets = vs_project_count (self, "datasets");
  /* Maintained per dataset (dataset_counts): no scan of a million records here. */
  info->n_records = query_int64 (self->db, "SELECT coalesce(sum(n), 0) FROM dataset_counts");
  info->n_snapshots = vs_project_count (self, "snapshots");
  info->n_endpoints = vs_project_count (self, "endpoints");
  info->n_finetune_jobs = vs_project_count (self, "finetune_jobs");
  info->n_runs = vs_project_count (self, "runs");
  info->n_results = vs_project_count (self, "results");

  if (info->n_templates < 0 || info->n_datasets < 0 || info->n_runs < 0)
    {
      _vs_project_set_db_error (self->db, self->path, sqlite3_extended_errcode (self->db), error);
      return NULL;
    }

  return g_steal_pointer (&info);
}

typedef struct
{
  char            *source;  /* the project's path */
  char            *path;    /* the copy's */
  VsProgressRelay *relay;   /* may be NULL */
} SaveAs;

static void
save_as_free (gpointer data)
{
  SaveAs *d = data;

  g_free (d->source);
  g_free (d->path);
  g_clear_pointer (&d->relay, vs_progress_relay_unref);
  g_free (d);
}

static gboolean
copy_failed (GError      **error,
             const char   *display,
             int           rc,
             sqlite3      *dest,
             const char   *tmp_path)
{
  /* Translators: the first %s is a file name, the second the database's description of the
   * error. */
  g_set_error (error, VS_ERROR, VS_ERROR_IO, _("Could not copy the project to “%s”: %s"),
               display, dest ? sqlite3_errmsg (dest) : sqlite3_errstr (rc));
  sqlite3_close_v2 (dest);
  g_unlink (tmp_path);
  return FALSE;
}

/* On any thread, with connections of its own: a read transaction pins one snapshot of the
 * project (WAL), so the copy is consistent while the writer goes on, and the backup copies it
 * in steps between which progress is reported and a cancel is honoured. */
static gboolean
copy_project (SaveAs        *d,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autofree char *tmp_path = NULL;
  g_autofree char *display = g_filename_display_name (d->path);
  sqlite3 *source = NULL;
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  source = connect (d->source, FALSE, TRUE, error);
  if (source == NULL)
    return FALSE;
  if (!exec (source, d->source, "BEGIN", error) ||
      !exec (source, d->source, "SELECT count(*) FROM sqlite_schema", error))
    {
      sqlite3_close_v2 (source);
      return FALSE;
    }

  /* Copy into a temporary file beside the target and rename it into place, so a failed copy
   * never leaves a half-written project under the chosen name. */
  tmp_path = g_strdup_printf ("%s.tmp-%u", d->path, g_random_int ());
  rc = sqlite3_open_v2 (tmp_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite3_close_v2 (source);
      return copy_failed (error, display, rc, NULL, tmp_path);
    }

  backup = sqlite3_backup_init (dest, "main", source, "main");
  if (backup == NULL)
    {
      sqlite3_close_v2 (source);
      return copy_failed (error, display, SQLITE_ERROR, dest, tmp_path);
    }
  do
    {
      rc = sqlite3_backup_step (backup, 256);
      if (d->relay != NULL)
        {
          int total = sqlite3_backup_pagecount (backup);

          vs_progress_relay_report (d->relay, total - sqlite3_backup_remaining (backup), total,
                                    0);
        }
      if (g_cancellable_is_cancelled (cancellable))
        break;
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);
  sqlite3_exec (source, "COMMIT", NULL, NULL, NULL);
  sqlite3_close_v2 (source);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      sqlite3_close_v2 (dest);
      g_unlink (tmp_path);
      return FALSE;
    }
  if (rc == SQLITE_DONE)
    rc = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  if (rc != SQLITE_DONE && rc != SQLITE_OK)
    return copy_failed (error, display, rc, NULL, tmp_path);
  sqlite3_close_v2 (dest);

  if (g_rename (tmp_path, d->path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, VS_ERROR, VS_ERROR_IO, _("Could not write “%s”: %s"), display,
                   g_strerror (saved_errno));
      g_unlink (tmp_path);
      return FALSE;
    }
  return TRUE;
}

static SaveAs *
save_as_new (VsProject   *self,
             const char  *path,
             GError     **error)
{
  SaveAs *d;

  if (g_strcmp0 (path, self->path) == 0)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, VS_ERROR, VS_ERROR_EXISTS, _("“%s” is the project itself"), display);
      return NULL;
    }
  /* Whatever was queued before Save As belongs in the copy. */
  if (self->writer != NULL && !vs_writer_flush (self->writer, error))
    return NULL;

  d = g_new0 (SaveAs, 1);
  d->source = g_strdup (self->path);
  d->path = g_strdup (path);
  return d;
}

gboolean
vs_project_save_as (VsProject   *self,
                    const char  *path,
                    GError     **error)
{
  SaveAs *d;
  gboolean ok;

  g_return_val_if_fail (VS_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if ((d = save_as_new (self, path, error)) == NULL)
    return FALSE;
  ok = copy_project (d, NULL, error);
  save_as_free (d);
  return ok;
}

static void
save_as_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SaveAs *d = task_data;
  GError *error = NULL;

  if (copy_project (d, cancellable, &error))
    {
      if (d->relay != NULL)
        vs_progress_relay_finish (d->relay);
      g_task_return_boolean (task, TRUE);
    }
  else
    g_task_return_error (task, error);
}

void
vs_project_save_as_async (VsProject           *self,
                          const char          *path,
                          GCancellable        *cancellable,
                          VsProgressFunc       progress,
                          gpointer             progress_data,
                          GDestroyNotify       progress_notify,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  SaveAs *d;

  g_return_if_fail (VS_IS_PROJECT (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_project_save_as_async);
  /* The flush waits for the writer's backlog; queued autosaves are small. */
  d = save_as_new (self, path, &error);
  if (d == NULL)
    {
      if (progress_notify != NULL)
        progress_notify (progress_data);
      g_task_return_error (task, error);
      return;
    }
  d->relay = vs_progress_relay_new (progress, progress_data, progress_notify);
  g_task_set_task_data (task, d, save_as_free);
  g_task_run_in_thread (task, save_as_thread);
}

gboolean
vs_project_save_as_finish (VsProject     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

VsWriter *
vs_project_get_writer (VsProject *self)
{
  g_return_val_if_fail (VS_IS_PROJECT (self), NULL);

  return self->writer;
}

void
vs_project_emit_changed (VsProject  *self,
                         const char *what)
{
  g_autoptr(VsChange) change = NULL;

  g_return_if_fail (VS_IS_PROJECT (self));
  g_return_if_fail (what != NULL);

  change = vs_change_new (what, VS_CHANGE_MANY, 0);
  vs_project_emit_change (self, change);
}

void
vs_project_emit_change (VsProject      *self,
                        const VsChange *change)
{
  g_return_if_fail (VS_IS_PROJECT (self));
  g_return_if_fail (change != NULL && change->table != NULL);

  /* Inside a job the change is not committed yet: it becomes a note, announced after. */
  if (in_job (self))
    {
      VsWriteContext *ctx = _vs_writer_get_current ();

      if (change->ids == NULL || change->kind == VS_CHANGE_MANY)
        _vs_write_context_note (ctx, change->table, change->kind, change->parent_id, -1);
      else
        for (guint i = 0; i < change->ids->len; i++)
          _vs_write_context_note (ctx, change->table, change->kind, change->parent_id,
                                  g_array_index (change->ids, gint64, i));
      return;
    }

  g_signal_emit (self, signals[CHANGED], g_quark_from_string (change->table), change->table,
                 change);
}

G_DEFINE_BOXED_TYPE (VsChange, vs_change, vs_change_copy, vs_change_free)

VsChange *
vs_change_new (const char   *table,
               VsChangeKind  kind,
               gint64        parent_id)
{
  VsChange *change;

  g_return_val_if_fail (table != NULL, NULL);

  change = g_new0 (VsChange, 1);
  change->table = g_strdup (table);
  change->kind = kind;
  change->parent_id = parent_id;
  return change;
}

VsChange *
vs_change_copy (const VsChange *change)
{
  VsChange *copy;

  g_return_val_if_fail (change != NULL, NULL);

  copy = vs_change_new (change->table, change->kind, change->parent_id);
  if (change->ids != NULL)
    {
      copy->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), change->ids->len);
      g_array_append_vals (copy->ids, change->ids->data, change->ids->len);
    }
  return copy;
}

void
vs_change_free (VsChange *change)
{
  if (change == NULL)
    return;
  g_free (change->table);
  g_clear_pointer (&change->ids, g_array_unref);
  g_free (change);
}

void
vs_change_add_id (VsChange *change,
                  gint64    id)
{
  g_return_if_fail (change != NULL);

  if (change->ids == NULL)
    change->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (change->ids, id);
}

gboolean
vs_change_has_ids (const VsChange *change)
{
  return change != NULL && change->kind != VS_CHANGE_MANY && change->ids != NULL;
}
