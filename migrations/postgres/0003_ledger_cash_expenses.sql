-- The double-entry ledger, cash registers and expenses.
-- Stock now carries its value (tiyin); the average cost is value / quantity. The ledger's
-- goods account (2910) moves by exactly the value each stock change adds or removes.

ALTER TABLE stock ADD COLUMN value BIGINT NOT NULL DEFAULT 0;
UPDATE stock SET value = CASE WHEN qty > 0 THEN (qty * avg_cost) / 1000 ELSE 0 END;
ALTER TABLE companies ADD COLUMN expense_threshold BIGINT NOT NULL DEFAULT 100000000;

CREATE TABLE accounts (
    id           BIGSERIAL PRIMARY KEY,
    company_id   BIGINT NOT NULL REFERENCES companies(id),
    code         TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    parent_code  TEXT,
    created_at   BIGINT NOT NULL,
    UNIQUE (company_id, code)
);

-- Posted entries are never changed: a correction is a reversal entry pointing at the original.
CREATE TABLE journal_entries (
    id           BIGSERIAL PRIMARY KEY,
    company_id   BIGINT NOT NULL REFERENCES companies(id),
    branch_id    BIGINT REFERENCES branches(id),
    day          TEXT    NOT NULL,
    posted_at    BIGINT NOT NULL,
    ref_kind     TEXT    NOT NULL,
    ref_id       BIGINT,
    memo         TEXT    NOT NULL,
    reversal_of  BIGINT UNIQUE REFERENCES journal_entries(id)
);
CREATE INDEX journal_entries_company_day ON journal_entries (company_id, day);
CREATE INDEX journal_entries_ref ON journal_entries (company_id, ref_kind, ref_id);

CREATE TABLE journal_lines (
    id            BIGSERIAL PRIMARY KEY,
    entry_id      BIGINT NOT NULL REFERENCES journal_entries(id),
    company_id    BIGINT NOT NULL REFERENCES companies(id),
    account_code  TEXT    NOT NULL,
    debit         BIGINT NOT NULL,
    credit        BIGINT NOT NULL
);
CREATE INDEX journal_lines_entry ON journal_lines (entry_id);
CREATE INDEX journal_lines_account ON journal_lines (company_id, account_code);

CREATE TABLE cash_registers (
    id          BIGSERIAL PRIMARY KEY,
    company_id  BIGINT NOT NULL REFERENCES companies(id),
    branch_id   BIGINT NOT NULL REFERENCES branches(id),
    name        TEXT    NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE cash_shifts (
    id           BIGSERIAL PRIMARY KEY,
    company_id   BIGINT NOT NULL REFERENCES companies(id),
    register_id  BIGINT NOT NULL REFERENCES cash_registers(id),
    opened_by    BIGINT NOT NULL REFERENCES users(id),
    opened_at    BIGINT NOT NULL,
    opening      BIGINT NOT NULL,
    closed_by    BIGINT REFERENCES users(id),
    closed_at    BIGINT,
    expected     BIGINT,
    counted      BIGINT
);

-- Every posting to 5010 has its cash move here, on one register: the registers' balances
-- always add up to account 5010.
CREATE TABLE cash_moves (
    id           BIGSERIAL PRIMARY KEY,
    company_id   BIGINT NOT NULL REFERENCES companies(id),
    register_id  BIGINT NOT NULL REFERENCES cash_registers(id),
    entry_id     BIGINT NOT NULL REFERENCES journal_entries(id),
    amount       BIGINT NOT NULL,
    kind         TEXT    NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX cash_moves_register ON cash_moves (register_id, created_at);

CREATE TABLE expense_categories (
    id            BIGSERIAL PRIMARY KEY,
    company_id    BIGINT NOT NULL REFERENCES companies(id),
    name          TEXT    NOT NULL,
    account_code  TEXT    NOT NULL,
    active        BIGINT NOT NULL DEFAULT 1,
    created_at    BIGINT NOT NULL
);

CREATE TABLE expenses (
    id             BIGSERIAL PRIMARY KEY,
    company_id     BIGINT NOT NULL REFERENCES companies(id),
    branch_id      BIGINT NOT NULL REFERENCES branches(id),
    requester_id   BIGINT NOT NULL REFERENCES users(id),
    amount         BIGINT NOT NULL,
    category_id    BIGINT NOT NULL REFERENCES expense_categories(id),
    description    TEXT    NOT NULL,
    photo_file_id  TEXT,
    paid_from      TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    needs_admin    BIGINT NOT NULL,
    decided_by     BIGINT REFERENCES users(id),
    decided_at     BIGINT,
    reason         TEXT,
    entry_id       BIGINT REFERENCES journal_entries(id),
    created_at     BIGINT NOT NULL
);
CREATE INDEX expenses_company_status ON expenses (company_id, status);
