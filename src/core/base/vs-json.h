/* vs-json.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small json-glib helpers every core module needs: parse a string or file into an object with
 * an actionable error, serialise compactly, and ISO 8601 UTC timestamps for stored rows.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Whole numbers past the int64 range, outside strings, which json-glib 1.6 would wrap
 * (12345678901234567890 → -6101065172474983726): a copy of @text with each such literal
 * quoted, so its digits are kept exactly as text, and the byte offset of the first one in
 * @first; NULL when there is none. vs_json_parse() applies it. */
GString    *vs_json_quote_big_integers (const char *text,
                                    gsize        len,
                                    gssize      *first);
/* The byte offset of the first backslash escape inside a string that JSON does not allow
 * (anything but \" \\ \/ \b \f \n \r \t and \uXXXX, and unpaired surrogates), or -1.
 * json-glib 1.6 accepts such escapes and may return strings that are not UTF-8. */
gssize      vs_json_find_invalid_escape (const char *text,
                                    gsize        length);
/* Parses JSON text; invalid UTF-8, invalid escapes and syntax errors are VS_ERROR_INVALID
 * (with a UTF-8 message). */
JsonNode   *vs_json_parse          (const char  *text,
                                    gssize       length,
                                    GError     **error);
JsonObject *vs_json_parse_object   (const char  *text,
                                    gssize       length,
                                    GError     **error);
JsonNode   *vs_json_load_file      (const char  *path,
                                    GError     **error);
char       *vs_json_to_string      (JsonNode    *node,
                                    gboolean     pretty);
/* Appends @node as JSON (compact, or pretty with two-space indents). */
void        vs_json_append         (GString     *out,
                                    JsonNode    *node,
                                    gboolean     pretty);
/* A double in its shortest form that reads back exactly: 42, 0.5, 1e+21, -1.5e-7; "null"
 * for NaN and infinities. */
char       *vs_json_format_double  (double       value);
char       *vs_json_object_to_string (JsonObject *object,
                                    gboolean     pretty);
const char *vs_json_get_string     (JsonObject  *object,
                                    const char  *member,
                                    const char  *fallback);
/* Appends @text (@length bytes, or up to its NUL when -1) as a quoted JSON string: '"', '\\'
 * and C0 controls escaped (\n \r \t \b \f, else \u00XX); U+2028/U+2029 and all other
 * bytes, invalid UTF-8 included, copied as they are. NULL is the empty string. */
void        vs_json_append_escaped (GString    *out,
                                    const char *text,
                                    gssize      length);
/* @value truncated toward zero when it is a number inside the int64 range; FALSE (and @out
 * untouched) for NaN, infinities and values such as 1e30, where a C cast is undefined. */
gboolean    vs_json_double_to_int64 (double     value,
                                    gint64     *out);
/* The whole number @node holds (an int64, or a double as vs_json_double_to_int64()). */
gboolean    vs_json_node_get_int64 (JsonNode   *node,
                                    gint64     *out);
/* Deep copies: every object, array and value built anew, nothing shared with the original
 * (json_node_copy() shares them, with non-atomic reference counts), so the copy may go to
 * another thread while the original is edited. Big integers kept as text stay text. */
JsonNode   *vs_json_node_deep_copy (JsonNode   *node);
JsonObject *vs_json_object_deep_copy (JsonObject *object);
JsonArray  *vs_json_array_deep_copy (JsonArray *array);
char       *vs_now_iso8601         (void);

/* Appends @node compact, with every object's members sorted by name (strcmp) at every level:
 * the text of vs_json_canonical_string(), without the sorted copy. */
void        vs_json_append_canonical (GString  *out,
                                      JsonNode *node);

/* Appends @number as vs_json_to_string() writes a double. */
void        vs_json_append_double (GString *out,
                                   double   number);

/* A deep, sealed copy of @node as vs_json_parse (vs_json_to_string (node)) reads it (whole
 * doubles inside int64 become integers, non-finite ones null), without writing the text; NULL
 * where that text would not read back (a string that is not UTF-8). */
JsonNode   *vs_json_copy_as_read_back (JsonNode *node);

/* Skimming: a few members of a JSON text read without building its tree (a batch output line,
 * 100,000 of them). The wanted members are a tree of paths: each names a member (or, with a
 * NULL name, an array's first element), says which of @values receives it (-1: none) and lists
 * the wanted members below it. */
typedef enum
{
  VS_JSON_SKIM_ABSENT,
  VS_JSON_SKIM_NULL,
  VS_JSON_SKIM_BOOLEAN,
  VS_JSON_SKIM_INT,     /* a whole number within int64: @integer */
  VS_JSON_SKIM_DOUBLE,  /* any other number: @number */
  VS_JSON_SKIM_STRING,  /* decoded into @string */
  VS_JSON_SKIM_OBJECT,
  VS_JSON_SKIM_ARRAY,
} VsJsonSkimType;

typedef struct _VsJsonSkimPath VsJsonSkimPath;
struct _VsJsonSkimPath
{
  const char           *name;
  gint                  slot;
  const VsJsonSkimPath *children;
  guint                 n_children;
};

typedef struct
{
  VsJsonSkimType type;
  guint          count;    /* times the member was met: more than 1 is a repeated name */
  gint64         integer;
  double         number;
  GString       *string;   /* allocated on first use, kept between calls */
} VsJsonSkimValue;

/* Reads @text (UTF-8 checked) as strict JSON and fills @values from the members @root wants.
 * FALSE when this reader is not sure to read it as vs_json_parse() does (invalid JSON among
 * other things: a number past int64, a "\u0000", deep nesting…): ask vs_json_parse() then.
 * @buffer is scratch space, kept between calls. */
gboolean vs_json_skim              (const char           *text,
                                    gsize                 length,
                                    const VsJsonSkimPath *root,
                                    VsJsonSkimValue      *values,
                                    guint                 n_values,
                                    GString              *buffer);
void     vs_json_skim_values_clear (VsJsonSkimValue      *values,
                                    guint                 n_values);

G_END_DECLS
