/* vs-format.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vs-format.h"

char *
vs_format_relative_time (const char *iso8601)
{
  g_autoptr(GDateTime) then = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan span;

  if (iso8601 == NULL || (then = g_date_time_new_from_iso8601 (iso8601, NULL)) == NULL)
    return NULL;

  span = g_date_time_difference (now, then);
  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (_("just now"));
  if (span < G_TIME_SPAN_HOUR)
    {
      int minutes = span / G_TIME_SPAN_MINUTE;

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                           minutes), minutes);
    }
  if (span < G_TIME_SPAN_DAY)
    {
      int hours = span / G_TIME_SPAN_HOUR;

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago",
                                           hours), hours);
    }
  if (span < 2 * G_TIME_SPAN_DAY)
    return g_strdup (_("yesterday"));
  if (span < 7 * G_TIME_SPAN_DAY)
    {
      int days = span / G_TIME_SPAN_DAY;

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", days),
                              days);
    }

  {
    g_autoptr(GDateTime) local = g_date_time_to_local (then);

    /* The date in the user's locale. */
    return g_date_time_format (local, "%x");
  }
}

char *
vs_format_full_time (const char *iso8601)
{
  g_autoptr(GDateTime) then = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso8601 == NULL || (then = g_date_time_new_from_iso8601 (iso8601, NULL)) == NULL)
    return NULL;

  local = g_date_time_to_local (then);
  /* Translators: a date and a time in the user's locale's own forms, see strftime(3); not
   * "%c", which in many locales is the terse C form "Wed Dec  2 10:41:42 2026". */
  return g_date_time_format (local, _("%x %X"));
}

char *
vs_format_count (gint64 count)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, count);
}

void
vs_format_add_value_row (AdwPreferencesGroup *group,
                         const char          *title,
                         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  /* Titles are plain text (a provider's status, a model name), never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (group, row);
}
