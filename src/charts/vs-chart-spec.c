/* vs-chart-spec.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "vs-chart-spec.h"
#include "vs-error.h"
#include "vs-json.h"

struct _VsChartSpec
{
  GObject parent_instance;

  VsChartKind        kind;
  char              *title;
  char              *subtitle;
  char              *message;
  VsChartAxis        axes[2];
  VsChartLatencyMode latency_mode;
  char              *interval_label;
  GPtrArray         *categories;
  GPtrArray         *series;
  guint64            serial;   /* bumped by every change; the renderer keys its layout on it */
};

G_DEFINE_FINAL_TYPE (VsChartSpec, vs_chart_spec, G_TYPE_OBJECT)

static const char *kind_names[VS_CHART_N_KINDS] = {
  "bars",         "paired-scatter", "confusion-matrix", "latency",
  "cost-quality", "breakeven",      "loss-curves",
};

const char *
vs_chart_kind_to_string (VsChartKind kind)
{
  g_return_val_if_fail (kind < VS_CHART_N_KINDS, NULL);

  return kind_names[kind];
}

gboolean
vs_chart_kind_from_string (const char *name, VsChartKind *kind)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < VS_CHART_N_KINDS; i++)
    if (g_str_equal (name, kind_names[i]))
      {
        if (kind != NULL)
          *kind = i;
        return TRUE;
      }

  return FALSE;
}

static void
series_free (VsChartSeries *series)
{
  g_free (series->name);
  g_array_unref (series->x);
  g_array_unref (series->y);
  g_array_unref (series->lower);
  g_array_unref (series->upper);
  g_ptr_array_unref (series->labels);
  g_free (series);
}

static void
vs_chart_spec_finalize (GObject *object)
{
  VsChartSpec *self = VS_CHART_SPEC (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->interval_label, g_free);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&self->axes[i].label, g_free);
      g_clear_pointer (&self->axes[i].unit, g_free);
    }
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->series, g_ptr_array_unref);

  G_OBJECT_CLASS (vs_chart_spec_parent_class)->finalize (object);
}

static void
vs_chart_spec_class_init (VsChartSpecClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vs_chart_spec_finalize;
}

static void
vs_chart_spec_init (VsChartSpec *self)
{
  self->categories = g_ptr_array_new_with_free_func (g_free);
  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify)series_free);
  for (guint i = 0; i < 2; i++)
    {
      self->axes[i].min = NAN;
      self->axes[i].max = NAN;
    }
}

VsChartSpec *
vs_chart_spec_new (VsChartKind kind)
{
  VsChartSpec *self;

  g_return_val_if_fail (kind < VS_CHART_N_KINDS, NULL);

  self = g_object_new (VS_TYPE_CHART_SPEC, NULL);
  self->kind = kind;
  return self;
}

/* Accessors */

VsChartKind
vs_chart_spec_get_kind (VsChartSpec *self)
{
  g_return_val_if_fail (VS_IS_CHART_SPEC (self), VS_CHART_KIND_BARS);
  return self->kind;
}

void
vs_chart_spec_set_kind (VsChartSpec *self, VsChartKind kind)
{
  g_return_if_fail (VS_IS_CHART_SPEC (self));
  g_return_if_fail (kind < VS_CHART_N_KINDS);
  self->serial++;
  self->kind = kind;
}

const char *
vs_chart_spec_get_title (VsChartSpec *self)
{
  g_return_val_if_fail (VS_IS_CHART_SPEC (self), NULL);
  return self->title;
}

void
vs_chart_spec_set_title (VsChartSpec *self, const char *title)
{
  g_return_if_fail (VS_IS_CHART_SPEC (self));
  self->serial++;
  g_free (self->title);
  self->title = g_strdup (title);
}

const char *
vs_chart_spec_get_subtitle (VsChartSpec *self)
{
  g_return_val_if_fail (VS_IS_CHART_SPEC (self), NULL);
  return self->subtitle;
}

void
vs_chart_spec_set_subtitle (VsChartSpec *self, const char *subtitle)
{
  g_return_if_fail (VS_IS_CHART_SPEC (self));
  self->serial++;
  g_free (self->subtitle);
  self->subtitle = g_strdup (subtitle);
}

const char *
vs_chart_spec_get_message (VsChartSpec *self)
{
  g_return_val_if_fail (VS_IS_CHART_SPEC (self), NULL);
  return self->message;
}

void
vs_chart_spec_set_message (VsChartSpec *self, const char *message)
{
  g_return_if_fail (VS_IS_CHART_SPEC (self));
  self->serial++;
  g_free (self->message);
  self->message = g_strdup (message);
}

const VsChartAxis *
vs_chart_spec_get_axis (VsChartSpec *self, VsChartAxisId axis)
{
  g_return_val_if_fail (VS_IS_CHART_SPEC (self), NULL);
  g_return_val_if_fail (axis <= VS_CHART_AXIS_Y, NULL);
  return &self->axes[axis];
}

void
vs_chart_spec_set_axis (VsChartSpec *self, VsChartAxisId axis, const char *label, const char *unit)
{
  g_return_if_fail (VS_IS_CHART_SPEC (self));
  g_return_if_fail (axis <= VS_CHART_AXIS_Y);
  self->serial++;
  g_free (self->axes[axis].label);
  g_free (self->axes[axis].unit);
  self->axes[axis].label = g_strdup (label);
  self->axes[axis].unit = g_strdup (unit);
}

void
vs_chart_spec_set_axis_percent (VsChartSpec *self, VsChartAxisId axis, gboolean percent)
{
  g_return_if_fail (VS_IS_CHART_SPEC (self));
  g_return_if_fail (axis <= VS_CHART_AXIS_Y);
  self->serial++;
  self->axes[axis].percent = !!percent;
}

void
vs_chart_spec_set_axis_range (VsChartSpec *self, VsChartAxisId axis, double min, double max)
{
  g_return_if_fail (VS_IS_CHART_SPEC (self));
  g_return_if_fail (axis <= VS_CHART_AXIS_Y);
  self->serial++;
  self->axes[axis].min = min;
  self->axes[axis].max = max;
}

VsChartLatencyMode
vs_chart_spec_get_latency_mode (VsChartSpec *self)
{
  g_return_val_if_fail (VS_IS_CHART_SPEC (self), VS_CHART_LATENCY_BOX);
  return self->latency_mode;
}

void
vs_chart_spec_set_latency_mode (VsChartSpec *self, VsChartLatencyMode mode)
{
  g_return_if_fail (VS_IS_CHART_SPEC (self));
  self->serial++;
  self->latency_mode = mode;
}

const char *
vs_chart_spec_get_interval_label (VsChartSpec *self)
{
  g_return_val_if_fail (VS_IS_CHART_SPEC (self), NULL);
  return self->interval_label;
}

void
vs_chart_spec_set_interval_label (VsChartSpec *self, const char *label)
{
  g_return_if_fail (VS_IS_CHART_SPEC (self));
  self->serial++;
  g_free (self->interval_label);
  self->interval_label = g_strdup (label);
}

guint
vs_chart_spec_get_n_categories (VsChartSpec *self)
{
  g_return_val_if_fail (VS_IS_CHART_SPEC (self), 0);
  return self->categories->len;
}

const char *
vs_chart_spec_get_category (VsChartSpec *self, guint index)
{
  g_return_val_if_fail (VS_IS_CHART_SPEC (self), NULL);
  g_return_val_if_fail (index < self->categories->len, NULL);
  return self->categories->pdata[index];
}

void
vs_chart_spec_add_category (VsChartSpec *self, const char *name)
{
  g_return_if_fail (VS_IS_CHART_SPEC (self));
  self->serial++;
  g_ptr_array_add (self->categories, g_strdup (name ? name : ""));
}

guint64
vs_chart_spec_get_serial (VsChartSpec *self)
{
  g_return_val_if_fail (VS_IS_CHART_SPEC (self), 0);
  return self->serial;
}

void
vs_chart_spec_changed (VsChartSpec *self)
{
  g_return_if_fail (VS_IS_CHART_SPEC (self));
  self->serial++;
}

guint
vs_chart_spec_get_n_series (VsChartSpec *self)
{
  g_return_val_if_fail (VS_IS_CHART_SPEC (self), 0);
  return self->series->len;
}

VsChartSeries *
vs_chart_spec_get_series (VsChartSpec *self, guint index)
{
  g_return_val_if_fail (VS_IS_CHART_SPEC (self), NULL);
  g_return_val_if_fail (index < self->series->len, NULL);
  return self->series->pdata[index];
}

VsChartSeries *
vs_chart_spec_add_series (VsChartSpec *self, const char *name)
{
  VsChartSeries *series;

  g_return_val_if_fail (VS_IS_CHART_SPEC (self), NULL);

  series = g_new0 (VsChartSeries, 1);
  series->name = g_strdup (name ? name : "");
  series->x = g_array_new (FALSE, FALSE, sizeof (double));
  series->y = g_array_new (FALSE, FALSE, sizeof (double));
  series->lower = g_array_new (FALSE, FALSE, sizeof (double));
  series->upper = g_array_new (FALSE, FALSE, sizeof (double));
  series->labels = g_ptr_array_new_with_free_func (g_free);
  series->serial = &self->serial;
  g_ptr_array_add (self->series, series);
  self->serial++;
  return series;
}

/* Series */

static void
pad (GArray *array, guint length, gboolean with_index)
{
  while (array->len < length)
    {
      double v = with_index ? (double)array->len : NAN;

      g_array_append_val (array, v);
    }
}

void
vs_chart_series_add (VsChartSeries *series, double y)
{
  g_return_if_fail (series != NULL);
  if (series->serial != NULL)
    (*series->serial)++;

  if (series->x->len > 0)
    pad (series->x, series->y->len + 1, TRUE);
  if (series->lower->len > 0)
    {
      pad (series->lower, series->y->len + 1, FALSE);
      pad (series->upper, series->y->len + 1, FALSE);
    }
  g_array_append_val (series->y, y);
}

void
vs_chart_series_add_xy (VsChartSeries *series, double x, double y)
{
  g_return_if_fail (series != NULL);
  if (series->serial != NULL)
    (*series->serial)++;

  pad (series->x, series->y->len, TRUE);
  g_array_append_val (series->x, x);
  vs_chart_series_add (series, y);
}

void
vs_chart_series_add_interval (VsChartSeries *series, double y, double lower, double upper)
{
  g_return_if_fail (series != NULL);
  if (series->serial != NULL)
    (*series->serial)++;

  pad (series->lower, series->y->len, FALSE);
  pad (series->upper, series->y->len, FALSE);
  g_array_append_val (series->lower, lower);
  g_array_append_val (series->upper, upper);
  if (series->x->len > 0)
    pad (series->x, series->y->len + 1, TRUE);
  g_array_append_val (series->y, y);
}

void
vs_chart_series_set_last_label (VsChartSeries *series, const char *label)
{
  g_return_if_fail (series != NULL);
  g_return_if_fail (series->y->len > 0);
  if (series->serial != NULL)
    (*series->serial)++;

  while (series->labels->len < series->y->len)
    g_ptr_array_add (series->labels, NULL);
  g_free (series->labels->pdata[series->y->len - 1]);
  series->labels->pdata[series->y->len - 1] = g_strdup (label);
}

guint
vs_chart_series_get_length (const VsChartSeries *series)
{
  g_return_val_if_fail (series != NULL, 0);
  return series->y->len;
}

double
vs_chart_series_get_x (const VsChartSeries *series, guint index)
{
  g_return_val_if_fail (series != NULL, NAN);

  if (index < series->x->len)
    return g_array_index (series->x, double, index);
  return index;
}

double
vs_chart_series_get_y (const VsChartSeries *series, guint index)
{
  g_return_val_if_fail (series != NULL, NAN);

  if (index < series->y->len)
    return g_array_index (series->y, double, index);
  return NAN;
}

gboolean
vs_chart_series_has_interval (const VsChartSeries *series)
{
  g_return_val_if_fail (series != NULL, FALSE);
  return series->lower->len > 0 && series->upper->len > 0;
}

const char *
vs_chart_series_get_label (const VsChartSeries *series, guint index)
{
  g_return_val_if_fail (series != NULL, NULL);

  if (index < series->labels->len)
    return series->labels->pdata[index];
  return NULL;
}

/* JSON. Missing and non-finite numbers are written as null and read back as NAN. */

/* json-glib 1.6 writes 1e20 as "1e+20.0", which no parser reads back. Integers are written
 * as integers; a large integral double is moved by an ulp or two until its shortest form has a
 * decimal point (invisible on any chart). */
static JsonNode *
number_node (double v)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  if (v == floor (v) && fabs (v) < 9007199254740992.0)
    {
      json_node_set_int (node, (gint64)v);
      return node;
    }
  for (guint i = 0; i < 8; i++)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_dtostr (buffer, sizeof buffer, v);
      if (strchr (buffer, '.') != NULL || strchr (buffer, 'e') == NULL)
        break;
      v = nextafter (v, 0);
    }
  json_node_set_double (node, v);
  return node;
}

static JsonNode *
numbers_to_node (GArray *array)
{
  g_autoptr (JsonArray) out = json_array_sized_new (array->len);
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < array->len; i++)
    {
      double v = g_array_index (array, double, i);

      if (isfinite (v))
        json_array_add_element (out, number_node (v));
      else
        json_array_add_null_element (out);
    }
  json_node_set_array (node, out);
  return node;
}

static void
axis_to_object (JsonObject *parent, const char *member, const VsChartAxis *axis)
{
  g_autoptr (JsonObject) object = json_object_new ();

  if (axis->label != NULL)
    json_object_set_string_member (object, "label", axis->label);
  if (axis->unit != NULL)
    json_object_set_string_member (object, "unit", axis->unit);
  if (axis->percent)
    json_object_set_boolean_member (object, "percent", TRUE);
  if (isfinite (axis->min))
    json_object_set_member (object, "min", number_node (axis->min));
  if (isfinite (axis->max))
    json_object_set_member (object, "max", number_node (axis->max));
  if (json_object_get_size (object) > 0)
    json_object_set_object_member (parent, member, g_steal_pointer (&object));
}

JsonNode *
vs_chart_spec_to_node (VsChartSpec *self)
{
  g_autoptr (JsonObject) root = json_object_new ();
  g_autoptr (JsonArray) categories = json_array_new ();
  g_autoptr (JsonArray) series = json_array_new ();
  JsonNode *node;

  g_return_val_if_fail (VS_IS_CHART_SPEC (self), NULL);

  json_object_set_string_member (root, "kind", kind_names[self->kind]);
  if (self->title != NULL)
    json_object_set_string_member (root, "title", self->title);
  if (self->subtitle != NULL)
    json_object_set_string_member (root, "subtitle", self->subtitle);
  if (self->message != NULL)
    json_object_set_string_member (root, "message", self->message);
  if (self->interval_label != NULL)
    json_object_set_string_member (root, "interval_label", self->interval_label);
  axis_to_object (root, "x_axis", &self->axes[VS_CHART_AXIS_X]);
  axis_to_object (root, "y_axis", &self->axes[VS_CHART_AXIS_Y]);
  if (self->kind == VS_CHART_KIND_LATENCY)
    json_object_set_string_member (root, "latency_mode",
                                   self->latency_mode == VS_CHART_LATENCY_HISTOGRAM ? "histogram"
                                                                                    : "box");

  for (guint i = 0; i < self->categories->len; i++)
    json_array_add_string_element (categories, self->categories->pdata[i]);
  if (self->categories->len > 0)
    json_object_set_array_member (root, "categories", g_steal_pointer (&categories));

  for (guint i = 0; i < self->series->len; i++)
    {
      VsChartSeries *s = self->series->pdata[i];
      JsonObject    *object = json_object_new ();

      json_object_set_string_member (object, "name", s->name);
      json_object_set_member (object, "values", numbers_to_node (s->y));
      if (s->x->len > 0)
        json_object_set_member (object, "x", numbers_to_node (s->x));
      if (s->lower->len > 0)
        json_object_set_member (object, "lower", numbers_to_node (s->lower));
      if (s->upper->len > 0)
        json_object_set_member (object, "upper", numbers_to_node (s->upper));
      if (s->labels->len > 0)
        {
          JsonArray *labels = json_array_new ();

          for (guint j = 0; j < s->labels->len; j++)
            if (s->labels->pdata[j] != NULL)
              json_array_add_string_element (labels, s->labels->pdata[j]);
            else
              json_array_add_null_element (labels);
          json_object_set_array_member (object, "labels", labels);
        }
      json_array_add_object_element (series, object);
    }
  json_object_set_array_member (root, "series", g_steal_pointer (&series));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, root);
  return node;
}

char *
vs_chart_spec_to_json (VsChartSpec *self, gboolean pretty)
{
  g_autoptr (JsonNode) node = NULL;

  g_return_val_if_fail (VS_IS_CHART_SPEC (self), NULL);

  node = vs_chart_spec_to_node (self);
  return vs_json_to_string (node, pretty);
}

gboolean
vs_chart_spec_save_file (VsChartSpec *self, const char *path, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (VS_IS_CHART_SPEC (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  text = vs_chart_spec_to_json (self, TRUE);
  if (!g_file_set_contents (path, text, -1, &local_error))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_IO, _("Could not save the chart: %s"),
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

static const char *
node_type_name (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    /* Translators: the JSON value null; usually not translated. It and the kinds of JSON value
     * below complete "%s: expected %s, got %s". */
    return _("null");
  if (JSON_NODE_HOLDS_OBJECT (node))
    return _("an object");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return _("an array");
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("a string");
    case G_TYPE_BOOLEAN:
      return _("a boolean");
    default:
      return _("a number");
    }
}

static gboolean
node_is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean
wrong_type (GError **error, const char *path, const char *expected, JsonNode *got)
{
  /* Translators: the first %s is where in the chart file (a JSON path such as series[0].values),
   * the second the kind of value expected there ("an array of numbers"), the third the kind of
   * value found ("a string"). */
  g_set_error (error, VS_ERROR, VS_ERROR_INVALID, _("%s: expected %s, got %s"), path, expected,
               node_type_name (got));
  return FALSE;
}

/* Reads an optional string member; FALSE (with @error set) when it is there but not a string. */
static gboolean
read_string (JsonObject *object, const char *member, const char *path, char **out, GError **error)
{
  JsonNode        *node = json_object_get_member (object, member);
  g_autofree char *where = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      where = path ? g_strdup_printf ("%s.%s", path, member) : g_strdup (member);
      return wrong_type (error, where, _("a string"), node);
    }
  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_numbers (JsonObject *object, const char *member, const char *path, GArray *out, GError **error)
{
  JsonNode        *node = json_object_get_member (object, member);
  g_autofree char *where = g_strdup_printf ("%s.%s", path, member);
  JsonArray       *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (error, where, _("an array of numbers"), node);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      double    v;

      if (JSON_NODE_HOLDS_NULL (element))
        v = NAN;
      else if (node_is_number (element))
        v = json_node_get_double (element);
      else
        {
          g_autofree char *at = g_strdup_printf ("%s[%u]", where, i);

          return wrong_type (error, at, _("a number or null"), element);
        }
      g_array_append_val (out, v);
    }
  return TRUE;
}

static gboolean
read_axis (
    VsChartSpec *self, JsonObject *root, const char *member, VsChartAxis *axis, GError **error)
{
  JsonNode   *node = json_object_get_member (root, member);
  JsonObject *object;
  const char *numbers[] = { "min", "max" };

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (error, member, _("an object like {\"label\": …, \"unit\": …}"), node);
  object = json_node_get_object (node);

  if (!read_string (object, "label", member, &axis->label, error)
      || !read_string (object, "unit", member, &axis->unit, error))
    return FALSE;

  node = json_object_get_member (object, "percent");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          g_autofree char *where = g_strdup_printf ("%s.percent", member);

          return wrong_type (error, where, _("true or false"), node);
        }
      axis->percent = json_node_get_boolean (node);
    }

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      node = json_object_get_member (object, numbers[i]);
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!node_is_number (node))
        {
          g_autofree char *where = g_strdup_printf ("%s.%s", member, numbers[i]);

          return wrong_type (error, where, _("a number"), node);
        }
      if (i == 0)
        axis->min = json_node_get_double (node);
      else
        axis->max = json_node_get_double (node);
    }
  return TRUE;
}

static gboolean
read_series (VsChartSpec *self, JsonNode *node, guint index, GError **error)
{
  g_autofree char *path = g_strdup_printf ("series[%u]", index);
  JsonObject      *object;
  VsChartSeries   *series;
  JsonNode        *labels;
  g_autofree char *name = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (error, path, _("an object with \"name\" and \"values\""), node);
  object = json_node_get_object (node);

  if (!read_string (object, "name", path, &name, error))
    return FALSE;
  series = vs_chart_spec_add_series (self, name);

  if (!json_object_has_member (object, "values"))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   /* Translators: %s is a JSON path such as series[0]; keep "values" and null. */
                   _("%s: \"values\" is missing; give an array of numbers (null for a missing "
                     "value)"),
                   path);
      return FALSE;
    }
  if (!read_numbers (object, "values", path, series->y, error)
      || !read_numbers (object, "x", path, series->x, error)
      || !read_numbers (object, "lower", path, series->lower, error)
      || !read_numbers (object, "upper", path, series->upper, error))
    return FALSE;

  labels = json_object_get_member (object, "labels");
  if (labels != NULL && !JSON_NODE_HOLDS_NULL (labels))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (labels))
        {
          g_autofree char *where = g_strdup_printf ("%s.labels", path);

          return wrong_type (error, where, _("an array of strings"), labels);
        }
      array = json_node_get_array (labels);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_NULL (element))
            g_ptr_array_add (series->labels, NULL);
          else if (JSON_NODE_HOLDS_VALUE (element)
                   && json_node_get_value_type (element) == G_TYPE_STRING)
            g_ptr_array_add (series->labels, g_strdup (json_node_get_string (element)));
          else
            {
              g_autofree char *where = g_strdup_printf ("%s.labels[%u]", path, i);

              return wrong_type (error, where, _("a string or null"), element);
            }
        }
    }
  return TRUE;
}

VsChartSpec *
vs_chart_spec_new_from_node (JsonNode *node, GError **error)
{
  g_autoptr (VsChartSpec) self = NULL;
  JsonObject *root;
  JsonNode   *member;
  const char *kind_name;
  VsChartKind kind;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      /* Translators: where in the chart file; the file as a whole. */
      wrong_type (error, _("(top level)"),
                  _("a chart object ({\"kind\": …, \"series\": […]})"), node);
      return NULL;
    }
  root = json_node_get_object (node);

  member = json_object_get_member (root, "kind");
  if (member == NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   /* Translators: kind and the kinds listed are words of the file format. */
                   _("kind: missing; use one of bars, paired-scatter, confusion-matrix, "
                     "latency, cost-quality, breakeven, loss-curves"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
    {
      wrong_type (error, "kind", _("a string"), member);
      return NULL;
    }
  kind_name = json_node_get_string (member);
  if (!vs_chart_kind_from_string (kind_name, &kind))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   /* Translators: kind and the kinds listed are words of the file format; %s is
                    * the kind the file gives. */
                   _("kind: “%s” is not a chart kind; use one of bars, paired-scatter, "
                     "confusion-matrix, latency, cost-quality, breakeven, loss-curves"),
                   kind_name);
      return NULL;
    }

  self = vs_chart_spec_new (kind);
  if (!read_string (root, "title", NULL, &self->title, error)
      || !read_string (root, "subtitle", NULL, &self->subtitle, error)
      || !read_string (root, "message", NULL, &self->message, error)
      || !read_string (root, "interval_label", NULL, &self->interval_label, error)
      || !read_axis (self, root, "x_axis", &self->axes[VS_CHART_AXIS_X], error)
      || !read_axis (self, root, "y_axis", &self->axes[VS_CHART_AXIS_Y], error))
    return NULL;

  member = json_object_get_member (root, "latency_mode");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      const char *mode = NULL;

      if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
        mode = json_node_get_string (member);
      if (g_strcmp0 (mode, "box") == 0)
        self->latency_mode = VS_CHART_LATENCY_BOX;
      else if (g_strcmp0 (mode, "histogram") == 0)
        self->latency_mode = VS_CHART_LATENCY_HISTOGRAM;
      else
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                       _("latency_mode: expected \"box\" or \"histogram\""));
          return NULL;
        }
    }

  member = json_object_get_member (root, "categories");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        {
          wrong_type (error, "categories", _("an array of strings"), member);
          return NULL;
        }
      array = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (element)
              || json_node_get_value_type (element) != G_TYPE_STRING)
            {
              g_autofree char *where = g_strdup_printf ("categories[%u]", i);

              wrong_type (error, where, _("a string"), element);
              return NULL;
            }
          vs_chart_spec_add_category (self, json_node_get_string (element));
        }
    }

  member = json_object_get_member (root, "series");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        {
          wrong_type (error, "series", _("an array of series objects"), member);
          return NULL;
        }
      array = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!read_series (self, json_array_get_element (array, i), i, error))
          return NULL;
    }

  return g_steal_pointer (&self);
}

VsChartSpec *
vs_chart_spec_new_from_json (const char *text, gssize length, GError **error)
{
  g_autoptr (JsonNode) node = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  node = vs_json_parse (text, length, error);
  if (node == NULL)
    return NULL;
  return vs_chart_spec_new_from_node (node, error);
}

VsChartSpec *
vs_chart_spec_load_file (const char *path, GError **error)
{
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) local_error = NULL;
  VsChartSpec *spec;

  g_return_val_if_fail (path != NULL, NULL);

  node = vs_json_load_file (path, error);
  if (node == NULL)
    return NULL;
  spec = vs_chart_spec_new_from_node (node, &local_error);
  if (spec == NULL)
    /* Translators: the first %s is a file's path, the second what is wrong with it. */
    g_set_error (error, VS_ERROR, VS_ERROR_INVALID, _("%s: %s"), path, local_error->message);
  return spec;
}

/* Validation */

static gboolean invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError **error, const char *format, ...)
{
  va_list          args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
validate_series (VsChartSpec *self, VsChartSeries *s, guint index, GError **error)
{
  guint    n = s->y->len;
  gboolean needs_x = self->kind == VS_CHART_KIND_PAIRED_SCATTER
                     || self->kind == VS_CHART_KIND_COST_QUALITY
                     || self->kind == VS_CHART_KIND_BREAKEVEN;

  if (s->x->len > 0 && s->x->len != n)
    return invalid (error,
                    _("Series “%s” (series[%u]) has %u x positions for %u values; give "
                      "one x per value"),
                    s->name, index, s->x->len, n);
  if (needs_x && s->x->len == 0 && n > 0)
    return invalid (error,
                    /* Translators: the last %s is a chart kind as the file names it, such
                     * as paired-scatter. */
                    _("Series “%s” (series[%u]) needs x positions (\"x\": […]) for a "
                      "%s chart"),
                    s->name, index, kind_names[self->kind]);
  if (s->lower->len != s->upper->len)
    return invalid (error,
                    _("Series “%s” (series[%u]) has %u lower but %u upper interval "
                      "bounds; give both or neither"),
                    s->name, index, s->lower->len, s->upper->len);
  if (s->lower->len > 0 && s->lower->len != n)
    return invalid (error,
                    _("Series “%s” (series[%u]) has %u interval bounds for %u values; "
                      "give one lower and one upper bound per value"),
                    s->name, index, s->lower->len, n);
  if (s->labels->len > n)
    return invalid (error, _("Series “%s” (series[%u]) has more labels (%u) than values (%u)"),
                    s->name, index, s->labels->len, n);

  for (guint i = 0; i < s->lower->len; i++)
    {
      double v = g_array_index (s->y, double, i);
      double lo = g_array_index (s->lower, double, i);
      double hi = g_array_index (s->upper, double, i);

      if (isfinite (lo) && isfinite (hi) && lo > hi)
        return invalid (error,
                        _("Series “%s” value %u: the interval’s lower bound (%g) is above "
                          "its upper bound (%g); swap them"),
                        s->name, i + 1, lo, hi);
      if (isfinite (v) && isfinite (lo) && isfinite (hi) && (v < lo || v > hi))
        return invalid (error,
                        _("Series “%s” value %u (%g) lies outside its interval [%g, %g]; "
                          "check that lower and upper belong to this value"),
                        s->name, i + 1, v, lo, hi);
    }

  if (self->kind == VS_CHART_KIND_CONFUSION)
    for (guint i = 0; i < n; i++)
      {
        double v = g_array_index (s->y, double, i);

        if (isfinite (v) && v < 0)
          /* Translators: %s is a row's name, %u a column's position (1 is the first), %g the
           * count. */
          return invalid (error, _("Row “%s”, column %u: a count cannot be negative (%g)"),
                          s->name, i + 1, v);
      }

  if (self->kind == VS_CHART_KIND_LATENCY)
    for (guint i = 0; i < n; i++)
      {
        double v = g_array_index (s->y, double, i);

        if (isfinite (v) && v < 0)
          return invalid (error, _("Series “%s” sample %u: a latency cannot be negative (%g)"),
                          s->name, i + 1, v);
      }

  return TRUE;
}

gboolean
vs_chart_spec_validate (VsChartSpec *self, GError **error)
{
  guint n_cat;

  g_return_val_if_fail (VS_IS_CHART_SPEC (self), FALSE);

  n_cat = self->categories->len;
  for (guint i = 0; i < 2; i++)
    if (isfinite (self->axes[i].min) && isfinite (self->axes[i].max)
        && self->axes[i].min >= self->axes[i].max)
      return invalid (error,
                      /* Translators: %s is the axis, x or y; the numbers are its bounds. */
                      _("The %s axis runs from %g to %g; its minimum must be below its "
                        "maximum"),
                      i == 0 ? "x" : "y", self->axes[i].min, self->axes[i].max);

  for (guint i = 0; i < self->series->len; i++)
    {
      VsChartSeries *s = self->series->pdata[i];

      if (!validate_series (self, s, i, error))
        return FALSE;

      if (self->kind == VS_CHART_KIND_BARS && s->y->len != n_cat)
        return invalid (error,
                        _("Series “%s” has %u values but the chart has %u categories; "
                          "give one value per category (null when there is none)"),
                        s->name, s->y->len, n_cat);
      if (self->kind == VS_CHART_KIND_CONFUSION && s->y->len != n_cat)
        return invalid (error,
                        _("Row “%s” has %u counts but there are %u predicted classes "
                          "(categories); give one count per class"),
                        s->name, s->y->len, n_cat);
    }

  if (self->kind == VS_CHART_KIND_CONFUSION && self->series->len != n_cat)
    return invalid (error,
                    _("A confusion matrix needs one row (series) per class: there are %u "
                      "rows and %u classes (categories)"),
                    self->series->len, n_cat);
  if (self->kind == VS_CHART_KIND_PAIRED_SCATTER && self->series->len > 1)
    return invalid (error,
                    g_dngettext (GETTEXT_PACKAGE,
                                 "A paired scatter shows one pair of contenders; it has %u "
                                 "series. Draw one chart per pair",
                                 "A paired scatter shows one pair of contenders; it has %u "
                                 "series. Draw one chart per pair",
                                 self->series->len),
                    self->series->len);

  return TRUE;
}
