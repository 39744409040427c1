-- The catalogue's search without reading every product. A product's search text now holds its
-- 1C code and group too (lower-cased when saved; older rows get them here), and an FTS5 trigram
-- index over it is kept by triggers whatever writes a product: a term of three characters or
-- more is found anywhere in the text, as LIKE '%term%' finds it (shorter terms still use LIKE).
UPDATE products
SET search_text = search_text || ' ' || LOWER(COALESCE(code_1c, '')) || ' ' || LOWER(COALESCE(group_name, ''))
WHERE code_1c IS NOT NULL OR group_name IS NOT NULL;

CREATE VIRTUAL TABLE products_fts USING fts5(body, tokenize = 'trigram');

INSERT INTO products_fts (rowid, body) SELECT id, search_text FROM products;

CREATE TRIGGER products_fts_insert AFTER INSERT ON products BEGIN
    INSERT INTO products_fts (rowid, body) VALUES (new.id, new.search_text);
END;

CREATE TRIGGER products_fts_update AFTER UPDATE OF search_text ON products BEGIN
    UPDATE products_fts SET body = new.search_text WHERE rowid = new.id;
END;

CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
    DELETE FROM products_fts WHERE rowid = old.id;
END;
