/* test-eval-cases.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cases of a run recorded against the fake server, with a known pass, fail or error per
 * contender and case: the filters keep the right cases, a case in full carries the prompts
 * its contenders sent (rebuilt from the run's templates and the case's variables), and the
 * lazy model counts, pages, sorts and follows results as they arrive.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "vs-error.h"
#include "vs-eval-case-model.h"
#include "vs-eval-cases.h"
#include "vs-eval-runner.h"
#include "vs-eval-spec.h"
#include "vs-fake-llm.h"
#include "vs-json.h"
#include "vs-run-store.h"
#include "vs-test-util.h"

typedef struct
{
  char      *dir;
  char      *path;
  VsProject *project;
  VsFakeLlm *fake;
  gint64     run_id;
} Fixture;

static void
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* Five cases, expected "yes"; contender a says column qa, b says column qb (the fake answers
 * "… REPLY:x" with x; every request differs, so none comes from the response cache). Case 5
 * of b gets a server error. */
#define CASES                                                                             \
  "{\"qa\": \"1 REPLY:yes\", \"qb\": \"1 REPLY:no\", \"want\": \"yes\"}\n"  /* a only */  \
  "{\"qa\": \"2 REPLY:no\", \"qb\": \"2 REPLY:yes\", \"want\": \"yes\"}\n"  /* b only */  \
  "{\"qa\": \"3 REPLY:yes\", \"qb\": \"3 REPLY:yes\", \"want\": \"yes\"}\n" /* both */    \
  "{\"qa\": \"4 REPLY:no\", \"qb\": \"4 REPLY:no\", \"want\": \"yes\"}\n"   /* neither */ \
  "{\"qa\": \"5 REPLY:yes\", \"qb\": \"5 REPLY:yes\", \"want\": \"yes\"}\n" /* b errs */

#define SPEC                                                                                    \
  "{\"cases\": \"cases.jsonl\", \"input\": {\"qa\": \"qa\", \"qb\": \"qb\"},"                   \
  " \"expected\": \"want\", \"contenders\": ["                                                  \
  " {\"name\": \"a\", \"endpoint\": \"URL/v1\", \"model\": \"m-a\", \"template\": \"a.json\"}," \
  " {\"name\": \"b\", \"endpoint\": \"URL/v1\", \"model\": \"m-b\", \"template\": \"b.json\","  \
  "  \"parameters\": {\"max_tokens\": 7}}],"                                                    \
  " \"metrics\": [{\"type\": \"exact\"}, {\"type\": \"token_f1\"}], \"concurrency\": 1,"        \
  " \"settings\": {\"max_retries\": 0}}"

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *spec_path = NULL;
  g_autoptr(GString) spec = g_string_new (SPEC);
  g_autoptr(VsEvalSpec) loaded = NULL;

  f->project = vs_test_project_new ("cases.versus", &f->dir, &f->path);
  f->fake = vs_fake_llm_new (0, &error);
  g_assert_no_error (error);
  write_file (f, "a.json",
              "{\"messages\":[{\"role\":\"system\",\"content\":\"Answer yes or no.\"},"
              "{\"role\":\"user\",\"content\":\"{{qa}}\"}]}");
  write_file (f, "b.json",
              "{\"messages\":[{\"role\":\"user\",\"content\":\"Say {{qb}}\"}],"
              "\"parameters\":{\"temperature\":0.5}}");
  write_file (f, "cases.jsonl", CASES);
  g_string_replace (spec, "URL", vs_fake_llm_get_url (f->fake), 0);
  write_file (f, "spec.json", spec->str);
  spec_path = g_build_filename (f->dir, "spec.json", NULL);
  loaded = vs_eval_spec_load (spec_path, &error);
  g_assert_no_error (error);
  f->run_id = vs_eval_prepare_run (f->project, loaded, "cases", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (f->run_id, >, 0);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->project);
  g_clear_pointer (&f->fake, vs_fake_llm_free);
  vs_test_tmpdir_free (f->dir);
  g_free (f->path);
}

typedef struct
{
  gboolean done;
  gboolean ok;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Wait *wait = data;

  wait->ok = vs_eval_runner_run_finish (VS_EVAL_RUNNER (source), result, NULL);
  wait->done = TRUE;
}

/* Runs the run to its end; with @fault, the 10th request (case 5 of b) gets a 500. */
static void
run (Fixture *f,
     gboolean fault,
     gboolean retry_errors)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsEvalRunner) runner = vs_eval_runner_new (f->project, f->run_id, &error);
  Wait wait = { 0 };

  g_assert_no_error (error);
  if (fault)
    {
      for (guint i = 0; i < 9; i++)
        vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_LATENCY, 0);
      vs_fake_llm_push_fault (f->fake, VS_FAKE_FAULT_STATUS, 500);
    }
  vs_eval_runner_set_retry_errors (runner, retry_errors);
  vs_eval_runner_run_async (runner, NULL, on_done, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (wait.ok);
}

static void
assert_ordinals (GArray       *ordinals,
                 const gint64 *want,
                 guint         n)
{
  g_assert_nonnull (ordinals);
  g_assert_cmpuint (ordinals->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (ordinals, gint64, i), ==, want[i]);
}

static GArray *
list (Fixture         *f,
      VsEvalCaseFilter filter,
      guint           *n_cases)
{
  g_autoptr(GError) error = NULL;
  GArray *ordinals = vs_eval_cases_list_ordinals (f->project, f->run_id, filter, n_cases, &error);

  g_assert_no_error (error);
  return ordinals;
}

static void
test_filters (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) disagreements = NULL;
  g_autoptr(GArray) failures = NULL;
  g_autoptr(GArray) errors = NULL;
  g_autoptr(GArray) none = NULL;
  guint n_cases = 99;

  /* Before any result: no cases. */
  none = list (f, VS_EVAL_CASE_FILTER_ALL, &n_cases);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (n_cases, ==, 0);

  run (f, TRUE, FALSE);
  all = list (f, VS_EVAL_CASE_FILTER_ALL, &n_cases);
  assert_ordinals (all, (gint64[]) { 1, 2, 3, 4, 5 }, 5);
  g_assert_cmpuint (n_cases, ==, 5);
  disagreements = list (f, VS_EVAL_CASE_FILTER_DISAGREEMENTS, NULL);
  assert_ordinals (disagreements, (gint64[]) { 1, 2 }, 2);
  failures = list (f, VS_EVAL_CASE_FILTER_FAILURES, &n_cases);
  assert_ordinals (failures, (gint64[]) { 1, 2, 4 }, 3);
  g_assert_cmpuint (n_cases, ==, 5);
  errors = list (f, VS_EVAL_CASE_FILTER_ERRORS, NULL);
  assert_ordinals (errors, (gint64[]) { 5 }, 1);

  /* Retrying the error: no case errs any more. */
  g_clear_pointer (&errors, g_array_unref);
  run (f, FALSE, TRUE);
  errors = list (f, VS_EVAL_CASE_FILTER_ERRORS, NULL);
  g_assert_cmpuint (errors->len, ==, 0);
}

static const char *
message (VsChatRequest *request,
         guint          index,
         const char    *member)
{
  JsonArray *messages = vs_chat_request_get_messages (request);

  g_assert_cmpuint (index, <, json_array_get_length (messages));
  return json_object_get_string_member (json_array_get_object_element (messages, index),
                                        member);
}

static void
test_case_in_full (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsEvalCase) c = NULL;
  g_autoptr(VsEvalCase) missing = NULL;
  g_autofree char           *preview = NULL;
  const VsEvalCaseContender *a, *b;
  const VsEvalTrialInfo     *trial;
  const VsEvalScoreInfo     *score;
  JsonObject                *parameters;

  run (f, TRUE, FALSE);
  c = vs_eval_cases_load_case (f->project, f->run_id, 1, &error);
  g_assert_no_error (error);
  g_assert_true (vs_eval_case_get_loaded (c));
  g_assert_cmpint (vs_eval_case_get_ordinal (c), ==, 1);
  g_assert_cmpstr (vs_eval_case_get_expected (c), ==, "yes");
  g_assert_cmpstr (json_object_get_string_member (vs_eval_case_get_vars (c), "qa"), ==,
                   "1 REPLY:yes");
  g_assert_cmpstr (json_object_get_string_member (vs_eval_case_get_vars (c), "qb"), ==,
                   "1 REPLY:no");
  preview = vs_eval_case_dup_vars_preview (c, 80);
  g_assert_cmpstr (preview, ==, "qa: 1 REPLY:yes · qb: 1 REPLY:no");
  g_assert_true (vs_eval_case_get_disagreement (c));
  g_assert_cmpuint (vs_eval_case_get_n_contenders (c), ==, 2);

  a = vs_eval_case_get_contender (c, 0);
  b = vs_eval_case_get_contender (c, 1);
  g_assert_cmpstr (a->name, ==, "a");
  g_assert_cmpstr (b->name, ==, "b");
  g_assert_cmpint (a->state, ==, VS_EVAL_STATE_PASSED);
  g_assert_cmpint (b->state, ==, VS_EVAL_STATE_FAILED);
  g_assert_cmpuint (a->trials->len, ==, 1);
  trial = g_ptr_array_index (b->trials, 0);
  g_assert_cmpstr (trial->output, ==, "no");
  g_assert_null (trial->error);
  g_assert_false (isnan (trial->latency_ms));
  g_assert_cmpint (trial->prompt_tokens, >, 0);
  /* Scores in the spec's order: exact (failed), token_f1 (a score, no outcome). */
  g_assert_cmpuint (trial->scores->len, ==, 2);
  score = g_ptr_array_index (trial->scores, 0);
  g_assert_cmpstr (score->metric, ==, "exact");
  g_assert_cmpint (score->pass, ==, 0);
  score = g_ptr_array_index (trial->scores, 1);
  g_assert_cmpstr (score->metric, ==, "token_f1");
  g_assert_cmpint (score->pass, ==, -1);
  g_assert_cmpfloat (score->value, ==, 0);

  /* The prompts, rebuilt from each contender's template and the case's variables. */
  g_assert_nonnull (a->request);
  g_assert_null (a->request_error);
  g_assert_cmpstr (vs_chat_request_get_model (a->request), ==, "m-a");
  g_assert_cmpuint (json_array_get_length (vs_chat_request_get_messages (a->request)), ==, 2);
  g_assert_cmpstr (message (a->request, 0, "role"), ==, "system");
  g_assert_cmpstr (message (a->request, 0, "content"), ==, "Answer yes or no.");
  g_assert_cmpstr (message (a->request, 1, "role"), ==, "user");
  g_assert_cmpstr (message (a->request, 1, "content"), ==, "1 REPLY:yes");
  g_assert_nonnull (b->request);
  g_assert_cmpstr (vs_chat_request_get_model (b->request), ==, "m-b");
  g_assert_cmpstr (message (b->request, 0, "content"), ==, "Say 1 REPLY:no");
  /* The template's parameters and the contender's own over them. */
  parameters = vs_chat_request_get_parameters (b->request);
  g_assert_cmpfloat (json_object_get_double_member (parameters, "temperature"), ==, 0.5);
  g_assert_cmpint (json_object_get_int_member (parameters, "max_tokens"), ==, 7);

  /* The error case: b's error text, no output. */
  g_clear_object (&c);
  c = vs_eval_cases_load_case (f->project, f->run_id, 5, &error);
  g_assert_no_error (error);
  b = vs_eval_case_get_contender (c, 1);
  g_assert_cmpint (b->state, ==, VS_EVAL_STATE_ERROR);
  g_assert_cmpuint (b->n_errors, ==, 1);
  trial = g_ptr_array_index (b->trials, 0);
  g_assert_cmpint (trial->state, ==, VS_EVAL_STATE_ERROR);
  g_assert_nonnull (trial->error);
  g_assert_null (trial->output);
  g_assert_false (vs_eval_case_get_disagreement (c));

  /* A case without results, and a run that does not exist. */
  missing = vs_eval_cases_load_case (f->project, f->run_id, 42, &error);
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  g_assert_null (missing);
  g_clear_error (&error);
  missing = vs_eval_cases_load_case (f->project, 9999, 1, &error);
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  g_assert_null (missing);
}

static gboolean
model_loaded (gpointer data)
{
  return !vs_eval_case_model_get_loading (data);
}

typedef struct
{
  VsEvalCaseModel *model;
  guint            n;
} Count;

static gboolean
has_n_items (gpointer data)
{
  Count *count = data;

  return !vs_eval_case_model_get_loading (count->model) &&
         g_list_model_get_n_items (G_LIST_MODEL (count->model)) == count->n;
}

static void
wait_n_items (VsEvalCaseModel *model,
              guint            n)
{
  Count count = { model, n };

  g_assert_true (vs_test_poll (has_n_items, &count, 10000));
}

typedef struct
{
  VsEvalCaseModel *model;
  guint            position;
} At;

static gboolean
item_loaded (gpointer data)
{
  At *at = data;
  g_autoptr(VsEvalCase) c = g_list_model_get_item (G_LIST_MODEL (at->model), at->position);

  return c != NULL && vs_eval_case_get_loaded (c);
}

/* The item at @position once its page has arrived. */
static VsEvalCase *
loaded_item (VsEvalCaseModel *model,
             guint            position)
{
  At          at = { model, position };
  VsEvalCase *c = g_list_model_get_item (G_LIST_MODEL (model), position);

  /* Until then, a placeholder that knows its case. */
  g_assert_nonnull (c);
  g_assert_cmpint (vs_eval_case_get_ordinal (c), ==,
                   vs_eval_case_model_get_ordinal (model, position));
  g_object_unref (c);
  g_assert_true (vs_test_poll (item_loaded, &at, 10000));
  return g_list_model_get_item (G_LIST_MODEL (model), position);
}

static void
test_model (Fixture      *f,
            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsEvalCaseModel) model = NULL;
  g_autoptr(VsEvalCase) c = NULL;
  const VsEvalTrialInfo *trial;

  run (f, TRUE, FALSE);
  model = vs_eval_case_model_new (f->project, f->run_id, &error);
  g_assert_no_error (error);
  g_assert_true (vs_eval_case_model_get_loading (model));
  g_assert_true (vs_test_poll (model_loaded, model, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
  g_assert_cmpuint (vs_eval_case_model_get_n_cases (model), ==, 5);
  g_assert_cmpuint (vs_eval_case_model_get_n_contenders (model), ==, 2);
  g_assert_cmpstr (vs_eval_case_model_get_contender_name (model, 1), ==, "b");
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == VS_TYPE_EVAL_CASE);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 5));

  c = loaded_item (model, 1);
  g_assert_cmpint (vs_eval_case_get_ordinal (c), ==, 2);
  g_assert_cmpstr (vs_eval_case_get_expected (c), ==, "yes");
  g_assert_cmpint (vs_eval_case_get_contender (c, 0)->state, ==, VS_EVAL_STATE_FAILED);
  g_assert_cmpint (vs_eval_case_get_contender (c, 1)->state, ==, VS_EVAL_STATE_PASSED);
  trial = g_ptr_array_index (vs_eval_case_get_contender (c, 1)->trials, 0);
  g_assert_cmpstr (trial->output, ==, "yes");
  /* List items carry no request: that is the full case's. */
  g_assert_null (vs_eval_case_get_contender (c, 1)->request);
  g_clear_object (&c);

  /* Filters change the count at once (the keys are known). */
  vs_eval_case_model_set_filter (model, VS_EVAL_CASE_FILTER_DISAGREEMENTS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  g_assert_cmpuint (vs_eval_case_model_get_n_cases (model), ==, 5);
  vs_eval_case_model_set_filter (model, VS_EVAL_CASE_FILTER_FAILURES);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  g_assert_cmpint (vs_eval_case_model_get_ordinal (model, 2), ==, 4);
  g_assert_cmpint (vs_eval_case_model_find_ordinal (model, 4), ==, 2);
  g_assert_cmpint (vs_eval_case_model_find_ordinal (model, 3), ==, -1);
  vs_eval_case_model_set_filter (model, VS_EVAL_CASE_FILTER_ERRORS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  c = loaded_item (model, 0);
  g_assert_cmpint (vs_eval_case_get_ordinal (c), ==, 5);
  g_assert_cmpint (vs_eval_case_get_contender (c, 1)->state, ==, VS_EVAL_STATE_ERROR);
  g_clear_object (&c);

  /* Sorted by case, descending. */
  vs_eval_case_model_set_filter (model, VS_EVAL_CASE_FILTER_ALL);
  vs_eval_case_model_set_descending (model, TRUE);
  g_assert_cmpint (vs_eval_case_model_get_ordinal (model, 0), ==, 5);
  g_assert_cmpint (vs_eval_case_model_find_ordinal (model, 4), ==, 1);
  g_assert_cmpint (vs_eval_case_model_find_ordinal (model, 1), ==, 4);
  c = loaded_item (model, 4);
  g_assert_cmpint (vs_eval_case_get_ordinal (c), ==, 1);
  g_clear_object (&c);

  /* Retrying the error: the model follows, the error filter empties. */
  vs_eval_case_model_set_descending (model, FALSE);
  vs_eval_case_model_set_filter (model, VS_EVAL_CASE_FILTER_ERRORS);
  run (f, FALSE, TRUE);
  wait_n_items (model, 0);
  vs_eval_case_model_set_filter (model, VS_EVAL_CASE_FILTER_ALL);
  c = loaded_item (model, 4);
  g_assert_cmpint (vs_eval_case_get_contender (c, 1)->state, ==, VS_EVAL_STATE_PASSED);
}

typedef struct
{
  VsEvalCaseModel *model;
  VsEvalCase      *item;
} Held;

static gboolean
item_replaced (gpointer data)
{
  Held *held = data;
  g_autoptr(VsEvalCase) now = g_list_model_get_item (G_LIST_MODEL (held->model), 0);

  return now != held->item && vs_eval_case_get_loaded (now) &&
         vs_eval_case_get_contender (now, 1)->trials->len == 1;
}

static gboolean
case_5_passed (gpointer data)
{
  g_autoptr(VsEvalCase) c = g_list_model_get_item (G_LIST_MODEL (data), 4);

  return c != NULL && vs_eval_case_get_loaded (c) &&
         vs_eval_case_get_contender (c, 1)->state == VS_EVAL_STATE_PASSED;
}

static void
count_notify (guint *count)
{
  (*count)++;
}

/* A model made before the run fills in as results arrive. */
static void
test_model_live (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsEvalCaseModel) model = vs_eval_case_model_new (f->project, f->run_id, &error);
  g_autoptr(VsEvalCase) c = NULL;
  guint changes = 0;

  g_assert_no_error (error);
  g_assert_true (vs_test_poll (model_loaded, model, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_signal_connect_swapped (model, "notify::n-items", G_CALLBACK (count_notify), &changes);

  run (f, TRUE, FALSE);
  /* The last results are announced once committed: wait for case 5's error to show. */
  vs_eval_case_model_set_filter (model, VS_EVAL_CASE_FILTER_ERRORS);
  wait_n_items (model, 1);
  vs_eval_case_model_set_filter (model, VS_EVAL_CASE_FILTER_ALL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
  g_assert_cmpuint (changes, >=, 1);
  g_assert_cmpuint (vs_eval_case_model_get_n_cases (model), ==, 5);
  c = loaded_item (model, 4);
  g_assert_cmpint (vs_eval_case_get_ordinal (c), ==, 5);
  g_assert_cmpint (vs_eval_case_get_contender (c, 1)->state, ==, VS_EVAL_STATE_ERROR);
  g_clear_object (&c);

  /* A page on screen is read again when its cases change. */
  vs_eval_case_model_set_filter (model, VS_EVAL_CASE_FILTER_ERRORS);
  c = loaded_item (model, 0);
  vs_eval_case_model_set_filter (model, VS_EVAL_CASE_FILTER_ALL);
  g_clear_object (&c);
  c = loaded_item (model, 4);
  {
    Held held = { model, NULL };
    g_autoptr(VsEvalCase) first = loaded_item (model, 0);

    held.item = first;
    run (f, FALSE, TRUE);
    /* case 5 changed; case 1 did not: its item stays the same object */
    g_assert_true (vs_test_poll (case_5_passed, model, 10000));
    g_assert_false (vs_test_poll (item_replaced, &held, 600));
  }
  g_clear_object (&c);
  c = loaded_item (model, 4);
  g_assert_cmpint (vs_eval_case_get_contender (c, 1)->state, ==, VS_EVAL_STATE_PASSED);
}

/* More cases than a page: the pages are read as they are asked for, placeholders until then,
 * and the model keeps only so many. */
static void
test_model_pages (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) cases = g_string_new (NULL);
  g_autoptr(GString) spec = g_string_new (NULL);
  g_autofree char *spec_path = NULL;
  g_autoptr(VsEvalSpec) loaded = NULL;
  g_autoptr(VsEvalCaseModel) model = NULL;
  g_autoptr(VsEvalCase) last = NULL;
  g_autoptr(VsEvalCase) middle = NULL;
  g_autofree char *want = NULL;
  guint n = 3 * VS_EVAL_CASE_MODEL_PAGE_SIZE + 5;
  gint64 run_id;

  for (guint i = 1; i <= n; i++)
    g_string_append_printf (cases, "{\"q\": \"%u REPLY:%s\", \"want\": \"yes\"}\n", i,
                            i % 2 ? "yes" : "no");
  write_file (f, "many.jsonl", cases->str);
  g_string_printf (spec,
                   "{\"cases\": \"many.jsonl\", \"input\": {\"q\": \"q\"},"
                   " \"expected\": \"want\", \"contenders\": [{\"name\": \"only\","
                   " \"endpoint\": \"%s/v1\", \"model\": \"m\","
                   " \"template\": {\"messages\": [{\"role\": \"user\","
                   "  \"content\": \"{{q}}\"}]}}],"
                   " \"metrics\": [{\"type\": \"exact\"}], \"concurrency\": 8}",
                   vs_fake_llm_get_url (f->fake));
  write_file (f, "many.json", spec->str);
  spec_path = g_build_filename (f->dir, "many.json", NULL);
  loaded = vs_eval_spec_load (spec_path, &error);
  g_assert_no_error (error);
  run_id = vs_eval_prepare_run (f->project, loaded, "many", NULL, &error);
  g_assert_no_error (error);
  f->run_id = run_id;
  run (f, FALSE, FALSE);

  model = vs_eval_case_model_new (f->project, run_id, &error);
  g_assert_no_error (error);
  wait_n_items (model, n);
  last = loaded_item (model, n - 1);
  g_assert_cmpint (vs_eval_case_get_ordinal (last), ==, n);
  middle = loaded_item (model, VS_EVAL_CASE_MODEL_PAGE_SIZE + 1);
  g_assert_cmpint (vs_eval_case_get_ordinal (middle), ==, VS_EVAL_CASE_MODEL_PAGE_SIZE + 2);
  g_assert_cmpint (vs_eval_case_get_contender (middle, 0)->state, ==, VS_EVAL_STATE_FAILED);
  want = g_strdup_printf ("%u REPLY:%s", n, n % 2 ? "yes" : "no");
  g_assert_cmpstr (json_object_get_string_member (vs_eval_case_get_vars (last), "q"), ==, want);
  vs_eval_case_model_set_filter (model, VS_EVAL_CASE_FILTER_FAILURES);
  /* the even cases */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n / 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                        \
  g_test_add ("/versus/eval-cases/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("filters", test_filters);
  ADD ("case-in-full", test_case_in_full);
  ADD ("model", test_model);
  ADD ("model-live", test_model_live);
  ADD ("model-pages", test_model_pages);
#undef ADD

  return g_test_run ();
}
