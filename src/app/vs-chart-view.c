/* vs-chart-view.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chart is rendered into an image at the widget's size and scale when something it
 * depends on changes (the spec's change counter, size, scale, light/dark, text size); the
 * marks are computed from that same draw. Snapshots paint the kept image and draw the hover
 * and focus rings as render nodes on top, so moving the pointer over a 10,000-case scatter
 * costs one image copy, not 10,000 markers.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "vs-accessible.h"
#include "vs-chart-export.h"
#include "vs-chart-render.h"
#include "vs-chart-view.h"

#define MIN_WIDTH     200
#define MIN_HEIGHT    150
#define EXPORT_WIDTH  640
#define EXPORT_HEIGHT 400

struct _VsChartView
{
  GtkWidget    parent_instance;

  GtkWidget   *menu_button;
  GMenuModel  *chart_menu;

  VsChartSpec *spec;
  double       font_scale;
  GMenuModel  *extra_menu;

  /* what the kept image was drawn for */
  cairo_surface_t *image;
  guint64      serial;
  int          width;
  int          height;
  int          scale;
  gboolean     dark;
  double       drawn_font_scale;
  GPtrArray   *marks;
  char        *description;

  int          hover;
  int          focused;
};

enum
{
  PROP_0,
  PROP_SPEC,
  PROP_FONT_SCALE,
  PROP_FOCUSED_MARK,
  PROP_HOVER_TEXT,
  PROP_DARK,
  N_PROPS
};

enum
{
  MARK_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VsChartView, vs_chart_view, GTK_TYPE_WIDGET)

static gboolean
style_is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
update_description (VsChartView *self)
{
  const char *text = NULL;
  g_autofree char *label = NULL;

  if (self->focused >= 0 && self->marks != NULL && (guint) self->focused < self->marks->len)
    text = ((VsChartMark *) g_ptr_array_index (self->marks, self->focused))->text;
  else
    {
      if (self->description == NULL && self->spec != NULL)
        self->description = vs_chart_describe (self->spec);
      text = self->description;
    }
  label = g_strdup (self->spec != NULL && vs_chart_spec_get_title (self->spec) != NULL
                    ? vs_chart_spec_get_title (self->spec) : _("Chart"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text != NULL ? text : "",
                                  -1);
}

static void
invalidate (VsChartView *self)
{
  g_clear_pointer (&self->image, cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
style_init (VsChartView *self,
            VsChartStyle *style,
            gboolean      dark,
            double        ratio)
{
  vs_chart_style_init (style, dark);
  style->font_scale = self->font_scale;
  style->pixel_ratio = ratio;
}

static cairo_surface_t *
render_image (VsChartView     *self,
              int              width,
              int              height,
              int              scale,
              gboolean         dark,
              VsChartGeometry *geometry)
{
  cairo_surface_t *surface;
  VsChartStyle style;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  style_init (self, &style, dark, scale);
  vs_chart_render_full (self->spec, cr, width, height, &style, geometry);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  cairo_surface_set_device_scale (surface, scale, scale);
  return surface;
}

static GdkTexture *
render_texture (VsChartView *self,
                int          width,
                int          height,
                int          scale,
                gboolean     dark)
{
  g_autoptr(GBytes) bytes = NULL;
  cairo_surface_t *surface = render_image (self, width, height, scale, dark, NULL);
  GdkTexture *texture;

  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) *
                                        (gsize) (height * scale),
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  texture = gdk_memory_texture_new (width * scale, height * scale, GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  return texture;
}

/* Renders the chart again when the kept image was drawn for something else. */
static void
ensure_image (VsChartView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  gboolean dark = style_is_dark ();
  VsChartGeometry geometry = { 0 };
  VsChartStyle style;

  if (self->spec == NULL || width <= 0 || height <= 0)
    return;
  if (self->image != NULL && self->serial == vs_chart_spec_get_serial (self->spec) &&
      self->width == width && self->height == height && self->scale == scale &&
      self->dark == dark && self->drawn_font_scale == self->font_scale)
    return;

  g_clear_pointer (&self->image, cairo_surface_destroy);
  self->image = render_image (self, width, height, scale, dark, &geometry);
  style_init (self, &style, dark, scale);
  g_clear_pointer (&self->marks, g_ptr_array_unref);
  self->marks = vs_chart_marks_compute (self->spec, &geometry, width, height, &style);
  vs_chart_geometry_clear (&geometry);
  if (self->serial != vs_chart_spec_get_serial (self->spec))
    g_clear_pointer (&self->description, g_free);
  self->serial = vs_chart_spec_get_serial (self->spec);
  self->width = width;
  self->height = height;
  self->scale = scale;
  self->drawn_font_scale = self->font_scale;
  if (self->dark != dark)
    {
      self->dark = dark;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DARK]);
    }
  if (self->hover >= (int) self->marks->len)
    self->hover = -1;
  if (self->focused >= (int) self->marks->len)
    {
      self->focused = self->marks->len > 0 ? (int) self->marks->len - 1 : -1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOCUSED_MARK]);
    }
  update_description (self);
}

static void
append_ring (GtkSnapshot       *snapshot,
             const VsChartMark *mark,
             const GdkRGBA     *color,
             double             width,
             double             pad)
{
  GskRoundedRect rect;
  float w = (float) width;
  GdkRGBA colors[4] = { *color, *color, *color, *color };
  float widths[4] = { w, w, w, w };
  double half_w = mark->width / 2 + pad, half_h = mark->height / 2 + pad;
  double radius = MIN (half_w, half_h);

  gsk_rounded_rect_init_from_rect (&rect,
                                   &GRAPHENE_RECT_INIT ((float) (mark->x - half_w),
                                                        (float) (mark->y - half_h),
                                                        (float) (2 * half_w),
                                                        (float) (2 * half_h)),
                                   (float) MIN (radius, 6));
  gtk_snapshot_append_border (snapshot, &rect, widths, colors);
}

static void
vs_chart_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  VsChartView *self = VS_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA focus_color, hover_color;

  ensure_image (self);
  if (self->image != NULL)
    {
      /* cairo keeps a reference to the image (a copy-on-write snapshot), not a copy */
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, (float) width,
                                                                              (float) height));

      cairo_set_source_surface (cr, self->image, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
    }

  /* Adwaita's focus ring colour (accent blue) and the chart's ink for hover */
  gdk_rgba_parse (&focus_color, self->dark ? "rgba(120,174,237,0.9)" : "rgba(53,132,228,0.9)");
  gdk_rgba_parse (&hover_color, self->dark ? "rgba(255,255,255,0.75)" : "rgba(0,0,0,0.6)");
  if (self->marks != NULL && self->hover >= 0 && self->hover != self->focused)
    append_ring (snapshot, g_ptr_array_index (self->marks, self->hover), &hover_color, 2, 2);
  if ((gtk_widget_get_state_flags (widget) & GTK_STATE_FLAG_FOCUS_VISIBLE))
    {
      if (self->marks != NULL && self->focused >= 0)
        append_ring (snapshot, g_ptr_array_index (self->marks, self->focused), &focus_color, 3,
                     3);
      else
        {
          GskRoundedRect rect;
          GdkRGBA colors[4] = { focus_color, focus_color, focus_color, focus_color };
          float widths[4] = { 2, 2, 2, 2 };

          gsk_rounded_rect_init_from_rect (&rect,
                                           &GRAPHENE_RECT_INIT (1, 1, (float) width - 2,
                                                                (float) height - 2), 6);
          gtk_snapshot_append_border (snapshot, &rect, widths, colors);
        }
    }

  gtk_widget_snapshot_child (widget, self->menu_button, snapshot);
}

static void
vs_chart_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  VsChartView *self = VS_CHART_VIEW (widget);
  int child_min = 0, child_nat = 0;

  gtk_widget_measure (self->menu_button, orientation, -1, &child_min, &child_nat, NULL, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = MAX (MIN_WIDTH, child_min), *natural = MAX (480, child_nat);
  else
    *minimum = MAX (MIN_HEIGHT, child_min), *natural = MAX (320, child_nat);
}

static void
vs_chart_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  VsChartView *self = VS_CHART_VIEW (widget);
  int w = 0, h = 0;

  gtk_widget_measure (self->menu_button, GTK_ORIENTATION_HORIZONTAL, -1, &w, NULL, NULL, NULL);
  gtk_widget_measure (self->menu_button, GTK_ORIENTATION_VERTICAL, -1, &h, NULL, NULL, NULL);
  gtk_widget_size_allocate (self->menu_button,
                            &(GtkAllocation) { MAX (width - w - 6, 0), 6, w, h }, -1);
}

/* Pointer and keys ------------------------------------------------------------------------ */

static void
set_hover (VsChartView *self,
           int          hover)
{
  if (self->hover == hover)
    return;
  self->hover = hover;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVER_TEXT]);
}

static int
mark_at (VsChartView *self,
         double       x,
         double       y)
{
  ensure_image (self);
  if (self->marks == NULL)
    return -1;
  return vs_chart_marks_hit (self->marks, x, y, 8 * self->font_scale);
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           VsChartView              *self)
{
  set_hover (self, mark_at (self, x, y));
}

static void
on_leave (GtkEventControllerMotion *controller,
          VsChartView              *self)
{
  set_hover (self, -1);
}

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    data)
{
  VsChartView *self = VS_CHART_VIEW (widget);
  int index = keyboard ? self->focused : mark_at (self, x, y);
  VsChartMark *mark;

  if (index < 0 || self->marks == NULL)
    return FALSE;
  mark = g_ptr_array_index (self->marks, index);
  gtk_tooltip_set_text (tooltip, mark->text);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) {
                              (int) (mark->x - mark->width / 2), (int) (mark->y - mark->height / 2),
                              (int) ceil (mark->width), (int) ceil (mark->height) });
  return TRUE;
}

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            VsChartView     *self)
{
  int button = (int) gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  int index;

  if (button == GDK_BUTTON_SECONDARY)
    {
      gtk_menu_button_popup (GTK_MENU_BUTTON (self->menu_button));
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      return;
    }
  gtk_widget_grab_focus (GTK_WIDGET (self));
  index = mark_at (self, x, y);
  if (index < 0)
    return;
  vs_chart_view_set_focused_mark (self, index);
  g_signal_emit (self, signals[MARK_ACTIVATED], 0, (guint) index);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                VsChartView           *self)
{
  int n;

  ensure_image (self);
  n = self->marks != NULL ? (int) self->marks->len : 0;
  if ((keyval == GDK_KEY_F10 && (state & GDK_SHIFT_MASK)) || keyval == GDK_KEY_Menu)
    {
      gtk_menu_button_popup (GTK_MENU_BUTTON (self->menu_button));
      return TRUE;
    }
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK) || n == 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Right:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Right:
    case GDK_KEY_KP_Down:
      vs_chart_view_set_focused_mark (self, self->focused < 0 ? 0 : MIN (self->focused + 1, n - 1));
      return TRUE;
    case GDK_KEY_Left:
    case GDK_KEY_Up:
    case GDK_KEY_KP_Left:
    case GDK_KEY_KP_Up:
      vs_chart_view_set_focused_mark (self, self->focused < 0 ? n - 1 : MAX (self->focused - 1, 0));
      return TRUE;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      vs_chart_view_set_focused_mark (self, 0);
      return TRUE;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      vs_chart_view_set_focused_mark (self, n - 1);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      if (self->focused < 0)
        return FALSE;
      g_signal_emit (self, signals[MARK_ACTIVATED], 0, (guint) self->focused);
      return TRUE;
    case GDK_KEY_Escape:
      if (self->focused < 0)
        return FALSE;
      vs_chart_view_set_focused_mark (self, -1);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
on_focus_changed (VsChartView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_dark_changed (VsChartView *self)
{
  invalidate (self);
}

/* Export and copy -------------------------------------------------------------------------- */

static void
export_size (VsChartView *self,
             double      *width,
             double      *height)
{
  *width = MAX (gtk_widget_get_width (GTK_WIDGET (self)), EXPORT_WIDTH);
  *height = MAX (gtk_widget_get_height (GTK_WIDGET (self)), EXPORT_HEIGHT);
}

gboolean
vs_chart_view_export (VsChartView  *self,
                      const char   *path,
                      GError      **error)
{
  VsChartStyle style;
  double width, height;

  g_return_val_if_fail (VS_IS_CHART_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->spec == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("There is no chart to export"));
      return FALSE;
    }
  export_size (self, &width, &height);
  style_init (self, &style, style_is_dark (), 1);
  return vs_chart_export (self->spec, path, width, height, &style, error);
}

GdkTexture *
vs_chart_view_dup_texture (VsChartView *self)
{
  double width, height;

  g_return_val_if_fail (VS_IS_CHART_VIEW (self), NULL);

  if (self->spec == NULL)
    return NULL;
  export_size (self, &width, &height);
  return render_texture (self, (int) width, (int) height, 2, style_is_dark ());
}

static void
export_response (GtkNativeDialog *dialog,
                 int              response,
                 VsChartView     *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  VsChartFormat format;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    path = g_file_get_path (file);
  if (path != NULL && !vs_chart_format_from_string (path, &format))
    {
      /* no known extension: the one of the chosen filter */
      GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));
      const char *ext = filter != NULL ? g_object_get_data (G_OBJECT (filter), "ext") : NULL;
      char *with_ext = g_strconcat (path, ".", ext != NULL ? ext : "png", NULL);

      g_free (path);
      path = with_ext;
    }
  if (path != NULL)
    {
      GtkWidget *toast_target = gtk_widget_get_ancestor (GTK_WIDGET (self),
                                                         ADW_TYPE_TOAST_OVERLAY);
      g_autofree char *basename = g_path_get_basename (path);
      g_autofree char *message = NULL;

      if (vs_chart_view_export (self, path, &error))
        /* Translators: %s is the file name the chart was saved as. */
        message = g_strdup_printf (_("Chart saved as %s"), basename);
      else
        message = g_strdup_printf (_("Could not save the chart: %s"), error->message);
      if (toast_target != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (toast_target), adw_toast_new (message));
      else if (error != NULL)
        g_warning ("%s", message);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *ext)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_suffix (filter, ext);
  g_object_set_data_full (G_OBJECT (filter), "ext", g_strdup (ext), g_free);
  gtk_file_chooser_add_filter (chooser, filter);
  g_object_unref (filter);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VsChartView *self = VS_CHART_VIEW (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  GtkFileChooserNative *dialog;
  const char *title = self->spec != NULL ? vs_chart_spec_get_title (self->spec) : NULL;
  g_autofree char *name = g_strdup_printf ("%s.png", title != NULL && *title ? title
                                                                         : _("chart"));

  if (self->spec == NULL)
    return;
  g_strdelimit (name, "/\\:", '-');
  dialog = gtk_file_chooser_native_new (_("Export Chart"),
                                        GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  add_filter (GTK_FILE_CHOOSER (dialog), _("PNG image"), "png");
  add_filter (GTK_FILE_CHOOSER (dialog), _("SVG image"), "svg");
  add_filter (GTK_FILE_CHOOSER (dialog), _("PDF document"), "pdf");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VsChartView *self = VS_CHART_VIEW (widget);
  g_autoptr(GdkTexture) texture = vs_chart_view_dup_texture (self);
  GtkWidget *toast_target = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (texture == NULL)
    return;
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
  if (toast_target != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (toast_target),
                                 adw_toast_new (_("Chart copied as an image")));
}

/* Public API ------------------------------------------------------------------------------- */

GtkWidget *
vs_chart_view_new (VsChartSpec *spec)
{
  return g_object_new (VS_TYPE_CHART_VIEW, "spec", spec, NULL);
}

VsChartSpec *
vs_chart_view_get_spec (VsChartView *self)
{
  g_return_val_if_fail (VS_IS_CHART_VIEW (self), NULL);
  return self->spec;
}

void
vs_chart_view_set_spec (VsChartView *self,
                        VsChartSpec *spec)
{
  g_return_if_fail (VS_IS_CHART_VIEW (self));
  g_return_if_fail (spec == NULL || VS_IS_CHART_SPEC (spec));

  if (self->spec == spec)
    {
      if (spec != NULL && self->serial != vs_chart_spec_get_serial (spec))
        invalidate (self);
      return;
    }
  g_set_object (&self->spec, spec);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->marks, g_ptr_array_unref);
  self->hover = -1;
  self->focused = -1;
  self->serial = 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.export", spec != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.copy", spec != NULL);
  update_description (self);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEC]);
}

double
vs_chart_view_get_font_scale (VsChartView *self)
{
  g_return_val_if_fail (VS_IS_CHART_VIEW (self), 1.0);
  return self->font_scale;
}

void
vs_chart_view_set_font_scale (VsChartView *self,
                              double       font_scale)
{
  g_return_if_fail (VS_IS_CHART_VIEW (self));

  font_scale = CLAMP (font_scale, 0.5, 4.0);
  if (self->font_scale == font_scale)
    return;
  self->font_scale = font_scale;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FONT_SCALE]);
}

gboolean
vs_chart_view_get_dark (VsChartView *self)
{
  g_return_val_if_fail (VS_IS_CHART_VIEW (self), FALSE);
  return self->dark;
}

guint
vs_chart_view_get_n_marks (VsChartView *self)
{
  g_return_val_if_fail (VS_IS_CHART_VIEW (self), 0);
  return self->marks != NULL ? self->marks->len : 0;
}

const VsChartMark *
vs_chart_view_get_mark (VsChartView *self,
                        guint        index)
{
  g_return_val_if_fail (VS_IS_CHART_VIEW (self), NULL);
  g_return_val_if_fail (self->marks != NULL && index < self->marks->len, NULL);
  return g_ptr_array_index (self->marks, index);
}

int
vs_chart_view_get_focused_mark (VsChartView *self)
{
  g_return_val_if_fail (VS_IS_CHART_VIEW (self), -1);
  return self->focused;
}

void
vs_chart_view_set_focused_mark (VsChartView *self,
                                int          index)
{
  g_return_if_fail (VS_IS_CHART_VIEW (self));

  if (index < 0 || self->marks == NULL || (guint) index >= self->marks->len)
    index = -1;
  if (self->focused == index)
    return;
  self->focused = index;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOCUSED_MARK]);
}

const char *
vs_chart_view_get_hover_text (VsChartView *self)
{
  g_return_val_if_fail (VS_IS_CHART_VIEW (self), NULL);
  if (self->hover < 0 || self->marks == NULL)
    return NULL;
  return ((VsChartMark *) g_ptr_array_index (self->marks, self->hover))->text;
}

const char *
vs_chart_view_get_description (VsChartView *self)
{
  g_return_val_if_fail (VS_IS_CHART_VIEW (self), NULL);
  if (self->focused >= 0 && self->marks != NULL)
    return ((VsChartMark *) g_ptr_array_index (self->marks, self->focused))->text;
  if (self->description == NULL && self->spec != NULL)
    self->description = vs_chart_describe (self->spec);
  return self->description;
}

void
vs_chart_view_set_extra_menu (VsChartView *self,
                              GMenuModel  *menu)
{
  g_autoptr(GMenu) combined = g_menu_new ();

  g_return_if_fail (VS_IS_CHART_VIEW (self));

  g_set_object (&self->extra_menu, menu);
  g_menu_append_section (combined, NULL, self->chart_menu);
  if (menu != NULL)
    g_menu_append_section (combined, NULL, menu);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->menu_button), G_MENU_MODEL (combined));
}

/* GObject ---------------------------------------------------------------------------------- */

static void
vs_chart_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VsChartView *self = VS_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_SPEC:
      g_value_set_object (value, self->spec);
      break;
    case PROP_FONT_SCALE:
      g_value_set_double (value, self->font_scale);
      break;
    case PROP_FOCUSED_MARK:
      g_value_set_int (value, self->focused);
      break;
    case PROP_HOVER_TEXT:
      g_value_set_string (value, vs_chart_view_get_hover_text (self));
      break;
    case PROP_DARK:
      g_value_set_boolean (value, self->dark);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_chart_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  VsChartView *self = VS_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_SPEC:
      vs_chart_view_set_spec (self, g_value_get_object (value));
      break;
    case PROP_FONT_SCALE:
      vs_chart_view_set_font_scale (self, g_value_get_double (value));
      break;
    case PROP_FOCUSED_MARK:
      vs_chart_view_set_focused_mark (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_chart_view_dispose (GObject *object)
{
  VsChartView *self = VS_CHART_VIEW (object);

  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_CHART_VIEW);
  g_clear_pointer (&self->image, cairo_surface_destroy);
  g_clear_object (&self->spec);
  g_clear_object (&self->extra_menu);
  g_clear_pointer (&self->marks, g_ptr_array_unref);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (vs_chart_view_parent_class)->dispose (object);
}

static void
vs_chart_view_class_init (VsChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = vs_chart_view_get_property;
  object_class->set_property = vs_chart_view_set_property;
  object_class->dispose = vs_chart_view_dispose;
  widget_class->snapshot = vs_chart_view_snapshot;
  widget_class->measure = vs_chart_view_measure;
  widget_class->size_allocate = vs_chart_view_size_allocate;

  properties[PROP_SPEC] =
    g_param_spec_object ("spec", NULL, NULL, VS_TYPE_CHART_SPEC,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FONT_SCALE] =
    g_param_spec_double ("font-scale", NULL, NULL, 0.5, 4.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOCUSED_MARK] =
    g_param_spec_int ("focused-mark", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOVER_TEXT] =
    g_param_spec_string ("hover-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DARK] =
    g_param_spec_boolean ("dark", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A mark was clicked or activated with Return/Space: its index (vs_chart_view_get_mark()). */
  signals[MARK_ACTIVATED] =
    g_signal_new ("mark-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_install_action (widget_class, "chart.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "chart.copy", NULL, copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "chart.copy",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "chart.export", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versuslab/Versus/vs-chart-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VsChartView, menu_button);
  gtk_widget_class_bind_template_child (widget_class, VsChartView, chart_menu);
  gtk_widget_class_set_css_name (widget_class, "chartview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vs_chart_view_init (VsChartView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->font_scale = 1.0;
  self->hover = -1;
  self->focused = -1;
  self->dark = style_is_dark ();
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (on_focus_changed), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_focus_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (on_dark_changed), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.export", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.copy", FALSE);
  /* inside an image, the menu button and its toggle are named here, not from the tooltip */
  vs_accessible_set_label (self->menu_button, _("Chart Menu"));
  if (gtk_widget_get_first_child (self->menu_button) != NULL)
    vs_accessible_set_label (gtk_widget_get_first_child (self->menu_button), _("Chart Menu"));
  update_description (self);
}
