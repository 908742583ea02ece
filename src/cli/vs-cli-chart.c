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
#include "vs-cli-command.h"
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

static const VsCliHelp render_help = {
  .name = "chart render",
  .usage = "SPEC.json OUTPUT.{png,svg,pdf} [--width W] [--height H] [--dark]",
  .summary = "Draw a chart spec into a PNG (2×), SVG or PDF file",
  .details = "Writes the chart described by SPEC.json as PNG, SVG or PDF, "
             "chosen by OUTPUT's extension."
             "\n\n"
             "A spec that cannot be read: exit code 2; one with problems: exit code 1.",
  .examples = "versus-cli chart render bars.json bars.png\n"
              "versus-cli chart render bars.json bars.pdf --width 640 --height 400 --dark",
};

static int
chart_render (int    argc,
              char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&render_help);
  int parsed;
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

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
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

static const VsCliHelp describe_help = {
  .name = "chart describe",
  .usage = "SPEC.json",
  .summary = "Print a plain-text description of what a chart shows",
  .details = "The same description the app gives screen readers. A spec that cannot be read: "
             "exit code 2; one with problems: exit code 1.",
  .examples = "versus-cli chart describe bars.json",
};

static int
chart_describe (int    argc,
                char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&describe_help);
  int parsed;
  g_autoptr(VsChartSpec) spec = NULL;
  g_autofree char *text = NULL;
  int exit_code = VS_CLI_EXIT_OK;

  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 2)
    return vs_cli_usage_error ("chart describe", "expected one SPEC.json");

  spec = load_spec (argv[1], &exit_code);
  if (spec == NULL)
    return exit_code;

  text = vs_chart_describe (spec);
  printf ("%s\n", text);
  return VS_CLI_EXIT_OK;
}

const VsCliHelp vs_cli_chart_help = {
  .name = "chart",
  .summary = "Draw a chart spec as PNG, SVG or PDF, or describe it",
  .details = "A spec that cannot be read: exit code 2; one with problems: exit code 1.",
  .examples = "versus-cli chart render bars.json bars.svg\n"
              "versus-cli chart describe bars.json",
};

static const VsCliSubcommand chart_commands[] = {
  { &render_help, chart_render },
  { &describe_help, chart_describe },
};

int
vs_cli_chart_main (int    argc,
                   char **argv)
{
  return vs_cli_dispatch (&vs_cli_chart_help, chart_commands,
                          G_N_ELEMENTS (chart_commands), argc, argv);
}
