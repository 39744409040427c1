-- Running Savdo as a service: each company's standing with the service (blocked by an
-- operator, or read-only after its balance ran out), its balance and tariff, and where users
-- have worked.

-- active, blocked (by an operator: nothing works), read_only (unpaid past the grace period).
ALTER TABLE companies ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
-- tiyin; the daily debit takes from it.
ALTER TABLE companies ADD COLUMN balance BIGINT  NOT NULL DEFAULT 0;
-- month (the price per month) or user (the price per active member per month); 0 is free.
ALTER TABLE companies ADD COLUMN tariff_kind TEXT NOT NULL DEFAULT 'month';
ALTER TABLE companies ADD COLUMN tariff_price BIGINT  NOT NULL DEFAULT 0;
-- The first day the balance was below zero (the grace period counts from it).
ALTER TABLE companies ADD COLUMN unpaid_since TEXT;

-- A user's companies over time: a transfer ends one stay and starts another.
CREATE TABLE user_companies (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT  NOT NULL REFERENCES users(id),
    company_id  BIGINT  NOT NULL REFERENCES companies(id),
    role        TEXT    NOT NULL,
    joined_at   BIGINT  NOT NULL,
    left_at     BIGINT
);
CREATE INDEX user_companies_user ON user_companies (user_id);
