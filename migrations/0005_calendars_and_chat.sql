-- Calendars and chat channels (issue 13, sections 3-5).

-- Counts every change to a window (create = 0; move, extend, cancel, complete each add one):
-- iCalendar's SEQUENCE, so calendar clients replace their copy of the event.
ALTER TABLE maintenance ADD COLUMN revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0);
-- When the window was last changed (LAST-MODIFIED); NULL until the first change after creation.
ALTER TABLE maintenance ADD COLUMN updated_at INTEGER;

-- What a webhook receiver is sent: Driftstatus' signed Statuspage-shaped JSON, or a chat tool's
-- incoming-webhook message (Slack Block Kit, a Teams Adaptive Card, Discord embeds).
ALTER TABLE webhook_subscription ADD COLUMN format TEXT NOT NULL DEFAULT 'driftstatus'
    CHECK (format IN ('driftstatus', 'slack', 'teams', 'discord'));
