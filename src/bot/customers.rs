//! `/customer` finds, adds and edits customers; `/debts` lists who owes what by age, with
//! buttons to take a payment or send a reminder. The till's sale on credit picks its customer
//! here too (see `sales`).
//!
//! ```text
//! user: /customer ali      bot: [Ali Valiyev · +998901234567 · 150 000 so‘m] [➕ New customer]
//! user: [Ali Valiyev]      bot: card: phone, type, credit limit, owes  [💵 Payment] [📄 Statement] [✏️ Edit]
//! user: /debts             bot: who owes, 0–30 / 31–60 / 61–90 / 90+ days  [💵 Ali] [🔔 Ali]
//! ```

use teloxide::types::{InlineKeyboardMarkup, MessageId};

use super::state::{Cart, CustomerStep, State};
use super::{keyboard, Ctx};
use crate::domain::customers::{self, Customer, CustomerInput, CustomerKind, Debt, PaymentInput};
use crate::domain::exports::{Kind, Spec};
use crate::domain::ledger::PartyLine;
use crate::domain::lookup;
use crate::domain::money::Money;
use crate::domain::roles::Action;
use crate::domain::sales::Payment;
use crate::domain::{Error, Refusal};
use crate::i18n::{t, Lang};
use crate::reports::exports::FileFormat;
use crate::telegram::Cb;
use crate::tr;

/// How many matches a search offers, and how many debtors `/debts` lists.
const MATCHES: i64 = 8;
const DEBTORS: usize = 20;

pub async fn command(ctx: &Ctx, args: &str) -> Result<(), Error> {
    let actor = ctx.actor(Action::Customers)?;
    if args.trim().is_empty() {
        let kb = keyboard(vec![vec![(ctx.t("btn-new-customer"), Cb::CustomerNew)]]);
        ctx.say_with(ctx.t("customer-ask"), kb).await?;
        ctx.set_state(State::CustomerFind).await?;
        return Ok(());
    }
    let found = customers::find(&ctx.app.db, &actor, args, MATCHES).await?;
    offer(ctx, args, &found, Cb::CustomerOpen, Cb::CustomerNew).await
}

/// Matches as buttons (made by `pick`), with a button to add a new customer instead.
pub async fn offer(ctx: &Ctx, query: &str, found: &[Customer], pick: fn(i64) -> Cb, new: Cb) -> Result<(), Error> {
    let lang = ctx.lang();
    let mut rows: Vec<Vec<(String, Cb)>> = found.iter().map(|c| vec![(label(lang, c), pick(c.id))]).collect();
    rows.push(vec![(t(lang, "btn-new-customer"), new)]);
    let key = if found.is_empty() { "customer-none" } else { "customer-choose" };
    ctx.say_with(tr!(lang, key, query = query.trim().to_string()), keyboard(rows)).await?;
    Ok(())
}

/// `Ali Valiyev · +998901234567 · 150 000 so‘m` (the balance when they owe).
fn label(lang: Lang, c: &Customer) -> String {
    let mut parts = vec![c.name.clone()];
    parts.extend(c.phone.clone());
    if c.balance.0 != 0 {
        parts.push(c.balance.format(lang));
    }
    parts.join(" · ")
}

pub async fn on_text(ctx: &Ctx, text: &str) -> Result<(), Error> {
    let actor = ctx.actor(Action::Customers)?;
    match ctx.state().await? {
        State::CustomerFind => {
            let found = customers::find(&ctx.app.db, &actor, text, MATCHES).await?;
            offer(ctx, text, &found, Cb::CustomerOpen, Cb::CustomerNew).await
        }
        State::Customer { draft, step, editing, then_sell } => {
            on_draft_text(ctx, text, draft, step, editing, then_sell).await
        }
        State::DebtPayment { customer_id, amount: None } => {
            let Some(amount) = ctx.accept(Money::read(text)).await? else { return Ok(()) };
            let rows = vec![[Payment::Cash, Payment::Card, Payment::Transfer]
                .map(|p| (ctx.t(&format!("pay-{}", p.as_str())), Cb::DebtPayWith(p)))
                .to_vec()];
            ctx.say_with(tr!(ctx.lang(), "debt-pay-how", amount = amount.format(ctx.lang())), keyboard(rows)).await?;
            ctx.set_state(State::DebtPayment { customer_id, amount: Some(amount) }).await?;
            Ok(())
        }
        _ => Ok(()),
    }
}

/// "-" keeps what an edited customer has (or leaves an optional field empty).
fn kept(text: &str) -> bool {
    text.trim() == "-"
}

async fn on_draft_text(
    ctx: &Ctx,
    text: &str,
    mut draft: CustomerInput,
    step: CustomerStep,
    editing: Option<i64>,
    then_sell: Option<(Cart, i32, bool)>,
) -> Result<(), Error> {
    let lang = ctx.lang();
    let next = match step {
        CustomerStep::Name => {
            if !(kept(text) && editing.is_some()) {
                let Some(name) = ctx.accept(crate::domain::clean_name(text, 120)).await? else { return Ok(()) };
                draft.name = name;
            }
            ctx.say(ctx.t("customer-ask-phone")).await?;
            CustomerStep::Phone
        }
        CustomerStep::Phone => {
            if kept(text) {
                if editing.is_none() {
                    draft.phone = None;
                }
            } else {
                let Some(phone) = ctx.accept(customers::clean_phone(text)).await? else { return Ok(()) };
                draft.phone = Some(phone);
            }
            ctx.say(ctx.t("customer-ask-tin")).await?;
            CustomerStep::Tin
        }
        CustomerStep::Tin => {
            if kept(text) {
                if editing.is_none() {
                    draft.tin = None;
                }
            } else {
                let tin = crate::domain::company::Tin::parse(text).map(|t| t.as_str().to_string());
                let Some(tin) = ctx.accept(tin).await? else { return Ok(()) };
                draft.tin = Some(tin);
            }
            let kb = keyboard(vec![vec![
                (t(lang, "customer-kind-retail"), Cb::CustomerKind(false)),
                (t(lang, "customer-kind-wholesale"), Cb::CustomerKind(true)),
            ]]);
            ctx.say_with(ctx.t("customer-ask-kind"), kb).await?;
            CustomerStep::Kind
        }
        CustomerStep::Kind => return Ok(()),
        CustomerStep::Limit => {
            if kept(text) {
                if editing.is_none() {
                    draft.credit_limit = None;
                }
            } else {
                let Some(limit) = ctx.accept(Money::read(text)).await? else { return Ok(()) };
                draft.credit_limit = Some(limit);
            }
            return save(ctx, draft, editing, then_sell).await;
        }
    };
    ctx.set_state(State::Customer { draft, step: next, editing, then_sell }).await?;
    Ok(())
}

async fn save(
    ctx: &Ctx,
    draft: CustomerInput,
    editing: Option<i64>,
    then_sell: Option<(Cart, i32, bool)>,
) -> Result<(), Error> {
    let actor = ctx.actor(Action::Customers)?;
    let customer = match editing {
        Some(id) => customers::update(&ctx.app.db, &actor, id, &draft).await?,
        None => customers::add(&ctx.app.db, &actor, &draft).await?,
    };
    ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
    match then_sell {
        Some((cart, message_id, true)) => {
            return super::sales::credit_customer_chosen(ctx, cart, message_id, &customer).await
        }
        Some((cart, _, false)) => return super::sales::customer_chosen(ctx, cart, &customer).await,
        None => {}
    }
    ctx.say_with(card(ctx.lang(), &customer), card_buttons(ctx, &customer)).await?;
    Ok(())
}

/// A customer's card: contacts, type, credit limit and what they owe.
pub fn card(lang: Lang, c: &Customer) -> String {
    let none = t(lang, "no-value");
    let limit = match c.credit_limit {
        Some(m) => m.format(lang),
        None => t(lang, "customer-no-limit"),
    };
    let mut lines = vec![
        format!("👤 {}", c.name),
        tr!(lang, "customer-phone", phone = c.phone.clone().unwrap_or_else(|| none.clone())),
        tr!(lang, "customer-kind", kind = t(lang, &format!("customer-kind-{}", c.kind.as_str()))),
        tr!(lang, "customer-limit", limit = limit),
        tr!(lang, "customer-owes", amount = c.balance.format(lang)),
    ];
    if let Some(tin) = &c.tin {
        lines.insert(2, tr!(lang, "customer-tin", tin = tin.clone()));
    }
    if let Some(notes) = &c.notes {
        lines.push(format!("📝 {notes}"));
    }
    lines.join("\n")
}

fn card_buttons(ctx: &Ctx, c: &Customer) -> InlineKeyboardMarkup {
    let lang = ctx.lang();
    let mut first = vec![];
    if c.balance.0 > 0 {
        first.push((t(lang, "btn-take-payment"), Cb::CustomerPay(c.id)));
    }
    let online = ctx.app.payments.payme.is_some() || ctx.app.payments.click.is_some();
    if c.balance.0 > 0 && online && ctx.actor(Action::RequestPayment).is_ok() {
        first.push((t(lang, "btn-pay-link"), Cb::CustomerPayLink(c.id)));
    }
    first.push((t(lang, "btn-statement"), Cb::CustomerStatement(c.id)));
    let mut second = vec![(t(lang, "btn-edit"), Cb::CustomerEdit(c.id))];
    // The whole statement as a spreadsheet, for who may export.
    if ctx.actor(Action::Export).is_ok() {
        second.push((t(lang, "btn-statement-xlsx"), Cb::CustomerStatementFile(c.id)));
    }
    keyboard(vec![first, second])
}

/// A payment order's links, to forward to the customer.
pub async fn say_pay_links(ctx: &Ctx, order: &crate::domain::payments::Order) -> Result<(), Error> {
    let lang = ctx.lang();
    let actor = ctx.actor(Action::RequestPayment)?;
    let c = customers::get(&ctx.app.db, &actor, order.customer_id).await?;
    let mut lines = vec![tr!(
        lang,
        "pay-link-title",
        customer = c.name.clone(),
        amount = crate::domain::money::Money(order.amount).format(lang),
        order = order.id
    )];
    for link in crate::domain::payments::links(order, &ctx.app.payments) {
        lines.push(format!("{}: {}", if link.provider == "click" { "Click" } else { "Payme" }, link.url));
    }
    lines.push(t(lang, "pay-link-hint"));
    ctx.say(lines.join("\n")).await?;
    Ok(())
}

pub async fn on_button(ctx: &Ctx, message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    let actor = ctx.actor(Action::Customers)?;
    let lang = ctx.lang();
    let db = &ctx.app.db;
    match cb {
        Cb::CustomerOpen(id) => {
            let c = customers::get(db, &actor, id).await?;
            ctx.edit(message, card(lang, &c), Some(card_buttons(ctx, &c))).await?;
        }
        Cb::CustomerPayLink(id) => {
            let order = crate::domain::payments::request(db, &actor, id, None, None).await?;
            say_pay_links(ctx, &order).await?;
        }
        Cb::CustomerNew => {
            let then_sell = match ctx.state().await? {
                State::SellOnCredit { cart, message_id, .. } => Some((cart, message_id, true)),
                State::SellCustomer { cart, message_id } => Some((cart, message_id, false)),
                _ => None,
            };
            ctx.say(ctx.t("customer-ask-name")).await?;
            let draft = CustomerInput::default();
            ctx.set_state(State::Customer { draft, step: CustomerStep::Name, editing: None, then_sell }).await?;
        }
        Cb::CustomerKind(wholesale) => {
            let State::Customer { mut draft, step: CustomerStep::Kind, editing, then_sell } = ctx.state().await? else {
                return Ok(Some(t(lang, "err-stale-button")));
            };
            draft.kind = if wholesale { CustomerKind::Wholesale } else { CustomerKind::Retail };
            let kind = t(lang, &format!("customer-kind-{}", draft.kind.as_str()));
            ctx.edit(message, tr!(lang, "customer-kind", kind = kind), None).await?;
            ctx.say(ctx.t("customer-ask-limit")).await?;
            ctx.set_state(State::Customer { draft, step: CustomerStep::Limit, editing, then_sell }).await?;
        }
        Cb::CustomerEdit(id) => {
            let c = customers::get(db, &actor, id).await?;
            let draft = CustomerInput {
                name: c.name.clone(),
                phone: c.phone.clone(),
                tin: c.tin.clone(),
                kind: c.kind,
                credit_limit: c.credit_limit,
                notes: c.notes.clone(),
            };
            ctx.say(tr!(lang, "customer-edit-name", name = c.name)).await?;
            ctx.set_state(State::Customer { draft, step: CustomerStep::Name, editing: Some(id), then_sell: None })
                .await?;
        }
        Cb::CustomerPay(id) => {
            let c = customers::get(db, &actor, id).await?;
            if c.balance.0 <= 0 {
                return Ok(Some(t(lang, "err-payment-above-debt")));
            }
            ctx.say(tr!(lang, "debt-pay-amount", name = c.name, amount = c.balance.format(lang))).await?;
            ctx.set_state(State::DebtPayment { customer_id: id, amount: None }).await?;
        }
        Cb::DebtPayWith(method) => {
            let State::DebtPayment { customer_id, amount: Some(amount) } = ctx.state().await? else {
                return Ok(Some(t(lang, "err-stale-button")));
            };
            let input = PaymentInput { amount, payment: method, ..Default::default() };
            let paid = customers::record_payment(db, &actor, customer_id, &input).await?;
            ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
            let c = customers::get(db, &actor, customer_id).await?;
            let text = tr!(
                lang,
                "debt-paid",
                name = c.name,
                amount = paid.amount.format(lang),
                payment = t(lang, &format!("pay-{}", method.as_str())),
                left = paid.balance.format(lang)
            );
            ctx.edit(message, text, None).await?;
        }
        Cb::CustomerRemind(id) => {
            let c = customers::remind(db, &actor, id).await?;
            let company = ctx.sender.active().map(|m| m.company_name.clone()).unwrap_or_default();
            let reminder =
                tr!(lang, "debt-reminder", name = c.name, company = company, amount = c.balance.format(lang));
            let to = c.phone.clone().unwrap_or_else(|| t(lang, "no-value"));
            ctx.say(tr!(lang, "debt-reminder-ready", phone = to)).await?;
            ctx.say(reminder).await?;
        }
        Cb::CustomerStatementFile(id) => {
            let spec =
                Spec { customer_id: Some(id), from: chrono::NaiveDate::from_ymd_opt(2000, 1, 1), ..Default::default() };
            super::exports::run(ctx, Kind::CustomerStatement, spec, FileFormat::Xlsx).await?;
        }
        Cb::CustomerStatement(id) => {
            let (c, lines) = customers::statement(db, &actor, id, 30).await?;
            ctx.say(statement_text(lang, &c.name, c.balance, 1, &lines)).await?;
        }
        _ => return Ok(Some(t(lang, "err-stale-button"))),
    }
    Ok(None)
}

/// A customer's or supplier's latest lines with the running balance; `owed` is the balance now,
/// `sign` is 1 when a debit adds to it (a customer's debt), -1 when a credit does (a supplier's).
pub fn statement_text(lang: Lang, name: &str, owed: Money, sign: i64, lines: &[PartyLine]) -> String {
    let mut out = vec![tr!(lang, "statement-header", name = name.to_string())];
    if lines.is_empty() {
        out.push(t(lang, "statement-empty"));
    }
    // The running balance, worked back from today's.
    let mut running = owed.0;
    let mut rows = Vec::with_capacity(lines.len());
    for l in lines.iter().rev() {
        let change = sign * (l.debit - l.credit);
        rows.push(format!(
            "{} · {} · {}{} → {}",
            l.day,
            t(lang, &format!("cf-{}", l.ref_kind)),
            if change >= 0 { "+" } else { "−" },
            Money(change.abs()).format(lang),
            Money(running).format(lang)
        ));
        running -= change;
    }
    rows.reverse();
    out.extend(rows);
    out.push(tr!(lang, if sign > 0 { "customer-owes" } else { "supplier-owed" }, amount = owed.format(lang)));
    out.join("\n")
}

/// `/debts`: who owes, most first, by age, with a payment and a reminder button each.
pub async fn debts(ctx: &Ctx) -> Result<(), Error> {
    let actor = ctx.actor(Action::Customers)?;
    let lang = ctx.lang();
    let today = lookup::today(&ctx.app.db, actor.company_id).await?;
    let all = customers::debts(&ctx.app.db, &actor, today).await?;
    if all.is_empty() {
        ctx.say(ctx.t("debts-none")).await?;
        return Ok(());
    }
    let (text, rows) = debts_view(lang, &all);
    ctx.say_with(text, keyboard(rows)).await?;
    Ok(())
}

fn debts_view(lang: Lang, all: &[Debt]) -> (String, Vec<Vec<(String, Cb)>>) {
    let total = |i: usize| Money(all.iter().map(|d| d.buckets[i].0).sum());
    let mut lines = vec![tr!(
        lang,
        "debts-header",
        total = Money(all.iter().map(|d| d.customer.balance.0).sum()).format(lang),
        count = all.len()
    )];
    lines.push(ages(lang, [total(0), total(1), total(2), total(3)]));
    let mut rows = Vec::new();
    for (i, d) in all.iter().take(DEBTORS).enumerate() {
        lines.push(String::new());
        lines.push(format!("{}. {} — {}", i + 1, d.customer.name, d.customer.balance.format(lang)));
        lines.push(format!("   {}", ages(lang, d.buckets)));
        rows.push(vec![
            (format!("💵 {}", d.customer.name), Cb::CustomerPay(d.customer.id)),
            (t(lang, "btn-remind"), Cb::CustomerRemind(d.customer.id)),
        ]);
    }
    if all.len() > DEBTORS {
        lines.push(tr!(lang, "debts-more", count = all.len() - DEBTORS));
    }
    (lines.join("\n"), rows)
}

/// `0–30: 100 000 · 31–60: 0 · …`, only the ages with a debt.
fn ages(lang: Lang, buckets: [Money; 4]) -> String {
    const AGES: [&str; 4] = ["0–30", "31–60", "61–90", "90+"];
    let parts: Vec<String> = buckets
        .iter()
        .zip(AGES)
        .filter(|(m, _)| m.0 != 0)
        .map(|(m, age)| tr!(lang, "debts-age", age = age, amount = m.format(lang)))
        .collect();
    parts.join(" · ")
}

/// What a refusal at the till on credit says: the customer's debt and limit beside the rule.
pub fn limit_text(lang: Lang, c: &Customer, refusal: &Refusal) -> String {
    let limit = c.credit_limit.map(|m| m.format(lang)).unwrap_or_else(|| t(lang, "customer-no-limit"));
    format!(
        "{}\n{}",
        tr!(lang, refusal.message_key(), role = String::new()),
        tr!(lang, "customer-limit-state", name = c.name.clone(), owes = c.balance.format(lang), limit = limit)
    )
}
