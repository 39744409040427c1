-- A person's own settings: which kinds of notification they hear, and quiet hours (in their
-- company's time zone) when Savdo sends them nothing on its own initiative.
CREATE TABLE user_settings (
    user_id     BIGINT PRIMARY KEY REFERENCES users(id),
    -- Kinds turned off, comma separated (low_stock,digest,approvals,debts,tax,recommendations).
    muted       TEXT    NOT NULL DEFAULT '',
    -- HH:MM, both or neither.
    quiet_from  TEXT,
    quiet_to    TEXT,
    updated_at  BIGINT  NOT NULL
);
