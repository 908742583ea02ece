/* vs-cli-table.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "vs-cli-table.h"

struct _VsCliTable
{
  GPtrArray *headers; /* of char *, without the '>' */
  GArray    *aligns;  /* of VsCliAlign */
  GPtrArray *rows;    /* of GStrv, one cell per column */
};

VsCliTable *
vs_cli_table_new (const char *first,
                  ...)
{
  VsCliTable *self = g_new0 (VsCliTable, 1);
  va_list args;

  g_return_val_if_fail (first != NULL, NULL);

  self->headers = g_ptr_array_new_with_free_func (g_free);
  self->aligns = g_array_new (FALSE, FALSE, sizeof (VsCliAlign));
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  va_start (args, first);
  for (const char *name = first; name != NULL; name = va_arg (args, const char *))
    {
      VsCliAlign align = name[0] == '>' ? VS_CLI_ALIGN_RIGHT : VS_CLI_ALIGN_LEFT;

      g_ptr_array_add (self->headers, g_strdup (name[0] == '>' ? name + 1 : name));
      g_array_append_val (self->aligns, align);
    }
  va_end (args);
  return self;
}

void
vs_cli_table_free (VsCliTable *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->headers);
  g_array_unref (self->aligns);
  g_ptr_array_unref (self->rows);
  g_free (self);
}

void
vs_cli_table_add_rowv (VsCliTable         *self,
                       const char * const *cells)
{
  char **row;

  g_return_if_fail (self != NULL);

  row = g_new0 (char *, self->headers->len + 1);
  for (guint i = 0; i < self->headers->len; i++)
    row[i] = g_strdup (cells[i] != NULL && cells[i][0] != '\0' ? cells[i] : "-");
  g_ptr_array_add (self->rows, row);
}

void
vs_cli_table_add_row (VsCliTable *self,
                      const char *first,
                      ...)
{
  g_autofree const char **cells = NULL;
  va_list args;

  g_return_if_fail (self != NULL);

  cells = g_new0 (const char *, self->headers->len + 1);
  cells[0] = first;
  va_start (args, first);
  for (guint i = 1; i < self->headers->len; i++)
    cells[i] = va_arg (args, const char *);
  va_end (args);
  vs_cli_table_add_rowv (self, cells);
}

guint
vs_cli_table_get_n_rows (VsCliTable *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->rows->len;
}

/* Columns @text takes on a terminal: wide (East Asian) characters take two. */
static guint
display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return width;
}

static void
print_row (VsCliTable         *self,
           const char * const *cells,
           const guint        *widths,
           FILE               *out)
{
  guint n = self->headers->len;

  for (guint i = 0; i < n; i++)
    {
      guint pad = widths[i] - display_width (cells[i]);
      gboolean last = i + 1 == n;

      if (i > 0)
        fputs ("  ", out);
      if (g_array_index (self->aligns, VsCliAlign, i) == VS_CLI_ALIGN_RIGHT)
        fprintf (out, "%*s%s", (int) pad, "", cells[i]);
      else if (last)
        fputs (cells[i], out);
      else
        fprintf (out, "%s%*s", cells[i], (int) pad, "");
    }
  fputc ('\n', out);
}

void
vs_cli_table_print (VsCliTable *self,
                    FILE       *out)
{
  g_autofree guint *widths = NULL;

  g_return_if_fail (self != NULL);

  widths = g_new0 (guint, self->headers->len);
  for (guint i = 0; i < self->headers->len; i++)
    widths[i] = display_width (self->headers->pdata[i]);
  for (guint r = 0; r < self->rows->len; r++)
    {
      char **row = self->rows->pdata[r];

      for (guint i = 0; i < self->headers->len; i++)
        widths[i] = MAX (widths[i], display_width (row[i]));
    }

  print_row (self, (const char * const *) self->headers->pdata, widths, out);
  for (guint r = 0; r < self->rows->len; r++)
    print_row (self, (const char * const *) self->rows->pdata[r], widths, out);
  fflush (out);
}
