//! `/expense`: anyone files an expense (amount, category, description, optional receipt photo,
//! paid from cash or bank); approvers get it with Approve / Reject buttons; the author hears
//! the outcome. `/expenses` lists what to decide (approvers) or one's own (everyone else).
//!
//! ```text
//! user: /expense   bot: "amount?"   user: 150 000   bot: categories [..]
//! [Rent]  bot: "what for?"  user: November rent  bot: "photo of the receipt?" [Skip]
//! [Skip]  bot: "paid from?" [Cash] [Bank]  →  pending; the manager gets [Approve] [Reject]
//! ```

use teloxide::types::MessageId;

use super::commands::Access;
use super::state::{ExpenseDraft, ExpenseStep, State};
use super::{keyboard, require, Ctx};
use crate::domain::company::Member;
use crate::domain::expenses::{self, ExpenseStatus, NewExpense, PaidFrom};
use crate::domain::money::Money;
use crate::domain::roles::{self, Action};
use crate::domain::{clean_name, Error, Refusal};
use crate::i18n::t;
use crate::notify::{self, decided_text};
use crate::telegram::Cb;
use crate::tr;

pub async fn start(ctx: &Ctx) -> Result<(), Error> {
    require(ctx, Access::Role(Action::FileExpenses))?;
    ctx.say(ctx.t("expense-ask-amount")).await?;
    ctx.set_state(State::Expense { draft: ExpenseDraft::default(), step: ExpenseStep::Amount }).await?;
    Ok(())
}

pub async fn on_text(ctx: &Ctx, text: &str) -> Result<(), Error> {
    let member = require(ctx, Access::Role(Action::FileExpenses))?.clone();
    match ctx.state().await? {
        State::Expense { mut draft, step } => match step {
            ExpenseStep::Amount => {
                let read = Money::read(text).and_then(|m| if m.0 > 0 { Ok(m) } else { Err(Refusal::BadAmount) });
                if let Some(amount) = ctx.accept(read).await? {
                    draft.amount = amount;
                    ask_category(ctx, &member, draft).await?;
                }
            }
            ExpenseStep::Description => match clean_name(text, 500) {
                Ok(description) => {
                    draft.description = description;
                    let kb = keyboard(vec![vec![(ctx.t("btn-skip"), Cb::ExpenseSkipPhoto)]]);
                    ctx.say_with(ctx.t("expense-ask-photo"), kb).await?;
                    ctx.set_state(State::Expense { draft, step: ExpenseStep::Photo }).await?;
                }
                Err(refusal) => {
                    ctx.say(ctx.refusal_text(&refusal)).await?;
                }
            },
            _ => {
                ctx.say(ctx.t("expense-use-buttons")).await?;
            }
        },
        State::RejectReason { expense_id, message_id } => {
            let decision = expenses::reject(&ctx.app.db, &member.actor(), expense_id, text).await?;
            ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
            let decided = decided_text(ctx.lang(), &decision.expense, &member.name);
            ctx.edit(MessageId(message_id), decided.clone(), None).await.ok();
            ctx.say(decided).await?;
            notify::deliver(&ctx.app, &decision.events).await;
        }
        _ => {}
    }
    Ok(())
}

/// A photo while filing an expense is its receipt.
pub async fn on_photo(ctx: &Ctx, file_id: String) -> Result<bool, Error> {
    let State::Expense { mut draft, step: ExpenseStep::Photo } = ctx.state().await? else { return Ok(false) };
    draft.photo_file_id = Some(file_id);
    ask_paid_from(ctx, draft).await?;
    Ok(true)
}

async fn ask_category(ctx: &Ctx, member: &Member, draft: ExpenseDraft) -> Result<(), Error> {
    let categories = expenses::categories(&ctx.app.db, member.company_id).await?;
    let buttons: Vec<(String, Cb)> = categories.into_iter().map(|c| (c.name, Cb::ExpenseCategory(c.id))).collect();
    ctx.say_with(ctx.t("expense-ask-category"), keyboard(buttons.chunks(2).map(|c| c.to_vec()).collect())).await?;
    ctx.set_state(State::Expense { draft, step: ExpenseStep::Category }).await?;
    Ok(())
}

async fn ask_paid_from(ctx: &Ctx, draft: ExpenseDraft) -> Result<(), Error> {
    let kb = keyboard(vec![vec![
        (ctx.t("btn-from-cash"), Cb::ExpensePaidFrom(true)),
        (ctx.t("btn-from-bank"), Cb::ExpensePaidFrom(false)),
    ]]);
    ctx.say_with(ctx.t("expense-ask-paid-from"), kb).await?;
    ctx.set_state(State::Expense { draft, step: ExpenseStep::PaidFrom }).await?;
    Ok(())
}

pub async fn on_button(ctx: &Ctx, message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    let member = require(ctx, Access::Role(Action::FileExpenses))?.clone();
    let lang = ctx.lang();
    match cb {
        Cb::ExpenseApprove(id) => {
            let decision = expenses::approve(&ctx.app.db, &member.actor(), id).await?;
            ctx.edit(message, decided_text(lang, &decision.expense, &member.name), None).await?;
            notify::deliver(&ctx.app, &decision.events).await;
            return Ok(Some(t(lang, "saved")));
        }
        Cb::ExpenseReject(id) => {
            let expense = expenses::get(&ctx.app.db, member.company_id, id).await?;
            if !expenses::may_decide(&member.actor(), &expense) {
                return Err(crate::domain::Refusal::NotAllowed.into());
            }
            if expense.status != ExpenseStatus::Pending {
                return Err(crate::domain::Refusal::AlreadyDecided.into());
            }
            ctx.say(ctx.t("expense-ask-reason")).await?;
            ctx.set_state(State::RejectReason { expense_id: id, message_id: message.0 }).await?;
            return Ok(None);
        }
        Cb::ExpenseWithdraw(id) => {
            let expense = expenses::withdraw(&ctx.app.db, &member.actor(), id).await?;
            ctx.edit(message, decided_text(lang, &expense, &member.name), None).await?;
            return Ok(None);
        }
        _ => {}
    }
    let State::Expense { mut draft, step } = ctx.state().await? else { return Ok(Some(t(lang, "err-stale-button"))) };
    match (cb, step) {
        (Cb::ExpenseCategory(id), ExpenseStep::Category) => {
            draft.category_id = id;
            ctx.say(ctx.t("expense-ask-description")).await?;
            ctx.set_state(State::Expense { draft, step: ExpenseStep::Description }).await?;
        }
        (Cb::ExpenseSkipPhoto, ExpenseStep::Photo) => ask_paid_from(ctx, draft).await?,
        (Cb::ExpensePaidFrom(cash), ExpenseStep::PaidFrom) => {
            let new = NewExpense {
                amount: draft.amount,
                category_id: draft.category_id,
                description: draft.description.clone(),
                photo_file_id: draft.photo_file_id.clone(),
                paid_from: if cash { PaidFrom::Cash } else { PaidFrom::Bank },
            };
            let filed = expenses::submit(&ctx.app.db, &member.actor(), &new).await?;
            ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
            announce_filed(ctx, message, &filed).await?;
        }
        _ => return Ok(Some(t(lang, "err-stale-button"))),
    }
    Ok(None)
}

/// Turns the message that filed an expense into its notice, and asks the approvers.
pub(super) async fn announce_filed(ctx: &Ctx, message: MessageId, filed: &expenses::Filed) -> Result<(), Error> {
    let lang = ctx.lang();
    let expense = &filed.expense;
    ctx.edit(message, tr!(lang, "expense-filed", number = expense.id, amount = expense.amount.format(lang)), None)
        .await?;
    notify::deliver(&ctx.app, &filed.events).await;
    Ok(())
}

/// `/expenses [pending|approved|rejected]`; approvers see what waits for them, others their own.
/// `/expenses limit 1000000` (admins) sets the amount above which an admin must approve.
pub async fn list(ctx: &Ctx, args: &str) -> Result<(), Error> {
    let member = require(ctx, Access::Role(Action::FileExpenses))?.clone();
    let lang = ctx.lang();
    if let Some(limit) = args.strip_prefix("limit") {
        let Some(amount) = ctx.accept(Money::read(limit)).await? else { return Ok(()) };
        expenses::set_threshold(&ctx.app.db, &member.actor(), amount).await?;
        ctx.say(tr!(lang, "expense-threshold-set", amount = amount.format(lang))).await?;
        return Ok(());
    }
    let actor = member.actor();
    let approver = roles::is_expense_approver(member.role);
    // Words in any order: a status and/or a period ("approved week", "o‘tgan oy").
    let status = ExpenseStatus::ALL.into_iter().find(|s| args.contains(s.as_str()));
    let status =
        if status.is_none() && args.trim().is_empty() && approver { Some(ExpenseStatus::Pending) } else { status };
    let today = member.time_zone.today();
    let (from, _) = crate::domain::assistant::period_in(args)
        .map(|p| p.dates(today))
        .unwrap_or((today - chrono::Days::new(31), today));
    let since = member.time_zone.start_of(from);
    let items = expenses::list(&ctx.app.db, &actor, status, since, approver).await?;
    if items.is_empty() {
        ctx.say(ctx.t("expense-none")).await?;
        return Ok(());
    }
    for e in items.iter().take(10) {
        let buttons =
            match (e.status.as_str(), approver && expenses::may_decide(&actor, e), e.requester_id == member.user_id) {
                ("pending", true, _) => vec![vec![
                    (t(lang, "btn-approve"), Cb::ExpenseApprove(e.id)),
                    (t(lang, "btn-reject"), Cb::ExpenseReject(e.id)),
                ]],
                ("pending", _, true) => vec![vec![(t(lang, "btn-withdraw"), Cb::ExpenseWithdraw(e.id))]],
                _ => vec![],
            };
        let text = decided_text(lang, e, "");
        if buttons.is_empty() {
            ctx.say(text).await?;
        } else {
            ctx.say_with(text, keyboard(buttons)).await?;
        }
    }
    Ok(())
}

/// `/category 9420 Qo‘riqlash` adds an expense category booked to 9410, 9420 or 9430;
/// `/category` lists them.
pub async fn add_category(ctx: &Ctx, args: &str) -> Result<(), Error> {
    let member = require(ctx, Access::Role(Action::ViewReports))?.clone();
    let lang = ctx.lang();
    let mut parts = args.splitn(2, char::is_whitespace);
    match (parts.next().filter(|p| !p.is_empty()), parts.next()) {
        (Some(account), Some(name)) => {
            match expenses::add_category(&ctx.app.db, &member.actor(), name, account).await {
                Ok(c) => {
                    ctx.say(tr!(lang, "category-added", name = c.name, account = c.account_code)).await?;
                }
                Err(Error::Refused(_)) => {
                    ctx.say(ctx.t("category-usage")).await?;
                }
                Err(e) => return Err(e),
            }
        }
        _ => {
            let list = expenses::categories(&ctx.app.db, member.company_id).await?;
            let lines: Vec<String> = list.iter().map(|c| format!("• {} — {}", c.name, c.account_code)).collect();
            ctx.say(format!("{}\n{}\n\n{}", ctx.t("category-list"), lines.join("\n"), ctx.t("category-usage"))).await?;
        }
    }
    Ok(())
}
