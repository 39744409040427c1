//! Purchase orders in chat: the low-stock alert's button drafts one; `/orders` lists the open
//! ones. An order's card sends it (the PDF to forward to the supplier), receives everything
//! due or a delivery line by line, or cancels what is still due.
//!
//! ```text
//! alert: [🛒 Buyurtma qoralamasi]   bot: 📝 Order №1 … [📤 Send] [📥 Receive all] [📦 Part] [✖️ Cancel]
//! user: [📤 Send]                    bot: the card, and order-1.pdf
//! user: [📦 Part]  "100"  "68"       bot: ✅ Received …, the order is partly received
//! ```

use teloxide::types::{InlineKeyboardMarkup, MessageId};

use super::state::State;
use super::{keyboard, Ctx};
use crate::domain::money::Qty;
use crate::domain::orders::{self, Order, Status};
use crate::domain::roles::Action;
use crate::domain::{company, Error};
use crate::i18n::{t, Lang};
use crate::telegram::{Cb, OutFile};
use crate::tr;

pub async fn command(ctx: &Ctx) -> Result<(), Error> {
    let actor = ctx.actor(Action::PurchaseOrders)?;
    let open = orders::list(&ctx.app.db, &actor, true, 30).await?;
    if open.is_empty() {
        ctx.say(ctx.t("orders-none")).await?;
        return Ok(());
    }
    let lang = ctx.lang();
    let rows = open
        .iter()
        .map(|o| {
            let supplier = o.supplier_name.clone().unwrap_or_else(|| t(lang, "no-value"));
            let label = format!("№{} · {supplier} · {}", o.number, t(lang, status_key(o.status)));
            vec![(label, Cb::OrderOpen(o.id))]
        })
        .collect();
    ctx.say_with(ctx.t("orders-header"), keyboard(rows)).await?;
    Ok(())
}

/// The alert's button: the draft for this product (made now, or the one already open).
pub async fn from_alert(ctx: &Ctx, branch: i64, product: i64) -> Result<(), Error> {
    let actor = ctx.actor(Action::PurchaseOrders)?;
    let order = orders::from_alert(&ctx.app.db, &actor, branch, product).await?;
    let text = card(ctx, &order).await?;
    ctx.say_with(text, buttons(ctx.lang(), &order)).await?;
    Ok(())
}

fn status_key(status: Status) -> &'static str {
    match status {
        Status::Draft => "order-status-draft",
        Status::Sent => "order-status-sent",
        Status::Partial => "order-status-partial",
        Status::Received => "order-status-received",
        Status::Cancelled => "order-status-cancelled",
    }
}

async fn card(ctx: &Ctx, order: &Order) -> Result<String, Error> {
    let lang = ctx.lang();
    let company_id = ctx.actor(Action::PurchaseOrders)?.company_id;
    let branch = company::branch(&ctx.app.db, company_id, order.branch_id).await?.name;
    let supplier = order.supplier_name.clone().unwrap_or_else(|| t(lang, "no-value"));
    let mut lines = vec![tr!(
        lang,
        "order-header",
        number = order.number,
        branch = branch,
        supplier = supplier,
        status = t(lang, status_key(order.status))
    )];
    for (i, l) in order.lines.iter().enumerate() {
        let unit = t(lang, &format!("unit-{}", l.unit));
        lines.push(tr!(
            lang,
            "order-line",
            n = i + 1,
            name = l.name.clone(),
            qty = format!("{} {unit}", l.qty.format(lang)),
            cost = l.unit_cost.format(lang),
            received = l.received.format(lang)
        ));
    }
    lines.push(tr!(lang, "sell-total", total = order.total().format(lang)));
    Ok(lines.join("\n"))
}

fn buttons(lang: Lang, order: &Order) -> InlineKeyboardMarkup {
    let id = order.id;
    let mut rows = Vec::new();
    if order.status == Status::Draft {
        rows.push(vec![(t(lang, "btn-order-send"), Cb::OrderSend(id))]);
    }
    if order.status.is_open() && order.supplier_id.is_none() {
        rows.push(vec![(t(lang, "btn-order-supplier"), Cb::OrderSupplier(id))]);
    }
    if order.status.is_open() {
        rows.push(vec![
            (t(lang, "btn-order-receive-all"), Cb::OrderReceiveAll(id)),
            (t(lang, "btn-order-receive-part"), Cb::OrderReceivePart(id)),
        ]);
        rows.push(vec![
            (t(lang, "btn-order-pdf"), Cb::OrderPdf(id)),
            (t(lang, "btn-order-cancel"), Cb::OrderCancel(id)),
        ]);
    } else {
        rows.push(vec![(t(lang, "btn-order-pdf"), Cb::OrderPdf(id))]);
    }
    keyboard(rows)
}

pub async fn on_button(ctx: &Ctx, message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    let actor = ctx.actor(Action::PurchaseOrders)?;
    let lang = ctx.lang();
    let db = &ctx.app.db;
    let order = match cb {
        Cb::OrderOpen(id) => orders::get(db, &actor, id).await?,
        Cb::OrderSend(id) => {
            let order = orders::send(db, &actor, id).await?;
            send_pdf(ctx, &order).await?;
            order
        }
        Cb::OrderPdf(id) => {
            send_pdf(ctx, &orders::get(db, &actor, id).await?).await?;
            return Ok(None);
        }
        Cb::OrderCancel(id) => orders::cancel(db, &actor, id).await?,
        Cb::OrderReceiveAll(id) => {
            let (order, purchase) = orders::receive(db, &actor, id, None).await?;
            ctx.say(received_text(lang, &purchase)).await?;
            order
        }
        Cb::OrderReceivePart(id) => {
            let order = orders::get(db, &actor, id).await?;
            ask_next(ctx, &order, Vec::new()).await?;
            return Ok(None);
        }
        Cb::OrderSupplier(id) => {
            orders::get(db, &actor, id).await?;
            ctx.say(t(lang, "order-ask-supplier")).await?;
            ctx.set_state(State::OrderSupplier { order_id: id }).await?;
            return Ok(None);
        }
        _ => return Ok(Some(t(lang, "err-stale-button"))),
    };
    ctx.edit(message, card(ctx, &order).await?, Some(buttons(lang, &order))).await?;
    Ok(None)
}

fn received_text(lang: Lang, purchase: &crate::domain::purchases::Purchase) -> String {
    tr!(
        lang,
        "purchase-done",
        number = purchase.id,
        total = purchase.total.format(lang),
        vat = purchase.vat.format(lang)
    )
}

/// Asks how much of the next line still due came, or receives what was counted.
async fn ask_next(ctx: &Ctx, order: &Order, counted: Vec<(i64, Qty)>) -> Result<(), Error> {
    let lang = ctx.lang();
    let next = order.lines.iter().filter(|l| l.due().0 > 0).nth(counted.len());
    match next {
        Some(line) => {
            let unit = t(lang, &format!("unit-{}", line.unit));
            let due = format!("{} {unit}", line.due().format(lang));
            ctx.say(tr!(lang, "order-ask-received", name = line.name.clone(), due = due)).await?;
            ctx.set_state(State::OrderReceive { order_id: order.id, counted }).await?;
        }
        None => {
            ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
            let actor = ctx.actor(Action::PurchaseOrders)?;
            let (order, purchase) = orders::receive(&ctx.app.db, &actor, order.id, Some(&counted)).await?;
            ctx.say(received_text(lang, &purchase)).await?;
            ctx.say_with(card(ctx, &order).await?, buttons(lang, &order)).await?;
        }
    }
    Ok(())
}

pub async fn on_text(ctx: &Ctx, text: &str) -> Result<(), Error> {
    let (order_id, mut counted) = match ctx.state().await? {
        State::OrderReceive { order_id, counted } => (order_id, counted),
        State::OrderSupplier { order_id } => return supplier_named(ctx, order_id, text).await,
        _ => return Ok(()),
    };
    let actor = ctx.actor(Action::PurchaseOrders)?;
    let order = orders::get(&ctx.app.db, &actor, order_id).await?;
    let Some(line) = order.lines.iter().filter(|l| l.due().0 > 0).nth(counted.len()) else { return Ok(()) };
    let read = Qty::parse(text).ok_or(crate::domain::Refusal::BadQuantity).and_then(|q| q.check());
    let Some(qty) = ctx.accept(read).await? else { return Ok(()) };
    if qty.0 > line.due().0 {
        ctx.say(ctx.t("err-receive-too-much")).await?;
        return Ok(());
    }
    counted.push((line.product_id, qty));
    ask_next(ctx, &order, counted).await
}

/// The supplier typed for an order: one the company has (by name), or a new one.
async fn supplier_named(ctx: &Ctx, order_id: i64, name: &str) -> Result<(), Error> {
    let member = ctx.sender.active().ok_or(crate::domain::Refusal::NotAllowed)?.clone();
    let (supplier_id, _) = super::stock::find_or_add_supplier(ctx, &member, name).await?;
    let actor = ctx.actor(Action::PurchaseOrders)?;
    let order = orders::set_supplier(&ctx.app.db, &actor, order_id, supplier_id).await?;
    ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
    ctx.say_with(card(ctx, &order).await?, buttons(ctx.lang(), &order)).await?;
    Ok(())
}

/// The order as a PDF for the supplier.
async fn send_pdf(ctx: &Ctx, order: &Order) -> Result<(), Error> {
    let lang = ctx.lang();
    let member = ctx.sender.active().ok_or(crate::domain::Refusal::NotAllowed)?;
    let branch = company::branch(&ctx.app.db, member.company_id, order.branch_id).await?.name;
    let table = crate::reports::orders::table(lang, &member.company_name, &branch, order);
    let bytes = crate::reports::pdf::to_pdf(std::slice::from_ref(&table))?;
    let file = OutFile { name: format!("order-{}.pdf", order.number), bytes, caption: None, photo: false };
    ctx.bot.send_file(ctx.chat, file, None).await.map_err(anyhow::Error::from)?;
    Ok(())
}
