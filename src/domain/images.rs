//! Pictures of products, clients and projects. Each upload is checked (a JPEG, PNG, TIFF or WebP
//! image of at most 10 MB and 40 megapixels), kept as sent, and made into two JPEG thumbnails:
//! a 150 px square (lists, the seed's `image_thumbnail`) and a 600 px one that keeps the
//! proportions (cards). One image per entity is its main one. An image is served at an address
//! that carries its digest, so the address is hard to guess and what it serves never changes.

use std::collections::HashMap;
use std::io::Cursor;

use image::imageops::FilterType;
use image::DynamicImage;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::db::{now, Db};
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::roles::Action;
use crate::domain::{Refusal, Result};

pub const MAX_BYTES: usize = 10 * 1024 * 1024;
pub const SMALL_PX: u32 = 150;
pub const MEDIUM_PX: u32 = 600;

/// What an image belongs to, by the seed's names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Owner {
    Nomenklatura,
    Client,
    Project,
}

impl Owner {
    pub const ALL: [Owner; 3] = [Owner::Project, Owner::Client, Owner::Nomenklatura];

    pub fn as_str(self) -> &'static str {
        match self {
            Owner::Nomenklatura => "nomenklatura",
            Owner::Client => "client",
            Owner::Project => "project",
        }
    }

    pub fn parse(s: &str) -> Option<Owner> {
        Owner::ALL.into_iter().find(|o| o.as_str() == s.trim().to_lowercase())
    }

    /// Who may add or remove its pictures (looking at them needs only a look at the owner).
    fn edit_action(self) -> Action {
        match self {
            Owner::Nomenklatura => Action::EditProducts,
            Owner::Client => Action::Customers,
            Owner::Project => Action::Projects,
        }
    }

    fn view_action(self) -> Action {
        match self {
            Owner::Nomenklatura => Action::FindProducts,
            Owner::Client => Action::Customers,
            Owner::Project => Action::Projects,
        }
    }

    /// The owner's id, code and name by its 1C code (Savdo's own code for a product without one).
    fn lookup_sql(self) -> &'static str {
        match self {
            Owner::Nomenklatura => {
                "SELECT id, COALESCE(code_1c, code), name FROM products WHERE company_id = $1 AND (code_1c = $2 OR code = $2)
                 ORDER BY CASE WHEN code_1c = $2 THEN 0 ELSE 1 END LIMIT 1"
            }
            Owner::Client => "SELECT id, COALESCE(code_1c, ''), name FROM customers WHERE company_id = $1 AND code_1c = $2",
            Owner::Project => {
                "SELECT id, code_1c, name FROM projects WHERE company_id = $1 AND code_1c = $2 AND status <> 'deleted'"
            }
        }
    }
}

/// An image without its bytes.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Image {
    pub id: i64,
    pub entity_type: String,
    pub entity_id: i64,
    /// 1 for the owner's main picture (an integer: SQLite's flags read so through `Any`).
    pub is_main: i64,
    pub status: String,
    pub content_type: String,
    pub width: i64,
    pub height: i64,
    pub original_bytes: i64,
    pub small_bytes: i64,
    pub sha256: String,
    pub created_at: i64,
    pub code_1c: String,
    pub entity_name: String,
}

impl Image {
    /// The part of its address that only someone who was shown it knows.
    pub fn key(&self) -> &str {
        &self.sha256[..16]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size {
    Original,
    Medium,
    Small,
}

impl Size {
    pub fn parse(s: &str) -> Option<Size> {
        match s {
            "original" => Some(Size::Original),
            "md" | "medium" => Some(Size::Medium),
            "thumbnail" | "small" | "sm" => Some(Size::Small),
            _ => None,
        }
    }
}

const IMAGE_SELECT: &str = "SELECT i.id, i.entity_type, i.entity_id, i.is_main, i.status,
        i.content_type, i.width, i.height, CAST(LENGTH(i.original) AS BIGINT) AS original_bytes,
        CAST(COALESCE(LENGTH(i.small), 0) AS BIGINT) AS small_bytes, i.sha256, i.created_at,
        COALESCE(p.code_1c, p.code, c.code_1c, j.code_1c, '') AS code_1c, COALESCE(p.name, c.name, j.name, '') AS entity_name
     FROM images i
     LEFT JOIN products p ON i.entity_type = 'nomenklatura' AND p.id = i.entity_id
     LEFT JOIN customers c ON i.entity_type = 'client' AND c.id = i.entity_id
     LEFT JOIN projects j ON i.entity_type = 'project' AND j.id = i.entity_id
     WHERE i.company_id = $1";

/// The two thumbnails of a decoded picture, as JPEG.
fn thumbnails(picture: &DynamicImage) -> std::result::Result<(Vec<u8>, Vec<u8>), Refusal> {
    let encode = |img: DynamicImage, quality: u8| -> std::result::Result<Vec<u8>, Refusal> {
        let mut out = Cursor::new(Vec::new());
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
        img.to_rgb8().write_with_encoder(encoder).map_err(|_| Refusal::FileUnreadable)?;
        Ok(out.into_inner())
    };
    let small = encode(picture.resize_to_fill(SMALL_PX, SMALL_PX, FilterType::Triangle), 80)?;
    let medium = if picture.width() > MEDIUM_PX || picture.height() > MEDIUM_PX {
        picture.resize(MEDIUM_PX, MEDIUM_PX, FilterType::Triangle)
    } else {
        picture.clone()
    };
    Ok((small, encode(medium, 85)?))
}

fn content_type(bytes: &[u8]) -> std::result::Result<&'static str, Refusal> {
    match image::guess_format(bytes).map_err(|_| Refusal::FileFormat)? {
        image::ImageFormat::Jpeg => Ok("image/jpeg"),
        image::ImageFormat::Png => Ok("image/png"),
        image::ImageFormat::WebP => Ok("image/webp"),
        image::ImageFormat::Tiff => Ok("image/tiff"),
        _ => Err(Refusal::FileFormat),
    }
}

/// Adds a picture to the owner with that 1C code. The first picture, or one marked `main`,
/// becomes the main one.
pub async fn add(db: &Db, actor: &Actor, owner: Owner, code_1c: &str, bytes: Vec<u8>, main: bool) -> Result<Image> {
    actor.require(owner.edit_action())?;
    if bytes.len() > MAX_BYTES {
        return Err(Refusal::FileTooLarge.into());
    }
    let found: Option<(i64, String, String)> =
        sqlx::query_as(owner.lookup_sql()).bind(actor.company_id).bind(code_1c.trim()).fetch_optional(&db.pool).await?;
    let (entity_id, _, _) = found.ok_or(Refusal::NotFound)?;
    let kind = content_type(&bytes)?;
    let (bytes, (width, height), small, medium) = tokio::task::spawn_blocking(move || {
        let picture = crate::domain::scans::open(&bytes)?;
        let (small, medium) = thumbnails(&picture)?;
        Ok::<_, Refusal>((bytes, (picture.width(), picture.height()), small, medium))
    })
    .await
    .map_err(anyhow::Error::from)??;
    let digest: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    let mut tx = db.begin().await?;
    let others: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM images WHERE company_id = $1 AND entity_type = $2 AND entity_id = $3")
            .bind(actor.company_id)
            .bind(owner.as_str())
            .bind(entity_id)
            .fetch_one(&mut *tx)
            .await?;
    let main = main || others == 0;
    if main {
        sqlx::query("UPDATE images SET is_main = 0 WHERE company_id = $1 AND entity_type = $2 AND entity_id = $3")
            .bind(actor.company_id)
            .bind(owner.as_str())
            .bind(entity_id)
            .execute(&mut *tx)
            .await?;
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO images (company_id, entity_type, entity_id, is_main, status, content_type, width, height,
                             original, small, medium, sha256, created_at)
         VALUES ($1, $2, $3, $4, 'ready', $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(actor.company_id)
    .bind(owner.as_str())
    .bind(entity_id)
    .bind(main as i64)
    .bind(kind)
    .bind(width as i64)
    .bind(height as i64)
    .bind(&bytes)
    .bind(&small)
    .bind(&medium)
    .bind(&digest)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    let fields = audit::created(&[
        ("entity", json!(owner.as_str())),
        ("entity_id", json!(entity_id)),
        ("main", json!(main)),
        ("bytes", json!(bytes.len())),
    ]);
    audit::record(&mut tx, actor, Change::ImageAdded, Entity::Image, id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    one(db, actor.company_id, id).await
}

async fn one(db: &Db, company_id: i64, id: i64) -> Result<Image> {
    let sql = format!("{IMAGE_SELECT} AND i.id = $2");
    Ok(sqlx::query_as::<_, Image>(&sql)
        .bind(company_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(Refusal::NotFound)?)
}

/// The pictures of these owners, main first, by owner.
pub async fn of(db: &Db, actor: &Actor, owner: Owner, ids: &[i64]) -> Result<HashMap<i64, Vec<Image>>> {
    actor.require(owner.view_action())?;
    let mut by_owner: HashMap<i64, Vec<Image>> = HashMap::new();
    if ids.is_empty() {
        return Ok(by_owner);
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let sql = format!(
        "{IMAGE_SELECT} AND i.entity_type = $2 AND i.entity_id IN ({list}) ORDER BY i.is_main DESC, i.created_at DESC, i.id DESC"
    );
    let rows: Vec<Image> =
        sqlx::query_as(&sql).bind(actor.company_id).bind(owner.as_str()).fetch_all(&db.reader).await?;
    for image in rows {
        by_owner.entry(image.entity_id).or_default().push(image);
    }
    Ok(by_owner)
}

/// The seed's thumbnail feed: the newest pictures of the owners the actor may look at.
pub struct Feed {
    pub owners: Vec<Owner>,
    pub is_main: Option<bool>,
    pub status: Option<String>,
    pub code_1c: Option<String>,
    pub limit: i64,
}

pub async fn feed(db: &Db, actor: &Actor, feed: &Feed) -> Result<Vec<Image>> {
    let owners: Vec<&str> =
        feed.owners.iter().filter(|o| actor.require(o.view_action()).is_ok()).map(|o| o.as_str()).collect();
    if owners.is_empty() {
        // Asked only for what the role may not see.
        return Err(Refusal::NotAllowed.into());
    }
    let kinds = owners.iter().map(|o| format!("'{o}'")).collect::<Vec<_>>().join(",");
    let sql = format!(
        "{IMAGE_SELECT} AND i.entity_type IN ({kinds}) AND ($2 < 0 OR i.is_main = $2) AND ($3 = '' OR i.status = $3)
         AND ($4 = '' OR COALESCE(p.code_1c, p.code, c.code_1c, j.code_1c) = $4)
         ORDER BY i.created_at DESC, i.id DESC LIMIT {}",
        feed.limit.clamp(1, 200)
    );
    Ok(sqlx::query_as::<_, Image>(&sql)
        .bind(actor.company_id)
        .bind(feed.is_main.map(|m| m as i64).unwrap_or(-1))
        .bind(feed.status.clone().unwrap_or_default())
        .bind(feed.code_1c.clone().unwrap_or_default())
        .fetch_all(&db.pool)
        .await?)
}

/// An image's bytes for its address (`id` and the key from its digest); no one's rights are
/// asked: knowing the address is the right, as for a shared link.
pub async fn bytes(db: &Db, id: i64, key: &str, size: Size) -> Result<Option<(String, Vec<u8>, String)>> {
    let column = match size {
        Size::Original => "original",
        Size::Medium => "medium",
        Size::Small => "small",
    };
    let row: Option<(String, String, Option<Vec<u8>>)> =
        sqlx::query_as(&format!("SELECT sha256, content_type, {column} FROM images WHERE id = $1"))
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(match row {
        Some((sha, kind, Some(bytes))) if sha.len() >= 16 && sha[..16] == *key => {
            let kind = if size == Size::Original { kind } else { "image/jpeg".to_string() };
            Some((kind, bytes, sha))
        }
        _ => None,
    })
}

/// Removes a picture; when it was the main one, the newest other becomes main.
pub async fn remove(db: &Db, actor: &Actor, id: i64) -> Result<()> {
    let image = one(db, actor.company_id, id).await?;
    let owner = Owner::parse(&image.entity_type).ok_or(Refusal::NotFound)?;
    actor.require(owner.edit_action())?;
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM images WHERE id = $1 AND company_id = $2")
        .bind(id)
        .bind(actor.company_id)
        .execute(&mut *tx)
        .await?;
    if image.is_main == 1 {
        sqlx::query(
            "UPDATE images SET is_main = 1 WHERE id = (SELECT id FROM images WHERE company_id = $1 AND entity_type = $2
               AND entity_id = $3 ORDER BY created_at DESC, id DESC LIMIT 1)",
        )
        .bind(actor.company_id)
        .bind(owner.as_str())
        .bind(image.entity_id)
        .execute(&mut *tx)
        .await?;
    }
    audit::record(
        &mut tx,
        actor,
        Change::ImageRemoved,
        Entity::Image,
        id,
        json!({ "entity": owner.as_str(), "entity_id": image.entity_id }),
    )
    .await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thumbnails_are_a_square_and_a_bounded_copy() {
        let picture = DynamicImage::ImageRgb8(image::RgbImage::from_pixel(1200, 800, image::Rgb([200, 30, 30])));
        let (small, medium) = thumbnails(&picture).unwrap();
        let small = image::load_from_memory(&small).unwrap();
        let medium = image::load_from_memory(&medium).unwrap();
        assert_eq!((small.width(), small.height()), (150, 150));
        assert_eq!((medium.width(), medium.height()), (600, 400));
    }

    #[test]
    fn only_pictures_are_taken() {
        assert_eq!(content_type(b"%PDF-1.7"), Err(Refusal::FileFormat));
        assert_eq!(content_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Ok("image/jpeg"));
    }
}
