/* vs-cli-command.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GOptionContext parses; its own help is turned off because it cannot print examples, wrap
 * long descriptions or name the subcommand in its usage line. The help here is built from the
 * same GOptionEntry arrays, so an option cannot be parsed without being listed.
 */
#include "config.h"

#include <string.h>

#include "vs-cli.h"
#include "vs-cli-command.h"

/* Help text is wrapped to this many columns (a terminal's usual width). */
#define HELP_WIDTH 80
/* The widest first column of a two-column list before its description moves below it. */
#define MAX_NAME_COLUMN 30

struct _VsCliCommand
{
  const VsCliHelp *help;
  GOptionContext  *context;
  GArray          *entries;  /* of GOptionEntry (copies; no terminator), for the help */
  GPtrArray       *headings; /* one per entry: a static string or NULL */
  gboolean         help_requested;
};

VsCliCommand *
vs_cli_command_new (const VsCliHelp *help)
{
  VsCliCommand *self;

  g_return_val_if_fail (help != NULL && help->name != NULL, NULL);

  self = g_new0 (VsCliCommand, 1);
  self->help = help;
  self->context = g_option_context_new (NULL);
  g_option_context_set_help_enabled (self->context, FALSE);
  self->entries = g_array_new (FALSE, TRUE, sizeof (GOptionEntry));
  self->headings = g_ptr_array_new ();
  return self;
}

void
vs_cli_command_free (VsCliCommand *self)
{
  if (self == NULL)
    return;
  g_option_context_free (self->context);
  g_array_unref (self->entries);
  g_ptr_array_unref (self->headings);
  g_free (self);
}

void
vs_cli_command_add_entries (VsCliCommand       *self,
                            const char         *heading,
                            const GOptionEntry *entries)
{
  guint n = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (entries != NULL);

  while (entries[n].long_name != NULL)
    {
      g_array_append_val (self->entries, entries[n]);
      g_ptr_array_add (self->headings, (gpointer) heading);
      n++;
    }
  g_option_context_add_main_entries (self->context, entries, NULL);
}

int
vs_cli_command_parse (VsCliCommand   *self,
                      int            *argc,
                      char         ***argv)
{
  g_autoptr(GError) error = NULL;
  const GOptionEntry help_entry[] = {
    { "help", 'h', 0, G_OPTION_ARG_NONE, &self->help_requested, "Show this help", NULL },
    { NULL }
  };

  g_return_val_if_fail (self != NULL, VS_CLI_EXIT_USAGE);

  g_option_context_add_main_entries (self->context, help_entry, NULL);
  if (!g_option_context_parse (self->context, argc, argv, &error))
    return vs_cli_usage_error (self->help->name, "%s", error->message);
  if (self->help_requested)
    {
      vs_cli_command_print_help (self, stdout);
      fflush (stdout);
      return VS_CLI_EXIT_OK;
    }
  return VS_CLI_GO_ON;
}

/* Text layout ------------------------------------------------------------------------------ */

/* Columns @text takes on a terminal: wide (East Asian) characters take two. */
static guint
display_width (const char *text,
               const char *end)
{
  guint width = 0;

  for (const char *p = text; p < end && *p != '\0'; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return width;
}

/* Appends @text, words wrapped so no line passes HELP_WIDTH; the first line continues at
 * column @first_column (already written), the next ones start with @indent spaces. With
 * @keep_groups, a space inside [ ] or ( ) does not break (a synopsis: "[--width W --height H]"
 * stays on one line). */
static void
print_wrapped_full (FILE       *out,
                    const char *text,
                    guint       first_column,
                    guint       indent,
                    gboolean    keep_groups)
{
  guint column = first_column;
  gboolean line_start = TRUE;
  const char *p = text;

  while (*p != '\0')
    {
      const char *word = p;
      int depth = 0;
      guint width;

      while (*p != '\0' && (*p != ' ' || depth > 0))
        {
          if (keep_groups && (*p == '[' || *p == '('))
            depth++;
          else if (keep_groups && (*p == ']' || *p == ')') && depth > 0)
            depth--;
          p++;
        }
      width = display_width (word, p);
      if (!line_start && column + 1 + width > HELP_WIDTH)
        {
          fprintf (out, "\n%*s", (int) indent, "");
          column = indent;
          line_start = TRUE;
        }
      if (!line_start)
        {
          fputc (' ', out);
          column++;
        }
      fwrite (word, 1, p - word, out);
      column += width;
      line_start = FALSE;
      while (*p == ' ')
        p++;
    }
  fputc ('\n', out);
}

static void
print_wrapped (FILE       *out,
               const char *text,
               guint       first_column,
               guint       indent)
{
  print_wrapped_full (out, text, first_column, indent, FALSE);
}

/* "  versus-cli NAME USAGE", the usage wrapped under its own start. */
static void
print_synopsis (FILE            *out,
                const VsCliHelp *help)
{
  guint column = 2 + strlen ("versus-cli ") + display_width (help->name, help->name +
                                                             strlen (help->name));

  fprintf (out, "  versus-cli %s", help->name);
  if (help->usage == NULL)
    {
      fputc ('\n', out);
      return;
    }
  fputc (' ', out);
  print_wrapped_full (out, help->usage, column + 1, column + 1 <= 36 ? column + 1 : 6, TRUE);
}

/* A line written as an item of a list ("  jsonl   each record as …"): kept as written, and
 * when too long, wrapped under the start of its description. */
static void
print_item (FILE       *out,
            const char *line,
            guint       indent)
{
  const char *p = line;
  const char *gap;
  guint hang;

  if (indent + display_width (line, line + strlen (line)) <= HELP_WIDTH)
    {
      fprintf (out, "%*s%s\n", (int) indent, "", line);
      return;
    }
  while (*p == ' ')
    p++;
  gap = strstr (p, "  ");
  if (gap == NULL)
    {
      fprintf (out, "%*s%.*s", (int) indent, "", (int) (p - line), line);
      print_wrapped (out, p, indent + (guint) (p - line), indent + (guint) (p - line));
      return;
    }
  while (*gap == ' ')
    gap++;
  hang = indent + display_width (line, gap);
  fprintf (out, "%*s%.*s", (int) indent, "", (int) (gap - line), line);
  print_wrapped (out, gap, hang, hang);
}

void
vs_cli_help_print_text (FILE       *out,
                        const char *text,
                        guint       indent)
{
  g_auto(GStrv) lines = NULL;

  g_return_if_fail (text != NULL);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        fputc ('\n', out);
      else if (lines[i][0] == ' ')
        print_item (out, lines[i], indent);
      else
        {
          fprintf (out, "%*s", (int) indent, "");
          print_wrapped (out, lines[i], indent, indent);
        }
    }
}

void
vs_cli_help_print_list (FILE               *out,
                        const char * const *names,
                        const char * const *descriptions)
{
  guint column = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      guint width = display_width (names[i], names[i] + strlen (names[i]));

      if (width <= MAX_NAME_COLUMN)
        column = MAX (column, width);
    }
  column += 2 + 2; /* the indent before, two spaces after */

  for (guint i = 0; names[i] != NULL; i++)
    {
      guint width = 2 + display_width (names[i], names[i] + strlen (names[i]));

      fprintf (out, "  %s", names[i]);
      if (descriptions[i] == NULL || descriptions[i][0] == '\0')
        {
          fputc ('\n', out);
          continue;
        }
      if (width + 2 > column)
        fprintf (out, "\n%*s", (int) column, "");
      else
        fprintf (out, "%*s", (int) (column - width), "");
      print_wrapped (out, descriptions[i], column, column);
    }
}

void
vs_cli_help_print_examples (FILE       *out,
                            const char *examples)
{
  g_auto(GStrv) lines = g_strsplit (examples, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      fprintf (out, "  %s\n", lines[i]);
}

static void
print_header (FILE            *out,
              const VsCliHelp *help)
{
  g_autofree char *sentence = g_strconcat (help->summary, ".", NULL);

  print_wrapped (out, sentence, 0, 0);
  fprintf (out, "\nUsage:\n");
}

static void
print_details (FILE            *out,
              const VsCliHelp *help)
{
  if (help->details != NULL)
    {
      fputc ('\n', out);
      vs_cli_help_print_text (out, help->details, 0);
    }
}

/* Command help ----------------------------------------------------------------------------- */

static char *
option_name (const GOptionEntry *entry)
{
  GString *name = g_string_new (NULL);

  if (entry->short_name != 0)
    g_string_append_printf (name, "-%c, ", entry->short_name);
  else
    g_string_append (name, "    ");
  g_string_append_printf (name, "--%s", entry->long_name);
  if (entry->arg != G_OPTION_ARG_NONE && !(entry->flags & G_OPTION_FLAG_NO_ARG))
    {
      const char *value = entry->arg_description ? entry->arg_description : "VALUE";

      if (entry->flags & G_OPTION_FLAG_OPTIONAL_ARG)
        g_string_append_printf (name, "[=%s]", value);
      else
        g_string_append_printf (name, "=%s", value);
    }
  return g_string_free (name, FALSE);
}

/* The options under @heading (NULL: the main ones, with -h/--help last). */
static void
print_options (VsCliCommand *self,
               const char   *heading,
               FILE         *out)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) descriptions = g_ptr_array_new ();

  for (guint i = 0; i < self->entries->len; i++)
    {
      const GOptionEntry *entry = &g_array_index (self->entries, GOptionEntry, i);

      if (g_strcmp0 (self->headings->pdata[i], heading) != 0 ||
          (entry->flags & G_OPTION_FLAG_HIDDEN) || entry->long_name[0] == '\0')
        continue;
      g_ptr_array_add (names, option_name (entry));
      g_ptr_array_add (descriptions, (gpointer) (entry->description ? entry->description : ""));
    }
  if (heading == NULL)
    {
      g_ptr_array_add (names, g_strdup ("-h, --help"));
      g_ptr_array_add (descriptions, (gpointer) "Show this help");
    }
  if (names->len == 0)
    return;
  g_ptr_array_add (names, NULL);
  g_ptr_array_add (descriptions, NULL);
  fprintf (out, "\n%s:\n", heading ? heading : "Options");
  vs_cli_help_print_list (out, (const char * const *) names->pdata,
                          (const char * const *) descriptions->pdata);
}

void
vs_cli_command_print_help (VsCliCommand *self,
                           FILE         *out)
{
  g_autoptr(GPtrArray) headings = g_ptr_array_new ();
  const VsCliHelp *help;

  g_return_if_fail (self != NULL);

  help = self->help;
  print_header (out, help);
  print_synopsis (out, help);
  print_details (out, help);

  print_options (self, NULL, out);
  for (guint i = 0; i < self->headings->len; i++)
    {
      const char *heading = self->headings->pdata[i];

      if (heading != NULL && !g_ptr_array_find_with_equal_func (headings, heading, g_str_equal,
                                                                NULL))
        {
          g_ptr_array_add (headings, (gpointer) heading);
          print_options (self, heading, out);
        }
    }

  if (help->examples != NULL)
    {
      fprintf (out, "\nExamples:\n");
      vs_cli_help_print_examples (out, help->examples);
    }
}

/* Groups ----------------------------------------------------------------------------------- */

void
vs_cli_print_group_help (const VsCliHelp       *group,
                         const VsCliSubcommand *subcommands,
                         guint                  n_subcommands,
                         FILE                  *out)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) summaries = g_ptr_array_new ();

  print_header (out, group);
  for (guint i = 0; i < n_subcommands; i++)
    {
      const VsCliHelp *help = subcommands[i].help;
      const char *name = strchr (help->name, ' ');

      print_synopsis (out, help);
      g_ptr_array_add (names, (gpointer) (name ? name + 1 : help->name));
      g_ptr_array_add (summaries, (gpointer) help->summary);
    }
  g_ptr_array_add (names, NULL);
  g_ptr_array_add (summaries, NULL);

  fprintf (out, "\nCommands:\n");
  vs_cli_help_print_list (out, (const char * const *) names->pdata,
                          (const char * const *) summaries->pdata);
  print_details (out, group);
  fprintf (out, "\nOptions:\n");
  {
    const char *help_names[] = { "-h, --help", NULL };
    const char *help_text[] = { "Show this help", NULL };

    vs_cli_help_print_list (out, help_names, help_text);
  }
  if (group->examples != NULL)
    {
      fprintf (out, "\nExamples:\n");
      vs_cli_help_print_examples (out, group->examples);
    }
  fprintf (out, "\nRun “versus-cli %s COMMAND --help” for a command's options and examples.\n",
           group->name);
}

int
vs_cli_dispatch (const VsCliHelp       *group,
                 const VsCliSubcommand *subcommands,
                 guint                  n_subcommands,
                 int                    argc,
                 char                 **argv)
{
  g_return_val_if_fail (group != NULL, VS_CLI_EXIT_USAGE);

  if (argc < 2)
    {
      vs_cli_print_group_help (group, subcommands, n_subcommands, stderr);
      return VS_CLI_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      vs_cli_print_group_help (group, subcommands, n_subcommands, stdout);
      return VS_CLI_EXIT_OK;
    }
  for (guint i = 0; i < n_subcommands; i++)
    {
      const char *name = strchr (subcommands[i].help->name, ' ');

      if (g_strcmp0 (name ? name + 1 : subcommands[i].help->name, argv[1]) == 0)
        return subcommands[i].main (argc - 1, argv + 1);
    }
  return vs_cli_usage_error (group->name, "unknown %s command “%s”", group->name, argv[1]);
}
