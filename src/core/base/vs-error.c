/* vs-error.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vs-error.h"

G_DEFINE_QUARK (vs-error-quark, vs_error)
