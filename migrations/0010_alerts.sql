-- Alertmanager and Grafana alerts moving components (docs/alertmanager.md). The rules that
-- decide live in StatusModel (AlertStateRules); these tables only remember what was decided.

-- Counts every write of a component's staff-set status (direct, or through an incident): an
-- alert that began firing under an older count has been overridden by staff since.
ALTER TABLE component ADD COLUMN status_version INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER component_status_version AFTER UPDATE OF status ON component
BEGIN
    UPDATE component SET status_version = status_version + 1 WHERE id = NEW.id;
END;

-- The latest occurrence (starts_at) of each alert (fingerprint) per component it moves.
CREATE TABLE alert_state (
    component_id   INTEGER NOT NULL REFERENCES component(id) ON DELETE CASCADE,
    fingerprint    TEXT NOT NULL,
    rule_name      TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance')),
    starts_at      INTEGER NOT NULL,
    is_firing      INTEGER NOT NULL CHECK (is_firing IN (0, 1)),
    staff_version  INTEGER NOT NULL,
    override_noted INTEGER NOT NULL DEFAULT 0 CHECK (override_noted IN (0, 1)),
    summary        TEXT NOT NULL,
    received_at    INTEGER NOT NULL,
    PRIMARY KEY (component_id, fingerprint)
) WITHOUT ROWID;
CREATE INDEX alert_state_firing ON alert_state (is_firing) WHERE is_firing = 1;

-- Incidents an alert proposed (rules with action "draft" or "publish"), until staff publish or
-- discard them. The texts are the rule's templates filled in when the alert fired.
CREATE TABLE alert_draft (
    id           INTEGER PRIMARY KEY,
    component_id INTEGER NOT NULL REFERENCES component(id) ON DELETE CASCADE,
    fingerprint  TEXT NOT NULL,
    starts_at    INTEGER NOT NULL,
    rule_name    TEXT NOT NULL,
    status       TEXT NOT NULL,
    title_json   TEXT NOT NULL,
    body_json    TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    incident_id  INTEGER REFERENCES incident(id) ON DELETE SET NULL,
    closed_at    INTEGER,
    UNIQUE (component_id, fingerprint, starts_at)
);
CREATE INDEX alert_draft_open ON alert_draft (created_at) WHERE closed_at IS NULL;
