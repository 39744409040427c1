-- Taxes: the company's tax regime, employees and the monthly payroll, and every attempt to
-- send a tax report to the tax cabinet.

-- 'vat' (VAT and profit tax) or 'turnover' (the turnover tax instead).
ALTER TABLE companies ADD COLUMN tax_regime TEXT NOT NULL DEFAULT 'vat';

-- INPS: the part of the withheld income tax that goes to the employee's pension account.
INSERT INTO tax_rates (company_id, kind, rate_bp, effective_from) VALUES (NULL, 'inps', 10, '2019-01-01');

CREATE TABLE employees (
    id          BIGSERIAL PRIMARY KEY,
    company_id  BIGINT  NOT NULL REFERENCES companies(id),
    name        TEXT    NOT NULL,
    -- The person's 14-digit personal number.
    pinfl       TEXT    NOT NULL,
    position    TEXT    NOT NULL,
    branch_id   BIGINT  REFERENCES branches(id),
    -- Monthly gross salary, tiyin.
    salary      BIGINT  NOT NULL,
    user_id     BIGINT  REFERENCES users(id),
    active      BIGINT  NOT NULL DEFAULT 1,
    created_at  BIGINT  NOT NULL,
    UNIQUE (company_id, pinfl)
);

-- A confirmed month. A correction is a new version; the one it replaces is reversed and marked
-- superseded.
CREATE TABLE payroll_runs (
    id          BIGSERIAL PRIMARY KEY,
    company_id  BIGINT  NOT NULL REFERENCES companies(id),
    period      TEXT    NOT NULL,
    version     BIGINT  NOT NULL,
    -- confirmed, superseded
    status      TEXT    NOT NULL,
    -- 5010 (cash) or 5110 (bank)
    paid_from   TEXT    NOT NULL,
    gross       BIGINT  NOT NULL,
    pit         BIGINT  NOT NULL,
    inps        BIGINT  NOT NULL,
    social      BIGINT  NOT NULL,
    net         BIGINT  NOT NULL,
    entry_id    BIGINT  REFERENCES journal_entries(id),
    user_id     BIGINT  REFERENCES users(id),
    created_at  BIGINT  NOT NULL,
    UNIQUE (company_id, period, version)
);

CREATE TABLE payroll_lines (
    id          BIGSERIAL PRIMARY KEY,
    run_id      BIGINT  NOT NULL REFERENCES payroll_runs(id),
    company_id  BIGINT  NOT NULL REFERENCES companies(id),
    employee_id BIGINT  NOT NULL REFERENCES employees(id),
    name        TEXT    NOT NULL,
    pinfl       TEXT    NOT NULL,
    position    TEXT    NOT NULL,
    gross       BIGINT  NOT NULL,
    pit         BIGINT  NOT NULL,
    inps        BIGINT  NOT NULL,
    social      BIGINT  NOT NULL,
    net         BIGINT  NOT NULL
);
CREATE INDEX payroll_lines_run ON payroll_lines (run_id);

-- One row per attempt to send a report: draft -> sent -> accepted | rejected | failed.
CREATE TABLE tax_submissions (
    id          BIGSERIAL PRIMARY KEY,
    company_id  BIGINT  NOT NULL REFERENCES companies(id),
    period      TEXT    NOT NULL,
    report      TEXT    NOT NULL,
    -- A new version when the report's figures change; retries of one version share the key.
    version     BIGINT  NOT NULL,
    idempotency_key TEXT NOT NULL,
    attempt     BIGINT  NOT NULL,
    status      TEXT    NOT NULL,
    -- The cabinet's answer: its receipt number, or the reason for a rejection or failure.
    receipt     TEXT,
    message     TEXT,
    payload     TEXT    NOT NULL,
    user_id     BIGINT  REFERENCES users(id),
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);
CREATE INDEX tax_submissions_period ON tax_submissions (company_id, period, report);
