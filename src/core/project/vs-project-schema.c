/* vs-project-schema.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project file's schema as a list of forward migrations. A file at version N gets
 * migrations N+1 … latest, in one transaction, when it is opened; a file from a newer Versus
 * is refused before anything is written. Append to the list; never edit a released step.
 *
 * Conventions: times are ISO 8601 UTC text; JSON lives in TEXT columns checked with
 * json_valid(); ids are INTEGER PRIMARY KEY; history that results depend on (template
 * versions, snapshots) is immutable, enforced by triggers.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vs-error.h"
#include "vs-project-private.h"

/* The schema version that adds the search index (issue 11's second step). */
#define SEARCH_INDEX_VERSION 9

/* The text the search index holds for the JSON value @json (an SQL expression): its string
 * values in document order, one space apart, leaving out the `role` of each chat message. Used
 * both to index a row and to remove it: it must give the same text for the same value. */
#define SEARCH_TEXT(json)                                                                     \
  "(SELECT group_concat(value, ' ') FROM json_tree(" json ") WHERE type = 'text'"           \
  " AND NOT (key = 'role' AND path GLOB '$.messages[[]*]'))"

typedef struct
{
  int         version;
  const char *summary;
  const char *sql;
  /* Runs before @sql, for what SQL alone says badly (may be NULL). */
  gboolean  (*before) (sqlite3  *db,
                       GError  **error);
} Migration;

static gboolean cheaper_state_check (sqlite3  *db,
                                     GError  **error);

static gboolean unique_dataset_names (sqlite3  *db,
                                      GError  **error);

static const Migration migrations[] = {
  { 1, "base schema",
    /* Project metadata: name, created_at, created_by. */
    "CREATE TABLE project_meta ("
    "  key   TEXT PRIMARY KEY,"
    "  value TEXT"
    ") STRICT;"

    /* Prompt templates. The working copy lives in `draft`; versions are immutable. */
    "CREATE TABLE templates ("
    "  id              INTEGER PRIMARY KEY,"
    "  name            TEXT NOT NULL,"
    "  draft           TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(draft)),"
    "  head_version_id INTEGER,"
    "  created_at      TEXT NOT NULL,"
    "  updated_at      TEXT NOT NULL"
    ") STRICT;"
    "CREATE TABLE template_versions ("
    "  id          INTEGER PRIMARY KEY,"
    "  template_id INTEGER NOT NULL REFERENCES templates(id) ON DELETE CASCADE,"
    "  number      INTEGER NOT NULL,"
    "  body        TEXT NOT NULL CHECK (json_valid(body)),"
    "  note        TEXT NOT NULL DEFAULT '',"
    "  created_at  TEXT NOT NULL,"
    "  UNIQUE (template_id, number)"
    ") STRICT;"
    "CREATE TRIGGER template_versions_immutable BEFORE UPDATE ON template_versions"
    " BEGIN SELECT RAISE(ABORT, 'template versions are immutable'); END;"

    /* Datasets and their records. `ordinal` is the 1-based position in the source (header not
     * counted; skipped records keep their number). */
    "CREATE TABLE datasets ("
    "  id            INTEGER PRIMARY KEY,"
    "  name          TEXT NOT NULL,"
    "  source_path   TEXT,"
    "  source_format TEXT,"
    "  columns       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(columns)),"
    "  mapping       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(mapping)),"
    "  settings      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),"
    "  created_at    TEXT NOT NULL,"
    "  updated_at    TEXT NOT NULL"
    ") STRICT;"
    "CREATE TABLE records ("
    "  id         INTEGER PRIMARY KEY,"
    "  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,"
    "  ordinal    INTEGER NOT NULL,"
    "  data       TEXT NOT NULL CHECK (json_valid(data)),"
    "  example    TEXT CHECK (example IS NULL OR json_valid(example)),"
    "  split      TEXT NOT NULL DEFAULT 'unassigned'"
    "               CHECK (split IN ('unassigned', 'train', 'validation', 'test')),"
    "  status     TEXT NOT NULL DEFAULT 'unreviewed'"
    "               CHECK (status IN ('unreviewed', 'accepted', 'rejected')),"
    "  tags       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),"
    "  rating     INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),"
    "  tokens     INTEGER,"
    "  problems   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(problems)),"
    "  cluster    INTEGER,"
    "  updated_at TEXT,"
    "  UNIQUE (dataset_id, ordinal)"
    ") STRICT;"
    "CREATE INDEX records_by_status ON records (dataset_id, status);"
    "CREATE INDEX records_by_split ON records (dataset_id, split);"
    "CREATE INDEX records_by_cluster ON records (dataset_id, cluster) WHERE cluster IS NOT NULL;"
    /* Every edit of a record, so curation can be undone and audited. */
    "CREATE TABLE record_edits ("
    "  id        INTEGER PRIMARY KEY,"
    "  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,"
    "  field     TEXT NOT NULL,"
    "  old_value TEXT,"
    "  new_value TEXT,"
    "  at        TEXT NOT NULL"
    ") STRICT;"
    "CREATE INDEX record_edits_by_record ON record_edits (record_id);"
    /* Rows an import skipped, with where and why: nothing is dropped silently. */
    "CREATE TABLE import_problems ("
    "  id         INTEGER PRIMARY KEY,"
    "  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,"
    "  ordinal    INTEGER,"
    "  line       INTEGER NOT NULL,"
    "  col        INTEGER NOT NULL DEFAULT 0,"
    "  key        TEXT NOT NULL,"
    "  message    TEXT NOT NULL"
    ") STRICT;"
    /* Immutable named versions of a dataset that exports, jobs and runs point at. */
    "CREATE TABLE snapshots ("
    "  id         INTEGER PRIMARY KEY,"
    "  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE RESTRICT,"
    "  name       TEXT NOT NULL,"
    "  note       TEXT NOT NULL DEFAULT '',"
    "  n_records  INTEGER NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  UNIQUE (dataset_id, name)"
    ") STRICT;"
    "CREATE TABLE snapshot_records ("
    "  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,"
    "  record_id   INTEGER NOT NULL,"
    "  ordinal     INTEGER NOT NULL,"
    "  split       TEXT NOT NULL,"
    "  example     TEXT NOT NULL CHECK (json_valid(example)),"
    "  tokens      INTEGER,"
    "  PRIMARY KEY (snapshot_id, record_id)"
    ") STRICT, WITHOUT ROWID;"
    "CREATE TRIGGER snapshots_immutable BEFORE UPDATE ON snapshots"
    " BEGIN SELECT RAISE(ABORT, 'snapshots are immutable'); END;"
    "CREATE TRIGGER snapshot_records_immutable BEFORE UPDATE ON snapshot_records"
    " BEGIN SELECT RAISE(ABORT, 'snapshots are immutable'); END;"
    "CREATE TABLE exports ("
    "  id          INTEGER PRIMARY KEY,"
    "  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE RESTRICT,"
    "  format      TEXT NOT NULL,"
    "  path        TEXT NOT NULL,"
    "  n_records   INTEGER NOT NULL,"
    "  created_at  TEXT NOT NULL"
    ") STRICT;"

    /* Model endpoints. Keys are never stored here (Secret Service or environment). */
    "CREATE TABLE endpoints ("
    "  id            INTEGER PRIMARY KEY,"
    "  uuid          TEXT NOT NULL UNIQUE,"
    "  name          TEXT NOT NULL,"
    "  kind          TEXT NOT NULL DEFAULT 'openai' CHECK (kind IN ('openai', 'ollama')),"
    "  base_url      TEXT NOT NULL,"
    "  default_model TEXT,"
    "  headers       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(headers)),"
    "  concurrency   INTEGER NOT NULL DEFAULT 4 CHECK (concurrency BETWEEN 1 AND 256),"
    "  settings      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),"
    "  created_at    TEXT NOT NULL"
    ") STRICT;"

    /* Fine-tuning jobs on a provider, their events (loss curves) and checkpoints. */
    "CREATE TABLE finetune_jobs ("
    "  id                 INTEGER PRIMARY KEY,"
    "  provider           TEXT NOT NULL,"
    "  endpoint_id        INTEGER REFERENCES endpoints(id) ON DELETE SET NULL,"
    "  snapshot_id        INTEGER REFERENCES snapshots(id) ON DELETE RESTRICT,"
    "  remote_id          TEXT,"
    "  base_model         TEXT NOT NULL,"
    "  fine_tuned_model   TEXT,"
    "  state              TEXT NOT NULL DEFAULT 'VALIDATING',"
    "  raw_status         TEXT,"
    "  hyperparameters    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(hyperparameters)),"
    "  training_file_id   TEXT,"
    "  validation_file_id TEXT,"
    "  trained_tokens     INTEGER,"
    "  estimated_cost     REAL,"
    "  error              TEXT,"
    "  created_at         TEXT NOT NULL,"
    "  updated_at         TEXT NOT NULL,"
    "  finished_at        TEXT"
    ") STRICT;"
    "CREATE TABLE finetune_events ("
    "  id         INTEGER PRIMARY KEY,"
    "  job_id     INTEGER NOT NULL REFERENCES finetune_jobs(id) ON DELETE CASCADE,"
    "  remote_id  TEXT,"
    "  level      TEXT,"
    "  type       TEXT,"
    "  message    TEXT,"
    "  data       TEXT CHECK (data IS NULL OR json_valid(data)),"
    "  created_at TEXT NOT NULL,"
    "  UNIQUE (job_id, remote_id)"
    ") STRICT;"

    /* Evaluation runs: contenders × cases × repeats, every response and every score. */
    "CREATE TABLE runs ("
    "  id              INTEGER PRIMARY KEY,"
    "  name            TEXT NOT NULL,"
    "  snapshot_id     INTEGER REFERENCES snapshots(id) ON DELETE RESTRICT,"
    "  split           TEXT,"
    "  repeats         INTEGER NOT NULL DEFAULT 1 CHECK (repeats >= 1),"
    "  metrics         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(metrics)),"
    "  baseline_run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,"
    "  state           TEXT NOT NULL DEFAULT 'pending',"
    "  created_at      TEXT NOT NULL,"
    "  started_at      TEXT,"
    "  finished_at     TEXT"
    ") STRICT;"
    "CREATE TABLE contenders ("
    "  id                  INTEGER PRIMARY KEY,"
    "  run_id              INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    "  position            INTEGER NOT NULL,"
    "  label               TEXT NOT NULL,"
    "  endpoint_id         INTEGER REFERENCES endpoints(id) ON DELETE SET NULL,"
    "  model               TEXT NOT NULL,"
    "  template_version_id INTEGER REFERENCES template_versions(id) ON DELETE RESTRICT,"
    "  finetune_job_id     INTEGER REFERENCES finetune_jobs(id) ON DELETE SET NULL,"
    "  parameters          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(parameters))"
    ") STRICT;"
    "CREATE TABLE results ("
    "  id                INTEGER PRIMARY KEY,"
    "  run_id            INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    "  contender_id      INTEGER NOT NULL REFERENCES contenders(id) ON DELETE CASCADE,"
    "  record_id         INTEGER,"
    "  case_ordinal      INTEGER NOT NULL,"
    "  sample_index      INTEGER NOT NULL DEFAULT 0,"
    "  state             TEXT NOT NULL CHECK (state IN ('pending', 'ok', 'error')),"
    "  output            TEXT,"
    "  finish_reason     TEXT,"
    "  prompt_tokens     INTEGER,"
    "  completion_tokens INTEGER,"
    "  latency_ms        REAL,"
    "  ttft_ms           REAL,"
    "  http_status       INTEGER,"
    "  error             TEXT,"
    "  retries           INTEGER NOT NULL DEFAULT 0,"
    "  cached            INTEGER NOT NULL DEFAULT 0,"
    "  cost              REAL,"
    "  created_at        TEXT NOT NULL,"
    "  UNIQUE (contender_id, case_ordinal, sample_index)"
    ") STRICT;"
    "CREATE INDEX results_by_run ON results (run_id, state);"
    "CREATE TABLE scores ("
    "  result_id INTEGER NOT NULL REFERENCES results(id) ON DELETE CASCADE,"
    "  metric    TEXT NOT NULL,"
    "  value     REAL,"
    "  pass      INTEGER,"
    "  reason    TEXT,"
    "  error     TEXT,"
    "  PRIMARY KEY (result_id, metric)"
    ") STRICT;"
  },
  { 2, "response cache and price table",
    /* Responses keyed by a hash of the canonical request (never the key); errors are not
     * cached. */
    "CREATE TABLE response_cache ("
    "  key        TEXT PRIMARY KEY,"
    "  response   TEXT NOT NULL CHECK (json_valid(response)),"
    "  created_at TEXT NOT NULL"
    ") STRICT;"
    /* Editable prices per 1M tokens; local models default to zero. */
    "CREATE TABLE prices ("
    "  model          TEXT PRIMARY KEY,"
    "  input_per_m    REAL NOT NULL DEFAULT 0,"
    "  output_per_m   REAL NOT NULL DEFAULT 0,"
    "  training_per_m REAL NOT NULL DEFAULT 0,"
    "  updated_at     TEXT NOT NULL"
    ") STRICT;"
  },
  { 3, "per-dataset record counts",
    /* How many records each dataset holds per (split, status), kept as rows change so that
     * no page counts a million records. Inserts add to it once per batch from code
     * (_vs_dataset_counts_add): a trigger per inserted row would slow imports down. Edits of
     * split or status and deletions are rare and kept by triggers. */
    "CREATE TABLE dataset_counts ("
    "  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,"
    "  split      TEXT NOT NULL"
    "               CHECK (split IN ('unassigned', 'train', 'validation', 'test')),"
    "  status     TEXT NOT NULL"
    "               CHECK (status IN ('unreviewed', 'accepted', 'rejected')),"
    "  n          INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (dataset_id, split, status)"
    ") STRICT, WITHOUT ROWID;"
    "INSERT INTO dataset_counts (dataset_id, split, status, n)"
    " SELECT dataset_id, split, status, count(*) FROM records GROUP BY 1, 2, 3;"
    "CREATE TRIGGER records_count_update AFTER UPDATE OF dataset_id, split, status ON records"
    " WHEN old.split IS NOT new.split OR old.status IS NOT new.status"
    "   OR old.dataset_id IS NOT new.dataset_id"
    " BEGIN"
    "  UPDATE dataset_counts SET n = n - 1"
    "   WHERE dataset_id = old.dataset_id AND split = old.split AND status = old.status;"
    "  INSERT INTO dataset_counts (dataset_id, split, status, n)"
    "   VALUES (new.dataset_id, new.split, new.status, 1)"
    "   ON CONFLICT DO UPDATE SET n = n + 1;"
    " END;"
    /* Only UPDATE here: when the dataset itself is deleted its count rows may already be
     * gone, and there is nothing to insert for it. */
    "CREATE TRIGGER records_count_delete AFTER DELETE ON records"
    " BEGIN"
    "  UPDATE dataset_counts SET n = n - 1"
    "   WHERE dataset_id = old.dataset_id AND split = old.split AND status = old.status;"
    " END;"
  },
  { 4, "partial split and status indexes",
    /* Imports append rows that are all 'unassigned' and 'unreviewed'; full indexes on split
     * and status made every inserted row cost two more index insertions for entries nobody
     * looks up (counts come from dataset_counts). Index only the rows a filter can pick out;
     * a query uses them when it repeats the index's condition, e.g.
     * "split = ?2 AND split != 'unassigned'". */
    "DROP INDEX records_by_status;"
    "DROP INDEX records_by_split;"
    "CREATE INDEX records_by_status ON records (dataset_id, status, ordinal)"
    " WHERE status != 'unreviewed';"
    "CREATE INDEX records_by_split ON records (dataset_id, split, ordinal)"
    " WHERE split != 'unassigned';"
  },
  { 5, "fine-tune checkpoints",
    /* The checkpoints a provider lists for a job (a model per saved step, with the metrics at
     * that step), kept once each by the provider's id. */
    "CREATE TABLE finetune_checkpoints ("
    "  id         INTEGER PRIMARY KEY,"
    "  job_id     INTEGER NOT NULL REFERENCES finetune_jobs(id) ON DELETE CASCADE,"
    "  remote_id  TEXT NOT NULL,"
    "  step       INTEGER,"
    "  model      TEXT,"
    "  metrics    TEXT CHECK (metrics IS NULL OR json_valid(metrics)),"
    "  created_at TEXT NOT NULL,"
    "  UNIQUE (job_id, remote_id)"
    ") STRICT;"
  },
  { 6, "dataset cleaning steps",
    /* The wizard's cleaning history: each step says what it did, keeps the old value of
     * every field it changed, and marks (never deletes) the records it dropped, so it can be
     * undone after the project is reopened. */
    "CREATE TABLE dataset_steps ("
    "  id         INTEGER PRIMARY KEY,"
    "  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,"
    "  kind       TEXT NOT NULL,"
    "  params     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params)),"
    "  n_before   INTEGER NOT NULL DEFAULT 0,"
    "  n_changed  INTEGER NOT NULL DEFAULT 0,"
    "  n_dropped  INTEGER NOT NULL DEFAULT 0,"
    "  undone     INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL"
    ") STRICT;"
    "CREATE INDEX dataset_steps_by_dataset ON dataset_steps (dataset_id, id);"
    "CREATE TABLE step_changes ("
    "  step_id   INTEGER NOT NULL REFERENCES dataset_steps(id) ON DELETE CASCADE,"
    "  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,"
    "  field     TEXT NOT NULL,"
    "  old_value TEXT,"
    "  PRIMARY KEY (step_id, record_id, field)"
    ") STRICT, WITHOUT ROWID;"
    "ALTER TABLE records ADD COLUMN dropped_by INTEGER"
    "  REFERENCES dataset_steps(id) ON DELETE SET NULL;"
    "CREATE INDEX records_by_dropped ON records (dropped_by) WHERE dropped_by IS NOT NULL;"
  },
  { 7, "evaluation specs and unique run names",
    /* The evaluation spec a run was started from (cases mapping, contenders with their
     * templates, metrics, prices), so a run resumes as it was started; a run is found by
     * its name, unique per project (older duplicates get their id appended). */
    "ALTER TABLE runs ADD COLUMN spec TEXT CHECK (spec IS NULL OR json_valid(spec));"
    "UPDATE runs SET name = name || ' (' || id || ')'"
    " WHERE id NOT IN (SELECT min(id) FROM runs GROUP BY name);"
    "CREATE UNIQUE INDEX runs_by_name ON runs (name);"
    "CREATE INDEX results_by_run_case ON results (run_id, case_ordinal);"
  },
  { 8, "snapshots as record versions, unique dataset names",
    /* A snapshot costs space in proportion to what changed since the one before it, not to
     * the dataset's size. Each dataset counts its snapshot generations (the latest in
     * `datasets.generation`; snapshot N of a dataset has generation N). A record's current
     * content belongs to every generation from `records.born` on; an edit of a frozen record
     * (born <= the dataset's generation) first copies the old content to `record_versions`
     * with the generations it belonged to [first_gen, last_gen], then opens a new version
     * (born = generation + 1). Triggers do this, so every writer of records keeps snapshots
     * right without knowing about them. Snapshot G holds the versions alive at G whose status
     * passes its filter (not rejected, or accepted only) and that no cleaning step dropped.
     * Tokens counted for the first time (NULL before) are not an edit. */
    "ALTER TABLE datasets ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE records ADD COLUMN born INTEGER NOT NULL DEFAULT 1;"
    "DROP TRIGGER snapshots_immutable;"
    "ALTER TABLE snapshots ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE snapshots ADD COLUMN accepted_only INTEGER NOT NULL DEFAULT 0"
    "  CHECK (accepted_only IN (0, 1));"
    "UPDATE snapshots SET generation = (SELECT count(*) FROM snapshots s"
    " WHERE s.dataset_id = snapshots.dataset_id AND s.id <= snapshots.id);"
    "CREATE UNIQUE INDEX snapshots_by_generation ON snapshots (dataset_id, generation);"
    "CREATE TRIGGER snapshots_immutable BEFORE UPDATE ON snapshots"
    " BEGIN SELECT RAISE(ABORT, 'snapshots are immutable'); END;"
    "UPDATE datasets SET generation = (SELECT coalesce(max(generation), 0) FROM snapshots"
    " WHERE snapshots.dataset_id = datasets.id);"
    "UPDATE records SET born = (SELECT generation + 1 FROM datasets d"
    " WHERE d.id = records.dataset_id)"
    " WHERE dataset_id IN (SELECT dataset_id FROM snapshots);"
    "CREATE TABLE record_versions ("
    "  id         INTEGER PRIMARY KEY,"
    "  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,"
    "  record_id  INTEGER NOT NULL,"
    "  ordinal    INTEGER NOT NULL,"
    "  data       TEXT NOT NULL,"
    "  example    TEXT,"
    "  split      TEXT NOT NULL,"
    "  status     TEXT NOT NULL,"
    "  tags       TEXT NOT NULL,"
    "  tokens     INTEGER,"
    "  dropped    INTEGER NOT NULL DEFAULT 0,"
    "  first_gen  INTEGER NOT NULL,"
    "  last_gen   INTEGER NOT NULL,"
    "  CHECK (first_gen <= last_gen)"
    ") STRICT;"
    "CREATE INDEX record_versions_by_ordinal ON record_versions (dataset_id, ordinal);"
    "CREATE INDEX record_versions_by_record ON record_versions (dataset_id, record_id);"
    "CREATE INDEX record_versions_by_last ON record_versions (dataset_id, last_gen);"
    "CREATE TRIGGER record_versions_immutable BEFORE UPDATE ON record_versions"
    " BEGIN SELECT RAISE(ABORT, 'snapshots are immutable'); END;"
    /* The old full copies become versions that belong to their one snapshot. Their only
     * writer (the evaluation runner) kept the row's data in `example`. */
    "INSERT INTO record_versions (dataset_id, record_id, ordinal, data, example, split, status,"
    " tags, tokens, dropped, first_gen, last_gen)"
    " SELECT s.dataset_id, sr.record_id, sr.ordinal, sr.example,"
    "  (SELECT r.example FROM records r WHERE r.id = sr.record_id AND r.data = sr.example),"
    "  sr.split, 'unreviewed', '[]', sr.tokens, 0, s.generation, s.generation"
    " FROM snapshot_records sr JOIN snapshots s ON s.id = sr.snapshot_id;"
    "DROP TABLE snapshot_records;"
    /* Records whose content changed after some snapshot: the rows a diff looks at. */
    "CREATE INDEX records_by_born ON records (dataset_id, born) WHERE born > 1;"
    "CREATE TRIGGER records_version_insert AFTER INSERT ON records"
    " WHEN new.born <= (SELECT generation FROM datasets WHERE id = new.dataset_id)"
    " BEGIN"
    "  UPDATE records SET born = (SELECT generation + 1 FROM datasets"
    "   WHERE id = new.dataset_id) WHERE id = new.id;"
    " END;"
    "CREATE TRIGGER records_version_update AFTER UPDATE OF dataset_id, ordinal, data, example,"
    "  split, status, tags, tokens, dropped_by ON records"
    " WHEN old.born <= (SELECT generation FROM datasets WHERE id = old.dataset_id)"
    "  AND (old.dataset_id IS NOT new.dataset_id OR old.ordinal IS NOT new.ordinal"
    "   OR old.data IS NOT new.data OR old.example IS NOT new.example"
    "   OR old.split IS NOT new.split OR old.status IS NOT new.status"
    "   OR old.tags IS NOT new.tags"
    "   OR (old.tokens IS NOT new.tokens AND old.tokens IS NOT NULL)"
    "   OR (old.dropped_by IS NULL) IS NOT (new.dropped_by IS NULL))"
    " BEGIN"
    "  INSERT INTO record_versions (dataset_id, record_id, ordinal, data, example, split,"
    "   status, tags, tokens, dropped, first_gen, last_gen)"
    "   SELECT old.dataset_id, old.id, old.ordinal, old.data, old.example, old.split,"
    "    old.status, old.tags, old.tokens, old.dropped_by IS NOT NULL, old.born, generation"
    "   FROM datasets WHERE id = old.dataset_id;"
    "  UPDATE records SET born = (SELECT generation + 1 FROM datasets"
    "   WHERE id = new.dataset_id) WHERE id = new.id;"
    " END;"
    "CREATE TRIGGER records_version_delete AFTER DELETE ON records"
    " WHEN old.born <= (SELECT generation FROM datasets WHERE id = old.dataset_id)"
    " BEGIN"
    "  INSERT INTO record_versions (dataset_id, record_id, ordinal, data, example, split,"
    "   status, tags, tokens, dropped, first_gen, last_gen)"
    "   SELECT old.dataset_id, old.id, old.ordinal, old.data, old.example, old.split,"
    "    old.status, old.tags, old.tokens, old.dropped_by IS NOT NULL, old.born, generation"
    "   FROM datasets WHERE id = old.dataset_id;"
    " END;"
    /* What an export wrote, so that a fine-tune started from the file finds its snapshot. */
    "ALTER TABLE exports ADD COLUMN sha256 TEXT;"
    "ALTER TABLE exports ADD COLUMN part TEXT;"
    "CREATE INDEX exports_by_sha256 ON exports (sha256) WHERE sha256 IS NOT NULL;"
    /* Dataset names are unique (older duplicates were renamed "NAME 2", … first). */
    "CREATE UNIQUE INDEX datasets_by_name ON datasets (name);",
    unique_dataset_names },
  /* The version of the search index step below: a one-line change if steps are renumbered. */
  { SEARCH_INDEX_VERSION, "full-text search over records",
    /* An FTS5 index over the text of every record: the string values of `data` (every
     * column) and of the mapped `example`, without the roles of chat messages (every example
     * has them). The text is derived by SEARCH_TEXT, so the index stores no copy of it: its
     * content is the view record_search_text (highlight() and snippet() read it there).
     *
     * Rows with id <= record_search_state.indexed_upto are indexed, the others are not yet:
     * imports append rows without paying for the index, and vs-dataset-search.c indexes the
     * rows above the mark in batches through the writer, raising the mark. Triggers keep the
     * indexed rows fresh as they change, and lower the mark when the highest rows go so that
     * a reused id is never taken for indexed. The old text of a changed or deleted row comes
     * from OLD through the same SEARCH_TEXT, as an external-content index requires. */
    "CREATE VIEW record_search_text AS SELECT id, "
    SEARCH_TEXT ("records.data") " AS data, " SEARCH_TEXT ("records.example") " AS example"
    " FROM records;"
    "CREATE VIRTUAL TABLE record_search USING fts5 (data, example,"
    " content = 'record_search_text', content_rowid = 'id',"
    " tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');"
    "CREATE TABLE record_search_state ("
    "  id           INTEGER PRIMARY KEY CHECK (id = 1),"
    "  indexed_upto INTEGER NOT NULL DEFAULT 0"
    ") STRICT;"
    "INSERT INTO record_search_state (id, indexed_upto) VALUES (1, 0);"
    "CREATE TRIGGER record_search_insert AFTER INSERT ON records"
    " WHEN new.id <= (SELECT indexed_upto FROM record_search_state)"
    " BEGIN"
    "  INSERT INTO record_search (rowid, data, example)"
    "   VALUES (new.id, " SEARCH_TEXT ("new.data") ", " SEARCH_TEXT ("new.example") ");"
    " END;"
    "CREATE TRIGGER record_search_update AFTER UPDATE OF id, data, example ON records"
    " WHEN old.id <= (SELECT indexed_upto FROM record_search_state)"
    "   OR new.id <= (SELECT indexed_upto FROM record_search_state)"
    " BEGIN"
    "  INSERT INTO record_search (record_search, rowid, data, example)"
    "   SELECT 'delete', old.id, " SEARCH_TEXT ("old.data") ", " SEARCH_TEXT ("old.example")
    "   WHERE old.id <= (SELECT indexed_upto FROM record_search_state);"
    "  INSERT INTO record_search (rowid, data, example)"
    "   SELECT new.id, " SEARCH_TEXT ("new.data") ", " SEARCH_TEXT ("new.example")
    "   WHERE new.id <= (SELECT indexed_upto FROM record_search_state);"
    " END;"
    "CREATE TRIGGER record_search_delete AFTER DELETE ON records"
    " WHEN old.id <= (SELECT indexed_upto FROM record_search_state)"
    " BEGIN"
    "  INSERT INTO record_search (record_search, rowid, data, example)"
    "   VALUES ('delete', old.id, " SEARCH_TEXT ("old.data") ", " SEARCH_TEXT ("old.example")
    ");"
    "  UPDATE record_search_state"
    "   SET indexed_upto = (SELECT coalesce(max(id), 0) FROM records)"
    "   WHERE indexed_upto > (SELECT coalesce(max(id), 0) FROM records);"
    " END;"
  },
  { 10, "batch evaluation",
    /* A run's trials sent as batches: one row per batch input file, submitted to a provider's
     * batch API ('openai', 'mistral') or written for the user's own cluster ('files'). The
     * provider's ids, state (the fine-tuning state machine's words, 'PREPARED' before
     * submission), counts and times are kept so that tracking resumes after a restart; the
     * token is the unique "versus_batch" metadata value that finds a batch whose create
     * response was lost. */
    "CREATE TABLE batches ("
    "  id             INTEGER PRIMARY KEY,"
    "  run_id         INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    "  contender_id   INTEGER NOT NULL REFERENCES contenders(id) ON DELETE CASCADE,"
    "  provider       TEXT NOT NULL CHECK (provider IN ('openai', 'mistral', 'files')),"
    "  endpoint       TEXT,"
    "  remote_id      TEXT,"
    "  token          TEXT,"
    "  input_path     TEXT NOT NULL,"
    "  input_file_id  TEXT,"
    "  output_file_id TEXT,"
    "  error_file_id  TEXT,"
    "  state          TEXT NOT NULL DEFAULT 'PREPARED',"
    "  status         TEXT,"
    "  n_lines        INTEGER NOT NULL DEFAULT 0 CHECK (n_lines >= 0),"
    "  n_completed    INTEGER NOT NULL DEFAULT 0,"
    "  n_failed       INTEGER NOT NULL DEFAULT 0,"
    "  created_at     TEXT NOT NULL,"
    "  updated_at     TEXT NOT NULL,"
    "  completed_at   TEXT,"
    "  ingested       INTEGER NOT NULL DEFAULT 0 CHECK (ingested IN (0, 1)),"
    "  error          TEXT"
    ") STRICT;"
    "CREATE INDEX batches_by_run ON batches (run_id, id);"
    "CREATE UNIQUE INDEX batches_by_token ON batches (token) WHERE token IS NOT NULL;"
    /* The fraction a batch API takes off input and output prices (about half). */
    "ALTER TABLE prices ADD COLUMN batch_discount REAL NOT NULL DEFAULT 0.5"
    "  CHECK (batch_discount >= 0 AND batch_discount <= 1);"
  },
  { 11, "cheaper check of a result's state",
    /* All in cheaper_state_check(). */
    "",
    cheaper_state_check },
};

static gboolean
db_failed (sqlite3  *db,
           GError  **error)
{
  g_set_error (error, VS_ERROR, VS_ERROR_FAILED, "%s", sqlite3_errmsg (db));
  return FALSE;
}

/* Renames every dataset whose name an older one already has to "NAME 2", "NAME 3", … (the
 * first free number), oldest first. */
static gboolean
unique_dataset_names (sqlite3  *db,
                      GError  **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT id, name FROM datasets d WHERE EXISTS (SELECT 1 FROM datasets"
                           " o WHERE o.name = d.name AND o.id < d.id) ORDER BY id",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return db_failed (db, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *id = g_new (gint64, 1);

      *id = sqlite3_column_int64 (stmt, 0);
      g_ptr_array_add (ids, id);
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  if (rc != SQLITE_DONE)
    {
      sqlite3_finalize (stmt);
      return db_failed (db, error);
    }
  sqlite3_finalize (stmt);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *name = NULL;
      gboolean taken = TRUE;

      for (int n = 2; taken; n++)
        {
          g_free (name);
          name = g_strdup_printf ("%s %d", (const char *) g_ptr_array_index (names, i), n);
          sqlite3_prepare_v2 (db, "SELECT 1 FROM datasets WHERE name = ?1", -1, &stmt, NULL);
          sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
          taken = sqlite3_step (stmt) == SQLITE_ROW;
          sqlite3_finalize (stmt);
        }
      sqlite3_prepare_v2 (db, "UPDATE datasets SET name = ?2 WHERE id = ?1", -1, &stmt, NULL);
      sqlite3_bind_int64 (stmt, 1, *(gint64 *) g_ptr_array_index (ids, i));
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        return db_failed (db, error);
    }
  return TRUE;
}

/* results.state's CHECK as "state IN ('pending', 'ok', 'error')" makes SQLite 3.40 build a
 * temporary B-tree of the three words for every row inserted or updated: a third of the
 * writer's time when a batch ingest writes 50,000 results a second. The same check written
 * as comparisons costs nothing. Only the constraint's text changes, which every row already
 * satisfies, so this is SQLite's documented in-place schema edit (writable_schema, then a new
 * schema version), not a rebuild of a table that may hold millions of rows. */
static gboolean
cheaper_state_check (sqlite3  *db,
                     GError  **error)
{
  static const char old_check[] = "CHECK (state IN ('pending', 'ok', 'error'))";
  static const char new_check[] = "CHECK (state = 'pending' OR state = 'ok' OR state = 'error')";
  sqlite3_stmt *stmt = NULL;
  g_autofree char *pragma = NULL;
  gint64 version;
  int rc, changes;

  rc = sqlite3_prepare_v2 (db, "PRAGMA schema_version", -1, &stmt, NULL);
  if (rc != SQLITE_OK || sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      return db_failed (db, error);
    }
  version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if (sqlite3_exec (db, "PRAGMA writable_schema = ON", NULL, NULL, NULL) != SQLITE_OK)
    return db_failed (db, error);
  rc = sqlite3_prepare_v2 (db,
                           "UPDATE sqlite_schema SET sql = replace (sql, ?1, ?2)"
                           " WHERE type = 'table' AND name = 'results' AND instr (sql, ?1) > 0",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, old_check, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, new_check, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  changes = sqlite3_changes (db);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_FAILED, "%s", sqlite3_errmsg (db));
      sqlite3_exec (db, "PRAGMA writable_schema = OFF", NULL, NULL, NULL);
      return FALSE;
    }
  /* Other connections see the new schema version and read the schema again. */
  if (changes > 0)
    {
      pragma = g_strdup_printf ("PRAGMA schema_version = %" G_GINT64_FORMAT, version + 1);
      if (sqlite3_exec (db, pragma, NULL, NULL, NULL) != SQLITE_OK)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_FAILED, "%s", sqlite3_errmsg (db));
          sqlite3_exec (db, "PRAGMA writable_schema = OFF", NULL, NULL, NULL);
          return FALSE;
        }
    }
  if (sqlite3_exec (db, "PRAGMA writable_schema = OFF", NULL, NULL, NULL) != SQLITE_OK)
    return db_failed (db, error);
  return TRUE;
}

int
_vs_project_schema_latest (void)
{
  return migrations[G_N_ELEMENTS (migrations) - 1].version;
}

gboolean
_vs_project_schema_migrate (sqlite3  *db,
                            int       from,
                            int       to,
                            GError  **error)
{
  g_autofree char *pragma = NULL;
  char *errmsg = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (from <= to, FALSE);
  g_return_val_if_fail (to <= _vs_project_schema_latest (), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      const Migration *m = &migrations[i];

      if (m->version <= from || m->version > to)
        continue;

      if (m->before != NULL && !m->before (db, error))
        {
          g_prefix_error (error, _("Could not upgrade the project to version %d (%s): "),
                          m->version, m->summary);
          return FALSE;
        }

      if (sqlite3_exec (db, m->sql, NULL, NULL, &errmsg) != SQLITE_OK)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_FAILED,
                       /* Translators: %d is a project format version, the first %s a short
                        * English summary of the upgrade step, the second the database's
                        * description of the error. */
                       _("Could not upgrade the project to version %d (%s): %s"),
                       m->version, m->summary, errmsg ? errmsg : sqlite3_errmsg (db));
          sqlite3_free (errmsg);
          return FALSE;
        }
    }

  pragma = g_strdup_printf ("PRAGMA user_version = %d", to);
  if (sqlite3_exec (db, pragma, NULL, NULL, &errmsg) != SQLITE_OK)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_FAILED,
                   _("Could not record the schema version: %s"), errmsg);
      sqlite3_free (errmsg);
      return FALSE;
    }

  return TRUE;
}
