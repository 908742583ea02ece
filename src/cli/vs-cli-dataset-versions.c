/* vs-cli-dataset-versions.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli dataset snapshot PROJECT DATASET [--name NAME] [--accepted-only] [--json]
 * versus-cli dataset snapshots PROJECT DATASET [--json]
 * versus-cli dataset export PROJECT DATASET [--snapshot NAME] [--status STATUS] [--tag T]
 *                           [--map SPEC] --to FORMAT -o OUT [--json]
 * DATASET is a dataset's name or its id. Snapshot freezes the dataset (vs-dataset-snapshot.h)
 * and prints what changed since the previous snapshot; export writes a snapshot — the one
 * named, or one it freezes first — through the export engine and records it.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vs-cli.h"
#include "vs-cli-command.h"
#include "vs-cli-commands.h"
#include "vs-cli-table.h"
#include "vs-dataset-export.h"
#include "vs-dataset-mapping.h"
#include "vs-dataset-snapshot.h"
#include "vs-dataset-store.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-project.h"

/* Ordinals listed per kind of change (the counts are always complete). */
#define MAX_LISTED_ROWS 1000

static JsonArray *
ordinals_json (GArray *ordinals)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < ordinals->len; i++)
    json_array_add_int_element (array, g_array_index (ordinals, gint64, i));
  return array;
}

static JsonNode *
snapshot_json (const VsSnapshotInfo *info,
               const char           *dataset,
               const VsSnapshotDiff *diff)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (object, "id", info->id);
  json_object_set_string_member (object, "name", info->name);
  json_object_set_int_member (object, "dataset_id", info->dataset_id);
  json_object_set_string_member (object, "dataset", dataset);
  json_object_set_int_member (object, "rows", info->n_records);
  json_object_set_boolean_member (object, "accepted_only", info->accepted_only);
  json_object_set_string_member (object, "created_at", info->created_at);
  if (diff->previous_id > 0)
    {
      JsonObject *previous = json_object_new ();

      json_object_set_int_member (previous, "id", diff->previous_id);
      json_object_set_string_member (previous, "name", diff->previous_name);
      json_object_set_object_member (object, "previous", previous);
    }
  else
    json_object_set_null_member (object, "previous");
  json_object_set_int_member (object, "added", diff->n_added);
  json_object_set_int_member (object, "removed", diff->n_removed);
  json_object_set_int_member (object, "edited", diff->n_edited);
  json_object_set_array_member (object, "added_rows", ordinals_json (diff->added));
  json_object_set_array_member (object, "removed_rows", ordinals_json (diff->removed));
  json_object_set_array_member (object, "edited_rows", ordinals_json (diff->edited));
  json_object_set_boolean_member (object, "rows_truncated",
                                  (gint64) diff->added->len < diff->n_added ||
                                  (gint64) diff->removed->len < diff->n_removed ||
                                  (gint64) diff->edited->len < diff->n_edited);
  json_node_take_object (node, object);
  return node;
}

static void
print_ordinals (const char *label,
                gint64      n,
                GArray     *ordinals)
{
  if (n == 0)
    return;
  printf ("  %-8s", label);
  for (guint i = 0; i < ordinals->len && i < 20; i++)
    printf ("%s%" G_GINT64_FORMAT, i ? ", " : " ", g_array_index (ordinals, gint64, i));
  if (n > MIN (ordinals->len, 20))
    printf (", … (%" G_GINT64_FORMAT " in all)", n);
  printf ("\n");
}

const VsCliHelp vs_cli_dataset_snapshot_help = {
  .name = "dataset snapshot",
  .usage = "PROJECT DATASET [--name NAME] [--accepted-only] [--json]",
  .summary = "Freeze a dataset as a named, immutable version",
  .details = "Freezes the records of DATASET (its name or id) that are not "
             "rejected — or only the accepted ones — and that no cleaning "
             "step dropped, as an immutable snapshot that exports, "
             "fine-tunes and evaluations record. It costs space only for "
             "what changed since the previous snapshot. Prints its name, "
             "id, rows and what changed since the previous snapshot (rows "
             "added, removed and edited, by ordinal); --json prints {id, "
             "name, dataset_id, dataset, rows, accepted_only, created_at, "
             "previous: {id, name}|null, added, removed, edited, "
             "added_rows, removed_rows, edited_rows, rows_truncated} "
             "(at most 1000 ordinals per list).\n\n"
             "Exit status: 0 frozen, 1 the name is taken, 2 usage error or "
             "no such project or dataset.",
  .examples = "versus-cli dataset snapshot support.versus Tickets --name \"before cleaning\"\n"
              "versus-cli dataset snapshot support.versus 1 --accepted-only --json",
};

int
vs_cli_dataset_snapshot (int    argc,
                         char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&vs_cli_dataset_snapshot_help);
  int parsed;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(VsSnapshotInfo) info = NULL;
  g_autoptr(VsSnapshotDiff) diff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  gboolean accepted_only = FALSE;
  gboolean json = FALSE;
  gint64 dataset_id, id;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name,
      "The snapshot's name (default: the date and time, with \" 2\", … when taken)", "NAME" },
    { "accepted-only", 0, 0, G_OPTION_ARG_NONE, &accepted_only,
      "Only the accepted records (default: every record not rejected)", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the snapshot as JSON on stdout", NULL },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 3)
    return vs_cli_usage_error ("dataset snapshot", "expected a PROJECT and a DATASET");

  project = vs_cli_open_project (argv[1], VS_PROJECT_OPEN_EXISTING);
  if (project == NULL)
    return VS_CLI_EXIT_USAGE;
  dataset_id = vs_dataset_store_resolve (project, argv[2], &error);
  if (dataset_id <= 0)
    return vs_cli_fail (error);
  id = vs_dataset_snapshot_create (project, dataset_id, name, accepted_only, &error);
  if (id <= 0)
    return vs_cli_fail (error);
  info = vs_dataset_snapshot_get (project, id, &error);
  if (info != NULL)
    diff = vs_dataset_snapshot_diff (project, id, MAX_LISTED_ROWS, &error);
  if (diff == NULL)
    return vs_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GPtrArray) names = vs_dataset_store_list_names (project, NULL);
      const char *dataset = argv[2];

      for (guint i = 0; names != NULL && i < names->len; i++)
        if (((VsDatasetName *) g_ptr_array_index (names, i))->id == dataset_id)
          dataset = ((VsDatasetName *) g_ptr_array_index (names, i))->name;
      node = snapshot_json (info, dataset, diff);

      vs_cli_print_json (node);
      return VS_CLI_EXIT_OK;
    }
  printf ("Snapshot:  %s (id %" G_GINT64_FORMAT ")\n", info->name, info->id);
  printf ("Rows:      %" G_GINT64_FORMAT "%s\n", info->n_records,
          info->accepted_only ? " (accepted only)" : "");
  if (diff->previous_id > 0)
    printf ("Changes:   %" G_GINT64_FORMAT " added, %" G_GINT64_FORMAT " removed, %"
            G_GINT64_FORMAT " edited since “%s”\n", diff->n_added, diff->n_removed,
            diff->n_edited, diff->previous_name);
  else
    printf ("Changes:   the first snapshot: %" G_GINT64_FORMAT " added\n", diff->n_added);
  if (diff->previous_id > 0)
    {
      print_ordinals ("added", diff->n_added, diff->added);
      print_ordinals ("removed", diff->n_removed, diff->removed);
      print_ordinals ("edited", diff->n_edited, diff->edited);
    }
  return VS_CLI_EXIT_OK;
}

/* snapshots ------------------------------------------------------------------------------- */

const VsCliHelp vs_cli_dataset_snapshots_help = {
  .name = "dataset snapshots",
  .usage = "PROJECT DATASET [--json]",
  .summary = "List a dataset's snapshots and what each changed",
  .details = "Lists the snapshots of DATASET (its name or id), oldest "
             "first, with their rows, what changed since the previous one "
             "and how many exports, fine-tunes and runs used them; --json "
             "prints [{id, name, rows, accepted_only, created_at, used, "
             "added, removed, edited}, …].",
  .examples = "versus-cli dataset snapshots support.versus Tickets\n"
              "versus-cli dataset snapshots support.versus Tickets --json",
};

int
vs_cli_dataset_snapshots (int    argc,
                          char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&vs_cli_dataset_snapshots_help);
  g_autoptr(VsCliTable) table = NULL;
  int parsed;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(GPtrArray) snapshots = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  gint64 dataset_id;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print a JSON array on stdout", NULL },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 3)
    return vs_cli_usage_error ("dataset snapshots", "expected a PROJECT and a DATASET");

  project = vs_cli_open_project (argv[1], VS_PROJECT_OPEN_READONLY);
  if (project == NULL)
    return VS_CLI_EXIT_USAGE;
  dataset_id = vs_dataset_store_resolve (project, argv[2], &error);
  if (dataset_id <= 0)
    return vs_cli_fail (error);
  snapshots = vs_dataset_snapshot_list (project, dataset_id, &error);
  if (snapshots == NULL)
    return vs_cli_fail (error);

  table = vs_cli_table_new (">ID", "NAME", ">ROWS", ">ADDED", ">REMOVED", ">EDITED", ">USED",
                            "CREATED", NULL);
  for (guint i = 0; i < snapshots->len; i++)
    {
      VsSnapshotInfo *info = g_ptr_array_index (snapshots, i);
      g_autoptr(VsSnapshotDiff) diff = vs_dataset_snapshot_diff (project, info->id, 0, &error);

      if (diff == NULL)
        return vs_cli_fail (error);
      if (json)
        {
          JsonObject *object = json_object_new ();

          json_object_set_int_member (object, "id", info->id);
          json_object_set_string_member (object, "name", info->name);
          json_object_set_int_member (object, "rows", info->n_records);
          json_object_set_boolean_member (object, "accepted_only", info->accepted_only);
          json_object_set_string_member (object, "created_at", info->created_at);
          json_object_set_int_member (object, "used", info->n_references);
          json_object_set_int_member (object, "added", diff->n_added);
          json_object_set_int_member (object, "removed", diff->n_removed);
          json_object_set_int_member (object, "edited", diff->n_edited);
          json_array_add_object_element (array, object);
        }
      else
        {
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, info->id);
          g_autofree char *rows = g_strdup_printf ("%" G_GINT64_FORMAT, info->n_records);
          g_autofree char *added = g_strdup_printf ("%" G_GINT64_FORMAT, diff->n_added);
          g_autofree char *removed = g_strdup_printf ("%" G_GINT64_FORMAT, diff->n_removed);
          g_autofree char *edited = g_strdup_printf ("%" G_GINT64_FORMAT, diff->n_edited);
          g_autofree char *used = g_strdup_printf ("%" G_GINT64_FORMAT, info->n_references);
          g_autofree char *created = g_strdup_printf ("%s%s", info->created_at,
                                                      info->accepted_only ? " (accepted only)"
                                                                          : "");

          vs_cli_table_add_row (table, id, info->name, rows, added, removed, edited, used,
                                created);
        }
    }
  if (json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (root, array);
      vs_cli_print_json (root);
    }
  else
    vs_cli_table_print (table, stdout);
  return VS_CLI_EXIT_OK;
}

/* export ---------------------------------------------------------------------------------- */

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static void
print_note (const VsDatasetExportSummary *summary,
            const char                   *dataset)
{
  for (guint i = 0; i < summary->notes->len; i++)
    {
      VsDatasetExportNote *note = g_ptr_array_index (summary->notes, i);

      fprintf (stderr, "%s: %s\n", dataset, note->message);
    }
  if (summary->n_skipped > (gint64) summary->notes->len)
    fprintf (stderr, "%s: … and %" G_GINT64_FORMAT " more records skipped\n", dataset,
             summary->n_skipped - (gint64) summary->notes->len);
}

static gboolean
is_status (const char *status)
{
  return g_strcmp0 (status, VS_DATASET_STATUS_UNREVIEWED) == 0 ||
         g_strcmp0 (status, VS_DATASET_STATUS_ACCEPTED) == 0 ||
         g_strcmp0 (status, VS_DATASET_STATUS_REJECTED) == 0;
}

const VsCliHelp vs_cli_dataset_export_help = {
  .name = "dataset export",
  .usage = "PROJECT DATASET [--snapshot NAME] [--status STATUS] [--tag T] --to FORMAT -o OUT "
           "[--json]",
  .summary = "Write a snapshot of a dataset in a fine-tuning format",
  .details = "Writes a snapshot of DATASET (its name or id) to OUT in the "
             "format --to names (the wizard's export formats; see "
             "“dataset convert --help”). Without --snapshot the dataset is "
             "frozen first, so every exported file can be traced back to "
             "its exact rows; the export is recorded with the snapshot and "
             "the file's SHA-256, so a fine-tune started from the file "
             "records the snapshot too. --to jsonl without --map writes "
             "the stored rows back as imported (keys in source order); the "
             "chat formats take each record's mapped example. --json "
             "prints the summary with \"snapshot\": {id, name, frozen}.\n\n"
             "Exit status: 0 every record written, 1 records were skipped "
             "(see stderr), 2 usage error, unreadable project, no such "
             "dataset or snapshot.",
  .examples = "versus-cli dataset export support.versus Tickets --to openai-chat -o train.jsonl\n"
              "versus-cli dataset export support.versus Tickets --snapshot \"before cleaning\" "
              "--to csv -o tickets.csv --json",
};

int
vs_cli_dataset_export (int    argc,
                       char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&vs_cli_dataset_export_help);
  int parsed;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(VsDatasetMapping) mapping = NULL;
  g_autoptr(VsDatasetExportSummary) summary = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *snapshot = NULL;
  g_autofree char *status = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *to = NULL;
  g_autofree char *output = NULL;
  g_autofree char *map = NULL;
  const VsExportFormatInfo *format;
  VsDatasetExportOptions options = { 0 };
  gboolean accepted_only = FALSE;
  gboolean json = FALSE;
  Wait wait = { 0 };
  gint64 dataset_id;
  const GOptionEntry entries[] = {
    { "snapshot", 0, 0, G_OPTION_ARG_STRING, &snapshot,
      "The snapshot to write, by name or id (default: freeze one now, named by the date and "
      "time)", "NAME" },
    { "accepted-only", 0, 0, G_OPTION_ARG_NONE, &accepted_only,
      "When freezing: only the accepted records", NULL },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status,
      "Only records with this status in the snapshot (accepted, unreviewed)", "STATUS" },
    { "tag", 0, 0, G_OPTION_ARG_STRING, &tag,
      "Only records with this tag in the snapshot", "T" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to,
      "jsonl, openai-chat, openai-dpo, prompt-completion, alpaca, sharegpt, axolotl or csv",
      "FORMAT" },
    { "map", 0, 0, G_OPTION_ARG_STRING, &map,
      "Map the records again with this mapping (JSON inline or a file) instead of their "
      "stored examples", "SPEC" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The file to write", "OUT" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the summary as JSON on stdout", NULL },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 3)
    return vs_cli_usage_error ("dataset export", "expected a PROJECT and a DATASET");
  if (to == NULL)
    return vs_cli_usage_error ("dataset export", "expected an output format (--to FORMAT)");
  if (output == NULL)
    return vs_cli_usage_error ("dataset export", "expected an output file (-o OUT)");
  format = vs_dataset_export_format_lookup (to);
  if (format == NULL)
    return vs_cli_usage_error ("dataset export", "unknown output format “%s” (use %s)", to,
                               vs_dataset_export_format_names ());
  if (status != NULL && !is_status (status))
    return vs_cli_usage_error ("dataset export",
                               "unknown status “%s” (use accepted, unreviewed or rejected)",
                               status);
  if (map != NULL)
    {
      g_autofree char *contents = NULL;
      const char *p = map;

      while (g_ascii_isspace (*p))
        p++;
      if (*p != '{' && !g_file_get_contents (map, &contents, NULL, &error))
        {
          vs_cli_error ("--map: %s", error->message);
          return VS_CLI_EXIT_USAGE;
        }
      mapping = vs_dataset_mapping_new_from_data (contents ? contents : map, -1, &error);
      if (mapping == NULL)
        {
          vs_cli_error ("--map: %s", error->message);
          return VS_CLI_EXIT_USAGE;
        }
    }

  project = vs_cli_open_project (argv[1], VS_PROJECT_OPEN_EXISTING);
  if (project == NULL)
    return VS_CLI_EXIT_USAGE;
  dataset_id = vs_dataset_store_resolve (project, argv[2], &error);
  if (dataset_id <= 0)
    return vs_cli_fail (error);
  if (snapshot != NULL)
    {
      options.snapshot_id = vs_dataset_snapshot_find (project, dataset_id, snapshot, &error);
      if (options.snapshot_id <= 0)
        return vs_cli_fail (error);
    }
  options.format = format->format;
  options.mapping = mapping;
  options.accepted_only = accepted_only;
  options.status = status;
  options.tag = tag;

  loop = g_main_loop_new (NULL, FALSE);
  wait.loop = loop;
  vs_dataset_export_dataset_async (project, dataset_id, output, &options, NULL, NULL, NULL,
                                   NULL, on_done, &wait);
  g_main_loop_run (loop);
  summary = vs_dataset_export_dataset_finish (project, wait.result, &error);
  g_clear_object (&wait.result);
  if (summary == NULL)
    {
      if (error->domain == G_IO_ERROR)
        {
          vs_cli_error ("cannot write “%s”: %s", output, error->message);
          return VS_CLI_EXIT_USAGE;
        }
      return vs_cli_fail (error);
    }

  if (json)
    {
      g_autoptr(JsonNode) node = vs_dataset_export_summary_to_json (summary);

      vs_cli_print_json (node);
    }
  else
    {
      print_note (summary, argv[2]);
      for (guint i = 0; i < summary->files->len; i++)
        {
          VsDatasetExportFile *file = g_ptr_array_index (summary->files, i);

          if (file->n_examples >= 0)
            printf ("%-11s %6" G_GINT64_FORMAT "  %s\n", "written", file->n_examples,
                    file->path);
          else
            printf ("%-11s %6s  %s\n", "companion", "-", file->path);
        }
      printf ("Snapshot:  %s (id %" G_GINT64_FORMAT ")%s\n", summary->snapshot_name,
              summary->snapshot_id, summary->snapshot_frozen ? ", frozen for this export" : "");
    }
  return summary->n_skipped > 0 ? VS_CLI_EXIT_PROBLEMS : VS_CLI_EXIT_OK;
}
