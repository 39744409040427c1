-- REGOS (cloud POS) sales sync: a company's connection to its REGOS integration, the receipts
-- brought in (each once, by REGOS uuid), and a log of every sync.

CREATE TABLE regos_connections (
    company_id      INTEGER PRIMARY KEY REFERENCES companies(id),
    base_url        TEXT    NOT NULL,
    integration_id  TEXT    NOT NULL,
    client_id       TEXT    NOT NULL,
    client_secret   TEXT    NOT NULL,
    token_url       TEXT    NOT NULL,
    -- What REGOS's webhooks must carry in X-Regos-Secret.
    webhook_secret  TEXT    NOT NULL,
    created_at      INTEGER NOT NULL
);

CREATE TABLE regos_receipts (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    uuid        TEXT    NOT NULL,
    -- retail (DocCheque) or wholesale (DocWholeSale)
    kind        TEXT    NOT NULL,
    last_update INTEGER NOT NULL,
    sale_id     INTEGER REFERENCES sales(id),
    seller      TEXT,
    UNIQUE (company_id, uuid)
);

CREATE TABLE regos_syncs (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    -- daily, manual, webhook, cli
    mode        TEXT    NOT NULL,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER,
    -- running, done, failed
    status      TEXT    NOT NULL,
    pages       INTEGER NOT NULL DEFAULT 0,
    new_count   INTEGER NOT NULL DEFAULT 0,
    updated     INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    errors      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX regos_syncs_company ON regos_syncs (company_id, id);

-- Products created from another system's sales wait for an admin to confirm them.
ALTER TABLE products ADD COLUMN needs_review INTEGER NOT NULL DEFAULT 0;
