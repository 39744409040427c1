//! Messages Savdo sends on its own, whichever door caused them: the core returns
//! [`Event`]s from a change, and [`deliver`] decides who hears each (stock keepers, approvers,
//! managers, an expense's author), in the recipient's own language, and sends it through the
//! outbox. A failed delivery is logged: a sale never fails because a message did.

use teloxide::types::ChatId;

use crate::app::AppRef;
use crate::domain::company::{self, Member, User};
use crate::domain::events::Event;
use crate::domain::expenses::{self, Expense, ExpenseStatus, PaidFrom};
use crate::domain::money::Money;
use crate::domain::roles::Role;
use crate::domain::settings::Notice;
use crate::domain::stock::LowStock;
use crate::domain::{catalog, Result};
use crate::i18n::{t, Lang};
use crate::telegram::{keyboard, Bot, Cb};
use crate::tr;

/// Delivers every event in order.
pub async fn deliver(app: &AppRef, events: &[Event]) {
    // What the live stream shows of them (a product running low), for every instance to read.
    if let Err(e) = crate::domain::events::append_caused(&app.db, events).await {
        tracing::warn!(error = %format!("{e:#}"), "events not stored for the live stream");
    }
    for event in events {
        if let Err(e) = deliver_one(app, event).await {
            tracing::warn!(error = %format!("{e:#}"), ?event, "notification not delivered");
        }
    }
}

async fn deliver_one(app: &AppRef, event: &Event) -> anyhow::Result<()> {
    let bot = &app.outbox;
    match event {
        Event::LowStock(alert) => low_stock(app, bot, alert).await,
        Event::ExpenseAwaiting { company_id, expense_id } => {
            let expense = expenses::get(&app.db, *company_id, *expense_id).await?;
            for approver in expenses::approvers(&app.db, &expense).await? {
                ask_to_decide(app, bot, &approver, &expense).await;
            }
            Ok(())
        }
        Event::ExpenseDecided { company_id, expense_id, decided_by } => {
            let expense = expenses::get(&app.db, *company_id, *expense_id).await?;
            let by = company::member(&app.db, *company_id, *decided_by).await?.map(|m| m.name).unwrap_or_default();
            let lang = language_of_telegram_user(app, expense.requester_telegram_id).await;
            bot.send_text(ChatId(expense.requester_telegram_id), decided_text(lang, &expense, &by), None).await?;
            Ok(())
        }
        Event::MemberJoined { company_id, user_id, invited_by } => {
            let joined = company::member(&app.db, *company_id, *user_id).await?;
            let inviter = company::member(&app.db, *company_id, *invited_by).await?;
            let (Some(joined), Some(inviter)) = (joined, inviter) else { return Ok(()) };
            let lang = language_of_telegram_user(app, inviter.telegram_id).await;
            let text = tr!(
                lang,
                "join-notify",
                name = joined.name.clone(),
                role = t(lang, joined.role.label_key()),
                branch = joined.branch_name.clone().unwrap_or_else(|| t(lang, "no-branch"))
            );
            bot.send_text(ChatId(inviter.telegram_id), text, None).await?;
            Ok(())
        }
        Event::StandingChanged { company_id, standing } => {
            use crate::domain::actor::Standing;
            let key = match standing {
                Standing::Blocked => "company-now-blocked",
                Standing::ReadOnly => "company-now-read-only",
                Standing::Active => "company-now-active",
            };
            for member in company::members(&app.db, *company_id).await?.into_iter().filter(|m| !m.blocked) {
                let lang = language_of_telegram_user(app, member.telegram_id).await;
                let text = tr!(lang, key, company = member.company_name.clone());
                if let Err(e) = bot.send_text(ChatId(member.telegram_id), text, None).await {
                    tracing::warn!(error = %e, "company standing not told");
                }
            }
            Ok(())
        }
        Event::SimChanged { company_id, branch_id, iccid, status } => {
            let readers =
                company::members_to_notify(&app.db, *company_id, &[Role::Manager, Role::Admin], Some(*branch_id))
                    .await?;
            let branch = company::branch(&app.db, *company_id, *branch_id).await?;
            for member in readers {
                let lang = language_of_telegram_user(app, member.telegram_id).await;
                let key = if *status == "sold" { "sim-sold" } else { "sim-active" };
                let text = tr!(lang, key, iccid = iccid.clone(), branch = branch.name.clone());
                if let Err(e) = bot.send_text(ChatId(member.telegram_id), text, None).await {
                    tracing::warn!(error = %e, "SIM card change not reported");
                }
            }
            Ok(())
        }
        Event::MissedCall { company_id, customer_id, phone, at } => {
            let system = crate::domain::actor::Actor::system(*company_id, crate::domain::actor::Via::Job("notify"));
            let customer = crate::domain::customers::get(&app.db, &system, *customer_id).await?;
            let tz = crate::domain::calendar::of_company(&app.db, *company_id).await?;
            let readers = company::members_to_notify(&app.db, *company_id, &[Role::Admin, Role::Manager], None).await?;
            for member in readers {
                let lang = language_of_telegram_user(app, member.telegram_id).await;
                let text = tr!(
                    lang,
                    "call-missed",
                    customer = customer.name.clone(),
                    phone = phone.clone(),
                    at = tz.format(*at, "%d.%m %H:%M"),
                    owed = customer.balance.format(lang)
                );
                let buttons = keyboard(vec![vec![(t(lang, "btn-open-customer"), Cb::CustomerOpen(*customer_id))]]);
                if let Err(e) = bot.send_text(ChatId(member.telegram_id), text, Some(buttons)).await {
                    tracing::warn!(error = %e, "missed call not reported");
                }
            }
            Ok(())
        }
        Event::BalanceLow { company_id, balance, days_left } => {
            for admin in company::members_to_notify(&app.db, *company_id, &[Role::Admin], None).await? {
                let lang = language_of_telegram_user(app, admin.telegram_id).await;
                let text = tr!(lang, "balance-low", balance = balance.format(lang), days = *days_left);
                if let Err(e) = bot.send_text(ChatId(admin.telegram_id), text, None).await {
                    tracing::warn!(error = %e, "low balance not told");
                }
            }
            Ok(())
        }
        Event::PaymentReceived { company_id, customer_id, amount, provider } => {
            let system = crate::domain::actor::Actor::system(*company_id, crate::domain::actor::Via::Job("notify"));
            let customer = crate::domain::customers::get(&app.db, &system, *customer_id).await?;
            let readers = company::members_to_notify(&app.db, *company_id, &[Role::Admin, Role::Manager], None).await?;
            for member in readers {
                let lang = language_of_telegram_user(app, member.telegram_id).await;
                let text = tr!(
                    lang,
                    "payment-received",
                    customer = customer.name.clone(),
                    amount = amount.format(lang),
                    provider = if *provider == "click" { "Click" } else { "Payme" },
                    owed = customer.balance.format(lang)
                );
                let buttons = keyboard(vec![vec![(t(lang, "btn-open-customer"), Cb::CustomerOpen(*customer_id))]]);
                if let Err(e) = bot.send_text(ChatId(member.telegram_id), text, Some(buttons)).await {
                    tracing::warn!(error = %e, "payment not reported");
                }
            }
            Ok(())
        }
        Event::ShiftDifference { company_id, branch_id, cashier_id, expected, counted } => {
            let cashier = company::member(&app.db, *company_id, *cashier_id).await?;
            let Some(cashier) = cashier else { return Ok(()) };
            let difference = counted.0 - expected.0;
            for keeper in stock_keepers(app, *company_id, *branch_id).await {
                if keeper.user_id == cashier.user_id || keeper.role == Role::Warehouse {
                    continue;
                }
                let lang = language_of_telegram_user(app, keeper.telegram_id).await;
                let key = if difference < 0 { "kassa-alert-short" } else { "kassa-alert-over" };
                let text = tr!(
                    lang,
                    key,
                    name = cashier.name.clone(),
                    branch = cashier.branch_name.clone().unwrap_or_default(),
                    difference = Money(difference.abs()).format(lang),
                    expected = expected.format(lang),
                    counted = counted.format(lang)
                );
                if let Err(e) = bot.send_text(ChatId(keeper.telegram_id), text, None).await {
                    tracing::warn!(error = %e, "shift difference not reported");
                }
            }
            Ok(())
        }
    }
}

/// Who hears about a branch's stock: its warehouse staff and managers, else the admins.
pub async fn stock_keepers(app: &AppRef, company_id: i64, branch_id: i64) -> Vec<Member> {
    let staff = company::members_to_notify(&app.db, company_id, &[Role::Warehouse, Role::Manager], Some(branch_id))
        .await
        .unwrap_or_default();
    let staff: Vec<Member> = staff.into_iter().filter(|m| m.role != Role::Admin).collect();
    if !staff.is_empty() {
        return staff;
    }
    company::members_to_notify(&app.db, company_id, &[Role::Admin], None).await.unwrap_or_default()
}

/// One alert per crossing, with buttons for a purchase draft and a day's snooze.
async fn low_stock(app: &AppRef, bot: &Bot, alert: &LowStock) -> anyhow::Result<()> {
    let product = catalog::product(&app.db, alert.company_id, alert.product_id).await?;
    let branch = company::branch(&app.db, alert.company_id, alert.branch_id).await?;
    let tz = crate::domain::calendar::of_company(&app.db, alert.company_id).await?;
    for member in stock_keepers(app, alert.company_id, alert.branch_id).await {
        if !crate::domain::settings::hears(&app.db, member.telegram_id, tz, Notice::LowStock, crate::db::now()).await {
            continue;
        }
        let lang = language_of_telegram_user(app, member.telegram_id).await;
        let unit = t(lang, &format!("unit-{}", product.unit));
        let key = if alert.by_forecast { "alert-reorder-point" } else { "alert-low-stock" };
        let text = tr!(
            lang,
            key,
            product = product.name.clone(),
            branch = branch.name.clone(),
            qty = format!("{} {unit}", alert.qty.format(lang)),
            min = format!("{} {unit}", alert.threshold.format(lang))
        );
        let kb = keyboard(vec![vec![
            (t(lang, "btn-purchase-draft"), Cb::AlertDraft(alert.branch_id, alert.product_id)),
            (t(lang, "btn-snooze-day"), Cb::AlertSnooze(alert.branch_id, alert.product_id)),
        ]]);
        bot.send_text(ChatId(member.telegram_id), text, Some(kb)).await?;
    }
    Ok(())
}

/// An approver gets the receipt photo (if any) and the expense with its two buttons.
async fn ask_to_decide(app: &AppRef, bot: &Bot, approver: &Member, expense: &Expense) {
    if !crate::domain::settings::hears(
        &app.db,
        approver.telegram_id,
        approver.time_zone,
        Notice::Approvals,
        crate::db::now(),
    )
    .await
    {
        return;
    }
    let lang = language_of_telegram_user(app, approver.telegram_id).await;
    let chat = ChatId(approver.telegram_id);
    if let Some(photo) = &expense.photo_file_id {
        let caption = Some(tr!(lang, "expense-photo-caption", number = expense.id));
        if let Err(e) = bot.send_photo_id(chat, photo.clone(), caption).await {
            tracing::warn!(error = %e, "receipt photo not forwarded");
        }
    }
    let key = if expense.needs_admin { "expense-to-approve-admin" } else { "expense-to-approve" };
    let text = format!("{}\n{}", t(lang, key), expense_card(lang, expense));
    let kb = keyboard(vec![vec![
        (t(lang, "btn-approve"), Cb::ExpenseApprove(expense.id)),
        (t(lang, "btn-reject"), Cb::ExpenseReject(expense.id)),
    ]]);
    if let Err(e) = bot.send_text(chat, text, Some(kb)).await {
        tracing::warn!(error = %e, "approval request not sent");
    }
}

/// An expense as one card: number, author, branch, amount, category, what for, paid from.
pub fn expense_card(lang: Lang, e: &Expense) -> String {
    let paid = t(lang, if e.paid_from == PaidFrom::Cash { "btn-from-cash" } else { "btn-from-bank" });
    tr!(
        lang,
        "expense-card",
        number = e.id,
        name = e.requester_name.clone(),
        branch = e.branch_name.clone(),
        amount = e.amount.format(lang),
        category = e.category.clone(),
        description = e.description.clone(),
        paid = paid
    )
}

/// The card with where it stands (decided by `by`).
pub fn decided_text(lang: Lang, e: &Expense, by: &str) -> String {
    let status = match e.status {
        ExpenseStatus::Approved => tr!(lang, "expense-approved-by", name = by.to_string()),
        ExpenseStatus::Rejected => {
            tr!(lang, "expense-rejected-by", name = by.to_string(), reason = e.reason.clone().unwrap_or_default())
        }
        ExpenseStatus::Withdrawn => t(lang, "expense-withdrawn"),
        ExpenseStatus::Pending => t(lang, "expense-pending"),
    };
    format!("{}\n{status}", expense_card(lang, e))
}

/// The user's own choice, else their company's default, else Uzbek.
pub fn language_of(user: &User, member: Option<&Member>) -> Lang {
    user.language
        .as_deref()
        .and_then(Lang::parse)
        .or_else(|| member.and_then(|m| Lang::parse(&m.company_language)))
        .unwrap_or_default()
}

/// The language to address another user in.
pub async fn language_of_telegram_user(app: &AppRef, telegram_id: i64) -> Lang {
    let found: Result<Option<(User, Option<Member>)>> = async {
        let Some(user) = company::user_by_telegram_id(&app.db, telegram_id).await? else { return Ok(None) };
        let member = company::current_member(&app.db, &user).await?;
        Ok(Some((user, member)))
    }
    .await;
    match found {
        Ok(Some((user, member))) => language_of(&user, member.as_ref()),
        _ => Lang::default(),
    }
}
