//! The Telegram door: the dptree handler tree ([`schema`]) and the routing of messages, commands
//! and button presses to one module per area, each named after the core area it serves
//! (`sales`, `lookup`, `stock`, `cash`, `company`, `catalog`, ...). Who is talking and what a
//! handler gets are in [`ctx`]. Handlers parse, call `crate::domain` (which enforces every
//! rule), and render; what the change caused is delivered by `crate::notify`.

mod apikeys;
mod assistant;
mod audit;
mod calls;
mod cash;
mod catalog;
mod catalogue;
pub mod commands;
mod company;
mod ctx;
mod customers;
mod expenses;
mod exports;
mod forecast;
pub mod import;
mod invoices;
mod lookup;
mod onboarding;
mod orders;
mod platform;
mod regos;
mod sales;
mod scans;
mod settings;
mod simcards;
pub mod state;
mod statements;
mod stock;
mod suppliers;
mod tax;

use std::sync::Arc;

use anyhow::Context as _;
use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::MessageId;

use self::commands::{refusal, spec};
use self::ctx::{context, lang, load_sender, set_lang};
pub use self::ctx::{one_product, require, Ctx, Sender};
use self::state::{DbStorage, State};
use crate::app::AppRef;
use crate::domain::Error;
use crate::i18n::Lang;
use crate::telegram::Cb;
pub use crate::telegram::{keyboard, Bot, Outbox};
use crate::tr;

/// The handler tree shared by long polling, the webhook, the console and the tests.
pub fn schema() -> UpdateHandler<anyhow::Error> {
    dptree::entry()
        .filter_map_async(admit)
        .branch(Update::filter_message().endpoint(on_message))
        .branch(Update::filter_edited_message().endpoint(on_edited))
        .branch(Update::filter_callback_query().endpoint(on_callback))
}

/// An update is handled the first time it arrives and when it comes from a person. The two
/// checks are independent queries, run side by side (one round trip instead of two).
async fn admit(update: Update, app: AppRef) -> Option<Sender> {
    let (first, sender) = tokio::join!(first_delivery(update.clone(), app.clone()), load_sender(update, app));
    if first {
        sender
    } else {
        None
    }
}

/// Telegram may deliver an update again (webhook retries, a restart before the offset was
/// confirmed). The first instance to record its id handles it; later deliveries are dropped.
async fn first_delivery(update: Update, app: AppRef) -> bool {
    match crate::db::updates::record(&app.db, app.bot_id, update.id.0 as i64).await {
        Ok(first) => first,
        Err(e) => {
            tracing::error!(error = %e, "cannot record update id; handling it anyway");
            true
        }
    }
}

async fn on_message(
    bot: Bot,
    app: AppRef,
    storage: Arc<DbStorage>,
    sender: Sender,
    msg: Message,
) -> anyhow::Result<()> {
    let ctx = context(bot, app, storage, sender, msg.chat.id);
    let outcome = route_message(&ctx, &msg).await;
    report_failure(&ctx, outcome).await
}

async fn on_callback(
    bot: Bot,
    app: AppRef,
    storage: Arc<DbStorage>,
    sender: Sender,
    query: CallbackQuery,
) -> anyhow::Result<()> {
    let Some(message) = query.message.as_ref() else {
        bot.answer_callback(query.id.clone(), None).await?;
        return Ok(());
    };
    let ctx = context(bot.clone(), app, storage, sender, message.chat().id);
    let message_id = message.id();
    let cb = query.data.as_deref().and_then(Cb::decode);
    let outcome = match cb {
        Some(cb) => route_callback(&ctx, message_id, cb).await,
        None => Ok(Some(ctx.t("err-stale-button"))),
    };
    // Every press is answered, or the user's button spins; a refusal shows as the toast.
    let (toast, outcome) = match outcome {
        Ok(toast) => (toast, Ok(())),
        Err(Error::Refused(r)) => (Some(ctx.refusal_text(&r)), Ok(())),
        Err(e) => (Some(ctx.t("error-internal")), Err(e)),
    };
    bot.answer_callback(query.id.clone(), toast).await?;
    if let Err(e) = outcome {
        tracing::error!(error = %e, "callback failed");
    }
    Ok(())
}

/// A refusal becomes a localised reply; anything else is logged and the user is told to retry.
async fn report_failure(ctx: &Ctx, outcome: Result<(), Error>) -> anyhow::Result<()> {
    match outcome {
        Ok(()) => Ok(()),
        Err(Error::Refused(r)) => {
            ctx.say(ctx.refusal_text(&r)).await?;
            Ok(())
        }
        Err(Error::Internal(e)) => {
            tracing::error!(error = %format!("{e:#}"), "handler failed");
            ctx.say(ctx.t("error-internal")).await?;
            Ok(())
        }
    }
}

/// An edited message: only a live location moving means anything to Savdo.
async fn on_edited(bot: Bot, app: AppRef, storage: Arc<DbStorage>, sender: Sender, msg: Message) -> anyhow::Result<()> {
    let Some(location) = msg.location() else { return Ok(()) };
    let ctx = context(bot, app, storage, sender, msg.chat.id);
    if let Err(Error::Internal(e)) = catalogue::on_moved(&ctx, location).await {
        tracing::error!(error = %format!("{e:#}"), "cannot store a live location");
    }
    Ok(())
}

async fn route_message(ctx: &Ctx, msg: &Message) -> Result<(), Error> {
    if let Some(location) = msg.location() {
        return catalogue::on_location(ctx, location).await;
    }
    if let Some(document) = msg.document() {
        if let Some(sheet) = catalogue::sheet_of(msg.caption()) {
            return catalogue::on_sheet(ctx, document, sheet).await;
        }
        if msg.caption().is_some_and(|c| c.trim_start().starts_with("/simcards")) {
            return simcards::on_file(ctx, document).await;
        }
        if scans::is_scan(document) {
            return scans::on_message(ctx, msg).await;
        }
        return import::on_document(ctx, document).await;
    }
    if let Some(photo) = msg.photo().and_then(|sizes| sizes.last()) {
        if catalogue::on_photo(ctx, msg, photo.file.id.0.clone()).await? {
            return Ok(());
        }
        if expenses::on_photo(ctx, photo.file.id.0.clone()).await? {
            return Ok(());
        }
        return scans::on_message(ctx, msg).await;
    }
    let Some(text) = msg.text() else {
        ctx.say(ctx.t("text-only")).await?;
        return Ok(());
    };
    if let Some((name, args)) = commands::parse(text, &ctx.app.bot_username) {
        return run_command(ctx, &name, args).await;
    }
    match ctx.state().await? {
        State::Idle => assistant::on_question(ctx, text).await,
        State::AskComment { turn_id } => assistant::on_comment(ctx, turn_id, text).await,
        State::TopUp { company_id } => platform::on_top_up(ctx, company_id, text).await,
        State::ScanEdit { scan_id, field } => scans::on_text(ctx, scan_id, &field, text).await,
        State::Sell { .. } => sales::on_text(ctx, text).await,
        State::SellOnCredit { .. } => sales::on_credit_text(ctx, text).await,
        State::SellCustomer { .. } => sales::on_customer_text(ctx, text).await,
        State::Customer { .. } | State::CustomerFind | State::DebtPayment { .. } => customers::on_text(ctx, text).await,
        State::SupplierPayment { .. } => suppliers::on_text(ctx, text).await,
        State::OrderReceive { .. } | State::OrderSupplier { .. } => orders::on_text(ctx, text).await,
        State::Purchase { .. } => stock::on_purchase_text(ctx, text).await,
        State::Count { .. } => stock::on_count_text(ctx, text).await,
        State::Transfer { .. } => stock::on_transfer_text(ctx, text).await,
        State::Expense { .. } | State::RejectReason { .. } => expenses::on_text(ctx, text).await,
        State::Kassa { .. } => cash::on_text(ctx, text).await,
        State::OnboardName | State::OnboardTin { .. } | State::OnboardBranch { .. } => {
            onboarding::on_text(ctx, text).await
        }
        State::BranchName => company::on_branch_name(ctx, text).await,
        State::ProductCode | State::Product { .. } => catalog::on_text(ctx, text).await,
    }
}

async fn run_command(ctx: &Ctx, name: &str, args: &str) -> Result<(), Error> {
    let Some(spec) = spec(name) else {
        ctx.say(ctx.t("unknown-command")).await?;
        return Ok(());
    };
    if let Some(key) = refusal(spec.access, &ctx.sender) {
        let role = ctx.sender.member.as_ref().map(|m| ctx.t(m.role.label_key())).unwrap_or_default();
        ctx.say(tr!(ctx.lang(), key, role = role)).await?;
        return Ok(());
    }
    // A command starts afresh: whatever conversation was open is left.
    let had_state = ctx.state().await? != State::Idle;
    if had_state {
        ctx.dialogue.exit().await.context("clearing dialogue")?;
    }
    match name {
        "start" => onboarding::start(ctx, args).await,
        "help" => {
            ctx.say(commands::help_text(&ctx.sender)).await?;
            Ok(())
        }
        "lang" => lang(ctx, args).await,
        "cancel" => {
            ctx.say(ctx.t(if had_state { "cancelled" } else { "nothing-to-cancel" })).await?;
            Ok(())
        }
        "invite" => company::invite(ctx).await,
        "users" => company::users(ctx, args).await,
        "branches" => company::branches(ctx).await,
        "product" => catalog::start(ctx, args).await,
        "find" => catalog::find(ctx, args).await,
        "sales" => lookup::command(ctx, args).await,
        "sell" => sales::start(ctx).await,
        "customer" => customers::command(ctx, args).await,
        "debts" => customers::debts(ctx).await,
        "suppliers" | "pay" => suppliers::command(ctx).await,
        "orders" => orders::command(ctx).await,
        "export" => exports::command(ctx).await,
        "invoice" => invoices::command(ctx, args).await,
        "assistant" => assistant::command(ctx, args).await,
        "return" => sales::return_command(ctx, args).await,
        "stock" => stock::stock_command(ctx, args).await,
        "forecast" => forecast::command(ctx, args).await,
        "reorder" => forecast::reorder_command(ctx, args).await,
        "purchase" => stock::purchase_command(ctx).await,
        "count" => stock::count_command(ctx).await,
        "transfer" => stock::transfer_command(ctx).await,
        "digest" => company::digest_time(ctx, args).await,
        "apikey" => apikeys::command(ctx).await,
        "apiuser" => catalogue::apiuser_command(ctx, args).await,
        "agents" => catalogue::agents_command(ctx).await,
        "sync" => catalogue::sync_command(ctx, args).await,
        "expense" => expenses::start(ctx).await,
        "expenses" => expenses::list(ctx, args).await,
        "scans" => scans::command(ctx).await,
        "kassa" => cash::command(ctx).await,
        "report" => statements::command(ctx, args).await,
        "tax" => tax::command(ctx, args).await,
        "payroll" => tax::payroll(ctx, args).await,
        "employee" => tax::employee(ctx, args).await,
        "taxrate" => tax::taxrate(ctx, args).await,
        "regos" => regos::command(ctx).await,
        "companies" => platform::command(ctx, args).await,
        "calls" => calls::command(ctx, args).await,
        "settings" => settings::command(ctx, args).await,
        "company" => company::settings(ctx, args).await,
        "simcards" => simcards::command(ctx, args).await,
        "sim" => simcards::sell(ctx, args).await,
        "account" => statements::add_account(ctx, args).await,
        "category" => expenses::add_category(ctx, args).await,
        "audit" => audit::command(ctx, args).await,
        _ => unreachable!("every command in COMMANDS has a handler"),
    }
}

async fn route_callback(ctx: &Ctx, message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    match cb {
        Cb::Lang(lang) => set_lang(ctx, Some(message), lang).await.map(|_| None),
        Cb::InviteRole(_) | Cb::InviteBranch(..) => company::on_invite_button(ctx, message, cb).await,
        Cb::UsersList
        | Cb::UserOpen(_)
        | Cb::UserRoleMenu(_)
        | Cb::UserRole(..)
        | Cb::UserBranchMenu(_)
        | Cb::UserBranch(..)
        | Cb::UserBlock(..)
        | Cb::UserHistory(_)
        | Cb::UserRevokeKeys(_)
        | Cb::UserRemove(_)
        | Cb::BranchAdd => company::on_admin_button(ctx, message, cb).await,
        Cb::ProductUnit(_) | Cb::ProductSave | Cb::ProductCancel | Cb::ProductWholesale => {
            catalog::on_button(ctx, message, cb).await
        }
        Cb::Sales(..) | Cb::SalesBranches(_) | Cb::SalesChart(..) => lookup::on_button(ctx, message, cb).await,
        Cb::SellPick(_)
        | Cb::SellPay
        | Cb::SellPayWith(_)
        | Cb::SellEdit
        | Cb::SellRemove(_)
        | Cb::SellBack
        | Cb::SellType
        | Cb::SellCancel
        | Cb::SellCustomer(_)
        | Cb::SellNewCustomer
        | Cb::SellPickCustomer
        | Cb::SellOverride
        | Cb::ReturnAll(_) => sales::on_button(ctx, message, cb).await,
        Cb::CustomerOpen(_)
        | Cb::CustomerNew
        | Cb::CustomerKind(_)
        | Cb::CustomerEdit(_)
        | Cb::CustomerPay(_)
        | Cb::CustomerRemind(_)
        | Cb::CustomerStatement(_)
        | Cb::CustomerStatementFile(_)
        | Cb::CustomerPayLink(_)
        | Cb::DebtPayWith(_) => customers::on_button(ctx, message, cb).await,
        Cb::SupplierOpen(_) | Cb::SupplierPay(_) | Cb::SupplierPayFrom(_) | Cb::SupplierStatementFile(_) => {
            suppliers::on_button(ctx, message, cb).await
        }
        Cb::AlertDraft(..)
        | Cb::AlertSnooze(..)
        | Cb::PurchasePick(_)
        | Cb::PurchaseConfirm
        | Cb::PurchaseCancel
        | Cb::CountPick(_)
        | Cb::CountPost
        | Cb::CountCancel
        | Cb::TransferTo(_)
        | Cb::TransferPick(_)
        | Cb::TransferConfirm
        | Cb::TransferCancel => stock::on_button(ctx, message, cb).await,
        Cb::OrderOpen(_)
        | Cb::OrderSend(_)
        | Cb::OrderPdf(_)
        | Cb::OrderCancel(_)
        | Cb::OrderReceiveAll(_)
        | Cb::OrderReceivePart(_)
        | Cb::OrderSupplier(_) => orders::on_button(ctx, message, cb).await,
        Cb::Export(_) | Cb::ExportPeriod(..) | Cb::ExportFile(..) => exports::on_button(ctx, message, cb).await,
        Cb::Invoice(sale_id) => invoices::send(ctx, sale_id).await.map(|_| None),
        Cb::InvoicePayLink(sale_id) => invoices::pay_link(ctx, sale_id).await.map(|_| None),
        Cb::Ask(_) | Cb::AskRate(..) | Cb::AskComment(_) => assistant::on_button(ctx, message, cb).await,
        Cb::ApiKeyNew | Cb::ApiKeyRevoke(_) => apikeys::on_button(ctx, message, cb).await,
        Cb::ExpenseCategory(_)
        | Cb::ExpenseSkipPhoto
        | Cb::ExpensePaidFrom(_)
        | Cb::ExpenseApprove(_)
        | Cb::ExpenseReject(_)
        | Cb::ExpenseWithdraw(_) => expenses::on_button(ctx, message, cb).await,
        Cb::Kassa(_) => cash::on_button(ctx, message, cb).await,
        Cb::ScanOpen(_)
        | Cb::ScanPurchase(_)
        | Cb::ScanExpense(_)
        | Cb::ScanCategory(..)
        | Cb::ScanEdit(_)
        | Cb::ScanField(..)
        | Cb::ScanOriginal(_)
        | Cb::ScanCancel(_) => scans::on_button(ctx, message, cb).await,
        Cb::ForecastPick(_) | Cb::ReorderPick(_) => forecast::on_button(ctx, message, cb).await,
        Cb::TaxToggle(..) | Cb::TaxSend(..) | Cb::TaxResend(..) => tax::on_button(ctx, message, cb).await,
        Cb::RegosSync | Cb::RegosConfirmProducts => regos::on_button(ctx, message, cb).await,
        Cb::SettingsNotice(..) => settings::on_button(ctx, message, cb).await,
        Cb::CompanyOpen(_) | Cb::CompanyBlock(..) | Cb::CompanyTopUp(_) | Cb::CompanyAdminInvite(_) => {
            platform::on_button(ctx, message, cb).await
        }
        Cb::PayrollConfirm(..) | Cb::PayrollCorrect(..) => tax::on_payroll_button(ctx, message, cb).await,
    }
}

/// Sets the command menu in each language Savdo speaks (and Uzbek for everyone else).
pub async fn set_command_menus(bot: &Bot) -> anyhow::Result<()> {
    bot.set_commands(commands::menu(Lang::Uz), None).await?;
    for lang in Lang::ALL {
        bot.set_commands(commands::menu(lang), Some(lang.code().to_string())).await?;
    }
    Ok(())
}
