/* vs-cli-chart.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli chart render SPEC.json OUTPUT.{png,svg,pdf} [--width W] [--height H] [--dark]
 * versus-cli chart describe SPEC.json
 *
 * Draws a chart spec with the same renderer as the app, for reports and scripts.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "vs-chart-export.h"
#include "vs-chart-render.h"
#include "vs-chart-spec.h"
#include "vs-cli.h"
#include "vs-cli-commands.h"
#include "vs-error.h"

/* A spec that cannot be read is unreadable input (2); one that reads but does not validate
 * has problems the user can fix (1). */
static VsChartSpec *
load_spec (const char *path,
           int        *exit_code)
{
  g_autoptr(VsChartSpec) spec = NULL;
  g_autoptr(GError) error = NULL;

  spec = vs_chart_spec_load_file (path, &error);
  if (spec == NULL)
    {
      vs_cli_error ("%s", error->message);
      *exit_code = error->domain == VS_ERROR && error->code == VS_ERROR_INVALID
                   ? VS_CLI_EXIT_PROBLEMS : VS_CLI_EXIT_USAGE;
      return NULL;
    }
  if (!vs_chart_spec_validate (spec, &error))
    {
      vs_cli_error ("%s: %s", path, error->message);
      *exit_code = VS_CLI_EXIT_PROBLEMS;
      return NULL;
    }
  return g_steal_pointer (&spec);
}

static int
chart_render (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("SPEC.json OUTPUT — draw a chart");
  g_autoptr(VsChartSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  VsChartStyle style;
  double width = 720, height = 450;
  gboolean dark = FALSE;
  int exit_code = VS_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "width", 0, 0, G_OPTION_ARG_DOUBLE, &width, "Width in pixels (PNG is written at 2×)", "W" },
    { "height", 0, 0, G_OPTION_ARG_DOUBLE, &height, "Height in pixels", "H" },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, "Light ink on a dark background", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Writes the chart described by SPEC.json as PNG, SVG or PDF, "
                                "chosen by OUTPUT's extension.");
  if (!vs_cli_parse (context, &argc, &argv))
    return VS_CLI_EXIT_USAGE;
  if (argc != 3)
    return vs_cli_usage_error ("chart render", "expected SPEC.json and an OUTPUT file");
  if (!(width >= 64 && width <= 10000 && height >= 64 && height <= 10000))
    return vs_cli_usage_error ("chart render", "--width and --height go from 64 to 10000");

  spec = load_spec (argv[1], &exit_code);
  if (spec == NULL)
    return exit_code;

  vs_chart_style_init (&style, dark);
  if (!vs_chart_export (spec, argv[2], width, height, &style, &error))
    {
      vs_cli_error ("%s", error->message);
      return VS_CLI_EXIT_USAGE;
    }
  return VS_CLI_EXIT_OK;
}

static int
chart_describe (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("SPEC.json — say what a chart shows");
  g_autoptr(VsChartSpec) spec = NULL;
  g_autofree char *text = NULL;
  int exit_code = VS_CLI_EXIT_OK;

  if (!vs_cli_parse (context, &argc, &argv))
    return VS_CLI_EXIT_USAGE;
  if (argc != 2)
    return vs_cli_usage_error ("chart describe", "expected one SPEC.json");

  spec = load_spec (argv[1], &exit_code);
  if (spec == NULL)
    return exit_code;

  text = vs_chart_describe (spec);
  printf ("%s\n", text);
  return VS_CLI_EXIT_OK;
}

int
vs_cli_chart_main (int    argc,
                   char **argv)
{
  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      FILE *out = argc < 2 ? stderr : stdout;

      fprintf (out,
               "Usage:\n"
               "  versus-cli chart render SPEC.json OUTPUT.{png,svg,pdf} [--width W] [--height H]"
               " [--dark]\n"
               "  versus-cli chart describe SPEC.json\n"
               "\n"
               "  render    Draw the chart into a PNG (2×), SVG or PDF file\n"
               "  describe  Print a plain-text description of what the chart shows\n"
               "\n"
               "A spec that cannot be read: exit code 2; one with problems: exit code 1.\n");
      return argc < 2 ? VS_CLI_EXIT_USAGE : VS_CLI_EXIT_OK;
    }

  if (strcmp (argv[1], "render") == 0)
    return chart_render (argc - 1, argv + 1);
  if (strcmp (argv[1], "describe") == 0)
    return chart_describe (argc - 1, argv + 1);

  return vs_cli_usage_error ("chart", "unknown chart command “%s”", argv[1]);
}
