//! `/sell`: a cashier builds a receipt in chat — find a product by name, code or barcode,
//! type the quantity, repeat; edit the cart or switch retail/wholesale; choose the payment;
//! the bot answers with the receipt. `/return <receipt no>` refunds a receipt.
//!
//! ```text
//! user: /sell            bot: "new receipt, which product?"
//! user: cola             bot: "Coca-Cola 1,5 l — 12 500 so‘m, stock 24. How many?"
//! user: 2                bot: cart [Pay] [Edit] [Wholesale] [Cancel]
//! user: [Pay] [Cash]     bot: receipt №…   (and a low-stock alert to the warehouse if crossed)
//! ```

use teloxide::types::{InlineKeyboardMarkup, MessageId};

use super::commands::Access;
use super::state::{Cart, CartLine, State};
use super::{keyboard, require, Ctx};
use crate::domain::catalog::{self, Product};
use crate::domain::company::{self, Member};
use crate::domain::money::{Money, Qty};
use crate::domain::roles::Action;
use crate::domain::sales::{self, LineInput, Payment, Sale, SaleInput, SaleKind, SaleType};
use crate::domain::{stock, Error, Refusal};
use crate::i18n::{t, Lang};
use crate::notify;
use crate::telegram::Cb;
use crate::tr;

fn seller(ctx: &Ctx) -> Result<(Member, i64), Error> {
    let member = require(ctx, Access::Role(Action::Sell))?.clone();
    let branch = member.branch_id.ok_or(Refusal::BranchRequired)?;
    Ok((member, branch))
}

pub async fn start(ctx: &Ctx) -> Result<(), Error> {
    let (member, _) = seller(ctx)?;
    let branch = member.branch_name.clone().unwrap_or_default();
    ctx.say(tr!(ctx.lang(), "sell-start", branch = branch)).await?;
    ctx.set_state(State::Sell { cart: Cart { lines: vec![], sale_type: SaleType::Retail }, pending: None }).await?;
    Ok(())
}

pub async fn on_text(ctx: &Ctx, text: &str) -> Result<(), Error> {
    let State::Sell { mut cart, pending } = ctx.state().await? else { return Ok(()) };
    let (member, branch) = seller(ctx)?;
    match pending {
        Some(mut line) => {
            let Some(qty) = ctx.accept(Qty::read(text)).await? else { return Ok(()) };
            line.qty = qty;
            cart.add(line);
            ctx.say_with(cart_text(ctx.lang(), &cart), cart_buttons(ctx.lang(), &cart)).await?;
            ctx.set_state(State::Sell { cart, pending: None }).await?;
        }
        None => {
            if let Some(product) = super::one_product(ctx, member.company_id, text, Cb::SellPick).await? {
                ask_qty(ctx, &mut cart, &product, branch).await?;
            }
        }
    }
    Ok(())
}

async fn ask_qty(ctx: &Ctx, cart: &mut Cart, product: &Product, branch: i64) -> Result<(), Error> {
    let lang = ctx.lang();
    let on_hand = stock::on_hand(&ctx.app.db, product.company_id, branch, product.id).await?;
    let unit = t(lang, &format!("unit-{}", product.unit));
    let text = tr!(
        lang,
        "sell-ask-qty",
        name = product.name.clone(),
        price = product.sale_price().format(lang),
        unit = unit.clone(),
        stock = format!("{} {unit}", on_hand.format(lang))
    );
    ctx.say(text).await?;
    let line = CartLine::of(product, Qty(0), product.sale_price());
    ctx.set_state(State::Sell { cart: cart.clone(), pending: Some(line) }).await?;
    Ok(())
}

pub fn lines_text(lang: Lang, lines: &[CartLine]) -> Vec<String> {
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let unit = t(lang, &format!("unit-{}", l.unit));
            format!("{}. {} × {} {unit} = {}", i + 1, l.name, l.qty.format(lang), l.total().format(lang))
        })
        .collect()
}

fn cart_text(lang: Lang, cart: &Cart) -> String {
    let kind = t(lang, &format!("type-{}", cart.sale_type.as_str()));
    let mut lines = vec![tr!(lang, "sell-cart", kind = kind)];
    lines.extend(lines_text(lang, &cart.lines));
    lines.push(tr!(lang, "sell-total", total = cart.total().format(lang)));
    lines.push(t(lang, "sell-cart-hint"));
    lines.join("\n")
}

fn cart_buttons(lang: Lang, cart: &Cart) -> InlineKeyboardMarkup {
    let other = match cart.sale_type {
        SaleType::Retail => SaleType::Wholesale,
        SaleType::Wholesale => SaleType::Retail,
    };
    keyboard(vec![
        vec![(t(lang, "btn-pay"), Cb::SellPay), (t(lang, "btn-edit-cart"), Cb::SellEdit)],
        vec![
            (tr!(lang, "btn-switch-type", kind = t(lang, &format!("type-{}", other.as_str()))), Cb::SellType),
            (t(lang, "btn-cancel"), Cb::SellCancel),
        ],
    ])
}

pub async fn on_button(ctx: &Ctx, message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    let (member, branch) = seller(ctx)?;
    let lang = ctx.lang();
    if let Cb::ReturnAll(sale_id) = cb {
        return return_all(ctx, message, &member, sale_id).await;
    }
    let State::Sell { mut cart, pending } = ctx.state().await? else {
        return Ok(Some(t(lang, "err-stale-button")));
    };
    match cb {
        Cb::SellPick(product_id) => {
            let product = catalog::product(&ctx.app.db, member.company_id, product_id).await?;
            ask_qty(ctx, &mut cart, &product, branch).await?;
        }
        Cb::SellPay if !cart.lines.is_empty() => {
            let rows = Payment::ALL
                .chunks(3)
                .map(|row| row.iter().map(|p| (t(lang, &format!("pay-{}", p.as_str())), Cb::SellPayWith(*p))).collect())
                .chain([vec![(t(lang, "btn-back"), Cb::SellBack)]])
                .collect();
            let text = format!("{}\n\n{}", cart_text(lang, &cart), t(lang, "sell-choose-payment"));
            ctx.edit(message, text, Some(keyboard(rows))).await?;
        }
        Cb::SellPayWith(payment) if !cart.lines.is_empty() => {
            let input = SaleInput {
                branch_id: branch,
                cashier_id: Some(member.user_id),
                customer_id: None,
                sale_type: cart.sale_type,
                payment,
                lines: cart
                    .lines
                    .iter()
                    .map(|l| LineInput {
                        product_id: l.product_id,
                        qty: l.qty,
                        unit_price: Some(l.price),
                        discount: Money(0),
                    })
                    .collect(),
                sold_at: None,
                source: "chat",
                idempotency_key: Some(format!("chat:{}:{}", ctx.chat.0, message.0)),
                ..Default::default()
            };
            let recorded = sales::record_sale(&ctx.app.db, &member.actor(), &input).await?;
            ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
            let receipt = receipt_text(ctx, &member, &recorded.sale).await?;
            ctx.edit(message, receipt, None).await?;
            notify::deliver(&ctx.app, &recorded.events).await;
            return Ok(None);
        }
        Cb::SellEdit if !cart.lines.is_empty() => {
            let mut rows: Vec<Vec<(String, Cb)>> = lines_text(lang, &cart.lines)
                .into_iter()
                .enumerate()
                .map(|(i, line)| vec![(format!("❌ {line}"), Cb::SellRemove(i))])
                .collect();
            rows.push(vec![(t(lang, "btn-back"), Cb::SellBack)]);
            ctx.edit(message, t(lang, "sell-edit"), Some(keyboard(rows))).await?;
        }
        Cb::SellRemove(index) if index < cart.lines.len() => {
            cart.lines.remove(index);
            ctx.edit(message, cart_text(lang, &cart), Some(cart_buttons(lang, &cart))).await?;
            ctx.set_state(State::Sell { cart, pending }).await?;
        }
        Cb::SellBack => {
            ctx.edit(message, cart_text(lang, &cart), Some(cart_buttons(lang, &cart))).await?;
        }
        Cb::SellType => {
            cart.sale_type = match cart.sale_type {
                SaleType::Retail => SaleType::Wholesale,
                SaleType::Wholesale => SaleType::Retail,
            };
            ctx.edit(message, cart_text(lang, &cart), Some(cart_buttons(lang, &cart))).await?;
            ctx.set_state(State::Sell { cart, pending }).await?;
        }
        Cb::SellCancel => {
            ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
            ctx.edit(message, t(lang, "cancelled"), None).await?;
        }
        _ => return Ok(Some(t(lang, "err-stale-button"))),
    }
    Ok(None)
}

/// The receipt as the customer would see it, in the company's time zone.
pub async fn receipt_text(ctx: &Ctx, member: &Member, sale: &Sale) -> Result<String, Error> {
    let lang = ctx.lang();
    let when = member.time_zone.format(sale.sold_at, "%d.%m.%Y %H:%M");
    let branch = company::branch(&ctx.app.db, member.company_id, sale.branch_id).await?.name;
    let cashier = match sale.cashier_id {
        Some(id) => company::member(&ctx.app.db, member.company_id, id).await?.map(|m| m.name).unwrap_or_default(),
        None => String::new(),
    };
    let header_key = if sale.kind == SaleKind::Return { "receipt-return-header" } else { "receipt-header" };
    let mut lines = vec![tr!(lang, header_key, number = sale.id, when = when, original = sale.return_of.unwrap_or(0))];
    lines.push(tr!(lang, "receipt-where", branch = branch, cashier = cashier));
    for (i, l) in sale.lines.iter().enumerate() {
        let unit = t(lang, &format!("unit-{}", l.unit));
        lines.push(format!(
            "{}. {} × {} {unit} × {} = {}",
            i + 1,
            l.product_name,
            l.qty.format(lang),
            l.unit_price.format(lang),
            l.total.format(lang)
        ));
    }
    lines.push(tr!(lang, "sell-total", total = sale.total.format(lang)));
    lines.push(tr!(lang, "receipt-vat", vat = sale.vat.format(lang)));
    lines.push(tr!(
        lang,
        "receipt-payment",
        payment = t(lang, &format!("pay-{}", sale.payment.as_str())),
        kind = t(lang, &format!("type-{}", sale.sale_type.as_str()))
    ));
    Ok(lines.join("\n"))
}

/// `/return <receipt number>`: shows the receipt with a button to refund it all.
pub async fn return_command(ctx: &Ctx, args: &str) -> Result<(), Error> {
    let (member, _) = seller(ctx)?;
    let Ok(id) = args.trim().trim_start_matches(['№', '#']).parse::<i64>() else {
        ctx.say(ctx.t("return-usage")).await?;
        return Ok(());
    };
    let sale = sales::receipt(&ctx.app.db, &member.actor(), id).await?;
    let receipt = receipt_text(ctx, &member, &sale).await?;
    let kb = keyboard(vec![vec![(ctx.t("btn-return-all"), Cb::ReturnAll(sale.id))]]);
    ctx.say_with(receipt, kb).await?;
    Ok(())
}

async fn return_all(ctx: &Ctx, message: MessageId, member: &Member, sale_id: i64) -> Result<Option<String>, Error> {
    let refund = sales::record_return(&ctx.app.db, &member.actor(), sale_id, None).await?;
    let text = receipt_text(ctx, member, &refund.sale).await?;
    ctx.edit(message, text, None).await?;
    Ok(None)
}
