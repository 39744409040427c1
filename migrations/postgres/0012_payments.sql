-- Payments through Payme and Click, and the company's live events.

-- What a customer is asked to pay online: their debt, or a sale's invoice. Its id is the
-- account the payment systems carry (Payme's account.order_id, Click's merchant_trans_id).
CREATE TABLE payment_orders (
    id          BIGSERIAL PRIMARY KEY,
    company_id  BIGINT  NOT NULL REFERENCES companies(id),
    customer_id BIGINT  NOT NULL REFERENCES customers(id),
    sale_id     BIGINT  REFERENCES sales(id),
    -- tiyin
    amount      BIGINT  NOT NULL,
    -- open, paid, cancelled
    status      TEXT    NOT NULL,
    -- payme, click: who took the money
    provider    TEXT,
    entry_id    BIGINT  REFERENCES journal_entries(id),
    user_id     BIGINT  REFERENCES users(id),
    created_at  BIGINT  NOT NULL,
    paid_at     BIGINT
);

-- Payme's transactions as its Merchant API defines them; times in milliseconds.
CREATE TABLE payme_transactions (
    id          BIGSERIAL PRIMARY KEY,
    payme_id    TEXT    NOT NULL UNIQUE,
    order_id    BIGINT  NOT NULL REFERENCES payment_orders(id),
    company_id  BIGINT  NOT NULL REFERENCES companies(id),
    amount      BIGINT  NOT NULL,
    -- 1 created, 2 performed, -1 cancelled before, -2 cancelled after performing
    state       BIGINT  NOT NULL,
    reason      BIGINT,
    payme_time  BIGINT  NOT NULL,
    create_time BIGINT  NOT NULL,
    perform_time BIGINT  NOT NULL DEFAULT 0,
    cancel_time BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX payme_transactions_order ON payme_transactions (order_id);
CREATE INDEX payme_transactions_time ON payme_transactions (payme_time);

-- Click's SHOP API transactions: prepared, then completed or cancelled.
CREATE TABLE click_transactions (
    id              BIGSERIAL PRIMARY KEY,
    click_trans_id  TEXT    NOT NULL UNIQUE,
    order_id        BIGINT  NOT NULL REFERENCES payment_orders(id),
    company_id      BIGINT  NOT NULL REFERENCES companies(id),
    amount          BIGINT  NOT NULL,
    -- prepared, completed, cancelled
    status          TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    completed_at    BIGINT
);

-- The company's events as they happen, for `GET /api/v1/events` (Server-Sent Events): any
-- instance reads them from here, resuming after the last id a client saw.
CREATE TABLE event_log (
    id          BIGSERIAL PRIMARY KEY,
    company_id  BIGINT  NOT NULL REFERENCES companies(id),
    kind        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX event_log_company ON event_log (company_id, id);
