//! `/regos` (admins): the REGOS sync's state — the last syncs with their counts, the last
//! errors, products brought in that wait for confirmation — with "Sync now" (a progress
//! message edited after every page, then the summary) and "Confirm new products".

use std::time::{Duration, Instant};

use teloxide::types::{ChatAction, MessageId};

use super::{keyboard, Ctx};
use crate::domain::regos::{self, Client, Progress};
use crate::domain::roles::Action;
use crate::domain::{Error, Refusal};
use crate::i18n::t;
use crate::telegram::Cb;
use crate::tr;

/// The progress message is edited at most this often.
const PROGRESS_EVERY: Duration = Duration::from_secs(1);
/// A manual sync looks this far back.
const MANUAL_DAYS: i64 = 7;

pub async fn command(ctx: &Ctx) -> Result<(), Error> {
    let actor = ctx.actor(Action::ManageSettings)?;
    let lang = ctx.lang();
    let db = &ctx.app.db;
    if regos::connection(db, actor.company_id).await?.is_none() {
        ctx.say(ctx.t("regos-not-connected")).await?;
        return Ok(());
    }
    let mut lines = vec![ctx.t("regos-title")];
    let syncs = regos::syncs(db, &actor, 5).await?;
    if syncs.is_empty() {
        lines.push(ctx.t("regos-never"));
    }
    let tz = actor.calendar(db).await?;
    for s in &syncs {
        lines.push(tr!(
            lang,
            "regos-sync-line",
            at = tz.format(s.started_at, "%d.%m %H:%M"),
            mode = t(lang, &format!("regos-mode-{}", s.mode)),
            status = t(lang, &format!("regos-status-{}", s.status)),
            new = s.progress.new,
            updated = s.progress.updated,
            skipped = s.progress.skipped
        ));
    }
    if let Some(errors) = syncs.first().map(|s| &s.progress.errors).filter(|e| !e.is_empty()) {
        lines.push(String::new());
        lines.push(ctx.t("regos-errors"));
        lines.extend(errors.iter().rev().take(3).map(|e| format!("• {}", problem_text(lang, e))));
    }
    let pending = regos::products_to_confirm(db, &actor).await?;
    let mut buttons = vec![vec![(ctx.t("regos-sync-now"), Cb::RegosSync)]];
    if pending > 0 {
        lines.push(String::new());
        lines.push(tr!(lang, "regos-products-pending", count = pending));
        buttons.push(vec![(tr!(lang, "regos-confirm-products", count = pending), Cb::RegosConfirmProducts)]);
    }
    ctx.say_with(lines.join("\n"), keyboard(buttons)).await?;
    Ok(())
}

pub async fn on_button(ctx: &Ctx, message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    let actor = ctx.actor(Action::ManageSettings)?;
    let lang = ctx.lang();
    let db = &ctx.app.db;
    match cb {
        Cb::RegosConfirmProducts => {
            let confirmed = regos::confirm_products(db, &actor).await?;
            ctx.edit(message, tr!(lang, "regos-products-confirmed", count = confirmed as i64), None).await?;
        }
        Cb::RegosSync => {
            let (connection, _) = regos::connection(db, actor.company_id).await?.ok_or(Refusal::NoRegos)?;
            let client = Client::new(connection)?;
            let progress = ctx.say(ctx.t("regos-progress-start")).await?;
            ctx.bot.show_action(ctx.chat, ChatAction::Typing).await.map_err(anyhow::Error::from)?;
            let now = chrono::Utc::now().timestamp();
            let (sender, mut heard) = tokio::sync::watch::channel(Progress::default());
            let sync = regos::sync(db, &actor, &client, "manual", now - MANUAL_DAYS * 86_400, now, Some(&sender));
            tokio::pin!(sync);
            let mut last_edit = Instant::now() - PROGRESS_EVERY;
            let report = loop {
                tokio::select! {
                    done = &mut sync => break done?,
                    changed = heard.changed() => {
                        if changed.is_ok() && last_edit.elapsed() >= PROGRESS_EVERY {
                            let p = heard.borrow_and_update().clone();
                            ctx.edit(progress.id, progress_text(lang, &p), None).await?;
                            last_edit = Instant::now();
                        }
                    }
                }
            };
            let key = if report.status == "done" { "regos-done" } else { "regos-failed" };
            let mut text = tr!(
                lang,
                key,
                pages = report.progress.pages,
                new = report.progress.new,
                updated = report.progress.updated,
                skipped = report.progress.skipped
            );
            for error in report.progress.errors.iter().rev().take(3) {
                text.push_str(&format!("\n• {}", problem_text(lang, error)));
            }
            ctx.edit(progress.id, text, None).await?;
            crate::notify::deliver(&ctx.app, &report.events).await;
        }
        _ => return Ok(Some(t(lang, "err-stale-button"))),
    }
    Ok(None)
}

/// A problem in the reader's language: a refusal's own message, or the sync's.
fn problem_text(lang: crate::i18n::Lang, p: &regos::Problem) -> String {
    let said = tr!(lang, &p.key, receipt = p.receipt.clone(), detail = p.detail.clone(), role = String::new());
    if p.key.starts_with("regos-problem-") || p.receipt.is_empty() {
        said
    } else {
        format!("{}: {said}", p.receipt)
    }
}

fn progress_text(lang: crate::i18n::Lang, p: &Progress) -> String {
    tr!(lang, "regos-progress", pages = p.pages, new = p.new, updated = p.updated, skipped = p.skipped)
}
