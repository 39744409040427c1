//! `/apikey`: an admin lists the company's API keys, makes a new one (shown once) or revokes one.

use teloxide::types::MessageId;

use super::commands::Access;
use super::{keyboard, require, Ctx};
use crate::domain::apikeys;
use crate::domain::company::Member;
use crate::domain::roles::Action;
use crate::domain::Error;
use crate::telegram::Cb;
use crate::tr;

async fn list_view(ctx: &Ctx, member: &Member) -> Result<(String, teloxide::types::InlineKeyboardMarkup), Error> {
    let keys = apikeys::list(&ctx.app.db, member.company_id).await?;
    let active: Vec<_> = keys.iter().filter(|k| !k.revoked).collect();
    let mut lines = vec![tr!(ctx.lang(), "apikey-header", count = active.len())];
    lines.extend(active.iter().map(|k| format!("🔑 {}… — {}", k.prefix, k.name)));
    let mut rows: Vec<Vec<(String, Cb)>> = active
        .iter()
        .map(|k| vec![(tr!(ctx.lang(), "btn-revoke", prefix = format!("{}…", k.prefix)), Cb::ApiKeyRevoke(k.id))])
        .collect();
    rows.push(vec![(ctx.t("btn-new-key"), Cb::ApiKeyNew)]);
    Ok((lines.join("\n"), keyboard(rows)))
}

pub async fn command(ctx: &Ctx) -> Result<(), Error> {
    let member = require(ctx, Access::Role(Action::ManageApiKeys))?.clone();
    let (text, kb) = list_view(ctx, &member).await?;
    ctx.say_with(text, kb).await?;
    Ok(())
}

pub async fn on_button(ctx: &Ctx, message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    let member = require(ctx, Access::Role(Action::ManageApiKeys))?.clone();
    match cb {
        Cb::ApiKeyNew => {
            let name = format!("{} · {}", member.name, member.time_zone.today());
            let (_, key) = apikeys::create(&ctx.app.db, &member.actor(), &name, None).await?;
            ctx.edit(message, tr!(ctx.lang(), "apikey-created", key = key), None).await?;
            Ok(None)
        }
        Cb::ApiKeyRevoke(id) => {
            apikeys::revoke(&ctx.app.db, &member.actor(), id).await?;
            let (text, kb) = list_view(ctx, &member).await?;
            ctx.edit(message, text, Some(kb)).await?;
            Ok(Some(ctx.t("apikey-revoked")))
        }
        _ => Ok(None),
    }
}
