//! 1C: the CommerceML exchange a 1C base pushes (checkauth, init, file in parts, import), run
//! twice with nothing changed the second time; and the pull-style sync from a 1C HTTP service
//! with its task's progress. Files in tests/fixtures/commerceml/ are shaped as 1C 8.3 writes them.

mod common;

use base64::Engine;
use common::fixtures::company_with_cola;
use common::start_server;
use reqwest::Client;
use savdo::db::Db;
use savdo::domain::actor::{Actor, Via};
use savdo::domain::apiusers;
use savdo::domain::roles::Role;
use serde_json::{json, Value};

const PASSWORD: &str = "1c exchange password";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/commerceml/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

async fn stock_of(db: &Db, company_id: i64, code_1c: &str, branch: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(s.qty), 0) AS BIGINT) FROM stock s JOIN products p ON p.id = s.product_id JOIN branches b ON b.id = s.branch_id
         WHERE p.company_id = $1 AND p.code_1c = $2 AND b.name = $3",
    )
    .bind(company_id)
    .bind(code_1c)
    .bind(branch)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

/// One exchange as 1C runs it; returns each step's answer.
async fn exchange(http: &Client, base: &str, user: &str, password: &str) -> Vec<String> {
    let url = format!("{base}/1c_exchange.php");
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    let auth = http
        .get(format!("{url}?type=catalog&mode=checkauth"))
        .header("Authorization", format!("Basic {basic}"))
        .send()
        .await
        .unwrap();
    let auth = auth.text().await.unwrap();
    let mut answers = vec![auth.clone()];
    let lines: Vec<&str> = auth.lines().collect();
    if lines.first() != Some(&"success") {
        return answers;
    }
    let cookie = format!("{}={}", lines[1], lines[2]);
    let step = |mode: &str, file: &str| {
        http.get(format!("{url}?type=catalog&mode={mode}&filename={file}")).header("Cookie", cookie.clone()).send()
    };
    answers.push(step("init", "").await.unwrap().text().await.unwrap());
    for file in ["import.xml", "offers.xml"] {
        // In two parts, as 1C sends files above its limit.
        let bytes = fixture(file);
        let (a, b) = bytes.split_at(bytes.len() / 2);
        for part in [a, b] {
            let r = http
                .post(format!("{url}?type=catalog&mode=file&filename={file}"))
                .header("Cookie", cookie.clone())
                .body(part.to_vec())
                .send()
                .await
                .unwrap();
            answers.push(r.text().await.unwrap());
        }
        answers.push(step("import", file).await.unwrap().text().await.unwrap());
    }
    answers
}

async fn push_exchange(db: Db) {
    let (alfa, _, _) = company_with_cola(&db, 1, "Alfa").await;
    let (beta, _, _) = company_with_cola(&db, 2, "Beta").await;
    savdo::domain::company::add_branch(&db, &alfa.actor(), "Chilonzor").await.unwrap();
    let system = Actor::system(alfa.company_id, Via::Cli);
    apiusers::add(&db, &system, "alfa-1c", PASSWORD, Role::Admin, None).await.unwrap();
    let (_stub, running) = start_server(&db, None).await;
    let base = format!("http://{}", running.http_addr.unwrap());
    let http = Client::new();

    // Wrong password, no session: 1C reads `failure` and the reason.
    let answers = exchange(&http, &base, "alfa-1c", "wrong").await;
    assert!(answers[0].starts_with("failure\n"), "{answers:?}");
    let r = http.get(format!("{base}/api/1c/exchange?type=catalog&mode=init")).send().await.unwrap();
    assert!(r.text().await.unwrap().starts_with("failure\nno session"));

    let answers = exchange(&http, &base, "alfa-1c", PASSWORD).await;
    assert!(answers[0].starts_with("success\nsavdo_exchange\n"), "{answers:?}");
    assert!(answers[1].starts_with("zip=no\nfile_limit="), "{answers:?}");
    assert_eq!(answers[2], "success\n");
    assert_eq!(
        answers[4], "success\ncreated=3 updated=0 priced=0 counted=0 skipped=1\n",
        "the deleted good is skipped"
    );
    assert_eq!(
        answers[7], "success\ncreated=0 updated=0 priced=2 counted=3 skipped=1\n",
        "the unknown offer is skipped"
    );

    // The goods with their group, unit, barcode (a bad one dropped), prices and stock per branch.
    let cards: Vec<(String, String, Option<String>, String, Option<String>, i64, Option<i64>)> = sqlx::query_as(
        "SELECT code_1c, name, group_name, unit, barcode, sale_price, wholesale_price FROM products
         WHERE company_id = $1 AND code_1c IS NOT NULL ORDER BY code_1c",
    )
    .bind(alfa.company_id)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(cards.len(), 3);
    assert_eq!(cards[0].1, "Coca-Cola 1,5 l");
    assert_eq!(
        (cards[0].2.as_deref(), cards[0].3.as_str(), cards[0].4.as_deref()),
        (Some("Gazli ichimliklar"), "pcs", Some("4780000000017"))
    );
    assert_eq!((cards[0].5, cards[0].6), (1_250_000, Some(1_100_000)));
    assert_eq!((cards[1].3.as_str(), cards[1].5), ("kg", 2_100_050));
    assert_eq!(cards[2].4, None, "a barcode Savdo cannot read is left out");
    let cola = "c9a1b2c3-1111-11ef-9b3e-00155d010a05";
    assert_eq!(stock_of(&db, alfa.company_id, cola, "Markaz").await, 48_000);
    assert_eq!(stock_of(&db, alfa.company_id, cola, "Chilonzor").await, 12_000);
    assert_eq!(stock_of(&db, alfa.company_id, "c9a1b2c3-2222-11ef-9b3e-00155d010a05", "Markaz").await, 125_500);
    // The article COLA-15 is Savdo's code; the counts posted their entries.
    let code: String = sqlx::query_scalar("SELECT code FROM products WHERE company_id = $1 AND code_1c = $2")
        .bind(alfa.company_id)
        .bind(cola)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(code, "COLA-15");

    // The same exchange again: matched on the 1C ids, nothing new, no count, no entry in the log.
    let entries = |db: Db| async move {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_log WHERE company_id = $1")
            .bind(alfa.company_id)
            .fetch_one(&db.pool)
            .await
            .unwrap()
    };
    let before = entries(db.clone()).await;
    let again = exchange(&http, &base, "alfa-1c", PASSWORD).await;
    assert_eq!(again[4], "success\ncreated=0 updated=3 priced=0 counted=0 skipped=1\n");
    assert_eq!(again[7], "success\ncreated=0 updated=0 priced=2 counted=0 skipped=1\n");
    assert_eq!(entries(db.clone()).await - before, 0, "nothing changed, nothing logged");

    // Beta's catalogue is untouched.
    let theirs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE company_id = $1 AND code_1c IS NOT NULL")
        .bind(beta.company_id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(theirs, 0);

    // Not CommerceML: `failure`, nothing saved; a file name 1C would not send is refused (only
    // a name's last part is ever used, and files live in the database, not on disk).
    let answers = {
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("alfa-1c:{PASSWORD}"));
        let auth = http
            .get(format!("{base}/api/1c/exchange?type=catalog&mode=checkauth"))
            .header("Authorization", format!("Basic {basic}"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let lines: Vec<&str> = auth.lines().collect();
        let cookie = format!("{}={}", lines[1], lines[2]);
        http.post(format!("{base}/api/1c/exchange?type=catalog&mode=file&filename=import.xml"))
            .header("Cookie", cookie.clone())
            .body("<html>no</html>")
            .send()
            .await
            .unwrap();
        let bad = http
            .get(format!("{base}/api/1c/exchange?type=catalog&mode=import&filename=import.xml"))
            .header("Cookie", cookie.clone())
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let climb = http
            .post(format!("{base}/api/1c/exchange?type=catalog&mode=file&filename=a%20b%3F.xml"))
            .header("Cookie", cookie.clone())
            .body("x")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let sale = http
            .get(format!("{base}/api/1c/exchange?type=sale&mode=query"))
            .header("Cookie", cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        (bad, climb, sale)
    };
    assert!(answers.0.starts_with("failure\n"), "{answers:?}");
    assert!(answers.1.starts_with("failure\n"), "{answers:?}");
    assert!(answers.2.starts_with("failure\n"), "{answers:?}");
    // A revoked API user's session ends at once.
    apiusers::revoke(&db, &system, "alfa-1c").await.unwrap();
    assert!(exchange(&http, &base, "alfa-1c", PASSWORD).await[0].starts_with("failure"));
}
db_test!(commerceml_exchange, super::push_exchange);

/// A 1C HTTP service publishing the same files: the pull-style sync and its status.
async fn pull_sync(db: Db) {
    use axum::routing::get;
    let (alfa, _, _) = company_with_cola(&db, 1, "Alfa").await;
    let system = Actor::system(alfa.company_id, Via::Cli);
    apiusers::add(&db, &system, "alfa-admin", PASSWORD, Role::Admin, None).await.unwrap();
    // The 1C side: Basic auth, the fixtures.
    let service = axum::Router::new().route(
        "/hs/exchange/{file}",
        get(|axum::extract::Path(file): axum::extract::Path<String>, headers: axum::http::HeaderMap| async move {
            let expected = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode("exchange:secret"));
            if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
                return (axum::http::StatusCode::UNAUTHORIZED, Vec::new());
            }
            match file.as_str() {
                "import.xml" | "offers.xml" | "clients.xml" => (axum::http::StatusCode::OK, fixture(&file)),
                _ => (axum::http::StatusCode::NOT_FOUND, Vec::new()),
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let one_c = format!("http://{}/hs/exchange", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, service).await });
    let (_stub, running) = start_server(&db, None).await;
    let base = format!("http://{}", running.http_addr.unwrap());
    let http = Client::new();
    let r = http
        .post(format!("{base}/api/token/"))
        .json(&json!({"username": "alfa-admin", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let access = r.json::<Value>().await.unwrap()["access"].as_str().unwrap().to_string();

    let add = |url: String, password: &'static str| {
        http.post(format!("{base}/api/v1/integration/"))
            .bearer_auth(&access)
            .json(&json!({"name": "1C Buxgalteriya", "url": url, "username": "exchange", "password": password}))
            .send()
    };
    let good: Value = add(one_c.clone(), "secret").await.unwrap().json().await.unwrap();
    let wrong: Value = add(one_c.clone(), "nope").await.unwrap().json().await.unwrap();
    assert!(good.get("password").is_none(), "the password is never shown");
    let r = add("ftp://x".into(), "x").await.unwrap();
    assert_eq!(r.status(), 400);

    let wait = |task: String| {
        let (http, base, access) = (http.clone(), base.clone(), access.clone());
        async move {
            for _ in 0..100 {
                let status: Value = http
                    .get(format!("{base}/api/v1/integration/sync/status/{task}/"))
                    .bearer_auth(&access)
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                if matches!(status["status"].as_str(), Some("completed" | "error")) {
                    return status;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            panic!("the sync did not end");
        }
    };
    let r = http
        .post(format!("{base}/api/v1/integration/sync/nomenklatura/{}/", good["id"]))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let started: Value = r.json().await.unwrap();
    assert_eq!(started["status"], "started");
    assert_eq!(started["message"], "Nomenklatura sync started for 1C Buxgalteriya");
    let done = wait(started["task_id"].as_str().unwrap().to_string()).await;
    assert_eq!((done["status"].as_str(), done["progress_percent"].as_i64()), (Some("completed"), Some(100)), "{done}");
    assert_eq!(done["created_items"], 3);
    assert!(done["completed_at"].is_string());

    let r = http
        .post(format!("{base}/api/v1/integration/sync/clients/{}/", good["id"]))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    let done = wait(r.json::<Value>().await.unwrap()["task_id"].as_str().unwrap().to_string()).await;
    assert_eq!(done["created_items"], 2, "{done}");
    let (_, client) = {
        let r = http
            .get(format!("{base}/api/v1/client/d1e2f3a4-5555-11ef-9b3e-00155d010a05/"))
            .bearer_auth(&access)
            .send()
            .await
            .unwrap();
        (r.status(), r.json::<Value>().await.unwrap())
    };
    assert_eq!(
        (client["name"].as_str(), client["tax_id"].as_str(), client["phone"].as_str(), client["email"].as_str()),
        (Some("Baraka Savdo MChJ"), Some("302345678"), Some("+998901234567"), Some("info@baraka.uz"))
    );

    // Wrong credentials at 1C: the task ends in `error` with the reason.
    let r = http
        .post(format!("{base}/api/v1/integration/sync/nomenklatura/{}/", wrong["id"]))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    let failed = wait(r.json::<Value>().await.unwrap()["task_id"].as_str().unwrap().to_string()).await;
    assert_eq!(failed["status"], "error");
    assert!(failed["error_message"].as_str().unwrap().contains("401"), "{failed}");
    // An unknown integration or task: 404.
    assert_eq!(
        http.post(format!("{base}/api/v1/integration/sync/nomenklatura/999/"))
            .bearer_auth(&access)
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        http.get(format!("{base}/api/v1/integration/sync/status/nope/"))
            .bearer_auth(&access)
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}
db_test!(integration_sync, super::pull_sync);

/// `/sync` in chat: one message that says it started, follows the task, and ends with the result.
async fn chat_sync(db: Db) {
    use axum::routing::get;
    use savdo::domain::company::{self, Tin};
    use savdo::telegram_stub::{Harness, TgUser};
    // A 1C base with 3,000 goods, so the message has something to follow.
    let goods: String = (0..3000)
        .map(|i| format!("<Товар><Ид>g-{i}</Ид><Наименование>Tovar {i}</Наименование><БазоваяЕдиница>шт</БазоваяЕдиница></Товар>"))
        .collect();
    let import =
        format!("<КоммерческаяИнформация><Каталог><Товары>{goods}</Товары></Каталог></КоммерческаяИнформация>");
    let service = axum::Router::new()
        .route(
            "/import.xml",
            get(move || {
                let body = import.clone();
                async move { body }
            }),
        )
        .route(
            "/offers.xml",
            get(|| async {
                "<КоммерческаяИнформация><ПакетПредложений/></КоммерческаяИнформация>"
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, service).await });

    let harness = Harness::new(db.clone()).await.unwrap();
    let user = company::touch_user(&db, 1, "Aziz", Some("uz")).await.unwrap();
    let admin = company::create_company(&db, user.id, "Baraka", &Tin::parse("301234567").unwrap(), "Markaz", "uz")
        .await
        .unwrap();
    let aziz = TgUser::new(1, "Aziz", Some("uz"));
    let none = harness.send(&aziz, "/sync").await.unwrap();
    assert!(common::texts(&none)[0].contains("POST /api/v1/integration/"));
    savdo::domain::onec::add_integration(&db, &admin.actor(), "1C Savdo", &url, None, None).await.unwrap();
    let sent = harness.send(&aziz, "/sync").await.unwrap();
    let texts = common::texts(&sent);
    assert_eq!(texts[0], "⏳ 1C Savdo: 1C dan fayllar olinmoqda…");
    assert_eq!(texts.last().unwrap(), "✅ 1C Savdo: 3000 ta qo‘shildi, 0 ta yangilandi, 0 ta o‘tkazib yuborildi.");
    assert!(
        sent[1..].iter().all(|s| s.method == "editMessageText" && s.message_id == sent[0].message_id),
        "one message, edited"
    );
    for middle in &texts[1..texts.len() - 1] {
        assert!(middle.starts_with("⏳ 1C Savdo: ") && middle.ends_with("%)"), "{middle}");
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE company_id = $1")
        .bind(admin.company_id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(count, 3000);
}
db_test!(sync_in_chat, super::chat_sync);

/// `savdo dev-onec` (the labelled stand-in) serves the sample files the pull sync reads.
#[tokio::test]
async fn the_stand_in_serves_commerceml() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(savdo::dev_onec::serve(listener, None));
    let label = reqwest::get(&url).await.unwrap().text().await.unwrap();
    assert!(label.contains("DEVELOPMENT"));
    let mut package = savdo::domain::onec::Package::default();
    for file in ["import.xml", "offers.xml"] {
        let xml = reqwest::get(format!("{url}/{file}")).await.unwrap().text().await.unwrap();
        savdo::domain::onec::parse(&xml, &mut package).unwrap();
    }
    assert_eq!((package.goods.len(), package.offers.len()), (4, 3));
    assert_eq!(reqwest::get(format!("{url}/secrets.txt")).await.unwrap().status(), 404);
}
