/* vs-search-indexer.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project owns its indexer (object data) and the indexer holds the project weakly. A
 * running build's task holds the project, so a build outlives a closed window (each batch is
 * its own transaction: stopping anywhere loses nothing, the next build goes on from the mark).
 */
#include "config.h"

#include "vs-dataset-search.h"
#include "vs-search-indexer.h"

#define DATA_KEY   "vs-search-indexer"
/* Quiet time after the last insert before indexing what arrived. */
#define SETTLE_MS  1000

struct _VsSearchIndexer
{
  GObject       parent_instance;

  VsProject    *project;   /* weak */
  GCancellable *cancellable;
  gulong        changed_id;
  guint         settle_id;
  gboolean      building;
  gboolean      again;     /* inserts arrived during the build */
  gint64        done;
  gint64        total;
  guint         generation;
};

enum
{
  PROP_0,
  PROP_BUILDING,
  PROP_DONE,
  PROP_TOTAL,
  PROP_GENERATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VsSearchIndexer, vs_search_indexer, G_TYPE_OBJECT)

static void
set_progress (VsSearchIndexer *self,
              gint64           done,
              gint64           total)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->done != done)
    {
      self->done = done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
    }
  if (self->total != total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_building (VsSearchIndexer *self,
              gboolean         building)
{
  if (self->building == building)
    return;
  self->building = building;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUILDING]);
}

static void
on_progress (gint64   done,
             gint64   total,
             gint64   items,
             gpointer user_data)
{
  g_autoptr(VsSearchIndexer) self = g_weak_ref_get (user_data);

  if (self != NULL && self->building)
    set_progress (self, done, total);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
on_built (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VsSearchIndexer) self = g_weak_ref_get (user_data);
  g_autoptr(GError) error = NULL;
  gboolean ok = vs_dataset_search_build_finish (VS_PROJECT (source), result, &error);

  weak_ref_free (user_data);
  if (self == NULL)
    return;

  g_clear_object (&self->cancellable);
  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not build the search index: %s", error->message);
  if (ok)
    {
      self->generation++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENERATION]);
    }
  set_progress (self, 0, 0);
  set_building (self, FALSE);
  if (ok && self->again)
    {
      self->again = FALSE;
      vs_search_indexer_ensure (self);
    }
}

void
vs_search_indexer_ensure (VsSearchIndexer *self)
{
  GWeakRef *ref;
  gint64 pending;

  g_return_if_fail (VS_IS_SEARCH_INDEXER (self));

  if (self->project == NULL || vs_project_get_writer (self->project) == NULL)
    return;
  if (self->building)
    {
      self->again = TRUE;
      return;
    }
  pending = vs_dataset_search_get_pending (self->project, NULL);
  if (pending <= 0)
    return;

  self->cancellable = g_cancellable_new ();
  set_progress (self, 0, pending);
  set_building (self, TRUE);
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  {
    GWeakRef *progress_ref = g_new0 (GWeakRef, 1);

    g_weak_ref_init (progress_ref, self);
    vs_dataset_search_build_async (self->project, self->cancellable, on_progress, progress_ref,
                                   weak_ref_free, on_built, ref);
  }
}

static gboolean
on_settled (gpointer data)
{
  VsSearchIndexer *self = data;

  self->settle_id = 0;
  vs_search_indexer_ensure (self);
  return G_SOURCE_REMOVE;
}

/* Rows added: index them once the inserts pause (an import's batches keep coming). */
static void
on_project_changed (VsSearchIndexer *self,
                    const char      *table,
                    const VsChange  *change)
{
  if (g_strcmp0 (table, "records") != 0)
    return;
  if (change != NULL && change->kind != VS_CHANGE_INSERT && change->kind != VS_CHANGE_MANY)
    return;
  g_clear_handle_id (&self->settle_id, g_source_remove);
  self->settle_id = g_timeout_add (SETTLE_MS, on_settled, self);
}

VsSearchIndexer *
vs_search_indexer_get (VsProject *project)
{
  VsSearchIndexer *self;

  g_return_val_if_fail (VS_IS_PROJECT (project), NULL);

  self = g_object_get_data (G_OBJECT (project), DATA_KEY);
  if (self != NULL)
    return self;

  self = g_object_new (VS_TYPE_SEARCH_INDEXER, NULL);
  self->project = project;
  g_object_add_weak_pointer (G_OBJECT (project), (gpointer *) &self->project);
  self->changed_id = g_signal_connect_swapped (project, "changed",
                                               G_CALLBACK (on_project_changed), self);
  g_object_set_data_full (G_OBJECT (project), DATA_KEY, self, g_object_unref);
  return self;
}

gboolean
vs_search_indexer_get_building (VsSearchIndexer *self)
{
  g_return_val_if_fail (VS_IS_SEARCH_INDEXER (self), FALSE);
  return self->building;
}

gint64
vs_search_indexer_get_done (VsSearchIndexer *self)
{
  g_return_val_if_fail (VS_IS_SEARCH_INDEXER (self), 0);
  return self->done;
}

gint64
vs_search_indexer_get_total (VsSearchIndexer *self)
{
  g_return_val_if_fail (VS_IS_SEARCH_INDEXER (self), 0);
  return self->total;
}

guint
vs_search_indexer_get_generation (VsSearchIndexer *self)
{
  g_return_val_if_fail (VS_IS_SEARCH_INDEXER (self), 0);
  return self->generation;
}

static void
vs_search_indexer_dispose (GObject *object)
{
  VsSearchIndexer *self = VS_SEARCH_INDEXER (object);

  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->project != NULL)
    {
      /* The project's data is being destroyed: its handlers are going with it. */
      g_clear_signal_handler (&self->changed_id, self->project);
      g_object_remove_weak_pointer (G_OBJECT (self->project), (gpointer *) &self->project);
      self->project = NULL;
    }

  G_OBJECT_CLASS (vs_search_indexer_parent_class)->dispose (object);
}

static void
vs_search_indexer_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VsSearchIndexer *self = VS_SEARCH_INDEXER (object);

  switch (prop_id)
    {
    case PROP_BUILDING:
      g_value_set_boolean (value, self->building);
      break;
    case PROP_DONE:
      g_value_set_int64 (value, self->done);
      break;
    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;
    case PROP_GENERATION:
      g_value_set_uint (value, self->generation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_search_indexer_class_init (VsSearchIndexerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vs_search_indexer_dispose;
  object_class->get_property = vs_search_indexer_get_property;

  properties[PROP_BUILDING] =
    g_param_spec_boolean ("building", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DONE] =
    g_param_spec_int64 ("done", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_GENERATION] =
    g_param_spec_uint ("generation", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vs_search_indexer_init (VsSearchIndexer *self)
{
}
