/* vs-page.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vs-page.h"
#include "vs-ui-util.h"
#include "vs-window.h"

typedef struct
{
  VsProject *project;
} VsPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (VsPage, vs_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PROJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_changed (VsPage         *self,
            const char     *what,
            const VsChange *change,
            VsProject      *project)
{
  if (VS_PAGE_GET_CLASS (self)->project_changed)
    VS_PAGE_GET_CLASS (self)->project_changed (self, what);
}

VsProject *
vs_page_get_project (VsPage *self)
{
  VsPagePrivate *priv = vs_page_get_instance_private (self);

  g_return_val_if_fail (VS_IS_PAGE (self), NULL);

  return priv->project;
}

void
vs_page_set_project (VsPage    *self,
                     VsProject *project)
{
  VsPagePrivate *priv = vs_page_get_instance_private (self);

  g_return_if_fail (VS_IS_PAGE (self));
  g_return_if_fail (!project || VS_IS_PROJECT (project));

  if (priv->project == project)
    return;

  vs_ui_watch_object (&priv->project, project, "changed", G_CALLBACK (on_changed), self);

  if (VS_PAGE_GET_CLASS (self)->project_set)
    VS_PAGE_GET_CLASS (self)->project_set (self, project);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

void
vs_page_toast (VsPage     *self,
               const char *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (VS_IS_WINDOW (root))
    vs_window_show_toast (VS_WINDOW (root), adw_toast_new (message));
}

static void
vs_page_dispose (GObject *object)
{
  VsPage *self = VS_PAGE (object);
  VsPagePrivate *priv = vs_page_get_instance_private (self);

  vs_ui_unwatch_object (&priv->project, G_CALLBACK (on_changed), self);

  G_OBJECT_CLASS (vs_page_parent_class)->dispose (object);
}

static void
vs_page_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, vs_page_get_project (VS_PAGE (object)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_page_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_PROJECT:
      vs_page_set_project (VS_PAGE (object), g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_page_class_init (VsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vs_page_dispose;
  object_class->get_property = vs_page_get_property;
  object_class->set_property = vs_page_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, VS_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vs_page_init (VsPage *self)
{
}
