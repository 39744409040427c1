-- The catalogue's search without reading every product: an FTS5 trigram index over the text a
-- search looks in (name, codes and barcode as lower-cased when saved, the 1C code, the group),
-- kept by triggers whatever writes a product. A term of three characters or more is found
-- anywhere in that text, as LIKE '%term%' would find it (shorter terms still use LIKE).
CREATE VIRTUAL TABLE products_fts USING fts5(body, tokenize = 'trigram');

INSERT INTO products_fts (rowid, body)
SELECT id, search_text || ' ' || LOWER(COALESCE(code_1c, '')) || ' ' || LOWER(COALESCE(group_name, '')) FROM products;

CREATE TRIGGER products_fts_insert AFTER INSERT ON products BEGIN
    INSERT INTO products_fts (rowid, body)
    VALUES (new.id, new.search_text || ' ' || LOWER(COALESCE(new.code_1c, '')) || ' ' || LOWER(COALESCE(new.group_name, '')));
END;

CREATE TRIGGER products_fts_update AFTER UPDATE OF search_text, code_1c, group_name ON products BEGIN
    UPDATE products_fts
    SET body = new.search_text || ' ' || LOWER(COALESCE(new.code_1c, '')) || ' ' || LOWER(COALESCE(new.group_name, ''))
    WHERE rowid = new.id;
END;

CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
    DELETE FROM products_fts WHERE rowid = old.id;
END;
