/* vs-cli-llm.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <string.h>

#include "vs-cli.h"
#include "vs-cli-llm.h"
#include "vs-engine-registry.h"
#include "vs-error.h"
#include "vs-secrets.h"

/* $VERSUS_RETRY_BASE_MS (tests) shortens the retry backoff of @endpoint. */
static void
apply_retry_override (VsEndpoint *endpoint)
{
  const char *base_ms = g_getenv ("VERSUS_RETRY_BASE_MS");

  if (base_ms != NULL && *base_ms != '\0')
    {
      guint64 ms = MIN (g_ascii_strtoull (base_ms, NULL, 10), G_MAXINT / 8);

      vs_endpoint_set_setting_int (endpoint, "retry_base_ms", (gint64) ms);
      vs_endpoint_set_setting_int (endpoint, "retry_cap_ms", (gint64) ms * 8);
    }
}

gboolean
vs_cli_llm_looks_like_url (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  return strstr (text, "://") != NULL ||
         (strpbrk (text, ":./") != NULL && strchr (text, ' ') == NULL);
}

VsRequestEngine *
vs_cli_llm_engine_new (const char *command,
                       const char *url,
                       const char *kind_text,
                       int        *exit_code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsEndpoint) endpoint = NULL;
  g_autofree char *key = NULL;
  VsEndpointKind kind = VS_ENDPOINT_KIND_OPENAI;

  if (kind_text != NULL && !vs_endpoint_kind_from_string (kind_text, &kind, &error))
    {
      *exit_code = vs_cli_usage_error (command, "%s", error->message);
      return NULL;
    }
  endpoint = vs_endpoint_new (kind, url, &error);
  if (endpoint == NULL)
    {
      *exit_code = vs_cli_usage_error (command, "%s", error->message);
      return NULL;
    }
  apply_retry_override (endpoint);
  /* An ad-hoc endpoint (no project): the process-wide registry, keyed by kind + URL. */
  key = vs_secrets_key_from_env (kind);
  return vs_engine_registry_get (vs_engine_registry_get_default (), endpoint, key);
}

VsRequestEngine *
vs_cli_llm_engine_for_endpoint (VsProject  *project,
                                VsEndpoint *saved)
{
  g_autoptr(VsEndpoint) endpoint = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (VS_IS_ENDPOINT (saved), NULL);

  /* A copy, so the test override never reaches the saved row. */
  endpoint = vs_endpoint_copy (saved);
  apply_retry_override (endpoint);
  key = vs_secrets_key_from_env (vs_endpoint_get_kind (endpoint));
  return vs_engine_registry_get (vs_engine_registry_get_for_project (project), endpoint, key);
}

VsEndpoint *
vs_cli_llm_find_endpoint (VsProject   *project,
                          const char  *text,
                          const char  *kind_text,
                          GError     **error)
{
  g_autoptr(GPtrArray) endpoints = NULL;
  VsEndpointKind kind = VS_ENDPOINT_KIND_OPENAI;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (kind_text != NULL && !vs_endpoint_kind_from_string (kind_text, &kind, error))
    return NULL;
  endpoints = vs_endpoint_list (project, error);
  if (endpoints == NULL)
    return NULL;

  for (guint i = 0; i < endpoints->len; i++)
    if (g_strcmp0 (vs_endpoint_get_name (endpoints->pdata[i]), text) == 0)
      return g_object_ref (endpoints->pdata[i]);

  for (guint i = 0; i < endpoints->len; i++)
    {
      VsEndpoint *endpoint = endpoints->pdata[i];
      VsEndpointKind endpoint_kind = vs_endpoint_get_kind (endpoint);
      g_autofree char *url = NULL;

      if (kind_text != NULL && endpoint_kind != kind)
        continue;
      url = vs_endpoint_normalize_url (endpoint_kind, text, NULL);
      if (url != NULL && g_strcmp0 (url, vs_endpoint_get_base_url (endpoint)) == 0)
        return g_object_ref (endpoint);
    }
  return NULL;
}

/* "“A”, “B”" — the saved endpoints' names, for the message about an unknown one. */
static char *
endpoint_names (VsProject *project)
{
  g_autoptr(GPtrArray) endpoints = vs_endpoint_list (project, NULL);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; endpoints != NULL && i < endpoints->len; i++)
    g_string_append_printf (names, "%s“%s”", i > 0 ? ", " : "",
                            vs_endpoint_get_name (endpoints->pdata[i]));
  return g_string_free (g_steal_pointer (&names), FALSE);
}

VsRequestEngine *
vs_cli_llm_engine_resolve (const char  *command,
                           const char  *text,
                           const char  *kind_text,
                           VsProject   *project,
                           VsEndpoint **out_endpoint,
                           int         *exit_code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsEndpoint) saved = NULL;
  VsEndpointKind kind;

  g_return_val_if_fail (text != NULL, NULL);

  if (out_endpoint != NULL)
    *out_endpoint = NULL;
  if (project == NULL)
    {
      if (!vs_cli_llm_looks_like_url (text))
        {
          *exit_code = vs_cli_usage_error (command, "“%s” is not a URL; to use an endpoint "
                                           "saved in a project by its name, add --project FILE",
                                           text);
          return NULL;
        }
      return vs_cli_llm_engine_new (command, text, kind_text, exit_code);
    }

  saved = vs_cli_llm_find_endpoint (project, text, kind_text, &error);
  if (saved == NULL && error != NULL)
    {
      *exit_code = error->domain == VS_ERROR && error->code == VS_ERROR_INVALID
                   ? vs_cli_usage_error (command, "%s", error->message)
                   : vs_cli_fail (error);
      return NULL;
    }
  if (saved == NULL)
    {
      g_autofree char *names = NULL;

      if (vs_cli_llm_looks_like_url (text))
        return vs_cli_llm_engine_new (command, text, kind_text, exit_code);
      names = endpoint_names (project);
      *exit_code = vs_cli_usage_error (command, "%s has no endpoint called “%s” (%s%s)",
                                       vs_project_get_path (project), text,
                                       names[0] != '\0' ? "saved: " : "it has none saved",
                                       names);
      return NULL;
    }
  if (kind_text != NULL && vs_endpoint_kind_from_string (kind_text, &kind, NULL) &&
      kind != vs_endpoint_get_kind (saved))
    {
      *exit_code = vs_cli_usage_error (command, "“%s” is an %s endpoint; leave out --kind %s",
                                       vs_endpoint_get_name (saved),
                                       vs_endpoint_kind_to_string (vs_endpoint_get_kind (saved)),
                                       kind_text);
      return NULL;
    }
  if (out_endpoint != NULL)
    *out_endpoint = g_object_ref (saved);
  return vs_cli_llm_engine_for_endpoint (project, saved);
}

static gboolean
on_sigint (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_CONTINUE;
}

void
vs_cli_llm_wait (gboolean     *done,
                 GCancellable *cancellable)
{
  guint id = g_unix_signal_add (SIGINT, on_sigint, cancellable);

  while (!*done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}
