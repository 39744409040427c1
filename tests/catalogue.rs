//! The catalogue API (the seed E-Catalog's contract) over HTTP against `savdo serve`: JWT
//! lifecycle, lists with search, filters, ordering and both paginations, CRUD by 1C code with
//! DRF's errors, tenancy, the limiter's 429, XLSX round trip, pictures, agent locations.

mod common;

use common::fixtures::company_with_cola;
use common::{start_server, start_server_with};
use reqwest::{Client, StatusCode};
use savdo::db::Db;
use savdo::domain::actor::{Actor, Via};
use savdo::domain::apiusers;
use savdo::domain::roles::Role;
use serde_json::{json, Value};

const PASSWORD: &str = "correct horse battery";

async fn token(http: &Client, base: &str, username: &str, password: &str) -> (StatusCode, Value) {
    let r = http
        .post(format!("{base}/api/token/"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap())
}

async fn get(http: &Client, url: &str, access: &str) -> (StatusCode, Value) {
    let r = http.get(url).bearer_auth(access).send().await.unwrap();
    let status = r.status();
    let body = r.text().await.unwrap();
    (status, serde_json::from_str(&body).unwrap_or(Value::String(body)))
}

async fn send(http: &Client, method: reqwest::Method, url: &str, access: &str, body: Value) -> (StatusCode, Value) {
    let r = http.request(method, url).bearer_auth(access).json(&body).send().await.unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

async fn token_lifecycle(db: Db) {
    let (alfa, _, _) = company_with_cola(&db, 1, "Alfa").await;
    let admin = alfa.actor();
    assert!(
        apiusers::add(&db, &admin, "alfa-1c", PASSWORD, Role::Manager, None).await.is_err(),
        "a manager needs a branch"
    );
    apiusers::add(&db, &admin, "alfa-1c", PASSWORD, Role::Manager, alfa.branch_id).await.unwrap();
    // Weak passwords, bad and taken names are refused.
    for (name, password) in [("ab", PASSWORD), ("has space", PASSWORD), ("alfa-1c", PASSWORD), ("alfa-2", "short")] {
        assert!(apiusers::add(&db, &admin, name, password, Role::Admin, None).await.is_err(), "{name}");
    }
    let (_stub, running) = start_server(&db, None).await;
    let base = format!("http://{}", running.http_addr.unwrap());
    let http = Client::new();

    // Missing fields, a wrong password, an unknown user: SimpleJWT's answers.
    let r = http.post(format!("{base}/api/token/")).json(&json!({})).send().await.unwrap();
    assert_eq!(r.status(), 400);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body, json!({"password": ["This field is required."], "username": ["This field is required."]}));
    let (status, body) = token(&http, &base, "alfa-1c", "wrong password").await;
    assert_eq!(status, 401);
    assert_eq!(body["detail"], "No active account found with the given credentials");
    assert_eq!(token(&http, &base, "nobody", PASSWORD).await.0, 401);

    let (status, pair) = token(&http, &base, "alfa-1c", PASSWORD).await;
    assert_eq!(status, 200, "{pair}");
    let (access, refresh) =
        (pair["access"].as_str().unwrap().to_string(), pair["refresh"].as_str().unwrap().to_string());
    let list = format!("{base}/api/v1/nomenklatura/");
    assert_eq!(get(&http, &list, &access).await.0, 200);
    // The old key header keeps working beside tokens; no credential is DRF's 401.
    let r = http.get(&list).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.json::<Value>().await.unwrap()["detail"], "Authentication credentials were not provided.");
    // A refresh token is not an access token, and a forged one is nothing.
    let (status, body) = get(&http, &list, &refresh).await;
    assert_eq!(status, 401);
    assert_eq!(body["code"], "token_not_valid");
    let forged = format!("{}x", &access[..access.len() - 1]);
    assert_eq!(get(&http, &list, &forged).await.0, 401);

    // Verify answers {} for a live token, 401 otherwise.
    let verify = |t: String| http.post(format!("{base}/api/token/verify/")).json(&json!({ "token": t })).send();
    let r = verify(access.clone()).await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap(), json!({}));
    assert_eq!(verify("not.a.token".into()).await.unwrap().status(), 401);

    // Refresh rotates: the new pair works, the spent refresh token does not; presenting it again
    // (a stolen copy) ends the whole session, so even the new tokens stop.
    let refresh_with = |t: &str| http.post(format!("{base}/api/token/refresh/")).json(&json!({ "refresh": t })).send();
    let r = refresh_with(&refresh).await.unwrap();
    assert_eq!(r.status(), 200);
    let second: Value = r.json().await.unwrap();
    let (access2, refresh2) =
        (second["access"].as_str().unwrap().to_string(), second["refresh"].as_str().unwrap().to_string());
    assert_ne!(refresh2, refresh);
    assert_eq!(get(&http, &list, &access2).await.0, 200);
    assert_eq!(refresh_with(&refresh).await.unwrap().status(), 401, "a spent refresh token");
    assert_eq!(get(&http, &list, &access2).await.0, 401, "the session is revoked on reuse");
    assert_eq!(refresh_with(&refresh2).await.unwrap().status(), 401);

    // Blacklist (log out) ends a session; another session of the same user is untouched.
    let (_, a) = token(&http, &base, "alfa-1c", PASSWORD).await;
    let (_, b) = token(&http, &base, "alfa-1c", PASSWORD).await;
    let r =
        http.post(format!("{base}/api/token/blacklist/")).json(&json!({"refresh": a["refresh"]})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(get(&http, &list, a["access"].as_str().unwrap()).await.0, 401);
    assert_eq!(get(&http, &list, b["access"].as_str().unwrap()).await.0, 200);

    // Revoking the user stops every token at once and refuses new logins.
    apiusers::revoke(&db, &admin, "alfa-1c").await.unwrap();
    assert_eq!(get(&http, &list, b["access"].as_str().unwrap()).await.0, 401);
    assert_eq!(token(&http, &base, "alfa-1c", PASSWORD).await.0, 401);

    // An expired token: signed with the server's key, but its exp has passed.
    let secret: String =
        sqlx::query_scalar("SELECT value FROM server_secrets WHERE name = 'jwt'").fetch_one(&db.pool).await.unwrap();
    let claims = json!({"token_type": "access", "exp": 1_000_000_000i64, "iat": 999_999_000i64, "jti": "x", "user_id": 1, "sid": "s"});
    let expired = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap();
    assert_eq!(get(&http, &list, &expired).await.0, 401);

    // The activity log names the API user who acted.
    let actor = Actor::system(alfa.company_id, Via::Cli);
    apiusers::add(&db, &actor, "alfa-writer", PASSWORD, Role::Admin, None).await.unwrap();
    let (_, w) = token(&http, &base, "alfa-writer", PASSWORD).await;
    let (status, _) = send(
        &http,
        reqwest::Method::POST,
        &list,
        w["access"].as_str().unwrap(),
        json!({"name": "Non 500 g", "code_1c": "N-1"}),
    )
    .await;
    assert_eq!(status, 201);
    let kind: (String, String) = sqlx::query_as(
        "SELECT a.actor_kind, u.username FROM audit_log a JOIN api_users u ON u.id = a.actor_api_user_id
         WHERE a.company_id = $1 AND a.action = 'product.created' ORDER BY a.id DESC LIMIT 1",
    )
    .bind(alfa.company_id)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(kind, ("api_user".to_string(), "alfa-writer".to_string()));
}
db_test!(tokens, super::token_lifecycle);

/// Logs in a fresh API user of `role` in the member's company; returns the access token.
async fn login_as(
    db: &Db,
    http: &Client,
    base: &str,
    company_id: i64,
    name: &str,
    role: Role,
    branch: Option<i64>,
) -> String {
    let actor = Actor::system(company_id, Via::Cli);
    apiusers::add(db, &actor, name, PASSWORD, role, branch).await.unwrap();
    let (status, pair) = token(http, base, name, PASSWORD).await;
    assert_eq!(status, 200);
    pair["access"].as_str().unwrap().to_string()
}

async fn nomenklatura(db: Db) {
    let (alfa, _, alfa_key) = company_with_cola(&db, 1, "Alfa").await;
    let (beta, _, _) = company_with_cola(&db, 2, "Beta").await;
    let (_stub, running) = start_server(&db, None).await;
    let base = format!("http://{}", running.http_addr.unwrap());
    let http = Client::new();
    let access = login_as(&db, &http, &base, alfa.company_id, "alfa-admin", Role::Admin, None).await;
    let beta_access = login_as(&db, &http, &base, beta.company_id, "beta-admin", Role::Admin, None).await;
    let list = format!("{base}/api/v1/nomenklatura/");
    let post = |body: Value| send(&http, reqwest::Method::POST, &list, &access, body);

    // Create: name required, DRF's messages per field; prices in so'm as decimal strings.
    let (status, body) = post(json!({"code_1c": "X-1", "sale_price": "abc", "barcode": "12"})).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["name"], json!(["This field is required."]));
    assert_eq!(body["sale_price"], json!(["A valid number is required."]));
    for (i, (name, category, price)) in [
        ("Choy Ahmad 100 g", "Choy", "15000"),
        ("Choy Tess 50 g", "Choy", "9500.50"),
        ("Qand 1 kg", "Shakar", "14000"),
        ("Guruch lazer", "Yorma", "21000"),
    ]
    .iter()
    .enumerate()
    {
        let (status, body) = post(json!({
            "code_1c": format!("00-{:04}", i + 1), "name": name, "category": category, "sale_price": price,
            "cost_price": 8000, "unit_of_measure": if i == 2 { "кг" } else { "dona" }, "barcode": format!("47800000{:05}", i + 1)
        }))
        .await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(body["code_1c"], format!("00-{:04}", i + 1));
    }
    let (status, body) = post(json!({"code_1c": "00-0001", "name": "Twice"})).await;
    assert_eq!(status, 400);
    assert!(body["code_1c"][0].as_str().unwrap().contains("1C"), "{body}");

    // Detail by 1C code, in the seed's shape.
    let (status, one) = get(&http, &format!("{list}00-0002/"), &access).await;
    assert_eq!(status, 200);
    assert_eq!(one["sale_price"], "9500.50");
    assert_eq!(one["cost_price"], "8000.00");
    assert_eq!(one["unit_of_measure"], "pcs");
    assert_eq!(one["category"], "Choy");
    assert_eq!(one["currency"], "UZS");
    assert_eq!(one["stock_quantity"], "0.00");
    assert_eq!(one["images"], json!([]));
    assert!(one["created_at"].as_str().unwrap().ends_with("+05:00"), "{one}");
    let (_, kg) = get(&http, &format!("{list}00-0003/"), &access).await;
    assert_eq!(kg["unit_of_measure"], "kg");

    // Search, filters, ordering (several fields), both paginations.
    let names = |v: &Value| {
        v["results"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    let (_, found) = get(&http, &format!("{list}?search=choy&ordering=-sale_price"), &access).await;
    assert_eq!(found["count"], 2);
    assert_eq!(names(&found), ["Choy Ahmad 100 g", "Choy Tess 50 g"]);
    let (_, found) = get(&http, &format!("{list}?category=Choy&ordering=sale_price"), &access).await;
    assert_eq!(names(&found), ["Choy Tess 50 g", "Choy Ahmad 100 g"]);
    let (_, found) = get(&http, &format!("{list}?price_min=14000&price_max=15000&ordering=name"), &access).await;
    assert_eq!(names(&found), ["Choy Ahmad 100 g", "Qand 1 kg"]);
    let (_, found) = get(&http, &format!("{list}?ordering=category,-name&search=00-"), &access).await;
    assert_eq!(names(&found), ["Choy Tess 50 g", "Choy Ahmad 100 g", "Qand 1 kg", "Guruch lazer"]);
    let (_, found) = get(&http, &format!("{list}?search=%25"), &access).await;
    assert_eq!(found["count"], 0, "a % in a search is a character, not a wildcard");
    // Pages: the seed's cola plus four cards is five products.
    let (_, page1) = get(&http, &format!("{list}?page_size=2&ordering=id"), &access).await;
    assert_eq!(page1["count"], 5);
    assert_eq!(page1["results"].as_array().unwrap().len(), 2);
    assert_eq!(page1["previous"], Value::Null);
    let next = page1["next"].as_str().unwrap().to_string();
    assert!(next.contains("page=2") && next.contains("page_size=2"), "{next}");
    let (_, page3) = get(&http, &format!("{list}?page_size=2&ordering=id&page=3"), &access).await;
    assert_eq!(page3["results"].as_array().unwrap().len(), 1);
    assert_eq!(page3["next"], Value::Null);
    let (status, body) = get(&http, &format!("{list}?page=9"), &access).await;
    assert_eq!((status, body["detail"].as_str()), (StatusCode::NOT_FOUND, Some("Invalid page.")));
    let (_, window) = get(&http, &format!("{list}?limit=2&offset=2&ordering=id"), &access).await;
    assert_eq!(window["results"].as_array().unwrap().len(), 2);
    assert!(window["next"].as_str().unwrap().contains("offset=4"));
    assert!(window["previous"].as_str().unwrap().contains("limit=2"));
    let (_, capped) = get(&http, &format!("{list}?page_size=100000"), &access).await;
    assert_eq!(capped["results"].as_array().unwrap().len(), 5);
    let (status, _) = get(&http, &format!("{list}?created_from=yesterday"), &access).await;
    assert_eq!(status, 400);

    // PATCH changes what it names; PUT needs the name; the 1C code never changes.
    let (status, body) = send(
        &http,
        reqwest::Method::PATCH,
        &format!("{list}00-0004/"),
        &access,
        json!({"sale_price": "22000", "code_1c": "other"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (body["sale_price"].as_str(), body["name"].as_str(), body["code_1c"].as_str()),
        (Some("22000.00"), Some("Guruch lazer"), Some("00-0004"))
    );
    let (status, body) =
        send(&http, reqwest::Method::PUT, &format!("{list}00-0004/"), &access, json!({"sale_price": "1"})).await;
    assert_eq!(status, 400);
    assert_eq!(body["name"], json!(["This field is required."]));

    // Tenancy: Beta's token and key never see Alfa's cards, by list or by code.
    let (_, theirs) = get(&http, &list, &beta_access).await;
    assert_eq!(theirs["count"], 1, "only Beta's own cola");
    assert_eq!(get(&http, &format!("{list}00-0001/"), &beta_access).await.0, 404);
    let (status, _) = send(&http, reqwest::Method::DELETE, &format!("{list}00-0001/"), &beta_access, json!({})).await;
    assert_eq!(status, 404);
    let r = http.get(format!("{list}00-0001/")).header("X-API-Key", &alfa_key).send().await.unwrap();
    assert_eq!(r.status(), 200, "a company's API key reads its catalogue too");

    // Roles: a cashier may look but not change; an agent may not see clients.
    let branch = alfa.branch_id.unwrap();
    let cashier = login_as(&db, &http, &base, alfa.company_id, "alfa-till", Role::Cashier, Some(branch)).await;
    assert_eq!(get(&http, &list, &cashier).await.0, 200);
    let (status, body) = send(&http, reqwest::Method::POST, &list, &cashier, json!({"name": "X"})).await;
    assert_eq!(status, 403, "{body}");
    let r = http
        .post(&list)
        .bearer_auth(&cashier)
        .header("Accept-Language", "ru")
        .json(&json!({"name": "X"}))
        .send()
        .await
        .unwrap();
    let detail = r.json::<Value>().await.unwrap()["detail"].as_str().unwrap().to_string();
    assert!(detail.chars().any(|c| ('а'..='я').contains(&c)), "Russian for Accept-Language: ru: {detail}");

    // Delete: an unused card goes (204); one with stock or sales stays (409).
    let (status, _) = send(&http, reqwest::Method::DELETE, &format!("{list}00-0003/"), &access, json!({})).await;
    assert_eq!(status, 204);
    assert_eq!(get(&http, &format!("{list}00-0003/"), &access).await.0, 404);
    let (_, card) = get(&http, &format!("{list}00-0001/"), &access).await;
    let line = savdo::domain::purchases::PurchaseLine {
        product_id: card["id"].as_i64().unwrap(),
        qty: savdo::domain::money::Qty::units(3),
        unit_cost: savdo::domain::money::Money::from_som(8_000),
    };
    savdo::domain::purchases::record_purchase(&db, &alfa.actor(), branch, None, &[line]).await.unwrap();
    let (_, stocked) = get(&http, &format!("{list}00-0001/"), &access).await;
    assert_eq!(stocked["stock_quantity"], "3.00");
    let (status, body) = send(&http, reqwest::Method::DELETE, &format!("{list}00-0001/"), &access, json!({})).await;
    assert_eq!(status, 409, "{body}");
}
db_test!(nomenklatura_api, super::nomenklatura);

async fn clients_and_projects(db: Db) {
    let (alfa, _, _) = company_with_cola(&db, 1, "Alfa").await;
    let (beta, _, _) = company_with_cola(&db, 2, "Beta").await;
    let (_stub, running) = start_server(&db, None).await;
    let base = format!("http://{}", running.http_addr.unwrap());
    let http = Client::new();
    let access = login_as(&db, &http, &base, alfa.company_id, "alfa-admin", Role::Admin, None).await;
    let beta_access = login_as(&db, &http, &base, beta.company_id, "beta-admin", Role::Admin, None).await;
    let clients = format!("{base}/api/v1/client/");
    let (status, body) = send(&http, reqwest::Method::POST, &clients, &access, json!({
        "client_code_1c": "K-1", "name": "Baraka Savdo", "email": "info@baraka", "phone": "90 123 45 67", "tax_id": "12"
    }))
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["email"][0], "This value is not valid.", "{body}");
    let (status, body) =
        send(&http, reqwest::Method::POST, &clients, &access, json!({"name": "Baraka", "tax_id": "12"})).await;
    assert_eq!(status, 400);
    assert!(body["tax_id"][0].as_str().unwrap().contains('9'), "the TIN's rule: {body}");
    let (status, body) = send(
        &http,
        reqwest::Method::POST,
        &clients,
        &access,
        json!({
            "client_code_1c": "K-1", "name": "Baraka Savdo", "email": "info@baraka.uz", "phone": "90 123 45 67",
            "tax_id": "301234567", "description": "Chilonzor", "credit_limit": "5000000"
        }),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["phone"], "+998901234567");
    assert_eq!(body["credit_limit"], "5000000.00");
    assert_eq!(body["balance"], "0.00");
    send(&http, reqwest::Method::POST, &clients, &access, json!({"client_code_1c": "K-2", "name": "Anvar aka"})).await;
    let (_, found) = get(&http, &format!("{clients}?search=baraka.uz"), &access).await;
    assert_eq!(found["count"], 1);
    let (_, found) = get(&http, &format!("{clients}?ordering=name"), &access).await;
    assert_eq!(found["results"][0]["name"], "Anvar aka");
    assert_eq!(get(&http, &format!("{clients}K-1/"), &beta_access).await.0, 404);
    let (_, theirs) = get(&http, &clients, &beta_access).await;
    assert_eq!(theirs["count"], 0);

    let projects = format!("{base}/api/v1/project/");
    let (status, body) = send(&http, reqwest::Method::POST, &projects, &access, json!({"name": "No code"})).await;
    assert_eq!(status, 400);
    assert_eq!(body["code_1c"], json!(["This field is required."]));
    let (status, body) = send(&http, reqwest::Method::POST, &projects, &access, json!({
        "code_1c": "PR-1", "name": "Chilonzor do'koni", "client": "K-1", "start_date": "2026-06-01", "end_date": "2026-01-01"
    }))
    .await;
    assert_eq!(status, 400, "an end before the start: {body}");
    let (status, body) = send(&http, reqwest::Method::POST, &projects, &access, json!({
        "code_1c": "PR-1", "name": "Chilonzor do'koni", "client": "K-1", "start_date": "2026-01-15", "end_date": "2026-06-30"
    }))
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["client"]["client_code_1c"], "K-1");
    assert_eq!(body["status"], "active");
    send(
        &http,
        reqwest::Method::POST,
        &projects,
        &access,
        json!({"code_1c": "PR-2", "name": "Yunusobod", "status": "planned"}),
    )
    .await;
    let (_, found) = get(&http, &format!("{projects}?status=planned"), &access).await;
    assert_eq!(found["count"], 1);
    let (_, found) = get(&http, &format!("{projects}?client=K-1"), &access).await;
    assert_eq!(found["results"][0]["code_1c"], "PR-1");
    // A client named by a project may not be deleted; a project is marked deleted and leaves the lists.
    let (status, _) = send(&http, reqwest::Method::DELETE, &format!("{clients}K-1/"), &access, json!({})).await;
    assert_eq!(status, 409);
    let (status, _) = send(&http, reqwest::Method::DELETE, &format!("{projects}PR-1/"), &access, json!({})).await;
    assert_eq!(status, 204);
    assert_eq!(get(&http, &format!("{projects}PR-1/"), &access).await.0, 404);
    let (_, left) = get(&http, &projects, &access).await;
    assert_eq!(left["count"], 1);
    let (status, _) = send(&http, reqwest::Method::DELETE, &format!("{clients}K-2/"), &access, json!({})).await;
    assert_eq!(status, 204);
}
db_test!(clients_and_projects_api, super::clients_and_projects);

/// One token may not send more than its minute's quota; the 429 says when to come back.
async fn throttled(db: Db) {
    let (alfa, _, _) = company_with_cola(&db, 1, "Alfa").await;
    let (_stub, running) = start_server_with(&db, &[("API_RATE_PER_MINUTE", "5")]).await;
    let base = format!("http://{}", running.http_addr.unwrap());
    let http = Client::new();
    let access = login_as(&db, &http, &base, alfa.company_id, "alfa-admin", Role::Admin, None).await;
    let other = login_as(&db, &http, &base, alfa.company_id, "alfa-other", Role::Admin, None).await;
    let url = format!("{base}/api/v1/nomenklatura/");
    for _ in 0..5 {
        assert_eq!(get(&http, &url, &access).await.0, 200);
    }
    let r = http.get(&url).bearer_auth(&access).send().await.unwrap();
    assert_eq!(r.status(), 429);
    let wait: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=12).contains(&wait), "{wait}");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["detail"], format!("Request was throttled. Expected available in {wait} seconds."));
    assert_eq!(get(&http, &url, &other).await.0, 200, "another token has its own quota");
}
db_test!(rate_limit, super::throttled);

/// Descriptions by the model (the development stand-in): only for cards without one, never over
/// a person's; a dry run saves nothing.
async fn descriptions(db: Db) {
    use savdo::domain::cards::{self, CardInput};
    use savdo::domain::descriptions::describe;
    let (alfa, _, _) = company_with_cola(&db, 1, "Alfa").await;
    let a = alfa.actor();
    let written_by_person = CardInput {
        code_1c: Some("P-1".into()),
        name: Some("Choy Ahmad".into()),
        description: Some(Some("Our best tea.".into())),
        ..Default::default()
    };
    cards::save(&db, &a, None, &written_by_person).await.unwrap();
    let bare = CardInput {
        code_1c: Some("P-2".into()),
        name: Some("Qand 1 kg".into()),
        group_name: Some(Some("Shakar".into())),
        ..Default::default()
    };
    cards::save(&db, &a, None, &bare).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    tokio::spawn(savdo::dev_model::serve(listener));
    let model = savdo::domain::assistant::Model::new(&url, None, "dev", std::time::Duration::from_secs(10));

    let dry = describe(&db, &a, &model, savdo::i18n::Lang::Uz, 10, true).await.unwrap();
    let names: Vec<&str> = dry.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["Coca-Cola 1,5 l", "Qand 1 kg"], "the person's card is not offered");
    assert!(
        dry[1].description.contains("Qand 1 kg") && dry[1].description.contains("Shakar"),
        "{}",
        dry[1].description
    );
    let none: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE company_id = $1 AND description_source = 'assistant'")
            .bind(alfa.company_id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(none, 0, "a dry run saves nothing");

    let done = describe(&db, &a, &model, savdo::i18n::Lang::Uz, 1, false).await.unwrap();
    assert_eq!(done.len(), 1, "--limit");
    describe(&db, &a, &model, savdo::i18n::Lang::Uz, 10, false).await.unwrap();
    let rows: Vec<(String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT code_1c, description, description_source FROM products WHERE company_id = $1 AND code_1c IS NOT NULL ORDER BY code_1c")
            .bind(alfa.company_id)
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert_eq!(rows[0], ("P-1".into(), Some("Our best tea.".into()), Some("person".into())));
    assert_eq!(rows[1].2.as_deref(), Some("assistant"));
    assert!(
        describe(&db, &a, &model, savdo::i18n::Lang::Uz, 10, false).await.unwrap().is_empty(),
        "nothing left to write"
    );
    // A cashier may not have descriptions written.
    let cashier = common::fixtures::member_with_role(&db, &alfa, 5, Role::Cashier, alfa.branch_id).await;
    assert!(describe(&db, &cashier.actor(), &model, savdo::i18n::Lang::Uz, 10, true).await.is_err());
}
db_test!(ai_descriptions, super::descriptions);

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(width, height, image::Rgb([200, 120, 10]))
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

/// A sheet exported, changed in a spreadsheet and imported again; a wrong sheet saves nothing.
async fn sheets(db: Db) {
    use calamine::Reader;
    let (alfa, _, _) = company_with_cola(&db, 1, "Alfa").await;
    let (_stub, running) = start_server(&db, None).await;
    let base = format!("http://{}", running.http_addr.unwrap());
    let http = Client::new();
    let access = login_as(&db, &http, &base, alfa.company_id, "alfa-admin", Role::Admin, None).await;
    let list = format!("{base}/api/v1/nomenklatura/");
    for (code, name, price) in [("00-1", "Choy Ahmad 100 g", "15000"), ("00-2", "Qand 1 kg", "14000.50")] {
        let (status, _) = send(
            &http,
            reqwest::Method::POST,
            &list,
            &access,
            json!({"code_1c": code, "name": name, "sale_price": price, "category": "Oziq"}),
        )
        .await;
        assert_eq!(status, 201);
    }
    // Export: the list's filters apply; columns as the seed names them.
    let r = http
        .get(format!("{list}export-xlsx/?category=Oziq&ordering=code_1c"))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-disposition"].to_str().unwrap().contains("nomenklatura.xlsx"));
    let bytes = r.bytes().await.unwrap().to_vec();
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows.len(), 3, "a header and the two Oziq cards: {rows:?}");
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    assert_eq!(rows[1][col("code_1c")], "00-1");
    assert_eq!(rows[2][col("sale_price")], "14000.50");

    // Changed in a spreadsheet: a new price for 00-1 and a new row; sent back, both saved.
    let mut edited = rust_xlsxwriter::Workbook::new();
    let page = edited.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            page.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    page.write_string(1, col("sale_price") as u16, "16000").unwrap();
    page.write_string(3, col("code_1c") as u16, "00-3").unwrap();
    page.write_string(3, col("name") as u16, "Guruch lazer").unwrap();
    page.write_number(3, col("sale_price") as u16, 21000.0).unwrap();
    let upload = |bytes: Vec<u8>, name: &'static str| {
        let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
        http.post(format!("{list}import-xlsx/")).bearer_auth(&access).multipart(form).send()
    };
    let r = upload(edited.save_to_buffer().unwrap(), "nomenklatura.xlsx").await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap(), json!({"created": 1, "updated": 2, "errors": []}));
    let (_, one) = get(&http, &format!("{list}00-1/"), &access).await;
    assert_eq!(one["sale_price"], "16000.00");
    let (_, new) = get(&http, &format!("{list}00-3/"), &access).await;
    assert_eq!(new["name"], "Guruch lazer");

    // A sheet with bad rows: nothing saved, every bad row named.
    let csv = "code_1c,name,sale_price,barcode\n00-4,Un,9000,\n,No code,1,\n00-5,Yog,abc,\n00-6,Tuz,500,12\n";
    let r = upload(csv.as_bytes().to_vec(), "bad.csv").await.unwrap();
    assert_eq!(r.status(), 400);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["created"], 0);
    let errors: Vec<(i64, String)> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_i64().unwrap(), e["field"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(errors, [(3, "code_1c".to_string()), (4, "sale_price".to_string())], "{body}");
    let r = upload("code_1c,name,barcode\n00-4,Un,\n00-6,Tuz,12\n".as_bytes().to_vec(), "bad.csv").await.unwrap();
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["row"], 3, "found while saving, all rolled back: {body}");
    assert_eq!(body["errors"][0]["field"], "barcode");
    assert_eq!(get(&http, &format!("{list}00-4/"), &access).await.0, 404, "nothing of a refused sheet is saved");
    // Not a sheet at all.
    let r = upload(b"\x00\x01garbage".to_vec(), "x.xlsx").await.unwrap();
    assert_eq!(r.status(), 400);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        (body["created"].as_i64(), body["errors"][0]["row"].as_i64(), body["errors"][0]["field"].as_str()),
        (Some(0), Some(0), Some("file"))
    );

    // The template; clients and projects round-trip the same way.
    let r = http.get(format!("{base}/api/v1/client/template-xlsx/")).bearer_auth(&access).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let csv = "client_code_1c,name,phone,tax_id\nK-1,Baraka Savdo,901234567,301234567\n";
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("c.csv"));
    let r = http
        .post(format!("{base}/api/v1/client/import-xlsx/"))
        .bearer_auth(&access)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["created"], 1);
    let csv = "code_1c,name,client_code_1c,status,start_date\nPR-1,Chilonzor,K-1,planned,2026-02-01\n";
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("p.csv"));
    let r = http
        .post(format!("{base}/api/v1/project/import-xlsx/"))
        .bearer_auth(&access)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["created"], 1);
    let (_, project) = get(&http, &format!("{base}/api/v1/project/PR-1/"), &access).await;
    assert_eq!(
        (project["client"]["client_code_1c"].as_str(), project["start_date"].as_str()),
        (Some("K-1"), Some("2026-02-01"))
    );
}
db_test!(xlsx_round_trip, super::sheets);

/// A picture uploaded: two thumbnails made, served with caching headers, in the card and the feed.
async fn pictures(db: Db) {
    let (alfa, _, _) = company_with_cola(&db, 1, "Alfa").await;
    let (beta, _, _) = company_with_cola(&db, 2, "Beta").await;
    let (_stub, running) = start_server(&db, None).await;
    let base = format!("http://{}", running.http_addr.unwrap());
    let http = Client::new();
    let access = login_as(&db, &http, &base, alfa.company_id, "alfa-admin", Role::Admin, None).await;
    let beta_access = login_as(&db, &http, &base, beta.company_id, "beta-admin", Role::Admin, None).await;
    send(
        &http,
        reqwest::Method::POST,
        &format!("{base}/api/v1/nomenklatura/"),
        &access,
        json!({"code_1c": "00-1", "name": "Choy"}),
    )
    .await;
    let upload = |token: &str, code: &str, bytes: Vec<u8>, main: bool| {
        let form = reqwest::multipart::Form::new()
            .text("code_1c", code.to_string())
            .text("is_main", main.to_string())
            .part("image", reqwest::multipart::Part::bytes(bytes).file_name("p.png"));
        http.post(format!("{base}/api/v1/nomenklatura-image/")).bearer_auth(token).multipart(form).send()
    };
    let r = upload(&access, "00-1", png(1200, 800), false).await.unwrap();
    assert_eq!(r.status(), 201);
    let first: Value = r.json().await.unwrap();
    assert_eq!(
        (first["is_main"].as_bool(), first["status"].as_str(), first["width"].as_i64()),
        (Some(true), Some("ready"), Some(1200))
    );
    let second: Value = upload(&access, "00-1", png(300, 300), true).await.unwrap().json().await.unwrap();
    assert_eq!(second["is_main"], true);

    // The thumbnails: 150 px square and 600 px wide, JPEG, cacheable for a year; a wrong key is 404.
    let r = http.get(first["image_thumbnail_url"].as_str().unwrap()).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/jpeg");
    assert!(r.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let small = image::load_from_memory(&r.bytes().await.unwrap()).unwrap();
    assert_eq!((small.width(), small.height()), (150, 150));
    let medium = image::load_from_memory(
        &http.get(first["image_md_url"].as_str().unwrap()).send().await.unwrap().bytes().await.unwrap(),
    )
    .unwrap();
    assert_eq!((medium.width(), medium.height()), (600, 400));
    let r =
        http.get(first["image_thumbnail_url"].as_str().unwrap()).header("If-None-Match", &etag).send().await.unwrap();
    assert_eq!(r.status(), 304);
    assert_eq!(
        http.get(format!("{base}/api/v1/images/9223372036854775808/x/thumbnail")).send().await.unwrap().status(),
        404
    );
    let r = http.delete(format!("{base}/api/v1/client-image/abc/")).bearer_auth(&access).send().await.unwrap();
    assert_eq!(r.status(), 404, "an id that is not one names nothing");
    let guessed = first["image_url"]
        .as_str()
        .unwrap()
        .replace(&first["image_url"].as_str().unwrap().split('/').nth(7).unwrap().to_string(), "0000000000000000");
    assert_eq!(http.get(guessed).send().await.unwrap().status(), 404);

    // In the card, main first; in the feed with the seed's filters; not in another company's feed.
    let (_, card) = get(&http, &format!("{base}/api/v1/nomenklatura/00-1/"), &access).await;
    let ids: Vec<i64> = card["images"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [second["id"].as_i64().unwrap(), first["id"].as_i64().unwrap()]);
    let (_, feed) =
        get(&http, &format!("{base}/api/v1/thumbnails/?entity_type=nomenklatura&is_main=true"), &access).await;
    assert_eq!(feed["total_count"], 1);
    assert_eq!(feed["results"][0]["code_1c"], "00-1");
    assert_eq!(feed["results"][0]["thumbnail_dimensions"]["width"], 150);
    let (_, feed) = get(&http, &format!("{base}/api/v1/thumbnails/nomenklatura/"), &access).await;
    assert_eq!(feed["total_count"], 2);
    let (_, theirs) = get(&http, &format!("{base}/api/v1/thumbnails/"), &beta_access).await;
    assert_eq!(theirs["total_count"], 0);
    assert_eq!(upload(&beta_access, "00-1", png(10, 10), false).await.unwrap().status(), 404, "not Beta's product");

    // Not a picture, a bomb, nothing: 400 with the field; removing the main promotes the other.
    let r = upload(&access, "00-1", b"%PDF-1.7 not a picture".to_vec(), false).await.unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.json::<Value>().await.unwrap().get("image").is_some());
    let bomb = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/dialogues/files/bomb.png")).unwrap();
    assert_eq!(upload(&access, "00-1", bomb, false).await.unwrap().status(), 400);
    let r = http
        .delete(format!("{base}/api/v1/nomenklatura-image/{}/", second["id"]))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let (_, card) = get(&http, &format!("{base}/api/v1/nomenklatura/00-1/"), &access).await;
    assert_eq!(card["images"][0]["is_main"], true);
}
db_test!(images_and_thumbnails, super::pictures);

/// Agents post where they are; managers list the positions with the seed's filters.
async fn agent_locations(db: Db) {
    let (alfa, _, _) = company_with_cola(&db, 1, "Alfa").await;
    let (beta, _, _) = company_with_cola(&db, 2, "Beta").await;
    let (_stub, running) = start_server(&db, None).await;
    let base = format!("http://{}", running.http_addr.unwrap());
    let http = Client::new();
    let agent = login_as(&db, &http, &base, alfa.company_id, "agent-7", Role::Agent, None).await;
    let boss = login_as(&db, &http, &base, alfa.company_id, "alfa-boss", Role::Admin, None).await;
    let beta_boss = login_as(&db, &http, &base, beta.company_id, "beta-boss", Role::Admin, None).await;
    let url = format!("{base}/api/v1/agent-location/");
    let post = |body: Value| send(&http, reqwest::Method::POST, &url, &agent, body);
    let (status, body) =
        post(json!({"agent_code": "A-7", "latitude": "41.311081", "longitude": 69.240562, "device_name": "Redmi 12",
        "platform": "Android", "battery_level": "84.5", "network_type": "4G", "region": "Toshkent"}))
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(
        (body["latitude"].as_str(), body["battery_level"].as_str(), body["platform"].as_str()),
        (Some("41.311081"), Some("85.0"), Some("android"))
    );
    let yesterday = (chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339();
    post(json!({"agent_code": "A-7", "latitude": 41.2, "longitude": 69.1, "platform": "ios", "region": "Samarqand", "logged_at": yesterday})).await;
    post(json!({"agent_code": "A-8", "latitude": 39.65, "longitude": 66.96, "platform": "android", "region": "Samarqand"})).await;
    // Absurd values: DRF's per-field errors, nothing stored.
    let (status, body) = post(json!({"agent_code": "A-7", "latitude": 91, "longitude": 69})).await;
    assert_eq!(status, 400);
    assert!(body.get("latitude").is_some(), "{body}");
    let (status, body) = post(json!({"latitude": "x"})).await;
    assert_eq!(status, 400);
    assert_eq!(body["agent_code"], json!(["This field is required."]));
    assert_eq!(body["latitude"], json!(["A valid number is required."]));
    assert_eq!(body["longitude"], json!(["This field is required."]));
    let (status, _) = post(json!({"agent_code": "A-7", "latitude": 41, "longitude": 69, "battery_level": 140})).await;
    assert_eq!(status, 400);

    // Filters: agent, region, platform, a date range; newest first. Agents may not list; another
    // company sees none.
    let count = |v: &Value| v["count"].as_i64().unwrap();
    assert_eq!(count(&get(&http, &url, &boss).await.1), 3);
    assert_eq!(count(&get(&http, &format!("{url}?agent_code=A-7"), &boss).await.1), 2);
    assert_eq!(count(&get(&http, &format!("{url}?region=Samarqand&platform=android"), &boss).await.1), 1);
    let today = chrono::Utc::now().date_naive();
    assert_eq!(count(&get(&http, &format!("{url}?date_from={today}"), &boss).await.1), 2);
    assert_eq!(count(&get(&http, &format!("{url}?date_to={}", today - chrono::Duration::days(1)), &boss).await.1), 1);
    let (_, newest) = get(&http, &format!("{url}?agent_code=A-7"), &boss).await;
    assert_eq!(newest["results"][0]["region"], "Toshkent");
    assert_eq!(get(&http, &url, &agent).await.0, 403);
    assert_eq!(count(&get(&http, &url, &beta_boss).await.1), 0);
}
db_test!(agent_location_api, super::agent_locations);
