-- Foundation: tenants, people, catalogue, stock. Timestamps are Unix seconds (UTC);
-- money is integer tiyin; quantities are integer thousandths of a unit; rates are basis points.
CREATE TABLE companies (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    tin         TEXT    NOT NULL,
    time_zone   TEXT    NOT NULL DEFAULT 'Asia/Tashkent',
    language    TEXT    NOT NULL DEFAULT 'uz',
    currency    TEXT    NOT NULL DEFAULT 'UZS',
    created_at  INTEGER NOT NULL
);

CREATE TABLE branches (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    name        TEXT    NOT NULL,
    address     TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    UNIQUE (company_id, name)
);

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    telegram_id         INTEGER NOT NULL UNIQUE,
    name                TEXT    NOT NULL,
    phone               TEXT,
    language            TEXT,
    current_company_id  INTEGER REFERENCES companies(id),
    created_at          INTEGER NOT NULL
);

CREATE TABLE memberships (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    role        TEXT    NOT NULL,
    branch_id   INTEGER REFERENCES branches(id),
    status      TEXT    NOT NULL DEFAULT 'active',
    created_at  INTEGER NOT NULL,
    UNIQUE (company_id, user_id)
);

CREATE TABLE invites (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    token       TEXT    NOT NULL UNIQUE,
    role        TEXT    NOT NULL,
    branch_id   INTEGER REFERENCES branches(id),
    created_by  INTEGER NOT NULL REFERENCES users(id),
    expires_at  INTEGER NOT NULL,
    used_by     INTEGER REFERENCES users(id),
    used_at     INTEGER,
    created_at  INTEGER NOT NULL
);

-- Tax rates are dated data: the rate in force on a day is the latest row with effective_from <= day.
CREATE TABLE tax_rates (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER REFERENCES companies(id),
    kind            TEXT    NOT NULL,
    rate_bp         INTEGER NOT NULL,
    effective_from  TEXT    NOT NULL,
    UNIQUE (company_id, kind, effective_from)
);

CREATE TABLE products (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies(id),
    code            TEXT    NOT NULL,
    code_1c         TEXT,
    barcode         TEXT,
    name            TEXT    NOT NULL,
    search_text     TEXT    NOT NULL,
    unit            TEXT    NOT NULL,
    purchase_price  INTEGER NOT NULL,
    sale_price      INTEGER NOT NULL,
    vat_rate_bp     INTEGER NOT NULL,
    min_qty         INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (company_id, code)
);
CREATE INDEX products_barcode ON products (company_id, barcode);

CREATE TABLE stock (
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    branch_id   INTEGER NOT NULL REFERENCES branches(id),
    product_id  INTEGER NOT NULL REFERENCES products(id),
    qty         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (branch_id, product_id)
);

CREATE TABLE stock_moves (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    branch_id   INTEGER NOT NULL REFERENCES branches(id),
    product_id  INTEGER NOT NULL REFERENCES products(id),
    qty_delta   INTEGER NOT NULL,
    reason      TEXT    NOT NULL,
    ref_kind    TEXT    NOT NULL,
    ref_id      INTEGER,
    user_id     INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX stock_moves_product ON stock_moves (company_id, branch_id, product_id);

CREATE TABLE customers (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    name        TEXT    NOT NULL,
    tin         TEXT,
    phone       TEXT,
    created_at  INTEGER NOT NULL
);

CREATE TABLE suppliers (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    name        TEXT    NOT NULL,
    tin         TEXT,
    phone       TEXT,
    created_at  INTEGER NOT NULL
);

-- Telegram update ids already taken: a redelivered update is acknowledged and dropped.
CREATE TABLE processed_updates (
    bot_id      INTEGER NOT NULL,
    update_id   INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (bot_id, update_id)
);

-- Dialogue state per chat (JSON), so a conversation survives a restart.
CREATE TABLE dialogues (
    chat_id     INTEGER PRIMARY KEY,
    state       TEXT    NOT NULL,
    updated_at  INTEGER NOT NULL
);

INSERT INTO tax_rates (company_id, kind, rate_bp, effective_from) VALUES
    (NULL, 'vat',        1200, '2023-01-01'),
    (NULL, 'profit',     1500, '2019-01-01'),
    (NULL, 'turnover',    400, '2020-01-01'),
    (NULL, 'income',     1200, '2019-01-01'),
    (NULL, 'social',     1200, '2019-01-01');
