//! `savdo console`: talk to the bot in a terminal as a Telegram user, with no account and no
//! network. The real server runs (same dispatcher, same database) against the in-process
//! Bot API stub; this module is the "Telegram app": it prints what the bot sends, numbers
//! inline buttons, and turns typed lines into updates.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::sync::broadcast;

use crate::config::Config;
use crate::i18n::{t, Lang};
use crate::server::{self, HttpPolicy};
use crate::telegram_stub::{Sent, Stub, TgUser, BOT_ID, BOT_TOKEN};
use crate::tr;

/// The buttons on screen: (message, callback data), numbered from 1.
type Buttons = Arc<Mutex<Vec<(i64, String)>>>;

pub async fn run(config: Config, user: TgUser) -> anyhow::Result<()> {
    let stub = start(&config).await?;
    let lang = user.language_code.as_deref().and_then(Lang::parse).unwrap_or_default();
    println!("{}", tr!(lang, "console-banner", name = user.first_name.clone(), id = user.id));
    println!("{}\n", t(lang, "console-help"));

    let buttons: Buttons = Arc::default();
    let mut events = stub.subscribe();
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    loop {
        print!("> ");
        std::io::stdout().flush()?;
        let Some(line) = lines.next_line().await? else { break };
        let line = line.trim().to_string();
        if line.is_empty() {
            continue;
        }
        if line == "/quit" || line == "/exit" {
            break;
        }
        let update = match pressed_button(&line, &buttons) {
            Some((message_id, data)) => stub.button_update(&user, user.id, message_id, &data),
            None => Some(stub.text_update(&user, line.strip_prefix('\\').unwrap_or(&line))),
        };
        match update {
            Some(update) => stub.enqueue(update),
            None => {
                println!("{}", t(lang, "console-button-gone"));
                continue;
            }
        }
        show_replies(&mut events, &user, &buttons, lang).await;
    }
    Ok(())
}

/// The real server in the background, against an in-process Bot API stub.
async fn start(config: &Config) -> anyhow::Result<Stub> {
    let db = server::open_database(config).await?;
    let stub = Stub::new();
    // Update ids continue past those this database has already taken.
    stub.set_next_update_id(crate::db::updates::last(&db, BOT_ID).await? + 1);
    let url = stub.serve().await?;
    let mut console_config = config.clone();
    console_config.webhook_url = None;
    tokio::spawn(async move {
        if let Err(e) =
            server::run(&console_config, db, BOT_TOKEN, Some(url), server::Pacing::Unthrottled, HttpPolicy::BestEffort)
                .await
        {
            eprintln!("savdo: {e:#}");
            std::process::exit(1);
        }
    });
    Ok(stub)
}

fn pressed_button(line: &str, buttons: &Buttons) -> Option<(i64, String)> {
    let n: usize = line.parse().ok()?;
    let shown = buttons.lock().expect("buttons lock");
    n.checked_sub(1).and_then(|i| shown.get(i).cloned())
}

/// Prints the bot's answer: waits for the first reply, then until it has been quiet a moment.
async fn show_replies(events: &mut broadcast::Receiver<Sent>, user: &TgUser, buttons: &Buttons, lang: Lang) {
    let mut wait = Duration::from_secs(15);
    loop {
        match tokio::time::timeout(wait, events.recv()).await {
            Ok(Ok(sent)) => {
                print_sent(&sent, user, buttons, lang);
                wait = Duration::from_millis(400);
            }
            Ok(Err(broadcast::error::RecvError::Lagged(_))) => continue,
            Ok(Err(_)) | Err(_) => break,
        }
    }
}

fn print_sent(sent: &Sent, user: &TgUser, buttons: &Buttons, lang: Lang) {
    let to = if sent.chat_id == user.id { String::new() } else { format!("(to {}) ", sent.chat_id) };
    match sent.method.as_str() {
        "sendMessage" | "editMessageText" | "editMessageReplyMarkup" => {
            let edited =
                if sent.method == "sendMessage" { String::new() } else { format!("{} ", t(lang, "console-edited")) };
            println!("{to}{edited}{}", sent.text.as_deref().unwrap_or(""));
            if sent.chat_id == user.id {
                number_buttons(sent, buttons);
            }
        }
        "answerCallbackQuery" => {
            if let Some(text) = &sent.text {
                println!("[{text}]");
            }
        }
        "sendPhoto" | "sendDocument" => save_file(sent, &to),
        "sendChatAction" => println!("{to}…"),
        _ => {}
    }
}

fn number_buttons(sent: &Sent, buttons: &Buttons) {
    let mut shown = buttons.lock().expect("buttons lock");
    if sent.buttons.is_empty() {
        if sent.method != "sendMessage" {
            shown.retain(|(message, _)| *message != sent.message_id);
        }
        return;
    }
    shown.clear();
    for row in &sent.buttons {
        let cells: Vec<String> = row
            .iter()
            .map(|b| match (&b.callback_data, &b.url) {
                (Some(data), _) => {
                    shown.push((sent.message_id, data.clone()));
                    format!("[{}] {}", shown.len(), b.text)
                }
                (None, Some(url)) => format!("{} <{url}>", b.text),
                _ => b.text.clone(),
            })
            .collect();
        println!("   {}", cells.join("   "));
    }
}

fn save_file(sent: &Sent, to: &str) {
    let name = sent.file_name.clone().unwrap_or_else(|| format!("file-{}", sent.message_id));
    let dir = std::path::Path::new("console-files");
    let path = dir.join(&name);
    let saved =
        std::fs::create_dir_all(dir).and_then(|_| std::fs::write(&path, sent.file.as_deref().unwrap_or_default()));
    match saved {
        Ok(()) => println!("{to}📎 {} ({})", path.display(), sent.text.as_deref().unwrap_or("")),
        Err(e) => println!("{to}📎 {name} could not be saved: {e}"),
    }
}
