-- Subscriber notifications: email subscribers (double opt-in), webhook subscriptions, and the
-- outbox. Publishing writes an event and one delivery row per recipient in the same transaction
-- as the change; the sender works through the pending deliveries.

CREATE TABLE email_subscriber (
    id                      INTEGER PRIMARY KEY,
    email                   TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(email) BETWEEN 3 AND 254),
    language                TEXT NOT NULL CHECK (length(language) BETWEEN 2 AND 3 AND language NOT GLOB '*[^a-z]*'),
    -- The secret in confirm and unsubscribe links. Kept in clear because every email must carry
    -- it; it only allows confirming or ending this one subscription.
    token                   TEXT NOT NULL UNIQUE,
    -- 1 when the subscriber chose components; with no rows left (components deleted) they still
    -- hear of events that concern the whole service.
    filtered                INTEGER NOT NULL DEFAULT 0 CHECK (filtered IN (0, 1)),
    created_at              INTEGER NOT NULL,
    confirmation_sent_at    INTEGER,
    confirmation_expires_at INTEGER,
    confirmed_at            INTEGER
);
CREATE INDEX email_subscriber_unconfirmed ON email_subscriber (confirmation_expires_at) WHERE confirmed_at IS NULL;

CREATE TABLE email_subscriber_component (
    subscriber_id INTEGER NOT NULL REFERENCES email_subscriber (id) ON DELETE CASCADE,
    component_id  INTEGER NOT NULL REFERENCES component (id) ON DELETE CASCADE,
    PRIMARY KEY (subscriber_id, component_id)
) WITHOUT ROWID;
CREATE INDEX email_subscriber_component_by_component ON email_subscriber_component (component_id);

CREATE TABLE webhook_subscription (
    id          INTEGER PRIMARY KEY,
    url         TEXT NOT NULL CHECK (url GLOB 'http://*' OR url GLOB 'https://*'),
    secret      TEXT NOT NULL CHECK (length(secret) >= 16),
    language    TEXT NOT NULL CHECK (length(language) BETWEEN 2 AND 3 AND language NOT GLOB '*[^a-z]*'),
    description TEXT NOT NULL DEFAULT '',
    filtered    INTEGER NOT NULL DEFAULT 0 CHECK (filtered IN (0, 1)),
    created_at  INTEGER NOT NULL
);

CREATE TABLE webhook_subscription_component (
    webhook_id   INTEGER NOT NULL REFERENCES webhook_subscription (id) ON DELETE CASCADE,
    component_id INTEGER NOT NULL REFERENCES component (id) ON DELETE CASCADE,
    PRIMARY KEY (webhook_id, component_id)
) WITHOUT ROWID;

-- Immutable once written: what was published, frozen as JSON (NotificationSubject + components).
CREATE TABLE notification_event (
    id           INTEGER PRIMARY KEY,
    public_id    TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    -- Set for events that must happen once per thing (a maintenance starting), so a clock-driven
    -- event and a staff action cannot both announce it.
    once_key     TEXT UNIQUE,
    created_at   INTEGER NOT NULL
);
CREATE INDEX notification_event_by_created_at ON notification_event (created_at);

-- One row per recipient and event; a confirmation email has no event. Deleting a subscriber or
-- webhook deletes its rows: nothing more is sent, and no personal data stays behind.
CREATE TABLE notification_delivery (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER REFERENCES notification_event (id) ON DELETE CASCADE,
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
    subscriber_id   INTEGER REFERENCES email_subscriber (id) ON DELETE CASCADE,
    webhook_id      INTEGER REFERENCES webhook_subscription (id) ON DELETE CASCADE,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    delivered_at    INTEGER,
    CHECK ((channel = 'email') = (subscriber_id IS NOT NULL) AND (channel = 'webhook') = (webhook_id IS NOT NULL)),
    -- The de-duplication the sender relies on: one delivery per event and recipient.
    UNIQUE (event_id, subscriber_id),
    UNIQUE (event_id, webhook_id)
);
CREATE INDEX notification_delivery_due ON notification_delivery (next_attempt_at) WHERE state = 'pending';
CREATE INDEX notification_delivery_by_event ON notification_delivery (event_id);
CREATE INDEX notification_delivery_by_subscriber ON notification_delivery (subscriber_id);
CREATE INDEX notification_delivery_by_webhook ON notification_delivery (webhook_id);

-- Staff choose per maintenance whether subscribers hear of it; its start and end follow that choice.
ALTER TABLE maintenance ADD COLUMN notify_subscribers INTEGER NOT NULL DEFAULT 1 CHECK (notify_subscribers IN (0, 1));
