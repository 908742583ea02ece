/* vs-request-upload.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Uploads: a multipart/form-data POST whose file part streams from disk. The body is a
 * VsMultipartInputStream — the form fields and the file part's headers as bytes, the file
 * opened when the stream reaches it, then the closing boundary — whose length is known before
 * anything is sent, so the request carries a Content-Length and is never chunked. A retry (only
 * possible before the request reached the server) or a 307/308 redirect makes a new stream.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "vs-request-engine-private.h"

/* The body stream ------------------------------------------------------------------------- */

#define VS_TYPE_MULTIPART_INPUT_STREAM (vs_multipart_input_stream_get_type ())
G_DECLARE_FINAL_TYPE (VsMultipartInputStream, vs_multipart_input_stream, VS,
                      MULTIPART_INPUT_STREAM, GInputStream)

struct _VsMultipartInputStream
{
  GInputStream  parent_instance;

  GBytes       *head;       /* fields and the file part's headers */
  GFile        *file;       /* or, for an upload from memory, @contents */
  GBytes       *contents;
  GBytes       *tail;       /* "\r\n--boundary--\r\n" */
  goffset       file_size;

  guint         part;       /* 0 head, 1 file, 2 tail, 3 end */
  gsize         offset;     /* in the current bytes part */
  GInputStream *file_in;
  goffset       file_read;
};

G_DEFINE_FINAL_TYPE (VsMultipartInputStream, vs_multipart_input_stream, G_TYPE_INPUT_STREAM)

static gssize
read_bytes_part (GBytes *bytes,
                 gsize  *offset,
                 void   *buffer,
                 gsize   count)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  gsize n = MIN (count, size - *offset);

  memcpy (buffer, data + *offset, n);
  *offset += n;
  return (gssize) n;
}

/* Runs on whichever thread reads the stream (libsoup's splice reads it on a worker, so the
 * file is never read on the main thread). */
static gssize
vs_multipart_input_stream_read (GInputStream  *stream,
                                void          *buffer,
                                gsize          count,
                                GCancellable  *cancellable,
                                GError       **error)
{
  VsMultipartInputStream *self = VS_MULTIPART_INPUT_STREAM (stream);

  while (self->part < 3)
    {
      gssize n;

      if (self->part == 0 || self->part == 2 || self->contents != NULL)
        {
          GBytes *bytes = self->part == 0 ? self->head : self->part == 2 ? self->tail
                                                                         : self->contents;
          n = read_bytes_part (bytes, &self->offset, buffer, count);
          if (n > 0)
            return n;
          self->part++;
          self->offset = 0;
          continue;
        }

      if (self->file_in == NULL)
        {
          self->file_in = G_INPUT_STREAM (g_file_read (self->file, cancellable, error));
          if (self->file_in == NULL)
            return -1;
        }
      n = g_input_stream_read (self->file_in, buffer,
                               MIN ((goffset) count, self->file_size - self->file_read + 1),
                               cancellable, error);
      if (n < 0)
        return -1;
      self->file_read += n;
      if (self->file_read > self->file_size || (n == 0 && self->file_read != self->file_size))
        {
          g_autofree char *name = g_file_get_parse_name (self->file);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       /* Translators: %s is the name of a file. */
                       _("%s changed size while it was being uploaded"), name);
          return -1;
        }
      if (n > 0)
        return n;
      g_input_stream_close (self->file_in, NULL, NULL);
      g_clear_object (&self->file_in);
      self->part++;
      self->offset = 0;
    }
  return 0;
}

static gboolean
vs_multipart_input_stream_close (GInputStream  *stream,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  VsMultipartInputStream *self = VS_MULTIPART_INPUT_STREAM (stream);

  if (self->file_in != NULL)
    {
      g_input_stream_close (self->file_in, cancellable, NULL);
      g_clear_object (&self->file_in);
    }
  return TRUE;
}

static void
vs_multipart_input_stream_finalize (GObject *object)
{
  VsMultipartInputStream *self = VS_MULTIPART_INPUT_STREAM (object);

  g_clear_object (&self->file_in);
  g_clear_object (&self->file);
  g_clear_pointer (&self->head, g_bytes_unref);
  g_clear_pointer (&self->contents, g_bytes_unref);
  g_clear_pointer (&self->tail, g_bytes_unref);

  G_OBJECT_CLASS (vs_multipart_input_stream_parent_class)->finalize (object);
}

static void
vs_multipart_input_stream_class_init (VsMultipartInputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = vs_multipart_input_stream_finalize;
  stream_class->read_fn = vs_multipart_input_stream_read;
  stream_class->close_fn = vs_multipart_input_stream_close;
}

static void
vs_multipart_input_stream_init (VsMultipartInputStream *self)
{
}

/* The upload ------------------------------------------------------------------------------ */

typedef struct
{
  GBytes *head;
  GBytes *tail;
  GFile  *file;
  GBytes *contents;
  char   *content_type;  /* the body's, with the boundary */
} Upload;

static void
upload_free (Upload *upload)
{
  g_clear_pointer (&upload->head, g_bytes_unref);
  g_clear_pointer (&upload->tail, g_bytes_unref);
  g_clear_pointer (&upload->contents, g_bytes_unref);
  g_clear_object (&upload->file);
  g_free (upload->content_type);
  g_free (upload);
}

static GInputStream *
upload_make_body (gpointer   data,
                  goffset   *out_length,
                  GError   **error)
{
  Upload *upload = data;
  VsMultipartInputStream *stream;
  goffset size;

  if (upload->file != NULL)
    {
      /* Sized afresh for each attempt, so a retry sends what the file holds now. */
      g_autoptr(GFileInfo) info = g_file_query_info (upload->file,
                                                     G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                     G_FILE_QUERY_INFO_NONE, NULL, error);
      if (info == NULL)
        return NULL;
      size = g_file_info_get_size (info);
    }
  else
    size = (goffset) g_bytes_get_size (upload->contents);

  stream = g_object_new (VS_TYPE_MULTIPART_INPUT_STREAM, NULL);
  stream->head = g_bytes_ref (upload->head);
  stream->tail = g_bytes_ref (upload->tail);
  stream->file = upload->file ? g_object_ref (upload->file) : NULL;
  stream->contents = upload->contents ? g_bytes_ref (upload->contents) : NULL;
  stream->file_size = size;
  *out_length = (goffset) (g_bytes_get_size (upload->head) + g_bytes_get_size (upload->tail)) +
                size;
  return G_INPUT_STREAM (stream);
}

static void
append_disposition (GString    *out,
                    const char *name,
                    const char *filename)
{
  g_string_append (out, "Content-Disposition: form-data; ");
  soup_header_g_string_append_param_quoted (out, "name", name);
  if (filename != NULL)
    {
      g_string_append (out, "; ");
      soup_header_g_string_append_param_quoted (out, "filename", filename);
    }
  g_string_append (out, "\r\n");
}

static void
upload_start (VsRequestEngine     *self,
              const char          *path,
              GHashTable          *fields,
              const char          *file_field,
              const char          *filename,
              const char          *content_type,
              Upload              *upload,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GString) head = g_string_new (NULL);
  g_autofree char *boundary = NULL;
  g_autofree char *body_type = NULL;
  VsRequestJob *job;

  boundary = g_strdup_printf ("versus-%08x%08x%08x", g_random_int (), g_random_int (),
                              g_random_int ());
  if (fields != NULL)
    {
      g_autoptr(GList) names = g_hash_table_get_keys (fields);

      /* A stable order: the same upload makes the same body. */
      names = g_list_sort (names, (GCompareFunc) strcmp);
      for (GList *l = names; l != NULL; l = l->next)
        {
          g_string_append_printf (head, "--%s\r\n", boundary);
          append_disposition (head, l->data, NULL);
          g_string_append_printf (head, "\r\n%s\r\n",
                                  (const char *) g_hash_table_lookup (fields, l->data));
        }
    }
  g_string_append_printf (head, "--%s\r\n", boundary);
  append_disposition (head, file_field, filename);
  g_string_append_printf (head, "Content-Type: %s\r\n\r\n",
                          content_type ? content_type : "application/octet-stream");

  upload->head = g_string_free_to_bytes (g_steal_pointer (&head));
  upload->tail = g_bytes_new_take (g_strdup_printf ("\r\n--%s--\r\n", boundary),
                                   strlen (boundary) + 8);
  body_type = g_strdup_printf ("multipart/form-data; boundary=\"%s\"", boundary);

  job = _vs_request_job_new_json (self, "POST", path, VS_CALL_FLAGS_CREATES, NULL, cancellable,
                                  callback, user_data, vs_request_engine_upload_async);
  _vs_request_job_set_body_stream (job, body_type, upload_make_body, upload,
                                   (GDestroyNotify) upload_free);
  _vs_request_job_submit (job);
}

void
vs_request_engine_upload_async (VsRequestEngine     *self,
                                const char          *path,
                                GHashTable          *fields,
                                const char          *file_field,
                                const char          *filename,
                                GBytes              *contents,
                                const char          *content_type,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Upload *upload;

  g_return_if_fail (VS_IS_REQUEST_ENGINE (self));
  g_return_if_fail (path != NULL && file_field != NULL && filename != NULL);
  g_return_if_fail (contents != NULL);

  upload = g_new0 (Upload, 1);
  upload->contents = g_bytes_ref (contents);
  upload_start (self, path, fields, file_field, filename, content_type, upload, cancellable,
                callback, user_data);
}

void
vs_request_engine_upload_file_async (VsRequestEngine     *self,
                                     const char          *path,
                                     GHashTable          *fields,
                                     const char          *file_field,
                                     GFile               *file,
                                     const char          *filename,
                                     const char          *content_type,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *basename = NULL;
  Upload *upload;

  g_return_if_fail (VS_IS_REQUEST_ENGINE (self));
  g_return_if_fail (path != NULL && file_field != NULL);
  g_return_if_fail (G_IS_FILE (file));

  if (filename == NULL)
    filename = basename = g_file_get_basename (file);
  upload = g_new0 (Upload, 1);
  upload->file = g_object_ref (file);
  upload_start (self, path, fields, file_field, filename, content_type, upload, cancellable,
                callback, user_data);
}

JsonNode *
vs_request_engine_upload_finish (VsRequestEngine  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (VS_IS_REQUEST_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
