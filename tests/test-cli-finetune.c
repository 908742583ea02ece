/* test-cli-finetune.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `versus-cli finetune` run as a user would, against the fake server in this process: create
 * (estimate on stderr, --json job object, recorded with --project), status (one GET of the job
 * only), events (oldest first, each once, metrics), list, chart, cancel, a provider's error
 * message, a file over the limit refused before any request, every provider through the same
 * commands, the key never in the project file, and the local-trainer kit.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "vs-fake-llm.h"
#include "vs-json.h"
#include "vs-test-util.h"

#define SECRET_KEY "sk-cli-finetune-secret-9876"

typedef struct
{
  VsFakeLlm *fake;
  char      *dir;
  char      *train;
  char      *project;
  char      *url;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GString *text = g_string_new (NULL);

  f->fake = vs_fake_llm_new (0, &error);
  g_assert_no_error (error);
  vs_fake_llm_set_required_key (f->fake, SECRET_KEY);
  g_setenv ("VERSUS_API_KEY", SECRET_KEY, TRUE);
  g_setenv ("VERSUS_RETRY_BASE_MS", "1", TRUE);
  f->dir = vs_test_tmpdir_new ();
  for (int i = 0; i < 20; i++)
    g_string_append_printf (text, "{\"messages\":[{\"role\":\"user\",\"content\":\"question %d\"},"
                            "{\"role\":\"assistant\",\"content\":\"answer %d\"}]}\n", i, i);
  f->train = g_build_filename (f->dir, "train.jsonl", NULL);
  g_assert_true (g_file_set_contents (f->train, text->str, -1, NULL));
  g_string_free (text, TRUE);
  f->project = g_build_filename (f->dir, "ft.versus", NULL);
  f->url = g_strconcat (vs_fake_llm_get_url (f->fake), "/v1", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_unsetenv ("VERSUS_API_KEY");
  g_unsetenv ("VERSUS_RETRY_BASE_MS");
  vs_fake_llm_free (f->fake);
  vs_test_tmpdir_free (f->dir);
  g_free (f->train);
  g_free (f->project);
  g_free (f->url);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = vs_json_parse (text, -1, &error);

  g_assert_no_error (error);
  return node;
}

static void
assert_job_object (JsonObject *o)
{
  static const char *fields[] = { "id", "state", "status", "model", "fine_tuned_model",
                                  "created_at", "finished_at", "error" };
  GList *members = json_object_get_members (o);
  /* `finetune status` adds the data snapshot the stored job used. */
  guint extra = json_object_has_member (o, "snapshot_id") + json_object_has_member (o, "snapshot");

  g_assert_cmpuint (g_list_length (members), ==, G_N_ELEMENTS (fields) + extra);
  g_list_free (members);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_assert_true (json_object_has_member (o, fields[i]));
}

static char *
create_job (Fixture    *f,
            const char *model)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;

  g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "create", "--endpoint", f->url,
                                "--project", f->project, "--model", model, "--train", f->train,
                                "--validation", f->train, "--epochs", "2", "--suffix", "demo",
                                "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "Estimate: 20 examples"));
  g_assert_nonnull (strstr (err, "× 2 epochs"));
  node = parse (out);
  o = json_node_get_object (node);
  /* What it started, on stderr (stdout is the job). */
  {
    g_autofree char *started = g_strdup_printf ("Started fine-tuning job %s on openai (%s), "
                                                "recorded in %s.\n",
                                                json_object_get_string_member (o, "id"), model,
                                                f->project);

    g_assert_true (g_str_has_suffix (err, started));
  }
  assert_job_object (o);
  g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "VALIDATING");
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "validating_files");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (o, "created_at"), "Z"));
  return g_strdup (json_object_get_string_member (o, "id"));
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  for (gsize i = 0, n = strlen (needle); i + n <= length; i++)
    if (contents[i] == needle[0] && memcmp (contents + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
test_lifecycle (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *id = create_job (f, "fake-base");
  g_autofree char *job_path = g_strconcat ("/v1/fine_tuning/jobs/", id, NULL);
  g_autofree char *events_path = g_strconcat (job_path, "/events", NULL);
  g_autofree char *chart = g_build_filename (f->dir, "loss.svg", NULL);
  g_autofree char *wal = g_strconcat (f->project, "-wal", NULL);
  g_autoptr(JsonNode) events = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;
  guint n_metrics = 0;
  char *out = NULL, *err = NULL;

  /* status: one GET of the job, nothing else */
  vs_fake_llm_reset_counts (f->fake);
  g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "status", id, "--endpoint", f->url,
                                "--json", NULL), ==, 0);
  {
    g_autoptr(JsonNode) node = parse (out);
    assert_job_object (json_node_get_object (node));
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "state"), ==,
                     "QUEUED");
  }
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 1);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, job_path), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* the plain line, until the job is done (each GET moves the fake's job on) */
  for (int i = 0; i < 10; i++)
    {
      g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "status", id, "--endpoint", f->url,
                                    "--project", f->project, NULL), ==, 0);
      if (g_str_has_prefix (out, "SUCCEEDED"))
        break;
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }
  g_assert_nonnull (out);
  g_assert_true (g_str_has_prefix (out, "SUCCEEDED succeeded ft:fake-base:versus:demo:"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* events: oldest first, each once, metrics */
  g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "events", id, "--endpoint", f->url,
                                "--project", f->project, "--json", NULL), ==, 0);
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, events_path), >=, 3); /* pages */
  events = parse (out);
  array = json_node_get_array (events);
  g_assert_cmpuint (json_array_get_length (array), >=, 7);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *e = json_array_get_object_element (array, i);
      JsonNode *metrics = json_object_get_member (e, "metrics");
      GList *members = json_object_get_members (e);

      g_assert_cmpuint (g_list_length (members), ==, 5);
      g_list_free (members);
      g_assert_false (g_hash_table_contains (ids, json_object_get_string_member (e, "id")));
      g_hash_table_add (ids, (gpointer) json_object_get_string_member (e, "id"));
      if (i > 0)
        g_assert_cmpstr (json_object_get_string_member (
                           json_array_get_object_element (array, i - 1), "created_at"), <=,
                         json_object_get_string_member (e, "created_at"));
      if (!JSON_NODE_HOLDS_NULL (metrics))
        {
          JsonObject *m = json_node_get_object (metrics);
          g_assert_cmpint (json_object_get_int_member (m, "step"), ==, ++n_metrics);
          g_assert_true (json_object_has_member (m, "train_loss"));
          g_assert_true (json_object_has_member (m, "valid_loss"));
          g_assert_true (json_object_has_member (m, "train_mean_token_accuracy"));
        }
    }
  g_assert_cmpuint (n_metrics, ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0),
                                                  "message"), ==, "Created fine-tuning job");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* list from the project */
  g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "list", "--project", f->project,
                                "--json", NULL), ==, 0);
  list = parse (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  {
    JsonObject *job = json_array_get_object_element (json_node_get_array (list), 0);
    assert_job_object (job);
    g_assert_cmpstr (json_object_get_string_member (job, "id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (job, "state"), ==, "SUCCEEDED");
    g_assert_nonnull (json_object_get_string_member (job, "finished_at"));
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The text list: an aligned table under a header. */
  g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "list", "--project", f->project, NULL),
                   ==, 0);
  g_assert_true (g_str_has_prefix (out, "ID"));
  g_assert_nonnull (strstr (out, "  STATE  "));
  vs_test_assert_table (out, "ID", 1);
  g_assert_nonnull (strstr (out, id));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* chart: from the provider, then from the project's stored events (no request) */
  g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "chart", id, "--endpoint", f->url,
                                "-o", chart, NULL), ==, 0);
  g_assert_true (file_contains (chart, "<svg"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_remove (chart);
  g_assert_cmpuint (vs_fake_llm_get_auth_count (f->fake), >, 0); /* the key was sent */
  vs_fake_llm_reset_counts (f->fake);
  /* the endpoint by its saved name ("HOST:PORT (openai)", saved by create); an unknown name
   * is a usage error that says so */
  {
    g_autofree char *host = g_strndup (f->url + strlen ("http://"),
                                       strlen (f->url) - strlen ("http://") - strlen ("/v1"));
    g_autofree char *name = g_strdup_printf ("%s (openai)", host);

    g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "chart", id, "--project", f->project,
                                  "--endpoint", "no such endpoint", "-o", chart, NULL), ==, 2);
    g_assert_nonnull (strstr (err, "no endpoint called “no such endpoint”"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "chart", id, "--project", f->project,
                                  "--endpoint", name, "-o", chart, NULL), ==, 0);
  }
  g_assert_true (file_contains (chart, "<svg"));
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* the key is nowhere in the project */
  g_assert_true (file_contains (f->project, id) || file_contains (wal, id));
  g_assert_false (file_contains (f->project, SECRET_KEY));
  g_assert_false (file_contains (wal, SECRET_KEY));
}

static void
test_cancel_and_errors (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *id = create_job (f, "fake-base");
  g_autofree char *big = g_build_filename (f->dir, "big.jsonl", NULL);
  g_autofree char *fw = g_strconcat (vs_fake_llm_get_url (f->fake), "/v1/accounts/fake", NULL);
  FILE *file;
  char *out = NULL, *err = NULL;

  g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "cancel", id, "--endpoint", f->url,
                                "--project", f->project, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "CANCELLED cancelled"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* the provider's message, exit 1 */
  g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "create", "--endpoint", f->url,
                                "--model", "fake-unknown", "--train", f->train, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Model fake-unknown is not available for fine-tuning"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* a failed job shows its error */
  {
    g_autofree char *failing = create_job (f, "fake-fail-base");
    g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "status", failing, "--endpoint",
                                  f->url, "--json", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "\"state\":\"FAILED\""));
    g_assert_nonnull (strstr (out, "invalid role"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* over Fireworks' 150 MB limit (a sparse file): refused before any request */
  file = fopen (big, "w");
  g_assert_cmpint (ftruncate (fileno (file), 151 * 1000 * 1000), ==, 0);
  fclose (file);
  vs_fake_llm_reset_counts (f->fake);
  g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "create", "--provider", "fireworks",
                                "--endpoint", fw, "--model", "m", "--train", big, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Nothing was uploaded"));
  g_assert_nonnull (strstr (err, "Fireworks"));
  g_assert_cmpuint (vs_fake_llm_get_request_count (f->fake, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* usage errors */
  g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "create", "--provider", "acme",
                                "--endpoint", f->url, "--model", "m", "--train", f->train, NULL),
                   ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "status", "--endpoint", f->url, NULL),
                   ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
}

/* Every provider through the same commands. */
static void
test_providers (Fixture       *f,
                gconstpointer  data)
{
  static const struct { const char *name; const char *path; const char *done; } providers[] = {
    { "together", "/v1", "SUCCEEDED completed" },
    { "fireworks", "/v1/accounts/fake", "SUCCEEDED JOB_STATE_COMPLETED" },
    { "mistral", "/v1", "SUCCEEDED SUCCESS" },
  };

  for (guint p = 0; p < G_N_ELEMENTS (providers); p++)
    {
      g_autofree char *url = g_strconcat (vs_fake_llm_get_url (f->fake), providers[p].path,
                                          NULL);
      g_autofree char *id = NULL;
      char *out = NULL, *err = NULL;

      g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "create", "--provider",
                                    providers[p].name, "--endpoint", url, "--project", f->project,
                                    "--model", "fake-base", "--train", f->train, NULL), ==, 0);
      id = g_strstrip (g_strdup (out));
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      for (int i = 0; i < 10; i++)
        {
          g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "status", id, "--provider",
                                        providers[p].name, "--endpoint", url, NULL), ==, 0);
          if (g_str_has_prefix (out, "SUCCEEDED"))
            break;
          g_clear_pointer (&out, g_free);
          g_clear_pointer (&err, g_free);
        }
      g_assert_true (g_str_has_prefix (out, providers[p].done));
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "events", id, "--provider",
                                    providers[p].name, "--endpoint", url, "--json", NULL), ==, 0);
      g_assert_true (g_str_has_prefix (out, "["));
      if (strcmp (providers[p].name, "fireworks") != 0)
        g_assert_nonnull (strstr (out, "\"train_loss\""));
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }
  /* all three recorded in the project, one endpoint per URL */
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(JsonNode) list = NULL;

    g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "list", "--project", f->project,
                                  "--json", NULL), ==, 0);
    list = parse (out);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 3);
  }
}

static void
test_kit (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *kit = g_build_filename (f->dir, "kit", NULL);
  g_autofree char *train = g_build_filename (kit, "train.jsonl", NULL);
  g_autofree char *validation = g_build_filename (kit, "validation.jsonl", NULL);
  g_autofree char *axolotl = g_build_filename (kit, "axolotl.yaml", NULL);
  g_autofree char *info = g_build_filename (kit, "dataset_info.json", NULL);
  g_autofree char *readme = g_build_filename (kit, "README.md", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "bad.jsonl", NULL);
  g_autofree char *train_text = NULL;
  g_autofree char *validation_text = NULL;
  g_autoptr(JsonNode) info_node = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL, *err = NULL;
  guint n_train = 0, n_validation = 0;

  g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "kit", f->train, "-o", kit,
                                "--base-model", "Qwen/Qwen2.5-0.5B-Instruct", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "18 training and 2 validation examples"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_get_contents (train, &train_text, NULL, NULL));
  g_assert_true (g_file_get_contents (validation, &validation_text, NULL, NULL));
  for (const char *p = train_text; *p; p++)
    n_train += *p == '\n';
  for (const char *p = validation_text; *p; p++)
    n_validation += *p == '\n';
  g_assert_cmpuint (n_train, ==, 18);
  g_assert_cmpuint (n_validation, ==, 2);

  g_assert_true (file_contains (axolotl, "base_model: Qwen/Qwen2.5-0.5B-Instruct"));
  g_assert_true (file_contains (axolotl, "\ndatasets:\n  - path: train.jsonl"));
  g_assert_true (file_contains (axolotl, "adapter: lora"));
  g_assert_true (file_contains (axolotl, "test_datasets:"));
  info_node = vs_json_load_file (info, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_node_get_object (info_node),
                                                    "versus_train"), "file_name"), ==,
                   "train.jsonl");
  g_assert_true (file_contains (readme, "axolotl train axolotl.yaml"));
  g_assert_true (file_contains (readme, "llamafactory-cli train llamafactory.yaml"));
  g_assert_true (file_contains (readme, "vllm serve ./outputs/lora/merged"));
  g_assert_true (file_contains (readme, "llama-server -m"));
  g_assert_true (file_contains (readme, "ollama create"));
  g_assert_true (file_contains (readme, "versus-cli chat --endpoint http://127.0.0.1:8000/v1"));

  /* the same seed gives the same split */
  {
    g_autofree char *kit2 = g_build_filename (f->dir, "kit2", NULL);
    g_autofree char *validation2 = g_build_filename (kit2, "validation.jsonl", NULL);
    g_autofree char *text2 = NULL;

    g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "kit", f->train, "-o", kit2, NULL),
                     ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_true (g_file_get_contents (validation2, &text2, NULL, NULL));
    g_assert_cmpstr (text2, ==, validation_text);
  }

  /* not chat examples: exit 1, the line named */
  g_assert_true (g_file_set_contents (bad, "{\"messages\":[]}\n{\"prompt\":\"x\"}\n", -1, NULL));
  g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "kit", bad, "-o", kit, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "line 2"));
  g_free (out);
  g_free (err);
}

/* A training file a project's export wrote: the job records the export's snapshot, and
 * `finetune status --json` shows it; a file the project never wrote records none. */
static void
test_snapshot (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *exported = g_build_filename (f->dir, "exported.jsonl", NULL);
  g_autofree char *unknown = g_build_filename (f->dir, "unknown.jsonl", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) export_summary = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autoptr(JsonNode) other = NULL;
  const char *id;
  gint64 snapshot_id;

  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "import", f->project, f->train, "--name",
                                "chats", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&out, &err, "dataset", "export", f->project, "chats", "--to",
                                "openai-chat", "-o", exported, "--json", NULL), ==, 0);
  export_summary = parse (out);
  snapshot_id = json_object_get_int_member (
    json_object_get_object_member (json_node_get_object (export_summary), "snapshot"), "id");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "create", "--endpoint", f->url,
                                "--project", f->project, "--model", "gpt-4o-mini", "--train",
                                exported, "--json", NULL), ==, 0);
  created = parse (out);
  id = json_object_get_string_member (json_node_get_object (created), "id");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "status", id, "--endpoint", f->url,
                                "--project", f->project, "--json", NULL), ==, 0);
  status = parse (out);
  assert_job_object (json_node_get_object (status));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (status), "snapshot_id"), ==,
                   snapshot_id);
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (status), "snapshot"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* The project's list says the same. */
  g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "list", "--project", f->project,
                                "--json", NULL), ==, 0);
  {
    g_autoptr(JsonNode) list = parse (out);

    g_assert_cmpint (json_object_get_int_member (
                       json_array_get_object_element (json_node_get_array (list), 0),
                       "snapshot_id"), ==, snapshot_id);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A file the project never exported (the exported one has the same bytes as f->train). */
  g_assert_true (g_file_set_contents (unknown, "{\"messages\":[{\"role\":\"user\",\"content\":"
                                      "\"q\"},{\"role\":\"assistant\",\"content\":\"a\"}]}\n",
                                      -1, NULL));
  g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "create", "--endpoint", f->url,
                                "--project", f->project, "--model", "gpt-4o-mini", "--train",
                                unknown, "--json", NULL), ==, 0);
  other = parse (out);
  id = json_object_get_string_member (json_node_get_object (other), "id");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vs_test_cli (&out, &err, "finetune", "status", id, "--endpoint", f->url,
                                "--project", f->project, "--json", NULL), ==, 0);
  g_clear_pointer (&status, json_node_unref);
  status = parse (out);
  g_assert_true (json_object_get_null_member (json_node_get_object (status), "snapshot_id"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/versus/cli-finetune/lifecycle", Fixture, NULL, fixture_set_up, test_lifecycle,
              fixture_tear_down);
  g_test_add ("/versus/cli-finetune/cancel-and-errors", Fixture, NULL, fixture_set_up,
              test_cancel_and_errors, fixture_tear_down);
  g_test_add ("/versus/cli-finetune/providers", Fixture, NULL, fixture_set_up, test_providers,
              fixture_tear_down);
  g_test_add ("/versus/cli-finetune/snapshot", Fixture, NULL, fixture_set_up, test_snapshot,
              fixture_tear_down);
  g_test_add ("/versus/cli-finetune/kit", Fixture, NULL, fixture_set_up, test_kit,
              fixture_tear_down);
  return g_test_run ();
}
