/* vs-batch-lines.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Batch request files for a run's trials without a result (see vs-batch-lines.h).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "vs-batch-lines.h"
#include "vs-error.h"
#include "vs-eval-trial-private.h"

char *
vs_batch_custom_id (gint64 run_id,
                    gint64 contender_id,
                    gint64 case_ordinal,
                    gint64 sample_index)
{
  return g_strdup_printf ("versus-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT
                          "-%" G_GINT64_FORMAT,
                          run_id, contender_id, case_ordinal, sample_index);
}

/* One decimal number without sign or leading zeros; advances @p past it. */
static gboolean
parse_number (const char **p,
              gint64      *out)
{
  const char *s = *p;
  guint64 value = 0;

  if (!g_ascii_isdigit (*s) || (s[0] == '0' && g_ascii_isdigit (s[1])))
    return FALSE;
  for (; g_ascii_isdigit (*s); s++)
    {
      if (value > (G_MAXINT64 - (guint64) (*s - '0')) / 10)
        return FALSE;
      value = value * 10 + (guint64) (*s - '0');
    }
  *out = (gint64) value;
  *p = s;
  return TRUE;
}

gboolean
vs_batch_custom_id_parse (const char *custom_id,
                          gint64     *run_id,
                          gint64     *contender_id,
                          gint64     *case_ordinal,
                          gint64     *sample_index)
{
  gint64 v[4];
  const char *p;

  if (custom_id == NULL || !g_str_has_prefix (custom_id, "versus-"))
    return FALSE;
  p = custom_id + strlen ("versus-");
  for (guint i = 0; i < 4; i++)
    {
      if (!parse_number (&p, &v[i]))
        return FALSE;
      if (*p != (i < 3 ? '-' : '\0'))
        return FALSE;
      if (i < 3)
        p++;
    }
  if (v[0] <= 0 || v[1] <= 0)
    return FALSE;
  if (run_id != NULL)
    *run_id = v[0];
  if (contender_id != NULL)
    *contender_id = v[1];
  if (case_ordinal != NULL)
    *case_ordinal = v[2];
  if (sample_index != NULL)
    *sample_index = v[3];
  return TRUE;
}

void
vs_batch_file_free (VsBatchFile *file)
{
  if (file == NULL)
    return;
  g_free (file->path);
  g_free (file->contender);
  g_free (file->model);
  g_free (file);
}

/* The file name a contender's batch files start with: its name, with what a file name cannot
 * hold (slashes, control characters, a leading dot) replaced by "_". */
static char *
file_stem (const char *name)
{
  GString *stem = g_string_new (NULL);

  for (const char *p = name; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (ch == '/' || ch == '\\' || g_unichar_iscntrl (ch) || (stem->len == 0 && ch == '.'))
        g_string_append_c (stem, '_');
      else
        g_string_append_unichar (stem, ch);
    }
  if (stem->len == 0)
    g_string_append (stem, "contender");
  return g_string_free (stem, FALSE);
}

/* The file being written for one contender, split at the limits. */
typedef struct
{
  const char           *dir;
  VsEvalTrialContender *contender;
  char                 *stem;
  gint64                max_lines;
  guint64               max_bytes;
  GPtrArray            *files;     /* VsBatchFile, the caller's */
  FILE                 *out;
  VsBatchFile          *current;   /* the last of @files while open */
  guint                 n_files;
  GString              *line;
} Writer;

static gboolean
writer_close (Writer  *w,
              GError **error)
{
  int rc;

  if (w->out == NULL)
    return TRUE;
  rc = fclose (w->out);
  w->out = NULL;
  if (rc != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not write %s: %s"),
                   w->current->path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
writer_open (Writer  *w,
             GError **error)
{
  g_autofree char *base = NULL;
  VsBatchFile *file;

  w->n_files++;
  base = w->n_files == 1 ? g_strdup_printf ("%s.jsonl", w->stem)
                         : g_strdup_printf ("%s-%u.jsonl", w->stem, w->n_files);
  file = g_new0 (VsBatchFile, 1);
  file->path = g_build_filename (w->dir, base, NULL);
  file->contender_id = w->contender->id;
  file->contender = g_strdup (w->contender->spec->name);
  file->model = g_strdup (w->contender->spec->model);
  g_ptr_array_add (w->files, file);
  w->current = file;
  w->out = g_fopen (file->path, "wb");
  if (w->out == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not write %s: %s"),
                   file->path, g_strerror (saved));
      return FALSE;
    }
  setvbuf (w->out, NULL, _IOFBF, 1 << 20);
  return TRUE;
}

/* Appends the line in w->line, starting the next file when this one is full. */
static gboolean
writer_add (Writer  *w,
            GError **error)
{
  if (w->line->len > w->max_bytes)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   _("A request of %s is %" G_GSIZE_FORMAT " bytes, more than a batch file may "
                     "hold (%" G_GUINT64_FORMAT ")"),
                   w->contender->spec->name, w->line->len, w->max_bytes);
      return FALSE;
    }
  if (w->out != NULL && (w->current->n_lines >= w->max_lines ||
                         w->current->n_bytes + w->line->len > w->max_bytes))
    {
      if (!writer_close (w, error))
        return FALSE;
    }
  if (w->out == NULL && !writer_open (w, error))
    return FALSE;
  if (fwrite (w->line->str, 1, w->line->len, w->out) != w->line->len)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not write %s: %s"),
                   w->current->path, g_strerror (saved));
      return FALSE;
    }
  w->current->n_lines++;
  w->current->n_bytes += w->line->len;
  return TRUE;
}

/* One OpenAI batch input line for the trial into w->line. */
static gboolean
build_line (Writer       *w,
            VsEvalTrial  *t,
            GError      **error)
{
  g_autoptr(VsChatRequest) request = NULL;
  g_autoptr(GError) local = NULL;

  request = _vs_eval_trial_build_request (t, &local);
  if (request == NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID, _("Case %" G_GINT64_FORMAT " of %s: %s"),
                   t->c->ordinal, t->contender->spec->name, local->message);
      return FALSE;
    }
  vs_chat_request_set_stream (request, FALSE);
  g_string_printf (w->line,
                   "{\"custom_id\":\"versus-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT
                   "-%" G_GINT64_FORMAT "-%d\",\"method\":\"POST\","
                   "\"url\":\"" VS_BATCH_URL "\",\"body\":",
                   t->setup->run_id, t->contender->id, t->c->ordinal, t->repeat);
  vs_chat_request_append_body (request, VS_ENDPOINT_KIND_OPENAI, FALSE, w->line);
  g_string_append (w->line, "}\n");
  return TRUE;
}

/* Every trial of one contender that needs a line, case page by case page. */
static gboolean
write_contender (VsEvalRunSetup  *setup,
                 Writer          *w,
                 gboolean         include_errors,
                 GCancellable    *cancellable,
                 GError         **error)
{
  VsEvalCasePager pager;
  GError *local = NULL;
  gboolean ok = TRUE;

  _vs_eval_case_pager_init (&pager, setup, include_errors);
  while (ok && _vs_eval_case_pager_next (&pager, &local))
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      for (guint i = 0; ok && i < pager.page->len; i++)
        {
          VsEvalTrialCase *c = g_ptr_array_index (pager.page, i);

          for (guint r = 0; ok && r < setup->spec->repeats; r++)
            {
              g_autofree char *key = _vs_eval_trial_key (w->contender->id, c->ordinal, (gint) r);
              VsEvalTrial *t;

              if (g_hash_table_contains (pager.done, key))
                continue;
              t = _vs_eval_trial_new (setup, c, w->contender, (gint) r);
              ok = build_line (w, t, error) && writer_add (w, error);
              _vs_eval_trial_free (t);
            }
        }
    }
  _vs_eval_case_pager_clear (&pager);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return ok;
}

/* N when @name is "<stem>-N.jsonl" (N ≥ 2, the second file on), 1 for "<stem>.jsonl", else 0. */
static guint
sibling_number (const char *name,
                const char *stem)
{
  gsize stem_len = strlen (stem);
  const char *rest;
  g_autofree char *number = NULL;
  guint64 n = 0;

  if (!g_str_has_prefix (name, stem) || !g_str_has_suffix (name, ".jsonl"))
    return 0;
  rest = name + stem_len;
  if (strcmp (rest, ".jsonl") == 0)
    return 1;
  if (*rest != '-')
    return 0;
  number = g_strndup (rest + 1, strlen (rest + 1) - strlen (".jsonl"));
  if (!g_ascii_string_to_unsigned (number, 10, 2, G_MAXUINT, &n, NULL) ||
      number[0] == '0' || number[0] == '+')
    return 0;
  return (guint) n;
}

/* An earlier, larger export left "<stem>-N.jsonl" files in @dir beyond the @n_written files
 * written now (and "<stem>.jsonl" when nothing was): their trials are in the new files or
 * finished, and importing their outputs would only skip lines. Those go — never a file of this
 * call (@written), nor another contender's first file ("<other stem>.jsonl", which may look
 * like ours: contenders "a" and "a-2"), nor anything else in @dir. */
static void
remove_stale_siblings (const char     *dir,
                       const char     *stem,
                       guint           n_written,
                       GHashTable     *written,
                       GHashTable     *stems)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  if (listing == NULL)
    return;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      guint n = sibling_number (name, stem);
      g_autofree char *path = NULL;
      g_autofree char *other = NULL;

      if (n == 0 || n <= n_written || g_hash_table_contains (written, name))
        continue;
      other = g_strndup (name, strlen (name) - strlen (".jsonl"));
      if (g_strcmp0 (other, stem) != 0 && g_hash_table_contains (stems, other))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      if (g_unlink (path) != 0)
        g_warning ("Could not remove the stale batch file “%s”: %s", path, g_strerror (errno));
      else
        g_debug ("removed the stale batch file %s", path);
    }
}

GPtrArray *
vs_batch_write_files (VsProject    *project,
                      gint64        run_id,
                      gint64        contender_id,
                      gboolean      include_errors,
                      const char   *dir,
                      gint64        max_lines,
                      guint64       max_bytes,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_autoptr(VsEvalRunSetup) setup = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GString) line = g_string_sized_new (4096);
  g_autoptr(GHashTable) stems = NULL;     /* every contender's file stem */
  g_autoptr(GHashTable) written = NULL;   /* base names of the files written now */
  g_autoptr(GArray) written_by = NULL;    /* files written per contender (by position) */

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (dir != NULL, NULL);

  setup = _vs_eval_run_setup_new (project, run_id, error);
  if (setup == NULL)
    return NULL;
  if (contender_id > 0 && _vs_eval_run_setup_find_contender (setup, contender_id) == NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND,
                   _("Contender %" G_GINT64_FORMAT " is not in run “%s”"), contender_id,
                   setup->name);
      return NULL;
    }
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved));
      return NULL;
    }
  files = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_batch_file_free);
  stems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  written_by = g_array_new (FALSE, TRUE, sizeof (guint));
  g_array_set_size (written_by, setup->contenders->len);
  for (guint i = 0; i < setup->contenders->len; i++)
    {
      VsEvalTrialContender *c = g_ptr_array_index (setup->contenders, i);

      g_hash_table_add (stems, file_stem (c->spec->name));
    }
  for (guint i = 0; i < setup->contenders->len; i++)
    {
      VsEvalTrialContender *c = g_ptr_array_index (setup->contenders, i);
      Writer w = { 0 };
      gboolean ok;

      if (contender_id > 0 && c->id != contender_id)
        continue;
      w.dir = dir;
      w.contender = c;
      w.stem = file_stem (c->spec->name);
      w.max_lines = max_lines > 0 ? max_lines : VS_BATCH_MAX_LINES;
      w.max_bytes = max_bytes > 0 ? max_bytes : VS_BATCH_MAX_BYTES;
      w.files = files;
      w.line = line;
      ok = write_contender (setup, &w, include_errors, cancellable, error);
      ok = writer_close (&w, ok ? error : NULL) && ok;
      g_free (w.stem);
      if (!ok)
        return NULL;
      g_array_index (written_by, guint, i) = w.n_files;
    }

  /* Only once everything is written: a file of this call is never taken for a stale one. */
  written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < files->len; i++)
    g_hash_table_add (written,
                      g_path_get_basename (((VsBatchFile *) g_ptr_array_index (files, i))->path));
  for (guint i = 0; i < setup->contenders->len; i++)
    {
      VsEvalTrialContender *c = g_ptr_array_index (setup->contenders, i);
      g_autofree char *stem = NULL;

      if (contender_id > 0 && c->id != contender_id)
        continue;
      stem = file_stem (c->spec->name);
      remove_stale_siblings (dir, stem, g_array_index (written_by, guint, i), written, stems);
    }
  return g_steal_pointer (&files);
}
