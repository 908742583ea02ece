/* vs-endpoint.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Endpoint data, base-URL normalisation and the `endpoints` table. Keys are deliberately
 * absent: nothing in this file may ever see one.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "vs-endpoint.h"
#include "vs-error.h"
#include "vs-json.h"
#include "vs-project-private.h"

struct _VsEndpoint
{
  GObject         parent_instance;

  gint64          id;
  char           *uuid;
  char           *name;
  VsEndpointKind  kind;
  char           *base_url;
  char           *default_model;
  GHashTable     *headers;
  JsonObject     *settings;
  guint           concurrency;
  char           *created_at;
};

G_DEFINE_FINAL_TYPE (VsEndpoint, vs_endpoint, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_UUID,
  PROP_NAME,
  PROP_KIND,
  PROP_BASE_URL,
  PROP_DEFAULT_MODEL,
  PROP_CONCURRENCY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GType
vs_endpoint_kind_get_type (void)
{
  static gsize type_id = 0;
  static const GEnumValue values[] = {
    { VS_ENDPOINT_KIND_OPENAI, "VS_ENDPOINT_KIND_OPENAI", "openai" },
    { VS_ENDPOINT_KIND_OLLAMA, "VS_ENDPOINT_KIND_OLLAMA", "ollama" },
    { 0, NULL, NULL }
  };

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("VsEndpointKind", values));
  return type_id;
}

const char *
vs_endpoint_kind_to_string (VsEndpointKind kind)
{
  return kind == VS_ENDPOINT_KIND_OLLAMA ? "ollama" : "openai";
}

gboolean
vs_endpoint_kind_from_string (const char     *text,
                              VsEndpointKind *out_kind,
                              GError        **error)
{
  g_return_val_if_fail (out_kind != NULL, FALSE);

  if (text != NULL && g_ascii_strcasecmp (text, "openai") == 0)
    *out_kind = VS_ENDPOINT_KIND_OPENAI;
  else if (text != NULL && g_ascii_strcasecmp (text, "ollama") == 0)
    *out_kind = VS_ENDPOINT_KIND_OLLAMA;
  else
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   /* Translators: openai and ollama are values, do not translate them. */
                   _("endpoint kind “%s” is not known; expected openai or ollama"),
                   text ? text : "");
      return FALSE;
    }
  return TRUE;
}

static gboolean
path_strip_suffix (GString    *path,
                   const char *suffix)
{
  gsize n = strlen (suffix);

  if (path->len >= n && strcmp (path->str + path->len - n, suffix) == 0)
    {
      g_string_truncate (path, path->len - n);
      return TRUE;
    }
  return FALSE;
}

char *
vs_endpoint_normalize_url (VsEndpointKind  kind,
                           const char     *url,
                           GError        **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *with_scheme = NULL;
  g_autofree char *host = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GString) path = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  int port;
  GString *out;

  if (url == NULL)
    url = "";
  trimmed = g_strstrip (g_strdup (url));
  if (*trimmed == '\0')
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   /* Translators: %s is an example URL (the local Ollama server's). */
                   _("the endpoint URL is empty; enter one such as %s or "
                     "https://api.openai.com/v1"), VS_ENDPOINT_DEFAULT_URL);
      return NULL;
    }
  if (strstr (trimmed, "://") == NULL)
    with_scheme = g_strconcat ("http://", trimmed, NULL);
  else
    with_scheme = g_strdup (trimmed);

  uri = g_uri_parse (with_scheme, G_URI_FLAGS_NONE, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   /* Translators: the first %s is what was entered, the second why it is not
                    * a URL. */
                   _("“%s” is not a usable endpoint URL: %s"), trimmed, local_error->message);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   _("the endpoint URL “%s” must start with http:// or https://"), trimmed);
      return NULL;
    }
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   _("the endpoint URL “%s” has no host name"), trimmed);
      return NULL;
    }
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID,
                           _("the endpoint URL must not contain a user name or password; "
                             "store the API key in the key field instead"));
      return NULL;
    }
  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   _("the endpoint URL “%s” must not have a query (?…) or fragment (#…)"),
                   trimmed);
      return NULL;
    }

  path = g_string_new (g_uri_get_path (uri));
  while (path->len > 0 && path->str[path->len - 1] == '/')
    g_string_truncate (path, path->len - 1);

  if (kind == VS_ENDPOINT_KIND_OPENAI)
    {
      if (path->len == 0)
        g_string_assign (path, "/v1");
    }
  else
    {
      if (!path_strip_suffix (path, "/api"))
        path_strip_suffix (path, "/v1");
      while (path->len > 0 && path->str[path->len - 1] == '/')
        g_string_truncate (path, path->len - 1);
    }

  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  port = g_uri_get_port (uri);
  out = g_string_new (NULL);
  g_string_append (out, g_ascii_strcasecmp (scheme, "https") == 0 ? "https" : "http");
  g_string_append (out, "://");
  if (strchr (host, ':') != NULL)
    g_string_append_printf (out, "[%s]", host);
  else
    g_string_append (out, host);
  if (port > 0 &&
      !(port == 80 && g_ascii_strcasecmp (scheme, "http") == 0) &&
      !(port == 443 && g_ascii_strcasecmp (scheme, "https") == 0))
    g_string_append_printf (out, ":%d", port);
  g_string_append (out, path->str);
  return g_string_free (out, FALSE);
}

static void
vs_endpoint_finalize (GObject *object)
{
  VsEndpoint *self = (VsEndpoint *) object;

  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->default_model, g_free);
  g_clear_pointer (&self->headers, g_hash_table_unref);
  g_clear_pointer (&self->settings, json_object_unref);
  g_clear_pointer (&self->created_at, g_free);

  G_OBJECT_CLASS (vs_endpoint_parent_class)->finalize (object);
}

static void
vs_endpoint_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  VsEndpoint *self = VS_ENDPOINT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_DEFAULT_MODEL:
      g_value_set_string (value, self->default_model);
      break;
    case PROP_CONCURRENCY:
      g_value_set_uint (value, self->concurrency);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_endpoint_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  VsEndpoint *self = VS_ENDPOINT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      vs_endpoint_set_name (self, g_value_get_string (value));
      break;
    case PROP_KIND:
      vs_endpoint_set_kind (self, g_value_get_enum (value));
      break;
    case PROP_BASE_URL:
      /* Invalid URLs set through the property are kept out; use the setter for the error. */
      vs_endpoint_set_base_url (self, g_value_get_string (value), NULL);
      break;
    case PROP_DEFAULT_MODEL:
      vs_endpoint_set_default_model (self, g_value_get_string (value));
      break;
    case PROP_CONCURRENCY:
      vs_endpoint_set_concurrency (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_endpoint_class_init (VsEndpointClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vs_endpoint_finalize;
  object_class->get_property = vs_endpoint_get_property;
  object_class->set_property = vs_endpoint_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, VS_TYPE_ENDPOINT_KIND, VS_ENDPOINT_KIND_OPENAI,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEFAULT_MODEL] =
    g_param_spec_string ("default-model", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONCURRENCY] =
    g_param_spec_uint ("concurrency", NULL, NULL, 1, VS_ENDPOINT_MAX_CONCURRENCY,
                       VS_ENDPOINT_DEFAULT_CONCURRENCY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vs_endpoint_init (VsEndpoint *self)
{
  self->uuid = g_uuid_string_random ();
  self->name = g_strdup ("");
  self->kind = VS_ENDPOINT_KIND_OPENAI;
  self->concurrency = VS_ENDPOINT_DEFAULT_CONCURRENCY;
  self->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->settings = json_object_new ();
}

VsEndpoint *
vs_endpoint_new (VsEndpointKind  kind,
                 const char     *base_url,
                 GError        **error)
{
  g_autoptr(VsEndpoint) self = g_object_new (VS_TYPE_ENDPOINT, NULL);
  g_autofree char *host = NULL;

  self->kind = kind;
  if (!vs_endpoint_set_base_url (self, base_url, error))
    return NULL;
  host = vs_endpoint_dup_host (self);
  g_free (self->name);
  self->name = g_steal_pointer (&host);
  return g_steal_pointer (&self);
}

VsEndpoint *
vs_endpoint_new_default (void)
{
  VsEndpoint *self = vs_endpoint_new (VS_ENDPOINT_KIND_OLLAMA, VS_ENDPOINT_DEFAULT_URL, NULL);

  g_assert (self != NULL);
  /* Translators: the name of the endpoint every new project starts with, a local Ollama
   * server. */
  vs_endpoint_set_name (self, _("Ollama (local)"));
  return self;
}

VsEndpoint *
vs_endpoint_copy (VsEndpoint *self)
{
  VsEndpoint *copy;
  GHashTableIter iter;
  gpointer k, v;

  g_return_val_if_fail (VS_IS_ENDPOINT (self), NULL);

  copy = g_object_new (VS_TYPE_ENDPOINT, NULL);
  copy->id = self->id;
  g_free (copy->uuid);
  copy->uuid = g_strdup (self->uuid);
  g_free (copy->name);
  copy->name = g_strdup (self->name);
  copy->kind = self->kind;
  copy->base_url = g_strdup (self->base_url);
  copy->default_model = g_strdup (self->default_model);
  copy->concurrency = self->concurrency;
  copy->created_at = g_strdup (self->created_at);
  g_hash_table_iter_init (&iter, self->headers);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_hash_table_insert (copy->headers, g_strdup (k), g_strdup (v));
  {
    /* A deep copy (json_node_copy only adds references), so the two can diverge. */
    g_autofree char *text = vs_json_object_to_string (self->settings, FALSE);
    JsonObject *settings = vs_json_parse_object (text, -1, NULL);
    if (settings != NULL)
      {
        json_object_unref (copy->settings);
        copy->settings = settings;
      }
  }
  return copy;
}

gint64
vs_endpoint_get_id (VsEndpoint *self)
{
  g_return_val_if_fail (VS_IS_ENDPOINT (self), 0);
  return self->id;
}

const char *
vs_endpoint_get_uuid (VsEndpoint *self)
{
  g_return_val_if_fail (VS_IS_ENDPOINT (self), NULL);
  return self->uuid;
}

const char *
vs_endpoint_get_name (VsEndpoint *self)
{
  g_return_val_if_fail (VS_IS_ENDPOINT (self), NULL);
  return self->name;
}

void
vs_endpoint_set_name (VsEndpoint *self,
                      const char *name)
{
  g_return_if_fail (VS_IS_ENDPOINT (self));

  if (name == NULL)
    name = "";
  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

VsEndpointKind
vs_endpoint_get_kind (VsEndpoint *self)
{
  g_return_val_if_fail (VS_IS_ENDPOINT (self), VS_ENDPOINT_KIND_OPENAI);
  return self->kind;
}

void
vs_endpoint_set_kind (VsEndpoint     *self,
                      VsEndpointKind  kind)
{
  g_return_if_fail (VS_IS_ENDPOINT (self));

  if (self->kind == kind)
    return;
  self->kind = kind;
  if (self->base_url != NULL)
    {
      g_autofree char *url = vs_endpoint_normalize_url (kind, self->base_url, NULL);
      if (url != NULL && g_strcmp0 (url, self->base_url) != 0)
        {
          g_free (self->base_url);
          self->base_url = g_steal_pointer (&url);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
        }
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

const char *
vs_endpoint_get_base_url (VsEndpoint *self)
{
  g_return_val_if_fail (VS_IS_ENDPOINT (self), NULL);
  return self->base_url;
}

gboolean
vs_endpoint_set_base_url (VsEndpoint  *self,
                          const char  *base_url,
                          GError     **error)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (VS_IS_ENDPOINT (self), FALSE);

  url = vs_endpoint_normalize_url (self->kind, base_url, error);
  if (url == NULL)
    return FALSE;
  if (g_strcmp0 (url, self->base_url) != 0)
    {
      g_free (self->base_url);
      self->base_url = g_steal_pointer (&url);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
    }
  return TRUE;
}

char *
vs_endpoint_dup_host (VsEndpoint *self)
{
  g_autoptr(GUri) uri = NULL;
  int port;

  g_return_val_if_fail (VS_IS_ENDPOINT (self), NULL);

  if (self->base_url == NULL)
    return g_strdup ("");
  uri = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return g_strdup ("");
  port = g_uri_get_port (uri);
  if (port > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), port);
  return g_strdup (g_uri_get_host (uri));
}

const char *
vs_endpoint_get_default_model (VsEndpoint *self)
{
  g_return_val_if_fail (VS_IS_ENDPOINT (self), NULL);
  return self->default_model;
}

void
vs_endpoint_set_default_model (VsEndpoint *self,
                               const char *model)
{
  g_return_if_fail (VS_IS_ENDPOINT (self));

  if (model != NULL && *model == '\0')
    model = NULL;
  if (g_strcmp0 (self->default_model, model) == 0)
    return;
  g_free (self->default_model);
  self->default_model = g_strdup (model);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEFAULT_MODEL]);
}

guint
vs_endpoint_get_concurrency (VsEndpoint *self)
{
  g_return_val_if_fail (VS_IS_ENDPOINT (self), VS_ENDPOINT_DEFAULT_CONCURRENCY);
  return self->concurrency;
}

void
vs_endpoint_set_concurrency (VsEndpoint *self,
                             guint       concurrency)
{
  g_return_if_fail (VS_IS_ENDPOINT (self));

  concurrency = CLAMP (concurrency, 1, VS_ENDPOINT_MAX_CONCURRENCY);
  if (self->concurrency == concurrency)
    return;
  self->concurrency = concurrency;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONCURRENCY]);
}

GHashTable *
vs_endpoint_get_headers (VsEndpoint *self)
{
  g_return_val_if_fail (VS_IS_ENDPOINT (self), NULL);
  return self->headers;
}

gboolean
vs_endpoint_set_header (VsEndpoint  *self,
                        const char  *name,
                        const char  *value,
                        GError     **error)
{
  g_return_val_if_fail (VS_IS_ENDPOINT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (*name == '\0' || strpbrk (name, " \t\r\n:") != NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   _("“%s” is not a valid HTTP header name"), name);
      return FALSE;
    }
  if (g_ascii_strcasecmp (name, "Authorization") == 0 ||
      g_ascii_strcasecmp (name, "api-key") == 0 ||
      g_ascii_strcasecmp (name, "x-api-key") == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   /* Translators: %s is an HTTP header name such as Authorization. */
                   _("the %s header would store a key in the project file; put the key in "
                     "the endpoint's key field instead"), name);
      return FALSE;
    }
  if (value == NULL || strpbrk (value, "\r\n") != NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                   /* Translators: %s is an HTTP header name. */
                   _("the value of header %s must be one line of text"), name);
      return FALSE;
    }
  g_hash_table_insert (self->headers, g_strdup (name), g_strdup (value));
  return TRUE;
}

void
vs_endpoint_remove_header (VsEndpoint *self,
                           const char *name)
{
  g_return_if_fail (VS_IS_ENDPOINT (self));
  g_hash_table_remove (self->headers, name);
}

JsonObject *
vs_endpoint_get_settings (VsEndpoint *self)
{
  g_return_val_if_fail (VS_IS_ENDPOINT (self), NULL);
  return self->settings;
}

gint64
vs_endpoint_get_setting_int (VsEndpoint *self,
                             const char *member,
                             gint64      fallback)
{
  JsonNode *node;
  gint64 value;

  g_return_val_if_fail (VS_IS_ENDPOINT (self), fallback);

  node = json_object_get_member (self->settings, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_INT64 ||
      json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return vs_json_node_get_int64 (node, &value) ? value : fallback;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node) ? 1 : 0;
  return fallback;
}

void
vs_endpoint_set_setting_int (VsEndpoint *self,
                             const char *member,
                             gint64      value)
{
  g_return_if_fail (VS_IS_ENDPOINT (self));
  json_object_set_int_member (self->settings, member, value);
}

char *
vs_endpoint_build_url (VsEndpoint *self,
                       const char *path)
{
  g_return_val_if_fail (VS_IS_ENDPOINT (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (g_str_has_prefix (path, "http://") || g_str_has_prefix (path, "https://"))
    return g_strdup (path);
  if (strcmp (path, "chat") == 0)
    return vs_endpoint_dup_chat_url (self);
  if (strcmp (path, "models") == 0)
    return vs_endpoint_dup_models_url (self);
  while (*path == '/')
    path++;
  return g_strconcat (self->base_url, "/", path, NULL);
}

char *
vs_endpoint_dup_chat_url (VsEndpoint *self)
{
  g_return_val_if_fail (VS_IS_ENDPOINT (self), NULL);

  if (self->kind == VS_ENDPOINT_KIND_OLLAMA)
    return g_strconcat (self->base_url, "/api/chat", NULL);
  return g_strconcat (self->base_url, "/chat/completions", NULL);
}

char *
vs_endpoint_dup_models_url (VsEndpoint *self)
{
  g_return_val_if_fail (VS_IS_ENDPOINT (self), NULL);

  if (self->kind == VS_ENDPOINT_KIND_OLLAMA)
    return g_strconcat (self->base_url, "/api/tags", NULL);
  return g_strconcat (self->base_url, "/models", NULL);
}

/* Project storage ------------------------------------------------------------------------ */

static char *
headers_to_json (GHashTable *headers)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(GList) keys = g_hash_table_get_keys (headers);

  keys = g_list_sort (keys, (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    json_object_set_string_member (object, l->data, g_hash_table_lookup (headers, l->data));
  return vs_json_object_to_string (object, FALSE);
}

static VsEndpoint *
endpoint_from_row (sqlite3_stmt *stmt)
{
  VsEndpoint *self = g_object_new (VS_TYPE_ENDPOINT, NULL);
  const char *kind = (const char *) sqlite3_column_text (stmt, 3);
  const char *headers = (const char *) sqlite3_column_text (stmt, 6);
  const char *settings = (const char *) sqlite3_column_text (stmt, 8);
  g_autoptr(JsonObject) hobj = NULL;
  g_autoptr(JsonObject) sobj = NULL;

  self->id = sqlite3_column_int64 (stmt, 0);
  g_free (self->uuid);
  self->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  g_free (self->name);
  self->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  self->kind = g_strcmp0 (kind, "ollama") == 0 ? VS_ENDPOINT_KIND_OLLAMA
                                               : VS_ENDPOINT_KIND_OPENAI;
  self->base_url = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  self->default_model = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  self->concurrency = CLAMP (sqlite3_column_int (stmt, 7), 1, VS_ENDPOINT_MAX_CONCURRENCY);
  self->created_at = g_strdup ((const char *) sqlite3_column_text (stmt, 9));

  hobj = headers ? vs_json_parse_object (headers, -1, NULL) : NULL;
  if (hobj != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (hobj);
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *v = json_object_get_member (hobj, l->data);
          if (JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING)
            g_hash_table_insert (self->headers, g_strdup (l->data),
                                 g_strdup (json_node_get_string (v)));
        }
    }
  sobj = settings ? vs_json_parse_object (settings, -1, NULL) : NULL;
  if (sobj != NULL)
    {
      json_object_unref (self->settings);
      self->settings = g_steal_pointer (&sobj);
    }
  return self;
}

#define ENDPOINT_COLUMNS \
  "id, uuid, name, kind, base_url, default_model, headers, concurrency, settings, created_at"

GPtrArray *
vs_endpoint_list (VsProject  *project,
                  GError    **error)
{
  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  return _vs_project_query_list (project,
                                 "SELECT " ENDPOINT_COLUMNS " FROM endpoints ORDER BY id",
                                 (VsRowFunc) endpoint_from_row, g_object_unref, error);
}

VsEndpoint *
vs_endpoint_load (VsProject  *project,
                  gint64      id,
                  GError    **error)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  VsEndpoint *self = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  db = vs_project_get_db (project);
  if (sqlite3_prepare_v2 (db, "SELECT " ENDPOINT_COLUMNS " FROM endpoints WHERE id = ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      vs_project_set_error_from_db (project, error);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    self = endpoint_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND,
                 _("endpoint %" PRId64 " does not exist in this project"), id);
  else
    vs_project_set_error_from_db (project, error);
  sqlite3_finalize (stmt);
  return self;
}

static gboolean
do_endpoint_save (VsEndpoint  *self,
                  VsProject   *project,
                  GError     **error)
{
  g_autofree char *headers = NULL;
  g_autofree char *settings = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  gboolean insert;
  int rc;

  g_return_val_if_fail (VS_IS_ENDPOINT (self), FALSE);
  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);

  if (self->base_url == NULL)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID, _("the endpoint has no URL"));
      return FALSE;
    }
  if (self->created_at == NULL)
    self->created_at = vs_now_iso8601 ();

  headers = headers_to_json (self->headers);
  settings = vs_json_object_to_string (self->settings, FALSE);
  insert = self->id == 0;
  db = vs_project_get_db (project);
  if (insert)
    rc = sqlite3_prepare_v2 (db,
                             "INSERT INTO endpoints (uuid, name, kind, base_url, default_model, "
                             "headers, concurrency, settings, created_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                             -1, &stmt, NULL);
  else
    rc = sqlite3_prepare_v2 (db,
                             "UPDATE endpoints SET uuid = ?1, name = ?2, kind = ?3, "
                             "base_url = ?4, default_model = ?5, headers = ?6, "
                             "concurrency = ?7, settings = ?8, created_at = ?9 WHERE id = ?10",
                             -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return vs_project_set_error_from_db (project, error);

  sqlite3_bind_text (stmt, 1, self->uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, self->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, vs_endpoint_kind_to_string (self->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, self->base_url, -1, SQLITE_TRANSIENT);
  if (self->default_model != NULL)
    sqlite3_bind_text (stmt, 5, self->default_model, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_text (stmt, 6, headers, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 7, (int) self->concurrency);
  sqlite3_bind_text (stmt, 8, settings, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, self->created_at, -1, SQLITE_TRANSIENT);
  if (!insert)
    sqlite3_bind_int64 (stmt, 10, self->id);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      vs_project_set_error_from_db (project, error);
      return FALSE;
    }
  if (!insert && sqlite3_changes (db) == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND,
                   _("endpoint %" PRId64 " no longer exists in this project"), self->id);
      return FALSE;
    }
  if (insert)
    {
      self->id = sqlite3_last_insert_rowid (db);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
  vs_project_emit_changed (project, "endpoints");
  return TRUE;
}

static gboolean
do_endpoint_delete (VsProject  *project,
                    gint64      id,
                    GError    **error)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_PROJECT (project), FALSE);

  db = vs_project_get_db (project);
  if (sqlite3_prepare_v2 (db, "DELETE FROM endpoints WHERE id = ?", -1, &stmt, NULL)
      != SQLITE_OK)
    return vs_project_set_error_from_db (project, error);
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      vs_project_set_error_from_db (project, error);
      return FALSE;
    }
  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_NOT_FOUND,
                   _("endpoint %" PRId64 " does not exist in this project"), id);
      return FALSE;
    }
  vs_project_emit_changed (project, "endpoints");
  return TRUE;
}

typedef struct
{
  VsEndpoint *self;
  VsProject *project;
} EndpointSaveCall;

static gboolean
endpoint_save_job (VsWriteContext  *ctx,
                   gpointer         data,
                   GError         **error)
{
  EndpointSaveCall *c = data;

  return do_endpoint_save (c->self, c->project, error);
}

gboolean
vs_endpoint_save (VsEndpoint  *self,
                  VsProject   *project,
                  GError     **error)
{
  EndpointSaveCall c = { self, project };

  return _vs_project_write (project, endpoint_save_job, &c, error);
}

typedef struct
{
  VsProject *project;
  gint64 id;
} EndpointDeleteCall;

static gboolean
endpoint_delete_job (VsWriteContext  *ctx,
                     gpointer         data,
                     GError         **error)
{
  EndpointDeleteCall *c = data;

  return do_endpoint_delete (c->project, c->id, error);
}

gboolean
vs_endpoint_delete (VsProject  *project,
                    gint64      id,
                    GError    **error)
{
  EndpointDeleteCall c = { project, id };

  return _vs_project_write (project, endpoint_delete_job, &c, error);
}
