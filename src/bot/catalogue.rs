//! The catalogue in chat: a sheet sent with a caption (`nomenklatura`, `clients`, `projects`)
//! imports it; a photo captioned with a product's code becomes its picture; field agents share
//! their (live) location and `/agents` shows where each was last; `/apiuser` manages the API
//! users who log in for tokens.

use chrono::Utc;
use rand::distr::{Alphanumeric, SampleString};
use teloxide::types::{Document, Message};

use super::commands::Access;
use super::{require, Ctx};
use crate::domain::agents::{self, LocationInput};
use crate::domain::apiusers;
use crate::domain::catalogue::{self, Sheet};
use crate::domain::images::{self, Owner};
use crate::domain::roles::{Action, Role};
use crate::domain::{import, Error, Refusal};
use crate::tr;

/// The sheet a document's caption names (`nomenklatura`, `/catalogue clients` …), if any.
pub fn sheet_of(caption: Option<&str>) -> Option<Sheet> {
    let caption = caption?.trim().trim_start_matches("/catalogue").trim();
    Sheet::parse(caption.split_whitespace().next()?)
}

/// Imports a sheet sent as a file: every row or none, with the rows to fix.
pub async fn on_sheet(ctx: &Ctx, document: &Document, sheet: Sheet) -> Result<(), Error> {
    let action = match sheet {
        Sheet::Nomenklatura => Action::EditProducts,
        Sheet::Clients => Action::Customers,
        Sheet::Projects => Action::Projects,
    };
    let actor = ctx.actor(action)?;
    let lang = ctx.lang();
    if document.file.size as usize > ctx.app.import_max_bytes {
        ctx.say(ctx.refusal_text(&Refusal::FileTooLarge)).await?;
        return Ok(());
    }
    ctx.bot.show_action(ctx.chat, teloxide::types::ChatAction::Typing).await.map_err(anyhow::Error::from)?;
    let name = document.file_name.clone().unwrap_or_else(|| format!("{}.xlsx", sheet.file_name()));
    let bytes = ctx.bot.download(document.file.id.clone()).await.map_err(anyhow::Error::from)?;
    let Ok(table) = import::read_table(&name, &bytes) else {
        ctx.say(ctx.t("err-sheet-unreadable")).await?;
        return Ok(());
    };
    let outcome = catalogue::import(&ctx.app.db, &actor, sheet, table).await?;
    if outcome.errors.is_empty() {
        let text = tr!(
            lang,
            "catalogue-imported",
            sheet = sheet.file_name(),
            created = outcome.created,
            updated = outcome.updated
        );
        ctx.say(text).await?;
        return Ok(());
    }
    let mut lines = vec![tr!(lang, "catalogue-import-refused", count = outcome.errors.len())];
    for e in outcome.errors.iter().take(15) {
        lines.push(tr!(
            lang,
            "catalogue-import-line",
            row = e.row,
            field = e.field.clone(),
            problem = ctx.refusal_text(&e.refusal)
        ));
    }
    ctx.say(lines.join("\n")).await?;
    Ok(())
}

/// A photo captioned with a product's code (Savdo's or its 1C code) becomes its picture.
/// `false` when the caption names no product (the photo is then something else: a receipt).
pub async fn on_photo(ctx: &Ctx, msg: &Message, file_id: String) -> Result<bool, Error> {
    let Some(code) = msg.caption().map(str::trim).filter(|c| !c.is_empty() && !c.contains(char::is_whitespace)) else {
        return Ok(false);
    };
    let Some(member) = ctx.sender.active() else { return Ok(false) };
    let Some(product) = crate::domain::catalog::product_by_code(&ctx.app.db, member.company_id, code).await? else {
        return Ok(false);
    };
    let actor = ctx.actor(Action::EditProducts)?;
    let bytes = ctx.bot.download(teloxide::types::FileId(file_id)).await.map_err(anyhow::Error::from)?;
    let image = images::add(&ctx.app.db, &actor, Owner::Nomenklatura, &product.code, bytes, false).await?;
    let key = if image.is_main == 1 { "picture-added-main" } else { "picture-added" };
    ctx.say(tr!(ctx.lang(), key, name = product.name, code = product.code)).await?;
    Ok(true)
}

/// A location shared in chat (once, or the start of a live one) is the sender's position.
pub async fn on_location(ctx: &Ctx, location: &teloxide::types::Location) -> Result<(), Error> {
    let actor = ctx.actor(Action::ShareLocation)?;
    record(ctx, &actor, location).await?;
    let key = if location.live_period.is_some() { "location-live" } else { "location-saved" };
    ctx.say(ctx.t(key)).await?;
    Ok(())
}

/// A live location moved (Telegram edits the message): stored without a reply.
pub async fn on_moved(ctx: &Ctx, location: &teloxide::types::Location) -> Result<(), Error> {
    let Ok(actor) = ctx.actor(Action::ShareLocation) else { return Ok(()) };
    record(ctx, &actor, location).await
}

async fn record(
    ctx: &Ctx,
    actor: &crate::domain::actor::Actor,
    location: &teloxide::types::Location,
) -> Result<(), Error> {
    let input = LocationInput {
        agent_code: agents::chat_code(ctx.sender.user.telegram_id),
        latitude: location.latitude,
        longitude: location.longitude,
        accuracy_m: location.horizontal_accuracy,
        platform: Some("telegram".into()),
        ..Default::default()
    };
    agents::record(&ctx.app.db, actor, &input).await?;
    Ok(())
}

/// `/agents`: each agent's last position on the map, with its age.
pub async fn agents_command(ctx: &Ctx) -> Result<(), Error> {
    let actor = ctx.actor(Action::ViewAgents)?;
    let lang = ctx.lang();
    let latest = agents::latest(&ctx.app.db, &actor).await?;
    if latest.is_empty() {
        ctx.say(ctx.t("agents-none")).await?;
        return Ok(());
    }
    ctx.say(tr!(lang, "agents-header", count = latest.len())).await?;
    let now = Utc::now().timestamp();
    for l in latest.iter().take(10) {
        let name = l.agent_name.clone().unwrap_or_else(|| l.agent_code.clone());
        let age = age(ctx, now - l.recorded_at);
        let battery = l.battery_level.map(|b| format!(" · 🔋{b}%")).unwrap_or_default();
        ctx.bot.send_location(ctx.chat, l.latitude, l.longitude).await.map_err(anyhow::Error::from)?;
        ctx.say(tr!(lang, "agents-line", name = name, age = age, battery = battery)).await?;
    }
    Ok(())
}

fn age(ctx: &Ctx, seconds: i64) -> String {
    let lang = ctx.lang();
    match seconds.max(0) {
        s if s < 3600 => tr!(lang, "age-minutes", n = (s / 60).max(1)),
        s if s < 86_400 => tr!(lang, "age-hours", n = s / 3600),
        s => tr!(lang, "age-days", n = s / 86_400),
    }
}

/// `/apiuser` (list), `/apiuser add NAME ROLE [BRANCH_ID]` (a password made and shown once),
/// `/apiuser revoke NAME`.
pub async fn apiuser_command(ctx: &Ctx, args: &str) -> Result<(), Error> {
    let member = require(ctx, Access::Role(Action::ManageApiKeys))?.clone();
    let actor = member.actor();
    let lang = ctx.lang();
    let words: Vec<&str> = args.split_whitespace().collect();
    match words.as_slice() {
        [] => {
            let users = apiusers::list(&ctx.app.db, &actor).await?;
            let mut lines = vec![tr!(lang, "apiuser-header", count = users.iter().filter(|u| !u.revoked).count())];
            for u in &users {
                let state = if u.revoked { ctx.t("apiuser-revoked-mark") } else { String::new() };
                lines.push(tr!(
                    lang,
                    "apiuser-line",
                    name = u.username.clone(),
                    role = ctx.t(u.role.label_key()),
                    state = state
                ));
            }
            lines.push(ctx.t("apiuser-usage"));
            ctx.say(lines.join("\n")).await?;
        }
        ["add", name, role, rest @ ..] if rest.len() <= 1 => {
            let Some(role) = Role::parse(role) else {
                ctx.say(ctx.t("apiuser-usage")).await?;
                return Ok(());
            };
            let branch = match rest.first() {
                Some(b) => match b.parse::<i64>() {
                    Ok(b) => Some(b),
                    Err(_) => {
                        ctx.say(ctx.t("apiuser-usage")).await?;
                        return Ok(());
                    }
                },
                None => None,
            };
            let password = Alphanumeric.sample_string(&mut rand::rng(), 20);
            let user = apiusers::add(&ctx.app.db, &actor, name, &password, role, branch).await?;
            let text =
                tr!(lang, "apiuser-created", name = user.username, role = ctx.t(role.label_key()), password = password);
            ctx.say(text).await?;
        }
        ["revoke", name] => {
            let user = apiusers::revoke(&ctx.app.db, &actor, name).await?;
            ctx.say(tr!(lang, "apiuser-revoked", name = user.username)).await?;
        }
        _ => {
            ctx.say(ctx.t("apiuser-usage")).await?;
        }
    }
    Ok(())
}

/// `/sync [clients] [ID]`: a pull from the company's 1C integration (its first, or number ID),
/// with one message edited as it goes and the result at the end.
pub async fn sync_command(ctx: &Ctx, args: &str) -> Result<(), Error> {
    use crate::domain::onec;
    let words: Vec<&str> = args.split_whitespace().collect();
    let clients = words.contains(&"clients");
    let action = if clients { Action::Customers } else { Action::EditProducts };
    let actor = ctx.actor(action)?;
    let lang = ctx.lang();
    let wanted = words.iter().find_map(|w| w.parse::<i64>().ok());
    let all = onec::integrations(&ctx.app.db, &actor).await?;
    let Some(integration) = all.into_iter().find(|i| wanted.is_none_or(|id| id == i.id)) else {
        ctx.say(ctx.t("sync-none")).await?;
        return Ok(());
    };
    let kind = if clients { "clients" } else { "nomenklatura" };
    let task = onec::start_task(&ctx.app.db, &actor, kind, integration.id).await?;
    let progress = ctx.say(tr!(lang, "sync-started", name = integration.name.clone())).await?;
    let runner = {
        let (db, actor, integration, id) = (ctx.app.db.clone(), actor.clone(), integration.clone(), task.id.clone());
        tokio::spawn(async move { onec::run_sync(&db, &actor, &integration, &id, |_, _| {}).await })
    };
    // The message follows the task's figures about once a second until it ends.
    let mut shown = String::new();
    while !runner.is_finished() {
        tokio::time::sleep(std::time::Duration::from_millis(700)).await;
        let now = onec::task(&ctx.app.db, &actor, &task.id).await?;
        let text = tr!(
            lang,
            "sync-progress",
            name = integration.name.clone(),
            done = now.processed,
            total = now.total,
            percent = now.percent()
        );
        if now.status == "processing" && text != shown {
            ctx.edit(progress.id, text.clone(), None).await?;
            shown = text;
        }
    }
    let finished = runner.await.map_err(anyhow::Error::from)?;
    let text = match finished {
        Ok(applied) => tr!(
            lang,
            "sync-done",
            name = integration.name.clone(),
            created = applied.created,
            updated = applied.updated,
            skipped = applied.skipped.len()
        ),
        Err(_) => {
            let reason = onec::task(&ctx.app.db, &actor, &task.id).await?.message.unwrap_or_default();
            tr!(lang, "sync-failed", name = integration.name.clone(), reason = reason)
        }
    };
    ctx.edit(progress.id, text, None).await?;
    Ok(())
}
