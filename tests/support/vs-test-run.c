/* vs-test-run.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bundles with a recorded run of known outcomes (vs-test-run.h).
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vs-bundle.h"
#include "vs-run-store.h"
#include "vs-test-run.h"
#include "vs-test-util.h"

static const char * const labels[] = { "billing", "technical", "account", "shipping",
                                       "feedback" };
static const char * const names[] = { "Base + prompt", "Tuned", "Tuned + prompt" };

static void
write_file (const char *dir,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

char *
vs_test_run_bundle (const VsTestRunOptions *o)
{
  char *dir = vs_test_tmpdir_new ();
  g_autoptr(GString) records = g_string_new (NULL);
  g_autoptr(GString) results = g_string_new (NULL);
  g_autoptr(GString) spec = g_string_new (NULL);
  g_autoptr(GString) project = g_string_new (NULL);

  g_assert_cmpuint (o->n_contenders, >=, 1);
  g_assert_cmpuint (o->n_contenders, <=, G_N_ELEMENTS (names));
  for (guint i = 0; i < o->n_cases; i++)
    g_string_append_printf (records, "{\"text\": \"Ticket %u\", \"label\": \"%s\", "
                                     "\"split\": \"test\"}\n", i + 1, labels[i % 5]);
  for (guint c = 0; c < o->n_contenders; c++)
    for (guint i = 0; i < o->n_cases; i++)
      {
        gboolean pass = o->passes ? o->passes (c, i, o->data) : TRUE;
        const char *answer = labels[(i + (pass ? 0 : 1 + c % 4)) % 5];

        g_string_append_printf (results,
                                "{\"contender\": \"%s\", \"case\": %u, \"output\": \"%s\", "
                                "\"latency_ms\": %u, \"prompt_tokens\": %u, "
                                "\"completion_tokens\": 2}\n",
                                names[c], i + 1, answer, 300 + 150 * c + (i * 37) % 200,
                                c == 0 || c == 2 ? 400 : 60);
      }

  g_string_append (spec, "{\"input\": {\"text\": \"text\"}, \"expected\": \"label\", "
                         "\"contenders\": [");
  for (guint c = 0; c < o->n_contenders; c++)
    {
      g_string_append_printf (spec, "%s{\"name\": \"%s\", \"endpoint\": "
                                    "\"http://127.0.0.1:9/v1\", \"model\": \"%s\", "
                                    "\"template\": \"template.json\"",
                              c ? ", " : "", names[c], c == 0 ? "base-model" : "tuned-model");
      if (c == 1 && o->training_cost > 0)
        g_string_append_printf (spec, ", \"training_cost_usd\": %g", o->training_cost);
      g_string_append (spec, "}");
    }
  g_string_append_printf (spec, "], \"metrics\": [{\"type\": \"%s\", \"name\": \"%s\"}%s]",
                          o->label_metric ? "label" : "exact",
                          o->label_metric ? "label" : "exact",
                          o->scored_metric ? ", {\"type\": \"token_f1\", \"name\": \"token_f1\"}"
                                           : "");
  if (o->prices)
    g_string_append (spec, ", \"prices\": {\"base-model\": {\"input\": 1.0, \"output\": 2.0}, "
                           "\"tuned-model\": {\"input\": 1.5, \"output\": 3.0}}");
  g_string_append (spec, "}\n");

  g_string_append_printf (project,
                          "{\"name\": \"Run tests\", \"templates\": [\"template.json\"], "
                          "\"datasets\": [{\"name\": \"Cases\", \"file\": \"cases.jsonl\", "
                          "\"split_column\": \"split\"}], "
                          "\"snapshots\": [{\"dataset\": \"Cases\", \"name\": \"v1\"}], "
                          "\"evaluations\": [{\"name\": \"%s\", \"snapshot\": \"v1\", "
                          "\"split\": \"test\", \"spec\": \"spec.json\", "
                          "\"results\": \"results.jsonl\", "
                          "\"created_at\": \"2026-11-20T10:00:00Z\", "
                          "\"started_at\": \"2026-11-20T10:00:01Z\", "
                          "\"finished_at\": \"2026-11-20T10:05:00Z\"}]}\n",
                          VS_TEST_RUN_NAME);
  write_file (dir, "template.json",
              "{\"name\": \"Classify\", \"messages\": [{\"role\": \"user\", "
              "\"content\": \"{{text}}\"}]}\n");
  write_file (dir, "cases.jsonl", records->str);
  write_file (dir, "results.jsonl", results->str);
  write_file (dir, "spec.json", spec->str);
  write_file (dir, "project.json", project->str);
  return dir;
}

VsProject *
vs_test_run_project (const VsTestRunOptions *options,
                     char                  **dir_out,
                     gint64                 *run_id_out)
{
  g_autofree char *bundle = vs_test_run_bundle (options);
  g_autoptr(GError) error = NULL;
  VsProject *project = vs_test_project_new ("runs.versus", dir_out, NULL);

  g_assert_true (vs_bundle_import (project, bundle, &error));
  g_assert_no_error (error);
  vs_test_tmpdir_free (g_steal_pointer (&bundle));
  *run_id_out = vs_run_store_find_by_name (project, VS_TEST_RUN_NAME, &error);
  g_assert_no_error (error);
  g_assert_cmpint (*run_id_out, >, 0);
  return project;
}
