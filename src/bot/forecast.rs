//! `/forecast [product]`: the next four weeks of a product's sales as a chart with the method
//! and its error on the last four weeks, and the branch's reorder point; with no product, the
//! same in a few lines for the products that sell most. `/reorder`: the settings reorder points
//! are planned with (lead time, service level, pack size).

use teloxide::types::{ChatAction, MessageId};

use super::commands::Access;
use super::{one_product, require, Ctx};
use crate::domain::actor::Actor;
use crate::domain::catalog::{self, Product};
use crate::domain::forecast::outlook::{self, Outlook};
use crate::domain::forecast::reorder;
use crate::domain::money::Qty;
use crate::domain::partners::{self, PartnerKind};
use crate::domain::roles::Action;
use crate::domain::{company, Error};
use crate::i18n::{t, Lang};
use crate::telegram::{Cb, OutFile};
use crate::tr;

/// Four weeks ahead.
const HORIZON: usize = 28;
const TOP: i64 = 5;

pub async fn command(ctx: &Ctx, query: &str) -> Result<(), Error> {
    let member = require(ctx, Access::Role(Action::ViewStock))?.clone();
    let actor = member.actor();
    let lang = ctx.lang();
    ctx.bot.show_action(ctx.chat, ChatAction::Typing).await.map_err(anyhow::Error::from)?;
    if query.is_empty() {
        let outlooks = outlook::top(&ctx.app.db, &actor, None, HORIZON, TOP).await?;
        if outlooks.is_empty() {
            ctx.say(ctx.t("forecast-nothing-sold")).await?;
            return Ok(());
        }
        let scope = scope_name(ctx, &outlooks[0]).await?;
        let mut lines = vec![tr!(lang, "forecast-top-title", scope = scope)];
        for (i, o) in outlooks.iter().enumerate() {
            lines.push(format!("{}. {}", i + 1, summary_line(lang, o)));
        }
        lines.push(String::new());
        lines.push(ctx.t("forecast-top-hint"));
        ctx.say(lines.join("\n")).await?;
        return Ok(());
    }
    // Several matches: buttons to pick one.
    let Some(product) = one_product(ctx, member.company_id, query, Cb::ForecastPick).await? else {
        return Ok(());
    };
    chart(ctx, &actor, product).await
}

/// The picked product's chart, its numbers and its reorder points.
async fn chart(ctx: &Ctx, actor: &Actor, product: Product) -> Result<(), Error> {
    let lang = ctx.lang();
    let o = outlook::product(&ctx.app.db, actor, product.id, None, HORIZON).await?;
    if o.history.iter().all(|(_, v)| *v == 0.0) {
        ctx.say(tr!(lang, "forecast-no-history", product = product.name.clone())).await?;
        return Ok(());
    }
    ctx.bot.show_action(ctx.chat, ChatAction::UploadPhoto).await.map_err(anyhow::Error::from)?;
    let scope = scope_name(ctx, &o).await?;
    let title = tr!(lang, "forecast-chart-title", product = product.name.clone(), scope = scope.clone());
    // The chart's font has no emoji: its title is the words alone.
    let png = crate::reports::chart::forecast_png(&format!("{} — {scope}", product.name), &o.history, &o.days())?;
    let caption = format!("{title}\n{}", details(lang, &o));
    let file =
        OutFile { name: format!("forecast-{}.png", product.code), bytes: png, caption: Some(caption), photo: true };
    ctx.bot.send_file(ctx.chat, file, None).await.map_err(anyhow::Error::from)?;
    // Each branch's reorder point in a message of its own: a caption holds 1,024 characters.
    let points = reorder_lines(lang, &o);
    if !points.is_empty() {
        ctx.say(points.join("\n")).await?;
    }
    Ok(())
}

/// Branches shown one by one before "and N more".
const SHOWN_BRANCHES: usize = 30;

fn reorder_lines(lang: Lang, o: &Outlook) -> Vec<String> {
    let unit = &o.product.unit;
    let mut lines: Vec<String> = o
        .reorder
        .iter()
        .take(SHOWN_BRANCHES)
        .map(|r| {
            tr!(
                lang,
                "forecast-reorder",
                branch = r.branch_name.clone(),
                point = units(lang, r.reorder_point, unit),
                up_to = units(lang, r.order_up_to, unit),
                lead = r.lead_days
            )
        })
        .collect();
    if o.reorder.len() > SHOWN_BRANCHES {
        lines.push(tr!(lang, "forecast-more-branches", count = o.reorder.len() - SHOWN_BRANCHES));
    }
    lines
}

async fn scope_name(ctx: &Ctx, o: &Outlook) -> Result<String, Error> {
    Ok(match o.branch_id {
        Some(b) => company::branch(&ctx.app.db, o.product.company_id, b).await?.name,
        None => ctx.t("forecast-whole-company"),
    })
}

/// A forecast quantity for people: whole units from ten up, tenths below.
fn units(lang: Lang, value: f64, unit: &str) -> String {
    let step = if value.abs() >= 10.0 { 1.0 } else { 10.0 };
    let rounded = Qty(((value * step).round() * 1000.0 / step) as i64);
    format!("{} {}", rounded.format(lang), t(lang, &format!("unit-{unit}")))
}

/// "Coca-Cola — 120 dona in 4 weeks (95 %: 100–140)".
fn summary_line(lang: Lang, o: &Outlook) -> String {
    let (total, low, high) = o.total(HORIZON);
    let unit = &o.product.unit;
    tr!(
        lang,
        "forecast-line",
        product = o.product.name.clone(),
        total = units(lang, total, unit),
        low = units(lang, low, unit),
        high = units(lang, high, unit)
    )
}

/// The caption under the chart: the total, week by week, the method and its error, the reorder point.
fn details(lang: Lang, o: &Outlook) -> String {
    let unit = &o.product.unit;
    let mut lines = vec![summary_line(lang, o)];
    let weeks: Vec<String> = o.forecast.forecast.chunks(7).map(|w| units(lang, w.iter().sum(), unit)).collect();
    lines.push(tr!(lang, "forecast-weeks", weeks = weeks.join(" · ")));
    let method = t(lang, &o.forecast.method.label_key());
    lines.push(match o.forecast.holdout {
        Some(h) => tr!(
            lang,
            "forecast-method",
            method = method,
            mape = super::lookup::permille(lang, (h.mape * 10.0).round() as i64)
        ),
        None => tr!(lang, "forecast-method-new", method = method),
    });
    lines.join("\n")
}

/// `/reorder CODE [days [service % [pack]]]`: a product's lead time, service level and pack size
/// (shown with its reorder points when only the product is given); `/reorder supplier NAME days`:
/// a supplier's lead time.
pub async fn reorder_command(ctx: &Ctx, args: &str) -> Result<(), Error> {
    let member = require(ctx, Access::Role(Action::ViewStock))?.clone();
    let actor = member.actor();
    let words: Vec<&str> = args.split_whitespace().collect();
    let Some((first, rest)) = words.split_first() else {
        ctx.say(ctx.t("reorder-usage")).await?;
        return Ok(());
    };
    if first.eq_ignore_ascii_case("supplier") {
        return supplier_lead(ctx, &actor, rest).await;
    }
    let settings = match rest {
        [] => None,
        _ => match parse_settings(rest) {
            Some(parsed) => Some(parsed),
            None => {
                ctx.say(ctx.t("reorder-usage")).await?;
                return Ok(());
            }
        },
    };
    // Several matches: buttons that show each one's settings (a change is never applied to a
    // product the user did not name exactly).
    let Some(product) = one_product(ctx, member.company_id, first, Cb::ReorderPick).await? else {
        return Ok(());
    };
    if let Some((lead, service, pack)) = settings {
        reorder::set_settings(&ctx.app.db, &actor, product.id, Some(lead), service, pack).await?;
    }
    show_settings(ctx, &actor, &product, settings.is_some()).await
}

/// A product's planning settings (after a change: "saved") and its reorder points.
async fn show_settings(ctx: &Ctx, actor: &Actor, product: &Product, saved: bool) -> Result<(), Error> {
    let lang = ctx.lang();
    let s = reorder::settings_of(&ctx.app.db, &actor, product.id).await?;
    let unit = &product.unit;
    // A setting left unset shows the default it falls back to.
    let or_default =
        |own: Option<String>, default: String| own.unwrap_or_else(|| tr!(lang, "reorder-default", value = default));
    let days = |d: i64| tr!(lang, "reorder-days", days = d);
    let percent = |bp: i64| super::lookup::permille(lang, bp / 10);
    let lead = match (s.lead_days, reorder::supplier_lead(&ctx.app.db, actor, product.id).await?) {
        (Some(own), _) => days(own),
        (None, Some((supplier, d))) => tr!(lang, "reorder-from-supplier", value = days(d), supplier = supplier),
        (None, None) => or_default(None, days(reorder::DEFAULT_LEAD_DAYS)),
    };
    let mut lines = vec![tr!(
        lang,
        if saved { "reorder-saved" } else { "reorder-settings" },
        product = product.name.clone(),
        lead = lead,
        service = or_default(s.service_level_bp.map(percent), percent(reorder::DEFAULT_SERVICE_LEVEL_BP)),
        pack = s.pack.map_or_else(|| ctx.t("reorder-no-pack"), |p| units(lang, p.0 as f64 / 1000.0, unit))
    )];
    let o = outlook::product(&ctx.app.db, actor, product.id, None, HORIZON).await?;
    lines.extend(reorder_lines(lang, &o));
    ctx.say(lines.join("\n")).await?;
    Ok(())
}

/// A product picked from several matches of `/forecast` or `/reorder`.
pub async fn on_button(ctx: &Ctx, message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    let member = require(ctx, Access::Role(Action::ViewStock))?.clone();
    let actor = member.actor();
    ctx.bot.remove_keyboard(ctx.chat, message).await.map_err(anyhow::Error::from)?;
    match cb {
        Cb::ForecastPick(id) => chart(ctx, &actor, catalog::product(&ctx.app.db, member.company_id, id).await?).await?,
        Cb::ReorderPick(id) => {
            let product = catalog::product(&ctx.app.db, member.company_id, id).await?;
            show_settings(ctx, &actor, &product, false).await?
        }
        _ => {}
    }
    Ok(None)
}

/// `days [service [pack]]`: whole days, a percentage (`95`, `97,5`, `99%`), a quantity of units.
fn parse_settings(words: &[&str]) -> Option<(i64, Option<i64>, Option<Qty>)> {
    let number = |w: &str| w.trim_end_matches('%').replace(',', ".").parse::<f64>().ok().filter(|v| v.is_finite());
    let lead = words.first()?.parse::<i64>().ok()?;
    let service = match words.get(1) {
        Some(w) => Some((number(w)? * 100.0).round() as i64),
        None => None,
    };
    let pack = match words.get(2) {
        Some(w) => Some(Qty((number(w)? * 1000.0).round().clamp(-1e15, 1e15) as i64)),
        None => None,
    };
    (words.len() <= 3).then_some((lead, service, pack))
}

async fn supplier_lead(ctx: &Ctx, actor: &crate::domain::actor::Actor, words: &[&str]) -> Result<(), Error> {
    let lang = ctx.lang();
    let Some((days, name)) = words.split_last().and_then(|(d, n)| Some((d.parse::<i64>().ok()?, n.join(" ")))) else {
        ctx.say(ctx.t("reorder-usage")).await?;
        return Ok(());
    };
    let suppliers = partners::list(&ctx.app.db, actor.company_id, PartnerKind::Supplier).await?;
    let wanted = name.to_lowercase();
    let Some(supplier) = suppliers.iter().find(|s| s.name.to_lowercase() == wanted).or_else(|| {
        let mut close = suppliers.iter().filter(|s| s.name.to_lowercase().contains(&wanted));
        close.next().filter(|_| close.next().is_none())
    }) else {
        ctx.say(tr!(lang, "reorder-unknown-supplier", name = name)).await?;
        return Ok(());
    };
    reorder::set_supplier_lead_days(&ctx.app.db, actor, supplier.id, Some(days)).await?;
    ctx.say(tr!(lang, "reorder-supplier-saved", name = supplier.name.clone(), lead = days)).await?;
    Ok(())
}
