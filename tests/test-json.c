/* test-json.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JSON writer every stored row goes through: numbers in their shortest exact form, and
 * always text that json-glib and SQLite's json_valid() read back to the same values.
 */
#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "vs-error.h"
#include "vs-json.h"

static void
assert_round_trip (double value)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  json_node_set_double (node, value);
  text = vs_json_to_string (node, FALSE);
  back = vs_json_parse (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (json_node_get_double (back), ==, value);

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT json_valid(?1)", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_numbers (void)
{
  const double values[] = { 0.1, 0.5, -1.5e-7, 1e20, -1e20, 9.999999999999998e19, 1e21,
                            1e300, 2.5e-300, 123456789012345680.0, 42.0, 9.2233720368547758e18 };
  g_autofree char *a = vs_json_format_double (0.1);
  g_autofree char *b = vs_json_format_double (42);
  g_autofree char *c = vs_json_format_double (NAN);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    assert_round_trip (values[i]);

  g_assert_cmpstr (a, ==, "0.1");
  g_assert_cmpstr (b, ==, "42");
  g_assert_cmpstr (c, ==, "null");
}

static void
test_documents (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = vs_json_parse ("{\"b\": [1, 2.5, \"x\\n\\\"y\\\"\"], \"a\": null,"
                                            " \"c\": {\"t\": true}}", -1, &error);
  g_autofree char *compact = NULL;
  g_autofree char *pretty = NULL;

  g_assert_no_error (error);
  compact = vs_json_to_string (node, FALSE);
  /* Member order as written. */
  g_assert_cmpstr (compact, ==, "{\"b\":[1,2.5,\"x\\n\\\"y\\\"\"],\"a\":null,\"c\":{\"t\":true}}");
  pretty = vs_json_to_string (node, TRUE);
  g_assert_cmpstr (pretty, ==,
                   "{\n  \"b\": [\n    1,\n    2.5,\n    \"x\\n\\\"y\\\"\"\n  ],\n"
                   "  \"a\": null,\n  \"c\": {\n    \"t\": true\n  }\n}");

  /* Whole numbers json-glib would wrap keep their digits; the int64 limits stay numbers. */
  {
    g_autoptr(JsonObject) big = vs_json_parse_object ("{\"id\": 12345678901234567890,"
                                                      " \"min\": -9223372036854775808}",
                                                      -1, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (big, "id"), ==, "12345678901234567890");
    g_assert_cmpint (json_object_get_int_member (big, "min"), ==, G_MININT64);
  }

  /* Not UTF-8, not JSON, not an object: clear errors. */
  g_assert_null (vs_json_parse ("\"\xff\"", -1, &error));
  g_assert_nonnull (strstr (error->message, "byte 1"));
  g_clear_error (&error);
  g_assert_null (vs_json_parse_object ("[1]", -1, &error));
  g_assert_nonnull (error);
}

static void
test_deep_copy (void)
{
  /* Nested objects and arrays, a big integer kept as text, every scalar kind. */
  g_autoptr(JsonNode) parsed =
    vs_json_parse ("{\"id\": 12345678901234567890, \"o\": {\"a\": [1, {\"b\": \"c\"}, 2.5]},"
                   " \"l\": [[true, null], \"s\"], \"n\": -7}", -1, NULL);
  /* Parsed nodes are sealed; a deep copy is not, so it can be edited. */
  g_autoptr(JsonNode) original = vs_json_node_deep_copy (parsed);
  g_autoptr(JsonNode) copy = vs_json_node_deep_copy (original);
  g_autofree char *before = vs_json_to_string (original, FALSE);
  g_autofree char *copied = NULL;
  g_autofree char *after = NULL;
  JsonObject *o = json_node_get_object (original);
  JsonObject *c = json_node_get_object (copy);
  JsonObject *inner;
  JsonArray *array;

  g_assert_true (json_node_is_immutable (parsed));
  g_assert_false (json_node_is_immutable (original));
  g_assert_nonnull (copy);
  copied = vs_json_to_string (copy, FALSE);
  g_assert_cmpstr (copied, ==, before);
  g_assert_cmpstr (copied, ==,
                   "{\"id\":\"12345678901234567890\",\"o\":{\"a\":[1,{\"b\":\"c\"},2.5]},"
                   "\"l\":[[true,null],\"s\"],\"n\":-7}");

  /* Nothing is shared: not the containers, not the values. */
  g_assert_true (c != o);
  g_assert_true (json_object_get_object_member (c, "o") != json_object_get_object_member (o, "o"));
  g_assert_true (json_object_get_member (c, "n") != json_object_get_member (o, "n"));

  /* Edit the original everywhere, at every depth. */
  json_object_set_string_member (o, "id", "1");
  inner = json_object_get_object_member (o, "o");
  array = json_object_get_array_member (inner, "a");
  json_object_set_string_member (json_array_get_object_element (array, 1), "b", "changed");
  json_array_add_int_element (array, 99);
  json_array_remove_element (json_array_get_array_element (json_object_get_array_member (o, "l"),
                                                           0), 0);
  json_object_remove_member (o, "n");
  json_object_set_boolean_member (o, "new", TRUE);
  json_node_set_int (json_array_get_element (array, 0), 42);

  after = vs_json_to_string (copy, FALSE);
  g_assert_cmpstr (after, ==, copied);
  g_assert_cmpstr (json_object_get_string_member (c, "id"), ==, "12345678901234567890");

  /* And the other way: editing the copy leaves the original alone. */
  {
    g_autofree char *original_text = vs_json_to_string (original, FALSE);
    g_autofree char *original_again = NULL;

    json_object_set_int_member (json_object_get_object_member (c, "o"), "x", 1);
    original_again = vs_json_to_string (original, FALSE);
    g_assert_cmpstr (original_again, ==, original_text);
  }

  /* The object and array forms, and NULL. */
  {
    g_autoptr(JsonObject) object_copy = vs_json_object_deep_copy (c);
    g_autoptr(JsonArray) array_copy = vs_json_array_deep_copy (array);

    g_assert_cmpuint (json_object_get_size (object_copy), ==, json_object_get_size (c));
    g_assert_cmpuint (json_array_get_length (array_copy), ==, 4);
    g_assert_cmpint (json_array_get_int_element (array_copy, 3), ==, 99);
    g_assert_null (vs_json_node_deep_copy (NULL));
  }
}

static char *
escaped (const char *text,
         gssize      length)
{
  GString *out = g_string_new (NULL);

  vs_json_append_escaped (out, text, length);
  return g_string_free (out, FALSE);
}

static void
test_escape (void)
{
  struct { const char *in; gssize len; const char *out; } cases[] = {
    { "", -1, "\"\"" },
    { NULL, -1, "\"\"" },
    { "plain text", -1, "\"plain text\"" },
    { "q\"b\\", -1, "\"q\\\"b\\\\\"" },
    { "\n\r\t\b\f", -1, "\"\\n\\r\\t\\b\\f\"" },
    /* Other C0 controls as \u00XX, lower-case hex; DEL is not a JSON control. */
    { "\x01\x1f\x7f", -1, "\"\\u0001\\u001f\x7f\"" },
    /* An explicit length: a NUL inside is escaped, bytes past the length are not read. */
    { "a\0b", 3, "\"a\\u0000b\"" },
    { "abc", 2, "\"ab\"" },
    /* Slash, non-ASCII and U+2028/U+2029 stay as they are (valid JSON). */
    { "a/b é 😀 \xe2\x80\xa8\xe2\x80\xa9", -1, "\"a/b é 😀 \xe2\x80\xa8\xe2\x80\xa9\"" },
    /* Invalid UTF-8 is copied through, as the writer always did; vs_json_parse() rejects it. */
    { "\xff\xc3", -1, "\"\xff\xc3\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = escaped (cases[i].in, cases[i].len);

      g_assert_cmpstr (out, ==, cases[i].out);
    }

  /* Every control character round-trips through json-glib, and the writer uses the same. */
  {
    char all[32];
    g_autofree char *text = NULL;
    g_autoptr(JsonNode) back = NULL;
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
    g_autofree char *written = NULL;

    for (guint i = 1; i < 32; i++)
      all[i - 1] = (char) i;
    all[31] = '\0';
    text = escaped (all, -1);
    back = vs_json_parse (text, -1, NULL);
    g_assert_nonnull (back);
    g_assert_cmpstr (json_node_get_string (back), ==, all);
    json_node_set_string (node, all);
    written = vs_json_to_string (node, FALSE);
    g_assert_cmpstr (written, ==, text);
  }
}

static void
test_double_to_int64 (void)
{
  gint64 v = 7;
  g_autoptr(JsonNode) big = vs_json_parse ("1e30", -1, NULL);
  g_autoptr(JsonNode) fine = vs_json_parse ("12.9", -1, NULL);
  g_autoptr(JsonNode) text = vs_json_parse ("\"12\"", -1, NULL);

  g_assert_true (vs_json_double_to_int64 (-2.9, &v));
  g_assert_cmpint (v, ==, -2);
  g_assert_true (vs_json_double_to_int64 (-9223372036854775808.0, &v));
  g_assert_cmpint (v, ==, G_MININT64);
  v = 7;
  g_assert_false (vs_json_double_to_int64 (9223372036854775808.0, &v));
  g_assert_false (vs_json_double_to_int64 (1e30, &v));
  g_assert_false (vs_json_double_to_int64 (-1e30, &v));
  g_assert_false (vs_json_double_to_int64 (NAN, &v));
  g_assert_false (vs_json_double_to_int64 (INFINITY, &v));
  g_assert_cmpint (v, ==, 7);

  g_assert_false (vs_json_node_get_int64 (big, &v));
  g_assert_true (vs_json_node_get_int64 (fine, &v));
  g_assert_cmpint (v, ==, 12);
  g_assert_false (vs_json_node_get_int64 (text, &v));
  g_assert_false (vs_json_node_get_int64 (NULL, &v));
}

static void
test_invalid_escapes (void)
{
  /* json-glib 1.6 reads these; none is JSON, and the first two would give strings that are
   * not UTF-8 (found by the dataset-reader fuzz target: "\666" became the byte 0xb6). */
  const char *bad[] = { "[\"\\666\"]", "[\"\\udc00x\"]", "[\"\\ud800\"]", "[\"\\ud83dx\"]",
                        "[\"\\x41\"]", "[\"\\q\"]", "[\"\\0\"]", "[\"\\u12\"]", "\"\\" };
  const char *good[] = { "[\"a\\\\\\\"b\\/\"]", "{\"\\ud83d\\ude00\":\"\\n\\t\\b\\f\\r\"}",
                         "[\"\\u00e9\", \"\\\\666\"]", "[\"x\"] " };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = vs_json_parse (bad[i], -1, &error);

      g_assert_null (node);
      g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_true (vs_json_find_invalid_escape (bad[i], strlen (bad[i])) >= 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = vs_json_parse (good[i], -1, &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      text = vs_json_to_string (node, FALSE);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_cmpint (vs_json_find_invalid_escape (good[i], strlen (good[i])), ==, -1);
    }
  g_assert_cmpint (vs_json_find_invalid_escape ("{\"a\": \"\\q\"}", 11), ==, 7);
}

/* The same tree (types included) as json-glib's own reading. */
static void
assert_same_tree (JsonNode   *a,
                  JsonNode   *b,
                  const char *text)
{
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    g_error ("%s: node types differ", text);
  switch (JSON_NODE_TYPE (a))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *x = json_node_get_object (a), *y = json_node_get_object (b);
        g_autoptr(GList) names_x = json_object_get_members (x);
        g_autoptr(GList) names_y = json_object_get_members (y);

        g_assert_cmpuint (g_list_length (names_x), ==, g_list_length (names_y));
        for (GList *l = names_x, *m = names_y; l != NULL; l = l->next, m = m->next)
          {
            g_assert_cmpstr (l->data, ==, m->data);
            assert_same_tree (json_object_get_member (x, l->data),
                              json_object_get_member (y, m->data), text);
          }
        g_assert_true (json_object_is_immutable (x));
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *x = json_node_get_array (a), *y = json_node_get_array (b);

        g_assert_cmpuint (json_array_get_length (x), ==, json_array_get_length (y));
        for (guint i = 0; i < json_array_get_length (x); i++)
          assert_same_tree (json_array_get_element (x, i), json_array_get_element (y, i), text);
        g_assert_true (json_array_is_immutable (x));
      }
      break;
    case JSON_NODE_VALUE:
      g_assert_cmpint (json_node_get_value_type (a), ==, json_node_get_value_type (b));
      if (json_node_get_value_type (a) == G_TYPE_STRING)
        g_assert_cmpstr (json_node_get_string (a), ==, json_node_get_string (b));
      else if (json_node_get_value_type (a) == G_TYPE_INT64)
        g_assert_cmpint (json_node_get_int (a), ==, json_node_get_int (b));
      else if (json_node_get_value_type (a) == G_TYPE_DOUBLE)
        g_assert_cmpmem (&(double) { json_node_get_double (a) }, sizeof (double),
                         &(double) { json_node_get_double (b) }, sizeof (double));
      else
        g_assert_cmpint (json_node_get_boolean (a), ==, json_node_get_boolean (b));
      break;
    case JSON_NODE_NULL:
      break;
    }
  g_assert_true (json_node_is_immutable (a));
}

/* vs_json_parse() reads strict JSON itself and leaves the rest to json-glib: whatever it reads
 * must be what json-glib reads, and what it does not read must still come back (or fail) as
 * json-glib has it. */
static void
test_parse_as_json_glib (void)
{
  static const char * const texts[] = {
    "{}",
    "[]",
    " { } ",
    "[ ]",
    "0",
    "-0",
    "1",
    "-1",
    "123456789",
    "9223372036854775807",
    "-9223372036854775808",
    "0.5",
    "-0.0",
    "1e5",
    "1E-5",
    "2.5e+3",
    "3.14159265358979",
    "1.7976931348623157e308",
    "5e-324",
    "true",
    "false",
    "null",
    "\"\"",
    "\"a\"",
    "\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t\"",
    "\"héllo ✓ 😀\"",
    "{\"a\": 1, \"b\": [true, false, null, 1.5, \"x\"], \"c\": {\"d\": {}}}",
    "{\"a\": 1, \"a\": 2, \"b\": 3}",
    "[[[[[[[[[[1]]]]]]]]]]",
    "{\"\": \"\"}",
    "\n\t{\"k\" :\r\n [ 1 , 2 ]\t}\n",
    "{\"custom_id\": \"versus-1-2-3-0\", \"response\": {\"status_code\": 200, \"body\": "
    "{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"Hi\"}}], "
    "\"usage\": {\"prompt_tokens\": 31}}}, \"error\": null}",
    /* Left to json-glib. */
    "12345678901234567890",
    "-12345678901234567890",
    "01",
    "[1,]",
    "{\"a\":1,}",
    "",
    "   ",
    "{",
    "[1 2]",
    "\"\\u0000\"",
    "nul",
    "tru",
    "1.",
    ".5",
    "-",
    "+1",
    "1e",
    "[] x",
    "\"a\tb\"",
    "'a'",
    "{a: 1}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) ours = vs_json_parse (texts[i], -1, &error);
      g_autoptr(GString) quoted = NULL;
      gssize   first;
      gboolean theirs_ok;

      quoted = vs_json_quote_big_integers (texts[i], strlen (texts[i]), &first);
      theirs_ok = vs_json_find_invalid_escape (texts[i], strlen (texts[i])) < 0 &&
                  json_parser_load_from_data (parser, quoted ? quoted->str : texts[i], -1, NULL) &&
                  json_parser_get_root (parser) != NULL;
      if (!theirs_ok)
        {
          g_assert_null (ours);
          g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
          continue;
        }
      g_assert_no_error (error);
      g_assert_nonnull (ours);
      assert_same_tree (ours, json_parser_get_root (parser), texts[i]);
    }
}

/* A copy as the text would read back: the tree vs_json_parse() gives for vs_json_to_string(). */
static void
test_copy_as_read_back (void)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) copy = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autofree char    *text = NULL;
  static const double doubles[] = { 0.0, -0.0, 2.0, -3.0, 0.1, 1e300, 1.5e-300, 9.2e18, 9.3e18,
                                    -9.2233720368547758e18, 1e21, 1e22, 123456789.0, 1.0 / 3.0 };

  for (gsize i = 0; i < G_N_ELEMENTS (doubles); i++)
    json_array_add_double_element (array, doubles[i]);
  json_array_add_int_element (array, G_MININT64);
  json_array_add_int_element (array, 16);
  json_array_add_boolean_element (array, TRUE);
  json_array_add_null_element (array);
  json_array_add_string_element (array, "caf\u00e9 \"q\"\n\x01 \\");
  json_object_set_array_member (object, "values", json_array_ref (array));
  json_object_set_double_member (object, "temperature", 0);
  json_object_set_object_member (object, "nested", json_object_new ());
  json_object_set_string_member (object, "\u00e9t\u00e9", "");
  node = json_node_init_object (json_node_alloc (), object);

  copy = vs_json_copy_as_read_back (node);
  text = vs_json_to_string (node, FALSE);
  back = vs_json_parse (text, -1, NULL);
  g_assert_nonnull (copy);
  g_assert_nonnull (back);
  assert_same_tree (copy, back, text);
  assert_same_tree (back, copy, text);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/versus/json/numbers", test_numbers);
  g_test_add_func ("/versus/json/documents", test_documents);
  g_test_add_func ("/versus/json/deep-copy", test_deep_copy);
  g_test_add_func ("/versus/json/escape", test_escape);
  g_test_add_func ("/versus/json/double-to-int64", test_double_to_int64);
  g_test_add_func ("/versus/json/invalid-escapes", test_invalid_escapes);
  g_test_add_func ("/versus/json/parse-as-json-glib", test_parse_as_json_glib);
  g_test_add_func ("/versus/json/copy-as-read-back", test_copy_as_read_back);

  return g_test_run ();
}
