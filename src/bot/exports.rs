//! `/export`: a report as a file. Buttons choose what (sales, by day, branch, cashier, product
//! or customer; purchases, by supplier or product; inventory; debts), the period and the
//! format; a progress message counts the rows as they are written, then the file arrives.
//!
//! ```text
//! user: /export          bot: [Sales] [By day] … [Inventory] [Debts]
//! user: [Inventory]      bot: [XLSX] [PDF] [CSV]
//! user: [XLSX]           bot: ⏳ Preparing…  → ✅ 120 rows   + inventory-2026-11-30.xlsx
//! ```

use std::time::{Duration, Instant};

use teloxide::types::{ChatAction, MessageId};

use super::{keyboard, Ctx};
use crate::domain::calendar::Period;
use crate::domain::exports::{Kind, Spec};
use crate::domain::roles::Action;
use crate::domain::Error;
use crate::i18n::t;
use crate::reports::exports::{self as files, FileFormat};
use crate::telegram::{Cb, OutFile};
use crate::tr;

/// Telegram takes files from bots up to 50 MB.
const TELEGRAM_MAX_BYTES: u64 = 50 * 1024 * 1024;

/// The progress message is edited at most this often.
const PROGRESS_EVERY: Duration = Duration::from_secs(1);

pub async fn command(ctx: &Ctx) -> Result<(), Error> {
    ctx.actor(Action::Export)?;
    let lang = ctx.lang();
    // Statements are on a customer's card.
    let offered: Vec<Kind> = Kind::ALL.into_iter().filter(|k| !k.needs_party()).collect();
    let rows = offered
        .chunks(2)
        .map(|pair| pair.iter().map(|k| (t(lang, &format!("export-{}", k.code())), Cb::Export(*k))).collect())
        .collect();
    ctx.say_with(ctx.t("export-choose"), keyboard(rows)).await?;
    Ok(())
}

pub async fn on_button(ctx: &Ctx, message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    ctx.actor(Action::Export)?;
    let lang = ctx.lang();
    match cb {
        Cb::Export(kind) if kind.has_period() => {
            let rows = Period::BUTTONS
                .chunks(3)
                .map(|row| row.iter().map(|p| (t(lang, p.label_key()), Cb::ExportPeriod(kind, p.code()))).collect())
                .collect();
            let text = tr!(lang, "export-choose-period", kind = t(lang, &format!("export-{}", kind.code())));
            ctx.edit(message, text, Some(keyboard(rows))).await?;
        }
        Cb::Export(kind) => ask_format(ctx, message, kind, String::new()).await?,
        Cb::ExportPeriod(kind, period) => ask_format(ctx, message, kind, period).await?,
        Cb::ExportFile(kind, period, format) => {
            ctx.edit(message, tr!(lang, "export-chosen", kind = t(lang, &format!("export-{}", kind.code()))), None)
                .await?;
            let today = ctx.actor(Action::Export)?.calendar(&ctx.app.db).await?.today();
            let (from, to) = match Period::from_code(&period) {
                Some(p) => p.dates(today),
                None => (today, today),
            };
            run(ctx, kind, Spec { from: Some(from), to: Some(to), ..Default::default() }, format).await?;
        }
        _ => return Ok(Some(t(lang, "err-stale-button"))),
    }
    Ok(None)
}

async fn ask_format(ctx: &Ctx, message: MessageId, kind: Kind, period: String) -> Result<(), Error> {
    let lang = ctx.lang();
    let buttons = [FileFormat::Xlsx, FileFormat::Pdf, FileFormat::Csv]
        .map(|f| (f.extension().to_uppercase(), Cb::ExportFile(kind, period.clone(), f)))
        .to_vec();
    let text = tr!(lang, "export-choose-format", kind = t(lang, &format!("export-{}", kind.code())));
    ctx.edit(message, text, Some(keyboard(vec![buttons]))).await?;
    Ok(())
}

/// Writes the export to a temporary file, counting rows in a progress message, then sends it.
pub async fn run(ctx: &Ctx, kind: Kind, spec: Spec, format: FileFormat) -> Result<(), Error> {
    let actor = ctx.actor(Action::Export)?;
    let lang = ctx.lang();
    let db = &ctx.app.db;
    let (from, to) = crate::domain::exports::period(db, &actor, kind, &spec).await?;
    let progress = ctx.say(ctx.t("export-progress")).await?;
    ctx.bot.show_action(ctx.chat, ChatAction::UploadDocument).await.map_err(anyhow::Error::from)?;
    let heading = files::heading(db, &actor, kind, &spec, lang).await?;
    let file = tempfile::tempfile().map_err(anyhow::Error::from)?;
    let copy = file.try_clone().map_err(anyhow::Error::from)?;
    let (count, mut counted) = tokio::sync::watch::channel(0u64);
    let export = files::to_file(db, &actor, &spec, heading, format, copy, move |n| {
        let _ = count.send(n);
    });
    tokio::pin!(export);
    let (mut last_edit, mut counting) = (Instant::now(), true);
    let outcome = loop {
        tokio::select! {
            done = &mut export => break done,
            changed = counted.changed(), if counting => match changed {
                Ok(()) if last_edit.elapsed() >= PROGRESS_EVERY => {
                    let rows = *counted.borrow_and_update();
                    ctx.edit(progress.id, tr!(lang, "export-progress-rows", rows = rows), None).await?;
                    last_edit = Instant::now();
                }
                Ok(()) => {}
                Err(_) => counting = false,
            },
        }
    };
    let rows = match outcome {
        Ok(rows) => rows,
        Err(Error::Refused(refusal)) => {
            ctx.edit(progress.id, ctx.refusal_text(&refusal), None).await?;
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    let size = file.metadata().map_err(anyhow::Error::from)?.len();
    if size > TELEGRAM_MAX_BYTES {
        ctx.edit(progress.id, tr!(lang, "export-too-big", rows = rows), None).await?;
        return Ok(());
    }
    let bytes = read_all(file)?;
    ctx.edit(progress.id, tr!(lang, "export-done", rows = rows), None).await?;
    let stem = if kind.has_period() { format!("{}-{from}_{to}", kind.code()) } else { format!("{}-{to}", kind.code()) };
    let out = OutFile { name: format!("{stem}.{}", format.extension()), bytes, caption: None, photo: false };
    ctx.bot.send_file(ctx.chat, out, None).await.map_err(anyhow::Error::from)?;
    Ok(())
}

fn read_all(mut file: std::fs::File) -> Result<Vec<u8>, Error> {
    use std::io::{Read, Seek};
    file.rewind().map_err(anyhow::Error::from)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(anyhow::Error::from)?;
    Ok(bytes)
}
