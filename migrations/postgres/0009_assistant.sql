-- The assistant's conversations: every question, how it was answered (offline parser, language
-- model, refused by the daily limit, not understood), the tools it called and the answer given.
CREATE TABLE assistant_turns (
    id          BIGSERIAL PRIMARY KEY,
    company_id  BIGINT NOT NULL REFERENCES companies(id),
    user_id     BIGINT REFERENCES users(id),
    -- The conversation: a chat, an API key, the command line.
    conversation TEXT   NOT NULL,
    question    TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    -- What the offline parser understood (JSON), when it did.
    intent      TEXT,
    -- The tool calls made (JSON array: tool, arguments, refused or figures).
    calls       TEXT    NOT NULL,
    answer      TEXT    NOT NULL,
    -- Why the model was not used or failed, when it was configured.
    model_error TEXT,
    elapsed_ms  BIGINT NOT NULL,
    day         TEXT    NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX assistant_turns_company_day ON assistant_turns (company_id, day, source);
CREATE INDEX assistant_turns_conversation ON assistant_turns (company_id, conversation, id);

-- 👍/👎 on an answer, with an optional comment: one per turn and person (the last one counts).
CREATE TABLE assistant_feedback (
    turn_id     BIGINT NOT NULL REFERENCES assistant_turns(id),
    user_id     BIGINT NOT NULL REFERENCES users(id),
    company_id  BIGINT NOT NULL REFERENCES companies(id),
    helpful     BIGINT NOT NULL,
    comment     TEXT,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (turn_id, user_id)
);
CREATE INDEX assistant_feedback_company ON assistant_feedback (company_id, created_at);

-- Questions a day the language model may answer for the company (offline answers are free).
ALTER TABLE companies ADD COLUMN question_limit BIGINT NOT NULL DEFAULT 100;
