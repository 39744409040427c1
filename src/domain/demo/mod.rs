//! `savdo demo-data`: a realistic company to try the console on and to benchmark against:
//! 20 branches, 5,000 products, two cashiers a branch, and N sales over the last two years with
//! a weekly rhythm (weekends busier), seasons (December and Navruz up, January down), growth,
//! evening peaks, and a few popular products selling most (Zipf).
//!
//! Sales are written in bulk (they are history, like an import from an old system: no stock
//! move and no journal entry per receipt); the rollups are then rebuilt from them, and the
//! books get daily summary entries with purchases, expenses and payroll ([`books`]). Each
//! branch's stock gets one opening move, and the books one opening entry for its value, so
//! stock equals the sum of its moves and account 2910 equals the stock's value.

mod books;
pub mod catalogue;

use std::io::Write;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::db::{now, Backend, Db};
use crate::domain::company::{self, Member, Tin};
use crate::domain::ledger;
use crate::domain::sales;
use crate::domain::tax::vat_inside;

pub const DEMO_ADMIN_TELEGRAM_ID: i64 = 1001;
const BRANCHES: [&str; 20] = [
    "Chilonzor",
    "Yunusobod",
    "Mirzo Ulug‘bek",
    "Sergeli",
    "Yakkasaroy",
    "Shayxontohur",
    "Olmazor",
    "Uchtepa",
    "Bektemir",
    "Yashnobod",
    "Mirobod",
    "Samarqand",
    "Buxoro",
    "Andijon",
    "Namangan",
    "Farg‘ona",
    "Qarshi",
    "Nukus",
    "Urganch",
    "Termiz",
];
pub(crate) const GOODS: [(&str, &str, i64); 20] = [
    ("Coca-Cola", "pcs", 12_500),
    ("Pepsi", "pcs", 11_000),
    ("Sut", "pcs", 11_500),
    ("Qatiq", "pcs", 9_000),
    ("Non", "pcs", 4_000),
    ("Shakar", "kg", 14_000),
    ("Un", "kg", 7_500),
    ("Guruch", "kg", 18_000),
    ("Paxta yog‘i", "l", 22_000),
    ("Choy", "pcs", 25_000),
    ("Qahva", "pcs", 65_000),
    ("Shokolad", "pcs", 15_000),
    ("Pechenye", "pcs", 9_500),
    ("Sovun", "pcs", 6_000),
    ("Shampun", "pcs", 32_000),
    ("Kir yuvish kukuni", "pcs", 45_000),
    ("Tuxum", "box", 16_000),
    ("Makaron", "pcs", 8_000),
    ("Go‘sht konservasi", "pcs", 28_000),
    ("Mineral suv", "pcs", 4_500),
];
pub(crate) const BRANDS: [&str; 25] = [
    "Nestle",
    "Lactel",
    "Musaffo",
    "Bonduelle",
    "Orzu",
    "Baraka",
    "Zarafshon",
    "Toshkent",
    "Samarqand",
    "Nur",
    "Anor",
    "Oltin",
    "Sharq",
    "Yulduz",
    "Navro‘z",
    "Bahor",
    "Kamalak",
    "Dilnoz",
    "Ipak",
    "Lola",
    "Sadaf",
    "Asal",
    "Gulshan",
    "Jannat",
    "Zilol",
];
pub(crate) const SIZES: [&str; 10] = ["0,25", "0,5", "1", "1,5", "2", "3", "5", "S", "M", "L"];

pub struct Report {
    pub company_id: i64,
    pub sales: usize,
    pub lines: usize,
    pub seconds: f64,
}

pub async fn generate(db: &Db, target_sales: usize, seed: u64) -> anyhow::Result<Report> {
    let started = std::time::Instant::now();
    let mut rng = StdRng::seed_from_u64(seed);
    let admin_user = company::touch_user(db, DEMO_ADMIN_TELEGRAM_ID, "Aziz", Some("uz")).await?;
    let admin =
        company::create_company(db, admin_user.id, "Demo Savdo", &Tin::parse("301234567")?, BRANCHES[0], "uz").await?;
    let branches = make_branches(db, &admin).await?;
    let cashiers = make_cashiers(db, &admin, &branches).await?;
    let products = make_products(db, &admin).await?;
    progress(&format!("company {} with {} branches, {} products", admin.company_id, branches.len(), products.len()));
    let (sales, lines) = write_sales(db, &admin, &branches, &cashiers, &products, target_sales, &mut rng).await?;
    progress("rebuilding rollups");
    sales::rebuild_rollups(db, admin.company_id).await?;
    progress("posting the books");
    books::post_history(db, &admin, &branches, &cashiers).await?;
    write_stock(db, &admin, &branches, &products, &mut rng).await?;
    // Fresh statistics, so the planner knows the tables are big now.
    sqlx::query("ANALYZE").execute(&db.pool).await?;
    Ok(Report { company_id: admin.company_id, sales, lines, seconds: started.elapsed().as_secs_f64() })
}

pub(crate) fn progress(text: &str) {
    eprintln!("demo-data: {text}");
    let _ = std::io::stderr().flush();
}

async fn make_branches(db: &Db, admin: &Member) -> anyhow::Result<Vec<i64>> {
    let mut ids = vec![admin.branch_id.expect("first branch")];
    for name in &BRANCHES[1..] {
        ids.push(company::add_branch(db, &admin.actor(), name).await?.id);
    }
    Ok(ids)
}

/// Two cashiers a branch, joined through real invites.
async fn make_cashiers(db: &Db, admin: &Member, branches: &[i64]) -> anyhow::Result<Vec<Vec<i64>>> {
    let mut per_branch = Vec::new();
    for (i, branch) in branches.iter().enumerate() {
        let mut ids = Vec::new();
        for j in 0..2 {
            let tg = 2_000_000 + (i * 2 + j) as i64;
            let user = company::touch_user(db, tg, &format!("Kassir {}-{}", i + 1, j + 1), Some("uz")).await?;
            let invite =
                company::create_invite(db, &admin.actor(), crate::domain::roles::Role::Cashier, Some(*branch), 3600)
                    .await?;
            company::accept_invite(db, &invite.token, user.id).await?;
            ids.push(user.id);
        }
        per_branch.push(ids);
    }
    Ok(per_branch)
}

struct DemoProduct {
    id: i64,
    price: i64,
    cost: i64,
    vat_bp: i64,
}

async fn make_products(db: &Db, admin: &Member) -> anyhow::Result<Vec<DemoProduct>> {
    let at = now();
    let mut products = Vec::with_capacity(5_000);
    let mut rows = Vec::new();
    for (g, (good, unit, base)) in GOODS.iter().enumerate() {
        for (b, brand) in BRANDS.iter().enumerate() {
            for (s, size) in SIZES.iter().enumerate() {
                let n = products.len() + rows.len();
                if n >= 5_000 {
                    break;
                }
                let price = (base + (b as i64 * 350) + (s as i64 * 900)) * 100;
                let cost = price * 78 / 100;
                let code = format!("D-{:05}", g * 1000 + b * 10 + s);
                let name = format!("{good} {brand} {size}");
                rows.push(format!(
                    "({}, '{code}', NULL, {}, {}, '{unit}', {cost}, {price}, 1200, {}, {at}, {at})",
                    admin.company_id,
                    quote(&name),
                    quote(&format!("{} {} ", name.to_lowercase(), code.to_lowercase())),
                    (5 + (b % 4) * 5) * 1000
                ));
            }
        }
    }
    for chunk in rows.chunks(500) {
        let sql = format!(
            "INSERT INTO products (company_id, code, barcode, name, search_text, unit, purchase_price, sale_price, vat_rate_bp, min_qty, created_at, updated_at) VALUES {}",
            chunk.join(", ")
        );
        sqlx::query(&sql).execute(&db.pool).await?;
    }
    let all: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT id, sale_price, purchase_price, vat_rate_bp FROM products WHERE company_id = $1 ORDER BY id",
    )
    .bind(admin.company_id)
    .fetch_all(&db.pool)
    .await?;
    products.extend(all.into_iter().map(|(id, price, cost, vat_bp)| DemoProduct {
        id,
        price,
        cost: cost - vat_inside(cost, vat_bp),
        vat_bp,
    }));
    Ok(products)
}

pub(crate) fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Relative busyness of a day: weekday rhythm × season × two years of growth.
fn day_weight(day: NaiveDate, index: usize, days: usize) -> f64 {
    let weekday = match day.weekday() {
        Weekday::Mon => 0.90,
        Weekday::Tue => 0.88,
        Weekday::Wed => 0.93,
        Weekday::Thu => 0.97,
        Weekday::Fri => 1.08,
        Weekday::Sat => 1.30,
        Weekday::Sun => 1.22,
    };
    let season = match day.month() {
        1 => 0.82,
        2 => 0.88,
        3 => 1.15,
        12 => 1.28,
        6..=8 => 1.05,
        _ => 1.0,
    };
    let growth = 0.8 + 0.4 * index as f64 / days as f64;
    weekday * season * growth
}

/// Sales per day in proportion to the weights, adding up to `target` exactly (largest
/// remainders get the leftover units, so no single day absorbs the rounding).
fn day_counts(weights: &[f64], weight_sum: f64, target: usize) -> Vec<usize> {
    let exact: Vec<f64> = weights.iter().map(|w| target as f64 * w / weight_sum).collect();
    let mut counts: Vec<usize> = exact.iter().map(|e| e.floor() as usize).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|a, b| (exact[*b] - exact[*b].floor()).total_cmp(&(exact[*a] - exact[*a].floor())));
    let missing = target.saturating_sub(counts.iter().sum());
    for i in order.into_iter().take(missing) {
        counts[i] += 1;
    }
    counts
}

/// Zipf-like popularity: a product index, popular ones far more often.
fn pick_product(rng: &mut StdRng, cumulative: &[f64]) -> usize {
    let x = rng.random::<f64>() * cumulative[cumulative.len() - 1];
    cumulative.partition_point(|c| *c < x).min(cumulative.len() - 1)
}

async fn write_sales(
    db: &Db,
    admin: &Member,
    branches: &[i64],
    cashiers: &[Vec<i64>],
    products: &[DemoProduct],
    target: usize,
    rng: &mut StdRng,
) -> anyhow::Result<(usize, usize)> {
    let tz = admin.time_zone;
    let today = tz.today();
    let days = 730usize;
    let first = today - Days::new(days as u64 - 1);
    let weights: Vec<f64> = (0..days).map(|i| day_weight(first + Days::new(i as u64), i, days)).collect();
    let weight_sum: f64 = weights.iter().sum();
    let cumulative: Vec<f64> = (1..=products.len())
        .scan(0.0, |acc, rank| {
            *acc += 1.0 / (rank as f64).powf(1.07);
            Some(*acc)
        })
        .collect();
    let branch_weights: Vec<f64> = (0..branches.len()).map(|i| 1.6 - i as f64 * 0.05).collect();
    let branch_total: f64 = branch_weights.iter().sum();

    let mut next_sale: i64 =
        sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(id) FROM sales").fetch_one(&db.pool).await?.unwrap_or(0) + 1;
    let mut next_line: i64 =
        sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(id) FROM sale_lines").fetch_one(&db.pool).await?.unwrap_or(0)
            + 1;
    let (mut written, mut line_count) = (0usize, 0usize);
    let mut sale_rows: Vec<String> = Vec::with_capacity(1000);
    let mut line_rows: Vec<String> = Vec::with_capacity(3000);
    let mut tx = db.begin().await?;
    let mut last_report = 0;
    let counts = day_counts(&weights, weight_sum, target);
    for (i, count) in counts.into_iter().enumerate() {
        let day = first + Days::new(i as u64);
        for _ in 0..count {
            let branch_index = {
                let mut x = rng.random::<f64>() * branch_total;
                branch_weights
                    .iter()
                    .position(|w| {
                        x -= w;
                        x <= 0.0
                    })
                    .unwrap_or(0)
            };
            // Evenings are busiest.
            let hour = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 18, 19, 19, 19, 20, 20, 21, 22][rng.random_range(0..18)];
            let sold_at = tz
                .at_local(day.and_hms_opt(hour, rng.random_range(0..60), rng.random_range(0..60)).expect("time"))
                .unwrap_or(0);
            let wholesale = rng.random::<f64>() < 0.08;
            let payment =
                ["cash", "cash", "cash", "cash", "card", "card", "card", "click", "payme", "transfer", "debt"]
                    [rng.random_range(0..11)];
            let cashier = cashiers[branch_index][rng.random_range(0..2)];
            let n_lines = rng.random_range(1..=4);
            let (mut total, mut vat, mut cost) = (0i64, 0i64, 0i64);
            for _ in 0..n_lines {
                let p = &products[pick_product(rng, &cumulative)];
                let qty = if wholesale { rng.random_range(6..=48) } else { rng.random_range(1..=3) } * 1000;
                let line_total = p.price * qty / 1000;
                let line_vat = vat_inside(line_total, p.vat_bp);
                let line_cost = p.cost * qty / 1000;
                total += line_total;
                vat += line_vat;
                cost += line_cost;
                line_rows.push(format!(
                    "({next_line}, {next_sale}, {}, {}, {qty}, {}, 0, {line_total}, {line_vat}, {}, {line_cost})",
                    admin.company_id, p.id, p.price, p.vat_bp
                ));
                next_line += 1;
                line_count += 1;
            }
            sale_rows.push(format!(
                "({next_sale}, {}, {}, {cashier}, NULL, 'sale', NULL, '{}', '{payment}', {sold_at}, '{day}', {total}, {vat}, 0, {cost}, 'demo', NULL, {sold_at})",
                admin.company_id,
                branches[branch_index],
                if wholesale { "wholesale" } else { "retail" }
            ));
            next_sale += 1;
            written += 1;
            if sale_rows.len() >= 1000 {
                flush(&mut tx, &mut sale_rows, &mut line_rows).await?;
            }
        }
        if written - last_report >= target / 10 && target >= 10 {
            last_report = written;
            tx.commit().await?;
            tx = db.begin().await?;
            progress(&format!("{written} sales written"));
        }
    }
    flush(&mut tx, &mut sale_rows, &mut line_rows).await?;
    tx.commit().await?;
    if db.backend == Backend::Postgres {
        for table in ["sales", "sale_lines"] {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))
            .execute(&db.pool)
            .await?;
        }
    }
    Ok((written, line_count))
}

async fn flush(tx: &mut crate::db::Tx, sale_rows: &mut Vec<String>, line_rows: &mut Vec<String>) -> anyhow::Result<()> {
    if !sale_rows.is_empty() {
        let sql = format!(
            "INSERT INTO sales (id, company_id, branch_id, cashier_id, customer_id, kind, return_of, sale_type, payment, sold_at, day, total, vat, discount, cost, source, idempotency_key, created_at) VALUES {}",
            sale_rows.join(", ")
        );
        sqlx::query(&sql).execute(&mut **tx).await?;
        sale_rows.clear();
    }
    for chunk in line_rows.chunks(2000) {
        let sql = format!(
            "INSERT INTO sale_lines (id, sale_id, company_id, product_id, qty, unit_price, discount, total, vat, vat_rate_bp, cost) VALUES {}",
            chunk.join(", ")
        );
        sqlx::query(&sql).execute(&mut **tx).await?;
    }
    line_rows.clear();
    Ok(())
}

/// Stock on hand in every branch, as one opening move each, at the products' cost.
async fn write_stock(
    db: &Db,
    admin: &Member,
    branches: &[i64],
    products: &[DemoProduct],
    rng: &mut StdRng,
) -> anyhow::Result<()> {
    let at = now();
    let mut tx = db.begin().await?;
    for branch in branches {
        let mut stock_rows = Vec::new();
        let mut move_rows = Vec::new();
        for p in products {
            let qty = rng.random_range(0..120) * 1000;
            stock_rows.push(format!(
                "({}, {branch}, {}, {qty}, {}, {})",
                admin.company_id,
                p.id,
                p.cost,
                p.cost * qty / 1000
            ));
            move_rows.push(format!(
                "({}, {branch}, {}, {qty}, 'opening', 'demo', NULL, NULL, {at})",
                admin.company_id, p.id
            ));
        }
        for chunk in stock_rows.chunks(1000) {
            sqlx::query(&format!(
                "INSERT INTO stock (company_id, branch_id, product_id, qty, avg_cost, value) VALUES {}",
                chunk.join(", ")
            ))
            .execute(&mut *tx)
            .await?;
        }
        for chunk in move_rows.chunks(1000) {
            sqlx::query(&format!(
                "INSERT INTO stock_moves (company_id, branch_id, product_id, qty_delta, reason, ref_kind, ref_id, user_id, created_at) VALUES {}",
                chunk.join(", ")
            ))
            .execute(&mut *tx)
            .await?;
        }
    }
    // The stock's value opens the books (Dr 2910 / Cr 8330), so the goods account equals it.
    let value: i64 =
        sqlx::query_scalar("SELECT CAST(COALESCE(SUM(value), 0) AS BIGINT) FROM stock WHERE company_id = $1")
            .bind(admin.company_id)
            .fetch_one(&mut *tx)
            .await?;
    let posting = ledger::Posting {
        company_id: admin.company_id,
        branch_id: None,
        day: admin.time_zone.day_of(at),
        ref_kind: "opening",
        ref_id: None,
        memo: "opening stock (demo data)".into(),
        lines: vec![ledger::dr(ledger::GOODS, value), ledger::cr(ledger::CAPITAL, value)],
        register_id: None,
    };
    ledger::post(&mut tx, &posting).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_counts_add_up_without_a_heavy_last_day() {
        let weights: Vec<f64> = (0..730).map(|i| 1.0 + (i % 7) as f64 / 10.0).collect();
        let sum: f64 = weights.iter().sum();
        for target in [2_000, 1_000_000] {
            let counts = day_counts(&weights, sum, target);
            assert_eq!(counts.iter().sum::<usize>(), target);
            let fair = target as f64 * weights[729] / sum;
            assert!((counts[729] as f64 - fair).abs() <= 1.0, "{} vs {fair}", counts[729]);
        }
    }
}
