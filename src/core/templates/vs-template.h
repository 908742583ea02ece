/* vs-template.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VsTemplate: a prompt template as a whole — ordered chat messages whose contents are template
 * text (vs-template-parser.h), model parameters, and an optional few-shot block drawn from a
 * dataset split. It reads and writes the template file format and renders every message with
 * a JSON object of variables. Storage in a project (versions, diffs) is vs-template-store.h.
 *
 * File format (also the body of a stored draft or version):
 *   { "name": "…",
 *     "messages": [{ "role": "system" | "user" | "assistant", "content": "…" }, …],
 *     "parameters": { "model": "…", "temperature": 0.2, "top_p": 1, "max_tokens": 256,
 *                     "stop": ["\n\n"], "seed": 7,
 *                     "response_format": { "type": "text" | "json_object" | "json_schema",
 *                                          "json_schema": { "name": "…", "schema": {…},
 *                                                           "strict": true } } },
 *     "few_shot": { "dataset": NAME_OR_FILE, "split": "train", "k": 3, "seed": 1,
 *                   "user": TEMPLATE, "assistant": TEMPLATE } }
 * A ".txt" file is a template with one user message (its whole text). Unknown parameters are
 * kept as they are, so a file round-trips.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vs-project.h"
#include "vs-template-parser.h"

G_BEGIN_DECLS

typedef enum
{
  VS_TEMPLATE_ROLE_SYSTEM,
  VS_TEMPLATE_ROLE_USER,
  VS_TEMPLATE_ROLE_ASSISTANT,
} VsTemplateRole;

const char *vs_template_role_to_string   (VsTemplateRole  role);
gboolean    vs_template_role_from_string (const char     *text,
                                          VsTemplateRole *role);

typedef struct
{
  VsTemplateRole  role;
  char           *content;
} VsTemplateMessage;

#define VS_TYPE_TEMPLATE_MESSAGE (vs_template_message_get_type ())
GType              vs_template_message_get_type (void) G_GNUC_CONST;
VsTemplateMessage *vs_template_message_new      (VsTemplateRole           role,
                                                 const char              *content);
VsTemplateMessage *vs_template_message_copy     (const VsTemplateMessage *message);
void               vs_template_message_free     (VsTemplateMessage       *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsTemplateMessage, vs_template_message_free)

/* Rendered messages (element type VsTemplateMessage) as {"messages":[{"role","content"},…]}. */
JsonNode          *vs_template_messages_to_json (GPtrArray               *messages);

typedef struct
{
  char   *dataset;    /* a dataset name in the project, or a JSONL file (relative to the
                       * template file's folder) */
  char   *split;      /* "train" by default */
  guint   k;          /* examples to draw; 3 by default */
  gint64  seed;       /* 1 by default */
  char   *user;       /* template text rendered over each example's columns */
  char   *assistant;
} VsTemplateFewShot;

#define VS_TYPE_TEMPLATE_FEW_SHOT (vs_template_few_shot_get_type ())
GType              vs_template_few_shot_get_type (void) G_GNUC_CONST;
VsTemplateFewShot *vs_template_few_shot_new      (const char              *dataset,
                                                  const char              *user,
                                                  const char              *assistant);
VsTemplateFewShot *vs_template_few_shot_copy     (const VsTemplateFewShot *few_shot);
void               vs_template_few_shot_free     (VsTemplateFewShot       *few_shot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsTemplateFewShot, vs_template_few_shot_free)

#define VS_TYPE_TEMPLATE (vs_template_get_type ())
G_DECLARE_FINAL_TYPE (VsTemplate, vs_template, VS, TEMPLATE, GObject)

/* Every setter below emits VsTemplate::changed. Load errors are VS_ERROR_INVALID (with the
 * JSON path of the bad member) or the file's I/O error. */
VsTemplate  *vs_template_new                 (void);
VsTemplate  *vs_template_new_from_json       (JsonNode           *root,
                                              GError            **error);
VsTemplate  *vs_template_new_from_data       (const char         *json,
                                              gssize              length,
                                              GError            **error);
/* ".txt" → one user message named after the file; anything else is read as JSON. Sets the
 * base directory (for a few-shot JSONL path) to the file's folder. */
VsTemplate  *vs_template_new_from_file       (const char         *path,
                                              GError            **error);
VsTemplate  *vs_template_copy                (VsTemplate         *self);
JsonNode    *vs_template_to_json             (VsTemplate         *self);
char        *vs_template_to_data             (VsTemplate         *self,
                                              gboolean            pretty);
/* ".txt" only for a template that is one user message without parameters or few-shot. */
gboolean     vs_template_save_to_file        (VsTemplate         *self,
                                              const char         *path,
                                              GError            **error);
gboolean     vs_template_equal               (VsTemplate         *a,
                                              VsTemplate         *b);

const char  *vs_template_get_name            (VsTemplate         *self);
void         vs_template_set_name            (VsTemplate         *self,
                                              const char         *name);
const char  *vs_template_get_base_dir        (VsTemplate         *self);
void         vs_template_set_base_dir        (VsTemplate         *self,
                                              const char         *base_dir);

/* Messages. Indexes are 0-based; out-of-range indexes are programmer errors. */
guint        vs_template_get_n_messages      (VsTemplate         *self);
const VsTemplateMessage *
             vs_template_get_message         (VsTemplate         *self,
                                              guint               index);
void         vs_template_append_message      (VsTemplate         *self,
                                              VsTemplateRole      role,
                                              const char         *content);
void         vs_template_insert_message      (VsTemplate         *self,
                                              guint               index,
                                              VsTemplateRole      role,
                                              const char         *content);
void         vs_template_remove_message      (VsTemplate         *self,
                                              guint               index);
void         vs_template_move_message        (VsTemplate         *self,
                                              guint               from,
                                              guint               to);
void         vs_template_set_message_role    (VsTemplate         *self,
                                              guint               index,
                                              VsTemplateRole      role);
void         vs_template_set_message_content (VsTemplate         *self,
                                              guint               index,
                                              const char         *content);

/* Parameters. The object is owned by the template; do not change it, use the setters. */
JsonObject  *vs_template_get_parameters      (VsTemplate         *self);
/* Replaces all parameters after checking them (see vs_template_validate_parameters). */
gboolean     vs_template_set_parameters      (VsTemplate         *self,
                                              JsonObject         *parameters,
                                              GError            **error);
gboolean     vs_template_validate_parameters (JsonObject         *parameters,
                                              GError            **error);
const char  *vs_template_get_model           (VsTemplate         *self);
void         vs_template_set_model           (VsTemplate         *self,
                                              const char         *model);
/* "temperature", "top_p": FALSE when unset. */
gboolean     vs_template_get_double_parameter (VsTemplate        *self,
                                               const char        *name,
                                               double            *value);
void         vs_template_set_double_parameter (VsTemplate        *self,
                                               const char        *name,
                                               double             value);
/* "max_tokens", "seed": FALSE when unset. */
gboolean     vs_template_get_int_parameter   (VsTemplate         *self,
                                              const char         *name,
                                              gint64             *value);
void         vs_template_set_int_parameter   (VsTemplate         *self,
                                              const char         *name,
                                              gint64              value);
/* Stop sequences (a single string is returned as a list of one); NULL/empty unsets. */
char       **vs_template_dup_stop            (VsTemplate         *self);
void         vs_template_set_stop            (VsTemplate         *self,
                                              const char * const *stop);
/* The JSON schema of a "json_schema" response format, or NULL. */
JsonObject  *vs_template_get_json_schema     (VsTemplate         *self);
/* Sets response_format to {"type":"json_schema","json_schema":{"name":@name,"schema":@schema,
 * "strict":true}}; @schema NULL removes response_format. */
void         vs_template_set_json_schema     (VsTemplate         *self,
                                              const char         *name,
                                              JsonObject         *schema);
void         vs_template_unset_parameter     (VsTemplate         *self,
                                              const char         *name);

const VsTemplateFewShot *
             vs_template_get_few_shot        (VsTemplate         *self);
/* NULL removes the block. */
void         vs_template_set_few_shot        (VsTemplate         *self,
                                              const VsTemplateFewShot *few_shot);

/* Variable discovery over all messages (not the few-shot templates, whose variables come
 * from the dataset), in order of first appearance; see vs_template_text_list_variables(). */
char       **vs_template_list_variables      (VsTemplate         *self,
                                              gboolean            full);

/* Every syntax problem in the messages and the few-shot templates, with where/message_index
 * set, in order. With @variables, also every unknown variable in the messages. For the
 * editor's underlines: each problem's byte range is in its message's content. */
GPtrArray   *vs_template_check               (VsTemplate         *self,
                                              JsonObject         *variables);

/* Draws the few-shot examples: the variables (JsonObject, referenced) of k records of the
 * split, chosen by a seeded hash of each record's ordinal (line number for a JSONL file), so
 * the draw is reproducible and adding records elsewhere rarely changes it. The dataset is
 * looked up in @project first (records of that dataset in the split, rejected ones excluded,
 * each record's `data`), then as a JSONL file (absolute, or relative to the base directory;
 * rows with a "split" member must match it). Returns an empty array without a few-shot block.
 * Errors are VS_TEMPLATE_ERROR_FEW_SHOT. */
GPtrArray   *vs_template_draw_few_shot       (VsTemplate         *self,
                                              VsProject          *project,
                                              GError            **error);

/* Renders every message with @variables (NULL = {}) and, when the template has a few-shot
 * block, inserts the examples as user/assistant pairs before the last user message (at the
 * end when there is none). Returns VsTemplateMessage elements. Strict: on any problem returns
 * NULL with a VS_TEMPLATE_ERROR that lists them all (where = "messages[I]" or
 * "few_shot[J].user" / "few_shot[J].assistant"). */
GPtrArray   *vs_template_render              (VsTemplate         *self,
                                              JsonObject         *variables,
                                              VsProject          *project,
                                              GError            **error);
/* The same with examples drawn beforehand (vs_template_draw_few_shot; NULL = none), so a
 * live preview does not read the dataset on every keystroke. */
GPtrArray   *vs_template_render_with_examples (VsTemplate        *self,
                                               JsonObject        *variables,
                                               GPtrArray         *examples,
                                               GError           **error);
/* Never fails: unknown variables render as nothing, problems are appended to @problems. */
GPtrArray   *vs_template_render_lenient      (VsTemplate         *self,
                                              JsonObject         *variables,
                                              GPtrArray          *examples,
                                              GPtrArray          *problems);

G_END_DECLS
