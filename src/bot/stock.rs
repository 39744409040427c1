//! The stockroom in chat: `/stock` (quantity, minimum and value per branch), `/purchase`
//! (receive goods from a supplier; also started from a low-stock alert as a draft), `/count`
//! (count products one by one, then post the differences with a reason), and the alert buttons.

use teloxide::types::MessageId;

use super::commands::Access;
use super::sales::lines_text;
use super::state::{lines_total, CartLine, PurchaseDraft, PurchaseStep, State};
use super::{keyboard, require, Ctx};
use crate::domain::catalog::{self, Product};
use crate::domain::company::Member;
use crate::domain::money::{Money, Qty};
use crate::domain::partners::{self, PartnerKind};
use crate::domain::purchases::{self, PurchaseLine};
use crate::domain::roles::Action;
use crate::domain::{stock, Error, Refusal};
use crate::i18n::t;
use crate::notify;
use crate::telegram::Cb;
use crate::tr;

fn keeper(ctx: &Ctx) -> Result<(Member, i64), Error> {
    let member = require(ctx, Access::Role(Action::ManageStock))?.clone();
    let branch = member.branch_id.ok_or(Refusal::BranchRequired)?;
    Ok((member, branch))
}

pub async fn stock_command(ctx: &Ctx, query: &str) -> Result<(), Error> {
    let member = require(ctx, Access::Role(Action::ViewStock))?.clone();
    let lang = ctx.lang();
    if query.is_empty() {
        ctx.say(ctx.t("stock-usage")).await?;
        return Ok(());
    }
    let found = catalog::search(&ctx.app.db, member.company_id, query, 10).await?;
    if found.is_empty() {
        ctx.say(tr!(lang, "find-none", query = query.to_string())).await?;
        return Ok(());
    }
    let mut blocks = Vec::new();
    for p in &found {
        let unit = t(lang, &format!("unit-{}", p.unit));
        let mut lines = vec![format!("📦 {} ({})", p.name, p.code)];
        let mut value = 0;
        for b in stock::by_branch(&ctx.app.db, member.company_id, p.id).await? {
            let mark = if p.min_qty > 0 && b.qty.0 < p.min_qty { "⚠️ " } else { "" };
            value += b.value();
            lines.push(tr!(
                lang,
                "stock-line",
                mark = mark,
                branch = b.branch_name.clone(),
                qty = format!("{} {unit}", b.qty.format(lang)),
                min = format!("{} {unit}", p.min_qty().format(lang)),
                value = Money(b.value()).format(lang)
            ));
        }
        lines.push(tr!(lang, "stock-value", value = Money(value).format(lang)));
        blocks.push(lines.join("\n"));
    }
    ctx.say(blocks.join("\n\n")).await?;
    Ok(())
}

pub async fn purchase_command(ctx: &Ctx) -> Result<(), Error> {
    keeper(ctx)?;
    let draft = PurchaseDraft { supplier_id: None, supplier_name: None, lines: vec![], pending: None };
    ctx.say(ctx.t("purchase-ask-supplier")).await?;
    ctx.set_state(State::Purchase { draft, step: PurchaseStep::Supplier }).await?;
    Ok(())
}

pub async fn on_purchase_text(ctx: &Ctx, text: &str) -> Result<(), Error> {
    let State::Purchase { mut draft, step } = ctx.state().await? else { return Ok(()) };
    let (member, _) = keeper(ctx)?;
    let lang = ctx.lang();
    match step {
        PurchaseStep::Supplier => {
            if text.trim() != "-" {
                let supplier = find_or_add_supplier(ctx, &member, text).await?;
                draft.supplier_id = Some(supplier.0);
                draft.supplier_name = Some(supplier.1);
            }
            if draft.lines.is_empty() {
                ctx.say(ctx.t("purchase-ask-product")).await?;
                ctx.set_state(State::Purchase { draft, step: PurchaseStep::Product }).await?;
            } else {
                show_purchase(ctx, &draft).await?;
            }
        }
        PurchaseStep::Product => {
            if let Some(product) = super::one_product(ctx, member.company_id, text, Cb::PurchasePick).await? {
                ask_purchase_qty(ctx, draft, &product).await?;
            }
        }
        PurchaseStep::Qty => {
            let Some(qty) = ctx.accept(Qty::read(text)).await? else { return Ok(()) };
            let Some(mut line) = draft.pending.take() else { return Ok(()) };
            line.qty = qty;
            let unit = t(lang, &format!("unit-{}", line.unit));
            ctx.say(tr!(lang, "purchase-ask-cost", unit = unit, cost = line.price.format(lang))).await?;
            draft.pending = Some(line);
            ctx.set_state(State::Purchase { draft, step: PurchaseStep::Cost }).await?;
        }
        PurchaseStep::Cost => {
            let Some(mut line) = draft.pending.take() else { return Ok(()) };
            if text.trim() != "-" {
                let Some(cost) = ctx.accept(Money::read(text)).await? else {
                    draft.pending = Some(line);
                    return Ok(());
                };
                line.price = cost;
            }
            draft.lines.push(line);
            show_purchase(ctx, &draft).await?;
        }
    }
    Ok(())
}

pub(super) async fn find_or_add_supplier(ctx: &Ctx, member: &Member, name: &str) -> Result<(i64, String), Error> {
    let wanted = name.trim().to_lowercase();
    let existing = partners::list(&ctx.app.db, member.company_id, PartnerKind::Supplier).await?;
    if let Some(s) = existing.into_iter().find(|s| s.name.to_lowercase() == wanted) {
        return Ok((s.id, s.name));
    }
    let added = partners::add(&ctx.app.db, &member.actor(), PartnerKind::Supplier, name, None, None).await?;
    Ok((added.id, added.name))
}

async fn ask_purchase_qty(ctx: &Ctx, mut draft: PurchaseDraft, product: &Product) -> Result<(), Error> {
    let unit = t(ctx.lang(), &format!("unit-{}", product.unit));
    ctx.say(tr!(ctx.lang(), "purchase-ask-qty", name = product.name.clone(), unit = unit)).await?;
    draft.pending = Some(CartLine::of(product, Qty(0), product.purchase_price()));
    ctx.set_state(State::Purchase { draft, step: PurchaseStep::Qty }).await?;
    Ok(())
}

fn purchase_text(ctx: &Ctx, draft: &PurchaseDraft) -> String {
    let lang = ctx.lang();
    let supplier = draft.supplier_name.clone().unwrap_or_else(|| t(lang, "no-value"));
    let total = lines_total(&draft.lines);
    let mut lines = vec![tr!(lang, "purchase-cart", supplier = supplier)];
    lines.extend(lines_text(lang, &draft.lines));
    lines.push(tr!(lang, "sell-total", total = total.format(lang)));
    lines.push(t(lang, "purchase-hint"));
    lines.join("\n")
}

async fn show_purchase(ctx: &Ctx, draft: &PurchaseDraft) -> Result<(), Error> {
    let kb =
        keyboard(vec![vec![(ctx.t("btn-receive"), Cb::PurchaseConfirm), (ctx.t("btn-cancel"), Cb::PurchaseCancel)]]);
    ctx.say_with(purchase_text(ctx, draft), kb).await?;
    ctx.set_state(State::Purchase { draft: draft.clone(), step: PurchaseStep::Product }).await?;
    Ok(())
}

pub async fn count_command(ctx: &Ctx) -> Result<(), Error> {
    let (member, _) = keeper(ctx)?;
    ctx.say(tr!(ctx.lang(), "count-start", branch = member.branch_name.clone().unwrap_or_default())).await?;
    ctx.set_state(State::Count { counted: vec![], pending: None, awaiting_reason: false }).await?;
    Ok(())
}

pub async fn on_count_text(ctx: &Ctx, text: &str) -> Result<(), Error> {
    let State::Count { mut counted, pending, awaiting_reason } = ctx.state().await? else { return Ok(()) };
    let (member, branch) = keeper(ctx)?;
    let lang = ctx.lang();
    if awaiting_reason {
        let lines: Vec<(i64, Qty)> = counted.iter().map(|l| (l.product_id, l.qty)).collect();
        let reason = text.trim();
        let (id, events) = stock::post_count(&ctx.app.db, &member.actor(), branch, &lines, reason).await?;
        ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
        ctx.say(tr!(lang, "count-posted", number = id, count = counted.len())).await?;
        notify::deliver(&ctx.app, &events).await;
        return Ok(());
    }
    match pending {
        Some(mut line) => {
            // A count may be zero: nothing left on the shelf.
            let counted_qty = Qty::parse(text).ok_or(Refusal::BadQuantity).and_then(Qty::check);
            let Some(qty) = ctx.accept(counted_qty).await? else { return Ok(()) };
            line.qty = qty;
            counted.retain(|l| l.product_id != line.product_id);
            counted.push(line);
            let mut lines = vec![ctx.t("count-list")];
            lines.extend(
                counted
                    .iter()
                    .map(|l| format!("• {} — {} {}", l.name, l.qty.format(lang), t(lang, &format!("unit-{}", l.unit)))),
            );
            lines.push(ctx.t("count-hint"));
            let kb =
                keyboard(vec![vec![(ctx.t("btn-post-count"), Cb::CountPost), (ctx.t("btn-cancel"), Cb::CountCancel)]]);
            ctx.say_with(lines.join("\n"), kb).await?;
            ctx.set_state(State::Count { counted, pending: None, awaiting_reason: false }).await?;
        }
        None => {
            if let Some(product) = super::one_product(ctx, member.company_id, text, Cb::CountPick).await? {
                ask_counted(ctx, counted, &product, branch).await?;
            }
        }
    }
    Ok(())
}

async fn ask_counted(ctx: &Ctx, counted: Vec<CartLine>, product: &Product, branch: i64) -> Result<(), Error> {
    let lang = ctx.lang();
    let books = stock::on_hand(&ctx.app.db, product.company_id, branch, product.id).await?;
    let unit = t(lang, &format!("unit-{}", product.unit));
    ctx.say(tr!(lang, "count-ask", name = product.name.clone(), books = format!("{} {unit}", books.format(lang))))
        .await?;
    let line = CartLine::of(product, Qty(0), Money(0));
    ctx.set_state(State::Count { counted, pending: Some(line), awaiting_reason: false }).await?;
    Ok(())
}

/// `/transfer`: choose the receiving branch, then products and quantities, then confirm.
pub async fn transfer_command(ctx: &Ctx) -> Result<(), Error> {
    let (member, branch) = keeper(ctx)?;
    let rows: Vec<Vec<(String, Cb)>> = crate::domain::company::branches(&ctx.app.db, member.company_id)
        .await?
        .into_iter()
        .filter(|b| b.id != branch)
        .map(|b| vec![(b.name, Cb::TransferTo(b.id))])
        .collect();
    if rows.is_empty() {
        ctx.say(ctx.t("transfer-no-branch")).await?;
        return Ok(());
    }
    let from = member.branch_name.clone().unwrap_or_default();
    ctx.say_with(tr!(ctx.lang(), "transfer-choose-branch", from = from), keyboard(rows)).await?;
    ctx.set_state(State::Transfer { to_branch: None, lines: vec![], pending: None }).await?;
    Ok(())
}

pub async fn on_transfer_text(ctx: &Ctx, text: &str) -> Result<(), Error> {
    let State::Transfer { to_branch: Some(to), mut lines, pending } = ctx.state().await? else {
        ctx.say(ctx.t("transfer-choose-first")).await?;
        return Ok(());
    };
    let (member, _) = keeper(ctx)?;
    let lang = ctx.lang();
    match pending {
        Some(mut line) => {
            let Some(qty) = ctx.accept(Qty::read(text)).await? else { return Ok(()) };
            line.qty = qty;
            lines.push(line);
            let to_name = crate::domain::company::branch(&ctx.app.db, member.company_id, to).await?.name;
            let mut text = vec![tr!(lang, "transfer-list", to = to_name)];
            text.extend(
                lines
                    .iter()
                    .map(|l| format!("• {} — {} {}", l.name, l.qty.format(lang), t(lang, &format!("unit-{}", l.unit)))),
            );
            text.push(ctx.t("transfer-hint"));
            let kb = keyboard(vec![vec![
                (ctx.t("btn-send-transfer"), Cb::TransferConfirm),
                (ctx.t("btn-cancel"), Cb::TransferCancel),
            ]]);
            ctx.say_with(text.join("\n"), kb).await?;
            ctx.set_state(State::Transfer { to_branch: Some(to), lines, pending: None }).await?;
        }
        None => {
            if let Some(product) = super::one_product(ctx, member.company_id, text, Cb::TransferPick).await? {
                ask_transfer_qty(ctx, to, lines, &product).await?;
            }
        }
    }
    Ok(())
}

async fn ask_transfer_qty(ctx: &Ctx, to: i64, lines: Vec<CartLine>, product: &Product) -> Result<(), Error> {
    let unit = t(ctx.lang(), &format!("unit-{}", product.unit));
    ctx.say(tr!(ctx.lang(), "transfer-ask-qty", name = product.name.clone(), unit = unit)).await?;
    let line = CartLine::of(product, Qty(0), Money(0));
    ctx.set_state(State::Transfer { to_branch: Some(to), lines, pending: Some(line) }).await?;
    Ok(())
}

pub async fn on_button(ctx: &Ctx, message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    let lang = ctx.lang();
    match cb {
        Cb::AlertSnooze(branch, product) => {
            let actor = ctx.actor(Action::ViewStock)?;
            stock::snooze(&ctx.app.db, &actor, branch, product, crate::db::now() + 24 * 3600).await?;
            ctx.bot.remove_keyboard(ctx.chat, message).await.map_err(anyhow::Error::from)?;
            return Ok(Some(t(lang, "snoozed")));
        }
        Cb::AlertDraft(branch, product_id) => {
            super::orders::from_alert(ctx, branch, product_id).await?;
            return Ok(None);
        }
        _ => {}
    }
    let (member, branch) = keeper(ctx)?;
    match (cb, ctx.state().await?) {
        (Cb::PurchasePick(id), State::Purchase { draft, .. }) => {
            let product = catalog::product(&ctx.app.db, member.company_id, id).await?;
            ask_purchase_qty(ctx, draft, &product).await?;
        }
        (Cb::PurchaseConfirm, State::Purchase { draft, .. }) if !draft.lines.is_empty() => {
            let lines: Vec<PurchaseLine> = draft
                .lines
                .iter()
                .map(|l| PurchaseLine { product_id: l.product_id, qty: l.qty, unit_cost: l.price })
                .collect();
            let purchase =
                purchases::record_purchase(&ctx.app.db, &member.actor(), branch, draft.supplier_id, &lines).await?;
            ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
            let text = tr!(
                lang,
                "purchase-done",
                number = purchase.id,
                total = purchase.total.format(lang),
                vat = purchase.vat.format(lang)
            );
            ctx.edit(message, text, None).await?;
        }
        (Cb::PurchaseCancel, State::Purchase { .. }) | (Cb::CountCancel, State::Count { .. }) => {
            ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
            ctx.edit(message, t(lang, "cancelled"), None).await?;
        }
        (Cb::TransferTo(to), State::Transfer { lines, .. }) => {
            crate::domain::company::branch(&ctx.app.db, member.company_id, to).await?;
            ctx.edit(message, ctx.t("transfer-ask-product"), None).await?;
            ctx.set_state(State::Transfer { to_branch: Some(to), lines, pending: None }).await?;
        }
        (Cb::TransferPick(id), State::Transfer { to_branch: Some(to), lines, .. }) => {
            let product = catalog::product(&ctx.app.db, member.company_id, id).await?;
            ask_transfer_qty(ctx, to, lines, &product).await?;
        }
        (Cb::TransferConfirm, State::Transfer { to_branch: Some(to), lines, .. }) if !lines.is_empty() => {
            let moves: Vec<(i64, Qty)> = lines.iter().map(|l| (l.product_id, l.qty)).collect();
            let (id, events) = stock::transfer(&ctx.app.db, &member.actor(), branch, to, &moves).await?;
            ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
            ctx.edit(message, tr!(lang, "transfer-done", number = id, count = lines.len()), None).await?;
            notify::deliver(&ctx.app, &events).await;
        }
        (Cb::TransferCancel, State::Transfer { .. }) => {
            ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
            ctx.edit(message, t(lang, "cancelled"), None).await?;
        }
        (Cb::CountPick(id), State::Count { counted, .. }) => {
            let product = catalog::product(&ctx.app.db, member.company_id, id).await?;
            ask_counted(ctx, counted, &product, branch).await?;
        }
        (Cb::CountPost, State::Count { counted, .. }) if !counted.is_empty() => {
            ctx.say(ctx.t("count-ask-reason")).await?;
            ctx.set_state(State::Count { counted, pending: None, awaiting_reason: true }).await?;
        }
        _ => return Ok(Some(t(lang, "err-stale-button"))),
    }
    Ok(None)
}
