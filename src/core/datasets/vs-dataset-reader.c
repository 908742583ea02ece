/* vs-dataset-reader.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The streaming dataset readers. Bytes arrive in 64 KiB chunks; a per-format scanner finds
 * where the next record ends (quote-aware for CSV/TSV, newline for JSONL, bracket/string-aware
 * for the elements of a JSON array) and copies only that record's bytes, so memory stays
 * bounded by the per-record size limit however large the file is. Each record is then checked
 * for UTF-8 and parsed on its own; anything unusable is queued as a VsDatasetProblem.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "vs-dataset-reader.h"
#include "vs-json.h"

#define CHUNK_SIZE (64 * 1024)
/* An unclosed quote makes the reader re-read the lines after it; at most this many times and
 * this many bytes in all, so a pathological file cannot make reading quadratic. */
#define MAX_QUOTE_RECOVERIES      1000
#define MAX_QUOTE_RECOVERY_BYTES  (256 * 1024 * 1024)

typedef enum
{
  SCAN_ERROR,
  SCAN_END,
  SCAN_RECORD,
} ScanResult;

typedef enum
{
  CSV_FIELD_START,
  CSV_UNQUOTED,
  CSV_QUOTED,
  CSV_QUOTE_IN_QUOTED,
} CsvState;

typedef enum
{
  JSON_START,
  JSON_EXPECT_VALUE,
  JSON_IN_VALUE,
  JSON_AFTER_VALUE,
  JSON_AFTER_ARRAY,
  JSON_DONE,
} JsonState;

struct _VsDatasetReader
{
  GObject          parent_instance;

  GInputStream    *stream;
  VsDatasetFormat  format;
  char            *name_hint;
  gsize            max_record_size;
  gsize            chunk_size;
  goffset          total_bytes;
  goffset          bytes_read;

  guint8          *buf;
  gsize            buf_alloc;
  gsize            buf_len;
  gsize            buf_pos;
  gint64           buf_abs;        /* absolute offset of buf[0] (JSON columns) */
  gboolean         eof;
  gboolean         started;
  gboolean         finished;

  gint64           line;           /* line of the byte at buf_pos */
  gint64           line_start_abs; /* absolute offset where that line starts */
  gboolean         skip_lf;        /* a CR ended the last CSV record; swallow a following LF */

  /* The record being collected. */
  GByteArray      *rec;
  gboolean         rec_oversize;
  gboolean         rec_unclosed;
  gint64           rec_line;
  gint64           rec_column;

  gint64           ordinal;
  guint            n_recoveries;
  guint64          recovered_bytes;

  /* CSV/TSV */
  guint8           delimiter;
  gboolean         have_header;
  guint8           csv_special[256];  /* bytes that stop the unquoted fast path */

  /* JSON array */
  JsonState        json_state;
  gboolean         after_comma;

  GPtrArray       *columns;        /* char *, NULL-terminated */
  GHashTable      *column_set;
  GPtrArray       *problems;
  guint64          n_problems;
  GError          *error;          /* a read failed: every later call repeats it */
  JsonParser      *parser;
};

G_DEFINE_FINAL_TYPE (VsDatasetReader, vs_dataset_reader, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (VsDatasetProblem, vs_dataset_problem, vs_dataset_problem_copy,
                     vs_dataset_problem_free)

VsDatasetProblem *
vs_dataset_problem_copy (const VsDatasetProblem *problem)
{
  VsDatasetProblem *copy;

  g_return_val_if_fail (problem != NULL, NULL);

  copy = g_new0 (VsDatasetProblem, 1);
  *copy = *problem;
  copy->key = g_strdup (problem->key);
  copy->message = g_strdup (problem->message);
  return copy;
}

void
vs_dataset_problem_free (VsDatasetProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->key);
  g_free (problem->message);
  g_free (problem);
}

static const struct
{
  VsDatasetFormat format;
  const char     *name;
} format_names[] = {
  { VS_DATASET_FORMAT_AUTO, "auto" },
  { VS_DATASET_FORMAT_CSV, "csv" },
  { VS_DATASET_FORMAT_TSV, "tsv" },
  { VS_DATASET_FORMAT_JSONL, "jsonl" },
  { VS_DATASET_FORMAT_JSON, "json" },
};

const char *
vs_dataset_format_to_string (VsDatasetFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (format_names[i].format == format)
      return format_names[i].name;
  return "auto";
}

gboolean
vs_dataset_format_from_string (const char      *name,
                               VsDatasetFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (format_names[i].name, name) == 0)
      {
        *format = format_names[i].format;
        return TRUE;
      }
  if (g_ascii_strcasecmp (name, "ndjson") == 0)
    {
      *format = VS_DATASET_FORMAT_JSONL;
      return TRUE;
    }
  return FALSE;
}

VsDatasetFormat
vs_dataset_format_for_path (const char *path)
{
  g_autofree char *lower = NULL;

  if (path == NULL)
    return VS_DATASET_FORMAT_AUTO;
  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".csv"))
    return VS_DATASET_FORMAT_CSV;
  if (g_str_has_suffix (lower, ".tsv") || g_str_has_suffix (lower, ".tab"))
    return VS_DATASET_FORMAT_TSV;
  if (g_str_has_suffix (lower, ".jsonl") || g_str_has_suffix (lower, ".ndjson"))
    return VS_DATASET_FORMAT_JSONL;
  if (g_str_has_suffix (lower, ".json"))
    return VS_DATASET_FORMAT_JSON;
  return VS_DATASET_FORMAT_AUTO;
}

static void
vs_dataset_reader_finalize (GObject *object)
{
  VsDatasetReader *self = VS_DATASET_READER (object);

  g_clear_object (&self->stream);
  g_clear_object (&self->parser);
  g_clear_error (&self->error);
  g_free (self->name_hint);
  g_free (self->buf);
  g_byte_array_unref (self->rec);
  g_ptr_array_unref (self->columns);
  g_hash_table_unref (self->column_set);
  g_ptr_array_unref (self->problems);

  G_OBJECT_CLASS (vs_dataset_reader_parent_class)->finalize (object);
}

static void
vs_dataset_reader_class_init (VsDatasetReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vs_dataset_reader_finalize;
}

static void
vs_dataset_reader_init (VsDatasetReader *self)
{
  self->max_record_size = VS_DATASET_READER_DEFAULT_MAX_RECORD_SIZE;
  self->total_bytes = -1;
  self->chunk_size = CHUNK_SIZE;
  self->buf_alloc = CHUNK_SIZE;
  self->buf = g_malloc (self->buf_alloc);
  self->line = 1;
  self->rec = g_byte_array_new ();
  self->columns = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->columns, NULL);
  self->column_set = g_hash_table_new (g_str_hash, g_str_equal);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_dataset_problem_free);
  self->parser = json_parser_new ();
}

VsDatasetReader *
vs_dataset_reader_new (GInputStream    *stream,
                       VsDatasetFormat  format,
                       const char      *name_hint)
{
  VsDatasetReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (format >= VS_DATASET_FORMAT_AUTO && format <= VS_DATASET_FORMAT_JSON,
                        NULL);

  self = g_object_new (VS_TYPE_DATASET_READER, NULL);
  self->stream = g_object_ref (stream);
  self->format = format;
  self->name_hint = g_strdup (name_hint);
  return self;
}

VsDatasetReader *
vs_dataset_reader_new_for_path (const char       *path,
                                VsDatasetFormat   format,
                                GError          **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  VsDatasetReader *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return NULL;

  self = vs_dataset_reader_new (G_INPUT_STREAM (stream), format, path);
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE))
    self->total_bytes = g_file_info_get_size (info);
  return self;
}

void
vs_dataset_reader_set_max_record_size (VsDatasetReader *self,
                                       gsize            max_size)
{
  g_return_if_fail (VS_IS_DATASET_READER (self));
  g_return_if_fail (max_size > 0);
  self->max_record_size = max_size;
}

void
vs_dataset_reader_set_chunk_size (VsDatasetReader *self,
                                  gsize            chunk_size)
{
  g_return_if_fail (VS_IS_DATASET_READER (self));
  g_return_if_fail (!self->started);
  self->chunk_size = CLAMP (chunk_size, 4, 16 * 1024 * 1024);
}

gsize
vs_dataset_reader_get_max_record_size (VsDatasetReader *self)
{
  g_return_val_if_fail (VS_IS_DATASET_READER (self), 0);
  return self->max_record_size;
}

void
vs_dataset_reader_set_total_bytes (VsDatasetReader *self,
                                   goffset          total)
{
  g_return_if_fail (VS_IS_DATASET_READER (self));
  self->total_bytes = total;
}

goffset
vs_dataset_reader_get_total_bytes (VsDatasetReader *self)
{
  g_return_val_if_fail (VS_IS_DATASET_READER (self), -1);
  return self->total_bytes;
}

goffset
vs_dataset_reader_get_bytes_read (VsDatasetReader *self)
{
  g_return_val_if_fail (VS_IS_DATASET_READER (self), 0);
  return self->bytes_read;
}

VsDatasetFormat
vs_dataset_reader_get_format (VsDatasetReader *self)
{
  g_return_val_if_fail (VS_IS_DATASET_READER (self), VS_DATASET_FORMAT_AUTO);
  return self->format;
}

const char * const *
vs_dataset_reader_get_columns (VsDatasetReader *self)
{
  g_return_val_if_fail (VS_IS_DATASET_READER (self), NULL);
  return (const char * const *) self->columns->pdata;
}

GPtrArray *
vs_dataset_reader_take_problems (VsDatasetReader *self)
{
  GPtrArray *taken;

  g_return_val_if_fail (VS_IS_DATASET_READER (self), NULL);

  taken = g_steal_pointer (&self->problems);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_dataset_problem_free);
  return taken;
}

guint64
vs_dataset_reader_get_n_problems (VsDatasetReader *self)
{
  g_return_val_if_fail (VS_IS_DATASET_READER (self), 0);
  return self->n_problems;
}

static void append_problem_va (GPtrArray  *problems,
                               gint64      ordinal,
                               gint64      line,
                               gint64      column,
                               const char *key,
                               const char *format,
                               va_list     args) G_GNUC_PRINTF (6, 0);

static void
append_problem_va (GPtrArray  *problems,
                   gint64      ordinal,
                   gint64      line,
                   gint64      column,
                   const char *key,
                   const char *format,
                   va_list     args)
{
  VsDatasetProblem *problem = g_new0 (VsDatasetProblem, 1);
  g_autofree char *text = g_strdup_vprintf (format, args);

  problem->ordinal = ordinal;
  problem->line = MAX (line, 1);
  problem->column = MAX (column, 0);
  problem->key = g_strdup (key);
  if (column > 0)
    /* Translators: a problem found while reading a dataset file; the last %s is its
     * description, e.g. "line 3, column 7: a quoted field is not closed". */
    problem->message = g_strdup_printf (_("line %" PRId64 ", column %" PRId64 ": %s"),
                                        (int64_t) problem->line, (int64_t) column, text);
  else
    /* Translators: a problem found while reading a dataset file; %s is its description. */
    problem->message = g_strdup_printf (_("line %" PRId64 ": %s"), (int64_t) problem->line,
                                        text);
  g_ptr_array_add (problems, problem);
}

static void append_problem (GPtrArray  *problems,
                            gint64      ordinal,
                            gint64      line,
                            gint64      column,
                            const char *key,
                            const char *format,
                            ...) G_GNUC_PRINTF (6, 7);

static void
append_problem (GPtrArray  *problems,
                gint64      ordinal,
                gint64      line,
                gint64      column,
                const char *key,
                const char *format,
                ...)
{
  va_list args;

  va_start (args, format);
  append_problem_va (problems, ordinal, line, column, key, format, args);
  va_end (args);
}

static void add_problem (VsDatasetReader *self,
                         gint64           ordinal,
                         gint64           line,
                         gint64           column,
                         const char      *key,
                         const char      *format,
                         ...) G_GNUC_PRINTF (6, 7);

static void
add_problem (VsDatasetReader *self,
             gint64           ordinal,
             gint64           line,
             gint64           column,
             const char      *key,
             const char      *format,
             ...)
{
  va_list args;

  va_start (args, format);
  append_problem_va (self->problems, ordinal, line, column, key, format, args);
  va_end (args);
  self->n_problems++;
}

static void
add_column (VsDatasetReader *self,
            const char      *name)
{
  char *copy = g_strdup (name);

  g_ptr_array_insert (self->columns, self->columns->len - 1, copy);
  g_hash_table_add (self->column_set, copy);
}

/* Input */

static gboolean
fill (VsDatasetReader  *self,
      GCancellable     *cancellable,
      GError          **error)
{
  gsize n = 0;

  if (self->buf_pos < self->buf_len)
    return TRUE;
  self->buf_abs += self->buf_len;
  self->buf_pos = self->buf_len = 0;
  if (self->eof)
    return TRUE;

  if (self->buf_alloc < self->chunk_size)
    {
      self->buf_alloc = self->chunk_size;
      self->buf = g_realloc (self->buf, self->buf_alloc);
    }
  if (!g_input_stream_read_all (self->stream, self->buf, self->chunk_size, &n, cancellable,
                                error))
    return FALSE;
  if (n == 0)
    self->eof = TRUE;
  self->buf_len = n;
  self->bytes_read += n;
  return TRUE;
}

/* Puts @len bytes back in front of the (exhausted) buffer, to be read again. */
static void
push_back (VsDatasetReader *self,
           const guint8    *data,
           gsize            len)
{
  g_assert (self->buf_pos == self->buf_len);
  if (self->buf_alloc < len)
    {
      self->buf_alloc = len;
      self->buf = g_realloc (self->buf, self->buf_alloc);
    }
  memmove (self->buf, data, len);
  self->buf_pos = 0;
  self->buf_len = len;
}

/* Appends input bytes to the current record unless it has outgrown the size limit. */
static void
rec_append (VsDatasetReader *self,
            const guint8    *data,
            gsize            len)
{
  if (self->rec_oversize || len == 0)
    return;
  if (self->rec->len + len > self->max_record_size)
    {
      self->rec_oversize = TRUE;
      g_byte_array_set_size (self->rec, 0);
      return;
    }
  g_byte_array_append (self->rec, data, len);
}

static void
rec_reset (VsDatasetReader *self)
{
  g_byte_array_set_size (self->rec, 0);
  self->rec_oversize = FALSE;
  self->rec_unclosed = FALSE;
  self->rec_line = self->line;
  self->rec_column = 1;
}

static void
report_too_large (VsDatasetReader *self,
                  gint64           ordinal)
{
  /* %zu is size_t's conversion; gsize has the same size on every GLib platform. */
  if (self->format == VS_DATASET_FORMAT_CSV || self->format == VS_DATASET_FORMAT_TSV)
    add_problem (self, ordinal, self->rec_line, 0, "record_too_large",
                 g_dngettext (GETTEXT_PACKAGE,
                              "the record is larger than the limit of %zu byte and was "
                              "skipped (a quote that is never closed makes everything after "
                              "it one field); raise the limit or split the record",
                              "the record is larger than the limit of %zu bytes and was "
                              "skipped (a quote that is never closed makes everything after "
                              "it one field); raise the limit or split the record",
                              self->max_record_size),
                 (size_t) self->max_record_size);
  else
    add_problem (self, ordinal, self->rec_line, 0, "record_too_large",
                 g_dngettext (GETTEXT_PACKAGE,
                              "the record is larger than the limit of %zu byte and was "
                              "skipped; raise the limit or split the record",
                              "the record is larger than the limit of %zu bytes and was "
                              "skipped; raise the limit or split the record",
                              self->max_record_size),
                 (size_t) self->max_record_size);
}

/* Validates the record's bytes as UTF-8; on failure reports where (line and byte column). */
static gboolean
check_utf8_at (GPtrArray    *problems,
               gint64        ordinal,
               gint64        line,
               gint64        column,
               const guint8 *data,
               gsize         len)
{
  const char *end = NULL;
  gsize bad;

  if (g_utf8_validate_len ((const char *) data, len, &end))
    return TRUE;

  bad = (const guint8 *) end - data;
  for (gsize i = 0; i < bad; i++)
    {
      if (data[i] == '\n' || (data[i] == '\r' && (i + 1 >= len || data[i + 1] != '\n')))
        {
          line++;
          column = 1;
        }
      else
        column++;
    }
  if (data[bad] == 0)
    append_problem (problems, ordinal, line, column, "invalid_utf8",
                 _("the record contains a NUL byte; is this a binary file or UTF-16 text? "
                   "Save it as UTF-8"));
  else
    append_problem (problems, ordinal, line, column, "invalid_utf8",
                 /* Translators: %02X is the offending byte in hexadecimal, e.g. 0xE9. */
                 _("byte 0x%02X is not valid UTF-8; save the file as UTF-8 (it may be "
                   "Latin-1 or Windows-1252)"), data[bad]);
  return FALSE;
}

static gboolean
check_utf8 (VsDatasetReader *self,
            gint64           ordinal,
            const guint8    *data,
            gsize            len)
{
  guint before = self->problems->len;
  gboolean ok = check_utf8_at (self->problems, ordinal, self->rec_line, self->rec_column, data,
                               len);

  self->n_problems += self->problems->len - before;
  return ok;
}

/* Format detection: the name's extension, corrected (JSON vs JSONL) or decided by the first
 * non-blank byte, and tabs vs commas on the first line. */
static void
detect_format (VsDatasetReader *self)
{
  VsDatasetFormat by_name = vs_dataset_format_for_path (self->name_hint);
  const guint8 *p = self->buf + self->buf_pos;
  const guint8 *end = self->buf + self->buf_len;
  guint commas = 0, tabs = 0;
  gboolean in_quotes = FALSE;

  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
    p++;

  if (by_name == VS_DATASET_FORMAT_JSON || by_name == VS_DATASET_FORMAT_JSONL ||
      by_name == VS_DATASET_FORMAT_AUTO)
    {
      if (p < end && *p == '[')
        {
          self->format = VS_DATASET_FORMAT_JSON;
          return;
        }
      if (p < end && *p == '{')
        {
          self->format = VS_DATASET_FORMAT_JSONL;
          return;
        }
    }
  if (by_name != VS_DATASET_FORMAT_AUTO)
    {
      self->format = by_name;
      return;
    }

  for (p = self->buf + self->buf_pos; p < end; p++)
    {
      if (*p == '"')
        in_quotes = !in_quotes;
      else if (!in_quotes && (*p == '\n' || *p == '\r'))
        break;
      else if (!in_quotes && *p == ',')
        commas++;
      else if (!in_quotes && *p == '\t')
        tabs++;
    }
  self->format = tabs > commas ? VS_DATASET_FORMAT_TSV : VS_DATASET_FORMAT_CSV;
}

static gboolean
start (VsDatasetReader  *self,
       GCancellable     *cancellable,
       GError          **error)
{
  self->started = TRUE;
  if (!fill (self, cancellable, error))
    return FALSE;

  if (self->buf_len >= 3 && memcmp (self->buf, "\xEF\xBB\xBF", 3) == 0)
    self->buf_pos = 3;
  else if (self->buf_len >= 2 && (memcmp (self->buf, "\xFF\xFE", 2) == 0 ||
                                  memcmp (self->buf, "\xFE\xFF", 2) == 0))
    {
      /* Spreadsheets like to save "Unicode text" as UTF-16: say so once, not per row. */
      add_problem (self, 0, 1, 1, "invalid_utf8",
                   _("the file is UTF-16 text (it starts with a UTF-16 byte order mark); "
                     "save it as UTF-8 (in a spreadsheet: CSV UTF-8) and import it again"));
      if (self->format == VS_DATASET_FORMAT_AUTO)
        self->format = vs_dataset_format_for_path (self->name_hint);
      if (self->format == VS_DATASET_FORMAT_AUTO)
        self->format = VS_DATASET_FORMAT_CSV;
      self->finished = TRUE;
      return TRUE;
    }
  self->line_start_abs = self->buf_pos;

  if (self->format == VS_DATASET_FORMAT_AUTO)
    detect_format (self);

  self->delimiter = self->format == VS_DATASET_FORMAT_TSV ? '\t' : ',';
  self->csv_special[self->delimiter] = 1;
  self->csv_special['\r'] = 1;
  self->csv_special['\n'] = 1;
  self->csv_special['"'] = 1;

  if (self->buf_pos == self->buf_len && self->eof)
    {
      add_problem (self, 0, 1, 0, "empty_file", _("the file is empty"));
      self->finished = TRUE;
    }
  return TRUE;
}

/* CSV/TSV */

static ScanResult
csv_scan (VsDatasetReader  *self,
          GCancellable     *cancellable,
          GError          **error)
{
  CsvState state = CSV_FIELD_START;
  gboolean prev_cr = FALSE;
  guint8 delimiter = self->delimiter;

  rec_reset (self);

  for (;;)
    {
      const guint8 *p, *end, *from;

      if (self->buf_pos == self->buf_len)
        {
          if (!fill (self, cancellable, error))
            return SCAN_ERROR;
          if (self->buf_pos == self->buf_len)
            {
              if (state == CSV_QUOTED)
                self->rec_unclosed = TRUE;
              return (self->rec->len > 0 || self->rec_oversize) ? SCAN_RECORD : SCAN_END;
            }
        }
      if (self->skip_lf)
        {
          self->skip_lf = FALSE;
          if (self->buf[self->buf_pos] == '\n')
            {
              self->buf_pos++;
              continue;
            }
        }

      p = from = self->buf + self->buf_pos;
      end = self->buf + self->buf_len;
      while (p < end)
        {
          if (state == CSV_QUOTED)
            {
              const guint8 *q = p;

              while (q < end && *q != '"' && *q != '\n' && *q != '\r')
                q++;
              if (q > p)
                prev_cr = FALSE;
              p = q;
              if (p == end)
                break;
              if (*p == '"')
                state = CSV_QUOTE_IN_QUOTED;
              else if (*p == '\r' || !prev_cr)
                self->line++;
              prev_cr = *p == '\r';
              p++;
              continue;
            }

          if (state == CSV_UNQUOTED)
            {
              while (p < end && (*p == '"' || !self->csv_special[*p]))
                p++;
              if (p == end)
                break;
            }

          /* FIELD_START, QUOTE_IN_QUOTED, or UNQUOTED at a delimiter or newline. */
          if (*p == delimiter)
            {
              state = CSV_FIELD_START;
              p++;
            }
          else if (*p == '\n' || *p == '\r')
            {
              gboolean blank = self->rec->len == 0 && !self->rec_oversize && p == from;

              rec_append (self, from, p - from);
              self->skip_lf = *p == '\r';
              self->line++;
              self->buf_pos = p + 1 - self->buf;
              if (!blank)
                return SCAN_RECORD;
              rec_reset (self);
              state = CSV_FIELD_START;
              from = ++p;
              if (self->skip_lf && p < end)
                {
                  self->skip_lf = FALSE;
                  if (*p == '\n')
                    from = ++p;
                }
            }
          else if (*p == '"' && state == CSV_FIELD_START)
            {
              state = CSV_QUOTED;
              prev_cr = FALSE;
              p++;
            }
          else if (*p == '"' && state == CSV_QUOTE_IN_QUOTED)
            {
              state = CSV_QUOTED; /* a doubled quote */
              p++;
            }
          else
            {
              state = CSV_UNQUOTED;
              p++;
            }
        }
      rec_append (self, from, p - from);
      self->buf_pos = p - self->buf;
    }
}

/* Splits a complete raw record into fields, noting where each starts (line, column pairs in
 * @columns). Returns FALSE after reporting a problem; for an unclosed quote, *resume is set to
 * the offset of the line after the opening quote. */
static gboolean
csv_split (VsDatasetReader *self,
           gint64           ordinal,
           const guint8    *raw,
           gsize            len,
           GPtrArray       *fields,
           GArray          *columns,
           gssize          *resume)
{
  guint8 delimiter = self->delimiter;
  gint64 line = self->rec_line;
  gsize line_start = 0;
  gsize i = 0;
  GString *field = g_string_new (NULL);

  *resume = -1;
  for (;;)
    {
      gint64 column = (gint64) (i - line_start) + 1;

      g_string_truncate (field, 0);
      g_array_append_val (columns, line);
      g_array_append_val (columns, column);
      if (i < len && raw[i] == '"')
        {
          gint64 quote_line = line;
          gint64 quote_column = column;
          gboolean closed = FALSE;

          i++;
          while (i < len)
            {
              const guint8 *q = memchr (raw + i, '"', len - i);
              gsize stop = q ? (gsize) (q - raw) : len;

              for (gsize k = i; k < stop; k++)
                if (raw[k] == '\n' || (raw[k] == '\r' && (k + 1 >= len || raw[k + 1] != '\n')))
                  {
                    if (*resume < 0 && line == quote_line)
                      *resume = k + 1;
                    line++;
                    line_start = k + 1;
                  }
              g_string_append_len (field, (const char *) raw + i, stop - i);
              i = stop;
              if (q == NULL)
                break;
              if (i + 1 < len && raw[i + 1] == '"')
                {
                  g_string_append_c (field, '"');
                  i += 2;
                  continue;
                }
              i++;
              closed = TRUE;
              break;
            }
          if (!closed)
            {
              add_problem (self, ordinal, quote_line, quote_column, "unclosed_quote",
                           _("a quoted field is not closed; add the missing \" (quotes "
                             "inside a quoted field are written twice: \"\")"));
              g_string_free (field, TRUE);
              return FALSE;
            }
          if (i < len && raw[i] != delimiter)
            {
              add_problem (self, ordinal, line, (gint64) (i - line_start) + 1, "text_after_quote",
                           _("text follows the closing quote of a field; quote the whole "
                             "field and write quotes inside it twice (\"\")"));
              g_string_free (field, TRUE);
              *resume = -1;
              return FALSE;
            }
        }
      else
        {
          const guint8 *q = memchr (raw + i, delimiter, len - i);
          gsize stop = q ? (gsize) (q - raw) : len;

          g_string_append_len (field, (const char *) raw + i, stop - i);
          i = stop;
        }
      g_ptr_array_add (fields, g_strndup (field->str, field->len));
      if (i >= len)
        break;
      i++; /* the delimiter */
    }
  g_string_free (field, TRUE);
  return TRUE;
}

static void
csv_set_header (VsDatasetReader *self,
                GPtrArray       *fields)
{
  for (guint i = 0; i < fields->len; i++)
    {
      const char *name = g_ptr_array_index (fields, i);
      g_autofree char *unique = NULL;

      if (*name == '\0')
        {
          unique = g_strdup_printf ("column_%u", i + 1);
          for (guint n = 2; g_hash_table_contains (self->column_set, unique); n++)
            {
              g_free (unique);
              unique = g_strdup_printf ("column_%u_%u", i + 1, n);
            }
          add_problem (self, 0, self->rec_line, 0, "empty_column",
                       /* Translators: %u is the column's position (1 is the first), %s the
                        * name Versus gives it, e.g. column_3. */
                       _("column %u has no name in the header; it is called “%s”"), i + 1,
                       unique);
        }
      else if (g_hash_table_contains (self->column_set, name))
        {
          for (guint n = 2; unique == NULL || g_hash_table_contains (self->column_set, unique);
               n++)
            {
              g_free (unique);
              unique = g_strdup_printf ("%s_%u", name, n);
            }
          add_problem (self, 0, self->rec_line, 0, "duplicate_column",
                       /* Translators: the first %s is a column name that occurs twice, %u
                        * the position of the second one, the last %s the name Versus gives
                        * it instead, e.g. name_2. */
                       _("the header names “%s” twice; column %u is called “%s”"), name, i + 1,
                       unique);
        }
      add_column (self, unique ? unique : name);
    }
  self->have_header = TRUE;
}

static JsonObject *
csv_next (VsDatasetReader  *self,
          VsDatasetPosition *position,
          GCancellable     *cancellable,
          GError          **error)
{
  for (;;)
    {
      g_autoptr(GPtrArray) fields = NULL;
      g_autoptr(GArray) field_columns = NULL;
      JsonObject *object;
      gint64 ordinal;
      gssize resume = -1;
      guint n_columns;

      switch (csv_scan (self, cancellable, error))
        {
        case SCAN_ERROR:
          return NULL;
        case SCAN_END:
          self->finished = TRUE;
          if (!self->have_header && self->n_problems == 0)
            add_problem (self, 0, self->line, 0, "empty_file",
                         _("the file has no header row and no records"));
          return NULL;
        case SCAN_RECORD:
        default:
          break;
        }

      ordinal = self->have_header ? ++self->ordinal : 0;
      if (self->rec_oversize)
        {
          report_too_large (self, ordinal);
          continue;
        }
      if (!check_utf8 (self, ordinal, self->rec->data, self->rec->len))
        continue;

      fields = g_ptr_array_new_with_free_func (g_free);
      field_columns = g_array_new (FALSE, FALSE, sizeof (gint64));
      if (!csv_split (self, ordinal, self->rec->data, self->rec->len, fields, field_columns,
                      &resume))
        {
          if (self->rec_unclosed && resume > 0 && self->n_recoveries < MAX_QUOTE_RECOVERIES &&
              self->recovered_bytes + self->rec->len - resume <= MAX_QUOTE_RECOVERY_BYTES)
            {
              /* Read the lines after the unclosed quote again as records of their own. */
              gint64 line = self->rec_line;

              for (gssize k = 0; k < resume; k++)
                if (self->rec->data[k] == '\n' ||
                    (self->rec->data[k] == '\r' &&
                     (k + 1 >= (gssize) self->rec->len || self->rec->data[k + 1] != '\n')))
                  line++;
              self->n_recoveries++;
              self->recovered_bytes += self->rec->len - resume;
              self->line = line;
              self->skip_lf = FALSE;
              push_back (self, self->rec->data + resume, self->rec->len - resume);
            }
          continue;
        }

      if (!self->have_header)
        {
          csv_set_header (self, fields);
          continue;
        }

      n_columns = self->columns->len - 1;
      if (fields->len != n_columns)
        {
          /* Two counts, each with its own plural: the sentence is put together from parts. */
          g_autofree char *row_has = NULL;
          g_autofree char *header_has = NULL;

          row_has = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "the row has %u field",
                                                  "the row has %u fields", fields->len),
                                     fields->len);
          header_has = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "the header has %u column",
                                                     "the header has %u columns", n_columns),
                                        n_columns);

          if (fields->len > n_columns)
            add_problem (self, ordinal, g_array_index (field_columns, gint64, 2 * n_columns),
                         g_array_index (field_columns, gint64, 2 * n_columns + 1), "ragged_row",
                         /* Translators: the first %s is "the row has N fields", the second
                          * "the header has N columns", the last the delimiter: , or \t. */
                         _("%s but %s; quote fields that contain “%s”"), row_has, header_has,
                         self->delimiter == '\t' ? "\\t" : ",");
          else
            add_problem (self, ordinal, self->rec_line, 0, "ragged_row",
                         /* Translators: the first %s is "the row has N fields", the second
                          * "the header has N columns". */
                         _("%s but %s; add the missing values (they may be empty)"), row_has,
                         header_has);
          continue;
        }

      object = json_object_new ();
      for (guint i = 0; i < n_columns; i++)
        json_object_set_string_member (object, g_ptr_array_index (self->columns, i),
                                       g_ptr_array_index (fields, i));
      if (position)
        {
          position->ordinal = ordinal;
          position->line = self->rec_line;
          position->column = 1;
        }
      return object;
    }
}

/* JSON parsing shared by JSONL and JSON arrays */

static void
note_columns (VsDatasetReader *self,
              JsonObject      *object)
{
  JsonObjectIter iter;
  const char *name;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, NULL))
    if (!g_hash_table_contains (self->column_set, name))
      add_column (self, name);
}

static const char *
node_kind (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_ARRAY:
      /* Translators: this and the next kinds of JSON value complete "the line is %s, not a
       * JSON object". */
      return _("an array");
    case JSON_NODE_NULL:
      /* Translators: the JSON value null; usually not translated. */
      return _("null");
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        return _("a string");
      if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        return _("a boolean");
      return _("a number");
    case JSON_NODE_OBJECT:
    default:
      return _("an object");
    }
}

/* json-glib's parser recurses once per level of nesting: a line of a million "[" would
 * overflow the stack. Values nested deeper than this are reported instead of parsed. */
#define MAX_JSON_DEPTH 512

/* The offset at which @data first nests deeper than MAX_JSON_DEPTH, or -1. */
static gssize
find_too_deep (const guint8 *data,
               gsize         len)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      guint8 c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_JSON_DEPTH)
            return i;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return -1;
}

/* json-glib says "<data>:LINE:COL: Parse error: WHAT", translated in its own text domain;
 * after the position, this skips "Parse error: " in English or in the user's language. */
static const char *
skip_parse_error (const char *message)
{
  const char *format = g_dgettext ("json-glib-1.0", "%s:%d:%d: Parse error: %s");
  const char *head = "%s:%d:%d: ";
  gsize len = strlen (format);
  g_autofree char *label = NULL;

  if (g_str_has_prefix (message, "Parse error: "))
    return message + strlen ("Parse error: ");
  if (!g_str_has_prefix (format, head) || !g_str_has_suffix (format, "%s") ||
      len <= strlen (head) + 2)
    return message;
  label = g_strndup (format + strlen (head), len - strlen (head) - 2);
  if (g_str_has_prefix (message, label))
    return message + strlen (label);
  return message;
}

/* The line and column of byte @offset of a record that starts at @rec_line, @rec_column. */
static void
position_at (const guint8 *data,
             gint64        rec_line,
             gint64        rec_column,
             gssize        offset,
             gint64       *line,
             gint64       *column)
{
  *line = rec_line;
  *column = rec_column;
  for (gssize i = 0; i < offset; i++)
    if (data[i] == '\n')
      {
        (*line)++;
        *column = 1;
      }
    else
      (*column)++;
}

/* Parses the current record as one JSON object; reports and returns NULL otherwise. The
 * record is a line of JSONL when @is_line, else an element of a JSON array; each message is
 * written out for both so that translations need not fit a subject into a sentence. */
static JsonObject *
parse_record (JsonParser   *parser,
              const guint8 *data,
              gsize         len,
              gint64        ordinal,
              gint64        rec_line,
              gint64        rec_column,
              gboolean      is_line,
              GPtrArray    *problems)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) huge = NULL;
  JsonNode *root;

  gssize deep;

  if (!check_utf8_at (problems, ordinal, rec_line, rec_column, data, len))
    return NULL;

  deep = find_too_deep (data, len);
  if (deep >= 0)
    {
      gint64 line, column;

      position_at (data, rec_line, rec_column, deep, &line, &column);
      append_problem (problems, ordinal, line, column, "too_deep",
                   is_line
                     ? _("the line nests arrays and objects more than %d levels deep; Versus "
                         "does not read data this deeply nested")
                     : _("the array element nests arrays and objects more than %d levels "
                         "deep; Versus does not read data this deeply nested"),
                   MAX_JSON_DEPTH);
      return NULL;
    }

  /* json-glib 1.6 reads escapes JSON does not have (\666 as a byte, a lone \udc00) and may
   * hand back strings that are not UTF-8: refuse them here, with their place. */
  {
    /* (no backslash, no escape: memchr() is much quicker than the scan) */
    gssize bad = len == 0 || memchr (data, '\\', len) == NULL
                   ? -1
                   : vs_json_find_invalid_escape ((const char *) data, len);

    if (bad >= 0)
      {
        gint64 line, column;

        position_at (data, rec_line, rec_column, bad, &line, &column);
        append_problem (problems, ordinal, line, column, "invalid_json",
                     is_line
                       ? _("the line is not valid JSON: a string has an escape JSON does not "
                           "allow (only \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)")
                       : _("the array element is not valid JSON: a string has an escape JSON "
                           "does not allow (only \\\" \\\\ \\/ \\b \\f \\n \\r \\t and "
                           "\\uXXXX)"));
        return NULL;
      }
  }

  {
    gssize first = -1;

    huge = vs_json_quote_big_integers ((const char *) data, len, &first);
    if (huge != NULL)
      {
        gint64 line, column;

        position_at (data, rec_line, rec_column, first, &line, &column);
        append_problem (problems, ordinal, line, column, "big_integer",
                     is_line
                       ? _("the line has a whole number too large for a 64-bit integer; it "
                           "is kept exactly, as text")
                       : _("the array element has a whole number too large for a 64-bit "
                           "integer; it is kept exactly, as text"));
      }
  }

  if (!json_parser_load_from_data (parser,
                                   huge ? huge->str : (const char *) data,
                                   huge ? (gssize) huge->len : (gssize) len,
                                   &local_error))
    {
      const char *message = local_error->message;
      int l = 0, c = 0, n = 0;
      gint64 line = rec_line, column = 0;

      if (sscanf (message, "<data>:%d:%d: %n", &l, &c, &n) == 2 && l >= 1)
        {
          line = rec_line + l - 1;
          column = l == 1 ? rec_column + MAX (c, 1) - 1 : MAX (c, 1);
          message = skip_parse_error (message + n);
        }
      append_problem (problems, ordinal, line, column, "invalid_json",
                   /* Translators: %s is the JSON parser's description of the error. */
                   is_line ? _("the line is not valid JSON (%s)")
                           : _("the array element is not valid JSON (%s)"),
                   message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      append_problem (problems, ordinal, rec_line, rec_column, "invalid_json",
                   is_line ? _("the line holds no JSON value")
                           : _("the array element holds no JSON value"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      append_problem (problems, ordinal, rec_line, rec_column, "not_an_object",
                   /* Translators: %s is the kind of value it is instead: "an array", "a
                    * string", "a number", "a boolean" or "null". */
                   is_line ? _("the line is %s, not a JSON object; each record must be an "
                               "object {\"column\": value, …}")
                           : _("the array element is %s, not a JSON object; each record must "
                               "be an object {\"column\": value, …}"),
                   node_kind (root));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static JsonObject *
parse_object (VsDatasetReader *self,
              gint64           ordinal,
              gboolean         is_line)
{
  guint before = self->problems->len;
  JsonObject *object = parse_record (self->parser, self->rec->data, self->rec->len, ordinal,
                                     self->rec_line, self->rec_column, is_line,
                                     self->problems);

  self->n_problems += self->problems->len - before;
  return object;
}

JsonObject *
vs_dataset_reader_parse_line (JsonParser              *parser,
                              const char              *data,
                              gsize                    len,
                              const VsDatasetPosition *position,
                              GPtrArray               *problems)
{
  g_return_val_if_fail (JSON_IS_PARSER (parser), NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (position != NULL && problems != NULL, NULL);

  return parse_record (parser, (const guint8 *) data, len, position->ordinal, position->line,
                       1, TRUE, problems);
}

/* JSONL */

static ScanResult
jsonl_scan (VsDatasetReader  *self,
            GCancellable     *cancellable,
            GError          **error)
{
  for (;;)
    {
      const guint8 *p, *end, *nl;

      if (self->buf_pos == self->buf_len)
        {
          if (!fill (self, cancellable, error))
            return SCAN_ERROR;
          if (self->buf_pos == self->buf_len)
            return (self->rec->len > 0 || self->rec_oversize) ? SCAN_RECORD : SCAN_END;
        }
      p = self->buf + self->buf_pos;
      end = self->buf + self->buf_len;
      nl = memchr (p, '\n', end - p);
      if (nl == NULL)
        {
          rec_append (self, p, end - p);
          self->buf_pos = self->buf_len;
          continue;
        }
      rec_append (self, p, nl - p);
      self->buf_pos = nl + 1 - self->buf;
      self->line++;
      return SCAN_RECORD;
    }
}

static gboolean
is_blank (const guint8 *data,
          gsize         len)
{
  for (gsize i = 0; i < len; i++)
    if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r' && data[i] != '\n')
      return FALSE;
  return TRUE;
}

/* Scans to the next non-blank line that fits the size limit, leaving it (without its line end)
 * in self->rec with its ordinal in @ordinal; FALSE at the end or on a read error. */
static gboolean
jsonl_next_line (VsDatasetReader  *self,
                 gint64           *ordinal,
                 GCancellable     *cancellable,
                 GError          **error)
{
  for (;;)
    {
      rec_reset (self);
      switch (jsonl_scan (self, cancellable, error))
        {
        case SCAN_ERROR:
          return FALSE;
        case SCAN_END:
          self->finished = TRUE;
          if (self->ordinal == 0 && self->n_problems == 0)
            add_problem (self, 0, self->line, 0, "empty_file",
                         _("the file has only blank lines"));
          return FALSE;
        case SCAN_RECORD:
        default:
          break;
        }

      if (!self->rec_oversize && is_blank (self->rec->data, self->rec->len))
        continue;
      *ordinal = ++self->ordinal;
      if (self->rec_oversize)
        {
          report_too_large (self, *ordinal);
          continue;
        }
      if (self->rec->len > 0 && self->rec->data[self->rec->len - 1] == '\r')
        g_byte_array_set_size (self->rec, self->rec->len - 1);
      return TRUE;
    }
}

static JsonObject *
jsonl_next (VsDatasetReader   *self,
            VsDatasetPosition *position,
            GCancellable      *cancellable,
            GError           **error)
{
  gint64 ordinal;

  while (jsonl_next_line (self, &ordinal, cancellable, error))
    {
      JsonObject *object = parse_object (self, ordinal, TRUE);

      if (object == NULL)
        continue;
      note_columns (self, object);
      if (position)
        {
          position->ordinal = ordinal;
          position->line = self->rec_line;
          position->column = 1;
        }
      return object;
    }
  return NULL;
}

/* JSON array: an incremental scanner hands each element's text to the parser. */

static inline gint64
column_at (VsDatasetReader *self,
           const guint8    *p)
{
  return self->buf_abs + (p - self->buf) - self->line_start_abs + 1;
}

static inline gboolean
is_json_space (guint8 c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Scans to the end of the next array element. Structural problems between elements are
 * reported on the way. */
static ScanResult
json_scan (VsDatasetReader  *self,
           GCancellable     *cancellable,
           GError          **error)
{
  guint depth = 0;
  gboolean in_string = FALSE, escape = FALSE, bare = FALSE;

  rec_reset (self);
  for (;;)
    {
      const guint8 *p, *end, *from = NULL;

      if (self->buf_pos == self->buf_len)
        {
          if (!fill (self, cancellable, error))
            return SCAN_ERROR;
          if (self->buf_pos == self->buf_len)
            {
              switch (self->json_state)
                {
                case JSON_START:
                  add_problem (self, 0, self->line, 0, "empty_file",
                               _("the file holds no JSON (expected an array of objects)"));
                  break;
                case JSON_IN_VALUE:
                  if (bare)
                    {
                      self->json_state = JSON_AFTER_VALUE;
                      return SCAN_RECORD;
                    }
                  self->json_state = JSON_DONE;
                  self->rec_unclosed = TRUE;
                  return SCAN_RECORD;
                case JSON_EXPECT_VALUE:
                case JSON_AFTER_VALUE:
                  add_problem (self, 0, self->line, column_at (self, self->buf + self->buf_pos),
                               "truncated", _("the file ends before the array is closed "
                                              "with “]”; it may have been cut off"));
                  break;
                case JSON_AFTER_ARRAY:
                case JSON_DONE:
                default:
                  break;
                }
              self->json_state = JSON_DONE;
              return SCAN_END;
            }
        }

      p = self->buf + self->buf_pos;
      end = self->buf + self->buf_len;
      if (self->json_state == JSON_IN_VALUE)
        from = p;

      while (p < end)
        {
          guint8 c = *p;

          switch (self->json_state)
            {
            case JSON_IN_VALUE:
              if (in_string)
                {
                  while (p < end && *p != '"' && *p != '\\' && *p != '\n' && !escape)
                    p++;
                  if (p == end)
                    continue; /* the while loop ends: the next chunk */
                  c = *p;
                  if (escape)
                    escape = FALSE;
                  else if (c == '\\')
                    escape = TRUE;
                  else if (c == '"')
                    {
                      in_string = FALSE;
                      if (depth == 0)
                        {
                          p++;
                          rec_append (self, from, p - from);
                          self->buf_pos = p - self->buf;
                          self->json_state = JSON_AFTER_VALUE;
                          return SCAN_RECORD;
                        }
                    }
                  if (c == '\n')
                    {
                      self->line++;
                      self->line_start_abs = self->buf_abs + (p - self->buf) + 1;
                    }
                  p++;
                  continue;
                }
              if (bare && depth == 0 && (is_json_space (c) || c == ',' || c == ']' ||
                                         c == '[' || c == '{' || c == '"'))
                {
                  rec_append (self, from, p - from);
                  self->buf_pos = p - self->buf;
                  self->json_state = JSON_AFTER_VALUE;
                  return SCAN_RECORD;
                }
              if (c == '"')
                in_string = TRUE;
              else if (c == '{' || c == '[')
                depth++;
              else if ((c == '}' || c == ']') && depth > 0)
                {
                  depth--;
                  if (depth == 0)
                    {
                      p++;
                      rec_append (self, from, p - from);
                      self->buf_pos = p - self->buf;
                      self->json_state = JSON_AFTER_VALUE;
                      return SCAN_RECORD;
                    }
                }
              else if (c == '\n')
                {
                  self->line++;
                  self->line_start_abs = self->buf_abs + (p - self->buf) + 1;
                }
              p++;
              continue;

            case JSON_START:
            case JSON_EXPECT_VALUE:
            case JSON_AFTER_VALUE:
            case JSON_AFTER_ARRAY:
              if (is_json_space (c))
                {
                  if (c == '\n')
                    {
                      self->line++;
                      self->line_start_abs = self->buf_abs + (p - self->buf) + 1;
                    }
                  p++;
                  continue;
                }
              break;

            case JSON_DONE:
            default:
              self->buf_pos = self->buf_len;
              return SCAN_END;
            }

          /* A structural byte outside an element. */
          if (self->json_state == JSON_START)
            {
              if (c == '[')
                {
                  self->json_state = JSON_EXPECT_VALUE;
                  self->after_comma = FALSE;
                  p++;
                  continue;
                }
              if (c == '{')
                add_problem (self, 0, self->line, column_at (self, p), "not_an_array",
                             _("the file holds a JSON object, not an array of objects; wrap "
                               "the records in [ ], or import it as JSONL if it has one "
                               "object per line"));
              else
                add_problem (self, 0, self->line, column_at (self, p), "not_an_array",
                             _("a JSON dataset must be an array of objects starting with "
                               "“[”"));
              self->json_state = JSON_DONE;
              self->buf_pos = self->buf_len;
              return SCAN_END;
            }
          if (self->json_state == JSON_AFTER_ARRAY)
            {
              add_problem (self, 0, self->line, column_at (self, p), "trailing_data",
                           _("text after the end of the array was ignored; a JSON file "
                             "holds one array"));
              self->json_state = JSON_DONE;
              self->buf_pos = self->buf_len;
              return SCAN_END;
            }
          if (self->json_state == JSON_AFTER_VALUE)
            {
              if (c == ',')
                {
                  self->json_state = JSON_EXPECT_VALUE;
                  self->after_comma = TRUE;
                  p++;
                  continue;
                }
              if (c == ']')
                {
                  self->json_state = JSON_AFTER_ARRAY;
                  p++;
                  continue;
                }
              add_problem (self, 0, self->line, column_at (self, p), "missing_comma",
                           _("a “,” is missing between two array elements"));
              self->json_state = JSON_EXPECT_VALUE;
            }
          /* JSON_EXPECT_VALUE */
          if (c == ']')
            {
              if (self->after_comma)
                add_problem (self, 0, self->line, column_at (self, p), "empty_element",
                             _("a “,” before “]” leaves an empty element; remove it"));
              self->json_state = JSON_AFTER_ARRAY;
              p++;
              continue;
            }
          if (c == ',')
            {
              add_problem (self, 0, self->line, column_at (self, p), "empty_element",
                           _("two “,” in a row leave an empty element; remove one"));
              p++;
              continue;
            }
          /* An element starts here. */
          self->json_state = JSON_IN_VALUE;
          self->rec_line = self->line;
          self->rec_column = column_at (self, p);
          from = p;
          depth = 0;
          in_string = escape = bare = FALSE;
          if (c == '{' || c == '[')
            depth = 1;
          else if (c == '"')
            in_string = TRUE;
          else
            bare = TRUE;
          p++;
        }
      if (self->json_state == JSON_IN_VALUE && from != NULL)
        rec_append (self, from, p - from);
      self->buf_pos = p - self->buf;
    }
}

static JsonObject *
json_next (VsDatasetReader   *self,
           VsDatasetPosition *position,
           GCancellable      *cancellable,
           GError           **error)
{
  for (;;)
    {
      JsonObject *object;
      gint64 ordinal;

      switch (json_scan (self, cancellable, error))
        {
        case SCAN_ERROR:
          return NULL;
        case SCAN_END:
          self->finished = TRUE;
          return NULL;
        case SCAN_RECORD:
        default:
          break;
        }

      ordinal = ++self->ordinal;
      if (self->rec_oversize)
        {
          report_too_large (self, ordinal);
          continue;
        }
      if (self->rec_unclosed)
        {
          add_problem (self, ordinal, self->rec_line, self->rec_column, "truncated",
                       _("the file ends inside this element; it may have been cut off"));
          continue;
        }

      object = parse_object (self, ordinal, FALSE);
      if (object == NULL)
        continue;
      note_columns (self, object);
      if (position)
        {
          position->ordinal = ordinal;
          position->line = self->rec_line;
          position->column = self->rec_column;
        }
      return object;
    }
}

JsonObject *
vs_dataset_reader_next (VsDatasetReader    *self,
                        VsDatasetPosition  *position,
                        GCancellable       *cancellable,
                        GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;

  g_return_val_if_fail (VS_IS_DATASET_READER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A read that failed half-way left a record half-scanned: the reader stays failed. */
  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!self->started && !start (self, cancellable, &local_error))
    {
      self->error = g_error_copy (local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (self->finished)
    return NULL;

  switch (self->format)
    {
    case VS_DATASET_FORMAT_JSONL:
      object = jsonl_next (self, position, cancellable, &local_error);
      break;
    case VS_DATASET_FORMAT_JSON:
      object = json_next (self, position, cancellable, &local_error);
      break;
    case VS_DATASET_FORMAT_CSV:
    case VS_DATASET_FORMAT_TSV:
    case VS_DATASET_FORMAT_AUTO:
    default:
      object = csv_next (self, position, cancellable, &local_error);
      break;
    }
  if (local_error != NULL)
    {
      self->error = g_error_copy (local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return object;
}

/* What vs_dataset_reader_next() does before its first record; FALSE with @error when the
 * reader has failed. */
static gboolean
ensure_started (VsDatasetReader  *self,
                GCancellable     *cancellable,
                GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!self->started && !start (self, cancellable, &local_error))
    {
      self->error = g_error_copy (local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

VsDatasetFormat
vs_dataset_reader_detect_format (VsDatasetReader  *self,
                                 GCancellable     *cancellable,
                                 GError          **error)
{
  g_return_val_if_fail (VS_IS_DATASET_READER (self), VS_DATASET_FORMAT_AUTO);
  g_return_val_if_fail (error == NULL || *error == NULL, VS_DATASET_FORMAT_AUTO);

  if (!ensure_started (self, cancellable, error))
    return VS_DATASET_FORMAT_AUTO;
  return self->format;
}

const char *
vs_dataset_reader_next_line (VsDatasetReader    *self,
                             VsDatasetPosition  *position,
                             gsize              *len,
                             GCancellable       *cancellable,
                             GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 ordinal;

  g_return_val_if_fail (VS_IS_DATASET_READER (self), NULL);
  g_return_val_if_fail (position != NULL && len != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ensure_started (self, cancellable, error))
    return NULL;
  g_return_val_if_fail (self->format == VS_DATASET_FORMAT_JSONL, NULL);
  if (self->finished)
    return NULL;
  if (!jsonl_next_line (self, &ordinal, cancellable, &local_error))
    {
      if (local_error != NULL)
        {
          self->error = g_error_copy (local_error);
          g_propagate_error (error, g_steal_pointer (&local_error));
        }
      return NULL;
    }
  position->ordinal = ordinal;
  position->line = self->rec_line;
  position->column = 1;
  *len = self->rec->len;
  /* rec is a GByteArray: data may be NULL for an empty record, which a blank line never is */
  return (const char *) self->rec->data;
}
