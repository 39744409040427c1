//! `/companies` (operators of the Savdo service only): every company with its members, this
//! month's sales, last activity, balance and standing; a company's card blocks or unblocks it,
//! tops up its balance (the amount typed next) and makes an administrator's invite link.
//! `/companies transfer TELEGRAM_ID COMPANY_ID ROLE [BRANCH_ID]` moves a user to another company,
//! `/companies tariff COMPANY_ID month|user PRICE` sets a tariff, `/companies history TELEGRAM_ID`
//! shows where a user has worked.

use teloxide::types::MessageId;

use super::state::State;
use super::{keyboard, Ctx};
use crate::domain::money::Money;
use crate::domain::platform::{self, CompanyCard, Operator};
use crate::domain::roles::Role;
use crate::domain::{Error, Refusal};
use crate::i18n::{t, Lang};
use crate::telegram::Cb;
use crate::tr;

fn operator(ctx: &Ctx) -> Result<Operator, Error> {
    ctx.sender.operator.ok_or(Refusal::NotAllowed.into())
}

pub async fn command(ctx: &Ctx, args: &str) -> Result<(), Error> {
    let op = operator(ctx)?;
    let lang = ctx.lang();
    let db = &ctx.app.db;
    let parts: Vec<&str> = args.split_whitespace().collect();
    match parts.as_slice() {
        [] => {
            let cards = platform::companies(db, &op).await?;
            let mut lines = vec![tr!(lang, "companies-title", count = cards.len() as i64)];
            let mut rows = Vec::new();
            for c in cards.iter().take(30) {
                lines.push(summary_line(lang, c));
                rows.push(vec![(format!("#{} {}", c.id, c.name), Cb::CompanyOpen(c.id))]);
            }
            lines.push(String::new());
            lines.push(ctx.t("companies-usage"));
            ctx.say_with(lines.join("\n"), keyboard(rows)).await?;
        }
        ["transfer", telegram_id, company_id, role, rest @ ..] => {
            let (Ok(telegram_id), Ok(company_id), Some(role)) =
                (telegram_id.parse::<i64>(), company_id.parse::<i64>(), Role::parse(role))
            else {
                ctx.say(ctx.t("companies-usage")).await?;
                return Ok(());
            };
            let branch = rest.first().and_then(|b| b.parse::<i64>().ok());
            platform::transfer_user(db, &op, telegram_id, company_id, role, branch).await?;
            ctx.say(tr!(lang, "companies-transferred", user = telegram_id, company = company_id)).await?;
        }
        ["tariff", company_id, kind, price] => {
            let (Ok(company_id), Ok(price)) = (company_id.parse::<i64>(), Money::read(price)) else {
                ctx.say(ctx.t("companies-usage")).await?;
                return Ok(());
            };
            platform::set_tariff(db, &op, company_id, kind, price).await?;
            let card = platform::company(db, &op, company_id).await?;
            ctx.say(card_text(lang, &card)).await?;
        }
        ["history", telegram_id] => {
            let Ok(telegram_id) = telegram_id.parse::<i64>() else {
                ctx.say(ctx.t("companies-usage")).await?;
                return Ok(());
            };
            let tz = crate::domain::calendar::CompanyTz::parse("Asia/Tashkent");
            let mut lines = vec![tr!(lang, "companies-history", user = telegram_id)];
            for (company, role, joined, left) in platform::user_history(db, &op, telegram_id).await? {
                let left = left.map(|l| tz.format(l, "%d.%m.%Y")).unwrap_or_else(|| "…".into());
                lines.push(format!(
                    "• {company} — {} ({} – {left})",
                    Role::parse(&role).map(|r| t(lang, r.label_key())).unwrap_or(role),
                    tz.format(joined, "%d.%m.%Y")
                ));
            }
            ctx.say(lines.join("\n")).await?;
        }
        _ => {
            ctx.say(ctx.t("companies-usage")).await?;
        }
    }
    Ok(())
}

fn summary_line(lang: Lang, c: &CompanyCard) -> String {
    tr!(
        lang,
        "companies-line",
        id = c.id,
        name = c.name.clone(),
        members = c.members,
        sales = Money(c.sales_this_month).format(lang),
        balance = Money(c.balance).format(lang),
        status = t(lang, &format!("company-status-{}", c.status.replace('_', "-")))
    )
}

fn card_text(lang: Lang, c: &CompanyCard) -> String {
    let tariff = t(lang, &format!("tariff-{}", c.tariff_kind));
    let last = c
        .last_activity
        .map(|at| crate::domain::calendar::CompanyTz::parse("Asia/Tashkent").format(at, "%d.%m.%Y %H:%M"))
        .unwrap_or_else(|| "—".into());
    tr!(
        lang,
        "company-card",
        id = c.id,
        name = c.name.clone(),
        tin = c.tin.clone(),
        status = t(lang, &format!("company-status-{}", c.status.replace('_', "-"))),
        members = c.members,
        sales = Money(c.sales_this_month).format(lang),
        balance = Money(c.balance).format(lang),
        tariff = tr!(lang, "tariff-line", price = Money(c.tariff_price).format(lang), kind = tariff),
        last = last
    )
}

fn card_buttons(lang: Lang, c: &CompanyCard) -> teloxide::types::InlineKeyboardMarkup {
    let block = if c.status == "blocked" {
        (t(lang, "company-unblock"), Cb::CompanyBlock(c.id, false))
    } else {
        (t(lang, "company-block"), Cb::CompanyBlock(c.id, true))
    };
    keyboard(vec![
        vec![block, (t(lang, "company-top-up"), Cb::CompanyTopUp(c.id))],
        vec![(t(lang, "company-admin-invite"), Cb::CompanyAdminInvite(c.id))],
    ])
}

pub async fn on_button(ctx: &Ctx, message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    let op = operator(ctx)?;
    let lang = ctx.lang();
    let db = &ctx.app.db;
    match cb {
        Cb::CompanyOpen(id) => {
            let card = platform::company(db, &op, id).await?;
            ctx.edit(message, card_text(lang, &card), Some(card_buttons(lang, &card))).await?;
        }
        Cb::CompanyBlock(id, blocked) => {
            let event = platform::set_blocked(db, &op, id, blocked).await?;
            crate::notify::deliver(&ctx.app, &event.into_iter().collect::<Vec<_>>()).await;
            let card = platform::company(db, &op, id).await?;
            ctx.edit(message, card_text(lang, &card), Some(card_buttons(lang, &card))).await?;
        }
        Cb::CompanyTopUp(id) => {
            ctx.set_state(State::TopUp { company_id: id }).await?;
            ctx.say(tr!(lang, "company-top-up-ask", id = id)).await?;
        }
        Cb::CompanyAdminInvite(id) => {
            let invite = platform::admin_invite(db, &op, id, ctx.app.invite_ttl_secs).await?;
            let link = format!("https://t.me/{}?start={}", ctx.app.bot_username, invite.token);
            ctx.say(tr!(lang, "company-admin-link", id = id, link = link)).await?;
        }
        _ => return Ok(Some(t(lang, "err-stale-button"))),
    }
    Ok(None)
}

/// The top-up amount typed after the button.
pub async fn on_top_up(ctx: &Ctx, company_id: i64, text: &str) -> Result<(), Error> {
    let op = operator(ctx)?;
    let Some(amount) = ctx.accept(Money::read(text)).await? else { return Ok(()) };
    ctx.set_state(State::Idle).await?;
    let (balance, event) = platform::top_up(&ctx.app.db, &op, company_id, amount).await?;
    crate::notify::deliver(&ctx.app, &event.into_iter().collect::<Vec<_>>()).await;
    let lang = ctx.lang();
    ctx.say(tr!(
        lang,
        "company-topped-up",
        id = company_id,
        amount = amount.format(lang),
        balance = Money(balance).format(lang)
    ))
    .await?;
    Ok(())
}
