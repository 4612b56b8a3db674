-- Postmortems: a long-form text attached to a resolved incident. Staff save a draft, preview it
-- and publish it; publishing copies the draft to the published text the public sees, so later
-- edits of the draft stay private until published again. The audit log keeps every version.

CREATE TABLE postmortem (
    incident_id       INTEGER PRIMARY KEY REFERENCES incident (id) ON DELETE CASCADE,
    draft_saved_at    INTEGER NOT NULL,
    -- The first publication (Statuspage's postmortem_published_at) and the latest one.
    published_at      INTEGER,
    last_published_at INTEGER,
    CHECK ((published_at IS NULL) = (last_published_at IS NULL))
);

-- Its own text table: localized_text's owner CHECK cannot grow without a table rebuild.
CREATE TABLE postmortem_text (
    incident_id INTEGER NOT NULL REFERENCES postmortem (incident_id) ON DELETE CASCADE,
    version     TEXT NOT NULL CHECK (version IN ('draft', 'published')),
    language    TEXT NOT NULL CHECK (length(language) BETWEEN 2 AND 3 AND language NOT GLOB '*[^a-z]*'),
    body        TEXT NOT NULL CHECK (body <> ''),
    PRIMARY KEY (incident_id, version, language)
) WITHOUT ROWID;
