-- Staff publishing: accounts, sessions, API tokens, the audit log, idempotency keys, templates.
-- Secrets are never stored: sessions and tokens are kept as SHA-256 hashes (hex) of the value
-- the client holds, passwords as PBKDF2 hashes.

CREATE TABLE staff_user (
    id            INTEGER PRIMARY KEY,
    -- Stored trimmed and lowercased by the store; NOCASE also guards ASCII case at the SQL level.
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(email) BETWEEN 3 AND 254),
    name          TEXT NOT NULL CHECK (name <> ''),
    role          TEXT NOT NULL CHECK (role IN ('editor', 'admin')),
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE staff_session (
    id_hash      TEXT PRIMARY KEY NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
    -- The per-session CSRF token forms must echo.
    csrf_secret  TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX staff_session_by_user ON staff_session (user_id);
CREATE INDEX staff_session_by_last_seen ON staff_session (last_seen_at);

CREATE TABLE api_token (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL CHECK (name <> ''),
    role         TEXT NOT NULL CHECK (role IN ('editor', 'admin')),
    token_hash   TEXT NOT NULL UNIQUE,
    -- The first characters of the token, to recognise it in lists.
    prefix       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
-- A name identifies one live token (`token revoke --name`); revoked names may be reused.
CREATE UNIQUE INDEX api_token_live_name ON api_token (name) WHERE revoked_at IS NULL;

-- Append-only. The actor is copied, not referenced: history outlives removed users and tokens.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    actor_kind  TEXT NOT NULL CHECK (actor_kind IN ('user', 'token', 'system')),
    actor_id    INTEGER,
    actor_name  TEXT NOT NULL,
    actor_role  TEXT NOT NULL CHECK (actor_role IN ('editor', 'admin')),
    action      TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   INTEGER,
    before_json TEXT,
    after_json  TEXT
);
CREATE INDEX audit_log_by_entity ON audit_log (entity_type, entity_id);

-- What a create request with an Idempotency-Key answered, so a retry gets the same answer.
CREATE TABLE idempotency_key (
    principal        TEXT NOT NULL,
    key              TEXT NOT NULL,
    fingerprint      TEXT NOT NULL,
    response_status  INTEGER NOT NULL,
    content_type     TEXT NOT NULL,
    response_body    BLOB NOT NULL,
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (principal, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_key_by_created_at ON idempotency_key (created_at);

-- Templates keep their texts here: localized_text's owner CHECK cannot grow without a rebuild.
CREATE TABLE message_template (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (name <> ''),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE message_template_text (
    template_id INTEGER NOT NULL REFERENCES message_template (id) ON DELETE CASCADE,
    field       TEXT NOT NULL CHECK (field IN ('title', 'body')),
    language    TEXT NOT NULL CHECK (length(language) BETWEEN 2 AND 3 AND language NOT GLOB '*[^a-z]*'),
    body        TEXT NOT NULL CHECK (body <> ''),
    PRIMARY KEY (template_id, field, language)
) WITHOUT ROWID;

-- Edited updates keep their place in the timeline; the audit log keeps the previous text.
ALTER TABLE incident_update ADD COLUMN edited_at INTEGER;
