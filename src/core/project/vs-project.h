/* vs-project.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A Versus project: one SQLite file (".versus") that holds templates and their versions,
 * datasets and records, endpoints (never keys), fine-tune jobs, runs and results. Every change
 * is committed when it is made, so there is nothing unsaved for a crash to lose. This type
 * owns the connection, the schema and its migrations; the capability modules (templates,
 * datasets, requests, …) keep their own SQL and announce their writes with
 * vs_project_emit_changed().
 */
#pragma once

#include <gio/gio.h>

#include "vs-progress.h"
#include "vs-writer.h"

G_BEGIN_DECLS

/* "VERS" in the SQLite header's application_id field. */
#define VS_PROJECT_APPLICATION_ID 0x56455253
#define VS_PROJECT_FILE_EXTENSION ".versus"

#define VS_TYPE_PROJECT (vs_project_get_type ())
G_DECLARE_FINAL_TYPE (VsProject, vs_project, VS, PROJECT, GObject)

typedef enum
{
  VS_PROJECT_OPEN_EXISTING = 0,
  VS_PROJECT_OPEN_CREATE   = 1 << 0, /* create the file when it does not exist */
  VS_PROJECT_OPEN_READONLY = 1 << 1, /* never write, never migrate */
} VsProjectOpenFlags;

/* What a committed write did, carried by VsProject::changed so that lists can emit
 * items-changed at the right positions instead of reloading. */
typedef enum
{
  VS_CHANGE_INSERT,
  VS_CHANGE_UPDATE,
  VS_CHANGE_DELETE,
  VS_CHANGE_MANY, /* several kinds at once, or too many rows to list: reload */
} VsChangeKind;

typedef struct
{
  char         *table;      /* "records", "templates", "datasets", … */
  VsChangeKind  kind;
  gint64        parent_id;  /* the dataset of "records", the run of "results"; 0 when none */
  GArray       *ids;        /* gint64 row ids in ascending order; NULL = many or unknown */
} VsChange;

#define VS_TYPE_CHANGE (vs_change_get_type ())
GType       vs_change_get_type           (void) G_GNUC_CONST;
VsChange   *vs_change_new                (const char          *table,
                                          VsChangeKind         kind,
                                          gint64               parent_id);
VsChange   *vs_change_copy               (const VsChange      *change);
void        vs_change_free               (VsChange            *change);
void        vs_change_add_id             (VsChange            *change,
                                          gint64               id);
/* TRUE when @change lists its ids (so views can update in place). */
gboolean    vs_change_has_ids            (const VsChange      *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsChange, vs_change_free)

typedef struct
{
  int     schema_version;
  char   *name;
  char   *created_at;
  gint64  n_templates;
  gint64  n_template_versions;
  gint64  n_datasets;
  gint64  n_records;
  gint64  n_snapshots;
  gint64  n_endpoints;
  gint64  n_finetune_jobs;
  gint64  n_runs;
  gint64  n_results;
} VsProjectInfo;

void        vs_project_info_free         (VsProjectInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsProjectInfo, vs_project_info_free)

int         vs_project_schema_version    (void);

VsProject  *vs_project_open              (const char          *path,
                                          VsProjectOpenFlags   flags,
                                          GError             **error);
/* Opens on a worker thread: migrations of a large file never block the caller's loop. */
void        vs_project_open_async        (const char          *path,
                                          VsProjectOpenFlags   flags,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
VsProject  *vs_project_open_finish       (GAsyncResult        *result,
                                          GError             **error);
const char *vs_project_get_path          (VsProject           *self);
GFile      *vs_project_get_file          (VsProject           *self);
char       *vs_project_dup_name          (VsProject           *self);
gboolean    vs_project_set_name          (VsProject           *self,
                                          const char          *name,
                                          GError             **error);
gboolean    vs_project_get_read_only     (VsProject           *self);
VsProjectInfo *vs_project_get_info       (VsProject           *self,
                                          GError             **error);
/* The project's one writer (vs-writer.h); NULL for a read-only project. */
VsWriter   *vs_project_get_writer        (VsProject           *self);
/* A consistent copy of the project (what is committed when it starts, after everything
 * queued so far) written to @path beside and renamed into place. The sync variant is for
 * the CLI; the async one copies on a worker with progress in pages (done, total) and a cancel
 * that leaves nothing behind. */
gboolean    vs_project_save_as           (VsProject           *self,
                                          const char          *path,
                                          GError             **error);
void        vs_project_save_as_async     (VsProject           *self,
                                          const char          *path,
                                          GCancellable        *cancellable,
                                          VsProgressFunc       progress,
                                          gpointer             progress_data,
                                          GDestroyNotify       progress_notify,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean    vs_project_save_as_finish    (VsProject           *self,
                                          GAsyncResult        *result,
                                          GError             **error);

gint64      vs_project_count             (VsProject           *self,
                                          const char          *table);
char       *vs_project_get_meta          (VsProject           *self,
                                          const char          *key);
gboolean    vs_project_set_meta          (VsProject           *self,
                                          const char          *key,
                                          const char          *value,
                                          GError             **error);
/* Emits VsProject::changed (detail = table) with kind VS_CHANGE_MANY and no ids. */
void        vs_project_emit_changed      (VsProject           *self,
                                          const char          *what);
void        vs_project_emit_change       (VsProject           *self,
                                          const VsChange      *change);

G_END_DECLS
