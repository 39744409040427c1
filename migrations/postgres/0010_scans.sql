-- Photographed invoices and receipts read on this server. The original file, the text as
-- recognised and the draft (JSON: the fields with their confidence, the lines matched to
-- products, the fiscal QR code) are kept with the purchase or expense they became.
CREATE TABLE scan_batches (
    id          BIGSERIAL PRIMARY KEY,
    company_id  BIGINT NOT NULL REFERENCES companies(id),
    user_id     BIGINT REFERENCES users(id),
    -- An album's media group, or an HTTP batch's own key.
    batch_key   TEXT    NOT NULL,
    -- The chat message that shows the batch, edited as pages are read.
    message_id  BIGINT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX scan_batches_key ON scan_batches (company_id, batch_key);

CREATE TABLE scans (
    id          BIGSERIAL PRIMARY KEY,
    company_id  BIGINT NOT NULL REFERENCES companies(id),
    branch_id   BIGINT REFERENCES branches(id),
    user_id     BIGINT REFERENCES users(id),
    batch_id    BIGINT REFERENCES scan_batches(id),
    file_name   TEXT    NOT NULL,
    media_type  TEXT    NOT NULL,
    file        BYTEA   NOT NULL,
    telegram_file_id TEXT,
    raw_text    TEXT    NOT NULL,
    document    TEXT    NOT NULL,
    -- draft, saving, purchase, expense, cancelled
    status      TEXT    NOT NULL,
    purchase_id BIGINT REFERENCES purchases(id),
    expense_id  BIGINT REFERENCES expenses(id),
    fiscal_link TEXT,
    elapsed_ms  BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    decided_at  BIGINT
);
CREATE INDEX scans_company ON scans (company_id, id);
CREATE INDEX scans_batch ON scans (batch_id);

-- A till receipt's link to the tax authority's check page, when the expense came from one.
ALTER TABLE expenses ADD COLUMN fiscal_link TEXT;
