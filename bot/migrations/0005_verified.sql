-- Verified answers (bot/verifying.py): the bot's side of the flow.  The pairs themselves live in each course's
-- knowledge base (knowledge/verified.py), where `daneshyar ask` and every worker read them.
CREATE TABLE IF NOT EXISTS verified_offers (   -- a TA's or admin's answer waiting for an admin's tap
    id {serial},
    course TEXT NOT NULL,
    question TEXT NOT NULL,
    phrasing TEXT NOT NULL,          -- the question as the bot searched it ('' when the same)
    answer TEXT NOT NULL,
    role TEXT NOT NULL,              -- ta | admin: who wrote it, never their name
    kind TEXT NOT NULL,              -- reply | learn | correction
    answer_id BIGINT,                -- a correction: the bot's answer it corrects
    offered_by BIGINT,
    created_at DOUBLE PRECISION NOT NULL,
    decided_by BIGINT,               -- the admin whose tap verified it (NULL while waiting)
    decided_at DOUBLE PRECISION,
    pair_id TEXT                     -- the pair it became
);
CREATE TABLE IF NOT EXISTS answer_pairs (      -- the verified pair an answer showed (a 👎 streak retires it)
    answer_id BIGINT PRIMARY KEY, pair_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS retired_answers (   -- an answer whose 👎 streak retired it: retired once, by one worker
    answer_id BIGINT PRIMARY KEY, pair_id TEXT, retired_at DOUBLE PRECISION NOT NULL
);
