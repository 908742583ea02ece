/* vs-secrets.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libsecret with an in-memory fallback. The fallback is process-wide state on purpose: it is
 * the "session" the UI promises when no Secret Service runs.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "vs-secrets.h"

static const SecretSchema *
api_key_schema (void)
{
  static const SecretSchema schema = {
    VS_SECRETS_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "endpoint", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

static GMutex memory_lock;
static GHashTable *memory_keys; /* "uuid\nhost" → key */
static gint keyring_missing = -1; /* -1 unknown, 0 works, 1 missing */

static gboolean
force_memory (void)
{
  return g_strcmp0 (g_getenv ("VERSUS_SECRETS"), "memory") == 0;
}

/* Errors that mean "there is no Secret Service", as opposed to "it said no". */
static gboolean
is_no_service (const GError *error)
{
  return error->domain == G_DBUS_ERROR || error->domain == G_IO_ERROR ||
         g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT);
}

static char *
memory_id (VsEndpoint *endpoint)
{
  g_autofree char *host = vs_endpoint_dup_host (endpoint);

  return g_strconcat (vs_endpoint_get_uuid (endpoint), "\n", host, NULL);
}

static void
memory_store (VsEndpoint *endpoint,
              const char *key)
{
  g_mutex_lock (&memory_lock);
  if (memory_keys == NULL)
    memory_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (key != NULL && *key != '\0')
    g_hash_table_insert (memory_keys, memory_id (endpoint), g_strdup (key));
  else
    {
      g_autofree char *id = memory_id (endpoint);
      g_hash_table_remove (memory_keys, id);
    }
  g_mutex_unlock (&memory_lock);
}

static char *
memory_lookup (VsEndpoint *endpoint)
{
  g_autofree char *id = memory_id (endpoint);
  char *key = NULL;

  g_mutex_lock (&memory_lock);
  if (memory_keys != NULL)
    key = g_strdup (g_hash_table_lookup (memory_keys, id));
  g_mutex_unlock (&memory_lock);
  return key;
}

gboolean
vs_secrets_have_keyring (void)
{
  return !force_memory () && g_atomic_int_get (&keyring_missing) != 1;
}

gboolean
vs_secrets_store_sync (VsEndpoint      *endpoint,
                       const char      *key,
                       VsSecretsStore  *out_store,
                       GCancellable    *cancellable,
                       GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *label = NULL;
  gboolean ok;

  g_return_val_if_fail (VS_IS_ENDPOINT (endpoint), FALSE);

  if (out_store != NULL)
    *out_store = VS_SECRETS_STORE_SESSION;
  if (!vs_secrets_have_keyring ())
    {
      memory_store (endpoint, key);
      return TRUE;
    }

  host = vs_endpoint_dup_host (endpoint);
  if (key != NULL && *key != '\0')
    {
      /* Translators: the label of the key in the keyring (Passwords and Keys); %s is the
       * endpoint's host name. */
      label = g_strdup_printf (_("Versus API key for %s"), host);
      ok = secret_password_store_sync (api_key_schema (), SECRET_COLLECTION_DEFAULT, label, key,
                                       cancellable, &local_error,
                                       "endpoint", vs_endpoint_get_uuid (endpoint),
                                       "host", host, NULL);
    }
  else
    {
      ok = secret_password_clear_sync (api_key_schema (), cancellable, &local_error,
                                       "endpoint", vs_endpoint_get_uuid (endpoint),
                                       "host", host, NULL);
      if (local_error == NULL)
        ok = TRUE;
    }
  if (ok)
    {
      /* The keyring has it: no second copy in memory. */
      memory_store (endpoint, NULL);
      g_atomic_int_set (&keyring_missing, 0);
      if (out_store != NULL)
        *out_store = VS_SECRETS_STORE_KEYRING;
      return TRUE;
    }
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (is_no_service (local_error))
    {
      g_debug ("no Secret Service (%s); keeping the key for this session only",
               local_error->message);
      g_atomic_int_set (&keyring_missing, 1);
      memory_store (endpoint, key);
      return TRUE;
    }
  g_set_error (error, local_error->domain, local_error->code,
               /* Translators: the first %s is a host name, the second the keyring's reason. */
               _("the keyring refused to store the key for %s: %s"), host,
               local_error->message);
  return FALSE;
}

char *
vs_secrets_lookup_sync (VsEndpoint    *endpoint,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *host = NULL;
  char *key;

  g_return_val_if_fail (VS_IS_ENDPOINT (endpoint), NULL);

  key = memory_lookup (endpoint);
  if (key != NULL || !vs_secrets_have_keyring ())
    return key;

  host = vs_endpoint_dup_host (endpoint);
  key = secret_password_lookup_sync (api_key_schema (), cancellable, &local_error,
                                     "endpoint", vs_endpoint_get_uuid (endpoint),
                                     "host", host, NULL);
  if (key != NULL)
    {
      char *copy = g_strdup (key);
      secret_password_free (key);
      g_atomic_int_set (&keyring_missing, 0);
      return copy;
    }
  if (local_error == NULL)
    return NULL;
  if (is_no_service (local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_atomic_int_set (&keyring_missing, 1);
      return NULL;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

static void
store_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  VsEndpoint *endpoint = g_object_get_data (G_OBJECT (task), "endpoint");
  GError *error = NULL;
  VsSecretsStore store;

  if (vs_secrets_store_sync (endpoint, data, &store, cancellable, &error))
    g_task_return_int (task, store);
  else
    g_task_return_error (task, error);
}

static void
free_key (gpointer key)
{
  if (key != NULL)
    memset (key, 0, strlen (key));
  g_free (key);
}

void
vs_secrets_store_async (VsEndpoint          *endpoint,
                        const char          *key,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VS_IS_ENDPOINT (endpoint));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_secrets_store_async);
  g_object_set_data_full (G_OBJECT (task), "endpoint", vs_endpoint_copy (endpoint),
                          g_object_unref);
  g_task_set_task_data (task, g_strdup (key), free_key);
  g_task_run_in_thread (task, store_thread);
}

gboolean
vs_secrets_store_finish (GAsyncResult    *result,
                         VsSecretsStore  *out_store,
                         GError         **error)
{
  gssize store;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  store = g_task_propagate_int (G_TASK (result), error);
  if (store < 0)
    return FALSE;
  if (out_store != NULL)
    *out_store = (VsSecretsStore) store;
  return TRUE;
}

static void
lookup_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  char *key = vs_secrets_lookup_sync (data, cancellable, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, key, free_key);
}

void
vs_secrets_lookup_async (VsEndpoint          *endpoint,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VS_IS_ENDPOINT (endpoint));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_secrets_lookup_async);
  g_task_set_task_data (task, vs_endpoint_copy (endpoint), g_object_unref);
  g_task_run_in_thread (task, lookup_thread);
}

char *
vs_secrets_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
vs_secrets_key_from_env (VsEndpointKind kind)
{
  const char *key = g_getenv ("VERSUS_API_KEY");

  if (key != NULL && *key != '\0')
    return g_strdup (key);
  if (kind == VS_ENDPOINT_KIND_OPENAI)
    {
      key = g_getenv ("OPENAI_API_KEY");
      if (key != NULL && *key != '\0')
        return g_strdup (key);
    }
  return NULL;
}
