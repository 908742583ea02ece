/* vs-engine-registry.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A table from endpoint key to (fingerprint, engine). A get whose endpoint's fingerprint
 * differs replaces the entry; the old engine lives on in the calls that hold it. See the
 * header for the ownership and key rules.
 */
#include "config.h"

#include <string.h>

#include "vs-engine-registry.h"
#include "vs-json.h"
#include "vs-secrets.h"

struct _VsEngineRegistry
{
  GObject     parent_instance;

  VsProject  *project;   /* weak */
  GHashTable *entries;   /* key → Entry */
};

typedef struct
{
  char            *fingerprint;
  VsRequestEngine *engine;
} Entry;

G_DEFINE_FINAL_TYPE (VsEngineRegistry, vs_engine_registry, G_TYPE_OBJECT)

static void
entry_free (Entry *entry)
{
  g_free (entry->fingerprint);
  g_clear_object (&entry->engine);
  g_free (entry);
}

static void
vs_engine_registry_finalize (GObject *object)
{
  VsEngineRegistry *self = VS_ENGINE_REGISTRY (object);

  if (self->project != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->project), (gpointer *) &self->project);
  g_clear_pointer (&self->entries, g_hash_table_unref);

  G_OBJECT_CLASS (vs_engine_registry_parent_class)->finalize (object);
}

static void
vs_engine_registry_class_init (VsEngineRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vs_engine_registry_finalize;
}

static void
vs_engine_registry_init (VsEngineRegistry *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) entry_free);
}

VsEngineRegistry *
vs_engine_registry_new (VsProject *project)
{
  VsEngineRegistry *self;

  g_return_val_if_fail (project == NULL || VS_IS_PROJECT (project), NULL);

  self = g_object_new (VS_TYPE_ENGINE_REGISTRY, NULL);
  if (project != NULL)
    {
      self->project = project;
      g_object_add_weak_pointer (G_OBJECT (project), (gpointer *) &self->project);
    }
  return self;
}

VsEngineRegistry *
vs_engine_registry_get_default (void)
{
  static VsEngineRegistry *registry;

  if (registry == NULL)
    registry = vs_engine_registry_new (NULL);
  return registry;
}

VsEngineRegistry *
vs_engine_registry_get_for_project (VsProject *project)
{
  VsEngineRegistry *registry;

  g_return_val_if_fail (project == NULL || VS_IS_PROJECT (project), NULL);

  if (project == NULL)
    return vs_engine_registry_get_default ();
  registry = g_object_get_data (G_OBJECT (project), "vs-engine-registry");
  if (registry == NULL)
    {
      registry = vs_engine_registry_new (project);
      g_object_set_data_full (G_OBJECT (project), "vs-engine-registry", registry,
                              g_object_unref);
    }
  return registry;
}

char *
vs_engine_registry_dup_key (VsEndpoint *endpoint)
{
  g_return_val_if_fail (VS_IS_ENDPOINT (endpoint), NULL);

  if (vs_endpoint_get_id (endpoint) > 0)
    return g_strdup_printf ("id:%" G_GINT64_FORMAT, vs_endpoint_get_id (endpoint));
  return g_strdup_printf ("%s %s", vs_endpoint_kind_to_string (vs_endpoint_get_kind (endpoint)),
                          vs_endpoint_get_base_url (endpoint));
}

/* Everything the engine copies from the endpoint at construction, and the key's hash (the key
 * itself stays only in the engine). The name and default model are left out: the engine reads
 * the default model per request from the request, and a rename changes nothing on the wire. */
static char *
fingerprint (VsEndpoint *endpoint,
             const char *api_key)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GList) names = g_hash_table_get_keys (vs_endpoint_get_headers (endpoint));
  g_autoptr(JsonNode) settings = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *settings_text = NULL;
  g_autofree char *key_hash = NULL;

  g_string_append_printf (out, "%s|%s|%u|",
                          vs_endpoint_kind_to_string (vs_endpoint_get_kind (endpoint)),
                          vs_endpoint_get_base_url (endpoint),
                          vs_endpoint_get_concurrency (endpoint));
  names = g_list_sort (names, (GCompareFunc) g_ascii_strcasecmp);
  for (GList *l = names; l != NULL; l = l->next)
    g_string_append_printf (out, "%s=%s;", (const char *) l->data,
                            (const char *) g_hash_table_lookup (vs_endpoint_get_headers (endpoint),
                                                                l->data));
  json_node_set_object (settings, vs_endpoint_get_settings (endpoint));
  settings_text = vs_json_to_string (settings, FALSE);
  if (api_key != NULL && *api_key != '\0')
    key_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, api_key, -1);
  g_string_append_printf (out, "|%s|%s", settings_text, key_hash ? key_hash : "-");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

VsRequestEngine *
vs_engine_registry_get (VsEngineRegistry *self,
                        VsEndpoint       *endpoint,
                        const char       *api_key)
{
  g_autofree char *key = NULL;
  g_autofree char *print = NULL;
  Entry *entry;

  g_return_val_if_fail (VS_IS_ENGINE_REGISTRY (self), NULL);
  g_return_val_if_fail (VS_IS_ENDPOINT (endpoint), NULL);

  key = vs_engine_registry_dup_key (endpoint);
  print = fingerprint (endpoint, api_key);
  entry = g_hash_table_lookup (self->entries, key);
  if (entry == NULL || strcmp (entry->fingerprint, print) != 0)
    {
      if (entry != NULL)
        g_debug ("endpoint %s changed: new requests get a new engine", key);
      entry = g_new0 (Entry, 1);
      entry->fingerprint = g_steal_pointer (&print);
      entry->engine = vs_request_engine_new (endpoint, api_key);
      g_hash_table_replace (self->entries, g_steal_pointer (&key), entry);
    }
  /* Set on every get: the project may have been opened after the engine was made. */
  vs_request_engine_set_project (entry->engine, self->project);
  return g_object_ref (entry->engine);
}

typedef struct
{
  VsEndpoint *endpoint;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_clear_object (&lookup->endpoint);
  g_free (lookup);
}

static void
on_key_looked_up (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  VsEngineRegistry *self = g_task_get_source_object (task);
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = vs_secrets_lookup_finish (result, &error);

  if (g_task_return_error_if_cancelled (task))
    {
      if (key != NULL)
        memset (key, 0, strlen (key));
      return;
    }
  if (error != NULL)
    g_debug ("no key for the endpoint: %s", error->message);
  g_task_return_pointer (task, vs_engine_registry_get (self, lookup->endpoint, key),
                         g_object_unref);
  if (key != NULL)
    memset (key, 0, strlen (key));
}

void
vs_engine_registry_get_async (VsEngineRegistry    *self,
                              VsEndpoint          *endpoint,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  Lookup *lookup;

  g_return_if_fail (VS_IS_ENGINE_REGISTRY (self));
  g_return_if_fail (VS_IS_ENDPOINT (endpoint));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_engine_registry_get_async);
  lookup = g_new0 (Lookup, 1);
  /* A copy: the caller may go on editing its endpoint. */
  lookup->endpoint = vs_endpoint_copy (endpoint);
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);
  vs_secrets_lookup_async (lookup->endpoint, cancellable, on_key_looked_up, task);
}

VsRequestEngine *
vs_engine_registry_get_finish (VsEngineRegistry  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (VS_IS_ENGINE_REGISTRY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
vs_engine_registry_get_n_engines (VsEngineRegistry *self)
{
  g_return_val_if_fail (VS_IS_ENGINE_REGISTRY (self), 0);
  return g_hash_table_size (self->entries);
}
