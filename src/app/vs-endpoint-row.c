/* vs-endpoint-row.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-endpoint-row.h"

struct _VsEndpointRow
{
  AdwActionRow  parent_instance;

  VsEndpoint   *endpoint;
  gboolean      has_key;

  GtkImage     *key_image;
};

G_DEFINE_FINAL_TYPE (VsEndpointRow, vs_endpoint_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_HAS_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
vs_endpoint_kind_get_label (VsEndpointKind kind)
{
  switch (kind)
    {
    case VS_ENDPOINT_KIND_OLLAMA:
      return _("Ollama");
    case VS_ENDPOINT_KIND_OPENAI:
    default:
      return _("OpenAI-compatible");
    }
}

static void
update (VsEndpointRow *self)
{
  g_autofree char *subtitle = NULL;
  const char *model;

  if (self->endpoint == NULL)
    return;

  model = vs_endpoint_get_default_model (self->endpoint);
  /* Translators: kind · base URL (· default model) */
  if (model != NULL && *model != '\0')
    subtitle = g_strdup_printf (_("%s · %s · %s"),
                                vs_endpoint_kind_get_label (vs_endpoint_get_kind (self->endpoint)),
                                vs_endpoint_get_base_url (self->endpoint), model);
  else
    subtitle = g_strdup_printf (_("%s · %s"),
                                vs_endpoint_kind_get_label (vs_endpoint_get_kind (self->endpoint)),
                                vs_endpoint_get_base_url (self->endpoint));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 vs_endpoint_get_name (self->endpoint));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->key_image), self->has_key);
}

GtkWidget *
vs_endpoint_row_new (VsEndpoint *endpoint)
{
  g_return_val_if_fail (VS_IS_ENDPOINT (endpoint), NULL);

  return g_object_new (VS_TYPE_ENDPOINT_ROW, "endpoint", endpoint, NULL);
}

VsEndpoint *
vs_endpoint_row_get_endpoint (VsEndpointRow *self)
{
  g_return_val_if_fail (VS_IS_ENDPOINT_ROW (self), NULL);

  return self->endpoint;
}

gboolean
vs_endpoint_row_get_has_key (VsEndpointRow *self)
{
  g_return_val_if_fail (VS_IS_ENDPOINT_ROW (self), FALSE);

  return self->has_key;
}

void
vs_endpoint_row_set_has_key (VsEndpointRow *self,
                             gboolean       has_key)
{
  g_return_if_fail (VS_IS_ENDPOINT_ROW (self));

  has_key = !!has_key;
  if (self->has_key == has_key)
    return;
  self->has_key = has_key;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_KEY]);
}

static void
vs_endpoint_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VsEndpointRow *self = VS_ENDPOINT_ROW (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->endpoint);
      break;
    case PROP_HAS_KEY:
      g_value_set_boolean (value, self->has_key);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_endpoint_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VsEndpointRow *self = VS_ENDPOINT_ROW (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      self->endpoint = g_value_dup_object (value);
      update (self);
      break;
    case PROP_HAS_KEY:
      vs_endpoint_row_set_has_key (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_endpoint_row_dispose (GObject *object)
{
  VsEndpointRow *self = VS_ENDPOINT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_ENDPOINT_ROW);
  g_clear_object (&self->endpoint);

  G_OBJECT_CLASS (vs_endpoint_row_parent_class)->dispose (object);
}

static void
vs_endpoint_row_class_init (VsEndpointRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_endpoint_row_dispose;
  object_class->get_property = vs_endpoint_row_get_property;
  object_class->set_property = vs_endpoint_row_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, VS_TYPE_ENDPOINT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_KEY] =
    g_param_spec_boolean ("has-key", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-endpoint-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VsEndpointRow, key_image);
}

static void
vs_endpoint_row_init (VsEndpointRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
