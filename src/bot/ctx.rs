//! Who is talking and what a handler needs: the [`Sender`] of an update (user, membership,
//! language), the [`Ctx`] handed to every handler, and the small helpers handlers share.

use std::sync::Arc;

use anyhow::Context as _;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, MessageId};

use super::commands::{refusal, Access};
use super::state::{BotDialogue, DbStorage, State};
use crate::app::AppRef;
use crate::domain::actor::Actor;
use crate::domain::company::{self, Member, User};
use crate::domain::roles::Action;
use crate::domain::{Error, Refusal};
use crate::i18n::{t, Lang};
use crate::notify::language_of;
use crate::telegram::{keyboard, Bot, Cb};
use crate::tr;

/// The person behind an update: their record, their membership (if any) and their language.
#[derive(Clone, Debug)]
pub struct Sender {
    pub user: User,
    pub member: Option<Member>,
    pub lang: Lang,
    /// When the person is one of the service's operators (`SAVDO_OPERATORS`).
    pub operator: Option<crate::domain::platform::Operator>,
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

    /// What the person typed, read by `read`; when refused, the reason is told and `None` given.
    pub async fn accept<T>(&self, read: Result<T, Refusal>) -> Result<Option<T>, Error> {
        match read {
            Ok(value) => Ok(Some(value)),
            Err(refusal) => {
                self.say(self.refusal_text(&refusal)).await?;
                Ok(None)
            }
        }
    }

    /// A refusal from the core, explained in the user's language.
    pub fn refusal_text(&self, refusal: &Refusal) -> String {
        let role = self.sender.member.as_ref().map(|m| t(self.lang(), m.role.label_key())).unwrap_or_default();
        tr!(self.lang(), refusal.message_key(), role = role)
    }
}

pub(super) async fn load_sender(update: Update, app: AppRef) -> Option<Sender> {
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
            let operator = app.operators.recognise(user.telegram_id, user.id);
            Some(Sender { user, member, lang, operator })
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot load the user");
            None
        }
    }
}

pub(super) fn context(bot: Bot, app: AppRef, storage: Arc<DbStorage>, sender: Sender, chat: ChatId) -> Ctx {
    let dialogue = BotDialogue::new(storage, chat);
    Ctx { bot, app, sender, chat, dialogue }
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

pub(super) async fn lang(ctx: &Ctx, args: &str) -> Result<(), Error> {
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

pub(super) async fn set_lang(ctx: &Ctx, message: Option<MessageId>, lang: Lang) -> Result<(), Error> {
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
