-- Payments through Payme and Click, and the company's live events.

-- What a customer is asked to pay online: their debt, or a sale's invoice. Its id is the
-- account the payment systems carry (Payme's account.order_id, Click's merchant_trans_id).
CREATE TABLE payment_orders (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    sale_id     INTEGER REFERENCES sales(id),
    -- tiyin
    amount      INTEGER NOT NULL,
    -- open, paid, cancelled
    status      TEXT    NOT NULL,
    -- payme, click: who took the money
    provider    TEXT,
    entry_id    INTEGER REFERENCES journal_entries(id),
    user_id     INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    paid_at     INTEGER
);

-- Payme's transactions as its Merchant API defines them; times in milliseconds.
CREATE TABLE payme_transactions (
    id          INTEGER PRIMARY KEY,
    payme_id    TEXT    NOT NULL UNIQUE,
    order_id    INTEGER NOT NULL REFERENCES payment_orders(id),
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    amount      INTEGER NOT NULL,
    -- 1 created, 2 performed, -1 cancelled before, -2 cancelled after performing
    state       INTEGER NOT NULL,
    reason      INTEGER,
    payme_time  INTEGER NOT NULL,
    create_time INTEGER NOT NULL,
    perform_time INTEGER NOT NULL DEFAULT 0,
    cancel_time INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX payme_transactions_order ON payme_transactions (order_id);
CREATE INDEX payme_transactions_time ON payme_transactions (payme_time);

-- Click's SHOP API transactions: prepared, then completed or cancelled.
CREATE TABLE click_transactions (
    id              INTEGER PRIMARY KEY,
    click_trans_id  TEXT    NOT NULL UNIQUE,
    order_id        INTEGER NOT NULL REFERENCES payment_orders(id),
    company_id      INTEGER NOT NULL REFERENCES companies(id),
    amount          INTEGER NOT NULL,
    -- prepared, completed, cancelled
    status          TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    completed_at    INTEGER
);

-- The company's events as they happen, for `GET /api/v1/events` (Server-Sent Events): any
-- instance reads them from here, resuming after the last id a client saw.
CREATE TABLE event_log (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    kind        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX event_log_company ON event_log (company_id, id);
