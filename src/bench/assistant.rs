//! `savdo bench assistant`: how fast the assistant answers plain questions on a database
//! filled by `savdo demo-data`, as the demo admin, through the core's one entry
//! (`assistant::ask`: parsing, the tools' queries, the templates, storing the turn). Offline
//! questions in three languages, one per kind; and model-backed answers against the
//! `savdo dev-model` stand-in served here, whose reply takes no model time, so the figure is the
//! assistant's own overhead (two HTTP round trips on loopback included).

use std::time::{Duration, Instant};

use super::{percentile, Row};
use crate::db::Db;
use crate::domain::assistant::{self, turns, Model, Source};
use crate::domain::company;
use crate::domain::demo::DEMO_ADMIN_TELEGRAM_ID;
use crate::i18n::Lang;

/// One question of each kind the offline parser answers.
pub const QUESTIONS: [(Lang, &str); 12] = [
    (Lang::Uz, "bugun savdo qancha?"),
    (Lang::Uz, "Bugun necha dona mahsulot sotildi?"),
    (Lang::Ru, "продажи в этом месяце по сравнению с прошлым месяцем"),
    (Lang::En, "why was this week weaker than last?"),
    (Lang::En, "top products this month"),
    (Lang::Ru, "какие товары плохо продаются"),
    (Lang::Uz, "nima tugayapti?"),
    (Lang::Uz, "cola qancha qoldi"),
    (Lang::En, "who owes us the most?"),
    (Lang::Ru, "сколько денег в кассе?"),
    (Lang::Uz, "shu oy foyda"),
    (Lang::En, "expenses this month"),
];

pub async fn run(db: Db, runs: usize) -> anyhow::Result<Vec<Row>> {
    let user = company::user_by_telegram_id(&db, DEMO_ADMIN_TELEGRAM_ID)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no demo admin: is DATABASE_URL a demo-data database?"))?;
    let member =
        company::current_member(&db, &user).await?.ok_or_else(|| anyhow::anyhow!("the demo admin has no company"))?;
    let actor = member.actor();
    turns::set_limit(&db, &actor, turns::MAX_LIMIT).await?;
    let mut rows = Vec::new();
    let mut all = Vec::new();
    for (lang, question) in QUESTIONS {
        let times = timed(runs, || async {
            let answer = assistant::ask(&db, &actor, None, lang, "bench", question).await?;
            anyhow::ensure!(answer.source == Source::Offline, "{question}: not understood");
            Ok(())
        })
        .await?;
        all.extend(times.iter().copied());
        rows.push(row(&format!("offline: {question}"), &times));
    }
    all.sort();
    rows.push(row("offline: all twelve questions", &all));

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/v1", listener.local_addr()?);
    tokio::spawn(crate::dev_model::serve(listener));
    let model = Model::new(&url, None, "dev", Duration::from_secs(10));
    let mut with_model = Vec::new();
    let mut same_offline = Vec::new();
    for (lang, question) in &QUESTIONS[..4] {
        let times = timed(runs / 4, || async {
            assistant::ask(&db, &actor, None, *lang, "bench:offline", question).await?;
            Ok(())
        })
        .await?;
        same_offline.extend(times);
        let times = timed(runs / 4, || async {
            let answer = assistant::ask(&db, &actor, Some(&model), *lang, "bench:model", question).await?;
            anyhow::ensure!(answer.source == Source::Model, "{question}: the model did not answer");
            Ok(())
        })
        .await?;
        with_model.extend(times);
    }
    with_model.sort();
    same_offline.sort();
    rows.push(row("offline: the first four questions", &same_offline));
    rows.push(row("model-backed (dev stand-in): the same four", &with_model));
    Ok(rows)
}

/// `runs` timed calls after a tenth as many untimed ones, sorted.
async fn timed<F, Fut>(runs: usize, mut call: F) -> anyhow::Result<Vec<Duration>>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    let mut times = Vec::with_capacity(runs);
    for i in 0..runs + runs / 10 {
        let started = Instant::now();
        call().await?;
        if i >= runs / 10 {
            times.push(started.elapsed());
        }
    }
    times.sort();
    Ok(times)
}

fn row(case: &str, sorted: &[Duration]) -> Row {
    let mean = sorted.iter().map(|d| d.as_secs_f64()).sum::<f64>() / sorted.len().max(1) as f64 * 1000.0;
    Row {
        case: case.to_string(),
        runs: sorted.len(),
        p50_ms: percentile(sorted, 0.50),
        p99_ms: percentile(sorted, 0.99),
        mean_ms: mean,
    }
}
