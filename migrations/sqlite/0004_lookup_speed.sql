-- Faster sales lookups: company-wide daily totals kept under branch 0 (like the product
-- rollups), and an index that answers "top products of a month" by reading five rows.
INSERT INTO sales_day (company_id, day, branch_id, sale_type, payment, receipts, returns, total, returned, vat, cost)
SELECT company_id, day, 0, sale_type, payment, SUM(receipts), SUM(returns), SUM(total), SUM(returned), SUM(vat), SUM(cost)
FROM sales_day WHERE branch_id <> 0 GROUP BY company_id, day, sale_type, payment;

CREATE INDEX sales_month_product_top ON sales_month_product (company_id, month, branch_id, total DESC, product_id);
