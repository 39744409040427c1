-- SIM cards as serial-tracked stock (seed: the SimCard management server): each card by its
-- ICCID, its number, operator and tariff, where it is and what became of it, and every change
-- of status.

CREATE TABLE simcards (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies(id),
    iccid           TEXT    NOT NULL,
    phone           TEXT    NOT NULL,
    operator        TEXT    NOT NULL,
    tariff          TEXT    NOT NULL DEFAULT '',
    -- in_stock, assigned, sold, active, blocked
    status          TEXT    NOT NULL,
    branch_id       INTEGER REFERENCES branches(id),
    purchase_price  INTEGER NOT NULL DEFAULT 0,
    sale_price      INTEGER NOT NULL DEFAULT 0,
    sale_id         INTEGER REFERENCES sales(id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (company_id, iccid)
);
CREATE INDEX simcards_phone ON simcards (company_id, phone);

CREATE TABLE status_check_logs (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    simcard_id  INTEGER NOT NULL REFERENCES simcards(id),
    old_status  TEXT    NOT NULL,
    new_status  TEXT    NOT NULL,
    -- check (the operator said so), assign, sale
    source      TEXT    NOT NULL,
    message     TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);
CREATE INDEX status_check_logs_company ON status_check_logs (company_id, id);

-- The 30-minute automatic status check (off by default, as the seed ships it).
ALTER TABLE companies ADD COLUMN sim_auto_check INTEGER NOT NULL DEFAULT 0;
