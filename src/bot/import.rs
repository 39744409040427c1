//! A manager or admin sends a CSV or XLSX file of sales: the bot shows progress by editing one
//! message, then says how many receipts went in, or lists each bad row (nothing is saved).

use teloxide::types::{ChatAction, Document};

use super::commands::Access;
use super::{require, Ctx};
use crate::domain::import::{self, Outcome};
use crate::domain::roles::Action;
use crate::domain::Error;
use crate::reports::import::{outcome_text, refused_text};
use crate::tr;

pub async fn on_document(ctx: &Ctx, document: &Document) -> Result<(), Error> {
    let member = require(ctx, Access::Role(Action::ImportSales))?.clone();
    let name = document.file_name.clone().unwrap_or_else(|| "file".into());
    if document.file.size as usize > ctx.app.import_max_bytes {
        ctx.say(refused_text(ctx.lang(), &[import::too_big(ctx.app.import_max_bytes)])).await?;
        return Ok(());
    }
    let progress = ctx.say(tr!(ctx.lang(), "import-progress", name = name.clone())).await?;
    ctx.bot.show_action(ctx.chat, ChatAction::Typing).await.map_err(anyhow::Error::from)?;
    let bytes = ctx.bot.download(document.file.id.clone()).await.map_err(anyhow::Error::from)?;
    let actor = member.actor();
    let outcome = match import::check_file(&ctx.app.db, &actor, &name, std::io::Cursor::new(bytes)).await? {
        Ok(checked) => {
            let rows = checked.rows();
            ctx.edit(progress.id, tr!(ctx.lang(), "import-writing", name = name.clone(), rows = rows), None).await?;
            import::commit(&ctx.app.db, &actor, checked).await?
        }
        Err(problems) => Outcome::Refused(problems),
    };
    ctx.edit(progress.id, outcome_text(ctx.lang(), &outcome), None).await?;
    if let Outcome::Imported { events, .. } = &outcome {
        crate::notify::deliver(&ctx.app, events).await;
    }
    Ok(())
}
