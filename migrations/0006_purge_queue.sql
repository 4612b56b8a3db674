-- Purges for the caches in front (`[cache] purge_urls`): after a change the site writes one row
-- per cache with the tags that changed; a background sender sends them as PURGE requests with
-- retries, so a cache that is down gets them when it returns and a restart forgets none.
CREATE TABLE purge_queue (
    id              INTEGER PRIMARY KEY,
    cache_url       TEXT NOT NULL CHECK (cache_url GLOB 'http://*' OR cache_url GLOB 'https://*'),
    -- Space-separated xkey tags, e.g. 'home history feeds json incident-42'.
    tags            TEXT NOT NULL CHECK (length(tags) > 0),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL
);
CREATE INDEX purge_queue_due ON purge_queue (next_attempt_at);
