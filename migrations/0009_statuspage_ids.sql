-- Which Driftstatus row an imported record became (`driftstatus import statuspage`), so running
-- the import again updates those rows instead of adding copies. A separate table rather than
-- columns: the core tables stay free of one importer's concerns, and a future importer (another
-- source) adds rows, not columns. Keyed on the source page too: two pages may reuse ids.
CREATE TABLE import_source_id (
    source      TEXT NOT NULL CHECK (source IN ('statuspage')),
    page_id     TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN
                    ('component_group', 'component', 'incident', 'incident_update', 'maintenance')),
    external_id TEXT NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
    local_id    INTEGER NOT NULL,
    imported_at INTEGER NOT NULL,
    PRIMARY KEY (source, page_id, kind, external_id)
) WITHOUT ROWID;
-- "Was this row imported?", and cleaning up when staff delete one.
CREATE INDEX import_source_id_by_local ON import_source_id (kind, local_id);
