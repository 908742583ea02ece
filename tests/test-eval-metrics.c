/* test-eval-metrics.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every evaluation metric against values worked out by hand (the arithmetic is quoted beside
 * each assertion), the judge's strict verdict, and the statistics the summary quotes
 * (McNemar b=10, c=2; Wilson) at the values the issue names.
 */
#include "config.h"

#include <math.h>

#include "vs-error.h"
#include "vs-eval-metrics.h"
#include "vs-stats.h"
#include "vs-json.h"

#define assert_close(a, b) g_assert_cmpfloat_with_epsilon ((a), (b), 1e-9)

static VsEvalMetric *
metric (const char *json)
{
  g_autoptr(JsonObject) object = vs_json_parse_object (json, -1, NULL);
  g_autoptr(GError) error = NULL;
  VsEvalMetric *m;

  g_assert_nonnull (object);
  m = vs_eval_metric_new_from_json (object, &error);
  g_assert_no_error (error);
  return m;
}

static VsEvalOutcome
outcome (const char *json,
         const char *output,
         const char *expected,
         double     *value)
{
  g_autoptr(VsEvalMetric) m = metric (json);
  VsEvalScore score;
  VsEvalOutcome o;

  vs_eval_metric_score (m, output, expected, 120, 0.002, &score);
  o = score.outcome;
  if (value)
    *value = score.value;
  vs_eval_score_clear (&score);
  return o;
}

static void
test_pass_fail (void)
{
  double v;

  g_assert_cmpint (outcome ("{\"type\":\"exact\"}", "Paris", "Paris", &v), ==,
                   VS_EVAL_OUTCOME_PASS);
  assert_close (v, 1);
  g_assert_cmpint (outcome ("{\"type\":\"exact\"}", "Paris ", "Paris", &v), ==,
                   VS_EVAL_OUTCOME_FAIL);
  assert_close (v, 0);
  g_assert_cmpint (outcome ("{\"type\":\"normalized_exact\"}", "  Hello,   WORLD! ", "hello world",
                            NULL), ==, VS_EVAL_OUTCOME_PASS);
  g_assert_cmpint (outcome ("{\"type\":\"normalized_exact\"}", "hello there", "hello world",
                            NULL), ==, VS_EVAL_OUTCOME_FAIL);
  g_assert_cmpint (outcome ("{\"type\":\"contains\",\"value\":\"42\"}", "it is 42.", "", NULL),
                   ==, VS_EVAL_OUTCOME_PASS);
  g_assert_cmpint (outcome ("{\"type\":\"contains\",\"value\":\"43\"}", "it is 42.", "", NULL),
                   ==, VS_EVAL_OUTCOME_FAIL);
  g_assert_cmpint (outcome ("{\"type\":\"regex\",\"value\":\"^[A-Z]{3}-\\\\d+$\"}", "ABC-12", "",
                            NULL), ==, VS_EVAL_OUTCOME_PASS);
  g_assert_cmpint (outcome ("{\"type\":\"regex\",\"value\":\"^[A-Z]{3}-\\\\d+$\"}", "AB-12", "",
                            NULL), ==, VS_EVAL_OUTCOME_FAIL);
  g_assert_cmpint (outcome ("{\"type\":\"json_valid\"}", " {\"a\": [1, 2]} ", "", NULL), ==,
                   VS_EVAL_OUTCOME_PASS);
  g_assert_cmpint (outcome ("{\"type\":\"json_valid\"}", "```json\n{\"a\": 1}\n```", "", NULL),
                   ==, VS_EVAL_OUTCOME_PASS);
  g_assert_cmpint (outcome ("{\"type\":\"json_valid\"}", "{\"a\": ", "", NULL), ==,
                   VS_EVAL_OUTCOME_FAIL);
  g_assert_cmpint (outcome ("{\"type\":\"label\"}", " Positive\n", "positive", NULL), ==,
                   VS_EVAL_OUTCOME_PASS);
  g_assert_cmpint (outcome ("{\"type\":\"label\"}", "negative", "positive", NULL), ==,
                   VS_EVAL_OUTCOME_FAIL);
}

static void
test_json_schema (void)
{
  const char *schema = "{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\","
                       "\"required\":[\"name\",\"tier\"],\"properties\":{"
                       "\"name\":{\"type\":\"string\"},"
                       "\"tier\":{\"enum\":[\"gold\",\"silver\"]},"
                       "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
                       "\"age\":{\"type\":\"integer\"}}}}";

  g_assert_cmpint (outcome (schema, "{\"name\":\"a\",\"tier\":\"gold\",\"tags\":[\"x\"],\"age\":3}",
                            "", NULL), ==, VS_EVAL_OUTCOME_PASS);
  /* missing required */
  g_assert_cmpint (outcome (schema, "{\"name\":\"a\"}", "", NULL), ==, VS_EVAL_OUTCOME_FAIL);
  /* enum */
  g_assert_cmpint (outcome (schema, "{\"name\":\"a\",\"tier\":\"bronze\"}", "", NULL), ==,
                   VS_EVAL_OUTCOME_FAIL);
  /* property type, item type, integer */
  g_assert_cmpint (outcome (schema, "{\"name\":1,\"tier\":\"gold\"}", "", NULL), ==,
                   VS_EVAL_OUTCOME_FAIL);
  g_assert_cmpint (outcome (schema, "{\"name\":\"a\",\"tier\":\"gold\",\"tags\":[1]}", "", NULL),
                   ==, VS_EVAL_OUTCOME_FAIL);
  g_assert_cmpint (outcome (schema, "{\"name\":\"a\",\"tier\":\"gold\",\"age\":2.5}", "", NULL),
                   ==, VS_EVAL_OUTCOME_FAIL);
  /* not an object, not JSON */
  g_assert_cmpint (outcome (schema, "[1]", "", NULL), ==, VS_EVAL_OUTCOME_FAIL);
  g_assert_cmpint (outcome (schema, "nope", "", NULL), ==, VS_EVAL_OUTCOME_FAIL);
}

static void
test_token_f1 (void)
{
  /* SQuAD tokens: "cat sat on mat" vs "cat on mat": common 3, P = 3/4, R = 1,
   * F1 = 2·0.75/1.75 = 6/7. */
  assert_close (vs_eval_token_f1 ("The cat sat on the mat.", "cat on mat"), 6.0 / 7.0);
  assert_close (vs_eval_token_f1 ("A", "the"), 1);   /* both empty after articles */
  assert_close (vs_eval_token_f1 ("dog", "cat"), 0);
  /* repeated tokens count once per occurrence: "a a b" → [b]? articles gone: pred [x x y],
   * ref [x y y]: common min(2,1) + min(1,2) = 2, P = R = 2/3 → F1 = 2/3 */
  assert_close (vs_eval_token_f1 ("x x y", "x y y"), 2.0 / 3.0);
}

/* What vs_eval_normalize() is defined as: lowercase, punctuation and symbols dropped, runs of
 * white space as one space, none at either end — by Unicode character, as its general path
 * reads it. */
static char *
normalize_reference (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = lower; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ispunct (c))
        continue;
      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* ASCII texts take a shortcut: every ASCII character, alone and between words, normalizes as
 * the Unicode reading does ('\v' is no space there, '$' and '^' are symbols, so dropped);
 * token F1 with many repeated words agrees with its definition. */
static void
test_normalize_ascii (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  for (guint c = 1; c < 0x80; c++)
    {
      char alone[2] = { (char) c, '\0' };
      g_autofree char *between = g_strdup_printf ("Ab%cC d", c);
      g_autofree char *a = vs_eval_normalize (alone);
      g_autofree char *b = normalize_reference (alone);
      g_autofree char *x = vs_eval_normalize (between);
      g_autofree char *y = normalize_reference (between);

      g_assert_cmpstr (a, ==, b);
      g_assert_cmpstr (x, ==, y);
    }
  for (guint n = 0; n < 2000; n++)
    {
      char text[24];
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      for (guint i = 0; i < sizeof text - 1; i++)
        text[i] = (char) g_rand_int_range (rand, 1, 0x80);
      text[sizeof text - 1] = '\0';
      a = vs_eval_normalize (text);
      b = normalize_reference (text);
      g_assert_cmpstr (a, ==, b);
    }
  /* Not ASCII: the general path. */
  {
    g_autofree char *a = vs_eval_normalize ("  Ça\u00a0VA,  Bien ! ");

    g_assert_cmpstr (a, ==, "ça va bien");
  }
  /* Multiset counting: "x x y" against "x y y" shares two words; 70 words take the long way. */
  assert_close (vs_eval_token_f1 ("x x y", "x y y"), 2.0 / 3.0);
  {
    g_autoptr(GString) many = g_string_new (NULL);

    for (guint i = 0; i < 70; i++)
      g_string_append_printf (many, "w%u ", i % 7);
    double p = 3.0 / 70, r = 3.0 / 4;

    /* Common: w1 twice (it is there 10 times), w2 once; zz never. */
    assert_close (vs_eval_token_f1 (many->str, "w1 w1 w2 zz"), 2 * p * r / (p + r));
    assert_close (vs_eval_token_f1 ("w1 w1 w2 zz", many->str), 2 * p * r / (p + r));
  }
}

static void
test_rouge_l (void)
{
  /* pred "the cat sat on the mat" (6), ref "the cat on mat" (4): LCS 4; P = 4/6, R = 1,
   * F1 = 2·(2/3)/(5/3) = 0.8 */
  assert_close (vs_eval_rouge_l ("The cat sat on the mat", "the cat on mat"), 0.8);
  /* "a b c d" vs "b d a": LCS 2 (b d); P = 2/4, R = 2/3, F1 = 2·(1/3)/(7/6) = 4/7 */
  assert_close (vs_eval_rouge_l ("a b c d", "b d a"), 4.0 / 7.0);
  assert_close (vs_eval_rouge_l ("", "x"), 0);
}

static void
test_bleu (void)
{
  assert_close (vs_eval_bleu ("the cat sat on the mat", "the cat sat on the mat"), 1);
  /* c = 2, r = 6: p1 = 1, p2 = (1+1)/(1+1), p3 = p4 = (0+1)/(0+1); BP = e^(1-3) */
  assert_close (vs_eval_bleu ("the cat", "the cat sat on the mat"), exp (-2));
  /* c = r = 3: p1 = 2/3, p2 = (0+1)/(2+1), p3 = (0+1)/(1+1), p4 = 1:
   * (2/3 · 1/3 · 1/2 · 1)^(1/4) = (1/9)^(1/4) */
  assert_close (vs_eval_bleu ("the cat sat", "the dog sat"), pow (1.0 / 9.0, 0.25));
  assert_close (vs_eval_bleu ("x y", "a b"), 0);
  assert_close (vs_eval_bleu ("", "a b"), 0);
}

static void
test_thresholds (void)
{
  double v;

  /* scored without threshold: reported only */
  g_assert_cmpint (outcome ("{\"type\":\"rouge_l\"}", "a b c d", "b d a", &v), ==,
                   VS_EVAL_OUTCOME_NONE);
  assert_close (v, 4.0 / 7.0);
  g_assert_cmpint (outcome ("{\"type\":\"rouge_l\",\"threshold\":0.5}", "a b c d", "b d a", NULL),
                   ==, VS_EVAL_OUTCOME_PASS);
  g_assert_cmpint (outcome ("{\"type\":\"token_f1\",\"threshold\":0.9}", "x x y", "x y y", NULL),
                   ==, VS_EVAL_OUTCOME_FAIL);
  /* latency 120 ms, cost 0.002 (see outcome()) pass when at most their threshold */
  g_assert_cmpint (outcome ("{\"type\":\"latency\",\"threshold\":120}", "", "", &v), ==,
                   VS_EVAL_OUTCOME_PASS);
  assert_close (v, 120);
  g_assert_cmpint (outcome ("{\"type\":\"latency\",\"threshold\":100}", "", "", NULL), ==,
                   VS_EVAL_OUTCOME_FAIL);
  g_assert_cmpint (outcome ("{\"type\":\"cost\",\"threshold\":0.001}", "", "", NULL), ==,
                   VS_EVAL_OUTCOME_FAIL);
  /* An answer from a batch has no latency (-1): reported as not measured, never an error. */
  {
    g_autoptr(VsEvalMetric) latency = metric ("{\"type\":\"latency\",\"threshold\":100}");
    VsEvalScore score = { 0 };

    vs_eval_metric_score (latency, "", "", -1, 0.002, &score);
    g_assert_cmpint (score.outcome, ==, VS_EVAL_OUTCOME_NONE);
    g_assert_true (isnan (score.value));
    g_assert_null (score.error);
    g_assert_nonnull (score.reason);
    vs_eval_score_clear (&score);
  }
  g_assert_cmpint (outcome ("{\"type\":\"cost\"}", "", "", &v), ==, VS_EVAL_OUTCOME_NONE);
  assert_close (v, 0.002);
}

static void
test_names_and_errors (void)
{
  g_autoptr(VsEvalMetric) a = metric ("{\"type\":\"bleu\"}");
  g_autoptr(VsEvalMetric) b =
    metric ("{\"type\":\"contains\",\"name\":\"has-42\",\"value\":\"42\"}");
  g_autoptr(JsonObject) bad = vs_json_parse_object ("{\"type\":\"contains\"}", -1, NULL);
  g_autoptr(JsonObject) unknown = vs_json_parse_object ("{\"type\":\"vibes\"}", -1, NULL);
  g_autoptr(JsonObject) bad_re = vs_json_parse_object ("{\"type\":\"regex\",\"value\":\"(\"}",
                                                       -1, NULL);
  g_autoptr(GError) error = NULL;
  VsEvalMetric *m;

  g_assert_cmpstr (a->name, ==, "bleu");
  g_assert_cmpstr (b->name, ==, "has-42");
  g_assert_true (vs_eval_metric_is_scored (a));
  g_assert_false (vs_eval_metric_is_scored (b));
  m = vs_eval_metric_new_from_json (bad, &error);
  g_assert_null (m);
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (vs_eval_metric_new_from_json (unknown, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (vs_eval_metric_new_from_json (bad_re, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
}

static void
test_judge_verdict (void)
{
  g_autoptr(VsEvalMetric) judge = metric ("{\"type\":\"judge\"}");
  g_autoptr(VsEvalMetric) strict = metric ("{\"type\":\"judge\",\"threshold\":0.8}");
  const char *bad[] = {
    "Echo: looks good to me",
    "{\"reason\": \"ok\", \"score\": 0.9}",              /* no pass */
    "{\"reason\": \"ok\", \"pass\": true}",              /* no score */
    "{\"reason\": \"ok\", \"score\": 1.5, \"pass\": true}",
    "{\"score\": 1, \"pass\": true}",                    /* no reason */
    "{\"reason\": \"ok\", \"score\": 1, \"pass\": \"yes\"}",
    "Sure! {\"reason\": \"ok\", \"score\": 1, \"pass\": true}",
    "",
    NULL,
  };
  VsEvalScore s;

  vs_eval_score_verdict (judge, " {\"reason\": \"fine\", \"score\": 0.75, \"pass\": true}\n", &s);
  g_assert_cmpint (s.outcome, ==, VS_EVAL_OUTCOME_PASS);
  assert_close (s.value, 0.75);
  g_assert_cmpstr (s.reason, ==, "fine");
  vs_eval_score_clear (&s);
  vs_eval_score_verdict (strict, "{\"reason\": \"fine\", \"score\": 0.75, \"pass\": true}", &s);
  g_assert_cmpint (s.outcome, ==, VS_EVAL_OUTCOME_FAIL);
  vs_eval_score_clear (&s);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      vs_eval_score_verdict (judge, bad[i], &s);
      g_assert_cmpint (s.outcome, ==, VS_EVAL_OUTCOME_ERROR);
      g_assert_nonnull (s.error);
      g_assert_true (isnan (s.value));
      vs_eval_score_clear (&s);
    }
  /* A judge metric scored without a reply is an error, never a pass. */
  vs_eval_metric_score (judge, "whatever", "x", 1, 0, &s);
  g_assert_cmpint (s.outcome, ==, VS_EVAL_OUTCOME_ERROR);
  vs_eval_score_clear (&s);
}

static void
test_statistics (void)
{
  VsStatsInterval ci;

  /* McNemar b = 10, c = 2: 2·(C(12,0)+C(12,1)+C(12,2))/2^12 = 158/4096 */
  assert_close (vs_stats_mcnemar_exact (10, 2), 158.0 / 4096.0);
  g_assert_cmpfloat (fabs (vs_stats_mcnemar_exact (10, 2) - 0.0386), <, 0.0001);
  /* Wilson 8/10, z = 1.959964: (0.8 + z²/20 ± z·sqrt(0.016 + z²/400)) / (1 + z²/10)
   * = [0.4901625, 0.9433178] */
  g_assert_true (vs_stats_wilson_confidence (8, 10, 0.95, &ci));
  g_assert_cmpfloat (fabs (ci.lower - 0.4901625), <, 1e-6);
  g_assert_cmpfloat (fabs (ci.upper - 0.9433178), <, 1e-6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/versus/eval-metrics/pass-fail", test_pass_fail);
  g_test_add_func ("/versus/eval-metrics/json-schema", test_json_schema);
  g_test_add_func ("/versus/eval-metrics/token-f1", test_token_f1);
  g_test_add_func ("/versus/eval-metrics/normalize-ascii", test_normalize_ascii);
  g_test_add_func ("/versus/eval-metrics/rouge-l", test_rouge_l);
  g_test_add_func ("/versus/eval-metrics/bleu", test_bleu);
  g_test_add_func ("/versus/eval-metrics/thresholds", test_thresholds);
  g_test_add_func ("/versus/eval-metrics/names-and-errors", test_names_and_errors);
  g_test_add_func ("/versus/eval-metrics/judge-verdict", test_judge_verdict);
  g_test_add_func ("/versus/eval-metrics/statistics", test_statistics);
  return g_test_run ();
}
