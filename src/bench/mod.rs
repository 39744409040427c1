//! `savdo bench sales`: how fast `/sales` answers, measured through the real handler tree and
//! the in-process Bot API stub (so a run includes the update's bookkeeping, the database and
//! the HTTP round trip to the stub), on whatever database DATABASE_URL names — normally one
//! filled by `savdo demo-data`. [`updates`]: updates per second through the webhook.

pub mod assistant;
pub mod forecast;
pub mod ocr;
pub mod updates;

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::db::Db;
use crate::domain::company;
use crate::domain::demo::DEMO_ADMIN_TELEGRAM_ID;
use crate::telegram::Cb;
use crate::telegram_stub::{Harness, Sent, TgUser};

#[derive(Debug, Serialize)]
pub struct Row {
    pub case: String,
    pub runs: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub mean_ms: f64,
}

pub(crate) fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

pub async fn sales(db: Db, runs: usize) -> anyhow::Result<Vec<Row>> {
    let harness = Harness::new(db.clone()).await?;
    let admin = TgUser::new(DEMO_ADMIN_TELEGRAM_ID, "Aziz", Some("uz"));
    let first = harness.send(&admin, "/sales").await?;
    let message =
        first.iter().find(|s| s.method == "sendMessage" && !s.buttons.is_empty()).cloned().ok_or_else(|| {
            anyhow::anyhow!("/sales gave no answer: is DATABASE_URL a demo-data database? ({first:?})")
        })?;
    let admin_user = company::user_by_telegram_id(&db, DEMO_ADMIN_TELEGRAM_ID)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no demo admin: is DATABASE_URL a demo-data database?"))?;
    let admin_member = company::current_member(&db, &admin_user)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo admin has no company"))?;
    let branch = company::branches(&db, admin_member.company_id)
        .await?
        .first()
        .map(|b| b.id)
        .ok_or_else(|| anyhow::anyhow!("the demo company has no branch"))?;
    let cases: Vec<(&str, Step)> = vec![
        ("/sales today", Step::Text("/sales".into())),
        ("this month (button)", Step::Press(Cb::Sales("m".into(), 0).encode())),
        ("last month with comparison (button)", Step::Press(Cb::Sales("lm".into(), 0).encode())),
        ("one branch, this month (button)", Step::Press(Cb::Sales("m".into(), branch).encode())),
    ];
    let mut rows = Vec::new();
    for (name, step) in cases {
        let mut times = Vec::with_capacity(runs);
        for i in 0..runs + runs / 10 {
            let started = Instant::now();
            let sent = step.run(&harness, &admin, &message).await?;
            let took = started.elapsed();
            if !sent.iter().any(|s| s.text.as_deref().is_some_and(|t| t.contains("📊"))) {
                anyhow::bail!("{name}: unexpected answer {sent:?}");
            }
            if i >= runs / 10 {
                times.push(took);
            }
        }
        times.sort();
        let mean = times.iter().map(|d| d.as_secs_f64()).sum::<f64>() / times.len() as f64 * 1000.0;
        rows.push(Row {
            case: name.to_string(),
            runs,
            p50_ms: percentile(&times, 0.50),
            p99_ms: percentile(&times, 0.99),
            mean_ms: mean,
        });
    }
    Ok(rows)
}

enum Step {
    Text(String),
    Press(String),
}

impl Step {
    async fn run(&self, harness: &Harness, user: &TgUser, message: &Sent) -> anyhow::Result<Vec<Sent>> {
        match self {
            Step::Text(text) => harness.send(user, text).await,
            Step::Press(data) => harness.press(user, message, data).await,
        }
    }
}
