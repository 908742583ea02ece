/* vs-dataset-mapping.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VsDatasetMapping turns one dataset row (a JSON object of columns) into a chat example
 * {"messages": […]}. A mapping is a JSON object whose every key is optional:
 *   {"system": T, "user": T, "assistant": T, "weight": COLUMN, "label": COLUMN,
 *    "chosen": COLUMN, "rejected": COLUMN, "messages": COLUMN,
 *    "roles": {"human": "user", "gpt": "assistant"}}
 * where T is template text over the row's columns (vs-template-parser.h). Without templates
 * or a messages column, the row's own `messages`, ShareGPT `conversations` (from/value) or
 * Alpaca `instruction`/`input`/`output` fields are taken, with role tags remapped.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _VsDatasetMapping VsDatasetMapping;

#define VS_TYPE_DATASET_MAPPING (vs_dataset_mapping_get_type ())

GType             vs_dataset_mapping_get_type     (void) G_GNUC_CONST;

/* An empty mapping: every row is taken as it is (messages, ShareGPT or Alpaca). */
VsDatasetMapping *vs_dataset_mapping_new          (void);
/* Errors are VS_ERROR_INVALID naming the bad key; a template with a syntax problem is
 * rejected here with its line:column. */
VsDatasetMapping *vs_dataset_mapping_new_from_json (JsonObject       *object,
                                                   GError          **error);
/* @text is the mapping JSON itself. */
VsDatasetMapping *vs_dataset_mapping_new_from_data (const char       *text,
                                                   gssize            length,
                                                   GError          **error);
VsDatasetMapping *vs_dataset_mapping_ref          (VsDatasetMapping *self);
void              vs_dataset_mapping_unref        (VsDatasetMapping *self);

/* The mapping as JSON (the object it was read from; owned by the mapping). */
JsonObject       *vs_dataset_mapping_get_json     (VsDatasetMapping *self);
/* Column names for keys that are not part of the chat example ("label", "chosen",
 * "rejected"), or NULL when unmapped. */
const char       *vs_dataset_mapping_get_column   (VsDatasetMapping *self,
                                                   const char       *key);

/* Maps @row. On success *@example is {"messages":[{"role","content"},…]}; a mapped weight
 * (a column holding 0 or 1) is set as "weight" on the last assistant message. Errors are
 * VS_ERROR_INVALID with a message that names the template and its line:column, or the field
 * that is missing or malformed; the caller adds the row's line. */
gboolean          vs_dataset_mapping_apply        (VsDatasetMapping *self,
                                                   JsonObject       *row,
                                                   JsonObject      **example,
                                                   GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsDatasetMapping, vs_dataset_mapping_unref)

G_END_DECLS
