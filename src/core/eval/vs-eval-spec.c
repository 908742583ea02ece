/* vs-eval-spec.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading an evaluation spec: check every member once, up front, with a message that names
 * it, and resolve files (cases, templates) so the stored spec stands on its own.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "vs-error.h"
#include "vs-eval-spec.h"
#include "vs-json.h"
#include "vs-prices.h"
#include "vs-template-request.h"
#include "vs-template.h"

static void
contender_free (gpointer data)
{
  VsEvalContender *c = data;

  g_free (c->name);
  g_free (c->endpoint);
  g_free (c->model);
  g_clear_pointer (&c->template, json_node_unref);
  g_free (c->template_dir);
  g_clear_pointer (&c->parameters, json_object_unref);
  g_free (c->api_key_env);
  g_free (c->batch_api);
  g_free (c);
}

void
vs_eval_spec_free (VsEvalSpec *spec)
{
  if (spec == NULL)
    return;
  g_clear_pointer (&spec->json, json_object_unref);
  g_free (spec->cases);
  g_free (spec->dataset);
  g_free (spec->split);
  g_free (spec->snapshot);
  g_clear_pointer (&spec->input, json_object_unref);
  g_free (spec->expected);
  g_clear_pointer (&spec->contenders, g_ptr_array_unref);
  g_clear_pointer (&spec->metrics, g_ptr_array_unref);
  g_clear_pointer (&spec->prices, json_object_unref);
  g_clear_pointer (&spec->settings, json_object_unref);
  g_free (spec);
}

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID, message);
  return FALSE;
}

static char *
resolve (const char *base_dir,
         const char *path)
{
  if (g_path_is_absolute (path))
    return g_strdup (path);
  /* A relative base (a bundle given as "data/sample") is taken from the current folder. */
  if (base_dir == NULL || !g_path_is_absolute (base_dir))
    {
      g_autofree char *cwd = g_get_current_dir ();
      g_autofree char *base = g_canonicalize_filename (base_dir ? base_dir : ".", cwd);

      return g_canonicalize_filename (path, base);
    }
  return g_canonicalize_filename (path, base_dir);
}

static gboolean
get_uint (JsonObject  *object,
          const char  *member,
          guint        fallback,
          guint        max,
          guint       *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 value;

  if (node == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!vs_json_node_get_int64 (node, &value) || value < 1 || value > max)
    return invalid (error, _("“%s” must be a whole number from 1 to %u"), member, max);
  *out = (guint) value;
  return TRUE;
}

/* A template member: a file name (read and embedded), or an embedded object (as stored). */
static gboolean
resolve_template (JsonObject   *object,
                  const char   *base_dir,
                  const char   *who,
                  JsonNode    **out_template,
                  char        **out_dir,
                  GError      **error)
{
  JsonNode *node = json_object_get_member (object, "template");
  g_autoptr(VsTemplate) template = NULL;
  g_autoptr(GError) local = NULL;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      template = vs_template_new_from_json (node, &local);
      *out_dir = g_strdup (vs_json_get_string (object, "template_dir", NULL));
    }
  else if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *path = resolve (base_dir, json_node_get_string (node));

      template = vs_template_new_from_file (path, &local);
      *out_dir = g_path_get_dirname (path);
    }
  else
    return invalid (error, _("%s needs a “template” (a template file)"), who);
  if (template == NULL)
    return invalid (error, "%s: %s", who, local->message);
  *out_template = vs_template_to_json (template);
  return TRUE;
}

static VsEvalContender *
parse_contender (JsonNode    *node,
                 guint        index,
                 const char  *base_dir,
                 GError     **error)
{
  g_autofree char *who = g_strdup_printf (_("contenders[%u]"), index);
  VsEvalContender *c;
  JsonObject *object;
  JsonNode *member;
  const char *kind;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, _("%s must be an object"), who);
      return NULL;
    }
  object = json_node_get_object (node);
  c = g_new0 (VsEvalContender, 1);
  c->training_cost_usd = NAN;
  c->name = g_strdup (vs_json_get_string (object, "name", NULL));
  c->endpoint = g_strdup (vs_json_get_string (object, "endpoint", NULL));
  c->model = g_strdup (vs_json_get_string (object, "model", NULL));
  c->api_key_env = g_strdup (vs_json_get_string (object, "api_key_env", "VERSUS_API_KEY"));
  kind = vs_json_get_string (object, "kind", "openai");
  if (c->name == NULL || *c->name == '\0' || c->endpoint == NULL || c->model == NULL)
    {
      invalid (error, _("%s needs a “name”, an “endpoint” and a “model”"), who);
      goto fail;
    }
  if (!vs_endpoint_kind_from_string (kind, &c->kind, NULL))
    {
      invalid (error, _("%s: “kind” must be “openai” or “ollama”"), who);
      goto fail;
    }
  member = json_object_get_member (object, "parameters");
  if (member != NULL && !JSON_NODE_HOLDS_OBJECT (member))
    {
      invalid (error, _("%s: “parameters” must be an object"), who);
      goto fail;
    }
  c->parameters = member ? vs_json_object_deep_copy (json_node_get_object (member))
                         : json_object_new ();
  member = json_object_get_member (object, "training_cost_usd");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      GType type = json_node_get_value_type (member);

      if ((type != G_TYPE_DOUBLE && type != G_TYPE_INT64) || json_node_get_double (member) < 0)
        {
          invalid (error, _("%s: “training_cost_usd” must be a number ≥ 0"), who);
          goto fail;
        }
      c->training_cost_usd = json_node_get_double (member);
    }
  c->batch_api = g_strdup (vs_json_get_string (object, "batch_api", NULL));
  if (c->batch_api != NULL && g_strcmp0 (c->batch_api, "openai") != 0 &&
      g_strcmp0 (c->batch_api, "mistral") != 0)
    {
      invalid (error, _("%s: “batch_api” must be “openai” or “mistral”"), who);
      goto fail;
    }
  vs_json_node_get_int64 (json_object_get_member (object, "endpoint_id"), &c->endpoint_id);
  vs_json_node_get_int64 (json_object_get_member (object, "template_version_id"),
                          &c->template_version_id);
  vs_json_node_get_int64 (json_object_get_member (object, "finetune_job_id"),
                          &c->finetune_job_id);
  if (!resolve_template (object, base_dir, who, &c->template, &c->template_dir, error))
    goto fail;
  return c;

fail:
  contender_free (c);
  return NULL;
}

static JsonObject *
contender_to_json (VsEvalContender *c)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "name", c->name);
  json_object_set_string_member (o, "endpoint", c->endpoint);
  json_object_set_string_member (o, "kind", vs_endpoint_kind_to_string (c->kind));
  json_object_set_string_member (o, "model", c->model);
  json_object_set_member (o, "template", json_node_copy (c->template));
  if (c->template_dir)
    json_object_set_string_member (o, "template_dir", c->template_dir);
  json_object_set_object_member (o, "parameters", json_object_ref (c->parameters));
  json_object_set_string_member (o, "api_key_env", c->api_key_env);
  if (!isnan (c->training_cost_usd))
    json_object_set_double_member (o, "training_cost_usd", c->training_cost_usd);
  if (c->endpoint_id > 0)
    json_object_set_int_member (o, "endpoint_id", c->endpoint_id);
  if (c->template_version_id > 0)
    json_object_set_int_member (o, "template_version_id", c->template_version_id);
  if (c->finetune_job_id > 0)
    json_object_set_int_member (o, "finetune_job_id", c->finetune_job_id);
  if (c->batch_api != NULL)
    json_object_set_string_member (o, "batch_api", c->batch_api);
  return o;
}

VsEvalSpec *
vs_eval_spec_new_from_json (JsonObject  *object,
                            const char  *base_dir,
                            GError     **error)
{
  g_autoptr(VsEvalSpec) spec = g_new0 (VsEvalSpec, 1);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *resolved_contenders, *resolved_metrics;
  JsonNode *member;
  const char *cases;

  spec->json = json_object_new ();
  spec->contenders = g_ptr_array_new_with_free_func (contender_free);
  spec->metrics = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_eval_metric_free);

  if ((cases = vs_json_get_string (object, "cases", NULL)) != NULL)
    {
      spec->cases = resolve (base_dir, cases);
      json_object_set_string_member (spec->json, "cases", spec->cases);
    }
  member = json_object_get_member (object, "dataset");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
      json_node_get_value_type (member) == G_TYPE_INT64)
    spec->dataset = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (member));
  else if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
           json_node_get_value_type (member) == G_TYPE_STRING)
    spec->dataset = g_strdup (json_node_get_string (member));
  else if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      invalid (error, _("“dataset” must be a dataset's name or id"));
      return NULL;
    }
  if (spec->dataset != NULL && spec->cases != NULL)
    {
      invalid (error, _("Give either “cases” or “dataset”, not both"));
      return NULL;
    }
  if (spec->dataset != NULL)
    json_object_set_string_member (spec->json, "dataset", spec->dataset);
  spec->snapshot = g_strdup (vs_json_get_string (object, "snapshot", NULL));
  if (spec->snapshot != NULL)
    json_object_set_string_member (spec->json, "snapshot", spec->snapshot);
  /* One split of the dataset (the held-out "test" one, usually); none: every case. */
  spec->split = g_strdup (vs_json_get_string (object, "split", NULL));
  if (spec->split != NULL)
    json_object_set_string_member (spec->json, "split", spec->split);
  member = json_object_get_member (object, "input");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      g_autoptr(GList) vars = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        {
          invalid (error, _("“input” must map variable names to columns"));
          return NULL;
        }
      vars = json_object_get_members (json_node_get_object (member));
      for (GList *l = vars; l; l = l->next)
        if (json_node_get_value_type (json_object_get_member (json_node_get_object (member),
                                                              l->data)) != G_TYPE_STRING)
          {
            invalid (error, _("“input”: the column of “%s” must be a string"),
                     (const char *) l->data);
            return NULL;
          }
      spec->input = vs_json_object_deep_copy (json_node_get_object (member));
      json_object_set_object_member (spec->json, "input", json_object_ref (spec->input));
    }
  spec->expected = g_strdup (vs_json_get_string (object, "expected", NULL));
  if (spec->expected)
    json_object_set_string_member (spec->json, "expected", spec->expected);

  member = json_object_get_member (object, "contenders");
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member) ||
      json_array_get_length (json_node_get_array (member)) == 0 ||
      json_array_get_length (json_node_get_array (member)) > VS_EVAL_MAX_CONTENDERS)
    {
      invalid (error, _("“contenders” must list 1 to %d contenders"), VS_EVAL_MAX_CONTENDERS);
      return NULL;
    }
  resolved_contenders = json_array_new ();
  json_object_set_array_member (spec->json, "contenders", resolved_contenders);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (member)); i++)
    {
      VsEvalContender *c = parse_contender (json_array_get_element (json_node_get_array (member),
                                                                    i), i, base_dir, error);
      if (c == NULL)
        return NULL;
      g_ptr_array_add (spec->contenders, c);
      if (!g_hash_table_add (names, c->name))
        {
          invalid (error, _("Two contenders are named “%s”"), c->name);
          return NULL;
        }
      json_array_add_object_element (resolved_contenders, contender_to_json (c));
    }

  g_hash_table_remove_all (names);
  member = json_object_get_member (object, "metrics");
  if (member != NULL && !JSON_NODE_HOLDS_ARRAY (member))
    {
      invalid (error, _("“metrics” must be a list"));
      return NULL;
    }
  resolved_metrics = json_array_new ();
  json_object_set_array_member (spec->json, "metrics", resolved_metrics);
  for (guint i = 0; member != NULL && i < json_array_get_length (json_node_get_array (member));
       i++)
    {
      JsonNode *m = json_array_get_element (json_node_get_array (member), i);
      g_autoptr(JsonObject) copy = NULL;
      VsEvalMetric *metric;

      if (!JSON_NODE_HOLDS_OBJECT (m))
        {
          invalid (error, _("metrics[%u] must be an object"), i);
          return NULL;
        }
      copy = vs_json_object_deep_copy (json_node_get_object (m));
      if (g_strcmp0 (vs_json_get_string (copy, "type", NULL), "judge") == 0)
        {
          g_autofree char *who = g_strdup_printf (_("metrics[%u]"), i);
          g_autoptr(JsonNode) template = NULL;
          g_autofree char *dir = NULL;

          if (vs_json_get_string (copy, "endpoint", NULL) == NULL ||
              vs_json_get_string (copy, "model", NULL) == NULL)
            {
              invalid (error, _("%s: a judge needs an “endpoint” and a “model”"), who);
              return NULL;
            }
          if (!resolve_template (copy, base_dir, who, &template, &dir, error))
            return NULL;
          json_object_set_member (copy, "template", g_steal_pointer (&template));
          if (dir)
            json_object_set_string_member (copy, "template_dir", dir);
        }
      metric = vs_eval_metric_new_from_json (copy, error);
      if (metric == NULL)
        return NULL;
      g_ptr_array_add (spec->metrics, metric);
      if (!g_hash_table_add (names, metric->name))
        {
          invalid (error, _("Two metrics are named “%s”"), metric->name);
          return NULL;
        }
      json_array_add_object_element (resolved_metrics, g_steal_pointer (&copy));
    }

  if (!get_uint (object, "repeats", 1, 1000, &spec->repeats, error) ||
      !get_uint (object, "concurrency", 4, 256, &spec->concurrency, error))
    return NULL;
  json_object_set_int_member (spec->json, "repeats", spec->repeats);
  json_object_set_int_member (spec->json, "concurrency", spec->concurrency);

  member = json_object_get_member (object, "prices");
  if (member != NULL && !JSON_NODE_HOLDS_OBJECT (member))
    {
      invalid (error, _("“prices” must map model names to prices"));
      return NULL;
    }
  spec->prices = member ? vs_json_object_deep_copy (json_node_get_object (member))
                        : json_object_new ();
  json_object_set_object_member (spec->json, "prices", json_object_ref (spec->prices));
  member = json_object_get_member (object, "settings");
  spec->settings = member && JSON_NODE_HOLDS_OBJECT (member)
                   ? vs_json_object_deep_copy (json_node_get_object (member))
                   : json_object_new ();
  json_object_set_object_member (spec->json, "settings", json_object_ref (spec->settings));
  return g_steal_pointer (&spec);
}

VsEvalSpec *
vs_eval_spec_load (const char  *path,
                   GError     **error)
{
  g_autoptr(JsonNode) root = vs_json_load_file (path, error);
  g_autofree char *dir = NULL;

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID, _("%s: an evaluation spec is a JSON object"),
                   path);
      return NULL;
    }
  dir = g_path_get_dirname (path);
  {
    g_autofree char *abs = resolve (NULL, dir);
    return vs_eval_spec_new_from_json (json_node_get_object (root), abs, error);
  }
}

static double
price_member (JsonObject *price,
              const char *name)
{
  JsonNode *node = json_object_get_member (price, name);

  if (node == NULL || (json_node_get_value_type (node) != G_TYPE_DOUBLE &&
                       json_node_get_value_type (node) != G_TYPE_INT64))
    return 0;
  return json_node_get_double (node);
}

double
vs_eval_spec_request_cost (VsEvalSpec *spec,
                           const char *model,
                           gint64      prompt_tokens,
                           gint64      completion_tokens)
{
  JsonNode *node = model ? json_object_get_member (spec->prices, model) : NULL;
  JsonObject *price;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return 0;
  price = json_node_get_object (node);
  return (MAX (prompt_tokens, 0) * price_member (price, "input") +
          MAX (completion_tokens, 0) * price_member (price, "output")) / 1e6;
}

double
vs_eval_spec_request_cost_batch (VsEvalSpec *spec,
                                 const char *model,
                                 gint64      prompt_tokens,
                                 gint64      completion_tokens)
{
  JsonNode *node = model ? json_object_get_member (spec->prices, model) : NULL;
  double discount = VS_PRICE_DEFAULT_BATCH_DISCOUNT;
  JsonObject *price;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return 0;
  price = json_node_get_object (node);
  if (json_object_has_member (price, "batch_discount"))
    discount = price_member (price, "batch_discount");
  return vs_eval_spec_request_cost (spec, model, prompt_tokens, completion_tokens) *
         (1.0 - CLAMP (discount, 0.0, 1.0));
}

JsonObject *
vs_eval_spec_case_vars (VsEvalSpec *spec,
                        JsonObject *row)
{
  JsonObject *vars = json_object_new ();
  g_autoptr(GList) names = NULL;

  g_return_val_if_fail (spec != NULL, vars);

  if (row == NULL)
    return vars;
  names = json_object_get_members (spec->input != NULL ? spec->input : row);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *column = spec->input != NULL
                             ? json_object_get_string_member (spec->input, l->data)
                             : l->data;
      JsonNode   *value = column != NULL ? json_object_get_member (row, column) : NULL;

      if (value != NULL)
        json_object_set_member (vars, l->data, json_node_copy (value));
    }
  return vars;
}

char *
vs_eval_spec_case_expected (VsEvalSpec *spec,
                            JsonObject *row)
{
  JsonNode *value;

  g_return_val_if_fail (spec != NULL, NULL);

  if (spec->expected == NULL || row == NULL)
    return NULL;
  value = json_object_get_member (row, spec->expected);
  if (value == NULL)
    return NULL;
  if (json_node_get_value_type (value) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (value));
  return vs_json_to_string (value, FALSE);
}

VsChatRequest *
vs_eval_contender_build_request (VsEvalContender *contender,
                                 VsTemplate *template,
                                 GPtrArray  *examples,
                                 VsEndpoint *endpoint,
                                 JsonObject *vars,
                                 GError    **error)
{
  g_autoptr(VsChatRequest) request = NULL;
  g_autoptr(GList) names = NULL;

  g_return_val_if_fail (contender != NULL, NULL);
  g_return_val_if_fail (VS_IS_TEMPLATE (template), NULL);

  request = vs_template_build_request (template, vars, examples, endpoint, contender->model,
                                       error);
  if (request == NULL)
    return NULL;
  names = json_object_get_members (contender->parameters);
  for (GList *l = names; l != NULL; l = l->next)
    vs_chat_request_set_parameter (request, l->data,
                                   json_object_get_member (contender->parameters, l->data));
  return g_steal_pointer (&request);
}
