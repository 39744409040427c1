//! Photographed invoices and till receipts. A file is read on this server (Tesseract, nothing
//! leaves it) into a typed draft; the draft is kept with the original file and the raw text,
//! and becomes a purchase or an expense only when someone says so, once.
//!
//! Reading: [`read`] (limits → format → a PDF's text layer or preprocessing + OCR + the QR
//! code → [`extract::draft`]). Keeping and deciding: [`keep`], [`get`], [`edit`], [`cancel`],
//! [`save_as_purchase`], [`save_as_expense`].

pub mod engine;
pub mod extract;
pub mod prepare;
pub mod qr;

use std::io::Cursor;
use std::time::Instant;

use chrono::NaiveDate;
use image::{ImageFormat, ImageReader, Limits};
use serde::{Deserialize, Serialize};

use crate::db::{now, Db};
use crate::domain::actor::Actor;
use crate::domain::catalog::{self, ProductInput};
use crate::domain::company::Tin;
use crate::domain::expenses::{self, NewExpense, PaidFrom};
use crate::domain::money::{Money, Qty};
use crate::domain::partners::{self, PartnerKind};
use crate::domain::purchases::{self, PurchaseLine};
use crate::domain::roles::Action;
use crate::domain::{calendar, Refusal, Result};

pub use engine::{Engine, EngineConfig, EngineError};
pub use extract::{Draft, Field, Item, TextLine, Warning};
pub use qr::Fiscal;

/// Bytes a file may have: a phone photo is 2–6 MB, a scanned page as PDF under 10.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
/// Pixels an image may have (checked from its header, before it is decoded): 40 megapixels
/// is more than any phone camera; a "decompression bomb" declares far more.
pub const MAX_PIXELS: u64 = 40_000_000;
pub const MAX_SIDE: u32 = 16_000;
/// Files read together at most (an album holds 10; an HTTP batch the same).
pub const MAX_BATCH: usize = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Jpeg,
    Png,
    Tiff,
    Webp,
    Pdf,
}

impl Format {
    /// From the file's first bytes, whatever its name says.
    pub fn sniff(bytes: &[u8]) -> Option<Format> {
        if bytes.starts_with(b"%PDF-") {
            return Some(Format::Pdf);
        }
        match image::guess_format(bytes).ok()? {
            ImageFormat::Jpeg => Some(Format::Jpeg),
            ImageFormat::Png => Some(Format::Png),
            ImageFormat::Tiff => Some(Format::Tiff),
            ImageFormat::WebP => Some(Format::Webp),
            _ => None,
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Tiff => "image/tiff",
            Format::Webp => "image/webp",
            Format::Pdf => "application/pdf",
        }
    }
}

/// What was read from one file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    pub format: Format,
    /// The text as recognised (or a PDF's text layer), line by line.
    pub text: String,
    /// Tesseract's mean confidence over the lines (100 for a text layer).
    pub confidence: u8,
    pub draft: Draft,
    pub fiscal: Option<Fiscal>,
    /// Whether the text came from a PDF's text layer (no OCR).
    pub text_layer: bool,
    pub elapsed_ms: i64,
}

/// Reads one file into a draft, checked against `today` (the company's day). `engine` is
/// `None` where OCR could not start: a PDF with a text layer is still read.
pub async fn read(engine: Option<&Engine>, bytes: &[u8], today: NaiveDate) -> Result<Reading> {
    let started = Instant::now();
    if bytes.len() > MAX_BYTES {
        return Err(Refusal::FileTooLarge.into());
    }
    let format = Format::sniff(bytes).ok_or(Refusal::FileFormat)?;
    let (lines, fiscal, text_layer) = if format == Format::Pdf {
        match pdf_text(bytes.to_vec()).await? {
            Some(lines) => (lines, None, true),
            None => {
                let image = pdf_image(bytes.to_vec()).await?.ok_or(Refusal::FileUnreadable)?;
                let (lines, fiscal) = recognise(engine, image).await?;
                (lines, fiscal, false)
            }
        }
    } else {
        let (lines, fiscal) = recognise(engine, bytes.to_vec()).await?;
        (lines, fiscal, false)
    };
    if lines.iter().map(|l| l.text.chars().filter(|c| c.is_alphanumeric()).count()).sum::<usize>() < 8
        && fiscal.is_none()
    {
        return Err(Refusal::NoText.into());
    }
    let mut draft = extract::draft(&lines, today);
    if let Some(fiscal) = &fiscal {
        prefer_fiscal(&mut draft, fiscal, today);
    }
    let confidence = match lines.len() {
        0 => 0,
        n => (lines.iter().map(|l| l.confidence as usize).sum::<usize>() / n) as u8,
    };
    let text = lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n");
    Ok(Reading {
        format,
        text,
        confidence,
        draft,
        fiscal,
        text_layer,
        elapsed_ms: started.elapsed().as_millis() as i64,
    })
}

/// The fiscal module's figures over what OCR made of the printed ones.
fn prefer_fiscal(draft: &mut Draft, fiscal: &Fiscal, today: NaiveDate) {
    draft.kind = Some(extract::DocKind::Receipt);
    if let Some(at) = fiscal.issued_at {
        draft.date = Some(Field { value: at.date(), confidence: 100 });
    }
    if draft.invoice_number.is_none() {
        draft.invoice_number = Some(Field { value: fiscal.receipt_number.clone(), confidence: 100 });
    }
    if let Some(amount) = fiscal.amount {
        draft.total = Some(Field { value: amount, confidence: 100 });
    }
    draft.check(today);
}

/// Decodes, prepares and reads an image; its QR code is looked for on the levelled page.
async fn recognise(engine: Option<&Engine>, bytes: Vec<u8>) -> Result<(Vec<TextLine>, Option<Fiscal>)> {
    let engine = engine.ok_or(Refusal::OcrUnavailable)?;
    let (page, fiscal) = tokio::task::spawn_blocking(move || -> std::result::Result<_, Refusal> {
        let gray = decode(&bytes)?;
        let prepared = prepare::prepare(gray);
        let fiscal = qr::fiscal_on(&prepared.levelled);
        Ok((prepared.page, fiscal))
    })
    .await
    .map_err(anyhow::Error::from)??;
    let lines = engine.read(page).await.map_err(|e| match e {
        EngineError::Unavailable(why) => {
            tracing::warn!(%why, "OCR is not available");
            Refusal::OcrUnavailable
        }
        EngineError::Failed(why) => {
            tracing::warn!(%why, "OCR failed on a page");
            Refusal::FileUnreadable
        }
    })?;
    Ok((lines, fiscal))
}

/// An image's grey levels, its size checked from the header before anything is decoded.
pub fn decode(bytes: &[u8]) -> std::result::Result<image::GrayImage, Refusal> {
    Ok(open(bytes)?.to_luma8())
}

/// A decoded image (JPEG, PNG, TIFF, WebP), its size checked from the header before anything is
/// decoded so a small file cannot claim gigabytes.
pub fn open(bytes: &[u8]) -> std::result::Result<image::DynamicImage, Refusal> {
    let reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|_| Refusal::FileUnreadable)?;
    let (w, h) = reader.into_dimensions().map_err(|_| Refusal::FileUnreadable)?;
    if w == 0 || h == 0 {
        return Err(Refusal::FileUnreadable);
    }
    if w > MAX_SIDE || h > MAX_SIDE || (w as u64) * (h as u64) > MAX_PIXELS {
        return Err(Refusal::ImageTooLarge);
    }
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|_| Refusal::FileUnreadable)?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4 + (64 << 20));
    reader.limits(limits);
    let image = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => Refusal::ImageTooLarge,
        _ => Refusal::FileUnreadable,
    })?;
    Ok(image)
}

/// A PDF's text layer, line by line; `None` when it has none (a scanned page).
async fn pdf_text(bytes: Vec<u8>) -> Result<Option<Vec<TextLine>>> {
    // The PDF library panics on some malformed files; a panic is an unreadable file.
    let text = tokio::task::spawn_blocking(move || {
        std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(&bytes)).ok().and_then(|r| r.ok())
    })
    .await
    .map_err(anyhow::Error::from)?;
    let Some(text) = text else { return Err(Refusal::FileUnreadable.into()) };
    let lines: Vec<TextLine> = text.lines().map(str::trim).filter(|l| !l.is_empty()).map(TextLine::sure).collect();
    let letters: usize = lines.iter().map(|l| l.text.chars().filter(|c| c.is_alphanumeric()).count()).sum();
    Ok((letters >= 20).then_some(lines))
}

/// A scanned PDF's page: the largest JPEG image it holds, read by OCR like a photo.
async fn pdf_image(bytes: Vec<u8>) -> Result<Option<Vec<u8>>> {
    let image = tokio::task::spawn_blocking(move || {
        std::panic::catch_unwind(|| {
            let doc = lopdf::Document::load_mem(&bytes).ok()?;
            doc.objects
                .values()
                .filter_map(|o| o.as_stream().ok())
                .filter(|s| {
                    s.dict.get(b"Subtype").and_then(|v| v.as_name()).is_ok_and(|n| n == b"Image")
                        && s.dict.get(b"Filter").and_then(|v| v.as_name()).is_ok_and(|n| n == b"DCTDecode")
                })
                .map(|s| s.content.clone())
                .max_by_key(|c| c.len())
        })
        .ok()
        .flatten()
    })
    .await
    .map_err(anyhow::Error::from)?;
    Ok(image)
}

/// A reading as the command line and the HTTP API print it: each field `{value, confidence}`,
/// amounts and quantities as numbers in so‘m and units, the date as ISO.
pub fn json_of(reading: &Reading) -> serde_json::Value {
    let mut json = draft_json(&reading.draft, reading.fiscal.as_ref());
    json["source"] = serde_json::json!(if reading.text_layer { "pdf_text" } else { "ocr" });
    json["confidence"] = serde_json::json!(reading.confidence);
    json["elapsed_ms"] = serde_json::json!(reading.elapsed_ms);
    json
}

/// A kept scan: the draft as [`json_of`] prints it, with what it matched and became.
pub fn scan_json(scan: &Scan) -> serde_json::Value {
    let mut json = draft_json(&scan.document.draft, scan.document.fiscal.as_ref());
    json["id"] = serde_json::json!(scan.id);
    json["file_name"] = serde_json::json!(scan.file_name);
    json["status"] = serde_json::json!(scan.status);
    json["matches"] = serde_json::json!(scan.document.matches);
    json["supplier_id"] = serde_json::json!(scan.document.supplier_id);
    json["purchase_id"] = serde_json::json!(scan.purchase_id);
    json["expense_id"] = serde_json::json!(scan.expense_id);
    json["raw_text"] = serde_json::json!(scan.raw_text);
    json["elapsed_ms"] = serde_json::json!(scan.elapsed_ms);
    json
}

fn draft_json(d: &Draft, fiscal: Option<&Fiscal>) -> serde_json::Value {
    use serde_json::json;
    let text = |f: &Option<Field<String>>| f.as_ref().map(|f| json!({"value": f.value, "confidence": f.confidence}));
    let money = |f: &Field<Money>| json!({"value": som(f.value), "confidence": f.confidence});
    let items: Vec<serde_json::Value> = d
        .items
        .iter()
        .map(|i| {
            json!({
                "name": {"value": i.name.value, "confidence": i.name.confidence},
                "quantity": {"value": i.quantity.value.0 as f64 / 1000.0, "confidence": i.quantity.confidence},
                "unit": {"value": i.unit.value, "confidence": i.unit.confidence},
                "unit_price": money(&i.unit_price),
                "amount": money(&i.amount),
            })
        })
        .collect();
    json!({
        "kind": d.kind,
        "invoice_number": text(&d.invoice_number),
        "date": d.date.as_ref().map(|f| json!({"value": f.value.to_string(), "confidence": f.confidence})),
        "seller": text(&d.seller),
        "seller_tin": text(&d.seller_tin),
        "buyer": text(&d.buyer),
        "buyer_tin": text(&d.buyer_tin),
        "items": items,
        "vat": d.vat.as_ref().map(money),
        "total": d.total.as_ref().map(money),
        "currency": d.currency,
        "warnings": d.warnings,
        "fiscal": fiscal,
    })
}

/// Tiyin as so‘m, for JSON only (the books never leave integers).
fn som(m: Money) -> f64 {
    m.0 as f64 / 100.0
}

// ---------------------------------------------------------------------------------------------
// Kept documents

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    /// Being saved (a moment, between the claim and the document it creates).
    Saving,
    Purchase,
    Expense,
    Cancelled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Saving => "saving",
            Status::Purchase => "purchase",
            Status::Expense => "expense",
            Status::Cancelled => "cancelled",
        }
    }
    fn parse(s: &str) -> Status {
        match s {
            "saving" => Status::Saving,
            "purchase" => Status::Purchase,
            "expense" => Status::Expense,
            "cancelled" => Status::Cancelled,
            _ => Status::Draft,
        }
    }
}

/// How a draft's line found its product.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchedBy {
    Code,
    Barcode,
    Name,
    /// Added to the catalogue when the draft was saved.
    Created,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matched {
    pub product_id: i64,
    pub name: String,
    pub by: MatchedBy,
}

/// A draft with what was found for it in the company's data, as kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub draft: Draft,
    pub fiscal: Option<Fiscal>,
    /// One per line of the draft: the company's product, or `None` (offered as a new one).
    pub matches: Vec<Option<Matched>>,
    /// The supplier with the seller's TIN or name, when there is one.
    pub supplier_id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scan {
    pub id: i64,
    pub company_id: i64,
    pub branch_id: Option<i64>,
    pub user_id: Option<i64>,
    pub batch_id: Option<i64>,
    pub file_name: String,
    pub format: Format,
    pub telegram_file_id: Option<String>,
    pub raw_text: String,
    pub document: Document,
    pub status: Status,
    pub purchase_id: Option<i64>,
    pub expense_id: Option<i64>,
    pub elapsed_ms: i64,
    pub created_at: i64,
}

/// Where a file came from, to keep with it.
#[derive(Clone, Debug, Default)]
pub struct Upload {
    pub file_name: String,
    pub telegram_file_id: Option<String>,
    pub batch_id: Option<i64>,
}

/// Who may read documents into drafts.
pub fn may_scan(actor: &Actor) -> Result<()> {
    actor.require(Action::ScanDocuments)?;
    Ok(())
}

/// The company's day, for a reading's "dated in the future" check.
pub async fn today(db: &Db, actor: &Actor) -> Result<NaiveDate> {
    Ok(match actor.time_zone {
        Some(tz) => tz.today(),
        None => calendar::of_company(db, actor.company_id).await?.today(),
    })
}

/// Keeps what was read, with the file, and matches its lines and seller to the company's
/// products and suppliers.
pub async fn keep(db: &Db, actor: &Actor, upload: &Upload, bytes: &[u8], reading: &Reading) -> Result<Scan> {
    may_scan(actor)?;
    let matches = match_items(db, actor.company_id, &reading.draft.items).await?;
    let supplier_id = supplier_of(db, actor.company_id, &reading.draft).await?;
    let document = Document { draft: reading.draft.clone(), fiscal: reading.fiscal.clone(), matches, supplier_id };
    let file_name: String = upload.file_name.chars().take(200).collect();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO scans (company_id, branch_id, user_id, batch_id, file_name, media_type, file, telegram_file_id,
                            raw_text, document, status, fiscal_link, elapsed_ms, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', $11, $12, $13) RETURNING id",
    )
    .bind(actor.company_id)
    .bind(actor.branch_id)
    .bind(actor.user_id)
    .bind(upload.batch_id)
    .bind(&file_name)
    .bind(reading.format.media_type())
    .bind(bytes.to_vec())
    .bind(&upload.telegram_file_id)
    .bind(&reading.text)
    .bind(serde_json::to_string(&document).map_err(anyhow::Error::from)?)
    .bind(reading.fiscal.as_ref().map(|f| f.link.clone()))
    .bind(reading.elapsed_ms)
    .bind(now())
    .fetch_one(&db.pool)
    .await?;
    get(db, actor, id).await
}

/// A new batch (an album, an HTTP batch) the scans read together belong to.
pub async fn new_batch(db: &Db, actor: &Actor, key: &str) -> Result<i64> {
    may_scan(actor)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO scan_batches (company_id, user_id, batch_key, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(actor.company_id)
    .bind(actor.user_id)
    .bind(key.chars().take(100).collect::<String>())
    .bind(now())
    .fetch_one(&db.pool)
    .await?;
    Ok(id)
}

/// The batch with this key (an album's media group) in the company, if one was started.
pub async fn batch_by_key(db: &Db, actor: &Actor, key: &str) -> Result<Option<(i64, Option<i64>)>> {
    Ok(sqlx::query_as::<_, (i64, Option<i64>)>(
        "SELECT id, message_id FROM scan_batches WHERE company_id = $1 AND batch_key = $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(actor.company_id)
    .bind(key)
    .fetch_optional(&db.pool)
    .await?)
}

/// Remembers the chat message that shows a batch, so later pages edit it.
pub async fn set_batch_message(db: &Db, actor: &Actor, batch_id: i64, message_id: i64) -> Result<()> {
    sqlx::query("UPDATE scan_batches SET message_id = $1 WHERE id = $2 AND company_id = $3")
        .bind(message_id)
        .bind(batch_id)
        .bind(actor.company_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The scans of a batch, in the order they were read.
pub async fn batch(db: &Db, actor: &Actor, batch_id: i64) -> Result<Vec<Scan>> {
    may_scan(actor)?;
    let sql = format!("SELECT {SCAN_COLUMNS} FROM scans WHERE company_id = $1 AND batch_id = $2 ORDER BY id");
    let rows = sqlx::query_as::<_, ScanRow>(&sql).bind(actor.company_id).bind(batch_id).fetch_all(&db.pool).await?;
    rows.into_iter().filter(|r| visible(actor, r)).map(ScanRow::into_scan).collect()
}

const SCAN_COLUMNS: &str = "id, company_id, branch_id, user_id, batch_id, file_name, media_type, telegram_file_id,
     raw_text, document, status, purchase_id, expense_id, elapsed_ms, created_at";

#[derive(sqlx::FromRow)]
struct ScanRow {
    id: i64,
    company_id: i64,
    branch_id: Option<i64>,
    user_id: Option<i64>,
    batch_id: Option<i64>,
    file_name: String,
    media_type: String,
    telegram_file_id: Option<String>,
    raw_text: String,
    document: String,
    status: String,
    purchase_id: Option<i64>,
    expense_id: Option<i64>,
    elapsed_ms: i64,
    created_at: i64,
}

impl ScanRow {
    fn into_scan(self) -> Result<Scan> {
        let format = [Format::Jpeg, Format::Png, Format::Tiff, Format::Webp, Format::Pdf]
            .into_iter()
            .find(|f| f.media_type() == self.media_type)
            .unwrap_or(Format::Png);
        Ok(Scan {
            id: self.id,
            company_id: self.company_id,
            branch_id: self.branch_id,
            user_id: self.user_id,
            batch_id: self.batch_id,
            file_name: self.file_name,
            format,
            telegram_file_id: self.telegram_file_id,
            raw_text: self.raw_text,
            document: serde_json::from_str(&self.document).map_err(anyhow::Error::from)?,
            status: Status::parse(&self.status),
            purchase_id: self.purchase_id,
            expense_id: self.expense_id,
            elapsed_ms: self.elapsed_ms,
            created_at: self.created_at,
        })
    }
}

/// A branch-bound member sees the scans of their branch; an admin all.
fn visible(actor: &Actor, row: &ScanRow) -> bool {
    match (actor.role.needs_branch(), actor.branch_id, row.branch_id) {
        (false, _, _) => true,
        (true, own, Some(b)) => own == Some(b),
        (true, _, None) => row.user_id.is_some() && row.user_id == actor.user_id,
    }
}

pub async fn get(db: &Db, actor: &Actor, id: i64) -> Result<Scan> {
    may_scan(actor)?;
    let sql = format!("SELECT {SCAN_COLUMNS} FROM scans WHERE company_id = $1 AND id = $2");
    let row = sqlx::query_as::<_, ScanRow>(&sql)
        .bind(actor.company_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(Refusal::NotFound)?;
    if !visible(actor, &row) {
        return Err(Refusal::NotFound.into());
    }
    row.into_scan()
}

/// The original file, as it was sent.
pub async fn file(db: &Db, actor: &Actor, id: i64) -> Result<(Format, Vec<u8>)> {
    let scan = get(db, actor, id).await?;
    let bytes: Vec<u8> = sqlx::query_scalar("SELECT file FROM scans WHERE id = $1 AND company_id = $2")
        .bind(id)
        .bind(actor.company_id)
        .fetch_one(&db.pool)
        .await?;
    Ok((scan.format, bytes))
}

/// The scan that created a purchase or an expense, to show its photo and text again.
pub async fn of_document(db: &Db, actor: &Actor, kind: Status, document_id: i64) -> Result<Option<Scan>> {
    let column = match kind {
        Status::Purchase => "purchase_id",
        Status::Expense => "expense_id",
        _ => return Ok(None),
    };
    let id: Option<i64> = sqlx::query_scalar(&format!("SELECT id FROM scans WHERE company_id = $1 AND {column} = $2"))
        .bind(actor.company_id)
        .bind(document_id)
        .fetch_optional(&db.pool)
        .await?;
    match id {
        Some(id) => Ok(Some(get(db, actor, id).await?)),
        None => Ok(None),
    }
}

/// A field of a draft a person may retype.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EditField {
    Number,
    Date,
    Seller,
    SellerTin,
    Total,
    /// A line's quantity (lines numbered from 1).
    Quantity(u16),
    /// A line's unit price; the amount follows.
    Price(u16),
}

/// Retypes one field of a draft; the cross-checks run again.
pub async fn edit(db: &Db, actor: &Actor, id: i64, what: EditField, value: &str) -> Result<Scan> {
    let mut scan = get(db, actor, id).await?;
    if scan.status != Status::Draft {
        return Err(Refusal::AlreadyDecided.into());
    }
    let draft = &mut scan.document.draft;
    let value = value.trim();
    match what {
        EditField::Number => draft.invoice_number = Some(extract::sure(crate::domain::clean_name(value, 40)?)),
        EditField::Date => {
            draft.date = Some(extract::sure(
                extract::date_in(value).ok_or(Refusal::BadArgument(value.chars().take(40).collect()))?,
            ))
        }
        EditField::Seller => draft.seller = Some(extract::sure(crate::domain::clean_name(value, 120)?)),
        EditField::SellerTin => draft.seller_tin = Some(extract::sure(Tin::parse(value)?.as_str().to_string())),
        EditField::Total => draft.total = Some(extract::sure(Money::read(value)?)),
        EditField::Quantity(line) | EditField::Price(line) => {
            let item = draft.items.get_mut((line as usize).wrapping_sub(1)).ok_or(Refusal::NotFound)?;
            if let EditField::Quantity(_) = what {
                let qty = Qty::read(value)?;
                if qty.0 <= 0 {
                    return Err(Refusal::BadQuantity.into());
                }
                item.quantity = extract::sure(qty);
            } else {
                item.unit_price = extract::sure(Money::read(value)?);
            }
            item.amount = extract::sure(item.unit_price.value.line(item.quantity.value)?);
        }
    }
    let today = today(db, actor).await?;
    scan.document.draft.check(today);
    if what == EditField::Seller || what == EditField::SellerTin {
        scan.document.supplier_id = supplier_of(db, actor.company_id, &scan.document.draft).await?;
    }
    store_document(db, &scan).await?;
    Ok(scan)
}

async fn store_document(db: &Db, scan: &Scan) -> Result<()> {
    sqlx::query("UPDATE scans SET document = $1 WHERE id = $2 AND company_id = $3")
        .bind(serde_json::to_string(&scan.document).map_err(anyhow::Error::from)?)
        .bind(scan.id)
        .bind(scan.company_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn cancel(db: &Db, actor: &Actor, id: i64) -> Result<Scan> {
    get(db, actor, id).await?;
    let done = sqlx::query(
        "UPDATE scans SET status = 'cancelled', decided_at = $1 WHERE id = $2 AND company_id = $3 AND status = 'draft'",
    )
    .bind(now())
    .bind(id)
    .bind(actor.company_id)
    .execute(&db.pool)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Refusal::AlreadyDecided.into());
    }
    get(db, actor, id).await
}

/// What saving a draft created.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedPurchase {
    pub purchase: purchases::Purchase,
    pub supplier_id: i64,
    /// Products created for lines that matched none (named as on the invoice).
    pub new_products: Vec<String>,
}

/// Saves a draft as a purchase into the actor's branch (an admin's: `branch_id`): stock in,
/// owed to the supplier (found by TIN or name, else added), the ledger entry. Lines that
/// match no product become new products at the invoice's price. Once: a second call is
/// refused as already decided.
pub async fn save_as_purchase(db: &Db, actor: &Actor, id: i64, branch_id: i64) -> Result<SavedPurchase> {
    actor.require_in(Action::ManageStock, branch_id)?;
    let mut scan = get(db, actor, id).await?;
    if scan.status != Status::Draft {
        return Err(Refusal::AlreadyDecided.into());
    }
    let draft = scan.document.draft.clone();
    if draft.items.is_empty() {
        return Err(Refusal::EmptySale.into());
    }
    let supplier_id = match scan.document.supplier_id {
        Some(id) => id,
        None => add_supplier(db, actor, &draft).await?,
    };
    // Matches may be stale (a product added since): match again, then add what is missing.
    scan.document.matches = match_items(db, actor.company_id, &draft.items).await?;
    let mut new_products = Vec::new();
    let mut lines = Vec::with_capacity(draft.items.len());
    for (n, (item, matched)) in draft.items.iter().zip(scan.document.matches.iter_mut()).enumerate() {
        let product_id = match matched {
            Some(m) => m.product_id,
            None => {
                let product = catalog::save_product(db, actor, &new_product(scan.id, n + 1, item)).await?;
                new_products.push(product.name.clone());
                *matched = Some(Matched { product_id: product.id, name: product.name, by: MatchedBy::Created });
                product.id
            }
        };
        lines.push(PurchaseLine { product_id, qty: item.quantity.value, unit_cost: item.unit_price.value });
    }
    let mut tx = db.begin().await?;
    let claimed = sqlx::query(
        "UPDATE scans SET status = 'purchase', decided_at = $1 WHERE id = $2 AND company_id = $3 AND status = 'draft'",
    )
    .bind(now())
    .bind(id)
    .bind(actor.company_id)
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() == 0 {
        return Err(Refusal::AlreadyDecided.into());
    }
    let purchase = purchases::record_purchase_in(&mut tx, actor, branch_id, Some(supplier_id), &lines, None).await?;
    scan.document.supplier_id = Some(supplier_id);
    sqlx::query("UPDATE scans SET purchase_id = $1, document = $2 WHERE id = $3")
        .bind(purchase.id)
        .bind(serde_json::to_string(&scan.document).map_err(anyhow::Error::from)?)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(SavedPurchase { purchase, supplier_id, new_products })
}

/// A product for an invoice line that matched none: its name and unit as printed, bought and
/// (until someone sets a price) sold at the invoice's price.
fn new_product(scan_id: i64, line: usize, item: &Item) -> ProductInput {
    let name: String = item.name.value.chars().take(120).collect();
    ProductInput {
        code: format!("S{scan_id}-{line}"),
        barcode: None,
        name: if name.trim().is_empty() { format!("S{scan_id}-{line}") } else { name },
        unit: catalog_unit(&item.unit.value).to_string(),
        purchase_price: item.unit_price.value,
        sale_price: item.unit_price.value,
        min_qty: Qty(0),
        wholesale_price: None,
    }
}

/// The catalogue's unit for a unit as printed: a sack, a tonne or a cubic metre is counted in
/// pieces (converting quantities between units is left to the person who sets the product up).
fn catalog_unit(printed: &str) -> &'static str {
    match printed {
        "kg" | "кг" => "kg",
        "l" | "litr" | "л" => "l",
        "m" | "metr" | "м" => "m",
        "quti" | "коробка" => "box",
        "pachka" | "пачка" | "упак" => "pack",
        _ => "pcs",
    }
}

async fn add_supplier(db: &Db, actor: &Actor, draft: &Draft) -> Result<i64> {
    let tin = draft.seller_tin.as_ref().and_then(|t| Tin::parse(&t.value).ok());
    let name = draft
        .seller
        .as_ref()
        .map(|s| s.value.clone())
        .filter(|s| !s.trim().is_empty())
        .or_else(|| tin.as_ref().map(|t| format!("STIR {}", t.as_str())))
        .ok_or(Refusal::BadName)?;
    Ok(partners::add(db, actor, PartnerKind::Supplier, &name, tin.as_ref(), None).await?.id)
}

/// Saves a draft (most often a till receipt) as an expense for approval, with its photo and
/// fiscal link. Once.
pub async fn save_as_expense(db: &Db, actor: &Actor, id: i64, category_id: i64) -> Result<expenses::Filed> {
    let scan = get(db, actor, id).await?;
    let draft = &scan.document.draft;
    let amount = draft.total.as_ref().map(|t| t.value).filter(|m| m.0 > 0).unwrap_or_else(|| draft.lines_total());
    let description = describe(draft);
    let claimed =
        sqlx::query("UPDATE scans SET status = 'saving' WHERE id = $1 AND company_id = $2 AND status = 'draft'")
            .bind(id)
            .bind(actor.company_id)
            .execute(&db.pool)
            .await?;
    if claimed.rows_affected() == 0 {
        return Err(Refusal::AlreadyDecided.into());
    }
    let new = NewExpense {
        amount,
        category_id,
        description,
        photo_file_id: scan.telegram_file_id.clone(),
        paid_from: PaidFrom::Cash,
    };
    let filed = match expenses::submit(db, actor, &new).await {
        Ok(filed) => filed,
        Err(e) => {
            sqlx::query("UPDATE scans SET status = 'draft' WHERE id = $1").bind(id).execute(&db.pool).await?;
            return Err(e);
        }
    };
    sqlx::query("UPDATE scans SET status = 'expense', expense_id = $1, decided_at = $2 WHERE id = $3")
        .bind(filed.expense.id)
        .bind(now())
        .bind(id)
        .execute(&db.pool)
        .await?;
    if let Some(fiscal) = &scan.document.fiscal {
        sqlx::query("UPDATE expenses SET fiscal_link = $1 WHERE id = $2 AND company_id = $3")
            .bind(&fiscal.link)
            .bind(filed.expense.id)
            .bind(actor.company_id)
            .execute(&db.pool)
            .await?;
    }
    Ok(filed)
}

/// "Seller, № 417, 15.05.2025": what an expense made from a draft says it was.
pub fn describe(draft: &Draft) -> String {
    let mut parts = Vec::new();
    if let Some(s) = &draft.seller {
        parts.push(s.value.clone());
    }
    if let Some(n) = &draft.invoice_number {
        parts.push(format!("№ {}", n.value));
    }
    if let Some(d) = &draft.date {
        parts.push(d.value.format("%d.%m.%Y").to_string());
    }
    if parts.is_empty() {
        parts.push(draft.items.first().map(|i| i.name.value.clone()).unwrap_or_else(|| "—".into()));
    }
    parts.join(", ").chars().take(400).collect()
}

/// The supplier with the seller's TIN, else with the seller's name.
async fn supplier_of(db: &Db, company_id: i64, draft: &Draft) -> Result<Option<i64>> {
    let suppliers = partners::list(db, company_id, PartnerKind::Supplier).await?;
    if let Some(tin) = draft.seller_tin.as_ref().filter(|t| extract::is_tin(&t.value)) {
        if let Some(s) = suppliers.iter().find(|s| s.tin.as_deref() == Some(tin.value.as_str())) {
            return Ok(Some(s.id));
        }
    }
    let Some(seller) = &draft.seller else { return Ok(None) };
    let wanted = name_key(&seller.value);
    Ok(suppliers.iter().find(|s| name_key(&s.name) == wanted && !wanted.is_empty()).map(|s| s.id))
}

/// A name for comparing: letters and digits only, lower case, look-alikes folded, so
/// `"BARAKA SAVDO" MChJ` and `Baraka Savdo MCHJ` are one.
fn name_key(name: &str) -> String {
    extract::fold(name).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Names this similar (Jaro–Winkler on the folded names) are the same product.
const NAME_MATCH: f64 = 0.88;

/// Each line's product: by a code or barcode printed in its name, else the closest name.
pub async fn match_items(db: &Db, company_id: i64, items: &[Item]) -> Result<Vec<Option<Matched>>> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let products: Vec<(i64, String, String, Option<String>)> =
        sqlx::query_as("SELECT id, name, code, barcode FROM products WHERE company_id = $1 ORDER BY id LIMIT 50000")
            .bind(company_id)
            .fetch_all(&db.pool)
            .await?;
    let keyed: Vec<(i64, &str, String, &str, Option<&str>)> = products
        .iter()
        .map(|(id, name, code, barcode)| (*id, name.as_str(), name_key(name), code.as_str(), barcode.as_deref()))
        .collect();
    Ok(items
        .iter()
        .map(|item| {
            let words: Vec<String> = item.name.value.split_whitespace().map(|w| w.to_uppercase()).collect();
            let by_code = keyed.iter().find(|(_, _, _, code, barcode)| {
                words.iter().any(|w| w == code && code.len() >= 3)
                    || barcode.is_some_and(|b| words.iter().any(|w| w == b))
            });
            if let Some((id, name, _, code, _)) = by_code {
                let by = if words.iter().any(|w| w == code) { MatchedBy::Code } else { MatchedBy::Barcode };
                return Some(Matched { product_id: *id, name: name.to_string(), by });
            }
            let wanted = name_key(&item.name.value);
            if wanted.chars().count() < 3 {
                return None;
            }
            keyed
                .iter()
                .map(|(id, name, key, _, _)| (strsim::jaro_winkler(&wanted, key), *id, *name))
                .filter(|(score, _, _)| *score >= NAME_MATCH)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, id, name)| Matched { product_id: id, name: name.to_string(), by: MatchedBy::Name })
        })
        .collect())
}

/// The scans of the company, newest first (for `GET /api/v1/ocr` and the chat's history).
pub async fn recent(db: &Db, actor: &Actor, limit: i64) -> Result<Vec<Scan>> {
    may_scan(actor)?;
    let sql = format!("SELECT {SCAN_COLUMNS} FROM scans WHERE company_id = $1 ORDER BY id DESC LIMIT $2");
    let rows =
        sqlx::query_as::<_, ScanRow>(&sql).bind(actor.company_id).bind(limit.clamp(1, 200)).fetch_all(&db.pool).await?;
    rows.into_iter().filter(|r| visible(actor, r)).map(ScanRow::into_scan).collect()
}
