/* vs-template-store.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SQL for the `templates` and `template_versions` tables (schema in vs-project-schema.c).
 * Versions are never updated — a trigger refuses it — so "restore" appends a new version.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "vs-error.h"
#include "vs-json.h"
#include "vs-project-private.h"
#include "vs-template-store.h"

struct _VsTemplateDeleted
{
  gint64     id;
  char      *name;
  char      *draft;
  gint64     head_version_id;
  char      *created_at;
  char      *updated_at;
  GPtrArray *versions; /* Version */
};

typedef struct
{
  gint64  id;
  gint    number;
  char   *body;
  char   *note;
  char   *created_at;
} Version;

static void
version_free (Version *version)
{
  g_free (version->body);
  g_free (version->note);
  g_free (version->created_at);
  g_free (version);
}

void
vs_template_deleted_free (VsTemplateDeleted *deleted)
{
  if (deleted == NULL)
    return;
  g_free (deleted->name);
  g_free (deleted->draft);
  g_free (deleted->created_at);
  g_free (deleted->updated_at);
  g_ptr_array_unref (deleted->versions);
  g_free (deleted);
}

void
vs_template_info_free (VsTemplateInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->created_at);
  g_free (info->updated_at);
  g_free (info);
}

void
vs_template_version_info_free (VsTemplateVersionInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->note);
  g_free (info->created_at);
  g_free (info);
}

/* ------------------------------------------------------------------------------------------ */
/* SQLite helpers                                                                              */

typedef sqlite3_stmt Stmt;

static void
stmt_finalize (Stmt *stmt)
{
  sqlite3_finalize (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Stmt, stmt_finalize)

static Stmt *
prepare (VsProject   *project,
         const char  *sql,
         GError     **error)
{
  Stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (vs_project_get_db (project), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      vs_project_set_error_from_db (project, error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

static gboolean
step_done (VsProject  *project,
           Stmt       *stmt,
           GError    **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return vs_project_set_error_from_db (project, error);
  return TRUE;
}

static char *
column_dup (Stmt *stmt,
            int   column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return g_strdup (text ? (const char *) text : "");
}

static gboolean
not_found (GError   **error,
           gint64     id,
           gboolean   version)
{
  if (version)
    g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND,
                 _("There is no template version with id %" PRId64 " in this project"), id);
  else
    g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND,
                 _("There is no template with id %" PRId64 " in this project"), id);
  return FALSE;
}

static gboolean
writable (VsProject  *project,
          GError    **error)
{
  if (vs_project_get_read_only (project))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_FAILED,
                   /* Translators: %s is the project's file name. */
                   _("The project %s is open read-only"), vs_project_get_path (project));
      return FALSE;
    }
  return TRUE;
}

static gboolean
fail_rollback (VsProject *project)
{
  vs_project_rollback (project);
  return FALSE;
}

/* ------------------------------------------------------------------------------------------ */
/* Listing                                                                                     */

#define INFO_COLUMNS \
  "t.id, t.name, COALESCE(t.head_version_id, 0), COALESCE(h.number, 0)," \
  " (SELECT COUNT(*) FROM template_versions v WHERE v.template_id = t.id)," \
  " t.created_at, t.updated_at" \
  " FROM templates t LEFT JOIN template_versions h ON h.id = t.head_version_id"

static VsTemplateInfo *
info_from_row (Stmt *stmt)
{
  VsTemplateInfo *info = g_new0 (VsTemplateInfo, 1);

  info->id = sqlite3_column_int64 (stmt, 0);
  info->name = column_dup (stmt, 1);
  info->head_version_id = sqlite3_column_int64 (stmt, 2);
  info->head_number = sqlite3_column_int (stmt, 3);
  info->n_versions = sqlite3_column_int (stmt, 4);
  info->created_at = column_dup (stmt, 5);
  info->updated_at = column_dup (stmt, 6);
  return info;
}

GPtrArray *
vs_template_store_list (VsProject   *project,
                        const char  *search,
                        GError     **error)
{
  g_autoptr(Stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *needle = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  stmt = prepare (project, "SELECT " INFO_COLUMNS " ORDER BY t.name COLLATE NOCASE, t.id", error);
  if (stmt == NULL)
    return NULL;

  if (search != NULL && *search != '\0')
    needle = g_utf8_casefold (search, -1);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_template_info_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VsTemplateInfo *info = info_from_row (stmt);

      if (needle != NULL)
        {
          g_autofree char *folded = g_utf8_casefold (info->name, -1);

          if (strstr (folded, needle) == NULL)
            {
              vs_template_info_free (info);
              continue;
            }
        }
      g_ptr_array_add (list, info);
    }
  if (rc != SQLITE_DONE)
    {
      vs_project_set_error_from_db (project, error);
      return NULL;
    }

  return g_steal_pointer (&list);
}

VsTemplateInfo *
vs_template_store_get_info (VsProject  *project,
                            gint64      template_id,
                            GError    **error)
{
  g_autoptr(Stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  stmt = prepare (project, "SELECT " INFO_COLUMNS " WHERE t.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, template_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return info_from_row (stmt);
  if (rc == SQLITE_DONE)
    not_found (error, template_id, FALSE);
  else
    vs_project_set_error_from_db (project, error);
  return NULL;
}

gint64
vs_template_store_find (VsProject  *project,
                        const char *name)
{
  g_autoptr(Stmt) stmt = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), 0);
  g_return_val_if_fail (name != NULL, 0);

  stmt = prepare (project, "SELECT id FROM templates WHERE name = ?1 ORDER BY id LIMIT 1", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  return 0;
}

char *
vs_template_store_unique_name (VsProject  *project,
                               const char *base)
{
  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (base != NULL, NULL);

  if (vs_template_store_find (project, base) == 0)
    return g_strdup (base);

  for (guint n = 2;; n++)
    {
      char *name = g_strdup_printf ("%s %u", base, n);

      if (vs_template_store_find (project, name) == 0)
        return name;
      g_free (name);
    }
}

static gboolean
check_name (VsProject   *project,
            const char  *name,
            gint64       except_id,
            GError     **error)
{
  gint64 other;
  gboolean blank = TRUE;

  for (const char *p = name; p != NULL && *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      blank = FALSE;

  if (blank)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID, _("A template needs a name"));
      return FALSE;
    }

  other = vs_template_store_find (project, name);
  if (other != 0 && other != except_id)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_EXISTS,
                   _("There is already a template called “%s”; choose another name"), name);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Drafts                                                                                      */

static char *
draft_text (VsTemplate *draft,
            const char *name)
{
  g_autoptr(VsTemplate) copy = vs_template_copy (draft);

  vs_template_set_name (copy, name);
  return vs_template_to_data (copy, FALSE);
}

static char *
load_draft_text (VsProject  *project,
                 gint64      template_id,
                 char      **name,
                 GError    **error)
{
  g_autoptr(Stmt) stmt = prepare (project, "SELECT draft, name FROM templates WHERE id = ?1",
                                  error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, template_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (name != NULL)
        *name = column_dup (stmt, 1);
      return column_dup (stmt, 0);
    }
  if (rc == SQLITE_DONE)
    not_found (error, template_id, FALSE);
  else
    vs_project_set_error_from_db (project, error);
  return NULL;
}

static VsTemplate *
template_from_body (const char  *body,
                    const char  *name,
                    gboolean     draft,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  VsTemplate *template = vs_template_new_from_data (body, -1, &local_error);

  if (template == NULL)
    {
      if (draft)
        g_set_error (error, VS_ERROR, VS_ERROR_CORRUPT,
                     /* Translators: %s is the template parser's description of the error. */
                     _("The stored draft is damaged: %s"), local_error->message);
      else
        g_set_error (error, VS_ERROR, VS_ERROR_CORRUPT,
                     /* Translators: %s is the template parser's description of the error. */
                     _("The stored version is damaged: %s"), local_error->message);
      return NULL;
    }
  if (name != NULL)
    vs_template_set_name (template, name);
  return template;
}

VsTemplate *
vs_template_store_load_draft (VsProject  *project,
                              gint64      template_id,
                              GError    **error)
{
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  body = load_draft_text (project, template_id, &name, error);
  if (body == NULL)
    return NULL;
  return template_from_body (body, name, TRUE, error);
}

static gboolean
save_draft_body (VsProject   *project,
                 gint64       template_id,
                 VsTemplate  *draft,
                 GError     **error)
{
  g_autoptr(VsTemplateInfo) info = NULL;
  g_autoptr(Stmt) stmt = NULL;
  g_autofree char *body = NULL;
  g_autofree char *now = vs_now_iso8601 ();

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (VS_IS_TEMPLATE (draft), FALSE);

  if (!writable (project, error))
    return FALSE;
  if ((info = vs_template_store_get_info (project, template_id, error)) == NULL)
    return FALSE;

  body = draft_text (draft, info->name);
  stmt = prepare (project, "UPDATE templates SET draft = ?1, updated_at = ?2 WHERE id = ?3",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, body, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, template_id);
  if (!step_done (project, stmt, error))
    return FALSE;

  vs_project_emit_changed (project, "templates");
  return TRUE;
}

static char *
version_body (VsProject              *project,
              gint64                  version_id,
              VsTemplateVersionInfo **info,
              GError                **error)
{
  g_autoptr(Stmt) stmt = prepare (project,
                                  "SELECT body, template_id, number, note, created_at"
                                  " FROM template_versions WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, version_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (info != NULL)
        {
          *info = g_new0 (VsTemplateVersionInfo, 1);
          (*info)->id = version_id;
          (*info)->template_id = sqlite3_column_int64 (stmt, 1);
          (*info)->number = sqlite3_column_int (stmt, 2);
          (*info)->note = column_dup (stmt, 3);
          (*info)->created_at = column_dup (stmt, 4);
        }
      return column_dup (stmt, 0);
    }
  if (rc == SQLITE_DONE)
    not_found (error, version_id, TRUE);
  else
    vs_project_set_error_from_db (project, error);
  return NULL;
}

gboolean
vs_template_store_draft_is_modified (VsProject  *project,
                                     gint64      template_id,
                                     gboolean   *modified,
                                     GError    **error)
{
  g_autoptr(VsTemplateInfo) info = NULL;
  g_autoptr(VsTemplate) draft = NULL;
  g_autoptr(VsTemplate) head = NULL;
  g_autofree char *head_body = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (modified != NULL, FALSE);

  if ((info = vs_template_store_get_info (project, template_id, error)) == NULL)
    return FALSE;
  if ((draft = vs_template_store_load_draft (project, template_id, error)) == NULL)
    return FALSE;
  if (info->head_version_id == 0)
    {
      *modified = TRUE;
      return TRUE;
    }
  if ((head_body = version_body (project, info->head_version_id, NULL, error)) == NULL)
    return FALSE;
  if ((head = template_from_body (head_body, info->name, FALSE, error)) == NULL)
    return FALSE;

  *modified = !vs_template_equal (draft, head);
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Create, duplicate, rename, delete                                                           */

static gint64
insert_template (VsProject   *project,
                 const char  *name,
                 const char  *body,
                 GError     **error)
{
  g_autoptr(Stmt) stmt = NULL;
  g_autofree char *now = vs_now_iso8601 ();

  stmt = prepare (project, "INSERT INTO templates (name, draft, created_at, updated_at)"
                           " VALUES (?1, ?2, ?3, ?3)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  if (!step_done (project, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (vs_project_get_db (project));
}

static gint64
create_body (VsProject   *project,
             const char  *name,
             VsTemplate  *draft,
             GError     **error)
{
  g_autoptr(VsTemplate) empty = NULL;
  g_autofree char *body = NULL;
  gint64 id;

  g_return_val_if_fail (VS_IS_PROJECT (project), 0);
  g_return_val_if_fail (draft == NULL || VS_IS_TEMPLATE (draft), 0);

  if (!writable (project, error) || !check_name (project, name, 0, error))
    return 0;

  if (draft == NULL)
    {
      empty = vs_template_new ();
      vs_template_append_message (empty, VS_TEMPLATE_ROLE_USER, "");
      draft = empty;
    }

  body = draft_text (draft, name);
  id = insert_template (project, name, body, error);
  if (id != 0)
    vs_project_emit_changed (project, "templates");
  return id;
}

gint64
vs_template_store_import (VsProject   *project,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(VsTemplate) template = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), 0);
  g_return_val_if_fail (path != NULL, 0);

  if ((template = vs_template_new_from_file (path, error)) == NULL)
    return 0;
  name = vs_template_store_unique_name (project, *vs_template_get_name (template) != '\0'
                                                   ? vs_template_get_name (template)
                                                   : _("Imported template"));
  return vs_template_store_create (project, name, template, error);
}

gboolean
vs_template_store_export (VsProject   *project,
                          gint64       template_id,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(VsTemplate) draft = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if ((draft = vs_template_store_load_draft (project, template_id, error)) == NULL)
    return FALSE;
  return vs_template_save_to_file (draft, path, error);
}

gint64
vs_template_store_duplicate (VsProject   *project,
                             gint64       template_id,
                             const char  *name,
                             GError     **error)
{
  g_autoptr(VsTemplate) draft = NULL;
  g_autofree char *default_name = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), 0);

  if ((draft = vs_template_store_load_draft (project, template_id, error)) == NULL)
    return 0;

  if (name == NULL)
    {
      /* Translators: the default name of a duplicated template; %s is the original's name. */
      g_autofree char *base = g_strdup_printf (_("%s (copy)"), vs_template_get_name (draft));

      default_name = vs_template_store_unique_name (project, base);
      name = default_name;
    }

  return vs_template_store_create (project, name, draft, error);
}

static gboolean
rename_body (VsProject   *project,
             gint64       template_id,
             const char  *name,
             GError     **error)
{
  g_autoptr(VsTemplate) draft = NULL;
  g_autoptr(Stmt) stmt = NULL;
  g_autofree char *body = NULL;
  g_autofree char *now = vs_now_iso8601 ();

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);

  if (!writable (project, error) || !check_name (project, name, template_id, error))
    return FALSE;
  if ((draft = vs_template_store_load_draft (project, template_id, error)) == NULL)
    return FALSE;

  body = draft_text (draft, name);
  stmt = prepare (project,
                  "UPDATE templates SET name = ?1, draft = ?2, updated_at = ?3 WHERE id = ?4",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, body, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, template_id);
  if (!step_done (project, stmt, error))
    return FALSE;

  vs_project_emit_changed (project, "templates");
  return TRUE;
}

static VsTemplateDeleted *
delete_body (VsProject  *project,
             gint64      template_id,
             GError    **error)
{
  g_autoptr(VsTemplateDeleted) deleted = NULL;
  g_autoptr(Stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  if (!writable (project, error))
    return NULL;

  stmt = prepare (project, "SELECT name, draft, COALESCE(head_version_id, 0), created_at,"
                           " updated_at FROM templates WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, template_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        not_found (error, template_id, FALSE);
      else
        vs_project_set_error_from_db (project, error);
      return NULL;
    }

  deleted = g_new0 (VsTemplateDeleted, 1);
  deleted->id = template_id;
  deleted->name = column_dup (stmt, 0);
  deleted->draft = column_dup (stmt, 1);
  deleted->head_version_id = sqlite3_column_int64 (stmt, 2);
  deleted->created_at = column_dup (stmt, 3);
  deleted->updated_at = column_dup (stmt, 4);
  deleted->versions = g_ptr_array_new_with_free_func ((GDestroyNotify) version_free);
  g_clear_pointer (&stmt, stmt_finalize);

  /* Results point at versions: a template an evaluation used stays. */
  stmt = prepare (project, "SELECT COUNT(*) FROM contenders WHERE template_version_id IN"
                           " (SELECT id FROM template_versions WHERE template_id = ?1)", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, template_id);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) > 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   /* Translators: %s is a template's name. */
                   _("“%s” cannot be deleted: evaluation runs use its versions; delete those "
                     "runs first"), deleted->name);
      return NULL;
    }
  g_clear_pointer (&stmt, stmt_finalize);

  stmt = prepare (project, "SELECT id, number, body, note, created_at FROM template_versions"
                           " WHERE template_id = ?1 ORDER BY number", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, template_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Version *version = g_new0 (Version, 1);

      version->id = sqlite3_column_int64 (stmt, 0);
      version->number = sqlite3_column_int (stmt, 1);
      version->body = column_dup (stmt, 2);
      version->note = column_dup (stmt, 3);
      version->created_at = column_dup (stmt, 4);
      g_ptr_array_add (deleted->versions, version);
    }
  if (rc != SQLITE_DONE)
    {
      vs_project_set_error_from_db (project, error);
      return NULL;
    }
  g_clear_pointer (&stmt, stmt_finalize);

  stmt = prepare (project, "DELETE FROM templates WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, template_id);
  if (!step_done (project, stmt, error))
    return NULL;

  vs_project_emit_changed (project, "templates");
  return g_steal_pointer (&deleted);
}

static gboolean
id_taken (VsProject  *project,
          const char *sql,
          gint64      id)
{
  g_autoptr(Stmt) stmt = prepare (project, sql, NULL);

  if (stmt == NULL)
    return TRUE;
  sqlite3_bind_int64 (stmt, 1, id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static gint64
undelete_body (VsProject          *project,
               VsTemplateDeleted  *deleted,
               GError            **error)
{
  g_autofree char *name = NULL;
  gboolean same_ids;
  gint64 template_id;
  gint64 head_id = 0;

  g_return_val_if_fail (VS_IS_PROJECT (project), 0);
  g_return_val_if_fail (deleted != NULL, 0);

  if (!writable (project, error))
    return 0;

  /* Someone may have taken the name meanwhile. */
  name = vs_template_store_unique_name (project, deleted->name);

  same_ids = !id_taken (project, "SELECT 1 FROM templates WHERE id = ?1", deleted->id);
  for (guint i = 0; same_ids && i < deleted->versions->len; i++)
    same_ids = !id_taken (project, "SELECT 1 FROM template_versions WHERE id = ?1",
                          ((Version *) deleted->versions->pdata[i])->id);

  if (!vs_project_begin (project, error))
    return 0;

  {
    g_autoptr(Stmt) stmt = prepare (project,
                                    "INSERT INTO templates (id, name, draft, created_at,"
                                    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5)", error);

    if (stmt == NULL)
      return fail_rollback (project);
    if (same_ids)
      sqlite3_bind_int64 (stmt, 1, deleted->id);
    else
      sqlite3_bind_null (stmt, 1);
    sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, deleted->draft, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, deleted->created_at, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 5, deleted->updated_at, -1, SQLITE_STATIC);
    if (!step_done (project, stmt, error))
      return fail_rollback (project);
    template_id = sqlite3_last_insert_rowid (vs_project_get_db (project));
  }

  for (guint i = 0; i < deleted->versions->len; i++)
    {
      Version *version = deleted->versions->pdata[i];
      g_autoptr(Stmt) stmt = prepare (project,
                                      "INSERT INTO template_versions (id, template_id, number,"
                                      " body, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                      error);

      if (stmt == NULL)
        return fail_rollback (project);
      if (same_ids)
        sqlite3_bind_int64 (stmt, 1, version->id);
      else
        sqlite3_bind_null (stmt, 1);
      sqlite3_bind_int64 (stmt, 2, template_id);
      sqlite3_bind_int (stmt, 3, version->number);
      sqlite3_bind_text (stmt, 4, version->body, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, version->note, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, version->created_at, -1, SQLITE_STATIC);
      if (!step_done (project, stmt, error))
        return fail_rollback (project);
      if (version->id == deleted->head_version_id)
        head_id = sqlite3_last_insert_rowid (vs_project_get_db (project));
    }

  if (head_id != 0)
    {
      g_autoptr(Stmt) stmt = prepare (project,
                                      "UPDATE templates SET head_version_id = ?1 WHERE id = ?2",
                                      error);

      if (stmt == NULL)
        return fail_rollback (project);
      sqlite3_bind_int64 (stmt, 1, head_id);
      sqlite3_bind_int64 (stmt, 2, template_id);
      if (!step_done (project, stmt, error))
        return fail_rollback (project);
    }

  if (!vs_project_commit (project, error))
    return fail_rollback (project);

  vs_project_emit_changed (project, "templates");
  return template_id;
}

/* ------------------------------------------------------------------------------------------ */
/* Versions                                                                                    */

static VsTemplateVersionInfo *
append_version (VsProject   *project,
                gint64       template_id,
                const char  *body,
                const char  *note,
                GError     **error)
{
  g_autoptr(VsTemplateVersionInfo) info = g_new0 (VsTemplateVersionInfo, 1);
  g_autofree char *now = vs_now_iso8601 ();

  if (!vs_project_begin (project, error))
    return NULL;

  {
    g_autoptr(Stmt) stmt = prepare (project,
                                    "INSERT INTO template_versions (template_id, number, body,"
                                    " note, created_at) VALUES (?1, (SELECT COALESCE(MAX(number),"
                                    " 0) + 1 FROM template_versions WHERE template_id = ?1), ?2,"
                                    " ?3, ?4) RETURNING id, number", error);

    if (stmt == NULL)
      {
        fail_rollback (project);
        return NULL;
      }
    sqlite3_bind_int64 (stmt, 1, template_id);
    sqlite3_bind_text (stmt, 2, body, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, note ? note : "", -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
    if (sqlite3_step (stmt) != SQLITE_ROW)
      {
        vs_project_set_error_from_db (project, error);
        fail_rollback (project);
        return NULL;
      }
    info->id = sqlite3_column_int64 (stmt, 0);
    info->number = sqlite3_column_int (stmt, 1);
    if (!step_done (project, stmt, error))
      {
        fail_rollback (project);
        return NULL;
      }
  }

  {
    g_autoptr(Stmt) stmt = prepare (project,
                                    "UPDATE templates SET head_version_id = ?1, draft = ?2,"
                                    " updated_at = ?3 WHERE id = ?4", error);

    if (stmt == NULL)
      {
        fail_rollback (project);
        return NULL;
      }
    sqlite3_bind_int64 (stmt, 1, info->id);
    sqlite3_bind_text (stmt, 2, body, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 4, template_id);
    if (!step_done (project, stmt, error))
      {
        fail_rollback (project);
        return NULL;
      }
  }

  if (!vs_project_commit (project, error))
    {
      fail_rollback (project);
      return NULL;
    }

  info->template_id = template_id;
  info->note = g_strdup (note ? note : "");
  info->created_at = g_steal_pointer (&now);
  vs_project_emit_changed (project, "templates");
  return g_steal_pointer (&info);
}

static VsTemplateVersionInfo *
save_version_body (VsProject   *project,
                   gint64       template_id,
                   const char  *note,
                   GError     **error)
{
  g_autoptr(VsTemplate) draft = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  if (!writable (project, error))
    return NULL;
  if ((draft = vs_template_store_load_draft (project, template_id, error)) == NULL)
    return NULL;

  body = vs_template_to_data (draft, FALSE);
  return append_version (project, template_id, body, note, error);
}

GPtrArray *
vs_template_store_list_versions (VsProject  *project,
                                 gint64      template_id,
                                 GError    **error)
{
  g_autoptr(Stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(VsTemplateInfo) info = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  if ((info = vs_template_store_get_info (project, template_id, error)) == NULL)
    return NULL;

  stmt = prepare (project, "SELECT id, number, note, created_at FROM template_versions"
                           " WHERE template_id = ?1 ORDER BY number DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, template_id);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_template_version_info_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VsTemplateVersionInfo *version = g_new0 (VsTemplateVersionInfo, 1);

      version->id = sqlite3_column_int64 (stmt, 0);
      version->template_id = template_id;
      version->number = sqlite3_column_int (stmt, 1);
      version->note = column_dup (stmt, 2);
      version->created_at = column_dup (stmt, 3);
      g_ptr_array_add (list, version);
    }
  if (rc != SQLITE_DONE)
    {
      vs_project_set_error_from_db (project, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

gint64
vs_template_store_find_version (VsProject *project,
                                gint64     template_id,
                                gint       number)
{
  g_autoptr(Stmt) stmt = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), 0);

  stmt = prepare (project, "SELECT id FROM template_versions WHERE template_id = ?1"
                           " AND number = ?2", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, template_id);
  sqlite3_bind_int (stmt, 2, number);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  return 0;
}

VsTemplate *
vs_template_store_load_version (VsProject              *project,
                                gint64                  version_id,
                                VsTemplateVersionInfo **info,
                                GError                **error)
{
  g_autoptr(VsTemplateVersionInfo) version = NULL;
  g_autofree char *body = NULL;
  VsTemplate *template;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  body = version_body (project, version_id, &version, error);
  if (body == NULL)
    return NULL;
  template = template_from_body (body, NULL, FALSE, error);
  if (template != NULL && info != NULL)
    *info = g_steal_pointer (&version);
  return template;
}

static VsTemplateVersionInfo *
restore_version_body (VsProject   *project,
                      gint64       template_id,
                      gint64       version_id,
                      const char  *note,
                      GError     **error)
{
  g_autoptr(VsTemplateVersionInfo) version = NULL;
  g_autoptr(VsTemplateInfo) info = NULL;
  g_autoptr(VsTemplate) template = NULL;
  g_autofree char *body = NULL;
  g_autofree char *default_note = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  if (!writable (project, error))
    return NULL;
  if ((info = vs_template_store_get_info (project, template_id, error)) == NULL)
    return NULL;
  if ((template = vs_template_store_load_version (project, version_id, &version, error)) == NULL)
    return NULL;
  if (version->template_id != template_id)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   /* Translators: the number is the id of a template version. */
                   _("Version %" PRId64 " belongs to another template"), version_id);
      return NULL;
    }

  if (note == NULL)
    /* Translators: the note of a template version that restores version %d. */
    note = default_note = g_strdup_printf (_("Restored version %d"), version->number);

  body = draft_text (template, info->name);
  return append_version (project, template_id, body, note, error);
}

VsTemplateDiff *
vs_template_store_diff (VsProject   *project,
                        gint64       old_version_id,
                        gint64       new_version_id,
                        GError     **error)
{
  g_autoptr(VsTemplateVersionInfo) old_info = NULL;
  g_autoptr(VsTemplateVersionInfo) new_info = NULL;
  g_autoptr(VsTemplate) old_template = NULL;
  g_autoptr(VsTemplate) new_template = NULL;
  g_autofree char *old_label = NULL;
  g_autofree char *new_label = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  old_template = vs_template_store_load_version (project, old_version_id, &old_info, error);
  if (old_template == NULL)
    return NULL;
  new_template = vs_template_store_load_version (project, new_version_id, &new_info, error);
  if (new_template == NULL)
    return NULL;

  /* Translators: the name of a template version in the comparison of two versions. */
  old_label = g_strdup_printf (_("version %d"), old_info->number);
  new_label = g_strdup_printf (_("version %d"), new_info->number);
  return vs_template_diff_new (old_template, new_template, old_label, new_label);
}

VsTemplateDiff *
vs_template_store_diff_draft (VsProject  *project,
                              gint64      template_id,
                              GError    **error)
{
  g_autoptr(VsTemplateInfo) info = NULL;
  g_autoptr(VsTemplate) draft = NULL;
  g_autoptr(VsTemplate) head = NULL;
  g_autofree char *head_label = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  if ((info = vs_template_store_get_info (project, template_id, error)) == NULL)
    return NULL;
  if ((draft = vs_template_store_load_draft (project, template_id, error)) == NULL)
    return NULL;

  if (info->head_version_id != 0)
    {
      head = vs_template_store_load_version (project, info->head_version_id, NULL, error);
      if (head == NULL)
        return NULL;
      head_label = g_strdup_printf (_("version %d"), info->head_number);
    }
  else
    {
      head = vs_template_new ();
      /* Translators: the name of the nothing a template's first draft is compared with. */
      head_label = g_strdup (_("empty"));
    }

  /* Translators: the name of the unsaved state of a template in a comparison. */
  return vs_template_diff_new (head, draft, head_label, _("draft"));
}

/* ------------------------------------------------------------------------------------------ */
/* Writes run as jobs on the project's writer                                                  */

/* The bodies above keep their SQL: inside a job the project answers the writer's connection,
 * their BEGIN/COMMIT become a savepoint and their change notices are announced after the
 * commit (see _vs_project_write()). The caller waits for its job only, not the queue. */

typedef enum
{
  OP_SAVE_DRAFT,
  OP_CREATE,
  OP_RENAME,
  OP_DELETE,
  OP_UNDELETE,
  OP_SAVE_VERSION,
  OP_RESTORE_VERSION,
} Op;

typedef struct
{
  Op                 op;
  gint64             template_id;
  gint64             version_id;
  const char        *name;
  const char        *note;
  VsTemplate        *draft;
  VsTemplateDeleted *deleted;
  /* results */
  gboolean           ok;
  gint64             id;
  gpointer           result;
} Call;

static gboolean
call_job (VsWriteContext  *ctx,
          gpointer         data,
          GError         **error)
{
  Call *c = data;
  VsProject *project = _vs_write_context_get_project (ctx);

  switch (c->op)
    {
    case OP_SAVE_DRAFT:
      return c->ok = save_draft_body (project, c->template_id, c->draft, error);
    case OP_CREATE:
      return (c->id = create_body (project, c->name, c->draft, error)) != 0;
    case OP_RENAME:
      return c->ok = rename_body (project, c->template_id, c->name, error);
    case OP_DELETE:
      return (c->result = delete_body (project, c->template_id, error)) != NULL;
    case OP_UNDELETE:
      return (c->id = undelete_body (project, c->deleted, error)) != 0;
    case OP_SAVE_VERSION:
      return (c->result = save_version_body (project, c->template_id, c->note, error)) != NULL;
    case OP_RESTORE_VERSION:
      return (c->result = restore_version_body (project, c->template_id, c->version_id, c->note,
                                                error)) != NULL;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
run_call (VsProject  *project,
          Call       *call,
          GError    **error)
{
  if (!writable (project, error))
    return FALSE;
  return _vs_project_write (project, call_job, call, error);
}

gboolean
vs_template_store_save_draft (VsProject   *project,
                              gint64       template_id,
                              VsTemplate  *draft,
                              GError     **error)
{
  Call call = { .op = OP_SAVE_DRAFT, .template_id = template_id, .draft = draft };

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (VS_IS_TEMPLATE (draft), FALSE);

  return run_call (project, &call, error);
}

gint64
vs_template_store_create (VsProject   *project,
                          const char  *name,
                          VsTemplate  *draft,
                          GError     **error)
{
  Call call = { .op = OP_CREATE, .name = name, .draft = draft };

  g_return_val_if_fail (VS_IS_PROJECT (project), 0);
  g_return_val_if_fail (draft == NULL || VS_IS_TEMPLATE (draft), 0);

  return run_call (project, &call, error) ? call.id : 0;
}

gboolean
vs_template_store_rename (VsProject   *project,
                          gint64       template_id,
                          const char  *name,
                          GError     **error)
{
  Call call = { .op = OP_RENAME, .template_id = template_id, .name = name };

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);

  return run_call (project, &call, error);
}

VsTemplateDeleted *
vs_template_store_delete (VsProject  *project,
                          gint64      template_id,
                          GError    **error)
{
  Call call = { .op = OP_DELETE, .template_id = template_id };

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  return run_call (project, &call, error) ? call.result : NULL;
}

gint64
vs_template_store_undelete (VsProject          *project,
                            VsTemplateDeleted  *deleted,
                            GError            **error)
{
  Call call = { .op = OP_UNDELETE, .deleted = deleted };

  g_return_val_if_fail (VS_IS_PROJECT (project), 0);
  g_return_val_if_fail (deleted != NULL, 0);

  return run_call (project, &call, error) ? call.id : 0;
}

VsTemplateVersionInfo *
vs_template_store_save_version (VsProject   *project,
                                gint64       template_id,
                                const char  *note,
                                GError     **error)
{
  Call call = { .op = OP_SAVE_VERSION, .template_id = template_id, .note = note };

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  return run_call (project, &call, error) ? call.result : NULL;
}

VsTemplateVersionInfo *
vs_template_store_restore_version (VsProject   *project,
                                   gint64       template_id,
                                   gint64       version_id,
                                   const char  *note,
                                   GError     **error)
{
  Call call = { .op = OP_RESTORE_VERSION, .template_id = template_id,
                .version_id = version_id, .note = note };

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  return run_call (project, &call, error) ? call.result : NULL;
}

typedef struct
{
  gint64  template_id;
  char   *body;
  char   *now;
} DraftWrite;

static void
draft_write_free (gpointer data)
{
  DraftWrite *w = data;

  g_free (w->body);
  g_free (w->now);
  g_free (w);
}

static gboolean
draft_write_job (VsWriteContext  *ctx,
                 gpointer         data,
                 GError         **error)
{
  DraftWrite *w = data;
  sqlite3_stmt *stmt;

  stmt = _vs_write_context_prepare (ctx, "UPDATE templates SET draft = ?1, updated_at = ?2"
                                    " WHERE id = ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, w->body, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, w->now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, w->template_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _vs_write_context_set_error (ctx, error);
  if (sqlite3_changes (_vs_write_context_get_db (ctx)) == 0)
    return not_found (error, w->template_id, FALSE);
  _vs_write_context_note (ctx, "templates", VS_CHANGE_UPDATE, 0, w->template_id);
  return TRUE;
}

static void
on_draft_written (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (_vs_writer_submit_finish (NULL, result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
vs_template_store_save_draft_async (VsProject           *project,
                                    gint64               template_id,
                                    VsTemplate          *draft,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(VsTemplateInfo) info = NULL;
  GError *error = NULL;
  DraftWrite *w;

  g_return_if_fail (VS_IS_PROJECT (project));
  g_return_if_fail (VS_IS_TEMPLATE (draft));

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_template_store_save_draft_async);
  if (!writable (project, &error) ||
      (info = vs_template_store_get_info (project, template_id, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  w = g_new0 (DraftWrite, 1);
  w->template_id = template_id;
  w->body = draft_text (draft, info->name);
  w->now = vs_now_iso8601 ();
  _vs_writer_submit (vs_project_get_writer (project), draft_write_job, w, draft_write_free,
                     cancellable, on_draft_written, g_steal_pointer (&task));
}

gboolean
vs_template_store_save_draft_finish (VsProject     *project,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, project), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
