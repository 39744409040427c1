-- Calls from the office PBX: each call record once (by the PBX's own id), linked to the
-- customer whose phone it is.

ALTER TABLE companies ADD COLUMN pbx_secret TEXT;

CREATE TABLE calls (
    id            BIGSERIAL PRIMARY KEY,
    company_id    BIGINT  NOT NULL REFERENCES companies(id),
    external_id   TEXT    NOT NULL,
    -- The other party's number (+ and digits): the caller of an incoming call, the callee of
    -- an outgoing one.
    phone         TEXT    NOT NULL,
    -- in, out
    direction     TEXT    NOT NULL,
    started_at    BIGINT  NOT NULL,
    duration_secs BIGINT  NOT NULL,
    answered      BIGINT  NOT NULL,
    recording_url TEXT,
    customer_id   BIGINT  REFERENCES customers(id),
    created_at    BIGINT  NOT NULL,
    UNIQUE (company_id, external_id)
);
CREATE INDEX calls_phone ON calls (company_id, phone);
