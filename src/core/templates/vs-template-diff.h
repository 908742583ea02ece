/* vs-template-diff.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What changed between two templates (usually two stored versions): messages are matched up
 * (unchanged messages by their role and content, the rest in order), then each pair is
 * compared line by line with a longest-common-subsequence diff. Parameters and the few-shot
 * block are compared as pretty-printed JSON. The result feeds a unified view (text, as
 * `diff -u` prints it) or a side-by-side view (rows pairing old and new lines).
 */
#pragma once

#include "vs-template.h"

G_BEGIN_DECLS

typedef enum
{
  VS_DIFF_EQUAL,
  VS_DIFF_DELETE, /* only in the old text */
  VS_DIFF_INSERT, /* only in the new text */
  VS_DIFF_CHANGE, /* side-by-side rows only: an old line replaced by a new one */
} VsDiffOp;

typedef struct
{
  VsDiffOp  op;       /* EQUAL, DELETE or INSERT */
  guint     old_line; /* 1-based line in the old text; 0 for an insertion */
  guint     new_line; /* 1-based line in the new text; 0 for a deletion */
  char     *text;     /* the line, without its newline */
} VsDiffLine;

/* A side-by-side row: an old cell and a new cell; a NULL text is an empty cell. */
typedef struct
{
  VsDiffOp    op;
  guint       old_line;
  const char *old_text;
  guint       new_line;
  const char *new_text;
} VsDiffRow;

typedef enum
{
  VS_TEMPLATE_DIFF_MESSAGE,
  VS_TEMPLATE_DIFF_PARAMETERS,
  VS_TEMPLATE_DIFF_FEW_SHOT,
} VsTemplateDiffKind;

typedef struct
{
  VsTemplateDiffKind kind;
  int        old_index;  /* message index in the old template, -1 when the message is new */
  int        new_index;  /* message index in the new template, -1 when it was removed */
  char      *old_title;  /* "messages[1] (user)", "parameters", "few_shot"; NULL when absent */
  char      *new_title;
  gboolean   changed;    /* any line differs, or the role changed */
  GPtrArray *lines;      /* VsDiffLine, the whole text (context included) */
} VsTemplateDiffSection;

typedef struct
{
  char      *old_label;  /* "version 3", … as given */
  char      *new_label;
  GPtrArray *sections;   /* VsTemplateDiffSection, in the new template's order */
  guint      n_inserted; /* lines */
  guint      n_deleted;
} VsTemplateDiff;

/* Line diff of two texts (element type VsDiffLine). */
GPtrArray      *vs_diff_lines                 (const char                  *old_text,
                                               const char                  *new_text);
/* Rows for a side-by-side view (element type VsDiffRow, pointing into @lines): runs of
 * deletions and insertions are paired up as CHANGE rows. */
GPtrArray      *vs_diff_side_by_side          (GPtrArray                   *lines);

VsTemplateDiff *vs_template_diff_new          (VsTemplate                  *old_template,
                                               VsTemplate                  *new_template,
                                               const char                  *old_label,
                                               const char                  *new_label);
void            vs_template_diff_free         (VsTemplateDiff              *diff);
gboolean        vs_template_diff_is_empty     (const VsTemplateDiff        *diff);
/* Unified text: for each changed section "--- OLD_LABEL/TITLE", "+++ NEW_LABEL/TITLE" and
 * hunks "@@ -a,b +c,d @@" with @context lines around each change. Empty when nothing
 * changed. */
char           *vs_template_diff_to_unified   (const VsTemplateDiff        *diff,
                                               guint                        context);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsTemplateDiff, vs_template_diff_free)

G_END_DECLS
