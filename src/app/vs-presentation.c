/* vs-presentation.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Slides are pages of a GtkStack, built once from the decision and the chart specs the
 * dashboard already holds (the presentation never reads the project). Keys are caught in the
 * capture phase, so arrows move between slides even when a chart has focus.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-chart-view.h"
#include "vs-presentation.h"

#define CHART_FONT_SCALE 1.5

struct _VsPresentation
{
  AdwWindow  parent_instance;

  GtkStack  *stack;
  GtkLabel  *position_label;

  guint      n_slides;
  guint      slide;
};

G_DEFINE_FINAL_TYPE (VsPresentation, vs_presentation, ADW_TYPE_WINDOW)

static void
update_position (VsPresentation *self)
{
  g_autofree char *name = g_strdup_printf ("slide-%u", self->slide);
  /* Translators: the slide shown and how many there are, then the keys that move. */
  g_autofree char *text = g_strdup_printf (_("%u / %u  ·  ← → to move  ·  Esc to leave"),
                                           self->slide + 1, self->n_slides);

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_label_set_text (self->position_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "presentation.previous", self->slide > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "presentation.next",
                                 self->slide + 1 < self->n_slides);
}

guint
vs_presentation_get_n_slides (VsPresentation *self)
{
  g_return_val_if_fail (VS_IS_PRESENTATION (self), 0);
  return self->n_slides;
}

guint
vs_presentation_get_slide (VsPresentation *self)
{
  g_return_val_if_fail (VS_IS_PRESENTATION (self), 0);
  return self->slide;
}

void
vs_presentation_set_slide (VsPresentation *self,
                           guint           slide)
{
  g_return_if_fail (VS_IS_PRESENTATION (self));

  slide = MIN (slide, self->n_slides > 0 ? self->n_slides - 1 : 0);
  if (slide == self->slide && gtk_stack_get_visible_child (self->stack) != NULL)
    {
      update_position (self);
      return;
    }
  self->slide = slide;
  update_position (self);
  g_object_notify (G_OBJECT (self), "slide");
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VsPresentation *self = VS_PRESENTATION (widget);

  if (self->slide + 1 < self->n_slides)
    vs_presentation_set_slide (self, self->slide + 1);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VsPresentation *self = VS_PRESENTATION (widget);

  if (self->slide > 0)
    vs_presentation_set_slide (self, self->slide - 1);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                VsPresentation        *self)
{
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Right:
    case GDK_KEY_Down:
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
    case GDK_KEY_space:
      gtk_widget_activate_action (GTK_WIDGET (self), "presentation.next", NULL);
      return TRUE;
    case GDK_KEY_Left:
    case GDK_KEY_Up:
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
    case GDK_KEY_BackSpace:
      gtk_widget_activate_action (GTK_WIDGET (self), "presentation.previous", NULL);
      return TRUE;
    case GDK_KEY_Home:
      vs_presentation_set_slide (self, 0);
      return TRUE;
    case GDK_KEY_End:
      vs_presentation_set_slide (self, self->n_slides > 0 ? self->n_slides - 1 : 0);
      return TRUE;
    case GDK_KEY_Escape:
      gtk_window_close (GTK_WINDOW (self));
      return TRUE;
    default:
      return FALSE;
    }
}

static GtkWidget *
label_new (const char *text,
           const char *css_class,
           gboolean    center)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), center ? 0.5f : 0.0f);
  gtk_label_set_justify (GTK_LABEL (label), center ? GTK_JUSTIFY_CENTER : GTK_JUSTIFY_LEFT);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
add_slide (VsPresentation *self,
           GtkWidget      *child)
{
  g_autofree char *name = g_strdup_printf ("slide-%u", self->n_slides);

  gtk_stack_add_named (self->stack, child, name);
  self->n_slides++;
}

static GtkWidget *
decision_slide (const char           *title,
                const VsEvalDecision *decision)
{
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 36);
  GtkWidget *cards = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1400);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_start (box, 48);
  gtk_widget_set_margin_end (box, 48);
  gtk_box_append (GTK_BOX (box), label_new (title, "slide-title", FALSE));
  gtk_box_set_homogeneous (GTK_BOX (cards), TRUE);
  for (guint i = 0; decision != NULL && i < VS_EVAL_DECISION_N_CARDS; i++)
    {
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *value = label_new (decision->cards[i].value, "slide-card-value", FALSE);

      gtk_widget_add_css_class (card, "card");
      gtk_widget_add_css_class (card, "summary-card");
      gtk_box_append (GTK_BOX (card), label_new (decision->cards[i].title, "dim-label", FALSE));
      gtk_box_append (GTK_BOX (card), value);
      gtk_box_append (GTK_BOX (card),
                      label_new (decision->cards[i].detail, "slide-card-detail", FALSE));
      gtk_box_append (GTK_BOX (cards), card);
    }
  gtk_box_append (GTK_BOX (box), cards);
  gtk_box_append (GTK_BOX (box),
                  label_new (decision != NULL ? decision->paragraph
                                              : _("This run has no results yet."),
                             "slide-text", FALSE));
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  return clamp;
}

static GtkWidget *
chart_slide (VsChartSpec *spec)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *view = vs_chart_view_new (spec);
  g_autofree char *description = vs_chart_describe (spec);

  gtk_widget_set_margin_start (box, 48);
  gtk_widget_set_margin_end (box, 48);
  gtk_widget_set_margin_top (box, 24);
  vs_chart_view_set_font_scale (VS_CHART_VIEW (view), CHART_FONT_SCALE);
  gtk_widget_set_vexpand (view, TRUE);
  gtk_box_append (GTK_BOX (box), view);
  gtk_box_append (GTK_BOX (box), label_new (description, "slide-description", TRUE));
  return box;
}

VsPresentation *
vs_presentation_new (const char           *title,
                     const VsEvalDecision *decision,
                     GPtrArray            *specs)
{
  VsPresentation *self = g_object_new (VS_TYPE_PRESENTATION, NULL);

  add_slide (self, decision_slide (title != NULL ? title : "", decision));
  for (guint i = 0; specs != NULL && i < specs->len; i++)
    add_slide (self, chart_slide (g_ptr_array_index (specs, i)));
  update_position (self);
  return self;
}

static void
vs_presentation_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VsPresentation *self = VS_PRESENTATION (object);

  switch (prop_id)
    {
    case 1:
      g_value_set_uint (value, self->slide);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_presentation_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case 1:
      vs_presentation_set_slide (VS_PRESENTATION (object), g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_presentation_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VS_TYPE_PRESENTATION);
  G_OBJECT_CLASS (vs_presentation_parent_class)->dispose (object);
}

static void
vs_presentation_class_init (VsPresentationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = vs_presentation_get_property;
  object_class->set_property = vs_presentation_set_property;
  object_class->dispose = vs_presentation_dispose;

  g_object_class_install_property (object_class, 1,
                                   g_param_spec_uint ("slide", NULL, NULL, 0, G_MAXUINT, 0,
                                                      G_PARAM_READWRITE |
                                                        G_PARAM_STATIC_STRINGS));

  gtk_widget_class_install_action (widget_class, "presentation.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "presentation.previous", NULL, previous_action);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-presentation.ui");
  gtk_widget_class_bind_template_child (widget_class, VsPresentation, stack);
  gtk_widget_class_bind_template_child (widget_class, VsPresentation, position_label);
}

static void
vs_presentation_init (VsPresentation *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}
