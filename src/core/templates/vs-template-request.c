/* vs-template-request.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Template + variables + few-shot examples + endpoint defaults → VsChatRequest. Merged from
 * what the prompt editor and `versus-cli chat` each did before (render with the examples, add
 * the messages, the template's parameters without "model"), plus the endpoint's defaults.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vs-template-request.h"

G_DEFINE_QUARK (vs-template-request-error-quark, vs_template_request_error)

static void
overlay (JsonObject *into,
         JsonObject *from)
{
  g_autoptr(GList) members = NULL;

  if (from == NULL)
    return;
  members = json_object_get_members (from);
  for (GList *l = members; l != NULL; l = l->next)
    if (strcmp (l->data, "model") != 0)
      /* Shallow here: vs_chat_request_set_parameters() keeps a deep copy. */
      json_object_set_member (into, l->data,
                              json_node_copy (json_object_get_member (from, l->data)));
}

VsChatRequest *
vs_template_build_request (VsTemplate  *template,
                           JsonObject  *variables,
                           GPtrArray   *examples,
                           VsEndpoint  *endpoint,
                           const char  *model,
                           GError     **error)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(JsonObject) parameters = NULL;
  g_autoptr(VsChatRequest) request = NULL;

  g_return_val_if_fail (VS_IS_TEMPLATE (template), NULL);
  g_return_val_if_fail (endpoint == NULL || VS_IS_ENDPOINT (endpoint), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (model == NULL || *model == '\0')
    model = vs_template_get_model (template);
  if ((model == NULL || *model == '\0') && endpoint != NULL)
    model = vs_endpoint_get_default_model (endpoint);
  if (model == NULL || *model == '\0')
    {
      g_set_error_literal (error, VS_TEMPLATE_REQUEST_ERROR, VS_TEMPLATE_REQUEST_ERROR_NO_MODEL,
                           _("No model: give one, set it in the template's parameters, or "
                             "give the endpoint a default model"));
      return NULL;
    }

  messages = vs_template_render_with_examples (template, variables, examples, error);
  if (messages == NULL)
    return NULL;

  request = vs_chat_request_new (model);
  for (guint i = 0; i < messages->len; i++)
    {
      const VsTemplateMessage *message = g_ptr_array_index (messages, i);

      vs_chat_request_add_message (request, vs_template_role_to_string (message->role),
                                   message->content);
    }

  parameters = json_object_new ();
  if (endpoint != NULL)
    {
      JsonObject *settings = vs_endpoint_get_settings (endpoint);
      JsonNode *defaults = settings ? json_object_get_member (settings, "parameters") : NULL;

      if (defaults != NULL && JSON_NODE_HOLDS_OBJECT (defaults))
        overlay (parameters, json_node_get_object (defaults));
    }
  overlay (parameters, vs_template_get_parameters (template));
  vs_chat_request_set_parameters (request, parameters);
  return g_steal_pointer (&request);
}
