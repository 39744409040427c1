//! The Telegram door: the dptree handler tree ([`schema`]), who is talking ([`Actor`]), and
//! one module per area of conversation. Handlers parse, call `crate::domain`, and render.

mod apikeys;
mod audit;
pub mod commands;
mod expenses;
pub mod importer;
mod kassa;
mod lookups;
mod onboarding;
mod people;
pub mod phrases;
mod products;
pub mod state;
mod statements;
mod stockroom;
mod till;

use std::sync::Arc;

use anyhow::Context as _;
use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, MessageId};

use self::commands::{refusal, spec, Access};
use self::state::{BotDialogue, DbStorage, State};
use crate::app::AppRef;
use crate::domain::actor::Actor;
use crate::domain::company::{self, Member, User};
use crate::domain::roles::Action;
use crate::domain::{Error, Refusal};
use crate::i18n::{t, Lang};
use crate::notify::language_of;
use crate::telegram::Cb;
pub use crate::telegram::{keyboard, Bot, Outbox};
use crate::tr;

/// The person behind an update: their record, their membership (if any) and their language.
#[derive(Clone, Debug)]
pub struct Sender {
    pub user: User,
    pub member: Option<Member>,
    pub lang: Lang,
}

impl Sender {
    /// The membership, when it is active.
    pub fn active(&self) -> Option<&Member> {
        self.member.as_ref().filter(|m| !m.blocked)
    }
}

/// Everything a handler needs, gathered once per update.
pub struct Ctx {
    pub bot: Bot,
    pub app: AppRef,
    pub sender: Sender,
    pub chat: ChatId,
    pub dialogue: BotDialogue,
}

impl Ctx {
    pub fn lang(&self) -> Lang {
        self.sender.lang
    }

    /// The sender as the core's actor, when they are a member allowed to do `action`; the core
    /// checks the rest (branch, scope) itself.
    pub fn actor(&self, action: Action) -> Result<Actor, Error> {
        Ok(require(self, Access::Role(action))?.actor())
    }

    pub fn t(&self, key: &str) -> String {
        t(self.lang(), key)
    }

    pub async fn say(&self, text: impl Into<String>) -> anyhow::Result<Message> {
        Ok(self.bot.send_text(self.chat, text.into(), None).await?)
    }

    pub async fn say_with(&self, text: impl Into<String>, keyboard: InlineKeyboardMarkup) -> anyhow::Result<Message> {
        Ok(self.bot.send_text(self.chat, text.into(), Some(keyboard)).await?)
    }

    pub async fn edit(
        &self,
        message: MessageId,
        text: impl Into<String>,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> anyhow::Result<()> {
        Ok(self.bot.edit_text(self.chat, message, text.into(), keyboard).await?)
    }

    pub async fn set_state(&self, state: State) -> anyhow::Result<()> {
        self.dialogue.update(state).await.context("saving dialogue state")
    }

    pub async fn state(&self) -> anyhow::Result<State> {
        Ok(self.dialogue.get().await.context("reading dialogue state")?.unwrap_or_default())
    }

    /// A refusal from the core, explained in the user's language.
    pub fn refusal_text(&self, refusal: &Refusal) -> String {
        let role = self.sender.member.as_ref().map(|m| t(self.lang(), m.role.label_key())).unwrap_or_default();
        tr!(self.lang(), refusal.message_key(), role = role)
    }
}

/// The handler tree shared by long polling, the webhook, the console and the tests.
pub fn schema() -> UpdateHandler<anyhow::Error> {
    dptree::entry()
        .filter_async(first_delivery)
        .filter_map_async(load_sender)
        .branch(Update::filter_message().endpoint(on_message))
        .branch(Update::filter_callback_query().endpoint(on_callback))
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

async fn load_sender(update: Update, app: AppRef) -> Option<Sender> {
    let from = update.from()?;
    if from.is_bot {
        return None;
    }
    let loaded = async {
        let user =
            company::touch_user(&app.db, from.id.0 as i64, &from.full_name(), from.language_code.as_deref()).await?;
        let member = company::current_member(&app.db, &user).await?;
        Ok::<_, Error>((user, member))
    }
    .await;
    match loaded {
        Ok((user, member)) => {
            let lang = language_of(&user, member.as_ref());
            Some(Sender { user, member, lang })
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot load the user");
            None
        }
    }
}

fn context(bot: Bot, app: AppRef, storage: Arc<DbStorage>, sender: Sender, chat: ChatId) -> Ctx {
    let dialogue = BotDialogue::new(storage, chat);
    Ctx { bot, app, sender, chat, dialogue }
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

async fn route_message(ctx: &Ctx, msg: &Message) -> Result<(), Error> {
    if let Some(document) = msg.document() {
        return importer::on_document(ctx, document).await;
    }
    if let Some(photo) = msg.photo().and_then(|sizes| sizes.last()) {
        if expenses::on_photo(ctx, photo.file.id.0.clone()).await? {
            return Ok(());
        }
    }
    let Some(text) = msg.text() else {
        ctx.say(ctx.t("text-only")).await?;
        return Ok(());
    };
    if let Some((name, args)) = commands::parse(text, &ctx.app.bot_username) {
        return run_command(ctx, &name, args).await;
    }
    match ctx.state().await? {
        State::Idle => match phrases::sales_question(text) {
            Some(period) if refusal(Access::Role(Action::ViewSales), &ctx.sender).is_none() => {
                lookups::show(ctx, period).await
            }
            _ => {
                ctx.say(ctx.t("unknown-text")).await?;
                Ok(())
            }
        },
        State::Sell { .. } => till::on_text(ctx, text).await,
        State::Purchase { .. } => stockroom::on_purchase_text(ctx, text).await,
        State::Count { .. } => stockroom::on_count_text(ctx, text).await,
        State::Transfer { .. } => stockroom::on_transfer_text(ctx, text).await,
        State::Expense { .. } | State::RejectReason { .. } => expenses::on_text(ctx, text).await,
        State::Kassa { .. } => kassa::on_text(ctx, text).await,
        State::OnboardName | State::OnboardTin { .. } | State::OnboardBranch { .. } => {
            onboarding::on_text(ctx, text).await
        }
        State::BranchName => people::on_branch_name(ctx, text).await,
        State::ProductCode | State::Product { .. } => products::on_text(ctx, text).await,
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
        "invite" => people::invite(ctx).await,
        "users" => people::users(ctx).await,
        "branches" => people::branches(ctx).await,
        "product" => products::start(ctx, args).await,
        "find" => products::find(ctx, args).await,
        "sales" => lookups::command(ctx, args).await,
        "sell" => till::start(ctx).await,
        "return" => till::return_command(ctx, args).await,
        "stock" => stockroom::stock_command(ctx, args).await,
        "purchase" => stockroom::purchase_command(ctx).await,
        "count" => stockroom::count_command(ctx).await,
        "transfer" => stockroom::transfer_command(ctx).await,
        "digest" => people::digest_time(ctx, args).await,
        "apikey" => apikeys::command(ctx).await,
        "expense" => expenses::start(ctx).await,
        "expenses" => expenses::list(ctx, args).await,
        "kassa" => kassa::command(ctx).await,
        "report" => statements::command(ctx, args).await,
        "account" => statements::add_account(ctx, args).await,
        "category" => expenses::add_category(ctx, args).await,
        "audit" => audit::command(ctx, args).await,
        _ => unreachable!("every command in COMMANDS has a handler"),
    }
}

async fn route_callback(ctx: &Ctx, message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    match cb {
        Cb::Lang(lang) => set_lang(ctx, Some(message), lang).await.map(|_| None),
        Cb::InviteRole(_) | Cb::InviteBranch(..) => people::on_invite_button(ctx, message, cb).await,
        Cb::UsersList
        | Cb::UserOpen(_)
        | Cb::UserRoleMenu(_)
        | Cb::UserRole(..)
        | Cb::UserBranchMenu(_)
        | Cb::UserBranch(..)
        | Cb::UserBlock(..)
        | Cb::BranchAdd => people::on_admin_button(ctx, message, cb).await,
        Cb::ProductUnit(_) | Cb::ProductSave | Cb::ProductCancel => products::on_button(ctx, message, cb).await,
        Cb::Sales(..) | Cb::SalesBranches(_) | Cb::SalesChart(..) => lookups::on_button(ctx, message, cb).await,
        Cb::SellPick(_)
        | Cb::SellPay
        | Cb::SellPayWith(_)
        | Cb::SellEdit
        | Cb::SellRemove(_)
        | Cb::SellBack
        | Cb::SellType
        | Cb::SellCancel
        | Cb::ReturnAll(_) => till::on_button(ctx, message, cb).await,
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
        | Cb::TransferCancel => stockroom::on_button(ctx, message, cb).await,
        Cb::ApiKeyNew | Cb::ApiKeyRevoke(_) => apikeys::on_button(ctx, message, cb).await,
        Cb::ExpenseCategory(_)
        | Cb::ExpenseSkipPhoto
        | Cb::ExpensePaidFrom(_)
        | Cb::ExpenseApprove(_)
        | Cb::ExpenseReject(_)
        | Cb::ExpenseWithdraw(_) => expenses::on_button(ctx, message, cb).await,
        Cb::Kassa(_) => kassa::on_button(ctx, message, cb).await,
    }
}

/// Finds the product a user typed (name, code or barcode). Exactly one match is returned;
/// none is said so; several are offered as buttons made by `pick`, and `None` is returned.
pub async fn one_product(
    ctx: &Ctx,
    company_id: i64,
    text: &str,
    pick: impl Fn(i64) -> Cb,
) -> Result<Option<crate::domain::catalog::Product>, Error> {
    let mut found = crate::domain::catalog::search(&ctx.app.db, company_id, text, 6).await?;
    match found.len() {
        0 => {
            ctx.say(tr!(ctx.lang(), "find-none", query = text.trim().to_string())).await?;
            Ok(None)
        }
        1 => Ok(found.pop()),
        _ => {
            let rows = found
                .iter()
                .map(|p| vec![(format!("{} — {}", p.name, p.sale_price().format(ctx.lang())), pick(p.id))])
                .collect();
            ctx.say_with(ctx.t("sell-choose"), keyboard(rows)).await?;
            Ok(None)
        }
    }
}

/// Refuses a button press the actor's role may not make (old buttons outlive role changes).
pub fn require(ctx: &Ctx, access: Access) -> Result<&Member, Error> {
    match (refusal(access, &ctx.sender), ctx.sender.active()) {
        (None, Some(member)) => Ok(member),
        (Some("refuse-blocked"), _) => Err(Refusal::Blocked.into()),
        _ => Err(Refusal::NotAllowed.into()),
    }
}

async fn lang(ctx: &Ctx, args: &str) -> Result<(), Error> {
    if args.is_empty() {
        let buttons = Lang::ALL.map(|l| (t(l, "lang-name"), Cb::Lang(l))).to_vec();
        ctx.say_with(ctx.t("lang-choose"), keyboard(vec![buttons])).await?;
        return Ok(());
    }
    match Lang::parse(args) {
        Some(lang) => set_lang(ctx, None, lang).await,
        None => {
            ctx.say(ctx.t("lang-unknown")).await?;
            Ok(())
        }
    }
}

async fn set_lang(ctx: &Ctx, message: Option<MessageId>, lang: Lang) -> Result<(), Error> {
    company::set_language(&ctx.app.db, ctx.sender.user.id, lang.code()).await?;
    let text = tr!(lang, "lang-changed", language = t(lang, "lang-name"));
    match message {
        Some(id) => ctx.edit(id, text, None).await?,
        None => {
            ctx.say(text).await?;
        }
    }
    Ok(())
}

/// Sets the command menu in each language Savdo speaks (and Uzbek for everyone else).
pub async fn set_command_menus(bot: &Bot) -> anyhow::Result<()> {
    bot.set_commands(commands::menu(Lang::Uz), None).await?;
    for lang in Lang::ALL {
        bot.set_commands(commands::menu(lang), Some(lang.code().to_string())).await?;
    }
    Ok(())
}
