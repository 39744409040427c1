//! The REGOS sync against the `savdo dev-regos` stand-in: a sync with 429s brings every receipt
//! in once (stock, ledger, branches, products to confirm); a second sync brings nothing; a
//! webhook (repeated, forged) and an edited receipt; the daily job once with two instances; the
//! chat's "Sync now" with its progress message; and a `savdo regos sync` process killed mid-sync
//! then run again.

mod common;

use std::process::Command;
use std::time::Duration;

use savdo::db::Db;
use savdo::domain::company::{self, Member, Tin};
use savdo::domain::ledger;
use savdo::domain::regos::{self, Client, Connection};
use savdo::telegram_stub::{Harness, TgUser};
use serde_json::{json, Value};

const SECRET: &str = "a-webhook-secret-of-32-characters";

/// dev-regos on a free port: its base URL.
async fn dev_regos(options: savdo::dev_regos::Options) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(savdo::dev_regos::serve(listener, options));
    format!("http://{addr}")
}

fn connection(base: &str) -> Connection {
    Connection {
        base_url: base.into(),
        integration_id: "dev_integration".into(),
        client_id: "savdo".into(),
        client_secret: "dev-secret".into(),
        token_url: format!("{base}/oauth/token"),
    }
}

async fn connected_company(db: &Db, base: &str) -> Member {
    let user = company::touch_user(db, 1, "Aziz", Some("uz")).await.unwrap();
    let admin = company::create_company(db, user.id, "Baraka", &Tin::parse("301234567").unwrap(), "Markaz", "uz")
        .await
        .unwrap();
    regos::connect(db, &admin.actor(), &connection(base), SECRET).await.unwrap();
    admin
}

fn quick(client: &mut Client) {
    client.backoff = Duration::from_millis(20);
}

/// What the stand-in holds: (retail and wholesale documents that are sales, returns).
async fn expected(base: &str) -> (usize, usize) {
    let mut client = Client::new(connection(base)).unwrap();
    quick(&mut client);
    let (mut sales, mut returns) = (0, 0);
    for model in ["DocCheque/Get", "DocWholeSale/Get"] {
        let mut offset = 0;
        loop {
            let body = json!({ "start_date": 0, "end_date": i64::MAX, "limit": 1000, "offset": offset });
            let page = client.call(model, &body).await.unwrap();
            for doc in &page.result {
                if doc["is_return"].as_bool().unwrap_or(false) {
                    returns += 1;
                } else {
                    sales += 1;
                }
            }
            match page.next_offset {
                Some(next) => offset = next,
                None => break,
            }
        }
    }
    (sales, returns)
}

async fn count(db: &Db, sql: &str, company_id: i64) -> i64 {
    sqlx::query_scalar(sql).bind(company_id).fetch_one(&db.pool).await.unwrap()
}

fn week(now: i64) -> (i64, i64) {
    (now - 8 * 86_400, now)
}

async fn each_receipt_once(db: Db) {
    let options = savdo::dev_regos::Options { receipts: 150, rate_limit_every: 4, ..Default::default() };
    let base = dev_regos(options).await;
    let admin = connected_company(&db, &base).await;
    let (sales, returns) = expected(&base).await;
    let mut client = Client::new(regos::connection(&db, admin.company_id).await.unwrap().unwrap().0).unwrap();
    quick(&mut client);
    let (from, to) = week(chrono::Utc::now().timestamp());
    let report = regos::sync(&db, &admin.actor(), &client, "manual", from, to, None).await.unwrap();
    assert_eq!(report.status, "done", "{report:?}");
    assert_eq!(report.progress.new as usize, sales, "{report:?}");
    assert_eq!(report.progress.skipped as usize, returns);
    assert!(report.progress.pages >= 3, "pages of a hundred: {}", report.progress.pages);
    let c = admin.company_id;
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM sales WHERE company_id = $1 AND source = 'regos'", c).await as usize,
        sales
    );
    assert_eq!(
        count(&db, "SELECT COUNT(DISTINCT uuid) FROM regos_receipts WHERE company_id = $1", c).await as usize,
        sales
    );
    // Departments became branches; items became products waiting for confirmation.
    assert_eq!(count(&db, "SELECT COUNT(*) FROM branches WHERE company_id = $1", c).await, 2);
    assert_eq!(regos::products_to_confirm(&db, &admin.actor()).await.unwrap(), 8);
    // The books: revenue and VAT equal the sales; stock moved for every line.
    let (gross, vat): (i64, i64) = sqlx::query_as(
        "SELECT CAST(SUM(total) AS BIGINT), CAST(SUM(vat) AS BIGINT) FROM sales WHERE company_id = $1 AND source = 'regos'",
    )
    .bind(c)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2100, 1, 1).unwrap();
    assert_eq!(-ledger::balance(&db, c, "9020", today).await.unwrap(), gross - vat);
    assert_eq!(-ledger::balance(&db, c, "6410", today).await.unwrap(), vat);
    let moves = count(&db, "SELECT COUNT(*) FROM stock_moves WHERE company_id = $1 AND reason = 'sale'", c).await;
    let lines = count(&db, "SELECT COUNT(*) FROM sale_lines WHERE company_id = $1", c).await;
    assert_eq!(moves, lines);
    // A second sync (as if a page came twice, or a rerun) brings nothing more.
    let again = regos::sync(&db, &admin.actor(), &client, "manual", from, to, None).await.unwrap();
    assert_eq!((again.progress.new, again.progress.updated), (0, 0));
    assert_eq!(again.progress.skipped as usize, sales + returns);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM sales WHERE company_id = $1 AND source = 'regos'", c).await as usize,
        sales
    );
    let log = regos::syncs(&db, &admin.actor(), 5).await.unwrap();
    assert_eq!(log.len(), 2);
    assert!(log[0].progress.errors.iter().all(|e| e.key == "regos-problem-return"), "{:?}", log[0].progress.errors);
    assert_eq!(regos::confirm_products(&db, &admin.actor()).await.unwrap(), 8);
    // The live stream heard both syncs finish.
    let finished: Vec<String> =
        sqlx::query_scalar("SELECT data FROM event_log WHERE company_id = $1 AND kind = 'sync.finished' ORDER BY id")
            .bind(c)
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert_eq!(finished.len(), 2);
    assert!(finished[0].contains(&format!("\"new\":{sales}")), "{finished:?}");
    // A cashier may not sync.
    let cashier =
        common::fixtures::member_with_role(&db, &admin, 5, savdo::domain::roles::Role::Cashier, admin.branch_id).await;
    assert!(regos::sync(&db, &cashier.actor(), &client, "manual", from, to, None).await.is_err());
}
db_test!(sync_each_receipt_once, super::each_receipt_once);

async fn webhooks_and_edits(db: Db) {
    // Savdo's server first, so the stand-in knows where to send webhooks.
    let (_stub, running) = common::start_server(&db, None).await;
    let savdo_base = format!("http://{}", running.http_addr.unwrap());
    let options = savdo::dev_regos::Options {
        receipts: 20,
        rate_limit_every: 0,
        webhook: Some(format!("{savdo_base}/webhooks/regos/1")),
        webhook_secret: Some(SECRET.into()),
        ..Default::default()
    };
    let base = dev_regos(options).await;
    let admin = connected_company(&db, &base).await;
    assert_eq!(admin.company_id, 1);
    let c = admin.company_id;
    let http = reqwest::Client::new();
    let sales = |db: Db| async move {
        count(&db, "SELECT COUNT(*) FROM sales WHERE company_id = $1 AND source = 'regos'", 1).await
    };
    // A new receipt at the REGOS till: its webhook brings it in.
    let doc: Value = http.post(format!("{base}/dev/cheques")).send().await.unwrap().json().await.unwrap();
    let wait_for = |want: i64| {
        let db = db.clone();
        async move {
            for _ in 0..100 {
                if sales(db.clone()).await == want {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            panic!("expected {want} sales from REGOS, have {}", sales(db.clone()).await);
        }
    };
    wait_for(1).await;
    // The same webhook again (REGOS retries): nothing more.
    let body = json!({ "action": "DocChequeCreated", "connected_integration_id": "dev_integration", "data": { "uuid": doc["uuid"], "date": doc["date"] } });
    let repeated = http
        .post(format!("{savdo_base}/webhooks/regos/{c}"))
        .header("X-Regos-Secret", SECRET)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(repeated.status(), 200);
    let report: Value = repeated.json().await.unwrap();
    assert_eq!(
        (report["new_count"].as_i64().or(report["new"].as_i64()), report["skipped"].as_i64()),
        (Some(0), Some(1)),
        "{report}"
    );
    assert_eq!(sales(db.clone()).await, 1);
    // A forged one, and one for another integration.
    let forged = http
        .post(format!("{savdo_base}/webhooks/regos/{c}"))
        .header("X-Regos-Secret", "wrong")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
    let other =
        json!({ "action": "DocChequeCreated", "connected_integration_id": "other", "data": { "date": doc["date"] } });
    let other = http
        .post(format!("{savdo_base}/webhooks/regos/{c}"))
        .header("X-Regos-Secret", SECRET)
        .json(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 400);
    // The receipt is edited in REGOS (one more of its first line): the old sale is returned and
    // the new version sold.
    let uuid = doc["uuid"].as_str().unwrap();
    let edited: Value =
        http.post(format!("{base}/dev/cheques/{uuid}/edit")).send().await.unwrap().json().await.unwrap();
    wait_for(2).await;
    for _ in 0..100 {
        if count(&db, "SELECT COUNT(*) FROM sales WHERE company_id = $1 AND kind = 'return'", c).await == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let net: i64 = count(&db, "SELECT CAST(SUM(total) AS BIGINT) FROM sales WHERE company_id = $1", c).await;
    let amount = (edited["amount"].as_f64().unwrap() * 100.0).round() as i64;
    assert_eq!(net, amount, "what REGOS says the receipt is now");
    let last_update: i64 = sqlx::query_scalar("SELECT last_update FROM regos_receipts WHERE uuid = $1")
        .bind(uuid)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(last_update, edited["last_update"].as_i64().unwrap());
    running.stop().await;
}
db_test!(webhook_and_edit, super::webhooks_and_edits);

async fn daily_once(db: Db) {
    use chrono::TimeZone;
    let base = dev_regos(savdo::dev_regos::Options { receipts: 30, rate_limit_every: 0, ..Default::default() }).await;
    let admin = connected_company(&db, &base).await;
    let first = Harness::new(db.clone()).await.unwrap();
    let second = Harness::new(db.clone()).await.unwrap();
    let tz = chrono_tz::Asia::Tashkent;
    let today = chrono::Utc::now().with_timezone(&tz).date_naive();
    let at = |h: u32, m: u32| tz.from_local_datetime(&today.and_hms_opt(h, m, 10).unwrap()).unwrap().timestamp();
    assert_eq!(savdo::jobs::regos::run(&first.app, at(23, 58)).await.unwrap(), 0, "not before 23:59");
    let (a, b) =
        tokio::join!(savdo::jobs::regos::run(&first.app, at(23, 59)), savdo::jobs::regos::run(&second.app, at(23, 59)));
    assert_eq!(a.unwrap() + b.unwrap(), 1, "once with two instances");
    assert_eq!(savdo::jobs::regos::run(&first.app, at(23, 59) + 30).await.unwrap(), 0);
    let log = regos::syncs(&db, &admin.actor(), 5).await.unwrap();
    assert_eq!((log.len(), log[0].mode.as_str(), log[0].status.as_str()), (1, "daily", "done"));
    // Receipts of the day and the day before.
    assert!(log[0].progress.new > 0);
}
db_test!(daily_sync, super::daily_once);

async fn sync_from_chat(db: Db) {
    let base = dev_regos(savdo::dev_regos::Options { receipts: 250, rate_limit_every: 3, ..Default::default() }).await;
    let harness = Harness::new(db.clone()).await.unwrap();
    let admin = connected_company(&db, &base).await;
    let aziz = TgUser::new(1, "Aziz", Some("uz"));
    let shown = harness.send(&aziz, "/regos").await.unwrap();
    let card = shown.iter().find(|s| s.text.as_deref().is_some_and(|t| t.contains("REGOS"))).unwrap();
    assert!(card.text.as_deref().unwrap().contains("Hali sinxronlanmagan."), "{card:?}");
    let sent = harness.press(&aziz, card, "rgs").await.unwrap();
    let texts: Vec<String> = sent.iter().filter_map(|s| s.text.clone()).collect();
    assert!(texts.iter().any(|t| t == "⏳ REGOS: cheklar olinmoqda…"), "{texts:?}");
    assert!(texts.iter().any(|t| t.starts_with("⏳ REGOS: 1 sahifa")), "progress after a page: {texts:?}");
    let last = texts.last().unwrap();
    assert!(last.starts_with("✅ REGOS: 4 sahifa"), "three pages of cheques, one of wholesale: {texts:?}");
    assert!(last.contains("qaytarish cheki — olinmadi"), "{last}");
    let shown = harness.send(&aziz, "/regos").await.unwrap();
    let card = shown.iter().find(|s| s.text.as_deref().is_some_and(|t| t.contains("REGOS"))).unwrap();
    assert!(card.text.as_deref().unwrap().contains("qo‘lda · bajarildi"), "{card:?}");
    let labels: Vec<&str> = card.buttons.iter().flatten().map(|b| b.text.as_str()).collect();
    assert_eq!(labels, ["🔄 Hozir sinxronlash", "✅ 8 ta mahsulotni tasdiqlash"]);
    let confirmed = harness.press(&aziz, card, "rgp").await.unwrap();
    assert!(confirmed.iter().any(|s| s.text.as_deref() == Some("✅ 8 ta mahsulot tasdiqlandi.")));
    assert_eq!(regos::products_to_confirm(&db, &admin.actor()).await.unwrap(), 0);
    // A cashier is refused.
    let cashier =
        common::fixtures::member_with_role(&db, &admin, 5, savdo::domain::roles::Role::Cashier, admin.branch_id).await;
    let _ = cashier;
    let refused = harness.send(&TgUser::new(5, "User5", Some("uz")), "/regos").await.unwrap();
    assert!(refused[0].text.as_deref().unwrap().contains("ruxsat etilmagan"));
}
db_test!(chat_sync_now, super::sync_from_chat);

/// `savdo regos sync` killed (SIGKILL) in the middle, then run again: every receipt once.
/// (Two threads: the stand-in keeps serving while the test waits for the process.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_killed_midway_then_rerun() {
    let dir = tempfile::tempdir().unwrap();
    let base = dev_regos(savdo::dev_regos::Options { receipts: 3000, rate_limit_every: 0, ..Default::default() }).await;
    let (sales, _) = expected(&base).await;
    let url = format!("sqlite:{}", dir.path().join("savdo.db").display());
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    connected_company(&db, &base).await;
    let savdo = |args: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_savdo"));
        cmd.current_dir(dir.path()).env("DATABASE_URL", &url).args(args);
        cmd
    };
    let mut child = savdo(&["regos", "sync", "--company", "1"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once some receipts are in, well before all.
    let mut seen = 0;
    for _ in 0..400 {
        seen = count(&db, "SELECT COUNT(*) FROM regos_receipts WHERE company_id = $1", 1).await;
        if seen >= 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let after_kill = count(&db, "SELECT COUNT(*) FROM regos_receipts WHERE company_id = $1", 1).await;
    assert!(seen >= 200 && (after_kill as usize) < sales, "killed mid-sync: {after_kill} of {sales}");
    let consistent = count(&db, "SELECT COUNT(*) FROM sales WHERE company_id = $1 AND source = 'regos'", 1).await;
    assert_eq!(consistent, after_kill, "pages are all or nothing");
    let status: String = sqlx::query_scalar("SELECT status FROM regos_syncs ORDER BY id DESC LIMIT 1")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(status, "running", "the killed sync never finished");
    let out = savdo(&["regos", "sync", "--company", "1"]).output().unwrap();
    assert!(out.status.success(), "{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["new_count"].as_i64().or(report["new"].as_i64()).unwrap() as usize + after_kill as usize, sales);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM sales WHERE company_id = $1 AND source = 'regos'", 1).await as usize,
        sales
    );
    assert_eq!(
        count(&db, "SELECT COUNT(DISTINCT uuid) FROM regos_receipts WHERE company_id = $1", 1).await as usize,
        sales
    );
    // The ledger still balances.
    let (debit, credit): (i64, i64) =
        sqlx::query_as("SELECT CAST(SUM(debit) AS BIGINT), CAST(SUM(credit) AS BIGINT) FROM journal_lines")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(debit, credit);
}

/// `POST /api/v1/regos/sync` and `GET /api/v1/regos/syncs` with an admin's key.
async fn over_http(db: Db) {
    let base = dev_regos(savdo::dev_regos::Options { receipts: 20, rate_limit_every: 0, ..Default::default() }).await;
    let admin = connected_company(&db, &base).await;
    let (_, key) = savdo::domain::apikeys::create(&db, &admin.actor(), "sync", None).await.unwrap();
    let (_stub, running) = common::start_server(&db, None).await;
    let api = format!("http://{}/api/v1/regos", running.http_addr.unwrap());
    let http = reqwest::Client::new();
    let bad =
        http.post(format!("{api}/sync")).header("X-API-Key", &key).json(&json!({ "days": 90 })).send().await.unwrap();
    assert_eq!(bad.status(), 400);
    let report: Value = http
        .post(format!("{api}/sync"))
        .header("X-API-Key", &key)
        .json(&json!({ "days": 8 }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!((report["status"].as_str(), report["mode"].as_str()), (Some("done"), Some("manual")));
    assert!(report["new"].as_i64().unwrap() > 0);
    let syncs: Value =
        http.get(format!("{api}/syncs")).header("X-API-Key", &key).send().await.unwrap().json().await.unwrap();
    assert_eq!(syncs["syncs"][0]["id"], report["id"]);
    assert_eq!(http.get(format!("{api}/syncs")).send().await.unwrap().status(), 401);
    running.stop().await;
}
db_test!(regos_over_http, super::over_http);
