/* bench-tokenizer.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tokenizer throughput against its anchors, npm tiktoken@1.0.22 (WASM) and js-tiktoken, on
 * the 50 MB mixed corpus that bench-tokenizer-anchor.mjs writes (run through
 * bench-tokenizer.sh). Throughput is CPU time, best of three passes on each side (js-tiktoken:
 * one pass). Fails if the anchor did not run or on the first id that differs from tiktoken's;
 * also checks that a 1 MB single word and 1 MB of spaces scale linearly.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vs-tokenizer.h"

/* CPU time of this thread: the machine is shared, and wall-clock time would count other
 * processes' turns on the core (the anchors measure process CPU time likewise). */
static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static GBytes *
read_file (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      fprintf (stderr, "bench-tokenizer: %s (did the anchor run?)\n", error->message);
      return NULL;
    }
  return g_bytes_new_take (contents, len);
}

static guint32
u32_at (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, 4);
  return GUINT32_FROM_LE (v);
}

/* Encodes every document (timed), then compares with tiktoken's ids. */
static gboolean
run_encoding (VsEncoding    encoding,
              const char   *dir,
              GBytes       *corpus,
              GBytes       *index,
              JsonObject   *anchors,
              double       *out_mb_s)
{
  const char *name = vs_encoding_to_string (encoding);
  VsTokenizer *tok = vs_tokenizer_get_for_encoding (encoding);
  g_autofree char *ids_name = g_strdup_printf ("%s.tiktoken.ids", name);
  g_autoptr(GBytes) expected = read_file (dir, ids_name);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  JsonObject *anchor;
  gsize corpus_len, index_len, exp_len, n_docs, off = 0, eoff = 0, n_tokens = 0;
  const guint8 *text = g_bytes_get_data (corpus, &corpus_len);
  const guint8 *idx = g_bytes_get_data (index, &index_len);
  const guint8 *exp;
  double t0, seconds, mb = corpus_len / 1e6;

  if (expected == NULL || anchors == NULL || !json_object_has_member (anchors, name))
    {
      fprintf (stderr, "bench-tokenizer: no tiktoken result for %s: the anchor did not run\n",
               name);
      return FALSE;
    }
  anchor = json_object_get_object_member (anchors, name);
  exp = g_bytes_get_data (expected, &exp_len);
  n_docs = index_len / 4;

  /* best of three passes, as for tiktoken; the ids of the first are compared */
  seconds = G_MAXDOUBLE;
  for (int pass = 0; pass < 3; pass++)
    {
      off = 0;
      t0 = now ();
      for (gsize d = 0; d < n_docs; d++)
        {
          guint32 len = u32_at (idx + 4 * d);
          GArray *ids = vs_tokenizer_encode (tok, (const char *) text + off, len, 0, NULL);

          if (ids == NULL)
            {
              fprintf (stderr, "bench-tokenizer: document %" G_GSIZE_FORMAT " is not UTF-8\n",
                       d);
              return FALSE;
            }
          if (pass == 0)
            g_ptr_array_add (results, ids);
          else
            g_array_unref (ids);
          off += len;
        }
      seconds = MIN (seconds, now () - t0);
    }

  for (gsize d = 0; d < n_docs; d++)
    {
      GArray *ids = g_ptr_array_index (results, d);
      guint32 n;

      if (eoff + 4 > exp_len)
        {
          fprintf (stderr, "bench-tokenizer: %s: tiktoken's ids end early\n", name);
          return FALSE;
        }
      n = u32_at (exp + eoff);
      eoff += 4;
      for (guint k = 0; k < MAX (n, ids->len); k++)
        {
          guint32 want = k < n ? u32_at (exp + eoff + 4 * k) : G_MAXUINT32;
          guint32 got = k < ids->len ? g_array_index (ids, guint32, k) : G_MAXUINT32;

          if (want != got)
            {
              fprintf (stderr,
                       "bench-tokenizer: MISMATCH (%s) in document %" G_GSIZE_FORMAT
                       ", token %u: tiktoken %u, Versus %u\n", name, d, k, want, got);
              return FALSE;
            }
        }
      eoff += 4 * (gsize) n;
      n_tokens += n;
    }

  *out_mb_s = mb / seconds;
  {
    double wasm = json_object_get_double_member (anchor, "tiktoken_mb_s");
    double js = json_object_get_double_member (anchor, "js_tiktoken_mb_s");

    printf ("%-12s  Versus %7.2f MB/s   tiktoken (WASM) %6.2f MB/s   js-tiktoken %6.2f MB/s   "
            "ratio %5.1fx / %5.1fx   %" G_GSIZE_FORMAT " tokens, ids identical\n",
            name, mb / seconds, wasm, js, (mb / seconds) / wasm, (mb / seconds) / js, n_tokens);
    if (json_object_get_int_member (anchor, "js_tiktoken_first_mismatch_document") >= 0)
      printf ("%-12s  note: js-tiktoken differs from tiktoken from document %" G_GINT64_FORMAT
              "\n", name,
              json_object_get_int_member (anchor, "js_tiktoken_first_mismatch_document"));
  }
  return TRUE;
}

static double
time_encode (VsTokenizer *tok,
             const char  *fill,
             gsize        size)
{
  gsize unit = strlen (fill), n = size - size % unit;
  g_autofree char *text = g_malloc (n + 1);
  g_autoptr(GArray) ids = NULL;
  double t0, best = G_MAXDOUBLE;

  for (gsize i = 0; i < n; i += unit)
    memcpy (text + i, fill, unit);
  for (int round = 0; round < 3; round++)
    {
      g_clear_pointer (&ids, g_array_unref);
      t0 = now ();
      ids = vs_tokenizer_encode (tok, text, (gssize) n, 0, NULL);
      best = MIN (best, now () - t0);
    }
  return best;
}

static gboolean
check_scaling (void)
{
  static const char *const fills[] = { "a", " ", "\xe4\xb8\xad", "Supercalifragilistic" };
  static const char *const labels[] = { "single word 'aaaa…'", "spaces", "CJK word 中中中…",
                                        "repeated word" };
  gboolean ok = TRUE;

  for (int e = 0; e < 2; e++)
    {
      VsTokenizer *tok = vs_tokenizer_get_for_encoding ((VsEncoding) e);

      for (guint f = 0; f < G_N_ELEMENTS (fills); f++)
        {
          double small = time_encode (tok, fills[f], 256 * 1024);
          double big = time_encode (tok, fills[f], 1024 * 1024);
          double ratio = big / MAX (small, 1e-6);

          /* linear is 4× (plus cache effects: 1 MB of work arrays do not fit in cache);
           * quadratic would be 16×. */
          printf ("%-12s  scaling, %-22s 256 KB %7.1f ms, 1 MB %7.1f ms: %4.1fx for 4x input%s\n",
                  vs_encoding_to_string ((VsEncoding) e), labels[f], small * 1e3, big * 1e3, ratio,
                  ratio > 10.0 ? "  NOT LINEAR" : "");
          if (ratio > 10.0)
            ok = FALSE;
        }
    }
  return ok;
}

/* bench-tokenizer --file FILE: best of three encodes of one file, for profiling. */
static int
time_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize len;

  if (!g_file_get_contents (path, &text, &len, &error))
    {
      fprintf (stderr, "bench-tokenizer: %s\n", error->message);
      return 2;
    }
  for (int e = 0; e < 2; e++)
    {
      VsTokenizer *tok = vs_tokenizer_get_for_encoding ((VsEncoding) e);
      double best = G_MAXDOUBLE;
      gssize count = 0;

      for (int round = 0; round < 3; round++)
        {
          double t0 = now ();

          count = vs_tokenizer_count (tok, text, (gssize) len, 0, NULL);
          best = MIN (best, now () - t0);
        }
      printf ("%-12s %8.2f MB/s  %" G_GSSIZE_FORMAT " tokens\n",
              vs_encoding_to_string ((VsEncoding) e), len / 1e6 / best, count);
    }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GBytes) corpus = NULL;
  g_autoptr(GBytes) index = NULL;
  g_autoptr(GBytes) anchors_bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *anchors = NULL;
  double t0, load_o200k, load_cl100k, mb_s[2] = { 0, 0 };
  gboolean ok = TRUE;

  if (argc == 3 && g_str_equal (argv[1], "--file"))
    return time_file (argv[2]);
  if (argc != 2)
    {
      fprintf (stderr, "Usage: bench-tokenizer DIR  (run bench/bench-tokenizer.sh)\n"
                       "       bench-tokenizer --file FILE  (time one file, both encodings)\n");
      return 2;
    }

  t0 = now ();
  vs_tokenizer_get_for_encoding (VS_ENCODING_O200K_BASE);
  load_o200k = now () - t0;
  t0 = now ();
  vs_tokenizer_get_for_encoding (VS_ENCODING_CL100K_BASE);
  load_cl100k = now () - t0;
  printf ("load          o200k_base %.1f ms, cl100k_base %.1f ms (lazy, first use)\n",
          load_o200k * 1e3, load_cl100k * 1e3);

  corpus = read_file (argv[1], "corpus.bin");
  index = read_file (argv[1], "corpus.idx");
  anchors_bytes = read_file (argv[1], "anchors.json");
  if (corpus == NULL || index == NULL || anchors_bytes == NULL)
    return 1;
  if (!json_parser_load_from_data (parser, g_bytes_get_data (anchors_bytes, NULL),
                                   (gssize) g_bytes_get_size (anchors_bytes), NULL))
    {
      fprintf (stderr, "bench-tokenizer: anchors.json is unreadable: the anchor did not run\n");
      return 1;
    }
  anchors = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                           "anchors");
  printf ("corpus        %.1f MB in %" G_GSIZE_FORMAT " documents (prose, code, JSON, CJK, "
          "emoji), one core\n", g_bytes_get_size (corpus) / 1e6, g_bytes_get_size (index) / 4);

  ok &= run_encoding (VS_ENCODING_O200K_BASE, argv[1], corpus, index, anchors, &mb_s[0]);
  ok &= run_encoding (VS_ENCODING_CL100K_BASE, argv[1], corpus, index, anchors, &mb_s[1]);
  ok &= check_scaling ();

  printf ("%s\n", ok ? "bench-tokenizer: PASS" : "bench-tokenizer: FAIL");
  return ok ? 0 : 1;
}
