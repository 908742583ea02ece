/* vs-cli-tokens.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli tokens [--encoding o200k_base|cl100k_base] [--ids] [--json] [FILE|-]
 * Counts (or lists) the tiktoken token ids of a file's exact bytes with the core tokenizer.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vs-cli.h"
#include "vs-cli-command.h"
#include "vs-cli-commands.h"
#include "vs-tokenizer.h"

static GBytes *
read_all (const char *path,
          GError    **error)
{
  g_autoptr(GByteArray) buf = NULL;
  char chunk[65536];

  if (path != NULL && !g_str_equal (path, "-"))
    {
      char *contents = NULL;
      gsize len = 0;

      if (!g_file_get_contents (path, &contents, &len, error))
        return NULL;
      return g_bytes_new_take (contents, len);
    }

  buf = g_byte_array_new ();
  for (;;)
    {
      ssize_t n = read (STDIN_FILENO, chunk, sizeof chunk);

      if (n < 0)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "Cannot read standard input: %s",
                       g_strerror (errno));
          return NULL;
        }
      if (n == 0)
        break;
      g_byte_array_append (buf, (const guint8 *) chunk, (guint) n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&buf));
}

const VsCliHelp vs_cli_tokens_help = {
  .name = "tokens",
  .usage = "[FILE|-] [--encoding NAME] [--ids] [--json]",
  .summary = "Count tokens exactly as OpenAI's tiktoken does",
  .details = "Prints how many tokens the bytes of FILE (or standard input) "
             "are, exactly as OpenAI's tiktoken counts them. Special-token "
             "strings such as <|endoftext|> count as plain text.",
  .examples = "versus-cli tokens prompt.txt\n"
              "echo -n \"Hello, world\" | versus-cli tokens --encoding cl100k_base --ids\n"
              "versus-cli tokens prompt.txt --json",
};

int
vs_cli_tokens_main (int    argc,
                    char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&vs_cli_tokens_help);
  int parsed;
  g_autofree char *encoding_name = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  gboolean print_ids = FALSE, json = FALSE;
  VsEncoding encoding = VS_ENCODING_O200K_BASE;
  VsTokenizer *tokenizer;
  const char *path = NULL;
  const char *data;
  gsize size;
  const GOptionEntry entries[] = {
    { "encoding", 'e', 0, G_OPTION_ARG_STRING, &encoding_name,
      "o200k_base (gpt-4o, default) or cl100k_base (gpt-4, gpt-3.5)", "NAME" },
    { "ids", 0, 0, G_OPTION_ARG_NONE, &print_ids,
      "Print the token ids, separated by spaces, instead of the count", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      "Print {\"encoding\", \"tokens\"[, \"ids\"]} as JSON on stdout", NULL },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc > 2)
    return vs_cli_usage_error ("tokens", "expected at most one FILE");
  if (argc == 2)
    path = argv[1];
  if (encoding_name != NULL && !vs_encoding_from_string (encoding_name, &encoding))
    return vs_cli_usage_error ("tokens", "unknown encoding “%s”; use o200k_base or cl100k_base",
                               encoding_name);

  bytes = read_all (path, &error);
  if (bytes == NULL)
    {
      vs_cli_error ("%s", error->message);
      return VS_CLI_EXIT_USAGE;
    }

  tokenizer = vs_tokenizer_get_for_encoding (encoding);
  data = g_bytes_get_data (bytes, &size);
  ids = vs_tokenizer_encode (tokenizer, size > 0 ? data : "", (gssize) size,
                             VS_TOKENIZER_ENCODE_DEFAULT, &error);
  if (ids == NULL)
    {
      vs_cli_error ("%s: %s", path != NULL && !g_str_equal (path, "-") ? path : "standard input",
                    error->message);
      return VS_CLI_EXIT_PROBLEMS;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "encoding");
      json_builder_add_string_value (builder, vs_encoding_to_string (encoding));
      json_builder_set_member_name (builder, "tokens");
      json_builder_add_int_value (builder, ids->len);
      if (print_ids)
        {
          json_builder_set_member_name (builder, "ids");
          json_builder_begin_array (builder);
          for (guint i = 0; i < ids->len; i++)
            json_builder_add_int_value (builder, g_array_index (ids, guint32, i));
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      vs_cli_print_json (root);
      return VS_CLI_EXIT_OK;
    }

  if (print_ids)
    {
      g_autoptr(GString) line = g_string_sized_new (ids->len * 7 + 2);

      for (guint i = 0; i < ids->len; i++)
        {
          if (i > 0)
            g_string_append_c (line, ' ');
          g_string_append_printf (line, "%u", g_array_index (ids, guint32, i));
        }
      g_string_append_c (line, '\n');
      fwrite (line->str, 1, line->len, stdout);
    }
  else
    printf ("%u\n", ids->len);
  return fflush (stdout) == 0 ? VS_CLI_EXIT_OK : VS_CLI_EXIT_USAGE;
}
