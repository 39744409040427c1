-- Reorder points from demand forecasts. Lead time and service level are settings per product,
-- else the lead time of the supplier it was last bought from, else the defaults (7 days, 95 %);
-- a pack size rounds order quantities. The nightly job keeps one row per product and branch
-- with sales history; the low-stock alert fires at `reorder_qty` when a row exists.
ALTER TABLE suppliers ADD COLUMN lead_days BIGINT;
ALTER TABLE products ADD COLUMN lead_days BIGINT;
ALTER TABLE products ADD COLUMN service_level_bp BIGINT;
ALTER TABLE products ADD COLUMN pack_qty BIGINT;

CREATE TABLE reorder_points (
    company_id        BIGINT NOT NULL REFERENCES companies(id),
    branch_id         BIGINT NOT NULL REFERENCES branches(id),
    product_id        BIGINT NOT NULL REFERENCES products(id),
    method            TEXT    NOT NULL,
    lead_days         BIGINT NOT NULL,
    service_level_bp  BIGINT NOT NULL,
    -- Quantities in thousandths of a unit, as everywhere.
    lead_demand       BIGINT NOT NULL,
    safety_qty        BIGINT NOT NULL,
    reorder_qty       BIGINT NOT NULL,
    order_up_to       BIGINT NOT NULL,
    computed_at       BIGINT NOT NULL,
    PRIMARY KEY (branch_id, product_id)
);
CREATE INDEX reorder_points_company ON reorder_points (company_id, branch_id);
