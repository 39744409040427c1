-- Sales, returns, purchases, transfers, counts; rollups for fast lookups; alerts; API keys; jobs.
-- Amounts are signed tiyin (a return is negative sales); quantities are positive thousandths
-- unless the column says it is signed.

ALTER TABLE companies ADD COLUMN digest_time TEXT NOT NULL DEFAULT '09:00';
ALTER TABLE stock ADD COLUMN avg_cost BIGINT NOT NULL DEFAULT 0;

CREATE TABLE sales (
    id               BIGSERIAL PRIMARY KEY,
    company_id       BIGINT NOT NULL REFERENCES companies(id),
    branch_id        BIGINT NOT NULL REFERENCES branches(id),
    cashier_id       BIGINT REFERENCES users(id),
    customer_id      BIGINT REFERENCES customers(id),
    kind             TEXT    NOT NULL,
    return_of        BIGINT REFERENCES sales(id),
    sale_type        TEXT    NOT NULL,
    payment          TEXT    NOT NULL,
    sold_at          BIGINT NOT NULL,
    day              TEXT    NOT NULL,
    total            BIGINT NOT NULL,
    vat              BIGINT NOT NULL,
    discount         BIGINT NOT NULL,
    cost             BIGINT NOT NULL,
    source           TEXT    NOT NULL,
    idempotency_key  TEXT,
    created_at       BIGINT NOT NULL,
    UNIQUE (company_id, idempotency_key)
);
CREATE INDEX sales_company_day ON sales (company_id, day, branch_id);
CREATE INDEX sales_return_of ON sales (return_of);

CREATE TABLE sale_lines (
    id           BIGSERIAL PRIMARY KEY,
    sale_id      BIGINT NOT NULL REFERENCES sales(id),
    company_id   BIGINT NOT NULL REFERENCES companies(id),
    product_id   BIGINT NOT NULL REFERENCES products(id),
    qty          BIGINT NOT NULL,
    unit_price   BIGINT NOT NULL,
    discount     BIGINT NOT NULL,
    total        BIGINT NOT NULL,
    vat          BIGINT NOT NULL,
    vat_rate_bp  BIGINT NOT NULL,
    cost         BIGINT NOT NULL
);
CREATE INDEX sale_lines_sale ON sale_lines (sale_id);

-- Rollups, kept in the same transaction as every sale: a lookup reads a few rows, not a month of receipts.
CREATE TABLE sales_day (
    company_id  BIGINT NOT NULL,
    day         TEXT    NOT NULL,
    branch_id   BIGINT NOT NULL,
    sale_type   TEXT    NOT NULL,
    payment     TEXT    NOT NULL,
    receipts    BIGINT NOT NULL,
    returns     BIGINT NOT NULL,
    total       BIGINT NOT NULL,
    returned    BIGINT NOT NULL,
    vat         BIGINT NOT NULL,
    cost        BIGINT NOT NULL,
    PRIMARY KEY (company_id, day, branch_id, sale_type, payment)
);

CREATE TABLE sales_day_cashier (
    company_id  BIGINT NOT NULL,
    day         TEXT    NOT NULL,
    branch_id   BIGINT NOT NULL,
    cashier_id  BIGINT NOT NULL,
    receipts    BIGINT NOT NULL,
    total       BIGINT NOT NULL,
    PRIMARY KEY (company_id, day, branch_id, cashier_id)
);

CREATE TABLE sales_day_product (
    company_id  BIGINT NOT NULL,
    day         TEXT    NOT NULL,
    branch_id   BIGINT NOT NULL,
    product_id  BIGINT NOT NULL,
    qty         BIGINT NOT NULL,
    total       BIGINT NOT NULL,
    PRIMARY KEY (company_id, day, branch_id, product_id)
);

CREATE TABLE sales_month_product (
    company_id  BIGINT NOT NULL,
    month       TEXT    NOT NULL,
    branch_id   BIGINT NOT NULL,
    product_id  BIGINT NOT NULL,
    qty         BIGINT NOT NULL,
    total       BIGINT NOT NULL,
    PRIMARY KEY (company_id, month, branch_id, product_id)
);

CREATE TABLE purchases (
    id           BIGSERIAL PRIMARY KEY,
    company_id   BIGINT NOT NULL REFERENCES companies(id),
    branch_id    BIGINT NOT NULL REFERENCES branches(id),
    supplier_id  BIGINT REFERENCES suppliers(id),
    user_id      BIGINT REFERENCES users(id),
    total        BIGINT NOT NULL,
    vat          BIGINT NOT NULL,
    created_at   BIGINT NOT NULL
);

CREATE TABLE purchase_lines (
    id           BIGSERIAL PRIMARY KEY,
    purchase_id  BIGINT NOT NULL REFERENCES purchases(id),
    product_id   BIGINT NOT NULL REFERENCES products(id),
    qty          BIGINT NOT NULL,
    unit_cost    BIGINT NOT NULL,
    total        BIGINT NOT NULL
);

CREATE TABLE transfers (
    id              BIGSERIAL PRIMARY KEY,
    company_id      BIGINT NOT NULL REFERENCES companies(id),
    from_branch_id  BIGINT NOT NULL REFERENCES branches(id),
    to_branch_id    BIGINT NOT NULL REFERENCES branches(id),
    user_id         BIGINT REFERENCES users(id),
    created_at      BIGINT NOT NULL
);

CREATE TABLE transfer_lines (
    id           BIGSERIAL PRIMARY KEY,
    transfer_id  BIGINT NOT NULL REFERENCES transfers(id),
    product_id   BIGINT NOT NULL REFERENCES products(id),
    qty          BIGINT NOT NULL,
    unit_cost    BIGINT NOT NULL
);

CREATE TABLE stock_counts (
    id          BIGSERIAL PRIMARY KEY,
    company_id  BIGINT NOT NULL REFERENCES companies(id),
    branch_id   BIGINT NOT NULL REFERENCES branches(id),
    user_id     BIGINT REFERENCES users(id),
    reason      TEXT    NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE stock_count_lines (
    id          BIGSERIAL PRIMARY KEY,
    count_id    BIGINT NOT NULL REFERENCES stock_counts(id),
    product_id  BIGINT NOT NULL REFERENCES products(id),
    expected    BIGINT NOT NULL,
    counted     BIGINT NOT NULL,
    unit_cost   BIGINT NOT NULL
);

-- One row per product and branch that has crossed its minimum; snoozed alerts stay quiet.
CREATE TABLE stock_alerts (
    company_id     BIGINT NOT NULL REFERENCES companies(id),
    branch_id      BIGINT NOT NULL REFERENCES branches(id),
    product_id     BIGINT NOT NULL REFERENCES products(id),
    snoozed_until  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (branch_id, product_id)
);

CREATE TABLE api_keys (
    id          BIGSERIAL PRIMARY KEY,
    company_id  BIGINT NOT NULL REFERENCES companies(id),
    name        TEXT    NOT NULL,
    prefix      TEXT    NOT NULL,
    key_hash    TEXT    NOT NULL UNIQUE,
    created_by  BIGINT REFERENCES users(id),
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);

-- A scheduled run is claimed by inserting its key: with several instances on one database,
-- exactly one inserts it and does the work.
CREATE TABLE job_runs (
    job         TEXT    NOT NULL,
    run_key     TEXT    NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (job, run_key)
);
