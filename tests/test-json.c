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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/versus/json/numbers", test_numbers);
  g_test_add_func ("/versus/json/documents", test_documents);

  return g_test_run ();
}
