-- The activity log: one row per change made through the core, written in the change's own
-- transaction. actor_kind is user, api_key, job or cli; changes is JSON {"field": [before, after]}.
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    company_id     INTEGER NOT NULL REFERENCES companies(id),
    actor_kind     TEXT    NOT NULL,
    actor_user_id  INTEGER REFERENCES users(id),
    actor_key_id   INTEGER REFERENCES api_keys(id),
    actor_job      TEXT,
    action         TEXT    NOT NULL,
    entity         TEXT    NOT NULL,
    entity_id      INTEGER NOT NULL,
    changes        TEXT    NOT NULL,
    created_at     INTEGER NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (company_id, entity, entity_id, id);
CREATE INDEX audit_log_time ON audit_log (company_id, created_at);

-- Entries are never edited or deleted.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the activity log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the activity log is append-only');
END;
