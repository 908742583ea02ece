/* vs-prices.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The `prices` table: one row per model, prices per million tokens. Plain SQL on the
 * project's main-thread connection — the table holds a handful of rows.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "vs-error.h"
#include "vs-json.h"
#include "vs-prices.h"
#include "vs-project-private.h"

#define MAX_MODEL_LENGTH 256

G_DEFINE_BOXED_TYPE (VsPrice, vs_price, vs_price_copy, vs_price_free)

VsPrice *
vs_price_new (const char *model,
              double      input_per_m,
              double      output_per_m,
              double      training_per_m)
{
  VsPrice *price = g_new0 (VsPrice, 1);

  price->model = g_strdup (model);
  price->input_per_m = input_per_m;
  price->output_per_m = output_per_m;
  price->training_per_m = training_per_m;
  price->batch_discount = VS_PRICE_DEFAULT_BATCH_DISCOUNT;
  return price;
}

VsPrice *
vs_price_copy (const VsPrice *price)
{
  VsPrice *copy;

  g_return_val_if_fail (price != NULL, NULL);

  copy = vs_price_new (price->model, price->input_per_m, price->output_per_m,
                       price->training_per_m);
  copy->batch_discount = price->batch_discount;
  copy->updated_at = g_strdup (price->updated_at);
  return copy;
}

void
vs_price_free (VsPrice *price)
{
  if (price == NULL)
    return;
  g_free (price->model);
  g_free (price->updated_at);
  g_free (price);
}

double
vs_price_cost (const VsPrice *price,
               gint64         input_tokens,
               gint64         output_tokens)
{
  g_return_val_if_fail (price != NULL, 0.0);

  return (MAX (input_tokens, 0) * price->input_per_m +
          MAX (output_tokens, 0) * price->output_per_m) / 1e6;
}

double
vs_price_batch_cost (const VsPrice *price,
                     gint64         input_tokens,
                     gint64         output_tokens)
{
  g_return_val_if_fail (price != NULL, 0.0);

  return vs_price_cost (price, input_tokens, output_tokens) *
         (1.0 - CLAMP (price->batch_discount, 0.0, 1.0));
}

double
vs_price_training_cost (const VsPrice *price,
                        gint64         trained_tokens)
{
  g_return_val_if_fail (price != NULL, 0.0);

  return MAX (trained_tokens, 0) * price->training_per_m / 1e6;
}

static VsPrice *
price_from_row (sqlite3_stmt *stmt)
{
  VsPrice *price = vs_price_new ((const char *) sqlite3_column_text (stmt, 0),
                                 sqlite3_column_double (stmt, 1),
                                 sqlite3_column_double (stmt, 2),
                                 sqlite3_column_double (stmt, 3));

  price->updated_at = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  price->batch_discount = sqlite3_column_double (stmt, 5);
  return price;
}

#define SELECT_COLUMNS "SELECT model, input_per_m, output_per_m, training_per_m, updated_at, " \
                       "batch_discount FROM prices "

GPtrArray *
vs_prices_list (VsProject  *project,
                GError    **error)
{
  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  return _vs_project_query_list (project, SELECT_COLUMNS "ORDER BY model COLLATE NOCASE, model",
                                 (VsRowFunc) price_from_row, (GDestroyNotify) vs_price_free,
                                 error);
}

/* One row matching @sql's single parameter, NULL when none; FALSE on a database error. */
static gboolean
select_one (VsProject   *project,
            const char  *sql,
            const char  *model,
            VsPrice    **out_price,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  *out_price = NULL;
  if (sqlite3_prepare_v2 (vs_project_get_db (project), sql, -1, &stmt, NULL) != SQLITE_OK)
    return vs_project_set_error_from_db (project, error);
  sqlite3_bind_text (stmt, 1, model, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_price = price_from_row (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return vs_project_set_error_from_db (project, error);
  return TRUE;
}

VsPrice *
vs_prices_get (VsProject   *project,
               const char  *model,
               GError     **error)
{
  VsPrice *price = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (model != NULL, NULL);

  if (!select_one (project, SELECT_COLUMNS "WHERE model = ?1", model, &price, error))
    return NULL;
  if (price == NULL)
    g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND, _("“%s” has no price in this project"),
                 model);
  return price;
}

typedef enum
{
  AMOUNT_INPUT,
  AMOUNT_OUTPUT,
  AMOUNT_TRAINING,
} Amount;

static gboolean
check_amount (const char  *model,
              Amount       what,
              double       value,
              GError     **error)
{
  if (isfinite (value) && value >= 0.0 && value <= VS_PRICE_MAX_PER_M)
    return TRUE;
  if (what == AMOUNT_INPUT)
    g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                 /* Translators: %s is a model name, %.0f the highest price allowed. */
                 _("the input price of “%s” must be a number from 0 to %.0f per million "
                   "tokens"), model, VS_PRICE_MAX_PER_M);
  else if (what == AMOUNT_OUTPUT)
    g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                 /* Translators: %s is a model name, %.0f the highest price allowed. */
                 _("the output price of “%s” must be a number from 0 to %.0f per million "
                   "tokens"), model, VS_PRICE_MAX_PER_M);
  else
    g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                 /* Translators: %s is a model name, %.0f the highest price allowed. */
                 _("the training price of “%s” must be a number from 0 to %.0f per million "
                   "tokens"), model, VS_PRICE_MAX_PER_M);
  return FALSE;
}

static gboolean
do_prices_set (VsProject      *project,
               const VsPrice  *price,
               GError        **error)
{
  g_autofree char *model = NULL;
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (price != NULL, FALSE);

  model = g_strstrip (g_strdup (price->model != NULL ? price->model : ""));
  if (*model == '\0')
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID, _("a price needs a model name"));
      return FALSE;
    }
  if (strlen (model) > MAX_MODEL_LENGTH || !g_utf8_validate (model, -1, NULL))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "a model name must be valid text of at most %d byte",
                                "a model name must be valid text of at most %d bytes",
                                MAX_MODEL_LENGTH),
                   MAX_MODEL_LENGTH);
      return FALSE;
    }
  if (!check_amount (model, AMOUNT_INPUT, price->input_per_m, error) ||
      !check_amount (model, AMOUNT_OUTPUT, price->output_per_m, error) ||
      !check_amount (model, AMOUNT_TRAINING, price->training_per_m, error))
    return FALSE;
  if (!(isfinite (price->batch_discount) && price->batch_discount >= 0.0 &&
        price->batch_discount <= 1.0))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   /* Translators: %s is a model name. */
                   _("the batch discount of “%s” must be a fraction from 0 to 1"), model);
      return FALSE;
    }

  now = vs_now_iso8601 ();
  if (sqlite3_prepare_v2 (vs_project_get_db (project),
                          "INSERT INTO prices (model, input_per_m, output_per_m, training_per_m, "
                          "updated_at, batch_discount) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                          "ON CONFLICT (model) DO UPDATE SET input_per_m = excluded.input_per_m, "
                          "output_per_m = excluded.output_per_m, "
                          "training_per_m = excluded.training_per_m, "
                          "updated_at = excluded.updated_at, "
                          "batch_discount = excluded.batch_discount",
                          -1, &stmt, NULL) != SQLITE_OK)
    return vs_project_set_error_from_db (project, error);
  sqlite3_bind_text (stmt, 1, model, -1, SQLITE_TRANSIENT);
  sqlite3_bind_double (stmt, 2, price->input_per_m);
  sqlite3_bind_double (stmt, 3, price->output_per_m);
  sqlite3_bind_double (stmt, 4, price->training_per_m);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_double (stmt, 6, price->batch_discount);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return vs_project_set_error_from_db (project, error);

  vs_project_emit_changed (project, "prices");
  return TRUE;
}

static gboolean
do_prices_delete (VsProject   *project,
                  const char  *model,
                  GError     **error)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (model != NULL, FALSE);

  db = vs_project_get_db (project);
  if (sqlite3_prepare_v2 (db, "DELETE FROM prices WHERE model = ?1", -1, &stmt, NULL) != SQLITE_OK)
    return vs_project_set_error_from_db (project, error);
  sqlite3_bind_text (stmt, 1, model, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return vs_project_set_error_from_db (project, error);
  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND, _("“%s” has no price in this project"),
                   model);
      return FALSE;
    }

  vs_project_emit_changed (project, "prices");
  return TRUE;
}

VsPrice *
vs_prices_lookup (VsProject  *project,
                  const char *model,
                  gboolean   *out_known)
{
  static const char *queries[] = {
    SELECT_COLUMNS "WHERE model = ?1",
    SELECT_COLUMNS "WHERE model = ?1 COLLATE NOCASE ORDER BY model LIMIT 1",
  };
  g_autofree char *untagged = NULL;
  VsPrice *price = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (model != NULL, NULL);

  if (out_known != NULL)
    *out_known = FALSE;

  if (g_str_has_suffix (model, ":latest"))
    untagged = g_strndup (model, strlen (model) - strlen (":latest"));

  for (guint i = 0; i < G_N_ELEMENTS (queries) * 2 && price == NULL; i++)
    {
      const char *name = i < G_N_ELEMENTS (queries) ? model : untagged;
      g_autoptr(GError) error = NULL;

      if (name == NULL)
        break;
      if (!select_one (project, queries[i % G_N_ELEMENTS (queries)], name, &price, &error))
        {
          /* A price is never worth failing a run for; the zero default stands. */
          g_debug ("could not look up the price of a model: %s", error->message);
          break;
        }
    }

  if (price != NULL)
    {
      if (out_known != NULL)
        *out_known = TRUE;
      return price;
    }
  return vs_price_new (model, 0.0, 0.0, 0.0);
}

typedef struct
{
  VsProject *project;
  const VsPrice *price;
} PricesSetCall;

static gboolean
prices_set_job (VsWriteContext  *ctx,
                gpointer         data,
                GError         **error)
{
  PricesSetCall *c = data;

  return do_prices_set (c->project, c->price, error);
}

gboolean
vs_prices_set (VsProject      *project,
               const VsPrice  *price,
               GError        **error)
{
  PricesSetCall c = { project, price };

  return _vs_project_write (project, prices_set_job, &c, error);
}

typedef struct
{
  VsProject *project;
  const char *model;
} PricesDeleteCall;

static gboolean
prices_delete_job (VsWriteContext  *ctx,
                   gpointer         data,
                   GError         **error)
{
  PricesDeleteCall *c = data;

  return do_prices_delete (c->project, c->model, error);
}

gboolean
vs_prices_delete (VsProject   *project,
                  const char  *model,
                  GError     **error)
{
  PricesDeleteCall c = { project, model };

  return _vs_project_write (project, prices_delete_job, &c, error);
}
