//! Conversation scripts (`dialogues/*.dialogue`): parse, replay against the real handler
//! tree and the fake Bot API, and report the first difference in the script's own syntax.
//!
//! ```text
//! user aziz 1001 uz Aziz Karimov   declare: alias, Telegram id, language_code (or -), name
//! as aziz                          following turns are aziz's
//! > /start                         aziz sends a message
//! > [Русский]                      aziz presses the button with that label
//! < text ...                       the bot sends a message to the acting user (`...` = anything)
//! | more text                      next line of the same message (the bot's, or after a
//!                                  `>` line the user's)
//!   [A] [B]                        a row of inline buttons under it (`...` in a label: anything)
//! <edit text                       the bot edits a message
//! <toast text                      the bot answers a button press with a notice
//! > [A] (again)                    a second tap on a button that is already gone
//! > file NAME                      a document from dialogues/files/
//! > photo NAME                     a photo from dialogues/files/
//! ! digest HH:MM                   the morning digest job runs at that local time today
//! ! reorder YYYY-MM-DD             the nightly reorder job runs at 02:30 that day (Tashkent)
//! ! payme ORDER                    Payme creates and performs a payment of that order, through
//!                                  the HTTP router with the test merchant key
//! <@ali text                       a message to another declared user
//! model dev                        the assistant answers with the `savdo dev-model` stand-in
//! {name}                           captures a word; once captured, inserts it
//! ```

use std::collections::HashMap;

use regex::Regex;
use savdo::telegram_stub::{Harness, Sent, TgUser};

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Message,
    Edit,
    Toast,
    Document,
    Photo,
    /// A point on the map: the text is `latitude,longitude`.
    Location,
}

#[derive(Debug, Clone)]
pub struct Expect {
    pub kind: Kind,
    pub to: Option<String>,
    pub text: String,
    pub buttons: Vec<Vec<String>>,
}

#[derive(Debug, Clone)]
pub enum Input {
    Text(String),
    Press(String),
    /// A document from `dialogues/files/`, with an optional caption after its name.
    File(String, Option<String>),
    /// A photo from `dialogues/files/`, with an optional caption after its name.
    Photo(String, Option<String>),
    /// A location shared once (`> location LAT LON`) or live (`> live LAT LON`).
    Location(f64, f64, bool),
    /// The sender's last live location moved (`> moved LAT LON`).
    Moved(f64, f64),
    /// The morning digest job run at this local time today (Asia/Tashkent).
    Digest(String),
    /// The nightly reorder job run at 02:30 of this day (Asia/Tashkent).
    Reorder(String),
    /// Payme pays a payment order (its id, or a `{name}` captured earlier).
    Payme(String),
}

#[derive(Debug, Clone)]
pub struct Turn {
    pub line: usize,
    pub user: String,
    pub input: Input,
    pub expect: Vec<Expect>,
}

#[derive(Debug, Default)]
pub struct Script {
    pub users: HashMap<String, TgUser>,
    pub turns: Vec<Turn>,
    /// The assistant has a language model: the development stand-in.
    pub model: bool,
}

pub fn parse(source: &str) -> Result<Script, String> {
    let mut script = Script::default();
    let mut acting: Option<String> = None;
    for (index, raw) in source.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let err = |msg: &str| format!("line {line_no}: {msg}: {line}");
        if line == "model dev" {
            script.model = true;
        } else if let Some(rest) = line.strip_prefix("user ") {
            let parts: Vec<&str> = rest.splitn(4, ' ').collect();
            let [alias, id, lang, name] = parts[..] else { return Err(err("user needs: alias id lang name")) };
            let id: i64 = id.parse().map_err(|_| err("bad user id"))?;
            let lang = (lang != "-").then_some(lang);
            script.users.insert(alias.to_string(), TgUser::new(id, name, lang));
        } else if let Some(alias) = line.strip_prefix("as ") {
            if !script.users.contains_key(alias.trim()) {
                return Err(err("unknown user"));
            }
            acting = Some(alias.trim().to_string());
        } else if let Some(rest) = line.strip_prefix("> ") {
            let user = acting.clone().ok_or_else(|| err("no `as` before the first turn"))?;
            let press = rest
                .trim()
                .strip_prefix('[')
                .and_then(|r| r.strip_suffix(']').or_else(|| r.strip_suffix(" (again)").map(|_| r)));
            let with_caption = |r: &str| {
                let (name, caption) =
                    r.trim().split_once(' ').map(|(n, c)| (n, Some(c.to_string()))).unwrap_or((r.trim(), None));
                (name.to_string(), caption)
            };
            let point = |r: &str| -> Result<(f64, f64), String> {
                let (lat, lon) = r.trim().split_once(' ').ok_or_else(|| err("a location needs: LAT LON"))?;
                Ok((lat.parse().map_err(|_| err("bad latitude"))?, lon.parse().map_err(|_| err("bad longitude"))?))
            };
            let input = match press {
                Some(label) => Input::Press(label.to_string()),
                None => {
                    if let Some(r) = rest.strip_prefix("file ") {
                        let (name, caption) = with_caption(r);
                        Input::File(name, caption)
                    } else if let Some(r) = rest.strip_prefix("photo ") {
                        let (name, caption) = with_caption(r);
                        Input::Photo(name, caption)
                    } else if let Some(r) = rest.strip_prefix("location ") {
                        let (lat, lon) = point(r)?;
                        Input::Location(lat, lon, false)
                    } else if let Some(r) = rest.strip_prefix("live ") {
                        let (lat, lon) = point(r)?;
                        Input::Location(lat, lon, true)
                    } else if let Some(r) = rest.strip_prefix("moved ") {
                        let (lat, lon) = point(r)?;
                        Input::Moved(lat, lon)
                    } else {
                        Input::Text(rest.to_string())
                    }
                }
            };
            script.turns.push(Turn { line: line_no, user, input, expect: Vec::new() });
        } else if let Some(time) = line.strip_prefix("! digest ") {
            let user = acting.clone().ok_or_else(|| err("no `as` before the first turn"))?;
            script.turns.push(Turn {
                line: line_no,
                user,
                input: Input::Digest(time.trim().to_string()),
                expect: Vec::new(),
            });
        } else if let Some(order) = line.strip_prefix("! payme ") {
            let user = acting.clone().ok_or_else(|| err("no `as` before the first turn"))?;
            script.turns.push(Turn {
                line: line_no,
                user,
                input: Input::Payme(order.trim().to_string()),
                expect: Vec::new(),
            });
        } else if let Some(day) = line.strip_prefix("! reorder ") {
            let user = acting.clone().ok_or_else(|| err("no `as` before the first turn"))?;
            script.turns.push(Turn {
                line: line_no,
                user,
                input: Input::Reorder(day.trim().to_string()),
                expect: Vec::new(),
            });
        } else if let Some(rest) = line.strip_prefix('<') {
            let turn = script.turns.last_mut().ok_or_else(|| err("a reply before any turn"))?;
            // `<edit text`, `<edit@ali text`, likewise toast, document and photo.
            let kinds = [
                ("edit", Kind::Edit),
                ("toast", Kind::Toast),
                ("document", Kind::Document),
                ("photo", Kind::Photo),
                ("location", Kind::Location),
            ];
            let (kind, rest) = kinds
                .into_iter()
                .find_map(|(word, kind)| {
                    let after = rest.strip_prefix(word)?;
                    (after.starts_with(' ') || after.starts_with('@'))
                        .then(|| (kind, after.strip_prefix(' ').unwrap_or(after)))
                })
                .unwrap_or((Kind::Message, rest));
            let (to, text) = match rest.strip_prefix('@') {
                Some(r) => {
                    let (alias, text) = r.split_once(' ').unwrap_or((r, ""));
                    (Some(alias.to_string()), text.to_string())
                }
                None => (None, rest.strip_prefix(' ').unwrap_or(rest).to_string()),
            };
            turn.expect.push(Expect { kind, to, text, buttons: Vec::new() });
        } else if let Some(rest) = line.strip_prefix('|') {
            let rest = rest.strip_prefix(' ').unwrap_or(rest);
            let turn = script.turns.last_mut().ok_or_else(|| err("`|` continues nothing"))?;
            match (turn.expect.last_mut(), &mut turn.input) {
                (Some(expect), _) => {
                    expect.text.push('\n');
                    expect.text.push_str(rest);
                }
                // A message of several lines the user sends.
                (None, Input::Text(text)) => {
                    text.push('\n');
                    text.push_str(rest);
                }
                (None, _) => return Err(err("`|` continues nothing")),
            }
        } else if raw.starts_with(' ') && trimmed.starts_with('[') {
            let expect = script
                .turns
                .last_mut()
                .and_then(|t| t.expect.last_mut())
                .ok_or_else(|| err("buttons under nothing"))?;
            let row = trimmed.trim_start_matches('[').trim_end_matches(']').split("] [").map(str::to_string).collect();
            expect.buttons.push(row);
        } else {
            return Err(err("not understood"));
        }
    }
    Ok(script)
}

/// Replays a script; `Err` carries a readable report of the first mismatch.
pub async fn replay(harness: &Harness, script: &Script) -> Result<usize, String> {
    let mut vars: HashMap<String, String> = HashMap::new();
    // The latest buttons of each message the bot sent: (chat, message) → rows of (label, data).
    let mut keyboards: Vec<(Sent, Vec<(String, String)>)> = Vec::new();
    // Every keyboard ever shown, for `> [label] (again)`: a second tap on a button already gone.
    let mut history: Vec<(Sent, Vec<(String, String)>)> = Vec::new();
    // Each user's live location message, for `> moved`.
    let mut live: HashMap<i64, i64> = HashMap::new();
    for turn in &script.turns {
        let user = &script.users[&turn.user];
        let sent = match &turn.input {
            Input::Text(text) => harness.send(user, &substitute(text, &vars)).await,
            Input::Press(label) => {
                let label = substitute(label, &vars);
                let (label, pool) = match label.strip_suffix("] (again)") {
                    Some(l) => (l.to_string(), &history),
                    None => (label, &keyboards),
                };
                let found = pool.iter().rev().filter(|(s, _)| s.chat_id == user.id).find_map(|(s, buttons)| {
                    buttons.iter().find(|(l, _)| *l == label).map(|(_, d)| (s.clone(), d.clone()))
                });
                let Some((message, data)) = found else {
                    return Err(format!("line {}: no button [{label}] on screen", turn.line));
                };
                harness.press(user, &message, &data).await
            }
            Input::File(name, caption) => {
                let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dialogues/files").join(name);
                let bytes = std::fs::read(&path).map_err(|e| format!("line {}: {}: {e}", turn.line, path.display()))?;
                let mut update = harness.stub.document_update(user, name, bytes);
                if let Some(caption) = caption {
                    update["message"]["caption"] = serde_json::json!(caption);
                }
                harness.dispatch(update).await
            }
            Input::Photo(name, caption) => {
                let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dialogues/files").join(name);
                let bytes = std::fs::read(&path).map_err(|e| format!("line {}: {}: {e}", turn.line, path.display()))?;
                harness.dispatch(harness.stub.photo_update(user, bytes, caption.as_deref())).await
            }
            Input::Location(lat, lon, is_live) => {
                let update = harness.stub.location_update(user, *lat, *lon, is_live.then_some(3600));
                if *is_live {
                    live.insert(user.id, update["message"]["message_id"].as_i64().unwrap_or(0));
                }
                harness.dispatch(update).await
            }
            Input::Moved(lat, lon) => {
                let message =
                    *live.get(&user.id).ok_or_else(|| format!("line {}: no live location to move", turn.line))?;
                let update = harness
                    .stub
                    .location_moved(user, message, *lat, *lon)
                    .ok_or_else(|| format!("line {}: the live location message is gone", turn.line))?;
                harness.dispatch(update).await
            }
            Input::Digest(time) => {
                let at = local_today_at(time).ok_or_else(|| format!("line {}: bad time {time}", turn.line))?;
                savdo::jobs::digest::run(&harness.app, at).await.map(|_| harness.stub.take_sent())
            }
            Input::Reorder(day) => {
                use chrono::TimeZone;
                let date: chrono::NaiveDate =
                    day.parse().map_err(|e| format!("line {}: bad day {day}: {e}", turn.line))?;
                let local = date.and_hms_opt(2, 30, 0).expect("a valid time");
                let at = chrono_tz::Asia::Tashkent
                    .from_local_datetime(&local)
                    .single()
                    .expect("no DST in Tashkent")
                    .timestamp();
                savdo::jobs::reorder::run(&harness.app, at).await.map(|_| harness.stub.take_sent())
            }
            Input::Payme(order) => {
                let order: i64 = substitute(order, &vars)
                    .parse()
                    .map_err(|e| format!("line {}: bad order {order}: {e}", turn.line))?;
                payme_pays(harness, order).await.map(|_| harness.stub.take_sent())
            }
        }
        .map_err(|e| format!("line {}: dispatch failed: {e:#}", turn.line))?;
        let visible: Vec<Sent> = sent
            .into_iter()
            .filter(|s| s.method != "sendChatAction" && !(s.method == "answerCallbackQuery" && s.text.is_none()))
            .collect();
        for s in &visible {
            let buttons: Vec<(String, String)> = s
                .buttons
                .iter()
                .flatten()
                .filter_map(|b| b.callback_data.clone().map(|d| (b.text.clone(), d)))
                .collect();
            keyboards.retain(|(k, _)| !(k.chat_id == s.chat_id && k.message_id == s.message_id));
            if !buttons.is_empty() {
                keyboards.push((s.clone(), buttons.clone()));
                history.push((s.clone(), buttons));
            }
        }
        check_turn(script, turn, &visible, &mut vars)?;
    }
    Ok(script.turns.len())
}

fn check_turn(script: &Script, turn: &Turn, actual: &[Sent], vars: &mut HashMap<String, String>) -> Result<(), String> {
    let report = |why: String| {
        let expected: Vec<String> = turn.expect.iter().map(render_expect).collect();
        let got: Vec<String> = actual.iter().map(|s| render_sent(script, &turn.user, s)).collect();
        format!(
            "line {}: {why}\n--- expected ---\n{}\n--- the bot did ---\n{}",
            turn.line,
            expected.join("\n"),
            if got.is_empty() { "(nothing)".into() } else { got.join("\n") }
        )
    };
    if actual.len() != turn.expect.len() {
        return Err(report(format!("expected {} bot actions, got {}", turn.expect.len(), actual.len())));
    }
    for (i, (expect, sent)) in turn.expect.iter().zip(actual).enumerate() {
        let to = expect.to.as_deref().unwrap_or(&turn.user);
        let chat = script.users.get(to).map(|u| u.id).ok_or_else(|| report(format!("unknown user @{to}")))?;
        let kind_ok = match expect.kind {
            Kind::Message => sent.method == "sendMessage",
            Kind::Edit => sent.method.starts_with("editMessage"),
            Kind::Toast => sent.method == "answerCallbackQuery",
            Kind::Document => sent.method == "sendDocument",
            Kind::Photo => sent.method == "sendPhoto",
            Kind::Location => sent.method == "sendLocation",
        };
        if !kind_ok || (expect.kind != Kind::Toast && sent.chat_id != chat) {
            return Err(report(format!("action {} differs in kind or recipient", i + 1)));
        }
        let actual_text = match expect.kind {
            Kind::Document => sent.file_name.clone().unwrap_or_default(),
            Kind::Location => point_of(sent),
            _ => sent.text.clone().unwrap_or_default(),
        };
        if !matches(&expect.text, &actual_text, vars) {
            return Err(report(format!("action {} text differs", i + 1)));
        }
        let labels: Vec<Vec<String>> =
            sent.buttons.iter().map(|row| row.iter().map(|b| b.text.clone()).collect()).collect();
        let expected_labels: Vec<Vec<String>> =
            expect.buttons.iter().map(|row| row.iter().map(|l| substitute(l, vars)).collect()).collect();
        // A label may hold `...` (a time, say) like a text.
        let same_shape = labels.len() == expected_labels.len()
            && labels.iter().zip(&expected_labels).all(|(row, want)| {
                row.len() == want.len()
                    && row.iter().zip(want).all(|(l, w)| l == w || (w.contains("...") && matches(w, l, vars)))
            });
        if expect.kind != Kind::Toast && !same_shape {
            return Err(report(format!("action {} buttons differ", i + 1)));
        }
    }
    Ok(())
}

fn substitute(text: &str, vars: &HashMap<String, String>) -> String {
    let mut out = text.to_string();
    for (name, value) in vars {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Matches `actual` against a pattern where `...` is anything and `{name}` captures a word
/// (or, once captured, must equal it). New captures are stored in `vars`.
fn matches(pattern: &str, actual: &str, vars: &mut HashMap<String, String>) -> bool {
    let token = Regex::new(r"\.\.\.|\{([a-z_][a-z0-9_]*)\}").expect("regex");
    let mut regex = String::from("(?s)^");
    let mut last = 0;
    let mut new_names = Vec::new();
    for m in token.captures_iter(pattern) {
        let whole = m.get(0).expect("match");
        regex.push_str(&regex::escape(&pattern[last..whole.start()]));
        match m.get(1) {
            None => regex.push_str(".*?"),
            Some(name) => match vars.get(name.as_str()) {
                Some(value) => regex.push_str(&regex::escape(value)),
                None => {
                    regex.push_str(&format!("(?P<{}>[A-Za-z0-9_-]+)", name.as_str()));
                    new_names.push(name.as_str().to_string());
                }
            },
        }
        last = whole.end();
    }
    regex.push_str(&regex::escape(&pattern[last..]));
    regex.push('$');
    let Some(caps) = Regex::new(&regex).expect("pattern compiles").captures(actual) else { return false };
    for name in new_names {
        vars.insert(name.clone(), caps[name.as_str()].to_string());
    }
    true
}

fn render_expect(e: &Expect) -> String {
    let prefix = match e.kind {
        Kind::Message => "<",
        Kind::Edit => "<edit",
        Kind::Toast => "<toast",
        Kind::Document => "<document",
        Kind::Photo => "<photo",
        Kind::Location => "<location",
    };
    let to = e.to.as_ref().map(|t| format!("@{t}")).unwrap_or_default();
    render(&format!("{prefix}{to} "), &e.text, &e.buttons)
}

fn render_sent(script: &Script, acting: &str, s: &Sent) -> String {
    let prefix = match s.method.as_str() {
        "sendMessage" => "<",
        "answerCallbackQuery" => "<toast",
        "sendDocument" => "<document",
        "sendPhoto" => "<photo",
        "sendLocation" => "<location",
        m if m.starts_with("edit") => "<edit",
        other => other,
    };
    let to = script
        .users
        .iter()
        .find(|(_, u)| u.id == s.chat_id)
        .map(|(alias, _)| alias.clone())
        .filter(|alias| alias != acting && s.method != "answerCallbackQuery")
        .map(|a| format!("@{a}"))
        .unwrap_or_default();
    let text = match s.method.as_str() {
        "sendDocument" => s.file_name.clone().unwrap_or_default(),
        "sendLocation" => point_of(s),
        _ => s.text.clone().unwrap_or_default(),
    };
    let buttons: Vec<Vec<String>> = s.buttons.iter().map(|row| row.iter().map(|b| b.text.clone()).collect()).collect();
    render(&format!("{prefix}{to} "), &text, &buttons)
}

/// `latitude,longitude` of a sent location, as the Bot API call carried them.
fn point_of(s: &Sent) -> String {
    let number = |name: &str| match &s.params[name] {
        serde_json::Value::String(t) => t.clone(),
        other => other.to_string(),
    };
    format!("{},{}", number("latitude"), number("longitude"))
}

fn render(head: &str, text: &str, buttons: &[Vec<String>]) -> String {
    let mut lines = text.lines();
    let mut out = format!("{head}{}", lines.next().unwrap_or(""));
    for line in lines {
        out.push_str(&format!("\n| {line}"));
    }
    for row in buttons {
        out.push_str(&format!("\n  [{}]", row.join("] [")));
    }
    out
}

/// Today in Tashkent at `HH:MM`, as Unix seconds.
fn local_today_at(time: &str) -> Option<i64> {
    use chrono::TimeZone;
    let tz = chrono_tz::Asia::Tashkent;
    let today = chrono::Utc::now().with_timezone(&tz).date_naive();
    let t = chrono::NaiveTime::parse_from_str(time, "%H:%M").ok()?;
    tz.from_local_datetime(&today.and_time(t)).earliest().map(|d| d.timestamp())
}

/// Payme's two calls that pay an order (CreateTransaction, PerformTransaction), through the
/// HTTP router as Payme would send them; an error answer fails the script.
async fn payme_pays(harness: &Harness, order: i64) -> anyhow::Result<()> {
    use base64::Engine as _;
    use tower::ServiceExt;
    let amount = savdo::domain::payments::order(&harness.app.db, order)
        .await?
        .ok_or(anyhow::anyhow!("no order {order}"))?
        .amount;
    let settings = harness.app.payments.payme.clone().ok_or(anyhow::anyhow!("Payme is not configured"))?;
    let auth =
        format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("Paycom:{}", settings.key)));
    let router = savdo::http::router(savdo::http::HttpState { app: harness.app.clone(), webhook: None });
    let payme_id = format!("dialogue-{order}");
    for (method, params) in [
        (
            "CreateTransaction",
            serde_json::json!({ "id": payme_id, "time": chrono::Utc::now().timestamp_millis(), "amount": amount, "account": { "order_id": order } }),
        ),
        ("PerformTransaction", serde_json::json!({ "id": payme_id })),
    ] {
        let body = serde_json::json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params });
        let request = axum::http::Request::post("/payments/payme")
            .header("Authorization", &auth)
            .header("Content-Type", "application/json")
            .body(axum::body::Body::from(body.to_string()))?;
        let response = router.clone().oneshot(request).await?;
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await?;
        let answer: serde_json::Value = serde_json::from_slice(&bytes)?;
        if answer.get("error").is_some_and(|e| !e.is_null()) {
            anyhow::bail!("Payme {method} answered {answer}");
        }
    }
    Ok(())
}
