-- Where each answer came from, and the people who answered after the bot (course analytics, the digest's
-- list of questions waiting for a human).  Nothing is dropped or rewritten: a column and two tables are added,
-- and the new column is filled in for the answers recorded before it.
--
-- answers.kind: what the bot showed (bot/kinds.py names them once):
--   'material'    an answer from the course's material
--   'verified'    a verified question-answer pair (item 3 of issue 25 records those with this kind)
--   'unanswered'  the material did not cover it
--   'calculation' a calculation, asked in a sentence or with a command
-- «answered by a human» is not a kind: it is a row in staff_replies, kept beside what the bot showed.
ALTER TABLE answers ADD COLUMN kind TEXT;
UPDATE answers SET kind = CASE
    WHEN COALESCE(calculation, '') <> '' OR COALESCE(NULLIF(resolved, ''), question) LIKE '/%' THEN 'calculation'
    WHEN answered = 0 THEN 'unanswered'
    ELSE 'material' END;
CREATE INDEX IF NOT EXISTS answers_by_time ON answers (created_at);
CREATE TABLE IF NOT EXISTS question_messages (   -- the student's message an answer replied to: its link, a TA's reply
    chat_id BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    answer_id BIGINT NOT NULL,
    thread_id BIGINT NOT NULL,     -- its forum topic, 0 for none
    PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX IF NOT EXISTS question_messages_by_answer ON question_messages (answer_id);
CREATE TABLE IF NOT EXISTS staff_replies (       -- the latest reply of a TA or admin to a question or its answer
    answer_id BIGINT PRIMARY KEY,
    user_id BIGINT,
    message_id BIGINT,             -- the staff member's reply, in the answer's chat
    replied_at DOUBLE PRECISION NOT NULL
);
