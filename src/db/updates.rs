//! Telegram update ids already handled, per bot: a redelivered update is dropped.

use super::{now, Backend, Db};

/// Records an update id; true the first time. On PostgreSQL this one insert does not wait for
/// the disk: losing the last few ids in a crash at worst handles a redelivery again, while
/// every update would otherwise pay for an fsync. It goes as one simple-protocol batch (one
/// round trip instead of four for BEGIN, SET LOCAL, INSERT, COMMIT); the values are integers
/// formatted by Rust, so nothing from outside reaches the SQL text.
pub async fn record(db: &Db, bot_id: i64, update_id: i64) -> anyhow::Result<bool> {
    if db.backend == Backend::Postgres {
        let batch = format!(
            "BEGIN; SET LOCAL synchronous_commit TO OFF; \
             INSERT INTO processed_updates (bot_id, update_id, created_at) VALUES ({bot_id}, {update_id}, {}) \
             ON CONFLICT (bot_id, update_id) DO NOTHING; COMMIT;",
            now()
        );
        let done = sqlx::raw_sql(&batch).execute(&db.pool).await?;
        return Ok(done.rows_affected() == 1);
    }
    let done = sqlx::query(
        "INSERT INTO processed_updates (bot_id, update_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (bot_id, update_id) DO NOTHING",
    )
    .bind(bot_id)
    .bind(update_id)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The highest update id this database has recorded for a bot (0 when none).
pub async fn last(db: &Db, bot_id: i64) -> anyhow::Result<i64> {
    let last: Option<i64> = sqlx::query_scalar("SELECT MAX(update_id) FROM processed_updates WHERE bot_id = $1")
        .bind(bot_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(last.unwrap_or(0))
}

/// Forgets update ids recorded before `before` (Unix seconds); returns how many.
pub async fn prune(db: &Db, before: i64) -> anyhow::Result<u64> {
    let done =
        sqlx::query("DELETE FROM processed_updates WHERE created_at < $1").bind(before).execute(&db.pool).await?;
    Ok(done.rows_affected())
}
