-- Sales, returns, purchases, transfers, counts; rollups for fast lookups; alerts; API keys; jobs.
-- Amounts are signed tiyin (a return is negative sales); quantities are positive thousandths
-- unless the column says it is signed.

ALTER TABLE companies ADD COLUMN digest_time TEXT NOT NULL DEFAULT '09:00';
ALTER TABLE stock ADD COLUMN avg_cost INTEGER NOT NULL DEFAULT 0;

CREATE TABLE sales (
    id               INTEGER PRIMARY KEY,
    company_id       INTEGER NOT NULL REFERENCES companies(id),
    branch_id        INTEGER NOT NULL REFERENCES branches(id),
    cashier_id       INTEGER REFERENCES users(id),
    customer_id      INTEGER REFERENCES customers(id),
    kind             TEXT    NOT NULL,
    return_of        INTEGER REFERENCES sales(id),
    sale_type        TEXT    NOT NULL,
    payment          TEXT    NOT NULL,
    sold_at          INTEGER NOT NULL,
    day              TEXT    NOT NULL,
    total            INTEGER NOT NULL,
    vat              INTEGER NOT NULL,
    discount         INTEGER NOT NULL,
    cost             INTEGER NOT NULL,
    source           TEXT    NOT NULL,
    idempotency_key  TEXT,
    created_at       INTEGER NOT NULL,
    UNIQUE (company_id, idempotency_key)
);
CREATE INDEX sales_company_day ON sales (company_id, day, branch_id);
CREATE INDEX sales_return_of ON sales (return_of);

CREATE TABLE sale_lines (
    id           INTEGER PRIMARY KEY,
    sale_id      INTEGER NOT NULL REFERENCES sales(id),
    company_id   INTEGER NOT NULL REFERENCES companies(id),
    product_id   INTEGER NOT NULL REFERENCES products(id),
    qty          INTEGER NOT NULL,
    unit_price   INTEGER NOT NULL,
    discount     INTEGER NOT NULL,
    total        INTEGER NOT NULL,
    vat          INTEGER NOT NULL,
    vat_rate_bp  INTEGER NOT NULL,
    cost         INTEGER NOT NULL
);
CREATE INDEX sale_lines_sale ON sale_lines (sale_id);

-- Rollups, kept in the same transaction as every sale: a lookup reads a few rows, not a month of receipts.
CREATE TABLE sales_day (
    company_id  INTEGER NOT NULL,
    day         TEXT    NOT NULL,
    branch_id   INTEGER NOT NULL,
    sale_type   TEXT    NOT NULL,
    payment     TEXT    NOT NULL,
    receipts    INTEGER NOT NULL,
    returns     INTEGER NOT NULL,
    total       INTEGER NOT NULL,
    returned    INTEGER NOT NULL,
    vat         INTEGER NOT NULL,
    cost        INTEGER NOT NULL,
    PRIMARY KEY (company_id, day, branch_id, sale_type, payment)
);

CREATE TABLE sales_day_cashier (
    company_id  INTEGER NOT NULL,
    day         TEXT    NOT NULL,
    branch_id   INTEGER NOT NULL,
    cashier_id  INTEGER NOT NULL,
    receipts    INTEGER NOT NULL,
    total       INTEGER NOT NULL,
    PRIMARY KEY (company_id, day, branch_id, cashier_id)
);

CREATE TABLE sales_day_product (
    company_id  INTEGER NOT NULL,
    day         TEXT    NOT NULL,
    branch_id   INTEGER NOT NULL,
    product_id  INTEGER NOT NULL,
    qty         INTEGER NOT NULL,
    total       INTEGER NOT NULL,
    PRIMARY KEY (company_id, day, branch_id, product_id)
);

CREATE TABLE sales_month_product (
    company_id  INTEGER NOT NULL,
    month       TEXT    NOT NULL,
    branch_id   INTEGER NOT NULL,
    product_id  INTEGER NOT NULL,
    qty         INTEGER NOT NULL,
    total       INTEGER NOT NULL,
    PRIMARY KEY (company_id, month, branch_id, product_id)
);

CREATE TABLE purchases (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL REFERENCES companies(id),
    branch_id    INTEGER NOT NULL REFERENCES branches(id),
    supplier_id  INTEGER REFERENCES suppliers(id),
    user_id      INTEGER REFERENCES users(id),
    total        INTEGER NOT NULL,
    vat          INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
);

CREATE TABLE purchase_lines (
    id           INTEGER PRIMARY KEY,
    purchase_id  INTEGER NOT NULL REFERENCES purchases(id),
    product_id   INTEGER NOT NULL REFERENCES products(id),
    qty          INTEGER NOT NULL,
    unit_cost    INTEGER NOT NULL,
    total        INTEGER NOT NULL
);

CREATE TABLE transfers (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies(id),
    from_branch_id  INTEGER NOT NULL REFERENCES branches(id),
    to_branch_id    INTEGER NOT NULL REFERENCES branches(id),
    user_id         INTEGER REFERENCES users(id),
    created_at      INTEGER NOT NULL
);

CREATE TABLE transfer_lines (
    id           INTEGER PRIMARY KEY,
    transfer_id  INTEGER NOT NULL REFERENCES transfers(id),
    product_id   INTEGER NOT NULL REFERENCES products(id),
    qty          INTEGER NOT NULL,
    unit_cost    INTEGER NOT NULL
);

CREATE TABLE stock_counts (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    branch_id   INTEGER NOT NULL REFERENCES branches(id),
    user_id     INTEGER REFERENCES users(id),
    reason      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE stock_count_lines (
    id          INTEGER PRIMARY KEY,
    count_id    INTEGER NOT NULL REFERENCES stock_counts(id),
    product_id  INTEGER NOT NULL REFERENCES products(id),
    expected    INTEGER NOT NULL,
    counted     INTEGER NOT NULL,
    unit_cost   INTEGER NOT NULL
);

-- One row per product and branch that has crossed its minimum; snoozed alerts stay quiet.
CREATE TABLE stock_alerts (
    company_id     INTEGER NOT NULL REFERENCES companies(id),
    branch_id      INTEGER NOT NULL REFERENCES branches(id),
    product_id     INTEGER NOT NULL REFERENCES products(id),
    snoozed_until  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (branch_id, product_id)
);

CREATE TABLE api_keys (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    name        TEXT    NOT NULL,
    prefix      TEXT    NOT NULL,
    key_hash    TEXT    NOT NULL UNIQUE,
    created_by  INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);

-- A scheduled run is claimed by inserting its key: with several instances on one database,
-- exactly one inserts it and does the work.
CREATE TABLE job_runs (
    job         TEXT    NOT NULL,
    run_key     TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (job, run_key)
);
