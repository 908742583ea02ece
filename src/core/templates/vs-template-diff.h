/* vs-template-diff.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What changed between two templates (usually two stored versions): messages are matched up
 * (unchanged messages by their role and content, the rest in order), then each pair is
 * compared line by line with a longest-common-subsequence diff, and a changed line against the
 * line that replaced it word by word (vs_diff_words). Parameters and the few-shot block are
 * compared by value — JSON with its keys sorted, so reordered keys are not a change — both as
 * text and as a plain list of changed settings ("temperature 0.2 → 0.7"). The result feeds a
 * unified view (text, as `diff -u` prints it) or a side-by-side view (rows pairing old and new
 * lines).
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

/* A piece of a line in a word diff: EQUAL (in both), DELETE (old only) or INSERT (new only). */
typedef struct
{
  VsDiffOp  op;
  char     *text;
} VsDiffSpan;

/* One setting whose value differs: "temperature", "few_shot.k", …; a value is compact JSON
 * (strings quoted), NULL when the setting is not set on that side. */
typedef struct
{
  char *name;
  char *old_value;
  char *new_value;
} VsSettingChange;

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
  GPtrArray *settings;   /* VsSettingChange: parameters, then few_shot.* */
  guint      n_inserted; /* lines */
  guint      n_deleted;
} VsTemplateDiff;

/* Line diff of two texts (element type VsDiffLine). */
GPtrArray      *vs_diff_lines                 (const char                  *old_text,
                                               const char                  *new_text);
/* Rows for a side-by-side view (element type VsDiffRow, pointing into @lines): runs of
 * deletions and insertions are paired up as CHANGE rows. */
GPtrArray      *vs_diff_side_by_side          (GPtrArray                   *lines);
/* Word diff of two lines (element type VsDiffSpan): words (letters, digits, '_'), runs of
 * spaces and single other characters are the units; neighbouring spans of one kind are
 * merged. The EQUAL and DELETE spans spell @old_text, the EQUAL and INSERT spans @new_text. */
GPtrArray      *vs_diff_words                 (const char                  *old_text,
                                               const char                  *new_text);
/* "temperature 0.2 → 0.7", "seed 7 → not set", "stop not set → [\"###\"]". */
char           *vs_setting_change_to_string   (const VsSettingChange       *change);

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
