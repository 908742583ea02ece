/* vs-batch-api.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The batch inference APIs of both shapes, on top of the endpoint's request engine.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vs-batch-api.h"
#include "vs-error.h"

/* Kinds ------------------------------------------------------------------------------------ */

static const char *kind_names[] = { "openai", "mistral" };

const char *
vs_batch_api_kind_to_string (VsBatchApiKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
vs_batch_api_kind_from_string (const char     *text,
                               VsBatchApiKind *kind,
                               GError        **error)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (g_ascii_strcasecmp (text, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
               _("unknown batch API “%s” (use openai or mistral)"), text ? text : "");
  return FALSE;
}

VsBatchApiKind
vs_batch_api_kind_for_endpoint (VsEndpoint *endpoint)
{
  g_autofree char *host = NULL;
  char *colon;

  g_return_val_if_fail (VS_IS_ENDPOINT (endpoint), VS_BATCH_API_OPENAI);

  host = vs_endpoint_dup_host (endpoint);
  if (host != NULL && (colon = strrchr (host, ':')) != NULL && strchr (host, ']') == NULL)
    *colon = '\0';
  if (host != NULL &&
      (g_ascii_strcasecmp (host, "mistral.ai") == 0 || g_str_has_suffix (host, ".mistral.ai")))
    return VS_BATCH_API_MISTRAL;
  return VS_BATCH_API_OPENAI;
}

/* States ----------------------------------------------------------------------------------- */

static const char *state_names[] = {
  "VALIDATING", "QUEUED", "RUNNING", "CANCELLING", "SUCCEEDED", "FAILED", "CANCELLED",
  "EXPIRED", "UNKNOWN",
};

const char *
vs_batch_state_to_string (VsBatchState state)
{
  if ((guint) state >= G_N_ELEMENTS (state_names))
    state = VS_BATCH_STATE_UNKNOWN;
  return state_names[state];
}

VsBatchState
vs_batch_state_from_string (const char *text)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (state_names); i++)
    if (g_ascii_strcasecmp (text, state_names[i]) == 0)
      return i;
  return VS_BATCH_STATE_UNKNOWN;
}

VsBatchState
vs_batch_state_from_raw (const char *raw)
{
  /* REFERENCE.md's table: OpenAI's lower-case words, Mistral's upper-case ones. */
  static const struct { const char *raw; VsBatchState state; } map[] = {
    { "validating", VS_BATCH_STATE_VALIDATING },
    { "in_progress", VS_BATCH_STATE_RUNNING },
    { "finalizing", VS_BATCH_STATE_RUNNING },
    { "completed", VS_BATCH_STATE_SUCCEEDED },
    { "failed", VS_BATCH_STATE_FAILED },
    { "expired", VS_BATCH_STATE_EXPIRED },
    { "cancelling", VS_BATCH_STATE_CANCELLING },
    { "cancelled", VS_BATCH_STATE_CANCELLED },
    { "QUEUED", VS_BATCH_STATE_QUEUED },
    { "RUNNING", VS_BATCH_STATE_RUNNING },
    { "SUCCESS", VS_BATCH_STATE_SUCCEEDED },
    { "FAILED", VS_BATCH_STATE_FAILED },
    { "TIMEOUT_EXCEEDED", VS_BATCH_STATE_EXPIRED },
    { "CANCELLATION_REQUESTED", VS_BATCH_STATE_CANCELLING },
    { "CANCELLED", VS_BATCH_STATE_CANCELLED },
  };

  if (raw == NULL)
    return VS_BATCH_STATE_UNKNOWN;
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (strcmp (raw, map[i].raw) == 0)
      return map[i].state;
  return VS_BATCH_STATE_UNKNOWN;
}

gboolean
vs_batch_state_is_final (VsBatchState state)
{
  return state == VS_BATCH_STATE_SUCCEEDED || state == VS_BATCH_STATE_FAILED ||
         state == VS_BATCH_STATE_CANCELLED || state == VS_BATCH_STATE_EXPIRED;
}

/* Info ------------------------------------------------------------------------------------- */

VsBatchInfo *
vs_batch_info_copy (const VsBatchInfo *info)
{
  VsBatchInfo *copy;

  if (info == NULL)
    return NULL;
  copy = g_new0 (VsBatchInfo, 1);
  copy->id = g_strdup (info->id);
  copy->status = g_strdup (info->status);
  copy->state = info->state;
  copy->input_file_id = g_strdup (info->input_file_id);
  copy->output_file_id = g_strdup (info->output_file_id);
  copy->error_file_id = g_strdup (info->error_file_id);
  copy->total = info->total;
  copy->completed = info->completed;
  copy->failed = info->failed;
  copy->created_at = g_strdup (info->created_at);
  copy->completed_at = g_strdup (info->completed_at);
  copy->error = g_strdup (info->error);
  if (info->metadata != NULL)
    copy->metadata = json_object_ref (info->metadata);
  return copy;
}

void
vs_batch_info_free (VsBatchInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->status);
  g_free (info->input_file_id);
  g_free (info->output_file_id);
  g_free (info->error_file_id);
  g_free (info->created_at);
  g_free (info->completed_at);
  g_free (info->error);
  g_clear_pointer (&info->metadata, json_object_unref);
  g_free (info);
}

VsBatchInfo *
vs_batch_info_from_json (VsBatchApiKind  kind,
                         JsonNode       *node,
                         GError        **error)
{
  g_set_error_literal (error, VS_REQUEST_ERROR, VS_REQUEST_ERROR_PROTOCOL,
                       "batch API not implemented yet");
  return NULL;
}

/* Calls (skeleton: the implementation follows) --------------------------------------------- */

static void
not_yet (VsRequestEngine     *engine,
         gpointer             tag,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (engine, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "batch API not implemented yet");
}

void
vs_batch_api_submit_async (VsRequestEngine     *engine,
                           VsBatchApiKind       kind,
                           GFile               *input,
                           const char          *model,
                           JsonObject          *metadata,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  not_yet (engine, vs_batch_api_submit_async, cancellable, callback, user_data);
}

VsBatchInfo *
vs_batch_api_submit_finish (VsRequestEngine  *engine,
                            GAsyncResult     *result,
                            GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vs_batch_api_get_async (VsRequestEngine     *engine,
                        VsBatchApiKind       kind,
                        const char          *batch_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  not_yet (engine, vs_batch_api_get_async, cancellable, callback, user_data);
}

VsBatchInfo *
vs_batch_api_get_finish (VsRequestEngine  *engine,
                         GAsyncResult     *result,
                         GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vs_batch_api_cancel_async (VsRequestEngine     *engine,
                           VsBatchApiKind       kind,
                           const char          *batch_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  not_yet (engine, vs_batch_api_cancel_async, cancellable, callback, user_data);
}

VsBatchInfo *
vs_batch_api_cancel_finish (VsRequestEngine  *engine,
                            GAsyncResult     *result,
                            GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vs_batch_api_find_async (VsRequestEngine     *engine,
                         VsBatchApiKind       kind,
                         const char          *key,
                         const char          *value,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  not_yet (engine, vs_batch_api_find_async, cancellable, callback, user_data);
}

VsBatchInfo *
vs_batch_api_find_finish (VsRequestEngine  *engine,
                          GAsyncResult     *result,
                          GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vs_batch_api_download_async (VsRequestEngine     *engine,
                             VsBatchApiKind       kind,
                             const char          *file_id,
                             GFile               *dest,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  not_yet (engine, vs_batch_api_download_async, cancellable, callback, user_data);
}

gboolean
vs_batch_api_download_finish (VsRequestEngine  *engine,
                              GAsyncResult     *result,
                              GError          **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
