-- Customers with credit terms, the party of every receivable and payable line (so 4010 is
-- the sum of what customers owe and 6010 of what is owed to suppliers), and purchase orders.
ALTER TABLE customers ADD COLUMN kind TEXT NOT NULL DEFAULT 'retail';
-- Tiyin; NULL is no limit, 0 is no credit at all.
ALTER TABLE customers ADD COLUMN credit_limit INTEGER;
ALTER TABLE customers ADD COLUMN notes TEXT;
CREATE INDEX customers_company ON customers (company_id, name);
CREATE INDEX suppliers_company ON suppliers (company_id, name);

-- A wholesale price per unit, used when a wholesale customer buys; NULL is the sale price.
ALTER TABLE products ADD COLUMN wholesale_price INTEGER;

-- The customer of a 4010 line, the supplier of a 6010 line.
ALTER TABLE journal_lines ADD COLUMN party_id INTEGER;
CREATE INDEX journal_lines_party ON journal_lines (company_id, account_code, party_id);

-- A payment posted over the API once per Idempotency-Key.
ALTER TABLE journal_entries ADD COLUMN idempotency_key TEXT;
CREATE UNIQUE INDEX journal_entries_idempotency ON journal_entries (company_id, idempotency_key);

UPDATE journal_lines SET party_id = (
    SELECT s.customer_id FROM journal_entries e JOIN sales s ON s.id = e.ref_id
    WHERE e.id = journal_lines.entry_id AND e.ref_kind IN ('sale', 'return'))
WHERE account_code = '4010';
UPDATE journal_lines SET party_id = (
    SELECT p.supplier_id FROM journal_entries e JOIN purchases p ON p.id = e.ref_id
    WHERE e.id = journal_lines.entry_id AND e.ref_kind = 'purchase')
WHERE account_code = '6010';
UPDATE journal_lines SET party_id = (
    SELECT e.ref_id FROM journal_entries e WHERE e.id = journal_lines.entry_id AND e.ref_kind = 'supplier_payment')
WHERE account_code = '6010' AND party_id IS NULL;

-- Purchase orders: draft -> sent -> partly received -> received, or cancelled.
CREATE TABLE purchase_orders (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL REFERENCES companies(id),
    number       INTEGER NOT NULL,
    branch_id    INTEGER NOT NULL REFERENCES branches(id),
    supplier_id  INTEGER REFERENCES suppliers(id),
    status       TEXT    NOT NULL,
    created_by   INTEGER REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (company_id, number)
);
CREATE INDEX purchase_orders_status ON purchase_orders (company_id, status);

CREATE TABLE purchase_order_lines (
    id            INTEGER PRIMARY KEY,
    order_id      INTEGER NOT NULL REFERENCES purchase_orders(id),
    product_id    INTEGER NOT NULL REFERENCES products(id),
    qty           INTEGER NOT NULL,
    unit_cost     INTEGER NOT NULL,
    received_qty  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (order_id, product_id)
);

ALTER TABLE purchases ADD COLUMN order_id INTEGER REFERENCES purchase_orders(id);

-- Invoices (hisob-faktura) for sales to customers with a TIN: numbered per company, one per sale.
CREATE TABLE invoices (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL REFERENCES companies(id),
    number       INTEGER NOT NULL,
    sale_id      INTEGER NOT NULL UNIQUE REFERENCES sales(id),
    customer_id  INTEGER NOT NULL REFERENCES customers(id),
    buyer_tin    TEXT NOT NULL,
    issued_at    INTEGER NOT NULL,
    UNIQUE (company_id, number)
);
