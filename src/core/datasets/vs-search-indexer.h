/* vs-search-indexer.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keeps a project's search index (vs-dataset-search.h) built in the background, for the GUI:
 * one per project, created on first use. vs_search_indexer_ensure() starts a build when
 * records are pending; records that an import (or anything else) adds are indexed once
 * inserts have paused for a moment, so an import runs at full speed and the index follows it.
 * While it works, "building" is TRUE and "done"/"total" count records, so a view can say that
 * the index is building and how far it is; "generation" grows after each build, when
 * searches over the new records become complete. A read-only project is never built.
 *
 * Main thread only (the thread that opened the project). Not for the CLI, which builds with
 * vs_dataset_search_build_sync().
 */
#pragma once

#include "vs-project.h"

G_BEGIN_DECLS

#define VS_TYPE_SEARCH_INDEXER (vs_search_indexer_get_type ())
G_DECLARE_FINAL_TYPE (VsSearchIndexer, vs_search_indexer, VS, SEARCH_INDEXER, GObject)

/* The project's indexer (transfer none: it lives as long as @project). */
VsSearchIndexer *vs_search_indexer_get            (VsProject       *project);
/* Starts a build when records are pending and none runs. */
void             vs_search_indexer_ensure         (VsSearchIndexer *self);
gboolean         vs_search_indexer_get_building   (VsSearchIndexer *self);
/* Records indexed and to index in the running build (0 and 0 when none runs). */
gint64           vs_search_indexer_get_done       (VsSearchIndexer *self);
gint64           vs_search_indexer_get_total      (VsSearchIndexer *self);
/* Incremented each time a build completes. */
guint            vs_search_indexer_get_generation (VsSearchIndexer *self);

G_END_DECLS
