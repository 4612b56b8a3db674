-- Driftstatus initial schema. Forward-only: never edit once released; add 0002_... instead.
-- Times are UTC, stored as INTEGER milliseconds since 1970-01-01 (cheap range comparisons).
-- Every title/description/body lives in localized_text, so a new language needs no migration.

-- Small key/value facts about the database, e.g. the data_version counter caches compare.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('data_version', 0);

CREATE TABLE component_group (
    id           INTEGER PRIMARY KEY,
    position     INTEGER NOT NULL,
    is_collapsed INTEGER NOT NULL DEFAULT 0 CHECK (is_collapsed IN (0, 1))
);
CREATE INDEX component_group_by_position ON component_group (position);

CREATE TABLE component (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 64 AND slug NOT GLOB '*[^a-z0-9-]*'),
    group_id   INTEGER REFERENCES component_group (id) ON DELETE SET NULL,
    position   INTEGER NOT NULL,
    status     TEXT NOT NULL DEFAULT 'operational' CHECK (status IN
                   ('operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage')),
    is_hidden  INTEGER NOT NULL DEFAULT 0 CHECK (is_hidden IN (0, 1)),
    created_at INTEGER NOT NULL
);
CREATE INDEX component_by_group ON component (group_id, position);

CREATE TABLE incident (
    id          INTEGER PRIMARY KEY,
    impact      TEXT NOT NULL CHECK (impact IN ('none', 'minor', 'major', 'critical')),
    -- The status of the newest update, kept here so lists need not read updates.
    status      TEXT NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
    started_at  INTEGER NOT NULL,
    resolved_at INTEGER CHECK (resolved_at IS NULL OR resolved_at >= started_at),
    CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
);
CREATE INDEX incident_by_started_at ON incident (started_at);
-- Also serves "resolved_at IS NULL": the unresolved incidents every page shows.
CREATE INDEX incident_by_resolved_at ON incident (resolved_at);

CREATE TABLE incident_update (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
    created_at  INTEGER NOT NULL
);
CREATE INDEX incident_update_by_incident ON incident_update (incident_id, created_at);

-- "This update set component X to status Y."
CREATE TABLE incident_update_component (
    update_id    INTEGER NOT NULL REFERENCES incident_update (id) ON DELETE CASCADE,
    component_id INTEGER NOT NULL REFERENCES component (id) ON DELETE CASCADE,
    status       TEXT NOT NULL CHECK (status IN
                     ('operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage')),
    position     INTEGER NOT NULL,
    PRIMARY KEY (update_id, component_id)
) WITHOUT ROWID;
CREATE INDEX incident_update_component_by_component ON incident_update_component (component_id);

-- The components an incident affects, in the order staff named them.
CREATE TABLE incident_component (
    incident_id  INTEGER NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    component_id INTEGER NOT NULL REFERENCES component (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    PRIMARY KEY (incident_id, component_id)
) WITHOUT ROWID;
CREATE INDEX incident_component_by_component ON incident_component (component_id);

CREATE TABLE maintenance (
    id           INTEGER PRIMARY KEY,
    starts_at    INTEGER NOT NULL,
    ends_at      INTEGER NOT NULL,
    cancelled_at INTEGER,
    completed_at INTEGER,
    created_at   INTEGER NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX maintenance_by_starts_at ON maintenance (starts_at);
CREATE INDEX maintenance_by_ends_at ON maintenance (ends_at);

CREATE TABLE maintenance_component (
    maintenance_id INTEGER NOT NULL REFERENCES maintenance (id) ON DELETE CASCADE,
    component_id   INTEGER NOT NULL REFERENCES component (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    PRIMARY KEY (maintenance_id, component_id)
) WITHOUT ROWID;
CREATE INDEX maintenance_component_by_component ON maintenance_component (component_id);

-- One row per (owner, field, language). The owner is polymorphic, so instead of foreign
-- keys the triggers below remove an owner's texts when the owner is deleted.
CREATE TABLE localized_text (
    owner_type TEXT NOT NULL CHECK (owner_type IN
                   ('component_group', 'component', 'incident', 'incident_update', 'maintenance')),
    owner_id   INTEGER NOT NULL,
    field      TEXT NOT NULL CHECK (field IN ('name', 'description', 'title', 'body')),
    language   TEXT NOT NULL CHECK (length(language) BETWEEN 2 AND 3 AND language NOT GLOB '*[^a-z]*'),
    body       TEXT NOT NULL CHECK (body <> ''),
    PRIMARY KEY (owner_type, owner_id, field, language)
) WITHOUT ROWID;

CREATE TRIGGER component_group_texts_cleanup AFTER DELETE ON component_group BEGIN
    DELETE FROM localized_text WHERE owner_type = 'component_group' AND owner_id = OLD.id;
END;
CREATE TRIGGER component_texts_cleanup AFTER DELETE ON component BEGIN
    DELETE FROM localized_text WHERE owner_type = 'component' AND owner_id = OLD.id;
END;
CREATE TRIGGER incident_texts_cleanup AFTER DELETE ON incident BEGIN
    DELETE FROM localized_text WHERE owner_type = 'incident' AND owner_id = OLD.id;
END;
CREATE TRIGGER incident_update_texts_cleanup AFTER DELETE ON incident_update BEGIN
    DELETE FROM localized_text WHERE owner_type = 'incident_update' AND owner_id = OLD.id;
END;
CREATE TRIGGER maintenance_texts_cleanup AFTER DELETE ON maintenance BEGIN
    DELETE FROM localized_text WHERE owner_type = 'maintenance' AND owner_id = OLD.id;
END;
