/* vs-cli-table.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text form of every versus-cli list: a header row of upper-case column names, then one
 * row per item, columns as wide as their widest cell and two spaces apart; numbers are
 * right-aligned, text left-aligned, an empty cell shows "-". The last column is not padded, so
 * no line ends in spaces. Machine-readable output is --json, never this.
 */
#pragma once

#include <glib.h>
#include <stdio.h>

G_BEGIN_DECLS

typedef enum
{
  VS_CLI_ALIGN_LEFT = 0,
  VS_CLI_ALIGN_RIGHT = 1,
} VsCliAlign;

typedef struct _VsCliTable VsCliTable;

/* A table with the columns @first, … (NULL-terminated header names). Each name may start with
 * '>' to right-align the column (numbers): "ID", ">RECORDS". */
VsCliTable *vs_cli_table_new        (const char        *first,
                                     ...) G_GNUC_NULL_TERMINATED;
void        vs_cli_table_free       (VsCliTable        *self);
/* Adds a row of as many cells as there are columns (copied; NULL or "" shows "-"). */
void        vs_cli_table_add_row    (VsCliTable        *self,
                                     const char        *first,
                                     ...);
/* Adds a row from an array of cells (as many as there are columns). */
void        vs_cli_table_add_rowv   (VsCliTable        *self,
                                     const char *const *cells);
guint       vs_cli_table_get_n_rows (VsCliTable        *self);
/* Writes the header and the rows to @out. */
void        vs_cli_table_print      (VsCliTable        *self,
                                     FILE              *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsCliTable, vs_cli_table_free)

G_END_DECLS
