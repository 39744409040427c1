-- The activity log: one row per change made through the core, written in the change's own
-- transaction. actor_kind is user, api_key, job or cli; changes is JSON {"field": [before, after]}.
CREATE TABLE audit_log (
    id             BIGSERIAL PRIMARY KEY,
    company_id     BIGINT NOT NULL REFERENCES companies(id),
    actor_kind     TEXT    NOT NULL,
    actor_user_id  BIGINT REFERENCES users(id),
    actor_key_id   BIGINT REFERENCES api_keys(id),
    actor_job      TEXT,
    action         TEXT    NOT NULL,
    entity         TEXT    NOT NULL,
    entity_id      BIGINT NOT NULL,
    changes        TEXT    NOT NULL,
    created_at     BIGINT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (company_id, entity, entity_id, id);
CREATE INDEX audit_log_time ON audit_log (company_id, created_at);

-- Entries are never edited or deleted.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the activity log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
