-- The object-storage mirror (`serve --mirror s3://BUCKET/PREFIX`): what the bucket holds as far
-- as this site knows, and the uploads and deletions still owed to it. Neither is shown on a page.

-- One row per object the bucket holds, with the SHA-256 (hex) of its stored bytes: a page whose
-- bytes hash the same is not uploaded again. `target` names bucket, prefix and endpoint, so
-- pointing the mirror at another bucket starts afresh instead of trusting the old one's state.
CREATE TABLE mirror_object (
    target      TEXT NOT NULL,
    key         TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    uploaded_at INTEGER NOT NULL,
    PRIMARY KEY (target, key)
) WITHOUT ROWID;

-- The durable queue: one pending operation per object (a newer version replaces an older one),
-- kept with its bytes until the bucket confirms it, retried with a growing delay.
CREATE TABLE mirror_upload (
    target           TEXT NOT NULL,
    key              TEXT NOT NULL,
    operation        TEXT NOT NULL CHECK (operation IN ('put', 'delete')),
    sha256           TEXT,
    body             BLOB,
    content_type     TEXT,
    cache_control    TEXT,
    content_encoding TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    last_error       TEXT,
    CHECK ((operation = 'put') = (sha256 IS NOT NULL AND body IS NOT NULL AND content_type IS NOT NULL)),
    PRIMARY KEY (target, key)
) WITHOUT ROWID;
CREATE INDEX mirror_upload_by_due ON mirror_upload (target, next_attempt_at);
