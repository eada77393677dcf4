-- The bot's records as they were before versioned migrations (a file made then is found as it is:
-- every statement here is IF NOT EXISTS).  {serial} is the engine's auto-numbered id column.
-- No REFERENCES: SQLite never enforced them here, and PostgreSQL must accept the same records.
CREATE TABLE IF NOT EXISTS answers (
    id {serial},
    chat_id BIGINT, user_id BIGINT,
    question TEXT NOT NULL, question_key TEXT NOT NULL,
    answered INTEGER NOT NULL,
    shown TEXT NOT NULL,          -- the answer as sent
    chunks TEXT NOT NULL,         -- JSON list of the chunk ids behind it, best first
    created_at DOUBLE PRECISION NOT NULL,
    resolved TEXT,                -- the question searched (after context and transliteration)
    calculation TEXT              -- a calculation's command and arguments ("shape 28 5 1 2"): to recompute
);
CREATE TABLE IF NOT EXISTS feedback (
    answer_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    vote INTEGER NOT NULL,        -- +1 or -1
    created_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (answer_id, user_id)
);
CREATE TABLE IF NOT EXISTS calculations (
    id {serial}, kind TEXT NOT NULL, ok INTEGER NOT NULL, created_at DOUBLE PRECISION NOT NULL
);
CREATE TABLE IF NOT EXISTS answer_messages (   -- a reply to one of these messages follows up its answer
    chat_id BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    answer_id BIGINT NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX IF NOT EXISTS answers_by_chat_user ON answers (chat_id, user_id, created_at);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS uploads (   -- files maintainers sent: a restart finishes those not finished
    id {serial},
    chat_id BIGINT, user_id BIGINT,
    message_id BIGINT,           -- the maintainer's message carrying the file
    path TEXT NOT NULL,          -- where it was saved (uploads/ beside the knowledge base), '' until saved
    name TEXT NOT NULL,          -- the file name as sent
    received_at DOUBLE PRECISION NOT NULL,
    finished_at DOUBLE PRECISION,  -- NULL until its outcome was reported
    file_id TEXT,                -- Telegram's id of the file: fetched again after a restart
    progress_id BIGINT           -- the bot's progress message about it, edited to say what became of it
);
