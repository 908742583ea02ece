/* bench-validate.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Validation of a chat fine-tuning file against the OpenAI cookbook's checks in Node.js with
 * npm tiktoken@1.0.22 (bench-validate-anchor.mjs): writes a seeded 100,000-example JSONL
 * (system + user + assistant, ~140 tokens each, 1% exact and 1% near duplicates), runs both
 * on it in this run, prints the wall times, their ratio and each one's peak RSS, and fails
 * when the anchor did not run or the two total_tokens differ. Then the import of the same
 * file into a project, against the reader alone.
 *
 * usage: bench-validate VERSUS_CLI ANCHOR_MJS NPM_DEPS_SCRIPT WORKDIR [EXAMPLES]
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vs-dataset-import.h"
#include "vs-dataset-reader.h"
#include "vs-json.h"
#include "vs-project.h"
#include "vs-stats.h"

#define TARGET_RATIO  8.0
#define TARGET_RSS_MB 300.0

static const char * const words[] = {
  "the", "of", "and", "to", "in", "is", "was", "that", "for", "it", "with", "as", "on", "be",
  "at", "by", "this", "had", "not", "are", "but", "from", "or", "have", "an", "they", "which",
  "one", "you", "were", "all", "there", "would", "their", "we", "been", "has", "when", "will",
  "more", "no", "if", "out", "so", "what", "up", "about", "into", "than", "them", "can",
  "only", "other", "new", "some", "could", "time", "these", "two", "may", "then", "first",
  "any", "now", "such", "like", "our", "over", "after", "also", "before", "must", "through",
  "back", "years", "where", "much", "your", "way", "well", "down", "should", "because", "each",
  "just", "those", "people", "how", "little", "state", "good", "very", "make", "world",
  "still", "own", "see", "work", "long", "get", "here", "between", "both", "life", "being",
  "under", "never", "day", "same", "another", "know", "while", "last", "might", "great",
  "old", "year", "off", "come", "since", "against", "right", "used", "take", "three",
  "delivery", "shipment", "warehouse", "account", "password", "subscription", "invoice",
  "refund", "customer", "support", "ticket", "billing", "address", "payment", "settings",
  "notification", "application", "download", "installation", "configuration", "network",
  "connection", "printer", "keyboard", "battery", "warranty", "replacement", "technician",
  "appointment", "schedule", "reservation", "cancellation", "confirmation", "description",
  "information", "department", "manager", "question", "problem", "solution", "recommend",
  "available", "immediately", "unfortunately", "certainly", "additional", "different",
  "important", "following", "previous", "specific", "security", "verification", "browser",
  "dashboard", "workspace", "document", "spreadsheet", "calendar", "language", "translation",
};

static const char * const names[] = {
  "Alice", "Bob", "Carol", "Dave", "Eve", "Mallory", "Paris", "London", "Tokyo", "GNOME",
  "Linux", "JSON", "HTTP", "API", "McDonald", "O'Neil", "São Paulo", "Zürich", "Acme",
  "Globex",
};

static const char * const systems[] = {
  "You are a helpful customer support assistant for %s. Answer politely and briefly.",
  "You are %s's billing assistant. Explain charges clearly and never invent numbers.",
  "You are a friendly travel agent working for %s; suggest practical options.",
  "You are a technical support engineer at %s. Give numbered steps when useful.",
  "You answer questions about %s's products in plain language, without marketing.",
  "You are an assistant that helps %s employees with their calendar and documents.",
};

typedef struct
{
  char *system;
  char *user;
  char *assistant;
} Example;

static void
example_clear (Example *example)
{
  g_free (example->system);
  g_free (example->user);
  g_free (example->assistant);
}

static void
append_sentence (GString    *out,
                 VsStatsRng *rng,
                 guint       min_words,
                 guint       max_words)
{
  guint n = min_words + vs_stats_rng_below (rng, max_words - min_words + 1);
  gsize start = out->len;

  for (guint i = 0; i < n; i++)
    {
      guint64 x = vs_stats_rng_below (rng, 100);

      if (i > 0)
        g_string_append_c (out, ' ');
      if (x < 6)
        g_string_append (out, names[vs_stats_rng_below (rng, G_N_ELEMENTS (names))]);
      else if (x < 14)
        g_string_append_printf (out, "%" G_GUINT64_FORMAT, vs_stats_rng_below (rng, 100000));
      else
        g_string_append (out, words[vs_stats_rng_below (rng, G_N_ELEMENTS (words))]);
      if (i == 2 && x % 5 == 0)
        g_string_append_c (out, ',');
    }
  out->str[start] = g_ascii_toupper (out->str[start]);
  g_string_append_c (out, "...?!"[vs_stats_rng_below (rng, 5)]);
}

static char *
paragraph (VsStatsRng *rng,
           guint       min_sentences,
           guint       max_sentences)
{
  GString *out = g_string_new (NULL);
  guint n = min_sentences + vs_stats_rng_below (rng, max_sentences - min_sentences + 1);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (out, vs_stats_rng_below (rng, 6) == 0 ? "\n\n" : " ");
      append_sentence (out, rng, 6, 16);
    }
  return g_string_free (out, FALSE);
}

static void
write_example (GString       *out,
               const Example *example)
{
  g_string_append (out, "{\"messages\": [{\"role\": \"system\", \"content\": ");
  vs_json_append_escaped (out, example->system, -1);
  g_string_append (out, "}, {\"role\": \"user\", \"content\": ");
  vs_json_append_escaped (out, example->user, -1);
  g_string_append (out, "}, {\"role\": \"assistant\", \"content\": ");
  vs_json_append_escaped (out, example->assistant, -1);
  g_string_append (out, "}]}\n");
}

/* Every 100 examples from the 1,000th on, one repeats an earlier one with a doubled space
 * (an exact duplicate once whitespace is normalised) and one repeats an earlier one with
 * one word of the reply changed (a near duplicate). */
static void
write_dataset (const char *path,
               guint       n_examples)
{
  enum { RING = 4096 };
  g_autofree Example *ring = g_new0 (Example, RING);
  g_autoptr(GString) out = g_string_sized_new (1 << 20);
  FILE *file = g_fopen (path, "wb");
  VsStatsRng rng;

  if (file == NULL)
    {
      fprintf (stderr, "bench-validate: cannot write %s\n", path);
      exit (1);
    }
  vs_stats_rng_init (&rng, 20261202);
  for (guint i = 0; i < n_examples; i++)
    {
      Example example = { 0 };
      guint slot = i % RING;

      if (i >= 1000 && (i % 100 == 37 || i % 100 == 71))
        {
          const Example *earlier = &ring[(i - 1 - vs_stats_rng_below (&rng, 900)) % RING];
          char *space;

          example.system = g_strdup (earlier->system);
          example.user = g_strdup (earlier->user);
          example.assistant = g_strdup (earlier->assistant);
          if (i % 100 == 37)
            {
              space = strchr (example.user, ' ');
              if (space != NULL)
                {
                  char *user = g_strdup_printf ("%.*s  %s", (int) (space - example.user),
                                                example.user, space + 1);

                  g_free (example.user);
                  example.user = user;
                }
            }
          else
            {
              /* replace the 10th word of the reply */
              char *p = example.assistant;
              GString *reply = g_string_new (NULL);

              for (guint w = 0; w < 10 && p != NULL; w++)
                p = strchr (p + 1, ' ');
              if (p != NULL)
                {
                  char *end = strchr (p + 1, ' ');

                  g_string_append_len (reply, example.assistant, p - example.assistant + 1);
                  g_string_append (reply, "meanwhile");
                  g_string_append (reply, end != NULL ? end : "");
                  g_free (example.assistant);
                  example.assistant = g_string_free (reply, FALSE);
                }
              else
                g_string_free (reply, TRUE);
            }
        }
      else
        {
          const char *system = systems[vs_stats_rng_below (&rng, G_N_ELEMENTS (systems))];

          const char *hole = strstr (system, "%s");

          example.system = g_strdup_printf ("%.*s%s%s", (int) (hole - system), system,
                                            names[vs_stats_rng_below (&rng, G_N_ELEMENTS (names))],
                                            hole + 2);
          example.user = paragraph (&rng, 2, 3);
          example.assistant = paragraph (&rng, 4, 6);
        }
      write_example (out, &example);
      example_clear (&ring[slot]);
      ring[slot] = example;
      if (out->len > (1 << 20) - 4096)
        {
          fwrite (out->str, 1, out->len, file);
          g_string_truncate (out, 0);
        }
    }
  fwrite (out->str, 1, out->len, file);
  for (guint i = 0; i < RING; i++)
    example_clear (&ring[i]);
  if (fclose (file) != 0)
    {
      fprintf (stderr, "bench-validate: cannot write %s\n", path);
      exit (1);
    }
}

typedef struct
{
  int    status;   /* exit status, or -1 when it did not exit normally */
  double wall_s;
  double cpu_s;
  double peak_mb;
} Run;

/* Runs @argv with stdout into @stdout_path; wall time, CPU time and peak RSS of the child. */
static Run
run (const char * const *argv,
     const char         *stdout_path)
{
  Run result = { -1, 0, 0, 0 };
  struct rusage usage;
  gint64 start = g_get_monotonic_time ();
  int status;
  pid_t pid;

  fflush (stdout);
  pid = fork ();
  if (pid < 0)
    return result;
  if (pid == 0)
    {
      int fd = open (stdout_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

      if (fd < 0 || dup2 (fd, STDOUT_FILENO) < 0)
        _exit (127);
      execvp (argv[0], (char * const *) argv);
      _exit (127);
    }
  if (wait4 (pid, &status, 0, &usage) < 0)
    return result;
  result.wall_s = (g_get_monotonic_time () - start) / 1e6;
  result.cpu_s = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
                 (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  result.peak_mb = usage.ru_maxrss / 1024.0;  /* kilobytes on Linux */
  result.status = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
  return result;
}

static JsonObject *
read_json (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_mapped_file (parser, path, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static gint64
get_int (JsonObject *object,
         const char *name,
         gint64      fallback)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;
  gint64 value;

  return node != NULL && vs_json_node_get_int64 (node, &value) ? value : fallback;
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gint64
stat_member (JsonObject *report,
             const char *name)
{
  return get_int (get_object (report, "stats"), name, -1);
}

static void
bench_import (const char *dir,
              const char *path,
              double      mb,
              guint       n_examples)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsDatasetReader) reader = vs_dataset_reader_new_for_path (path, 0, &error);
  g_autofree char *project_path = g_build_filename (dir, "import.versus", NULL);
  g_autoptr(VsProject) project = NULL;
  g_autoptr(VsDatasetImportSummary) summary = NULL;
  gint64 start, n = 0;
  double read_s, import_s;
  JsonObject *object;

  start = g_get_monotonic_time ();
  while (reader != NULL && (object = vs_dataset_reader_next (reader, NULL, NULL, &error)) != NULL)
    {
      json_object_unref (object);
      n++;
    }
  read_s = (g_get_monotonic_time () - start) / 1e6;

  g_unlink (project_path);
  project = vs_project_open (project_path, VS_PROJECT_OPEN_CREATE, &error);
  if (project == NULL)
    {
      printf ("import: cannot create a project: %s\n", error->message);
      return;
    }
  start = g_get_monotonic_time ();
  summary = vs_dataset_import_sync (project, path, NULL, NULL, NULL, NULL, &error);
  import_s = (g_get_monotonic_time () - start) / 1e6;
  if (summary == NULL || n != n_examples || summary->n_records != n_examples)
    {
      printf ("import: failed (%s)\n", error ? error->message : "wrong record count");
      return;
    }
  printf ("reader only:   %6.2f s %8.1f MB/s %10.0f rows/s\n", read_s, mb / read_s, n / read_s);
  printf ("import:        %6.2f s %8.1f MB/s %10.0f rows/s  (%.0f%% of the reader's rate)\n",
          import_s, mb / import_s, n / import_s, 100.0 * read_s / import_s);
  g_clear_object (&project);
  g_unlink (project_path);
}

int
main (int   argc,
      char *argv[])
{
  const char *cli, *anchor, *deps, *work;
  guint n_examples;
  g_autofree char *file = NULL, *mods = NULL, *deps_err = NULL;
  g_autofree char *ours_json = NULL, *anchor_json = NULL;
  g_autoptr(JsonObject) ours = NULL, theirs = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ours_total, anchor_total;
  GStatBuf st;
  int deps_status = 0;
  double mb, ratio;
  Run ours_run, anchor_run;
  gboolean ok = TRUE;

  if (argc < 5)
    {
      fprintf (stderr, "usage: bench-validate VERSUS_CLI ANCHOR_MJS NPM_DEPS_SCRIPT WORKDIR "
               "[EXAMPLES]\n");
      return 2;
    }
  cli = argv[1];
  anchor = argv[2];
  deps = argv[3];
  work = argv[4];
  n_examples = argc > 5 ? (guint) atoi (argv[5]) : 100000;

  g_mkdir_with_parents (work, 0755);
  file = g_strdup_printf ("%s/chat-%u.jsonl", work, n_examples);
  ours_json = g_build_filename (work, "versus.json", NULL);
  anchor_json = g_build_filename (work, "anchor.json", NULL);
  write_dataset (file, n_examples);
  g_stat (file, &st);
  mb = st.st_size / 1e6;
  printf ("dataset validate: %u examples, %.1f MB JSONL (%s)\n", n_examples, mb, file);

  {
    const char *deps_argv[] = { deps, NULL };

    if (!g_spawn_sync (NULL, (char **) deps_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &mods,
                       &deps_err, &deps_status, &error) ||
        !g_spawn_check_wait_status (deps_status, NULL))
      {
        fprintf (stderr, "bench-validate: FAILED: cannot install the npm anchor: %s%s\n",
                 error ? error->message : "", deps_err ? deps_err : "");
        return 1;
      }
    g_strstrip (mods);
  }

  {
    const char *anchor_argv[] = { "node", "--max-old-space-size=8192", anchor, mods, file,
                                  "o200k_base", NULL };
    const char *ours_argv[] = { cli, "dataset", "validate", file, "--encoding", "o200k_base",
                                "--json", NULL };

    anchor_run = run (anchor_argv, anchor_json);
    ours_run = run (ours_argv, ours_json);
  }

  theirs = anchor_run.status == 0 ? read_json (anchor_json) : NULL;
  ours = ours_run.status >= 0 && ours_run.status <= 1 ? read_json (ours_json) : NULL;
  if (theirs == NULL)
    {
      fprintf (stderr, "bench-validate: FAILED: the anchor did not run (status %d)\n",
               anchor_run.status);
      return 1;
    }
  if (ours == NULL)
    {
      fprintf (stderr, "bench-validate: FAILED: versus-cli dataset validate did not run "
               "(status %d)\n", ours_run.status);
      return 1;
    }
  ours_total = stat_member (ours, "total_tokens");
  anchor_total = stat_member (theirs, "total_tokens");
  ratio = anchor_run.wall_s / ours_run.wall_s;

  printf ("                               wall       CPU   peak RSS   total_tokens\n");
  printf ("cookbook (node, tiktoken)  %7.2f s %7.2f s %7.0f MB %14" G_GINT64_FORMAT "\n",
          anchor_run.wall_s, anchor_run.cpu_s, anchor_run.peak_mb, anchor_total);
  printf ("versus-cli dataset validate%7.2f s %7.2f s %7.0f MB %14" G_GINT64_FORMAT "\n",
          ours_run.wall_s, ours_run.cpu_s, ours_run.peak_mb, ours_total);
  printf ("examples %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT ", valid %" G_GINT64_FORMAT
          " / %" G_GINT64_FORMAT ", assistant_tokens %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT
          ", mean %.2f tokens per example\n",
          get_int (ours, "examples", -1), get_int (theirs, "examples", -1),
          get_int (ours, "valid_examples", -1),
          get_int (theirs, "valid_examples", -1),
          stat_member (ours, "assistant_tokens"), stat_member (theirs, "assistant_tokens"),
          ours_total / (double) MAX (1, get_int (ours, "valid_examples", 1)));
  {
    JsonObject *warnings = get_object (ours, "warnings");

    if (warnings != NULL)
      printf ("warnings: duplicate %" G_GINT64_FORMAT ", near_duplicate %" G_GINT64_FORMAT "\n",
              get_int (warnings, "duplicate", 0),
              get_int (warnings, "near_duplicate", 0));
  }
  {
    g_autofree char *load = NULL;

    if (g_file_get_contents ("/proc/loadavg", &load, NULL, NULL))
      printf ("CPU-time ratio %.1f× (the anchor uses one core); load average %.*s "
              "on %u cores\n",
              anchor_run.cpu_s / ours_run.cpu_s,
              (int) strcspn (load, " \n"), load, g_get_num_processors ());
  }
  printf ("speed-up: %.1f× (target ≥ %.0f×: %s), peak RSS %.0f MB (target < %.0f MB: %s)\n",
          ratio, TARGET_RATIO, ratio >= TARGET_RATIO ? "met" : "MISSED", ours_run.peak_mb,
          TARGET_RSS_MB, ours_run.peak_mb < TARGET_RSS_MB ? "met" : "MISSED");

  if (ours_total != anchor_total || ours_total <= 0)
    {
      fprintf (stderr, "bench-validate: FAILED: total_tokens differ (versus %" G_GINT64_FORMAT
               ", anchor %" G_GINT64_FORMAT ")\n", ours_total, anchor_total);
      ok = FALSE;
    }

  bench_import (work, file, mb, n_examples);
  return ok ? 0 : 1;
}
