//! `/sales` and plain-word sales questions: one message with the period's figures, buttons
//! that switch period or branch by editing that message, and a chart as a PNG.

use teloxide::types::{ChatAction, MessageId};

use super::commands::Access;
use super::{keyboard, require, Ctx};
use crate::domain::calendar::Period;
use crate::domain::company::{self, Member};
use crate::domain::lookup::{self, Scope, Summary};
use crate::domain::money::{Money, Qty};
use crate::domain::roles::{Action, Role};
use crate::domain::Error;
use crate::i18n::{t, Lang};
use crate::telegram::Cb;
use crate::telegram::OutFile;
use crate::tr;

pub async fn command(ctx: &Ctx, args: &str) -> Result<(), Error> {
    let period = if args.is_empty() { Some(Period::Today) } else { crate::domain::assistant::period_in(args) };
    match period {
        Some(period) => show(ctx, period).await,
        None => {
            ctx.say(ctx.t("sales-usage")).await?;
            Ok(())
        }
    }
}

/// Answers a sales question as a new message.
pub async fn show(ctx: &Ctx, period: Period) -> Result<(), Error> {
    show_in(ctx, period, None).await
}

/// Answers a sales question about a branch (`None`: all the asker may see).
pub async fn show_in(ctx: &Ctx, period: Period, branch: Option<i64>) -> Result<(), Error> {
    let member = require(ctx, Access::Role(Action::ViewSales))?.clone();
    let (text, kb) = render(ctx, &member, period, branch).await?;
    ctx.say_with(text, kb).await?;
    Ok(())
}

/// Units sold in the period, per unit of measure ("how many did we sell today?").
pub async fn show_units(ctx: &Ctx, period: Period, branch: Option<i64>) -> Result<(), Error> {
    let member = require(ctx, Access::Role(Action::ViewSales))?.clone();
    let lang = ctx.lang();
    let (scope, (from, to), units) = lookup::units_sold(&ctx.app.db, &member.actor(), branch, period).await?;
    let scope_name = scope_name(ctx, &member, scope).await?;
    let title = tr!(
        lang,
        "sales-title",
        period = t(lang, period.label_key()),
        dates = dates_label(from, to),
        scope = scope_name
    );
    let body = if units.is_empty() {
        t(lang, "sales-empty")
    } else {
        let units: Vec<String> = units
            .iter()
            .map(|(unit, qty)| format!("{} {}", qty.format(lang), t(lang, &format!("unit-{unit}"))))
            .collect();
        tr!(lang, "sales-units", units = units.join(", "))
    };
    ctx.say(format!("{title}\n{body}")).await?;
    Ok(())
}

/// The branch of the asker's company a question names, if it names one.
pub async fn branch_named(ctx: &Ctx, text: &str) -> Result<Option<i64>, Error> {
    let member = require(ctx, Access::Role(Action::ViewSales))?;
    let branches = company::branches(&ctx.app.db, member.company_id).await?;
    let names: Vec<(i64, &str)> = branches.iter().map(|b| (b.id, b.name.as_str())).collect();
    Ok(crate::domain::assistant::name_in(text, &names))
}

async fn render(
    ctx: &Ctx,
    member: &Member,
    period: Period,
    branch: Option<i64>,
) -> Result<(String, teloxide::types::InlineKeyboardMarkup), Error> {
    let (scope, summary) = lookup::summary(&ctx.app.db, &member.actor(), branch, period).await?;
    let scope_name = scope_name(ctx, member, scope).await?;
    let text = summary_text(ctx.lang(), &summary, period, &scope_name);
    Ok((text, buttons(ctx.lang(), member, period, scope.branch_id)))
}

async fn scope_name(ctx: &Ctx, member: &Member, scope: Scope) -> Result<String, Error> {
    Ok(match (scope.cashier_id, scope.branch_id) {
        (Some(_), _) => ctx.t("sales-scope-mine"),
        (None, Some(branch)) if member.branch_id == Some(branch) && member.branch_name.is_some() => {
            member.branch_name.clone().unwrap_or_default()
        }
        (None, Some(branch)) => company::branch(&ctx.app.db, member.company_id, branch).await?.name,
        (None, None) => ctx.t("sales-scope-all"),
    })
}

pub use crate::domain::calendar::dates_label;

/// The lookup as one message.
pub fn summary_text(lang: Lang, s: &Summary, period: Period, scope_name: &str) -> String {
    let money = |tiyin: i64| Money(tiyin).format(lang);
    let mut lines = vec![tr!(
        lang,
        "sales-title",
        period = t(lang, period.label_key()),
        dates = dates_label(s.from, s.to),
        scope = scope_name.to_string()
    )];
    if s.receipts == 0 && s.total == 0 {
        lines.push(t(lang, "sales-empty"));
        return lines.join("\n");
    }
    let change = match s.change_permille() {
        Some(p) if p >= 0 => format!(" {}", tr!(lang, "sales-change-up", pct = permille(lang, p))),
        Some(p) => format!(" {}", tr!(lang, "sales-change-down", pct = permille(lang, -p))),
        None => String::new(),
    };
    lines.push(format!("{}{change}", tr!(lang, "sales-total", total = money(s.total))));
    lines.push(tr!(lang, "sales-receipts", count = s.receipts, avg = money(s.average_receipt())));
    lines.push(tr!(lang, "sales-types", retail = money(s.retail), wholesale = money(s.wholesale)));
    let payments: Vec<String> = s
        .by_payment
        .iter()
        .map(|(p, total)| format!("{} {}", t(lang, &format!("pay-{}", p.as_str())), money(*total)))
        .collect();
    if !payments.is_empty() {
        lines.push(tr!(lang, "sales-payments", list = payments.join("; ")));
    }
    if s.returns > 0 {
        lines.push(tr!(lang, "sales-returns", count = s.returns, amount = money(s.returned)));
    }
    if !s.top_products.is_empty() {
        lines.push(String::new());
        lines.push(t(lang, "sales-top-products"));
        for (i, p) in s.top_products.iter().enumerate() {
            let unit = t(lang, &format!("unit-{}", p.unit));
            lines.push(format!("{}. {} — {} {unit}, {}", i + 1, p.name, Qty(p.qty).format(lang), money(p.total)));
        }
    }
    if !s.top_cashiers.is_empty() {
        lines.push(String::new());
        lines.push(t(lang, "sales-top-cashiers"));
        for (i, c) in s.top_cashiers.iter().enumerate() {
            lines.push(tr!(
                lang,
                "sales-cashier-line",
                n = i + 1,
                name = c.name.clone(),
                total = money(c.total),
                receipts = c.receipts
            ));
        }
    }
    lines.join("\n")
}

pub(super) use crate::domain::money::format_permille as permille;

fn buttons(lang: Lang, member: &Member, current: Period, branch: Option<i64>) -> teloxide::types::InlineKeyboardMarkup {
    let branch_code = branch.unwrap_or(0);
    let label = |p: Period| {
        let name = t(lang, p.label_key());
        if p == current {
            format!("✓ {name}")
        } else {
            name
        }
    };
    let period_button = |p: Period| (label(p), Cb::Sales(p.code(), branch_code));
    let mut rows = vec![
        vec![period_button(Period::Today), period_button(Period::Yesterday), period_button(Period::ThisWeek)],
        vec![period_button(Period::ThisMonth), period_button(Period::LastMonth)],
    ];
    let mut last = Vec::new();
    if member.role == Role::Admin {
        last.push((t(lang, "btn-branches"), Cb::SalesBranches(current.code())));
    }
    last.push((t(lang, "btn-chart"), Cb::SalesChart(current.code(), branch_code)));
    rows.push(last);
    keyboard(rows)
}

pub async fn on_button(ctx: &Ctx, message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    let member = require(ctx, Access::Role(Action::ViewSales))?.clone();
    let stale = || Ok(Some(t(ctx.lang(), "err-stale-button")));
    match cb {
        Cb::Sales(code, branch) => {
            let Some(period) = Period::from_code(&code) else { return stale() };
            let (text, kb) = render(ctx, &member, period, (branch != 0).then_some(branch)).await?;
            ctx.edit(message, text, Some(kb)).await?;
            Ok(None)
        }
        Cb::SalesBranches(code) => {
            let mut rows = vec![vec![(ctx.t("sales-scope-all"), Cb::Sales(code.clone(), 0))]];
            if member.role == Role::Admin {
                for b in company::branches(&ctx.app.db, member.company_id).await? {
                    rows.push(vec![(b.name, Cb::Sales(code.clone(), b.id))]);
                }
            }
            ctx.bot
                .edit_text(ctx.chat, message, ctx.t("sales-choose-branch"), Some(keyboard(rows)))
                .await
                .map_err(anyhow::Error::from)?;
            Ok(None)
        }
        Cb::SalesChart(code, branch) => {
            let Some(period) = Period::from_code(&code) else { return stale() };
            chart(ctx, &member, period, (branch != 0).then_some(branch)).await?;
            Ok(None)
        }
        _ => Ok(None),
    }
}

async fn chart(ctx: &Ctx, member: &Member, period: Period, branch: Option<i64>) -> Result<(), Error> {
    ctx.bot.show_action(ctx.chat, ChatAction::UploadPhoto).await.map_err(anyhow::Error::from)?;
    let (from, to) = period.dates(member.time_zone.today());
    // A single day says little as a chart: show the week up to it instead.
    let from = if from == to { from - chrono::Days::new(6) } else { from };
    let (scope, days) = lookup::daily_totals_for(&ctx.app.db, &member.actor(), branch, from, to).await?;
    let scope_name = scope_name(ctx, member, scope).await?;
    let caption = tr!(ctx.lang(), "sales-chart-caption", dates = dates_label(from, to), scope = scope_name);
    let png = crate::reports::chart::daily_totals_png(&caption, &days)?;
    let file = OutFile { name: format!("sales-{from}-{to}.png"), bytes: png, caption: Some(caption), photo: true };
    ctx.bot.send_file(ctx.chat, file, None).await.map_err(anyhow::Error::from)?;
    Ok(())
}
