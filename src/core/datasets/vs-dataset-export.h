/* vs-dataset-export.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writing fine-tuning files in the formats trainers read (the `--to` names): the rows as read
 * (jsonl, csv) or the mapped chat examples as OpenAI chat or preference (DPO) lines,
 * prompt/completion pairs, LLaMA-Factory Alpaca or ShareGPT rows (with their dataset_info.json)
 * or Axolotl chat lines (with a YAML `datasets:` snippet). A VsDatasetExporter streams one row
 * at a time into one file, or into train/validation/test files; what it cannot write in the
 * format is skipped with a reason, never dropped silently.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vs-dataset-mapping.h"
#include "vs-dataset-reader.h"
#include "vs-dataset-split.h"
#include "vs-progress.h"
#include "vs-project.h"

G_BEGIN_DECLS

typedef enum
{
  VS_EXPORT_JSONL = 0,         /* the rows as read, or the mapped examples with a mapping */
  VS_EXPORT_OPENAI_CHAT,       /* {"messages": […]} */
  VS_EXPORT_OPENAI_DPO,        /* {"input", "preferred_output", "non_preferred_output"} */
  VS_EXPORT_PROMPT_COMPLETION, /* {"prompt", "completion"} */
  VS_EXPORT_ALPACA,            /* {instruction, input, output, system?, history?} */
  VS_EXPORT_SHAREGPT,          /* {conversations: [{from, value}]} */
  VS_EXPORT_AXOLOTL,           /* {"messages": […]} + STEM.axolotl.yml */
  VS_EXPORT_CSV,               /* RFC 4180: the rows as read, or system,user,assistant */
} VsExportFormat;

#define VS_EXPORT_N_FORMATS 8

typedef struct
{
  VsExportFormat  format;
  const char     *name;             /* the --to name: "openai-chat" */
  const char     *title;            /* translated, for a dropdown: "OpenAI chat (JSONL)" */
  const char     *extension;        /* of the data files, without the dot: "jsonl" */
  gboolean        needs_preference; /* reads the chosen/rejected columns (openai-dpo) */
  gboolean        raw_rows;         /* without a mapping, writes the rows as read */
  const char     *companion;        /* written beside the data, or NULL: "dataset_info.json" */
} VsExportFormatInfo;

/* Every format, in the order to offer them; @n (may be NULL) receives VS_EXPORT_N_FORMATS. */
const VsExportFormatInfo *vs_dataset_export_formats       (guint          *n);
/* The format called @name, or NULL. */
const VsExportFormatInfo *vs_dataset_export_format_lookup (const char     *name);
/* "jsonl, openai-chat, …" for usage messages (static). */
const char               *vs_dataset_export_format_names  (void);

/* One file written: a data file (its part, or -1 when not split, and its examples) or a
 * companion (part -1, n_examples -1). */
typedef struct
{
  char   *path;
  int     part;
  gint64  n_examples;
} VsDatasetExportFile;

/* Something about one row: a row the format could not take (key "skipped"), a row the reader
 * could not read (its problem key), or a leak between splits ("leak", "near_leak", with
 * @other_line the row it repeats). @message starts with "line L: " (or the reader's
 * "line L, column C: ") and says why. */
typedef struct
{
  gint64  line;
  gint64  other_line;
  char   *key;
  char   *message;
} VsDatasetExportNote;

void vs_dataset_export_note_free (VsDatasetExportNote *note);

/* What an export did. @files lists the data files first (in part order), then the companions.
 * @notes holds the first VS_DATASET_EXPORT_MAX_NOTES notes; the counts are complete. */
#define VS_DATASET_EXPORT_MAX_NOTES 1000

typedef struct
{
  char       *format;         /* the --to name */
  GPtrArray  *files;          /* VsDatasetExportFile */
  gint64      n_rows;         /* rows read */
  gint64      n_written;      /* examples written, in all files */
  gint64      n_skipped;      /* rows the format could not take */
  gint64      n_unreadable;   /* rows the reader could not read */
  gint64      n_leaks;        /* leaks found between splits (before any move) */
  gint64      n_moved;        /* rows moved to fix leaks */
  GPtrArray  *notes;          /* VsDatasetExportNote */
  double      seconds;
  gint64      snapshot_id;    /* a project's dataset: the snapshot written; else 0 */
  char       *snapshot_name;  /* … and its name */
  gboolean    snapshot_frozen; /* the export froze that snapshot itself */
} VsDatasetExportSummary;

void        vs_dataset_export_summary_free    (VsDatasetExportSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsDatasetExportSummary, vs_dataset_export_summary_free)
/* {"format", "files": [{"path", "split"|null, "examples"|null}], "rows", "written", "skipped",
 *  "unreadable", "leaks", "moved", "notes": [{"line", "key", "message"}], "seconds"}, and for
 * a project's dataset "snapshot": {"id", "name", "frozen"} */
JsonNode   *vs_dataset_export_summary_to_json (const VsDatasetExportSummary *summary);

/* The streaming writer. */
typedef struct _VsDatasetExporter VsDatasetExporter;

/* @mapping (may be NULL) maps each row to a chat example; without one, raw-row formats write
 * the rows as read and the others use the empty mapping (messages, ShareGPT or Alpaca rows). */
VsDatasetExporter *vs_dataset_exporter_new   (VsExportFormat     format,
                                              VsDatasetMapping  *mapping);
void               vs_dataset_exporter_free  (VsDatasetExporter *self);
/* Writes to @path (replacing it); the companion files go beside it. */
gboolean           vs_dataset_exporter_open  (VsDatasetExporter *self,
                                              const char        *path,
                                              GError           **error);
/* Writes to @dir/train.EXT, @dir/validation.EXT and @dir/test.EXT (creating @dir); the
 * companions go in @dir and name all three. */
gboolean           vs_dataset_exporter_open_split (VsDatasetExporter *self,
                                                   const char        *dir,
                                                   GError           **error);
/* Converts @row (read at @line) and writes it to @part's file (ignored when not split).
 * A row the format cannot take is skipped: the return is TRUE and *@skipped (may be NULL)
 * receives the reason ("line L: …", transfer full). FALSE only when writing failed. */
gboolean           vs_dataset_exporter_add   (VsDatasetExporter *self,
                                              JsonObject        *row,
                                              gint64             line,
                                              VsDatasetSplitPart part,
                                              char             **skipped,
                                              GError           **error);
/* The example @row becomes in this export (the mapped chat example, or the row itself for a
 * raw-row format) — what dedup and leakage compare; NULL with the reason when it cannot be
 * mapped (transfer full). */
JsonObject        *vs_dataset_exporter_example (VsDatasetExporter *self,
                                                JsonObject        *row,
                                                GError           **error);
/* Closes the data files and writes the companions. Returns the summary of what was written
 * (transfer full); the exporter cannot be used afterwards. */
VsDatasetExportSummary *vs_dataset_exporter_finish (VsDatasetExporter *self,
                                                    GError           **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsDatasetExporter, vs_dataset_exporter_free)

/* Converting a whole file: read with the reader, optionally split (seeded, stratified) and
 * checked for leaks between the splits, then written. */
typedef struct
{
  VsExportFormat     format;
  VsDatasetMapping  *mapping;       /* may be NULL */
  VsDatasetFormat    input_format;  /* AUTO: detect */
  gboolean           split;         /* @output is a directory; rows are split by @percent */
  guint              percent[VS_DATASET_SPLIT_N_PARTS];
  guint64            seed;
  const char        *stratify;      /* a column whose values keep the percentages, or NULL */
  double             near_threshold; /* leaks also by near-duplicate Jaccard ≥ this; 0: exact */
  gboolean           move_leaks;    /* move each leak into the split of its first occurrence */
  /* A project's dataset only: */
  gint64             snapshot_id;   /* the snapshot to write; 0: freeze one now */
  gboolean           accepted_only; /* when freezing: only accepted records */
  const char        *status;        /* only records with this status in the snapshot, or NULL */
  const char        *tag;           /* only records with this tag in the snapshot, or NULL */
} VsDatasetExportOptions;

/* Called on the exporting thread for every note, as it is found (the CLI prints them). */
typedef void (*VsDatasetExportNoteFunc) (const VsDatasetExportNote *note,
                                         gpointer                   user_data);

/* Reads @input and writes @output on the calling thread. Progress reports bytes read of the
 * input's size and the rows read. Fails with G_IO_ERROR when @input cannot be read or
 * @output written, G_IO_ERROR_CANCELLED on cancellation (files already written stay),
 * VS_ERROR_INVALID for bad percentages. Rows that could not be read or converted are in the
 * summary's notes, not errors. */
VsDatasetExportSummary *vs_dataset_export_file_sync   (const char                   *input,
                                                       const char                   *output,
                                                       const VsDatasetExportOptions *options,
                                                       GCancellable                 *cancellable,
                                                       VsProgressRelay              *progress,
                                                       VsDatasetExportNoteFunc       note_func,
                                                       gpointer                      note_data,
                                                       GError                      **error);
/* The same on a worker thread; @progress (may be NULL) runs on the caller's main context at
 * most every 100 ms and once with the final figures. @options and its mapping are kept. */
void vs_dataset_export_file_async (const char                   *input,
                                   const char                   *output,
                                   const VsDatasetExportOptions *options,
                                   GCancellable                 *cancellable,
                                   VsProgressFunc                progress,
                                   gpointer                      progress_data,
                                   GDestroyNotify                progress_notify,
                                   GAsyncReadyCallback           callback,
                                   gpointer                      user_data);
VsDatasetExportSummary *vs_dataset_export_file_finish (GAsyncResult                 *result,
                                                       GError                      **error);

/* Exports the records of @dataset_id in @project (rejected records and those a cleaning step
 * dropped left out, in ordinal order) on a worker thread with its own read connection.
 * What is written is always a snapshot (vs-dataset-snapshot.h): options->snapshot_id, or one
 * frozen first (named by date and time) when it is 0; the export is recorded with the
 * snapshot and each data file's SHA-256 (so a fine-tune started from the file finds it), and
 * the summary names the snapshot.
 * Without a mapping in @options the chat formats take each record's stored example
 * (records.example) for its messages, the rest of the record's data alongside
 * (chosen/rejected for openai-dpo); with one, the data is mapped again. With options->split:
 * percentages that add up to 100 make a fresh seeded split; all three 0 keep the split each
 * record has (unassigned records go to train). Notes and skip reasons name records by ordinal
 * ("record N: …", VsDatasetExportNote.line = ordinal).
 * Progress reports records done of the records to export. */
void vs_dataset_export_dataset_async (VsProject                    *project,
                                      gint64                        dataset_id,
                                      const char                   *output,
                                      const VsDatasetExportOptions *options,
                                      GCancellable                 *cancellable,
                                      VsProgressFunc                progress,
                                      gpointer                      progress_data,
                                      GDestroyNotify                progress_notify,
                                      GAsyncReadyCallback           callback,
                                      gpointer                      user_data);
VsDatasetExportSummary *vs_dataset_export_dataset_finish (VsProject     *project,
                                                          GAsyncResult  *result,
                                                          GError       **error);

/* A leak among a project's records (see vs-dataset-leakage.h), by ordinal. The fix is to set
 * the split of @second_ordinal to @first_part. */
typedef struct
{
  gint64             first_ordinal;
  gint64             second_ordinal;
  VsDatasetSplitPart first_part;
  VsDatasetSplitPart second_part;
  gboolean           near;
} VsDatasetRecordLeak;

/* Checks the records of @dataset_id that have a split (rejected, dropped and unassigned ones
 * left out) for leaks, on a worker thread: each record's stored example is compared (its data when
 * it has none), exactly and, when @near_threshold > 0, by near-duplicate Jaccard. The result
 * is a GArray of VsDatasetRecordLeak in ordinal order of the repeats (transfer full). */
void    vs_dataset_find_record_leaks_async  (VsProject           *project,
                                             gint64               dataset_id,
                                             double               near_threshold,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GArray *vs_dataset_find_record_leaks_finish (VsProject           *project,
                                             GAsyncResult        *result,
                                             GError             **error);

G_END_DECLS
