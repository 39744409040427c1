-- Reorder points from demand forecasts. Lead time and service level are settings per product,
-- else the lead time of the supplier it was last bought from, else the defaults (7 days, 95 %);
-- a pack size rounds order quantities. The nightly job keeps one row per product and branch
-- with sales history; the low-stock alert fires at `reorder_qty` when a row exists.
ALTER TABLE suppliers ADD COLUMN lead_days INTEGER;
ALTER TABLE products ADD COLUMN lead_days INTEGER;
ALTER TABLE products ADD COLUMN service_level_bp INTEGER;
ALTER TABLE products ADD COLUMN pack_qty INTEGER;

CREATE TABLE reorder_points (
    company_id        INTEGER NOT NULL REFERENCES companies(id),
    branch_id         INTEGER NOT NULL REFERENCES branches(id),
    product_id        INTEGER NOT NULL REFERENCES products(id),
    method            TEXT    NOT NULL,
    lead_days         INTEGER NOT NULL,
    service_level_bp  INTEGER NOT NULL,
    -- Quantities in thousandths of a unit, as everywhere.
    lead_demand       INTEGER NOT NULL,
    safety_qty        INTEGER NOT NULL,
    reorder_qty       INTEGER NOT NULL,
    order_up_to       INTEGER NOT NULL,
    computed_at       INTEGER NOT NULL,
    PRIMARY KEY (branch_id, product_id)
);
CREATE INDEX reorder_points_company ON reorder_points (company_id, branch_id);
