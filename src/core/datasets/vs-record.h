/* vs-record.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One record of a dataset as an immutable item for lists (VsRecordModel): the row's fields as
 * read, with `data` kept as JSON text and parsed only when asked. A placeholder (loaded is
 * FALSE) stands at a position whose page has not arrived yet; it has only its position. Items
 * are created on a worker thread and only read afterwards, on the main thread.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define VS_TYPE_RECORD (vs_record_get_type ())
G_DECLARE_FINAL_TYPE (VsRecord, vs_record, VS, RECORD, GObject)

/* Every field is copied; @split and @status are interned. */
VsRecord     *vs_record_new              (gint64      id,
                                          gint64      ordinal,
                                          const char *data,
                                          const char *example,
                                          const char *split,
                                          const char *status,
                                          const char *tags,
                                          int         rating,
                                          gint64      tokens,
                                          const char *problems,
                                          gint64      cluster);
VsRecord     *vs_record_new_placeholder  (guint       position);

gboolean      vs_record_get_loaded       (VsRecord   *self);
/* The position the record had in its model when it was created. */
guint         vs_record_get_position     (VsRecord   *self);
gint64        vs_record_get_id           (VsRecord   *self);
gint64        vs_record_get_ordinal      (VsRecord   *self);
/* JSON object text, "{}" for a placeholder. */
const char   *vs_record_get_data         (VsRecord   *self);
/* The data parsed (once, on first use; big integers kept as text). NULL if not an object. */
JsonObject   *vs_record_get_data_object  (VsRecord   *self);
/* A one-line preview of @column's value: strings as they are, other values as JSON, line
 * breaks and tabs as spaces, at most @max_chars characters (an ellipsis marks a cut).
 * NULL when the record has no such column. */
char         *vs_record_dup_preview      (VsRecord   *self,
                                          const char *column,
                                          guint       max_chars);
const char   *vs_record_get_example      (VsRecord   *self);
const char   *vs_record_get_split        (VsRecord   *self);
const char   *vs_record_get_status       (VsRecord   *self);
const char   *vs_record_get_tags         (VsRecord   *self);
/* 0 when not rated. */
int           vs_record_get_rating       (VsRecord   *self);
/* -1 when not counted. */
gint64        vs_record_get_tokens       (VsRecord   *self);
const char   *vs_record_get_problems     (VsRecord   *self);
/* -1 when not clustered. */
gint64        vs_record_get_cluster      (VsRecord   *self);

/* The kind of the cleaning step that dropped the record ("dedup", …; interned), or NULL when
 * it is kept. */
const char   *vs_record_get_dropped_by   (VsRecord   *self);

/* The words of the record that the model's text search matched (as written in the record,
 * NULL-terminated, each once), for highlighting; NULL without a text search. */
const char * const *vs_record_get_matches (VsRecord *self);
/* Internal: the model sets the position before handing an item out. */
void          _vs_record_set_position    (VsRecord   *self,
                                          guint       position);
/* Internal: the model sets the dropping step's kind of a record it read. */
void          _vs_record_set_dropped_by  (VsRecord   *self,
                                          const char *kind);

/* Internal: the model sets what its text search matched (takes @matches). */
void          _vs_record_set_matches     (VsRecord   *self,
                                          char      **matches);

G_END_DECLS
