/* vs-format.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the app writes numbers and times for people: relative dates ("3 minutes ago") with the
 * full date for tooltips, counts with thousands separators.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* @iso8601 as "just now", "5 minutes ago", "yesterday", or a date; NULL stays NULL. */
char *vs_format_relative_time (const char *iso8601);
/* @iso8601 as a full local date and time, for tooltips. */
char *vs_format_full_time     (const char *iso8601);
/* 12345 → "12,345" in the user's locale. */
char *vs_format_count         (gint64      count);

/* Adds a row "@title  @value" (value selectable, dimmed) to a boxed list group. */
void  vs_format_add_value_row (AdwPreferencesGroup *group,
                               const char          *title,
                               const char          *value);

G_END_DECLS
