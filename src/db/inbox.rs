//! Telegram updates the webhook has taken and no instance has finished handling yet.
//!
//! Any instance may handle any update, but one chat's updates go in update order: a claim takes
//! only the chat's oldest waiting update, and only if no one holds it. The claim is one `UPDATE`
//! whose row lock settles a race between instances (the loser sees the row claimed and gets
//! nothing), so no connection is held while an update is handled.

use sqlx::Row;

use super::{now, Db};

/// A claim not renewed for this long belongs to an instance that died while handling; the
/// instance handling renews it every [`CLAIM_RENEW_SECS`].
pub const CLAIM_EXPIRES_SECS: i64 = 30;
pub const CLAIM_RENEW_SECS: u64 = 10;

/// Stores an update (synchronously committed: Telegram is told it arrived only after this).
/// False when the update is already there.
pub async fn put(db: &Db, bot_id: i64, update_id: i64, chat_id: i64, body: &str) -> anyhow::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO inbox (bot_id, update_id, chat_id, body, received_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (bot_id, update_id) DO NOTHING",
    )
    .bind(bot_id)
    .bind(update_id)
    .bind(chat_id)
    .bind(body)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Takes the chat's oldest waiting update if no one holds it: its id and body.
pub async fn claim(db: &Db, bot_id: i64, chat_id: i64) -> anyhow::Result<Option<(i64, String)>> {
    let at = now();
    let row = sqlx::query(
        "UPDATE inbox SET claimed_at = $3 \
         WHERE bot_id = $1 \
           AND update_id = (SELECT MIN(update_id) FROM inbox WHERE bot_id = $1 AND chat_id = $2) \
           AND (claimed_at IS NULL OR claimed_at < $4) \
         RETURNING update_id, body",
    )
    .bind(bot_id)
    .bind(chat_id)
    .bind(at)
    .bind(at - CLAIM_EXPIRES_SECS)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|r| (r.get::<i64, _>(0), r.get::<String, _>(1))))
}

/// Still handling it: the claim is renewed.
pub async fn renew(db: &Db, bot_id: i64, update_id: i64) -> anyhow::Result<()> {
    sqlx::query("UPDATE inbox SET claimed_at = $3 WHERE bot_id = $1 AND update_id = $2")
        .bind(bot_id)
        .bind(update_id)
        .bind(now())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The update is handled: it leaves the inbox.
pub async fn finish(db: &Db, bot_id: i64, update_id: i64) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM inbox WHERE bot_id = $1 AND update_id = $2")
        .bind(bot_id)
        .bind(update_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Chats with an update received before `before` (Unix seconds) and still waiting: what an
/// instance that stopped, or a restart, left behind.
pub async fn waiting_chats(db: &Db, bot_id: i64, before: i64) -> anyhow::Result<Vec<i64>> {
    let rows = sqlx::query("SELECT DISTINCT chat_id FROM inbox WHERE bot_id = $1 AND received_at < $2")
        .bind(bot_id)
        .bind(before)
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.iter().map(|r| r.get::<i64, _>(0)).collect())
}

/// The highest update id waiting (0 when none).
pub async fn last(db: &Db, bot_id: i64) -> anyhow::Result<i64> {
    let last: Option<i64> = sqlx::query_scalar("SELECT MAX(update_id) FROM inbox WHERE bot_id = $1")
        .bind(bot_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(last.unwrap_or(0))
}

/// How many updates are waiting (for the benchmark and the health check).
pub async fn waiting(db: &Db, bot_id: i64) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM inbox WHERE bot_id = $1").bind(bot_id).fetch_one(&db.pool).await?)
}
