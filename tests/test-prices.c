/* test-prices.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The price table: set, replace, list in order, delete, refuse bad input, look up with the
 * zero default for local models, survive a reopen, and compute costs.
 */
#include "config.h"

#include <math.h>

#include "vs-error.h"
#include "vs-prices.h"
#include "vs-test-util.h"

typedef VsTestProject Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  vs_test_project_set_up (f, "prices.versus", "prices");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->project);
  vs_test_tmpdir_free (f->dir);
  g_free (f->path);
}

static void
set_price (Fixture    *f,
           const char *model,
           double      in,
           double      out,
           double      training)
{
  g_autoptr(VsPrice) price = vs_price_new (model, in, out, training);
  g_autoptr(GError) error = NULL;

  g_assert_true (vs_prices_set (f->project, price, &error));
  g_assert_no_error (error);
}

static void
test_set_list_delete (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) prices = NULL;
  g_autoptr(VsPrice) got = NULL;
  g_autoptr(GError) error = NULL;

  prices = vs_prices_list (f->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (prices->len, ==, 0);
  g_clear_pointer (&prices, g_ptr_array_unref);

  set_price (f, "gpt-4o-mini", 0.15, 0.60, 3.00);
  set_price (f, "Claude", 3.0, 15.0, 0.0);
  set_price (f, "  amber  ", 1.0, 2.0, 0.0); /* trimmed */
  g_assert_cmpuint (f->n_changed, ==, 3);

  prices = vs_prices_list (f->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (prices->len, ==, 3);
  g_assert_cmpstr (((VsPrice *) prices->pdata[0])->model, ==, "amber");
  g_assert_cmpstr (((VsPrice *) prices->pdata[1])->model, ==, "Claude");
  g_assert_cmpstr (((VsPrice *) prices->pdata[2])->model, ==, "gpt-4o-mini");
  g_assert_nonnull (((VsPrice *) prices->pdata[2])->updated_at);

  /* Setting again replaces. */
  set_price (f, "gpt-4o-mini", 0.20, 0.80, 4.00);
  got = vs_prices_get (f->project, "gpt-4o-mini", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (got->input_per_m, 0.20, 1e-12);
  g_assert_cmpfloat_with_epsilon (got->output_per_m, 0.80, 1e-12);
  g_assert_cmpfloat_with_epsilon (got->training_per_m, 4.00, 1e-12);
  g_clear_pointer (&got, vs_price_free);
  g_assert_cmpint (vs_project_count (f->project, "prices"), ==, 3);

  g_assert_true (vs_prices_delete (f->project, "Claude", &error));
  g_assert_no_error (error);
  g_assert_false (vs_prices_delete (f->project, "Claude", &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (vs_prices_get (f->project, "Claude", &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_NOT_FOUND);
  g_assert_cmpint (vs_project_count (f->project, "prices"), ==, 2);
}

static void
test_invalid (Fixture       *f,
              gconstpointer  data)
{
  struct { const char *model; double in, out, training; } bad[] = {
    { "", 1, 1, 1 },
    { "   ", 1, 1, 1 },
    { "m", -0.01, 1, 1 },
    { "m", 1, NAN, 1 },
    { "m", 1, 1, INFINITY },
    { "m", VS_PRICE_MAX_PER_M * 2, 1, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(VsPrice) price = vs_price_new (bad[i].model, bad[i].in, bad[i].out,
                                               bad[i].training);
      g_autoptr(GError) error = NULL;

      g_assert_false (vs_prices_set (f->project, price, &error));
      g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
    }
  {
    g_autoptr(VsPrice) price = vs_price_new (NULL, 1, 1, 1);
    g_autoptr(GError) error = NULL;

    g_assert_false (vs_prices_set (f->project, price, &error));
    g_assert_error (error, VS_ERROR, VS_ERROR_INVALID);
  }
  g_assert_cmpint (vs_project_count (f->project, "prices"), ==, 0);
  g_assert_cmpuint (f->n_changed, ==, 0);
}

static void
test_lookup (Fixture       *f,
             gconstpointer  data)
{
  gboolean known = TRUE;
  g_autoptr(VsPrice) local = NULL;
  g_autoptr(VsPrice) exact = NULL;
  g_autoptr(VsPrice) other_case = NULL;
  g_autoptr(VsPrice) tagged = NULL;
  g_autoptr(VsPrice) other_tag = NULL;

  set_price (f, "gpt-4o-mini", 0.15, 0.60, 3.00);
  set_price (f, "llama3.2", 0.01, 0.02, 0.0);

  local = vs_prices_lookup (f->project, "qwen2.5:7b", &known);
  g_assert_false (known);
  g_assert_cmpstr (local->model, ==, "qwen2.5:7b");
  g_assert_cmpfloat (local->input_per_m, ==, 0.0);
  g_assert_cmpfloat (local->output_per_m, ==, 0.0);
  g_assert_cmpfloat (local->training_per_m, ==, 0.0);
  g_assert_null (local->updated_at);
  g_assert_cmpfloat (vs_price_cost (local, 1000000, 1000000), ==, 0.0);

  exact = vs_prices_lookup (f->project, "gpt-4o-mini", &known);
  g_assert_true (known);
  g_assert_cmpfloat_with_epsilon (exact->output_per_m, 0.60, 1e-12);

  other_case = vs_prices_lookup (f->project, "GPT-4o-Mini", &known);
  g_assert_true (known);
  g_assert_cmpstr (other_case->model, ==, "gpt-4o-mini");

  tagged = vs_prices_lookup (f->project, "llama3.2:latest", &known);
  g_assert_true (known);
  g_assert_cmpstr (tagged->model, ==, "llama3.2");

  /* Another tag is another model. */
  other_tag = vs_prices_lookup (f->project, "llama3.2:1b", &known);
  g_assert_false (known);

  /* NULL out_known is fine. */
  g_clear_pointer (&local, vs_price_free);
  local = vs_prices_lookup (f->project, "x", NULL);
  g_assert_nonnull (local);
}

static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsProject) again = NULL;
  g_autoptr(VsPrice) price = NULL;

  set_price (f, "ft:gpt-4o-mini:acme::abc", 0.30, 1.20, 0.0);
  g_clear_object (&f->project);

  again = vs_project_open (f->path, VS_PROJECT_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  price = vs_prices_get (again, "ft:gpt-4o-mini:acme::abc", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (price->input_per_m, 0.30, 1e-12);
  g_assert_cmpfloat_with_epsilon (price->output_per_m, 1.20, 1e-12);
  f->project = g_steal_pointer (&again);
}

static void
test_cost (void)
{
  g_autoptr(VsPrice) price = vs_price_new ("m", 2.5, 10.0, 25.0);
  g_autoptr(VsPrice) copy = vs_price_copy (price);

  g_assert_cmpfloat_with_epsilon (vs_price_cost (price, 1000, 500), 0.0075, 1e-12);
  g_assert_cmpfloat_with_epsilon (vs_price_cost (price, -5, 0), 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (vs_price_training_cost (price, 2000000), 50.0, 1e-9);
  g_assert_cmpstr (copy->model, ==, "m");
  g_assert_cmpfloat (copy->training_per_m, ==, 25.0);
  g_assert_true (G_TYPE_IS_BOXED (VS_TYPE_PRICE));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/versus/prices/set-list-delete", Fixture, NULL, fixture_setup,
              test_set_list_delete, fixture_teardown);
  g_test_add ("/versus/prices/invalid", Fixture, NULL, fixture_setup, test_invalid,
              fixture_teardown);
  g_test_add ("/versus/prices/lookup", Fixture, NULL, fixture_setup, test_lookup,
              fixture_teardown);
  g_test_add ("/versus/prices/reopen", Fixture, NULL, fixture_setup, test_reopen,
              fixture_teardown);
  g_test_add_func ("/versus/prices/cost", test_cost);

  return g_test_run ();
}
