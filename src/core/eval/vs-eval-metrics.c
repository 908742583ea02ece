/* vs-eval-metrics.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The metrics of an evaluation as plain functions. Token-based scores follow their usual
 * references (SQuAD's evaluate script for token F1, ROUGE-L's LCS F1, sentence BLEU-4 with
 * add-one smoothing for n ≥ 2); tests/test-eval-metrics.c checks each against values worked
 * out by hand.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "vs-error.h"
#include "vs-eval-metrics.h"
#include "vs-json.h"

static const char * const type_names[] = {
  "exact", "normalized_exact", "contains", "regex", "json_valid", "json_schema", "label",
  "token_f1", "rouge_l", "bleu", "judge", "latency", "cost",
};

const char *
vs_eval_metric_type_to_string (VsEvalMetricType type)
{
  g_return_val_if_fail (type <= VS_EVAL_METRIC_COST, NULL);
  return type_names[type];
}

gboolean
vs_eval_metric_type_from_string (const char       *text,
                                 VsEvalMetricType *type)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (type_names); i++)
    if (strcmp (text, type_names[i]) == 0)
      {
        *type = (VsEvalMetricType) i;
        return TRUE;
      }
  return FALSE;
}

void
vs_eval_metric_free (VsEvalMetric *metric)
{
  if (metric == NULL)
    return;
  g_free (metric->name);
  g_free (metric->value);
  g_clear_pointer (&metric->regex, g_regex_unref);
  g_clear_pointer (&metric->schema, json_object_unref);
  g_clear_pointer (&metric->options, json_object_unref);
  g_free (metric);
}

gboolean
vs_eval_metric_is_scored (const VsEvalMetric *metric)
{
  return metric->type >= VS_EVAL_METRIC_TOKEN_F1;
}

VsEvalMetric *
vs_eval_metric_new_from_json (JsonObject  *object,
                              GError     **error)
{
  g_autoptr(VsEvalMetric) metric = g_new0 (VsEvalMetric, 1);
  const char *type = vs_json_get_string (object, "type", NULL);
  JsonNode *threshold;

  if (!vs_eval_metric_type_from_string (type, &metric->type))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   _("Unknown metric type “%s”"), type ? type : "");
      return NULL;
    }
  metric->name = g_strdup (vs_json_get_string (object, "name", type));
  metric->options = json_object_ref (object);
  metric->value = g_strdup (vs_json_get_string (object, "value", NULL));
  if ((metric->type == VS_EVAL_METRIC_CONTAINS || metric->type == VS_EVAL_METRIC_REGEX) &&
      metric->value == NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   _("Metric “%s” needs a “value”"), metric->name);
      return NULL;
    }
  if (metric->type == VS_EVAL_METRIC_REGEX)
    {
      g_autoptr(GError) local = NULL;

      metric->regex = g_regex_new (metric->value, G_REGEX_OPTIMIZE, 0, &local);
      if (metric->regex == NULL)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                       _("Metric “%s”: %s"), metric->name, local->message);
          return NULL;
        }
    }
  if (metric->type == VS_EVAL_METRIC_JSON_SCHEMA)
    {
      JsonNode *schema = json_object_get_member (object, "schema");

      if (schema == NULL || !JSON_NODE_HOLDS_OBJECT (schema))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                       _("Metric “%s” needs a “schema” object"), metric->name);
          return NULL;
        }
      metric->schema = json_object_ref (json_node_get_object (schema));
    }
  threshold = json_object_get_member (object, "threshold");
  if (threshold != NULL && !JSON_NODE_HOLDS_NULL (threshold))
    {
      if (json_node_get_value_type (threshold) != G_TYPE_DOUBLE &&
          json_node_get_value_type (threshold) != G_TYPE_INT64)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                       _("Metric “%s”: “threshold” must be a number"), metric->name);
          return NULL;
        }
      metric->has_threshold = TRUE;
      metric->threshold = json_node_get_double (threshold);
    }
  return g_steal_pointer (&metric);
}

void
vs_eval_score_clear (VsEvalScore *score)
{
  g_clear_pointer (&score->reason, g_free);
  g_clear_pointer (&score->error, g_free);
}

/* Text */

/* What g_unichar_isspace() says of an ASCII character: not '\v', which Unicode does not count
 * as a space. */
static inline gboolean
ascii_space (guchar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* vs_eval_normalize() of a text that is all ASCII: the same result without decoding it (a
 * batch ingest scores 50,000 outputs a second). g_ascii_ispunct() is g_unichar_ispunct() on
 * ASCII: its 32 punctuation characters are all Unicode punctuation or symbols. */
static char *
normalize_ascii (const char *text,
                 gsize       length)
{
  GString *out = g_string_sized_new (length);
  gboolean space = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) text[i];

      if (g_ascii_ispunct (c))
        continue;
      if (ascii_space (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, g_ascii_tolower (c));
    }
  return g_string_free (out, FALSE);
}

char *
vs_eval_normalize (const char *text)
{
  g_autofree char *lower = NULL;
  gsize length = 0;
  GString *out;
  gboolean space = FALSE;

  if (text == NULL)
    text = "";
  while (text[length] != '\0' && (guchar) text[length] < 0x80)
    length++;
  if (text[length] == '\0')
    return normalize_ascii (text, length);
  lower = g_utf8_strdown (text, -1);
  out = g_string_new (NULL);

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

GStrv
vs_eval_tokens (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text ? text : "", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GString *word = g_string_new (NULL);

  for (const char *p = lower;; p = g_utf8_next_char (p))
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0)
        {
          g_strv_builder_add (builder, word->str);
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
    }
  g_string_free (word, TRUE);
  return g_strv_builder_end (builder);
}

static GStrv
squad_tokens (const char *text)
{
  g_autofree char *normal = vs_eval_normalize (text);
  g_auto(GStrv) words = g_strsplit (normal, " ", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0' && strcmp (words[i], "a") != 0 && strcmp (words[i], "an") != 0 &&
        strcmp (words[i], "the") != 0)
      g_strv_builder_add (builder, words[i]);
  return g_strv_builder_end (builder);
}

/* The size of the multiset intersection of @a and @b. */
static guint
count_common (GStrv a,
              GStrv b)
{
  g_autoptr(GHashTable) counts = NULL;
  guint common = 0;
  guint n_b = g_strv_length (b);

  /* Short answers (most): each word of @a takes the first unused equal word of @b. */
  if (n_b <= 64 && g_strv_length (a) <= 256)
    {
      gboolean used[64] = { FALSE };

      for (guint i = 0; a[i] != NULL; i++)
        for (guint j = 0; j < n_b; j++)
          if (!used[j] && strcmp (a[i], b[j]) == 0)
            {
              used[j] = TRUE;
              common++;
              break;
            }
      return common;
    }
  counts = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; b[i] != NULL; i++)
    g_hash_table_insert (counts, b[i],
                         GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, b[i]))
                                           + 1));
  for (guint i = 0; a[i] != NULL; i++)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, a[i]));

      if (n > 0)
        {
          common++;
          g_hash_table_insert (counts, a[i], GUINT_TO_POINTER (n - 1));
        }
    }
  return common;
}

static double
f1 (double common,
    double n_pred,
    double n_ref)
{
  double p, r;

  if (n_pred == 0 && n_ref == 0)
    return 1;
  if (common == 0)
    return 0;
  p = common / n_pred;
  r = common / n_ref;
  return 2 * p * r / (p + r);
}

double
vs_eval_token_f1 (const char *prediction,
                  const char *reference)
{
  g_auto(GStrv) pred = squad_tokens (prediction);
  g_auto(GStrv) ref = squad_tokens (reference);

  return f1 (count_common (pred, ref), g_strv_length (pred), g_strv_length (ref));
}

double
vs_eval_rouge_l (const char *prediction,
                 const char *reference)
{
  g_auto(GStrv) pred = vs_eval_tokens (prediction);
  g_auto(GStrv) ref = vs_eval_tokens (reference);
  guint m = g_strv_length (pred), n = g_strv_length (ref);
  g_autofree guint *prev = g_new0 (guint, n + 1);
  g_autofree guint *cur = g_new0 (guint, n + 1);

  for (guint i = 1; i <= m; i++)
    {
      for (guint j = 1; j <= n; j++)
        cur[j] = strcmp (pred[i - 1], ref[j - 1]) == 0 ? prev[j - 1] + 1
                                                       : MAX (prev[j], cur[j - 1]);
      memcpy (prev, cur, (n + 1) * sizeof (guint));
    }
  return f1 (m > 0 && n > 0 ? prev[n] : 0, m, n);
}

static GHashTable *
ngram_counts (GStrv  tokens,
              guint  len,
              guint  order,
              guint *total)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  *total = 0;
  for (guint i = 0; i + order <= len; i++)
    {
      GString *key = g_string_new (tokens[i]);
      gpointer old;

      for (guint k = 1; k < order; k++)
        {
          g_string_append_c (key, '\x1f');
          g_string_append (key, tokens[i + k]);
        }
      old = g_hash_table_lookup (counts, key->str);
      g_hash_table_insert (counts, g_string_free (key, FALSE),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (old) + 1));
      (*total)++;
    }
  return counts;
}

double
vs_eval_bleu (const char *prediction,
              const char *reference)
{
  g_auto(GStrv) pred = vs_eval_tokens (prediction);
  g_auto(GStrv) ref = vs_eval_tokens (reference);
  guint c = g_strv_length (pred), r = g_strv_length (ref);
  double log_sum = 0, bp;

  if (c == 0)
    return 0;
  for (guint order = 1; order <= 4; order++)
    {
      guint total_p, total_r, matches = 0;
      g_autoptr(GHashTable) pc = ngram_counts (pred, c, order, &total_p);
      g_autoptr(GHashTable) rc = ngram_counts (ref, r, order, &total_r);
      GHashTableIter iter;
      gpointer key, value;
      double p;

      g_hash_table_iter_init (&iter, pc);
      while (g_hash_table_iter_next (&iter, &key, &value))
        matches += MIN (GPOINTER_TO_UINT (value),
                        GPOINTER_TO_UINT (g_hash_table_lookup (rc, key)));
      if (order == 1)
        {
          if (matches == 0)
            return 0;
          p = (double) matches / total_p;
        }
      else
        p = (matches + 1.0) / (total_p + 1.0);
      log_sum += log (p);
    }
  bp = c > r ? 1 : exp (1 - (double) r / c);
  return bp * exp (log_sum / 4);
}

/* JSON */

JsonNode *
vs_eval_parse_json_output (const char *output)
{
  g_autofree char *text = g_strstrip (g_strdup (output ? output : ""));
  char *body = text;

  if (g_str_has_prefix (body, "```") && g_str_has_suffix (body, "```") && strlen (body) >= 6)
    {
      char *nl = strchr (body, '\n');

      body[strlen (body) - 3] = '\0';
      body = nl != NULL ? nl + 1 : body + 3;
    }
  if (*body == '\0')
    return NULL;
  return vs_json_parse (body, -1, NULL);
}

static gboolean
type_matches (JsonNode   *value,
              const char *type)
{
  JsonNodeType node_type = json_node_get_node_type (value);
  GType vt = node_type == JSON_NODE_VALUE ? json_node_get_value_type (value) : G_TYPE_INVALID;

  if (strcmp (type, "object") == 0)
    return node_type == JSON_NODE_OBJECT;
  if (strcmp (type, "array") == 0)
    return node_type == JSON_NODE_ARRAY;
  if (strcmp (type, "null") == 0)
    return node_type == JSON_NODE_NULL;
  if (strcmp (type, "string") == 0)
    return vt == G_TYPE_STRING;
  if (strcmp (type, "boolean") == 0)
    return vt == G_TYPE_BOOLEAN;
  if (strcmp (type, "integer") == 0)
    return vt == G_TYPE_INT64 ||
           (vt == G_TYPE_DOUBLE &&
            json_node_get_double (value) == floor (json_node_get_double (value)));
  if (strcmp (type, "number") == 0)
    return vt == G_TYPE_INT64 || vt == G_TYPE_DOUBLE;
  return FALSE;
}

static gboolean
schema_check (JsonNode    *value,
              JsonObject  *schema,
              const char  *where,
              char       **why)
{
  JsonNode *type = json_object_get_member (schema, "type");
  JsonNode *member;

  if (type != NULL)
    {
      gboolean ok = FALSE;

      if (JSON_NODE_HOLDS_ARRAY (type))
        {
          JsonArray *types = json_node_get_array (type);

          for (guint i = 0; !ok && i < json_array_get_length (types); i++)
            ok = type_matches (value, json_array_get_string_element (types, i));
        }
      else if (json_node_get_value_type (type) == G_TYPE_STRING)
        ok = type_matches (value, json_node_get_string (type));
      if (!ok)
        {
          *why = g_strdup_printf ("%s: not of the schema's type", where);
          return FALSE;
        }
    }
  member = json_object_get_member (schema, "enum");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *values = json_node_get_array (member);
      gboolean found = FALSE;

      for (guint i = 0; !found && i < json_array_get_length (values); i++)
        found = json_node_equal (value, json_array_get_element (values, i));
      if (!found)
        {
          *why = g_strdup_printf ("%s: not one of the schema's enum values", where);
          return FALSE;
        }
    }
  if (JSON_NODE_HOLDS_OBJECT (value))
    {
      JsonObject *object = json_node_get_object (value);

      member = json_object_get_member (schema, "required");
      if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
        {
          JsonArray *required = json_node_get_array (member);

          for (guint i = 0; i < json_array_get_length (required); i++)
            {
              const char *name = json_array_get_string_element (required, i);

              if (name != NULL && !json_object_has_member (object, name))
                {
                  *why = g_strdup_printf ("%s: “%s” is required", where, name);
                  return FALSE;
                }
            }
        }
      member = json_object_get_member (schema, "properties");
      if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
        {
          JsonObject *properties = json_node_get_object (member);
          g_autoptr(GList) names = json_object_get_members (properties);

          for (GList *l = names; l != NULL; l = l->next)
            {
              JsonNode *sub = json_object_get_member (properties, l->data);
              JsonNode *child = json_object_get_member (object, l->data);
              g_autofree char *child_where = NULL;

              if (child == NULL || !JSON_NODE_HOLDS_OBJECT (sub))
                continue;
              child_where = g_strdup_printf ("%s.%s", where, (const char *) l->data);
              if (!schema_check (child, json_node_get_object (sub), child_where, why))
                return FALSE;
            }
        }
    }
  member = json_object_get_member (schema, "items");
  if (JSON_NODE_HOLDS_ARRAY (value) && member != NULL && JSON_NODE_HOLDS_OBJECT (member))
    {
      JsonArray *items = json_node_get_array (value);

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          g_autofree char *child_where = g_strdup_printf ("%s[%u]", where, i);

          if (!schema_check (json_array_get_element (items, i), json_node_get_object (member),
                             child_where, why))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
vs_eval_json_schema_check (JsonNode    *value,
                           JsonObject  *schema,
                           char       **why)
{
  g_autofree char *local = NULL;
  gboolean ok;

  ok = schema_check (value, schema, "$", &local);
  if (why != NULL)
    *why = g_steal_pointer (&local);
  return ok;
}

/* Scoring */

static void
set_pass (VsEvalScore *out,
          gboolean     pass)
{
  out->value = pass ? 1 : 0;
  out->outcome = pass ? VS_EVAL_OUTCOME_PASS : VS_EVAL_OUTCOME_FAIL;
}

static void
set_scored (const VsEvalMetric *metric,
            double              value,
            VsEvalScore        *out)
{
  out->value = value;
  if (!metric->has_threshold)
    out->outcome = VS_EVAL_OUTCOME_NONE;
  else
    out->outcome = value >= metric->threshold ? VS_EVAL_OUTCOME_PASS : VS_EVAL_OUTCOME_FAIL;
}

static void
set_at_most (const VsEvalMetric *metric,
             double              value,
             VsEvalScore        *out)
{
  if (value < 0 || isnan (value))
    {
      out->value = NAN;
      out->outcome = VS_EVAL_OUTCOME_ERROR;
      out->error = g_strdup (_("Not measured"));
      return;
    }
  out->value = value;
  if (!metric->has_threshold)
    out->outcome = VS_EVAL_OUTCOME_NONE;
  else
    out->outcome = value <= metric->threshold ? VS_EVAL_OUTCOME_PASS : VS_EVAL_OUTCOME_FAIL;
}

void
vs_eval_metric_score (const VsEvalMetric *metric,
                      const char         *output,
                      const char         *expected,
                      double              latency_ms,
                      double              cost_usd,
                      VsEvalScore        *out)
{
  memset (out, 0, sizeof *out);
  out->value = NAN;
  output = output ? output : "";
  expected = expected ? expected : "";

  switch (metric->type)
    {
    case VS_EVAL_METRIC_EXACT:
      set_pass (out, strcmp (output, expected) == 0);
      break;
    case VS_EVAL_METRIC_NORMALIZED_EXACT:
      {
        g_autofree char *a = vs_eval_normalize (output);
        g_autofree char *b = vs_eval_normalize (expected);

        set_pass (out, strcmp (a, b) == 0);
        break;
      }
    case VS_EVAL_METRIC_CONTAINS:
      set_pass (out, strstr (output, metric->value) != NULL);
      break;
    case VS_EVAL_METRIC_REGEX:
      set_pass (out, g_regex_match (metric->regex, output, 0, NULL));
      break;
    case VS_EVAL_METRIC_JSON_VALID:
      {
        g_autoptr(JsonNode) node = vs_eval_parse_json_output (output);

        set_pass (out, node != NULL);
        break;
      }
    case VS_EVAL_METRIC_JSON_SCHEMA:
      {
        g_autoptr(JsonNode) node = vs_eval_parse_json_output (output);
        g_autofree char *why = NULL;

        set_pass (out, node != NULL && vs_eval_json_schema_check (node, metric->schema, &why));
        out->reason = node == NULL ? g_strdup (_("Not JSON")) : g_steal_pointer (&why);
        break;
      }
    case VS_EVAL_METRIC_LABEL:
      {
        g_autofree char *trimmed_a = g_strstrip (g_strdup (output));
        g_autofree char *trimmed_b = g_strstrip (g_strdup (expected));
        g_autofree char *a = g_utf8_casefold (trimmed_a, -1);
        g_autofree char *b = g_utf8_casefold (trimmed_b, -1);

        set_pass (out, strcmp (a, b) == 0);
        break;
      }
    case VS_EVAL_METRIC_TOKEN_F1:
      set_scored (metric, vs_eval_token_f1 (output, expected), out);
      break;
    case VS_EVAL_METRIC_ROUGE_L:
      set_scored (metric, vs_eval_rouge_l (output, expected), out);
      break;
    case VS_EVAL_METRIC_BLEU:
      set_scored (metric, vs_eval_bleu (output, expected), out);
      break;
    case VS_EVAL_METRIC_LATENCY:
      /* Only an answer that came back from a batch has no latency (a batch is answered
       * within hours, not per request): nothing to report, and no error either, so a batch
       * run scores as the online run of the same spec does. */
      if (latency_ms < 0)
        {
          out->value = NAN;
          out->outcome = VS_EVAL_OUTCOME_NONE;
          out->reason = g_strdup (_("Not measured: the answer came from a batch"));
        }
      else
        set_at_most (metric, latency_ms, out);
      break;
    case VS_EVAL_METRIC_COST:
      set_at_most (metric, cost_usd, out);
      break;
    case VS_EVAL_METRIC_JUDGE:
    default:
      out->outcome = VS_EVAL_OUTCOME_ERROR;
      out->error = g_strdup (_("The judge did not answer"));
      break;
    }
}

static void
verdict_error (VsEvalScore *out,
               const char  *why)
{
  out->value = NAN;
  out->outcome = VS_EVAL_OUTCOME_ERROR;
  out->error = g_strdup (why);
}

void
vs_eval_score_verdict (const VsEvalMetric *metric,
                       const char         *reply,
                       VsEvalScore        *out)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonNode *score, *pass, *reason;

  memset (out, 0, sizeof *out);
  node = reply != NULL ? vs_json_parse (reply, -1, NULL) : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      verdict_error (out, _("The judge's reply is not a JSON object"));
      return;
    }
  object = json_node_get_object (node);
  score = json_object_get_member (object, "score");
  pass = json_object_get_member (object, "pass");
  reason = json_object_get_member (object, "reason");
  if (score == NULL || (json_node_get_value_type (score) != G_TYPE_DOUBLE &&
                        json_node_get_value_type (score) != G_TYPE_INT64) ||
      json_node_get_double (score) < 0 || json_node_get_double (score) > 1)
    {
      verdict_error (out, _("The judge's verdict has no “score” between 0 and 1"));
      return;
    }
  if (pass == NULL || json_node_get_value_type (pass) != G_TYPE_BOOLEAN)
    {
      verdict_error (out, _("The judge's verdict has no boolean “pass”"));
      return;
    }
  if (reason == NULL || json_node_get_value_type (reason) != G_TYPE_STRING)
    {
      verdict_error (out, _("The judge's verdict has no “reason”"));
      return;
    }
  out->value = json_node_get_double (score);
  out->reason = g_strdup (json_node_get_string (reason));
  if (metric != NULL && metric->has_threshold)
    out->outcome = out->value >= metric->threshold ? VS_EVAL_OUTCOME_PASS : VS_EVAL_OUTCOME_FAIL;
  else
    out->outcome = json_node_get_boolean (pass) ? VS_EVAL_OUTCOME_PASS : VS_EVAL_OUTCOME_FAIL;
}
