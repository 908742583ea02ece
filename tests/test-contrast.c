/* test-contrast.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Colours a person must read reach WCAG AA (4.5:1): every style of the template language in
 * Versus' light and dark schemes, against the backgrounds the editor is drawn on; and dimmed
 * text as the app's style sheet draws it.
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "vs-source-util.h"

static double
channel (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (const GdkRGBA *c)
{
  return 0.2126 * channel (c->red) + 0.7152 * channel (c->green) + 0.0722 * channel (c->blue);
}

static double
contrast (const GdkRGBA *a,
          const GdkRGBA *b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* @fg at @alpha over @bg. */
static GdkRGBA
blend (const GdkRGBA *fg,
       double         alpha,
       const GdkRGBA *bg)
{
  return (GdkRGBA) { fg->red * alpha + bg->red * (1 - alpha),
                     fg->green * alpha + bg->green * (1 - alpha),
                     fg->blue * alpha + bg->blue * (1 - alpha), 1 };
}

static GdkRGBA
rgba (const char *spec)
{
  GdkRGBA color;

  g_assert_true (gdk_rgba_parse (&color, spec));
  return color;
}

static const char *template_styles[] = {
  "variable", "delimiter", "name", "section", "inverted", "close", "escape", "comment",
};

static void
check_scheme (gboolean            dark,
              const char * const *backgrounds)
{
  GtkSourceStyleScheme *scheme = vs_source_get_scheme (dark);

  g_assert_nonnull (scheme);
  g_assert_cmpstr (gtk_source_style_scheme_get_id (scheme), ==, dark ? "versus-dark" : "versus");
  for (guint i = 0; i < G_N_ELEMENTS (template_styles); i++)
    {
      g_autofree char *id = g_strconcat ("versus-template:", template_styles[i], NULL);
      GtkSourceStyle *style = gtk_source_style_scheme_get_style (scheme, id);
      g_autofree char *foreground = NULL;
      gboolean set = FALSE;
      GdkRGBA fg;

      g_assert_nonnull (style);
      g_object_get (style, "foreground", &foreground, "foreground-set", &set, NULL);
      g_assert_true (set);
      fg = rgba (foreground);
      for (guint j = 0; backgrounds[j] != NULL; j++)
        {
          GdkRGBA bg = rgba (backgrounds[j]);
          double ratio = contrast (&fg, &bg);

          if (ratio < 4.5)
            g_error ("%s: %s on %s is %.2f:1, under 4.5:1", id, foreground, backgrounds[j], ratio);
        }
    }
}

static void
test_template_light (void)
{
  /* Message cards, the window, the view's own background. */
  const char *backgrounds[] = { "#ffffff", "#fafafa", "#f6f5f4", NULL };

  check_scheme (FALSE, backgrounds);
}

static void
test_template_dark (void)
{
  /* The dark window, cards on it (white at 8 % over the window), the view's background. */
  const char *backgrounds[] = { "#242424", "#383838", "#1e1e1e", NULL };

  check_scheme (TRUE, backgrounds);
}

/* libadwaita 1.2's text colours: black at 80 % in light, white in dark; dimmed text is drawn
 * at the opacity our style sheet gives .dim-label. */
static void
test_dimmed_text (void)
{
  g_autoptr(GBytes) css = g_resources_lookup_data ("/io/github/versuslab/Versus/style.css", 0,
                                                   NULL);
  const char *text = g_bytes_get_data (css, NULL);
  const char *rule = strstr (text, ".dim-label,");
  const char *opacity = rule ? strstr (rule, "opacity:") : NULL;
  double alpha;
  GdkRGBA black = rgba ("#000000"), white = rgba ("#ffffff");
  const char *light[] = { "#fafafa", "#ffffff", "#ebebeb", NULL };
  const char *dark[] = { "#242424", "#383838", "#303030", NULL };

  g_assert_nonnull (opacity);
  alpha = g_ascii_strtod (opacity + strlen ("opacity:"), NULL);
  g_assert_cmpfloat (alpha, >, 0.5);
  for (guint i = 0; light[i] != NULL; i++)
    {
      GdkRGBA bg = rgba (light[i]);
      GdkRGBA fg = blend (&black, 0.8 * alpha, &bg);

      g_assert_cmpfloat (contrast (&fg, &bg), >=, 4.5);
    }
  for (guint i = 0; dark[i] != NULL; i++)
    {
      GdkRGBA bg = rgba (dark[i]);
      GdkRGBA fg = blend (&white, alpha, &bg);

      g_assert_cmpfloat (contrast (&fg, &bg), >=, 4.5);
    }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/versus/contrast/template-light", test_template_light);
  g_test_add_func ("/versus/contrast/template-dark", test_template_dark);
  g_test_add_func ("/versus/contrast/dimmed-text", test_dimmed_text);
  return g_test_run ();
}
