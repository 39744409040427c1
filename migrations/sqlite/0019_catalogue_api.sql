-- The catalogue API (issue 16): API users who log in for JSON Web Tokens, the seed E-Catalog's
-- entities (nomenklatura = products with a group, description and images; clients = customers
-- with their 1C code and e-mail; projects), 1C's exchange files, sync tasks and field agents'
-- locations.

-- A person or program that logs in with a username and password (SimpleJWT's shape) and acts
-- in one company with one role. Usernames are unique across the server: the token endpoint
-- names no company.
CREATE TABLE api_users (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies(id),
    username        TEXT    NOT NULL UNIQUE,
    -- Argon2id in the PHC string format (salt and parameters included).
    password_hash   TEXT    NOT NULL,
    role            TEXT    NOT NULL,
    branch_id       INTEGER REFERENCES branches(id),
    created_by      INTEGER REFERENCES users(id),
    created_at      INTEGER NOT NULL,
    revoked_at      INTEGER
);

-- One login: a chain of rotating refresh tokens. Only `refresh_jti` may be exchanged; an older
-- one presented again (a stolen copy) revokes the whole session. Access tokens name their
-- session, so revoking it stops them at once.
CREATE TABLE api_sessions (
    id                  TEXT    PRIMARY KEY,
    api_user_id         INTEGER NOT NULL REFERENCES api_users(id),
    refresh_jti         TEXT    NOT NULL,
    refresh_expires_at  INTEGER NOT NULL,
    created_at          INTEGER NOT NULL,
    rotated_at          INTEGER NOT NULL,
    revoked_at          INTEGER
);
CREATE INDEX api_sessions_user ON api_sessions (api_user_id);

-- Which API user acted, for the activity log (API keys have their own column).
ALTER TABLE audit_log ADD COLUMN actor_api_user_id INTEGER REFERENCES api_users(id);

-- Server-wide secrets made on first use when the environment gives none (the JWT signing key),
-- so every instance on one database signs alike.
CREATE TABLE server_secrets (
    name        TEXT    PRIMARY KEY,
    value       TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

ALTER TABLE products ADD COLUMN group_name TEXT;
ALTER TABLE products ADD COLUMN description TEXT;
-- person or assistant: the assistant never overwrites what a person wrote.
ALTER TABLE products ADD COLUMN description_source TEXT;
CREATE UNIQUE INDEX products_code_1c ON products (company_id, code_1c);

ALTER TABLE customers ADD COLUMN code_1c TEXT;
ALTER TABLE customers ADD COLUMN email TEXT;
ALTER TABLE customers ADD COLUMN updated_at INTEGER;
CREATE UNIQUE INDEX customers_code_1c ON customers (company_id, code_1c);

CREATE TABLE projects (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    code_1c     TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    client_id   INTEGER REFERENCES customers(id),
    -- planned, active, completed, cancelled
    status      TEXT    NOT NULL,
    start_date  TEXT,
    end_date    TEXT,
    description TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (company_id, code_1c)
);

-- Pictures of products, clients and projects, with two thumbnails made on upload.
CREATE TABLE images (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies(id),
    -- nomenklatura, client, project
    entity_type     TEXT    NOT NULL,
    entity_id       INTEGER NOT NULL,
    is_main         INTEGER NOT NULL DEFAULT 0,
    -- pending, ready, failed (the seed's thumbnail status)
    status          TEXT    NOT NULL,
    content_type    TEXT    NOT NULL,
    width           INTEGER NOT NULL DEFAULT 0,
    height          INTEGER NOT NULL DEFAULT 0,
    original        BLOB    NOT NULL,
    small           BLOB,
    medium          BLOB,
    sha256          TEXT    NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX images_entity ON images (company_id, entity_type, entity_id);

-- Where a field agent was: from Telegram's live location or the seed's agent-location route.
CREATE TABLE agent_locations (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies(id),
    agent_code      TEXT    NOT NULL,
    user_id         INTEGER REFERENCES users(id),
    latitude        REAL    NOT NULL,
    longitude       REAL    NOT NULL,
    accuracy_m      REAL,
    device_name     TEXT,
    platform        TEXT,
    battery_level   INTEGER,
    network_type    TEXT,
    region          TEXT,
    recorded_at     INTEGER NOT NULL
);
CREATE INDEX agent_locations_agent ON agent_locations (company_id, agent_code, recorded_at);

-- Files a 1C base sends in an exchange (CommerceML `mode=file`), kept until `mode=import`.
CREATE TABLE onec_files (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    session     TEXT    NOT NULL,
    filename    TEXT    NOT NULL,
    body        BLOB    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX onec_files_session ON onec_files (session, filename);

-- Where a pull-style sync reads from: a 1C base's HTTP service that publishes CommerceML.
CREATE TABLE integrations (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    kind        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    url         TEXT    NOT NULL,
    username    TEXT,
    password    TEXT,
    created_at  INTEGER NOT NULL
);

-- A long sync or import: what the seed's sync/status route answers.
CREATE TABLE sync_tasks (
    id              TEXT    PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies(id),
    kind            TEXT    NOT NULL,
    integration_id  INTEGER,
    -- pending, running, success, failed
    status          TEXT    NOT NULL,
    processed       INTEGER NOT NULL DEFAULT 0,
    total           INTEGER NOT NULL DEFAULT 0,
    created         INTEGER NOT NULL DEFAULT 0,
    updated         INTEGER NOT NULL DEFAULT 0,
    message         TEXT,
    created_at      INTEGER NOT NULL,
    finished_at     INTEGER
);
