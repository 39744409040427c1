//! The OpenAPI document covers every `/api` route the router serves (read from the routers'
//! source, so a new route without its annotation fails here), is OpenAPI 3.1, and Swagger UI is
//! served from the binary.

mod common;

use std::collections::BTreeSet;

use common::start_server;
use serde_json::Value;

/// Every (method, path) a `.route("/api…", …)` in src/http registers.
fn routes_in_source() -> BTreeSet<(String, String)> {
    let start = regex::Regex::new(r#"\.route\(\s*"(/api[^"]*)","#).unwrap();
    let method = regex::Regex::new(r"\b(get|post|put|patch|delete)\(").unwrap();
    let mut found = BTreeSet::new();
    let mut files = vec![std::path::PathBuf::from("src/http")];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for m in start.captures_iter(&text) {
            // The handlers: up to the parenthesis that closes `.route(`.
            let rest = &text[m.get(0).unwrap().end()..];
            let mut depth = 1;
            let end = rest
                .char_indices()
                .find(|(_, c)| {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .map(|(i, _)| i)
                .unwrap();
            for verb in method.captures_iter(&rest[..end]) {
                found.insert((verb[1].to_string(), m[1].to_string()));
            }
        }
    }
    found
}

#[tokio::test]
async fn every_api_route_is_in_the_document() {
    let test_db = common::TestDb::sqlite().await;
    let (_stub, running) = start_server(&test_db.db, None).await;
    let base = format!("http://{}", running.http_addr.unwrap());
    let doc: Value = reqwest::get(format!("{base}/api/openapi.json")).await.unwrap().json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| ops.as_object().unwrap().keys().map(move |m| (m.clone(), path.clone())))
        .collect();
    let served = routes_in_source();
    assert!(served.len() > 90, "the scan found the routes: {}", served.len());
    let missing: Vec<_> = served.difference(&documented).collect();
    assert!(missing.is_empty(), "routes missing from /api/openapi.json: {missing:?}");
    let extra: Vec<_> = documented.difference(&served).collect();
    assert!(extra.is_empty(), "documented routes nobody serves: {extra:?}");
    // Operation ids are unique (clients generate method names from them).
    let mut ids = BTreeSet::new();
    for ops in doc["paths"].as_object().unwrap().values() {
        for op in ops.as_object().unwrap().values() {
            if let Some(id) = op["operationId"].as_str() {
                assert!(ids.insert(id.to_string()), "operationId {id} twice");
            }
        }
    }
    // Swagger UI's page and its assets come from the binary.
    let page = reqwest::get(format!("{base}/api/docs/")).await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger"), "{html}");
    // Nothing leaves the machine: no online validator (Swagger UI's default sends the document's
    // address to swagger.io).
    let init = reqwest::get(format!("{base}/api/docs/swagger-initializer.js")).await.unwrap().text().await.unwrap();
    assert!(init.contains("\"validatorUrl\": \"none\""), "{init}");
    let js = reqwest::get(format!("{base}/api/docs/swagger-ui-bundle.js")).await.unwrap();
    assert_eq!(js.status(), 200);
    assert!(js.bytes().await.unwrap().len() > 100_000);
}
