/* vs-dataset-reader.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Streaming readers for dataset files: CSV and TSV (RFC 4180), JSONL and JSON arrays. A reader
 * pulls a GInputStream in chunks and yields one record at a time as a JSON object with its
 * 1-based ordinal and source line, so files of any size are read in constant memory. Every
 * record it cannot use becomes a VsDatasetProblem with a line, a column and an actionable
 * message; nothing is dropped silently.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  VS_DATASET_FORMAT_AUTO = 0, /* from the file name's extension and the first bytes */
  VS_DATASET_FORMAT_CSV,
  VS_DATASET_FORMAT_TSV,
  VS_DATASET_FORMAT_JSONL,
  VS_DATASET_FORMAT_JSON,     /* a top-level array of objects */
} VsDatasetFormat;

/* The default per-record size limit (bytes of source text); larger records are reported. */
#define VS_DATASET_READER_DEFAULT_MAX_RECORD_SIZE (16 * 1024 * 1024)

/* "csv", "tsv", "jsonl", "json" ("auto" for AUTO); parse returns FALSE for an unknown name. */
const char *vs_dataset_format_to_string   (VsDatasetFormat  format);
gboolean    vs_dataset_format_from_string (const char      *name,
                                           VsDatasetFormat *format);
/* The format a file name's extension implies (.csv, .tsv/.tab, .jsonl/.ndjson, .json), or
 * AUTO when it implies none. */
VsDatasetFormat vs_dataset_format_for_path (const char     *path);

/* Where a record or a problem sits in the source. ordinal is 0 for a problem that belongs to
 * no record (a header name, a stray comma between array elements, an empty file); line is
 * 1-based; column is a 1-based byte column, or 0 when it does not apply. */
typedef struct
{
  gint64 ordinal;
  gint64 line;
  gint64 column;
} VsDatasetPosition;

/* A record the reader skipped, or something about the file worth telling. Keys:
 * unclosed_quote, text_after_quote, ragged_row, duplicate_column, empty_column, invalid_utf8,
 * record_too_large, invalid_json, too_deep, not_an_object, not_an_array, missing_comma, empty_element,
 * truncated, trailing_data, empty_file. @message starts with "line L, column C: ". */
typedef struct
{
  gint64  ordinal;
  gint64  line;
  gint64  column;
  char   *key;
  char   *message;
} VsDatasetProblem;

#define VS_TYPE_DATASET_PROBLEM (vs_dataset_problem_get_type ())
GType             vs_dataset_problem_get_type (void) G_GNUC_CONST;
VsDatasetProblem *vs_dataset_problem_copy     (const VsDatasetProblem *problem);
void              vs_dataset_problem_free     (VsDatasetProblem       *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsDatasetProblem, vs_dataset_problem_free)

#define VS_TYPE_DATASET_READER (vs_dataset_reader_get_type ())
G_DECLARE_FINAL_TYPE (VsDatasetReader, vs_dataset_reader, VS, DATASET_READER, GObject)

/* @name_hint (a file name, may be NULL) picks the format when @format is AUTO; the first
 * bytes decide when the name does not ('[' → JSON, '{' → JSONL, else tabs vs commas on the
 * first line), and a .json/.jsonl name whose content starts with the other bracket follows
 * the content.
 *
 * CSV/TSV: the first non-blank row is the header; values are strings; blank lines are
 * skipped; LF, CRLF and CR end rows; a UTF-8 BOM is dropped; a row with more or fewer fields
 * than the header is skipped and reported; after a quote that is never closed the reader
 * reads the lines after it again. JSONL: blank lines are skipped (they count for line
 * numbers, not ordinals). JSON: elements are scanned one at a time; the array is never held
 * whole. */
VsDatasetReader *vs_dataset_reader_new          (GInputStream     *stream,
                                                 VsDatasetFormat   format,
                                                 const char       *name_hint);
/* Opens @path; fails (G_IO_ERROR) when it cannot be read. Sets the total size for progress. */
VsDatasetReader *vs_dataset_reader_new_for_path (const char       *path,
                                                 VsDatasetFormat   format,
                                                 GError          **error);

void             vs_dataset_reader_set_max_record_size (VsDatasetReader *self,
                                                        gsize            max_size);
gsize            vs_dataset_reader_get_max_record_size (VsDatasetReader *self);
/* Reads the input @chunk_size bytes at a time (default 64 KiB, at least 4) — before the first
 * record. Tests and fuzzers use tiny chunks so records cross every chunk boundary. */
void             vs_dataset_reader_set_chunk_size      (VsDatasetReader *self,
                                                        gsize            chunk_size);
/* The input's size in bytes for progress, or -1 when unknown. */
void             vs_dataset_reader_set_total_bytes     (VsDatasetReader *self,
                                                        goffset          total);
goffset          vs_dataset_reader_get_total_bytes     (VsDatasetReader *self);
goffset          vs_dataset_reader_get_bytes_read      (VsDatasetReader *self);
/* The format in use: the requested one, or what detection chose once the first record has
 * been asked for (AUTO before that). */
VsDatasetFormat  vs_dataset_reader_get_format          (VsDatasetReader *self);
/* Column names so far: the (de-duplicated) header for CSV/TSV, the union of member names in
 * first-seen order for JSON/JSONL. NULL-terminated, owned by the reader, valid until the next
 * call to vs_dataset_reader_next(). */
const char * const *vs_dataset_reader_get_columns      (VsDatasetReader *self);

/* The next record, or NULL: at the end of the input (@error unset), or on a read error or
 * cancellation (@error set). A cancellation noticed before reading leaves the reader usable;
 * once a read has failed (or was cancelled) half-way, every later call repeats that error. Problems found on the way are queued; collect them with
 * vs_dataset_reader_take_problems(). @position (may be NULL) receives the record's place. */
JsonObject      *vs_dataset_reader_next          (VsDatasetReader    *self,
                                                  VsDatasetPosition  *position,
                                                  GCancellable       *cancellable,
                                                  GError            **error);
/* The problems queued since the last call (transfer full; possibly empty). */
GPtrArray       *vs_dataset_reader_take_problems (VsDatasetReader    *self);
/* How many problems the reader has reported in all. */
guint64          vs_dataset_reader_get_n_problems (VsDatasetReader   *self);

/* JSONL split in two, so that the parsing can run on other threads. The format the reader
 * reads: starts reading when it has not (AUTO with @error set when that fails). */
VsDatasetFormat  vs_dataset_reader_detect_format (VsDatasetReader   *self,
                                                  GCancellable      *cancellable,
                                                  GError           **error);
/* JSONL only: the next non-blank line that fits the size limit, unparsed, without its line
 * end (@len bytes, owned by the reader, valid until the next call), or NULL at the end
 * (@error unset) or on a read error. What vs_dataset_reader_next() would report of the lines
 * it skips (too large, empty file) is queued as there; the rest is for
 * vs_dataset_reader_parse_line(). Do not mix with vs_dataset_reader_next(); the columns are
 * not collected. */
const char      *vs_dataset_reader_next_line     (VsDatasetReader    *self,
                                                  VsDatasetPosition  *position,
                                                  gsize              *len,
                                                  GCancellable       *cancellable,
                                                  GError            **error);
/* Parses a line vs_dataset_reader_next_line() gave at @position with @parser, as
 * vs_dataset_reader_next() would: the object (transfer full), or NULL; either way what it
 * found (invalid_utf8, too_deep, invalid_json, big_integer, not_an_object) is appended to
 * @problems (VsDatasetProblem) with line and column. Any thread, one @parser per thread. */
JsonObject      *vs_dataset_reader_parse_line    (JsonParser              *parser,
                                                  const char              *data,
                                                  gsize                    len,
                                                  const VsDatasetPosition *position,
                                                  GPtrArray               *problems);

G_END_DECLS
