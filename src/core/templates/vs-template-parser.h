/* vs-template-parser.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The prompt template language: parsing, rendering and variable discovery for one piece of
 * template text (a message's content). Mustache-like, for plain-text prompts: no HTML escaping,
 * single braces and JSON are left alone, a missing variable is an error. Whole templates
 * (messages, parameters, few-shot) live in vs-template.h; this file knows only text.
 *
 * Syntax:
 *   {{name}} {{ name }} {{a.b}} {{items.0}}   variable; {{.}} is the current context
 *   {{&name}}                                 the same as {{name}} (nothing is ever escaped)
 *   {{#x}}…{{/x}}                             section: list → once per element (the element is
 *                                             the context); object → once inside it; other
 *                                             truthy value → once (the value is {{.}});
 *                                             false, null, "", [], {} or missing → skipped
 *   {{^x}}…{{/x}}                             inverted: once when x is false/empty/missing
 *   {{! comment }}                            dropped; may span lines
 *   \{{                                       a literal "{{"; before "{{", "\\" is one "\"
 * Only "{{" opens a tag: in "{{{x}}}" the outer braces are text. A line holding nothing but a
 * section, inverted, close or comment tag (and blanks) is removed whole, as in Mustache.
 * Names resolve as in Mustache: the first segment is looked up in the current context, then
 * outward; later segments only inside what the first one found. Values render as: strings
 * verbatim, numbers in their shortest exact form (42, 0.5, 1e+21), true/false, null as
 * nothing, objects and arrays as compact JSON. Sections nest at most 64 deep, and rendering
 * stops with an error past 16 MiB of output or 250,000 steps of work (nested sections that
 * multiply), reported at the outermost section that was running.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define VS_TEMPLATE_ERROR (vs_template_error_quark ())

typedef enum
{
  VS_TEMPLATE_ERROR_UNCLOSED_TAG,     /* "{{" without its "}}" */
  VS_TEMPLATE_ERROR_UNCLOSED_SECTION, /* {{#x}} or {{^x}} without {{/x}} */
  VS_TEMPLATE_ERROR_MISMATCHED_CLOSE, /* {{/y}} where {{/x}} was expected, or nothing is open */
  VS_TEMPLATE_ERROR_UNKNOWN_VARIABLE, /* {{name}} whose value is not in the variables: "no
                                       * value for name", or "unknown variable" for a member
                                       * that the value it names does not have */
  VS_TEMPLATE_ERROR_EMPTY_NAME,       /* {{}}, {{ }}, {{#}} … */
  VS_TEMPLATE_ERROR_INVALID_NAME,     /* "a..b", partials {{>x}}, delimiter changes {{=…=}} */
  VS_TEMPLATE_ERROR_INVALID,          /* the template file itself is malformed */
  VS_TEMPLATE_ERROR_FEW_SHOT,         /* the few-shot examples could not be drawn */
} VsTemplateErrorCode;

GQuark vs_template_error_quark (void);

/* One thing wrong with a template, located for a person (line/column) and for an editor (byte
 * range in the source, for underlining). */
typedef struct
{
  VsTemplateErrorCode code;
  char  *where;          /* "messages[2]", "few_shot.user", … or NULL for bare text */
  int    message_index;  /* index of the message, -1 when the text is not a message */
  guint  line;           /* 1-based, relative to the text (the message content) */
  guint  column;         /* 1-based, in characters */
  gsize  start;          /* byte range of the offending tag in the text */
  gsize  end;
  char  *what;           /* "unknown variable", "unclosed tag", … (no ": " inside) */
  char  *name;           /* the offending name; for an empty name, the tag as written */
  gboolean no_value;     /* UNKNOWN_VARIABLE: nothing in scope has the name's first part;
                          * @what is then "no value for", which reads on into the name */
} VsTemplateProblem;

#define VS_TYPE_TEMPLATE_PROBLEM (vs_template_problem_get_type ())
GType              vs_template_problem_get_type  (void) G_GNUC_CONST;
VsTemplateProblem *vs_template_problem_copy      (const VsTemplateProblem *problem);
void               vs_template_problem_free      (VsTemplateProblem       *problem);
/* "messages[I] LINE:COLUMN: what is wrong: NAME" (without "messages[I] " when @where is NULL);
 * "LINE:COLUMN: no value for NAME" for a variable without a value. */
char              *vs_template_problem_to_string (const VsTemplateProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsTemplateProblem, vs_template_problem_free)

/* Sets @error to a VS_TEMPLATE_ERROR whose message is one line per problem (see
 * vs_template_problem_to_string) and which carries copies of @problems. The code is the first
 * problem's. @problems must not be empty. */
void       vs_template_set_error_from_problems (GError    **error,
                                                GPtrArray  *problems);
/* The problems a VS_TEMPLATE_ERROR carries (element type VsTemplateProblem), or NULL for an
 * error from another domain or one made without problems. Owned by @error. */
GPtrArray *vs_template_error_get_problems      (const GError *error);

/* Lexical tokens, for syntax highlighting. They cover the source without gaps, in order. */
typedef enum
{
  VS_TEMPLATE_TOKEN_TEXT,
  VS_TEMPLATE_TOKEN_ESCAPE,    /* \{{ (and the backslashes before it) */
  VS_TEMPLATE_TOKEN_VARIABLE,  /* {{name}} */
  VS_TEMPLATE_TOKEN_SECTION,   /* {{#name}} */
  VS_TEMPLATE_TOKEN_INVERTED,  /* {{^name}} */
  VS_TEMPLATE_TOKEN_CLOSE,     /* {{/name}} */
  VS_TEMPLATE_TOKEN_COMMENT,   /* {{! … }} */
  VS_TEMPLATE_TOKEN_ERROR,     /* an unclosed "{{" (the rest is lexed as text) */
} VsTemplateTokenKind;

typedef struct
{
  VsTemplateTokenKind kind;
  gsize start;       /* byte range of the token in the source */
  gsize end;
  gsize name_start;  /* byte range of the name inside a tag; empty for text and comments */
  gsize name_end;
} VsTemplateToken;

/* VsTemplateText: one piece of template text, parsed once; immutable and reference counted,
 * so it can be rendered many times (and from several threads). Parsing never fails: syntax
 * problems are collected and reported by vs_template_text_get_problems() and by rendering. */
typedef struct _VsTemplateText VsTemplateText;

#define VS_TYPE_TEMPLATE_TEXT (vs_template_text_get_type ())
GType           vs_template_text_get_type       (void) G_GNUC_CONST;

VsTemplateText *vs_template_text_new            (const char      *source,
                                                 gssize           length);
VsTemplateText *vs_template_text_ref            (VsTemplateText  *self);
void            vs_template_text_unref          (VsTemplateText  *self);
const char     *vs_template_text_get_source     (VsTemplateText  *self);
/* Syntax problems (element type VsTemplateProblem, where = NULL); empty when it parses. */
GPtrArray      *vs_template_text_get_problems   (VsTemplateText  *self);
gboolean        vs_template_text_is_valid       (VsTemplateText  *self);
/* Tokens (element type VsTemplateToken) covering the source. */
GArray         *vs_template_text_get_tokens     (VsTemplateText  *self);

/* Renders with @context (usually an object; NULL means {}). Strict: any syntax problem or
 * unknown variable makes it return NULL with a VS_TEMPLATE_ERROR listing every problem. */
char           *vs_template_text_render         (VsTemplateText  *self,
                                                 JsonNode        *context,
                                                 GError         **error);
/* Never fails, for live previews: unknown variables render as nothing, broken tags as text.
 * Every problem (syntax and unknown variables, deduplicated) is appended to @problems when
 * it is not NULL. */
char           *vs_template_text_render_lenient (VsTemplateText  *self,
                                                 JsonNode        *context,
                                                 GPtrArray       *problems);
/* Variable discovery: the names a caller must supply, in order of first appearance. Top-level
 * mode: variables and section names used outside any section, dotted names by their first
 * segment. @full also lists the names used inside sections as "section.name" (inverted
 * sections do not change the context, so their contents count as outside). */
char          **vs_template_text_list_variables (VsTemplateText  *self,
                                                 gboolean         full);
/* For callers that merge several texts: appends the names not yet in @seen to @order (which
 * owns them: create it with g_free as free function) and adds them to @seen (a
 * g_str_hash/g_str_equal set without free functions). */
void            vs_template_text_collect_variables (VsTemplateText *self,
                                                    gboolean        full,
                                                    GPtrArray      *order,
                                                    GHashTable     *seen);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsTemplateText, vs_template_text_unref)

/* One-shot helpers. */
char           *vs_template_render_string       (const char      *source,
                                                 JsonObject      *variables,
                                                 GError         **error);
/* A JSON value as the template language prints it (see the top of this file). */
char           *vs_template_value_to_string     (JsonNode        *value);
/* Compact JSON with numbers in their shortest exact form. */
char           *vs_template_json_to_compact     (JsonNode        *value);
/* The same, or pretty-printed with two-space indents ("key": value) — the form template
 * files are written in, so that 0.1 stays 0.1 in a diff. */
char           *vs_template_json_to_string      (JsonNode        *value,
                                                 gboolean         pretty);
/* A double in its shortest form that reads back exactly: 42, 0.5, 1e+21, -1.5e-7. */
char           *vs_template_format_double       (double           value);

G_END_DECLS
