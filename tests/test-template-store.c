/* test-template-store.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Templates in the project file: create/list/rename/duplicate/delete with undo, drafts,
 * immutable versions, restore as new head, and diffs between versions (structure, unified
 * text, side-by-side rows). Everything must survive closing and reopening the file.
 */
#include "config.h"

#include <string.h>

#include "vs-error.h"
#include "vs-json.h"
#include "vs-template-store.h"
#include "vs-test-util.h"
#include "vs-project-private.h"

typedef VsTestProject Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  vs_test_project_set_up (fixture, "t.versus", "templates");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->project);
  g_free (fixture->path);
  vs_test_tmpdir_free (fixture->dir);
}

static void
reopen (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->project);
  fixture->project = vs_project_open (fixture->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_no_error (error);
}

static VsTemplate *
make_template (const char *system,
               const char *user)
{
  VsTemplate *template = vs_template_new ();

  if (system != NULL)
    vs_template_append_message (template, VS_TEMPLATE_ROLE_SYSTEM, system);
  vs_template_append_message (template, VS_TEMPLATE_ROLE_USER, user);
  return template;
}

static gint64
create (Fixture    *fixture,
        const char *name,
        VsTemplate *draft)
{
  g_autoptr(GError) error = NULL;
  gint64 id = vs_template_store_create (fixture->project, name, draft, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
set_draft (Fixture    *fixture,
           gint64      id,
           VsTemplate *draft)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vs_template_store_save_draft (fixture->project, id, draft, &error));
  g_assert_no_error (error);
}

static VsTemplateVersionInfo *
save_version (Fixture    *fixture,
              gint64      id,
              const char *note)
{
  g_autoptr(GError) error = NULL;
  VsTemplateVersionInfo *info = vs_template_store_save_version (fixture->project, id, note,
                                                                &error);

  g_assert_no_error (error);
  g_assert_nonnull (info);
  return info;
}

static void
test_create_list (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(VsTemplate) draft = NULL;
  g_autofree char *unique = NULL;
  gint64 a, b;

  a = create (fixture, "Support reply", NULL);
  b = create (fixture, "classifier", NULL);
  g_assert_cmpuint (fixture->n_changed, ==, 2);

  all = vs_template_store_list (fixture->project, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  /* By name, ignoring case. */
  g_assert_cmpint (((VsTemplateInfo *) all->pdata[0])->id, ==, b);
  g_assert_cmpint (((VsTemplateInfo *) all->pdata[1])->id, ==, a);
  g_assert_cmpint (((VsTemplateInfo *) all->pdata[1])->n_versions, ==, 0);
  g_assert_cmpint (((VsTemplateInfo *) all->pdata[1])->head_version_id, ==, 0);

  found = vs_template_store_list (fixture->project, "REPLY", &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((VsTemplateInfo *) found->pdata[0])->name, ==, "Support reply");

  g_assert_cmpint (vs_template_store_find (fixture->project, "classifier"), ==, b);
  g_assert_cmpint (vs_template_store_find (fixture->project, "nope"), ==, 0);
  unique = vs_template_store_unique_name (fixture->project, "classifier");
  g_assert_cmpstr (unique, ==, "classifier 2");

  /* The default draft is one empty user message. */
  draft = vs_template_store_load_draft (fixture->project, a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vs_template_get_n_messages (draft), ==, 1);
  g_assert_cmpstr (vs_template_get_name (draft), ==, "Support reply");

  g_assert_cmpint (vs_template_store_create (fixture->project, "classifier", NULL, &error), ==, 0);
  g_assert_error (error, VS_ERROR, VS_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (vs_template_store_create (fixture->project, "  ", NULL, &error), ==, 0);
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (vs_template_store_get_info (fixture->project, 999, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
}

static void
test_draft_round_trip (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(VsTemplate) draft = make_template ("Be brief.", "{{question}}");
  g_autoptr(VsTemplate) loaded = NULL;
  g_autoptr(GError) error = NULL;
  gboolean modified = FALSE;
  gint64 id;

  vs_template_set_model (draft, "llama3");
  vs_template_set_double_parameter (draft, "temperature", 0.25);
  vs_template_set_name (draft, "ignored: the row's name wins");
  id = create (fixture, "qa", draft);

  reopen (fixture);
  loaded = vs_template_store_load_draft (fixture->project, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vs_template_get_name (loaded), ==, "qa");
  g_assert_cmpstr (vs_template_get_model (loaded), ==, "llama3");
  g_assert_cmpstr (vs_template_get_message (loaded, 1)->content, ==, "{{question}}");

  g_assert_true (vs_template_store_draft_is_modified (fixture->project, id, &modified, &error));
  g_assert_true (modified); /* no version yet */
  vs_template_version_info_free (save_version (fixture, id, "first"));
  g_assert_true (vs_template_store_draft_is_modified (fixture->project, id, &modified, &error));
  g_assert_false (modified);
  vs_template_set_message_content (loaded, 1, "Q: {{question}}");
  set_draft (fixture, id, loaded);
  g_assert_true (vs_template_store_draft_is_modified (fixture->project, id, &modified, &error));
  g_assert_true (modified);
}

static void
test_versions (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(VsTemplate) draft = make_template ("S", "v1 {{x}}");
  g_autoptr(VsTemplateVersionInfo) v1 = NULL;
  g_autoptr(VsTemplateVersionInfo) v2 = NULL;
  g_autoptr(VsTemplateVersionInfo) loaded_info = NULL;
  g_autoptr(VsTemplateInfo) info = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(VsTemplate) first = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = create (fixture, "t", draft);

  v1 = save_version (fixture, id, "first cut");
  vs_template_set_message_content (draft, 1, "v2 {{x}}");
  set_draft (fixture, id, draft);
  v2 = save_version (fixture, id, "clearer");
  g_assert_cmpint (v1->number, ==, 1);
  g_assert_cmpint (v2->number, ==, 2);
  g_assert_cmpstr (v2->note, ==, "clearer");
  g_assert_nonnull (v2->created_at);

  /* Later drafts never touch saved versions. */
  vs_template_set_message_content (draft, 1, "v3 draft");
  set_draft (fixture, id, draft);

  reopen (fixture);
  info = vs_template_store_get_info (fixture->project, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->head_version_id, ==, v2->id);
  g_assert_cmpint (info->head_number, ==, 2);
  g_assert_cmpint (info->n_versions, ==, 2);

  versions = vs_template_store_list_versions (fixture->project, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 2);
  g_assert_cmpint (((VsTemplateVersionInfo *) versions->pdata[0])->number, ==, 2);
  g_assert_cmpstr (((VsTemplateVersionInfo *) versions->pdata[1])->note, ==, "first cut");

  first = vs_template_store_load_version (fixture->project, v1->id, &loaded_info, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vs_template_get_message (first, 1)->content, ==, "v1 {{x}}");
  g_assert_cmpint (loaded_info->template_id, ==, id);
  g_assert_cmpint (loaded_info->number, ==, 1);
}

static void
test_versions_immutable (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(VsTemplate) draft = make_template (NULL, "fixed");
  g_autoptr(VsTemplateVersionInfo) v1 = NULL;
  g_autoptr(VsTemplate) again = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = create (fixture, "t", draft);

  v1 = save_version (fixture, id, "v1");
  g_assert_false (vs_project_exec (fixture->project,
                                   "UPDATE template_versions SET body = '{}'", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "immutable"));
  g_clear_error (&error);

  again = vs_template_store_load_version (fixture->project, v1->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vs_template_get_message (again, 0)->content, ==, "fixed");
}

static void
test_restore (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(VsTemplate) draft = make_template ("S", "one");
  g_autoptr(VsTemplateVersionInfo) v1 = NULL;
  g_autoptr(VsTemplateVersionInfo) v2 = NULL;
  g_autoptr(VsTemplateVersionInfo) v3 = NULL;
  g_autoptr(VsTemplate) now = NULL;
  g_autoptr(VsTemplate) v1_body = NULL;
  g_autoptr(VsTemplate) v3_body = NULL;
  g_autoptr(VsTemplateInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = create (fixture, "t", draft);
  gint64 other = create (fixture, "other", NULL);
  g_autoptr(VsTemplateVersionInfo) foreign = NULL;

  v1 = save_version (fixture, id, "one");
  vs_template_set_message_content (draft, 1, "two");
  set_draft (fixture, id, draft);
  v2 = save_version (fixture, id, "two");

  v3 = vs_template_store_restore_version (fixture->project, id, v1->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (v3->number, ==, 3);
  g_assert_cmpstr (v3->note, ==, "Restored version 1");

  reopen (fixture);
  info = vs_template_store_get_info (fixture->project, id, &error);
  g_assert_cmpint (info->head_version_id, ==, v3->id);
  g_assert_cmpint (info->n_versions, ==, 3);
  now = vs_template_store_load_draft (fixture->project, id, &error);
  g_assert_cmpstr (vs_template_get_message (now, 1)->content, ==, "one");
  v1_body = vs_template_store_load_version (fixture->project, v1->id, NULL, &error);
  v3_body = vs_template_store_load_version (fixture->project, v3->id, NULL, &error);
  g_assert_true (vs_template_equal (v1_body, v3_body));

  /* A version of another template cannot become this one's head. */
  foreign = save_version (fixture, other, "x");
  g_assert_null (vs_template_store_restore_version (fixture->project, id, foreign->id, NULL,
                                                    &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
}

static void
test_rename_duplicate (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(VsTemplate) draft = make_template (NULL, "{{x}}");
  g_autoptr(VsTemplate) copy = NULL;
  g_autoptr(VsTemplateInfo) copy_info = NULL;
  g_autoptr(VsTemplate) renamed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsTemplateVersionInfo) v1 = NULL;
  gint64 id = create (fixture, "alpha", draft);
  gint64 dup, dup2;

  create (fixture, "beta", NULL);
  v1 = save_version (fixture, id, "v1");

  g_assert_true (vs_template_store_rename (fixture->project, id, "gamma", &error));
  g_assert_no_error (error);
  renamed = vs_template_store_load_draft (fixture->project, id, &error);
  g_assert_cmpstr (vs_template_get_name (renamed), ==, "gamma");
  g_assert_false (vs_template_store_rename (fixture->project, id, "beta", &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_EXISTS);
  g_clear_error (&error);
  /* Renaming to its own name is fine. */
  g_assert_true (vs_template_store_rename (fixture->project, id, "gamma", &error));

  dup = vs_template_store_duplicate (fixture->project, id, NULL, &error);
  g_assert_no_error (error);
  dup2 = vs_template_store_duplicate (fixture->project, id, NULL, &error);
  g_assert_no_error (error);
  copy_info = vs_template_store_get_info (fixture->project, dup, &error);
  g_assert_cmpstr (copy_info->name, ==, "gamma (copy)");
  g_assert_cmpint (copy_info->n_versions, ==, 0); /* the draft, not the history */
  copy = vs_template_store_load_draft (fixture->project, dup, &error);
  g_assert_cmpstr (vs_template_get_message (copy, 0)->content, ==, "{{x}}");
  g_clear_pointer (&copy_info, vs_template_info_free);
  copy_info = vs_template_store_get_info (fixture->project, dup2, &error);
  g_assert_cmpstr (copy_info->name, ==, "gamma (copy) 2");
}

static void
test_delete_undo (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(VsTemplate) draft = make_template ("S", "U");
  g_autoptr(VsTemplateVersionInfo) v1 = NULL;
  g_autoptr(VsTemplateVersionInfo) v2 = NULL;
  g_autoptr(VsTemplateDeleted) deleted = NULL;
  g_autoptr(VsTemplateInfo) info = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = create (fixture, "t", draft);
  gint64 back;

  v1 = save_version (fixture, id, "v1");
  v2 = save_version (fixture, id, "v2");

  deleted = vs_template_store_delete (fixture->project, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (deleted);
  g_assert_cmpint (vs_project_count (fixture->project, "templates"), ==, 0);
  g_assert_cmpint (vs_project_count (fixture->project, "template_versions"), ==, 0);

  back = vs_template_store_undelete (fixture->project, deleted, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back, ==, id);
  info = vs_template_store_get_info (fixture->project, back, &error);
  g_assert_cmpstr (info->name, ==, "t");
  g_assert_cmpint (info->head_version_id, ==, v2->id);
  versions = vs_template_store_list_versions (fixture->project, back, &error);
  g_assert_cmpuint (versions->len, ==, 2);
  g_assert_cmpint (((VsTemplateVersionInfo *) versions->pdata[1])->id, ==, v1->id);
  g_assert_cmpstr (((VsTemplateVersionInfo *) versions->pdata[1])->note, ==, "v1");
}

static void
test_delete_undo_ids_taken (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(VsTemplateDeleted) deleted = NULL;
  g_autoptr(VsTemplateInfo) info = NULL;
  g_autoptr(VsTemplateVersionInfo) v1 = NULL;
  g_autoptr(VsTemplateVersionInfo) other_v1 = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = create (fixture, "t", NULL);
  gint64 other, back;

  v1 = save_version (fixture, id, "v1");
  deleted = vs_template_store_delete (fixture->project, id, &error);
  g_assert_no_error (error);

  /* A new template takes the freed ids (and the name). */
  other = create (fixture, "t", NULL);
  other_v1 = save_version (fixture, other, "new");
  g_assert_cmpint (other, ==, id);

  back = vs_template_store_undelete (fixture->project, deleted, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back, !=, id);
  info = vs_template_store_get_info (fixture->project, back, &error);
  g_assert_cmpstr (info->name, ==, "t 2");
  g_assert_cmpint (info->n_versions, ==, 1);
  g_assert_cmpint (info->head_number, ==, 1);
  g_assert_cmpint (info->head_version_id, !=, other_v1->id);
}

static void
test_delete_refused_when_used (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(VsTemplateVersionInfo) v1 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 id = create (fixture, "used", NULL);

  v1 = save_version (fixture, id, "v1");
  sql = g_strdup_printf ("INSERT INTO runs (id, name, created_at) VALUES (1, 'r', 'now');"
                         "INSERT INTO contenders (run_id, position, label, model,"
                         " template_version_id) VALUES (1, 0, 'c', 'm', %" G_GINT64_FORMAT ");",
                         v1->id);
  g_assert_true (vs_project_exec (fixture->project, sql, &error));

  g_assert_null (vs_template_store_delete (fixture->project, id, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  g_assert_cmpint (vs_project_count (fixture->project, "templates"), ==, 1);
}

static void
test_diff_lines (void)
{
  g_autoptr(GPtrArray) lines = vs_diff_lines ("a\nb\nc\nd", "a\nc\nd\ne");
  g_autoptr(GPtrArray) rows = NULL;
  const char *expected = " a\n-b\n c\n d\n+e\n";
  g_autoptr(GString) got = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      VsDiffLine *line = lines->pdata[i];

      g_string_append_c (got, line->op == VS_DIFF_EQUAL ? ' ' : line->op == VS_DIFF_DELETE ? '-'
                                                                                          : '+');
      g_string_append_printf (got, "%s\n", line->text);
    }
  g_assert_cmpstr (got->str, ==, expected);
  g_assert_cmpuint (((VsDiffLine *) lines->pdata[1])->old_line, ==, 2);
  g_assert_cmpuint (((VsDiffLine *) lines->pdata[1])->new_line, ==, 0);
  g_assert_cmpuint (((VsDiffLine *) lines->pdata[4])->new_line, ==, 4);

  g_clear_pointer (&lines, g_ptr_array_unref);
  lines = vs_diff_lines ("keep\nold1\nold2\nend", "keep\nnew1\nend");
  rows = vs_diff_side_by_side (lines);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpint (((VsDiffRow *) rows->pdata[1])->op, ==, VS_DIFF_CHANGE);
  g_assert_cmpstr (((VsDiffRow *) rows->pdata[1])->old_text, ==, "old1");
  g_assert_cmpstr (((VsDiffRow *) rows->pdata[1])->new_text, ==, "new1");
  g_assert_cmpint (((VsDiffRow *) rows->pdata[2])->op, ==, VS_DIFF_DELETE);
  g_assert_null (((VsDiffRow *) rows->pdata[2])->new_text);
  g_assert_cmpuint (((VsDiffRow *) rows->pdata[3])->old_line, ==, 4);
  g_assert_cmpuint (((VsDiffRow *) rows->pdata[3])->new_line, ==, 3);
}

static void
test_diff_versions (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(VsTemplate) draft = make_template ("You are a classifier.\nAnswer with one label.",
                                               "Text: {{text}}");
  g_autoptr(VsTemplateVersionInfo) v1 = NULL;
  g_autoptr(VsTemplateVersionInfo) v2 = NULL;
  g_autoptr(VsTemplateDiff) diff = NULL;
  g_autoptr(VsTemplateDiff) same = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *unified = NULL;
  VsTemplateDiffSection *section;
  gint64 id = create (fixture, "cls", draft);

  v1 = save_version (fixture, id, "v1");
  vs_template_set_message_content (draft, 0,
                                   "You are a careful classifier.\nAnswer with one label.");
  vs_template_set_double_parameter (draft, "temperature", 0);
  set_draft (fixture, id, draft);
  v2 = save_version (fixture, id, "v2");

  diff = vs_template_store_diff (fixture->project, v1->id, v2->id, &error);
  g_assert_no_error (error);
  g_assert_false (vs_template_diff_is_empty (diff));
  g_assert_cmpuint (diff->sections->len, ==, 3); /* two messages and the parameters */
  section = diff->sections->pdata[0];
  g_assert_true (section->changed);
  g_assert_cmpint (section->old_index, ==, 0);
  g_assert_cmpint (section->new_index, ==, 0);
  g_assert_false (((VsTemplateDiffSection *) diff->sections->pdata[1])->changed);
  g_assert_cmpuint (diff->n_inserted, ==, 4); /* 1 in the message, 3 in the parameters */
  g_assert_cmpuint (diff->n_deleted, ==, 2);

  unified = vs_template_diff_to_unified (diff, 3);
  g_assert_cmpstr (unified, ==,
                   "--- version 1/messages[0] (system)\n"
                   "+++ version 2/messages[0] (system)\n"
                   "@@ -1,2 +1,2 @@\n"
                   "-You are a classifier.\n"
                   "+You are a careful classifier.\n"
                   " Answer with one label.\n"
                   "--- version 1/parameters\n"
                   "+++ version 2/parameters\n"
                   "@@ -1,1 +1,3 @@\n"
                   "-{}\n"
                   "+{\n"
                   "+  \"temperature\": 0\n"
                   "+}\n");

  same = vs_template_store_diff (fixture->project, v2->id, v2->id, &error);
  g_assert_true (vs_template_diff_is_empty (same));
  g_clear_pointer (&unified, g_free);
  unified = vs_template_diff_to_unified (same, 3);
  g_assert_cmpstr (unified, ==, "");
}

static void
test_diff_unified_text (void)
{
  g_autoptr(VsTemplate) a = make_template ("S", "l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10");
  g_autoptr(VsTemplate) b = make_template ("S", "l1\nL2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10\nl11");
  g_autoptr(VsTemplateDiff) diff = vs_template_diff_new (a, b, "v1", "v2");
  g_autofree char *unified = vs_template_diff_to_unified (diff, 1);

  g_assert_cmpstr (unified, ==,
                   "--- v1/messages[1] (user)\n"
                   "+++ v2/messages[1] (user)\n"
                   "@@ -1,3 +1,3 @@\n"
                   " l1\n"
                   "-l2\n"
                   "+L2\n"
                   " l3\n"
                   "@@ -10,1 +10,2 @@\n"
                   " l10\n"
                   "+l11\n");
}

static void
test_diff_message_alignment (void)
{
  /* Inserting a message does not make every later message "changed". */
  g_autoptr(VsTemplate) a = make_template ("S", "Q");
  g_autoptr(VsTemplate) b = make_template ("S", "Q");
  g_autoptr(VsTemplateDiff) diff = NULL;
  g_autofree char *unified = NULL;
  VsTemplateDiffSection *added;

  vs_template_insert_message (b, 1, VS_TEMPLATE_ROLE_ASSISTANT, "example\nanswer");
  vs_template_set_message_role (a, 0, VS_TEMPLATE_ROLE_SYSTEM);
  diff = vs_template_diff_new (a, b, "a", "b");

  g_assert_cmpuint (diff->sections->len, ==, 4);
  g_assert_false (((VsTemplateDiffSection *) diff->sections->pdata[0])->changed);
  added = diff->sections->pdata[1];
  g_assert_true (added->changed);
  g_assert_cmpint (added->old_index, ==, -1);
  g_assert_cmpint (added->new_index, ==, 1);
  g_assert_null (added->old_title);
  g_assert_false (((VsTemplateDiffSection *) diff->sections->pdata[2])->changed);
  g_assert_cmpint (((VsTemplateDiffSection *) diff->sections->pdata[2])->old_index, ==, 1);
  g_assert_cmpint (((VsTemplateDiffSection *) diff->sections->pdata[2])->new_index, ==, 2);

  unified = vs_template_diff_to_unified (diff, 3);
  g_assert_cmpstr (unified, ==,
                   "--- /dev/null\n"
                   "+++ b/messages[1] (assistant)\n"
                   "@@ -0,0 +1,2 @@\n"
                   "+example\n"
                   "+answer\n");
}

static void
test_diff_role_and_parameters (void)
{
  g_autoptr(VsTemplate) a = make_template (NULL, "same text");
  g_autoptr(VsTemplate) b = make_template (NULL, "same text");
  g_autoptr(VsTemplateDiff) diff = NULL;
  g_autofree char *unified = NULL;

  vs_template_set_message_role (b, 0, VS_TEMPLATE_ROLE_SYSTEM);
  vs_template_set_model (b, "m2");
  diff = vs_template_diff_new (a, b, "a", "b");
  unified = vs_template_diff_to_unified (diff, 3);
  g_assert_cmpstr (unified, ==,
                   "--- a/messages[0] (user)\n"
                   "+++ b/messages[0] (system)\n"
                   "--- a/parameters\n"
                   "+++ b/parameters\n"
                   "@@ -1,1 +1,3 @@\n"
                   "-{}\n"
                   "+{\n"
                   "+  \"model\": \"m2\"\n"
                   "+}\n");
}

static char *
spans_text (GPtrArray *spans)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < spans->len; i++)
    {
      VsDiffSpan *span = spans->pdata[i];

      if (span->op == VS_DIFF_EQUAL)
        g_string_append (out, span->text);
      else
        g_string_append_printf (out, "%s%s]", span->op == VS_DIFF_DELETE ? "[-" : "[+",
                                span->text);
    }
  return g_string_free (out, FALSE);
}

static void
test_diff_words (void)
{
  struct
  {
    const char *old_text, *new_text, *expected;
  } cases[] = {
    { "You are a classifier.", "You are a careful classifier.",
      "You are a [+careful ]classifier." },
    { "Answer with one label.", "Answer with two labels.",
      "Answer with [-one label][+two labels]." },
    { "same", "same", "same" },
    { "", "new words", "[+new words]" },
    { "old words", "", "[-old words]" },
    /* Punctuation and braces are units of their own; a variable keeps its braces. */
    { "Text: {{text}}", "Text: {{body}}", "Text: {{[-text][+body]}}" },
    /* Words in other scripts are words too. */
    { "Réponds en français", "Réponds en anglais", "Réponds en [-français][+anglais]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) spans = vs_diff_words (cases[i].old_text, cases[i].new_text);
      g_autofree char *text = spans_text (spans);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }

  /* Invalid UTF-8 is compared a byte at a time, without reading past the end. */
  {
    g_autoptr(GPtrArray) spans = vs_diff_words ("a \xff b", "a \xfe b");
    g_autofree char *text = spans_text (spans);

    g_assert_cmpstr (text, ==, "a [-\xff][+\xfe] b");
  }
}

static void
test_diff_settings_by_value (void)
{
  g_autoptr(VsTemplate) a = make_template (NULL, "t");
  g_autoptr(VsTemplate) b = make_template (NULL, "t");
  g_autoptr(VsTemplate) c = make_template (NULL, "t");
  g_autoptr(JsonObject) pa = NULL;
  g_autoptr(JsonObject) pb = NULL;
  g_autoptr(VsTemplateDiff) same = NULL;
  g_autoptr(VsTemplateDiff) diff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *unified = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  /* The same settings, keys in another order (nested ones too): not a change. */
  pa = vs_json_parse_object ("{\"temperature\": 0.2, \"max_tokens\": 256, \"response_format\": "
                             "{\"type\": \"json_object\", \"x\": 1}}",
                             -1, &error);
  g_assert_no_error (error);
  pb = vs_json_parse_object ("{\"response_format\": {\"x\": 1, \"type\": \"json_object\"}, "
                             "\"max_tokens\": 256, \"temperature\": 0.2}",
                             -1, &error);
  g_assert_no_error (error);
  g_assert_true (vs_template_set_parameters (a, pa, &error));
  g_assert_true (vs_template_set_parameters (b, pb, &error));
  same = vs_template_diff_new (a, b, "a", "b");
  g_assert_true (vs_template_diff_is_empty (same));
  g_assert_cmpuint (same->settings->len, ==, 0);
  unified = vs_template_diff_to_unified (same, 3);
  g_assert_cmpstr (unified, ==, "");

  /* A changed, an added and a removed setting, listed by name with the model first. */
  g_assert_true (vs_template_set_parameters (c, pa, &error));
  vs_template_set_double_parameter (c, "temperature", 0.7);
  vs_template_unset_parameter (c, "max_tokens");
  vs_template_set_int_parameter (c, "seed", 7);
  vs_template_set_model (c, "llama3");
  diff = vs_template_diff_new (a, c, "a", "c");
  g_assert_false (vs_template_diff_is_empty (diff));
  g_assert_cmpuint (diff->settings->len, ==, 4);
  g_assert_cmpstr (((VsSettingChange *) diff->settings->pdata[0])->name, ==, "model");
  g_assert_null (((VsSettingChange *) diff->settings->pdata[0])->old_value);
  g_assert_cmpstr (((VsSettingChange *) diff->settings->pdata[0])->new_value, ==, "\"llama3\"");
  first = vs_setting_change_to_string (diff->settings->pdata[1]);
  second = vs_setting_change_to_string (diff->settings->pdata[2]);
  third = vs_setting_change_to_string (diff->settings->pdata[3]);
  g_assert_cmpstr (first, ==, "max_tokens 256 → not set");
  g_assert_cmpstr (second, ==, "seed not set → 7");
  g_assert_cmpstr (third, ==, "temperature 0.2 → 0.7");
}

static void
test_diff_draft (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(VsTemplate) draft = make_template (NULL, "a");
  g_autoptr(VsTemplateVersionInfo) v1 = NULL;
  g_autoptr(VsTemplateDiff) diff = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = create (fixture, "d", draft);

  v1 = save_version (fixture, id, "v1");
  vs_template_set_message_content (draft, 0, "b");
  set_draft (fixture, id, draft);
  diff = vs_template_store_diff_draft (fixture->project, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (diff->old_label, ==, "version 1");
  g_assert_cmpstr (diff->new_label, ==, "draft");
  g_assert_cmpuint (diff->n_inserted, ==, 1);
}

static void
test_import_export (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *txt = g_build_filename (fixture->dir, "Ask.txt", NULL);
  g_autofree char *json = g_build_filename (fixture->dir, "out.json", NULL);
  g_autoptr(VsTemplate) draft = NULL;
  g_autoptr(VsTemplate) exported = NULL;
  g_autoptr(VsTemplateInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first, second;

  g_assert_true (g_file_set_contents (txt, "Question: {{q}}", -1, NULL));
  first = vs_template_store_import (fixture->project, txt, &error);
  g_assert_no_error (error);
  second = vs_template_store_import (fixture->project, txt, &error);
  g_assert_no_error (error);
  info = vs_template_store_get_info (fixture->project, second, &error);
  g_assert_cmpstr (info->name, ==, "Ask 2");

  draft = vs_template_store_load_draft (fixture->project, first, &error);
  vs_template_set_double_parameter (draft, "temperature", 0.1);
  set_draft (fixture, first, draft);
  g_assert_true (vs_template_store_export (fixture->project, first, json, &error));
  g_assert_no_error (error);
  exported = vs_template_new_from_file (json, &error);
  g_assert_no_error (error);
  g_assert_true (vs_template_equal (draft, exported));

  /* Not representable as .txt any more. */
  g_assert_false (vs_template_store_export (fixture->project, first, txt, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
}

static void
test_read_only (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) ro = NULL;
  gint64 id = create (fixture, "t", NULL);

  g_clear_object (&fixture->project);
  ro = vs_project_open (fixture->path, VS_PROJECT_OPEN_READONLY, &error);
  g_assert_no_error (error);
  g_assert_null (vs_template_store_save_version (ro, id, "x", &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_FAILED);
  fixture->project = g_steal_pointer (&ro);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GError **error = user_data;

  if (!vs_template_store_save_draft_finish (VS_PROJECT (source), result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "saved"); /* a done marker */
}

static void
test_draft_autosave_async (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(VsTemplate) draft = make_template ("Be brief.", "{{question}}");
  g_autoptr(VsTemplate) loaded = NULL;
  g_autoptr(GError) error = NULL;
  GError *done = NULL;
  gint64 id = create (fixture, "qa", draft);
  guint before = fixture->n_changed;

  vs_template_set_message_content (draft, 1, "Q: {{question}}");
  vs_template_store_save_draft_async (fixture->project, id, draft, NULL, on_saved, &done);
  /* Serialised at the call: later edits of the draft do not leak into this save. */
  vs_template_set_message_content (draft, 1, "edited after the save started");
  while (done == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (done, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&done);
  g_assert_cmpuint (fixture->n_changed, ==, before + 1);

  loaded = vs_template_store_load_draft (fixture->project, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vs_template_get_message (loaded, 1)->content, ==, "Q: {{question}}");

  /* A template that is gone: the error comes back through the callback. */
  vs_template_store_save_draft_async (fixture->project, 999, draft, NULL, on_saved, &done);
  while (done == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (done, VS_ERROR, VS_ERROR_NOT_FOUND);
  g_clear_error (&done);
}

#define ADD(path, func) \
  g_test_add ("/versus/template-store/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("create-list", test_create_list);
  ADD ("draft-round-trip", test_draft_round_trip);
  ADD ("draft-autosave-async", test_draft_autosave_async);
  ADD ("versions", test_versions);
  ADD ("versions-immutable", test_versions_immutable);
  ADD ("restore", test_restore);
  ADD ("rename-duplicate", test_rename_duplicate);
  ADD ("delete-undo", test_delete_undo);
  ADD ("delete-undo-ids-taken", test_delete_undo_ids_taken);
  ADD ("delete-refused-when-used", test_delete_refused_when_used);
  ADD ("diff-versions", test_diff_versions);
  ADD ("diff-draft", test_diff_draft);
  ADD ("import-export", test_import_export);
  ADD ("read-only", test_read_only);
  g_test_add_func ("/versus/template-store/diff-lines", test_diff_lines);
  g_test_add_func ("/versus/template-store/diff-words", test_diff_words);
  g_test_add_func ("/versus/template-store/diff-settings-by-value", test_diff_settings_by_value);
  g_test_add_func ("/versus/template-store/diff-unified-text", test_diff_unified_text);
  g_test_add_func ("/versus/template-store/diff-message-alignment", test_diff_message_alignment);
  g_test_add_func ("/versus/template-store/diff-role-and-parameters",
                   test_diff_role_and_parameters);

  return g_test_run ();
}
