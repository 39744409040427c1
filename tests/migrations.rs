//! `migrations/sqlite` and `migrations/postgres` describe the same database: both are applied to
//! fresh databases and their catalogues compared table by table (columns with their kind and
//! nullability, primary keys, foreign keys, unique constraints and indexes). Needs
//! `TEST_DATABASE_URL`, as CI sets; without it the test says so and checks SQLite alone.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use savdo::db::Db;

/// A table as both databases can describe it.
#[derive(Debug, Default, PartialEq, Eq)]
struct Table {
    /// name → (kind: integer, text or real; nullable)
    columns: BTreeMap<String, (&'static str, bool)>,
    primary_key: Vec<String>,
    /// (column, referenced table, referenced column)
    foreign_keys: BTreeSet<(String, String, String)>,
    /// (unique, columns in order): unique constraints and indexes, the primary key aside.
    indexes: BTreeSet<(bool, Vec<String>)>,
}

type Catalogue = BTreeMap<String, Table>;

fn kind(declared: &str) -> &'static str {
    let t = declared.to_lowercase();
    if t.contains("int") || t.contains("serial") {
        "integer"
    } else if t.contains("char") || t.contains("text") {
        "text"
    } else if t.contains("real") || t.contains("double") || t.contains("float") || t.contains("numeric") {
        "real"
    } else {
        "other"
    }
}

const SKIP: [&str; 2] = ["_sqlx_migrations", "sqlite_sequence"];

async fn sqlite_catalogue(db: &Db) -> Catalogue {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%\\_fts%' ESCAPE '\\' ORDER BY name",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let mut out = Catalogue::new();
    for name in tables.into_iter().filter(|t| !SKIP.contains(&t.as_str())) {
        let mut table = Table::default();
        let columns: Vec<(String, String, i64, i64)> = sqlx::query_as(&format!(
            "SELECT name, type, \"notnull\", pk FROM pragma_table_info('{name}') ORDER BY cid"
        ))
        .fetch_all(&db.pool)
        .await
        .unwrap();
        let mut pk: Vec<(i64, String)> = Vec::new();
        for (column, declared, not_null, pk_pos) in columns {
            // A primary key column is never null, whatever SQLite's pragma says.
            table.columns.insert(column.clone(), (kind(&declared), not_null == 0 && pk_pos == 0));
            if pk_pos > 0 {
                pk.push((pk_pos, column));
            }
        }
        pk.sort();
        table.primary_key = pk.into_iter().map(|(_, c)| c).collect();
        let fks: Vec<(String, String, String)> =
            sqlx::query_as(&format!("SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list('{name}')"))
                .fetch_all(&db.pool)
                .await
                .unwrap();
        table.foreign_keys = fks.into_iter().collect();
        let indexes: Vec<(String, i64, String)> =
            sqlx::query_as(&format!("SELECT name, \"unique\", origin FROM pragma_index_list('{name}')"))
                .fetch_all(&db.pool)
                .await
                .unwrap();
        for (index, unique, origin) in indexes {
            if origin == "pk" {
                continue;
            }
            let columns: Vec<String> =
                sqlx::query_scalar(&format!("SELECT name FROM pragma_index_info('{index}') ORDER BY seqno"))
                    .fetch_all(&db.pool)
                    .await
                    .unwrap();
            table.indexes.insert((unique != 0, columns));
        }
        out.insert(name, table);
    }
    out
}

async fn postgres_catalogue(db: &Db) -> Catalogue {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let mut out = Catalogue::new();
    for name in tables.into_iter().filter(|t| !SKIP.contains(&t.as_str())) {
        let mut table = Table::default();
        let columns: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT column_name::text, data_type::text, is_nullable::text FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name = $1",
        )
        .bind(&name)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        for (column, declared, nullable) in columns {
            table.columns.insert(column, (kind(&declared), nullable == "YES"));
        }
        // Every index with its columns in order, from the system catalogue.
        let indexes: Vec<(bool, bool, String)> = sqlx::query_as(
            "SELECT ix.indisprimary, ix.indisunique,
                    string_agg(a.attname::text, ',' ORDER BY k.ord)
             FROM pg_index ix
             JOIN pg_class t ON t.oid = ix.indrelid
             JOIN pg_namespace n ON n.oid = t.relnamespace
             CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
             -- B-tree indexes only: the trigram (GIN) search index is PostgreSQL's counterpart of
             -- SQLite's FTS table, which the SQLite side leaves out too.
             JOIN pg_class i ON i.oid = ix.indexrelid
             JOIN pg_am am ON am.oid = i.relam AND am.amname = 'btree'
             WHERE n.nspname = 'public' AND t.relname = $1
             GROUP BY ix.indexrelid, ix.indisprimary, ix.indisunique",
        )
        .bind(&name)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        for (primary, unique, columns) in indexes {
            let columns: Vec<String> = columns.split(',').map(str::to_string).collect();
            if primary {
                table.primary_key = columns;
            } else {
                table.indexes.insert((unique, columns));
            }
        }
        let fks: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT a.attname::text, r.relname::text, ra.attname::text
             FROM pg_constraint c
             JOIN pg_class t ON t.oid = c.conrelid
             JOIN pg_class r ON r.oid = c.confrelid
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
             JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1]
             WHERE c.contype = 'f' AND t.relname = $1",
        )
        .bind(&name)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        table.foreign_keys = fks.into_iter().collect();
        out.insert(name, table);
    }
    out
}

#[tokio::test]
async fn sqlite_and_postgres_migrations_describe_the_same_tables() {
    let sqlite = common::TestDb::sqlite().await;
    let lite = sqlite_catalogue(&sqlite.db).await;
    assert!(lite.len() > 20, "the SQLite catalogue looks empty: {:?}", lite.keys());
    assert!(lite["audit_log"]
        .indexes
        .contains(&(false, vec!["company_id".into(), "entity".into(), "entity_id".into(), "id".into()])));
    let Some(pg) = common::TestDb::postgres().await else {
        eprintln!("TEST_DATABASE_URL not set: the PostgreSQL side of the comparison was not run");
        return;
    };
    let post = postgres_catalogue(&pg.db).await;
    let names = |c: &Catalogue| c.keys().cloned().collect::<BTreeSet<_>>();
    assert_eq!(names(&lite), names(&post), "the two folders create different tables");
    let mut differences = Vec::new();
    for (name, table) in &lite {
        let other = &post[name];
        if table != other {
            differences.push(format!("{name}:\n  sqlite   {table:?}\n  postgres {other:?}"));
        }
    }
    assert!(differences.is_empty(), "migrations differ:\n{}", differences.join("\n"));
}
