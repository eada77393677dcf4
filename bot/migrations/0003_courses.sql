-- Courses and forum topics (bot/courses.py).  A course is named by its ``name``; the default course (the home
-- directory's own base) has no row and needs none.  ``thread_id`` 0 stands for a whole chat (a group without
-- topics, or all its topics).
CREATE TABLE IF NOT EXISTS courses (
    name TEXT PRIMARY KEY, created_by BIGINT, created_at DOUBLE PRECISION NOT NULL
);
CREATE TABLE IF NOT EXISTS course_admins (
    course TEXT NOT NULL, user_id BIGINT NOT NULL, PRIMARY KEY (course, user_id)
);
CREATE TABLE IF NOT EXISTS course_bindings (   -- which course a group, or one of its topics, asks
    chat_id BIGINT NOT NULL, thread_id BIGINT NOT NULL, course TEXT NOT NULL,
    bound_by BIGINT, bound_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (chat_id, thread_id)
);
CREATE TABLE IF NOT EXISTS course_members (    -- a student seen in a course's group
    user_id BIGINT NOT NULL, course TEXT NOT NULL, seen_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (user_id, course)
);
CREATE TABLE IF NOT EXISTS private_courses (   -- the course a student picked for their private chat
    user_id BIGINT PRIMARY KEY, course TEXT NOT NULL, chosen_at DOUBLE PRECISION NOT NULL
);
CREATE TABLE IF NOT EXISTS answer_courses (    -- the course whose material an answer showed
    answer_id BIGINT PRIMARY KEY, course TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS upload_places (     -- the course and topic an upload came from
    upload_id BIGINT PRIMARY KEY, course TEXT NOT NULL, thread_id BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS human_requests (    -- an answer whose question was passed to the course's staff
    answer_id BIGINT PRIMARY KEY, user_id BIGINT, created_at DOUBLE PRECISION NOT NULL
);
