//! A company with a large catalogue for the catalogue API's benchmark and property checks
//! (`savdo demo-catalogue`): N products with 1C codes, groups and prices, and an API user.

use super::{progress, quote, BRANDS, GOODS, SIZES};
use crate::db::{now, Db};
use crate::domain::actor::{Actor, Via};
use crate::domain::company::{self, Tin};
use crate::domain::{apiusers, roles::Role, Error, Refusal};

pub const COMPANY_NAME: &str = "Katalog";
const ADMIN_TELEGRAM_ID: i64 = 1_500_001;

/// Makes the company and its products, and the API user; `None` when the user exists already
/// (the database was filled before).
pub async fn generate(db: &Db, products: usize, username: &str, password: &str) -> anyhow::Result<Option<i64>> {
    let taken: Option<i64> = sqlx::query_scalar("SELECT company_id FROM api_users WHERE username = $1")
        .bind(username)
        .fetch_optional(&db.pool)
        .await?;
    if taken.is_some() {
        return Ok(None);
    }
    let user = company::touch_user(db, ADMIN_TELEGRAM_ID, "Katalog admin", Some("uz")).await?;
    let admin = company::create_company(db, user.id, COMPANY_NAME, &Tin::parse("302345678")?, "Markaz", "uz").await?;
    let at = now();
    let mut rows = Vec::with_capacity(500);
    for n in 0..products {
        let (good, unit, base) = GOODS[n % GOODS.len()];
        let brand = BRANDS[(n / GOODS.len()) % BRANDS.len()];
        let size = SIZES[(n / (GOODS.len() * BRANDS.len())) % SIZES.len()];
        let variant = n / (GOODS.len() * BRANDS.len() * SIZES.len());
        let name =
            if variant == 0 { format!("{good} {brand} {size}") } else { format!("{good} {brand} {size} v{variant}") };
        let code = format!("K-{n:06}");
        let code_1c = format!("00-{n:06}");
        let barcode = format!("478{:010}", n);
        let price = (base + (n as i64 % 97) * 100) * 100;
        let search = crate::domain::catalog::search_text(&name, &code, Some(&barcode), Some(&code_1c), Some(good));
        // Spread over the last two years, so ordering by date means something.
        let created = at - (n as i64 % 730) * 86_400;
        rows.push(format!(
            "({}, '{code}', '{code_1c}', '{barcode}', {}, {}, '{unit}', {}, {price}, 1200, 0, {}, {created}, {created})",
            admin.company_id,
            quote(&name),
            quote(&search),
            price * 78 / 100,
            quote(good),
        ));
        if rows.len() == 500 || n + 1 == products {
            let sql = format!(
                "INSERT INTO products (company_id, code, code_1c, barcode, name, search_text, unit, purchase_price, sale_price,
                                       vat_rate_bp, min_qty, group_name, created_at, updated_at) VALUES {}",
                rows.join(", ")
            );
            sqlx::query(&sql).execute(&db.pool).await?;
            rows.clear();
            if (n + 1) % 20_000 == 0 {
                progress(&format!("{} products", n + 1));
            }
        }
    }
    let actor = Actor::system(admin.company_id, Via::Cli);
    apiusers::add(db, &actor, username, password, Role::Admin, None).await.map_err(|e| match e {
        Error::Refused(r @ (Refusal::WeakPassword | Refusal::BadUsername | Refusal::UsernameTaken)) => {
            anyhow::anyhow!("{r}")
        }
        Error::Refused(r) => anyhow::anyhow!("{r}"),
        Error::Internal(e) => e,
    })?;
    sqlx::query("ANALYZE").execute(&db.pool).await?;
    Ok(Some(admin.company_id))
}
