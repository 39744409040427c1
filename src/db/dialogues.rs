//! Where each chat's conversation state is kept (as JSON), so a restart resumes it.

use super::{now, Db};

pub async fn get(db: &Db, chat_id: i64) -> anyhow::Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT state FROM dialogues WHERE chat_id = $1")
        .bind(chat_id)
        .fetch_optional(&db.pool)
        .await?)
}

pub async fn put(db: &Db, chat_id: i64, json: &str) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO dialogues (chat_id, state, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
    )
    .bind(chat_id)
    .bind(json)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn remove(db: &Db, chat_id: i64) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM dialogues WHERE chat_id = $1").bind(chat_id).execute(&db.pool).await?;
    Ok(())
}
