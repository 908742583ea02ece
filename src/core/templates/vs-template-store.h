/* vs-template-store.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prompt templates kept in a project file: each has a working draft and a history of
 * immutable, numbered versions (note + timestamp); `head` points at the latest. Every write is
 * one transaction followed by vs_project_emit_changed (project, "templates"). Bodies are the
 * template file format (vs-template.h). The Prompts page and the CLI both use this API.
 */
#pragma once

#include "vs-project.h"
#include "vs-template.h"
#include "vs-template-diff.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *name;
  gint64  head_version_id;  /* 0 before the first version */
  gint    head_number;      /* 0 before the first version */
  gint    n_versions;
  char   *created_at;       /* ISO 8601 UTC */
  char   *updated_at;
} VsTemplateInfo;

typedef struct
{
  gint64  id;
  gint64  template_id;
  gint    number;           /* 1, 2, … per template */
  char   *note;
  char   *created_at;
} VsTemplateVersionInfo;

void vs_template_info_free         (VsTemplateInfo        *info);
void vs_template_version_info_free (VsTemplateVersionInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsTemplateInfo, vs_template_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsTemplateVersionInfo, vs_template_version_info_free)

/* What a deletion removed, so that it can be undone (the "Undo" of a toast). */
typedef struct _VsTemplateDeleted VsTemplateDeleted;
void vs_template_deleted_free      (VsTemplateDeleted     *deleted);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsTemplateDeleted, vs_template_deleted_free)

/* Templates (element type VsTemplateInfo) sorted by name; @search (NULL = all) keeps those
 * whose name contains it, ignoring case. */
GPtrArray      *vs_template_store_list          (VsProject    *project,
                                                 const char   *search,
                                                 GError      **error);
/* VS_ERROR_NOT_FOUND when there is no such template. */
VsTemplateInfo *vs_template_store_get_info      (VsProject    *project,
                                                 gint64        template_id,
                                                 GError      **error);
/* The id of the template called @name, or 0. */
gint64          vs_template_store_find          (VsProject    *project,
                                                 const char   *name);
/* @base, or "@base 2", "@base 3", … whichever no template uses yet. */
char           *vs_template_store_unique_name   (VsProject    *project,
                                                 const char   *base);

/* Creates a template whose draft is @draft (NULL: one empty user message) and returns its
 * id, or 0 with VS_ERROR_EXISTS when the name is taken, VS_ERROR_INVALID when it is empty. No
 * version is saved yet. */
gint64          vs_template_store_create        (VsProject    *project,
                                                 const char   *name,
                                                 VsTemplate   *draft,
                                                 GError      **error);
/* A new template with a copy of the draft (not the history); @name NULL = "NAME (copy)". */
gint64          vs_template_store_duplicate     (VsProject    *project,
                                                 gint64        template_id,
                                                 const char   *name,
                                                 GError      **error);
gboolean        vs_template_store_rename        (VsProject    *project,
                                                 gint64        template_id,
                                                 const char   *name,
                                                 GError      **error);
/* Deletes the template and its versions; refused (VS_ERROR_INVALID) while an evaluation run
 * uses one of its versions. Returns what is needed to undo it. */
VsTemplateDeleted *vs_template_store_delete     (VsProject    *project,
                                                 gint64        template_id,
                                                 GError      **error);
/* Puts a deleted template back with its versions (same ids when they are still free) and
 * returns its id. */
gint64          vs_template_store_undelete      (VsProject         *project,
                                                 VsTemplateDeleted *deleted,
                                                 GError           **error);

/* Imports a template file (.json or .txt, see vs_template_new_from_file) as a new template
 * named after it (made unique with " 2", " 3", …) and returns its id. The file's content
 * becomes the draft; no version is saved. */
gint64          vs_template_store_import        (VsProject    *project,
                                                 const char   *path,
                                                 GError      **error);
/* Writes the draft to @path (.json, or .txt for a single user message). */
gboolean        vs_template_store_export        (VsProject    *project,
                                                 gint64        template_id,
                                                 const char   *path,
                                                 GError      **error);

/* The working copy. Its name is always the template's name. */
VsTemplate     *vs_template_store_load_draft    (VsProject    *project,
                                                 gint64        template_id,
                                                 GError      **error);
gboolean        vs_template_store_save_draft    (VsProject    *project,
                                                 gint64        template_id,
                                                 VsTemplate   *draft,
                                                 GError      **error);
/* The autosave: the draft is serialised now, on the calling thread, and written by the
 * project's writer; @callback runs on this thread's main context once it is committed. */
void            vs_template_store_save_draft_async  (VsProject           *project,
                                                     gint64               template_id,
                                                     VsTemplate          *draft,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean        vs_template_store_save_draft_finish (VsProject           *project,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* Whether the draft differs from the head version (TRUE when there is no version yet). */
gboolean        vs_template_store_draft_is_modified (VsProject *project,
                                                     gint64     template_id,
                                                     gboolean  *modified,
                                                     GError   **error);

/* Freezes the current draft as the next version with @note and makes it the head. */
VsTemplateVersionInfo *vs_template_store_save_version (VsProject  *project,
                                                       gint64      template_id,
                                                       const char *note,
                                                       GError    **error);
/* Versions (element type VsTemplateVersionInfo), newest first. */
GPtrArray      *vs_template_store_list_versions (VsProject    *project,
                                                 gint64        template_id,
                                                 GError      **error);
/* The id of version @number of a template, or 0. */
gint64          vs_template_store_find_version  (VsProject    *project,
                                                 gint64        template_id,
                                                 gint          number);
/* A stored version's body; @info (optional) receives its metadata. */
VsTemplate     *vs_template_store_load_version  (VsProject              *project,
                                                 gint64                  version_id,
                                                 VsTemplateVersionInfo **info,
                                                 GError                **error);
/* Makes an old version the head again: saves its body as a new version (note: @note, or
 * "Restored version N") and replaces the draft with it. History is never rewritten. */
VsTemplateVersionInfo *vs_template_store_restore_version (VsProject  *project,
                                                          gint64      template_id,
                                                          gint64      version_id,
                                                          const char *note,
                                                          GError    **error);
/* Diff between any two versions (labels "version N"). */
VsTemplateDiff *vs_template_store_diff          (VsProject    *project,
                                                 gint64        old_version_id,
                                                 gint64        new_version_id,
                                                 GError      **error);
/* Diff from the head version (or an empty template) to the draft (labels "version N",
 * "draft"). */
VsTemplateDiff *vs_template_store_diff_draft    (VsProject    *project,
                                                 gint64        template_id,
                                                 GError      **error);

G_END_DECLS
