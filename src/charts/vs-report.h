/* vs-report.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A report on an evaluation run that stands on its own, for people who will never open the
 * app: a multi-page PDF (title page with the decision and the summary cards, the summary
 * table, one page per chart with its description, method notes: cases and the dataset
 * snapshot, repeats, metrics, statistical tests, prices and training costs used) or one
 * self-contained HTML page with the same content — inline SVG charts with per-chart id
 * prefixes, no script, no external reference (no src or href to another host), styles for
 * print.
 *
 * Threading: vs_report_build() and vs_report_write() run on any thread (the data is
 * immutable); vs_report_write_async() renders on a worker and reports progress and
 * completion on the caller's thread-default main context.
 */
#pragma once

#include <gio/gio.h>

#include "vs-run-data.h"

G_BEGIN_DECLS

typedef enum
{
  VS_REPORT_FORMAT_PDF,
  VS_REPORT_FORMAT_HTML,
} VsReportFormat;

/* From a file name ending in .pdf, .html or .htm (any case); FALSE otherwise. */
gboolean vs_report_format_from_path (const char       *path,
                                     VsReportFormat   *format);

/* @fraction in 0…1, called as each part is done. */
typedef void (*VsReportProgressFunc) (double    fraction,
                                      gpointer  user_data);

typedef struct
{
  const char           *title;      /* NULL: “Evaluation report: RUN” */
  /* What it was made from, printed in the method notes: NULL: not printed. */
  const char           *project_path;
} VsReportOptions;

/* The report in memory. G_IO_ERROR_CANCELLED when @cancellable fires between parts. */
GBytes  *vs_report_build            (VsRunData             *data,
                                     VsReportFormat         format,
                                     const VsReportOptions *options,
                                     GCancellable          *cancellable,
                                     VsReportProgressFunc   progress,
                                     gpointer               progress_data,
                                     GError               **error);
/* Builds and writes it to @path (format from its extension) atomically: a cancelled or
 * failed report leaves no file behind. */
gboolean vs_report_write            (VsRunData             *data,
                                     const char            *path,
                                     const VsReportOptions *options,
                                     GCancellable          *cancellable,
                                     VsReportProgressFunc   progress,
                                     gpointer               progress_data,
                                     GError               **error);
/* The same on a worker thread. @progress (may be NULL) is called on the caller's
 * thread-default main context; @options is copied. */
void     vs_report_write_async      (VsRunData             *data,
                                     const char            *path,
                                     const VsReportOptions *options,
                                     GCancellable          *cancellable,
                                     VsReportProgressFunc   progress,
                                     gpointer               progress_data,
                                     GDestroyNotify         progress_destroy,
                                     GAsyncReadyCallback    callback,
                                     gpointer               user_data);
gboolean vs_report_write_finish     (GAsyncResult          *result,
                                     GError               **error);

/* The report's summary tables, for a window to show them too: one GStrv of cells per
 * contender (@contender_rows) and per pair of contenders (@pair_rows), under the headers
 * below (translatable English; pass them through _()). */
void                vs_report_summary_rows     (VsRunData *data,
                                                GPtrArray *contender_rows,
                                                GPtrArray *pair_rows);
const char * const *vs_report_contender_header (guint     *n_columns);
const char * const *vs_report_pair_header      (guint     *n_columns);

G_END_DECLS
