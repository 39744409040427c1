-- The catalogue API's lists: newest first (the default), by name and by price, without sorting
-- a company's whole catalogue for each page.
CREATE INDEX products_company_created ON products (company_id, created_at, id);
CREATE INDEX products_company_name ON products (company_id, name);
CREATE INDEX products_company_sale_price ON products (company_id, sale_price);
-- A product's stock over every branch (the catalogue's stock_quantity) without reading the table.
CREATE INDEX stock_product ON stock (product_id, branch_id);
