/* vs-cli-dataset-search.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * versus-cli dataset search PROJECT DATASET QUERY [--limit N] [--json] [filters]
 * A full-text search (FTS5 syntax) over one dataset's records, ranked by bm25, with the
 * table's filters (vs-dataset-search.h). The search index is brought up to date first, with
 * progress on stderr. --json prints [{"row", "score", "record"}, …]: `row` is the record's
 * ordinal in its source, `score` its relevance (null when the query matched too many records
 * to rank and the rows come in row order), `record` the row exactly as stored. Exit status:
 * 0 success (also with no match), 2 usage error, unreadable project, unknown dataset or a
 * malformed query.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vs-cli.h"
#include "vs-cli-command.h"
#include "vs-cli-commands.h"
#include "vs-dataset-search.h"
#include "vs-dataset-store.h"
#include "vs-error.h"
#include "vs-json.h"

#define DEFAULT_LIMIT 20
#define PREVIEW_CHARS 100

/* A dataset by name, else by numeric id: how every dataset command takes DATASET. 0 with a
 * message on stderr when there is none. */
static gint64
resolve_dataset (VsProject  *project,
                 const char *name_or_id)
{
  g_autoptr(GPtrArray) datasets = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = vs_dataset_store_find (project, name_or_id);
  char *end = NULL;

  if (id > 0)
    return id;
  if (g_ascii_isdigit (*name_or_id))
    {
      id = g_ascii_strtoll (name_or_id, &end, 10);
      if (*end != '\0')
        id = 0;
    }
  datasets = vs_dataset_list (project, &error);
  for (guint i = 0; id > 0 && datasets != NULL && i < datasets->len; i++)
    if (((VsDatasetInfo *) g_ptr_array_index (datasets, i))->id == id)
      return id;
  vs_cli_error ("the project has no dataset called “%s”", name_or_id);
  return 0;
}

/* "MIN:MAX", "MIN:", ":MAX" or "N" (both bounds), each a whole number ≥ 0. */
static gboolean
parse_range (const char *text,
             gint64     *min,
             gint64     *max)
{
  g_auto(GStrv) parts = NULL;
  guint64 value;

  if (text == NULL)
    return TRUE;
  parts = g_strsplit (text, ":", -1);
  if (g_strv_length (parts) > 2 || (parts[0][0] == '\0' && (parts[1] == NULL ||
                                                            parts[1][0] == '\0')))
    return FALSE;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      gint64 *bound = i == 0 ? min : max;

      if (parts[i][0] == '\0')
        continue;
      if (!g_ascii_string_to_unsigned (parts[i], 10, 0, G_MAXINT64, &value, NULL))
        return FALSE;
      *bound = (gint64) value;
    }
  if (parts[1] == NULL)
    *max = *min;
  return *min < 0 || *max < 0 || *min <= *max;
}

static void
show_progress (gint64   done,
               gint64   total,
               gint64   items,
               gpointer user_data)
{
  if (total > 0)
    fprintf (stderr, "\rBuilding the search index: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
             " records (%.0f%%)", done, total, 100.0 * done / total);
  fflush (stderr);
}

/* Brings the index up to date; FALSE with the exit code in @status. */
static gboolean
ensure_index (VsProject *project,
              gboolean   quiet,
              int       *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProgressRelay) relay = NULL;
  gboolean tty = !quiet && isatty (STDERR_FILENO);
  gint64 pending = vs_dataset_search_get_pending (project, &error);

  if (pending < 0)
    {
      *status = vs_cli_fail (error);
      return FALSE;
    }
  if (pending == 0)
    return TRUE;

  if (!quiet && !tty)
    fprintf (stderr, "Building the search index (%" G_GINT64_FORMAT " records)…\n", pending);
  if (tty)
    relay = vs_progress_relay_new_direct (show_progress, NULL, NULL);
  if (!vs_dataset_search_build_sync (project, NULL, relay, &error))
    {
      if (tty)
        fprintf (stderr, "\r\033[K");
      *status = vs_cli_fail (error);
      return FALSE;
    }
  if (tty)
    fprintf (stderr, "\r\033[K");
  return TRUE;
}

static void
print_json (const VsSearchResult *result)
{
  g_autoptr(GString) out = g_string_new ("[");

  for (guint i = 0; i < result->hits->len; i++)
    {
      const VsSearchHit *hit = g_ptr_array_index (result->hits, i);
      g_autofree char *score = hit->has_score ? vs_json_format_double (hit->score)
                                              : g_strdup ("null");

      /* The record exactly as stored: the project keeps valid JSON with the source's key
       * order, and a round trip through a parser could reorder or reformat it. */
      g_string_append_printf (out, "%s{\"row\":%" G_GINT64_FORMAT ",\"score\":%s,\"record\":%s}",
                              i > 0 ? "," : "", hit->ordinal, score, hit->data);
    }
  g_string_append (out, "]\n");
  fputs (out->str, stdout);
  fflush (stdout);
}

/* The row's string values on one line, cut to PREVIEW_CHARS characters. */
static char *
preview (const char *data)
{
  g_autoptr(JsonObject) object = vs_json_parse_object (data, -1, NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GList) members = NULL;
  char *cut;

  if (object == NULL)
    return g_strdup (data);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);
      g_autofree char *value = JSON_NODE_HOLDS_VALUE (node) &&
                               json_node_get_value_type (node) == G_TYPE_STRING
                               ? g_strdup (json_node_get_string (node))
                               : vs_json_to_string (node, FALSE);

      g_string_append_printf (text, "%s%s: %s", text->len > 0 ? " · " : "",
                              (const char *) l->data, value);
    }
  g_strdelimit (text->str, "\n\r\t", ' ');
  if (g_utf8_strlen (text->str, -1) <= PREVIEW_CHARS)
    return g_strdup (text->str);
  cut = g_utf8_substring (text->str, 0, PREVIEW_CHARS - 1);
  return g_strconcat (cut, "…", NULL);
}

static void
print_text (const VsSearchResult *result)
{
  for (guint i = 0; i < result->hits->len; i++)
    {
      const VsSearchHit *hit = g_ptr_array_index (result->hits, i);
      g_autofree char *line = preview (hit->data);

      if (hit->has_score)
        printf ("%8" G_GINT64_FORMAT "  %7.2f  %s\n", hit->ordinal, hit->score, line);
      else
        printf ("%8" G_GINT64_FORMAT "  %7s  %s\n", hit->ordinal, "-", line);
    }
}

const VsCliHelp vs_cli_dataset_search_help = {
  .name = "dataset search",
  .usage = "PROJECT DATASET QUERY [--limit N] [--json] [--split S] [--status S] [--tag T] "
           "[--rating N|MIN:MAX] [--problem KEY] [--tokens MIN:MAX] [--cluster N]",
  .summary = "Full-text search in a dataset's records, best matches first",
  .details = "Searches every text value of the records of DATASET (a name or "
             "a numeric id) — all columns of the row and the mapped chat "
             "example — and prints the best matches first, ranked by bm25.\n\n"
             "QUERY uses SQLite FTS5's syntax: words (all must match), "
             "\"a phrase\", prefix* , OR, NOT, NEAR(a b, 5), and column "
             "filters data: or example:. Words match without regard to case "
             "or accents. An empty QUERY (\"\") lists the records the "
             "filters keep, in file order. A query that matches more than "
             "10,000 records lists them in row order (the order they were "
             "imported), with score null.\n\n"
             "The search index is brought up to date first (with progress "
             "on stderr); this writes to PROJECT.\n\n"
             "Output: one line per record (ordinal, score, the row's "
             "values); the number of matches on stderr.\n\n"
             "Exit status: 0 success (also when nothing matches), 2 usage "
             "error, unreadable project, unknown dataset or malformed "
             "QUERY.",
  .examples = "versus-cli dataset search support.versus Tickets \"refund NOT invoice\"\n"
              "versus-cli dataset search support.versus Tickets \"\" --status unreviewed "
              "--limit 0 --json",
};

int
vs_cli_dataset_search (int    argc,
                       char **argv)
{
  g_autoptr(VsCliCommand) command = vs_cli_command_new (&vs_cli_dataset_search_help);
  int parsed;
  g_autoptr(VsProject) project = NULL;
  g_autoptr(VsRecordQuery) query = vs_record_query_new ();
  g_autoptr(VsSearchResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *split = NULL;
  g_autofree char *status = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *rating = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *tokens = NULL;
  gint64 cluster = -1;
  int limit = DEFAULT_LIMIT;
  gboolean json = FALSE;
  int exit_status = VS_CLI_EXIT_OK;
  gint64 dataset_id;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit,
      "Print at most N records (default 20; 0: all)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      "Print [{\"row\", \"score\", \"record\"}, …] on stdout", NULL },
    { "split", 0, 0, G_OPTION_ARG_STRING, &split,
      "Only records in SPLIT: train, validation, test or unassigned", "SPLIT" },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status,
      "Only records reviewed so: accepted, rejected or unreviewed", "STATUS" },
    { "tag", 0, 0, G_OPTION_ARG_STRING, &tag, "Only records tagged TAG", "TAG" },
    { "rating", 0, 0, G_OPTION_ARG_STRING, &rating,
      "Only records rated N, or MIN:MAX (0 = not rated)", "N|MIN:MAX" },
    { "problem", 0, 0, G_OPTION_ARG_STRING, &problem,
      "Only records with a validation problem of KEY (e.g. missing_content)", "KEY" },
    { "tokens", 0, 0, G_OPTION_ARG_STRING, &tokens,
      "Only records whose token count is in MIN:MAX (either may be left out)", "MIN:MAX" },
    { "cluster", 0, 0, G_OPTION_ARG_INT64, &cluster,
      "Only the near-duplicate cluster N (the id of its first record)", "N" },
    { NULL }
  };

  vs_cli_command_add_entries (command, NULL, entries);
  if ((parsed = vs_cli_command_parse (command, &argc, &argv)) != VS_CLI_GO_ON)
    return parsed;
  if (argc != 4)
    return vs_cli_usage_error ("dataset search", "expected a PROJECT, a DATASET and a QUERY");
  if (limit < 0)
    return vs_cli_usage_error ("dataset search", "--limit must be 0 or more");
  if (split != NULL && !g_strv_contains ((const char *[]) { "train", "validation", "test",
                                                             "unassigned", NULL }, split))
    return vs_cli_usage_error ("dataset search", "unknown split “%s” (use train, validation, "
                               "test or unassigned)", split);
  if (status != NULL && !g_strv_contains ((const char *[]) { "accepted", "rejected",
                                                              "unreviewed", NULL }, status))
    return vs_cli_usage_error ("dataset search", "unknown status “%s” (use accepted, rejected "
                               "or unreviewed)", status);
  if (!parse_range (rating, &query->min_rating, &query->max_rating) ||
      query->max_rating > 5)
    return vs_cli_usage_error ("dataset search", "--rating takes N or MIN:MAX between 0 and 5, "
                               "not “%s”", rating);
  if (!parse_range (tokens, &query->min_tokens, &query->max_tokens))
    return vs_cli_usage_error ("dataset search", "--tokens takes MIN:MAX (whole numbers, MIN "
                               "≤ MAX), not “%s”", tokens);
  if (cluster < -1 || cluster == 0)
    return vs_cli_usage_error ("dataset search", "--cluster takes a record id (1 or more)");

  query->text = g_strdup (argv[3]);
  query->split = g_steal_pointer (&split);
  query->status = g_steal_pointer (&status);
  query->tag = g_steal_pointer (&tag);
  query->problem = g_steal_pointer (&problem);
  query->cluster = cluster;

  project = vs_cli_open_project (argv[1], VS_PROJECT_OPEN_EXISTING);
  if (project == NULL)
    return VS_CLI_EXIT_USAGE;
  dataset_id = resolve_dataset (project, argv[2]);
  if (dataset_id == 0)
    return VS_CLI_EXIT_USAGE;
  if (!ensure_index (project, json, &exit_status))
    return exit_status;

  /* Only the human summary says how many match: JSON lists the first rows alone. */
  result = vs_dataset_search_sync (project, dataset_id, query, (guint) limit, !json, NULL,
                                   &error);
  if (result == NULL)
    {
      vs_cli_error ("%s", error->message);
      /* A malformed query is a usage error. */
      return g_error_matches (error, VS_ERROR, VS_ERROR_INVALID) ? VS_CLI_EXIT_USAGE
                                                                 : vs_cli_exit_for_error (error);
    }

  if (json)
    print_json (result);
  else
    {
      g_autofree char *text = g_strstrip (g_strdup (query->text));

      print_text (result);
      fprintf (stderr, "%" G_GINT64_FORMAT " matching record%s%s\n", result->n_matches,
               result->n_matches == 1 ? "" : "s",
               !result->ranked && *text != '\0' ? " (too many to rank: in row order)" : "");
    }
  return VS_CLI_EXIT_OK;
}
