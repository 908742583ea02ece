/* test-dataset-reader.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The streaming dataset readers (RFC 4180 corner cases, BOM, line endings, ragged rows,
 * invalid UTF-8, JSONL and JSON arrays with broken parts, huge records) and the import into a
 * project file (batches, problems, cancellation keeping committed batches, the async API).
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "vs-dataset-import.h"
#include "vs-dataset-reader.h"
#include "vs-dataset-store.h"
#include "vs-json.h"
#include "vs-test-util.h"
#include "vs-project-private.h"

/* A stream that makes up its bytes: @head, then @n_fill copies of @fill, then @tail — so a
 * 100 MB line costs no memory in the test either. */
#define TEST_TYPE_GEN_STREAM (test_gen_stream_get_type ())
G_DECLARE_FINAL_TYPE (TestGenStream, test_gen_stream, TEST, GEN_STREAM, GInputStream)

struct _TestGenStream
{
  GInputStream parent_instance;
  char        *head;
  char        *tail;
  char         fill;
  guint64      n_fill;
  guint64      pos;
  guint64      fail_after; /* when not 0: reads past this offset fail */
};

G_DEFINE_FINAL_TYPE (TestGenStream, test_gen_stream, G_TYPE_INPUT_STREAM)

static gssize
test_gen_stream_read (GInputStream  *stream,
                      void          *buffer,
                      gsize          count,
                      GCancellable  *cancellable,
                      GError       **error)
{
  TestGenStream *self = TEST_GEN_STREAM (stream);
  guint64 head_len = strlen (self->head), tail_len = strlen (self->tail);
  guint8 *out = buffer;
  gsize n = 0;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;
  if (self->fail_after > 0 && self->pos >= self->fail_after)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the disk is on fire");
      return -1;
    }
  while (n < count)
    {
      guint64 p = self->pos;

      if (p < head_len)
        out[n++] = self->head[p];
      else if (p < head_len + self->n_fill)
        {
          gsize run = MIN (count - n, head_len + self->n_fill - p);

          memset (out + n, self->fill, run);
          n += run;
          self->pos += run;
          continue;
        }
      else if (p < head_len + self->n_fill + tail_len)
        out[n++] = self->tail[p - head_len - self->n_fill];
      else
        break;
      self->pos++;
    }
  return n;
}

static void
test_gen_stream_finalize (GObject *object)
{
  TestGenStream *self = TEST_GEN_STREAM (object);

  g_free (self->head);
  g_free (self->tail);
  G_OBJECT_CLASS (test_gen_stream_parent_class)->finalize (object);
}

static void
test_gen_stream_class_init (TestGenStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_gen_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = test_gen_stream_read;
}

static void
test_gen_stream_init (TestGenStream *self)
{
}

static GInputStream *
gen_stream_new (const char *head,
                char        fill,
                guint64     n_fill,
                const char *tail)
{
  TestGenStream *self = g_object_new (TEST_TYPE_GEN_STREAM, NULL);

  self->head = g_strdup (head);
  self->fill = fill;
  self->n_fill = n_fill;
  self->tail = g_strdup (tail);
  return G_INPUT_STREAM (self);
}

/* Reading helpers: records as "ordinal@line:json" and problems as
 * "ordinal@line:column:key", each list joined with " | ". */

typedef struct
{
  GString        *records;
  GString        *problems;
  GPtrArray      *messages;
  char           *columns;
  guint           n_records;
  VsDatasetFormat format;
  GError         *error;
} Result;

static void
result_free (Result *r)
{
  g_string_free (r->records, TRUE);
  g_string_free (r->problems, TRUE);
  g_ptr_array_unref (r->messages);
  g_free (r->columns);
  g_clear_error (&r->error);
  g_free (r);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Result, result_free)

static void
collect_problems (VsDatasetReader *reader,
                  Result          *r)
{
  g_autoptr(GPtrArray) problems = vs_dataset_reader_take_problems (reader);

  for (guint i = 0; i < problems->len; i++)
    {
      VsDatasetProblem *p = g_ptr_array_index (problems, i);

      g_string_append_printf (r->problems, "%s%" G_GINT64_FORMAT "@%" G_GINT64_FORMAT ":%"
                              G_GINT64_FORMAT ":%s", r->problems->len ? " | " : "",
                              p->ordinal, p->line, p->column, p->key);
      g_ptr_array_add (r->messages, g_strdup (p->message));
    }
}

static Result *
read_stream (GInputStream    *stream,
             VsDatasetFormat  format,
             const char      *hint,
             gsize            max_record_size,
             gboolean         keep_records)
{
  g_autoptr(VsDatasetReader) reader = vs_dataset_reader_new (stream, format, hint);
  Result *r = g_new0 (Result, 1);

  r->records = g_string_new (NULL);
  r->problems = g_string_new (NULL);
  r->messages = g_ptr_array_new_with_free_func (g_free);
  if (max_record_size)
    vs_dataset_reader_set_max_record_size (reader, max_record_size);

  for (;;)
    {
      g_autoptr(JsonObject) object = NULL;
      VsDatasetPosition pos = { 0 };

      object = vs_dataset_reader_next (reader, &pos, NULL, &r->error);
      collect_problems (reader, r);
      if (object == NULL)
        break;
      r->n_records++;
      if (keep_records)
        {
          g_autofree char *json = vs_json_object_to_string (object, FALSE);

          g_string_append_printf (r->records, "%s%" G_GINT64_FORMAT "@%" G_GINT64_FORMAT ":%s",
                                  r->records->len ? " | " : "", pos.ordinal, pos.line, json);
        }
    }
  /* Asking again after the end stays at the end. */
  g_assert_null (vs_dataset_reader_next (reader, NULL, NULL, NULL));

  r->columns = g_strjoinv (",", (char **) vs_dataset_reader_get_columns (reader));
  r->format = vs_dataset_reader_get_format (reader);
  return r;
}

static Result *
read_len (const char      *text,
          gssize           len,
          VsDatasetFormat  format,
          const char      *hint)
{
  g_autoptr(GInputStream) stream = NULL;

  if (len < 0)
    len = strlen (text);
  stream = g_memory_input_stream_new_from_data (g_memdup2 (text, len), len, g_free);
  return read_stream (stream, format, hint, 0, TRUE);
}

static Result *
read_text (const char      *text,
           VsDatasetFormat  format)
{
  return read_len (text, -1, format, NULL);
}

#define CSV VS_DATASET_FORMAT_CSV
#define TSV VS_DATASET_FORMAT_TSV
#define JSONL VS_DATASET_FORMAT_JSONL
#define JSON VS_DATASET_FORMAT_JSON
#define AUTO VS_DATASET_FORMAT_AUTO

/* CSV / TSV */

static void
test_csv_basic (void)
{
  g_autoptr(Result) r = read_text ("name,age\nAda,36\nAlan,41\n", CSV);

  g_assert_no_error (r->error);
  g_assert_cmpstr (r->records->str, ==,
                   "1@2:{\"name\":\"Ada\",\"age\":\"36\"} | 2@3:{\"name\":\"Alan\",\"age\":\"41\"}");
  g_assert_cmpstr (r->problems->str, ==, "");
  g_assert_cmpstr (r->columns, ==, "name,age");
}

static void
test_csv_quoted_delimiter (void)
{
  g_autoptr(Result) r = read_text ("a,b\n\"x, y\",z\n", CSV);

  g_assert_cmpstr (r->records->str, ==, "1@2:{\"a\":\"x, y\",\"b\":\"z\"}");
}

static void
test_csv_doubled_quotes (void)
{
  g_autoptr(Result) r = read_text ("a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n", CSV);

  g_assert_cmpstr (r->records->str, ==, "1@2:{\"a\":\"say \\\"hi\\\"\",\"b\":\"\\\"\"}");
}

static void
test_csv_embedded_newline (void)
{
  g_autoptr(Result) r = read_text ("a,b\n\"one\ntwo\nthree\",x\nlast,y\n", CSV);

  /* The second record starts on line 5: the first spans lines 2–4. */
  g_assert_cmpstr (r->records->str, ==,
                   "1@2:{\"a\":\"one\\ntwo\\nthree\",\"b\":\"x\"} | 2@5:{\"a\":\"last\",\"b\":\"y\"}");
}

static void
test_csv_crlf (void)
{
  g_autoptr(Result) r = read_text ("a,b\r\n1,2\r\n\"x\r\ny\",3\r\n4,5", CSV);

  g_assert_cmpstr (r->records->str, ==,
                   "1@2:{\"a\":\"1\",\"b\":\"2\"} | 2@3:{\"a\":\"x\\r\\ny\",\"b\":\"3\"} | "
                   "3@5:{\"a\":\"4\",\"b\":\"5\"}");
  g_assert_cmpstr (r->problems->str, ==, "");
}

static void
test_csv_cr_only (void)
{
  g_autoptr(Result) r = read_text ("a,b\r1,2\r3,4\r", CSV);

  g_assert_cmpstr (r->records->str, ==,
                   "1@2:{\"a\":\"1\",\"b\":\"2\"} | 2@3:{\"a\":\"3\",\"b\":\"4\"}");
}

static void
test_csv_bom (void)
{
  g_autoptr(Result) r = read_text ("\xEF\xBB\xBFid,text\n1,caf\xC3\xA9\n", AUTO);

  g_assert_cmpint (r->format, ==, CSV);
  g_assert_cmpstr (r->columns, ==, "id,text");
  g_assert_cmpstr (r->records->str, ==, "1@2:{\"id\":\"1\",\"text\":\"caf\xC3\xA9\"}");
}

static void
test_csv_ragged_more (void)
{
  g_autoptr(Result) r = read_text ("a,b\n1,2\n3,4,5\n6,7\n", CSV);

  g_assert_cmpstr (r->records->str, ==,
                   "1@2:{\"a\":\"1\",\"b\":\"2\"} | 3@4:{\"a\":\"6\",\"b\":\"7\"}");
  g_assert_cmpstr (r->problems->str, ==, "2@3:5:ragged_row");
  g_assert_true (g_str_has_prefix (g_ptr_array_index (r->messages, 0),
                                   "line 3, column 5: the row has 3 fields but the header has 2"));
}

static void
test_csv_ragged_fewer (void)
{
  g_autoptr(Result) r = read_text ("a,b,c\n1\n1,2,3\n", CSV);

  g_assert_cmpstr (r->problems->str, ==, "1@2:0:ragged_row");
  g_assert_cmpstr (r->records->str, ==, "2@3:{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}");
}

static void
test_csv_unclosed_quote (void)
{
  g_autoptr(Result) r = NULL;
  g_autoptr(GString) text = g_string_new ("a,b\n");

  for (guint i = 2; i <= 13; i++)
    g_string_append_printf (text, "%u,ok\n", i);
  g_string_append (text, "14,\"broken\n15,fine\n16,also\n");
  r = read_text (text->str, CSV);

  /* Records 1–12 (lines 2–13), the broken one reported where its quote opens, and the lines
   * after it read again as records of their own. */
  g_assert_cmpuint (r->n_records, ==, 14);
  g_assert_cmpstr (r->problems->str, ==, "13@14:4:unclosed_quote");
  g_assert_true (g_str_has_prefix (g_ptr_array_index (r->messages, 0),
                                   "line 14, column 4: a quoted field is not closed"));
  g_assert_true (g_str_has_suffix (r->records->str,
                                   "14@15:{\"a\":\"15\",\"b\":\"fine\"} | "
                                   "15@16:{\"a\":\"16\",\"b\":\"also\"}"));
}

static void
test_csv_text_after_quote (void)
{
  g_autoptr(Result) r = read_text ("a,b\n\"x\"y,1\n2,3\n", CSV);

  g_assert_cmpstr (r->problems->str, ==, "1@2:4:text_after_quote");
  g_assert_cmpstr (r->records->str, ==, "2@3:{\"a\":\"2\",\"b\":\"3\"}");
}

static void
test_csv_stray_quote_literal (void)
{
  g_autoptr(Result) r = read_text ("a,b\n5\" screen,x\n", CSV);

  g_assert_cmpstr (r->records->str, ==, "1@2:{\"a\":\"5\\\" screen\",\"b\":\"x\"}");
  g_assert_cmpstr (r->problems->str, ==, "");
}

static void
test_csv_duplicate_header (void)
{
  g_autoptr(Result) r = read_text ("a,a,b,a\n1,2,3,4\n", CSV);

  g_assert_cmpstr (r->columns, ==, "a,a_2,b,a_3");
  g_assert_cmpstr (r->problems->str, ==, "0@1:0:duplicate_column | 0@1:0:duplicate_column");
  g_assert_cmpstr (r->records->str, ==,
                   "1@2:{\"a\":\"1\",\"a_2\":\"2\",\"b\":\"3\",\"a_3\":\"4\"}");
}

static void
test_csv_empty_header (void)
{
  g_autoptr(Result) r = read_text (",name,\n1,2,3\n", CSV);

  g_assert_cmpstr (r->columns, ==, "column_1,name,column_3");
  g_assert_cmpstr (r->problems->str, ==, "0@1:0:empty_column | 0@1:0:empty_column");
}

static void
test_csv_blank_lines (void)
{
  g_autoptr(Result) r = read_text ("\na,b\n\n1,2\n\r\n\n3,4\n\n", CSV);

  g_assert_cmpstr (r->records->str, ==,
                   "1@4:{\"a\":\"1\",\"b\":\"2\"} | 2@7:{\"a\":\"3\",\"b\":\"4\"}");
  g_assert_cmpstr (r->problems->str, ==, "");
}

static void
test_csv_empty_fields (void)
{
  g_autoptr(Result) r = read_text ("a,b,c\n,\"\",\n", CSV);

  g_assert_cmpstr (r->records->str, ==, "1@2:{\"a\":\"\",\"b\":\"\",\"c\":\"\"}");
}

static void
test_csv_empty_file (void)
{
  g_autoptr(Result) r = read_text ("", CSV);
  g_autoptr(Result) blank = read_text ("\n\n", CSV);

  g_assert_no_error (r->error);
  g_assert_cmpuint (r->n_records, ==, 0);
  g_assert_cmpstr (r->problems->str, ==, "0@1:0:empty_file");
  g_assert_cmpstr (blank->problems->str, ==, "0@3:0:empty_file");
}

static void
test_csv_header_only (void)
{
  g_autoptr(Result) r = read_text ("a,b\n", CSV);

  g_assert_cmpuint (r->n_records, ==, 0);
  g_assert_cmpstr (r->problems->str, ==, "");
  g_assert_cmpstr (r->columns, ==, "a,b");
}

static void
test_csv_invalid_utf8 (void)
{
  g_autoptr(Result) r = read_text ("a,b\nok,fine\nabc,d\xE9j\xE0\nnext,1\n", CSV);

  g_assert_cmpstr (r->problems->str, ==, "2@3:6:invalid_utf8");
  g_assert_true (g_str_has_prefix (g_ptr_array_index (r->messages, 0),
                                   "line 3, column 6: byte 0xE9 is not valid UTF-8"));
  g_assert_cmpuint (r->n_records, ==, 2);
}

static void
test_csv_invalid_utf8_multiline (void)
{
  g_autoptr(Result) r = read_text ("a,b\n\"x\ny\xFFz\",1\n", CSV);

  g_assert_cmpstr (r->problems->str, ==, "1@3:2:invalid_utf8");
}

static void
test_csv_nul_byte (void)
{
  g_autoptr(Result) r = read_len ("a,b\nx\0y,1\n2,3\n", 14, CSV, NULL);

  g_assert_cmpstr (r->problems->str, ==, "1@2:2:invalid_utf8");
  g_assert_nonnull (strstr (g_ptr_array_index (r->messages, 0), "NUL byte"));
  g_assert_cmpuint (r->n_records, ==, 1);
}

static void
test_utf16 (void)
{
  g_autoptr(Result) r = read_len ("\xFF\xFE" "a\0,\0b\0\n\0", 10, AUTO, "export.csv");

  g_assert_cmpuint (r->n_records, ==, 0);
  g_assert_cmpstr (r->problems->str, ==, "0@1:1:invalid_utf8");
  g_assert_nonnull (strstr (g_ptr_array_index (r->messages, 0), "UTF-16"));
  g_assert_cmpint (r->format, ==, CSV);
}

static void
test_tsv_basic (void)
{
  g_autoptr(Result) r = read_text ("q\ta\n\"x\ty\"\t\"z, w\"\n", TSV);

  g_assert_cmpstr (r->records->str, ==, "1@2:{\"q\":\"x\\ty\",\"a\":\"z, w\"}");
}

static void
test_tsv_sniffed (void)
{
  g_autoptr(Result) r = read_len ("prompt\tcompletion\tnote\nhi, there\thello\tx\n", -1, AUTO,
                                  "data.txt");

  g_assert_cmpint (r->format, ==, TSV);
  g_assert_cmpstr (r->records->str, ==,
                   "1@2:{\"prompt\":\"hi, there\",\"completion\":\"hello\",\"note\":\"x\"}");
}

static void
test_csv_large_chunks (void)
{
  g_autoptr(GString) text = g_string_new ("id,text,n\r\n");
  g_autoptr(Result) r = NULL;
  guint n = 60000;

  /* Enough rows to cross many 64 KiB chunk boundaries at every kind of byte: CR/LF pairs,
   * doubled quotes and quoted newlines. */
  for (guint i = 1; i <= n; i++)
    g_string_append_printf (text, "%u,\"line one\r\nline \"\"%u\"\"\",%u\r\n", i, i, i % 7);
  r = read_len (text->str, text->len, CSV, NULL);
  g_assert_no_error (r->error);
  g_assert_cmpstr (r->problems->str, ==, "");
  g_assert_cmpuint (r->n_records, ==, n);
  g_assert_true (g_str_has_suffix (r->records->str,
                                   "60000@120000:{\"id\":\"60000\",\"text\":\"line one\\r\\nline "
                                   "\\\"60000\\\"\",\"n\":\"3\"}"));
}

static void
test_csv_huge_line (void)
{
  /* A 100 MB field: skipped and reported under a 1 MB limit, reading on after it. */
  g_autoptr(GInputStream) stream = gen_stream_new ("a,b\n1,", 'y', 100 * 1024 * 1024,
                                                   "\n2,3\n");
  g_autoptr(Result) r = read_stream (stream, CSV, NULL, 1024 * 1024, TRUE);

  g_assert_no_error (r->error);
  g_assert_cmpstr (r->problems->str, ==, "1@2:0:record_too_large");
  g_assert_cmpstr (r->records->str, ==, "2@3:{\"a\":\"2\",\"b\":\"3\"}");
}

static void
test_csv_huge_line_within_limit (void)
{
  /* 20 MB in one quoted field, under a 32 MB limit: read whole, in linear time. */
  g_autoptr(GInputStream) stream = gen_stream_new ("a\n\"", 'q', 20 * 1024 * 1024, "\"\n");
  g_autoptr(Result) r = read_stream (stream, CSV, NULL, 32 * 1024 * 1024, FALSE);

  g_assert_cmpstr (r->problems->str, ==, "");
  g_assert_cmpuint (r->n_records, ==, 1);
}

/* JSONL */

static void
test_jsonl_basic (void)
{
  g_autoptr(Result) r = read_text ("{\"a\":1}\n\n  \n{\"b\":[1,2],\"a\":\"x\"}\n", JSONL);

  g_assert_cmpstr (r->records->str, ==, "1@1:{\"a\":1} | 2@4:{\"b\":[1,2],\"a\":\"x\"}");
  g_assert_cmpstr (r->columns, ==, "a,b");
  g_assert_cmpstr (r->problems->str, ==, "");
}

static void
test_jsonl_column_order (void)
{
  g_autoptr(Result) r = read_text ("{\"zeta\":1,\"alpha\":2,\"mid\":3,\"k0\":0}\n"
                                   "{\"new\":1,\"alpha\":2,\"b\":3}\n", JSONL);

  /* First-seen order, as in the file, not hash order. */
  g_assert_cmpstr (r->columns, ==, "zeta,alpha,mid,k0,new,b");
}

static void
test_jsonl_bad_lines (void)
{
  g_autoptr(Result) r = read_text ("{\"a\":1}\n{\"a\":\n{\"a\":3}\n[1,2]\n\"text\"\n{\"a\":6}", JSONL);

  g_assert_cmpstr (r->records->str, ==, "1@1:{\"a\":1} | 3@3:{\"a\":3} | 6@6:{\"a\":6}");
  g_assert_cmpstr (r->problems->str, ==,
                   "2@2:5:invalid_json | 4@4:1:not_an_object | 5@5:1:not_an_object");
  g_assert_true (g_str_has_prefix (g_ptr_array_index (r->messages, 1),
                                   "line 4, column 1: the line is an array, not a JSON object"));
}

static void
test_jsonl_big_integers (void)
{
  /* json-glib would wrap these; they are kept digit for digit as text and reported. The
   * int64 limits themselves, strings and decimals stay as they are. */
  g_autoptr(Result) r = read_text ("{\"id\":12345678901234567890,\"s\":\"99999999999999999999\"}\n"
                                   "{\"lo\":-9223372036854775808,\"hi\":9223372036854775807,"
                                   "\"f\":1e20,\"l\":[1,-99999999999999999999]}\n", JSONL);

  g_assert_cmpstr (r->records->str, ==,
                   "1@1:{\"id\":\"12345678901234567890\",\"s\":\"99999999999999999999\"} | "
                   "2@2:{\"lo\":-9223372036854775808,\"hi\":9223372036854775807,"
                   "\"f\":1e+20,\"l\":[1,\"-99999999999999999999\"]}");
  g_assert_cmpstr (r->problems->str, ==, "1@1:7:big_integer | 2@2:69:big_integer");
}

static void
test_jsonl_invalid_escapes (void)
{
  /* json-glib 1.6 would read \666 as a byte and \udc00 as half a character (strings that
   * are not UTF-8): both are reported where the escape starts, and reading goes on. */
  g_autoptr(Result) r = read_text ("{\"a\":\"\\666\"}\n"
                                   "{\"b\":\"x\\udc00\"}\n"
                                   "{\"c\":\"\\u00e9 \\/ \\n\"}\n", JSONL);

  g_assert_cmpstr (r->records->str, ==, "3@3:{\"c\":\"\u00e9 / \\n\"}");
  g_assert_cmpstr (r->problems->str, ==, "1@1:7:invalid_json | 2@2:8:invalid_json");
}

static void
test_jsonl_crlf_no_final_newline (void)
{
  g_autoptr(Result) r = read_text ("{\"a\":1}\r\n{\"a\":2}", JSONL);

  g_assert_cmpstr (r->records->str, ==, "1@1:{\"a\":1} | 2@2:{\"a\":2}");
}

static void
test_jsonl_invalid_utf8 (void)
{
  g_autoptr(Result) r = read_text ("{\"a\":\"ok\"}\n{\"a\":\"\xC3\x28\"}\n", JSONL);

  g_assert_cmpstr (r->problems->str, ==, "2@2:7:invalid_utf8");
  g_assert_cmpuint (r->n_records, ==, 1);
}

static void
test_jsonl_huge_line (void)
{
  g_autoptr(GInputStream) stream = gen_stream_new ("{\"a\":1}\n{\"t\":\"", 'z',
                                                   100 * 1024 * 1024, "\"}\n{\"a\":3}\n");
  g_autoptr(Result) r = read_stream (stream, JSONL, NULL, 4 * 1024 * 1024, TRUE);

  g_assert_cmpstr (r->problems->str, ==, "2@2:0:record_too_large");
  g_assert_cmpstr (r->records->str, ==, "1@1:{\"a\":1} | 3@3:{\"a\":3}");
}

static void
test_jsonl_only_blank (void)
{
  g_autoptr(Result) r = read_text ("\n \n", JSONL);

  g_assert_cmpstr (r->problems->str, ==, "0@3:0:empty_file");
}

static void
test_jsonl_too_deep (void)
{
  g_autoptr(GString) text = g_string_new ("{\"ok\":1}\n{\"a\":");
  g_autoptr(Result) r = NULL;

  /* A million levels would overflow the parser's stack; it is reported where it gets too
   * deep, and reading goes on. */
  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (text, ']');
  g_string_append (text, "}\n{\"s\":\"[[[[[[\"}\n");
  r = read_len (text->str, text->len, JSONL, NULL);
  /* "{" is level 1, so the 512th "[" (column 5 + 512) is level 513. */
  g_assert_cmpstr (r->problems->str, ==, "2@2:517:too_deep");
  g_assert_cmpstr (r->records->str, ==, "1@1:{\"ok\":1} | 3@3:{\"s\":\"[[[[[[\"}");
}

/* JSON arrays */

static void
test_json_basic_nested (void)
{
  g_autoptr(Result) r = read_text ("[{\"a\":{\"b\":[1,{\"c\":null}]}}, {\"d\":true}]", JSON);

  g_assert_cmpstr (r->records->str, ==,
                   "1@1:{\"a\":{\"b\":[1,{\"c\":null}]}} | 2@1:{\"d\":true}");
  g_assert_cmpstr (r->problems->str, ==, "");
  g_assert_cmpstr (r->columns, ==, "a,d");
}

static void
test_json_tricky_strings (void)
{
  g_autoptr(Result) r =
    read_text ("[{\"s\":\"]}[{,\\\"\\\\\"},{\"t\":\"\\\"]\"}]", JSON);

  g_assert_cmpstr (r->records->str, ==,
                   "1@1:{\"s\":\"]}[{,\\\"\\\\\"} | 2@1:{\"t\":\"\\\"]\"}");
  g_assert_cmpstr (r->problems->str, ==, "");
}

static void
test_json_pretty_lines (void)
{
  g_autoptr(Result) r = read_text ("[\n  {\n    \"a\": 1\n  },\n  {\"a\": 2}\n]\n", JSON);

  g_assert_cmpstr (r->records->str, ==, "1@2:{\"a\":1} | 2@5:{\"a\":2}");
}

static void
test_json_non_objects (void)
{
  g_autoptr(Result) r = read_text ("[1, \"x\", [2], null, {\"ok\":1}, true]", JSON);

  g_assert_cmpstr (r->problems->str, ==,
                   "1@1:2:not_an_object | 2@1:5:not_an_object | 3@1:10:not_an_object | "
                   "4@1:15:not_an_object | 6@1:31:not_an_object");
  g_assert_cmpstr (r->records->str, ==, "5@1:{\"ok\":1}");
  g_assert_true (g_str_has_prefix (g_ptr_array_index (r->messages, 1),
                                   "line 1, column 5: the array element is a string"));
}

static void
test_json_truncated (void)
{
  g_autoptr(Result) r = read_text ("[{\"a\":1},\n{\"a\":2,\"b\":\"cut", JSON);

  g_assert_cmpstr (r->records->str, ==, "1@1:{\"a\":1}");
  g_assert_cmpstr (r->problems->str, ==, "2@2:1:truncated");
}

static void
test_json_not_closed (void)
{
  g_autoptr(Result) r = read_text ("[{\"a\":1},{\"a\":2}\n", JSON);

  g_assert_cmpuint (r->n_records, ==, 2);
  g_assert_cmpstr (r->problems->str, ==, "0@2:1:truncated");
}

static void
test_json_missing_comma (void)
{
  g_autoptr(Result) r = read_text ("[{\"a\":1} {\"a\":2}]", JSON);

  g_assert_cmpuint (r->n_records, ==, 2);
  g_assert_cmpstr (r->problems->str, ==, "0@1:10:missing_comma");
}

static void
test_json_empty_elements (void)
{
  g_autoptr(Result) r = read_text ("[{\"a\":1},,{\"a\":2},]", JSON);

  g_assert_cmpstr (r->records->str, ==, "1@1:{\"a\":1} | 2@1:{\"a\":2}");
  g_assert_cmpstr (r->problems->str, ==, "0@1:10:empty_element | 0@1:19:empty_element");
}

static void
test_json_invalid_element (void)
{
  g_autoptr(Result) r = read_text ("[\n{\"a\":1},\n{\"a\":tru},\n{\"a\":3}\n]", JSON);

  g_assert_cmpstr (r->records->str, ==, "1@2:{\"a\":1} | 3@4:{\"a\":3}");
  g_assert_true (g_str_has_prefix (r->problems->str, "2@3:"));
  g_assert_true (g_str_has_suffix (r->problems->str, ":invalid_json"));
}

static void
test_json_not_an_array (void)
{
  g_autoptr(Result) r = read_text ("  {\"a\":1}", JSON);

  g_assert_cmpuint (r->n_records, ==, 0);
  g_assert_cmpstr (r->problems->str, ==, "0@1:3:not_an_array");
  g_assert_nonnull (strstr (g_ptr_array_index (r->messages, 0), "JSONL"));
}

static void
test_json_trailing_data (void)
{
  g_autoptr(Result) r = read_text ("[{\"a\":1}]\n[{\"a\":2}]", JSON);

  g_assert_cmpuint (r->n_records, ==, 1);
  g_assert_cmpstr (r->problems->str, ==, "0@2:1:trailing_data");
}

static void
test_json_empty (void)
{
  g_autoptr(Result) empty_array = read_text (" [ ] \n", JSON);
  g_autoptr(Result) empty_file = read_text ("", JSON);
  g_autoptr(Result) blank_file = read_text ("\n  \n", JSON);

  g_assert_cmpuint (empty_array->n_records, ==, 0);
  g_assert_cmpstr (empty_array->problems->str, ==, "");
  g_assert_cmpstr (empty_file->problems->str, ==, "0@1:0:empty_file");
  g_assert_cmpstr (blank_file->problems->str, ==, "0@3:0:empty_file");
}

static void
test_json_huge_element (void)
{
  g_autoptr(GInputStream) stream = gen_stream_new ("[{\"a\":1},{\"t\":\"", 'w',
                                                   50 * 1024 * 1024, "\"},{\"a\":3}]");
  g_autoptr(Result) r = read_stream (stream, JSON, NULL, 1024 * 1024, TRUE);

  g_assert_cmpstr (r->problems->str, ==, "2@1:0:record_too_large");
  g_assert_cmpstr (r->records->str, ==, "1@1:{\"a\":1} | 3@1:{\"a\":3}");
}

/* Every chunk size gives the same records and problems as one chunk does. */

static char *
dump_with_chunks (const char      *text,
                  VsDatasetFormat  format,
                  gsize            chunk_size)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (text, -1, NULL);
  g_autoptr(VsDatasetReader) reader = vs_dataset_reader_new (stream, format, NULL);
  GString *out = g_string_new (NULL);

  if (chunk_size)
    vs_dataset_reader_set_chunk_size (reader, chunk_size);
  for (;;)
    {
      g_autoptr(JsonObject) object = vs_dataset_reader_next (reader, NULL, NULL, NULL);
      g_autoptr(GPtrArray) problems = vs_dataset_reader_take_problems (reader);

      for (guint i = 0; i < problems->len; i++)
        {
          VsDatasetProblem *p = g_ptr_array_index (problems, i);

          g_string_append_printf (out, "%" G_GINT64_FORMAT " %s\n", p->ordinal, p->message);
        }
      if (object == NULL)
        break;
      {
        g_autofree char *json = vs_json_object_to_string (object, FALSE);

        g_string_append_printf (out, "%s\n", json);
      }
    }
  return g_string_free (out, FALSE);
}

static void
test_chunk_boundaries (void)
{
  static const struct
  {
    VsDatasetFormat format;
    const char     *text;
  } inputs[] = {
    { CSV, "\xEF\xBB\xBF" "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"multi\r\nline\",2\r\n3,4,5\r\n6\r\n" },
    { CSV, "a,a,,b\n1,\"unclosed\n2,3,4,5\n\"x\"y,1,2,3\n\r\n\r\rp,q,r,s" },
    { TSV, "q\ta\n\"x\ty\"\t\"z\"\n1\t2\r3\t4\r" },
    { CSV, "a,b\nok,d\xE9j\xE0\n\"\"\"\",\"\"\n" },
    { JSONL, "{\"a\":1}\n\n{\"a\":\n[1]\n\"s\"\r\n{\"b\":{\"c\":[1,2]}}\n{\"a\":\"\xC3\x28\"}" },
    { JSON, "[\n {\"a\":{\"b\":[1,{\"c\":null}]}},\n {\"s\":\"]}[{,\\\"\\\\\"}, 1, \"x\", null,, "
            "{\"a\":2} {\"a\":3},\n {\"t\":\"cut" },
    { JSON, "  [ {\"a\" : \"\\u00e9\\\\\" } , true ,{}] x" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *whole = dump_with_chunks (inputs[i].text, inputs[i].format, 0);

      for (gsize chunk = 4; chunk <= 12; chunk++)
        {
          g_autofree char *small = dump_with_chunks (inputs[i].text, inputs[i].format, chunk);

          g_assert_cmpstr (small, ==, whole);
        }
    }
}

/* Detection and the rest of the reader API */

static void
test_detect (void)
{
  VsDatasetFormat format = AUTO;
  g_autoptr(Result) jsonl_named_json = read_len ("{\"a\":1}\n{\"a\":2}\n", -1, AUTO, "x.json");
  g_autoptr(Result) json_no_name = read_len ("\n [{\"a\":1}]", -1, AUTO, NULL);
  g_autoptr(Result) csv_named = read_len ("a\tb,c\n1\t2,3\n", -1, AUTO, "x.CSV");

  g_assert_cmpint (jsonl_named_json->format, ==, JSONL);
  g_assert_cmpuint (jsonl_named_json->n_records, ==, 2);
  g_assert_cmpint (json_no_name->format, ==, JSON);
  g_assert_cmpint (csv_named->format, ==, CSV);
  g_assert_cmpstr (csv_named->columns, ==, "a\tb,c");

  g_assert_cmpint (vs_dataset_format_for_path ("a/b.ndjson"), ==, JSONL);
  g_assert_cmpint (vs_dataset_format_for_path ("b.tsv"), ==, TSV);
  g_assert_cmpint (vs_dataset_format_for_path ("b.txt"), ==, AUTO);
  g_assert_true (vs_dataset_format_from_string ("TSV", &format));
  g_assert_cmpint (format, ==, TSV);
  g_assert_false (vs_dataset_format_from_string ("xlsx", &format));
  g_assert_cmpstr (vs_dataset_format_to_string (JSON), ==, "json");
}

static void
test_reader_cancel_and_progress (void)
{
  g_autoptr(GInputStream) stream = gen_stream_new ("a\n", 'x', 10, "\n");
  g_autoptr(VsDatasetReader) reader = vs_dataset_reader_new (stream, CSV, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;

  vs_dataset_reader_set_total_bytes (reader, 13);
  g_assert_cmpint (vs_dataset_reader_get_total_bytes (reader), ==, 13);
  g_cancellable_cancel (cancellable);
  g_assert_null (vs_dataset_reader_next (reader, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  object = vs_dataset_reader_next (reader, NULL, NULL, NULL);
  g_assert_nonnull (object);
  g_assert_cmpint (vs_dataset_reader_get_bytes_read (reader), ==, 13);
}

static void
test_reader_read_error_sticks (void)
{
  /* The read fails after 100 bytes, in the middle of the third row (8-byte chunks). */
  g_autoptr(GInputStream) stream = gen_stream_new ("a,b\n1,2\n", 'x', 4096, "");
  g_autoptr(VsDatasetReader) reader = vs_dataset_reader_new (stream, CSV, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) again = NULL;
  g_autoptr(JsonObject) object = NULL;

  TEST_GEN_STREAM (stream)->fail_after = 100;
  vs_dataset_reader_set_chunk_size (reader, 8);
  object = vs_dataset_reader_next (reader, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);
  g_assert_null (vs_dataset_reader_next (reader, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  /* The half-read row is not guessed at: the reader stays failed. */
  TEST_GEN_STREAM (stream)->fail_after = 0;
  g_assert_null (vs_dataset_reader_next (reader, NULL, NULL, &again));
  g_assert_error (again, G_IO_ERROR, G_IO_ERROR_FAILED);
}

static void
test_reader_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsDatasetReader) reader =
    vs_dataset_reader_new_for_path ("/nonexistent/data.csv", AUTO, &error);

  g_assert_null (reader);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* Import into a project */

static gint64
query_int (VsProject  *project,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (vs_project_get_db (project), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static char *
query_text (VsProject  *project,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (vs_project_get_db (project), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static char *
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
test_import_basic (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("p.versus", &dir, NULL);
  g_autofree char *path = write_file (dir, "tickets.csv",
                                      "q,a\nhi,hello\n\"x\nbye\",1,2\nok,fine\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(VsDatasetImportSummary) summary = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *ordinals = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *state = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *json_text = NULL;

  summary = vs_dataset_import_sync (project, path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  g_assert_cmpstr (summary->name, ==, "tickets");
  g_assert_cmpstr (summary->format, ==, "csv");
  g_assert_cmpint (summary->n_records, ==, 2);
  g_assert_cmpint (summary->n_problems, ==, 1);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (summary->problems_by_key,
                                                         "ragged_row")), ==, 1);
  g_assert_cmpint (summary->bytes, ==, 33);

  g_assert_cmpint (query_int (project, "SELECT count(*) FROM datasets"), ==, 1);
  columns = query_text (project, "SELECT columns || source_format || name FROM datasets");
  g_assert_cmpstr (columns, ==, "[\"q\",\"a\"]csvtickets");
  /* The skipped record keeps its number. */
  ordinals = query_text (project, "SELECT group_concat(ordinal || ':' || split || ':' || data,"
                                  " ' ') FROM (SELECT * FROM records ORDER BY ordinal)");
  g_assert_cmpstr (ordinals, ==,
                   "1:unassigned:{\"q\":\"hi\",\"a\":\"hello\"} 3:unassigned:{\"q\":\"ok\","
                   "\"a\":\"fine\"}");
  problem = query_text (project, "SELECT ordinal || '@' || line || ':' || col || ':' || key"
                                 " FROM import_problems");
  g_assert_cmpstr (problem, ==, "2@4:8:ragged_row");
  state = query_text (project, "SELECT settings ->> '$.import.state' FROM datasets");
  g_assert_cmpstr (state, ==, "done");

  json = vs_dataset_import_summary_to_json (summary);
  json_text = vs_json_to_string (json, FALSE);
  g_assert_nonnull (strstr (json_text, "\"records\":2,\"problems\":1,"
                                       "\"problems_by_key\":{\"ragged_row\":1},"
                                       "\"columns\":[\"q\",\"a\"]"));
}

static void
test_import_list (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("p.versus", &dir, NULL);
  g_autofree char *a = write_file (dir, "a.jsonl", "{\"x\":1}\nnope\n{\"y\":2}\n");
  g_autofree char *b = write_file (dir, "b.tsv", "k\tv\n1\t2\n");
  g_autoptr(VsDatasetImportSummary) first = NULL;
  g_autoptr(VsDatasetImportSummary) second = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  VsDatasetInfo *info;
  VsDatasetProblem *problem;

  first = vs_dataset_import_sync (project, a, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  second = vs_dataset_import_sync (project, b, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  list = vs_dataset_list (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  info = g_ptr_array_index (list, 0);
  g_assert_cmpint (info->id, ==, first->dataset_id);
  g_assert_cmpstr (info->name, ==, "a");
  g_assert_cmpstr (info->format, ==, "jsonl");
  g_assert_cmpstr (info->source_path, ==, a);
  g_assert_cmpint (info->n_records, ==, 2);
  g_assert_cmpint (info->n_problems, ==, 1);
  g_assert_cmpstr (info->import_state, ==, "done");
  g_assert_cmpuint (g_strv_length (info->columns), ==, 2);
  info = g_ptr_array_index (list, 1);
  g_assert_cmpstr (info->format, ==, "tsv");
  g_assert_cmpstr (info->columns[1], ==, "v");

  problems = vs_dataset_get_import_problems (project, first->dataset_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpint (problem->ordinal, ==, 2);
  g_assert_cmpint (problem->line, ==, 2);
  g_assert_cmpstr (problem->key, ==, "invalid_json");
  g_assert_true (g_str_has_prefix (problem->message, "line 2, column "));
  g_assert_nonnull (strstr (problem->message, "the line is not valid JSON"));
}

static void
test_import_escaping (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("p.versus", &dir, NULL);
  const char *value = "q\"uo\\te\ttab\x01\x1f caf\xC3\xA9 \xF0\x9F\x98\x80 /\r\nend";
  g_autofree char *csv = g_strdup_printf ("\"k\"\"ey\",plain\n\"q\"\"uo\\te\ttab\x01\x1f caf\xC3\xA9 "
                                          "\xF0\x9F\x98\x80 /\r\nend\",x\n");
  g_autofree char *path = write_file (dir, "esc.csv", csv);
  g_autoptr(VsDatasetImportSummary) summary = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;

  summary = vs_dataset_import_sync (project, path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->n_records, ==, 1);
  data = query_text (project, "SELECT data FROM records");
  row = vs_json_parse_object (data, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (row, "k\"ey"), ==, value);
  g_assert_cmpstr (json_object_get_string_member (row, "plain"), ==, "x");
}

static void
test_import_options_and_formats (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("p.versus", &dir, NULL);
  g_autofree char *path = write_file (dir, "chat.txt",
                                      "[{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]},"
                                      " 7]");
  VsDatasetImportOptions options = { .name = "Chats", .format = JSON };
  g_autoptr(GError) error = NULL;
  g_autoptr(VsDatasetImportSummary) summary = NULL;

  summary = vs_dataset_import_sync (project, path, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (summary->name, ==, "Chats");
  g_assert_cmpstr (summary->format, ==, "json");
  g_assert_cmpint (summary->n_records, ==, 1);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (summary->problems_by_key,
                                                         "not_an_object")), ==, 1);
  g_assert_cmpstr (summary->columns[0], ==, "messages");
  g_assert_null (summary->columns[1]);
}

static void
test_import_missing_file (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("p.versus", &dir, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VsDatasetImportSummary) summary = NULL;

  summary = vs_dataset_import_sync (project, "/nonexistent/x.csv", NULL, NULL, NULL, NULL,
                                    &error);
  g_assert_null (summary);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpint (vs_project_count (project, "datasets"), ==, 0);
}

typedef struct
{
  GCancellable *cancellable;
  guint         n_calls;
  gint64        last_records;
  goffset       last_bytes;
  goffset       total;
  GMainLoop    *loop;
  VsDatasetImportSummary *summary;
  GError       *error;
  gboolean      notified;
} ImportState;

static void
cancel_after_first_batch (goffset  bytes_read,
                          goffset  total_bytes,
                          gint64   n_records,
                          gpointer user_data)
{
  ImportState *state = user_data;

  state->n_calls++;
  state->last_records = n_records;
  g_cancellable_cancel (state->cancellable);
}

static char *
write_rows (const char *dir,
            guint       n)
{
  g_autoptr(GString) text = g_string_new ("id,text\n");
  char *path = g_build_filename (dir, "rows.csv", NULL);

  for (guint i = 1; i <= n; i++)
    g_string_append_printf (text, "%u,row number %u\n", i, i);
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  return path;
}

static void
test_import_cancel_keeps_batches (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("p.versus", &dir, NULL);
  g_autofree char *path = write_rows (dir, 1000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  VsDatasetImportOptions options = { .batch_records = 100, .batch_msec = 60000 };
  ImportState state = { .cancellable = cancellable };
  g_autoptr(GError) error = NULL;
  g_autoptr(VsDatasetImportSummary) summary = NULL;
  g_autofree char *import_state = NULL;

  summary = vs_dataset_import_sync (project, path, &options, cancellable,
                                    cancel_after_first_batch, &state, &error);
  g_assert_null (summary);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The batch committed before the cancel is there, in order, and marked as cancelled. */
  g_assert_cmpint (state.last_records, ==, 100);
  g_assert_cmpint (vs_project_count (project, "records"), ==, 100);
  g_assert_cmpint (query_int (project, "SELECT max(ordinal) FROM records"), ==, 100);
  import_state = query_text (project, "SELECT settings ->> '$.import.state' FROM datasets");
  g_assert_cmpstr (import_state, ==, "cancelled");
}

static void
on_async_progress (goffset  bytes_read,
                   goffset  total_bytes,
                   gint64   n_records,
                   gpointer user_data)
{
  ImportState *state = user_data;

  g_assert_cmpint (bytes_read, >=, state->last_bytes);
  state->n_calls++;
  state->last_bytes = bytes_read;
  state->total = total_bytes;
  state->last_records = n_records;
}

static void
on_progress_notify (gpointer user_data)
{
  ImportState *state = user_data;

  state->notified = TRUE;
}

static void
on_import_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ImportState *state = user_data;

  state->summary = vs_dataset_import_finish (VS_PROJECT (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

static gboolean
import_notified (gpointer data)
{
  return ((ImportState *) data)->notified;
}

static void
test_import_async (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("p.versus", &dir, NULL);
  g_autofree char *path = write_rows (dir, 5000);
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  VsDatasetImportOptions options = { .batch_records = 500 };
  ImportState state = { .loop = loop };

  g_signal_connect (project, "changed", G_CALLBACK (vs_test_append_change), changes);
  vs_dataset_import_async (project, path, &options, NULL, on_async_progress, &state,
                           on_progress_notify, on_import_done, &state);
  g_main_loop_run (loop);

  g_assert_no_error (state.error);
  g_assert_nonnull (state.summary);
  g_assert_cmpint (state.summary->n_records, ==, 5000);
  g_assert_cmpint (vs_project_count (project, "records"), ==, 5000);
  /* Each commit's changes came before the callback, on this thread: the new dataset first,
   * then its records and state as they were written. */
  g_assert_cmpuint (changes->len, >=, 2);
  g_assert_cmpstr (g_ptr_array_index (changes, 0), ==, "datasets");
  g_assert_true (g_ptr_array_find_with_equal_func (changes, "records", g_str_equal, NULL));
  for (guint i = 0; i < changes->len; i++)
    g_assert_true (g_str_equal (g_ptr_array_index (changes, i), "datasets") ||
                   g_str_equal (g_ptr_array_index (changes, i), "records"));
  /* Progress reached the end. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (state.n_calls, >=, 1);
  g_assert_cmpint (state.last_bytes, ==, state.summary->bytes);
  g_assert_cmpint (state.total, ==, state.summary->bytes);
  g_assert_cmpint (state.last_records, ==, 5000);
  vs_dataset_import_summary_free (state.summary);
  g_clear_object (&project);
  /* progress_notify runs on this context once the task is gone. */
  g_assert_true (vs_test_poll (import_notified, &state, 5000));
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
cancel_on_progress (goffset  bytes_read,
                    goffset  total_bytes,
                    gint64   n_records,
                    gpointer user_data)
{
  ImportState *state = user_data;

  state->n_calls++;
  g_cancellable_cancel (state->cancellable);
}

static void
test_import_async_cancel_midway (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("p.versus", &dir, NULL);
  g_autofree char *path = write_rows (dir, 100000);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  VsDatasetImportOptions options = { .batch_records = 100 };
  ImportState state = { .loop = loop, .cancellable = cancellable };
  g_autofree char *import_state = NULL;
  gint64 n;

  /* The first progress report (after the first committed batch) cancels, from this thread,
   * while the worker is still reading. */
  g_signal_connect (project, "changed", G_CALLBACK (vs_test_append_change), changes);
  vs_dataset_import_async (project, path, &options, cancellable, cancel_on_progress, &state,
                           NULL, on_import_done, &state);
  g_main_loop_run (loop);
  g_assert_null (state.summary);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&state.error);

  /* What was read before the cancel is there, without gaps; the rest is not. */
  n = vs_project_count (project, "records");
  g_assert_cmpint (n, >=, 100);
  g_assert_cmpint (n, <, 100000);
  g_assert_cmpint (query_int (project, "SELECT max(ordinal) FROM records"), ==, n);
  import_state = query_text (project, "SELECT settings ->> '$.import.state' FROM datasets");
  g_assert_cmpstr (import_state, ==, "cancelled");
  g_assert_cmpuint (changes->len, >=, 1);
  g_assert_cmpstr (g_ptr_array_index (changes, 0), ==, "datasets");
  g_clear_object (&project);
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_import_async_cancel (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VsProject) project = vs_test_project_new ("p.versus", &dir, NULL);
  g_autofree char *path = write_rows (dir, 3000);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  VsDatasetImportOptions options = { .batch_records = 100 };
  ImportState state = { .loop = loop };
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  gint64 n;

  g_signal_connect (project, "changed", G_CALLBACK (vs_test_append_change), changes);
  g_cancellable_cancel (cancellable);
  vs_dataset_import_async (project, path, &options, cancellable, NULL, NULL, NULL,
                           on_import_done, &state);
  g_main_loop_run (loop);
  g_assert_null (state.summary);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&state.error);
  /* Cancelled before it began: nothing written, nothing announced. */
  n = vs_project_count (project, "records");
  g_assert_cmpint (n, ==, 0);
  g_assert_cmpint (vs_project_count (project, "datasets"), ==, 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (changes->len, ==, 0);
  vs_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Every problem and record as one text: "ordinal@line:column:key message" and each record's
 * compact JSON, in order. */
static void
append_problems (GString   *out,
                 GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      VsDatasetProblem *p = g_ptr_array_index (problems, i);

      g_string_append_printf (out, "%" G_GINT64_FORMAT "@%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT
                              ":%s %s\n", p->ordinal, p->line, p->column, p->key, p->message);
    }
}

static char *
read_jsonl (const char *text,
            gboolean    by_line)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (text, -1, NULL);
  g_autoptr(VsDatasetReader) reader = vs_dataset_reader_new (stream, VS_DATASET_FORMAT_AUTO,
                                                            "data.jsonl");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);

  vs_dataset_reader_set_max_record_size (reader, 64);
  vs_dataset_reader_set_chunk_size (reader, 7);
  if (by_line)
    g_assert_cmpint (vs_dataset_reader_detect_format (reader, NULL, &error), ==,
                     VS_DATASET_FORMAT_JSONL);
  for (;;)
    {
      VsDatasetPosition position = { 0 };
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GPtrArray) found =
        g_ptr_array_new_with_free_func ((GDestroyNotify) vs_dataset_problem_free);
      gboolean more;

      if (by_line)
        {
          gsize len = 0;
          const char *line = vs_dataset_reader_next_line (reader, &position, &len, NULL,
                                                          &error);

          more = line != NULL;
          if (line != NULL)
            object = vs_dataset_reader_parse_line (parser, line, len, &position, found);
        }
      else
        more = (object = vs_dataset_reader_next (reader, &position, NULL, &error)) != NULL;
      g_assert_no_error (error);
      problems = vs_dataset_reader_take_problems (reader);
      append_problems (out, problems);
      append_problems (out, found);
      if (object != NULL)
        {
          g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
          g_autofree char *json = json_to_string (node, FALSE);

          g_string_append_printf (out, "%" G_GINT64_FORMAT "@%" G_GINT64_FORMAT ":%"
                                  G_GINT64_FORMAT " %s\n", position.ordinal, position.line,
                                  position.column, json);
        }
      if (!more)
        break;
    }
  return g_string_free (out, FALSE);
}

/* vs_dataset_reader_next_line() + vs_dataset_reader_parse_line() report what
 * vs_dataset_reader_next() reports, with the same places (the records that fail come before
 * the next good one there, each on its own here: the same order). */
static void
test_jsonl_by_line (void)
{
  const char *text =
    "{\"a\": 1}\n"
    "\n"
    "[1, 2]\n"
    "{\"b\": \xff\"x\"}\r\n"
    "{\"c\": 99999999999999999999}\n"
    "   \t\n"
    "{\"d\": \"\\q\"}\n"
    "{broken\n"
    "{\"e\": \"a line longer than the limit of sixty-four bytes set for this test\"}\n"
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n"
    "\"text\"\n"
    "{\"f\": [true, null]}\r\n"
    "{\"g\": 2}";
  g_autofree char *by_record = read_jsonl (text, FALSE);
  g_autofree char *by_line = read_jsonl (text, TRUE);

  g_assert_nonnull (strstr (by_record, "invalid_utf8"));
  g_assert_nonnull (strstr (by_record, "record_too_large"));
  g_assert_nonnull (strstr (by_record, "not_an_object"));
  g_assert_nonnull (strstr (by_record, "big_integer"));
  g_assert_cmpstr (by_line, ==, by_record);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/versus/dataset-reader/csv/basic", test_csv_basic);
  g_test_add_func ("/versus/dataset-reader/jsonl/by-line", test_jsonl_by_line);
  g_test_add_func ("/versus/dataset-reader/csv/quoted-delimiter", test_csv_quoted_delimiter);
  g_test_add_func ("/versus/dataset-reader/csv/doubled-quotes", test_csv_doubled_quotes);
  g_test_add_func ("/versus/dataset-reader/csv/embedded-newline", test_csv_embedded_newline);
  g_test_add_func ("/versus/dataset-reader/csv/crlf", test_csv_crlf);
  g_test_add_func ("/versus/dataset-reader/csv/cr-only", test_csv_cr_only);
  g_test_add_func ("/versus/dataset-reader/csv/bom", test_csv_bom);
  g_test_add_func ("/versus/dataset-reader/csv/ragged-more", test_csv_ragged_more);
  g_test_add_func ("/versus/dataset-reader/csv/ragged-fewer", test_csv_ragged_fewer);
  g_test_add_func ("/versus/dataset-reader/csv/unclosed-quote", test_csv_unclosed_quote);
  g_test_add_func ("/versus/dataset-reader/csv/text-after-quote", test_csv_text_after_quote);
  g_test_add_func ("/versus/dataset-reader/csv/stray-quote", test_csv_stray_quote_literal);
  g_test_add_func ("/versus/dataset-reader/csv/duplicate-header", test_csv_duplicate_header);
  g_test_add_func ("/versus/dataset-reader/csv/empty-header", test_csv_empty_header);
  g_test_add_func ("/versus/dataset-reader/csv/blank-lines", test_csv_blank_lines);
  g_test_add_func ("/versus/dataset-reader/csv/empty-fields", test_csv_empty_fields);
  g_test_add_func ("/versus/dataset-reader/csv/empty-file", test_csv_empty_file);
  g_test_add_func ("/versus/dataset-reader/csv/header-only", test_csv_header_only);
  g_test_add_func ("/versus/dataset-reader/csv/invalid-utf8", test_csv_invalid_utf8);
  g_test_add_func ("/versus/dataset-reader/csv/invalid-utf8-multiline",
                   test_csv_invalid_utf8_multiline);
  g_test_add_func ("/versus/dataset-reader/csv/nul-byte", test_csv_nul_byte);
  g_test_add_func ("/versus/dataset-reader/csv/large-chunks", test_csv_large_chunks);
  g_test_add_func ("/versus/dataset-reader/csv/huge-line", test_csv_huge_line);
  g_test_add_func ("/versus/dataset-reader/csv/huge-line-within-limit",
                   test_csv_huge_line_within_limit);
  g_test_add_func ("/versus/dataset-reader/csv/utf16", test_utf16);
  g_test_add_func ("/versus/dataset-reader/tsv/basic", test_tsv_basic);
  g_test_add_func ("/versus/dataset-reader/tsv/sniffed", test_tsv_sniffed);
  g_test_add_func ("/versus/dataset-reader/jsonl/basic", test_jsonl_basic);
  g_test_add_func ("/versus/dataset-reader/jsonl/column-order", test_jsonl_column_order);
  g_test_add_func ("/versus/dataset-reader/jsonl/bad-lines", test_jsonl_bad_lines);
  g_test_add_func ("/versus/dataset-reader/jsonl/crlf", test_jsonl_crlf_no_final_newline);
  g_test_add_func ("/versus/dataset-reader/jsonl/big-integers", test_jsonl_big_integers);
  g_test_add_func ("/versus/dataset-reader/jsonl/invalid-utf8", test_jsonl_invalid_utf8);
  g_test_add_func ("/versus/dataset-reader/jsonl/huge-line", test_jsonl_huge_line);
  g_test_add_func ("/versus/dataset-reader/jsonl/only-blank", test_jsonl_only_blank);
  g_test_add_func ("/versus/dataset-reader/jsonl/too-deep", test_jsonl_too_deep);
  g_test_add_func ("/versus/dataset-reader/jsonl/invalid-escapes", test_jsonl_invalid_escapes);
  g_test_add_func ("/versus/dataset-reader/json/nested", test_json_basic_nested);
  g_test_add_func ("/versus/dataset-reader/json/tricky-strings", test_json_tricky_strings);
  g_test_add_func ("/versus/dataset-reader/json/pretty-lines", test_json_pretty_lines);
  g_test_add_func ("/versus/dataset-reader/json/non-objects", test_json_non_objects);
  g_test_add_func ("/versus/dataset-reader/json/truncated", test_json_truncated);
  g_test_add_func ("/versus/dataset-reader/json/not-closed", test_json_not_closed);
  g_test_add_func ("/versus/dataset-reader/json/missing-comma", test_json_missing_comma);
  g_test_add_func ("/versus/dataset-reader/json/empty-elements", test_json_empty_elements);
  g_test_add_func ("/versus/dataset-reader/json/invalid-element", test_json_invalid_element);
  g_test_add_func ("/versus/dataset-reader/json/not-an-array", test_json_not_an_array);
  g_test_add_func ("/versus/dataset-reader/json/trailing-data", test_json_trailing_data);
  g_test_add_func ("/versus/dataset-reader/json/empty", test_json_empty);
  g_test_add_func ("/versus/dataset-reader/json/huge-element", test_json_huge_element);
  g_test_add_func ("/versus/dataset-reader/chunk-boundaries", test_chunk_boundaries);
  g_test_add_func ("/versus/dataset-reader/detect", test_detect);
  g_test_add_func ("/versus/dataset-reader/cancel-and-progress", test_reader_cancel_and_progress);
  g_test_add_func ("/versus/dataset-reader/read-error-sticks", test_reader_read_error_sticks);
  g_test_add_func ("/versus/dataset-reader/missing-file", test_reader_missing_file);
  g_test_add_func ("/versus/dataset-reader/import/basic", test_import_basic);
  g_test_add_func ("/versus/dataset-reader/import/escaping", test_import_escaping);
  g_test_add_func ("/versus/dataset-reader/import/list", test_import_list);
  g_test_add_func ("/versus/dataset-reader/import/options", test_import_options_and_formats);
  g_test_add_func ("/versus/dataset-reader/import/missing-file", test_import_missing_file);
  g_test_add_func ("/versus/dataset-reader/import/cancel-keeps-batches",
                   test_import_cancel_keeps_batches);
  g_test_add_func ("/versus/dataset-reader/import/async", test_import_async);
  g_test_add_func ("/versus/dataset-reader/import/async-cancel", test_import_async_cancel);
  g_test_add_func ("/versus/dataset-reader/import/async-cancel-midway",
                   test_import_async_cancel_midway);

  return g_test_run ();
}
