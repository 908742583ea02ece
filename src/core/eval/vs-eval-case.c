/* vs-eval-case.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The item itself: plain data, no SQL (vs-eval-cases reads it).
 */
#include "config.h"

#include <string.h>

#include "vs-eval-case.h"
#include "vs-json.h"

struct _VsEvalCase
{
  GObject     parent_instance;

  gboolean    loaded;
  gint64      ordinal;
  JsonObject *vars;
  char       *expected;
  GPtrArray  *contenders; /* VsEvalCaseContender */
};

enum
{
  PROP_0,
  PROP_ORDINAL,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VsEvalCase, vs_eval_case, G_TYPE_OBJECT)

void
_vs_eval_score_info_free (gpointer data)
{
  VsEvalScoreInfo *score = data;

  g_free (score->metric);
  g_free (score->reason);
  g_free (score->error);
  g_free (score);
}

void
_vs_eval_trial_info_free (gpointer data)
{
  VsEvalTrialInfo *trial = data;

  g_free (trial->output);
  g_free (trial->error);
  g_clear_pointer (&trial->scores, g_ptr_array_unref);
  g_free (trial);
}

void
_vs_eval_case_contender_free (gpointer data)
{
  VsEvalCaseContender *c = data;

  g_free (c->name);
  g_clear_pointer (&c->trials, g_ptr_array_unref);
  g_clear_object (&c->request);
  g_free (c->request_error);
  g_free (c);
}

static void
vs_eval_case_finalize (GObject *object)
{
  VsEvalCase *self = VS_EVAL_CASE (object);

  g_clear_pointer (&self->vars, json_object_unref);
  g_free (self->expected);
  g_clear_pointer (&self->contenders, g_ptr_array_unref);

  G_OBJECT_CLASS (vs_eval_case_parent_class)->finalize (object);
}

static void
vs_eval_case_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VsEvalCase *self = VS_EVAL_CASE (object);

  switch (prop_id)
    {
    case PROP_ORDINAL:
      g_value_set_int64 (value, self->ordinal);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_eval_case_class_init (VsEvalCaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vs_eval_case_finalize;
  object_class->get_property = vs_eval_case_get_property;

  properties[PROP_ORDINAL] =
    g_param_spec_int64 ("ordinal", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vs_eval_case_init (VsEvalCase *self)
{
}

VsEvalCase *
vs_eval_case_new_placeholder (gint64 ordinal)
{
  VsEvalCase *self = g_object_new (VS_TYPE_EVAL_CASE, NULL);

  self->ordinal = ordinal;
  self->vars = json_object_new ();
  self->contenders = g_ptr_array_new_with_free_func (_vs_eval_case_contender_free);
  return self;
}

VsEvalCase *
_vs_eval_case_new (gint64      ordinal,
                   JsonObject *vars,
                   const char *expected,
                   GPtrArray  *contenders)
{
  VsEvalCase *self = g_object_new (VS_TYPE_EVAL_CASE, NULL);

  self->loaded = TRUE;
  self->ordinal = ordinal;
  self->vars = vars != NULL ? vars : json_object_new ();
  self->expected = g_strdup (expected);
  self->contenders = contenders != NULL
                       ? contenders
                       : g_ptr_array_new_with_free_func (_vs_eval_case_contender_free);
  return self;
}

gboolean
vs_eval_case_get_loaded (VsEvalCase *self)
{
  g_return_val_if_fail (VS_IS_EVAL_CASE (self), FALSE);
  return self->loaded;
}

gint64
vs_eval_case_get_ordinal (VsEvalCase *self)
{
  g_return_val_if_fail (VS_IS_EVAL_CASE (self), 0);
  return self->ordinal;
}

JsonObject *
vs_eval_case_get_vars (VsEvalCase *self)
{
  g_return_val_if_fail (VS_IS_EVAL_CASE (self), NULL);
  return self->vars;
}

char *
vs_eval_one_line (const char *text,
                  guint       max_chars)
{
  GString *out = g_string_new (NULL);
  guint    n = 0;

  for (const char *p = text ? text : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n == max_chars)
        {
          /* Room for the ellipsis: the last character makes way. */
          if (n > 0)
            g_string_truncate (out, g_utf8_offset_to_pointer (out->str, n - 1) - out->str);
          g_string_append (out, "…");
          break;
        }
      if (c == '\n' || c == '\r' || c == '\t')
        c = ' ';
      g_string_append_unichar (out, c);
      n++;
    }
  return g_string_free (out, FALSE);
}

char *
vs_eval_case_dup_vars_preview (VsEvalCase *self,
                               guint       max_chars)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GList) names = NULL;

  g_return_val_if_fail (VS_IS_EVAL_CASE (self), NULL);

  names = json_object_get_members (self->vars);
  for (GList *l = names; l != NULL && g_utf8_strlen (text->str, -1) <= max_chars; l = l->next)
    {
      JsonNode *value = json_object_get_member (self->vars, l->data);

      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append_printf (text, "%s: ", (const char *) l->data);
      if (json_node_get_value_type (value) == G_TYPE_STRING)
        g_string_append (text, json_node_get_string (value));
      else
        {
          g_autofree char *json = vs_json_to_string (value, FALSE);
          g_string_append (text, json);
        }
    }
  return vs_eval_one_line (text->str, max_chars);
}

const char *
vs_eval_case_get_expected (VsEvalCase *self)
{
  g_return_val_if_fail (VS_IS_EVAL_CASE (self), NULL);
  return self->expected;
}

guint
vs_eval_case_get_n_contenders (VsEvalCase *self)
{
  g_return_val_if_fail (VS_IS_EVAL_CASE (self), 0);
  return self->contenders->len;
}

const VsEvalCaseContender *
vs_eval_case_get_contender (VsEvalCase *self,
                            guint       index)
{
  g_return_val_if_fail (VS_IS_EVAL_CASE (self), NULL);
  g_return_val_if_fail (index < self->contenders->len, NULL);
  return g_ptr_array_index (self->contenders, index);
}

gboolean
vs_eval_case_get_disagreement (VsEvalCase *self)
{
  gboolean passed = FALSE, failed = FALSE;

  g_return_val_if_fail (VS_IS_EVAL_CASE (self), FALSE);

  for (guint i = 0; i < self->contenders->len; i++)
    {
      const VsEvalCaseContender *c = g_ptr_array_index (self->contenders, i);

      passed |= c->state == VS_EVAL_STATE_PASSED;
      failed |= c->state == VS_EVAL_STATE_FAILED;
    }
  return passed && failed;
}
