/* vs-error.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The error domain shared by libversus-core. Messages are written for the person who has to
 * act on them; codes let callers (and the CLI's exit codes) tell the kinds apart.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VS_ERROR (vs_error_quark ())

typedef enum
{
  VS_ERROR_FAILED,
  VS_ERROR_NOT_FOUND,      /* a file, row or item that does not exist */
  VS_ERROR_NOT_A_PROJECT,  /* the file is not a Versus project */
  VS_ERROR_CORRUPT,        /* the project file is damaged or truncated */
  VS_ERROR_NEWER_SCHEMA,   /* written by a newer Versus; never rewritten */
  VS_ERROR_IO,             /* the disk said no */
  VS_ERROR_INVALID,        /* the input has problems the user can fix */
  VS_ERROR_EXISTS,         /* something with that name is there already */
} VsError;

GQuark vs_error_quark (void);

G_END_DECLS
