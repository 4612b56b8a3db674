-- Stale incident reminders to staff (issue 12): staff accounts get a language, and the outbox
-- gets a third channel, 'staff', whose recipient is an address copied in when the reminder is
-- written (an admin account's, or one of [notifications] staff_emails) with its language.

-- NULL: the site's first language (resolved when used, so it follows a change of languages).
ALTER TABLE staff_user ADD COLUMN language TEXT
    CHECK (language IS NULL OR (length(language) BETWEEN 2 AND 3 AND language NOT GLOB '*[^a-z]*'));

-- SQLite cannot change a CHECK in place: the table is rebuilt with every row kept (ids too).
CREATE TABLE notification_delivery_new (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER REFERENCES notification_event (id) ON DELETE CASCADE,
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'webhook', 'staff')),
    subscriber_id   INTEGER REFERENCES email_subscriber (id) ON DELETE CASCADE,
    webhook_id      INTEGER REFERENCES webhook_subscription (id) ON DELETE CASCADE,
    staff_email     TEXT CHECK (staff_email IS NULL OR length(staff_email) BETWEEN 3 AND 254),
    staff_language  TEXT CHECK (staff_language IS NULL OR (length(staff_language) BETWEEN 2 AND 3 AND staff_language NOT GLOB '*[^a-z]*')),
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    delivered_at    INTEGER,
    CHECK ((channel = 'email') = (subscriber_id IS NOT NULL) AND (channel = 'webhook') = (webhook_id IS NOT NULL)
           AND (channel = 'staff') = (staff_email IS NOT NULL) AND (channel = 'staff') = (staff_language IS NOT NULL)),
    -- The de-duplication the sender relies on: one delivery per event and recipient.
    UNIQUE (event_id, subscriber_id),
    UNIQUE (event_id, webhook_id),
    UNIQUE (event_id, staff_email)
);
INSERT INTO notification_delivery_new (id, event_id, channel, subscriber_id, webhook_id, state, attempts, next_attempt_at,
                                       last_error, created_at, delivered_at)
    SELECT id, event_id, channel, subscriber_id, webhook_id, state, attempts, next_attempt_at, last_error, created_at, delivered_at
    FROM notification_delivery;
DROP TABLE notification_delivery;
ALTER TABLE notification_delivery_new RENAME TO notification_delivery;
CREATE INDEX notification_delivery_due ON notification_delivery (next_attempt_at) WHERE state = 'pending';
CREATE INDEX notification_delivery_by_event ON notification_delivery (event_id);
CREATE INDEX notification_delivery_by_subscriber ON notification_delivery (subscriber_id);
CREATE INDEX notification_delivery_by_webhook ON notification_delivery (webhook_id);
