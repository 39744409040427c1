//! The assistant's conversations (seed ToR: chat sessions): every question with how it was
//! answered, the tools called and the answer; the company's daily limit of questions the
//! language model answers; 👍/👎 with a comment, and their summary for the admin.

use serde_json::json;

use crate::db::{now, Db};
use crate::domain::actor::Actor;
use crate::domain::roles::Action;
use crate::domain::{Refusal, Result};

/// How a question was answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The local parser and the templates.
    Offline,
    /// The language model, with the tools.
    Model,
    /// Neither understood it.
    NotUnderstood,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Offline => "offline",
            Source::Model => "model",
            Source::NotUnderstood => "not_understood",
        }
    }
}

/// The highest daily limit an admin may set.
pub const MAX_LIMIT: i64 = 100_000;
/// A comment is kept to this many characters.
pub const MAX_COMMENT: usize = 1000;

/// One question and its answer, as stored.
pub struct Turn<'a> {
    pub conversation: &'a str,
    pub question: &'a str,
    pub source: Source,
    pub intent: Option<serde_json::Value>,
    pub calls: serde_json::Value,
    pub answer: &'a str,
    pub model_error: Option<&'a str>,
    pub elapsed_ms: i64,
}

pub async fn record(db: &Db, actor: &Actor, turn: &Turn<'_>) -> Result<i64> {
    let day = actor.calendar(db).await?.today();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO assistant_turns (company_id, user_id, conversation, question, source, intent, calls, answer,
                                      model_error, elapsed_ms, day, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(actor.company_id)
    .bind(actor.user_id)
    .bind(turn.conversation)
    .bind(clip(turn.question, 4000))
    .bind(turn.source.as_str())
    .bind(turn.intent.as_ref().map(|v| v.to_string()))
    .bind(turn.calls.to_string())
    .bind(turn.answer)
    .bind(turn.model_error.map(|e| clip(e, 1000)))
    .bind(turn.elapsed_ms)
    .bind(day.to_string())
    .bind(now())
    .fetch_one(&db.pool)
    .await?;
    Ok(id)
}

fn clip(text: &str, chars: usize) -> String {
    text.chars().take(chars).collect()
}

/// Questions a day the language model may answer for the company.
pub async fn limit(db: &Db, company_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT question_limit FROM companies WHERE id = $1")
        .bind(company_id)
        .fetch_one(&db.pool)
        .await?)
}

pub async fn set_limit(db: &Db, actor: &Actor, limit: i64) -> Result<()> {
    actor.require(Action::ManageSettings)?;
    if !(0..=MAX_LIMIT).contains(&limit) {
        return Err(Refusal::BadArgument(format!("limit {limit}")).into());
    }
    let before = self::limit(db, actor.company_id).await?;
    crate::domain::company::change_setting(db, actor, "question_limit", json!(before), json!(limit)).await
}

/// Questions the model answered for the company today (in its time zone).
pub async fn model_answers_today(db: &Db, actor: &Actor) -> Result<i64> {
    let day = actor.calendar(db).await?.today();
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM assistant_turns WHERE company_id = $1 AND day = $2 AND source = 'model'",
    )
    .bind(actor.company_id)
    .bind(day.to_string())
    .fetch_one(&db.pool)
    .await?)
}

/// The conversation's last `n` questions and answers, oldest first (the model's memory).
pub async fn history(db: &Db, actor: &Actor, conversation: &str, n: i64) -> Result<Vec<(String, String)>> {
    let mut rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT question, answer FROM assistant_turns WHERE company_id = $1 AND conversation = $2
         ORDER BY id DESC LIMIT $3",
    )
    .bind(actor.company_id)
    .bind(conversation)
    .bind(n)
    .fetch_all(&db.pool)
    .await?;
    rows.reverse();
    Ok(rows)
}

/// The question of a turn the actor asked in their company (what a suggestion or a rating is on).
pub async fn question_of(db: &Db, actor: &Actor, turn_id: i64) -> Result<String> {
    sqlx::query_scalar("SELECT question FROM assistant_turns WHERE id = $1 AND company_id = $2 AND user_id = $3")
        .bind(turn_id)
        .bind(actor.company_id)
        .bind(actor.user_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(Refusal::NotFound.into())
}

/// 👍 or 👎 on an answer the actor was given; a second press changes it.
pub async fn rate(db: &Db, actor: &Actor, turn_id: i64, helpful: bool) -> Result<()> {
    question_of(db, actor, turn_id).await?;
    let user = actor.user_id.ok_or(Refusal::NotAllowed)?;
    let changed = sqlx::query("UPDATE assistant_feedback SET helpful = $1 WHERE turn_id = $2 AND user_id = $3")
        .bind(i64::from(helpful))
        .bind(turn_id)
        .bind(user)
        .execute(&db.pool)
        .await?
        .rows_affected();
    if changed == 0 {
        sqlx::query(
            "INSERT INTO assistant_feedback (turn_id, user_id, company_id, helpful, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(turn_id)
        .bind(user)
        .bind(actor.company_id)
        .bind(i64::from(helpful))
        .bind(now())
        .execute(&db.pool)
        .await?;
    }
    Ok(())
}

/// A comment on a rated answer.
pub async fn comment(db: &Db, actor: &Actor, turn_id: i64, text: &str) -> Result<()> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Refusal::BadArgument("empty comment".into()).into());
    }
    let done = sqlx::query(
        "UPDATE assistant_feedback SET comment = $1 WHERE turn_id = $2 AND user_id = $3 AND company_id = $4",
    )
    .bind(clip(text, MAX_COMMENT))
    .bind(turn_id)
    .bind(actor.user_id)
    .bind(actor.company_id)
    .execute(&db.pool)
    .await?
    .rows_affected();
    if done == 0 {
        return Err(Refusal::NotFound.into());
    }
    Ok(())
}

/// What the admin sees of the assistant: today's use against the limit, and the last 30 days'
/// feedback with the latest comments and the questions nothing understood.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Summary {
    pub limit: i64,
    pub model_today: i64,
    pub offline_today: i64,
    pub helpful: i64,
    pub unhelpful: i64,
    /// (asker, question, 👍?, comment), newest first.
    pub comments: Vec<(String, String, bool, String)>,
    pub not_understood: Vec<String>,
}

pub async fn summary(db: &Db, actor: &Actor) -> Result<Summary> {
    actor.require(Action::ManageSettings)?;
    let day = actor.calendar(db).await?.today();
    let since = now() - 30 * 86_400;
    let counts: Vec<(String, i64)> = sqlx::query_as(
        "SELECT source, COUNT(*) FROM assistant_turns WHERE company_id = $1 AND day = $2 GROUP BY source",
    )
    .bind(actor.company_id)
    .bind(day.to_string())
    .fetch_all(&db.pool)
    .await?;
    let count = |source: &str| counts.iter().filter(|c| c.0 == source).map(|c| c.1).sum::<i64>();
    let ratings: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT helpful, COUNT(*) FROM assistant_feedback WHERE company_id = $1 AND created_at >= $2 GROUP BY helpful",
    )
    .bind(actor.company_id)
    .bind(since)
    .fetch_all(&db.pool)
    .await?;
    let rated = |helpful: i64| ratings.iter().filter(|r| r.0 == helpful).map(|r| r.1).sum::<i64>();
    let comments: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT u.name, t.question, f.helpful, f.comment FROM assistant_feedback f
         JOIN assistant_turns t ON t.id = f.turn_id JOIN users u ON u.id = f.user_id
         WHERE f.company_id = $1 AND f.created_at >= $2 AND f.comment IS NOT NULL ORDER BY f.created_at DESC, f.turn_id DESC LIMIT 5",
    )
    .bind(actor.company_id)
    .bind(since)
    .fetch_all(&db.pool)
    .await?;
    let not_understood: Vec<String> = sqlx::query_scalar(
        "SELECT question FROM assistant_turns WHERE company_id = $1 AND source = 'not_understood' AND created_at >= $2
         ORDER BY id DESC LIMIT 5",
    )
    .bind(actor.company_id)
    .bind(since)
    .fetch_all(&db.pool)
    .await?;
    Ok(Summary {
        limit: limit(db, actor.company_id).await?,
        model_today: count("model"),
        offline_today: count("offline"),
        helpful: rated(1),
        unhelpful: rated(0),
        comments: comments.into_iter().map(|(name, q, h, c)| (name, q, h == 1, c)).collect(),
        not_understood,
    })
}
