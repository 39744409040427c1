//! `/audit [product|user|expense|sale ID] [period]`: an admin reads the activity log in chat,
//! newest first, with who did what and the fields that changed (before → after).
//!
//! ```text
//! admin: /audit product 3     bot: "Activity log — product #3"
//!                                  "21.11 14:03 · Aziz · Product edited · sale price: 12 500 so‘m → 13 000 so‘m"
//! ```

use std::collections::HashMap;

use serde_json::Value;

use super::Ctx;
use crate::domain::audit::{self, Change, Entity, Entry};
use crate::domain::calendar::CompanyTz;
use crate::domain::company;
use crate::domain::money::{Money, Qty};
use crate::domain::roles::Action;
use crate::domain::Error;
use crate::i18n::{t, Lang};
use crate::tr;

/// Entries shown in one message.
const SHOWN: i64 = 15;

pub async fn command(ctx: &Ctx, args: &str) -> Result<(), Error> {
    let member = super::require(ctx, super::commands::Access::Role(Action::ViewAudit))?.clone();
    let actor = member.actor();
    let Some((filter, label)) = parse(args, member.time_zone) else {
        ctx.say(ctx.t("audit-usage")).await?;
        return Ok(());
    };
    let entries = audit::list(&ctx.app.db, &actor, &filter).await?;
    let names = Names::of(ctx, member.company_id).await?;
    let lang = ctx.lang();
    let scope = match label {
        Some((entity, id)) => {
            format!("{} #{id}", t(lang, &format!("audit-entity-{}", entity.as_str().replace('_', "-"))))
        }
        None => t(lang, "audit-scope-all"),
    };
    let mut lines = vec![tr!(lang, "audit-title", scope = scope)];
    if entries.is_empty() {
        lines.push(t(lang, "audit-empty"));
    }
    lines.extend(entries.iter().map(|e| entry_line(lang, member.time_zone, &names, e)));
    ctx.say(lines.join("\n")).await?;
    Ok(())
}

/// `product 3 week`, `user 12`, `expense 4 2026-11-01..2026-11-15`, `month`, or nothing.
fn parse(args: &str, tz: CompanyTz) -> Option<(audit::Filter, Option<(Entity, i64)>)> {
    let mut words = args.split_whitespace().peekable();
    let mut filter = audit::Filter { limit: Some(SHOWN), ..Default::default() };
    let mut label = None;
    if let Some(entity) = words.peek().and_then(|w| Entity::parse(w)) {
        words.next();
        let id: i64 = words.next()?.trim_start_matches(['#', '№']).parse().ok()?;
        filter.entity = Some(entity);
        filter.entity_id = Some(id);
        label = Some((entity, id));
    }
    let rest: Vec<&str> = words.collect();
    if !rest.is_empty() {
        let (from, to) = crate::domain::assistant::period_in(&rest.join(" "))?.dates(tz.today());
        filter.from = Some(tz.start_of(from));
        filter.to = Some(tz.start_of(to + chrono::Days::new(1)));
    }
    Some((filter, label))
}

/// Branch and people names, so the log reads "Markaz" and "Dilnoza" rather than numbers.
struct Names {
    branches: HashMap<i64, String>,
    users: HashMap<i64, String>,
}

impl Names {
    async fn of(ctx: &Ctx, company_id: i64) -> Result<Names, Error> {
        let branches = company::branches(&ctx.app.db, company_id).await?.into_iter().map(|b| (b.id, b.name)).collect();
        let users = company::members(&ctx.app.db, company_id).await?.into_iter().map(|m| (m.user_id, m.name)).collect();
        Ok(Names { branches, users })
    }

    fn of_field(&self, name: &str, value: &Value) -> Option<String> {
        let id = value.as_i64()?;
        let found = match name {
            "branch_id" | "from_branch_id" | "to_branch_id" => self.branches.get(&id),
            "user_id" | "cashier_id" | "acts_for" => self.users.get(&id),
            _ => None,
        };
        found.cloned()
    }
}

/// Entries of the activity log as lines in the reader's language (as `/audit` shows them).
pub(super) async fn lines(ctx: &Ctx, company_id: i64, tz: CompanyTz, entries: &[Entry]) -> Result<Vec<String>, Error> {
    let names = Names::of(ctx, company_id).await?;
    Ok(entries.iter().map(|e| entry_line(ctx.lang(), tz, &names, e)).collect())
}

fn entry_line(lang: Lang, tz: CompanyTz, names: &Names, e: &Entry) -> String {
    let who = match e.actor_kind.as_str() {
        "api_key" => tr!(lang, "audit-by-key", name = e.actor_name.clone().unwrap_or_default()),
        "api_user" => tr!(lang, "audit-by-api-user", name = e.actor_name.clone().unwrap_or_default()),
        "job" => tr!(lang, "audit-by-job", name = e.actor_job.clone().unwrap_or_default()),
        "cli" => t(lang, "audit-by-cli"),
        _ => e.actor_name.clone().unwrap_or_default(),
    };
    let what = Change::parse(&e.action).map(|c| t(lang, &c.label_key())).unwrap_or_else(|| e.action.clone());
    let mut line = format!("{} · {who} · {what} #{}", tz.format(e.at, "%d.%m %H:%M"), e.entity_id);
    let changes = changes_text(lang, names, &e.changes);
    if !changes.is_empty() {
        line.push_str(&format!(": {changes}"));
    }
    line
}

/// `field: before → after` for each field (a new record shows only its values).
fn changes_text(lang: Lang, names: &Names, changes: &Value) -> String {
    let Some(fields) = changes.as_object() else { return String::new() };
    fields
        .iter()
        .map(|(name, pair)| {
            let label = field_label(lang, name);
            let value = |v: &Value| names.of_field(name, v).unwrap_or_else(|| value_text(lang, name, v));
            match (pair.get(0), pair.get(1)) {
                (Some(Value::Null) | None, Some(Value::Null)) => String::new(),
                (Some(Value::Null) | None, Some(after)) => format!("{label} {}", value(after)),
                (Some(before), Some(after)) => format!("{label} {} → {}", value(before), value(after)),
                _ => label,
            }
        })
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

fn field_label(lang: Lang, name: &str) -> String {
    let key = format!("audit-field-{}", name.replace('_', "-"));
    let label = t(lang, &key);
    if label == key {
        name.to_string()
    } else {
        label
    }
}

/// Money fields as so‘m, quantities in units, roles by name, the rest as stored.
fn value_text(lang: Lang, name: &str, value: &Value) -> String {
    const MONEY: [&str; 8] =
        ["purchase_price", "sale_price", "total", "amount", "expense_threshold", "counted", "expected", "difference"];
    match value {
        Value::Number(n) if MONEY.contains(&name) => n.as_i64().map(|v| Money(v).format(lang)).unwrap_or_default(),
        Value::Number(n) if name == "min_qty" => n.as_i64().map(|v| Qty(v).format(lang)).unwrap_or_default(),
        Value::Number(n) if name == "vat_rate_bp" => {
            n.as_i64().map(|bp| format!("{}%", Qty(bp * 10).format(lang))).unwrap_or_default()
        }
        Value::String(s) if name == "unit" => t(lang, &format!("unit-{s}")),
        Value::String(s) if name == "role" => {
            crate::domain::roles::Role::parse(s).map(|r| t(lang, r.label_key())).unwrap_or_else(|| s.clone())
        }
        Value::String(s) => {
            // Codes the log stores, in the reader's words where a message names them.
            let key = match name {
                "payment" => format!("pay-{s}"),
                "kind" => format!("cf-{s}"),
                "from" => format!("btn-from-{s}"),
                "status" | "source" => format!("audit-{name}-{s}"),
                _ => return s.clone(),
            };
            let text = t(lang, &key);
            if text == key {
                s.clone()
            } else {
                text
            }
        }
        Value::Bool(b) => t(lang, if *b { "audit-yes" } else { "audit-no" }),
        Value::Null => "—".to_string(),
        other => other.to_string(),
    }
}
