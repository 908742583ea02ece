/* fuzz-search-query.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any bytes as a records search (vs_dataset_search_sync) over a small indexed project: the
 * search answers or refuses with VS_ERROR_INVALID — never another error, never a crash —
 * every hit belongs to the dataset, and the words it matched are found again in the hit's
 * text by vs_dataset_search_find_matches(), whose ranges stay inside that text. The bytes are
 * also tried as the text to highlight.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vs-dataset-search.h"
#include "vs-error.h"
#include "vs-project-private.h"
#include "vs-test-util.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static VsProject *project;
static char *project_dir;

static void
tear_down (void)
{
  g_clear_object (&project);
  g_clear_pointer (&project_dir, vs_test_tmpdir_free);
}

static void
set_up (void)
{
  g_autoptr(GError) error = NULL;

  project = vs_test_project_new ("fuzz.versus", &project_dir, NULL);
  atexit (tear_down);
  if (!vs_project_exec (project,
                        "INSERT INTO datasets (name, created_at, updated_at)"
                        " VALUES ('d', 'now', 'now');"
                        "INSERT INTO records (dataset_id, ordinal, data, example) VALUES"
                        " (1, 1, '{\"q\": \"What is the capital of France?\", \"a\": \"Paris\"}',"
                        "  NULL),"
                        " (1, 2, '{\"q\": \"Café crème, s''il vous plaît\", \"n\": 3}', NULL),"
                        " (1, 3, '{\"messages\": [{\"role\": \"user\", \"content\": \"Привет мир"
                        " 東京 gpt-4o\"}]}', '{\"messages\": [{\"role\": \"user\", \"content\":"
                        " \"hello world\"}]}');",
                        &error) ||
      !vs_dataset_search_build_sync (project, NULL, NULL, &error))
    g_error ("fuzz-search-query: %s", error->message);
}

static void
check_hit (const VsSearchHit *hit)
{
  g_assert_cmpint (hit->ordinal, >=, 1);
  g_assert_cmpint (hit->ordinal, <=, 3);
  if (hit->matches != NULL)
    {
      g_autofree char *text = g_strconcat (hit->data, " ", hit->example ? hit->example : "",
                                           NULL);
      g_autoptr(GArray) ranges = vs_dataset_search_find_matches (text, (const char * const *)
                                                                 hit->matches);

      for (guint i = 0; i + 1 < ranges->len; i += 2)
        {
          g_assert_cmpuint (g_array_index (ranges, guint, i), <,
                            g_array_index (ranges, guint, i + 1));
          g_assert_cmpuint (g_array_index (ranges, guint, i + 1), <=, strlen (text));
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(VsRecordQuery) query = vs_record_query_new ();
  g_autoptr(VsSearchResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *words[] = { "paris", "café", "мир", NULL };
  g_autoptr(GArray) ranges = NULL;

  if (project == NULL)
    set_up ();

  ranges = vs_dataset_search_find_matches (text, words);
  for (guint i = 0; i + 1 < ranges->len; i += 2)
    g_assert_cmpuint (g_array_index (ranges, guint, i + 1), <=, strlen (text));

  query->text = g_steal_pointer (&text);
  query->sort = VS_RECORD_SORT_RANK;
  result = vs_dataset_search_sync (project, 1, query, 10, TRUE, NULL, &error);
  if (result == NULL)
    {
      g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
      return 0;
    }
  g_assert_cmpint (result->n_matches, ==, result->hits->len);
  for (guint i = 0; i < result->hits->len; i++)
    check_hit (g_ptr_array_index (result->hits, i));
  return 0;
}
