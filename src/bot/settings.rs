//! `/settings`: the person's own settings — each kind of notification on or off (buttons),
//! quiet hours (`/settings quiet 22:00-08:00`, `/settings quiet off`), and the language
//! (`/lang`). Every notifier asks the core before sending.

use teloxide::types::MessageId;

use super::{keyboard, Ctx};
use crate::domain::settings::{self, Notice, Settings};
use crate::domain::Error;
use crate::i18n::t;
use crate::telegram::Cb;
use crate::tr;

fn view(ctx: &Ctx, s: &Settings) -> (String, teloxide::types::InlineKeyboardMarkup) {
    let lang = ctx.lang();
    let quiet = match s.quiet {
        Some((from, to)) => format!("{}–{}", from.format("%H:%M"), to.format("%H:%M")),
        None => t(lang, "settings-quiet-none"),
    };
    let text = tr!(lang, "settings-title", language = t(lang, "lang-name"), quiet = quiet);
    let rows = Notice::ALL
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let on = !s.muted.contains(n);
            let mark = if on { "🔔" } else { "🔕" };
            vec![(format!("{mark} {}", t(lang, n.label_key())), Cb::SettingsNotice(i as u8, !on))]
        })
        .collect();
    (text, keyboard(rows))
}

pub async fn command(ctx: &Ctx, args: &str) -> Result<(), Error> {
    let user_id = ctx.sender.user.id;
    let db = &ctx.app.db;
    let args = args.trim();
    if let Some(rest) = args.strip_prefix("quiet") {
        match settings::set_quiet(db, user_id, rest).await {
            Ok(_) => {}
            Err(Error::Refused(_)) => {
                ctx.say(ctx.t("settings-usage")).await?;
                return Ok(());
            }
            Err(e) => return Err(e),
        }
    } else if !args.is_empty() {
        ctx.say(ctx.t("settings-usage")).await?;
        return Ok(());
    }
    let (text, buttons) = view(ctx, &settings::of_user(db, user_id).await?);
    ctx.say_with(format!("{text}\n\n{}", ctx.t("settings-usage")), buttons).await?;
    Ok(())
}

pub async fn on_button(ctx: &Ctx, message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    let Cb::SettingsNotice(index, on) = cb else { return Ok(Some(ctx.t("err-stale-button"))) };
    let Some(notice) = Notice::ALL.get(index as usize).copied() else { return Ok(Some(ctx.t("err-stale-button"))) };
    let s = settings::set_notice(&ctx.app.db, ctx.sender.user.id, notice, on).await?;
    let (text, buttons) = view(ctx, &s);
    ctx.edit(message, format!("{text}\n\n{}", ctx.t("settings-usage")), Some(buttons)).await?;
    Ok(None)
}
