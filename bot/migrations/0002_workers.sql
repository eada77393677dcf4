-- What several workers on one database share besides the records (bot/workers.py).
CREATE TABLE IF NOT EXISTS updates (   -- every update received, once: a redelivered update_id is dropped
    update_id BIGINT PRIMARY KEY,
    body TEXT NOT NULL,              -- the update as Telegram sent it (JSON): another worker can take it over
    worker TEXT NOT NULL,            -- the worker handling it
    received_at DOUBLE PRECISION NOT NULL,
    done_at DOUBLE PRECISION         -- NULL while it is being handled
);
CREATE INDEX IF NOT EXISTS updates_not_done ON updates (done_at, worker);
CREATE TABLE IF NOT EXISTS workers (   -- a worker is alive while it keeps its row fresh
    id TEXT PRIMARY KEY,
    seen_at DOUBLE PRECISION NOT NULL
);
CREATE TABLE IF NOT EXISTS leases (    -- the job only one worker runs (the digest): whoever holds it
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at DOUBLE PRECISION NOT NULL
);
CREATE TABLE IF NOT EXISTS rate_hits (   -- the per-user sliding windows, shared by the workers
    key TEXT NOT NULL,
    at DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS rate_hits_by_key ON rate_hits (key, at);
CREATE TABLE IF NOT EXISTS rate_notices (   -- "told to slow down" once: silence until then
    key TEXT PRIMARY KEY,
    quiet_until DOUBLE PRECISION NOT NULL
);
ALTER TABLE uploads ADD COLUMN worker TEXT;  -- the worker that received it: only a dead one's are resumed
