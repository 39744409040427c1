//! The assistant's tools: a fixed set of typed, read-only questions to the core. The offline
//! parser and the language model call the same ones; each runs as the asking member, so the
//! core's rules decide what it may see (a cashier's sales are their own receipts, a manager's
//! their branch) and a tool outside the member's role is refused, never run. Rows are capped.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::db::Db;
use crate::domain::actor::Actor;
use crate::domain::calendar::Period;
use crate::domain::company;
use crate::domain::lookup::{self, SlowMover, TopProduct};
use crate::domain::money::{Money, Qty};
use crate::domain::roles::{self, Action, Role};
use crate::domain::{catalog, customers, partners, statements, stock, Error, Refusal, Result};

/// The most rows a tool returns.
pub const MAX_ROWS: i64 = 10;
/// A "why" compares at most this many products.
const MAX_PRODUCTS: i64 = 500;
/// The days "slow" looks back over.
pub const SLOW_DAYS: u64 = 30;

/// A tool and its arguments, as the model names them (`{"tool": "sales_summary",
/// "arguments": {"period": "this_month"}}`). Periods are `today`, `yesterday`, `this_week`,
/// `last_week`, `this_month`, `last_month` or `YYYY-MM-DD..YYYY-MM-DD`; branches by name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "tool", content = "arguments", rename_all = "snake_case", deny_unknown_fields)]
pub enum Tool {
    /// Money, receipts and units sold in a period, with the change on the period before.
    SalesSummary(Sales),
    /// A period's sales against the period before it, per day.
    CompareSales(Sales),
    /// Why a period's sales differ from the period before: receipts, average receipt, and the
    /// products that fell or rose most.
    ExplainChange(Sales),
    /// Units and money per product in a period, best first; one product's when named.
    ProductSales(ProductSales),
    /// Products in stock that hardly sold in the last 30 days.
    SlowMovers(Empty),
    /// Products at or below their reorder point or minimum.
    LowStock(Empty),
    /// The stock of the products a search finds, per branch.
    Stock(StockArgs),
    /// Approved expenses of a period by category.
    Expenses(PeriodOnly),
    /// Cash in the tills.
    Cash(Empty),
    /// Customers who owe, most first.
    Debts(Empty),
    /// What the company owes its suppliers.
    Payables(Empty),
    /// Profit and loss for a period.
    Profit(PeriodOnly),
    /// The expected sales of a product (or of the best sellers) over the next days, with the
    /// reorder point.
    Forecast(ForecastArgs),
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForecastArgs {
    #[serde(default)]
    pub product: Option<String>,
    /// 1 to 28 days; 7 when not given.
    #[serde(default)]
    pub days: Option<u32>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sales {
    #[serde(default)]
    pub period: Option<String>,
    #[serde(default)]
    pub branch: Option<String>,
    /// A cashier's name: their receipts only (summary only).
    #[serde(default)]
    pub cashier: Option<String>,
    /// A customer's name or phone: their purchases only (summary only).
    #[serde(default)]
    pub customer: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductSales {
    #[serde(default)]
    pub period: Option<String>,
    #[serde(default)]
    pub branch: Option<String>,
    #[serde(default)]
    pub product: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StockArgs {
    pub product: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodOnly {
    #[serde(default)]
    pub period: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Empty {}

impl Tool {
    /// A model's call: the tool's name and its arguments as the JSON text the model wrote.
    pub fn from_call(name: &str, arguments: &str) -> std::result::Result<Tool, String> {
        let arguments: Value = if arguments.trim().is_empty() {
            json!({})
        } else {
            serde_json::from_str(arguments).map_err(|e| format!("arguments are not valid JSON: {e}"))?
        };
        serde_json::from_value(json!({ "tool": name, "arguments": arguments }))
            .map_err(|e| format!("no such tool or wrong arguments: {e}"))
    }

    pub fn name(&self) -> &'static str {
        match self {
            Tool::SalesSummary(_) => "sales_summary",
            Tool::CompareSales(_) => "compare_sales",
            Tool::ExplainChange(_) => "explain_change",
            Tool::ProductSales(_) => "product_sales",
            Tool::SlowMovers(_) => "slow_movers",
            Tool::LowStock(_) => "low_stock",
            Tool::Stock(_) => "stock",
            Tool::Expenses(_) => "expenses",
            Tool::Cash(_) => "cash",
            Tool::Debts(_) => "debts",
            Tool::Payables(_) => "payables",
            Tool::Profit(_) => "profit",
            Tool::Forecast(_) => "forecast",
        }
    }

    pub fn arguments(&self) -> Value {
        serde_json::to_value(self).ok().and_then(|v| v.get("arguments").cloned()).unwrap_or(json!({}))
    }

    /// What the member's role must be allowed to do for this tool.
    fn action(&self) -> Action {
        match self {
            Tool::SalesSummary(_) | Tool::CompareSales(_) | Tool::ExplainChange(_) | Tool::ProductSales(_) => {
                Action::ViewSales
            }
            Tool::SlowMovers(_) | Tool::LowStock(_) => Action::ViewStock,
            Tool::Stock(_) => Action::FindProducts,
            Tool::Expenses(_) => Action::FileExpenses,
            Tool::Cash(_) => Action::Kassa,
            Tool::Debts(_) => Action::Customers,
            Tool::Payables(_) => Action::PaySuppliers,
            Tool::Profit(_) => Action::ViewReports,
            Tool::Forecast(_) => Action::ViewStock,
        }
    }

    /// Whether a member with `role` may call this tool at all (what the model is offered).
    pub fn allowed_for(&self, role: Role) -> bool {
        roles::can(role, self.action())
    }
}

/// Every tool once, with empty arguments: the catalogue the model is offered (filtered by role).
pub fn all() -> Vec<Tool> {
    vec![
        Tool::SalesSummary(Sales::default()),
        Tool::CompareSales(Sales::default()),
        Tool::ExplainChange(Sales::default()),
        Tool::ProductSales(ProductSales::default()),
        Tool::SlowMovers(Empty {}),
        Tool::LowStock(Empty {}),
        Tool::Stock(StockArgs::default()),
        Tool::Expenses(PeriodOnly::default()),
        Tool::Cash(Empty {}),
        Tool::Debts(Empty {}),
        Tool::Payables(Empty {}),
        Tool::Profit(PeriodOnly::default()),
        Tool::Forecast(ForecastArgs::default()),
    ]
}

/// The JSON schema of a tool's arguments and what it is for, for the model.
pub fn describe(tool: &Tool) -> (&'static str, Value) {
    let period = json!({ "type": "string", "description": "today, yesterday, this_week, last_week, this_month, last_month, or YYYY-MM-DD..YYYY-MM-DD" });
    let branch = json!({ "type": "string", "description": "a branch name; omit for everything the member may see" });
    let object = |properties: Value, required: &[&str]| json!({ "type": "object", "properties": properties, "required": required, "additionalProperties": false });
    match tool {
        Tool::SalesSummary(_) => (
            "Money, receipts and units sold in a period, with the change on the previous period of the same length; one cashier's or one customer's when named.",
            object(
                json!({ "period": period, "branch": branch, "cashier": { "type": "string", "description": "a cashier's name" }, "customer": { "type": "string", "description": "a customer's name or phone" } }),
                &[],
            ),
        ),
        Tool::CompareSales(_) => (
            "A period's sales against the period before it (this month against last month), per day.",
            object(json!({ "period": period, "branch": branch }), &[]),
        ),
        Tool::ExplainChange(_) => (
            "Why a period's sales differ from the period before: receipts, average receipt, products that fell or rose most.",
            object(json!({ "period": period, "branch": branch }), &[]),
        ),
        Tool::ProductSales(_) => (
            "Units and money per product in a period, best sellers first; only the products a name finds when given.",
            object(json!({ "period": period, "branch": branch, "product": { "type": "string" } }), &[]),
        ),
        Tool::SlowMovers(_) => {
            ("Products in stock that hardly sold in the last 30 days, with the money they tie up.", object(json!({}), &[]))
        }
        Tool::LowStock(_) => ("Products at or below their reorder point: what is running out.", object(json!({}), &[])),
        Tool::Stock(_) => (
            "The stock per branch of the products a name, code or barcode finds.",
            object(json!({ "product": { "type": "string" } }), &["product"]),
        ),
        Tool::Expenses(_) => ("Approved expenses of a period by category.", object(json!({ "period": period }), &[])),
        Tool::Cash(_) => ("Cash in the tills.", object(json!({}), &[])),
        Tool::Debts(_) => ("Customers who owe the company, most first, with what is overdue.", object(json!({}), &[])),
        Tool::Payables(_) => ("What the company owes its suppliers, most first.", object(json!({}), &[])),
        Tool::Profit(_) => ("Profit and loss for a period from the ledger.", object(json!({ "period": period }), &[])),
        Tool::Forecast(_) => (
            "Expected units sold over the next days (1-28, default 7) for a product a name finds, or the three best sellers, with the 95 % range and the reorder point.",
            object(json!({ "product": { "type": "string" }, "days": { "type": "integer", "minimum": 1, "maximum": 28 } }), &[]),
        ),
    }
}

/// A period as a tool argument, read: the names above, a date range, or plain words.
pub fn read_period(text: Option<&str>, default: Period) -> std::result::Result<Period, String> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(default) };
    let period = match text {
        "today" => Period::Today,
        "yesterday" => Period::Yesterday,
        "this_week" | "week" => Period::ThisWeek,
        "last_week" => Period::LastWeek,
        "this_month" | "month" => Period::ThisMonth,
        "last_month" => Period::LastMonth,
        other => match other.split_once("..") {
            Some((a, b)) => match (a.trim().parse::<NaiveDate>(), b.trim().parse::<NaiveDate>()) {
                (Ok(a), Ok(b)) if (b - a).num_days().abs() <= 366 => Period::Range(a, b),
                _ => return Err(format!("not a period of at most a year: {other}")),
            },
            None => super::period_in(other).ok_or_else(|| format!("not a period: {other}"))?,
        },
    };
    Ok(period)
}

/// The same stretch of days just before `from..=to` (a month before a month).
pub fn before(period: Period, (from, to): (NaiveDate, NaiveDate)) -> (NaiveDate, NaiveDate) {
    match period {
        Period::Today | Period::Yesterday => (from - Days::new(1), from - Days::new(1)),
        Period::ThisWeek | Period::LastWeek => (from - Days::new(7), from - Days::new(1)),
        Period::ThisMonth | Period::LastMonth => {
            let start = from - chrono::Months::new(1);
            (start, from - Days::new(1))
        }
        Period::Range(..) => {
            let days = (to - from).num_days() + 1;
            (from - Days::new(days as u64), from - Days::new(1))
        }
    }
}

/// Whose figures: the whole company, a branch, or the asker's own sales.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Whose {
    Company,
    Branch(String),
    Own,
    Cashier(String),
    Customer(String),
}

/// A stretch of days and what was sold in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: i64,
    /// Net of returns, tiyin.
    pub total: i64,
    pub receipts: i64,
    pub per_day: i64,
    pub average_receipt: i64,
}

/// A product's sales in two stretches, the earlier scaled to the later one's length.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProductChange {
    pub product_id: i64,
    pub name: String,
    pub before: i64,
    pub now: i64,
    /// `now` less `before` scaled to as many days as now.
    pub change: i64,
}

/// What a tool found: typed figures, rendered by the templates or handed to the model.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "figures", rename_all = "snake_case")]
pub enum Figures {
    Sales {
        whose: Whose,
        period: Period,
        now: Totals,
        /// The same number of days before (the change is against it).
        previous_total: i64,
        change_permille: Option<i64>,
        units: Vec<(String, Qty)>,
        top: Vec<TopProduct>,
    },
    Compare {
        whose: Whose,
        period: Period,
        now: Totals,
        before: Totals,
        /// Change per day, in tenths of a percent.
        change_permille: Option<i64>,
    },
    Why {
        whose: Whose,
        period: Period,
        now: Totals,
        before: Totals,
        change_permille: Option<i64>,
        receipts_change_permille: Option<i64>,
        average_change_permille: Option<i64>,
        falls: Vec<ProductChange>,
        rises: Vec<ProductChange>,
        /// The branch that fell most and the one that rose most (for the whole company).
        branches: Vec<ProductChange>,
    },
    Products {
        whose: Whose,
        period: Period,
        from: NaiveDate,
        to: NaiveDate,
        /// The name searched for, when one was.
        searched: Option<String>,
        products: Vec<TopProduct>,
    },
    Slow {
        days: u64,
        products: Vec<SlowMover>,
    },
    LowStock {
        /// How many there are; the most urgent are listed.
        count: i64,
        products: Vec<stock::Shortage>,
    },
    Stock {
        searched: String,
        products: Vec<ProductStock>,
    },
    Expenses {
        period: Period,
        from: NaiveDate,
        to: NaiveDate,
        total: Money,
        categories: Vec<(String, Money)>,
    },
    Cash {
        total: Money,
        registers: Vec<crate::domain::cash::RegisterBalance>,
    },
    Debts {
        total: Money,
        overdue: Money,
        customers: usize,
        top: Vec<Owed>,
    },
    Payables {
        total: Money,
        top: Vec<Owed>,
    },
    Profit {
        period: Period,
        from: NaiveDate,
        to: NaiveDate,
        pnl: statements::Pnl,
    },
    Forecast {
        days: u32,
        products: Vec<ProductForecast>,
    },
}

/// A product's expected sales over the next days, in units.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProductForecast {
    pub product_id: i64,
    pub name: String,
    pub unit: String,
    pub method: String,
    pub expected: f64,
    pub lower: f64,
    pub upper: f64,
    /// The company's (or the member's branch's) reorder points, summed.
    pub reorder_point: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProductStock {
    pub product_id: i64,
    pub name: String,
    pub unit: String,
    pub total: Qty,
    pub branches: Vec<(String, Qty)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Owed {
    pub id: i64,
    pub name: String,
    pub amount: Money,
    pub overdue: Money,
}

/// Runs `tool` as `actor`. A tool the actor's role may not use is refused before it runs; the
/// core refuses what is outside the actor's branch or receipts.
pub async fn run(db: &Db, actor: &Actor, tool: &Tool) -> Result<Figures> {
    actor.require(tool.action())?;
    let today = actor.calendar(db).await?.today();
    match tool {
        Tool::SalesSummary(args) => sales(db, actor, args, today).await,
        Tool::CompareSales(args) => compare(db, actor, args, today, false).await,
        Tool::ExplainChange(args) => compare(db, actor, args, today, true).await,
        Tool::ProductSales(args) => product_sales(db, actor, args, today).await,
        Tool::SlowMovers(_) => {
            let products = lookup::slow_movers(db, actor, SLOW_DAYS, 5).await?;
            Ok(Figures::Slow { days: SLOW_DAYS, products })
        }
        Tool::LowStock(_) => {
            let (count, products) = stock::running_low(db, actor, MAX_ROWS).await?;
            Ok(Figures::LowStock { count, products })
        }
        Tool::Stock(args) => stock_of(db, actor, &args.product).await,
        Tool::Expenses(args) => {
            let period = read_period(args.period.as_deref(), Period::ThisMonth).map_err(bad)?;
            let (from, to) = period.dates(today);
            let tz = actor.calendar(db).await?;
            let until = tz.start_of(to + Days::new(1));
            let mut categories = crate::domain::expenses::by_category(db, actor, tz.start_of(from), until).await?;
            let total = Money(categories.iter().map(|c| c.1 .0).sum());
            categories.truncate(MAX_ROWS as usize);
            Ok(Figures::Expenses { period, from, to, total, categories })
        }
        Tool::Cash(_) => {
            let registers = crate::domain::cash::balances(db, actor).await?;
            let total = Money(registers.iter().map(|r| r.balance.0).sum());
            Ok(Figures::Cash { total, registers: registers.into_iter().take(MAX_ROWS as usize).collect() })
        }
        Tool::Debts(_) => {
            let debts = customers::debts(db, actor, today).await?;
            let total = Money(debts.iter().map(|d| d.customer.balance.0).sum());
            let overdue = Money(debts.iter().map(|d| d.overdue().0).sum());
            let top = debts
                .iter()
                .take(5)
                .map(|d| Owed {
                    id: d.customer.id,
                    name: d.customer.name.clone(),
                    amount: d.customer.balance,
                    overdue: d.overdue(),
                })
                .collect();
            Ok(Figures::Debts { total, overdue, customers: debts.len(), top })
        }
        Tool::Payables(_) => {
            let balances = partners::supplier_balances(db, actor).await?;
            let unnamed = partners::unnamed_owed(db, actor).await?;
            let total = Money(balances.iter().map(|b| b.owed.0).sum::<i64>() + unnamed.0);
            let top = balances
                .iter()
                .filter(|b| b.owed.0 != 0)
                .take(5)
                .map(|b| Owed { id: b.supplier.id, name: b.supplier.name.clone(), amount: b.owed, overdue: Money(0) })
                .collect();
            Ok(Figures::Payables { total, top })
        }
        Tool::Forecast(args) => forecast(db, actor, args).await,
        Tool::Profit(args) => {
            let period = read_period(args.period.as_deref(), Period::ThisMonth).map_err(bad)?;
            let (from, to) = period.dates(today);
            let pnl = statements::pnl(db, actor.company_id, from, to).await?;
            Ok(Figures::Profit { period, from, to, pnl })
        }
    }
}

async fn forecast(db: &Db, actor: &Actor, args: &ForecastArgs) -> Result<Figures> {
    use crate::domain::forecast::outlook;
    let days = args.days.unwrap_or(7);
    if !(1..=28).contains(&days) {
        return Err(bad(format!("days must be 1 to 28, not {days}")));
    }
    let outlooks = match args.product.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(name) => match catalog::search(db, actor.company_id, name, 1).await?.first() {
            Some(p) => vec![outlook::product(db, actor, p.id, None, days as usize).await?],
            None => Vec::new(),
        },
        None => outlook::top(db, actor, None, days as usize, 3).await?,
    };
    let sum = |v: &[f64]| v.iter().sum::<f64>();
    let products = outlooks
        .into_iter()
        .map(|o| ProductForecast {
            product_id: o.product_id,
            name: o.product.name.clone(),
            unit: o.product.unit.clone(),
            method: serde_json::to_value(o.forecast.method)
                .ok()
                .and_then(|m| m.as_str().map(str::to_string))
                .unwrap_or_default(),
            expected: sum(&o.forecast.forecast),
            lower: sum(&o.forecast.lower).max(0.0),
            upper: sum(&o.forecast.upper),
            reorder_point: (!o.reorder.is_empty()).then(|| o.reorder.iter().map(|r| r.reorder_point).sum()),
        })
        .collect();
    Ok(Figures::Forecast { days, products })
}

fn bad(message: String) -> Error {
    Error::Refused(Refusal::BadArgument(message))
}

/// A branch the arguments name, by name in either script; a name that is no branch is refused.
async fn branch_of(db: &Db, actor: &Actor, name: Option<&str>) -> Result<Option<i64>> {
    let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else { return Ok(None) };
    let branches = company::branches(db, actor.company_id).await?;
    let names: Vec<(i64, &str)> = branches.iter().map(|b| (b.id, b.name.as_str())).collect();
    let exact = branches.iter().find(|b| b.name.to_lowercase() == name.to_lowercase()).map(|b| b.id);
    exact.or_else(|| super::name_in(name, &names)).map(Some).ok_or_else(|| bad(format!("no branch named {name}")))
}

async fn whose(db: &Db, scope: lookup::Scope) -> Result<Whose> {
    Ok(match (scope.cashier_id, scope.branch_id) {
        (Some(_), _) => Whose::Own,
        (None, Some(branch)) => {
            let branches = company::branches(db, scope.company_id).await?;
            Whose::Branch(branches.into_iter().find(|b| b.id == branch).map(|b| b.name).unwrap_or_default())
        }
        (None, None) => Whose::Company,
    })
}

fn totals((from, to): (NaiveDate, NaiveDate), total: i64, receipts: i64) -> Totals {
    let days = (to - from).num_days() + 1;
    let average_receipt = if receipts == 0 { 0 } else { whole_som(total as i128, receipts as i128) };
    Totals { from, to, days, total, receipts, per_day: whole_som(total as i128, days.max(1) as i128), average_receipt }
}

/// `a / b` tiyin rounded to whole so‘m: averages and scaled figures are estimates, and
/// tiyin on them would claim a precision they lack.
fn whole_som(a: i128, b: i128) -> i64 {
    let so_m = b * 100;
    let rounded = if a >= 0 { (a + so_m / 2) / so_m } else { (a - so_m / 2) / so_m };
    (rounded * 100) as i64
}

fn permille(now: i64, before: i64) -> Option<i64> {
    (before != 0).then(|| ((now - before) as i128 * 1000 / (before as i128).abs()) as i64)
}

async fn sales(db: &Db, actor: &Actor, args: &Sales, today: NaiveDate) -> Result<Figures> {
    let period = read_period(args.period.as_deref(), Period::Today).map_err(bad)?;
    let branch = branch_of(db, actor, args.branch.as_deref()).await?;
    if args.cashier.is_some() || args.customer.is_some() {
        return narrowed_sales(db, actor, args, period, branch, today).await;
    }
    let (scope, summary) = lookup::summary(db, actor, branch, period).await?;
    let (_, _, units) = lookup::units_sold(db, actor, branch, period).await?;
    let now = totals(period.dates(today), summary.total, summary.receipts);
    Ok(Figures::Sales {
        whose: whose(db, scope).await?,
        period,
        change_permille: summary.change_permille(),
        previous_total: summary.previous_total,
        units,
        top: summary.top_products.into_iter().take(3).collect(),
        now,
    })
}

/// One cashier's or one customer's sales in the period, against the same days before.
async fn narrowed_sales(
    db: &Db,
    actor: &Actor,
    args: &Sales,
    period: Period,
    branch: Option<i64>,
    today: NaiveDate,
) -> Result<Figures> {
    let mut narrowed = lookup::Narrowed::default();
    let mut whose = Whose::Company;
    if let Some(name) = args.cashier.as_deref() {
        let (id, full) = member_named(db, actor, name).await?;
        narrowed.cashier_id = Some(id);
        whose = Whose::Cashier(full);
    }
    if let Some(name) = args.customer.as_deref() {
        let found = customers::find(db, actor, name, 2).await?;
        let [customer] = found.as_slice() else { return Err(bad(format!("no one customer named {name}"))) };
        narrowed.customer_id = Some(customer.id);
        whose = Whose::Customer(customer.name.clone());
    }
    let span = period.dates(today);
    let (_, total, receipts) = lookup::narrowed_totals(db, actor, branch, narrowed, span).await?;
    let (_, previous_total, _) = lookup::narrowed_totals(db, actor, branch, narrowed, before(period, span)).await?;
    Ok(Figures::Sales {
        whose,
        period,
        now: totals(span, total, receipts),
        previous_total,
        change_permille: permille(total, previous_total),
        units: Vec::new(),
        top: Vec::new(),
    })
}

/// The member of the actor's company a name names (in either script), with their full name.
async fn member_named(db: &Db, actor: &Actor, name: &str) -> Result<(i64, String)> {
    let members = company::members(db, actor.company_id).await?;
    let names: Vec<(i64, &str)> = members.iter().map(|m| (m.user_id, m.name.as_str())).collect();
    let exact = members.iter().find(|m| m.name.to_lowercase() == name.trim().to_lowercase()).map(|m| m.user_id);
    let id =
        exact.or_else(|| super::name_in(name, &names)).ok_or_else(|| bad(format!("no one member named {name}")))?;
    let full = members.iter().find(|m| m.user_id == id).map(|m| m.name.clone()).unwrap_or_default();
    Ok((id, full))
}

/// The period against the one before, per day (a month so far against a whole month is fair
/// only per day); with `why`, what made the difference.
async fn compare(db: &Db, actor: &Actor, args: &Sales, today: NaiveDate, why: bool) -> Result<Figures> {
    let period = read_period(args.period.as_deref(), Period::ThisMonth).map_err(bad)?;
    let branch = branch_of(db, actor, args.branch.as_deref()).await?;
    let span = period.dates(today);
    let earlier = before(period, span);
    let (scope, total, receipts) = lookup::totals(db, actor, branch, span).await?;
    let (_, before_total, before_receipts) = lookup::totals(db, actor, branch, earlier).await?;
    let (now, before) = (totals(span, total, receipts), totals(earlier, before_total, before_receipts));
    let change_permille = permille(now.per_day, before.per_day);
    let whose = whose(db, scope).await?;
    if !why {
        return Ok(Figures::Compare { whose, period, now, before, change_permille });
    }
    let (_, now_products) = lookup::product_totals(db, actor, branch, span, None, MAX_PRODUCTS).await?;
    let (_, before_products) = lookup::product_totals(db, actor, branch, earlier, None, MAX_PRODUCTS).await?;
    let (falls, rises) = product_changes(&now_products, &before_products, now.days, before.days);
    let branches = match branch {
        Some(_) => Vec::new(),
        None => branch_changes(db, actor, span, earlier, now.days, before.days).await?,
    };
    let receipts_per_day = |t: &Totals| t.receipts * 1000 / t.days.max(1);
    Ok(Figures::Why {
        whose,
        period,
        change_permille,
        receipts_change_permille: permille(receipts_per_day(&now), receipts_per_day(&before)),
        average_change_permille: permille(now.average_receipt, before.average_receipt),
        now,
        before,
        falls,
        rises,
        branches,
    })
}

/// The branch that fell most and the one that rose most, as [`product_changes`] weighs them.
async fn branch_changes(
    db: &Db,
    actor: &Actor,
    span: (NaiveDate, NaiveDate),
    earlier: (NaiveDate, NaiveDate),
    days_now: i64,
    days_before: i64,
) -> Result<Vec<ProductChange>> {
    let (Some(now), Some(before)) =
        (lookup::branch_totals(db, actor, span).await?, lookup::branch_totals(db, actor, earlier).await?)
    else {
        return Ok(Vec::new());
    };
    if now.len() < 2 {
        return Ok(Vec::new());
    }
    let as_rows = |rows: Vec<(i64, String, i64)>| -> Vec<TopProduct> {
        rows.into_iter()
            .map(|(id, name, total)| TopProduct { product_id: id, name, unit: String::new(), qty: 0, total })
            .collect()
    };
    let (falls, rises) = product_changes(&as_rows(now), &as_rows(before), days_now, days_before);
    Ok(falls.into_iter().take(1).chain(rises.into_iter().take(1)).collect())
}

/// The three products that fell most and the three that rose most, the earlier stretch scaled
/// to the later one's number of days.
pub fn product_changes(
    now: &[TopProduct],
    before: &[TopProduct],
    days_now: i64,
    days_before: i64,
) -> (Vec<ProductChange>, Vec<ProductChange>) {
    let mut all: std::collections::BTreeMap<i64, ProductChange> = std::collections::BTreeMap::new();
    for p in before {
        all.insert(
            p.product_id,
            ProductChange { product_id: p.product_id, name: p.name.clone(), before: p.total, now: 0, change: 0 },
        );
    }
    for p in now {
        all.entry(p.product_id)
            .or_insert(ProductChange { product_id: p.product_id, name: p.name.clone(), before: 0, now: 0, change: 0 })
            .now = p.total;
    }
    let mut changes: Vec<ProductChange> = all
        .into_values()
        .map(|mut c| {
            let scaled = whole_som(c.before as i128 * days_now as i128, days_before.max(1) as i128);
            c.change = c.now - scaled;
            c
        })
        .filter(|c| c.change != 0)
        .collect();
    changes.sort_by_key(|c| (c.change, c.product_id));
    let falls: Vec<ProductChange> = changes.iter().filter(|c| c.change < 0).take(3).cloned().collect();
    let rises: Vec<ProductChange> = changes.iter().rev().filter(|c| c.change > 0).take(3).cloned().collect();
    (falls, rises)
}

async fn product_sales(db: &Db, actor: &Actor, args: &ProductSales, today: NaiveDate) -> Result<Figures> {
    let period = read_period(args.period.as_deref(), Period::ThisMonth).map_err(bad)?;
    let branch = branch_of(db, actor, args.branch.as_deref()).await?;
    let searched = args.product.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(str::to_string);
    let ids: Option<Vec<i64>> = match &searched {
        Some(name) => Some(catalog::search(db, actor.company_id, name, MAX_ROWS).await?.iter().map(|p| p.id).collect()),
        None => None,
    };
    let (from, to) = period.dates(today);
    let (scope, products) = lookup::product_totals(db, actor, branch, (from, to), ids.as_deref(), MAX_ROWS).await?;
    Ok(Figures::Products { whose: whose(db, scope).await?, period, from, to, searched, products })
}

async fn stock_of(db: &Db, actor: &Actor, query: &str) -> Result<Figures> {
    let found = catalog::search(db, actor.company_id, query, 5).await?;
    let mut products = Vec::new();
    for product in found {
        let mut branches = stock::by_branch(db, actor.company_id, product.id).await?;
        // Branch-bound roles see their own branch's stock.
        if actor.role.needs_branch() {
            branches.retain(|b| Some(b.branch_id) == actor.branch_id);
        }
        let total = Qty(branches.iter().map(|b| b.qty.0).sum());
        products.push(ProductStock {
            product_id: product.id,
            name: product.name,
            unit: product.unit,
            total,
            branches: branches.into_iter().map(|b| (b.branch_name, b.qty)).collect(),
        });
    }
    Ok(Figures::Stock { searched: query.to_string(), products })
}
