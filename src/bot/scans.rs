//! A photographed invoice or till receipt (a photo, or an image or PDF sent as a file): the bot
//! shows "typing…" and one progress message, reads the file on this server, and turns the
//! message into the draft's card. Nothing is saved until a button says so:
//! [Save as purchase] [Save as expense] [Edit] [Cancel]. An album is one summary message,
//! edited as each page is read, with a button per page.

use teloxide::types::{ChatAction, Document, InlineKeyboardMarkup, Message, MessageId};

use super::commands::Access;
use super::state::State;
use super::{require, Ctx};
use crate::domain::company;
use crate::domain::expenses;
use crate::domain::money::{Money, Qty};
use crate::domain::roles::{self, Action};
use crate::domain::scans::{self, EditField, Scan, Status, Upload, Warning};
use crate::domain::{Error, Refusal};
use crate::i18n::{t, Lang};
use crate::telegram::outbox::OutFile;
use crate::telegram::{keyboard, Cb};
use crate::tr;

const EXTENSIONS: [&str; 8] = ["jpg", "jpeg", "png", "tif", "tiff", "webp", "pdf", "jfif"];

/// Whether a file sent as a document is a picture or PDF to read (a CSV or XLSX is an import).
pub fn is_scan(document: &Document) -> bool {
    let mime = document.mime_type.as_ref().map(|m| m.essence_str().to_string()).unwrap_or_default();
    let ext = document.file_name.as_deref().and_then(|n| n.rsplit_once('.')).map(|(_, e)| e.to_lowercase());
    mime.starts_with("image/") || mime == "application/pdf" || ext.is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

/// A photo or a picture/PDF file.
pub async fn on_message(ctx: &Ctx, msg: &Message) -> Result<(), Error> {
    let (file_id, name, size) = if let Some(photo) = msg.photo().and_then(|sizes| sizes.last()) {
        (photo.file.id.clone(), format!("photo-{}.jpg", msg.id.0), photo.file.size as usize)
    } else if let Some(document) = msg.document() {
        let name = document.file_name.clone().unwrap_or_else(|| "file".into());
        (document.file.id.clone(), name, document.file.size as usize)
    } else {
        return Ok(());
    };
    let member = require(ctx, Access::Role(Action::ScanDocuments))?.clone();
    let actor = member.actor();
    let lang = ctx.lang();
    if size > scans::MAX_BYTES {
        ctx.say(ctx.refusal_text(&Refusal::FileTooLarge)).await?;
        return Ok(());
    }
    let batch = match msg.media_group_id() {
        Some(group) => Some(album(ctx, &actor, &group.0).await?),
        None => None,
    };
    let progress = match &batch {
        Some((_, Some(message))) => MessageId(*message as i32),
        _ => ctx.say(tr!(lang, "scan-progress", name = name.clone())).await?.id,
    };
    if let Some((batch_id, None)) = batch {
        scans::set_batch_message(&ctx.app.db, &actor, batch_id, progress.0 as i64).await?;
    }
    ctx.bot.show_action(ctx.chat, ChatAction::Typing).await.map_err(anyhow::Error::from)?;
    let bytes = ctx.bot.download(file_id.clone()).await.map_err(anyhow::Error::from)?;
    let today = scans::today(&ctx.app.db, &actor).await?;
    let upload = Upload { file_name: name, telegram_file_id: Some(file_id.0), batch_id: batch.map(|(id, _)| id) };
    let outcome = match scans::read(Some(&ctx.app.ocr), &bytes, today).await {
        Ok(reading) => Ok(scans::keep(&ctx.app.db, &actor, &upload, &bytes, &reading).await?),
        Err(Error::Refused(r)) => Err(r),
        Err(e) => return Err(e),
    };
    match (upload.batch_id, outcome) {
        (Some(batch_id), _) => {
            let pages = scans::batch(&ctx.app.db, &actor, batch_id).await?;
            let (text, kb) = album_card(lang, &pages);
            ctx.edit(progress, text, Some(kb)).await?;
        }
        (None, Ok(scan)) => {
            let (text, kb) = card(lang, &member.role, &scan);
            ctx.edit(progress, text, kb).await?;
        }
        (None, Err(refusal)) => ctx.edit(progress, ctx.refusal_text(&refusal), None).await?,
    }
    Ok(())
}

/// The batch an album's page belongs to, and the message that shows it once there is one.
async fn album(ctx: &Ctx, actor: &crate::domain::actor::Actor, group: &str) -> Result<(i64, Option<i64>), Error> {
    let key = format!("tg:{}:{group}", ctx.chat.0);
    Ok(match scans::batch_by_key(&ctx.app.db, actor, &key).await? {
        Some(found) => found,
        None => (scans::new_batch(&ctx.app.db, actor, &key).await?, None),
    })
}

fn album_card(lang: Lang, pages: &[Scan]) -> (String, InlineKeyboardMarkup) {
    let mut text = tr!(lang, "scan-album", count = pages.len());
    let mut buttons = Vec::new();
    for (n, scan) in pages.iter().enumerate() {
        let d = &scan.document.draft;
        let seller = d.seller.as_ref().map(|s| s.value.clone()).unwrap_or_else(|| "—".into());
        let total = d.total.as_ref().map(|t| t.value.format(lang)).unwrap_or_else(|| "—".into());
        let warn = if d.warnings.is_empty() { "" } else { " ⚠️" };
        text.push_str(&format!("\n{}. {seller}: {total}{warn}", n + 1));
        buttons.push((tr!(lang, "scan-btn-open", n = n + 1), Cb::ScanOpen(scan.id)));
    }
    (text, keyboard(buttons.chunks(5).map(|c| c.to_vec()).collect()))
}

/// A value read with little confidence is marked for checking.
fn unsure(confidence: u8) -> &'static str {
    if confidence < 60 {
        " ❓"
    } else {
        ""
    }
}

/// The draft's card, with the buttons the member's role allows while it is a draft.
fn card(lang: Lang, role: &roles::Role, scan: &Scan) -> (String, Option<InlineKeyboardMarkup>) {
    let d = &scan.document.draft;
    let mut lines = Vec::new();
    let kind = if d.kind == Some(scans::extract::DocKind::Receipt) { "scan-card-receipt" } else { "scan-card-invoice" };
    let number =
        d.invoice_number.as_ref().map(|n| format!("{}{}", n.value, unsure(n.confidence))).unwrap_or_else(|| "—".into());
    let date = d
        .date
        .as_ref()
        .map(|x| format!("{}{}", x.value.format("%d.%m.%Y"), unsure(x.confidence)))
        .unwrap_or_else(|| "—".into());
    lines.push(tr!(lang, kind, number = number, date = date));
    let party = |name: &Option<scans::Field<String>>, tin: &Option<scans::Field<String>>| {
        let name = name.as_ref().map(|n| format!("{}{}", n.value, unsure(n.confidence))).unwrap_or_else(|| "—".into());
        let tin = tin.as_ref().map(|n| format!("{}{}", n.value, unsure(n.confidence))).unwrap_or_else(|| "—".into());
        (name, tin)
    };
    let (seller, seller_tin) = party(&d.seller, &d.seller_tin);
    let known = if scan.document.supplier_id.is_some() { "scan-supplier-known" } else { "scan-supplier-new" };
    lines.push(format!("{} {}", tr!(lang, "scan-seller", name = seller, tin = seller_tin), t(lang, known)));
    if d.buyer.is_some() || d.buyer_tin.is_some() {
        let (buyer, buyer_tin) = party(&d.buyer, &d.buyer_tin);
        lines.push(tr!(lang, "scan-buyer", name = buyer, tin = buyer_tin));
    }
    lines.push(String::new());
    for (n, (item, matched)) in d.items.iter().zip(&scan.document.matches).enumerate() {
        let sure = unsure(item.quantity.confidence.min(item.unit_price.confidence).min(item.amount.confidence));
        lines.push(tr!(
            lang,
            "scan-line",
            n = n + 1,
            name = item.name.value.clone(),
            qty = item.quantity.value.format(lang),
            unit = item.unit.value.clone(),
            price = item.unit_price.value.format(lang),
            amount = format!("{}{sure}", item.amount.value.format(lang))
        ));
        let product = match matched {
            Some(m) => tr!(lang, "scan-line-matched", product = m.name.clone()),
            None => t(lang, "scan-line-new"),
        };
        lines.push(format!("    {product}"));
    }
    let total = d
        .total
        .as_ref()
        .map(|x| format!("{}{}", x.value.format(lang), unsure(x.confidence)))
        .unwrap_or_else(|| "—".into());
    let vat = d.vat.as_ref().map(|v| v.value.format(lang)).unwrap_or_else(|| "—".into());
    lines.push(tr!(lang, "scan-total", total = total, vat = vat));
    if let Some(fiscal) = &scan.document.fiscal {
        lines.push(tr!(lang, "scan-fiscal", link = fiscal.link.clone()));
    }
    for w in &d.warnings {
        lines.push(warning_text(lang, w));
    }
    lines.push(String::new());
    let buttons = match scan.status {
        Status::Draft => {
            lines.push(t(lang, "scan-nothing-saved"));
            let mut first = Vec::new();
            if roles::can(*role, Action::ManageStock) && !d.items.is_empty() {
                first.push((t(lang, "scan-btn-purchase"), Cb::ScanPurchase(scan.id)));
            }
            first.push((t(lang, "scan-btn-expense"), Cb::ScanExpense(scan.id)));
            let second = vec![
                (t(lang, "scan-btn-edit"), Cb::ScanEdit(scan.id)),
                (t(lang, "scan-btn-cancel"), Cb::ScanCancel(scan.id)),
            ];
            Some(keyboard(vec![first, second]))
        }
        Status::Purchase => {
            lines.push(tr!(lang, "scan-status-purchase", id = scan.purchase_id.unwrap_or_default()));
            Some(original_button(lang, scan.id))
        }
        Status::Expense => {
            lines.push(tr!(lang, "scan-status-expense", id = scan.expense_id.unwrap_or_default()));
            Some(original_button(lang, scan.id))
        }
        Status::Cancelled => {
            lines.push(t(lang, "scan-cancelled"));
            Some(original_button(lang, scan.id))
        }
        Status::Saving => {
            lines.push(t(lang, "scan-state-saving"));
            Some(original_button(lang, scan.id))
        }
    };
    (lines.join("\n"), buttons)
}

fn original_button(lang: Lang, id: i64) -> InlineKeyboardMarkup {
    keyboard(vec![vec![(t(lang, "scan-btn-original"), Cb::ScanOriginal(id))]])
}

fn warning_text(lang: Lang, w: &Warning) -> String {
    match w {
        Warning::LineMismatch { line } => tr!(lang, "scan-warn-line", line = *line),
        Warning::TotalMismatch { lines, total } => {
            tr!(lang, "scan-warn-total", lines = lines.format(lang), total = total.format(lang))
        }
        Warning::BadTin { party } => {
            tr!(
                lang,
                "scan-warn-tin",
                party = t(lang, if party == "buyer" { "scan-party-buyer" } else { "scan-party-seller" })
            )
        }
        Warning::FutureDate => t(lang, "scan-warn-future"),
        Warning::NoLines => t(lang, "scan-warn-no-lines"),
        Warning::NoTotal => t(lang, "scan-warn-no-total"),
    }
}

pub async fn on_button(ctx: &Ctx, message: MessageId, cb: Cb) -> Result<Option<String>, Error> {
    let member = require(ctx, Access::Role(Action::ScanDocuments))?.clone();
    let actor = member.actor();
    let lang = ctx.lang();
    let db = &ctx.app.db;
    match cb {
        Cb::ScanOpen(id) => {
            let scan = scans::get(db, &actor, id).await?;
            let (text, kb) = card(lang, &member.role, &scan);
            match kb {
                Some(kb) => ctx.say_with(text, kb).await?,
                None => ctx.say(text).await?,
            };
        }
        Cb::ScanPurchase(id) => {
            let branch_id = match actor.branch_id {
                Some(b) => b,
                None => company::branches(db, actor.company_id)
                    .await?
                    .first()
                    .map(|b| b.id)
                    .ok_or(Refusal::BranchRequired)?,
            };
            let saved = scans::save_as_purchase(db, &actor, id, branch_id).await?;
            let scan = scans::get(db, &actor, id).await?;
            let (text, kb) = card(lang, &member.role, &scan);
            ctx.edit(message, text, kb).await?;
            let mut done =
                tr!(lang, "scan-saved-purchase", id = saved.purchase.id, total = saved.purchase.total.format(lang));
            if !saved.new_products.is_empty() {
                done.push('\n');
                done.push_str(&tr!(lang, "scan-new-products", names = saved.new_products.join(", ")));
            }
            ctx.say(done).await?;
        }
        Cb::ScanExpense(id) => {
            let scan = scans::get(db, &actor, id).await?;
            if scan.status != Status::Draft {
                return Err(Refusal::AlreadyDecided.into());
            }
            let categories = expenses::categories(db, actor.company_id).await?;
            let buttons: Vec<(String, Cb)> =
                categories.into_iter().map(|c| (c.name, Cb::ScanCategory(id, c.id))).collect();
            ctx.say_with(t(lang, "scan-expense-category"), keyboard(buttons.chunks(2).map(|c| c.to_vec()).collect()))
                .await?;
        }
        Cb::ScanCategory(id, category_id) => {
            let filed = scans::save_as_expense(db, &actor, id, category_id).await?;
            super::expenses::announce_filed(ctx, message, &filed).await?;
        }
        Cb::ScanEdit(id) => {
            scans::get(db, &actor, id).await?;
            let fields = [
                ("n", "scan-field-number"),
                ("d", "scan-field-date"),
                ("s", "scan-field-seller"),
                ("t", "scan-field-tin"),
                ("j", "scan-field-total"),
                ("l", "scan-field-line"),
            ];
            let buttons: Vec<(String, Cb)> =
                fields.iter().map(|(code, key)| (t(lang, key), Cb::ScanField(id, code.to_string()))).collect();
            ctx.say_with(t(lang, "scan-edit-which"), keyboard(buttons.chunks(3).map(|c| c.to_vec()).collect())).await?;
        }
        Cb::ScanField(id, field) => {
            scans::get(db, &actor, id).await?;
            let prompt = if field == "l" { "scan-edit-line-prompt" } else { "scan-edit-prompt" };
            ctx.set_state(State::ScanEdit { scan_id: id, field }).await?;
            ctx.say(t(lang, prompt)).await?;
        }
        Cb::ScanOriginal(id) => send_original(ctx, &actor, id).await?,
        Cb::ScanCancel(id) => {
            let scan = scans::cancel(db, &actor, id).await?;
            let (text, kb) = card(lang, &member.role, &scan);
            ctx.edit(message, text, kb).await?;
        }
        _ => {}
    }
    Ok(None)
}

/// `/scans`: the last documents read (a branch's for branch staff), each with a button that
/// shows its card again, and from the card the original file and the recognised text.
pub async fn command(ctx: &Ctx) -> Result<(), Error> {
    let member = require(ctx, Access::Role(Action::ScanDocuments))?.clone();
    let lang = ctx.lang();
    let recent = scans::recent(&ctx.app.db, &member.actor(), 10).await?;
    if recent.is_empty() {
        ctx.say(t(lang, "scan-none")).await?;
        return Ok(());
    }
    let mut text = t(lang, "scan-recent");
    let mut buttons = Vec::new();
    for scan in &recent {
        let d = &scan.document.draft;
        let seller = d.seller.as_ref().map(|s| s.value.clone()).unwrap_or_else(|| scan.file_name.clone());
        let total = d.total.as_ref().map(|x| x.value.format(lang)).unwrap_or_else(|| "—".into());
        let state = t(lang, &format!("scan-state-{}", scan.status.as_str()));
        text.push_str(&format!("\n№{} · {seller}: {total} · {state}", scan.id));
        buttons.push((format!("📄 {}", scan.id), Cb::ScanOpen(scan.id)));
    }
    ctx.say_with(text, keyboard(buttons.chunks(5).map(|c| c.to_vec()).collect())).await?;
    Ok(())
}

/// The original file as it was sent, and the text it was read into.
async fn send_original(ctx: &Ctx, actor: &crate::domain::actor::Actor, id: i64) -> Result<(), Error> {
    let scan = scans::get(&ctx.app.db, actor, id).await?;
    let (_, bytes) = scans::file(&ctx.app.db, actor, id).await?;
    let caption = Some(tr!(ctx.lang(), "scan-original-caption", id = id));
    let file = OutFile { name: scan.file_name.clone(), bytes, caption, photo: false };
    ctx.bot.send_file(ctx.chat, file, None).await.map_err(anyhow::Error::from)?;
    let text: String = scan.raw_text.chars().take(3500).collect();
    ctx.say(format!("{}\n\n{text}", t(ctx.lang(), "scan-raw-text"))).await?;
    Ok(())
}

/// The retyped value of the field chosen under "Edit"; the card comes again, checked again.
pub async fn on_text(ctx: &Ctx, scan_id: i64, field: &str, text: &str) -> Result<(), Error> {
    let member = require(ctx, Access::Role(Action::ScanDocuments))?.clone();
    let actor = member.actor();
    let db = &ctx.app.db;
    let edited = if field == "l" {
        let words: Vec<&str> = text.split_whitespace().collect();
        let parsed = match words.as_slice() {
            [line, qty, price @ ..] if !price.is_empty() => {
                line.parse::<u16>().ok().map(|l| (l, *qty, price.join(" ")))
            }
            _ => None,
        };
        let Some((line, qty, price)) = parsed else {
            ctx.say(ctx.t("scan-edit-line-prompt")).await?;
            return Ok(());
        };
        if ctx.accept(Qty::read(qty)).await?.is_none() || ctx.accept(Money::read(&price)).await?.is_none() {
            return Ok(());
        }
        scans::edit(db, &actor, scan_id, EditField::Quantity(line), qty).await?;
        scans::edit(db, &actor, scan_id, EditField::Price(line), &price).await
    } else {
        let what = match field {
            "n" => EditField::Number,
            "d" => EditField::Date,
            "s" => EditField::Seller,
            "t" => EditField::SellerTin,
            _ => EditField::Total,
        };
        scans::edit(db, &actor, scan_id, what, text).await
    };
    let scan = match edited {
        Ok(scan) => scan,
        // A value that does not read: say why and wait for another.
        Err(Error::Refused(r)) if r != Refusal::AlreadyDecided && r != Refusal::NotFound => {
            ctx.say(ctx.refusal_text(&r)).await?;
            return Ok(());
        }
        Err(e) => {
            ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
            return Err(e);
        }
    };
    ctx.dialogue.exit().await.map_err(anyhow::Error::from)?;
    let (text, kb) = card(ctx.lang(), &member.role, &scan);
    match kb {
        Some(kb) => ctx.say_with(text, kb).await?,
        None => ctx.say(text).await?,
    };
    Ok(())
}
