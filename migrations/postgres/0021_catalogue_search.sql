-- The catalogue's search without reading every product. A product's search text now holds its
-- 1C code and group too (lower-cased when saved; older rows get them here), and a trigram index
-- (pg_trgm) over it serves LIKE '%term%' by itself. pg_trgm is a trusted extension (PostgreSQL
-- 13+): a database owner may create it. Where it is not installed, searches still work, by
-- reading the rows.
UPDATE products
SET search_text = search_text || ' ' || LOWER(COALESCE(code_1c, '')) || ' ' || LOWER(COALESCE(group_name, ''))
WHERE code_1c IS NOT NULL OR group_name IS NOT NULL;

DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm is not available: the catalogue search reads every row';
END
$$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        EXECUTE 'CREATE INDEX products_search_trgm ON products USING gin (search_text gin_trgm_ops)';
    END IF;
END
$$;
