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
use crate::domain::customers::{self, Customer};
use crate::domain::money::{Money, Qty};
use crate::domain::roles;
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
    let cart = Cart { lines: vec![], sale_type: SaleType::Retail, customer: None };
    ctx.set_state(State::Sell { cart, pending: None }).await?;
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
        price = product.price_for(cart.sale_type).format(lang),
        unit = unit.clone(),
        stock = format!("{} {unit}", on_hand.format(lang))
    );
    ctx.say(text).await?;
    let line = CartLine::of(product, Qty(0), product.price_for(cart.sale_type));
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
    if let Some((_, name)) = &cart.customer {
        lines.push(tr!(lang, "sell-cart-customer", name = name.clone()));
    }
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
        vec![(t(lang, "btn-sell-customer"), Cb::SellPickCustomer)],
    ])
}

pub async fn on_button(ctx: &Ctx, message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    let (member, branch) = seller(ctx)?;
    let lang = ctx.lang();
    if let Cb::ReturnAll(sale_id) = cb {
        return return_all(ctx, message, &member, sale_id).await;
    }
    match ctx.state().await? {
        State::SellOnCredit { cart, customer, message_id, paid_now } => {
            return on_credit_button(ctx, cb, cart, customer, message_id, paid_now).await;
        }
        State::SellCustomer { cart, message_id } => return on_customer_button(ctx, cb, cart, message_id).await,
        _ => {}
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
        // The buyer is known already: straight to what they pay now.
        Cb::SellPayWith(Payment::Debt) if !cart.lines.is_empty() && cart.customer.is_some() => {
            let id = cart.customer.as_ref().map(|c| c.0).unwrap_or_default();
            let c = customers::get(&ctx.app.db, &member.actor(), id).await?;
            credit_customer_chosen(ctx, cart, message.0, &c).await?;
        }
        Cb::SellPayWith(Payment::Debt) if !cart.lines.is_empty() => {
            let text = format!("{}\n\n{}", cart_text(lang, &cart), t(lang, "sell-credit-ask-customer"));
            let kb = keyboard(vec![vec![(t(lang, "btn-new-customer"), Cb::SellNewCustomer)]]);
            ctx.edit(message, text, Some(kb)).await?;
            ctx.set_state(State::SellOnCredit { cart, customer: None, message_id: message.0, paid_now: None }).await?;
        }
        Cb::SellPayWith(payment) if !cart.lines.is_empty() => {
            let input = sale_input(&cart, branch, &member, payment, format!("chat:{}:{}", ctx.chat.0, message.0));
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
            let to = match cart.sale_type {
                SaleType::Retail => SaleType::Wholesale,
                SaleType::Wholesale => SaleType::Retail,
            };
            reprice(ctx, &mut cart, to).await?;
            ctx.edit(message, cart_text(lang, &cart), Some(cart_buttons(lang, &cart))).await?;
            ctx.set_state(State::Sell { cart, pending }).await?;
        }
        Cb::SellPickCustomer => {
            let kb = keyboard(vec![vec![(t(lang, "btn-new-customer"), Cb::SellNewCustomer)]]);
            ctx.say_with(t(lang, "sell-ask-customer"), kb).await?;
            ctx.set_state(State::SellCustomer { cart, message_id: message.0 }).await?;
        }
        Cb::SellCancel => {
            ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
            ctx.edit(message, t(lang, "cancelled"), None).await?;
        }
        _ => return Ok(Some(t(lang, "err-stale-button"))),
    }
    Ok(None)
}

/// The cart as a sale of `sale_type`: each line at the product's list price for it.
async fn reprice(ctx: &Ctx, cart: &mut Cart, sale_type: SaleType) -> Result<(), Error> {
    let (member, _) = seller(ctx)?;
    for line in &mut cart.lines {
        line.price = catalog::product(&ctx.app.db, member.company_id, line.product_id).await?.price_for(sale_type);
    }
    cart.sale_type = sale_type;
    Ok(())
}

/// A wholesale customer buys at wholesale prices.
async fn price_for_buyer(ctx: &Ctx, cart: &mut Cart, c: &Customer) -> Result<(), Error> {
    let sale_type = c.kind.sale_type(cart.sale_type);
    if sale_type != cart.sale_type {
        reprice(ctx, cart, sale_type).await?;
    }
    Ok(())
}

fn sale_input(cart: &Cart, branch: i64, member: &Member, payment: Payment, key: String) -> SaleInput {
    SaleInput {
        branch_id: branch,
        cashier_id: Some(member.user_id),
        customer_id: cart.customer.as_ref().map(|c| c.0),
        sale_type: cart.sale_type,
        payment,
        lines: cart
            .lines
            .iter()
            .map(|l| LineInput { product_id: l.product_id, qty: l.qty, unit_price: Some(l.price), discount: Money(0) })
            .collect(),
        source: "chat",
        idempotency_key: Some(key),
        ..Default::default()
    }
}

/// On credit, the customer is typed (name or phone) or added; then what is paid at once.
pub async fn on_credit_text(ctx: &Ctx, text: &str) -> Result<(), Error> {
    let State::SellOnCredit { cart, customer, message_id, .. } = ctx.state().await? else { return Ok(()) };
    let (member, _) = seller(ctx)?;
    let actor = member.actor();
    match customer {
        None => {
            let found = customers::find(&ctx.app.db, &actor, text, 8).await?;
            if let [one] = found.as_slice() {
                return credit_customer_chosen(ctx, cart, message_id, one).await;
            }
            super::customers::offer(ctx, text, &found, Cb::SellCustomer, Cb::SellNewCustomer).await
        }
        Some(customer) => {
            let Some(paid_now) = ctx.accept(Money::read(text)).await? else { return Ok(()) };
            ctx.set_state(State::SellOnCredit {
                cart: cart.clone(),
                customer: Some(customer.clone()),
                message_id,
                paid_now: Some(paid_now),
            })
            .await?;
            sell_on_credit(ctx, &cart, customer.0, message_id, paid_now, false).await
        }
    }
}

/// The buyer typed at the till: one match is taken, several are offered.
pub async fn on_customer_text(ctx: &Ctx, text: &str) -> Result<(), Error> {
    let State::SellCustomer { cart, .. } = ctx.state().await? else { return Ok(()) };
    let (member, _) = seller(ctx)?;
    let found = customers::find(&ctx.app.db, &member.actor(), text, 8).await?;
    if let [one] = found.as_slice() {
        return customer_chosen(ctx, cart, one).await;
    }
    super::customers::offer(ctx, text, &found, Cb::SellCustomer, Cb::SellNewCustomer).await
}

async fn on_customer_button(ctx: &Ctx, cb: Cb, cart: Cart, message_id: i32) -> Result<Option<String>, Error> {
    let (member, _) = seller(ctx)?;
    match cb {
        Cb::SellCustomer(id) => {
            let c = customers::get(&ctx.app.db, &member.actor(), id).await?;
            customer_chosen(ctx, cart, &c).await?;
        }
        Cb::SellNewCustomer => {
            return super::customers::on_button(ctx, MessageId(message_id), Cb::CustomerNew).await;
        }
        _ => return Ok(Some(t(ctx.lang(), "err-stale-button"))),
    }
    Ok(None)
}

/// The buyer is named on the receipt; a wholesale customer's cart is priced wholesale.
pub async fn customer_chosen(ctx: &Ctx, mut cart: Cart, c: &Customer) -> Result<(), Error> {
    let lang = ctx.lang();
    price_for_buyer(ctx, &mut cart, c).await?;
    cart.customer = Some((c.id, c.name.clone()));
    ctx.say_with(cart_text(lang, &cart), cart_buttons(lang, &cart)).await?;
    ctx.set_state(State::Sell { cart, pending: None }).await?;
    Ok(())
}

/// The customer of a sale on credit is known: say what they owe and ask what is paid now.
pub async fn credit_customer_chosen(ctx: &Ctx, mut cart: Cart, message_id: i32, c: &Customer) -> Result<(), Error> {
    let lang = ctx.lang();
    price_for_buyer(ctx, &mut cart, c).await?;
    let limit = c.credit_limit.map(|m| m.format(lang)).unwrap_or_else(|| t(lang, "customer-no-limit"));
    let text = tr!(
        lang,
        "sell-credit-ask-paid",
        name = c.name.clone(),
        owes = c.balance.format(lang),
        limit = limit,
        total = cart.total().format(lang)
    );
    ctx.say(text).await?;
    let customer = Some((c.id, c.name.clone()));
    ctx.set_state(State::SellOnCredit { cart, customer, message_id, paid_now: None }).await?;
    Ok(())
}

async fn on_credit_button(
    ctx: &Ctx,
    cb: Cb,
    cart: Cart,
    customer: Option<(i64, String)>,
    message_id: i32,
    paid_now: Option<Money>,
) -> Result<Option<String>, Error> {
    let (member, _) = seller(ctx)?;
    match (cb, customer, paid_now) {
        (Cb::SellCustomer(id), None, _) => {
            let c = customers::get(&ctx.app.db, &member.actor(), id).await?;
            credit_customer_chosen(ctx, cart, message_id, &c).await?;
        }
        (Cb::SellNewCustomer, None, _) => {
            return super::customers::on_button(ctx, MessageId(message_id), Cb::CustomerNew).await;
        }
        (Cb::SellOverride, Some((id, _)), Some(paid)) => {
            sell_on_credit(ctx, &cart, id, message_id, paid, true).await?;
        }
        _ => return Ok(Some(t(ctx.lang(), "err-stale-button"))),
    }
    Ok(None)
}

/// Records the sale on credit; past the credit limit the cashier is told why, and an admin is
/// offered to sell anyway.
async fn sell_on_credit(
    ctx: &Ctx,
    cart: &Cart,
    customer_id: i64,
    message_id: i32,
    paid_now: Money,
    override_limit: bool,
) -> Result<(), Error> {
    let (member, branch) = seller(ctx)?;
    let lang = ctx.lang();
    let actor = member.actor();
    let mut input = sale_input(cart, branch, &member, Payment::Debt, format!("chat:{}:{message_id}", ctx.chat.0));
    input.customer_id = Some(customer_id);
    input.paid_now = (paid_now.0 > 0).then_some((Payment::Cash, paid_now));
    input.override_credit_limit = override_limit;
    let recorded = match sales::record_sale(&ctx.app.db, &actor, &input).await {
        Err(Error::Refused(refusal @ Refusal::CreditLimit)) => {
            let c = customers::get(&ctx.app.db, &actor, customer_id).await?;
            let text = super::customers::limit_text(lang, &c, &refusal);
            if roles::can(member.role, Action::OverrideCreditLimit) {
                ctx.say_with(text, keyboard(vec![vec![(t(lang, "btn-sell-anyway"), Cb::SellOverride)]])).await?;
            } else {
                ctx.say(text).await?;
            }
            return Ok(());
        }
        other => other?,
    };
    ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
    let c = customers::get(&ctx.app.db, &actor, customer_id).await?;
    let mut receipt = receipt_text(ctx, &member, &recorded.sale).await?;
    receipt.push('\n');
    receipt.push_str(&tr!(
        lang,
        "receipt-credit",
        name = c.name,
        paid = paid_now.format(lang),
        owes = c.balance.format(lang)
    ));
    ctx.edit(MessageId(message_id), ctx.t("sell-credit-done"), None).await?;
    let kb = keyboard(vec![vec![(t(lang, "btn-invoice"), Cb::Invoice(recorded.sale.id))]]);
    ctx.say_with(receipt, kb).await?;
    notify::deliver(&ctx.app, &recorded.events).await;
    Ok(())
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
