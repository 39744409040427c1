//! `/simcards`: SIM cards per shop and status, and the latest changes;
//! `/simcards add` with the list on the following lines (`ICCID; number; operator[; tariff[;
//! purchase price[; sale price]]]`), `/simcards assign SHOP ICCID…`, `/simcards sell ICCID or
//! number` (cashiers: `/sim ICCID or number`), `/simcards check` (asks the operator now), `/simcards auto on|off`.

use super::Ctx;
use crate::domain::roles::Action;
use crate::domain::sales::Payment;
use crate::domain::simcards;
use crate::domain::{Error, Refusal};
use crate::i18n::t;
use crate::tr;

pub async fn command(ctx: &Ctx, args: &str) -> Result<(), Error> {
    let lang = ctx.lang();
    let db = &ctx.app.db;
    let (word, rest) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
    match word.to_lowercase().as_str() {
        "" => {
            let actor = ctx.actor(Action::ViewStock)?;
            let tz = actor.calendar(db).await?;
            let mut lines = vec![ctx.t("sim-title")];
            let counts = simcards::counts(db, &actor).await?;
            if counts.is_empty() {
                lines.push(ctx.t("sim-none"));
            }
            for (shop, status, count) in counts {
                let shop = shop.unwrap_or_else(|| t(lang, "sim-warehouse"));
                lines.push(format!(
                    "• {shop}: {} — {count}",
                    t(lang, &format!("sim-status-{}", status.replace('_', "-")))
                ));
            }
            let changes = simcards::changes(db, &actor, 5).await?;
            if !changes.is_empty() {
                lines.push(String::new());
                lines.push(ctx.t("sim-changes"));
                for (iccid, from, to, _, at) in changes {
                    lines.push(format!(
                        "{} · …{} · {} → {}",
                        tz.format(at, "%d.%m %H:%M"),
                        &iccid[iccid.len().saturating_sub(6)..],
                        t(lang, &format!("sim-status-{}", from.replace('_', "-"))),
                        t(lang, &format!("sim-status-{}", to.replace('_', "-")))
                    ));
                }
            }
            lines.push(String::new());
            lines.push(ctx.t("sim-usage"));
            ctx.say(lines.join("\n")).await?;
        }
        "add" => {
            let actor = ctx.actor(Action::ManageStock)?;
            match simcards::add_list(db, &actor, rest).await? {
                Ok(added) => ctx.say(tr!(lang, "sim-added", count = added)).await?,
                Err(problems) => {
                    let mut lines = vec![ctx.t("sim-list-refused")];
                    for p in problems.iter().take(10) {
                        lines.push(tr!(
                            lang,
                            "sim-line-problem",
                            line = p.line,
                            problem = ctx.refusal_text(&p.refusal)
                        ));
                    }
                    ctx.say(lines.join("\n")).await?
                }
            };
        }
        "assign" => {
            let actor = ctx.actor(Action::ManageStock)?;
            let mut parts = rest.split_whitespace();
            let (Some(shop), cards) = (parts.next(), parts.map(str::to_string).collect::<Vec<_>>()) else {
                ctx.say(ctx.t("sim-usage")).await?;
                return Ok(());
            };
            let branches = crate::domain::company::branches(db, actor.company_id).await?;
            let branch = branches.iter().find(|b| b.name.eq_ignore_ascii_case(shop)).ok_or(Refusal::NotFound)?;
            let moved = simcards::assign(db, &actor, &cards, branch.id).await?;
            ctx.say(tr!(lang, "sim-assigned", count = moved, shop = branch.name.clone())).await?;
        }
        "sell" => sell(ctx, rest).await?,
        "check" => {
            let actor = ctx.actor(Action::ManageStock)?;
            let Some(operator) = ctx.app.sim_operator.clone() else {
                ctx.say(ctx.t("sim-no-operator")).await?;
                return Ok(());
            };
            let report = simcards::check(db, &actor, operator.as_ref(), None).await?;
            crate::notify::deliver(&ctx.app, &report.events).await;
            ctx.say(tr!(
                lang,
                "sim-checked",
                checked = report.checked,
                changed = report.changed,
                failed = report.failed.len()
            ))
            .await?;
        }
        "auto" => {
            let actor = ctx.actor(Action::ManageSettings)?;
            let on = match rest.trim() {
                "on" => true,
                "off" => false,
                _ => {
                    ctx.say(ctx.t("sim-usage")).await?;
                    return Ok(());
                }
            };
            simcards::set_auto_check(db, &actor, on).await?;
            ctx.say(ctx.t(if on { "sim-auto-on" } else { "sim-auto-off" })).await?;
        }
        _ => {
            ctx.say(ctx.t("sim-usage")).await?;
        }
    }
    Ok(())
}

/// `/sim ICCID or number` (and `/simcards sell`): a card sold at the till, paid in cash.
pub async fn sell(ctx: &Ctx, card: &str) -> Result<(), Error> {
    let actor = ctx.actor(Action::Sell)?;
    let lang = ctx.lang();
    let (card, events) = simcards::sell(&ctx.app.db, &actor, card, Payment::Cash).await?;
    ctx.say(tr!(
        lang,
        "sim-sold-here",
        iccid = card.iccid.clone(),
        phone = card.phone.clone(),
        price = crate::domain::money::Money(card.sale_price).format(lang)
    ))
    .await?;
    crate::notify::deliver(&ctx.app, &events).await;
    Ok(())
}

/// An XLSX or CSV list of cards sent with the caption `/simcards`.
pub async fn on_file(ctx: &Ctx, document: &teloxide::types::Document) -> Result<(), Error> {
    let actor = ctx.actor(Action::ManageStock)?;
    let lang = ctx.lang();
    if document.file.size as usize > ctx.app.import_max_bytes {
        ctx.say(ctx.refusal_text(&Refusal::FileTooLarge)).await?;
        return Ok(());
    }
    let name = document.file_name.clone().unwrap_or_else(|| "simcards.xlsx".into());
    let bytes = ctx.bot.download(document.file.id.clone()).await.map_err(anyhow::Error::from)?;
    match simcards::add_file(&ctx.app.db, &actor, &name, &bytes).await? {
        Ok(added) => ctx.say(tr!(lang, "sim-added", count = added)).await?,
        Err(problems) => {
            let mut lines = vec![ctx.t("sim-list-refused")];
            for p in problems.iter().take(10) {
                lines.push(tr!(lang, "sim-line-problem", line = p.line, problem = ctx.refusal_text(&p.refusal)));
            }
            ctx.say(lines.join("\n")).await?
        }
    };
    Ok(())
}
