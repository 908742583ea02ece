/* vs-dataset-import.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Importing a dataset file into a project: a VsDatasetReader on the importing thread reads and
 * serialises rows into batches that the project's writer (vs-writer.h) inserts into
 * `datasets`, `records` and `import_problems` — reading and writing run side by side, at most
 * three batches queued — so a cancel or a crash keeps every batch already committed. The result is a summary of what
 * landed and what was skipped, and why.
 */
#pragma once

#include "vs-dataset-reader.h"
#include "vs-dataset-store.h"
#include "vs-project.h"

G_BEGIN_DECLS

typedef struct
{
  const char      *name;            /* the dataset's name; NULL: the file name without extension */
  VsDatasetFormat  format;          /* AUTO: detect */
  gsize            max_record_size; /* 0: VS_DATASET_READER_DEFAULT_MAX_RECORD_SIZE */
  guint            batch_records;   /* commit after this many records; 0: 1000 */
  guint            batch_msec;      /* … or after this long; 0: 100 ms */
} VsDatasetImportOptions;

typedef struct
{
  gint64      dataset_id;
  char       *name;
  char       *format;         /* "csv", "tsv", "jsonl", "json" */
  char       *path;
  gint64      n_records;      /* records written */
  gint64      n_problems;     /* problems written to import_problems */
  GHashTable *problems_by_key; /* char * key → GINT_TO_POINTER (count) */
  char      **columns;
  goffset     bytes;
  double      seconds;
} VsDatasetImportSummary;

void        vs_dataset_import_summary_free    (VsDatasetImportSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsDatasetImportSummary, vs_dataset_import_summary_free)
/* {"dataset_id","name","format","path","records","problems","problems_by_key":{key:n},
 *  "columns":[…],"bytes","seconds","records_per_second"} */
JsonNode   *vs_dataset_import_summary_to_json (const VsDatasetImportSummary *summary);

/* Called with the bytes read so far, the total (-1 when unknown) and the records written,
 * after each committed batch and at the end. The sync variant calls it on the calling thread
 * every time; the async variant on the caller's main context, at most every 100 ms, and always
 * with the final figures. */
typedef void (*VsDatasetImportProgress) (goffset  bytes_read,
                                         goffset  total_bytes,
                                         gint64   n_records,
                                         gpointer user_data);

/* Reads on the calling thread (any thread but the GUI's: it waits for the writer). On
 * cancellation returns NULL with G_IO_ERROR_CANCELLED; batches committed before stay, and the
 * dataset's settings record {"import":{"state":"cancelled"}}. A file that cannot be opened
 * or read fails with G_IO_ERROR; a read-only project with VS_ERROR_IO. The writer announces
 * each commit with VsProject::changed on the project's main context ("datasets" insert/update
 * with the dataset's id, "records" inserts with the dataset as parent). */
VsDatasetImportSummary *vs_dataset_import_sync   (VsProject                    *project,
                                                  const char                   *path,
                                                  const VsDatasetImportOptions *options,
                                                  GCancellable                 *cancellable,
                                                  VsDatasetImportProgress       progress,
                                                  gpointer                      progress_data,
                                                  GError                      **error);

/* The same on a worker thread; the change notices of every commit reach the project's main
 * context before @callback runs. @options is copied. */
void        vs_dataset_import_async           (VsProject                    *project,
                                               const char                   *path,
                                               const VsDatasetImportOptions *options,
                                               GCancellable                 *cancellable,
                                               VsDatasetImportProgress       progress,
                                               gpointer                      progress_data,
                                               GDestroyNotify                progress_notify,
                                               GAsyncReadyCallback           callback,
                                               gpointer                      user_data);
VsDatasetImportSummary *vs_dataset_import_finish (VsProject                  *project,
                                                  GAsyncResult               *result,
                                                  GError                    **error);

G_END_DECLS
