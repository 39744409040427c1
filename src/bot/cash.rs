//! `/kassa`: the register's balance and today's movements, and buttons to open or close the
//! shift and to bring cash from or take it to the bank. Closing asks for the counted cash; a
//! difference is posted and the branch manager is told.

use teloxide::types::MessageId;

use super::commands::Access;
use super::state::State;
use super::{keyboard, require, Ctx};
use crate::domain::cash::{self, Direction};
use crate::domain::money::Money;
use crate::domain::roles::Action;
use crate::domain::Error;
use crate::i18n::t;
use crate::notify;
use crate::telegram::callback::KassaAction;
use crate::telegram::Cb;
use crate::tr;

/// The register made automatically is named in the reader's language; others as given.
fn register_label(lang: crate::i18n::Lang, name: &str) -> String {
    if name == cash::DEFAULT_REGISTER {
        t(lang, "kassa-default-name")
    } else {
        name.to_string()
    }
}

pub async fn command(ctx: &Ctx) -> Result<(), Error> {
    let actor = ctx.actor(Action::Kassa)?;
    let lang = ctx.lang();
    let status = cash::status(&ctx.app.db, &actor).await?;
    let mut lines = vec![tr!(
        lang,
        "kassa-status",
        register = register_label(lang, &status.register_name),
        balance = status.balance.format(lang)
    )];
    lines.push(t(lang, if status.shift_open { "kassa-shift-open" } else { "kassa-shift-closed" }));
    if !status.today.is_empty() {
        lines.push(t(lang, "kassa-today"));
        for (kind, amount) in &status.today {
            let key = format!("cf-{kind}");
            let label = t(lang, &key);
            lines.push(format!("• {} {}", if label == key { kind.clone() } else { label }, amount.format(lang)));
        }
    }
    let shift = if status.shift_open {
        (t(lang, "btn-close-shift"), Cb::Kassa(KassaAction::Close))
    } else {
        (t(lang, "btn-open-shift"), Cb::Kassa(KassaAction::Open))
    };
    let kb = keyboard(vec![
        vec![shift],
        vec![
            (t(lang, "btn-cash-in"), Cb::Kassa(KassaAction::CashIn)),
            (t(lang, "btn-cash-out"), Cb::Kassa(KassaAction::CashOut)),
        ],
    ]);
    ctx.say_with(lines.join("\n"), kb).await?;
    Ok(())
}

pub async fn on_button(ctx: &Ctx, _message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    require(ctx, Access::Role(Action::Kassa))?;
    let Cb::Kassa(action) = cb else { return Ok(None) };
    let key = match action {
        KassaAction::Open => "kassa-ask-opening",
        KassaAction::Close => "kassa-ask-counted",
        KassaAction::CashIn => "kassa-ask-in",
        KassaAction::CashOut => "kassa-ask-out",
    };
    ctx.say(ctx.t(key)).await?;
    ctx.set_state(State::Kassa { action }).await?;
    Ok(None)
}

pub async fn on_text(ctx: &Ctx, text: &str) -> Result<(), Error> {
    let member = ctx.actor(Action::Kassa)?;
    let State::Kassa { action } = ctx.state().await? else { return Ok(()) };
    let lang = ctx.lang();
    let Some(amount) = ctx.accept(Money::read(text)).await? else { return Ok(()) };
    let db = &ctx.app.db;
    let reply = match action {
        KassaAction::Open => {
            let shift = cash::open_shift(db, &member, amount).await?;
            tr!(
                lang,
                "kassa-opened",
                register = register_label(lang, &shift.register_name),
                amount = amount.format(lang)
            )
        }
        KassaAction::Close => {
            let closed = cash::close_shift(db, &member, amount).await?;
            notify::deliver(&ctx.app, &closed.events).await;
            let key = match closed.difference.0 {
                0 => "kassa-closed",
                d if d < 0 => "kassa-closed-short",
                _ => "kassa-closed-over",
            };
            tr!(
                lang,
                key,
                expected = closed.expected.format(lang),
                counted = closed.counted.format(lang),
                difference = Money(closed.difference.0.abs()).format(lang)
            )
        }
        KassaAction::CashIn | KassaAction::CashOut => {
            let direction = if action == KassaAction::CashIn { Direction::In } else { Direction::Out };
            let balance = cash::move_cash(db, &member, amount, direction).await?;
            tr!(lang, "kassa-moved", amount = amount.format(lang), balance = balance.format(lang))
        }
    };
    ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
    ctx.say(reply).await?;
    Ok(())
}
